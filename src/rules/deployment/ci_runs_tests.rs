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

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// How many hops (script, make target, npm script) are followed from a CI command.
const MAX_DEPTH: usize = 2;
/// Lines kept per script file for hops.
const MAX_SCRIPT_LINES: usize = 400;
/// CI commands shown as evidence.
const MAX_PROOFS: usize = 5;

static JENKINS_STEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(?:'''((?s:.*?))'''|"""((?s:.*?))"""|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")"#,
    )
    .expect("static regex")
});
static CIRCLE_ORB_TEST: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*-\s*["']?([\w-]+/(?:test|tests|run-tests?|unit-tests?))["']?\s*:?\s*$"#).expect("static regex"));
static LOCAL_ACTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?m)^\s*(?:-\s*)?uses:\s*["']?\./([^"'\s@#]+)"#).expect("static regex"));
static SCRIPTS_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""scripts"\s*:\s*\{"#).expect("static regex"));
static MAKE_VAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]").expect("static regex"));

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

// ---------------------------------------------------------------------------------------------
// Scan: facts for hops (scripts, Makefile/justfile targets, package.json script lines) and CI
// commands the shared CI index does not see (one-line Jenkins steps, Travis defaults, orbs).

const SCRIPT_DIRS: &str = "scripts script ci .ci bin .github tools hack .circleci .buildkite .gitlab";
const SCRIPT_EXTS: &[&str] = &[".sh", ".bash", ".zsh", ".ps1", ".bat", ".cmd"];

fn is_script_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if SCRIPT_EXTS.iter().any(|e| name.ends_with(e)) {
        return true;
    }
    let in_dir = lower.split('/').rev().skip(1).any(|d| one_of(SCRIPT_DIRS, d));
    in_dir && (!name.contains('.') || (lower.starts_with(".github/") && (name == "action.yml" || name == "action.yaml")))
}

fn fact(tag: &str, value: String, path: &str, line: usize) -> Hit {
    Hit::Fact {
        tag: tag.to_string(),
        value,
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
    }
}

/// Makefile rules: (line, targets, prerequisites, inline recipe), and recipe lines per rule.
fn scan_makefile(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let path = ctx.path();
    let mut current: Vec<String> = vec![];
    let mut in_define = false;
    for (i, raw) in ctx.text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim();
        if in_define {
            in_define = trimmed != "endef";
            continue;
        }
        if raw.starts_with('\t') {
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                for t in &current {
                    hits.push(fact("recipe", format!("make\t{t}\t{trimmed}"), path, line_no));
                }
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("define ") || trimmed == "define" {
            in_define = true;
            current.clear();
            continue;
        }
        current.clear();
        let Some(colon) = trimmed.find(':') else { continue };
        let (head, rest) = trimmed.split_at(colon);
        let rest = rest.trim_start_matches(':');
        if head.contains('=') || rest.starts_with('=') || head.trim().is_empty() {
            continue;
        }
        let rest = rest.split('#').next().unwrap_or("");
        let (prereqs, inline) = match rest.split_once(';') {
            Some((p, r)) => (p, Some(r.trim())),
            None => (rest, None),
        };
        if prereqs.contains('=') {
            continue;
        }
        let targets: Vec<String> = head
            .split_whitespace()
            .filter(|t| !t.starts_with('.') && !t.contains('%'))
            .map(str::to_string)
            .collect();
        for t in &targets {
            hits.push(fact("target", format!("make\t{t}\t{}", prereqs.trim()), path, line_no));
            if let Some(cmd) = inline.filter(|c| !c.is_empty()) {
                hits.push(fact("recipe", format!("make\t{t}\t{cmd}"), path, line_no));
            }
        }
        current = targets;
    }
}

/// justfile recipes: `name args: deps` headers and their indented bodies.
fn scan_justfile(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let path = ctx.path();
    let mut current: Option<String> = None;
    for (i, raw) in ctx.text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if let Some(t) = &current {
                hits.push(fact("recipe", format!("just\t{t}\t{trimmed}"), path, i + 1));
            }
            continue;
        }
        current = None;
        if trimmed.starts_with('[') || trimmed.starts_with("set ") || trimmed.starts_with("alias ") || trimmed.starts_with("import ") {
            continue;
        }
        let Some(colon) = trimmed.find(':') else { continue };
        let (head, rest) = trimmed.split_at(colon);
        if rest.starts_with(":=") || head.contains('=') && !head.contains(' ') {
            continue;
        }
        let name = head.trim_start_matches('@').split_whitespace().next().unwrap_or("");
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let deps = rest.trim_start_matches(':').trim();
        hits.push(fact("target", format!("just\t{name}\t{deps}"), path, i + 1));
        current = Some(name.to_string());
    }
}

