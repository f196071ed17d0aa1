//! `dockerfile-non-root`: the image's final stage runs as a non-root user.
//!
//! **Why**: a process running as root inside the container is root on the host's kernel; one
//! remote-code-execution bug plus one container escape gives away the node. Running as an
//! unprivileged user is a one-line change.
//!
//! **Fails** (per Dockerfile): the final stage (following `FROM <earlier stage>` chains) ends with
//! `USER root` / `USER 0`, or never sets `USER` on a base image that runs as root. A user created
//! with `useradd`/`adduser` but never switched to still runs as root:
//!
//! ```dockerfile
//! FROM python:3.12-slim
//! RUN useradd --create-home app
//! CMD ["gunicorn", "app:app"]        # still root: no `USER app`
//! ```
//!
//! **Passes**: the last `USER` is another user; or the base image runs as non-root by default
//! (distroless `:nonroot`/`:debug-nonroot`, Chainguard `cgr.dev/…`, .NET `-chiseled`, Bitnami,
//! `nginx-unprivileged`, Red Hat UBI language images); or the image drops privileges at start-up
//! with `gosu`/`su-exec`/`setpriv` (the official-images pattern). Each passes with a note.

use super::{evidence, final_chain, finding, from_snippet, judged_dockerfiles};
use crate::index::Project;
use crate::index::dockerfile::{Dockerfile, Instruction, substitute};
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::Rule;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

static CREATE_USER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:useradd|adduser)\b([^;&|]*)").expect("static regex"));
static PRIV_DROP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:gosu|su-exec|setpriv)\b").expect("static regex"));

pub struct DockerfileNonRoot {
    meta: RuleMeta,
}

/// Why a base image runs as a non-root user by default, if it is known to.
pub fn nonroot_base(name: &str, tag: Option<&str>) -> Option<&'static str> {
    let name = name.to_ascii_lowercase();
    let tag = tag.unwrap_or("").to_ascii_lowercase();
    let last = name.rsplit('/').next().unwrap_or(&name);
    if tag.contains("nonroot") {
        return Some("the `:nonroot` image runs as uid 65532");
    }
    if name.starts_with("cgr.dev/") || name.contains("chainguard/") {
        return Some("Chainguard images run as a non-root user by default");
    }
    if name.starts_with("mcr.microsoft.com/dotnet/") && tag.contains("chiseled") {
        return Some(".NET chiseled images run as the non-root `app` user");
    }
    if last.ends_with("-unprivileged") {
        return Some("the unprivileged image runs as a non-root user");
    }
    if (name.starts_with("bitnami/") || name.contains("/bitnami/")) && !matches!(last, "minideb" | "os-shell") {
        return Some("Bitnami images run as uid 1001");
    }
    if name.contains("/ubi")
        && ["python-", "nodejs-", "ruby-", "php-", "perl-", "go-toolset", "openjdk-"]
            .iter()
            .any(|p| last.starts_with(p))
    {
        return Some("Red Hat UBI language images run as uid 1001");
    }
    None
}

/// True when a `USER` value names root (`root`, `0`, `root:root`, `0:0`).
fn is_root(user: &str) -> bool {
    let u = user.trim().trim_matches(|c| c == '"' || c == '\'');
    let name = u.split(':').next().unwrap_or("").trim();
    name.eq_ignore_ascii_case("root") || name == "0"
}

/// `ENV`/`ARG` values visible in the final stage chain, for resolving `USER ${APP_USER}`.
fn chain_vars(df: &Dockerfile, chain: &[usize]) -> BTreeMap<String, String> {
    let mut vars = df.args.clone();
    for idx in chain.iter().rev() {
        for i in &df.stages[*idx].instructions {
            match i.keyword.as_str() {
                "ARG" => {
                    if let Some((k, v)) = i.args.split_once('=') {
                        vars.insert(k.trim().to_string(), v.trim().trim_matches('"').to_string());
                    }
                }
                "ENV" => {
                    let args = i.args.trim();
                    if args.contains('=') {
                        for pair in args.split_whitespace() {
                            if let Some((k, v)) = pair.split_once('=') {
                                vars.insert(k.to_string(), v.trim_matches('"').to_string());
                            }
                        }
                    } else if let Some((k, v)) = args.split_once(char::is_whitespace) {
                        vars.insert(k.to_string(), v.trim().trim_matches('"').to_string());
                    }
                }
                _ => {}
            }
        }
    }
    vars
}

