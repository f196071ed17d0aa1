//! `health-endpoint`: an HTTP service exposes a health, liveness or readiness route.
//!
//! **Why**: load balancers, orchestrators and uptime monitors decide whether to send traffic to an
//! instance (or restart it) by calling such a route. Without one, a hung process keeps receiving
//! requests and a rolling deployment cannot tell a healthy replica from a broken one.
//!
//! **Passes**: a route whose path has a health segment (`/health`, `/healthz`, `/health/live`,
//! `/api/v1/readyz`, `/ping`, `/status`, …) is *registered* in shipped code: the path is the route
//! argument of a route registration, decided on the syntax tree — a FastAPI/Flask decorator, a
//! Django `path()`, an Express/Fastify/Koa `app.get('/health', handler)`, a NestJS controller, a
//! Next.js route file, a Go mux/gin/echo/chi registration, an axum/actix/Rocket route, a Spring
//! mapping — or Spring Boot Actuator is a dependency. Router prefixes compose:
//! `APIRouter(prefix="/health")` with `@router.get("")` is `/health`.
//!
//! **Fails**: no such route. These do not count:
//!
//! ```python
//! # tests/test_api.py — a test calls the route, nothing serves it
//! client.get("/health")
//! # app/probe.py — an HTTP client call is not a route
//! requests.get("http://billing/health")
//! ```
//!
//! nor `/healthcare/patients` (segments match exactly) or a string in a comment or log message.
//!
//! **Fix**: register a cheap route that answers 200, e.g. `@app.get("/health")` returning
//! `{"status": "ok"}`, and point the orchestrator's probes at it.

mod go;
mod java;
mod javascript;
mod paths;
mod python;
mod rust;

pub use paths::is_health_path;

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::prefilter::Gated;
use crate::rule::{Rule, split_hits};
use std::sync::LazyLock;
use tree_sitter::Node;

use go::scan_go;
use java::scan_java;
use javascript::{nextjs_export, nextjs_route, scan_js};
use python::scan_python;
use rust::scan_rust;

/// Evidence entries kept; the pass message names the first route.
const MAX_EVIDENCE: usize = 20;

/// Tag of the fact that carries what a route is (health route `/health`) to `evaluate` for its message.
const ROUTE_FACT: &str = "health-route";

/// Spring Boot Actuator (and its Quarkus counterpart) serve a health route by themselves.
const HEALTH_DEPENDENCIES: &[(&str, &str)] = &[
    ("org.springframework.boot:spring-boot-starter-actuator", "/actuator/health"),
    ("io.quarkus:quarkus-smallrye-health", "/q/health"),
];

