//! What a language front end tells the rules about one file. Rules never look at syntax trees:
//! they judge these facts, so every language shares them.

use crate::catalog::platforms::Platform;
use crate::catalog::ServerApi;
use crate::finding::{Edit, Related};
pub use crate::resolve::{Arg, EnvRead, Piece, Value};
use crate::source::Span;

/// The language a file's code is written in, which is the language its help lines and fixes
/// are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Python,
    JavaScript,
    /// Start commands (Procfile, package.json scripts, Dockerfile).
    Shell,
}

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
    /// Where `--fix` may rewrite or add the host and port (source code).
    pub sites: FixSites,
    /// For start commands: the edits that correct the host and the port.
    pub command_edits: CommandEdits,
    /// Places in other files that explain every finding about this start: where the app it is
    /// called on was created (`app` is created at `app/__init__.py:5`).
    pub evidence: Vec<Related>,
    /// Where the start runs only when the file is run by hand (Python): when a production
    /// server imports the file instead, it never runs in the deployment.
    pub dev_scope: Option<DevScope>,
    /// What the conditions of the branches the start runs on mention, up to its function: the
    /// environment variables they read and the strings they name (`if "PORT" in os.environ:`).
    /// Empty when it runs unconditionally. The rules decide what such a branch means.
    pub branch_mentions: Vec<String>,
    /// What the start command's own environment sets `PORT` to (a Dockerfile `ENV PORT`, a
    /// manifest's `environment`, `PORT=8080 cmd`); `None` when it does not say.
    pub port_env: Option<PortEnv>,
    /// The part of a start-command file the start is in (a compose service, a Dockerfile
    /// stage's command, a package.json script), which the deployments that run that part judge.
    pub unit: Unit,
}

/// A part of a start-command file that a deployment runs on its own: a compose file holds one
/// command per service, a Dockerfile one per stage, package.json one per script. Source code,
/// a Procfile's `web:` line and a shell script are one unit each ([`Unit::File`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    #[default]
    File,
    /// A manifest's service, process group or container, by the name the deployment has.
    Service(String),
    /// package.json: the script a chain of `npm run` starts from.
    Script(String),
    /// A Dockerfile stage's command, by the offsets of the `ENTRYPOINT` and `CMD` instructions
    /// it is made of: stages that inherit a command share its unit.
    Command {
        entrypoint: Option<usize>,
        cmd: Option<usize>,
    },
    /// A Dockerfile stage, by index: what a deployment builds (its starts are [`Unit::Command`]).
    Stage(usize),
}

/// Whether `PORT` is set where a server starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortEnv {
    /// Nothing sets it (Fly.io without `[env] PORT`, compose, Kubernetes).
    Unset,
    /// It is set: to this port, when the value is known.
    Set(Option<u16>),
}

/// Code that runs only when a Python file is run by hand, not when a server imports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DevScope {
    /// Inside `if __name__ == "__main__":`.
    MainBlock,
    /// Inside a function registered only as a CLI command (`@app.cli.command()`,
    /// `@click.command()`).
    CliCommand,
    /// In package.json's `dev` script (or one it runs): `npm run dev` on a laptop.
    DevScript,
}

/// The places a fix may touch in a server start written in source code. The front end fills
/// them in only where a rewrite is sure to stay valid syntax.
#[derive(Debug, Clone, Default)]
pub struct FixSites {
    /// The host expression, when it can be replaced as a whole.
    pub host: Option<ExprSite>,
    /// The string literal a function-local name given as the host holds, when the host is that
    /// name's only use: the fix edits the literal, so no unused variable is left behind
    /// (`host = "::1"` then `run(host=host)`).
    pub host_literal: Option<Span>,
    /// The port expression, when it can be replaced as a whole.
    pub port: Option<ExprSite>,
    /// Where an omitted argument can be added.
    pub insert: Option<Insertion>,
}

/// An expression a fix may replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExprSite {
    pub span: Span,
    /// A JavaScript shorthand property (`{ port }`): the key must be kept (`{ port: ... }`).
    pub shorthand: bool,
}

impl ExprSite {
    pub fn new(span: Span) -> ExprSite {
        ExprSite {
            span,
            shorthand: false,
        }
    }
}

/// Where and how a missing argument is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Insertion {
    /// As a keyword argument (Python) at `at`, after the last argument when `comma`.
    Keyword { at: usize, comma: bool },
    /// As a property of the options object literal (JS), at `at`, after the last property
    /// when `comma`.
    Property { at: usize, comma: bool },
    /// As a new options object before the call's first argument (`Deno.serve(handler)`), or as
    /// its only argument.
    NewObject { at: usize, comma: bool },
}

/// The edits that make a start command listen on `0.0.0.0:$PORT`, one set per concern, each
/// `None` when the command cannot be corrected in place (an exec-form array cannot expand
/// `$PORT`; a word written with quotes or escapes is not rewritten).
#[derive(Debug, Clone, Default)]
pub struct CommandEdits {
    pub host: Option<Vec<Edit>>,
    pub port: Option<Vec<Edit>>,
}

/// Where a server start was written: it decides which family of codes reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartContext {
    /// Application source: BL1xx/BL2xx.
    Source,
    /// A start command or server config (gunicorn's `bind`): BL3xx.
    Command,
}

