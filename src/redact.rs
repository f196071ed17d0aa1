//! Keeps secrets out of every report: snippets are shortened and credential-looking values masked.
//!
//! A secret is shown as its first 4 characters followed by `****`, in every output format.

use regex::Regex;
use std::sync::LazyLock;

/// Longest snippet kept, in characters.
const MAX_SNIPPET: usize = 160;

/// Masks a secret value: first 4 characters, then `****`.
pub fn mask(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}****")
}

static TOKEN_SHAPES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(AKIA|ASIA)[0-9A-Z]{16}",
        r"|gh[pousr]_[A-Za-z0-9]{20,}",
        r"|github_pat_[A-Za-z0-9_]{20,}",
        r"|xox[abposr]-[A-Za-z0-9-]{10,}",
        r"|(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}",
        r"|AIza[0-9A-Za-z_\-]{30,}",
        r"|sk-(ant-|proj-)?[A-Za-z0-9_\-]{20,}",
        r"|eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}",
        r"|glpat-[A-Za-z0-9_\-]{20,}",
        r"|npm_[A-Za-z0-9]{30,}",
        r"|SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}",
        r"|\bSK[0-9a-f]{32}\b",
        r"|https://hooks\.slack\.com/services/[A-Za-z0-9/]{10,}",
        r"|whsec_[A-Za-z0-9]{20,}",
        r"|\bhf_[A-Za-z0-9]{30,}",
        r"|pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{20,}",
        r"|dop_v1_[a-f0-9]{40,}",
        r"|shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}",
    ))
    .expect("static regex")
});

/// A secret-named key, its separator and an optional opening quote; the value follows.
static SECRET_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"(?i)((?:(?:secret|passw(?:or)?d|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|auth"#,
        r#"|passphrase|signing[_-]?key|encryption[_-]?key|master[_-]?key)[A-Za-z0-9_\-]*|[_-]pass)"#,
        r#"["']?\s*[:=]{1,2}\s*(["'`]?))([^"'`\s,;)}{(\[]+)"#,
    ))
    .expect("static regex")
});

/// A dotted code path (`process.env.SECRET`, `settings.JWT_SECRET`): an expression, not a value.
static CODE_PATH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$").expect("static regex"));

static URL_PASSWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]+:)([^@\s]{2,})@").expect("static regex"));

/// Masks the values of secret-named assignments. A quoted value is masked up to its closing
/// quote; an unquoted one only when it is not code (a call, an index, a member path, a type).
fn mask_assignments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for c in SECRET_ASSIGN.captures_iter(text) {
        let (Some(prefix), Some(val)) = (c.get(1), c.get(3)) else {
            continue;
        };
        if prefix.start() < last {
            continue;
        }
        let quote = c.get(2).map(|q| q.as_str()).unwrap_or("");
        let start = prefix.end();
        let end = if quote.is_empty() {
            val.end()
        } else {
            text[start..].find(quote).map(|p| start + p).unwrap_or(text.len())
        };
        let value = &text[start..end];
        let next = text[end..].chars().next();
        let code = quote.is_empty()
            && (matches!(next, Some('(' | '[' | '<'))
                || value.starts_with(['&', '*', '$', '('])
                || CODE_PATH.is_match(value)
                || matches!(
                    value,
                    "str" | "String" | "string" | "None" | "null" | "nil" | "true" | "false" | "undefined"
                ));
        if value.chars().count() < 4 || value.ends_with("****") || code {
            continue;
        }
        out.push_str(&text[last..start]);
        out.push_str(&mask(value));
        last = end;
    }
    out.push_str(&text[last..]);
    out
}

