//! One snapshot per fixture file, as clippy keeps a `.stderr` and a `.fixed` per UI test: the
//! human output of `bindlint FILE` followed by `bindlint --diff --unsafe-fixes FILE`, so a
//! reviewer sees a message or a fix change case by case (`cargo insta review`). The `expect:`
//! comments (`tests/fixtures.rs`) stay the primary check; these show how each finding reads.

mod common;

use std::path::Path;

use bindlint::lang::{is_test_path, FileKind};
use common::{bindlint_in, stderr, stdout};

#[test]
fn fixture() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    insta::glob!("../fixtures", "**/*", |path| {
        let relative = path.strip_prefix(&fixtures).unwrap();
        if !path.is_file() || FileKind::of(path).is_none() || is_test_path(relative) {
            return;
        }
        let name = relative.to_string_lossy().into_owned();
        let human = bindlint_in(&fixtures, &["--isolated", "--no-color", &name]);
        let diff = bindlint_in(
            &fixtures,
            &["--isolated", "--diff", "--unsafe-fixes", &name],
        );
        let snapshot = format!(
            "$ bindlint {name}\n{}{}\n$ bindlint --diff --unsafe-fixes {name}\n{}{}",
            stdout(&human),
            stderr(&human),
            stdout(&diff),
            stderr(&diff),
        );
        insta::assert_snapshot!(snapshot);
    });
}
