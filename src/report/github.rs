//! GitHub Actions workflow commands: each finding becomes an annotation on the pull request,
//! `::error file=app.py,line=3,col=9,endLine=3,endColumn=20,title=BL101 loopback-host::message`.

use std::io::{self, Write};

use crate::rules::Severity;
use crate::run::RunResult;

/// Escapes a command's message (GitHub's `escapeData`).
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value (GitHub's `escapeProperty`).
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for file in &run.files {
        for located in &file.findings {
            let finding = &located.finding;
            let command = match located.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            writeln!(
                out,
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                escape_property(&file.path),
                located.start.line,
                located.start.column,
                located.end.line,
                located.end.column,
                escape_property(&format!("{} {}", finding.rule.code, finding.rule.name)),
                escape_data(&format!("{}\nhelp: {}", finding.message, finding.help)),
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_runner() {
        assert_eq!(escape_data("50% a\nb"), "50%25 a%0Ab");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
