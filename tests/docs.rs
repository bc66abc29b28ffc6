//! `docs/rules/` holds one page per rule, generated from the rule's declaration (what
//! `bindlint rule CODE` prints, and where editors link a finding's code), and an index. This
//! keeps them current: `UPDATE_DOCS=1 cargo test --test docs` (or
//! `scripts/update_readme_rules.sh`) rewrites them.

use std::path::{Path, PathBuf};

use bindlint::rules::ALL_RULES;

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules")
}

/// The index page: every rule with its summary, linking its page.
fn index() -> String {
    let mut page = String::from(
        "# Rules\n\nOne page per rule, generated from the rule's own documentation (`bindlint rule \
         CODE` prints the same page).\n\n| Code | Name | Default | Fix | What it flags |\n|---|---|---|---|---|\n",
    );
    for rule in ALL_RULES {
        page.push_str(&format!(
            "| [{code}]({code}.md) | `{}` | {} | {} | {} |\n",
            rule.name,
            rule.default_severity,
            rule.fix.label(),
            rule.summary().replace('|', "\\|"),
            code = rule.code,
        ));
    }
    page
}

#[test]
fn every_rule_has_its_page_and_the_pages_are_current() {
    let dir = rules_dir();
    let mut expected: Vec<(PathBuf, String)> = ALL_RULES
        .iter()
        .map(|rule| (dir.join(format!("{}.md", rule.code)), rule.page() + "\n"))
        .collect();
    expected.push((dir.join("README.md"), index()));
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for (path, text) in &expected {
            std::fs::write(path, text).unwrap();
        }
    }
    for (path, text) in &expected {
        let found = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            &found,
            text,
            "{} is stale: regenerate it with UPDATE_DOCS=1 cargo test --test docs",
            path.display()
        );
    }
    // No page for a rule that does not exist.
    let names: Vec<PathBuf> = expected.into_iter().map(|(path, _)| path).collect();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        assert!(
            names.contains(&path),
            "{} is no rule's page",
            path.display()
        );
    }
}

#[test]
fn findings_link_to_their_rules_page() {
    for rule in ALL_RULES {
        assert!(
            rule.url()
                .ends_with(&format!("/blob/main/docs/rules/{}.md", rule.code)),
            "{}",
            rule.url()
        );
    }
}

/// Every text file the repository keeps, by walking it as git would (ignored files left out).
fn repository_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(root)
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            !matches!(
                name.as_ref(),
                "target" | ".git" | "node_modules" | "corpus" | "results"
            )
        })
    {
        let entry = entry.unwrap();
        let path = entry.path();
        let text_kind = path.extension().is_some_and(|e| {
            matches!(
                e.to_str(),
                Some(
                    "rs" | "md"
                        | "toml"
                        | "sh"
                        | "py"
                        | "js"
                        | "ts"
                        | "json"
                        | "yml"
                        | "yaml"
                        | "snap"
                )
            )
        });
        if entry.file_type().is_file() && text_kind && !path.starts_with(root.join("fuzz/target")) {
            files.push(path.to_path_buf());
        }
    }
    files
}

#[test]
fn no_file_names_a_document_the_repository_does_not_have() {
    // The behaviour contract this project started from lives outside it; the repository's own
    // docs (README, docs/) say what bindlint does, and nothing may send a reader elsewhere.
    let outside = [
        "SPEC.md",
        "catalog.md",
        "../shared",
        "shared/platforms",
        "shared/catalog",
    ];
    let this_test = Path::new(file!()).file_name().unwrap();
    let mut found = Vec::new();
    for path in repository_files() {
        if path.file_name() == Some(this_test) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for (index, line) in text.lines().enumerate() {
            if outside.iter().any(|name| line.contains(name)) {
                found.push(format!("{}:{}: {line}", path.display(), index + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "documents outside the repository named:\n{}",
        found.join("\n")
    );
}

#[test]
fn markdown_links_inside_the_repository_resolve() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for path in repository_files()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
    {
        let text = std::fs::read_to_string(&path).unwrap();
        for (index, line) in text.lines().enumerate() {
            for target in line
                .split("](")
                .skip(1)
                .filter_map(|rest| rest.split(')').next())
            {
                let target = target.split('#').next().unwrap_or("");
                if target.is_empty() || target.contains("://") || target.starts_with("mailto:") {
                    continue;
                }
                let resolved = path.parent().unwrap_or(root).join(target);
                if !resolved.exists() {
                    broken.push(format!("{}:{}: {target}", path.display(), index + 1));
                }
            }
        }
    }
    assert!(
        broken.is_empty(),
        "links to nothing:\n{}",
        broken.join("\n")
    );
}
