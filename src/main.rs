//! The `bindlint` command line. Only argument handling, configuration loading and exit codes
//! live here; the work is in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use miette::{Diagnostic, GraphicalReportHandler, GraphicalTheme};

use bindlint::config::{self, Overrides, Settings};
use bindlint::deploy::Workspace;
use bindlint::fix::{self, FixOptions};
use bindlint::lint::{LintOptions, ProblemLevel};
use bindlint::report::{self, Format, Style};
use bindlint::rules::{self, ALL_RULES};
use bindlint::run::{self, RunOptions, RunResult};
use bindlint::server::{
    self,
    log::{LogLevel, Logger},
};

/// Exit status (the README's "Usage"): 0 no findings, 1 findings, 2 usage, config or internal
/// error.
const EXIT_FINDINGS: u8 = 1;
const EXIT_ERROR: u8 = 2;

#[derive(Parser)]
#[command(
    name = "bindlint",
    version,
    about = "Find localhost-only binding bugs before you deploy: servers that listen on loopback, hard-code their port, or never read PORT.",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// `bindlint [OPTIONS] [PATHS]` is `bindlint check [OPTIONS] [PATHS]`.
    #[command(flatten)]
    lint: LintArgs,
}

/// What a lint run takes: `bindlint check`'s arguments, and the bare command's.
#[derive(clap::Args)]
struct LintArgs {
    /// Files or directories to lint (directories are walked, honouring .gitignore); `-` reads
    /// standard input (with --stdin-filename to say what file it is).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format (`--format` is the same flag).
    #[arg(
        long = "output-format",
        visible_alias = "format",
        env = "BINDLINT_OUTPUT_FORMAT",
        value_enum,
        default_value_t = Format::Human
    )]
    format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(short = 'o', long, value_name = "PATH")]
    output_file: Option<PathBuf>,

    /// Use this config file instead of searching for one.
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    config: Option<PathBuf>,

    /// Ignore every config file.
    #[arg(long)]
    isolated: bool,

    /// Rules to enable, replacing the config's `select` (codes or prefixes: BL101,BL2,ALL).
    #[arg(long, value_name = "CODES")]
    select: Option<String>,

    /// Rules to enable on top of the selection.
    #[arg(long, value_name = "CODES")]
    extend_select: Option<String>,

    /// Rules to disable.
    #[arg(long, value_name = "CODES")]
    ignore: Option<String>,

    /// Also lint test files (tests/, test_*.py, *.spec.ts, ...), which are skipped by default.
    #[arg(long)]
    include_tests: bool,

    /// Follow symbolic links while walking directories, even out of the tree (link loops are
    /// detected and reported). Not with --fix: fixes never write through a link.
    #[arg(short = 'L', long, conflicts_with = "fix")]
    follow_links: bool,

    /// Both --include-dev-starts and --include-dev-files.
    #[arg(long)]
    include_dev: bool,

    /// Also report server starts that only run when a file is run by hand (its
    /// `if __name__ == "__main__":` block, CLI commands) when the project's start command serves
    /// the file through a production server; left out by default.
    #[arg(long)]
    include_dev_starts: bool,

    /// Also lint development-only files (`Procfile.dev`, `docker-compose.override.yml`...),
    /// which no deployment runs; left out by default.
    #[arg(long)]
    include_dev_files: bool,

    /// Also lint minified or generated JavaScript (mostly lines over 1,000 bytes), which is
    /// skipped by default.
    #[arg(long)]
    include_minified: bool,

    /// Skip files larger than this many bytes (default 10 MiB, 10485760).
    #[arg(long, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(1..))]
    max_file_size: Option<u64>,

    /// Report `bindlint: ignore` comments that silence nothing (BL001).
    #[arg(long)]
    report_unused_ignores: bool,

    /// Lint source read from standard input as if it were the file at PATH (for editors).
    /// With `--fix`, the fixed source goes to standard output and the findings to standard error.
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<PathBuf>,

    /// Apply the safe fixes in place, then report what is left.
    #[arg(long)]
    fix: bool,

    /// Write a `bindlint: ignore[CODE]` comment on the line of every current finding, and
    /// exit: adopt bindlint on an existing codebase now, fix the findings later (ruff's
    /// `--add-noqa`). A file is changed only when it still parses and lints clean after.
    #[arg(long, conflicts_with_all = ["fix", "diff", "stdin_filename", "show_files", "statistics"])]
    add_ignore: bool,

    /// Also apply (with `--fix` / `--diff`) and offer the unsafe fixes: those that bind all
    /// interfaces or rewrite start commands.
    #[arg(long, overrides_with = "no_unsafe_fixes")]
    unsafe_fixes: bool,

    /// Do not apply unsafe fixes, even if the config enables them.
    #[arg(long, overrides_with = "unsafe_fixes")]
    no_unsafe_fixes: bool,

    /// Print a unified diff of what `--fix` would change and write nothing; exit 1 when there
    /// is a diff.
    #[arg(long)]
    diff: bool,

    /// Exit 0 even when there are findings.
    #[arg(long)]
    exit_zero: bool,

    /// Print findings only: no summary line.
    #[arg(long, short)]
    quiet: bool,

    /// List every file a warning is about, instead of one line per reason when many files
    /// share it (minified files skipped, files over the size limit...).
    #[arg(long, short)]
    verbose: bool,

    /// Print how many findings each rule has instead of the findings.
    #[arg(long)]
    statistics: bool,

    /// Print the settings in effect (which config file, the selection, the excludes, the
    /// platform...), and exit.
    #[arg(long)]
    show_settings: bool,

    /// Print the files that would be linted, and exit.
    #[arg(long)]
    show_files: bool,

    /// Parse every file, even those the byte prefilter proves free of findings (slower; for
    /// checking the prefilter and for benchmarks).
    #[arg(long)]
    no_prefilter: bool,

    /// Number of worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// When to use colour: `auto` (on a terminal, unless NO_COLOR is set), `always`, `never`.
    #[arg(long, value_enum, value_name = "WHEN", default_value_t = ColorChoice::Auto)]
    color: ColorChoice,

    /// Never use colour: `--color never`.
    #[arg(long)]
    no_color: bool,
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Subcommand)]
enum Command {
    /// Lint files or directories (what `bindlint [PATHS]` does).
    Check(LintArgs),
    /// List every rule with its code, default severity, fix safety and summary.
    Rules {
        /// Print the list as the Markdown table the README carries.
        #[arg(long)]
        markdown: bool,
    },
    /// Print a rule's documentation.
    Rule {
        /// A rule code, such as BL101.
        code: String,
    },
    /// List every deployment found under the paths, and what each runs.
    ///
    /// A deployment is one start manifest's service or process (a Procfile `web:` line, a
    /// compose service, a fly.toml process group, a Kubernetes container...) or a Dockerfile
    /// nothing else builds. For each: its manifest and line, platform, directory, image and
    /// stage, effective start command, the port it routes to, whether `PORT` is set, and the
    /// files it runs: what a file is judged by.
    Deployments {
        /// Files or directories to look in.
        #[arg(default_value = ".")]
        paths: Vec<PathBuf>,
        /// `human` (default) or `json`.
        #[arg(long, value_enum, default_value_t = DeploymentsFormat::Human)]
        format: DeploymentsFormat,
    },
    /// Run the language server on stdin and stdout, for editors.
    ///
    /// Any editor's LSP client can start it (`bindlint server`): diagnostics as you type, with
    /// the settings a command-line run in the file's folder would use; quick fixes, "Fix all
    /// bindlint problems" (`source.fixAll.bindlint`) and "Ignore ... on this line" as code
    /// actions; the rule's documentation on hover. Config files are read again when they
    /// change. `initializationOptions` (or `workspace/didChangeConfiguration`) may set
    /// what the command line's flags set: `select`, `extendSelect`, `ignore`, `unsafeFixes`,
    /// `includeTests`, `includeMinified`, `includeDev` (`includeDevFiles`,
    /// `includeDevStarts`), `followLinks`, `maxFileSize`. Logs
    /// go to stderr; stdout carries the protocol. See docs/editors.md.
    Server {
        /// How much to log on stderr.
        #[arg(long, value_name = "LEVEL", default_value_t = LogLevel::Info)]
        log_level: LogLevel,
    },
}

