//! `--fix`, `--unsafe-fixes` and `--diff`: every fix on every fixture (each file's diff is in
//! its snapshot, `tests/fixture_snapshots.rs`), what is left afterwards, idempotence, and the
//! byte-for-byte promises (CRLF, BOM, permissions, untouched files, read-only files, stdin).

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use bindlint::lang::FileKind;
use common::{bindlint_in, bindlint_with_stdin, stderr, stdout};

/// A copy of `fixtures/` in a temporary directory, to fix without touching the real one.
fn fixtures_copy() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let dir = tempfile::tempdir().unwrap();
    for entry in walkdir::WalkDir::new(&root) {
        let entry = entry.unwrap();
        let target = dir.path().join(entry.path().strip_prefix(&root).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else if entry.file_type().is_file() {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
    dir
}

/// Every file under `dir` with its bytes, by relative path.
fn contents(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files: Vec<(PathBuf, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e.path().strip_prefix(dir).unwrap().to_path_buf();
            (relative, fs::read(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

fn json_findings(dir: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["."];
    all.extend_from_slice(args);
    common::json_run(dir, &all).0
}

#[test]
fn fixing_the_fixtures_leaves_no_fixable_finding_and_breaks_no_file() {
    let dir = fixtures_copy();
    let before = contents(dir.path());
    let fixable_before = json_findings(dir.path(), &[])
        .iter()
        .filter(|f| !f["fix"].is_null())
        .count();
    assert!(fixable_before > 100, "{fixable_before}");

    let diff = bindlint_in(dir.path(), &["--isolated", "--diff", "--unsafe-fixes", "."]);
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    assert_eq!(contents(dir.path()), before, "--diff writes nothing");

    let fixed = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "-q", "."],
    );
    assert!(
        !stderr(&fixed).contains("not applied"),
        "{}",
        stderr(&fixed)
    );
    let after = contents(dir.path());
    assert_eq!(before.len(), after.len(), "no file created or removed");

    // `--diff` showed exactly what `--fix` then wrote (files in the order of their paths).
    let mut expected: Vec<(String, String)> = Vec::new();
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if old != new {
            let display = path.to_string_lossy().into_owned();
            let diff = bindlint::fix::unified_diff(
                &display,
                std::str::from_utf8(old).unwrap(),
                std::str::from_utf8(new).unwrap(),
            );
            expected.push((display, diff));
        }
    }
    expected.sort();
    let expected: String = expected.into_iter().map(|(_, diff)| diff).collect();
    assert_eq!(stdout(&diff), expected);

    // Every fixed file parses at least as well as before.
    for ((path, old), (_, new)) in before.iter().zip(&after) {
        if old == new {
            continue;
        }
        let kind = FileKind::of(path).unwrap_or(FileKind::WrapperScript);
        let errors = |bytes: &[u8]| {
            bindlint::lang::syntax_error_count(kind, std::str::from_utf8(bytes).unwrap()).unwrap()
        };
        assert!(
            errors(new) <= errors(old),
            "{} has new syntax errors",
            path.display()
        );
    }

    let left = json_findings(dir.path(), &[]);
    let fixable: Vec<_> = left.iter().filter(|f| !f["fix"].is_null()).collect();
    assert!(fixable.is_empty(), "{fixable:#?}");
    assert!(!left.is_empty(), "findings without a fix stay reported");

    // A second run changes nothing.
    let again = bindlint_in(dir.path(), &["--isolated", "--fix", "--unsafe-fixes", "."]);
    assert_eq!(contents(dir.path()), after);
    assert!(!stdout(&again).contains("Fixed"), "{}", stdout(&again));
    let diff = bindlint_in(dir.path(), &["--isolated", "--diff", "--unsafe-fixes", "."]);
    assert_eq!(diff.status.code(), Some(0));
    assert_eq!(stdout(&diff), "");
}

#[test]
fn safe_fixes_alone_leave_the_unsafe_ones() {
    let dir = fixtures_copy();
    let output = bindlint_in(dir.path(), &["--isolated", "--fix", "."]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).contains("Fixed "), "{}", stdout(&output));
    let left = json_findings(dir.path(), &[]);
    let applicability: Vec<&str> = left
        .iter()
        .filter_map(|f| f["fix"]["applicability"].as_str())
        .collect();
    assert!(
        applicability.iter().all(|a| *a == "unsafe"),
        "{applicability:?}"
    );
    assert!(applicability.len() > 20);
    // Host fixes are unsafe: the loopback hosts are all still there.
    let hosts = left
        .iter()
        .filter(|f| f["code"] == "BL101" || f["code"] == "BL102")
        .count();
    assert!(hosts > 10);
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, text).unwrap();
    path
}

#[test]
fn crlf_and_bom_survive_byte_for_byte() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "app.py",
        "\u{feff}\"\"\"Doc.\"\"\"\r\nfrom flask import Flask\r\napp = Flask(__name__)\r\napp.run(port=5000)\r\n# end\r\n",
    );
    let output = bindlint_in(dir.path(), &["--isolated", "--fix", "app.py"]);
    assert_eq!(output.status.code(), Some(1), "BL102 (unsafe) is left");
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "\u{feff}\"\"\"Doc.\"\"\"\r\nimport os\r\nfrom flask import Flask\r\napp = Flask(__name__)\r\napp.run(port=int(os.environ.get(\"PORT\", \"5000\")))\r\n# end\r\n"
    );

    let js = write(
        dir.path(),
        "server.js",
        "\u{feff}const app = require(\"express\")();\r\napp.listen(3000, 'localhost');\r\n",
    );
    bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "server.js"],
    );
    assert_eq!(
        fs::read_to_string(&js).unwrap(),
        "\u{feff}const app = require(\"express\")();\r\napp.listen(Number(process.env.PORT) || 3000, '0.0.0.0');\r\n"
    );
}

