//! JavaScript and TypeScript name resolution: block-scoped `let`/`const`, function-scoped
//! `var`, imports (`import` and `require`), instance types (`const app = express()`, or what a
//! factory returns), object options (`{ port, host }`, spreads), member chains through object
//! literals (`config.server.port`), env reads (`process.env.PORT`,
//! `const { PORT = 3000 } = process.env`, `Deno.env.get`, `Bun.env`) and the wrappers around
//! them (`Number()`, `parseInt()`, `+`, `||`, `??`, `as`, `satisfies`, `!`). Relative imports
//! are followed into the project's other modules ([`Imports`]): `module.exports`, `exports.x`,
//! `export default`, `export const`, re-exports.

use tree_sitter::Node;

use super::eval::{
    Answer, Bindings, Bound, Branch, Creation, FileState, Language, NameShape, Path, Shape, Step,
    Target,
};
use super::imports::Imports;
use super::{Arg, EnvRead, Instance, Value, MAX_DEPTH};
use crate::catalog;
use crate::project::JsModule;

use crate::source::Span;
use crate::tree::{ancestors, field_pair, named_children};

/// Globals a name may refer to without any binding in the file.
const GLOBALS: &[&str] = &["process", "Bun", "Deno"];

#[derive(Debug, Clone)]
pub(crate) enum Binding<'t> {
    Value(Node<'t>),
    /// A package import, by qualified name (`express`, `http.createServer`).
    Import(String),
    /// An import of a module of the project (`./app`): what it names there.
    ModuleImport {
        specifier: String,
        export: Export,
    },
    /// `function name() {}`: its `return`s are what a call gives.
    Function(Node<'t>),
    /// `const { PORT = 3000 } = process.env`: the binding is an env read.
    EnvField {
        name: String,
        name_span: Span,
        default: Option<Node<'t>>,
        span: Span,
    },
    Opaque,
}

/// Every binding of the file, by scope and name.
type Scopes<'t> = Bindings<'t, Binding<'t>>;

pub struct JsResolver<'t> {
    file: FileState<'t, Scopes<'t>>,
}

/// What an import names in the module it imports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Export {
    /// `import x from`, and what `require` gives (`module.exports`).
    Default,
    /// `import * as x from`: the module's exports as one object.
    Namespace,
    /// `import { name } from`, `const { name } = require(...)`.
    Named(String),
}

/// A property of an options object, before evaluation.
pub enum Property<'t> {
    Absent,
    Unknown,
    Found { value: Node<'t>, anchor: Node<'t> },
}

impl<'t> JsResolver<'t> {
    /// A resolver of the file `text` parses to `root`; with `imports`, it follows imports
    /// into the project's other modules.
    pub fn new(text: &'t str, root: Node<'t>, imports: Option<&'t Imports<'t>>) -> Self {
        JsResolver {
            file: FileState::new(text, root, imports),
        }
    }

    // ----- names and types ---------------------------------------------------------------------

    /// `require("node:http")` → `http`.
    fn required_module(&self, call: Node<'t>) -> Option<String> {
        let callee = call.child_by_field_name("function")?;
        if callee.kind() != "identifier"
            || self.text_of(callee) != "require"
            || !self.lookup("require", callee).is_empty()
        {
            return None;
        }
        let arguments = call.child_by_field_name("arguments")?;
        let module = arguments.named_child(0)?;
        let (text, _) = self.plain_string(module)?;
        if is_relative(&text) {
            return self.framework_package(&text);
        }
        Some(module_name(&text))
    }

    /// The framework a relative specifier names, when it reaches the main file of a package
    /// whose `name` is one (`require('../fastify')` in fastify's own examples).
    fn framework_package(&self, specifier: &str) -> Option<String> {
        match self.file.imports?.js_module(specifier)? {
            JsModule::Package(name) => Some(name),
            JsModule::File(_) => None,
        }
    }

    /// The argument of `require("...")`, when `call` is that (and `require` is the global).
    fn required_specifier(&self, call: Node<'t>) -> Option<String> {
        let callee = call.child_by_field_name("function")?;
        if !self.is_free(callee, "require") {
            return None;
        }
        let module = self.arguments(call).into_iter().next()?;
        Some(self.plain_string(module)?.0)
    }

    /// Whether `expr` is a function: written there, or a name bound to one (`Deno.serve(handler)`).
    pub fn is_function(&self, expr: Node<'t>) -> bool {
        if is_function_node(expr) {
            return true;
        }
        if expr.kind() != "identifier" {
            return false;
        }
        match self.lookup(self.text_of(expr), expr) {
            [Binding::Function(_)] => true,
            [Binding::Value(value)] => is_function_node(*value),
            _ => false,
        }
    }

    /// Whether `expr`, given alone where options or a handler may stand, is a request handler:
    /// a function, a name bound to one or imported, or a `fetch` member (`app.fetch`). An
    /// object literal, or a name bound to one, is options.
    pub fn is_handler(&self, expr: Node<'t>) -> bool {
        if self.is_function(expr) {
            return true;
        }
        match expr.kind() {
            "member_expression" => expr
                .child_by_field_name("property")
                .is_some_and(|property| self.text_of(property) == "fetch"),
            "identifier" => matches!(
                self.lookup(self.text_of(expr), expr),
                [Binding::Import(_) | Binding::ModuleImport { .. }]
            ),
            _ => false,
        }
    }

