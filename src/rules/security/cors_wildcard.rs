//! `cors-wildcard`: no server configuration lets every origin make cross-origin requests.
//!
//! **Why**: a CORS policy that allows any origin lets every web page a user visits read the API's
//! responses from the user's browser; with credentials allowed too, any site can make
//! authenticated requests as the logged-in user and read the answers.
//!
//! **Fails**: each place that allows any origin is a finding, read from syntax trees (tree-sitter
//! for Python/JS/TS/Go/Java, `syn` for Rust), never from grep:
//! `app.add_middleware(CORSMiddleware, allow_origins=["*"])`, flask-cors `CORS(app)` without
//! origins, Django `CORS_ALLOW_ALL_ORIGINS = True`, Express `app.use(cors())`,
//! `cors({ origin: true })`, NestJS `app.enableCors()`, Fastify `register(cors)`, Koa `cors()`,
//! socket.io `{ cors: { origin: "*" } }`, Next.js `{ key: 'Access-Control-Allow-Origin', value: '*' }`,
//! rs/cors and gin `cors.Default()`, echo `middleware.CORS()`, fiber `cors.New()`,
//! `AllowedOrigins: []string{"*"}`, tower-http `CorsLayer::permissive()` / `.allow_origin(Any)`,
//! actix `Cors::permissive()` / `.allow_any_origin()`, Spring `@CrossOrigin` without origins /
//! `.allowedOrigins("*")`, a raw `Access-Control-Allow-Origin: *` header in code, and nginx /
//! Apache / Caddy `add_header Access-Control-Allow-Origin *` (line-based, config files only).
//! When the same setup also allows credentials the finding says so.
//!
//! **Passes**: nothing allows every origin; explicit origin lists are cited as evidence.
//!
//! ```python
//! # fails
//! app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True)
//! # passes
//! app.add_middleware(CORSMiddleware, allow_origins=settings.allowed_origins, allow_credentials=True)
//! ```

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::{is_string_kind, string_value, walk_tree};
use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

/// The header whose `*` value lets any origin in.
const ACAO: &str = "access-control-allow-origin";
/// The header that lets the browser send cookies and authorization along.
const ACAC: &str = "access-control-allow-credentials";
/// Marks a finding whose setup also allows credentials; `evaluate` counts them.
const CREDS_MARK: &str = "with credentials";
/// Evidence entries kept when passing; the message carries the full count.
const MAX_EVIDENCE: usize = 10;
/// Longest code excerpt quoted in a message.
const MAX_EXCERPT: usize = 60;

pub struct CorsWildcard {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl CorsWildcard {
    pub fn new() -> CorsWildcard {
        CorsWildcard {
            meta: RuleMeta {
                id: "cors-wildcard".into(),
                category: Category::Security,
                severity: Severity::Critical,
                title: "CORS does not allow every origin".into(),
                rationale: "A CORS policy that allows any origin lets every web page a user visits call the API from \
                            the user's browser and read the responses. With credentials allowed as well, any site can \
                            make authenticated requests as the logged-in user: account data leaks and state-changing \
                            calls succeed from attacker pages."
                    .into(),
                detection: "Reads syntax trees (tree-sitter for Python/JS/TS/Go/Java, syn for Rust) for CORS setups that \
                            allow any origin: FastAPI/Starlette CORSMiddleware with `*` or a match-all regex, flask-cors \
                            without origins or with `*`, Django CORS_ALLOW_ALL_ORIGINS = True, Express/Koa `cors()` \
                            without an origin list or with `origin: '*'`/`true`, NestJS enableCors()/`cors: true`, \
                            @fastify/cors, socket.io `cors` options, rs/cors, go-chi/cors, gin-contrib/cors, echo and \
                            fiber CORS middleware, tower-http CorsLayer::permissive()/allow_origin(Any), actix-cors \
                            permissive()/allow_any_origin(), Spring @CrossOrigin and allowedOrigins(\"*\"), raw \
                            `Access-Control-Allow-Origin: *` headers in code (Next.js headers() included), and \
                            add_header/Header set lines in nginx, Apache and Caddy configs. Test and example code is \
                            ignored. A finding says when the same setup also allows credentials."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    rem(
                        "generic",
                        "bash",
                        "# Allow only the front ends you own, read from configuration:\n\
                         ALLOWED_ORIGINS=https://app.example.com,https://admin.example.com\n\
                         # and never combine a wildcard (or a reflected Origin) with credentials",
                    ),
                    rem(
                        "fastapi",
                        "python",
                        "app.add_middleware(\n    CORSMiddleware,\n    allow_origins=settings.allowed_origins,  \
                         # e.g. [\"https://app.example.com\"]\n    allow_credentials=True,\n    \
                         allow_methods=[\"GET\", \"POST\"],\n    allow_headers=[\"Authorization\", \"Content-Type\"],\n)",
                    ),
                    rem(
                        "flask",
                        "python",
                        "from flask_cors import CORS\n\n\
                         CORS(app, origins=app.config[\"ALLOWED_ORIGINS\"], supports_credentials=True)",
                    ),
                    rem(
                        "django",
                        "python",
                        "# settings.py\nCORS_ALLOW_ALL_ORIGINS = False\n\
                         CORS_ALLOWED_ORIGINS = env.list(\"ALLOWED_ORIGINS\")  # [\"https://app.example.com\"]",
                    ),
                    rem(
                        "express",
                        "javascript",
                        "const allowed = process.env.ALLOWED_ORIGINS.split(',');\n\
                         app.use(cors({ origin: allowed, credentials: true }));",
                    ),
                    rem(
                        "nestjs",
                        "typescript",
                        "app.enableCors({\n  origin: config.get<string>('ALLOWED_ORIGINS').split(','),\n  credentials: true,\n});",
                    ),
                    rem(
                        "fastify",
                        "javascript",
                        "await fastify.register(cors, {\n  origin: process.env.ALLOWED_ORIGINS.split(','),\n  credentials: true,\n});",
                    ),
                    rem(
                        "koa",
                        "javascript",
                        "const allowed = new Set(process.env.ALLOWED_ORIGINS.split(','));\n\
                         app.use(cors({ origin: (ctx) => (allowed.has(ctx.get('Origin')) ? ctx.get('Origin') : '') }));",
                    ),
                    rem(
                        "nextjs",
                        "javascript",
                        "// next.config.js\nasync headers() {\n  return [{\n    source: '/api/:path*',\n    headers: [\n      \
                         { key: 'Access-Control-Allow-Origin', value: process.env.ALLOWED_ORIGIN },\n      \
                         { key: 'Vary', value: 'Origin' },\n    ],\n  }];\n}",
                    ),
                    rem(
                        "gin",
                        "go",
                        "r.Use(cors.New(cors.Config{\n\tAllowOrigins:     strings.Split(os.Getenv(\"ALLOWED_ORIGINS\"), \",\"),\n\t\
                         AllowMethods:     []string{\"GET\", \"POST\"},\n\tAllowCredentials: true,\n}))",
                    ),
                    rem(
                        "echo",
                        "go",
                        "e.Use(middleware.CORSWithConfig(middleware.CORSConfig{\n\t\
                         AllowOrigins: strings.Split(os.Getenv(\"ALLOWED_ORIGINS\"), \",\"),\n}))",
                    ),
                    rem(
                        "chi",
                        "go",
                        "r.Use(cors.Handler(cors.Options{\n\tAllowedOrigins:   strings.Split(os.Getenv(\"ALLOWED_ORIGINS\"), \",\"),\n\t\
                         AllowCredentials: true,\n}))",
                    ),
                    rem(
                        "net-http",
                        "go",
                        "allowed := map[string]bool{}\nfor _, o := range strings.Split(os.Getenv(\"ALLOWED_ORIGINS\"), \",\") {\n\t\
                         allowed[o] = true\n}\nif o := r.Header.Get(\"Origin\"); allowed[o] {\n\t\
                         w.Header().Set(\"Access-Control-Allow-Origin\", o)\n\tw.Header().Add(\"Vary\", \"Origin\")\n}",
                    ),
                    rem(
                        "axum",
                        "rust",
                        "let origins: Vec<HeaderValue> = config.allowed_origins.iter().map(|o| o.parse()).collect::<Result<_, _>>()?;\n\
                         let cors = CorsLayer::new()\n    .allow_origin(origins)\n    .allow_methods([Method::GET, Method::POST]);",
                    ),
                    rem(
                        "actix-web",
                        "rust",
                        "let cors = config\n    .allowed_origins\n    .iter()\n    \
                         .fold(Cors::default(), |cors, origin| cors.allowed_origin(origin))\n    \
                         .allowed_methods(vec![\"GET\", \"POST\"]);",
                    ),
                    rem(
                        "spring-boot",
                        "java",
                        "@Override\npublic void addCorsMappings(CorsRegistry registry) {\n    registry.addMapping(\"/api/**\")\n        \
                         .allowedOrigins(props.getAllowedOrigins().toArray(String[]::new))\n        \
                         .allowCredentials(true);\n}",
                    ),
                ],
                effort_hours: 1.0,
                pass_message: "no CORS configuration allows every origin".into(),
                fail_message: "CORS allows any origin".into(),
            },
        }
    }
}

