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

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::{string_value, walk_tree};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Evidence entries kept; the pass message names the first route.
const MAX_EVIDENCE: usize = 20;

/// Tag of the fact that carries what a route is (health route `/health`) to `evaluate` for its message.
const ROUTE_FACT: &str = "health-route";

/// Path segments that name a health route wherever they appear.
const HEALTH_SEGMENTS: &[&str] = &[
    "health",
    "healthz",
    "healthcheck",
    "health-check",
    "health_check",
    "_health",
    "livez",
    "readyz",
    "liveness",
    "readiness",
    "heartbeat",
];

/// Segments that name a health route only in a path without parameters: `/status` is a health
/// route, `/orders/{id}/status` is a resource's state.
const WEAK_SEGMENTS: &[&str] = &["ping", "status"];

/// Spring Boot Actuator (and its Quarkus counterpart) serve a health route by themselves.
const HEALTH_DEPENDENCIES: &[(&str, &str)] = &[
    ("org.springframework.boot:spring-boot-starter-actuator", "/actuator/health"),
    ("io.quarkus:quarkus-smallrye-health", "/q/health"),
];

/// Cheap literal prefilter: a health word right after a slash, quote, regex anchor or `@` (`"/health"`,
/// `'healthz'`, `^readyz`, `@HealthCheck`), or terminus's module. A file without one registers no
/// health route, so it is never parsed for this rule.
static PREFILTER: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r#"(?i)[/"'`^@]_?(?:health|livez|readyz|liveness|readiness|heartbeat|ping|status)|TerminusModule"#).ok());

/// HTTP verbs as lowercase method names (`app.get`, `router.post`, `@app.get`).
const LOWER_VERBS: &[&str] = &["get", "post", "put", "delete", "patch", "head", "options", "trace"];

/// Receivers of `.get(…)`-style calls that are HTTP clients, not routers.
const JS_CLIENTS: &[&str] = &[
    "axios",
    "got",
    "ky",
    "superagent",
    "request",
    "supertest",
    "http",
    "https",
    "fetch",
    "needle",
    "undici",
    "agent",
    "chai",
    "$http",
    "wretch",
    "ofetch",
    "$",
    "jquery",
];

/// The path a route argument names, or `None` when the argument is not a route path: a URL with
/// a scheme (a client call's target) or prose. A Go 1.22 method prefix (`GET /healthz`) is dropped.
fn route_path(raw: &str) -> Option<&str> {
    let t = raw.trim();
    if t.contains("://") {
        return None;
    }
    let t = match t.split_once(char::is_whitespace) {
        Some((method, rest)) if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) => rest.trim(),
        Some(_) => return None,
        None => t,
    };
    if t.contains(char::is_whitespace) {
        return None;
    }
    Some(t)
}

/// A path segment without regex anchors, optional markers or a query part (`^healthz`, `status?<v>`).
fn clean_segment(seg: &str) -> String {
    let seg = seg.split('?').next().unwrap_or("");
    seg.trim_matches(|c: char| "^$()*+\\!".contains(c)).to_ascii_lowercase()
}

/// True for a parameter segment in any router's syntax: `:id`, `{id}`, `<int:id>`, `[id]`, `*`.
fn is_param_segment(seg: &str) -> bool {
    let s = seg.trim();
    s != "{$}"
        && (s.starts_with(':') || s.contains('{') || s.contains('<') || s.starts_with('[') || s.starts_with('*') || s.contains("(?P"))
}

/// True when a route argument names a health route: one of its segments is exactly a health word
/// (`/health`, `/api/v1/healthz`, `GET /livez`, Django's `health/`, `^readyz/?$`), never a word that
/// merely contains one (`/healthcare`, `/status-page`).
pub fn is_health_path(raw: &str) -> bool {
    let Some(p) = route_path(raw) else { return false };
    let has_param = p.split('/').any(is_param_segment);
    p.split('/')
        .map(clean_segment)
        .any(|s| HEALTH_SEGMENTS.contains(&s.as_str()) || (!has_param && WEAK_SEGMENTS.contains(&s.as_str())))
}

/// A router prefix joined with a route path: `/health` + `` → `/health`, `/api` + `/ping` → `/api/ping`.
fn join_path(prefix: &str, path: &str) -> String {
    match (prefix.trim_end_matches('/'), path.trim_start_matches('/')) {
        ("", "") => "/".to_string(),
        (p, "") => p.to_string(),
        ("", r) if path.starts_with('/') => format!("/{r}"),
        ("", r) => r.to_string(),
        (p, r) => format!("{p}/{r}"),
    }
}

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

// ───────────────────────────── Python ─────────────────────────────

/// The value of a Python string literal or a module constant naming one.
fn py_string(file: &FileCtx<'_>, node: Node<'_>, consts: &HashMap<String, String>) -> Option<String> {
    match node.kind() {
        "string" if !has_child_kind(node, &["interpolation"]) => string_value(file.node_text(node)),
        "identifier" => consts.get(file.node_text(node)).cloned(),
        _ => None,
    }
}

