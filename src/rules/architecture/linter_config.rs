//! `linter-config`: every language the project ships has a linter configured.
//!
//! **Why**: a linter catches whole classes of bugs (unused results, shadowed variables, unsafe
//! patterns) before review, and keeps a codebase consistent as more people touch it.
//!
//! **Fails**: a Go service with no `.golangci.yml`, no `staticcheck` and no `go vet` anywhere in CI;
//! a Python package with no ruff/flake8/pylint configuration. The finding names the language and
//! points at its manifest.
//!
//! **Passes**: each language with shipped source has one — eslint/biome/oxlint (config file,
//! package.json key, dependency, npm script, `next lint`), ruff/flake8/pylint (config file or
//! section, dependency, pre-commit hook, CI command), golangci-lint/staticcheck/`go vet`, clippy
//! (`clippy.toml`, `[lints]`, `cargo clippy` in CI, crate-level `#![deny(clippy::…)]`), checkstyle/
//! spotbugs/PMD/Error Prone. Configs inside `node_modules/`, fixtures and examples do not count.

use super::tooling::{self, Fam, Judge, Tool, Tooling};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Npm, Pypi};
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::sync::LazyLock;

static TOOLS: &[Tool] = &[
    Tool {
        files: &["eslint.config.*", ".eslintrc", ".eslintrc.*"],
        pkg_keys: &["eslintConfig"],
        deps: &[(Npm, "eslint"), (Npm, "eslint-config-*"), (Npm, "@typescript-eslint/eslint-plugin")],
        commands: &[("eslint", &[]), ("next", &["lint"])],
        hooks: &["eslint"],
        ..Tool::new(Fam::Js, "eslint")
    },
    Tool {
        files: &["biome.json", "biome.jsonc", "rome.json"],
        deps: &[(Npm, "@biomejs/biome"), (Npm, "rome")],
        commands: &[("biome", &["lint", "check", "ci"]), ("rome", &["check", "ci"])],
        hooks: &["biome-check", "biome-lint", "biome-ci"],
        ..Tool::new(Fam::Js, "biome")
    },
    Tool {
        files: &[".oxlintrc.json", "oxlintrc.json"],
        deps: &[(Npm, "oxlint")],
        commands: &[("oxlint", &[])],
        hooks: &["oxlint"],
        ..Tool::new(Fam::Js, "oxlint")
    },
    Tool {
        files: &[".xo-config", ".xo-config.*", "xo.config.*", "tslint.json", ".jshintrc"],
        sections: &[("deno.json*", r#""lint"\s*:"#)],
        pkg_keys: &["xo", "standard", "jshintConfig"],
        deps: &[
            (Npm, "standard"),
            (Npm, "xo"),
            (Npm, "ts-standard"),
            (Npm, "semistandard"),
            (Npm, "tslint"),
            (Npm, "jshint"),
        ],
        commands: &[
            ("standard", &[]),
            ("xo", &[]),
            ("ts-standard", &[]),
            ("tslint", &[]),
            ("jshint", &[]),
            ("deno", &["lint"]),
        ],
        hooks: &["standard", "jshint"],
        ..Tool::new(Fam::Js, "standard/xo/jshint")
    },
    Tool {
        files: &["ruff.toml", ".ruff.toml"],
        sections: &[("pyproject.toml", r"^[ \t]*\[tool\.ruff[\].]")],
        deps: &[(Pypi, "ruff")],
        commands: &[("ruff", &["check", "."])],
        hooks: &["ruff", "ruff-check"],
        ..Tool::new(Fam::Python, "ruff")
    },
    Tool {
        files: &[
            ".flake8",
            ".pylintrc",
            "pylintrc",
            ".pylintrc.toml",
            "pylama.ini",
            ".prospector.yml",
            ".prospector.yaml",
            "prospector.yaml",
        ],
        sections: &[
            (
                "pyproject.toml",
                r"^[ \t]*\[tool\.(?:pylint|flake8|pylama|flakeheaven|flakehell)[\].]",
            ),
            ("setup.cfg", r"^[ \t]*\[(?:flake8|pylint[^\]\n]*|pylama[^\]\n]*)\]"),
            ("tox.ini", r"^[ \t]*\[(?:flake8|pylint[^\]\n]*|pylama[^\]\n]*)\]"),
        ],
        deps: &[
            (Pypi, "flake8"),
            (Pypi, "pylint"),
            (Pypi, "pyflakes"),
            (Pypi, "pylama"),
            (Pypi, "prospector"),
            (Pypi, "wemake-python-styleguide"),
            (Pypi, "flakeheaven"),
            (Pypi, "pycodestyle"),
        ],
        commands: &[
            ("flake8", &[]),
            ("pylint", &[]),
            ("pyflakes", &[]),
            ("pylama", &[]),
            ("prospector", &[]),
            ("flakeheaven", &["lint"]),
        ],
        hooks: &["flake8", "pylint", "pyflakes"],
        ..Tool::new(Fam::Python, "flake8/pylint")
    },
    Tool {
        files: &[
            ".golangci.yml",
            ".golangci.yaml",
            ".golangci.toml",
            ".golangci.json",
            "staticcheck.conf",
            "revive.toml",
        ],
        commands: &[
            ("golangci-lint", &[]),
            ("staticcheck", &[]),
            ("go", &["vet"]),
            ("revive", &[]),
            ("gosec", &[]),
        ],
        hooks: &[
            "golangci-lint",
            "golangci-lint-full",
            "go-vet",
            "go-vet-mod",
            "go-vet-repo-mod",
            "go-staticcheck-mod",
            "go-staticcheck-repo-mod",
        ],
        ci_text: &[r"^[ \t-]*uses:[ \t]*['\x22]?(?:golangci/golangci-lint-action|dominikh/staticcheck-action)"],
        ..Tool::new(Fam::Go, "golangci-lint/staticcheck")
    },
    Tool {
        files: &["clippy.toml", ".clippy.toml"],
        sections: &[
            (
                "Cargo.toml",
                r"^[ \t]*(?:\[(?:workspace\.)?lints(?:\.[\w-]+)?\]|lints(?:\.[\w-]+)?[ \t]*=)",
            ),
            (".cargo/config.toml", r#"-D[ \t]*warnings|"-D",[ \t]*"warnings"|clippy"#),
            (".cargo/config", r#"-D[ \t]*warnings|"-D",[ \t]*"warnings"|clippy"#),
        ],
        commands: &[("cargo", &["clippy"]), ("cargo-clippy", &[]), ("clippy-driver", &[])],
        hooks: &["clippy", "cargo-clippy"],
        ci_text: &[
            r"^[ \t-]*uses:[ \t]*['\x22]?(?:actions-rs/clippy-check|clechasseur/rs-clippy-check|giraffate/clippy-action|auguwu/clippy-action)",
            r"RUSTFLAGS\W[^\n]*-D[ \t]*warnings",
        ],
        ..Tool::new(Fam::Rust, "clippy")
    },
    Tool {
        files: &[
            "checkstyle.xml",
            "checkstyle-*.xml",
            "*-checkstyle.xml",
            "pmd-ruleset.xml",
            "spotbugs-exclude.xml",
        ],
        sections: &[
            (
                "pom.xml",
                r"maven-checkstyle-plugin|spotbugs-maven-plugin|maven-pmd-plugin|error_prone_core",
            ),
            (
                "build.gradle*",
                r#"^[ \t]*(?:id[ \t(]+['\x22](?:checkstyle|pmd|com\.github\.spotbugs|net\.ltgt\.errorprone)['\x22]|apply[ \t]+plugin:[ \t]*['\x22](?:checkstyle|pmd|com\.github\.spotbugs)['\x22]|(?:checkstyle|pmd|spotbugs)[ \t]*\{|errorprone[ \t(])|^[ \t]*`?(?:checkstyle|pmd)`?[ \t]*$"#,
            ),
        ],
        commands: &[("checkstyle", &[])],
        ..Tool::new(Fam::Java, "checkstyle/SpotBugs/PMD")
    },
];

/// Crate- or module-level clippy lint levels: `#![deny(clippy::all)]`, `#![warn(clippy::pedantic)]`.
static CLIPPY_ATTR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#!\[\s*(?:deny|warn|forbid)\s*\([^\]]*clippy::").expect("static regex"));

pub struct LinterConfig {
    meta: RuleMeta,
    tooling: Tooling,
}

impl LinterConfig {
    pub fn new() -> LinterConfig {
        LinterConfig {
            meta: RuleMeta {
                id: "linter-config".into(),
                category: Category::Architecture,
                severity: Severity::Medium,
                title: "A linter is configured".into(),
                rationale: "A linter catches whole classes of bugs (unused results, shadowed names, unsafe patterns) \
                            before review and keeps the code consistent as the team grows; without one, every \
                            reviewer has to catch them by eye."
                    .into(),
                detection: "Per language with shipped source (JS/TS tool configs such as vite.config.ts and *.d.ts \
                            files do not make a language present). JS/TS: eslint.config.*, .eslintrc*, package.json \
                            `eslintConfig`, biome.json(c), oxlint, standard/xo/tslint/jshint, eslint or biome deps, \
                            `next lint`/`eslint` in npm scripts. Python: ruff.toml, [tool.ruff], .flake8, [flake8] in \
                            setup.cfg/tox.ini, .pylintrc, [tool.pylint], ruff/flake8/pylint deps. Go: .golangci.*, \
                            staticcheck, revive, `go vet`/golangci-lint in CI. Rust: clippy.toml, [lints] in \
                            Cargo.toml, `cargo clippy` or RUSTFLAGS=-D warnings in CI, #![deny(clippy::…)]. Java: \
                            checkstyle, SpotBugs, PMD or Error Prone in pom.xml/build.gradle. Any language: pre-commit \
                            hooks, lint-staged, husky/lefthook hooks, Makefile/justfile/tox/nox commands and CI steps running \
                            those tools. Configs under node_modules, fixtures, examples and tests do not count. One \
                            finding per language without a linter, at its manifest."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "yaml".into(),
                        snippet: "# .pre-commit-config.yaml\nrepos:\n  - repo: https://github.com/astral-sh/ruff-pre-commit\n    \
                                  rev: v0.6.9\n    hooks:\n      - id: ruff"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml\n[tool.ruff]\nline-length = 100\n\n[tool.ruff.lint]\nselect = [\"E\", \"F\", \"I\", \"B\", \"UP\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml\n[tool.ruff.lint]\nselect = [\"E\", \"F\", \"B\", \"DJ\"]".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "// eslint.config.mjs  (npm i -D eslint @eslint/js)\nimport js from '@eslint/js';\n\n\
                                  export default [js.configs.recommended];"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "javascript".into(),
                        snippet: "// eslint.config.mjs  (npm i -D eslint typescript-eslint)\nimport tseslint from 'typescript-eslint';\n\n\
                                  export default tseslint.config(...tseslint.configs.recommended);"
                            .into(),
                    },
                    Remediation {
                        framework: "nextjs".into(),
                        lang: "json".into(),
                        snippet: "// package.json\n\"scripts\": { \"lint\": \"next lint\" }".into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "yaml".into(),
                        snippet: "# .github/workflows/lint.yml (step)\n- uses: golangci/golangci-lint-action@v6\n  with:\n    version: v1.61"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "toml".into(),
                        snippet: "# Cargo.toml\n[lints.clippy]\nall = { level = \"deny\", priority = -1 }\nunwrap_used = \"warn\""
                            .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "xml".into(),
                        snippet: "<plugin>\n  <groupId>org.apache.maven.plugins</groupId>\n  <artifactId>maven-checkstyle-plugin</artifactId>\n  \
                                  <version>3.5.0</version>\n  <executions><execution><goals><goal>check</goal></goals></execution></executions>\n</plugin>"
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "a linter is configured for every language".into(),
                fail_message: "a language has no linter configured".into(),
            },
            tooling: Tooling::new(TOOLS),
        }
    }
}

fn missing(fam: Fam) -> String {
    match fam {
        Fam::Js | Fam::Ts => "no linter configured (eslint, biome or oxlint)",
        Fam::Python => "no linter configured (ruff, flake8 or pylint)",
        Fam::Go => "no linter configured (golangci-lint, staticcheck or `go vet` in CI)",
        Fam::Rust => "no linter configured (`cargo clippy` in CI or a `[lints]` table)",
        Fam::Java => "no linter configured (checkstyle, SpotBugs, PMD or Error Prone)",
    }
    .to_string()
}

impl Rule for LinterConfig {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        self.tooling.scan(file, hits);
        if file.info.lang == Some(Lang::Rust)
            && file.info.role == Role::Source
            && file.contains("clippy::")
            && let Some(m) = CLIPPY_ATTR.find_iter(file.text).find(|m| file.in_code(m.start()))
        {
            hits.push(Hit::Fact {
                tag: Fam::Rust.id().into(),
                value: "clippy lint levels set in code".into(),
                location: file.location(m.start()),
            });
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let present = tooling::present(project, false);
        let found = self.tooling.evidence(project, hits);
        tooling::conclude(
            project,
            &present,
            found,
            Default::default(),
            &Judge {
                what: "linter",
                builtin: &|_| None,
                missing: &missing,
            },
        )
    }
}
