//! The release manager's report, shaped like the hand-written readiness documents it replaces:
//! verdict and the reason for it, score table with status, strengths, critical issues with
//! evidence and the fix, a per-category checklist, a prioritised action plan with effort estimates,
//! the detected stack, accepted risk and the versions that graded it.
//!
//! It is written for GitHub: it is pasted into issues and written to `$GITHUB_STEP_SUMMARY`, which
//! takes at most 1 MiB and strips most HTML. So every list that grows with the repository is capped
//! (with a count of the rest), long lists fold into `<details>`, and the only HTML is
//! `<details>`/`<summary>`.

mod accepted;
mod issues;
mod stack;
mod summary;
mod text;

use super::{RenderOptions, Report, fmt_score, loc};
use crate::engine::{RuleResult, ScanResult};
use crate::model::{Category, Severity, Status};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use text::{code, text};

/// Scan warnings listed.
const MAX_WARNINGS: usize = 25;

pub struct MarkdownReport;

/// What several sections need, computed once.
struct View<'a> {
    r: &'a ScanResult,
    /// Rules that applied (pass or fail).
    applicable: Vec<&'a RuleResult>,
    /// Failing rules, worst first: severity, then category, then id.
    issues: Vec<&'a RuleResult>,
    /// Passing rules that pass only because their findings are accepted as risk.
    accepted: BTreeSet<&'a str>,
    /// Suppressed findings per rule id.
    suppressed: BTreeMap<&'a str, usize>,
}

impl<'a> View<'a> {
    fn new(r: &'a ScanResult) -> View<'a> {
        let applicable: Vec<&RuleResult> = r.rules.iter().filter(|x| x.outcome.status != Status::NotApplicable).collect();
        let mut issues: Vec<&RuleResult> = applicable.iter().copied().filter(|x| x.outcome.status == Status::Fail).collect();
        issues.sort_by(|a, b| {
            b.meta
                .severity
                .cmp(&a.meta.severity)
                .then(a.meta.category.cmp(&b.meta.category))
                .then(a.meta.id.cmp(&b.meta.id))
        });
        let mut suppressed: BTreeMap<&str, usize> = BTreeMap::new();
        for s in &r.suppressed {
            *suppressed.entry(s.rule.as_str()).or_default() += 1;
        }
        let accepted = applicable
            .iter()
            .filter(|x| x.outcome.status == Status::Pass && suppressed.contains_key(x.meta.id.as_str()))
            .map(|x| x.meta.id.as_str())
            .collect();
        View {
            r,
            applicable,
            issues,
            accepted,
            suppressed,
        }
    }

    fn blocking(&self) -> impl Iterator<Item = &&'a RuleResult> {
        self.issues.iter().filter(|x| x.meta.severity >= Severity::High)
    }

    fn suppressed_of(&self, x: &RuleResult) -> usize {
        self.suppressed.get(x.meta.id.as_str()).copied().unwrap_or(0)
    }
}

