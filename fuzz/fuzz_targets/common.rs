//! What every source target checks: linting arbitrary bytes as a file of some kind never
//! panics, every finding's span lies inside the text on character boundaries with its start
//! before its end, and every report format renders it.

use std::path::Path;

use bindlint::lang::FileKind;
use bindlint::lint::{lint_source, LintOptions, RunResult};
use bindlint::report::{write_report, Format, Style};

pub fn lint(kind: FileKind, name: &str, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut options = LintOptions {
        report_unused_ignores: true,
        // Parse everything: the prefilter would skip most inputs.
        no_prefilter: true,
        ..LintOptions::default()
    };
    options.settings.include_minified = true;
    let report = lint_source(Path::new(name), name, text.to_string(), kind, &options);
    for located in &report.findings {
        let span = &located.finding.span;
        assert!(span.start <= span.end, "{span:?}");
        assert!(span.end <= text.len(), "{span:?} past {}", text.len());
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(located.start <= located.end);
    }
    let run = RunResult {
        files_scanned: 1,
        files: vec![report],
        ..RunResult::default()
    };
    let style = Style {
        color: false,
        width: 80,
        summary: true,
        unsafe_fixes: false,
    };
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::JsonLines,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ] {
        let mut out = Vec::new();
        write_report(format, &run, style, &mut out).expect("writing to memory");
    }
}
