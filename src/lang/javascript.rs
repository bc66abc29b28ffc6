//! The JavaScript / TypeScript front end: parses a file with the grammar of its dialect and
//! turns it into [`FileFacts`] using `queries/javascript.scm`, the catalogue and the JS resolver.

use std::collections::HashSet;
use std::sync::OnceLock;

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator, Tree};

use crate::tree::Grammar;

use crate::catalog::{self, Address, ServerApi};
use crate::facts::{
    Arg, CommandEdits, ExprSite, FileFacts, FixSites, Insertion, ServerStart, StartContext,
};
use crate::resolve::eval::Language;
use crate::resolve::imports::Imports;
use crate::resolve::javascript::{callee_of, JsResolver, Property};
use crate::resolve::{Instance, Value};
use crate::tree::named_children;

const QUERY_SOURCE: &str = include_str!("../../queries/javascript.scm");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    JavaScript,
    TypeScript,
    Tsx,
}

impl Dialect {
    pub fn grammar(self) -> Grammar {
        match self {
            Dialect::JavaScript => Grammar::JavaScript,
            Dialect::TypeScript => Grammar::TypeScript,
            Dialect::Tsx => Grammar::Tsx,
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

struct Queries {
    query: Query,
    call: u32,
    member: u32,
    export: u32,
    import: u32,
}

fn queries(dialect: Dialect) -> &'static Queries {
    static QUERIES: [OnceLock<Queries>; 3] = [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    QUERIES[dialect.index()].get_or_init(|| {
        // Part of the binary and covered by tests: failing to compile is a bindlint bug.
        let query = Query::new(&dialect.grammar().language(), QUERY_SOURCE)
            .expect("queries/javascript.scm compiles");
        let index = |name: &str| {
            query
                .capture_index_for_name(name)
                .unwrap_or_else(|| panic!("queries/javascript.scm has no @{name}"))
        };
        Queries {
            call: index("call"),
            member: index("member"),
            export: index("export"),
            import: index("import"),
            query,
        }
    })
}

/// The name a call or construction is made through, `listen` in `app.listen(...)` and `Server`
/// in `new Server(3000)`: the callee when it is a name, its property when it is a member.
fn callee_name(call: Node<'_>) -> Option<Node<'_>> {
    let callee = callee_of(call)?;
    match callee.kind() {
        "identifier" => Some(callee),
        "member_expression" => callee
            .child_by_field_name("property")
            .filter(|property| property.kind() == "property_identifier"),
        _ => None,
    }
}

/// `require("socket.io")(3000)`: a call of what `require(...)` returns.
fn is_call_of_require(text: &str, call: Node<'_>) -> bool {
    call.child_by_field_name("function")
        .filter(|function| function.kind() == "call_expression")
        .and_then(|inner| inner.child_by_field_name("function"))
        .is_some_and(|name| name.kind() == "identifier" && &text[name.byte_range()] == "require")
}

/// `process.env` or `Bun.env`.
fn is_env_object(text: &str, member: Node<'_>) -> bool {
    let is = |field: &str, kind: &str, names: &[&str]| {
        member
            .child_by_field_name(field)
            .is_some_and(|node| node.kind() == kind && names.contains(&&text[node.byte_range()]))
    };
    is("property", "property_identifier", &["env"])
        && is("object", "identifier", &["process", "Bun"])
}

/// What the rules need from a parsed JavaScript or TypeScript file; `imports` follows its
/// relative imports into the project's other modules.
pub fn extract(
    dialect: Dialect,
    text: &str,
    tree: &Tree,
    imports: Option<&Imports<'_>>,
) -> FileFacts {
    let root = tree.root_node();
    let resolver = JsResolver::new(text, root, imports);
    let queries = queries(dialect);
    let mut facts = FileFacts::default();
    let mut server_calls = Vec::new();
    let mut bare_calls = Vec::new();
    let mut aliases: HashSet<&str> = HashSet::new();
    let mut seen_env_reads = HashSet::new();
    let mut push_read = |read: crate::resolve::EnvRead, facts: &mut FileFacts| {
        if seen_env_reads.insert(read.name_span.clone()) {
            facts.env_reads.push(read);
        }
    };

    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&queries.query, root, text.as_bytes());
    while let Some(m) = matches.next() {
        // Every pattern captures one node.
        let Some(&tree_sitter::QueryCapture { node, index }) = m.captures.first() else {
            continue;
        };
        if index == queries.call {
            let call = node;
            if let Some(name) = callee_name(call) {
                let name = resolver.text_of(name);
                if name == "get" {
                    if let Some(read) = resolver.env_call(call) {
                        push_read(read, &mut facts);
                    }
                }
                if catalog::javascript::is_js_server_call_name(name) {
                    server_calls.push(call);
                } else if callee_of(call).is_some_and(|c| c.kind() == "identifier") {
                    bare_calls.push((call, name));
                }
            } else if is_call_of_require(text, call) {
                server_calls.push(call);
            }
        } else if index == queries.member {
            if is_env_object(text, node) {
                for read in env_reads_of(&resolver, node) {
                    push_read(read, &mut facts);
                }
            }
        } else if index == queries.export {
            let object = node
                .child_by_field_name("value")
                .filter(|value| value.kind() == "object");
            if let Some(start) = object.and_then(|object| bun_default_export(&resolver, object)) {
                facts.server_starts.push(start);
            }
        } else if index == queries.import {
            let alias = node
                .child_by_field_name("alias")
                .filter(|alias| alias.kind() == "identifier");
            if let Some(alias) = alias {
                aliases.insert(resolver.text_of(alias));
            }
        }
    }
    server_calls.extend(
        bare_calls
            .into_iter()
            .filter(|(_, name)| aliases.contains(name))
            .map(|(call, _)| call),
    );
    for call in server_calls {
        if let Some(start) = server_start(&resolver, call) {
            facts.server_starts.push(start);
        }
    }
    facts
}

fn server_start<'t>(resolver: &JsResolver<'t>, call: Node<'t>) -> Option<ServerStart> {
    let callee = callee_of(call)?;
    let resolved = resolver.callee(call);
    let receiver = resolved.as_ref().and_then(|c| c.receiver.clone());
    let api = resolved
        .as_ref()
        .and_then(|callee| catalog::javascript::js_api(&callee.name))
        .or_else(|| unknown_listen(resolver, call, callee, receiver.is_some()))?;
    let (host, port) = match api.address {
        Address::NodeListen => node_listen_args(resolver, call)?,
        Address::Options {
            param,
            host_keys,
            port_key,
        } => {
            let arguments = resolver.arguments(call);
            let options = param.position.and_then(|p| arguments.get(p).copied());
            // `Deno.serve(handler)`: a lone handler of any shape (`app.fetch`, an arrow, an
            // imported function) means every option is omitted.
            let lone_handler =
                arguments.len() == 1 && options.is_some_and(|o| resolver.is_handler(o));
            if lone_handler {
                (Arg::Omitted, Arg::Omitted)
            } else {
                options_args(resolver, options, host_keys, port_key)
            }
        }
        // Python shapes: no JS row uses them.
        Address::HostPort { .. } | Address::Tuple(_) | Address::BindString => return None,
    };
    // In a chain (`http.createServer(app).listen(3000)`) point at the method, not the chain.
    let method = match callee.kind() {
        "member_expression"
            if callee
                .child_by_field_name("object")
                .is_some_and(|o| o.kind() != "identifier") =>
        {
            callee.child_by_field_name("property")
        }
        _ => None,
    };
    let (underline, callee_text) = match method {
        Some(method) => (method, format!(".{}", resolver.text_of(method))),
        None if call.kind() == "new_expression" => {
            (callee, format!("new {}", resolver.text_of(callee)))
        }
        None => (callee, resolver.text_of(callee).to_string()),
    };
    Some(ServerStart {
        api,
        callee: underline.byte_range(),
        callee_text,
        host,
        port,
        context: StartContext::Source,
        fix: None,
        sites: fix_sites(resolver, call, api),
        command_edits: CommandEdits::default(),
        evidence: receiver_evidence(resolver, callee, receiver),
        dev_scope: None,
        branch_mentions: resolver.branch_mentions(call),
        unit: Default::default(),
        port_env: None,
    })
}

/// Where the app a method is called on was created, when that is in another file.
fn receiver_evidence<'t>(
    resolver: &JsResolver<'t>,
    callee: Node<'t>,
    receiver: Option<Instance>,
) -> Vec<crate::finding::Related> {
    let object = callee
        .child_by_field_name("object")
        .filter(|_| callee.kind() == "member_expression");
    let evidence = receiver
        .zip(object)
        .and_then(|(instance, object)| instance.evidence(resolver.text_of(object)));
    evidence.into_iter().collect()
}

/// Where a fix may rewrite or add this call's host and port: arguments and options objects
/// written in the call itself (an object defined elsewhere may be shared, so it is not edited).
fn fix_sites<'t>(resolver: &JsResolver<'t>, call: Node<'t>, api: &ServerApi) -> FixSites {
    let args = resolver.arguments(call);
    let inline_object = |node: Node<'t>| (node.kind() == "object").then_some(node);
    match api.address {
        Address::NodeListen => match args.first() {
            Some(first) if first.kind() == "object" => {
                object_sites(resolver, *first, &["host"], "port")
            }
            Some(first) => FixSites {
                port: Some(ExprSite::new(first.byte_range())),
                host: args
                    .get(1)
                    .filter(|second| !resolver.is_function(**second))
                    .map(|second| ExprSite::new(second.byte_range())),
                host_literal: None,
                insert: None,
            },
            None => FixSites::default(),
        },
        Address::Options {
            param,
            host_keys,
            port_key,
        } => {
            let position = param.position.unwrap_or(0);
            match args.get(position) {
                Some(node) => match inline_object(*node) {
                    Some(object) => object_sites(resolver, object, host_keys, port_key),
                    None if resolver.is_function(*node) => FixSites {
                        insert: Some(Insertion::NewObject {
                            at: node.start_byte(),
                            comma: true,
                        }),
                        ..FixSites::default()
                    },
                    None => FixSites::default(),
                },
                None if args.len() == position => {
                    let insert = call
                        .child_by_field_name("arguments")
                        .filter(|a| a.kind() == "arguments")
                        .and_then(|a| a.end_byte().checked_sub(1))
                        .map(|at| Insertion::NewObject {
                            at: args.last().map_or(at, |last| last.end_byte()),
                            comma: false,
                        });
                    FixSites {
                        insert: insert.filter(|_| position == 0),
                        ..FixSites::default()
                    }
                }
                None => FixSites::default(),
            }
        }
        _ => FixSites::default(),
    }
}