impl Report for MarkdownReport {
    fn render(&self, r: &ScanResult, _opts: &RenderOptions) -> String {
        let v = View::new(r);
        let mut o = String::new();
        summary::header(&mut o, &v);
        summary::summary(&mut o, &v);
        scores(&mut o, &v);
        strengths(&mut o, &v);
        issue_sections(&mut o, &v);
        checklist(&mut o, &v);
        issues::plan(&mut o, &v.issues);
        let _ = writeln!(o, "---\n");
        stack::section(&mut o, &r.project);
        accepted::section(&mut o, &v);
        warnings(&mut o, &v);
        footer(&mut o, &v);
        o
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn scores(o: &mut String, v: &View<'_>) {
    let r = v.r;
    let raw = !r.suppressed.is_empty();
    let _ = writeln!(o, "## 📊 Production Readiness Score\n");
    if raw {
        let _ = writeln!(o, "| Category | Score | Raw score | Status | Checks passed |");
        let _ = writeln!(o, "|----------|-------|-----------|--------|---------------|");
    } else {
        let _ = writeln!(o, "| Category | Score | Status | Checks passed |");
        let _ = writeln!(o, "|----------|-------|--------|---------------|");
    }
    let show = |x: Option<f64>| x.map_or("n/a".to_string(), |s| format!("{}/10", fmt_score(s)));
    for (c, rc) in r.scores.categories.iter().zip(&r.raw_scores.categories) {
        let raw_cell = if raw { format!(" {} |", show(rc.score)) } else { String::new() };
        let status = match c.status {
            Some(b) => format!("{} {}", b.emoji(), b.label()),
            None => "⚪ Not applicable".to_string(),
        };
        let _ = writeln!(
            o,
            "| **{}** | {} |{raw_cell} {status} | {}/{} |",
            c.category.name(),
            show(c.score),
            c.passed,
            c.applicable
        );
    }
    let capped: Vec<&str> = r.scores.categories.iter().filter(|c| c.capped).map(|c| c.category.name()).collect();
    if !capped.is_empty() {
        let _ = writeln!(
            o,
            "\n_A failing critical check caps its category at {}/10: {}._",
            fmt_score(crate::score::CRITICAL_CAP),
            capped.join(", ")
        );
    }
    let _ = write!(
        o,
        "\n**Overall Score: {}/10** — **{}**",
        fmt_score(r.scores.overall),
        r.scores.verdict.label()
    );
    if raw {
        let _ = write!(
            o,
            " (raw, before accepted risk: {}/10 — {})",
            fmt_score(r.raw_scores.overall),
            r.raw_scores.verdict.label()
        );
    }
    let _ = writeln!(o, "\n\n---\n");
}

fn strengths(o: &mut String, v: &View<'_>) {
    let passed: Vec<&&RuleResult> = v
        .applicable
        .iter()
        .filter(|x| x.outcome.status == Status::Pass && !v.accepted.contains(x.meta.id.as_str()))
        .collect();
    let _ = writeln!(o, "## ✅ Strengths\n");
    if passed.is_empty() {
        let _ = writeln!(o, "_No check passed._\n");
    }
    for cat in Category::ALL {
        let items: Vec<&&&RuleResult> = passed.iter().filter(|x| x.meta.category == cat).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(o, "### {}\n", cat.name());
        for x in items {
            let ev = x
                .outcome
                .evidence
                .first()
                .map(|e| format!(" ({})", code(&loc(&e.location.path, e.location.line))))
                .unwrap_or_default();
            let _ = writeln!(o, "- ✅ **{}** — {}{ev}", text(&x.meta.title), text(&x.outcome.message));
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "---\n");
}

fn issue_sections(o: &mut String, v: &View<'_>) {
    let _ = writeln!(o, "## ❌ Critical Issues (Must Fix Before Production)\n");
    let mut n = 0;
    let mut budget = issues::EVIDENCE_BUDGET;
    for x in v.blocking() {
        n += 1;
        issues::blocking(o, n, x, &v.r.project.stack, v.suppressed_of(x), &mut budget);
    }
    if n == 0 {
        let _ = writeln!(o, "_None: no critical or high-severity check fails._\n");
    }
    for (severity, heading) in [
        (Severity::Medium, "## ⚠️ Medium Priority Issues"),
        (Severity::Low, "## 🟢 Low Priority Issues"),
    ] {
        let items: Vec<&&RuleResult> = v.issues.iter().filter(|x| x.meta.severity == severity).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(o, "{heading}\n");
        for x in items {
            n += 1;
            issues::minor(o, n, x, &v.r.project.stack, v.suppressed_of(x), &mut budget);
        }
    }
    let _ = writeln!(o, "---\n");
}

fn checklist(o: &mut String, v: &View<'_>) {
    let r = v.r;
    let _ = writeln!(o, "## 📋 Production Readiness Checklist\n");
    for c in &r.scores.categories {
        let items: Vec<&RuleResult> = r.rules.iter().filter(|x| x.meta.category == c.category).collect();
        if items.is_empty() {
            continue;
        }
        match (c.score, c.status) {
            (Some(s), Some(b)) => {
                let _ = writeln!(o, "### {} — {}/10 {}\n", c.category.name(), fmt_score(s), b.emoji());
            }
            _ => {
                let _ = writeln!(o, "### {} — n/a\n", c.category.name());
            }
        }
        for x in items {
            let title = text(&x.meta.title);
            let _ = match x.outcome.status {
                Status::Pass if v.accepted.contains(x.meta.id.as_str()) => {
                    writeln!(o, "- [x] {title} — ⚠️ _accepted risk_")
                }
                Status::Pass => writeln!(o, "- [x] {title}"),
                Status::Fail => writeln!(o, "- [ ] {title} — {}", x.meta.severity.id()),
                Status::NotApplicable => writeln!(o, "- ⚪ {title} — _n/a: {}_", text(&x.outcome.message)),
            };
        }
        let _ = writeln!(o);
    }
    let _ = writeln!(o, "---\n");
}

fn warnings(o: &mut String, v: &View<'_>) {
    let w = &v.r.project.warnings;
    if w.is_empty() {
        return;
    }
    let _ = writeln!(o, "## ⚠️ Scan Warnings\n");
    for x in w.iter().take(MAX_WARNINGS) {
        let at = if x.path.is_empty() { "scan".to_string() } else { code(&x.path) };
        let _ = writeln!(o, "- {at}: {}", text(&crate::redact::redact(&x.message)));
    }
    if w.len() > MAX_WARNINGS {
        let _ = writeln!(o, "- … and {} more (`--format json` lists every warning)", w.len() - MAX_WARNINGS);
    }
    let _ = writeln!(o);
}

fn footer(o: &mut String, v: &View<'_>) {
    let r = v.r;
    let date = r.date.as_deref().map(|d| format!(" on {}", text(d))).unwrap_or_default();
    let _ = writeln!(
        o,
        "---\n\n_Generated by readycheck {}{date} · scoring model {} · ruleset {} ({}). Every score can be recomputed from the per-rule outcomes in `--format json`._",
        env!("CARGO_PKG_VERSION"),
        crate::score::SCORING_MODEL,
        code(&r.ruleset),
        plural(r.rules.len(), "rule", "rules")
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finding, Location, Outcome, Remediation, RuleMeta, Suppressed, Warning};

    fn meta(id: &str, category: Category, severity: Severity, effort_hours: f64) -> RuleMeta {
        RuleMeta {
            id: id.into(),
            category,
            severity,
            title: format!("Title of {id}"),
            rationale: format!("Why {id} matters.\n\nMore detail."),
            detection: String::new(),
            applies_to: vec![],
            remediation: vec![
                Remediation {
                    framework: "generic".into(),
                    lang: "bash".into(),
                    snippet: format!("fix-{id} --generic"),
                },
                Remediation {
                    framework: "express".into(),
                    lang: "javascript".into(),
                    snippet: format!("fix-{id} --express"),
                },
            ],
            effort_hours,
            pass_message: "ok".into(),
            fail_message: "bad".into(),
        }
    }

    fn finding(path: &str, line: usize, snippet: &str) -> Finding {
        Finding {
            location: Location {
                path: path.into(),
                line,
                column: 0,
            },
            message: format!("problem at line {line}"),
            snippet: Some(snippet.into()),
        }
    }

    fn rule(id: &str, category: Category, severity: Severity, effort: f64, outcome: Outcome) -> RuleResult {
        RuleResult {
            meta: meta(id, category, severity, effort),
            outcome,
        }
    }

    /// A scan result scored the way the engine scores it: `raw` are the outcomes before
    /// suppression, `rules` after.
    fn result(raw: &[RuleResult], rules: Vec<RuleResult>, suppressed: Vec<Suppressed>, date: Option<&str>) -> ScanResult {
        let project = crate::index::Project {
            name: "shop-api".into(),
            ..Default::default()
        };
        ScanResult {
            raw_scores: crate::score::score(raw.iter().map(|r| (&r.meta, &r.outcome))),
            scores: crate::score::score(rules.iter().map(|r| (&r.meta, &r.outcome))),
            project,
            rules,
            suppressed,
            ruleset: "0123456789abcdef".into(),
            date: date.map(str::to_string),
            profile: None,
        }
    }

    /// Four failing rules (one per severity), one passing, one n/a.
    fn sample() -> Vec<RuleResult> {
        vec![
            rule(
                "cors-wildcard",
                Category::Security,
                Severity::Critical,
                1.0,
                Outcome::fail("CORS allows any origin", vec![finding("src/index.js", 6, "app.use(cors());")]),
            ),
            rule(
                "rate-limiting",
                Category::Security,
                Severity::High,
                2.0,
                Outcome::fail("no rate limiter: the API is open", vec![]),
            ),
            rule(
                "metrics",
                Category::Monitoring,
                Severity::Medium,
                0.5,
                Outcome::fail("no metrics", vec![]),
            ),
            rule(
                "license",
                Category::Documentation,
                Severity::Low,
                0.25,
                Outcome::fail("no license", vec![]),
            ),
            rule(
                "linter-config",
                Category::Architecture,
                Severity::Medium,
                1.0,
                Outcome::pass("linter found", vec![]),
            ),
            rule(
                "e2e-tests",
                Category::Testing,
                Severity::Low,
                4.0,
                Outcome::not_applicable("no browser front end detected"),
            ),
        ]
    }

    fn render(r: &ScanResult) -> String {
        MarkdownReport.render(r, &RenderOptions::default())
    }

    /// Each table's rows have as many cells as its header (unescaped `|` counted).
    fn assert_tables_consistent(md: &str) {
        let cells = |l: &str| {
            let b = l.as_bytes();
            (0..b.len()).filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\')).count()
        };
        let mut width = None;
        for l in md.lines() {
            if !l.starts_with('|') {
                width = None;
                continue;
            }
            match width {
                None => width = Some(cells(l)),
                Some(w) => assert_eq!(cells(l), w, "row does not match its header: {l}\n{md}"),
            }
        }
    }

    #[test]
    fn sections_come_in_the_seed_order_with_title_date_and_versions() {
        let rules = sample();
        let md = render(&result(&rules, rules.clone(), vec![], Some("2026-01-15")));
        let order = [
            "# Production Readiness Report: shop-api\n",
            "**Date**: 2026-01-15",
            "## Executive Summary",
            "## 📊 Production Readiness Score",
            "## ✅ Strengths",
            "## ❌ Critical Issues",
            "## ⚠️ Medium Priority Issues",
            "## 🟢 Low Priority Issues",
            "## 📋 Production Readiness Checklist",
            "## 🎯 Action Plan",
            "## 🧰 Detected Stack",
            "_Generated by readycheck",
        ];
        let mut at = 0;
        for needle in order {
            let i = md[at..]
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} missing or out of order\n{md}"));
            at += i + needle.len();
        }
        assert!(md.contains(&format!("readycheck {}", env!("CARGO_PKG_VERSION"))));
        assert!(md.contains(&format!("scoring model {}", crate::score::SCORING_MODEL)));
        assert!(md.contains("ruleset `0123456789abcdef`"));
        assert!(!md.contains("Accepted Risk"), "nothing suppressed, no section");
        assert!(!md.contains("Raw score"), "nothing suppressed, no raw column");
        assert_tables_consistent(&md);

        let undated = render(&result(&rules, rules.clone(), vec![], None));
        assert!(!undated.contains("**Date**") && !undated.contains(" on 20"), "{undated}");
    }

    #[test]
    fn summary_names_the_verdict_critical_categories_and_blocking_gaps() {
        let rules = sample();
        let md = render(&result(&rules, rules.clone(), vec![], None));
        let summary = md.split("## Executive Summary").nth(1).unwrap().split("---").next().unwrap();
        assert!(summary.contains("**shop-api is not ready for production.**"), "{summary}");
        assert!(
            summary.contains("3 of 4 graded categories are critical (Security, Monitoring, Documentation)"),
            "{summary}"
        );
        // Gaps are named by their failure, cut at the explanation.
        assert!(
            summary.contains("The blocking gaps (1 critical, 1 high): CORS allows any origin; no rate limiter."),
            "{summary}"
        );
        assert!(
            summary.contains("~3 hours for the blocking gaps, ~3.75 hours to close every gap"),
            "{summary}"
        );
        assert!(md.contains("_A failing critical check caps its category at 4/10: Security._"));
    }

    #[test]
    fn issues_carry_evidence_and_the_fix_for_the_detected_framework() {
        let rules = sample();
        let mut r = result(&rules, rules.clone(), vec![], None);
        r.project.stack.frameworks.push(crate::detect::Detected {
            id: "express".into(),
            name: "Express".into(),
            kind: crate::detect::Kind::Server,
            evidence: Location {
                path: "package.json".into(),
                line: 4,
                column: 0,
            },
        });
        let md = render(&r);
        let critical = md.split("## ❌ Critical Issues").nth(1).unwrap().split("## ⚠️").next().unwrap();
        assert!(critical.contains("### 1. **Bad** 🔴 CRITICAL (Security)"), "{critical}");
        assert!(
            critical.contains("- `src/index.js:6` problem at line 6 — `app.use(cors());`"),
            "{critical}"
        );
        assert!(critical.contains("**Action required** (express):\n```javascript\nfix-cors-wildcard --express\n```"));
        assert!(
            critical.contains("**Why it matters**: Why cors-wildcard matters.\n"),
            "first paragraph only"
        );
        assert!(!critical.contains("metrics"), "medium issues are not critical");
        // Medium and low issues fold the fix away.
        let medium = md.split("## ⚠️ Medium Priority Issues").nth(1).unwrap();
        assert!(medium.contains("<details><summary>Why it matters and how to fix it (~30 minutes)</summary>"));
        // The checklist: pass, fail with severity, n/a with reason.
        assert!(md.contains("- [x] Title of linter-config\n"));
        assert!(md.contains("- [ ] Title of rate-limiting — high\n"));
        assert!(md.contains("- ⚪ Title of e2e-tests — _n/a: no browser front end detected_"));
        // Strengths list passing rules only.
        let strengths = md.split("## ✅ Strengths").nth(1).unwrap().split("---").next().unwrap();
        assert!(strengths.contains("**Title of linter-config** — linter found") && !strengths.contains("cors"));
    }

    #[test]
    fn action_plan_groups_by_severity_and_totals_the_effort() {
        let mut rules = sample();
        rules.push(rule(
            "tests-present",
            Category::Testing,
            Severity::Critical,
            16.0,
            Outcome::fail("no tests", vec![]),
        ));
        let md = render(&result(&rules, rules.clone(), vec![], None));
        let plan = md.split("## 🎯 Action Plan").nth(1).unwrap().split("---").next().unwrap();
        let bands: Vec<&str> = plan.lines().filter(|l| l.starts_with("### ")).collect();
        assert_eq!(
            bands,
            [
                "### 🔥 Priority 1: Critical — fix before launch (~17 hours)",
                "### ⚡ Priority 2: High — fix before launch (~2 hours)",
                "### 🟡 Priority 3: Medium — plan for the first weeks after launch (~30 minutes)",
                "### 🟢 Priority 4: Low — when convenient (~15 minutes)",
            ]
        );
        // 1 + 16 + 2 + 0.5 + 0.25, the passing and n/a rules left out.
        assert!(
            plan.contains("**Total: ~19.75 hours** (about 2.5 working days) for 5 items."),
            "{plan}"
        );
        let items: Vec<&str> = plan.lines().filter(|l| l.starts_with(char::is_numeric)).collect();
        assert_eq!(items.len(), 5);
        assert!(
            items[0].starts_with("1. **Title of cors-wildcard** — 1 hour · Security"),
            "{items:?}"
        );
        assert!(items[4].starts_with("5. **Title of license** — 15 minutes"), "{items:?}");
    }

    #[test]
    fn nothing_failing_means_an_empty_plan_and_no_issues() {
        let rules = vec![rule(
            "license",
            Category::Documentation,
            Severity::Low,
            1.0,
            Outcome::pass("license found", vec![]),
        )];
        let md = render(&result(&rules, rules.clone(), vec![], None));
        assert!(md.contains("✅ **READY FOR PRODUCTION**"), "{md}");
        assert!(md.contains("Every applicable check passes."));
        assert!(md.contains("_Nothing left to fix: every applicable check passes._"));
        assert!(!md.contains("**Total:"));
    }

    /// The engine's view after suppression: the CORS finding accepted inline (rule now passes),
    /// the rate-limiting rule waived by config.
    fn suppressed_sample() -> ScanResult {
        let raw = sample();
        let mut rules = raw.clone();
        for r in &mut rules {
            if r.meta.id == "cors-wildcard" || r.meta.id == "rate-limiting" {
                r.outcome = Outcome::pass("accepted risk: see reason", vec![]);
            }
        }
        let suppressed = vec![
            Suppressed {
                rule: "cors-wildcard".into(),
                location: Location {
                    path: "src/index.js".into(),
                    line: 6,
                    column: 0,
                },
                message: "CORS allows any origin".into(),
                snippet: Some("app.use(cors());".into()),
                reason: "public read-only API | no cookies".into(),
                source: "src/index.js:6".into(),
                expires: None,
            },
            Suppressed {
                rule: "rate-limiting".into(),
                location: Location::default(),
                message: "no rate limiter".into(),
                snippet: None,
                reason: "gateway limits; password=hunter2hunter2".into(),
                source: "readycheck.toml [[suppress]] #1".into(),
                expires: Some("2027-01-01".into()),
            },
        ];
        result(&raw, rules, suppressed, Some("2026-01-15"))
    }

    #[test]
    fn suppressions_are_listed_with_reason_source_and_expiry() {
        let md = render(&suppressed_sample());
        let section = md.split("## 🔕 Accepted Risk (Suppressions)").nth(1).expect("section present");
        assert!(
            section.starts_with("\n\nAccepted as risk: 1 finding and 1 whole rule, across 2 rules."),
            "{section}"
        );
        assert!(section.contains("| Rule | Location | Finding | Reason | Source | Expires |"));
        assert!(section.contains(
            "| `cors-wildcard` | `src/index.js:6` | CORS allows any origin | public read-only API \\| no cookies | `src/index.js:6` | — |"
        ));
        assert!(section.contains("| `rate-limiting` | whole rule |"), "{section}");
        assert!(section.contains("| `readycheck.toml [[suppress]] #1` | 2027-01-01 |"), "{section}");
        assert!(md.contains("Accepted risk (1 finding and 1 whole rule) counts as passing; without it the score is"));
        assert!(!md.contains("hunter2hunter2"), "secrets in reasons are masked");
        assert_tables_consistent(&md);
        // Accepted rules are not strengths and not issues; the checklist says why they are ticked.
        let strengths = md.split("## ✅ Strengths").nth(1).unwrap().split("---").next().unwrap();
        assert!(!strengths.contains("cors-wildcard"), "{strengths}");
        assert!(md.contains("- [x] Title of cors-wildcard — ⚠️ _accepted risk_"));
        assert!(!md.contains("### 1. **Title of cors-wildcard**"));
    }

    #[test]
    fn raw_score_stands_beside_the_score_with_accepted_risk() {
        let r = suppressed_sample();
        assert!(r.raw_scores.overall < r.scores.overall);
        let md = render(&r);
        let (with, raw) = (fmt_score(r.scores.overall), fmt_score(r.raw_scores.overall));
        assert!(
            md.contains(&format!("**Overall Score**: {with}/10 with accepted risk · {raw}/10 raw")),
            "{md}"
        );
        assert!(md.contains("| Category | Score | Raw score | Status | Checks passed |"));
        // Security: both rules accepted → 10 with accepted risk; raw, both fail → 0.
        assert!(md.contains("| **Security** | 10/10 | 0/10 | ✅ Good | 2/2 |"), "{md}");
        assert!(md.contains(&format!(
            "**Overall Score: {with}/10** — **{}** (raw, before accepted risk: {raw}/10 — {})",
            r.scores.verdict.label(),
            r.raw_scores.verdict.label()
        )));
        assert_tables_consistent(&md);
    }

    #[test]
    fn text_from_the_tree_cannot_break_the_markup() {
        let rules = vec![rule(
            "x",
            Category::Security,
            Severity::High,
            1.0,
            Outcome::fail(
                "bad <script>alert(1)</script>\n# injected heading",
                vec![finding("src/__init__.py", 3, "a ``` b | c")],
            ),
        )];
        let mut r = result(&rules, rules.clone(), vec![], None);
        r.project.name = "evil|name<img>".into();
        r.project.warnings = vec![Warning {
            path: "weird|path.toml".into(),
            message: "parse error near `token = \"ghp_abcdefghijklmnopqrstuvwxyz0123456789\"`".into(),
        }];
        let md = render(&r);
        assert!(md.starts_with("# Production Readiness Report: evil\\|name\\<img\\>\n"), "{md}");
        assert!(!md.contains("<script>") && !md.contains("\n# injected"), "{md}");
        assert!(md.contains("`src/__init__.py:3`"));
        assert!(md.contains("````a ``` b | c````"), "snippet fenced past its backticks: {md}");
        assert!(!md.contains("abcdefghijklmnopqrstuvwxyz"), "warnings are redacted: {md}");
        assert_tables_consistent(&md);
    }

    #[test]
    fn a_huge_scan_still_fits_a_job_summary() {
        let snippet = "x".repeat(160);
        let many = |path: &str| (1..=2000).map(|i| finding(path, i, &snippet)).collect::<Vec<_>>();
        let rules: Vec<RuleResult> = (0..120)
            .map(|i| {
                rule(
                    &format!("rule-{i:03}"),
                    Category::ALL[i % 8],
                    Severity::High,
                    1.0,
                    Outcome::fail("bad", many(&format!("src/{}/file.js", "d".repeat(60)))),
                )
            })
            .collect();
        let suppressed = (0..10_000)
            .map(|i| Suppressed {
                rule: "rule-000".into(),
                location: Location {
                    path: "src/a.js".into(),
                    line: i,
                    column: 0,
                },
                message: "m".repeat(500),
                snippet: None,
                reason: "r".repeat(500),
                source: "readycheck.toml".into(),
                expires: None,
            })
            .collect();
        let mut r = result(&rules, rules.clone(), suppressed, None);
        r.project.warnings = (0..10_000)
            .map(|i| Warning {
                path: format!("f{i}"),
                message: "w".repeat(1000),
            })
            .collect();
        let md = render(&r);
        assert!(md.len() < 1024 * 1024, "{} bytes", md.len());
        assert_eq!(md.matches("<details>").count(), md.matches("</details>").count());
        assert!(md.contains("more (`--format json` lists every finding)"));
        assert!(md.contains("… and 9900 more (`--format json` lists every suppression)."));
        assert!(md.contains("- … and 9975 more (`--format json` lists every warning)"));
    }
}
