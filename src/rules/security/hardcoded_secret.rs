//! `hardcoded-secret`: no credential literal sits in a tracked file.
//!
//! **Why**: a key committed to the repository is readable by everyone with access to it, its
//! forks, CI logs and every clone, forever (history keeps it after deletion); it must be rotated.
//!
//! **Fails**: a known token shape anywhere in a shipped file — AWS `AKIA…`, GitHub `ghp_…`/
//! `github_pat_…`, GitLab `glpat-…`, Slack `xoxb-…` and webhook URLs, Stripe `sk_live_…`, Google
//! `AIza…`, OpenAI `sk-…`, Anthropic `sk-ant-…`, SendGrid `SG.….…`, npm `npm_…`, Twilio `SK…`,
//! `-----BEGIN … PRIVATE KEY-----` blocks, JWTs, `scheme://user:password@host` — or a
//! credential-looking string assigned to a secret-named key (`DB_PASSWORD = "hunter2hunter"`,
//! `"api_key": "…"`, `password: s3cr3tPass` in YAML/.env/properties).
//!
//! **Silent**: tests, fixtures, examples, docs, vendored and minified files, lockfiles, templates
//! (`.env.example`, `*.sample`, `*.template`), placeholders and references (`changeme`,
//! `${DB_PASSWORD}`, `<your-token>`, `xxxx`, values under 8 characters), values read from the
//! environment. Weak placeholders used as secrets are `default-secret`'s concern.
//!
//! Every snippet is printed masked: first 4 characters and `****`.

use super::secrets::{self, KeyNames};
use crate::engine::ctx::{FileCtx, LineSpan};
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::prefilter::Literals;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

/// Findings kept per file; a dump of credentials needs rotating either way.
const MAX_PER_FILE: usize = 20;

/// Shortest value of a secret-named key that can be a real credential.
const MIN_LEN: usize = 8;

/// Known credential shapes: (kind, regex).
static SHAPES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let raw: &[(&str, &str)] = &[
        ("AWS access key id", r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"),
        ("GitHub token", r"\bgh[pousr]_[A-Za-z0-9]{36,255}\b"),
        ("GitHub fine-grained token", r"\bgithub_pat_[A-Za-z0-9_]{22,255}"),
        ("GitLab access token", r"\bglpat-[A-Za-z0-9_\-]{20,}"),
        ("Slack token", r"\bxox[abposr]-[0-9]{6,}-[A-Za-z0-9-]{10,}"),
        (
            "Slack webhook URL",
            r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}",
        ),
        ("Stripe live secret key", r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}"),
        ("Stripe webhook secret", r"\bwhsec_[A-Za-z0-9]{24,}"),
        ("Google API key", r"\bAIza[0-9A-Za-z_\-]{35}"),
        ("Anthropic API key", r"\bsk-ant-[A-Za-z0-9_\-]{32,}"),
        ("OpenAI API key", r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_\-]{32,}"),
        ("SendGrid API key", r"\bSG\.[A-Za-z0-9_\-]{16,32}\.[A-Za-z0-9_\-]{16,64}"),
        ("npm access token", r"\bnpm_[A-Za-z0-9]{36}\b"),
        ("Twilio API key", r"\bSK[0-9a-f]{32}\b"),
        ("Hugging Face token", r"\bhf_[A-Za-z0-9]{34,}\b"),
        ("PyPI upload token", r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\-]{50,}"),
        ("DigitalOcean token", r"\bdop_v1_[a-f0-9]{64}\b"),
        ("Shopify access token", r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b"),
        ("private key", r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"),
        (
            "JSON Web Token",
            r"\beyJ[A-Za-z0-9_\-]{10,}\.eyJ[A-Za-z0-9_\-]{10,}\.[A-Za-z0-9_\-]{10,}",
        ),
    ];
    raw.iter().filter_map(|(k, r)| Regex::new(r).ok().map(|re| (*k, re))).collect()
});

/// Every shape in one pattern, for values judged one at a time.
static ANY_SHAPE: LazyLock<Regex> = LazyLock::new(|| {
    let all: Vec<String> = SHAPES.iter().map(|(_, re)| format!("(?:{})", re.as_str())).collect();
    Regex::new(&all.join("|")).expect("static regex")
});

/// What every match of each shape contains ([`Literals::of_regex`]), in [`SHAPES`] order: a shape
/// whose literals the file's 4-byte windows rule out is not searched.
static SHAPE_LITERALS: LazyLock<Vec<Literals>> = LazyLock::new(|| SHAPES.iter().map(|(_, re)| Literals::of_regex(re.as_str())).collect());

