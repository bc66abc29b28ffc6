//! Configuration: `bindlint.toml`, `.bindlint.toml`, or `[tool.bindlint]` in `pyproject.toml`,
//! found by walking up from the working directory, plus the matching command-line flags.
//!
//! Every mistake in a config file (an unknown key, a bad value, an unknown rule code) is an
//! error that points into the TOML with a snippet, and stops the run (exit 2): a typo must never
//! silently turn a rule off.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use miette::{Diagnostic, NamedSource, SourceSpan};
use serde::Deserialize;
use toml::Spanned;

use crate::catalog::platforms::Platform;
use crate::files::clean;
use crate::rules::{RuleInfo, Severity, ALL_RULES};

/// Directory names never walked into: dependencies, environments, build output, as wide as
/// ruff's defaults (hidden directories are skipped anyway, and so is any folder holding a
/// `pyvenv.cfg`: a virtualenv by whatever name, `env/` on day one of a project). The `exclude`
/// setting replaces them; `extend-exclude` adds to them.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    "node_modules",
    ".venv",
    "venv",
    ".git",
    "dist",
    "build",
    "__pycache__",
    "site-packages",
    "dist-packages",
    "__pypackages__",
    "_build",
    "buck-out",
];

/// The config file names looked for in each directory, in order.
pub const CONFIG_FILES: &[&str] = &["bindlint.toml", ".bindlint.toml", "pyproject.toml"];

/// The options of a config file, as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    pub select: Option<Vec<Spanned<String>>>,
    pub extend_select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    pub exclude: Option<Vec<Spanned<String>>>,
    pub extend_exclude: Option<Vec<Spanned<String>>>,
    pub include_tests: Option<bool>,
    pub include_minified: Option<bool>,
    /// Both `include-dev-files` and `include-dev-starts` (the key before they were split).
    pub include_dev: Option<bool>,
    pub include_dev_files: Option<bool>,
    pub include_dev_starts: Option<bool>,
    pub platform: Option<Spanned<String>>,
    pub max_file_size: Option<Spanned<i64>>,
    pub unsafe_fixes: Option<bool>,
    pub unfixable: Option<Vec<Spanned<String>>>,
    pub per_file_ignores: Option<BTreeMap<Spanned<String>, Vec<Spanned<String>>>>,
    pub severity: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
}

#[derive(Deserialize)]
struct Pyproject {
    tool: Option<PyprojectTools>,
}

#[derive(Deserialize)]
struct PyprojectTools {
    bindlint: Option<Options>,
}

/// A mistake in a config file, with the snippet that shows it.
#[derive(Debug, thiserror::Error, Diagnostic)]
#[error("{message}")]
#[diagnostic()]
pub struct InvalidConfig {
    pub message: String,
    #[source_code]
    source_code: NamedSource<Arc<str>>,
    #[label("{label}")]
    pub span: SourceSpan,
    label: String,
    #[help]
    pub help: Option<String>,
}

/// A config file or flag that could not be used.
#[derive(Debug, thiserror::Error, Diagnostic)]
pub enum ConfigError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidConfig>),
    #[error("cannot read config file {path}: {reason}")]
    #[diagnostic()]
    Unreadable { path: String, reason: String },
    #[error("invalid {what} `{value}`: {reason}")]
    #[diagnostic()]
    BadFlag {
        what: &'static str,
        value: String,
        reason: String,
        #[help]
        help: String,
    },
}

/// Where options came from, for error snippets.
struct Origin<'a> {
    path: &'a Path,
    text: &'a Arc<str>,
}

/// The config file for a run: `--config PATH`, else the nearest one walking up from `start`.
pub fn find(start: &Path) -> Option<PathBuf> {
    for dir in start.ancestors() {
        for name in CONFIG_FILES {
            let candidate = dir.join(name);
            if !candidate.is_file() {
                continue;
            }
            // A pyproject.toml without `[tool.bindlint]` is not ours: keep walking.
            if *name == "pyproject.toml" {
                let has_section = std::fs::read_to_string(&candidate)
                    .ok()
                    .and_then(|text| toml::from_str::<toml::Table>(&text).ok())
                    .is_some_and(|table| {
                        table.get("tool").and_then(|t| t.get("bindlint")).is_some()
                    });
                if !has_section {
                    continue;
                }
            }
            return Some(candidate);
        }
    }
    None
}