/// Positional arguments and keyword arguments of a Python call.
fn py_args<'t>(file: &FileCtx<'_>, call: Node<'t>) -> (Vec<Node<'t>>, Vec<(String, Node<'t>)>) {
    let mut positional = vec![];
    let mut keywords = vec![];
    let Some(args) = call.child_by_field_name("arguments") else {
        return (positional, keywords);
    };
    for a in named(args) {
        if a.kind() == "keyword_argument" {
            if let (Some(n), Some(v)) = (a.child_by_field_name("name"), a.child_by_field_name("value")) {
                keywords.push((file.node_text(n).to_string(), v));
            }
        } else {
            positional.push(a);
        }
    }
    (positional, keywords)
}

fn keyword<'t>(keywords: &[(String, Node<'t>)], names: &[&str]) -> Option<Node<'t>> {
    keywords.iter().find(|(k, _)| names.contains(&k.as_str())).map(|(_, v)| *v)
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

fn scan_python(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
    let mut consts: HashMap<String, String> = HashMap::new();
    let mut prefixes: HashMap<String, String> = HashMap::new();
    walk_tree(root, |n| {
        if n.kind() != "assignment" {
            return;
        }
        let (Some(left), Some(right)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
            return;
        };
        if left.kind() != "identifier" {
            return;
        }
        let name = file.node_text(left).to_string();
        match right.kind() {
            "string" => {
                if let Some(v) = py_string(file, right, &HashMap::new()) {
                    consts.insert(name, v);
                }
            }
            "call" if matches!(callee_name(file, right), "APIRouter" | "Blueprint" | "Router") => {
                let (_, kw) = py_args(file, right);
                if let Some(p) = keyword(&kw, &["prefix", "url_prefix"]).and_then(|v| py_string(file, v, &consts)) {
                    prefixes.insert(name, p);
                }
            }
            _ => {}
        }
    });
    let django = file.text.contains("django") || file.text.contains("urlpatterns");
    walk_tree(root, |call| {
        if call.kind() != "call" {
            return;
        }
        let Some(func) = call.child_by_field_name("function") else { return };
        let in_decorator = call.parent().is_some_and(|p| p.kind() == "decorator");
        let (pos, kw) = py_args(file, call);
        let name = callee_name(file, call);
        let first = |names: &[&str]| -> Option<(Node<'_>, String)> {
            let node = pos.first().copied().or_else(|| keyword(&kw, names))?;
            py_string(file, node, &consts).map(|v| (node, v))
        };
        match func.kind() {
            "attribute" => {
                let receiver = func.child_by_field_name("object").map(|o| file.node_text(o)).unwrap_or("");
                if in_decorator {
                    let method = if LOWER_VERBS.contains(&name) {
                        Some(name.to_ascii_uppercase())
                    } else if matches!(name, "route" | "api_route") {
                        None
                    } else {
                        return;
                    };
                    let path = first(&["path", "rule"]);
                    let prefix = prefixes.get(receiver);
                    let (at, full) = match (&path, prefix) {
                        (Some((node, p)), Some(pre)) => (node.start_byte(), join_path(pre, p)),
                        (Some((node, p)), None) => (node.start_byte(), p.clone()),
                        (None, Some(pre)) => (call.start_byte(), join_path(pre, "")),
                        (None, None) => return,
                    };
                    if is_health_path(&full) {
                        routes.push(Route::new(At::Byte(at), method, full, None));
                    }
                    return;
                }
                let found = match name {
                    "add_url_rule" | "add_api_route" | "add_route" | "add_get" => first(&["path", "rule"]).map(|f| (f, None)),
                    "include_router" => keyword(&kw, &["prefix"])
                        .and_then(|v| py_string(file, v, &consts).map(|p| (v, p)))
                        .map(|f| (f, Some("router prefix"))),
                    "register_blueprint" => keyword(&kw, &["url_prefix"])
                        .and_then(|v| py_string(file, v, &consts).map(|p| (v, p)))
                        .map(|f| (f, Some("blueprint prefix"))),
                    "mount" if pos.len() >= 2 => first(&["path"]).map(|f| (f, Some("mount"))),
                    // aiohttp: `web.get("/health", handler)` in a route table.
                    verb if receiver == "web" && LOWER_VERBS.contains(&verb) && pos.len() >= 2 => {
                        first(&["path"]).map(|f| (f, Some("aiohttp")))
                    }
                    _ => None,
                };
                if let Some(((node, p), via)) = found
                    && is_health_path(&p)
                {
                    routes.push(Route::new(At::Byte(node.start_byte()), None, p, via));
                }
            }
            "identifier" => {
                let via = match name {
                    "get" | "post" | "route" if in_decorator => None,
                    "Route" | "APIRoute" => Some("starlette"),
                    "path" | "re_path" | "url" if django && pos.len() >= 2 => Some("django"),
                    _ => return,
                };
                if let Some((node, p)) = first(&["path", "route"])
                    && is_health_path(&p)
                {
                    routes.push(Route::new(At::Byte(node.start_byte()), None, p, via));
                }
            }
            _ => {}
        }
    });
}

// ───────────────────────────── JavaScript / TypeScript ─────────────────────────────

fn js_string(file: &FileCtx<'_>, node: Node<'_>, consts: &HashMap<String, String>) -> Option<String> {
    match node.kind() {
        "string" | "template_string" => string_value(file.node_text(node)),
        "identifier" => consts.get(file.node_text(node)).cloned(),
        _ => None,
    }
}

