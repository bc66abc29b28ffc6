//! What the server knows between messages: the open documents, the workspace folders, the
//! settings the client overrides, and the settings of each config file (read once, dropped
//! when a config file changes). A document is linted with the settings a command-line run in
//! its folder would use: the nearest config file above it, or the defaults rooted at its
//! workspace folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;

use super::document::Document;
use crate::config::{self, ConfigError, Overrides, Settings};
use crate::deploy::Workspace;
use crate::files::display_path;
use crate::fix::{fix_text, FixOptions, Fixed};
use crate::lang::FileKind;
use crate::lint::{lint_source, FileReport, LintOptions};

/// Settings the client may override, from `initializationOptions` or
/// `workspace/didChangeConfiguration` (`{"bindlint": {...}}` or the object itself): the same
/// overrides the command line's flags make ([`Overrides`]).
pub type ClientSettings = Overrides;

/// Reads the client's settings, whether wrapped in `{"bindlint": ...}` or not; `null` or
/// nothing is no override; keys bindlint does not know are left to the client (an editor may
/// keep its own settings beside these).
pub fn client_settings(value: Option<serde_json::Value>) -> Result<ClientSettings, String> {
    let Some(mut value) = value.filter(|v| !v.is_null()) else {
        return Ok(ClientSettings::default());
    };
    if let Some(inner) = value.get_mut("bindlint") {
        value = inner.take();
    }
    serde_json::from_value(value).map_err(|error| error.to_string())
}

/// A config file that cannot be used: where and why, for a diagnostic on that file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigProblem {
    pub path: PathBuf,
    pub message: String,
    /// The bytes the problem is about (empty at the start when unknown).
    pub span: std::ops::Range<usize>,
}

/// A document's settings, and the config problem that made them the defaults, if any.
pub struct Resolved {
    pub settings: Settings,
    pub problem: Option<ConfigProblem>,
}

#[derive(Default)]
pub struct Session {
    pub documents: HashMap<Url, Document>,
    pub folders: Vec<PathBuf>,
    pub client: ClientSettings,
    /// Each config file's settings (or why they could not be read), by its path.
    configs: HashMap<PathBuf, Result<Settings, ConfigProblem>>,
}

impl Session {
    /// Drops every config file read: the next lint reads them again.
    pub fn reload_configs(&mut self) {
        self.configs.clear();
    }

    /// The workspace folder holding `path`, the deepest one, if any.
    pub fn folder_of(&self, path: &Path) -> Option<&Path> {
        self.folders
            .iter()
            .filter(|folder| path.starts_with(folder))
            .max_by_key(|folder| folder.components().count())
            .map(PathBuf::as_path)
    }

    /// The settings for the document at `path`: its config file's (or the defaults at its
    /// folder), then the client's overrides.
    pub fn settings_for(&mut self, path: &Path) -> Resolved {
        let dir = path.parent().unwrap_or(path);
        let root = self
            .folder_of(path)
            .map_or_else(|| dir.to_path_buf(), Path::to_path_buf);
        let fallback = || Settings::rooted_at(root.clone());
        let (mut settings, problem) = match config::find(dir) {
            None => (fallback(), None),
            Some(config_path) => {
                let read = self
                    .configs
                    .entry(config_path.clone())
                    .or_insert_with(|| {
                        config::load(&config_path).map_err(|e| problem(&config_path, &e))
                    })
                    .clone();
                match read {
                    Ok(settings) => (settings, None),
                    Err(problem) => (fallback(), Some(problem)),
                }
            }
        };
        // A selector that names no rule is reported when the client sends it; here it leaves
        // the selection as it is, and the other overrides apply.
        let _ = settings.apply_overrides(&self.client);
        Resolved { settings, problem }
    }

    /// Checks the client's overrides: `Err` names a selector no rule matches.
    pub fn check_client_settings(client: &ClientSettings) -> Result<(), String> {
        Settings::default()
            .apply_overrides(client)
            .map_err(|error| error.to_string())
    }
}

/// The config error as a problem placed in its file.
fn problem(path: &Path, error: &ConfigError) -> ConfigProblem {
    let span = match error {
        ConfigError::Invalid(invalid) => {
            invalid.span.offset()..invalid.span.offset() + invalid.span.len()
        }
        _ => 0..0,
    };
    ConfigProblem {
        path: path.to_path_buf(),
        message: error.to_string(),
        span,
    }
}