impl Rule for CorsWildcard {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let role = file.info.role;
        let mut out = Out::new(file, hits);
        match file.lang() {
            Some(lang) => {
                if role != Role::Source {
                    return;
                }
                match lang {
                    Lang::Python => scan_python(&mut out),
                    Lang::JavaScript | Lang::TypeScript | Lang::Tsx => scan_js(&mut out),
                    Lang::Go => scan_go(&mut out),
                    Lang::Java => scan_java(&mut out),
                    Lang::Rust => scan_rust(&mut out),
                }
            }
            None => {
                if matches!(role, Role::Config | Role::Infra | Role::Other) && is_server_conf(&file.info.path) {
                    scan_conf(&mut out);
                }
            }
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, mut evidence) = split_hits(hits);
        if !findings.is_empty() {
            let n = findings.len();
            let with_creds = findings.iter().filter(|f| f.message.contains(CREDS_MARK)).count();
            let message = if with_creds > 0 {
                format!("CORS allows any origin in {n} place(s), {with_creds} {CREDS_MARK}")
            } else {
                format!("CORS allows any origin in {n} place(s)")
            };
            return Outcome::fail(message, findings);
        }
        if evidence.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        let n = evidence.len();
        evidence.truncate(MAX_EVIDENCE);
        Outcome::pass(format!("CORS restricted to explicit origins ({n} place(s))"), evidence)
    }
}

// ---------------------------------------------------------------------------------------------
// Shared plumbing
// ---------------------------------------------------------------------------------------------

/// Collects one file's findings and evidence, once per location.
struct Out<'h, 'f, 'a> {
    file: &'f FileCtx<'a>,
    hits: &'h mut Vec<Hit>,
    seen: HashSet<(usize, usize)>,
}

impl<'h, 'f, 'a> Out<'h, 'f, 'a> {
    fn new(file: &'f FileCtx<'a>, hits: &'h mut Vec<Hit>) -> Self {
        Out {
            file,
            hits,
            seen: HashSet::new(),
        }
    }

    /// A finding at a byte offset: `what` allows any origin.
    fn any(&mut self, byte: usize, what: &str, creds: bool) {
        let (line, col) = self.file.line_col(byte);
        self.any_at(line, col, what, creds);
    }

    /// A finding at a 1-based line and column.
    fn any_at(&mut self, line: usize, col: usize, what: &str, creds: bool) {
        if self.seen.insert((line, col)) {
            self.hits.push(self.file.finding_at_line(line, col, finding_message(what, creds)));
        }
    }

    /// Evidence at a byte offset: CORS restricted to `origins`.
    fn restricted(&mut self, byte: usize, origins: &str) {
        let (line, col) = self.file.line_col(byte);
        self.restricted_at(line, col, origins);
    }

    /// Evidence at a byte offset, quoting a node's source without its comments.
    fn restricted_node(&mut self, byte: usize, shown: Node<'_>) {
        let text = text_without_comments(self.file, shown);
        self.restricted(byte, &text);
    }

    fn restricted_at(&mut self, line: usize, col: usize, origins: &str) {
        self.hits.push(
            self.file
                .evidence_at_line(line, col, format!("CORS restricted to {}", code(origins))),
        );
    }
}

fn finding_message(what: &str, creds: bool) -> String {
    if creds {
        format!("CORS allows any origin {CREDS_MARK}: any site can make authenticated requests ({what})")
    } else {
        format!("CORS allows any origin: {what}")
    }
}

/// Source text as a short one-line code span for a message.
fn code(text: &str) -> String {
    let one: String = text.split_whitespace().collect::<Vec<_>>().join(" ").replace('`', "'");
    let short: String = if one.chars().count() > MAX_EXCERPT {
        let mut s: String = one.chars().take(MAX_EXCERPT).collect();
        s.push('…');
        s
    } else {
        one
    };
    format!("`{short}`")
}

/// ASCII case-insensitive substring test.
fn contains_ci(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    if n.is_empty() {
        return true;
    }
    let first = n[0].to_ascii_lowercase();
    h.len() >= n.len() && (0..=h.len() - n.len()).any(|i| h[i].to_ascii_lowercase() == first && h[i..i + n.len()].eq_ignore_ascii_case(n))
}

/// True for an origin regex that matches every origin (`.*`, `^https?://.*$`, `[^/]+`).
fn regex_matches_any(pattern: &str) -> bool {
    let mut s = pattern.trim();
    s = s.strip_prefix('^').unwrap_or(s);
    s = s.strip_suffix('$').unwrap_or(s);
    for scheme in [
        "https?://",
        "https?:\\/\\/",
        "(https?)://",
        "(http|https)://",
        "(https|http)://",
        "https://",
        "http://",
        "https:\\/\\/",
        "http:\\/\\/",
    ] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest;
            break;
        }
    }
    matches!(
        s,
        ".*" | ".+" | "(.*)" | "(.+)" | ".*?" | "*" | "[^/]+" | "[^/]*" | "\\S+" | "\\S*" | "[\\s\\S]*"
    )
}

/// True for an origin list entry that means "any": `*`, or (where regexes are accepted) a match-all regex.
fn origin_is_any(value: &str, regex_ok: bool) -> bool {
    value.trim() == "*" || (regex_ok && regex_matches_any(value))
}

// ---------------------------------------------------------------------------------------------
// tree-sitter helpers (Python, JS/TS, Go, Java)
// ---------------------------------------------------------------------------------------------

fn is_comment(n: &Node<'_>) -> bool {
    n.kind().contains("comment")
}

/// A node's source text with the comments inside it cut out.
fn text_without_comments(file: &FileCtx<'_>, n: Node<'_>) -> String {
    let mut cuts = vec![];
    walk_tree(n, |c| {
        if is_comment(&c) {
            cuts.push(c.byte_range());
        }
    });
    let mut s = String::new();
    let mut at = n.start_byte();
    for r in cuts {
        if r.start >= at {
            s.push_str(file.text.get(at..r.start).unwrap_or(""));
            at = r.end;
        }
    }
    s.push_str(file.text.get(at..n.end_byte()).unwrap_or(""));
    s
}

/// Named children, comments left out.
fn kids<'t>(n: Node<'t>) -> Vec<Node<'t>> {
    let mut c = n.walk();
    n.named_children(&mut c).filter(|k| !is_comment(k)).collect()
}

/// Looks through parentheses, type assertions and Go literal elements.
fn unwrap(mut n: Node<'_>) -> Node<'_> {
    for _ in 0..16 {
        match n.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression"
            | "literal_element"
            | "type_assertion" => match kids(n).into_iter().next() {
                Some(k) => n = k,
                None => return n,
            },
            _ => return n,
        }
    }
    n
}

/// The value of a string literal node (after unwrapping), if it is one.
fn sval(file: &FileCtx<'_>, n: Node<'_>) -> Option<String> {
    let n = unwrap(n);
    if is_string_kind(n.kind()) && n.kind() != "concatenated_string" {
        string_value(file.node_text(n))
    } else {
        None
    }
}

fn is_true(n: Node<'_>) -> bool {
    unwrap(n).kind() == "true"
}

