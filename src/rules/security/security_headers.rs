//! `security-headers`: responses carry browser security headers (CSP, HSTS, X-Frame-Options, …).
//!
//! **Why**: without `Content-Security-Policy`, `Strict-Transport-Security`, `X-Frame-Options` and
//! `X-Content-Type-Options`, browsers allow clickjacking, protocol downgrades, MIME sniffing and
//! make any XSS worse. One middleware (or proxy directive) sets them for every response.
//!
//! **Passes**: helmet / @fastify/helmet / koa-helmet / lusca; flask-talisman, `secure` (Python),
//! django-csp's `CSPMiddleware`; Django `SecurityMiddleware` *and* a header setting
//! (`SECURE_HSTS_SECONDS`, `SECURE_CONTENT_TYPE_NOSNIFF`, `X_FRAME_OPTIONS`, `CSP_*`, …);
//! gin-contrib/secure, unrolled/secure, echo `middleware.Secure()`, fiber helmet; Spring Security
//! (sets them by default); a security header name set in shipped code (Next.js `headers()`,
//! `res.setHeader`, `response.headers[...]`, actix `DefaultHeaders`, tower-http
//! `SetResponseHeaderLayer` with `header::X_FRAME_OPTIONS`, Go `Header().Set`); nginx/Apache
//! `add_header`/`Header set`, Caddy `header`, Traefik headers middleware, vercel.json/netlify.toml
//! `_headers` rules.
//!
//! **Fails**: none of that (helmet mentioned only in the README does not count). Django's
//! `SecurityMiddleware` with no header setting is a finding on the middleware line.

use super::signals::{Dep, Pattern, Patterns, dependency_evidence, fact_evidence, facts, go_import, js_import, name_of, py_import};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Maven, Npm, Pypi};
use crate::lang::Lang;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::{Rule, split_hits};
use std::sync::LazyLock;

const MAX_EVIDENCE: usize = 10;

const DEPS: &[Dep] = &[
    Dep {
        eco: Npm,
        names: &[
            "helmet",
            "@fastify/helmet",
            "fastify-helmet",
            "koa-helmet",
            "lusca",
            "next-secure-headers",
        ],
        message: "security-headers middleware",
    },
    Dep {
        eco: Pypi,
        names: &["flask-talisman", "talisman"],
        message: "security-headers middleware",
    },
    Dep {
        eco: Maven,
        names: &[
            "org.springframework.boot:spring-boot-starter-security",
            "org.springframework.security:spring-security-web",
        ],
        message: "Spring Security (sets security headers by default)",
    },
];

/// The header names that count, for literal prefilters.
const HEADER_LITERALS: &[&str] = &[
    "X-Frame-Options",
    "Content-Security-Policy",
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "x-frame-options",
    "content-security-policy",
    "strict-transport-security",
    "x-content-type-options",
];

const HEADERS_RE: &str = "x-frame-options|content-security-policy|strict-transport-security|x-content-type-options";

const ALL_CODE: &[Lang] = &[Lang::JavaScript, Lang::Python, Lang::Go, Lang::Java, Lang::Rust];

fn lower_name(path: &str) -> String {
    name_of(path).to_ascii_lowercase()
}

fn is_web_server_conf(path: &str) -> bool {
    let n = lower_name(path);
    n.ends_with(".conf") || n.ends_with(".conf.template") || n.starts_with("nginx") || n == ".htaccess" || n.ends_with(".vhost")
}

fn is_caddyfile(path: &str) -> bool {
    lower_name(path).starts_with("caddyfile")
}

fn is_yaml_or_toml(path: &str) -> bool {
    let n = lower_name(path);
    n.ends_with(".yml") || n.ends_with(".yaml") || n.ends_with(".toml")
}

fn is_hosting_json(path: &str) -> bool {
    matches!(
        lower_name(path).as_str(),
        "vercel.json" | "firebase.json" | "staticwebapp.config.json" | "now.json"
    )
}

fn is_netlify(path: &str) -> bool {
    lower_name(path) == "netlify.toml"
}

