//! One deployment: a manifest's service or process (or a Dockerfile nothing else builds), with
//! its platform, the directory it deploys, its image, its effective start command under the
//! platform's override rules, its environment and routing, and every file its start chain
//! reaches (README, "Deployments").
//!
//! The start chain is followed the way the commands run: the effective command (the
//! manifest's own, or the image's `CMD`/`ENTRYPOINT` the manifest keeps) is judged with the
//! deployment's environment; what it runs (`python app.py`, `npm start`, `sh entrypoint.sh`,
//! `gunicorn -c gunicorn.conf.py`) is read in turn with the same front ends, bounded in depth
//! and never twice.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::find::{self, StartFile};
use crate::catalog::platforms::{Platform, Routing};
use crate::facts::{Declared, DeploymentView, FileFacts, PortEnv, RunTarget, Unit};
use crate::files::clean;
use crate::finding::Related;
use crate::lang::dockerfile::{self, StageInfo};
use crate::lang::manifest::{self, Replaces, Service};
use crate::lang::shell::Word;
use crate::lang::{Deployed, FileKind, ForeignVar, ManifestKind};
use crate::source::OtherFile;

/// How deep a start chain is followed (a command runs a script that runs `npm start`...).
const MAX_CHAIN: usize = 8;

/// How many files one deployment's start chain may reach.
const MAX_CHAIN_FILES: usize = 64;

/// A Python module a production server serves, and what serves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Served {
    pub file: PathBuf,
    /// The server and the command that names it: `gunicorn (Procfile:1)`.
    pub by: String,
}

/// The image a deployment builds from the project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub dockerfile: PathBuf,
    /// The stage built: its name, or its position when it has none.
    pub stage: String,
}

/// A file a deployment's start chain reaches, and how it runs there.
#[derive(Debug, Clone)]
pub struct Started {
    pub path: PathBuf,
    /// For a start-command file, the part of it that runs and what it runs with; `None` for
    /// source code (judged whole).
    pub deployed: Option<Deployed>,
    /// The part of the file this deployment judges ([`Unit::File`] for all of it).
    pub covers: Unit,
    /// The deployment replaces that part (a `CMD` its manifest overrides): it never runs here.
    pub replaced: bool,
    /// What `PORT` is for the file (a command may set it: `PORT=3000 node server.js`).
    pub port_env: PortEnv,
    /// The file starts what the platform routes to (a command runs it), so its server's port
    /// is compared with the routed one; a module a server imports is not (the server listens).
    pub routed: bool,
    /// The server reads it as its config file (`gunicorn -c conf.py`).
    pub server_config: bool,
}

/// One deployment.
#[derive(Debug, Clone)]
pub struct Deployment {
    /// `None`: a Dockerfile run with `docker run`, judged the generic way.
    pub platform: Option<Platform>,
    /// What the manifest calls it (`compose service`) and its name there (`web`).
    pub noun: &'static str,
    pub name: String,
    /// The file that declares it, and where in it.
    pub manifest: PathBuf,
    pub manifest_file: Arc<OtherFile>,
    pub at: crate::source::Span,
    /// The directory it deploys.
    pub dir: PathBuf,
    pub image: Option<Image>,
    /// The command it starts, as written, and where it is written (`Dockerfile:7`).
    pub command: Option<String>,
    pub command_from: Option<String>,
    /// The port its platform routes to, placed in its manifest.
    pub routed: Option<Declared>,
    /// Whether `PORT` is set for the app.
    pub port_env: PortEnv,
    /// The variables it sets (the manifest's over the image's), as the files it runs see them.
    pub env: Vec<ForeignVar>,
    /// Every file its start chain reaches, in order.
    pub files: Vec<Started>,
    /// Python modules a production server imports.
    pub served: Vec<Served>,
    /// Files a command runs directly (`python app.py`): their `__main__` block runs.
    pub run_directly: Vec<PathBuf>,
}

impl Deployment {
    /// How messages name it: `` compose service `web` ``.
    pub fn title(&self) -> String {
        format!("{} `{}`", self.noun, self.name)
    }

    /// `docker-compose.yml:3`.
    pub fn cited(&self) -> String {
        self.manifest_file.cite(self.at.start)
    }

