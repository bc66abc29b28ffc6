//! The platform rule: a server that listens on another port than the one its deployment routes
//! to (BL401), judged under each deployment that runs it (`deploy/`, docs/deployments.md). Where a platform routes to a port its manifest declares (Fly.io's
//! `internal_port`, compose's `ports:`, Kubernetes' `containerPort`, DigitalOcean's
//! `http_port`), that port is the right one: a literal equal to it is correct, a different one
//! is BL401, and without `PORT` set nothing else can be said of the port (no BL201/BL202/BL302).
//!
//! The port a server listens on in the deployment is worked out from what the start gives (a
//! literal, a `PORT` read and its fallback, or the API's default) and from what `PORT` is there
//! ([`Context::port_env`]).

use super::context::{origins_outside, Context};
use crate::catalog::{PortDefault, ServerApi};
use crate::declare_rule;
use crate::facts::{Arg, DeclaredPort, ManifestFacts, PortEnv, ServerStart, StartContext};
use crate::finding::Finding;
use crate::resolve::Value;

declare_rule! {
    /// ## What it does
    /// Flags a server that listens on a port other than the one its platform routes to, where
    /// the platform routes to a port its manifest declares: `internal_port` in `fly.toml` (8080
    /// when not written), the container side of a compose service's `ports:`, a Kubernetes
    /// container's `containerPort`, `http_port` in DigitalOcean's app spec, a Knative / Cloud
    /// Run `containerPort`. The port is the one the start command or the source gives, its
    /// fallback where nothing sets `PORT` (Fly.io sets none unless `[env] PORT` does), or the
    /// server's default (`gunicorn app:app` listens on 8000 without `PORT`). It is judged under
    /// every deployment that runs the server (compose for local runs and Fly.io in production
    /// can disagree about the same Dockerfile), names the one it breaks, and points at both
    /// places. `fly.toml`'s `[env] PORT` that differs from `internal_port` is flagged too.
    ///
    /// ## Why is this bad?
    /// The platform's proxy connects to the declared port and finds nothing there: "instance
    /// refused connection" on Fly.io, refused probes on Kubernetes, an empty reply from a
    /// published compose port. Fly's docs: "The number specified by `internal_port` needs to
    /// match the port used to start your application."
    ///
    /// ## Example
    /// ```toml
    /// [http_service]
    /// internal_port = 8080
    ///
    /// [processes]
    /// app = "gunicorn --bind 0.0.0.0:3000 app:app"
    /// ```
    ///
    /// ## Fix
    /// Listen on the declared port, or declare the port the server listens on:
    /// ```toml
    /// [http_service]
    /// internal_port = 8080
    ///
    /// [processes]
    /// app = "gunicorn --bind 0.0.0.0:8080 app:app"
    /// ```
    /// There is no automatic fix: either side may be the one to change.
    pub static PORT_MISMATCH = ("BL401", "port-mismatch", Error, fix = None);
}

/// The port a server listens on in the deployment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Listens {
    /// This port, and whether it is what `PORT` is set to.
    On { port: u16, from_port_env: bool },
    /// Whatever `PORT` is, which is what the platform routes to.
    OnPort,
    /// Cannot be told (an unknown value, another variable without a fallback).
    Unknown,
}

/// Judges a start's port against its platform. Returns whether the platform settled the port
/// (then BL201, BL202 and BL302 are not judged): it routes to a declared port, or it sets no
/// `PORT` (nothing can be said of a hard-coded port that no manifest can be compared with).
pub fn check(start: &ServerStart, context: &Context, out: &mut Vec<Finding>) -> bool {
    let port_env = context.port_env(start);
    let Some(declared) = context.declared() else {
        return port_env == PortEnv::Unset;
    };
    let listens = listening(start, port_env);
    let (span, values): (_, &[Value]) = match &start.port {
        Arg::Given { span, values } => (span.clone(), values),
        _ => (start.callee.clone(), &[]),
    };
    let wrong: Vec<(u16, bool)> = listens
        .iter()
        .filter_map(|listens| match *listens {
            Listens::On {
                port,
                from_port_env,
            } if port != declared.port => Some((port, from_port_env)),
            _ => None,
        })
        .collect();
    // Every way the port can go must miss the declared one: a value that may be right is
    // not reported.
    let all_wrong = !listens.is_empty() && wrong.len() == listens.len();
    if all_wrong {
        let (port, from_port_env) = wrong[0];
        let how = match (&start.port, from_port_env) {
            (_, true) => format!("listens on `PORT`, which is {port} here,"),
            (Arg::Given { .. }, false) => format!("listens on {port},"),
            (_, false) => format!("listens on its default port {port},"),
        };
        let mut related = origins_outside(context, &span, values);
        related.push(declared.place.clone());
        out.push(Finding {
            rule: &PORT_MISMATCH,
            span,
            message: format!(
                "{} {how} but {} routes to {}",
                start.api.display,
                declared.platform.facts().name,
                declared.description,
            ),
            label: format!("listens on {port}"),
            help: format!(
                "listen on {} (or declare {port} where the platform routes)",
                declared.port
            ),
            related,
            fix: None,
        });
    }
    true
}

