//! How a project is started and where: its start commands (the Procfile's `web:` process, the
//! Dockerfile's `CMD`/`ENTRYPOINT`, a platform manifest's commands), what they serve or run,
//! and the platform the project targets (README, "Platforms").
//!
//! - A Python module a production server imports (`gunicorn app:app`) never runs its `if
//!   __name__ == "__main__":` block in the deployment, so the server starts there are local
//!   development (SPEC.md, "Dev-only server starts").
//! - The platform is the first in [`PLATFORM_ORDER`] whose manifest is at the root, unless the
//!   config names one. The files it starts (its manifest, the Dockerfiles it builds, the scripts
//!   their commands run, `package.json` for `npm start`) are judged against the port it routes
//!   to (BL401); every file of the project learns whether `PORT` is set there.
//!
//! Each project root's deployment is read once per run, on the first file that asks, from the
//! files at the root, with the same front ends that lint them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::catalog::platforms::{Platform, Routing};
use crate::facts::{Declared, FileFacts, PlatformView, PortEnv, Run, RunTarget};
use crate::lang::{FileKind, ManifestKind};
use crate::project::Projects;
use crate::source::{clean, OtherFile};

/// The files at a project's root that say how it starts, in the order that picks its platform:
/// the first whose manifest names a platform wins (a `Procfile` means Heroku). Kubernetes and
/// Knative manifests come next (from [`KUBERNETES_DIRS`]), compose files last: a project that
/// deploys to a platform often keeps a compose file for local runs.
pub const PLATFORM_ORDER: &[&str] = &[
    "fly.toml",
    "render.yaml",
    "render.yml",
    ".do/app.yaml",
    ".do/app.yml",
    ".do/deploy.template.yaml",
    "app.yaml",
    "app.yml",
    "railway.json",
    "railway.toml",
    "heroku.yml",
    "heroku.yaml",
    "Procfile",
];

/// Files read for their start commands that name no platform of their own.
const OTHER_START_FILES: &[&str] = &["nixpacks.toml", "nixpacks.json"];

/// Where Kubernetes and Knative manifests are looked for (their `*.yaml` / `*.yml`).
pub const KUBERNETES_DIRS: &[&str] = &[".", "k8s", "kubernetes", "deploy", "manifests"];

/// Compose files, in the order `docker compose` looks for them.
pub const COMPOSE_FILES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yaml",
    "docker-compose.yml",
];

/// The Dockerfiles built when no manifest names one.
const DEFAULT_DOCKERFILES: &[&str] = &["Dockerfile", "Containerfile"];

/// The largest start-command file read (they are a few lines long).
const MAX_START_FILE: u64 = 256 * 1024;

/// How many YAML files of a Kubernetes directory are read, at most.
const MAX_KUBERNETES_FILES: usize = 64;

/// What a run knows about the projects it lints: their modules (for following imports) and how
/// each is started. Cloning shares the caches.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    projects: Projects,
    /// The platform the config names (`platform = "fly"`), over any detected one.
    platform: Option<Platform>,
    deployments: Arc<Mutex<HashMap<PathBuf, Arc<Deployment>>>>,
}

impl Workspace {
    /// The workspace of a run over `paths` (as given on the command line).
    pub fn new(paths: &[PathBuf]) -> Workspace {
        Workspace {
            projects: Projects::new(paths),
            platform: None,
            deployments: Arc::default(),
        }
    }

    /// The same workspace, its projects deployed to `platform` whatever their manifests say.
    pub fn with_platform(mut self, platform: Option<Platform>) -> Workspace {
        self.platform = platform;
        self
    }

    pub fn projects(&self) -> &Projects {
        &self.projects
    }

    /// How the project of `file` (absolute) is started.
    pub fn deployment_of(&self, file: &Path) -> Arc<Deployment> {
        let root = self.projects.root_of(file);
        let mut deployments = self
            .deployments
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        deployments
            .entry(root.clone())
            .or_insert_with(|| Arc::new(Deployment::read(&root, &self.projects, self.platform)))
            .clone()
    }
}

/// A Python module a production server serves, and what serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub file: PathBuf,
    /// The server and the command that names it: `gunicorn (Procfile:1)`.
    pub by: String,
}

