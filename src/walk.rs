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
    /// A warning (a named file of a kind bindlint does not read), not an error.
    pub warning: bool,
}

#[derive(Debug, Default)]
pub struct Discovery {
    pub candidates: Vec<Candidate>,
    pub problems: Vec<WalkProblem>,
    /// The paths named that do not exist, as shown: reported, and the run's exit status is 2,
    /// but the other paths are still linted (as ruff does).
    pub missing: Vec<String>,
}

/// Why a run leaves a file out, in the words the reports use. Every way a file reaches a run
/// (a walked folder, a named file, stdin, an editor's buffer) is decided by [`select_path`] and,
/// once the text is read, [`select_text`], so the four cannot drift apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// Not a kind of file bindlint reads (by its name).
    NotAKnownKind,
    /// A test file (`include-tests` lints it).
    Test,
    /// A development-only file such as `Procfile.dev` (`include-dev-files` lints it).
    DevFile,
    /// Matched by `exclude` or `extend-exclude`.
    Excluded,
    /// Larger than `max-file-size`: its size and the limit, in bytes.
    TooLarge { size: u64, limit: u64 },
    /// Minified or generated JavaScript (`include-minified` lints it).
    Minified,
}

/// The sentence a report gives a skipped file: what it is, that it was skipped, and the
/// setting that lints it.
impl std::fmt::Display for Skip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Skip::NotAKnownKind => write!(f, "not a kind of file bindlint reads, skipped"),
            Skip::Test => write!(f, "a test file, skipped (`--include-tests` lints it)"),
            Skip::DevFile => write!(
                f,
                "a development-only file, skipped (`--include-dev-files` lints it)"
            ),
            Skip::Excluded => write!(f, "excluded by the settings, skipped"),
            Skip::TooLarge { size, limit } => write!(
                f,
                "{} is over the {} `max-file-size` limit, skipped",
                human_size(*size),
                human_size(*limit)
            ),
            Skip::Minified => write!(
                f,
                "minified or generated code, skipped (`--include-minified` lints it)"
            ),
        }
    }
}

/// Whether a run takes the file at `path`, by its path: its kind, or why not. `relative` is the
/// path the test and development-file patterns are matched on (under a walked folder, the
/// path inside it; otherwise `path` itself).
pub fn select_path(path: &Path, relative: &Path, settings: &Settings) -> Result<FileKind, Skip> {
    let kind = FileKind::of(path).ok_or(Skip::NotAKnownKind)?;
    if !settings.include_tests && is_test_path(relative) {
        return Err(Skip::Test);
    }
    if !settings.include_dev_files && is_dev_file(relative) {
        return Err(Skip::DevFile);
    }
    if settings.is_excluded(path) {
        return Err(Skip::Excluded);
    }
    Ok(kind)
}

/// Whether a run lints a file's text once read: not when it is minified JavaScript (unless
/// `include-minified`).
pub fn select_text(kind: FileKind, text: &str, settings: &Settings) -> Result<(), Skip> {
    if kind.is_javascript() && !settings.include_minified && crate::prefilter::is_minified(text) {
        return Err(Skip::Minified);
    }
    Ok(())
}

/// A byte count as people read it: `512 B`, `1.5 KiB`, `10 MiB`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Collects the files under `paths`. A path that does not exist is recorded in
/// [`Discovery::missing`] (the run goes on, and exits 2), so a typo in a pre-commit config or
/// CI job is never a silent pass.
pub fn discover(paths: &[PathBuf], settings: &Settings) -> Discovery {
    let mut discovery = Discovery::default();
    for root in paths {
        let Ok(metadata) = std::fs::metadata(root) else {
            discovery.missing.push(display_path(root));
            continue;
        };
        if !metadata.is_dir() {
            if !metadata.is_file() {
                // A FIFO or device would block or stream forever: never read one.
                discovery.problems.push(WalkProblem {
                    path: display_path(root),
                    message: "not a regular file, skipped".to_string(),
                    warning: false,
                });
                continue;
            }
            // A named file the settings leave out is left out silently, as ruff does; one
            // bindlint cannot read at all is said, so `bindlint notes.txt` is no silent pass.
            match select_path(root, root, settings) {
                Ok(kind) => discovery.candidates.push(Candidate {
                    path: root.clone(),
                    kind,
                }),
                Err(skip @ Skip::NotAKnownKind) => discovery.problems.push(WalkProblem {
                    path: display_path(root),
                    message: skip.to_string(),
                    warning: true,
                }),
                Err(_) => {}
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
                // Directories are pruned here (hidden, excluded, a virtualenv whatever its name,
                // `python3 -m venv env`); files are decided once, by `select_path` below.
                move |entry| {
                    let name = entry.file_name().to_string_lossy();
                    let hidden = name.starts_with('.') && name != ".do";
                    let is_dir = entry.file_type().is_some_and(|t| t.is_dir());
                    let pruned = is_dir
                        && (settings.is_excluded(entry.path())
                            || entry.path().join("pyvenv.cfg").is_file());
                    entry.depth() == 0 || (!hidden && !pruned)
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
                    let relative = path.strip_prefix(root).unwrap_or(&path);
                    if let Ok(kind) = select_path(&path, relative, settings) {
                        discovery.candidates.push(Candidate { path, kind });
                    }
                }
                Err(error) => discovery.problems.push(WalkProblem {
                    path: error_path(&error).unwrap_or_else(|| display_path(root)),
                    message: error_message(&error),
                    warning: false,
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
    discovery
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_decision_says_why_a_file_is_left_out() {
        let settings = Settings::default();
        let take = |path: &str| select_path(Path::new(path), Path::new(path), &settings);
        assert_eq!(take("app.py"), Ok(FileKind::Python));
        assert_eq!(take("README.md"), Err(Skip::NotAKnownKind));
        assert_eq!(take("tests/test_app.py"), Err(Skip::Test));
        assert_eq!(take("Procfile.dev"), Err(Skip::DevFile));
        assert_eq!(take("node_modules/x/index.js"), Err(Skip::Excluded));
        let mut all = Settings::default();
        all.include_tests = true;
        all.include_dev_files = true;
        let take_all = |path: &str| select_path(Path::new(path), Path::new(path), &all);
        assert_eq!(take_all("tests/test_app.py"), Ok(FileKind::Python));
        assert_eq!(take_all("Procfile.dev"), Ok(FileKind::Procfile));
    }

    #[test]
    fn the_text_decision_and_the_words_reports_use() {
        let settings = Settings::default();
        let bundle = format!("var a=1;{}", "a=a+1;".repeat(20_000));
        assert_eq!(
            select_text(FileKind::JavaScript, &bundle, &settings),
            Err(Skip::Minified)
        );
        assert_eq!(select_text(FileKind::Python, &bundle, &settings), Ok(()));
        assert_eq!(
            Skip::TooLarge {
                size: 3 * 1024 * 1024 / 2,
                limit: 1024 * 1024
            }
            .to_string(),
            "1.5 MiB is over the 1 MiB `max-file-size` limit, skipped"
        );
        assert_eq!(
            Skip::Minified.to_string(),
            "minified or generated code, skipped (`--include-minified` lints it)"
        );
    }
}
