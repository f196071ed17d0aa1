//! `test-ratio`: tests are proportionate to the code they cover (graded).
//!
//! **Why**: a handful of tests over a large codebase leaves most of it unverified; the ratio of
//! test files to source files is a cheap, language-neutral signal of how much is covered.
//!
//! **Grading**: credit = min(1, (test files / source files) / 0.3): full credit at 0.3 or more,
//! a pass only then. Test files are files of a known language in tests (`tests/`, `*_test.go`,
//! `*.spec.ts`, `src/test/java`, …) plus Rust sources with an in-file `#[cfg(test)]` module;
//! source files are shipped code of a known language. Examples, fixtures, vendored and generated
//! code count as neither; nor do empty files, `__init__.py` without a `def`/`class`, `*.d.ts`, tool configs
//! (`*.config.js`), build scripts and migrations.
//!
//! **Fails**: "4 test files for 40 source files (0.10; 0.30 gives full credit)".
//! **n/a**: no source files.

use crate::engine::ctx::{FileCtx, FileInfo};
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity, Status};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;

/// The ratio that earns full credit.
const FULL_CREDIT_RATIO: f64 = 0.3;

pub struct TestRatio {
    meta: RuleMeta,
}

/// True for files that are code but not logic worth a test of their own.
fn is_incidental(info: &FileInfo) -> bool {
    let name = info.name().to_ascii_lowercase();
    info.size == 0
        || name.ends_with(".d.ts")
        || matches!(name.as_str(), "setup.py" | "build.rs" | "manage.py" | "noxfile.py" | "conftest.py")
        || name.contains(".config.")
        || (name.starts_with('.') && name.contains("rc."))
        || info.path.split('/').any(|d| d == "migrations")
}

fn plural(n: usize, what: &str) -> String {
    if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") }
}

/// An in-file test module: `#[cfg(test)]`, maybe more attributes, then `mod`.
static CFG_TEST_MOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"#\[cfg\(\s*test\s*\)\]\s*(?:#\[[^\]]*\]\s*)*(?:pub(?:\([^)]*\))?\s+)?mod\s").expect("static regex"));

/// True when a Rust file has a `#[cfg(test)]` module outside comments and strings.
fn has_cfg_test_module(file: &FileCtx<'_>) -> bool {
    CFG_TEST_MOD.find_iter(file.text).any(|m| file.in_code(m.start()))
}

impl TestRatio {
    pub fn new() -> TestRatio {
        TestRatio {
            meta: RuleMeta {
                id: "test-ratio".into(),
                category: Category::Testing,
                severity: Severity::Medium,
                title: "Tests proportionate to the code".into(),
                rationale: "A handful of tests over a large codebase leaves most of it unverified. The ratio of test files \
                            to source files is a cheap, language-neutral signal of how much of the code has tests."
                    .into(),
                detection: "credit = min(1, (test files / source files) / 0.3); passes at ratio >= 0.3. Test files: files \
                            of a known language classified as tests (tests/, test_*.py, *_test.go, *.spec.ts, \
                            __tests__/, src/test/java, …) plus Rust sources with an in-file #[cfg(test)] module. Source \
                            files: shipped code of a known language. Neither counts examples, fixtures, vendored or \
                            generated code, empty files, __init__.py files that define nothing, *.d.ts, tool configs (*.config.*), build \
                            scripts (setup.py, build.rs, manage.py) or migrations. n/a without source files."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "bash".into(),
                        snippet: "# one test module per source module, starting with the riskiest code\nsrc/billing/invoice.py  ->  tests/billing/test_invoice.py\nsrc/auth/tokens.ts      ->  src/auth/tokens.test.ts"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "# tests/test_users.py\ndef test_create_user(client):\n    r = client.post(\"/users\", json={\"email\": \"a@b.c\"})\n    assert r.status_code == 201"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "// src/users/service.test.js\ntest('rejects duplicate emails', async () => {\n  await expect(createUser(existing)).rejects.toThrow('exists');\n});"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "// users/service_test.go\nfunc TestCreateUserRejectsDuplicates(t *testing.T) {\n\tif _, err := svc.Create(existing); err == nil {\n\t\tt.Fatal(\"expected error\")\n\t}\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "#[cfg(test)]\nmod tests {\n    use super::*;\n    #[test]\n    fn rejects_duplicate_emails() {\n        assert!(create_user(&existing()).is_err());\n    }\n}"
                            .into(),
                    },
                ],
                effort_hours: 8.0,
                pass_message: "tests are proportionate to the code".into(),
                fail_message: "few test files for the amount of source code".into(),
            },
        }
    }
}

impl Rule for TestRatio {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        // A package's `__init__.py` is source only when it defines something.
        if info.role == Role::Source
            && info.name() == "__init__.py"
            && file
                .text
                .lines()
                .any(|l| l.starts_with("def ") || l.starts_with("class ") || l.starts_with("async def "))
        {
            hits.push(Hit::Fact {
                tag: "init-with-code".into(),
                value: String::new(),
                location: file.location(0),
            });
        }
        if info.role == Role::Source && info.lang == Some(Lang::Rust) && file.contains("#[cfg(test)]") && has_cfg_test_module(file) {
            hits.push(Hit::Fact {
                tag: "cfg-test-module".into(),
                value: String::new(),
                location: file.location(0),
            });
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let inits_with_code: BTreeSet<&str> = hits
            .iter()
            .filter_map(|h| match h {
                Hit::Fact { tag, location, .. } if tag == "init-with-code" => Some(location.path.as_str()),
                _ => None,
            })
            .collect();
        let mut sources = 0usize;
        let mut tests: BTreeSet<&str> = BTreeSet::new();
        for f in &project.files {
            if f.lang.is_none() || is_incidental(f) || (f.name() == "__init__.py" && !inits_with_code.contains(f.path.as_str())) {
                continue;
            }
            match f.role {
                Role::Source => sources += 1,
                Role::Test => {
                    tests.insert(f.path.as_str());
                }
                _ => {}
            }
        }
        for h in hits {
            if let Hit::Fact { tag, location, .. } = h
                && tag == "cfg-test-module"
            {
                tests.insert(location.path.as_str());
            }
        }
        if sources == 0 {
            return Outcome::not_applicable("no source files");
        }
        let n = tests.len();
        let ratio = n as f64 / sources as f64;
        let credit = (ratio / FULL_CREDIT_RATIO).min(1.0);
        let status = if credit >= 0.999 { Status::Pass } else { Status::Fail };
        let counts = format!("{} for {}", plural(n, "test file"), plural(sources, "source file"));
        let message = if status == Status::Pass {
            format!("{counts} ({ratio:.2})")
        } else {
            format!("{counts} ({ratio:.2}; {FULL_CREDIT_RATIO:.2} gives full credit)")
        };
        Outcome {
            status,
            credit,
            message,
            findings: vec![],
            evidence: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn incidental_files() {
        for p in ["types/x.d.ts", "jest.config.js", "app/migrations/0001_initial.py", "build.rs"] {
            assert!(is_incidental(&FileInfo::new(p.into(), 10)), "{p}");
        }
        assert!(!is_incidental(&FileInfo::new("src/app.py".into(), 10)));
        assert!(is_incidental(&FileInfo::new("src/app.py".into(), 0)));
    }
}
