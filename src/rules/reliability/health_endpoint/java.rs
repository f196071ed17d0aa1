//! `health-endpoint` for Java: Spring and Micronaut mapping annotations, JAX-RS `@Path`, WebFlux functional routes.

use super::paths::{is_health_path, join_path};
use super::{At, Route, has_child_kind, last_ident, named};
use crate::engine::ctx::FileCtx;
use crate::rules::util::{string_value, walk_tree};
use std::collections::HashMap;
use tree_sitter::Node;

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

pub(super) fn scan_java(file: &FileCtx<'_>, root: Node<'_>, routes: &mut Vec<Route>) {
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

#[cfg(test)]
mod tests {
    use super::super::tests::lines;

    #[test]
    fn java_routes() {
        let src = "@Path(\"/health\")\nclass A {}\n\
                   class B {\n  RouterFunction<?> r() { return route(GET(\"/readyz\"), h); }\n\
                   @GetMapping(value = {\"/orders\", \"/healthz\"})\n  Object x() { return null; }\n}\n\
                   class C { void c() { rest.getForObject(\"http://x/health\", String.class); } }\n";
        assert_eq!(lines("src/main/java/a/A.java", src), vec![1, 4, 5]);
    }
}
