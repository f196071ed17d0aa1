//! `runbook`: how to operate the service, and what to do when it breaks, is written down.
//!
//! **Why**: incidents happen at night, to whoever is on call. A runbook (symptoms, dashboards,
//! known failure modes, how to restart, scale and roll back) turns a page into a checklist instead
//! of an investigation.
//!
//! **Passes**: `RUNBOOK*.md`, `OPERATIONS.md`, `PLAYBOOK.md`, a `runbooks/` folder, a
//! `docs/runbook*`, `docs/ops*`, `docs/operations*` or `docs/incident*` page or folder, or a
//! heading about troubleshooting, runbooks, incidents, on-call or operations in a README or docs
//! page.
//!
//! **Fails**: none of these. "## Supported operations" in an API README is not an operations
//! guide: an operations heading must start with the word.

use super::readme_setup::{doc_page, outline};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

/// Evidence entries kept.
const MAX_EVIDENCE: usize = 10;

static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:troubleshoot\w*|runbooks?|playbooks?|incidents?|incident response|on[ -]?call)\b|^\W*(?:operations|operating|ops)\b")
        .expect("static regex")
});

const DOC_EXT: &[&str] = &[".md", ".markdown", ".rst", ".adoc", ".txt"];

/// True when the path is a runbook by name.
fn is_runbook_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else { return false };
    let doc_ext = DOC_EXT.iter().any(|e| name.ends_with(e));
    if doc_ext && (name.starts_with("runbook") || matches!(*name, "operations.md" | "playbook.md" | "playbooks.md")) {
        return true;
    }
    if dirs.iter().any(|d| matches!(*d, "runbook" | "runbooks" | "playbooks")) && doc_ext {
        return true;
    }
    dirs.iter().enumerate().any(|(i, d)| {
        matches!(*d, "docs" | "doc" | "documentation")
            && parts.get(i + 1).is_some_and(|next| {
                [
                    "runbook",
                    "ops",
                    "operations",
                    "incident",
                    "on-call",
                    "oncall",
                    "playbook",
                    "troubleshoot",
                ]
                .iter()
                .any(|p| next.starts_with(p))
            })
    })
}

pub struct Runbook {
    meta: RuleMeta,
}

impl Runbook {
    pub fn new() -> Runbook {
        Runbook {
            meta: RuleMeta {
                id: "runbook".into(),
                category: Category::Documentation,
                severity: Severity::Low,
                title: "Operations runbook".into(),
                rationale: "Incidents happen at night, to whoever is on call. A runbook with symptoms, dashboards, known \
                            failure modes and how to restart, scale and roll back turns a page into a checklist instead \
                            of an investigation."
                    .into(),
                detection: "Passes on RUNBOOK*.md, OPERATIONS.md, PLAYBOOK.md, a runbooks/ folder, docs/runbook*, \
                            docs/ops*, docs/operations*, docs/incident*, docs/on-call* (pages or folders; also doc/, \
                            documentation/), or a README/docs heading about troubleshooting, runbooks, incidents, \
                            on-call, or one that starts with Operations. Headings inside code blocks, tests and vendored \
                            code are ignored."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "markdown".into(),
                    snippet: "# RUNBOOK.md\n\n## Dashboards and alerts\nGrafana: API overview; alerts route to #oncall\n\n\
                              ## Troubleshooting\n### 5xx spike\n1. Check the latest deploy: `kubectl -n prod rollout history deploy/api`\n\
                              2. Roll back: `kubectl -n prod rollout undo deploy/api`\n\n### Database connections exhausted\n\
                              Scale down workers, then check slow queries in `pg_stat_activity`."
                        .into(),
                }],
                effort_hours: 3.0,
                pass_message: "operations runbook found".into(),
                fail_message: "no runbook or troubleshooting guide".into(),
            },
        }
    }
}

impl Rule for Runbook {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Example | Role::Test) {
            return;
        }
        if is_runbook_path(&info.path) {
            hits.push(file.evidence_file("runbook"));
            return;
        }
        let Some((_, markup)) = doc_page(info) else { return };
        let lower = file.text.to_ascii_lowercase();
        if !["troubleshoot", "runbook", "playbook", "incident", "call", "operati", "ops"]
            .iter()
            .any(|w| lower.contains(w))
        {
            return;
        }
        if let Some(h) = outline(file.text, markup).heading_matching(&HEADING) {
            hits.push(file.evidence_at_line(h.line, 1, format!("section `{}`", h.text)));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (_, evidence) = split_hits(hits);
        crate::rules::util::require_evidence(&self.meta, evidence, MAX_EVIDENCE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runbook_paths() {
        for ok in [
            "RUNBOOK.md",
            "ops/runbook-api.md",
            "OPERATIONS.md",
            "docs/ops.md",
            "docs/incidents/db.md",
            "runbooks/redis.md",
        ] {
            assert!(is_runbook_path(ok), "{ok}");
        }
        for no in ["src/operations.py", "docs/index.md", "README.md", "runbook.py"] {
            assert!(!is_runbook_path(no), "{no}");
        }
    }

    #[test]
    fn headings() {
        for ok in [
            "troubleshooting",
            "operations",
            "operations guide",
            "incident response",
            "on-call",
            "runbook",
        ] {
            assert!(HEADING.is_match(ok), "{ok}");
        }
        for no in ["supported operations", "bulk operations api", "options"] {
            assert!(!HEADING.is_match(no), "{no}");
        }
    }
}
