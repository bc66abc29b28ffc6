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

/// The editor's "Ignore CODE on this line" edit: [`crate::fix::ignore_edit`] as LSP text.
fn ignore_edit(request: &ActionRequest, located: &Located) -> Option<TextEdit> {
    let code = located.finding.rule.code;
    let edit = crate::fix::ignore_edit(
        request.kind,
        request.path,
        request.text,
        located.finding.span.start,
        &[code],
    )?;
    convert::text_edits(&[edit], request.text).pop()
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
