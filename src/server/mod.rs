//! `bindlint server`: a language server over stdio (README, "Editors"), built on `lsp-server`
//! and `lsp-types` as ruff's is. The top of the ladder below `main.rs`: it lints and fixes
//! documents through `lint` and `fix`, as a command-line run would.
//!
//! - `transport.rs` reads and writes framed messages, skipping malformed ones;
//! - `session.rs` holds the open documents and resolves each one's settings;
//! - the main loop below answers requests (code actions, hover) at once, from the current text;
//! - diagnostics are computed on a worker thread, debounced, so fast typing lints once per
//!   pause and a slow lint never holds up a request; a result for a version the editor has
//!   moved past is dropped;
//! - `convert.rs` and `actions.rs` turn findings into LSP values.

pub mod actions;
pub mod convert;
pub mod document;
pub mod log;
pub mod session;
pub mod transport;

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeConfiguration, DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Initialized, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, Diagnostic,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, InitializeResult, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};

use self::document::Document;
use self::log::Logger;
use self::session::{client_settings, LintTarget, Session};
use crate::config::{Settings, CONFIG_FILES};

/// How long diagnostics wait for typing to pause.
const DEBOUNCE: Duration = Duration::from_millis(50);

/// Serves the protocol on stdin and stdout until the client says `exit` or closes stdin.
pub fn run_stdio(logger: Logger) -> Result<(), String> {
    let (connection, _threads) = transport::stdio(logger);
    // The writer thread ends when the connection is dropped; the reader may be blocked on
    // stdin, which the process exit closes.
    serve(connection, logger)
}

/// Serves one connection: the handshake, then every message until `exit`.
pub fn serve(connection: Connection, logger: Logger) -> Result<(), String> {
    let (id, params) = connection
        .initialize_start()
        .map_err(|error| format!("the client did not initialize: {error}"))?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_else(|error| {
        logger.warn(&format!(
            "unreadable initialize params ({error}): using defaults"
        ));
        InitializeParams::default()
    });
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "bindlint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    // Not `initialize_finish`, which ends the session when the next message is not
    // `initialized`: that notification is handled in the main loop like any other.
    connection
        .sender
        .send(Message::Response(Response::new_ok(id, result)))
        .map_err(|error| format!("the client is gone: {error}"))?;
    logger.info(&format!(
        "bindlint {} serving {}",
        env!("CARGO_PKG_VERSION"),
        params
            .client_info
            .as_ref()
            .map_or("a client", |c| c.name.as_str())
    ));
    Server::new(connection, params, logger).main_loop()
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::new(actions::FIX_ALL),
            ]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..ServerCapabilities::default()
    }
}

/// A document to lint on the worker thread, with what it needs.
struct Job {
    uri: Url,
    version: i32,
    path: PathBuf,
    text: String,
    settings: Settings,
    folder: Option<PathBuf>,
}

/// The latest version of each open document: the worker drops results for older ones.
type Versions = Arc<Mutex<HashMap<Url, i32>>>;

struct Server {
    connection: Connection,
    session: Session,
    logger: Logger,
    cwd: PathBuf,
    jobs: mpsc::Sender<Job>,
    versions: Versions,
    watch_configs: bool,
    /// Config files that have a diagnostic published, to clear it once they are fixed.
    config_problems: HashSet<PathBuf>,
}

