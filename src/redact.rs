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
    ))
    .expect("static regex")
});

static SECRET_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)((?:secret|passw(?:or)?d|pwd|token|api[_-]?key|apikey|private[_-]?key|access[_-]?key|credential|auth)[A-Za-z0-9_\-]*["']?\s*[:=]{1,2}\s*["']?)([^"'\s,;)}{]{4,})"#,
    )
    .expect("static regex")
});

static URL_PASSWORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]+:)([^@\s]{2,})@").expect("static regex"));

/// Masks every credential-looking value in `text`.
pub fn redact(text: &str) -> String {
    let step = TOKEN_SHAPES.replace_all(text, |c: &regex::Captures<'_>| mask(&c[0]));
    let step = URL_PASSWORD.replace_all(&step, |c: &regex::Captures<'_>| format!("{}{}@", &c[1], mask(&c[2])));
    let step = SECRET_ASSIGN.replace_all(&step, |c: &regex::Captures<'_>| {
        let value = &c[2];
        if value.ends_with("****") {
            c[0].to_string()
        } else {
            format!("{}{}", &c[1], mask(value))
        }
    });
    if text.contains("PRIVATE KEY-----") {
        return "-----BEGIN ****PRIVATE KEY----- (redacted)".to_string();
    }
    step.into_owned()
}

/// A source line prepared for a report: trimmed, redacted and shortened.
pub fn snippet(line: &str) -> String {
    let redacted = redact(line.trim());
    if redacted.chars().count() > MAX_SNIPPET {
        let cut: String = redacted.chars().take(MAX_SNIPPET).collect();
        format!("{cut}…")
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
    fn plain_code_is_untouched() {
        let line = r#"app.add_middleware(CORSMiddleware, allow_origins=["*"])"#;
        assert_eq!(redact(line), line);
    }
}
