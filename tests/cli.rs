//! The command line as users and CI tools see it: exit codes, the JSON and concise shapes of
//! docs/output.md, rendered output (snapshots), and bad input that is reported without stopping the run.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::{bindlint_in, stderr, stdout};

fn bindlint(args: &[&str]) -> Output {
    bindlint_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

#[test]
fn exit_status_follows_the_spec() {
    assert_eq!(
        bindlint(&["fixtures/python/correct_apps.py"]).status.code(),
        Some(0)
    );
    assert_eq!(
        bindlint(&["fixtures/python/quart_app.py"]).status.code(),
        Some(1)
    );

    // A missing path is reported and exits 2, and the other paths are still linted.
    let missing = bindlint(&[
        "--format",
        "concise",
        "fixtures/python/quart_app.py",
        "no/such/dir",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(
        stderr(&missing).contains("error: no/such/dir: no such file or directory"),
        "{}",
        stderr(&missing)
    );
    assert!(
        stdout(&missing).contains("fixtures/python/quart_app.py:7:1: error:"),
        "{}",
        stdout(&missing)
    );

    // A named file of a kind bindlint does not read is said, not silently passed.
    let unknown = bindlint(&["README.md"]);
    assert_eq!(unknown.status.code(), Some(0));
    assert!(
        stderr(&unknown).contains("warning: README.md: not a kind of file bindlint reads, skipped")
    );

    assert_eq!(bindlint(&["--format", "xml", "."]).status.code(), Some(2));
}

#[test]
fn json_matches_the_spec_field_for_field() {
    let output = bindlint(&["--format", "json", "fixtures/python/quart_app.py"]);
    assert_eq!(output.status.code(), Some(1));
    let findings: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let first = &findings[0];
    let mut keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "code",
            "column",
            "end_column",
            "end_line",
            "fix",
            "help",
            "line",
            "message",
            "path",
            "related",
            "rule",
            "severity"
        ]
    );
    assert_eq!(first["code"], "BL102");
    assert_eq!(first["rule"], "loopback-default");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "fixtures/python/quart_app.py");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(7), Some(1))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(7), Some(8))
    );
    assert!(first["message"].as_str().unwrap().contains("127.0.0.1"));
    assert_eq!(
        first["help"],
        "listen on all interfaces: `host=\"0.0.0.0\"`"
    );
    assert_eq!(findings[1]["severity"], "warning");
}

#[test]
fn json_is_an_empty_array_when_clean() {
    let output = bindlint(&["--format", "json", "fixtures/python/correct_apps.py"]);
    assert_eq!(stdout(&output).trim(), "[]");
}

#[test]
fn columns_count_characters() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("app.py"), "from flask import Flask\napp = Flask(__name__)\né = 1; app.run(host=\"127.0.0.1\", port=5000)\n").unwrap();
    let output = bindlint_in(dir.path(), &["--format", "concise", "app.py"]);
    // `é` is two bytes but one column: the host literal is at character 21 (byte 22).
    assert!(
        stdout(&output).contains("app.py:3:21: error:"),
        "{}",
        stdout(&output)
    );
}

#[test]
fn concise_snapshot() {
    let output = bindlint(&[
        "--format",
        "concise",
        "fixtures/python/gunicorn_loopback",
        "fixtures/python/http_server.py",
    ]);
    insta::assert_snapshot!(stdout(&output));
}

#[test]
fn colour_never_reaches_a_pipe() {
    let output = bindlint(&["fixtures/python/quart_app.py"]);
    assert!(!stdout(&output).contains('\u{1b}'));
}

#[test]
fn rules_are_listed_and_documented() {
    let list = stdout(&bindlint(&["rules"]));
    for code in [
        "BL101", "BL102", "BL103", "BL201", "BL202", "BL203", "BL204", "BL301", "BL302", "BL303",
    ] {
        assert!(list.contains(code), "{code} missing from `bindlint rules`");
    }
    let doc = bindlint(&["rule", "bl204"]);
    assert_eq!(doc.status.code(), Some(0));
    let doc = stdout(&doc);
    assert!(doc.starts_with("# BL204 (port-env-not-int)"));
    assert!(doc.contains("## Why is this bad?") && doc.contains("## Fix"));
    assert_eq!(bindlint(&["rule", "BL999"]).status.code(), Some(2));
}

