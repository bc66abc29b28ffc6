//! The project around a linted file: its root, the modules its imports name, and a cache of the
//! modules read. The resolvers ask it when a name comes from another file of the project
//! (`from config import PORT`, `require('./app')`); it finds the file the way Python or Node
//! would, reads and parses it once per run for every thread, and never reads outside the root,
//! into dependencies (`node_modules`, virtualenvs, `site-packages`) or past a symbolic link that
//! leads out. Nothing is ever executed.
//!
//! What is *in* a module (a constant's value, a factory's return) is the resolvers' business:
//! this module hands them parsed text, and stays below them on the ladder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tree_sitter::Tree;

use crate::files::clean;
use crate::source::OtherFile;
use crate::tree::{parse, Grammar};

/// Files whose presence marks a project's root (docs/following.md).
pub const ROOT_MARKERS: &[&str] = &[
    ".git",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "package.json",
];

/// Directories imports are never followed into: dependencies and environments, not the
/// project's own code.
pub const NEVER_FOLLOWED: &[&str] = &[
    "node_modules",
    ".venv",
    "venv",
    "site-packages",
    "dist-packages",
    "__pypackages__",
    ".tox",
    ".git",
];

/// The largest module read to follow an import. A settings or app module is small; a module
/// this large is generated or vendored, and reading it would stall a pre-commit run.
pub const MAX_MODULE_SIZE: u64 = 1024 * 1024;

/// A module of the project, read and parsed.
#[derive(Debug)]
pub struct Module {
    /// Where it is, absolute.
    pub path: PathBuf,
    /// Its text and the path findings show for it.
    pub file: Arc<OtherFile>,
    pub tree: Tree,
    pub grammar: Grammar,
}

/// What a relative JavaScript import names.
#[derive(Debug, Clone)]
pub enum JsModule {
    /// A file of the project.
    File(Arc<Module>),
    /// The main file of a package whose `package.json` `name` is a known framework: a
    /// framework's own examples import it as `require('../fastify')`.
    Package(String),
}

/// The projects of one run: roots found once per directory, modules parsed once per path, shared
/// by every thread. Cloning shares the cache.
#[derive(Debug, Clone)]
pub struct Projects {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    cwd: PathBuf,
    /// Directories named on the command line: the root of a file with no marker above it is
    /// the deepest of them that holds it.
    fallback_roots: Vec<PathBuf>,
    roots: Mutex<HashMap<PathBuf, PathBuf>>,
    modules: Mutex<HashMap<PathBuf, ModuleSlot>>,
}

/// A module's place in the cache: filled once, by the first thread that reads it (`None` when
/// it cannot be read); the others wait for it.
type ModuleSlot = Arc<OnceLock<Option<Arc<Module>>>>;

impl Default for Projects {
    fn default() -> Self {
        Projects::new(&[])
    }
}

impl Projects {
    /// The projects of a run over `paths` (as given on the command line).
    pub fn new(paths: &[PathBuf]) -> Projects {
        let cwd = std::env::current_dir().unwrap_or_default();
        let fallback_roots = paths
            .iter()
            .map(|path| clean(&cwd.join(path)))
            .filter(|path| path.is_dir())
            .collect();
        Projects {
            inner: Arc::new(Inner {
                cwd,
                fallback_roots,
                roots: Mutex::new(HashMap::new()),
                modules: Mutex::new(HashMap::new()),
            }),
        }
    }

    /// `path` made absolute against the working directory, `.` and `..` removed lexically.
    pub fn absolute(&self, path: &Path) -> PathBuf {
        clean(&self.inner.cwd.join(path))
    }

    /// How an absolute path is shown: relative to the working directory when inside it.
    pub fn display(&self, path: &Path) -> String {
        match path.strip_prefix(&self.inner.cwd) {
            Ok(relative) => relative.to_string_lossy().into_owned(),
            Err(_) => path.to_string_lossy().into_owned(),
        }
    }

