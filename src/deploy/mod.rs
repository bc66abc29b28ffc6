//! Every deployment in the repository, and which of them run a file (README, "Deployments").
//!
//! A repository often holds several deployments (compose for local runs, Heroku or Kubernetes
//! in production, sub-apps with manifests of their own), and each piece of code is judged by
//! the deployments that run it, never by one platform chosen for the whole repository:
//!
//! - [`find`] finds the start files of a directory (manifests, `Procfile`, `Dockerfile`, the
//!   Kubernetes YAML of its `k8s/` folder...). A file's deployments are declared in its own
//!   directory or above it, up to the repository's root, so only those directories are read,
//!   each once per run.
//! - [`model`] builds each deployment from a manifest's service (or a Dockerfile nothing else
//!   builds): platform, directory, image, effective start command, environment, routed port,
//!   and the files its start chain reaches.
//! - [`Workspace::deployments_of`] answers, for one file, which deployments run which part of
//!   it ([`FileDeployments`]); a file none runs is judged under the deployments whose folder
//!   holds it (the nearest), else the generic way.

pub mod find;
pub mod model;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use ignore::gitignore::Gitignore;

pub use model::{Deployment, Image, Served, Started};

use crate::catalog::platforms::Platform;
use crate::config::Settings;
use crate::facts::{DeploymentView, PortEnv, Unit};
use crate::lang::{Deployed, FileKind};
use crate::project::Projects;

/// What a run knows about the projects it lints: their modules (for following imports) and the
/// deployments that run their files. Cloning shares the caches.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    projects: Projects,
    /// The platform the config names (`platform = "fly"`) and the folder it applies to.
    configured: Option<(Platform, PathBuf)>,
    /// The settings' excludes, which no start file is read from.
    settings: Option<Arc<Settings>>,
    cache: Arc<Cache>,
}

/// A value computed once per key per run, by the first thread that asks; the others wait.
type Slots<T> = Mutex<HashMap<PathBuf, Arc<OnceLock<T>>>>;

#[derive(Debug, Default)]
struct Cache {
    /// The start files of each directory.
    start_files: Slots<Arc<Vec<PathBuf>>>,
    /// The deployments each start file declares.
    declared: Slots<Arc<Vec<Arc<Deployment>>>>,
    /// The repository of each directory.
    repositories: Mutex<HashMap<PathBuf, PathBuf>>,
}

fn slot<T>(slots: &Slots<T>, key: &Path) -> Arc<OnceLock<T>> {
    slots
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .entry(key.to_path_buf())
        .or_default()
        .clone()
}

/// How the deployments run one file.
#[derive(Debug, Default)]
pub struct FileDeployments {
    /// Each deployment that runs (a part of) the file, with how it runs it.
    pub runs: Vec<FileRun>,
    /// The parts of the file those deployments judge: the rest is judged the generic way.
    pub covered: Vec<Unit>,
    /// Parts of the file that every deployment building it replaces: they never run, and
    /// only a loopback bind written in them is reported.
    pub replaced: Vec<Unit>,
    /// For a file no deployment runs: the deployments whose folder holds it (the nearest),
    /// which it is judged under (their platform and `PORT`, no port to compare).
    pub folder: Vec<DeploymentView>,
}

/// One deployment that runs a file.
#[derive(Debug, Clone)]
pub struct FileRun {
    /// What the rules know of it; `None` for the generic judgement (a Dockerfile run with
    /// `docker run`).
    pub view: Option<DeploymentView>,
    /// For a start-command file, the part of it that runs and what it runs with.
    pub deployed: Option<Deployed>,
}

impl Workspace {
    /// The workspace of a run over `paths` (as given on the command line).
    pub fn new(paths: &[PathBuf]) -> Workspace {
        Workspace {
            projects: Projects::new(paths),
            ..Workspace::default()
        }
    }

    /// The same workspace reading start files as `settings` say: not from excluded paths, and
    /// with the platform the config names forced on every deployment of the config's folder.
    pub fn with_settings(mut self, settings: &Settings) -> Workspace {
        self.configured = settings
            .platform
            .map(|platform| (platform, self.projects.absolute(&settings.root)));
        self.settings = Some(Arc::new(settings.clone()));
        self
    }

    pub fn projects(&self) -> &Projects {
        &self.projects
    }

