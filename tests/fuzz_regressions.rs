//! The fuzz targets' handwritten seeds (`fuzz/corpus/<target>/seed-*`) stay meaningful, and every
//! input a fuzzer found a crash with is pinned here, run the way its target runs it.

use readycheck::engine::{ScanOptions, scan_files};
use readycheck::report::{Format, RenderOptions, reporter};
use std::path::{Path, PathBuf};

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus").join(target);
    let mut out: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("seed-")))
        .map(|p| {
            let bytes = std::fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no seeds in {}", dir.display());
    out
}

/// The file names the `manifests` and `whole_file` targets pick from with the first byte; kept
/// in step with `fuzz/fuzz_targets/*.rs` by the seeds, which must land where they were meant to.
const MANIFEST_NAMES: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "Cargo.toml",
    "go.mod",
    "requirements.txt",
    "requirements/dev.txt",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Pipfile",
    "setup.py",
    "setup.cfg",
    "Gemfile",
    "composer.json",
];

const WHOLE_FILE_NAMES: &[&str] = &[
    "app/main.py",
    "src/index.js",
    "src/server.ts",
    "src/App.tsx",
    "cmd/api/main.go",
    "src/main.rs",
    "src/main/java/App.java",
    "Dockerfile",
    "docker-compose.yml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "k8s/deployment.yaml",
    "package.json",
    "requirements.txt",
    "pyproject.toml",
    "Cargo.toml",
    "go.mod",
    ".env",
    ".env.example",
    "README.md",
    "Makefile",
    "Jenkinsfile",
    "settings.py",
    "config/app.yaml",
    "tests/test_app.py",
    "src/app.test.js",
    "next.config.js",
    "tsconfig.json",
    ".dockerignore",
    "helm/values.yaml",
    "src/lib.rs",
    "app/models.py",
];

/// The fuzz targets' name lists are these lists.
#[test]
fn name_lists_match_the_fuzz_targets() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/fuzz_targets");
    for (file, names) in [("manifests.rs", MANIFEST_NAMES), ("whole_file.rs", WHOLE_FILE_NAMES)] {
        let src = std::fs::read_to_string(root.join(file)).unwrap();
        let start = src.find("const NAMES").unwrap();
        let listed: Vec<&str> = src[start..src[start..].find("];").unwrap() + start]
            .split('"')
            .skip(1)
            .step_by(2)
            .collect();
        assert_eq!(listed, names, "{file}");
    }
}

#[test]
fn manifest_seeds_parse_with_dependencies() {
    for (path, bytes) in seeds("manifests") {
        let name = MANIFEST_NAMES[bytes[0] as usize % MANIFEST_NAMES.len()];
        let text = String::from_utf8(bytes[1..].to_vec()).unwrap();
        let m = readycheck::index::manifests::parse(name, &text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!m.deps.is_empty(), "{}: no dependencies", path.display());
    }
}

#[test]
fn dockerfile_seeds_have_stages() {
    for (path, bytes) in seeds("dockerfile") {
        let df = readycheck::index::dockerfile::parse("Dockerfile", &String::from_utf8_lossy(&bytes));
        assert!(df.stages.len() >= 2, "{}", path.display());
    }
}

#[test]
fn declarative_seeds_load() {
    for (path, bytes) in seeds("declarative") {
        let text = String::from_utf8(bytes).unwrap();
        if let Err(e) = readycheck::declarative::load_str("seed.toml", &text) {
            panic!("{}: {e}", path.display());
        }
    }
}

/// Runs one input the way the `whole_file` target does.
fn whole_file(data: &[u8]) -> readycheck::engine::ScanResult {
    let rules = readycheck::rules::builtin().unwrap();
    let (pick, rest) = data.split_first().unwrap();
    let path = WHOLE_FILE_NAMES[*pick as usize % WHOLE_FILE_NAMES.len()];
    let r = scan_files("fuzz", &[(path, rest)], &rules, &ScanOptions::default());
    assert_eq!(r.rules.len(), rules.len());
    for f in [Format::Json, Format::Markdown, Format::Sarif, Format::Github, Format::Table] {
        assert!(!reporter(f).render(&r, &RenderOptions::default()).is_empty());
    }
    r
}

#[test]
fn whole_file_seeds_reach_the_rules() {
    for (path, bytes) in seeds("whole_file") {
        let r = whole_file(&bytes);
        assert_eq!(r.project.stats.files_read, 1, "{}", path.display());
        let said_something = r
            .rules
            .iter()
            .any(|x| !x.outcome.findings.is_empty() || !x.outcome.evidence.is_empty());
        assert!(said_something, "{}: no rule found anything", path.display());
    }
}

/// `declarative`, found within a minute: a custom rule whose query names a field the grammar
/// lacks (`argtments:`). Loading it fails with the key named; tree-sitter 0.27.1 leaks the
/// sub-pattern's capture quantifiers on that error path inside `ts_query_new` (its C code, 8
/// bytes, reported by LeakSanitizer), which is why the target runs with `-detect_leaks=0`.
#[test]
fn a_query_naming_an_unknown_field_is_a_located_error() {
    let rule = r#"id = "health-route"
category = "reliability"
severity = "medium"
title = "A health route exists"
rationale = "orchestrators probe it"
effort_hours = 1
polarity = "require"
pass_message = "health route found"
fail_message = "no health route"

[match]
any = [
  { query = '''(call_expression function: (member_expression property: (property_identifier) @m) argtments: (arguments (string) @match) (#eq? @m "get"))''', lang = ["javascript", "typescript"] },
]
"#;
    let e = readycheck::declarative::load_str("rule.toml", rule).unwrap_err();
    assert_eq!(e.key, "match.any[0].query");
    assert!(e.message.starts_with("invalid javascript query"), "{e}");
}
