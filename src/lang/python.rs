//! The Python front end: parses a file and turns it into [`FileFacts`] using the query in
//! `queries/python.scm`, the catalogue and the Python resolver.

use std::collections::HashSet;
use std::sync::OnceLock;

use tree_sitter::{Node, Query, QueryCursor, StreamingIterator, Tree};

use crate::catalog::{self, Address, ServerApi};
use crate::facts::{
    Arg, CommandEdits, DevScope, ExprSite, FileFacts, FixSites, Insertion, OsImport, ServerStart,
    StartContext,
};
use crate::finding::Edit;
use crate::resolve::bind::split_bind;
use crate::resolve::eval::Language;
use crate::resolve::imports::Imports;
use crate::resolve::python::{ArgNode, PythonResolver};
use crate::tree::{named_children, Grammar};

const QUERY_SOURCE: &str = include_str!("../../queries/python.scm");

/// The compiled query and the capture indices this module reads.
struct Queries {
    query: Query,
    call: u32,
    subscript: u32,
    setting: u32,
    import: u32,
}

fn language() -> tree_sitter::Language {
    Grammar::Python.language()
}

fn queries() -> &'static Queries {
    static QUERIES: OnceLock<Queries> = OnceLock::new();
    QUERIES.get_or_init(|| {
        // The query is part of the binary and covered by tests: failing to compile it is a bug
        // in bindlint, never a property of the input.
        let query = Query::new(&language(), QUERY_SOURCE).expect("queries/python.scm compiles");
        let index = |name: &str| {
            query
                .capture_index_for_name(name)
                .unwrap_or_else(|| panic!("queries/python.scm has no @{name}"))
        };
        Queries {
            call: index("call"),
            subscript: index("subscript"),
            setting: index("setting"),
            import: index("import"),
            query,
        }
    })
}

/// What the rules need from a parsed Python file; `imports` follows the names it imports from
/// the project's other modules.
pub fn extract(
    text: &str,
    tree: &Tree,
    gunicorn_config: bool,
    imports: Option<&Imports<'_>>,
) -> FileFacts {
    let root = tree.root_node();
    let resolver = PythonResolver::new(text, root, imports);
    let queries = queries();
    let mut facts = FileFacts::default();
    let mut server_calls = Vec::new();
    // Calls through a bare name that is not a catalogue name: they start a server only if the
    // name turns out to be an import alias (`serve_app(...)` after `import run as serve_app`).
    let mut bare_calls = Vec::new();
    let mut import_aliases: HashSet<&str> = HashSet::new();
    let mut listening_receivers: HashSet<&str> = HashSet::new();
    // Objects whose `.bind` is set somewhere in the file (hypercorn configs).
    let mut bound_configs: HashSet<&str> = HashSet::new();
    let mut seen_env_reads = HashSet::new();

    let mut cursor = QueryCursor::new();
    let mut matches = cursor.matches(&queries.query, root, text.as_bytes());
    while let Some(m) = matches.next() {
        // Every pattern captures one node.
        let Some(&tree_sitter::QueryCapture { node, index }) = m.captures.first() else {
            continue;
        };
        if index == queries.call {
            let Some(name) = call_name(node) else {
                continue;
            };
            let call = node;
            let name = resolver.text_of(name);
            match name {
                "listen" => {
                    if let Some(receiver) = receiver(call) {
                        listening_receivers.insert(resolver.text_of(receiver));
                    }
                }
                "get" | "getenv" | "setdefault" => {
                    if let Some(read) = resolver.env_call(call, 0) {
                        if seen_env_reads.insert(read.span.clone()) {
                            facts.env_reads.push(read);
                        }
                    }
                }
                _ => {}
            }
            if catalog::python::is_python_server_call_name(name) {
                server_calls.push(call);
            } else if receiver(call).is_none() {
                bare_calls.push((call, name));
            }
        } else if index == queries.subscript {
            if !has_string_subscript(node) {
                continue;
            }
            if let Some(read) = resolver.env_subscript(node, 0) {
                if seen_env_reads.insert(read.span.clone()) {
                    facts.env_reads.push(read);
                }
            }
        } else if index == queries.setting {
            let Some((left, value)) = bind_setting(text, node) else {
                continue;
            };
            let setting = node;
            if left.kind() == "identifier" {
                // `bind = ...`: a gunicorn setting when it stands at the top of the file.
                let at_top = setting
                    .parent()
                    .filter(|statement| statement.kind() == "expression_statement")
                    .and_then(|statement| statement.parent())
                    .is_some_and(|parent| parent.kind() == "module");
                if gunicorn_config && at_top {
                    push_binds(
                        &resolver,
                        &catalog::python::GUNICORN_BIND,
                        StartContext::Command,
                        (value, resolver.branch_mentions(value)),
                        &mut facts,
                    );
                }
                continue;
            }
            let object = left.child_by_field_name("object");
            if let Some(object) = object {
                bound_configs.insert(resolver.text_of(object));
            }
            let is_hypercorn =
                object.and_then(|o| resolver.instance_type(o)) == Some("hypercorn.config.Config");
            if is_hypercorn {
                push_binds(
                    &resolver,
                    &catalog::python::HYPERCORN_BIND,
                    StartContext::Source,
                    (value, resolver.branch_mentions(setting)),
                    &mut facts,
                );
            }
        } else if index == queries.import {
            if let Some(alias) = from_import_alias(node) {
                import_aliases.insert(resolver.text_of(alias));
            }
        }
    }

    server_calls.extend(
        bare_calls
            .into_iter()
            .filter(|(_, name)| import_aliases.contains(name))
            .map(|(call, _)| call),
    );
    for call in server_calls {
        if let Some(start) = server_start(&resolver, call, &listening_receivers, &bound_configs) {
            facts.server_starts.push(start);
        }
    }
    if !facts.server_starts.is_empty() {
        facts.os_import = os_import_site(text, root);
    }
    facts
}

