//! A finding: one rule violated at one place, with the words that explain and fix it.

use crate::rule_info::{RuleInfo, Severity};
use std::sync::Arc;

use crate::source::{OtherFile, Position, Span};

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
    /// The edits that remove the finding, when there is one right answer (`--fix`).
    pub fix: Option<Fix>,
}

/// Whether `--fix` applies a fix by itself, or only with `--unsafe-fixes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes what the finding is about and nothing else (the port the server listens on).
    Safe,
    /// Also changes behaviour a user may rely on (binding every interface exposes a dev server).
    Unsafe,
}

/// The edits that fix one finding. They are applied together or not at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Fix {
    pub applicability: Applicability,
    /// What the fix does, in a few words (`Replace with \"0.0.0.0\"`).
    pub message: String,
    /// Non-overlapping edits, in file order.
    pub edits: Vec<Edit>,
}

/// Replace the bytes at `span` with `content` (an insertion when the span is empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

impl Edit {
    pub fn replace(span: Span, content: impl Into<String>) -> Edit {
        Edit {
            span,
            content: content.into(),
        }
    }

    pub fn insert(at: usize, content: impl Into<String>) -> Edit {
        Edit::replace(at..at, content)
    }
}

impl Fix {
    pub fn new(
        applicability: Applicability,
        message: impl Into<String>,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|edit| (edit.span.start, edit.span.end));
        Fix {
            applicability,
            message: message.into(),
            edits,
        }
    }

    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Safe, message, edits)
    }

    pub fn unsafe_fix(message: impl Into<String>, edits: Vec<Edit>) -> Fix {
        Fix::new(Applicability::Unsafe, message, edits)
    }
}

/// A place that explains a finding: where a constant was set, where the app was created.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub span: Span,
    pub label: String,
    /// The other file the place is in (a module the linted file imports); `None` for the
    /// linted file itself.
    pub file: Option<Arc<OtherFile>>,
}

/// A related place put in its file, for the output formats.
#[derive(Debug, Clone, PartialEq)]
pub struct RelatedLocation {
    pub path: String,
    pub start: Position,
    pub end: Position,
    pub message: String,
}

/// A finding placed in its file, ready for any output format.
#[derive(Debug, Clone)]
pub struct Located {
    pub finding: Finding,
    /// The rule's severity after configuration.
    pub severity: Severity,
    pub start: Position,
    pub end: Position,
    /// Where each edit of the finding's fix starts and ends, in the order of its edits.
    pub edit_positions: Vec<(Position, Position)>,
    /// The finding's related places, in the order of `finding.related`, in their files.
    pub related: Vec<RelatedLocation>,
}
