//! `csrf-exempt`: CSRF protection is not switched off for cookie-authenticated requests.
//!
//! **Why**: with cookie sessions the browser attaches credentials to any request, including one
//! a hostile page triggers; without a CSRF token check that page can act as the user.
//!
//! **Fails**:
//! - Django `@csrf_exempt` on a view (function or `@method_decorator(csrf_exempt, …)` on a
//!   class) and `csrf_exempt(view)` in URL patterns;
//! - a settings `MIDDLEWARE` list that uses sessions/auth but lacks
//!   `django.middleware.csrf.CsrfViewMiddleware`, or removes it;
//! - Express apps that `app.use(session(…))` / `app.use(cookieSession(…))` with no CSRF
//!   middleware (csurf, csrf-csrf, csrf-sync, lusca, tiny-csrf, @dr.pogodin/csurf) in the
//!   dependencies or the code.
//!
//! **Silent**: webhook views that verify a signature (named `*webhook*`, or checking `hmac`/a
//! signature), `@csrf_exempt` stacked on DRF's `@api_view`, DRF `APIView`s (exempt by design,
//! token-authenticated), token-auth APIs without cookie sessions (Express apps without session
//! middleware; Django projects whose `MIDDLEWARE` has no session or auth middleware), sessions
//! with `sameSite: 'strict'`, development settings.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::prefilter::Gated;
use crate::rule::Rule;
use crate::rules::util::{string_value, walk_tree};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// npm packages that provide CSRF protection.
const CSRF_PACKAGES: &[&str] = &[
    "csurf",
    "csrf-csrf",
    "csrf-sync",
    "lusca",
    "tiny-csrf",
    "@dr.pogodin/csurf",
    "csrf",
    "@fastify/csrf-protection",
    "koa-csrf",
    "@koa/csrf",
];

/// An import of a session middleware. Gated by the quoted package names it needs: its leading
/// `const`/`import` words would otherwise start a search at most lines of a JavaScript file.
static SESSION_IMPORT: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r#"(?:(?:const|let|var)\s+(?P<a>[A-Za-z_$][\w$]*)\s*=\s*require\(\s*|import\s+(?:\*\s+as\s+)?(?P<b>[A-Za-z_$][\w$]*)\s+from\s+)['"](?:express-session|cookie-session)['"]"#)
        .expect("static regex")
});
static CSRF_IMPORT: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r#"(?:require\(\s*|from\s+)['"](?:csurf|csrf-csrf|csrf-sync|lusca|tiny-csrf|@dr\.pogodin/csurf|csrf)['"]"#)
        .expect("static regex")
});
static SAME_SITE_STRICT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"sameSite\s*:\s*(?:['"]strict['"]|true)"#).expect("static regex"));

const SESSION_FACT: &str = "cookie-session";
/// A Django view or route exempted from CSRF checks (a finding unless the project has no sessions).
const EXEMPT_FACT: &str = "django-exempt";
/// A Django `MIDDLEWARE` list, with (`"1"`) or without (`"0"`) cookie sessions.
const SESSIONS_FACT: &str = "django-sessions";

/// A fact carrying its future finding's message and snippet, separated by a newline.
fn exempt_fact(ctx: &FileCtx<'_>, byte: usize, message: &str) -> Hit {
    let (line, _) = ctx.line_col(byte);
    Hit::Fact {
        tag: EXEMPT_FACT.into(),
        value: format!("{message}\n{}", crate::redact::snippet(ctx.line_text(line))),
        location: ctx.location(byte),
    }
}

/// True when a decorated view is a signature-checked webhook or a DRF view.
fn exempt_is_justified(ctx: &FileCtx<'_>, decorated: Node<'_>) -> bool {
    let mut c = decorated.walk();
    let drf = decorated
        .named_children(&mut c)
        .filter(|d| d.kind() == "decorator")
        .any(|d| ctx.node_text(d).contains("api_view"));
    if drf {
        return true;
    }
    let Some(def) = decorated.child_by_field_name("definition") else {
        return false;
    };
    let name = def
        .child_by_field_name("name")
        .map(|n| ctx.node_text(n).to_ascii_lowercase())
        .unwrap_or_default();
    let body = ctx.node_text(def).to_ascii_lowercase();
    name.contains("webhook") || body.contains("hmac") || body.contains("signature") || body.contains("construct_event")
}

fn python_hits(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(tree) = ctx.tree() else { return };
    let dev = super::secrets::is_dev_settings_path(ctx.path());
    walk_tree(tree.root_node(), |node| match node.kind() {
        "decorator" => {
            let text = ctx.node_text(node);
            if !text.contains("csrf_exempt") {
                return;
            }
            if let Some(parent) = node.parent().filter(|p| p.kind() == "decorated_definition")
                && !exempt_is_justified(ctx, parent)
            {
                hits.push(exempt_fact(
                    ctx,
                    node.start_byte(),
                    "`@csrf_exempt` switches off CSRF protection for this view",
                ));
            }
        }
        "call" => {
            let Some(f) = node.child_by_field_name("function") else { return };
            let callee = ctx.node_text(f);
            if callee.rsplit('.').next() == Some("csrf_exempt") && node.parent().is_some_and(|p| p.kind() != "decorator") {
                let args = node
                    .child_by_field_name("arguments")
                    .map(|a| ctx.node_text(a).to_ascii_lowercase())
                    .unwrap_or_default();
                if !args.contains("webhook") {
                    hits.push(exempt_fact(
                        ctx,
                        node.start_byte(),
                        "`csrf_exempt(…)` switches off CSRF protection for a route",
                    ));
                }
            }
            // MIDDLEWARE.remove("django.middleware.csrf.CsrfViewMiddleware")
            if callee.ends_with("MIDDLEWARE.remove") && ctx.node_text(node).contains("CsrfViewMiddleware") && !dev {
                hits.push(ctx.finding_at(node.start_byte(), "`CsrfViewMiddleware` is removed from `MIDDLEWARE`"));
            }
        }
        "assignment" if !dev => {
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return;
            };
            if !matches!(ctx.node_text(l), "MIDDLEWARE" | "MIDDLEWARE_CLASSES") || !matches!(r.kind(), "list" | "tuple") {
                return;
            }
            let mut c = r.walk();
            let items: Vec<Node<'_>> = r.named_children(&mut c).filter(|n| n.kind() != "comment").collect();
            let values: Vec<Option<String>> = items
                .iter()
                .map(|n| {
                    if n.kind() == "string" {
                        string_value(ctx.node_text(*n))
                    } else {
                        None
                    }
                })
                .collect();
            if values.iter().any(Option::is_none) {
                return; // built from other lists: cannot tell
            }
            let values: Vec<String> = values.into_iter().flatten().collect();
            let cookies = values
                .iter()
                .any(|v| v.ends_with("SessionMiddleware") || v.ends_with("AuthenticationMiddleware"));
            hits.push(Hit::Fact {
                tag: SESSIONS_FACT.into(),
                value: if cookies { "1" } else { "0" }.into(),
                location: ctx.location(node.start_byte()),
            });
            if let Some(i) = values.iter().position(|v| v.ends_with("CsrfViewMiddleware")) {
                hits.push(ctx.evidence_at(items[i].start_byte(), "CsrfViewMiddleware enabled"));
                return;
            }
            if cookies {
                hits.push(ctx.finding_at(node.start_byte(), "`MIDDLEWARE` uses sessions but lacks `CsrfViewMiddleware`"));
            }
        }
        _ => {}
    });
}

