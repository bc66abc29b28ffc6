//! Property: whatever surrounds a fixable server start (random fragments of syntax spliced in
//! anywhere), `--fix --unsafe-fixes` never leaves a file with more syntax errors than it had,
//! never panics, and fixing the result again changes nothing.

use std::path::Path;

use bindlint::fix::{fix_text, FixOptions};
use bindlint::lang::{syntax_error_count, FileKind};
use bindlint::lint::LintOptions;
use proptest::prelude::*;

const PYTHON: &str = "import uvicorn\nfrom flask import Flask\napp = Flask(__name__)\napp.run()\nuvicorn.run(app, host=\"127.0.0.1\", port=8000)\nPORT_X = 5000\napp.run(\"localhost\", PORT_X)\n";
const JAVASCRIPT: &str = "const express = require(\"express\");\nconst app = express();\napp.listen(3000, \"localhost\");\nBun.serve({ port: 8080, fetch() {} });\nconst { port } = process.env;\nDeno.serve((req) => new Response(\"hi\"));\n";

/// Fragments that break or bend the code around the calls.
const FRAGMENTS: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "=",
    "\"",
    "'",
    "`",
    "#",
    "//",
    "/*",
    "*/",
    "\n",
    "    ",
    "\\",
    "**kw",
    "*args",
    "lambda: ",
    "port=",
    "host=",
    " if x else ",
    " or 1",
    " ?? 2",
    "\r\n",
    "\u{feff}",
    "é",
    ";",
    "await ",
    "import os\n",
    "os = 1\n",
    "${",
    "...",
    "@",
];

fn spliced(base: &'static str) -> impl Strategy<Value = String> {
    let positions = proptest::collection::vec((0..=base.len(), 0..FRAGMENTS.len()), 0..6);
    positions.prop_map(move |mut inserts| {
        inserts.sort();
        let mut text = String::new();
        let mut at = 0;
        for (position, fragment) in inserts {
            let mut position = position.max(at);
            while !base.is_char_boundary(position) {
                position += 1;
            }
            text.push_str(&base[at..position]);
            text.push_str(FRAGMENTS[fragment]);
            at = position;
        }
        text.push_str(&base[at..]);
        text
    })
}

fn check(kind: FileKind, name: &str, text: String) -> Result<(), TestCaseError> {
    let options = LintOptions {
        fix: None,
        ..LintOptions::default()
    };
    let fix = FixOptions {
        unsafe_fixes: true,
        write: false,
    };
    let before = syntax_error_count(kind, &text);
    let fixed = fix_text(Path::new(name), name, text.clone(), kind, &options, fix);
    let after = syntax_error_count(kind, &fixed.text);
    if let (Some(before), Some(after)) = (before, after) {
        prop_assert!(
            after <= before,
            "{before} -> {after} errors:\n{text}\n---\n{}",
            fixed.text
        );
    }
    let again = fix_text(
        Path::new(name),
        name,
        fixed.text.clone(),
        kind,
        &options,
        fix,
    );
    prop_assert_eq!(again.text, fixed.text, "a second --fix changed the text");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 192, ..ProptestConfig::default() })]

    #[test]
    fn python_fixes_never_break_the_parse(text in spliced(PYTHON)) {
        check(FileKind::Python, "app.py", text)?;
    }

    #[test]
    fn javascript_fixes_never_break_the_parse(text in spliced(JAVASCRIPT)) {
        check(FileKind::TypeScript, "server.ts", text)?;
    }
}

#[test]
fn the_unspliced_programs_are_fixed() {
    let options = LintOptions::default();
    let fix = FixOptions {
        unsafe_fixes: true,
        write: false,
    };
    let python = fix_text(
        Path::new("app.py"),
        "app.py",
        PYTHON.into(),
        FileKind::Python,
        &options,
        fix,
    );
    assert!(python.applied >= 5, "{}", python.text);
    assert!(
        python.report.findings.is_empty(),
        "{:?}",
        python.report.findings
    );
    let js = fix_text(
        Path::new("s.ts"),
        "s.ts",
        JAVASCRIPT.into(),
        FileKind::TypeScript,
        &options,
        fix,
    );
    assert!(js.report.findings.is_empty(), "{}", js.text);
}
