//! Lints `fixtures/` and compares every finding with the `expect:` comments the fixture files
//! carry on the line of each finding (`app.run()  # expect: BL102@1 BL202@1`, the number being
//! the 1-based column). Where a line cannot hold a comment (a Dockerfile exec-form array), a
//! comment line above says `expect-next-line:`; JSON carries `"//": "expect: ..."` on the line.
//! Adding a case never needs Rust code: write the fixture line and its expectation. A finding
//! without an expectation, or an expectation without a finding, fails.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use bindlint::run::{lint_paths, RunOptions};

/// `(path, line, column, code)`.
type Expectation = (String, usize, usize, String);

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

/// Every `expect:` comment under `root`, in any file (a skipped file with an expectation fails).
fn expectations(root: &Path) -> BTreeSet<Expectation> {
    let mut expected = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.unwrap();
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(entry.path()) else {
            continue;
        };
        let path = relative(entry.path());
        for (index, line) in text.lines().enumerate() {
            let (target_line, spec) = if let Some((_, spec)) = line.split_once("expect-next-line: ")
            {
                (index + 2, spec)
            } else if let Some((_, spec)) = line.split_once("expect: ") {
                (index + 1, spec)
            } else {
                continue;
            };
            for item in spec
                .split_whitespace()
                .map(|item| item.trim_end_matches(['"', ',']))
            {
                let (code, column) = item.split_once('@').unwrap_or_else(|| {
                    panic!(
                        "{path}:{}: malformed expectation `{item}` (want CODE@COLUMN)",
                        index + 1
                    )
                });
                let column = column
                    .parse()
                    .unwrap_or_else(|_| panic!("{path}:{}: bad column in `{item}`", index + 1));
                expected.insert((path.clone(), target_line, column, code.to_string()));
            }
        }
    }
    expected
}

fn relative(path: &Path) -> String {
    path.strip_prefix(env!("CARGO_MANIFEST_DIR"))
        .unwrap_or(path)
        .to_string_lossy()
        .into_owned()
}

fn actual(root: &Path, options: &RunOptions) -> BTreeSet<Expectation> {
    let run = lint_paths(&[root.to_path_buf()], options).unwrap();
    run.files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |f| {
                (
                    relative(Path::new(&file.path)),
                    f.start.line,
                    f.start.column,
                    f.finding.rule.code.to_string(),
                )
            })
        })
        .collect()
}

fn assert_matches(expected: &BTreeSet<Expectation>, actual: &BTreeSet<Expectation>) {
    let missing: Vec<_> = expected.difference(actual).collect();
    let unexpected: Vec<_> = actual.difference(expected).collect();
    if missing.is_empty() && unexpected.is_empty() {
        return;
    }
    let mut report = String::new();
    for (path, line, column, code) in &missing {
        report.push_str(&format!("  missing:    {path}:{line}:{column} {code}\n"));
    }
    for (path, line, column, code) in &unexpected {
        report.push_str(&format!("  unexpected: {path}:{line}:{column} {code}\n"));
    }
    panic!("fixture findings differ from their `expect:` comments:\n{report}");
}

#[test]
fn every_fixture_finding_is_expected_and_every_expectation_is_found() {
    let root = fixtures_root();
    let expected = expectations(&root);
    assert!(expected.len() > 50, "the fixtures lost their expectations");
    assert_matches(&expected, &actual(&root, &RunOptions::default()));
}

#[test]
fn findings_do_not_depend_on_the_thread_count() {
    let root = fixtures_root();
    let one = actual(
        &root,
        &RunOptions {
            threads: Some(1),
            ..RunOptions::default()
        },
    );
    let two = actual(
        &root,
        &RunOptions {
            threads: Some(2),
            ..RunOptions::default()
        },
    );
    assert_eq!(one, two);
}

#[test]
fn test_files_are_linted_when_asked() {
    let root = fixtures_root().join("python");
    let with_tests = actual(&root, &{
        let mut options = RunOptions::default();
        options.lint.settings.include_tests = true;
        options
    });
    let test_files: BTreeSet<_> = with_tests
        .iter()
        .map(|(path, ..)| path.as_str())
        .filter(|path| {
            path.contains("tests/")
                || path.ends_with("test_helpers.py")
                || path.ends_with("conftest.py")
        })
        .collect();
    assert_eq!(
        test_files,
        BTreeSet::from([
            "fixtures/python/conftest.py",
            "fixtures/python/test_helpers.py",
            "fixtures/python/tests/test_server.py"
        ])
    );
}

#[test]
fn the_prefilter_never_changes_the_findings() {
    let root = fixtures_root();
    let mut exhaustive = RunOptions::default();
    exhaustive.lint.no_prefilter = true;
    assert_eq!(
        actual(&root, &RunOptions::default()),
        actual(&root, &exhaustive)
    );
}
