//! The platform a project targets (README, "Platforms"): BL401 across files, what is judged
//! where nothing sets `PORT`, IPv6 help and fixes, the `platform` config key, suppressions in
//! YAML and TOML, and broken manifests. The fixture projects under `fixtures/platforms/` carry
//! their own `expect:` comments (`tests/fixtures.rs`); these tests build small projects for
//! what the comments cannot show.

mod common;

use common::{bindlint_in, project, stderr, stdout};

/// `(code, path, line, column)` of each finding of a JSON run in `dir`.
fn findings(dir: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    common::json_run(dir, args).0
}

fn codes(findings: &[serde_json::Value]) -> Vec<String> {
    findings
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{}",
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                f["line"],
                f["column"]
            )
        })
        .collect()
}

const FLY: &str = "app = \"a\"\n\n[http_service]\n  internal_port = 8080\n";

#[test]
fn gunicorn_without_bind_is_right_where_port_is_set_and_wrong_on_fly() {
    let heroku = project(
        "gunicorn_heroku",
        &[
            ("Procfile", "web: gunicorn app:app\n"),
            ("app.py", "app = None\n"),
        ],
    );
    assert_eq!(codes(&findings(&heroku, &["."])), Vec::<String>::new());

    let fly = project(
        "gunicorn_fly",
        &[
            (
                "fly.toml",
                &format!("{FLY}\n[processes]\n  app = \"gunicorn app:app\"\n"),
            ),
            ("app.py", "app = None\n"),
        ],
    );
    let found = findings(&fly, &["."]);
    assert_eq!(
        codes(&found),
        ["BL301 fly.toml:7:10", "BL401 fly.toml:7:10"],
        "{found:#?}"
    );
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("when `PORT` is not set"));
    assert!(found[1]["message"]
        .as_str()
        .unwrap()
        .contains("listens on its default port 8000, but Fly.io routes to `internal_port` 8080"));
    // A port mismatch has two right answers: never fixed.
    assert!(found[1]["fix"].is_null());

    // `[env] PORT` equal to internal_port makes the same command right.
    let fly_env = project(
        "gunicorn_fly_env",
        &[
            (
                "fly.toml",
                &format!("{FLY}\n[env]\n  PORT = \"8080\"\n\n[processes]\n  app = \"gunicorn app:app\"\n"),
            ),
            ("app.py", "app = None\n"),
        ],
    );
    assert_eq!(codes(&findings(&fly_env, &["."])), Vec::<String>::new());
}

#[test]
fn a_dockerfile_env_port_reaches_the_command_and_the_script_it_runs() {
    let dir = project(
        "docker_env_port",
        &[
            ("fly.toml", FLY),
            (
                "Dockerfile",
                "FROM node:20\nENV PORT=8080\nCMD [\"node\", \"server.js\"]\n",
            ),
            (
                "server.js",
                "require('http').createServer().listen(process.env.PORT || 3000, '0.0.0.0');\n",
            ),
        ],
    );
    assert_eq!(codes(&findings(&dir, &["."])), Vec::<String>::new());

    // Without the ENV line the fallback, 3000, is what it listens on.
    std::fs::write(
        dir.join("Dockerfile"),
        "FROM node:20\nCMD [\"node\", \"server.js\"]\n",
    )
    .unwrap();
    let found = findings(&dir, &["."]);
    assert_eq!(codes(&found), ["BL401 server.js:1:39"]);
    let related = &found[0]["related"][0];
    assert_eq!(related["path"], "fly.toml");
    assert_eq!(
        (related["line"].as_u64(), related["column"].as_u64()),
        (Some(4), Some(19))
    );
}

#[test]
fn a_hard_coded_port_with_no_manifest_to_compare_is_not_judged_where_port_is_unset() {
    // Fly sets no PORT, and nothing links this script to fly.toml: the port cannot be judged,
    // the loopback host still is.
    let dir = project(
        "fly_unlinked",
        &[
            ("fly.toml", FLY),
            ("tool.py", "from flask import Flask\napp = Flask(__name__)\napp.run(host='127.0.0.1', port=5000)\n"),
        ],
    );
    let found = findings(&dir, &["."]);
    assert_eq!(codes(&found), ["BL101 tool.py:3:14"]);
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("(on Fly.io: \"instance refused connection"),
        "{message}"
    );
}

#[test]
fn on_a_platform_that_needs_ipv6_dual_stack_servers_are_told_to_bind_ipv6() {
    let dir = project(
        "fly_ipv6",
        &[
            (
                "fly.toml",
                &format!("{FLY}\n[processes]\n  app = \"node server.js\"\n"),
            ),
            (
                "server.js",
                "require('http').createServer().listen(8080, '127.0.0.1');\n",
            ),
            (
                "main.py",
                "import uvicorn\nuvicorn.run('main:app', host='127.0.0.1', port=8080)\n",
            ),
        ],
    );
    let found = findings(&dir, &["--unsafe-fixes", "."]);
    assert_eq!(
        codes(&found),
        ["BL101 main.py:2:30", "BL101 server.js:1:45"]
    );
    // uvicorn (asyncio) opens `::` as IPv6 only: it keeps 0.0.0.0.
    assert_eq!(found[0]["fix"]["edits"][0]["content"], "0.0.0.0");
    // Node's `::` accepts IPv4 too.
    assert_eq!(found[1]["fix"]["edits"][0]["content"], "::");
    assert!(found[1]["help"]
        .as_str()
        .unwrap()
        .contains("`::` accepts IPv4 too"));
}

