//! The `bindlint` command line. Only argument handling and exit codes live here; the work is in
//! the library.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use bindlint::lint::{self, ProblemLevel, RunOptions};
use bindlint::report::{self, Format, Style};
use bindlint::rules::{self, ALL_RULES};

/// Exit status (SPEC.md): 0 no findings, 1 findings, 2 usage or internal error.
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

    /// Files or directories to lint (directories are walked, honouring .gitignore).
    #[arg(default_value = ".")]
    paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    /// Also lint test files (tests/, test_*.py, *.spec.ts, ...), which are skipped by default.
    #[arg(long)]
    include_tests: bool,

    /// Number of worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,

    /// Never use colour (NO_COLOR is honoured too).
    #[arg(long)]
    no_color: bool,
}

#[derive(Subcommand)]
enum Command {
    /// List every rule with its code, default severity and summary.
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
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Rules { markdown: true }) => {
            print!("{}", rules::markdown_table());
            ExitCode::SUCCESS
        }
        Some(Command::Rules { markdown: false }) => print_rules(),
        Some(Command::Rule { code }) => print_rule(&code),
        None => lint_command(&cli),
    }
}

fn print_rules() -> ExitCode {
    let mut out = std::io::stdout().lock();
    for rule in ALL_RULES {
        let severity = rule.default_severity.to_string();
        let _ = writeln!(
            out,
            "{}  {:<22} {severity:<8} {}",
            rule.code,
            rule.name,
            rule.summary()
        );
    }
    ExitCode::SUCCESS
}

fn print_rule(code: &str) -> ExitCode {
    match rules::rule_by_code(code) {
        Some(rule) => {
            println!(
                "# {} ({})\n\nDefault severity: {}\n\n{}",
                rule.code,
                rule.name,
                rule.default_severity,
                rule.doc_text()
            );
            ExitCode::SUCCESS
        }
        None => {
            eprintln!("error: unknown rule code `{code}`; `bindlint rules` lists them");
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn lint_command(cli: &Cli) -> ExitCode {
    let options = RunOptions {
        include_tests: cli.include_tests,
        threads: cli.threads,
    };
    let run = match lint::lint_paths(&cli.paths, &options) {
        Ok(run) => run,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(EXIT_ERROR);
        }
    };

    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for problem in &run.problems {
        let level = match problem.level {
            ProblemLevel::Error => "error",
            ProblemLevel::Warning => "warning",
        };
        let _ = writeln!(err, "{level}: {}: {}", problem.path, problem.message);
    }

    let stdout = std::io::stdout();
    let color = !cli.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && stdout.is_terminal();
    let style = Style { color, width: 100 };
    let mut out = stdout.lock();
    if let Err(error) =
        report::write_report(cli.format, &run, style, &mut out).and_then(|()| out.flush())
    {
        if error.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("error: cannot write the report: {error}");
            return ExitCode::from(EXIT_ERROR);
        }
    }
    if run.finding_count() > 0 {
        ExitCode::from(EXIT_FINDINGS)
    } else {
        ExitCode::SUCCESS
    }
}
