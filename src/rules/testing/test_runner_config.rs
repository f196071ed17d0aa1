//! `test-runner-config`: a test runner is configured, so `make test`/`npm test` means one thing.
//!
//! **Why**: tests that only run with the right incantation on one laptop are not run in CI or by
//! the next developer. A configured runner (paths, options, environment) makes the suite one
//! command for everyone.
//!
//! **Passes**: pytest (`pytest.ini`, `[tool.pytest.ini_options]`, `[pytest]`/`[tool:pytest]` in
//! setup.cfg/tox.ini, `conftest.py` at the root or in a tests folder), tox/nox, CI running
//! `pytest`/`python -m unittest`; JavaScript (`jest.config.*`, `vitest.config.*`, a `jest`/`mocha`/
//! `ava` key in package.json, `.mocharc*`, `karma.conf*`, `playwright.config.*`,
//! `cypress.config.*`, `ava.config.*`, or a real `test` script); built-in runners: Go (go.mod and
//! `_test.go` files), Cargo (any Cargo.toml), Maven Surefire / Gradle test (a JVM build and
//! `src/test/`).
//!
//! **Fails**: none of these; npm's placeholder `"test": "echo \"Error: no test specified\" &&
//! exit 1"` is not a runner.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

/// Evidence entries kept.
const MAX_EVIDENCE: usize = 10;

static PYPROJECT_PYTEST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\[tool\.pytest(?:\.ini_options)?\]").expect("static regex"));
static CFG_PYTEST: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\[(?:tool:)?pytest\]").expect("static regex"));
static TOX_ENV: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\[testenv[\]:]").expect("static regex"));
static CI_PY_RUNNER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|[\s;&|])(?:pytest|py\.test|python3?\s+-m\s+(?:pytest|unittest)|tox|nox)(?:\s|$)").expect("static regex")
});

pub struct TestRunnerConfig {
    meta: RuleMeta,
}

/// True for npm's placeholder and other scripts that run no tests (`echo … && exit 1`).
pub fn is_placeholder_script(cmd: &str) -> bool {
    let c = cmd.trim();
    c.is_empty()
        || c.contains("no test specified")
        || c.split("&&").all(|part| {
            let p = part.trim();
            p.starts_with("echo ") || p == "echo" || p.starts_with("exit ") || p == "exit" || p == "true"
        })
}

/// What a config file name says about the test runner, if anything.
fn runner_file(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let stem_is = |prefix: &str| lower.starts_with(prefix) && (crate::lang::Lang::from_path(&lower).is_some() || lower.ends_with(".json"));
    Some(match lower.as_str() {
        "pytest.ini" => "pytest.ini",
        "tox.ini" | "noxfile.py" => return None, // decided on content / below
        _ if stem_is("jest.config.") => "Jest config",
        _ if stem_is("vitest.config.") || stem_is("vitest.workspace.") => "Vitest config",
        _ if lower.starts_with(".mocharc") => "Mocha config",
        _ if lower.starts_with("karma.conf") => "Karma config",
        _ if stem_is("playwright.config.") => "Playwright config",
        _ if stem_is("cypress.config.") || lower == "cypress.json" => "Cypress config",
        _ if stem_is("ava.config.") => "AVA config",
        "jasmine.json" => "Jasmine config",
        ".taprc" => "tap config",
        _ => return None,
    })
}

/// True for `conftest.py` at the root or in a tests folder.
fn is_root_conftest(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    match parts.as_slice() {
        ["conftest.py"] => true,
        [.., dir, "conftest.py"] => matches!(*dir, "tests" | "test"),
        _ => false,
    }
}

/// Finds the line of `"key"` inside the JSON object that starts at the first `"parent"` key.
fn json_key_line(text: &str, parent: Option<&str>, key: &str) -> usize {
    let from = parent.and_then(|p| text.find(&format!("\"{p}\""))).unwrap_or(0);
    text.get(from..)
        .and_then(|rest| rest.find(&format!("\"{key}\"")))
        .map(|i| text[..from + i].matches('\n').count() + 1)
        .unwrap_or(1)
}

