//! Following imports into the project's other modules. A resolver that meets a name imported
//! from a module of the project (`from config import PORT`, `require('./app')`) asks
//! [`Imports`] for that module, makes a resolver for it, and evaluates the name there; the
//! values it brings back are marked as from that file ([`super::Value::Foreign`]).
//!
//! Nothing is followed eagerly: only a server start's arguments and receiver are resolved, so a
//! file without one reads no other module. The chain of modules being evaluated is bounded
//! ([`MAX_IMPORT_DEPTH`]) and never enters a module twice, so an import cycle ends in an
//! unknown value, never a hang.

use std::cell::{OnceCell, RefCell};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::project::{JsModule, Module, Projects};

/// How many modules deep one resolution follows imports (`run.py` → `app/__init__.py` →
/// `app/config.py` is 2). Real apps need two or three; past the bound a name is unknown.
pub const MAX_IMPORT_DEPTH: usize = 8;

/// The modules being evaluated for one linted file, outermost first: shared by the resolvers
/// of every module the evaluation enters, so a cycle is seen wherever it closes.
#[derive(Debug)]
pub struct ImportState {
    stack: RefCell<Vec<PathBuf>>,
}

impl ImportState {
    /// The state of a lint of the file at `file` (absolute).
    pub fn new(file: &Path) -> ImportState {
        ImportState {
            stack: RefCell::new(vec![file.to_path_buf()]),
        }
    }
}

/// What a resolver of one module needs to follow its imports.
#[derive(Debug)]
pub struct Imports<'p> {
    projects: &'p Projects,
    /// The module being resolved (absolute).
    file: PathBuf,
    /// Its project's root, found on first use.
    root: OnceCell<PathBuf>,
    state: &'p ImportState,
}

impl<'p> Imports<'p> {
    /// Imports of the file at `file` (absolute), which `state` was made for.
    pub fn new(projects: &'p Projects, file: PathBuf, state: &'p ImportState) -> Imports<'p> {
        Imports {
            projects,
            file,
            root: OnceCell::new(),
            state,
        }
    }

    fn root(&self) -> &Path {
        self.root.get_or_init(|| self.projects.root_of(&self.file))
    }

    /// The Python module `module` (dotted) imported with `level` leading dots.
    pub fn python_module(&self, module: &str, level: usize) -> Option<Arc<Module>> {
        self.projects
            .python_module(self.root(), &self.file, module, level)
    }

    /// The module a relative JavaScript specifier names.
    pub fn js_module(&self, specifier: &str) -> Option<JsModule> {
        self.projects.js_module(self.root(), &self.file, specifier)
    }

    /// Runs `evaluate` with the imports of `module`, unless entering it would cycle or go
    /// deeper than [`MAX_IMPORT_DEPTH`].
    pub fn enter<T>(&self, module: &Module, evaluate: impl FnOnce(&Imports<'_>) -> T) -> Option<T> {
        {
            let mut stack = self.state.stack.borrow_mut();
            if stack.len() > MAX_IMPORT_DEPTH || stack.contains(&module.path) {
                return None;
            }
            stack.push(module.path.clone());
        }
        let nested = Imports {
            projects: self.projects,
            file: module.path.clone(),
            root: OnceCell::from(self.root().to_path_buf()),
            state: self.state,
        };
        let result = evaluate(&nested);
        self.state.stack.borrow_mut().pop();
        Some(result)
    }
}