/// Reads and validates a config file. Its directory is the root its globs are relative to.
pub fn load(path: &Path) -> Result<Settings, ConfigError> {
    let text: Arc<str> = std::fs::read_to_string(path)
        .map_err(|error| ConfigError::Unreadable {
            path: crate::files::display_path(path),
            reason: error.to_string(),
        })?
        .into();
    parse(path, text)
}

/// Validates the text of the config file at `path` (which names the file in errors and decides
/// whether it is a `pyproject.toml`).
pub fn parse(path: &Path, text: Arc<str>) -> Result<Settings, ConfigError> {
    let origin = Origin { path, text: &text };
    let values = Values {
        origin: Some(&origin),
    };
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let parsed = if is_pyproject {
        toml::from_str::<Pyproject>(&text)
            .map(|p| p.tool.and_then(|t| t.bindlint).unwrap_or_default())
    } else {
        toml::from_str::<Options>(&text)
    };
    let options = parsed.map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim();
        // serde lists every key in its message; the help says it once, nearest first.
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next());
        match unknown {
            Some(key) => values.error(
                span,
                format!("invalid config: unknown key `{key}`"),
                "not a bindlint setting",
                Some(crate::suggest::did_you_mean(
                    key,
                    CONFIG_KEYS.iter().copied(),
                    &config_help(),
                )),
            ),
            None => values.error(
                span,
                format!("invalid config: {message}"),
                "here",
                Some(config_help()),
            ),
        }
    })?;
    let root = path.parent().map(Path::to_path_buf).unwrap_or_default();
    Settings::from_options(options, root, Some(&origin))
}

/// The keys of a config file (and of `[tool.bindlint]`).
const CONFIG_KEYS: &[&str] = &[
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "extend-exclude",
    "include-tests",
    "include-minified",
    "include-dev",
    "include-dev-files",
    "include-dev-starts",
    "platform",
    "max-file-size",
    "unsafe-fixes",
    "unfixable",
    "per-file-ignores",
    "severity",
];

fn config_help() -> String {
    format!("keys: {}", CONFIG_KEYS.join(", "))
}

/// The help for a selector no rule has: the nearest code, and where the codes are listed.
fn unknown_code_help(selector: &str) -> String {
    crate::suggest::did_you_mean(
        selector,
        ALL_RULES.iter().map(|rule| rule.code),
        "`bindlint rules` lists the rule codes; prefixes such as `BL1` and `ALL` work too",
    )
}

/// Reads the values of a config file's options, each error pointing at the value in the file.
/// With no file (the defaults, which are valid), there is nothing to point at.
struct Values<'o> {
    origin: Option<&'o Origin<'o>>,
}