    /// What the rules know of it for `started` (one of its files), or `None` for the generic
    /// judgement (no platform).
    pub fn view(&self, started: &Started) -> Option<DeploymentView> {
        let platform = self.platform?;
        let here = started.path == self.manifest;
        let declared = self
            .routed
            .clone()
            .filter(|_| started.routed)
            .map(|mut declared| {
                if here {
                    declared.place.file = None;
                }
                declared
            });
        Some(DeploymentView {
            platform,
            port_env: started.port_env,
            declared,
            name: self.title(),
            place: (!here).then(|| Related {
                span: self.at.clone(),
                label: format!("deployed by {}", self.title()),
                file: Some(self.manifest_file.clone()),
            }),
        })
    }

    /// The view of a file the deployment's folder holds but its start chain does not reach:
    /// its platform and `PORT`, with no port to compare.
    pub fn folder_view(&self) -> Option<DeploymentView> {
        let platform = self.platform?;
        Some(DeploymentView {
            platform,
            port_env: self.port_env,
            declared: None,
            name: self.title(),
            place: Some(Related {
                span: self.at.clone(),
                label: format!("its folder is deployed by {}", self.title()),
                file: Some(self.manifest_file.clone()),
            }),
        })
    }
}

/// What building a deployment needs from the workspace.
pub struct Builder<'w> {
    /// The repository: nothing outside it is read.
    pub root: &'w Path,
    /// How a path is shown.
    pub display: &'w dyn Fn(&Path) -> String,
    /// The platform the config names for a directory, over what its manifests say.
    pub configured: &'w dyn Fn(&Path) -> Option<Platform>,
}

