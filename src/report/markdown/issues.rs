//! Failing rules, as the seeds present them: one block per issue (what is wrong, where, why it
//! matters, the fix for the detected framework, the effort), then the prioritised action plan whose
//! total is the estimate a release manager quotes.

use super::text::{code, fenced, prose, text};
use crate::detect::Stack;
use crate::engine::RuleResult;
use crate::model::{Finding, Severity};
use crate::report::{fmt_hours, fmt_score, loc};
use std::fmt::Write as _;

/// Findings listed in the open; the rest fold into a `<details>` block.
const SHOWN_EVIDENCE: usize = 5;
/// Findings listed at most per issue, folded ones included (the JSON has every one), so a rule
/// with thousands of findings cannot push the report past a job summary's size limit.
const MAX_EVIDENCE: usize = 30;
/// Bytes of evidence in the whole report; the rest of the report stays well under the other half
/// of the 1 MiB a GitHub job summary takes.
pub const EVIDENCE_BUDGET: usize = 400 * 1024;

pub fn badge(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🔴 CRITICAL",
        Severity::High => "🔴 HIGH",
        Severity::Medium => "🟡 MEDIUM",
        Severity::Low => "🟢 LOW",
    }
}

/// Effort as a sum can use: a rule file's nonsense (negative, NaN) counts as nothing.
pub fn effort(x: &RuleResult) -> f64 {
    let h = x.meta.effort_hours;
    if h.is_finite() && h > 0.0 { h } else { 0.0 }
}

fn finding_line(f: &Finding) -> String {
    let snippet = f.snippet.as_deref().map(|s| format!(" — {}", code(s))).unwrap_or_default();
    format!(
        "- {} {}{snippet}\n",
        code(&loc(&f.location.path, f.location.line)),
        text(&f.message)
    )
}

/// Lists findings: a few in the open, more folded, each costing `budget` its bytes. The budget is
/// shared by the whole report, so however many rules fail with however many findings, evidence
/// cannot push the report past a job summary's size limit.
fn evidence(o: &mut String, findings: &[Finding], budget: &mut usize) {
    if findings.is_empty() {
        return;
    }
    let mut lines = vec![];
    for f in findings.iter().take(MAX_EVIDENCE) {
        let l = finding_line(f);
        if l.len() > *budget {
            break;
        }
        *budget -= l.len();
        lines.push(l);
    }
    let open = lines.len().min(SHOWN_EVIDENCE);
    let unlisted = findings.len() - lines.len();
    let rest = |o: &mut String| {
        if unlisted > 0 {
            let _ = writeln!(o, "- … and {unlisted} more (`--format json` lists every finding)");
        }
    };
    let _ = writeln!(o, "**Evidence**:");
    lines[..open].iter().for_each(|l| o.push_str(l));
    if lines.len() > open {
        let folded = findings.len() - open;
        let _ = writeln!(
            o,
            "\n<details><summary>{folded} more finding{}</summary>\n",
            if folded == 1 { "" } else { "s" }
        );
        lines[open..].iter().for_each(|l| o.push_str(l));
        rest(o);
        let _ = writeln!(o, "\n</details>");
    } else {
        rest(o);
    }
    let _ = writeln!(o);
}

/// Directory components `a` and `b` share (`services/ledger/app/x.py` and
/// `services/ledger/pyproject.toml` share 2).
fn shared_dirs(a: &str, b: &str) -> usize {
    let dirs = |p: &str| -> Vec<String> {
        let mut v: Vec<String> = p.split('/').map(str::to_string).collect();
        v.pop();
        v
    };
    dirs(a).iter().zip(dirs(b).iter()).take_while(|(x, y)| x == y).count()
}

/// The detected frameworks, nearest to the rule's first finding first: in a monorepo the fix for
/// a finding in the FastAPI service is the FastAPI snippet, even when Express sorts first.
fn frameworks_near(x: &RuleResult, stack: &Stack) -> Vec<String> {
    let ids = stack.framework_ids();
    let Some(f) = x.outcome.findings.first() else {
        return ids;
    };
    let near = |id: &String| {
        stack
            .frameworks
            .iter()
            .filter(|d| &d.id == id)
            .map(|d| shared_dirs(&d.evidence.path, &f.location.path))
            .max()
            .unwrap_or(0)
    };
    let mut ranked: Vec<(usize, String)> = ids.into_iter().map(|id| (near(&id), id)).collect();
    // Stable: equally near frameworks keep the servers-first order.
    ranked.sort_by_key(|r| std::cmp::Reverse(r.0));
    ranked.into_iter().map(|(_, id)| id).collect()
}

/// "Why it matters" and "Action required", shared by both kinds of issue block.
fn why_and_fix(o: &mut String, x: &RuleResult, stack: &Stack) {
    let frameworks = frameworks_near(x, stack);
    let _ = writeln!(
        o,
        "**Why it matters**: {}\n",
        prose(x.meta.rationale.split("\n\n").next().unwrap_or(""))
    );
    if let Some(fix) = x.meta.remediation_for(&frameworks) {
        let label = if fix.framework == "generic" {
            String::new()
        } else {
            format!(" ({})", text(&fix.framework))
        };
        let _ = writeln!(o, "**Action required**{label}:\n{}\n", fenced(&fix.lang, &fix.snippet));
    }
}

fn heading(o: &mut String, n: usize, x: &RuleResult, suppressed: usize, budget: &mut usize) {
    // Under "issues" the heading names the problem, as the seed reviews do ("CORS allows every
    // origin"); the rule's title states the goal and is what the action plan lists.
    let _ = writeln!(
        o,
        "### {n}. **{}** {} ({})\n",
        text(&capitalized(super::summary::headline(&x.meta.fail_message))),
        badge(x.meta.severity),
        x.meta.category.name()
    );
    let _ = writeln!(o, "❌ {}\n", text(&x.outcome.message));
    evidence(o, &x.outcome.findings, budget);
    if suppressed > 0 {
        let _ = writeln!(
            o,
            "_{suppressed} more finding{} accepted as risk: see **Accepted Risk** below._\n",
            if suppressed == 1 { "" } else { "s" }
        );
    }
}

