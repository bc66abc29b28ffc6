//! Linting one file: read it once, refuse what is not source text, parse, extract facts, run the
//! rules and place each finding at its line and column. Nothing here panics on bad input; every
//! refusal is a [`FileProblem`] the run reports and moves past.

use std::path::Path;
use std::sync::Arc;

use crate::config::Settings;
use crate::diagnostic::{Finding, Located};
use crate::lang::FileKind;
use crate::rules::{self, Context};
use crate::source::SourceFile;
use crate::suppress;

/// How a problem with a file is reported (it never stops the run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemLevel {
    /// The file could not be linted at all.
    Error,
    /// The file was linted in part (syntax errors) or skipped on purpose (binary).
    Warning,
}

#[derive(Debug, Clone)]
pub struct FileProblem {
    pub path: String,
    pub level: ProblemLevel,
    pub message: String,
}

/// The result of linting one file.
#[derive(Debug, Default)]
pub struct FileReport {
    /// Wrapper scripts the file's start commands run, resolved and inside the tree.
    pub wrapper_scripts: Vec<std::path::PathBuf>,
    pub path: String,
    /// The text, kept only when there are findings (the human format quotes it).
    pub text: Option<Arc<str>>,
    pub findings: Vec<Located>,
    pub problems: Vec<FileProblem>,
    /// Whether the file was read and linted (in whole or in part).
    pub scanned: bool,
    /// Set when `--fix` / `--diff` changed the text.
    pub fix: Option<FileFix>,
}

/// What linting one file needs besides the file.
#[derive(Debug, Clone, Default)]
pub struct LintOptions {
    pub settings: Settings,
    /// Report `bindlint: ignore` comments that silence nothing (BL001).
    pub report_unused_ignores: bool,
    /// Parse every file, even those the prefilter proves free of findings (`--no-prefilter`).
    pub no_prefilter: bool,
    /// Fix what can be fixed (`--fix`, `--diff`); findings are then those left after fixing.
    pub fix: Option<crate::fix::FixOptions>,
}

/// What `--fix` / `--diff` did to one file.
#[derive(Debug, Clone)]
pub struct FileFix {
    pub path: String,
    /// How many fixes were applied.
    pub applied: usize,
    pub original: Arc<str>,
    pub fixed: Arc<str>,
    /// Whether the fixed text was written back.
    pub written: bool,
}

/// Reads and lints the file at `path`, shown to the user as `display`.
pub fn lint_path(path: &Path, display: &str, kind: FileKind, options: &LintOptions) -> FileReport {
    let mut report = read_and_lint(path, display, kind, options);
    if let Some(dir) = path.parent() {
        report.wrapper_scripts = std::mem::take(&mut report.wrapper_scripts)
            .into_iter()
            .filter_map(|script| wrapper_in_tree(dir, &script))
            .collect();
    }
    report
}

/// Where a wrapper script a command names (`./bin/start.sh`, `/app/start.sh` after `COPY`)
/// stands in the tree: relative to the command's file, or, for an absolute path in an image, by
/// its path under that directory. Never outside the command file's directory.
fn wrapper_in_tree(dir: &Path, script: &Path) -> Option<std::path::PathBuf> {
    use std::path::Component;
    let relative: std::path::PathBuf = script
        .components()
        .filter(|c| matches!(c, Component::Normal(_)))
        .collect();
    if script.components().any(|c| c == Component::ParentDir) || relative.as_os_str().is_empty() {
        return None;
    }
    let candidates = [dir.join(&relative), dir.join(relative.file_name()?)];
    candidates.into_iter().find(|candidate| candidate.is_file())
}

fn read_and_lint(path: &Path, display: &str, kind: FileKind, options: &LintOptions) -> FileReport {
    let problem = |level, message: String| FileReport {
        path: display.to_string(),
        problems: vec![FileProblem {
            path: display.to_string(),
            level,
            message,
        }],
        ..FileReport::default()
    };
    let bytes = match read_capped(path, options.settings.max_file_size) {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            return problem(
                ProblemLevel::Warning,
                format!(
                    "{} is over the {} `max-file-size` limit, skipped",
                    human_size(size),
                    human_size(options.settings.max_file_size)
                ),
            )
        }
        Err(error) => {
            return problem(
                ProblemLevel::Error,
                format!("cannot read file: {}", crate::source::io_reason(&error)),
            )
        }
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return problem(
            ProblemLevel::Warning,
            "UTF-16 text, skipped (bindlint reads UTF-8)".to_string(),
        );
    }
    let sniff = &bytes[..bytes.len().min(8192)];
    if memchr::memchr(0, sniff).is_some() {
        return problem(
            ProblemLevel::Warning,
            "binary file (contains NUL bytes), skipped".to_string(),
        );
    }
    match String::from_utf8(bytes) {
        Ok(text) => match options.fix {
            Some(fix_options) => fix_file(path, display, text, kind, options, fix_options),
            None => lint_source(path, display, text, kind, options),
        },
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            problem(
                ProblemLevel::Error,
                format!("not valid UTF-8 (invalid byte at offset {offset}), skipped"),
            )
        }
    }
}