/// Cheap literal prefilter: a health word right after a slash, quote, regex anchor or `@` (`"/health"`,
/// `'healthz'`, `^readyz`, `@HealthCheck`), or terminus's module. A file without one registers no
/// health route, so it is never parsed for this rule.
static PREFILTER: LazyLock<Option<Gated>> =
    LazyLock::new(|| Gated::new(r#"(?i)[/"'`^@]_?(?:health|livez|readyz|liveness|readiness|heartbeat|ping|status)|TerminusModule"#).ok());

/// [`PREFILTER`]'s words alone, for [`mentions_health_word`].
static HEALTH_WORD: LazyLock<crate::words::Words> = LazyLock::new(|| {
    crate::words::Words::new(&[
        "health",
        "livez",
        "readyz",
        "liveness",
        "readiness",
        "heartbeat",
        "ping",
        "status",
        "TerminusModule",
    ])
});

/// Whether the text can hold a health route path: a [`PREFILTER`] match, except weak words
/// (`status`, `ping`) that cannot be a whole path segment. A health segment is exactly the word,
/// so a weak word followed by a name character (`"status_code"`, `'/pinger'`) is not one, and
/// neither is a quoted key (`"status": …`): the scanners read paths from call arguments, object
/// values and constants, never from dict or object keys. The strong words count wherever they
/// appear.
///
/// The words are searched for alone and the character before each is checked here: a pattern
/// that starts with a class of characters gives the regex engine no literal to search for.
fn mentions_health_word(text: &str, folded: &[u8]) -> bool {
    let b = text.as_bytes();
    let after_mark = |at: usize| {
        let mark = |i: Option<usize>| i.is_some_and(|i| matches!(b[i], b'/' | b'"' | b'\'' | b'`' | b'^' | b'@'));
        let before = at.checked_sub(1);
        mark(before) || (before.is_some_and(|i| b[i] == b'_') && mark(at.checked_sub(2)))
    };
    HEALTH_WORD.find_iter(folded).any(|m| {
        let word = &text[m.clone()];
        if word.eq_ignore_ascii_case("TerminusModule") {
            return true;
        }
        if !after_mark(m.start) {
            return false;
        }
        if !(word.eq_ignore_ascii_case("status") || word.eq_ignore_ascii_case("ping")) {
            return true;
        }
        let rest = &text[m.end..];
        match rest.bytes().next() {
            Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => false,
            Some(b'"' | b'\'' | b'`') => !rest[1..].trim_start().starts_with(':'),
            _ => true,
        }
    })
}

/// [`mentions_health_word`] on a file, skipped when its 4-byte windows hold no health word.
fn file_mentions_health_word(file: &FileCtx<'_>) -> bool {
    PREFILTER.as_ref().is_some_and(|p| p.may_match(file.grams())) && mentions_health_word(file.text, file.folded())
}

/// HTTP verbs as lowercase method names (`app.get`, `router.post`, `@app.get`).
const LOWER_VERBS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options", "trace"];

/// Where a route was found.
enum At {
    Byte(usize),
    /// 1-based line and column (from `syn` spans).
    LineCol(usize, usize),
}

/// One health route registration.
struct Route {
    at: At,
    method: Option<String>,
    path: String,
    via: Option<&'static str>,
    /// Not a route but what provides one (`TerminusModule`): `path` names it.
    provider: bool,
}

impl Route {
    fn new(at: At, method: Option<String>, path: impl Into<String>, via: Option<&'static str>) -> Route {
        Route {
            at,
            method,
            path: path.into(),
            via,
            provider: false,
        }
    }

    /// Something that provides a health route without naming its path (`@HealthCheck()`).
    fn provider(at: At, what: &str, via: &'static str) -> Route {
        Route {
            provider: true,
            ..Route::new(at, None, what, Some(via))
        }
    }

    /// What the pass message names: health route `/health`.
    fn subject(&self) -> String {
        match (self.provider, self.via) {
            (true, Some(v)) => format!("`{}` ({v})", self.path),
            _ => format!("health route `{}`", self.path),
        }
    }

    fn message(&self) -> String {
        if self.provider {
            return self.subject();
        }
        let what = match &self.method {
            Some(m) => format!("`{m} {}` route", self.path),
            None => format!("`{}` route", self.path),
        };
        match self.via {
            Some(v) => format!("{what} ({v})"),
            None => what,
        }
    }
}

/// Named children of a node, without comments.
fn named<'t>(node: Node<'t>) -> Vec<Node<'t>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect()
}

fn has_child_kind(node: Node<'_>, kinds: &[&str]) -> bool {
    let mut cursor = node.walk();
    node.children(&mut cursor).any(|c| kinds.contains(&c.kind()))
}

/// The last identifier of a receiver expression: `app` → `app`, `this.http` → `http`,
/// `request(app)` → `request`.
fn last_ident<'a>(file: &FileCtx<'a>, node: Node<'_>) -> &'a str {
    let text = match node.kind() {
        "call_expression" | "call" => node.child_by_field_name("function").map(|f| file.node_text(f)).unwrap_or(""),
        _ => file.node_text(node),
    };
    text.rsplit(['.', ':']).next().unwrap_or(text).trim()
}

/// The called name: `APIRouter(…)` → `APIRouter`, `app.get(…)` → `get`.
fn callee_name<'a>(file: &FileCtx<'a>, call: Node<'_>) -> &'a str {
    let Some(f) = call.child_by_field_name("function") else { return "" };
    match f.kind() {
        "attribute" => f.child_by_field_name("attribute").map(|a| file.node_text(a)).unwrap_or(""),
        "member_expression" => f.child_by_field_name("property").map(|a| file.node_text(a)).unwrap_or(""),
        "selector_expression" => f.child_by_field_name("field").map(|a| file.node_text(a)).unwrap_or(""),
        _ => file.node_text(f),
    }
}

// ───────────────────────────── the rule ─────────────────────────────

pub struct HealthEndpoint {
    meta: RuleMeta,
}

