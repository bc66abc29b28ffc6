//! What each fuzz target checks, in one place: the targets in this directory are one line each,
//! and `tests/fuzz_regressions.rs` includes this file to replay in CI every input a fuzzer ever
//! broke on (`tests/fuzz-regressions/<target>/`).

use std::path::Path;

use bindlint::fix::{fix_text, FixOptions};
use bindlint::lang::{syntax_error_count, FileKind, ManifestKind};
use bindlint::lint::{lint_source, LintOptions};
use bindlint::report::{write_report, Format, Style};
use bindlint::run::RunResult;

/// Every fuzz target's name, as `cargo fuzz list` prints it.
pub const TARGETS: &[&str] = &[
    "python",
    "javascript",
    "typescript",
    "procfile",
    "package_json",
    "dockerfile",
    "config",
    "suppression",
    "fixer",
    "project",
    "manifest",
    "lsp",
    "deployments",
    "shell",
];

/// Runs the checks of fuzz target `target` on `data`; a failed check panics.
pub fn run(target: &str, data: &[u8]) {
    match target {
        "python" => lint(FileKind::Python, "app.py", data),
        "javascript" => lint(FileKind::JavaScript, "server.js", data),
        // The first byte picks the grammar: TypeScript or TSX.
        "typescript" => match data.split_first() {
            Some((first, rest)) if first % 2 == 0 => lint(FileKind::TypeScript, "server.ts", rest),
            Some((_, rest)) => lint(FileKind::Tsx, "server.tsx", rest),
            None => {}
        },
        "procfile" => lint(FileKind::Procfile, "Procfile", data),
        "package_json" => lint(FileKind::PackageJson, "package.json", data),
        "dockerfile" => lint(FileKind::Dockerfile, "Dockerfile", data),
        "config" => config(data),
        "suppression" => suppression(data),
        "fixer" => fix(data),
        "project" => project(data),
        "lsp" => lsp(data),
        "deployments" => deployments(data),
        "shell" => shell(data),
        // The first byte picks the manifest.
        "manifest" => {
            if let Some((first, rest)) = data.split_first() {
                let (kind, name) = MANIFEST_KINDS[usize::from(*first) % MANIFEST_KINDS.len()];
                lint(kind, name, rest);
            }
        }
        other => panic!("no fuzz target is called {other:?}; the targets: {TARGETS:?}"),
    }
}

/// Options that reach every line of code: the prefilter would skip most inputs, and random
/// bytes often look minified.
fn options() -> LintOptions {
    let mut options = LintOptions {
        report_unused_ignores: true,
        no_prefilter: true,
        // Random input names random modules: judge it alone, reading nothing from disk.
        workspace: None,
        ..LintOptions::default()
    };
    options.settings.include_minified = true;
    options
}

/// Linting arbitrary bytes as a file of some kind never panics, every finding's span lies
/// inside the text on character boundaries with its start before its end, and every report
/// format renders it.
fn lint(kind: FileKind, name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report = lint_source(Path::new(name), name, text.to_string(), kind, &options());
    for located in &report.findings {
        let span = &located.finding.span;
        assert!(span.start <= span.end, "{span:?}");
        assert!(span.end <= text.len(), "{span:?} past {}", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(located.start <= located.end);
    }
    let run = RunResult {
        files_scanned: 1,
        files: vec![report],
        ..RunResult::default()
    };
    let style = Style {
        color: false,
        width: 80,
        summary: true,
        unsafe_fixes: false,
    };
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::JsonLines,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ] {
        let mut out = Vec::new();
        write_report(format, &run, style, &mut out).expect("writing to memory");
    }
}

/// Any text as bindlint.toml and as pyproject.toml: an error or settings, never a panic.
fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for name in ["bindlint.toml", "pyproject.toml"] {
        let _ = bindlint::config::parse(Path::new(name), text.into());
    }
}

