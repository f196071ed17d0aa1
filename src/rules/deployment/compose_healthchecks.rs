//! `compose-healthchecks`: compose services that others depend on declare a health check.
//!
//! **Why**: `depends_on` without a health check only waits for the dependency's container to
//! *start*, not to be ready: the API boots before Postgres accepts connections and crash-loops or
//! fails its first requests. `condition: service_healthy` fixes that — but only if the dependency
//! has a health check, otherwise `docker compose up` refuses to start.
//!
//! **Fails**: a service named in another service's `depends_on` with no `healthcheck:` (finding on
//! its key line), and each `condition: service_healthy` that waits on such a service:
//!
//! ```yaml
//! services:
//!   api:
//!     depends_on:
//!       db: { condition: service_healthy }   # db has no healthcheck
//!   db:
//!     image: postgres:16
//! ```
//!
//! **Passes**: every depended-on service has a `healthcheck:` (in any compose file of the same
//! directory, so overrides count), inherits one through `extends:`, or is built from a Dockerfile
//! whose final stage has a `HEALTHCHECK`. Services nobody depends on are not judged.

use super::{dir_of, join_path};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub struct ComposeHealthchecks {
    meta: RuleMeta,
}

impl ComposeHealthchecks {
    pub fn new() -> ComposeHealthchecks {
        ComposeHealthchecks {
            meta: RuleMeta {
                id: "compose-healthchecks".into(),
                category: Category::Deployment,
                severity: Severity::Low,
                title: "Compose dependencies have health checks".into(),
                rationale: "`depends_on` without a health check only waits for the dependency's container to start, \
                            not to be ready: the app boots before the database accepts connections and fails its \
                            first requests or crash-loops. `condition: service_healthy` needs a health check to work."
                    .into(),
                detection: "Reads every docker compose file outside tests. A service named in another service's \
                            `depends_on` (list or map form) must have a `healthcheck:` (not `disable: true`) in some \
                            compose file of the same directory, an `extends:` (not followed), or a `build:` whose \
                            Dockerfile's final stage has a HEALTHCHECK. Findings on the dependency's service key, \
                            and on each `condition: service_healthy` that waits for a service without one."
                    .into(),
                applies_to: vec!["compose".into()],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "yaml".into(),
                    snippet: "services:\n  api:\n    depends_on:\n      db:\n        condition: service_healthy\n  db:\n    \
                              image: postgres:16\n    healthcheck:\n      test: [\"CMD-SHELL\", \"pg_isready -U postgres\"]\n      \
                              interval: 5s\n      timeout: 3s\n      retries: 10"
                        .into(),
                }],
                effort_hours: 0.5,
                pass_message: "every compose dependency has a health check".into(),
                fail_message: "compose services start before their dependencies are ready".into(),
            },
        }
    }
}

/// Indentation of a line (spaces; a tab counts as one).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn key_of(line: &str) -> Option<&str> {
    let t = line.trim();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let (k, _) = t.split_once(':')?;
    let k = k.trim().trim_matches(|c| c == '"' || c == '\'');
    (!k.is_empty() && !k.contains(' ')).then_some(k)
}

/// 1-based line of each service key under the top-level `services:`.
fn service_lines(text: &str) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    let lines: Vec<&str> = text.lines().collect();
    let Some(start) = lines.iter().position(|l| l.trim_end().starts_with("services:") && indent(l) == 0) else {
        return out;
    };
    let mut child: Option<usize> = None;
    for (i, l) in lines.iter().enumerate().skip(start + 1) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = indent(l);
        if ind == 0 {
            break;
        }
        let c = *child.get_or_insert(ind);
        if ind == c
            && let Some(k) = key_of(l)
        {
            out.insert(k.to_string(), i + 1);
        }
    }
    out
}