/// The shapes whose literals are too short for that (`sk-`, `SG.`, `hf_`, `SK`), in one pattern:
/// most files match none of them, and are then read once, not once per shape.
static UNGATED_SHAPES: LazyLock<Regex> = LazyLock::new(|| {
    let all: Vec<String> = SHAPES
        .iter()
        .zip(SHAPE_LITERALS.iter())
        .filter(|(_, lits)| !lits.is_selective())
        .map(|((_, re), _)| format!("(?:{})", re.as_str()))
        .collect();
    // No such shape: a pattern that matches nothing.
    Regex::new(&if all.is_empty() { r"[^\s\S]".to_string() } else { all.join("|") }).expect("static regex")
});

/// `.setPassword(`, `.api_key(`: where a [`SETTER_CALL`] match starts, never across lines, so it is
/// looked for on the lines that hold a secret word ([`secrets::LINE_WORD`] covers every key).
static SETTER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.(?:set_?|with_?)?(?i:password|passwd|secret|client_?secret|token|access_?token|auth_?token|api_?key)")
        .expect("static regex")
});

/// `scheme://user:password@host`.
static URL_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b[a-zA-Z][a-zA-Z0-9+.\-]{1,20}://([^\s:/@'"`<>]{1,64}):([^\s@/'"`<>]{1,128})@([^\s/:'"`?#<>]+)"#).expect("static regex")
});

/// Cheap gate before the assignment patterns: some secret word occurs at all.
static SECRET_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)secret|passw|passphrase|pwd|token|key|_pass|auth").expect("static regex"));

/// `key = "value"`, `"key": "value"`, `key: Type = "value"`, `key := "value"`, `key => 'value'`.
static QUOTED_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"["']?(?P<key>(?:[A-Za-z_$][A-Za-z0-9_.$\-]*)?(?i:secret|passw|passphrase|pwd|token|key|pass|auth)[A-Za-z0-9_$\-]*)["']?"#,
        r#"(?:[ \t]*:[ \t]*[A-Za-z_&'<>\[\]]{1,30}(?:[ \t]+[A-Za-z_<>]{1,20})?)?(?:[ \t]+string)?"#,
        r#"[ \t]*(?::=|=>|=|:)[ \t]*(?:\[\]byte\([ \t]*|[bruBRU])?"#,
        r#"(?:"(?P<d>[^"\\\n]{1,300})"|'(?P<s>[^'\\\n]{1,300})'|`(?P<b>[^`\\\n$]{1,300})`)"#,
    ))
    .expect("static regex")
});

/// `.setPassword("…")`, `.password("…")`, `.api_key("…")`: builder and setter calls.
static SETTER_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\.(?:set_?|with_?)?(?P<key>(?i:password|passwd|secret|client_?secret|token|access_?token|auth_?token|api_?key))\s*\(\s*"(?P<d>[^"\\\n]{1,300})"\s*\)"#)
        .expect("static regex")
});

/// Unquoted `KEY=value` / `key: value` lines of configuration files.
static UNQUOTED_ASSIGN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)^[ \t]*(?:export[ \t]+|-[ \t]+)?(?P<key>[A-Za-z_][A-Za-z0-9_.\-]*)[ \t]*[=:][ \t]*(?P<val>[^\s"'#|>&*!\[{][^\s#]*)[ \t]*(?:#[^\n]*)?\r?$"#)
        .expect("static regex")
});

/// `.npmrc` / `.yarnrc` auth lines: `//registry.npmjs.org/:_authToken=…`.
static NPMRC_AUTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?m)(?P<key>_auth(?:Token)?|_password|npmAuthToken)[ \t]*[=:][ \t]*"?(?P<val>[^\s"]+)"#).expect("static regex")
});

/// File names that are never scanned: lockfiles and generated maps.
fn is_lockfile(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    matches!(
        n.as_str(),
        "package-lock.json"
            | "npm-shrinkwrap.json"
            | "yarn.lock"
            | "pnpm-lock.yaml"
            | "bun.lock"
            | "cargo.lock"
            | "poetry.lock"
            | "pipfile.lock"
            | "uv.lock"
            | "composer.lock"
            | "gemfile.lock"
            | "go.sum"
            | "go.work.sum"
            | "flake.lock"
            | "packages.lock.json"
    ) || n.ends_with(".lock")
        || n.ends_with(".map")
        || n.ends_with(".snap")
        || n.ends_with(".svg")
}

/// Path components whose files are test doubles or seed data, not shipped configuration.
const MOCK_DIRS: &[&str] = &["__mocks__", "mocks", "mock", "stubs", "seeds", "seed", "seeders"];

