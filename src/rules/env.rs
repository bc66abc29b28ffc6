//! Environment rules: the port variable read under the wrong name (BL203).

use crate::declare_rule;
use crate::diagnostic::Finding;
use crate::resolve::EnvRead;

declare_rule! {
    /// ## What it does
    /// Flags an environment read whose name differs from `PORT` only by case:
    /// `os.environ.get("port")`, `process.env.port`, `process.env["Port"]`,
    /// `const { port } = process.env`, `Deno.env.get("port")`. It is reported wherever it is
    /// read, whether or not it reaches a server start.
    ///
    /// ## Why is this bad?
    /// Environment variable names are case-sensitive on Linux. The platform sets `PORT`; a read
    /// of `port` finds nothing and the server falls back to its default port.
    ///
    /// ## Example
    /// ```python
    /// port = int(os.environ.get("port", 5000))
    /// ```
    ///
    /// ## Fix
    /// ```python
    /// port = int(os.environ.get("PORT", 5000))
    /// ```
    pub static PORT_ENV_CASE = ("BL203", "port-env-case", Error);
}

pub fn check(reads: &[EnvRead], out: &mut Vec<Finding>) {
    for read in reads.iter().filter(|read| read.is_miscased_port()) {
        out.push(Finding {
            rule: &PORT_ENV_CASE,
            span: read.name_span.clone(),
            message: format!(
                "`{}` is not `PORT`: environment variable names are case-sensitive, so the platform's `PORT` is never read",
                read.name
            ),
            label: "wrong case".to_string(),
            help: "write the name as the platform sets it: `PORT`".to_string(),
            related: Vec::new(),
        });
    }
}
