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

/// One file during the scan pass.
pub struct FileCtx<'a> {
    pub info: &'a FileInfo,
    pub text: &'a str,
    line_starts: OnceCell<Vec<usize>>,
    tree: OnceCell<Option<tree_sitter::Tree>>,
    rust: OnceCell<Option<syn::File>>,
    mask: OnceCell<crate::lexmask::Mask>,
    grams: OnceCell<crate::prefilter::Grams>,
    yaml: OnceCell<Option<Vec<serde_json::Value>>>,
    warnings: RefCell<Vec<String>>,
    parsed: std::cell::Cell<bool>,
    /// Time spent building trees, for `--stats`; one clock read per parse, which is noise next to it.
    parse_time: std::cell::Cell<std::time::Duration>,
}

impl<'a> FileCtx<'a> {
    pub fn new(info: &'a FileInfo, text: &'a str) -> FileCtx<'a> {
        FileCtx {
            info,
            text,
            line_starts: OnceCell::new(),
            tree: OnceCell::new(),
            rust: OnceCell::new(),
            mask: OnceCell::new(),
            grams: OnceCell::new(),
            yaml: OnceCell::new(),
            warnings: RefCell::new(vec![]),
            parsed: std::cell::Cell::new(false),
            parse_time: std::cell::Cell::new(std::time::Duration::ZERO),
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

    /// `self.text.contains(lit)`, answered from [`FileCtx::grams`] without reading the text again
    /// when `lit` certainly does not occur. Use it for the literal checks that decide whether a
    /// rule looks at a file at all.
    pub fn contains(&self, lit: &str) -> bool {
        self.grams().may_contain(lit.as_bytes()) && self.text.contains(lit)
    }

    /// False when no literal every match needs can occur in this file (see
    /// [`crate::prefilter::Literals`]); true means "run the regex or parse to find out".
    pub fn may_match(&self, lits: &crate::prefilter::Literals) -> bool {
        lits.may_match(self.grams())
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
                let t = self.timed(|| parse_tree(lang, self.text));
                if t.is_some() {
                    self.parsed.set(true);
                }
                t
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
                let f = self.timed(|| syn::parse_file(self.text).ok());
                if f.is_some() {
                    self.parsed.set(true);
                }
                f
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
        let Some(lang) = self.info.lang else { return true };
        !self.mask.get_or_init(|| crate::lexmask::mask(lang, self.text)).is_masked(byte)
    }

    /// The source text of a tree-sitter node.
    pub fn node_text(&self, node: tree_sitter::Node<'_>) -> &'a str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            let mut v = vec![0];
            v.extend(self.text.match_indices('\n').map(|(i, _)| i + 1));
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
        let col = self
            .text
            .get(start..byte.min(self.text.len()))
            .map(|s| s.chars().count())
            .unwrap_or(0);
        (idx + 1, col + 1)
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
        let snippet = Some(crate::redact::snippet(self.line_text(location.line)));
        Hit::Finding(Finding {
            location,
            message: message.into(),
            snippet,
        })
    }

    /// A finding at a 1-based line and column.
    pub fn finding_at_line(&self, line: usize, column: usize, message: impl Into<String>) -> Hit {
        let snippet = Some(crate::redact::snippet(self.line_text(line)));
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