/// What linting one document needs: its path (which decides its kind and settings), the
/// settings, and the workspace folder its imports and deployment are read from.
pub struct LintTarget<'a> {
    pub path: &'a Path,
    pub settings: &'a Settings,
    pub folder: Option<&'a Path>,
}

impl LintTarget<'_> {
    /// The document's kind, unless bindlint does not read such files or the settings leave
    /// this one out (a test file, an excluded or development-only one, one over the size
    /// limit), as a command-line run would.
    pub fn kind(&self, text: &str) -> Option<FileKind> {
        crate::walk::select_path(self.path, self.path, self.settings)
            .ok()
            .filter(|_| text.len() as u64 <= self.settings.max_file_size)
    }

    fn options(&self) -> LintOptions {
        let paths = [self.folder.unwrap_or(self.path).to_path_buf()];
        LintOptions {
            settings: self.settings.clone(),
            report_unused_ignores: false,
            no_prefilter: false,
            // A fresh workspace per lint: the other files may have changed since the last.
            workspace: Some(Workspace::new(&paths).with_settings(self.settings)),
        }
    }

    /// Lints the editor's text; `None` when the document is not linted.
    pub fn lint(&self, text: &str) -> Option<FileReport> {
        let kind = self.kind(text)?;
        Some(lint_source(
            self.path,
            &display_path(self.path),
            text.to_string(),
            kind,
            &self.options(),
        ))
    }

    /// The text with every fix applied (safe ones, and unsafe ones when the settings allow).
    pub fn fix_all(&self, text: &str) -> Option<Fixed> {
        let kind = self.kind(text)?;
        let fix_options = FixOptions {
            unsafe_fixes: self.settings.unsafe_fixes,
            write: false,
        };
        Some(fix_text(
            self.path,
            &display_path(self.path),
            text.to_string(),
            kind,
            &self.options(),
            fix_options,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_settings_are_read_wrapped_or_not() {
        let wrapped = serde_json::json!({"bindlint": {"select": ["BL1"], "unsafeFixes": true}});
        let settings = client_settings(Some(wrapped)).unwrap();
        assert_eq!(settings.select, Some(vec!["BL1".to_string()]));
        assert_eq!(settings.unsafe_fixes, Some(true));
        let bare = serde_json::json!({"ignore": ["BL202"]});
        assert_eq!(
            client_settings(Some(bare)).unwrap().ignore,
            Some(vec!["BL202".to_string()])
        );
        assert_eq!(client_settings(None).unwrap(), ClientSettings::default());
        assert!(client_settings(Some(serde_json::json!({"select": 3}))).is_err());
        let bad = ClientSettings {
            select: Some(vec!["XX9".into()]),
            ..ClientSettings::default()
        };
        assert!(Session::check_client_settings(&bad).is_err());
    }

    #[test]
    fn the_editor_overrides_what_the_command_line_does() {
        let json = serde_json::json!({
            "includeMinified": true,
            "maxFileSize": 1024,
            "followLinks": true,
            "includeTests": true,
            "includeDev": true,
            "unsafeFixes": true,
            "ignore": ["BL202"],
        });
        let mut session = Session {
            client: client_settings(Some(json)).unwrap(),
            ..Session::default()
        };
        let dir = std::env::temp_dir().join(format!("bindlint-session-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let settings = session.settings_for(&dir.join("app.py")).settings;
        std::fs::remove_dir_all(&dir).unwrap();
        assert!(settings.include_minified && settings.follow_links && settings.include_tests);
        assert!(settings.include_dev_files && settings.include_dev_starts && settings.unsafe_fixes);
        assert_eq!(settings.max_file_size, 1024);
        assert!(!settings.is_enabled("BL202") && settings.is_enabled("BL201"));
    }

    #[test]
    fn a_selector_that_names_no_rule_leaves_the_selection_and_applies_the_rest() {
        let mut settings = Settings::default();
        let overrides = Overrides {
            select: Some(vec!["XX9".into()]),
            include_minified: Some(true),
            ..Overrides::default()
        };
        assert!(settings.apply_overrides(&overrides).is_err());
        assert!(settings.include_minified);
        assert!(settings.is_enabled("BL101"));
    }
}