/// Where `import os` goes when the module does not import `os` at its top level: before the
/// first statement that is not the docstring or a `from __future__` import.
fn os_import_site(text: &str, root: Node<'_>) -> OsImport {
    if imports_os_at_module_level(text, root) {
        return OsImport::Present;
    }
    let statements: Vec<Node<'_>> = named_children(root)
        .filter(|node| node.kind() != "comment")
        .collect();
    let is_docstring = |node: &Node<'_>| {
        node.kind() == "expression_statement"
            && node.named_child(0).is_some_and(|n| n.kind() == "string")
    };
    let first = statements.iter().enumerate().position(|(index, node)| {
        !(node.kind() == "future_import_statement" || (index == 0 && is_docstring(node)))
    });
    let Some(first) = first else {
        return OsImport::NoPlace;
    };
    // Where a syntax error comes before the insertion point, where statements begin is the
    // parser's guess: an import put there may land inside the broken code, or be missed by the
    // next pass and added again.
    if statements[..=first]
        .iter()
        .any(|node| node.is_error() || node.has_error())
    {
        return OsImport::NoPlace;
    }
    let first = statements[first];
    let at = first.start_byte();
    // Only at the start of a line, so the new line stands on its own.
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..at]
        .trim_start_matches('\u{feff}')
        .trim()
        .is_empty()
    {
        return OsImport::NoPlace;
    }
    let crlf = text.find('\n').is_some_and(|i| text[..i].ends_with('\r'));
    OsImport::Missing { at, crlf }
}

/// Whether the module binds `os` with `import os` (or `import os.path`), at its top level or in
/// a top-level region the parser could not make sense of: an import there still runs first
/// when the file is mended, and missing it would add a second one on every fix.
fn imports_os_at_module_level(text: &str, root: Node<'_>) -> bool {
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        for child in named_children(node) {
            match child.kind() {
                "import_statement" => {
                    let binds_os = named_children(child).any(|name| {
                        name.kind() == "dotted_name"
                            && text[name.byte_range()].split('.').next().map(str::trim)
                                == Some("os")
                    });
                    if binds_os {
                        return true;
                    }
                }
                "ERROR" => stack.push(child),
                _ => {}
            }
        }
    }
    false
}

