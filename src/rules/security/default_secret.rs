//! `default-secret`: no placeholder secret is used as a fallback.
//!
//! **Why**: a secret with a default in code is a secret everyone who can read the repository
//! knows. A deployment that forgets to set the variable starts anyway — with `dev-secret` signing
//! its sessions and tokens — instead of failing at start-up.
//!
//! **Fails** (shipped code, decided on syntax trees):
//! - an environment read with a literal fallback for a secret-named variable:
//!   `os.getenv("JWT_SECRET", "dev-secret")`, `os.environ.get("SECRET_KEY", "…")`,
//!   `config("SECRET_KEY", default="…")`, `os.getenv("X") or "…"`, `process.env.SECRET || 'secret'`,
//!   `process.env.X ?? 'changeme'`, `const { JWT_SECRET = 'dev' } = process.env`,
//!   `getEnv("JWT_SECRET", "…")` helpers, Go `cmp.Or(os.Getenv("X"), "…")`,
//!   `viper.SetDefault("jwt.secret", "…")`, `if secret == "" { secret = "…" }`,
//!   Rust `env::var("X").unwrap_or_else(|_| "…".into())`, pydantic `BaseSettings` fields with a
//!   literal default, and `${JWT_SECRET:-changeme}` / Spring `${JWT_SECRET:changeme}` in compose,
//!   Dockerfiles and application config;
//! - a placeholder assigned to a secret-named key: Django's `SECRET_KEY = "django-insecure-…"`,
//!   `secret: 'keyboard cat'`, `JWT_SECRET = "changeme"`, `your-secret-key`, `supersecret`.
//!
//! **Silent**: empty fallbacks, non-secret names (`TOKEN_TTL`, `JWT_ALGORITHM`), development-only
//! settings files (`settings/dev.py`, `local_settings.py`), dev compose files, tests and fixtures.

use super::secrets::{self, KeyNames};
use crate::engine::ctx::{FileCtx, LineSpan};
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::{string_value, walk_tree};
use regex::Regex;
use std::sync::LazyLock;
use syn::visit::Visit;
use tree_sitter::Node;

/// Names of helper functions that read an environment variable with a default as second argument.
static ENV_HELPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^_?(?:get_?env(?:_?(?:var|or|or_?default|default|or_?else|str|string))?|env_?or(?:_?default|_?else)?|getenv_?(?:or|default)|env_?default|must_?get_?env_?or|lookup_?env_?or)$")
        .expect("static regex")
});

/// Callees (as written) that read the environment or a settings source with a default.
const ENV_GETTERS: &[&str] = &[
    "os.getenv",
    "getenv",
    "os.environ.get",
    "environ.get",
    "os.environ.setdefault",
    "config",
    "decouple.config",
    "env",
    "env.str",
    "env.get_value",
    "viper.SetDefault",
    "v.SetDefault",
];

/// `${VAR:-default}`, `${VAR-default}` (shell, compose, Dockerfile) and `${VAR:default}` (Spring).
static CONFIG_DEFAULT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\$\{(?P<name>[A-Za-z_][A-Za-z0-9_.\-]*)(?P<sep>:-|-|:)(?P<val>[^}\n]*)\}").expect("static regex"));

/// Cheap gate: a file that mentions none of these (in any case) cannot hold a default secret.
/// Searched in the folded text, where it is one exact literal search.
static GATE: LazyLock<crate::words::Words> =
    LazyLock::new(|| crate::words::Words::new(&["secret", "passw", "token", "key", "jwt", "signing", "pwd", "passphrase", "insecure"]));

/// Placeholder secrets people assign while "it's just dev", normalized (`_`, spaces → `-`).
const PLACEHOLDER_EXACT: &[&str] = &[
    "changeme",
    "change-me",
    "changeit",
    "change-this",
    "changethis",
    "secret",
    "supersecret",
    "super-secret",
    "mysecret",
    "my-secret",
    "topsecret",
    "top-secret",
    "secretkey",
    "secret-key",
    "my-secret-key",
    "mysecretkey",
    "dev",
    "dev-secret",
    "devsecret",
    "development",
    "test",
    "testing",
    "dummy",
    "placeholder",
    "default",
    "insecure",
    "notsecret",
    "not-secret",
    "not-a-secret",
    "keyboard-cat",
    "shh",
    "shhh",
    "shhhh",
    "password",
    "password1",
    "password123",
    "passw0rd",
    "admin",
    "admin123",
    "root",
    "qwerty",
    "letmein",
    "123456",
    "12345678",
    "s3cr3t",
    "jwt-secret",
    "jwtsecret",
    "session-secret",
    "token",
    "api-key",
    "apikey",
    "abc123",
    "foobar",
    "replaceme",
    "replace-me",
    "please-change-me",
    "todo",
];
const PLACEHOLDER_PREFIX: &[&str] = &[
    "django-insecure-",
    "your-",
    "change-me",
    "changeme",
    "change-this",
    "replace-",
    "insecure-",
    "dev-",
    "development-",
    "local-",
    "test-",
    "default-",
    "super-secret",
    "supersecret",
    "my-secret",
    "mysecret",
    "not-so-secret",
    "dummy-",
];
const PLACEHOLDER_SUFFIX: &[&str] = &[
    "-change-me",
    "-changeme",
    "-in-production",
    "-in-prod",
    "-dev",
    "-insecure",
    "-placeholder",
];
const PLACEHOLDER_INFIX: &[&str] = &["change-me", "changeme", "change-this", "insecure", "please-change", "replace-me"];

/// True when `value`, assigned to the secret-named `name`, is a made-up placeholder secret.
pub fn is_placeholder_secret(name: &str, value: &str) -> bool {
    let v = value.trim();
    if v.is_empty() || secrets::is_reference(v) || v.contains('/') || v.starts_with("http") {
        return false;
    }
    let lower = v.to_ascii_lowercase();
    if lower == "keyboard cat" {
        return true;
    }
    if v.contains(char::is_whitespace) {
        return false;
    }
    // An environment variable's name (`"JWT_SECRET"`), or the key itself (`password: "password"`).
    let env_name = v.len() > 1 && v.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_') && v.contains('_');
    if env_name && secrets::is_secret_name(v, KeyNames::Broad) {
        return false;
    }
    let squash = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_ascii_lowercase()
    };
    if squash(name) == squash(v) {
        return false;
    }
    let norm: String = lower.chars().map(|c| if c == '_' { '-' } else { c }).collect();
    PLACEHOLDER_EXACT.contains(&norm.as_str())
        || PLACEHOLDER_PREFIX.iter().any(|p| norm.starts_with(p))
        || PLACEHOLDER_SUFFIX.iter().any(|s| norm.ends_with(s))
        || PLACEHOLDER_INFIX.iter().any(|s| norm.contains(s))
}