fn remediation(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl HealthEndpoint {
    pub fn new() -> HealthEndpoint {
        HealthEndpoint {
            meta: RuleMeta {
                id: "health-endpoint".into(),
                category: Category::Reliability,
                severity: Severity::High,
                title: "A health check endpoint exists".into(),
                rationale: "Load balancers, Kubernetes probes and uptime monitors decide whether an instance gets \
                            traffic, or gets restarted, by calling a health route. Without one a hung process keeps \
                            receiving requests and a rolling deployment cannot tell a healthy replica from a broken one."
                    .into(),
                detection: "Looks for a route registration in shipped code (not tests or examples) whose path has a \
                            health segment: health, healthz, healthcheck, health-check, _health, livez, readyz, \
                            liveness, readiness, heartbeat, or ping/status in a path without parameters. The path must \
                            be the route argument, read from the syntax tree: FastAPI/Flask/Starlette decorators and \
                            add_url_rule, router prefixes and include_router, Django path()/re_path(), Express/Koa/\
                            Fastify app.get/router.get/app.use/route(), NestJS @Controller/@Get and @nestjs/terminus, \
                            Next.js app/api/health/route.ts and pages/api/health.ts, Go net/http HandleFunc (1.22 \
                            patterns too), gin/echo/chi/fiber routes and groups, chi Heartbeat, axum route/nest, \
                            actix-web and Rocket attributes and resources, Spring @GetMapping/@RequestMapping. Spring \
                            Boot Actuator as a dependency counts. HTTP client calls (requests.get, fetch, axios, \
                            http.Get, reqwest) and strings in comments or logs do not."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    remediation(
                        "generic",
                        "bash",
                        "# Serve a cheap route that answers 200 when the process can serve traffic:\n\
                                 GET /health  ->  200 {\"status\": \"ok\"}\n\
                                 # and point the load balancer / Kubernetes probes at it",
                    ),
                    remediation(
                        "fastapi",
                        "python",
                        "@app.get(\"/health\")\nasync def health():\n    return {\"status\": \"ok\"}",
                    ),
                    remediation(
                        "flask",
                        "python",
                        "@app.get(\"/health\")\ndef health():\n    return {\"status\": \"ok\"}",
                    ),
                    remediation(
                        "django",
                        "python",
                        "# urls.py\nfrom django.http import JsonResponse\nfrom django.urls import path\n\n\
                         def health(request):\n    return JsonResponse({\"status\": \"ok\"})\n\n\
                         urlpatterns = [path(\"health/\", health)]",
                    ),
                    remediation(
                        "express",
                        "javascript",
                        "app.get('/health', (req, res) => {\n  res.json({ status: 'ok' });\n});",
                    ),
                    remediation(
                        "nestjs",
                        "typescript",
                        "@Controller('health')\nexport class HealthController {\n  @Get()\n  check() {\n    return { status: 'ok' };\n  }\n}",
                    ),
                    remediation("fastify", "javascript", "fastify.get('/health', async () => ({ status: 'ok' }));"),
                    remediation(
                        "koa",
                        "javascript",
                        "router.get('/health', (ctx) => {\n  ctx.body = { status: 'ok' };\n});",
                    ),
                    remediation(
                        "nextjs",
                        "typescript",
                        "// app/api/health/route.ts\nexport function GET() {\n  return Response.json({ status: 'ok' });\n}",
                    ),
                    remediation(
                        "gin",
                        "go",
                        "r.GET(\"/health\", func(c *gin.Context) {\n\tc.JSON(http.StatusOK, gin.H{\"status\": \"ok\"})\n})",
                    ),
                    remediation(
                        "echo",
                        "go",
                        "e.GET(\"/health\", func(c echo.Context) error {\n\treturn c.JSON(http.StatusOK, map[string]string{\"status\": \"ok\"})\n})",
                    ),
                    remediation("chi", "go", "r.Use(middleware.Heartbeat(\"/health\"))"),
                    remediation(
                        "net-http",
                        "go",
                        "mux.HandleFunc(\"GET /health\", func(w http.ResponseWriter, r *http.Request) {\n\t\
                         w.Write([]byte(`{\"status\":\"ok\"}`))\n})",
                    ),
                    remediation(
                        "axum",
                        "rust",
                        "async fn health() -> &'static str {\n    \"ok\"\n}\n\nlet app = Router::new().route(\"/health\", get(health));",
                    ),
                    remediation(
                        "actix-web",
                        "rust",
                        "#[get(\"/health\")]\nasync fn health() -> impl Responder {\n    HttpResponse::Ok().body(\"ok\")\n}\n\n\
                         App::new().service(health)",
                    ),
                    remediation(
                        "spring-boot",
                        "xml",
                        "<!-- pom.xml: serves /actuator/health -->\n<dependency>\n  <groupId>org.springframework.boot</groupId>\n  \
                         <artifactId>spring-boot-starter-actuator</artifactId>\n</dependency>",
                    ),
                ],
                effort_hours: 1.0,
                pass_message: "health route found".into(),
                fail_message: "no health/readiness route found".into(),
            },
        }
    }
}