impl Server {
    fn new(connection: Connection, params: InitializeParams, logger: Logger) -> Server {
        let mut session = Session::default();
        #[allow(deprecated)] // `root_uri` is what older clients send
        let folders = params
            .workspace_folders
            .iter()
            .flatten()
            .map(|folder| folder.uri.clone())
            .chain(params.root_uri.clone());
        session.folders = folders.filter_map(|uri| uri.to_file_path().ok()).collect();
        match client_settings(params.initialization_options.clone()) {
            Ok(client) => session.client = client,
            Err(error) => logger.warn(&format!("ignored initializationOptions: {error}")),
        }
        if let Err(error) = Session::check_client_settings(&session.client) {
            logger.warn(&format!("ignored the client's rule selection: {error}"));
        }
        let watch_configs = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|w| w.dynamic_registration)
            .unwrap_or(false);
        let versions: Versions = Arc::default();
        let sender = connection.sender.clone();
        let jobs = spawn_worker(
            move |message| sender.send(message).is_ok(),
            versions.clone(),
            logger,
        );
        Server {
            connection,
            session,
            logger,
            cwd: std::env::current_dir().unwrap_or_default(),
            jobs,
            versions,
            watch_configs,
            config_problems: HashSet::new(),
        }
    }

    fn main_loop(mut self) -> Result<(), String> {
        while let Ok(message) = self.connection.receiver.recv() {
            match message {
                Message::Request(request) => match self.connection.handle_shutdown(&request) {
                    Ok(true) => return Ok(()),
                    Ok(false) => self.on_request(request),
                    Err(error) => return Err(format!("during shutdown: {error}")),
                },
                Message::Notification(notification) if notification.method == "exit" => {
                    // `exit` without `shutdown`: the protocol asks for a failure status.
                    return Err("exit before shutdown".to_string());
                }
                Message::Notification(notification) => self.on_notification(notification),
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn send(&self, message: Message) {
        if self.connection.sender.send(message).is_err() {
            self.logger.error("the client is gone: cannot send");
        }
    }

    fn reply(&self, id: RequestId, result: Result<serde_json::Value, (ErrorCode, String)>) {
        let response = match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        };
        self.send(Message::Response(response));
    }

    fn on_request(&mut self, request: Request) {
        let Request { id, method, params } = request;
        let result = match method.as_str() {
            CodeActionRequest::METHOD => parse(params).map(|p| self.code_actions(p)),
            HoverRequest::METHOD => parse(params).map(|p| self.hover(p)),
            _ => Err((
                ErrorCode::MethodNotFound,
                format!("bindlint does not handle `{method}`"),
            )),
        };
        self.reply(id, result);
    }

    fn on_notification(&mut self, notification: Notification) {
        let Notification { method, params } = notification;
        let handled = match method.as_str() {
            DidOpenTextDocument::METHOD => parse::<lsp_types::DidOpenTextDocumentParams>(params)
                .map(|p| {
                    let document = p.text_document;
                    self.session.documents.insert(
                        document.uri.clone(),
                        Document {
                            text: document.text,
                            version: document.version,
                        },
                    );
                    self.lint(&document.uri);
                }),
            DidChangeTextDocument::METHOD => {
                parse::<lsp_types::DidChangeTextDocumentParams>(params).map(|p| {
                    let uri = p.text_document.uri;
                    if let Some(document) = self.session.documents.get_mut(&uri) {
                        for change in p.content_changes {
                            document.apply(change);
                        }
                        document.version = p.text_document.version;
                        self.lint(&uri);
                    }
                })
            }
            DidSaveTextDocument::METHOD => parse::<lsp_types::DidSaveTextDocumentParams>(params)
                .map(|p| {
                    if is_config(&p.text_document.uri) {
                        self.reload();
                    } else {
                        self.lint(&p.text_document.uri);
                    }
                }),
            DidCloseTextDocument::METHOD => parse::<lsp_types::DidCloseTextDocumentParams>(params)
                .map(|p| {
                    let uri = p.text_document.uri;
                    self.session.documents.remove(&uri);
                    self.versions
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .remove(&uri);
                    self.publish(uri, Vec::new(), None);
                }),
            DidChangeWatchedFiles::METHOD => {
                parse::<lsp_types::DidChangeWatchedFilesParams>(params).map(|p| {
                    if p.changes.iter().any(|change| is_config(&change.uri)) {
                        self.reload();
                    }
                })
            }
            DidChangeConfiguration::METHOD => {
                parse::<lsp_types::DidChangeConfigurationParams>(params).map(|p| {
                    match client_settings(Some(p.settings)) {
                        Ok(client) => {
                            if let Err(error) = Session::check_client_settings(&client) {
                                self.logger
                                    .warn(&format!("ignored the client's rule selection: {error}"));
                            }
                            self.session.client = client;
                            self.reload();
                        }
                        Err(error) => self.logger.warn(&format!("ignored settings: {error}")),
                    }
                })
            }
            Initialized::METHOD => {
                self.register_config_watchers();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err((_, message)) = handled {
            self.logger.warn(&format!("ignored `{method}`: {message}"));
        }
    }

    /// Asks the client to report changes to config files (when it can register watchers).
    fn register_config_watchers(&self) {
        if !self.watch_configs {
            return;
        }
        let watchers = CONFIG_FILES
            .iter()
            .map(|name| FileSystemWatcher {
                glob_pattern: GlobPattern::String(format!("**/{name}")),
                kind: None,
            })
            .collect();
        let options = DidChangeWatchedFilesRegistrationOptions { watchers };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "bindlint-config-files".to_string(),
                method: DidChangeWatchedFiles::METHOD.to_string(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Message::Request(Request::new(
            RequestId::from("bindlint-register-watchers".to_string()),
            RegisterCapability::METHOD.to_string(),
            params,
        )));
    }

    /// Reads the config files again and lints every open document with what they now say.
    fn reload(&mut self) {
        self.logger.info("config changed: reloading");
        self.session.reload_configs();
        let open: Vec<Url> = self.session.documents.keys().cloned().collect();
        let before = std::mem::take(&mut self.config_problems);
        for uri in &open {
            self.lint(uri);
        }
        for fixed in before.difference(&self.config_problems.clone()) {
            if let Ok(uri) = Url::from_file_path(fixed) {
                self.publish(uri, Vec::new(), None);
            }
        }
    }

    /// Queues the document for linting on the worker, with its settings; a config file that
    /// cannot be used gets its diagnostic now.
    fn lint(&mut self, uri: &Url) {
        let Some(document) = self.session.documents.get(uri) else {
            return;
        };
        let (version, text) = (document.version, document.text.clone());
        self.versions
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(uri.clone(), version);
        let Ok(path) = uri.to_file_path() else {
            // `untitled:` buffers and other schemes have no folder to take settings from.
            self.publish(uri.clone(), Vec::new(), Some(version));
            return;
        };
        let resolved = self.session.settings_for(&path);
        if let Some(problem) = &resolved.problem {
            if self.config_problems.insert(problem.path.clone()) {
                if let Ok(config_uri) = Url::from_file_path(&problem.path) {
                    self.publish(config_uri, vec![convert::config_diagnostic(problem)], None);
                }
            }
        }
        let folder = self.session.folder_of(&path).map(PathBuf::from);
        let job = Job {
            uri: uri.clone(),
            version,
            path,
            text,
            settings: resolved.settings,
            folder,
        };
        if self.jobs.send(job).is_err() {
            self.logger.error("the lint worker stopped");
        }
    }

    fn publish(&self, uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        self.send(publish(uri, diagnostics, version));
    }

    /// The document's text, path and settings, for a request.
    fn target(&mut self, uri: &Url) -> Option<(String, PathBuf, Settings, Option<PathBuf>)> {
        let text = self.session.documents.get(uri)?.text.clone();
        let path = uri.to_file_path().ok()?;
        let settings = self.session.settings_for(&path).settings;
        let folder = self.session.folder_of(&path).map(PathBuf::from);
        Some((text, path, settings, folder))
    }

    fn code_actions(&mut self, params: lsp_types::CodeActionParams) -> serde_json::Value {
        let uri = params.text_document.uri;
        let Some((text, path, settings, folder)) = self.target(&uri) else {
            return serde_json::Value::Array(Vec::new());
        };
        let target = LintTarget {
            path: &path,
            settings: &settings,
            folder: folder.as_deref(),
        };
        let (Some(kind), Some(report)) = (target.kind(&text), target.lint(&text)) else {
            return serde_json::Value::Array(Vec::new());
        };
        let request = actions::ActionRequest {
            uri: &uri,
            path: &path,
            text: &text,
            kind,
            range: params.range,
            only: params.context.only.as_deref(),
            cwd: &self.cwd,
        };
        let found = actions::code_actions(&request, &report, || target.fix_all(&text));
        serde_json::to_value(found).unwrap_or_default()
    }

    fn hover(&mut self, params: lsp_types::HoverParams) -> serde_json::Value {
        let position = params.text_document_position_params;
        let Some((text, path, settings, folder)) = self.target(&position.text_document.uri) else {
            return serde_json::Value::Null;
        };
        let target = LintTarget {
            path: &path,
            settings: &settings,
            folder: folder.as_deref(),
        };
        target
            .lint(&text)
            .and_then(|report| actions::hover(&report, &text, position.position))
            .and_then(|hover| serde_json::to_value(hover).ok())
            .unwrap_or(serde_json::Value::Null)
    }
}

/// A request's params, or the error the client gets for them.
fn parse<T: serde::de::DeserializeOwned>(
    params: serde_json::Value,
) -> Result<T, (ErrorCode, String)> {
    serde_json::from_value(params).map_err(|error| (ErrorCode::InvalidParams, error.to_string()))
}

/// Whether a URI names a config file bindlint reads.
fn is_config(uri: &Url) -> bool {
    uri.path_segments()
        .and_then(|mut segments| segments.next_back())
        .is_some_and(|name| CONFIG_FILES.contains(&name))
}

fn publish(uri: Url, diagnostics: Vec<Diagnostic>, version: Option<i32>) -> Message {
    Message::Notification(Notification::new(
        PublishDiagnostics::METHOD.to_string(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        },
    ))
}

/// The worker: lints queued documents after typing pauses, the latest version of each once,
/// and publishes their diagnostics unless the editor has moved on.
fn spawn_worker(
    send: impl Fn(Message) -> bool + Send + 'static,
    versions: Versions,
    logger: Logger,
) -> mpsc::Sender<Job> {
    let (jobs, queue) = mpsc::channel::<Job>();
    let cwd = std::env::current_dir().unwrap_or_default();
    std::thread::Builder::new()
        .name("bindlint-lint".into())
        .spawn(move || {
            while let Ok(first) = queue.recv() {
                let mut pending: HashMap<Url, Job> = HashMap::from([(first.uri.clone(), first)]);
                loop {
                    match queue.recv_timeout(DEBOUNCE) {
                        Ok(job) => {
                            pending.insert(job.uri.clone(), job);
                        }
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                for (uri, job) in pending {
                    let current = |versions: &Versions| {
                        versions.lock().unwrap_or_else(|e| e.into_inner()).get(&uri)
                            == Some(&job.version)
                    };
                    if !current(&versions) {
                        continue;
                    }
                    let target = LintTarget {
                        path: &job.path,
                        settings: &job.settings,
                        folder: job.folder.as_deref(),
                    };
                    let started = std::time::Instant::now();
                    let diagnostics: Vec<Diagnostic> = target
                        .lint(&job.text)
                        .map(|report| {
                            report
                                .findings
                                .iter()
                                .map(|located| convert::diagnostic(located, &job.text, &uri, &cwd))
                                .collect()
                        })
                        .unwrap_or_default();
                    logger.debug(&format!(
                        "linted {} v{} in {:?}: {} diagnostics",
                        uri,
                        job.version,
                        started.elapsed(),
                        diagnostics.len()
                    ));
                    if current(&versions) && !send(publish(uri, diagnostics, Some(job.version))) {
                        return;
                    }
                }
            }
        })
        .expect("a thread can be spawned");
    jobs
}
