//! `debug-enabled`: debug mode is not switched on in shipped configuration.
//!
//! **Why**: debug mode shows stack traces, settings and SQL to anyone who triggers an error;
//! Flask's Werkzeug debugger even runs arbitrary Python for whoever reaches it.
//!
//! **Fails**:
//! - Django `DEBUG = True` at module level of a settings module that is not development-only
//!   (`settings/dev.py`, `settings/local.py`, `settings_local.py`, `local_settings.py`, test
//!   settings are); in a `base.py`/`common.py` it is a finding unless a sibling production
//!   settings module sets `DEBUG` itself;
//! - `DEBUG = True` in a config class named for production (`class ProductionConfig`);
//! - Flask `app.run(debug=True)` (always: the message says when it sits under `__main__`),
//!   `app.debug = True`, `app.config["DEBUG"] = True`, `FastAPI(debug=True)`;
//! - `FLASK_DEBUG=1`, `DEBUG=1`/`true`, `NODE_ENV=development`, `FLASK_ENV=development` in the
//!   final stage of a Dockerfile, or in a compose file other than `*.dev.yml`/`*.override.yml`.
//!
//! **Silent**: `DEBUG = os.getenv("DEBUG") == "1"`, `DEBUG=express:*` (the `debug` package's
//! log filter), dev-only files, build stages, tests and fixtures.

use super::dockerfile_secrets::env_pairs;
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::walk_tree;
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

static COMPOSE_ENV: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)^[ \t]*(?:-[ \t]*)?["']?(?P<k>[A-Z][A-Z0-9_]*)["']?[ \t]*[:=][ \t]*["']?(?P<v>[A-Za-z0-9]+)["']?[ \t]*(?:#[^\n]*)?\r?$"#,
    )
    .expect("static regex")
});

/// Tag of the fact a base settings module records (`DEBUG = True`, judged in `evaluate`).
const BASE_DEBUG: &str = "base-debug-true";
/// Tag of the fact a production settings module records (it sets `DEBUG` itself).
const PROD_SETS_DEBUG: &str = "prod-sets-debug";

/// What an environment variable set to `value` switches on, if it is debug mode.
fn debug_var(key: &str, value: &str) -> Option<&'static str> {
    let v = value.trim_matches(|c| c == '"' || c == '\'').to_ascii_lowercase();
    let on = matches!(v.as_str(), "1" | "true" | "yes" | "on");
    let dev = matches!(v.as_str(), "development" | "dev");
    match key {
        "FLASK_DEBUG" | "DJANGO_DEBUG" | "APP_DEBUG" | "DEBUG" if on => Some("debug mode"),
        "NODE_ENV" | "FLASK_ENV" | "APP_ENV" | "RAILS_ENV" | "DJANGO_ENV" | "ASPNETCORE_ENVIRONMENT" if dev => Some("development mode"),
        _ => None,
    }
}

/// Words of a file name that mark it development-only.
fn is_dev_name(name: &str) -> bool {
    name.to_ascii_lowercase().split(['.', '-', '_']).any(|w| {
        matches!(
            w,
            "dev" | "development" | "local" | "override" | "test" | "testing" | "ci" | "debug"
        )
    })
}

/// True for a Python module holding settings: `settings.py`, `settings/*.py`, `config.py`,
/// `*_settings.py`, or a file defining Django's `INSTALLED_APPS`/`ROOT_URLCONF`.
fn is_settings_module(path: &str, text: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let mut parts: Vec<&str> = lower.split('/').collect();
    let name = parts.pop().unwrap_or("");
    let stem = name.strip_suffix(".py").unwrap_or(name);
    stem.contains("settings")
        || matches!(stem, "config" | "conf" | "configs")
        || stem.ends_with("_config")
        || parts.iter().any(|d| matches!(*d, "settings" | "config" | "conf"))
        || text.contains("INSTALLED_APPS")
        || text.contains("ROOT_URLCONF")
}

fn stem_of(path: &str) -> String {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.strip_suffix(".py").unwrap_or(&name).to_string()
}

fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// True when `node` sits under `if __name__ == "__main__":`.
fn under_main_guard(ctx: &FileCtx<'_>, node: Node<'_>) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.kind() == "if_statement"
            && let Some(c) = n.child_by_field_name("condition")
        {
            let t = ctx.node_text(c);
            if t.contains("__name__") && t.contains("__main__") {
                return true;
            }
        }
        cur = n.parent();
    }
    false
}

/// True for a `debug=True` keyword argument in a call's argument list.
fn has_debug_true(ctx: &FileCtx<'_>, call: Node<'_>, keyword: &str) -> bool {
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut c = args.walk();
    args.named_children(&mut c).any(|a| {
        a.kind() == "keyword_argument"
            && a.child_by_field_name("name").is_some_and(|n| ctx.node_text(n) == keyword)
            && a.child_by_field_name("value").is_some_and(|v| v.kind() == "true")
    })
}

