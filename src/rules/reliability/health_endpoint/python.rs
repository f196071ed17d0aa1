//! `health-endpoint` for Python: FastAPI/Flask decorators, router and blueprint prefixes, Starlette, aiohttp and Django routes.

use super::paths::{is_health_path, join_path};
use super::{At, LOWER_VERBS, Route, callee_name, has_child_kind, named};
use crate::engine::ctx::FileCtx;
use crate::rules::util::{string_value, walk_tree};
use std::collections::HashMap;
use tree_sitter::Node;

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

pub(super) fn scan_python(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
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
    let django = file.contains("django") || file.contains("urlpatterns");
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

#[cfg(test)]
mod tests {
    use super::super::tests::lines;

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
}
