//! One JSON array of findings, field for field as SPEC.md gives it.

use std::io::{self, Write};

use serde::Serialize;

use crate::lint::RunResult;
use crate::rules::Severity;

#[derive(Serialize)]
struct JsonFinding<'a> {
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
    let findings: Vec<JsonFinding> = run
        .files
        .iter()
        .flat_map(|file| {
            file.findings.iter().map(move |located| JsonFinding {
                code: located.finding.rule.code,
                rule: located.finding.rule.name,
                severity: located.finding.rule.default_severity,
                path: &file.path,
                line: located.start.line,
                column: located.start.column,
                end_line: located.end.line,
                end_column: located.end.column,
                message: &located.finding.message,
                help: &located.finding.help,
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &findings).map_err(io::Error::other)?;
    writeln!(out)
}
