//! A source file in memory: its bytes as text, and the line index that turns byte offsets into
//! the 1-based line and character columns every report format uses.

use std::ops::Range;
use std::sync::Arc;

/// A byte range into a source file's text.
pub type Span = Range<usize>;

/// A 1-based line and 1-based column counted in characters (Unicode scalar values), as docs/output.md
/// requires for every output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// How a file's text is stored on disk: UTF-8 (with or without a byte-order mark, which stays
/// in the text as `U+FEFF`), or UTF-16 with a byte-order mark (Windows editors write YAML that
/// way). Text is decoded once when read and encoded back the same way when `--fix` writes it,
/// so not a byte changes but the fixed ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Why bytes are not text bindlint reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Undecodable {
    /// A NUL byte in the first 8 KiB (of a file that is not UTF-16).
    Binary,
    /// Not UTF-8: the offset of the first invalid byte.
    NotUtf8(usize),
    /// UTF-16 with a byte-order mark, but broken (an odd length, an unpaired surrogate).
    BadUtf16,
}

impl std::fmt::Display for Undecodable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Undecodable::Binary => write!(f, "binary file (contains NUL bytes)"),
            Undecodable::NotUtf8(offset) => {
                write!(f, "not valid UTF-8 (invalid byte at offset {offset})")
            }
            Undecodable::BadUtf16 => write!(
                f,
                "not valid UTF-16 (it starts with a UTF-16 byte-order mark)"
            ),
        }
    }
}

impl Encoding {
    /// Decodes a file's bytes: UTF-16 when they start with its byte-order mark, else UTF-8.
    pub fn decode(bytes: Vec<u8>) -> Result<(String, Encoding), Undecodable> {
        let utf16 = match bytes.get(..2) {
            Some([0xff, 0xfe]) => Some(Encoding::Utf16Le),
            Some([0xfe, 0xff]) => Some(Encoding::Utf16Be),
            _ => None,
        };
        if let Some(encoding) = utf16 {
            if bytes.len() % 2 != 0 {
                return Err(Undecodable::BadUtf16);
            }
            let units = bytes.chunks_exact(2).map(|pair| match encoding {
                Encoding::Utf16Le => u16::from_le_bytes([pair[0], pair[1]]),
                _ => u16::from_be_bytes([pair[0], pair[1]]),
            });
            let text: Result<String, _> = char::decode_utf16(units).collect();
            return text
                .map(|text| (text, encoding))
                .map_err(|_| Undecodable::BadUtf16);
        }
        if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
            return Err(Undecodable::Binary);
        }
        String::from_utf8(bytes)
            .map(|text| (text, Encoding::Utf8))
            .map_err(|error| Undecodable::NotUtf8(error.utf8_error().valid_up_to()))
    }

    /// The bytes of `text` in this encoding (the byte-order mark is a character of the text).
    pub fn encode(self, text: &str) -> std::borrow::Cow<'_, [u8]> {
        match self {
            Encoding::Utf8 => std::borrow::Cow::Borrowed(text.as_bytes()),
            Encoding::Utf16Le => text.encode_utf16().flat_map(u16::to_le_bytes).collect(),
            Encoding::Utf16Be => text.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        }
    }
}

/// A file other than the one being linted whose text a finding points into: a module the linted
/// file imports, where a value is set or an app is created. Findings name it by `path` and
/// place their pointers with [`OtherFile::position`].
#[derive(Debug, PartialEq, Eq)]
pub struct OtherFile {
    /// The path as the user should see it (relative to the working directory when inside it).
    pub path: String,
    pub text: Arc<str>,
}

impl OtherFile {
    /// The line and character column of a byte offset (clamped, like [`SourceFile::position`]).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    /// `path:line`, as messages cite a place in another file.
    pub fn cite(&self, offset: usize) -> String {
        format!("{}:{}", self.path, self.position(offset).line)
    }
}

/// A file's text and the offsets at which its lines start.
pub struct SourceFile {
    /// The path as the user should see it (relative to where they ran bindlint).
    pub path: String,
    pub text: Arc<str>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    pub fn new(path: impl Into<String>, text: impl Into<Arc<str>>) -> Self {
        let text: Arc<str> = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// The position of a byte offset. Offsets inside a multi-byte character or past the end are
    /// clamped, so a bad span can never panic a report.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[line_start..end].chars().count() + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// The text of the 1-based line `line`, without its line terminator.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_with_a_bom_round_trips_and_other_bytes_are_refused() {
        let text = "\u{feff}services:\r\n  web: é\n";
        for encoding in [Encoding::Utf16Le, Encoding::Utf16Be, Encoding::Utf8] {
            let bytes = encoding.encode(text).into_owned();
            assert_eq!(
                Encoding::decode(bytes.clone()),
                Ok((text.to_string(), encoding))
            );
            if encoding != Encoding::Utf8 {
                assert_eq!(bytes.len(), text.encode_utf16().count() * 2);
            }
        }
        assert_eq!(
            Encoding::decode(vec![0xff, 0xfe, 0x41]),
            Err(Undecodable::BadUtf16)
        );
        // An unpaired surrogate.
        assert_eq!(
            Encoding::decode(vec![0xff, 0xfe, 0x00, 0xd8]),
            Err(Undecodable::BadUtf16)
        );
        assert_eq!(Encoding::decode(b"a\0b".to_vec()), Err(Undecodable::Binary));
        assert_eq!(
            Encoding::decode(vec![b'a', 0xc3]),
            Err(Undecodable::NotUtf8(1))
        );
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        let file = SourceFile::new("x.py", "a = 1\né = \"127.0.0.1\"\n");
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        // `"` after `é = ` is the 5th character of line 2, though its 6th byte.
        let quote = file.text.find('"').unwrap();
        assert_eq!(file.position(quote), Position { line: 2, column: 5 });
        assert_eq!(file.line_text(2), "é = \"127.0.0.1\"");
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_character_are_clamped() {
        let file = SourceFile::new("x.py", "é");
        assert_eq!(file.position(1), Position { line: 1, column: 1 });
        assert_eq!(file.position(99), Position { line: 1, column: 2 });
        assert_eq!(file.line_text(7), "");
    }

    #[test]
    fn other_files_place_offsets_like_source_files() {
        let text = "a = 1\né = \"127.0.0.1\"\n";
        let other = OtherFile {
            path: "settings.py".into(),
            text: text.into(),
        };
        let source = SourceFile::new("settings.py", text);
        for offset in [0, 3, 6, 7, 10, 99] {
            assert_eq!(other.position(offset), source.position(offset), "{offset}");
        }
        assert_eq!(other.cite(10), "settings.py:2");
    }

    #[test]
    fn crlf_line_ends_are_not_part_of_the_line() {
        let file = SourceFile::new("x.py", "a\r\nb\r\n");
        assert_eq!(file.line_text(1), "a");
        assert_eq!(file.position(3), Position { line: 2, column: 1 });
    }
}