/// The string value of `key` in an object literal (`{ url: '/health' }`).
fn js_object_string(file: &FileCtx<'_>, obj: Node<'_>, keys: &[&str], consts: &HashMap<String, String>) -> Option<(usize, String)> {
    if obj.kind() != "object" {
        return None;
    }
    named(obj).into_iter().find_map(|pair| {
        if pair.kind() != "pair" {
            return None;
        }
        let key = pair.child_by_field_name("key")?;
        let k = string_value(file.node_text(key)).unwrap_or_else(|| file.node_text(key).to_string());
        if !keys.contains(&k.as_str()) {
            return None;
        }
        let value = pair.child_by_field_name("value")?;
        js_string(file, value, consts).map(|v| (value.start_byte(), v))
    })
}

/// True for an argument that can be a request handler or a mounted router.
fn is_handler_like(kind: &str) -> bool {
    matches!(
        kind,
        "arrow_function"
            | "function_expression"
            | "function"
            | "identifier"
            | "member_expression"
            | "call_expression"
            | "array"
            | "new_expression"
    )
}

fn is_js_client(receiver: &str) -> bool {
    let r = receiver.to_ascii_lowercase();
    JS_CLIENTS.contains(&r.as_str()) || r.ends_with("client")
}

/// NestJS decorators: `@Controller('health')`, `@Get('healthz')`, terminus `@HealthCheck()`.
fn js_decorator(file: &FileCtx<'_>, deco: Node<'_>, consts: &HashMap<String, String>, routes: &mut Vec<Route>) {
    let Some(inner) = named(deco).into_iter().next() else { return };
    let (name, args) = match inner.kind() {
        "call_expression" => (
            callee_name(file, inner),
            inner.child_by_field_name("arguments").map(named).unwrap_or_default(),
        ),
        "identifier" | "member_expression" => (last_ident(file, inner), vec![]),
        _ => return,
    };
    if name == "HealthCheck" {
        routes.push(Route::provider(At::Byte(deco.start_byte()), "@HealthCheck()", "@nestjs/terminus"));
        return;
    }
    let method = match name {
        "Controller" => None,
        "Get" | "Post" | "Put" | "Delete" | "Patch" | "Head" | "Options" | "All" => Some(name.to_ascii_uppercase()),
        _ => return,
    };
    let Some(arg) = args.first() else { return };
    let Some((at, p)) = nest_path(file, *arg, consts) else { return };
    let full = match method {
        Some(_) => join_path(&nest_controller_prefix(file, deco, consts).unwrap_or_default(), &p),
        None => p,
    };
    if is_health_path(&full) {
        let via = if method.is_none() { "nestjs controller" } else { "nestjs" };
        routes.push(Route::new(
            At::Byte(at),
            method,
            format!("/{}", full.trim_start_matches('/')),
            Some(via),
        ));
    }
}

/// The path of a NestJS decorator argument: `'health'` or `{ path: 'health' }`.
fn nest_path(file: &FileCtx<'_>, arg: Node<'_>, consts: &HashMap<String, String>) -> Option<(usize, String)> {
    js_string(file, arg, consts)
        .map(|v| (arg.start_byte(), v))
        .or_else(|| js_object_string(file, arg, &["path"], consts))
}

/// The `@Controller('…')` path of the class a method decorator sits in.
fn nest_controller_prefix(file: &FileCtx<'_>, deco: Node<'_>, consts: &HashMap<String, String>) -> Option<String> {
    let mut up = deco.parent();
    while let Some(n) = up {
        if n.kind() == "class_body" {
            break;
        }
        up = n.parent();
    }
    let class = up?.parent()?;
    let mut decorators = named(class);
    if let Some(export) = class.parent().filter(|p| p.kind() == "export_statement") {
        decorators.extend(named(export));
    }
    decorators.into_iter().filter(|d| d.kind() == "decorator").find_map(|d| {
        let call = named(d).into_iter().next().filter(|c| c.kind() == "call_expression")?;
        if callee_name(file, call) != "Controller" {
            return None;
        }
        let arg = call.child_by_field_name("arguments").map(named)?.into_iter().next()?;
        nest_path(file, arg, consts).map(|(_, p)| p)
    })
}

fn scan_js(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
    let mut consts: HashMap<String, String> = HashMap::new();
    let mut prefixes: HashMap<String, String> = HashMap::new();
    walk_tree(root, |n| {
        if n.kind() != "variable_declarator" {
            return;
        }
        let (Some(name), Some(value)) = (n.child_by_field_name("name"), n.child_by_field_name("value")) else {
            return;
        };
        if name.kind() != "identifier" {
            return;
        }
        let name = file.node_text(name).to_string();
        match value.kind() {
            "string" | "template_string" => {
                if let Some(v) = string_value(file.node_text(value)) {
                    consts.insert(name, v);
                }
            }
            // koa-router: `new Router({ prefix: '/health' })`.
            "new_expression" => {
                let args = value.child_by_field_name("arguments").map(named).unwrap_or_default();
                if let Some((_, p)) = args.first().and_then(|a| js_object_string(file, *a, &["prefix"], &consts)) {
                    prefixes.insert(name, p);
                }
            }
            _ => {}
        }
    });
    let mut terminus = false;
    walk_tree(root, |n| match n.kind() {
        "decorator" => js_decorator(file, n, &consts, routes),
        "identifier" if !terminus && file.node_text(n) == "TerminusModule" => {
            let mut up = n.parent();
            while let Some(p) = up {
                if p.kind() == "import_statement" {
                    return;
                }
                up = p.parent();
            }
            terminus = true;
            routes.push(Route::provider(At::Byte(n.start_byte()), "TerminusModule", "@nestjs/terminus"));
        }
        "call_expression" => js_call(file, n, &consts, &prefixes, routes),
        _ => {}
    });
}

