//! Classifies a repository path by what it is for: shipped source, test, example, config, doc, infra.
//!
//! Classification works on path *components*, never substrings: `latest.py` is not a test and
//! `contest/` is not a test folder. Rules about shipped code look only at [`Role::Source`].

use serde::Serialize;

/// What a file is for, which decides which rules look at it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Code that ships.
    Source,
    /// Test code and test data.
    Test,
    /// Fixtures, examples, samples, vendored and generated code: present but not shipped as ours.
    Example,
    /// Build, CI, container and deployment files.
    Infra,
    /// Manifests and configuration.
    Config,
    /// Documentation.
    Doc,
    /// Anything else.
    Other,
}

/// Directory names whose contents are tests.
const TEST_DIRS: &[&str] = &[
    "test",
    "tests",
    "__tests__",
    "__test__",
    "spec",
    "specs",
    "testing",
    "e2e",
    "cypress",
    "playwright",
    "integration_tests",
    "unit_tests",
    "testdata",
    "loadtests",
    "loadtest",
    "load-tests",
    "load_tests",
    "k6",
    "locust",
    "test_data",
];

/// Directory names whose contents are not shipped as this project's own code.
const EXAMPLE_DIRS: &[&str] = &[
    "fixtures",
    "fixture",
    "__fixtures__",
    "examples",
    "example",
    "samples",
    "sample",
    "demo",
    "demos",
    "vendor",
    "vendored",
    "third_party",
    "third-party",
    "node_modules",
    "bower_components",
    "site-packages",
    ".venv",
    "venv",
    "dist",
    "build",
    "target",
    "generated",
    "__generated__",
    "__snapshots__",
    "snapshots",
    "benchmarks",
];

/// Directory names holding documentation.
const DOC_DIRS: &[&str] = &["docs", "doc", "documentation"];

/// True when `dir` is a JVM package segment (`src/main/java/com/example/…`), not an examples folder.
fn is_jvm_package(parents: &[&str], dir: &str) -> bool {
    matches!(dir, "example" | "sample" | "demo") && parents.iter().any(|p| matches!(*p, "java" | "kotlin" | "scala" | "groovy"))
}

/// True when `name` (one path component) is a test file name in any supported ecosystem.
pub fn is_test_file_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    if lower == "tests.py" || lower == "conftest.py" || lower == "test.py" {
        return true;
    }
    if lower.starts_with("test_") && lower.ends_with(".py") {
        return true;
    }
    let stem = match lower.rsplit_once('.') {
        Some((stem, _)) => stem,
        None => return false,
    };
    stem.ends_with("_test")
        || stem.ends_with(".test")
        || stem.ends_with(".spec")
        || stem.ends_with(".e2e-spec")
        || stem.ends_with(".cy")
        || (lower.ends_with(".java")
            && (stem.ends_with("test") || stem.ends_with("tests"))
            && stem.len() > 4
            && name.as_bytes()[0].is_ascii_uppercase())
}

/// True for a component naming a test directory.
pub fn is_test_dir(name: &str) -> bool {
    TEST_DIRS.contains(&name.to_ascii_lowercase().as_str())
}

/// Classifies a path relative to the scanned root (`/`-separated).
pub fn classify(path: &str) -> Role {
    let parts: Vec<&str> = path.split('/').collect();
    let (name, dirs) = match parts.split_last() {
        Some((name, dirs)) => (*name, dirs),
        None => return Role::Other,
    };
    for (i, dir) in dirs.iter().enumerate() {
        let lower = dir.to_ascii_lowercase();
        if EXAMPLE_DIRS.contains(&lower.as_str()) && !is_jvm_package(&dirs[..i], &lower) {
            return Role::Example;
        }
    }
    let lower_name = name.to_ascii_lowercase();
    if lower_name.contains(".min.")
        || lower_name.ends_with(".pb.go")
        || lower_name.ends_with("_pb2.py")
        || lower_name.ends_with(".generated.ts")
    {
        return Role::Example;
    }
    if dirs.iter().any(|d| is_test_dir(d)) || is_test_file_name(name) {
        return Role::Test;
    }
    if is_infra_name(path, &lower_name) {
        return Role::Infra;
    }
    if crate::lang::Lang::from_path(name).is_some() {
        if dirs.iter().any(|d| DOC_DIRS.contains(&d.to_ascii_lowercase().as_str())) {
            return Role::Example;
        }
        return Role::Source;
    }
    if lower_name.ends_with(".md")
        || lower_name.ends_with(".rst")
        || lower_name.ends_with(".adoc")
        || lower_name.ends_with(".txt") && lower_name.starts_with("readme")
    {
        return Role::Doc;
    }
    if dirs.iter().any(|d| DOC_DIRS.contains(&d.to_ascii_lowercase().as_str())) {
        return Role::Doc;
    }
    const CONFIG_EXT: &[&str] = &[
        ".json",
        ".toml",
        ".yaml",
        ".yml",
        ".ini",
        ".cfg",
        ".conf",
        ".xml",
        ".gradle",
        ".kts",
        ".lock",
        ".mod",
        ".sum",
        ".properties",
    ];
    if CONFIG_EXT.iter().any(|e| lower_name.ends_with(e)) || lower_name.starts_with(".env") || lower_name.starts_with('.') {
        return Role::Config;
    }
    Role::Other
}

fn is_infra_name(path: &str, lower_name: &str) -> bool {
    crate::rules::deployment::is_dockerfile_path(lower_name)
        || lower_name.starts_with("docker-compose")
        || lower_name.starts_with("compose.")
        || lower_name == "jenkinsfile"
        || lower_name == "makefile"
        || path.starts_with(".github/")
        || path.starts_with(".circleci/")
        || path.starts_with(".buildkite/")
        || lower_name == ".gitlab-ci.yml"
        || lower_name == ".travis.yml"
        || lower_name.ends_with(".tf")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_not_substrings() {
        assert_eq!(classify("app/latest.py"), Role::Source);
        assert_eq!(classify("contest/main.go"), Role::Source);
        assert_eq!(classify("tests/test_api.py"), Role::Test);
        assert_eq!(classify("app/tests.py"), Role::Test);
        assert_eq!(classify("pkg/server_test.go"), Role::Test);
        assert_eq!(classify("src/app.spec.ts"), Role::Test);
        assert_eq!(classify("src/__tests__/a.js"), Role::Test);
        assert_eq!(classify("fixtures/x/app.py"), Role::Example);
        assert_eq!(classify("node_modules/cors/index.js"), Role::Example);
        assert_eq!(classify("src/main/java/com/x/App.java"), Role::Source);
        assert_eq!(classify("src/main/java/com/example/demo/App.java"), Role::Source);
        assert_eq!(classify("examples/java/App.java"), Role::Example);
        assert_eq!(classify("src/test/java/com/x/AppTest.java"), Role::Test);
        assert_eq!(classify("Dockerfile"), Role::Infra);
        assert_eq!(classify("docker/api.Dockerfile"), Role::Infra);
        assert_eq!(classify(".github/workflows/ci.yml"), Role::Infra);
        assert_eq!(classify("README.md"), Role::Doc);
        assert_eq!(classify("package.json"), Role::Config);
        assert_eq!(classify("docs/snippet.py"), Role::Example);
    }
}
