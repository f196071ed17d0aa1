//! The command-line contract: exit codes, formats, output files, gates and error messages.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

fn project(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects").join(name)
}

fn rc() -> Command {
    let mut c = Command::cargo_bin("readycheck").unwrap();
    c.env_remove("NO_COLOR");
    c
}

#[test]
fn scan_prints_a_table_and_exits_zero() {
    rc().args(["scan"])
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("Security")
                .and(predicate::str::contains("NOT READY"))
                .and(predicate::str::contains("cors-wildcard")),
        )
        .stdout(predicate::str::contains("\x1b[").not());
}

#[test]
fn fail_under_gates_on_the_overall_score() {
    rc().args(["scan", "--fail-under", "7"])
        .arg(project("sloppy-express-api"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gate failed: overall score").and(predicate::str::contains("below --fail-under 7")));
    rc().args(["scan", "--fail-under", "7"])
        .arg(project("fastapi-service"))
        .assert()
        .code(0);
    rc().args(["scan", "--fail-under", "0"])
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0);
}

#[test]
fn bad_arguments_exit_two() {
    rc().args(["scan", "--fail-under", "11", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("outside 0–10"));
    rc().args(["scan", "--fail-under", "seven", "."]).assert().code(2);
    rc().args(["scan", "--format", "pdf", "."]).assert().code(2);
    rc().args(["frobnicate"]).assert().code(2);
    rc().args(["rules", "--category", "speed"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown category"));
}

#[test]
fn missing_path_exits_two_with_a_message() {
    rc().args(["scan", "/definitely/not/here"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`/definitely/not/here` does not exist"));
}

#[test]
fn unreadable_path_exits_two() {
    let dir = tempfile::tempdir().unwrap();
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read_dir(&locked).is_ok() {
        // Running as root: permissions do not apply, nothing to test here.
        std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
        return;
    }
    rc().arg("scan")
        .arg(&locked)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("not readable"));
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn json_format_is_valid_and_versioned() {
    let out = rc().args(["scan", "--format", "json"]).arg(project("go-service")).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["version"], env!("CARGO_PKG_VERSION"));
    let ids: Vec<&str> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "security",
            "reliability",
            "performance",
            "monitoring",
            "deployment",
            "documentation",
            "testing",
            "architecture"
        ]
    );
    assert!(v["rules"].as_array().unwrap().iter().all(|r| r["outcome"].is_string()));
}

#[test]
fn output_file_gets_the_report_and_terminal_a_summary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("READINESS.md");
    rc().args(["scan", "--format", "markdown", "-o"])
        .arg(&out)
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("readycheck: NOT READY").and(predicate::str::contains("report written to")));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.starts_with("# Production Readiness Report: sloppy-express-api"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name() != "READINESS.md")
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind");
}

#[test]
fn output_into_a_missing_directory_exits_two_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("nope/READINESS.md");
    rc().args(["scan", "-o"])
        .arg(&out)
        .arg(project("go-service"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("does not exist"));
    assert!(!out.exists());
}

#[test]
fn rules_lists_every_rule_and_filters_by_category() {
    rc().arg("rules").assert().code(0).stdout(
        predicate::str::contains("cors-wildcard")
            .and(predicate::str::contains("tests-present"))
            .and(predicate::str::contains("health-endpoint")),
    );
    rc().args(["rules", "--category", "security"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("cors-wildcard").and(predicate::str::contains("tests-present").not()));
}

#[test]
fn explain_prints_rationale_detection_and_fixes() {
    rc().args(["explain", "rate-limiting"]).assert().code(0).stdout(
        predicate::str::contains("Why it matters")
            .and(predicate::str::contains("How it is detected"))
            .and(predicate::str::contains("[express]")),
    );
    rc().args(["explain", "cors"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("did you mean cors-wildcard"));
    rc().args(["explain", "--scoring"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("caps its category at 4.0"));
}

#[test]
fn version_and_help() {
    rc().arg("--version")
        .assert()
        .code(0)
        .stdout(predicate::str::contains(env!("CARGO_PKG_VERSION")));
    rc().args(["scan", "--help"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:").and(predicate::str::contains("--fail-under")));
}

#[test]
fn scanning_a_single_file_finishes() {
    rc().args(["scan", "--format", "json"])
        .arg(project("sloppy-express-api").join("package.json"))
        .assert()
        .code(0);
}

#[test]
fn explain_works_for_every_rule() {
    for rule in readycheck::rules::builtin().unwrap() {
        let id = rule.meta().id.clone();
        rc().args(["explain", &id])
            .assert()
            .code(0)
            .stdout(predicate::str::starts_with(format!("{id} — ")).and(predicate::str::contains("How to fix it\n")));
    }
}

#[test]
fn category_and_severity_gates_say_why_they_failed() {
    rc().args(["scan", "--fail-under-category", "security=6", "--fail-on", "high"])
        .arg(project("go-service"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("gate failed: security score").and(predicate::str::contains("below security=6")))
        .stderr(predicate::str::contains("(--fail-on high)").and(predicate::str::contains("cors-wildcard")));
    rc().args(["scan", "--fail-under-category", "testing=6", "--fail-on", "critical"])
        .arg(project("fastapi-service"))
        .assert()
        .code(0);
    rc().args(["scan", "--fail-under-category", "speed=6", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown category"));
    rc().args(["scan", "--fail-on", "urgent", "."])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("unknown severity"));
}

#[test]
fn github_format_prints_workflow_annotations() {
    rc().args(["scan", "--format", "github"])
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0)
        .stdout(
            predicate::str::contains("::error file=src/index.js,line=6,col=")
                .and(predicate::str::contains("title=cors-wildcard (critical)::")),
        )
        .stdout(predicate::str::contains("::error title=dockerfile (high)::no Dockerfile"))
        .stdout(predicate::str::contains("::notice title=readycheck::NOT READY"));
}

#[test]
fn several_reports_from_one_scan_while_the_terminal_keeps_the_table() {
    let dir = tempfile::tempdir().unwrap();
    let sarif = dir.path().join("rc.sarif");
    let md = dir.path().join("READINESS.md");
    rc().args(["scan", "--output"])
        .arg(format!("sarif={}", sarif.display()))
        .arg("--output")
        .arg(format!("markdown={}", md.display()))
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Security").and(predicate::str::contains("report written to").not()));
    let s: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&sarif).unwrap()).unwrap();
    assert_eq!(s["version"], "2.1.0");
    assert!(std::fs::read_to_string(&md).unwrap().starts_with("# Production Readiness Report"));
    // One bad destination means no report is written at all.
    let json = dir.path().join("r.json");
    rc().args(["scan", "-o"])
        .arg(format!("json={}", json.display()))
        .arg("-o")
        .arg(format!("sarif={}", dir.path().join("missing/x.sarif").display()))
        .arg(project("go-service"))
        .assert()
        .code(2);
    assert!(!json.exists());
    rc().args(["scan", "-o", "sarif=", "."]).assert().code(2);
}

#[test]
fn completions_for_every_shell_name_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = rc().args(["completions", shell]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("scan"), "{shell} completion lacks the scan subcommand");
        // fish spells long options `-l fail-under`; every other shell writes `--fail-under`.
        let flag = if shell == "fish" { "-l fail-under" } else { "--fail-under" };
        assert!(script.contains(flag), "{shell} completion lacks {flag}");
        assert!(script.contains("completions"), "{shell} completion lacks its own subcommand");
        assert!(out.stderr.is_empty(), "{shell}: nothing on stderr");
    }
}

#[test]
fn completions_for_an_unknown_shell_exit_two() {
    rc().args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("invalid value 'tcsh'"));
    rc().arg("completions").assert().code(2);
}

#[test]
fn a_scan_into_a_pipe_prints_nothing_on_stderr() {
    // Stderr is a pipe here, so nothing but errors and gate failures may reach it: no progress
    // indicator (the terminal decision itself is unit-tested in `progress::mode`), no summary.
    rc().arg("scan")
        .arg(project("monorepo"))
        .assert()
        .code(0)
        .stderr(predicate::str::is_empty());
}

#[test]
fn quiet_drops_the_summary_line_but_not_the_report_or_the_gate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    rc().args(["scan", "-q", "-f", "json", "-o"])
        .arg(&out)
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::is_empty());
    let v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(v["schema_version"], 1, "the report is still written");
    // Without -o the report is the output, quiet or not.
    rc().args(["scan", "--quiet"])
        .arg(project("sloppy-express-api"))
        .assert()
        .code(0)
        .stdout(predicate::str::contains("NOT READY"));
    // Gate failures still explain themselves, with the same exit code.
    rc().args(["scan", "-q", "--fail-under", "7", "-o"])
        .arg(dir.path().join("r.txt"))
        .arg(project("sloppy-express-api"))
        .assert()
        .code(1)
        .stdout(predicate::str::is_empty())
        .stderr(predicate::str::contains("gate failed: overall score"));
    rc().args(["scan", "-q", "--fail-under", "11", "."]).assert().code(2);
}

