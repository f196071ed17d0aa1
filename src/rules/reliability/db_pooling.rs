//! `db-pooling`: the database connection pool is sized on purpose.
//!
//! **Why**: every replica opens its own connections. A pool left at the driver's default (or no
//! pool at all: one connection per request, or one shared connection) either exhausts the
//! database's `max_connections` when the service scales out, or queues requests behind a handful
//! of connections under load.
//!
//! **Passes** on pool configuration in shipped code or config: SQLAlchemy `create_engine(…,
//! pool_size=/max_overflow=/poolclass=)` or `QueuePool`; Django `CONN_MAX_AGE`/`conn_max_age=` or an
//! `OPTIONS` `"pool"`; asyncpg/aiomysql/aiopg `create_pool(`, psycopg_pool, psycopg2 pools, peewee
//! pooled databases, pymongo `maxPoolSize`; node-postgres/mysql pools with `max`/`connectionLimit`,
//! knex/Sequelize `pool: {…}`, TypeORM `extra: { max }`/`poolSize`, mongoose `maxPoolSize`, Prisma
//! `connection_limit=`; Go `SetMaxOpenConns`/`SetMaxIdleConns`, pgxpool `MaxConns`/`pool_max_conns`;
//! Rust sqlx `PoolOptions`/`max_connections(`, r2d2/bb8 `Pool::builder()`, deadpool; HikariCP
//! settings (`spring.datasource.hikari.*`, `maximum-pool-size`).
//!
//! **Fails** with findings at the places that open connections without one (`create_engine(url)`,
//! `new PrismaClient()`, `sql.Open(…)`, `PgPool::connect(…)`, a pg `Pool` without `max`, …).
//!
//! **n/a** when the only database is SQLite (nothing to pool against).
//!
//! **Fix**: `create_engine(url, pool_size=10, max_overflow=5)`, `new Pool({ max: 10 })`,
//! `db.SetMaxOpenConns(20)`, `PgPoolOptions::new().max_connections(10)`,
//! `spring.datasource.hikari.maximum-pool-size=10`.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use crate::rules::util::{string_value, walk_tree};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

const MAX_EVIDENCE: usize = 10;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Pool configuration: evidence.
    Pool,
    /// A place that opens database connections: a finding when no pool is configured anywhere.
    Client,
}

/// Where a signal is looked for.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Shipped source of one language family.
    Code(Lang),
    /// Configuration files: YAML, properties, TOML, `.env*` templates, `schema.prisma`.
    Config,
}

struct Signal {
    scope: Scope,
    /// Literals the file must all contain.
    all: &'static [&'static str],
    /// When non-empty, the file (or its name, as in `knexfile.js`) must contain one of these.
    any: &'static [&'static str],
    re: &'static str,
    kind: Kind,
    /// Also counts inside string literals (connection URLs); comments never count.
    in_strings: bool,
    message: &'static str,
}

const fn pool(scope: Scope, all: &'static [&'static str], re: &'static str, message: &'static str) -> Signal {
    Signal {
        scope,
        all,
        any: &[],
        re,
        kind: Kind::Pool,
        in_strings: false,
        message,
    }
}

const fn client(scope: Scope, all: &'static [&'static str], re: &'static str, message: &'static str) -> Signal {
    Signal {
        scope,
        all,
        any: &[],
        re,
        kind: Kind::Client,
        in_strings: false,
        message,
    }
}

const fn in_strings(mut s: Signal) -> Signal {
    s.in_strings = true;
    s
}

const fn any_of(mut s: Signal, any: &'static [&'static str]) -> Signal {
    s.any = any;
    s
}

const PY: Scope = Scope::Code(Lang::Python);
const JS: Scope = Scope::Code(Lang::JavaScript);
const GO: Scope = Scope::Code(Lang::Go);
const RS: Scope = Scope::Code(Lang::Rust);
const JAVA: Scope = Scope::Code(Lang::Java);
const CONFIG: Scope = Scope::Config;

