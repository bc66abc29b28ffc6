//! The modules of `src/` form a ladder: each may use the ones below it and never one above, so a
//! newcomer can read the code bottom-up and a change low down cannot be undone by a back-edge.
//! This test reads every file with `syn`, collects the modules each one names (`use crate::...`,
//! `super::`, a child module's path, `bindlint::` in the binary, a name that aliases the crate,
//! a name the crate root re-exports, a `#[macro_export]` macro by the module that defines it),
//! and fails on any cycle between two files (printed as its shortest path), on any edge that
//! climbs the ladder below, and on one rule family using another. A new top-level module must
//! be given its rung here; the README's "Layers" diagram is the same list. The canary tests at
//! the end build small crates that try each way around the check, and fail if one gets through.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The top-level modules, bottom first. A module may use the modules on lower rungs and the
/// modules of its own rung's directory; a rung may hold several modules that do not use each
/// other.
const LADDER: &[&[&str]] = &[
    &["source", "tree", "rule_info", "catalog", "suggest"],
    &["files"],
    &["finding", "suppress", "project"],
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
    /// Every module that has a file.
    files: BTreeSet<Module>,
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

/// Collects the paths one file names, outside `#[cfg(test)]` items, and what it gives other
/// files a way in through: the names it re-exports, the macros it exports at the crate root,
/// the names it gives the crate itself.
#[derive(Default)]
struct Paths {
    paths: Vec<Vec<String>>,
    children: BTreeSet<String>,
    /// `use crate as root;`, `extern crate self as root;`: names that mean `crate`.
    crate_aliases: BTreeSet<String>,
    /// `pub use a::b::Name;` (and `as Alias`): the exported name and the path it names.
    reexports: Vec<(String, Vec<String>)>,
    /// `#[macro_export] macro_rules! name`: callable as `crate::name!` from anywhere.
    exported_macros: BTreeSet<String>,
    /// The macros the file invokes, by their last path segment.
    macro_calls: BTreeSet<String>,
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
        /// Each path the tree names, with the name it is imported as.
        fn walk(
            tree: &syn::UseTree,
            prefix: &mut Vec<String>,
            out: &mut Vec<(Vec<String>, String)>,
        ) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.to_string());
                    walk(&p.tree, prefix, out);
                    prefix.pop();
                }
                syn::UseTree::Name(n) => {
                    let mut path = prefix.clone();
                    path.push(n.ident.to_string());
                    out.push((path, n.ident.to_string()));
                }
                syn::UseTree::Rename(r) => {
                    let mut path = prefix.clone();
                    path.push(r.ident.to_string());
                    out.push((path, r.rename.to_string()));
                }
                syn::UseTree::Glob(_) => out.push((prefix.clone(), "*".to_string())),
                syn::UseTree::Group(g) => {
                    for tree in &g.items {
                        walk(tree, prefix, out);
                    }
                }
            }
        }
        let mut named = Vec::new();
        walk(&item.tree, &mut Vec::new(), &mut named);
        let public = !matches!(item.vis, syn::Visibility::Inherited);
        for (path, imported_as) in named {
            if path == ["crate"] {
                self.crate_aliases.insert(imported_as.clone());
            }
            if public {
                self.reexports.push((imported_as, path.clone()));
            }
            self.paths.push(path);
        }
    }

    fn visit_item_extern_crate(&mut self, item: &'ast syn::ItemExternCrate) {
        if item.ident == "self" {
            if let Some((_, alias)) = &item.rename {
                self.crate_aliases.insert(alias.to_string());
            }
        }
    }

    fn visit_item_macro(&mut self, item: &'ast syn::ItemMacro) {
        let exported = item
            .attrs
            .iter()
            .any(|attr| attr.path().is_ident("macro_export"));
        if let (true, Some(name)) = (exported, &item.ident) {
            self.exported_macros.insert(name.to_string());
        }
        syn::visit::visit_item_macro(self, item);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        self.paths
            .push(path.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(last) = mac.path.segments.last() {
            self.macro_calls.insert(last.ident.to_string());
        }
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

/// The crate's own sources, by module.
fn sources() -> BTreeMap<Module, String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            (module_of(&src, file), text)
        })
        .collect()
}

fn graph() -> Graph {
    graph_of(&sources())
}

