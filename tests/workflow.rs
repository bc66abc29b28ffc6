//! bindlint in the places users run it: config files, suppressions, CI formats checked against
//! their real consumers (the SARIF schema, VS Code's `$gcc` matcher, GitHub's command syntax,
//! GitLab's required fields, a JUnit XML parser), editors (stdin) and the CLI switches.

use std::path::Path;
use std::process::Output;

mod common;

use common::{bindlint_in, bindlint_with_stdin, stderr, stdout};

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A project with a loopback Flask app, a hard-coded port and a test file.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("scripts")).unwrap();
    std::fs::create_dir_all(root.join("legacy")).unwrap();
    let app =
        "from flask import Flask\napp = Flask(__name__)\napp.run(host=\"127.0.0.1\", port=5000)\n";
    std::fs::write(root.join("app.py"), app).unwrap();
    std::fs::write(root.join("scripts/dev.py"), app).unwrap();
    std::fs::write(root.join("legacy/old.py"), app).unwrap();
    dir
}

fn codes(output: &Output) -> Vec<String> {
    let findings: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
    findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{}",
                f["path"].as_str().unwrap(),
                f["code"].as_str().unwrap(),
                f["severity"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn config_file_selects_ignores_excludes_and_overrides_severity() {
    let dir = project();
    std::fs::write(
        dir.path().join("pyproject.toml"),
        "[project]\nname = \"x\"\n\n[tool.bindlint]\nextend-exclude = [\"legacy\"]\nignore = [\"BL1\"]\n\n[tool.bindlint.per-file-ignores]\n\"scripts/*.py\" = [\"BL201\"]\n\n[tool.bindlint.severity]\nBL201 = \"error\"\n",
    )
    .unwrap();
    let output = bindlint_in(dir.path(), &["--format", "json", "."]);
    assert_eq!(codes(&output), ["app.py:BL201:error"]);
    // Found by walking up from a subdirectory, too.
    let output = bindlint_in(
        &dir.path().join("scripts"),
        &["--format", "json", "../app.py"],
    );
    assert_eq!(codes(&output), ["../app.py:BL201:error"]);
    // --isolated ignores it; --select/--ignore on the command line win over it.
    let output = bindlint_in(dir.path(), &["--isolated", "--format", "json", "app.py"]);
    assert_eq!(
        codes(&output),
        ["app.py:BL101:error", "app.py:BL201:warning"]
    );
    let output = bindlint_in(
        dir.path(),
        &[
            "--isolated",
            "--select",
            "BL2",
            "--format",
            "json",
            "app.py",
        ],
    );
    assert_eq!(codes(&output), ["app.py:BL201:warning"]);
}

#[test]
fn config_errors_point_into_the_toml() {
    let dir = project();
    std::fs::write(
        dir.path().join("bindlint.toml"),
        "select = [\"BL101\"]\nignroe = [\"BL201\"]\n",
    )
    .unwrap();
    let output = bindlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("unknown key `ignroe`"), "{err}");
    assert!(err.contains("did you mean `ignore`?"), "{err}");
    assert!(err.contains("bindlint.toml:2:1"), "{err}");
    assert!(err.contains("2 │ ignroe = [\"BL201\"]"), "{err}");

    std::fs::write(
        dir.path().join("bindlint.toml"),
        "select = [\"BL101\", \"BL999\"]\n",
    )
    .unwrap();
    let err = stderr(&bindlint_in(dir.path(), &["."]));
    assert!(
        err.contains("unknown rule code `BL999`") && err.contains("bindlint.toml:1:20"),
        "{err}"
    );

    let output = bindlint_in(dir.path(), &["--config", "missing.toml", "."]);
    assert_eq!(output.status.code(), Some(2));
    let output = bindlint_in(dir.path(), &["--isolated", "--select", "BL9", "."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("invalid --select `BL9`"));
}

#[test]
fn suppressions_and_unused_ones() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("app.py"),
        "from flask import Flask\napp = Flask(__name__)\napp.run(host=\"127.0.0.1\", port=5000)  # bindlint: ignore[BL101]\n# bindlint: ignore\napp.run(host=\"127.0.0.1\", port=5000)\napp.run(host=\"0.0.0.0\", port=5000)  # bindlint: ignore[BL101, BL999]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("server.js"),
        "const app = require(\"express\")();\napp.listen(3000); // bindlint: ignore[BL201]\n",
    )
    .unwrap();
    let output = bindlint_in(dir.path(), &["--format", "concise", "--quiet", "."]);
    assert_eq!(stdout(&output), "app.py:3:32: warning: port 5000 is hard-coded: the platform passes the port to listen on in `PORT` [BL201]\napp.py:6:30: warning: port 5000 is hard-coded: the platform passes the port to listen on in `PORT` [BL201]\n");
    let output = bindlint_in(
        dir.path(),
        &[
            "--format",
            "concise",
            "--quiet",
            "--report-unused-ignores",
            ".",
        ],
    );
    let out = stdout(&output);
    assert!(
        out.contains("app.py:6:39: warning: unknown rule code `BL999` in suppression [BL001]"),
        "{out}"
    );
    assert_eq!(out.matches("[BL001]").count(), 1, "{out}");
}