/// Router method calls: `app.get('/health', handler)`, `app.use('/health', router)`,
/// `fastify.route({ url: '/health', … })`, `app.route('/health').get(…)`.
fn js_call(
    file: &FileCtx<'_>,
    call: Node<'_>,
    consts: &HashMap<String, String>,
    prefixes: &HashMap<String, String>,
    routes: &mut Vec<Route>,
) {
    if call.parent().is_some_and(|p| p.kind() == "decorator") {
        return;
    }
    let Some(func) = call.child_by_field_name("function") else { return };
    if func.kind() != "member_expression" {
        return;
    }
    let Some(object) = func.child_by_field_name("object") else { return };
    let method = callee_name(file, call);
    let receiver = last_ident(file, object);
    if is_js_client(receiver) {
        return;
    }
    let args = call.child_by_field_name("arguments").map(named).unwrap_or_default();
    let verb = LOWER_VERBS.contains(&method) || matches!(method, "all" | "use");
    if verb {
        let Some(first) = args.first() else { return };
        let Some(path) = js_string(file, *first, consts) else { return };
        if args.len() < 2 || !args[1..].iter().any(|a| is_handler_like(a.kind())) {
            return;
        }
        let full = match prefixes.get(file.node_text(object)) {
            Some(pre) => join_path(pre, &path),
            None => path,
        };
        if is_health_path(&full) {
            let m = (method != "use").then(|| method.to_ascii_uppercase()).filter(|m| m != "ALL");
            routes.push(Route::new(At::Byte(first.start_byte()), m, full, None));
        }
        return;
    }
    match method {
        "route" => {
            let Some(first) = args.first() else { return };
            if let Some((at, p)) = js_object_string(file, *first, &["url", "path"], consts) {
                if is_health_path(&p) {
                    let m = js_object_string(file, *first, &["method"], consts).map(|(_, m)| m.to_ascii_uppercase());
                    routes.push(Route::new(At::Byte(at), m, p, None));
                }
            } else if args.len() == 1
                && call.parent().is_some_and(|p| p.kind() == "member_expression")
                && let Some(p) = js_string(file, *first, consts).filter(|p| is_health_path(p))
            {
                routes.push(Route::new(At::Byte(first.start_byte()), None, p, None));
            }
        }
        // fastify: `app.register(healthRoutes, { prefix: '/health' })`.
        "register" => {
            if let Some((at, p)) = args.get(1).and_then(|o| js_object_string(file, *o, &["prefix"], consts))
                && is_health_path(&p)
            {
                routes.push(Route::new(At::Byte(at), None, p, Some("plugin prefix")));
            }
        }
        _ => {}
    }
}

/// Next.js file routes: `app/api/health/route.ts` (app router) and `pages/api/health.ts` (pages
/// router), also under `src/`. Returns the route path and whether it is the app router.
fn nextjs_route(path: &str) -> Option<(String, bool)> {
    let parts: Vec<&str> = path.split('/').collect();
    let (name, dirs) = parts.split_last()?;
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(ext, "ts" | "js" | "tsx" | "jsx" | "mjs") {
        return None;
    }
    let visible = |d: &&&str| !(d.starts_with('(') || d.starts_with('@') || d.starts_with('_'));
    if stem == "route" {
        let idx = dirs.iter().position(|d| *d == "app")?;
        let segs: Vec<&str> = dirs[idx + 1..].iter().filter(visible).copied().collect();
        return Some((format!("/{}", segs.join("/")), true));
    }
    let idx = dirs.iter().position(|d| *d == "pages")?;
    if dirs.get(idx + 1) != Some(&"api") {
        return None;
    }
    let mut segs: Vec<&str> = dirs[idx + 1..].to_vec();
    if stem != "index" {
        segs.push(stem);
    }
    Some((format!("/{}", segs.join("/")), false))
}

/// The export that makes a Next.js route file answer: `export function GET` (app router) or
/// `export default` (pages router).
fn nextjs_export(file: &FileCtx<'_>, root: Node<'_>, app_router: bool) -> Option<usize> {
    let mut found = None;
    walk_tree(root, |n| {
        if found.is_some() || n.kind() != "export_statement" {
            return;
        }
        if !app_router {
            if file.node_text(n).starts_with("export default") {
                found = Some(n.start_byte());
            }
            return;
        }
        let mut names = vec![];
        if let Some(decl) = n.child_by_field_name("declaration") {
            if let Some(name) = decl.child_by_field_name("name") {
                names.push(file.node_text(name));
            }
            for d in named(decl).into_iter().filter(|d| d.kind() == "variable_declarator") {
                if let Some(name) = d.child_by_field_name("name") {
                    names.push(file.node_text(name));
                }
            }
        }
        walk_tree(n, |s| {
            if s.kind() == "export_specifier"
                && let Some(a) = s.child_by_field_name("alias").or_else(|| s.child_by_field_name("name"))
            {
                names.push(file.node_text(a));
            }
        });
        if names.contains(&"GET") {
            found = Some(n.start_byte());
        }
    });
    found
}

// ───────────────────────────── Go ─────────────────────────────

