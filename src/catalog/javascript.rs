//! JavaScript and TypeScript server starts. Qualified names start with the module a name is
//! imported from (`node:` prefixes dropped), or a global (`Bun`, `Deno`).
//!
//! **Adding a row**: a [`ServerApi`] in [`JS_APIS`] with its qualified names and address shape
//! ([`Address::NodeListen`] for Node's `listen` overloads, [`Address::Options`] for an options
//! object), and, for a method, the type of the object it is called on in [`JS_TYPES`], keyed by
//! every call or constructor that returns one (`express`, `http.createServer`). Then a fixture
//! under `fixtures/javascript/`.
//!
//! **Where the facts were checked**: Node's `net` source (and a run: a numeric string is a
//! port, `"8080abc"` a pipe path), fastify v4 and v5 (run), @hapi/hapi 21, @hono/node-server
//! 2.1, and the Bun and Deno documentation, as their own documentation gives them.

use super::{pos, Address, HostDefault, Ipv6, PortDefault, PortType, ServerApi};

pub const fn options(host_keys: &'static [&'static str], port_key: &'static str) -> Address {
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
        ipv6: Ipv6::DualStack,
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
        ipv6: Ipv6::DualStack,
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
        ipv6: Ipv6::DualStack,
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
        ipv6: Ipv6::DualStack,
    },
    ServerApi {
        display: "`Bun.serve()`",
        qualified_names: &["Bun.serve"],
        address: options(&["hostname"], "port"),
        host_default: HostDefault::AllInterfaces,
        port_default: PortDefault::ReadsPortEnv(3000),
        port_type: PortType::Coerces,
        other_address_keywords: &[],
        requires_listen: false,
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::Unknown,
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
        ipv6: Ipv6::DualStack,
    },
];

/// A module whose `export default { port, fetch }` Bun serves itself.
pub static BUN_DEFAULT_EXPORT: ServerApi = ServerApi {
    display: "Bun's `export default { fetch }` server",
    qualified_names: &[],
    address: options(&["hostname"], "port"),
    host_default: HostDefault::AllInterfaces,
    port_default: PortDefault::ReadsPortEnv(3000),
    port_type: PortType::Coerces,
    other_address_keywords: &[],
    requires_listen: false,
    ipv6: Ipv6::Unknown,
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

/// Methods that return the instance they are called on, so a chain of them is still that
/// instance (`fastify({ logger: true }).withTypeProvider<T>()`, `express().use(cors())`).
pub static JS_CHAINED: &[(&str, &[&str])] = &[
    (
        "fastify.Instance",
        &[
            "withTypeProvider",
            "register",
            "decorate",
            "decorateRequest",
            "decorateReply",
            "addHook",
            "addSchema",
            "addContentTypeParser",
            "setErrorHandler",
            "setNotFoundHandler",
            "setValidatorCompiler",
            "setSerializerCompiler",
            "setReplySerializer",
        ],
    ),
    (
        "express.Application",
        &["use", "set", "enable", "disable", "engine"],
    ),
    ("koa.Application", &["use"]),
    ("polka.Polka", &["use"]),
];

/// Whether `method` on an instance of `type_name` returns that instance.
pub fn returns_instance(type_name: &str, method: &str) -> bool {
    JS_CHAINED
        .iter()
        .any(|(name, methods)| *name == type_name && methods.contains(&method))
}

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

/// Whether `name` is a package bindlint knows servers of (`express`, `fastify`, `@hapi/hapi`).
pub fn is_framework_module(name: &str) -> bool {
    let names = JS_TYPES.iter().map(|(name, _)| *name).chain(
        JS_APIS
            .iter()
            .flat_map(|api| api.qualified_names.iter().copied()),
    );
    names
        .into_iter()
        .any(|qualified| qualified == name || qualified.starts_with(&format!("{name}.")))
}

/// Whether a JS call or `new` with this last name can start a server.
pub fn is_js_server_call_name(name: &str) -> bool {
    JS_APIS.iter().any(|api| {
        api.qualified_names
            .iter()
            .any(|q| q.rsplit(['.', '/']).next() == Some(name))
    }) || name == "listen"
}
