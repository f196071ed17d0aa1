//! `ci-runs-tests`: some CI job actually runs the test suite.
//!
//! **Why**: a pipeline that only installs, lints or builds lets a change that breaks behaviour
//! merge with a green check mark; the tests exist but nothing makes them gate the merge.
//!
//! **Passes**: a command in a CI file invokes a test runner — `pytest`, `python -m pytest`,
//! `tox`/`nox` (not a lint-only env), `manage.py test`, `npm test`/`npm run test`/`yarn test`/
//! `pnpm test`/`bun test`, `jest`, `vitest`, `mocha`, `cargo test`/`nextest`, `go test`,
//! `mvn test|verify|package|install` (without `-DskipTests`), `gradle test|check|build` (without
//! `-x test`), `make test|check`, `just test`, `rake`/`rspec`, `dotnet test`, `mix test`, … —
//! directly, behind wrappers (`poetry run`, `uv run`, `npx`, `bundle exec`, `docker compose run`,
//! `bash -c`), or one or two hops away: a script the step runs (`./scripts/ci.sh`), a Makefile or
//! justfile target (`make ci` → its recipe and prerequisites), a package.json script
//! (`npm run ci` → `jest`), a local composite action. Travis CI's language default (`npm test`
//! for node_js, `rake` for Ruby, …) counts when the file sets no `script:`.
//!
//! **Fails**: nothing does. Names do not count — a job *called* "pytest" that runs `ruff check .`
//! runs no tests — and npm's placeholder `"test": "echo \"Error: no test specified\" && exit 1"`
//! is not a test suite:
//!
//! ```yaml
//! jobs:
//!   pytest:                       # only a name
//!     steps:
//!       - run: pip install pytest ruff
//!       - run: ruff check .
//! ```

mod facts;
mod hops;
mod names;
mod runners;
mod shell;

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

use facts::{fact, is_script_file, scan_jenkinsfile, scan_justfile, scan_makefile, scan_package_json, scan_travis, travis_default};
use hops::{Index, ev};
use shell::{clean_line, normalize_path, short};

/// Lines kept per script file for hops.
const MAX_SCRIPT_LINES: usize = 400;
/// CI commands shown as evidence.
const MAX_PROOFS: usize = 5;

