//! `k8s-probes-and-limits`: every workload container has liveness and readiness probes and
//! resource limits.
//!
//! **Why**: without a readiness probe Kubernetes sends traffic to pods that are still starting or
//! have lost their database; without a liveness probe a deadlocked pod is never restarted; without
//! limits one leaking pod starves every other pod on its node.
//!
//! **Fails**: per container of a Deployment, StatefulSet, DaemonSet, ReplicaSet, Argo Rollout or
//! OpenShift DeploymentConfig, at its `- name:` line, saying what is missing:
//!
//! ```yaml
//! containers:
//!   - name: api              # no livenessProbe, no readinessProbe, no resources.limits
//!     image: ghcr.io/acme/api:1.4.2
//! ```
//!
//! **Passes**: every container has both probes and `resources.limits` with `cpu` or `memory`.
//! Kustomize patches count: a container's properties are merged across every manifest naming the
//! same workload and container. A `LimitRange` with `default` limits satisfies limits. Helm
//! templates (`{{ }}`) are read as text: keys present in the container block count, a templated
//! `resources:` is trusted, and a container with templated keys spliced in is not judged.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub struct K8sProbesAndLimits {
    meta: RuleMeta,
}

static CONTAINERS_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*containers:[ \t]*$").expect("static regex"));

const WORKLOADS: &[&str] = &[
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "Rollout",
    "DeploymentConfig",
];

impl K8sProbesAndLimits {
    pub fn new() -> K8sProbesAndLimits {
        K8sProbesAndLimits {
            meta: RuleMeta {
                id: "k8s-probes-and-limits".into(),
                category: Category::Deployment,
                severity: Severity::Medium,
                title: "Kubernetes workloads have probes and resource limits".into(),
                rationale: "Without a readiness probe Kubernetes routes traffic to pods that are not ready; without \
                            a liveness probe a deadlocked pod is never restarted; without limits one leaking pod \
                            starves everything else on its node."
                    .into(),
                detection: "Every container (not init containers) of every Deployment, StatefulSet, DaemonSet, \
                            ReplicaSet, Argo Rollout and DeploymentConfig in YAML manifests outside tests must have \
                            livenessProbe, readinessProbe and resources.limits.cpu or .memory. Properties are merged \
                            across manifests naming the same workload and container (Kustomize patches); a LimitRange \
                            with default limits satisfies limits. Helm templates are scanned as text per container \
                            block; templated resources are trusted and containers with spliced-in templates are \
                            skipped. Findings at each container's `- name:` line."
                    .into(),
                applies_to: vec!["k8s".into()],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "yaml".into(),
                    snippet: "      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.4.2\n          \
                              readinessProbe:\n            httpGet: { path: /ready, port: 8000 }\n          \
                              livenessProbe:\n            httpGet: { path: /health, port: 8000 }\n            \
                              initialDelaySeconds: 10\n          resources:\n            requests: { cpu: 100m, memory: 128Mi }\n            \
                              limits: { memory: 256Mi }"
                        .into(),
                }],
                effort_hours: 1.0,
                pass_message: "every workload container has probes and resource limits".into(),
                fail_message: "workload containers lack probes or resource limits".into(),
            },
        }
    }
}

/// What one container declares.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct Props {
    liveness: bool,
    readiness: bool,
    limits: bool,
    image: bool,
}

impl Props {
    fn encode(self) -> String {
        [self.liveness, self.readiness, self.limits, self.image]
            .iter()
            .map(|b| if *b { '1' } else { '0' })
            .collect()
    }

    fn decode(s: &str) -> Props {
        let b: Vec<bool> = s.chars().map(|c| c == '1').collect();
        Props {
            liveness: b.first().copied().unwrap_or(false),
            readiness: b.get(1).copied().unwrap_or(false),
            limits: b.get(2).copied().unwrap_or(false),
            image: b.get(3).copied().unwrap_or(false),
        }
    }

    fn merge(&mut self, o: Props) {
        self.liveness |= o.liveness;
        self.readiness |= o.readiness;
        self.limits |= o.limits;
        self.image |= o.image;
    }

