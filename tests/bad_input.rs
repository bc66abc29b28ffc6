//! The bad-input matrix: everything a repository can hold that is not tidy source. Each case
//! sits next to a good file with a known finding, and each test checks that the bad file gets
//! a clear message naming its path (or, where there is nothing wrong, none), that the good
//! finding is still reported, and that the exit status is the documented one.

mod common;

use std::path::Path;

use common::{bindlint_in, project, stderr, stdout};

/// A Flask app whose `app.run()` is BL102 + BL202 at 3:1.
const GOOD_APP: &str = "from flask import Flask\napp = Flask(__name__)\napp.run()\n";

/// Runs bindlint in a temporary tree holding `good.py` and the given files, in concise format.
struct Run {
    stdout: String,
    stderr: String,
    code: Option<i32>,
}

fn run_with(files: &[(&str, &[u8])], args: &[&str]) -> Run {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    run_in(dir.path(), args)
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    std::fs::write(dir.join("good.py"), GOOD_APP).unwrap();
    let mut all = vec!["--isolated", "--format", "concise"];
    all.extend_from_slice(args);
    if !args.iter().any(|a| !a.starts_with('-')) {
        all.push(".");
    }
    let output = bindlint_in(dir, &all);
    Run {
        stdout: stdout(&output),
        stderr: stderr(&output),
        code: output.status.code(),
    }
}