impl Builder<'_> {
    fn read(&self, path: &Path, kind: FileKind) -> Option<StartFile> {
        find::read(path, kind, self.root, (self.display)(path))
    }

    /// The deployments a manifest declares (a `Procfile`'s `web:` process, each compose
    /// service...). `siblings` are the start files of the manifest's directory (a `heroku.yml`
    /// beside a `Procfile` replaces it).
    pub fn manifest(&self, start: &StartFile, siblings: &[PathBuf]) -> Vec<Deployment> {
        let dir = start.path.parent().unwrap_or(self.root).to_path_buf();
        let beside = |name: &str| {
            siblings
                .iter()
                .any(|path| path.ends_with(name) && path.parent() == Some(&dir))
        };
        match start.kind {
            FileKind::Procfile => {
                if beside("heroku.yml") || beside("heroku.yaml") {
                    // "heroku.yml's run is used instead of your Procfiles".
                    return Vec::new();
                }
                let at = procfile_web(&start.file.text);
                let line = start.file.text.get(at.clone()).unwrap_or("");
                let command = line
                    .split_once(':')
                    .map(|(_, command)| command.trim().to_string());
                let service = Service {
                    name: "web".to_string(),
                    noun: "Procfile process",
                    at,
                    platform: Some(Platform::Heroku),
                    dir: None,
                    image: None,
                    replaces: Some(Replaces {
                        cmd: true,
                        entrypoint: true,
                    }),
                    command_text: command,
                    env: Vec::new(),
                    routed: None,
                    builds: true,
                };
                self.service(start, &dir, service, Unit::File)
                    .into_iter()
                    .collect()
            }
            FileKind::Manifest(kind) => {
                let base = match kind {
                    // `.do/app.yaml` describes the repository it sits in.
                    ManifestKind::DigitalOcean => dir.parent().unwrap_or(&dir).to_path_buf(),
                    _ => dir.clone(),
                };
                let railway_beside = beside("railway.json") || beside("railway.toml");
                let mut services = manifest::services(kind, &start.file.text);
                if kind == ManifestKind::Nixpacks {
                    for service in &mut services {
                        service.platform = railway_beside.then_some(Platform::Railway);
                    }
                }
                let implicit_gunicorn = kind == ManifestKind::AppEngine
                    && manifest::implicit_gunicorn(&start.file.text);
                services
                    .into_iter()
                    .filter_map(|service| {
                        let unit = Unit::Service(service.name.clone());
                        let mut deployment = self.service(start, &base, service, unit)?;
                        if implicit_gunicorn {
                            // App Engine runs gunicorn on `main:app` without an entrypoint.
                            let by = format!(
                                "gunicorn ({}: App Engine's default entrypoint)",
                                deployment.cited()
                            );
                            deployment
                                .served
                                .extend(module_files(&deployment.dir, "main").map(|file| Served {
                                    file,
                                    by: by.clone(),
                                }));
                        }
                        Some(deployment)
                    })
                    .collect()
            }
            _ => Vec::new(),
        }
    }

    /// The deployment of a Dockerfile that nothing else builds: `docker run` of its last stage.
    pub fn docker_run(&self, start: &StartFile) -> Option<Deployment> {
        let dir = start.path.parent()?.to_path_buf();
        let stages = dockerfile::stages(&start.file.text);
        let (index, stage) = stages.iter().enumerate().next_back()?;
        let platform = (self.configured)(&dir);
        let mut deployment = Deployment {
            platform,
            noun: "Dockerfile",
            name: start.file.path.clone(),
            manifest: start.path.clone(),
            manifest_file: start.file.clone(),
            at: stage.command_at.map_or(0..0, |at| at..at),
            dir: dir.clone(),
            image: Some(Image {
                dockerfile: start.path.clone(),
                stage: stage_name(stage, index),
            }),
            command: stage.command_text.clone(),
            command_from: stage.command_at.map(|at| start.file.cite(at)),
            routed: None,
            port_env: PortEnv::Set(None),
            env: Vec::new(),
            files: Vec::new(),
            served: Vec::new(),
            run_directly: Vec::new(),
        };
        deployment.env = image_env(stage, &start.file);
        deployment.port_env = port_env(platform, None, &deployment.env);
        let deployed = self.deployed(&deployment, Unit::Stage(index), Vec::new(), Vec::new());
        self.follow_from(
            &mut deployment,
            start,
            stage.command.clone(),
            deployed,
            &dir,
        );
        Some(deployment)
    }

    /// A deployment of one service of `start` (a manifest), whose paths are relative to `base`.
    fn service(
        &self,
        start: &StartFile,
        base: &Path,
        service: Service,
        unit: Unit,
    ) -> Option<Deployment> {
        let mut dir = clean(&base.join(service.dir.as_deref().unwrap_or(".")));
        if !dir.starts_with(self.root) {
            // A `rootDir` that leaves the repository deploys nothing bindlint may read.
            return None;
        }
        // The image: the Dockerfile the manifest names (fly.toml's default one only if it is
        // there); a Kubernetes container's is the nearest Dockerfile above the manifest.
        let image_path = match &service.image {
            Some(image) => {
                let path = clean(&base.join(&image.dockerfile));
                (path.starts_with(self.root) && (image.named || path.is_file())).then_some(path)
            }
            None if matches!(
                service.platform,
                Some(Platform::Kubernetes | Platform::CloudRun)
            ) =>
            {
                nearest_dockerfile(base, self.root)
            }
            None => None,
        };
        if service.image.is_none() && image_path.is_some() {
            // A Kubernetes container runs what its image's build context holds.
            dir = image_path.as_ref()?.parent()?.to_path_buf();
        } else if service.dir.is_none()
            && matches!(
                service.platform,
                Some(Platform::Kubernetes | Platform::CloudRun)
            )
        {
            // `k8s/deployment.yaml` deploys the folder the `k8s/` folder is in.
            let in_deploy_dir = base
                .file_name()
                .is_some_and(|name| find::DEPLOY_DIRS.iter().any(|d| name == *d));
            if in_deploy_dir {
                dir = base.parent().unwrap_or(base).to_path_buf();
            }
        }
        let image_file = image_path
            .as_ref()
            .and_then(|path| self.read(path, FileKind::Dockerfile));
        let stages = image_file
            .as_ref()
            .map(|file| dockerfile::stages(&file.file.text))
            .unwrap_or_default();
        let target = service
            .image
            .as_ref()
            .and_then(|image| image.target.as_deref());
        let stage = match target {
            Some(target) => stages.iter().enumerate().find(|(_, stage)| {
                stage
                    .name
                    .as_deref()
                    .is_some_and(|name| name.eq_ignore_ascii_case(target))
            }),
            None => stages.iter().enumerate().next_back(),
        };
        let platform = (self.configured)(&dir).or(service.platform);
        let manifest_env: Vec<ForeignVar> = service
            .env
            .iter()
            .map(|(name, value)| ForeignVar {
                name: name.clone(),
                value: value.clone(),
                file: start.file.clone(),
            })
            .collect();
        let image_vars = match (&image_file, stage) {
            (Some(file), Some((_, stage))) => image_env(stage, &file.file),
            _ => Vec::new(),
        };
        // The manifest's variables over the image's, as what the deployment runs sees them.
        let mut env = image_vars.clone();
        env.extend(manifest_env.iter().cloned());
        let routed = service.routed.clone().map(|mut declared| {
            declared.place.file = Some(start.file.clone());
            declared
        });
        let (command, command_from) = match (&service.replaces, &service.command_text, stage) {
            (Some(_), Some(text), _) => {
                (Some(text.clone()), Some(start.file.cite(service.at.start)))
            }
            (None, _, Some((_, stage))) => (
                stage.command_text.clone(),
                stage
                    .command_at
                    .zip(image_file.as_ref())
                    .map(|(at, file)| file.file.cite(at)),
            ),
            (Some(_), None, _) => (
                start
                    .file
                    .text
                    .get(service.at.clone())
                    .map(|line| line.trim().to_string()),
                Some(start.file.cite(service.at.start)),
            ),
            _ => (None, None),
        };
        let mut deployment = Deployment {
            platform,
            noun: service.noun,
            name: service.name.clone(),
            manifest: start.path.clone(),
            manifest_file: start.file.clone(),
            at: service.at.clone(),
            dir: dir.clone(),
            image: image_path
                .clone()
                .zip(stage)
                .map(|(dockerfile, (index, stage))| Image {
                    dockerfile,
                    stage: stage_name(stage, index),
                }),
            command: command.map(|text| text.split_whitespace().collect::<Vec<_>>().join(" ")),
            command_from,
            port_env: port_env(platform, routed.as_ref(), &env),
            routed,
            env,
            files: Vec::new(),
            served: Vec::new(),
            run_directly: Vec::new(),
        };
        let runs_image_command = service.replaces.is_none();
        match (&image_file, stage) {
            (Some(file), Some((index, stage))) if runs_image_command => {
                // The manifest is linked (its own facts, such as `[env] PORT`, are judged
                // under it), and the image's command runs with the manifest's variables.
                deployment.files.push(Started {
                    path: start.path.clone(),
                    deployed: Some(self.deployed(&deployment, unit, Vec::new(), image_vars)),
                    covers: Unit::Service(service.name.clone()),
                    replaced: false,
                    port_env: deployment.port_env,
                    routed: true,
                    server_config: false,
                });
                let deployed =
                    self.deployed(&deployment, Unit::Stage(index), manifest_env, Vec::new());
                self.follow_from(&mut deployment, file, stage.command.clone(), deployed, &dir);
            }
            _ => {
                if let (Some(file), Some((_, stage))) = (&image_file, stage) {
                    deployment.files.push(Started {
                        path: file.path.clone(),
                        deployed: None,
                        covers: stage.command.clone(),
                        replaced: true,
                        port_env: deployment.port_env,
                        routed: true,
                        server_config: false,
                    });
                }
                let keeps_entrypoint = service.replaces.is_some_and(|r| !r.entrypoint);
                let entrypoint: Vec<Word> = match stage {
                    Some((_, stage)) if keeps_entrypoint => stage.entrypoint.clone(),
                    _ => Vec::new(),
                };
                let mut deployed = self.deployed(&deployment, unit.clone(), Vec::new(), image_vars);
                deployed.entrypoint = entrypoint;
                let covers = unit;
                self.follow_from(&mut deployment, start, covers, deployed, &dir);
            }
        }
        // A compose service that builds nothing and whose command runs nothing of the project
        // (`image: postgres`) is not a deployment of the project's code.
        let runs_code = service.builds
            || deployment.files.len() > 1
            || !deployment.served.is_empty()
            || deployment
                .files
                .first()
                .is_some_and(|first| first.covers != Unit::File && self.judges_something(first));
        runs_code.then_some(deployment)
    }

    /// Whether a start file's part holds a server start (a compose service's `command:` that
    /// runs `python -m http.server`).
    fn judges_something(&self, started: &Started) -> bool {
        let Some(file) =
            FileKind::of(&started.path).and_then(|kind| self.read(&started.path, kind))
        else {
            return false;
        };
        crate::lang::extract(file.kind, &file.file.text, None, started.deployed.as_ref())
            .is_some_and(|extracted| {
                let starts = &extracted.facts.server_starts;
                starts
                    .iter()
                    .any(|start| !crate::rules::is_local_fallback(start))
            })
    }

    /// How the deployment runs a start-command file.
    fn deployed(
        &self,
        deployment: &Deployment,
        unit: Unit,
        over: Vec<ForeignVar>,
        under: Vec<ForeignVar>,
    ) -> Deployed {
        Deployed {
            unit,
            env_over: over,
            env_under: under,
            entrypoint: Vec::new(),
            script_args: Vec::new(),
            gunicorn_config: deployment.dir.join("gunicorn.conf.py").is_file(),
            port_unset: deployment.port_env == PortEnv::Unset,
        }
    }

    /// Links `start` (the part `covers` of it, run as `deployed`) and follows what it runs.
    fn follow_from(
        &self,
        deployment: &mut Deployment,
        start: &StartFile,
        covers: Unit,
        deployed: Deployed,
        dir: &Path,
    ) {
        let mut seen = HashSet::new();
        self.follow(deployment, start, covers, deployed, dir, 0, &mut seen);
    }

    #[allow(clippy::too_many_arguments)]
    fn follow(
        &self,
        deployment: &mut Deployment,
        start: &StartFile,
        covers: Unit,
        deployed: Deployed,
        dir: &Path,
        depth: usize,
        seen: &mut HashSet<(PathBuf, Unit)>,
    ) {
        if depth > MAX_CHAIN
            || deployment.files.len() >= MAX_CHAIN_FILES
            || !seen.insert((start.path.clone(), covers.clone()))
        {
            return;
        }
        let Some(extracted) =
            crate::lang::extract(start.kind, &start.file.text, None, Some(&deployed))
        else {
            return;
        };
        deployment.files.push(Started {
            path: start.path.clone(),
            deployed: Some(deployed),
            covers,
            replaced: false,
            port_env: deployment.port_env,
            routed: true,
            server_config: false,
        });
        self.follow_facts(deployment, start, &extracted.facts, dir, depth, seen);
    }

    /// Follows what a judged command runs: the modules its servers import, the scripts and
    /// programs it runs, the package.json scripts it calls, the config files it names.
    fn follow_facts(
        &self,
        deployment: &mut Deployment,
        start: &StartFile,
        facts: &FileFacts,
        dir: &Path,
        depth: usize,
        seen: &mut HashSet<(PathBuf, Unit)>,
    ) {
        for app in &facts.served_apps {
            let app_dir = clean(&dir.join(app.dir.as_deref().unwrap_or(".")));
            let by = format!("{} ({})", app.server, start.file.cite(app.span.start));
            let files: Vec<PathBuf> = module_files(&app_dir, &app.module)
                .filter(|file| file.starts_with(self.root))
                .collect();
            deployment.served.extend(files.iter().map(|file| Served {
                file: file.clone(),
                by: by.clone(),
            }));
            // The module runs in the deployment (its top level, on import), but the server
            // that imports it is what listens where the platform routes.
            for file in files.iter().filter(|file| file.is_file()) {
                self.link(deployment, file, deployment.port_env, false);
            }
            if app.server == "gunicorn" {
                // gunicorn reads `gunicorn.conf.py` where it runs: its `bind` is the server's.
                let config = app_dir.join("gunicorn.conf.py");
                if config.is_file() {
                    self.link(deployment, &config, deployment.port_env, true);
                }
            }
        }
        for config in &facts.server_configs {
            if let Some(path) = find::resolve(dir, config, self.root) {
                self.link(deployment, &path, deployment.port_env, true);
                if let Some(started) = deployment.files.iter_mut().find(|s| s.path == path) {
                    started.server_config = true;
                }
            }
        }
        for run in &facts.runs {
            let run_dir = clean(&dir.join(run.dir.as_deref().unwrap_or(".")));
            let port_env = run.port_env.unwrap_or(deployment.port_env);
            match &run.target {
                RunTarget::Script(script) => {
                    if let Some(path) = find::resolve(&run_dir, script, self.root) {
                        deployment.run_directly.push(path.clone());
                        self.link(deployment, &path, port_env, true);
                    }
                }
                RunTarget::Module(module) => {
                    let files: Vec<PathBuf> = module_files(&run_dir, module)
                        .filter(|file| file.is_file())
                        .collect();
                    for path in files {
                        deployment.run_directly.push(path.clone());
                        self.link(deployment, &path, port_env, true);
                    }
                }
                RunTarget::PackageScript { name, args } => {
                    let path = run_dir.join("package.json");
                    if let Some(package) = self.read(&path, FileKind::PackageJson) {
                        let mut deployed = self.deployed(
                            deployment,
                            Unit::Script(name.clone()),
                            deployment.env.clone(),
                            Vec::new(),
                        );
                        deployed.script_args = args.clone();
                        self.follow(
                            deployment,
                            &package,
                            Unit::Script(name.clone()),
                            deployed,
                            &run_dir,
                            depth + 1,
                            seen,
                        );
                    }
                }
            }
        }
        for script in &facts.wrapper_scripts {
            if let Some(path) = find::resolve(dir, script, self.root) {
                if let Some(file) = self.read(&path, FileKind::WrapperScript) {
                    let deployed =
                        self.deployed(deployment, Unit::File, deployment.env.clone(), Vec::new());
                    self.follow(
                        deployment,
                        &file,
                        Unit::File,
                        deployed,
                        dir,
                        depth + 1,
                        seen,
                    );
                }
            }
        }
    }

    /// Links a source file the chain runs, once.
    fn link(&self, deployment: &mut Deployment, path: &Path, port_env: PortEnv, routed: bool) {
        if deployment.files.iter().any(|started| started.path == path)
            || !find::inside(self.root, path)
        {
            return;
        }
        deployment.files.push(Started {
            path: path.to_path_buf(),
            deployed: None,
            covers: Unit::File,
            replaced: false,
            port_env,
            routed,
            server_config: false,
        });
    }
}

