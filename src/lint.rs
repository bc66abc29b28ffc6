//! Linting one file: read it once, refuse what is not source text, parse, extract facts, run the
//! rules and place each finding at its line and column. Nothing here panics on bad input; every
//! refusal is a [`FileProblem`] the run reports and moves past. Many files are [`crate::run`]'s
//! business, fixing one is [`crate::fix`]'s: both build on this module, which knows neither.

use std::path::Path;
use std::sync::Arc;

use crate::config::Settings;
use crate::deploy::{FileDeployments, Workspace};
use crate::facts::{DeploymentView, DevScope, FileFacts, Unit};
use crate::files::ReadProblem;
use crate::finding::{Finding, Located, RelatedLocation};
use crate::lang::FileKind;
use crate::resolve::imports::{ImportState, Imports};
use crate::rules::{self, Context};
use crate::source::{Encoding, SourceFile, Undecodable};
use crate::suppress;
use crate::walk::Skip;

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
    /// Wrapper scripts the file's start commands run, as written (`./bin/start.sh`).
    pub wrapper_scripts: Vec<std::path::PathBuf>,
    pub path: String,
    /// The text, kept only when there are findings (the human format quotes it).
    pub text: Option<Arc<str>>,
    pub findings: Vec<Located>,
    pub problems: Vec<FileProblem>,
    /// Whether the file was read and linted (in whole or in part).
    pub scanned: bool,
    /// Server starts left out as local development, and why.
    pub dev_only: Option<DevOnly>,
}

/// Server starts of one file not reported because they only run when the file is run by hand
/// (`--include-dev` reports them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DevOnly {
    pub count: usize,
    /// `app.py is served by gunicorn (Procfile:1)`.
    pub reason: String,
}

/// What linting one file needs besides the file.
#[derive(Debug, Clone)]
pub struct LintOptions {
    pub settings: Settings,
    /// Report `bindlint: ignore` comments that silence nothing (BL001).
    pub report_unused_ignores: bool,
    /// Parse every file, even those the prefilter proves free of findings (`--no-prefilter`).
    pub no_prefilter: bool,
    /// The run's projects, to follow imports into a linted file's other modules and read how
    /// each project is started (on by default); `None` judges each file alone, reading nothing
    /// else (fuzzing).
    pub workspace: Option<Workspace>,
}

impl Default for LintOptions {
    fn default() -> Self {
        LintOptions {
            settings: Settings::default(),
            report_unused_ignores: false,
            no_prefilter: false,
            workspace: Some(Workspace::default()),
        }
    }
}

impl FileReport {
    /// The report of a file that could not be linted at all, or was skipped on purpose.
    pub fn problem(display: &str, level: ProblemLevel, message: String) -> FileReport {
        FileReport {
            path: display.to_string(),
            problems: vec![FileProblem {
                path: display.to_string(),
                level,
                message,
            }],
            ..FileReport::default()
        }
    }
}

