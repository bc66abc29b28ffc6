//! A byte-level prefilter: decides, without parsing, that a file cannot contain a finding.
//!
//! Parsing is the expensive step, and most files in a repository start no server. The tokens
//! come from the catalogue, so adding an API keeps the prefilter sound:
//!
//! - every server start is a call (or `new`) whose name is the last part of a catalogue name
//!   (`run`, `listen`, `serve`, `HTTPServer`...), so the file must hold that name followed by
//!   `(` (or `<` for a TypeScript type argument, `?.` for optional chaining), or renamed on
//!   the way (`serve as start`, `{ serve: start }`, `start = serve`);
//! - TypeScript declaration files (`.d.ts`) hold no code that runs;
//! - Python: such a call resolves through an import of a catalogue module (`flask`, `uvicorn`,
//!   `socket`...), so the file must name one; or it is a method of an app another module of
//!   the project makes, so the file calls it on a name it imports (`from app import app`), on
//!   what a factory it imports returns (`app = create_app()`), or on a module's member
//!   (`myapp.app.run(`); or it passes `host=`/`port=` to an object nothing identifies;
//! - JavaScript/TypeScript: besides calls, `require("socket.io")(port)` names `socket.io`, and
//!   Bun's `export default { fetch }` needs both;
//! - BL203 needs the word `port` in another case than `PORT` and an environment read
//!   (`environ`/`getenv`, `env`).
//!
//! Start-command files (Procfile, package.json, Dockerfile, gunicorn.conf.py) are small and
//! always parsed. `--no-prefilter` turns the prefilter off; the tests check that the findings
//! are the same either way.
//!
//! Minified or generated JavaScript (most of its bytes on lines over [`MINIFIED_LINE`] bytes)
//! is recognised here too: it is never deployed as a server's own source, and one 5 MB bundle
//! costs more to parse than a thousand ordinary files, so it is skipped unless asked for.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use crate::catalog;
use crate::lang::{FileKind, ManifestKind};

/// Whether the file may contain a finding and must be parsed.
pub fn may_have_findings(kind: FileKind, text: &str) -> bool {
    match kind {
        FileKind::Python => {
            (has_python_reference(text)
                && (python_modules().is_match(text)
                    || has_address_keyword(text)
                    || calls_an_imported_app(text)))
                || (has_miscased_port(text)
                    && (has_word(text, "environ") || has_word(text, "getenv")))
        }
        FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx => {
            has_call(javascript_calls(), text)
                || javascript_renamable().is_match(text)
                || (has_default_export_object(text) && has_fetch_member(text))
                || (has_miscased_port(text) && has_word(text, "env"))
        }
        FileKind::Manifest(ManifestKind::Yaml) => crate::lang::manifest::may_be_kubernetes(text),
        FileKind::GunicornConfig
        | FileKind::Procfile
        | FileKind::PackageJson
        | FileKind::Dockerfile
        | FileKind::WrapperScript
        | FileKind::Manifest(_) => true,
    }
}

/// A line at least this long counts as minified.
pub const MINIFIED_LINE: usize = 1000;

/// Files smaller than this are parsed whatever their shape: they cost little.
const MINIFIED_MIN_SIZE: usize = 32 * 1024;

/// Whether JavaScript text is minified or generated: at least 32 KB, more than half of it on
/// lines of [`MINIFIED_LINE`] bytes or more. One pass of `memchr`; hand-written code, even with
/// a few long lines (an inlined data URL), stays well under the half.
pub fn is_minified(text: &str) -> bool {
    if text.len() < MINIFIED_MIN_SIZE {
        return false;
    }
    let bytes = text.as_bytes();
    let mut long_bytes = 0;
    let mut line_start = 0;
    for end in memchr::memchr_iter(b'\n', bytes).chain([bytes.len()]) {
        let length = end - line_start;
        if length >= MINIFIED_LINE {
            long_bytes += length;
        }
        line_start = end + 1;
    }
    long_bytes * 2 > bytes.len()
}

