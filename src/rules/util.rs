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

/// Like [`walk_tree`], but `visit` returns whether to descend into the node's children: a walk
/// that skips function bodies or everything after an offset stays linear in the nodes it needs.
pub fn walk_tree_pruned<'t>(root: Node<'t>, mut visit: impl FnMut(Node<'t>) -> bool) {
    let mut cursor = root.walk();
    loop {
        if visit(cursor.node()) && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.node() == root {
                return;
            }
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

/// True when an attribute list holds `#[cfg(test)]` (not `cfg(not(test))`).
pub fn has_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && match &a.meta {
                syn::Meta::List(l) => {
                    let t = l.tokens.to_string();
                    t.contains("test") && !t.contains("not")
                }
                _ => false,
            }
    })
}

/// True when an attribute list marks a test function (`#[test]`, `#[tokio::test]`, …).
pub fn has_test_attr(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test")) || has_cfg_test(attrs)
}

/// Line ranges of Rust test code inside a source file: `#[cfg(test)]` modules and `#[test]` fns.
pub fn rust_test_ranges(items: &[syn::Item], out: &mut Vec<(usize, usize)>) {
    for item in items {
        match item {
            syn::Item::Mod(m) => {
                if has_cfg_test(&m.attrs) {
                    let start = m.mod_token.span.start().line;
                    let end = m.content.as_ref().map(|(b, _)| b.span.close().end().line).unwrap_or(start);
                    out.push((start, end));
                } else if let Some((_, inner)) = &m.content {
                    rust_test_ranges(inner, out);
                }
            }
            syn::Item::Fn(f) if has_test_attr(&f.attrs) => {
                out.push((f.sig.fn_token.span.start().line, f.block.brace_token.span.close().end().line));
            }
            _ => {}
        }
    }
}

/// The verdict of a rule that needs one piece of evidence: pass with (at most `max` of) it, or
/// fail with the rule's message and no findings, since what is wrong is an absence.
pub fn require_evidence(meta: &crate::model::RuleMeta, evidence: Vec<crate::model::Evidence>, max: usize) -> crate::model::Outcome {
    if evidence.is_empty() {
        crate::model::Outcome::fail(meta.fail_message.clone(), vec![])
    } else {
        crate::model::Outcome::pass_capped(meta.pass_message.clone(), evidence, max)
    }
}

/// The lines of a text holding one of `words`, each once and in order, as (line start, end of
/// the line's first word, line end before its `\n`), given the text's ASCII-lowercased bytes
/// `folded` ([`crate::words`]): for passes that only need the lines where some word occurs, which
/// in most files are few.
pub fn lines_matching<'t>(words: &'t crate::words::Words, folded: &'t [u8]) -> impl Iterator<Item = (usize, usize, usize)> + 't {
    // Each search starts on the next line: the rest of a line that matched is not searched.
    let mut from = Some(0);
    std::iter::from_fn(move || {
        let m = words.find_at(folded, from?)?;
        let start = memchr::memrchr(b'\n', &folded[..m.start]).map_or(0, |i| i + 1);
        let end = memchr::memchr(b'\n', &folded[m.end..]).map_or(folded.len(), |i| m.end + i);
        from = (end < folded.len()).then_some(end + 1);
        Some((start, m.end, end))
    })
}

/// The largest character boundary of `text` at or before `i` (`text.len()` when `i` is past it),
/// to cut a byte budget out of text without splitting a character.
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut end = i.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_given_once_with_their_first_match() {
        let words = crate::words::Words::new(&["key"]);
        let text = "a key and key\nnone\nKEY\nlast key";
        let lines: Vec<(usize, usize, usize)> = lines_matching(&words, &crate::words::fold(text)).collect();
        assert_eq!(lines, [(0, 5, 13), (19, 22, 22), (23, 31, 31)]);
        assert_eq!(floor_char_boundary("aé", 2), 1);
        assert_eq!(floor_char_boundary("aé", 9), 3);
    }

    #[test]
    fn rust_test_regions() {
        let src = "fn a() {}\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {}\n}\n#[test]\nfn loose() {\n}\n";
        let file = syn::parse_file(src).unwrap();
        let mut r = vec![];
        rust_test_ranges(&file.items, &mut r);
        assert_eq!(r, [(3, 6), (8, 9)]);
    }

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