    /// The root of the project `file` belongs to: the nearest directory above it holding one
    /// of [`ROOT_MARKERS`]; else the deepest directory named on the command line that holds it;
    /// else the file's own directory. `file` is absolute.
    pub fn root_of(&self, file: &Path) -> PathBuf {
        let dir = file.parent().unwrap_or(file).to_path_buf();
        if let Some(root) = lock(&self.inner.roots).get(&dir) {
            return root.clone();
        }
        let marked = dir
            .ancestors()
            .find(|ancestor| ROOT_MARKERS.iter().any(|m| ancestor.join(m).exists()));
        let root = match marked {
            Some(root) => root.to_path_buf(),
            None => self
                .inner
                .fallback_roots
                .iter()
                .filter(|candidate| dir.starts_with(candidate))
                .max_by_key(|candidate| candidate.components().count())
                .cloned()
                .unwrap_or_else(|| dir.clone()),
        };
        lock(&self.inner.roots).insert(dir, root.clone());
        root
    }

    /// The repository `file` (absolute) belongs to, which its deployments may span: the nearest
    /// directory above it holding `.git`; else the outermost of its project's root and the
    /// directories named on the command line that hold it. Deployments are read only inside it.
    pub fn repository_of(&self, file: &Path) -> PathBuf {
        let dir = file.parent().unwrap_or(file);
        if let Some(git) = dir
            .ancestors()
            .find(|ancestor| ancestor.join(".git").exists())
        {
            return git.to_path_buf();
        }
        let project = self.root_of(file);
        self.inner
            .fallback_roots
            .iter()
            .filter(|candidate| dir.starts_with(candidate))
            .chain([&project])
            .min_by_key(|candidate| candidate.components().count())
            .cloned()
            .unwrap_or(project)
    }

    /// The Python module `module` (dotted, `""` for the package itself) imported from `from`
    /// with `level` leading dots: a relative import from `from`'s package, or an absolute one
    /// looked up the way `sys.path` would for the project (the importing file's directory, the
    /// root, a `src/` layout). A package is its `__init__.py`.
    pub fn python_module(
        &self,
        root: &Path,
        from: &Path,
        module: &str,
        level: usize,
    ) -> Option<Arc<Module>> {
        let here = from.parent()?;
        let bases: Vec<PathBuf> = if level > 0 {
            let mut base = here.to_path_buf();
            for _ in 1..level {
                base = base.parent()?.to_path_buf();
            }
            vec![base]
        } else {
            let mut bases = vec![here.to_path_buf(), root.to_path_buf(), root.join("src")];
            bases.dedup();
            bases
        };
        let relative: PathBuf = module.split('.').filter(|s| !s.is_empty()).collect();
        bases.iter().find_map(|base| {
            let target = base.join(&relative);
            let file = target.with_extension("py");
            let candidates = if relative.as_os_str().is_empty() {
                vec![target.join("__init__.py")]
            } else {
                vec![file, target.join("__init__.py")]
            };
            candidates
                .into_iter()
                .find_map(|candidate| self.load(root, &candidate, Grammar::Python))
        })
    }

    /// The module a relative JavaScript or TypeScript specifier (`./app`, `../lib/config.js`)
    /// names from `from`, as Node and TypeScript find it: the file itself, the file with an
    /// extension, a `.ts` source for a `.js` specifier, a directory's `package.json` `main` or
    /// its `index` file. Bare specifiers (`express`) are packages in `node_modules`: `None`.
    pub fn js_module(&self, root: &Path, from: &Path, specifier: &str) -> Option<JsModule> {
        if !(specifier.starts_with("./")
            || specifier.starts_with("../")
            || specifier == "."
            || specifier == "..")
        {
            return None;
        }
        let target = clean(&from.parent()?.join(specifier));
        let file = self.js_file(root, &target, 0)?;
        match framework_package(root, &target, &file.path) {
            Some(name) => Some(JsModule::Package(name)),
            None => Some(JsModule::File(file)),
        }
    }