/// Reads the file at `path` as source text, with how it is encoded, or says why it is not:
/// too large, unreadable, binary, or neither UTF-8 nor UTF-16 with a byte-order mark (each a
/// problem for `display`).
pub fn read_file(
    path: &Path,
    display: &str,
    settings: &Settings,
) -> Result<(String, Encoding), FileProblem> {
    let problem = |level, message| {
        Err(FileProblem {
            path: display.to_string(),
            level,
            message,
        })
    };
    match crate::files::read_text(path, settings.max_file_size) {
        Ok(read) => Ok(read),
        Err(ReadProblem::TooLarge(size)) => {
            let skip = Skip::TooLarge {
                size,
                limit: settings.max_file_size,
            };
            problem(ProblemLevel::Warning, skip.to_string())
        }
        Err(ReadProblem::Io(error)) => problem(
            ProblemLevel::Error,
            format!("cannot read file: {}", crate::files::io_reason(&error)),
        ),
        Err(ReadProblem::Undecodable(reason)) => {
            let level = match reason {
                Undecodable::Binary => ProblemLevel::Warning,
                Undecodable::NotUtf8(_) | Undecodable::BadUtf16 => ProblemLevel::Error,
            };
            problem(level, format!("{reason}, skipped"))
        }
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
    if let Err(skip) = crate::walk::select_text(kind, &text, &options.settings) {
        report.scanned = false;
        report.problems.push(FileProblem {
            path: display.to_string(),
            level: ProblemLevel::Warning,
            message: skip.to_string(),
        });
        return report;
    }
    let kind = kind_in_project(kind, path, &text, options);
    let must_parse = options.no_prefilter
        || (crate::prefilter::may_have_findings(kind, &text)
            && !crate::prefilter::is_type_declarations(path));
    let file = SourceFile::new(display, text);
    // A file the prefilter clears has no findings, but still goes through `select`:
    // its `bindlint: ignore` comments may need reporting (BL001).
    let mut findings = Vec::new();
    if must_parse {
        let text: &str = &file.text;
        let state;
        let absolute = options
            .workspace
            .as_ref()
            .map(|workspace| workspace.projects().absolute(path));
        let imports = match (&options.workspace, &absolute) {
            (Some(workspace), Some(absolute)) => {
                state = ImportState::new(absolute);
                Some(Imports::new(workspace.projects(), absolute.clone(), &state))
            }
            _ => None,
        };
        let Some(extracted) = crate::lang::extract(kind, text, imports.as_ref(), None) else {
            report.scanned = false;
            report.problems.push(FileProblem {
                path: display.to_string(),
                level: ProblemLevel::Error,
                message: "the parser gave up on this file, skipped".to_string(),
            });
            return report;
        };
        if let Some(message) = syntax_problem(kind, &file, &extracted) {
            report.problems.push(FileProblem {
                path: display.to_string(),
                level: ProblemLevel::Warning,
                message,
            });
        }
        let mut facts = extracted.facts;
        rules::leave_out_local_fallbacks(&mut facts);
        // The deployments are asked only for a file with something to judge by them.
        let something_to_judge =
            !facts.server_starts.is_empty() || !facts.unexpanded_variables.is_empty();
        let deployments = match (&options.workspace, &absolute) {
            (Some(workspace), Some(absolute)) if something_to_judge => {
                workspace.deployments_of(absolute, Some(text))
            }
            _ => FileDeployments::default(),
        };
        if !options.settings.include_dev_starts {
            let served_by = |absolute: &Path| {
                let served = options.workspace.as_ref()?.serving(absolute)?;
                Some(served.by)
            };
            report.dev_only =
                leave_out_dev_starts(&mut facts, display, &deployments.covered, || {
                    absolute.as_deref().and_then(served_by)
                });
        }
        report.wrapper_scripts = std::mem::take(&mut facts.wrapper_scripts)
            .into_iter()
            .map(Into::into)
            .collect();
        let judge = Judge {
            kind,
            text,
            syntax: extracted.syntax,
            imports: imports.as_ref(),
        };
        judge.by_deployments(facts, &deployments, &mut findings);
    }

    report.findings = locate(select(findings, path, &file, options), &file, options);
    if !report.findings.is_empty() {
        report.text = Some(file.text.clone());
    }
    report
}

/// The kind a file is read as in its project: a Python file a deployment's server names as its
/// config (`gunicorn -c conf/web.py`) is that config, whatever its name.
fn kind_in_project(kind: FileKind, path: &Path, text: &str, options: &LintOptions) -> FileKind {
    match (kind, &options.workspace) {
        (FileKind::Python, Some(workspace))
            if memchr::memmem::find(text.as_bytes(), b"bind").is_some()
                && workspace.is_server_config(&workspace.projects().absolute(path)) =>
        {
            FileKind::GunicornConfig
        }
        _ => kind,
    }
}

/// The warning a file that does not parse whole gets: a manifest that cannot be read, valid
/// code the grammar cannot read, or a syntax error (the parts that parse are still judged).
fn syntax_problem(
    kind: FileKind,
    file: &SourceFile,
    extracted: &crate::lang::Extracted,
) -> Option<String> {
    let offset = extracted.syntax_error?;
    let at = file.position(offset);
    let gap = crate::lang::grammar_gap(kind, &file.text, offset);
    Some(match (&extracted.unreadable, gap) {
        (Some(reason), _) => format!(
            "cannot be read at {}:{} ({reason}); its start commands are not judged",
            at.line, at.column
        ),
        // Valid code the grammar cannot read is no syntax error of the user's.
        (None, Some(gap)) => format!("uses {gap}"),
        (None, None) => format!(
            "syntax error at {}:{}; findings in the parts that parse are still reported",
            at.line, at.column
        ),
    })
}

/// Judges one file's facts by the deployments that run it.
struct Judge<'a> {
    kind: FileKind,
    text: &'a str,
    syntax: crate::facts::Syntax,
    imports: Option<&'a Imports<'a>>,
}

impl Judge<'_> {
    /// Runs the rules over `facts` under `deployment` (`not_run`: a part no deployment runs).
    fn judge(
        &self,
        facts: &FileFacts,
        deployment: Option<&DeploymentView>,
        not_run: bool,
        out: &mut Vec<Finding>,
    ) {
        let context = Context {
            text: self.text,
            syntax: self.syntax,
            os_import: facts.os_import,
            deployment,
            not_run,
        };
        rules::check(facts, &context, out);
    }

    /// Under each deployment that runs the file, as it runs there (a start-command file is read
    /// again with what the deployment gives it; source code is judged as it is); then the parts
    /// no deployment runs, with the generic judgement under the deployments whose folder holds
    /// the file when there are some; the parts every deployment replaces are judged as never
    /// run.
    fn by_deployments(
        &self,
        facts: FileFacts,
        deployments: &FileDeployments,
        out: &mut Vec<Finding>,
    ) {
        for run in &deployments.runs {
            match &run.deployed {
                Some(deployed) => {
                    let extracted =
                        crate::lang::extract(self.kind, self.text, self.imports, Some(deployed));
                    if let Some(deployed_facts) = extracted {
                        self.judge(&deployed_facts.facts, run.view.as_ref(), false, out);
                    }
                }
                None => self.judge(&facts, run.view.as_ref(), false, out),
            }
        }
        if deployments.covered.contains(&Unit::File) {
            return;
        }
        let (replaced, rest) = split_units(facts, deployments);
        match deployments.folder.as_slice() {
            [] => self.judge(&rest, None, false, out),
            views => {
                for view in views {
                    self.judge(&rest, Some(view), false, out);
                }
            }
        }
        self.judge(&replaced, None, true, out);
    }
}

