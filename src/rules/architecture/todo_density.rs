//! `todo-density`: few TODO/FIXME/HACK/XXX markers in shipped source, graded per 1,000 lines.
//!
//! **Why**: each marker is a known shortcut or unfinished piece of work; a codebase dense with them
//! ships behaviour its own authors flagged as not ready.
//!
//! **Graded**: markers in comments per 1,000 lines of shipped source. Credit is 1 at ≤ 1 per
//! 1,000 lines, 0 at ≥ 10, linear between: `credit = clamp((10 − density) / 9, 0, 1)`. Findings
//! list the marker locations (first 50).
//!
//! **Counts**: uppercase, whole-word `TODO`, `FIXME`, `HACK`, `XXX` inside a comment, used as a
//! marker: first word of the comment text, or followed by `:` or `(owner)` (one per line).
//! **Does not count**: markers in string literals (`"TODO"`), identifiers (`todo_list`, `todos`),
//! lowercase prose ("a hack"), prose naming the words ("the TODO markers", a quoted `TODO`),
//! placeholders like `XXX-XX-XXXX`, file names like `TODO.md`, tests.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity, Status};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::sync::LazyLock;

/// Findings listed; the message carries the total.
const MAX_FINDINGS: usize = 50;
/// Density (markers per 1,000 lines) at or below which the rule passes in full.
const FULL_CREDIT_AT: f64 = 1.0;
/// Density at or above which the credit is 0.
const ZERO_CREDIT_AT: f64 = 10.0;

static MARKER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)(?:TODO|FIXME|HACK|XXX)(?-u:\b)").expect("static regex"));

pub struct TodoDensity {
    meta: RuleMeta,
}

/// Lines of a text holding `newlines` newline bytes: newline-terminated ones, plus a final
/// unterminated one.
fn count_lines(text: &str, newlines: usize) -> usize {
    newlines + usize::from(!text.is_empty() && !text.ends_with('\n'))
}

/// The credit for a density, per the documented formula.
pub fn credit(density: f64) -> f64 {
    ((ZERO_CREDIT_AT - density) / (ZERO_CREDIT_AT - FULL_CREDIT_AT)).clamp(0.0, 1.0)
}

/// True when the characters around a whole-word match make it a marker, not a placeholder or a name.
fn is_marker_context(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let mut after = text[end..].chars();
    let next = after.next();
    let next2 = after.next();
    if matches!(before, Some('-' | '.' | '$' | '\\' | '`' | '"' | '\'')) {
        return false;
    }
    match next {
        Some('-') => false,
        Some('.' | '/') => !next2.is_some_and(|c| c.is_alphanumeric()),
        _ => true,
    }
}

/// True when a marker is used as one: it opens the comment's text (`// TODO …`, ` * XXX …`,
/// `x = 1  # FIXME …`) or takes a colon or an owner (`… TODO: …`, `… HACK(ana) …`). Prose that
/// merely names the words ("the TODO markers") is not a marker.
fn is_marker_use(text: &str, comment_start: usize, start: usize, end: usize) -> bool {
    let line_start = text.get(..start).and_then(|t| t.rfind('\n')).map_or(0, |i| i + 1);
    let from = comment_start.max(line_start).min(start);
    let Some(before) = text.get(from..start) else { return false };
    // Inside a `code span` of a doc comment: an example, not a marker.
    if before.matches('`').count() % 2 == 1 {
        return false;
    }
    if matches!(text.get(end..).and_then(|t| t.chars().next()), Some(':' | '(')) {
        return true;
    }
    before
        .chars()
        .all(|c| c.is_whitespace() || matches!(c, '/' | '*' | '#' | '!' | '-' | '@' | '<'))
}

/// True when the masked region that contains a marker starts with a comment opener.
fn opens_comment(lang: Lang, rest: &str) -> bool {
    if lang == Lang::Python {
        rest.starts_with('#')
    } else {
        rest.starts_with("//") || rest.starts_with("/*")
    }
}

impl TodoDensity {
    pub fn new() -> TodoDensity {
        TodoDensity {
            meta: RuleMeta {
                id: "todo-density".into(),
                category: Category::Architecture,
                severity: Severity::Low,
                title: "Few TODO/FIXME/HACK markers in source".into(),
                rationale: "Every TODO, FIXME, HACK or XXX is a shortcut or unfinished piece of work its authors \
                            flagged; code dense with them ships behaviour that was known not to be ready."
                    .into(),
                detection: "Counts uppercase whole-word TODO, FIXME, HACK and XXX used as markers in comments of \
                            shipped source: the first word of the comment text, or followed by `:` or `(owner)` \
                            (tests, examples and vendored code excluded; string literals, identifiers such as \
                            `todos`, prose that names the words, quoted or backticked mentions, placeholders such as \
                            XXX-XX and names such as TODO.md do not count; at most one per line), per 1,000 lines of \
                            shipped source. Graded: credit = clamp((10 − density) / 9, \
                            0, 1), so ≤ 1 marker per 1,000 lines passes in full and ≥ 10 scores 0. Findings list the \
                            first 50 markers. n/a without shipped source."
                    .into(),
                applies_to: vec![],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "bash".into(),
                    snippet: "# turn each marker into a tracked issue, then reference it or delete the comment\n\
                              git grep -nE '\\b(TODO|FIXME|HACK|XXX)\\b' -- src/\n\
                              # // TODO: retry on 503   →   // retry on 503: see #1234"
                        .into(),
                }],
                effort_hours: 2.0,
                pass_message: "few TODO/FIXME markers in source".into(),
                fail_message: "source is dense with TODO/FIXME markers".into(),
            },
        }
    }
}

