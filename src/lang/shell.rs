//! Shell words, the way a POSIX shell splits them: quotes, backslash escapes, line
//! continuations, `;` `&&` `||` `|` `&` between commands, `NAME=value` prefixes and `$NAME` /
//! `${NAME}` / `${NAME:-default}` expansions. Every byte of every word remembers the file offset
//! it came from, so findings point at the exact text even inside a JSON string.

use std::ops::Range;

use crate::source::Span;

/// Text whose every byte maps to an offset in the file (through JSON escapes, quotes...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mapped {
    pub text: String,
    /// `offsets[i]` is the file offset of `text`'s byte `i`; one more entry marks the end.
    pub offsets: Vec<usize>,
}

impl Mapped {
    /// Text copied verbatim from the file at `start`.
    pub fn verbatim(text: &str, start: usize) -> Mapped {
        Mapped {
            text: text.to_string(),
            offsets: (start..=start + text.len()).collect(),
        }
    }

    /// Appends a character that stands at file offset `offset`.
    pub fn push(&mut self, ch: char, offset: usize) {
        self.offsets.truncate(self.text.len());
        self.offsets
            .extend(std::iter::repeat_n(offset, ch.len_utf8()));
        self.text.push(ch);
    }

    /// Adds the end marker after the last character.
    pub fn close(&mut self) {
        self.offsets.truncate(self.text.len());
        let end = self.end_of_last_char().unwrap_or(0);
        self.offsets.push(end);
    }

    fn end_of_last_char(&self) -> Option<usize> {
        let (index, ch) = self.text.char_indices().last()?;
        Some(self.offsets[index] + ch.len_utf8())
    }

    /// The file span of `range` (bytes of `text`): from its first character to the end of its
    /// last one. A character decoded from an escape (`\"` in JSON) spans its first file byte.
    pub fn span_of(&self, range: Range<usize>) -> Span {
        let start = self.offsets.get(range.start).copied().unwrap_or(0);
        let Some((last, ch)) = self
            .text
            .get(range.clone())
            .and_then(|t| t.char_indices().last())
        else {
            return start..start;
        };
        let last = range.start + last;
        start..self.offsets[last] + ch.len_utf8()
    }

    /// The span of the whole text.
    pub fn span(&self) -> Span {
        self.span_of(0..self.text.len())
    }

    /// The part of the text in `range` (bytes of `text`), with its offsets.
    pub fn slice(&self, range: Range<usize>) -> Mapped {
        Mapped {
            text: self.text[range.clone()].to_string(),
            offsets: self.offsets[range.start..=range.end].to_vec(),
        }
    }
}

/// A parameter expansion inside a word, in any POSIX form: `$NAME`, `${NAME}`,
/// `${NAME:-default}` / `${NAME-default}` / `${NAME:=default}` / `${NAME=default}` (the default
/// where it is unset), `${NAME:+word}` / `${NAME+word}` (the word only where it is set),
/// `${NAME:?message}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expansion {
    /// Where the expansion's text stands in the word.
    pub range: Range<usize>,
    pub name: String,
    /// The default, when written.
    pub default: Option<String>,
    /// `${NAME:+word}`: where `word` stands in the word's text.
    pub alternate: Option<Range<usize>>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal; expansions keep their raw text (`$PORT`).
    pub text: Mapped,
    pub expansions: Vec<Expansion>,
}

impl Word {
    pub fn as_str(&self) -> &str {
        &self.text.text
    }

    pub fn span(&self) -> Span {
        self.text.span()
    }

    /// The part of the word from byte `from` on, as its own word.
    pub fn suffix(&self, from: usize) -> Word {
        Word {
            text: Mapped {
                text: self.text.text[from..].to_string(),
                offsets: self.text.offsets[from..].to_vec(),
            },
            expansions: self
                .expansions
                .iter()
                .filter(|e| e.range.start >= from)
                .map(|e| Expansion {
                    range: e.range.start - from..e.range.end - from,
                    alternate: e.alternate.clone().map(|a| a.start - from..a.end - from),
                    ..e.clone()
                })
                .collect(),
        }
    }
}

/// One simple command: `PORT=8000 node server.js`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Command {
    /// `NAME=value` prefixes: the name and the value as a word.
    pub env: Vec<(String, Word)>,
    pub words: Vec<Word>,
}

/// A word taken as it is, without splitting or quote removal (an exec-form array element), with
/// its `$VAR` expansions marked.
pub fn literal_word(text: &Mapped) -> Word {
    let mut splitter = Splitter::default();
    let chars: Vec<(usize, char)> = text.text.char_indices().collect();
    let offset = |index: usize| -> usize {
        chars
            .get(index)
            .map(|(byte, _)| text.offsets[*byte])
            .unwrap_or_else(|| text.offsets.last().copied().unwrap_or(0))
    };
    splitter.word();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 == '$' {
            i = splitter.expansion(&chars, i, &offset);
        } else {
            splitter.word().push(chars[i].1, offset(i));
            i += 1;
        }
    }
    let mut word = splitter.current.take().unwrap_or_default();
    word.text.close();
    word
}

