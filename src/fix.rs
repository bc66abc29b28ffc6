//! `--fix`: applies the findings' fixes to a file's text, and writes the result back.
//!
//! The promise is ruff's: a fix either produces valid code without the finding, or it is not
//! applied. Each pass lints the text, takes the fixes that do not overlap, keeps those whose
//! result parses with no more syntax errors than before, and applies them together; the next
//! pass sees the new text, so fixes that overlapped (two insertions in one call) land one after
//! the other. Passes are bounded, so a fix that keeps coming back cannot loop.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use crate::finding::{Applicability, Edit, Fix};
use crate::lang::FileKind;
use crate::lint::{self, FileProblem, FileReport, LintOptions, ProblemLevel};
use crate::source::Encoding;

/// The most lint-and-fix passes over one file.
pub const MAX_PASSES: usize = 8;

/// After a pass had to be undone, fixes are applied one per pass (so a refusal blames the fix
/// that failed, not its neighbours) for at most this many more passes.
const MAX_ONE_BY_ONE_PASSES: usize = 32;

/// What `--fix` may apply, and what it does with the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct FixOptions {
    /// Also apply fixes that change behaviour beyond the port (`--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Write the fixed text back (`--fix`); otherwise only compute it (`--diff`).
    pub write: bool,
}

impl FixOptions {
    pub fn allows(&self, fix: &Fix) -> bool {
        fix.applicability == Applicability::Safe || self.unsafe_fixes
    }
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

/// Fixes the text of the file at `path` and, for `--fix`, writes it back. The report lists the
/// findings left in the fixed text, or, when the file could not be written, those of the file
/// as it stays.
pub fn fix_file(
    path: &Path,
    display: &str,
    (text, encoding): (String, Encoding),
    kind: FileKind,
    options: &LintOptions,
    fix_options: FixOptions,
) -> (FileReport, Option<FileFix>) {
    let original: Arc<str> = Arc::from(text.as_str());
    let fixed = fix_text(path, display, text, kind, options, fix_options);
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
        return (report, None);
    }
    let mut written = false;
    if fix_options.write {
        match write_atomically(
            path,
            &encoding.encode(&original),
            &encoding.encode(&fixed.text),
        ) {
            Ok(()) => written = true,
            Err(error) => {
                let mut unchanged =
                    lint::lint_source(path, display, original.to_string(), kind, options);
                unchanged.problems.push(FileProblem {
                    path: display.to_string(),
                    level: ProblemLevel::Error,
                    message: error.to_string(),
                });
                return (unchanged, None);
            }
        }
    }
    let fix = FileFix {
        path: display.to_string(),
        applied: fixed.applied,
        original,
        fixed: Arc::from(fixed.text),
        written,
    };
    (report, Some(fix))
}

/// A fix that was not applied, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RejectedFix {
    pub code: &'static str,
    /// 1-based line and column of the finding, in the text the fix was tried on.
    pub line: usize,
    pub column: usize,
    pub reason: Reason,
}

/// A fix applied in the last pass.
struct Applied {
    finding: RejectedFix,
    edits: Vec<Edit>,
}

/// How many findings of rule `code` a report has.
fn count_of(report: &FileReport, code: &str) -> usize {
    report
        .findings
        .iter()
        .filter(|l| l.finding.rule.code == code)
        .count()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// The fixed text had more syntax errors than before.
    SyntaxError,
    /// The finding was still there after the fix (a bug in the fix: reported, never looped on).
    FindingRemains,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Reason::SyntaxError => "would introduce a syntax error",
            Reason::FindingRemains => "did not remove the finding",
        })
    }
}

/// The outcome of fixing one text.
#[derive(Debug)]
pub struct Fixed {
    /// The text after every applied fix (the input when nothing applied).
    pub text: String,
    /// How many problems the fixes removed: the fixes applied, or more when one edit clears
    /// several findings (`runserver` → `runserver 0.0.0.0:$PORT` is both BL301 and BL302).
    pub applied: usize,
    pub rejected: Vec<RejectedFix>,
    /// The findings left in the fixed text.
    pub report: FileReport,
}