const SIGNALS: &[Signal] = &[
    // Python
    pool(PY, &["Pool"], r"\b(?:QueuePool|AsyncAdaptedQueuePool)\b", "SQLAlchemy `QueuePool`"),
    any_of(
        pool(PY, &["create_pool"], r"\bcreate_pool\s*\(", "connection pool (`create_pool`)"),
        &["asyncpg", "aiomysql", "aiopg"],
    ),
    pool(
        PY,
        &["psycopg_pool"],
        r"\b(?:Async)?(?:Null)?ConnectionPool\s*\(",
        "psycopg connection pool",
    ),
    pool(
        PY,
        &["psycopg2"],
        r"\b(?:Simple|Threaded)ConnectionPool\s*\(",
        "psycopg2 connection pool",
    ),
    in_strings(pool(
        PY,
        &["CONN_MAX_AGE"],
        r"\bCONN_MAX_AGE\b",
        "Django persistent connections (`CONN_MAX_AGE`)",
    )),
    pool(
        PY,
        &["conn_max_age"],
        r"\bconn_max_age\s*=",
        "Django persistent connections (`conn_max_age`)",
    ),
    pool(
        PY,
        &["DATABASES"],
        r#"["']pool["']\s*:"#,
        "Django connection pool (`OPTIONS` `pool`)",
    ),
    in_strings(any_of(
        pool(
            PY,
            &[],
            r"\b(?:maxPoolSize|max_pool_size|maxpoolsize)\b\s*=",
            "MongoDB `maxPoolSize`",
        ),
        &["maxPoolSize", "max_pool_size", "maxpoolsize"],
    )),
    pool(
        PY,
        &["Pooled"],
        r"\bPooled(?:Postgresql|MySQL)(?:Ext)?Database\b",
        "peewee pooled database",
    ),
    client(
        PY,
        &["connect"],
        r"\b(?:psycopg2?|asyncpg|pymysql|MySQLdb|aiomysql|aiopg)\.connect\s*\(",
        "a single connection per call, no pool",
    ),
    client(
        PY,
        &["Client"],
        r"\b(?:MongoClient|AsyncIOMotorClient|AsyncMongoClient)\s*\(",
        "MongoDB client without `maxPoolSize`",
    ),
    // JavaScript / TypeScript (pg/mysql pools are judged on the syntax tree)
    any_of(
        pool(JS, &["pool"], r"\bpool\s*:\s*\{", "connection pool settings (`pool: {…}`)"),
        &["knex", "Knex", "sequelize", "Sequelize", "typeorm", "DataSource", "mikro-orm"],
    ),
    any_of(
        pool(JS, &["poolSize"], r"\bpoolSize\s*:", "connection pool size (`poolSize`)"),
        &["typeorm", "TypeOrm", "DataSource", "mongoose", "mongodb"],
    ),
    in_strings(pool(JS, &["maxPoolSize"], r"\bmaxPoolSize\b", "MongoDB `maxPoolSize`")),
    pool(
        JS,
        &["extra"],
        r"\bextra\s*:\s*\{[^}]*\b(?:max|connectionLimit)\s*:",
        "TypeORM pool size (`extra.max`)",
    ),
    in_strings(pool(JS, &["connection_limit"], r"\bconnection_limit=", "Prisma `connection_limit`")),
    client(
        JS,
        &["PrismaClient"],
        r"\bnew\s+PrismaClient\s*\(",
        "Prisma client without `connection_limit`",
    ),
    client(
        JS,
        &["mongoose"],
        r"\bmongoose\s*\.\s*(?:connect|createConnection)\s*\(",
        "mongoose connection without `maxPoolSize`",
    ),
    client(
        JS,
        &["MongoClient"],
        r"\bnew\s+MongoClient\s*\(",
        "MongoDB client without `maxPoolSize`",
    ),
    client(JS, &["Sequelize"], r"\bnew\s+Sequelize\s*\(", "Sequelize without `pool` settings"),
    any_of(
        client(
            JS,
            &["DataSource"],
            r"\bnew\s+DataSource\s*\(",
            "TypeORM data source without pool size",
        ),
        &["typeorm"],
    ),
    // Go
    pool(GO, &["SetMax"], r"\.SetMax(?:Open|Idle)Conns\s*\(", "`database/sql` pool limits"),
    pool(GO, &["MaxConns", "pgx"], r"\.MaxConns\s*=|\bMaxConns\s*:", "pgxpool `MaxConns`"),
    in_strings(pool(GO, &["pool_max_conns"], r"\bpool_max_conns=", "pgxpool `pool_max_conns`")),
    pool(GO, &["SetMaxPoolSize"], r"\.SetMaxPoolSize\s*\(", "MongoDB `SetMaxPoolSize`"),
    client(GO, &["sql.Open"], r"\bsql\.Open\s*\(", "`sql.Open` without `SetMaxOpenConns`"),
    client(
        GO,
        &["sqlx."],
        r"\bsqlx\.(?:Open|Connect|MustConnect|MustOpen)\s*\(",
        "`sqlx` without `SetMaxOpenConns`",
    ),
    client(
        GO,
        &["gorm.Open"],
        r"\bgorm\.Open\s*\(",
        "gorm without `SetMaxOpenConns` on its `sql.DB`",
    ),
    client(
        GO,
        &["pgxpool."],
        r"\bpgxpool\.New(?:WithConfig)?\s*\(",
        "pgxpool without `MaxConns`",
    ),
    client(GO, &["pgx.Connect"], r"\bpgx\.Connect\s*\(", "a single pgx connection, no pool"),
    client(
        GO,
        &["mongo.Connect"],
        r"\bmongo\.Connect\s*\(",
        "MongoDB client without `SetMaxPoolSize`",
    ),
    // Rust
    pool(RS, &["max_connections"], r"\.max_connections\s*\(", "pool `max_connections`"),
    pool(
        RS,
        &["PoolOptions"],
        r"\b(?:Pg|MySql|Sqlite|Any)?PoolOptions\b",
        "sqlx `PoolOptions`",
    ),
    any_of(
        pool(RS, &["Pool"], r"\bPool::builder\s*\(", "r2d2/bb8 `Pool::builder()`"),
        &["diesel", "postgres", "Postgres", "Pg", "mysql", "MySql", "Mysql"],
    ),
    pool(
        RS,
        &["deadpool"],
        r"\bdeadpool(?:_postgres|_diesel|_sqlite)?::",
        "deadpool connection pool",
    ),
    client(
        RS,
        &["connect"],
        r"\b(?:PgPool|MySqlPool|SqlitePool|AnyPool|Pool::<\w+>)::connect(?:_lazy)?(?:_with)?\s*\(",
        "sqlx pool with default size (no `max_connections`)",
    ),
    client(
        RS,
        &["Connection"],
        r"\b(?:Pg|Mysql|MySql|Sqlite)Connection::(?:establish|connect)\s*\(",
        "a single connection, no pool",
    ),
    client(
        RS,
        &["tokio_postgres"],
        r"\btokio_postgres::connect\s*\(",
        "a single connection, no pool",
    ),
    any_of(
        client(
            RS,
            &["Database::connect"],
            r"\bDatabase::connect\s*\(",
            "SeaORM connection without `max_connections`",
        ),
        &["sea_orm"],
    ),
    // Java
    pool(
        JAVA,
        &["MaximumPoolSize"],
        r"\.setMaximumPoolSize\s*\(",
        "HikariCP `maximumPoolSize`",
    ),
    // Configuration files
    in_strings(pool(
        CONFIG,
        &["connection_limit"],
        r"\bconnection_limit=",
        "Prisma `connection_limit`",
    )),
    in_strings(pool(
        CONFIG,
        &["hikari"],
        r"\bspring\.datasource\.hikari\.|^\s*hikari\s*:",
        "HikariCP settings",
    )),
    in_strings(pool(
        CONFIG,
        &["ool"],
        r"(?i)\bmaximum-pool-size\b|\bmaximumPoolSize\b",
        "HikariCP maximum pool size",
    )),
    in_strings(pool(CONFIG, &["maxPoolSize"], r"\bmaxPoolSize=", "MongoDB `maxPoolSize`")),
    in_strings(pool(CONFIG, &["pool_max_conns"], r"\bpool_max_conns=", "pgxpool `pool_max_conns`")),
    in_strings(pool(
        CONFIG,
        &["CONN_MAX_AGE"],
        r"\bCONN_MAX_AGE\b",
        "Django persistent connections (`CONN_MAX_AGE`)",
    )),
    pool(CONFIG, &["pool_size"], r"^\s*default_pool_size\s*=", "PgBouncer pool"),
    pool(
        CONFIG,
        &["pgbouncer"],
        r"^\s*image\s*:\s*\S*pgbouncer",
        "PgBouncer in front of the database",
    ),
    pool(
        CONFIG,
        &["aws_db_proxy"],
        r#"^\s*resource\s+"aws_db_proxy""#,
        "RDS Proxy in front of the database",
    ),
];