/// One tree with every kind of bad input next to a real finding: each bad file is reported on
/// stderr with its path and reason, and the finding is still reported.
#[test]
fn bad_input_is_reported_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(
        root.join("good.py"),
        "from flask import Flask\napp = Flask(__name__)\napp.run()\n",
    )
    .unwrap();
    std::fs::write(root.join("latin1.py"), b"# caf\xe9\nx = 1\n").unwrap();
    std::fs::write(root.join("binary.py"), b"\x7fELF\x00\x00\x01").unwrap();
    std::fs::write(
        root.join("broken.py"),
        "from flask import Flask\napp = Flask(__name__)\ndef f(:\n    pass\napp.run(host='localhost')\n",
    )
    .unwrap();
    std::fs::create_dir(root.join("looks_like_a_file.py")).unwrap();

    let output = bindlint_in(root, &["--format", "concise", "."]);
    let err = stderr(&output);
    let out = stdout(&output);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout: {out}\nstderr: {err}"
    );
    assert!(
        err.contains("error: latin1.py: not valid UTF-8 (invalid byte at offset 5), skipped"),
        "{err}"
    );
    assert!(
        err.contains("warning: binary.py: binary file (contains NUL bytes), skipped"),
        "{err}"
    );
    assert!(
        err.contains("warning: broken.py: syntax error at 3:"),
        "{err}"
    );
    assert!(out.contains("good.py:3:1: error:"), "{out}");
    // Findings in the parts of a broken file that parse are still reported.
    assert!(out.contains("broken.py:5:14: error:"), "{out}");
    assert!(
        out.contains("2 files scanned") || out.contains("3 files scanned"),
        "{out}"
    );
}

#[cfg(target_os = "linux")]
#[test]
fn an_unreadable_file_is_reported_and_the_run_goes_on() {
    // Root can read any mode, so make the read itself fail: /proc/self/mem at offset 0 is EIO.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::os::unix::fs::symlink("/proc/self/mem", root.join("unreadable.py")).unwrap();
    std::fs::write(root.join("good.py"), "import uvicorn\nuvicorn.run(app)\n").unwrap();
    let output = bindlint_in(root, &["--format", "concise", "unreadable.py", "good.py"]);
    let err = stderr(&output);
    assert!(
        err.contains("error: unreadable.py: cannot read file:"),
        "{err}"
    );
    assert!(stdout(&output).contains("good.py:2:1: error:"));
    assert_eq!(output.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn a_fifo_named_explicitly_is_never_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.py");
    let made = Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    assert!(made, "mkfifo is needed for this test");
    let output = bindlint_in(dir.path(), &["pipe.py"]);
    assert!(stderr(&output).contains("pipe.py: not a regular file, skipped"));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn gitignored_and_excluded_directories_are_not_walked_but_named_files_are() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let bad = "import uvicorn\nuvicorn.run(app)\n";
    for sub in [
        "node_modules/pkg",
        "venv/lib",
        "generated",
        "src",
        // `python3 -m venv env` on day one, before any .gitignore, and a library's own copy.
        "env/lib/python3.11/site-packages/uvicorn",
        "vendor/site-packages/x",
        "__pypackages__/3.11/lib",
    ] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        std::fs::write(root.join(sub).join("server.py"), bad).unwrap();
    }
    std::fs::write(root.join("env/pyvenv.cfg"), "home = /usr/bin\n").unwrap();
    std::fs::write(root.join(".gitignore"), "generated/\n").unwrap();
    let walked = stdout(&bindlint_in(root, &["--format", "concise", "."]));
    assert!(walked.contains("src/server.py:2:1"), "{walked}");
    for skipped in [
        "node_modules",
        "venv",
        "generated",
        "env/",
        "site-packages",
        "__pypackages__",
    ] {
        assert!(!walked.contains(skipped), "{skipped} was walked: {walked}");
    }
    let named = stdout(&bindlint_in(
        root,
        &["--format", "concise", "generated/server.py"],
    ));
    assert!(named.contains("generated/server.py:2:1"), "{named}");
}

#[test]
fn a_file_named_twice_is_linted_and_fixed_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    let app = dir.path().join("sub/app.py");
    std::fs::write(
        &app,
        "import os\nimport uvicorn\nuvicorn.run(app, host=\"0.0.0.0\", port=8000)\n",
    )
    .unwrap();
    let paths = [".", "sub/app.py", "./sub/app.py", "sub", "./sub/"];
    let mut args = vec!["--isolated", "--format", "concise"];
    args.extend(paths);
    let lint = bindlint_in(dir.path(), &args);
    assert_eq!(
        stdout(&lint),
        "sub/app.py:3:39: warning: port 8000 is hard-coded: the platform passes the port to \
         listen on in `PORT` [BL201]\n1 problem (0 errors, 1 warning) in 1 file, 1 file \
         scanned\n[*] 1 fixable with --fix.\n"
    );

    args.push("--fix");
    let fix = bindlint_in(dir.path(), &args);
    assert_eq!(stderr(&fix), "");
    assert_eq!(fix.status.code(), Some(0), "{}", stdout(&fix));
    assert!(
        stdout(&fix).contains("Fixed 1 problem in 1 file."),
        "{}",
        stdout(&fix)
    );
    assert_eq!(
        std::fs::read_to_string(&app).unwrap(),
        "import os\nimport uvicorn\nuvicorn.run(app, host=\"0.0.0.0\", port=int(os.environ.get(\"PORT\", \"8000\")))\n"
    );
}

