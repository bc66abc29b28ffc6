//! Python name resolution within one file: scopes and bindings, qualified names through imports,
//! the type of an instance (`app = Flask(__name__)`), call arguments placed by signature, and
//! evaluation of an expression to its candidate [`Value`]s.
//!
//! Follows Python's own rules where they matter for a careful reader: a name assigned anywhere in
//! a function is local to it, class bodies are not visible from methods, `global` sends a name to
//! the module. Everything else is [`Value::Unknown`].

use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use super::{merge_fallback, Arg, Budget, EnvRead, Piece, Value, MAX_DEPTH};
use crate::catalog::{self, Param};

use crate::source::Span;
use crate::tree::{ancestors, named_children};

/// What one assignment (or import, or definition) binds a name to.
#[derive(Debug, Clone)]
enum Binding<'t> {
    /// `name = <expr>`, `with <expr> as name`, `(name := <expr>)`.
    Value(Node<'t>),
    /// `import x` / `from x import y`: the fully qualified name.
    Import(String),
    /// `class Name(Base): ...`
    Class(Node<'t>),
    /// A parameter, loop target, augmented assignment, function...: nothing to follow.
    Opaque,
}

#[derive(Default)]
struct Scopes<'t> {
    bindings: HashMap<(usize, &'t str), Vec<Binding<'t>>>,
    /// `global name` declarations, per function scope.
    globals: HashSet<(usize, &'t str)>,
}

/// Answers questions about names and expressions in one parsed Python file.
pub struct PythonResolver<'t> {
    text: &'t str,
    root: Node<'t>,
    /// Built on first use: most files never ask.
    scopes: OnceCell<Scopes<'t>>,
    /// Steps left in the current resolution.
    budget: Budget,
}

/// Argument lookup result before evaluation.
pub enum ArgNode<'t> {
    Omitted,
    Unknown,
    /// `value` is the expression passed; `anchor` is where it shows in the call (the value
    /// itself, or the `**options` it came through), which is where findings point.
    Given {
        value: Node<'t>,
        anchor: Node<'t>,
    },
}

impl<'t> PythonResolver<'t> {
    pub fn new(text: &'t str, root: Node<'t>) -> Self {
        PythonResolver {
            text,
            root,
            scopes: OnceCell::new(),
            budget: Budget::default(),
        }
    }

    pub fn text_of(&self, node: Node<'t>) -> &'t str {
        &self.text[node.byte_range()]
    }

    fn scopes(&self) -> &Scopes<'t> {
        self.scopes
            .get_or_init(|| build_scopes(self.text, self.root))
    }

    // ----- names -------------------------------------------------------------------------------

    /// The bindings `name` has where `at` stands, following Python's scoping rules. Empty for a
    /// builtin or an undefined name.
    fn lookup(&self, name: &'t str, at: Node<'t>) -> &[Binding<'t>] {
        let scopes = self.scopes();
        let enclosing = ancestors(self.root, at)
            .into_iter()
            .filter(|node| is_scope(node.kind()));
        for (index, mut scope) in enclosing.enumerate() {
            // A class body's names are visible in the body itself, not in its methods.
            if scope.kind() == "class_definition" && index > 0 {
                continue;
            }
            if scopes.globals.contains(&(scope.id(), name)) {
                scope = self.root;
            }
            if let Some(bindings) = scopes.bindings.get(&(scope.id(), name)) {
                return bindings;
            }
        }
        &[]
    }

    /// The fully qualified name an expression refers to through the file's imports:
    /// `web.run_app` after `from aiohttp import web` is `aiohttp.web.run_app`.
    pub fn qualified_name(&self, expr: Node<'t>) -> Option<String> {
        self.qualified_name_at(expr, 0)
    }

    fn qualified_name_at(&self, expr: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr.kind() {
            "identifier" => {
                let bindings = self.lookup(self.text_of(expr), expr);
                let mut names = bindings.iter().map(|binding| match binding {
                    Binding::Import(name) => Some(name.clone()),
                    // `run = uvicorn.run`: an alias of something imported.
                    Binding::Value(value) if matches!(value.kind(), "identifier" | "attribute") => {
                        self.qualified_name_at(*value, depth + 1)
                    }
                    _ => None,
                });
                let first = names.next()??;
                names
                    .all(|name| name.as_ref() == Some(&first))
                    .then_some(first)
            }
            "attribute" => {
                let object = expr.child_by_field_name("object")?;
                let attribute = expr.child_by_field_name("attribute")?;
                let base = self.qualified_name_at(object, depth + 1)?;
                Some(format!("{base}.{}", self.text_of(attribute)))
            }
            "parenthesized_expression" => self.qualified_name_at(expr.named_child(0)?, depth + 1),
            _ => None,
        }
    }