/// Fixes the text of the file at `path` and, for `--fix`, writes it back. The report lists the
/// findings left in the fixed text, or, when the file could not be written, those of the file
/// as it stays.
pub fn fix_file(
    path: &Path,
    display: &str,
    text: String,
    kind: FileKind,
    options: &LintOptions,
    fix_options: crate::fix::FixOptions,
) -> FileReport {
    let original: Arc<str> = Arc::from(text.as_str());
    let fixed = crate::fix::fix_text(path, display, text, kind, options, fix_options);
    let mut report = fixed.report;
    for rejected in &fixed.rejected {
        report.problems.push(FileProblem {
            path: display.to_string(),
            level: ProblemLevel::Warning,
            message: format!(
                "the {} fix at {}:{} {}, not applied",
                rejected.code, rejected.line, rejected.column, rejected.reason
            ),
        });
    }
    if fixed.applied == 0 || *fixed.text == *original {
        return report;
    }
    let mut written = false;
    if fix_options.write {
        match crate::fix::write_atomically(path, original.as_bytes(), &fixed.text) {
            Ok(()) => written = true,
            Err(error) => {
                let mut unchanged = lint_source(path, display, original.to_string(), kind, options);
                unchanged.problems.push(FileProblem {
                    path: display.to_string(),
                    level: ProblemLevel::Error,
                    message: error.to_string(),
                });
                return unchanged;
            }
        }
    }
    report.fix = Some(FileFix {
        path: display.to_string(),
        applied: fixed.applied,
        original,
        fixed: Arc::from(fixed.text),
        written,
    });
    report
}