impl Values<'_> {
    /// The error at `span` of the config file, as a snippet with `label` under the value.
    fn error(
        &self,
        span: std::ops::Range<usize>,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> ConfigError {
        let Some(origin) = self.origin else {
            return unreachable_default();
        };
        ConfigError::Invalid(Box::new(InvalidConfig {
            message: message.into(),
            source_code: NamedSource::new(
                crate::files::display_path(origin.path),
                origin.text.clone(),
            ),
            span: span.into(),
            label: label.into(),
            help,
        }))
    }

    /// The rule codes the selectors name (codes, prefixes, `ALL`).
    fn codes(&self, selectors: &[Spanned<String>]) -> Result<Vec<&'static str>, ConfigError> {
        let mut codes = Vec::new();
        for selector in selectors {
            let rules = rules_matching(selector.get_ref());
            if rules.is_empty() {
                return Err(self.error(
                    selector.span(),
                    format!("unknown rule code `{}`", selector.get_ref()),
                    "no rule has this code",
                    Some(unknown_code_help(selector.get_ref())),
                ));
            }
            codes.extend(rules.iter().map(|r| r.code));
        }
        Ok(codes)
    }

    /// `[severity]`: each selector's rules at `error` or `warning`.
    fn severities(
        &self,
        options: &Options,
    ) -> Result<BTreeMap<&'static str, Severity>, ConfigError> {
        let mut severity = BTreeMap::new();
        for (code, level) in options.severity.iter().flatten() {
            let value = match level.get_ref().as_str() {
                "error" => Severity::Error,
                "warning" => Severity::Warning,
                other => {
                    return Err(self.error(
                        level.span(),
                        format!("invalid severity `{other}`"),
                        "expected \"error\" or \"warning\"",
                        None,
                    ))
                }
            };
            for code in self.codes(std::slice::from_ref(code))? {
                severity.insert(code, value);
            }
        }
        Ok(severity)
    }

    /// A glob as in .gitignore: `*` stops at `/` and `**` crosses directories.
    fn glob(&self, pattern: &Spanned<String>) -> Result<Glob, ConfigError> {
        globset::GlobBuilder::new(pattern.get_ref())
            .literal_separator(true)
            .build()
            .map_err(|error| {
                self.error(
                    pattern.span(),
                    format!("invalid glob `{}`", pattern.get_ref()),
                    error.kind().to_string(),
                    None,
                )
            })
    }

    /// `exclude` (or the defaults) and `extend-exclude`, matched and as written.
    fn excludes(&self, options: &Options) -> Result<(GlobSet, Vec<String>), ConfigError> {
        let mut exclude = GlobSetBuilder::new();
        let mut patterns = Vec::new();
        match &options.exclude {
            Some(written) => {
                for pattern in written {
                    exclude.add(self.glob(pattern)?);
                    patterns.push(pattern.get_ref().clone());
                }
            }
            None => {
                for name in DEFAULT_EXCLUDES {
                    exclude.add(Glob::new(name).expect("default excludes are valid globs"));
                    patterns.push(name.to_string());
                }
            }
        }
        for pattern in options.extend_exclude.iter().flatten() {
            exclude.add(self.glob(pattern)?);
            patterns.push(pattern.get_ref().clone());
        }
        let exclude = exclude.build().map_err(|_| unreachable_default())?;
        Ok((exclude, patterns))
    }

    /// `[per-file-ignores]`: each pattern with the codes it silences, and the patterns as
    /// written.
    #[allow(clippy::type_complexity)]
    fn per_file_ignores(
        &self,
        options: &Options,
    ) -> Result<(Vec<(GlobSet, Vec<&'static str>)>, Vec<String>), ConfigError> {
        let mut ignores = Vec::new();
        let mut patterns = Vec::new();
        for (pattern, codes) in options.per_file_ignores.iter().flatten() {
            patterns.push(pattern.get_ref().clone());
            let mut set = GlobSetBuilder::new();
            set.add(self.glob(pattern)?);
            ignores.push((
                set.build().map_err(|_| unreachable_default())?,
                self.codes(codes)?,
            ));
        }
        Ok((ignores, patterns))
    }

    fn max_file_size(&self, options: &Options) -> Result<u64, ConfigError> {
        let Some(size) = &options.max_file_size else {
            return Ok(DEFAULT_MAX_FILE_SIZE);
        };
        match u64::try_from(*size.get_ref()) {
            Ok(bytes) if bytes > 0 => Ok(bytes),
            _ => Err(self.error(
                size.span(),
                "`max-file-size` must be a positive number of bytes".to_string(),
                "not a positive size".to_string(),
                Some(format!("the default is {DEFAULT_MAX_FILE_SIZE} (10 MiB)")),
            )),
        }
    }

    fn platform(&self, options: &Options) -> Result<Option<Platform>, ConfigError> {
        let Some(name) = &options.platform else {
            return Ok(None);
        };
        if let Some(platform) = Platform::by_config_name(name.get_ref()) {
            return Ok(Some(platform));
        }
        let names: Vec<&str> = Platform::ALL
            .iter()
            .map(|p| p.facts().config_name)
            .collect();
        Err(self.error(
            name.span(),
            format!("unknown platform `{}`", name.get_ref()),
            "not a platform bindlint knows".to_string(),
            Some(crate::suggest::did_you_mean(
                name.get_ref(),
                names.iter().copied(),
                &format!("one of: {}", names.join(", ")),
            )),
        ))
    }
}

/// A selector: `ALL`, a code (`BL101`) or a code prefix (`BL1`, `BL20`).
fn rules_matching(selector: &str) -> Vec<&'static RuleInfo> {
    let selector = selector.trim().to_ascii_uppercase();
    ALL_RULES
        .iter()
        .copied()
        .filter(|rule| selector == "ALL" || rule.code.starts_with(&selector))
        .collect()
}

