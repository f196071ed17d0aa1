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

mod config;
mod go;
mod headers;
mod java;
mod javascript;
mod python;
mod rust;
mod syntax;

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use std::collections::HashSet;
use tree_sitter::Node;

use config::{is_server_conf, scan_conf};
use go::scan_go;
use java::scan_java;
use javascript::scan_js;
use python::scan_python;
use rust::scan_rust;
use syntax::text_without_comments;

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
/// [`contains_ci`] on a file's text, ruled out from its shared 4-byte windows (which ignore ASCII
/// case too) before the text is read again.
pub(super) fn file_contains_ci(file: &FileCtx<'_>, needle: &str) -> bool {
    file.grams().may_contain(needle.as_bytes()) && contains_ci(file.text, needle)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    pub(super) fn run(path: &str, text: &str) -> Vec<Hit> {
        let info = FileInfo::new(path.to_string(), text.len() as u64);
        let ctx = FileCtx::new(&info, text);
        let mut hits = vec![];
        CorsWildcard::new().scan(&ctx, &mut hits);
        hits
    }

    pub(super) fn finding_lines(hits: &[Hit]) -> Vec<(usize, bool)> {
        hits.iter()
            .filter_map(|h| match h {
                Hit::Finding(f) => Some((f.location.line, f.message.contains(CREDS_MARK))),
                _ => None,
            })
            .collect()
    }

    pub(super) fn evidence_count(hits: &[Hit]) -> usize {
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
    fn tests_and_examples_are_skipped() {
        let src = "from flask_cors import CORS\nCORS(app)\n";
        assert!(run("tests/test_app.py", src).is_empty());
        assert!(run("examples/app.py", src).is_empty());
        assert_eq!(finding_lines(&run("app.py", src)), vec![(2, false)]);
    }
}
