//! `deployment-guide`: how the service is deployed is written down.
//!
//! **Why**: when the one person who knows how to ship is away, a release or a rollback becomes an
//! experiment in production. A written guide (steps, environments, rollback) makes deploying a
//! routine anyone on the team can follow.
//!
//! **Passes**: a `DEPLOY*.md`/`DEPLOYMENT*.md` file, a `docs/deploy*` or `docs/deployment*` page
//! (or folder), or a README section whose heading mentions deploying, production or releasing
//! (a docs page's heading about deploying or production also counts).
//!
//! **Fails**: none of these. A `# deploy` shell comment inside a README code block is not a
//! heading; neither is prose that mentions deployment.

use super::readme_setup::{DocPlace, doc_page, outline};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

/// Evidence entries kept.
const MAX_EVIDENCE: usize = 10;

static README_HEADING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:deploy\w*|production|releas(?:e|es|ing))\b").expect("static regex"));
static DOCS_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:deploy\w*|production)\b").expect("static regex"));

pub struct DeploymentGuide {
    meta: RuleMeta,
}

/// True when the path is a deployment guide by name.
fn is_guide_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let parts: Vec<&str> = lower.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else { return false };
    if (name.starts_with("deploy")) && (name.ends_with(".md") || name.ends_with(".rst") || name.ends_with(".adoc")) {
        return true;
    }
    // docs/deploy*, docs/deployment/…: a page or a folder under a docs folder.
    dirs.iter()
        .enumerate()
        .any(|(i, d)| matches!(*d, "docs" | "doc" | "documentation") && parts.get(i + 1).is_some_and(|next| next.starts_with("deploy")))
}

impl DeploymentGuide {
    pub fn new() -> DeploymentGuide {
        DeploymentGuide {
            meta: RuleMeta {
                id: "deployment-guide".into(),
                category: Category::Documentation,
                severity: Severity::Medium,
                title: "Deployment is documented".into(),
                rationale: "When only one person knows how to ship, a release or a rollback becomes an experiment in \
                            production. A written deployment guide (build, configure, release, roll back) lets anyone \
                            on the team deploy and recover."
                    .into(),
                detection: "Passes on a DEPLOY*.md / DEPLOYMENT*.md file (any case, .md/.rst/.adoc), a docs/deploy* or \
                            docs/deployment* page or folder (also doc/, documentation/), or a section heading in a \
                            README that mentions deploy/deployment/production/release (or in a docs page that mentions \
                            deploy/production). Only headings count (Markdown #…###### or setext, reStructuredText, \
                            AsciiDoc); headings inside code blocks, tests, fixtures and vendored code are ignored."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "markdown".into(),
                        snippet: "# DEPLOYMENT.md\n\n## Environments\nstaging (auto on main), production (tagged releases)\n\n\
                                  ## Deploying\n1. `git tag v1.4.0 && git push --tags` — CI builds and pushes the image\n\
                                  2. `kubectl -n prod set image deploy/api api=registry/api:v1.4.0`\n\n\
                                  ## Rolling back\n`kubectl -n prod rollout undo deploy/api`\n\n## Configuration\nSee `.env.example`; secrets live in the vault."
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "markdown".into(),
                        snippet: "## Deployment\n\n```bash\ndocker build -t api:1.4.0 .\ndocker run --env-file .env -p 8000:8000 api:1.4.0\n```\n\
                                  Behind a proxy run `gunicorn -k uvicorn.workers.UvicornWorker -w 4 app.main:app`.\nRollback: redeploy the previous tag."
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "markdown".into(),
                        snippet: "## Deployment\n\n```bash\nnpm ci --omit=dev\nNODE_ENV=production node src/server.js\n```\n\
                                  Production runs the Docker image built by CI; roll back by redeploying the previous tag."
                            .into(),
                    },
                ],
                effort_hours: 2.0,
                pass_message: "deployment is documented".into(),
                fail_message: "no deployment guide (DEPLOYMENT.md, docs/deploy*, or a README deployment section)".into(),
            },
        }
    }
}

impl Rule for DeploymentGuide {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Example | Role::Test) {
            return;
        }
        if is_guide_path(&info.path) {
            hits.push(file.evidence_file("deployment guide"));
            return;
        }
        let Some((place, markup)) = doc_page(info) else { return };
        let lower = file.text.to_ascii_lowercase();
        if !(lower.contains("deploy") || lower.contains("production") || place == DocPlace::Readme && lower.contains("releas")) {
            return;
        }
        let re = match place {
            DocPlace::Readme => &*README_HEADING,
            DocPlace::Docs => &*DOCS_HEADING,
        };
        if let Some(h) = outline(file.text, markup).heading_matching(re) {
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
    use super::is_guide_path;

    #[test]
    fn guide_paths() {
        for ok in [
            "DEPLOY.md",
            "DEPLOYMENT.md",
            "ops/deployment-aws.md",
            "docs/deploy.md",
            "docs/deployment/k8s.md",
            "doc/Deploying.rst",
        ] {
            assert!(is_guide_path(ok), "{ok}");
        }
        for no in ["deploy.sh", "src/deploy.py", "docs/index.md", "scripts/deploy/run.sh"] {
            assert!(!is_guide_path(no), "{no}");
        }
    }
}
