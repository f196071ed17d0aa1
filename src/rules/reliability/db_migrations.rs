//! `db-migrations`: schema changes are versioned migrations, applied by a tool.
//!
//! **Why**: a schema changed by hand (or by `create_all()`/`db push` at start-up) differs between
//! environments, cannot be reviewed or rolled back, and breaks the next deploy that assumes it.
//!
//! **Passes** on any of, outside tests, fixtures and docs:
//! - migration files: alembic (`alembic.ini`, `…/versions/*.py` under `alembic/` or `migrations/`),
//!   Django/yoyo (`migrations/0001_*.py`), Prisma (`prisma/migrations/`), SQL files under a
//!   `migrations`/`migration`/`migrate`/`changelog`/`drizzle` folder (sqlx, diesel, golang-migrate,
//!   goose, dbmate, Flyway `V1__*.sql`), timestamped JS/TS migrations (knex, Sequelize, TypeORM,
//!   MikroORM, node-pg-migrate), goose Go migrations, SeaORM `m20240101_…` modules, Liquibase
//!   changelogs;
//! - configuration: `atlas.hcl`, `.sequelizerc`, `flyway.conf`, `liquibase.properties`,
//!   TypeORM/MikroORM/knex `migrations:` settings;
//! - commands: `alembic upgrade`, `manage.py migrate`, `prisma migrate`, `knex migrate`,
//!   `sequelize db:migrate`, `typeorm migration:run`, `sqlx migrate run`, `diesel migration run`,
//!   `migrate -path`, `goose … up`, `flyway migrate`, `liquibase update`, `atlas migrate apply`
//!   in package.json scripts, Dockerfiles, Makefiles, CI, compose or shell scripts;
//! - code: `sqlx::migrate!`, `embed_migrations!`, golang-migrate/goose imports;
//! - dependencies: Flyway, Liquibase, golang-migrate, goose, sql-migrate, dbmate, refinery,
//!   sea-orm-migration, diesel_migrations, alembic, Flask-Migrate, yoyo-migrations, umzug,
//!   node-pg-migrate, db-migrate.
//!
//! **n/a** when the only database is MongoDB (schemaless). **Fails** otherwise, e.g. a gorm
//! service that relies on `db.AutoMigrate(…)` at start-up, or Prisma with only `prisma db push`.
//!
//! **Fix**: adopt a migration tool, commit each change as a migration (`alembic revision`,
//! `manage.py makemigrations`, `prisma migrate dev`, `migrate create`) and apply them on release.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

const MAX_EVIDENCE: usize = 10;

static NPM_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#""[^"\n]*\b(?:prisma\s+migrate|knex\s+migrate|sequelize(?:-cli)?\s+db:migrate|typeorm[\w:-]*\s+migration:|drizzle-kit\s+migrate|node-pg-migrate|db-migrate\s+up|mikro-orm\s+migration:|umzug)"#,
    )
    .expect("static regex")
});

static COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\balembic\s+(?:-\S+\s+\S+\s+)*upgrade\b|\bmanage\.py\s+migrate\b|\bflask\s+db\s+upgrade\b|\bprisma\s+migrate\s+deploy\b|\bknex\s+migrate:latest\b|\bsequelize(?:-cli)?\s+db:migrate\b|\btypeorm\S*\s+migration:run\b|\bdrizzle-kit\s+migrate\b|\bmigrate\s+(?:-path|-source|-database)\b|\bgoose\b[^\n]*\bup\b|\bsqlx\s+migrate\s+run\b|\bdiesel\s+migration\s+run\b|\bflyway\b[^\n]*\bmigrate\b|\bliquibase\b[^\n]*\bupdate\b|\batlas\s+migrate\s+apply\b|\bdbmate\s+(?:up|migrate)\b|\bnode-pg-migrate\s+up\b",
    )
    .expect("static regex")
});

