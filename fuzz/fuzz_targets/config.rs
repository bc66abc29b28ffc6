#![no_main]

use std::path::Path;

// Any text as bindlint.toml and as pyproject.toml: an error or settings, never a panic.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for name in ["bindlint.toml", "pyproject.toml"] {
        let _ = bindlint::config::parse(Path::new(name), text.into());
    }
});