/// A string literal whose value [`is_placeholder_secret`] could accept, where a value goes: after
/// `=` or `:` (assignments, declarations, keyword arguments, object and dict entries, Go `:=`),
/// then optional spaces, comments, Go's `[]byte(` and a string prefix (`r"…"`); then a quote,
/// optional spaces and a placeholder word (exact, as a prefix, with a suffix, or anywhere for the
/// infix words), `-` and `_` alike, ASCII case ignored. A placeholder has no inner whitespace, so
/// what lies between the quote and a suffix or infix is non-space. Built from the lists above, so
/// it cannot fall behind them. Dict keys (`"token": …`) do not pass.
static PLACEHOLDER_LITERAL: LazyLock<Regex> = LazyLock::new(|| {
    let alt = |words: &[&str]| {
        words
            .iter()
            .map(|w| w.split('-').map(regex::escape).collect::<Vec<_>>().join("[-_]"))
            .collect::<Vec<_>>()
            .join("|")
    };
    let q = r#"["'`]"#;
    let gap = r"(?:\s|#[^\n]*|//[^\n]*|/\*(?s:.*?)\*/|\\)*";
    let pattern = format!(
        r"(?i)[=:]{gap}(?:\[\]byte\(\s*)?[A-Za-z]*{q}\s*(?:(?:{exact})\s*{q}|(?:{prefix})|\S*?(?:{suffix})\s*{q}|\S*?(?:{infix})|keyboard cat)",
        exact = alt(PLACEHOLDER_EXACT),
        prefix = alt(PLACEHOLDER_PREFIX),
        suffix = alt(PLACEHOLDER_SUFFIX),
        infix = alt(PLACEHOLDER_INFIX),
    );
    Regex::new(&pattern).expect("placeholder pattern")
});

/// `env` as a word or at a word's start (`os.environ`, `process.env`, `get_env`, `LookupEnv`, `ENV`)
/// or in `getenv`: every environment reader [`scan_tree`] knows has it in its name. Inside a word
/// (`TokenVehicle`) it is not a reader.
///
/// Found from each `env` in any case (one literal search), then judged by the bytes around it: a
/// regex that starts with "a non-letter" has no literal to skip ahead with and reads every byte.
fn env_word(text: &str) -> bool {
    static ENV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i-u:env)").expect("static regex"));
    let b = text.as_bytes();
    ENV.find_iter(text).any(|m| {
        let i = m.start();
        let word = &b[i..i + 3];
        i == 0
            || !b[i - 1].is_ascii_alphabetic()
            || word == b"ENV"
            || (word == b"Env" && b[i - 1].is_ascii_lowercase())
            || (i >= 3 && b[i - 3..i].eq_ignore_ascii_case(b"get"))
    })
}

/// Whether [`scan_tree`] can find anything in this file, decided without parsing it. Each of its
/// findings needs one of: an environment or settings read with a default (`env` in the callee,
/// `config(…)`, `SetDefault`, `process.env`), a pydantic `BaseSettings` class, Go's
/// `if x == "" { x = "…" }`, Rust's `dotenvy::var`, or a literal that is a placeholder secret.
///
/// For the tree-sitter languages the environment reads are narrowed further: each finding from
/// one names a secret (`is_secret_name`), and that name is written in the read itself, as the
/// first argument of the call or the property after `env` (see [`names_a_secret`]), or as a
/// destructured key of `process.env`; Go's empty check names its variable before `== ""`.
fn may_need_tree(file: &FileCtx<'_>, lang: Lang) -> bool {
    let reads = env_word(file.text) || file.contains("config") || file.contains("SetDefault");
    if lang == Lang::Rust {
        return reads || file.contains("dotenvy") || placeholder_assignment(file.text, &secrets::word_lines(file));
    }
    file.contains("BaseSettings")
        || (reads && (names_a_secret(file.text, &secrets::word_lines(file)) || ENV_DESTRUCTURING.is_match(file.text)))
        || (lang == Lang::Go && go_empty_secret(file.text))
        || placeholder_assignment(file.text, &secrets::word_lines(file))
}

/// A string literal opening a call's arguments (`getenv("JWT_SECRET"`, `config(\n  'API_KEY'`),
/// or the name after `env.`/`env[` (`process.env.JWT_SECRET`, `import.meta.env["TOKEN"]`): where
/// [`scan_tree`]'s environment reads carry the name they read. Capture 1 or 2 is the name.
static NAMED_READ: LazyLock<Regex> = LazyLock::new(|| {
    let gap = r"(?:\s|\\|#[^\n]*|//[^\n]*|/\*(?s:.*?)\*/)*";
    let quote = r#"(?:\"\"\"|'''|["'`])"#;
    Regex::new(&format!(
        r#"\({gap}[A-Za-z]{{0,2}}{quote}([^"'`\n]*)|(?-u:\b)env\s*(?:\??\.\s*([A-Za-z_$][\w$]*)|\[\s*{quote}([^"'`\n]*))"#
    ))
    .expect("static regex")
});

/// Whether some call's first literal argument, or some `env` property, is a secret's name.
///
/// `word_lines` are the text's lines holding a [`secrets::LINE_WORD`]. A secret's name holds one
/// ([`secrets::is_secret_name`]) and a captured name lies on one line inside its match, so only
/// the matches that reach such a line need their groups: most `("…` calls in a file do not.
fn names_a_secret(text: &str, word_lines: &[LineSpan]) -> bool {
    let mut lines = word_lines.iter().peekable();
    NAMED_READ.find_iter(text).any(|m| {
        while lines.next_if(|&&(_, _, end)| end <= m.start()).is_some() {}
        if lines.peek().is_none_or(|&&(start, _, _)| start >= m.end()) {
            return false;
        }
        // The leftmost match from this match's start is this match, with its groups.
        NAMED_READ.captures_at(text, m.start()).is_some_and(|c| {
            [1, 2, 3]
                .iter()
                .filter_map(|&i| c.get(i))
                .any(|g| secrets::is_secret_name(g.as_str(), KeyNames::Broad))
        })
    })
}

/// `const { JWT_SECRET = "dev" } = process.env`: the names sit before the read.
static ENV_DESTRUCTURING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\}\s*=\s*(?:process|import\s*\.\s*meta)\s*\.\s*env(?-u:\b)").expect("static regex"));

