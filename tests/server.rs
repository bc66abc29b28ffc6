//! `bindlint server`: the protocol driven in-process (`lsp-server`'s in-memory connection) and
//! over real pipes. Each test writes a small project on disk, opens a document whose editor
//! text differs from the disk where that matters, and checks exact diagnostics, code actions,
//! hover, config reloads and bad input. A real editor client drives it in
//! `tests/lsp_client/` (pytest-lsp, run by `.ci/run`).

mod common;

use std::path::Path;
use std::time::Duration;

use bindlint::server::log::{LogLevel, Logger};
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types::Url;
use serde_json::{json, Value};

use common::project;

/// A client on the other end of an in-process server.
struct Client {
    connection: Connection,
    next_id: i32,
    server: Option<std::thread::JoinHandle<Result<(), String>>>,
}

impl Client {
    fn start(root: &Path, initialization_options: Value) -> Client {
        let (server, connection) = Connection::memory();
        let handle = std::thread::spawn(move || {
            bindlint::server::serve(
                server,
                Logger {
                    level: LogLevel::Error,
                },
            )
        });
        let mut client = Client {
            connection,
            next_id: 0,
            server: Some(handle),
        };
        let root_uri = Url::from_file_path(root).unwrap();
        let result = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": root_uri,
                "capabilities": {
                    "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}
                },
                "initializationOptions": initialization_options,
            }),
        );
        let result = result.result.expect("initialize succeeds");
        assert_eq!(result["serverInfo"]["name"], "bindlint");
        client.notify("initialized", json!({}));
        client
    }

    fn notify(&self, method: &str, params: Value) {
        self.connection
            .sender
            .send(Message::Notification(Notification::new(
                method.into(),
                params,
            )))
            .unwrap();
    }

    /// Sends a request and waits for its response, answering the server's own requests and
    /// passing over notifications.
    fn request(&mut self, method: &str, params: Value) -> Response {
        self.next_id += 1;
        let id = RequestId::from(self.next_id);
        self.connection
            .sender
            .send(Message::Request(Request::new(
                id.clone(),
                method.into(),
                params,
            )))
            .unwrap();
        loop {
            match self.receive() {
                Message::Response(response) if response.id == id => return response,
                Message::Request(request) => self.answer(request),
                _ => {}
            }
        }
    }

    fn answer(&self, request: Request) {
        // `client/registerCapability` and the like: accepted.
        self.connection
            .sender
            .send(Message::Response(Response::new_ok(request.id, Value::Null)))
            .unwrap();
    }

    fn receive(&self) -> Message {
        self.connection
            .receiver
            .recv_timeout(Duration::from_secs(20))
            .expect("the server answers within 20 s")
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&self, uri: &Url) -> Vec<Value> {
        loop {
            match self.receive() {
                Message::Notification(n)
                    if n.method == "textDocument/publishDiagnostics"
                        && n.params["uri"] == json!(uri) =>
                {
                    return n.params["diagnostics"].as_array().unwrap().clone();
                }
                Message::Request(request) => self.answer(request),
                _ => {}
            }
        }
    }

    fn open(&self, uri: &Url, language: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
    }

    fn change(&self, uri: &Url, version: i32, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        );
    }

    fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert!(response.error.is_none());
        self.notify("exit", Value::Null);
        let result = self.server.take().unwrap().join().unwrap();
        assert_eq!(result, Ok(()));
    }
}