/// Fixes `text` (the content of `path`) as far as `fix_options` allow.
pub fn fix_text(
    path: &Path,
    display: &str,
    text: String,
    kind: FileKind,
    options: &LintOptions,
    fix_options: FixOptions,
) -> Fixed {
    let mut text = text;
    let mut applied = 0;
    let mut rejected: Vec<RejectedFix> = Vec::new();
    // Fixes tried and refused, by their edits, so a later pass does not try them again.
    let mut refused: Vec<Vec<Edit>> = Vec::new();
    // The last pass: the text before it, per rule the findings before it and how many it fixed,
    // and the fixes it applied.
    type RuleCounts = Vec<(&'static str, (usize, usize))>;
    let mut last_pass: Option<(String, RuleCounts, Vec<Applied>)> = None;
    // How many findings the text had before any fix: what the fixes removed is counted from it.
    let mut initial_findings = None;
    let mut one_by_one = false;
    let mut last = MAX_PASSES;
    // One lint more than passes: the last lint only checks the last pass's fixes.
    for pass in 0.. {
        let report = lint::lint_source(path, display, text.clone(), kind, options);
        let findings_at_start = *initial_findings.get_or_insert(report.findings.len());
        if let Some((before, counts, fixes)) = last_pass.take() {
            // Each applied fix must take one finding of its rule away: where the count of a
            // rule's findings did not drop by as many fixes, a fix is wrong (its finding stayed,
            // or moved). The pass is undone. Which fix it was is known only when the pass
            // applied one: that one is not tried again. After a pass of several, they are all
            // tried again one at a time, since one fix can change how a broken file parses and
            // add a finding that another fix of the same rule would be blamed for.
            let failing = counts
                .iter()
                .any(|(code, (count, fixed))| count_of(&report, code) + fixed > *count);
            if failing {
                applied -= fixes.len();
                text = before;
                if let [fix] = fixes.as_slice() {
                    refused.push(fix.edits.clone());
                    rejected.push(RejectedFix {
                        reason: Reason::FindingRemains,
                        ..fix.finding.clone()
                    });
                } else if !one_by_one {
                    one_by_one = true;
                    last = last.max(pass + MAX_ONE_BY_ONE_PASSES);
                }
                continue;
            }
        }
        if pass >= last {
            return finished(text, applied, rejected, report, findings_at_start, &refused);
        }
        let candidates: Vec<(&Fix, RejectedFix)> = report
            .findings
            .iter()
            .filter_map(|located| {
                let fix = located.finding.fix.as_ref()?;
                let tried = RejectedFix {
                    code: located.finding.rule.code,
                    line: located.start.line,
                    column: located.start.column,
                    reason: Reason::SyntaxError,
                };
                (fix_options.allows(fix) && !refused.contains(&fix.edits) && !fix.edits.is_empty())
                    .then_some((fix, tried))
            })
            .collect();
        if candidates.is_empty() {
            return finished(text, applied, rejected, report, findings_at_start, &refused);
        }
        let errors_before = crate::lang::syntax_error_count(kind, &text).unwrap_or(usize::MAX);
        let parses = |candidate: &str| {
            crate::lang::syntax_error_count(kind, candidate).is_some_and(|n| n <= errors_before)
        };
        let mut chosen: Vec<(&Fix, RejectedFix)> = Vec::new();
        for (fix, tried) in candidates {
            if chosen.iter().any(|(other, _)| overlaps(fix, other)) {
                continue;
            }
            match apply(&text, &fix.edits) {
                Some(alone) if parses(&alone) => chosen.push((fix, tried)),
                _ => {
                    refused.push(fix.edits.clone());
                    rejected.push(tried);
                }
            }
        }
        // Each fix parses alone; together they almost always do too. If not, one per pass.
        let edits: Vec<Edit> = chosen
            .iter()
            .flat_map(|(fix, _)| fix.edits.clone())
            .collect();
        if one_by_one || !matches!(apply(&text, &edits), Some(all) if parses(&all)) {
            chosen.truncate(1);
        }
        let edits: Vec<Edit> = chosen
            .iter()
            .flat_map(|(fix, _)| fix.edits.clone())
            .collect();
        match apply(&text, &edits) {
            Some(next) if next != text => {
                applied += chosen.len();
                let mut counts: Vec<(&'static str, (usize, usize))> = Vec::new();
                for (_, finding) in &chosen {
                    match counts.iter_mut().find(|(code, _)| *code == finding.code) {
                        Some((_, (_, fixed))) => *fixed += 1,
                        None => counts.push((finding.code, (count_of(&report, finding.code), 1))),
                    }
                }
                let fixes = chosen
                    .iter()
                    .map(|(fix, finding)| Applied {
                        finding: finding.clone(),
                        edits: fix.edits.clone(),
                    })
                    .collect();
                let before = std::mem::replace(&mut text, next);
                last_pass = Some((before, counts, fixes));
            }
            _ => break,
        }
    }
    let report = lint::lint_source(path, display, text.clone(), kind, options);
    let findings_at_start = initial_findings.unwrap_or(report.findings.len());
    finished(text, applied, rejected, report, findings_at_start, &refused)
}

/// The outcome once no pass is left to run. `applied` counts the problems removed (more than
/// the fixes when one edit clears several findings), and a fix refused on this very text is no
/// longer offered: the summary would send the user back to the flags they just ran with.
fn finished(
    text: String,
    applied: usize,
    rejected: Vec<RejectedFix>,
    mut report: FileReport,
    findings_at_start: usize,
    refused: &[Vec<Edit>],
) -> Fixed {
    for located in &mut report.findings {
        if (located.finding.fix.as_ref()).is_some_and(|fix| refused.contains(&fix.edits)) {
            located.finding.fix = None;
        }
    }
    let removed = findings_at_start.saturating_sub(report.findings.len());
    Fixed {
        text,
        applied: if applied == 0 {
            0
        } else {
            removed.max(applied)
        },
        rejected,
        report,
    }
}

/// Two fixes touch the same bytes, or insert at the same place (their order would be a guess).
fn overlaps(a: &Fix, b: &Fix) -> bool {
    a.edits.iter().any(|x| {
        b.edits.iter().any(|y| {
            x.span.start < y.span.end && y.span.start < x.span.end
                || x.span.start == y.span.start
                || (x.span.is_empty() || y.span.is_empty())
                    && (x.span.start == y.span.end || y.span.start == x.span.end)
        })
    })
}

/// `text` with `edits` applied. `None` when edits overlap or a span is not on a character
/// boundary (a bug in a fix: the text is then left alone).
pub fn apply(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|edit| (edit.span.start, edit.span.end));
    let mut out = String::with_capacity(text.len() + 64);
    let mut at = 0;
    for edit in sorted {
        if edit.span.start < at || edit.span.end < edit.span.start {
            return None;
        }
        out.push_str(text.get(at..edit.span.start)?);
        text.get(edit.span.clone())?;
        out.push_str(&edit.content);
        at = edit.span.end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// Why a fixed file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("the file is read-only, not fixed")]
    ReadOnly,
    #[error("the file is a symbolic link, not fixed (fix the file it points to)")]
    Symlink,
    #[error("the file changed while bindlint ran, not fixed")]
    Changed,
    #[error("the file has other hard links, which rewriting it would detach, not fixed")]
    HardLinked,
    #[error("cannot give the fixed file its owner back ({0}), not fixed")]
    Owner(String),
    #[error("cannot write the fixed file: {0}")]
    Io(#[from] std::io::Error),
}

/// Replaces the file at `path`, which held `original`, by `fixed`: written to a temporary file
/// in the same directory with the same permissions and owner, then renamed over it, so a crash
/// or a full disk never leaves half a file. A rename makes a new file, so what a new file would
/// not keep is refused rather than lost: other hard links to it, an owner that cannot be given
/// back.
pub fn write_atomically(path: &Path, original: &[u8], fixed: &[u8]) -> Result<(), WriteError> {
    let metadata = std::fs::symlink_metadata(path)?;
    if metadata.file_type().is_symlink() {
        return Err(WriteError::Symlink);
    }
    if metadata.permissions().readonly() {
        return Err(WriteError::ReadOnly);
    }
    #[cfg(unix)]
    if std::os::unix::fs::MetadataExt::nlink(&metadata) > 1 {
        return Err(WriteError::HardLinked);
    }
    if std::fs::read(path)? != original {
        return Err(WriteError::Changed);
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".bindlint-fix-")
        .tempfile_in(dir)?;
    temporary.write_all(fixed)?;
    temporary.as_file().sync_all()?;
    std::fs::set_permissions(temporary.path(), metadata.permissions())?;
    #[cfg(unix)]
    keep_owner(temporary.as_file(), &metadata)?;
    temporary.persist(path).map_err(|error| error.error)?;
    Ok(())
}

/// Gives the new file the original's owner and group, where they differ from the user running
/// bindlint (root fixing someone's checkout, a file owned by a shared group).
#[cfg(unix)]
fn keep_owner(file: &std::fs::File, original: &std::fs::Metadata) -> Result<(), WriteError> {
    use std::os::unix::fs::MetadataExt;
    let new = file.metadata()?;
    if (new.uid(), new.gid()) == (original.uid(), original.gid()) {
        return Ok(());
    }
    std::os::unix::fs::fchown(file, Some(original.uid()), Some(original.gid()))
        .map_err(|error| WriteError::Owner(crate::files::io_reason(&error)))
}

/// A unified diff of one file's fix, as `git diff` prints it.
pub fn unified_diff(path: &str, before: &str, after: &str) -> String {
    similar::TextDiff::from_lines(before, after)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// How a file of this kind writes a comment, if it has comments.
fn comment_marker(kind: FileKind, path: &Path) -> Option<&'static str> {
    if path.extension().is_some_and(|e| e == "json") {
        return None;
    }
    match kind {
        FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx => Some("//"),
        FileKind::PackageJson => None,
        _ => Some("#"),
    }
}

/// The edit that silences `codes` on the line holding byte `at`: the codes added to a
/// suppression the line already has, else a trailing comment; in a Dockerfile (where `#`
/// starts a comment only at the start of a line) and after a line continuation, a comment line
/// above it. `None` where the file has no comments (JSON), or a bare `bindlint: ignore` already
/// silences every rule there.
pub fn ignore_edit(
    kind: FileKind,
    path: &Path,
    text: &str,
    at: usize,
    codes: &[&str],
) -> Option<Edit> {
    let marker = comment_marker(kind, path)?;
    let at = at.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    const DIRECTIVE: &str = "bindlint: ignore";
    if let Some(found) = line.find(DIRECTIVE) {
        let rest = &line[found + DIRECTIVE.len()..];
        let list = rest.strip_prefix('[')?;
        let close = list.find(']')?;
        let close_at = line_start + found + DIRECTIVE.len() + 1 + close;
        let added: String = codes.iter().map(|code| format!(", {code}")).collect();
        return Some(Edit::insert(close_at, added));
    }
    let comment = format!("{marker} {DIRECTIVE}[{}]", codes.join(", "));
    if kind == FileKind::Dockerfile || line.ends_with('\\') {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let newline = if text[line_start..line_end].ends_with('\r') {
            "\r\n"
        } else {
            "\n"
        };
        return Some(Edit::insert(
            line_start,
            format!("{indent}{comment}{newline}"),
        ));
    }
    Some(Edit::insert(
        line_start + line.len(),
        format!("  {comment}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_apply_in_order_and_refuse_overlaps() {
        let edits = vec![Edit::replace(4..5, "Y"), Edit::insert(0, "> ")];
        assert_eq!(apply("abc x def", &edits).as_deref(), Some("> abc Y def"));
        let overlapping = vec![Edit::replace(0..3, "A"), Edit::replace(2..4, "B")];
        assert_eq!(apply("abcdef", &overlapping), None);
        assert_eq!(apply("é", &[Edit::replace(1..2, "e")]), None);
    }

    #[test]
    fn insertions_at_one_place_overlap() {
        let a = Fix::safe("a", vec![Edit::insert(3, "x")]);
        let b = Fix::safe("b", vec![Edit::insert(3, "y")]);
        let c = Fix::safe("c", vec![Edit::replace(4..6, "z")]);
        assert!(overlaps(&a, &b));
        assert!(!overlaps(&a, &c));
    }
}
