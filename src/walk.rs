//! Discovery: which files a run lints. Directories are walked honouring `.gitignore` (and
//! `.ignore`), skipping hidden entries and the default excluded directories; files named
//! explicitly are always considered, whatever ignore files say.

use std::path::{Path, PathBuf};

use ignore::WalkBuilder;

use crate::config::Settings;
use crate::files::display_path;
use crate::lang::{is_dev_file, is_test_path, FileKind};

/// A file to lint.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub path: PathBuf,
    pub kind: FileKind,
}

/// A problem met while walking (an unreadable directory, a broken link): reported, not fatal.
#[derive(Debug, Clone)]
pub struct WalkProblem {
    pub path: String,
    pub message: String,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    pub problems: Vec<WalkProblem>,
}

#[derive(Debug, thiserror::Error)]
pub enum WalkError {
    #[error("{0}: no such file or directory")]
    NotFound(String),
}

/// Collects the files under `paths`. A path that does not exist is an error (exit 2), so a typo
/// in a pre-commit config or CI job is never a silent pass.
pub fn discover(paths: &[PathBuf], settings: &Settings) -> Result<Discovery, WalkError> {
    let include_tests = settings.include_tests;
    let mut discovery = Discovery::default();
    for root in paths {
        let metadata =
            std::fs::metadata(root).map_err(|_| WalkError::NotFound(display_path(root)))?;
        if !metadata.is_dir() {
            if !metadata.is_file() {
                // A FIFO or device would block or stream forever: never read one.
                discovery.problems.push(WalkProblem {
                    path: display_path(root),
                    message: "not a regular file, skipped".to_string(),
                });
                continue;
            }
            if let Some(kind) = FileKind::of(root) {
                if (include_tests || !is_test_path(root))
                    && (settings.include_dev || !is_dev_file(root))
                    && !settings.is_excluded(root)
                {
                    discovery.candidates.push(Candidate {
                        path: root.clone(),
                        kind,
                    });
                }
            }
            continue;
        }
        let walker = WalkBuilder::new(root)
            // Hidden files and directories are skipped below, except DigitalOcean's `.do/`.
            .hidden(false)
            .require_git(false)
            .follow_links(settings.follow_links)
            .filter_entry({
                // The walker wants an owned filter: each walk gets its copy of the settings.
                let settings = settings.clone();
                move |entry| {
                    let name = entry.file_name().to_string_lossy();
                    let hidden = name.starts_with('.') && name != ".do";
                    entry.depth() == 0 || (!hidden && !settings.is_excluded(entry.path()))
                }
            })
            .build();
        for entry in walker {
            match entry {
                Ok(entry) => {
                    if !entry.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = entry.into_path();
                    let Some(kind) = FileKind::of(&path) else {
                        continue;
                    };
                    let relative = path.strip_prefix(root).unwrap_or(&path);
                    if !include_tests && is_test_path(relative) {
                        continue;
                    }
                    if !settings.include_dev && is_dev_file(relative) {
                        continue;
                    }
                    discovery.candidates.push(Candidate { path, kind });
                }
                Err(error) => discovery.problems.push(WalkProblem {
                    path: error_path(&error).unwrap_or_else(|| display_path(root)),
                    message: error_message(&error),
                }),
            }
        }
    }
    // `bindlint . src/app.py` and `bindlint a.py ./a.py` name one file twice: it is linted (and
    // fixed) once.
    discovery
        .candidates
        .sort_by_cached_key(|candidate| same_file_key(&candidate.path));
    discovery
        .candidates
        .dedup_by(|a, b| same_file_key(&a.path) == same_file_key(&b.path));
    Ok(discovery)
}

/// A path without its `.` components, which name the same file with or without them. `..` is
/// left alone: through a symbolic link, `link/..` is not where it seems.
fn same_file_key(path: &Path) -> PathBuf {
    path.components()
        .filter(|component| *component != std::path::Component::CurDir)
        .collect()
}

fn error_path(error: &ignore::Error) -> Option<String> {
    match error {
        ignore::Error::WithPath { path, .. } => Some(display_path(path)),
        ignore::Error::Loop { child, .. } => Some(display_path(child)),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn error_message(error: &ignore::Error) -> String {
    match error {
        ignore::Error::WithPath { path, err } => match io_error(err) {
            Some(io) if path.is_dir() => {
                format!("cannot read directory: {}", crate::files::io_reason(io))
            }
            Some(_) if path.is_symlink() && !path.exists() => {
                "broken symbolic link, skipped".to_string()
            }
            _ => error_message(err),
        },
        ignore::Error::WithDepth { err, .. } => error_message(err),
        ignore::Error::Loop { ancestor, .. } => format!(
            "symbolic link loop (back to {}), not followed",
            display_path(ancestor)
        ),
        ignore::Error::Io(io) => format!("cannot read: {}", crate::files::io_reason(io)),
        other => other.to_string(),
    }
}

/// The I/O error under an error's path and depth wrappers, if that is what it is.
fn io_error(error: &ignore::Error) -> Option<&std::io::Error> {
    match error {
        ignore::Error::Io(io) => Some(io),
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => io_error(err),
        _ => None,
    }
}
