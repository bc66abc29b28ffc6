//! JUnit XML, which CI test reporters read: one test suite per file with findings, one failed
//! test case per finding; a clean run is one passing case.

use std::io::{self, Write};

use quick_xml::escape::escape;

use crate::run::RunResult;

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let total = run.finding_count();
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="bindlint" tests="{}" failures="{total}">"#,
        total.max(1)
    )?;
    if total == 0 {
        writeln!(
            out,
            r#"  <testsuite name="bindlint" tests="1" failures="0">"#
        )?;
        writeln!(
            out,
            r#"    <testcase name="no problems found" classname="bindlint"/>"#
        )?;
        writeln!(out, "  </testsuite>")?;
    }
    for file in &run.files {
        let count = file.findings.len();
        writeln!(
            out,
            r#"  <testsuite name="{}" tests="{count}" failures="{count}">"#,
            escape(file.path.as_str())
        )?;
        for located in &file.findings {
            let finding = &located.finding;
            let name = format!(
                "{} {} at {}:{}",
                finding.rule.code, finding.rule.name, located.start.line, located.start.column
            );
            writeln!(
                out,
                r#"    <testcase name="{}" classname="{}">"#,
                escape(name.as_str()),
                escape(file.path.as_str())
            )?;
            writeln!(
                out,
                r#"      <failure type="{}" message="{}">{}:{}:{}: {}&#10;help: {}</failure>"#,
                finding.rule.code,
                escape(finding.message.as_str()),
                escape(file.path.as_str()),
                located.start.line,
                located.start.column,
                escape(finding.message.as_str()),
                escape(finding.help.as_str()),
            )?;
            writeln!(out, "    </testcase>")?;
        }
        writeln!(out, "  </testsuite>")?;
    }
    writeln!(out, "</testsuites>")
}
