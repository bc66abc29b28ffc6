//! Open documents: the editor's text (not the file on disk), its version, and the conversion
//! between byte offsets (bindlint's spans) and LSP positions (lines and UTF-16 code units, the
//! encoding every client supports).

use lsp_types::{Position, Range, TextDocumentContentChangeEvent};

/// A document as the editor has it.
#[derive(Debug, Clone)]
pub struct Document {
    pub text: String,
    pub version: i32,
}

impl Document {
    /// Applies one change: the whole text (full sync), or a range replaced (incremental sync).
    /// A range outside the text is clamped to it, as clients expect.
    pub fn apply(&mut self, change: TextDocumentContentChangeEvent) {
        match change.range {
            None => self.text = change.text,
            Some(range) => {
                let start = offset(&self.text, range.start);
                let end = offset(&self.text, range.end).max(start);
                self.text.replace_range(start..end, &change.text);
            }
        }
    }
}

/// The LSP position of a byte offset (clamped to the text, moved back to a char boundary).
pub fn position(text: &str, offset: usize) -> Position {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = before.matches('\n').count();
    let character: usize = before[line_start..].chars().map(char::len_utf16).sum();
    Position::new(
        u32::try_from(line).unwrap_or(u32::MAX),
        u32::try_from(character).unwrap_or(u32::MAX),
    )
}

/// The LSP range of a byte span.
pub fn range(text: &str, span: &std::ops::Range<usize>) -> Range {
    Range::new(position(text, span.start), position(text, span.end))
}

/// The byte offset of an LSP position: past the end of its line means the line's end, past the
/// last line means the end of the text, and the middle of a surrogate pair rounds down.
pub fn offset(text: &str, position: Position) -> usize {
    let mut line_start = 0;
    for _ in 0..position.line {
        match text[line_start..].find('\n') {
            Some(newline) => line_start += newline + 1,
            None => return text.len(),
        }
    }
    let line_end = text[line_start..]
        .find('\n')
        .map_or(text.len(), |i| line_start + i);
    let mut units = 0;
    for (index, c) in text[line_start..line_end].char_indices() {
        if units + c.len_utf16() > position.character as usize {
            return line_start + index;
        }
        units += c.len_utf16();
    }
    line_end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_and_positions_round_trip_through_utf16() {
        let text = "a = 1\nhost = \"é😀\"  # x\r\nlast";
        for offset_in in [0, 4, 6, 14, 16, 20, text.len()] {
            let at = position(text, offset_in);
            assert_eq!(offset(text, at), offset_in, "{at:?}");
        }
        // `😀` is two UTF-16 units: the closing quote is at character 11 of line 1.
        assert_eq!(
            position(text, text.find("\"  #").unwrap()),
            Position::new(1, 11)
        );
        assert_eq!(offset(text, Position::new(9, 0)), text.len());
        assert_eq!(offset(text, Position::new(0, 99)), 5);
    }

    #[test]
    fn incremental_changes_edit_the_text() {
        let mut document = Document {
            text: "app.run(host=\"127.0.0.1\")\n".into(),
            version: 1,
        };
        document.apply(TextDocumentContentChangeEvent {
            range: Some(Range::new(Position::new(0, 14), Position::new(0, 23))),
            range_length: None,
            text: "0.0.0.0".into(),
        });
        assert_eq!(document.text, "app.run(host=\"0.0.0.0\")\n");
        document.apply(TextDocumentContentChangeEvent {
            range: None,
            range_length: None,
            text: "x".into(),
        });
        assert_eq!(document.text, "x");
    }
}
