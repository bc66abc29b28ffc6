//! Start commands (a Procfile `web:` line, a package.json script, a Dockerfile `CMD`), judged
//! against the server CLIs of the catalogue: wrappers are peeled off (`exec`, `npx`,
//! `python -m`, `poetry run`, `sh -c "..."`), the server's own flags and env vars are read, and
//! the host and port become the same [`ServerStart`] facts the source rules judge.

use std::borrow::Cow;
use std::collections::HashMap;

use super::deployed::{Deployed, ForeignVar};
use super::shell::{self, Command, Mapped, Word};
use crate::catalog::cli::{self, CliServer};
use crate::catalog::{self, PortDefault, ServerApi};
use crate::facts::{
    Arg, CommandEdits, FileFacts, Piece, PortEnv, Run, RunTarget, ServedApp, ServerStart,
    StartContext, UnexpandedVariable,
};
use crate::finding::{Edit, Related};
use crate::resolve::bind::split_bind;
use crate::resolve::{EnvRead, Value};
use crate::source::Span;

/// Where a command runs.
#[derive(Default)]
pub struct Site<'a> {
    /// Variables the file sets for the command (a Dockerfile `ENV`, a manifest's
    /// `environment`, earlier lines of a script), by name.
    pub env: Option<&'a HashMap<String, Word>>,
    /// Variables the deployment sets over the file's own (a compose service's `environment`
    /// for the Dockerfile it builds).
    pub over: &'a [ForeignVar],
    /// Variables under the file's own (the image's `ENV` for a manifest's command).
    pub under: &'a [ForeignVar],
    /// Runs in a container (a Dockerfile), where fastify-cli binds all interfaces.
    pub in_container: bool,
    /// A Dockerfile exec-form array: no shell expands `$VAR`.
    pub exec_form: bool,
    /// The whole exec-form array, when the command is exactly that array on one line: a fix may
    /// replace it with `["sh", "-c", "exec ..."]`, where `$PORT` expands.
    pub exec_array: Option<Span>,
    /// The image holds a Next.js standalone build: its `node server.js` is Next's server.
    pub next_standalone: bool,
    /// gunicorn finds a `gunicorn.conf.py` where it runs: its `bind` decides, and is judged in
    /// that file.
    pub gunicorn_config: bool,
    /// Nothing sets `PORT` where the command runs (`${PORT:+--port=$PORT}` then adds nothing).
    pub port_unset: bool,
}

/// A variable's value where a command runs: written in this file, or in another one.
#[derive(Clone, Copy)]
enum Var<'s> {
    Local(&'s Word),
    Foreign(&'s ForeignVar),
}

impl<'s> Var<'s> {
    fn word(self) -> &'s Word {
        match self {
            Var::Local(word) => word,
            Var::Foreign(var) => &var.value,
        }
    }

    /// The value as a word placed in this file: a foreign one stands at `anchor`, every byte
    /// of it (so no fix ever edits it here).
    fn word_at(self, anchor: usize) -> Cow<'s, Word> {
        match self {
            Var::Local(word) => Cow::Borrowed(word),
            Var::Foreign(var) => Cow::Owned(shell::literal_word(&Mapped {
                text: var.value.as_str().to_string(),
                offsets: vec![anchor; var.value.as_str().len() + 1],
            })),
        }
    }

    /// The value as values for the rules: a foreign one is marked as set in its file.
    fn values(self, site: &Site, depth: usize) -> Vec<Value> {
        match self {
            Var::Local(word) => word_values(word, site, depth),
            Var::Foreign(var) => word_values(&var.value, site, depth)
                .into_iter()
                .map(|value| value.in_file(&var.file))
                .collect(),
        }
    }
}

impl<'a> Site<'a> {
    /// Where a command of a Procfile, package.json or script runs: with the variables and facts
    /// of the deployment that runs it, if any.
    pub fn deployed(deployed: Option<&'a Deployed>) -> Site<'a> {
        match deployed {
            Some(deployed) => Site {
                over: &deployed.env_over,
                gunicorn_config: deployed.gunicorn_config,
                port_unset: deployed.port_unset,
                ..Site::default()
            },
            None => Site::default(),
        }
    }

    /// The value a variable has where the command runs: the deployment's over the file's, the
    /// file's over the image's.
    fn var(&self, name: &str) -> Option<Var<'_>> {
        fn named<'v>(vars: &'v [ForeignVar], name: &str) -> Option<&'v ForeignVar> {
            vars.iter().rev().find(|var| var.name == name)
        }
        named(self.over, name)
            .map(Var::Foreign)
            .or_else(|| self.env.and_then(|env| env.get(name)).map(Var::Local))
            .or_else(|| named(self.under, name).map(Var::Foreign))
    }
}

/// A variable as the command sees it: its own `NAME=value` prefixes first.
fn lookup<'s>(env: &'s HashMap<&str, Word>, site: &'s Site, name: &str) -> Option<Var<'s>> {
    env.get(name).map(Var::Local).or_else(|| site.var(name))
}

/// What judging a command found besides facts: scripts it runs (`npm run build`), for
/// package.json to follow.
#[derive(Default)]
pub struct Outcome {
    pub scripts: Vec<String>,
}

/// How deep `sh -c "sh -c '...'"` may nest.
const MAX_NESTING: usize = 8;

/// A wrapper script: every command in it is a start command, judged with the variables the
/// deployment that runs it sets (`site`).
pub fn extract_script(text: &str, deployed: Option<&Deployed>) -> FileFacts {
    let mut facts = FileFacts::default();
    let commands = shell::parse(&shell::Mapped::verbatim(text, 0));
    judge_script(
        &commands,
        &Site::deployed(deployed),
        &mut facts,
        &mut Outcome::default(),
    );
    facts
}

