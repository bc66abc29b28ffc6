//! The catalogue of server starts as data: which calls open a listening socket, where their host
//! and port arguments sit, and what happens when they are omitted.
//!
//! Every row is transcribed from `shared/catalog.md`, whose facts were checked against each
//! framework's source. Adding an API means adding a row here and a fixture; no rule code changes.

/// What an API binds when the host is omitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostDefault {
    /// Binds this loopback address: omitting the host is BL102.
    Loopback(&'static str),
    /// Binds every interface: omitting the host is fine.
    AllInterfaces,
    /// The host cannot be omitted (or omitting it has no platform meaning).
    Required,
}

/// What an API listens on when the port is omitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortDefault {
    /// A fixed port that ignores `$PORT`: omitting the port is BL202.
    Fixed(u16),
    /// The API reads `$PORT` itself: omitting the port is fine.
    ReadsPortEnv,
    /// The port must be given (or omitting it means something else, like a passed-in socket).
    Required,
}

/// Whether a `str` port from the environment works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortType {
    /// A `str` port fails at run time: BL204 applies.
    Int,
    /// The API converts the port itself.
    Coerces,
}

/// Where one argument sits in a call: by position (counted among the call's own arguments, so
/// `self` is not counted for methods) and/or by keyword.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param {
    pub position: Option<usize>,
    pub keyword: Option<&'static str>,
}

const fn pos_kw(position: usize, keyword: &'static str) -> Param {
    Param {
        position: Some(position),
        keyword: Some(keyword),
    }
}

const fn kw(keyword: &'static str) -> Param {
    Param {
        position: None,
        keyword: Some(keyword),
    }
}

const fn pos(position: usize) -> Param {
    Param {
        position: Some(position),
        keyword: None,
    }
}

/// How a call takes its address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Address {
    /// Host and port are separate arguments.
    HostPort { host: Param, port: Param },
    /// One `(host, port)` tuple argument.
    Tuple(Param),
    /// A `"host:port"` string (gunicorn's and hypercorn's `bind`).
    BindString,
    /// An options object (`Bun.serve({ port, hostname })`): the object is at `param`, the host
    /// under the first of `host_keys` present, the port under `port_key`.
    Options {
        param: Param,
        host_keys: &'static [&'static str],
        port_key: &'static str,
    },
    /// Node's `listen` overloads: `(port, host?, backlog?, cb?)`, `({ port, host, path })`,
    /// `(path)` (a unix socket: not judged) and `(cb)` / `()` (an ephemeral port: not judged).
    NodeListen,
}

/// One server-start API.
#[derive(Debug)]
pub struct ServerApi {
    /// How messages name the API (`Flask app.run()`).
    pub display: &'static str,
    /// Fully qualified names that select this row: a module function (`uvicorn.run`), a class
    /// whose construction starts the server (`http.server.HTTPServer`), or a method on an instance
    /// of a known type (`flask.Flask.run`, see [`PYTHON_TYPES`]).
    pub qualified_names: &'static [&'static str],
    pub address: Address,
    pub host_default: HostDefault,
    pub port_default: PortDefault,
    pub port_type: PortType,
    /// Keywords that give the address another way (`listen=`, `sock=`, `unix=`): when one is
    /// passed, an omitted host or port is not judged.
    pub other_address_keywords: &'static [&'static str],
    /// The call only starts a server when the same object also calls `.listen()` (a `socket` that
    /// is bound but never listens is a client or a UDP socket).
    pub requires_listen: bool,
}

impl ServerApi {
    pub fn host_param(&self) -> Option<Param> {
        match self.address {
            Address::HostPort { host, .. } => Some(host),
            _ => None,
        }
    }

    pub fn port_param(&self) -> Option<Param> {
        match self.address {
            Address::HostPort { port, .. } => Some(port),
            _ => None,
        }
    }
}

const fn host_port(host: Param, port: Param) -> Address {
    Address::HostPort { host, port }
}