impl Run {
    /// The good file's findings are there and the run ended with findings (exit 1).
    fn assert_good_reported(&self) {
        assert!(
            self.stdout.contains("good.py:3:1: error:"),
            "stdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
        assert_eq!(self.code, Some(1), "stderr: {}", self.stderr);
    }

    fn assert_stderr(&self, expected: &str) {
        assert!(
            self.stderr.contains(expected),
            "expected {expected:?} on stderr, got:\n{}",
            self.stderr
        );
    }

    fn assert_quiet(&self) {
        assert!(self.stderr.is_empty(), "stderr: {}", self.stderr);
    }
}

#[test]
fn an_empty_file_is_clean() {
    let run = run_with(
        &[("empty.py", b""), ("empty.js", b""), ("Procfile", b"")],
        &[],
    );
    run.assert_quiet();
    run.assert_good_reported();
    assert!(run.stdout.contains("4 files scanned"), "{}", run.stdout);
}

#[test]
fn a_file_that_is_only_a_byte_order_mark_is_clean() {
    let run = run_with(
        &[("bom.py", b"\xef\xbb\xbf"), ("bom.ts", b"\xef\xbb\xbf")],
        &[],
    );
    run.assert_quiet();
    run.assert_good_reported();
}

#[test]
fn a_byte_order_mark_does_not_shift_columns() {
    let run = run_with(
        &[(
            "bom_app.py",
            b"\xef\xbb\xbfimport uvicorn\nuvicorn.run(app, host=\"127.0.0.1\", port=8000)\n",
        )],
        &[],
    );
    run.assert_quiet();
    assert!(
        run.stdout.contains("bom_app.py:2:23: error:"),
        "{}",
        run.stdout
    );
}

#[test]
fn utf16_files_with_a_byte_order_mark_are_decoded_and_linted_in_place() {
    let text = "\u{feff}from flask import Flask\napp = Flask(__name__)\n# é\napp.run(host=\"localhost\")\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let run = run_with(&[("utf16le.py", &le), ("utf16be.py", &be)], &[]);
    run.assert_quiet();
    // Columns count the file's characters, as for UTF-8.
    for name in ["utf16le.py", "utf16be.py"] {
        assert!(
            run.stdout.contains(&format!("{name}:4:14: error:")),
            "{}",
            run.stdout
        );
    }
    run.assert_good_reported();
}

#[test]
fn broken_utf16_is_reported_and_skipped() {
    // A byte-order mark, then an odd number of bytes.
    let run = run_with(&[("broken.py", &[0xff, 0xfe, b'a'])], &[]);
    run.assert_stderr(
        "error: broken.py: not valid UTF-16 (it starts with a UTF-16 byte-order mark), skipped",
    );
    run.assert_good_reported();
}

#[test]
fn fixing_a_utf16_file_writes_it_back_in_utf16() {
    let dir = project("utf16_fix", &[("app.py", "")]);
    let text = "\u{feff}import os\r\nfrom flask import Flask\r\napp = Flask(__name__)\r\napp.run(host=\"127.0.0.1\", port=int(os.environ[\"PORT\"]))\r\n";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(dir.join("app.py"), &bytes).unwrap();
    let output = bindlint_in(&dir, &["--isolated", "--fix", "--unsafe-fixes", "app.py"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let fixed = std::fs::read(dir.join("app.py")).unwrap();
    let expected = text.replace("127.0.0.1", "0.0.0.0");
    let expected: Vec<u8> = expected.encode_utf16().flat_map(u16::to_le_bytes).collect();
    assert_eq!(fixed, expected);
}

#[test]
fn invalid_utf8_in_a_string_literal_is_reported() {
    let run = run_with(
        &[(
            "latin1.js",
            b"const greeting = \"caf\xe9\";\napp.listen(3000);\n",
        )],
        &[],
    );
    run.assert_stderr("error: latin1.js: not valid UTF-8 (invalid byte at offset 21), skipped");
    run.assert_good_reported();
}

#[test]
fn nul_bytes_mark_a_binary_file() {
    let run = run_with(&[("data.js", b"app.listen(3000)\0\0\0")], &[]);
    run.assert_stderr("warning: data.js: binary file (contains NUL bytes), skipped");
    run.assert_good_reported();
}

#[test]
fn a_ten_megabyte_minified_bundle_is_skipped_with_a_note() {
    let chunk = "var a=function(b){return b.listen(3000)};";
    let bundle = chunk.repeat(10_000_000 / chunk.len());
    let run = run_with(&[("bundle.js", bundle.as_bytes())], &[]);
    run.assert_stderr(
        "warning: bundle.js: minified or generated code, skipped (`--include-minified` lints it)",
    );
    run.assert_good_reported();
}

#[test]
fn include_minified_lints_a_minified_file() {
    // Small enough to parse quickly in a test, large enough to count as minified.
    let chunk = "var a=function(b){return b};";
    let mut bundle = chunk.repeat(40_000 / chunk.len());
    bundle.push_str("require('http').createServer().listen(3000);");
    let skipped = run_with(&[("bundle.js", bundle.as_bytes())], &[]);
    assert!(!skipped.stdout.contains("bundle.js:"), "{}", skipped.stdout);
    let linted = run_with(&[("bundle.js", bundle.as_bytes())], &["--include-minified"]);
    linted.assert_quiet();
    assert!(
        linted.stdout.contains("bundle.js:1:40023: warning:"),
        "{}",
        linted.stdout
    );
}

#[test]
fn a_file_over_the_size_limit_is_skipped_with_a_note() {
    let big = format!("{}app.listen(3000)\n", "// padding\n".repeat(200));
    let run = run_with(&[("big.js", big.as_bytes())], &["--max-file-size", "1000"]);
    run.assert_stderr("warning: big.js: 2.2 KiB is over the 1000 B `max-file-size` limit, skipped");
    run.assert_good_reported();

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("big.js"), &big).unwrap();
    std::fs::write(dir.path().join("bindlint.toml"), "max-file-size = 2048\n").unwrap();
    std::fs::write(dir.path().join("good.py"), GOOD_APP).unwrap();
    let output = bindlint_in(dir.path(), &["--format", "concise", "."]);
    let err = stderr(&output);
    assert!(
        err.contains("big.js: 2.2 KiB is over the 2 KiB `max-file-size` limit, skipped"),
        "{err}"
    );

    std::fs::write(dir.path().join("bindlint.toml"), "max-file-size = -1\n").unwrap();
    let output = bindlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("`max-file-size` must be a positive number of bytes"),
        "{err}"
    );
}

#[test]
fn ten_thousand_nested_brackets_do_not_overflow_the_stack() {
    let depth = 10_000;
    let python = format!(
        "import uvicorn\nPORT = {}8000{}\nuvicorn.run(app, port=PORT)\n",
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let javascript = format!(
        "const port = {}3000{};\napp.listen({}port{});\n",
        "[".repeat(depth),
        "]".repeat(depth),
        "(".repeat(depth),
        ")".repeat(depth)
    );
    let run = run_with(
        &[
            ("deep.py", python.as_bytes()),
            ("deep.js", javascript.as_bytes()),
        ],
        &["--threads", "2"],
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.assert_good_reported();
}

#[test]
fn ten_thousand_deep_files_of_every_kind_are_linted_and_fixed() {
    let depth = 10_000;
    let open = |token: &str, end: &str| (token.repeat(depth), end.repeat(depth));
    let (dicts, dicts_end) = open("{\"a\": ", "}");
    let (parens, parens_end) = open("(", ")");
    let (objects, objects_end) = open("{a: ", "}");
    let (arrays, arrays_end) = open("[", "]");
    let python = format!(
        "import uvicorn\nopts = {dicts}1{dicts_end}\nuvicorn.run(app, host=\"127.0.0.1\", port={parens}8000{parens_end})\n"
    );
    let javascript =
        format!("const o = {objects}1{objects_end};\napp.listen({parens}3000{parens_end}, \"localhost\");\n");
    let package_json = format!(
        "{{\"scripts\": {{\"start\": \"uvicorn main:app\"}}, \"x\": {arrays}1{arrays_end}}}\n"
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("deep.py", &python),
        ("deep.js", &javascript),
        ("package.json", &package_json),
    ] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let lint = run_in(dir.path(), &["--include-minified"]);
    lint.assert_quiet();
    lint.assert_good_reported();
    for finding in [
        "deep.py:3:23: error:",
        &format!(
            "deep.js:2:{}: error:",
            "app.listen(".len() + 2 * depth + "3000, ".len() + 1
        ),
        "package.json:1:24: error:",
        "package.json:1:24: warning:",
    ] {
        assert!(lint.stdout.contains(finding), "{finding}: {}", lint.stdout);
    }
    let fix = run_in(
        dir.path(),
        &["--include-minified", "--fix", "--unsafe-fixes"],
    );
    assert!(!fix.stderr.contains("panicked"), "{}", fix.stderr);
    assert_eq!(fix.code, Some(0), "{}\n{}", fix.stdout, fix.stderr);
    let read = |name: &str| std::fs::read_to_string(dir.path().join(name)).unwrap();
    assert!(read("deep.py").contains("host=\"0.0.0.0\""));
    assert!(read("deep.js").ends_with(", \"0.0.0.0\");\n"));
    assert!(read("package.json")
        .contains("\"start\": \"uvicorn --port $PORT --host 0.0.0.0 main:app\""));
}

#[test]
fn a_hundred_thousand_line_file_is_linted_to_its_last_line() {
    let mut text = String::from("import uvicorn\n");
    for i in 0..100_000 {
        text.push_str(&format!("value_{i} = {i}\n"));
    }
    text.push_str("uvicorn.run(app, host=\"localhost\", port=8000)\n");
    let run = run_with(&[("generated.py", text.as_bytes())], &[]);
    run.assert_quiet();
    assert!(
        run.stdout.contains("generated.py:100002:23: error:"),
        "{}",
        run.stdout
    );
    run.assert_good_reported();
}

#[test]
fn crlf_and_mixed_line_endings_keep_lines_and_columns() {
    let run = run_with(
        &[
            (
                "crlf.py",
                b"import uvicorn\r\n\r\nuvicorn.run(app, host=\"localhost\", port=8000)\r\n",
            ),
            (
                "mixed.js",
                b"const http = require('http');\r\nconst s = http.createServer();\ns.listen(3000, 'localhost');\r\n",
            ),
        ],
        &[],
    );
    run.assert_quiet();
    assert!(
        run.stdout.contains("crlf.py:3:23: error:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("mixed.js:3:10: warning:"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("mixed.js:3:16: error:"),
        "{}",
        run.stdout
    );
}

#[cfg(unix)]
#[test]
fn a_symlink_loop_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("loop.py", dir.path().join("loop.py")).unwrap();
    let run = run_in(dir.path(), &[]);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    run.assert_good_reported();
    assert!(run.stdout.contains("1 file scanned"), "{}", run.stdout);
}

/// A tree whose `linked` is a symbolic link to a directory outside it, which holds `server.py`
/// with BL101 at 2:23. Both directories are returned, to live as long as the test.
#[cfg(unix)]
fn tree_with_a_link_out() -> (tempfile::TempDir, tempfile::TempDir) {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("server.py"),
        "import uvicorn\nuvicorn.run(app, host='localhost', port=1)\n",
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("linked")).unwrap();
    (outside, dir)
}

#[cfg(unix)]
#[test]
fn a_symlink_out_of_the_tree_is_not_followed() {
    let (outside, dir) = tree_with_a_link_out();
    std::os::unix::fs::symlink(
        outside.path().join("server.py"),
        dir.path().join("linked_server.py"),
    )
    .unwrap();
    let run = run_in(dir.path(), &[]);
    assert!(!run.stdout.contains("server.py"), "{}", run.stdout);
    run.assert_good_reported();
    assert!(run.stdout.contains("1 file scanned"), "{}", run.stdout);
}

/// Runs bindlint in `dir` (which must hold `good.py`) as a user whom file permissions apply
/// to. Root reads anything, so when the tests run as root (as CI does) the binary is copied where
/// every user may run it and started as `nobody`; the tree is opened up to that user, but for
/// what the test locked.
#[cfg(unix)]
fn run_as_unprivileged_user(dir: &Path) -> Run {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    use std::os::unix::process::CommandExt;
    let probe = dir.join(".owner-probe");
    std::fs::write(&probe, "").unwrap();
    let running_as_root = std::fs::metadata(&probe).unwrap().uid() == 0;
    std::fs::remove_file(&probe).unwrap();
    let mut command;
    let _binary_dir;
    if running_as_root {
        const NOBODY: u32 = 65534;
        let binary_dir = tempfile::tempdir().unwrap();
        let binary = binary_dir.path().join("bindlint");
        std::fs::copy(env!("CARGO_BIN_EXE_bindlint"), &binary).unwrap();
        for path in [binary_dir.path(), dir] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        command = std::process::Command::new(&binary);
        command.uid(NOBODY).gid(NOBODY);
        _binary_dir = binary_dir;
    } else {
        command = std::process::Command::new(env!("CARGO_BIN_EXE_bindlint"));
    }
    let output = command
        .args(["--isolated", "--format", "concise", "."])
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("bindlint runs as an unprivileged user");
    Run {
        stdout: stdout(&output),
        stderr: stderr(&output),
        code: output.status.code(),
    }
}

#[cfg(unix)]
#[test]
fn follow_links_reads_out_of_the_tree_and_reports_loops_and_broken_links() {
    let (_outside, dir) = tree_with_a_link_out();
    std::fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("..", dir.path().join("sub/loop")).unwrap();
    std::os::unix::fs::symlink("nowhere.py", dir.path().join("broken.py")).unwrap();
    let run = run_in(dir.path(), &["--follow-links"]);
    assert!(
        run.stdout.contains("linked/server.py:2:23: error:"),
        "{}",
        run.stdout
    );
    run.assert_good_reported();
    run.assert_stderr("error: sub/loop: symbolic link loop (back to .), not followed");
    run.assert_stderr("error: broken.py: broken symbolic link, skipped");
    assert!(run.stdout.contains("2 files scanned"), "{}", run.stdout);

    // Fixes never write through a link, so following links and fixing do not go together.
    let fix = run_in(dir.path(), &["-L", "--fix"]);
    assert_eq!(fix.code, Some(2));
    fix.assert_stderr("cannot be used with");
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_and_directory_are_reported_and_the_run_goes_on() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("good.py"), GOOD_APP).unwrap();
    let locked_file = dir.path().join("locked.py");
    std::fs::write(&locked_file, GOOD_APP).unwrap();
    let locked_dir = dir.path().join("locked");
    std::fs::create_dir(&locked_dir).unwrap();
    std::fs::write(locked_dir.join("app.py"), GOOD_APP).unwrap();
    for path in [&locked_file, &locked_dir] {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).unwrap();
    }
    let run = run_as_unprivileged_user(dir.path());
    std::fs::set_permissions(&locked_dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    run.assert_good_reported();
    run.assert_stderr("error: locked.py: cannot read file: permission denied");
    run.assert_stderr("error: locked: cannot read directory: permission denied");
    assert!(!run.stdout.contains("locked"), "{}", run.stdout);
    assert!(run.stdout.contains("1 file scanned"), "{}", run.stdout);
}

#[test]
fn a_file_deleted_between_walk_and_read_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let gone = dir.path().join("gone.py");
    let (report, _) = bindlint::run::check_path(
        &gone,
        "gone.py",
        bindlint::lang::FileKind::Python,
        &bindlint::run::RunOptions::default(),
    );
    assert!(report.findings.is_empty());
    assert_eq!(report.problems.len(), 1);
    assert_eq!(report.problems[0].path, "gone.py");
    assert!(
        report.problems[0]
            .message
            .starts_with("cannot read file: no such file (deleted while bindlint ran?)"),
        "{}",
        report.problems[0].message
    );
}