impl TestRunnerConfig {
    pub fn new() -> TestRunnerConfig {
        TestRunnerConfig {
            meta: RuleMeta {
                id: "test-runner-config".into(),
                category: Category::Testing,
                severity: Severity::Low,
                title: "A test runner is configured".into(),
                rationale: "Tests that only run with the right incantation on one laptop are not run by CI or by the next \
                            developer. A configured runner makes the suite one command for everyone."
                    .into(),
                detection: "Passes on pytest.ini, [tool.pytest.ini_options] in pyproject.toml, [pytest]/[tool:pytest] in \
                            setup.cfg or tox.ini, conftest.py at the root or in tests/, tox.ini test environments, \
                            noxfile.py, CI running pytest/unittest/tox/nox; jest.config.*, vitest.config.*, a jest/mocha/ava \
                            key in package.json, .mocharc*, karma.conf*, playwright.config.*, cypress.config.*, \
                            ava.config.*, or a package.json test script that is not npm's placeholder; built in: Go \
                            (go.mod with _test.go files), Cargo (Cargo.toml), Maven Surefire / Gradle test (pom.xml or \
                            build.gradle with a src/test/ tree)."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\naddopts = \"-q --strict-markers\"".into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml\n[tool.pytest.ini_options]\ntestpaths = [\"tests\"]\nasyncio_mode = \"auto\"".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "jsonc".into(),
                        snippet: "// package.json (npm i -D jest)\n{\n  \"scripts\": { \"test\": \"jest\" },\n  \"jest\": { \"testEnvironment\": \"node\", \"roots\": [\"<rootDir>/src\", \"<rootDir>/test\"] }\n}".into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "jsonc".into(),
                        snippet: "// package.json\n{\n  \"scripts\": { \"test\": \"jest\", \"test:e2e\": \"jest --config ./test/jest-e2e.json\" }\n}".into(),
                    },
                    Remediation {
                        framework: "nextjs".into(),
                        lang: "typescript".into(),
                        snippet: "// vitest.config.ts\nimport { defineConfig } from 'vitest/config';\nexport default defineConfig({ test: { environment: 'jsdom' } });".into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "test runner configured".into(),
                fail_message: "no test runner configuration or test script".into(),
            },
        }
    }
}

impl Rule for TestRunnerConfig {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role == Role::Example {
            return;
        }
        let path = info.path.as_str();
        let name = info.name();
        if let Some(what) = runner_file(path) {
            hits.push(file.evidence_file(what));
            return;
        }
        if is_root_conftest(path) {
            hits.push(file.evidence_file("pytest conftest.py"));
            return;
        }
        if info.role == Role::Test {
            return;
        }
        match name {
            "pyproject.toml" => {
                if let Some(m) = PYPROJECT_PYTEST.find(file.text) {
                    hits.push(file.evidence_at(m.start(), "pytest configured in pyproject.toml"));
                }
            }
            "setup.cfg" | "tox.ini" => {
                if let Some(m) = CFG_PYTEST.find(file.text) {
                    hits.push(file.evidence_at(m.start(), "pytest configured"));
                } else if name == "tox.ini"
                    && let Some(m) = TOX_ENV.find(file.text)
                {
                    hits.push(file.evidence_at(m.start(), "tox test environments"));
                }
            }
            "noxfile.py" => hits.push(file.evidence_file("nox sessions")),
            "package.json" => {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(file.text) else {
                    return;
                };
                for key in ["jest", "mocha", "ava"] {
                    if v.get(key).is_some_and(|c| c.is_object()) {
                        let line = json_key_line(file.text, None, key);
                        hits.push(file.evidence_at_line(line, 1, format!("{key} configured in package.json")));
                    }
                }
                if let Some(cmd) = v.get("scripts").and_then(|s| s.get("test")).and_then(|t| t.as_str())
                    && !is_placeholder_script(cmd)
                {
                    let line = json_key_line(file.text, Some("scripts"), "test");
                    hits.push(file.evidence_at_line(line, 1, format!("test script `{}`", crate::redact::snippet(cmd))));
                }
            }
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        let ours = |role: Role| !matches!(role, Role::Example);
        let file_ev = |path: &str, message: &str| Evidence {
            location: Location {
                path: path.to_string(),
                line: 0,
                column: 0,
            },
            message: message.to_string(),
        };
        // Built-in runners.
        let files = || project.files.iter().filter(|f| ours(f.role));
        if let Some(gomod) = files().find(|f| f.name() == "go.mod")
            && files().any(|f| f.name().ends_with("_test.go"))
        {
            evidence.push(file_ev(&gomod.path, "go test (built in) with _test.go files"));
        }
        if let Some(cargo) = files().find(|f| f.name() == "Cargo.toml" && f.role != Role::Test) {
            evidence.push(file_ev(&cargo.path, "cargo test (built in)"));
        }
        if let Some(build) = files().find(|f| matches!(f.name(), "pom.xml" | "build.gradle" | "build.gradle.kts"))
            && files().any(|f| f.path.starts_with("src/test/") || f.path.contains("/src/test/"))
        {
            evidence.push(file_ev(&build.path, "Maven Surefire / Gradle test (built in) with src/test"));
        }
        for ci in &project.ci {
            if let Some((line, _)) = ci.commands.iter().find(|(_, c)| CI_PY_RUNNER.is_match(c)) {
                evidence.push(Evidence {
                    location: Location {
                        path: ci.path.clone(),
                        line: *line,
                        column: 1,
                    },
                    message: "CI runs the Python test runner".into(),
                });
            }
        }
        if evidence.is_empty() {
            return Outcome::fail(self.meta.fail_message.clone(), vec![]);
        }
        evidence.sort();
        evidence.truncate(MAX_EVIDENCE);
        Outcome::pass(self.meta.pass_message.clone(), evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholder_scripts() {
        assert!(is_placeholder_script("echo \"Error: no test specified\" && exit 1"));
        assert!(is_placeholder_script("echo skip && exit 0"));
        assert!(!is_placeholder_script("jest"));
        assert!(!is_placeholder_script("echo running && vitest run"));
    }

    #[test]
    fn files() {
        assert_eq!(runner_file("jest.config.ts"), Some("Jest config"));
        assert_eq!(runner_file("web/vitest.config.mts"), Some("Vitest config"));
        assert_eq!(runner_file("jest.config.json.bak"), None);
        assert!(is_root_conftest("conftest.py") && is_root_conftest("tests/conftest.py"));
        assert!(!is_root_conftest("tests/unit/api/conftest_helpers.py"));
    }

    #[test]
    fn json_lines() {
        let t = "{\n  \"name\": \"x\",\n  \"test\": 1,\n  \"scripts\": {\n    \"test\": \"jest\"\n  }\n}";
        assert_eq!(json_key_line(t, Some("scripts"), "test"), 5);
    }
}