/// Suppression comments in any text: every one found covers a line that exists.
fn suppression(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    for suppression in bindlint::suppress::parse(text) {
        // A comment alone on the last line silences the line after it.
        assert!(suppression.line >= 1 && suppression.line <= lines + 1);
        assert!(suppression.span.end <= text.len());
        assert!(text.is_char_boundary(suppression.span.start));
        assert!(text.is_char_boundary(suppression.span.end));
    }
}

/// The fixer target's first byte picks the file kind.
const FIX_KINDS: &[(FileKind, &str)] = &[
    (FileKind::Python, "app.py"),
    (FileKind::JavaScript, "server.js"),
    (FileKind::TypeScript, "server.ts"),
    (FileKind::Procfile, "Procfile"),
    (FileKind::PackageJson, "package.json"),
    (FileKind::Dockerfile, "Dockerfile"),
    (FileKind::GunicornConfig, "gunicorn.conf.py"),
];

/// `--fix --unsafe-fixes` on arbitrary input: never panics, never leaves more syntax errors than
/// the input had, leaves the text alone when it applies nothing, and fixing the result again
/// changes nothing.
fn fix(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (kind, name) = FIX_KINDS[usize::from(first) % FIX_KINDS.len()];
    let options = options();
    let fix_options = FixOptions {
        unsafe_fixes: true,
        write: false,
    };
    let fixed = fix_text(
        Path::new(name),
        name,
        text.to_string(),
        kind,
        &options,
        fix_options,
    );
    if let (Some(before), Some(after)) = (
        syntax_error_count(kind, text),
        syntax_error_count(kind, &fixed.text),
    ) {
        assert!(after <= before, "{before} -> {after} syntax errors");
    }
    if fixed.applied == 0 {
        assert_eq!(fixed.text, text, "no fix applied, yet the text changed");
        return;
    }
    let again = fix_text(
        Path::new(name),
        name,
        fixed.text.clone(),
        kind,
        &options,
        fix_options,
    );
    assert_eq!(again.text, fixed.text, "a second --fix changed the text");
}

/// The manifest target's first byte picks the file kind (YAML, TOML and JSON parsers).
const MANIFEST_KINDS: &[(FileKind, &str)] = &[
    (
        FileKind::Manifest(ManifestKind::Compose),
        "docker-compose.yml",
    ),
    (FileKind::Manifest(ManifestKind::Fly), "fly.toml"),
    (FileKind::Manifest(ManifestKind::Render), "render.yaml"),
    (FileKind::Manifest(ManifestKind::AppEngine), "app.yaml"),
    (
        FileKind::Manifest(ManifestKind::DigitalOcean),
        ".do/app.yaml",
    ),
    (FileKind::Manifest(ManifestKind::Railway), "railway.json"),
    (FileKind::Manifest(ManifestKind::Railway), "railway.toml"),
    (FileKind::Manifest(ManifestKind::Nixpacks), "nixpacks.toml"),
    (FileKind::Manifest(ManifestKind::HerokuYml), "heroku.yml"),
    (
        FileKind::Manifest(ManifestKind::Yaml),
        "k8s/deployment.yaml",
    ),
];

/// The files a `project` input is cut into (at NUL bytes), by kind: Python and JavaScript
/// projects (the first file is linted, the others are modules its imports may name), and a
/// deployment (every file is linted: the manifests decide the platform, what it starts and
/// the port it routes to).
const PROJECT_FILES: [&[&str]; 3] = [
    &[
        "main.py",
        "settings.py",
        "app/__init__.py",
        "app/config.py",
        "src/pkg/core.py",
    ],
    &[
        "main.ts",
        "config.js",
        "app.ts",
        "lib/index.js",
        "lib/settings.mjs",
    ],
    &[
        "server.js",
        "fly.toml",
        "Dockerfile",
        "docker-compose.yml",
        "Procfile",
        "k8s/deployment.yaml",
        "main.py",
    ],
];