/// Python server starts.
pub static PYTHON_APIS: &[ServerApi] = &[
    ServerApi {
        display: "Flask `app.run()`",
        qualified_names: &["flask.Flask.run"],
        address: host_port(pos_kw(0, "host"), pos_kw(1, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(5000),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Quart `app.run()`",
        qualified_names: &["quart.Quart.run"],
        address: host_port(pos_kw(0, "host"), pos_kw(1, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(5000),
        // Quart formats the port into a hypercorn bind string, so a str port works.
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Werkzeug `run_simple()`",
        qualified_names: &["werkzeug.serving.run_simple", "werkzeug.run_simple"],
        address: host_port(pos_kw(0, "hostname"), pos_kw(1, "port")),
        host_default: HostDefault::Required,
        port_default: PortDefault::Required,
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`uvicorn.run()`",
        qualified_names: &["uvicorn.run", "uvicorn.main.run"],
        address: host_port(kw("host"), kw("port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(8000),
        port_type: PortType::Int,
        other_address_keywords: &["uds", "fd"],
        requires_listen: false,
    },
    ServerApi {
        display: "`uvicorn.Config()`",
        qualified_names: &["uvicorn.Config", "uvicorn.config.Config"],
        address: host_port(kw("host"), kw("port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(8000),
        port_type: PortType::Int,
        other_address_keywords: &["uds", "fd"],
        requires_listen: false,
    },
    ServerApi {
        display: "Sanic `app.run()`",
        qualified_names: &["sanic.Sanic.run", "sanic.Sanic.create_server"],
        address: host_port(pos_kw(0, "host"), pos_kw(1, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(8000),
        port_type: PortType::Int,
        other_address_keywords: &["sock", "unix"],
        requires_listen: false,
    },
    ServerApi {
        display: "aiohttp `web.run_app()`",
        qualified_names: &["aiohttp.web.run_app"],
        address: host_port(kw("host"), kw("port")),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Fixed(8080),
        port_type: PortType::Coerces,
        other_address_keywords: &["path", "sock"],
        requires_listen: false,
    },
    ServerApi {
        display: "aiohttp `web.TCPSite()`",
        qualified_names: &["aiohttp.web.TCPSite", "aiohttp.web_runner.TCPSite"],
        address: host_port(pos_kw(1, "host"), pos_kw(2, "port")),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Fixed(8080),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Tornado `listen()`",
        qualified_names: &[
            "tornado.web.Application.listen",
            "tornado.httpserver.HTTPServer.listen",
            "tornado.httpserver.HTTPServer.bind",
        ],
        address: host_port(pos_kw(1, "address"), pos_kw(0, "port")),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Bottle `run()`",
        qualified_names: &["bottle.run"],
        address: host_port(pos_kw(2, "host"), pos_kw(3, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(8080),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Bottle `app.run()`",
        qualified_names: &["bottle.Bottle.run"],
        address: host_port(kw("host"), kw("port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(8080),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`HTTPServer()`",
        qualified_names: &[
            "http.server.HTTPServer",
            "http.server.ThreadingHTTPServer",
            "socketserver.TCPServer",
            "socketserver.ThreadingTCPServer",
            "socketserver.ForkingTCPServer",
        ],
        address: Address::Tuple(pos_kw(0, "server_address")),
        host_default: HostDefault::Required,
        port_default: PortDefault::Required,
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`wsgiref.simple_server.make_server()`",
        qualified_names: &["wsgiref.simple_server.make_server"],
        address: host_port(pos_kw(0, "host"), pos_kw(1, "port")),
        host_default: HostDefault::Required,
        port_default: PortDefault::Required,
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`socket.bind()`",
        qualified_names: &["socket.socket.bind"],
        address: Address::Tuple(pos(0)),
        host_default: HostDefault::Required,
        port_default: PortDefault::Required,
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: true,
    },
    ServerApi {
        display: "`socket.create_server()`",
        qualified_names: &["socket.create_server"],
        address: Address::Tuple(pos_kw(0, "address")),
        host_default: HostDefault::Required,
        port_default: PortDefault::Required,
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`asyncio.start_server()`",
        qualified_names: &["asyncio.start_server", "asyncio.streams.start_server"],
        address: host_port(pos_kw(1, "host"), pos_kw(2, "port")),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &["sock"],
        requires_listen: false,
    },
    ServerApi {
        display: "`loop.create_server()`",
        qualified_names: &["asyncio.AbstractEventLoop.create_server"],
        address: host_port(pos_kw(1, "host"), pos_kw(2, "port")),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &["sock"],
        requires_listen: false,
    },
    ServerApi {
        display: "waitress `serve()`",
        qualified_names: &["waitress.serve"],
        address: host_port(kw("host"), kw("port")),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Fixed(8080),
        port_type: PortType::Coerces,
        other_address_keywords: &["listen", "sockets", "unix_socket"],
        requires_listen: false,
    },
    ServerApi {
        display: "Flask-SocketIO `socketio.run()`",
        qualified_names: &["flask_socketio.SocketIO.run"],
        address: host_port(pos_kw(1, "host"), pos_kw(2, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(5000),
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Dash `app.run()`",
        qualified_names: &["dash.Dash.run", "dash.Dash.run_server"],
        address: host_port(pos_kw(0, "host"), pos_kw(1, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::ReadsPortEnv,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Gradio `launch()`",
        qualified_names: &[
            "gradio.Blocks.launch",
            "gradio.Interface.launch",
            "gradio.ChatInterface.launch",
            "gradio.TabbedInterface.launch",
        ],
        address: host_port(kw("server_name"), kw("server_port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::Fixed(7860),
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
    },
];

/// gunicorn's `bind` setting in `gunicorn.conf.py`. Without `bind`, gunicorn binds
/// `0.0.0.0:$PORT` when PORT is set, so only a written `bind` is judged; a bind without a port
/// gets gunicorn's 8000.
pub static GUNICORN_BIND: ServerApi = ServerApi {
    display: "gunicorn `bind`",
    qualified_names: &[],
    address: Address::BindString,
    host_default: HostDefault::AllInterfaces,
    port_default: PortDefault::Fixed(8000),
    port_type: PortType::Coerces,
    other_address_keywords: &[],
    requires_listen: false,
};

/// hypercorn's `config.bind = [...]` on a `hypercorn.config.Config`.
pub static HYPERCORN_BIND: ServerApi = ServerApi {
    display: "hypercorn `config.bind`",
    qualified_names: &[],
    address: Address::BindString,
    host_default: HostDefault::Loopback("127.0.0.1"),
    port_default: PortDefault::Fixed(8000),
    port_type: PortType::Coerces,
    other_address_keywords: &[],
    requires_listen: false,
};

/// hypercorn's `serve(app, config)` where `config.bind` is never set in the file: hypercorn
/// then binds its default `127.0.0.1:8000`.
pub static HYPERCORN_SERVE: ServerApi = ServerApi {
    display: "hypercorn `serve()`",
    qualified_names: &["hypercorn.asyncio.serve", "hypercorn.trio.serve"],
    address: Address::BindString,
    host_default: HostDefault::Loopback("127.0.0.1"),
    port_default: PortDefault::Fixed(8000),
    port_type: PortType::Coerces,
    other_address_keywords: &[],
    requires_listen: false,
};

/// Python callables whose result is an instance of a known type, keyed by qualified name, with
/// the canonical type name the rows of [`PYTHON_APIS`] use. Classes map to themselves under their
/// canonical name; factories map to what they return.
pub static PYTHON_TYPES: &[(&str, &str)] = &[
    ("flask.Flask", "flask.Flask"),
    ("flask.app.Flask", "flask.Flask"),
    ("quart.Quart", "quart.Quart"),
    ("quart.app.Quart", "quart.Quart"),
    ("sanic.Sanic", "sanic.Sanic"),
    ("sanic.app.Sanic", "sanic.Sanic"),
    ("bottle.Bottle", "bottle.Bottle"),
    ("bottle.default_app", "bottle.Bottle"),
    ("dash.Dash", "dash.Dash"),
    ("flask_socketio.SocketIO", "flask_socketio.SocketIO"),
    ("gradio.Blocks", "gradio.Blocks"),
    ("gradio.Interface", "gradio.Interface"),
    ("gradio.ChatInterface", "gradio.ChatInterface"),
    ("gradio.TabbedInterface", "gradio.TabbedInterface"),
    ("tornado.web.Application", "tornado.web.Application"),
    (
        "tornado.httpserver.HTTPServer",
        "tornado.httpserver.HTTPServer",
    ),
    ("socket.socket", "socket.socket"),
    ("asyncio.get_event_loop", "asyncio.AbstractEventLoop"),
    ("asyncio.new_event_loop", "asyncio.AbstractEventLoop"),
    ("asyncio.get_running_loop", "asyncio.AbstractEventLoop"),
    ("hypercorn.config.Config", "hypercorn.config.Config"),
    ("hypercorn.Config", "hypercorn.config.Config"),
];

const fn options(host_keys: &'static [&'static str], port_key: &'static str) -> Address {
    Address::Options {
        param: pos(0),
        host_keys,
        port_key,
    }
}

/// JavaScript and TypeScript server starts. Qualified names start with the module a name is
/// imported from (`node:` prefixes dropped), or a global (`Bun`, `Deno`).
pub static JS_APIS: &[ServerApi] = &[
    ServerApi {
        display: "`listen()`",
        qualified_names: &[
            "node:http.Server.listen",
            "express.Application.listen",
            "koa.Application.listen",
            "restify.Server.listen",
            "polka.Polka.listen",
            "nest.Application.listen",
            "socket.io.Server.listen",
        ],
        address: Address::NodeListen,
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Fastify `listen()`",
        qualified_names: &["fastify.Instance.listen"],
        address: Address::NodeListen,
        host_default: HostDefault::Loopback("localhost"),
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Hapi `server()`",
        qualified_names: &[
            "@hapi/hapi.server",
            "@hapi/hapi.Server",
            "hapi.server",
            "hapi.Server",
        ],
        address: options(&["address", "host"], "port"),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Hono `serve()`",
        qualified_names: &["@hono/node-server.serve"],
        address: options(&["hostname"], "port"),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Fixed(3000),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`Bun.serve()`",
        qualified_names: &["Bun.serve"],
        address: options(&["hostname"], "port"),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::ReadsPortEnv,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`Deno.serve()`",
        qualified_names: &["Deno.serve"],
        address: options(&["hostname"], "port"),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Fixed(8000),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "`Deno.listen()`",
        qualified_names: &["Deno.listen"],
        address: options(&["hostname"], "port"),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
    ServerApi {
        display: "Socket.IO `Server()`",
        qualified_names: &["socket.io.Server", "socket.io"],
        address: Address::NodeListen,
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::Required,
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
    },
];

/// A module whose `export default { port, fetch }` Bun serves itself.
pub static BUN_DEFAULT_EXPORT: ServerApi = ServerApi {
    display: "Bun's `export default { fetch }` server",
    qualified_names: &[],
    address: options(&["hostname"], "port"),
    host_default: HostDefault::AllInterfaces,
    port_default: PortDefault::ReadsPortEnv,
    port_type: PortType::Coerces,
    other_address_keywords: &[],
    requires_listen: false,
};

/// JS callables (called or constructed) whose result is an instance of a known type.
pub static JS_TYPES: &[(&str, &str)] = &[
    ("http.createServer", "node:http.Server"),
    ("https.createServer", "node:http.Server"),
    ("http2.createServer", "node:http.Server"),
    ("http2.createSecureServer", "node:http.Server"),
    ("net.createServer", "node:http.Server"),
    ("http.Server", "node:http.Server"),
    ("https.Server", "node:http.Server"),
    ("express", "express.Application"),
    ("koa", "koa.Application"),
    ("restify.createServer", "restify.Server"),
    ("polka", "polka.Polka"),
    ("fastify", "fastify.Instance"),
    ("fastify.fastify", "fastify.Instance"),
    ("fastify.default", "fastify.Instance"),
    ("@nestjs/core.NestFactory.create", "nest.Application"),
    ("socket.io.Server", "socket.io.Server"),
    ("socket.io", "socket.io.Server"),
];

pub fn js_type_of_call(qualified_name: &str) -> Option<&'static str> {
    JS_TYPES
        .iter()
        .find(|(name, _)| *name == qualified_name)
        .map(|(_, canonical)| *canonical)
}

pub fn js_api(qualified_name: &str) -> Option<&'static ServerApi> {
    JS_APIS
        .iter()
        .find(|api| api.qualified_names.contains(&qualified_name))
}

/// The row for a `.listen(...)` whose receiver the file does not identify: Node's semantics,
/// which every Node framework but Fastify shares. Argument shapes decide the rest (a path or
/// an event name is not a port).
pub fn js_unknown_listen() -> &'static ServerApi {
    &JS_APIS[0]
}

/// Whether a JS call or `new` with this last name can start a server.
pub fn is_js_server_call_name(name: &str) -> bool {
    JS_APIS.iter().any(|api| {
        api.qualified_names
            .iter()
            .any(|q| q.rsplit(['.', '/']).next() == Some(name))
    }) || name == "listen"
}

/// The canonical type of the instance a call to `qualified_name` returns.
pub fn python_type_of_call(qualified_name: &str) -> Option<&'static str> {
    PYTHON_TYPES
        .iter()
        .find(|(name, _)| *name == qualified_name)
        .map(|(_, canonical)| *canonical)
}

/// The server-start row selected by a fully qualified callee name.
pub fn python_api(qualified_name: &str) -> Option<&'static ServerApi> {
    PYTHON_APIS
        .iter()
        .chain(std::iter::once(&HYPERCORN_SERVE))
        .find(|api| api.qualified_names.contains(&qualified_name))
}

/// Every method or function name that can start a Python server: the last component of each
/// qualified name. A call whose name is not in this set is never resolved further.
pub fn is_python_server_call_name(name: &str) -> bool {
    PYTHON_APIS
        .iter()
        .chain(std::iter::once(&HYPERCORN_SERVE))
        .any(|api| {
            api.qualified_names
                .iter()
                .any(|q| q.rsplit('.').next() == Some(name))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_method_row_names_a_known_type() {
        // `flask.Flask.run` only matches when something yields a `flask.Flask`.
        for api in PYTHON_APIS {
            for name in api.qualified_names {
                let (owner, _) = name.rsplit_once('.').unwrap();
                let is_type = PYTHON_TYPES
                    .iter()
                    .any(|(_, canonical)| *canonical == owner);
                let owner_is_module = owner
                    .chars()
                    .all(|c| c.is_lowercase() || c == '.' || c == '_');
                assert!(
                    is_type || owner_is_module,
                    "{name}: unknown owner type {owner}"
                );
            }
        }
    }

    #[test]
    fn lookups() {
        assert_eq!(
            python_api("flask.Flask.run").unwrap().display,
            "Flask `app.run()`"
        );
        assert!(python_api("requests.get").is_none());
        assert_eq!(
            python_type_of_call("asyncio.get_event_loop"),
            Some("asyncio.AbstractEventLoop")
        );
        assert!(is_python_server_call_name("launch"));
        assert!(!is_python_server_call_name("get"));
    }
}

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

const fn cli_api(
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
