//! Recognising test-runner commands for `ci-runs-tests`: what one command segment runs, looking through
//! wrappers (`poetry run`, `npx`, `bundle exec`, `docker compose run`, `bash -c`, env assignments).

use super::facts::SCRIPT_EXTS;
use super::names::{lint_env, test_ish};
use super::shell::{basename, is_assignment, normalize_path, one_of, positionals};

/// What a command segment does, as far as tests are concerned.
#[derive(Debug, PartialEq)]
pub(super) enum Run {
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

const WRAPPERS: &str = "sudo time exec nice nohup env command builtin then do else if while until ! { xvfb-run stdbuf dotenv cross-env with-contenv npx pnpx bunx uvx nyc c8 retry";

const KNOWN_HEADS: &str = "pytest py.test python python3 py tox nox npm yarn pnpm bun jest vitest mocha go cargo mvn mvnw gradle gradlew make just rake rspec rails dotnet mix bash sh";

/// Classifies one segment (tokens) of a command.
pub(super) fn classify(tokens: &[String]) -> Option<Run> {
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

#[cfg(test)]
mod tests {
    use super::super::shell::segments;
    use super::{Run, classify};

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
}
