//! `env-example-complete`: every environment variable the code reads is listed in the template.
//!
//! **Why**: a template that lists half the variables is worse than none: deployments copy it,
//! start, and fail (or silently fall back to a default) on the variable nobody documented.
//!
//! **Fails**: `os.getenv("SENTRY_DSN")` in shipped code while `.env.example` has no
//! `SENTRY_DSN=` line; one finding per missing variable, at the first place it is read. Reads
//! come from the shared index (`os.environ[…]`, `os.getenv(`, `environ.get(`, `process.env.X`,
//! `import.meta.env.X`, `std::env::var(`, `env!(`, `os.Getenv(`, `System.getenv(`,
//! `@Value("${X}")`) plus pydantic `BaseSettings` fields, which this rule reads from the syntax
//! tree (field `database_url` with `env_prefix="APP_"` is `APP_DATABASE_URL`).
//!
//! **Passes**: each variable has a `KEY=` / `export KEY=` line in a template; a commented-out
//! `# KEY=` line documents an optional variable and counts. Reads in tests never need a line.
//!
//! **n/a**: no template at all (that is `env-example`'s finding), or no variable read.
//!
//! Which template covers a read: the templates in the read's directory or any ancestor directory
//! (`services/api/.env.example` covers `services/api/app/main.py`); when none is an ancestor
//! (a lone `config/.env.example`), every template in the repository counts. Spring
//! `@Value("${app.jwt.secret}")` names are properties resolved from application.yml first, so
//! dotted names are not checked; `env!("GIT_SHA")` names that a build.rs sets with
//! `cargo:rustc-env=` are build metadata, not configuration.

use super::env_example::is_env_template;
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use crate::rules::util::{string_value, walk_tree};
use regex::Regex;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::LazyLock;
use tree_sitter::Node;

/// Findings reported at most; the message carries the full count.
const MAX_FINDINGS: usize = 50;

static KEY_LINE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=").expect("static regex"));
static RUSTC_ENV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"cargo:(?::)?rustc-env=([A-Za-z_][A-Za-z0-9_]*)=").expect("static regex"));
static COMMENTED_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|[\s#:(])(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)=").expect("static regex"));

/// Names set by the platform or the bundler, not by whoever deploys: no template needs them.
fn is_platform_var(name: &str, path: &str) -> bool {
    let js = Lang::from_path(path).is_some_and(Lang::is_js_family);
    (js && matches!(name, "MODE" | "DEV" | "PROD" | "SSR" | "BASE_URL"))
        || matches!(
            name,
            "NEXT_RUNTIME"
                | "NEXT_PHASE"
                | "VERCEL"
                | "VERCEL_ENV"
                | "VERCEL_URL"
                | "NETLIFY"
                | "DYNO"
                | "K_SERVICE"
                | "K_REVISION"
                | "KUBERNETES_SERVICE_HOST"
                | "KUBERNETES_SERVICE_PORT"
                | "AWS_LAMBDA_FUNCTION_NAME"
                | "AWS_EXECUTION_ENV"
                | "LAMBDA_TASK_ROOT"
                | "JEST_WORKER_ID"
                | "VITEST"
                | "PYTEST_CURRENT_TEST"
                | "HOSTNAME"
        )
}

/// Keys a template documents, with their 1-based lines.
pub fn template_keys(text: &str) -> Vec<(usize, String)> {
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_start();
        if let Some(rest) = t.strip_prefix('#') {
            // `# OPTIONAL_VAR=` or `# e.g. SENTRY_DSN=https://…` documents an optional variable.
            for c in COMMENTED_KEY.captures_iter(rest) {
                out.push((i + 1, c[1].to_string()));
            }
        } else if let Some(c) = KEY_LINE.captures(t) {
            out.push((i + 1, c[1].to_string()));
        }
    }
    out
}

/// Directory of a path (`""` at the root).
fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// True when `dir` is `of` or one of its ancestors.
fn is_ancestor(dir: &str, of: &str) -> bool {
    dir.is_empty() || of == dir || of.starts_with(&format!("{dir}/"))
}

// ---- pydantic BaseSettings -------------------------------------------------------------------

fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect()
}

/// The last dotted component of an expression (`pydantic_settings.BaseSettings` → `BaseSettings`).
fn last_name<'a>(file: &FileCtx<'a>, node: Node<'_>) -> &'a str {
    let t = file.node_text(node);
    t.rsplit('.').next().unwrap_or(t).trim()
}

/// A keyword argument's literal string value in a call, `Some(None)` when present but not literal.
fn kwarg(file: &FileCtx<'_>, call: Node<'_>, names: &[&str]) -> Option<Option<String>> {
    let args = call.child_by_field_name("arguments")?;
    named(args).into_iter().find_map(|a| {
        if a.kind() != "keyword_argument" {
            return None;
        }
        let n = a.child_by_field_name("name")?;
        if !names.contains(&file.node_text(n)) {
            return None;
        }
        let v = a.child_by_field_name("value")?;
        Some((v.kind() == "string").then(|| string_value(file.node_text(v))).flatten())
    })
}

