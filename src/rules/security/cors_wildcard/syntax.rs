//! Tree-sitter helpers the Python, JavaScript/TypeScript, Go and Java scanners of `cors-wildcard` share:
//! looking through wrappers, reading string and list literals, object keys, comment-free source text.

use super::origin_is_any;
use crate::engine::ctx::FileCtx;
use crate::rules::util::{is_string_kind, string_value, walk_tree};
use tree_sitter::Node;

fn is_comment(n: &Node<'_>) -> bool {
    n.kind().contains("comment")
}

/// A node's source text with the comments inside it cut out.
pub(super) fn text_without_comments(file: &FileCtx<'_>, n: Node<'_>) -> String {
    let mut cuts = vec![];
    walk_tree(n, |c| {
        if is_comment(&c) {
            cuts.push(c.byte_range());
        }
    });
    let mut s = String::new();
    let mut at = n.start_byte();
    for r in cuts {
        if r.start >= at {
            s.push_str(file.text.get(at..r.start).unwrap_or(""));
            at = r.end;
        }
    }
    s.push_str(file.text.get(at..n.end_byte()).unwrap_or(""));
    s
}

/// Named children, comments left out.
pub(super) fn kids<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).filter(|k| !is_comment(k)).collect()
}

/// Looks through parentheses, type assertions and Go literal elements.
pub(super) fn unwrap(mut n: Node<'_>) -> Node<'_> {
    for _ in 0..16 {
        match n.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "literal_element"
            | "type_assertion" => match kids(n).into_iter().next() {
                Some(k) => n = k,
                None => return n,
            },
            _ => return n,
        }
    }
    n
}

/// The value of a string literal node (after unwrapping), if it is one.
pub(super) fn sval(file: &FileCtx<'_>, n: Node<'_>) -> Option<String> {
    let n = unwrap(n);
    if is_string_kind(n.kind()) && n.kind() != "concatenated_string" {
        string_value(file.node_text(n))
    } else {
        None
    }
}

pub(super) fn is_true(n: Node<'_>) -> bool {
    unwrap(n).kind() == "true"
}

/// The elements of a list-like literal (`["a", "b"]`, `[]string{"a"}`, `List.of("a")`), or the node itself.
fn seq_items(n: Node<'_>) -> Vec<Node<'_>> {
    let n = unwrap(n);
    match n.kind() {
        "list" | "tuple" | "set" | "array" | "expression_list" | "element_value_array_initializer" | "array_initializer" => {
            kids(n).into_iter().map(unwrap).collect()
        }
        "composite_literal" => n
            .child_by_field_name("body")
            .map(|b| kids(b).into_iter().map(unwrap).collect())
            .unwrap_or_default(),
        "method_invocation" => n
            .child_by_field_name("arguments")
            .map(|a| kids(a).into_iter().map(unwrap).collect())
            .unwrap_or_default(),
        _ => vec![n],
    }
}

/// True when a list-like literal (or a single string) holds an entry meaning "any origin".
/// A Go/fiber comma-separated string counts each part.
pub(super) fn seq_has_any(file: &FileCtx<'_>, n: Node<'_>, regex_ok: bool) -> bool {
    seq_items(n)
        .into_iter()
        .filter_map(|i| sval(file, i))
        .any(|v| v.split(',').any(|part| origin_is_any(part, regex_ok)))
}

/// The next named sibling that is not a comment.
pub(super) fn next_value(n: Node<'_>) -> Option<Node<'_>> {
    let mut s = n.next_named_sibling();
    while let Some(x) = s {
        if !is_comment(&x) {
            return Some(x);
        }
        s = x.next_named_sibling();
    }
    None
}

/// The name of an object/dict key: an identifier or a string literal.
pub(super) fn key_name(file: &FileCtx<'_>, k: Node<'_>) -> Option<String> {
    match k.kind() {
        "property_identifier" | "identifier" | "field_identifier" => Some(file.node_text(k).to_string()),
        _ => sval(file, k),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use crate::model::Hit;

    #[test]
    fn evidence_text_drops_comments() {
        let src = "CORS_ALLOWED_ORIGINS = [  # from ops\n    \"https://a.example.com\",\n]\n";
        let hits = run("settings.py", src);
        let Some(Hit::Evidence(e)) = hits.first() else {
            panic!("no evidence: {hits:?}")
        };
        assert_eq!(e.message, "CORS restricted to `[ \"https://a.example.com\", ]`");
    }
}
