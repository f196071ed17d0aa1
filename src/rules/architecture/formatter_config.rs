//! `formatter-config`: every language the project ships has an automatic formatter.
//!
//! **Why**: a formatter ends style debates in review and keeps diffs about behaviour, not
//! whitespace; without one, reformatting noise hides real changes.
//!
//! **Fails**: a TypeScript app with no prettier/biome/dprint anywhere; a Python package with no
//! black, ruff, yapf or autopep8. The finding names the language and points at its manifest.
//!
//! **Passes**: each language with shipped source has one. Go (`gofmt`) and Rust (`rustfmt`) ship
//! their formatter with the toolchain and always pass; Java needs google-java-format, Spotless or
//! an equivalent plugin. Configs inside `node_modules/`, fixtures and examples do not count.

use super::tooling::{self, Fam, Judge, Tool, Tooling};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Npm, Pypi};
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::Rule;

static TOOLS: &[Tool] = &[
    Tool {
        files: &[".prettierrc", ".prettierrc.*", "prettier.config.*"],
        pkg_keys: &["prettier"],
        deps: &[
            (Npm, "prettier"),
            (Npm, "eslint-plugin-prettier"),
            (Npm, "prettier-plugin-*"),
            (Npm, "@prettier/*"),
        ],
        commands: &[("prettier", &[])],
        hooks: &["prettier"],
        ..Tool::new(Fam::Js, "prettier")
    },
    Tool {
        files: &["biome.json", "biome.jsonc", "rome.json"],
        deps: &[(Npm, "@biomejs/biome"), (Npm, "rome")],
        commands: &[("biome", &["format", "check", "ci"]), ("rome", &["format", "check", "ci"])],
        hooks: &["biome-format", "biome-check", "biome-ci"],
        ..Tool::new(Fam::Js, "biome")
    },
    Tool {
        files: &["dprint.json", ".dprint.json", "dprint.jsonc", ".dprint.jsonc"],
        sections: &[("deno.json*", r#""fmt"\s*:"#)],
        deps: &[(Npm, "dprint"), (Npm, "standard"), (Npm, "ts-standard")],
        commands: &[("dprint", &["fmt", "check"]), ("deno", &["fmt"]), ("standard", &[])],
        hooks: &["dprint"],
        ..Tool::new(Fam::Js, "dprint/deno fmt")
    },
    Tool {
        sections: &[("pyproject.toml", r"^[ \t]*\[tool\.(?:black|blue)[\].]")],
        deps: &[(Pypi, "black"), (Pypi, "blue")],
        commands: &[("black", &[]), ("blue", &[])],
        hooks: &["black", "black-jupyter"],
        ..Tool::new(Fam::Python, "black")
    },
    Tool {
        files: &["ruff.toml", ".ruff.toml"],
        sections: &[("pyproject.toml", r"^[ \t]*\[tool\.ruff[\].]")],
        deps: &[(Pypi, "ruff")],
        commands: &[("ruff", &[])],
        hooks: &["ruff", "ruff-format", "ruff-check"],
        ..Tool::new(Fam::Python, "ruff")
    },
    Tool {
        files: &[".style.yapf"],
        sections: &[
            ("pyproject.toml", r"^[ \t]*\[tool\.(?:yapf|autopep8)[\].]"),
            ("setup.cfg", r"^[ \t]*\[yapf\]"),
        ],
        deps: &[(Pypi, "yapf"), (Pypi, "autopep8")],
        commands: &[("yapf", &[]), ("autopep8", &[])],
        hooks: &["yapf", "autopep8"],
        ..Tool::new(Fam::Python, "yapf/autopep8")
    },
    Tool {
        sections: &[
            (
                "pom.xml",
                r"spotless-maven-plugin|fmt-maven-plugin|googleformatter-maven-plugin|google-java-format|palantir-java-format|prettier-maven-plugin",
            ),
            (
                "build.gradle*",
                r"com\.diffplug\.spotless|\bspotless[ \t]*\{|google-java-format|palantir-java-format|com\.github\.sherter\.google-java-format",
            ),
        ],
        commands: &[("google-java-format", &[])],
        hooks: &["google-java-format", "pretty-format-java"],
        ..Tool::new(Fam::Java, "Spotless/google-java-format")
    },
];

pub struct FormatterConfig {
    meta: RuleMeta,
    tooling: Tooling,
}

impl FormatterConfig {
    pub fn new() -> FormatterConfig {
        FormatterConfig {
            meta: RuleMeta {
                id: "formatter-config".into(),
                category: Category::Architecture,
                severity: Severity::Low,
                title: "A code formatter is configured".into(),
                rationale: "An automatic formatter ends style debates in review and keeps diffs about behaviour, \
                            not whitespace; without one, reformatting noise hides real changes."
                    .into(),
                detection: "Per language with shipped source (JS/TS tool configs and *.d.ts files do not make a \
                            language present). JS/TS: .prettierrc*, prettier.config.*, package.json `prettier`, \
                            prettier deps, biome.json(c), dprint, `deno fmt`, standard. Python: [tool.black], black, \
                            ruff (any ruff configuration or dependency counts: `ruff format` ships with it), yapf, \
                            autopep8. Go and Rust pass: gofmt and rustfmt are built in. Java: Spotless, \
                            google-java-format, palantir-java-format or fmt-maven-plugin in pom.xml/build.gradle. Any \
                            language: pre-commit hooks, lint-staged, husky/lefthook hooks, Makefile/tox/nox commands and \
                            CI steps running those tools. Configs under node_modules, fixtures, examples and tests do \
                            not count. One finding per language without a formatter, at its manifest."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "json".into(),
                        snippet: "// .prettierrc.json  (npm i -D prettier; \"format\": \"prettier --write .\")\n\
                                  { \"singleQuote\": true, \"printWidth\": 100 }"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml  (run: ruff format .)\n[tool.ruff]\nline-length = 100".into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml  (run: black .)\n[tool.black]\nline-length = 100".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "json".into(),
                        snippet:
                            "// package.json\n\"scripts\": { \"format\": \"prettier --write .\", \"format:check\": \"prettier --check .\" }"
                                .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "xml".into(),
                        snippet:
                            "<plugin>\n  <groupId>com.diffplug.spotless</groupId>\n  <artifactId>spotless-maven-plugin</artifactId>\n  \
                                  <version>2.43.0</version>\n  <configuration><java><googleJavaFormat/></java></configuration>\n</plugin>"
                                .into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "a formatter is configured for every language".into(),
                fail_message: "a language has no formatter configured".into(),
            },
            tooling: Tooling::new(TOOLS),
        }
    }
}

fn builtin(fam: Fam) -> Option<&'static str> {
    match fam {
        Fam::Go => Some("gofmt is built in"),
        Fam::Rust => Some("rustfmt is built in"),
        _ => None,
    }
}

fn missing(fam: Fam) -> String {
    match fam {
        Fam::Js | Fam::Ts => "no formatter configured (prettier, biome or dprint)",
        Fam::Python => "no formatter configured (ruff format or black)",
        Fam::Java => "no formatter configured (Spotless or google-java-format)",
        Fam::Go | Fam::Rust => "no formatter configured",
    }
    .to_string()
}

impl Rule for FormatterConfig {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        self.tooling.scan(file, hits);
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
                what: "formatter",
                builtin: &builtin,
                missing: &missing,
            },
        )
    }
}