/// The module a qualified name starts with (`flask.Flask.run` → `flask`).
fn module_of(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

/// The name a qualified name ends with (`flask.Flask.run` → `run`).
fn last_name(name: &str) -> &str {
    name.rsplit(['.', '/']).next().unwrap_or(name)
}

fn python_server_apis() -> impl Iterator<Item = &'static catalog::ServerApi> {
    catalog::python::PYTHON_APIS
        .iter()
        .chain([&catalog::python::HYPERCORN_SERVE])
}

fn automaton(mut tokens: Vec<&str>) -> AhoCorasick {
    tokens.sort_unstable();
    tokens.dedup();
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(tokens)
        .expect("prefilter tokens compile")
}

fn python_modules() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        automaton(
            python_server_apis()
                .flat_map(|api| api.qualified_names.iter().map(|n| module_of(n)))
                .chain(
                    catalog::python::PYTHON_TYPES
                        .iter()
                        .map(|(name, _)| module_of(name)),
                )
                .collect(),
        )
    })
}

fn python_calls() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        automaton(
            python_server_apis()
                .flat_map(|api| api.qualified_names.iter().map(|n| last_name(n)))
                .collect(),
        )
    })
}

fn javascript_calls() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        // `socket.io` yields `io`, which the text check for `socket.io` covers instead.
        automaton(
            catalog::javascript::JS_APIS
                .iter()
                .flat_map(|api| api.qualified_names.iter().map(|n| last_name(n)))
                .chain(["listen"])
                .filter(|name| *name != "io")
                .collect(),
        )
    })
}

/// The modules and globals whose server functions a file may call under another name
/// (`import { serve as start } from "@hono/node-server"`, `const s = Bun.serve`): the module
/// named in quotes, as an import or `require` names it, or the global's full name, makes the
/// file a candidate. Rows reached through `listen` on an instance need no entry: the call keeps
/// its name.
fn javascript_renamable() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let mut tokens: Vec<String> = Vec::new();
        for name in catalog::javascript::JS_APIS
            .iter()
            .flat_map(|api| api.qualified_names.iter())
        {
            let Some((owner, last)) = name.rsplit_once('.') else {
                continue;
            };
            if last == "listen" && !owner.starts_with(char::is_uppercase) {
                continue;
            }
            if owner.starts_with(char::is_uppercase) {
                // A global: `Bun.serve`, `Deno.listen`.
                tokens.push(name.to_string());
            } else {
                tokens.extend(['"', '\'', '`'].map(|quote| format!("{quote}{owner}{quote}")));
            }
        }
        tokens.sort_unstable();
        tokens.dedup();
        AhoCorasick::new(tokens).expect("prefilter tokens compile")
    })
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$'
}

/// Whether `bytes[range]` stands as a whole word: no identifier byte touches it on either side.
fn is_whole_word(bytes: &[u8], range: std::ops::Range<usize>) -> bool {
    (range.start == 0 || !is_word_byte(bytes[range.start - 1]))
        && bytes.get(range.end).is_none_or(|&b| !is_word_byte(b))
}

/// The first byte that is not whitespace (line breaks included).
fn next_non_space(bytes: &[u8]) -> Option<u8> {
    bytes.iter().copied().find(|b| !b.is_ascii_whitespace())
}

/// Whether one of the automaton's names stands as a whole word followed by a call: `(`, a
/// TypeScript type argument list `<`, or optional chaining `?.(`, after optional whitespace.
fn has_call(names: &AhoCorasick, text: &str) -> bool {
    find_words(names, text).any(|end| {
        matches!(
            next_non_space(&text.as_bytes()[end..]),
            Some(b'(' | b'<' | b'?')
        )
    })
}

/// Whether a Python server name stands where it is called or passed on: followed (on its line)
/// by `(`, `)`, `,`, `;`, `]`, `}`, `as`, a comment or the end of the line. That covers
/// `app.run(`, `from waitress import serve as start`, `start = waitress.serve` and
/// `partial(app.run, port=1)`, and leaves out prose (`we run the tests`), attribute chains
/// and assignments to the name.
fn has_python_reference(text: &str) -> bool {
    find_words(python_calls(), text).any(|end| {
        let rest = &text.as_bytes()[end..];
        let next_at = rest.iter().position(|&b| b != b' ' && b != b'\t');
        match next_at.map(|i| (i, rest[i])) {
            None => true,
            Some((_, b'(' | b')' | b',' | b';' | b']' | b'}' | b'#' | b'\n' | b'\r' | b'\\')) => {
                true
            }
            Some((i, b'a')) => {
                i > 0
                    && rest[i..].starts_with(b"as")
                    && rest.get(i + 2).is_some_and(|&b| !is_word_byte(b))
            }
            _ => false,
        }
    })
}

