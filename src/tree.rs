//! tree-sitter, at the bottom of the ladder: the grammars bindlint parses with, one parser per
//! thread and grammar, and the node helpers every front end and resolver shares. It imports
//! nothing of bindlint's, so anything may use it.

use tree_sitter::{Node, Tree};

/// The tree-sitter grammars bindlint parses with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Grammar {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Json,
}

impl Grammar {
    const COUNT: usize = 5;

    pub fn language(self) -> tree_sitter::Language {
        match self {
            Grammar::Python => tree_sitter_python::LANGUAGE.into(),
            Grammar::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Grammar::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Grammar::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Grammar::Json => tree_sitter_json::LANGUAGE.into(),
        }
    }
}

thread_local! {
    /// One parser per thread and grammar, made on first use: a run over Python files never
    /// sets up the TypeScript parser.
    static PARSERS: std::cell::RefCell<[Option<tree_sitter::Parser>; Grammar::COUNT]> =
        const { std::cell::RefCell::new([None, None, None, None, None]) };
}

/// Parses `text` with `grammar`. `None` only if tree-sitter gives up, which the caller reports.
pub fn parse(grammar: Grammar, text: &str) -> Option<Tree> {
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let parser = parsers[grammar as usize].get_or_insert_with(|| {
            let mut parser = tree_sitter::Parser::new();
            parser
                .set_language(&grammar.language())
                .expect("the grammars are built for this tree-sitter version");
            parser
        });
        parser.parse(text, None)
    })
}

/// Where tree-sitter first had to recover from a syntax error, if it did (a byte offset).
pub fn first_error(tree: &Tree) -> Option<usize> {
    let root = tree.root_node();
    if !root.has_error() {
        return None;
    }
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            return Some(node.start_byte());
        }
        if node.has_error() {
            let mut children: Vec<_> = (0..node.child_count())
                .filter_map(|i| node.child(i))
                .collect();
            children.reverse();
            stack.extend(children);
        }
    }
    None
}

/// How many error and missing nodes a tree has.
pub fn error_count(tree: &Tree) -> usize {
    let mut count = 0;
    let mut stack = vec![tree.root_node()];
    while let Some(node) = stack.pop() {
        if node.is_error() || node.is_missing() {
            count += 1;
        } else if node.has_error() {
            stack.extend((0..node.child_count()).filter_map(|i| node.child(i)));
        }
    }
    count
}

/// The ancestors of `node` under `root`, innermost first (`node` itself excluded).
///
/// `Node::parent` descends from the root on every call, so walking up with it costs the depth
/// squared; this is one descent. Resolution runs it for every lookup, which matters in the
/// large generated files that pass the prefilter.
pub fn ancestors<'t>(root: Node<'t>, node: Node<'t>) -> Vec<Node<'t>> {
    let mut path = Vec::new();
    let mut current = root;
    while current.id() != node.id() {
        path.push(current);
        match current.child_with_descendant(node) {
            Some(next) => current = next,
            None => break,
        }
    }
    path.reverse();
    path
}

/// The children of `node` in the fields `first` and `second` (`key` and `value`, `left` and
/// `right`), when it has both.
pub fn field_pair<'t>(node: Node<'t>, first: &str, second: &str) -> Option<(Node<'t>, Node<'t>)> {
    Some((
        node.child_by_field_name(first)?,
        node.child_by_field_name(second)?,
    ))
}

/// The named children of `node`, with a cursor: `Node::named_child(i)` counts from the first
/// child on every call, which is quadratic over a module of thousands of statements.
pub fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let mut cursor = node.walk();
    let children: Vec<Node<'t>> = node.named_children(&mut cursor).collect();
    children.into_iter()
}
