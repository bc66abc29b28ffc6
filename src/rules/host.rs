//! Host rules: a server start that listens on loopback only (BL101, BL102, BL103).

use super::codes::HostCodes;
use super::context::{origins_outside, settle_foreign, Context};
use super::edits::{self, bind_fix, command_fix, node_listen_fix, ListenFix, ALL_INTERFACES};
use crate::catalog::{Address, HostDefault};
use crate::declare_rule;
use crate::facts::{Arg, PortEnv, ServerStart, StartContext, Syntax};
use crate::finding::{Edit, Finding, Fix};
use crate::resolve::{classify_host, EnvRead, HostKind, Value};

declare_rule! {
    /// ## What it does
    /// Flags a server start whose host resolves to a loopback address: `localhost`,
    /// `127.0.0.1` (any of `127.0.0.0/8`), `::1`, `[::1]`, `ip6-localhost`, `ip6-loopback`.
    ///
    /// ## Why is this bad?
    /// Inside a container, loopback is the container itself. The platform's router connects
    /// from outside, finds nothing listening, and the deploy fails ("Web process failed to bind
    /// to $PORT", "no open ports detected").
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
    /// ```
    ///
    /// ## Fix
    /// Listen on all interfaces:
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
    /// ```
    /// `--fix --unsafe-fixes` replaces the loopback literal where it is written in the call, keeping
    /// its quotes, or the host argument as a whole (`host=HOST` → `host="0.0.0.0"`); unsafe, because
    /// binding every interface exposes a development server to the network.
    pub static LOOPBACK_HOST = ("BL101", "loopback-host", Error, fix = Unsafe);
}

declare_rule! {
    /// ## What it does
    /// Flags a server start that omits the host where that API's default host is loopback:
    /// Flask, Quart, Sanic, Bottle, Dash and Flask-SocketIO `run()`, `uvicorn.run()`, Gradio
    /// `launch()`, hypercorn `serve()`, Fastify's `listen()`.
    ///
    /// ## Why is this bad?
    /// The default is chosen for a developer's laptop: the server binds `127.0.0.1` and is
    /// unreachable from outside the container, so the platform's health check fails.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// import uvicorn
    /// from fastapi import FastAPI
    ///
    /// app = FastAPI()
    /// uvicorn.run(app, port=int(os.environ["PORT"]))
    /// ```
    ///
    /// ## Fix
    /// Pass the host explicitly:
    /// ```python
    /// import os
    ///
    /// import uvicorn
    /// from fastapi import FastAPI
    ///
    /// app = FastAPI()
    /// uvicorn.run(app, host="0.0.0.0", port=int(os.environ["PORT"]))
    /// ```
    /// `--fix --unsafe-fixes` adds the host the way the API takes it (`host="0.0.0.0"`,
    /// `{ hostname: "0.0.0.0" }`; Fastify's `listen(3000)` becomes `listen({ port: 3000, host:
    /// "0.0.0.0" })`); unsafe, because binding every interface exposes a development server.
    pub static LOOPBACK_DEFAULT = ("BL102", "loopback-default", Error, fix = Unsafe);
}

declare_rule! {
    /// ## What it does
    /// Flags a host read from the environment with a loopback fallback, such as
    /// `os.getenv("HOST", "127.0.0.1")` or `process.env.HOST || "localhost"`.
    ///
    /// ## Why is this bad?
    /// Platforms set `PORT`, not `HOST`. On a deploy the fallback is what runs, and it binds
    /// loopback only.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host=os.getenv("HOST", "127.0.0.1"), port=int(os.environ["PORT"]))
    /// ```
    ///
    /// ## Fix
    /// Fall back to all interfaces:
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host=os.getenv("HOST", "0.0.0.0"), port=int(os.environ["PORT"]))
    /// ```
    /// `--fix --unsafe-fixes` rewrites each loopback fallback written in the call to `"0.0.0.0"`;
    /// unsafe, as for BL101.
    pub static LOOPBACK_ENV_DEFAULT = ("BL103", "loopback-env-default", Warning, fix = Unsafe);
}