/// What a run uses: which rules, at which severity, on which files.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Enabled rule codes.
    enabled: Vec<&'static str>,
    severity: BTreeMap<&'static str, Severity>,
    /// Directory globs are relative to (the config file's directory, or the working directory).
    pub root: PathBuf,
    /// The working directory and the absolute root, read once: matching runs for every path.
    cwd: PathBuf,
    absolute_root: PathBuf,
    exclude: GlobSet,
    pub include_tests: bool,
    /// Follow symbolic links while walking (`--follow-links`; never from a config file, so a
    /// repository cannot make a run read outside itself).
    pub follow_links: bool,
    /// Lint minified or generated JavaScript too (skipped by default: see `prefilter`).
    pub include_minified: bool,
    /// Lint development-only files (`Procfile.dev`, `docker-compose.override.yml`...), which
    /// no deployment runs (`include-dev-files`).
    pub include_dev_files: bool,
    /// Report server starts that run only when a file is run by hand, even when the project's
    /// start command serves the file through a production server (`include-dev-starts`).
    pub include_dev_starts: bool,
    /// The platform the project deploys to, over the one its manifests name (`platform`).
    pub platform: Option<Platform>,
    /// Files larger than this many bytes are skipped with a warning.
    pub max_file_size: u64,
    /// Offer and apply unsafe fixes (`unsafe-fixes = true`, `--unsafe-fixes`).
    pub unsafe_fixes: bool,
    /// Rules whose fixes are never offered.
    unfixable: Vec<&'static str>,
    per_file_ignores: Vec<(GlobSet, Vec<&'static str>)>,
    /// The patterns behind `exclude` and `per_file_ignores`, as written, for `--show-settings`.
    exclude_patterns: Vec<String>,
    per_file_ignore_patterns: Vec<String>,
}

/// What a run's caller may set over the config file: the command line's flags, or an
/// editor's settings (`initializationOptions`, in camelCase). Both go through
/// [`Settings::apply_overrides`], so the two cannot drift apart. `None` leaves the config's
/// value. (`follow-links` is here and never in a config file: a repository must not make a run
/// read outside itself, but its user may.)
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Overrides {
    /// Rule selectors, as `--select` (each may hold several, comma-separated).
    pub select: Option<Vec<String>>,
    pub extend_select: Option<Vec<String>>,
    pub ignore: Option<Vec<String>>,
    pub unsafe_fixes: Option<bool>,
    pub include_tests: Option<bool>,
    pub include_minified: Option<bool>,
    /// Both `include_dev_files` and `include_dev_starts`, under the specific ones.
    pub include_dev: Option<bool>,
    pub include_dev_files: Option<bool>,
    pub include_dev_starts: Option<bool>,
    pub follow_links: Option<bool>,
    pub max_file_size: Option<u64>,
}

/// The default `max-file-size`: generous for source, small enough that a stray dump or
/// database file cannot stall a pre-commit hook.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

impl Default for Settings {
    fn default() -> Self {
        Settings::from_options(Options::default(), PathBuf::from("."), None)
            .expect("the defaults are valid")
    }
}

impl Settings {
    fn from_options(
        options: Options,
        root: PathBuf,
        origin: Option<&Origin>,
    ) -> Result<Settings, ConfigError> {
        let values = Values { origin };
        let mut enabled = match &options.select {
            Some(select) => values.codes(select)?,
            None => ALL_RULES.iter().map(|r| r.code).collect(),
        };
        if let Some(extend) = &options.extend_select {
            enabled.extend(values.codes(extend)?);
        }
        if let Some(ignore) = &options.ignore {
            let ignored = values.codes(ignore)?;
            enabled.retain(|code| !ignored.contains(code));
        }
        enabled.sort_unstable();
        enabled.dedup();
        let (exclude, exclude_patterns) = values.excludes(&options)?;
        let (per_file_ignores, per_file_ignore_patterns) = values.per_file_ignores(&options)?;
        let cwd = std::env::current_dir().unwrap_or_default();
        let absolute_root = clean(&cwd.join(&root));
        Ok(Settings {
            enabled,
            severity: values.severities(&options)?,
            root,
            cwd,
            absolute_root,
            exclude,
            include_tests: options.include_tests.unwrap_or(false),
            follow_links: false,
            include_minified: options.include_minified.unwrap_or(false),
            include_dev_files: options
                .include_dev_files
                .or(options.include_dev)
                .unwrap_or(false),
            include_dev_starts: options
                .include_dev_starts
                .or(options.include_dev)
                .unwrap_or(false),
            platform: values.platform(&options)?,
            max_file_size: values.max_file_size(&options)?,
            unsafe_fixes: options.unsafe_fixes.unwrap_or(false),
            unfixable: match &options.unfixable {
                Some(codes) => values.codes(codes)?,
                None => Vec::new(),
            },
            per_file_ignores,
            exclude_patterns,
            per_file_ignore_patterns,
        })
    }

