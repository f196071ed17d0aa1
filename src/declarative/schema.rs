//! The TOML schema of a declarative rule, as users write it in `rules/` or `.readycheck/rules/`.
//!
//! Deserialization is strict (`deny_unknown_fields`); meaning is checked in a second phase
//! ([`super::compile`]) that reports the file and key path of each problem.

use crate::model::{Category, Remediation, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

/// Whether the matched thing is good (must be present) or bad (must be absent).
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    /// The rule passes when the matcher is satisfied.
    Require,
    /// The rule fails when the matcher is satisfied; each match is a finding.
    Forbid,
}

/// One rule file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    pub rationale: String,
    #[serde(default)]
    pub detection: Option<String>,
    #[serde(default)]
    pub applies_to: Vec<String>,
    pub effort_hours: f64,
    pub polarity: Polarity,
    pub pass_message: String,
    pub fail_message: String,
    #[serde(rename = "match")]
    pub matcher: MatcherSpec,
    #[serde(default)]
    pub remediation: Vec<Remediation>,
}

/// A matcher: exactly one of `any`, `all`, `not`, `files`, `content`, `dependency`, `query`;
/// `paths`, `lang`, `include_tests` and `message` qualify it.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct MatcherSpec {
    /// Satisfied when any child is.
    pub any: Option<Vec<MatcherSpec>>,
    /// Satisfied when every child is (anywhere in the project, not necessarily in one file).
    pub all: Option<Vec<MatcherSpec>>,
    /// Satisfied when the child is not.
    pub not: Option<Box<MatcherSpec>>,
    /// Globs on the path relative to the root: satisfied when such a file exists.
    pub files: Option<Vec<String>>,
    /// A regular expression searched in file contents (scoped by `paths`).
    pub content: Option<String>,
    /// Package names per ecosystem (`npm`, `pypi`, `cargo`, `go`, `maven`); a trailing `*` is a prefix.
    pub dependency: Option<BTreeMap<String, Vec<String>>>,
    /// A tree-sitter query, run on files of `lang`; the `@match` capture (or the first) locates hits.
    pub query: Option<String>,
    /// Languages for `query` (and a filter for `content`).
    pub lang: Option<Vec<String>>,
    /// Globs restricting which files `content` / `query` look at.
    pub paths: Option<Vec<String>>,
    /// Also look inside tests (default: tests, fixtures, examples and vendored code are ignored).
    #[serde(default)]
    pub include_tests: bool,
    /// What a hit of this matcher means, in the report (`"express-rate-limit middleware"`).
    pub message: Option<String>,
    /// Appended to the pass message when only noted matchers satisfied the rule
    /// (`"a platform build config, not a Dockerfile"`).
    pub note: Option<String>,
}
