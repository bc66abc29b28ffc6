//! Procfile: `process: command` lines. Only the `web` process receives `PORT` and traffic.

use super::deployed::Deployed;
use super::invocation::{self, Outcome, Site};
use super::shell::{self, Mapped};
use crate::facts::FileFacts;

/// The `web:` process's commands, judged with the deployment's variables when it runs them.
pub fn extract(text: &str, deployed: Option<&Deployed>) -> FileFacts {
    let site = Site::deployed(deployed);
    let mut facts = FileFacts::default();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let Some((process, command)) = line.split_once(':') else {
            continue;
        };
        if process.trim() != "web" {
            continue;
        }
        let command_start = start + process.len() + 1;
        let command = command.trim_end_matches(['\n', '\r']);
        let commands = shell::parse(&Mapped::verbatim(command, command_start));
        invocation::judge_script(&commands, &site, &mut facts, &mut Outcome::default());
    }
    facts
}