/// Judges the commands of a script or command line in order, as a shell runs them: `cd dir`
/// moves where the later ones run, and `NAME=value` / `export NAME=value` set variables for
/// them (a variable set earlier in the script has that value later).
pub fn judge_script(
    commands: &[Command],
    site: &Site,
    facts: &mut FileFacts,
    outcome: &mut Outcome,
) {
    let mut dir: Option<String> = None;
    let mut vars: Option<HashMap<String, Word>> = None;
    for command in commands {
        let first = command.words.first().map(Word::as_str);
        match first {
            None => {
                vars.get_or_insert_with(|| site.env.cloned().unwrap_or_default())
                    .extend(command.env.iter().cloned());
                continue;
            }
            Some("export") => {
                let vars = vars.get_or_insert_with(|| site.env.cloned().unwrap_or_default());
                for word in &command.words[1..] {
                    let Some((name, _)) = word.as_str().split_once('=') else {
                        continue;
                    };
                    let value = word.suffix(name.len() + 1);
                    // `export PORT=8000` replaces the platform's PORT for what the script runs.
                    if name == "PORT" && value.expansions.is_empty() {
                        report_port_override(&value, None, site, facts);
                    }
                    vars.insert(name.to_string(), value);
                }
                continue;
            }
            Some("cd") => {
                if let Some(target) = command.words.get(1) {
                    dir = Some(join_dir(dir.as_deref(), target.as_str()));
                }
                continue;
            }
            _ => {}
        }
        let local = Site {
            env: vars.as_ref().or(site.env),
            exec_array: site.exec_array.clone(),
            ..*site
        };
        let (runs, served) = (facts.runs.len(), facts.served_apps.len());
        judge(command, &local, facts, outcome);
        if let Some(dir) = &dir {
            for run in &mut facts.runs[runs..] {
                run.dir = Some(join_dir(Some(dir), run.dir.as_deref().unwrap_or(".")));
            }
            for app in &mut facts.served_apps[served..] {
                app.dir = Some(join_dir(Some(dir), app.dir.as_deref().unwrap_or(".")));
            }
        }
    }
}

/// `dir/next`, where `next` may be absolute (an image path: kept as written).
fn join_dir(dir: Option<&str>, next: &str) -> String {
    match dir {
        Some(dir) if !next.starts_with('/') => format!("{}/{next}", dir.trim_end_matches('/')),
        _ => next.to_string(),
    }
}

pub fn judge(command: &Command, site: &Site, facts: &mut FileFacts, outcome: &mut Outcome) {
    judge_at(command, site, facts, outcome, 0);
}

/// `${NAME:+word}` words as the shell expands them: the word where the variable is set (`PORT`
/// unless nothing sets it; another variable when the command's environment sets it), nothing
/// where it is not. No shell expands an exec-form array.
fn expand_alternates<'c>(command: &'c Command, site: &Site) -> Cow<'c, Command> {
    let is_alternate = |word: &Word| match word.expansions.as_slice() {
        [expansion] => expansion.alternate.is_some() && expansion.range == (0..word.as_str().len()),
        _ => false,
    };
    if site.exec_form || !command.words.iter().any(is_alternate) {
        return Cow::Borrowed(command);
    }
    let env: HashMap<&str, Word> = command
        .env
        .iter()
        .map(|(name, word)| (name.as_str(), word.clone()))
        .collect();
    let mut words = Vec::new();
    for word in &command.words {
        if !is_alternate(word) {
            words.push(word.clone());
            continue;
        }
        let expansion = &word.expansions[0];
        let set = match expansion.name.as_str() {
            "PORT" => !site.port_unset || env.contains_key("PORT"),
            name => lookup(&env, site, name).is_some(),
        };
        if let (true, Some(alternate)) = (set, expansion.alternate.clone()) {
            let inner = word.text.slice(alternate);
            words.extend(shell::parse(&inner).into_iter().flat_map(|c| c.words));
        }
    }
    Cow::Owned(Command {
        env: command.env.clone(),
        words,
    })
}