/// Go's `if name == "" {`: whether some compared name is a secret's, or is not a plain name.
/// The compared name is the run of non-space characters before the `==` (and any spaces), found
/// by hand: a pattern starting with `\S*` leaves the regex engine no literal to search for. A run
/// longer than [`GO_LEFT_WINDOW`] counts as a possible secret.
fn go_empty_secret(text: &str) -> bool {
    static EMPTY_CHECK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"==\s*(?:""|``)"#).expect("static regex"));
    EMPTY_CHECK.find_iter(text).any(|m| {
        let before = text[..m.start()].trim_end();
        let from = crate::rules::util::floor_char_boundary(before, before.len().saturating_sub(GO_LEFT_WINDOW));
        let Some(start) = before[from..].rfind(char::is_whitespace).map(|i| {
            let ws = before[from + i..].chars().next().map_or(1, char::len_utf8);
            from + i + ws
        }) else {
            return from > 0 || go_secret_or_odd(before);
        };
        go_secret_or_odd(&before[start..])
    })
}

/// Most bytes [`go_empty_secret`] reads back from a `==`.
const GO_LEFT_WINDOW: usize = 4096;

/// [`go_empty_secret`]'s test on the left side of `== ""`.
fn go_secret_or_odd(left: &str) -> bool {
    let name = left.rsplit('.').next().unwrap_or(left);
    name.is_empty() || !name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_') || secrets::is_secret_name(name, KeyNames::Broad)
}

/// Whether some [`PLACEHOLDER_LITERAL`] is assigned to what may be a secret name: `direct()`
/// needs the name before the `=` or `:` to end in a secret word, and a name and its `=` share a
/// line, so that line must contain one (`secret`, `pass…`, `pwd`, `token`, `…key`,
/// `authorization`). Markup such as `className="token"` then costs no parse, and neither does a
/// Go struct tag (`Token string \`json:"token"\``), whose `:` sits inside a raw string.
///
/// Searched from the words: each line holding one is tried at each `=` or `:` after it, with the
/// pattern anchored there, so the rest of the file (most of it) is never run through the
/// pattern, whose leading `[=:]` no literal search can skip to. Each try looks at most
/// [`PLACEHOLDER_WINDOW`] bytes ahead: on a minified line the pattern's `\S*?` would otherwise
/// read to the end of the line from every `=`. `word_lines` are the lines holding a secret word
/// ([`secrets::word_lines`]).
fn placeholder_assignment(text: &str, word_lines: &[LineSpan]) -> bool {
    let b = text.as_bytes();
    for &(line_start, word_end, line_end) in word_lines {
        for q in memchr::memchr2_iter(b'=', b':', &b[word_end..line_end]).map(|i| word_end + i) {
            let end = crate::rules::util::floor_char_boundary(text, q + PLACEHOLDER_WINDOW);
            if !may_open_placeholder(&b[q + 1..end]) || !PLACEHOLDER_AT.is_match(&text[q..end]) {
                continue;
            }
            let before = &text[line_start..q];
            let struct_tag = b[q] == b':' && before.contains('`') && before.ends_with(|c: char| c.is_ascii_alphanumeric());
            if !struct_tag {
                return true;
            }
        }
    }
    false
}

/// [`PLACEHOLDER_LITERAL`] anchored at the start of the text: tried at one `=` or `:` at a time.
static PLACEHOLDER_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"\A(?:{})", PLACEHOLDER_LITERAL.as_str())).expect("anchored placeholder pattern"));

/// Whether a [`PLACEHOLDER_LITERAL`] match can go on with `after`, the bytes after its `=` or
/// `:`. Past the ASCII white space the pattern needs a quote, letters and then a quote (a string
/// prefix: `r"`, `f'`), the `[]byte(` of Go, or the start of a comment or a line continuation
/// (`#`, `/`, `\`). A byte past ASCII may start Unicode white space or a letter's case variant
/// (the Kelvin sign), and is left to the regex. Most `=` and `:` on a line with a secret word are
/// followed by none of these (`= 5`, `= get_token()`, `: string`, `key: value`, `==`), and are
/// settled without starting the regex, whose set-up costs more than this look.
fn may_open_placeholder(after: &[u8]) -> bool {
    // The ASCII part of the regex's `\s`, which has the vertical tab that `is_ascii_whitespace` lacks.
    let is_space = |c: &u8| matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    let start = after.iter().position(|c| !is_space(c)).unwrap_or(after.len());
    let rest = &after[start..];
    let letters = rest.iter().take_while(|c| c.is_ascii_alphabetic()).count();
    match (letters, rest.get(letters)) {
        (_, None) => false,
        (_, Some(&c)) if c >= 0x80 || matches!(c, b'"' | b'\'' | b'`') => true,
        (0, Some(&c)) => matches!(c, b'[' | b'#' | b'/' | b'\\'),
        _ => false,
    }
}

/// How far past its `=` a placeholder assignment is looked for: a comment, a prefix and a
/// placeholder word fit many times over; a real placeholder is a word, not a kilobyte.
const PLACEHOLDER_WINDOW: usize = 4096;

/// One problem, before it becomes a hit: byte offset, message, literal to mask.
struct Spot {
    byte: usize,
    message: String,
    value: String,
}

fn fallback(name: &str, byte: usize, value: String) -> Spot {
    Spot {
        byte,
        message: format!("`{name}` falls back to a hardcoded value when unset"),
        value,
    }
}

fn direct(name: &str, byte: usize, value: String) -> Option<Spot> {
    if !secrets::is_secret_name(name, KeyNames::Strict) || !is_placeholder_secret(name, &value) {
        return None;
    }
    let message = if value.to_ascii_lowercase().starts_with("django-insecure-") {
        format!("Django's generated insecure key is the shipped `{name}`")
    } else {
        format!("placeholder secret assigned to `{name}`")
    };
    Some(Spot { byte, message, value })
}

