//! What every rule reads besides the facts: the file's text, its language and its `os` import
//! ([`Context`]), and where a finding's values were set. A leaf of `rules/`: the rule families
//! and `edits.rs` use it, it uses none of them.

use crate::diagnostic::Related;
use crate::facts::{OsImport, Syntax, Value};
use crate::source::Span;

/// What the rules read besides the facts: the file's text (for quoting code in help lines) and
/// its language.
pub struct Context<'a> {
    pub text: &'a str,
    pub syntax: Syntax,
    /// Python: whether `os` is imported, for fixes that read `os.environ`.
    pub os_import: OsImport,
}

impl Context<'_> {
    pub fn snippet(&self, span: &Span) -> &str {
        self.text.get(span.clone()).unwrap_or("")
    }

    pub fn all_interfaces(&self) -> &'static str {
        "\"0.0.0.0\""
    }
}

/// Labels for values that were written away from the argument (a constant's definition).
pub fn origins_outside(arg_span: &Span, values: &[Value]) -> Vec<Related> {
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