/// Lines of `"name": "…"` entries inside package.json's `scripts` object.
fn scan_package_json(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(start) = SCRIPTS_KEY.find(ctx.text).map(|m| m.start()) else {
        return;
    };
    let mut depth = 0i32;
    let mut offset = start;
    for line in ctx.text[start..].split_inclusive('\n') {
        let t = line.trim();
        if depth == 1
            && let Some(rest) = t.strip_prefix('"')
            && let Some(end) = rest.find('"')
        {
            let (l, _) = ctx.line_col(offset);
            hits.push(fact("npm-line", rest[..end].to_string(), ctx.path(), l));
        }
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        offset += line.len();
        if depth <= 0 && line.contains('}') {
            break;
        }
    }
}

/// Commands in a Jenkinsfile's `sh`/`bat` steps, including one-line and triple-quoted blocks.
fn scan_jenkinsfile(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    for c in JENKINS_STEP.captures_iter(ctx.text) {
        let Some(body) = (1..=4).find_map(|i| c.get(i)) else { continue };
        let (start_line, _) = ctx.line_col(body.start());
        if ctx.line_text(start_line).trim_start().starts_with("//") {
            continue;
        }
        for (n, l) in body.as_str().lines().enumerate() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                hits.push(fact("ci-cmd", l.to_string(), ctx.path(), start_line + n));
            }
        }
    }
}

/// Travis runs a language default when `script:` is not set.
fn scan_travis(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(doc) = ctx.yaml().and_then(|d| d.first()) else { return };
    let Some(map) = doc.as_object() else { return };
    if map.contains_key("script") {
        return;
    }
    let lang = match map.get("language") {
        Some(serde_json::Value::String(s)) => s.to_ascii_lowercase(),
        _ => return,
    };
    let line = ctx.text.find("language").map(|i| ctx.line_col(i).0).unwrap_or(1);
    hits.push(fact("ci-cmd", format!("travis-default:{lang}"), ctx.path(), line));
}

// ---------------------------------------------------------------------------------------------
// Command analysis.

/// What a command segment does, as far as tests are concerned.
#[derive(Debug, PartialEq)]
enum Run {
    /// Runs a test runner directly.
    Direct(String),
    /// Runs a package.json script.
    Npm(String),
    /// Runs Makefile targets (empty: the default target).
    Make(Vec<String>),
    /// Runs justfile recipes (empty: the default recipe).
    Just(Vec<String>),
    /// Runs a script file at this path.
    Script(String),
    /// Runs a task by name that cannot be resolved (`task test`, `composer test`).
    Named(String),
}

/// True when `word` is one of the space-separated words of `list`.
fn one_of(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

fn basename(tok: &str) -> String {
    let t = tok.replace('\\', "/");
    let b = t.rsplit('/').next().unwrap_or(&t).to_ascii_lowercase();
    b.strip_suffix(".exe")
        .or_else(|| b.strip_suffix(".cmd"))
        .or_else(|| b.strip_suffix(".bat"))
        .unwrap_or(&b)
        .to_string()
}

fn is_assignment(tok: &str) -> bool {
    match tok.split_once('=') {
        Some((k, _)) => !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        None => false,
    }
}

/// Names that say "this is the test suite": `test`, `tests`, `test:unit`, `run_tests`, `e2e`, `check`.
fn test_ish(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let lower = lower.trim_start_matches(['+', ':']);
    if lower == "check" || lower == "ci-test" {
        return true;
    }
    let stem = lower.rsplit('/').next().unwrap_or(lower);
    let stem = stem.split('.').next().unwrap_or(stem);
    const NOT: &str = "latest attest contest protest greatest fastest smallest manifest";
    stem.split([':', '-', '_', ' ']).any(|seg| {
        !one_of(NOT, seg)
            && (seg.starts_with("test")
                || seg.ends_with("test")
                || seg.ends_with("tests")
                || seg == "spec"
                || seg == "specs"
                || matches!(seg, "e2e" | "integration" | "coverage" | "cov" | "pytest" | "jest" | "vitest"))
    })
}

/// Tox/nox environments that only lint, type-check, format or build.
fn lint_env(env: &str) -> bool {
    const LINT: &str = "lint linters linting flake8 pylint mypy type types typing typecheck format fmt style docs doc pre-commit precommit build pkg packaging release bandit safety audit isort black ruff check-manifest readme spell codespell clean pyright security";
    one_of(LINT, &env.trim().to_ascii_lowercase())
}

/// Heads whose segment only lints, formats, type-checks or echoes.
fn lint_or_noop(tokens: &[String]) -> bool {
    let Some(head) = tokens.first().map(|t| basename(t)) else {
        return true;
    };
    let sub = tokens.get(1).map(|s| s.to_ascii_lowercase()).unwrap_or_default();
    one_of(
        "eslint prettier tsc tslint stylelint biome xo standard ruff flake8 black isort mypy pylint pyright pyflakes pycodestyle bandit golangci-lint gofmt goimports staticcheck revive rustfmt shellcheck hadolint markdownlint yamllint echo true exit : printf lint-staged",
        &head,
    ) || (head == "go" && matches!(sub.as_str(), "vet" | "fmt"))
        || (head == "cargo" && matches!(sub.as_str(), "clippy" | "fmt" | "check" | "build"))
        || (head == "next" && sub == "lint")
}

/// Splits a command line into segments at `&&`, `||`, `;`, `|` and newlines, and each segment into
/// tokens with quotes removed.
fn segments(cmd: &str) -> Vec<Vec<String>> {
    let mut out = vec![];
    for part in cmd.split(['\n', ';', '|', '&']) {
        let tokens: Vec<String> = part
            .split_whitespace()
            .map(|t| {
                t.trim_matches(|c| c == '"' || c == '\'' || c == '`' || c == '(' || c == ')')
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect();
        if !tokens.is_empty() {
            out.push(tokens);
        }
    }
    out
}

/// Positional arguments (flags and `-x value` pairs for the given value flags skipped).
fn positionals<'t>(tokens: &'t [String], value_flags: &[&str]) -> Vec<&'t str> {
    let mut out = vec![];
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        if t == "--" {
            i += 1;
            continue;
        }
        if t.starts_with('-') {
            if value_flags.contains(&t) {
                i += 1;
            }
        } else if !is_assignment(t) {
            out.push(t);
        }
        i += 1;
    }
    out
}