/// The host and port properties written directly in `object`, and the place for a new one.
fn object_sites<'t>(
    resolver: &JsResolver<'t>,
    object: Node<'t>,
    host_keys: &[&str],
    port_key: &str,
) -> FixSites {
    let site = |key: &str| match resolver.property(object, key) {
        Property::Found { value, .. } => {
            let shorthand = value.kind() == "shorthand_property_identifier";
            let direct = value.parent().is_some_and(|parent| {
                parent.id() == object.id()
                    || (parent.kind() == "pair"
                        && parent.parent().is_some_and(|o| o.id() == object.id()))
            });
            direct.then(|| ExprSite {
                span: value.byte_range(),
                shorthand,
            })
        }
        _ => None,
    };
    let last = named_children(object)
        .filter(|n| n.kind() != "comment")
        .last();
    let insert = match last {
        Some(last) => Some(Insertion::Property {
            at: last.end_byte(),
            comma: true,
        }),
        None => object
            .end_byte()
            .checked_sub(1)
            .map(|at| Insertion::Property { at, comma: false }),
    };
    FixSites {
        host: host_keys.iter().find_map(|key| site(key)),
        port: site(port_key),
        host_literal: None,
        insert,
    }
}

/// A `.listen()` call on something the file does not identify (an app imported from another
/// module): judged with Node's semantics, where the argument shapes rule out what is not a
/// server (`emitter.listen("event", cb)`: a non-numeric string is a path or an event name).
fn unknown_listen<'t>(
    resolver: &JsResolver<'t>,
    call: Node<'t>,
    callee: Node<'t>,
    identified: bool,
) -> Option<&'static ServerApi> {
    if call.kind() != "call_expression" || callee.kind() != "member_expression" || identified {
        return None;
    }
    let property = callee.child_by_field_name("property")?;
    (resolver.text_of(property) == "listen").then(catalog::javascript::js_unknown_listen)
}

