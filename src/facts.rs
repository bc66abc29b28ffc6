//! What a language front end tells the rules about one file. Rules never look at syntax trees:
//! they judge these facts, so every language shares them.

use crate::catalog::ServerApi;
use crate::resolve::{EnvRead, Value};
use crate::source::Span;

/// A call that makes the process accept connections.
#[derive(Debug)]
pub struct ServerStart {
    pub api: &'static ServerApi,
    /// The callee (`app.run`): where findings about omitted arguments point.
    pub callee: Span,
    /// The source text of the callee, for messages and help lines.
    pub callee_text: String,
    pub host: Arg,
    pub port: Arg,
    pub context: StartContext,
    /// For start commands: the corrected command, for help lines.
    pub fix: Option<String>,
}

/// Where a server start was written: it decides which family of codes reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartContext {
    /// Application source: BL1xx/BL2xx.
    Source,
    /// A start command or server config (gunicorn's `bind`): BL3xx.
    Command,
}

/// What a call passes for one parameter.
#[derive(Debug)]
pub enum Arg {
    /// Not passed: the API default applies.
    Omitted,
    /// Possibly passed in a way the file does not show (`*args`, `**options` from elsewhere).
    Unknown,
    /// Passed: `span` is the argument expression, `values` what it may evaluate to.
    Given { span: Span, values: Vec<Value> },
}

/// A piece of a string built from literals and env reads, such as gunicorn's
/// `bind = "0.0.0.0:" + os.environ["PORT"]`.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Literal text; `span` is where exactly this text stands in the file, when it does
    /// (it does not for text produced by formatting).
    Text {
        text: String,
        span: Option<Span>,
    },
    Env(EnvRead),
    Unknown,
}

/// `$PORT` in a Dockerfile exec-form array that runs no shell: the program gets the text as is.
#[derive(Debug, Clone)]
pub struct UnexpandedVariable {
    pub span: Span,
    pub name: String,
    /// The command in shell form, for the help line.
    pub shell_form: String,
}

/// Everything the rules need from one file.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub server_starts: Vec<ServerStart>,
    /// Every environment read in the file, wherever it is used (BL203 looks at all of them).
    pub env_reads: Vec<EnvRead>,
    pub unexpanded_variables: Vec<UnexpandedVariable>,
    /// Shell scripts a start command runs (`./bin/start.sh`), as written: linted as start
    /// commands too when they are in the tree.
    pub wrapper_scripts: Vec<String>,
}