    fn repository_of(&self, file: &Path) -> PathBuf {
        let dir = file.parent().unwrap_or(file).to_path_buf();
        let mut known = self
            .cache
            .repositories
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        known
            .entry(dir)
            .or_insert_with(|| self.projects.repository_of(file))
            .clone()
    }

    fn configured_for(&self, dir: &Path) -> Option<Platform> {
        let (platform, folder) = self.configured.as_ref()?;
        dir.starts_with(folder).then_some(*platform)
    }

    fn is_excluded(&self, path: &Path) -> bool {
        self.settings
            .as_ref()
            .is_some_and(|settings| settings.is_excluded(path))
    }

    /// The start files of `dir` (in the repository `root`), read once.
    fn start_files(&self, root: &Path, dir: &Path) -> Arc<Vec<PathBuf>> {
        slot(&self.cache.start_files, dir)
            .get_or_init(|| {
                let ignored: Gitignore = find::gitignore_for(root, dir);
                let skip = |path: &Path| self.is_excluded(path);
                Arc::new(find::start_files_in(dir, &ignored, &skip))
            })
            .clone()
    }

    /// The directories whose start files may deploy `file`: its own and every one above it, up
    /// to the repository's root, nearest first.
    fn scope(root: &Path, file: &Path) -> Vec<PathBuf> {
        file.parent()
            .into_iter()
            .flat_map(Path::ancestors)
            .take_while(|dir| dir.starts_with(root))
            .map(Path::to_path_buf)
            .collect()
    }

    /// The deployments the start file `path` declares, built once.
    fn declared(&self, root: &Path, path: &Path) -> Arc<Vec<Arc<Deployment>>> {
        slot(&self.cache.declared, path)
            .get_or_init(|| Arc::new(self.build(root, path)))
            .clone()
    }

    fn build(&self, root: &Path, path: &Path) -> Vec<Arc<Deployment>> {
        let Some(kind) = FileKind::of(path) else {
            return Vec::new();
        };
        match find::read(path, kind, root, self.projects.display(path)) {
            Some(start) => self.build_start(root, &start),
            None => Vec::new(),
        }
    }

    /// The deployments a start file declares, from its text.
    fn build_start(&self, root: &Path, start: &find::StartFile) -> Vec<Arc<Deployment>> {
        let (path, kind) = (&start.path, start.kind);
        let display = |path: &Path| self.projects.display(path);
        let configured = |dir: &Path| self.configured_for(dir);
        let builder = model::Builder {
            root,
            display: &display,
            configured: &configured,
        };
        let deployments = if kind == FileKind::Dockerfile {
            // A Dockerfile declares a deployment of its own only when no manifest that may
            // deploy its folder builds it.
            let built = Self::scope(root, path).iter().any(|dir| {
                self.start_files(root, dir)
                    .iter()
                    .filter(|other| FileKind::of(other) != Some(FileKind::Dockerfile))
                    .any(|other| {
                        self.declared(root, other).iter().any(|deployment| {
                            deployment
                                .image
                                .as_ref()
                                .is_some_and(|image| &image.dockerfile == path)
                        })
                    })
            });
            if built {
                Vec::new()
            } else {
                builder.docker_run(start).into_iter().collect()
            }
        } else {
            let siblings = path
                .parent()
                .map(|dir| self.start_files(root, dir))
                .unwrap_or_default();
            let mut deployments = builder.manifest(start, &siblings);
            for deployment in &mut deployments {
                if let Some(platform) = self.configured_for(&deployment.dir) {
                    deployment.platform = Some(platform);
                }
            }
            deployments
        };
        deployments.into_iter().map(Arc::new).collect()
    }

    /// Every deployment that may run `file` (absolute): those declared in its directory and
    /// above, nearest first. `text` is the file's text when it is not what the disk holds (an
    /// editor's buffer, standard input): a start file's own deployments are read from it.
    pub fn candidates(&self, file: &Path, text: Option<&str>) -> Vec<Arc<Deployment>> {
        let root = self.repository_of(file);
        let mut all = Vec::new();
        let own = text.and_then(|text| {
            let kind = FileKind::of(file)?;
            find::declares_deployments(file, kind).then(|| find::StartFile {
                path: file.to_path_buf(),
                kind,
                file: Arc::new(crate::source::OtherFile {
                    path: self.projects.display(file),
                    text: text.into(),
                }),
            })
        });
        if let Some(own) = &own {
            all.extend(self.build_start(&root, own));
        }
        for dir in Self::scope(&root, file) {
            for start in self.start_files(&root, &dir).iter() {
                if own.is_none() || start != file {
                    all.extend(self.declared(&root, start).iter().cloned());
                }
            }
        }
        all
    }

