//! Decides what the repository is: languages, frameworks, and whether it serves HTTP, talks to a
//! database, ships a browser front end or reads its configuration from the environment.
//!
//! Rules declare what they apply to (`service`, `db`, …); this module answers those questions
//! from dependencies in manifests and from imports in shipped source, so a CORS rule says `n/a`
//! on a CLI tool instead of failing it.

use crate::engine::ctx::FileCtx;
use crate::index::manifests::{Ecosystem, Manifest};
use crate::lang::Lang;
use crate::model::Location;
use crate::prefilter::Gated;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What a framework makes the repository.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// An HTTP server framework.
    Server,
    /// A browser front-end framework.
    Web,
    /// A database client, driver or ORM.
    Database,
    /// An outbound HTTP client: the code calls other services.
    HttpClient,
}

/// One known framework or library that shapes what applies.
struct Spec {
    id: &'static str,
    name: &'static str,
    kind: Kind,
    deps: &'static [(Ecosystem, &'static str)],
}

use Ecosystem::{Cargo, Go, Maven, Npm, Pypi};

const SPECS: &[Spec] = &[
    Spec {
        id: "fastapi",
        name: "FastAPI",
        kind: Kind::Server,
        deps: &[(Pypi, "fastapi")],
    },
    Spec {
        id: "flask",
        name: "Flask",
        kind: Kind::Server,
        deps: &[(Pypi, "flask")],
    },
    Spec {
        id: "django",
        name: "Django",
        kind: Kind::Server,
        deps: &[(Pypi, "django"), (Pypi, "djangorestframework")],
    },
    Spec {
        id: "starlette",
        name: "Starlette",
        kind: Kind::Server,
        deps: &[(Pypi, "starlette")],
    },
    Spec {
        id: "aiohttp",
        name: "aiohttp",
        kind: Kind::Server,
        deps: &[],
    },
    Spec {
        id: "express",
        name: "Express",
        kind: Kind::Server,
        deps: &[(Npm, "express")],
    },
    Spec {
        id: "nestjs",
        name: "NestJS",
        kind: Kind::Server,
        deps: &[(Npm, "@nestjs/core")],
    },
    Spec {
        id: "nextjs",
        name: "Next.js",
        kind: Kind::Server,
        deps: &[(Npm, "next")],
    },
    Spec {
        id: "fastify",
        name: "Fastify",
        kind: Kind::Server,
        deps: &[(Npm, "fastify")],
    },
    Spec {
        id: "koa",
        name: "Koa",
        kind: Kind::Server,
        deps: &[(Npm, "koa")],
    },
    Spec {
        id: "hapi",
        name: "hapi",
        kind: Kind::Server,
        deps: &[(Npm, "@hapi/hapi")],
    },
    Spec {
        id: "axum",
        name: "axum",
        kind: Kind::Server,
        deps: &[(Cargo, "axum")],
    },
    Spec {
        id: "actix-web",
        name: "actix-web",
        kind: Kind::Server,
        deps: &[(Cargo, "actix-web")],
    },
    Spec {
        id: "rocket",
        name: "Rocket",
        kind: Kind::Server,
        deps: &[(Cargo, "rocket")],
    },
    Spec {
        id: "warp",
        name: "warp",
        kind: Kind::Server,
        deps: &[(Cargo, "warp")],
    },
    Spec {
        id: "gin",
        name: "gin",
        kind: Kind::Server,
        deps: &[(Go, "github.com/gin-gonic/gin")],
    },
    Spec {
        id: "echo",
        name: "echo",
        kind: Kind::Server,
        deps: &[(Go, "github.com/labstack/echo/v4"), (Go, "github.com/labstack/echo")],
    },
    Spec {
        id: "chi",
        name: "chi",
        kind: Kind::Server,
        deps: &[(Go, "github.com/go-chi/chi/v5"), (Go, "github.com/go-chi/chi")],
    },
    Spec {
        id: "fiber",
        name: "fiber",
        kind: Kind::Server,
        deps: &[(Go, "github.com/gofiber/fiber/v2"), (Go, "github.com/gofiber/fiber/v3")],
    },
    Spec {
        id: "net-http",
        name: "net/http",
        kind: Kind::Server,
        deps: &[],
    },
    Spec {
        id: "spring-boot",
        name: "Spring Boot",
        kind: Kind::Server,
        deps: &[
            (Maven, "org.springframework.boot:spring-boot-starter-web"),
            (Maven, "org.springframework.boot:spring-boot-starter-webflux"),
            (Maven, "org.springframework.boot"),
        ],
    },
    Spec {
        id: "react",
        name: "React",
        kind: Kind::Web,
        deps: &[(Npm, "react")],
    },
    Spec {
        id: "vue",
        name: "Vue",
        kind: Kind::Web,
        deps: &[(Npm, "vue")],
    },
    Spec {
        id: "svelte",
        name: "Svelte",
        kind: Kind::Web,
        deps: &[(Npm, "svelte")],
    },
    Spec {
        id: "angular",
        name: "Angular",
        kind: Kind::Web,
        deps: &[(Npm, "@angular/core")],
    },
    Spec {
        id: "sql",
        name: "database client",
        kind: Kind::Database,
        deps: &[
            (Pypi, "sqlalchemy"),
            (Pypi, "psycopg2"),
            (Pypi, "psycopg2-binary"),
            (Pypi, "psycopg"),
            (Pypi, "asyncpg"),
            (Pypi, "pymongo"),
            (Pypi, "motor"),
            (Pypi, "sqlmodel"),
            (Pypi, "tortoise-orm"),
            (Pypi, "peewee"),
            (Pypi, "mysqlclient"),
            (Pypi, "pymysql"),
            (Npm, "@prisma/client"),
            (Npm, "prisma"),
            (Npm, "pg"),
            (Npm, "mysql2"),
            (Npm, "mongoose"),
            (Npm, "mongodb"),
            (Npm, "typeorm"),
            (Npm, "sequelize"),
            (Npm, "knex"),
            (Npm, "drizzle-orm"),
            (Npm, "better-sqlite3"),
            (Cargo, "sqlx"),
            (Cargo, "diesel"),
            (Cargo, "sea-orm"),
            (Cargo, "tokio-postgres"),
            (Cargo, "mongodb"),
            (Cargo, "rusqlite"),
            (Go, "gorm.io/gorm"),
            (Go, "github.com/jackc/pgx/v5"),
            (Go, "github.com/jackc/pgx/v4"),
            (Go, "github.com/lib/pq"),
            (Go, "github.com/go-sql-driver/mysql"),
            (Go, "github.com/jmoiron/sqlx"),
            (Go, "go.mongodb.org/mongo-driver"),
            (Maven, "org.springframework.boot:spring-boot-starter-data-jpa"),
            (Maven, "org.springframework.boot:spring-boot-starter-jdbc"),
        ],
    },
    Spec {
        id: "http-client",
        name: "HTTP client",
        kind: Kind::HttpClient,
        deps: &[
            (Pypi, "requests"),
            (Pypi, "httpx"),
            (Npm, "axios"),
            (Npm, "got"),
            (Npm, "node-fetch"),
            (Npm, "undici"),
            (Npm, "ky"),
            (Npm, "superagent"),
            (Npm, "@nestjs/axios"),
            (Cargo, "reqwest"),
            (Cargo, "ureq"),
            (Cargo, "awc"),
            (Go, "github.com/go-resty/resty/v2"),
            (Maven, "org.springframework.boot:spring-boot-starter-webflux"),
            (Maven, "com.squareup.okhttp3:okhttp"),
            (Maven, "org.springframework.cloud:spring-cloud-starter-openfeign"),
        ],
    },
];