/// Where a fix may rewrite or add this call's host and port.
fn fix_sites<'t>(resolver: &PythonResolver<'t>, call: Node<'t>, api: &ServerApi) -> FixSites {
    let site = |param| match resolver.argument(call, param) {
        ArgNode::Given { value, anchor } if value.id() == anchor.id() => {
            Some(ExprSite::new(value.byte_range()))
        }
        _ => None,
    };
    let sole_literal = |node: Node<'t>| {
        resolver
            .sole_local_literal(node)
            .map(|literal| literal.byte_range())
    };
    match api.address {
        Address::HostPort { host, port } => FixSites {
            host: site(host),
            host_literal: match resolver.argument(call, host) {
                ArgNode::Given { value, anchor } if value.id() == anchor.id() => {
                    sole_literal(value)
                }
                _ => None,
            },
            port: site(port),
            insert: keyword_insertion(call),
        },
        Address::Tuple(param) => match resolver.argument(call, param) {
            ArgNode::Given { value, anchor }
                if value.id() == anchor.id() && value.kind() == "tuple" =>
            {
                let elements: Vec<Node<'t>> = named_children(value)
                    .filter(|n| n.kind() != "comment")
                    .collect();
                match elements.as_slice() {
                    [host, port] => FixSites {
                        host: Some(ExprSite::new(host.byte_range())),
                        host_literal: sole_literal(*host),
                        port: Some(ExprSite::new(port.byte_range())),
                        insert: None,
                    },
                    _ => FixSites::default(),
                }
            }
            _ => FixSites::default(),
        },
        _ => FixSites::default(),
    }
}

/// The name a call is made through, `run` in `app.run(...)` and `HTTPServer` in
/// `HTTPServer(...)`, when the callee is a name or an attribute and the arguments are a list
/// (not a lone generator expression).
fn call_name(call: Node<'_>) -> Option<Node<'_>> {
    call.child_by_field_name("arguments")
        .filter(|arguments| arguments.kind() == "argument_list")?;
    let function = call.child_by_field_name("function")?;
    match function.kind() {
        "identifier" => Some(function),
        "attribute" => function
            .child_by_field_name("attribute")
            .filter(|name| name.kind() == "identifier"),
        _ => None,
    }
}

/// `x["..."]`: a subscript by a string literal, the shape of an `os.environ` read.
fn has_string_subscript(subscript: Node<'_>) -> bool {
    let mut cursor = subscript.walk();
    let found = subscript
        .children_by_field_name("subscript", &mut cursor)
        .any(|key| key.kind() == "string");
    found
}

/// The two sides of a `bind` setting, `bind = ...` or `config.bind = ...`.
fn bind_setting<'t>(text: &str, assignment: Node<'t>) -> Option<(Node<'t>, Node<'t>)> {
    let left = assignment.child_by_field_name("left")?;
    let name = match left.kind() {
        "identifier" => left,
        "attribute" => left.child_by_field_name("attribute")?,
        _ => return None,
    };
    if name.kind() != "identifier" || &text[name.byte_range()] != "bind" {
        return None;
    }
    Some((left, assignment.child_by_field_name("right")?))
}

