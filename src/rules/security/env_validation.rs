//! `env-validation`: configuration from the environment is validated at start-up.
//!
//! **Why**: a service that reads `process.env.DATABASE_URL` where it needs it starts fine with a
//! missing or malformed variable and fails later, on the first request that touches it, in
//! production. A schema checked at boot fails the deployment instead, with a clear message.
//!
//! **Passes**: a schema over the environment — zod/joi/yup/valibot `.parse(process.env)`,
//! envalid `cleanEnv(process.env, …)`, `@t3-oss/env-*`, `@nestjs/config` with `validationSchema`
//! or `validate`, convict, env-var, env-schema / @fastify/env; pydantic `BaseSettings`
//! (pydantic-settings), environs, dynaconf `Validator`, django-environ typed reads
//! (`env.int(…)`, `env.bool(…)`, `Env(DEBUG=(bool, False))`), python-decouple with `cast=`;
//! Go kelseyhightower/envconfig, caarlos0/env, sethvargo/go-envconfig, cleanenv, or viper
//! `Unmarshal` plus go-playground/validator; Rust config, figment, envy, envconfig crates or clap
//! `#[arg(env = …)]`; Spring `@ConfigurationProperties` with `@Validated`.
//!
//! **Fails**: the code reads environment variables one by one with no schema; findings point at
//! the first reads. **n/a** when the service reads no environment variable at all.

use super::signals::{Dep, Pattern, Patterns, dependency_evidence, fact_evidence, facts, go_import, py_import};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Cargo, Npm};
use crate::lang::Lang;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::{Rule, split_hits};
use std::sync::LazyLock;

const MAX_EVIDENCE: usize = 10;
/// Findings listed on failure: the first places the code reads the environment.
const MAX_READS_SHOWN: usize = 5;

const DEPS: &[Dep] = &[
    Dep {
        eco: Npm,
        names: &[
            "envalid",
            "@t3-oss/env-*",
            "convict",
            "env-var",
            "@fastify/env",
            "env-schema",
            "znv",
            "dotenv-safe",
        ],
        message: "environment schema library",
    },
    Dep {
        eco: Cargo,
        names: &["config", "figment", "envy", "envconfig", "confique", "serde-env", "twelf"],
        message: "typed configuration crate",
    },
];

