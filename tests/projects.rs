//! Following the app across files (docs/following.md): the fixture projects under
//! `fixtures/projects/` carry their `expect:` comments (checked by `tests/fixtures.rs`); these
//! tests check what the comments cannot: a pre-commit run naming one file, the related places in
//! every format, the help line that names the other file, and dev-only starts with and without
//! `--include-dev`.

mod common;

use std::path::Path;

use common::{bindlint_in, stderr, stdout};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(args: &[&str]) -> Vec<serde_json::Value> {
    let (findings, stderr) = common::json_run(root(), args);
    assert!(stderr.is_empty(), "{stderr}");
    findings
}

#[test]
fn a_run_naming_only_the_entry_file_follows_its_imports() {
    // pre-commit passes the file that changed: the factory in the package is read, not linted.
    let findings = json(&["fixtures/projects/flask_factory/run.py"]);
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BL102", "BL202"]);
    let related = &findings[0]["related"][0];
    assert_eq!(
        related["path"],
        "fixtures/projects/flask_factory/app/__init__.py"
    );
    assert_eq!(related["line"], 7);
    assert_eq!(related["column"], 11);
    assert_eq!(related["message"], "`app` is created");
    assert!(findings[0]["message"]
        .as_str()
        .unwrap()
        .ends_with("(`app` is created at fixtures/projects/flask_factory/app/__init__.py:7)"));
    // The host can be added in this file: the fix stays.
    assert!(!findings[0]["fix"].is_null());
}

#[test]
fn a_value_set_in_another_file_is_named_and_not_fixed_here() {
    let findings = json(&["fixtures/projects/settings_module/main.py"]);
    let host = findings
        .iter()
        .find(|f| f["code"] == "BL101")
        .expect("BL101 on settings.HOST");
    assert!(host["fix"].is_null(), "{host:#}");
    assert_eq!(
        host["help"],
        "listen on all interfaces: `host=\"0.0.0.0\"`; it is set at \
         fixtures/projects/settings_module/settings.py:3: change it there"
    );
    let related = &host["related"][0];
    assert_eq!(
        related["path"],
        "fixtures/projects/settings_module/settings.py"
    );
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(3), Some(8))
    );
    assert_eq!(related["message"], "`settings.HOST` is set");

    // The concise and GitHub formats carry it in the message.
    let concise = bindlint_in(
        root(),
        &[
            "--isolated",
            "--format",
            "concise",
            "fixtures/projects/settings_module/main.py",
        ],
    );
    assert!(stdout(&concise).contains(
        "(`settings.HOST` is set at fixtures/projects/settings_module/settings.py:3) [BL101]"
    ));
    // The human format shows the other file's line as a snippet of its own.
    let human = bindlint_in(
        root(),
        &[
            "--isolated",
            "--no-color",
            "fixtures/projects/settings_module/main.py",
        ],
    );
    assert!(stdout(&human).contains("╭─[fixtures/projects/settings_module/settings.py:3:8]"));
    assert!(stdout(&human).contains(" 3 │ HOST = \"127.0.0.1\""));
}

#[test]
fn sarif_related_locations_point_into_the_other_file() {
    let output = bindlint_in(
        root(),
        &[
            "--isolated",
            "--format",
            "sarif",
            "fixtures/projects/express_config/server.js",
        ],
    );
    let log: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let result = &log["runs"][0]["results"][0];
    let related = result["relatedLocations"].as_array().unwrap();
    let uris: Vec<&str> = related
        .iter()
        .map(|r| {
            r["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(
        uris,
        [
            "fixtures/projects/express_config/config.js",
            "fixtures/projects/express_config/app.js"
        ]
    );
}

#[test]
fn dev_only_starts_are_left_out_with_a_reason_and_back_with_include_dev() {
    let dir = "fixtures/projects/dev_only_served";
    let plain = bindlint_in(root(), &["--isolated", "--format", "concise", dir]);
    assert_eq!(
        stdout(&plain).lines().filter(|l| l.contains("[BL")).count(),
        1,
        "{}",
        stdout(&plain)
    );
    assert!(stdout(&plain).contains(
        "2 dev-only server starts not reported: fixtures/projects/dev_only_served/app.py is \
         served by gunicorn (fixtures/projects/dev_only_served/Procfile:1) (`--include-dev` \
         reports them)"
    ));

    let included = bindlint_in(
        root(),
        &["--isolated", "--format", "concise", "--include-dev", dir],
    );
    let included = stdout(&included);
    assert_eq!(
        included.lines().filter(|l| l.contains("[BL")).count(),
        5,
        "{included}"
    );
    assert!(!included.contains("dev-only"));

    // The two halves of `--include-dev`: the starts are `--include-dev-starts`'; linting
    // development files (`--include-dev-files`) leaves them out.
    let count = |args: &[&str]| {
        let mut all = vec!["--isolated", "--format", "concise"];
        all.extend_from_slice(args);
        all.push(dir);
        let output = bindlint_in(root(), &all);
        stdout(&output)
            .lines()
            .filter(|l| l.contains("[BL"))
            .count()
    };
    assert_eq!(count(&["--include-dev-starts"]), 5);
    assert_eq!(count(&["--include-dev-files"]), 1);

    // The config key does what the flag does.
    let work = tempfile::tempdir().unwrap();
    std::fs::write(work.path().join("bindlint.toml"), "include-dev = true\n").unwrap();
    let configured = bindlint_in(
        work.path(),
        &["--format", "concise", &root().join(dir).to_string_lossy()],
    );
    assert_eq!(
        stdout(&configured)
            .lines()
            .filter(|l| l.contains("[BL"))
            .count(),
        5,
        "{}",
        stdout(&configured)
    );
}

#[test]
fn the_same_file_with_no_start_command_is_judged() {
    let findings = json(&["fixtures/projects/dev_only_unserved/app.py"]);
    let codes: Vec<&str> = findings
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["BL102", "BL202"]);
}

#[test]
fn a_python_start_command_that_runs_the_file_itself_keeps_its_main_block() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pyproject.toml"), "").unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\nif __name__ == \"__main__\":\n    app.run()\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("Procfile"), "web: python app.py\n").unwrap();
    let output = bindlint_in(dir.path(), &["--isolated", "--format", "concise", "app.py"]);
    assert!(
        stdout(&output).contains("app.py:4:5: error:"),
        "{}",
        stdout(&output)
    );
    std::fs::write(dir.path().join("Procfile"), "web: gunicorn app:app\n").unwrap();
    let served = bindlint_in(dir.path(), &["--isolated", "--format", "concise", "app.py"]);
    assert_eq!(served.status.code(), Some(0), "{}", stdout(&served));
}

#[test]
fn import_cycles_and_missing_modules_end_quietly() {
    for file in [
        "fixtures/projects/import_cycle/server.py",
        "fixtures/projects/outside_root/pkg/main.py",
    ] {
        let output = bindlint_in(root(), &["--isolated", file]);
        assert_eq!(output.status.code(), Some(0), "{file}: {}", stdout(&output));
        assert_eq!(stderr(&output), "", "{file}");
    }
}