    /// The default settings, their globs relative to `root` (a workspace folder with no config
    /// file).
    pub fn rooted_at(root: PathBuf) -> Settings {
        Settings::from_options(Options::default(), root, None).unwrap_or_default()
    }

    /// Applies a caller's overrides. The switches always apply; the rule selection applies only
    /// when every selector names a rule, and otherwise the error says which does not and the
    /// selection stays as it was.
    pub fn apply_overrides(&mut self, overrides: &Overrides) -> Result<(), ConfigError> {
        let switches = [
            (&mut self.unsafe_fixes, overrides.unsafe_fixes),
            (&mut self.include_tests, overrides.include_tests),
            (&mut self.include_minified, overrides.include_minified),
            (
                &mut self.include_dev_files,
                overrides.include_dev_files.or(overrides.include_dev),
            ),
            (
                &mut self.include_dev_starts,
                overrides.include_dev_starts.or(overrides.include_dev),
            ),
            (&mut self.follow_links, overrides.follow_links),
        ];
        for (setting, value) in switches {
            if let Some(value) = value {
                *setting = value;
            }
        }
        if let Some(bytes) = overrides.max_file_size {
            self.max_file_size = bytes;
        }
        let join = |selectors: &Option<Vec<String>>| selectors.as_ref().map(|s| s.join(","));
        // `--select` may apply before `--ignore` fails: the selection is put back whole.
        let selected = self.enabled.clone();
        let applied = self.apply_flags(
            join(&overrides.select).as_deref(),
            join(&overrides.extend_select).as_deref(),
            join(&overrides.ignore).as_deref(),
        );
        if applied.is_err() {
            self.enabled = selected;
        }
        applied
    }

