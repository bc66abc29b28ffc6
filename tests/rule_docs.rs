//! Every rule's documentation is executable, as clippy's doc examples are doctests: the
//! `## Example` snippet, linted as the kind of file its fence names, produces exactly that
//! rule's finding on its last line, and every `## Fix` snippet produces none. And every rule's
//! declared fix safety (`fix = None | Safe | Unsafe | Sometimes`) matches the fixes the
//! fixtures produce.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use bindlint::finding::Applicability;
use bindlint::lang::{FileKind, ManifestKind};
use bindlint::lint::{lint_source, LintOptions};
use bindlint::rules::{FixSafety, RuleInfo, ALL_RULES};
use bindlint::run::{lint_paths, RunOptions};

/// The file a snippet is linted as, by its fence's info string.
fn file_for(info: &str) -> (FileKind, &'static str) {
    match info {
        "python" => (FileKind::Python, "app.py"),
        "js" => (FileKind::JavaScript, "server.js"),
        "ts" => (FileKind::TypeScript, "server.ts"),
        "dockerfile" => (FileKind::Dockerfile, "Dockerfile"),
        "procfile" => (FileKind::Procfile, "Procfile"),
        "json" => (FileKind::PackageJson, "package.json"),
        "toml" => (FileKind::Manifest(ManifestKind::Fly), "fly.toml"),
        "yaml" => (
            FileKind::Manifest(ManifestKind::Compose),
            "docker-compose.yml",
        ),
        other => panic!("a rule snippet's fence names `{other}`, which is no file kind"),
    }
}

/// `(code, line)` of every finding in `code` linted as the snippet's kind of file.
fn findings(info: &str, code: &str) -> Vec<(String, usize)> {
    let (kind, name) = file_for(info);
    let options = LintOptions {
        report_unused_ignores: true,
        ..LintOptions::default()
    };
    let report = lint_source(Path::new(name), name, code.to_string(), kind, &options);
    assert!(
        report.problems.is_empty(),
        "the snippet does not lint cleanly: {:?}\n{code}",
        report.problems
    );
    report
        .findings
        .iter()
        .map(|f| (f.finding.rule.code.to_string(), f.start.line))
        .collect()
}

fn check_rule(rule: &RuleInfo, failures: &mut Vec<String>) {
    let examples = rule.snippets("Example");
    let [example] = examples.as_slice() else {
        failures.push(format!(
            "{}: `## Example` has {} snippets, not one",
            rule.code,
            examples.len()
        ));
        return;
    };
    let last_line = example.code.lines().count();
    let expected = vec![(rule.code.to_string(), last_line)];
    let found = findings(&example.info, &example.code);
    if found != expected {
        failures.push(format!(
            "{}: the example gives {found:?}, not one {} on its last line ({last_line}):\n{}",
            rule.code, rule.code, example.code
        ));
    }
    let fixes = rule.snippets("Fix");
    if fixes.is_empty() {
        failures.push(format!("{}: `## Fix` has no snippet", rule.code));
    }
    for fix in fixes {
        let found = findings(&fix.info, &fix.code);
        if !found.is_empty() {
            failures.push(format!(
                "{}: the fix still gives {found:?}:\n{}",
                rule.code, fix.code
            ));
        }
    }
    if rule.fix_description().is_empty() {
        failures.push(format!(
            "{}: `## Fix` does not end with what `--fix` writes",
            rule.code
        ));
    }
}

#[test]
fn every_rule_example_gives_its_finding_and_every_fix_gives_none() {
    let mut failures = Vec::new();
    for rule in ALL_RULES {
        check_rule(rule, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn a_wrong_example_is_caught() {
    // The check above must be able to fail: an example that gives nothing, or another rule.
    assert_eq!(findings("python", "x = 1\n"), vec![]);
    assert_eq!(
        findings(
            "python",
            "from flask import Flask\napp = Flask(__name__)\napp.run(host=\"0.0.0.0\", port=5000)\n"
        ),
        vec![("BL201".to_string(), 3)]
    );
}

#[test]
fn declared_fix_safety_matches_the_fixes_the_fixtures_produce() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let run = lint_paths(&[root], &RunOptions::default()).unwrap();
    let mut seen: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for located in run.files.iter().flat_map(|file| &file.findings) {
        let safety = match located.finding.fix.as_ref().map(|fix| fix.applicability) {
            Some(Applicability::Safe) => "safe",
            Some(Applicability::Unsafe) => "unsafe",
            None => continue,
        };
        seen.entry(located.finding.rule.code)
            .or_default()
            .insert(safety);
    }
    let mut failures = Vec::new();
    for rule in ALL_RULES {
        let found: Vec<&str> = seen
            .get(rule.code)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        let expected: &[&str] = match rule.fix {
            FixSafety::None => &[],
            FixSafety::Safe => &["safe"],
            FixSafety::Unsafe => &["unsafe"],
            FixSafety::Sometimes => &["safe", "unsafe"],
        };
        if found != expected {
            failures.push(format!(
                "{} is declared `fix = {:?}`, but the fixtures' fixes are {found:?}",
                rule.code, rule.fix
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