/// The elements of a list-like literal (`["a", "b"]`, `[]string{"a"}`, `List.of("a")`), or the node itself.
fn seq_items(n: Node<'_>) -> Vec<Node<'_>> {
    let n = unwrap(n);
    match n.kind() {
        "list" | "tuple" | "set" | "array" | "expression_list" | "element_value_array_initializer" | "array_initializer" => {
            kids(n).into_iter().map(unwrap).collect()
        }
        "composite_literal" => n
            .child_by_field_name("body")
            .map(|b| kids(b).into_iter().map(unwrap).collect())
            .unwrap_or_default(),
        "method_invocation" => n
            .child_by_field_name("arguments")
            .map(|a| kids(a).into_iter().map(unwrap).collect())
            .unwrap_or_default(),
        _ => vec![n],
    }
}

/// True when a list-like literal (or a single string) holds an entry meaning "any origin".
/// A Go/fiber comma-separated string counts each part.
fn seq_has_any(file: &FileCtx<'_>, n: Node<'_>, regex_ok: bool) -> bool {
    seq_items(n)
        .into_iter()
        .filter_map(|i| sval(file, i))
        .any(|v| v.split(',').any(|part| origin_is_any(part, regex_ok)))
}

/// The next named sibling that is not a comment.
fn next_value(n: Node<'_>) -> Option<Node<'_>> {
    let mut s = n.next_named_sibling();
    while let Some(x) = s {
        if !is_comment(&x) {
            return Some(x);
        }
        s = x.next_named_sibling();
    }
    None
}

/// The name of an object/dict key: an identifier or a string literal.
fn key_name(file: &FileCtx<'_>, k: Node<'_>) -> Option<String> {
    match k.kind() {
        "property_identifier" | "identifier" | "field_identifier" => Some(file.node_text(k).to_string()),
        _ => sval(file, k),
    }
}

/// True when `n` names the header `header` (a string literal, or Java's `HttpHeaders.ACCESS_CONTROL_…`).
fn names_header(file: &FileCtx<'_>, n: Node<'_>, header: &str) -> bool {
    if is_string_kind(n.kind()) {
        return sval(file, n).is_some_and(|v| v.trim().eq_ignore_ascii_case(header));
    }
    let constant = header.to_ascii_uppercase().replace('-', "_");
    match n.kind() {
        "field_access" => n.child_by_field_name("field").is_some_and(|f| file.node_text(f) == constant),
        "identifier" => file.node_text(n) == constant && n.parent().is_none_or(|p| p.kind() != "field_access"),
        _ => false,
    }
}

/// The value the syntax pairs with a header name node: the next argument (`set("ACAO", v)`),
/// a dict/object value (`{"ACAO": v}`), Next.js `{ key: "ACAO", value: v }`, or the right side
/// of `headers["ACAO"] = v`.
fn header_value<'t>(file: &FileCtx<'_>, name: Node<'t>) -> Option<Node<'t>> {
    let mut key = name;
    let mut parent = key.parent()?;
    if parent.kind() == "literal_element" {
        key = parent;
        parent = parent.parent()?;
    }
    match parent.kind() {
        "argument_list" | "arguments" | "tuple" | "list" | "array" | "expression_list" | "literal_value" => next_value(key),
        "pair" | "keyed_element" => {
            if parent.child_by_field_name("key") == Some(key) {
                return parent.child_by_field_name("value");
            }
            let k = parent.child_by_field_name("key")?;
            if !matches!(key_name(file, k).as_deref(), Some("key" | "name")) {
                return None;
            }
            let obj = parent.parent()?;
            kids(obj).into_iter().find_map(|p| {
                let pk = p.child_by_field_name("key")?;
                (p.kind() == "pair" && key_name(file, pk).as_deref() == Some("value"))
                    .then(|| p.child_by_field_name("value"))
                    .flatten()
            })
        }
        "subscript" | "subscript_expression" | "index_expression" => {
            let mut target = parent;
            let mut up = parent.parent()?;
            if up.kind() == "expression_list" {
                target = up;
                up = up.parent()?;
            }
            if !matches!(up.kind(), "assignment" | "assignment_expression" | "assignment_statement")
                || up.child_by_field_name("left") != Some(target)
            {
                return None;
            }
            let right = up.child_by_field_name("right")?;
            if right.kind() == "expression_list" {
                kids(right).into_iter().next()
            } else {
                Some(right)
            }
        }
        _ => None,
    }
}

/// Raw `Access-Control-Allow-Origin: *` headers set in code, in any tree-sitter language.
fn scan_raw_headers(out: &mut Out<'_, '_, '_>, root: Node<'_>) {
    let file = out.file;
    let mut stars = vec![];
    let mut explicit = vec![];
    let mut creds = false;
    walk_tree(root, |n| {
        if !matches!(n.kind(), "field_access" | "identifier") && !is_string_kind(n.kind()) {
            return;
        }
        if names_header(file, n, ACAO) {
            let Some(v) = header_value(file, n) else { return };
            if seq_has_any(file, v, false) {
                stars.push(v.start_byte());
            } else if let Some(s) = sval(file, v) {
                explicit.push((v.start_byte(), s));
            }
        } else if names_header(file, n, ACAC)
            && let Some(v) = header_value(file, n)
        {
            creds |= is_true(v) || sval(file, v).is_some_and(|s| s.trim().eq_ignore_ascii_case("true"));
        }
    });
    for b in stars {
        out.any(b, "`Access-Control-Allow-Origin: *`", creds);
    }
    for (b, s) in explicit {
        out.restricted(b, &s);
    }
}

// ---------------------------------------------------------------------------------------------
// Python: Starlette/FastAPI, flask-cors, django-cors-headers, raw headers
// ---------------------------------------------------------------------------------------------

const DJANGO_ALLOW_ALL: &[&str] = &["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"];
const DJANGO_ORIGINS: &[&str] = &["CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST"];
const DJANGO_REGEXES: &[&str] = &["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"];

/// Settings modules meant for local development only (`settings/dev.py`, `local_settings.py`).
fn is_dev_settings(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".py").unwrap_or(name).to_ascii_lowercase();
    let stem = stem
        .strip_prefix("settings_")
        .or_else(|| stem.strip_suffix("_settings"))
        .unwrap_or(&stem);
    matches!(stem, "dev" | "development" | "local" | "devel")
}

/// Follows a bare name to the value last assigned to it in the file.
fn py_resolve<'t>(file: &FileCtx<'_>, vars: &HashMap<&str, Node<'t>>, n: Node<'t>) -> Node<'t> {
    let u = unwrap(n);
    if u.kind() == "identifier"
        && let Some(v) = vars.get(file.node_text(u))
    {
        return *v;
    }
    n
}

/// The last name of a callee: `CORS` for `flask_cors.CORS`.
fn py_callee<'a>(file: &FileCtx<'a>, f: Node<'_>) -> &'a str {
    let f = unwrap(f);
    match f.kind() {
        "identifier" => file.node_text(f),
        "attribute" => f.child_by_field_name("attribute").map(|a| file.node_text(a)).unwrap_or(""),
        _ => "",
    }
}

/// Positional arguments, keyword arguments, and whether `*args`/`**kwargs` hide some.
struct PyArgs<'t> {
    positional: Vec<Node<'t>>,
    keywords: Vec<(String, Node<'t>)>,
    splat: bool,
}

impl<'t> PyArgs<'t> {
    fn of(file: &FileCtx<'_>, call: Node<'t>) -> PyArgs<'t> {
        let mut a = PyArgs {
            positional: vec![],
            keywords: vec![],
            splat: false,
        };
        let Some(list) = call.child_by_field_name("arguments") else {
            return a;
        };
        for k in kids(list) {
            match k.kind() {
                "keyword_argument" => {
                    if let (Some(n), Some(v)) = (k.child_by_field_name("name"), k.child_by_field_name("value")) {
                        a.keywords.push((file.node_text(n).to_string(), v));
                    }
                }
                "list_splat" | "dictionary_splat" => a.splat = true,
                _ => a.positional.push(k),
            }
        }
        a
    }

    fn get(&self, name: &str) -> Option<Node<'t>> {
        self.keywords.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

fn scan_python(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let text = file.text;
    let starlette = text.contains("CORSMiddleware");
    let flask = text.contains("flask_cors");
    let django = text.contains("CORS_");
    let headers = contains_ci(text, ACAO);
    if !(starlette || flask || django || headers) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();

    // Simple `name = value` assignments, to follow `allow_origins=origins`; Django's credentials flag.
    let mut vars: HashMap<&str, Node<'_>> = HashMap::new();
    let mut django_creds = false;
    walk_tree(root, |n| {
        if n.kind() != "assignment" {
            return;
        }
        let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
            return;
        };
        if l.kind() == "identifier" {
            let name = file.node_text(l);
            if name == "CORS_ALLOW_CREDENTIALS" && is_true(r) {
                django_creds = true;
            }
            vars.insert(name, r);
        }
    });
    let resolve = |n| py_resolve(file, &vars, n);
    let dev_settings = is_dev_settings(&file.info.path);

    walk_tree(root, |n| match n.kind() {
        "call" => {
            let Some(f) = n.child_by_field_name("function") else { return };
            let callee = py_callee(file, f);
            let args = PyArgs::of(file, n);
            if starlette && args.positional.iter().any(|p| py_callee(file, *p) == "CORSMiddleware") {
                py_starlette(out, &args, &resolve);
            } else if flask && (callee == "CORS" || callee == "cross_origin") {
                py_flask(out, n, callee, &args, &resolve);
            }
        }
        "assignment" if django || flask => {
            let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
                return;
            };
            match l.kind() {
                "identifier" if django && !dev_settings => {
                    let name = file.node_text(l);
                    if DJANGO_ALLOW_ALL.contains(&name) {
                        if is_true(r) {
                            out.any(n.start_byte(), &format!("`{name} = True`"), django_creds);
                        }
                    } else if DJANGO_ORIGINS.contains(&name) || DJANGO_REGEXES.contains(&name) {
                        let regex = DJANGO_REGEXES.contains(&name);
                        if seq_has_any(file, r, regex) {
                            out.any(r.start_byte(), &format!("`{name}` matches every origin"), django_creds);
                        } else {
                            out.restricted_node(r.start_byte(), r);
                        }
                    }
                }
                // Flask config: `app.config["CORS_ORIGINS"] = "*"`.
                "subscript" if flask => {
                    let is_origins = kids(l)
                        .into_iter()
                        .skip(1)
                        .any(|s| sval(file, s).as_deref() == Some("CORS_ORIGINS"));
                    if is_origins && seq_has_any(file, r, true) {
                        out.any(r.start_byte(), "`CORS_ORIGINS = \"*\"`", false);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    });
    if headers {
        scan_raw_headers(out, root);
    }
}

/// `CORSMiddleware` with `allow_origins` / `allow_origin_regex`.
fn py_starlette<'t>(out: &mut Out<'_, '_, '_>, args: &PyArgs<'t>, resolve: &dyn Fn(Node<'t>) -> Node<'t>) {
    let file = out.file;
    let creds = args.get("allow_credentials").is_some_and(is_true);
    let origins = args.get("allow_origins");
    let regex = args.get("allow_origin_regex");
    let mut wild = false;
    if let Some(o) = origins {
        let v = resolve(o);
        if seq_has_any(file, v, false) {
            out.any(v.start_byte(), &format!("`allow_origins={}`", file.node_text(v)), creds);
            wild = true;
        }
    }
    if let Some(r) = regex {
        let v = resolve(r);
        if sval(file, v).is_some_and(|s| regex_matches_any(&s)) {
            out.any(
                v.start_byte(),
                &format!("`allow_origin_regex={}` matches every origin", file.node_text(v)),
                creds,
            );
            wild = true;
        }
    }
    if !wild && let Some(o) = origins.or(regex) {
        out.restricted_node(o.start_byte(), resolve(o));
    }
}