impl Rule for TodoDensity {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role != Role::Source {
            return;
        }
        let Some(lang) = info.lang else { return };
        hits.push(Hit::Fact {
            tag: "lines".into(),
            value: count_lines(file.text, file.newline_count()).to_string(),
            location: crate::model::Location {
                path: info.path.clone(),
                line: 0,
                column: 0,
            },
        });
        let t = file.text;
        if !["TODO", "FIXME", "HACK", "XXX"].iter().any(|w| file.contains(w)) {
            return;
        }
        // (marker offset, start of the comment/string run holding it): lets a run be walked once.
        let mut memo: Option<(usize, usize)> = None;
        let mut last_line = 0;
        for m in MARKER.find_iter(t) {
            let b = m.start();
            if file.in_code(b) || !is_marker_context(t, b, m.end()) {
                continue;
            }
            let mut s = b;
            loop {
                if let Some((p, r)) = memo
                    && s == p
                {
                    s = r;
                    break;
                }
                if s == 0 || file.in_code(s - 1) {
                    break;
                }
                s -= 1;
            }
            memo = Some((b, s));
            if !t.get(s..).is_some_and(|rest| opens_comment(lang, rest)) || !is_marker_use(t, s, b, m.end()) {
                continue;
            }
            let line = file.line_col(b).0;
            if line == last_line {
                continue;
            }
            last_line = line;
            hits.push(file.finding_at(b, format!("`{}` marker", m.as_str())));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let mut lines = 0usize;
        let mut markers: Vec<Finding> = vec![];
        for h in hits {
            match h {
                Hit::Fact { tag, value, .. } if tag == "lines" => lines += value.parse::<usize>().unwrap_or(0),
                Hit::Finding(f) => markers.push(f.clone()),
                _ => {}
            }
        }
        if lines == 0 {
            return Outcome::not_applicable("no shipped source");
        }
        let total = markers.len();
        let density = total as f64 * 1000.0 / lines as f64;
        let credit = credit(density);
        let summary = format!("{total} TODO/FIXME marker(s) in {lines} source lines ({density:.1} per 1,000 lines)");
        if credit >= 0.999 {
            return Outcome::pass(summary, vec![]);
        }
        markers.sort();
        markers.truncate(MAX_FINDINGS);
        Outcome {
            status: Status::Fail,
            credit,
            message: summary,
            findings: markers,
            evidence: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    #[test]
    fn credit_is_linear_between_1_and_10() {
        assert_eq!(credit(0.0), 1.0);
        assert_eq!(credit(1.0), 1.0);
        assert!((credit(5.5) - 0.5).abs() < 1e-9);
        assert_eq!(credit(10.0), 0.0);
        assert_eq!(credit(40.0), 0.0);
    }

    #[test]
    fn lines_and_context() {
        let lines = |t: &str| {
            let info = FileInfo::new("a.py".into(), t.len() as u64);
            count_lines(t, FileCtx::new(&info, t).newline_count())
        };
        assert_eq!(lines(""), 0);
        assert_eq!(lines("a\nb"), 2);
        assert_eq!(lines("a\nb\n"), 2);
        assert_eq!(lines("\n\n\nx"), 4);
        let t = "XXX-XX-XXXX TODO.md TODO: x FIXME. HACK(bob)";
        let ok: Vec<&str> = MARKER
            .find_iter(t)
            .filter(|m| is_marker_context(t, m.start(), m.end()))
            .map(|m| m.as_str())
            .collect();
        assert_eq!(ok, ["TODO", "FIXME", "HACK"]);
        assert!(!is_marker_context("`TODO`", 1, 5));
    }

    #[test]
    fn markers_versus_prose() {
        let t = "x = 1  # TODO fix\n    # FIXME(ana): y\n // the TODO markers\n * XXX later\n// HACK: z\n// as in `HACK(ana)`";
        let found: Vec<&str> = MARKER
            .find_iter(t)
            .filter(|m| {
                let cs = t[..m.start()].rfind(['#', '/', '*']).unwrap_or(0);
                is_marker_use(t, cs.min(m.start()), m.start(), m.end())
            })
            .map(|m| m.as_str())
            .collect();
        assert_eq!(found, ["TODO", "FIXME", "XXX", "HACK"]);
    }
}