fn judge_at(
    command: &Command,
    site: &Site,
    facts: &mut FileFacts,
    outcome: &mut Outcome,
    depth: usize,
) {
    if depth > MAX_NESTING {
        return;
    }
    let expanded = expand_alternates(command, site);
    let command: &Command = &expanded;
    if site.exec_form && !runs_a_shell(&command.words) {
        report_unexpanded(command, site, facts);
    }
    let mut env: HashMap<&str, Word> = command
        .env
        .iter()
        .map(|(name, word)| (name.as_str(), word.clone()))
        .collect();
    // `PORT=8000 node server.js` replaces the platform's PORT.
    if let Some(port) = env.get("PORT") {
        report_port_override(port, port_prefix_removal(command), site, facts);
    }

    let mut words: &[Word] = &command.words;
    // `python -m NAME`: NAME is a module, run as `__main__` unless it is a server's CLI.
    let mut module_run = false;
    loop {
        let Some(first) = words.first() else { return };
        let program = basename(first.as_str());
        let second = words.get(1).map(Word::as_str);
        match program {
            "exec" | "nohup" | "time" => words = &words[1..],
            // Init processes and user switchers run the command they are given.
            "dumb-init" | "tini" | "catatonit" => {
                words = skip_flags(&words[1..]);
                if words.first().is_some_and(|w| w.as_str() == "--") {
                    words = &words[1..];
                }
            }
            "gosu" | "su-exec" | "chpst" if words.len() > 2 => words = skip_flags(&words[2..]),
            // `env NAME=value cmd`, and its cross-platform twin in package.json scripts.
            "env" | "cross-env" => {
                words = &words[1..];
                while let Some((name, _)) = words.first().and_then(|w| w.as_str().split_once('=')) {
                    let value = words[0].suffix(name.len() + 1);
                    if name == "PORT" {
                        report_port_override(&value, word_removal(words), site, facts);
                    }
                    env.insert(name, value);
                    words = &words[1..];
                }
            }
            // dotenv-cli: `dotenv -e .env -- cmd`; without `--` its flags hide the command.
            "dotenv" => match words.iter().position(|w| w.as_str() == "--") {
                Some(separator) => words = &words[separator + 1..],
                None => return,
            },
            "npx" | "bunx" | "pnpx" => words = skip_flags(&words[1..]),
            "npm" | "pnpm" | "yarn" if matches!(second, Some("exec" | "dlx")) => {
                words = skip_flags(&words[2..]);
                if words.first().is_some_and(|w| w.as_str() == "--") {
                    words = &words[1..];
                }
            }
            "poetry" | "pipenv" | "uv" | "pdm" | "hatch" | "rye" if second == Some("run") => {
                words = skip_flags(&words[2..])
            }
            _ if is_python(program) => {
                let rest = skip_flags_except(&words[1..], "-m");
                match rest.first().map(Word::as_str) {
                    Some("-m") => {
                        words = &rest[1..];
                        module_run = true;
                    }
                    Some(_) => words = rest,
                    None => return,
                }
            }
            "sh" | "bash" | "dash" | "ash" | "zsh" => {
                let Some(index) = words
                    .iter()
                    .position(|w| w.as_str().starts_with('-') && w.as_str().contains('c'))
                else {
                    // `sh start.sh`: a wrapper script.
                    if let Some(script) = skip_flags(&words[1..]).first() {
                        facts.wrapper_scripts.push(script.as_str().to_string());
                    }
                    return;
                };
                if let Some(script) = words.get(index + 1) {
                    let inner = Site {
                        exec_form: false,
                        exec_array: None,
                        ..*site
                    };
                    if depth < MAX_NESTING {
                        judge_script(&shell::parse(&script.text), &inner, facts, outcome);
                    }
                }
                return;
            }
            "npm" | "yarn" | "pnpm" | "bun" => {
                let script = match (second, words.get(2)) {
                    (Some("start"), _) if program == "npm" => Some("start"),
                    (Some("run" | "run-script"), Some(script))
                        if program == "npm" || !is_source_file(script.as_str()) =>
                    {
                        Some(script.as_str())
                    }
                    (Some(script), _)
                        if !matches!(program, "npm" | "bun")
                            && !script.starts_with('-')
                            && !is_package_manager_command(script) =>
                    {
                        Some(script)
                    }
                    _ => None,
                };
                if let Some(script) = script {
                    // What follows the script's name is appended to its command: after `--`
                    // for npm, and as it is for yarn, pnpm and bun.
                    let rest = words
                        .iter()
                        .skip(1)
                        .position(|w| w.as_str() == script)
                        .map_or(&[][..], |index| &words[index + 2..]);
                    let args = match rest.iter().position(|w| w.as_str() == "--") {
                        Some(separator) => &rest[separator + 1..],
                        None if program == "npm" => &[][..],
                        None => rest,
                    };
                    outcome.scripts.push(script.into());
                    facts.runs.push(Run {
                        target: RunTarget::PackageScript {
                            name: script.into(),
                            args: args.iter().map(|w| w.as_str().to_string()).collect(),
                        },
                        port_env: port_env(&env, site),
                        dir: None,
                    });
                }
                return;
            }
            _ => break,
        }
    }
    if words[0].as_str().ends_with(".sh") {
        facts.wrapper_scripts.push(words[0].as_str().to_string());
        return;
    }
    let next_server = site.next_standalone
        && basename(words[0].as_str()) == "node"
        && words
            .get(1)
            .is_some_and(|w| w.as_str().trim_start_matches("./") == "server.js");
    let cli = if next_server {
        Some(&cli::NEXT_STANDALONE)
    } else {
        match_cli(words)
    };
    let Some(cli) = cli else {
        record_run(words, module_run, port_env(&env, site), facts);
        return;
    };
    facts.served_apps.extend(served_app(cli, words, &env, site));
    // What stood before the program (`python`, `exec`, `poetry run`), kept in the corrected
    // command together with the env assignments other than PORT.
    let wrappers = &command.words[..command.words.len() - words.len()];
    let prefix: Vec<String> = command
        .env
        .iter()
        .filter(|(name, _)| name != "PORT")
        .map(|(name, value)| format!("{name}={}", quote(value.as_str())))
        .chain(wrappers.iter().map(|w| quote(w.as_str())))
        .collect();
    let start = command
        .env
        .first()
        .map(|(name, value)| value.span().start.saturating_sub(name.len() + 1))
        .into_iter()
        .chain(command.words.first().map(|w| w.span().start))
        .min()
        .unwrap_or(0);
    let invocation = Invocation {
        words,
        all_words: &command.words,
        prefix: &prefix,
        env: &env,
        site,
        start,
    };
    judge_cli(cli, &invocation, facts);
}

/// Whether an exec-form array runs a shell, behind the programs that only start another one
/// (`["dumb-init", "--", "sh", "-c", "..."]`, `["gosu", "app", "bash", "-c", "..."]`): then
/// that shell expands the script's `$VAR`s.
pub fn runs_a_shell(words: &[Word]) -> bool {
    let mut words = words;
    loop {
        let Some(first) = words.first() else {
            return false;
        };
        match basename(first.as_str()) {
            "exec" | "nohup" | "time" | "--" => words = &words[1..],
            "dumb-init" | "tini" | "catatonit" => words = skip_flags(&words[1..]),
            "gosu" | "su-exec" | "chpst" if words.len() > 2 => words = skip_flags(&words[2..]),
            "env" => {
                words = &words[1..];
                while words.first().is_some_and(|w| w.as_str().contains('=')) {
                    words = &words[1..];
                }
            }
            program => return is_shell(program),
        }
    }
}

/// Whether a program is a POSIX shell (`sh`, `/bin/bash`): an exec-form array that starts one
/// has its script expanded by it.
pub fn is_shell(program: &str) -> bool {
    matches!(
        program.rsplit('/').next(),
        Some("sh" | "bash" | "dash" | "ash" | "zsh")
    )
}

/// A program a command runs that no server CLI row knows: a script (`python app.py`, `node
/// server.js`, `bun run index.ts`) or a module (`python -m myapp`), for the deployment to link
/// the command to the source it starts.
fn record_run(words: &[Word], module_run: bool, port_env: Option<PortEnv>, facts: &mut FileFacts) {
    let Some(first) = words.first() else { return };
    if module_run {
        facts.runs.push(Run {
            target: RunTarget::Module(first.as_str().to_string()),
            port_env,
            dir: None,
        });
        return;
    }
    let script = match basename(first.as_str()) {
        "node" | "nodemon" | "ts-node" | "tsx" | "bun" => skip_flags(&words[1..]).first(),
        "deno" => skip_flags(&words[1..])
            .iter()
            .skip_while(|w| w.as_str() == "run")
            .find(|w| !w.as_str().starts_with('-')),
        _ => Some(first),
    };
    let Some(script) = script.filter(|w| is_script(w.as_str())) else {
        return;
    };
    facts.runs.push(Run {
        target: RunTarget::Script(script.as_str().to_string()),
        port_env,
        dir: None,
    });
}