static COMPILED: LazyLock<Vec<(&'static Signal, Regex)>> = LazyLock::new(|| {
    SIGNALS
        .iter()
        .filter_map(|s| regex::RegexBuilder::new(s.re).multi_line(true).build().ok().map(|r| (s, r)))
        .collect()
});

/// Drivers for database servers (not SQLite): their presence makes the rule apply.
const SERVER_DRIVERS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Pypi, "psycopg2"),
    (Ecosystem::Pypi, "psycopg2-binary"),
    (Ecosystem::Pypi, "psycopg"),
    (Ecosystem::Pypi, "psycopg-binary"),
    (Ecosystem::Pypi, "asyncpg"),
    (Ecosystem::Pypi, "pymysql"),
    (Ecosystem::Pypi, "mysqlclient"),
    (Ecosystem::Pypi, "aiomysql"),
    (Ecosystem::Pypi, "aiopg"),
    (Ecosystem::Pypi, "pymongo"),
    (Ecosystem::Pypi, "motor"),
    (Ecosystem::Pypi, "mongoengine"),
    (Ecosystem::Pypi, "beanie"),
    (Ecosystem::Pypi, "oracledb"),
    (Ecosystem::Pypi, "pyodbc"),
    (Ecosystem::Npm, "pg"),
    (Ecosystem::Npm, "postgres"),
    (Ecosystem::Npm, "mysql"),
    (Ecosystem::Npm, "mysql2"),
    (Ecosystem::Npm, "mariadb"),
    (Ecosystem::Npm, "mongodb"),
    (Ecosystem::Npm, "mongoose"),
    (Ecosystem::Npm, "@prisma/client"),
    (Ecosystem::Npm, "oracledb"),
    (Ecosystem::Npm, "mssql"),
    (Ecosystem::Cargo, "tokio-postgres"),
    (Ecosystem::Cargo, "postgres"),
    (Ecosystem::Cargo, "mysql"),
    (Ecosystem::Cargo, "mysql-async"),
    (Ecosystem::Cargo, "mongodb"),
    (Ecosystem::Cargo, "deadpool-postgres"),
    (Ecosystem::Cargo, "bb8-postgres"),
    (Ecosystem::Go, "github.com/lib/pq"),
    (Ecosystem::Go, "github.com/jackc/pgx*"),
    (Ecosystem::Go, "github.com/go-sql-driver/mysql"),
    (Ecosystem::Go, "go.mongodb.org/mongo-driver*"),
    (Ecosystem::Go, "gorm.io/driver/postgres"),
    (Ecosystem::Go, "gorm.io/driver/mysql"),
    (Ecosystem::Go, "gorm.io/driver/sqlserver"),
    (Ecosystem::Go, "github.com/microsoft/go-mssqldb"),
    (Ecosystem::Maven, "org.postgresql:postgresql"),
    (Ecosystem::Maven, "com.mysql:mysql-connector-j"),
    (Ecosystem::Maven, "mysql:mysql-connector-java"),
    (Ecosystem::Maven, "org.mariadb.jdbc:mariadb-java-client"),
    (Ecosystem::Maven, "com.microsoft.sqlserver:mssql-jdbc"),
    (Ecosystem::Maven, "com.zaxxer:hikaricp"),
    (Ecosystem::Maven, "org.springframework.boot:spring-boot-starter-data-jpa"),
    (Ecosystem::Maven, "org.springframework.boot:spring-boot-starter-jdbc"),
];

