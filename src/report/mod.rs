//! Output formats. Each format is one file; all of them read the same [`RunResult`].

mod concise;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
pub mod sarif;

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
    /// One JSON object per line.
    JsonLines,
    /// SARIF 2.1.0 (GitHub code scanning).
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// GitLab Code Quality report.
    Gitlab,
    /// JUnit XML.
    Junit,
}

/// How the report looks on the way out.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Width the human format wraps at.
    pub width: usize,
    /// Print the summary line after human and concise output (`--quiet` turns it off).
    pub summary: bool,
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
            write_summary(run, style, out)
        }
        Format::Concise => {
            concise::write(run, out)?;
            write_summary(run, style, out)
        }
        Format::Json => json::write(run, out),
        Format::JsonLines => json_lines::write(run, out),
        Format::Sarif => sarif::write(run, out),
        Format::Github => github::write(run, out),
        Format::Gitlab => gitlab::write(run, out),
        Format::Junit => junit::write(run, out),
    }
}

fn write_summary(run: &RunResult, style: Style, out: &mut dyn Write) -> io::Result<()> {
    if style.summary {
        writeln!(out, "{}", summary(run))?;
    }
    Ok(())
}

/// `--statistics`: how many findings each rule has, most first.
pub fn write_statistics(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let mut counts: Vec<(&'static crate::rules::RuleInfo, usize)> = Vec::new();
    for located in run.files.iter().flat_map(|f| &f.findings) {
        match counts
            .iter_mut()
            .find(|(rule, _)| rule.code == located.finding.rule.code)
        {
            Some((_, count)) => *count += 1,
            None => counts.push((located.finding.rule, 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(b.0.code)));
    for (rule, count) in counts {
        writeln!(out, "{count:>5}  {}  {}", rule.code, rule.name)?;
    }
    Ok(())
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
        .filter(|f| f.severity == Severity::Error)
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
