//! A regex searched only at the starts of the lines that can hold a match.
//!
//! Rule patterns are often written `^[ \t]*(?:[^ \t\n#][^\n]*?)?\bCREATE\s+INDEX` so that a
//! commented-out line does not count. The leading `^…*?` hides the literal from the regex
//! engine's own prefilter, so a plain search runs its automaton over every byte of every file
//! that passes the file-level gate, and on a large tree those patterns cost more than parsing.
//!
//! When every branch of a pattern begins with a multi-line `^` and requires a literal before
//! anything that can match a line break ([`crate::prefilter::line_start_literals`]), every match
//! starts at the start of a line holding that literal. Then it is enough to find the literals
//! (one vectorised literal search) and to try the pattern anchored at the start of each such line.
//! The literals are ASCII lowercase and are searched case-sensitively in an ASCII-lowercased
//! copy of the text, which has the same byte offsets: an exact literal set is a plain Teddy
//! search, where a case-insensitive one is many case variants checked by an automaton.
//! The matches are those of [`regex::Regex::find_iter`]: a search finds the leftmost start, and
//! at a given start leftmost-first semantics prefer the same match an anchored search returns.
//! Any other pattern is searched the plain way.
//!
//! Compiling is deferred: a built-in rule set holds hundreds of patterns, most of which a given
//! tree never reaches, and compiling them all before the first file is read was most of a small
//! scan's time. [`LineRegex::lazy`] checks the syntax only and compiles each part on first use;
//! [`LineRegex::new`] compiles the plain regex at once, so size-limit errors surface where a
//! user's pattern is loaded. In line mode only [`LineRegex::captures_iter`] needs the plain
//! regex, so most patterns never build it.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::OnceLock;

/// A pattern, with the line-start plan when its syntax allows one; each part is compiled on
/// first use and then shared by every thread.
#[derive(Debug)]
pub struct LineRegex {
    pattern: String,
    size_limit: usize,
    /// The pattern for a plain search; `None` inside when it does not compile (possible only for
    /// [`LineRegex::lazy`] patterns over the size limit, which then match nothing).
    plain: OnceLock<Option<regex::Regex>>,
    /// The literals of the line plan (ASCII lowercase), when the syntax allows one.
    plan: Option<Vec<Vec<u8>>>,
    /// The compiled plan; `None` inside falls back to the plain search.
    lines: OnceLock<Option<Lines>>,
}

#[derive(Debug)]
struct Lines {
    /// Finds the literals (ASCII lowercase) every match's first line holds, in the
    /// ASCII-lowercased text.
    literals: regex::bytes::Regex,
    /// The pattern under `\A`: a match starting exactly where the search starts, or none.
    anchored: regex::Regex,
}

impl LineRegex {
    /// Compiles `pattern` in multi-line mode (`^` and `$` match at line breaks), with
    /// `size_limit` as [`regex::RegexBuilder::size_limit`]: every error, size included, is
    /// reported here.
    pub fn new(pattern: &str, size_limit: usize) -> Result<LineRegex, regex::Error> {
        let hir = parse(pattern)?;
        let plain = build(pattern, size_limit)?;
        let mut r = LineRegex::planned(pattern, size_limit, &hir);
        r.plain = OnceLock::from(Some(plain));
        Ok(r)
    }

    /// Like [`LineRegex::new`], but only the syntax is checked now; the automata are built on
    /// first use. For built-in patterns, which the test suite compiles in full.
    pub fn lazy(pattern: &str, size_limit: usize) -> Result<LineRegex, regex::Error> {
        let hir = parse(pattern)?;
        Ok(LineRegex::planned(pattern, size_limit, &hir))
    }

    /// The pattern, nothing compiled yet, with the line plan its syntax `hir` allows.
    fn planned(pattern: &str, size_limit: usize, hir: &regex_syntax::hir::Hir) -> LineRegex {
        LineRegex {
            pattern: pattern.to_string(),
            size_limit,
            plain: OnceLock::new(),
            plan: crate::prefilter::line_start_literals(hir),
            lines: OnceLock::new(),
        }
    }

    /// Builds every part now (for tests of built-in patterns). An error is the plain pattern's; a
    /// line plan that does not build falls back to the plain search, as it always did.
    pub fn compile(&self) -> Result<(), regex::Error> {
        if self.regex().is_none() {
            build(&self.pattern, self.size_limit)?;
        }
        self.lines();
        Ok(())
    }