/// flask-cors `CORS(app, …)` and `@cross_origin(…)`: without `origins` the default is `*`.
fn py_flask<'t>(out: &mut Out<'_, '_, '_>, call: Node<'t>, callee: &str, args: &PyArgs<'t>, resolve: &dyn Fn(Node<'t>) -> Node<'t>) {
    let file = out.file;
    let creds = args.get("supports_credentials").is_some_and(is_true);
    if let Some(o) = args.get("origins") {
        let v = resolve(o);
        if seq_has_any(file, v, true) {
            out.any(v.start_byte(), &format!("`origins={}`", file.node_text(v)), creds);
        } else {
            out.restricted_node(o.start_byte(), v);
        }
        return;
    }
    if callee == "CORS"
        && let Some(r) = args.get("resources")
    {
        let res = unwrap(resolve(r));
        match res.kind() {
            "dictionary" => {
                for pair in kids(res).into_iter().filter(|p| p.kind() == "pair") {
                    let Some(opts) = pair.child_by_field_name("value").map(unwrap) else {
                        continue;
                    };
                    if opts.kind() != "dictionary" {
                        continue;
                    }
                    let origins = kids(opts).into_iter().find_map(|p| {
                        let k = p.child_by_field_name("key")?;
                        (sval(file, k).as_deref() == Some("origins"))
                            .then(|| p.child_by_field_name("value"))
                            .flatten()
                    });
                    match origins {
                        Some(v) if seq_has_any(file, resolve(v), true) => {
                            out.any(v.start_byte(), &format!("`\"origins\": {}`", file.node_text(v)), creds)
                        }
                        Some(v) => out.restricted_node(v.start_byte(), resolve(v)),
                        None => out.any(
                            pair.start_byte(),
                            "a resource without `origins` (flask-cors defaults to `*`)",
                            creds,
                        ),
                    }
                }
            }
            "string" | "list" | "tuple" => out.any(r.start_byte(), "`resources` without `origins` (flask-cors defaults to `*`)", creds),
            _ => {}
        }
        return;
    }
    // Nothing says which origins: flask-cors allows all unless app config sets CORS_ORIGINS.
    if args.splat || file.text.contains("CORS_ORIGINS") || file.text.contains("CORS_RESOURCES") {
        return;
    }
    let what = if callee == "CORS" {
        "`CORS(app)` without `origins` (flask-cors defaults to `*`)"
    } else {
        "`@cross_origin()` without `origins` (defaults to `*`)"
    };
    out.any(call.start_byte(), what, creds);
}

// ---------------------------------------------------------------------------------------------
// JavaScript / TypeScript: cors, @koa/cors, @fastify/cors, NestJS, socket.io, hapi, raw headers
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum JsPkg {
    /// `cors` (Express and friends): default origin `*`.
    Cors,
    /// `@koa/cors`: default reflects the request's Origin.
    Koa,
    /// `@fastify/cors`: default origin `*`.
    Fastify,
}

fn js_pkg(source: &str) -> Option<JsPkg> {
    match source {
        "cors" => Some(JsPkg::Cors),
        "@koa/cors" | "koa-cors" | "kcors" | "koa2-cors" => Some(JsPkg::Koa),
        "@fastify/cors" | "fastify-cors" => Some(JsPkg::Fastify),
        _ => None,
    }
}

impl JsPkg {
    fn default_note(self) -> &'static str {
        match self {
            JsPkg::Cors => "(cors defaults to `*`)",
            JsPkg::Koa => "(@koa/cors reflects any request origin)",
            JsPkg::Fastify => "(@fastify/cors defaults to `*`)",
        }
    }
}

/// Dev-server and bundler configs: their CORS settings never reach production.
fn is_dev_tool_config(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    [
        "vite.config.",
        "vitest.config.",
        "webpack.config.",
        "webpack.dev.",
        "karma.conf.",
        "jest.config.",
    ]
    .iter()
    .any(|p| n.starts_with(p))
}

/// `require('x')` or `import('x')`: the package `x`.
fn js_required<'a>(file: &FileCtx<'a>, n: Node<'_>) -> Option<String> {
    let n = unwrap(n);
    let n = if n.kind() == "await_expression" {
        unwrap(kids(n).into_iter().next()?)
    } else {
        n
    };
    if n.kind() != "call_expression" {
        return None;
    }
    let f = n.child_by_field_name("function")?;
    if !matches!(file.node_text(f), "require" | "import") {
        return None;
    }
    let arg = kids(n.child_by_field_name("arguments")?).into_iter().next()?;
    sval(file, arg)
}

struct JsScope<'t, 'a> {
    bound: HashMap<&'a str, JsPkg>,
    objects: HashMap<&'a str, Node<'t>>,
    hapi: bool,
}

