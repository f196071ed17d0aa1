//! `dockerfile-healthcheck`: something tells the runtime how to check the container's health.
//!
//! **Why**: without a health check, a container whose process is alive but stuck (deadlocked,
//! lost its database, out of file handles) keeps receiving traffic and is never restarted.
//!
//! **Passes**: a `HEALTHCHECK` in a Dockerfile's final stage (not `HEALTHCHECK NONE`), a compose
//! service `healthcheck:`, a Kubernetes liveness/readiness/startup probe, or a platform's check
//! (fly.toml checks, Render `healthCheckPath`, Railway `healthcheckPath`, App Engine
//! `liveness_check`, Nomad `check`, ECS task definition `healthCheck`) — any layer that runs the
//! container can own the check, and the message says which one did.
//!
//! **Fails**: none of them, with a finding on each Dockerfile's final `FROM` line:
//!
//! ```dockerfile
//! FROM python:3.12-slim
//! CMD ["gunicorn", "app:app"]      # no HEALTHCHECK, no compose healthcheck, no probes
//! ```

use super::{finding, from_snippet, judged_dockerfiles};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::sync::LazyLock;

/// Health checks that deployment platforms run against the container, per config file name.
static PLATFORM_CHECKS: LazyLock<Vec<(&'static str, &'static str, Regex)>> = LazyLock::new(|| {
    let raw: &[(&str, &str, &str)] = &[
        (
            "fly.toml",
            "fly.io health check",
            r"(?m)^[ \t]*\[\[(?:http_service\.checks|services\.http_checks|services\.tcp_checks)\]\]|^[ \t]*\[checks[.\]]",
        ),
        ("render.yaml", "Render health check", r"(?m)^[ \t]*healthCheckPath\s*:"),
        ("railway.json", "Railway health check", r#""healthcheckPath"\s*:"#),
        ("railway.toml", "Railway health check", r"(?m)^[ \t]*healthcheckPath\s*="),
        (
            "app.yaml",
            "App Engine health check",
            r"(?m)^(?:liveness_check|readiness_check)\s*:",
        ),
        (".nomad", "Nomad service check", r"(?m)^[ \t]*check\s*\{"),
        (".nomad.hcl", "Nomad service check", r"(?m)^[ \t]*check\s*\{"),
        (".json", "ECS container healthCheck", r#""healthCheck"\s*:\s*\{"#),
    ];
    raw.iter()
        .filter_map(|(name, msg, re)| Regex::new(re).ok().map(|r| (*name, *msg, r)))
        .collect()
});

pub struct DockerfileHealthcheck {
    meta: RuleMeta,
}

impl DockerfileHealthcheck {
    pub fn new() -> DockerfileHealthcheck {
        DockerfileHealthcheck {
            meta: RuleMeta {
                id: "dockerfile-healthcheck".into(),
                category: Category::Deployment,
                severity: Severity::Low,
                title: "Container health check declared".into(),
                rationale: "Without a health check the runtime only knows whether the process exists: a container \
                            that is alive but stuck keeps receiving traffic and is never restarted."
                    .into(),
                detection: "Passes on any runtime health check outside tests and fixtures: `HEALTHCHECK` in a \
                            Dockerfile's final stage (not `HEALTHCHECK NONE`), a compose service `healthcheck:` (not \
                            `disable: true`), a Kubernetes livenessProbe/readinessProbe/startupProbe, or a platform \
                            check (fly.toml checks, Render healthCheckPath, Railway healthcheckPath, App Engine \
                            liveness_check/readiness_check, Nomad check, ECS task definition healthCheck). The message \
                            names the layer that satisfied it. Fails with a finding on each Dockerfile's final FROM \
                            line otherwise."
                    .into(),
                applies_to: vec!["docker".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "dockerfile".into(),
                        snippet: "HEALTHCHECK --interval=30s --timeout=3s --retries=3 \\\n  \
                                  CMD wget -qO- http://127.0.0.1:8000/health || exit 1"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "dockerfile".into(),
                        snippet: "HEALTHCHECK --interval=30s --timeout=3s \\\n  CMD python -c \"import urllib.request; \
                                  urllib.request.urlopen('http://127.0.0.1:8000/health')\" || exit 1"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "dockerfile".into(),
                        snippet: "HEALTHCHECK --interval=30s --timeout=3s \\\n  CMD node -e \"fetch('http://127.0.0.1:3000/health')\
                                  .then(r => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))\""
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "yaml".into(),
                        snippet: "# distroless has no shell or curl: let the orchestrator probe\n\
                                  livenessProbe:\n  httpGet: { path: /health, port: 8080 }\n\
                                  readinessProbe:\n  httpGet: { path: /ready, port: 8080 }"
                            .into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "container health check declared".into(),
                fail_message: "no container health check: a stuck container keeps receiving traffic".into(),
            },
        }
    }
}

/// Which layer a health-check evidence entry belongs to, as said in the message.
fn layer(e: &Evidence) -> String {
    let path = &e.location.path;
    if e.message.starts_with("Dockerfile") {
        format!("`HEALTHCHECK` in {path}")
    } else if e.message.starts_with("compose") {
        format!("healthcheck declared in {path}")
    } else if let Some(probe) = e.message.strip_prefix("kubernetes ") {
        format!("kubernetes {probe} in {path}")
    } else {
        format!("{} in {path}", e.message)
    }
}

impl Rule for DockerfileHealthcheck {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Test | Role::Example) {
            return;
        }
        let name = file.info.name().to_ascii_lowercase();
        for (suffix, msg, re) in PLATFORM_CHECKS.iter() {
            let applies = if suffix.starts_with('.') {
                name.ends_with(suffix) && (*suffix != ".json" || file.contains("\"containerDefinitions\""))
            } else {
                name == *suffix
            };
            if applies && let Some(m) = re.find(file.text) {
                hits.push(file.evidence_at(m.start(), *msg));
                return;
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, platform) = crate::rule::split_hits(hits);
        let evidence: Vec<Evidence> = project
            .health_checks
            .iter()
            .filter(|e| !matches!(crate::paths::classify(&e.location.path), Role::Test | Role::Example))
            .cloned()
            .chain(platform)
            .collect();
        if !evidence.is_empty() {
            // Dockerfile first, then compose, then Kubernetes: the layer closest to the image.
            let rank = |e: &Evidence| match e.message.as_str() {
                m if m.starts_with("Dockerfile") => 0,
                m if m.starts_with("compose") => 1,
                m if m.starts_with("kubernetes") => 2,
                _ => 3,
            };
            let mut layers: Vec<(u8, String)> = evidence.iter().map(|e| (rank(e), layer(e))).collect();
            layers.sort();
            layers.dedup();
            let shown: Vec<String> = layers.into_iter().map(|(_, l)| l).take(3).collect();
            return Outcome::pass(shown.join("; "), evidence.into_iter().take(10).collect());
        }
        let findings = judged_dockerfiles(project)
            .filter_map(|df| {
                let stage = df.final_stage()?;
                Some(finding(
                    &df.path,
                    stage.line,
                    "no `HEALTHCHECK` here, and no compose healthcheck or kubernetes probe elsewhere",
                    Some(from_snippet(stage)),
                ))
            })
            .collect();
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}