/// Migration runners referenced from code, per language family (import paths judged by the byte
/// before their quote).
static CODE: LazyLock<Vec<(Lang, &'static str, Regex)>> = LazyLock::new(|| {
    let raw: &[(Lang, &str, &str)] = &[
        (
            Lang::Rust,
            "migrate",
            r"\bsqlx::migrate!\s*\(|\bembed_migrations!\s*\(|\brefinery::embed_migrations\b",
        ),
        (
            Lang::Go,
            "migrat",
            r#""github\.com/golang-migrate/migrate(?:/v\d+)?"|"github\.com/pressly/goose(?:/v\d+)?"|"github\.com/rubenv/sql-migrate"|\bgoose\.Up(?:Context)?\s*\("#,
        ),
        (
            Lang::JavaScript,
            "igration",
            r#"\bmigrations\s*:\s*[\[{'"`]|\bmigrationsRun\s*:\s*true\b|\bnew\s+Umzug\s*\(|\.migrate\.latest\s*\("#,
        ),
        (Lang::Python, "upgrade", r"\b(?:alembic\.)?command\.upgrade\s*\("),
    ];
    raw.iter()
        .filter_map(|(l, lit, re)| Regex::new(re).ok().map(|r| (*l, *lit, r)))
        .collect()
});

static FLYWAY_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^[VR]\d+(?:[._]\d+)*__\w[^/]*\.sql$").expect("static regex"));
static SEAORM_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^m\d{8}_\d{6}_\w+\.rs$").expect("static regex"));

/// Dependencies that are migration tools.
const MIGRATION_DEPS: &[(Ecosystem, &str)] = &[
    (Ecosystem::Maven, "org.flywaydb:flyway-core"),
    (Ecosystem::Maven, "org.flywaydb:flyway-database-postgresql"),
    (Ecosystem::Maven, "org.flywaydb:flyway-mysql"),
    (Ecosystem::Maven, "org.liquibase:liquibase-core"),
    (Ecosystem::Go, "github.com/golang-migrate/migrate*"),
    (Ecosystem::Go, "github.com/pressly/goose*"),
    (Ecosystem::Go, "github.com/rubenv/sql-migrate"),
    (Ecosystem::Go, "github.com/amacneil/dbmate*"),
    (Ecosystem::Cargo, "refinery"),
    (Ecosystem::Cargo, "sea-orm-migration"),
    (Ecosystem::Cargo, "diesel_migrations"),
    (Ecosystem::Pypi, "alembic"),
    (Ecosystem::Pypi, "flask-migrate"),
    (Ecosystem::Pypi, "yoyo-migrations"),
    (Ecosystem::Npm, "umzug"),
    (Ecosystem::Npm, "node-pg-migrate"),
    (Ecosystem::Npm, "db-migrate"),
    (Ecosystem::Npm, "@mikro-orm/migrations"),
];

