//! Rule metadata: code, name, default severity, what its fixes are, and documentation. A leaf
//! module: findings ([`crate::diagnostic`]), the rules and the config all read it, and it reads
//! none of them.
//!
//! Each rule is declared with [`declare_rule!`] next to the code that checks it. The macro keeps
//! the rule's doc comment as a string, so the rustdoc page, `bindlint rule BL101` and the README
//! tables all come from that one declaration.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// Whether a rule's findings come with fixes, and whether `--fix` applies them on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixSafety {
    /// The rule never offers a fix.
    None,
    /// Every fix it offers is safe: `--fix` applies it.
    Safe,
    /// Every fix it offers is unsafe: it takes `--unsafe-fixes`.
    Unsafe,
    /// Safe in some places and unsafe in others; the rule's "Fix" section says which.
    Sometimes,
}

impl FixSafety {
    /// How `bindlint rules` and the README show it.
    pub fn label(self) -> &'static str {
        match self {
            FixSafety::None => "none",
            FixSafety::Safe => "safe",
            FixSafety::Unsafe => "unsafe",
            FixSafety::Sometimes => "sometimes safe",
        }
    }
}

/// What a user needs to know about one rule.
#[derive(Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The public code (`BL101`), used in config, suppressions and every output format.
    pub code: &'static str,
    /// The kebab-case name (`loopback-host`).
    pub name: &'static str,
    pub default_severity: Severity,
    /// What its fixes are; a test checks every fix the fixtures produce against it.
    pub fix: FixSafety,
    /// The raw doc comment (each line keeps the space after `///`); read it with
    /// [`RuleInfo::doc_text`].
    pub doc: &'static str,
}

impl RuleInfo {
    /// The first sentence of "What it does", for one-line listings.
    pub fn summary(&self) -> String {
        let doc = self.doc_text();
        let what = doc.split("## What it does").nth(1).unwrap_or("");
        let paragraph = what.trim_start().split("\n\n").next().unwrap_or("");
        paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
    }
}

/// Declares a `pub static` [`RuleInfo`] whose `doc` is the item's own doc comment.
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        pub static $ident:ident = ($code:literal, $name:literal, $severity:ident, fix = $fix:ident);
    ) => {
        $(#[doc = $doc])*
        pub static $ident: $crate::rule_info::RuleInfo = $crate::rule_info::RuleInfo {
            code: $code,
            name: $name,
            default_severity: $crate::rule_info::Severity::$severity,
            fix: $crate::rule_info::FixSafety::$fix,
            doc: concat!($($doc, "\n"),*),
        };
    };
}

impl RuleInfo {
    /// The first line of code in the "Example" section.
    pub fn example(&self) -> String {
        let doc = self.doc_text();
        let example = doc.split("## Example").nth(1).unwrap_or("");
        example
            .lines()
            .skip_while(|line| !line.starts_with("```"))
            .skip(1)
            .find(|line| !line.trim().is_empty() && !line.trim_start().starts_with('#'))
            .unwrap_or("")
            .trim()
            .to_string()
    }

    /// The documentation in Markdown (What it does / Why is this bad / Example / Fix), with the
    /// doc-comment indentation removed.
    pub fn doc_text(&self) -> String {
        self.doc
            .lines()
            .map(|line| line.strip_prefix(' ').unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }
}