const ENV_OBJ: &str = r"(?:process\.env|import\.meta\.env|Bun\.env)\b";

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(vec![
        Pattern::code(
            &[Lang::JavaScript],
            &["process.env", "import.meta.env", "Bun.env"],
            format!(
                r"\.(?:parse|safeParse|parseAsync|safeParseAsync|validate|validateSync|validateAsync|cast|assert|create|decode|Decode|Check|Parse)\s*\(\s*{ENV_OBJ}|\b(?:parse|safeParse|validate|assert|is|create|cleanEnv)\s*\(\s*[\w.]+\s*,\s*{ENV_OBJ}|\bcleanEnv\s*\(\s*{ENV_OBJ}"
            ),
            "schema validates the environment",
        ),
        Pattern::code(
            &[Lang::JavaScript],
            &["createEnv", "envSchema"],
            r"\b(?:createEnv|envSchema)\s*\(",
            "environment schema",
        ),
        Pattern::code(
            &[Lang::JavaScript],
            &["ConfigModule"],
            r"\bConfigModule\.forRoot(?:Async)?\s*\(\s*\{[^;]*?\b(?:validationSchema|validate)\b",
            "@nestjs/config validation",
        ),
        Pattern::code(&[Lang::JavaScript], &["convict"], r"\bconvict\s*\(", "convict schema"),
        // Python.
        Pattern::code(
            &[Lang::Python],
            &["BaseSettings", "pydantic_settings"],
            format!(r"\bclass\s+\w+\s*\([^)]*\bBaseSettings\b|{}", py_import("pydantic_settings")),
            "pydantic settings",
        ),
        Pattern::code(&[Lang::Python], &["environs"], py_import("environs"), "environs"),
        Pattern::code(
            &[Lang::Python],
            &["dynaconf"],
            r"^[ \t]*from[ \t]+dynaconf(?:\.\w+)*[ \t]+import[ \t]+(?:\([^)]*|[^\n]*)\bValidator\b",
            "dynaconf validators",
        ),
        Pattern::code(
            &[Lang::Python],
            &["environ"],
            r"\benv\.(?:int|bool|float|list|tuple|dict|json|url|db_url|db|cache_url|cache|email_url|email|search_url|decimal)\s*\(|\benviron\.Env\s*\(\s*\w+\s*=\s*\(|\benviron\.to_config\s*\(",
            "typed environment reads",
        ),
        Pattern::code(
            &[Lang::Python],
            &["decouple"],
            r#"\bconfig\s*\(\s*["'][A-Za-z_]\w*["'][^)\n]*\bcast\s*="#,
            "python-decouple typed reads",
        ),
        // Go: imports are always used.
        Pattern::code(
            &[Lang::Go],
            &["envconfig", "caarlos0", "cleanenv", "go-env"],
            go_import(
                r"github\.com/kelseyhightower/envconfig|github\.com/caarlos0/env|github\.com/sethvargo/go-envconfig|github\.com/ilyakaznacheev/cleanenv|github\.com/Netflix/go-env",
            ),
            "environment struct decoding",
        ),
        Pattern::code(
            &[Lang::Go],
            &["Unmarshal"],
            r"\bviper\.Unmarshal(?:Exact)?\s*\(|\bv\.Unmarshal(?:Exact)?\s*\(",
            "viper Unmarshal",
        )
        .tagged("viper-unmarshal"),
        Pattern::code(
            &[Lang::Go],
            &["validator"],
            go_import(r"github\.com/go-playground/validator"),
            "struct validator",
        )
        .tagged("go-validator"),
        // Rust.
        Pattern::code(
            &[Lang::Rust],
            &["env", "figment", "envy"],
            r"#\[(?:arg|clap)\s*\([^\]]*\benv\b|\benvy::(?:from_env|prefixed)\b|\bfigment::providers::Env\b|\bEnvironment::with_prefix\b",
            "typed environment configuration",
        ),
        // Java.
        Pattern::code(
            &[Lang::Java],
            &["@ConfigurationProperties"],
            r"(?s)@Validated\b.{0,400}?@ConfigurationProperties\b|@ConfigurationProperties\b.{0,400}?@Validated\b",
            "validated @ConfigurationProperties",
        ),
    ])
});

