//! The rules. Each family lives in its own file with its rules' docs; this module lists them and
//! runs them over a file's facts.

pub mod codes;
pub mod command;
pub mod context;
pub mod edits;
pub mod env;
pub mod host;
pub mod platform;
pub mod port;
pub mod suppression;

pub use crate::rule_info::{FixSafety, RuleInfo, Severity};

pub use context::Context;

use crate::facts::{Arg, FileFacts, ServerStart, StartContext};
use crate::finding::Finding;

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
    &platform::PORT_MISMATCH,
];

/// The rule with this code (`BL101`), case-insensitively.
pub fn rule_by_code(code: &str) -> Option<&'static RuleInfo> {
    ALL_RULES
        .iter()
        .copied()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// The README's rule table, generated from the rule declarations (`bindlint rules --markdown`).
pub fn markdown_table() -> String {
    let mut table = String::from(
        "| Code | Name | Default | Fix | What it flags | Example |\n|---|---|---|---|---|---|\n",
    );
    for rule in ALL_RULES {
        table.push_str(&format!(
            "| {} | `{}` | {} | {} | {} | `{}` |\n",
            rule.code,
            rule.name,
            rule.default_severity,
            rule.fix.label(),
            markdown_cell(&rule.summary()),
            markdown_cell(&rule.example()),
        ));
    }
    table
}

/// The README's table of fixes: what `--fix` writes for each rule that has fixes, and whether it
/// is safe, from the rule declarations.
pub fn markdown_fix_table() -> String {
    let mut table = String::from("| Rule | What `--fix` writes | Safety |\n|---|---|---|\n");
    for rule in ALL_RULES.iter().filter(|rule| rule.fix != FixSafety::None) {
        table.push_str(&format!(
            "| {} `{}` | {} | {} |\n",
            rule.code,
            rule.name,
            markdown_cell(&rule.fix_description()),
            rule.fix.label(),
        ));
    }
    table
}

/// Text that stays inside one Markdown table cell.
fn markdown_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

/// Runs every rule over one file's facts, under the deployment the context names.
pub fn check(facts: &FileFacts, context: &Context, out: &mut Vec<Finding>) {
    // Where one server a deployment runs listens where it routes, the others on other ports
    // are side listeners (metrics, admin, live reload): not judged.
    let routed_here = context.deployment.is_some()
        && facts.server_starts.iter().any(|start| {
            start.context == StartContext::Source && platform::listens_where_routed(start, context)
        });
    for start in &facts.server_starts {
        if is_ephemeral(start) || (routed_here && platform::is_side_listener(start, context)) {
            // Port 0 asks the OS for a free port: an internal or test server, not the web
            // process the platform routes to, so neither its host nor its port is judged.
            continue;
        }
        let (host_codes, port_codes) = match start.context {
            StartContext::Source => (&host::SOURCE_CODES, &port::SOURCE_CODES),
            StartContext::Command => (&command::HOST_CODES, &command::PORT_CODES),
        };
        if context.not_run {
            // A command no deployment runs: a loopback bind written in it fails wherever it
            // does run; nothing else can be said of it.
            if matches!(start.host, Arg::Given { .. }) {
                host::check(start, host_codes, context, out);
            }
            continue;
        }
        let first = out.len();
        host::check(start, host_codes, context, out);
        // Where the platform routes to a declared port, that port is the judge (BL401).
        let settled = platform::check(start, context, out);
        port::check(start, port_codes, settled, context, out);
        for finding in &mut out[first..] {
            let evidence = start
                .evidence
                .iter()
                .filter(|place| place.file.is_some() || place.span != finding.span);
            finding.related.extend(evidence.cloned());
            if let Some(deployment) = context.deployment {
                edits::for_deployment(finding, start, deployment, context);
            }
        }
    }
    if context.not_run {
        return;
    }
    if let Some(manifest) = &facts.manifest {
        platform::check_manifest(manifest, out);
    }
    env::check(&facts.env_reads, context, out);
    command::check(&facts.unexpanded_variables, out);
}

/// Whether a server start is the local-development fallback of a deployed app: it runs only on
/// a branch chosen by whether `PORT` is set (`if "PORT" in os.environ: ... else:
/// app.run(port=5000)`, `process.env.PORT ? a : b`), so where the platform sets `PORT` the
/// other branch runs. Such a start is no finding, and no server of the file.
pub fn is_local_fallback(start: &ServerStart) -> bool {
    start
        .branch_mentions
        .iter()
        .any(|mention| mention == "PORT")
}

/// Takes the local-development fallbacks ([`is_local_fallback`]) out of a file's facts, before
/// anything counts or judges its servers.
pub fn leave_out_local_fallbacks(facts: &mut FileFacts) {
    facts
        .server_starts
        .retain(|start| !is_local_fallback(start));
}

/// BL001: the suppression comments of a file that silenced nothing (`used[i]` says whether
/// `suppressions[i]` did), or name a code no rule has.
pub fn check_suppressions(
    suppressions: &[crate::suppress::Suppression],
    used: &[bool],
    out: &mut Vec<Finding>,
) {
    suppression::check(suppressions, used, |code| rule_by_code(code).is_some(), out);
}

fn is_ephemeral(start: &ServerStart) -> bool {
    match &start.port {
        Arg::Given { values, .. } => {
            !values.is_empty() && values.iter().all(|v| v.literal_port() == Some(0))
        }
        _ => false,
    }
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
