//! The code a fix writes: the platform's port read in each language's idiom, a replaced literal,
//! an added argument, `import os`. Rules decide *whether* a finding has a fix; this module
//! decides how the edit is spelled, so every rule writes the same code.

use super::context::Context;
use crate::catalog::{HostDefault, Ipv6, ServerApi};
use crate::facts::{
    Arg, DeploymentView, ExprSite, Insertion, OsImport, PortEnv, ServerStart, Syntax, Value,
};
use crate::finding::{Edit, Finding};
use crate::source::Span;

/// The host every fix binds.
pub const ALL_INTERFACES: &str = "0.0.0.0";

/// `old` inside the literal at `span` replaced by `new`, keeping the quotes and prefixes as
/// written: the span is exactly `old` (a shell word, a piece of a bind string), or a string
/// literal that contains `old` once. `None` for anything else (a name, a call...).
pub fn replace_in_literal(context: &Context, span: &Span, old: &str, new: &str) -> Option<Edit> {
    let text = context.text.get(span.clone())?;
    if text == old {
        return Some(Edit::replace(span.clone(), new));
    }
    let quoted = text.ends_with(['"', '\'', '`']) && !text.contains("${") && !text.contains('{');
    if !quoted || old.is_empty() || text.matches(old).count() != 1 {
        return None;
    }
    let at = span.start + text.find(old)?;
    Some(Edit::replace(at..at + old.len(), new))
}

/// A string literal holding `text`, in the file's language.
pub fn string_literal(text: &str) -> String {
    format!("\"{text}\"")
}

/// Whether the API runs on Deno, whose `Deno.env.get` throws under `deno run` unless the run
/// command grants `--allow-env`: a fix that reads `PORT` there is unsafe, and its help says so.
pub fn is_deno(api: &ServerApi) -> bool {
    api.qualified_names
        .iter()
        .any(|name| name.starts_with("Deno."))
}

/// What a help line adds when reading `PORT` needs a permission (Deno).
pub fn permission_note(api: &ServerApi) -> &'static str {
    if is_deno(api) {
        " (`deno run` then needs `--allow-env=PORT`)"
    } else {
        ""
    }
}

/// The expression that reads the platform's port and falls back to `fallback` (source code),
/// in the idiom of the API's runtime: Python needs an `int` (and an env default that is a `str`,
/// as linters ask: `os.environ.get("PORT", "5000")`), JavaScript a number (`Number` of an unset
/// variable is `NaN`, so `||` takes the fallback), and Deno has no `process.env`.
pub fn port_read(context: &Context, api: &ServerApi, fallback: &str) -> String {
    match context.syntax {
        Syntax::Python => format!(
            "int(os.environ.get(\"PORT\", {}))",
            python_env_default(fallback)
        ),
        Syntax::JavaScript if is_deno(api) => {
            format!("Number(Deno.env.get(\"PORT\")) || {fallback}")
        }
        Syntax::JavaScript => format!("Number(process.env.PORT) || {fallback}"),
        Syntax::Shell => "$PORT".to_string(),
    }
}

/// An env default as a `str` (ruff's PLW1508 flags an `int` one): a decimal literal is quoted,
/// anything else (a name, an expression whose type is not known) is kept as written.
fn python_env_default(fallback: &str) -> String {
    let digits: String = fallback.chars().filter(|c| *c != '_').collect();
    if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        // `int("08")` is 8, but keep the number as people write it.
        let number = digits.trim_start_matches('0');
        string_literal(if number.is_empty() { "0" } else { number })
    } else {
        fallback.to_string()
    }
}

/// The expression that reads the platform's port, with `fallback` for local runs: the
/// same code the fix writes (see [`port_read`]).
pub fn port_env_expression(context: &Context, api: &ServerApi, fallback: Option<i64>) -> String {
    match (context.syntax, fallback) {
        (_, Some(port)) => port_read(context, api, &port.to_string()),
        (Syntax::Python, None) => "int(os.environ[\"PORT\"])".to_string(),
        (Syntax::JavaScript, None) => port_read(context, api, "3000"),
        (Syntax::Shell, None) => "$PORT".to_string(),
    }
}

/// Which argument of a `listen` call a help line corrects.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ListenFix {
    Host,
    Port,
}

/// The corrected `listen` call, keeping what the user wrote for the other argument. Fastify
/// takes an options object (its positional form throws in v5); Node takes `(port, host)`.
pub fn node_listen_fix(start: &ServerStart, context: &Context, fix: ListenFix) -> String {
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
        ListenFix::Port => port_env_expression(context, start.api, fallback.or(Some(3000))),
        ListenFix::Host => written(&start.port)
            .unwrap_or_else(|| port_env_expression(context, start.api, Some(3000))),
    };
    let host = match fix {
        ListenFix::Host => Some(all.clone()),
        ListenFix::Port => written(&start.host),
    };
    let loopback_default = matches!(start.api.host_default, HostDefault::Loopback(_));
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