const WRAPPERS: &str = "sudo time exec nice nohup env command builtin then do else if while until ! { xvfb-run stdbuf dotenv cross-env with-contenv npx pnpx bunx uvx nyc c8 retry";

const KNOWN_HEADS: &str = "pytest py.test python python3 py tox nox npm yarn pnpm bun jest vitest mocha go cargo mvn mvnw gradle gradlew make just rake rspec rails dotnet mix bash sh";

/// Classifies one segment (tokens) of a command.
fn classify(tokens: &[String]) -> Option<Run> {
    let mut i = 0;
    // Peel wrappers, environment assignments and runners off the front.
    loop {
        let t = tokens.get(i)?;
        let b = basename(t);
        if t == "-m" {
            // `coverage run -m pytest`: the module is the command.
            i += 1;
            continue;
        }
        if is_assignment(t) || t == "export" {
            if t == "export" {
                return None;
            }
            i += 1;
            continue;
        }
        if one_of(WRAPPERS, &b) {
            i += 1;
            while tokens.get(i).is_some_and(|t| t.starts_with('-') || is_assignment(t)) {
                i += 1;
            }
            continue;
        }
        if b == "timeout" {
            i += 1;
            while tokens.get(i).is_some_and(|t| t.starts_with('-')) {
                i += 1;
            }
            i += 1;
            continue;
        }
        let sub = tokens.get(i + 1).map(|s| s.to_ascii_lowercase()).unwrap_or_default();
        let runner = match (b.as_str(), sub.as_str()) {
            ("poetry" | "uv" | "pipenv" | "rye" | "pipx" | "conda" | "micromamba" | "doppler" | "op", "run")
            | ("bundle", "exec")
            | ("npm" | "pnpm" | "yarn", "exec" | "dlx")
            | ("direnv", "exec") => true,
            ("pdm" | "hatch", "run") => {
                // `pdm run <script>` may name a project script rather than a command.
                let next = tokens.get(i + 2).map(|s| basename(s)).unwrap_or_default();
                if !one_of(KNOWN_HEADS, &next) && !["jest", "vitest", "mocha"].contains(&next.as_str()) {
                    return tokens.get(i + 2).map(|n| Run::Named(n.clone()));
                }
                true
            }
            ("coverage", "run") => true,
            _ => false,
        };
        if runner {
            i += 2;
            if b == "direnv" {
                i += 1;
            }
            while let Some(t) = tokens.get(i) {
                if t == "-n" || t == "--name" || t == "-p" || t == "--prefix" {
                    i += 2;
                } else if t.starts_with('-') && t != "-m" {
                    i += 1;
                } else {
                    break;
                }
            }
            continue;
        }
        if matches!(b.as_str(), "docker" | "docker-compose" | "podman") && tokens[i..].iter().any(|t| t == "run" || t == "exec") {
            // The command inside the container: from the first known runner on.
            let start = tokens[i + 1..]
                .iter()
                .position(|t| one_of(KNOWN_HEADS, &basename(t)) || is_direct(&basename(t)));
            match start {
                Some(p) => {
                    i = i + 1 + p;
                    continue;
                }
                None => return None,
            }
        }
        if matches!(b.as_str(), "bash" | "sh" | "zsh" | "dash" | "pwsh" | "powershell") {
            i += 1;
            while let Some(t) = tokens.get(i) {
                if t == "-c" || t == "-Command" || t == "-command" {
                    i += 1;
                    break;
                }
                if t.starts_with('-') {
                    i += 1;
                } else {
                    return Some(Run::Script(normalize_path(t)));
                }
            }
            continue;
        }
        if b.starts_with("python") || b == "py" {
            i += 1;
            while let Some(t) = tokens.get(i) {
                if t == "-m" {
                    let module = tokens.get(i + 1)?.to_ascii_lowercase();
                    return match module.as_str() {
                        "pytest" | "unittest" | "nose2" | "nose" | "green" | "tox" | "nox" => {
                            if matches!(module.as_str(), "tox" | "nox") {
                                return tox_like(&module, &tokens[i + 2..]);
                            }
                            Some(Run::Direct(format!("python -m {module}")))
                        }
                        "django" if tokens.get(i + 2).is_some_and(|s| s == "test") => Some(Run::Direct("django test".into())),
                        "coverage" if tokens.get(i + 2).is_some_and(|s| s == "run") => classify(&tokens[i + 3..]),
                        _ => None,
                    };
                }
                if t.starts_with('-') {
                    i += 1;
                    continue;
                }
                let script = basename(t);
                let arg = tokens.get(i + 1).map(|s| s.as_str()).unwrap_or("");
                if (script == "manage.py" || script == "setup.py") && arg == "test" {
                    return Some(Run::Direct(format!("{script} test")));
                }
                if test_ish(&script) {
                    return Some(Run::Direct(format!("python {t}")));
                }
                return None;
            }
            return None;
        }
        break;
    }
    let rest = &tokens[i..];
    let head = basename(rest.first()?);
    let args: Vec<String> = rest[1..].to_vec();
    let lower_args: Vec<String> = args.iter().map(|a| a.to_ascii_lowercase()).collect();
    let first = lower_args.first().map(String::as_str).unwrap_or("");
    let has = |s: &str| lower_args.iter().any(|a| a == s);
    let cmd = || format!("{} {}", head, args.join(" ")).trim().to_string();
    match head.as_str() {
        "test" | "[" | "[[" => None,
        h if is_direct(h) => {
            if has("--version") || has("--help") || has("--collect-only") || has("--co") || has("--list") {
                return None;
            }
            Some(Run::Direct(cmd()))
        }
        "tox" | "nox" => tox_like(&head, &args),
        "npm" => {
            let pos = positionals(&args, &["--prefix", "-C", "-w", "--workspace", "--cwd"]);
            match pos.first().copied() {
                Some("test" | "t" | "tst" | "cit" | "install-test" | "install-ci-test" | "it") => Some(Run::Npm("test".into())),
                Some("run" | "run-script" | "rum" | "urn") => pos.get(1).map(|s| Run::Npm(s.to_string())),
                _ => None,
            }
        }
        "yarn" => {
            const BUILTIN: &str = "add audit autoclean bin cache check config create dedupe dlx exec explain global help import info init install licenses link list login logout node npm outdated owner pack plugin policies publish rebuild remove set tag team unlink unplug upgrade upgrade-interactive up version versions why constraints";
            let pos = positionals(&args, &["--cwd", "-C"]);
            match pos.first().copied() {
                Some("run") => pos.get(1).map(|s| Run::Npm(s.to_string())),
                Some("workspaces" | "workspace") => {
                    let after = pos.iter().position(|p| *p == "run").map(|p| p + 1).unwrap_or(2);
                    pos.get(after).map(|s| Run::Npm(s.to_string()))
                }
                Some(s) if !one_of(BUILTIN, s) => Some(Run::Npm(s.to_string())),
                _ => None,
            }
        }
        "pnpm" => {
            const BUILTIN: &str = "add install i update up remove rm link unlink import rebuild prune fetch patch audit list ls outdated why publish pack store env setup init deploy server config create licenses approve-builds doctor exec dlx";
            let pos = positionals(&args, &["--filter", "-F", "-C", "--dir", "--prefix", "-w", "--workspace"]);
            match pos.first().copied() {
                Some("test" | "t") => Some(Run::Npm("test".into())),
                Some("run" | "run-script") => pos.get(1).map(|s| Run::Npm(s.to_string())),
                Some(s) if !one_of(BUILTIN, s) => Some(Run::Npm(s.to_string())),
                _ => None,
            }
        }
        "bun" => {
            const BUILTIN: &str = "install i add remove update x build pm init create upgrade link publish outdated";
            let pos = positionals(&args, &["--cwd"]);
            match pos.first().copied() {
                Some("test") => Some(Run::Direct(cmd())),
                Some("run") => pos
                    .get(1)
                    .filter(|s| !s.contains('.') && !s.contains('/'))
                    .map(|s| Run::Npm(s.to_string())),
                Some(s) if !one_of(BUILTIN, s) && !s.contains('.') && !s.contains('/') => Some(Run::Npm(s.to_string())),
                _ => None,
            }
        }
        "deno" => match first {
            "test" => Some(Run::Direct(cmd())),
            "task" => args.get(1).map(|s| Run::Named(s.clone())),
            _ => None,
        },
        "node" => {
            if has("--test") {
                return Some(Run::Direct(cmd()));
            }
            let script = positionals(&args, &["-r", "--require", "--import", "--loader"])
                .first()
                .map(|s| basename(s))?;
            test_ish(&script).then(|| Run::Direct(cmd()))
        }
        "nx" | "turbo" | "lerna" | "npm-run-all" | "run-s" | "run-p" | "wireit" | "moon" => lower_args
            .iter()
            .any(|a| {
                test_ish(
                    a.trim_start_matches("--target=")
                        .trim_start_matches("--targets=")
                        .trim_start_matches("-t="),
                )
            })
            .then(|| Run::Direct(cmd())),
        "playwright" => (first == "test").then(|| Run::Direct(cmd())),
        "cypress" => (first == "run").then(|| Run::Direct(cmd())),
        "ng" | "react-scripts" | "vue-cli-service" | "craco" => test_ish(first).then(|| Run::Direct(cmd())),
        "cargo" | "cross" => {
            if has("--no-run") {
                return None;
            }
            let pos: Vec<&str> = positionals(
                &args,
                &[
                    "-p",
                    "--package",
                    "--manifest-path",
                    "--features",
                    "-F",
                    "--target",
                    "-j",
                    "--jobs",
                    "--profile",
                ],
            )
            .into_iter()
            .filter(|p| !p.starts_with('+'))
            .collect();
            match pos.first().copied() {
                Some("test" | "t" | "nextest" | "tarpaulin" | "miri" | "careful") => Some(Run::Direct(cmd())),
                Some("llvm-cov") => (!matches!(pos.get(1).copied(), Some("report" | "clean" | "show-env"))).then(|| Run::Direct(cmd())),
                Some("hack" | "insta" | "all-features" | "workspaces") => {
                    pos.iter().any(|p| *p == "test" || *p == "nextest").then(|| Run::Direct(cmd()))
                }
                Some("make") => pos.get(1).map(|s| Run::Named(s.to_string())),
                _ => None,
            }
        }
        "go" | "richgo" => match first {
            "test" => Some(Run::Direct(cmd())),
            "run" => lower_args
                .iter()
                .any(|a| a.contains("gotestsum") || a.contains("ginkgo"))
                .then(|| Run::Direct(cmd())),
            _ => None,
        },
        "mvn" | "mvnw" | "mvnd" => {
            if lower_args.iter().any(|a| {
                a.starts_with("-dskiptests") && !a.ends_with("=false") || a.starts_with("-dmaven.test.skip") && !a.ends_with("=false")
            }) {
                return None;
            }
            let phases = [
                "test",
                "verify",
                "install",
                "package",
                "deploy",
                "integration-test",
                "surefire:test",
                "failsafe:integration-test",
            ];
            lower_args.iter().any(|a| phases.contains(&a.as_str())).then(|| Run::Direct(cmd()))
        }
        "gradle" | "gradlew" => {
            let excluded = lower_args
                .windows(2)
                .any(|w| (w[0] == "-x" || w[0] == "--exclude-task") && (w[1].ends_with("test") || w[1] == "check"));
            let runs = positionals(&args, &["-x", "--exclude-task", "-p", "--project-dir", "-b", "--build-file", "-D"])
                .iter()
                .any(|t| {
                    let task = t.rsplit(':').next().unwrap_or(t).to_ascii_lowercase();
                    task.ends_with("test") || task.ends_with("tests") || task == "check" || task == "build"
                });
            (runs && !excluded).then(|| Run::Direct(cmd()))
        }
        "sbt" | "lein" | "stack" | "cabal" | "mix" | "swift" | "flutter" | "dart" | "dotnet" | "meson" | "bazel" | "bazelisk" | "buck"
        | "buck2" | "pants" | "zig" | "ninja" | "rails" | "composer" | "hatch" | "rye" => {
            if lower_args.iter().any(|a| test_ish(a)) {
                Some(Run::Direct(cmd()))
            } else {
                None
            }
        }
        "rake" => (args.is_empty() || lower_args.iter().any(|a| test_ish(a) || a == "default")).then(|| Run::Direct(cmd())),
        "make" | "gmake" | "mingw32-make" => {
            let targets = positionals(
                &args,
                &[
                    "-C",
                    "-f",
                    "--file",
                    "--makefile",
                    "-j",
                    "--jobs",
                    "-l",
                    "-o",
                    "-W",
                    "-I",
                    "--directory",
                ],
            );
            Some(Run::Make(targets.into_iter().map(str::to_string).collect()))
        }
        "just" => {
            let targets = positionals(&args, &["-f", "--justfile", "-d", "--working-directory", "--set"]);
            Some(Run::Just(targets.into_iter().map(str::to_string).collect()))
        }
        "task" | "mage" | "invoke" | "inv" | "poe" | "doit" | "earthly" | "dagger" | "nur" => {
            positionals(&args, &["-t", "--taskfile", "-d", "--dir"])
                .into_iter()
                .find(|p| *p != "call")
                .map(|p| Run::Named(p.trim_start_matches('+').to_string()))
        }
        _ => {
            let raw = rest[0].replace('\\', "/");
            let is_path = raw.contains('/') || SCRIPT_EXTS.iter().any(|e| raw.to_ascii_lowercase().ends_with(e));
            is_path.then(|| Run::Script(normalize_path(&raw)))
        }
    }
}

