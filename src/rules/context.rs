//! What every rule reads besides the facts: the file's text, its language and its `os` import
//! ([`Context`]), and where a finding's values were set. A leaf of `rules/`: the rule families
//! and `edits.rs` use it, it uses none of them.

use crate::facts::{Declared, DeploymentView, OsImport, PortEnv, ServerStart, Syntax, Value};
use crate::finding::{Finding, Related};
use crate::source::Span;

/// What the rules read besides the facts: the file's text (for quoting code in help lines), its
/// language, and the deployment it is judged under.
pub struct Context<'a> {
    pub text: &'a str,
    pub syntax: Syntax,
    /// Python: whether `os` is imported, for fixes that read `os.environ`.
    pub os_import: OsImport,
    /// The deployment that runs the file, when one does and is on a known platform (README,
    /// "Deployments"); `None` is the generic judgement (platforms set `PORT`).
    pub deployment: Option<&'a DeploymentView>,
    /// What is judged never runs: every deployment that builds it replaces it (a Dockerfile
    /// `CMD` that each manifest overrides). Only a loopback bind written in it is reported.
    pub not_run: bool,
}

impl<'a> Context<'a> {
    /// The port the deployment routes the file's servers to, when it routes to a declared one.
    pub fn declared(&self) -> Option<&Declared> {
        self.deployment?.declared.as_ref()
    }

    /// What `PORT` is where `start` runs: set by its own command's environment, else by the
    /// deployment (its manifest, its image, the platform). With no deployment known, it is
    /// assumed set (the generic judgement: platforms pass the port in `PORT`).
    pub fn port_env(&self, start: &ServerStart) -> PortEnv {
        if let Some(env) = start.port_env {
            return env;
        }
        self.deployment
            .map_or(PortEnv::Set(None), |view| view.port_env)
    }

    pub fn snippet(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    pub fn all_interfaces(&self) -> &'static str {
        "\"0.0.0.0\""
    }
}

/// Labels for values that were written away from the argument: a constant's definition in this
/// file, or in another module of the project (`settings.py`).
pub fn origins_outside(context: &Context, arg_span: &Span, values: &[Value]) -> Vec<Related> {
    let mut related: Vec<Related> = Vec::new();
    for value in values {
        let place = match value.foreign_origin() {
            Some((file, origin)) => Related {
                span: origin.clone(),
                label: format!("`{}` is set", context.snippet(arg_span)),
                file: Some(file.clone()),
            },
            None => match value.origin() {
                Some(origin) if origin.start < arg_span.start || origin.end > arg_span.end => {
                    Related {
                        span: origin.clone(),
                        label: "value set here".to_string(),
                        file: None,
                    }
                }
                _ => continue,
            },
        };
        if !related.contains(&place) {
            related.push(place);
        }
    }
    related
}

/// A finding about values of which some were set in another module: it has no fix, since
/// `--fix` edits only the linted file and the bad value is elsewhere, and its help line names
/// the place to change. Findings about this file's values pass unchanged.
pub fn settle_foreign(mut finding: Finding, values: &[Value]) -> Finding {
    let place = values
        .iter()
        .find_map(Value::foreign_origin)
        .map(|(file, span)| file.cite(span.start));
    if let Some(place) = place {
        finding.fix = None;
        finding
            .help
            .push_str(&format!("; it is set at {place}: change it there"));
    }
    finding
}