fn js_hits(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let text = ctx.text;
    if ctx.may_match(CSRF_IMPORT.literals())
        && let Some(m) = CSRF_IMPORT.regex().find(text)
        && ctx.in_code(m.start().saturating_sub(1))
    {
        hits.push(ctx.evidence_at(m.start(), "CSRF middleware imported"));
    }
    let sessions = ctx
        .may_match(SESSION_IMPORT.literals())
        .then(|| SESSION_IMPORT.regex().captures_iter(text));
    for c in sessions.into_iter().flatten() {
        let (Some(all), Some(name)) = (c.get(0), c.name("a").or(c.name("b"))) else {
            continue;
        };
        if !ctx.in_code(all.start()) {
            continue;
        }
        let Ok(use_re) = Regex::new(&format!(r"\.use\(\s*{}\s*\(", regex::escape(name.as_str()))) else {
            continue;
        };
        for u in use_re.find_iter(text) {
            if !ctx.in_code(u.start()) {
                continue;
            }
            let window = text.get(u.start()..(u.start() + 800).min(text.len())).unwrap_or("");
            if SAME_SITE_STRICT.is_match(window) {
                continue;
            }
            let (line, _) = ctx.line_col(u.start());
            hits.push(Hit::Fact {
                tag: SESSION_FACT.into(),
                value: crate::redact::snippet(ctx.line_text(line)),
                location: ctx.location(u.start()),
            });
        }
    }
}

pub struct CsrfExempt {
    meta: RuleMeta,
}

