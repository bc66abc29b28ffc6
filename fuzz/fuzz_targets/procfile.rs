#![no_main]

mod common;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    common::lint(bindlint::lang::FileKind::Procfile, "Procfile", data);
});
