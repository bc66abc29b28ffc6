//! Dockerfile: the final stage's `CMD` and `ENTRYPOINT`, in exec form (a JSON array, no shell)
//! or shell form (run by `/bin/sh -c`), with line continuations and the `ENV` values the shell
//! expands at run time.

use std::collections::HashMap;

use super::command::{self, Outcome, Site};
use super::json;
use super::shell::{self, Command, Mapped, Word};
use crate::facts::FileFacts;
use crate::source::Span;

/// One instruction, its continuation lines joined.
struct Instruction {
    keyword: String,
    arguments: Mapped,
}

/// `CMD` or `ENTRYPOINT` as written.
enum Form {
    /// The array's words, and its span when it stands on one line (a fix may replace it).
    Exec(Vec<Word>, Option<Span>),
    Shell(Mapped),
}

/// The facts of a Dockerfile, and the offset of the first `CMD`/`ENTRYPOINT` that opens a JSON
/// array but is not one (Docker then runs the text through a shell, brackets and all).
pub fn extract(text: &str) -> (FileFacts, Option<usize>) {
    let mut facts = FileFacts::default();
    let mut malformed = None;
    let mut env: HashMap<String, Word> = HashMap::new();
    let mut cmd = None;
    let mut entrypoint = None;
    for instruction in instructions(text) {
        match instruction.keyword.as_str() {
            "FROM" => {
                // A new stage: only the last one's command runs.
                env.clear();
                cmd = None;
                entrypoint = None;
            }
            "ENV" => read_env(&instruction.arguments, &mut env),
            "CMD" | "ENTRYPOINT" => {
                let arguments = &instruction.arguments;
                let form = form(arguments);
                let bracket = arguments.text.find(|c: char| !c.is_whitespace());
                if let Some(at) = bracket.filter(|&at| arguments.text[at..].starts_with('[')) {
                    if matches!(form, Form::Shell(_)) {
                        malformed.get_or_insert(arguments.span_of(at..at + 1).start);
                    }
                }
                if instruction.keyword == "CMD" {
                    cmd = Some(form);
                } else {
                    entrypoint = Some(form);
                }
            }
            _ => {}
        }
    }
    let mut judge = |form: &Form, prefix: &[Word]| match form {
        Form::Shell(arguments) => {
            let site = Site {
                env: Some(&env),
                in_container: true,
                exec_form: false,
                exec_array: None,
            };
            for parsed in shell::parse(arguments) {
                command::judge(&parsed, &site, &mut facts, &mut Outcome::default());
            }
        }
        Form::Exec(words, span) => {
            let whole = prefix.is_empty();
            let words: Vec<Word> = prefix.iter().chain(words).cloned().collect();
            let runs_shell = words.first().is_some_and(|w| is_shell(w.as_str()));
            let site = Site {
                env: Some(&env),
                in_container: true,
                exec_form: !runs_shell,
                exec_array: span.clone().filter(|_| whole),
            };
            let command = Command {
                env: Vec::new(),
                words,
            };
            command::judge(&command, &site, &mut facts, &mut Outcome::default());
        }
    };
    match (&entrypoint, &cmd) {
        // An exec-form ENTRYPOINT receives CMD's words as arguments. A wrapper script
        // (`docker-entrypoint.sh`) usually ends in `exec "$@"`, so CMD is also judged alone.
        (Some(Form::Exec(entry, _)), Some(cmd @ Form::Exec(..))) => {
            let wrapper = entry.first().is_some_and(|w| w.as_str().ends_with(".sh"));
            judge(cmd, if wrapper { &[] } else { entry });
        }
        (Some(entry), _) => judge(entry, &[]),
        (None, Some(cmd)) => judge(cmd, &[]),
        (None, None) => {}
    }
    (facts, malformed)
}

fn is_shell(program: &str) -> bool {
    matches!(
        program.rsplit('/').next(),
        Some("sh" | "bash" | "dash" | "ash" | "zsh")
    )
}