/// The module graph of a crate given as sources by module (`[]` is `lib.rs`, `["main"]` the
/// binary): every path a file names, resolved to the module with a file it reaches, through
/// `crate`, its aliases, `self`, `super`, child modules, the crate root's re-exports, and the
/// macros a module exports at the crate root.
fn graph_of(sources: &BTreeMap<Module, String>) -> Graph {
    let files: BTreeSet<Module> = sources.keys().cloned().collect();
    let visitors: BTreeMap<&Module, Paths> = sources
        .iter()
        .map(|(module, text)| {
            let ast = syn::parse_file(text).unwrap_or_else(|e| panic!("{}: {e}", name(module)));
            let mut visitor = Paths::default();
            visitor.visit_file(&ast);
            (module, visitor)
        })
        .collect();
    let root = Module::new();
    // The crate root's `pub use` items: `crate::Name` reaches the module `Name` comes from.
    let root_reexports: BTreeMap<String, Module> = visitors
        .get(&root)
        .map(|root_paths| {
            root_paths
                .reexports
                .iter()
                .filter_map(|(name, path)| {
                    let target = resolve(&root, path, root_paths, &files, &BTreeMap::new())?;
                    Some((name.clone(), target))
                })
                .collect()
        })
        .unwrap_or_default();
    let exported_macros: BTreeMap<&String, &Module> = visitors
        .iter()
        .flat_map(|(module, paths)| paths.exported_macros.iter().map(move |m| (m, *module)))
        .collect();
    let mut edges = BTreeSet::new();
    for (module, paths) in &visitors {
        let targets = paths
            .paths
            .iter()
            .filter_map(|path| resolve(module, path, paths, &files, &root_reexports));
        let macros = paths
            .macro_calls
            .iter()
            .filter_map(|called| exported_macros.get(called).map(|m| (*m).clone()));
        for target in targets.chain(macros) {
            if &target != *module && !target.is_empty() {
                edges.insert(((*module).clone(), target));
            }
        }
    }
    Graph { files, edges }
}