/// How `bindlint deployments` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DeploymentsFormat {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match &cli.command {
        Some(Command::Rules { markdown: true }) => {
            print!("{}", rules::markdown_table());
            ExitCode::SUCCESS
        }
        Some(Command::Rules { markdown: false }) => print_rules(),
        Some(Command::Rule { code }) => print_rule(code),
        Some(Command::Deployments { paths, format }) => {
            print_deployments(&cli.lint, paths, *format)
        }
        Some(Command::Check(args)) => lint_command(args),
        Some(Command::Server { log_level }) => {
            match server::run_stdio(Logger { level: *log_level }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(error) => {
                    eprintln!("error: bindlint server: {error}");
                    ExitCode::from(EXIT_ERROR)
                }
            }
        }
        None => lint_command(&cli.lint),
    }
}

fn print_deployments(cli: &LintArgs, paths: &[PathBuf], format: DeploymentsFormat) -> ExitCode {
    let settings = match settings(cli) {
        Ok(settings) => settings,
        Err(error) => {
            print_diagnostic(cli, error.as_ref());
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let workspace = Workspace::new(paths).with_settings(&settings);
    let deployments = match workspace.all_under(paths) {
        Ok(deployments) => deployments,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let display = |path: &Path| {
        let shown = workspace.projects().display(path);
        if shown.is_empty() {
            ".".to_string()
        } else {
            shown
        }
    };
    let mut out = std::io::stdout().lock();
    let json = format == DeploymentsFormat::Json;
    match report::deployments::write(&deployments, json, &display, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: cannot write the report: {error}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

/// The width a terminal on standard output has, if standard output is one.
fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    let (terminal_size::Width(columns), _) = terminal_size::terminal_size()?;
    Some(usize::from(columns).max(40))
}

/// `bindlint rules`: one line per rule for a pipe (so `grep` finds a rule whole); on a terminal,
/// each rule's summary wrapped under it at the terminal's width.
fn print_rules() -> ExitCode {
    let mut out = std::io::stdout().lock();
    let width = terminal_width();
    for rule in ALL_RULES {
        let severity = rule.default_severity.to_string();
        let head = format!(
            "{}  {:<22} {severity:<8} fix: {:<15}",
            rule.code,
            rule.name,
            rule.fix.label()
        );
        let _ = match width {
            None => writeln!(out, "{head} {}", rule.summary()),
            Some(width) => {
                let indent = " ".repeat(7);
                let options = textwrap::Options::new(width)
                    .initial_indent(&indent)
                    .subsequent_indent(&indent);
                writeln!(
                    out,
                    "{}\n{}",
                    head.trim_end(),
                    textwrap::fill(&rule.summary(), options)
                )
            }
        };
    }
    ExitCode::SUCCESS
}

fn print_rule(code: &str) -> ExitCode {
    match rules::rule_by_code(code) {
        Some(rule) => {
            println!("{}", rule.page());
            ExitCode::SUCCESS
        }
        None => {
            let help = bindlint::suggest::did_you_mean(
                code,
                ALL_RULES.iter().map(|rule| rule.code),
                "`bindlint rules` lists them",
            );
            eprintln!("error: unknown rule code `{code}`\n  help: {help}");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn colour_allowed(cli: &LintArgs, stream: &impl IsTerminal) -> bool {
    match (cli.color, cli.no_color) {
        (_, true) | (ColorChoice::Never, _) => false,
        (ColorChoice::Always, false) => true,
        (ColorChoice::Auto, false) => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stream.is_terminal()
        }
    }
}

/// Prints a diagnostic (a config error) as an annotated snippet on stderr.
/// Prints a usage or config error on stderr in the one style every error of bindlint's has,
/// clap's among them: `error: <what>` at the start of the line, then, for a config file, the
/// snippet at the bad value, and a `help:` line.
fn print_diagnostic(cli: &LintArgs, diagnostic: &dyn Diagnostic) {
    let mut theme = if colour_allowed(cli, &std::io::stderr()) {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    theme.characters.error = "error:".to_string();
    let mut rendered = String::new();
    let handler = GraphicalReportHandler::new_themed(theme).with_links(false);
    if handler.render_report(&mut rendered, diagnostic).is_err() {
        rendered = format!("error: {diagnostic}");
    }
    // miette indents its first line; clap and the other errors start at the margin.
    eprintln!("{}", rendered.trim_start_matches([' ', '\n']).trim_end());
}

/// The config file this run reads: `--config`, else the nearest one above the working
/// directory; none with `--isolated`.
fn config_file(cli: &LintArgs) -> Option<PathBuf> {
    match (&cli.config, cli.isolated) {
        (_, true) => None,
        (Some(path), false) => Some(path.clone()),
        (None, false) => config::find(&std::env::current_dir().unwrap_or_default()),
    }
}

/// The settings of this run: the config file (unless `--isolated`), then the flags.
fn settings(cli: &LintArgs) -> Result<Settings, Box<dyn Diagnostic + Send + Sync>> {
    let mut settings = match config_file(cli) {
        Some(path) => config::load(&path)?,
        None => Settings::default(),
    };
    let flag = |given: bool| given.then_some(true);
    settings.apply_overrides(&Overrides {
        select: cli.select.clone().map(|s| vec![s]),
        extend_select: cli.extend_select.clone().map(|s| vec![s]),
        ignore: cli.ignore.clone().map(|s| vec![s]),
        // `--no-unsafe-fixes` wins over `--unsafe-fixes`.
        unsafe_fixes: if cli.no_unsafe_fixes {
            Some(false)
        } else {
            flag(cli.unsafe_fixes)
        },
        include_tests: flag(cli.include_tests),
        include_minified: flag(cli.include_minified),
        include_dev: flag(cli.include_dev),
        include_dev_files: flag(cli.include_dev_files),
        include_dev_starts: flag(cli.include_dev_starts),
        follow_links: flag(cli.follow_links),
        max_file_size: cli.max_file_size,
    })?;
    Ok(settings)
}

fn lint_command(cli: &LintArgs) -> ExitCode {
    let settings = match settings(cli) {
        Ok(settings) => settings,
        Err(error) => {
            print_diagnostic(cli, error.as_ref());
            return ExitCode::from(EXIT_ERROR);
        }
    };
    let unsafe_fixes = settings.unsafe_fixes;
    let workspace = Workspace::new(&cli.paths).with_settings(&settings);
    let options = RunOptions {
        lint: LintOptions {
            settings,
            report_unused_ignores: cli.report_unused_ignores,
            no_prefilter: cli.no_prefilter,
            workspace: Some(workspace),
        },
        fix: (cli.fix || cli.diff).then_some(FixOptions {
            unsafe_fixes,
            write: cli.fix && !cli.diff && cli.stdin_filename.is_none(),
        }),
        threads: cli.threads,
    };

    if cli.show_settings {
        return show_settings(cli, &options.lint.settings);
    }
    if cli.show_files {
        return show_files(cli, &options);
    }
    let reads_stdin = cli.paths.iter().any(|path| path.as_os_str() == "-");
    let run = match (&cli.stdin_filename, reads_stdin) {
        (_, true) if cli.paths.len() > 1 => {
            Err("`-` reads standard input: name no other path beside it".to_string())
        }
        (None, true) => Err(
            "`-` reads standard input: give --stdin-filename PATH too, so bindlint knows what \
             kind of file it is (`--stdin-filename app.py`)"
                .to_string(),
        ),
        (Some(path), _) => lint_stdin(path, &options),
        (None, false) => run::lint_paths(&cli.paths, &options).map(|run| (run, None)),
    };
    let (run, fixed_stdin) = match run {
        Ok(run) => run,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(EXIT_ERROR);
        }
    };

    let mut err = std::io::stderr().lock();
    for missing in &run.missing_paths {
        let _ = writeln!(err, "error: {missing}: no such file or directory");
    }
    let _ = write_problems(&run.problems, cli.verbose, &mut err);
    let problems_shown = run.problems.len();

    if cli.diff {
        return print_diff(cli, &run, unsafe_fixes);
    }
    if cli.add_ignore {
        return add_ignore(cli, run, problems_shown, &options.lint);
    }
    if let Some(fixed) = fixed_stdin {
        // Editors replace the buffer with standard output: only the source goes there.
        let mut out = std::io::stdout().lock();
        if out.write_all(&fixed).and_then(|_| out.flush()).is_err() {
            return ExitCode::from(EXIT_ERROR);
        }
        let _ = report::write_report(cli.format, &run, style(cli, false, unsafe_fixes), &mut err);
        return exit_status(cli, &run);
    }

    if let Err(error) = write_output(cli, &run, unsafe_fixes) {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {error}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    exit_status(cli, &run)
}

/// `--show-settings`: which config file was read, then the settings in effect.
fn show_settings(cli: &LintArgs, settings: &Settings) -> ExitCode {
    let source = match config_file(cli) {
        Some(path) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let shown = path.strip_prefix(&cwd).unwrap_or(&path);
            format!("# config file: {}", bindlint::files::display_path(shown))
        }
        None if cli.isolated => "# no config file (--isolated)".to_string(),
        None => "# no config file found".to_string(),
    };
    print!("{source}\n{}", settings.show());
    ExitCode::SUCCESS
}

/// `--add-ignore`: the comments written after the run's lint, the problems met doing it (past
/// the `shown` ones already printed) and what was added.
fn add_ignore(cli: &LintArgs, mut run: RunResult, shown: usize, options: &LintOptions) -> ExitCode {
    let added = run::add_ignores(&mut run, options);
    let mut err = std::io::stderr().lock();
    let _ = write_problems(&run.problems[shown..], cli.verbose, &mut err);
    let comments: usize = added.iter().map(|a| a.comments).sum();
    let _ = writeln!(
        err,
        "Added {comments} `bindlint: ignore` comment{} to {} file{}.",
        if comments == 1 { "" } else { "s" },
        added.len(),
        if added.len() == 1 { "" } else { "s" }
    );
    if run.missing_paths.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}

/// The problems met on the way, on stderr: every error on its own line; a warning that many
/// files share (minified files skipped, files over the size limit...) summed up in one line per
/// reason, unless `--verbose` lists them all.
fn write_problems(
    problems: &[bindlint::lint::FileProblem],
    verbose: bool,
    err: &mut impl Write,
) -> std::io::Result<()> {
    let mut warnings: Vec<(&str, Vec<&str>)> = Vec::new();
    for problem in problems {
        match problem.level {
            ProblemLevel::Error => writeln!(err, "error: {}: {}", problem.path, problem.message)?,
            ProblemLevel::Warning => match warnings.iter_mut().find(|(m, _)| *m == problem.message)
            {
                Some((_, paths)) => paths.push(&problem.path),
                None => warnings.push((&problem.message, vec![&problem.path])),
            },
        }
    }
    for (message, paths) in warnings {
        match paths.as_slice() {
            [path] => writeln!(err, "warning: {path}: {message}")?,
            _ if verbose => {
                for path in &paths {
                    writeln!(err, "warning: {path}: {message}")?;
                }
            }
            [first, second, rest @ ..] => {
                let more = match rest.len() {
                    0 => String::new(),
                    n => format!(" and {n} more"),
                };
                writeln!(
                    err,
                    "warning: {} files: {message} ({first}, {second}{more}; --verbose lists them)",
                    paths.len()
                )?
            }
            [] => {}
        }
    }
    Ok(())
}

fn exit_status(cli: &LintArgs, run: &RunResult) -> ExitCode {
    // A path that does not exist is a usage error, whatever the other paths gave.
    if !run.missing_paths.is_empty() {
        ExitCode::from(EXIT_ERROR)
    } else if run.finding_count() > 0 && !cli.exit_zero {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// `--diff`: the fixes as a unified diff on standard output, the count on standard error.
fn print_diff(cli: &LintArgs, run: &RunResult, unsafe_fixes: bool) -> ExitCode {
    let mut out = std::io::stdout().lock();
    for file in &run.fixes {
        let diff = fix::unified_diff(&file.path, &file.original, &file.fixed);
        if out.write_all(diff.as_bytes()).is_err() {
            return ExitCode::from(EXIT_ERROR);
        }
    }
    let _ = out.flush();
    if !cli.quiet {
        match report::fix_summary(run, unsafe_fixes) {
            Some(summary) if run.fixed_count() > 0 => eprintln!("{summary}"),
            _ => eprintln!("No fixes to apply."),
        }
    }
    if run.fixed_count() > 0 && !cli.exit_zero {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}

/// How the report is drawn. It wraps at the terminal's width when it goes to one, and at 100
/// columns otherwise (a CI log, a file), so those stay the same from run to run.
fn style(cli: &LintArgs, color: bool, unsafe_fixes: bool) -> Style {
    let width = match &cli.output_file {
        None => terminal_width().unwrap_or(100),
        Some(_) => 100,
    };
    Style {
        color,
        width,
        summary: !cli.quiet,
        unsafe_fixes,
    }
}

fn write_output(cli: &LintArgs, run: &RunResult, unsafe_fixes: bool) -> std::io::Result<()> {
    let to_terminal = cli.output_file.is_none() && colour_allowed(cli, &std::io::stdout());
    let style = style(cli, to_terminal, unsafe_fixes);
    let mut out: Box<dyn Write> = match &cli.output_file {
        Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    if cli.statistics {
        report::write_statistics(run, unsafe_fixes, &mut out)?;
    } else {
        report::write_report(cli.format, run, style, &mut out)?;
    }
    out.flush()
}

/// `--stdin-filename`: the text comes from stdin, its name and settings from PATH. With `--fix`,
/// also the fixed text (the input itself when nothing was fixed).
fn lint_stdin(path: &Path, options: &RunOptions) -> Result<(RunResult, Option<Vec<u8>>), String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {e}"))?;
    run::check_text(path, bytes, options)
}

fn show_files(cli: &LintArgs, options: &RunOptions) -> ExitCode {
    let discovery = bindlint::walk::discover(&cli.paths, &options.lint.settings);
    let mut out = std::io::stdout().lock();
    for candidate in discovery.candidates {
        let _ = writeln!(out, "{}", bindlint::files::display_path(&candidate.path));
    }
    for missing in &discovery.missing {
        eprintln!("error: {missing}: no such file or directory");
    }
    if discovery.missing.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    }
}