#[test]
fn the_config_names_the_platform_over_the_manifests() {
    let dir = project(
        "configured",
        &[
            ("bindlint.toml", "platform = \"heroku-fir\"\n"),
            ("fly.toml", FLY),
            ("Procfile", "web: gunicorn --bind 127.0.0.1:$PORT app:app\n"),
            ("app.py", "app = None\n"),
        ],
    );
    let output = bindlint_in(&dir, &["--format", "json", "--unsafe-fixes", "."]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(codes(&found), ["BL301 Procfile:1:22"]);
    assert!(found[0]["message"]
        .as_str()
        .unwrap()
        .contains("on Heroku (Fir)"));
    // `[::]`, bracketed before the port.
    assert_eq!(found[0]["fix"]["edits"][0]["content"], "[::]");

    std::fs::write(dir.join("bindlint.toml"), "platform = \"flyio\"\n").unwrap();
    let output = bindlint_in(&dir, &["."]);
    assert_eq!(output.status.code(), Some(2));
    let error = stderr(&output);
    assert!(error.contains("unknown platform `flyio`"), "{error}");
    assert!(
        error.contains("one of: heroku, heroku-fir, render, fly,"),
        "{error}"
    );
}

#[test]
fn suppression_comments_work_in_yaml_and_toml() {
    let dir = project(
        "suppressed",
        &[
            (
                "fly.toml",
                &format!("{FLY}\n[processes]\n  app = \"gunicorn -b 0.0.0.0:3000 app:app\"  # bindlint: ignore[BL401]\n"),
            ),
            (
                "docker-compose.yml",
                "services:\n  web:\n    build: .\n    # bindlint: ignore[BL301]\n    command: uvicorn main:app --port 8000\n    ports: [\"8000:8000\"]\n",
            ),
        ],
    );
    assert_eq!(
        codes(&findings(&dir, &["--report-unused-ignores", "."])),
        Vec::<String>::new()
    );
}

#[test]
fn broken_manifests_are_warned_about_with_their_line_and_the_run_goes_on() {
    let deep = format!(
        "services:\n  web:\n    command: {}x{}\n",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let dir = project(
        "broken",
        &[
            ("fly.toml", "[http_service\ninternal_port = 8080\n"),
            (
                "render.yaml",
                "services:\n  - type: web\n    startCommand: 'unclosed\n",
            ),
            ("docker-compose.yml", &deep),
            ("railway.json", "{\"deploy\": {\"startCommand\": }}"),
            ("Procfile", "web: uvicorn main:app\n"),
        ],
    );
    let output = bindlint_in(&dir, &["--isolated", "--format", "concise", "."]);
    let error = stderr(&output);
    for expected in [
        "fly.toml: cannot be read at 1:14",
        "render.yaml: cannot be read at",
        "docker-compose.yml: cannot be read at",
        "railway.json: cannot be read at 1:28",
    ] {
        assert!(error.contains(expected), "{expected}:\n{error}");
    }
    // The Procfile is still linted, on Heroku (the first manifest that reads names no platform).
    let out = stdout(&output);
    assert!(out.contains("Procfile:1:6: error:"), "{out}");
    assert!(out.contains("on Heroku"), "{out}");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_manifest_out_of_the_project_is_never_read() {
    // A symbolic link to a file outside the project root is not followed for the deployment.
    let outside = project("outside_target", &[("fly.toml", FLY)]);
    let dir = project(
        "symlinked",
        &[(
            "server.js",
            "require('http').createServer().listen(3000, '0.0.0.0');\n",
        )],
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(outside.join("fly.toml"), dir.join("fly.toml")).unwrap();
    // Without the manifest it is the generic judgement: a hard-coded port (BL201).
    let found = findings(&dir, &["server.js"]);
    assert_eq!(codes(&found), ["BL201 server.js:1:39"]);
}

#[test]
fn development_files_and_dev_scripts_are_judged_only_with_include_dev() {
    let dir = project(
        "dev_files",
        &[
            ("Procfile", "web: gunicorn app:app\n"),
            ("Procfile.dev", "web: flask run\n"),
            (
                "docker-compose.override.yml",
                "services:\n  web:\n    command: uvicorn main:app\n",
            ),
            (
                "package.json",
                "{\"scripts\": {\"start\": \"node server.js\", \"dev\": \"vite\"}}\n",
            ),
        ],
    );
    assert_eq!(codes(&findings(&dir, &["."])), Vec::<String>::new());
    let output = bindlint_in(&dir, &["--isolated", "."]);
    assert!(
        stdout(&output)
            .contains("1 dev-only server start not reported: package.json's `dev` script"),
        "{}",
        stdout(&output)
    );
    assert_eq!(
        codes(&findings(&dir, &["--include-dev", "."])),
        [
            "BL301 Procfile.dev:1:6",
            "BL302 Procfile.dev:1:6",
            "BL301 docker-compose.override.yml:3:14",
            "BL302 docker-compose.override.yml:3:14",
            "BL301 package.json:1:49",
            "BL302 package.json:1:49",
        ]
    );
    // Each half of `--include-dev` alone: the files, or the `dev` script's start.
    assert_eq!(
        codes(&findings(&dir, &["--include-dev-files", "."])),
        [
            "BL301 Procfile.dev:1:6",
            "BL302 Procfile.dev:1:6",
            "BL301 docker-compose.override.yml:3:14",
            "BL302 docker-compose.override.yml:3:14",
        ]
    );
    assert_eq!(
        codes(&findings(&dir, &["--include-dev-starts", "."])),
        ["BL301 package.json:1:49", "BL302 package.json:1:49"]
    );
}
