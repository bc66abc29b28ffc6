//! Port rules: a server start that does not listen on the platform's `PORT` (BL201, BL202),
//! or passes it as a string where an int is required (BL204).

use super::codes::PortCodes;
use super::context::{origins_outside, settle_foreign, Context};
use super::edits::{self, bind_fix, command_fix, node_listen_fix, port_env_expression, ListenFix};
use crate::catalog::{Address, PortDefault, PortType};
use crate::declare_rule;
use crate::facts::{Arg, ServerStart, StartContext, Syntax};
use crate::finding::{Edit, Finding, Fix};
use crate::resolve::{EnvRead, Value};
use crate::rule_info::RuleInfo;

declare_rule! {
    /// ## What it does
    /// Flags a server start whose port is a literal or a constant, or is read from an
    /// environment variable other than `PORT`, with no `PORT` read feeding it. A literal that is
    /// only the fallback of a `PORT` read (`os.environ.get("PORT", "5000")`,
    /// `process.env.PORT || 3000`) is fine, and so is port `0` (an ephemeral port).
    ///
    /// ## Why is this bad?
    /// The platform chooses the port and passes it in `PORT`; its router connects there. A
    /// server on any other port is never reached and the deploy times out.
    ///
    /// ## Example
    /// ```python
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=5000)
    /// ```
    ///
    /// ## Fix
    /// Read `PORT`, keeping the literal as the local fallback:
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
    /// ```
    /// `--fix` makes the port the fallback of a `PORT` read in the file's idiom:
    /// `int(os.environ.get("PORT", "5000"))` (adding `import os` when the file lacks it; the default
    /// is a `str`, as linters ask of env defaults), `Number(process.env.PORT) || 3000`; safe. On Deno
    /// it writes `Number(Deno.env.get("PORT")) || 8000`, which throws unless `deno run` is given
    /// `--allow-env`: unsafe there, and the help line says so.
    pub static HARDCODED_PORT = ("BL201", "hardcoded-port", Warning, fix = Sometimes);
}

declare_rule! {
    /// ## What it does
    /// Flags a server start that omits the port where the framework's default port applies and
    /// nothing feeds it from `PORT` (Flask's 5000, uvicorn's 8000, aiohttp's 8080, Gradio's
    /// 7860, Deno's 8000...). APIs that read `PORT` themselves (Dash, Bun) are fine without one.
    ///
    /// ## Why is this bad?
    /// The default port is almost never the one the platform assigns, so the server listens
    /// where nobody connects.
    ///
    /// ## Example
    /// ```python
    /// import uvicorn
    /// from fastapi import FastAPI
    ///
    /// app = FastAPI()
    /// uvicorn.run(app, host="0.0.0.0")
    /// ```
    ///
    /// ## Fix
    /// ```python
    /// import os
    ///
    /// import uvicorn
    /// from fastapi import FastAPI
    ///
    /// app = FastAPI()
    /// uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))
    /// ```
    /// `--fix` adds the port argument in the call's style, with the framework's default as the
    /// fallback: `port=int(os.environ.get("PORT", "8000"))`, `{ port: Number(process.env.PORT) ||
    /// 3000 }`; `Deno.serve(handler)` becomes `Deno.serve({ port: ... }, handler)`. Safe, except
    /// on Deno (unsafe, as for BL201).
    pub static MISSING_PORT_ENV = ("BL202", "missing-port-env", Warning, fix = Sometimes);
}

declare_rule! {
    /// ## What it does
    /// Python: flags a `PORT` read that reaches an API whose port must be an `int` (`socket.bind`,
    /// `http.server`, `wsgiref`, `uvicorn`, Sanic, Werkzeug, Flask-SocketIO, Gradio) without
    /// `int(...)`. APIs that convert the port themselves (Flask, Bottle, Dash, aiohttp, Tornado,
    /// waitress) are not flagged.
    ///
    /// ## Why is this bad?
    /// Environment variables are strings. Locally the fallback is an `int` and all is well; on
    /// the platform `PORT` is set, the API receives `"8080"` and fails at start-up
    /// (`TypeError: 'str' object cannot be interpreted as an integer`).
    ///
    /// ## Example
    /// ```python
    /// import os
    /// from http.server import HTTPServer, SimpleHTTPRequestHandler
    ///
    /// HTTPServer(("", os.environ.get("PORT", "8000")), SimpleHTTPRequestHandler).serve_forever()
    /// ```
    ///
    /// ## Fix
    /// ```python
    /// import os
    /// from http.server import HTTPServer, SimpleHTTPRequestHandler
    ///
    /// HTTPServer(("", int(os.environ.get("PORT", "8000"))), SimpleHTTPRequestHandler).serve_forever()
    /// ```
    /// `--fix` wraps the read in `int(...)` where it is written in the call, or the argument as a
    /// whole; safe.
    pub static PORT_ENV_NOT_INT = ("BL204", "port-env-not-int", Error, fix = Safe);
}

