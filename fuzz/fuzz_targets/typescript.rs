#![no_main]

mod common;

use bindlint::lang::FileKind;

// The first byte picks the grammar: TypeScript or TSX.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    if first % 2 == 0 {
        common::lint(FileKind::TypeScript, "server.ts", rest);
    } else {
        common::lint(FileKind::Tsx, "server.tsx", rest);
    }
});