/// Masks every credential-looking value in `text`.
pub fn redact(text: &str) -> String {
    if text.contains("PRIVATE KEY-----") {
        return "-----BEGIN ****PRIVATE KEY----- (redacted)".to_string();
    }
    let step = TOKEN_SHAPES.replace_all(text, |c: &regex::Captures<'_>| mask(&c[0]));
    let step = URL_PASSWORD.replace_all(&step, |c: &regex::Captures<'_>| format!("{}{}@", &c[1], mask(&c[2])));
    mask_assignments(&step)
}

/// Characters of a long line that are redacted to produce its snippet: redacting a whole
/// multi-megabyte minified line for every finding on it would be quadratic.
const SNIPPET_WINDOW: usize = 4096;

/// Characters dropped from the end of a cut window's redacted text: a secret cut in two by the
/// window may no longer match its pattern, so nothing near the cut is ever shown.
const CUT_MARGIN: usize = 2048;

/// A source line prepared for a report: trimmed, redacted and shortened.
pub fn snippet(line: &str) -> String {
    let line = line.trim();
    let (window, cut) = match line.char_indices().nth(SNIPPET_WINDOW) {
        Some((end, _)) => (&line[..end], true),
        None => (line, false),
    };
    let redacted = redact(window);
    let mut keep = MAX_SNIPPET;
    if cut {
        keep = keep.min(redacted.chars().count().saturating_sub(CUT_MARGIN));
    }
    if cut || redacted.chars().count() > keep {
        let shown: String = redacted.chars().take(keep).collect();
        format!("{shown}…")
    } else {
        redacted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_known_shapes_and_assignments() {
        let aws = "key = AKIAABCDEFGHIJKLMNOP";
        assert!(!redact(aws).contains("ABCDEFGHIJKLMNOP"), "{}", redact(aws));
        let gh = "token: ghp_abcdefghijklmnopqrstuvwxyz0123";
        assert!(!redact(gh).contains("ghp_abcdefghijklmnop"));
        let pw = r#"password = "hunter2hunter2""#;
        assert!(redact(pw).contains("hunt****"), "{}", redact(pw));
        let url = "postgres://admin:s3cr3tpass@db:5432/app";
        assert!(!redact(url).contains("s3cr3tpass"), "{}", redact(url));
        assert_eq!(mask("abcdefgh"), "abcd****");
    }

    #[test]
    fn quoted_values_are_masked_whole_and_code_is_left_alone() {
        let spaced = r#"password: "correct horse battery""#;
        assert_eq!(redact(spaced), r#"password: "corr****""#);
        let env = "DB_PASS=Wq03mSM9B8zhIP";
        assert_eq!(redact(env), "DB_PASS=Wq03****");
        for code in [
            r#"secret := getEnv("JWT_SECRET", "x")"#,
            "const secret = process.env.SESSION_SECRET;",
            r#"JWT_SECRET = os.environ["JWT_SECRET"]"#,
            "const DEFAULT_TOKEN: &str = x;",
        ] {
            assert_eq!(redact(code), code);
        }
        assert!(!redact("xoxb-140532352691-5956419069784-tYpATIk27f4t3tGolUByxRmX").contains("tYpA"));
        assert!(!redact("key SK5ab3adf32b1cc8fa650bdf6593d1b61b").contains("adf32b"));
    }

    #[test]
    fn long_lines_are_redacted_through_a_window_that_never_shows_a_cut_secret() {
        let long = format!("x = 1; {}", "a+b;".repeat(1_000_000));
        let s = snippet(&long);
        assert_eq!(s.chars().count(), MAX_SNIPPET + 1);
        assert!(s.starts_with("x = 1; a+b;") && s.ends_with('…'));
        // Masking shrinks the text, so a secret cut by the window could come into view: here a
        // long token is masked to 8 characters and an AWS key is cut after 10 of its 20.
        let lead = format!("ghp_{}", "Z".repeat(SNIPPET_WINDOW - 15));
        let cut_key = format!("{lead} AKIAQQQQQQQQQQQQQQQQ rest");
        assert!(!snippet(&cut_key).contains("QQQQ"), "{}", snippet(&cut_key));
        let lead = format!("ghp_{}", "Z".repeat(SNIPPET_WINDOW - 25));
        let cut_url = format!("{lead} postgres://u:{}@db", "p".repeat(100));
        assert!(!snippet(&cut_url).contains("ppp"), "{}", snippet(&cut_url));
        // Short lines are unchanged.
        assert_eq!(snippet("  let a = 1;  "), "let a = 1;");
    }

    #[test]
    fn plain_code_is_untouched() {
        let line = r#"app.add_middleware(CORSMiddleware, allow_origins=["*"])"#;
        assert_eq!(redact(line), line);
    }
}