/// Where a `Procfile`'s `web:` line is.
fn procfile_web(text: &str) -> crate::source::Span {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line
            .split_once(':')
            .is_some_and(|(process, _)| process.trim() == "web")
        {
            return offset..offset + line.trim_end().len();
        }
        offset += line.len();
    }
    0..0
}

/// A stage's name for showing: its `AS` name, else its position.
fn stage_name(stage: &StageInfo, index: usize) -> String {
    stage
        .name
        .clone()
        .unwrap_or_else(|| format!("#{}", index + 1))
}

/// A stage's `ENV` as the variables of what runs in it, placed in the Dockerfile.
fn image_env(stage: &StageInfo, file: &Arc<OtherFile>) -> Vec<ForeignVar> {
    stage
        .env
        .iter()
        .map(|(name, value)| ForeignVar {
            name: name.clone(),
            value: value.clone(),
            file: file.clone(),
        })
        .collect()
}

/// Whether `PORT` is set for the app: a literal the environment sets, else what the platform
/// sets (Cloud Run and App Platform set it to the declared port; Fly, compose and Kubernetes
/// set none).
fn port_env(platform: Option<Platform>, routed: Option<&Declared>, env: &[ForeignVar]) -> PortEnv {
    if let Some(var) = env.iter().rev().find(|var| var.name == "PORT") {
        let literal = var
            .value
            .expansions
            .is_empty()
            .then(|| var.value.as_str().parse().ok());
        return PortEnv::Set(literal.flatten());
    }
    match platform.map(|p| p.facts().routing) {
        Some(Routing::DeclaredAndPort) => PortEnv::Set(routed.map(|declared| declared.port)),
        Some(Routing::Declared) => PortEnv::Unset,
        Some(Routing::Port) | None => PortEnv::Set(None),
    }
}

/// The nearest `Dockerfile` in `dir` or above it, inside the repository.
fn nearest_dockerfile(dir: &Path, root: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .take_while(|ancestor| ancestor.starts_with(root))
        .map(|ancestor| ancestor.join("Dockerfile"))
        .find(|path| path.is_file())
}

/// The files a dotted module may be under `dir`: `a/b.py` and `a/b/__init__.py`.
pub fn module_files(dir: &Path, module: &str) -> impl Iterator<Item = PathBuf> {
    let relative: PathBuf = module.split('.').filter(|s| !s.is_empty()).collect();
    let base = dir.join(relative);
    [base.with_extension("py"), base.join("__init__.py")].into_iter()
}
