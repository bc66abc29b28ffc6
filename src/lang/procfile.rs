//! Procfile: `process: command` lines. Only the `web` process receives `PORT` and traffic.

use super::command::{self, Outcome, Site};
use super::shell::{self, Mapped};
use crate::facts::FileFacts;

pub fn extract(text: &str) -> FileFacts {
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
        for parsed in shell::parse(&Mapped::verbatim(command, command_start)) {
            command::judge(
                &parsed,
                &Site::default(),
                &mut facts,
                &mut Outcome::default(),
            );
        }
    }
    facts
}