/// What a command's environment (its own assignments, then its site's: a Dockerfile `ENV`, a
/// manifest's `environment`) sets `PORT` to, when it sets it.
fn port_env(env: &HashMap<&str, Word>, site: &Site) -> Option<PortEnv> {
    let word = lookup(env, site, "PORT")?.word();
    let literal = word
        .expansions
        .is_empty()
        .then(|| word.as_str().parse().ok());
    Some(PortEnv::Set(literal.flatten()))
}

/// A source file a command may run: Python, JavaScript or TypeScript.
fn is_script(word: &str) -> bool {
    word.ends_with(".py") || is_source_file(word)
}

/// The app a production server serves (`gunicorn app:app`, `uvicorn main:app --app-dir src`,
/// `flask --app app run`), when this server imports a Python module.
fn served_app(
    cli: &CliServer,
    words: &[Word],
    env: &HashMap<&str, Word>,
    site: &Site,
) -> Option<ServedApp> {
    let args = &words[1..];
    let flag_value = |flags: &[&str]| {
        find_flags(args, flags)
            .into_iter()
            .find_map(|used| used.value)
            .map(|word| word.as_str().to_string())
    };
    let (target, dir) = match cli.program {
        "gunicorn" | "uvicorn" | "hypercorn" | "daphne" | "waitress-serve" => {
            // A config file's name is no app (`-c python:config.gunicorn`).
            let config_values: Vec<usize> = find_flags(args, GUNICORN_CONFIG_FLAGS)
                .iter()
                .flat_map(|used| used.indices.get(1).copied())
                .collect();
            let candidates: Vec<&Word> = args
                .iter()
                .enumerate()
                .filter(|(index, word)| {
                    !config_values.contains(index) && !word.as_str().starts_with("python:")
                })
                .map(|(_, word)| word)
                .collect();
            // The app is `module:attribute` (gunicorn also takes a bare module, last).
            let app = candidates
                .iter()
                .find(|w| is_app_reference(w.as_str(), true))
                .copied()
                .or_else(|| {
                    let last = args.last()?;
                    let before = args.len().checked_sub(2).and_then(|i| args.get(i));
                    let flag_before = before.is_some_and(|w| w.as_str().starts_with('-'));
                    (cli.program == "gunicorn"
                        && is_app_reference(last.as_str(), false)
                        && !flag_before)
                        .then_some(last)
                })?;
            let dir = flag_value(&["--chdir", "--app-dir"]);
            (app.as_str().to_string(), dir)
        }
        // `fastapi run main.py` (a file or a package directory); `main.py` when none is given.
        "fastapi" => {
            let path = first_positional(args, cli)
                .and_then(|subcommand| {
                    first_positional(&args[index_of(args, subcommand) + 1..], cli)
                })
                .map_or("main.py", Word::as_str);
            (
                path.trim_start_matches("./")
                    .trim_end_matches('/')
                    .to_string(),
                None,
            )
        }
        "flask" => {
            let app = flag_value(&["--app", "-A"])
                .or_else(|| lookup(env, site, "FLASK_APP").map(|v| v.word().as_str().to_string()))
                .unwrap_or_else(|| "app".to_string());
            (app, None)
        }
        _ => return None,
    };
    let module = target.split(':').next().unwrap_or(&target);
    let module = module
        .strip_suffix(".py")
        .unwrap_or(module)
        .replace('/', ".");
    Some(ServedApp {
        server: cli.program,
        module,
        dir,
        span: words[0].span(),
    })
}

/// gunicorn's flags that name a config file.
const GUNICORN_CONFIG_FLAGS: &[&str] = &["-c", "--config"];

/// The file a gunicorn config argument names: a path, or `python:pkg.module`.
fn config_file(value: &str) -> String {
    match value.strip_prefix("python:") {
        Some(module) => format!("{}.py", module.replace('.', "/")),
        None => value.strip_prefix("file:").unwrap_or(value).to_string(),
    }
}