/// Whether `host=` or `port=` is passed somewhere (not `host ==`): explicit values on an
/// object nothing identifies are judged.
fn has_address_keyword(text: &str) -> bool {
    ["host", "port"].iter().any(|name| {
        text.match_indices(name).any(|(at, _)| {
            let bytes = text.as_bytes();
            let rest = &bytes[at + name.len()..];
            let equals = rest.iter().position(|&b| b != b' ').map(|i| &rest[i..]);
            is_whole_word(bytes, at..at + name.len())
                && equals.is_some_and(|e| e.starts_with(b"=") && !e.starts_with(b"=="))
        })
    })
}

/// Whether a method that starts a server on an app (`run`, `listen`, `launch`...) is called on
/// something another module may have made: a name imported with `from ... import`, a name
/// assigned from a call of such a name (`app = create_app()`), or a member of an imported
/// module (`myapp.app.run(`). Without one of them, the receiver is the file's own (judged through
/// the catalogue modules it names) or unknown.
fn calls_an_imported_app(text: &str) -> bool {
    let (from_names, modules) = python_imports(text);
    if from_names.is_empty() && modules.is_empty() {
        return false;
    }
    let made_by_imported_call = |name: &str| {
        text.lines().any(|line| {
            let Some(value) = line.trim_start().strip_prefix(name).and_then(|rest| {
                let rest = rest.trim_start().strip_prefix('=')?;
                (!rest.starts_with('=')).then_some(rest.trim_start())
            }) else {
                return false;
            };
            let value = value.strip_prefix("await ").unwrap_or(value);
            let callee: String = value
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            value[callee.len()..].trim_start().starts_with('(')
                && from_names.iter().any(|n| *n == callee)
        })
    };
    let bytes = text.as_bytes();
    let methods = python_app_methods()
        .find_iter(text)
        .filter(|m| is_whole_word(bytes, m.range()));
    methods.into_iter().any(|method| {
        let called = matches!(next_non_space(&bytes[method.end()..]), Some(b'('));
        let Some(receiver) = method
            .start()
            .checked_sub(1)
            .filter(|&dot| bytes[dot] == b'.')
        else {
            return false;
        };
        let chain_start = text[..receiver]
            .rfind(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
            .map_or(0, |i| i + 1);
        let chain = &text[chain_start..receiver];
        let mut parts = chain.split('.');
        let first = parts.next().unwrap_or("");
        let dotted = parts.next().is_some();
        called
            && if dotted {
                modules.contains(&first)
            } else {
                from_names.contains(&first) || made_by_imported_call(first)
            }
    })
}

/// The names a Python file binds by `from ... import a, b as c` (`a`, `c`) and by
/// `import x.y` / `import x as z` (`x`, `z`), read line by line (parenthesized lists included).
fn python_imports(text: &str) -> (Vec<&str>, Vec<&str>) {
    let mut from_names = Vec::new();
    let mut modules = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let line = line.trim_start();
        if let Some(rest) = line.strip_prefix("from ") {
            let Some((_, names)) = rest.split_once(" import ") else {
                continue;
            };
            let mut names = names.to_string();
            if names.trim_start().starts_with('(') {
                while !names.contains(')') {
                    match lines.next() {
                        Some(more) => {
                            names.push(',');
                            names.push_str(more);
                        }
                        None => break,
                    }
                }
            }
            for name in names.split(',') {
                let name = name.split('#').next().unwrap_or("");
                let name = name.trim_matches(|c: char| c.is_whitespace() || c == '(' || c == ')');
                let local = name.rsplit(" as ").next().unwrap_or(name).trim();
                if let Some(found) = find_name(text, local) {
                    from_names.push(found);
                }
            }
        } else if let Some(rest) = line.strip_prefix("import ") {
            for name in rest.split(',') {
                let name = name.split('#').next().unwrap_or("").trim();
                let local = match name.split_once(" as ") {
                    Some((_, alias)) => alias.trim(),
                    None => name.split('.').next().unwrap_or(name),
                };
                if let Some(found) = find_name(text, local) {
                    modules.push(found);
                }
            }
        }
    }
    (from_names, modules)
}

