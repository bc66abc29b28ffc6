//! A run over many files: discover them, lint or fix each (in parallel), follow the wrapper
//! scripts their start commands name, and gather the reports. One file is [`crate::lint`]'s
//! business and fixing one [`crate::fix`]'s; this module drives both and is the only one that
//! knows about the other two.

use std::path::{Path, PathBuf};

use crate::files::display_path;
use crate::fix::{self, FileFix, FixOptions};
use crate::lang::FileKind;
use crate::lint::{self, DevOnly, FileProblem, FileReport, LintOptions, ProblemLevel};
use crate::source::Encoding;

/// Reads the file at `path` (shown as `display`) and lints it, or fixes it when the run fixes.
/// Its report's wrapper scripts are resolved to files in the tree.
pub fn check_path(
    path: &Path,
    display: &str,
    kind: FileKind,
    options: &RunOptions,
) -> (FileReport, Option<FileFix>) {
    let (mut report, fix) = match lint::read_file(path, display, &options.lint.settings) {
        Err(problem) => (
            FileReport::problem(display, problem.level, problem.message),
            None,
        ),
        Ok((text, encoding)) => match options.fix {
            Some(fix_options) => fix::fix_file(
                path,
                display,
                (text, encoding),
                kind,
                &options.lint,
                fix_options,
            ),
            None => (
                lint::lint_source(path, display, text, kind, &options.lint),
                None,
            ),
        },
    };
    if let Some(dir) = path.parent() {
        report.wrapper_scripts = std::mem::take(&mut report.wrapper_scripts)
            .into_iter()
            .filter_map(|script| {
                // Next to the command's file, or an image path under it; never out of it.
                crate::deploy::find::resolve(dir, &script.to_string_lossy(), dir)
            })
            .collect();
    }
    (report, fix)
}

/// Lints (or, when the run fixes, fixes) `bytes` that stand for the file at `path`: standard
/// input with `--stdin-filename`, an editor's buffer. The settings that would apply to the file
/// apply (test files, excludes). With fixing on, also the fixed bytes, in the input's encoding
/// (the input itself when nothing was fixed). Bytes that are not text are an error: there is no
/// file to skip.
pub fn check_text(
    path: &Path,
    bytes: Vec<u8>,
    options: &RunOptions,
) -> Result<(RunResult, Option<Vec<u8>>), String> {
    let mut run = RunResult::default();
    let display = display_path(path);
    let settings = &options.lint.settings;
    let Ok(kind) = crate::walk::select_path(path, path, settings) else {
        let unchanged = options.fix.map(|_| bytes);
        return Ok((run, unchanged));
    };
    let (text, encoding) =
        Encoding::decode(bytes).map_err(|reason| format!("{display}: {reason}"))?;
    let Some(fix_options) = options.fix else {
        run.add(
            lint::lint_source(path, &display, text, kind, &options.lint),
            None,
        );
        return Ok((run, None));
    };
    let (report, fix) = fix::fix_file(
        path,
        &display,
        (text.clone(), encoding),
        kind,
        &options.lint,
        fix_options,
    );
    let fixed = fix.as_ref().map_or(text, |fix| fix.fixed.to_string());
    run.add(report, fix);
    Ok((run, Some(encoding.encode(&fixed).into_owned())))
}

/// What `--add-ignore` did to one file: how many comments it wrote there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedIgnores {
    pub path: String,
    pub comments: usize,
}

/// `--add-ignore` (ruff's `--add-noqa`): writes a `bindlint: ignore[CODE]` comment on the line
/// of every finding of `run` (one comment per line, naming each code found there; codes added
/// to a suppression the line already has), so a large repository can adopt bindlint now and
/// fix its findings later. A file is written only when every finding's line then carries its
/// code and the result parses as well as before; otherwise it is left as it is, with a warning
/// in `run.problems`. A second run finds nothing to add.
pub fn add_ignores(run: &mut RunResult, options: &LintOptions) -> Vec<AddedIgnores> {
    let mut added = Vec::new();
    for report in &run.files {
        let Some(text) = report.text.as_deref() else {
            continue;
        };
        let path = Path::new(&report.path);
        // A file of no kind by its name was linted as a script a start command runs.
        let kind = FileKind::of(path).unwrap_or(FileKind::WrapperScript);
        let mut lines: std::collections::BTreeMap<usize, Vec<&str>> = Default::default();
        for located in &report.findings {
            let at = located.finding.span.start.min(text.len());
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            let codes = lines.entry(line_start).or_default();
            if !codes.contains(&located.finding.rule.code) {
                codes.push(located.finding.rule.code);
            }
        }
        let problem = |message: String| FileProblem {
            path: report.path.clone(),
            level: ProblemLevel::Warning,
            message,
        };
        let edits: Option<Vec<crate::finding::Edit>> = lines
            .iter()
            .map(|(at, codes)| fix::ignore_edit(kind, path, text, *at, codes))
            .collect();
        let Some(edits) = edits else {
            run.problems.push(problem(
                "no `bindlint: ignore` comment can go on every finding's line here (a JSON file \
                 has no comments), left as it is"
                    .to_string(),
            ));
            continue;
        };
        let changed = fix::apply(text, &edits).filter(|changed| {
            silences_every_finding(report, text, changed, &edits)
                && !parses_worse(kind, text, changed)
        });
        let Some(changed) = changed else {
            run.problems.push(problem(
                "the `bindlint: ignore` comments would not silence every finding without \
                 changing the file's meaning, left as it is"
                    .to_string(),
            ));
            continue;
        };
        let written = crate::files::read_text(path, options.settings.max_file_size)
            .ok()
            .filter(|(current, _)| current == text)
            .map(|(_, encoding)| {
                fix::write_atomically(path, &encoding.encode(text), &encoding.encode(&changed))
            });
        match written {
            Some(Ok(())) => added.push(AddedIgnores {
                path: report.path.clone(),
                comments: lines.len(),
            }),
            Some(Err(error)) => run.problems.push(FileProblem {
                path: report.path.clone(),
                level: ProblemLevel::Error,
                message: error.to_string(),
            }),
            None => run.problems.push(problem(
                "changed while bindlint ran, left as it is".to_string(),
            )),
        }
    }
    added
}

