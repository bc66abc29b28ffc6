//! SARIF 2.1.0, for GitHub code scanning and other SARIF viewers: every rule's metadata in the
//! driver, each finding with its region and, when it has one, its fix. Columns are Unicode code points (`columnKind`), as in
//! every bindlint format.

use std::io::{self, Write};

use serde_json::{json, Value};

use crate::finding::{Applicability, Fix};
use crate::rules::{Severity, ALL_RULES};
use crate::run::RunResult;
use crate::source::Position;

/// Where a rule's documentation lives, for `helpUri`.
pub fn help_uri(code: &str) -> String {
    format!(
        "{}#{}",
        concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/README.md"),
        code.to_ascii_lowercase()
    )
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// A relative path as a URI reference: `/` separators, reserved characters percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    for byte in path.replace('\\', "/").bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// A fix as SARIF's `fix`: its edits as replacements of regions (an empty region inserts).
fn fix_object(path: &str, fix: &Fix, positions: &[(Position, Position)]) -> Value {
    let replacements: Vec<Value> = fix
        .edits
        .iter()
        .zip(positions)
        .map(|(edit, (start, end))| {
            json!({
                "deletedRegion": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                },
                "insertedContent": { "text": edit.content },
            })
        })
        .collect();
    json!({
        "description": { "text": format!("{} ({} fix)", fix.message, applicability(fix)) },
        "artifactChanges": [{
            "artifactLocation": { "uri": uri(path), "uriBaseId": "%SRCROOT%" },
            "replacements": replacements,
        }],
    })
}

fn applicability(fix: &Fix) -> &'static str {
    match fix.applicability {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
    }
}

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let rules: Vec<Value> = ALL_RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.code,
                "name": rule.name,
                "shortDescription": { "text": rule.summary() },
                "fullDescription": { "text": rule.doc_text() },
                "help": { "text": rule.doc_text(), "markdown": rule.doc_text() },
                "helpUri": help_uri(rule.code),
                "defaultConfiguration": { "level": level(rule.default_severity) },
            })
        })
        .collect();
    let results: Vec<Value> = run
        .files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |located| {
                let finding = &located.finding;
                let rule_index = ALL_RULES.iter().position(|r| r.code == finding.rule.code).unwrap_or(0);
                let mut result = json!({
                    "ruleId": finding.rule.code,
                    "ruleIndex": rule_index,
                    "level": level(located.severity),
                    "message": { "text": format!("{}\nhelp: {}", finding.message, finding.help) },
                    "locations": [{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "%SRCROOT%" },
                            "region": {
                                "startLine": located.start.line,
                                "startColumn": located.start.column,
                                "endLine": located.end.line,
                                "endColumn": located.end.column,
                            }
                        }
                    }],
                });
                if let Some(fix) = &finding.fix {
                    result["fixes"] = json!([fix_object(&file.path, fix, &located.edit_positions)]);
                }
                if !located.related.is_empty() {
                    let related: Vec<Value> = located
                        .related
                        .iter()
                        .enumerate()
                        .map(|(index, place)| {
                            json!({
                                "id": index,
                                "physicalLocation": {
                                    "artifactLocation": { "uri": uri(&place.path), "uriBaseId": "%SRCROOT%" },
                                    "region": {
                                        "startLine": place.start.line,
                                        "startColumn": place.start.column,
                                        "endLine": place.end.line,
                                        "endColumn": place.end.column,
                                    }
                                },
                                "message": { "text": place.message },
                            })
                        })
                        .collect();
                    result["relatedLocations"] = json!(related);
                }
                result
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "bindlint",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}