/// Splits shell source into simple commands.
pub fn parse(input: &Mapped) -> Vec<Command> {
    let mut parser = Splitter::default();
    let chars: Vec<(usize, char)> = input.text.char_indices().collect();
    let offset = |index: usize| -> usize {
        chars
            .get(index)
            .map(|(byte, _)| input.offsets[*byte])
            .unwrap_or_else(|| input.offsets.last().copied().unwrap_or(0))
    };
    let mut i = 0;
    while i < chars.len() {
        let (_, ch) = chars[i];
        let next = chars.get(i + 1).map(|(_, c)| *c);
        match ch {
            '\\' if next == Some('\n') => i += 2,
            '\\' if next == Some('\r') && chars.get(i + 2).map(|(_, c)| *c) == Some('\n') => i += 3,
            '\\' => {
                if let Some(escaped) = next {
                    parser.word().push(escaped, offset(i + 1));
                }
                i += 2;
            }
            '\'' => {
                parser.word();
                i += 1;
                while i < chars.len() && chars[i].1 != '\'' {
                    parser.word().push(chars[i].1, offset(i));
                    i += 1;
                }
                i += 1;
            }
            '"' => {
                parser.word();
                i += 1;
                while i < chars.len() && chars[i].1 != '"' {
                    let (_, c) = chars[i];
                    let after = chars.get(i + 1).map(|(_, c)| *c);
                    if c == '\\' && matches!(after, Some('$' | '`' | '"' | '\\' | '\n')) {
                        if after != Some('\n') {
                            parser.word().push(after.unwrap_or('\\'), offset(i + 1));
                        }
                        i += 2;
                    } else if c == '$' {
                        i = parser.expansion(&chars, i, &offset);
                    } else {
                        parser.word().push(c, offset(i));
                        i += 1;
                    }
                }
                i += 1;
            }
            '$' => i = parser.expansion(&chars, i, &offset),
            ' ' | '\t' => {
                parser.end_word();
                i += 1;
            }
            '\n' | '\r' | ';' | '&' | '|' | '(' | ')' => {
                parser.end_command();
                i += 1;
            }
            '>' | '<' => {
                // A redirection: its target is not an argument.
                parser.end_word();
                parser.skip_next_word = true;
                i += 1;
                while chars.get(i).is_some_and(|(_, c)| matches!(c, '>' | '&')) {
                    i += 1;
                }
            }
            '#' if parser.current.is_none() => {
                while i < chars.len() && chars[i].1 != '\n' {
                    i += 1;
                }
            }
            _ => {
                parser.word().push(ch, offset(i));
                i += 1;
            }
        }
    }
    parser.end_command();
    parser.commands
}

#[derive(Default)]
struct Splitter {
    commands: Vec<Command>,
    command: Command,
    current: Option<Word>,
    skip_next_word: bool,
}

impl Splitter {
    fn word(&mut self) -> &mut Mapped {
        &mut self.current.get_or_insert_with(Word::default).text
    }

    /// Reads `$NAME`, `${NAME}` or `${NAME:-default}` starting at `chars[i]` (the `$`), keeping
    /// its raw text in the word. Returns the index after it.
    fn expansion(
        &mut self,
        chars: &[(usize, char)],
        i: usize,
        offset: &dyn Fn(usize) -> usize,
    ) -> usize {
        let start_in_word = self.current.as_ref().map_or(0, |w| w.text.text.len());
        let mut j = i + 1;
        let mut alternate = None;
        let (name, default, end) = if chars.get(j).map(|(_, c)| *c) == Some('{') {
            // The closing brace of this expansion, past any nested `${...}`.
            let mut depth = 0usize;
            let close = (j..chars.len()).find(|&k| match chars[k].1 {
                '{' => {
                    depth += 1;
                    false
                }
                '}' => {
                    depth -= 1;
                    depth == 0
                }
                _ => false,
            });
            let Some(close) = close else {
                self.word().push('$', offset(i));
                return i + 1;
            };
            let inner: String = chars[j + 1..close].iter().map(|(_, c)| c).collect();
            let name_len = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(inner.len());
            let name = inner[..name_len].to_string();
            let rest = &inner[name_len..];
            let default = [":-", "-", ":=", "="]
                .iter()
                .find_map(|op| rest.strip_prefix(op))
                .map(str::to_string);
            if let Some(op) = [":+", "+"].iter().find(|op| rest.starts_with(**op)) {
                // In bytes of the word: `${` + name + op, up to the closing brace.
                let from = start_in_word + 2 + name_len + op.len();
                let to = start_in_word + 2 + inner.len();
                alternate = Some(from..to);
            }
            (name, default, close + 1)
        } else {
            while chars
                .get(j)
                .is_some_and(|(_, c)| c.is_ascii_alphanumeric() || *c == '_')
            {
                j += 1;
            }
            let name: String = chars[i + 1..j].iter().map(|(_, c)| c).collect();
            (name, None, j)
        };
        for (k, (_, ch)) in chars.iter().enumerate().take(end).skip(i) {
            self.word().push(*ch, offset(k));
        }
        if !name.is_empty() {
            let end_in_word = self.current.as_ref().map_or(0, |w| w.text.text.len());
            if let Some(word) = self.current.as_mut() {
                word.expansions.push(Expansion {
                    range: start_in_word..end_in_word,
                    name,
                    default,
                    alternate,
                });
            }
        }
        end
    }

