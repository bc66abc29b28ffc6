//! GitLab Code Quality report (a JSON array): findings show in merge requests. Fingerprints are
//! stable across unrelated edits: they hash the rule, the path and the text of the finding's
//! line (plus its rank among identical ones), not its line number.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::rules::Severity;
use crate::run::RunResult;

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    let mut issues: Vec<Value> = Vec::new();
    for file in &run.files {
        let mut seen: HashMap<String, usize> = HashMap::new();
        for located in &file.findings {
            let finding = &located.finding;
            let line_text = file
                .text
                .as_deref()
                .and_then(|text| text.lines().nth(located.start.line - 1))
                .unwrap_or("")
                .trim();
            let key = format!("{}\0{}\0{}", finding.rule.code, file.path, line_text);
            let rank = seen.entry(key.clone()).or_default();
            *rank += 1;
            let fingerprint = Sha256::digest(format!("{key}\0{rank}").as_bytes());
            issues.push(json!({
                "type": "issue",
                "description": format!("{}: {}", finding.rule.code, finding.message),
                "check_name": finding.rule.code,
                "categories": ["Bug Risk"],
                "content": { "body": finding.help },
                "fingerprint": hex(&fingerprint),
                "severity": match located.severity {
                    Severity::Error => "major",
                    Severity::Warning => "minor",
                },
                "location": {
                    "path": file.path,
                    "lines": { "begin": located.start.line, "end": located.end.line },
                    "positions": {
                        "begin": { "line": located.start.line, "column": located.start.column },
                        "end": { "line": located.end.line, "column": located.end.column },
                    },
                },
            }));
        }
    }
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    writeln!(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
