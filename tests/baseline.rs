//! `--baseline previous.json --fail-on-regression`: regressions fail, line moves do not.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn rc() -> Command {
    let mut c = Command::cargo_bin("readycheck").unwrap();
    c.env_remove("NO_COLOR");
    c
}

/// Writes the project's JSON report outside the tree and returns its path.
fn baseline_of(dir: &Path, out: &Path) -> PathBuf {
    let path = out.join("baseline.json");
    rc().args(["scan", "-f", "json", "-o"]).arg(&path).arg(dir).assert().code(0);
    path
}

#[test]
fn unchanged_or_moved_code_is_no_regression() {
    let p = common::copy_project("sloppy-express-api");
    let out = tempfile::tempdir().unwrap();
    let base = baseline_of(p.path(), out.path());
    rc().args(["scan", "--fail-on-regression", "--baseline"])
        .arg(&base)
        .arg(p.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("0 new finding(s), 0 fixed, 0 regression(s)"));
    // Ten lines pushed down: every finding moves, none is new.
    let file = p.path().join("src/index.js");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{}{text}", "// moved\n".repeat(10))).unwrap();
    rc().args(["scan", "--fail-on-regression", "--baseline"])
        .arg(&base)
        .arg(p.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("0 new finding(s), 0 fixed"));
}

#[test]
fn a_rule_that_starts_failing_is_a_regression() {
    let p = common::copy_project("fastapi-service");
    let out = tempfile::tempdir().unwrap();
    let base = baseline_of(p.path(), out.path());
    let main = p.path().join("app/main.py");
    let text = std::fs::read_to_string(&main).unwrap();
    assert!(text.contains("CORSMiddleware"), "fixture changed");
    std::fs::write(
        &main,
        text.replace("allow_origins=settings.allowed_origins", "allow_origins=[\"*\"]"),
    )
    .unwrap();
    rc().args(["scan", "--fail-on-regression", "--baseline"])
        .arg(&base)
        .arg(p.path())
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("gate failed: security score dropped from")
                .and(predicate::str::contains("passed in the baseline and fail now: cors-wildcard"))
                .and(predicate::str::contains("(--fail-on-regression)"))
                .and(predicate::str::contains("1 new finding(s)")),
        );
    // Without --fail-on-regression the comparison is reported but does not gate.
    rc().args(["scan", "--baseline"]).arg(&base).arg(p.path()).assert().code(0);
}

#[test]
fn baseline_misuse_exits_two() {
    let p = common::copy_project("go-service");
    rc().args(["scan", "--fail-on-regression"])
        .arg(p.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("needs a baseline"));
    let out = tempfile::tempdir().unwrap();
    let bad = out.path().join("bad.json");
    std::fs::write(&bad, "{\"hello\": 1}").unwrap();
    rc().args(["scan", "--baseline"])
        .arg(&bad)
        .arg(p.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not a readycheck JSON report"));
    rc().args(["scan", "--baseline"])
        .arg(out.path().join("none.json"))
        .arg(p.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read baseline"));
}