    /// How the deployments run `file` (absolute), whose text is `text` when it is not what the
    /// disk holds.
    pub fn deployments_of(&self, file: &Path, text: Option<&str>) -> FileDeployments {
        let candidates = self.candidates(file, text);
        let mut answer = FileDeployments::default();
        let mut replaced: Vec<Unit> = Vec::new();
        for deployment in &candidates {
            for started in deployment.files.iter().filter(|s| s.path == file) {
                if started.replaced {
                    replaced.push(started.covers.clone());
                    continue;
                }
                answer.covered.push(started.covers.clone());
                answer.runs.push(FileRun {
                    view: deployment.view(started),
                    deployed: started.deployed.clone(),
                });
            }
        }
        answer.replaced = replaced
            .into_iter()
            .filter(|unit| !answer.covered.contains(unit))
            .collect();
        if answer.runs.is_empty() && answer.replaced.is_empty() {
            answer.folder = self.folder_views(file, &candidates);
        }
        answer
    }

    /// The views of the deployments whose folder holds `file`: the nearest folder's; else the
    /// platform the config names. A folder holds the files of its own project, not those of a
    /// project inside it (a sub-app with its own `package.json` is deployed on its own).
    fn folder_views(&self, file: &Path, candidates: &[Arc<Deployment>]) -> Vec<DeploymentView> {
        let project = self.projects.root_of(file);
        let holding = candidates.iter().filter(|deployment| {
            file.starts_with(&deployment.dir) && deployment.dir.starts_with(&project)
        });
        let nearest = holding
            .clone()
            .map(|deployment| deployment.dir.components().count())
            .max();
        let mut views: Vec<DeploymentView> = holding
            .filter(|deployment| Some(deployment.dir.components().count()) == nearest)
            .filter_map(|deployment| deployment.folder_view())
            .collect();
        views.dedup();
        if views.is_empty() {
            if let Some(platform) = file.parent().and_then(|dir| self.configured_for(dir)) {
                views.push(DeploymentView {
                    platform,
                    port_env: match platform.facts().routing {
                        crate::catalog::platforms::Routing::Declared => PortEnv::Unset,
                        _ => PortEnv::Set(None),
                    },
                    declared: None,
                    name: "the platform the config names".to_string(),
                    place: None,
                });
            }
        }
        views
    }

    /// Whether a deployment's server reads `file` (absolute) as its config (`gunicorn -c`).
    pub fn is_server_config(&self, file: &Path) -> bool {
        self.candidates(file, None).iter().any(|deployment| {
            deployment
                .files
                .iter()
                .any(|started| started.server_config && started.path == file)
        })
    }

    /// What serves `file` (absolute) through a production server, unless a deployment also
    /// runs it directly (then its `__main__` block runs).
    pub fn serving(&self, file: &Path) -> Option<Served> {
        let candidates = self.candidates(file, None);
        if candidates
            .iter()
            .any(|deployment| deployment.run_directly.iter().any(|run| run == file))
        {
            return None;
        }
        candidates
            .iter()
            .flat_map(|deployment| &deployment.served)
            .find(|served| served.file == file)
            .cloned()
    }

    /// Every deployment declared under `paths` (directories walked as a run walks them; files
    /// named are read if they are start files), each once, in path order.
    pub fn all_under(&self, paths: &[PathBuf]) -> Result<Vec<Arc<Deployment>>, String> {
        let default = Settings::default();
        let settings = self.settings.as_deref().unwrap_or(&default);
        let discovery = crate::walk::discover(paths, settings);
        if let Some(missing) = discovery.missing.first() {
            return Err(format!("{missing}: no such file or directory"));
        }
        let mut seen = std::collections::HashSet::new();
        let mut all = Vec::new();
        for candidate in &discovery.candidates {
            let path = self.projects.absolute(&candidate.path);
            if !find::declares_deployments(&path, candidate.kind) {
                continue;
            }
            let root = self.repository_of(&path);
            for deployment in self.declared(&root, &path).iter() {
                let key = (deployment.manifest.clone(), deployment.name.clone());
                if seen.insert(key) {
                    all.push(deployment.clone());
                }
            }
        }
        Ok(all)
    }
}
