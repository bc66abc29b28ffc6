//! Python name resolution: scopes and bindings, qualified names through imports, the type of an
//! instance (`app = Flask(__name__)`, or what a factory returns), call arguments placed by
//! signature, and evaluation of an expression to its candidate [`Value`]s, following imports
//! into the project's other modules ([`Imports`]).
//!
//! Follows Python's own rules where they matter for a careful reader: a name assigned anywhere in
//! a function is local to it, class bodies are not visible from methods, `global` sends a name to
//! the module, a name bound again after an import is the later binding. Attribute chains
//! (`settings.HOST`, `config.SERVER["port"]`, `get_settings().port`) are followed through
//! modules, classes (a pydantic `BaseSettings` field reads the environment), dict literals and
//! functions' `return`s. Everything else is [`Value::Unknown`].

use std::collections::HashSet;

use tree_sitter::Node;

use super::eval::{
    Answer, Bindings, Bound, Branch, Creation, FileState, Language, NameShape, Path, Shape, Step,
    Target,
};
use super::imports::Imports;
use super::{Arg, EnvRead, Instance, Piece, Value, MAX_DEPTH};
use crate::catalog::{self, Param};

use crate::source::Span;
use crate::tree::{ancestors, field_pair, named_children};

/// What one assignment (or import, or definition) binds a name to.
#[derive(Debug, Clone)]
pub(crate) enum Binding<'t> {
    /// `name = <expr>`, `with <expr> as name`, `(name := <expr>)`.
    Value(Node<'t>),
    /// `import x` / `from x import y`: the fully qualified name (leading dots for a relative
    /// import), where the import stands, and whether it binds a module itself (`import x`,
    /// `import x.y as z`): a module is neither a value nor an instance, only its members are.
    Import {
        name: String,
        at: usize,
        module: bool,
    },
    /// `class Name(Base): ...`
    Class(Node<'t>),
    /// `def name(...): ...`: its `return`s are what a call gives.
    Function(Node<'t>),
    /// A parameter, loop target, augmented assignment...: nothing to follow.
    Opaque,
}

impl Binding<'_> {
    /// Where the binding stands in the file, when it has a place.
    fn at(&self) -> Option<usize> {
        match self {
            Binding::Value(node) | Binding::Class(node) | Binding::Function(node) => {
                Some(node.start_byte())
            }
            Binding::Import { at, .. } => Some(*at),
            Binding::Opaque => None,
        }
    }
}

#[derive(Default)]
pub(crate) struct Scopes<'t> {
    bindings: Bindings<'t, Binding<'t>>,
    /// `global name` declarations, per function scope.
    globals: HashSet<(usize, &'t str)>,
}

/// Answers questions about names and expressions in one parsed Python file.
pub struct PythonResolver<'t> {
    file: FileState<'t, Scopes<'t>>,
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
    /// A resolver of the file `text` parses to `root`; with `imports`, it follows imports
    /// into the project's other modules.
    pub fn new(text: &'t str, root: Node<'t>, imports: Option<&'t Imports<'t>>) -> Self {
        PythonResolver {
            file: FileState::new(text, root, imports),
        }
    }

    // ----- names -------------------------------------------------------------------------------

    /// Whether `expr` holds an instance of a class the project defines: its methods are the
    /// project's own (`runner.run(host=...)` on a local `Runner` is no server start).
    pub fn is_project_class_instance(&self, expr: Node<'t>) -> bool {
        self.file.budget.refill();
        self.targets(expr, &[], 0)
            .into_iter()
            .any(|target| match target {
                Target::ClassInstance(_) => true,
                Target::Foreign(answer) => answer.class_instance,
                Target::Node(call) if call.kind() == "call" => {
                    self.call_targets(call, 1).iter().any(|inner| match inner {
                        Target::ClassInstance(_) => true,
                        Target::Foreign(answer) => answer.class_instance,
                        _ => false,
                    })
                }
                _ => false,
            })
    }

    /// The string literal a function-local name is bound to, when that is its one binding and
    /// `name` is its only use: a fix can then change the literal instead of the argument and
    /// leave no unused variable behind.
    pub fn sole_local_literal(&self, name: Node<'t>) -> Option<Node<'t>> {
        if name.kind() != "identifier" {
            return None;
        }
        let text = self.text_of(name);
        let function = ancestors(self.file.root, name)
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
                "dictionary_splat" => match arg.named_child(0).map(|d| {
                    let entry = param
                        .keyword
                        .map_or(DictEntry::Absent, |key| self.dict_entry(d, key, 0));
                    (d, entry)
                }) {
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

    fn dict_entry(&self, dict: Node<'t>, keyword: &str, depth: usize) -> DictEntry<'t> {
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
                    let Some((key, value)) = field_pair(pair, "key", "value") else {
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
                    .is_some_and(|f| self.is_free(f, "dict")) =>
            {
                match self.keyword_argument(dict, keyword) {
                    Some(value) => DictEntry::Found(value),
                    None if dict
                        .child_by_field_name("arguments")
                        .is_some_and(|a| a.named_child_count() == count_keywords(a)) =>
                    {
                        DictEntry::Absent
                    }
                    None => DictEntry::Unknown,
                }
            }
            "identifier" => match self.lookup(self.text_of(dict), dict) {
                [Binding::Value(value)] => self.dict_entry(*value, keyword, depth + 1),
                _ => DictEntry::Unknown,
            },
            _ => DictEntry::Unknown,
        }
    }

    /// The value passed as `keyword=` (written in the call, not through `**`).
    fn keyword_argument(&self, call: Node<'t>, keyword: &str) -> Option<Node<'t>> {
        let arguments = call.child_by_field_name("arguments")?;
        named_children(arguments)
            .filter(|arg| arg.kind() == "keyword_argument")
            .find(|arg| {
                arg.child_by_field_name("name")
                    .is_some_and(|name| self.text_of(name) == keyword)
            })?
            .child_by_field_name("value")
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

    /// A call to evaluation: `int(x)` and `str(x)` (the builtins), an env read, or a call whose
    /// callee's `return`s or class give the value.
    fn call_shape(&self, call: Node<'t>, depth: usize) -> Shape<'t> {
        let Some(callee) = call.child_by_field_name("function") else {
            return Shape::Unknown;
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
        if self.is_free(callee, "int") {
            first_arg().map_or(Shape::Unknown, Shape::ToInt)
        } else if self.is_free(callee, "str") {
            first_arg().map_or(Shape::Unknown, Shape::ToStr)
        } else if let Some(read) = self.env_call(call, depth) {
            Shape::Env(read)
        } else {
            Shape::Call
        }
    }

    // ----- access paths ------------------------------------------------------------------------

    /// The object and the step of one access: `x.name` and `x["name"]` are `(x, .name)`, `f()` is
    /// `(f, ())`. `None` for any other subscript (`x[i]`) or a call whose arguments are not a
    /// list.
    fn access_step(&self, expr: Node<'t>) -> Option<(Node<'t>, Step)> {
        match expr.kind() {
            "attribute" => Some((
                expr.child_by_field_name("object")?,
                Step::Member(
                    self.text_of(expr.child_by_field_name("attribute")?)
                        .to_string(),
                ),
            )),
            "subscript" => {
                let mut cursor = expr.walk();
                let keys: Vec<Node<'t>> = expr
                    .children_by_field_name("subscript", &mut cursor)
                    .collect();
                let [key] = keys.as_slice() else { return None };
                let (key, _) = self.plain_string(*key)?;
                Some((expr.child_by_field_name("value")?, Step::Member(key)))
            }
            "call" => {
                expr.child_by_field_name("arguments")
                    .filter(|arguments| arguments.kind() == "argument_list")?;
                Some((expr.child_by_field_name("function")?, Step::Call))
            }
            _ => None,
        }
    }

    /// An instance of `class` (defined in this file), followed along `steps`: a class attribute's
    /// default, or for a pydantic `BaseSettings` the environment variable a field reads.
    fn instance_targets(&self, class: Node<'t>, steps: &[Step], depth: usize) -> Vec<Target<'t>> {
        let Some((Step::Member(name), rest)) = steps.split_first() else {
            return vec![if steps.is_empty() {
                Target::ClassInstance(class)
            } else {
                Target::Unknown
            }];
        };
        if self.is_base_settings(class) {
            return match (rest.is_empty(), self.settings_field(class, name)) {
                (true, Some(read)) => vec![Target::Env(read)],
                _ => vec![Target::Unknown],
            };
        }
        match self.class_attribute(class, name) {
            Some(value) => self.targets(value, rest, depth),
            None => vec![Target::Unknown],
        }
    }

    /// The value a class body assigns to `name` (`PORT = 8000`, `HOST: str = "0.0.0.0"`).
    fn class_attribute(&self, class: Node<'t>, name: &str) -> Option<Node<'t>> {
        let body = class.child_by_field_name("body")?;
        let mut found = None;
        for statement in named_children(body) {
            let Some(assignment) = statement
                .named_child(0)
                .filter(|_| statement.kind() == "expression_statement")
                .filter(|node| node.kind() == "assignment")
            else {
                continue;
            };
            let target = assignment.child_by_field_name("left");
            if target.is_some_and(|t| t.kind() == "identifier" && self.text_of(t) == name) {
                // The last assignment in the body is the attribute's value.
                found = assignment.child_by_field_name("right");
            }
        }
        found
    }

    /// Whether `class` subclasses pydantic's `BaseSettings` directly, with no configuration
    /// that renames what it reads (an `env_prefix`, aliases: then the field is unknown).
    fn is_base_settings(&self, class: Node<'t>) -> bool {
        let Some(bases) = class.child_by_field_name("superclasses") else {
            return false;
        };
        let subclasses = named_children(bases).any(|base| {
            matches!(
                self.qualified_name(base).as_deref(),
                Some("pydantic_settings.BaseSettings" | "pydantic.BaseSettings")
            )
        });
        let configured = self.class_attribute(class, "model_config").is_some()
            || class.child_by_field_name("body").is_some_and(|body| {
                named_children(body).any(|statement| {
                    statement.kind() == "class_definition"
                        && statement
                            .child_by_field_name("name")
                            .is_some_and(|n| self.text_of(n) == "Config")
                })
            });
        subclasses && !configured
    }

    /// A `BaseSettings` field read from the environment: pydantic matches the variable's name
    /// without regard to case, so `port: int = 8000` reads the platform's `PORT` (with 8000 as
    /// the fallback). A field with no annotation is a plain class attribute.
    fn settings_field(&self, class: Node<'t>, name: &str) -> Option<EnvRead> {
        let body = class.child_by_field_name("body")?;
        for statement in named_children(body) {
            let Some(assignment) = statement
                .named_child(0)
                .filter(|node| node.kind() == "assignment")
            else {
                continue;
            };
            let Some(target) = assignment
                .child_by_field_name("left")
                .filter(|t| t.kind() == "identifier" && self.text_of(*t) == name)
            else {
                continue;
            };
            assignment.child_by_field_name("type")?;
            let fallback = match assignment.child_by_field_name("right") {
                Some(default) => self.values(default),
                None => Vec::new(),
            };
            return Some(EnvRead {
                name: name.to_ascii_uppercase(),
                name_span: target.byte_range(),
                span: assignment.byte_range(),
                fallback,
                as_int: true,
            });
        }
        None
    }

    /// What another module of the project says `qualified` (an import: `settings.PORT`,
    /// `.config.PORT`, `app.create_app`) followed by `steps` is. `None` when no module of the
    /// project has that name (a third-party or standard module), or the import chain is too
    /// deep or cycles.
    fn foreign(&self, qualified: &str, steps: &[Step]) -> Option<Answer> {
        let imports = self.file.imports?;
        let level = qualified.len() - qualified.trim_start_matches('.').len();
        let segments: Vec<&str> = qualified[level..]
            .split('.')
            .filter(|s| !s.is_empty())
            .collect();
        // The longest prefix that is a module; the rest is a path inside it.
        let lowest = usize::from(level == 0);
        let (module, split) = (lowest..=segments.len()).rev().find_map(|split| {
            let module = imports.python_module(&segments[..split].join("."), level)?;
            Some((module, split))
        })?;
        let mut path: Vec<Step> = segments[split..]
            .iter()
            .map(|segment| Step::Member(segment.to_string()))
            .collect();
        path.extend_from_slice(steps);
        imports.enter(&module, |nested| {
            let resolver =
                PythonResolver::new(&module.file.text, module.tree.root_node(), Some(nested));
            resolver.module_answer(&path).in_file(&module.file)
        })
    }

    /// This module's answer about a module-level name followed by a path: the entry point of
    /// [`Self::foreign`] in the module that defines the name. Both answers are computed: which
    /// one the asker needs shows only once the path is followed.
    fn module_answer(&self, path: &[Step]) -> Answer {
        let Some((Step::Member(name), rest)) = path.split_first() else {
            return Answer::default();
        };
        let bindings = self.module_bindings(name);
        let targets: Vec<Target<'t>> = if bindings.is_empty() {
            // `from pkg import sub` where `sub` is a module of the package.
            match self.foreign(&format!(".{name}"), rest) {
                Some(answer) => vec![Target::Foreign(answer)],
                None => vec![Target::Unknown],
            }
        } else {
            bindings
                .iter()
                .flat_map(|binding| self.binding_targets(binding, rest, 1))
                .collect()
        };
        self.answer_of(targets)
    }

    /// The bindings of a module-level name.
    fn module_bindings(&self, name: &str) -> &[Binding<'t>] {
        self.file
            .scopes(build_scopes)
            .bindings
            .get(self.file.root.id(), name)
            .unwrap_or(&[])
    }

    // ----- environment reads -------------------------------------------------------------------

    /// `os.environ.get("X", d)`, `os.getenv("X", d)` (also after `from os import ...`).
    pub fn env_call(&self, call: Node<'t>, depth: usize) -> Option<EnvRead> {
        if depth == 0 {
            self.file.budget.refill();
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
            self.file.budget.refill();
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
        match self.values_at(key, depth + 1).as_slice() {
            [Value::Str { text, span }] => Some((
                text.clone(),
                string_content_span(self.file.text, span.clone()),
            )),
            _ => None,
        }
    }

    // ----- strings -----------------------------------------------------------------------------

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
                let Some((left, right)) = field_pair(expr, "left", "right") else {
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
                match self.values_at(expr, depth + 1).as_slice() {
                    [Value::Str { text, span }] => {
                        // A constant's literal: its own content span is still exact.
                        let exact = self
                            .text()
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

/// Python's syntax for the shared evaluation: what each kind of node is to it.
impl<'t> Language<'t> for PythonResolver<'t> {
    type Binding = Binding<'t>;

    type Scopes = Scopes<'t>;

    /// The bindings `name` has where `at` stands, following Python's scoping rules. Empty for a
    /// builtin or an undefined name.
    fn lookup(&self, name: &'t str, at: Node<'t>) -> &[Binding<'t>] {
        let scopes = self.file.scopes(build_scopes);
        let enclosing = ancestors(self.file.root, at)
            .into_iter()
            .filter(|node| is_scope(node.kind()));
        for (index, mut scope) in enclosing.enumerate() {
            // A class body's names are visible in the body itself, not in its methods.
            if scope.kind() == "class_definition" && index > 0 {
                continue;
            }
            if scopes.globals.contains(&(scope.id(), name)) {
                scope = self.file.root;
            }
            if let Some(bindings) = scopes.bindings.get(scope.id(), name) {
                return bindings;
            }
        }
        &[]
    }

    fn value_shape(&self, expr: Node<'t>, depth: usize) -> Shape<'t> {
        match expr.kind() {
            "string" | "concatenated_string" => Shape::Str,
            "integer" => Shape::Int(parse_int(self.text_of(expr))),
            "none" => Shape::Null,
            "parenthesized_expression" => expr.named_child(0).map_or(Shape::Unknown, Shape::Inner),
            "identifier" | "attribute" => Shape::Follow,
            // `a if cond else b`: the children are a, cond, b.
            "conditional_expression" => match named_children(expr).collect::<Vec<_>>()[..] {
                [then, _, otherwise] => Shape::Either(then, otherwise),
                _ => Shape::Unknown,
            },
            "boolean_operator" => match self.binary_parts(expr) {
                Some(("or", left, right)) => Shape::Fallback(left, right),
                _ => Shape::Unknown,
            },
            "call" => self.call_shape(expr, depth),
            "subscript" => match self.env_subscript(expr, depth) {
                Some(read) => Shape::Env(read),
                None => Shape::Follow,
            },
            _ => Shape::Unknown,
        }
    }

    fn path_shape(&self, expr: Node<'t>, steps: &[Step]) -> Path<'t> {
        match expr.kind() {
            "identifier" => Path::Name,
            // A call with nothing to follow after it is evaluated as a call (`int(...)`, an env
            // read, `Flask(...)`), which steps into the callee only when it must.
            "call" if steps.is_empty() => Path::Value,
            "attribute" | "subscript" | "call" => match self.access_step(expr) {
                Some((inner, step)) => Path::Step(inner, step),
                None => Path::Unknown,
            },
            "parenthesized_expression" => expr.named_child(0).map_or(Path::Unknown, Path::Inner),
            "dictionary" => Path::Literal,
            _ => Path::Value,
        }
    }

    fn literal_entry(&self, dict: Node<'t>, key: &str) -> Option<Node<'t>> {
        match self.dict_entry(dict, key, 0) {
            DictEntry::Found(value) => Some(value),
            DictEntry::Absent | DictEntry::Unknown => None,
        }
    }

    /// The expressions a function's `return` statements give, not counting nested functions,
    /// lambdas and classes.
    fn returned_values(&self, function: Node<'t>) -> Vec<Node<'t>> {
        let mut values = Vec::new();
        let mut stack: Vec<Node<'t>> = function.child_by_field_name("body").into_iter().collect();
        while let Some(node) = stack.pop() {
            match node.kind() {
                "return_statement" => values.extend(node.named_child(0)),
                "function_definition" | "lambda" | "class_definition" => {}
                _ => stack.extend(named_children(node)),
            }
        }
        values
    }

    fn bound(&self, binding: &Binding<'t>, steps: &[Step], depth: usize) -> Bound<'t> {
        let targets = match binding {
            Binding::Value(value) => return Bound::Value(*value),
            Binding::Function(function) => return Bound::Function(*function),
            // A module itself holds no value and is no instance: nothing to read.
            Binding::Import { module: true, .. } if steps.is_empty() => vec![Target::Unknown],
            Binding::Import { name, .. } => match self.foreign(name, steps) {
                Some(answer) => vec![Target::Foreign(answer)],
                None => vec![Target::Unknown],
            },
            Binding::Class(class) => match steps.split_first() {
                Some((Step::Call, rest)) => self.instance_targets(*class, rest, depth),
                Some((Step::Member(name), rest)) => match self.class_attribute(*class, name) {
                    Some(value) => self.targets(value, rest, depth),
                    None => vec![Target::Unknown],
                },
                None => vec![Target::Unknown],
            },
            Binding::Opaque => vec![Target::Unknown],
        };
        Bound::Targets(targets)
    }

    /// What calling `call`'s callee gives: a function's `return`s, an instance of a class, or
    /// what another module's function or class gives.
    fn call_targets(&self, call: Node<'t>, depth: usize) -> Vec<Target<'t>> {
        match self.access_step(call) {
            Some((callee, step)) => self.targets(callee, &[step], depth),
            None => vec![Target::Unknown],
        }
    }

    /// The text of a string literal without interpolations, and the span of its content. Escape
    /// sequences are kept verbatim: hosts and env names never contain them in practice, and a
    /// verbatim text keeps spans exact.
    fn plain_string(&self, node: Node<'t>) -> Option<(String, Span)> {
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

    /// A call of a known class or factory (`Flask(__name__)`) creates an instance; any other
    /// call holds what the callee gives (a subclass defined in the file, a function whose
    /// `return` is one, a name imported from another module of the project).
    fn creation(&self, expr: Node<'t>, depth: usize) -> Creation<'t> {
        if expr.kind() != "call" {
            return Creation::Follow(self.targets(expr, &[], depth + 1));
        }
        let Some(callee) = expr.child_by_field_name("function") else {
            return Creation::Known(None);
        };
        let known = self
            .qualified_name(callee)
            .and_then(|name| catalog::python::python_type_of_call(&name));
        match known {
            Some(type_name) => Creation::Known(Some(Instance {
                type_name,
                span: expr.byte_range(),
                file: None,
            })),
            None => Creation::Follow(self.call_targets(expr, depth + 1)),
        }
    }

    fn target_instance(&self, target: Target<'t>, depth: usize) -> Option<Instance> {
        match target {
            Target::Node(node) if node.kind() == "call" => self.instance_at(node, depth),
            // An instance of a class of this file takes the type of its first base
            // (`class App(tornado.web.Application)`).
            Target::ClassInstance(class) => {
                let bases = class.child_by_field_name("superclasses")?;
                let base = named_children(bases).find(|n| n.kind() != "keyword_argument")?;
                Some(Instance {
                    type_name: catalog::python::python_type_of_call(&self.qualified_name(base)?)?,
                    span: class.byte_range(),
                    file: None,
                })
            }
            Target::Foreign(answer) => answer.instance,
            _ => None,
        }
    }

    fn binding_name(&self, binding: &Binding<'t>, depth: usize) -> Option<String> {
        match binding {
            Binding::Import { name, .. } => Some(name.clone()),
            // `run = uvicorn.run`: an alias of something imported.
            Binding::Value(value) if matches!(value.kind(), "identifier" | "attribute") => {
                self.qualified_name_at(*value, depth + 1)
            }
            _ => None,
        }
    }

    /// A builtin or undefined name is no module's.
    fn global_name(&self, _name: &str) -> Option<String> {
        None
    }

    fn branch_at(&self, path: &[Node<'t>], index: usize) -> Branch<'t> {
        let parent = path[index];
        let condition = match parent.kind() {
            "if_statement" | "elif_clause" | "while_statement" => {
                parent.child_by_field_name("condition")
            }
            "conditional_expression" => parent.named_child(1),
            // The condition is on the `if` that owns this `else`.
            "else_clause" => path
                .get(index + 1)
                .and_then(|owner| owner.child_by_field_name("condition")),
            "function_definition" | "class_definition" | "lambda" => return Branch::End,
            _ => None,
        };
        condition.map_or(Branch::None, Branch::Condition)
    }

    /// Python reads the environment through calls and subscripts with a string key, which the
    /// walk over a condition finds as the key's string.
    fn env_read_node(&self, _node: Node<'t>) -> Option<EnvRead> {
        None
    }

    fn name_shape(&self, expr: Node<'t>) -> NameShape<'t> {
        match expr.kind() {
            "identifier" => NameShape::Name,
            "attribute" => NameShape::member(expr, "attribute"),
            "parenthesized_expression" => expr
                .named_child(0)
                .map_or(NameShape::Given(None), NameShape::Inner),
            _ => NameShape::Given(None),
        }
    }

    fn file(&self) -> &FileState<'t, Scopes<'t>> {
        &self.file
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
                if let Some((name, value)) = field_pair(node, "name", "value") {
                    scopes
                        .bindings
                        .bind(scope, text, name, Binding::Value(value));
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
                                let binding = Binding::Import {
                                    name: head.to_string(),
                                    at: node.start_byte(),
                                    module: true,
                                };
                                scopes.bindings.bind(scope, text, first, binding);
                            }
                        }
                        "aliased_import" => {
                            if let Some((dotted, alias)) = field_pair(name, "name", "alias") {
                                let binding = Binding::Import {
                                    name: text[dotted.byte_range()].to_string(),
                                    at: node.start_byte(),
                                    module: true,
                                };
                                scopes.bindings.bind(scope, text, alias, binding);
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
                            let binding = Binding::Import {
                                name: member_of(&module, &text[name.byte_range()]),
                                at: node.start_byte(),
                                module: false,
                            };
                            scopes.bindings.bind(scope, text, name, binding);
                        }
                        "aliased_import" => {
                            if let Some((dotted, alias)) = field_pair(name, "name", "alias") {
                                let binding = Binding::Import {
                                    name: member_of(&module, &text[dotted.byte_range()]),
                                    at: node.start_byte(),
                                    module: false,
                                };
                                scopes.bindings.bind(scope, text, alias, binding);
                            }
                        }
                        _ => {}
                    }
                }
            }
            "function_definition" => {
                if let Some(name) = node.child_by_field_name("name") {
                    scopes
                        .bindings
                        .bind(scope, text, name, Binding::Function(node));
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
                    scopes
                        .bindings
                        .bind(scope, text, name, Binding::Class(node));
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
        if let Some(bindings) = scopes.bindings.remove(scope, name) {
            scopes.bindings.entry(root.id(), name).extend(bindings);
        }
    }
    for bindings in scopes.bindings.all_mut() {
        keep_bindings_after_imports(bindings);
    }
    scopes
}

/// A name bound by an import and bound again later in the same scope is the later binding
/// (`from flask import Flask, app` then `app = Flask(__name__)`), and an import after other
/// bindings replaces them: only what follows the last import counts, and that import itself
/// only when nothing binds the name after it.
fn keep_bindings_after_imports(bindings: &mut Vec<Binding<'_>>) {
    let Some(last_import) = bindings
        .iter()
        .filter(|b| matches!(b, Binding::Import { .. }))
        .filter_map(Binding::at)
        .max()
    else {
        return;
    };
    let rebound = bindings
        .iter()
        .any(|b| !matches!(b, Binding::Import { .. }) && b.at().is_some_and(|at| at > last_import));
    bindings.retain(|b| match b.at() {
        None => true,
        Some(at) if rebound => at > last_import,
        Some(at) => at >= last_import,
    });
}

/// `module.name` for `from module import name`; a relative module ends in its dots already
/// (`from . import config` is `.config`, `from .. import x` is `..x`).
fn member_of(module: &str, name: &str) -> String {
    if module.is_empty() || module.ends_with('.') {
        format!("{module}{name}")
    } else {
        format!("{module}.{name}")
    }
}

fn bind_target<'t>(
    scopes: &mut Scopes<'t>,
    text: &'t str,
    scope: Node<'t>,
    target: Node<'t>,
    value: Option<Node<'t>>,
) {
    match target.kind() {
        "identifier" => scopes.bindings.bind(
            scope,
            text,
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
            scopes.bindings.bind(function, text, name, Binding::Opaque);
        }
    }
}
