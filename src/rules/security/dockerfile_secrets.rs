//! `dockerfile-secrets`: no secret is baked into a container image.
//!
//! **Why**: every `ENV` and `ARG` value is stored in the image's configuration and history
//! (`docker history`, `docker inspect`), and a copied `.env` file is a layer anyone who pulls the
//! image can read.
//!
//! **Fails**: `ENV DB_PASSWORD=hunter2`, `ARG NPM_TOKEN=abc…` (a secret-named key with a literal
//! value, in any stage, or as a global `ARG`), `COPY .env ./` / `ADD .env.production /app/`.
//!
//! **Silent**: `ARG NPM_TOKEN` without a value, `ENV API_KEY=${API_KEY}`, empty values,
//! build-only dummies (`ARG SECRET_KEY=dummy`) in a stage that is not the final one, `COPY . .`,
//! `COPY .env.example`. The fix is BuildKit secrets (`RUN --mount=type=secret`) and runtime env.

use super::secrets::{self, KeyNames};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};

pub struct DockerfileSecrets {
    meta: RuleMeta,
}

/// Splits instruction arguments into words, honouring quotes and backslash escapes; quotes removed.
fn words(args: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    let mut chars = args.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
                any = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, '"' | '\'') => {
                quote = Some(c);
                any = true;
            }
            (None, c) if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            (_, c) => {
                cur.push(c);
                any = true;
            }
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The `KEY=value` pairs of an `ENV` or `ARG` instruction (`ENV KEY value` legacy form included);
/// an `ARG` without a default has an empty value.
pub fn env_pairs(keyword: &str, args: &str) -> Vec<(String, String)> {
    let w = words(args);
    let Some(first) = w.first() else { return vec![] };
    if keyword == "ENV" && !first.contains('=') {
        let rest = args.trim_start().get(first.len()..).unwrap_or("").trim();
        let value = rest.trim_matches(|c| c == '"' || c == '\'');
        return vec![(first.clone(), value.to_string())];
    }
    w.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (k.to_string(), v.to_string()),
            None => (p.clone(), String::new()),
        })
        .collect()
}

/// Source paths of a `COPY`/`ADD` instruction (flags and destination dropped; JSON form handled).
fn copy_sources(args: &str) -> Vec<String> {
    let trimmed = args.trim();
    let mut items: Vec<String> = if trimmed.starts_with('[') {
        let json = trimmed.rfind(']').map(|e| &trimmed[..=e]).unwrap_or(trimmed);
        serde_json::from_str::<Vec<String>>(json).unwrap_or_default()
    } else {
        words(trimmed)
    };
    items.retain(|w| !w.starts_with("--"));
    items.pop();
    items
}

/// True when a copied path names an environment file (`.env`, `config/.env.production`, `.env*`).
fn is_env_source(src: &str) -> bool {
    let name = src.trim_end_matches('/').rsplit('/').next().unwrap_or(src);
    secrets::is_env_file_name(name) || (name.starts_with(".env") && name.contains('*'))
}

impl DockerfileSecrets {
    pub fn new() -> DockerfileSecrets {
        DockerfileSecrets {
            meta: RuleMeta {
                id: "dockerfile-secrets".into(),
                category: Category::Security,
                severity: Severity::High,
                title: "No secrets baked into container images".into(),
                rationale: "ENV and ARG values are stored in the image configuration and history, and a copied .env \
                            file is a layer: anyone who can pull the image can read them."
                    .into(),
                detection: "In every Dockerfile outside tests and fixtures: ENV/ARG instructions (any stage, and global \
                            ARGs) that give a secret-named key (PASSWORD, SECRET, TOKEN, API_KEY, …) a literal value \
                            — not ${VAR} references, not an ARG without a default, not a build-only dummy in a \
                            non-final stage — and COPY/ADD of an explicit .env file (.env, .env.production, …; not \
                            COPY . . and not .env.example)."
                    .into(),
                applies_to: vec!["docker".into()],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "dockerfile".into(),
                    snippet: "# syntax=docker/dockerfile:1\n\
                              # build-time secret: never stored in a layer\n\
                              RUN --mount=type=secret,id=npm_token \\\n    \
                              NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci\n\
                              # runtime secrets come from the orchestrator: docker run -e DB_PASSWORD / k8s Secret\n\
                              # docker build --secret id=npm_token,env=NPM_TOKEN ."
                        .into(),
                }],
                effort_hours: 1.0,
                pass_message: "no secrets baked into images".into(),
                fail_message: "secrets are baked into a container image".into(),
            },
        }
    }
}

