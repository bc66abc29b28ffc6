//! A finding: one rule violated at one place, with the words that explain and fix it.

use crate::rules::RuleInfo;
use crate::source::{Position, Span};

#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub rule: &'static RuleInfo,
    /// The primary span (byte offsets into the file's text).
    pub span: Span,
    /// What is wrong, in one sentence.
    pub message: String,
    /// A short label for the underlined span.
    pub label: String,
    /// What to write instead, in the file's own language.
    pub help: String,
    /// Secondary places that explain the finding (where a constant was set...).
    pub related: Vec<Related>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    pub label: String,
}

/// A finding placed in its file, ready for any output format.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    /// The rule's severity after configuration.
    pub severity: crate::rules::Severity,
    pub start: Position,
    pub end: Position,
}
