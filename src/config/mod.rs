//! `readycheck.toml`: what to scan, which rules run and how hard, the CI gates, and accepted risks.
//!
//! The config is strict on purpose: a typo in a gate or a rule id would otherwise loosen a CI
//! check silently. Every error names the file, the dotted key path and what was expected, and the
//! CLI turns it into exit code 2. The types here are the single source of the JSON Schema
//! (`readycheck config-schema`) and of `readycheck init`'s commented template.

mod ruleset;
mod template;
mod validate;

pub use ruleset::{apply as apply_to_rules, load_custom_rules};
pub use template::TEMPLATE;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// File name looked up at the scanned root when `--config` is not given.
pub const FILE_NAME: &str = "readycheck.toml";

/// Default folder for a project's own declarative rules.
pub const DEFAULT_CUSTOM_RULES: &str = ".readycheck/rules";

/// The whole configuration file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
#[schemars(title = "readycheck configuration (readycheck.toml)")]
pub struct Config {
    pub scan: ScanConfig,
    pub rules: RulesConfig,
    pub gate: GateConfig,
    /// Accepted risks: findings (or whole rules) that no longer count against the score.
    pub suppress: Vec<SuppressEntry>,
}

/// What is scanned.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ScanConfig {
    /// Globs (gitignore syntax, relative to the scanned root) of paths never scanned, on top of
    /// `.gitignore`, `.ignore` and `.readycheckignore`.
    pub exclude: Vec<String>,
    /// Files larger than this many bytes are skipped (and listed as skipped).
    pub max_file_size: u64,
}

impl Default for ScanConfig {
    fn default() -> Self {
        ScanConfig {
            exclude: vec![],
            max_file_size: crate::discover::DEFAULT_MAX_FILE_SIZE,
        }
    }
}

/// Which rules run, and how severe each is.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RulesConfig {
    /// When non-empty, only these rules run: rule ids or category ids (`security`). Custom rules
    /// must be listed too.
    pub enable: Vec<String>,
    /// Rules that never run: rule ids or category ids. Applied after `enable`.
    pub disable: Vec<String>,
    /// Severity overrides by rule id, e.g. `todo-density = "medium"`; the severity decides a
    /// rule's weight in its category and the `--fail-on` gate.
    pub severity: BTreeMap<String, crate::model::Severity>,
    pub custom: CustomRules,
}

/// The project's own rules, written in the same TOML schema as the built-in `rules/`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CustomRules {
    /// Folders (relative to the config file) whose `*.toml` files are rules. A missing default
    /// folder is fine; a missing folder you named is an error.
    pub paths: Vec<String>,
}

impl Default for CustomRules {
    fn default() -> Self {
        CustomRules {
            paths: vec![DEFAULT_CUSTOM_RULES.to_string()],
        }
    }
}

/// CI gates; each is also a command-line flag, and the flag wins.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct GateConfig {
    /// Fail when the overall score is below this (0–10).
    pub fail_under: Option<f64>,
    /// Fail when a category scores below its threshold, e.g. `{ security = 6 }`.
    pub fail_under_category: BTreeMap<String, f64>,
    /// Fail when any rule of this severity or worse fails.
    pub fail_on: Option<crate::model::Severity>,
    /// A previous JSON report (relative to the config file) to compare against.
    pub baseline: Option<String>,
    /// With a baseline: fail when a category score drops or a rule that passed now fails.
    pub fail_on_regression: bool,
}

/// One accepted risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SuppressEntry {
    /// The rule id.
    pub rule: String,
    /// Glob of the files whose findings are accepted (`src/legacy/**`). Without it the whole rule
    /// is waived, including failures about something missing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// Why the risk is accepted; shown in every report.
    pub reason: String,
    /// `YYYY-MM-DD`: the last day the suppression applies; after it, a warning says it expired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

/// A config problem: which file, which key, what was expected.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{file}: {}{message}", key_prefix(.key, .line))]
pub struct ConfigError {
    pub file: String,
    /// Dotted key path (`gate.fail_under_category.security`), empty for whole-file errors.
    pub key: String,
    pub line: Option<usize>,
    pub message: String,
}

fn key_prefix(key: &str, line: &Option<usize>) -> String {
    match (key.is_empty(), line) {
        (true, Some(l)) => format!("line {l}: "),
        (true, None) => String::new(),
        (false, Some(l)) => format!("`{key}` (line {l}): "),
        (false, None) => format!("`{key}`: "),
    }
}

/// A loaded config and where it came from (custom rule paths and the baseline are relative to it).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub config: Config,
    /// The file read, or `None` when no config exists and defaults apply.
    pub path: Option<PathBuf>,
}

impl Loaded {
    /// The directory relative paths in the config are resolved against.
    pub fn base_dir(&self, scan_root: &Path) -> PathBuf {
        match self.path.as_deref().and_then(Path::parent) {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None if scan_root.is_dir() => scan_root.to_path_buf(),
            None => scan_root.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from(".")),
        }
    }
}

/// Finds and parses the config: `explicit` when given (it must exist), else `readycheck.toml` at
/// the scanned root when present, else defaults.
pub fn load(explicit: Option<&Path>, scan_root: &Path) -> Result<Loaded, ConfigError> {
    let path = match explicit {
        Some(p) => p.to_path_buf(),
        None => {
            let candidate = if scan_root.is_dir() {
                scan_root.join(FILE_NAME)
            } else {
                PathBuf::from(FILE_NAME)
            };
            if scan_root.is_dir() && candidate.is_file() {
                candidate
            } else {
                return Ok(Loaded::default());
            }
        }
    };
    let display = path.display().to_string();
    let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
        file: display.clone(),
        key: String::new(),
        line: None,
        message: format!("cannot read the config: {e}"),
    })?;
    let config = parse(&display, &text)?;
    Ok(Loaded { config, path: Some(path) })
}

/// Parses and validates config text; `file` names it in errors.
pub fn parse(file: &str, text: &str) -> Result<Config, ConfigError> {
    let de = toml::Deserializer::parse(text).map_err(|e| ConfigError {
        file: file.to_string(),
        key: String::new(),
        line: e.span().map(|s| line_of(text, s.start)),
        message: first_line(e.message()),
    })?;
    let config: Config = serde_path_to_error::deserialize(de).map_err(|e| {
        let key = e.path().to_string();
        let inner = e.into_inner();
        ConfigError {
            file: file.to_string(),
            key: if key == "." { String::new() } else { key },
            line: inner.span().map(|s| line_of(text, s.start)),
            message: first_line(inner.message()),
        }
    })?;
    validate::check(&config).map_err(|(key, message)| ConfigError {
        file: file.to_string(),
        line: None,
        key,
        message,
    })?;
    Ok(config)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

fn first_line(s: &str) -> String {
    s.trim().lines().next().unwrap_or("").to_string()
}

/// The JSON Schema of the config, generated from the types above.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Config);
    let mut s = serde_json::to_string_pretty(&schema).unwrap_or_default();
    s.push('\n');
    s
}
