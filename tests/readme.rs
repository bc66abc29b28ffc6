//! The README's rule and fix tables are generated from the rule declarations, and its
//! `bindlint deployments` example is that command's real output on a fixture; this keeps the
//! copies current. `UPDATE_README=1 cargo test --test readme` (or
//! `scripts/update_readme_rules.sh`) rewrites them; one test at a time (`--test-threads=1`), as
//! the tests share the file.

use std::path::Path;

fn readme_path() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
}

/// Checks (or, with `UPDATE_README` set, rewrites) the text between `<!-- {name}:start -->` and
/// `<!-- {name}:end -->`.
fn generated_section(name: &str, expected: &str) {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let start_marker = format!("<!-- {name}:start -->\n");
    let end_marker = format!("<!-- {name}:end -->");
    let start = readme
        .find(&start_marker)
        .unwrap_or_else(|| panic!("README has no {start_marker:?} marker"))
        + start_marker.len();
    let end = readme
        .find(&end_marker)
        .unwrap_or_else(|| panic!("README has no {end_marker:?} marker"));
    if std::env::var_os("UPDATE_README").is_some() {
        let updated = format!("{}{expected}{}", &readme[..start], &readme[end..]);
        std::fs::write(readme_path(), updated).unwrap();
        return;
    }
    assert_eq!(
        &readme[start..end],
        expected,
        "README {name} table is stale: regenerate it with scripts/update_readme_rules.sh"
    );
}

#[test]
fn readme_rule_table_matches_the_rule_declarations() {
    generated_section("rules", &bindlint::rules::markdown_table());
}

#[test]
fn readme_fix_table_matches_the_rule_declarations() {
    generated_section("fixes", &bindlint::rules::markdown_fix_table());
}

#[test]
fn readme_gives_the_commands_ci_runs() {
    let readme = std::fs::read_to_string(readme_path()).unwrap();
    let ci = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.ci/run")).unwrap();
    let example = "cargo run --release -- fixtures/projects/dev_only_served";
    assert!(readme.contains(example) && ci.contains("fixtures/projects/dev_only_served"));
    assert!(readme.contains("\ncargo test\n") && ci.contains("cargo test"));
}

#[test]
fn readme_deployments_example_is_the_real_output() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/deployments/override_heroku"
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_bindlint"))
        .arg("deployments")
        .current_dir(fixture)
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    let printed = String::from_utf8(output.stdout).unwrap();
    let block = format!("```\n$ bindlint deployments\n{}\n```\n", printed.trim_end());
    generated_section("deployments-example", &block);
}
