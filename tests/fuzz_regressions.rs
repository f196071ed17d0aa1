//! The fuzz targets' handwritten seeds (`fuzz/corpus/<target>/seed-*`) stay meaningful, and every
//! input a fuzzer found a crash with is pinned here, run the way its target runs it.

use readycheck::engine::{ScanOptions, scan_files};
use readycheck::fuzz_input::{MANIFEST_NAMES, WHOLE_FILE_NAMES, named};
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

#[test]
fn manifest_seeds_parse_with_dependencies() {
    for (path, bytes) in seeds("manifests") {
        let (name, rest) = named(&bytes, MANIFEST_NAMES).unwrap();
        let text = String::from_utf8(rest.to_vec()).unwrap();
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
    let (path, rest) = named(data, WHOLE_FILE_NAMES).unwrap();
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
/// bytes, reported by LeakSanitizer), which is why the target runs with
/// `ASAN_OPTIONS=detect_leaks=0`.
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
