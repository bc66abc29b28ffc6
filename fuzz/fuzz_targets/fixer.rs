#![no_main]

//! `--fix --unsafe-fixes` on arbitrary input: never panics, never leaves more syntax errors than
//! the input had, leaves the text alone when it applies nothing, and fixing the result again
//! changes nothing.

use std::path::Path;

use bindlint::fix::{fix_text, FixOptions};
use bindlint::lang::{syntax_error_count, FileKind};
use bindlint::lint::LintOptions;

/// The first byte picks the file kind.
const KINDS: &[(FileKind, &str)] = &[
    (FileKind::Python, "app.py"),
    (FileKind::JavaScript, "server.js"),
    (FileKind::TypeScript, "server.ts"),
    (FileKind::Procfile, "Procfile"),
    (FileKind::PackageJson, "package.json"),
    (FileKind::Dockerfile, "Dockerfile"),
    (FileKind::GunicornConfig, "gunicorn.conf.py"),
];

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let (kind, name) = KINDS[usize::from(first) % KINDS.len()];
    let mut options = LintOptions {
        no_prefilter: true,
        ..LintOptions::default()
    };
    options.settings.include_minified = true;
    let fix = FixOptions {
        unsafe_fixes: true,
        write: false,
    };
    let fixed = fix_text(Path::new(name), name, text.to_string(), kind, &options, fix);
    if let (Some(before), Some(after)) = (
        syntax_error_count(kind, text),
        syntax_error_count(kind, &fixed.text),
    ) {
        assert!(after <= before, "{before} -> {after} syntax errors");
    }
    if fixed.applied == 0 {
        assert_eq!(fixed.text, text, "no fix applied, yet the text changed");
        return;
    }
    let again = fix_text(Path::new(name), name, fixed.text.clone(), kind, &options, fix);
    assert_eq!(again.text, fixed.text, "a second --fix changed the text");
});
