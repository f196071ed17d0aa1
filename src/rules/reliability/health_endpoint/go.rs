//! `health-endpoint` for Go: net/http mux, gin, echo, chi and fiber route registrations and groups.

use super::paths::{is_health_path, join_path};
use super::{At, Route, callee_name, named};
use crate::engine::ctx::FileCtx;
use crate::rules::util::{string_value, walk_tree};
use std::collections::HashMap;
use tree_sitter::Node;

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

pub(super) fn scan_go(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
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

#[cfg(test)]
mod tests {
    use super::super::tests::lines;

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
}