/// Exec form when the arguments are a JSON array of strings; otherwise Docker runs them in
/// shell form, even when they look like a broken array.
fn form(arguments: &Mapped) -> Form {
    match json::string_array(arguments) {
        Some(items) => Form::Exec(
            items.iter().map(shell::literal_word).collect(),
            one_line_span(arguments),
        ),
        None => Form::Shell(arguments.clone()),
    }
}

/// The span of the arguments without surrounding space, when they stand in the file as they
/// are (no continuation lines or comments joined into them).
fn one_line_span(arguments: &Mapped) -> Option<Span> {
    let text = arguments.text.trim_end();
    let start = text.len() - text.trim_start().len();
    let offsets = arguments.offsets.get(start..text.len())?;
    let contiguous = offsets.windows(2).all(|pair| pair[1] == pair[0] + 1);
    (contiguous && !offsets.is_empty()).then(|| offsets[0]..offsets[offsets.len() - 1] + 1)
}

/// `ENV A=1 B="two words"` or the legacy `ENV NAME value with spaces`.
fn read_env(arguments: &Mapped, env: &mut HashMap<String, Word>) {
    let Some(parsed) = shell::parse(arguments).into_iter().next() else {
        return;
    };
    if !parsed.env.is_empty() {
        env.extend(parsed.env);
        return;
    }
    if let Some(name) = parsed.words.first() {
        let value_start = arguments
            .text
            .find(name.as_str())
            .map_or(0, |i| i + name.as_str().len());
        let rest = arguments.text[value_start..].trim_start();
        let start = arguments.text.len() - arguments.text[value_start..].trim_start().len();
        let value = Mapped {
            text: rest.trim_end().to_string(),
            offsets: arguments.offsets[start..=start + rest.trim_end().len()].to_vec(),
        };
        env.insert(name.as_str().to_string(), shell::literal_word(&value));
    }
}

/// The instructions of a Dockerfile: comments dropped, continuation lines joined (with the
/// `# escape=` directive honoured).
fn instructions(text: &str) -> Vec<Instruction> {
    let escape = escape_character(text);
    let mut instructions = Vec::new();
    let mut current: Option<Mapped> = None;
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        let trimmed = content.trim_start();
        if trimmed.starts_with('#')
            && (current.is_none() || trimmed.len() == content.len() || current.is_some())
        {
            // Comment lines are dropped, also between continuation lines.
            continue;
        }
        let continues = content.trim_end().ends_with(escape);
        let body = if continues {
            let kept = content.trim_end();
            &kept[..kept.len() - escape.len_utf8()]
        } else {
            content
        };
        let mapped = current.get_or_insert_with(Mapped::default);
        for (index, ch) in body.char_indices() {
            mapped.push(ch, start + index);
        }
        if continues {
            mapped.push(' ', start + body.len());
            continue;
        }
        let mut joined = current.take().unwrap_or_default();
        joined.close();
        if let Some(instruction) = split_instruction(joined) {
            instructions.push(instruction);
        }
    }
    if let Some(mut joined) = current.take() {
        joined.close();
        instructions.extend(split_instruction(joined));
    }
    instructions
}

fn split_instruction(line: Mapped) -> Option<Instruction> {
    let leading = line.text.len() - line.text.trim_start().len();
    let rest = &line.text[leading..];
    let keyword_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
    if keyword_len == 0 {
        return None;
    }
    let keyword = rest[..keyword_len].to_ascii_uppercase();
    let arguments_start = leading + keyword_len;
    let arguments = Mapped {
        text: line.text[arguments_start..].to_string(),
        offsets: line.offsets[arguments_start..].to_vec(),
    };
    Some(Instruction { keyword, arguments })
}

/// The `# escape=` parser directive (`\` unless set to a backtick).
fn escape_character(text: &str) -> char {
    for line in text.lines() {
        let Some(directive) = line.trim().strip_prefix('#') else {
            break;
        };
        let Some((name, value)) = directive.split_once('=') else {
            break;
        };
        if name.trim().eq_ignore_ascii_case("escape") {
            return value.trim().chars().next().unwrap_or('\\');
        }
    }
    '\\'
}