#[test]
fn quiet_drops_the_baseline_counts_but_not_a_regression() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.json");
    rc().args(["scan", "-q", "-f", "json", "-o"])
        .arg(&base)
        .arg(project("fastapi-service"))
        .assert()
        .code(0);
    rc().args(["scan", "-f", "json", "--baseline"])
        .arg(&base)
        .arg(project("fastapi-service"))
        .assert()
        .code(0)
        .stderr(predicate::str::contains("against the baseline"));
    rc().args(["scan", "-q", "-f", "json", "--baseline"])
        .arg(&base)
        .arg(project("fastapi-service"))
        .assert()
        .code(0)
        .stderr(predicate::str::is_empty());
    // A worse project against the good one's baseline regresses; --quiet keeps the reason.
    rc().args(["scan", "-q", "-f", "json", "--fail-on-regression", "--baseline"])
        .arg(&base)
        .arg(project("sloppy-express-api"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("(--fail-on-regression)").and(predicate::str::contains("against the baseline").not()));
}

#[test]
fn output_to_a_device_writes_into_it_and_leaves_it_a_device() {
    // A FIFO stands in for /dev/null: if the rename came back, this test must not be the thing
    // that replaces a real device on the machine running it.
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    rc().args(["scan", "-f", "json", "-o"])
        .arg(&fifo)
        .arg(project("go-service"))
        .assert()
        .code(0);
    let got = reader.join().unwrap();
    assert!(got.contains("\"schema_version\""));
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    rc().args(["scan", "-o"])
        .arg(dir.path())
        .arg(project("go-service"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"));
}

#[test]
fn summary_line_names_the_failed_gate() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("r.json");
    rc().args(["scan", "--fail-under", "9", "--fail-on", "high", "-o"])
        .arg(&out)
        .arg(project("go-service"))
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "; gate failed: overall score 4.79 is below --fail-under 9 (and 1 more, see stderr)",
        ));
    rc().args(["scan", "--fail-under", "7", "-o"])
        .arg(&out)
        .arg(project("fastapi-service"))
        .assert()
        .code(0)
        .stdout(predicate::str::ends_with("; gates passed\n"));
}
