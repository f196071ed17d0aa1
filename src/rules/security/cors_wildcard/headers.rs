//! Raw `Access-Control-Allow-Origin: *` headers set in code, found the same way in every tree-sitter language.

use super::syntax::{is_true, key_name, kids, next_value, seq_has_any, sval};
use super::{ACAC, ACAO, Out};
use crate::engine::ctx::FileCtx;
use crate::rules::util::{is_string_kind, walk_tree};
use tree_sitter::Node;

/// True when `n` names the header `header` (a string literal, or Java's `HttpHeaders.ACCESS_CONTROL_…`).
fn names_header(file: &FileCtx<'_>, n: Node<'_>, header: &str) -> bool {
    if is_string_kind(n.kind()) {
        return sval(file, n).is_some_and(|v| v.trim().eq_ignore_ascii_case(header));
    }
    let constant = header.to_ascii_uppercase().replace('-', "_");
    match n.kind() {
        "field_access" => n.child_by_field_name("field").is_some_and(|f| file.node_text(f) == constant),
        "identifier" => file.node_text(n) == constant && n.parent().is_none_or(|p| p.kind() != "field_access"),
        _ => false,
    }
}

/// The value the syntax pairs with a header name node: the next argument (`set("ACAO", v)`),
/// a dict/object value (`{"ACAO": v}`), Next.js `{ key: "ACAO", value: v }`, or the right side
/// of `headers["ACAO"] = v`.
fn header_value<'t>(file: &FileCtx<'_>, name: Node<'t>) -> Option<Node<'t>> {
    let mut key = name;
    let mut parent = key.parent()?;
    if parent.kind() == "literal_element" {
        key = parent;
        parent = parent.parent()?;
    }
    match parent.kind() {
        "argument_list" | "arguments" | "tuple" | "list" | "array" | "expression_list" | "literal_value" => next_value(key),
        "pair" | "keyed_element" => {
            if parent.child_by_field_name("key") == Some(key) {
                return parent.child_by_field_name("value");
            }
            let k = parent.child_by_field_name("key")?;
            if !matches!(key_name(file, k).as_deref(), Some("key" | "name")) {
                return None;
            }
            let obj = parent.parent()?;
            kids(obj).into_iter().find_map(|p| {
                let pk = p.child_by_field_name("key")?;
                (p.kind() == "pair" && key_name(file, pk).as_deref() == Some("value"))
                    .then(|| p.child_by_field_name("value"))
                    .flatten()
            })
        }
        "subscript" | "subscript_expression" | "index_expression" => {
            let mut target = parent;
            let mut up = parent.parent()?;
            if up.kind() == "expression_list" {
                target = up;
                up = up.parent()?;
            }
            if !matches!(up.kind(), "assignment" | "assignment_expression" | "assignment_statement")
                || up.child_by_field_name("left") != Some(target)
            {
                return None;
            }
            let right = up.child_by_field_name("right")?;
            if right.kind() == "expression_list" {
                kids(right).into_iter().next()
            } else {
                Some(right)
            }
        }
        _ => None,
    }
}

/// Raw `Access-Control-Allow-Origin: *` headers set in code, in any tree-sitter language.
pub(super) fn scan_raw_headers(out: &mut Out<'_, '_, '_>, root: Node<'_>) {
    let file = out.file;
    let mut stars = vec![];
    let mut explicit = vec![];
    let mut creds = false;
    walk_tree(root, |n| {
        if !matches!(n.kind(), "field_access" | "identifier") && !is_string_kind(n.kind()) {
            return;
        }
        if names_header(file, n, ACAO) {
            let Some(v) = header_value(file, n) else { return };
            if seq_has_any(file, v, false) {
                stars.push(v.start_byte());
            } else if let Some(s) = sval(file, v) {
                explicit.push((v.start_byte(), s));
            }
        } else if names_header(file, n, ACAC)
            && let Some(v) = header_value(file, n)
        {
            creds |= is_true(v) || sval(file, v).is_some_and(|s| s.trim().eq_ignore_ascii_case("true"));
        }
    });
    for b in stars {
        out.any(b, "`Access-Control-Allow-Origin: *`", creds);
    }
    for (b, s) in explicit {
        out.restricted(b, &s);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{finding_lines, run};

    #[test]
    fn raw_headers_across_languages() {
        let java = "class A {\n  void f(HttpServletResponse r, HttpHeaders h) {\n    h.add(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, \"*\");\n  }\n}\n";
        assert_eq!(finding_lines(&run("src/main/java/A.java", java)), vec![(3, false)]);
        let go = "package main\nvar h = map[string]string{\n\t\"Access-Control-Allow-Origin\": \"*\",\n}\n";
        assert_eq!(finding_lines(&run("main.go", go)), vec![(3, false)]);
        let py = "async def app(scope, receive, send):\n    await send({\"headers\": [(b\"access-control-allow-origin\", b\"*\")]})\n";
        assert_eq!(finding_lines(&run("asgi.py", py)), vec![(2, false)]);
        let js = "res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });\nres.set('Access-Control-Allow-Methods', '*');\n";
        assert_eq!(finding_lines(&run("server.js", js)), vec![(1, false)]);
    }
}