/// The value of a plain string literal node (no interpolation); `[]byte("…")` and Go literal
/// elements unwrapped.
fn literal(ctx: &FileCtx<'_>, node: Node<'_>) -> Option<String> {
    match node.kind() {
        "string" | "template_string" | "interpreted_string_literal" | "raw_string_literal" => {
            let mut c = node.walk();
            let interpolated = node
                .named_children(&mut c)
                .any(|ch| matches!(ch.kind(), "interpolation" | "template_substitution"));
            if interpolated {
                return None;
            }
            string_value(ctx.node_text(node))
        }
        "literal_element" | "expression_list" => {
            let mut c = node.walk();
            let kids: Vec<Node<'_>> = node.named_children(&mut c).collect();
            match kids.as_slice() {
                [one] if !matches!(one.kind(), "literal_element" | "expression_list") => literal(ctx, *one),
                _ => None,
            }
        }
        "type_conversion_expression" | "call_expression" if ctx.node_text(node).starts_with("[]byte(") => {
            let inner = node
                .child_by_field_name("operand")
                .or_else(|| node.child_by_field_name("arguments").and_then(|a| a.named_child(0)))?;
            matches!(inner.kind(), "interpreted_string_literal" | "raw_string_literal").then(|| literal(ctx, inner))?
        }
        _ => None,
    }
}

/// The name a left-hand side or key assigns: `x`, `self.x` → `x`, `cfg["X"]` → `X`, `"x"` → `x`.
fn target_name(ctx: &FileCtx<'_>, node: Node<'_>) -> Option<String> {
    match node.kind() {
        "identifier" | "property_identifier" | "field_identifier" | "shorthand_property_identifier_pattern" => {
            Some(ctx.node_text(node).to_string())
        }
        "attribute" => node.child_by_field_name("attribute").map(|n| ctx.node_text(n).to_string()),
        "member_expression" | "selector_expression" => node
            .child_by_field_name("property")
            .or_else(|| node.child_by_field_name("field"))
            .map(|n| ctx.node_text(n).to_string()),
        "subscript" | "subscript_expression" => {
            let idx = node
                .child_by_field_name("subscript")
                .or_else(|| node.child_by_field_name("index"))?;
            literal(ctx, idx)
        }
        "string" => literal(ctx, node),
        "literal_element" | "expression_list" => {
            let mut c = node.walk();
            let kids: Vec<Node<'_>> = node.named_children(&mut c).collect();
            match kids.as_slice() {
                [one] if !matches!(one.kind(), "literal_element" | "expression_list") => target_name(ctx, *one),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `process.env.X`, `process.env["X"]`, `import.meta.env.X` → `X`.
fn js_env_name(ctx: &FileCtx<'_>, node: Node<'_>) -> Option<String> {
    let obj = node.child_by_field_name("object")?;
    let obj_text: String = ctx.node_text(obj).chars().filter(|c| !c.is_whitespace()).collect();
    if obj_text != "process.env" && obj_text != "import.meta.env" {
        return None;
    }
    match node.kind() {
        "member_expression" => node.child_by_field_name("property").map(|p| ctx.node_text(p).to_string()),
        "subscript_expression" => node.child_by_field_name("index").and_then(|i| literal(ctx, i)),
        _ => None,
    }
}

/// Positional arguments and (Python) the `default=` keyword of a call.
fn call_args<'t>(ctx: &FileCtx<'_>, call: Node<'t>) -> (Vec<Node<'t>>, Option<Node<'t>>) {
    let Some(args) = call.child_by_field_name("arguments") else {
        return (vec![], None);
    };
    let mut c = args.walk();
    let mut positional = vec![];
    let mut default = None;
    for a in args.named_children(&mut c) {
        match a.kind() {
            "keyword_argument" => {
                let is_default = a.child_by_field_name("name").is_some_and(|n| ctx.node_text(n) == "default");
                if is_default {
                    default = a.child_by_field_name("value");
                }
            }
            "comment" => {}
            _ => positional.push(a),
        }
    }
    (positional, default)
}

/// An environment read inside `node` with one literal name: `os.getenv("X")`, `os.Getenv("X")`,
/// `os.environ.get("X")`, `process.env.X`.
fn env_read_name(ctx: &FileCtx<'_>, node: Node<'_>) -> Option<String> {
    match node.kind() {
        "member_expression" | "subscript_expression" => js_env_name(ctx, node),
        "call" | "call_expression" => {
            let f = node.child_by_field_name("function")?;
            let callee: String = ctx.node_text(f).chars().filter(|c| !c.is_whitespace()).collect();
            if !matches!(
                callee.as_str(),
                "os.getenv" | "getenv" | "os.environ.get" | "environ.get" | "os.Getenv" | "os.LookupEnv"
            ) {
                return None;
            }
            let (pos, _) = call_args(ctx, node);
            literal(ctx, *pos.first()?)
        }
        _ => None,
    }
}

/// Spots in a tree-sitter language (Python, JS/TS, Go).
fn scan_tree(ctx: &FileCtx<'_>, lang: Lang, out: &mut Vec<Spot>) {
    let Some(tree) = ctx.tree() else { return };
    walk_tree(tree.root_node(), |node| match node.kind() {
        "call" | "call_expression" => {
            let Some(f) = node.child_by_field_name("function") else { return };
            let callee: String = ctx.node_text(f).chars().filter(|c| !c.is_whitespace()).collect();
            let last = callee.rsplit('.').next().unwrap_or(&callee);
            let (pos, kw_default) = call_args(ctx, node);
            if callee == "cmp.Or" && pos.len() >= 2 {
                if let (Some(name), Some(v)) = (env_read_name(ctx, pos[0]), pos.last().and_then(|n| literal(ctx, *n)))
                    && !v.is_empty()
                    && secrets::is_secret_name(&name, KeyNames::Broad)
                    && let Some(last) = pos.last()
                {
                    out.push(fallback(&name, last.start_byte(), v));
                }
                return;
            }
            if !(ENV_GETTERS.contains(&callee.as_str()) || ENV_HELPER.is_match(last)) {
                return;
            }
            let Some(name) = pos.first().and_then(|n| literal(ctx, *n)) else {
                return;
            };
            let Some(dnode) = pos.get(1).copied().or(kw_default) else { return };
            if let Some(v) = literal(ctx, dnode)
                && !v.is_empty()
                && !secrets::is_reference(&v)
                && secrets::is_secret_name(&name, KeyNames::Broad)
            {
                out.push(fallback(&name, dnode.start_byte(), v));
            }
        }
        "boolean_operator" | "binary_expression" => {
            let op = node.child_by_field_name("operator").map(|o| ctx.node_text(o)).unwrap_or("");
            if !matches!(op, "or" | "||" | "??") {
                return;
            }
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return;
            };
            if let (Some(name), Some(v)) = (env_read_name(ctx, l), literal(ctx, r))
                && !v.is_empty()
                && secrets::is_secret_name(&name, KeyNames::Broad)
            {
                out.push(fallback(&name, r.start_byte(), v));
            }
        }
        "object_pattern" => {
            let from_env = node
                .parent()
                .and_then(|p| p.child_by_field_name("value"))
                .is_some_and(|v| matches!(ctx.node_text(v).trim(), "process.env" | "import.meta.env"));
            if !from_env {
                return;
            }
            let mut c = node.walk();
            for p in node.named_children(&mut c).filter(|p| p.kind() == "object_assignment_pattern") {
                let (Some(l), Some(r)) = (p.child_by_field_name("left"), p.child_by_field_name("right")) else {
                    continue;
                };
                let name = match l.kind() {
                    "pair_pattern" => l.child_by_field_name("key").map(|k| ctx.node_text(k).to_string()),
                    _ => Some(ctx.node_text(l).to_string()),
                };
                if let (Some(name), Some(v)) = (name, literal(ctx, r))
                    && !v.is_empty()
                    && secrets::is_secret_name(&name, KeyNames::Broad)
                {
                    out.push(fallback(&name, r.start_byte(), v));
                }
            }
        }
        "if_statement" if lang == Lang::Go => go_empty_check(ctx, node, out),
        "assignment" if lang == Lang::Python => {
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return;
            };
            let Some(name) = target_name(ctx, l) else { return };
            if node.child_by_field_name("type").is_some() && in_settings_class(ctx, node) {
                let v = literal(ctx, r).or_else(|| field_default(ctx, r));
                if let Some(v) = v.filter(|v| !v.is_empty())
                    && secrets::is_secret_name(&name, KeyNames::Broad)
                {
                    out.push(Spot {
                        byte: r.start_byte(),
                        message: format!("settings field `{name}` defaults to a hardcoded value"),
                        value: v,
                    });
                    return;
                }
            }
            if let Some(v) = literal(ctx, r)
                && let Some(s) = direct(&name, r.start_byte(), v)
            {
                out.push(s);
            }
        }
        "keyword_argument"
        | "pair"
        | "variable_declarator"
        | "assignment_expression"
        | "field_definition"
        | "public_field_definition"
        | "const_spec"
        | "var_spec"
        | "short_var_declaration"
        | "assignment_statement"
        | "keyed_element" => {
            let (k, v) = match node.kind() {
                "keyword_argument" => (node.child_by_field_name("name"), node.child_by_field_name("value")),
                "pair" | "keyed_element" => (node.child_by_field_name("key"), node.child_by_field_name("value")),
                "variable_declarator" | "public_field_definition" => (node.child_by_field_name("name"), node.child_by_field_name("value")),
                "field_definition" => (node.child_by_field_name("property"), node.child_by_field_name("value")),
                "const_spec" | "var_spec" => (node.child_by_field_name("name"), node.child_by_field_name("value")),
                _ => (node.child_by_field_name("left"), node.child_by_field_name("right")),
            };
            let (Some(k), Some(v)) = (k, v) else { return };
            if let (Some(name), Some(val)) = (target_name(ctx, k), literal(ctx, v))
                && let Some(s) = direct(&name, v.start_byte(), val)
            {
                out.push(s);
            }
        }
        _ => {}
    });
}

/// Go: `if secret == "" { secret = "…" }`.
fn go_empty_check(ctx: &FileCtx<'_>, node: Node<'_>, out: &mut Vec<Spot>) {
    let Some(cond) = node.child_by_field_name("condition") else {
        return;
    };
    if cond.kind() != "binary_expression" || cond.child_by_field_name("operator").map(|o| ctx.node_text(o)) != Some("==") {
        return;
    }
    let (Some(l), Some(r)) = (cond.child_by_field_name("left"), cond.child_by_field_name("right")) else {
        return;
    };
    if literal(ctx, r).as_deref() != Some("") {
        return;
    }
    let var = ctx.node_text(l);
    let Some(name) = target_name(ctx, l) else { return };
    if !secrets::is_secret_name(&name, KeyNames::Broad) {
        return;
    }
    let Some(block) = node.child_by_field_name("consequence") else {
        return;
    };
    walk_tree(block, |n| {
        if n.kind() == "assignment_statement"
            && let (Some(al), Some(ar)) = (n.child_by_field_name("left"), n.child_by_field_name("right"))
            && ctx.node_text(al) == var
            && let Some(v) = literal(ctx, ar)
            && !v.is_empty()
        {
            out.push(Spot {
                byte: ar.start_byte(),
                message: format!("`{name}` falls back to a hardcoded value when empty"),
                value: v,
            });
        }
    });
}

/// True when a Python assignment sits directly in a pydantic `BaseSettings` subclass.
fn in_settings_class(ctx: &FileCtx<'_>, node: Node<'_>) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.kind() == "class_definition" {
            return n
                .child_by_field_name("superclasses")
                .is_some_and(|s| ctx.node_text(s).contains("BaseSettings"));
        }
        if n.kind() == "function_definition" {
            return false;
        }
        cur = n.parent();
    }
    false
}

