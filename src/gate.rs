//! CI gates: a pure function from the scored result and the thresholds to the gates that failed.
//!
//! Each failure carries a sentence saying which gate failed and why, printed on stderr, so a red
//! CI job explains itself.

use crate::engine::ScanResult;
use crate::model::{Category, Severity, Status};
use crate::report::fmt_score;

/// The thresholds a run is held to.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Gates {
    /// Fail when the overall score is below this.
    pub fail_under: Option<f64>,
    /// Fail when a category's score is below its threshold (an `n/a` category never fails).
    pub fail_under_category: Vec<(Category, f64)>,
    /// Fail when any rule of this severity or worse fails.
    pub fail_on: Option<Severity>,
}

impl Gates {
    /// True when no gate is set.
    pub fn is_empty(&self) -> bool {
        self.fail_under.is_none() && self.fail_under_category.is_empty() && self.fail_on.is_none()
    }

    /// The failed gates, each as a sentence; empty when the run passes.
    pub fn check(&self, r: &ScanResult) -> Vec<String> {
        let mut failed = vec![];
        if let Some(min) = self.fail_under
            && r.scores.overall < min
        {
            failed.push(format!(
                "overall score {} is below --fail-under {}",
                fmt_score(r.scores.overall),
                fmt_score(min)
            ));
        }
        for (cat, min) in &self.fail_under_category {
            let Some(c) = r.scores.categories.iter().find(|c| c.category == *cat) else {
                continue;
            };
            if let Some(score) = c.score
                && score < *min
            {
                failed.push(format!(
                    "{} score {} is below {}={}",
                    cat.id(),
                    fmt_score(score),
                    cat.id(),
                    fmt_score(*min)
                ));
            }
        }
        if let Some(sev) = self.fail_on {
            let mut bad: Vec<&str> = r
                .rules
                .iter()
                .filter(|x| x.outcome.status == Status::Fail && x.meta.severity >= sev)
                .map(|x| x.meta.id.as_str())
                .collect();
            bad.sort();
            if !bad.is_empty() {
                failed.push(format!(
                    "{} failing rule(s) of severity {} or worse (--fail-on {}): {}",
                    bad.len(),
                    sev.id(),
                    sev.id(),
                    bad.join(", ")
                ));
            }
        }
        failed
    }
}

/// Parses `security=6` for `--fail-under-category`.
pub fn parse_category_threshold(s: &str) -> Result<(Category, f64), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("`{s}`: expected CATEGORY=SCORE, e.g. security=6"))?;
    let cat = Category::from_id(name.trim()).ok_or_else(|| {
        let ids: Vec<&str> = Category::ALL.iter().map(|c| c.id()).collect();
        format!("unknown category `{name}`; expected one of {}", ids.join(", "))
    })?;
    let v: f64 = value.trim().parse().map_err(|_| format!("`{value}` is not a number"))?;
    if !(0.0..=10.0).contains(&v) {
        return Err(format!("`{value}` is outside 0–10"));
    }
    Ok((cat, v))
}

/// Parses a severity name for `--fail-on`.
pub fn parse_severity(s: &str) -> Result<Severity, String> {
    match s.to_ascii_lowercase().as_str() {
        "critical" => Ok(Severity::Critical),
        "high" => Ok(Severity::High),
        "medium" => Ok(Severity::Medium),
        "low" => Ok(Severity::Low),
        _ => Err(format!("unknown severity `{s}`; expected critical, high, medium or low")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_thresholds() {
        assert_eq!(parse_category_threshold("security=6"), Ok((Category::Security, 6.0)));
        assert_eq!(parse_category_threshold(" Testing = 7.5"), Ok((Category::Testing, 7.5)));
        assert!(parse_category_threshold("speed=6").unwrap_err().contains("unknown category"));
        assert!(parse_category_threshold("security").is_err());
        assert!(parse_category_threshold("security=11").is_err());
        assert_eq!(parse_severity("HIGH"), Ok(Severity::High));
        assert!(parse_severity("urgent").is_err());
    }
}