fn finding(file: &FileCtx<'_>, line: usize, message: String, snippet: String) -> Hit {
    Hit::Finding(Finding {
        location: Location {
            path: file.info.path.clone(),
            line,
            column: 1,
        },
        message,
        snippet: Some(crate::redact::snippet(&snippet)),
    })
}

/// Findings for one `ENV`/`ARG` instruction.
fn check_pairs(file: &FileCtx<'_>, keyword: &str, args: &str, line: usize, final_stage: bool, hits: &mut Vec<Hit>) {
    for (key, value) in env_pairs(keyword, args) {
        if value.is_empty() || value.contains('$') || !secrets::is_secret_name(&key, KeyNames::Strict) {
            continue;
        }
        if !final_stage && secrets::is_weak_value(&value) {
            continue;
        }
        let message = if keyword == "ARG" {
            format!("`ARG {key}` has a literal default: build arguments are kept in the image history")
        } else {
            format!("`ENV {key}` bakes a literal secret into the image")
        };
        hits.push(finding(
            file,
            line,
            message,
            format!("{keyword} {key}={}", crate::redact::mask(&value)),
        ));
    }
}

impl Rule for DockerfileSecrets {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if !crate::rules::deployment::is_dockerfile_path(file.path()) || matches!(file.info.role, Role::Test | Role::Example) {
            return;
        }
        let df = crate::index::dockerfile::parse(file.path(), file.text);
        // Global ARGs (before the first FROM) are not part of any stage.
        let first_from = df.stages.first().map(|s| s.line).unwrap_or(usize::MAX);
        for (i, raw) in file.text.lines().enumerate().take(first_from.saturating_sub(1)) {
            let t = raw.trim();
            if let Some((kw, rest)) = t.split_once(char::is_whitespace)
                && kw.eq_ignore_ascii_case("ARG")
            {
                check_pairs(file, "ARG", rest, i + 1, df.stages.len() <= 1, hits);
            }
        }
        let last = df.stages.len().saturating_sub(1);
        for (si, stage) in df.stages.iter().enumerate() {
            for ins in &stage.instructions {
                match ins.keyword.as_str() {
                    "ENV" | "ARG" => check_pairs(file, &ins.keyword, &ins.args, ins.line, si == last, hits),
                    "COPY" | "ADD" => {
                        if let Some(src) = copy_sources(&ins.args).into_iter().find(|s| is_env_source(s)) {
                            hits.push(finding(
                                file,
                                ins.line,
                                format!("`{}` copies `{src}` into the image", ins.keyword),
                                file.line_text(ins.line).to_string(),
                            ));
                        }
                    }
                    _ => {}
                }
            }
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(format!("{} secret(s) baked into images", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_forms() {
        assert_eq!(
            env_pairs("ENV", r#"A=1 B="two words" C=x\ y"#),
            vec![
                ("A".into(), "1".into()),
                ("B".into(), "two words".into()),
                ("C".into(), "x y".into())
            ]
        );
        assert_eq!(
            env_pairs("ENV", "DB_PASSWORD hunter2 x"),
            vec![("DB_PASSWORD".into(), "hunter2 x".into())]
        );
        assert_eq!(env_pairs("ARG", "NPM_TOKEN"), vec![("NPM_TOKEN".into(), String::new())]);
    }

    #[test]
    fn copies() {
        assert_eq!(copy_sources("--chown=app:app .env ./"), vec![".env".to_string()]);
        assert_eq!(copy_sources(r#"[".env.production", "/app/"]"#), vec![".env.production".to_string()]);
        assert!(copy_sources(". .").iter().all(|s| !is_env_source(s)));
        assert!(!is_env_source(".env.example"));
        assert!(is_env_source("config/.env"));
    }
}