pub struct DbPooling {
    meta: RuleMeta,
}

fn family(l: Lang) -> Lang {
    if l.is_js_family() { Lang::JavaScript } else { l }
}

/// True for configuration files that may carry pool settings or connection URLs.
fn is_config_file(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with(".env")
        || lower.ends_with(".env")
        || [".yml", ".yaml", ".properties", ".toml", ".prisma", ".conf", ".ini", ".tf"]
            .iter()
            .any(|e| lower.ends_with(e))
}

/// True when the line holding `byte` is a comment (any of the common markers).
fn on_comment_line(file: &FileCtx<'_>, byte: usize) -> bool {
    let t = file.line_text(file.line_col(byte).0).trim_start();
    t.starts_with('#') || t.starts_with("//") || t.starts_with("/*") || t.starts_with('*') || t.starts_with("--")
}

fn push(file: &FileCtx<'_>, hits: &mut Vec<Hit>, kind: Kind, byte: usize, message: &str, sqlite: bool) {
    match kind {
        Kind::Pool => hits.push(file.evidence_at(byte, message)),
        Kind::Client => hits.push(Hit::Fact {
            tag: if sqlite { "client-sqlite".into() } else { "client".into() },
            value: format!("{}\u{0}{message}", crate::redact::snippet(file.line_text(file.line_col(byte).0))),
            location: file.location(byte),
        }),
    }
}