    fn js_file(&self, root: &Path, target: &Path, depth: usize) -> Option<Arc<Module>> {
        const EXTENSIONS: &[&str] = &["ts", "tsx", "js", "jsx", "mjs", "cjs", "mts", "cts"];
        let mut candidates = vec![target.to_path_buf()];
        // TypeScript's ESM convention: `./app.js` names the `app.ts` source.
        let swaps: &[&str] = match target.extension().and_then(|e| e.to_str()) {
            Some("js") => &["ts", "tsx"],
            Some("jsx") => &["tsx"],
            Some("mjs") => &["mts"],
            Some("cjs") => &["cts"],
            _ => &[],
        };
        candidates.extend(swaps.iter().map(|ext| target.with_extension(ext)));
        candidates.extend(EXTENSIONS.iter().map(|ext| {
            let mut name = target.as_os_str().to_os_string();
            name.push(format!(".{ext}"));
            PathBuf::from(name)
        }));
        for candidate in &candidates {
            if let Some(grammar) = js_grammar(candidate) {
                if let Some(module) = self.load(root, candidate, grammar) {
                    return Some(module);
                }
            }
        }
        if !target.is_dir() || depth > 0 {
            return None;
        }
        if let Some(main) = package_main(&target.join("package.json")) {
            if let Some(module) = self.js_file(root, &clean(&target.join(main)), depth + 1) {
                return Some(module);
            }
        }
        EXTENSIONS.iter().find_map(|ext| {
            let index = target.join(format!("index.{ext}"));
            self.load(root, &index, js_grammar(&index)?)
        })
    }

    /// Reads and parses the file at `path` once per run, if it may be followed: inside `root`
    /// (after following links), outside dependency directories, small enough, UTF-8 text.
    fn load(&self, root: &Path, path: &Path, grammar: Grammar) -> Option<Arc<Module>> {
        if !path.is_file() || !may_follow(root, path) {
            return None;
        }
        let slot = lock(&self.inner.modules)
            .entry(path.to_path_buf())
            .or_default()
            .clone();
        slot.get_or_init(|| self.read(path, grammar)).clone()
    }

    fn read(&self, path: &Path, grammar: Grammar) -> Option<Arc<Module>> {
        let text: Arc<str> = crate::files::read_text(path, MAX_MODULE_SIZE)
            .ok()?
            .0
            .into();
        let tree = parse(grammar, &text)?;
        Some(Arc::new(Module {
            path: path.to_path_buf(),
            file: Arc::new(OtherFile {
                path: self.display(path),
                text,
            }),
            tree,
            grammar,
        }))
    }
}

/// Whether an import may lead to `path`: inside the root once links are followed, and not
/// through a dependency or environment directory.
fn may_follow(root: &Path, path: &Path) -> bool {
    crate::files::inside(root, path, NEVER_FOLLOWED)
}

/// The grammar of a JavaScript or TypeScript file, by extension.
fn js_grammar(path: &Path) -> Option<Grammar> {
    match path.extension()?.to_str()? {
        "js" | "jsx" | "mjs" | "cjs" => Some(Grammar::JavaScript),
        "ts" | "mts" | "cts" => Some(Grammar::TypeScript),
        "tsx" => Some(Grammar::Tsx),
        _ => None,
    }
}

/// `main` of a `package.json` (`index.js` when it names none), if the file is JSON.
fn package_main(manifest: &Path) -> Option<String> {
    let text = std::fs::read_to_string(manifest).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(json.get("main")?.as_str()?.to_string())
}

/// The framework a relative import reaches: `target` (the specifier) names a directory whose
/// `package.json`, or a file beside a `package.json` whose `main` it is, and that package's
/// `name` is a framework bindlint knows.
fn framework_package(root: &Path, target: &Path, file: &Path) -> Option<String> {
    let dir = if target.is_dir() {
        target.to_path_buf()
    } else {
        file.parent()?.to_path_buf()
    };
    let manifest = dir.join("package.json");
    if !manifest.is_file() || !may_follow(root, &manifest) {
        return None;
    }
    let text = std::fs::read_to_string(&manifest).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    let name = json.get("name")?.as_str()?;
    let main = json
        .get("main")
        .and_then(|m| m.as_str())
        .unwrap_or("index.js");
    let main = clean(&dir.join(main));
    let same = |a: &Path, b: &Path| a.with_extension("") == b.with_extension("");
    (same(&main, file) && crate::catalog::javascript::is_framework_module(name))
        .then(|| name.to_string())
}

