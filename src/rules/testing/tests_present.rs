//! `tests-present`: the repository has automated tests.
//!
//! **Why**: without tests nothing verifies that a change works, so every deployment is a gamble
//! and no refactoring is safe.
//!
//! **Passes**: a test file that contains a test — `test_*.py`/`*_test.py`/`tests.py` with a test
//! function or class, `*.test.ts`/`*.spec.js`/`__tests__/` with `it(`/`test(`, `*_test.go` with
//! `func Test…`, Rust `#[test]` in `#[cfg(test)]` modules or `tests/*.rs`, Java `@Test`.
//!
//! **Fails**: none exists, or a `package.json` still has npm's placeholder
//! `"test": "echo \"Error: no test specified\" && exit 1"` and its package has no test file.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::sync::LazyLock;

/// Evidence entries kept; the message carries the full count.
const MAX_EVIDENCE: usize = 10;

static TEST_BODY: LazyLock<Vec<(Lang, Regex)>> = LazyLock::new(|| {
    let raw: &[(Lang, &str)] = &[
        (
            Lang::Python,
            r"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]+test\w*[ \t]*\(|^[ \t]*class[ \t]+(?:Test\w*|\w+\([^)\n]*TestCase)|\bunittest\.TestCase\b|\bpytest\.mark\b",
        ),
        (
            Lang::JavaScript,
            r"(?m)^[ \t]*(?:it|test|describe|suite)(?:\.each\b[^\n]*)?[ \t]*\(|\bDeno\.test\s*\(|\bt\.test\s*\(",
        ),
        (Lang::Go, r"(?m)^func\s+(?:Test|Benchmark|Example|Fuzz)\w*\s*\("),
        (Lang::Rust, r"#\[(?:\w+::)*test\b"),
        (Lang::Java, r"@(?:Test|ParameterizedTest|SpringBootTest)\b"),
    ];
    raw.iter().filter_map(|(l, r)| Regex::new(r).ok().map(|re| (*l, re))).collect()
});

static NPM_PLACEHOLDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""test"\s*:\s*"(?:[^"\\\n]|\\.)*no test specified"#).expect("static regex"));

pub struct TestsPresent {
    meta: RuleMeta,
}

fn family(l: Lang) -> Lang {
    if l.is_js_family() { Lang::JavaScript } else { l }
}

/// Directory of a path (`""` at the root).
fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

impl TestsPresent {
    pub fn new() -> TestsPresent {
        TestsPresent {
            meta: RuleMeta {
                id: "tests-present".into(),
                category: Category::Testing,
                severity: Severity::Critical,
                title: "Automated tests exist".into(),
                rationale: "Without automated tests nothing verifies that a change works: regressions reach users, \
                            refactoring is unsafe and every deployment is a gamble."
                    .into(),
                detection: "Looks for test files that contain a test: test_*.py, *_test.py, tests.py, conftest.py \
                            (def test_/class Test), *.test.[jt]s(x), *.spec.[jt]s(x), __tests__/ (it/test/describe), \
                            *_test.go (func Test…), Rust #[test] in #[cfg(test)] modules or tests/*.rs, Java @Test \
                            under src/test. npm's placeholder test script (\"no test specified\") is a finding when \
                            its package has no test file."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "bash".into(),
                        snippet: "tests/\n├── unit/\n│   └── test_services.py\n├── integration/\n│   └── test_api.py\n└── conftest.py"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "# tests/test_health.py\nfrom fastapi.testclient import TestClient\nfrom app.main import app\n\n\
                                  def test_health():\n    assert TestClient(app).get(\"/health\").status_code == 200"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "// test/health.test.js  (npm i -D jest supertest; \"test\": \"jest\")\n\
                                  const request = require('supertest');\nconst app = require('../src/app');\n\n\
                                  test('GET /health', async () => {\n  await request(app).get('/health').expect(200);\n});"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "// health_test.go\nfunc TestHealth(t *testing.T) {\n\tw := httptest.NewRecorder()\n\t\
                                  router().ServeHTTP(w, httptest.NewRequest(\"GET\", \"/health\", nil))\n\t\
                                  if w.Code != 200 { t.Fatalf(\"status %d\", w.Code) }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "#[cfg(test)]\nmod tests {\n    #[tokio::test]\n    async fn health_is_ok() {\n        \
                                  // build the router and call it with tower::ServiceExt::oneshot\n    }\n}"
                            .into(),
                    },
                ],
                effort_hours: 16.0,
                pass_message: "automated tests found".into(),
                fail_message: "no automated tests found".into(),
            },
        }
    }
}

impl Rule for TestsPresent {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role == Role::Example {
            return;
        }
        if info.name() == "package.json" {
            if let Some(m) = NPM_PLACEHOLDER.find(file.text) {
                hits.push(file.finding_at(m.start(), "npm's placeholder test script: the package has no tests"));
            }
            return;
        }
        let Some(lang) = info.lang else { return };
        let candidate = match (info.role, lang) {
            (Role::Test, _) => true,
            // In-file unit tests: `#[cfg(test)]` modules in Rust sources.
            (Role::Source, Lang::Rust) => file.text.match_indices("#[cfg(test)]").any(|(i, _)| file.in_code(i)),
            _ => false,
        };
        if !candidate {
            return;
        }
        let fam = family(lang);
        if let Some((_, re)) = TEST_BODY.iter().find(|(l, _)| *l == fam)
            && let Some(m) = re.find_iter(file.text).find(|m| file.in_code(m.start()))
        {
            let kind = if info.role == Role::Test {
                "test file"
            } else {
                "in-file test module"
            };
            hits.push(file.evidence_at(m.start(), kind));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let mut evidence: Vec<Evidence> = vec![];
        let mut placeholders: Vec<Finding> = vec![];
        for h in hits {
            match h {
                Hit::Evidence(e) => evidence.push(e.clone()),
                Hit::Finding(f) => placeholders.push(f.clone()),
                Hit::Fact { .. } => {}
            }
        }
        // A placeholder script is a finding only when its package has no JS/TS test file.
        let untested: Vec<Finding> = placeholders
            .into_iter()
            .filter(|f| {
                let pkg = dir_of(&f.location.path);
                !evidence.iter().any(|e| {
                    let p = &e.location.path;
                    Lang::from_path(p).is_some_and(Lang::is_js_family) && (pkg.is_empty() || p.starts_with(&format!("{pkg}/")))
                })
            })
            .collect();
        let count = evidence.len();
        if count == 0 {
            return Outcome::fail(self.meta.fail_message.clone(), untested);
        }
        if !untested.is_empty() {
            return Outcome::fail("a package declares npm's placeholder test script and has no tests", untested);
        }
        evidence.truncate(MAX_EVIDENCE);
        Outcome::pass(format!("{count} test file(s) found"), evidence)
    }
}
