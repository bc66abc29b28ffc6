//! Languages and file kinds: which files bindlint reads, and for each language its grammar and
//! compiled queries. Grammars and queries are set up on first use, so a run over one Python file
//! never compiles the JavaScript queries.

pub mod deployed;
pub mod dockerfile;
pub mod invocation;
pub mod javascript;
pub mod json;
pub mod manifest;
pub mod package_json;
pub mod procfile;
pub mod python;
pub mod shell;
pub mod spanned;

use std::path::Path;

pub use deployed::{Deployed, ForeignVar};
pub use manifest::ManifestKind;

use crate::resolve::imports::Imports;
use crate::tree::{first_error, parse, Grammar};

/// The kind of a file, decided by its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Python,
    /// `gunicorn.conf.py`: Python, plus gunicorn's `bind` setting (BL301/BL302).
    GunicornConfig,
    /// `.js .mjs .cjs .jsx`
    JavaScript,
    /// `.ts .mts .cts`
    TypeScript,
    /// `.tsx`
    Tsx,
    /// `Procfile`
    Procfile,
    /// `package.json`
    PackageJson,
    /// `Dockerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile`
    Dockerfile,
    /// A shell script a start command runs. Never found by walking, only through a command.
    WrapperScript,
    /// A platform manifest (`fly.toml`, a compose file...) or any other YAML file, which is a
    /// Kubernetes or Knative manifest when its content says so.
    Manifest(ManifestKind),
}

impl FileKind {
    /// The kind of file at `path`, or `None` for a file bindlint does not read.
    pub fn of(path: &Path) -> Option<FileKind> {
        let name = path.file_name()?.to_str()?;
        let in_do = path
            .parent()
            .and_then(|dir| dir.file_name())
            .is_some_and(|dir| dir == ".do");
        match name {
            "gunicorn.conf.py" => return Some(FileKind::GunicornConfig),
            "Procfile" | "Procfile.dev" | "Procfile.windows" | "Procfile.local" => {
                return Some(FileKind::Procfile)
            }
            "fly.toml" => return Some(FileKind::Manifest(ManifestKind::Fly)),
            "render.yaml" | "render.yml" => return Some(FileKind::Manifest(ManifestKind::Render)),
            "app.yaml" | "app.yml" | "deploy.template.yaml" if in_do => {
                return Some(FileKind::Manifest(ManifestKind::DigitalOcean))
            }
            "app.yaml" | "app.yml" => return Some(FileKind::Manifest(ManifestKind::AppEngine)),
            "railway.json" | "railway.toml" => {
                return Some(FileKind::Manifest(ManifestKind::Railway))
            }
            "nixpacks.toml" | "nixpacks.json" => {
                return Some(FileKind::Manifest(ManifestKind::Nixpacks))
            }
            "heroku.yml" | "heroku.yaml" => {
                return Some(FileKind::Manifest(ManifestKind::HerokuYml))
            }
            _ if is_compose_file(name) => return Some(FileKind::Manifest(ManifestKind::Compose)),
            "package.json" => return Some(FileKind::PackageJson),
            "Dockerfile" | "Containerfile" => return Some(FileKind::Dockerfile),
            _ if name.starts_with("Dockerfile.")
                || name.ends_with(".Dockerfile")
                || name.ends_with(".dockerfile") =>
            {
                return Some(FileKind::Dockerfile)
            }
            _ => {}
        }
        let extension = name.rsplit_once('.').map(|(_, ext)| ext)?;
        match extension {
            "py" | "pyi" => Some(FileKind::Python),
            "js" | "mjs" | "cjs" | "jsx" => Some(FileKind::JavaScript),
            "ts" | "mts" | "cts" => Some(FileKind::TypeScript),
            "tsx" => Some(FileKind::Tsx),
            "yaml" | "yml" => Some(FileKind::Manifest(ManifestKind::Yaml)),
            _ => None,
        }
    }

