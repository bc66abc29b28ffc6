//! The catalogue of server starts as data: which calls and commands open a listening socket,
//! where their host and port sit, and what happens when they are omitted. This file holds the
//! shared types; the rows live with their front end:
//!
//! - [`python`]: Python APIs (`app.run()`, `uvicorn.run()`, `HTTPServer(...)`), the types whose
//!   methods start servers, and gunicorn's and hypercorn's `bind` settings;
//! - [`javascript`]: JavaScript and TypeScript APIs (`listen()`, `Bun.serve()`, Hapi...);
//! - [`commands`]: the server CLIs of start commands (`gunicorn`, `uvicorn`, `next start`...).
//!
//! Every row is transcribed from the frameworks' and platforms' own sources and documentation, whose facts were
//! checked against each framework's source (the version is in those tables). Adding an API is a
//! row in one of the three files and a fixture; no rule code changes.

pub mod cli;
pub mod javascript;
pub mod platforms;
pub mod python;

/// What an API binds when the host is omitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostDefault {
    /// Binds this loopback address: omitting the host is BL102.
    Loopback(&'static str),
    /// Binds every interface: omitting the host is fine.
    AllInterfaces,
    /// The host cannot be omitted (or omitting it has no platform meaning).
    Required,
    /// Binds `$HOSTNAME`, which Docker sets to the container's id: one address of the
    /// container, not every interface (Next.js's standalone server).
    DockerHostname,
    /// Binds every interface when `PORT` is set, and this loopback address when it is not
    /// (gunicorn without `--bind`: `0.0.0.0:$PORT`, else `127.0.0.1:8000`).
    AllInterfacesWithPort(&'static str),
}

/// What an API listens on when the port is omitted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PortDefault {
    /// A fixed port that ignores `$PORT`: omitting the port is BL202.
    Fixed(u16),
    /// The API reads `$PORT` itself: omitting the port is fine where `PORT` is set. Where it is
    /// not (Fly.io without `[env] PORT`, compose, Kubernetes), it listens on this port.
    ReadsPortEnv(u16),
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

pub const fn pos_kw(position: usize, keyword: &'static str) -> Param {
    Param {
        position: Some(position),
        keyword: Some(keyword),
    }
}

pub const fn kw(keyword: &'static str) -> Param {
    Param {
        position: None,
        keyword: Some(keyword),
    }
}

pub const fn pos(position: usize) -> Param {
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
    /// What it opens when told to listen on `::` (README, "IPv6").
    pub ipv6: Ipv6,
}

/// What a server opens when told to listen on `::`: where a platform needs IPv6, fixes and help
/// lines write `::` only for servers that accept IPv4 there too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ipv6 {
    /// IPv4 and IPv6 (Node's `net`, Werkzeug, gunicorn, hypercorn): `::` is the better
    /// all-interfaces host.
    DualStack,
    /// IPv6 alone: asyncio's `create_server` (uvicorn, aiohttp, Sanic) and Tornado set
    /// `IPV6_V6ONLY`, so `::` would drop IPv4 traffic.
    Only,
    /// Not checked: `0.0.0.0` stays the advice.
    Unknown,
}

/// A row whose server accepts IPv4 and IPv6 on `::`.
pub const fn dual_stack(api: ServerApi) -> ServerApi {
    ServerApi {
        ipv6: Ipv6::DualStack,
        ..api
    }
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

pub const fn host_port(host: Param, port: Param) -> Address {
    Address::HostPort { host, port }
}
