//! Python server starts: functions, constructors and methods that open a listening socket.
//!
//! **Adding a row**: a [`ServerApi`] in [`PYTHON_APIS`] with every qualified name that reaches
//! it (`flask.Flask.run`, `flask.app.Flask.run`), the address shape ([`host_port`] with each
//! parameter's position and keyword, or a `(host, port)` tuple), the defaults when host or port
//! are omitted, and whether a `str` port works. A method row needs its owner type in
//! [`PYTHON_TYPES`], keyed by every callable that returns an instance of it. Then a fixture with
//! positive and negative lines under `fixtures/python/`.
//!
//! **Where the facts were checked**: each row's signature and defaults were read in the
//! framework's source (checked against: flask 3.1, uvicorn 0.54, werkzeug 3.1,
//! sanic, aiohttp, tornado, bottle, waitress, flask_socketio, dash, gradio, the standard library),
//! and the int-or-str behaviour of the port was tried where the table says "ran".

use super::{
    host_port, kw, pos, pos_kw, Address, HostDefault, Ipv6, PortDefault, PortType, ServerApi,
};

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
        ipv6: Ipv6::DualStack,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::DualStack,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
    },
    ServerApi {
        display: "`HTTPServer()`",
        qualified_names: &[
            "http.server.HTTPServer",
            "http.server.ThreadingHTTPServer",
            "socketserver.TCPServer",
            "socketserver.ThreadingTCPServer",
            "socketserver.ForkingTCPServer",
            // Python 2 names of the same servers.
            "SocketServer.TCPServer",
            "SocketServer.ThreadingTCPServer",
            "SocketServer.ForkingTCPServer",
            "BaseHTTPServer.HTTPServer",
        ],
        address: Address::Tuple(pos_kw(0, "server_address")),
        host_default: HostDefault::Required,
        port_default: PortDefault::Required,
        port_type: PortType::Int,
        other_address_keywords: &[],
        requires_listen: false,
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Only,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
    },
    ServerApi {
        display: "Dash `app.run()`",
        qualified_names: &["dash.Dash.run", "dash.Dash.run_server"],
        address: host_port(pos_kw(0, "host"), pos_kw(1, "port")),
        host_default: HostDefault::Loopback("127.0.0.1"),
        port_default: PortDefault::ReadsPortEnv(8050),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
        ipv6: Ipv6::DualStack,
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
        ipv6: Ipv6::Unknown,
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
    ipv6: Ipv6::DualStack,
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
    ipv6: Ipv6::DualStack,
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
    ipv6: Ipv6::DualStack,
};

/// Method names that start a server on most objects that have them: called on an object
/// bindlint cannot identify, with `host=`/`port=`, they are judged as [`UNKNOWN_SERVER_METHOD`].
pub const UNKNOWN_SERVER_METHODS: &[&str] = &["run", "run_server", "serve", "launch", "listen"];

/// A server start on an object bindlint cannot identify (`server.run(host="localhost")`, where
/// `server` comes from a package or a parameter): the host and port it is given are judged,
/// never what it omits, since the defaults are not known.
pub static UNKNOWN_SERVER_METHOD: ServerApi = ServerApi {
    display: "this server start",
    qualified_names: &[],
    address: host_port(kw("host"), kw("port")),
    host_default: HostDefault::Required,
    port_default: PortDefault::Required,
    port_type: PortType::Coerces,
    other_address_keywords: &[],
    requires_listen: false,
    ipv6: Ipv6::Unknown,
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
                // Python 2 named some modules in CamelCase.
                let python2_module = ["SocketServer", "BaseHTTPServer"].contains(&owner);
                let owner_is_module = python2_module
                    || owner
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
