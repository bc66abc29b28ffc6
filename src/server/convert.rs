//! bindlint's findings as LSP values: diagnostics (code, rule, severity, range, message with
//! its help line, a link to the rule's docs, related places in other files), and fixes as text
//! edits.

use std::path::Path;

use lsp_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location,
    NumberOrString, Range, TextEdit, Url,
};

use super::document;
use super::session::ConfigProblem;
use crate::finding::{Edit, Located};
use crate::rules::Severity;

/// Every diagnostic's `source`.
pub const SOURCE: &str = "bindlint";

/// A finding in the document at `uri` whose text is `text`, as a diagnostic. `cwd` turns the
/// display paths of other files back into absolute ones.
pub fn diagnostic(located: &Located, text: &str, uri: &Url, cwd: &Path) -> Diagnostic {
    let finding = &located.finding;
    let related: Vec<DiagnosticRelatedInformation> = finding
        .related
        .iter()
        .filter_map(|place| {
            let (uri, range) = match &place.file {
                Some(other) => (
                    Url::from_file_path(cwd.join(&other.path)).ok()?,
                    document::range(&other.text, &place.span),
                ),
                None => (uri.clone(), document::range(text, &place.span)),
            };
            Some(DiagnosticRelatedInformation {
                location: Location { uri, range },
                message: place.label.clone(),
            })
        })
        .collect();
    Diagnostic {
        range: document::range(text, &finding.span),
        severity: Some(match located.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(finding.rule.code.to_string())),
        code_description: Url::parse(&finding.rule.url())
            .ok()
            .map(|href| CodeDescription { href }),
        source: Some(SOURCE.to_string()),
        message: if finding.help.is_empty() {
            finding.message.clone()
        } else {
            format!("{}\nhelp: {}", finding.message, finding.help)
        },
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({
            "rule": finding.rule.name,
            "fixable": finding.fix.is_some(),
        })),
    }
}

/// A fix's edits as LSP text edits on the document.
pub fn text_edits(edits: &[Edit], text: &str) -> Vec<TextEdit> {
    edits
        .iter()
        .map(|edit| TextEdit {
            range: document::range(text, &edit.span),
            new_text: edit.content.clone(),
        })
        .collect()
}

/// The edit that replaces the whole document with `new_text`.
pub fn replace_all(text: &str, new_text: String) -> TextEdit {
    TextEdit {
        range: document::range(text, &(0..text.len())),
        new_text,
    }
}

/// A config file that cannot be used, as one diagnostic on that file (its text read for the
/// position; an unreadable file gets the first line).
pub fn config_diagnostic(problem: &ConfigProblem) -> Diagnostic {
    let text = std::fs::read_to_string(&problem.path).unwrap_or_default();
    let range = if problem.span.is_empty() && problem.span.start == 0 {
        Range::default()
    } else {
        document::range(&text, &problem.span)
    };
    Diagnostic {
        range,
        severity: Some(DiagnosticSeverity::ERROR),
        code: None,
        code_description: None,
        source: Some(SOURCE.to_string()),
        message: format!(
            "{}; bindlint uses its defaults until this is fixed",
            problem.message
        ),
        related_information: None,
        tags: None,
        data: None,
    }
}