/// Node's `listen` overloads. `None` when the call is not a TCP listen: no arguments or only a
/// callback (an ephemeral port), a path (a unix socket), a handle.
fn node_listen_args<'t>(resolver: &JsResolver<'t>, call: Node<'t>) -> Option<(Arg, Arg)> {
    let args = resolver.arguments(call);
    let first = *args.first()?;
    if resolver.is_function(first) {
        return None;
    }
    if let Some(options) = resolver.object_literal(first) {
        if !matches!(resolver.property(options, "path"), Property::Absent) {
            return None;
        }
        return Some((
            resolver.property_arg(options, "host"),
            resolver.property_arg(options, "port"),
        ));
    }
    let port_values = resolver.values(first);
    let is_path = !port_values.is_empty()
        && port_values
            .iter()
            .all(|v| matches!(v, Value::Str { .. }) && v.literal_port().is_none());
    if is_path {
        return None;
    }
    let host = match args.get(1) {
        None => Arg::Omitted,
        Some(second) if resolver.is_function(*second) => Arg::Omitted,
        Some(second) => {
            let values = resolver.values(*second);
            // `listen(port, backlog)`: a number in second place is the backlog.
            if values.iter().any(|v| matches!(v, Value::Int { .. })) {
                Arg::Omitted
            } else {
                Arg::Given {
                    span: second.byte_range(),
                    values,
                }
            }
        }
    };
    Some((
        host,
        Arg::Given {
            span: first.byte_range(),
            values: port_values,
        },
    ))
}

