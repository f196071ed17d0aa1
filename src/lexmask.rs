//! Tells code from comments and string literals, cheaply, without a full parse.
//!
//! Regex detectors run first because they are fast; this mask then rejects matches that sit in a
//! comment, a docstring or a string literal (`"process.env.X"` in a test message, a regex that
//! mentions `env::var(`). One linear pass per file, computed only when a detector asks.

use crate::lang::Lang;

/// Byte ranges of a file that are not code: comments and string literals, sorted.
#[derive(Debug, Default)]
pub struct Mask {
    ranges: Vec<(usize, usize)>,
}

impl Mask {
    /// The masked byte ranges, `[start, end)`, sorted and disjoint.
    pub fn ranges(&self) -> &[(usize, usize)] {
        &self.ranges
    }

    /// True when `byte` is inside a comment or string literal.
    pub fn is_masked(&self, byte: usize) -> bool {
        match self.ranges.binary_search_by(|&(s, _)| s.cmp(&byte)) {
            Ok(_) => true,
            Err(0) => false,
            Err(i) => byte < self.ranges[i - 1].1,
        }
    }
}

/// Computes the mask of `text` for `lang`.
pub fn mask(lang: Lang, text: &str) -> Mask {
    let b = text.as_bytes();
    let mut ranges = vec![];
    let mut i = 0;
    // Open template-literal substitutions (`${`), as brace depths, for the JS family.
    let mut template_stack: Vec<usize> = vec![];
    let mut depth = 0usize;
    let js = lang.is_js_family();
    let starts = starts_of(lang);
    while i < b.len() {
        // Most bytes open nothing: skip them without walking the match below.
        match b[i..].iter().position(|&x| starts[x as usize]) {
            Some(p) => i += p,
            None => break,
        }
        let c = b[i];
        let next = b.get(i + 1).copied().unwrap_or(0);
        match c {
            b'#' if lang == Lang::Python => {
                let end = find_byte(b, i, b'\n');
                ranges.push((i, end));
                i = end;
            }
            b'/' if lang != Lang::Python && next == b'/' => {
                let end = find_byte(b, i, b'\n');
                ranges.push((i, end));
                i = end;
            }
            b'/' if lang != Lang::Python && next == b'*' => {
                let end = find_seq(b, i + 2, b"*/").map(|e| e + 2).unwrap_or(b.len());
                ranges.push((i, end));
                i = end;
            }
            b'"' | b'\'' if lang == Lang::Python => {
                let triple = b.get(i..i + 3).is_some_and(|s| s[0] == c && s[1] == c && s[2] == c);
                let end = if triple {
                    find_seq(b, i + 3, &[c, c, c]).map(|e| e + 3).unwrap_or(b.len())
                } else {
                    quoted_end(b, i + 1, c, true)
                };
                ranges.push((i, end));
                i = end;
            }
            b'r' if lang == Lang::Rust && (next == b'"' || next == b'#') && !prev_is_ident(b, i) => {
                let mut j = i + 1;
                while j < b.len() && b[j] == b'#' {
                    j += 1;
                }
                if b.get(j) == Some(&b'"') {
                    let hashes = j - i - 1;
                    let mut close = vec![b'"'];
                    close.extend(std::iter::repeat_n(b'#', hashes));
                    let end = find_seq(b, j + 1, &close).map(|e| e + close.len()).unwrap_or(b.len());
                    ranges.push((i, end));
                    i = end;
                } else {
                    i += 1;
                }
            }
            b'\'' if lang == Lang::Rust => {
                // A char literal (`'x'`, `'\n'`), not a lifetime (`'a`).
                if next == b'\\' || b.get(i + 2) == Some(&b'\'') {
                    let end = quoted_end(b, i + 1, b'\'', true);
                    ranges.push((i, end));
                    i = end;
                } else {
                    i += 1;
                }
            }
            b'`' if lang == Lang::Go => {
                let end = find_byte(b, i + 1, b'`').saturating_add(1).min(b.len());
                ranges.push((i, end));
                i = end;
            }
            b'`' if js => {
                // Template literal: masked except for `${ … }` substitutions, which are code.
                i = template_chunk(b, i, i + 1, &mut ranges, &mut depth, &mut template_stack);
            }
            b'{' if js => {
                depth += 1;
                i += 1;
            }
            b'}' if js => {
                if template_stack.last() == Some(&depth) {
                    template_stack.pop();
                    depth = depth.saturating_sub(1);
                    // Back inside the template literal: mask up to its end or the next `${`.
                    i = template_chunk(b, i, i + 1, &mut ranges, &mut depth, &mut template_stack);
                } else {
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
            }
            b'"' | b'\'' if lang != Lang::Python && lang != Lang::Rust || c == b'"' => {
                let end = quoted_end(b, i + 1, c, false);
                ranges.push((i, end));
                i = end;
            }
            _ => i += 1,
        }
    }
    Mask { ranges }
}

/// The bytes at which `mask` may open a comment or literal (or track a template brace) for
/// `lang`; every other byte is code and is skipped in bulk.
fn starts_of(lang: Lang) -> [bool; 256] {
    let mut t = [false; 256];
    let mut set = |bytes: &[u8]| bytes.iter().for_each(|&x| t[x as usize] = true);
    set(b"\"'");
    match lang {
        Lang::Python => set(b"#"),
        Lang::Rust => set(b"/r"),
        Lang::Go => set(b"/`"),
        l if l.is_js_family() => set(b"/`{}"),
        _ => set(b"/"),
    }
    t
}

/// Masks one stretch of a template literal from `start` (scanning from `from`) up to its closing
/// backtick, or up to a `${`, which opens a code substitution; returns where scanning resumes.
fn template_chunk(
    b: &[u8],
    start: usize,
    from: usize,
    ranges: &mut Vec<(usize, usize)>,
    depth: &mut usize,
    stack: &mut Vec<usize>,
) -> usize {
    let mut i = from;
    while i < b.len() && b[i] != b'`' {
        if b[i] == b'\\' {
            i += 2;
            continue;
        }
        if b[i] == b'$' && b.get(i + 1) == Some(&b'{') {
            break;
        }
        i += 1;
    }
    if i < b.len() && b[i] == b'$' {
        ranges.push((start, i));
        *depth += 1;
        stack.push(*depth);
        i + 2
    } else {
        let end = (i + 1).min(b.len());
        ranges.push((start, end));
        end
    }
}

fn prev_is_ident(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

fn find_byte(b: &[u8], from: usize, needle: u8) -> usize {
    b.get(from..)
        .and_then(|s| memchr::memchr(needle, s))
        .map(|p| from + p)
        .unwrap_or(b.len())
}

fn find_seq(b: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(b.get(from..)?, needle).map(|p| from + p)
}

/// End (exclusive) of a quoted literal whose body starts at `from`; stops at a newline unless
/// `multiline` (Rust strings span lines; Python single-quoted ones do not, but tolerate it).
fn quoted_end(b: &[u8], from: usize, quote: u8, multiline: bool) -> usize {
    let mut i = from;
    while let Some(rest) = b.get(i..) {
        // Only a backslash, the quote or (for one-line literals) a newline changes anything.
        let hit = if multiline {
            memchr::memchr2(b'\\', quote, rest)
        } else {
            memchr::memchr3(b'\\', quote, b'\n', rest)
        };
        let Some(p) = hit else { break };
        i += p;
        match b[i] {
            b'\\' => i += 2,
            b'\n' if !multiline => return i,
            _ => return i + 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked_at(lang: Lang, text: &str, needle: &str) -> bool {
        let m = mask(lang, text);
        m.is_masked(text.find(needle).unwrap())
    }

    #[test]
    fn python_comments_strings_docstrings() {
        let t = "x = os.getenv('A')  # os.getenv('B')\n\"\"\"os.environ['C']\"\"\"\ns = \"os.getenv('D')\"\n";
        assert!(!masked_at(Lang::Python, t, "os.getenv('A')"));
        assert!(masked_at(Lang::Python, t, "os.getenv('B')"));
        assert!(masked_at(Lang::Python, t, "os.environ['C']"));
        assert!(masked_at(Lang::Python, t, "os.getenv('D')"));
    }

    #[test]
    fn js_templates_and_comments() {
        let t = "const a = `url ${process.env.API_URL}/x`; // process.env.B\nconst s = 'process.env.C';";
        assert!(!masked_at(Lang::JavaScript, t, "process.env.API_URL"));
        assert!(masked_at(Lang::JavaScript, t, "process.env.B"));
        assert!(masked_at(Lang::JavaScript, t, "process.env.C"));
        assert!(masked_at(Lang::JavaScript, t, "url"));
    }

    #[test]
    fn rust_raw_strings_and_lifetimes() {
        let t = "fn f<'a>(x: &'a str) { let r = r#\"env::var(\"#; std::env::var(\"X\"); let c = '\"'; }";
        assert!(masked_at(Lang::Rust, t, "env::var(\"#"));
        assert!(!masked_at(Lang::Rust, t, "std::env::var"));
        assert!(!masked_at(Lang::Rust, t, "x: &'a"));
    }

    #[test]
    fn literal_ends_escapes_and_unterminated_input() {
        // Escaped quotes stay inside; an escaped backslash does not escape the quote after it;
        // a Python literal left open tolerates newlines and runs to the end of the file.
        let t = "a = 'it\\'s' + \"x\\\\\"\nb = 'open\nc = 1";
        assert_eq!(mask(Lang::Python, t).ranges(), &[(4, 11), (14, 19), (24, 35)]);
        // In JavaScript a one-line literal left open stops at its newline.
        assert_eq!(mask(Lang::JavaScript, "a = 'open\nb = 1").ranges(), &[(4, 9)]);
        // A backslash as the last byte, an unterminated block comment and raw string.
        assert_eq!(mask(Lang::JavaScript, "x = \"a\\").ranges(), &[(4, 7)]);
        assert_eq!(mask(Lang::Go, "x /* y").ranges(), &[(2, 6)]);
        assert_eq!(mask(Lang::Rust, "let s = r##\"a\"# b").ranges(), &[(8, 17)]);
        // Bytes that open nothing in one language open a literal in another.
        assert!(mask(Lang::Python, "a // b").ranges().is_empty());
        assert_eq!(mask(Lang::Java, "a // b").ranges(), &[(2, 6)]);
        assert!(mask(Lang::Java, "a # b `c`").ranges().is_empty());
    }

    #[test]
    fn go_raw_strings() {
        let t = "s := `os.Getenv(\"A\")`\nv := os.Getenv(\"B\")";
        assert!(masked_at(Lang::Go, t, "os.Getenv(\"A\")"));
        assert!(!masked_at(Lang::Go, t, "os.Getenv(\"B\")"));
    }
}
