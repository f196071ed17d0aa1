//! `cors-wildcard` for JavaScript/TypeScript: cors, @koa/cors, @fastify/cors, NestJS, socket.io and hapi options.

use super::headers::scan_raw_headers;
use super::syntax::{is_true, key_name, kids, seq_has_any, sval, unwrap};
use super::{ACAO, Out, file_contains_ci, regex_matches_any};
use crate::engine::ctx::FileCtx;
use crate::rules::util::walk_tree;
use std::collections::HashMap;
use tree_sitter::Node;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum JsPkg {
    /// `cors` (Express and friends): default origin `*`.
    Cors,
    /// `@koa/cors`: default reflects the request's Origin.
    Koa,
    /// `@fastify/cors`: default origin `*`.
    Fastify,
}

fn js_pkg(source: &str) -> Option<JsPkg> {
    match source {
        "cors" => Some(JsPkg::Cors),
        "@koa/cors" | "koa-cors" | "kcors" | "koa2-cors" => Some(JsPkg::Koa),
        "@fastify/cors" | "fastify-cors" => Some(JsPkg::Fastify),
        _ => None,
    }
}

impl JsPkg {
    fn default_note(self) -> &'static str {
        match self {
            JsPkg::Cors => "(cors defaults to `*`)",
            JsPkg::Koa => "(@koa/cors reflects any request origin)",
            JsPkg::Fastify => "(@fastify/cors defaults to `*`)",
        }
    }
}

/// Dev-server and bundler configs: their CORS settings never reach production.
fn is_dev_tool_config(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "vite.config.",
        "vitest.config.",
        "webpack.config.",
        "webpack.dev.",
        "karma.conf.",
        "jest.config.",
    ]
    .iter()
    .any(|p| n.starts_with(p))
}

/// `require('x')` or `import('x')`: the package `x`.
fn js_required<'a>(file: &FileCtx<'a>, n: Node<'_>) -> Option<String> {
    let n = unwrap(n);
    let n = if n.kind() == "await_expression" {
        unwrap(kids(n).into_iter().next()?)
    } else {
        n
    };
    if n.kind() != "call_expression" {
        return None;
    }
    let f = n.child_by_field_name("function")?;
    if !matches!(file.node_text(f), "require" | "import") {
        return None;
    }
    let arg = kids(n.child_by_field_name("arguments")?).into_iter().next()?;
    sval(file, arg)
}

struct JsScope<'t, 'a> {
    bound: HashMap<&'a str, JsPkg>,
    objects: HashMap<&'a str, Node<'t>>,
    hapi: bool,
}

