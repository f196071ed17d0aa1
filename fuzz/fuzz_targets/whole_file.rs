//! A whole-file rule run: one file, under a name that makes it source, manifest, CI, container or
//! configuration, goes through every built-in rule, the scoring and every report format.
//! The first byte picks the name; the rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use readycheck::engine::{ScanOptions, scan_files};
use readycheck::report::{Format, RenderOptions, reporter};
use readycheck::rule::Rule;
use std::sync::LazyLock;

static RULES: LazyLock<Vec<Box<dyn Rule>>> = LazyLock::new(|| readycheck::rules::builtin().expect("built-in rules load"));

const NAMES: &[&str] = &[
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

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else { return };
    let path = NAMES[pick as usize % NAMES.len()];
    let r = scan_files("fuzz", &[(path, rest)], &RULES, &ScanOptions::default());
    assert_eq!(r.rules.len(), RULES.len());
    for f in [Format::Json, Format::Markdown, Format::Sarif, Format::Github, Format::Table] {
        let _ = reporter(f).render(&r, &RenderOptions::default());
    }
});