/// The line where `depends_on` of the service starting at `from` names `target` (its
/// `condition:` line when `healthy`), else the service line.
fn dep_line(text: &str, from: usize, target: &str, healthy: bool) -> usize {
    if from == 0 {
        return 0;
    }
    let lines: Vec<&str> = text.lines().collect();
    let Some(svc) = lines.get(from - 1) else {
        return from;
    };
    let svc_indent = indent(svc);
    let mut in_deps: Option<usize> = None;
    let mut entry: Option<(usize, usize)> = None;
    for (i, l) in lines.iter().enumerate().skip(from) {
        let t = l.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        let ind = indent(l);
        if ind <= svc_indent {
            break;
        }
        if let Some((e_line, e_ind)) = entry {
            if ind <= e_ind {
                return e_line;
            }
            if t.starts_with("condition:") {
                return i + 1;
            }
            continue;
        }
        if let Some(d) = in_deps {
            if ind <= d {
                in_deps = None;
            } else {
                let item = t.trim_start_matches("- ").trim_matches(|c| c == '"' || c == '\'');
                let name = item.split(':').next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\'');
                if name == target {
                    if !healthy {
                        return i + 1;
                    }
                    if t.contains("service_healthy") {
                        return i + 1;
                    }
                    entry = Some((i + 1, ind));
                }
                continue;
            }
        }
        if t.starts_with("depends_on:") {
            in_deps = Some(ind);
            if t.contains(target) {
                return i + 1;
            }
        }
    }
    entry.map(|(l, _)| l).unwrap_or(from)
}

fn has_healthcheck(svc: &Value) -> bool {
    match svc.get("healthcheck") {
        Some(Value::Object(hc)) => {
            let disabled = hc.get("disable").and_then(Value::as_bool).unwrap_or(false);
            let none = match hc.get("test") {
                Some(Value::Array(a)) => a.first().and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case("NONE")),
                Some(Value::String(s)) => s.eq_ignore_ascii_case("NONE"),
                _ => false,
            };
            !disabled && !none
        }
        Some(Value::Null) | None => false,
        Some(_) => true,
    }
}

/// The Dockerfile a service builds from, relative to the repository root.
fn build_dockerfile(compose_dir: &str, svc: &Value) -> Option<String> {
    let (context, file) = match svc.get("build")? {
        Value::String(ctx) => (ctx.clone(), "Dockerfile".to_string()),
        Value::Object(b) => (
            b.get("context").and_then(Value::as_str).unwrap_or(".").to_string(),
            b.get("dockerfile").and_then(Value::as_str).unwrap_or("Dockerfile").to_string(),
        ),
        _ => return None,
    };
    if context.contains("://") || context.starts_with("git@") {
        return None;
    }
    Some(join_path(&join_path(compose_dir, &context), &file))
}

/// A service merged across the compose files of one directory: has a healthcheck, where it is
/// defined, which Dockerfiles it builds.
type Service = (bool, Vec<Location>, Vec<String>);

fn fact(tag: &str, value: String, path: &str, line: usize) -> Hit {
    Hit::Fact {
        tag: tag.into(),
        value,
        location: Location {
            path: path.to_string(),
            line,
            column: 1,
        },
    }
}

