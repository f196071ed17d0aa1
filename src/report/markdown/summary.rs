//! The top of the report: title block and the executive summary, the one paragraph a release
//! manager forwards: the verdict, what holds it there, the blocking gaps and the effort.

use super::text::text;
use super::{View, issues, plural};
use crate::engine::RuleResult;
use crate::model::Severity;
use crate::report::{fmt_hours, fmt_score};
use crate::score::{Band, Scores, Verdict};
use std::fmt::Write as _;

/// Blocking gaps named in the executive summary before "and N more".
const SUMMARY_GAPS: usize = 6;

fn verdict_line(s: &Scores) -> String {
    match s.verdict {
        Verdict::Ready => "✅ **READY FOR PRODUCTION**".to_string(),
        Verdict::NotReady => format!("{} **NOT READY FOR PRODUCTION**", s.status.emoji()),
    }
}

/// A failure message up to its explanation (`no CI configuration: nothing builds…` → `no CI
/// configuration`), for lists where the issue blocks below give the rest.
pub(super) fn headline(msg: &str) -> &str {
    match msg.find(": ") {
        Some(i) if i > 0 && msg[..i].matches('`').count().is_multiple_of(2) => &msg[..i],
        _ => msg,
    }
}

pub fn header(o: &mut String, v: &View<'_>) {
    let r = v.r;
    let _ = writeln!(o, "# Production Readiness Report: {}\n", text(&r.project.name));
    if let Some(date) = &r.date {
        let _ = writeln!(o, "**Date**: {}  ", text(date));
    }
    let _ = writeln!(o, "**Status**: {}  ", verdict_line(&r.scores));
    if r.suppressed.is_empty() {
        let _ = writeln!(o, "**Overall Score**: {}/10  ", fmt_score(r.scores.overall));
    } else {
        let _ = writeln!(
            o,
            "**Overall Score**: {}/10 with accepted risk · {}/10 raw  ",
            fmt_score(r.scores.overall),
            fmt_score(r.raw_scores.overall)
        );
    }
    let _ = writeln!(o, "**Detected stack**: {}\n", text(&r.project.stack.describe()));
}

/// The one-paragraph reason: the verdict, what holds it there, the blocking gaps, the effort.
pub fn summary(o: &mut String, v: &View<'_>) {
    let r = v.r;
    let s = &r.scores;
    let name = text(&r.project.name);
    let graded: Vec<_> = s.categories.iter().filter(|c| c.score.is_some()).collect();
    let critical: Vec<&str> = graded
        .iter()
        .filter(|c| c.status == Some(Band::Critical))
        .map(|c| c.category.name())
        .collect();
    let score = format!("**{}/10**", fmt_score(s.overall));
    let mut p = match s.verdict {
        Verdict::Ready => format!("**{name} is ready for production.** It scores {score} and no category is critical."),
        Verdict::NotReady => {
            let why = match (s.overall >= 7.0, critical.is_empty()) {
                (false, true) => ", below the 7.0 that READY needs; no category is critical.".to_string(),
                (true, _) => format!(
                    ", but READY also needs no critical category, and {} {} critical.",
                    critical.join(", "),
                    if critical.len() == 1 { "is" } else { "are" }
                ),
                (false, false) if graded.len() == 1 => format!(
                    "; READY needs 7.0 and no critical category, and its one graded category, {}, is critical.",
                    critical.join(", ")
                ),
                (false, false) if critical.len() == graded.len() => format!(
                    "; READY needs 7.0 and no critical category, and all {} graded categories are critical.",
                    graded.len()
                ),
                (false, false) => format!(
                    "; READY needs 7.0 and no critical category, and {} of {} graded categories {} critical ({}).",
                    critical.len(),
                    graded.len(),
                    if critical.len() == 1 { "is" } else { "are" },
                    critical.join(", ")
                ),
            };
            format!("**{name} is not ready for production.** It scores {score}{why}")
        }
    };
    let blocking: Vec<&&RuleResult> = v.blocking().collect();
    if blocking.is_empty() {
        if v.issues.is_empty() {
            p.push_str(" Every applicable check passes.");
        } else {
            let medium = v.issues.iter().filter(|x| x.meta.severity == Severity::Medium).count();
            let low = v.issues.len() - medium;
            let kinds = match (medium, low) {
                (m, 0) => plural(m, "medium issue", "medium issues"),
                (0, l) => plural(l, "low issue", "low issues"),
                (m, l) => format!("{m} medium and {}", plural(l, "low issue", "low issues")),
            };
            let named = if v.issues.len() <= SUMMARY_GAPS {
                let msgs: Vec<String> = v.issues.iter().map(|x| text(&x.outcome.message)).collect();
                format!(": {}", msgs.join("; "))
            } else {
                String::new()
            };
            let _ = write!(
                p,
                " No critical or high-severity check fails; {kinds} remain{}{named}.",
                if v.issues.len() == 1 { "s" } else { "" }
            );
        }
    } else {
        let crit = blocking.iter().filter(|x| x.meta.severity == Severity::Critical).count();
        let gaps: Vec<String> = blocking
            .iter()
            .take(SUMMARY_GAPS)
            .map(|x| text(headline(&x.outcome.message)))
            .collect();
        let more = blocking.len().saturating_sub(SUMMARY_GAPS);
        let high = blocking.len() - crit;
        let counts = match (crit, high) {
            (c, 0) => format!("{c} critical"),
            (0, h) => format!("{h} high"),
            (c, h) => format!("{c} critical, {h} high"),
        };
        let _ = write!(
            p,
            " The blocking gaps ({counts}): {}{}.",
            gaps.join("; "),
            if more > 0 { format!("; and {more} more") } else { String::new() }
        );
    }
    let failed = v.issues.len();
    let _ = write!(
        p,
        " Of {}, {} to this repository: {} and {failed} fail{}.",
        plural(r.rules.len(), "check", "checks"),
        if v.applicable.len() == 1 {
            "1 applies".to_string()
        } else {
            format!("{} apply", v.applicable.len())
        },
        if v.applicable.len() - failed == 1 {
            "1 passes".to_string()
        } else {
            format!("{} pass", v.applicable.len() - failed)
        },
        if failed == 1 { "s" } else { "" }
    );
    let all: f64 = v.issues.iter().map(|x| issues::effort(x)).sum();
    let blocking_effort: f64 = blocking.iter().map(|x| issues::effort(x)).sum();
    if !blocking.is_empty() && blocking.len() < failed {
        let _ = write!(
            p,
            " **Estimated effort: ~{} for the blocking gaps, ~{} to close every gap.**",
            fmt_hours(blocking_effort),
            fmt_hours(all)
        );
    } else if failed > 0 {
        let _ = write!(p, " **Estimated effort to close every gap: ~{}.**", fmt_hours(all));
    }
    if !r.suppressed.is_empty() {
        let _ = write!(
            p,
            " Accepted risk ({}) counts as passing; without it the score is {}/10 ({}).",
            super::accepted::phrase(v),
            fmt_score(r.raw_scores.overall),
            r.raw_scores.verdict.label()
        );
    }
    let _ = writeln!(o, "## Executive Summary\n\n{p}\n\n---\n");
}