fn go_string(file: &FileCtx<'_>, node: Node<'_>, consts: &HashMap<String, String>) -> Option<String> {
    match node.kind() {
        "interpreted_string_literal" | "raw_string_literal" => string_value(file.node_text(node)),
        "identifier" => consts.get(file.node_text(node)).cloned(),
        _ => None,
    }
}

/// The first expression of a `value`/`right` expression list.
fn first_expr<'t>(node: Node<'t>) -> Option<Node<'t>> {
    if node.kind() == "expression_list" {
        named(node).into_iter().next()
    } else {
        Some(node)
    }
}

fn scan_go(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
    let mut consts: HashMap<String, String> = HashMap::new();
    let mut prefixes: HashMap<String, String> = HashMap::new();
    walk_tree(root, |n| {
        let (name, value) = match n.kind() {
            "const_spec" | "var_spec" => (n.child_by_field_name("name"), n.child_by_field_name("value")),
            "short_var_declaration" | "assignment_statement" => {
                (n.child_by_field_name("left").and_then(first_expr), n.child_by_field_name("right"))
            }
            _ => return,
        };
        let (Some(name), Some(value)) = (name, value.and_then(first_expr)) else {
            return;
        };
        if name.kind() != "identifier" {
            return;
        }
        let key = file.node_text(name).to_string();
        if let Some(v) = go_string(file, value, &HashMap::new()) {
            consts.insert(key, v);
        } else if value.kind() == "call_expression" && callee_name(file, value) == "Group" {
            // gin / echo / fiber: `api := r.Group("/health")`.
            let args = value.child_by_field_name("arguments").map(named).unwrap_or_default();
            let operand = value
                .child_by_field_name("function")
                .and_then(|f| f.child_by_field_name("operand"))
                .map(|o| file.node_text(o))
                .unwrap_or("");
            if let Some(p) = args.first().and_then(|a| go_string(file, *a, &consts)) {
                let full = join_path(prefixes.get(operand).map(String::as_str).unwrap_or(""), &p);
                prefixes.insert(key, full);
            }
        }
    });
    walk_tree(root, |call| {
        if call.kind() != "call_expression" {
            return;
        }
        let Some(func) = call.child_by_field_name("function") else { return };
        if func.kind() != "selector_expression" {
            return;
        }
        let operand = func.child_by_field_name("operand").map(|o| file.node_text(o)).unwrap_or("");
        let method = callee_name(file, call);
        let args = call.child_by_field_name("arguments").map(named).unwrap_or_default();
        let client = operand == "http" || operand.to_ascii_lowercase().contains("client");
        let (index, via) = match method {
            "Heartbeat" => (0, Some("chi heartbeat middleware")),
            "HandleFunc" | "Handle" if args.len() >= 2 => (0, None),
            "GET" | "POST" | "PUT" | "DELETE" | "PATCH" | "HEAD" | "OPTIONS" | "Any" | "Get" | "Post" | "Put" | "Delete" | "Patch"
            | "Head" | "Options" | "All" | "Route" | "Mount"
                if args.len() >= 2 && !client =>
            {
                (0, None)
            }
            "Method" | "MethodFunc" | "Handler" if args.len() >= 3 && !client => (1, None),
            _ => return,
        };
        let Some(arg) = args.get(index) else { return };
        let Some(path) = go_string(file, *arg, &consts) else { return };
        let full = match prefixes.get(operand) {
            Some(pre) => join_path(pre, &path),
            None => path,
        };
        if is_health_path(&full) {
            let m = match method {
                "Heartbeat" | "HandleFunc" | "Handle" | "Any" | "All" | "Route" | "Mount" | "Method" | "MethodFunc" | "Handler" => None,
                m => Some(m.to_ascii_uppercase()),
            };
            routes.push(Route::new(At::Byte(arg.start_byte()), m, full, via));
        }
    });
}

// ───────────────────────────── Java ─────────────────────────────

fn java_string(file: &FileCtx<'_>, node: Node<'_>, consts: &HashMap<String, String>) -> Option<String> {
    match node.kind() {
        "string_literal" if !has_child_kind(node, &["string_interpolation"]) => string_value(file.node_text(node)),
        "identifier" => consts.get(file.node_text(node)).cloned(),
        _ => None,
    }
}

/// Every path an annotation's arguments name: `("/health")`, `(value = "/x")`, `(path = {"/a", "/b"})`.
fn java_annotation_paths(file: &FileCtx<'_>, args: Node<'_>, consts: &HashMap<String, String>) -> Vec<(usize, String)> {
    let mut out = vec![];
    let take = |node: Node<'_>, out: &mut Vec<(usize, String)>| {
        let items = if node.kind() == "element_value_array_initializer" {
            named(node)
        } else {
            vec![node]
        };
        for i in items {
            if let Some(v) = java_string(file, i, consts) {
                out.push((i.start_byte(), v));
            }
        }
    };
    for a in named(args) {
        if a.kind() == "element_value_pair" {
            let key = a.child_by_field_name("key").map(|k| file.node_text(k)).unwrap_or("");
            if let (true, Some(v)) = (matches!(key, "value" | "path"), a.child_by_field_name("value")) {
                take(v, &mut out);
            }
        } else {
            take(a, &mut out);
        }
    }
    out
}

