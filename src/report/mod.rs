//! Output formats. Each format is one file; all of them read the same [`RunResult`].

mod concise;
pub mod deployments;
mod github;
mod gitlab;
mod human;
mod json;
mod json_lines;
mod junit;
pub mod sarif;
mod style;

pub use style::{fix_marker, Style};

use std::io::{self, Write};

use crate::rules::Severity;
use crate::run::RunResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Annotated source snippets (miette), with a summary.
    Human,
    /// One line per finding: `path:line:col: error: message [BL101]`.
    Concise,
    /// One JSON array of findings (docs/output.md).
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
        if let Some(dev_only) = dev_only_summary(run) {
            writeln!(out, "{dev_only}")?;
        }
        if let Some(fixes) = fix_summary(run, style.unsafe_fixes) {
            writeln!(out, "{fixes}")?;
        }
    }
    Ok(())
}

/// What `--fix` did, and what it could do: `Fixed 3 problems in 2 files.`,
/// `[*] 2 fixable with --fix (1 more with --unsafe-fixes).`
pub fn fix_summary(run: &RunResult, unsafe_fixes: bool) -> Option<String> {
    let mut lines = Vec::new();
    let fixed = run.fixed_count();
    if fixed > 0 {
        let verb = if run.fixes.iter().all(|f| f.written) {
            "Fixed"
        } else {
            "Would fix"
        };
        lines.push(format!(
            "{verb} {} in {}.",
            plural(fixed, "problem"),
            plural(run.fixes.len(), "file")
        ));
    }
    let fixes = run
        .files
        .iter()
        .flat_map(|f| &f.findings)
        .filter_map(|located| located.finding.fix.as_ref());
    let (mut available, mut hidden) = (0, 0);
    for fix in fixes {
        if fix.applicability == crate::finding::Applicability::Safe || unsafe_fixes {
            available += 1;
        } else {
            hidden += 1;
        }
    }
    let flag = if unsafe_fixes {
        "--fix --unsafe-fixes"
    } else {
        "--fix"
    };
    match (available, hidden) {
        (0, 0) => {}
        (0, hidden) => lines.push(format!("{hidden} fixable with --fix --unsafe-fixes.")),
        (available, 0) => lines.push(format!("[*] {available} fixable with {flag}.")),
        (available, hidden) => lines.push(format!(
            "[*] {available} fixable with {flag} ({hidden} more with --unsafe-fixes)."
        )),
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// `--statistics`, as ruff prints it: how many findings each rule has, most first, `[*]` where
/// `--fix` (with `--unsafe-fixes` when `unsafe_fixes`) fixes some of them, then the total and
/// what is fixable.
pub fn write_statistics(
    run: &RunResult,
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    struct Count {
        rule: &'static crate::rules::RuleInfo,
        count: usize,
        fixable: bool,
    }
    let mut counts: Vec<Count> = Vec::new();
    for located in run.files.iter().flat_map(|f| &f.findings) {
        let finding = &located.finding;
        let fixable = finding.fix.as_ref().is_some_and(|fix| {
            fix.applicability == crate::finding::Applicability::Safe || unsafe_fixes
        });
        match counts.iter_mut().find(|c| c.rule.code == finding.rule.code) {
            Some(entry) => {
                entry.count += 1;
                entry.fixable |= fixable;
            }
            None => counts.push(Count {
                rule: finding.rule,
                count: 1,
                fixable,
            }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.code.cmp(b.rule.code)));
    for entry in &counts {
        let marker = if entry.fixable { "[*]" } else { "[ ]" };
        writeln!(
            out,
            "{:>5}  {}  {marker} {}",
            entry.count, entry.rule.code, entry.rule.name
        )?;
    }
    let total = run.finding_count();
    if total > 0 {
        writeln!(out, "Found {}.", plural(total, "problem"))?;
        if let Some(fixes) = fix_summary(run, unsafe_fixes) {
            writeln!(out, "{fixes}")?;
        }
    }
    Ok(())
}

/// How many server starts were left out as local development, and why:
/// `2 dev-only server starts not reported: app.py is served by gunicorn (Procfile:1)`.
pub fn dev_only_summary(run: &RunResult) -> Option<String> {
    let count: usize = run.dev_only.iter().map(|d| d.count).sum();
    if count == 0 {
        return None;
    }
    const SHOWN: usize = 3;
    let mut reasons: Vec<&str> = run
        .dev_only
        .iter()
        .take(SHOWN)
        .map(|d| d.reason.as_str())
        .collect();
    let more = run.dev_only.len().saturating_sub(SHOWN);
    let more = (more > 0).then(|| format!("and {}", plural(more, "more file")));
    reasons.extend(more.as_deref());
    let noun = if count == 1 {
        "dev-only server start"
    } else {
        "dev-only server starts"
    };
    Some(format!(
        "{count} {noun} not reported: {} (`--include-dev` reports them)",
        reasons.join("; ")
    ))
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
