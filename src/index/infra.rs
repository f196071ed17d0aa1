//! Facts about how the service is run, gathered in the scan pass for rules that cross layers:
//! health checks declared to the container runtime or orchestrator (Dockerfile `HEALTHCHECK`,
//! compose `healthcheck:`, Kubernetes probes). `health-endpoint` and `dockerfile-healthcheck`
//! accept each other's evidence through these.

use crate::engine::ctx::FileCtx;
use crate::index::dockerfile::Dockerfile;
use crate::model::{Evidence, Location};
use crate::paths::Role;
use regex::Regex;
use std::sync::LazyLock;

static PROBE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t-]*(livenessProbe|readinessProbe|startupProbe)\s*:").expect("static regex"));
static COMPOSE_HEALTH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]+healthcheck\s*:").expect("static regex"));

/// True for a docker compose file name.
pub fn is_compose_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    (name.starts_with("docker-compose") || name.starts_with("compose.") || name.starts_with("compose-"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// True for a YAML file name.
pub fn is_yaml_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".yml") || lower.ends_with(".yaml")
}

/// Health checks declared in one file (compose services, Kubernetes probes).
pub fn scan_file(ctx: &FileCtx<'_>) -> Vec<Evidence> {
    let mut out = vec![];
    if matches!(ctx.info.role, Role::Example | Role::Test) || !is_yaml_path(ctx.path()) {
        return out;
    }
    if is_compose_path(ctx.path()) {
        for m in COMPOSE_HEALTH.find_iter(ctx.text) {
            let (line, _) = ctx.line_col(m.start());
            let next = ctx.line_text(line + 1);
            if !next.contains("disable: true") {
                out.push(Evidence {
                    location: ctx.location(m.start()),
                    message: "compose healthcheck".into(),
                });
            }
        }
    } else if ctx.contains("Probe") {
        for c in PROBE.captures_iter(ctx.text) {
            if let Some(k) = c.get(1) {
                out.push(Evidence {
                    location: ctx.location(k.start()),
                    message: format!("kubernetes {}", k.as_str()),
                });
            }
        }
    }
    out
}

/// `HEALTHCHECK` instructions of a parsed Dockerfile's final stage (`HEALTHCHECK NONE` excluded).
pub fn dockerfile_healthchecks(df: &Dockerfile) -> Vec<Evidence> {
    df.final_stage()
        .into_iter()
        .flat_map(|s| s.instructions.iter())
        .filter(|i| i.keyword == "HEALTHCHECK" && !i.args.trim().eq_ignore_ascii_case("none"))
        .map(|i| Evidence {
            location: Location {
                path: df.path.clone(),
                line: i.line,
                column: 1,
            },
            message: "Dockerfile HEALTHCHECK".into(),
        })
        .collect()
}

static K8S_KIND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^kind:\s*\w+").expect("static regex"));

/// True for a Kubernetes manifest, Helm chart or Kustomization outside tests and fixtures.
pub fn is_k8s_file(ctx: &FileCtx<'_>) -> bool {
    if matches!(ctx.info.role, Role::Example | Role::Test) || !is_yaml_path(ctx.path()) {
        return false;
    }
    let name = ctx.info.name().to_ascii_lowercase();
    if name == "chart.yaml" || name == "kustomization.yaml" || name == "kustomization.yml" {
        return true;
    }
    ctx.contains("apiVersion:")
        && K8S_KIND.is_match(ctx.text)
        && !is_compose_path(ctx.path())
        && crate::index::ci::provider(ctx.path()).is_none()
}
