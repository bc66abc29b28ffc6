//! One JSON object per line, the same fields as `json`: easy to stream and to `grep`.

use std::io::{self, Write};

use super::json::records;
use crate::run::RunResult;

pub fn write(run: &RunResult, out: &mut dyn Write) -> io::Result<()> {
    for record in records(run) {
        serde_json::to_writer(&mut *out, &record).map_err(io::Error::other)?;
        writeln!(out)?;
    }
    Ok(())
}
