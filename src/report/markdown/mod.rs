//! The release manager's report, shaped like the hand-written readiness documents it replaces:
//! verdict, score table with status, strengths, critical issues with evidence and the fix,
//! a per-category checklist and an action plan with effort estimates.

use super::{RenderOptions, Report, fmt_hours, fmt_score, loc};
use crate::engine::{RuleResult, ScanResult};
use crate::model::{Category, Severity, Status};
use crate::score::{Band, Verdict};
use std::fmt::Write as _;

/// Evidence lines shown per issue.
const MAX_EVIDENCE: usize = 8;

pub struct MarkdownReport;

fn md_escape(s: &str) -> String {
    s.replace('|', "\\|").replace('<', "&lt;").replace('>', "&gt;")
}

/// Inline code that survives backticks inside the text.
fn code(s: &str) -> String {
    if s.contains('`') { format!("`` {s} ``") } else { format!("`{s}`") }
}

fn severity_badge(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "🔴 CRITICAL",
        Severity::High => "🔴 HIGH",
        Severity::Medium => "🟡 MEDIUM",
        Severity::Low => "🟡 LOW",
    }
}

impl Report for MarkdownReport {
    fn render(&self, r: &ScanResult, _opts: &RenderOptions) -> String {
        let mut o = String::new();
        let p = &r.project;
        let frameworks = p.stack.framework_ids();
        let _ = writeln!(o, "# Production Readiness Report: {}\n", md_escape(&p.name));
        let status = match r.scores.verdict {
            Verdict::Ready => "✅ **READY FOR PRODUCTION**".to_string(),
            Verdict::NotReady => format!("{} **NOT READY FOR PRODUCTION**", r.scores.status.emoji()),
        };
        let _ = writeln!(o, "**Status**: {status}  ");
        let _ = writeln!(o, "**Overall Score**: {}/10  ", fmt_score(r.scores.overall));
        let _ = writeln!(o, "**Detected stack**: {}\n", md_escape(&p.stack.describe()));

        // Executive summary.
        let applicable: Vec<&RuleResult> = r.rules.iter().filter(|x| x.outcome.status != Status::NotApplicable).collect();
        let failed: Vec<&RuleResult> = applicable.iter().copied().filter(|x| x.outcome.status == Status::Fail).collect();
        let critical_cats: Vec<&str> = r
            .scores
            .categories
            .iter()
            .filter(|c| c.status == Some(Band::Critical))
            .map(|c| c.category.name())
            .collect();
        let _ = writeln!(o, "## Executive Summary\n");
        let mut summary = format!(
            "readycheck ran {} checks; {} applied to this repository, {} passed and {} failed.",
            r.rules.len(),
            applicable.len(),
            applicable.len() - failed.len(),
            failed.len()
        );
        if !critical_cats.is_empty() {
            let _ = write!(summary, " Critical categories: {}.", critical_cats.join(", "));
        }
        let blockers: Vec<&str> = failed
            .iter()
            .filter(|x| x.meta.severity >= Severity::High)
            .map(|x| x.meta.title.as_str())
            .collect();
        if !blockers.is_empty() {
            let _ = write!(summary, " Blocking gaps: {}.", blockers.join("; "));
        }
        let effort: f64 = failed.iter().map(|x| x.meta.effort_hours).sum();
        if effort > 0.0 {
            let _ = write!(summary, " **Estimated effort to close every gap: ~{}.**", fmt_hours(effort));
        }
        let _ = writeln!(o, "{summary}\n\n---\n");

        // Score table.
        let _ = writeln!(o, "## 📊 Production Readiness Score\n");
        let _ = writeln!(o, "| Category | Score | Status | Checks passed |");
        let _ = writeln!(o, "|----------|-------|--------|---------------|");
        for c in &r.scores.categories {
            match (c.score, c.status) {
                (Some(s), Some(b)) => {
                    let _ = writeln!(
                        o,
                        "| **{}** | {}/10 | {} {} | {}/{} |",
                        c.category.name(),
                        fmt_score(s),
                        b.emoji(),
                        b.label(),
                        c.passed,
                        c.applicable
                    );
                }
                _ => {
                    let _ = writeln!(o, "| **{}** | n/a | ⚪ Not applicable | 0/0 |", c.category.name());
                }
            }
        }
        let _ = writeln!(
            o,
            "\n**Overall Score: {}/10** — **{}**\n\n---\n",
            fmt_score(r.scores.overall),
            r.scores.verdict.label()
        );

        // Strengths.
        let passed: Vec<&RuleResult> = applicable.iter().copied().filter(|x| x.outcome.status == Status::Pass).collect();
        let _ = writeln!(o, "## ✅ Strengths\n");
        if passed.is_empty() {
            let _ = writeln!(o, "_No check passed._\n");
        }
        for cat in Category::ALL {
            let items: Vec<&&RuleResult> = passed.iter().filter(|x| x.meta.category == cat).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(o, "### {}", cat.name());
            for x in items {
                let ev = x
                    .outcome
                    .evidence
                    .first()
                    .map(|e| format!(" ({})", code(&loc(&e.location.path, e.location.line))))
                    .unwrap_or_default();
                let _ = writeln!(o, "- ✅ **{}** — {}{ev}", md_escape(&x.meta.title), md_escape(&x.outcome.message));
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(o, "---\n");

        // Issues, worst first.
        let mut issues = failed.clone();
        issues.sort_by(|a, b| {
            b.meta
                .severity
                .cmp(&a.meta.severity)
                .then(a.meta.category.cmp(&b.meta.category))
                .then(a.meta.id.cmp(&b.meta.id))
        });
        let (blocking, other): (Vec<&RuleResult>, Vec<&RuleResult>) = issues.iter().partition(|x| x.meta.severity >= Severity::High);
        let _ = writeln!(o, "## ❌ Critical Issues (Must Fix Before Production)\n");
        if blocking.is_empty() {
            let _ = writeln!(o, "_None._\n");
        }
        for (i, x) in blocking.iter().enumerate() {
            issue(&mut o, i + 1, x, &frameworks);
        }
        if !other.is_empty() {
            let _ = writeln!(o, "## ⚠️ Other Issues\n");
            for (i, x) in other.iter().enumerate() {
                issue(&mut o, blocking.len() + i + 1, x, &frameworks);
            }
        }
        let _ = writeln!(o, "---\n");

        // Checklist.
        let _ = writeln!(o, "## 📋 Production Readiness Checklist\n");
        for cat in Category::ALL {
            let items: Vec<&RuleResult> = r.rules.iter().filter(|x| x.meta.category == cat).collect();
            if items.is_empty() {
                continue;
            }
            let _ = writeln!(o, "### {}", cat.name());
            for x in items {
                match x.outcome.status {
                    Status::Pass => {
                        let _ = writeln!(o, "- [x] {}", md_escape(&x.meta.title));
                    }
                    Status::Fail => {
                        let _ = writeln!(o, "- [ ] {}", md_escape(&x.meta.title));
                    }
                    Status::NotApplicable => {
                        let _ = writeln!(o, "- _n/a_ {} — {}", md_escape(&x.meta.title), md_escape(&x.outcome.message));
                    }
                }
            }
            let _ = writeln!(o);
        }

        // Action plan.
        if !issues.is_empty() {
            let _ = writeln!(o, "---\n\n## 🎯 Action Plan\n");
            let mut total = 0.0;
            for (i, x) in issues.iter().enumerate() {
                total += x.meta.effort_hours;
                let _ = writeln!(
                    o,
                    "{}. **{}** ({}) — {} (`{}`)",
                    i + 1,
                    md_escape(&x.meta.title),
                    fmt_hours(x.meta.effort_hours),
                    x.meta.severity.id(),
                    x.meta.id
                );
            }
            let _ = writeln!(o, "\n**Total: ~{}**\n", fmt_hours(total));
        }

        if !p.warnings.is_empty() {
            let _ = writeln!(o, "---\n\n## Scan warnings\n");
            for w in p.warnings.iter().take(50) {
                let _ = writeln!(
                    o,
                    "- {}: {}",
                    code(if w.path.is_empty() { "-" } else { &w.path }),
                    md_escape(&w.message)
                );
            }
            if p.warnings.len() > 50 {
                let _ = writeln!(o, "- … and {} more", p.warnings.len() - 50);
            }
            let _ = writeln!(o);
        }
        let _ = writeln!(
            o,
            "---\n\n_Generated by readycheck {} (scoring model {}). Every score can be recomputed from the per-rule outcomes in `--format json`._",
            env!("CARGO_PKG_VERSION"),
            crate::score::SCORING_MODEL
        );
        o
    }
}

fn issue(o: &mut String, n: usize, x: &RuleResult, frameworks: &[String]) {
    let _ = writeln!(
        o,
        "### {n}. **{}** {} ({})\n",
        md_escape(&x.meta.title),
        severity_badge(x.meta.severity),
        x.meta.category.name()
    );
    let _ = writeln!(o, "❌ {}\n", md_escape(&x.outcome.message));
    if !x.outcome.findings.is_empty() {
        let _ = writeln!(o, "**Evidence**:");
        for f in x.outcome.findings.iter().take(MAX_EVIDENCE) {
            let snippet = f.snippet.as_deref().map(|s| format!(" — {}", code(s))).unwrap_or_default();
            let _ = writeln!(
                o,
                "- {} {}{snippet}",
                code(&loc(&f.location.path, f.location.line)),
                md_escape(&f.message)
            );
        }
        if x.outcome.findings.len() > MAX_EVIDENCE {
            let _ = writeln!(o, "- … and {} more", x.outcome.findings.len() - MAX_EVIDENCE);
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(
        o,
        "**Why it matters**: {}\n",
        md_escape(x.meta.rationale.split("\n\n").next().unwrap_or(""))
    );
    if let Some(fix) = x.meta.remediation_for(frameworks) {
        let label = if fix.framework == "generic" {
            String::new()
        } else {
            format!(" ({})", fix.framework)
        };
        let _ = writeln!(o, "**Action required**{label}:\n```{}\n{}\n```\n", fix.lang, fix.snippet.trim_end());
    }
    let _ = writeln!(o, "**Estimated effort**: {}\n", fmt_hours(x.meta.effort_hours));
}