/// `Field("x")` / `Field(default="x")` → `x`.
fn field_default(ctx: &FileCtx<'_>, node: Node<'_>) -> Option<String> {
    if node.kind() != "call" {
        return None;
    }
    let f = node.child_by_field_name("function")?;
    if !ctx.node_text(f).ends_with("Field") {
        return None;
    }
    let (pos, kw) = call_args(ctx, node);
    literal(ctx, pos.first().copied().or(kw)?)
}

/// Rust, on the `syn` tree: env fallbacks and placeholder constants.
struct RustSpots {
    spots: Vec<(usize, usize, String, String)>,
}

/// `std::env::var("X")`, `env::var("X")`, `dotenvy::var("X")` anywhere down a method chain → `X`.
fn rust_env_name(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::MethodCall(m) => rust_env_name(&m.receiver),
        syn::Expr::Call(c) => {
            let syn::Expr::Path(p) = &*c.func else { return None };
            let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
            let n = segs.len();
            let is_env = n >= 2 && segs[n - 1] == "var" && matches!(segs[n - 2].as_str(), "env" | "dotenvy" | "dotenv");
            if !is_env {
                return None;
            }
            match c.args.first() {
                Some(syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. })) => Some(s.value()),
                _ => None,
            }
        }
        syn::Expr::Paren(p) => rust_env_name(&p.expr),
        _ => None,
    }
}

/// A Rust string literal's value and 1-based position.
struct RLit {
    value: String,
    line: usize,
    column: usize,
}

impl RLit {
    fn of(l: &syn::LitStr) -> RLit {
        let start = l.span().start();
        RLit {
            value: l.value(),
            line: start.line,
            column: start.column + 1,
        }
    }
}