/// What one candidate value of a port is.
enum PortValue<'a> {
    Literal(i64),
    /// Read from a variable the platform does not set.
    OtherEnv(&'a EnvRead),
    ReadsPort(&'a EnvRead),
    /// `port`/`Port`: reported by BL203 where it is read.
    Miscased,
    /// `None`: the default applies.
    Default,
    Unknown,
}

fn judge(value: &Value) -> PortValue<'_> {
    match value {
        Value::Int { value, .. } => PortValue::Literal(*value),
        Value::Str { .. } => value
            .literal_port()
            .map_or(PortValue::Unknown, PortValue::Literal),
        Value::Null => PortValue::Default,
        Value::Env(read) if read.reads_port() => PortValue::ReadsPort(read),
        Value::Env(read) if read.is_miscased_port() => PortValue::Miscased,
        Value::Env(read) => PortValue::OtherEnv(read),
        Value::Foreign(inner, _) => judge(inner),
        Value::Unknown => PortValue::Unknown,
    }
}

/// The codes of port findings in source code.
pub static SOURCE_CODES: PortCodes = PortCodes {
    hardcoded: &HARDCODED_PORT,
    omitted: &MISSING_PORT_ENV,
};

/// Judges a start's port. `settled`: the platform already judged where it listens (BL401, see
/// `platform.rs`), so only BL204 is left to judge here.
pub fn check(
    start: &ServerStart,
    codes: &PortCodes,
    settled: bool,
    context: &Context,
    out: &mut Vec<Finding>,
) {
    let (span, values) = match &start.port {
        Arg::Unknown => return,
        Arg::Omitted if settled => return,
        Arg::Omitted => return check_omitted(start, context, codes.omitted, out),
        Arg::Given { span, values } => (span, values),
    };
    let verdicts: Vec<PortValue> = values.iter().map(judge).collect();
    if !verdicts.is_empty() && verdicts.iter().all(|v| matches!(v, PortValue::Default)) {
        if !settled {
            check_omitted(start, context, codes.omitted, out);
        }
        return;
    }

    let hardcoded = !settled
        && !verdicts.is_empty()
        && verdicts
            .iter()
            .all(|v| matches!(v, PortValue::Literal(_) | PortValue::OtherEnv(_)));
    if hardcoded {
        let literal = verdicts.iter().find_map(|v| match v {
            PortValue::Literal(port) => Some(*port),
            _ => None,
        });
        let other_env = verdicts.iter().find_map(|v| match v {
            PortValue::OtherEnv(read) => Some(*read),
            _ => None,
        });
        let (message, label) = match other_env {
            Some(read) => (
                format!(
                    "the port is read from `{}`, which the platform does not set: it passes the port in `PORT`",
                    read.name
                ),
                format!("`{}` is not `PORT`", read.name),
            ),
            None => (
                format!(
                    "port {} is hard-coded: the platform passes the port to listen on in `PORT`",
                    literal.unwrap_or_default()
                ),
                "hard-coded port".to_string(),
            ),
        };
        let fallback = literal.or_else(|| other_env.and_then(env_literal_fallback));
        let finding = Finding {
            rule: codes.hardcoded,
            span: span.clone(),
            message,
            label,
            help: match start.context {
                StartContext::Source => format!(
                    "read `PORT`, keeping the literal as the local fallback: {}{}",
                    port_fix(start, context, fallback),
                    edits::permission_note(start.api)
                ),
                StartContext::Command => command_port_help(start, context),
            },
            related: origins_outside(context, span, values),
            fix: read_port_fix(start, context),
        };
        out.push(settle_foreign(finding, values));
    }

    if start.api.port_type == PortType::Int
        && start.context == StartContext::Source
        && context.syntax == Syntax::Python
    {
        let string_read = verdicts.iter().find_map(|v| match v {
            PortValue::ReadsPort(read) if !read.as_int => Some(*read),
            _ => None,
        });
        if let Some(read) = string_read {
            // The read as written here: itself, or the argument that brings it from elsewhere.
            let written = if values.iter().any(|v| v.foreign_origin().is_some()) {
                context.snippet(span)
            } else {
                context.snippet(&read.span)
            };
            let finding = Finding {
                rule: &PORT_ENV_NOT_INT,
                span: span.clone(),
                message: format!(
                    "{} needs an int port, but `{written}` is a string when `PORT` is set",
                    start.api.display,
                ),
                label: "a `str` on the platform".to_string(),
                help: format!("convert it: `int({written})`"),
                related: origins_outside(context, span, values),
                fix: int_fix(start, span, read, context),
            };
            out.push(settle_foreign(finding, values));
        }
    }
}

fn check_omitted(
    start: &ServerStart,
    context: &Context,
    rule: &'static RuleInfo,
    out: &mut Vec<Finding>,
) {
    let PortDefault::Fixed(default) = start.api.port_default else {
        return;
    };
    out.push(Finding {
        rule,
        span: start.callee.clone(),
        message: format!(
            "{} listens on its default port {default} when no port is given, not on the `PORT` the platform assigns",
            start.api.display
        ),
        label: format!("no port: listens on {default}"),
        help: match start.context {
            StartContext::Source => format!(
                "pass the platform's port: {}{}",
                port_fix(start, context, Some(i64::from(default))),
                edits::permission_note(start.api)
            ),
            StartContext::Command => command_port_help(start, context),
        },
        related: Vec::new(),
        fix: add_port_fix(start, context, default),
    });
}

