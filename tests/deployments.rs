//! Every deployment in the repository (README, "Deployments"): `bindlint deployments` as a user
//! sees it (snapshots), and what the fixture comments cannot show: the deployment named in
//! messages and related locations, the `platform` config key over a folder's deployments,
//! Staas.io's wording, and broken or cyclic references.

mod common;

use std::path::Path;

use common::{bindlint_in, json_run, project, stderr, stdout};

fn fixtures(name: &str) -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/deployments")
        .join(name)
}

fn deployments(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["deployments"];
    all.extend_from_slice(args);
    let output = bindlint_in(dir, &all);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    stdout(&output)
}

#[test]
fn deployments_of_a_repository_with_an_overridden_cmd() {
    insta::assert_snapshot!(deployments(&fixtures("override_heroku"), &[]));
}

#[test]
fn deployments_of_a_parent_compose_file_as_json() {
    let json = deployments(&fixtures("parent_compose"), &["--format", "json"]);
    assert!(
        serde_json::from_str::<serde_json::Value>(&json).is_ok(),
        "{json}"
    );
    insta::assert_snapshot!(json);
}

#[test]
fn deployments_of_sub_apps_each_with_its_manifest() {
    insta::assert_snapshot!(deployments(&fixtures("subapps"), &[]));
}

#[test]
fn no_deployment_is_said_plainly() {
    let dir = project("no_deployments", &[("app.py", "app = None\n")]);
    assert_eq!(
        deployments(&dir, &[]),
        "No deployments found: every file is judged the generic way (platforms set `PORT`).\n"
    );
}

#[test]
fn a_finding_names_the_deployment_that_breaks_and_points_at_its_manifest() {
    let (found, _) = json_run(&fixtures("two_deployments"), &["."]);
    assert_eq!(found.len(), 1, "{found:#?}");
    let finding = &found[0];
    assert_eq!(finding["code"], "BL401");
    assert_eq!(finding["path"], "Dockerfile");
    let message = finding["message"].as_str().unwrap();
    assert!(
        message.contains("deployed by fly.toml process group `app` at fly.toml:1"),
        "{message}"
    );
    let related: Vec<(String, u64)> = finding["related"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["path"].as_str().unwrap().to_string(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        related,
        [("fly.toml".to_string(), 4), ("fly.toml".to_string(), 1)]
    );
}

#[test]
fn the_configured_platform_is_every_deployment_of_the_configs_folder() {
    // Staas.io has no manifest: `platform = "staas"` makes the Procfile's process a Staas.io
    // one. Its own "Ports" page's commands get what the contract gives them.
    let dir = project(
        "staas_ports_page",
        &[
            ("bindlint.toml", "platform = \"staas\"\n"),
            (
                "Procfile",
                "web: gunicorn --bind 0.0.0.0:8000 myproject.wsgi\n",
            ),
            ("myproject/wsgi.py", "application = None\n"),
        ],
    );
    let output = bindlint_in(&dir, &["--format", "json", "."]);
    let found: Vec<serde_json::Value> = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["code"], "BL302");
    assert_eq!(found[0]["severity"], "warning");
    assert_eq!(
        (found[0]["line"].as_u64(), found[0]["column"].as_u64()),
        (Some(1), Some(30))
    );
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("(on Staas.io, Procfile process `web`:"),
        "{message}"
    );
    let help = found[0]["help"].as_str().unwrap();
    assert!(
        help.contains("`gunicorn --bind 0.0.0.0:$PORT myproject.wsgi`"),
        "{help}"
    );
    assert!(
        help.contains("or keep the stack's `PORT` variable (Staas.io dashboard, Operation → Environment) equal to the port written here"),
        "{help}"
    );
    let listing = deployments(&dir, &[]);
    assert!(
        listing.contains("Procfile:1  Procfile process `web`  (Staas.io)"),
        "{listing}"
    );

    // fastify-cli reads PORT itself: `--address 0.0.0.0` is all it needs.
    let fastify = project(
        "staas_fastify",
        &[
            ("bindlint.toml", "platform = \"staas\"\n"),
            ("Procfile", "web: fastify start --address 0.0.0.0 app.js\n"),
            ("app.js", "module.exports = async function (fastify) {};\n"),
        ],
    );
    let output = bindlint_in(&fastify, &["--format", "json", "."]);
    assert_eq!(stdout(&output).trim(), "[]", "{}", stderr(&output));
}

#[test]
fn a_root_dir_that_leaves_the_repository_deploys_nothing() {
    let dir = project(
        "root_dir_outside",
        &[
            (
                "render.yaml",
                "services:\n  - type: web\n    name: api\n    rootDir: ../../../../..\n    startCommand: uvicorn main:app\n",
            ),
            ("main.py", "app = None\n"),
        ],
    );
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    let listing = deployments(&dir, &[]);
    assert!(listing.starts_with("No deployments found"), "{listing}");
    // The command is still judged where it is written, the generic way.
    let (found, _) = json_run(&dir, &["."]);
    let codes: Vec<&str> = found.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["BL301", "BL302"]);
}

#[test]
fn cyclic_references_end() {
    // A compose `extends` loop, a script that runs itself and a package.json script that runs
    // itself: each read once, and the run ends.
    let dir = project(
        "cycles",
        &[
            (
                "docker-compose.yml",
                "services:\n  a:\n    extends: b\n    build: .\n    ports: [\"8000:8000\"]\n  b:\n    extends: a\n",
            ),
            ("Dockerfile", "FROM node:20\nCMD [\"sh\", \"boot.sh\"]\n"),
            ("boot.sh", "sh boot.sh\nnpm start\n"),
            (
                "package.json",
                "{\"name\": \"c\", \"scripts\": {\"start\": \"npm start && node server.js\"}}\n",
            ),
            ("server.js", "require('http').createServer().listen(3000, '0.0.0.0');\n"),
        ],
    );
    let (found, stderr) = json_run(&dir, &["."]);
    let codes: Vec<&str> = found.iter().map(|f| f["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["BL401"], "{found:#?}\n{stderr}");
    assert_eq!(found[0]["path"], "server.js");
}

#[test]
fn a_file_named_on_the_command_line_is_judged_by_the_deployments_around_it() {
    // pre-commit passes file names: the manifests are still read from the repository.
    let (found, _) = json_run(&fixtures("parent_compose"), &["api/index.js"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "BL401");
}

#[test]
fn compose_override_files_are_not_deployments() {
    let dir = project(
        "compose_override",
        &[
            (
                "docker-compose.override.yml",
                "services:\n  web:\n    build: .\n    ports: [\"9999:9999\"]\n",
            ),
            (
                "Dockerfile",
                "FROM node:20\nCMD [\"node\", \"server.js\"]\n",
            ),
            (
                "server.js",
                "require('http').createServer().listen(process.env.PORT || 3000, '0.0.0.0');\n",
            ),
        ],
    );
    let listing = deployments(&dir, &[]);
    assert!(
        listing.contains("Dockerfile:2  Dockerfile `Dockerfile`  (docker run"),
        "{listing}"
    );
    assert!(!listing.contains("compose"), "{listing}");
}
