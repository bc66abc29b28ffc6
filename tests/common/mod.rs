//! Running the bindlint binary, shared by the integration tests.
#![allow(dead_code)] // each test crate uses its own subset

use std::path::Path;
use std::process::{Command, Output};

/// Runs bindlint in `dir`. Colour is decided by the terminal (stdout is a pipe here), so
/// `NO_COLOR` from the caller's environment is removed to keep that the only reason.
pub fn bindlint_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bindlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("bindlint runs")
}

/// Runs bindlint in `dir` with `input` on its standard input.
pub fn bindlint_with_stdin(dir: &Path, args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_bindlint"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("bindlint runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(input)
        .expect("bindlint reads its input");
    child.wait_with_output().expect("bindlint runs")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("bindlint writes UTF-8")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("bindlint writes UTF-8")
}

/// Writes a small project (`(relative path, content)` pairs, with a `pyproject.toml` marking
/// its root) into a fresh directory under the target dir, and returns that directory.
pub fn project(name: &str, files: &[(&str, &str)]) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("projects")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("pyproject.toml"), "[project]\nname = \"p\"\n").unwrap();
    for (path, content) in files {
        let path = dir.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }
    dir
}

/// Runs `bindlint --isolated --format json ARGS` in `dir`: the findings, and stderr.
pub fn json_run(dir: &Path, args: &[&str]) -> (Vec<serde_json::Value>, String) {
    let mut all = vec!["--isolated", "--format", "json"];
    all.extend_from_slice(args);
    let output = bindlint_in(dir, &all);
    let findings = serde_json::from_str::<serde_json::Value>(&stdout(&output))
        .unwrap_or_else(|_| panic!("not JSON:\n{}\n{}", stdout(&output), stderr(&output)));
    let findings = findings.as_array().expect("a JSON array").clone();
    (findings, stderr(&output))
}

/// Copies the tree at `from` into `to` (files and directories; links are not followed).
#[allow(dead_code)]
pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}