#[cfg(unix)]
#[test]
fn permissions_are_kept_and_untouched_files_keep_their_mtime() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let fixable = write(
        dir.path(),
        "Procfile",
        "web: uvicorn main:app --host 0.0.0.0 --port 8000\n",
    );
    fs::set_permissions(&fixable, fs::Permissions::from_mode(0o640)).unwrap();
    let clean = write(
        dir.path(),
        "main.py",
        "import os\nimport uvicorn\nuvicorn.run(app, host=\"0.0.0.0\", port=int(os.environ[\"PORT\"]))\n",
    );
    let unsafe_only = write(
        dir.path(),
        "dev.py",
        "import os\nimport uvicorn\nuvicorn.run(app, host=\"127.0.0.1\", port=int(os.environ['PORT']))\n",
    );
    let mtime = |path: &Path| fs::metadata(path).unwrap().modified().unwrap();
    let (clean_before, unsafe_before) = (mtime(&clean), mtime(&unsafe_only));
    std::thread::sleep(std::time::Duration::from_millis(20));

    let output = bindlint_in(
        dir.path(),
        &[
            "--isolated",
            "--fix",
            "--unsafe-fixes",
            "Procfile",
            "main.py",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(&fixable).unwrap(),
        "web: uvicorn main:app --host 0.0.0.0 --port $PORT\n"
    );
    let mode = fs::metadata(&fixable).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(mtime(&clean), clean_before);

    bindlint_in(dir.path(), &["--isolated", "--fix", "dev.py"]);
    assert_eq!(
        mtime(&unsafe_only),
        unsafe_before,
        "an unsafe fix is not applied by --fix"
    );
    let leftovers: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".bindlint"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_reported_and_left_alone() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let text = "web: gunicorn -b 0.0.0.0:8000 app:app\n";
    let path = write(dir.path(), "Procfile", text);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    let other = write(
        dir.path(),
        "other.py",
        "import uvicorn\nuvicorn.run(app, host=\"0.0.0.0\")\n",
    );

    let output = bindlint_in(dir.path(), &["--isolated", "--fix", "--unsafe-fixes", "."]);
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(
        stderr(&output).contains("Procfile: the file is read-only, not fixed"),
        "{}",
        stderr(&output)
    );
    // The finding is still reported, and the other file was fixed.
    assert!(stdout(&output).contains("BL302"), "{}", stdout(&output));
    assert!(fs::read_to_string(&other)
        .unwrap()
        .contains("os.environ.get(\"PORT\", \"8000\")"));
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn stdin_fix_prints_the_fixed_source_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = bindlint_with_stdin(
        dir.path(),
        &["--isolated", "--fix", "--stdin-filename", "app.py"],
        b"import os\nimport uvicorn\nuvicorn.run(app, host=\"0.0.0.0\", port=os.environ[\"Port\"])\n",
    );
    assert_eq!(
        stdout(&output),
        "import os\nimport uvicorn\nuvicorn.run(app, host=\"0.0.0.0\", port=int(os.environ[\"PORT\"]))\n"
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn json_carries_the_edits() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "app.py",
        "from flask import Flask\napp = Flask(__name__)\napp.run(host='localhost')\n",
    );
    let findings = json_findings(dir.path(), &[]);
    let host = findings.iter().find(|f| f["code"] == "BL101").unwrap();
    assert_eq!(
        host["fix"],
        serde_json::json!({
            "applicability": "unsafe",
            "message": "Listen on all interfaces (`0.0.0.0`)",
            "edits": [{
                "content": "0.0.0.0",
                "location": {"line": 3, "column": 15},
                "end_location": {"line": 3, "column": 24}
            }]
        })
    );
}