/// `name` as a slice of `text` (so the import lists borrow the text), if it is an identifier.
fn find_name<'t>(text: &'t str, name: &str) -> Option<&'t str> {
    let is_identifier = !name.is_empty()
        && name.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit());
    if !is_identifier {
        return None;
    }
    let at = text.find(name)?;
    Some(&text[at..at + name.len()])
}

/// The methods that start a server on an app object: the method names of the catalogue's
/// Python rows for a type (`flask.Flask.run` gives `run`), and those judged on any object.
fn python_app_methods() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let typed = python_server_apis()
            .flat_map(|api| api.qualified_names.iter())
            .filter_map(|name| name.rsplit_once('.'))
            .filter(|(owner, _)| {
                catalog::python::PYTHON_TYPES
                    .iter()
                    .any(|(_, canonical)| canonical == owner)
            })
            .map(|(_, method)| method);
        automaton(
            typed
                .chain(catalog::python::UNKNOWN_SERVER_METHODS.iter().copied())
                .collect(),
        )
    })
}

/// The end offsets of the automaton's names where they stand as whole words.
fn find_words<'a>(names: &'a AhoCorasick, text: &'a str) -> impl Iterator<Item = usize> + 'a {
    let bytes = text.as_bytes();
    names
        .find_iter(text)
        .filter(move |m| is_whole_word(bytes, m.range()))
        .map(|m| m.end())
}

/// Whether `path` is a TypeScript declaration file (`.d.ts`, `.d.mts`, `.d.cts`): types
/// only, no code that runs, so nothing there can start a server or read the environment.
pub fn is_type_declarations(path: &std::path::Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| {
            [".d.ts", ".d.mts", ".d.cts"]
                .iter()
                .any(|ext| name.ends_with(ext))
        })
}

/// Whether `word` stands in the text as a whole word.
fn has_word(text: &str, word: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, word)
        .any(|start| is_whole_word(bytes, start..start + word.len()))
}

/// Whether `fetch` stands as an object member: `fetch(req) {`, `fetch: handler`, `{ fetch }`.
fn has_fetch_member(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memmem::find_iter(bytes, "fetch").any(|start| {
        let end = start + "fetch".len();
        is_whole_word(bytes, start..end)
            && matches!(
                next_non_space(&bytes[end..]),
                Some(b'(' | b':' | b',' | b'}' | b'<')
            )
    })
}

/// Whether the text holds `export default {`, the only default export Bun serves.
fn has_default_export_object(text: &str) -> bool {
    memchr::memmem::find_iter(text.as_bytes(), "export default").any(|start| {
        next_non_space(&text.as_bytes()[start + "export default".len()..]) == Some(b'{')
    })
}