/// Test runners recognised by their command name alone.
fn is_direct(head: &str) -> bool {
    one_of(
        "pytest py.test nose2 nosetests ward jest vitest mocha ava tap tape jasmine karma uvu ts-mocha electron-mocha cucumber-js wdio testcafe web-test-runner wtr start-server-and-test gotestsum ginkgo gotest rspec cucumber phpunit pest paratest behat ctest busted prove elm-test bats cargo-nextest tarpaulin",
        head,
    )
}

fn tox_like(head: &str, args: &[String]) -> Option<Run> {
    let mut envs: Vec<String> = vec![];
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(v) = a.strip_prefix("-e").filter(|v| !v.is_empty()).or_else(|| a.strip_prefix("--env=")) {
            envs.extend(v.split(',').map(str::to_string));
        } else if matches!(a.as_str(), "-e" | "--env" | "-s" | "--session" | "--sessions" | "-m") {
            if let Some(v) = it.next() {
                envs.extend(v.split(',').map(str::to_string));
            }
        } else if a == "--" {
            break;
        }
    }
    if !envs.is_empty() && envs.iter().all(|e| lint_env(e)) {
        return None;
    }
    Some(Run::Direct(format!("{head} {}", args.join(" ")).trim().to_string()))
}

fn normalize_path(p: &str) -> String {
    let mut p = p.replace('\\', "/");
    for prefix in [
        "$GITHUB_WORKSPACE/",
        "${GITHUB_WORKSPACE}/",
        "${{ github.workspace }}/",
        "$CI_PROJECT_DIR/",
        "${CI_PROJECT_DIR}/",
        "$(pwd)/",
        "$PWD/",
    ] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest.to_string();
        }
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p.trim_start_matches('/').to_string()
}

