//! The modules of `src/` form a ladder: each may use the ones below it and never one above, so a
//! newcomer can read the code bottom-up and a change low down cannot be undone by a back-edge.
//! This test reads every file with `syn`, collects the modules each one names (`use crate::...`,
//! `super::`, a child module's path, `bindlint::` in the binary), and fails on any cycle between
//! two files and on any edge that climbs the ladder below. A new top-level module must be given
//! its rung here; the README's "Layers" diagram is the same list.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The top-level modules, bottom first. A module may use the modules on lower rungs and the
/// modules of its own rung's directory; a rung may hold several modules that do not use each
/// other.
const LADDER: &[&[&str]] = &[
    &["source", "tree", "rule_info", "catalog"],
    &["diagnostic", "suppress", "project"],
    &["resolve"],
    &["facts"],
    &["lang"],
    &["prefilter", "rules"],
    &["config"],
    &["walk"],
    &["deploy"],
    &["lint"],
    &["fix"],
    &["run"],
    &["report", "server"],
    &["main"],
];

/// A module path: `[]` is the crate root, `["rules", "host"]` is `src/rules/host.rs`.
type Module = Vec<String>;

struct Graph {
    /// Every module that has a file, with that file.
    files: BTreeMap<Module, PathBuf>,
    /// `from → to` edges between modules that have files.
    edges: BTreeSet<(Module, Module)>,
}

fn module_of(src: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Collects the paths one file names, outside `#[cfg(test)]` items.
struct Paths {
    paths: Vec<Vec<String>>,
    children: BTreeSet<String>,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|attr| {
        attr.path().is_ident("cfg")
            && attr
                .parse_args::<syn::Meta>()
                .is_ok_and(|meta| meta.path().is_ident("test"))
    })
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if is_test_only(attrs) {
            return;
        }
        if let syn::Item::Mod(m) = item {
            if m.content.is_none() {
                self.children.insert(m.ident.to_string());
            }
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        fn walk(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.to_string());
                    walk(&p.tree, prefix, out);
                    prefix.pop();
                }
                syn::UseTree::Name(n) => {
                    let mut path = prefix.clone();
                    path.push(n.ident.to_string());
                    out.push(path);
                }
                syn::UseTree::Rename(r) => {
                    let mut path = prefix.clone();
                    path.push(r.ident.to_string());
                    out.push(path);
                }
                syn::UseTree::Glob(_) => out.push(prefix.clone()),
                syn::UseTree::Group(g) => {
                    for tree in &g.items {
                        walk(tree, prefix, out);
                    }
                }
            }
        }
        walk(&item.tree, &mut Vec::new(), &mut self.paths);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.paths
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // `$crate::rule_info::RuleInfo` in a macro body, `crate::x::y` in `format!` arguments:
        // read the tokens as text, since they are not parsed as paths.
        let tokens: Vec<String> = mac
            .tokens
            .clone()
            .into_iter()
            .map(|t| t.to_string())
            .collect();
        let mut i = 0;
        while i < tokens.len() {
            if tokens[i] == "crate" || tokens[i] == "super" {
                let mut path = vec![tokens[i].clone()];
                let mut j = i + 1;
                while j + 2 < tokens.len() + 1 && tokens.get(j) == Some(&":".to_string()) {
                    match tokens.get(j + 2) {
                        Some(segment) => path.push(segment.clone()),
                        None => break,
                    }
                    j += 3;
                }
                self.paths.push(path);
                i = j;
            } else {
                i += 1;
            }
        }
        syn::visit::visit_macro(self, mac);
    }
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    let modules: BTreeMap<Module, PathBuf> = files
        .iter()
        .map(|file| {
            let module = module_of(&src, file);
            let module = if file.ends_with("main.rs") && module == ["main"] {
                vec!["main".to_string()]
            } else {
                module
            };
            (module, file.clone())
        })
        .collect();
    let mut edges = BTreeSet::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        let ast = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let mut visitor = Paths {
            paths: Vec::new(),
            children: BTreeSet::new(),
        };
        visitor.visit_file(&ast);
        let is_binary = module == &["main".to_string()];
        for path in &visitor.paths {
            let Some((first, rest)) = path.split_first() else {
                continue;
            };
            let mut base: Module = match first.as_str() {
                "crate" if !is_binary => Vec::new(),
                "bindlint" if is_binary => Vec::new(),
                "self" => module.clone(),
                "super" => {
                    let mut parent = module.clone();
                    parent.pop();
                    parent
                }
                child if visitor.children.contains(child) => {
                    let mut inner = module.clone();
                    inner.push(child.to_string());
                    inner
                }
                _ => continue,
            };
            let mut rest = rest.iter();
            // `super::super::x`
            let mut remaining: Vec<&String> = Vec::new();
            for segment in rest.by_ref() {
                if segment == "super" {
                    base.pop();
                } else {
                    remaining.push(segment);
                }
            }
            for segment in remaining {
                let mut deeper = base.clone();
                deeper.push(segment.clone());
                if modules.contains_key(&deeper) {
                    base = deeper;
                } else {
                    break;
                }
            }
            if &base != module && !base.is_empty() && modules.contains_key(&base) {
                edges.insert((module.clone(), base));
            }
        }
    }
    Graph {
        files: modules,
        edges,
    }
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".to_string()
    } else {
        module.join("::")
    }
}