impl Rule for ComposeHealthchecks {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Example | Role::Test)
            || !crate::index::infra::is_compose_path(file.path())
            || !file.contains("services")
        {
            return;
        }
        let Some(doc) = file.yaml().and_then(|d| d.first()) else { return };
        let Some(services) = doc.get("services").and_then(Value::as_object) else {
            return;
        };
        let lines = service_lines(file.text);
        let dir = dir_of(file.path());
        for (name, svc) in services {
            let line = lines.get(name).copied().unwrap_or(0);
            let hc = has_healthcheck(svc) || svc.get("extends").is_some();
            let build = build_dockerfile(dir, svc).unwrap_or_default();
            hits.push(fact("svc", format!("{dir}\t{name}\t{}\t{build}", u8::from(hc)), file.path(), line));
            let deps: Vec<(String, bool)> = match svc.get("depends_on") {
                Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(|s| (s.to_string(), false)).collect(),
                Some(Value::Object(map)) => map
                    .iter()
                    .filter_map(|(k, v)| {
                        let condition = v.get("condition").and_then(Value::as_str);
                        // A one-shot job (migrations) is awaited to finish, not to be healthy.
                        (condition != Some("service_completed_successfully")).then(|| (k.clone(), condition == Some("service_healthy")))
                    })
                    .collect(),
                _ => vec![],
            };
            for (target, healthy) in deps {
                let at = dep_line(file.text, line, &target, healthy);
                hits.push(fact(
                    "dep",
                    format!("{dir}\t{name}\t{target}\t{}", u8::from(healthy)),
                    file.path(),
                    at,
                ));
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        // (dir, service) → (has healthcheck, definitions, Dockerfiles built).
        let mut services: BTreeMap<(String, String), Service> = BTreeMap::new();
        let mut deps: Vec<(String, String, String, bool, Location)> = vec![];
        for h in hits {
            let Hit::Fact { tag, value, location } = h else { continue };
            let parts: Vec<&str> = value.split('\t').collect();
            match (tag.as_str(), parts.as_slice()) {
                ("svc", [dir, name, hc, build]) => {
                    let e = services.entry((dir.to_string(), name.to_string())).or_default();
                    e.0 |= *hc == "1";
                    e.1.push(location.clone());
                    if !build.is_empty() {
                        e.2.push(build.to_string());
                    }
                }
                ("dep", [dir, from, to, healthy]) => {
                    deps.push((dir.to_string(), from.to_string(), to.to_string(), *healthy == "1", location.clone()))
                }
                _ => {}
            }
        }
        let image_hc = |dockerfile: &str| {
            project
                .dockerfiles
                .iter()
                .any(|d| d.path == dockerfile && !crate::index::infra::dockerfile_healthchecks(d).is_empty())
        };
        let mut findings: Vec<Finding> = vec![];
        let mut evidence: Vec<Evidence> = vec![];
        let mut dependents: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
        for (dir, from, to, healthy, loc) in &deps {
            let key = (dir.clone(), to.clone());
            let Some((hc, defs, builds)) = services.get(&key) else { continue };
            let ok = *hc || builds.iter().any(|b| image_hc(b));
            if ok {
                if let Some(def) = defs.first() {
                    evidence.push(Evidence {
                        location: def.clone(),
                        message: format!("`{to}` has a healthcheck (`{from}` depends on it)"),
                    });
                }
                continue;
            }
            dependents.entry(key).or_default().insert(from.clone());
            if *healthy {
                findings.push(Finding {
                    location: loc.clone(),
                    message: format!(
                        "`{from}` waits for `{to}` with `condition: service_healthy`, but `{to}` has no healthcheck: compose cannot start `{from}`"
                    ),
                    snippet: Some("condition: service_healthy".into()),
                });
            }
        }
        for ((dir, to), froms) in &dependents {
            let Some((_, defs, _)) = services.get(&(dir.clone(), to.clone())) else {
                continue;
            };
            let Some(def) = defs.iter().find(|l| l.line > 0).or(defs.first()) else {
                continue;
            };
            let names: Vec<String> = froms.iter().map(|f| format!("`{f}`")).collect();
            findings.push(Finding {
                location: def.clone(),
                message: format!(
                    "`{to}` is a dependency of {} but has no healthcheck: `depends_on` only waits for it to start",
                    names.join(", ")
                ),
                snippet: Some(format!("{to}:")),
            });
        }
        if !findings.is_empty() {
            let n = dependents.len();
            return Outcome::fail(format!("{n} depended-on compose service(s) without a healthcheck"), findings);
        }
        if deps.is_empty() {
            return Outcome::pass("no compose service depends on another", vec![]);
        }
        Outcome::pass(self.meta.pass_message.clone(), evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "services:\n  api:\n    build: .\n    depends_on:\n      db:\n        condition: service_healthy\n      cache:\n        condition: service_started\n  db:\n    image: postgres:16\n  cache:\n    image: redis:7\nvolumes:\n  data:\n";

    #[test]
    fn lines() {
        let l = service_lines(TEXT);
        assert_eq!(l.get("api"), Some(&2));
        assert_eq!(l.get("db"), Some(&9));
        assert_eq!(l.get("data"), None);
        assert_eq!(dep_line(TEXT, 2, "db", true), 6);
        assert_eq!(dep_line(TEXT, 2, "cache", false), 7);
        let short = "services:\n  web:\n    depends_on: [db]\n  db:\n    image: x\n";
        assert_eq!(dep_line(short, 2, "db", false), 3);
        let list = "services:\n  web:\n    depends_on:\n      - db\n  db:\n    image: x\n";
        assert_eq!(dep_line(list, 2, "db", false), 4);
    }
}
