//! The evaluation every language shares, written once: what an expression may evaluate to
//! ([`Language::values`]), what a name or access path leads to ([`Language::targets`]), which
//! instance an expression holds ([`Language::instance`]) and the qualified name it refers to
//! ([`Language::qualified_name`]), within one step budget.
//!
//! A language supplies only its syntax, through the required methods of [`Language`]: how its
//! expressions map onto the shared [`Shape`]s and [`Path`]s, its scopes and binding forms
//! ([`Language::lookup`], [`Language::bound`]), its literals and env-read shapes. Everything the provided methods do is the same for every language; adding one means
//! implementing the required methods (see the README's "Adding a language").

use tree_sitter::Node;

use std::cell::OnceCell;
use std::collections::HashMap;
use std::sync::Arc;

use super::imports::Imports;
use super::{merge_fallback, Budget, Callee, EnvRead, Instance, Value, MAX_DEPTH};
use crate::source::{OtherFile, Span};
use crate::tree::{ancestors, field_pair, named_children};

/// What an expression is to evaluation, in terms every language shares.
pub(crate) enum Shape<'t> {
    /// A string literal: its text when it is plain (no interpolation), unknown otherwise.
    Str,
    /// A number literal, parsed (`None`: a literal the parser does not take, such as `1e400`).
    Int(Option<i64>),
    /// `None`, `null`, `undefined`: the API's default applies.
    Null,
    /// The same value as the inner expression (parentheses, `as`, `satisfies`, `!`).
    Inner(Node<'t>),
    /// Either branch's value (`a if c else b`, `c ? a : b`).
    Either(Node<'t>, Node<'t>),
    /// `left or right`, `left || right`, `left ?? right`: the right side is a fallback.
    Fallback(Node<'t>, Node<'t>),
    /// A conversion to an integer of the inner expression (`int(x)`, `Number(x)`, `+x`).
    ToInt(Node<'t>),
    /// A conversion to a string of the inner expression (`str(x)`, `String(x)`).
    ToStr(Node<'t>),
    /// A read of the environment.
    Env(EnvRead),
    /// A name or an access chain: the values of what [`Language::targets`] leads to.
    Follow,
    /// A call: the values of what [`Language::call_targets`] leads to.
    Call,
    Unknown,
}

/// What an expression is to an access path: how [`Language::targets`] walks through it.
pub(crate) enum Path<'t> {
    /// A name: what its bindings lead to where it stands.
    Name,
    /// One more step on the inner expression (`x.name`, `x["name"]`, `f()`).
    Step(Node<'t>, Step),
    /// The same as the inner expression (parentheses, `await`, type assertions).
    Inner(Node<'t>),
    /// A dict or object literal: a member step reads its entry ([`Language::literal_entry`]).
    Literal,
    /// A function written as an expression: a call step gives its `return`s.
    Function,
    /// A value in itself: the expression, when nothing is left to follow.
    Value,
    /// What the language followed itself (a module a `require(...)` names).
    Targets(Vec<Target<'t>>),
    Unknown,
}

/// What a binding is to an access path.
pub(crate) enum Bound<'t> {
    /// `name = <expr>`: what the expression leads to.
    Value(Node<'t>),
    /// A function definition: a call gives what its `return`s lead to.
    Function(Node<'t>),
    /// What the language followed itself (an import, a class, an env field), or nothing.
    Targets(Vec<Target<'t>>),
}

/// Where the instance an expression holds comes from.
pub(crate) enum Creation<'t> {
    /// The expression creates it, or tells that nothing does.
    Known(Option<Instance>),
    /// The instance of what these targets hold, when they all hold one of the same type.
    Follow(Vec<Target<'t>>),
}

/// What a resolver holds of its file, the same in every language: the text and tree, the
/// language's scopes (`S`, built on first use: most files never ask), the step budget of the
/// current resolution, and the project's other modules when the file is linted as part of one.
pub(crate) struct FileState<'t, S> {
    pub text: &'t str,
    pub root: Node<'t>,
    scopes: OnceCell<S>,
    pub budget: Budget,
    pub imports: Option<&'t Imports<'t>>,
}

impl<'t, S> FileState<'t, S> {
    pub fn new(text: &'t str, root: Node<'t>, imports: Option<&'t Imports<'t>>) -> Self {
        FileState {
            text,
            root,
            scopes: OnceCell::new(),
            budget: Budget::default(),
            imports,
        }
    }

    /// The file's scopes, built by `build` from the text and tree on first use.
    pub fn scopes(&self, build: impl FnOnce(&'t str, Node<'t>) -> S) -> &S {
        self.scopes.get_or_init(|| build(self.text, self.root))
    }
}

/// The bindings of a file's names, per name and scope (by the scope node's id). Keyed by the
/// name first, so a name from anywhere (an access path's member, `settings.PORT`) is looked up
/// as well as one from the tree.
pub(crate) struct Bindings<'t, B> {
    map: HashMap<&'t str, HashMap<usize, Vec<B>>>,
}

impl<B> Default for Bindings<'_, B> {
    fn default() -> Self {
        Bindings {
            map: HashMap::new(),
        }
    }
}

impl<'t, B> Bindings<'t, B> {
    /// The bindings of `name` in `scope`.
    pub fn get(&self, scope: usize, name: &str) -> Option<&[B]> {
        self.map.get(name)?.get(&scope).map(Vec::as_slice)
    }

    /// Binds the name `name` stands for (in `text`) in `scope`.
    pub fn bind(&mut self, scope: Node<'t>, text: &'t str, name: Node<'t>, binding: B) {
        self.entry(scope.id(), &text[name.byte_range()])
            .push(binding);
    }

    pub fn entry(&mut self, scope: usize, name: &'t str) -> &mut Vec<B> {
        self.map.entry(name).or_default().entry(scope).or_default()
    }

    pub fn remove(&mut self, scope: usize, name: &str) -> Option<Vec<B>> {
        self.map.get_mut(name)?.remove(&scope)
    }

    /// Every name's bindings in every scope.
    pub fn all_mut(&mut self) -> impl Iterator<Item = &mut Vec<B>> {
        self.map.values_mut().flat_map(HashMap::values_mut)
    }
}

/// One language's name resolution. The required methods are the language's syntax; the
/// provided ones are the evaluation every language shares.
pub(crate) trait Language<'t> {
    /// What one assignment, import or definition binds a name to, in this language.
    type Binding;
    /// The language's scopes of one file.
    type Scopes;

    // ----- what a language supplies --------------------------------------------------------

    /// The resolver's file.
    fn file(&self) -> &FileState<'t, Self::Scopes>;
    /// The bindings `name` has where `at` stands, by the language's scoping rules; empty for a
    /// global, builtin or undefined name.
    fn lookup(&self, name: &'t str, at: Node<'t>) -> &[Self::Binding];
    /// What `expr` is to evaluation. `depth` is where the evaluation stands (an env read
    /// evaluates its default one level deeper).
    fn value_shape(&self, expr: Node<'t>, depth: usize) -> Shape<'t>;
    /// What `expr` is to an access path, with `steps` left to follow after it.
    fn path_shape(&self, expr: Node<'t>, steps: &[Step]) -> Path<'t>;
    /// The value of entry `key` of a dict or object literal, when the literal shows it.
    fn literal_entry(&self, literal: Node<'t>, key: &str) -> Option<Node<'t>>;
    /// The expressions a function's `return`s (or an arrow function's body) give.
    fn returned_values(&self, function: Node<'t>) -> Vec<Node<'t>>;
    /// What `binding` is to an access path with `steps` left to follow after it (at `depth`).
    fn bound(&self, binding: &Self::Binding, steps: &[Step], depth: usize) -> Bound<'t>;
    /// What calling `call`'s callee gives.
    fn call_targets(&self, call: Node<'t>, depth: usize) -> Vec<Target<'t>>;
    /// The text of a string literal without interpolations, and the span of its content.
    fn plain_string(&self, node: Node<'t>) -> Option<(String, Span)>;
    /// Where the instance `expr` holds comes from: a known class or factory it calls
    /// ([`Creation::Known`]), or what it leads to ([`Creation::Follow`]).
    fn creation(&self, expr: Node<'t>, depth: usize) -> Creation<'t>;
    /// The instance a target holds (an instance of a project class takes its base's type).
    fn target_instance(&self, target: Target<'t>, depth: usize) -> Option<Instance>;
    /// The qualified name a binding gives the name it binds (an import's module path, an
    /// alias's), at `depth`.
    fn binding_name(&self, binding: &Self::Binding, depth: usize) -> Option<String>;
    /// The qualified name of a name with no binding (a global such as `process`).
    fn global_name(&self, name: &str) -> Option<String>;
    /// How `expr` builds a qualified name.
    fn name_shape(&self, expr: Node<'t>) -> NameShape<'t>;
    /// What `path[index]`, an ancestor of a node (`path` runs from its parent outward), is to
    /// the branches that node runs on: a branch with its condition, the end of the search (a
    /// function or class boundary), or neither.
    fn branch_at(&self, path: &[Node<'t>], index: usize) -> Branch<'t>;
    /// The env read `node` is in itself, when the language writes one as a single node
    /// (`process.env.PORT`); `None` where reads are calls whose key is a string literal.
    fn env_read_node(&self, node: Node<'t>) -> Option<EnvRead>;

    // ----- what every language shares ------------------------------------------------------

    /// The file's text.
    fn text(&self) -> &'t str {
        self.file().text
    }

    /// The root of the file's tree.
    fn root(&self) -> Node<'t> {
        self.file().root
    }

    /// The bindings the name node `name` has where it stands.
    fn bindings_of(&self, name: Node<'t>) -> &[Self::Binding] {
        self.lookup(self.text_of(name), name)
    }

    fn text_of(&self, node: Node<'t>) -> &'t str {
        &self.text()[node.byte_range()]
    }

    /// Whether `expr` is the global or builtin `name` (written so, and bound by nothing).
    fn is_free(&self, expr: Node<'t>, name: &str) -> bool {
        expr.kind() == "identifier"
            && self.text_of(expr) == name
            && self.bindings_of(expr).is_empty()
    }

    /// What the conditions of the branches `node` runs on mention, up to its function: the
    /// environment variables they read and the strings they name (`if "PORT" in os.environ:`,
    /// `if port:` where `port = os.getenv("PORT")`, `process.env.PORT ? a : b`). Empty when it
    /// runs unconditionally. Whether such a branch is a local-development fallback is the
    /// rules' call.
    fn branch_mentions(&self, node: Node<'t>) -> Vec<String> {
        let path = ancestors(self.root(), node);
        let mut mentions = Vec::new();
        let mut child = node;
        for (index, &parent) in path.iter().enumerate() {
            match self.branch_at(&path, index) {
                Branch::End => break,
                Branch::Condition(condition) if condition.id() != child.id() => {
                    self.condition_mentions(condition, &mut mentions);
                }
                Branch::Condition(_) | Branch::None => {}
            }
            child = parent;
        }
        mentions
    }

    /// The env variables `condition` reads and the strings it names, looking at its first 256
    /// nodes (a condition is short; generated code must not make this walk long).
    fn condition_mentions(&self, condition: Node<'t>, out: &mut Vec<String>) {
        let mut stack = vec![condition];
        let mut visited = 0;
        while let Some(node) = stack.pop() {
            visited += 1;
            if visited > 256 {
                return;
            }
            if let Some(read) = self.env_read_node(node) {
                out.push(read.name);
            }
            if let Some((text, _)) = self.plain_string(node) {
                out.push(text);
                continue;
            }
            if node.kind() == "identifier" {
                for value in self.values(node) {
                    if let Value::Env(read) = value {
                        env_names(&read, out);
                    }
                }
                continue;
            }
            stack.extend(named_children(node));
        }
    }

    /// Every value `expr` may have.
    fn values(&self, expr: Node<'t>) -> Vec<Value> {
        self.file().budget.refill();
        self.values_at(expr, 0)
    }

    /// The values of `expr`, evaluated at `depth` of the current resolution.
    fn values_at(&self, expr: Node<'t>, depth: usize) -> Vec<Value> {
        let mut out = Vec::new();
        self.collect_values(expr, depth, &mut out);
        out
    }

    fn collect_values(&self, expr: Node<'t>, depth: usize, out: &mut Vec<Value>) {
        if !self.file().budget.spend(depth) {
            out.push(Value::Unknown);
            return;
        }
        match self.value_shape(expr, depth) {
            Shape::Str => out.push(match self.plain_string(expr) {
                Some((text, _)) => Value::Str {
                    text,
                    span: expr.byte_range(),
                },
                None => Value::Unknown,
            }),
            Shape::Int(parsed) => out.push(match parsed {
                Some(value) => Value::Int {
                    value,
                    span: expr.byte_range(),
                },
                None => Value::Unknown,
            }),
            Shape::Null => out.push(Value::Null),
            Shape::Inner(inner) | Shape::ToStr(inner) => self.collect_values(inner, depth + 1, out),
            Shape::Either(then, otherwise) => {
                self.collect_values(then, depth + 1, out);
                self.collect_values(otherwise, depth + 1, out);
            }
            Shape::Fallback(left, right) => {
                let left_values = self.values_at(left, depth + 1);
                let right_values = self.values_at(right, depth + 1);
                merge_fallback(left_values, &right_values, &expr.byte_range(), out);
            }
            Shape::ToInt(inner) => out.extend(
                self.values_at(inner, depth + 1)
                    .into_iter()
                    .map(Value::into_int),
            ),
            Shape::Env(read) => out.push(Value::Env(read)),
            Shape::Follow => {
                let targets = self.targets(expr, &[], depth + 1);
                self.collect_values_of(targets, depth, out);
            }
            Shape::Call => {
                let targets = self.call_targets(expr, depth + 1);
                self.collect_values_of(targets, depth, out);
            }
            Shape::Unknown => out.push(Value::Unknown),
        }
    }

    /// The values `targets` give, each expression evaluated one level deeper.
    fn collect_values_of(&self, targets: Vec<Target<'t>>, depth: usize, out: &mut Vec<Value>) {
        Target::collect_values(targets, out, |node, out| {
            self.collect_values(node, depth + 1, out)
        });
    }

    /// What `expr` leads to once `steps` are followed: names and their bindings, member and
    /// attribute chains, dict and object literals, functions' `return`s, and whatever the
    /// language follows itself (classes, other modules).
    fn targets(&self, expr: Node<'t>, steps: &[Step], depth: usize) -> Vec<Target<'t>> {
        if !self.file().budget.spend(depth) {
            return vec![Target::Unknown];
        }
        match self.path_shape(expr, steps) {
            Path::Name => {
                let bindings = self.bindings_of(expr);
                if bindings.is_empty() {
                    return vec![Target::Unknown];
                }
                bindings
                    .iter()
                    .flat_map(|binding| self.binding_targets(binding, steps, depth + 1))
                    .collect()
            }
            Path::Step(inner, step) => {
                let mut path = vec![step];
                path.extend_from_slice(steps);
                self.targets(inner, &path, depth + 1)
            }
            Path::Inner(inner) => self.targets(inner, steps, depth + 1),
            Path::Literal => match steps.split_first() {
                None => vec![Target::Node(expr)],
                Some((Step::Member(key), rest)) => match self.literal_entry(expr, key) {
                    Some(value) => self.targets(value, rest, depth + 1),
                    None => vec![Target::Unknown],
                },
                Some((Step::Call, _)) => vec![Target::Unknown],
            },
            Path::Function => match steps.split_first() {
                Some((Step::Call, rest)) => self.returns_targets(expr, rest, depth + 1),
                _ => vec![Target::Unknown],
            },
            Path::Value if steps.is_empty() => vec![Target::Node(expr)],
            Path::Value | Path::Unknown => vec![Target::Unknown],
            Path::Targets(targets) => targets,
        }
    }

    /// What `binding`, followed along `steps`, leads to.
    fn binding_targets(
        &self,
        binding: &Self::Binding,
        steps: &[Step],
        depth: usize,
    ) -> Vec<Target<'t>> {
        match self.bound(binding, steps, depth) {
            Bound::Value(value) => self.targets(value, steps, depth),
            Bound::Function(function) => match steps.split_first() {
                Some((Step::Call, rest)) => self.returns_targets(function, rest, depth),
                _ => vec![Target::Unknown],
            },
            Bound::Targets(targets) => targets,
        }
    }

    /// The operator and operands of a binary expression (`a or b`, `a || b`): the grammars
    /// name them `operator`, `left` and `right`.
    fn binary_parts(&self, expr: Node<'t>) -> Option<(&'t str, Node<'t>, Node<'t>)> {
        Some((
            self.text_of(expr.child_by_field_name("operator")?),
            expr.child_by_field_name("left")?,
            expr.child_by_field_name("right")?,
        ))
    }

    /// What a function's `return`s lead to once `steps` are followed.
    fn returns_targets(&self, function: Node<'t>, steps: &[Step], depth: usize) -> Vec<Target<'t>> {
        let returned = self.returned_values(function);
        if returned.is_empty() {
            return vec![Target::Unknown];
        }
        returned
            .into_iter()
            .flat_map(|value| self.targets(value, steps, depth))
            .collect()
    }

    /// The instance `expr` holds, and where it was created: a call of a known class or
    /// factory, or what a name, a function's `return` or another module leads to.
    fn instance(&self, expr: Node<'t>) -> Option<Instance> {
        self.file().budget.refill();
        self.instance_at(expr, 0)
    }

    /// The canonical type (a key of the catalogue's type tables) of the instance `expr` holds.
    fn instance_type(&self, expr: Node<'t>) -> Option<&'static str> {
        self.instance(expr).map(|instance| instance.type_name)
    }

    fn instance_at(&self, expr: Node<'t>, depth: usize) -> Option<Instance> {
        if !self.file().budget.spend(depth) {
            return None;
        }
        match self.creation(expr, depth) {
            Creation::Known(instance) => instance,
            Creation::Follow(targets) => same_instance(
                targets
                    .into_iter()
                    .map(|target| self.target_instance(target, depth + 1)),
            ),
        }
    }

    /// What another module is told `targets` are: their values and the instance they hold.
    fn answer_of(&self, targets: Vec<Target<'t>>) -> Answer {
        Answer::of(
            targets,
            |node| (self.values(node), self.instance(node)),
            |target| self.target_instance(target, 1),
        )
    }

    /// What a call (or `new`) invokes: a method on an instance of a known type
    /// (`flask.Flask.run`, `express.Application.listen`), or a function or class reached through
    /// imports (`uvicorn.run`, `Bun.serve`).
    fn callee(&self, call: Node<'t>) -> Option<Callee> {
        let callee = call
            .child_by_field_name("function")
            .or_else(|| call.child_by_field_name("constructor"))?;
        if let NameShape::Member(object, method) = self.name_shape(callee) {
            if let Some(receiver) = self.instance(object) {
                return Some(Callee {
                    name: format!("{}.{}", receiver.type_name, self.text_of(method)),
                    receiver: Some(receiver),
                });
            }
        }
        Some(Callee {
            name: self.qualified_name(callee)?,
            receiver: None,
        })
    }

    /// The module-qualified name an expression refers to through the file's imports
    /// (`web.run_app` after `from aiohttp import web` is `aiohttp.web.run_app`).
    fn qualified_name(&self, expr: Node<'t>) -> Option<String> {
        self.qualified_name_at(expr, 0)
    }

    fn qualified_name_at(&self, expr: Node<'t>, depth: usize) -> Option<String> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.name_shape(expr) {
            NameShape::Name => {
                let bindings = self.bindings_of(expr);
                if bindings.is_empty() {
                    return self.global_name(self.text_of(expr));
                }
                let mut names = bindings
                    .iter()
                    .map(|binding| self.binding_name(binding, depth));
                let first = names.next()??;
                names.all(|n| n.as_ref() == Some(&first)).then_some(first)
            }
            NameShape::Member(object, member) => {
                let base = self.qualified_name_at(object, depth + 1)?;
                Some(format!("{base}.{}", self.text_of(member)))
            }
            NameShape::Inner(inner) => self.qualified_name_at(inner, depth + 1),
            NameShape::Given(name) => name,
        }
    }
}

/// What an ancestor of a node is to the branches that node runs on.
pub(crate) enum Branch<'t> {
    /// A branch chosen by this condition (`if`, `elif`, `while`, a conditional expression).
    Condition(Node<'t>),
    /// A function or class boundary: what encloses it decides nothing about this node.
    End,
    None,
}

/// The variable an env read names, and those its fallbacks read (`APP_PORT or PORT`).
fn env_names(read: &EnvRead, out: &mut Vec<String>) {
    out.push(read.name.clone());
    for fallback in &read.fallback {
        if let Value::Env(inner) = fallback {
            env_names(inner, out);
        }
    }
}

/// How an expression builds a qualified name.
pub(crate) enum NameShape<'t> {
    /// A name: what its bindings name.
    Name,
    /// `object.member`: the object's name and the member.
    Member(Node<'t>, Node<'t>),
    /// The inner expression's name (parentheses, type assertions).
    Inner(Node<'t>),
    /// What the language worked out itself (`require("node:http")` is `http`), or nothing.
    Given(Option<String>),
}

impl<'t> NameShape<'t> {
    /// `object.member`, where the grammar names the member's field `member_field`
    /// (`attribute` in Python, `property` in JavaScript).
    pub fn member(expr: Node<'t>, member_field: &str) -> NameShape<'t> {
        field_pair(expr, "object", member_field)
            .map_or(NameShape::Given(None), |(object, member)| {
                NameShape::Member(object, member)
            })
    }
}

/// The instance every candidate holds, when they all hold one of the same type (the first's,
/// with its place); `None` when one holds none, or two differ.
pub(crate) fn same_instance(
    mut instances: impl Iterator<Item = Option<Instance>>,
) -> Option<Instance> {
    let first = instances.next()??;
    instances
        .all(|other| other.is_some_and(|o| o.type_name == first.type_name))
        .then_some(first)
}

/// One step of an access path: `.name` (or `["name"]`), or a call `()`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Step {
    Member(String),
    Call,
}

/// What an expression, followed along an access path, leads to.
#[derive(Debug)]
pub(crate) enum Target<'t> {
    /// An expression of this module, with nothing left to follow.
    Node(tree_sitter::Node<'t>),
    /// An instance of a class defined in this module (`Settings()`, Python).
    ClassInstance(tree_sitter::Node<'t>),
    /// A field of a pydantic `BaseSettings` instance: the environment variable it reads.
    Env(EnvRead),
    /// What another module of the project answered.
    Foreign(Answer),
    Unknown,
}

impl<'t> Target<'t> {
    /// The values `targets` give: each expression evaluated by `evaluate`, an env read and
    /// another module's answer as they are, anything else unknown (and no target at all is
    /// unknown too). Both resolvers end their walks here.
    pub(crate) fn collect_values(
        targets: Vec<Target<'t>>,
        out: &mut Vec<Value>,
        mut evaluate: impl FnMut(tree_sitter::Node<'t>, &mut Vec<Value>),
    ) {
        if targets.is_empty() {
            out.push(Value::Unknown);
        }
        for target in targets {
            match target {
                // Nothing left to follow: an expression to evaluate.
                Target::Node(node) => evaluate(node, out),
                Target::Env(read) => out.push(Value::Env(read)),
                Target::Foreign(answer) => out.extend(answer.values),
                Target::ClassInstance(_) | Target::Unknown => out.push(Value::Unknown),
            }
        }
    }
}

/// What another module says a name is, in owned form: its values, or the instance it holds.
#[derive(Debug, Default)]
pub(crate) struct Answer {
    pub values: Vec<Value>,
    pub instance: Option<Instance>,
    /// It is an instance of a class the project defines (whatever its methods do).
    pub class_instance: bool,
}

impl Answer {
    /// The answer `targets` give, for another module: their values, and the instance they hold
    /// when every target holds one of the same type. `evaluate` gives an expression's values
    /// and instance; `class_instance` the instance of a project class (Python).
    pub fn of<'t>(
        targets: Vec<Target<'t>>,
        mut evaluate: impl FnMut(tree_sitter::Node<'t>) -> (Vec<Value>, Option<Instance>),
        mut class_instance: impl FnMut(Target<'t>) -> Option<Instance>,
    ) -> Answer {
        let mut answer = Answer::default();
        let mut instances = Vec::new();
        for target in targets {
            match target {
                Target::Node(node) => {
                    let (values, instance) = evaluate(node);
                    answer.values.extend(values);
                    instances.push(instance);
                }
                Target::Env(read) => {
                    answer.values.push(Value::Env(read));
                    instances.push(None);
                }
                Target::Foreign(inner) => {
                    answer.values.extend(inner.values);
                    instances.push(inner.instance);
                }
                target @ Target::ClassInstance(_) => {
                    answer.values.push(Value::Unknown);
                    answer.class_instance = true;
                    instances.push(class_instance(target));
                }
                Target::Unknown => {
                    answer.values.push(Value::Unknown);
                    instances.push(None);
                }
            }
        }
        answer.instance = same_instance(instances.into_iter());
        answer
    }

    /// The answer as found in `file`, another module: its values and instance are placed there.
    pub fn in_file(self, file: &Arc<OtherFile>) -> Answer {
        Answer {
            values: self.values.into_iter().map(|v| v.in_file(file)).collect(),
            instance: self.instance.map(|i| i.in_file(file)),
            class_instance: self.class_instance,
        }
    }
}
