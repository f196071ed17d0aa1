//! Accepted risk: every suppression with its reason, where it is written and when it expires,
//! beside the score it changed, so waived findings stay visible to whoever signs off a release.

use super::text::{cell, code_cell};
use super::{View, plural};
use crate::report::{fmt_score, loc};
use std::fmt::Write as _;

/// Suppressions listed in the table.
const MAX_SUPPRESSED: usize = 100;
/// A suppression expiring within this many days of the scan is flagged.
const EXPIRY_NOTICE_DAYS: i64 = 30;

pub fn section(o: &mut String, v: &View<'_>) {
    let r = v.r;
    if r.suppressed.is_empty() {
        return;
    }
    let _ = writeln!(o, "## 🔕 Accepted Risk (Suppressions)\n");
    let _ = writeln!(
        o,
        "Accepted as risk: {}, across {}. They count as passing: the score is **{}/10** ({}) with them and **{}/10** ({}) raw.\n",
        phrase(v),
        plural(v.suppressed.len(), "rule", "rules"),
        fmt_score(r.scores.overall),
        r.scores.verdict.label(),
        fmt_score(r.raw_scores.overall),
        r.raw_scores.verdict.label()
    );
    let _ = writeln!(o, "| Rule | Location | Finding | Reason | Source | Expires |");
    let _ = writeln!(o, "|------|----------|---------|--------|--------|---------|");
    for s in r.suppressed.iter().take(MAX_SUPPRESSED) {
        let at = if s.location.path.is_empty() {
            "whole rule".to_string()
        } else {
            code_cell(&loc(&s.location.path, s.location.line))
        };
        let _ = writeln!(
            o,
            "| {} | {at} | {} | {} | {} | {} |",
            code_cell(&s.rule),
            cell(&s.message),
            cell(&crate::redact::redact(&s.reason)),
            code_cell(&s.source),
            s.expires.as_deref().map_or("—".to_string(), |x| expires(x, r.date.as_deref()))
        );
    }
    if r.suppressed.len() > MAX_SUPPRESSED {
        let _ = writeln!(
            o,
            "\n… and {} more (`--format json` lists every suppression).",
            r.suppressed.len() - MAX_SUPPRESSED
        );
    }
    let _ = writeln!(o);
}

/// `1 finding and 1 whole rule`: what the suppressions took out of the score.
pub fn phrase(v: &View<'_>) -> String {
    let waived = v.r.suppressed.iter().filter(|s| s.location.path.is_empty()).count();
    let findings = v.r.suppressed.len() - waived;
    let mut parts = vec![];
    if findings > 0 {
        parts.push(plural(findings, "finding", "findings"));
    }
    if waived > 0 {
        parts.push(plural(waived, "whole rule", "whole rules"));
    }
    parts.join(" and ")
}

/// An expiry date, flagged when it falls within [`EXPIRY_NOTICE_DAYS`] of the scan's date so the
/// release manager sees the risk coming back before a gate does.
fn expires(date: &str, today: Option<&str>) -> String {
    let days = today
        .and_then(crate::clock::parse_date)
        .zip(crate::clock::parse_date(date))
        .map(|(t, x)| (x - t).whole_days());
    match days {
        Some(0) => format!("{} ⏳ today", cell(date)),
        Some(d) if (1..=EXPIRY_NOTICE_DAYS).contains(&d) => format!("{} ⏳ in {}", cell(date), plural(d as usize, "day", "days")),
        _ => cell(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_close_to_the_scan_date_is_flagged() {
        assert_eq!(expires("2026-02-01", Some("2026-01-15")), "2026-02-01 ⏳ in 17 days");
        assert_eq!(expires("2026-01-16", Some("2026-01-15")), "2026-01-16 ⏳ in 1 day");
        assert_eq!(expires("2026-01-15", Some("2026-01-15")), "2026-01-15 ⏳ today");
        assert_eq!(expires("2027-01-01", Some("2026-01-15")), "2027-01-01");
        assert_eq!(expires("2026-02-01", None), "2026-02-01");
        assert_eq!(expires("soon|ish", Some("2026-01-15")), "soon\\|ish");
    }
}