/// Extensions of scripts and configuration without a parsed language that still hold assignments.
const SCRIPT_EXT: &[&str] = &[
    "sh",
    "bash",
    "zsh",
    "ps1",
    "rb",
    "php",
    "cs",
    "kt",
    "kts",
    "swift",
    "scala",
    "tf",
    "tfvars",
    "hcl",
    "properties",
    "groovy",
    "ex",
    "exs",
    "lua",
    "pl",
    "dart",
    "ini",
    "cfg",
    "conf",
    "env",
    "yaml",
    "yml",
    "toml",
    "json",
    "xml",
];

/// Extensions of files whose unquoted `key: value` / `KEY=value` lines are configuration.
const UNQUOTED_EXT: &[&str] = &["sh", "bash", "zsh", "properties", "ini", "cfg", "conf", "env", "yaml", "yml"];

fn ext_of(name: &str) -> &str {
    name.rsplit_once('.').map(|(_, e)| e).unwrap_or("")
}

/// True for a minified or generated bundle: very long lines.
fn is_minified(text: &str) -> bool {
    // More than 400 bytes per line on average, that is `len >= 401 * lines`: fewer than
    // `len / 401` line breaks, counted no further.
    let most = text.len() / 401;
    text.len() > 5_000 && memchr::memchr_iter(b'\n', text.as_bytes()).take(most).count() < most
}