/// Whether `port` stands as a word in another case than `PORT` (`os.environ.get("port")`,
/// `process.env.port`, `{ port } = process.env`).
fn has_miscased_port(text: &str) -> bool {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    let automaton = AUTOMATON.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(["port"])
            .expect("prefilter tokens compile")
    });
    let bytes = text.as_bytes();
    automaton
        .find_iter(text)
        .any(|m| &bytes[m.range()] != b"PORT" && is_whole_word(bytes, m.range()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_needs_a_server_module_or_a_miscased_port() {
        assert!(may_have_findings(
            FileKind::Python,
            "import uvicorn\nuvicorn.run(app)\n"
        ));
        assert!(may_have_findings(
            FileKind::Python,
            "from aiohttp import web\nweb.run_app(app)\n"
        ));
        assert!(!may_have_findings(FileKind::Python, "import uvicorn\n"));
        assert!(may_have_findings(
            FileKind::Python,
            "x = os.environ.get('port')\n"
        ));
        assert!(!may_have_findings(
            FileKind::Python,
            "import os\nPORT = os.environ['PORT']\nfrom .utils import reimport\n"
        ));
        assert!(!may_have_findings(
            FileKind::Python,
            "def add(a, b):\n    return a + b\n"
        ));
    }

    #[test]
    fn python_apps_from_other_modules_pass() {
        let passes = |text: &str| may_have_findings(FileKind::Python, text);
        // The app, its factory, or a module's member, imported from the project.
        assert!(passes(
            "from myapp import app
app.run()
"
        ));
        assert!(passes(
            "from app import (
    create_app,
)
app = create_app()
app.run()
"
        ));
        assert!(passes(
            "import myapp
myapp.app.run(debug=True)
"
        ));
        assert!(passes(
            "from .factory import make
server = await make()
server.listen(8000)
"
        ));
        // Explicit values on an object nothing identifies.
        assert!(passes(
            "server.run(host='localhost', port=8080)
"
        ));
        // A module's function, a local runner, a comparison: not an app another module makes.
        assert!(!passes(
            "import subprocess
subprocess.run(['ls'])
"
        ));
        assert!(!passes(
            "import unittest
runner = unittest.TextTestRunner()
runner.run(suite)
"
        ));
        assert!(!passes(
            "from x import y
if host == 1:
    y()
runner.run()
"
        ));
    }

    #[test]
    fn javascript_needs_a_server_call_or_a_miscased_port() {
        assert!(may_have_findings(FileKind::JavaScript, "app.listen(3000)"));
        assert!(may_have_findings(
            FileKind::TypeScript,
            "Bun.serve({ fetch })"
        ));
        assert!(may_have_findings(
            FileKind::Tsx,
            "const { port } = process.env"
        ));
        assert!(!may_have_findings(
            FileKind::JavaScript,
            "import x from 'y'; export const PORT = process.env.PORT;"
        ));
    }

    #[test]
    fn a_name_is_only_a_candidate_when_called() {
        assert!(may_have_findings(
            FileKind::Python,
            "import flask\napp.run (port=1)"
        ));
        assert!(!may_have_findings(
            FileKind::Python,
            "import socket\nrunner(1)\nrerun()"
        ));
        assert!(may_have_findings(
            FileKind::TypeScript,
            "serve<Env>({ port: 1 })"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "app.listen\n  (3000)"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "app?.listen?.(3000)"
        ));
        assert!(!may_have_findings(
            FileKind::JavaScript,
            "const listener = server; relisten(1); let listen = 1; server.close()"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "require('socket.io')(3000)"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "import { serve as start } from '@hono/node-server'; start({ fetch, port: 1 })"
        ));
        assert!(may_have_findings(
            FileKind::Python,
            "from waitress import serve as start\nstart(app, port=1)\n"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "const { serve: start } = require('@hono/node-server')"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "const start = Bun.serve;"
        ));
        assert!(may_have_findings(
            FileKind::Python,
            "import waitress\nstart = waitress.serve\n"
        ));
        assert!(may_have_findings(
            FileKind::TypeScript,
            "export default {\n  port: 3000,\n  fetch(req) { return new Response() },\n}"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "export default { fetch }"
        ));
        assert!(!may_have_findings(
            FileKind::JavaScript,
            "// we fetch the data\nconst m = 'export default {0}';"
        ));
    }

    #[test]
    fn a_miscased_port_needs_an_environment_read() {
        assert!(!may_have_findings(
            FileKind::JavaScript,
            "const { port } = url;"
        ));
        assert!(may_have_findings(
            FileKind::JavaScript,
            "const { port } = process.env;"
        ));
        assert!(!may_have_findings(FileKind::Python, "port = url.port\n"));
        assert!(may_have_findings(
            FileKind::Python,
            "from os import getenv\ngetenv('Port')\n"
        ));
    }

    #[test]
    fn minified_code_is_mostly_long_lines() {
        let bundle = "var a=1;".repeat(10_000);
        assert!(is_minified(&bundle));
        let readable = "const a = 1;\n".repeat(10_000);
        assert!(!is_minified(&readable));
        let small = "x".repeat(20_000);
        assert!(!is_minified(&small));
        let one_data_url = format!("{}{}", "const a = 1;\n".repeat(5_000), "x".repeat(5_000));
        assert!(!is_minified(&one_data_url));
    }

    #[test]
    fn command_files_are_always_parsed() {
        assert!(may_have_findings(FileKind::Procfile, ""));
        assert!(may_have_findings(FileKind::Dockerfile, ""));
    }
}
