//! `readycheck.toml`, `--config`, custom rules, `init` and `config-schema`: what each setting
//! changes, and that every mistake exits 2 naming the file, the key and what was expected.

mod common;

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn rc() -> Command {
    let mut c = Command::cargo_bin("readycheck").unwrap();
    c.env_remove("NO_COLOR").env("SOURCE_DATE_EPOCH", "1790000000");
    c
}

fn json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let out = rc().args(["scan", "-f", "json"]).args(extra).arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn rule<'a>(v: &'a serde_json::Value, id: &str) -> Option<&'a serde_json::Value> {
    v["rules"].as_array().unwrap().iter().find(|r| r["id"] == id)
}

fn config_error(dir: &Path, toml: &str, needles: &[&str]) {
    std::fs::write(dir.join("readycheck.toml"), toml).unwrap();
    let mut a = rc().arg("scan").arg(dir).assert().code(2);
    for n in needles {
        a = a.stderr(predicate::str::contains(*n));
    }
    a.stderr(predicate::str::contains("readycheck.toml"));
}

#[test]
fn config_errors_name_file_key_and_expectation() {
    let p = common::copy_project("go-service");
    let d = p.path();
    config_error(d, "[scan\n", &["line 1", "expected"]);
    config_error(
        d,
        "[rules]\ndisabel = []\n",
        &["`rules.disabel`", "unknown field", "expected one of"],
    );
    config_error(
        d,
        "[scan]\nmax_file_size = \"big\"\n",
        &["`scan.max_file_size`", "line 2", "expected u64"],
    );
    config_error(d, "[gate]\nfail_under = 12\n", &["`gate.fail_under`", "outside 0–10"]);
    config_error(d, "[gate]\nfail_on = \"urgent\"\n", &["`gate.fail_on`", "critical"]);
    config_error(
        d,
        "[gate.fail_under_category]\nspeed = 5\n",
        &["`gate.fail_under_category.speed`", "unknown category"],
    );
    config_error(
        d,
        "[rules]\ndisable = [\"cors-wildcrd\"]\n",
        &["`rules.disable[0]`", "did you mean `cors-wildcard`"],
    );
    config_error(
        d,
        "[rules.severity]\nnope = \"low\"\n",
        &["`rules.severity.nope`", "unknown rule id"],
    );
    config_error(d, "[[suppress]]\nrule = \"cors-wildcard\"\n", &["`suppress[0]`", "reason"]);
    config_error(
        d,
        "[[suppress]]\nrule = \"cors-wildcard\"\nreason = \"x\"\nexpires = \"soon\"\n",
        &["`suppress[0].expires`", "YYYY-MM-DD"],
    );
    config_error(
        d,
        "[[suppress]]\nrule = \"cors-wildcard\"\nreason = \"x\"\npath = \"src/[\"\n",
        &["`suppress[0].path`", "not a valid glob"],
    );
    config_error(
        d,
        "[rules.custom]\npaths = [\"no/such/dir\"]\n",
        &["`rules.custom.paths[0]`", "not a directory"],
    );
    rc().args(["scan", "--config"])
        .arg(d.join("missing.toml"))
        .arg(d)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("missing.toml").and(predicate::str::contains("cannot read")));
}