/// Standard base64 / base64url decoding, lenient about padding; `None` on bad input.
fn b64_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = vec![];
    let mut buf = 0u32;
    let mut bits = 0;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => return None,
        };
        buf = (buf << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// A JWT that is public by design or a well-known sample: Supabase/Firebase `anon` keys, jwt.io's example.
fn is_public_jwt(token: &str) -> bool {
    let Some(payload) = token.split('.').nth(1) else { return true };
    let Some(bytes) = b64_decode(payload) else { return true };
    let json = String::from_utf8_lossy(&bytes).replace([' ', '\n'], "");
    // A token carries claims; documentation samples (`{"some":"payload"}`) do not.
    const CLAIMS: &[&str] = &[
        "\"iat\"",
        "\"exp\"",
        "\"sub\"",
        "\"iss\"",
        "\"aud\"",
        "\"nbf\"",
        "\"jti\"",
        "\"role\"",
        "\"scope\"",
        "\"uid\"",
        "\"user",
        "\"email\"",
    ];
    !json.starts_with('{')
        || !CLAIMS.iter().any(|c| json.contains(c))
        || json.contains(r#""role":"anon""#)
        || json.contains(r#""name":"JohnDoe""#)
}

/// True when a private key header is followed by key material, not a bare marker in code.
fn has_key_body(text: &str, after: usize) -> bool {
    let end = (after + 400).min(text.len());
    let window = text.get(after..end).unwrap_or("");
    let cleaned = window.replace("\\n", "\n").replace("\\r", "");
    let mut run = 0;
    let mut best = 0;
    for c in cleaned.chars() {
        if c.is_ascii_alphanumeric() || c == '+' || c == '/' || c == '=' {
            run += 1;
            best = best.max(run);
        } else if !matches!(c, '\n' | '\r' | '"' | '\'' | ' ' | '\t' | ',') {
            run = 0;
        }
    }
    best >= 40 && !window.to_ascii_lowercase().contains("xxxx")
}

/// True when a token-shaped match is a documented sample or an obvious stand-in.
fn is_sample_token(tok: &str) -> bool {
    let lower = tok.to_ascii_lowercase();
    const MARKS: &[&str] = &["example", "xxxx", "sample", "dummy", "placeholder", "fake", "redacted", "your"];
    if MARKS.iter().any(|m| lower.contains(m)) {
        return true;
    }
    let body = tok.rsplit(['_', '-', '.']).next().unwrap_or(tok);
    let distinct: std::collections::BTreeSet<char> = body.chars().collect();
    // Generated tokens mix character classes; a long lowercase word chain (`sk-loading-spinner-…`) does not.
    distinct.len() < 6 || secrets::classes(&tok.replace(['_', '-', '.'], "")) < 2
}

/// True when the key at `start..end` is unquoted and followed by `:` (not `:=`).
fn is_colon_after_bare_key(text: &str, start: usize, end: usize) -> bool {
    let quoted = start > 0 && matches!(text.as_bytes()[start - 1], b'"' | b'\'');
    let after = text[end..].trim_start();
    !quoted && after.starts_with(':') && !after.starts_with(":=")
}

/// What a secret-named key holds, for the message.
fn kind_of_name(name: &str) -> &'static str {
    let words = secrets::name_words(name);
    let last = words.last().map(String::as_str).unwrap_or("");
    if last.contains("pass") || last.ends_with("pwd") {
        "password"
    } else if last.ends_with("token") || last == "authorization" {
        "token"
    } else if last.ends_with("key") && words.iter().any(|w| w.starts_with("api")) {
        "API key"
    } else if last.ends_with("key") {
        "key"
    } else {
        "secret"
    }
}

pub struct HardcodedSecret {
    meta: RuleMeta,
}

impl HardcodedSecret {
    pub fn new() -> HardcodedSecret {
        HardcodedSecret {
            meta: RuleMeta {
                id: "hardcoded-secret".into(),
                category: Category::Security,
                severity: Severity::Critical,
                title: "No credentials committed to the repository".into(),
                rationale: "A credential in a tracked file is readable by everyone with access to the repository, its \
                            forks, clones and CI logs, and stays in history after it is deleted: it has to be rotated, \
                            not just removed."
                    .into(),
                detection: "Scans shipped code, configuration and infrastructure files (not tests, fixtures, examples, \
                            docs, vendored or minified files, lockfiles, or *.example/*.sample/*.template files) for known \
                            token shapes (AWS AKIA/ASIA keys, GitHub ghp_/gho_/ghs_/github_pat_, GitLab glpat-, Slack \
                            xox?- tokens and webhook URLs, Stripe sk_live_/rk_live_/whsec_, Google AIza…, OpenAI sk-…, \
                            Anthropic sk-ant-…, SendGrid SG.…, npm_, Twilio SK…, Hugging Face hf_, private key blocks, \
                            JWTs) and passwords in URLs (scheme://user:password@host, not localhost), and for string \
                            literals assigned to secret-named keys (password, secret, token, api_key, SECRET_KEY, …) \
                            that look like credentials: at least 8 characters, two character classes, not a word, path, \
                            URL, hash, reference (${VAR}, <…>, xxxx) or placeholder (changeme, example, dummy, test). \
                            Snippets are printed masked (first 4 characters + ****)."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "bash".into(),
                        snippet: "# 1. revoke and rotate the credential with its issuer — it is compromised\n\
                                  # 2. read it from the environment or a secret manager instead\n\
                                  # 3. keep .env out of git and scan before every push\n\
                                  echo '.env' >> .gitignore\n\
                                  git rm --cached .env"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "from pydantic_settings import BaseSettings\n\n\
                                  class Settings(BaseSettings):\n    database_url: str\n    jwt_secret: str  # required: no default\n\n\
                                  settings = Settings()"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "import os\n\nSECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]\n\
                                  DATABASES = {\"default\": dj_database_url.config(env=\"DATABASE_URL\")}"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "python".into(),
                        snippet: "app.config[\"SECRET_KEY\"] = os.environ[\"FLASK_SECRET_KEY\"]\n\
                                  stripe.api_key = os.environ[\"STRIPE_SECRET_KEY\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "const stripe = require('stripe')(process.env.STRIPE_SECRET_KEY);\n\
                                  if (!process.env.STRIPE_SECRET_KEY) throw new Error('STRIPE_SECRET_KEY is not set');"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "apiKey, ok := os.LookupEnv(\"API_KEY\")\nif !ok {\n\tlog.Fatal(\"API_KEY is not set\")\n}".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "let api_key = std::env::var(\"API_KEY\").context(\"API_KEY is not set\")?;".into(),
                    },
                ],
                effort_hours: 2.0,
                pass_message: "no credentials found in tracked files".into(),
                fail_message: "credentials are committed to the repository".into(),
            },
        }
    }
}

/// Files this rule reads: shipped code, configuration, infrastructure and scripts.
fn in_scope(file: &FileCtx<'_>) -> bool {
    let info = file.info;
    if !matches!(info.role, Role::Source | Role::Config | Role::Infra | Role::Other) {
        return false;
    }
    let name = info.name();
    if is_lockfile(name) || secrets::is_template_name(name) {
        return false;
    }
    // `.env.test`, `.env.vault`: test settings and encrypted vaults are meant to be committed.
    if name.starts_with(".env.") && !secrets::is_env_file_name(name) {
        return false;
    }
    if info.path.split('/').any(|c| {
        let c = c.to_ascii_lowercase();
        MOCK_DIRS.contains(&c.as_str()) || c.ends_with(".egg-info") || c.ends_with(".dist-info")
    }) || matches!(name, "PKG-INFO" | "METADATA")
    {
        return false;
    }
    !is_minified(file.text)
}

/// What follows the secret word of a [`QUOTED_ASSIGN`] match, up to its opening quote: the rest of
/// the key, then the pattern's own tail, anchored. The key's rest is as long as it can be, since
/// nothing after it can take a key character.
static AFTER_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"\A[A-Za-z0-9_$\-]*["']?"#,
        r#"(?:[ \t]*:[ \t]*[A-Za-z_&'<>\[\]]{1,30}(?:[ \t]+[A-Za-z_<>]{1,20})?)?(?:[ \t]+string)?"#,
        r#"[ \t]*(?::=|=>|=|:)[ \t]*(?:\[\]byte\([ \t]*|[bruBRU])?["'`]"#,
    ))
    .expect("static regex")
});