    /// The canonical type (a key of [`catalog::python::PYTHON_TYPES`]) of the instance `expr` holds.
    pub fn instance_type(&self, expr: Node<'t>) -> Option<&'static str> {
        self.instance_type_at(expr, 0)
    }

    fn instance_type_at(&self, expr: Node<'t>, depth: usize) -> Option<&'static str> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr.kind() {
            "call" => {
                let callee = expr.child_by_field_name("function")?;
                if let Some(name) = self.qualified_name(callee) {
                    return catalog::python::python_type_of_call(&name);
                }
                // An instance of a class defined in this file takes the type of its first base
                // (`class App(tornado.web.Application)`).
                if callee.kind() == "identifier" {
                    if let [Binding::Class(class)] = self.lookup(self.text_of(callee), callee) {
                        let bases = class.child_by_field_name("superclasses")?;
                        let base =
                            named_children(bases).find(|n| n.kind() != "keyword_argument")?;
                        let name = self.qualified_name(base)?;
                        return catalog::python::python_type_of_call(&name);
                    }
                }
                None
            }
            "identifier" => {
                let bindings = self.lookup(self.text_of(expr), expr);
                let mut types = bindings.iter().map(|binding| match binding {
                    Binding::Value(value) => self.instance_type_at(*value, depth + 1),
                    _ => None,
                });
                let first = types.next()??;
                types.all(|t| t == Some(first)).then_some(first)
            }
            "parenthesized_expression" => self.instance_type_at(expr.named_child(0)?, depth + 1),
            _ => None,
        }
    }

    /// The qualified name a call invokes: a method on an instance of a known type
    /// (`flask.Flask.run`) or a function or class reached through imports (`uvicorn.run`).
    pub fn callee_name(&self, call: Node<'t>) -> Option<String> {
        let callee = call.child_by_field_name("function")?;
        if callee.kind() == "attribute" {
            let object = callee.child_by_field_name("object")?;
            let method = callee.child_by_field_name("attribute")?;
            if let Some(owner) = self.instance_type(object) {
                return Some(format!("{owner}.{}", self.text_of(method)));
            }
        }
        self.qualified_name(callee)
    }

    /// The string literal a function-local name is bound to, when that is its one binding and
    /// `name` is its only use: a fix can then change the literal instead of the argument and
    /// leave no unused variable behind.
    pub fn sole_local_literal(&self, name: Node<'t>) -> Option<Node<'t>> {
        if name.kind() != "identifier" {
            return None;
        }
        let text = self.text_of(name);
        let function = ancestors(self.root, name)
            .into_iter()
            .find(|node| is_scope(node.kind()))
            .filter(|scope| scope.kind() == "function_definition")?;
        let [Binding::Value(value)] = self.lookup(text, name) else {
            return None;
        };
        let inside = function.byte_range();
        if value.kind() != "string"
            || value.start_byte() < inside.start
            || value.end_byte() > inside.end
        {
            return None;
        }
        // The assignment's target and this argument: no other mention of the name.
        let mut mentions = 0;
        let mut stack = vec![function];
        while let Some(node) = stack.pop() {
            match node.kind() {
                "identifier" if self.text_of(node) == text => mentions += 1,
                // `host=` in a call and `.host` of an object name no variable.
                "keyword_argument" => stack.extend(node.child_by_field_name("value")),
                "attribute" => stack.extend(node.child_by_field_name("object")),
                _ => stack.extend(named_children(node)),
            }
        }
        (mentions == 2).then_some(*value)
    }

    /// Whether `name` at `at` is the builtin of that name (not shadowed by a binding).
    fn is_builtin(&self, expr: Node<'t>, name: &'t str) -> bool {
        expr.kind() == "identifier"
            && self.text_of(expr) == name
            && self.lookup(name, expr).is_empty()
    }

    // ----- arguments ---------------------------------------------------------------------------

    /// The node passed for `param` in `call`, looking through `**{...}` and `**name` where the
    /// dict is a literal in the file.
    pub fn argument(&self, call: Node<'t>, param: Param) -> ArgNode<'t> {
        let Some(arguments) = call.child_by_field_name("arguments") else {
            return ArgNode::Omitted;
        };
        if arguments.kind() != "argument_list" {
            return ArgNode::Omitted;
        }
        let mut position = 0;
        let mut positions_known = true;
        let mut may_be_hidden = false;
        for arg in named_children(arguments) {
            match arg.kind() {
                "comment" => {}
                "keyword_argument" => {
                    let name = arg.child_by_field_name("name").map(|n| self.text_of(n));
                    if name.is_some() && name == param.keyword {
                        if let Some(value) = arg.child_by_field_name("value") {
                            return ArgNode::Given {
                                value,
                                anchor: value,
                            };
                        }
                    }
                }
                "list_splat" => positions_known = false,
                "dictionary_splat" => match arg
                    .named_child(0)
                    .map(|d| (d, self.dict_entry(d, param, 0)))
                {
                    Some((dict, DictEntry::Found(value))) => {
                        // An inline `**{...}` shows the value in the call; `**options` does not.
                        let anchor = if dict.kind() == "dictionary" {
                            value
                        } else {
                            arg
                        };
                        return ArgNode::Given { value, anchor };
                    }
                    Some((_, DictEntry::Absent)) => {}
                    _ => may_be_hidden = true,
                },
                _ => {
                    if positions_known && Some(position) == param.position {
                        return ArgNode::Given {
                            value: arg,
                            anchor: arg,
                        };
                    }
                    position += 1;
                }
            }
        }
        if may_be_hidden || (!positions_known && param.position.is_some()) {
            ArgNode::Unknown
        } else {
            ArgNode::Omitted
        }
    }

    /// The elements of a tuple literal, or of a name bound to exactly one.
    pub fn tuple_elements(&self, node: Node<'t>) -> Option<Vec<Node<'t>>> {
        let mut node = node;
        for _ in 0..MAX_DEPTH {
            match node.kind() {
                "tuple" | "list" => return Some(named_children(node).collect()),
                "parenthesized_expression" => node = node.named_child(0)?,
                "identifier" => match self.lookup(self.text_of(node), node) {
                    [Binding::Value(value)] => node = *value,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Whether `call` passes a keyword named `keyword` (directly or in a literal `**` dict).
    pub fn has_keyword(&self, call: Node<'t>, keyword: &'static str) -> bool {
        matches!(
            self.argument(
                call,
                Param {
                    position: None,
                    keyword: Some(keyword)
                }
            ),
            ArgNode::Given { .. } | ArgNode::Unknown
        )
    }

    fn dict_entry(&self, dict: Node<'t>, param: Param, depth: usize) -> DictEntry<'t> {
        let Some(keyword) = param.keyword else {
            return DictEntry::Absent;
        };
        if depth > MAX_DEPTH {
            return DictEntry::Unknown;
        }
        match dict.kind() {
            "dictionary" => {
                for pair in named_children(dict) {
                    if pair.kind() != "pair" {
                        // `**other` inside the literal: could hold anything.
                        if pair.kind() == "dictionary_splat" {
                            return DictEntry::Unknown;
                        }
                        continue;
                    }
                    let (Some(key), Some(value)) = (
                        pair.child_by_field_name("key"),
                        pair.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    match self.plain_string(key) {
                        Some((text, _)) if text == keyword => return DictEntry::Found(value),
                        Some(_) => {}
                        None => return DictEntry::Unknown,
                    }
                }
                DictEntry::Absent
            }
            "call"
                if dict
                    .child_by_field_name("function")
                    .is_some_and(|f| self.is_builtin(f, "dict")) =>
            {
                match self.argument(
                    dict,
                    Param {
                        position: None,
                        keyword: Some(keyword),
                    },
                ) {
                    ArgNode::Given { value, .. } => DictEntry::Found(value),
                    ArgNode::Omitted
                        if dict
                            .child_by_field_name("arguments")
                            .is_some_and(|a| a.named_child_count() == count_keywords(a)) =>
                    {
                        DictEntry::Absent
                    }
                    _ => DictEntry::Unknown,
                }
            }
            "identifier" => match self.lookup(self.text_of(dict), dict) {
                [Binding::Value(value)] => self.dict_entry(*value, param, depth + 1),
                _ => DictEntry::Unknown,
            },
            _ => DictEntry::Unknown,
        }
    }

    /// Looks up `param` and evaluates what is passed.
    pub fn arg(&self, call: Node<'t>, param: Param) -> Arg {
        match self.argument(call, param) {
            ArgNode::Omitted => Arg::Omitted,
            ArgNode::Unknown => Arg::Unknown,
            ArgNode::Given { value, anchor } => Arg::Given {
                span: anchor.byte_range(),
                values: self.values(value),
            },
        }
    }

    // ----- values ------------------------------------------------------------------------------

    /// Every value `expr` may have.
    pub fn values(&self, expr: Node<'t>) -> Vec<Value> {
        self.budget.refill();
        let mut out = Vec::new();
        self.collect_values(expr, 0, &mut out);
        out
    }

    fn collect_values(&self, expr: Node<'t>, depth: usize, out: &mut Vec<Value>) {
        if !self.budget.spend(depth) {
            out.push(Value::Unknown);
            return;
        }
        match expr.kind() {
            "string" | "concatenated_string" => match self.plain_string(expr) {
                Some((text, _)) => out.push(Value::Str {
                    text,
                    span: expr.byte_range(),
                }),
                None => out.push(Value::Unknown),
            },
            "integer" => match parse_int(self.text_of(expr)) {
                Some(value) => out.push(Value::Int {
                    value,
                    span: expr.byte_range(),
                }),
                None => out.push(Value::Unknown),
            },
            "none" => out.push(Value::Null),
            "parenthesized_expression" => match expr.named_child(0) {
                Some(inner) => self.collect_values(inner, depth + 1, out),
                None => out.push(Value::Unknown),
            },
            "identifier" => {
                let bindings = self.lookup(self.text_of(expr), expr);
                if bindings.is_empty() {
                    out.push(Value::Unknown);
                }
                for binding in bindings {
                    match binding {
                        Binding::Value(value) => self.collect_values(*value, depth + 1, out),
                        _ => out.push(Value::Unknown),
                    }
                }
            }
            "conditional_expression" => {
                // `a if cond else b`: the children are a, cond, b.
                let branches: Vec<_> = named_children(expr).collect();
                if let [then, _, otherwise] = branches[..] {
                    self.collect_values(then, depth + 1, out);
                    self.collect_values(otherwise, depth + 1, out);
                } else {
                    out.push(Value::Unknown);
                }
            }
            "boolean_operator" => self.collect_or(expr, depth, out),
            "call" => self.collect_call_values(expr, depth, out),
            "subscript" => match self.env_subscript(expr, depth) {
                Some(read) => out.push(Value::Env(read)),
                None => out.push(Value::Unknown),
            },
            _ => out.push(Value::Unknown),
        }
    }

    /// `a or b`: when `a` is an env read, `b` is its fallback; otherwise either may be the value.
    fn collect_or(&self, expr: Node<'t>, depth: usize, out: &mut Vec<Value>) {
        let operator = expr
            .child_by_field_name("operator")
            .map(|o| self.text_of(o));
        let (Some(left), Some(right)) = (
            expr.child_by_field_name("left"),
            expr.child_by_field_name("right"),
        ) else {
            out.push(Value::Unknown);
            return;
        };
        if operator != Some("or") {
            out.push(Value::Unknown);
            return;
        }
        let mut left_values = Vec::new();
        self.collect_values(left, depth + 1, &mut left_values);
        let mut right_values = Vec::new();
        self.collect_values(right, depth + 1, &mut right_values);
        merge_fallback(left_values, &right_values, &expr.byte_range(), out);
    }

    fn collect_call_values(&self, call: Node<'t>, depth: usize, out: &mut Vec<Value>) {
        let Some(callee) = call.child_by_field_name("function") else {
            out.push(Value::Unknown);
            return;
        };
        let first_arg = || match self.argument(
            call,
            Param {
                position: Some(0),
                keyword: None,
            },
        ) {
            ArgNode::Given { value, .. } => Some(value),
            _ => None,
        };
        if self.is_builtin(callee, "int") {
            match first_arg() {
                Some(arg) => {
                    let mut inner = Vec::new();
                    self.collect_values(arg, depth + 1, &mut inner);
                    out.extend(inner.into_iter().map(Value::into_int));
                }
                None => out.push(Value::Unknown),
            }
        } else if self.is_builtin(callee, "str") {
            match first_arg() {
                Some(arg) => self.collect_values(arg, depth + 1, out),
                None => out.push(Value::Unknown),
            }
        } else if let Some(read) = self.env_call(call, depth) {
            out.push(Value::Env(read));
        } else {
            out.push(Value::Unknown);
        }
    }

    // ----- environment reads -------------------------------------------------------------------

    /// `os.environ.get("X", d)`, `os.getenv("X", d)` (also after `from os import ...`).
    pub fn env_call(&self, call: Node<'t>, depth: usize) -> Option<EnvRead> {
        if depth == 0 {
            self.budget.refill();
        }
        let callee = call.child_by_field_name("function")?;
        let name = self.qualified_name(callee)?;
        let default_param = match name.as_str() {
            "os.environ.get" | "os.environ.setdefault" => Param {
                position: Some(1),
                keyword: Some("default"),
            },
            "os.getenv" => Param {
                position: Some(1),
                keyword: Some("default"),
            },
            _ => return None,
        };
        let key = match self.argument(
            call,
            Param {
                position: Some(0),
                keyword: Some("key"),
            },
        ) {
            ArgNode::Given { value, .. } => value,
            _ => return None,
        };
        let (var, name_span) = self.env_name(key, depth)?;
        let fallback = match self.argument(call, default_param) {
            ArgNode::Given { value: default, .. } => {
                let mut values = Vec::new();
                self.collect_values(default, depth + 1, &mut values);
                values
            }
            ArgNode::Omitted => Vec::new(),
            ArgNode::Unknown => vec![Value::Unknown],
        };
        Some(EnvRead {
            name: var,
            name_span,
            span: call.byte_range(),
            fallback,
            as_int: false,
        })
    }

    /// `os.environ["X"]`.
    pub fn env_subscript(&self, subscript: Node<'t>, depth: usize) -> Option<EnvRead> {
        if depth == 0 {
            self.budget.refill();
        }
        let object = subscript.child_by_field_name("value")?;
        if self.qualified_name(object).as_deref() != Some("os.environ") {
            return None;
        }
        let key = subscript.child_by_field_name("subscript")?;
        let (name, name_span) = self.env_name(key, depth)?;
        Some(EnvRead {
            name,
            name_span,
            span: subscript.byte_range(),
            fallback: Vec::new(),
            as_int: false,
        })
    }

    /// The variable name of an env read: a string literal, or a constant holding one. The span
    /// is the name's text inside the quotes.
    fn env_name(&self, key: Node<'t>, depth: usize) -> Option<(String, Span)> {
        if let Some((text, span)) = self.plain_string(key) {
            return Some((text, span));
        }
        let mut values = Vec::new();
        self.collect_values(key, depth + 1, &mut values);
        match values.as_slice() {
            [Value::Str { text, span }] => {
                Some((text.clone(), string_content_span(self.text, span.clone())))
            }
            _ => None,
        }
    }

    /// Whether `expr` reads the `PORT` variable (in a condition such as `if "PORT" in os.environ`
    /// or `if port:` where `port = os.getenv("PORT")`).
    pub fn mentions_port_env(&self, expr: Node<'t>) -> bool {
        let mut stack = vec![expr];
        let mut visited = 0;
        while let Some(node) = stack.pop() {
            visited += 1;
            if visited > 256 {
                return false;
            }
            match node.kind() {
                "string" => {
                    if self
                        .plain_string(node)
                        .is_some_and(|(text, _)| text == "PORT")
                    {
                        return true;
                    }
                }
                "identifier" => {
                    let reads_port = self
                        .values(node)
                        .iter()
                        .any(|v| matches!(v, Value::Env(read) if read.reads_port()));
                    if reads_port {
                        return true;
                    }
                }
                _ => stack.extend(named_children(node)),
            }
        }
        false
    }

    /// Whether `node` only runs on a branch chosen by whether `PORT` is set: such code is the
    /// local-development fallback SPEC.md allows.
    pub fn is_port_guarded(&self, node: Node<'t>) -> bool {
        let path = ancestors(self.root, node);
        let mut child = node;
        for (index, &parent) in path.iter().enumerate() {
            let condition = match parent.kind() {
                "if_statement" | "elif_clause" | "while_statement" => {
                    parent.child_by_field_name("condition")
                }
                "conditional_expression" => parent.named_child(1),
                // The condition is on the `if` that owns this `else`.
                "else_clause" => path
                    .get(index + 1)
                    .and_then(|owner| owner.child_by_field_name("condition")),
                "function_definition" | "class_definition" | "lambda" => return false,
                _ => None,
            };
            if let Some(condition) = condition {
                if condition.id() != child.id() && self.mentions_port_env(condition) {
                    return true;
                }
            }
            child = parent;
        }
        false
    }

    // ----- strings -----------------------------------------------------------------------------

    /// The text of a string literal without interpolations, and the span of its content. Escape
    /// sequences are kept verbatim: hosts and env names never contain them in practice, and a
    /// verbatim text keeps spans exact.
    pub fn plain_string(&self, node: Node<'t>) -> Option<(String, Span)> {
        match node.kind() {
            "string" => {
                let mut text = String::new();
                let mut start = None;
                let mut end = None;
                for part in named_children(node) {
                    match part.kind() {
                        "string_start" => {
                            let prefix = self.text_of(part).to_ascii_lowercase();
                            if prefix.contains('b') {
                                return None;
                            }
                        }
                        "string_content" | "escape_sequence" => {
                            text.push_str(self.text_of(part));
                            start.get_or_insert(part.start_byte());
                            end = Some(part.end_byte());
                        }
                        "string_end" => {
                            let content_start = start.unwrap_or(part.start_byte());
                            return Some((text, content_start..end.unwrap_or(content_start)));
                        }
                        _ => return None,
                    }
                }
                None
            }
            "concatenated_string" => {
                let mut text = String::new();
                for part in named_children(node) {
                    text.push_str(&self.plain_string(part)?.0);
                }
                Some((text, node.byte_range()))
            }
            _ => None,
        }
    }

    /// A string-building expression as pieces of text and env reads, for `host:port` strings:
    /// literals, f-strings, `+` concatenation, `%` formatting and constants.
    pub fn template(&self, expr: Node<'t>) -> Vec<Piece> {
        let mut pieces = Vec::new();
        self.collect_template(expr, 0, &mut pieces);
        pieces
    }

    fn collect_template(&self, expr: Node<'t>, depth: usize, out: &mut Vec<Piece>) {
        if depth > MAX_DEPTH {
            out.push(Piece::Unknown);
            return;
        }
        match expr.kind() {
            "string" => {
                for part in named_children(expr) {
                    match part.kind() {
                        "string_content" | "escape_sequence" => out.push(Piece::Text {
                            text: self.text_of(part).to_string(),
                            span: Some(part.byte_range()),
                        }),
                        "interpolation" => match part.child_by_field_name("expression") {
                            Some(inner) => self.collect_template(inner, depth + 1, out),
                            None => out.push(Piece::Unknown),
                        },
                        _ => {}
                    }
                }
            }
            "concatenated_string" => {
                for part in named_children(expr) {
                    self.collect_template(part, depth + 1, out);
                }
            }
            "binary_operator" => {
                let operator = expr
                    .child_by_field_name("operator")
                    .map(|o| self.text_of(o));
                let (Some(left), Some(right)) = (
                    expr.child_by_field_name("left"),
                    expr.child_by_field_name("right"),
                ) else {
                    out.push(Piece::Unknown);
                    return;
                };
                match operator {
                    Some("+") => {
                        self.collect_template(left, depth + 1, out);
                        self.collect_template(right, depth + 1, out);
                    }
                    Some("%") => self.collect_percent_format(left, right, depth, out),
                    _ => out.push(Piece::Unknown),
                }
            }
            "parenthesized_expression" => match expr.named_child(0) {
                Some(inner) => self.collect_template(inner, depth + 1, out),
                None => out.push(Piece::Unknown),
            },
            _ => {
                let mut values = Vec::new();
                self.collect_values(expr, depth + 1, &mut values);
                match values.as_slice() {
                    [Value::Str { text, span }] => {
                        // A constant's literal: its own content span is still exact.
                        let exact = self
                            .text
                            .get(span.clone())
                            .is_some_and(|s| s.len() == text.len() + 2);
                        out.push(Piece::Text {
                            text: text.clone(),
                            span: exact.then(|| span.start + 1..span.end - 1),
                        })
                    }
                    [Value::Int { value, .. }] => out.push(Piece::Text {
                        text: value.to_string(),
                        span: None,
                    }),
                    [Value::Env(read)] => out.push(Piece::Env(read.clone())),
                    _ => out.push(Piece::Unknown),
                }
            }
        }
    }

    /// `"%s:%s" % (host, port)`.
    fn collect_percent_format(
        &self,
        format: Node<'t>,
        args: Node<'t>,
        depth: usize,
        out: &mut Vec<Piece>,
    ) {
        let Some((format_text, _)) = self.plain_string(format) else {
            out.push(Piece::Unknown);
            return;
        };
        let args: Vec<Node<'t>> = if args.kind() == "tuple" {
            named_children(args).collect()
        } else {
            vec![args]
        };
        let mut args = args.into_iter();
        let mut rest = format_text.as_str();
        while let Some(index) = rest.find('%') {
            if index > 0 {
                out.push(Piece::Text {
                    text: rest[..index].to_string(),
                    span: None,
                });
            }
            let spec = rest[index + 1..].chars().next();
            match spec {
                Some('%') => out.push(Piece::Text {
                    text: "%".into(),
                    span: None,
                }),
                Some('s' | 'd' | 'i') => match args.next() {
                    Some(arg) => self.collect_template(arg, depth + 1, out),
                    None => out.push(Piece::Unknown),
                },
                _ => {
                    out.push(Piece::Unknown);
                    return;
                }
            }
            rest = &rest[(index + 1 + spec.map_or(0, char::len_utf8)).min(rest.len())..];
        }
        if !rest.is_empty() {
            out.push(Piece::Text {
                text: rest.to_string(),
                span: None,
            });
        }
    }
}

enum DictEntry<'t> {
    Found(Node<'t>),
    Absent,
    Unknown,
}

fn count_keywords(arguments: Node<'_>) -> usize {
    named_children(arguments)
        .filter(|a| a.kind() == "keyword_argument")
        .count()
}

/// The content span of a string literal's span (`"PORT"` → `PORT`), when the literal is a simple
/// quoted one; otherwise the whole span.
fn string_content_span(text: &str, span: Span) -> Span {
    match text.get(span.clone()) {
        Some(literal)
            if literal.len() >= 2 && (literal.starts_with('"') || literal.starts_with('\'')) =>
        {
            let quote = if literal.starts_with("\"\"\"") || literal.starts_with("'''") {
                3
            } else {
                1
            };
            if literal.len() >= 2 * quote {
                span.start + quote..span.end - quote
            } else {
                span
            }
        }
        _ => span,
    }
}

/// Python integer literal: decimal, hex, octal, binary, with underscores.
fn parse_int(literal: &str) -> Option<i64> {
    let digits: String = literal.chars().filter(|c| *c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(oct) = lower.strip_prefix("0o") {
        i64::from_str_radix(oct, 8).ok()
    } else if let Some(bin) = lower.strip_prefix("0b") {
        i64::from_str_radix(bin, 2).ok()
    } else {
        lower.parse().ok()
    }
}

/// The kinds of node that hold a Python scope.
fn is_scope(kind: &str) -> bool {
    matches!(
        kind,
        "function_definition" | "lambda" | "class_definition" | "module"
    )
}

/// One pass over the tree, with an explicit stack (no recursion: a deep tree cannot overflow).
fn build_scopes<'t>(text: &'t str, root: Node<'t>) -> Scopes<'t> {
    let mut scopes = Scopes::default();
    // Each node travels with the scope it is in, so no binding walks up the tree to find it.
    let mut stack = vec![(root, root)];
    while let Some((node, scope)) = stack.pop() {
        match node.kind() {
            "assignment" => {
                if let Some(left) = node.child_by_field_name("left") {
                    let mut value = node.child_by_field_name("right");
                    // `a = b = 1`: both names are bound to the innermost value.
                    while let Some(inner) = value.filter(|v| v.kind() == "assignment") {
                        value = inner.child_by_field_name("right");
                    }
                    bind_target(&mut scopes, text, scope, left, value);
                }
            }
            "augmented_assignment" => {
                if let Some(left) = node.child_by_field_name("left") {
                    bind_target(&mut scopes, text, scope, left, None);
                }
            }
            "named_expression" => {
                if let (Some(name), Some(value)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                ) {
                    bind_name(&mut scopes, text, scope, name, Binding::Value(value));
                }
            }
            "for_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    bind_target(&mut scopes, text, scope, left, None);
                }
            }
            "as_pattern" => {
                // `with X() as name` binds the context manager's value; `except E as name` nothing.
                let value = node.named_child(0);
                let alias = node
                    .child_by_field_name("alias")
                    .and_then(|a| a.named_child(0));
                if let (Some(value), Some(alias)) = (value, alias) {
                    let in_with = node.parent().is_some_and(|p| p.kind() == "with_item");
                    if in_with {
                        bind_target(&mut scopes, text, scope, alias, Some(value));
                    } else {
                        bind_target(&mut scopes, text, scope, alias, None);
                    }
                }
            }
            "import_statement" => {
                for name in named_children(node) {
                    match name.kind() {
                        "dotted_name" => {
                            let full = &text[name.byte_range()];
                            let head = full.split('.').next().unwrap_or(full);
                            if let Some(first) = name.named_child(0) {
                                bind_name(
                                    &mut scopes,
                                    text,
                                    scope,
                                    first,
                                    Binding::Import(head.to_string()),
                                );
                            }
                        }
                        "aliased_import" => {
                            if let (Some(dotted), Some(alias)) = (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ) {
                                bind_name(
                                    &mut scopes,
                                    text,
                                    scope,
                                    alias,
                                    Binding::Import(text[dotted.byte_range()].to_string()),
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_from_statement" => {
                let module = node
                    .child_by_field_name("module_name")
                    .map(|m| text[m.byte_range()].to_string())
                    .unwrap_or_default();
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    match name.kind() {
                        "dotted_name" => {
                            let imported = &text[name.byte_range()];
                            bind_name(
                                &mut scopes,
                                text,
                                scope,
                                name,
                                Binding::Import(format!("{module}.{imported}")),
                            );
                        }
                        "aliased_import" => {
                            if let (Some(dotted), Some(alias)) = (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ) {
                                let imported = &text[dotted.byte_range()];
                                bind_name(
                                    &mut scopes,
                                    text,
                                    scope,
                                    alias,
                                    Binding::Import(format!("{module}.{imported}")),
                                );
                            }
                        }
                        _ => {}
                    }
                }
            }
            "function_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    bind_name(&mut scopes, text, scope, name, Binding::Opaque);
                }
                if let Some(parameters) = node.child_by_field_name("parameters") {
                    bind_parameters(&mut scopes, text, node, parameters);
                }
            }
            "lambda" => {
                if let Some(parameters) = node.child_by_field_name("parameters") {
                    bind_parameters(&mut scopes, text, node, parameters);
                }
            }
            "class_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    bind_name(&mut scopes, text, scope, name, Binding::Class(node));
                }
            }
            "global_statement" => {
                for name in named_children(node).filter(|n| n.kind() == "identifier") {
                    scopes
                        .globals
                        .insert((scope.id(), &text[name.byte_range()]));
                }
            }
            _ => {}
        }
        let inner = if is_scope(node.kind()) { node } else { scope };
        stack.extend(named_children(node).map(|child| (child, inner)));
    }
    // Assignments after `global name` bind the module's name. The walk may meet them before
    // the `global` statement, so they are moved once it is done.
    let declared: Vec<(usize, &'t str)> = scopes.globals.iter().copied().collect();
    for (scope, name) in declared {
        if let Some(bindings) = scopes.bindings.remove(&(scope, name)) {
            scopes
                .bindings
                .entry((root.id(), name))
                .or_default()
                .extend(bindings);
        }
    }
    scopes
}

/// Binds `name` in `scope`: the scope the statement that binds it is in (for a `def` or
/// `class`, the scope around the definition, not the definition itself).
fn bind_name<'t>(
    scopes: &mut Scopes<'t>,
    text: &'t str,
    scope: Node<'t>,
    name: Node<'t>,
    binding: Binding<'t>,
) {
    scopes
        .bindings
        .entry((scope.id(), &text[name.byte_range()]))
        .or_default()
        .push(binding);
}

fn bind_target<'t>(
    scopes: &mut Scopes<'t>,
    text: &'t str,
    scope: Node<'t>,
    target: Node<'t>,
    value: Option<Node<'t>>,
) {
    match target.kind() {
        "identifier" => bind_name(
            scopes,
            text,
            scope,
            target,
            value.map_or(Binding::Opaque, Binding::Value),
        ),
        "pattern_list" | "tuple_pattern" | "list_pattern" => {
            let targets: Vec<_> = named_children(target).collect();
            let values: Option<Vec<_>> = value
                .filter(|v| matches!(v.kind(), "expression_list" | "tuple" | "list"))
                .map(|v| named_children(v).collect());
            let pairs = values.filter(|values: &Vec<Node>| {
                values.len() == targets.len()
                    && !values
                        .iter()
                        .chain(&targets)
                        .any(|n| n.kind().contains("splat"))
            });
            match pairs {
                Some(values) => {
                    for (target, value) in targets.into_iter().zip(values) {
                        bind_target(scopes, text, scope, target, Some(value));
                    }
                }
                None => {
                    for target in targets {
                        bind_target(scopes, text, scope, target, None);
                    }
                }
            }
        }
        "list_splat_pattern" | "parenthesized_expression" => {
            for inner in named_children(target) {
                bind_target(scopes, text, scope, inner, None);
            }
        }
        _ => {}
    }
}

fn bind_parameters<'t>(
    scopes: &mut Scopes<'t>,
    text: &'t str,
    function: Node<'t>,
    parameters: Node<'t>,
) {
    let mut stack: Vec<Node<'t>> = named_children(parameters).collect();
    while let Some(parameter) = stack.pop() {
        let name = match parameter.kind() {
            "identifier" => Some(parameter),
            "default_parameter" | "typed_default_parameter" => {
                parameter.child_by_field_name("name")
            }
            "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
                parameter.named_child(0)
            }
            "tuple_pattern" => {
                stack.extend(named_children(parameter));
                None
            }
            _ => None,
        };
        if let Some(name) = name.filter(|n| n.kind() == "identifier") {
            scopes
                .bindings
                .entry((function.id(), &text[name.byte_range()]))
                .or_default()
                .push(Binding::Opaque);
        }
    }
}
