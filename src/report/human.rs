//! Annotated source snippets rendered by miette: the code, the message, the span underlined,
//! related places labelled, and the help line.

use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceCode,
};

use super::style::{fix_marker, Style};
use crate::finding::Finding;
use crate::rules::Severity;
use crate::run::RunResult;

/// One finding as a miette diagnostic.
struct Rendered<'a> {
    finding: &'a Finding,
    source: &'a NamedSource<Arc<str>>,
    unsafe_fixes: bool,
    /// The finding's places in other files.
    elsewhere: Vec<Elsewhere>,
}

impl fmt::Debug for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rendered")
            .field("finding", self.finding)
            .finish()
    }
}

impl fmt::Display for Rendered<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.finding.message)
    }
}

impl std::error::Error for Rendered<'_> {}

impl Diagnostic for Rendered<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        let rule = self.finding.rule;
        let marker = fix_marker(self.finding, self.unsafe_fixes);
        Some(Box::new(format!("{} {}{marker}", rule.code, rule.name)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.finding.rule.default_severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.finding.help))
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let finding = self.finding;
        let primary =
            LabeledSpan::new_primary_with_span(Some(finding.label.clone()), finding.span.clone());
        let related = finding
            .related
            .iter()
            .filter(|r| r.file.is_none())
            .map(|r| LabeledSpan::new_with_span(Some(r.label.clone()), r.span.clone()));
        Some(Box::new(std::iter::once(primary).chain(related)))
    }

    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.elsewhere.is_empty() {
            return None;
        }
        Some(Box::new(
            self.elsewhere.iter().map(|note| note as &dyn Diagnostic),
        ))
    }
}

/// A place in another file that explains a finding, shown as a snippet of its own under it.
struct Elsewhere {
    label: String,
    span: crate::source::Span,
    source: NamedSource<Arc<str>>,
}

impl fmt::Debug for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Elsewhere")
            .field("label", &self.label)
            .finish()
    }
}

impl fmt::Display for Elsewhere {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in {}", self.label, self.source.name())
    }
}

impl std::error::Error for Elsewhere {}

impl Diagnostic for Elsewhere {
    fn severity(&self) -> Option<miette::Severity> {
        Some(miette::Severity::Advice)
    }

    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.label.clone()), self.span.clone()),
        )))
    }
}

pub fn write(run: &RunResult, style: Style, out: &mut dyn Write) -> io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_width(style.width)
        .with_context_lines(1);
    for file in &run.files {
        let Some(text) = &file.text else { continue };
        let source = NamedSource::new(&file.path, text.clone());
        for located in &file.findings {
            let mut rendered = String::new();
            let elsewhere = located
                .finding
                .related
                .iter()
                .filter_map(|related| {
                    let other = related.file.as_ref()?;
                    Some(Elsewhere {
                        label: related.label.clone(),
                        span: related.span.clone(),
                        source: NamedSource::new(&other.path, other.text.clone()),
                    })
                })
                .collect();
            let diagnostic = Rendered {
                finding: &located.finding,
                source: &source,
                unsafe_fixes: style.unsafe_fixes,
                elsewhere,
            };
            handler
                .render_report(&mut rendered, &diagnostic)
                .map_err(io::Error::other)?;
            writeln!(out, "{rendered}")?;
        }
    }
    Ok(())
}