/// `(code, start line, start character, end line, end character)` of each diagnostic.
fn summary(diagnostics: &[Value]) -> Vec<(String, u64, u64, u64, u64)> {
    diagnostics
        .iter()
        .map(|d| {
            let range = &d["range"];
            (
                d["code"].as_str().unwrap_or("").to_string(),
                range["start"]["line"].as_u64().unwrap(),
                range["start"]["character"].as_u64().unwrap(),
                range["end"]["line"].as_u64().unwrap(),
                range["end"]["character"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Applies LSP text edits (sorted, non-overlapping) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |position: &Value| {
        let line = position["line"].as_u64().unwrap() as usize;
        let character = position["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let line_text = &text[start..];
        let mut units = 0;
        for (index, c) in line_text.char_indices() {
            if units >= character {
                return start + index;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<&Value> = edits.iter().collect();
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for edit in edits {
        let (start, end) = (
            offset(&edit["range"]["start"]),
            offset(&edit["range"]["end"]),
        );
        out.replace_range(start..end, edit["newText"].as_str().unwrap());
    }
    out
}

const FLASK: &str =
    "from flask import Flask\n\napp = Flask(__name__)\napp.run(host=\"127.0.0.1\")\n";

#[test]
fn diagnostics_follow_the_editor_text_and_a_quick_fix_clears_them() {
    let dir = project(
        "lsp_diagnostics",
        &[("app.py", "# the disk copy is clean\n")],
    );
    let uri = Url::from_file_path(dir.join("app.py")).unwrap();
    let mut client = Client::start(&dir, Value::Null);

    client.open(&uri, "python", FLASK);
    let found = client.diagnostics(&uri);
    assert_eq!(
        summary(&found),
        [("BL202".into(), 3, 0, 3, 7), ("BL101".into(), 3, 13, 3, 24)]
    );
    let host = &found[1];
    assert_eq!(host["source"], "bindlint");
    assert_eq!(host["severity"], 1);
    assert_eq!(host["data"]["rule"], "loopback-host");
    assert!(host["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let message = host["message"].as_str().unwrap();
    assert!(
        message.contains("binds the loopback address `127.0.0.1`"),
        "{message}"
    );
    assert!(
        message.contains("\nhelp: listen on all interfaces"),
        "{message}"
    );

    // An incremental change that passes the port: BL202 goes.
    client.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 3, "character": 24}, "end": {"line": 3, "character": 24}},
                "text": ", port=int(__import__('os').environ['PORT'])"}]),
    );
    let text = FLASK.replace(
        "\"127.0.0.1\")",
        "\"127.0.0.1\", port=int(__import__('os').environ['PORT']))",
    );
    assert_eq!(
        summary(&client.diagnostics(&uri)),
        [("BL101".into(), 3, 13, 3, 24)]
    );

    // The quick fix for BL101 is unsafe: offered, labelled, not preferred.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 3, "character": 15}, "end": {"line": 3, "character": 15}},
               "context": {"diagnostics": []}}),
    );
    let actions = response.result.unwrap();
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Listen on all interfaces (`0.0.0.0`) (BL101) (unsafe)",
            "Ignore BL101 on this line"
        ]
    );
    let fix = &actions[0];
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], false);
    let edits = fix["edit"]["changes"][uri.as_str()].as_array().unwrap();
    let fixed = apply(&text, edits);
    assert!(fixed.contains("app.run(host=\"0.0.0.0\", port="), "{fixed}");

    client.change(&uri, 3, json!([{"text": fixed}]));
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());

    client.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn fix_all_ignore_comments_and_hover() {
    let dir = project("lsp_actions", &[]);
    let uri = Url::from_file_path(dir.join("server.js")).unwrap();
    let text = "const app = require('express')();\napp.listen(3000, 'localhost');\n";
    let mut client = Client::start(&dir, Value::Null);
    client.open(&uri, "javascript", text);
    assert_eq!(
        summary(&client.diagnostics(&uri)),
        [
            ("BL201".into(), 1, 11, 1, 15),
            ("BL101".into(), 1, 17, 1, 28)
        ]
    );

    // Fix all applies the safe fixes only (unsafe-fixes is not configured): the port.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let actions = response.result.unwrap();
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions:#}");
    assert_eq!(actions[0]["kind"], "source.fixAll.bindlint");
    assert_eq!(
        actions[0]["title"],
        "Fix all bindlint problems in this file"
    );
    let fixed = apply(
        text,
        actions[0]["edit"]["changes"][uri.as_str()]
            .as_array()
            .unwrap(),
    );
    assert_eq!(
        fixed,
        "const app = require('express')();\napp.listen(Number(process.env.PORT) || 3000, 'localhost');\n"
    );

    // Ignore BL101 on its line: a `//` comment, after which only BL201 is left.
    let response = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri},
               "range": {"start": {"line": 1, "character": 20}, "end": {"line": 1, "character": 20}},
               "context": {"diagnostics": [], "only": ["quickfix"]}}),
    );
    let actions = response.result.unwrap();
    let ignore = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Ignore BL101 on this line")
        .expect("an ignore action");
    let ignored = apply(
        text,
        ignore["edit"]["changes"][uri.as_str()].as_array().unwrap(),
    );
    assert_eq!(
        ignored,
        "const app = require('express')();\napp.listen(3000, 'localhost');  // bindlint: ignore[BL101]\n"
    );
    client.change(&uri, 2, json!([{"text": ignored}]));
    assert_eq!(
        summary(&client.diagnostics(&uri)),
        [("BL201".into(), 1, 11, 1, 15)]
    );

    let hover = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 1, "character": 12}}),
        )
        .result
        .unwrap();
    let page = hover["contents"]["value"].as_str().unwrap();
    assert!(page.starts_with("# BL201 (hardcoded-port)"), "{page}");
    assert!(page.contains("## Why is this bad?"), "{page}");
    let nothing = client
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 1}}),
        )
        .result
        .unwrap();
    assert!(nothing.is_null());
    client.shutdown();
}