/// An options object: `Bun.serve({ port, hostname, fetch })`. A function in its place
/// (`Deno.serve(handler)`) means every option is omitted.
fn options_args<'t>(
    resolver: &JsResolver<'t>,
    options: Option<Node<'t>>,
    host_keys: &[&str],
    port_key: &str,
) -> (Arg, Arg) {
    let object = match options {
        None => return (Arg::Omitted, Arg::Omitted),
        Some(node) if resolver.is_function(node) => return (Arg::Omitted, Arg::Omitted),
        Some(node) => match resolver.object_literal(node) {
            Some(object) => object,
            None => return (Arg::Unknown, Arg::Unknown),
        },
    };
    let host = host_keys
        .iter()
        .map(|key| resolver.property_arg(object, key))
        .find(|arg| !matches!(arg, Arg::Omitted))
        .unwrap_or(Arg::Omitted);
    (host, resolver.property_arg(object, port_key))
}

/// The reads of an environment object (`process.env`, `Bun.env`): by property or index when it
/// is the object of a member or subscript expression, by the fields of a destructuring when it
/// is the value a `const { PORT } = ...` declares.
fn env_reads_of<'t>(resolver: &JsResolver<'t>, object: Node<'t>) -> Vec<crate::resolve::EnvRead> {
    let Some(parent) = object.parent() else {
        return Vec::new();
    };
    let is_field =
        |field: &str| parent.child_by_field_name(field).map(|n| n.id()) == Some(object.id());
    match parent.kind() {
        "member_expression" | "subscript_expression" if is_field("object") => {
            resolver.env_access(parent).into_iter().collect()
        }
        "variable_declarator" if is_field("value") => parent
            .child_by_field_name("name")
            .filter(|name| name.kind() == "object_pattern")
            .map(|pattern| resolver.env_pattern_reads(pattern))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// `export default { port: 3000, fetch(req) {...} }`: Bun serves such a module itself.
fn bun_default_export<'t>(resolver: &JsResolver<'t>, object: Node<'t>) -> Option<ServerStart> {
    let has_fetch = named_children(object).any(|member| {
        let key = match member.kind() {
            "pair" | "method_definition" => member
                .child_by_field_name("key")
                .or_else(|| member.child_by_field_name("name")),
            "shorthand_property_identifier" => Some(member),
            _ => None,
        };
        key.is_some_and(|k| resolver.text_of(k) == "fetch")
    });
    if !has_fetch {
        return None;
    }
    let api = &catalog::javascript::BUN_DEFAULT_EXPORT;
    let Address::Options {
        host_keys,
        port_key,
        ..
    } = api.address
    else {
        return None;
    };
    let (host, port) = options_args(resolver, Some(object), host_keys, port_key);
    Some(ServerStart {
        api,
        callee: object.start_byte()..object.start_byte() + 1,
        callee_text: "export default".to_string(),
        host,
        port,
        context: StartContext::Source,
        fix: None,
        sites: object_sites(resolver, object, host_keys, port_key),
        command_edits: CommandEdits::default(),
        evidence: Vec::new(),
        dev_scope: None,
        // `export default { port, fetch }` stands at the top of a module: on no branch.
        branch_mentions: Vec::new(),
        unit: Default::default(),
        port_env: None,
    })
}
