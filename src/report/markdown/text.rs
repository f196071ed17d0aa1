//! Text from the scanned tree (paths, messages, reasons, snippets) placed into markdown that GitHub
//! renders: it must stay text. It may not open a heading or a list, break a table row, become HTML
//! or a link, or close a code fence early.
//!
//! Rule messages write code in backticks by convention (`reads \`PORT\``), so code spans in them are
//! kept; everything outside a code span is escaped.

/// Characters that mean something to CommonMark/GFM inline parsing; backslash-escaped outside code.
const SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '<', '>', '|', '~', '#', '&', '!'];

/// Longest message, reason or path shown, in characters: a minified line or a pathological message
/// must not blow the job summary's size limit.
pub const MAX_TEXT: usize = 300;

/// Shortens `s` to `max` characters, marking the cut.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

/// Longest paragraph of prose (a rule's rationale) shown, in characters.
pub const MAX_PROSE: usize = 1500;

/// Line breaks and tabs become spaces: inline text never starts a new block.
fn one_line(s: &str, max: usize) -> String {
    clip(s, max).replace(['\r', '\n', '\t'], " ")
}

/// Escapes `s` for running text, keeping its code spans.
pub fn text(s: &str) -> String {
    escape(s, false, MAX_TEXT)
}

/// [`text`] for a paragraph of prose, which may be longer.
pub fn prose(s: &str) -> String {
    escape(s, false, MAX_PROSE)
}

/// Escapes `s` for a table cell: like [`text`], and `|` is escaped inside code spans too, because
/// GFM splits a row into cells before it parses code spans.
pub fn cell(s: &str) -> String {
    escape(s, true, MAX_TEXT)
}

fn escape(s: &str, in_cell: bool, max: usize) -> String {
    let s = one_line(s, max);
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = run_len(&chars, i);
            if let Some(end) = closing_run(&chars, i + run, run) {
                for &k in &chars[i..end + run] {
                    if in_cell && k == '|' {
                        out.push('\\');
                    }
                    out.push(k);
                }
                i = end + run;
                continue;
            }
            for _ in 0..run {
                out.push_str("\\`");
            }
            i += run;
            continue;
        }
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Length of the backtick run starting at `i`.
fn run_len(chars: &[char], i: usize) -> usize {
    chars[i..].iter().take_while(|&&c| c == '`').count()
}

/// Start of the next backtick run of exactly `len` at or after `from`: the end of a code span.
fn closing_run(chars: &[char], from: usize, len: usize) -> Option<usize> {
    let mut i = from;
    while i < chars.len() {
        if chars[i] == '`' {
            let run = run_len(chars, i);
            if run == len {
                return Some(i);
            }
            i += run;
        } else {
            i += 1;
        }
    }
    None
}

/// Longest run of backticks anywhere in `s`.
fn longest_run(s: &str) -> usize {
    let (mut best, mut cur) = (0, 0);
    for c in s.chars() {
        cur = if c == '`' { cur + 1 } else { 0 };
        best = best.max(cur);
    }
    best
}

/// `s` as one inline code span, whatever backticks it holds.
pub fn code(s: &str) -> String {
    let s = one_line(s, MAX_TEXT);
    let ticks = "`".repeat(longest_run(&s) + 1);
    // A span that starts or ends with a backtick needs a space so the delimiters stay separate.
    if s.starts_with('`') || s.ends_with('`') || s.is_empty() {
        format!("{ticks} {s} {ticks}")
    } else {
        format!("{ticks}{s}{ticks}")
    }
}

/// [`code`] for a table cell.
pub fn code_cell(s: &str) -> String {
    code(s).replace('|', "\\|")
}

/// A fenced code block around `body`, with a fence longer than any backtick run inside it (a README
/// snippet that itself contains a fenced block must not close the outer one).
pub fn fenced(lang: &str, body: &str) -> String {
    let fence = "`".repeat(longest_run(body).max(2) + 1);
    let lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '_' | '.'))
        .collect();
    format!("{fence}{lang}\n{}\n{fence}", body.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specials_outside_code_are_escaped_and_code_spans_kept() {
        assert_eq!(text("src/__init__.py"), "src/\\_\\_init\\_\\_.py");
        assert_eq!(text("reads `DATABASE_URL` here"), "reads `DATABASE_URL` here");
        assert_eq!(text("<script>[x](http://e) *b*"), "\\<script\\>\\[x\\](http://e) \\*b\\*");
        assert_eq!(text("# not a heading\n- nor a list"), "\\# not a heading - nor a list");
        // An unmatched backtick cannot open a span that swallows the rest of the line.
        assert_eq!(text("a ` b"), "a \\` b");
        assert_eq!(text("``a`b``"), "``a`b``");
    }

    #[test]
    fn cells_escape_pipes_even_inside_code() {
        assert_eq!(cell("a|b `c|d`"), "a\\|b `c\\|d`");
        assert_eq!(code_cell("x|y"), "`x\\|y`");
    }

    #[test]
    fn code_spans_survive_backticks() {
        assert_eq!(code("plain"), "`plain`");
        assert_eq!(code("a`b"), "``a`b``");
        assert_eq!(code("`edge``"), "``` `edge`` ```");
        assert_eq!(code("two\nlines"), "`two lines`");
    }

    #[test]
    fn fences_outgrow_the_backticks_inside() {
        let body = "## Getting started\n\n```bash\nnpm ci\n```\n";
        let f = fenced("markdown", body);
        assert!(f.starts_with("````markdown\n") && f.ends_with("\n````"), "{f}");
        assert_eq!(fenced("py thon<", "x"), "```python\nx\n```");
    }

    #[test]
    fn clip_cuts_on_characters() {
        assert_eq!(clip("ééé", 2), "éé…");
        assert_eq!(clip("abc", 3), "abc");
        assert!(text(&"x".repeat(10_000)).chars().count() <= MAX_TEXT + 1);
    }
}