/// The name given to `useradd`/`adduser` (the last operand), for the message.
fn created_user(args: &str) -> Option<String> {
    let c = CREATE_USER.captures(args)?;
    let rest = c.get(1).map(|m| m.as_str()).unwrap_or("");
    let name = rest
        .split_whitespace()
        .rev()
        .find(|w| !w.starts_with('-') && !w.contains('\\'))
        .unwrap_or("")
        .trim_matches(|c| c == '"' || c == '\'');
    Some(name.to_string())
}

impl DockerfileNonRoot {
    pub fn new() -> DockerfileNonRoot {
        DockerfileNonRoot {
            meta: RuleMeta {
                id: "dockerfile-non-root".into(),
                category: Category::Deployment,
                severity: Severity::Medium,
                title: "Container runs as a non-root user".into(),
                rationale: "A process that runs as root in the container is root against the host kernel: one \
                            code-execution bug plus one container escape hands over the node. Switching to an \
                            unprivileged user is a one-line change."
                    .into(),
                detection: "Every Dockerfile outside tests is judged. The final stage's last `USER` (inherited \
                            through `FROM <earlier stage>`, ARG/ENV defaults substituted) must not be root/0. With \
                            no `USER`, it passes with a note when the base image runs as non-root by default \
                            (distroless :nonroot/:debug-nonroot, Chainguard cgr.dev, .NET -chiseled, Bitnami, \
                            nginx-unprivileged, UBI language images) or when the image drops privileges with \
                            gosu/su-exec/setpriv; otherwise it is a finding on the final FROM line (saying so when \
                            a user is created with useradd/adduser but never switched to). `USER root` as the last \
                            user is a finding on that line."
                    .into(),
                applies_to: vec!["docker".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "dockerfile".into(),
                        snippet: "RUN useradd --system --uid 10001 --no-create-home app\nUSER 10001".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM node:20.11-alpine\nWORKDIR /app\nCOPY --chown=node:node . .\nUSER node\n\
                                  CMD [\"node\", \"src/server.js\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM python:3.12-slim\nRUN useradd --system --uid 10001 app\nWORKDIR /app\n\
                                  COPY --chown=app . .\nUSER app\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n\
                                  ENTRYPOINT [\"/app\"]"
                            .into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "the final stage runs as a non-root user".into(),
                fail_message: "the container runs as root".into(),
            },
        }
    }
}

/// The verdict on one Dockerfile.
enum Verdict {
    /// Line, note, and whether the note explains a pass without `USER` (worth repeating in the message).
    NonRoot(usize, String, bool),
    Root(usize, String, Option<String>),
}

fn judge(df: &Dockerfile) -> Option<Verdict> {
    let chain = final_chain(df);
    let final_idx = *chain.first()?;
    let final_stage = &df.stages[final_idx];
    let vars = chain_vars(df, &chain);
    let last_user: Option<&Instruction> = chain
        .iter()
        .find_map(|idx| df.stages[*idx].instructions.iter().rev().find(|i| i.keyword == "USER"));
    if let Some(u) = last_user {
        let resolved = substitute(u.args.trim(), &vars);
        if is_root(&resolved) {
            return Some(Verdict::Root(
                u.line,
                format!(
                    "`USER {}` is the last user of the final stage: the container runs as root",
                    u.args.trim()
                ),
                Some(crate::redact::snippet(&format!("USER {}", u.args.trim()))),
            ));
        }
        let note = if resolved.contains('$') {
            format!("runs as `{}` (not resolvable here; assumed non-root)", u.args.trim())
        } else {
            format!("runs as `{}`", resolved.trim())
        };
        return Some(Verdict::NonRoot(u.line, note, false));
    }
    let instructions = || chain.iter().flat_map(|idx| df.stages[*idx].instructions.iter());
    // The stage at the root of the chain names the external base image.
    let base = &df.stages[*chain.last()?];
    if let Some(note) = nonroot_base(&base.name, base.tag.as_deref()) {
        return Some(Verdict::NonRoot(
            base.line,
            format!("no `USER`, but {note} (`{}`)", base.image),
            true,
        ));
    }
    if let Some(i) = instructions().find(|i| PRIV_DROP.is_match(&i.args)) {
        return Some(Verdict::NonRoot(
            i.line,
            "starts as root and drops privileges at runtime (gosu/su-exec/setpriv)".into(),
            true,
        ));
    }
    let created = instructions().filter(|i| i.keyword == "RUN").find_map(|i| created_user(&i.args));
    let msg = match created {
        Some(name) if !name.is_empty() => {
            format!("user `{name}` is created but never switched to (no `USER {name}`): the container still runs as root")
        }
        Some(_) => "a user is created but never switched to (no `USER`): the container still runs as root".into(),
        None => "the final stage sets no `USER`: the container runs as root".into(),
    };
    Some(Verdict::Root(final_stage.line, msg, Some(from_snippet(final_stage))))
}

impl Rule for DockerfileNonRoot {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn evaluate(&self, project: &Project, _hits: &[Hit]) -> Outcome {
        let mut findings = vec![];
        let mut ev = vec![];
        let mut notes = vec![];
        for df in judged_dockerfiles(project) {
            match judge(df) {
                Some(Verdict::NonRoot(line, note, noteworthy)) => {
                    if noteworthy {
                        notes.push(format!("{}: {note}", df.path));
                    }
                    ev.push(evidence(&df.path, line, note));
                }
                Some(Verdict::Root(line, msg, snippet)) => findings.push(finding(&df.path, line, msg, snippet)),
                None => {}
            }
        }
        if !findings.is_empty() {
            let n = findings.len();
            let msg = if n == 1 {
                format!("{} ({})", self.meta.fail_message, findings[0].location.path)
            } else {
                format!("{n} Dockerfiles run their container as root")
            };
            return Outcome::fail(msg, findings);
        }
        if ev.is_empty() {
            return Outcome::pass("no Dockerfile stage to judge", vec![]);
        }
        let msg = match notes.first() {
            Some(n) => format!("{}; {n}", self.meta.pass_message),
            None => self.meta.pass_message.clone(),
        };
        Outcome::pass(msg, ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(text: &str) -> (bool, usize, String) {
        let df = crate::index::dockerfile::parse("Dockerfile", text);
        match judge(&df).unwrap() {
            Verdict::NonRoot(l, m, _) => (true, l, m),
            Verdict::Root(l, m, _) => (false, l, m),
        }
    }

    #[test]
    fn users() {
        assert!(verdict("FROM node:20\nUSER node\n").0);
        assert!(!verdict("FROM node:20\nUSER node\nUSER root\n").0);
        assert!(!verdict("FROM node:20\nUSER 0:0\n").0);
        assert!(verdict("FROM node:20\nARG UID=10001\nUSER ${UID}\n").0);
        assert!(!verdict("FROM node:20\nARG U=root\nUSER $U\n").0);
        let (ok, line, msg) = verdict("FROM python:3.12\nRUN useradd -m -u 1000 app\nCMD x\n");
        assert!(!ok && line == 1 && msg.contains("`app` is created but never switched to"), "{msg}");
        assert!(verdict("FROM node:20 AS base\nUSER node\nFROM base\nCMD x\n").0);
        assert!(!verdict("FROM node:20 AS build\nUSER node\nFROM node:20\nCMD x\n").0);
        assert!(verdict("FROM golang:1.22 AS b\nFROM gcr.io/distroless/static-debian12:nonroot\n").0);
        assert!(verdict("FROM cgr.dev/chainguard/python:latest\n").0);
        assert!(verdict("FROM postgres:16\nRUN apt-get install -y gosu\n").0);
        assert!(!verdict("FROM scratch\nCOPY app /app\n").0);
    }

    #[test]
    fn user_names() {
        assert_eq!(created_user("adduser -D -u 1000 app && chown app /x").as_deref(), Some("app"));
        assert_eq!(created_user("groupadd -r g && useradd -r -g g svc").as_deref(), Some("svc"));
        assert_eq!(created_user("apt-get install -y curl"), None);
    }
}