/// A port fix in a start command rewrites how the server is launched (unsafe); in source code it
/// only makes the server listen where the platform routes (safe), unless reading `PORT` needs a
/// permission the program may not have been given (Deno: unsafe).
fn port_fix_of(start: &ServerStart, message: &str, edits: Vec<Edit>) -> Fix {
    match start.context {
        StartContext::Source if !edits::is_deno(start.api) => Fix::safe(message, edits),
        _ => Fix::unsafe_fix(message, edits),
    }
}

/// Start commands and `bind` strings carry their own edits (see `lang::invocation`).
fn command_port_fix(start: &ServerStart, context: &Context) -> Option<Fix> {
    let command_edits = start.command_edits.port.clone()?;
    let message = if command_edits.iter().all(|edit| edit.content.is_empty()) {
        "Remove the `PORT=` assignment"
    } else {
        "Listen on `$PORT`"
    };
    Some(port_fix_of(
        start,
        message,
        edits::with_imports(context, command_edits)?,
    ))
}

fn is_command_like(start: &ServerStart) -> bool {
    start.context == StartContext::Command || start.api.address == Address::BindString
}

/// BL201 / BL302 (a port other than `PORT`): read `PORT`, with what was written as the local
/// fallback.
fn read_port_fix(start: &ServerStart, context: &Context) -> Option<Fix> {
    if is_command_like(start) {
        return command_port_fix(start, context);
    }
    let site = start.sites.port.as_ref()?;
    let edit = edits::rewrite_expression(context, site, |written| {
        edits::port_read(context, start.api, written)
    })?;
    Some(port_fix_of(
        start,
        "Read `PORT`, keeping the port as the fallback",
        edits::with_imports(context, vec![edit])?,
    ))
}

/// BL202 / BL302 (no port): pass the platform's port, with the API's default as the fallback.
fn add_port_fix(start: &ServerStart, context: &Context, default: u16) -> Option<Fix> {
    if is_command_like(start) {
        return command_port_fix(start, context);
    }
    let insertion = start.sites.insert?;
    let name = match start.api.address {
        Address::HostPort { port, .. } => port.keyword?,
        Address::Options { port_key, .. } => port_key,
        Address::NodeListen => "port",
        Address::Tuple(_) | Address::BindString => return None,
    };
    let value = edits::port_read(context, start.api, &default.to_string());
    let edit = edits::add_argument(insertion, name, &value);
    Some(port_fix_of(
        start,
        "Pass the platform's `PORT`",
        edits::with_imports(context, vec![edit])?,
    ))
}

/// BL204: convert the read where it is written in the argument, else the argument.
fn int_fix(
    start: &ServerStart,
    span: &crate::source::Span,
    read: &EnvRead,
    context: &Context,
) -> Option<Fix> {
    let in_argument = span.start <= read.span.start && read.span.end <= span.end;
    let edit = if in_argument {
        let text = context.text.get(read.span.clone())?;
        Edit::replace(read.span.clone(), format!("int({text})"))
    } else {
        let site = start.sites.port.as_ref()?;
        edits::rewrite_expression(context, site, |written| format!("int({written})"))?
    };
    Some(Fix::safe("Convert the port with `int(...)`", vec![edit]))
}

/// The help of a start command's port finding: the corrected command, or what to remove.
fn command_port_help(start: &ServerStart, context: &Context) -> String {
    let fix = command_fix(start, context);
    if fix.starts_with("remove ") {
        fix
    } else {
        format!("listen on the platform's `$PORT`: {fix}")
    }
}

/// A literal fallback of an env read (`os.environ.get("APP_PORT", 9090)` → 9090).
fn env_literal_fallback(read: &EnvRead) -> Option<i64> {
    read.fallback.iter().find_map(Value::literal_port)
}

/// How to pass the platform's port to this API.
fn port_fix(start: &ServerStart, context: &Context, fallback: Option<i64>) -> String {
    if start.context == StartContext::Command {
        return command_fix(start, context);
    }
    let expression = port_env_expression(context, start.api, fallback);
    match (start.api.address, context.syntax) {
        (Address::BindString, _) => bind_fix(context),
        (Address::Tuple(_), _) => format!("`{expression}`"),
        (Address::HostPort { port, .. }, Syntax::Python) => match port.keyword {
            Some(keyword) => format!("`{keyword}={expression}`"),
            None => format!("`{expression}`"),
        },
        (Address::HostPort { port, .. }, Syntax::JavaScript | Syntax::Shell) => {
            match port.keyword {
                Some(keyword) => format!("`{keyword}: {expression}`"),
                None => format!("`{expression}`"),
            }
        }
        (Address::Options { port_key, .. }, _) => format!("`{port_key}: {expression}`"),
        (Address::NodeListen, _) => node_listen_fix(start, context, ListenFix::Port),
    }
}
