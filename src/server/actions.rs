//! Code actions and hover: each finding's fix as a quick fix, "Fix all bindlint problems in
//! this file" (`source.fixAll.bindlint`), "Ignore BL101 on this line", and the rule's page on
//! hover over a finding.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Hover, HoverContents, MarkupContent,
    MarkupKind, Position, Range, TextEdit, Url, WorkspaceEdit,
};

use super::convert;
use super::document;
use crate::finding::{Applicability, Located};
use crate::fix::Fixed;
use crate::lang::FileKind;
use crate::lint::FileReport;

/// The kind of the fix-all action, as ruff and ESLint name theirs.
pub const FIX_ALL: &str = "source.fixAll.bindlint";

/// What the code actions of one request are computed from.
pub struct ActionRequest<'a> {
    pub uri: &'a Url,
    pub path: &'a Path,
    pub text: &'a str,
    pub kind: FileKind,
    pub range: Range,
    /// The kinds the client asked for (`context.only`); `None`: every kind.
    pub only: Option<&'a [CodeActionKind]>,
    pub cwd: &'a Path,
}

impl ActionRequest<'_> {
    fn wants(&self, kind: &str) -> bool {
        // Kinds are hierarchical: asking for `source.fixAll` includes `source.fixAll.bindlint`.
        self.only.is_none_or(|only| {
            only.iter().any(|asked| {
                kind == asked.as_str() || kind.starts_with(&format!("{}.", asked.as_str()))
            })
        })
    }

    fn edit(&self, edits: Vec<TextEdit>) -> WorkspaceEdit {
        WorkspaceEdit {
            changes: Some(HashMap::from([(self.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

/// The actions for the findings in `report` that touch the requested range, and fix-all.
pub fn code_actions(
    request: &ActionRequest,
    report: &FileReport,
    fix_all: impl FnOnce() -> Option<Fixed>,
) -> Vec<CodeActionOrCommand> {
    let mut actions = Vec::new();
    let quickfix = CodeActionKind::QUICKFIX;
    for located in &report.findings {
        let diagnostic = convert::diagnostic(located, request.text, request.uri, request.cwd);
        if !overlaps(diagnostic.range, request.range) || !request.wants(quickfix.as_str()) {
            continue;
        }
        let code = located.finding.rule.code;
        if let Some(fix) = &located.finding.fix {
            let safe = fix.applicability == Applicability::Safe;
            actions.push(CodeAction {
                title: format!(
                    "{} ({code}){}",
                    fix.message,
                    if safe { "" } else { " (unsafe)" }
                ),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(request.edit(convert::text_edits(&fix.edits, request.text))),
                is_preferred: Some(safe),
                ..CodeAction::default()
            });
        }
        if let Some(edit) = ignore_edit(request, located) {
            actions.push(CodeAction {
                title: format!("Ignore {code} on this line"),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(request.edit(vec![edit])),
                is_preferred: Some(false),
                ..CodeAction::default()
            });
        }
    }
    if request.wants(FIX_ALL) {
        if let Some(fixed) = fix_all().filter(|fixed| fixed.applied > 0) {
            actions.push(CodeAction {
                title: "Fix all bindlint problems in this file".to_string(),
                kind: Some(CodeActionKind::new(FIX_ALL)),
                edit: Some(request.edit(vec![convert::replace_all(request.text, fixed.text)])),
                ..CodeAction::default()
            });
        }
    }
    actions
        .into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Whether two ranges touch (a cursor at either end of a finding counts).
fn overlaps(a: Range, b: Range) -> bool {
    let before = |x: Position, y: Position| (x.line, x.character) < (y.line, y.character);
    !before(a.end, b.start) && !before(b.end, a.start)
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

/// The edit that silences the finding's rule on its line: the code added to a suppression the
/// line already has, else a trailing comment; in a Dockerfile (where `#` starts a comment
/// only at the start of a line) and after a line continuation, a comment line above it.
fn ignore_edit(request: &ActionRequest, located: &Located) -> Option<TextEdit> {
    let marker = comment_marker(request.kind, request.path)?;
    let text = request.text;
    let code = located.finding.rule.code;
    let at = located.finding.span.start.min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    let line = text[line_start..line_end].trim_end_matches('\r');
    let insert = |offset: usize, new_text: String| TextEdit {
        range: document::range(text, &(offset..offset)),
        new_text,
    };
    const DIRECTIVE: &str = "bindlint: ignore";
    if let Some(found) = line.find(DIRECTIVE) {
        let rest = &line[found + DIRECTIVE.len()..];
        // A bare `bindlint: ignore` already silences every rule.
        let list = rest.strip_prefix('[')?;
        let close = list.find(']')?;
        let close_at = line_start + found + DIRECTIVE.len() + 1 + close;
        return Some(insert(close_at, format!(", {code}")));
    }
    let comment = format!("{marker} {DIRECTIVE}[{code}]");
    if request.kind == FileKind::Dockerfile || line.ends_with('\\') {
        let indent: String = line.chars().take_while(|c| c.is_whitespace()).collect();
        let newline = if text[line_start..line_end].ends_with('\r') {
            "\r\n"
        } else {
            "\n"
        };
        return Some(insert(line_start, format!("{indent}{comment}{newline}")));
    }
    Some(insert(line_start + line.len(), format!("  {comment}")))
}

/// The pages of the rules whose findings cover `position`, as Markdown.
pub fn hover(report: &FileReport, text: &str, position: Position) -> Option<Hover> {
    let covering: Vec<&Located> = report
        .findings
        .iter()
        .filter(|located| {
            let range = document::range(text, &located.finding.span);
            overlaps(range, Range::new(position, position))
        })
        .collect();
    let first = covering.first()?;
    let mut pages: Vec<String> = Vec::new();
    for located in &covering {
        let page = located.finding.rule.page();
        if !pages.contains(&page) {
            pages.push(page);
        }
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: pages.join("\n\n---\n\n"),
        }),
        range: Some(document::range(text, &first.finding.span)),
    })
}
