//! Dockerfile: every stage's `CMD` and `ENTRYPOINT`, in exec form (a JSON array, no shell) or
//! shell form (run by `/bin/sh -c`), with line continuations and the `ENV` values the shell
//! expands at run time. A stage built `FROM` an earlier one inherits its `ENV`, `ENTRYPOINT`,
//! `CMD` and `SHELL`; an `ARG` is build-time only, so it reaches the running server only where
//! an `ENV` value names it.

use std::collections::HashMap;

use super::deployed::Deployed;
use super::invocation::{self, is_shell, Outcome, Site};
use super::json;
use super::shell::{self, Command, Mapped, Word};
use crate::facts::{FileFacts, Unit};
use crate::source::Span;

/// One instruction, its continuation lines joined.
struct Instruction {
    keyword: String,
    arguments: Mapped,
}

/// `CMD` or `ENTRYPOINT` as written.
#[derive(Clone)]
enum Form {
    /// The array's words, and its span when it stands on one line (a fix may replace it).
    Exec(Vec<Word>, Option<Span>),
    Shell(Mapped),
}

/// What a stage has when its command runs: inherited from its base stage, then its own.
#[derive(Clone, Default)]
struct Stage {
    /// `FROM ... AS name`, lowercased (Docker matches stage names without regard to case).
    name: Option<String>,
    env: HashMap<String, Word>,
    /// Build arguments and their defaults: only `ENV` values see them.
    args: HashMap<String, Word>,
    /// `CMD` as written, and the offset of its instruction.
    cmd: Option<(Form, usize)>,
    /// The `CMD` came from the base stage: a new `ENTRYPOINT` resets it (Docker's rule).
    cmd_inherited: bool,
    entrypoint: Option<(Form, usize)>,
    /// `SHELL ["powershell", ...]`: shell-form commands are not POSIX shell then.
    posix_shell: bool,
    /// The stage copies a Next.js standalone build, whose `server.js` reads `HOSTNAME`.
    next_standalone: bool,
}

impl Stage {
    fn new(name: Option<String>) -> Stage {
        Stage {
            name,
            posix_shell: true,
            ..Stage::default()
        }
    }

    /// The unit of the stage's command: the instructions it is made of.
    fn unit(&self) -> Unit {
        if self.cmd.is_none() && self.entrypoint.is_none() {
            return Unit::File;
        }
        Unit::Command {
            entrypoint: self.entrypoint.as_ref().map(|(_, at)| *at),
            cmd: self.cmd.as_ref().map(|(_, at)| *at),
        }
    }
}

/// What the deployment model needs of one stage: its name, its command, the environment it
/// gives what runs in it.
#[derive(Debug, Clone)]
pub struct StageInfo {
    pub name: Option<String>,
    /// The unit of its command (the instructions it is made of), [`Unit::File`] when it has none.
    pub command: Unit,
    /// Its command as it runs (`ENTRYPOINT` then `CMD`), for showing; `None` without one.
    pub command_text: Option<String>,
    /// Where its command's last instruction is (for citing `Dockerfile:7`).
    pub command_at: Option<usize>,
    /// Its exec-form `ENTRYPOINT`, unless it is a wrapper script (which runs what it is given):
    /// a manifest command that replaces only `CMD` is appended to it.
    pub entrypoint: Vec<Word>,
    /// `ENV` values, by name.
    pub env: Vec<(String, Word)>,
}

/// The stages of a Dockerfile, in order.
pub fn stages(text: &str) -> Vec<StageInfo> {
    read(text)
        .0
        .iter()
        .map(|stage| {
            let words = |form: &Form| match form {
                Form::Exec(words, _) => words.iter().map(|w| w.as_str().to_string()).collect(),
                Form::Shell(text) => vec![text.text.trim().to_string()],
            };
            let parts: Vec<String> = stage
                .entrypoint
                .iter()
                .chain(&stage.cmd)
                .flat_map(|(form, _)| words(form))
                .collect();
            let entrypoint = match &stage.entrypoint {
                Some((Form::Exec(words, _), _))
                    if !words.first().is_some_and(|w| is_wrapper(w.as_str())) =>
                {
                    words.clone()
                }
                _ => Vec::new(),
            };
            let mut env: Vec<(String, Word)> = stage
                .env
                .iter()
                .map(|(name, value)| (name.clone(), value.clone()))
                .collect();
            env.sort_by(|a, b| a.0.cmp(&b.0));
            StageInfo {
                name: stage.name.clone(),
                command: stage.unit(),
                command_text: (!parts.is_empty()).then(|| parts.join(" ")),
                command_at: stage
                    .cmd
                    .iter()
                    .chain(&stage.entrypoint)
                    .map(|(_, at)| *at)
                    .max(),
                entrypoint,
                env,
            }
        })
        .collect()
}