#[test]
fn ruffs_command_line_conventions() {
    let concise = |output: &Output| stdout(output).lines().filter(|l| l.contains("[BL")).count();
    let file = "fixtures/python/quart_app.py";
    // `bindlint check` is the bare command; `--output-format` is `--format`, also from the
    // environment; `-o` writes the report to a file.
    let bare = bindlint(&["--format", "concise", file]);
    let check = bindlint(&["check", "--output-format", "concise", file]);
    assert_eq!(bare.status.code(), Some(1));
    assert_eq!(check.status.code(), Some(1));
    assert_eq!(stdout(&bare), stdout(&check));
    assert_eq!(concise(&check), 3);
    let from_env = Command::new(env!("CARGO_BIN_EXE_bindlint"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("BINDLINT_OUTPUT_FORMAT", "concise")
        .args(["check", file])
        .output()
        .unwrap();
    assert_eq!(stdout(&from_env), stdout(&check));
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.json");
    let written = bindlint(&[
        "check",
        "--output-format",
        "json",
        "-o",
        &report.to_string_lossy(),
        file,
    ]);
    assert_eq!(written.status.code(), Some(1));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&report).unwrap()).unwrap();
    assert_eq!(json.as_array().map(Vec::len), Some(3));
    // `--color always` colours even into a pipe; `never` and `--no-color` never do.
    let coloured = bindlint(&["--color", "always", file]);
    assert!(
        stdout(&coloured).contains("\u{1b}["),
        "{}",
        stdout(&coloured)
    );
    for plain in [&["--color", "never", file][..], &["--no-color", file][..]] {
        assert!(!stdout(&bindlint(plain)).contains("\u{1b}["));
    }
    // `-` reads standard input, named by --stdin-filename.
    let source = b"from flask import Flask\napp = Flask(__name__)\napp.run(host=\"127.0.0.1\")\n";
    let piped = common::bindlint_with_stdin(
        Path::new(env!("CARGO_MANIFEST_DIR")),
        &[
            "check",
            "--output-format",
            "concise",
            "--stdin-filename",
            "app.py",
            "-",
        ],
        source,
    );
    assert_eq!(piped.status.code(), Some(1));
    assert!(
        stdout(&piped).contains("app.py:3:14: error:"),
        "{}",
        stdout(&piped)
    );
    // (No input: bindlint refuses before it reads, and a write could meet a closed pipe.)
    let unnamed = common::bindlint_with_stdin(Path::new(env!("CARGO_MANIFEST_DIR")), &["-"], b"");
    assert_eq!(unnamed.status.code(), Some(2));
    assert!(stderr(&unnamed).contains("give --stdin-filename PATH too"));
    // A misspelt flag gets clap's suggestion.
    let typo = bindlint(&["--output-fromat", "json", file]);
    assert_eq!(typo.status.code(), Some(2));
    assert!(
        stderr(&typo).contains("--output-format"),
        "{}",
        stderr(&typo)
    );
}

#[test]
fn warnings_many_files_share_are_one_line_unless_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let bundle = format!("var a=1;{}", "a=a+1;".repeat(20_000));
    for name in ["a.min.js", "b.js", "c.js"] {
        std::fs::write(dir.path().join(name), &bundle).unwrap();
    }
    std::fs::write(dir.path().join("blob.py"), b"\0\x01binary").unwrap();
    let quiet = stderr(&bindlint_in(dir.path(), &["."]));
    let minified = "minified or generated code, skipped (`--include-minified` lints it)";
    assert!(
        quiet.contains(&format!(
            "warning: 3 files: {minified} (a.min.js, b.js and 1 more; --verbose lists them)"
        )),
        "{quiet}"
    );
    // A reason only one file has is said as before.
    assert!(quiet.contains("warning: blob.py: "), "{quiet}");
    assert_eq!(
        quiet.lines().filter(|l| l.starts_with("warning:")).count(),
        2,
        "{quiet}"
    );
    let verbose = stderr(&bindlint_in(dir.path(), &["--verbose", "."]));
    for name in ["a.min.js", "b.js", "c.js"] {
        assert!(
            verbose.contains(&format!("warning: {name}: {minified}")),
            "{verbose}"
        );
    }
}

#[test]
fn every_usage_and_config_error_has_one_style() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bindlint.toml"), "selct = [\"BL1\"]\n").unwrap();
    let cases: Vec<Output> = vec![
        bindlint(&["--no-such-flag"]),
        bindlint(&["--isolated", "--select", "BL1O1", "."]),
        bindlint(&["rule", "BL1O1"]),
        bindlint_in(dir.path(), &["."]),
    ];
    for output in cases {
        assert_eq!(output.status.code(), Some(2));
        let err = stderr(&output);
        // `error: <what>` at the margin, then at most a snippet and an indented help or tip.
        assert!(err.starts_with("error: "), "{err}");
        assert!(
            err.contains("  help: ") || err.contains("  tip: "),
            "no help: {err}"
        );
        assert!(!err.contains("bindlint::"), "{err}");
    }
}