/// SQLAlchemy engines: pool keywords decide; a SQLite URL is not a server connection.
fn scan_sqlalchemy(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("create_engine") && !file.contains("create_async_engine") {
        return;
    }
    let Some(tree) = file.tree() else { return };
    walk_tree(tree.root_node(), |n| {
        if n.kind() != "call" {
            return;
        }
        let Some(func) = n.child_by_field_name("function") else { return };
        let name = file.node_text(func);
        if !(name == "create_engine"
            || name == "create_async_engine"
            || name.ends_with(".create_engine")
            || name.ends_with(".create_async_engine"))
        {
            return;
        }
        let Some(args) = n.child_by_field_name("arguments") else { return };
        let mut cursor = args.walk();
        let list: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
        let configured = list.iter().any(|a| match a.kind() {
            "keyword_argument" => a
                .child_by_field_name("name")
                .is_some_and(|k| matches!(file.node_text(k), "pool_size" | "max_overflow" | "poolclass" | "pool")),
            "dictionary_splat" => true,
            _ => false,
        });
        if configured {
            hits.push(file.evidence_at(n.start_byte(), "SQLAlchemy engine pool settings"));
            return;
        }
        let sqlite = list
            .first()
            .and_then(|a| string_value(file.node_text(*a)))
            .is_some_and(|url| url.starts_with("sqlite"));
        push(
            file,
            hits,
            Kind::Client,
            n.start_byte(),
            "SQLAlchemy engine with the default pool (no `pool_size`)",
            sqlite,
        );
    });
}

