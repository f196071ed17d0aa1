//! `env-example`: an environment template is committed when the code reads environment variables.
//!
//! **Why**: a service configured through the environment cannot be deployed by anyone who does
//! not know which variables exist; the template is that list, reviewed with the code.
//!
//! **Fails**: `os.getenv("DATABASE_URL")` in shipped code and no `.env.example` (or `.env.sample`,
//! `.env.template`, `example.env`, `.env.dist`) anywhere outside tests and fixtures.
//!
//! **Passes**: such a template exists. **n/a**: the code reads no environment variable.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};

/// Findings listed when the template is missing: the first places the code reads the environment.
const MAX_READS_SHOWN: usize = 10;

pub struct EnvExample {
    meta: RuleMeta,
}

/// True for an environment template's file name.
pub fn is_env_template(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    const SUFFIXES: &[&str] = &["example", "sample", "template", "dist", "defaults", "tmpl", "tpl"];
    if let Some(rest) = n.strip_prefix(".env.") {
        return SUFFIXES.iter().any(|s| rest == *s || rest.ends_with(&format!(".{s}")));
    }
    if let Some(stem) = n.strip_suffix(".env") {
        return SUFFIXES.iter().any(|s| stem == *s || stem.ends_with(&format!(".{s}")));
    }
    n == "env.example" || n == "env.sample" || n == "env.template"
}

impl EnvExample {
    pub fn new() -> EnvExample {
        EnvExample {
            meta: RuleMeta {
                id: "env-example".into(),
                category: Category::Documentation,
                severity: Severity::High,
                title: ".env.example documents the configuration".into(),
                rationale: "Code that reads environment variables cannot be configured by anyone who does not know \
                            which variables exist. A committed template (.env.example) is that list, reviewed with \
                            the code; without it, deployments fail on the first missing variable."
                    .into(),
                detection: "Applies when shipped code reads environment variables (os.getenv / os.environ / \
                            pydantic BaseSettings, process.env / import.meta.env, os.Getenv, std::env::var / env!, \
                            System.getenv). Passes when a template exists: .env.example, .env.sample, .env.template, \
                            .env.dist, example.env (at any depth, outside fixtures). Findings list where the code \
                            reads the environment."
                    .into(),
                applies_to: vec!["reads-env".into()],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: "bash".into(),
                    snippet: "# .env.example — commit this, never .env\n\
                              DATABASE_URL=postgres://user:password@localhost:5432/app\n\
                              JWT_SECRET=change-me-32-characters-minimum\n\
                              ALLOWED_ORIGINS=https://app.example.com"
                        .into(),
                }],
                effort_hours: 0.5,
                pass_message: "environment template committed".into(),
                fail_message: "the code reads environment variables but no .env.example documents them".into(),
            },
        }
    }
}

impl Rule for EnvExample {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Example && is_env_template(file.info.name()) {
            hits.push(file.evidence_file("environment template"));
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, evidence) = split_hits(hits);
        if !evidence.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), evidence);
        }
        let findings = project
            .stack
            .env_reads
            .iter()
            .take(MAX_READS_SHOWN)
            .map(|r| Finding {
                location: r.location.clone(),
                message: match &r.name {
                    Some(n) => format!("reads `{n}`; no template lists it"),
                    None => "reads the environment; no template lists it".to_string(),
                },
                snippet: None,
            })
            .collect();
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::is_env_template;

    #[test]
    fn template_names() {
        for ok in [
            ".env.example",
            ".env.sample",
            ".env.template",
            "example.env",
            ".env.dist",
            ".env.production.example",
            "env.example",
        ] {
            assert!(is_env_template(ok), "{ok}");
        }
        for no in [".env", ".env.local", ".env.production", "environment.py", ".envrc"] {
            assert!(!is_env_template(no), "{no}");
        }
    }
}