/// A small project from arbitrary bytes (the first byte picks Python or JavaScript, NUL bytes
/// separate the files), linted from its entry file with imports followed: never a panic or a
/// hang, every finding inside the entry file, every related place inside the file it names.
fn project(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let names = PROJECT_FILES[usize::from(first) % PROJECT_FILES.len()];
    let deployment = usize::from(first) % PROJECT_FILES.len() == 2;
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path();
    let marker = if names[0].ends_with(".py") {
        "pyproject.toml"
    } else {
        "package.json"
    };
    std::fs::write(root.join(marker), "{}").expect("writable");
    let mut texts = Vec::new();
    for (name, bytes) in names.iter().zip(rest.split(|b| *b == 0)) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable");
        std::fs::write(&path, bytes).expect("writable");
        texts.push(bytes);
    }
    let options = LintOptions {
        report_unused_ignores: true,
        no_prefilter: true,
        workspace: Some(bindlint::deploy::Workspace::new(&[root.to_path_buf()])),
        ..LintOptions::default()
    };
    let linted = if deployment { texts.len() } else { 1 };
    for (name, bytes) in names.iter().zip(&texts).take(linted) {
        if let Ok(text) = std::str::from_utf8(bytes) {
            lint_in_project(root, name, text, &options);
        }
    }
}

/// Lints one file of a fuzzed project: every finding inside the file, every related place
/// inside the file it names.
fn lint_in_project(root: &Path, name: &str, entry: &str, options: &LintOptions) {
    let path = root.join(name);
    let kind = FileKind::of(&path).expect("a file bindlint reads");
    let report = lint_source(&path, name, entry.to_string(), kind, options);
    for located in &report.findings {
        let span = &located.finding.span;
        assert!(
            span.start <= span.end && span.end <= entry.len(),
            "{span:?}"
        );
        for related in &located.finding.related {
            let text: &str = match &related.file {
                Some(other) => &other.text,
                None => entry,
            };
            assert!(related.span.start <= related.span.end, "{:?}", related.span);
            assert!(
                related.span.end <= text.len(),
                "{:?} past {}",
                related.span,
                text.len()
            );
        }
    }
}

/// The files a `deployments` input is cut into (at NUL bytes): a repository of sub-apps,
/// manifests in parent folders, deployment folders and scripts.
const REPOSITORY_FILES: &[&str] = &[
    "docker-compose.yml",
    "web/Dockerfile",
    "web/server.js",
    "web/package.json",
    "api/Procfile",
    "api/app.py",
    "api/boot.sh",
    "fly.toml",
    "k8s/deployment.yaml",
    ".do/app.yaml",
    "render.yaml",
    "Dockerfile",
    "heroku.yml",
    "app/gunicorn.conf.py",
];

/// The deployment model on a random small repository: never a panic or a hang, nothing read
/// or linked outside the repository (a `rootDir: ../..`, a script path with `..`), every file
/// a deployment runs inside it, and every file lints with it.
fn deployments(data: &[u8]) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let root = dir.path().join("repo");
    std::fs::create_dir_all(root.join(".git")).expect("writable");
    // A file beside the repository that no reference may reach.
    std::fs::write(dir.path().join("outside.py"), "app.run(host='127.0.0.1')\n").expect("writable");
    let mut written = Vec::new();
    for (name, bytes) in REPOSITORY_FILES.iter().zip(data.split(|b| *b == 0)) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("writable");
        std::fs::write(&path, bytes).expect("writable");
        written.push((name, bytes));
    }
    let workspace = bindlint::deploy::Workspace::new(std::slice::from_ref(&root));
    let found = workspace
        .all_under(std::slice::from_ref(&root))
        .expect("the repository exists");
    let root = root.canonicalize().expect("the repository exists");
    let inside = |path: &Path| {
        path.canonicalize()
            .map_or(path.starts_with(&root), |real| real.starts_with(&root))
    };
    for deployment in &found {
        assert!(
            inside(&deployment.dir),
            "{:?} leaves the repository",
            deployment.dir
        );
        for started in &deployment.files {
            assert!(inside(&started.path), "{:?} is outside", started.path);
        }
        if let Some(image) = &deployment.image {
            assert!(
                inside(&image.dockerfile),
                "{:?} is outside",
                image.dockerfile
            );
        }
    }
    let options = LintOptions {
        report_unused_ignores: true,
        no_prefilter: true,
        workspace: Some(workspace),
        ..LintOptions::default()
    };
    for (name, bytes) in written {
        let linted = FileKind::of(Path::new(name)).is_some();
        if let (true, Ok(text)) = (linted, std::str::from_utf8(bytes)) {
            lint_in_project(&root, name, text, &options);
        }
    }
}