/// Import/usage patterns that reveal a framework in shipped source, per language.
static IMPORTS: LazyLock<Vec<(Lang, &'static str, Gated)>> = LazyLock::new(|| {
    let raw: &[(Lang, &str, &str)] = &[
        (Lang::Python, "fastapi", r"(?m)^\s*(?:from|import)\s+fastapi\b"),
        (Lang::Python, "flask", r"(?m)^\s*(?:from|import)\s+flask\b"),
        (Lang::Python, "django", r"(?m)^\s*(?:from|import)\s+django\b"),
        (Lang::Python, "starlette", r"(?m)^\s*(?:from|import)\s+starlette\b"),
        (Lang::Python, "aiohttp", r"(?m)^\s*from\s+aiohttp\s+import\s+web\b"),
        (
            Lang::Python,
            "sql",
            r"(?m)^\s*(?:from|import)\s+(?:sqlalchemy|psycopg2?|asyncpg|pymongo|sqlmodel|sqlite3)\b",
        ),
        (Lang::JavaScript, "express", r#"(?:require\(\s*|from\s+)['"]express['"]"#),
        (Lang::JavaScript, "nestjs", r#"from\s+['"]@nestjs/core['"]"#),
        (Lang::JavaScript, "fastify", r#"(?:require\(\s*|from\s+)['"]fastify['"]"#),
        (Lang::JavaScript, "koa", r#"(?:require\(\s*|from\s+)['"]koa['"]"#),
        (
            Lang::JavaScript,
            "sql",
            r#"(?:require\(\s*|from\s+)['"](?:pg|mysql2|mongoose|mongodb|@prisma/client|typeorm|sequelize|knex)['"]"#,
        ),
        (Lang::Go, "gin", r#""github\.com/gin-gonic/gin""#),
        (Lang::Go, "echo", r#""github\.com/labstack/echo(?:/v\d+)?""#),
        (Lang::Go, "chi", r#""github\.com/go-chi/chi(?:/v\d+)?""#),
        (Lang::Go, "fiber", r#""github\.com/gofiber/fiber(?:/v\d+)?""#),
        (
            Lang::Go,
            "net-http",
            r"\bhttp\.(?:ListenAndServe(?:TLS)?|HandleFunc|NewServeMux)\s*\(|&http\.Server\s*\{",
        ),
        (Lang::Go, "sql", r#""database/sql"|"gorm\.io/gorm"|"github\.com/jackc/pgx"#),
        (Lang::Rust, "axum", r"\baxum::"),
        (Lang::Rust, "actix-web", r"\bactix_web::"),
        (Lang::Rust, "rocket", r"#\[rocket::main\]|\brocket::build\(|#\[launch\]"),
        (Lang::Rust, "warp", r"\bwarp::serve\b"),
        (Lang::Rust, "sql", r"\b(?:sqlx|diesel|sea_orm|tokio_postgres)::"),
        (Lang::Java, "spring-boot", r"@SpringBootApplication|@RestController"),
        (
            Lang::Python,
            "http-client",
            r"(?m)^\s*(?:from|import)\s+(?:requests|httpx|urllib3)\b|\baiohttp\.ClientSession\b",
        ),
        (
            Lang::JavaScript,
            "http-client",
            r#"(?:require\(\s*|from\s+)['"](?:axios|got|node-fetch|undici|ky|superagent)['"]|\bfetch\s*\(\s*(?:`https?:|['"]https?:|`\$\{|process\.env)"#,
        ),
        (
            Lang::Go,
            "http-client",
            r"\bhttp\.(?:Get|Post|Head|PostForm|NewRequest(?:WithContext)?)\s*\(|\bhttp\.Client\s*\{",
        ),
        (Lang::Rust, "http-client", r"\b(?:reqwest|ureq|awc)::|\bhyper_util::client\b"),
        (
            Lang::Java,
            "http-client",
            r"\b(?:RestTemplate|WebClient|OkHttpClient|RestClient)\b|\bHttpClient\.new",
        ),
    ];
    // Each regex with the literals its matches need: `fastapi` rather than the `from`/`import`
    // the regex engine would look for first, so most files are ruled out without running it.
    raw.iter()
        .filter_map(|(l, id, re)| Gated::new(re).ok().map(|g| (*l, *id, g)))
        .collect()
});

/// Reading configuration from the environment, per language. The first non-empty capture group,
/// when present, is the variable's name; a read without a literal name (`os.environ` passed
/// whole, pydantic `BaseSettings`, destructuring `process.env`) has none.
static ENV_READS: LazyLock<Vec<(Lang, Gated)>> = LazyLock::new(|| {
    let raw: &[(Lang, &str)] = &[
        (
            Lang::Python,
            r#"\bos\.(?:getenv\s*\(|environ\s*\[|environ\.get\s*\()\s*[rbu]?["']([A-Za-z_][A-Za-z0-9_]*)["']|(?:^|[^.\w])environ(?:\.get\s*\(|\s*\[)\s*["']([A-Za-z_][A-Za-z0-9_]*)["']|\benv(?:\.(?:str|int|bool|float|list|url|db|json))?\s*\(\s*["']([A-Z_][A-Z0-9_]*)["']|\bclass\s+\w+\s*\([^)]*\bBaseSettings\b"#,
        ),
        (
            Lang::JavaScript,
            r#"\bprocess\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\s*\[\s*["'`]([A-Za-z_][A-Za-z0-9_]*)["'`]\s*\])|\}\s*=\s*process\.env\b|\bimport\.meta\.env\.([A-Za-z_][A-Za-z0-9_]*)|\bDeno\.env\.get\s*\(\s*["']([A-Za-z_]\w*)["']"#,
        ),
        (
            Lang::Go,
            r#"\bos\.(?:Getenv|LookupEnv)\s*\(\s*(?:"([A-Za-z_][A-Za-z0-9_]*)")?|\bviper\.AutomaticEnv\b|\benvconfig\.Process\b"#,
        ),
        (
            Lang::Rust,
            r#"\b(?:std::)?env::var(?:_os)?\s*\(\s*(?:"([A-Za-z_][A-Za-z0-9_]*)")?|\benv!\s*\(\s*"([A-Za-z_][A-Za-z0-9_]*)"|\bdotenvy?::dotenv\b|\benvy::from_env\b"#,
        ),
        (
            Lang::Java,
            r#"\bSystem\.getenv\s*\(\s*(?:"([A-Za-z_][A-Za-z0-9_]*)")?|@Value\s*\(\s*"\$\{([A-Za-z_][A-Za-z0-9_.]*)"#,
        ),
    ];
    raw.iter().filter_map(|(l, re)| Gated::new(re).ok().map(|g| (*l, g))).collect()
});

/// Variables every process sees, set by the shell, the terminal, CI or the build tool: reading
/// them is not configuration a deployment must supply.
const AMBIENT_VARS: &[&str] = &[
    "NO_COLOR",
    "FORCE_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "TERM",
    "COLORTERM",
    "HOME",
    "USER",
    "USERNAME",
    "LOGNAME",
    "SHELL",
    "PATH",
    "PWD",
    "TMPDIR",
    "TEMP",
    "TMP",
    "LANG",
    "LC_ALL",
    "CI",
    "EDITOR",
    "VISUAL",
    "PAGER",
    "OUT_DIR",
    "TARGET",
    "HOST",
    "PROFILE",
    "NODE_ENV",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_CACHE_HOME",
    "APPDATA",
    "LOCALAPPDATA",
    "USERPROFILE",
];

/// True for variables readycheck ignores when deciding whether the code is configured by the environment.
pub fn is_ambient_var(name: &str) -> bool {
    AMBIENT_VARS.contains(&name)
        || name.starts_with("CARGO")
        || name.starts_with("GITHUB_")
        || name.starts_with("RUNNER_")
        || name.starts_with("npm_")
}

/// Files that read the environment at build time, not at run time.
fn is_build_script(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(name, "build.rs" | "setup.py" | "noxfile.py" | "fabfile.py" | "manage.py")
}

/// One place where code reads the environment.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct EnvRead {
    #[serde(flatten)]
    pub location: Location,
    /// The variable, when the code names it literally.
    pub name: Option<String>,
}

/// Facts about one file that detection needs, gathered in the single scan pass.
#[derive(Clone, Debug, Default)]
pub struct FileFacts {
    pub frameworks: Vec<(&'static str, Location)>,
    pub env_reads: Vec<EnvRead>,
}

fn family(lang: Lang) -> Lang {
    if lang.is_js_family() { Lang::JavaScript } else { lang }
}

/// True when the line at `byte` starts with a comment marker (cheap, language-agnostic guard).
fn in_comment_line(ctx: &FileCtx<'_>, byte: usize, lang: Lang) -> bool {
    let (line, _) = ctx.line_col(byte);
    let t = ctx.line_text(line).trim_start();
    t.starts_with(lang.line_comment()) || t.starts_with("/*") || t.starts_with('*') || t.starts_with("\"\"\"")
}

/// True when a match at `byte` is code; a match that *is* a string literal (a Go import path)
/// is judged by the byte before its opening quote.
fn starts_in_code(ctx: &FileCtx<'_>, byte: usize) -> bool {
    let quoted = matches!(ctx.text.as_bytes().get(byte), Some(b'"' | b'\'' | b'`'));
    if quoted && byte > 0 {
        ctx.in_code(byte - 1)
    } else {
        ctx.in_code(byte)
    }
}

/// Collects framework imports and environment reads in one shipped source file.
pub fn scan_file(ctx: &FileCtx<'_>) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(lang) = ctx.lang() else { return facts };
    if !ctx.info.is_shipped_source() {
        return facts;
    }
    let fam = family(lang);
    for (l, id, gated) in IMPORTS.iter() {
        if *l != fam || !gated.may_match(ctx.grams()) {
            continue;
        }
        if let Some(m) = gated
            .regex()
            .find_iter(ctx.text)
            .find(|m| starts_in_code(ctx, m.start()) && !in_comment_line(ctx, m.start(), lang))
        {
            facts.frameworks.push((id, ctx.location(m.start())));
        }
    }
    if is_build_script(ctx.path()) {
        return facts;
    }
    for (l, gated) in ENV_READS.iter() {
        // Python's regex has a branch (`env(…)`, django-environ) whose only literal is `env`, too
        // short for the 4-byte check; every branch spells `env` or `BaseSettings`.
        let may = if gated.literals().is_selective() {
            gated.may_match(ctx.grams())
        } else {
            ctx.contains("env") || ctx.contains("BaseSettings")
        };
        if *l != fam || !may {
            continue;
        }
        for c in gated.regex().captures_iter(ctx.text) {
            let Some(m) = c.get(0) else { continue };
            if !ctx.in_code(m.start()) {
                continue;
            }
            let name = c.iter().skip(1).flatten().next().map(|g| g.as_str().to_string());
            if name.as_deref().is_some_and(is_ambient_var) {
                continue;
            }
            facts.env_reads.push(EnvRead {
                location: ctx.location(m.start()),
                name,
            });
        }
    }
    facts
}

/// A framework found in the repository, with where it was found.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Detected {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub evidence: Location,
}

/// What the repository is.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Stack {
    /// Source files per language (shipped code only).
    pub languages: BTreeMap<String, usize>,
    pub frameworks: Vec<Detected>,
    pub service: bool,
    pub web: bool,
    pub db: bool,
    pub docker: bool,
    /// The code calls other services over HTTP (a client library or call in shipped code).
    pub http_client: bool,
    /// Kubernetes manifests or a Helm chart are present.
    pub k8s: bool,
    /// Places where shipped code reads environment variables (ambient ones excluded).
    #[serde(skip)]
    pub env_reads: Vec<EnvRead>,
}

impl Stack {
    /// Ids of detected frameworks, servers first.
    pub fn framework_ids(&self) -> Vec<String> {
        let mut v: Vec<&Detected> = self.frameworks.iter().collect();
        v.sort_by_key(|d| (d.kind, d.id.clone()));
        let mut ids: Vec<String> = v.into_iter().map(|d| d.id.clone()).collect();
        ids.dedup();
        ids
    }

    pub fn has(&self, id: &str) -> bool {
        self.frameworks.iter().any(|f| f.id == id)
    }

    /// A short human description (`HTTP service (FastAPI)`, `library`).
    pub fn describe(&self) -> String {
        let servers: Vec<&str> = self.frameworks_of(Kind::Server);
        let webs: Vec<&str> = self.frameworks_of(Kind::Web);
        let mut parts = vec![];
        if self.service {
            parts.push(format!("HTTP service ({})", servers.join(", ")));
        }
        if self.web {
            parts.push(format!("web front end ({})", webs.join(", ")));
        }
        if parts.is_empty() {
            parts.push("library or tool (no HTTP server detected)".to_string());
        }
        parts.join(" + ")
    }

    fn frameworks_of(&self, kind: Kind) -> Vec<&str> {
        let mut v: Vec<&str> = self.frameworks.iter().filter(|f| f.kind == kind).map(|f| f.name.as_str()).collect();
        v.sort();
        v.dedup();
        v
    }
}

/// Builds the stack from manifests (dependencies that ship) and per-file facts.
pub fn build(manifests: &[Manifest], facts: &[FileFacts], languages: BTreeMap<String, usize>, docker: bool) -> Stack {
    let mut found: BTreeMap<&'static str, Location> = BTreeMap::new();
    for m in manifests {
        if crate::paths::classify(&m.path) != crate::paths::Role::Config && crate::paths::classify(&m.path) != crate::paths::Role::Other {
            continue;
        }
        let Some(eco) = m.ecosystem else { continue };
        for spec in SPECS {
            for (e, name) in spec.deps {
                if *e != eco {
                    continue;
                }
                let norm = eco.normalize(name);
                if let Some(d) = m.deps.iter().find(|d| d.name == norm && !d.dev) {
                    let loc = Location {
                        path: m.path.clone(),
                        line: d.line,
                        column: 1,
                    };
                    found
                        .entry(spec.id)
                        .and_modify(|l| {
                            if loc < *l {
                                *l = loc.clone()
                            }
                        })
                        .or_insert(loc);
                }
            }
        }
    }
    for f in facts {
        for (id, loc) in &f.frameworks {
            found
                .entry(id)
                .and_modify(|l| {
                    if loc < l {
                        *l = loc.clone()
                    }
                })
                .or_insert_with(|| loc.clone());
        }
    }
    let mut stack = Stack {
        languages,
        docker,
        ..Stack::default()
    };
    for (id, evidence) in found {
        let Some(spec) = SPECS.iter().find(|s| s.id == id) else { continue };
        match spec.kind {
            Kind::Server => stack.service = true,
            Kind::Web => stack.web = true,
            Kind::Database => stack.db = true,
            Kind::HttpClient => stack.http_client = true,
        }
        stack.frameworks.push(Detected {
            id: spec.id.into(),
            name: spec.name.into(),
            kind: spec.kind,
            evidence,
        });
    }
    // Django ships an ORM; a Django project is a database project.
    if stack.has("django") || stack.has("nextjs") && stack.has("sql") {
        stack.db = true;
    }
    if stack.has("nextjs") {
        stack.web = true;
    }
    let mut env: Vec<EnvRead> = facts.iter().flat_map(|f| f.env_reads.iter().cloned()).collect();
    env.sort();
    stack.env_reads = env;
    stack
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    #[test]
    fn import_and_env_regexes_are_gated_by_literals_they_need() {
        for (_, id, gated) in IMPORTS.iter() {
            assert!(gated.literals().is_selective(), "{id}");
        }
        // Only Python's env regex falls back to the `env`/`BaseSettings` text check, and each of
        // its branches spells one of them.
        for (l, gated) in ENV_READS.iter() {
            if gated.literals().is_selective() {
                continue;
            }
            assert_eq!(*l, Lang::Python);
            for text in [
                "os.getenv('A')",
                "environ['A']",
                "env('A')",
                "env.str('A')",
                "class S(BaseSettings):",
            ] {
                assert!(gated.regex().is_match(text), "{text}");
                assert!(text.contains("env") || text.contains("BaseSettings"));
            }
        }
    }
}