/// The class-level `@RequestMapping("/api")` (or JAX-RS `@Path`) of the class a method-level
/// mapping annotation sits in; `None` for an annotation on the class itself.
fn java_class_prefix(file: &FileCtx<'_>, annotation: Node<'_>, consts: &HashMap<String, String>) -> Option<String> {
    let owner = annotation.parent().filter(|m| m.kind() == "modifiers")?.parent()?;
    if owner.kind() != "method_declaration" {
        return None;
    }
    let mut up = owner.parent();
    while let Some(n) = up {
        if matches!(n.kind(), "class_declaration" | "interface_declaration") {
            break;
        }
        up = n.parent();
    }
    let modifiers = named(up?).into_iter().find(|m| m.kind() == "modifiers")?;
    named(modifiers).into_iter().filter(|a| a.kind() == "annotation").find_map(|a| {
        let name = a.child_by_field_name("name").map(|x| last_ident(file, x))?;
        if !matches!(name, "RequestMapping" | "Path" | "Controller") {
            return None;
        }
        let args = a.child_by_field_name("arguments")?;
        java_annotation_paths(file, args, consts).into_iter().next().map(|(_, p)| p)
    })
}

fn scan_java(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
    let mut consts: HashMap<String, String> = HashMap::new();
    walk_tree(root, |n| {
        if n.kind() != "variable_declarator" {
            return;
        }
        if let (Some(name), Some(value)) = (n.child_by_field_name("name"), n.child_by_field_name("value"))
            && let Some(v) = java_string(file, value, &HashMap::new())
        {
            consts.insert(file.node_text(name).to_string(), v);
        }
    });
    walk_tree(root, |n| match n.kind() {
        "annotation" => {
            let name = n.child_by_field_name("name").map(|x| last_ident(file, x)).unwrap_or("");
            let (method, via) = match name {
                "GetMapping" => (Some("GET"), "spring"),
                "PostMapping" => (Some("POST"), "spring"),
                "PutMapping" => (Some("PUT"), "spring"),
                "DeleteMapping" => (Some("DELETE"), "spring"),
                "PatchMapping" => (Some("PATCH"), "spring"),
                "RequestMapping" => (None, "spring"),
                "Path" => (None, "jax-rs"),
                "Get" => (Some("GET"), "micronaut"),
                _ => return,
            };
            let Some(args) = n.child_by_field_name("arguments") else { return };
            let prefix = java_class_prefix(file, n, &consts).unwrap_or_default();
            let found = java_annotation_paths(file, args, &consts)
                .into_iter()
                .map(|(at, p)| (at, join_path(&prefix, &p)))
                .find(|(_, p)| is_health_path(p));
            if let Some((at, p)) = found {
                routes.push(Route::new(At::Byte(at), method.map(String::from), p, Some(via)));
            }
        }
        // WebFlux functional routes: `route(GET("/health"), handler)`, `.GET("/health", handler)`.
        "method_invocation" => {
            let name = n.child_by_field_name("name").map(|x| file.node_text(x)).unwrap_or("");
            if name != "GET" {
                return;
            }
            let args = n.child_by_field_name("arguments").map(named).unwrap_or_default();
            if let Some(first) = args.first()
                && let Some(p) = java_string(file, *first, &consts).filter(|p| is_health_path(p))
            {
                routes.push(Route::new(
                    At::Byte(first.start_byte()),
                    Some("GET".into()),
                    p,
                    Some("spring webflux"),
                ));
            }
        }
        _ => {}
    });
}

// ───────────────────────────── Rust ─────────────────────────────

mod rust {
    use super::{At, Route, is_health_path};
    use std::collections::HashMap;
    use syn::visit::{self, Visit};
    use syn::{Attribute, Expr, ExprCall, ExprMethodCall, ImplItemFn, ItemFn, ItemMod, Lit, Meta};

