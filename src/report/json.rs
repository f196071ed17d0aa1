//! The JSON report: stable, sorted, documented in the README; every score in it can be
//! recomputed from the per-rule `weight`, `credit` and `outcome` it lists.

use super::{RenderOptions, Report};
use crate::engine::ScanResult;
use crate::model::{Evidence, Finding, Status, Warning};
use serde::Serialize;

/// Bumped when a field is removed or changes meaning; additions keep the version.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Serialize)]
struct Doc<'a> {
    schema_version: u32,
    tool: Tool,
    scoring_model: &'static str,
    /// Hash of the active ruleset: the same hash and scoring model mean comparable scores.
    ruleset: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    root: &'a str,
    overall: Overall,
    categories: Vec<Category>,
    /// Scores before suppressions; present only when something was suppressed.
    #[serde(skip_serializing_if = "Option::is_none")]
    raw: Option<Raw>,
    /// Every suppression that applied, with its reason and source.
    suppressed: &'a [crate::model::Suppressed],
    stack: &'a crate::detect::Stack,
    rules: Vec<RuleOut<'a>>,
    warnings: &'a [Warning],
    stats: &'a crate::model::Stats,
}

#[derive(Serialize)]
struct Tool {
    name: &'static str,
    version: &'static str,
}

#[derive(Serialize)]
struct Overall {
    score: f64,
    status: &'static str,
    verdict: &'static str,
}

#[derive(Serialize)]
struct Raw {
    overall: f64,
    verdict: &'static str,
    /// Category id → raw score (`null` when not applicable).
    categories: std::collections::BTreeMap<&'static str, Option<f64>>,
}

#[derive(Serialize)]
struct Category {
    id: &'static str,
    name: &'static str,
    score: Option<f64>,
    status: Option<&'static str>,
    passed: usize,
    applicable: usize,
    capped: bool,
}

#[derive(Serialize)]
struct RuleOut<'a> {
    id: &'a str,
    title: &'a str,
    category: &'static str,
    severity: &'static str,
    weight: u32,
    outcome: &'static str,
    credit: f64,
    message: &'a str,
    effort_hours: f64,
    findings: Vec<FindingOut<'a>>,
    evidence: &'a [Evidence],
}

/// A finding plus the fingerprint baselines match it by.
#[derive(Serialize)]
struct FindingOut<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    fingerprint: String,
}

fn outcome_id(s: Status) -> &'static str {
    match s {
        Status::Pass => "pass",
        Status::Fail => "fail",
        Status::NotApplicable => "n/a",
    }
}

fn status_id(b: crate::score::Band) -> &'static str {
    match b {
        crate::score::Band::Critical => "critical",
        crate::score::Band::NeedsWork => "needs_work",
        crate::score::Band::Good => "good",
    }
}

pub struct JsonReport;

impl Report for JsonReport {
    fn render(&self, r: &ScanResult, _opts: &RenderOptions) -> String {
        let doc = Doc {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "readycheck",
                version: env!("CARGO_PKG_VERSION"),
            },
            scoring_model: crate::score::SCORING_MODEL,
            ruleset: &r.ruleset,
            date: r.date.as_deref(),
            root: &r.project.name,
            overall: Overall {
                score: r.scores.overall,
                status: status_id(r.scores.status),
                verdict: r.scores.verdict.label(),
            },
            categories: r
                .scores
                .categories
                .iter()
                .map(|c| Category {
                    id: c.category.id(),
                    name: c.category.name(),
                    score: c.score,
                    status: c.status.map(status_id),
                    passed: c.passed,
                    applicable: c.applicable,
                    capped: c.capped,
                })
                .collect(),
            raw: (!r.suppressed.is_empty()).then(|| Raw {
                overall: r.raw_scores.overall,
                verdict: r.raw_scores.verdict.label(),
                categories: r.raw_scores.categories.iter().map(|c| (c.category.id(), c.score)).collect(),
            }),
            suppressed: &r.suppressed,
            stack: &r.project.stack,
            rules: r
                .rules
                .iter()
                .map(|x| RuleOut {
                    id: &x.meta.id,
                    title: &x.meta.title,
                    category: x.meta.category.id(),
                    severity: x.meta.severity.id(),
                    weight: x.meta.severity.weight(),
                    outcome: outcome_id(x.outcome.status),
                    credit: x.outcome.credit,
                    message: &x.outcome.message,
                    effort_hours: x.meta.effort_hours,
                    findings: x
                        .outcome
                        .findings
                        .iter()
                        .map(|f| FindingOut {
                            finding: f,
                            fingerprint: crate::baseline::fingerprint(&x.meta.id, f),
                        })
                        .collect(),
                    evidence: &x.outcome.evidence,
                })
                .collect(),
            warnings: &r.project.warnings,
            stats: &r.project.stats,
        };
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}