/// Relational databases and ORMs: their presence makes migrations relevant.
const RELATIONAL: &[(Ecosystem, &str)] = &[
    (Ecosystem::Pypi, "sqlalchemy"),
    (Ecosystem::Pypi, "sqlmodel"),
    (Ecosystem::Pypi, "django"),
    (Ecosystem::Pypi, "psycopg2"),
    (Ecosystem::Pypi, "psycopg2-binary"),
    (Ecosystem::Pypi, "psycopg"),
    (Ecosystem::Pypi, "asyncpg"),
    (Ecosystem::Pypi, "pymysql"),
    (Ecosystem::Pypi, "mysqlclient"),
    (Ecosystem::Pypi, "peewee"),
    (Ecosystem::Pypi, "tortoise-orm"),
    (Ecosystem::Npm, "@prisma/client"),
    (Ecosystem::Npm, "prisma"),
    (Ecosystem::Npm, "pg"),
    (Ecosystem::Npm, "mysql"),
    (Ecosystem::Npm, "mysql2"),
    (Ecosystem::Npm, "typeorm"),
    (Ecosystem::Npm, "sequelize"),
    (Ecosystem::Npm, "knex"),
    (Ecosystem::Npm, "drizzle-orm"),
    (Ecosystem::Npm, "kysely"),
    (Ecosystem::Npm, "better-sqlite3"),
    (Ecosystem::Cargo, "sqlx"),
    (Ecosystem::Cargo, "diesel"),
    (Ecosystem::Cargo, "sea-orm"),
    (Ecosystem::Cargo, "tokio-postgres"),
    (Ecosystem::Cargo, "rusqlite"),
    (Ecosystem::Go, "gorm.io/gorm"),
    (Ecosystem::Go, "github.com/jackc/pgx*"),
    (Ecosystem::Go, "github.com/lib/pq"),
    (Ecosystem::Go, "github.com/go-sql-driver/mysql"),
    (Ecosystem::Go, "github.com/jmoiron/sqlx"),
    (Ecosystem::Go, "github.com/mattn/go-sqlite3"),
    (Ecosystem::Maven, "org.springframework.boot:spring-boot-starter-data-jpa"),
    (Ecosystem::Maven, "org.springframework.boot:spring-boot-starter-jdbc"),
    (Ecosystem::Maven, "org.postgresql:postgresql"),
    (Ecosystem::Maven, "com.mysql:mysql-connector-j"),
];

/// Document databases, for which versioned schema migrations are not expected.
const DOCUMENT: &[(Ecosystem, &str)] = &[
    (Ecosystem::Pypi, "pymongo"),
    (Ecosystem::Pypi, "motor"),
    (Ecosystem::Pypi, "mongoengine"),
    (Ecosystem::Pypi, "beanie"),
    (Ecosystem::Pypi, "odmantic"),
    (Ecosystem::Npm, "mongoose"),
    (Ecosystem::Npm, "mongodb"),
    (Ecosystem::Cargo, "mongodb"),
    (Ecosystem::Go, "go.mongodb.org/mongo-driver*"),
    (Ecosystem::Maven, "org.springframework.boot:spring-boot-starter-data-mongodb"),
];

pub struct DbMigrations {
    meta: RuleMeta,
}

/// What a path is, when it is a migration or migration configuration.
fn classify_path(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').collect();
    let (name, dirs) = parts.split_last()?;
    let lower: Vec<String> = dirs.iter().map(|d| d.to_ascii_lowercase()).collect();
    let parent = lower.last().map(String::as_str).unwrap_or("");
    let grandparent = lower.iter().rev().nth(1).map(String::as_str).unwrap_or("");
    let lname = name.to_ascii_lowercase();
    let ext = lname.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let starts_digit = lname.starts_with(|c: char| c.is_ascii_digit());
    let in_dir = |names: &[&str]| lower.iter().any(|d| names.contains(&d.as_str()));
    match lname.as_str() {
        "alembic.ini" => return Some("alembic configuration"),
        "atlas.hcl" => return Some("Atlas migration configuration"),
        ".sequelizerc" => return Some("Sequelize migration configuration"),
        "flyway.conf" | "flyway.toml" => return Some("Flyway configuration"),
        "liquibase.properties" => return Some("Liquibase configuration"),
        "migration_lock.toml" if parent == "migrations" => return Some("Prisma migrations"),
        _ => {}
    }
    match ext {
        "py" if parent == "versions" && matches!(grandparent, "alembic" | "migrations" | "migration") => Some("alembic revision"),
        "py" if parent == "migrations" && starts_digit => Some("migration"),
        "sql" if FLYWAY_NAME.is_match(name) => Some("Flyway migration"),
        "sql"
            if in_dir(&[
                "migrations",
                "migration",
                "migrate",
                "db_migrations",
                "changelog",
                "changelogs",
                "drizzle",
            ]) =>
        {
            Some("SQL migration")
        }
        "js" | "ts" | "mjs" | "cjs" | "mts" | "cts"
            if matches!(parent, "migrations" | "migration")
                && (lname.chars().take_while(|c| c.is_ascii_digit()).count() >= 8 || lname.starts_with("migration2")) =>
        {
            Some("migration script")
        }
        "go" if matches!(parent, "migrations" | "migration") && starts_digit => Some("goose migration"),
        "rs" if SEAORM_NAME.is_match(name) => Some("SeaORM migration"),
        "yaml" | "yml" | "xml" | "json" if lname.contains("changelog") && in_dir(&["db", "changelog", "liquibase", "resources"]) => {
            Some("Liquibase changelog")
        }
        _ => None,
    }
}

