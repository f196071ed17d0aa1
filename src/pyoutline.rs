//! The block structure of a Python file from its text alone, so a rule can ask "is this offset
//! inside an `async def`?" before deciding to parse.
//!
//! Python's blocks are its indentation: a statement belongs to the nearest earlier statement
//! that is indented less. Only logical lines count: lines joined by open brackets, by a trailing
//! backslash or by a multi-line string are one statement, and blank and comment-only lines are
//! none, so the lexical mask (strings and comments) and a bracket count are all that is needed.
//! For a file that compiles, the answer equals the syntax tree's; where the text is too odd to
//! be sure (unbalanced brackets, tabs in indentation), [`Outline::new`] gives up and the caller
//! parses.

use crate::lexmask::Mask;

/// The innermost function-like scope around a statement.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Module level, or a block of module-level statements.
    Module,
    /// A class body, directly (a method inside it is a [`Scope::Def`] or [`Scope::AsyncDef`]).
    Class,
    Def,
    AsyncDef,
}

/// One logical line: where it starts and the scope its code runs in (for a `def`, `async def`
/// or `class` line, that statement's own scope: its default values, decorators aside, belong to
/// it in the syntax tree too).
#[derive(Debug)]
struct Statement {
    start: usize,
    scope: Scope,
    /// The innermost `def` or `async def` statement this one belongs to, through class bodies
    /// (itself, for a `def` line), as an index into the statements.
    function: Option<usize>,
    /// Whether the statement is a decorator line (`@…`).
    decorator: bool,
}

/// The statements of a Python file, in order.
#[derive(Debug)]
pub struct Outline {
    statements: Vec<Statement>,
}

/// What a statement opens, from its first word.
fn head(b: &[u8], at: usize) -> Option<Scope> {
    let word = |at: usize, w: &[u8]| {
        b.get(at..at + w.len()) == Some(w) && !b.get(at + w.len()).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_')
    };
    if word(at, b"def") {
        return Some(Scope::Def);
    }
    if word(at, b"class") {
        return Some(Scope::Class);
    }
    if word(at, b"async") {
        // `async def`, with any spaces or backslash-newlines between the two words.
        let mut i = at + 5;
        loop {
            match b.get(i) {
                Some(b' ' | b'\t' | b'\x0c') => i += 1,
                Some(b'\\') if b.get(i + 1) == Some(&b'\n') => i += 2,
                Some(b'\\') if b.get(i + 1..i + 3) == Some(b"\r\n") => i += 3,
                _ => break,
            }
        }
        if i > at + 5 && word(i, b"def") {
            return Some(Scope::AsyncDef);
        }
    }
    None
}

