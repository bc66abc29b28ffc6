//! How a report looks, shared by the formats: the style options and the fix marker. A leaf of
//! `report/`: the formats use it and it uses none of them.

use crate::finding::{Applicability, Finding};

/// How the report looks on the way out.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    /// Width the human format wraps at.
    pub width: usize,
    /// Print the summary line after human and concise output (`--quiet` turns it off).
    pub summary: bool,
    /// Unsafe fixes are enabled (`--unsafe-fixes`): they count as available.
    pub unsafe_fixes: bool,
}

/// The marker after a finding's code: `[*]` when `--fix` would fix it, `[*unsafe]` when it
/// takes `--unsafe-fixes` too.
pub fn fix_marker(finding: &Finding, unsafe_fixes: bool) -> &'static str {
    match finding.fix.as_ref().map(|fix| fix.applicability) {
        Some(Applicability::Safe) => " [*]",
        Some(Applicability::Unsafe) if unsafe_fixes => " [*]",
        Some(Applicability::Unsafe) => " [*unsafe]",
        None => "",
    }
}
