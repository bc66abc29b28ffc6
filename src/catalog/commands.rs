//! Server command lines in start commands: their flags, the env vars they read, and what they do
//! without them (`shared/catalog.md`, "Start commands").
//!
//! **Adding a row**: a [`CliServer`] in [`CLI_SERVERS`]: the program name (and subcommands, for
//! `flask run`), the flags that take the host, the port or a `host:port` bind, the other flags
//! that take a value (so the subcommand is found past them), the env vars it reads, its defaults
//! as a [`ServerApi`] made with [`cli_api`], and what a corrected command writes (`fix_host`,
//! `fix_port`). Then a line in `fixtures/commands/Procfile` with its expectation, and
//! `python3 scripts/gen_command_matrix.py` to run it again as a package.json script and a
//! Dockerfile `CMD`.
//!
//! **Where the facts were checked**: each CLI's argument parser in its source (gunicorn 27's
//! `config.py`, uvicorn 0.54's `main.py`, hypercorn's `config.py`, daphne, sanic, waitress,
//! flask's `cli.py`, fastify-cli 8, next 16's `bin/next.ts`, vite 8, serve 14, http-server 14,
//! streamlit, gradio, nuxt/nitro, create-react-app), as recorded in `shared/catalog.md`.

use super::{Address, HostDefault, PortDefault, PortType, ServerApi};

/// A server's command line: its flags, the env vars it reads, and what it does without them
/// (`shared/catalog.md`, "Start commands").
#[derive(Debug)]
pub struct CliServer {
    /// The program's name (`uvicorn`; `manage.py` for `python manage.py`).
    pub program: &'static str,
    /// The first positional argument must be one of these (`flask run`); `""` stands for none.
    /// Empty: any positional arguments.
    pub subcommands: &'static [&'static str],
    /// Flags whose value is the host (`--host 0.0.0.0`, `--host=0.0.0.0`, `-H0.0.0.0`).
    pub host_flags: &'static [&'static str],
    pub port_flags: &'static [&'static str],
    /// Flags whose value is `host:port` (`--bind`), each judged as a bind string.
    pub bind_flags: &'static [&'static str],
    /// Other flags that take a value, skipped when looking for the subcommand.
    pub value_flags: &'static [&'static str],
    /// Env vars the server reads for its host and port.
    pub host_env: &'static [&'static str],
    pub port_env: &'static [&'static str],
    /// `manage.py runserver [addr:]port`: the address is a positional argument.
    pub positional_address: bool,
    /// fastify-cli binds `0.0.0.0` when it detects it runs in a container.
    pub all_interfaces_in_container: bool,
    /// Display name and defaults when no flag gives the address.
    pub api: ServerApi,
    /// Defaults for a bind flag's value (a bind without a port gets this row's port).
    pub bind_api: Option<&'static ServerApi>,
    /// What a corrected command writes for the host and for the port (`--host 0.0.0.0`,
    /// `--port $PORT`; `NAME=value` for servers configured by env only). Empty: nothing needed.
    pub fix_host: &'static str,
    pub fix_port: &'static str,
}

pub const fn cli_api(
    display: &'static str,
    host_default: HostDefault,
    port_default: PortDefault,
) -> ServerApi {
    ServerApi {
        display,
        qualified_names: &[],
        address: Address::BindString,
        host_default,
        port_default,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    }
}

/// `gunicorn --bind host:port` on the command line.
pub static GUNICORN_BIND_FLAG: ServerApi = cli_api(
    "`gunicorn --bind`",
    HostDefault::AllInterfaces,
    PortDefault::Fixed(8000),
);

/// `hypercorn --bind host:port` on the command line.
pub static HYPERCORN_BIND_FLAG: ServerApi = cli_api(
    "`hypercorn --bind`",
    HostDefault::Loopback("127.0.0.1"),
    PortDefault::Fixed(8000),
);

/// `waitress-serve --listen=host:port`.
pub static WAITRESS_LISTEN: ServerApi = cli_api(
    "`waitress-serve --listen`",
    HostDefault::AllInterfaces,
    PortDefault::Fixed(8080),
);

/// `PORT=8000 node server.js`: a start command that sets `PORT` itself.
pub static PORT_PREFIX: ServerApi = cli_api(
    "the `PORT=` prefix",
    HostDefault::AllInterfaces,
    PortDefault::ReadsPortEnv,
);

