//! What an argument evaluates to, as far as a careful reader of one file can tell.
//!
//! Resolution is flow-insensitive and conservative: a name yields every value any of its
//! assignments in scope could give it, and anything that cannot be followed within the file is
//! [`Value::Unknown`]. Rules only report when *every* candidate value is wrong, so an unknown
//! candidate, or a correct one on another branch, keeps them silent. The value model is shared
//! by every language; each language's module builds it from its own syntax.

pub mod bind;
pub(crate) mod eval;
pub mod imports;
pub mod javascript;
pub mod python;

use std::sync::Arc;

use crate::source::{OtherFile, Span};

/// One value an expression may have at run time.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A string literal, or a constant that holds one. `span` is the literal itself.
    Str { text: String, span: Span },
    /// An integer literal, or a constant that holds one.
    Int { value: i64, span: Span },
    /// `None` / `null` / `undefined`: the API's default applies.
    Null,
    /// A read of an environment variable.
    Env(EnvRead),
    /// Something the file does not tell (an import, a call's result, a parameter...).
    Unknown,
    /// A value found in another module of the project (`from settings import PORT`): its spans
    /// are in that file's text, so no fix may edit them here.
    Foreign(Box<Value>, Arc<OtherFile>),
}

/// An object of a known type (a Flask app, an Express app) and where it was created.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    /// The canonical type (a key of the catalogue's type tables: `flask.Flask`).
    pub type_name: &'static str,
    /// The expression that created it, in `file`, or in this file when `file` is `None`.
    pub span: Span,
    pub file: Option<Arc<OtherFile>>,
}

impl Instance {
    /// The related place a finding on a method of this instance shows, when the instance was
    /// created in another file (`app` is created at `app/__init__.py:5`).
    pub fn evidence(self, receiver: &str) -> Option<crate::finding::Related> {
        Some(crate::finding::Related {
            file: Some(self.file?),
            span: self.span,
            label: format!("`{receiver}` is created"),
        })
    }

    /// The instance as found in `file`, another module (one already placed keeps its file).
    pub fn in_file(mut self, file: &Arc<OtherFile>) -> Instance {
        if self.file.is_none() {
            self.file = Some(file.clone());
        }
        self
    }
}

/// What a call invokes: the qualified name that selects a catalogue row (`flask.Flask.run`,
/// `uvicorn.run`), and for a method the instance it is called on.
#[derive(Debug, Clone, PartialEq)]
pub struct Callee {
    pub name: String,
    pub receiver: Option<Instance>,
}

/// `os.environ.get("PORT", 5000)`, `process.env.PORT || 3000` and friends.
#[derive(Debug, Clone, PartialEq)]
pub struct EnvRead {
    /// The variable name, exactly as written.
    pub name: String,
    /// The span of the name (the string literal or identifier), for BL203.
    pub name_span: Span,
    /// The whole read expression.
    pub span: Span,
    /// What the read yields when the variable is unset (a default argument, `or`, `||`, `??`).
    pub fallback: Vec<Value>,
    /// The value was converted to an integer (`int(...)`, `Number(...)`) on the way.
    pub as_int: bool,
}

impl EnvRead {
    /// Reads exactly `PORT`, here or in a fallback (`APP_PORT or PORT`).
    pub fn reads_port(&self) -> bool {
        self.name == "PORT"
            || self.fallback.iter().any(|value| match value {
                Value::Env(inner) => inner.reads_port(),
                _ => false,
            })
    }

    /// Reads a name that differs from `PORT` only by case (`port`, `Port`).
    pub fn is_miscased_port(&self) -> bool {
        self.name != "PORT" && self.name.eq_ignore_ascii_case("PORT")
    }
}

