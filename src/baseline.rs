//! `--baseline previous.json --fail-on-regression`: compare this scan with an earlier JSON report.
//!
//! A regression is a category (or the overall) score that dropped, or a rule that passed and now
//! fails. Findings are matched by fingerprint — rule id, path, message and the redacted snippet,
//! hashed, never line numbers — so code moving up or down is not "new", and a baseline file never
//! holds more secret text than the report it came from (which holds none).

use crate::engine::ScanResult;
use crate::model::{Finding, Status};
use crate::report::fmt_score;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The fingerprint of one finding; stable across line moves and releases.
pub fn fingerprint(rule: &str, f: &Finding) -> String {
    crate::fingerprint::fnv1a(&[rule, &f.location.path, &f.message, f.snippet.as_deref().unwrap_or("")])
}

/// What readycheck needs from an earlier JSON report (unknown fields are ignored, so a report
/// from a newer release still loads).
#[derive(Debug, Deserialize)]
pub struct Baseline {
    pub scoring_model: String,
    #[serde(default)]
    pub ruleset: Option<String>,
    pub overall: BaselineOverall,
    pub categories: Vec<BaselineCategory>,
    pub rules: Vec<BaselineRule>,
}

#[derive(Debug, Deserialize)]
pub struct BaselineOverall {
    pub score: f64,
}

#[derive(Debug, Deserialize)]
pub struct BaselineCategory {
    pub id: String,
    pub score: Option<f64>,
}

#[derive(Debug, Deserialize)]
pub struct BaselineRule {
    pub id: String,
    pub outcome: String,
    #[serde(default)]
    pub findings: Vec<BaselineFinding>,
}

#[derive(Debug, Deserialize)]
pub struct BaselineFinding {
    #[serde(default)]
    pub fingerprint: Option<String>,
}

/// Reads a baseline; the error says which file and what is wrong with it.
pub fn load(path: &Path) -> Result<Baseline, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read baseline `{}`: {e}", path.display()))?;
    let de = &mut serde_json::Deserializer::from_str(&text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        format!(
            "baseline `{}` is not a readycheck JSON report (`{}`: {}); write one with `readycheck scan -f json -o FILE`",
            path.display(),
            e.path(),
            e.inner()
        )
    })
}

/// How this scan compares with the baseline.
#[derive(Debug, Default, PartialEq)]
pub struct Comparison {
    /// Sentences, one per regression (score drops, rules that started failing).
    pub regressions: Vec<String>,
    /// Findings whose fingerprint the baseline does not have.
    pub new_findings: usize,
    /// Baseline findings no longer present.
    pub fixed_findings: usize,
    /// Set when the baseline was graded by another scoring model or ruleset.
    pub note: Option<String>,
}

/// Compares `r` with `base`.
pub fn compare(r: &ScanResult, base: &Baseline) -> Comparison {
    let mut c = Comparison::default();
    if base.scoring_model != crate::score::SCORING_MODEL || base.ruleset.as_deref().is_some_and(|x| x != r.ruleset) {
        c.note = Some(format!(
            "the baseline was graded by scoring model {} / ruleset {}, this run by {} / {}; score changes may come from that",
            base.scoring_model,
            base.ruleset.as_deref().unwrap_or("unknown"),
            crate::score::SCORING_MODEL,
            r.ruleset
        ));
    }
    const EPS: f64 = 1e-9;
    if r.scores.overall < base.overall.score - EPS {
        c.regressions.push(format!(
            "overall score dropped from {} to {} since the baseline",
            fmt_score(base.overall.score),
            fmt_score(r.scores.overall)
        ));
    }
    let before: BTreeMap<&str, Option<f64>> = base.categories.iter().map(|x| (x.id.as_str(), x.score)).collect();
    for cat in &r.scores.categories {
        if let (Some(Some(old)), Some(new)) = (before.get(cat.category.id()), cat.score)
            && new < old - EPS
        {
            c.regressions.push(format!(
                "{} score dropped from {} to {} since the baseline",
                cat.category.id(),
                fmt_score(*old),
                fmt_score(new)
            ));
        }
    }
    let passed_before: BTreeSet<&str> = base.rules.iter().filter(|x| x.outcome == "pass").map(|x| x.id.as_str()).collect();
    let mut newly_failing: Vec<&str> = r
        .rules
        .iter()
        .filter(|x| x.outcome.status == Status::Fail && passed_before.contains(x.meta.id.as_str()))
        .map(|x| x.meta.id.as_str())
        .collect();
    newly_failing.sort();
    if !newly_failing.is_empty() {
        c.regressions.push(format!(
            "{} rule(s) passed in the baseline and fail now: {}",
            newly_failing.len(),
            newly_failing.join(", ")
        ));
    }
    let old: BTreeSet<&str> = base
        .rules
        .iter()
        .flat_map(|x| x.findings.iter().filter_map(|f| f.fingerprint.as_deref()))
        .collect();
    let now: BTreeSet<String> = r
        .rules
        .iter()
        .flat_map(|x| x.outcome.findings.iter().map(|f| fingerprint(&x.meta.id, f)))
        .collect();
    c.new_findings = now.iter().filter(|f| !old.contains(f.as_str())).count();
    c.fixed_findings = old.iter().filter(|f| !now.contains(**f)).count();
    c
}
