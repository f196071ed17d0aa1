//! One file as every rule sees it: its text, read once, and its syntax tree, parsed at most once.
//!
//! Parsing is lazy: a rule asks for the tree only after a cheap literal prefilter says the file may
//! matter, so most files are never parsed. Parsers are kept one per thread and language, since
//! `Parser::parse` takes `&mut self`.

use crate::lang::Lang;
use crate::model::{Evidence, Finding, Hit, Location};
use crate::paths::Role;
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

/// Inventory entry for one file that was read.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct FileInfo {
    /// Path relative to the scanned root, `/`-separated.
    pub path: String,
    pub lang: Option<Lang>,
    pub role: Role,
    pub size: u64,
}

impl FileInfo {
    pub fn new(path: String, size: u64) -> FileInfo {
        let lang = Lang::from_path(&path);
        let role = crate::paths::classify(&path);
        FileInfo { path, lang, role, size }
    }

    /// The last path component.
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// Code that ships: source role, not tests, examples or vendored code.
    pub fn is_shipped_source(&self) -> bool {
        self.role == Role::Source
    }
}

thread_local! {
    static PARSERS: RefCell<HashMap<Lang, tree_sitter::Parser>> = RefCell::new(HashMap::new());
}

/// Parses `text` with this thread's parser for `lang`.
fn parse_tree(lang: Lang, text: &str) -> Option<tree_sitter::Tree> {
    let grammar = lang.grammar()?;
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let parser = match parsers.entry(lang) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(v) => {
                let mut p = tree_sitter::Parser::new();
                p.set_language(&grammar).ok()?;
                v.insert(p)
            }
        };
        parser.parse(text, None)
    })
}

/// Deepest syntax tree the rules walk. Rules climb with `Node::parent`, which costs the node's
/// depth, so a pathologically nested file (generated data, a fuzzer's input) would take hours;
/// real code stays under 100 levels (measured on 11,000 Python and 8,000 JS/TS/Go/Java files:
/// 99.9% under 55), generated expression tables reach a few hundred.
pub const MAX_SYNTAX_DEPTH: usize = 400;

/// Deepest bracket nesting handed to `syn`; real Rust stays under 30.
pub const MAX_RUST_BRACKETS: usize = 128;

/// Most tokens handed to `syn` on one path into the syntax tree (see [`rust_too_deep`]): chains
/// of prefix operators, references, casts or binary operators nest one level per token or two
/// without any bracket (`&&&&…x`, `1 + 1 + …`), and a debug build's parser needs tens of
/// kilobytes of stack per level. Real code stays under 100; a 100-call builder chain is about 400.
pub const MAX_RUST_RUN: usize = 500;

/// True when some node of `tree` is more than `max` levels below the root (a cursor walk,
/// stopped as soon as the answer is known).
///
/// A node's descendants lie at most as many levels below it as there are of them, and tree-sitter
/// keeps that count in each node: a subtree that cannot reach past `max` is stepped over, so real
/// code is settled at its top-level items instead of node by node.
fn deeper_than(tree: &tree_sitter::Tree, max: usize) -> bool {
    let mut cursor = tree.walk();
    let mut depth = 0usize;
    loop {
        let below = cursor.node().descendant_count().saturating_sub(1);
        if depth + below > max && cursor.goto_first_child() {
            depth += 1;
            if depth > max {
                return true;
            }
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return false;
            }
            depth -= 1;
        }
    }
}

/// Longest `else if` chain handed to `syn`: each `else` nests the rest of the chain one level
/// deeper, across braces; real chains stay in the tens.
pub const MAX_RUST_ELSE_CHAIN: usize = 1000;