/// A lock, even after another thread panicked holding it: the caches only ever gain complete
/// entries, so what a panicking thread left is still consistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, name: &str, text: &str) {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    #[test]
    fn python_modules_are_found_as_python_finds_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(&root, "pyproject.toml", "");
        write(&root, "settings.py", "PORT = 1\n");
        write(&root, "app/__init__.py", "");
        write(&root, "app/config.py", "");
        write(&root, "src/pkg/core.py", "");
        write(&root, ".venv/lib/site.py", "");
        let projects = Projects::default();
        let run = root.join("app/run.py");
        assert_eq!(projects.root_of(&run), root);
        let found = |module: &str, level: usize| {
            projects
                .python_module(&root, &run, module, level)
                .map(|m| m.path.strip_prefix(&root).unwrap().to_path_buf())
        };
        assert_eq!(found("settings", 0), Some("settings.py".into()));
        assert_eq!(found("app", 0), Some("app/__init__.py".into()));
        assert_eq!(found("config", 1), Some("app/config.py".into()));
        assert_eq!(found("", 1), Some("app/__init__.py".into()));
        assert_eq!(found("pkg.core", 0), Some("src/pkg/core.py".into()));
        assert_eq!(found("settings", 2), Some("settings.py".into()));
        assert_eq!(found("missing", 0), None);
        // Leaving the root, or into an environment, is never followed.
        assert_eq!(found("outside", 3), None);
        assert_eq!(found(".venv.lib.site", 0), None);
    }

    #[test]
    fn javascript_specifiers_are_found_as_node_and_typescript_find_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(&root, "package.json", "{\"name\": \"my-app\"}");
        write(&root, "src/app.ts", "");
        write(&root, "src/lib/index.js", "");
        write(&root, "src/config.json", "{}");
        write(&root, "node_modules/x/index.js", "");
        let projects = Projects::default();
        let from = root.join("src/server.ts");
        let found = |specifier: &str| match projects.js_module(&root, &from, specifier) {
            Some(JsModule::File(m)) => Some(m.path.strip_prefix(&root).unwrap().to_path_buf()),
            Some(JsModule::Package(name)) => Some(PathBuf::from(format!("package {name}"))),
            None => None,
        };
        assert_eq!(found("./app"), Some("src/app.ts".into()));
        assert_eq!(found("./app.js"), Some("src/app.ts".into()));
        assert_eq!(found("./lib"), Some("src/lib/index.js".into()));
        assert_eq!(found("express"), None);
        assert_eq!(found("../node_modules/x"), None);
        assert_eq!(found("../../outside"), None);
    }

    #[test]
    fn a_relative_import_of_a_frameworks_own_main_is_that_framework() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(
            &root,
            "package.json",
            "{\"name\": \"fastify\", \"main\": \"fastify.js\"}",
        );
        write(&root, "fastify.js", "module.exports = fastify\n");
        write(&root, "lib/other.js", "");
        let projects = Projects::default();
        let from = root.join("examples/hello.js");
        assert!(matches!(
            projects.js_module(&root, &from, "../fastify"),
            Some(JsModule::Package(name)) if name == "fastify"
        ));
        assert!(matches!(
            projects.js_module(&root, &from, "../lib/other"),
            Some(JsModule::File(_))
        ));
    }

    #[test]
    fn a_module_is_read_and_parsed_once_per_run_for_every_thread() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(&root, "pyproject.toml", "");
        write(&root, "settings.py", "PORT = 1\n");
        let projects = Projects::default();
        let from = root.join("app.py");
        let first = projects.python_module(&root, &from, "settings", 0).unwrap();
        let modules: Vec<Arc<Module>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4)
                .map(|_| {
                    let projects = projects.clone();
                    let (root, from) = (&root, &from);
                    scope.spawn(move || projects.python_module(root, from, "settings", 0).unwrap())
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(modules.iter().all(|module| Arc::ptr_eq(module, &first)));
    }

    #[test]
    fn a_link_out_of_the_root_is_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        write(outside.path(), "secret.py", "PORT = 1\n");
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        write(&root, "pyproject.toml", "");
        #[cfg(unix)]
        std::os::unix::fs::symlink(outside.path().join("secret.py"), root.join("secret.py"))
            .unwrap();
        let projects = Projects::default();
        assert!(projects
            .python_module(&root, &root.join("app.py"), "secret", 0)
            .is_none());
    }
}
