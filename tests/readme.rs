//! The README's rule table is generated from the rule docs; this keeps the copy current.

#[test]
fn readme_rule_table_matches_the_rule_docs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("<!-- rules:start -->\n")
        .expect("README has the rules:start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme
        .find("<!-- rules:end -->")
        .expect("README has the rules:end marker");
    assert_eq!(
        &readme[start..end],
        bindlint::rules::markdown_table(),
        "README rule table is stale: regenerate it with scripts/update_readme_rules.sh"
    );
}

#[test]
fn readme_gives_the_commands_ci_runs() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    assert!(readme.contains("cargo run --release -- fixtures/") && ci.contains("-- fixtures/"));
    assert!(readme.contains("\ncargo test\n") && ci.contains("cargo test"));
}