/// `serve` in `from uvicorn import run as serve` (not `import x as y`: a module alias is
/// followed by the resolver).
fn from_import_alias(aliased_import: Node<'_>) -> Option<Node<'_>> {
    aliased_import
        .parent()
        .filter(|parent| parent.kind() == "import_from_statement")?;
    aliased_import
        .child_by_field_name("alias")
        .filter(|alias| alias.kind() == "identifier")
}

/// After the call's last argument, or inside its empty parentheses.
fn keyword_insertion(call: Node<'_>) -> Option<Insertion> {
    let arguments = call
        .child_by_field_name("arguments")
        .filter(|a| a.kind() == "argument_list")?;
    let last = named_children(arguments)
        .filter(|n| n.kind() != "comment")
        .last();
    Some(match last {
        Some(last) => Insertion::Keyword {
            at: last.end_byte(),
            comma: true,
        },
        None => Insertion::Keyword {
            at: arguments.end_byte().checked_sub(1)?,
            comma: false,
        },
    })
}

/// The object a method is called on (`sock` in `sock.listen()`).
fn receiver(call: Node<'_>) -> Option<Node<'_>> {
    call.child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")
        .and_then(|f| f.child_by_field_name("object"))
}

fn server_start<'t>(
    resolver: &PythonResolver<'t>,
    call: Node<'t>,
    listening: &HashSet<&str>,
    bound_configs: &HashSet<&str>,
) -> Option<ServerStart> {
    let resolved = resolver.callee(call);
    let api = match resolved
        .as_ref()
        .and_then(|callee| catalog::python::python_api(&callee.name))
    {
        Some(api) => api,
        None => unknown_server_method(resolver, call)?,
    };
    if api.requires_listen {
        let receiver = receiver(call)?;
        if !listening.contains(resolver.text_of(receiver)) {
            return None;
        }
    }
    let (mut host, mut port) = match api.address {
        Address::HostPort { host, port } => (resolver.arg(call, host), resolver.arg(call, port)),
        Address::Tuple(param) => tuple_args(resolver, resolver.argument(call, param)),
        Address::BindString => unbound_hypercorn_config(resolver, call, bound_configs)?,
        // JavaScript shapes: no Python row uses them.
        Address::Options { .. } | Address::NodeListen => return None,
    };
    // `listen="..."`, `sock=...`: the address comes another way, so omissions mean nothing.
    if api
        .other_address_keywords
        .iter()
        .any(|k| resolver.has_keyword(call, k))
    {
        for arg in [&mut host, &mut port] {
            if matches!(arg, Arg::Omitted) {
                *arg = Arg::Unknown;
            }
        }
    }
    let callee = call.child_by_field_name("function")?;
    let receiver = receiver(call);
    let evidence = resolved
        .and_then(|callee| callee.receiver)
        .zip(receiver)
        .and_then(|(instance, receiver)| instance.evidence(resolver.text_of(receiver)));
    Some(ServerStart {
        api,
        callee: callee.byte_range(),
        callee_text: resolver.text_of(callee).to_string(),
        host,
        port,
        context: StartContext::Source,
        fix: None,
        sites: fix_sites(resolver, call, api),
        command_edits: CommandEdits::default(),
        evidence: evidence.into_iter().collect(),
        dev_scope: dev_scope(resolver, call),
        branch_mentions: resolver.branch_mentions(call),
        unit: Default::default(),
        port_env: None,
    })
}

/// Whether `call` runs only when the file is run by hand: in its `__main__` block, or in a
/// function registered only as a CLI command.
fn dev_scope<'t>(resolver: &PythonResolver<'t>, call: Node<'t>) -> Option<DevScope> {
    let path = crate::tree::ancestors(resolver.root(), call);
    for (index, node) in path.iter().enumerate() {
        match node.kind() {
            "if_statement" => {
                let in_body = node
                    .child_by_field_name("consequence")
                    .is_some_and(|body| index > 0 && path[index - 1].id() == body.id());
                let main_check = node
                    .child_by_field_name("condition")
                    .is_some_and(|condition| is_main_check(resolver, condition));
                if in_body && main_check {
                    return Some(DevScope::MainBlock);
                }
            }
            "decorated_definition" => {
                let cli = named_children(*node)
                    .filter(|child| child.kind() == "decorator")
                    .any(|decorator| is_cli_command(resolver.text_of(decorator)));
                if cli {
                    return Some(DevScope::CliCommand);
                }
            }
            _ => {}
        }
    }
    None
}

/// `__name__ == "__main__"`, either way round.
fn is_main_check<'t>(resolver: &PythonResolver<'t>, condition: Node<'t>) -> bool {
    if condition.kind() != "comparison_operator" {
        return false;
    }
    let sides: Vec<&str> = named_children(condition)
        .map(|side| resolver.text_of(side).trim_matches(['"', '\'']))
        .collect();
    let text = resolver.text_of(condition);
    text.contains("==")
        && sides.len() == 2
        && sides.contains(&"__name__")
        && sides.contains(&"__main__")
}

/// A decorator that registers a function as a command line command: `@app.cli.command()`,
/// `@click.command()`, `@cli.command("serve")`, `@manager.command`.
fn is_cli_command(decorator: &str) -> bool {
    let expression = decorator.trim_start_matches('@').trim();
    let callee = expression.split('(').next().unwrap_or(expression).trim();
    callee == "command" || callee.ends_with(".command")
}

/// A method named like a server start (`server.run(host="localhost", port=8080)`) on an object
/// the file does not identify, passed `host=` or `port=`: its explicit values are judged
/// (docs/understands.md, "Python"), what it omits is not.
fn unknown_server_method<'t>(
    resolver: &PythonResolver<'t>,
    call: Node<'t>,
) -> Option<&'static ServerApi> {
    let callee = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")?;
    let method = callee.child_by_field_name("attribute")?;
    let object = callee.child_by_field_name("object")?;
    let explicit = resolver.has_keyword(call, "host") || resolver.has_keyword(call, "port");
    let named_like_a_server =
        catalog::python::UNKNOWN_SERVER_METHODS.contains(&resolver.text_of(method));
    (named_like_a_server && explicit && !resolver.is_project_class_instance(object))
        .then_some(&catalog::python::UNKNOWN_SERVER_METHOD)
}

