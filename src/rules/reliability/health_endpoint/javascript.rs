//! `health-endpoint` for JavaScript/TypeScript: Express/Fastify/Koa router calls, NestJS decorators and terminus, Next.js file routes.

use super::paths::{is_health_path, join_path};
use super::{At, LOWER_VERBS, Route, callee_name, last_ident, named};
use crate::engine::ctx::FileCtx;
use crate::rules::util::{string_value, walk_tree};
use std::collections::HashMap;
use tree_sitter::Node;

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

pub(super) fn scan_js(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
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
    let Some(func) = call.child_by_field_name("function") else { return };
    // `Node::parent` costs the node's depth, so it is asked only of calls that may be routes.
    if func.kind() != "member_expression" || call.parent().is_some_and(|p| p.kind() == "decorator") {
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
pub(super) fn nextjs_route(path: &str) -> Option<(String, bool)> {
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
pub(super) fn nextjs_export(file: &FileCtx<'_>, root: Node<'_>, app_router: bool) -> Option<usize> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::{evidence, lines};
    use super::nextjs_route;

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
