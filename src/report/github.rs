//! GitHub Actions workflow commands (`::error file=…,line=…::…`), so findings appear as annotations
//! on the pull request. Critical and high rules are errors, medium warnings, low notices.

use super::{RenderOptions, Report, fmt_score};
use crate::engine::ScanResult;
use crate::model::{Severity, Status};
use std::fmt::Write as _;

pub struct GithubReport;

/// Escapes a message (`%`, CR, LF), as the workflow-command syntax requires.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value: as data, plus `:` and `,`.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "notice",
    }
}

impl Report for GithubReport {
    fn render(&self, r: &ScanResult, _opts: &RenderOptions) -> String {
        let mut o = String::new();
        for x in r.rules.iter().filter(|x| x.outcome.status == Status::Fail) {
            let lvl = level(x.meta.severity);
            let title = escape_property(&format!("{} ({})", x.meta.id, x.meta.severity.id()));
            if x.outcome.findings.is_empty() {
                let _ = writeln!(o, "::{lvl} title={title}::{}", escape_data(&x.outcome.message));
                continue;
            }
            for f in &x.outcome.findings {
                let mut props = format!("file={}", escape_property(&f.location.path));
                if f.location.line > 0 {
                    let _ = write!(props, ",line={}", f.location.line);
                    if f.location.column > 0 {
                        let _ = write!(props, ",col={}", f.location.column);
                    }
                }
                let _ = writeln!(o, "::{lvl} {props},title={title}::{}", escape_data(&f.message));
            }
        }
        for s in &r.suppressed {
            let mut props = String::new();
            if !s.location.path.is_empty() {
                let _ = write!(props, "file={}", escape_property(&s.location.path));
                if s.location.line > 0 {
                    let _ = write!(props, ",line={}", s.location.line);
                }
                props.push(',');
            }
            let title = escape_property(&format!("{} (suppressed)", s.rule));
            let _ = writeln!(o, "::notice {props}title={title}::accepted risk: {}", escape_data(&s.reason));
        }
        let _ = writeln!(
            o,
            "::notice title=readycheck::{} — overall {}/10 ({})",
            r.scores.verdict.label(),
            fmt_score(r.scores.overall),
            escape_data(&r.project.stack.describe())
        );
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_follows_the_workflow_command_syntax() {
        assert_eq!(escape_data("50% done\nnext"), "50%25 done%0Anext");
        assert_eq!(escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
