//! `committed-env-file`: no environment file with values is tracked.
//!
//! **Why**: `.env` files hold the real configuration of one machine — database passwords, API
//! keys. Committed, they reach every clone and CI log; the template (`.env.example`) is what
//! belongs in git.
//!
//! **Fails**: a `.env`, `.env.production`, `.env.local`, `.env.development`, `prod.env` … with at
//! least one non-empty `KEY=value` line is in the scan. The walk honours `.gitignore`, so a file it
//! sees is not ignored. The finding sits on the first value line, its value masked.
//!
//! **Silent**: templates (`.env.example`, `.env.sample`, `.env.template`, `.env.dist`), encrypted
//! `.env.vault`, `.env.test`, empty or comment-only files, files under tests/fixtures, and files
//! whose every key is public by the framework's convention (`NEXT_PUBLIC_`, `VITE_`,
//! `REACT_APP_`, …), which Next.js and Vite expect to be committed.

use super::secrets;
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};

/// Key prefixes that front-end build tools inline into public bundles: never secrets.
const PUBLIC_PREFIXES: &[&str] = &[
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "PUBLIC_",
    "EXPO_PUBLIC_",
    "NUXT_PUBLIC_",
    "GATSBY_",
    "VUE_APP_",
];

pub struct CommittedEnvFile {
    meta: RuleMeta,
}

/// One `KEY=value` line with a non-empty value: (key, value, byte offset of the line's key).
fn value_lines(text: &str) -> Vec<(&str, &str, usize)> {
    let mut out = vec![];
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let start = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let body = trimmed.strip_prefix("export ").map(str::trim_start).unwrap_or(trimmed);
        let Some((key, value)) = body.split_once('=') else { continue };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == '-') {
            continue;
        }
        let value = value.trim();
        let unquoted = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            Some('#') => "",
            _ => match value.find(" #") {
                Some(p) => value[..p].trim_end(),
                None => value,
            },
        };
        if unquoted.is_empty() {
            continue;
        }
        let key_at = start + (line.len() - trimmed.len()) + (trimmed.len() - body.len());
        out.push((key, unquoted, key_at));
    }
    out
}

impl CommittedEnvFile {
    pub fn new() -> CommittedEnvFile {
        CommittedEnvFile {
            meta: RuleMeta {
                id: "committed-env-file".into(),
                category: Category::Security,
                severity: Severity::Critical,
                title: "No .env file with values is committed".into(),
                rationale: "A .env file holds one machine's real configuration — database passwords, API keys. \
                            Committed, it reaches every clone, fork and CI log and stays in history; the template \
                            (.env.example) is what belongs in git."
                    .into(),
                detection: "Fails when the scan (which honours .gitignore) sees an environment file — .env, \
                            .env.production, .env.local, .env.development, *.env — with at least one non-empty \
                            KEY=value line. Templates (.env.example, .env.sample, .env.template, .env.dist), \
                            .env.vault, .env.test, empty or comment-only files, files in tests and fixtures, and files \
                            whose keys are all public build-time variables (NEXT_PUBLIC_, VITE_, REACT_APP_, …) do not \
                            count. The finding is the first value line, value masked."
                    .into(),
                applies_to: vec![],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "bash".into(),
                    snippet: "git rm --cached .env .env.production\n\
                              printf '.env\\n.env.*\\n!.env.example\\n' >> .gitignore\n\
                              cp .env .env.example   # then blank every value in .env.example\n\
                              # rotate every credential the committed file contained"
                        .into(),
                }],
                effort_hours: 1.0,
                pass_message: "no environment file with values is committed".into(),
                fail_message: "an environment file with values is committed".into(),
            },
        }
    }
}

impl Rule for CommittedEnvFile {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Test | Role::Example) || !secrets::is_env_file_name(file.info.name()) {
            return;
        }
        let lines = value_lines(file.text);
        let private: Vec<&(&str, &str, usize)> = lines
            .iter()
            .filter(|(k, _, _)| !PUBLIC_PREFIXES.iter().any(|p| k.starts_with(p)))
            .collect();
        let Some((key, value, at)) = private.first() else { return };
        let location = file.location(*at);
        let name = file.info.name();
        let message = if private.len() == 1 {
            format!("`{name}` is committed with a value for `{key}`")
        } else {
            format!("`{name}` is committed with {} values (first: `{key}`)", private.len())
        };
        hits.push(Hit::Finding(Finding {
            location,
            message,
            snippet: Some(crate::redact::snippet(&format!("{key}={}", crate::redact::mask(value)))),
        }));
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(format!("{} environment file(s) with values committed", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::value_lines;

    #[test]
    fn values() {
        let t = "# comment\n\nEMPTY=\nQUOTED=\"\"  # none\nexport TOKEN=abc123 # note\nURL='x'\n";
        let v = value_lines(t);
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].0, "TOKEN");
        assert_eq!(v[0].1, "abc123");
        assert_eq!(&t[v[0].2..v[0].2 + 5], "TOKEN");
    }
}