/// VS Code's built-in `$gcc` problem matcher, and the one cpptools publishes.
const GCC_MATCHERS: &[&str] = &[
    r"^(.*?):(\d+):(\d*):?\s+(?:fatal\s+)?(warning|error):\s+(.*)$",
    r"^(.*):(\d+):(\d+):\s+(?:fatal\s+)?(warning|error):\s+(.*)$",
];

#[test]
fn concise_output_is_read_by_the_gcc_problem_matcher() {
    let output = bindlint_in(
        manifest_dir(),
        &[
            "--format",
            "concise",
            "--quiet",
            "fixtures/python/flask_app.py",
        ],
    );
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 5);
    for pattern in GCC_MATCHERS {
        let matcher = regex::Regex::new(pattern).unwrap();
        for line in &lines {
            let captures = matcher
                .captures(line)
                .unwrap_or_else(|| panic!("{pattern} does not match {line}"));
            assert_eq!(&captures[1], "fixtures/python/flask_app.py");
            assert!(
                captures[2].parse::<usize>().unwrap() > 0
                    && captures[3].parse::<usize>().unwrap() > 0
            );
            assert!(matches!(&captures[4], "error" | "warning"));
            assert!(captures[5].ends_with(']'));
        }
    }
}

#[test]
fn sarif_validates_against_the_official_schema() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(manifest_dir().join("tests/data/sarif-2.1.0-rtm.5.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let output = bindlint_in(manifest_dir(), &["--format", "sarif", "fixtures/"]);
    let log: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let run = &log["runs"][0];
    assert_eq!(
        run["tool"]["driver"]["rules"].as_array().unwrap().len(),
        bindlint::rules::ALL_RULES.len()
    );
    let result = &run["results"][0];
    let region = &result["locations"][0]["physicalLocation"]["region"];
    for key in ["startLine", "startColumn", "endLine", "endColumn"] {
        assert!(region[key].as_u64().unwrap() > 0, "{key}");
    }
    let rule = &run["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize];
    assert_eq!(rule["id"], result["ruleId"]);
    assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
    // Fixes are in the log too (schema-checked above): edits as region replacements.
    let with_fix = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["fixes"].is_array())
        .count();
    assert!(with_fix > 100, "{with_fix}");
}

#[test]
fn github_annotations_follow_the_workflow_command_syntax() {
    let output = bindlint_in(
        manifest_dir(),
        &["--format", "github", "fixtures/commands/Procfile"],
    );
    let command = regex::Regex::new(
        r"^::(error|warning) file=([^,:]+),line=(\d+),col=(\d+),endLine=(\d+),endColumn=(\d+),title=(BL\d{3}) ([a-z-]+)::([^\r\n]+)$",
    )
    .unwrap();
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() > 10);
    for line in lines {
        let captures = command
            .captures(line)
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        assert_eq!(&captures[2], "fixtures/commands/Procfile");
        // Newlines in the message are escaped, never raw.
        assert!(captures[9].contains("%0Ahelp"));
    }
}