/// The first string literal inside an expression (`"dev".to_string()`, `|_| "dev".into()`).
fn first_lit(expr: &syn::Expr) -> Option<RLit> {
    struct Find(Option<RLit>);
    impl<'ast> Visit<'ast> for Find {
        fn visit_lit_str(&mut self, l: &'ast syn::LitStr) {
            if self.0.is_none() {
                self.0 = Some(RLit::of(l));
            }
        }
    }
    let mut f = Find(None);
    f.visit_expr(expr);
    f.0
}

/// A literal string value, directly or through `.to_string()` / `String::from(…)` / `&"…"`.
fn rust_literal(expr: &syn::Expr) -> Option<RLit> {
    match expr {
        syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(s), .. }) => Some(RLit::of(s)),
        syn::Expr::MethodCall(m)
            if matches!(m.method.to_string().as_str(), "to_string" | "to_owned" | "into" | "into_string") && m.args.is_empty() =>
        {
            rust_literal(&m.receiver)
        }
        syn::Expr::Call(c) if c.args.len() == 1 => {
            let syn::Expr::Path(p) = &*c.func else { return None };
            let last = p.path.segments.last()?.ident.to_string();
            if matches!(last.as_str(), "from" | "new") {
                rust_literal(c.args.first()?)
            } else {
                None
            }
        }
        syn::Expr::Reference(r) => rust_literal(&r.expr),
        _ => None,
    }
}

impl RustSpots {
    fn push_direct(&mut self, name: &str, lit: RLit) {
        if secrets::is_secret_name(name, KeyNames::Strict) && is_placeholder_secret(name, &lit.value) {
            self.spots
                .push((lit.line, lit.column, format!("placeholder secret assigned to `{name}`"), lit.value));
        }
    }
}