/// The lines where [`QUOTED_ASSIGN`] can match, as `(start, end)` byte ranges in order, and
/// whether some line can hold a [`SETTER_HEAD`]; `word_lines` are the lines holding a secret word
/// ([`secrets::word_lines`]) and `folded` the text ASCII-lowercased, where the words are found.
///
/// Every match of the assignment pattern has a key holding a secret word ([`secrets::LINE_WORD`])
/// followed, on its line, by the rest of the key, an assignment and an opening quote
/// ([`AFTER_WORD`]). So a line is tried only when one of its secret words is followed by that:
/// most words in code are `self.token_repo`, `for key in keys`, `key = f"…"`, which the whole
/// pattern would try and reject one by one. A setter's head is `.`, at most `with_client_`, then
/// the word: a `.` at most 14 bytes before a word on its line. The words of a line are those a
/// search of the whole text finds there: none spans a line break, and the pattern has no
/// look-around.
fn assignment_lines(text: &str, folded: &[u8], word_lines: &[LineSpan]) -> (Vec<(usize, usize)>, bool) {
    let b = text.as_bytes();
    let mut lines: Vec<(usize, usize)> = vec![];
    let mut setter = false;
    for &(start, _, end) in word_lines {
        let line = &text[start..end];
        let (mut assigns, mut setter_checked) = (false, setter);
        for m in secrets::LINE_WORD.find_iter(&folded[start..end]) {
            let (word_start, word_end) = (start + m.start, start + m.end);
            if !assigns && AFTER_WORD.is_match(&text[word_end..end]) {
                assigns = true;
                lines.push((start, end));
            }
            if !setter_checked && b[word_start.saturating_sub(14).max(start)..word_start].contains(&b'.') {
                setter_checked = true;
                setter = SETTER_HEAD.is_match(line);
            }
            if assigns && setter_checked {
                break;
            }
        }
    }
    (lines, setter)
}

/// True when the line at `byte` is a comment in a file without a parsed language.
fn config_comment_line(file: &FileCtx<'_>, byte: usize) -> bool {
    if file.lang().is_some() {
        return false;
    }
    let (line, _) = file.line_col(byte);
    let t = file.line_text(line).trim_start();
    t.starts_with('#') || t.starts_with(';') || t.starts_with("<!--") || t.starts_with("// ") || t == "//"
}

/// A credential-looking value assigned to a secret-named key, after stripping `Bearer `/`Basic `.
fn credential_value<'v>(key: &str, value: &'v str) -> Option<&'v str> {
    let key = key.trim_matches(|c| c == '"' || c == '\'' || c == '$');
    if !secrets::is_secret_name(key, KeyNames::Strict) {
        return None;
    }
    let v = value.trim();
    let v = ["Bearer ", "Basic ", "Token ", "token "]
        .iter()
        .find_map(|p| v.strip_prefix(p))
        .unwrap_or(v);
    let normalized_key: String = key
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    let normalized_val: String = v
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    if normalized_key == normalized_val || normalized_key.ends_with(&normalized_val) {
        return None;
    }
    secrets::looks_like_credential(v, MIN_LEN).then_some(v)
}

impl Rule for HardcodedSecret {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if !in_scope(file) {
            return;
        }
        let text = file.text;
        let mut found: Vec<(usize, usize)> = vec![];
        let mut out: Vec<Hit> = vec![];
        let overlaps = |found: &[(usize, usize)], s: usize, e: usize| found.iter().any(|&(a, b)| s < b && a < e);

