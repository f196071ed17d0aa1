//! The vocabulary the secret rules share: which names hold secrets, which values are real
//! credentials, weak placeholders or mere references, which files are environment files, and how
//! a finding about a secret is shown with the secret masked.
//!
//! `hardcoded-secret` reports values that look like real credentials; `default-secret` reports
//! weak placeholders (`changeme`, `dev-secret`) and any literal used as a fallback. A value is
//! never both: [`looks_like_credential`] rejects everything [`is_weak_value`] accepts.

use crate::engine::ctx::{FileCtx, LineSpan};
use crate::model::{Finding, Hit};

/// Splits a name into lowercase words: `jwtSecret` → `jwt secret`, `DB_PASSWORD` → `db password`,
/// `APIKey` → `api key`, `spring.datasource.password` → `spring datasource password`.
pub fn name_words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = vec![];
    let mut cur = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            continue;
        }
        if c.is_ascii_uppercase() && !cur.is_empty() {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower) {
                words.push(std::mem::take(&mut cur));
            }
        }
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// How widely `…_KEY` names count as secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyNames {
    /// Only well-known secret keys (`API_KEY`, `SECRET_KEY`, `SIGNING_KEY`, …): for literal values,
    /// where `CACHE_KEY = "users:v2"` must stay silent.
    Strict,
    /// Any `…_KEY` except known non-secret ones (`SORT_KEY`, `PUBLIC_KEY`): for environment
    /// variables read with a fallback, whose names are configuration anyway.
    Broad,
}

/// Suffixes of a last word that make a name secret (`dbpassword`, `apitoken`, `jwtsecret`).
/// A line holding none of these words holds no assignment to a secret name ([`is_secret_name`]
/// needs `pass`, `secret`, `token`, `pwd`, `key` or `authorization` in the name, and a name and its
/// `=` or `:` share a line): the line filter of hardcoded-secret and default-secret.
pub static LINE_WORD: std::sync::LazyLock<crate::words::Words> =
    std::sync::LazyLock::new(|| crate::words::Words::new(&["secret", "pass", "pwd", "token", "key", "auth"]));

/// The lines of a file holding a [`LINE_WORD`], as (line start, end of its first word, line end),
/// searched once per file for every rule that asks.
pub fn word_lines<'f>(file: &'f FileCtx<'_>) -> std::borrow::Cow<'f, [LineSpan]> {
    file.lines_matching(&LINE_WORD)
}

/// [`word_lines`] of a bare text, for tests of the functions that take them.
#[cfg(test)]
pub fn word_lines_of(text: &str) -> Vec<LineSpan> {
    crate::rules::util::lines_matching(&LINE_WORD, &crate::words::fold(text)).collect()
}

const SECRET_SUFFIXES: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "secretkey",
    "privatekey",
    "accesskey",
    "pwd",
];

/// Words before `token` that make it something else (pagination, CSRF, limits, parsing).
const NOT_SECRET_TOKEN: &[&str] = &[
    "page",
    "next",
    "prev",
    "previous",
    "continuation",
    "cancel",
    "cancellation",
    "csrf",
    "xsrf",
    "sync",
    "max",
    "min",
    "num",
    "count",
    "id",
    "type",
    "lexer",
    "parser",
    "parse",
    "split",
    "design",
    "font",
    "color",
    "theme",
    "end",
    "start",
    "eof",
];

/// Words before `key` that make a secret (for [`KeyNames::Strict`]).
const SECRET_KEY_PREFIXES: &[&str] = &[
    "api",
    "secret",
    "private",
    "access",
    "signing",
    "sign",
    "encryption",
    "encrypt",
    "decryption",
    "master",
    "app",
    "auth",
    "client",
    "license",
    "licence",
    "session",
    "jwt",
    "hmac",
    "webhook",
    "crypto",
    "cipher",
    "aes",
    "fernet",
    "service",
    "admin",
    "django",
    "shared",
    "root",
    "stripe",
    "openai",
    "anthropic",
    "sendgrid",
    "mailgun",
    "twilio",
    "github",
    "slack",
    "cookie",
];

