//! Start-command rules: how the server is launched (BL301, BL302, BL303), in Procfiles,
//! package.json scripts, Dockerfiles and gunicorn's `bind`. The host and port judgements are
//! shared with the source rules (`host.rs`, `port.rs`): the dispatcher in `rules/mod.rs` hands
//! them [`HOST_CODES`] and [`PORT_CODES`] for commands, so the dependency runs one way (the
//! dispatcher knows every family; no family knows another). BL303 is judged here.

use crate::declare_rule;
use crate::facts::UnexpandedVariable;
use crate::finding::{Finding, Fix};

use super::codes::{HostCodes, PortCodes};

declare_rule! {
    /// ## What it does
    /// Flags a start command or server config that binds loopback explicitly
    /// (`--bind 127.0.0.1:8000`, `bind = "127.0.0.1:8000"` in `gunicorn.conf.py`), or omits the
    /// host where that server's default is loopback (`uvicorn main:app`, `flask run`,
    /// `manage.py runserver`, `ng serve`). `gunicorn app:app` without `--bind` is correct where
    /// `PORT` is set: gunicorn binds `0.0.0.0:$PORT` then, and `127.0.0.1:8000` where nothing
    /// sets it (Fly.io without `[env] PORT`, compose, Kubernetes), which is flagged there. A
    /// Next.js standalone `server.js` in a Dockerfile listens on `$HOSTNAME`, which Docker sets
    /// to the container's id, and is flagged unless `ENV HOSTNAME=0.0.0.0` is set. Commands in
    /// platform manifests (compose, `fly.toml`, `render.yaml`...) are judged the same way.
    ///
    /// ## Why is this bad?
    /// The command decides what the process listens on, whatever the code says. A loopback bind
    /// is unreachable from the platform's router.
    ///
    /// ## Example
    /// ```procfile
    /// web: gunicorn --bind 127.0.0.1:$PORT app:app
    /// ```
    ///
    /// ## Fix
    /// ```procfile
    /// web: gunicorn --bind 0.0.0.0:$PORT app:app
    /// ```
    /// `--fix --unsafe-fixes` rewrites the command in place, in a Procfile, a package.json script
    /// (JSON escaping untouched) or a Dockerfile (an exec-form array gets new elements,
    /// `["uvicorn", "--host", "0.0.0.0", "main:app"]`), and gunicorn's `bind` setting; unsafe, because
    /// it changes how the process is launched.
    pub static CMD_LOOPBACK = ("BL301", "cmd-loopback", Error, fix = Unsafe);
}

declare_rule! {
    /// ## What it does
    /// Flags a start command or server config that fixes a literal port where it should use
    /// `$PORT` (`--port 8000`, `-p 3000`, `--bind 0.0.0.0:8000`, `bind = "0.0.0.0:8000"`,
    /// `PORT=8000 node server.js`), or omits the port of a server that does not read `PORT` itself.
    ///
    /// ## Why is this bad?
    /// The platform passes the port in `PORT` and routes traffic there; a fixed port is never
    /// reached.
    ///
    /// ## Example
    /// ```procfile
    /// web: gunicorn --bind 0.0.0.0:8000 app:app
    /// ```
    ///
    /// ## Fix
    /// ```procfile
    /// web: gunicorn --bind 0.0.0.0:$PORT app:app
    /// ```
    /// `--fix --unsafe-fixes` puts `$PORT` in the command (`--bind 0.0.0.0:$PORT`, `uvicorn main:app`
    /// → `uvicorn --port $PORT --host 0.0.0.0 main:app`, `PORT=8000 node server.js` → `node
    /// server.js`, `bind = "0.0.0.0:" + os.environ.get("PORT", "8000")`); a Dockerfile exec-form array
    /// that needs `$PORT` runs through a shell, `["sh", "-c", "exec uvicorn main:app --port $PORT"]`.
    /// Unsafe, because it changes how the process is launched.
    pub static CMD_HARDCODED_PORT = ("BL302", "cmd-hardcoded-port", Warning, fix = Unsafe);
}

declare_rule! {
    /// ## What it does
    /// Flags a command in exec form that passes `$PORT` or `${PORT}` to a program that is not a
    /// shell: a Dockerfile `CMD`/`ENTRYPOINT` JSON array, a compose or Kubernetes command list,
    /// `fly.toml`'s `[experimental] cmd`, or Railway's `startCommand` for a Dockerfile build
    /// (which replaces the image's `ENTRYPOINT` in exec form). Kubernetes expands `$(PORT)`,
    /// never `$PORT`.
    ///
    /// ## Why is this bad?
    /// The exec form runs no shell, so nothing expands the variable: the program receives the
    /// literal text `$PORT` and fails to parse it.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD ["gunicorn", "-b", "0.0.0.0:$PORT", "app:app"]
    /// ```
    ///
    /// ## Fix
    /// Use the shell form, or run a shell explicitly:
    /// ```dockerfile
    /// FROM python:3.12-slim
    /// CMD gunicorn -b 0.0.0.0:$PORT app:app
    /// ```
    /// `--fix --unsafe-fixes` rewrites a one-line array as `["sh", "-c", "exec gunicorn -b
    /// 0.0.0.0:$PORT app:app"]`; unsafe, because a shell now starts the program (`exec` keeps it
    /// PID 1, so it still receives the container's signals).
    pub static EXEC_FORM_ENV = ("BL303", "exec-form-env", Error, fix = Unsafe);
}

/// Start commands report every host finding as BL301.
pub static HOST_CODES: HostCodes = HostCodes {
    given: &CMD_LOOPBACK,
    omitted: &CMD_LOOPBACK,
    env_fallback: &CMD_LOOPBACK,
};

/// Start commands report every port finding as BL302.
pub static PORT_CODES: PortCodes = PortCodes {
    hardcoded: &CMD_HARDCODED_PORT,
    omitted: &CMD_HARDCODED_PORT,
};

pub fn check(unexpanded: &[UnexpandedVariable], out: &mut Vec<Finding>) {
    for variable in unexpanded {
        out.push(Finding {
            rule: &EXEC_FORM_ENV,
            span: variable.span.clone(),
            message: format!(
                "`${}` is passed as literal text: the exec form runs no shell, so nothing expands it",
                variable.name
            ),
            label: "not expanded".to_string(),
            help: format!("use the shell form: `CMD {}`", variable.shell_form),
            related: Vec::new(),
            fix: variable.fix.clone().map(|edits| {
                Fix::unsafe_fix("Run the command through `sh -c` so `$PORT` expands", edits)
            }),
        });
    }
}