/// The facts of a Dockerfile, and the offset of the first `CMD`/`ENTRYPOINT` that opens a JSON
/// array but is not one (Docker then runs the text through a shell, brackets and all). Under a
/// deployment, only the stage it builds is judged, with the environment it sets over the
/// image's; otherwise every stage is.
pub fn extract(text: &str, deployed: Option<&Deployed>) -> (FileFacts, Option<usize>) {
    let mut facts = FileFacts::default();
    let (stages, malformed) = read(text);
    // Every stage that has a command may be deployed (`docker build --target`, compose
    // `target:`): each is judged. A command a stage inherits is judged again with that stage's
    // environment; the same finding at the same place is reported once.
    for (index, stage) in stages.iter().enumerate() {
        match deployed {
            Some(deployed) if deployed.unit != Unit::Stage(index) => {}
            _ => judge_stage(stage, deployed, &mut facts),
        }
    }
    (facts, malformed)
}

/// The stages of a Dockerfile as Docker builds them, and where the first malformed exec form
/// is.
fn read(text: &str) -> (Vec<Stage>, Option<usize>) {
    let mut malformed = None;
    let mut stages: Vec<Stage> = Vec::new();
    // `ARG` before the first `FROM` only parameterizes `FROM` lines.
    let mut global_args: HashMap<String, Word> = HashMap::new();
    for instruction in instructions(text) {
        let arguments = &instruction.arguments;
        if instruction.keyword == "FROM" {
            stages.push(from_stage(arguments, &stages));
            continue;
        }
        let Some(stage) = stages.last_mut() else {
            if instruction.keyword == "ARG" {
                read_args(arguments, &mut global_args);
            }
            continue;
        };
        match instruction.keyword.as_str() {
            "ARG" => read_args(arguments, &mut stage.args),
            "ENV" => read_env(arguments, &mut stage.env, &stage.args),
            "SHELL" => {
                stage.posix_shell = json::string_array(arguments)
                    .and_then(|items| items.first().map(|first| is_shell(&first.text)))
                    .unwrap_or(true);
            }
            "COPY" | "ADD" if arguments.text.contains(".next/standalone") => {
                stage.next_standalone = true;
            }
            "CMD" | "ENTRYPOINT" => {
                let form = form(arguments);
                let at = arguments.offsets.first().copied().unwrap_or(0);
                let bracket = arguments.text.find(|c: char| !c.is_whitespace());
                if let Some(bracket) = bracket.filter(|&b| arguments.text[b..].starts_with('[')) {
                    if matches!(form, Form::Shell(_)) {
                        malformed.get_or_insert(arguments.span_of(bracket..bracket + 1).start);
                    }
                }
                if instruction.keyword == "CMD" {
                    stage.cmd = Some((form, at));
                    stage.cmd_inherited = false;
                } else {
                    if stage.cmd_inherited {
                        stage.cmd = None;
                    }
                    stage.entrypoint = Some((form, at));
                }
            }
            _ => {}
        }
    }
    (stages, malformed)
}

/// A wrapper script (`docker-entrypoint.sh`), which usually ends in `exec "$@"`: it runs the
/// command it is given.
fn is_wrapper(program: &str) -> bool {
    program.ends_with(".sh")
}

/// A new stage: a copy of the stage it is built `FROM`, or empty for an image.
fn from_stage(arguments: &Mapped, stages: &[Stage]) -> Stage {
    let words: Vec<&str> = arguments
        .text
        .split_whitespace()
        .filter(|word| !word.starts_with("--"))
        .collect();
    let base = words.first().map(|base| base.to_ascii_lowercase());
    let name = match words.as_slice() {
        [_, keyword, name, ..] if keyword.eq_ignore_ascii_case("as") => {
            Some(name.to_ascii_lowercase())
        }
        _ => None,
    };
    let inherited = base.and_then(|base| {
        stages
            .iter()
            .rev()
            .find(|stage| stage.name.as_deref() == Some(base.as_str()))
    });
    match inherited {
        Some(parent) => Stage {
            name,
            // Build arguments are scoped to their stage.
            args: HashMap::new(),
            cmd_inherited: parent.cmd.is_some(),
            ..parent.clone()
        },
        None => Stage::new(name),
    }
}