    /// JavaScript in any dialect (the kinds minified bundles come in).
    pub fn is_javascript(self) -> bool {
        matches!(
            self,
            FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx
        )
    }
}

/// A parsed file's facts, and where its first syntax error is (byte offset), if any.
pub struct Extracted {
    pub facts: crate::facts::FileFacts,
    pub syntax_error: Option<usize>,
    /// A data file (a manifest) that does not parse is not read at all: why, for the warning.
    pub unreadable: Option<String>,
    pub syntax: crate::facts::Syntax,
}

/// Parses `text` as a file of `kind` and extracts its facts, as the file runs under `deployed`
/// (start-command files; `None`: every part of the file, judged on its own). `None` when the
/// parser gives up.
pub fn extract(
    kind: FileKind,
    text: &str,
    imports: Option<&Imports<'_>>,
    deployed: Option<&Deployed>,
) -> Option<Extracted> {
    use crate::facts::Syntax;
    match kind {
        FileKind::Python | FileKind::GunicornConfig => {
            let tree = parse(Grammar::Python, text)?;
            Some(Extracted {
                syntax_error: first_error(&tree),
                facts: python::extract(text, &tree, kind == FileKind::GunicornConfig, imports),
                unreadable: None,
                syntax: Syntax::Python,
            })
        }
        FileKind::JavaScript | FileKind::TypeScript | FileKind::Tsx => {
            let dialect = match kind {
                FileKind::TypeScript => javascript::Dialect::TypeScript,
                FileKind::Tsx => javascript::Dialect::Tsx,
                _ => javascript::Dialect::JavaScript,
            };
            let tree = parse(dialect.grammar(), text)?;
            Some(Extracted {
                syntax_error: first_error(&tree),
                facts: javascript::extract(dialect, text, &tree, imports),
                unreadable: None,
                syntax: Syntax::JavaScript,
            })
        }
        FileKind::Procfile => Some(Extracted {
            facts: procfile::extract(text, deployed),
            syntax_error: None,
            unreadable: None,
            syntax: Syntax::Shell,
        }),
        FileKind::WrapperScript => Some(Extracted {
            facts: invocation::extract_script(text, deployed),
            syntax_error: None,
            unreadable: None,
            syntax: Syntax::Shell,
        }),
        FileKind::Dockerfile => {
            let (facts, syntax_error) = dockerfile::extract(text, deployed);
            Some(Extracted {
                facts,
                syntax_error,
                unreadable: None,
                syntax: Syntax::Shell,
            })
        }
        FileKind::Manifest(manifest_kind) => {
            let (facts, error) = manifest::extract(manifest_kind, text, deployed);
            Some(Extracted {
                facts,
                syntax_error: error.as_ref().map(|e| e.offset),
                unreadable: error.map(|e| e.message),
                syntax: Syntax::Shell,
            })
        }
        FileKind::PackageJson => {
            let tree = parse(Grammar::Json, text)?;
            Some(Extracted {
                syntax_error: first_error(&tree),
                facts: package_json::extract(text, &tree, deployed),
                unreadable: None,
                syntax: Syntax::Shell,
            })
        }
    }
}

/// How many syntax errors a file has, as its parser sees them: `--fix` keeps a fix only if the
/// count does not grow. `None` when the parser gave up.
pub fn syntax_error_count(kind: FileKind, text: &str) -> Option<usize> {
    let grammar = match kind {
        FileKind::Python | FileKind::GunicornConfig => Grammar::Python,
        FileKind::JavaScript => Grammar::JavaScript,
        FileKind::TypeScript => Grammar::TypeScript,
        FileKind::Tsx => Grammar::Tsx,
        FileKind::PackageJson => Grammar::Json,
        FileKind::Dockerfile => {
            return Some(usize::from(dockerfile::extract(text, None).1.is_some()))
        }
        FileKind::Procfile | FileKind::WrapperScript => return Some(0),
        FileKind::Manifest(manifest_kind) => {
            return Some(usize::from(
                manifest::extract(manifest_kind, text, None).1.is_some(),
            ));
        }
    };
    Some(crate::tree::error_count(&parse(grammar, text)?))
}

