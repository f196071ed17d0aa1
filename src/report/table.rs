//! The terminal report: a score table per category, then each failing rule with its findings.

use super::{RenderOptions, Report, fmt_score, loc};
use crate::engine::ScanResult;
use crate::model::Status;
use crate::score::Band;
use comfy_table::{Attribute, Cell, CellAlignment, Color, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};
use std::fmt::Write as _;

/// Findings shown per rule in the terminal; the JSON has them all.
const MAX_FINDINGS_SHOWN: usize = 10;

pub struct TableReport;

fn band_color(b: Band) -> Color {
    match b {
        Band::Critical => Color::Red,
        Band::NeedsWork => Color::Yellow,
        Band::Good => Color::Green,
    }
}

impl Report for TableReport {
    fn render(&self, r: &ScanResult, opts: &RenderOptions) -> String {
        let paint = |cell: Cell, color: Color| if opts.color { cell.fg(color) } else { cell };
        let mut t = Table::new();
        t.load_style(UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        if !opts.color {
            t.force_no_tty();
        }
        t.set_header(vec!["Category", "Score", "Status", "Passed"]);
        for c in &r.scores.categories {
            let (score, status) = match (c.score, c.status) {
                (Some(s), Some(b)) => (format!("{}/10", fmt_score(s)), paint(Cell::new(b.label()), band_color(b))),
                _ => ("n/a".to_string(), Cell::new("n/a")),
            };
            t.add_row(vec![
                Cell::new(c.category.name()),
                Cell::new(score).set_alignment(CellAlignment::Right),
                status,
                Cell::new(format!("{}/{}", c.passed, c.applicable)).set_alignment(CellAlignment::Right),
            ]);
        }
        let verdict = r.scores.verdict.label();
        let mut overall = Cell::new(format!("{}/10", fmt_score(r.scores.overall))).set_alignment(CellAlignment::Right);
        if opts.color {
            overall = overall.add_attribute(Attribute::Bold);
        }
        t.add_row(vec![
            Cell::new("Overall"),
            overall,
            paint(Cell::new(verdict), band_color(r.scores.status)),
            Cell::new(""),
        ]);

        let mut out = String::new();
        let _ = writeln!(out, "readycheck {} — {}", r.project.name, r.project.stack.describe());
        let _ = writeln!(out, "{t}");
        let failing: Vec<_> = r.rules.iter().filter(|x| x.outcome.status == Status::Fail).collect();
        if failing.is_empty() {
            let _ = writeln!(out, "\nevery applicable check passed");
        } else {
            let mut failing = failing;
            failing.sort_by(|a, b| b.meta.severity.cmp(&a.meta.severity).then(a.meta.id.cmp(&b.meta.id)));
            let _ = writeln!(out, "\nFailing checks ({}):", failing.len());
            for x in failing {
                let sev = x.meta.severity.id().to_uppercase();
                let head = format!("[{sev}] {} ({})", x.meta.id, x.meta.category.id());
                let head = if opts.color {
                    let code = if x.meta.severity >= crate::model::Severity::High {
                        "31"
                    } else {
                        "33"
                    };
                    format!("\x1b[{code}m{head}\x1b[0m")
                } else {
                    head
                };
                let _ = writeln!(out, "\n{head} — {}", x.outcome.message);
                for f in x.outcome.findings.iter().take(MAX_FINDINGS_SHOWN) {
                    let _ = writeln!(out, "  {}  {}", loc(&f.location.path, f.location.line), f.message);
                    if let Some(s) = &f.snippet {
                        let _ = writeln!(out, "      {s}");
                    }
                }
                if x.outcome.findings.len() > MAX_FINDINGS_SHOWN {
                    let _ = writeln!(
                        out,
                        "  … and {} more (see --format json)",
                        x.outcome.findings.len() - MAX_FINDINGS_SHOWN
                    );
                }
                if let Some(fix) = x.meta.remediation_for(&r.project.stack.framework_ids()) {
                    let first = fix.snippet.lines().find(|l| !l.trim().is_empty()).unwrap_or("").trim();
                    let _ = writeln!(out, "  fix: {first}   (readycheck explain {})", x.meta.id);
                }
            }
        }
        if !r.suppressed.is_empty() {
            let _ = writeln!(
                out,
                "\nSuppressed ({}; overall {}/10 before accepted risk):",
                r.suppressed.len(),
                fmt_score(r.raw_scores.overall)
            );
            for s in &r.suppressed {
                let at = if s.location.path.is_empty() {
                    "whole rule".to_string()
                } else {
                    loc(&s.location.path, s.location.line)
                };
                let _ = writeln!(out, "  {} {at} — {} ({})", s.rule, s.reason, s.source);
            }
        }
        if !r.project.warnings.is_empty() {
            let _ = writeln!(out, "\n{} warning(s):", r.project.warnings.len());
            for w in r.project.warnings.iter().take(20) {
                let _ = writeln!(out, "  {}: {}", if w.path.is_empty() { "-" } else { &w.path }, w.message);
            }
        }
        out
    }
}