/// Strips what surrounds a command on a line of a script, recipe or YAML hop target.
fn clean_line(line: &str, tool: &str) -> String {
    let mut l = line.trim();
    if tool == "make" || tool == "just" {
        l = l.trim_start_matches(['@', '-', '+']);
    }
    if let Some(rest) = l.strip_prefix("- ") {
        l = rest.trim();
    }
    for key in ["run:", "script:", "command:"] {
        if let Some(rest) = l.strip_prefix(key) {
            l = rest.trim();
        }
    }
    let l = l.trim_start_matches(['|', '>']).trim();
    if tool == "make" {
        return MAKE_VAR
            .replace_all(l, |c: &regex::Captures<'_>| c[1].to_ascii_lowercase())
            .into_owned();
    }
    l.to_string()
}

// ---------------------------------------------------------------------------------------------
// Resolution of hops against what the scan gathered.

struct Index<'a> {
    project: &'a Project,
    /// (tool, target) → (location, prerequisites).
    targets: BTreeMap<(String, String), Vec<(Location, String)>>,
    /// (tool, target) → recipe lines.
    recipes: BTreeMap<(String, String), Vec<(Location, String)>>,
    /// script path → lines.
    scripts: BTreeMap<String, Vec<(usize, String)>>,
    /// (package.json path, script name) → line.
    npm_lines: BTreeMap<(String, String), usize>,
}