#[test]
fn config_enables_unsafe_fixes_and_turns_rules_unfixable() {
    let dir = tempfile::tempdir().unwrap();
    let source = "import uvicorn\nuvicorn.run(app, host=\"127.0.0.1\", port=8000)\n";
    let path = write(dir.path(), "main.py", source);
    write(
        dir.path(),
        "bindlint.toml",
        "unsafe-fixes = true\nunfixable = [\"BL2\"]\n",
    );
    let output = bindlint_in(dir.path(), &["--format", "json", "main.py"]);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    let fix_of = |code: &str| {
        findings
            .iter()
            .find(|f| f["code"] == code)
            .map(|f| f["fix"].clone())
            .unwrap()
    };
    assert!(fix_of("BL201").is_null(), "BL2 is unfixable");
    assert_eq!(fix_of("BL101")["applicability"], "unsafe");

    // `--no-unsafe-fixes` wins over the config: nothing is left to apply.
    bindlint_in(dir.path(), &["--fix", "--no-unsafe-fixes", "main.py"]);
    assert_eq!(fs::read_to_string(&path).unwrap(), source);
    let output = bindlint_in(dir.path(), &["--fix", "main.py"]);
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "import uvicorn\nuvicorn.run(app, host=\"0.0.0.0\", port=8000)\n"
    );
    assert!(
        stdout(&output).contains("Fixed 1 problem in 1 file."),
        "{}",
        stdout(&output)
    );
}

#[test]
fn a_fix_that_does_not_remove_its_finding_is_undone_and_reported() {
    // The broken string makes the call's arguments parse oddly: wrapping the port does not
    // remove BL201, so the fix must not be applied (and must not be applied again and again).
    let dir = tempfile::tempdir().unwrap();
    let text = "from flask import Flask\napp = Flask(__name__)\nPORT_X = 5000\napp.run(\"l\nocalhost\", PORT_X)\n";
    let path = write(dir.path(), "broken.py", text);
    let output = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "broken.py"],
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(
        stderr(&output)
            .contains("broken.py: the BL201 fix at 5:12 did not remove the finding, not applied"),
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn one_edit_that_clears_two_findings_counts_both() {
    // `runserver` alone is BL301 (loopback) and BL302 (port 8000): one edit fixes both.
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "Procfile", "web: python manage.py runserver\n");
    let diff = bindlint_in(
        dir.path(),
        &["--isolated", "--diff", "--unsafe-fixes", "Procfile"],
    );
    assert!(
        stderr(&diff).contains("Would fix 2 problems in 1 file."),
        "{}",
        stderr(&diff)
    );
    let fixed = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "Procfile"],
    );
    assert_eq!(
        fs::read_to_string(&path).unwrap(),
        "web: python manage.py runserver 0.0.0.0:$PORT\n"
    );
    assert!(
        stdout(&fixed).contains("Fixed 2 problems in 1 file."),
        "{}",
        stdout(&fixed)
    );
    assert_eq!(fixed.status.code(), Some(0), "{}", stderr(&fixed));
}