/// `module:attribute` (or, when `bare` is allowed, a dotted module) as a server's app argument:
/// identifiers joined by dots, the attribute possibly a factory call (`app:create_app()`).
fn is_app_reference(word: &str, with_attribute: bool) -> bool {
    let is_dotted = |text: &str| {
        !text.is_empty()
            && text.split('.').all(|part| {
                part.chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
                    && part.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
    };
    match word.split_once(':') {
        Some((module, attribute)) => {
            is_dotted(module)
                && attribute
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_alphabetic() || c == '_')
        }
        None => !with_attribute && is_dotted(word),
    }
}

/// A start command that sets `PORT` itself (`PORT=8000 node server.js`, `cross-env PORT=8000
/// ...`), which hides the port the platform passes: reported as a hard-coded port, fixed by
/// `removal` (the assignment's deletion) when it can be.
fn report_port_override(
    port: &Word,
    removal: Option<Vec<Edit>>,
    site: &Site,
    facts: &mut FileFacts,
) {
    facts.server_starts.push(ServerStart {
        api: &cli::PORT_PREFIX,
        callee: port.span(),
        callee_text: "PORT=".to_string(),
        host: Arg::Unknown,
        port: word_arg(port, site),
        context: StartContext::Command,
        fix: Some(format!(
            "remove `PORT={}`: the platform sets `PORT` itself",
            port.as_str()
        )),
        sites: Default::default(),
        command_edits: CommandEdits {
            host: None,
            port: removal,
        },
        evidence: Vec::new(),
        dev_scope: None,
        // A start command runs as it is written: it stands on no branch of source code.
        branch_mentions: Vec::new(),
        unit: Default::default(),
        port_env: None,
    });
}

/// Deletes the first of `words` (an `env` assignment) up to the next word, when it is written
/// plainly and a word follows.
fn word_removal(words: &[Word]) -> Option<Vec<Edit>> {
    let [word, next, ..] = words else { return None };
    let (span, next) = (word.span(), next.span().start);
    (is_plain(word) && next >= span.end).then(|| vec![Edit::replace(span.start..next, "")])
}

/// The edit that deletes `PORT=8000 ` from `PORT=8000 node server.js`, up to the next word.
/// `None` unless the assignment is written plainly (no quotes or escapes).
fn port_prefix_removal(command: &Command) -> Option<Vec<Edit>> {
    let index = command.env.iter().position(|(name, _)| name == "PORT")?;
    let value = &command.env[index].1;
    if !is_plain(value) {
        return None;
    }
    let start = value.span().start.checked_sub("PORT=".len())?;
    let next = command
        .env
        .get(index + 1)
        .map(|(name, value)| value.span().start.saturating_sub(name.len() + 1))
        .or_else(|| command.words.first().map(|w| w.span().start))
        .unwrap_or(value.span().end);
    (next >= value.span().end).then(|| vec![Edit::replace(start..next, "")])
}

/// Whether a word stands in the file exactly as its text (no quotes, escapes or joins inside),
/// so an edit of its span changes exactly that text.
fn is_plain(word: &Word) -> bool {
    let offsets = &word.text.offsets;
    offsets.windows(2).all(|pair| pair[1] == pair[0] + 1)
}

fn basename(program: &str) -> &str {
    program.rsplit('/').next().unwrap_or(program)
}

fn is_python(program: &str) -> bool {
    program == "python"
        || program
            .strip_prefix("python")
            .is_some_and(|version| version.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

fn is_source_file(word: &str) -> bool {
    [".js", ".mjs", ".cjs", ".ts", ".mts", ".tsx", ".jsx"]
        .iter()
        .any(|ext| word.ends_with(ext))
}

fn is_package_manager_command(word: &str) -> bool {
    matches!(
        word,
        "install"
            | "add"
            | "remove"
            | "build"
            | "test"
            | "exec"
            | "dlx"
            | "create"
            | "init"
            | "node"
            | "workspace"
    )
}

fn skip_flags(words: &[Word]) -> &[Word] {
    let start = words
        .iter()
        .position(|w| !w.as_str().starts_with('-'))
        .unwrap_or(words.len());
    &words[start..]
}

fn skip_flags_except<'w>(words: &'w [Word], keep: &str) -> &'w [Word] {
    let start = words
        .iter()
        .position(|w| !w.as_str().starts_with('-') || w.as_str() == keep)
        .unwrap_or(words.len());
    &words[start..]
}

/// The CLI row for a command, by program name and subcommand.
fn match_cli(words: &[Word]) -> Option<&'static CliServer> {
    let program = match basename(words.first()?.as_str()) {
        // `python -m waitress` is waitress-serve.
        "waitress" => "waitress-serve",
        program => program,
    };
    cli::CLI_SERVERS
        .iter()
        .filter(|cli| cli.program == program)
        .find(|cli| {
            if cli.subcommands.is_empty() {
                return true;
            }
            // A script is named with or without `./` (`node ./build`).
            let first = first_positional(&words[1..], cli)
                .map_or("", |word| word.as_str().trim_start_matches("./"));
            cli.subcommands.contains(&first)
        })
}

/// The first argument that is neither a flag nor a flag's value.
fn first_positional<'w>(words: &'w [Word], cli: &CliServer) -> Option<&'w Word> {
    let mut iter = words.iter();
    while let Some(word) = iter.next() {
        let text = word.as_str();
        if !text.starts_with('-') {
            return Some(word);
        }
        let takes_value =
            cli.value_flags.contains(&text) || flag_lists(cli).any(|flag| flag == text);
        if takes_value {
            iter.next();
        }
    }
    None
}

fn flag_lists(cli: &CliServer) -> impl Iterator<Item = &'static str> {
    cli.host_flags
        .iter()
        .chain(cli.port_flags)
        .chain(cli.bind_flags)
        .copied()
}

/// A flag's occurrence: its word indices and value (`None` for a bare `--host`).
struct FlagUse {
    indices: Vec<usize>,
    value: Option<Word>,
}

/// Finds every use of `flags` among `words`: `--flag value`, `--flag=value`, `-pVALUE`.
fn find_flags(words: &[Word], flags: &[&str]) -> Vec<FlagUse> {
    let mut uses = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let text = words[i].as_str();
        if flags.contains(&text) {
            let value = words
                .get(i + 1)
                .filter(|w| !w.as_str().starts_with('-') || w.as_str().len() == 1);
            match value {
                Some(value) => {
                    uses.push(FlagUse {
                        indices: vec![i, i + 1],
                        value: Some(value.clone()),
                    });
                    i += 2;
                    continue;
                }
                None => uses.push(FlagUse {
                    indices: vec![i],
                    value: None,
                }),
            }
        } else if let Some(flag) = flags
            .iter()
            .find(|f| f.starts_with("--") && text.starts_with(&format!("{f}=")))
        {
            uses.push(FlagUse {
                indices: vec![i],
                value: Some(words[i].suffix(flag.len() + 1)),
            });
        } else if let Some(flag) = flags.iter().find(|f| {
            f.len() == 2 && !f.starts_with("--") && text.len() > 2 && text.starts_with(**f)
        }) {
            uses.push(FlagUse {
                indices: vec![i],
                value: Some(words[i].suffix(flag.len())),
            });
        }
        i += 1;
    }
    uses
}

/// A server CLI's invocation inside a command.
struct Invocation<'a> {
    /// The program and its arguments, wrappers peeled off.
    words: &'a [Word],
    /// The whole command's words, wrappers included.
    all_words: &'a [Word],
    /// What stood before the program, for the corrected command.
    prefix: &'a [String],
    env: &'a HashMap<&'a str, Word>,
    site: &'a Site<'a>,
    /// Where the whole command starts in the file (its first env assignment or word).
    start: usize,
}

