//! `path:line:col: error: message [BL101]`: the shape VS Code's `$gcc` problem matcher and Vim's
//! default `errorformat` read unchanged.

use std::io::{self, Write};

use crate::run::RunResult;

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for file in &run.files {
        for located in &file.findings {
            let finding = &located.finding;
            writeln!(
                out,
                "{}:{}:{}: {}: {} [{}]",
                file.path,
                located.start.line,
                located.start.column,
                finding.rule.default_severity,
                finding.message,
                finding.rule.code
            )?;
        }
    }
    Ok(())
}