#[cfg(unix)]
#[test]
fn the_owner_is_kept_and_a_hard_linked_file_is_left_alone() {
    use std::os::unix::fs::MetadataExt;
    let dir = tempfile::tempdir().unwrap();
    let text = "web: uvicorn main:app --host 0.0.0.0 --port 8000\n";
    let owned = write(dir.path(), "Procfile", text);
    // As root (as CI runs) the file can belong to someone else, as a user's checkout does.
    let nobody = 65534;
    let given_away = std::os::unix::fs::chown(&owned, Some(nobody), Some(nobody)).is_ok();
    let owner_before = fs::metadata(&owned).map(|m| (m.uid(), m.gid())).unwrap();
    let output = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "Procfile"],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        fs::read_to_string(&owned).unwrap(),
        "web: uvicorn main:app --host 0.0.0.0 --port $PORT\n"
    );
    let owner_after = fs::metadata(&owned).map(|m| (m.uid(), m.gid())).unwrap();
    assert_eq!(owner_after, owner_before, "given away: {given_away}");

    let linked = write(
        dir.path(),
        "Dockerfile",
        "FROM x\nCMD uvicorn main:app --host 0.0.0.0 --port 8000\n",
    );
    fs::hard_link(&linked, dir.path().join("Dockerfile.copy")).unwrap();
    let before = fs::read(&linked).unwrap();
    let output = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "Dockerfile"],
    );
    assert_eq!(fs::read(&linked).unwrap(), before);
    assert!(
        stderr(&output).contains(
            "error: Dockerfile: the file has other hard links, which rewriting it would detach, not fixed"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn no_import_is_added_where_a_syntax_error_comes_first() {
    // Where statements begin after a syntax error is the parser's guess: the BL201 fix needs
    // `import os`, so it is not offered (and the summary does not send the user to --fix).
    let dir = tempfile::tempdir().unwrap();
    let text = "def broken(:\n    pass\nfrom flask import Flask\napp = Flask(__name__)\napp.run(host=\"0.0.0.0\", port=5000)\n";
    let path = write(dir.path(), "app.py", text);
    let output = bindlint_in(
        dir.path(),
        &[
            "--isolated",
            "--fix",
            "--unsafe-fixes",
            "--format",
            "json",
            "app.py",
        ],
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    let findings: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["code"], "BL201");
    assert!(findings[0]["fix"].is_null(), "{}", findings[0]["fix"]);
}

#[test]
fn a_fix_refused_by_fix_is_not_offered_again() {
    // Each insertion would break the parse further, so `--fix` refuses them all; the report
    // after it must not say they are fixable with the very flags just used.
    let dir = tempfile::tempdir().unwrap();
    let text = "\n\nfrom flask import Flask\napp= Flask()\n\np   app.run(l5\n0\")@\n app.run(lt\")@\n     app.run(0\") @5\n";
    let path = write(dir.path(), "app.py", text);
    let output = bindlint_in(
        dir.path(),
        &["--isolated", "--fix", "--unsafe-fixes", "app.py"],
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), text);
    assert!(
        stderr(&output).contains("would introduce a syntax error, not applied"),
        "{}",
        stderr(&output)
    );
    assert!(!stdout(&output).contains("fixable"), "{}", stdout(&output));
}