/// Splits a start-command file's facts by what the deployments do with each part: the parts
/// every deployment that builds them replaces (first), and the parts none runs (second). The
/// parts a deployment runs are judged under it, and left out of both.
fn split_units(facts: FileFacts, deployments: &FileDeployments) -> (FileFacts, FileFacts) {
    let mut rest = facts;
    let mut replaced = FileFacts {
        os_import: rest.os_import,
        ..FileFacts::default()
    };
    let starts = std::mem::take(&mut rest.server_starts);
    for start in starts {
        if deployments.replaced.contains(&start.unit) {
            replaced.server_starts.push(start);
        } else if !deployments.covered.contains(&start.unit) {
            rest.server_starts.push(start);
        }
    }
    rest.unexpanded_variables.retain(|variable| {
        !deployments.covered.contains(&variable.unit)
            && !deployments.replaced.contains(&variable.unit)
    });
    (replaced, rest)
}

/// Takes out the server starts that are local development (docs/following.md, "Dev-only server
/// starts"): package.json's `dev` scripts always; a Python file's `__main__` block and CLI
/// commands when the project's start command serves the file through a production server
/// instead (`served_by`, asked only when there are such starts). Says how many and why.
fn leave_out_dev_starts(
    facts: &mut FileFacts,
    display: &str,
    deployed: &[Unit],
    served_by: impl FnOnce() -> Option<String>,
) -> Option<DevOnly> {
    // A `dev` script a deployment runs (`CMD ["npm", "run", "dev"]`) is not local: it is
    // judged under that deployment.
    let is_dev = |start: &crate::facts::ServerStart| match start.dev_scope {
        Some(DevScope::DevScript) => !deployed.contains(&start.unit),
        Some(_) => true,
        None => false,
    };
    let scopes: Vec<DevScope> = facts
        .server_starts
        .iter()
        .filter(|start| is_dev(start))
        .filter_map(|start| start.dev_scope)
        .collect();
    let reason = if scopes.is_empty() {
        return None;
    } else if scopes.iter().all(|scope| *scope == DevScope::DevScript) {
        format!("{display}'s `dev` script runs on a developer's machine, not on the platform")
    } else {
        format!("{display} is served by {}", served_by()?)
    };
    let before = facts.server_starts.len();
    facts.server_starts.retain(|start| !is_dev(start));
    Some(DevOnly {
        count: before - facts.server_starts.len(),
        reason,
    })
}

/// Places each finding at its line and column, with the severity the settings give its rule,
/// and its related places in their files. Evidence from another file is also named in the
/// message, so every output format carries it (`... (\`HOST\` is set at settings.py:2)`).
fn locate(findings: Vec<Finding>, file: &SourceFile, options: &LintOptions) -> Vec<Located> {
    findings
        .into_iter()
        .map(|mut finding| {
            if !options.settings.is_fixable(finding.rule.code) {
                finding.fix = None;
            }
            let related: Vec<RelatedLocation> = finding
                .related
                .iter()
                .map(|related| match &related.file {
                    Some(other) => RelatedLocation {
                        path: other.path.clone(),
                        start: other.position(related.span.start),
                        end: other.position(related.span.end),
                        message: related.label.clone(),
                    },
                    None => RelatedLocation {
                        path: file.path.clone(),
                        start: file.position(related.span.start),
                        end: file.position(related.span.end),
                        message: related.label.clone(),
                    },
                })
                .collect();
            let elsewhere: Vec<String> = finding
                .related
                .iter()
                .zip(&related)
                .filter(|(place, _)| place.file.is_some())
                .map(|(_, at)| format!("{} at {}:{}", at.message, at.path, at.start.line))
                .collect();
            if !elsewhere.is_empty() {
                finding
                    .message
                    .push_str(&format!(" ({})", elsewhere.join("; ")));
            }
            Located {
                start: file.position(finding.span.start),
                end: file.position(finding.span.end),
                edit_positions: finding
                    .fix
                    .iter()
                    .flat_map(|fix| &fix.edits)
                    .map(|edit| (file.position(edit.span.start), file.position(edit.span.end)))
                    .collect(),
                severity: options.settings.severity(finding.rule),
                related,
                finding,
            }
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
        rules::check_suppressions(&suppressions, &used, &mut findings);
        findings.sort_by_key(|f| f.span.start);
    }
    findings
}