/// Replaces the expression at `site` by `make(expression text)`. A JavaScript shorthand
/// property (`{ port }`) keeps its key (`{ port: ... }`). In JavaScript the old expression is
/// parenthesized unless it is a single token, so `a ?? b` cannot meet the new `||`.
pub fn rewrite_expression(
    context: &Context,
    site: &ExprSite,
    make: impl FnOnce(&str) -> String,
) -> Option<Edit> {
    let text = context.text.get(site.span.clone())?;
    let operand = match context.syntax {
        Syntax::JavaScript if !is_single_token(text) => format!("({text})"),
        _ => text.to_string(),
    };
    let new = make(&operand);
    let content = if site.shorthand {
        format!("{text}: {new}")
    } else {
        new
    };
    Some(Edit::replace(site.span.clone(), content))
}

/// Replaces the expression at `site` by `replacement`, keeping a shorthand property's key.
pub fn replace_expression(context: &Context, site: &ExprSite, replacement: &str) -> Option<Edit> {
    rewrite_expression(context, site, |_| replacement.to_string())
}

/// An identifier, a number, a plain string or a member chain: safe as an operand of `||`.
fn is_single_token(text: &str) -> bool {
    let plain_string = text.len() >= 2
        && ['"', '\'', '`']
            .iter()
            .any(|quote| text.starts_with(*quote) && text.ends_with(*quote))
        && !text[1..text.len() - 1].contains(['"', '\'', '`', '\\', '$']);
    plain_string
        || text
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.'))
}

/// Adds the argument `name` with `value` at `insertion`, as the call's syntax spells it.
pub fn add_argument(insertion: Insertion, name: &str, value: &str) -> Edit {
    match insertion {
        Insertion::Keyword { at, comma } => {
            Edit::insert(at, format!("{}{name}={value}", separator(comma)))
        }
        Insertion::Property { at, comma } => {
            Edit::insert(at, format!("{}{name}: {value}", separator(comma)))
        }
        Insertion::NewObject { at, comma } => Edit::insert(
            at,
            format!("{{ {name}: {value} }}{}", if comma { ", " } else { "" }),
        ),
    }
}

fn separator(comma: bool) -> &'static str {
    if comma {
        ", "
    } else {
        ""
    }
}

/// The edits with `import os` added when they use `os` in a Python file that does not import
/// it. `None` when the import is needed but there is no safe place for it.
pub fn with_imports(context: &Context, mut edits: Vec<Edit>) -> Option<Vec<Edit>> {
    let uses_os = context.syntax == Syntax::Python
        && edits.iter().any(|edit| edit.content.contains("os.environ"));
    if uses_os {
        match context.os_import {
            OsImport::Present => {}
            OsImport::Missing { at, crlf } => {
                let newline = if crlf { "\r\n" } else { "\n" };
                edits.push(Edit::insert(at, format!("import os{newline}")));
            }
            OsImport::NoPlace => return None,
        }
    }
    Some(edits)
}

/// The corrected start command for a help line, or for a config file the corrected `bind`.
pub fn command_fix(start: &ServerStart, context: &Context) -> String {
    match &start.fix {
        Some(fix) if fix.starts_with("remove ") => fix.clone(),
        Some(fix) => format!("`{fix}`"),
        None => bind_fix(context),
    }
}

/// A bind string that listens everywhere on the platform's port.
pub fn bind_fix(context: &Context) -> String {
    match context.syntax {
        Syntax::Python => "`\"0.0.0.0:\" + os.environ.get(\"PORT\", \"8000\")`".to_string(),
        Syntax::JavaScript => "`0.0.0.0:${process.env.PORT}`".to_string(),
        Syntax::Shell => "`--bind 0.0.0.0:$PORT`".to_string(),
    }
}