/// `$PORT` in a Dockerfile exec-form array that runs no shell: the program gets the text as is.
#[derive(Debug, Clone)]
pub struct UnexpandedVariable {
    pub span: Span,
    pub name: String,
    /// The command in shell form, for the help line.
    pub shell_form: String,
    /// The edits that run the array through `sh -c` (when the array can be rewritten).
    pub fix: Option<Vec<Edit>>,
    pub unit: Unit,
}

/// Everything the rules need from one file.
#[derive(Debug, Default)]
pub struct FileFacts {
    pub server_starts: Vec<ServerStart>,
    /// Every environment read in the file, wherever it is used (BL203 looks at all of them).
    pub env_reads: Vec<EnvRead>,
    pub unexpanded_variables: Vec<UnexpandedVariable>,
    /// Python: whether the file imports `os`, and where a fix that needs it adds the import.
    pub os_import: OsImport,
    /// Shell scripts a start command runs (`./bin/start.sh`), as written: linted as start
    /// commands too when they are in the tree.
    pub wrapper_scripts: Vec<String>,
    /// Apps a start command serves through a production server (`gunicorn app:app`).
    pub served_apps: Vec<ServedApp>,
    /// Programs a start command runs directly (`python app.py`, `node server.js`, `npm start`).
    pub runs: Vec<Run>,
    /// Server config files a start command names (`gunicorn -c gunicorn.conf.py`), as written:
    /// the deployment judges their settings (`bind`) as the server's.
    pub server_configs: Vec<String>,
    /// What a platform manifest (`fly.toml`, a compose file, a Kubernetes Deployment) says
    /// about where the app is routed and how it is built.
    pub manifest: Option<ManifestFacts>,
}

/// What a platform manifest declares that its own rules judge (the services it deploys are
/// read by the deployment model, `deploy/`).
#[derive(Debug, Clone, Default)]
pub struct ManifestFacts {
    /// The manifest sets `PORT` for the app (`[env] PORT = "8080"` in `fly.toml`), and where.
    pub port_env: Option<DeclaredPort>,
    /// The port the platform routes the app's traffic to, which `port_env` must equal.
    pub routed: Option<Declared>,
}

/// A port a manifest sets for the app (`[env] PORT = "8080"`), and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeclaredPort {
    pub port: u16,
    pub span: Span,
    /// What declares it, for messages (`[env] PORT`).
    pub key: &'static str,
}

/// What the rules know of one deployment that runs the linted file (README, "Deployments").
#[derive(Debug, Clone, PartialEq)]
pub struct DeploymentView {
    pub platform: Platform,
    /// Whether `PORT` is set for the app there: by the platform, by the manifest (`[env]
    /// PORT`), by the image (`ENV PORT`), or by the command that runs this file.
    pub port_env: PortEnv,
    /// The port the platform routes this file's server to, when the deployment starts the file
    /// (its manifest, the Dockerfile it builds, the script its start command runs) and routes to
    /// a declared port. Without it, no port is compared (no BL401).
    pub declared: Option<Declared>,
    /// How messages name the deployment: `` compose service `web` (docker-compose.yml:3) ``.
    pub name: String,
    /// Where its manifest declares it, for a related location (`None` in the manifest itself
    /// when the deployment is the whole file).
    pub place: Option<Related>,
}

/// A port a platform routes to, placed for messages and related locations.
#[derive(Debug, Clone, PartialEq)]
pub struct Declared {
    pub platform: Platform,
    pub port: u16,
    /// What `PORT` is set to for the app, if anything: the declared port itself on Cloud Run
    /// and DigitalOcean, `[env] PORT` on Fly.io, nothing on compose or Kubernetes.
    pub port_env: Option<u16>,
    /// Where it is declared.
    pub place: Related,
    /// How messages name it: `` `internal_port` 8080 ``.
    pub description: String,
}

/// A Python app a start command hands to a production server, which imports its module: the
/// module's `if __name__ == "__main__":` block never runs in the deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServedApp {
    /// The server (`gunicorn`, `uvicorn`...).
    pub server: &'static str,
    /// The module, dotted (`myproject.wsgi`), as the app argument names it.
    pub module: String,
    /// The directory the server imports from (`--chdir`, `--app-dir`), as written.
    pub dir: Option<String>,
    /// Where the command names the server, for citing it (`Procfile:1`).
    pub span: Span,
}

/// A program a start command runs directly, and the `PORT` its environment sets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    pub target: RunTarget,
    pub port_env: Option<PortEnv>,
    /// The directory it runs in, relative to the command's (`cd web && node server.js`).
    pub dir: Option<String>,
}

/// What a start command runs directly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunTarget {
    /// A script file (`python app.py`, `node server.js`), as written.
    Script(String),
    /// A Python module run as `__main__` (`python -m myapp`), dotted.
    Module(String),
    /// A package.json script (`npm start`, `yarn run serve`), by name, with the arguments
    /// given after it (`npm start -- --port 3000`), appended to its command.
    PackageScript { name: String, args: Vec<String> },
}

/// Whether a Python file imports `os`, for fixes that read `os.environ`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum OsImport {
    /// Imported at the top level (or not a Python file: nothing to add).
    #[default]
    Present,
    /// Not imported: a fix adds `import os` at `at` (a line start), with the file's line ending.
    Missing { at: usize, crlf: bool },
    /// Not imported, and there is no line start to add it safely: fixes that need it are off.
    NoPlace,
}