fn judge_cli(cli: &'static CliServer, invocation: &Invocation, facts: &mut FileFacts) {
    let Invocation {
        words,
        prefix,
        env,
        site,
        ..
    } = *invocation;
    let program = &words[0];
    let args = &words[1..];
    let mut binds = find_flags(args, cli.bind_flags);
    if binds.is_empty() {
        // `GUNICORN_CMD_ARGS="--bind 127.0.0.1:8000"`: more arguments, from the environment.
        let more = cli
            .args_env
            .and_then(|name| lookup(env, site, name))
            .map(|var| var.word_at(program.span().start));
        if let Some(more) = more {
            let words: Vec<Word> = shell::parse(&more.text)
                .into_iter()
                .flat_map(|command| command.words)
                .collect();
            binds = find_flags(&words, cli.bind_flags);
        }
    }
    if cli.program == "gunicorn" {
        // `-c gunicorn.conf.py`, or the `gunicorn.conf.py` gunicorn reads where it runs: its
        // `bind` decides when the command line gives none, and is judged in that file.
        let configs = find_flags(args, GUNICORN_CONFIG_FLAGS);
        facts.server_configs.extend(
            configs
                .iter()
                .filter_map(|used| used.value.as_ref())
                .map(|value| config_file(value.as_str())),
        );
        if binds.is_empty() && (!configs.is_empty() || site.gunicorn_config) {
            return;
        }
    }
    let hosts = find_flags(args, cli.host_flags);
    let ports = find_flags(args, cli.port_flags);
    let subcommand = (!cli.subcommands.is_empty())
        .then(|| first_positional(args, cli))
        .flatten();
    let address = cli
        .positional_address
        .then(|| subcommand.and_then(|s| first_positional(&args[index_of(args, s) + 1..], cli)))
        .flatten();
    let mut consumed: Vec<usize> = binds
        .iter()
        .chain(&hosts)
        .chain(&ports)
        .flat_map(|u| u.indices.clone())
        .collect();
    if let Some(address) = address {
        consumed.push(index_of(args, address));
    }
    let fix = corrected_command(
        cli,
        prefix,
        words,
        &consumed,
        subcommand,
        !hosts.is_empty() || !binds.is_empty() || address.is_some(),
        !ports.is_empty() || !binds.is_empty() || address.is_some(),
    );
    let env_value = |names: &'static [&'static str]| -> Option<Var> {
        names.iter().find_map(|name| lookup(env, site, name))
    };
    // A value an env var gives: where it is written in this file, or, from another file, at
    // the program it configures.
    let var_arg = |var: Var| match var {
        Var::Local(word) => word_arg(word, site),
        Var::Foreign(_) => Arg::Given {
            span: program.span(),
            values: var.values(site, 0),
        },
    };
    let head = subcommand.unwrap_or(program);
    // `address` is the `host:port` word a bind flag or a positional address gives, if any: a
    // missing half is added to it rather than as another flag.
    let command_edits = |host: &Arg, port: &Arg, address: Option<&Word>| CommandEdits {
        host: match (host, address) {
            (Arg::Omitted, Some(address)) => complete_address(address, "0.0.0.0:", true, site),
            (Arg::Omitted, None) => insert_setting(cli.fix_host, head, invocation),
            _ => None,
        },
        port: match (port, address) {
            (Arg::Omitted, Some(address)) => complete_address(address, ":$PORT", false, site),
            (Arg::Omitted, None) => insert_setting(cli.fix_port, head, invocation),
            (Arg::Given { span, .. }, _) => port_replacement(span, words, env, invocation),
            (Arg::Unknown, _) => None,
        },
    };

    // A value set away from the command (a Dockerfile `ENV`, `GUNICORN_CMD_ARGS`) is reported
    // where it is set; the command that reads it is shown beside it.
    let command_span = invocation.start..words.last().map_or(0, |w| w.span().end);
    let set_elsewhere = |arg: &Arg| {
        matches!(arg, Arg::Given { span, .. }
            if span.start < command_span.start || span.end > command_span.end)
    };
    let start =
        |api: &'static ServerApi, host: Arg, port: Arg, address: Option<&Word>| ServerStart {
            api,
            callee: program.span(),
            callee_text: cli.api.display.trim_matches('`').to_string(),
            command_edits: command_edits(&host, &port, address),
            evidence: (set_elsewhere(&host) || set_elsewhere(&port))
                .then(|| Related {
                    span: program.span(),
                    label: format!("read by {}", cli.api.display),
                    file: None,
                })
                .into_iter()
                .collect(),
            host,
            port,
            context: StartContext::Command,
            fix: Some(fix.clone()),
            sites: Default::default(),
            dev_scope: None,
            branch_mentions: Vec::new(),
            unit: Default::default(),
            port_env: port_env(env, site),
        };

    if let (false, Some(bind_api)) = (binds.is_empty(), cli.bind_api) {
        for bind in &binds {
            let Some(value) = &bind.value else { continue };
            if let Some((host, port)) = bind_args(value, site) {
                facts
                    .server_starts
                    .push(start(bind_api, host, port, Some(value)));
            }
        }
        return;
    }
    if let Some(address) = address {
        if let Some((host, port)) = bind_args(address, site) {
            facts
                .server_starts
                .push(start(&cli.api, host, port, Some(address)));
        }
        return;
    }
    let mut host = match hosts.last() {
        // `vite --host` alone means every interface.
        Some(FlagUse { value: None, .. }) => Arg::Unknown,
        Some(FlagUse {
            value: Some(value), ..
        }) => word_arg(value, site),
        None => env_value(cli.host_env).map_or(Arg::Omitted, var_arg),
    };
    if cli.all_interfaces_in_container && site.in_container && matches!(host, Arg::Omitted) {
        host = Arg::Unknown;
    }
    let positional_port = cli
        .positional_port
        .then(|| first_positional(args, cli))
        .flatten();
    let port = match ports.last() {
        Some(FlagUse {
            value: Some(value), ..
        }) => word_arg(value, site),
        Some(FlagUse { value: None, .. }) => Arg::Unknown,
        None => match positional_port {
            Some(word) => word_arg(word, site),
            None => env_value(cli.port_env).map_or(Arg::Omitted, var_arg),
        },
    };
    facts.server_starts.push(start(&cli.api, host, port, None));
}