    fn missing(self, limit_range: bool) -> Vec<&'static str> {
        let mut m = vec![];
        if !self.liveness {
            m.push("livenessProbe");
        }
        if !self.readiness {
            m.push("readinessProbe");
        }
        if !self.limits && !limit_range {
            m.push("resources.limits");
        }
        m
    }
}

/// A container's properties merged across manifests, with each place it is declared.
type Merged = (Props, Vec<(Location, Props)>);

fn present(v: Option<&Value>) -> bool {
    !matches!(v, None | Some(Value::Null))
}

fn container_props(c: &Value) -> Props {
    let limits = c
        .get("resources")
        .and_then(|r| r.get("limits"))
        .and_then(Value::as_object)
        .is_some_and(|l| present(l.get("cpu")) || present(l.get("memory")));
    Props {
        liveness: present(c.get("livenessProbe")),
        readiness: present(c.get("readinessProbe")),
        limits,
        image: present(c.get("image")),
    }
}

fn line_at(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// Finds the line of a container's name at or after `cursor`, advancing it.
fn locate(text: &str, cursor: &mut usize, name: &str) -> usize {
    let esc = regex::escape(name);
    let patterns = [
        format!(r#"(?m)^[ \t]*-[ \t]+name:[ \t]*["']?{esc}["']?[ \t]*(?:#.*)?$"#),
        format!(r#"(?m)^[ \t]*(?:-[ \t]+)?name:[ \t]*["']?{esc}["']?[ \t]*(?:#.*)?$"#),
    ];
    for p in patterns {
        if let Ok(re) = Regex::new(&p)
            && let Some(m) = re.find(text.get(*cursor..).unwrap_or(""))
        {
            let start = *cursor + m.start();
            *cursor += m.end();
            return line_at(text, start);
        }
    }
    0
}

fn workload_docs(doc: &Value, out: &mut Vec<Value>) {
    if doc.get("kind").and_then(Value::as_str) == Some("List")
        && let Some(items) = doc.get("items").and_then(Value::as_array)
    {
        out.extend(items.iter().cloned());
        return;
    }
    out.push(doc.clone());
}

fn fact(tag: &str, value: String, path: &str, line: usize) -> Hit {
    Hit::Fact {
        tag: tag.into(),
        value,
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
    }
}

fn scan_yaml(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(docs) = file.yaml() else { return };
    let mut flat = vec![];
    for d in docs {
        workload_docs(d, &mut flat);
    }
    let mut cursor = 0usize;
    for doc in &flat {
        let kind = doc.get("kind").and_then(Value::as_str).unwrap_or("");
        if kind == "LimitRange" {
            let has_default = doc
                .get("spec")
                .and_then(|s| s.get("limits"))
                .and_then(Value::as_array)
                .is_some_and(|ls| ls.iter().any(|l| present(l.get("default"))));
            if has_default {
                let line = file.text.find("LimitRange").map(|b| line_at(file.text, b)).unwrap_or(0);
                hits.push(fact("limitrange", String::new(), file.path(), line));
            }
            continue;
        }
        if !WORKLOADS.contains(&kind) {
            continue;
        }
        let Some(containers) = doc
            .get("spec")
            .and_then(|s| s.get("template"))
            .and_then(|t| t.get("spec"))
            .and_then(|s| s.get("containers"))
            .and_then(Value::as_array)
        else {
            continue;
        };
        let meta = doc.get("metadata");
        let wname = meta.and_then(|m| m.get("name")).and_then(Value::as_str).unwrap_or("?");
        let ns = meta.and_then(|m| m.get("namespace")).and_then(Value::as_str).unwrap_or("");
        // Start looking for this document's containers at its `containers:` key.
        if let Some(p) = file.text.get(cursor..).and_then(|t| CONTAINERS_KEY.find(t).map(|m| m.end())) {
            cursor += p;
        }
        for c in containers {
            let cname = c.get("name").and_then(Value::as_str).unwrap_or("?");
            let line = locate(file.text, &mut cursor, cname);
            let props = container_props(c);
            hits.push(fact(
                "ctr",
                format!("{kind}\t{ns}/{wname}\t{cname}\t{}", props.encode()),
                file.path(),
                line,
            ));
        }
    }
}

/// A container name from a `name:` value, without quotes or a trailing comment.
fn clean_name(v: &str) -> String {
    v.split(" #")
        .next()
        .unwrap_or(v)
        .trim()
        .trim_matches(|c| c == '"' || c == '\'')
        .to_string()
}

/// Helm templates: container blocks read as text.
fn scan_template(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let lines: Vec<&str> = file.text.lines().collect();
    let indent = |l: &str| l.len() - l.trim_start().len();
    let is_tpl = |l: &str| l.trim_start().starts_with("{{");
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim_end().trim_start() != "containers:" {
            i += 1;
            continue;
        }
        let base = indent(lines[i]);
        i += 1;
        // Container items: `- ` lines at the first item indentation, until the list ends.
        let mut item_indent: Option<usize> = None;
        let mut current: Option<(usize, String, Vec<&str>)> = None;
        let mut blocks: Vec<(usize, String, Vec<&str>)> = vec![];
        while i < lines.len() {
            let l = lines[i];
            let t = l.trim();
            if t.is_empty() || t.starts_with('#') || is_tpl(l) && indent(l) <= base {
                if is_tpl(l)
                    && let Some(c) = current.as_mut()
                {
                    c.2.push(l);
                }
                i += 1;
                continue;
            }
            let ind = indent(l);
            if ind <= base && !t.starts_with("- ") || ind < base {
                break;
            }
            let ii = *item_indent.get_or_insert(ind);
            if ind == ii && t.starts_with("- ") {
                if let Some(c) = current.take() {
                    blocks.push(c);
                }
                let name = t.strip_prefix("- name:").map(clean_name).unwrap_or_default();
                current = Some((i + 1, name, vec![l]));
            } else if ind < ii {
                break;
            } else if let Some(c) = current.as_mut() {
                c.2.push(l);
                if c.1.is_empty()
                    && let Some(n) = t.strip_prefix("name:")
                {
                    c.1 = clean_name(n);
                }
            }
            i += 1;
        }
        if let Some(c) = current.take() {
            blocks.push(c);
        }
        for (line, name, block) in blocks {
            let key_indent = block.get(1).map(|l| indent(l)).unwrap_or(0);
            let mut props = Props {
                image: true,
                ..Props::default()
            };
            let mut spliced = false;
            let mut prev_key: &str = block.first().map(|l| l.trim()).unwrap_or("");
            for l in &block {
                let t = l.trim();
                if is_tpl(l) {
                    let injects = ["toYaml", "include", "tpl "].iter().any(|k| t.contains(k));
                    if injects {
                        if prev_key == "resources:" {
                            props.limits = true;
                        } else if !prev_key.ends_with(':') && indent(l) <= key_indent + 2 {
                            spliced = true;
                        }
                    }
                    continue;
                }
                let key = t.trim_start_matches("- ");
                props.liveness |= key.starts_with("livenessProbe:");
                props.readiness |= key.starts_with("readinessProbe:");
                props.limits |= key.starts_with("limits:");
                prev_key = t;
            }
            if spliced {
                file.warn(format!(
                    "k8s-probes-and-limits: container `{name}` not judged: its fields are spliced in from a template"
                ));
                continue;
            }
            let label = if name.is_empty() { "container".to_string() } else { name };
            hits.push(fact("tpl", format!("{label}\t{}", props.encode()), file.path(), line));
        }
    }
}

impl Rule for K8sProbesAndLimits {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Example | Role::Test)
            || !crate::index::infra::is_yaml_path(file.path())
            || crate::index::infra::is_compose_path(file.path())
            || crate::index::ci::provider(file.path()).is_some()
            || !(file.contains("containers:") || file.contains("LimitRange"))
            || !file.contains("kind:")
        {
            return;
        }
        if file.contains("{{") {
            scan_template(file, hits);
        } else {
            scan_yaml(file, hits);
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let mut limit_range: Option<Location> = None;
        // Workload containers merged by (kind, namespace/name, container).
        let mut merged: BTreeMap<(String, String, String), Merged> = BTreeMap::new();
        let mut singles: Vec<(Location, String, Props)> = vec![];
        for h in hits {
            let Hit::Fact { tag, value, location } = h else { continue };
            let parts: Vec<&str> = value.split('\t').collect();
            match (tag.as_str(), parts.as_slice()) {
                ("limitrange", _) => {
                    limit_range.get_or_insert_with(|| location.clone());
                }
                ("ctr", [kind, wname, cname, flags]) => {
                    let p = Props::decode(flags);
                    let e = merged.entry((kind.to_string(), wname.to_string(), cname.to_string())).or_default();
                    e.0.merge(p);
                    e.1.push((location.clone(), p));
                }
                ("tpl", [cname, flags]) => singles.push((location.clone(), format!("`{cname}` (Helm template)"), Props::decode(flags))),
                _ => {}
            }
        }
        let mut judged: Vec<(Location, String, Props)> = singles;
        for ((kind, wname, cname), (props, locs)) in merged {
            // Report where the container is defined (with an image), not at a patch.
            let loc = locs.iter().find(|(_, p)| p.image).or(locs.first()).map(|(l, _)| l.clone());
            let w = wname.trim_start_matches('/');
            if let Some(loc) = loc {
                judged.push((loc, format!("`{cname}` in {kind} `{w}`"), props));
            }
        }
        if judged.is_empty() {
            return Outcome::not_applicable("no Deployment, StatefulSet or DaemonSet containers found");
        }
        let mut findings = vec![];
        let mut evidence = vec![];
        for (loc, label, props) in &judged {
            let missing = props.missing(limit_range.is_some());
            if missing.is_empty() {
                evidence.push(Evidence {
                    location: loc.clone(),
                    message: format!("container {label} has probes and limits"),
                });
            } else {
                findings.push(Finding {
                    location: loc.clone(),
                    message: format!("container {label} has no {}", missing.join(", no ")),
                    snippet: None,
                });
            }
        }
        if let Some(l) = &limit_range {
            evidence.push(Evidence {
                location: l.clone(),
                message: "LimitRange sets default limits".into(),
            });
        }
        if findings.is_empty() {
            evidence.truncate(10);
            Outcome::pass(format!("{} ({} container(s))", self.meta.pass_message, judged.len()), evidence)
        } else {
            let n = findings.len();
            Outcome::fail(
                format!("{n} of {} container(s) lack probes or resource limits", judged.len()),
                findings,
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    fn facts(path: &str, text: &str) -> Vec<(String, String, usize)> {
        let info = FileInfo::new(path.to_string(), text.len() as u64);
        let ctx = FileCtx::new(&info, text);
        let mut hits = vec![];
        K8sProbesAndLimits::new().scan(&ctx, &mut hits);
        hits.into_iter()
            .filter_map(|h| match h {
                Hit::Fact { tag, value, location } => Some((tag, value, location.line)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn yaml_containers_located() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      \
                    containers:\n        - name: api\n          image: x:1\n          livenessProbe: {httpGet: {path: /h, port: 80}}\n        \
                    - image: y:1\n          name: side\n          resources: {limits: {memory: 1Gi}}\n";
        let f = facts("k8s/api.yaml", text);
        assert_eq!(f[0], ("ctr".into(), "Deployment\t/api\tapi\t1001".into(), 9));
        assert_eq!(f[1], ("ctr".into(), "Deployment\t/api\tside\t0011".into(), 13));
    }

    #[test]
    fn helm_template_blocks() {
        let text = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        \
                    - name: {{ .Chart.Name }}\n          image: \"{{ .Values.image }}\"\n          livenessProbe:\n            \
                    {{- toYaml .Values.livenessProbe | nindent 12 }}\n          resources:\n            \
                    {{- toYaml .Values.resources | nindent 12 }}\n      {{- with .Values.nodeSelector }}\n      nodeSelector:\n      \
                    {{- end }}\n";
        let f = facts("chart/templates/deployment.yaml", text);
        assert_eq!(f, vec![("tpl".into(), "{{ .Chart.Name }}\t1011".into(), 7)]);
    }
}