fn family(l: Lang) -> Lang {
    if l.is_js_family() { Lang::JavaScript } else { l }
}

impl DbMigrations {
    pub fn new() -> DbMigrations {
        DbMigrations {
            meta: RuleMeta {
                id: "db-migrations".into(),
                category: Category::Reliability,
                severity: Severity::Medium,
                title: "Schema changes go through migrations".into(),
                rationale: "A schema changed by hand, or by `create_all()`/`db push` at start-up, differs between \
                            environments, cannot be reviewed or rolled back, and breaks the next deploy that \
                            assumes it. Versioned migrations applied by a tool make schema changes code."
                    .into(),
                detection: "Passes on migration files outside tests, fixtures and docs (alembic versions, Django \
                            `migrations/0001_*.py`, `prisma/migrations/`, SQL under `migrations`/`migration`/\
                            `migrate`/`drizzle` folders, Flyway `V1__*.sql`, timestamped knex/Sequelize/TypeORM/\
                            MikroORM migrations, goose Go migrations, SeaORM `m2024…` modules, Liquibase \
                            changelogs); migration config (`alembic.ini`, `atlas.hcl`, `.sequelizerc`, \
                            `flyway.conf`, TypeORM/knex `migrations:`); migration commands in package.json scripts, \
                            Dockerfiles, Makefiles, CI, compose or shell scripts; `sqlx::migrate!`/\
                            `embed_migrations!`/golang-migrate/goose in code; or a migration tool dependency \
                            (Flyway, Liquibase, golang-migrate, goose, refinery, sea-orm-migration, \
                            diesel_migrations, alembic, Flask-Migrate, umzug, node-pg-migrate). n/a when the only \
                            database is MongoDB."
                    .into(),
                applies_to: vec!["db".into()],
                remediation: vec![
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "bash".into(),
                        snippet: "pip install alembic\nalembic init migrations\n\
                                  alembic revision --autogenerate -m \"create orders\"\nalembic upgrade head   # in the release step"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "bash".into(),
                        snippet: "pip install Flask-Migrate\nflask db init && flask db migrate -m \"create orders\"\nflask db upgrade   # in the release step"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "bash".into(),
                        snippet: "python manage.py makemigrations   # commit app/migrations/\npython manage.py migrate          # in the release step"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "bash".into(),
                        snippet: "npx prisma migrate dev --name init   # commit prisma/migrations/\nnpx prisma migrate deploy            # in the release step"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "bash".into(),
                        snippet: "npx typeorm migration:generate src/migrations/Init -d dist/data-source.js\n\
                                  npx typeorm migration:run -d dist/data-source.js   # in the release step"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "bash".into(),
                        snippet: "migrate create -ext sql -dir migrations -seq create_orders\n\
                                  migrate -path migrations -database \"$DATABASE_URL\" up   # in the release step"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "// sqlx migrate add create_orders   (writes migrations/<ts>_create_orders.sql)\n\
                                  sqlx::migrate!(\"./migrations\").run(&pool).await?;"
                            .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "xml".into(),
                        snippet: "<dependency>\n  <groupId>org.flywaydb</groupId>\n  <artifactId>flyway-core</artifactId>\n</dependency>\n\
                                  <!-- src/main/resources/db/migration/V1__create_orders.sql -->"
                            .into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Adopt a migration tool, commit every schema change as a numbered migration, and \
                                  apply pending migrations in the release step before the new version starts."
                            .into(),
                    },
                ],
                effort_hours: 4.0,
                pass_message: "schema migrations found".into(),
                fail_message: "no schema migrations: the database schema is not versioned".into(),
            },
        }
    }
}