/// The edit that adds the missing half of a plain `host:port` word: `0.0.0.0:` before a port
/// alone, `:$PORT` after a host alone (not in an exec-form array, where `$PORT` stays text).
fn complete_address(address: &Word, text: &str, before: bool, site: &Site) -> Option<Vec<Edit>> {
    if !is_plain(address) || (site.exec_form && text.contains('$')) {
        return None;
    }
    let span = address.span();
    let at = if before { span.start } else { span.end };
    Some(vec![Edit::insert(at, text)])
}

/// The edit that adds a missing setting (`--host 0.0.0.0`, `GRADIO_SERVER_PORT=$PORT`): a flag
/// goes after the program or its subcommand, an env assignment before the command. In an
/// exec-form array the flag becomes new elements, or, when it needs `$PORT`, the array is run
/// through `sh -c`; env assignments get no edit there.
fn insert_setting(setting: &str, head: &Word, invocation: &Invocation) -> Option<Vec<Edit>> {
    if setting.is_empty() || !is_plain(head) {
        return None;
    }
    let is_assignment = setting.contains('=') && !setting.starts_with('-');
    let exec_form = invocation.site.exec_form;
    if exec_form && setting.contains('$') && !is_assignment {
        // `$PORT` needs a shell: the array becomes `["sh", "-c", "exec ..."]`.
        return through_shell(invocation, |word| {
            let mut rendered = vec![shell_word(word.as_str())];
            if std::ptr::eq(word, head) {
                rendered.push(setting.to_string());
            }
            rendered
        });
    }
    if exec_form && is_assignment {
        return None;
    }
    let edit = if is_assignment {
        Edit::insert(invocation.start, format!("{setting} "))
    } else if exec_form {
        let elements: Vec<String> = setting
            .split_whitespace()
            .map(|w| format!("\"{w}\""))
            .collect();
        // Inside the head's closing quote: `"uvicorn` + `", "--host", "0.0.0.0` + `"`.
        let joined = elements.join(", ");
        Edit::insert(
            head.span().end,
            format!("\", {}", &joined[..joined.len() - 1]),
        )
    } else {
        Edit::insert(head.span().end, format!(" {setting}"))
    };
    Some(vec![edit])
}

/// The edit that puts `$PORT` where a command gives another port: the port word itself, when it
/// is written plainly in this command (not taken from a Dockerfile `ENV`, which expands at build
/// time). An exec-form array becomes `["sh", "-c", "exec ..."]` so that a shell expands it.
fn port_replacement(
    span: &Span,
    words: &[Word],
    env: &HashMap<&str, Word>,
    invocation: &Invocation,
) -> Option<Vec<Edit>> {
    let written_here = words
        .iter()
        .chain(env.values())
        .find(|word| word.span().start <= span.start && span.end <= word.span().end)?;
    if !is_plain(written_here) {
        return None;
    }
    if !invocation.site.exec_form {
        return Some(vec![Edit::replace(span.clone(), "$PORT")]);
    }
    through_shell(invocation, |word| {
        let text = word.as_str();
        if std::ptr::eq(word, written_here) {
            let at = span.start - word.span().start;
            vec![shell_word(&format!(
                "{}$PORT{}",
                &text[..at],
                &text[at + span.len()..]
            ))]
        } else {
            vec![shell_word(text)]
        }
    })
}

/// The exec-form array replaced by `["sh", "-c", "exec ..."]`, each word rendered by `render`
/// (which may change it or add words after it). `None` unless the command is the whole array,
/// written plainly on one line.
fn through_shell(
    invocation: &Invocation,
    render: impl Fn(&Word) -> Vec<String>,
) -> Option<Vec<Edit>> {
    let array = invocation.site.exec_array.clone()?;
    if !invocation.all_words.iter().all(is_plain) {
        return None;
    }
    let script: Vec<String> = invocation.all_words.iter().flat_map(render).collect();
    Some(vec![Edit::replace(array, shell_array(&script.join(" ")))])
}

/// `["sh", "-c", "exec <script>"]`: a shell that expands `$PORT`, then becomes the program
/// (so it stays PID 1 and receives the container's signals).
fn shell_array(script: &str) -> String {
    let script = serde_json::Value::String(format!("exec {script}"));
    format!("[\"sh\", \"-c\", {script}]")
}

fn index_of(words: &[Word], word: &Word) -> usize {
    words
        .iter()
        .position(|w| std::ptr::eq(w, word))
        .unwrap_or(0)
}

/// The command with the address flags replaced by the ones that listen on `0.0.0.0:$PORT`.
fn corrected_command(
    cli: &CliServer,
    prefix: &[String],
    words: &[Word],
    consumed: &[usize],
    subcommand: Option<&Word>,
    host_given: bool,
    port_given: bool,
) -> String {
    let args = &words[1..];
    let head_end = subcommand.map_or(0, |s| index_of(args, s) + 1);
    let mut env_fixes = Vec::new();
    let mut flags = Vec::new();
    let needs_host =
        host_given || matches!(cli.api.host_default, catalog::HostDefault::Loopback(_));
    let needs_port = port_given || !matches!(cli.api.port_default, PortDefault::ReadsPortEnv(_));
    let mut wanted = Vec::new();
    if needs_host && !cli.fix_host.is_empty() {
        wanted.push(cli.fix_host);
    }
    if needs_port && !cli.fix_port.is_empty() && !wanted.contains(&cli.fix_port) {
        wanted.push(cli.fix_port);
    }
    for fix in wanted {
        if fix.contains('=') && !fix.starts_with('-') {
            env_fixes.push(fix.to_string());
        } else {
            flags.push(fix.to_string());
        }
    }
    let fixed_names: Vec<&str> = env_fixes
        .iter()
        .filter_map(|f| f.split_once('='))
        .map(|(name, _)| name)
        .collect();
    let mut out: Vec<String> = prefix
        .iter()
        .filter(|assignment| {
            !fixed_names
                .iter()
                .any(|name| assignment.starts_with(&format!("{name}=")))
        })
        .cloned()
        .collect();
    let wrappers_start = out
        .iter()
        .position(|w| !w.contains('='))
        .unwrap_or(out.len());
    for (index, fix) in env_fixes.into_iter().enumerate() {
        out.insert(wrappers_start + index, fix);
    }
    out.push(quote(words[0].as_str()));
    out.extend(args[..head_end].iter().map(|w| quote(w.as_str())));
    out.extend(flags);
    out.extend(
        args.iter()
            .enumerate()
            .skip(head_end)
            .filter(|(i, _)| !consumed.contains(i))
            .map(|(_, w)| quote(w.as_str())),
    );
    out.join(" ")
}