/// A critical or high issue: everything in the open, as the seeds' "Critical Issues".
pub fn blocking(o: &mut String, n: usize, x: &RuleResult, stack: &Stack, suppressed: usize, budget: &mut usize) {
    heading(o, n, x, suppressed, budget);
    why_and_fix(o, x, stack);
    let _ = writeln!(o, "**Estimated effort**: {}\n", fmt_hours(effort(x)));
}

/// A medium or low issue: what and where in the open, why and how folded, so the page stays
/// readable when dozens of them fail.
pub fn minor(o: &mut String, n: usize, x: &RuleResult, stack: &Stack, suppressed: usize, budget: &mut usize) {
    heading(o, n, x, suppressed, budget);
    let _ = writeln!(
        o,
        "<details><summary>Why it matters and how to fix it (~{})</summary>\n",
        fmt_hours(effort(x))
    );
    why_and_fix(o, x, stack);
    let _ = writeln!(o, "</details>\n");
}

/// One priority band of the plan.
struct Band {
    severity: Severity,
    emoji: &'static str,
    label: &'static str,
    when: &'static str,
}

const BANDS: [Band; 4] = [
    Band {
        severity: Severity::Critical,
        emoji: "🔥",
        label: "Critical",
        when: "fix before launch",
    },
    Band {
        severity: Severity::High,
        emoji: "⚡",
        label: "High",
        when: "fix before launch",
    },
    Band {
        severity: Severity::Medium,
        emoji: "🟡",
        label: "Medium",
        when: "plan for the first weeks after launch",
    },
    Band {
        severity: Severity::Low,
        emoji: "🟢",
        label: "Low",
        when: "when convenient",
    },
];

/// ` (about 13.5 working days)` for totals of a day or more.
fn in_days(hours: f64) -> String {
    if hours < 8.0 {
        return String::new();
    }
    let days = (hours / 8.0 * 2.0).round() / 2.0;
    let s = if (days - 1.0).abs() < f64::EPSILON { "" } else { "s" };
    format!(" (about {} working day{s})", fmt_score(days))
}

/// The action plan: failing rules by severity, numbered across bands, effort per item, per band
/// and in total. `issues` must already be sorted worst first.
pub fn plan(o: &mut String, issues: &[&RuleResult]) {
    let _ = writeln!(o, "## 🎯 Action Plan\n");
    if issues.is_empty() {
        let _ = writeln!(o, "_Nothing left to fix: every applicable check passes._\n");
        return;
    }
    let (mut n, mut priority, mut total) = (0, 0, 0.0);
    for band in &BANDS {
        let items: Vec<&&RuleResult> = issues.iter().filter(|x| x.meta.severity == band.severity).collect();
        if items.is_empty() {
            continue;
        }
        priority += 1;
        let sub: f64 = items.iter().map(|x| effort(x)).sum();
        total += sub;
        let _ = writeln!(
            o,
            "### {} Priority {priority}: {} — {} (~{})\n",
            band.emoji,
            band.label,
            band.when,
            fmt_hours(sub)
        );
        for x in items {
            n += 1;
            let _ = writeln!(
                o,
                "{n}. **{}** — {} · {} · `{}`",
                text(&x.meta.title),
                fmt_hours(effort(x)),
                x.meta.category.name(),
                text(&x.meta.id)
            );
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "**Total: ~{}**{} for {n} item{}. `readycheck explain <rule-id>` shows how each check decides and how to fix it.\n",
        fmt_hours(total),
        in_days(total),
        if n == 1 { "" } else { "s" }
    );
}

/// `no rate limiter…` → `No rate limiter…`; text that starts with code or a symbol is left alone.
fn capitalized(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_to_half_days_from_one_day_up() {
        assert_eq!(in_days(7.5), "");
        assert_eq!(in_days(8.0), " (about 1 working day)");
        assert_eq!(in_days(108.25), " (about 13.5 working days)");
    }

    #[test]
    fn long_evidence_folds_and_stops_at_the_cap() {
        let findings: Vec<Finding> = (1..=100)
            .map(|i| Finding {
                location: crate::model::Location {
                    path: "src/a.js".into(),
                    line: i,
                    column: 0,
                },
                message: "m".into(),
                snippet: Some("x | y".into()),
            })
            .collect();
        let mut o = String::new();
        let mut budget = EVIDENCE_BUDGET;
        evidence(&mut o, &findings, &mut budget);
        let listed = o.lines().filter(|l| l.starts_with("- `src/a.js:")).count();
        assert_eq!(listed, MAX_EVIDENCE);
        let open = o.split("<details>").next().unwrap();
        assert_eq!(open.lines().filter(|l| l.starts_with("- ")).count(), SHOWN_EVIDENCE);
        assert!(o.contains("<summary>95 more findings</summary>"), "{o}");
        assert!(o.contains("- … and 70 more"), "{o}");
        assert!(o.contains("</details>"));
        assert_eq!(
            EVIDENCE_BUDGET - budget,
            o.lines().filter(|l| l.starts_with("- `")).map(|l| l.len() + 1).sum::<usize>()
        );

        // An exhausted budget lists nothing more, and says how many it left out.
        let mut o = String::new();
        evidence(&mut o, &findings, &mut 0);
        assert_eq!(o, "**Evidence**:\n- … and 100 more (`--format json` lists every finding)\n\n");
    }
}