impl<'ast> Visit<'ast> for RustSpots {
    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let method = m.method.to_string();
        if matches!(method.as_str(), "unwrap_or" | "unwrap_or_else" | "or" | "or_else")
            && let Some(name) = rust_env_name(&m.receiver)
            && secrets::is_secret_name(&name, KeyNames::Broad)
            && let Some(lit) = m.args.first().and_then(first_lit)
            && !lit.value.is_empty()
        {
            self.spots.push((
                lit.line,
                lit.column,
                format!("`{name}` falls back to a hardcoded value when unset"),
                lit.value,
            ));
        }
        syn::visit::visit_expr_method_call(self, m);
    }

    fn visit_item_const(&mut self, i: &'ast syn::ItemConst) {
        if let Some(lit) = rust_literal(&i.expr) {
            self.push_direct(&i.ident.to_string(), lit);
        }
        syn::visit::visit_item_const(self, i);
    }

    fn visit_item_static(&mut self, i: &'ast syn::ItemStatic) {
        if let Some(lit) = rust_literal(&i.expr) {
            self.push_direct(&i.ident.to_string(), lit);
        }
        syn::visit::visit_item_static(self, i);
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let pat = match &l.pat {
            syn::Pat::Type(t) => &*t.pat,
            p => p,
        };
        if let (syn::Pat::Ident(id), Some(init)) = (pat, &l.init)
            && let Some(lit) = rust_literal(&init.expr)
        {
            self.push_direct(&id.ident.to_string(), lit);
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_field_value(&mut self, f: &'ast syn::FieldValue) {
        if let (syn::Member::Named(id), Some(lit)) = (&f.member, rust_literal(&f.expr)) {
            self.push_direct(&id.to_string(), lit);
        }
        syn::visit::visit_field_value(self, f);
    }
}

/// True for a compose file meant for development only.
fn is_dev_compose(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .split(['.', '-', '_'])
        .any(|w| matches!(w, "dev" | "development" | "local" | "override" | "test" | "testing" | "ci"))
}

/// Configuration files where `${VAR:-default}` placeholders are resolved for the running service.
fn config_with_defaults(path: &str, name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if crate::index::infra::is_compose_path(path) || crate::rules::deployment::is_dockerfile_path(path) {
        return !is_dev_compose(&lower);
    }
    let spring = lower.starts_with("application") || lower.starts_with("bootstrap");
    spring && (lower.ends_with(".yml") || lower.ends_with(".yaml") || lower.ends_with(".properties")) && !is_dev_compose(&lower)
}

pub struct DefaultSecret {
    meta: RuleMeta,
}

impl DefaultSecret {
    pub fn new() -> DefaultSecret {
        DefaultSecret {
            meta: RuleMeta {
                id: "default-secret".into(),
                category: Category::Security,
                severity: Severity::High,
                title: "No placeholder secrets used as fallbacks".into(),
                rationale: "A secret with a default in code is known to everyone who can read the repository. A \
                            deployment that forgets the variable starts anyway, signing sessions and tokens with \
                            `dev-secret`, instead of refusing to start."
                    .into(),
                detection: "On syntax trees of shipped Python, JavaScript/TypeScript, Go and Rust (not tests, fixtures or \
                            development settings such as settings/dev.py and local_settings.py): environment reads of a \
                            secret-named variable (secret, key, token, password, jwt, signing, …) with a literal \
                            fallback — os.getenv/os.environ.get/config()/env() defaults, `or`, `||`, `??`, destructuring \
                            defaults from process.env, getEnv(name, default) helpers, cmp.Or, viper.SetDefault, \
                            `if secret == \"\" { secret = \"…\" }`, unwrap_or(_else) on env::var, pydantic BaseSettings \
                            fields with a literal default — and placeholder secrets assigned to secret-named keys \
                            (django-insecure-…, changeme, your-secret-key, supersecret, secret, keyboard cat). Also \
                            ${SECRET:-default} / ${SECRET:default} in compose (not dev/override files), Dockerfiles and \
                            Spring application config."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "python".into(),
                        snippet: "# fail at start-up instead of running with a known secret\n\
                                  JWT_SECRET = os.environ[\"JWT_SECRET\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "SECRET_KEY = os.environ[\"DJANGO_SECRET_KEY\"]  # no default\n\
                                  # generate one: python -c 'from django.core.management.utils import get_random_secret_key; print(get_random_secret_key())'"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "class Settings(BaseSettings):\n    jwt_secret: SecretStr  # required, no default".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "const secret = process.env.SESSION_SECRET;\n\
                                  if (!secret) throw new Error('SESSION_SECRET is not set');\n\
                                  app.use(session({ secret, resave: false, saveUninitialized: false }));"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "ConfigModule.forRoot({ validationSchema: Joi.object({ JWT_SECRET: Joi.string().min(32).required() }) })"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "secret := os.Getenv(\"JWT_SECRET\")\nif secret == \"\" {\n\tlog.Fatal(\"JWT_SECRET is not set\")\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "let secret = std::env::var(\"JWT_SECRET\").expect(\"JWT_SECRET is not set\");".into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "no placeholder secrets used as fallbacks".into(),
                fail_message: "a placeholder secret is used when configuration is missing".into(),
            },
        }
    }
}

impl Rule for DefaultSecret {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Test | Role::Example | Role::Doc) || GATE.find_at(file.folded(), 0).is_none() {
            return;
        }
        if info
            .path
            .split('/')
            .any(|c| matches!(c, "__mocks__" | "mocks" | "seeds" | "seed" | "seeders"))
        {
            return;
        }
        let name = info.name();
        if info.lang.is_none() {
            if !file.contains("${") || !config_with_defaults(&info.path, name) {
                return;
            }
            for c in CONFIG_DEFAULT.captures_iter(file.text) {
                let (Some(n), Some(sep), Some(v)) = (c.name("name"), c.name("sep"), c.name("val")) else {
                    continue;
                };
                let value = v.as_str().trim().trim_matches(|ch| ch == '"' || ch == '\'');
                let spring = sep.as_str() == ":";
                if value.is_empty() || (spring && value.starts_with(['?', '+', '-'])) || secrets::is_reference(value) {
                    continue;
                }
                if secrets::is_secret_name(n.as_str(), KeyNames::Broad) {
                    hits.push(secrets::finding_masked(
                        file,
                        n.start(),
                        format!("`{}` falls back to a hardcoded value when unset", n.as_str()),
                        &[value],
                    ));
                }
            }
            return;
        }
        if info.role != Role::Source || secrets::is_dev_settings_path(&info.path) {
            return;
        }
        let Some(lang) = info.lang else { return };
        let mut spots = vec![];
        match lang {
            Lang::Rust => {
                if !may_need_tree(file, lang) {
                    return;
                }
                let Some(ast) = file.rust_ast() else { return };
                let mut v = RustSpots { spots: vec![] };
                v.visit_file(ast);
                for (line, col, message, value) in v.spots {
                    let Hit::Finding(mut f) = file.finding_at_line(line, col, message) else {
                        continue;
                    };
                    f.snippet = Some(secrets::masked_snippet(file.line_text(line), &[&value]));
                    hits.push(Hit::Finding(f));
                }
                return;
            }
            Lang::Java => return,
            _ if !may_need_tree(file, lang) => return,
            _ => scan_tree(file, lang, &mut spots),
        }
        spots.sort_by_key(|s| s.byte);
        spots.dedup_by_key(|s| s.byte);
        for s in spots {
            hits.push(secrets::finding_masked(file, s.byte, s.message, &[&s.value]));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(format!("{} placeholder or fallback secret(s)", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The folded-text gate answers as the case-insensitive pattern it replaced.
    #[test]
    fn the_gate_answers_as_the_case_insensitive_words() {
        let re = Regex::new(r"(?i)secret|passw|token|key|jwt|signing|pwd|passphrase|insecure").unwrap_or_else(|e| panic!("{e}"));
        let texts = [
            "JWT_SECRET = os.environ.get('JWT_SECRET', 'dev')",
            "const apiKey = process.env.API_KEY",
            "PASSWORD=changeme",
            "\u{212a}EY = 1",
            "signingMethod: HS256",
            "def handler(request):\n    return render(request)\n",
            "",
        ];
        let mut found = 0;
        for t in texts {
            let want = re.is_match(t);
            assert_eq!(GATE.find_at(&crate::words::fold(t), 0).is_some(), want, "{t}");
            found += usize::from(want);
        }
        assert_eq!(found, 5);
    }

    /// [`placeholder_assignment`] over the whole of `text`.
    fn placeholder_in(text: &str) -> bool {
        placeholder_assignment(text, &secrets::word_lines_of(text))
    }

    /// [`names_a_secret`] with the text's own word lines.
    fn names_in(text: &str) -> bool {
        names_a_secret(text, &secrets::word_lines_of(text))
    }

    /// The word-line filter drops no match whose groups name a secret: the answers are those of
    /// every match's groups, on texts mixing reads over several lines, comments and other calls.
    #[test]
    fn named_reads_are_those_of_every_match() {
        let every_match = |text: &str| {
            NAMED_READ.captures_iter(text).any(|c| {
                [1, 2, 3]
                    .iter()
                    .filter_map(|&i| c.get(i))
                    .any(|g| secrets::is_secret_name(g.as_str(), KeyNames::Broad))
            })
        };
        let texts = [
            "",
            "print(\"hello\")\nlog(\"x\")\n",
            "a = f(\"REDIS_URL\")\nb = os.getenv(\n  # why\n  \"JWT_SECRET\", \"dev\")\n",
            "x(\"one\"); y(\"two\"); z(\"API_TOKEN\")",
            "const a = process.env.PORT;\nconst b = process.env.\n  STRIPE_KEY;\n",
            "env[\"SESSION_SECRET\"]\nenv['HOME']",
            "/* token */ call(\"NAME\")\nother(\"DB_PASS\")",
            "f(\"MONKEY\")\ng(\"sort_key\")\nh(\"cache_key\")",
            "keyboard(\"x\")\n\n(\"AUTH_TOKEN\"",
        ];
        for t in texts {
            assert_eq!(names_in(t), every_match(t), "{t:?}");
        }
        assert!(texts.iter().filter(|t| every_match(t)).count() >= 5);
        assert!(texts.iter().filter(|t| !every_match(t)).count() >= 2);
    }

    #[test]
    fn environment_reads_are_parsed_only_when_they_name_a_secret() {
        for secret in [
            "os.getenv(\"JWT_SECRET\", \"dev\")",
            "config(\n    # the key\n    'API_KEY', default='x')",
            "process.env.SESSION_SECRET || 'keyboard cat'",
            "import.meta.env[\"VITE_API_TOKEN\"] ?? \"t\"",
            "process.env?.DB_PASSWORD ?? 'pw'",
            "viper.SetDefault(\"auth.token\", \"t\")",
            "cmp.Or(os.Getenv(\"DB_PASS\"), \"postgres\")",
        ] {
            assert!(names_in(secret), "{secret}");
        }
        for other in [
            "os.getenv(\"REDIS_URL\", \"redis://localhost\")",
            "process.env.QUEUE_URL ?? \"\"",
            "logger.info(\"token %s\", tokenCount)",
        ] {
            assert!(!names_in(other), "{other}");
        }
        assert!(ENV_DESTRUCTURING.is_match("const {\n  JWT_SECRET = 'dev',\n} = process.env;"));
        assert!(go_empty_secret("if cfg.JWTSecret == \"\" {"));
        assert!(go_empty_secret("if os.Getenv(\"X\") == \"\" {"));
        assert!(!go_empty_secret("if name == \"\" {\n\tname = \"world\"\n}"));
        // The same answers as the pattern `(\S*)\s*==\s*(?:""|``)` with its capture.
        let by_pattern = |text: &str| {
            let re = Regex::new(r#"(\S*)\s*==\s*(?:""|``)"#).unwrap();
            re.captures_iter(text)
                .any(|c| go_secret_or_odd(c.get(1).map_or("", |m| m.as_str())))
        };
        for text in [
            "if name == \"\" {",
            "if name==\"\" {",
            "if\u{3000}cfg.Token == `` {",
            "x := a.b ==\t\"\"",
            "== \"\" at the start",
            "if name === \"\" {",
            "if f(x) == \"\" {",
            "if apiKey == \"\" || user == \"\" {",
            "",
        ] {
            assert_eq!(go_empty_secret(text), by_pattern(text), "{text}");
        }
        // A left side longer than the window counts as possible.
        assert!(go_empty_secret(&format!("{} == \"\"", "a".repeat(GO_LEFT_WINDOW + 10))));
    }

    /// The look before the regex never rules out a match: at every `=` and `:` of texts with
    /// placeholders behind comments, prefixes, Unicode spaces and the Kelvin sign, and with the
    /// values it does rule out, it says yes wherever the anchored pattern matches, and no often.
    #[test]
    fn the_look_after_the_operator_keeps_every_match() {
        let texts = [
            "password = \"changeme\"\ntoken: 'your-token-here'\nn = 5\nf = (a)\nx == y\n",
            "SECRET=  # the default\n  \"secret\"\nk = /* old */ 'dev-secret'\nj = \\\n  \"changeme\"",
            "key := []byte(\"changeme\")\nKEY = r'CHANGE_ME'\nA = f\"todo-{x}\"\nB = {'a': 1}",
            "pw =\u{a0}\"changeme\"\ns =\u{3000}'secret'\nt = \u{212a}\"keyboard cat\"\nv = `replace-me`",
            "a = [1, 2]\nb: int = 3\nc = -1\nd = @x\ne = <tag>\nf =\n\n\n 'placeholder'",
            "x = 'keyboard cat'\ny=\"\"\nz=:\nw = \u{17f}ecret\"insecure\"",
            "tok = getToken()\nhost: localhost\napi_key: string = rb\"changeme\"\nk = os.environ['KEY']\n",
        ];
        let (mut matched, mut ruled_out) = (0, 0);
        for text in texts {
            let b = text.as_bytes();
            for q in (0..b.len()).filter(|&q| matches!(b[q], b'=' | b':')) {
                let m = PLACEHOLDER_AT.is_match(&text[q..]);
                let may = may_open_placeholder(&b[q + 1..]);
                assert!(may || !m, "ruled out a match at {q} of {text:?}");
                matched += usize::from(m);
                ruled_out += usize::from(!may);
            }
        }
        assert!(matched >= 12, "{matched} matches");
        assert!(ruled_out >= 16, "{ruled_out} ruled out");
    }

    #[test]
    fn placeholder_literals_are_found_as_text() {
        // Every value `is_placeholder_secret` accepts, as a value in each syntax `direct()` sees.
        for v in [
            "changeme",
            "CHANGE_ME",
            "your-api-key",
            "django-insecure-8h2k!x",
            "jwt-secret-change-me",
            " dev ",
            "keyboard cat",
            "it's-changeme",
        ] {
            assert!(is_placeholder_secret("secret", v), "{v}");
            for q in ['"', '\'', '`'] {
                for form in [
                    format!("SECRET = {q}{v}{q}"),
                    format!("SECRET: str = r{q}{v}{q}"),
                    format!("{{ secret: {q}{v}{q} }}"),
                    format!("f(secret={q}{v}{q})"),
                    format!("secret := {q}{v}{q}"),
                    format!("Config{{Secret: []byte({q}{v}{q})}}"),
                    format!("secret = /* dev */ {q}{v}{q}"),
                    format!("SECRET = \\\n    {q}{v}{q}"),
                    format!("{{\"secret\":\n  {q}{v}{q}}}"),
                ] {
                    assert!(PLACEHOLDER_LITERAL.is_match(&form), "{form}");
                }
            }
        }
        assert!(!PLACEHOLDER_LITERAL.is_match("name = \"orders\""));
        for form in [
            "SECRET = \"changeme\"",
            "Config{Secret: []byte(\"dev\")}",
            "{\"api_key\":\n  'test'}",
            "DB_PASS=\"admin\"",
        ] {
            assert!(placeholder_in(form), "{form}");
        }
        assert!(!placeholder_in("<span className=\"token\">{t}</span>"));
        assert!(!placeholder_in("role: \"admin\""));
        for reader in [
            "os.getenv(",
            "os.environ.get(",
            "process.env.X",
            "env(\"X\")",
            "std::env::var",
            "os.Getenv(",
            "mustGetEnvOr(",
            "ENV[",
        ] {
            assert!(env_word(reader), "{reader}");
        }
        assert!(!env_word("class TokenVehicle: pass  # hiddenvehicle"));
        assert!(!env_word("event = prevent(seven)"));
        assert!(!placeholder_in("\tToken string `json:\"token\"`"));
        assert!(!PLACEHOLDER_LITERAL.is_match("payload = {\"token\": token, \"test\": 1}"));
    }

    #[test]
    fn placeholders() {
        for (n, v) in [
            ("SECRET_KEY", "django-insecure-8h2k!x"),
            ("secret", "keyboard cat"),
            ("JWT_SECRET", "changeme"),
            ("jwtSecret", "your-secret-key"),
            ("SECRET", "supersecret"),
            ("token", "dev-token"),
        ] {
            assert!(is_placeholder_secret(n, v), "{n}={v}");
        }
        for (n, v) in [
            ("password", "password"),
            ("SECRET_ENV", "JWT_SECRET"),
            ("secret", "JWT_SECRET"),
            ("password", "Enter your password"),
            ("token", "${TOKEN}"),
            ("RESET_PASSWORD", "/reset-password"),
            ("api_key", "Zk3mPq9rTx2vLw8s"),
        ] {
            assert!(!is_placeholder_secret(n, v), "{n}={v}");
        }
    }
}