impl Rule for DbMigrations {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Test | Role::Example | Role::Doc) {
            return;
        }
        if let Some(what) = classify_path(&info.path) {
            hits.push(file.evidence_at_line(1, 1, what));
            return;
        }
        let name = info.name();
        if name == "package.json" {
            if let Some(m) = NPM_SCRIPT.find(file.text) {
                hits.push(file.evidence_at(m.start(), "migration script in package.json"));
            }
            return;
        }
        let lower = name.to_ascii_lowercase();
        let command_file = info.role == Role::Infra
            || lower == "procfile"
            || lower == "justfile"
            || lower.ends_with(".sh")
            || lower.ends_with(".yml")
            || lower.ends_with(".yaml");
        if command_file && info.lang.is_none() {
            for m in COMMAND.find_iter(file.text) {
                let (line, _) = file.line_col(m.start());
                if !file.line_text(line).trim_start().starts_with('#') {
                    hits.push(file.evidence_at(m.start(), "migrations applied by a command"));
                    break;
                }
            }
            return;
        }
        if info.role != Role::Source {
            return;
        }
        let Some(lang) = info.lang else { return };
        let fam = family(lang);
        for (l, lit, re) in CODE.iter() {
            if *l != fam || !file.contains(lit) {
                continue;
            }
            let found = re.find_iter(file.text).find(|m| {
                let b = m.start();
                if file.text.as_bytes().get(b) == Some(&b'"') && b > 0 {
                    file.in_code(b - 1)
                } else {
                    file.in_code(b)
                }
            });
            if let Some(m) = found {
                hits.push(file.evidence_at(m.start(), "migrations run from code"));
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        for (eco, name) in MIGRATION_DEPS {
            if let Some((m, line)) = project.find_dependency(*eco, name) {
                evidence.push(Evidence {
                    location: Location {
                        path: m.path.clone(),
                        line,
                        column: 1,
                    },
                    message: format!("migration tool `{}`", name.trim_end_matches('*')),
                });
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
        let has = |list: &[(Ecosystem, &str)]| list.iter().any(|(eco, n)| project.find_dependency(*eco, n).is_some());
        if has(DOCUMENT) && !has(RELATIONAL) {
            return Outcome::not_applicable("the only database is MongoDB: no schema to migrate");
        }
        Outcome::fail(self.meta.fail_message.clone(), vec![])
    }
}

#[cfg(test)]
mod tests {
    use super::classify_path;

    #[test]
    fn migration_paths() {
        for p in [
            "alembic.ini",
            "alembic/versions/3f2a_create_orders.py",
            "app/migrations/versions/3f2a_create_orders.py",
            "shop/migrations/0001_initial.py",
            "prisma/migrations/20240101000000_init/migration.sql",
            "migrations/20240101120000_init.sql",
            "migrations/2024-01-01-000000_create_users/up.sql",
            "db/migrations/000001_init.up.sql",
            "src/main/resources/db/migration/V1__init.sql",
            "src/migrations/1700000000000-Init.ts",
            "migrations/20240101000000-create-user.js",
            "migration/src/m20220101_000001_create_table.rs",
            "drizzle/0000_init.sql",
            "src/main/resources/db/changelog/db.changelog-master.yaml",
        ] {
            assert!(classify_path(p).is_some(), "{p}");
        }
        for p in [
            "shop/migrations/__init__.py",
            "app/models.py",
            "scripts/seed.sql",
            "migrations/README",
            "src/migrations/helpers.ts",
            "versions/a.py",
        ] {
            assert!(classify_path(p).is_none(), "{p}");
        }
    }
}