impl Value {
    /// The value as a port number when it is a literal one (`5000` or `"5000"`).
    pub fn literal_port(&self) -> Option<i64> {
        match self.local() {
            Value::Int { value, .. } => Some(*value),
            Value::Str { text, .. } => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// Where the value was written, when it was written somewhere in this file.
    pub fn origin(&self) -> Option<&Span> {
        match self {
            Value::Str { span, .. } | Value::Int { span, .. } => Some(span),
            Value::Env(read) => Some(&read.span),
            Value::Null | Value::Unknown | Value::Foreign(..) => None,
        }
    }

    /// The value itself, wherever it was written: a value from another module unwrapped.
    pub fn local(&self) -> &Value {
        match self {
            Value::Foreign(inner, _) => inner.local(),
            other => other,
        }
    }

    /// The other file the value was written in, and where in it.
    pub fn foreign_origin(&self) -> Option<(&Arc<OtherFile>, &Span)> {
        match self {
            Value::Foreign(inner, file) => Some((file, inner.origin()?)),
            _ => None,
        }
    }

    /// The env read this value is, here or in another module.
    pub fn as_env(&self) -> Option<&EnvRead> {
        match self.local() {
            Value::Env(read) => Some(read),
            _ => None,
        }
    }

    /// The value as found in `file`, another module: a literal or env read is marked as from
    /// there (a value already marked keeps its own file; `None` and unknowns have no place).
    pub fn in_file(self, file: &Arc<OtherFile>) -> Value {
        match self {
            Value::Str { .. } | Value::Int { .. } | Value::Env(_) => {
                Value::Foreign(Box::new(self), file.clone())
            }
            other => other,
        }
    }

    /// Marks env reads in this value as converted to an integer.
    pub fn into_int(self) -> Value {
        match self {
            Value::Foreign(inner, file) => Value::Foreign(Box::new(inner.into_int()), file),
            Value::Env(mut read) => {
                read.as_int = true;
                Value::Env(read)
            }
            Value::Str { text, span } => match text.trim().parse() {
                Ok(value) => Value::Int { value, span },
                Err(_) => Value::Unknown,
            },
            other => other,
        }
    }
}

/// What a call passes for one parameter.
#[derive(Debug)]
pub enum Arg {
    /// Not passed: the API default applies.
    Omitted,
    /// Possibly passed in a way the file does not show (`*args`, `**options` from elsewhere).
    Unknown,
    /// Passed: `span` is the argument expression, `values` what it may evaluate to.
    Given { span: Span, values: Vec<Value> },
}

/// A piece of a string built from literals and env reads, such as gunicorn's
/// `bind = "0.0.0.0:" + os.environ["PORT"]`.
#[derive(Debug, Clone)]
pub enum Piece {
    /// Literal text; `span` is where exactly this text stands in the file, when it does
    /// (it does not for text produced by formatting).
    Text {
        text: String,
        span: Option<Span>,
    },
    Env(EnvRead),
    Unknown,
}

/// The most values one expression may resolve to before it counts as unknown: real server
/// code has a handful; generated code with thousands of assignments must not multiply them.
pub const MAX_VALUES: usize = 64;

/// How deep evaluation follows names and nested expressions before giving up. Real code needs a
/// handful; the bound keeps adversarial input (`a = b`, `b = a`, 10,000 nested parentheses)
/// from recursing without end.
pub const MAX_DEPTH: usize = 32;

/// How many expressions one top-level resolution may visit. Each identifier can have several
/// bindings, so the walk branches; this bounds it (a real resolution visits a few dozen).
pub const MAX_STEPS: usize = 4096;

/// The steps left in one top-level resolution (see [`MAX_STEPS`]), shared by both resolvers.
#[derive(Debug)]
pub struct Budget(std::cell::Cell<usize>);

impl Default for Budget {
    fn default() -> Self {
        Budget(std::cell::Cell::new(MAX_STEPS))
    }
}

impl Budget {
    /// A new top-level resolution starts with the whole budget.
    pub fn refill(&self) {
        self.0.set(MAX_STEPS);
    }

    /// Takes one step at `depth`; `false` when evaluation must stop and call the value unknown.
    pub fn spend(&self, depth: usize) -> bool {
        let left = self.0.get();
        if depth > MAX_DEPTH || left == 0 {
            return false;
        }
        self.0.set(left - 1);
        true
    }
}

/// The values of `left or right` (Python), `left || right` / `left ?? right` (JS): an env read
/// on the left takes the right side as its fallback (and the whole expression as its span); a
/// null left yields the right side; anything else may be either side. Too many values to
/// follow make the expression unknown.
pub fn merge_fallback(left: Vec<Value>, right: &[Value], span: &Span, out: &mut Vec<Value>) {
    if left.len() > MAX_VALUES || right.len() > MAX_VALUES {
        out.push(Value::Unknown);
        return;
    }
    let mut needs_right = false;
    for value in left {
        match value {
            Value::Env(mut read) => {
                read.fallback.extend(right.iter().cloned());
                read.span = span.clone();
                out.push(Value::Env(read));
            }
            Value::Null => needs_right = true,
            other => {
                out.push(other);
                needs_right = true;
            }
        }
    }
    // The right side is one set of values, whichever left values it stands behind.
    if needs_right {
        out.extend(right.iter().cloned());
    }
}

/// How a host string binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HostKind {
    Loopback,
    AllInterfaces,
    /// A specific address or name: not our business.
    Other,
}

/// Classifies a literal host (the README's rule BL101): loopback is `localhost`, `127.0.0.0/8`, `::1`,
/// `[::1]`, `ip6-localhost`, `ip6-loopback`; all interfaces are `0.0.0.0`, `::`, `[::]` and
/// the empty string.
pub fn classify_host(host: &str) -> HostKind {
    let host = host.trim();
    let lower = host.to_ascii_lowercase();
    match lower.as_str() {
        "" | "0.0.0.0" | "::" | "[::]" | "*" => HostKind::AllInterfaces,
        "localhost" | "::1" | "[::1]" | "ip6-localhost" | "ip6-loopback" => HostKind::Loopback,
        _ if is_ipv4_loopback(&lower) => HostKind::Loopback,
        _ => HostKind::Other,
    }
}

fn is_ipv4_loopback(host: &str) -> bool {
    matches!(host.parse::<std::net::Ipv4Addr>(), Ok(ip) if ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_classified_per_spec() {
        for host in [
            "localhost",
            "127.0.0.1",
            "127.1.2.3",
            "::1",
            "[::1]",
            "ip6-localhost",
            "ip6-loopback",
            "LOCALHOST",
        ] {
            assert_eq!(classify_host(host), HostKind::Loopback, "{host}");
        }
        for host in ["0.0.0.0", "::", "[::]", ""] {
            assert_eq!(classify_host(host), HostKind::AllInterfaces, "{host}");
        }
        for host in [
            "10.0.0.1",
            "example.com",
            "128.0.0.1",
            "localhost.example.com",
        ] {
            assert_eq!(classify_host(host), HostKind::Other, "{host}");
        }
    }

    #[test]
    fn port_reads_through_fallbacks() {
        let inner = EnvRead {
            name: "PORT".into(),
            name_span: 0..0,
            span: 0..0,
            fallback: vec![],
            as_int: false,
        };
        let outer = EnvRead {
            name: "APP_PORT".into(),
            name_span: 0..0,
            span: 0..0,
            fallback: vec![Value::Env(inner)],
            as_int: false,
        };
        assert!(outer.reads_port());
        assert!(!outer.is_miscased_port());
    }
}
