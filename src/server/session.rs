//! What the server knows between messages: the open documents, the workspace folders, the
//! settings the client overrides, and the settings of each config file (read once, dropped
//! when a config file changes). A document is linted with the settings a command-line run in
//! its folder would use: the nearest config file above it, or the defaults rooted at its
//! workspace folder.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use lsp_types::Url;
use serde::Deserialize;

use super::document::Document;
use crate::config::{self, ConfigError, Settings};
use crate::deploy::Workspace;
use crate::files::display_path;
use crate::fix::{fix_text, FixOptions, Fixed};
use crate::lang::FileKind;
use crate::lint::{lint_source, FileReport, LintOptions};

/// Settings the client may override, from `initializationOptions` or
/// `workspace/didChangeConfiguration` (`{"bindlint": {...}}` or the object itself).
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase", default)]
pub struct ClientSettings {
    pub select: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub include_tests: Option<bool>,
    pub include_dev: Option<bool>,
}

impl ClientSettings {
    /// Reads the client's settings, whether wrapped in `{"bindlint": ...}` or not; anything
    /// else is no override.
    pub fn from_json(value: Option<serde_json::Value>) -> Result<ClientSettings, String> {
        let Some(mut value) = value.filter(|v| !v.is_null()) else {
            return Ok(ClientSettings::default());
        };
        if let Some(inner) = value.get_mut("bindlint") {
            value = inner.take();
        }
        serde_json::from_value(value).map_err(|error| error.to_string())
    }

    /// Applies the client's `select`, `extendSelect` and `ignore` to `settings`, as the
    /// command-line flags would; an error names a selector no rule matches.
    fn apply_selection(&self, settings: &mut Settings) -> Result<(), ConfigError> {
        let join = |codes: &Option<Vec<String>>| codes.as_ref().map(|c| c.join(","));
        settings.apply_flags(
            join(&self.select).as_deref(),
            join(&self.extend_select).as_deref(),
            join(&self.ignore).as_deref(),
        )
    }
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
        let client = &self.client;
        // Overrides that name no rule are reported when the client sends them; here they
        // leave the settings as they are.
        let mut overridden = settings.clone();
        if client.apply_selection(&mut overridden).is_ok() {
            settings = overridden;
        }
        if let Some(unsafe_fixes) = client.unsafe_fixes {
            settings.unsafe_fixes = unsafe_fixes;
        }
        if let Some(include_tests) = client.include_tests {
            settings.include_tests = include_tests;
        }
        if let Some(include_dev) = client.include_dev {
            settings.include_dev = include_dev;
        }
        Resolved { settings, problem }
    }

    /// Checks the client's overrides: `Err` names a selector no rule matches.
    pub fn check_client_settings(client: &ClientSettings) -> Result<(), String> {
        client
            .apply_selection(&mut Settings::default())
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
        let kind = FileKind::of(self.path)?;
        let skipped = crate::run::is_skipped(self.path, self.settings)
            || text.len() as u64 > self.settings.max_file_size;
        (!skipped).then_some(kind)
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
        let settings = ClientSettings::from_json(Some(wrapped)).unwrap();
        assert_eq!(settings.select, Some(vec!["BL1".to_string()]));
        assert_eq!(settings.unsafe_fixes, Some(true));
        let bare = serde_json::json!({"ignore": ["BL202"]});
        assert_eq!(
            ClientSettings::from_json(Some(bare)).unwrap().ignore,
            Some(vec!["BL202".to_string()])
        );
        assert_eq!(
            ClientSettings::from_json(None).unwrap(),
            ClientSettings::default()
        );
        assert!(ClientSettings::from_json(Some(serde_json::json!({"select": 3}))).is_err());
        let bad = ClientSettings {
            select: Some(vec!["XX9".into()]),
            ..ClientSettings::default()
        };
        assert!(Session::check_client_settings(&bad).is_err());
    }
}
