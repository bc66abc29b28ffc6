//! A byte-level prefilter: decides, without parsing, that a file cannot contain a finding.
//!
//! Parsing is the expensive step, and most files in a repository start no server. The tokens
//! come from the catalogue, so adding an API keeps the prefilter sound:
//!
//! - Python: a server start only resolves through an import of a catalogue module (`flask`,
//!   `uvicorn`, `socket`...), so the file must name one;
//! - JavaScript/TypeScript: every server start calls `listen`, `serve`, `server`/`Server` or a
//!   `socket.io` factory, or is a default export with `fetch` (Bun);
//! - both: BL203 needs the word `port` in another case than `PORT`.
//!
//! Start-command files (Procfile, package.json, Dockerfile, gunicorn.conf.py) are small and
//! always parsed. `--no-prefilter` turns the prefilter off; the tests check that the findings
//! are the same either way.

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

use crate::catalog;
use crate::lang::FileKind;

/// Whether the file may contain a finding and must be parsed.
pub fn may_have_findings(kind: FileKind, text: &str) -> bool {
    match kind {
        FileKind::Python => python().is_match(text) || has_miscased_port(text),
        FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx => {
            javascript().is_match(text) || has_miscased_port(text)
        }
        FileKind::GunicornConfig
        | FileKind::Procfile
        | FileKind::PackageJson
        | FileKind::Dockerfile
        | FileKind::WrapperScript => true,
    }
}

/// The module a qualified name starts with (`flask.Flask.run` → `flask`).
fn module_of(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

fn python() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        let mut tokens: Vec<&str> = catalog::PYTHON_APIS
            .iter()
            .chain([&catalog::HYPERCORN_SERVE])
            .flat_map(|api| api.qualified_names.iter().map(|n| module_of(n)))
            .chain(
                catalog::PYTHON_TYPES
                    .iter()
                    .map(|(name, _)| module_of(name)),
            )
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        AhoCorasick::new(tokens).expect("prefilter tokens compile")
    })
}

fn javascript() -> &'static AhoCorasick {
    static AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    AUTOMATON.get_or_init(|| {
        // Every JS row's last name (`listen`, `serve`, `server`, `Server`) and the factories
        // called through `require` (`socket.io`), plus Bun's default export.
        let mut tokens: Vec<&str> = catalog::JS_APIS
            .iter()
            .flat_map(|api| api.qualified_names.iter())
            .map(|name| name.rsplit('.').next().unwrap_or(name))
            .chain(["listen", "socket.io", "fetch"])
            // `socket.io` yields `io`, which matches nearly any text; the full name above covers it.
            .filter(|token| token.len() >= 4)
            .collect();
        tokens.sort_unstable();
        tokens.dedup();
        AhoCorasick::new(tokens).expect("prefilter tokens compile")
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
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'$';
    automaton.find_iter(text).any(|m| {
        let before = m.start().checked_sub(1).map(|i| bytes[i]);
        let after = bytes.get(m.end()).copied();
        &bytes[m.range()] != b"PORT" && !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_needs_a_server_module_or_a_miscased_port() {
        assert!(may_have_findings(FileKind::Python, "import uvicorn\n"));
        assert!(may_have_findings(
            FileKind::Python,
            "from aiohttp import web\n"
        ));
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
    fn command_files_are_always_parsed() {
        assert!(may_have_findings(FileKind::Procfile, ""));
        assert!(may_have_findings(FileKind::Dockerfile, ""));
    }
}