    /// Applies `--select`, `--extend-select` and `--ignore` (comma-separated selectors).
    fn apply_flags(
        &mut self,
        select: Option<&str>,
        extend_select: Option<&str>,
        ignore: Option<&str>,
    ) -> Result<(), ConfigError> {
        let parse = |what: &'static str, list: &str| -> Result<Vec<&'static str>, ConfigError> {
            let mut codes = Vec::new();
            for selector in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                let rules = rules_matching(selector);
                if rules.is_empty() {
                    return Err(ConfigError::BadFlag {
                        what,
                        value: selector.to_string(),
                        reason: "no rule has this code".into(),
                        help: unknown_code_help(selector),
                    });
                }
                codes.extend(rules.iter().map(|r| r.code));
            }
            Ok(codes)
        };
        if let Some(select) = select {
            self.enabled = parse("--select", select)?;
        }
        if let Some(extend) = extend_select {
            self.enabled.extend(parse("--extend-select", extend)?);
        }
        if let Some(ignore) = ignore {
            let ignored = parse("--ignore", ignore)?;
            self.enabled.retain(|code| !ignored.contains(code));
        }
        self.enabled.sort_unstable();
        self.enabled.dedup();
        Ok(())
    }

    pub fn is_enabled(&self, code: &str) -> bool {
        self.enabled.contains(&code)
    }

    /// Whether `--fix` may fix findings of this rule (`unfixable` turns it off).
    pub fn is_fixable(&self, code: &str) -> bool {
        !self.unfixable.contains(&code)
    }

    pub fn severity(&self, rule: &RuleInfo) -> Severity {
        self.severity
            .get(rule.code)
            .copied()
            .unwrap_or(rule.default_severity)
    }

    /// Whether `path` is excluded: a pattern matches the path relative to the root, or the
    /// name of the file or of one of its directories (so `node_modules` excludes them all).
    pub fn is_excluded(&self, path: &Path) -> bool {
        let relative = self.relative(path);
        self.exclude.is_match(&relative)
            || relative
                .components()
                .any(|c| self.exclude.is_match(Path::new(c.as_os_str())))
    }

    /// The settings in effect, as the config file would spell them (`--show-settings`): every
    /// key with its value, defaults included, and each enabled rule's severity.
    pub fn show(&self) -> String {
        let list = |items: &[String]| {
            let quoted: Vec<String> = items.iter().map(|item| format!("{item:?}")).collect();
            format!("[{}]", quoted.join(", "))
        };
        let codes = |codes: &[&str]| list(&codes.iter().map(|c| c.to_string()).collect::<Vec<_>>());
        let platform = match self.platform {
            Some(platform) => format!("platform = {:?}", platform.facts().config_name),
            None => "# platform: not set, each deployment's own from its manifests".to_string(),
        };
        let mut out = vec![
            format!(
                "root = {:?}",
                crate::files::display_path(self.root.strip_prefix(&self.cwd).unwrap_or(&self.root))
            ),
            format!("select = {}", codes(&self.enabled)),
            format!("exclude = {}", list(&self.exclude_patterns)),
            format!("include-tests = {}", self.include_tests),
            format!("include-minified = {}", self.include_minified),
            format!("include-dev-files = {}", self.include_dev_files),
            format!("include-dev-starts = {}", self.include_dev_starts),
            format!(
                "follow-links = {}  # command line and editor only",
                self.follow_links
            ),
            platform,
            format!("max-file-size = {}", self.max_file_size),
            format!("unsafe-fixes = {}", self.unsafe_fixes),
            format!("unfixable = {}", codes(&self.unfixable)),
            String::new(),
            "[per-file-ignores]".to_string(),
        ];
        for (pattern, (_, ignored)) in self
            .per_file_ignore_patterns
            .iter()
            .zip(&self.per_file_ignores)
        {
            out.push(format!("{pattern:?} = {}", codes(ignored)));
        }
        out.push(String::new());
        out.push("[severity]".to_string());
        for rule in ALL_RULES.iter().filter(|rule| self.is_enabled(rule.code)) {
            out.push(format!(
                "{} = {:?}",
                rule.code,
                self.severity(rule).to_string()
            ));
        }
        out.join("\n") + "\n"
    }

    /// Whether a per-file ignore silences `code` in `path`.
    pub fn is_ignored_in(&self, path: &Path, code: &str) -> bool {
        let relative = self.relative(path);
        let name = path.file_name().map(Path::new);
        self.per_file_ignores.iter().any(|(set, codes)| {
            codes.contains(&code)
                && (set.is_match(&relative) || name.is_some_and(|n| set.is_match(n)))
        })
    }

    fn relative(&self, path: &Path) -> PathBuf {
        let absolute = clean(&self.cwd.join(path));
        match absolute.strip_prefix(&self.absolute_root) {
            Ok(relative) => relative.to_path_buf(),
            Err(_) => absolute,
        }
    }
}