/// node-postgres / mysql pools: `new Pool({ max })`, `createPool({ connectionLimit })`; `new Client()`.
fn scan_js_pools(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    static DRIVER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"['"](?:pg|pg-pool|mysql|mysql2|mysql2/promise|mariadb|@neondatabase/serverless|@vercel/postgres)['"]"#)
            .expect("static regex")
    });
    if !(file.contains("Pool") || file.contains("Client")) || !DRIVER.is_match(file.text) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    walk_tree(tree.root_node(), |n| {
        let (callee, args) = match n.kind() {
            "new_expression" => (n.child_by_field_name("constructor"), n.child_by_field_name("arguments")),
            "call_expression" => (n.child_by_field_name("function"), n.child_by_field_name("arguments")),
            _ => return,
        };
        let Some(callee) = callee else { return };
        let name = file.node_text(callee);
        let last = name.rsplit('.').next().unwrap_or(name);
        let is_pool = (n.kind() == "new_expression" && last == "Pool") || last == "createPool";
        let is_client = n.kind() == "new_expression" && last == "Client" && (name == "Client" || name == "pg.Client");
        if !is_pool && !is_client {
            return;
        }
        if is_client {
            push(
                file,
                hits,
                Kind::Client,
                n.start_byte(),
                "a single `pg.Client` connection, no pool",
                false,
            );
            return;
        }
        let first = args.and_then(|a| {
            let mut cursor = a.walk();

            a.named_children(&mut cursor).find(|c| c.kind() != "comment")
        });
        let sized = match first {
            Some(obj) if obj.kind() == "object" => {
                let mut cursor = obj.walk();

                obj.named_children(&mut cursor).any(|c| match c.kind() {
                    "pair" => c.child_by_field_name("key").is_some_and(|k| {
                        matches!(
                            file.node_text(k).trim_matches(|ch| ch == '"' || ch == '\''),
                            "max" | "connectionLimit" | "maxConnections" | "min"
                        )
                    }),
                    "shorthand_property_identifier" => matches!(file.node_text(c), "max" | "connectionLimit"),
                    "spread_element" => true,
                    _ => false,
                })
            }
            Some(_) => true, // options built elsewhere: not judged
            None => false,
        };
        if sized {
            hits.push(file.evidence_at(n.start_byte(), "connection pool with an explicit size"));
        } else {
            push(
                file,
                hits,
                Kind::Client,
                n.start_byte(),
                "connection pool without `max`/`connectionLimit`",
                false,
            );
        }
    });
}