impl Rule for HealthEndpoint {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source {
            return;
        }
        let Some(lang) = file.lang() else { return };
        let mut routes: Vec<Route> = vec![];
        if lang.is_js_family()
            && let Some((path, app_router)) = nextjs_route(file.path()).filter(|(p, _)| is_health_path(p))
            && let Some(at) = file.tree().and_then(|t| nextjs_export(file, t.root_node(), app_router))
        {
            let (method, via) = if app_router {
                (Some("GET".to_string()), "next.js app router")
            } else {
                (None, "next.js pages router")
            };
            routes.push(Route::new(At::Byte(at), method, path, Some(via)));
        }
        let mentions = file_mentions_health_word(file);
        if mentions {
            match lang {
                Lang::Rust => scan_rust(file, &mut routes),
                _ => {
                    if let Some(tree) = file.tree() {
                        let root = tree.root_node();
                        match lang {
                            Lang::Python => scan_python(file, root, &mut routes),
                            Lang::JavaScript | Lang::TypeScript | Lang::Tsx => scan_js(file, root, &mut routes),
                            Lang::Go => scan_go(file, root, &mut routes),
                            Lang::Java => scan_java(file, root, &mut routes),
                            Lang::Rust => {}
                        }
                    }
                }
            }
        }
        for r in routes {
            let location = match r.at {
                At::Byte(b) => file.location(b),
                At::LineCol(line, column) => Location {
                    path: file.path().to_string(),
                    line,
                    column,
                },
            };
            hits.push(Hit::Evidence(Evidence {
                location: location.clone(),
                message: r.message(),
            }));
            hits.push(Hit::Fact {
                tag: ROUTE_FACT.into(),
                value: r.subject(),
                location,
            });
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        let mut first: Option<(String, Location)> = hits
            .iter()
            .filter_map(|h| match h {
                Hit::Fact { tag, value, location } if tag == ROUTE_FACT => Some((value.clone(), location.clone())),
                _ => None,
            })
            .min_by(|a, b| a.1.cmp(&b.1));
        for (dep, path) in HEALTH_DEPENDENCIES {
            let norm = Ecosystem::Maven.normalize(dep);
            for m in project.manifests_of(Ecosystem::Maven) {
                if let Some(d) = m.deps.iter().find(|d| d.name == norm && !d.dev) {
                    let location = Location {
                        path: m.path.clone(),
                        line: d.line,
                        column: 1,
                    };
                    let artifact = dep.rsplit(':').next().unwrap_or(dep);
                    evidence.push(Evidence {
                        location: location.clone(),
                        message: format!("`{artifact}` serves `{path}`"),
                    });
                    if first.is_none() {
                        first = Some((format!("`{artifact}` (`{path}`)"), location));
                    }
                }
            }
        }
        let Some((subject, at)) = first else {
            // No route in code, but the runtime is told how to check health (Dockerfile
            // HEALTHCHECK, compose healthcheck, Kubernetes probe): accept that layer, and say so.
            if let Some(check) = project.health_checks.first() {
                let place = crate::report::loc(&check.location.path, check.location.line);
                return Outcome::pass(
                    format!("no health route found in code; health is checked by {} at {place}", check.message),
                    project.health_checks.iter().take(MAX_EVIDENCE).cloned().collect(),
                );
            }
            return Outcome::fail(self.meta.fail_message.clone(), vec![]);
        };
        evidence.sort();
        evidence.dedup();
        evidence.truncate(MAX_EVIDENCE);
        let place = if at.line > 0 {
            format!("{}:{}", at.path, at.line)
        } else {
            at.path.clone()
        };
        Outcome::pass(format!("{subject} at {place}"), evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::{HealthEndpoint, mentions_health_word};
    use crate::words::fold;

    #[test]
    fn weak_words_need_to_be_a_whole_segment_outside_keys() {
        for yes in [
            "@app.get(\"/status\")",
            "path(\"status/\", view)",
            "r.GET(\"/ping\", h)",
            "{ url: \"status\" }",
            "@Get('status')",
            "app.get(`/status`)",
            "x = \"/healthz_v2\"",
            "TerminusModule",
        ] {
            assert!(mentions_health_word(yes, &fold(yes)), "{yes}");
        }
        for no in [
            "{\"status\": \"ok\"}",
            "resp.status_code",
            "`json:\"statusText\"`",
            "'/pinger'",
            "{'status' : 1}",
        ] {
            assert!(!mentions_health_word(no, &fold(no)), "{no}");
        }
    }
    use crate::engine::ctx::{FileCtx, FileInfo};
    use crate::model::Hit;
    use crate::rule::Rule;

    /// `(line, message)` of every piece of evidence the rule emits for one file.
    pub(super) fn evidence(path: &str, text: &str) -> Vec<(usize, String)> {
        let info = FileInfo::new(path.to_string(), text.len() as u64);
        let file = FileCtx::new(&info, text);
        let mut hits = vec![];
        HealthEndpoint::new().scan(&file, &mut hits);
        hits.into_iter()
            .filter_map(|h| match h {
                Hit::Evidence(e) => Some((e.location.line, e.message)),
                _ => None,
            })
            .collect()
    }

    pub(super) fn lines(path: &str, text: &str) -> Vec<usize> {
        evidence(path, text).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn malformed_input_does_not_panic() {
        // A route with no path, an f-string prefix, a route file without `GET`: nothing to cite.
        for (path, text) in [
            ("a.py", "@app.get(\n"),
            ("a.py", "@app.get()\n@router.get(\"\")\ndef f(): pass\n"),
            ("a.py", "x = APIRouter(prefix=f\"/{v}/health\")\n@x.get('/é')\ndef f(): pass\n"),
            ("a.ts", "@Controller(\n"),
            ("app/api/health/route.ts", "export const x = 1; // '/health'\n"),
            ("a.go", "package main\nfunc f() { r.GET(\"/health\" }\n"),
            ("a.rs", "fn f( { .route(\"/health\"\n"),
        ] {
            assert!(evidence(path, text).is_empty(), "{path}: {text}");
        }
        // Error recovery may or may not keep these; they must only not panic.
        for (path, text) in [
            ("a.js", "app.get('/health'\n"),
            ("a.java", "@GetMapping(\"/health\"\n"),
            ("a.tsx", "<a href='/health'>"),
        ] {
            let _ = evidence(path, text);
        }
    }

    #[test]
    fn prefilter() {
        let re = super::PREFILTER.as_ref().expect("prefilter compiles");
        for yes in [
            "@app.get(\"/health\")",
            "@Get('healthz')",
            "re_path(r\"^readyz/?$\")",
            "imports: [TerminusModule]",
            "@HealthCheck()",
        ] {
            assert!(re.regex().is_match(yes), "{yes}");
            assert!(re.may_match(&crate::prefilter::Grams::new(yes.as_bytes())), "{yes}");
        }
        for no in ["from typing import Mapping", "shipping_status = 1", "# health of the team"] {
            assert!(!re.regex().is_match(no), "{no}");
        }
        // The word search with its mark check answers as the whole pattern's matches do.
        let by_pattern = |text: &str| {
            re.regex().find_iter(text).any(|m| {
                let word = m.as_str().trim_start_matches(['/', '"', '\'', '`', '^', '@', '_']);
                if !(word.eq_ignore_ascii_case("status") || word.eq_ignore_ascii_case("ping")) {
                    return true;
                }
                let rest = &text[m.end()..];
                match rest.bytes().next() {
                    Some(b) if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' => false,
                    Some(b'"' | b'\'' | b'`') => !rest[1..].trim_start().starts_with(':'),
                    _ => true,
                }
            })
        };
        for text in [
            "@app.get(\"/health\")",
            "x = '_status'",
            "x = '_status': 1",
            "a/_heartbeat b__ping @Readiness ^livez",
            "ahealth _health x_health",
            "terminusmodule",
            "{\"status\": \"ok\"} /pinger",
            "'/status-x' \"/ping\"",
            "",
            "/",
        ] {
            assert_eq!(
                super::mentions_health_word(text, &crate::words::fold(text)),
                by_pattern(text),
                "{text}"
            );
        }
    }
}
