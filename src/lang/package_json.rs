//! package.json: the `start` script (what `npm start` and platforms run), and the scripts it runs
//! in turn through `npm run X`, `yarn X`, `pnpm X`; then the `dev` script and what it runs,
//! whose server starts are local development (`DevScope::DevScript`: reported only with
//! `include-dev`). Under a deployment that runs a script (`CMD ["npm", "run", "dev"]`), that
//! script's chain is judged instead, as deployed, with the arguments the command appends.
//! Parsed with tree-sitter-json so every finding points inside the JSON string, through its
//! escapes.

use std::collections::{HashMap, HashSet};

use tree_sitter::{Node, Tree};

use super::deployed::Deployed;
use super::invocation::{self, Outcome, Site};
use super::json;
use super::shell::{self, Mapped};
use crate::facts::{DevScope, FileFacts, Unit};
use crate::tree::named_children;

/// The scripts the platform runs (`start`, then whatever it calls) and the `dev` scripts, each
/// once; under a deployment, the script it runs.
pub fn extract(text: &str, tree: &Tree, deployed: Option<&Deployed>) -> FileFacts {
    let mut facts = FileFacts::default();
    let scripts = scripts(text, tree.root_node());
    let mut seen = HashSet::new();
    if let Some(deployed) = deployed {
        if let Unit::Script(name) = &deployed.unit {
            let site = Site::deployed(Some(deployed));
            run_scripts(
                name,
                &deployed.script_args,
                &scripts,
                &site,
                &mut seen,
                &mut facts,
            );
        }
        return facts;
    }
    let site = Site::default();
    run_scripts("start", &[], &scripts, &site, &mut seen, &mut facts);
    let deployed = facts.server_starts.len();
    run_scripts("dev", &[], &scripts, &site, &mut seen, &mut facts);
    for start in &mut facts.server_starts[deployed..] {
        start.dev_scope = Some(DevScope::DevScript);
    }
    facts
}

/// Judges the script `first` (with `args` appended) and the scripts it runs, skipping those
/// already `seen`; their starts are in `first`'s unit.
fn run_scripts(
    first: &str,
    args: &[String],
    scripts: &HashMap<&str, Mapped>,
    site: &Site,
    seen: &mut HashSet<String>,
    facts: &mut FileFacts,
) {
    let starts = facts.server_starts.len();
    let mut queue = vec![first.to_string()];
    while let Some(name) = queue.pop() {
        if !seen.insert(name.clone()) {
            continue;
        }
        let Some(script) = scripts.get(name.as_str()) else {
            continue;
        };
        let mut outcome = Outcome::default();
        let mut commands = shell::parse(script);
        if name == first {
            // `npm start -- --port 3000`: the arguments follow the script's last command; they
            // stand at the script's end, where no fix edits them.
            let end = script.offsets.last().copied().unwrap_or(0);
            if let Some(last) = commands.last_mut() {
                last.words.extend(args.iter().map(|arg| {
                    shell::literal_word(&Mapped {
                        text: arg.clone(),
                        offsets: vec![end; arg.len() + 1],
                    })
                }));
            }
        }
        invocation::judge_script(&commands, site, facts, &mut outcome);
        queue.extend(outcome.scripts);
    }
    for start in &mut facts.server_starts[starts..] {
        start.unit = Unit::Script(first.to_string());
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
