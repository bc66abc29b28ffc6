//! Output formats. Each format is one file; all of them read the same [`RunResult`].

mod concise;
mod human;
mod json;

use std::io::{self, Write};

use crate::lint::RunResult;
use crate::rules::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated source snippets (miette), with a summary.
    Human,
    /// One line per finding: `path:line:col: error: message [BL101]`.
    Concise,
    /// One JSON array of findings (SPEC.md).
    Json,
}

/// How the report looks on the way out.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Width the human format wraps at.
    pub width: usize,
}

pub fn write_report(
    format: Format,
    run: &RunResult,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Human => {
            human::write(run, style, out)?;
            writeln!(out, "{}", summary(run))
        }
        Format::Concise => {
            concise::write(run, out)?;
            writeln!(out, "{}", summary(run))
        }
        Format::Json => json::write(run, out),
    }
}

/// `3 problems (2 errors, 1 warning) in 2 files, 10 files scanned`.
pub fn summary(run: &RunResult) -> String {
    let scanned = plural(run.files_scanned, "file");
    let total = run.finding_count();
    if total == 0 {
        return format!("No problems found, {scanned} scanned");
    }
    let errors = run
        .files
        .iter()
        .flat_map(|f| &f.findings)
        .filter(|f| f.finding.rule.default_severity == Severity::Error)
        .count();
    format!(
        "{} ({}, {}) in {}, {scanned} scanned",
        plural(total, "problem"),
        plural(errors, "error"),
        plural(total - errors, "warning"),
        plural(run.files.len(), "file"),
    )
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}