/// What one candidate value of a host binds.
enum HostValue<'a> {
    Loopback(&'a str),
    /// An env read whose fallback is loopback; the `&str` is the fallback.
    EnvFallback(&'a EnvRead, String),
    Fine,
    Unknown,
}

fn judge<'a>(value: &'a Value, default: HostDefault) -> HostValue<'a> {
    match value {
        Value::Str { text, .. } => match classify_host(text) {
            HostKind::Loopback => HostValue::Loopback(text),
            HostKind::AllInterfaces | HostKind::Other => HostValue::Fine,
        },
        Value::Null => match default {
            HostDefault::Loopback(address) => HostValue::Loopback(address),
            HostDefault::AllInterfaces => HostValue::Fine,
            HostDefault::Required
            | HostDefault::DockerHostname
            | HostDefault::AllInterfacesWithPort(_) => HostValue::Unknown,
        },
        Value::Env(read) if !read.fallback.is_empty() => {
            let mut loopback = None;
            for fallback in &read.fallback {
                match judge(fallback, default) {
                    HostValue::Loopback(address) => loopback = Some(address.to_string()),
                    HostValue::EnvFallback(_, address) => loopback = Some(address),
                    _ => return HostValue::Fine,
                }
            }
            loopback.map_or(HostValue::Fine, |address| {
                HostValue::EnvFallback(read, address)
            })
        }
        // An env read without fallback is whatever the deploy sets: not ours to judge.
        Value::Env(_) => HostValue::Fine,
        Value::Foreign(inner, _) => judge(inner, default),
        Value::Int { .. } | Value::Unknown => HostValue::Unknown,
    }
}

/// The codes of host findings in source code.
pub static SOURCE_CODES: HostCodes = HostCodes {
    given: &LOOPBACK_HOST,
    omitted: &LOOPBACK_DEFAULT,
    env_fallback: &LOOPBACK_ENV_DEFAULT,
};