/// The platform a project targets, and what it routes to.
#[derive(Debug, Clone)]
pub struct Target {
    pub platform: Platform,
    /// Whether `PORT` is set for the app, whatever file starts it.
    pub port_env: PortEnv,
    /// The port it routes to, placed in its manifest.
    pub routed: Option<Declared>,
    /// The manifest that declares it (`None` for a configured platform without one).
    pub manifest: Option<PathBuf>,
}

/// How one project is started.
#[derive(Debug, Default)]
pub struct Deployment {
    pub root: PathBuf,
    /// Modules a production server imports.
    pub served: Vec<Served>,
    /// Files a start command runs directly (`python app.py`): their `__main__` block runs.
    pub run_directly: Vec<PathBuf>,
    pub target: Option<Target>,
    /// The files the platform starts, with the `PORT` the command that runs each sets.
    pub started: Vec<(PathBuf, Option<PortEnv>)>,
}

/// A start-command file read at the root.
struct StartFile {
    path: PathBuf,
    text: Arc<str>,
    facts: FileFacts,
}

impl Deployment {
    /// Reads the start commands at `root`. Files that are missing, too large, unreadable or
    /// broken start nothing; the lint of the file itself reports what is wrong with it.
    pub fn read(root: &Path, projects: &Projects, configured: Option<Platform>) -> Deployment {
        let mut deployment = Deployment {
            root: root.to_path_buf(),
            ..Deployment::default()
        };
        let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let read = |path: PathBuf| read_start_file(path, &canonical_root);
        let mut manifests: Vec<StartFile> = PLATFORM_ORDER
            .iter()
            .chain(OTHER_START_FILES)
            .filter_map(|name| read(root.join(name)))
            .collect();
        manifests.extend(kubernetes_files(root).into_iter().filter_map(read));
        manifests.extend(
            COMPOSE_FILES
                .iter()
                .filter_map(|name| read(root.join(name))),
        );

        let detected = manifests
            .iter()
            .find_map(|file| match &file.facts.manifest {
                Some(manifest) => manifest.platform,
                None if file.path.ends_with("Procfile") => Some(Platform::Heroku),
                None => None,
            });
        let platform = configured.or(detected);
        // The manifest of the chosen platform: what it routes to, and which Dockerfiles it builds.
        let manifest = manifests.iter().find(|file| {
            platform.is_some() && file.facts.manifest.as_ref().and_then(|m| m.platform) == platform
        });
        let mut dockerfiles: Vec<PathBuf> = manifest
            .and_then(|file| file.facts.manifest.as_ref())
            .map(|m| {
                m.dockerfiles
                    .iter()
                    .map(|dockerfile| clean(&root.join(dockerfile)))
                    .collect()
            })
            .unwrap_or_default();
        if dockerfiles.is_empty() {
            dockerfiles = DEFAULT_DOCKERFILES.iter().map(|n| root.join(n)).collect();
        }
        let built: Vec<StartFile> = dockerfiles
            .into_iter()
            .filter(|path| path.starts_with(root))
            .filter_map(read)
            .collect();

        if let Some(platform) = platform {
            let manifest_facts = manifest.and_then(|file| file.facts.manifest.as_ref());
            let routed = manifest_facts
                .and_then(|m| m.routed.clone())
                .map(|mut declared| {
                    if let Some(file) = manifest {
                        declared.place.file = Some(Arc::new(OtherFile {
                            path: projects.display(&file.path),
                            text: file.text.clone(),
                        }));
                    }
                    declared
                });
            let port_env = match (platform.facts().routing, &routed) {
                (_, Some(declared)) if declared.port_env.is_some() => {
                    PortEnv::Set(declared.port_env)
                }
                (Routing::Declared, _) => match manifest_facts.and_then(|m| m.port_env.as_ref()) {
                    Some(port) => PortEnv::Set(Some(port.port)),
                    None => PortEnv::Unset,
                },
                _ => PortEnv::Set(None),
            };
            deployment.target = Some(Target {
                platform,
                port_env,
                routed,
                manifest: manifest.map(|file| file.path.clone()),
            });
        }

        let mut package_scripts = false;
        for file in manifests.iter().chain(&built) {
            let linked = match &file.facts.manifest {
                // Another platform's manifest (a compose file beside fly.toml) starts its own.
                Some(manifest) => manifest.platform.is_none() || manifest.platform == platform,
                None => true,
            };
            deployment.record(root, file, projects, linked);
            package_scripts |= linked
                && file
                    .facts
                    .runs
                    .iter()
                    .any(|run| matches!(run.target, RunTarget::PackageScript(_)));
        }
        if package_scripts {
            // `npm start`: package.json's start script runs, and what it runs in turn.
            if let Some(package) = read(root.join("package.json")) {
                deployment.record(root, &package, projects, true);
            }
        }
        deployment
    }