fn python_hits(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(tree) = ctx.tree() else { return };
    let path = ctx.path();
    let settings = is_settings_module(path, ctx.text) && !super::secrets::is_dev_settings_path(path);
    let stem = stem_of(path);
    let base = matches!(
        stem.as_str(),
        "base" | "common" | "defaults" | "default" | "shared" | "global" | "base_settings"
    );
    let prod = stem
        .split(['_', '-', '.'])
        .any(|w| matches!(w, "production" | "prod" | "staging" | "stage" | "live"));
    walk_tree(tree.root_node(), |node| match node.kind() {
        "assignment" => {
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return;
            };
            let left = ctx.node_text(l);
            let module_level = node
                .parent()
                .and_then(|p| p.parent())
                .is_some_and(|gp| gp.kind() == "module" && node.parent().is_some_and(|p| p.kind() == "expression_statement"));
            if left == "DEBUG" && module_level && prod {
                hits.push(Hit::Fact {
                    tag: PROD_SETS_DEBUG.into(),
                    value: dir_of(path).to_string(),
                    location: ctx.location(node.start_byte()),
                });
            }
            if r.kind() != "true" {
                return;
            }
            if left == "DEBUG" && module_level && settings {
                if base {
                    let (line, _) = ctx.line_col(node.start_byte());
                    hits.push(Hit::Fact {
                        tag: BASE_DEBUG.into(),
                        value: ctx.line_text(line).trim().to_string(),
                        location: ctx.location(node.start_byte()),
                    });
                } else {
                    hits.push(ctx.finding_at(node.start_byte(), "`DEBUG = True` in shipped settings"));
                }
                return;
            }
            if left == "DEBUG" && in_prod_class(ctx, node) {
                hits.push(ctx.finding_at(node.start_byte(), "`DEBUG = True` in a production config class"));
                return;
            }
            let squashed = left.replace(' ', "");
            let flask_flag = (l.kind() == "attribute" && (squashed == "app.debug" || squashed.ends_with(".app.debug")))
                || (l.kind() == "subscript" && (squashed.ends_with(".config[\"DEBUG\"]") || squashed.ends_with(".config['DEBUG']")));
            if flask_flag {
                hits.push(ctx.finding_at(node.start_byte(), "Flask debug mode switched on in code"));
            }
        }
        "call" => {
            let Some(f) = node.child_by_field_name("function") else { return };
            let callee = ctx.node_text(f);
            let last = callee.rsplit('.').next().unwrap_or(callee);
            if last == "run" && f.kind() == "attribute" && has_debug_true(ctx, node, "debug") {
                let msg = if under_main_guard(ctx, node) {
                    "`run(debug=True)` under `__main__`: the Werkzeug debugger is on whenever this entry point starts the app"
                } else {
                    "`run(debug=True)` switches on the Werkzeug debugger (remote code execution)"
                };
                hits.push(ctx.finding_at(node.start_byte(), msg));
            } else if matches!(last, "FastAPI" | "Starlette" | "Quart" | "Sanic") && has_debug_true(ctx, node, "debug") {
                hits.push(ctx.finding_at(node.start_byte(), format!("`{last}(debug=True)` returns tracebacks to clients")));
            } else if matches!(last, "update" | "from_mapping") && callee.contains("config") && has_debug_true(ctx, node, "DEBUG") {
                hits.push(ctx.finding_at(node.start_byte(), "Flask debug mode switched on in code"));
            }
        }
        _ => {}
    });
}

/// True when an assignment sits directly in a class named for production (`ProductionConfig`).
fn in_prod_class(ctx: &FileCtx<'_>, node: Node<'_>) -> bool {
    let Some(block) = node.parent().and_then(|p| p.parent()) else {
        return false;
    };
    let Some(class) = block.parent().filter(|c| c.kind() == "class_definition") else {
        return false;
    };
    class
        .child_by_field_name("name")
        .is_some_and(|n| ctx.node_text(n).to_ascii_lowercase().contains("prod"))
}

pub struct DebugEnabled {
    meta: RuleMeta,
}

