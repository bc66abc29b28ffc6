//! The rules. Each family lives in its own file with its rules' docs; this module lists them and
//! runs them over a file's facts.

pub mod command;
pub mod edits;
pub mod env;
pub mod host;
pub mod meta;
pub mod port;
pub mod suppression;

pub use meta::{RuleInfo, Severity};

use crate::catalog::ServerApi;
use crate::diagnostic::{Finding, Related};
use crate::facts::{Arg, FileFacts, ServerStart};
use crate::resolve::Value;
use crate::source::Span;

/// Every rule, in code order.
pub static ALL_RULES: &[&RuleInfo] = &[
    &suppression::UNUSED_SUPPRESSION,
    &host::LOOPBACK_HOST,
    &host::LOOPBACK_DEFAULT,
    &host::LOOPBACK_ENV_DEFAULT,
    &port::HARDCODED_PORT,
    &port::MISSING_PORT_ENV,
    &env::PORT_ENV_CASE,
    &port::PORT_ENV_NOT_INT,
    &command::CMD_LOOPBACK,
    &command::CMD_HARDCODED_PORT,
    &command::EXEC_FORM_ENV,
];

/// The rule with this code (`BL101`), case-insensitively.
pub fn rule_by_code(code: &str) -> Option<&'static RuleInfo> {
    ALL_RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// The README's rule table, generated from the rule docs (`bindlint rules --markdown`).
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| Code | Name | Default | What it flags | Example |\n|---|---|---|---|---|\n",
    );
    for rule in ALL_RULES {
        table.push_str(&format!(
            "| {} | `{}` | {} | {} | `{}` |\n",
            rule.code,
            rule.name,
            rule.default_severity,
            rule.summary().replace('|', "\\|"),
            rule.example().replace('|', "\\|"),
        ));
    }
    table
}

/// The language help lines are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    Python,
    JavaScript,
    /// Start commands (Procfile, package.json scripts, Dockerfile).
    Shell,
}

/// What the rules read besides the facts: the file's text (for quoting code in help lines) and
/// its language.
pub struct Context<'a> {
    pub text: &'a str,
    pub syntax: Syntax,
    /// Python: whether `os` is imported, for fixes that read `os.environ`.
    pub os_import: crate::facts::OsImport,
}

impl Context<'_> {
    fn snippet(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    /// The expression that reads the platform's port, with `fallback` for local runs: the
    /// same code the fix writes (see [`edits::port_read`]).
    fn port_env_expression(&self, api: &ServerApi, fallback: Option<i64>) -> String {
        match (self.syntax, fallback) {
            (_, Some(port)) => edits::port_read(self, api, &port.to_string()),
            (Syntax::Python, None) => "int(os.environ[\"PORT\"])".to_string(),
            (Syntax::JavaScript, None) => edits::port_read(self, api, "3000"),
            (Syntax::Shell, None) => "$PORT".to_string(),
        }
    }

    fn all_interfaces(&self) -> &'static str {
        "\"0.0.0.0\""
    }
}

/// Which argument of a `listen` call a help line corrects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ListenFix {
    Host,
    Port,
}

/// The corrected `listen` call, keeping what the user wrote for the other argument. Fastify
/// takes an options object (its positional form throws in v5); Node takes `(port, host)`.
fn node_listen_fix(start: &ServerStart, context: &Context, fix: ListenFix) -> String {
    let written = |arg: &Arg| match arg {
        Arg::Given { span, .. } => Some(context.snippet(span).to_string()),
        _ => None,
    };
    let fallback = match &start.port {
        Arg::Given { values, .. } => values.iter().find_map(Value::literal_port),
        _ => None,
    };
    let all = context.all_interfaces().to_string();
    let port = match fix {
        ListenFix::Port => context.port_env_expression(start.api, fallback.or(Some(3000))),
        ListenFix::Host => written(&start.port)
            .unwrap_or_else(|| context.port_env_expression(start.api, Some(3000))),
    };
    let host = match fix {
        ListenFix::Host => Some(all.clone()),
        ListenFix::Port => written(&start.host),
    };
    let loopback_default = matches!(
        start.api.host_default,
        crate::catalog::HostDefault::Loopback(_)
    );
    let callee = &start.callee_text;
    match (loopback_default, host) {
        (true, host) => format!(
            "`{callee}({{ port: {port}, host: {} }})`",
            host.unwrap_or(all)
        ),
        (false, Some(host)) => format!("`{callee}({port}, {host})`"),
        (false, None) => format!("`{callee}({port})`"),
    }
}

/// Runs every rule over one file's facts.
pub fn check(facts: &FileFacts, context: &Context, out: &mut Vec<Finding>) {
    for start in &facts.server_starts {
        if is_ephemeral(start) {
            // Port 0 asks the OS for a free port: an internal or test server, not the web
            // process the platform routes to, so neither its host nor its port is judged.
            continue;
        }
        host::check(start, context, out);
        port::check(start, context, out);
    }
    env::check(&facts.env_reads, context, out);
    command::check(&facts.unexpanded_variables, out);
}

fn is_ephemeral(start: &ServerStart) -> bool {
    match &start.port {
        Arg::Given { values, .. } => {
            !values.is_empty() && values.iter().all(|v| v.literal_port() == Some(0))
        }
        _ => false,
    }
}

/// Labels for values that were written away from the argument (a constant's definition).
fn origins_outside(arg_span: &Span, values: &[Value]) -> Vec<Related> {
    let mut related: Vec<Related> = Vec::new();
    for value in values {
        if let Some(origin) = value.origin() {
            let inside = origin.start >= arg_span.start && origin.end <= arg_span.end;
            if !inside && !related.iter().any(|r| r.span == *origin) {
                related.push(Related {
                    span: origin.clone(),
                    label: "value set here".to_string(),
                });
            }
        }
    }
    related
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_ordered_and_documented() {
        let codes: Vec<_> = ALL_RULES.iter().map(|r| r.code).collect();
        let mut sorted = codes.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(codes, sorted);
        for rule in ALL_RULES {
            let doc = rule.doc_text();
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix",
            ] {
                assert!(doc.contains(section), "{} lacks {section}", rule.code);
            }
            assert!(!rule.summary().is_empty(), "{}", rule.code);
        }
        assert_eq!(rule_by_code("bl101").map(|r| r.name), Some("loopback-host"));
    }
}
