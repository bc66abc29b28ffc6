//! Environment rules: the port variable read under the wrong name (BL203).

use super::context::Context;
use super::edits;
use crate::declare_rule;
use crate::facts::{EnvRead, Syntax};
use crate::finding::{Edit, Finding, Fix};

declare_rule! {
    /// ## What it does
    /// Flags an environment read whose name differs from `PORT` only by case:
    /// `os.environ.get("port")`, `process.env.port`, `process.env["Port"]`,
    /// `const { port } = process.env`, `Deno.env.get("port")`. It is reported wherever it is
    /// read, whether or not it reaches a server start.
    ///
    /// ## Why is this bad?
    /// Environment variable names are case-sensitive on Linux. The platform sets `PORT`; a read
    /// of `port` finds nothing and the server falls back to its default port.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ.get("port", "5000")))
    /// ```
    ///
    /// ## Fix
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "5000")))
    /// ```
    /// `--fix` writes the name as the platform sets it (`"port"` → `"PORT"`,
    /// `process.env.port` → `process.env.PORT`); a JavaScript destructuring keeps its variable,
    /// `const { port } = process.env` → `const { PORT: port } = process.env`. Safe.
    pub static PORT_ENV_CASE = ("BL203", "port-env-case", Error, fix = Safe);
}

pub fn check(reads: &[EnvRead], context: &Context, out: &mut Vec<Finding>) {
    for read in reads.iter().filter(|read| read.is_miscased_port()) {
        out.push(Finding {
            rule: &PORT_ENV_CASE,
            span: read.name_span.clone(),
            message: format!(
                "`{}` is not `PORT`: environment variable names are case-sensitive, so the platform's `PORT` is never read",
                read.name
            ),
            label: "wrong case".to_string(),
            help: "write the name as the platform sets it: `PORT`".to_string(),
            related: Vec::new(),
            fix: rename_fix(read, context),
        });
    }
}

/// `"port"` → `"PORT"` where the name is written; a JavaScript destructuring keeps its variable
/// (`{ port }` → `{ PORT: port }`).
fn rename_fix(read: &EnvRead, context: &Context) -> Option<Fix> {
    let span = &read.name_span;
    let text = context.text.get(span.clone())?;
    let edit = if text == read.name {
        let quoted = context.text[..span.start].ends_with(['"', '\'', '`']);
        let before = context.text[..span.start].trim_end().chars().last();
        let after = context.text[span.end..].trim_start().chars().next();
        match (context.syntax, before, after) {
            // `{ port }` / `{ port = 3000 }` in a destructuring: keep the variable's name.
            (Syntax::JavaScript, Some('{' | ','), _) if !quoted && after != Some(':') => {
                Edit::replace(span.clone(), format!("PORT: {text}"))
            }
            // `process.env.port`, `env["port"]`, `{ port: p }`.
            _ => Edit::replace(span.clone(), "PORT"),
        }
    } else if context.syntax == Syntax::Shell && text.matches(read.name.as_str()).count() == 1 {
        let at = span.start + text.find(read.name.as_str())?;
        Edit::replace(at..at + read.name.len(), "PORT")
    } else {
        edits::replace_in_literal(context, span, &read.name, "PORT")?
    };
    Some(Fix::safe("Rename to `PORT`", vec![edit]))
}