fn scan_js(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let text = file.text;
    let headers = contains_ci(text, ACAO);
    if !(text.contains("cors") || text.contains("Cors") || headers) || is_dev_tool_config(file.info.name()) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    let mut scope = JsScope {
        bound: HashMap::new(),
        objects: HashMap::new(),
        hapi: text.contains("@hapi/hapi"),
    };
    walk_tree(root, |n| match n.kind() {
        "import_statement" => {
            let Some(pkg) = n.child_by_field_name("source").and_then(|s| sval(file, s)).and_then(|s| js_pkg(&s)) else {
                return;
            };
            for clause in kids(n).into_iter().filter(|k| k.kind() == "import_clause") {
                for k in kids(clause) {
                    match k.kind() {
                        "identifier" => {
                            scope.bound.insert(file.node_text(k), pkg);
                        }
                        "namespace_import" => {
                            if let Some(id) = kids(k).into_iter().find(|i| i.kind() == "identifier") {
                                scope.bound.insert(file.node_text(id), pkg);
                            }
                        }
                        "named_imports" => {
                            for spec in kids(k) {
                                let name = spec.child_by_field_name("name").map(|x| file.node_text(x));
                                if name == Some("default")
                                    && let Some(alias) = spec.child_by_field_name("alias")
                                {
                                    scope.bound.insert(file.node_text(alias), pkg);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        "variable_declarator" => {
            let (Some(name), Some(value)) = (n.child_by_field_name("name"), n.child_by_field_name("value")) else {
                return;
            };
            if name.kind() != "identifier" {
                return;
            }
            let v = unwrap(value);
            if v.kind() == "object" {
                scope.objects.insert(file.node_text(name), v);
            } else if let Some(pkg) = js_required(file, v).and_then(|s| js_pkg(&s)) {
                scope.bound.insert(file.node_text(name), pkg);
            }
        }
        _ => {}
    });

    walk_tree(root, |n| match n.kind() {
        "call_expression" => js_call(out, &scope, n),
        "pair" => js_cors_pair(out, &scope, n),
        _ => {}
    });
    if headers {
        scan_raw_headers(out, root);
    }
}

fn js_args(call: Node<'_>) -> Vec<Node<'_>> {
    match call.child_by_field_name("arguments") {
        Some(a) if a.kind() == "arguments" => kids(a),
        _ => vec![],
    }
}

fn js_call(out: &mut Out<'_, '_, '_>, scope: &JsScope<'_, '_>, call: Node<'_>) {
    let file = out.file;
    let Some(f) = call.child_by_field_name("function").map(unwrap) else {
        return;
    };
    let args = js_args(call);
    let pkg_of = |n: Node<'_>| -> Option<JsPkg> {
        let n = unwrap(n);
        if n.kind() == "identifier" {
            scope.bound.get(file.node_text(n)).copied()
        } else {
            js_required(file, n).and_then(|s| js_pkg(&s))
        }
    };
    match f.kind() {
        "identifier" | "call_expression" => {
            if let Some(pkg @ (JsPkg::Cors | JsPkg::Koa)) = pkg_of(f) {
                let label = format!("`{}()`", file.node_text(f));
                js_options(out, scope, call, args.first().copied(), Some(pkg.default_note()), &label);
            }
        }
        "member_expression" => {
            let prop = f.child_by_field_name("property").map(|p| file.node_text(p)).unwrap_or("");
            match prop {
                "register" if args.first().and_then(|a| pkg_of(*a)) == Some(JsPkg::Fastify) => {
                    js_options(
                        out,
                        scope,
                        call,
                        args.get(1).copied(),
                        Some(JsPkg::Fastify.default_note()),
                        "`register(cors)`",
                    );
                }
                "enableCors" => {
                    js_options(out, scope, call, args.first().copied(), Some("(defaults to `*`)"), "`enableCors()`");
                }
                _ => {}
            }
        }
        _ => {}
    }
}

/// True when a JS origin option lets every origin in; the reason.
fn js_origin_any(file: &FileCtx<'_>, v: Node<'_>) -> Option<String> {
    let v = unwrap(v);
    match v.kind() {
        "true" => Some("`origin: true` reflects any request origin".into()),
        "regex" => {
            let pattern = v.child_by_field_name("pattern").map(|p| file.node_text(p)).unwrap_or("");
            regex_matches_any(pattern).then(|| format!("`origin: {}` matches every origin", file.node_text(v)))
        }
        _ => seq_has_any(file, v, false).then(|| format!("`origin: {}`", file.node_text(v))),
    }
}

/// Checks a cors options argument. `default_note` is set when omitting `origin` allows every origin.
fn js_options(
    out: &mut Out<'_, '_, '_>,
    scope: &JsScope<'_, '_>,
    call: Node<'_>,
    opts: Option<Node<'_>>,
    default_note: Option<&str>,
    label: &str,
) {
    let file = out.file;
    let Some(opts) = opts else {
        if let Some(note) = default_note {
            out.any(call.start_byte(), &format!("{label} without options {note}"), false);
        }
        return;
    };
    let mut o = unwrap(opts);
    if o.kind() == "identifier"
        && let Some(obj) = scope.objects.get(file.node_text(o))
    {
        o = *obj;
    }
    if o.kind() != "object" {
        return;
    }
    let mut origin = None;
    let mut creds = false;
    let mut opaque = false;
    for p in kids(o) {
        match p.kind() {
            "pair" => {
                let (Some(k), Some(v)) = (p.child_by_field_name("key"), p.child_by_field_name("value")) else {
                    continue;
                };
                match key_name(file, k).as_deref() {
                    Some("origin") => origin = Some(v),
                    Some("credentials") => creds = is_true(v),
                    _ => {}
                }
            }
            "shorthand_property_identifier" if file.node_text(p) == "origin" => opaque = true,
            "spread_element" => opaque = true,
            _ => {}
        }
    }
    match origin {
        Some(v) => match js_origin_any(file, v) {
            Some(why) => out.any(v.start_byte(), &why, creds),
            None if !matches!(unwrap(v).kind(), "function_expression" | "arrow_function" | "function") => {
                out.restricted_node(v.start_byte(), v)
            }
            None => {}
        },
        None if !opaque => {
            if let Some(note) = default_note {
                out.any(call.start_byte(), &format!("{label} without `origin` {note}"), creds);
            }
        }
        None => {}
    }
}

/// `{ cors: … }` options: socket.io servers, NestJS `NestFactory.create`, hapi routes, gateways.
fn js_cors_pair(out: &mut Out<'_, '_, '_>, scope: &JsScope<'_, '_>, pair: Node<'_>) {
    let file = out.file;
    let (Some(k), Some(v)) = (pair.child_by_field_name("key"), pair.child_by_field_name("value")) else {
        return;
    };
    if key_name(file, k).as_deref() != Some("cors") {
        return;
    }
    // The call the options object is passed to, if it is a direct argument.
    let call = pair
        .parent()
        .and_then(|obj| obj.parent())
        .filter(|a| a.kind() == "arguments")
        .and_then(|a| a.parent())
        .filter(|c| matches!(c.kind(), "call_expression" | "new_expression"));
    let callee = call
        .and_then(|c| c.child_by_field_name("function").or_else(|| c.child_by_field_name("constructor")))
        .map(|f| file.node_text(f))
        .unwrap_or("");
    let v = unwrap(v);
    match v.kind() {
        "true" if scope.hapi || callee.ends_with("NestFactory.create") => {
            out.any(v.start_byte(), "`cors: true` (defaults to `*`)", false);
        }
        "object" => {
            let default = (call.is_some() || scope.hapi).then_some("(defaults to `*`)");
            js_options(out, scope, pair, Some(v), default, "`cors: {…}`");
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Go: rs/cors, go-chi/cors, gin-contrib/cors, echo, fiber, gorilla/handlers, net/http headers
// ---------------------------------------------------------------------------------------------

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum GoLib {
    Rs,
    Chi,
    Gin,
    Echo,
    Fiber,
    Gorilla,
}

fn go_lib(path: &str) -> Option<GoLib> {
    Some(match path {
        "github.com/rs/cors" => GoLib::Rs,
        "github.com/go-chi/cors" => GoLib::Chi,
        "github.com/gin-contrib/cors" => GoLib::Gin,
        "github.com/gorilla/handlers" => GoLib::Gorilla,
        p if p.starts_with("github.com/labstack/echo") && p.ends_with("/middleware") => GoLib::Echo,
        p if p.starts_with("github.com/gofiber/fiber") && p.ends_with("/middleware/cors") => GoLib::Fiber,
        _ => return None,
    })
}

/// The name a Go import path is used under by default: its last element, skipping a `/vN` suffix.
fn go_alias(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let is_version = last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit());
    if is_version { parts.next().unwrap_or(last) } else { last }
}

/// Whether a library's constructor allows every origin when no origin field is set.
fn go_default_any(lib: GoLib, func: &str) -> bool {
    matches!(
        (lib, func),
        (GoLib::Rs | GoLib::Chi, "New" | "Handler") | (GoLib::Echo, "CORSWithConfig") | (GoLib::Fiber, "New")
    )
}

fn scan_go(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let text = file.text;
    let headers = contains_ci(text, ACAO);
    let libs = text.contains("cors") || text.contains("labstack/echo") || text.contains("gorilla/handlers");
    if !(libs || headers) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    let mut imports: HashMap<&str, GoLib> = HashMap::new();
    let mut assigned_creds = false;
    walk_tree(root, |n| match n.kind() {
        "import_spec" => {
            let Some(path) = n.child_by_field_name("path").and_then(|p| sval(file, p)) else {
                return;
            };
            let Some(lib) = go_lib(&path) else { return };
            match n.child_by_field_name("name") {
                Some(name) if name.kind() == "package_identifier" => {
                    imports.insert(file.node_text(name), lib);
                }
                Some(_) => {}
                None => {
                    let raw = n.child_by_field_name("path").map(|p| file.node_text(p)).unwrap_or("");
                    imports.insert(go_alias(raw.trim_matches(['"', '`'])), lib);
                }
            }
        }
        "assignment_statement" => {
            if let Some((field, right)) = go_field_assignment(file, n)
                && field == "AllowCredentials"
                && is_true(right)
            {
                assigned_creds = true;
            }
        }
        _ => {}
    });
    if !imports.is_empty() {
        walk_tree(root, |n| match n.kind() {
            "call_expression" => go_call(out, &imports, n),
            "composite_literal" => go_literal(out, &imports, n),
            "assignment_statement" => {
                let Some((field, right)) = go_field_assignment(file, n) else {
                    return;
                };
                match field {
                    "AllowAllOrigins" if is_true(right) => out.any(n.start_byte(), "`AllowAllOrigins = true`", assigned_creds),
                    "AllowOrigins" | "AllowedOrigins" => {
                        if seq_has_any(file, right, false) {
                            out.any(
                                right.start_byte(),
                                &format!("`{field} = {}`", file.node_text(right)),
                                assigned_creds,
                            );
                        } else {
                            out.restricted_node(right.start_byte(), right);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        });
    }
    if headers {
        scan_raw_headers(out, root);
    }
}

/// `x.Field = value`: the field name and the value.
fn go_field_assignment<'a, 't>(file: &FileCtx<'a>, n: Node<'t>) -> Option<(&'a str, Node<'t>)> {
    let left = kids(n.child_by_field_name("left")?);
    let right = kids(n.child_by_field_name("right")?);
    if left.len() != 1 || right.len() != 1 || left[0].kind() != "selector_expression" {
        return None;
    }
    let field = left[0].child_by_field_name("field")?;
    Some((file.node_text(field), right[0]))
}

/// `pkg.Func` of a call, when `pkg` is an imported CORS library.
fn go_callee<'a>(file: &FileCtx<'a>, imports: &HashMap<&str, GoLib>, call: Node<'_>) -> Option<(GoLib, &'a str)> {
    let f = unwrap(call.child_by_field_name("function")?);
    if f.kind() != "selector_expression" {
        return None;
    }
    let operand = f.child_by_field_name("operand")?;
    let lib = *imports.get(file.node_text(operand))?;
    Some((lib, file.node_text(f.child_by_field_name("field")?)))
}

fn go_call(out: &mut Out<'_, '_, '_>, imports: &HashMap<&str, GoLib>, call: Node<'_>) {
    let file = out.file;
    let Some((lib, func)) = go_callee(file, imports, call) else {
        return;
    };
    let args = call.child_by_field_name("arguments").map(kids).unwrap_or_default();
    let fname = call.child_by_field_name("function").map(|f| file.node_text(f)).unwrap_or("");
    match (lib, func) {
        (GoLib::Rs | GoLib::Gin, "Default") | (GoLib::Rs | GoLib::Chi, "AllowAll") | (GoLib::Echo, "CORS") => {
            out.any(call.start_byte(), &format!("`{fname}()` allows every origin"), false);
        }
        (GoLib::Fiber, "New") if args.is_empty() => {
            out.any(call.start_byte(), &format!("`{fname}()` without a config (defaults to `*`)"), false);
        }
        (GoLib::Gorilla, "AllowedOrigins") => {
            if let Some(a) = args.first() {
                if seq_has_any(file, *a, false) {
                    out.any(a.start_byte(), &format!("`{fname}({})`", file.node_text(*a)), false);
                } else {
                    out.restricted_node(a.start_byte(), *a);
                }
            }
        }
        _ => {}
    }
}

/// `cors.Options{…}`, `cors.Config{…}`, `middleware.CORSConfig{…}` literals.
fn go_literal(out: &mut Out<'_, '_, '_>, imports: &HashMap<&str, GoLib>, lit: Node<'_>) {
    let file = out.file;
    let Some(ty) = lit.child_by_field_name("type") else { return };
    if ty.kind() != "qualified_type" {
        return;
    }
    let (Some(pkg), Some(name)) = (ty.child_by_field_name("package"), ty.child_by_field_name("name")) else {
        return;
    };
    let Some(&lib) = imports.get(file.node_text(pkg)) else { return };
    if !matches!(file.node_text(name), "Options" | "Config" | "CORSConfig") {
        return;
    }
    // Passed straight to a constructor whose default, without origins, is `*`?
    let default_any = lit
        .parent()
        .filter(|p| p.kind() == "argument_list")
        .and_then(|p| p.parent())
        .and_then(|c| go_callee(file, imports, c))
        .is_some_and(|(l, f)| l == lib && go_default_any(lib, f));
    let mut creds = false;
    let mut wild: Option<(usize, String)> = None;
    let mut origins: Option<Node<'_>> = None;
    let mut func = false;
    for el in lit.child_by_field_name("body").map(kids).unwrap_or_default() {
        if el.kind() != "keyed_element" {
            continue;
        }
        let (Some(k), Some(v)) = (el.child_by_field_name("key"), el.child_by_field_name("value")) else {
            continue;
        };
        let key = file.node_text(unwrap(k));
        let v = unwrap(v);
        match key {
            "AllowedOrigins" | "AllowOrigins" => {
                origins = Some(v);
                if seq_has_any(file, v, false) {
                    wild = Some((v.start_byte(), format!("`{key}: {}`", file.node_text(v))));
                }
            }
            "AllowAllOrigins" if is_true(v) => wild = Some((v.start_byte(), "`AllowAllOrigins: true`".into())),
            "AllowOriginFunc" | "AllowOriginsFunc" | "AllowOriginRequestFunc" | "AllowOriginVaryRequestFunc" => {
                func = true;
                if go_func_returns_true(file, v) {
                    wild = Some((v.start_byte(), format!("`{key}` returns `true` for every origin")));
                }
            }
            "AllowCredentials" => creds = is_true(v),
            _ => {}
        }
    }
    if let Some((b, what)) = wild {
        out.any(b, &what, creds);
    } else if let Some(o) = origins {
        out.restricted_node(o.start_byte(), o);
    } else if default_any && !func {
        let call = lit.parent().and_then(|p| p.parent()).unwrap_or(lit);
        out.any(
            call.start_byte(),
            &format!("`{}{{…}}` without `AllowedOrigins` (defaults to `*`)", file.node_text(ty)),
            creds,
        );
    }
}

/// `func(origin string) bool { return true }`.
fn go_func_returns_true(file: &FileCtx<'_>, v: Node<'_>) -> bool {
    v.kind() == "func_literal"
        && v.child_by_field_name("body")
            .is_some_and(|b| file.node_text(b).split_whitespace().collect::<String>() == "{returntrue}")
}

// ---------------------------------------------------------------------------------------------
// Java: Spring @CrossOrigin, CorsRegistry, CorsConfiguration, servlet headers
// ---------------------------------------------------------------------------------------------

const JAVA_ORIGIN_METHODS: &[&str] = &[
    "allowedOrigins",
    "allowedOriginPatterns",
    "addAllowedOrigin",
    "addAllowedOriginPattern",
    "setAllowedOrigins",
    "setAllowedOriginPatterns",
];

fn scan_java(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let text = file.text;
    let headers = contains_ci(text, ACAO) || text.contains("ACCESS_CONTROL_ALLOW_ORIGIN");
    if !(text.contains("CrossOrigin") || text.contains("llowedOrigin") || headers) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    // `allowCredentials(true)` / `setAllowCredentials(true)`: where they are.
    let mut creds_at = vec![];
    walk_tree(root, |n| {
        if n.kind() == "method_invocation"
            && let Some(name) = n.child_by_field_name("name")
            && matches!(file.node_text(name), "allowCredentials" | "setAllowCredentials")
            && n.child_by_field_name("arguments")
                .map(kids)
                .unwrap_or_default()
                .first()
                .is_some_and(|a| is_true(*a))
        {
            creds_at.push(n.start_byte());
        }
    });
    let creds_near = |n: Node<'_>| -> bool {
        let mut scope = n;
        while let Some(p) = scope.parent() {
            scope = p;
            if matches!(p.kind(), "method_declaration" | "constructor_declaration") {
                break;
            }
        }
        creds_at.iter().any(|b| scope.byte_range().contains(b))
    };
    walk_tree(root, |n| match n.kind() {
        "marker_annotation" | "annotation" => {
            let name = n.child_by_field_name("name").map(|x| file.node_text(x)).unwrap_or("");
            if name.rsplit('.').next() == Some("CrossOrigin") {
                java_cross_origin(out, n);
            }
        }
        "method_invocation" => {
            let name = n.child_by_field_name("name").map(|x| file.node_text(x)).unwrap_or("");
            if !JAVA_ORIGIN_METHODS.contains(&name) {
                return;
            }
            let args = n.child_by_field_name("arguments").map(kids).unwrap_or_default();
            match args.iter().find(|a| seq_has_any(file, **a, false)) {
                Some(a) => out.any(a.start_byte(), &format!("`{name}({})`", file.node_text(*a)), creds_near(n)),
                None => {
                    if let Some(a) = args.first() {
                        let list: Vec<&str> = args.iter().map(|a| file.node_text(*a)).collect();
                        out.restricted(a.start_byte(), &list.join(", "));
                    }
                }
            }
        }
        _ => {}
    });
    if headers {
        scan_raw_headers(out, root);
    }
}

/// `@CrossOrigin` with no origins (Spring allows all) or with `"*"`.
fn java_cross_origin(out: &mut Out<'_, '_, '_>, ann: Node<'_>) {
    let file = out.file;
    let mut origins = vec![];
    let mut creds = false;
    for a in ann.child_by_field_name("arguments").map(kids).unwrap_or_default() {
        if a.kind() == "element_value_pair" {
            let (Some(k), Some(v)) = (a.child_by_field_name("key"), a.child_by_field_name("value")) else {
                continue;
            };
            match file.node_text(k) {
                "origins" | "value" | "originPatterns" => origins.push(v),
                "allowCredentials" => creds = sval(file, v).is_some_and(|s| s.eq_ignore_ascii_case("true")),
                _ => {}
            }
        } else {
            origins.push(a);
        }
    }
    if origins.is_empty() {
        out.any(
            ann.start_byte(),
            "`@CrossOrigin` without `origins` (Spring allows every origin)",
            creds,
        );
        return;
    }
    match origins.iter().find(|o| seq_has_any(file, **o, false)) {
        Some(o) => out.any(o.start_byte(), &format!("`@CrossOrigin(origins = {})`", file.node_text(*o)), creds),
        None => {
            let list: Vec<&str> = origins.iter().map(|o| file.node_text(*o)).collect();
            out.restricted(origins[0].start_byte(), &list.join(", "));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Rust (syn): tower-http, actix-cors, warp, rocket_cors, raw headers
// ---------------------------------------------------------------------------------------------

mod rust {
    use super::{ACAO, origin_is_any};
    use proc_macro2::Span;
    use std::collections::HashSet;
    use syn::visit::Visit;
    use syn::{Expr, ExprCall, ExprMethodCall, Lit};

    /// What the visitor found: (1-based line, 1-based column, text, with credentials).
    pub(super) struct Found {
        pub findings: Vec<(usize, usize, String, bool)>,
        pub evidence: Vec<(usize, usize)>,
    }

    pub(super) fn scan(ast: &syn::File) -> Found {
        let mut v = Visitor {
            chain_creds: None,
            seen: HashSet::new(),
            found: Found {
                findings: vec![],
                evidence: vec![],
            },
        };
        v.visit_file(ast);
        v.found
    }

    struct Visitor {
        /// Credentials allowed somewhere in the method chain being visited.
        chain_creds: Option<bool>,
        seen: HashSet<(usize, usize)>,
        found: Found,
    }

    fn pos(span: Span) -> (usize, usize) {
        let s = span.start();
        (s.line, s.column + 1)
    }

    /// Where an expression starts (syn's `Spanned` needs the `printing` feature, not enabled here).
    fn start(e: &Expr) -> Option<Span> {
        match e {
            Expr::Lit(l) => Some(l.lit.span()),
            Expr::Path(p) => p.path.segments.first().map(|s| s.ident.span()),
            Expr::Call(c) => start(&c.func),
            Expr::MethodCall(m) => start(&m.receiver),
            Expr::Try(t) => start(&t.expr),
            Expr::Paren(p) => start(&p.expr),
            Expr::Reference(r) => Some(r.and_token.spans[0]),
            Expr::Closure(c) => Some(c.inputs_begin.spans[0]),
            Expr::Macro(m) => m.mac.path.segments.first().map(|s| s.ident.span()),
            Expr::Field(f) => start(&f.base),
            Expr::Array(a) => Some(a.bracket_token.span.open()),
            _ => None,
        }
    }

    /// The last `n` segments of a path expression, as strings.
    fn tail(e: &Expr, n: usize) -> Vec<String> {
        let Expr::Path(p) = e else { return vec![] };
        let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
        segs[segs.len().saturating_sub(n)..].to_vec()
    }

    fn lit_str(e: &Expr) -> Option<String> {
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => Some(s.value()),
                Lit::ByteStr(b) => String::from_utf8(b.value()).ok(),
                _ => None,
            },
            Expr::Paren(p) => lit_str(&p.expr),
            Expr::Reference(r) => lit_str(&r.expr),
            _ => None,
        }
    }

    /// `"*"`, `HeaderValue::from_static("*")`, `"*".parse().unwrap()`, `vec!`-free wrappers.
    fn star(e: &Expr) -> bool {
        if lit_str(e).is_some_and(|s| origin_is_any(&s, false)) {
            return true;
        }
        match e {
            Expr::Call(c) => c.args.iter().any(star),
            Expr::MethodCall(m) => star(&m.receiver) || m.args.iter().any(star),
            Expr::Try(t) => star(&t.expr),
            Expr::Paren(p) => star(&p.expr),
            Expr::Reference(r) => star(&r.expr),
            _ => false,
        }
    }

    /// `Any`, `cors::Any`, `AllowOrigin::any()`, `AllowOrigin::mirror_request()`, `cors::any()`.
    fn any_origin(e: &Expr) -> bool {
        match e {
            Expr::Path(_) => tail(e, 1) == ["Any"],
            Expr::Call(c) => {
                let t = tail(&c.func, 2);
                matches!(t.last().map(String::as_str), Some("any" | "mirror_request"))
                    && (t.len() == 1 || t[0] == "AllowOrigin" || t[0] == "cors")
            }
            Expr::Paren(p) => any_origin(&p.expr),
            _ => false,
        }
    }

    /// `|_, _| true`
    fn closure_true(e: &Expr) -> bool {
        match e {
            Expr::Closure(c) => match &*c.body {
                Expr::Lit(l) => matches!(&l.lit, Lit::Bool(b) if b.value),
                Expr::Block(b) => {
                    b.block.stmts.len() == 1
                        && matches!(&b.block.stmts[0], syn::Stmt::Expr(Expr::Lit(l), None) if matches!(&l.lit, Lit::Bool(b) if b.value))
                }
                _ => false,
            },
            _ => false,
        }
    }

    fn is_header_name(e: &Expr) -> bool {
        lit_str(e).is_some_and(|s| s.trim().eq_ignore_ascii_case(ACAO)) || tail(e, 1) == ["ACCESS_CONTROL_ALLOW_ORIGIN"]
    }

    fn chain_has_creds(mut m: &ExprMethodCall) -> bool {
        loop {
            let name = m.method.to_string();
            let true_arg = m
                .args
                .first()
                .is_some_and(|a| matches!(a, Expr::Lit(l) if matches!(&l.lit, Lit::Bool(b) if b.value)));
            if (name == "allow_credentials" && true_arg) || name == "supports_credentials" {
                return true;
            }
            match &*m.receiver {
                Expr::MethodCall(inner) => m = inner,
                _ => return false,
            }
        }
    }

    impl Visitor {
        fn any(&mut self, span: Option<Span>, what: &str, creds: bool) {
            let Some(span) = span else { return };
            let (line, col) = pos(span);
            if self.seen.insert((line, col)) {
                self.found.findings.push((line, col, what.to_string(), creds));
            }
        }

        /// `("access-control-allow-origin", "*")` as consecutive elements of arguments or a tuple.
        fn pairs<'e>(&mut self, elems: impl Iterator<Item = &'e Expr>) {
            let elems: Vec<&Expr> = elems.collect();
            for w in elems.windows(2) {
                if is_header_name(w[0]) && star(w[1]) {
                    self.any(start(w[1]), "`Access-Control-Allow-Origin: *`", false);
                }
            }
        }

        fn method(&mut self, m: &ExprMethodCall, creds: bool) {
            let name = m.method.to_string();
            match name.as_str() {
                "allow_origin" | "allowed_origin" | "allow_origins" => {
                    let Some(arg) = m.args.first() else { return };
                    if any_origin(arg) || star(arg) {
                        self.any(start(arg), &format!("`.{name}(…)` with any origin"), creds);
                    } else if let Some(span) = start(arg) {
                        self.found.evidence.push(pos(span));
                    }
                }
                "allowed_origin_fn" if m.args.first().is_some_and(closure_true) => {
                    self.any(Some(m.method.span()), "`.allowed_origin_fn(|_, _| true)`", creds);
                }
                "allow_any_origin" => self.any(Some(m.method.span()), "`.allow_any_origin()`", creds),
                _ => {}
            }
            self.pairs(m.args.iter());
        }

        fn call(&mut self, c: &ExprCall, creds: bool) {
            let t = tail(&c.func, 2);
            let t: Vec<&str> = t.iter().map(String::as_str).collect();
            if matches!(
                t.as_slice(),
                ["CorsLayer", "permissive" | "very_permissive"] | ["Cors", "permissive"] | ["AllowedOrigins", "all"]
            ) {
                self.any(start(&c.func), &format!("`{}::{}()`", t[0], t[1]), creds);
            } else if matches!(t.as_slice(), ["AllowOrigin", "any" | "mirror_request"]) {
                self.any(start(&c.func), &format!("`AllowOrigin::{}()`", t[1]), creds);
            }
            self.pairs(c.args.iter());
        }
    }

    impl<'ast> Visit<'ast> for Visitor {
        fn visit_expr(&mut self, e: &'ast Expr) {
            if !matches!(
                e,
                Expr::MethodCall(_) | Expr::Call(_) | Expr::Try(_) | Expr::Paren(_) | Expr::Await(_)
            ) {
                let saved = self.chain_creds.take();
                syn::visit::visit_expr(self, e);
                self.chain_creds = saved;
            } else {
                syn::visit::visit_expr(self, e);
            }
        }

        fn visit_expr_method_call(&mut self, m: &'ast ExprMethodCall) {
            let creds = match self.chain_creds {
                Some(c) => c,
                None => chain_has_creds(m),
            };
            self.method(m, creds);
            let saved = self.chain_creds;
            self.chain_creds = Some(creds);
            self.visit_expr(&m.receiver);
            self.chain_creds = None;
            for a in &m.args {
                self.visit_expr(a);
            }
            self.chain_creds = saved;
        }

        fn visit_expr_call(&mut self, c: &'ast ExprCall) {
            self.call(c, self.chain_creds.unwrap_or(false));
            let saved = self.chain_creds.take();
            syn::visit::visit_expr_call(self, c);
            self.chain_creds = saved;
        }

        fn visit_expr_tuple(&mut self, t: &'ast syn::ExprTuple) {
            self.pairs(t.elems.iter());
            syn::visit::visit_expr_tuple(self, t);
        }
    }
}

/// The argument text starting at a 1-based line and column: up to the `,` or closing bracket that
/// ends it on that line.
fn arg_text(file: &FileCtx<'_>, line: usize, col: usize) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in file.line_text(line).chars().skip(col.saturating_sub(1)) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' | ';' if depth == 0 => break,
            _ => {}
        }
        out.push(c);
    }
    out.trim().to_string()
}

fn scan_rust(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let text = file.text;
    if !(text.contains("Cors")
        || text.contains("cors")
        || text.contains("allow_any_origin")
        || text.contains("allow_origin")
        || text.contains("ACCESS_CONTROL_ALLOW_ORIGIN")
        || contains_ci(text, ACAO))
    {
        return;
    }
    let Some(ast) = file.rust_ast() else { return };
    let found = rust::scan(ast);
    for (line, col, what, creds) in found.findings {
        out.any_at(line, col, &what, creds);
    }
    for (line, col) in found.evidence {
        out.restricted_at(line, col, &arg_text(file, line, col));
    }
}

// ---------------------------------------------------------------------------------------------
// Server configs: nginx, Apache, Caddy (line-based)
// ---------------------------------------------------------------------------------------------

/// A web-server config worth reading: `*.conf`, `nginx*`, files under an `nginx*` folder,
/// `.htaccess`, `Caddyfile`.
fn is_server_conf(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    name.ends_with(".conf")
        || name.contains(".conf.")
        || name.starts_with("nginx")
        || name == ".htaccess"
        || name.starts_with("caddyfile")
        || name.starts_with("httpd")
        || lower
            .split('/')
            .rev()
            .skip(1)
            .any(|d| d.starts_with("nginx") || d == "sites-enabled" || d == "sites-available")
}

/// Splits a config line into words, keeping quoted words whole (quotes removed); stops at `#`.
fn conf_words(line: &str) -> Vec<String> {
    let mut words = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                has = true;
            }
            None if c == '#' && !has => break,
            None if c.is_whitespace() || c == ';' || c == '{' || c == '}' => {
                if has || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                has = false;
            }
            None => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The (header, value) a config line sets: nginx `add_header`/`more_set_headers`, Apache
/// `Header set`, Caddy `header` or a bare `Name value` line inside a Caddy `header {}` block.
fn conf_header(line: &str) -> Option<(String, String)> {
    let w = conf_words(line);
    let first = w.first()?.to_ascii_lowercase();
    match first.as_str() {
        "add_header" => Some((w.get(1)?.clone(), w.get(2)?.clone())),
        "more_set_headers" => w[1..]
            .iter()
            .filter(|x| !x.starts_with('-'))
            .find_map(|x| x.split_once(':').map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))),
        "header" => {
            let mut rest = w[1..]
                .iter()
                .skip_while(|x| x.eq_ignore_ascii_case("always") || x.eq_ignore_ascii_case("onsuccess"));
            let next = rest.next()?;
            if ["set", "add", "append", "merge"].iter().any(|a| next.eq_ignore_ascii_case(a)) {
                Some((rest.next()?.clone(), rest.next()?.clone()))
            } else {
                // Caddy: `header [matcher] Name value`
                let name = next.trim_start_matches(['+', '>']).to_string();
                Some((name, rest.next()?.clone()))
            }
        }
        _ if first == ACAO || first == ACAC => Some((w[0].clone(), w.get(1)?.clone())),
        _ => None,
    }
}

fn scan_conf(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    if !contains_ci(file.text, ACAO) {
        return;
    }
    let mut stars = vec![];
    let mut explicit = vec![];
    let mut creds = false;
    for (i, line) in file.text.lines().enumerate() {
        let Some((name, value)) = conf_header(line) else { continue };
        let col = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
        if name.eq_ignore_ascii_case(ACAO) {
            if value.trim() == "*" {
                stars.push((i + 1, col));
            } else if !value.starts_with('$') && !value.starts_with('%') && !value.starts_with('{') {
                explicit.push((i + 1, col, value));
            }
        } else if name.eq_ignore_ascii_case(ACAC) && value.trim().eq_ignore_ascii_case("true") {
            creds = true;
        }
    }
    for (line, col) in stars {
        out.any_at(line, col, "`add_header Access-Control-Allow-Origin *`", creds);
    }
    for (line, col, value) in explicit {
        out.restricted_at(line, col, &value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    fn run(path: &str, text: &str) -> Vec<Hit> {
        let info = FileInfo::new(path.to_string(), text.len() as u64);
        let ctx = FileCtx::new(&info, text);
        let mut hits = vec![];
        CorsWildcard::new().scan(&ctx, &mut hits);
        hits
    }

    fn finding_lines(hits: &[Hit]) -> Vec<(usize, bool)> {
        hits.iter()
            .filter_map(|h| match h {
                Hit::Finding(f) => Some((f.location.line, f.message.contains(CREDS_MARK))),
                _ => None,
            })
            .collect()
    }

    fn evidence_count(hits: &[Hit]) -> usize {
        hits.iter().filter(|h| matches!(h, Hit::Evidence(_))).count()
    }

    #[test]
    fn match_all_regexes() {
        for yes in [".*", "^.*$", "https?://.*", "^https://.*$", ".+", "[^/]+", "(.*)", "*"] {
            assert!(regex_matches_any(yes), "{yes}");
        }
        for no in [r"https://.*\.example\.com", r"^https://app\.example\.com$", "", "https://x.com"] {
            assert!(!regex_matches_any(no), "{no}");
        }
    }

    #[test]
    fn case_insensitive_contains() {
        assert!(contains_ci("res.set('ACCESS-Control-Allow-Origin', x)", ACAO));
        assert!(!contains_ci("Access-Control-Allow-Methods", ACAO));
        assert!(!contains_ci("ab", "abc"));
    }

    #[test]
    fn go_aliases() {
        assert_eq!(go_alias("github.com/rs/cors"), "cors");
        assert_eq!(go_alias("github.com/labstack/echo/v4/middleware"), "middleware");
        assert_eq!(go_alias("github.com/gofiber/fiber/v2"), "fiber");
        assert_eq!(go_alias("cors"), "cors");
    }

    #[test]
    fn conf_lines() {
        let h = |l: &str| conf_header(l).map(|(n, v)| (n.to_ascii_lowercase(), v));
        assert_eq!(
            h("  add_header Access-Control-Allow-Origin * always;"),
            Some((ACAO.into(), "*".into()))
        );
        assert_eq!(h("add_header 'Access-Control-Allow-Origin' '*';"), Some((ACAO.into(), "*".into())));
        assert_eq!(
            h("more_set_headers 'Access-Control-Allow-Origin: *';"),
            Some((ACAO.into(), "*".into()))
        );
        assert_eq!(
            h("Header always set Access-Control-Allow-Origin \"*\""),
            Some((ACAO.into(), "*".into()))
        );
        assert_eq!(
            h("header /api/* Access-Control-Allow-Origin *").map(|x| x.1),
            Some("Access-Control-Allow-Origin".into())
        );
        assert_eq!(h("# add_header Access-Control-Allow-Origin *;"), None);
        assert_eq!(h("add_header X-Frame-Options DENY;").map(|x| x.0), Some("x-frame-options".into()));
    }

    #[test]
    fn dev_settings_names() {
        assert!(is_dev_settings("proj/settings/dev.py"));
        assert!(is_dev_settings("proj/local_settings.py"));
        assert!(is_dev_settings("settings_local.py"));
        assert!(!is_dev_settings("proj/settings/production.py"));
        assert!(!is_dev_settings("proj/settings.py"));
    }

    #[test]
    fn python_fastapi() {
        let src = "from fastapi.middleware.cors import CORSMiddleware\n\
                   app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n\
                   app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_methods=['*'])\n";
        let hits = run("app/main.py", src);
        assert_eq!(finding_lines(&hits), vec![(2, true)]);
        assert_eq!(evidence_count(&hits), 1);
    }

    #[test]
    fn python_resolves_module_list() {
        let src = "from starlette.middleware.cors import CORSMiddleware\norigins = [\n    \"*\",\n]\n\
                   app.add_middleware(CORSMiddleware, allow_origins=origins)\n";
        assert_eq!(finding_lines(&run("main.py", src)), vec![(2, false)]);
    }

    #[test]
    fn python_docstring_is_silent() {
        let src = "\"\"\"Use app.add_middleware(CORSMiddleware, allow_origins=['*']) never.\"\"\"\n# CORS(app)\n";
        assert!(finding_lines(&run("main.py", src)).is_empty());
    }

    #[test]
    fn tests_and_examples_are_skipped() {
        let src = "from flask_cors import CORS\nCORS(app)\n";
        assert!(run("tests/test_app.py", src).is_empty());
        assert!(run("examples/app.py", src).is_empty());
        assert_eq!(finding_lines(&run("app.py", src)), vec![(2, false)]);
    }

    #[test]
    fn js_unbound_cors_is_silent() {
        let src = "function cors() { return (req, res, next) => next(); }\napp.use(cors());\n";
        assert!(run("src/app.js", src).is_empty());
        let src = "const cors = require('cors');\napp.use(cors());\n";
        assert_eq!(finding_lines(&run("src/app.js", src)), vec![(2, false)]);
    }

    #[test]
    fn js_options_variable() {
        let src = "import cors from 'cors';\nconst opts = {\n  origin: true,\n  credentials: true,\n};\napp.use(cors(opts));\n";
        assert_eq!(finding_lines(&run("src/app.ts", src)), vec![(3, true)]);
    }

    #[test]
    fn rust_chain_credentials() {
        let src = "fn app() {\n    let cors = CorsLayer::new()\n        .allow_origin(Any)\n        .allow_credentials(true);\n    \
                   let ok = CorsLayer::new().allow_methods(Any).allow_origin(\"https://x\".parse::<HeaderValue>().unwrap());\n}\n";
        let hits = run("src/main.rs", src);
        assert_eq!(finding_lines(&hits), vec![(3, true)]);
        assert_eq!(evidence_count(&hits), 1);
    }

    #[test]
    fn raw_headers_across_languages() {
        let java = "class A {\n  void f(HttpServletResponse r, HttpHeaders h) {\n    h.add(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, \"*\");\n  }\n}\n";
        assert_eq!(finding_lines(&run("src/main/java/A.java", java)), vec![(3, false)]);
        let go = "package main\nvar h = map[string]string{\n\t\"Access-Control-Allow-Origin\": \"*\",\n}\n";
        assert_eq!(finding_lines(&run("main.go", go)), vec![(3, false)]);
        let py = "async def app(scope, receive, send):\n    await send({\"headers\": [(b\"access-control-allow-origin\", b\"*\")]})\n";
        assert_eq!(finding_lines(&run("asgi.py", py)), vec![(2, false)]);
        let js = "res.writeHead(200, { 'Access-Control-Allow-Origin': '*' });\nres.set('Access-Control-Allow-Methods', '*');\n";
        assert_eq!(finding_lines(&run("server.js", js)), vec![(1, false)]);
    }

    #[test]
    fn evidence_text_drops_comments() {
        let src = "CORS_ALLOWED_ORIGINS = [  # from ops\n    \"https://a.example.com\",\n]\n";
        let hits = run("settings.py", src);
        let Some(Hit::Evidence(e)) = hits.first() else {
            panic!("no evidence: {hits:?}")
        };
        assert_eq!(e.message, "CORS restricted to `[ \"https://a.example.com\", ]`");
    }

    #[test]
    fn conf_file_credentials() {
        let src = "location / {\n  add_header Access-Control-Allow-Origin \"*\";\n  add_header Access-Control-Allow-Credentials true;\n}\n";
        assert_eq!(finding_lines(&run("deploy/nginx.conf", src)), vec![(2, true)]);
        assert!(run("deploy/README.md", src).is_empty());
    }
}