    fn end_word(&mut self) {
        let Some(mut word) = self.current.take() else {
            return;
        };
        word.text.close();
        if std::mem::take(&mut self.skip_next_word) {
            return;
        }
        let is_assignment = self.command.words.is_empty()
            && word.expansions.first().is_none_or(|e| e.range.start > 0)
            && word.as_str().split_once('=').is_some_and(|(name, _)| {
                !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                    && !name.starts_with(|c: char| c.is_ascii_digit())
            });
        if is_assignment {
            let eq = word.as_str().find('=').unwrap_or(0);
            let name = word.as_str()[..eq].to_string();
            self.command.env.push((name, word.suffix(eq + 1)));
        } else {
            self.command.words.push(word);
        }
    }

    fn end_command(&mut self) {
        self.end_word();
        let command = std::mem::take(&mut self.command);
        if !command.words.is_empty() || !command.env.is_empty() {
            self.commands.push(command);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(source: &str) -> Vec<Vec<String>> {
        parse(&Mapped::verbatim(source, 0))
            .into_iter()
            .map(|c| c.words.iter().map(|w| w.as_str().to_string()).collect())
            .collect()
    }

    #[test]
    fn splits_like_a_shell() {
        assert_eq!(
            words(r#"gunicorn -b "0.0.0.0:$PORT" 'app:app' && echo a\ b; exit"#),
            vec![
                vec!["gunicorn", "-b", "0.0.0.0:$PORT", "app:app"],
                vec!["echo", "a b"],
                vec!["exit"]
            ]
        );
        assert_eq!(
            words("uvicorn main:app \\\n  --port 8000"),
            vec![vec!["uvicorn", "main:app", "--port", "8000"]]
        );
        assert_eq!(
            words("node server.js > out.log 2>&1"),
            vec![vec!["node", "server.js", "2"]]
        );
    }

    #[test]
    fn env_prefixes_and_expansions() {
        let commands = parse(&Mapped::verbatim(
            "PORT=8000 HOST=x node s.js --port=${PORT:-3000}",
            0,
        ));
        let command = &commands[0];
        assert_eq!(
            command
                .env
                .iter()
                .map(|(n, w)| (n.as_str(), w.as_str()))
                .collect::<Vec<_>>(),
            [("PORT", "8000"), ("HOST", "x")]
        );
        assert_eq!(command.env[0].1.span(), 5..9);
        let flag = &command.words[2];
        assert_eq!(flag.expansions[0].name, "PORT");
        assert_eq!(flag.expansions[0].default.as_deref(), Some("3000"));
    }

    #[test]
    fn every_posix_expansion_form() {
        for (source, default) in [
            ("${PORT-8000}", Some("8000")),
            ("${PORT:=8000}", Some("8000")),
            ("${PORT=8000}", Some("8000")),
            ("${PORT:?unset}", None),
            ("${PORT}", None),
        ] {
            let word = &parse(&Mapped::verbatim(source, 0))[0].words[0];
            assert_eq!(word.expansions[0].name, "PORT", "{source}");
            assert_eq!(word.expansions[0].default.as_deref(), default, "{source}");
        }
        let source = "x ${PORT:+--port=${PORT}} y";
        let commands = parse(&Mapped::verbatim(source, 0));
        let word = &commands[0].words[1];
        assert_eq!(word.as_str(), "${PORT:+--port=${PORT}}");
        let alternate = word.expansions[0].alternate.clone().unwrap();
        assert_eq!(&word.as_str()[alternate], "--port=${PORT}");
        assert_eq!(commands[0].words[2].as_str(), "y");
    }

    #[test]
    fn spans_point_into_the_source_through_quotes() {
        let source = r#"x --bind "127.0.0.1:8000""#;
        let commands = parse(&Mapped::verbatim(source, 10));
        let bind = &commands[0].words[2];
        assert_eq!(bind.as_str(), "127.0.0.1:8000");
        assert_eq!(bind.span(), 20..34);
        assert_eq!(
            &source[bind.span().start - 10..bind.span().end - 10],
            "127.0.0.1:8000"
        );
        assert_eq!(bind.text.span_of(10..14), 30..34);
    }
}