/// Why a Rust file is too deeply nested for `syn` (see [`MAX_RUST_BRACKETS`], [`MAX_RUST_RUN`],
/// [`MAX_RUST_ELSE_CHAIN`]), measured on code only: a string literal counts as one token, a
/// comment as none.
///
/// What is measured approximates the depth of the syntax tree at each point: the tokens and the
/// `else`s since the last `;` or `,` of every enclosing bracket level, added up.
pub fn rust_too_deep(text: &str, mask: &crate::lexmask::Mask) -> Option<String> {
    let b = text.as_bytes();
    let ranges = mask.ranges();
    let is_word = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    // Per open bracket level, outermost first: (tokens, elses) since its last `;` or `,`.
    let mut levels: Vec<(usize, usize)> = vec![(0, 0)];
    let (mut tokens, mut elses) = (0usize, 0usize);
    // Index of the first masked range that does not end before `i`.
    let mut r = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let mut next = i + 1;
        let mut token = 0;
        let mut is_else = false;
        let mut separator = false;
        if let Some(&(start, end)) = ranges.get(r)
            && i >= start
        {
            r += 1;
            if i < end {
                // A literal is one token; a comment (doc comments too: a list of attributes,
                // not a nesting) is none.
                token = usize::from(c != b'/');
                next = end;
            }
        }
        if next == i + 1 {
            match c {
                b';' | b',' => separator = true,
                b'{' | b'(' | b'[' => {
                    levels.push((0, 0));
                    if levels.len() > MAX_RUST_BRACKETS + 1 {
                        return Some(format!("brackets nested deeper than {MAX_RUST_BRACKETS} levels"));
                    }
                }
                b'}' | b')' | b']' => {
                    if levels.len() > 1
                        && let Some(l) = levels.pop()
                    {
                        tokens -= l.0;
                        elses -= l.1;
                    }
                    // A block that nothing continues (`… + {}`, `{}.f()`, `{} else`) ends an
                    // item or a statement, like a `;`.
                    separator = c == b'}' && !continues(b, ranges, r, i + 1);
                }
                _ if is_word(c) => {
                    next = b[i..].iter().position(|&c| !is_word(c)).map_or(b.len(), |p| i + p);
                    token = 1;
                    is_else = &b[i..next] == b"else";
                }
                _ if c.is_ascii_punctuation() => token = 1,
                _ => {}
            }
        }
        if let Some(l) = levels.last_mut() {
            if separator {
                tokens -= l.0;
                elses -= l.1;
                *l = (0, 0);
            } else if is_else {
                // An `else` nests what follows one level down, whatever came before it in the
                // chain: from here on, the chain's depth is counted in `else`s.
                tokens -= l.0;
                l.0 = 0;
                l.1 += 1;
                elses += 1;
            } else {
                l.0 += token;
                tokens += token;
            }
        }
        if tokens > MAX_RUST_RUN {
            return Some(format!("more than {MAX_RUST_RUN} tokens nested without a `;` or `,`"));
        }
        if elses > MAX_RUST_ELSE_CHAIN {
            return Some(format!("an `else if` chain longer than {MAX_RUST_ELSE_CHAIN}"));
        }
        i = next;
    }
    None
}

/// True when the code after byte `from` (skipping blanks, comments and the masked ranges from
/// `r` on) continues an expression: an operator, a method call, `as` or `else`.
fn continues(b: &[u8], ranges: &[(usize, usize)], mut r: usize, mut from: usize) -> bool {
    loop {
        while from < b.len() && b[from].is_ascii_whitespace() {
            from += 1;
        }
        match ranges.get(r) {
            Some(&(start, end)) if start <= from && from < end => {
                from = end;
                r += 1;
            }
            Some(&(_, end)) if end <= from => r += 1,
            _ => break,
        }
    }
    let rest = &b[from.min(b.len())..];
    match rest.first() {
        Some(b'.' | b'?' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'|' | b'^' | b'<' | b'>' | b'=') => true,
        _ => rest.starts_with(b"as ") || rest.starts_with(b"else"),
    }
}

/// 1-based line of the first syntax error (an `ERROR` or a missing node) in a tree-sitter tree,
/// found by descending only into subtrees that contain one; `None` for a clean parse.
fn first_syntax_error(root: tree_sitter::Node<'_>) -> Option<usize> {
    if !root.has_error() {
        return None;
    }
    let mut node = root;
    loop {
        if node.is_error() || node.is_missing() {
            break;
        }
        let mut cursor = node.walk();
        let Some(child) = node.children(&mut cursor).find(|c| c.has_error()) else {
            break;
        };
        node = child;
    }
    Some(node.start_position().row + 1)
}

