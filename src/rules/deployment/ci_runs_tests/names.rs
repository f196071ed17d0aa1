//! Vocabulary for `ci-runs-tests`: names that say "the test suite", and tox/nox environments and commands
//! that only lint.

use super::shell::{basename, one_of};

/// Names that say "this is the test suite": `test`, `tests`, `test:unit`, `run_tests`, `e2e`, `check`.
pub(super) fn test_ish(name: &str) -> bool {
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
pub(super) fn lint_env(env: &str) -> bool {
    const LINT: &str = "lint linters linting flake8 pylint mypy type types typing typecheck format fmt style docs doc pre-commit precommit build pkg packaging release bandit safety audit isort black ruff check-manifest readme spell codespell clean pyright security";
    one_of(LINT, &env.trim().to_ascii_lowercase())
}

/// Heads whose segment only lints, formats, type-checks or echoes.
pub(super) fn lint_or_noop(tokens: &[String]) -> bool {
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

#[cfg(test)]
mod tests {
    use super::test_ish;

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
}
