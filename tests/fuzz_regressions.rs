//! Every input a fuzzer broke on, replayed through the same checks the fuzz targets run
//! (`fuzz/fuzz_targets/checks.rs`): `tests/fuzz-regressions/<target>/<case>`. A new crash is a
//! file dropped there, named after what went wrong; no Rust code.

#[path = "../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::path::Path;

#[test]
fn every_input_a_fuzzer_broke_on_passes_its_checks() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions");
    let mut replayed = 0;
    for target in std::fs::read_dir(&root).expect("tests/fuzz-regressions exists") {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            checks::TARGETS.contains(&name.as_str()),
            "{name}: not a fuzz target"
        );
        for case in std::fs::read_dir(&target).unwrap() {
            let case = case.unwrap().path();
            let data = std::fs::read(&case).unwrap();
            let outcome = std::panic::catch_unwind(|| checks::run(&name, &data));
            assert!(outcome.is_ok(), "{} fails its checks", case.display());
            replayed += 1;
        }
    }
    assert!(
        replayed > 0,
        "no regression input found under {}",
        root.display()
    );
}
