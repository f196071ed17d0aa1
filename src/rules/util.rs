//! Small helpers native rules share: tree walking and string-literal handling on tree-sitter trees.

use tree_sitter::Node;

/// Visits every node of a tree in document order, without recursion (deep trees cannot overflow).
pub fn walk_tree<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>)) {
    let mut cursor = root.walk();
    loop {
        visit(cursor.node());
        if cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return;
            }
        }
    }
}

/// The value of a string literal's source text, without quotes or prefixes (`r"…"`, `f'…'`, `` `…` ``).
/// Returns `None` when the text is not a simple literal (template with substitutions, concatenation).
pub fn string_value(text: &str) -> Option<String> {
    let t = text.trim();
    let t = t.trim_start_matches(|c: char| c.is_ascii_alphabetic() && c != '"' && c != '\'');
    for q in ["\"\"\"", "'''", "\"", "'", "`"] {
        if t.len() >= 2 * q.len() && t.starts_with(q) && t.ends_with(q) {
            let inner = &t[q.len()..t.len() - q.len()];
            if q == "`" && inner.contains("${") {
                return None;
            }
            return Some(inner.to_string());
        }
    }
    None
}

/// True for node kinds that are string literals in any supported grammar.
pub fn is_string_kind(kind: &str) -> bool {
    matches!(
        kind,
        "string" | "string_literal" | "interpreted_string_literal" | "raw_string_literal" | "template_string" | "concatenated_string"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_values() {
        assert_eq!(string_value("\"*\"").as_deref(), Some("*"));
        assert_eq!(string_value("'/health'").as_deref(), Some("/health"));
        assert_eq!(string_value("r\"/x\"").as_deref(), Some("/x"));
        assert_eq!(string_value("`/a`").as_deref(), Some("/a"));
        assert_eq!(string_value("`/a/${b}`"), None);
        assert_eq!(string_value("x"), None);
    }
}
