//! Rules about bindlint's own suppression comments.

use crate::declare_rule;
use crate::finding::Finding;
use crate::suppress::Suppression;

declare_rule! {
    /// ## What it does
    /// With `--report-unused-ignores`, flags a `bindlint: ignore` comment that silences no
    /// finding (the code was fixed, or the comment names the wrong rule or line), or that names
    /// a code bindlint does not have.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real bug on that line without anyone noticing.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ["PORT"]))  # bindlint: ignore[BL101]
    /// ```
    ///
    /// ## Fix
    /// Remove the comment, or name the rule that actually fires:
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ["PORT"]))
    /// ```
    /// No automatic fix: whether the comment is stale or names the wrong rule is for you to say.
    pub static UNUSED_SUPPRESSION = ("BL001", "unused-suppression", Warning, fix = None);
}

/// BL001 for each suppression comment that silenced nothing (`used[i]` says whether
/// `suppressions[i]` did) or that names a code `is_rule` does not know. (`rules/mod.rs` passes
/// its rule list: a family never reaches up into the dispatcher.)
pub fn check(
    suppressions: &[Suppression],
    used: &[bool],
    is_rule: impl Fn(&str) -> bool,
    out: &mut Vec<Finding>,
) {
    for (suppression, &used) in suppressions.iter().zip(used) {
        let unknown: Vec<&String> = suppression
            .codes
            .iter()
            .flatten()
            .filter(|code| !is_rule(code))
            .collect();
        let message = match (used, unknown.is_empty()) {
            (_, false) => format!(
                "unknown rule code{} {} in suppression",
                if unknown.len() > 1 { "s" } else { "" },
                unknown
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            (false, true) => "this suppression silences nothing".to_string(),
            (true, true) => continue,
        };
        out.push(Finding {
            rule: &UNUSED_SUPPRESSION,
            span: suppression.span.clone(),
            message,
            label: "unused".to_string(),
            help: "remove it, or name the rule that fires on this line".to_string(),
            related: Vec::new(),
            fix: None,
        });
    }
}