    // ----- arguments and options ---------------------------------------------------------------

    /// The call's arguments, without comments.
    pub fn arguments(&self, call: Node<'t>) -> Vec<Node<'t>> {
        call.child_by_field_name("arguments")
            .filter(|a| a.kind() == "arguments")
            .map(|a| {
                named_children(a)
                    .filter(|n| n.kind() != "comment")
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The object literal an expression is (or names), looking through TS wrappers.
    pub fn object_literal(&self, expr: Node<'t>) -> Option<Node<'t>> {
        let mut node = expr;
        for _ in 0..MAX_DEPTH {
            match node.kind() {
                "object" => return Some(node),
                "parenthesized_expression"
                | "as_expression"
                | "satisfies_expression"
                | "non_null_expression" => node = node.named_child(0)?,
                "identifier" => match self.lookup(self.text_of(node), node) {
                    [Binding::Value(value)] => node = *value,
                    _ => return None,
                },
                _ => return None,
            }
        }
        None
    }

    /// Property `key` of an options object: the last definition wins, as in JS.
    pub fn property(&self, object: Node<'t>, key: &str) -> Property<'t> {
        self.property_at(object, key, 0)
    }

    fn property_at(&self, object: Node<'t>, key: &str, depth: usize) -> Property<'t> {
        if depth > MAX_DEPTH {
            return Property::Unknown;
        }
        let mut found = Property::Absent;
        for member in named_children(object) {
            match member.kind() {
                "pair" => {
                    let Some((name, value)) = field_pair(member, "key", "value") else {
                        continue;
                    };
                    match self.property_key(name) {
                        Some(name) if name == key => {
                            found = Property::Found {
                                value,
                                anchor: value,
                            }
                        }
                        Some(_) => {}
                        None => found = Property::Unknown,
                    }
                }
                "shorthand_property_identifier" if self.text_of(member) == key => {
                    found = Property::Found {
                        value: member,
                        anchor: member,
                    }
                }
                "method_definition"
                    if member
                        .child_by_field_name("name")
                        .is_some_and(|n| self.text_of(n) == key) =>
                {
                    found = Property::Unknown;
                }
                "spread_element" => {
                    let inner = member.named_child(0).and_then(|e| self.object_literal(e));
                    match inner.map(|o| self.property_at(o, key, depth + 1)) {
                        Some(Property::Found { value, .. }) => {
                            found = Property::Found {
                                value,
                                anchor: member,
                            }
                        }
                        Some(Property::Absent) => {}
                        _ => found = Property::Unknown,
                    }
                }
                _ => {}
            }
        }
        found
    }

    fn property_key(&self, key: Node<'t>) -> Option<String> {
        match key.kind() {
            "property_identifier" => Some(self.text_of(key).to_string()),
            "string" => self.plain_string(key).map(|(text, _)| text),
            _ => None,
        }
    }

    /// Evaluates a property lookup as an argument.
    pub fn property_arg(&self, object: Node<'t>, key: &str) -> Arg {
        match self.property(object, key) {
            Property::Absent => Arg::Omitted,
            Property::Unknown => Arg::Unknown,
            Property::Found { value, anchor } => self.arg(value, anchor),
        }
    }

    pub fn arg(&self, value: Node<'t>, anchor: Node<'t>) -> Arg {
        Arg::Given {
            span: anchor.byte_range(),
            values: self.values(value),
        }
    }

    // ----- values ------------------------------------------------------------------------------

    /// A call to evaluation: `Number(x)`, `parseInt(x)`, `parseFloat(x)` (also `Number.*`),
    /// `String(x)` (the globals), `Deno.env.get(...)`, or a call whose callee's `return`s or
    /// module give the value.
    fn call_shape(&self, call: Node<'t>) -> Shape<'t> {
        let Some(callee) = call.child_by_field_name("function") else {
            return Shape::Unknown;
        };
        let first = self.arguments(call).into_iter().next();
        let converts_to_int = self.is_free(callee, "Number")
            || self.is_free(callee, "parseInt")
            || self.is_free(callee, "parseFloat")
            || matches!(
                self.qualified_name(callee).as_deref(),
                Some("Number.parseInt" | "Number.parseFloat")
            )
            || (callee.kind() == "member_expression"
                && callee
                    .child_by_field_name("object")
                    .is_some_and(|o| self.is_free(o, "Number")));
        if converts_to_int {
            first.map_or(Shape::Unknown, Shape::ToInt)
        } else if self.is_free(callee, "String") {
            first.map_or(Shape::Unknown, Shape::ToStr)
        } else if let Some(read) = self.env_call(call) {
            Shape::Env(read)
        } else {
            Shape::Call
        }
    }

    // ----- access paths ------------------------------------------------------------------------

    /// What the project module `specifier` exports as `export`, followed by `steps`.
    fn module_targets(&self, specifier: &str, export: Export, steps: &[Step]) -> Vec<Target<'t>> {
        match self.foreign(specifier, export, steps) {
            Some(answer) => vec![Target::Foreign(answer)],
            None => vec![Target::Unknown],
        }
    }

    /// What the module a relative specifier names says its export followed by `steps` is.
    /// `None` for a package, a module outside the project, or an import chain too deep or
    /// cyclic.
    fn foreign(&self, specifier: &str, export: Export, steps: &[Step]) -> Option<Answer> {
        let imports = self.file.imports?;
        let JsModule::File(module) = imports.js_module(specifier)? else {
            return None;
        };
        imports.enter(&module, |nested| {
            let resolver =
                JsResolver::new(&module.file.text, module.tree.root_node(), Some(nested));
            let targets = resolver.export_targets(&export, steps);
            resolver.answer_of(targets).in_file(&module.file)
        })
    }

    /// What this module exports as `export`, followed by `steps`: ES module exports
    /// (`export default`, `export const`, `export function`, `export { a as b }`, re-exports
    /// `export { x } from` and `export * from`) and CommonJS ones (`module.exports = ...`,
    /// `exports.x = ...`, `module.exports.x = ...`).
    fn export_targets(&self, export: &Export, steps: &[Step]) -> Vec<Target<'t>> {
        let (name, steps) = match (export, steps.split_first()) {
            (Export::Named(name), _) => (Some(name.as_str()), steps),
            (Export::Namespace, Some((Step::Member(name), rest))) => (Some(name.as_str()), rest),
            (Export::Namespace, _) => return vec![Target::Unknown],
            (Export::Default, _) => (None, steps),
        };
        let mut found = Vec::new();
        for statement in named_children(self.file.root) {
            match statement.kind() {
                "export_statement" => self.esm_export(statement, name, steps, &mut found),
                "expression_statement" => {
                    let Some(assignment) = statement
                        .named_child(0)
                        .filter(|n| n.kind() == "assignment_expression")
                    else {
                        continue;
                    };
                    let Some((left, right)) = field_pair(assignment, "left", "right") else {
                        continue;
                    };
                    let target = self.text_of(left);
                    match (target, name) {
                        // `require` (and a default import) of a CommonJS module gives
                        // `module.exports`; a named import is one of its properties.
                        ("module.exports", None) => found.extend(self.targets(right, steps, 1)),
                        ("module.exports", Some(name)) => {
                            let mut path = vec![Step::Member(name.to_string())];
                            path.extend_from_slice(steps);
                            found.extend(self.targets(right, &path, 1));
                        }
                        (target, Some(name))
                            if target == format!("exports.{name}")
                                || target == format!("module.exports.{name}") =>
                        {
                            found.extend(self.targets(right, steps, 1))
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        if found.is_empty() {
            found.push(Target::Unknown);
        }
        found
    }

    /// The targets an `export ...` statement gives for export `name` (`None`: the default).
    fn esm_export(
        &self,
        statement: Node<'t>,
        name: Option<&str>,
        steps: &[Step],
        found: &mut Vec<Target<'t>>,
    ) {
        let is_default = (0..statement.child_count())
            .filter_map(|i| statement.child(i))
            .any(|child| child.kind() == "default");
        let source = statement
            .child_by_field_name("source")
            .and_then(|s| self.plain_string(s))
            .map(|(text, _)| text);
        if let Some(declaration) = statement.child_by_field_name("declaration") {
            match (declaration.kind(), name) {
                ("function_declaration" | "generator_function_declaration", _) => {
                    let declared = declaration
                        .child_by_field_name("name")
                        .map(|n| self.text_of(n));
                    if (is_default && name.is_none()) || (name.is_some() && declared == name) {
                        found.extend(self.binding_targets(
                            &Binding::Function(declaration),
                            steps,
                            1,
                        ));
                    }
                }
                ("lexical_declaration" | "variable_declaration", Some(name)) => {
                    for declarator in named_children(declaration) {
                        let declared = declarator
                            .child_by_field_name("name")
                            .filter(|n| n.kind() == "identifier")
                            .map(|n| self.text_of(n));
                        if declared == Some(name) {
                            if let Some(value) = declarator.child_by_field_name("value") {
                                found.extend(self.targets(value, steps, 1));
                            }
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        if is_default {
            if let (None, Some(value)) = (name, statement.child_by_field_name("value")) {
                found.extend(self.targets(value, steps, 1));
            }
            return;
        }
        let clause = named_children(statement).find(|n| n.kind() == "export_clause");
        let Some(clause) = clause else {
            // `export * from './other'`: its named exports are this module's too.
            if let (Some(source), Some(name)) = (&source, name) {
                if let Some(answer) = self.foreign(source, Export::Named(name.to_string()), steps) {
                    if answer.instance.is_some()
                        || answer.values.iter().any(|v| !matches!(v, Value::Unknown))
                    {
                        found.push(Target::Foreign(answer));
                    }
                }
            }
            return;
        };
        for specifier in named_children(clause).filter(|n| n.kind() == "export_specifier") {
            let Some(local) = specifier.child_by_field_name("name") else {
                continue;
            };
            let exported = specifier
                .child_by_field_name("alias")
                .map_or(self.text_of(local), |alias| self.text_of(alias));
            let wanted = match name {
                Some(name) => exported == name,
                None => exported == "default",
            };
            if !wanted {
                continue;
            }
            match &source {
                // `export { x as y } from './other'`
                Some(source) => {
                    let export = match self.text_of(local) {
                        "default" => Export::Default,
                        other => Export::Named(other.to_string()),
                    };
                    found.extend(self.module_targets(source, export, steps));
                }
                None => found.extend(self.targets(local, steps, 1)),
            }
        }
    }

    // ----- environment reads -------------------------------------------------------------------

    /// Whether `object` is an environment object: `process.env` or `Bun.env`.
    fn is_env_object(&self, object: Node<'t>) -> bool {
        matches!(
            self.qualified_name(object).as_deref(),
            Some("process.env" | "Bun.env")
        )
    }

    /// `process.env.PORT`, `process.env["PORT"]`, `Bun.env.PORT`.
    pub fn env_access(&self, expr: Node<'t>) -> Option<EnvRead> {
        let object = expr.child_by_field_name("object")?;
        if !self.is_env_object(object) {
            return None;
        }
        let (name, name_span) = match expr.kind() {
            "member_expression" => {
                let property = expr.child_by_field_name("property")?;
                (self.text_of(property).to_string(), property.byte_range())
            }
            "subscript_expression" => self.plain_string(expr.child_by_field_name("index")?)?,
            _ => return None,
        };
        Some(EnvRead {
            name,
            name_span,
            span: expr.byte_range(),
            fallback: Vec::new(),
            as_int: false,
        })
    }

    /// `Deno.env.get("PORT")`.
    pub fn env_call(&self, call: Node<'t>) -> Option<EnvRead> {
        let callee = call.child_by_field_name("function")?;
        if self.qualified_name(callee).as_deref() != Some("Deno.env.get") {
            return None;
        }
        let key = self.arguments(call).into_iter().next()?;
        let (name, name_span) = self.plain_string(key)?;
        Some(EnvRead {
            name,
            name_span,
            span: call.byte_range(),
            fallback: Vec::new(),
            as_int: false,
        })
    }

    /// The env reads of `const { PORT, port: p = 3000 } = process.env`.
    pub fn env_pattern_reads(&self, pattern: Node<'t>) -> Vec<EnvRead> {
        env_fields(self.file.text, pattern)
            .into_iter()
            .map(|field| EnvRead {
                name: field.name,
                name_span: field.name_span,
                span: field.span,
                fallback: field.default.map(|d| self.values(d)).unwrap_or_default(),
                as_int: false,
            })
            .collect()
    }
}

/// JavaScript's and TypeScript's syntax for the shared evaluation.
impl<'t> Language<'t> for JsResolver<'t> {
    type Binding = Binding<'t>;

    type Scopes = Scopes<'t>;

    fn lookup(&self, name: &'t str, at: Node<'t>) -> &[Binding<'t>] {
        let scopes = self.file.scopes(build_scopes);
        ancestors(self.file.root, at)
            .into_iter()
            .find_map(|scope| scopes.get(scope.id(), name))
            .unwrap_or(&[])
    }

    fn value_shape(&self, expr: Node<'t>, _depth: usize) -> Shape<'t> {
        match expr.kind() {
            "string" | "template_string" => Shape::Str,
            "number" => Shape::Int(parse_number(self.text_of(expr))),
            "null" | "undefined" => Shape::Null,
            "identifier" if self.is_free(expr, "undefined") => Shape::Null,
            "identifier" | "shorthand_property_identifier" => Shape::Follow,
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => expr.named_child(0).map_or(Shape::Unknown, Shape::Inner),
            "type_assertion" => expr
                .named_child(expr.named_child_count().saturating_sub(1))
                .map_or(Shape::Unknown, Shape::Inner),
            "ternary_expression" => match (
                expr.child_by_field_name("consequence"),
                expr.child_by_field_name("alternative"),
            ) {
                (Some(then), Some(otherwise)) => Shape::Either(then, otherwise),
                _ => Shape::Unknown,
            },
            // `a || b`, `a ?? b`: when `a` reads the environment, `b` is its fallback.
            "binary_expression" => match self.binary_parts(expr) {
                Some(("||" | "??", left, right)) => Shape::Fallback(left, right),
                _ => Shape::Unknown,
            },
            "unary_expression" => {
                let operator = expr
                    .child_by_field_name("operator")
                    .map(|o| self.text_of(o));
                match (operator, expr.child_by_field_name("argument")) {
                    (Some("+"), Some(argument)) => Shape::ToInt(argument),
                    _ => Shape::Unknown,
                }
            }
            "call_expression" => self.call_shape(expr),
            "member_expression" | "subscript_expression" => match self.env_access(expr) {
                Some(read) => Shape::Env(read),
                None => Shape::Follow,
            },
            _ => Shape::Unknown,
        }
    }

    fn path_shape(&self, expr: Node<'t>, steps: &[Step]) -> Path<'t> {
        match expr.kind() {
            "identifier" | "shorthand_property_identifier" => Path::Name,
            // An env read (`process.env.PORT`) is a value in itself.
            "member_expression" | "subscript_expression"
                if steps.is_empty() && self.env_access(expr).is_some() =>
            {
                Path::Value
            }
            "member_expression" => match (
                expr.child_by_field_name("object"),
                expr.child_by_field_name("property"),
            ) {
                (Some(object), Some(property)) => {
                    Path::Step(object, Step::Member(self.text_of(property).to_string()))
                }
                _ => Path::Unknown,
            },
            "subscript_expression" => {
                let key = expr
                    .child_by_field_name("index")
                    .and_then(|index| self.plain_string(index));
                match (expr.child_by_field_name("object"), key) {
                    (Some(object), Some((key, _))) => Path::Step(object, Step::Member(key)),
                    _ => Path::Unknown,
                }
            }
            "call_expression" if steps.is_empty() => Path::Value,
            "call_expression" => match self.required_specifier(expr) {
                Some(specifier) => {
                    Path::Targets(self.module_targets(&specifier, Export::Default, steps))
                }
                None => expr
                    .child_by_field_name("function")
                    .map_or(Path::Unknown, |callee| Path::Step(callee, Step::Call)),
            },
            "await_expression"
            | "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => expr.named_child(0).map_or(Path::Unknown, Path::Inner),
            "object" => Path::Literal,
            _ if is_function_node(expr) => Path::Function,
            _ => Path::Value,
        }
    }

    fn literal_entry(&self, object: Node<'t>, key: &str) -> Option<Node<'t>> {
        match self.property(object, key) {
            Property::Found { value, .. } => Some(value),
            Property::Absent | Property::Unknown => None,
        }
    }

    /// A function's `return`s, or an arrow function's expression body.
    fn returned_values(&self, function: Node<'t>) -> Vec<Node<'t>> {
        match function.child_by_field_name("body") {
            Some(body) if body.kind() == "statement_block" => returned_by_body(body),
            Some(body) => vec![body],
            None => Vec::new(),
        }
    }

    fn bound(&self, binding: &Binding<'t>, steps: &[Step], depth: usize) -> Bound<'t> {
        let targets = match binding {
            Binding::Value(value) => return Bound::Value(*value),
            Binding::Function(function) => return Bound::Function(*function),
            Binding::ModuleImport { specifier, export } => {
                self.module_targets(specifier, export.clone(), steps)
            }
            Binding::EnvField {
                name,
                name_span,
                default,
                span,
            } if steps.is_empty() => {
                let fallback = default
                    .map(|d| self.values_at(d, depth + 1))
                    .unwrap_or_default();
                vec![Target::Env(EnvRead {
                    name: name.clone(),
                    name_span: name_span.clone(),
                    span: span.clone(),
                    fallback,
                    as_int: false,
                })]
            }
            Binding::Import(_) | Binding::EnvField { .. } | Binding::Opaque => {
                vec![Target::Unknown]
            }
        };
        Bound::Targets(targets)
    }

    /// What calling `call`'s callee gives: a function's `return`s, a module's exports
    /// (`require('./app')`), what another module's function gives.
    fn call_targets(&self, call: Node<'t>, depth: usize) -> Vec<Target<'t>> {
        if let Some(specifier) = self.required_specifier(call) {
            return self.module_targets(&specifier, Export::Default, &[]);
        }
        match call.child_by_field_name("function") {
            Some(callee) => self.targets(callee, &[Step::Call], depth),
            None => vec![Target::Unknown],
        }
    }

    /// A string literal or substitution-free template literal: its text (escapes verbatim) and
    /// the span of its content.
    fn plain_string(&self, node: Node<'t>) -> Option<(String, Span)> {
        plain_string(self.file.text, node)
    }

    /// A call or `new` of a known factory or class (`express()`, `new Koa()`) creates an
    /// instance, and a builder method returns its own (`fastify().withTypeProvider()`); any
    /// other call holds what the callee gives (a function whose `return` is one, what a project
    /// module exports).
    fn creation(&self, expr: Node<'t>, depth: usize) -> Creation<'t> {
        if !matches!(expr.kind(), "call_expression" | "new_expression") {
            return Creation::Follow(self.targets(expr, &[], depth + 1));
        }
        let Some(callee) = callee_of(expr) else {
            return Creation::Known(None);
        };
        let known = self
            .qualified_name(callee)
            .and_then(|name| catalog::javascript::js_type_of_call(&name));
        if let Some(type_name) = known {
            return Creation::Known(Some(Instance {
                type_name,
                span: expr.byte_range(),
                file: None,
            }));
        }
        if expr.kind() == "new_expression" {
            return Creation::Known(None);
        }
        if callee.kind() == "member_expression" {
            let method = callee
                .child_by_field_name("property")
                .map(|p| self.text_of(p));
            let object = callee.child_by_field_name("object");
            if let (Some(method), Some(object)) = (method, object) {
                if let Some(instance) = self.instance_at(object, depth + 1) {
                    if catalog::javascript::returns_instance(instance.type_name, method) {
                        return Creation::Known(Some(instance));
                    }
                }
            }
        }
        Creation::Follow(self.call_targets(expr, depth + 1))
    }

    fn target_instance(&self, target: Target<'t>, depth: usize) -> Option<Instance> {
        match target {
            Target::Node(node) if matches!(node.kind(), "call_expression" | "new_expression") => {
                self.instance_at(node, depth)
            }
            Target::Foreign(answer) => answer.instance,
            _ => None,
        }
    }

    fn binding_name(&self, binding: &Binding<'t>, depth: usize) -> Option<String> {
        match binding {
            Binding::Import(name) => Some(name.clone()),
            Binding::ModuleImport { specifier, export } => {
                let package = self.framework_package(specifier)?;
                match export {
                    Export::Named(member) => Some(format!("{package}.{member}")),
                    Export::Default | Export::Namespace => Some(package),
                }
            }
            Binding::Value(value) => self.qualified_name_at(*value, depth + 1),
            _ => None,
        }
    }

    /// `process`, `Bun`, `Deno`: globals a name may refer to without any binding in the file.
    fn global_name(&self, name: &str) -> Option<String> {
        GLOBALS.contains(&name).then(|| name.to_string())
    }

    fn branch_at(&self, path: &[Node<'t>], index: usize) -> Branch<'t> {
        let parent = path[index];
        match parent.kind() {
            "if_statement" | "ternary_expression" => parent
                .child_by_field_name("condition")
                .map_or(Branch::None, Branch::Condition),
            "function_declaration"
            | "function_expression"
            | "arrow_function"
            | "method_definition" => Branch::End,
            _ => Branch::None,
        }
    }

    fn env_read_node(&self, node: Node<'t>) -> Option<EnvRead> {
        match node.kind() {
            "member_expression" | "subscript_expression" => self.env_access(node),
            _ => None,
        }
    }

    fn name_shape(&self, expr: Node<'t>) -> NameShape<'t> {
        match expr.kind() {
            "identifier" => NameShape::Name,
            "member_expression" => NameShape::member(expr, "property"),
            "call_expression" => NameShape::Given(self.required_module(expr)),
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => expr
                .named_child(0)
                .map_or(NameShape::Given(None), NameShape::Inner),
            _ => NameShape::Given(None),
        }
    }

    fn file(&self) -> &FileState<'t, Scopes<'t>> {
        &self.file
    }
}

fn plain_string(text: &str, node: Node<'_>) -> Option<(String, Span)> {
    if !matches!(node.kind(), "string" | "template_string") {
        return None;
    }
    let mut content = String::new();
    for part in named_children(node) {
        match part.kind() {
            "string_fragment" | "escape_sequence" => content.push_str(&text[part.byte_range()]),
            _ => return None,
        }
    }
    let range = node.byte_range();
    let inner = if range.len() >= 2 {
        range.start + 1..range.end - 1
    } else {
        range
    };
    Some((content, inner))
}

/// The callee of a call, or the constructor of a `new`.
pub fn callee_of(call: Node<'_>) -> Option<Node<'_>> {
    call.child_by_field_name("function")
        .or_else(|| call.child_by_field_name("constructor"))
}

/// A function written as an expression: `() => ...`, `function () {}`.
fn is_function_node(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "arrow_function" | "function_expression" | "function" | "generator_function"
    )
}

/// The expressions a function body's `return` statements give, not counting nested functions
/// and classes.
fn returned_by_body(body: Node<'_>) -> Vec<Node<'_>> {
    let mut values = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "return_statement" => values.extend(node.named_child(0)),
            kind if is_function_scope(kind) || kind.starts_with("class") => {}
            _ => stack.extend(named_children(node)),
        }
    }
    values
}

/// Whether an import specifier names a file of the project (`./app`, `../lib/config.js`)
/// rather than a package.
fn is_relative(specifier: &str) -> bool {
    specifier.starts_with("./")
        || specifier.starts_with("../")
        || specifier == "."
        || specifier == ".."
}

/// `node:http` → `http`.
fn module_name(specifier: &str) -> String {
    specifier
        .strip_prefix("node:")
        .unwrap_or(specifier)
        .to_string()
}

fn parse_number(literal: &str) -> Option<i64> {
    let digits: String = literal.chars().filter(|c| *c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    if let Some(hex) = lower.strip_prefix("0x") {
        return i64::from_str_radix(hex, 16).ok();
    }
    if let Ok(value) = lower.parse::<i64>() {
        return Some(value);
    }
    let float: f64 = lower.parse().ok()?;
    (float.fract() == 0.0 && float.abs() < 1e15).then_some(float as i64)
}

struct EnvField<'t> {
    /// The local name it binds.
    local: Node<'t>,
    name: String,
    name_span: Span,
    default: Option<Node<'t>>,
    span: Span,
}

/// The fields of a destructuring pattern over an env object.
fn env_fields<'t>(text: &'t str, pattern: Node<'t>) -> Vec<EnvField<'t>> {
    let mut fields = Vec::new();
    for member in named_children(pattern) {
        match member.kind() {
            // `{ PORT }`
            "shorthand_property_identifier_pattern" => fields.push(EnvField {
                local: member,
                name: text[member.byte_range()].to_string(),
                name_span: member.byte_range(),
                default: None,
                span: member.byte_range(),
            }),
            // `{ PORT = 3000 }`
            "object_assignment_pattern" => {
                if let (Some(left), right) = (
                    member.child_by_field_name("left"),
                    member.child_by_field_name("right"),
                ) {
                    if left.kind() == "shorthand_property_identifier_pattern" {
                        fields.push(EnvField {
                            local: left,
                            name: text[left.byte_range()].to_string(),
                            name_span: left.byte_range(),
                            default: right,
                            span: member.byte_range(),
                        });
                    }
                }
            }
            // `{ PORT: port }`, `{ PORT: port = 3000 }`
            "pair_pattern" => {
                let Some((key, value)) = field_pair(member, "key", "value") else {
                    continue;
                };
                let (name, name_span) = match key.kind() {
                    "property_identifier" => (text[key.byte_range()].to_string(), key.byte_range()),
                    "string" => match plain_string(text, key) {
                        Some(found) => found,
                        None => continue,
                    },
                    _ => continue,
                };
                let (local, default) = match value.kind() {
                    "assignment_pattern" => (
                        value.child_by_field_name("left"),
                        value.child_by_field_name("right"),
                    ),
                    _ => (Some(value), None),
                };
                if let Some(local) = local.filter(|l| l.kind() == "identifier") {
                    fields.push(EnvField {
                        local,
                        name,
                        name_span,
                        default,
                        span: member.byte_range(),
                    });
                }
            }
            _ => {}
        }
    }
    fields
}

/// Every identifier a pattern binds (`a`, `{ a, b: c }`, `[a, ...rest]`, `a = 1`).
fn pattern_names<'t>(pattern: Node<'t>, out: &mut Vec<Node<'t>>) {
    let mut stack = vec![pattern];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => out.push(node),
            "assignment_pattern" | "object_assignment_pattern" => {
                stack.extend(node.child_by_field_name("left"))
            }
            "pair_pattern" => stack.extend(node.child_by_field_name("value")),
            "required_parameter" | "optional_parameter" => {
                stack.extend(node.child_by_field_name("pattern"))
            }
            "object_pattern" | "array_pattern" | "rest_pattern" | "formal_parameters" => {
                stack.extend(named_children(node))
            }
            _ => {}
        }
    }
}

fn is_function_scope(kind: &str) -> bool {
    matches!(
        kind,
        "program"
            | "function_declaration"
            | "function_expression"
            | "function"
            | "generator_function_declaration"
            | "generator_function"
            | "arrow_function"
            | "method_definition"
    )
}

fn is_block_scope(kind: &str) -> bool {
    is_function_scope(kind)
        || matches!(
            kind,
            "statement_block"
                | "for_statement"
                | "for_in_statement"
                | "switch_body"
                | "catch_clause"
                | "class_body"
        )
}

/// Two passes with an explicit stack: declarations first, then the assignments that add values
/// to whichever declaration they reach.
fn build_scopes<'t>(text: &'t str, root: Node<'t>) -> Scopes<'t> {
    let mut scopes = Scopes::default();
    let mut assignments = Vec::new();
    // Each node travels with the nearest function scope (where `var` and `function` bind) and
    // the nearest block scope (where `let`, `const` and `class` bind) around it.
    let mut stack = vec![(root, root, root)];
    while let Some((node, function_scope, block_scope)) = stack.pop() {
        match node.kind() {
            "variable_declarator" => {
                declare_variable(&mut scopes, text, node, function_scope, block_scope)
            }
            "function_declaration" | "generator_function_declaration" | "class_declaration" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let (scope, binding) = if node.kind() == "class_declaration" {
                        (block_scope, Binding::Opaque)
                    } else {
                        (function_scope, Binding::Function(node))
                    };
                    scopes.bind(scope, text, name, binding);
                }
                declare_parameters(&mut scopes, text, node);
            }
            "function_expression"
            | "function"
            | "generator_function"
            | "arrow_function"
            | "method_definition" => {
                declare_parameters(&mut scopes, text, node);
            }
            "catch_clause" => {
                if let Some(parameter) = node.child_by_field_name("parameter") {
                    let mut names = Vec::new();
                    pattern_names(parameter, &mut names);
                    for name in names {
                        scopes.bind(node, text, name, Binding::Opaque);
                    }
                }
            }
            "import_statement" => declare_import(&mut scopes, text, root, node),
            "assignment_expression" | "augmented_assignment_expression" | "update_expression" => {
                assignments.push(node)
            }
            _ => {}
        }
        let kind = node.kind();
        let inner_function = if is_function_scope(kind) {
            node
        } else {
            function_scope
        };
        let inner_block = if is_block_scope(kind) {
            node
        } else {
            block_scope
        };
        stack.extend(named_children(node).map(|child| (child, inner_function, inner_block)));
    }
    for node in assignments {
        let (target, binding) = match node.kind() {
            "assignment_expression" => (
                node.child_by_field_name("left"),
                node.child_by_field_name("right").map(Binding::Value),
            ),
            "augmented_assignment_expression" => {
                (node.child_by_field_name("left"), Some(Binding::Opaque))
            }
            _ => (node.child_by_field_name("argument"), Some(Binding::Opaque)),
        };
        let (Some(target), Some(binding)) = (target, binding) else {
            continue;
        };
        if target.kind() != "identifier" {
            continue;
        }
        let name = &text[target.byte_range()];
        let scope = ancestors(root, target)
            .into_iter()
            .find(|candidate| scopes.get(candidate.id(), name).is_some())
            .unwrap_or(root);
        scopes.bind(scope, text, target, binding);
    }
    scopes
}

fn declare_variable<'t>(
    scopes: &mut Scopes<'t>,
    text: &'t str,
    declarator: Node<'t>,
    function_scope: Node<'t>,
    block_scope: Node<'t>,
) {
    let Some(name) = declarator.child_by_field_name("name") else {
        return;
    };
    let value = declarator.child_by_field_name("value");
    let is_var = declarator
        .parent()
        .is_some_and(|p| p.kind() == "variable_declaration");
    let scope = if is_var { function_scope } else { block_scope };
    if name.kind() == "identifier" {
        match value {
            Some(value) => scopes.bind(scope, text, name, Binding::Value(value)),
            // `let port;`: declared here; later assignments give it values.
            None => {
                scopes.entry(scope.id(), &text[name.byte_range()]);
            }
        }
        return;
    }
    let value_text: Option<String> = value.map(|v| {
        text[v.byte_range()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    });
    if name.kind() == "object_pattern"
        && matches!(value_text.as_deref(), Some("process.env" | "Bun.env"))
    {
        for field in env_fields(text, name) {
            let binding = Binding::EnvField {
                name: field.name,
                name_span: field.name_span,
                default: field.default,
                span: field.span,
            };
            scopes.bind(scope, text, field.local, binding);
        }
        return;
    }
    // `const { createServer } = require("http")`
    let required = value.and_then(|v| {
        let callee = v.child_by_field_name("function")?;
        (v.kind() == "call_expression" && &text[callee.byte_range()] == "require").then_some(v)?;
        let module = v.child_by_field_name("arguments")?.named_child(0)?;
        plain_string(text, module).map(|(m, _)| module_name(&m))
    });
    let mut names = Vec::new();
    pattern_names(name, &mut names);
    for local in names {
        let binding = match (&required, name.kind()) {
            (Some(module), "object_pattern") => imported_field(text, local, module),
            _ => Binding::Opaque,
        };
        scopes.bind(scope, text, local, binding);
    }
}

/// In `const { a, b: c } = require("m")`, the binding of `local`: `m.a` or `m.b`.
fn imported_field<'t>(text: &'t str, local: Node<'t>, module: &str) -> Binding<'t> {
    let parent = local.parent();
    let key = match parent {
        Some(pair) if pair.kind() == "pair_pattern" => pair
            .child_by_field_name("key")
            .map(|k| &text[k.byte_range()]),
        _ => Some(&text[local.byte_range()]),
    };
    match key {
        Some(key) if is_relative(module) => Binding::ModuleImport {
            specifier: module.to_string(),
            export: Export::Named(key.to_string()),
        },
        Some(key) => Binding::Import(format!("{module}.{key}")),
        None => Binding::Opaque,
    }
}

fn declare_parameters<'t>(scopes: &mut Scopes<'t>, text: &'t str, function: Node<'t>) {
    let parameters = function
        .child_by_field_name("parameters")
        .or_else(|| function.child_by_field_name("parameter"));
    if let Some(parameters) = parameters {
        let mut names = Vec::new();
        pattern_names(parameters, &mut names);
        for name in names {
            scopes.bind(function, text, name, Binding::Opaque);
        }
    }
}

fn declare_import<'t>(scopes: &mut Scopes<'t>, text: &'t str, root: Node<'t>, import: Node<'t>) {
    let Some(module) = import
        .child_by_field_name("source")
        .and_then(|s| plain_string(text, s))
        .map(|(m, _)| module_name(&m))
    else {
        return;
    };
    let relative = is_relative(&module);
    let project_binding = |export: Export| Binding::ModuleImport {
        specifier: module.clone(),
        export,
    };
    for clause in named_children(import).filter(|n| n.kind() == "import_clause") {
        for part in named_children(clause) {
            match part.kind() {
                "identifier" if relative => {
                    scopes.bind(root, text, part, project_binding(Export::Default))
                }
                "namespace_import" if relative => {
                    if let Some(name) = part.named_child(0) {
                        scopes.bind(root, text, name, project_binding(Export::Namespace));
                    }
                }
                "named_imports" if relative => {
                    for specifier in named_children(part).filter(|s| s.kind() == "import_specifier")
                    {
                        let Some(name) = specifier.child_by_field_name("name") else {
                            continue;
                        };
                        let local = specifier.child_by_field_name("alias").unwrap_or(name);
                        let export = match &text[name.byte_range()] {
                            "default" => Export::Default,
                            imported => Export::Named(imported.to_string()),
                        };
                        scopes.bind(root, text, local, project_binding(export));
                    }
                }
                // `import express from "express"`: the default export is the module's factory.
                "identifier" => scopes.bind(root, text, part, Binding::Import(module.clone())),
                "namespace_import" => {
                    if let Some(name) = part.named_child(0) {
                        scopes.bind(root, text, name, Binding::Import(module.clone()));
                    }
                }
                "named_imports" => {
                    for specifier in named_children(part).filter(|s| s.kind() == "import_specifier")
                    {
                        let Some(name) = specifier.child_by_field_name("name") else {
                            continue;
                        };
                        let local = specifier.child_by_field_name("alias").unwrap_or(name);
                        let imported = &text[name.byte_range()];
                        let qualified = if imported == "default" {
                            module.clone()
                        } else {
                            format!("{module}.{imported}")
                        };
                        scopes.bind(root, text, local, Binding::Import(qualified));
                    }
                }
                _ => {}
            }
        }
    }
}