pub fn check(start: &ServerStart, codes: &HostCodes, context: &Context, out: &mut Vec<Finding>) {
    let host_default = host_default(start, context);
    match &start.host {
        Arg::Unknown => {}
        Arg::Omitted => match host_default {
            HostDefault::Loopback(address)
                if matches!(
                    start.api.host_default,
                    HostDefault::AllInterfacesWithPort(_)
                ) =>
            {
                out.push(Finding {
                    rule: codes.omitted,
                    span: start.callee.clone(),
                    message: format!(
                        "{} binds the loopback address `{address}` when `PORT` is not set, and nothing sets it here: nothing outside the container can connect",
                        start.api.display
                    ),
                    label: format!("no `PORT`: binds `{address}`"),
                    help: "bind all interfaces on the port the platform routes to, or set `PORT` for the app".to_string(),
                    related: Vec::new(),
                    fix: None,
                })
            }
            HostDefault::Loopback(address) => out.push(Finding {
                rule: codes.omitted,
                span: start.callee.clone(),
                message: format!(
                    "{} binds the loopback address `{address}` when no host is given: nothing outside the container can connect",
                    start.api.display
                ),
                label: format!("no host: binds `{address}`"),
                help: format!("listen on all interfaces: {}", host_fix(start, context)),
                related: Vec::new(),
                fix: add_host_fix(start, context),
            }),
            HostDefault::DockerHostname => out.push(Finding {
                rule: codes.omitted,
                span: start.callee.clone(),
                message: format!(
                    "{} listens on `$HOSTNAME`, which Docker sets to the container's id: it binds that one address, not every interface, and `localhost` health checks are refused",
                    start.api.display
                ),
                label: "binds `$HOSTNAME`".to_string(),
                help: "set `ENV HOSTNAME=0.0.0.0` in the Dockerfile (or `HOSTNAME=0.0.0.0` before the command)".to_string(),
                related: Vec::new(),
                fix: add_host_fix(start, context),
            }),
            HostDefault::AllInterfaces
            | HostDefault::Required
            | HostDefault::AllInterfacesWithPort(_) => {}
        },
        Arg::Given { span, values } => {
            let verdicts: Vec<HostValue> = values
                .iter()
                .map(|v| judge(v, host_default))
                .collect();
            let all_loopback = !verdicts.is_empty()
                && verdicts
                    .iter()
                    .all(|v| matches!(v, HostValue::Loopback(_) | HostValue::EnvFallback(..)));
            if !all_loopback {
                return;
            }
            let related = origins_outside(context, span, values);
            let env_fallback = verdicts.iter().find_map(|v| match v {
                HostValue::EnvFallback(read, address) => Some((*read, address.clone())),
                _ => None,
            });
            if let Some((read, address)) = env_fallback {
                let finding = Finding {
                    rule: codes.env_fallback,
                    span: span.clone(),
                    message: format!(
                        "the host falls back to the loopback address `{address}` when `{}` is unset, and platforms do not set `{}`",
                        read.name, read.name
                    ),
                    label: format!("`{address}` unless `{}` is set", read.name),
                    help: format!("fall back to all interfaces: {}", env_host_fix(read, context)),
                    related,
                    fix: fallback_fix(span, values, context),
                };
                out.push(settle_foreign(finding, values));
            } else {
                let address = verdicts
                    .iter()
                    .find_map(|v| match v {
                        HostValue::Loopback(address) => Some(*address),
                        _ => None,
                    })
                    .unwrap_or("127.0.0.1");
                let finding = Finding {
                    rule: codes.given,
                    span: span.clone(),
                    message: format!(
                        "{} binds the loopback address `{address}`: nothing outside the container can connect",
                        start.api.display
                    ),
                    label: "loopback only".to_string(),
                    help: format!("listen on all interfaces: {}", host_fix(start, context)),
                    related,
                    fix: replace_host_fix(start, span, values, context),
                };
                out.push(settle_foreign(finding, values));
            }
        }
    }
}

/// What the API binds without a host where `start` runs: a server that binds every interface
/// only when `PORT` is set (gunicorn) binds loopback where nothing sets it.
fn host_default(start: &ServerStart, context: &Context) -> HostDefault {
    match start.api.host_default {
        HostDefault::AllInterfacesWithPort(address) => match context.port_env(start) {
            PortEnv::Unset => HostDefault::Loopback(address),
            PortEnv::Set(_) => HostDefault::AllInterfaces,
        },
        other => other,
    }
}

/// Binding every interface exposes the server to the network: never applied without
/// `--unsafe-fixes`.
fn bind_all(edits: Vec<Edit>) -> Fix {
    Fix::unsafe_fix(
        format!("Listen on all interfaces (`{ALL_INTERFACES}`)"),
        edits,
    )
}

/// BL102 / BL301 (omitted host): pass an all-interfaces host the way this API takes it.
fn add_host_fix(start: &ServerStart, context: &Context) -> Option<Fix> {
    if start.context == StartContext::Command {
        return start.command_edits.host.clone().map(bind_all);
    }
    let all = edits::string_literal(ALL_INTERFACES);
    let insert = start.sites.insert;
    let edit = match (start.api.address, insert) {
        (Address::HostPort { host, .. }, Some(insertion)) => {
            edits::add_argument(insertion, host.keyword?, &all)
        }
        (Address::Options { host_keys, .. }, Some(insertion)) => {
            edits::add_argument(insertion, host_keys.last()?, &all)
        }
        (Address::NodeListen, Some(insertion)) => edits::add_argument(insertion, "host", &all),
        // `fastify.listen(3000)`: the positional form becomes the options object.
        (Address::NodeListen, None) => {
            let port = start.sites.port.as_ref()?;
            edits::rewrite_expression(context, port, |port| {
                format!("{{ port: {port}, host: {all} }}")
            })?
        }
        _ => return None,
    };
    Some(bind_all(vec![edit]))
}