fn judge_stage(stage: &Stage, deployed: Option<&Deployed>, facts: &mut FileFacts) {
    let (over, port_unset, gunicorn_config) = match deployed {
        Some(deployed) => (
            &deployed.env_over[..],
            deployed.port_unset,
            deployed.gunicorn_config,
        ),
        None => (&[][..], false, false),
    };
    let site = |exec_form: bool, exec_array: Option<Span>| Site {
        env: Some(&stage.env),
        over,
        in_container: true,
        exec_form,
        exec_array,
        next_standalone: stage.next_standalone,
        gunicorn_config,
        port_unset,
        ..Site::default()
    };
    let judge = |form: &Form, prefix: &[Word], facts: &mut FileFacts| match form {
        Form::Shell(_) if !stage.posix_shell => {}
        Form::Shell(arguments) => {
            invocation::judge_script(
                &shell::parse(arguments),
                &site(false, None),
                facts,
                &mut Outcome::default(),
            );
        }
        Form::Exec(words, span) => {
            let whole = prefix.is_empty();
            let words: Vec<Word> = prefix.iter().chain(words).cloned().collect();
            let runs_shell = invocation::runs_a_shell(&words);
            let command = Command {
                env: Vec::new(),
                words,
            };
            let site = site(!runs_shell, span.clone().filter(|_| whole));
            invocation::judge(&command, &site, facts, &mut Outcome::default());
        }
    };
    let (starts, unexpanded) = (facts.server_starts.len(), facts.unexpanded_variables.len());
    match (&stage.entrypoint, &stage.cmd) {
        // An exec-form ENTRYPOINT receives CMD's words as arguments. A wrapper script
        // (`docker-entrypoint.sh`) usually ends in `exec "$@"`, so CMD is also judged alone.
        (Some((Form::Exec(entry, _), _)), Some((cmd @ Form::Exec(..), _))) => {
            let wrapper = entry.first().is_some_and(|w| is_wrapper(w.as_str()));
            if wrapper {
                facts.wrapper_scripts.push(entry[0].as_str().to_string());
            }
            judge(cmd, if wrapper { &[] } else { entry }, facts);
        }
        // An exec-form ENTRYPOINT with a shell-form CMD gets `/bin/sh -c "CMD"` as arguments:
        // a wrapper script runs it, another program gets it as text.
        (Some((Form::Exec(entry, _), _)), Some((cmd @ Form::Shell(_), _)))
            if entry.first().is_some_and(|w| is_wrapper(w.as_str())) =>
        {
            facts.wrapper_scripts.push(entry[0].as_str().to_string());
            judge(cmd, &[], facts);
        }
        (Some((entry, _)), _) => judge(entry, &[], facts),
        (None, Some((cmd, _))) => judge(cmd, &[], facts),
        (None, None) => {}
    }
    let unit = stage.unit();
    for start in &mut facts.server_starts[starts..] {
        start.unit = unit.clone();
    }
    for variable in &mut facts.unexpanded_variables[unexpanded..] {
        variable.unit = unit.clone();
    }
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

/// `ARG NAME=default` (or `ARG NAME`, no default): what later `ENV` values may name.
fn read_args(arguments: &Mapped, args: &mut HashMap<String, Word>) {
    for parsed in shell::parse(arguments) {
        args.extend(parsed.env);
        for word in parsed.words {
            args.entry(word.as_str().to_string()).or_default();
        }
    }
}

/// `ENV A=1 B="two words"` or the legacy `ENV NAME value with spaces`. A value that is exactly
/// a build argument (`ENV HOST=$BIND_HOST`, `${BIND_HOST:-x}`) is that argument's default, as
/// Docker substitutes it at build time.
fn read_env(arguments: &Mapped, env: &mut HashMap<String, Word>, args: &HashMap<String, Word>) {
    let Some(parsed) = shell::parse(arguments).into_iter().next() else {
        return;
    };
    let substituted = |value: Word| match value.expansions.as_slice() {
        [expansion] if expansion.range == (0..value.as_str().len()) => {
            match args.get(&expansion.name) {
                Some(default) if !default.as_str().is_empty() => default.clone(),
                _ => value,
            }
        }
        _ => value,
    };
    if !parsed.env.is_empty() {
        env.extend(
            parsed
                .env
                .into_iter()
                .map(|(name, value)| (name, substituted(value))),
        );
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
        env.insert(
            name.as_str().to_string(),
            substituted(shell::literal_word(&value)),
        );
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