    /// The pattern as compiled for a plain search.
    pub fn regex(&self) -> Option<&regex::Regex> {
        self.plain.get_or_init(|| build(&self.pattern, self.size_limit).ok()).as_ref()
    }

    fn lines(&self) -> Option<&Lines> {
        let literals = self.plan.as_ref()?;
        self.lines
            .get_or_init(|| {
                Some(Lines {
                    literals: regex::bytes::Regex::new(&byte_alternation(literals)).ok()?,
                    // The group keeps the pattern's own flags and alternation inside `\A`.
                    anchored: build(&format!(r"\A(?:{})", self.pattern), self.size_limit).ok()?,
                })
            })
            .as_ref()
    }

    /// The first match, as [`LineRegex::find_iter`] gives it.
    pub fn find(&self, text: &str) -> Option<Range<usize>> {
        self.find_iter(text).next()
    }

    /// The groups of each match of [`LineRegex::find_iter`]: the leftmost match from a match's
    /// start is that match, so only its own span is searched again.
    pub fn captures_iter<'r, 't>(&'r self, text: &'t str) -> impl Iterator<Item = regex::Captures<'t>> + use<'r, 't> {
        let plain = self.regex();
        self.matches(text, None)
            .filter_map(move |m| plain.and_then(|re| re.captures_at(text, m.start)))
    }

    /// [`LineRegex::captures_iter`] given the text's ASCII-lowercased bytes, as
    /// [`LineRegex::find_iter_folded`].
    pub fn captures_iter_folded<'r, 't>(
        &'r self,
        text: &'t str,
        folded: &'t [u8],
    ) -> impl Iterator<Item = regex::Captures<'t>> + use<'r, 't> {
        let plain = self.regex();
        self.find_iter_folded(text, folded)
            .filter_map(move |m| plain.and_then(|re| re.captures_at(text, m.start)))
    }

    /// Whether searches go line by line (for tests and `--stats` curiosity).
    pub fn by_lines(&self) -> bool {
        self.lines().is_some()
    }

    /// The byte ranges of the successive non-overlapping matches in `text`, as
    /// [`regex::Regex::find_iter`] gives them.
    pub fn find_iter<'r, 't>(&'r self, text: &'t str) -> Matches<'r, 't> {
        self.matches(text, None)
    }

    /// [`LineRegex::find_iter`] given `folded`, the text's ASCII-lowercased bytes (see
    /// [`crate::engine::ctx::FileCtx::folded`]), which a line search would otherwise make itself.
    pub fn find_iter_folded<'r, 't>(&'r self, text: &'t str, folded: &'t [u8]) -> Matches<'r, 't> {
        debug_assert_eq!(folded.len(), text.len());
        self.matches(text, Some(folded))
    }

    /// The matches in `text`; a line search uses `folded` when given and folds the text itself
    /// otherwise.
    fn matches<'r, 't>(&'r self, text: &'t str, folded: Option<&'t [u8]>) -> Matches<'r, 't> {
        Matches(match self.lines() {
            None => match self.regex() {
                Some(re) => Inner::Plain(re.find_iter(text)),
                None => Inner::Empty,
            },
            Some(lines) => Inner::Lines {
                lines,
                text,
                folded: match folded {
                    Some(f) => Cow::Borrowed(f),
                    None => Cow::Owned(crate::words::fold(text)),
                },
                next: 0,
                line_end: 0,
            },
        })
    }
}

/// A byte pattern matching exactly the `literals`, case-sensitively (the regex engine searches an
/// all-literal pattern with its literal searchers alone).
fn byte_alternation(literals: &[Vec<u8>]) -> String {
    let mut out = String::from("(?-u:");
    for (i, lit) in literals.iter().enumerate() {
        if i > 0 {
            out.push('|');
        }
        crate::words::push_bytes(&mut out, lit);
    }
    out.push(')');
    out
}

/// The pattern's syntax, read as [`build`] reads it; an error reads as [`build`]'s would.
fn parse(pattern: &str) -> Result<regex_syntax::hir::Hir, regex::Error> {
    regex_syntax::ParserBuilder::new()
        .multi_line(true)
        .build()
        .parse(pattern)
        .map_err(|e| regex::Error::Syntax(e.to_string()))
}