#[test]
fn paths_with_spaces_unicode_and_leading_dashes() {
    let bad = b"import uvicorn\nuvicorn.run(app, host='localhost', port=8000)\n";
    let files: &[(&str, &[u8])] = &[
        ("my app/server one.py", bad),
        ("sérveur/aplicación.py", bad),
        ("-dash.py", bad),
    ];
    let walked = run_with(files, &[]);
    walked.assert_quiet();
    for name in ["my app/server one.py", "sérveur/aplicación.py", "-dash.py"] {
        assert!(
            walked.stdout.contains(&format!("{name}:2:23: error:")),
            "{name}: {}",
            walked.stdout
        );
    }
    let named = run_with(files, &["--", "-dash.py", "my app/server one.py"]);
    assert!(
        named.stdout.contains("-dash.py:2:23: error:"),
        "{}",
        named.stdout
    );
    assert!(
        named.stdout.contains("my app/server one.py:2:23: error:"),
        "{}",
        named.stdout
    );
}

#[test]
fn a_directory_named_like_a_source_file_is_walked_into() {
    let run = run_with(&[("app.py/inner.py", GOOD_APP.as_bytes())], &[]);
    run.assert_quiet();
    assert!(
        run.stdout.contains("app.py/inner.py:3:1: error:"),
        "{}",
        run.stdout
    );
    run.assert_good_reported();
}