/// Words before `key` that make it something else (for [`KeyNames::Broad`]).
const NOT_SECRET_KEY_PREFIXES: &[&str] = &[
    "sort",
    "cache",
    "partition",
    "primary",
    "foreign",
    "public",
    "publishable",
    "s3",
    "object",
    "bucket",
    "storage",
    "lookup",
    "idempotency",
    "group",
    "route",
    "routing",
    "dedupe",
    "dedup",
    "index",
    "hash",
    "map",
    "dict",
    "cursor",
    "query",
    "queue",
    "topic",
    "stream",
    "row",
    "column",
    "table",
    "field",
    "unique",
    "composite",
    "natural",
    "i18n",
    "translation",
    "locale",
    "lang",
    "list",
    "item",
    "gpg",
    "pgp",
    "ssh",
    "react",
    "feature",
    "flag",
    "metadata",
    "meta",
    "redis",
    "kafka",
    "message",
    "event",
];

/// Words before `pass` that make it a password (`DB_PASS`, `SMTP_PASS`), unlike `first_pass`.
const PASS_PREFIXES: &[&str] = &[
    "db", "database", "user", "admin", "root", "mysql", "postgres", "pg", "redis", "smtp", "mail", "email", "ftp", "ldap", "rabbitmq",
    "amqp", "mongo", "mongodb", "basic", "proxy",
];

/// Words that make any name a non-secret (`EXAMPLE_TOKEN`, `PUBLIC_KEY`, `NEXT_PUBLIC_…`).
const NEUTRAL_WORDS: &[&str] = &["example", "placeholder", "dummy", "fake", "mock", "sample", "test", "public"];

/// True when `name` holds a secret: its last word is `password`, `secret`, `token`, `api_key`,
/// `passphrase`, …, or `…_key` with a secret prefix (see [`KeyNames`]). `TOKEN_URL`,
/// `PASSWORD_MIN_LENGTH`, `SECRET_NAME`, `NEXT_PAGE_TOKEN` are not secret names.
pub fn is_secret_name(name: &str, keys: KeyNames) -> bool {
    let words = name_words(name);
    let Some(last) = words.last() else { return false };
    if words.iter().any(|w| NEUTRAL_WORDS.contains(&w.as_str())) {
        return false;
    }
    let prev = if words.len() >= 2 { words[words.len() - 2].as_str() } else { "" };
    if last == "authorization" {
        return true;
    }
    if last == "pass" {
        // `auth: { user, pass: "…" }` (nodemailer, basic auth) or `DB_PASS`; not `first_pass`.
        return prev.is_empty() || PASS_PREFIXES.contains(&prev);
    }
    if last == "key" {
        return match keys {
            KeyNames::Strict => SECRET_KEY_PREFIXES.contains(&prev),
            KeyNames::Broad => !prev.is_empty() && !NOT_SECRET_KEY_PREFIXES.contains(&prev),
        };
    }
    for suffix in SECRET_SUFFIXES {
        if let Some(rest) = last.strip_suffix(suffix) {
            let before = if rest.is_empty() { prev } else { rest };
            return match *suffix {
                "token" => !NOT_SECRET_TOKEN.contains(&before),
                "secret" => !matches!(before, "is" | "has" | "use" | "no" | "show" | "hide" | "toggle"),
                "pwd" => rest.is_empty(),
                _ => true,
            };
        }
    }
    false
}