impl Outline {
    /// The outline of `text`, whose lexical mask is `mask`; `None` when brackets do not balance
    /// or a statement is indented with tabs or form feeds (whose width the grammar and Python
    /// count their own ways), where only a parse can tell.
    pub fn new(text: &str, mask: &Mask) -> Option<Outline> {
        let b = text.as_bytes();
        let ranges = mask.ranges();
        let mut next_range = 0;
        let mut starts: Vec<(usize, usize, Option<Scope>)> = vec![];
        let mut depth = 0usize;
        let mut continued = false;
        let mut line_begin = Some(0);
        let mut i = 0;
        loop {
            if let Some(begin) = line_begin.take() {
                let mut j = begin;
                while j < b.len() && matches!(b[j], b' ' | b'\t' | b'\x0c') {
                    j += 1;
                }
                let blank = j >= b.len() || matches!(b[j], b'\n' | b'\r' | b'#');
                if depth == 0 && !continued && !blank {
                    if b[begin..j].iter().any(|&c| c != b' ') {
                        return None;
                    }
                    starts.push((begin, j - begin, head(b, j)));
                }
                continued = false;
                i = j;
            }
            if i >= b.len() {
                break;
            }
            while next_range < ranges.len() && ranges[next_range].1 <= i {
                next_range += 1;
            }
            if let Some(&(s, e)) = ranges.get(next_range)
                && s <= i
            {
                // A string or comment: its brackets and newlines are not the code's.
                i = e;
                next_range += 1;
                continue;
            }
            match b[i] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth = depth.checked_sub(1)?,
                b'\\' if b.get(i + 1) == Some(&b'\n') || b.get(i + 1..i + 3) == Some(b"\r\n") => {
                    continued = true;
                    i += if b[i + 1] == b'\n' { 2 } else { 3 };
                    line_begin = Some(i);
                    continue;
                }
                b'\n' => line_begin = Some(i + 1),
                _ => {}
            }
            i += 1;
        }
        if depth != 0 {
            return None;
        }
        // Scopes by indentation: the open blocks, as (indent, scope inside them, function
        // inside them).
        let mut open: Vec<(usize, Scope, Option<usize>)> = vec![];
        let statements = starts
            .into_iter()
            .enumerate()
            .map(|(k, (start, indent, head))| {
                while open.last().is_some_and(|&(i, _, _)| i >= indent) {
                    open.pop();
                }
                let (outer_scope, outer_function) = open.last().map_or((Scope::Module, None), |&(_, s, f)| (s, f));
                let scope = head.unwrap_or(outer_scope);
                let function = match head {
                    Some(Scope::Def | Scope::AsyncDef) => Some(k),
                    _ => outer_function,
                };
                open.push((indent, scope, function));
                Statement {
                    start,
                    scope,
                    function,
                    decorator: b.get(start + indent) == Some(&b'@'),
                }
            })
            .collect();
        Some(Outline { statements })
    }

    /// The scope the code at byte `at` runs in.
    pub fn scope_at(&self, at: usize) -> Scope {
        let i = self.statements.partition_point(|s| s.start <= at);
        i.checked_sub(1).map_or(Scope::Module, |i| self.statements[i].scope)
    }

    /// The byte range of the statement holding byte `at`, up to the next statement's start.
    pub fn statement_at(&self, at: usize, len: usize) -> (usize, usize) {
        let i = self.statements.partition_point(|s| s.start <= at);
        let start = i.checked_sub(1).map_or(0, |i| self.statements[i].start);
        let end = self.end_of(i, len);
        (start, end)
    }

    /// Where the statement after statement `i - 1` starts (`len` after the last).
    fn end_of(&self, i: usize, len: usize) -> usize {
        self.statements.get(i).map_or(len, |s| s.start)
    }

    /// The header of the innermost `def` or `async def` around byte `at`, looking through class
    /// bodies as the syntax tree's parent chain does: the byte range from its first decorator
    /// line to the end of its `def` statement (its parameters, and for a one-line `def` its
    /// body). `None` at module level and directly in a class at module level.
    pub fn function_at(&self, at: usize, len: usize) -> Option<(usize, usize)> {
        let i = self.statements.partition_point(|s| s.start <= at).checked_sub(1)?;
        let def = self.statements[i].function?;
        let first = self.statements[..def].iter().rev().take_while(|s| s.decorator).count();
        Some((self.statements[def - first].start, self.end_of(def + 1, len)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::Lang;

    fn outline(text: &str) -> Option<Outline> {
        Outline::new(text, &crate::lexmask::mask(Lang::Python, text))
    }

    fn scope_of(text: &str, needle: &str) -> Scope {
        let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in the text"));
        outline(text).expect("outline").scope_at(at)
    }

    #[test]
    fn statements_take_the_scope_of_the_nearest_def_above_them() {
        let text = "import time\n\
                    \n\
                    class Jobs:\n    \
                        limit = 3\n\n    \
                        async def run(self):\n        \
                            if self.limit:\n            \
                                go_async()\n\n        \
                            def helper():\n            \
                                go_sync()\n        \
                            back_async()\n\n    \
                        def stop(self):\n        \
                            go_stop()\n\
                    top_level()\n";
        assert_eq!(scope_of(text, "limit = 3"), Scope::Class);
        assert_eq!(scope_of(text, "go_async"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "go_sync"), Scope::Def);
        assert_eq!(scope_of(text, "back_async"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "go_stop"), Scope::Def);
        assert_eq!(scope_of(text, "top_level"), Scope::Module);
        assert_eq!(scope_of(text, "import"), Scope::Module);
    }

    /// Lines inside brackets, after a backslash or inside a multi-line string are not
    /// statements, whatever their indentation; comment-only lines are not either.
    #[test]
    fn continuation_lines_belong_to_their_statement() {
        let text = "async def f():\n    \
                        x = g(\n\
                    in_brackets())\n    \
                        y = 1 + \\\n\
                    after_backslash()\n    \
                        doc = \"\"\"\n\
                    def not_code():\n\
                    \"\"\"\n\
                    # a comment at column 0\n    \
                        still_async()\n\
                    async def one_line(): same_line()\n\
                    def sync_line(x=default()): pass\n\
                    async  \\\n    def spaced(): spaced_body()\n";
        assert_eq!(scope_of(text, "in_brackets"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "after_backslash"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "not_code"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "still_async"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "same_line"), Scope::AsyncDef);
        assert_eq!(scope_of(text, "default()"), Scope::Def);
        assert_eq!(scope_of(text, "spaced_body"), Scope::AsyncDef);
    }

    #[test]
    fn statement_ranges_join_continued_lines() {
        let text = "from time import (\n    sleep as nap,\n)\nx = 1\n";
        let o = outline(text).expect("outline");
        assert_eq!(
            o.statement_at(text.find("nap").unwrap_or(0), text.len()),
            (0, text.find("x = 1").unwrap_or(0))
        );
    }

    /// The header of the function around an offset: decorators, `def` line and parameters,
    /// through nested classes, and nothing at module or class level.
    #[test]
    fn function_headers_include_decorators_and_look_through_classes() {
        let text = "import x\n\
                    \n\
                    @router.get(\n    \"/items\",\n)\n\
                    # a comment between\n\
                    @cache\n\
                    async def items(\n    request,\n):\n    \
                        rows = in_items()\n\n    \
                        class Local:\n        \
                            field = in_local_class()\n\
                    class Service:\n    \
                        level = in_service()\n\n    \
                        def method(self): in_method()\n\
                    top = at_top()\n";
        let o = outline(text).expect("outline");
        let header = |needle: &str| {
            let at = text.find(needle).unwrap_or_else(|| panic!("{needle} not in the text"));
            o.function_at(at, text.len()).map(|(s, e)| &text[s..e])
        };
        let items = &text[text.find("@router").unwrap_or(0)..text.find("    rows").unwrap_or(0)];
        assert_eq!(header("in_items"), Some(items));
        assert_eq!(header("in_local_class"), Some(items));
        assert_eq!(header("@cache"), None, "a decorator runs in the scope around its function");
        assert_eq!(header("in_service"), None);
        assert_eq!(header("in_method"), Some("    def method(self): in_method()\n"));
        assert_eq!(header("at_top"), None);
        assert_eq!(header("import"), None);
    }

    #[test]
    fn odd_text_is_left_to_the_parser() {
        assert!(outline("def f(:\n    pass\n").is_none());
        assert!(outline("x = 1)\n").is_none());
        assert!(outline("async def f():\n\tgo()\n").is_none());
        assert!(outline("def f():\n    s = ')'  # (\n    go()\n").is_some());
    }
}
