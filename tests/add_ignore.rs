//! `--add-ignore` on every fixture: afterwards nothing is reported but what no comment can
//! silence (JSON has no comments), every file parses as before, and a second run changes
//! nothing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{bindlint_in, stderr, stdout};

/// Every file under `dir` and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(Result::unwrap)
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let relative = entry.path().strip_prefix(dir).unwrap();
            (
                relative.display().to_string(),
                std::fs::read(entry.path()).unwrap(),
            )
        })
        .collect()
}

fn syntax_warnings(output: &std::process::Output) -> usize {
    stderr(output)
        .lines()
        .filter(|l| l.contains("syntax error"))
        .count()
}

#[test]
fn add_ignore_silences_every_fixture_finding_once() {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    common::copy_tree(&fixtures, dir.path());
    let args = ["--isolated", "--format", "concise", "--verbose", "."];
    let before = bindlint_in(dir.path(), &args);
    assert_eq!(before.status.code(), Some(1));

    let added = bindlint_in(dir.path(), &["--isolated", "--add-ignore", "."]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    assert!(
        stderr(&added).contains("`bindlint: ignore` comments to"),
        "{}",
        stderr(&added)
    );

    let after = bindlint_in(dir.path(), &args);
    let printed = stdout(&after);
    let left: Vec<&str> = printed.lines().filter(|l| l.contains("[BL")).collect();
    let silenceable = left.iter().filter(|line| {
        let path = line.split(':').next().unwrap_or("");
        !path.ends_with(".json")
    });
    assert_eq!(silenceable.count(), 0, "{}", stdout(&after));
    assert_eq!(
        syntax_warnings(&after),
        syntax_warnings(&before),
        "{}",
        stderr(&after)
    );

    // A second run finds nothing to add and changes no byte.
    let files = snapshot(dir.path());
    let again = bindlint_in(dir.path(), &["--isolated", "--add-ignore", "."]);
    assert!(
        stderr(&again).contains("Added 0 `bindlint: ignore` comments to 0 files."),
        "{}",
        stderr(&again)
    );
    assert_eq!(snapshot(dir.path()), files);
}

#[test]
fn add_ignore_writes_each_kind_of_comment() {
    let dir = tempfile::tempdir().unwrap();
    let files = [
        (
            "app.py",
            "from flask import Flask\napp = Flask(__name__)\napp.run(host=\"127.0.0.1\", port=5000)\n",
        ),
        (
            "server.js",
            "const express = require(\"express\");\nexpress().listen(3000, \"127.0.0.1\");\n",
        ),
        ("Dockerfile", "FROM python:3.12\nCMD gunicorn -b 127.0.0.1:8000 app:app\n"),
        ("Procfile", "web: gunicorn -b 127.0.0.1:8000 app:app\n"),
    ];
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let added = bindlint_in(dir.path(), &["--isolated", "--add-ignore", "."]);
    assert_eq!(added.status.code(), Some(0), "{}", stderr(&added));
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(
        read("app.py").ends_with(
            "app.run(host=\"127.0.0.1\", port=5000)  # bindlint: ignore[BL101, BL201]\n"
        ),
        "{}",
        read("app.py")
    );
    assert!(
        read("server.js").contains("\"127.0.0.1\");  // bindlint: ignore["),
        "{}",
        read("server.js")
    );
    assert!(
        read("Dockerfile").contains("\n# bindlint: ignore[BL301, BL302]\nCMD gunicorn"),
        "{}",
        read("Dockerfile")
    );
    assert!(
        read("Procfile")
            .starts_with("web: gunicorn -b 127.0.0.1:8000 app:app  # bindlint: ignore["),
        "{}",
        read("Procfile")
    );
    let after = bindlint_in(dir.path(), &["--isolated", "."]);
    assert_eq!(
        after.status.code(),
        Some(0),
        "{}{}",
        stdout(&after),
        stderr(&after)
    );
}