#[test]
fn a_package_json_that_is_not_json_is_reported() {
    let run = run_with(
        &[(
            "package.json",
            b"{ \"scripts\": { \"start\": \"node server.js\", } ",
        )],
        &[],
    );
    run.assert_stderr("warning: package.json: syntax error at 1:");
    run.assert_good_reported();
}

#[test]
fn a_dockerfile_with_an_unterminated_exec_array_is_reported() {
    let run = run_with(
        &[(
            "Dockerfile",
            b"FROM python:3.12\nCMD [\"uvicorn\", \"main:app\", \"--port\", \"8000\"\n",
        )],
        &[],
    );
    run.assert_stderr("warning: Dockerfile: syntax error at 2:5;");
    run.assert_good_reported();
}

#[test]
fn a_config_with_a_typo_is_an_error_with_a_snippet() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bindlint.toml"), "selct = [\"BL1\"]\n").unwrap();
    std::fs::write(dir.path().join("good.py"), GOOD_APP).unwrap();
    let output = bindlint_in(dir.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(err.contains("unknown key `selct`"), "{err}");
    assert!(err.contains("did you mean `select`?"), "{err}");
    assert!(err.contains("bindlint.toml:1:1"), "{err}");
}

#[test]
fn typescript_the_grammar_cannot_read_is_not_called_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("server.ts"),
        "interface State<in out T> { get: () => T }\nimport express from \"express\";\n\
         express().listen(3000, \"127.0.0.1\");\n",
    )
    .unwrap();
    let output = bindlint_in(dir.path(), &["--isolated", "--format", "concise", "."]);
    let err = stderr(&output);
    assert!(
        err.contains("uses `in`/`out` variance annotations"),
        "{err}"
    );
    assert!(!err.contains("syntax error"), "{err}");
    assert!(
        stdout(&output).contains("server.ts:3:24: error:"),
        "{}",
        stdout(&output)
    );
}