fn ev(path: &str, line: usize, message: String) -> Evidence {
    Evidence {
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
        message,
    }
}

/// A command without a trailing shell comment (` # …`).
fn strip_comment(s: &str) -> &str {
    s.split(" #").next().unwrap_or(s).trim()
}

fn short(s: &str) -> String {
    let s = strip_comment(s);
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s.to_string()
    }
}

impl Index<'_> {
    /// Proof that a command line runs tests: evidence for the hops taken (empty for a direct run).
    fn command(&self, cmd: &str, tool: &str, depth: usize) -> Option<Vec<Evidence>> {
        let cleaned = clean_line(strip_comment(cmd), tool);
        if cleaned.contains("no test specified") {
            return None;
        }
        segments(&cleaned).iter().find_map(|seg| self.run(&classify(seg)?, depth))
    }

    /// Whether every segment of a body only lints or echoes (a placeholder, not a test suite).
    fn trivial(body: &[String], tool: &str) -> bool {
        body.iter().all(|l| {
            let c = clean_line(l, tool);
            c.contains("no test specified") || segments(&c).iter().all(|s| lint_or_noop(s))
        })
    }

    fn run(&self, run: &Run, depth: usize) -> Option<Vec<Evidence>> {
        match run {
            Run::Direct(_) => Some(vec![]),
            Run::Named(name) => test_ish(name).then(Vec::new),
            Run::Npm(name) => self.npm(name, depth),
            Run::Make(targets) => self.targets("make", targets, depth),
            Run::Just(targets) => self.targets("just", targets, depth),
            Run::Script(path) => self.script(path, depth),
        }
    }

    fn npm(&self, name: &str, depth: usize) -> Option<Vec<Evidence>> {
        let mut manifests: Vec<_> = self
            .project
            .manifests_of(crate::index::manifests::Ecosystem::Npm)
            .filter(|m| m.path.ends_with("package.json"))
            .collect();
        if manifests.is_empty() {
            return test_ish(name).then(Vec::new);
        }
        manifests.sort_by_key(|m| (m.path.matches('/').count(), m.path.clone()));
        for m in manifests {
            let Some(body) = m.scripts.get(name) else { continue };
            if body.contains("no test specified") {
                continue;
            }
            let line = self.npm_lines.get(&(m.path.clone(), name.to_string())).copied().unwrap_or(0);
            let here = ev(&m.path, line, format!("`{name}` script: `{}`", short(body)));
            if depth < MAX_DEPTH
                && let Some(mut proof) = self.command(body, "npm", depth + 1)
            {
                proof.insert(0, here);
                return Some(proof);
            }
            if test_ish(name) && !Self::trivial(std::slice::from_ref(body), "npm") {
                return Some(vec![here]);
            }
        }
        None
    }

    fn targets(&self, tool: &str, targets: &[String], depth: usize) -> Option<Vec<Evidence>> {
        let names: Vec<String> = if targets.is_empty() {
            // The default target: the first one of the root Makefile / justfile.
            self.targets
                .iter()
                .filter(|((t, _), _)| t == tool)
                .flat_map(|((_, name), locs)| locs.iter().map(move |(l, _)| (l, name)))
                .filter(|(l, _)| !l.path.contains('/'))
                .min_by_key(|(l, _)| (l.path.clone(), l.line))
                .map(|(_, n)| vec![n.clone()])
                .unwrap_or_default()
        } else {
            targets.to_vec()
        };
        names.iter().find_map(|t| self.target(tool, t, depth))
    }

    fn target(&self, tool: &str, name: &str, depth: usize) -> Option<Vec<Evidence>> {
        let key = (tool.to_string(), name.to_string());
        let Some(defs) = self.targets.get(&key) else {
            return test_ish(name).then(Vec::new);
        };
        let recipe = self.recipes.get(&key).cloned().unwrap_or_default();
        let (loc, prereqs) = &defs[0];
        let here = ev(&loc.path, loc.line, format!("`{tool} {name}` target"));
        if depth < MAX_DEPTH {
            for (l, line) in &recipe {
                if let Some(mut proof) = self.command(line, tool, depth + 1) {
                    proof.insert(
                        0,
                        ev(
                            &l.path,
                            l.line,
                            format!("`{tool} {name}` runs `{}`", short(&clean_line(line, tool))),
                        ),
                    );
                    return Some(proof);
                }
            }
            for dep in defs.iter().flat_map(|(_, p)| p.split_whitespace()) {
                if dep != name
                    && let Some(mut proof) = self.target(tool, dep, depth + 1)
                {
                    proof.insert(0, here.clone());
                    return Some(proof);
                }
            }
        }
        let body: Vec<String> = recipe.iter().map(|(_, l)| l.clone()).collect();
        let has_content = !body.is_empty() || !prereqs.trim().is_empty();
        (test_ish(name) && has_content && !Self::trivial(&body, tool)).then(|| vec![here])
    }

    fn script(&self, path: &str, depth: usize) -> Option<Vec<Evidence>> {
        let found = self
            .scripts
            .iter()
            .find(|(p, _)| p.as_str() == path)
            .or_else(|| self.scripts.iter().find(|(p, _)| p.ends_with(&format!("/{path}"))));
        let stem = path.rsplit('/').next().unwrap_or(path);
        let Some((spath, lines)) = found else {
            return test_ish(stem).then(Vec::new);
        };
        if depth < MAX_DEPTH {
            for (line, text) in lines {
                if let Some(mut proof) = self.command(text, "sh", depth + 1) {
                    proof.insert(0, ev(spath, *line, format!("`{spath}` runs `{}`", short(&clean_line(text, "sh")))));
                    return Some(proof);
                }
            }
        }
        let body: Vec<String> = lines.iter().map(|(_, l)| l.clone()).collect();
        (test_ish(stem) && !body.is_empty() && !Self::trivial(&body, "sh"))
            .then(|| vec![ev(spath, 0, format!("`{spath}` is the test script"))])
    }
}

