//! Rules about bindlint's own suppression comments.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// With `--report-unused-ignores`, flags a `bindlint: ignore` comment that silences no
    /// finding (the code was fixed, or the comment names the wrong rule or line), or that names
    /// a code bindlint does not have.
    ///
    /// ## Why is this bad?
    /// A stale suppression hides the next real bug on that line without anyone noticing.
    ///
    /// ## Example
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ["PORT"]))  # bindlint: ignore[BL101]
    /// ```
    ///
    /// ## Fix
    /// Remove the comment, or name the rule that actually fires:
    /// ```python
    /// import os
    ///
    /// from flask import Flask
    ///
    /// app = Flask(__name__)
    /// app.run(host="0.0.0.0", port=int(os.environ["PORT"]))
    /// ```
    /// No automatic fix: whether the comment is stale or names the wrong rule is for you to say.
    pub static UNUSED_SUPPRESSION = ("BL001", "unused-suppression", Warning, fix = None);
}