/// Reads a whole file unless it is larger than `limit` bytes (then its size is returned). The
/// size comes from the open handle, so a file that grows or is swapped in between cannot slip
/// past the limit, and the read itself is bounded by it.
fn read_capped(path: &Path, limit: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

/// A byte count as people read it: `512 B`, `1.5 KiB`, `10 MiB`.
fn human_size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["B", "KiB", "MiB", "GiB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 || value.fract() == 0.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// Lints source text already in memory (a file's content, or stdin for editors). `path` is
/// where the file is (or, for stdin, stands in) for per-file settings.
pub fn lint_source(
    path: &Path,
    display: &str,
    text: String,
    kind: FileKind,
    options: &LintOptions,
) -> FileReport {
    let mut report = FileReport {
        path: display.to_string(),
        scanned: true,
        ..FileReport::default()
    };
    if kind.is_javascript()
        && !options.settings.include_minified
        && crate::prefilter::is_minified(&text)
    {
        report.scanned = false;
        report.problems.push(FileProblem {
            path: display.to_string(),
            level: ProblemLevel::Warning,
            message: "minified or generated code, skipped (`--include-minified` lints it)"
                .to_string(),
        });
        return report;
    }
    let must_parse = options.no_prefilter
        || (crate::prefilter::may_have_findings(kind, &text)
            && !crate::prefilter::is_type_declarations(path));
    let file = SourceFile::new(display, text);
    // A file the prefilter clears has no findings, but still goes through `select`:
    // its `bindlint: ignore` comments may need reporting (BL001).
    let mut findings = Vec::new();
    if must_parse {
        let text: &str = &file.text;
        let Some(extracted) = crate::lang::extract(kind, text) else {
            report.scanned = false;
            report.problems.push(FileProblem {
                path: display.to_string(),
                level: ProblemLevel::Error,
                message: "the parser gave up on this file, skipped".to_string(),
            });
            return report;
        };
        if let Some(offset) = extracted.syntax_error {
            let at = file.position(offset);
            report.problems.push(FileProblem {
                path: display.to_string(),
                level: ProblemLevel::Warning,
                message: format!(
                    "syntax error at {}:{}; findings in the parts that parse are still reported",
                    at.line, at.column
                ),
            });
        }
        let mut facts = extracted.facts;
        report.wrapper_scripts = std::mem::take(&mut facts.wrapper_scripts)
            .into_iter()
            .map(Into::into)
            .collect();
        let context = Context {
            text,
            syntax: extracted.syntax,
            os_import: facts.os_import,
        };
        rules::check(&facts, &context, &mut findings);
    }

    report.findings = locate(select(findings, path, &file, options), &file, options);
    if !report.findings.is_empty() {
        report.text = Some(file.text.clone());
    }
    report
}

/// Places each finding at its line and column, with the severity the settings give its rule.
fn locate(findings: Vec<Finding>, file: &SourceFile, options: &LintOptions) -> Vec<Located> {
    findings
        .into_iter()
        .map(|mut finding| {
            if !options.settings.is_fixable(finding.rule.code) {
                finding.fix = None;
            }
            finding
        })
        .map(|finding| Located {
            start: file.position(finding.span.start),
            end: file.position(finding.span.end),
            edit_positions: finding
                .fix
                .iter()
                .flat_map(|fix| &fix.edits)
                .map(|edit| (file.position(edit.span.start), file.position(edit.span.end)))
                .collect(),
            severity: options.settings.severity(finding.rule),
            finding,
        })
        .collect()
}

/// Keeps the findings the settings enable, that no per-file ignore or suppression comment
/// silences, in order; adds BL001 for suppressions that silenced nothing, when asked.
fn select(
    mut findings: Vec<Finding>,
    path: &Path,
    file: &SourceFile,
    options: &LintOptions,
) -> Vec<Finding> {
    if findings.is_empty() && !options.report_unused_ignores {
        return findings;
    }
    let settings = &options.settings;
    findings.sort_by(|a, b| (a.span.start, a.rule.code).cmp(&(b.span.start, b.rule.code)));
    findings.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    let suppressions = suppress::parse(&file.text);
    let mut used = vec![false; suppressions.len()];
    findings.retain(|finding| {
        if !settings.is_enabled(finding.rule.code)
            || settings.is_ignored_in(path, finding.rule.code)
        {
            return false;
        }
        let line = file.position(finding.span.start).line;
        match suppressions
            .iter()
            .position(|s| s.covers(line, finding.rule.code))
        {
            Some(index) => {
                used[index] = true;
                false
            }
            None => true,
        }
    });
    let rule = &rules::suppression::UNUSED_SUPPRESSION;
    if options.report_unused_ignores && settings.is_enabled(rule.code) {
        for (suppression, used) in suppressions.iter().zip(used) {
            let unknown: Vec<&String> = suppression
                .codes
                .iter()
                .flatten()
                .filter(|code| rules::rule_by_code(code).is_none())
                .collect();
            let message = match (used, unknown.is_empty()) {
                (_, false) => format!(
                    "unknown rule code{} {} in suppression",
                    if unknown.len() > 1 { "s" } else { "" },
                    unknown
                        .iter()
                        .map(|c| format!("`{c}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                (false, true) => "this suppression silences nothing".to_string(),
                (true, true) => continue,
            };
            findings.push(Finding {
                rule,
                span: suppression.span.clone(),
                message,
                label: "unused".to_string(),
                help: "remove it, or name the rule that fires on this line".to_string(),
                related: Vec::new(),
                fix: None,
            });
        }
        findings.sort_by_key(|f| f.span.start);
    }
    findings
}

/// What a whole run found.
#[derive(Debug, Default)]
pub struct RunResult {
    /// Reports of files with findings, ordered by path.
    pub files: Vec<FileReport>,
    pub files_scanned: usize,
    /// Problems with files and directories, ordered by path.
    pub problems: Vec<FileProblem>,
    /// What `--fix` / `--diff` changed, ordered by path.
    pub fixes: Vec<FileFix>,
}

impl RunResult {
    pub fn finding_count(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }

    /// How many fixes `--fix` / `--diff` applied.
    pub fn fixed_count(&self) -> usize {
        self.fixes.iter().map(|f| f.applied).sum()
    }

    /// Adds one file's report.
    pub fn add(&mut self, mut report: FileReport) {
        self.files_scanned += usize::from(report.scanned);
        self.problems.append(&mut report.problems);
        if let Some(fix) = report.fix.take() {
            self.fixes.push(fix);
        }
        if !report.findings.is_empty() {
            self.files.push(report);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub lint: LintOptions,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
}

/// Lints every file under `paths`.
pub fn lint_paths(paths: &[std::path::PathBuf], options: &RunOptions) -> Result<RunResult, String> {
    use rayon::prelude::*;

    let discovery =
        crate::walk::discover(paths, &options.lint.settings).map_err(|e| e.to_string())?;
    let lint_all = || {
        discovery
            .candidates
            .par_iter()
            .map(|candidate| {
                lint_path(
                    &candidate.path,
                    &crate::walk::display_path(&candidate.path),
                    candidate.kind,
                    &options.lint,
                )
            })
            .collect::<Vec<_>>()
    };
    let reports = match options.threads {
        Some(threads) => match rayon::ThreadPoolBuilder::new()
            .num_threads(threads.max(1))
            .build()
        {
            Ok(pool) => pool.install(lint_all),
            Err(_) => lint_all(),
        },
        None => lint_all(),
    };

    // Wrapper scripts named by start commands, each linted once, after the files that name them.
    let mut linted: std::collections::HashSet<std::path::PathBuf> = discovery
        .candidates
        .iter()
        .map(|c| c.path.clone())
        .collect();
    let mut wrappers = Vec::new();
    for report in &reports {
        for script in &report.wrapper_scripts {
            if linted.insert(script.clone()) {
                wrappers.push(lint_path(
                    script,
                    &crate::walk::display_path(script),
                    FileKind::WrapperScript,
                    &options.lint,
                ));
            }
        }
    }
    let mut reports = reports;
    reports.extend(wrappers);

    let mut result = RunResult::default();
    result
        .problems
        .extend(discovery.problems.into_iter().map(|p| FileProblem {
            path: p.path,
            level: ProblemLevel::Error,
            message: p.message,
        }));
    for report in reports {
        result.add(report);
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    result.fixes.sort_by(|a, b| a.path.cmp(&b.path));
    result.problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(result)
}