/// Whether, in `changed` (`text` with the ignore comments `edits` added), every finding of
/// `report` stands on a line whose suppression names its code. Checked on the text, not by
/// linting again: a file judged under a deployment reads that deployment from disk.
fn silences_every_finding(
    report: &FileReport,
    text: &str,
    changed: &str,
    edits: &[crate::finding::Edit],
) -> bool {
    let suppressions = crate::suppress::parse(changed);
    let changed_file = crate::source::SourceFile::new("", changed);
    report.findings.iter().all(|located| {
        let at = located.finding.span.start.min(text.len());
        // Comments inserted at or before the finding move it along.
        let moved: usize = edits
            .iter()
            .filter(|edit| edit.span.start <= at)
            .map(|edit| edit.content.len())
            .sum();
        let line = changed_file.position(at + moved).line;
        let code = located.finding.rule.code;
        suppressions.iter().any(|s| s.covers(line, code))
    })
}

/// Whether `changed` parses worse than `text` did: a syntax error it did not have.
fn parses_worse(kind: FileKind, text: &str, changed: &str) -> bool {
    let broken = |text: &str| {
        crate::lang::extract(kind, text, None, None).is_none_or(|e| e.syntax_error.is_some())
    };
    broken(changed) && !broken(text)
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
    /// Server starts left out as local development, per file, ordered by path.
    pub dev_only: Vec<DevOnly>,
    /// Paths named that do not exist: the run lints the others and exits 2.
    pub missing_paths: Vec<String>,
}

impl RunResult {
    pub fn finding_count(&self) -> usize {
        self.files.iter().map(|f| f.findings.len()).sum()
    }

    /// How many fixes `--fix` / `--diff` applied.
    pub fn fixed_count(&self) -> usize {
        self.fixes.iter().map(|f| f.applied).sum()
    }

    /// Adds one file's report, and what `--fix` did to it.
    pub fn add(&mut self, mut report: FileReport, fix: Option<FileFix>) {
        self.files_scanned += usize::from(report.scanned);
        self.problems.append(&mut report.problems);
        if let Some(fix) = fix {
            self.fixes.push(fix);
        }
        self.dev_only.extend(report.dev_only.take());
        if !report.findings.is_empty() {
            self.files.push(report);
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub lint: LintOptions,
    /// Fix what can be fixed (`--fix`, `--diff`); findings are then those left after fixing.
    pub fix: Option<FixOptions>,
    /// Worker threads; `None` uses every core.
    pub threads: Option<usize>,
}

/// Lints every file under `paths`.
pub fn lint_paths(paths: &[PathBuf], options: &RunOptions) -> Result<RunResult, String> {
    use rayon::prelude::*;

    let discovery = crate::walk::discover(paths, &options.lint.settings);
    let lint_all = || {
        discovery
            .candidates
            .par_iter()
            .map(|candidate| {
                check_path(
                    &candidate.path,
                    &display_path(&candidate.path),
                    candidate.kind,
                    options,
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
    let mut linted: std::collections::HashSet<PathBuf> = discovery
        .candidates
        .iter()
        .map(|c| c.path.clone())
        .collect();
    let mut wrappers = Vec::new();
    for report in &reports {
        for script in &report.0.wrapper_scripts {
            if linted.insert(script.clone()) {
                wrappers.push(check_path(
                    script,
                    &display_path(script),
                    FileKind::WrapperScript,
                    options,
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
            level: if p.warning {
                ProblemLevel::Warning
            } else {
                ProblemLevel::Error
            },
            message: p.message,
        }));
    result.missing_paths = discovery.missing;
    for (report, fix) in reports {
        result.add(report, fix);
    }
    result.files.sort_by(|a, b| a.path.cmp(&b.path));
    result.fixes.sort_by(|a, b| a.path.cmp(&b.path));
    result.dev_only.sort_by(|a, b| a.reason.cmp(&b.reason));
    result.problems.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(result)
}