/// `serve(app, config)` with a hypercorn `Config` whose `bind` the file never sets: both host and
/// port are hypercorn's defaults. `None` when the config is not known to be such a one.
fn unbound_hypercorn_config<'t>(
    resolver: &PythonResolver<'t>,
    call: Node<'t>,
    bound: &HashSet<&str>,
) -> Option<(Arg, Arg)> {
    let param = crate::catalog::Param {
        position: Some(1),
        keyword: Some("config"),
    };
    let ArgNode::Given { value: config, .. } = resolver.argument(call, param) else {
        return None;
    };
    let is_config = resolver.instance_type(config) == Some("hypercorn.config.Config");
    (is_config && !bound.contains(resolver.text_of(config))).then_some((Arg::Omitted, Arg::Omitted))
}

/// `(host, port)` passed as a tuple literal or a name bound to one. Findings point at the
/// element when the tuple is written in the call, else at the argument that names it.
fn tuple_args<'t>(resolver: &PythonResolver<'t>, arg: ArgNode<'t>) -> (Arg, Arg) {
    let (value, anchor) = match arg {
        ArgNode::Omitted => return (Arg::Omitted, Arg::Omitted),
        ArgNode::Unknown => return (Arg::Unknown, Arg::Unknown),
        ArgNode::Given { value, anchor } => (value, anchor),
    };
    let inline = value.id() == anchor.id() && value.kind() == "tuple";
    let element = |node: Node<'t>| Arg::Given {
        span: if inline {
            node.byte_range()
        } else {
            anchor.byte_range()
        },
        values: resolver.values(node),
    };
    match resolver.tuple_elements(value).as_deref() {
        Some([host, port, ..]) => (element(*host), element(*port)),
        _ => (Arg::Unknown, Arg::Unknown),
    }
}

/// The edit that makes a plain `"host:port"` literal read `PORT`:
/// `"0.0.0.0:" + os.environ.get("PORT", "8000")`, keeping the host as written.
fn bind_port_edit<'t>(
    resolver: &PythonResolver<'t>,
    element: Node<'t>,
    host: &Arg,
) -> Option<Vec<Edit>> {
    if element.kind() != "string" {
        return None;
    }
    let (text, _) = resolver.plain_string(element)?;
    let (host_text, port_text) = text.rsplit_once(':')?;
    let plain = |t: &str| {
        t.chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-[]:".contains(c))
    };
    if !plain(host_text) || !plain(port_text) || !matches!(host, Arg::Given { .. }) {
        return None;
    }
    Some(vec![Edit::replace(
        element.byte_range(),
        format!("\"{host_text}:\" + os.environ.get(\"PORT\", \"{port_text}\")"),
    )])
}

/// Each `host:port` string of a `bind` setting (a string or a list of them).
/// The starts a bind setting's value makes (one per address of a list), with what the
/// conditions of the branches the setting stands on mention.
fn push_binds<'t>(
    resolver: &PythonResolver<'t>,
    api: &'static ServerApi,
    context: StartContext,
    (value, branch_mentions): (Node<'t>, Vec<String>),
    facts: &mut FileFacts,
) {
    let elements: Vec<Node<'t>> = match value.kind() {
        "list" | "tuple" => named_children(value).collect(),
        _ => vec![value],
    };
    for element in elements {
        let pieces = resolver.template(element);
        if let Some((host, port)) = split_bind(&pieces, &element.byte_range()) {
            let command_edits = CommandEdits {
                host: None,
                port: bind_port_edit(resolver, element, &host),
            };
            facts.server_starts.push(ServerStart {
                api,
                callee: element.byte_range(),
                callee_text: resolver.text_of(element).to_string(),
                host,
                port,
                context,
                fix: None,
                sites: FixSites::default(),
                command_edits,
                evidence: Vec::new(),
                dev_scope: None,
                branch_mentions: branch_mentions.clone(),
                unit: Default::default(),
                port_env: None,
            });
        }
    }
}