#[test]
fn gitlab_code_quality_has_the_required_fields_and_stable_fingerprints() {
    let dir = tempfile::tempdir().unwrap();
    let app = "import uvicorn\nuvicorn.run(app)\n";
    std::fs::write(dir.path().join("main.py"), app).unwrap();
    let report = |dir: &Path| -> serde_json::Value {
        serde_json::from_str(&stdout(&bindlint_in(dir, &["--format", "gitlab", "."]))).unwrap()
    };
    let first = report(dir.path());
    let issues = first.as_array().unwrap();
    assert_eq!(issues.len(), 2);
    for issue in issues {
        assert!(issue["description"].as_str().is_some_and(|d| !d.is_empty()));
        assert!(issue["check_name"].as_str().unwrap().starts_with("BL"));
        assert_eq!(issue["fingerprint"].as_str().unwrap().len(), 64);
        assert!(matches!(
            issue["severity"].as_str().unwrap(),
            "info" | "minor" | "major" | "critical" | "blocker"
        ));
        assert_eq!(issue["location"]["path"], "main.py");
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    assert_ne!(issues[0]["fingerprint"], issues[1]["fingerprint"]);
    // Lines added above the finding do not change its fingerprint.
    std::fs::write(dir.path().join("main.py"), format!("# a comment\n\n{app}")).unwrap();
    let moved = report(dir.path());
    assert_eq!(moved[0]["fingerprint"], first[0]["fingerprint"]);
    assert_eq!(moved[0]["location"]["lines"]["begin"], 4);
}

#[test]
fn junit_xml_parses_and_counts_failures() {
    use quick_xml::events::Event;
    let output = bindlint_in(
        manifest_dir(),
        &[
            "--format",
            "junit",
            "fixtures/python/quart_app.py",
            "fixtures/python/correct_apps.py",
        ],
    );
    let xml = stdout(&output);
    let mut reader = quick_xml::Reader::from_str(&xml);
    let (mut suites, mut cases, mut failures) = (0, 0, 0);
    let mut declared_failures = None;
    loop {
        match reader.read_event().expect("well-formed JUnit XML") {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"testsuites" => {
                    declared_failures = e
                        .try_get_attribute("failures")
                        .unwrap()
                        .map(|a| a.unescape_value().unwrap().parse::<usize>().unwrap())
                }
                b"testsuite" => suites += 1,
                b"testcase" => cases += 1,
                b"failure" => failures += 1,
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((suites, cases, failures), (1, 3, 3));
    assert_eq!(declared_failures, Some(3));
    let clean = stdout(&bindlint_in(
        manifest_dir(),
        &["--format", "junit", "fixtures/python/correct_apps.py"],
    ));
    assert!(clean.contains(r#"tests="1" failures="0""#), "{clean}");
}

#[test]
fn json_lines_is_one_object_per_finding() {
    let output = bindlint_in(
        manifest_dir(),
        &["--format", "json-lines", "fixtures/python/quart_app.py"],
    );
    let lines: Vec<serde_json::Value> = stdout(&output)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["code"], "BL102");
}

#[test]
fn stdin_is_linted_as_the_named_file() {
    let dir = project();
    std::fs::write(
        dir.path().join("bindlint.toml"),
        "[per-file-ignores]\n\"scripts/*.py\" = [\"BL201\"]\n",
    )
    .unwrap();
    let output = bindlint_with_stdin(
        dir.path(),
        &["--stdin-filename", "scripts/tool.py", "--format", "concise"],
        b"import uvicorn\nuvicorn.run(app, host=\"localhost\", port=9000)\n",
    );
    let out = stdout(&output);
    assert!(out.starts_with("scripts/tool.py:2:23: error:"), "{out}");
    assert!(
        !out.contains("BL201"),
        "per-file ignores apply to stdin: {out}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn switches_exit_zero_quiet_statistics_output_file_show_files() {
    let dir = project();
    let output = bindlint_in(dir.path(), &["--exit-zero", "app.py"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("BL101"));

    let quiet = stdout(&bindlint_in(
        dir.path(),
        &["--quiet", "--format", "concise", "app.py"],
    ));
    assert!(!quiet.contains("problems"), "{quiet}");

    let statistics = stdout(&bindlint_in(dir.path(), &["--statistics", "."]));
    assert_eq!(
        statistics,
        "    3  BL101  [ ] loopback-host\n    3  BL201  [*] hardcoded-port\nFound 6 problems.\n\
         [*] 3 fixable with --fix (3 more with --unsafe-fixes).\n"
    );
    // With unsafe fixes on, the host fixes count as fixable too.
    let unsafe_statistics = stdout(&bindlint_in(
        dir.path(),
        &["--statistics", "--unsafe-fixes", "."],
    ));
    assert!(
        unsafe_statistics.starts_with("    3  BL101  [*] loopback-host\n"),
        "{unsafe_statistics}"
    );

    let output = bindlint_in(
        dir.path(),
        &["--output-file", "report.json", "--format", "json", "app.py"],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("report.json")).unwrap())
            .unwrap();
    assert_eq!(written.as_array().unwrap().len(), 2);

    let files = stdout(&bindlint_in(dir.path(), &["--show-files", "."]));
    assert_eq!(files, "app.py\nlegacy/old.py\nscripts/dev.py\n");
}

#[test]
fn show_settings_prints_the_settings_in_effect_and_where_they_come_from() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("bindlint.toml"),
        "select = [\"BL1\", \"BL201\"]\nextend-exclude = [\"legacy/**\"]\nplatform = \"fly\"\n\
         include-dev = true\n[per-file-ignores]\n\"scripts/*\" = [\"BL101\"]\n[severity]\nBL201 = \"error\"\n",
    )
    .unwrap();
    let output = bindlint_in(dir.path(), &["--show-settings", "--ignore", "BL103"]);
    assert_eq!(output.status.code(), Some(0));
    let shown = stdout(&output);
    let expected = "# config file: bindlint.toml
root = \".\"
select = [\"BL101\", \"BL102\", \"BL201\"]
exclude = [\"node_modules\", \".venv\", \"venv\", \".git\", \"dist\", \"build\", \"__pycache__\", \"site-packages\", \"dist-packages\", \"__pypackages__\", \"_build\", \"buck-out\", \"legacy/**\"]
include-tests = false
include-minified = false
include-dev-files = true
include-dev-starts = true
follow-links = false  # command line and editor only
platform = \"fly\"
max-file-size = 10485760
unsafe-fixes = false
unfixable = []

[per-file-ignores]
\"scripts/*\" = [\"BL101\"]

[severity]
BL101 = \"error\"
BL102 = \"error\"
BL201 = \"error\"
";
    assert_eq!(shown, expected);
    let isolated = stdout(&bindlint_in(dir.path(), &["--show-settings", "--isolated"]));
    assert!(
        isolated.starts_with("# no config file (--isolated)\n"),
        "{isolated}"
    );
}
