//! `cors-wildcard` for Java: Spring `@CrossOrigin`, `CorsRegistry` and `CorsConfiguration` origin lists.

use super::headers::scan_raw_headers;
use super::syntax::{is_true, kids, seq_has_any, sval};
use super::{ACAO, Out, file_contains_ci};
use crate::rules::util::walk_tree;
use tree_sitter::Node;

const JAVA_ORIGIN_METHODS: &[&str] = &[
    "allowedOrigins",
    "allowedOriginPatterns",
    "addAllowedOrigin",
    "addAllowedOriginPattern",
    "setAllowedOrigins",
    "setAllowedOriginPatterns",
];

pub(super) fn scan_java(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let headers = file_contains_ci(file, ACAO) || file.contains("ACCESS_CONTROL_ALLOW_ORIGIN");
    if !(file.contains("CrossOrigin") || file.contains("llowedOrigin") || headers) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    // `allowCredentials(true)` / `setAllowCredentials(true)`: where they are.
    let mut creds_at = vec![];
    walk_tree(root, |n| {
        if n.kind() == "method_invocation"
            && let Some(name) = n.child_by_field_name("name")
            && matches!(file.node_text(name), "allowCredentials" | "setAllowCredentials")
            && n.child_by_field_name("arguments")
                .map(kids)
                .unwrap_or_default()
                .first()
                .is_some_and(|a| is_true(*a))
        {
            creds_at.push(n.start_byte());
        }
    });
    let creds_near = |n: Node<'_>| -> bool {
        let mut scope = n;
        while let Some(p) = scope.parent() {
            scope = p;
            if matches!(p.kind(), "method_declaration" | "constructor_declaration") {
                break;
            }
        }
        creds_at.iter().any(|b| scope.byte_range().contains(b))
    };
    walk_tree(root, |n| match n.kind() {
        "marker_annotation" | "annotation" => {
            let name = n.child_by_field_name("name").map(|x| file.node_text(x)).unwrap_or("");
            if name.rsplit('.').next() == Some("CrossOrigin") {
                java_cross_origin(out, n);
            }
        }
        "method_invocation" => {
            let name = n.child_by_field_name("name").map(|x| file.node_text(x)).unwrap_or("");
            if !JAVA_ORIGIN_METHODS.contains(&name) {
                return;
            }
            let args = n.child_by_field_name("arguments").map(kids).unwrap_or_default();
            match args.iter().find(|a| seq_has_any(file, **a, false)) {
                Some(a) => out.any(a.start_byte(), &format!("`{name}({})`", file.node_text(*a)), creds_near(n)),
                None => {
                    if let Some(a) = args.first() {
                        let list: Vec<&str> = args.iter().map(|a| file.node_text(*a)).collect();
                        out.restricted(a.start_byte(), &list.join(", "));
                    }
                }
            }
        }
        _ => {}
    });
    if headers {
        scan_raw_headers(out, root);
    }
}

/// `@CrossOrigin` with no origins (Spring allows all) or with `"*"`.
fn java_cross_origin(out: &mut Out<'_, '_, '_>, ann: Node<'_>) {
    let file = out.file;
    let mut origins = vec![];
    let mut creds = false;
    for a in ann.child_by_field_name("arguments").map(kids).unwrap_or_default() {
        if a.kind() == "element_value_pair" {
            let (Some(k), Some(v)) = (a.child_by_field_name("key"), a.child_by_field_name("value")) else {
                continue;
            };
            match file.node_text(k) {
                "origins" | "value" | "originPatterns" => origins.push(v),
                "allowCredentials" => creds = sval(file, v).is_some_and(|s| s.eq_ignore_ascii_case("true")),
                _ => {}
            }
        } else {
            origins.push(a);
        }
    }
    if origins.is_empty() {
        out.any(
            ann.start_byte(),
            "`@CrossOrigin` without `origins` (Spring allows every origin)",
            creds,
        );
        return;
    }
    match origins.iter().find(|o| seq_has_any(file, **o, false)) {
        Some(o) => out.any(o.start_byte(), &format!("`@CrossOrigin(origins = {})`", file.node_text(*o)), creds),
        None => {
            let list: Vec<&str> = origins.iter().map(|o| file.node_text(*o)).collect();
            out.restricted(origins[0].start_byte(), &list.join(", "));
        }
    }
}
