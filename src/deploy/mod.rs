//! How a project is started: its own start commands (the Procfile's `web:` process, the
//! Dockerfile's `CMD`/`ENTRYPOINT`), and what they serve or run. A Python module a production
//! server imports (`gunicorn app:app`) never runs its `if __name__ == "__main__":` block in
//! the deployment, so the server starts there are local development (SPEC.md, "Dev-only server
//! starts").
//!
//! Each project root's deployment is read once per run, on the first file that asks, from the
//! start-command files at the root, with the same front ends that lint them.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::facts::RunTarget;
use crate::lang::FileKind;
use crate::project::Projects;
use crate::source::{clean, SourceFile};

/// The start-command files read at a project's root, in order.
pub const START_COMMAND_FILES: &[&str] = &["Procfile", "Dockerfile", "Containerfile"];

/// The largest start-command file read (they are a few lines long).
const MAX_START_FILE: u64 = 256 * 1024;

/// What a run knows about the projects it lints: their modules (for following imports) and how
/// each is started. Cloning shares the caches.
#[derive(Debug, Clone, Default)]
pub struct Workspace {
    projects: Projects,
    deployments: Arc<Mutex<HashMap<PathBuf, Arc<Deployment>>>>,
}

impl Workspace {
    /// The workspace of a run over `paths` (as given on the command line).
    pub fn new(paths: &[PathBuf]) -> Workspace {
        Workspace {
            projects: Projects::new(paths),
            deployments: Arc::default(),
        }
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
            .or_insert_with(|| Arc::new(Deployment::read(&root, &self.projects)))
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

/// How one project is started.
#[derive(Debug, Default)]
pub struct Deployment {
    pub root: PathBuf,
    /// Modules a production server imports.
    pub served: Vec<Served>,
    /// Files a start command runs directly (`python app.py`): their `__main__` block runs.
    pub run_directly: Vec<PathBuf>,
}

impl Deployment {
    /// Reads the start commands at `root`. Files that are missing, too large or unreadable
    /// start nothing; the lint of the file itself reports what is wrong with it.
    pub fn read(root: &Path, projects: &Projects) -> Deployment {
        let mut deployment = Deployment {
            root: root.to_path_buf(),
            ..Deployment::default()
        };
        for name in START_COMMAND_FILES {
            let path = root.join(name);
            let Some(kind) = FileKind::of(&path) else {
                continue;
            };
            let small =
                std::fs::metadata(&path).is_ok_and(|m| m.is_file() && m.len() <= MAX_START_FILE);
            let Some(text) = small.then(|| std::fs::read_to_string(&path).ok()).flatten() else {
                continue;
            };
            let Some(extracted) = crate::lang::extract(kind, &text, None) else {
                continue;
            };
            let file = SourceFile::new(projects.display(&path), text.as_str());
            let cite = |span: &crate::source::Span| {
                format!("{}:{}", file.path, file.position(span.start).line)
            };
            for app in &extracted.facts.served_apps {
                let dir = match &app.dir {
                    Some(dir) => clean(&root.join(dir)),
                    None => root.to_path_buf(),
                };
                let by = format!("{} ({})", app.server, cite(&app.span));
                deployment
                    .served
                    .extend(module_files(&dir, &app.module).map(|file| Served {
                        file,
                        by: by.clone(),
                    }));
            }
            for run in &extracted.facts.runs {
                match run {
                    RunTarget::Script { path, .. } => {
                        deployment.run_directly.push(clean(&root.join(path)))
                    }
                    RunTarget::Module { name, .. } => {
                        deployment.run_directly.extend(module_files(root, name))
                    }
                }
            }
        }
        deployment
    }

    /// What serves `file` (absolute) through a production server, unless a start command also
    /// runs it directly.
    pub fn serving(&self, file: &Path) -> Option<&Served> {
        if self.run_directly.iter().any(|run| run == file) {
            return None;
        }
        self.served.iter().find(|served| served.file == file)
    }
}

/// The files a dotted module may be under `dir`: `a/b.py` and `a/b/__init__.py`.
fn module_files(dir: &Path, module: &str) -> impl Iterator<Item = PathBuf> {
    let relative: PathBuf = module.split('.').filter(|s| !s.is_empty()).collect();
    let base = dir.join(relative);
    [base.with_extension("py"), base.join("__init__.py")].into_iter()
}