#[test]
fn config_files_are_read_again_when_they_change_and_broken_ones_are_shown() {
    let dir = project("lsp_config", &[("bindlint.toml", "ignore = [\"BL202\"]\n")]);
    let config_uri = Url::from_file_path(dir.join("bindlint.toml")).unwrap();
    let uri = Url::from_file_path(dir.join("app.py")).unwrap();
    let client = Client::start(&dir, Value::Null);
    client.open(&uri, "python", FLASK);
    assert_eq!(
        summary(&client.diagnostics(&uri)),
        [("BL101".into(), 3, 13, 3, 24)]
    );

    std::fs::write(dir.join("bindlint.toml"), "select = [\"BL1\"]\nbogus = 1\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let shown = client.diagnostics(&config_uri);
    assert_eq!(summary(&shown), [(String::new(), 1, 0, 1, 5)]);
    assert!(shown[0]["message"]
        .as_str()
        .unwrap()
        .contains("unknown key `bogus`"));
    // The document falls back to the defaults meanwhile.
    assert_eq!(
        summary(&client.diagnostics(&uri)),
        [("BL202".into(), 3, 0, 3, 7), ("BL101".into(), 3, 13, 3, 24)]
    );

    std::fs::write(dir.join("bindlint.toml"), "select = [\"BL2\"]\n").unwrap();
    client.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let mut cleared = false;
    let mut document = None;
    while !cleared || document.is_none() {
        match client.receive() {
            Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                if n.params["uri"] == json!(config_uri) {
                    assert_eq!(n.params["diagnostics"], json!([]));
                    cleared = true;
                } else {
                    document = Some(n.params["diagnostics"].as_array().unwrap().clone());
                }
            }
            _ => {}
        }
    }
    assert_eq!(summary(&document.unwrap()), [("BL202".into(), 3, 0, 3, 7)]);

    // The client's settings override the file's selection.
    client.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"bindlint": {"ignore": ["BL202"]}}}),
    );
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    client.shutdown();
}

#[test]
fn what_a_cli_run_would_skip_gets_no_diagnostics() {
    let dir = project("lsp_skips", &[]);
    let client = Client::start(&dir, json!({"ignore": ["BL202", "BL302"]}));
    // A test file, a language bindlint does not read, a document with no file.
    for (name, language) in [("tests/test_app.py", "python"), ("app.rb", "ruby")] {
        let uri = Url::from_file_path(dir.join(name)).unwrap();
        client.open(&uri, language, FLASK);
        assert_eq!(client.diagnostics(&uri), Vec::<Value>::new(), "{name}");
    }
    let untitled = Url::parse("untitled:Untitled-1").unwrap();
    client.open(&untitled, "python", FLASK);
    assert_eq!(client.diagnostics(&untitled), Vec::<Value>::new());
    // A minified bundle is skipped, as on the command line.
    let bundle = Url::from_file_path(dir.join("bundle.js")).unwrap();
    let minified = format!(
        "{}app.listen(3000,'127.0.0.1');\n",
        "var a=1;".repeat(8 * 1024)
    );
    client.open(&bundle, "javascript", &minified);
    assert_eq!(client.diagnostics(&bundle), Vec::<Value>::new());
    // The initialization options ignore BL202.
    let uri = Url::from_file_path(dir.join("app.py")).unwrap();
    client.open(&uri, "python", FLASK);
    assert_eq!(
        summary(&client.diagnostics(&uri)),
        [("BL101".into(), 3, 13, 3, 24)]
    );
    // Start commands too.
    let procfile = Url::from_file_path(dir.join("Procfile")).unwrap();
    client.open(
        &procfile,
        "procfile",
        "web: gunicorn --bind 127.0.0.1:$PORT app:app\n",
    );
    assert_eq!(
        summary(&client.diagnostics(&procfile)),
        [("BL301".into(), 0, 21, 0, 30)]
    );
    client.shutdown();
}