        let mut ungated: Option<bool> = None;
        for ((kind, re), lits) in SHAPES.iter().zip(SHAPE_LITERALS.iter()) {
            let may = if lits.is_selective() {
                file.may_match(lits)
            } else {
                *ungated.get_or_insert_with(|| UNGATED_SHAPES.is_match(text))
            };
            if !may {
                continue;
            }
            for m in re.find_iter(text) {
                let tok = m.as_str();
                if overlaps(&found, m.start(), m.end()) {
                    continue;
                }
                let ok = match *kind {
                    "private key" => has_key_body(text, m.end()),
                    // Firebase web configs ship their API key to browsers by design.
                    "Google API key" => !text.contains("authDomain") && !is_sample_token(tok),
                    "JSON Web Token" => !is_public_jwt(tok),
                    "OpenAI API key" => !tok.starts_with("sk-ant-") && !is_sample_token(tok),
                    _ => !is_sample_token(tok),
                };
                if !ok {
                    continue;
                }
                found.push((m.start(), m.end()));
                // A key block's header is not the secret; the redactor replaces such lines whole.
                let mask: &[&str] = if *kind == "private key" { &[] } else { &[tok] };
                out.push(secrets::finding_masked(file, m.start(), format!("hardcoded {kind}"), mask));
            }
        }

        if file.contains("://") {
            for c in URL_CREDENTIALS.captures_iter(text) {
                let (Some(all), Some(user), Some(pw), Some(host)) = (c.get(0), c.get(1), c.get(2), c.get(3)) else {
                    continue;
                };
                if overlaps(&found, all.start(), all.end()) {
                    continue;
                }
                let host = host.as_str().to_ascii_lowercase();
                let local = ["localhost", "127.0.0.1", "0.0.0.0", "host.docker.internal", "[::1]"]
                    .iter()
                    .any(|h| host == *h || host.starts_with(&format!("{h}:")));
                if local || host.contains("example") || pw.as_str() == user.as_str() || !secrets::looks_like_credential(pw.as_str(), 6) {
                    continue;
                }
                found.push((pw.start(), pw.end()));
                out.push(secrets::finding_masked(
                    file,
                    all.start(),
                    "password in a connection URL",
                    &[pw.as_str()],
                ));
            }
        }