/// Whether `start` listens where its deployment routes: on the declared port, or on `PORT`
/// where the platform routes there (the generic judgement too). Every way its port can go must
/// land there.
pub fn listens_where_routed(start: &ServerStart, context: &Context) -> bool {
    let port_env = context.port_env(start);
    let listens = listening(start, port_env);
    let declared = context.declared().map(|declared| declared.port);
    !listens.is_empty()
        && listens.iter().all(|listens| match (listens, declared) {
            (Listens::On { port, .. }, Some(declared)) => *port == declared,
            (Listens::On { from_port_env, .. }, None) => *from_port_env,
            (Listens::OnPort, _) => port_env != PortEnv::Unset,
            (Listens::Unknown, _) => false,
        })
}

/// A side listener: another server in a program whose routed server is there (a metrics or
/// admin port beside the web port). It is not what the platform routes to, so nothing is said
/// of it. Only source code has them: a start command starts one server.
pub fn is_side_listener(start: &ServerStart, context: &Context) -> bool {
    start.context == StartContext::Source
        && matches!(start.port, Arg::Given { .. })
        && !listens_where_routed(start, context)
}

/// `fly.toml`: an `[env] PORT` that differs from the port the service routes to.
pub fn check_manifest(manifest: &ManifestFacts, out: &mut Vec<Finding>) {
    let (Some(port_env), Some(routed)) = (&manifest.port_env, &manifest.routed) else {
        return;
    };
    if port_env.port == routed.port {
        return;
    }
    let DeclaredPort { port, span, key } = port_env;
    out.push(Finding {
        rule: &PORT_MISMATCH,
        span: span.clone(),
        message: format!(
            "`{key}` is {port}, so servers that read `PORT` listen on {port}, but {} routes to {}",
            routed.platform.facts().name,
            routed.description
        ),
        label: format!("`PORT` is {port}"),
        help: format!("set `PORT` to {} (or route to {port})", routed.port),
        related: vec![routed.place.clone()],
        fix: None,
    });
}

/// Where the server can listen, one entry per value the port may take.
fn listening(start: &ServerStart, port_env: PortEnv) -> Vec<Listens> {
    match &start.port {
        Arg::Unknown => vec![Listens::Unknown],
        Arg::Omitted => vec![default_port(start.api, port_env)],
        Arg::Given { values, .. } => values
            .iter()
            .map(|value| listens_on(value, start.api, port_env))
            .collect(),
    }
}

fn default_port(api: &ServerApi, port_env: PortEnv) -> Listens {
    match api.port_default {
        PortDefault::Fixed(port) => Listens::On {
            port,
            from_port_env: false,
        },
        PortDefault::ReadsPortEnv(fallback) => match port_env {
            PortEnv::Set(Some(port)) => Listens::On {
                port,
                from_port_env: true,
            },
            PortEnv::Set(None) => Listens::OnPort,
            PortEnv::Unset if fallback == 0 => Listens::Unknown,
            PortEnv::Unset => Listens::On {
                port: fallback,
                from_port_env: false,
            },
        },
        PortDefault::Required => Listens::Unknown,
    }
}

fn listens_on(value: &Value, api: &ServerApi, port_env: PortEnv) -> Listens {
    let as_port = |port: i64| {
        u16::try_from(port).map_or(Listens::Unknown, |port| Listens::On {
            port,
            from_port_env: false,
        })
    };
    match value {
        Value::Null => default_port(api, port_env),
        Value::Env(read) if read.name == "PORT" => match port_env {
            PortEnv::Set(Some(port)) => Listens::On {
                port,
                from_port_env: true,
            },
            PortEnv::Set(None) => Listens::OnPort,
            // Unset: the fallback decides, and without one the server cannot start.
            PortEnv::Unset => read
                .fallback
                .iter()
                .map(|fallback| listens_on(fallback, api, port_env))
                .next()
                .unwrap_or(Listens::Unknown),
        },
        Value::Env(read) => read
            .fallback
            .iter()
            .find_map(Value::literal_port)
            .map_or(Listens::Unknown, as_port),
        Value::Foreign(inner, _) => listens_on(inner, api, port_env),
        _ => value.literal_port().map_or(Listens::Unknown, as_port),
    }
}