    /// Records what one start-command file serves and runs; a `linked` file is started by the
    /// platform, and so is what it runs.
    fn record(&mut self, root: &Path, file: &StartFile, projects: &Projects, linked: bool) {
        let StartFile { path, text, facts } = file;
        let cited = OtherFile {
            path: projects.display(path),
            text: text.clone(),
        };
        for app in &facts.served_apps {
            let dir = match &app.dir {
                Some(dir) => clean(&root.join(dir)),
                None => root.to_path_buf(),
            };
            let by = format!("{} ({})", app.server, cited.cite(app.span.start));
            self.served
                .extend(module_files(&dir, &app.module).map(|file| Served {
                    file,
                    by: by.clone(),
                }));
        }
        if linked {
            self.started.push((path.clone(), None));
        }
        for Run { target, port_env } in &facts.runs {
            let files: Vec<PathBuf> = match target {
                RunTarget::Script(script) => vec![clean(&root.join(script))],
                RunTarget::Module(name) => module_files(root, name).collect(),
                RunTarget::PackageScript(_) => continue,
            };
            if linked {
                self.started
                    .extend(files.iter().map(|file| (file.clone(), *port_env)));
            }
            self.run_directly.extend(files);
        }
    }

    /// What serves `file` (absolute) through a production server, unless a start command also
    /// runs it directly.
    pub fn serving(&self, file: &Path) -> Option<&Served> {
        if self.run_directly.iter().any(|run| run == file) {
            return None;
        }
        self.served.iter().find(|served| served.file == file)
    }

    /// What the rules know of the platform `file` (absolute) is deployed to: the port it must
    /// listen on when the platform starts it, and whether `PORT` is set. `None` without a
    /// platform: the generic judgement applies.
    pub fn view(&self, file: &Path) -> Option<PlatformView> {
        let target = self.target.as_ref()?;
        let started = self.started.iter().find(|(path, _)| path == file);
        let declared = started.and(target.routed.clone()).map(|mut declared| {
            if target.manifest.as_deref() == Some(file) {
                // The manifest itself: its place is in the linted file.
                declared.place.file = None;
            }
            declared
        });
        Some(PlatformView {
            platform: target.platform,
            port_env: started.and_then(|(_, set)| *set).unwrap_or(target.port_env),
            declared,
        })
    }
}

/// Reads one start-command file with the front end that lints it, if it is one, small,
/// readable, and inside the project (a symbolic link out of it is not followed).
fn read_start_file(path: PathBuf, canonical_root: &Path) -> Option<StartFile> {
    let kind = FileKind::of(&path)?;
    let small = std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_START_FILE);
    if !small || !path.canonicalize().ok()?.starts_with(canonical_root) {
        return None;
    }
    let text = std::fs::read_to_string(&path).ok()?;
    if kind == FileKind::Manifest(ManifestKind::Yaml)
        && !crate::lang::manifest::may_be_kubernetes(&text)
    {
        return None;
    }
    let extracted = crate::lang::extract(kind, &text, None)?;
    Some(StartFile {
        path,
        text: text.into(),
        facts: extracted.facts,
    })
}

/// The YAML files of the Kubernetes directories, sorted, a bounded number of each.
fn kubernetes_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in KUBERNETES_DIRS {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut found: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| FileKind::of(path) == Some(FileKind::Manifest(ManifestKind::Yaml)))
            .collect();
        found.sort();
        files.extend(found.into_iter().take(MAX_KUBERNETES_FILES));
    }
    files
}

/// The files a dotted module may be under `dir`: `a/b.py` and `a/b/__init__.py`.
fn module_files(dir: &Path, module: &str) -> impl Iterator<Item = PathBuf> {
    let relative: PathBuf = module.split('.').filter(|s| !s.is_empty()).collect();
    let base = dir.join(relative);
    [base.with_extension("py"), base.join("__init__.py")].into_iter()
}