/// BL101 / BL301 (loopback given): the literal becomes `0.0.0.0` where it is written in the
/// argument; otherwise the argument is replaced as a whole.
fn replace_host_fix(
    start: &ServerStart,
    span: &crate::source::Span,
    values: &[Value],
    context: &Context,
) -> Option<Fix> {
    if let Some(edits) = &start.command_edits.host {
        return Some(bind_all(edits.clone()));
    }
    let in_argument =
        |origin: &crate::source::Span| span.start <= origin.start && origin.end <= span.end;
    let sole_local =
        |origin: &crate::source::Span| start.sites.host_literal.as_ref() == Some(origin);
    let literal = match values {
        [Value::Str { text, span: origin }] if in_argument(origin) || sole_local(origin) => {
            edits::replace_in_literal(context, origin, text, ALL_INTERFACES)
        }
        _ => None,
    };
    let edit = match literal {
        Some(edit) => edit,
        None if start.context == StartContext::Source => {
            let site = start
                .sites
                .host
                .as_ref()
                .filter(|site| site.span == *span)?;
            edits::replace_expression(context, site, &edits::string_literal(ALL_INTERFACES))?
        }
        None => return None,
    };
    Some(bind_all(vec![edit]))
}

/// BL103: every loopback fallback written in the argument becomes `0.0.0.0`.
fn fallback_fix(span: &crate::source::Span, values: &[Value], context: &Context) -> Option<Fix> {
    let mut fixes = Vec::new();
    for value in values {
        let Value::Env(read) = value else { continue };
        for fallback in &read.fallback {
            if let Value::Str { text, span: origin } = fallback {
                if classify_host(text) != HostKind::Loopback {
                    continue;
                }
                if origin.start < span.start || origin.end > span.end {
                    return None;
                }
                fixes.push(edits::replace_in_literal(
                    context,
                    origin,
                    text,
                    ALL_INTERFACES,
                )?);
            }
        }
    }
    fixes.sort_by_key(|edit| edit.span.start);
    fixes.dedup();
    (!fixes.is_empty()).then(|| bind_all(fixes))
}

/// How to write an all-interfaces host for this API.
fn host_fix(start: &ServerStart, context: &Context) -> String {
    let all = context.all_interfaces();
    if start.context == StartContext::Command {
        return command_fix(start, context);
    }
    match (start.api.address, context.syntax) {
        (Address::Tuple(_), _) => format!("`({all}, port)`"),
        (Address::BindString, _) => bind_fix(context),
        (Address::HostPort { host, .. }, Syntax::Python) => match host.keyword {
            Some(keyword) => format!("`{keyword}={all}`"),
            None => format!("`{all}`"),
        },
        (Address::HostPort { host, .. }, Syntax::JavaScript | Syntax::Shell) => {
            match host.keyword {
                Some(keyword) => format!("`{keyword}: {all}`"),
                None => format!("`{all}`"),
            }
        }
        // Hapi lists `address` before `host` because it takes precedence; the help names the
        // ordinary key, the last one.
        (Address::Options { host_keys, .. }, _) => {
            format!("`{}: {all}`", host_keys.last().unwrap_or(&"host"))
        }
        (Address::NodeListen, _) => node_listen_fix(start, context, ListenFix::Host),
    }
}

fn env_host_fix(read: &EnvRead, context: &Context) -> String {
    match context.syntax {
        Syntax::Python => format!("`os.environ.get(\"{}\", \"0.0.0.0\")`", read.name),
        Syntax::JavaScript => format!("`process.env.{} || \"0.0.0.0\"`", read.name),
        Syntax::Shell => format!("`${{{}:-0.0.0.0}}`", read.name),
    }
}