/// Says what a finding means in the deployment that runs the server: the message names it and
/// quotes what its platform's users see, and its manifest is a related place; where the
/// platform needs IPv6 and the server accepts IPv4 on `::` too, the help and the fix bind `::`;
/// where nothing sets `PORT`, a fix that reads it is dropped.
pub fn for_deployment(
    finding: &mut Finding,
    start: &ServerStart,
    deployment: &DeploymentView,
    context: &Context,
) {
    let facts = deployment.platform.facts();
    if finding.rule.code == "BL204" {
        // A `str` port fails wherever `PORT` is set: not a routing problem.
        return;
    }
    if let Some(advice) = facts.port_advice {
        if matches!(finding.rule.code, "BL201" | "BL302") {
            finding.help.push_str(&format!("; {advice}"));
        }
    }
    // The manifest line that deploys the file is a related place (named in the message by
    // every format); in the manifest itself, the message names the deployment.
    match &deployment.place {
        Some(place) => {
            finding
                .message
                .push_str(&format!(" (on {}: {})", facts.name, facts.symptom));
            if !finding.related.contains(place) {
                finding.related.push(place.clone());
            }
        }
        None => finding.message.push_str(&format!(
            " (on {}, {}: {})",
            facts.name, deployment.name, facts.symptom
        )),
    }
    let binds_all = |text: &str| text.contains(ALL_INTERFACES);
    if facts.needs_ipv6
        && start.api.ipv6 == Ipv6::DualStack
        && (binds_all(&finding.help)
            || finding
                .fix
                .iter()
                .flat_map(|fix| &fix.edits)
                .any(|edit| binds_all(&edit.content)))
    {
        finding.help = prefer_ipv6(&finding.help);
        finding.help.push_str(&format!(
            " (`::` accepts IPv4 too, and {} needs IPv6)",
            facts.name
        ));
        if let Some(fix) = &mut finding.fix {
            fix.message = prefer_ipv6(&fix.message);
            for edit in &mut fix.edits {
                // The host half of `host:port` takes brackets.
                let before_port = context
                    .text
                    .get(edit.span.end..)
                    .is_some_and(|rest| rest.starts_with(':'));
                edit.content = if edit.content == ALL_INTERFACES && before_port {
                    "[::]".to_string()
                } else {
                    prefer_ipv6(&edit.content)
                };
            }
        }
    }
    if context.port_env(start) == PortEnv::Unset {
        let reads_port = |text: &str| text.contains("PORT");
        if finding
            .fix
            .iter()
            .flat_map(|fix| &fix.edits)
            .any(|edit| reads_port(&edit.content))
        {
            finding.fix = None;
        }
        if reads_port(&finding.help) {
            finding.help.push_str(&format!(
                "; {} sets no `PORT` here: set it for the app, or write the port it routes to",
                facts.name
            ));
        }
    }
}

/// The all-interfaces host written for IPv6: `0.0.0.0:8080` → `[::]:8080`, `0.0.0.0` → `::`.
fn prefer_ipv6(text: &str) -> String {
    text.replace(&format!("{ALL_INTERFACES}:"), "[::]:")
        .replace(ALL_INTERFACES, "::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(text: &str, syntax: Syntax) -> Context<'_> {
        Context {
            text,
            syntax,
            os_import: OsImport::Present,
            deployment: None,
            not_run: false,
        }
    }

    #[test]
    fn literals_keep_their_quotes_and_prefixes() {
        let text = r#"run(host=b'127.0.0.1', h="localhost", x=HOST)"#;
        let cx = context(text, Syntax::Python);
        let at = |needle: &str| {
            let start = text.find(needle).unwrap();
            start..start + needle.len()
        };
        let edit = replace_in_literal(&cx, &at("b'127.0.0.1'"), "127.0.0.1", "0.0.0.0").unwrap();
        assert_eq!(edit.span, at("127.0.0.1"));
        let edit = replace_in_literal(&cx, &at("localhost"), "localhost", "0.0.0.0").unwrap();
        assert_eq!(edit.span, at("localhost"));
        assert!(replace_in_literal(&cx, &at("HOST"), "127.0.0.1", "0.0.0.0").is_none());
    }

    #[test]
    fn javascript_operands_are_parenthesized_unless_single_tokens() {
        let text = "listen(config.port, a ?? b, 'x')";
        let cx = context(text, Syntax::JavaScript);
        let wrap = |needle: &str| {
            let start = text.find(needle).unwrap();
            let site = ExprSite::new(start..start + needle.len());
            rewrite_expression(&cx, &site, |e| format!("f() || {e}"))
                .unwrap()
                .content
        };
        assert_eq!(wrap("config.port"), "f() || config.port");
        assert_eq!(wrap("a ?? b"), "f() || (a ?? b)");
        assert_eq!(wrap("'x'"), "f() || 'x'");
        let shorthand = ExprSite {
            span: 7..18,
            shorthand: true,
        };
        assert_eq!(
            rewrite_expression(&cx, &shorthand, |e| format!("g({e})"))
                .unwrap()
                .content,
            "config.port: g(config.port)"
        );
    }

    #[test]
    fn arguments_are_spelled_per_syntax() {
        let keyword = Insertion::Keyword { at: 3, comma: true };
        assert_eq!(
            add_argument(keyword, "host", "\"0.0.0.0\"").content,
            ", host=\"0.0.0.0\""
        );
        let object = Insertion::NewObject { at: 0, comma: true };
        assert_eq!(
            add_argument(object, "port", "8000").content,
            "{ port: 8000 }, "
        );
        let property = Insertion::Property {
            at: 0,
            comma: false,
        };
        assert_eq!(add_argument(property, "port", "1").content, "port: 1");
    }
}