pub(super) fn scan_js(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let headers = file_contains_ci(file, ACAO);
    if !(file.contains("cors") || file.contains("Cors") || headers) || is_dev_tool_config(file.info.name()) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    let mut scope = JsScope {
        bound: HashMap::new(),
        objects: HashMap::new(),
        hapi: file.contains("@hapi/hapi"),
    };
    walk_tree(root, |n| match n.kind() {
        "import_statement" => {
            let Some(pkg) = n.child_by_field_name("source").and_then(|s| sval(file, s)).and_then(|s| js_pkg(&s)) else {
                return;
            };
            for clause in kids(n).into_iter().filter(|k| k.kind() == "import_clause") {
                for k in kids(clause) {
                    match k.kind() {
                        "identifier" => {
                            scope.bound.insert(file.node_text(k), pkg);
                        }
                        "namespace_import" => {
                            if let Some(id) = kids(k).into_iter().find(|i| i.kind() == "identifier") {
                                scope.bound.insert(file.node_text(id), pkg);
                            }
                        }
                        "named_imports" => {
                            for spec in kids(k) {
                                let name = spec.child_by_field_name("name").map(|x| file.node_text(x));
                                if name == Some("default")
                                    && let Some(alias) = spec.child_by_field_name("alias")
                                {
                                    scope.bound.insert(file.node_text(alias), pkg);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        "variable_declarator" => {
            let (Some(name), Some(value)) = (n.child_by_field_name("name"), n.child_by_field_name("value")) else {
                return;
            };
            if name.kind() != "identifier" {
                return;
            }
            let v = unwrap(value);
            if v.kind() == "object" {
                scope.objects.insert(file.node_text(name), v);
            } else if let Some(pkg) = js_required(file, v).and_then(|s| js_pkg(&s)) {
                scope.bound.insert(file.node_text(name), pkg);
            }
        }
        _ => {}
    });

    walk_tree(root, |n| match n.kind() {
        "call_expression" => js_call(out, &scope, n),
        "pair" => js_cors_pair(out, &scope, n),
        _ => {}
    });
    if headers {
        scan_raw_headers(out, root);
    }
}

fn js_args(call: Node<'_>) -> Vec<Node<'_>> {
    match call.child_by_field_name("arguments") {
        Some(a) if a.kind() == "arguments" => kids(a),
        _ => vec![],
    }
}

fn js_call(out: &mut Out<'_, '_, '_>, scope: &JsScope<'_, '_>, call: Node<'_>) {
    let file = out.file;
    let Some(f) = call.child_by_field_name("function").map(unwrap) else {
        return;
    };
    let args = js_args(call);
    let pkg_of = |n: Node<'_>| -> Option<JsPkg> {
        let n = unwrap(n);
        if n.kind() == "identifier" {
            scope.bound.get(file.node_text(n)).copied()
        } else {
            js_required(file, n).and_then(|s| js_pkg(&s))
        }
    };
    match f.kind() {
        "identifier" | "call_expression" => {
            if let Some(pkg @ (JsPkg::Cors | JsPkg::Koa)) = pkg_of(f) {
                let label = format!("`{}()`", file.node_text(f));
                js_options(out, scope, call, args.first().copied(), Some(pkg.default_note()), &label);
            }
        }
        "member_expression" => {
            let prop = f.child_by_field_name("property").map(|p| file.node_text(p)).unwrap_or("");
            match prop {
                "register" if args.first().and_then(|a| pkg_of(*a)) == Some(JsPkg::Fastify) => {
                    js_options(
                        out,
                        scope,
                        call,
                        args.get(1).copied(),
                        Some(JsPkg::Fastify.default_note()),
                        "`register(cors)`",
                    );
                }
                "enableCors" => {
                    js_options(out, scope, call, args.first().copied(), Some("(defaults to `*`)"), "`enableCors()`");
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// True when a JS origin option lets every origin in; the reason.
fn js_origin_any(file: &FileCtx<'_>, v: Node<'_>) -> Option<String> {
    let v = unwrap(v);
    match v.kind() {
        "true" => Some("`origin: true` reflects any request origin".into()),
        "regex" => {
            let pattern = v.child_by_field_name("pattern").map(|p| file.node_text(p)).unwrap_or("");
            regex_matches_any(pattern).then(|| format!("`origin: {}` matches every origin", file.node_text(v)))
        }
        _ => seq_has_any(file, v, false).then(|| format!("`origin: {}`", file.node_text(v))),
    }
}

/// Checks a cors options argument. `default_note` is set when omitting `origin` allows every origin.
fn js_options(
    out: &mut Out<'_, '_, '_>,
    scope: &JsScope<'_, '_>,
    call: Node<'_>,
    opts: Option<Node<'_>>,
    default_note: Option<&str>,
    label: &str,
) {
    let file = out.file;
    let Some(opts) = opts else {
        if let Some(note) = default_note {
            out.any(call.start_byte(), &format!("{label} without options {note}"), false);
        }
        return;
    };
    let mut o = unwrap(opts);
    if o.kind() == "identifier"
        && let Some(obj) = scope.objects.get(file.node_text(o))
    {
        o = *obj;
    }
    if o.kind() != "object" {
        return;
    }
    let mut origin = None;
    let mut creds = false;
    let mut opaque = false;
    for p in kids(o) {
        match p.kind() {
            "pair" => {
                let (Some(k), Some(v)) = (p.child_by_field_name("key"), p.child_by_field_name("value")) else {
                    continue;
                };
                match key_name(file, k).as_deref() {
                    Some("origin") => origin = Some(v),
                    Some("credentials") => creds = is_true(v),
                    _ => {}
                }
            }
            "shorthand_property_identifier" if file.node_text(p) == "origin" => opaque = true,
            "spread_element" => opaque = true,
            _ => {}
        }
    }
    match origin {
        Some(v) => match js_origin_any(file, v) {
            Some(why) => out.any(v.start_byte(), &why, creds),
            None if !matches!(unwrap(v).kind(), "function_expression" | "arrow_function" | "function") => {
                out.restricted_node(v.start_byte(), v)
            }
            None => {}
        },
        None if !opaque => {
            if let Some(note) = default_note {
                out.any(call.start_byte(), &format!("{label} without `origin` {note}"), creds);
            }
        }
        None => {}
    }
}

/// `{ cors: … }` options: socket.io servers, NestJS `NestFactory.create`, hapi routes, gateways.
fn js_cors_pair(out: &mut Out<'_, '_, '_>, scope: &JsScope<'_, '_>, pair: Node<'_>) {
    let file = out.file;
    let (Some(k), Some(v)) = (pair.child_by_field_name("key"), pair.child_by_field_name("value")) else {
        return;
    };
    if key_name(file, k).as_deref() != Some("cors") {
        return;
    }
    // The call the options object is passed to, if it is a direct argument.
    let call = pair
        .parent()
        .and_then(|obj| obj.parent())
        .filter(|a| a.kind() == "arguments")
        .and_then(|a| a.parent())
        .filter(|c| matches!(c.kind(), "call_expression" | "new_expression"));
    let callee = call
        .and_then(|c| c.child_by_field_name("function").or_else(|| c.child_by_field_name("constructor")))
        .map(|f| file.node_text(f))
        .unwrap_or("");
    let v = unwrap(v);
    match v.kind() {
        "true" if scope.hapi || callee.ends_with("NestFactory.create") => {
            out.any(v.start_byte(), "`cors: true` (defaults to `*`)", false);
        }
        "object" => {
            let default = (call.is_some() || scope.hapi).then_some("(defaults to `*`)");
            js_options(out, scope, pair, Some(v), default, "`cors: {…}`");
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{finding_lines, run};

    #[test]
    fn js_unbound_cors_is_silent() {
        let src = "function cors() { return (req, res, next) => next(); }\napp.use(cors());\n";
        assert!(run("src/app.js", src).is_empty());
        let src = "const cors = require('cors');\napp.use(cors());\n";
        assert_eq!(finding_lines(&run("src/app.js", src)), vec![(2, false)]);
    }

    #[test]
    fn js_options_variable() {
        let src = "import cors from 'cors';\nconst opts = {\n  origin: true,\n  credentials: true,\n};\napp.use(cors(opts));\n";
        assert_eq!(finding_lines(&run("src/app.ts", src)), vec![(3, true)]);
    }
}
