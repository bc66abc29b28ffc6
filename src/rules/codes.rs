//! The codes a shared judgement is reported under. Source code and start commands are judged
//! by the same host and port checks; the dispatcher (`rules/mod.rs`) hands each check the codes
//! of the family the finding belongs to (BL1xx and BL2xx in source code, BL301 and BL302 in
//! start commands). The families declare their codes with these types and never use each
//! other.

use crate::rule_info::RuleInfo;

/// The codes a host finding is reported under. Source code and start commands share the
/// judgement; the dispatcher in `rules/mod.rs` picks the codes (BL1xx, or BL301 for commands),
/// so the host family never reaches into the command family.
pub struct HostCodes {
    /// A loopback host given (BL101).
    pub given: &'static RuleInfo,
    /// The host omitted where the default is loopback (BL102).
    pub omitted: &'static RuleInfo,
    /// An env read with a loopback fallback (BL103).
    pub env_fallback: &'static RuleInfo,
}

/// The codes a port finding is reported under, picked by the dispatcher as for
/// [`HostCodes`]: BL2xx in source code, BL302 for start commands.
pub struct PortCodes {
    /// A port other than `PORT` (BL201).
    pub hardcoded: &'static RuleInfo,
    /// The port omitted where the default applies (BL202).
    pub omitted: &'static RuleInfo,
}