/// Whether a file name is a Docker Compose file: `docker-compose.yml`, `compose.yaml`, and
/// their variants (`docker-compose.prod.yml`, `compose.override.yaml`).
fn is_compose_file(name: &str) -> bool {
    let stem = name
        .strip_suffix(".yml")
        .or_else(|| name.strip_suffix(".yaml"));
    stem.is_some_and(|stem| {
        ["docker-compose", "compose"]
            .iter()
            .any(|base| stem == *base || stem.starts_with(&format!("{base}.")))
    })
}

/// Valid code the grammar cannot read, at a syntax error's `offset`: what it is, so the warning
/// does not call the user's code wrong. tree-sitter-typescript 0.23 has no `in`/`out` variance
/// annotations on type parameters (`interface State<in out T>`, TypeScript 4.7).
pub fn grammar_gap(kind: FileKind, text: &str, offset: usize) -> Option<&'static str> {
    if !matches!(kind, FileKind::TypeScript | FileKind::Tsx) {
        return None;
    }
    let line_start = text.get(..offset)?.rfind('\n').map_or(0, |i| i + 1);
    let mut before = text[line_start..offset].trim_end();
    let mut modifiers = 0;
    // The error stands on the parameter after its modifiers (`<in T`), or on `out` in `<in out T`.
    let after = text[offset..].trim_start();
    if after.starts_with("out ") || after.starts_with("in ") {
        modifiers += 1;
    }
    while let Some(rest) = before
        .strip_suffix("out")
        .or_else(|| before.strip_suffix("in"))
        .filter(|rest| rest.ends_with(|c: char| c.is_whitespace() || c == '<' || c == ','))
    {
        modifiers += 1;
        before = rest.trim_end();
    }
    (modifiers > 0 && (before.ends_with('<') || before.ends_with(','))).then_some(
        "`in`/`out` variance annotations on a type parameter (TypeScript 4.7), which the \
         TypeScript grammar bindlint uses cannot read yet: that part is not linted, the rest is",
    )
}

/// Whether a file is for local development only, and so not judged unless asked
/// (`include-dev-files`): `Procfile.dev` and `Procfile.windows` (used only by `heroku local`), compose
/// override and development files.
pub fn is_dev_file(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    if matches!(name, "Procfile.dev" | "Procfile.windows" | "Procfile.local") {
        return true;
    }
    is_compose_file(name)
        && [".override.", ".dev.", ".development.", ".local."]
            .iter()
            .any(|variant| name.contains(variant))
}