/// The pattern in multi-line mode, within `size_limit`.
fn build(pattern: &str, size_limit: usize) -> Result<regex::Regex, regex::Error> {
    regex::RegexBuilder::new(pattern).multi_line(true).size_limit(size_limit).build()
}

/// Iterator of [`LineRegex::find_iter`].
pub struct Matches<'r, 't>(Inner<'r, 't>);

enum Inner<'r, 't> {
    /// A pattern that failed to compile: no matches.
    Empty,
    Plain(regex::Matches<'r, 't>),
    Lines {
        lines: &'r Lines,
        text: &'t str,
        /// The text, ASCII-lowercased.
        folded: Cow<'t, [u8]>,
        /// Where the next match may start: the end of the last one.
        next: usize,
        /// The end (after its `\n`) of the last line tried; always a line start, and where the
        /// literal search resumes.
        line_end: usize,
    },
}

impl Iterator for Matches<'_, '_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let (lines, text, folded, next, line_end) = match &mut self.0 {
            Inner::Empty => return None,
            Inner::Plain(m) => return m.next().map(|m| m.range()),
            Inner::Lines {
                lines,
                text,
                folded,
                next,
                line_end,
            } => (*lines, *text, &**folded, next, line_end),
        };
        let bytes = text.as_bytes();
        while *line_end < bytes.len() {
            let at = lines.literals.find_at(folded, *line_end)?.start();
            // Searching back only to the last line tried keeps a long line linear.
            let start = memchr::memrchr(b'\n', &bytes[*line_end..at]).map_or(*line_end, |i| *line_end + i + 1);
            // The rest of the line needs no literal search: the line is tried once.
            *line_end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1);
            if start < *next {
                // The line starts inside the previous match.
                continue;
            }
            if let Some(m) = lines.anchored.find(&text[start..]) {
                *next = start + m.end();
                return Some(start + m.start()..start + m.end());
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(pattern: &str, text: &str) -> Vec<Range<usize>> {
        regex::RegexBuilder::new(pattern)
            .multi_line(true)
            .build()
            .unwrap()
            .find_iter(text)
            .map(|m| m.range())
            .collect()
    }

    #[test]
    fn line_anchored_patterns_search_by_lines() {
        for p in [
            r"(?i)^[ \t]*(?:[^ \t\n-][^\n]*?)?(?-u:\b)CREATE\s+(?:UNIQUE\s+)?INDEX(?-u:\b)",
            r"^[^#\n]*(?:@\w+\.(?:get|route)\s*\(|(?-u:\b)path\s*\()",
            r"^[ \t]*include:[^\n]*prometheus|^[ \t]*management\.endpoints",
            r"^[ \t]*(?:from\s+locust\b|import\s+locust\b)",
        ] {
            assert!(LineRegex::new(p, 1 << 22).unwrap().by_lines(), "{p}");
        }
        for p in [
            // Not at a line start.
            r"gorm:[^\n]*index",
            // A branch without `^`.
            r"^import foo|require\(",
            // A line break may come before the only literal, here or in the other branch.
            r"^\s*[\w.]+\s*=\s*True",
            r"^[ \t]*include:|^\s*management\.endpoints",
            // No literal at all.
            r"^[ \t]*\w+\(",
        ] {
            assert!(!LineRegex::new(p, 1 << 22).unwrap().by_lines(), "{p}");
        }
    }

    #[test]
    fn matches_equal_a_plain_search() {
        let patterns = [
            r"(?i)^[ \t]*(?:[^ \t\n-][^\n]*?)?(?-u:\b)CREATE\s+(?:UNIQUE\s+)?INDEX(?-u:\b)",
            r"^[^#\n]*(?:@\w+\.(?:get|route)\s*\(|(?-u:\b)path\s*\()",
            r"^[ \t]*include:[^\n]*prometheus|^[ \t]*management\.endpoints",
            r"^[ \t]*(?:from\s+locust\b|import\s+locust\b)",
            r"(?i)^[^\n]*key[^\n]*$",
            r"(?i)^[ \t]*status\b",
            r"^abc|^abcabc",
        ];
        let texts = [
            "",
            "create index\n",
            "-- CREATE INDEX ix ON t(a);\nCREATE\n  UNIQUE INDEX ix ON t(a);\n  create index x; create index y;\n",
            "x = 1\n@app.get (\n# path(\n  path (\n@a.route\n(",
            "\n\n  include: health,prometheus\n  management.endpoints.web\nmanagement.endpoints\n",
            "from locust import HttpUser\n  import   locust\nimport locusts\n#import locust\n",
            "KEY\nno\nkey key\n\u{212a}ey\nmonkey\r\n",
            "  \u{17f}tatus\nSTATUS\n\tStatus ok\nstatusbar\n",
            "abcabc\nabc\nabcabcabcabc\nxabc\n",
            "a very long line with create index at its end and another create index\n",
        ];
        for p in patterns {
            let r = LineRegex::new(p, 1 << 22).unwrap();
            assert!(r.by_lines(), "{p}");
            for t in texts {
                assert_eq!(r.find_iter(t).collect::<Vec<_>>(), plain(p, t), "{p} on {t:?}");
                let folded = crate::words::fold(t);
                assert_eq!(r.find_iter_folded(t, &folded).collect::<Vec<_>>(), plain(p, t), "{p} on {t:?}");
            }
        }
    }

    #[test]
    fn captures_are_those_of_each_match() {
        let p = r#"^[^#\n]*['"]DEFAULT_PAGINATION_CLASS['"]\s*:\s*([^\s,}]+)"#;
        let r = LineRegex::new(p, 1 << 22).unwrap();
        assert!(r.by_lines());
        let t = "X = {\n  # 'DEFAULT_PAGINATION_CLASS': None,\n  'DEFAULT_PAGINATION_CLASS': 'a.B', \"DEFAULT_PAGINATION_CLASS\": c\n}";
        let plain = regex::RegexBuilder::new(p).multi_line(true).build().unwrap();
        let want: Vec<(usize, String)> = plain
            .captures_iter(t)
            .map(|c| (c.get(0).unwrap().start(), c[1].to_string()))
            .collect();
        let got: Vec<(usize, String)> = r.captures_iter(t).map(|c| (c.get(0).unwrap().start(), c[1].to_string())).collect();
        assert_eq!(got, want);
        assert_eq!(want.len(), 1);
    }

    #[test]
    fn plain_patterns_behave_as_the_regex() {
        let p = r"gorm:[^\n]*index";
        let t = "x `gorm:\"index\"`\ny `gorm:\"uniqueIndex\"`";
        assert_eq!(LineRegex::new(p, 1 << 22).unwrap().find_iter(t).collect::<Vec<_>>(), plain(p, t));
    }

    #[test]
    fn invalid_patterns_are_errors() {
        assert!(LineRegex::new("(unclosed", 1 << 22).is_err());
        let e = LineRegex::lazy("(unclosed", 1 << 22).unwrap_err();
        assert_eq!(e.to_string(), LineRegex::new("(unclosed", 1 << 22).unwrap_err().to_string());
    }

    #[test]
    fn lazy_patterns_match_as_compiled_ones() {
        let t = "create index a;\n  -- create index b\nx create index c\n";
        for p in [r"(?i)^[ \t]*(?:[^ \t\n-][^\n]*?)?(?-u:\b)CREATE\s+INDEX", r"index [a-z]"] {
            let (now, lazy) = (LineRegex::new(p, 1 << 22).unwrap(), LineRegex::lazy(p, 1 << 22).unwrap());
            assert_eq!(lazy.find_iter(t).collect::<Vec<_>>(), now.find_iter(t).collect::<Vec<_>>(), "{p}");
            assert_eq!(lazy.by_lines(), now.by_lines(), "{p}");
            assert!(lazy.compile().is_ok());
        }
    }

    #[test]
    fn a_lazy_pattern_over_the_size_limit_matches_nothing_and_says_why() {
        // Valid syntax, far over a 1 KiB automaton.
        let p = r"^\w{50}x";
        assert!(LineRegex::new(p, 1 << 10).is_err());
        let lazy = LineRegex::lazy(p, 1 << 10).unwrap();
        let t = format!("{}x\n", "a".repeat(50));
        assert_eq!(lazy.find_iter(&t).count(), 0);
        assert_eq!(lazy.captures_iter(&t).count(), 0);
        assert!(lazy.compile().is_err());
        assert_eq!(LineRegex::lazy(p, 1 << 22).unwrap().find_iter(&t).count(), 1);
    }
}
