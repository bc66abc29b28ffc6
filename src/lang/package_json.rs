//! package.json: the `start` script (what `npm start` and platforms run), and the scripts it runs
//! in turn through `npm run X`, `yarn X`, `pnpm X`; then the `dev` script and what it runs,
//! whose server starts are local development (`DevScope::DevScript`: reported only with
//! `include-dev`). Parsed with tree-sitter-json so every finding points inside the JSON string,
//! through its escapes.

use std::collections::{HashMap, HashSet};

use tree_sitter::{Node, Tree};

use super::command::{self, Outcome, Site};
use super::json;
use super::shell::{self, Mapped};
use crate::facts::{DevScope, FileFacts};
use crate::tree::named_children;

/// The scripts the platform runs (`start`, then whatever it calls) and the `dev` scripts, each
/// once.
pub fn extract(text: &str, tree: &Tree) -> FileFacts {
    let mut facts = FileFacts::default();
    let scripts = scripts(text, tree.root_node());
    let mut seen = HashSet::new();
    run_scripts("start", &scripts, &mut seen, &mut facts);
    let deployed = facts.server_starts.len();
    run_scripts("dev", &scripts, &mut seen, &mut facts);
    for start in &mut facts.server_starts[deployed..] {
        start.dev_scope = Some(DevScope::DevScript);
    }
    facts
}

/// Judges the script `first` and the scripts it runs, skipping those already `seen`.
fn run_scripts(
    first: &str,
    scripts: &HashMap<&str, Mapped>,
    seen: &mut HashSet<String>,
    facts: &mut FileFacts,
) {
    let mut queue = vec![first.to_string()];
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(script) = scripts.get(name.as_str()) else {
            continue;
        };
        let mut outcome = Outcome::default();
        for parsed in shell::parse(script) {
            command::judge(&parsed, &Site::default(), facts, &mut outcome);
        }
        queue.extend(outcome.scripts);
    }
}

/// `"scripts": { "name": "command" }` of the top-level object, commands decoded with offsets.
fn scripts<'t>(text: &'t str, root: Node<'t>) -> HashMap<&'t str, Mapped> {
    let mut scripts = HashMap::new();
    let Some(object) = named_children(root).find(|n| n.kind() == "object") else {
        return scripts;
    };
    let Some(section) =
        pairs(object).find(|(key, _)| string_content(text, *key) == Some("scripts"))
    else {
        return scripts;
    };
    if section.1.kind() != "object" {
        return scripts;
    }
    for (key, value) in pairs(section.1) {
        let (Some(name), Some(raw)) = (string_content(text, key), raw_string(text, value)) else {
            continue;
        };
        scripts.insert(name, json::decode(&raw));
    }
    scripts
}

fn pairs<'t>(object: Node<'t>) -> impl Iterator<Item = (Node<'t>, Node<'t>)> {
    named_children(object)
        .filter(|n| n.kind() == "pair")
        .filter_map(|pair| {
            Some((
                pair.child_by_field_name("key")?,
                pair.child_by_field_name("value")?,
            ))
        })
}

/// A JSON string node's raw content (escapes not decoded), with its offsets.
fn raw_string(text: &str, node: Node<'_>) -> Option<Mapped> {
    if node.kind() != "string" {
        return None;
    }
    let range = node.byte_range();
    let inner = range.start + 1..range.end.saturating_sub(1).max(range.start + 1);
    Some(Mapped::verbatim(text.get(inner.clone())?, inner.start))
}

fn string_content<'t>(text: &'t str, node: Node<'t>) -> Option<&'t str> {
    let range = node.byte_range();
    (node.kind() == "string" && range.len() >= 2).then(|| &text[range.start + 1..range.end - 1])
}