/// True for a value that stands for something else: a template (`${DB_PASSWORD}`, `{{ .Values.x }}`,
/// `%(pw)s`, `<your-token>`), a variable (`$TOKEN`), a secret-manager reference (`arn:…`,
/// `vault:…`), or a masked or elided value (`xxxx`, `****`, `...`).
pub fn is_reference(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    const MARKERS: &[&str] = &[
        "${",
        "{{",
        "}}",
        "%(",
        "%s",
        "#{",
        "{}",
        "{0}",
        "xxx",
        "***",
        "...",
        "…",
        "process.env",
        "os.environ",
        "getenv",
        "env(",
        "env.",
        "@microsoft.keyvault",
        "{{resolve",
    ];
    const PREFIXES: &[&str] = &[
        "arn:",
        "vault:",
        "ssm:",
        "sm://",
        "projects/",
        "ref+",
        "!ref",
        "secret:",
        "env:",
        "file:",
    ];
    if MARKERS.iter().any(|m| lower.contains(m)) || PREFIXES.iter().any(|p| lower.starts_with(p)) {
        return true;
    }
    if v.starts_with('<') && v.ends_with('>') || v.starts_with('[') && v.ends_with(']') {
        return true;
    }
    if v.starts_with("__") && v.ends_with("__") {
        return true;
    }
    if let Some(rest) = v.strip_prefix('$') {
        return rest.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_' || c == '{');
    }
    false
}

/// Words and shapes of a weak, made-up secret: what a developer types while "it's just dev".
const WEAK_WORDS: &[&str] = &[
    "changeme",
    "change-me",
    "changeit",
    "change-this",
    "changethis",
    "replaceme",
    "replace-me",
    "replace-with",
    "your-",
    "yoursecret",
    "yourpassword",
    "yourtoken",
    "yourkey",
    "supersecret",
    "super-secret",
    "secret",
    "insecure",
    "keyboard cat",
    "notasecret",
    "password",
    "passw0rd",
    "p@ssw0rd",
    "example",
    "dummy",
    "placeholder",
    "sample",
    "fake",
    "mock",
    "test",
    "todo",
    "fixme",
    "default",
    "dev",
    "local",
    "s3cr3t",
    "shhh",
    "letmein",
    "qwerty",
    "123456",
    "admin",
    "root",
    "postgres",
    "mysql",
    "foobar",
    "lorem",
    "demo",
];

/// True for a weak placeholder secret (`changeme`, `your-secret-key`, `dev-secret`, `supersecret`,
/// `django-insecure-…`, `keyboard cat`). `_` and spaces count as `-`.
pub fn is_weak_value(value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || is_reference(v) {
        return false;
    }
    let norm: String = v.to_ascii_lowercase().chars().map(|c| if c == '_' { '-' } else { c }).collect();
    if norm == "keyboard cat" {
        return true;
    }
    let norm = norm.replace(' ', "-");
    WEAK_WORDS.iter().any(|w| norm.contains(&w.replace(' ', "-")))
}

/// Character classes present: lowercase, uppercase, digit, other.
pub fn classes(v: &str) -> usize {
    let mut c = [false; 4];
    for ch in v.chars() {
        let i = if ch.is_ascii_lowercase() {
            0
        } else if ch.is_ascii_uppercase() {
            1
        } else if ch.is_ascii_digit() {
            2
        } else {
            3
        };
        c[i] = true;
    }
    c.iter().filter(|x| **x).count()
}

/// True when every segment is a word (`access_token`, `user.password`, `Passwort`, `accessToken`,
/// `_RSAPrivateKey`): letters only, in one case or in camel humps with word-length lowercase runs,
/// unlike random mixed case (`hJkLmNbVcX`).
fn is_wordlike(v: &str) -> bool {
    let segs: Vec<&str> = v.split(['_', '-', '.', ':', '/', ' ']).filter(|s| !s.is_empty()).collect();
    !segs.is_empty()
        && segs.iter().all(|s| {
            if !s.bytes().all(|b| b.is_ascii_alphabetic()) {
                return false;
            }
            if s.bytes().all(|b| b.is_ascii_uppercase()) || s.bytes().all(|b| b.is_ascii_lowercase()) {
                return true;
            }
            let runs: Vec<usize> = s.split(|c: char| c.is_ascii_uppercase()).map(str::len).filter(|n| *n > 0).collect();
            let total: usize = runs.iter().sum();
            !runs.is_empty() && total >= 2 * runs.len()
        })
}

/// A passphrase-style secret with spaces (`"A String Very Strong!!@##$!@#$"`): long, printable,
/// with letters and at least four symbols other than sentence punctuation. Prose messages
/// (`"Your password must be 8 characters!"`) have too few symbols to qualify.
fn looks_like_passphrase(v: &str) -> bool {
    let symbols = v
        .chars()
        .filter(|c| c.is_ascii_punctuation() && !matches!(c, '.' | ',' | '\'' | '?' | '!' | ':' | ';' | '-' | '(' | ')'))
        .count();
    v.len() >= 16
        && v.chars().all(|c| c.is_ascii_graphic() || c == ' ')
        && v.chars().any(|c| c.is_ascii_alphabetic())
        && symbols >= 4
        && !is_reference(v)
        && !v.contains(['{', '}'])
}

/// True for a value that looks like a real credential rather than a placeholder, reference,
/// word, path, URL or hash: at least `min_len` characters without spaces, two character classes,
/// not a made-up weak value.
pub fn looks_like_credential(value: &str, min_len: usize) -> bool {
    let v = value.trim();
    if v.contains(' ') {
        return looks_like_passphrase(v);
    }
    // Credentials are printable ASCII; words in other scripts (`Zugangsschlüssel`) are labels.
    if v.chars().count() < min_len || !v.chars().all(|c| c.is_ascii_graphic()) {
        return false;
    }
    if is_reference(v) || is_weak_value(v) {
        return false;
    }
    let first = v.chars().next().unwrap_or(' ');
    if v.chars().all(|c| c == first) {
        return false;
    }
    let distinct: std::collections::BTreeSet<char> = v.chars().collect();
    if distinct.len() < 5 {
        return false;
    }
    // Secrets mix letters with digits or symbols; OIDs, versions and GUID templates do not count.
    if classes(v) < 2 || is_wordlike(v) || !v.chars().any(|c| c.is_ascii_alphabetic()) || v.contains(['{', '}']) {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if lower.contains("://") || v.starts_with(['/', '.', '~', '@', '#', '&', '*', '!', '%']) {
        return false;
    }
    if v.contains('/') && (v.len() < 20 || v.contains('.')) {
        return false;
    }
    const FILE_EXT: &[&str] = &[
        ".pem", ".key", ".json", ".txt", ".crt", ".p12", ".pfx", ".yaml", ".yml", ".env", ".html", ".js", ".py", ".png",
    ];
    if FILE_EXT.iter().any(|e| lower.ends_with(e)) {
        return false;
    }
    const HASHES: &[&str] = &[
        "$2a$", "$2b$", "$2y$", "$argon2", "pbkdf2", "sha256$", "sha1$", "bcrypt$", "scrypt$",
    ];
    if HASHES.iter().any(|h| lower.starts_with(h)) {
        return false;
    }
    true
}

/// Environment files: `.env`, `.env.production`, `.env.local`, `prod.env`; not templates
/// (`.env.example`, `.env.sample`, …), encrypted vaults (`.env.vault`), or test settings
/// (`.env.test`, `.env.testing`).
pub fn is_env_file_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if crate::rules::documentation::env_example::is_env_template(&n) {
        return false;
    }
    if n == ".env" {
        return true;
    }
    if let Some(rest) = n.strip_prefix(".env.") {
        let parts: Vec<&str> = rest.split('.').collect();
        return !parts.iter().any(|p| {
            matches!(
                *p,
                "vault" | "test" | "testing" | "example" | "sample" | "template" | "dist" | "bak" | "swp" | "md"
            )
        });
    }
    n.ends_with(".env") && n.len() > 4 && !n.starts_with('.')
}

/// True for a template or sample file that documents configuration rather than holding it.
pub fn is_template_name(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if crate::rules::documentation::env_example::is_env_template(&n) {
        return true;
    }
    const MARKS: &[&str] = &["example", "sample", "template", "tmpl", "tpl", "dist"];
    n.split('.').skip(1).any(|part| MARKS.contains(&part))
        || n.starts_with("example.")
        || n.starts_with("sample.")
        || n.contains(".example.")
}

/// The masked form of `line`: every occurrence of each secret replaced by its first 4 characters
/// and `****`, then the general redaction, trimming and shortening of every snippet.
pub fn masked_snippet(line: &str, secrets: &[&str]) -> String {
    let mut s = line.to_string();
    for secret in secrets {
        if secret.len() >= 4 {
            s = s.replace(secret, &crate::redact::mask(secret));
        }
    }
    crate::redact::snippet(&s)
}

/// A finding at `byte` whose snippet has `secrets` masked (and the line redacted as usual).
pub fn finding_masked(ctx: &FileCtx<'_>, byte: usize, message: impl Into<String>, secrets: &[&str]) -> Hit {
    let location = ctx.location(byte);
    let snippet = Some(masked_snippet(ctx.line_text(location.line), secrets));
    Hit::Finding(Finding {
        location,
        message: message.into(),
        snippet,
    })
}

/// True for a Django/Flask settings module that only configures development or tests:
/// `settings/dev.py`, `settings/local.py`, `settings_local.py`, `local_settings.py`, `dev_settings.py`,
/// `settings/test.py`, `config/development.py`.
pub fn is_dev_settings_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    let stem = name.strip_suffix(".py").unwrap_or(&name);
    const DEV: &[&str] = &["dev", "devel", "development", "local", "test", "tests", "testing", "ci"];
    let words: Vec<&str> = stem.split(['_', '-', '.']).collect();
    words.iter().any(|w| DEV.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_names() {
        assert_eq!(name_words("jwtSecret"), ["jwt", "secret"]);
        assert_eq!(name_words("DB_PASSWORD"), ["db", "password"]);
        assert_eq!(name_words("APIKey"), ["api", "key"]);
        assert_eq!(name_words("spring.datasource.password"), ["spring", "datasource", "password"]);
        assert_eq!(name_words("s3Key"), ["s3", "key"]);
    }

    #[test]
    fn secret_names() {
        for yes in [
            "JWT_SECRET",
            "SECRET_KEY",
            "password",
            "db_password",
            "apiKey",
            "API_KEY",
            "api_token",
            "GITHUB_TOKEN",
            "client_secret",
            "DB_PASS",
            "pass",
            "passphrase",
            "dbpassword",
            "Authorization",
            "AWS_SECRET_ACCESS_KEY",
            "signingKey",
            "self.password",
        ] {
            assert!(is_secret_name(yes, KeyNames::Strict), "{yes}");
        }
        for no in [
            "TOKEN_URL",
            "PASSWORD_MIN_LENGTH",
            "SECRET_NAME",
            "next_page_token",
            "csrf_token",
            "CACHE_KEY",
            "sort_key",
            "key",
            "PUBLIC_KEY",
            "NEXT_PUBLIC_API_KEY",
            "bypass",
            "first_pass",
            "max_tokens",
            "password_hash",
            "TEST_PASSWORD",
            "is_secret",
            "AWS_ACCESS_KEY_ID",
        ] {
            assert!(!is_secret_name(no, KeyNames::Strict), "{no}");
        }
        assert!(is_secret_name("STRIPE_WEBHOOK_KEY", KeyNames::Broad));
        assert!(!is_secret_name("CACHE_KEY", KeyNames::Broad));
        assert!(!is_secret_name("REDIS_KEY_PREFIX", KeyNames::Broad));
    }

    #[test]
    fn values() {
        for real in [
            "hunter2hunter",
            "a8f5f167f44f4964e6c998dee827110c",
            "Xk9!fQ2zLp",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzKEY",
        ] {
            assert!(looks_like_credential(real, 8), "{real}");
            assert!(!is_weak_value(real), "{real}");
        }
        for not in [
            "changeme",
            "your-secret-key",
            "${DB_PASSWORD}",
            "<your-token>",
            "short1",
            "aaaaaaaaaaaa",
            "access_token",
            "Passwort",
            "accessToken",
            "_RSAPrivateKey",
            "PrivKeyVal",
            "Zugangsschlüssel",
            "1.2.840.113549.1.9.7",
            "_SA_{262E99C9-6160-4871-ACEC-4E61736B6F21}",
            "/run/secrets/db_password",
            "https://example.com/token",
            "keys/jwt.pem",
            "$2b$12$abcdefghijklmnopqrstuv",
            "{{ .Values.password }}",
            "12345678901",
            "Enter your password",
            "django-insecure-abc123def456",
            "$DB_PASSWORD",
        ] {
            assert!(!looks_like_credential(not, 8), "{not}");
        }
        for weak in [
            "changeme",
            "your-secret-key",
            "dev-secret",
            "supersecret",
            "keyboard cat",
            "django-insecure-x1",
            "CHANGE_ME",
        ] {
            assert!(is_weak_value(weak), "{weak}");
        }
        assert!(!is_weak_value("${JWT_SECRET}"));
    }

    #[test]
    fn env_files() {
        for yes in [
            ".env",
            ".env.production",
            ".env.local",
            ".env.development",
            "prod.env",
            ".env.production.local",
        ] {
            assert!(is_env_file_name(yes), "{yes}");
        }
        for no in [
            ".env.example",
            ".env.sample",
            ".env.template",
            ".env.dist",
            ".env.vault",
            ".env.test",
            ".envrc",
            "env.py",
        ] {
            assert!(!is_env_file_name(no), "{no}");
        }
    }

    #[test]
    fn masking() {
        let s = masked_snippet(r#"  token = "Zq8rTt3vXy91"  "#, &["Zq8rTt3vXy91"]);
        assert_eq!(s, r#"token = "Zq8r****""#);
    }
}
