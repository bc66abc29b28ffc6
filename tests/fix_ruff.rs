//! The Python that `--fix` writes passes the linters Python users run: ruff's pycodestyle
//! errors, pyflakes and pylint rules (`ruff check --select E,F,PL`) find nothing in the fixed
//! fixtures that was not there before the fix (the fixtures hold deliberately odd code, so the
//! comparison is per file and rule). `E501` (line length) is left to the formatter: a fix never
//! wraps lines.
//!
//! Needs `ruff` on `PATH`, so it is an ignored test, which the runner lists as `ignored` in a
//! plain `cargo test`: it never passes without checking. `cargo test --test fix_ruff --
//! --include-ignored` runs it (`.ci/run` does, after installing ruff from PyPI), and it fails
//! when ruff is missing.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use common::{bindlint_in, stderr};

/// How many findings of each (file, rule) ruff reports under `dir`.
fn ruff_counts(dir: &Path) -> BTreeMap<(String, String), usize> {
    let output = Command::new("ruff")
        .args([
            "check",
            "--isolated",
            "--no-cache",
            "--select",
            "E,F,PL",
            "--ignore",
            "E501",
            "--output-format",
            "json",
            "--exit-zero",
            ".",
        ])
        .current_dir(dir)
        .output()
        .expect("ruff runs");
    assert!(output.status.success(), "{}", stderr(&output));
    let findings: Vec<serde_json::Value> = serde_json::from_slice(&output.stdout).unwrap();
    let mut counts = BTreeMap::new();
    for finding in findings {
        let file = finding["filename"].as_str().unwrap_or_default();
        let file = Path::new(file)
            .strip_prefix(dir.canonicalize().unwrap())
            .unwrap_or(Path::new(file))
            .to_string_lossy()
            .into_owned();
        let code = finding["code"].as_str().unwrap_or("syntax").to_string();
        *counts.entry((file, code)).or_default() += 1;
    }
    counts
}

#[test]
#[ignore = "needs ruff on PATH (pip install ruff): cargo test --test fix_ruff -- --include-ignored"]
fn fixed_python_passes_ruff_as_well_as_before() {
    assert!(
        Command::new("ruff").arg("--version").output().is_ok(),
        "ruff is not on PATH: pip install ruff"
    );
    let dir = tempfile::tempdir().unwrap();
    common::copy_tree(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
        dir.path(),
    );
    let before = ruff_counts(dir.path());
    let fixed = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "-q", "."],
    );
    assert!(fixed.status.code().is_some(), "{}", stderr(&fixed));
    let after = ruff_counts(dir.path());
    let introduced: Vec<String> = after
        .iter()
        .filter(|(key, count)| before.get(*key).copied().unwrap_or(0) < **count)
        .map(|((file, code), count)| {
            let had = before
                .get(&(file.clone(), code.clone()))
                .copied()
                .unwrap_or(0);
            format!("{file}: {code} {had} -> {count}")
        })
        .collect();
    assert!(
        introduced.is_empty(),
        "ruff finds what the fixes introduced:\n{}",
        introduced.join("\n")
    );
    assert!(
        after.values().sum::<usize>() > 0,
        "ruff saw no finding at all: is it reading the fixtures?"
    );
}