const LB: HostDefault = HostDefault::Loopback("127.0.0.1");
const ALL: HostDefault = HostDefault::AllInterfaces;
const NONE: &[&str] = &[];

/// Every server CLI bindlint reads in start commands.
pub static CLI_SERVERS: &[CliServer] = &[
    CliServer {
        program: "gunicorn",
        subcommands: &[],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: &["-b", "--bind"],
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        // Without --bind, gunicorn binds 0.0.0.0:$PORT when PORT is set.
        api: cli_api("`gunicorn`", ALL, PortDefault::ReadsPortEnv),
        bind_api: Some(&GUNICORN_BIND_FLAG),
        fix_host: "--bind 0.0.0.0:$PORT",
        fix_port: "--bind 0.0.0.0:$PORT",
    },
    CliServer {
        program: "uvicorn",
        subcommands: &[],
        host_flags: &["--host"],
        port_flags: &["--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: &["UVICORN_HOST"],
        port_env: &["UVICORN_PORT"],
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`uvicorn`", LB, PortDefault::Fixed(8000)),
        bind_api: None,
        fix_host: "--host 0.0.0.0",
        fix_port: "--port $PORT",
    },
    CliServer {
        program: "hypercorn",
        subcommands: &[],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: &["-b", "--bind"],
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`hypercorn`", LB, PortDefault::Fixed(8000)),
        bind_api: Some(&HYPERCORN_BIND_FLAG),
        fix_host: "--bind 0.0.0.0:$PORT",
        fix_port: "--bind 0.0.0.0:$PORT",
    },
    CliServer {
        program: "daphne",
        subcommands: &[],
        host_flags: &["-b", "--bind"],
        port_flags: &["-p", "--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`daphne`", LB, PortDefault::Fixed(8000)),
        bind_api: None,
        fix_host: "-b 0.0.0.0",
        fix_port: "-p $PORT",
    },
    CliServer {
        program: "sanic",
        subcommands: &[],
        host_flags: &["-H", "--host"],
        port_flags: &["-p", "--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`sanic`", LB, PortDefault::Fixed(8000)),
        bind_api: None,
        fix_host: "--host 0.0.0.0",
        fix_port: "--port $PORT",
    },
    CliServer {
        program: "waitress-serve",
        subcommands: &[],
        host_flags: &["--host"],
        port_flags: &["--port"],
        bind_flags: &["--listen"],
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`waitress-serve`", ALL, PortDefault::Fixed(8080)),
        bind_api: Some(&WAITRESS_LISTEN),
        fix_host: "--host 0.0.0.0",
        fix_port: "--port $PORT",
    },
    CliServer {
        program: "flask",
        subcommands: &["run"],
        host_flags: &["-h", "--host"],
        port_flags: &["-p", "--port"],
        bind_flags: NONE,
        value_flags: &["--app", "-A", "--env-file", "-e"],
        host_env: &["FLASK_RUN_HOST"],
        port_env: &["FLASK_RUN_PORT"],
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`flask run`", LB, PortDefault::Fixed(5000)),
        bind_api: None,
        fix_host: "--host 0.0.0.0",
        fix_port: "--port $PORT",
    },
    CliServer {
        program: "manage.py",
        subcommands: &["runserver"],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: NONE,
        value_flags: &["--settings", "--pythonpath"],
        host_env: NONE,
        port_env: NONE,
        positional_address: true,
        all_interfaces_in_container: false,
        api: cli_api("`manage.py runserver`", LB, PortDefault::Fixed(8000)),
        bind_api: None,
        fix_host: "0.0.0.0:$PORT",
        fix_port: "0.0.0.0:$PORT",
    },
    CliServer {
        program: "django-admin",
        subcommands: &["runserver"],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: NONE,
        value_flags: &["--settings", "--pythonpath"],
        host_env: NONE,
        port_env: NONE,
        positional_address: true,
        all_interfaces_in_container: false,
        api: cli_api("`django-admin runserver`", LB, PortDefault::Fixed(8000)),
        bind_api: None,
        fix_host: "0.0.0.0:$PORT",
        fix_port: "0.0.0.0:$PORT",
    },
    CliServer {
        program: "fastify",
        subcommands: &["start"],
        host_flags: &["-a", "--address"],
        port_flags: &["-p", "--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: &["FASTIFY_ADDRESS"],
        port_env: &["FASTIFY_PORT"],
        positional_address: false,
        all_interfaces_in_container: true,
        api: cli_api(
            "`fastify start`",
            HostDefault::Loopback("localhost"),
            PortDefault::ReadsPortEnv,
        ),
        bind_api: None,
        fix_host: "--address 0.0.0.0",
        fix_port: "",
    },
    CliServer {
        program: "next",
        subcommands: &["start", "dev"],
        host_flags: &["-H", "--hostname"],
        port_flags: &["-p", "--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`next start`", ALL, PortDefault::ReadsPortEnv),
        bind_api: None,
        fix_host: "--hostname 0.0.0.0",
        fix_port: "",
    },
    CliServer {
        program: "vite",
        subcommands: &["preview"],
        host_flags: &["--host"],
        port_flags: &["--port"],
        bind_flags: NONE,
        value_flags: &["--config", "-c", "--mode", "-m"],
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api(
            "`vite preview`",
            HostDefault::Loopback("localhost"),
            PortDefault::Fixed(4173),
        ),
        bind_api: None,
        fix_host: "--host 0.0.0.0",
        fix_port: "--port $PORT",
    },
    CliServer {
        program: "vite",
        subcommands: &["", "dev", "serve"],
        host_flags: &["--host"],
        port_flags: &["--port"],
        bind_flags: NONE,
        value_flags: &["--config", "-c", "--mode", "-m"],
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api(
            "`vite`",
            HostDefault::Loopback("localhost"),
            PortDefault::Fixed(5173),
        ),
        bind_api: None,
        fix_host: "--host 0.0.0.0",
        fix_port: "--port $PORT",
    },
    CliServer {
        program: "serve",
        subcommands: &[],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: &["-l", "--listen"],
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`serve`", ALL, PortDefault::ReadsPortEnv),
        bind_api: Some(&SERVE_LISTEN),
        fix_host: "--listen tcp://0.0.0.0:$PORT",
        fix_port: "--listen tcp://0.0.0.0:$PORT",
    },
    CliServer {
        program: "http-server",
        subcommands: &[],
        host_flags: &["-a"],
        port_flags: &["-p", "--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: NONE,
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`http-server`", ALL, PortDefault::ReadsPortEnv),
        bind_api: None,
        fix_host: "-a 0.0.0.0",
        fix_port: "",
    },
    CliServer {
        program: "streamlit",
        subcommands: &["run"],
        host_flags: &["--server.address"],
        port_flags: &["--server.port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: &["STREAMLIT_SERVER_ADDRESS"],
        port_env: &["STREAMLIT_SERVER_PORT"],
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`streamlit run`", ALL, PortDefault::Fixed(8501)),
        bind_api: None,
        fix_host: "--server.address 0.0.0.0",
        fix_port: "--server.port $PORT",
    },
    CliServer {
        program: "gradio",
        subcommands: &[],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: NONE,
        value_flags: NONE,
        host_env: &["GRADIO_SERVER_NAME"],
        port_env: &["GRADIO_SERVER_PORT"],
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`gradio`", LB, PortDefault::Fixed(7860)),
        bind_api: None,
        fix_host: "GRADIO_SERVER_NAME=0.0.0.0",
        fix_port: "GRADIO_SERVER_PORT=$PORT",
    },
    CliServer {
        program: "nuxt",
        subcommands: &["start", "preview"],
        host_flags: &["--host"],
        port_flags: &["--port"],
        bind_flags: NONE,
        value_flags: NONE,
        host_env: &["NITRO_HOST", "HOST"],
        port_env: &["NITRO_PORT"],
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`nuxt start`", ALL, PortDefault::ReadsPortEnv),
        bind_api: None,
        fix_host: "--host 0.0.0.0",
        fix_port: "",
    },
    CliServer {
        program: "react-scripts",
        subcommands: &["start"],
        host_flags: NONE,
        port_flags: NONE,
        bind_flags: NONE,
        value_flags: NONE,
        host_env: &["HOST"],
        port_env: NONE,
        positional_address: false,
        all_interfaces_in_container: false,
        api: cli_api("`react-scripts start`", ALL, PortDefault::ReadsPortEnv),
        bind_api: None,
        fix_host: "HOST=0.0.0.0",
        fix_port: "",
    },
];

/// `serve --listen`: a URI (`tcp://0.0.0.0:3000`), `host:port`, or a port alone.
pub static SERVE_LISTEN: ServerApi = cli_api(
    "`serve --listen`",
    HostDefault::AllInterfaces,
    PortDefault::ReadsPortEnv,
);
