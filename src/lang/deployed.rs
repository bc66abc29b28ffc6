//! What a deployment gives a start-command file it runs: the part of the file that runs there
//! and the variables it sets, so the file is judged as it runs (`deploy/` builds these; README,
//! "Deployments"). A leaf of `lang/`: the front ends use it, it uses only the shell words.

use std::sync::Arc;

use super::shell::Word;
use crate::facts::Unit;
use crate::source::OtherFile;

/// How a deployment runs a start-command file, so that the file is judged as it runs there:
/// the part of it that runs (a compose service, a Dockerfile stage, a package.json script) and
/// what the deployment gives it (`deploy/` builds these; README, "Deployments").
#[derive(Debug, Clone, Default)]
pub struct Deployed {
    /// The part of the file that runs ([`Unit::Stage`] for a Dockerfile).
    pub unit: Unit,
    /// Variables the deployment sets over the file's own: a manifest's environment for the
    /// Dockerfile it builds and everything it runs.
    pub env_over: Vec<ForeignVar>,
    /// Variables under the file's own: the image's `ENV` for a manifest's command.
    pub env_under: Vec<ForeignVar>,
    /// The image's exec-form `ENTRYPOINT`, which a manifest command that replaces only `CMD` is
    /// appended to.
    pub entrypoint: Vec<Word>,
    /// package.json: the arguments appended to the script (`npm start -- --port 3000`).
    pub script_args: Vec<String>,
    /// gunicorn finds a `gunicorn.conf.py` where it runs.
    pub gunicorn_config: bool,
    /// Nothing sets `PORT` there.
    pub port_unset: bool,
}

/// A variable a deployment sets for a command, written in another file: a manifest's
/// environment for the Dockerfile it builds, the image's `ENV` for a manifest's command.
#[derive(Debug, Clone)]
pub struct ForeignVar {
    pub name: String,
    /// Its value, with spans in `file`.
    pub value: Word,
    pub file: Arc<OtherFile>,
}
