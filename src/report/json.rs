//! One JSON array of findings, field for field as SPEC.md gives it.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::RunResult;
use crate::rules::Severity;

/// One finding as SPEC.md's JSON object.
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
            })
        })
        .collect()
}