static CIRCLE_ORB_TEST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*-\s*["']?([\w-]+/(?:test|tests|run-tests?|unit-tests?))["']?\s*:?\s*$"#).expect("static regex"));
static LOCAL_ACTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*(?:-\s*)?uses:\s*["']?\./([^"'\s@#]+)"#).expect("static regex"));

pub struct CiRunsTests {
    meta: RuleMeta,
}

impl CiRunsTests {
    pub fn new() -> CiRunsTests {
        CiRunsTests {
            meta: RuleMeta {
                id: "ci-runs-tests".into(),
                category: Category::Deployment,
                severity: Severity::High,
                title: "CI runs the test suite".into(),
                rationale: "A pipeline that only installs, lints or builds lets a change that breaks behaviour merge \
                            with a green check: the tests exist, but nothing makes them gate the merge."
                    .into(),
                detection: "Reads the commands CI files run (GitHub Actions `run:`, GitLab/Travis `script:`, CircleCI \
                            `run`, Jenkins `sh`, Azure/Bitbucket/Drone/Buildkite/Woodpecker steps) and looks for a \
                            test runner: pytest, python -m pytest/unittest, tox/nox (not lint-only envs), manage.py \
                            test, npm/yarn/pnpm test, bun test, jest, vitest, mocha, playwright test, cargo \
                            test/nextest, go test/gotestsum, mvn test/verify/package/install (no -DskipTests), gradle \
                            test/check/build (no -x test), make test/check, just test, rake/rspec/rails test, dotnet \
                            test, mix test, phpunit, ctest, bazel test, … Wrappers are looked through (poetry/uv/pdm \
                            run, npx, bundle exec, docker compose run, bash -c, env assignments). Up to two hops are \
                            followed: scripts the step runs (scripts/, script/, ci/, bin/, .github/, *.sh), \
                            Makefile/justfile targets (recipes and prerequisites), package.json scripts, local \
                            composite actions; a hop target named like a test (`test`, `test:unit`, `run_tests.sh`) \
                            counts unless it is npm's placeholder or only lints. Travis's language default counts \
                            when no `script:` is set. Job and step names never count."
                    .into(),
                applies_to: vec!["ci".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "yaml".into(),
                        snippet: "# .github/workflows/ci.yml\nsteps:\n  - uses: actions/checkout@v4\n  - run: make test".into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "yaml".into(),
                        snippet: "steps:\n  - run: pip install -r requirements.txt -r requirements-dev.txt\n  - run: pytest -q".into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "yaml".into(),
                        snippet: "steps:\n  - run: python manage.py test --parallel".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "yaml".into(),
                        snippet: "# package.json: \"test\": \"jest --ci\"\nsteps:\n  - run: npm ci\n  - run: npm test".into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "yaml".into(),
                        snippet: "steps:\n  - run: go test -race ./...".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "yaml".into(),
                        snippet: "steps:\n  - run: cargo test --locked --all-features".into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "yaml".into(),
                        snippet: "steps:\n  - run: ./mvnw -B verify".into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "CI runs the tests".into(),
                fail_message: "no CI command runs the tests".into(),
            },
        }
    }
}

impl Rule for CiRunsTests {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role == Role::Example {
            return;
        }
        let path = file.path();
        let name = info.name();
        let lower = name.to_ascii_lowercase();
        if let Some(provider) = crate::index::ci::provider(path) {
            match provider {
                "jenkins" => scan_jenkinsfile(file, hits),
                "travis" => scan_travis(file, hits),
                "circleci" => {
                    for c in CIRCLE_ORB_TEST.captures_iter(file.text) {
                        if let Some(m) = c.get(1) {
                            let (line, _) = file.line_col(m.start());
                            hits.push(fact("ci-cmd", format!("orb:{}", m.as_str()), path, line));
                        }
                    }
                }
                "github-actions" => {
                    for c in LOCAL_ACTION.captures_iter(file.text) {
                        if let Some(m) = c.get(1) {
                            let (line, _) = file.line_col(m.start());
                            hits.push(fact("gha-uses", normalize_path(m.as_str()), path, line));
                        }
                    }
                }
                _ => {}
            }
            return;
        }
        if matches!(lower.as_str(), "makefile" | "gnumakefile") || lower.ends_with(".mk") {
            scan_makefile(file, hits);
        } else if lower == "justfile" || lower == ".justfile" {
            scan_justfile(file, hits);
        } else if name == "package.json" {
            scan_package_json(file, hits);
        } else if is_script_file(path) && info.size <= 256 * 1024 {
            // One fact per script, its lines as `number\ttext\n`: a hit per line cost a copy of
            // the path per line, for every script in the tree, when CI calls a few of them.
            let mut body = String::new();
            let mut kept = 0;
            for (i, line) in file.text.lines().enumerate().take(MAX_SCRIPT_LINES * 4) {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') || t.starts_with("::") || t.starts_with("REM ") || t.len() > 400 {
                    continue;
                }
                if kept == MAX_SCRIPT_LINES {
                    break;
                }
                kept += 1;
                body.push_str(&format!("{}\t{t}\n", i + 1));
            }
            if !body.is_empty() {
                hits.push(fact("script", body, path, 1));
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let mut index = Index {
            project,
            targets: BTreeMap::new(),
            recipes: BTreeMap::new(),
            scripts: BTreeMap::new(),
            npm_lines: BTreeMap::new(),
        };
        let mut extra_cmds: Vec<(Location, String)> = vec![];
        let mut local_actions: Vec<(Location, String)> = vec![];
        let ci_role = |path: &str| !matches!(crate::paths::classify(path), Role::Example | Role::Test);
        for h in hits {
            let Hit::Fact { tag, value, location } = h else { continue };
            match tag.as_str() {
                "target" | "recipe" => {
                    let mut parts = value.splitn(3, '\t');
                    let (Some(tool), Some(name), Some(rest)) = (parts.next(), parts.next(), parts.next()) else {
                        continue;
                    };
                    let map = if tag == "target" { &mut index.targets } else { &mut index.recipes };
                    map.entry((tool.to_string(), name.to_string()))
                        .or_default()
                        .push((location.clone(), rest.to_string()));
                }
                "script" => {
                    let lines = index.scripts.entry(location.path.clone()).or_default();
                    for entry in value.split('\n') {
                        if let Some((n, text)) = entry.split_once('\t')
                            && let Ok(n) = n.parse::<usize>()
                            && lines.len() < MAX_SCRIPT_LINES
                        {
                            lines.push((n, text.to_string()));
                        }
                    }
                }
                "npm-line" => {
                    index
                        .npm_lines
                        .entry((location.path.clone(), value.clone()))
                        .or_insert(location.line);
                }
                "ci-cmd" if ci_role(&location.path) => extra_cmds.push((location.clone(), value.clone())),
                "gha-uses" if ci_role(&location.path) => local_actions.push((location.clone(), value.clone())),
                _ => {}
            }
        }
        // Root files first, so a root Makefile wins over a nested one of the same target name.
        for defs in index.targets.values_mut().chain(index.recipes.values_mut()) {
            defs.sort_by_key(|(l, _)| (l.path.matches('/').count(), l.path.clone(), l.line));
        }
        let ci_files: Vec<&crate::index::ci::CiFile> = project.ci.iter().filter(|c| ci_role(&c.path)).collect();
        let mut commands: Vec<(Location, String, String)> = vec![];
        for c in &ci_files {
            for (line, cmd) in &c.commands {
                let loc = Location {
                    path: c.path.clone(),
                    line: *line,
                    column: 1,
                };
                commands.push((loc, cmd.clone(), format!("CI runs `{}`", short(cmd))));
            }
        }
        for (loc, value) in extra_cmds {
            if let Some(lang) = value.strip_prefix("travis-default:") {
                if let Some(cmd) = travis_default(lang, project) {
                    let label = format!("Travis runs `{cmd}` by default for `language: {lang}`");
                    commands.push((loc, cmd, label));
                }
            } else if let Some(job) = value.strip_prefix("orb:") {
                commands.push((loc, format!("orb:{job}"), format!("CircleCI orb job `{job}` runs the tests")));
            } else {
                let label = format!("CI runs `{}`", short(&value));
                commands.push((loc, value, label));
            }
        }
        commands.sort();
        commands.dedup();

        let mut evidence: Vec<Evidence> = vec![];
        let mut first: Option<(String, String)> = None;
        let mut proofs = 0;
        for (loc, cmd, label) in &commands {
            let proof = if cmd.starts_with("orb:") {
                Some(vec![])
            } else {
                index.command(cmd, "ci", 0)
            };
            if let Some(proof) = proof {
                evidence.push(Evidence {
                    location: loc.clone(),
                    message: label.clone(),
                });
                evidence.extend(proof);
                first.get_or_insert_with(|| (short(cmd), loc.path.clone()));
                proofs += 1;
                if proofs >= MAX_PROOFS {
                    break;
                }
            }
        }
        for (loc, action) in &local_actions {
            if proofs >= MAX_PROOFS {
                break;
            }
            {
                let dir = action.trim_end_matches('/');
                let lines = ["action.yml", "action.yaml"]
                    .iter()
                    .find_map(|n| index.scripts.get(&format!("{dir}/{n}")).map(|l| (format!("{dir}/{n}"), l)));
                let Some((apath, lines)) = lines else { continue };
                if let Some((line, text, proof)) = lines.iter().find_map(|(l, t)| index.command(t, "yaml", 1).map(|p| (*l, t, p))) {
                    evidence.push(Evidence {
                        location: loc.clone(),
                        message: format!("CI uses the local action `./{dir}`"),
                    });
                    evidence.push(ev(&apath, line, format!("`{apath}` runs `{}`", short(&clean_line(text, "yaml")))));
                    evidence.extend(proof);
                    first.get_or_insert_with(|| (format!("./{dir}"), loc.path.clone()));
                    proofs += 1;
                }
            }
        }
        if let Some((cmd, path)) = first {
            return Outcome::pass(format!("CI runs the tests: `{cmd}` in {path}"), evidence);
        }
        let mut names: Vec<&str> = ci_files.iter().map(|c| c.path.as_str()).collect();
        names.dedup();
        if names.is_empty() {
            return Outcome::not_applicable("no CI configuration outside tests and examples");
        }
        let listed = if names.len() > 5 {
            format!("{} and {} more", names[..5].join(", "), names.len() - 5)
        } else {
            names.join(", ")
        };
        Outcome::fail(format!("{} (checked {listed})", self.meta.fail_message), vec![])
    }
}