/// The module with a file that `path`, named in `module`, reaches; `None` for a path outside
/// the crate (`std::`, another crate, a local name).
fn resolve(
    module: &Module,
    path: &[String],
    paths: &Paths,
    files: &BTreeSet<Module>,
    root_reexports: &BTreeMap<String, Module>,
) -> Option<Module> {
    let (first, rest) = path.split_first()?;
    let is_binary = module == &["main".to_string()];
    let mut base: Module = match first.as_str() {
        "crate" if !is_binary => Vec::new(),
        alias if !is_binary && paths.crate_aliases.contains(alias) => Vec::new(),
        "bindlint" if is_binary => Vec::new(),
        "self" => module.clone(),
        "super" => {
            let mut parent = module.clone();
            parent.pop();
            parent
        }
        child if paths.children.contains(child) => {
            let mut inner = module.clone();
            inner.push(child.to_string());
            inner
        }
        _ => return None,
    };
    // `super::super::x`
    let mut remaining: Vec<&String> = Vec::new();
    for segment in rest {
        if segment == "super" {
            base.pop();
        } else {
            remaining.push(segment);
        }
    }
    let mut remaining = remaining.into_iter().peekable();
    // `crate::Name` where the crate root re-exports `Name` from a module.
    if base.is_empty() {
        if let Some(target) = remaining.peek().and_then(|name| root_reexports.get(*name)) {
            return Some(target.clone());
        }
    }
    for segment in remaining {
        let mut deeper = base.clone();
        deeper.push(segment.clone());
        if files.contains(&deeper) {
            base = deeper;
        } else {
            break;
        }
    }
    files.contains(&base).then_some(base)
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
    for node in &graph.files {
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

/// The rule families: each judges facts on its own and may use only the modules the families
/// share (`context`, `edits`, `codes`), never another family, so one family's change cannot
/// shift another's findings.
const RULE_FAMILIES: &[&str] = &["command", "env", "host", "platform", "port", "suppression"];

/// The shortest cycle through `component` (a strongly connected set), as the modules it visits
/// in order, the first again at the end: one path to break, not every edge among them.
fn shortest_cycle(graph: &Graph, component: &[Module]) -> Vec<Module> {
    let members: BTreeSet<&Module> = component.iter().collect();
    let mut best: Option<Vec<Module>> = None;
    let mut starts: Vec<&Module> = component.iter().collect();
    starts.sort();
    for start in starts {
        // Breadth first from `start` back to it, inside the component.
        let mut previous: BTreeMap<&Module, &Module> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        let mut closed = None;
        while let Some(node) = queue.pop_front() {
            for (_, to) in graph
                .edges
                .iter()
                .filter(|(from, to)| from == node && members.contains(to))
            {
                if to == start {
                    closed = Some(node);
                    break;
                }
                if !previous.contains_key(to) {
                    previous.insert(to, node);
                    queue.push_back(to);
                }
            }
            if closed.is_some() {
                break;
            }
        }
        let Some(mut at) = closed else { continue };
        // Back from the node that closes the cycle to `start`, then the right way round.
        let mut path = vec![start.clone()];
        while at != start {
            path.push(at.clone());
            at = previous[at];
        }
        path.push(start.clone());
        path.reverse();
        if best.as_ref().is_none_or(|b| path.len() < b.len()) {
            best = Some(path);
        }
    }
    best.unwrap_or_default()
}

/// Every cycle, each as its shortest path (`a → b → a`).
fn cycle_report(graph: &Graph) -> String {
    cycles(graph)
        .iter()
        .map(|component| {
            let path = shortest_cycle(graph, component);
            format!(
                "cycle: {}\n",
                path.iter().map(name).collect::<Vec<_>>().join(" → ")
            )
        })
        .collect()
}

/// Every edge that climbs the ladder, every module with no rung, and every rule family that
/// uses another.
fn ladder_report(graph: &Graph) -> String {
    let mut report = String::new();
    for module in graph.files.iter().filter(|m| !m.is_empty()) {
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
        let family =
            |m: &Module| m.len() == 2 && m[0] == "rules" && RULE_FAMILIES.contains(&m[1].as_str());
        if family(from) && family(to) {
            report.push_str(&format!(
                "{} uses {}: rule families never use each other (share through rules::codes, \
                 rules::context or rules::edits)\n",
                name(from),
                name(to)
            ));
        }
    }
    report
}

#[test]
fn no_two_modules_use_each_other() {
    let report = cycle_report(&graph());
    assert!(report.is_empty(), "{report}");
}

#[test]
fn every_module_uses_only_lower_rungs() {
    let report = ladder_report(&graph());
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

// ----- canaries: each way around the check, in a small crate of its own, must be caught ------

/// A crate of `files` (`"lib.rs"`, `"rules/host.rs"`...), with a `lint` module high on the
/// ladder for the lower modules to reach for.
fn crate_of(files: &[(&str, &str)]) -> Graph {
    let mut sources: BTreeMap<Module, String> = BTreeMap::new();
    sources.insert(Vec::new(), "pub mod lint;\npub mod rules;\n".to_string());
    sources.insert(vec!["lint".into()], "pub fn lint_source() {}\n".to_string());
    sources.insert(
        vec!["rules".into()],
        "pub mod host;\npub mod port;\n".to_string(),
    );
    sources.insert(vec!["rules".into(), "host".into()], String::new());
    sources.insert(
        vec!["rules".into(), "port".into()],
        "pub struct Codes;\n".to_string(),
    );
    for (path, text) in files {
        let src = Path::new("src");
        let module = module_of(src, &src.join(path));
        let entry = sources.entry(module).or_default();
        entry.push_str(text);
    }
    graph_of(&sources)
}

fn caught(graph: &Graph, expected: &str) {
    let report = ladder_report(graph) + &cycle_report(graph);
    assert!(
        report.contains(expected),
        "not caught: {expected}\nreport:\n{report}"
    );
}

#[test]
fn canary_a_reexport_through_the_crate_root() {
    let graph = crate_of(&[
        ("lib.rs", "pub use crate::lint::lint_source;\n"),
        (
            "rules/host.rs",
            "use crate::lint_source;\nfn f() { lint_source() }\n",
        ),
    ]);
    caught(&graph, "rules::host (rung 6) uses lint (rung 10)");
}

#[test]
fn canary_a_crate_alias() {
    let graph = crate_of(&[(
        "rules/host.rs",
        "use crate as root;\nfn f() { root::lint::lint_source() }\n",
    )]);
    caught(&graph, "rules::host (rung 6) uses lint (rung 10)");
    let graph = crate_of(&[(
        "rules/host.rs",
        "extern crate self as me;\nfn f() { me::lint::lint_source() }\n",
    )]);
    caught(&graph, "rules::host (rung 6) uses lint (rung 10)");
}

#[test]
fn canary_an_exported_macro() {
    let graph = crate_of(&[
        (
            "lint.rs",
            "#[macro_export]\nmacro_rules! lint_now { () => {} }\n",
        ),
        ("rules/host.rs", "fn f() { lint_now!(); }\n"),
    ]);
    caught(&graph, "rules::host (rung 6) uses lint (rung 10)");
}

#[test]
fn canary_one_rule_family_using_another() {
    let graph = crate_of(&[("rules/host.rs", "use super::port::Codes;\n")]);
    caught(
        &graph,
        "rules::host uses rules::port: rule families never use each other",
    );
}

#[test]
fn canary_a_cycle_is_reported_as_its_shortest_path() {
    // host → port → host is the cycle to break; lint's many edges into it are not part of it.
    let graph = crate_of(&[
        ("rules/host.rs", "use super::port::Codes;\n"),
        ("rules/port.rs", "use super::host;\n"),
        (
            "lint.rs",
            "use crate::rules::host;\nuse crate::rules::port;\n",
        ),
    ]);
    let report = cycle_report(&graph);
    assert_eq!(report, "cycle: rules::host → rules::port → rules::host\n");
}