        let name = file.info.name();
        let ext = ext_of(name).to_ascii_lowercase();
        // CI files start throwaway service containers (`POSTGRES_PASSWORD: ci-only`): only token
        // shapes count there.
        let ci = crate::index::ci::provider(&file.info.path).is_some();
        let assign_scope = !ci
            && (file.lang().is_some()
                || secrets::is_env_file_name(name)
                || SCRIPT_EXT.contains(&ext.as_str())
                || matches!(file.info.role, Role::Infra | Role::Config));
        // Every match of `SECRET_WORD` sits on a line holding a `LINE_WORD` (each of its words
        // contains one, and none spans lines).
        let word_lines = if assign_scope {
            secrets::word_lines(file)
        } else {
            std::borrow::Cow::Borrowed(&[][..])
        };
        if word_lines.iter().any(|&(start, _, end)| SECRET_WORD.is_match(&text[start..end])) {
            let mut consider = |key_start: usize, key: &str, val_start: usize, value: &str, found: &mut Vec<(usize, usize)>| {
                // A token-shaped value was judged (reported or deliberately skipped) as a shape.
                if overlaps(found, val_start, val_start + value.len()) || ANY_SHAPE.is_match(value) {
                    return;
                }
                let Some(secret) = credential_value(key, value) else { return };
                if config_comment_line(file, key_start) {
                    return;
                }
                found.push((val_start, val_start + value.len()));
                let key_clean = key.trim_matches(|c| c == '"' || c == '\'' || c == '$');
                out.push(secrets::finding_masked(
                    file,
                    key_start,
                    format!("hardcoded {} in `{key_clean}`", kind_of_name(key_clean)),
                    &[secret],
                ));
            };
            // A quoted assignment is one line holding a secret word followed by an assignment, so
            // the pattern runs on those lines only (most of a file is not). Setter calls may span
            // lines and run on the text, but only when one of those lines holds a setter's start.
            let (lines, setter) = assignment_lines(text, file.folded(), &word_lines);
            let quoted = lines.into_iter().map(|(start, end)| (&*QUOTED_ASSIGN, (start, &text[start..end])));
            let setters = std::iter::once((&*SETTER_CALL, (0, text))).filter(|_| setter);
            for (re, (offset, piece)) in quoted.chain(setters) {
                for c in re.captures_iter(piece) {
                    let (Some(k), Some(v)) = (c.name("key"), c.name("d").or(c.name("s")).or(c.name("b"))) else {
                        continue;
                    };
                    let (k_start, v_start) = (offset + k.start(), offset + v.start());
                    // The value's opening quote must follow code, not sit in a comment or another string.
                    if file.lang().is_some() && !file.in_code(v_start.saturating_sub(2)) {
                        continue;
                    }
                    // Python `name: "Type"` is an annotation; only a quoted dict key takes `:`.
                    if file.lang() == Some(crate::lang::Lang::Python) && is_colon_after_bare_key(text, k_start, offset + k.end()) {
                        continue;
                    }
                    consider(k_start, k.as_str(), v_start, v.as_str(), &mut found);
                }
            }
            let unquoted = UNQUOTED_EXT.contains(&ext.as_str()) || secrets::is_env_file_name(name);
            let npmrc = matches!(name, ".npmrc" | ".yarnrc" | ".yarnrc.yml");
            if unquoted || npmrc {
                let re = if npmrc { &*NPMRC_AUTH } else { &*UNQUOTED_ASSIGN };
                // Both patterns match within one line, and a key that passes `credential_value`
                // holds a secret word: in a YAML file nearly every line is `key: value`, and
                // capturing each of them costs more than finding the few lines worth it.
                for &(start, _, end) in word_lines.iter() {
                    for c in re.captures_iter(&text[start..end]) {
                        let (Some(k), Some(v)) = (c.name("key"), c.name("val")) else {
                            continue;
                        };
                        consider(start + k.start(), k.as_str(), start + v.start(), v.as_str(), &mut found);
                    }
                }
            }
        }
        out.sort();
        out.dedup_by(|a, b| match (a, b) {
            (Hit::Finding(x), Hit::Finding(y)) => x.location.line == y.location.line && x.message == y.message,
            _ => false,
        });
        hits.extend(out.into_iter().take(MAX_PER_FILE));
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        let files: std::collections::BTreeSet<&str> = findings.iter().map(|f| f.location.path.as_str()).collect();
        Outcome::fail(
            format!("{} credential(s) committed in {} file(s)", findings.len(), files.len()),
            findings,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The assignment matches and the setter decision of every line holding a secret word, the
    /// way the rule first read them: the by-hand line filter must not lose one.
    fn every_line(text: &str) -> (Vec<(usize, usize)>, bool) {
        let mut matches = vec![];
        let mut setter = false;
        for (start, _, end) in crate::rules::util::lines_matching(&secrets::LINE_WORD, &crate::words::fold(text)) {
            let line = &text[start..end];
            setter |= SETTER_HEAD.is_match(line);
            matches.extend(QUOTED_ASSIGN.find_iter(line).map(|m| (start + m.start(), start + m.end())));
        }
        (matches, setter)
    }

    fn filtered(text: &str) -> (Vec<(usize, usize)>, bool) {
        let (lines, setter) = assignment_lines(text, &crate::words::fold(text), &secrets::word_lines_of(text));
        let mut matches = vec![];
        for (start, end) in lines {
            matches.extend(
                QUOTED_ASSIGN
                    .find_iter(&text[start..end])
                    .map(|m| (start + m.start(), start + m.end())),
            );
        }
        (matches, setter)
    }

    #[test]
    fn the_assignment_line_filter_keeps_every_match() {
        let mut texts: Vec<String> = [
            "DB_PASSWORD = \"hunter2hunter\"\nx = token.key = 'abcdefgh12'\n",
            "\"api_key\": \"sk_abcdefghijkl\", token: str = \"abcdefgh12\"",
            "var apiKey string = \"abcdefgh1234\"\nsecret := `abcdefgh1234`\n",
            "client.setPassword(\"abcdefgh12\")\nb.with_client_secret(\"x\")\n.setAccessToken(\"y\")",
            "for key in keys:\n    self.token_repo.get(token_id)\n",
            "auth => 'abcdefgh12'; $secret = \"abcdefgh12\"\nPASS\t=\t'abcdefgh12'",
            "\u{212a}EY = 'abcdefgh12'\nſecret = 'abcdefgh12'\n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let mut stack = vec![
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures")),
            std::path::PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        ];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if let Ok(t) = std::fs::read_to_string(&p) {
                    texts.push(t);
                }
            }
        }
        assert!(texts.len() > 500);
        let mut setters = 0;
        for t in &texts {
            let (want, setter) = every_line(t);
            let (got, got_setter) = filtered(t);
            assert_eq!(got, want, "{t}");
            assert_eq!(got_setter, setter, "{t}");
            setters += usize::from(setter);
        }
        assert!(setters > 3);
    }

    #[test]
    fn minified_means_more_than_400_bytes_per_line() {
        let by_division = |t: &str| t.len() > 5_000 && t.len() / (t.matches('\n').count() + 1) > 400;
        for lines in [1usize, 2, 12, 13, 14, 15, 30] {
            for width in [300usize, 399, 400, 401, 402, 500, 2000, 6000] {
                for tail in ["", "x", "\n"] {
                    let t = format!("{}{tail}", format!("{}\n", "x".repeat(width)).repeat(lines));
                    assert_eq!(is_minified(&t), by_division(&t), "{lines} lines of {width}{tail:?}");
                }
            }
        }
    }

    #[test]
    fn jwt_payloads() {
        let anon = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InF3cnR5cCIsInJvbGUiOiJhbm9uIiwiaWF0IjoxNzAwMDAwMDAwfQ.c2lnbmF0dXJlc2lnbg";
        assert!(is_public_jwt(anon));
        let svc = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3MDAwMDAwMDB9.c2lnbmF0dXJlc2lnbg";
        assert!(!is_public_jwt(svc));
    }

    #[test]
    fn samples() {
        assert!(is_sample_token("AKIAIOSFODNN7EXAMPLE"));
        assert!(is_sample_token("ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"));
        assert!(!is_sample_token("AKIAZ7QK3M5RW2TX4NPL"));
        assert!(is_sample_token("sk-loading-spinner-container-wrapper-large"));
        // jwt.io-style documentation sample without claims
        let doc = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzb21lIjoicGF5bG9hZCJ9.c2lnbmF0dXJlc2lnbg";
        assert!(is_public_jwt(doc));
    }

    /// Every shape this rule reports is also masked by the redactor, so no output shows it whole.
    #[test]
    fn every_shape_is_detected_and_redacted() {
        let samples = [
            "AKIAVQJXXVBOTHD0WTFL",
            "ghp_hbmuaptt0Azn0DNRUQxA71p2Td8VKqxryo1n",
            "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",
            "glpat-J599dTCZWZYvRSZeyx4A",
            "xoxb-140532352691-5956419069784-tYpATIk27f4t3tGolUByxRmX",
            "https://hooks.slack.com/services/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",
            "sk_live_YaUSRCsllZq3ZycZOkN8gaW1",
            "whsec_jxTZVcUOpdxfWEIRH3KU3hOuNsFqrLtC",
            "AIzauIb9OZiFZ3HLKv797TPNbpjava1bMZwIMlv",
            "sk-ant-api03-m7aSz7NRSOtv75y4SXvE9rwLbAtf6e9cpCGybY9lMR4pAwBp3GVy1PixOqoRGrB5Vpg5C6QsyHZytfqY6K1Qjah4dX",
            "sk-proj-bSh2Cde2wioVMEuUYMjPeFXsRgZzCYTHY2IvGYF0eYF2ExFJ",
            "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",
            "npm_BUhWRQdIAUDFbxtBetshRQNG3dhi4wVnX558",
            "SK5ab3adf32b1cc8fa650bdf6593d1b61b",
            "hf_CuFVpoDCIb20W0tvi1jsmCaDAoZuSEyDvv",
            "pypi-AgEIcHlwaS5vcmcCJGI4ZDg3YzQ2LTk0ZjUtNDBhYi1hMjE1LTM3OTlhYjI0NmE5ZQACKlsz",
            "dop_v1_4f8a9c2e1b7d3f6a0c5e8b2d9f1a7c3e6b0d4f8a2c9e5b1d7f3a6c0e8b4d2f9a",
            "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",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJzZXJ2aWNlX3JvbGUiLCJpYXQiOjE3MDAwMDAwMDB9.Zm9vYmFyYmF6cXV4cXV1eA",
        ];
        for tok in samples {
            let kinds: Vec<&str> = SHAPES.iter().filter(|(_, re)| re.is_match(tok)).map(|(k, _)| *k).collect();
            assert!(!kinds.is_empty(), "no shape matches {tok}");
            let line = format!("value = {tok}");
            assert!(!crate::redact::redact(&line).contains(tok), "redactor leaves {tok} whole");
        }
        assert_eq!(
            SHAPES.len(),
            samples.len() + 1,
            "a sample per shape (private keys are tested apart)"
        );
    }

    #[test]
    fn assignment_values() {
        assert_eq!(credential_value("DB_PASSWORD", "hunter2hunter"), Some("hunter2hunter"));
        assert_eq!(
            credential_value("Authorization", "Bearer Zk3mPq9rTx2vLw8s"),
            Some("Zk3mPq9rTx2vLw8s")
        );
        assert_eq!(credential_value("token_key", "auth_token"), None);
        assert_eq!(credential_value("ACCESS_TOKEN", "access_token"), None);
        assert_eq!(credential_value("password", "${DB_PASSWORD}"), None);
        assert_eq!(credential_value("TOKEN_URL", "Zk3mPq9rTx2vLw8s"), None);
    }
}
