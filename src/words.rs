//! Case-insensitive word sets, searched in a file's ASCII-lowercased bytes.
//!
//! A rule's `(?i)secret|token|…` over the text makes the regex engine's literal search look for
//! many case variants of every word and confirm each candidate with its lazy DFA. The same words
//! in lowercase over [`crate::engine::ctx::FileCtx::folded`] (the text ASCII-lowercased, with the
//! same byte offsets) are one exact literal search.
//!
//! Unicode simple case folding, which `(?i)` follows, maps two non-ASCII characters to ASCII
//! letters: `ſ` (U+017F) to `s` and the Kelvin sign (U+212A) to `k`. ASCII lowercasing keeps
//! their bytes, so the words are also searched with those characters in place of `s` and `k`:
//! the matches are exactly those of the `(?i)` alternation on the original text (a test checks
//! that no other character folds to an ASCII letter).

use std::ops::Range;

/// Words (ASCII), matched as `(?i)w1|w2|…` would match them: leftmost first, earlier words
/// preferred at the same start.
#[derive(Debug)]
pub struct Words {
    re: regex::bytes::Regex,
}

impl Words {
    /// The set of `words`, in order. Panics on a non-ASCII or empty word: the sets are the
    /// rules' own constants, built once, and the test suite builds every one.
    pub fn new(words: &[&str]) -> Words {
        let mut pattern = String::from("(?-u:");
        for (i, word) in words.iter().enumerate() {
            assert!(!word.is_empty() && word.is_ascii(), "word {word:?} must be non-empty ASCII");
            if i > 0 {
                pattern.push('|');
            }
            for b in word.bytes().map(|b| b.to_ascii_lowercase()) {
                match b {
                    b's' => pattern.push_str(r"(?:s|\xC5\xBF)"),
                    b'k' => pattern.push_str(r"(?:k|\xE2\x84\xAA)"),
                    _ => push_bytes(&mut pattern, &[b]),
                }
            }
        }
        pattern.push(')');
        let re = regex::bytes::Regex::new(&pattern).unwrap_or_else(|e| panic!("word set {words:?}: {e}"));
        Words { re }
    }

    /// The first match in `folded` starting at or after `from`.
    pub fn find_at(&self, folded: &[u8], from: usize) -> Option<Range<usize>> {
        self.re.find_at(folded, from).map(|m| m.range())
    }

    /// The successive non-overlapping matches in `folded`.
    pub fn find_iter<'w, 'f>(&'w self, folded: &'f [u8]) -> impl Iterator<Item = Range<usize>> + use<'w, 'f> {
        self.re.find_iter(folded).map(|m| m.range())
    }
}

/// Appends `bytes` to a `(?-u)` pattern, each byte as an escape that matches exactly it.
pub fn push_bytes(pattern: &mut String, bytes: &[u8]) {
    for b in bytes {
        pattern.push_str(&format!(r"\x{b:02X}"));
    }
}

/// `text`, ASCII-lowercased: what [`Words`] searches (for texts without a file context).
pub fn fold(text: &str) -> Vec<u8> {
    text.as_bytes().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The premise of the module: under `(?i)`, the only characters outside ASCII that match an
    /// ASCII letter are `ſ` and the Kelvin sign.
    #[test]
    fn only_two_non_ascii_characters_fold_to_ascii_letters() {
        let letter = regex::Regex::new(r"(?i)^[a-z]$").unwrap();
        let mut buf = [0u8; 4];
        let found: Vec<char> = (0x80..=0x10FFFFu32)
            .filter_map(char::from_u32)
            .filter(|c| letter.is_match(c.encode_utf8(&mut buf)))
            .collect();
        assert_eq!(found, vec!['\u{17F}', '\u{212A}']);
    }

    #[test]
    fn matches_are_those_of_the_case_insensitive_alternation() {
        let sets: &[&[&str]] = &[
            &["secret", "pass", "pwd", "token", "key", "auth"],
            &["health", "ping", "status", "TerminusModule"],
            &["pass", "passwd"],
            &["a.b", "x+y"],
        ];
        let texts = [
            "",
            "SECRET = 1\napi_KEY\npassword passwd\n",
            "\u{17F}ecret \u{212A}ey \u{17F}TATU\u{17F} health/Status",
            "terminusmodule TERMINUSMODULE TerminusModule",
            "PASSWD passwd pass",
            "a.b aXb x+y xxy A.B",
            "é secrét Ş ß key\u{301}",
        ];
        for words in sets {
            let alternation: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
            let re = regex::Regex::new(&format!("(?i){}", alternation.join("|"))).unwrap();
            let set = Words::new(words);
            for t in texts {
                let want: Vec<Range<usize>> = re.find_iter(t).map(|m| m.range()).collect();
                let folded = fold(t);
                assert_eq!(set.find_iter(&folded).collect::<Vec<_>>(), want, "{words:?} on {t:?}");
                for from in (0..=t.len()).filter(|&i| t.is_char_boundary(i)) {
                    assert_eq!(
                        set.find_at(&folded, from),
                        re.find_at(t, from).map(|m| m.range()),
                        "{words:?} on {t:?} from {from}"
                    );
                }
            }
        }
    }
}
