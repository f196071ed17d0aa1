//! The data every stage shares: rule metadata, categories, severities, hits and outcomes.
//!
//! Categories and severity weights are data, not code: the scorer is a pure function of these.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The eight graded categories, in the order of the seed documents' score table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Security,
    Reliability,
    Performance,
    Monitoring,
    Deployment,
    Documentation,
    Testing,
    Architecture,
}

impl Category {
    pub const ALL: [Category; 8] = [
        Category::Security,
        Category::Reliability,
        Category::Performance,
        Category::Monitoring,
        Category::Deployment,
        Category::Documentation,
        Category::Testing,
        Category::Architecture,
    ];

    /// Stable machine id (`security`), used in JSON and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Category::Security => "security",
            Category::Reliability => "reliability",
            Category::Performance => "performance",
            Category::Monitoring => "monitoring",
            Category::Deployment => "deployment",
            Category::Documentation => "documentation",
            Category::Testing => "testing",
            Category::Architecture => "architecture",
        }
    }

    /// Display name (`Security`).
    pub fn name(self) -> &'static str {
        match self {
            Category::Security => "Security",
            Category::Reliability => "Reliability",
            Category::Performance => "Performance",
            Category::Monitoring => "Monitoring",
            Category::Deployment => "Deployment",
            Category::Documentation => "Documentation",
            Category::Testing => "Testing",
            Category::Architecture => "Architecture",
        }
    }

    pub fn from_id(id: &str) -> Option<Category> {
        Category::ALL.into_iter().find(|c| c.id() == id.to_ascii_lowercase())
    }
}

/// How bad a failing rule is; decides the rule's weight in its category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
    Critical,
}

impl Severity {
    /// Weight in the category score: critical 4, high 3, medium 2, low 1.
    pub fn weight(self) -> u32 {
        match self {
            Severity::Critical => 4,
            Severity::High => 3,
            Severity::Medium => 2,
            Severity::Low => 1,
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::High => "high",
            Severity::Medium => "medium",
            Severity::Low => "low",
        }
    }
}

/// One "how to fix it" snippet, for one framework (or `generic`).
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Remediation {
    /// Framework id as detected (`fastapi`, `express`, `gin`, …) or `generic`.
    pub framework: String,
    /// Language of the snippet, for markdown fences (`python`, `typescript`, `dockerfile`, …).
    #[serde(default)]
    pub lang: String,
    /// A short code or config snippet, like the seeds' "Action Required" blocks.
    pub snippet: String,
}

/// Everything a user reads about a rule, identical for native and declarative rules.
#[derive(Clone, Debug, Serialize)]
pub struct RuleMeta {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub title: String,
    /// Why it matters.
    pub rationale: String,
    /// How readycheck decides, in prose.
    pub detection: String,
    /// Conditions under which the rule applies (`service`, `docker`, …); empty means any repository.
    pub applies_to: Vec<String>,
    pub remediation: Vec<Remediation>,
    /// Effort to fix, in hours, as the seed documents estimate.
    pub effort_hours: f64,
    /// Short text printed when the rule passes (`"rate limiter found"`).
    pub pass_message: String,
    /// Short text printed when the rule fails (`"no rate limiter guards the API"`).
    pub fail_message: String,
}

impl RuleMeta {
    /// The snippet for the first detected framework that has one, else the generic one, else the first.
    pub fn remediation_for<'a>(&'a self, frameworks: &[String]) -> Option<&'a Remediation> {
        frameworks
            .iter()
            .find_map(|f| self.remediation.iter().find(|r| &r.framework == f))
            .or_else(|| self.remediation.iter().find(|r| r.framework == "generic"))
            .or_else(|| self.remediation.first())
    }
}

/// A located observation a rule made while looking at one file.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// Path relative to the scanned root, `/`-separated.
    pub path: String,
    /// 1-based line; 0 when the observation concerns the whole file.
    pub line: usize,
    /// 1-based column; 0 when unknown.
    pub column: usize,
}

/// A problem found by a rule: where, and what.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
    /// The offending line, trimmed, with secrets redacted; omitted when the finding is about absence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
}

/// Something a rule found that supports a pass (or that a cross-file rule needs).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Evidence {
    #[serde(flatten)]
    pub location: Location,
    pub message: String,
}

/// What a rule emitted while scanning one file; the engine groups them per rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Hit {
    Finding(Finding),
    Evidence(Evidence),
    /// A keyed fact for cross-file reasoning (e.g. `tag = "route"`), with its location.
    Fact {
        tag: String,
        value: String,
        location: Location,
    },
}

/// The verdict of one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Pass,
    Fail,
    NotApplicable,
}

/// What a rule concluded about the whole project.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub status: Status,
    /// 1.0 for pass, 0.0 for fail, a fraction for graded rules; 0 for n/a (unused).
    pub credit: f64,
    /// One line: why it passed, failed or does not apply.
    pub message: String,
    pub findings: Vec<Finding>,
    pub evidence: Vec<Evidence>,
}

impl Outcome {
    pub fn pass(message: impl Into<String>, evidence: Vec<Evidence>) -> Outcome {
        Outcome {
            status: Status::Pass,
            credit: 1.0,
            message: message.into(),
            findings: vec![],
            evidence,
        }
    }

    /// A pass backed by at most `max` pieces of evidence, sorted and deduplicated first so the
    /// ones kept do not depend on the order files were read in.
    pub fn pass_capped(message: impl Into<String>, mut evidence: Vec<Evidence>, max: usize) -> Outcome {
        evidence.sort();
        evidence.dedup();
        evidence.truncate(max);
        Outcome::pass(message, evidence)
    }

    pub fn fail(message: impl Into<String>, findings: Vec<Finding>) -> Outcome {
        Outcome {
            status: Status::Fail,
            credit: 0.0,
            message: message.into(),
            findings,
            evidence: vec![],
        }
    }

    pub fn not_applicable(reason: impl Into<String>) -> Outcome {
        Outcome {
            status: Status::NotApplicable,
            credit: 0.0,
            message: reason.into(),
            findings: vec![],
            evidence: vec![],
        }
    }

    /// Sorts and deduplicates findings and evidence so output is deterministic.
    pub fn normalize(&mut self) {
        self.findings.sort();
        self.findings.dedup();
        self.evidence.sort();
        self.evidence.dedup();
    }
}

/// A problem with the scan itself (unreadable file, malformed manifest): reported, never fatal.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Warning {
    /// Path relative to the scanned root, or empty for scan-wide warnings.
    pub path: String,
    pub message: String,
}

/// Counters describing the scan, for `--stats` and the JSON.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stats {
    pub files_walked: usize,
    pub files_read: usize,
    pub files_parsed: usize,
    pub skipped_binary: usize,
    pub skipped_oversize: usize,
    pub skipped_unreadable: usize,
    pub bytes_read: u64,
    pub languages: BTreeMap<String, usize>,
}

/// A finding, or a whole failing rule, that the team accepted as a risk, and why.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Suppressed {
    pub rule: String,
    /// The suppressed finding's location; an empty path means the whole rule was waived.
    #[serde(flatten)]
    pub location: Location,
    /// What the suppressed finding said (or the rule's failure message for a waived rule).
    pub message: String,
    /// The finding's (redacted) line, as in [`Finding::snippet`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub snippet: Option<String>,
    pub reason: String,
    /// Where the suppression is written: `src/app.py:12` for a comment, `readycheck.toml` for a
    /// `[[suppress]]` entry.
    pub source: String,
    /// `YYYY-MM-DD` after which a config suppression stops applying.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}