fn is_headers_file(path: &str) -> bool {
    name_of(path) == "_headers"
}

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(vec![
        Pattern::code(
            &[Lang::JavaScript],
            &["helmet", "lusca"],
            js_import("helmet|@fastify/helmet|koa-helmet|lusca"),
            "security-headers middleware",
        ),
        Pattern::code(&[Lang::JavaScript], &["secureHeaders"], r"\bsecureHeaders\s*\(", "Hono secureHeaders middleware"),
        Pattern::code(
            ALL_CODE,
            HEADER_LITERALS,
            format!(r#"(?i)["'`](?:{HEADERS_RE})["'`]"#),
            "security header set in code",
        ),
        Pattern::code(
            &[Lang::Rust],
            &["X_FRAME_OPTIONS", "CONTENT_SECURITY_POLICY", "STRICT_TRANSPORT_SECURITY", "X_CONTENT_TYPE_OPTIONS"],
            r"\b(?:X_FRAME_OPTIONS|CONTENT_SECURITY_POLICY|STRICT_TRANSPORT_SECURITY|X_CONTENT_TYPE_OPTIONS)\b",
            "security header set in code",
        ),
        // Python packages.
        Pattern::code(&[Lang::Python], &["talisman", "secure"], py_import("flask_talisman|talisman|secure"), "security-headers middleware"),
        Pattern::code(
            &[Lang::Python],
            &["CSPMiddleware"],
            r#"["']csp\.middleware\.CSPMiddleware["']"#,
            "django-csp CSPMiddleware",
        ),
        // Django: SecurityMiddleware plus a header setting, possibly in different settings modules.
        Pattern::code(
            &[Lang::Python],
            &["SecurityMiddleware"],
            r#"["']django\.middleware\.security\.SecurityMiddleware["']"#,
            "Django SecurityMiddleware",
        )
        .tagged("django-mw"),
        Pattern::code(
            &[Lang::Python],
            &["SECURE_", "X_FRAME_OPTIONS", "CSP_", "CONTENT_SECURITY_POLICY"],
            r#"^[ \t]*(?:SECURE_HSTS_SECONDS[ \t]*=[ \t]*(?:[1-9]|[A-Za-z_(])|SECURE_CONTENT_TYPE_NOSNIFF[ \t]*=[ \t]*True\b|SECURE_BROWSER_XSS_FILTER[ \t]*=[ \t]*True\b|X_FRAME_OPTIONS[ \t]*=[ \t]*["'](?:DENY|SAMEORIGIN)["']|SECURE_REFERRER_POLICY[ \t]*=|SECURE_CSP\w*[ \t]*=|CSP_[A-Z_]+[ \t]*=|CONTENT_SECURITY_POLICY[ \t]*=)"#,
            "Django security header setting",
        )
        .tagged("django-setting"),
        // Go.
        Pattern::code(
            &[Lang::Go],
            &["secure", "helmet"],
            go_import(r"github\.com/unrolled/secure|github\.com/gin-contrib/secure|github\.com/gofiber/fiber/v\d/middleware/helmet|github\.com/gofiber/helmet"),
            "security-headers middleware",
        ),
        Pattern::code(&[Lang::Go], &["middleware.Secure"], r"\bmiddleware\.Secure(?:WithConfig)?\s*\(", "echo Secure middleware"),
        // Proxies and hosting configuration.
        Pattern::files(
            is_web_server_conf,
            &["add_header", "more_set_headers", "Header"],
            format!(r#"(?i)^[ \t]*(?:add_header|more_set_headers|header[ \t]+(?:always[ \t]+)?(?:set|append))[ \t]+["']?(?:{HEADERS_RE})\b"#),
            "proxy sets security headers",
        ),
        Pattern::files(
            is_caddyfile,
            HEADER_LITERALS,
            format!(r"(?im)^[ \t]*(?:header[ \t]+(?:\S+[ \t]+)?)?\+?(?:{HEADERS_RE})\b"),
            "Caddy sets security headers",
        ),
        Pattern::files(
            is_yaml_or_toml,
            &["frameDeny", "framedeny", "stsSeconds", "stsseconds", "contentSecurityPolicy", "contentsecuritypolicy", "contentTypeNosniff", "customFrameOptionsValue", "more_set_headers", "add_header"],
            format!(
                r#"(?i)\b(?:framedeny[ \t]*[:=][ \t]*["']?true|stsseconds[ \t]*[:=][ \t]*["']?[1-9]|contentsecuritypolicy[ \t]*[:=]|contenttypenosniff[ \t]*[:=][ \t]*["']?true|customframeoptionsvalue[ \t]*[:=])|(?:more_set_headers|add_header)[ \t]+\\?["']?(?:{HEADERS_RE})\b"#
            ),
            "proxy sets security headers",
        ),
        Pattern::files(
            is_hosting_json,
            HEADER_LITERALS,
            format!(r#"(?i)"key"\s*:\s*"(?:{HEADERS_RE})""#),
            "hosting config sets security headers",
        ),
        Pattern::files(
            is_netlify,
            HEADER_LITERALS,
            format!(r#"(?im)^[ \t]*["']?(?:{HEADERS_RE})["']?[ \t]*="#),
            "hosting config sets security headers",
        ),
        Pattern::files(is_headers_file, HEADER_LITERALS, format!(r"(?im)^[ \t]+(?:{HEADERS_RE})[ \t]*:"), "hosting config sets security headers"),
    ])
});

pub struct SecurityHeaders {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl SecurityHeaders {
    pub fn new() -> SecurityHeaders {
        SecurityHeaders {
            meta: RuleMeta {
                id: "security-headers".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "Security headers on responses".into(),
                rationale: "Content-Security-Policy, Strict-Transport-Security, X-Frame-Options and \
                            X-Content-Type-Options tell browsers to refuse clickjacking, protocol downgrades and MIME \
                            sniffing, and limit what an XSS bug can do. Without them every response is as permissive \
                            as the browser allows."
                    .into(),
                detection: "Passes on a security-headers middleware (helmet, @fastify/helmet, koa-helmet, lusca, Hono \
                            secureHeaders, flask-talisman, secure, django-csp CSPMiddleware, unrolled/secure, \
                            gin-contrib/secure, echo middleware.Secure, fiber helmet), Spring Security (sets the headers \
                            by default), Django SecurityMiddleware together with a header setting (SECURE_HSTS_SECONDS \
                            non-zero, SECURE_CONTENT_TYPE_NOSNIFF, X_FRAME_OPTIONS, SECURE_BROWSER_XSS_FILTER, \
                            SECURE_REFERRER_POLICY, CSP_*), a security header name set in shipped code (Next.js \
                            headers(), setHeader, response.headers[...], actix DefaultHeaders, tower-http \
                            SetResponseHeaderLayer with header::X_FRAME_OPTIONS, Go Header().Set), or proxy/hosting \
                            configuration (nginx/Apache add_header/Header set, Caddy header, Traefik headers middleware, \
                            ingress more_set_headers, vercel.json, netlify.toml, _headers). Docs, tests and comments do \
                            not count. SecurityMiddleware without any header setting is a finding."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    rem("express", "javascript", "const helmet = require('helmet');\n\napp.use(helmet());"),
                    rem(
                        "nestjs",
                        "typescript",
                        "import helmet from 'helmet';\n\nconst app = await NestFactory.create(AppModule);\napp.use(helmet());",
                    ),
                    rem("fastify", "javascript", "await fastify.register(require('@fastify/helmet'));"),
                    rem("koa", "javascript", "const helmet = require('koa-helmet');\n\napp.use(helmet());"),
                    rem(
                        "nextjs",
                        "javascript",
                        "// next.config.js\nmodule.exports = {\n  async headers() {\n    return [{ source: '/(.*)', headers: [\n      \
                         { key: 'X-Frame-Options', value: 'DENY' },\n      \
                         { key: 'Strict-Transport-Security', value: 'max-age=63072000; includeSubDomains' },\n      \
                         { key: 'X-Content-Type-Options', value: 'nosniff' },\n    ] }];\n  },\n};",
                    ),
                    rem(
                        "django",
                        "python",
                        "MIDDLEWARE = [\"django.middleware.security.SecurityMiddleware\", ...]\n\
                         SECURE_HSTS_SECONDS = 31536000\nSECURE_CONTENT_TYPE_NOSNIFF = True\nX_FRAME_OPTIONS = \"DENY\"",
                    ),
                    rem(
                        "flask",
                        "python",
                        "from flask_talisman import Talisman\n\nTalisman(app, force_https=True)",
                    ),
                    rem(
                        "fastapi",
                        "python",
                        "@app.middleware(\"http\")\nasync def security_headers(request, call_next):\n    \
                         response = await call_next(request)\n    response.headers[\"X-Frame-Options\"] = \"DENY\"\n    \
                         response.headers[\"X-Content-Type-Options\"] = \"nosniff\"\n    \
                         response.headers[\"Strict-Transport-Security\"] = \"max-age=63072000\"\n    return response",
                    ),
                    rem(
                        "gin",
                        "go",
                        "// github.com/gin-contrib/secure\nr.Use(secure.New(secure.DefaultConfig()))",
                    ),
                    rem("echo", "go", "e.Use(middleware.Secure())"),
                    rem(
                        "chi",
                        "go",
                        "// github.com/unrolled/secure\nr.Use(secure.New(secure.Options{FrameDeny: true, ContentTypeNosniff: true, STSSeconds: 31536000}).Handler)",
                    ),
                    rem(
                        "axum",
                        "rust",
                        "use tower_http::set_header::SetResponseHeaderLayer;\nuse http::{header, HeaderValue};\n\n\
                         let app = Router::new().layer(SetResponseHeaderLayer::overriding(\n    \
                         header::X_FRAME_OPTIONS, HeaderValue::from_static(\"DENY\")));",
                    ),
                    rem(
                        "actix-web",
                        "rust",
                        "App::new().wrap(middleware::DefaultHeaders::new()\n    .add((\"X-Frame-Options\", \"DENY\"))\n    \
                         .add((\"X-Content-Type-Options\", \"nosniff\")))",
                    ),
                    rem(
                        "spring-boot",
                        "xml",
                        "<dependency>\n  <groupId>org.springframework.boot</groupId>\n  \
                         <artifactId>spring-boot-starter-security</artifactId>\n</dependency>",
                    ),
                    rem(
                        "generic",
                        "nginx",
                        "add_header X-Frame-Options \"DENY\" always;\nadd_header X-Content-Type-Options \"nosniff\" always;\n\
                         add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" always;\n\
                         add_header Content-Security-Policy \"default-src 'self'\" always;",
                    ),
                ],
                effort_hours: 1.0,
                pass_message: "security headers are set".into(),
                fail_message: "no security headers (CSP, HSTS, X-Frame-Options) are set".into(),
            },
        }
    }
}

impl Rule for SecurityHeaders {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        PATTERNS.scan(file, hits);
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        evidence.extend(dependency_evidence(project, DEPS));
        let middleware: Vec<_> = facts(hits, "django-mw").collect();
        let settings: Vec<_> = facts(hits, "django-setting").collect();
        if !middleware.is_empty() && !settings.is_empty() {
            evidence.extend(middleware.iter().map(|(l, _)| fact_evidence(l, "Django SecurityMiddleware")));
            evidence.extend(settings.iter().map(|(l, _)| fact_evidence(l, "Django security header setting")));
        }
        if !evidence.is_empty() {
            return Outcome::pass_capped(self.meta.pass_message.clone(), evidence, MAX_EVIDENCE);
        }
        let findings = if settings.is_empty() {
            middleware
                .iter()
                .map(|(l, _)| Finding {
                    location: (*l).clone(),
                    message: "SecurityMiddleware is enabled but no header setting (SECURE_HSTS_SECONDS, \
                              SECURE_CONTENT_TYPE_NOSNIFF, X_FRAME_OPTIONS, CSP_*) is configured"
                        .into(),
                    snippet: None,
                })
                .collect()
        } else {
            vec![]
        };
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert_eq!(super::PATTERNS.len(), 16);
    }
}