/// Validation errors need an origin; the built-in defaults have none and cannot fail.
fn unreachable_default() -> ConfigError {
    ConfigError::Unreadable {
        path: "<defaults>".into(),
        reason: "the built-in defaults are invalid".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(toml: &str) -> Result<Settings, ConfigError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bindlint.toml");
        std::fs::write(&path, toml).unwrap();
        load(&path)
    }

    #[test]
    fn include_dev_is_both_and_the_split_keys_win() {
        let both = settings("include-dev = true\n").unwrap();
        assert!(both.include_dev_files && both.include_dev_starts);
        let files = settings("include-dev-files = true\n").unwrap();
        assert!(files.include_dev_files && !files.include_dev_starts);
        let starts = settings("include-dev = true\ninclude-dev-files = false\n").unwrap();
        assert!(!starts.include_dev_files && starts.include_dev_starts);
        let mut overridden = Settings::default();
        let overrides = Overrides {
            include_dev: Some(true),
            include_dev_starts: Some(false),
            ..Overrides::default()
        };
        overridden.apply_overrides(&overrides).unwrap();
        assert!(overridden.include_dev_files && !overridden.include_dev_starts);
    }

    #[test]
    fn selection_by_code_prefix_and_all() {
        let s = settings("select = [\"BL1\"]\nextend-select = [\"BL203\"]\nignore = [\"BL103\"]\n")
            .unwrap();
        assert!(s.is_enabled("BL101") && s.is_enabled("BL102") && s.is_enabled("BL203"));
        assert!(!s.is_enabled("BL103") && !s.is_enabled("BL201"));
        let all = settings("select = [\"ALL\"]\n").unwrap();
        assert!(ALL_RULES.iter().all(|r| all.is_enabled(r.code)));
    }

    #[test]
    fn severity_overrides() {
        let s = settings("[severity]\nBL202 = \"error\"\n").unwrap();
        assert_eq!(
            s.severity(&crate::rules::port::MISSING_PORT_ENV),
            Severity::Error
        );
        assert_eq!(
            s.severity(&crate::rules::port::HARDCODED_PORT),
            Severity::Warning
        );
    }

    #[test]
    fn errors_point_into_the_file() {
        let error = settings("select = [\"BL101\", \"BL999\"]\n").unwrap_err();
        let ConfigError::Invalid(invalid) = error else {
            panic!("{error:?}")
        };
        assert_eq!(invalid.message, "unknown rule code `BL999`");
        assert_eq!((invalid.span.offset(), invalid.span.len()), (19, 7));
        let error = settings("select = [\"BL1O1\"]\n").unwrap_err();
        assert!(
            matches!(error, ConfigError::Invalid(ref e)
                if e.help.as_deref().is_some_and(|h| h.starts_with("did you mean `BL101`?"))),
            "{error:?}"
        );
        let error = settings("selct = [\"BL101\"]\n").unwrap_err();
        let ConfigError::Invalid(invalid) = error else {
            panic!("{error:?}")
        };
        assert_eq!(invalid.message, "invalid config: unknown key `selct`");
        let help = invalid.help.unwrap();
        assert!(
            help.starts_with("did you mean `select`? (keys: select, "),
            "{help}"
        );
        assert_eq!(
            help.matches("extend-select").count(),
            1,
            "the keys once: {help}"
        );
        let error = settings("platform = \"herku\"\n").unwrap_err();
        assert!(
            matches!(error, ConfigError::Invalid(ref e)
                if e.help.as_deref().is_some_and(|h| h.starts_with("did you mean `heroku`?"))),
            "{error:?}"
        );
        let error = settings("[severity]\nBL101 = \"fatal\"\n").unwrap_err();
        assert!(
            matches!(error, ConfigError::Invalid(ref e) if e.message == "invalid severity `fatal`")
        );
        let error = settings("include-tests = \"yes\"\n").unwrap_err();
        assert!(
            matches!(error, ConfigError::Invalid(ref e) if e.message.contains("expected a boolean"))
        );
    }

    #[test]
    fn flags_validate_codes() {
        let mut s = Settings::default();
        s.apply_flags(Some("BL101,BL2"), None, Some("BL204"))
            .unwrap();
        assert!(
            s.is_enabled("BL101")
                && s.is_enabled("BL201")
                && !s.is_enabled("BL204")
                && !s.is_enabled("BL102")
        );
        assert!(s.apply_flags(Some("XX1"), None, None).is_err());
    }

    #[test]
    fn pyproject_section_is_found_walking_up() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(
            dir.path().join("a/pyproject.toml"),
            "[project]\nname = \"x\"\n",
        )
        .unwrap();
        assert_eq!(find(&nested), None);
        std::fs::write(
            dir.path().join("pyproject.toml"),
            "[tool.bindlint]\nignore = [\"BL202\"]\n",
        )
        .unwrap();
        let found = find(&nested).unwrap();
        assert_eq!(found, dir.path().join("pyproject.toml"));
        assert!(!load(&found).unwrap().is_enabled("BL202"));
    }

    #[test]
    fn excludes_and_per_file_ignores_match_relative_paths_and_names() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bindlint.toml");
        std::fs::write(&path, "extend-exclude = [\"legacy/**\"]\n[per-file-ignores]\n\"scripts/*.py\" = [\"BL201\"]\n\"manage.py\" = [\"BL1\"]\n").unwrap();
        let s = load(&path).unwrap();
        assert!(s.is_excluded(&dir.path().join("legacy/app.py")));
        assert!(s.is_excluded(&dir.path().join("web/node_modules/x/app.js")));
        assert!(!s.is_excluded(&dir.path().join("web/app.py")));
        assert!(s.is_ignored_in(&dir.path().join("scripts/dev.py"), "BL201"));
        assert!(!s.is_ignored_in(&dir.path().join("scripts/dev.py"), "BL101"));
        assert!(s.is_ignored_in(&dir.path().join("site/manage.py"), "BL102"));
    }
}
