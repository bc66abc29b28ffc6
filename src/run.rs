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
