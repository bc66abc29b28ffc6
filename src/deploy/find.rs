//! Finding and reading the files that start an app: the manifests of a directory (and of the
//! folders beside it that hold deployment files, `k8s/`, `deploy/`, `.do/`...), and any start
//! file a command names. Nothing is read outside the repository, through a link that leads out
//! of it, in a dependency folder, in an excluded or git-ignored path, or over the size limit.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::lang::{is_dev_file, FileKind, ManifestKind};
use crate::project::NEVER_FOLLOWED;
use crate::source::OtherFile;

/// Folders beside a manifest's directory that hold deployment files (Kubernetes manifests, a
/// compose file for production, DigitalOcean's app spec), read with it.
pub const DEPLOY_DIRS: &[&str] = &[
    ".do",
    "k8s",
    "kubernetes",
    "deploy",
    "deployment",
    "manifests",
];

/// The largest start-command file read (they are a few lines long).
pub const MAX_START_FILE: u64 = 256 * 1024;

/// How many YAML files of one folder are read for Kubernetes manifests, at most.
const MAX_YAML_FILES: usize = 64;

/// A start file, read: its path, its text, how findings cite it.
#[derive(Debug)]
pub struct StartFile {
    pub path: PathBuf,
    pub kind: FileKind,
    pub file: Arc<OtherFile>,
}

/// Whether a file of this kind declares deployments of its own (a Dockerfile only when nothing
/// else builds it, and only under the name `docker build .` reads).
pub fn declares_deployments(path: &Path, kind: FileKind) -> bool {
    match kind {
        FileKind::Procfile => path.file_name().is_some_and(|name| name == "Procfile"),
        FileKind::Dockerfile => path
            .file_name()
            .is_some_and(|name| name == "Dockerfile" || name == "Containerfile"),
        FileKind::Manifest(_) => !is_dev_file(path),
        _ => false,
    }
}

/// The start files of `dir` and of its deployment folders, sorted: manifests by name, YAML
/// files that may be Kubernetes manifests, `Procfile`, `Dockerfile`. `skip` says which paths are
/// excluded by the settings.
pub fn start_files_in(
    dir: &Path,
    ignored: &Gitignore,
    skip: &dyn Fn(&Path) -> bool,
) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let scan = |folder: &Path, found: &mut Vec<PathBuf>| {
        let Ok(entries) = std::fs::read_dir(folder) else {
            return;
        };
        let mut yaml = 0;
        let mut here: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .filter(|entry| entry.file_type().is_ok_and(|t| t.is_file()))
            .map(|entry| entry.path())
            .collect();
        here.sort();
        for path in here {
            let Some(kind) = FileKind::of(&path) else {
                continue;
            };
            if !declares_deployments(&path, kind)
                || skip(&path)
                || ignored.matched(&path, false).is_ignore()
            {
                continue;
            }
            if kind == FileKind::Manifest(ManifestKind::Yaml) {
                yaml += 1;
                if yaml > MAX_YAML_FILES {
                    continue;
                }
            }
            found.push(path);
        }
    };
    scan(dir, &mut found);
    for name in DEPLOY_DIRS {
        let folder = dir.join(name);
        if folder.is_dir() && !skip(&folder) && !ignored.matched(&folder, true).is_ignore() {
            scan(&folder, &mut found);
        }
    }
    found
}

/// The `.gitignore` rules that apply in `dir`: those of the repository's folders from `root`
/// down to `dir`.
pub fn gitignore_for(root: &Path, dir: &Path) -> Gitignore {
    let mut builder = GitignoreBuilder::new(root);
    let mut chain: Vec<&Path> = dir
        .ancestors()
        .take_while(|ancestor| ancestor.starts_with(root))
        .collect();
    chain.reverse();
    for folder in chain {
        let file = folder.join(".gitignore");
        if file.is_file() {
            // A broken line is skipped; the others still apply.
            let _ = builder.add(file);
        }
    }
    builder.build().unwrap_or_else(|_| Gitignore::empty())
}

/// Whether `path` may be read for the repository at `root`: inside it once links are followed,
/// not in a dependency or environment folder.
pub fn inside(root: &Path, path: &Path) -> bool {
    crate::files::inside(root, path, NEVER_FOLLOWED)
}

/// Reads a start file of `kind` if it is one bindlint reads: small, text (UTF-8 or UTF-16),
/// inside the repository. A YAML file that cannot be a Kubernetes manifest is not kept.
pub fn read(path: &Path, kind: FileKind, root: &Path, display: String) -> Option<StartFile> {
    if !path.is_file() || !inside(root, path) {
        return None;
    }
    let (text, _) = crate::files::read_text(path, MAX_START_FILE).ok()?;
    if kind == FileKind::Manifest(ManifestKind::Yaml)
        && !crate::lang::manifest::may_be_kubernetes(&text)
    {
        return None;
    }
    Some(StartFile {
        path: path.to_path_buf(),
        kind,
        file: Arc::new(OtherFile {
            path: display,
            text: text.into(),
        }),
    })
}

/// Where a file a command names stands in the tree, from the directory `dir` it runs in: the
/// path itself, or, for an absolute path in an image (`/app/start.sh` after `COPY . /app`), its
/// path under `dir` without its leading folders. Never out of the repository at `root`.
pub fn resolve(dir: &Path, named: &str, root: &Path) -> Option<PathBuf> {
    use std::path::Component;
    let named = Path::new(named);
    let relative: PathBuf = named
        .components()
        .filter(|c| matches!(c, Component::Normal(_) | Component::ParentDir))
        .collect();
    if relative.as_os_str().is_empty() {
        return None;
    }
    let mut candidates = vec![crate::files::clean(&dir.join(&relative))];
    if named.is_absolute() {
        // `/app/src/main.py`: `src/main.py`, then `main.py`, under the build context.
        let parts: Vec<Component> = relative.components().collect();
        candidates.extend(
            (1..parts.len()).map(|skip| dir.join(parts[skip..].iter().collect::<PathBuf>())),
        );
    }
    candidates
        .into_iter()
        .find(|candidate| candidate.starts_with(root) && candidate.is_file())
}
