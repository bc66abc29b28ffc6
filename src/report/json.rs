//! One JSON array of findings, field for field as docs/output.md gives it (the
//! shape is public interface: add fields, never rename one).

use std::io::{self, Write};

use serde::Serialize;

use crate::rules::Severity;
use crate::run::RunResult;
use crate::source::Position;

/// One finding as a JSON object.
#[derive(Serialize)]
pub struct JsonFinding<'a> {
    code: &'a str,
    rule: &'a str,
    severity: Severity,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
    help: &'a str,
    /// The fix, `null` when the finding has none.
    fix: Option<JsonFix<'a>>,
    /// Places that explain the finding, in this file or another (where a value is set, where
    /// the app is created).
    related: Vec<JsonRelated<'a>>,
}

/// A related place: `{path, line, column, end_line, end_column, message}`.
#[derive(Serialize)]
pub struct JsonRelated<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    message: &'a str,
}

/// A fix as ruff's JSON gives it: whether `--fix` applies it alone, and its edits.
#[derive(Serialize)]
pub struct JsonFix<'a> {
    applicability: crate::finding::Applicability,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
pub struct JsonEdit<'a> {
    content: &'a str,
    location: Position,
    end_location: Position,
}

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let findings = records(run);
    serde_json::to_writer_pretty(&mut *out, &findings).map_err(io::Error::other)?;
    writeln!(out)
}

/// Every finding of the run, in output order.
pub fn records(run: &RunResult) -> Vec<JsonFinding<'_>> {
    run.files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |located| JsonFinding {
                code: located.finding.rule.code,
                rule: located.finding.rule.name,
                severity: located.severity,
                path: &file.path,
                line: located.start.line,
                column: located.start.column,
                end_line: located.end.line,
                end_column: located.end.column,
                message: &located.finding.message,
                help: &located.finding.help,
                fix: located.finding.fix.as_ref().map(|fix| JsonFix {
                    applicability: fix.applicability,
                    message: &fix.message,
                    edits: fix
                        .edits
                        .iter()
                        .zip(&located.edit_positions)
                        .map(|(edit, (start, end))| JsonEdit {
                            content: &edit.content,
                            location: *start,
                            end_location: *end,
                        })
                        .collect(),
                }),
                related: located
                    .related
                    .iter()
                    .map(|place| JsonRelated {
                        path: &place.path,
                        line: place.start.line,
                        column: place.start.column,
                        end_line: place.end.line,
                        end_column: place.end.column,
                        message: &place.message,
                    })
                    .collect(),
            })
        })
        .collect()
}
