//! Rule metadata: code, name, default severity, what its fixes are, and documentation. A leaf
//! module: findings ([`crate::finding`]), the rules and the config all read it, and it reads
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
    /// The first paragraph of "What it does", on one line, for listings.
    pub fn summary(&self) -> String {
        let section = self.section("What it does");
        let paragraph = section.split("\n\n").next().unwrap_or("");
        one_line(paragraph)
    }

    /// The text of the section headed `## {title}`, up to the next heading.
    pub fn section(&self, title: &str) -> String {
        let doc = self.doc_text();
        let heading = format!("## {title}\n");
        let Some(start) = doc.find(&heading) else {
            return String::new();
        };
        let body = &doc[start + heading.len()..];
        let end = body.find("\n## ").unwrap_or(body.len());
        body[..end].trim().to_string()
    }

    /// The fenced code blocks of a section, with the fence's info string (`python`, `procfile`):
    /// the "Example" holds one that produces exactly this rule's finding on its last line, the
    /// "Fix" ones produce none (`tests/rule_docs.rs` lints each).
    pub fn snippets(&self, title: &str) -> Vec<Snippet> {
        let mut snippets = Vec::new();
        let mut current: Option<Snippet> = None;
        for line in self.section(title).lines() {
            match (&mut current, line.strip_prefix("```")) {
                (None, Some(info)) => {
                    current = Some(Snippet {
                        info: info.trim().to_string(),
                        code: String::new(),
                    })
                }
                (Some(_), Some(_)) => snippets.extend(current.take()),
                (Some(snippet), None) => {
                    snippet.code.push_str(line);
                    snippet.code.push('\n');
                }
                (None, None) => {}
            }
        }
        snippets
    }

    /// The line of the example that the finding is on (its last), for one-line listings.
    pub fn example(&self) -> String {
        self.snippets("Example")
            .first()
            .and_then(|snippet| snippet.code.lines().last().map(str::trim))
            .unwrap_or("")
            .to_string()
    }

    /// What `--fix` writes: the "Fix" section's text after its last code block, on one line.
    pub fn fix_description(&self) -> String {
        let section = self.section("Fix");
        let after = section.rsplit("```").next().unwrap_or("");
        one_line(after)
    }

    /// Where the rule is documented on the web (editors link a diagnostic's code there): its
    /// page under `docs/rules/`, which is [`Self::page`] (`tests/docs.rs` keeps it so).
    pub fn url(&self) -> String {
        format!(
            "{}/blob/main/docs/rules/{}.md",
            env!("CARGO_PKG_REPOSITORY"),
            self.code
        )
    }

    /// The rule's page, as `bindlint rule CODE` prints it and editors show it on hover.
    pub fn page(&self) -> String {
        format!(
            "# {} ({})\n\nDefault severity: {}\nFix: {}\n\n{}",
            self.code,
            self.name,
            self.default_severity,
            self.fix.label(),
            self.doc_text()
        )
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

/// Declares a `pub static` [`RuleInfo`] whose `doc` is the item's own doc comment:
///
/// ```ignore
/// declare_rule! {
///     /// ## What it does ...
///     pub static LOOPBACK_HOST = ("BL101", "loopback-host", Error, fix = Unsafe);
/// }
/// ```
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

/// A fenced code block of a rule's documentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The fence's info string: which kind of file the code is (`python`, `js`, `procfile`...).
    pub info: String,
    pub code: String,
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