fn syntax_warning(line: usize) -> String {
    format!("syntax error at line {line}; checks on this file may be incomplete")
}

/// A line holding a match: (line start, end of its first match, line end before its `\n`).
pub type LineSpan = (usize, usize, usize);

/// One file during the scan pass.
pub struct FileCtx<'a> {
    pub info: &'a FileInfo,
    pub text: &'a str,
    line_starts: OnceCell<Vec<usize>>,
    newlines: OnceCell<usize>,
    tree: OnceCell<Option<tree_sitter::Tree>>,
    rust: OnceCell<Option<syn::File>>,
    mask: OnceCell<crate::lexmask::Mask>,
    /// A Python file's block structure, for the rules that ask before parsing.
    outline: OnceCell<Option<crate::pyoutline::Outline>>,
    grams: OnceCell<crate::prefilter::Grams>,
    folded: OnceCell<Vec<u8>>,
    yaml: OnceCell<Option<Vec<serde_json::Value>>>,
    /// The lines holding a word of one set (the first asked for), with that set's address.
    word_lines: OnceCell<(usize, Vec<LineSpan>)>,
    warnings: RefCell<Vec<String>>,
    parsed: std::cell::Cell<bool>,
    /// Time spent building trees, for `--stats`; one clock read per parse, which is noise next to it.
    parse_time: std::cell::Cell<std::time::Duration>,
    /// The last column computed, as (byte offset, 1-based column): columns are counted in
    /// characters, and counting from the line start for every finding on a multi-megabyte
    /// minified line is quadratic, so [`FileCtx::line_col`] counts from here when it is nearer.
    last_col: std::cell::Cell<(usize, usize)>,
    /// The last snippet made, by line: a minified file has thousands of findings on one line.
    last_snippet: RefCell<Option<(usize, String)>>,
}

