//! The scoring model: a pure function of rule outcomes. Nothing else in readycheck computes numbers.
//!
//! - a rule's weight comes from its severity (critical 4, high 3, medium 2, low 1);
//! - category score = 10 × Σ(weight × credit) / Σ(weight) over applicable rules, rounded to one
//!   decimal; a failing critical rule caps its category at 4.0; no applicable rule → `n/a`;
//! - overall = mean of the applicable category scores, rounded to two decimals;
//! - status: Critical below 5.0, Needs work 5.0–6.9, Good 7.0 and above;
//! - verdict: READY when overall ≥ 7.0 and no category is Critical.

use crate::model::{Category, Outcome, RuleMeta, Severity, Status};
use serde::Serialize;

/// Version of this model, recorded in reports so a gate never moves silently.
pub const SCORING_MODEL: &str = "1";

/// Score ceiling for a category with a failing critical rule.
pub const CRITICAL_CAP: f64 = 4.0;

/// The status band of a score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Critical,
    NeedsWork,
    Good,
}

impl Band {
    pub fn of(score: f64) -> Band {
        if score < 5.0 {
            Band::Critical
        } else if score < 7.0 {
            Band::NeedsWork
        } else {
            Band::Good
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Critical => "Critical",
            Band::NeedsWork => "Needs work",
            Band::Good => "Good",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Band::Critical => "🔴",
            Band::NeedsWork => "🟡",
            Band::Good => "✅",
        }
    }
}

/// The overall verdict.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    #[serde(rename = "READY")]
    Ready,
    #[serde(rename = "NOT READY")]
    NotReady,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Ready => "READY",
            Verdict::NotReady => "NOT READY",
        }
    }
}

/// One category's result.
#[derive(Clone, Debug, Serialize)]
pub struct CategoryScore {
    pub category: Category,
    pub score: Option<f64>,
    pub status: Option<Band>,
    pub passed: usize,
    pub applicable: usize,
    /// True when a failing critical rule capped the score.
    pub capped: bool,
}

/// The whole scored result.
#[derive(Clone, Debug, Serialize)]
pub struct Scores {
    pub categories: Vec<CategoryScore>,
    pub overall: f64,
    pub status: Band,
    pub verdict: Verdict,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Scores rule outcomes. `rules` pairs each rule's metadata with its outcome.
pub fn score<'a>(rules: impl IntoIterator<Item = (&'a RuleMeta, &'a Outcome)> + Clone) -> Scores {
    let mut categories = vec![];
    for cat in Category::ALL {
        let (mut num, mut den, mut passed, mut applicable, mut capped) = (0.0, 0.0, 0, 0, false);
        for (meta, outcome) in rules.clone() {
            if meta.category != cat || outcome.status == Status::NotApplicable {
                continue;
            }
            let w = f64::from(meta.severity.weight());
            applicable += 1;
            den += w;
            num += w * outcome.credit.clamp(0.0, 1.0);
            if outcome.status == Status::Pass {
                passed += 1;
            }
            if outcome.status == Status::Fail && meta.severity == Severity::Critical {
                capped = true;
            }
        }
        let score = (den > 0.0).then(|| {
            let raw = round(10.0 * num / den, 1);
            if capped { raw.min(CRITICAL_CAP) } else { raw }
        });
        categories.push(CategoryScore {
            category: cat,
            score,
            status: score.map(Band::of),
            passed,
            applicable,
            capped: capped && score.is_some_and(|s| s <= CRITICAL_CAP),
        });
    }
    let applicable: Vec<f64> = categories.iter().filter_map(|c| c.score).collect();
    let overall = if applicable.is_empty() {
        0.0
    } else {
        round(applicable.iter().sum::<f64>() / applicable.len() as f64, 2)
    };
    let any_critical = categories.iter().any(|c| c.status == Some(Band::Critical));
    let verdict = if overall >= 7.0 && !any_critical {
        Verdict::Ready
    } else {
        Verdict::NotReady
    };
    Scores {
        categories,
        overall,
        status: Band::of(overall),
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(cat: Category, sev: Severity) -> RuleMeta {
        RuleMeta {
            id: "x".into(),
            category: cat,
            severity: sev,
            title: String::new(),
            rationale: String::new(),
            detection: String::new(),
            applies_to: vec![],
            remediation: vec![],
            effort_hours: 1.0,
            pass_message: String::new(),
            fail_message: String::new(),
        }
    }

    #[test]
    fn seed_scores_average_to_the_seed_overall() {
        // The seed's table 3,4,5,2,3,6,8,7 gives 4.75: build one graded rule per category.
        let seeds = [0.3, 0.4, 0.5, 0.2, 0.3, 0.6, 0.8, 0.7];
        let metas: Vec<RuleMeta> = Category::ALL.iter().map(|c| meta(*c, Severity::Medium)).collect();
        let outcomes: Vec<Outcome> = seeds
            .iter()
            .map(|c| Outcome {
                credit: *c,
                ..Outcome::fail("graded", vec![])
            })
            .collect();
        let s = score(metas.iter().zip(outcomes.iter()));
        assert_eq!(s.overall, 4.75);
        assert_eq!(s.verdict, Verdict::NotReady);
        assert_eq!(s.categories[6].status, Some(Band::Good));
        assert_eq!(s.categories[2].status, Some(Band::NeedsWork));
    }

    #[test]
    fn weights_cap_and_na() {
        let high = meta(Category::Security, Severity::High);
        let crit = meta(Category::Security, Severity::Critical);
        let low = meta(Category::Testing, Severity::Low);
        let pass = Outcome::pass("ok", vec![]);
        let fail = Outcome::fail("bad", vec![]);
        let na = Outcome::not_applicable("n/a");
        // high passes (3), critical fails (4): 10*3/7 = 4.3 → capped at 4.0.
        let s = score([(&high, &pass), (&crit, &fail), (&low, &na)]);
        assert_eq!(s.categories[0].score, Some(4.0));
        assert!(s.categories[0].capped);
        assert_eq!(s.categories[6].score, None);
        assert_eq!(s.overall, 4.0);
        // without the critical failure: 10*3/3.
        let s = score([(&high, &pass), (&crit, &pass)]);
        assert_eq!(s.categories[0].score, Some(10.0));
        assert_eq!(s.verdict, Verdict::Ready);
    }

    #[test]
    fn band_edges() {
        assert_eq!(Band::of(4.99), Band::Critical);
        assert_eq!(Band::of(5.0), Band::NeedsWork);
        assert_eq!(Band::of(6.9), Band::NeedsWork);
        assert_eq!(Band::of(7.0), Band::Good);
    }
}