    /// Collects route registrations; skips `#[cfg(test)]` modules and test functions.
    pub(super) struct Routes<'c> {
        pub consts: &'c HashMap<String, String>,
        pub found: Vec<Route>,
    }

    fn at(span: proc_macro2::Span) -> At {
        let start = span.start();
        At::LineCol(start.line, start.column + 1)
    }

    /// Top-level `const HEALTH: &str = "/health";`.
    pub(super) fn consts(file: &syn::File) -> HashMap<String, String> {
        let mut out = HashMap::new();
        for item in &file.items {
            if let syn::Item::Const(c) = item
                && let Expr::Lit(l) = &*c.expr
                && let Lit::Str(s) = &l.lit
            {
                out.insert(c.ident.to_string(), s.value());
            }
        }
        out
    }

    fn is_cfg_test(attrs: &[Attribute]) -> bool {
        attrs.iter().any(|a| match &a.meta {
            Meta::List(l) => l.path.is_ident("cfg") && l.tokens.to_string().split(|c: char| !c.is_alphanumeric()).any(|w| w == "test"),
            _ => false,
        })
    }

    fn is_test_fn(attrs: &[Attribute]) -> bool {
        attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"))
    }

    impl Routes<'_> {
        fn string(&self, e: &Expr) -> Option<(At, String)> {
            match e {
                Expr::Lit(l) => match &l.lit {
                    Lit::Str(s) => Some((at(s.span()), s.value())),
                    _ => None,
                },
                Expr::Path(p) => {
                    let ident = p.path.get_ident()?;
                    self.consts.get(&ident.to_string()).map(|v| (at(ident.span()), v.clone()))
                }
                Expr::Reference(r) => self.string(&r.expr),
                _ => None,
            }
        }

        fn push(&mut self, found: Option<(At, String)>, method: Option<String>, via: &'static str) {
            if let Some((at, p)) = found
                && is_health_path(&p)
            {
                self.found.push(Route::new(at, method, p, Some(via)));
            }
        }

        /// `#[get("/health")]` (actix-web, Rocket), `#[route("/health", method = "GET")]`.
        fn attrs(&mut self, attrs: &[Attribute]) {
            for a in attrs {
                let Some(last) = a.path().segments.last() else { continue };
                let name = last.ident.to_string();
                if !matches!(
                    name.as_str(),
                    "get" | "post" | "put" | "delete" | "patch" | "head" | "options" | "route"
                ) {
                    continue;
                }
                let Meta::List(list) = &a.meta else { continue };
                let Some(proc_macro2::TokenTree::Literal(lit)) = list.tokens.clone().into_iter().next() else {
                    continue;
                };
                let Ok(s) = syn::parse2::<syn::LitStr>(proc_macro2::TokenTree::Literal(lit).into()) else {
                    continue;
                };
                let method = (name != "route").then(|| name.to_ascii_uppercase());
                self.push(Some((at(s.span()), s.value())), method, "attribute");
            }
        }
    }

    impl<'ast> Visit<'ast> for Routes<'_> {
        fn visit_item_mod(&mut self, m: &'ast ItemMod) {
            if !is_cfg_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }

        fn visit_item_fn(&mut self, f: &'ast ItemFn) {
            if is_test_fn(&f.attrs) || is_cfg_test(&f.attrs) {
                return;
            }
            self.attrs(&f.attrs);
            visit::visit_item_fn(self, f);
        }

        fn visit_impl_item_fn(&mut self, f: &'ast ImplItemFn) {
            if is_test_fn(&f.attrs) || is_cfg_test(&f.attrs) {
                return;
            }
            self.attrs(&f.attrs);
            visit::visit_impl_item_fn(self, f);
        }

        fn visit_expr_method_call(&mut self, c: &'ast ExprMethodCall) {
            let method = c.method.to_string();
            if matches!(method.as_str(), "route" | "nest" | "nest_service" | "route_service") && c.args.len() >= 2 {
                let via = match c.args.iter().nth(1) {
                    Some(Expr::MethodCall(_)) => "actix-web",
                    _ => "axum",
                };
                let via = if method == "route" { via } else { "axum nest" };
                let found = c.args.first().and_then(|a| self.string(a));
                self.push(found, None, via);
            }
            visit::visit_expr_method_call(self, c);
        }

        fn visit_expr_call(&mut self, c: &'ast ExprCall) {
            if let Expr::Path(p) = &*c.func {
                let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
                let n = segs.len();
                let last = segs.last().map(String::as_str).unwrap_or("");
                let prev = if n >= 2 { segs[n - 2].as_str() } else { "" };
                let via = match (prev, last) {
                    ("web", "resource" | "scope") => Some("actix-web"),
                    ("Resource" | "Scope", "new") => Some("actix-web"),
                    ("warp", "path") => Some("warp"),
                    _ => None,
                };
                if let Some(via) = via {
                    let found = c.args.first().and_then(|a| self.string(a));
                    self.push(found, None, via);
                }
            }
            visit::visit_expr_call(self, c);
        }
    }
}