/// The command Travis runs for a language when `script:` is not set.
fn travis_default(lang: &str, project: &Project) -> Option<String> {
    let has = |name: &str| project.files.iter().any(|f| f.path == name);
    Some(
        match lang {
            "node_js" | "node" => "npm test",
            "ruby" => "rake",
            "go" => "go test ./...",
            "rust" => "cargo test",
            "php" => "phpunit",
            "elixir" => "mix test",
            "scala" => "sbt test",
            "clojure" => "lein test",
            "haskell" => "cabal test",
            "crystal" => "crystal spec",
            "perl" => "make test",
            "c" | "cpp" | "c++" => "make test",
            "java" | "android" | "groovy" | "kotlin" => {
                if has("build.gradle") || has("build.gradle.kts") {
                    "gradle check"
                } else if has("pom.xml") {
                    "mvn test"
                } else {
                    return None;
                }
            }
            _ => return None,
        }
        .to_string(),
    )
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
            for (i, line) in file.text.lines().enumerate().take(MAX_SCRIPT_LINES * 4) {
                let t = line.trim();
                if t.is_empty() || t.starts_with('#') || t.starts_with("::") || t.starts_with("REM ") || t.len() > 400 {
                    continue;
                }
                hits.push(fact("script", t.to_string(), path, i + 1));
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
                    if lines.len() < MAX_SCRIPT_LINES {
                        lines.push((location.line, value.clone()));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(cmd: &str) -> bool {
        segments(cmd).iter().any(|s| matches!(classify(s), Some(Run::Direct(_))))
    }

    #[test]
    fn direct_runners() {
        for yes in [
            "pytest -q",
            "python -m pytest tests/",
            "python3 manage.py test --parallel",
            "poetry run pytest",
            "uv run --frozen pytest -x",
            "coverage run -m pytest",
            "CI=true npx jest --ci",
            "go test -race ./...",
            "cargo test --locked",
            "cargo +nightly nextest run",
            "./mvnw -B verify",
            "mvn -B package --file pom.xml",
            "./gradlew build",
            "gradle :app:test",
            "tox -e py312",
            "tox",
            "bundle exec rspec",
            "bin/rails test",
            "dotnet test --no-build",
            "docker compose run --rm web pytest",
            "bash -c \"pytest -q\"",
            "timeout 10m go test ./...",
            "bun test",
            "pnpm exec vitest run",
            "npx playwright test",
            "mix test",
            "rake",
            "turbo run test",
        ] {
            assert!(direct(yes), "{yes}");
        }
        for no in [
            "pip install pytest pytest-cov",
            "npm ci",
            "ruff check .",
            "echo pytest",
            "cargo install cargo-nextest",
            "go install gotest.tools/gotestsum@latest",
            "cargo test --no-run",
            "mvn -B package -DskipTests",
            "./gradlew build -x test",
            "tox -e lint,mypy",
            "test -f Cargo.lock",
            "uv pip install pytest",
            "go vet ./...",
            "rake db:migrate",
            "export PYTEST_ADDOPTS=-q",
        ] {
            assert!(!direct(no), "{no}");
        }
    }

    #[test]
    fn hops_classified() {
        let one = |c: &str| classify(&segments(c)[0]);
        assert_eq!(one("npm test"), Some(Run::Npm("test".into())));
        assert_eq!(one("npm run test:unit --if-present"), Some(Run::Npm("test:unit".into())));
        assert_eq!(one("yarn ci"), Some(Run::Npm("ci".into())));
        assert_eq!(one("yarn install --frozen-lockfile"), None);
        assert_eq!(one("pnpm -r test"), Some(Run::Npm("test".into())));
        assert_eq!(one("make -C api lint test"), Some(Run::Make(vec!["lint".into(), "test".into()])));
        assert_eq!(one("./scripts/ci.sh --fast"), Some(Run::Script("scripts/ci.sh".into())));
        assert_eq!(one("bash -ex scripts/test.sh"), Some(Run::Script("scripts/test.sh".into())));
        assert_eq!(one("sh $GITHUB_WORKSPACE/ci/run.sh"), Some(Run::Script("ci/run.sh".into())));
        assert_eq!(one("just test"), Some(Run::Just(vec!["test".into()])));
        assert_eq!(one("task test"), Some(Run::Named("test".into())));
    }

    #[test]
    fn names() {
        for yes in [
            "test",
            "tests",
            "test:unit",
            "unit-test",
            "run_tests.sh",
            "runtests",
            "check",
            "e2e",
            "test-all",
        ] {
            assert!(test_ish(yes), "{yes}");
        }
        for no in ["lint", "build", "latest", "ci", "checkout", "typecheck", "deploy"] {
            assert!(!test_ish(no), "{no}");
        }
    }

    #[test]
    fn make_lines_substitute_variables() {
        assert_eq!(clean_line("@$(PYTHON) -m pytest", "make"), "python -m pytest");
        assert_eq!(clean_line("- run: npm test", "yaml"), "npm test");
    }
}
