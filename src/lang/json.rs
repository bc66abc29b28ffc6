//! JSON strings with their file offsets: the decoded text of `"a\"b"` still knows where each
//! character stands in the file. Used for package.json scripts and Dockerfile exec arrays.

use super::shell::Mapped;

/// Decodes the content of a JSON string literal (between the quotes), given as mapped text.
pub fn decode(raw: &Mapped) -> Mapped {
    let mut out = Mapped::default();
    let chars: Vec<(usize, char)> = raw.text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (byte, ch) = chars[i];
        let offset = raw.offsets[byte];
        if ch != '\\' {
            out.push(ch, offset);
            i += 1;
            continue;
        }
        let escaped = chars.get(i + 1).map(|(_, c)| *c);
        let decoded = match escaped {
            Some('n') => Some('\n'),
            Some('t') => Some('\t'),
            Some('r') => Some('\r'),
            Some('b') => Some('\u{8}'),
            Some('f') => Some('\u{c}'),
            Some('u') => {
                let hex: String = chars.iter().skip(i + 2).take(4).map(|(_, c)| c).collect();
                let decoded = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                if decoded.is_some() {
                    i += 4;
                }
                decoded.or(Some('\u{fffd}'))
            }
            other => other,
        };
        if let Some(decoded) = decoded {
            out.push(decoded, offset);
        }
        i += 2;
    }
    out.close();
    out
}

/// Parses a JSON array of strings (a Dockerfile exec form), keeping offsets. `None` when the text
/// is not exactly such an array: Docker then runs the instruction in shell form.
pub fn string_array(source: &Mapped) -> Option<Vec<Mapped>> {
    let chars: Vec<(usize, char)> = source.text.char_indices().collect();
    let mut i = 0;
    let skip_space = |i: &mut usize| {
        while chars.get(*i).is_some_and(|(_, c)| c.is_whitespace()) {
            *i += 1;
        }
    };
    skip_space(&mut i);
    if chars.get(i).map(|(_, c)| *c) != Some('[') {
        return None;
    }
    i += 1;
    let mut items = Vec::new();
    skip_space(&mut i);
    if chars.get(i).map(|(_, c)| *c) == Some(']') {
        i += 1;
    } else {
        loop {
            skip_space(&mut i);
            if chars.get(i).map(|(_, c)| *c) != Some('"') {
                return None;
            }
            i += 1;
            let mut raw = Mapped::default();
            loop {
                let (byte, ch) = *chars.get(i)?;
                match ch {
                    '"' => break,
                    '\\' => {
                        let (next_byte, next) = *chars.get(i + 1)?;
                        raw.push('\\', source.offsets[byte]);
                        raw.push(next, source.offsets[next_byte]);
                        i += 2;
                    }
                    _ => {
                        raw.push(ch, source.offsets[byte]);
                        i += 1;
                    }
                }
            }
            raw.close();
            items.push(decode(&raw));
            i += 1;
            skip_space(&mut i);
            match chars.get(i).map(|(_, c)| *c) {
                Some(',') => i += 1,
                Some(']') => {
                    i += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    skip_space(&mut i);
    (i == chars.len()).then_some(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_and_keep_offsets() {
        let raw = Mapped::verbatim(r#"a\"b\u0041"#, 100);
        let decoded = decode(&raw);
        assert_eq!(decoded.text, "a\"bA");
        assert_eq!(decoded.offsets, vec![100, 101, 103, 104, 105]);
    }

    #[test]
    fn exec_arrays() {
        let source = Mapped::verbatim(r#"["gunicorn", "-b", "0.0.0.0:$PORT"]"#, 0);
        let items = string_array(&source).unwrap();
        assert_eq!(
            items.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(),
            ["gunicorn", "-b", "0.0.0.0:$PORT"]
        );
        assert_eq!(items[2].span(), 20..33);
        assert!(string_array(&Mapped::verbatim(r#"["gunicorn", "-b""#, 0)).is_none());
        assert!(string_array(&Mapped::verbatim("gunicorn app:app", 0)).is_none());
        assert_eq!(string_array(&Mapped::verbatim("[]", 0)).unwrap().len(), 0);
    }
}
