//! Files on disk: reading one as text (size-capped, decoded once), and showing and cleaning
//! paths. Every part of bindlint that reads a file the user did not name on the command line
//! reads it here, so the limits and the decoding are the same everywhere.

use std::path::Path;

use crate::source::{Encoding, Undecodable};

/// Why a file or directory could not be read, in the words the other messages use: the OS
/// reason without Rust's `(os error N)` suffix, which is kept only for the rare unknown case.
pub fn io_reason(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        std::io::ErrorKind::NotFound => "no such file (deleted while bindlint ran?)".to_string(),
        _ => error.to_string(),
    }
}

/// How a path is shown to the user: as given, without a leading `./`.
pub fn display_path(path: &Path) -> String {
    let text = path.to_string_lossy();
    let mut text: &str = &text;
    while let Some(rest) = text.strip_prefix("./") {
        text = rest;
    }
    if text.is_empty() {
        ".".to_string()
    } else {
        text.to_string()
    }
}

/// `a/./b/../c` → `a/c`, lexically (no file system access, so links are not followed).
pub fn clean(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out = std::path::PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether `path` lies inside `root` once links are followed (both must exist), and not in a
/// folder named one of `never` on the way (dependencies, environments): bindlint never reads
/// outside the project it was given, however a link or a `..` points.
pub fn inside(root: &Path, path: &Path, never: &[&str]) -> bool {
    let (Ok(root), Ok(real)) = (root.canonicalize(), path.canonicalize()) else {
        return false;
    };
    match real.strip_prefix(&root) {
        Ok(relative) => !relative
            .components()
            .any(|component| never.iter().any(|name| component.as_os_str() == *name)),
        Err(_) => false,
    }
}

/// Why a file was not read as text.
#[derive(Debug)]
pub enum ReadProblem {
    /// Larger than the limit: its size in bytes.
    TooLarge(u64),
    Io(std::io::Error),
    /// Not text bindlint decodes (binary, or neither UTF-8 nor UTF-16 with a byte-order mark).
    Undecodable(Undecodable),
}

/// Reads the file at `path` as text, with how it is encoded, unless it is larger than `limit`
/// bytes. The size comes from the open handle, so a file that grows or is swapped in between
/// cannot slip past the limit, and the read itself is bounded by it.
pub fn read_text(path: &Path, limit: u64) -> Result<(String, Encoding), ReadProblem> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadProblem::Io)?;
    let size = file.metadata().map_err(ReadProblem::Io)?.len();
    if size > limit {
        return Err(ReadProblem::TooLarge(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadProblem::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadProblem::TooLarge(bytes.len() as u64));
    }
    Encoding::decode(bytes).map_err(ReadProblem::Undecodable)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths_drop_dot_slash() {
        assert_eq!(display_path(Path::new("./app.py")), "app.py");
        assert_eq!(display_path(Path::new("./")), ".");
        assert_eq!(display_path(Path::new("src/app.py")), "src/app.py");
    }

    #[test]
    fn a_file_over_the_limit_is_not_read() {
        let dir = std::env::temp_dir().join(format!("bindlint-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("big.py");
        std::fs::write(&path, "x = 1\n".repeat(10)).unwrap();
        assert!(matches!(
            read_text(&path, 8),
            Err(ReadProblem::TooLarge(60))
        ));
        assert_eq!(read_text(&path, 60).unwrap().0, "x = 1\n".repeat(10));
        std::fs::write(&path, b"a\0b").unwrap();
        assert!(matches!(
            read_text(&path, 60),
            Err(ReadProblem::Undecodable(Undecodable::Binary))
        ));
        assert!(matches!(
            read_text(&dir.join("absent.py"), 60),
            Err(ReadProblem::Io(_))
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