impl CsrfExempt {
    pub fn new() -> CsrfExempt {
        CsrfExempt {
            meta: RuleMeta {
                id: "csrf-exempt".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "CSRF protection not switched off".into(),
                rationale: "With cookie sessions the browser sends credentials with any request, including one a hostile \
                            page triggers; without a CSRF token check that page acts as the logged-in user."
                    .into(),
                detection: "Django: @csrf_exempt on views (also via method_decorator) and csrf_exempt(view) in URL \
                            patterns, except signature-checked webhooks and DRF @api_view functions; a settings MIDDLEWARE \
                            list with SessionMiddleware/AuthenticationMiddleware but without CsrfViewMiddleware, or \
                            MIDDLEWARE.remove of it (development settings excluded); exemptions do not count when every \
                            MIDDLEWARE list found has no session/auth middleware (token-only API). Express: app.use(session(…)) or \
                            app.use(cookieSession(…)) from express-session/cookie-session when no CSRF middleware (csurf, \
                            csrf-csrf, csrf-sync, lusca, tiny-csrf, @dr.pogodin/csurf) is a dependency or imported, unless \
                            the cookie is sameSite: 'strict'. Token-authenticated APIs without cookie sessions and DRF \
                            APIViews are not findings."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "MIDDLEWARE = [\n    \"django.middleware.security.SecurityMiddleware\",\n    \
                                  \"django.contrib.sessions.middleware.SessionMiddleware\",\n    \
                                  \"django.middleware.csrf.CsrfViewMiddleware\",\n    # …\n]\n\
                                  # and drop @csrf_exempt: send the csrftoken header from the front end"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "const { doubleCsrf } = require('csrf-csrf');\n\
                                  const { doubleCsrfProtection } = doubleCsrf({ getSecret: () => process.env.CSRF_SECRET });\n\
                                  app.use(session({ secret: process.env.SESSION_SECRET, cookie: { sameSite: 'lax', secure: true } }));\n\
                                  app.use(doubleCsrfProtection);"
                            .into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Cookie-authenticated, state-changing requests need a CSRF token (or SameSite=Strict \
                                  cookies); token-authenticated APIs (Authorization header) do not."
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "CSRF protection is not switched off".into(),
                fail_message: "CSRF protection is switched off for cookie-authenticated requests".into(),
            },
        }
    }
}

impl Rule for CsrfExempt {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role != Role::Source {
            return;
        }
        match info.lang {
            Some(Lang::Python) if file.contains("csrf_exempt") || file.contains("MIDDLEWARE") => python_hits(file, hits),
            Some(l) if l.is_js_family() && (file.contains("session") || file.contains("csrf") || file.contains("lusca")) => {
                js_hits(file, hits)
            }
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let mut findings: Vec<Finding> = vec![];
        let mut evidence: Vec<Evidence> = vec![];
        let mut sessions: Vec<Finding> = vec![];
        let mut exempt: Vec<Finding> = vec![];
        let mut with_sessions = false;
        let mut without_sessions = false;
        for h in hits {
            match h {
                Hit::Fact { tag, value, location } if tag == EXEMPT_FACT => {
                    let (message, snippet) = value.split_once('\n').unwrap_or((value.as_str(), ""));
                    exempt.push(Finding {
                        location: location.clone(),
                        message: message.to_string(),
                        snippet: Some(snippet.to_string()),
                    });
                }
                Hit::Fact { tag, value, .. } if tag == SESSIONS_FACT => {
                    if value == "1" {
                        with_sessions = true;
                    } else {
                        without_sessions = true;
                    }
                }
                Hit::Finding(f) => findings.push(f.clone()),
                Hit::Evidence(e) => evidence.push(e.clone()),
                Hit::Fact { tag, value, location } if tag == SESSION_FACT => sessions.push(Finding {
                    location: location.clone(),
                    message: "cookie sessions without a CSRF middleware".into(),
                    snippet: Some(value.clone()),
                }),
                Hit::Fact { .. } => {}
            }
        }
        for pkg in CSRF_PACKAGES {
            if let Some((m, line)) = project.find_dependency(Ecosystem::Npm, pkg) {
                evidence.push(Evidence {
                    location: crate::model::Location {
                        path: m.path.clone(),
                        line,
                        column: 1,
                    },
                    message: format!("CSRF middleware `{pkg}`"),
                });
            }
        }
        // A Django project whose settings enable no cookie sessions has nothing for CSRF to protect.
        if with_sessions || !without_sessions {
            findings.extend(exempt);
        }
        let express_csrf = evidence.iter().any(|e| e.message.starts_with("CSRF middleware"));
        if !express_csrf {
            findings.extend(sessions);
        }
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), evidence);
        }
        findings.sort();
        Outcome::fail(format!("CSRF protection switched off in {} place(s)", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prefilter::Grams;

    /// The import patterns run only on files naming one of their packages in quotes, and every
    /// import they match passes that gate.
    #[test]
    fn import_gates_keep_every_import_and_skip_ordinary_modules() {
        for (gated, text) in [
            (&*SESSION_IMPORT, "const session = require('express-session');"),
            (&*SESSION_IMPORT, "import cookieSession from \"cookie-session\";"),
            (&*SESSION_IMPORT, "import * as s from 'express-session'"),
            (&*CSRF_IMPORT, "const csrf = require( 'csurf' )"),
            (&*CSRF_IMPORT, "import { doubleCsrf } from \"csrf-csrf\""),
            (&*CSRF_IMPORT, "import csurf from '@dr.pogodin/csurf'"),
            (&*CSRF_IMPORT, "const lusca = require('lusca')"),
        ] {
            assert!(gated.regex().is_match(text), "{text}");
            assert!(gated.may_match(&Grams::new(text.as_bytes())), "{text}");
        }
        let ordinary = "import express from 'express';\nconst session = getSession(req);\nlet csrfToken = req.csrfToken();\n";
        for gated in [&*SESSION_IMPORT, &*CSRF_IMPORT] {
            assert!(!gated.may_match(&Grams::new(ordinary.as_bytes())), "{:?}", gated.regex().as_str());
        }
    }
}