#[test]
fn bad_requests_get_errors_and_the_session_goes_on() {
    let dir = project("lsp_bad_input", &[]);
    let mut client = Client::start(&dir, Value::Null);
    let unknown = client.request("textDocument/completion", json!({}));
    assert_eq!(
        unknown.error.unwrap().code,
        lsp_server::ErrorCode::MethodNotFound as i32
    );
    let invalid = client.request("textDocument/hover", json!({"textDocument": 3}));
    assert_eq!(
        invalid.error.unwrap().code,
        lsp_server::ErrorCode::InvalidParams as i32
    );
    // Notifications with bad params, for unknown documents, or unknown: ignored.
    client.notify("textDocument/didOpen", json!({"nope": true}));
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": "file:///nowhere.py", "version": 2}, "contentChanges": []}),
    );
    client.notify("$/somethingElse", json!({}));
    // A change range past the end of the text is clamped.
    let uri = Url::from_file_path(dir.join("app.py")).unwrap();
    client.open(&uri, "python", "x = 1\n");
    assert_eq!(client.diagnostics(&uri), Vec::<Value>::new());
    client.change(
        &uri,
        2,
        json!([{"range": {"start": {"line": 40, "character": 0}, "end": {"line": 2, "character": 0}},
                "text": FLASK}]),
    );
    assert_eq!(client.diagnostics(&uri).len(), 2);
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": "file:///not/open.py"},
               "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
               "context": {"diagnostics": []}}),
    );
    assert_eq!(actions.result.unwrap(), json!([]));
    client.shutdown();
}

#[test]
fn over_pipes_a_malformed_message_is_skipped_and_shutdown_exits_cleanly() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::process::{Command, Stdio};

    let mut child = Command::new(env!("CARGO_BIN_EXE_bindlint"))
        .args(["server", "--log-level", "debug"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let frame = |body: &str| format!("Content-Length: {}\r\n\r\n{body}", body.len());
    let mut send = |body: &str| stdin.write_all(frame(body).as_bytes()).unwrap();
    send("{this is not json");
    send(r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#);
    let mut read = || -> Value {
        let mut length = 0;
        loop {
            let mut line = String::new();
            stdout.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            if let Some(value) = line.strip_prefix("Content-Length: ") {
                length = value.parse().unwrap();
            }
        }
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    let initialized = read();
    assert_eq!(initialized["id"], 1);
    assert!(initialized["result"]["capabilities"]["hoverProvider"] == json!(true));
    send(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
    send(r#"{"jsonrpc":"2.0","id":2,"method":"shutdown"}"#);
    assert_eq!(read()["id"], 2);
    send(r#"{"jsonrpc":"2.0","method":"exit"}"#);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    let log = String::from_utf8_lossy(&output.stderr);
    assert!(log.contains("skipped a malformed message"), "{log}");
    assert!(output.stdout.is_empty());
}

#[test]
fn evidence_in_another_file_is_related_information() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects/flask_factory");
    let uri = Url::from_file_path(root.join("run.py")).unwrap();
    let text = std::fs::read_to_string(root.join("run.py")).unwrap();
    let client = Client::start(&root, Value::Null);
    client.open(&uri, "python", &text);
    let found = client.diagnostics(&uri);
    let related = &found[0]["relatedInformation"][0];
    let factory = Url::from_file_path(root.join("app/__init__.py")).unwrap();
    assert_eq!(related["location"]["uri"], json!(factory));
    assert_eq!(related["location"]["range"]["start"]["line"], 6);
    assert_eq!(related["message"], "`app` is created");
    client.shutdown();
}