/// The shell reader on arbitrary text: every word's bytes map into the text, expansions and
/// their `${NAME:+word}` alternates lie inside their word, and judging the commands as a
/// script (with the variables they set) never panics.
fn shell(data: &[u8]) {
    use bindlint::lang::invocation::{judge_script, Outcome, Site};
    use bindlint::lang::shell::{parse, Mapped};
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let commands = parse(&Mapped::verbatim(text, 0));
    for command in &commands {
        let words = command
            .words
            .iter()
            .chain(command.env.iter().map(|(_, w)| w));
        for word in words {
            let span = word.span();
            assert!(span.start <= span.end && span.end <= text.len(), "{span:?}");
            assert_eq!(word.text.offsets.len(), word.as_str().len() + 1);
            for expansion in &word.expansions {
                assert!(expansion.range.end <= word.as_str().len(), "{expansion:?}");
                if let Some(alternate) = &expansion.alternate {
                    assert!(
                        expansion.range.start <= alternate.start
                            && alternate.start <= alternate.end
                            && alternate.end <= expansion.range.end,
                        "{expansion:?}"
                    );
                }
            }
        }
    }
    let mut facts = bindlint::facts::FileFacts::default();
    judge_script(
        &commands,
        &Site::default(),
        &mut facts,
        &mut Outcome::default(),
    );
    for start in &facts.server_starts {
        assert!(start.callee.end <= text.len(), "{:?}", start.callee);
    }
}

/// The language server on arbitrary bytes: the transport reads frames out of them without a
/// panic, and a session that initializes, receives every message read (requests, notifications,
/// responses, in any order, with any params), then shuts down, answers the shutdown and ends
/// cleanly.
fn lsp(data: &[u8]) {
    use bindlint::server::log::{LogLevel, Logger};
    use bindlint::server::transport::{read_message, Framed};
    use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};

    let mut reader = std::io::BufReader::new(data);
    let mut messages = Vec::new();
    while let Ok(Some(frame)) = read_message(&mut reader) {
        if let Framed::Message(message) = frame {
            messages.push(message);
        }
        if messages.len() >= 32 {
            break;
        }
    }
    let (server, client) = Connection::memory();
    let logger = Logger {
        level: LogLevel::Error,
    };
    let session = std::thread::spawn(move || bindlint::server::serve(server, logger));
    let request = |id: &str, method: &str, params: serde_json::Value| {
        Message::Request(Request::new(
            RequestId::from(id.to_string()),
            method.into(),
            params,
        ))
    };
    let send = |message: Message| client.sender.send(message).is_ok();
    send(request(
        "fuzz-initialize",
        "initialize",
        serde_json::json!({"capabilities": {}}),
    ));
    for message in messages {
        // The session's own end is the fuzzer's to decide: not these.
        let ends = match &message {
            Message::Request(r) => r.method == "shutdown" || r.method == "initialize",
            Message::Notification(n) => n.method == "exit",
            Message::Response(_) => false,
        };
        if !ends && !send(message) {
            break;
        }
    }
    send(request(
        "fuzz-shutdown",
        "shutdown",
        serde_json::Value::Null,
    ));
    let shutdown = RequestId::from("fuzz-shutdown".to_string());
    while let Ok(message) = client
        .receiver
        .recv_timeout(std::time::Duration::from_secs(30))
    {
        match message {
            Message::Response(response) if response.id == shutdown => break,
            Message::Request(request) => {
                send(Message::Response(Response::new_ok(
                    request.id,
                    serde_json::Value::Null,
                )));
            }
            _ => {}
        }
    }
    send(Message::Notification(Notification::new(
        "exit".into(),
        serde_json::Value::Null,
    )));
    let ended = session.join().expect("the server thread never panics");
    assert!(ended.is_ok(), "{ended:?}");
}