impl DbPooling {
    pub fn new() -> DbPooling {
        DbPooling {
            meta: RuleMeta {
                id: "db-pooling".into(),
                category: Category::Reliability,
                severity: Severity::Medium,
                title: "Database connection pool configured".into(),
                rationale: "Every replica opens its own connections. A pool left at the driver's default, or no pool \
                            at all, either exhausts the database's connection limit when the service scales out or \
                            queues requests behind a few connections under load."
                    .into(),
                detection: "Passes on pool configuration in shipped code or config: SQLAlchemy `create_engine(…, \
                            pool_size=/max_overflow=/poolclass=)` or `QueuePool`; Django `CONN_MAX_AGE`/\
                            `conn_max_age=`/`OPTIONS` `pool`; asyncpg/aiomysql/aiopg `create_pool(`, psycopg_pool, \
                            psycopg2 pools, peewee pooled databases, MongoDB `maxPoolSize`; pg/mysql pools with \
                            `max`/`connectionLimit`, knex/Sequelize `pool: {…}`, TypeORM `extra.max`/`poolSize`, \
                            Prisma `connection_limit=`; Go `SetMaxOpenConns`/`SetMaxIdleConns`, pgxpool `MaxConns`/\
                            `pool_max_conns`; Rust `max_connections(`, sqlx `PoolOptions`, r2d2/bb8 `Pool::builder()`, \
                            deadpool; HikariCP settings. Otherwise fails, with findings where connections are \
                            opened without one. n/a when the only database is SQLite."
                    .into(),
                applies_to: vec!["db".into()],
                remediation: vec![
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "engine = create_async_engine(\n    settings.database_url,\n    pool_size=10,\n    \
                                  max_overflow=5,\n    pool_pre_ping=True,\n    pool_recycle=1800,\n)"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "python".into(),
                        snippet:
                            "app.config[\"SQLALCHEMY_ENGINE_OPTIONS\"] = {\"pool_size\": 10, \"max_overflow\": 5, \"pool_pre_ping\": True}"
                                .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "DATABASES = {\n    \"default\": {\n        \"ENGINE\": \"django.db.backends.postgresql\",\n        \
                                  # ...\n        \"CONN_MAX_AGE\": 60,\n        \"CONN_HEALTH_CHECKS\": True,\n    }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet:
                            "const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10, idleTimeoutMillis: 30_000 });"
                                .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "TypeOrmModule.forRoot({\n  type: 'postgres',\n  url: process.env.DATABASE_URL,\n  \
                                  extra: { max: 10, idleTimeoutMillis: 30_000 },\n})\n\
                                  // Prisma: DATABASE_URL=\"postgresql://…/app?connection_limit=10&pool_timeout=10\""
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "db, err := sql.Open(\"pgx\", dsn)\nif err != nil { return err }\ndb.SetMaxOpenConns(20)\n\
                                  db.SetMaxIdleConns(10)\ndb.SetConnMaxLifetime(30 * time.Minute)"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "let pool = PgPoolOptions::new()\n    .max_connections(10)\n    \
                                  .acquire_timeout(Duration::from_secs(3))\n    .connect(&database_url)\n    .await?;"
                            .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "properties".into(),
                        snippet: "spring.datasource.hikari.maximum-pool-size=10\nspring.datasource.hikari.connection-timeout=3000".into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Size the pool per replica so that replicas × pool size stays below the database's \
                                  max_connections, with a short acquire timeout."
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "database pool configured".into(),
                fail_message: "database connections are opened without pool configuration".into(),
            },
        }
    }
}

impl Rule for DbPooling {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        let scope = match (info.role, info.lang) {
            (Role::Source, Some(l)) => Scope::Code(family(l)),
            (Role::Config | Role::Other | Role::Infra, None) if is_config_file(info.name()) => Scope::Config,
            _ => return,
        };
        for (s, re) in COMPILED.iter() {
            if s.scope != scope
                || !s.all.iter().all(|lit| file.contains(lit))
                || (!s.any.is_empty() && !s.any.iter().any(|lit| file.contains(lit) || info.name().contains(lit)))
            {
                continue;
            }
            for m in re.find_iter(file.text) {
                let ok = if s.in_strings || scope == Scope::Config {
                    !on_comment_line(file, m.start())
                } else {
                    file.in_code(m.start())
                };
                if !ok {
                    continue;
                }
                let sqlite = s.kind == Kind::Client && file.line_text(file.line_col(m.start()).0).to_ascii_lowercase().contains("sqlite");
                push(file, hits, s.kind, m.start(), s.message, sqlite);
                if s.kind == Kind::Pool {
                    break;
                }
            }
        }
        match scope {
            Scope::Code(Lang::Python) => scan_sqlalchemy(file, hits),
            Scope::Code(Lang::JavaScript) => scan_js_pools(file, hits),
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let mut evidence = vec![];
        let mut clients: Vec<Finding> = vec![];
        let mut sqlite_only_sites = 0;
        for h in hits {
            match h {
                Hit::Evidence(e) => evidence.push(e.clone()),
                Hit::Fact { tag, value, location } if tag == "client" => {
                    let (snippet, message) = value.split_once('\u{0}').unwrap_or(("", value.as_str()));
                    clients.push(Finding {
                        location: location.clone(),
                        message: message.to_string(),
                        snippet: (!snippet.is_empty()).then(|| snippet.to_string()),
                    });
                }
                Hit::Fact { tag, .. } if tag == "client-sqlite" => sqlite_only_sites += 1,
                _ => {}
            }
        }
        if !evidence.is_empty() {
            evidence.sort();
            evidence.dedup();
            let count = evidence.len();
            evidence.truncate(MAX_EVIDENCE);
            let message = if count > 1 {
                format!("{} ({count} places)", self.meta.pass_message)
            } else {
                self.meta.pass_message.clone()
            };
            return Outcome::pass(message, evidence);
        }
        let server_driver = SERVER_DRIVERS
            .iter()
            .any(|(eco, name)| project.find_dependency(*eco, name).is_some());
        if !server_driver && clients.is_empty() {
            let why = if sqlite_only_sites > 0 {
                "only SQLite is used: no connection pool to size"
            } else {
                "no database server client found (SQLite or none): no connection pool to size"
            };
            return Outcome::not_applicable(why);
        }
        Outcome::fail(self.meta.fail_message.clone(), clients)
    }
}