impl DebugEnabled {
    pub fn new() -> DebugEnabled {
        DebugEnabled {
            meta: RuleMeta {
                id: "debug-enabled".into(),
                category: Category::Security,
                severity: Severity::High,
                title: "Debug mode off in shipped configuration".into(),
                rationale: "Debug mode shows stack traces, settings and queries to anyone who triggers an error, and \
                            Flask's Werkzeug debugger runs arbitrary code for whoever reaches it."
                    .into(),
                detection: "Django `DEBUG = True` at module level of settings modules that are not development-only \
                            (settings/dev.py, settings/local.py, settings_local.py, local_settings.py and test \
                            settings are; base/common settings count unless a sibling production module sets DEBUG); \
                            `DEBUG = True` in a production config class; `app.run(debug=True)` (reported even under \
                            `__main__`), `app.debug = True`, `app.config[\"DEBUG\"] = True`, `FastAPI(debug=True)`; \
                            FLASK_DEBUG/DEBUG/DJANGO_DEBUG = 1/true and NODE_ENV/FLASK_ENV = development in the final \
                            stage of a Dockerfile or in compose files other than dev/local/override/test ones. \
                            `DEBUG = os.getenv(...)` is fine."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "DEBUG = os.environ.get(\"DJANGO_DEBUG\", \"0\") == \"1\"  # off unless asked for".into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "python".into(),
                        snippet: "# serve with gunicorn in production; debug only from the environment\n\
                                  app.config[\"DEBUG\"] = os.environ.get(\"FLASK_DEBUG\") == \"1\"\n\
                                  # gunicorn -w 4 -b 0.0.0.0:8000 app:app"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "app = FastAPI(debug=settings.debug)  # settings.debug defaults to False".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "dockerfile".into(),
                        snippet: "ENV NODE_ENV=production".into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "yaml".into(),
                        snippet: "# docker-compose.yml (production): no debug switches;\n\
                                  # put DEBUG=1 in docker-compose.override.yml for local work\n\
                                  services:\n  api:\n    environment:\n      DEBUG: \"0\""
                            .into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "debug mode is off in shipped configuration".into(),
                fail_message: "debug mode is switched on in shipped configuration".into(),
            },
        }
    }
}

impl Rule for DebugEnabled {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Test | Role::Example | Role::Doc) {
            return;
        }
        let name = info.name();
        if info.lang == Some(Lang::Python) {
            if info.role == Role::Source && (file.contains("DEBUG") || file.contains("debug=True")) {
                python_hits(file, hits);
            }
            return;
        }
        if crate::rules::deployment::is_dockerfile_path(&info.path) {
            if is_dev_name(name) {
                return;
            }
            let df = crate::index::dockerfile::parse(&info.path, file.text);
            let Some(stage) = df.final_stage() else { return };
            for ins in stage.instructions.iter().filter(|i| i.keyword == "ENV") {
                for (k, v) in env_pairs("ENV", &ins.args) {
                    if let Some(what) = debug_var(&k, &v) {
                        hits.push(Hit::Finding(Finding {
                            location: Location {
                                path: info.path.clone(),
                                line: ins.line,
                                column: 1,
                            },
                            message: format!("`{k}={v}` switches on {what} in the image"),
                            snippet: Some(crate::redact::snippet(file.line_text(ins.line))),
                        }));
                    }
                }
            }
            return;
        }
        if crate::index::infra::is_compose_path(&info.path) && !is_dev_name(name) {
            for c in COMPOSE_ENV.captures_iter(file.text) {
                let (Some(k), Some(v)) = (c.name("k"), c.name("v")) else { continue };
                if let Some(what) = debug_var(k.as_str(), v.as_str()) {
                    hits.push(file.finding_at(
                        k.start(),
                        format!("`{}={}` switches on {what} for a compose service", k.as_str(), v.as_str()),
                    ));
                }
            }
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (mut findings, _) = split_hits(hits);
        let prod_dirs: Vec<&str> = hits
            .iter()
            .filter_map(|h| match h {
                Hit::Fact { tag, value, .. } if tag == PROD_SETS_DEBUG => Some(value.as_str()),
                _ => None,
            })
            .collect();
        for h in hits {
            if let Hit::Fact { tag, value, location } = h
                && tag == BASE_DEBUG
                && !prod_dirs.contains(&dir_of(&location.path))
            {
                findings.push(Finding {
                    location: location.clone(),
                    message: "`DEBUG = True` in base settings that no production settings module overrides".into(),
                    snippet: Some(crate::redact::snippet(value)),
                });
            }
        }
        findings.sort();
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(format!("debug mode switched on in {} place(s)", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_vars() {
        assert!(debug_var("FLASK_DEBUG", "1").is_some());
        assert!(debug_var("DEBUG", "\"true\"").is_some());
        assert!(debug_var("NODE_ENV", "development").is_some());
        assert!(debug_var("NODE_ENV", "production").is_none());
        assert!(debug_var("DEBUG", "express").is_none());
        assert!(debug_var("DEBUG", "0").is_none());
    }

    #[test]
    fn dev_names() {
        assert!(is_dev_name("docker-compose.dev.yml"));
        assert!(is_dev_name("docker-compose.override.yml"));
        assert!(is_dev_name("Dockerfile.dev"));
        assert!(!is_dev_name("docker-compose.yml"));
        assert!(!is_dev_name("docker-compose.prod.yml"));
    }
}
