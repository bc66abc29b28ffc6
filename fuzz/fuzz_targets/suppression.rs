#![no_main]

// Suppression comments in any text: every one found covers a line that exists.
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let lines = text.split('\n').count();
    for suppression in bindlint::suppress::parse(text) {
        // A comment alone on the last line silences the line after it.
        assert!(suppression.line >= 1 && suppression.line <= lines + 1);
        assert!(suppression.span.end <= text.len());
        assert!(text.is_char_boundary(suppression.span.start));
        assert!(text.is_char_boundary(suppression.span.end));
    }
});