fn scan_rust(file: &FileCtx<'_>, routes: &mut Vec<Route>) {
    let Some(ast) = file.rust_ast() else { return };
    let consts = rust::consts(ast);
    let mut v = rust::Routes {
        consts: &consts,
        found: vec![],
    };
    syn::visit::Visit::visit_file(&mut v, ast);
    routes.append(&mut v.found);
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
        let mentions = PREFILTER.as_ref().is_some_and(|re| re.is_match(file.text));
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
    use super::{HealthEndpoint, is_health_path, join_path, nextjs_route};
    use crate::engine::ctx::{FileCtx, FileInfo};
    use crate::model::Hit;
    use crate::rule::Rule;

    /// `(line, message)` of every piece of evidence the rule emits for one file.
    fn evidence(path: &str, text: &str) -> Vec<(usize, String)> {
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

    fn lines(path: &str, text: &str) -> Vec<usize> {
        evidence(path, text).into_iter().map(|(l, _)| l).collect()
    }

    #[test]
    fn python_routes() {
        let src = "from starlette.routing import Route\nfrom aiohttp import web\n\
                   routes = [Route(\"/healthz\", endpoint=h)]\n\
                   app.add_routes([web.get(\"/ping\", handler)])\n\
                   app.include_router(ops.router, prefix=\"/health\")\n\
                   app.register_blueprint(bp, url_prefix=\"/readyz\")\n\
                   requests.get(\"/health\")\n\
                   client.post(\"/health\", json={})\n\
                   x = f\"/health/{name}\"\n";
        assert_eq!(lines("app/main.py", src), vec![3, 4, 5, 6]);
        let consts = "HEALTH = \"/healthz\"\n@app.get(HEALTH)\ndef h():\n    pass\n";
        assert_eq!(lines("app/main.py", consts), vec![2]);
        // Django's path() only in a Django file.
        assert!(lines("app/util.py", "x = path(\"health/\", 1)\n").is_empty());
        // Tests and examples never count.
        assert!(lines("tests/test_api.py", "@app.get(\"/health\")\ndef h(): pass\n").is_empty());
        assert!(lines("examples/app.py", "@app.get(\"/health\")\ndef h(): pass\n").is_empty());
    }

    #[test]
    fn js_routes() {
        let src = "app.route('/health').get((req, res) => res.send('ok'));\n\
                   server.route({ method: 'GET', path: '/healthz', handler: () => 'ok' });\n\
                   app.register(healthRoutes, { prefix: '/health' });\n\
                   const HEALTH = '/readyz';\n\
                   router.get(HEALTH, handler);\n\
                   axios.get('/health', config);\n\
                   this.httpClient.get('/health', opts);\n\
                   request(app).get('/health').expect(200);\n\
                   app.get('/healthcare', handler);\n\
                   app.get(`/health/${x}`, handler);\n\
                   $.get('/health', function (d) {});\n";
        assert_eq!(lines("src/app.js", src), vec![1, 2, 3, 5]);
        let nest = "@Controller({ path: 'ops' })\nexport class Ops {\n  @Get('livez')\n  live() {}\n}\n";
        let ev = evidence("src/ops.controller.ts", nest);
        assert_eq!(ev.len(), 1);
        assert!(ev[0].1.contains("GET /ops/livez"), "{ev:?}");
    }

    #[test]
    fn go_routes() {
        let src = "package main\nfunc main() {\n\
                   r.Get(\"/healthz\", h)\n\
                   router.Handler(\"GET\", \"/ping\", h)\n\
                   r.Route(\"/health\", func(r chi.Router) {})\n\
                   http.Get(\"http://x/healthz\")\n\
                   client.Get(\"/health\", nil)\n\
                   resty.R().Get(\"/health\")\n\
                   log.Printf(\"GET /health %d\", 1)\n\
                   }\n";
        assert_eq!(lines("main.go", src), vec![3, 4, 5]);
    }

    #[test]
    fn rust_routes() {
        let src = "const P: &str = \"/livez\";\n\
                   #[rocket::get(\"/health\")]\nfn health() -> &'static str { \"ok\" }\n\
                   fn app() { let _ = Router::new().nest(\"/health\", ops()).route(P, get(h)); }\n\
                   fn w() { let _ = warp::path(\"healthz\"); }\n\
                   async fn c() { let _ = reqwest::get(\"http://x/health\").await; client.get(\"/health\"); }\n\
                   #[cfg(test)]\nmod tests { fn t() { let _ = Router::new().route(\"/health\", get(h)); } }\n";
        assert_eq!(lines("src/main.rs", src), vec![2, 4, 4, 5]);
    }

    #[test]
    fn java_routes() {
        let src = "@Path(\"/health\")\nclass A {}\n\
                   class B {\n  RouterFunction<?> r() { return route(GET(\"/readyz\"), h); }\n\
                   @GetMapping(value = {\"/orders\", \"/healthz\"})\n  Object x() { return null; }\n}\n\
                   class C { void c() { rest.getForObject(\"http://x/health\", String.class); } }\n";
        assert_eq!(lines("src/main/java/a/A.java", src), vec![1, 4, 5]);
    }

    #[test]
    fn health_paths() {
        for ok in [
            "/health",
            "/healthz",
            "/health/live",
            "/health/ready",
            "/api/health",
            "/api/v1/healthz",
            "health/",
            "^healthz/?$",
            r"^health/$",
            "GET /healthz",
            "GET /livez",
            "/readyz",
            "/_health",
            "/health-check",
            "/health_check",
            "/healthcheck",
            "/HealthCheck",
            "/heartbeat",
            "/ping",
            "/status",
            "/api/status",
            "/health/{component}",
            "health",
            "/liveness",
            "/readiness",
        ] {
            assert!(is_health_path(ok), "{ok}");
        }
        for no in [
            "/healthcare/patients",
            "/status-page",
            "/orders/{id}/status",
            "/users/:id/ping",
            "http://svc/health",
            "https://example.com/healthz",
            "",
            "/",
            "/api/users",
            "health check failed",
            "/unhealthy",
            "/pings",
        ] {
            assert!(!is_health_path(no), "{no}");
        }
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
            assert!(re.is_match(yes), "{yes}");
        }
        for no in ["from typing import Mapping", "shipping_status = 1", "# health of the team"] {
            assert!(!re.is_match(no), "{no}");
        }
    }

    #[test]
    fn joins_prefixes() {
        assert_eq!(join_path("/health", ""), "/health");
        assert_eq!(join_path("/health", "/"), "/health");
        assert_eq!(join_path("/health", "/live"), "/health/live");
        assert_eq!(join_path("/api/", "/healthz"), "/api/healthz");
        assert_eq!(join_path("", "/ping"), "/ping");
        assert_eq!(join_path("", ""), "/");
    }

    #[test]
    fn nextjs_file_routes() {
        assert_eq!(nextjs_route("app/api/health/route.ts"), Some(("/api/health".into(), true)));
        assert_eq!(
            nextjs_route("src/app/(ops)/api/healthz/route.js"),
            Some(("/api/healthz".into(), true))
        );
        assert_eq!(nextjs_route("pages/api/health.ts"), Some(("/api/health".into(), false)));
        assert_eq!(nextjs_route("src/pages/api/healthz/index.js"), Some(("/api/healthz".into(), false)));
        assert_eq!(nextjs_route("pages/health.tsx"), None);
        assert_eq!(nextjs_route("app/api/health/page.tsx"), None);
    }
}