/// `env_prefix` of a settings class: `Some(None)` when it is set but not a literal.
fn env_prefix(file: &FileCtx<'_>, body: Node<'_>) -> Option<Option<String>> {
    for stmt in named(body) {
        if stmt.kind() == "class_definition" && stmt.child_by_field_name("name").is_some_and(|n| file.node_text(n) == "Config") {
            let inner = stmt.child_by_field_name("body")?;
            for s in named(inner) {
                let Some(a) = named(s).into_iter().next().filter(|a| a.kind() == "assignment") else {
                    continue;
                };
                if a.child_by_field_name("left").is_some_and(|l| file.node_text(l) == "env_prefix") {
                    let v = a.child_by_field_name("right")?;
                    return Some((v.kind() == "string").then(|| string_value(file.node_text(v))).flatten());
                }
            }
        }
        let Some(a) = named(stmt).into_iter().next().filter(|a| a.kind() == "assignment") else {
            continue;
        };
        if a.child_by_field_name("left").is_none_or(|l| file.node_text(l) != "model_config") {
            continue;
        }
        let v = a.child_by_field_name("right")?;
        match v.kind() {
            "call" => return kwarg(file, v, &["env_prefix"]),
            "dictionary" => {
                for pair in named(v) {
                    let (Some(k), Some(val)) = (pair.child_by_field_name("key"), pair.child_by_field_name("value")) else {
                        continue;
                    };
                    if string_value(file.node_text(k)).as_deref() == Some("env_prefix") {
                        return Some((val.kind() == "string").then(|| string_value(file.node_text(val))).flatten());
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Environment variables read through pydantic `BaseSettings` subclasses in one file:
/// (byte offset of the field, variable name).
fn settings_fields(file: &FileCtx<'_>) -> Vec<(usize, String)> {
    let Some(tree) = file.tree() else { return vec![] };
    let mut classes: Vec<(String, Vec<String>, Node<'_>)> = vec![];
    walk_tree(tree.root_node(), |n| {
        if n.kind() != "class_definition" {
            return;
        }
        let (Some(name), Some(body)) = (n.child_by_field_name("name"), n.child_by_field_name("body")) else {
            return;
        };
        let bases = n
            .child_by_field_name("superclasses")
            .map(|s| named(s).into_iter().map(|b| last_name(file, b).to_string()).collect())
            .unwrap_or_default();
        classes.push((file.node_text(name).to_string(), bases, body));
    });
    let all: HashSet<&str> = classes.iter().map(|(n, _, _)| n.as_str()).collect();
    // Settings classes: BaseSettings subclasses, directly or through a class of this file.
    let mut settings: HashMap<&str, usize> = HashMap::new();
    loop {
        let before = settings.len();
        for (i, (name, bases, _)) in classes.iter().enumerate() {
            if !settings.contains_key(name.as_str()) && bases.iter().any(|b| b == "BaseSettings" || settings.contains_key(b.as_str())) {
                settings.insert(name, i);
            }
        }
        if settings.len() == before {
            break;
        }
    }
    let prefix_of = |i: usize| -> Option<Option<String>> {
        let mut at = i;
        for _ in 0..8 {
            let (_, bases, body) = &classes[at];
            if let Some(p) = env_prefix(file, *body) {
                return Some(p);
            }
            match bases.iter().find_map(|b| settings.get(b.as_str())) {
                Some(parent) => at = *parent,
                None => return None,
            }
        }
        None
    };
    let mut out = vec![];
    let mut indices: Vec<usize> = settings.values().copied().collect();
    indices.sort();
    for i in indices {
        let prefix = match prefix_of(i) {
            Some(Some(p)) => p,
            Some(None) => continue, // computed prefix: the names cannot be known
            None => String::new(),
        };
        for stmt in named(classes[i].2) {
            if stmt.kind() != "expression_statement" {
                continue;
            }
            let Some(a) = named(stmt).into_iter().next().filter(|a| a.kind() == "assignment") else {
                continue;
            };
            let (Some(left), Some(ty)) = (a.child_by_field_name("left"), a.child_by_field_name("type")) else {
                continue;
            };
            let field = file.node_text(left);
            let ty_text = file.node_text(ty);
            if left.kind() != "identifier" || field.starts_with('_') || field == "model_config" || ty_text.contains("ClassVar") {
                continue;
            }
            // A nested model is read through `env_nested_delimiter`, not as one variable: a class of
            // this file, or an imported one named like a settings object.
            if ty_text
                .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                .any(|w| all.contains(w) || (w.len() > 8 && (w.ends_with("Settings") || w.ends_with("Config"))))
            {
                continue;
            }
            let alias = a
                .child_by_field_name("right")
                .filter(|r| r.kind() == "call" && r.child_by_field_name("function").is_some_and(|f| last_name(file, f) == "Field"))
                .and_then(|call| kwarg(file, call, &["validation_alias", "alias", "env"]));
            let var = match alias {
                Some(Some(a)) => a,
                Some(None) => continue,
                None => format!("{prefix}{field}"),
            };
            out.push((left.start_byte(), var.to_ascii_uppercase()));
        }
    }
    out
}

// ---- the rule -----------------------------------------------------------------------------------

pub struct EnvExampleComplete {
    meta: RuleMeta,
}

impl EnvExampleComplete {
    pub fn new() -> EnvExampleComplete {
        EnvExampleComplete {
            meta: RuleMeta {
                id: "env-example-complete".into(),
                category: Category::Documentation,
                severity: Severity::Medium,
                title: "Every variable the code reads is in .env.example".into(),
                rationale: "A template that lists only some variables is copied, deployed, and fails (or silently falls \
                            back to a default) on the variable nobody documented. The template is only useful when it \
                            is complete."
                    .into(),
                detection: "Collects the variables shipped code reads by name (os.environ[…], os.getenv, environ.get, \
                            django-environ env(…), process.env.X / process.env['X'], import.meta.env.X, os.Getenv, \
                            std::env::var, env!, System.getenv, @Value(\"${X}\")) and the fields of pydantic \
                            BaseSettings subclasses (upper-cased, with a literal env_prefix from model_config or \
                            class Config, or a literal Field alias). Each must appear as KEY= / export KEY= (or a \
                            commented `# KEY=`) in an environment template in the read's directory or an ancestor; \
                            when no template is in an ancestor directory, any template counts. Reads in tests, \
                            build scripts, reads without a literal name, dotted Spring property names, and \
                            platform-provided variables (NODE_ENV, Vite's MODE/DEV/PROD, VERCEL_*, K_SERVICE, …) are \
                            ignored, as are variables a build.rs sets with cargo:rustc-env. One finding per missing \
                            variable, at its first read. n/a without a template."
                    .into(),
                applies_to: vec!["reads-env".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "bash".into(),
                        snippet: "# .env.example — one line per variable the code reads\nDATABASE_URL=postgres://user:password@localhost:5432/app\n\
                                  JWT_SECRET=change-me\n# optional, defaults to info\n# LOG_LEVEL=info"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "bash".into(),
                        snippet: "# class Settings(BaseSettings): model_config = SettingsConfigDict(env_prefix=\"APP_\")\n\
                                  #     database_url: str; debug: bool = False\nAPP_DATABASE_URL=postgres://user:password@localhost:5432/app\n# APP_DEBUG=false"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "bash".into(),
                        snippet: "# every process.env.X the server reads\nPORT=3000\nDATABASE_URL=postgres://user:password@localhost:5432/app\nSESSION_SECRET=change-me"
                            .into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "every variable the code reads is in the template".into(),
                fail_message: "variables the code reads are missing from the environment template".into(),
            },
        }
    }
}

impl Rule for EnvExampleComplete {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role != Role::Example && is_env_template(info.name()) {
            hits.push(Hit::Fact {
                tag: "template".into(),
                value: String::new(),
                location: file.location(0),
            });
            for (line, key) in template_keys(file.text) {
                hits.push(Hit::Fact {
                    tag: "key".into(),
                    value: key,
                    location: Location {
                        path: info.path.clone(),
                        line,
                        column: 1,
                    },
                });
            }
            return;
        }
        // Variables a build script sets for `env!` are not deployment configuration.
        if info.name() == "build.rs" && info.role != Role::Example && file.contains("rustc-env=") {
            for c in RUSTC_ENV.captures_iter(file.text) {
                hits.push(Hit::Fact {
                    tag: "build-env".into(),
                    value: c[1].to_string(),
                    location: file.location(c.get(0).map(|m| m.start()).unwrap_or(0)),
                });
            }
        }
        if info.role == Role::Source && info.lang == Some(Lang::Python) && file.contains("BaseSettings") {
            for (byte, var) in settings_fields(file) {
                hits.push(Hit::Fact {
                    tag: "setting".into(),
                    value: var,
                    location: file.location(byte),
                });
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        // Templates: path → keys (exact) and keys (upper-cased, for case-insensitive settings).
        let mut templates: BTreeMap<&str, (HashSet<&str>, HashSet<String>)> = BTreeMap::new();
        let mut reads: Vec<(Location, String, bool)> = vec![];
        let mut build_env: HashSet<&str> = HashSet::new();
        for h in hits {
            if let Hit::Fact { tag, value, location } = h {
                match tag.as_str() {
                    "template" => {
                        templates.entry(location.path.as_str()).or_default();
                    }
                    "key" => {
                        let t = templates.entry(location.path.as_str()).or_default();
                        t.0.insert(value.as_str());
                        t.1.insert(value.to_ascii_uppercase());
                    }
                    "setting" => reads.push((location.clone(), value.clone(), true)),
                    "build-env" => {
                        build_env.insert(value.as_str());
                    }
                    _ => {}
                }
            }
        }
        if templates.is_empty() {
            return Outcome::not_applicable("no environment template");
        }
        for r in &project.stack.env_reads {
            let Some(name) = &r.name else { continue };
            let path = &r.location.path;
            let java_property = path.ends_with(".java") && name.chars().any(|c| c.is_ascii_lowercase());
            if name.contains('.') || java_property || is_platform_var(name, path) || build_env.contains(name.as_str()) {
                continue;
            }
            reads.push((r.location.clone(), name.clone(), false));
        }
        reads.sort();
        let mut reported: BTreeSet<String> = BTreeSet::new();
        let mut checked: BTreeSet<String> = BTreeSet::new();
        let mut findings = vec![];
        for (loc, name, insensitive) in &reads {
            checked.insert(name.to_ascii_uppercase());
            if reported.contains(name) {
                continue;
            }
            let read_dir = dir_of(&loc.path);
            let mut candidates: Vec<&str> = templates.keys().copied().filter(|t| is_ancestor(dir_of(t), read_dir)).collect();
            if candidates.is_empty() {
                candidates = templates.keys().copied().collect();
            }
            let documented = candidates.iter().any(|t| {
                let (exact, upper) = &templates[t];
                if *insensitive {
                    upper.contains(&name.to_ascii_uppercase())
                } else {
                    exact.contains(name.as_str())
                }
            });
            if documented {
                continue;
            }
            reported.insert(name.clone());
            // Name the nearest template: the deepest ancestor, else the first one.
            let nearest = candidates.iter().max_by_key(|t| dir_of(t).len()).copied().unwrap_or("");
            let template = nearest.rsplit('/').next().unwrap_or(nearest);
            findings.push(Finding {
                location: loc.clone(),
                message: format!("`{name}` is read here but missing from {template}"),
                snippet: None,
            });
        }
        if findings.is_empty() {
            let evidence = templates
                .iter()
                .map(|(path, (keys, _))| Evidence {
                    location: Location {
                        path: path.to_string(),
                        line: 0,
                        column: 0,
                    },
                    message: format!("template lists {} variable(s)", keys.len()),
                })
                .collect();
            let msg = if checked.is_empty() {
                "no variable is read by a literal name".to_string()
            } else {
                format!("all {} variable(s) the code reads are in the template", checked.len())
            };
            return Outcome::pass(msg, evidence);
        }
        let count = findings.len();
        findings.truncate(MAX_FINDINGS);
        Outcome::fail(
            format!("{count} variable(s) the code reads are missing from the environment template"),
            findings,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    #[test]
    fn keys() {
        let t = "# Database\nDATABASE_URL=postgres://x\nexport JWT_SECRET=\n# OPTIONAL_VAR=\n#LOG_LEVEL=info\n# e.g. SENTRY_DSN=https://x\n# Set this to true\n  PORT = 3000\n";
        let names: Vec<String> = template_keys(t).into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            names,
            ["DATABASE_URL", "JWT_SECRET", "OPTIONAL_VAR", "LOG_LEVEL", "SENTRY_DSN", "PORT"]
        );
    }

    fn fields(src: &str) -> Vec<String> {
        let info = FileInfo::new("app/settings.py".into(), src.len() as u64);
        let ctx = FileCtx::new(&info, src);
        settings_fields(&ctx).into_iter().map(|(_, v)| v).collect()
    }

    #[test]
    fn pydantic_settings() {
        let src = r#"
from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

class Db(BaseModel):
    host: str

class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="APP_", env_file=".env")
    database_url: str
    debug: bool = False
    redis: str = Field("redis://", alias="REDIS_URL")
    db: Db
    cache: Optional[CacheSettings] = None
    _private: int = 1

class Child(Settings):
    extra: str = ""

class Legacy(pydantic_settings.BaseSettings):
    token: str
    class Config:
        env_prefix = "LEG_"

class Dynamic(BaseSettings):
    model_config = {"env_prefix": PREFIX}
    x: int

class NotSettings(BaseModel):
    name: str
"#;
        assert_eq!(
            fields(src),
            ["APP_DATABASE_URL", "APP_DEBUG", "REDIS_URL", "APP_EXTRA", "LEG_TOKEN"]
        );
    }
}