impl<'a> FileCtx<'a> {
    pub fn new(info: &'a FileInfo, text: &'a str) -> FileCtx<'a> {
        FileCtx {
            info,
            text,
            line_starts: OnceCell::new(),
            newlines: OnceCell::new(),
            tree: OnceCell::new(),
            rust: OnceCell::new(),
            mask: OnceCell::new(),
            outline: OnceCell::new(),
            grams: OnceCell::new(),
            folded: OnceCell::new(),
            yaml: OnceCell::new(),
            word_lines: OnceCell::new(),
            warnings: RefCell::new(vec![]),
            parsed: std::cell::Cell::new(false),
            parse_time: std::cell::Cell::new(std::time::Duration::ZERO),
            last_col: std::cell::Cell::new((0, 1)),
            last_snippet: RefCell::new(None),
        }
    }

    /// Runs a parse and adds its duration to [`FileCtx::parse_time`].
    fn timed<T>(&self, parse: impl FnOnce() -> T) -> T {
        let start = std::time::Instant::now();
        let out = parse();
        self.parse_time.set(self.parse_time.get() + start.elapsed());
        out
    }

    /// Time spent so far building this file's syntax trees.
    pub fn parse_time(&self) -> std::time::Duration {
        self.parse_time.get()
    }

    pub fn path(&self) -> &str {
        &self.info.path
    }

    pub fn lang(&self) -> Option<Lang> {
        self.info.lang
    }

    /// The file's 4-byte windows, recorded on first use (one pass, shared by every rule).
    pub fn grams(&self) -> &crate::prefilter::Grams {
        self.grams.get_or_init(|| crate::prefilter::Grams::new(self.text.as_bytes()))
    }

    /// The text's bytes, ASCII-lowercased (same offsets), made on first use: the line-plan
    /// searches ([`crate::line_regex`]) and the word sets ([`crate::words`]) of the file look for
    /// their literals there.
    pub fn folded(&self) -> &[u8] {
        self.folded.get_or_init(|| crate::words::fold(self.text))
    }

    /// `self.text.contains(lit)`, answered from [`FileCtx::grams`] without reading the text again
    /// when `lit` certainly does not occur. Use it for the literal checks that decide whether a
    /// rule looks at a file at all.
    pub fn contains(&self, lit: &str) -> bool {
        self.grams().may_contain(lit.as_bytes()) && memchr::memmem::find(self.text.as_bytes(), lit.as_bytes()).is_some()
    }

    /// False when no literal every match needs can occur in this file (see
    /// [`crate::prefilter::Literals`]); true means "run the regex or parse to find out".
    pub fn may_match(&self, lits: &crate::prefilter::Literals) -> bool {
        lits.may_match(self.grams())
    }

    /// `gated.regex().is_match(text)`, without searching the text when the file's 4-byte windows
    /// rule out every literal a match needs.
    pub fn is_match(&self, gated: &crate::prefilter::Gated) -> bool {
        gated.may_match(self.grams()) && gated.regex().is_match(self.text)
    }

    /// [`crate::rules::util::lines_matching`] of `words` over the folded text, kept for the file
    /// when `words` is the first set asked for: several secret rules read the lines holding a
    /// secret word, and one search serves them all. Another set is searched afresh each time
    /// (correct, not shared).
    pub fn lines_matching(&self, words: &'static crate::words::Words) -> std::borrow::Cow<'_, [LineSpan]> {
        let key = std::ptr::from_ref(words) as usize;
        let (k, lines) = self
            .word_lines
            .get_or_init(|| (key, crate::rules::util::lines_matching(words, self.folded()).collect()));
        if *k == key {
            std::borrow::Cow::Borrowed(lines.as_slice())
        } else {
            std::borrow::Cow::Owned(crate::rules::util::lines_matching(words, self.folded()).collect())
        }
    }

    /// True once a syntax tree was built for this file (for scan statistics).
    pub fn was_parsed(&self) -> bool {
        self.parsed.get()
    }

    /// The tree-sitter tree, parsed on first use; `None` for Rust, non-code, or a failed parse.
    pub fn tree(&self) -> Option<&tree_sitter::Tree> {
        self.tree
            .get_or_init(|| {
                let lang = self.info.lang?;
                let tree = self.timed(|| parse_tree(lang, self.text))?;
                self.parsed.set(true);
                if deeper_than(&tree, MAX_SYNTAX_DEPTH) {
                    self.warn(format!(
                        "syntax tree nested deeper than {MAX_SYNTAX_DEPTH} levels; syntax-based checks skipped"
                    ));
                    return None;
                }
                if let Some(line) = first_syntax_error(tree.root_node()) {
                    self.warn(syntax_warning(line));
                }
                Some(tree)
            })
            .as_ref()
    }

    /// The `syn` AST of a Rust file, parsed on first use; `None` when it does not parse.
    pub fn rust_ast(&self) -> Option<&syn::File> {
        self.rust
            .get_or_init(|| {
                if self.info.lang != Some(Lang::Rust) {
                    return None;
                }
                // syn parses, visits and drops nested syntax recursively: a pathological file
                // would overflow the stack, so it is measured first.
                let mask = self.mask.get_or_init(|| crate::lexmask::mask(Lang::Rust, self.text));
                if let Some(why) = rust_too_deep(self.text, mask) {
                    self.warn(format!("{why}; syntax-based checks skipped"));
                    return None;
                }
                match self.timed(|| syn::parse_file(self.text)) {
                    Ok(f) => {
                        self.parsed.set(true);
                        Some(f)
                    }
                    Err(e) => {
                        // Span locations are 1-based; 0 means "at the end of the input".
                        let line = match e.span().start().line {
                            0 => self.text.lines().count().max(1),
                            l => l,
                        };
                        self.warn(syntax_warning(line));
                        None
                    }
                }
            })
            .as_ref()
    }

    /// The YAML documents of this file, parsed on first use (budgeted against alias bombs and deep
    /// nesting); `None` and a warning when it does not parse.
    pub fn yaml(&self) -> Option<&[serde_json::Value]> {
        self.yaml
            .get_or_init(
                || match self.timed(|| serde_saphyr::from_multiple::<serde_json::Value>(self.text)) {
                    Ok(docs) => Some(docs),
                    Err(e) => {
                        let msg = e.to_string();
                        let first = msg.lines().next().unwrap_or("parse error").trim_start_matches("error: ");
                        self.warn(format!("invalid YAML: {first}"));
                        None
                    }
                },
            )
            .as_deref()
    }

    /// Records a problem with this file for the report's warnings.
    pub fn warn(&self, message: impl Into<String>) {
        self.warnings.borrow_mut().push(message.into());
    }

    /// Takes the warnings recorded so far.
    pub fn take_warnings(&self) -> Vec<String> {
        std::mem::take(&mut *self.warnings.borrow_mut())
    }

    /// True when `byte` is code: not inside a comment or string literal. Files without a known
    /// language are all code.
    pub fn in_code(&self, byte: usize) -> bool {
        self.lexmask().is_none_or(|m| !m.is_masked(byte))
    }

    /// The file's comments and string literals, computed on first use; `None` for a file in no
    /// known language.
    pub fn lexmask(&self) -> Option<&crate::lexmask::Mask> {
        let lang = self.info.lang?;
        Some(self.mask.get_or_init(|| crate::lexmask::mask(lang, self.text)))
    }

    /// A Python file's [`crate::pyoutline::Outline`], built on first use and shared by the rules
    /// that ask; `None` for other files and where the text is too odd for one (then parse).
    pub fn py_outline(&self) -> Option<&crate::pyoutline::Outline> {
        if self.info.lang != Some(crate::lang::Lang::Python) {
            return None;
        }
        self.outline
            .get_or_init(|| self.lexmask().and_then(|m| crate::pyoutline::Outline::new(self.text, m)))
            .as_ref()
    }

    /// The source text of a tree-sitter node.
    pub fn node_text(&self, node: tree_sitter::Node<'_>) -> &'a str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    /// Newline bytes in the file, counted once: several rules need a file's length in lines, and
    /// a byte-at-a-time count over every file costs more than the SIMD search that finds them.
    pub fn newline_count(&self) -> usize {
        *self.newlines.get_or_init(|| match self.line_starts.get() {
            Some(starts) => starts.len() - 1,
            None => memchr::memchr_iter(b'\n', self.text.as_bytes()).count(),
        })
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            v
        })
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, byte: usize) -> (usize, usize) {
        let starts = self.line_starts();
        let idx = match starts.binary_search(&byte) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = starts[idx];
        let end = starts.get(idx + 1).copied().unwrap_or(usize::MAX);
        let byte = byte.min(self.text.len());
        let count = |a: usize, b: usize| self.text.get(a..b).map(|s| s.chars().count()).unwrap_or(0);
        if !self.text.is_char_boundary(byte) {
            return (idx + 1, count(start, byte) + 1);
        }
        let (last_byte, last_col) = self.last_col.get();
        let col = if (start..end).contains(&last_byte) && byte.abs_diff(last_byte) < byte - start {
            if byte >= last_byte {
                last_col + count(last_byte, byte)
            } else {
                last_col - count(byte, last_byte)
            }
        } else {
            count(start, byte) + 1
        };
        self.last_col.set((byte, col));
        (idx + 1, col)
    }

    /// The text of a 1-based line, without its newline.
    pub fn line_text(&self, line: usize) -> &'a str {
        let starts = self.line_starts();
        if line == 0 || line > starts.len() {
            return "";
        }
        let start = starts[line - 1];
        let end = starts.get(line).map(|e| e - 1).unwrap_or(self.text.len());
        self.text.get(start..end).unwrap_or("").trim_end_matches('\r')
    }

    /// The trimmed, redacted, shortened text of a 1-based line, for a finding's snippet.
    pub fn snippet(&self, line: usize) -> String {
        let mut last = self.last_snippet.borrow_mut();
        match &*last {
            Some((l, s)) if *l == line => s.clone(),
            _ => {
                let s = crate::redact::snippet(self.line_text(line));
                *last = Some((line, s.clone()));
                s
            }
        }
    }

    pub fn location(&self, byte: usize) -> Location {
        let (line, column) = self.line_col(byte);
        Location {
            path: self.info.path.clone(),
            line,
            column,
        }
    }

    /// A finding at a byte offset, with the (trimmed, redacted, shortened) line as its snippet.
    pub fn finding_at(&self, byte: usize, message: impl Into<String>) -> Hit {
        let location = self.location(byte);
        let snippet = Some(self.snippet(location.line));
        Hit::Finding(Finding {
            location,
            message: message.into(),
            snippet,
        })
    }

    /// A finding at a 1-based line and column.
    pub fn finding_at_line(&self, line: usize, column: usize, message: impl Into<String>) -> Hit {
        let snippet = Some(self.snippet(line));
        Hit::Finding(Finding {
            location: Location {
                path: self.info.path.clone(),
                line,
                column,
            },
            message: message.into(),
            snippet,
        })
    }

    /// Evidence at a byte offset.
    pub fn evidence_at(&self, byte: usize, message: impl Into<String>) -> Hit {
        Hit::Evidence(Evidence {
            location: self.location(byte),
            message: message.into(),
        })
    }

    /// Evidence at a 1-based line and column.
    pub fn evidence_at_line(&self, line: usize, column: usize, message: impl Into<String>) -> Hit {
        Hit::Evidence(Evidence {
            location: Location {
                path: self.info.path.clone(),
                line,
                column,
            },
            message: message.into(),
        })
    }

    /// Evidence about the file as a whole (its existence).
    pub fn evidence_file(&self, message: impl Into<String>) -> Hit {
        Hit::Evidence(Evidence {
            location: Location {
                path: self.info.path.clone(),
                line: 0,
                column: 0,
            },
            message: message.into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static WORD: std::sync::LazyLock<crate::words::Words> = std::sync::LazyLock::new(|| crate::words::Words::new(&["key", "token"]));
    static OTHER: std::sync::LazyLock<crate::words::Words> = std::sync::LazyLock::new(|| crate::words::Words::new(&["b"]));

    /// The kept lines of the first word set and the fresh lines of any other are both what a
    /// search of the text gives, whichever is asked first and however often.
    #[test]
    fn kept_word_lines_belong_to_their_set() {
        let text = "a key\nb\ntoken and key\nb key";
        let info = FileInfo::new("a.py".into(), text.len() as u64);
        let want = |w: &crate::words::Words| -> Vec<(usize, usize, usize)> {
            crate::rules::util::lines_matching(w, &crate::words::fold(text)).collect()
        };
        let ctx = FileCtx::new(&info, text);
        for _ in 0..2 {
            assert_eq!(*ctx.lines_matching(&WORD), want(&WORD));
            assert_eq!(*ctx.lines_matching(&OTHER), want(&OTHER));
        }
        assert!(matches!(ctx.lines_matching(&WORD), std::borrow::Cow::Borrowed(_)));
        assert_eq!(want(&WORD).len(), 3);
        let other_first = FileCtx::new(&info, text);
        assert_eq!(*other_first.lines_matching(&OTHER), want(&OTHER));
        assert_eq!(*other_first.lines_matching(&WORD), want(&WORD));
    }

    /// The newline count is the same whether it is counted afresh or read from line starts that
    /// an earlier finding built.
    #[test]
    fn newline_count_agrees_with_line_starts() {
        let text = "a\n\nb\r\nc";
        let info = FileInfo::new("a.txt".into(), text.len() as u64);
        let fresh = FileCtx::new(&info, text).newline_count();
        let after = FileCtx::new(&info, text);
        assert_eq!(after.line_col(text.len()).0, 4);
        assert_eq!((fresh, after.newline_count()), (3, 3));
    }

    /// Columns from the remembered position equal columns counted from the line start, in any
    /// order of offsets, across lines and multi-byte characters.
    #[test]
    fn columns_count_characters_whatever_the_order_of_offsets() {
        let text = "héllo wörld\nçà et là — fin\n\nabc\u{1F600}def\nlast";
        let info = FileInfo::new("a.txt".into(), text.len() as u64);
        let naive = |byte: usize| {
            let start = text[..byte].rfind('\n').map_or(0, |i| i + 1);
            (text[..byte].matches('\n').count() + 1, text[start..byte].chars().count() + 1)
        };
        let offsets: Vec<usize> = (0..=text.len()).filter(|&b| text.is_char_boundary(b)).collect();
        let ctx = FileCtx::new(&info, text);
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(offsets.iter().step_by(3).chain(offsets.iter().rev().step_by(2)));
        for b in order {
            assert_eq!(ctx.line_col(b), naive(b), "byte {b}");
        }
    }

    /// The depth of the deepest node, by visiting every node.
    fn max_depth(node: tree_sitter::Node<'_>) -> usize {
        let mut cursor = node.walk();
        node.children(&mut cursor).map(|c| 1 + max_depth(c)).max().unwrap_or(0)
    }

    /// Stepping over subtrees too small to reach the limit answers as a walk of every node does,
    /// at every limit around the tree's real depth.
    #[test]
    fn depth_check_agrees_with_a_full_walk() {
        let nested = |n: usize| format!("x = {}1{}\n", "[".repeat(n), "]".repeat(n));
        let chain = |n: usize| format!("y = {}\n", vec!["1"; n].join(" + "));
        let texts = [
            (Lang::Python, "def f():\n    return g(1, [2, {3: (4,)}])\n".to_string()),
            (Lang::Python, nested(30)),
            (Lang::Python, format!("{}{}{}", chain(150), nested(5), "z = 1\n".repeat(50))),
            (
                Lang::JavaScript,
                "function f() { if (a) { return [b, {c: d}]; } }\nconst z = 1;\n".to_string(),
            ),
            (Lang::JavaScript, format!("const a = {};\n", "(".repeat(60) + "1" + &")".repeat(60))),
        ];
        for (lang, text) in texts {
            let tree = parse_tree(lang, &text).unwrap();
            let depth = max_depth(tree.root_node());
            assert!(depth > 5, "{text}");
            for max in [0, 1, depth / 2, depth - 1, depth, depth + 1, depth * 2] {
                assert_eq!(deeper_than(&tree, max), depth > max, "max {max}, depth {depth}: {text}");
            }
        }
    }

    fn too_deep(text: &str) -> Option<String> {
        rust_too_deep(text, &crate::lexmask::mask(Lang::Rust, text))
    }

    /// Every Rust file of this crate passes the nesting guard; pathological shapes do not.
    #[test]
    fn the_rust_nesting_guard_passes_real_code_and_stops_pathological_code() {
        let mut stack = vec![std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src"))];
        let mut seen = 0;
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    assert_eq!(too_deep(&text), None, "{}", p.display());
                    seen += 1;
                }
            }
        }
        assert!(seen > 50);
        let n = 2_000;
        assert!(too_deep(&format!("fn f() {{ {}1{} }}", "(".repeat(n), ")".repeat(n))).is_some());
        assert!(too_deep(&format!("fn f() {{ let x: {}u8 = 1; }}", "&".repeat(n))).is_some());
        assert!(too_deep(&format!("fn f() {{ 1{} }}", " + {1}".repeat(n))).is_some());
        assert!(too_deep(&format!("fn f() {{ {}{{}} }}", "if a {} else ".repeat(n))).is_some());
        assert!(too_deep(&format!("fn f() {{ {}1{} }}", "&&{ ".repeat(n), " }".repeat(n))).is_some());
        // Long but flat: statements, items, match arms, list items, comments, strings.
        let flat = format!(
            "{}\nfn f() {{ {} }}\n{}\nconst T: [u8; {n}] = [{}];\nfn g(x: u8) -> u8 {{ match x {{ {} _ => 0 }} }}\n",
            "/// doc line with & and + and .\n".repeat(n),
            "let a = b.c(d);\n".repeat(n),
            "fn h() {}\n".repeat(n),
            "1, ".repeat(n),
            "0 => { 1 }\n".repeat(n),
        );
        assert_eq!(too_deep(&flat), None);
    }
}