/// Strongly connected components with more than one module (Tarjan, iterative enough for a
/// few dozen files).
fn cycles(graph: &Graph) -> Vec<Vec<Module>> {
    struct State<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g Module, usize>,
        low: BTreeMap<&'g Module, usize>,
        stack: Vec<&'g Module>,
        on_stack: BTreeSet<&'g Module>,
        next: usize,
        found: Vec<Vec<Module>>,
    }
    fn connect<'g>(state: &mut State<'g>, node: &'g Module) {
        state.index.insert(node, state.next);
        state.low.insert(node, state.next);
        state.next += 1;
        state.stack.push(node);
        state.on_stack.insert(node);
        let targets: Vec<&Module> = state
            .graph
            .edges
            .iter()
            .filter(|(from, _)| from == node)
            .map(|(_, to)| to)
            .collect();
        for target in targets {
            if !state.index.contains_key(target) {
                connect(state, target);
                let low = state.low[node].min(state.low[target]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.low[node].min(state.index[target]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(member) = state.stack.pop() {
                state.on_stack.remove(member);
                component.push(member.clone());
                if member == node {
                    break;
                }
            }
            if component.len() > 1 {
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in graph.files.keys() {
        if !state.index.contains_key(node) {
            connect(&mut state, node);
        }
    }
    state.found
}

fn rung(module: &Module) -> Option<usize> {
    let top = module.first()?;
    LADDER.iter().position(|rung| rung.contains(&top.as_str()))
}

#[test]
fn no_two_modules_use_each_other() {
    let graph = graph();
    let found = cycles(&graph);
    let mut report = String::new();
    for component in &found {
        let members: BTreeSet<&Module> = component.iter().collect();
        report.push_str(&format!(
            "cycle among {}:\n",
            component.iter().map(name).collect::<Vec<_>>().join(", ")
        ));
        for (from, to) in &graph.edges {
            if members.contains(from) && members.contains(to) {
                report.push_str(&format!("  {} uses {}\n", name(from), name(to)));
            }
        }
    }
    assert!(found.is_empty(), "{report}");
}

#[test]
fn every_module_uses_only_lower_rungs() {
    let graph = graph();
    let mut report = String::new();
    for module in graph.files.keys().filter(|m| !m.is_empty()) {
        if rung(module).is_none() {
            report.push_str(&format!(
                "{} has no rung in LADDER (tests/layers.rs): place it\n",
                name(module)
            ));
        }
    }
    for (from, to) in &graph.edges {
        let (Some(a), Some(b)) = (rung(from), rung(to)) else {
            continue;
        };
        let same_directory = from.first() == to.first();
        if b > a || (b == a && !same_directory) {
            report.push_str(&format!(
                "{} (rung {a}) uses {} (rung {b}): a module may use only lower rungs\n",
                name(from),
                name(to)
            ));
        }
    }
    assert!(report.is_empty(), "{report}");
}

#[test]
fn the_check_sees_the_edges_it_must() {
    let graph = graph();
    let edge = |from: &str, to: &str| {
        let split = |s: &str| s.split("::").map(str::to_string).collect::<Module>();
        graph.edges.contains(&(split(from), split(to)))
    };
    // A `use crate::` line, a `super::` path, a child module called from its parent, and a path
    // inside a macro: each kind of reference is read.
    assert!(edge("run", "lint"));
    assert!(edge("rules::host", "rules::edits"));
    assert!(edge("rules", "rules::host"));
    assert!(edge("rules::host", "rule_info"));
    assert!(edge("main", "run"));
}