#[test]
fn bad_custom_rules_exit_two_naming_the_rule_file_and_key() {
    let p = common::copy_project("go-service");
    let rules = p.path().join(".readycheck/rules");
    std::fs::create_dir_all(&rules).unwrap();
    let bad_regex = "id = \"no-eval\"\ncategory = \"security\"\nseverity = \"high\"\ntitle = \"t\"\nrationale = \"r\"\n\
                     detection = \"d\"\neffort_hours = 1\npolarity = \"forbid\"\npass_message = \"ok\"\nfail_message = \"bad\"\n\
                     [match]\ncontent = 'eval('\n";
    std::fs::write(rules.join("no-eval.toml"), bad_regex).unwrap();
    rc().arg("scan")
        .arg(p.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-eval.toml").and(predicate::str::contains("match.content")));
    std::fs::write(rules.join("no-eval.toml"), "id = \"no-eval\"\ncategory = \"speed\"\n").unwrap();
    rc().arg("scan")
        .arg(p.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no-eval.toml").and(predicate::str::contains("category")));
}

#[test]
fn custom_rules_load_from_the_default_folder_and_grade_the_project() {
    let p = common::copy_project("sloppy-express-api");
    let rules = p.path().join(".readycheck/rules");
    std::fs::create_dir_all(&rules).unwrap();
    std::fs::write(
        rules.join("no-pool-query-in-routes.toml"),
        r#"id = "no-raw-pool-query"
category = "architecture"
severity = "medium"
title = "Routes go through the repository layer"
rationale = "Our convention: handlers never talk to the pool directly."
detection = "Fails on `pool.query(` in JavaScript."
effort_hours = 2
polarity = "forbid"
pass_message = "no direct pool queries"
fail_message = "handlers query the pool directly"

[match]
content = 'pool\.query\('
lang = ["javascript"]
message = "direct pool query"

[[remediation]]
framework = "generic"
snippet = "const users = await userRepo.list();"
"#,
    )
    .unwrap();
    let v = json(p.path(), &[]);
    let r = rule(&v, "no-raw-pool-query").expect("custom rule ran");
    assert_eq!(r["outcome"], "fail");
    assert_eq!(r["category"], "architecture");
    assert!(r["findings"][0]["path"].as_str().unwrap().ends_with("index.js"));
    // `rules` and `explain` see the project's rules too.
    rc().args(["rules", "--category", "architecture", "--root"])
        .arg(p.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("no-raw-pool-query"));
    rc().args(["explain", "no-raw-pool-query", "--root"])
        .arg(p.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("handlers never talk to the pool directly"));
    rc().args(["explain", "no-raw-pool-query"]).assert().code(2);
    // The ruleset hash moves when the rules do.
    let plain = json(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects/sloppy-express-api"),
        &[],
    );
    assert_ne!(v["ruleset"], plain["ruleset"]);
}

#[test]
fn rules_section_disables_enables_and_overrides_severity() {
    let p = common::copy_project("sloppy-express-api");
    std::fs::write(
        p.path().join("readycheck.toml"),
        "[rules]\ndisable = [\"cors-wildcard\", \"documentation\"]\n[rules.severity]\nrate-limiting = \"low\"\n",
    )
    .unwrap();
    let v = json(p.path(), &[]);
    assert!(rule(&v, "cors-wildcard").is_none());
    assert!(rule(&v, "license").is_none(), "category disabled");
    assert_eq!(rule(&v, "rate-limiting").unwrap()["severity"], "low");
    assert_eq!(rule(&v, "rate-limiting").unwrap()["weight"], 1);
    std::fs::write(p.path().join("readycheck.toml"), "[rules]\nenable = [\"security\"]\n").unwrap();
    let v = json(p.path(), &[]);
    assert!(v["rules"].as_array().unwrap().iter().all(|r| r["category"] == "security"));
    assert!(rule(&v, "cors-wildcard").is_some());
}

#[test]
fn scan_section_excludes_paths_and_sets_the_size_cap() {
    let p = common::copy_project("sloppy-express-api");
    std::fs::write(
        p.path().join("readycheck.toml"),
        "[scan]\nexclude = [\"src/**\"]\nmax_file_size = 200\n",
    )
    .unwrap();
    let v = json(p.path(), &[]);
    // With src/ excluded the wildcard CORS call is never seen.
    assert_ne!(rule(&v, "cors-wildcard").unwrap()["outcome"], "fail");
    let warned = v["warnings"].as_array().unwrap();
    assert!(
        warned
            .iter()
            .any(|w| w["message"].as_str().unwrap().contains("larger than 200 bytes")),
        "{warned:?}"
    );
    // The flag wins over the config.
    let v = json(p.path(), &["--max-file-size", "1000000"]);
    assert!(
        !v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["message"].as_str().unwrap().contains("larger than"))
    );
}

#[test]
fn gate_section_applies_and_flags_win() {
    let p = common::copy_project("sloppy-express-api");
    std::fs::write(p.path().join("readycheck.toml"), "[gate]\nfail_under = 7\nfail_on = \"critical\"\n").unwrap();
    rc().arg("scan")
        .arg(p.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("below --fail-under 7").and(predicate::str::contains("--fail-on critical")));
    // Flags replace the config's thresholds.
    rc().args(["scan", "--fail-under", "0", "--fail-on", "critical"])
        .arg(p.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--fail-under").not());
    // An explicit --config is used instead of the root's file.
    let other = tempfile::tempdir().unwrap();
    let cfg = other.path().join("ci.toml");
    std::fs::write(&cfg, "[gate]\nfail_under = 0\n").unwrap();
    rc().args(["scan", "--config"]).arg(&cfg).arg(p.path()).assert().code(0);
}

#[test]
fn init_writes_the_commented_defaults_once() {
    let dir = tempfile::tempdir().unwrap();
    rc().arg("init")
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout(predicate::str::contains("wrote"));
    let text = std::fs::read_to_string(dir.path().join("readycheck.toml")).unwrap();
    assert!(text.contains("[gate]") && text.contains("# Exit 1 when"));
    rc().arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("already exists"));
    rc().args(["init", "--force"]).arg(dir.path()).assert().code(0);
    // The written file is a valid config that changes nothing.
    let with = json(dir.path(), &[]);
    std::fs::remove_file(dir.path().join("readycheck.toml")).unwrap();
    let without = json(dir.path(), &[]);
    assert_eq!(with["overall"], without["overall"]);
}

#[test]
fn published_schema_matches_the_config_types() {
    let out = rc().arg("config-schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "readycheck configuration (readycheck.toml)");
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("readycheck.schema.json");
    if std::env::var_os("READYCHECK_BLESS").is_some() {
        std::fs::write(&path, &out.stdout).unwrap();
    }
    let committed = std::fs::read(&path).expect("readycheck.schema.json (regenerate with READYCHECK_BLESS=1)");
    assert!(
        committed == out.stdout,
        "readycheck.schema.json is stale; run READYCHECK_BLESS=1 cargo test --test config"
    );
    // The schema accepts the template and rejects a typo, as editors will.
    let validator = jsonschema::validator_for(&schema).unwrap();
    let template: toml::Value = toml::from_str(readycheck::config::TEMPLATE).unwrap();
    assert!(validator.is_valid(&serde_json::to_value(template).unwrap()));
    assert!(!validator.is_valid(&serde_json::json!({"gate": {"fail_undr": 3}})));
}