/// Whether `path` follows a test-file convention (the README's "What gets linted"): such files are not deployed and are
/// skipped unless tests are included.
pub fn is_test_path(path: &Path) -> bool {
    let in_test_dir = path.parent().is_some_and(|dir| {
        dir.components()
            .any(|c| matches!(c.as_os_str().to_str(), Some("tests" | "test" | "__tests__")))
    });
    if in_test_dir {
        return true;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name);
    name.starts_with("test_") && name.ends_with(".py")
        || stem.ends_with("_test") && name.ends_with(".py")
        || name == "conftest.py"
        || stem == "test"
        || stem == "tests"
        || name.contains(".test.")
        || name.contains(".spec.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variance_annotations_are_a_grammar_gap_not_a_syntax_error() {
        let gap = |text: &str, at: usize| grammar_gap(FileKind::TypeScript, text, at).is_some();
        assert!(gap("interface S<in T> {}", 15));
        assert!(gap("class Box<out T> {}", 14));
        assert!(gap("interface State<in out T> {}", 19));
        assert!(gap("type F<A, out B> = () => B;", 14));
        assert!(!gap("const x = (a in b) < c;", 16));
        assert!(!gap("let x = 1 +;", 11));
        assert!(grammar_gap(FileKind::Python, "class Box<out T> {}", 14).is_none());
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(FileKind::of(Path::new("a/app.py")), Some(FileKind::Python));
        assert_eq!(FileKind::of(Path::new("stubs.pyi")), Some(FileKind::Python));
        assert_eq!(
            FileKind::of(Path::new("gunicorn.conf.py")),
            Some(FileKind::GunicornConfig)
        );
        assert_eq!(
            FileKind::of(Path::new("server.mjs")),
            Some(FileKind::JavaScript)
        );
        assert_eq!(
            FileKind::of(Path::new("App.jsx")),
            Some(FileKind::JavaScript)
        );
        assert_eq!(
            FileKind::of(Path::new("main.cts")),
            Some(FileKind::TypeScript)
        );
        assert_eq!(FileKind::of(Path::new("page.tsx")), Some(FileKind::Tsx));
        assert_eq!(
            FileKind::of(Path::new("app/Procfile")),
            Some(FileKind::Procfile)
        );
        assert_eq!(
            FileKind::of(Path::new("Procfile.dev")),
            Some(FileKind::Procfile)
        );
        assert!(is_dev_file(Path::new("Procfile.dev")));
        assert!(!is_dev_file(Path::new("Procfile")));
        for (name, kind) in [
            ("fly.toml", FileKind::Manifest(ManifestKind::Fly)),
            ("render.yaml", FileKind::Manifest(ManifestKind::Render)),
            ("app.yaml", FileKind::Manifest(ManifestKind::AppEngine)),
            (
                ".do/app.yaml",
                FileKind::Manifest(ManifestKind::DigitalOcean),
            ),
            ("railway.toml", FileKind::Manifest(ManifestKind::Railway)),
            ("nixpacks.toml", FileKind::Manifest(ManifestKind::Nixpacks)),
            ("heroku.yml", FileKind::Manifest(ManifestKind::HerokuYml)),
            (
                "docker-compose.yml",
                FileKind::Manifest(ManifestKind::Compose),
            ),
            (
                "compose.prod.yaml",
                FileKind::Manifest(ManifestKind::Compose),
            ),
            (
                "k8s/deployment.yaml",
                FileKind::Manifest(ManifestKind::Yaml),
            ),
        ] {
            assert_eq!(FileKind::of(Path::new(name)), Some(kind), "{name}");
        }
        assert!(is_dev_file(Path::new("docker-compose.override.yml")));
        assert!(is_dev_file(Path::new("compose.dev.yaml")));
        assert!(!is_dev_file(Path::new("docker-compose.prod.yml")));
        assert_eq!(
            FileKind::of(Path::new("package.json")),
            Some(FileKind::PackageJson)
        );
        assert_eq!(
            FileKind::of(Path::new("Dockerfile")),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::of(Path::new("Dockerfile.prod")),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(
            FileKind::of(Path::new("web.Dockerfile")),
            Some(FileKind::Dockerfile)
        );
        assert_eq!(FileKind::of(Path::new("README.md")), None);
        assert_eq!(FileKind::of(Path::new("Makefile")), None);
    }

    #[test]
    fn test_conventions() {
        for path in [
            "tests/app.py",
            "pkg/test/server.py",
            "web/__tests__/server.js",
            "test_app.py",
            "pkg/server_test.py",
            "conftest.py",
            "test.py",
            "tests.py",
            "server.test.js",
            "server.spec.ts",
        ] {
            assert!(is_test_path(Path::new(path)), "{path}");
        }
        for path in [
            "app.py",
            "contest.py",
            "attest_app.py",
            "latest/app.py",
            "testing.py",
        ] {
            assert!(!is_test_path(Path::new(path)), "{path}");
        }
    }
}