pub struct EnvValidation {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl EnvValidation {
    pub fn new() -> EnvValidation {
        EnvValidation {
            meta: RuleMeta {
                id: "env-validation".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "Configuration validated at start-up".into(),
                rationale: "A service that reads environment variables where it needs them starts fine with a \
                            missing or malformed value and fails later, on the first request that touches it. A schema \
                            checked at boot fails the deployment instead, with a message naming the variable."
                    .into(),
                detection: "Passes on a schema over the environment: zod/joi/yup/valibot `.parse(process.env)`, \
                            envalid `cleanEnv`, @t3-oss/env-*, @nestjs/config `validationSchema`/`validate`, convict, \
                            env-var, env-schema/@fastify/env, dotenv-safe; pydantic `BaseSettings`/pydantic-settings, \
                            environs, dynaconf `Validator`, django-environ typed reads (`env.int(`, `env.bool(`, \
                            `Env(X=(type, default))`), python-decouple `cast=`; Go kelseyhightower/envconfig, \
                            caarlos0/env, sethvargo/go-envconfig, cleanenv, or viper `Unmarshal` with \
                            go-playground/validator; Rust config/figment/envy/envconfig crates, clap `#[arg(env = …)]`; \
                            Spring `@ConfigurationProperties` with `@Validated`. n/a when the service reads no \
                            environment variable. Findings point at the first unvalidated reads."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    rem(
                        "express",
                        "javascript",
                        "const { z } = require('zod');\n\nconst env = z.object({\n  PORT: z.coerce.number().default(3000),\n  \
                         DATABASE_URL: z.string().url(),\n  JWT_SECRET: z.string().min(32),\n}).parse(process.env);\n\nmodule.exports = env;",
                    ),
                    rem(
                        "nestjs",
                        "typescript",
                        "ConfigModule.forRoot({\n  isGlobal: true,\n  validationSchema: Joi.object({\n    \
                         DATABASE_URL: Joi.string().uri().required(),\n    PORT: Joi.number().default(3000),\n  }),\n})",
                    ),
                    rem(
                        "nextjs",
                        "typescript",
                        "import { createEnv } from '@t3-oss/env-nextjs';\nimport { z } from 'zod';\n\n\
                         export const env = createEnv({\n  server: { DATABASE_URL: z.string().url() },\n  \
                         runtimeEnv: { DATABASE_URL: process.env.DATABASE_URL },\n});",
                    ),
                    rem(
                        "fastapi",
                        "python",
                        "from pydantic_settings import BaseSettings\n\nclass Settings(BaseSettings):\n    \
                         database_url: str\n    jwt_secret: str\n    port: int = 8000\n\nsettings = Settings()  # fails at start-up when invalid",
                    ),
                    rem(
                        "flask",
                        "python",
                        "from environs import Env\n\nenv = Env()\nenv.read_env()\n\
                         DATABASE_URL = env.str(\"DATABASE_URL\")\nPORT = env.int(\"PORT\", 8000)",
                    ),
                    rem(
                        "django",
                        "python",
                        "import environ\n\nenv = environ.Env(DEBUG=(bool, False))\n\
                         DEBUG = env.bool(\"DEBUG\")\nDATABASES = {\"default\": env.db(\"DATABASE_URL\")}",
                    ),
                    rem(
                        "gin",
                        "go",
                        "// github.com/kelseyhightower/envconfig\ntype Config struct {\n\tPort        int    `envconfig:\"PORT\" default:\"8080\"`\n\t\
                         DatabaseURL string `envconfig:\"DATABASE_URL\" required:\"true\"`\n}\n\n\
                         var cfg Config\nif err := envconfig.Process(\"\", &cfg); err != nil { log.Fatal(err) }",
                    ),
                    rem(
                        "axum",
                        "rust",
                        "#[derive(serde::Deserialize)]\nstruct Config { database_url: String, port: u16 }\n\n\
                         let cfg: Config = envy::from_env().expect(\"invalid configuration\");",
                    ),
                    rem(
                        "spring-boot",
                        "java",
                        "@Validated\n@ConfigurationProperties(prefix = \"app\")\n\
                         public record AppProperties(@NotBlank String databaseUrl, @Min(1) int port) {}",
                    ),
                    rem(
                        "generic",
                        "text",
                        "Read every environment variable once, at start-up, into a typed configuration object \
                         validated by a schema; exit with a clear error when a variable is missing or malformed.",
                    ),
                ],
                effort_hours: 1.0,
                pass_message: "configuration is validated at start-up".into(),
                fail_message: "environment variables are read without start-up validation".into(),
            },
        }
    }
}

impl Rule for EnvValidation {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        PATTERNS.scan(file, hits);
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        evidence.extend(dependency_evidence(project, DEPS));
        let viper: Vec<_> = facts(hits, "viper-unmarshal").collect();
        let validator: Vec<_> = facts(hits, "go-validator").collect();
        if !viper.is_empty() && !validator.is_empty() {
            evidence.extend(viper.iter().map(|(l, _)| fact_evidence(l, "viper Unmarshal into a struct")));
            evidence.extend(validator.iter().map(|(l, _)| fact_evidence(l, "struct validator")));
        }
        if !evidence.is_empty() {
            return Outcome::pass_capped(self.meta.pass_message.clone(), evidence, MAX_EVIDENCE);
        }
        if project.stack.env_reads.is_empty() {
            return Outcome::not_applicable("the code reads no environment variables");
        }
        let mut reads: Vec<_> = project.stack.env_reads.iter().collect();
        // Named reads first: they make the most actionable findings.
        reads.sort_by_key(|r| r.name.is_none());
        let findings = reads
            .into_iter()
            .take(MAX_READS_SHOWN)
            .map(|r| Finding {
                location: r.location.clone(),
                message: match &r.name {
                    Some(n) => format!("`{n}` is read without start-up validation"),
                    None => "the environment is read without start-up validation".to_string(),
                },
                snippet: None,
            })
            .collect();
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert_eq!(super::PATTERNS.len(), 14);
    }
}