fn quote(word: &str) -> String {
    if word.is_empty()
        || word
            .chars()
            .any(|c| c.is_whitespace() || "'\"\\;&|<>()`".contains(c))
    {
        format!("'{}'", word.replace('\'', r"'\''"))
    } else {
        word.to_string()
    }
}

/// A word as an argument: literal text, or a lone `$VAR` (with its `${VAR:-default}`).
fn word_arg(word: &Word, site: &Site) -> Arg {
    Arg::Given {
        span: word.span(),
        values: word_values(word, site, 0),
    }
}

fn word_values(word: &Word, site: &Site, depth: usize) -> Vec<Value> {
    let span = word.span();
    match word.expansions.as_slice() {
        [] => vec![Value::Str {
            text: word.as_str().to_string(),
            span,
        }],
        [expansion] if expansion.range == (0..word.as_str().len()) => {
            if site.exec_form {
                return vec![Value::Unknown];
            }
            if expansion.name != "PORT" && depth < MAX_NESTING {
                if let Some(var) = site.var(&expansion.name) {
                    return var.values(site, depth + 1);
                }
            }
            vec![Value::Env(env_read(word, expansion))]
        }
        _ => vec![Value::Unknown],
    }
}

fn env_read(word: &Word, expansion: &shell::Expansion) -> EnvRead {
    let span = word.text.span_of(expansion.range.clone());
    EnvRead {
        name: expansion.name.clone(),
        name_span: span.clone(),
        span,
        fallback: expansion
            .default
            .iter()
            .map(|text| Value::Str {
                text: text.clone(),
                span: word.span(),
            })
            .collect(),
        as_int: false,
    }
}

/// A `host:port` word (also `tcp://host:port` and a port alone) as host and port arguments.
fn bind_args(word: &Word, site: &Site) -> Option<(Arg, Arg)> {
    let scheme = ["tcp://", "http://"]
        .iter()
        .find(|s| word.as_str().starts_with(**s))
        .map_or(0, |s| s.len());
    let word = word.suffix(scheme);
    let text = word.as_str();
    // `$PORT` alone is a port; a variable the script sets (`BIND="$HOST:$PORT"`) is read.
    let lone_variable = word.expansions.len() == 1
        && word.expansions[0].range == (0..text.len())
        && (word.expansions[0].name == "PORT" || site.var(&word.expansions[0].name).is_none());
    let port_only = (!text.is_empty() && text.chars().all(|c| c.is_ascii_digit())) || lone_variable;
    if port_only {
        return Some((Arg::Omitted, word_arg(&word, site)));
    }
    let pieces = pieces(&word, site);
    split_bind(&pieces, &word.span())
}

/// A word as text and env-read pieces, with exact spans for the text.
fn pieces(word: &Word, site: &Site) -> Vec<Piece> {
    pieces_at(word, site, 0)
}

/// A word's pieces, a variable the script or its site sets read as its own pieces in turn
/// (`BIND="$HOST:${PORT:-8000}"` then `--bind "$BIND"`); a variable set in another file gives
/// its text only.
fn pieces_at(word: &Word, site: &Site, depth: usize) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut at = 0;
    let text = word.as_str();
    for expansion in &word.expansions {
        if expansion.range.start > at {
            pieces.push(Piece::Text {
                text: text[at..expansion.range.start].to_string(),
                span: Some(word.text.span_of(at..expansion.range.start)),
            });
        }
        let value = if site.exec_form {
            Piece::Unknown
        } else {
            match site
                .var(&expansion.name)
                .filter(|_| expansion.name != "PORT")
            {
                Some(var) if var.word().expansions.is_empty() => Piece::Text {
                    text: var.word().as_str().to_string(),
                    span: None,
                },
                Some(Var::Local(value)) if depth < MAX_NESTING => {
                    pieces.extend(pieces_at(value, site, depth + 1));
                    at = expansion.range.end;
                    continue;
                }
                Some(_) => Piece::Unknown,
                None => Piece::Env(env_read(word, expansion)),
            }
        };
        pieces.push(value);
        at = expansion.range.end;
    }
    if at < text.len() {
        pieces.push(Piece::Text {
            text: text[at..].to_string(),
            span: Some(word.text.span_of(at..text.len())),
        });
    }
    pieces
}

/// In an exec-form array no shell runs: each `$VAR` reaches the program as text (BL303).
fn report_unexpanded(command: &Command, site: &Site, facts: &mut FileFacts) {
    let shell_form = command
        .words
        .iter()
        .map(|w| shell_word(w.as_str()))
        .collect::<Vec<_>>()
        .join(" ");
    let plain = command.words.iter().all(is_plain);
    let fix = site
        .exec_array
        .clone()
        .filter(|_| plain)
        .map(|array| vec![Edit::replace(array, shell_array(&shell_form))]);
    for word in &command.words {
        for expansion in &word.expansions {
            facts.unexpanded_variables.push(UnexpandedVariable {
                span: word.text.span_of(expansion.range.clone()),
                name: expansion.name.clone(),
                shell_form: shell_form.clone(),
                fix: fix.clone(),
                unit: Default::default(),
            });
        }
    }
}

/// A word as the shell should see it: quoted unless it is plain, keeping `$VAR` expandable
/// (in double quotes) when it has to be quoted.
fn shell_word(word: &str) -> String {
    let quoted = quote(word);
    if quoted != word && word.contains('$') && !word.contains(['"', '\\', '`']) {
        format!("\"{word}\"")
    } else {
        quoted
    }
}
