//! Accepted risk end to end: inline comments, `[[suppress]]` entries, expiry, and how every
//! format reports them (raw score beside the accepted one).

mod common;

use assert_cmd::Command;
use std::path::Path;

fn rc() -> Command {
    let mut c = Command::cargo_bin("readycheck").unwrap();
    // 2026-09-21: fixed, so expiry is testable.
    c.env_remove("NO_COLOR").env("SOURCE_DATE_EPOCH", "1790000000");
    c
}

fn express_copy() -> tempfile::TempDir {
    common::copy_project("sloppy-express-api")
}

fn scan(dir: &Path, format: &str) -> String {
    let out = rc().args(["scan", "-f", format]).arg(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn json(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&scan(dir, "json")).unwrap()
}

fn outcome(v: &serde_json::Value, id: &str) -> String {
    v["rules"].as_array().unwrap().iter().find(|r| r["id"] == id).unwrap()["outcome"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Rewrites line `n` (1-based) of `file` with `f`.
fn edit_line(file: &Path, n: usize, f: impl Fn(&str) -> String) {
    let text = std::fs::read_to_string(file).unwrap();
    let lines: Vec<String> = text
        .lines()
        .enumerate()
        .map(|(i, l)| if i + 1 == n { f(l) } else { l.to_string() })
        .collect();
    std::fs::write(file, lines.join("\n") + "\n").unwrap();
}

#[test]
fn inline_comment_on_the_line_suppresses_and_reports_the_reason() {
    let p = express_copy();
    let before = json(p.path());
    assert_eq!(outcome(&before, "cors-wildcard"), "fail");
    edit_line(&p.path().join("src/index.js"), 6, |l| {
        format!("{l} // readycheck: ignore[cors-wildcard] public read-only API")
    });
    let v = json(p.path());
    assert_eq!(outcome(&v, "cors-wildcard"), "pass");
    let s = &v["suppressed"][0];
    assert_eq!(
        (s["rule"].as_str(), s["path"].as_str(), s["line"].as_u64()),
        (Some("cors-wildcard"), Some("src/index.js"), Some(6))
    );
    assert_eq!(s["reason"], "public read-only API");
    assert_eq!(s["source"], "src/index.js:6");
    // The raw score is the one before: the same as the unsuppressed run.
    assert_eq!(v["raw"]["overall"], before["overall"]["score"]);
    assert!(v["overall"]["score"].as_f64() > before["overall"]["score"].as_f64());
}

#[test]
fn inline_comment_on_the_line_above_suppresses_only_the_next_line() {
    let p = express_copy();
    edit_line(&p.path().join("src/index.js"), 6, |l| {
        format!("  /* readycheck: ignore[cors-wildcard] behind the gateway */\n{l}")
    });
    let v = json(p.path());
    assert_eq!(outcome(&v, "cors-wildcard"), "pass", "{}", v["suppressed"]);
    assert_eq!(v["suppressed"][0]["line"], 7);
    // Two lines above is too far.
    let p = express_copy();
    edit_line(&p.path().join("src/index.js"), 4, |_| {
        "// readycheck: ignore[cors-wildcard] too far".to_string()
    });
    assert_eq!(outcome(&json(p.path()), "cors-wildcard"), "fail");
}

#[test]
fn inline_comment_for_another_rule_or_no_rule_does_not_suppress() {
    let p = express_copy();
    edit_line(&p.path().join("src/index.js"), 6, |l| {
        format!("{l} // {}: ignore[rate-limiting, no-such-rule] x", "readycheck")
    });
    let v = json(p.path());
    assert_eq!(outcome(&v, "cors-wildcard"), "fail");
    let warnings = v["warnings"].to_string();
    assert!(
        warnings.contains("ignore[no-such-rule]") && warnings.contains("names no active rule"),
        "{warnings}"
    );
}

#[test]
fn config_entries_suppress_by_path_or_waive_a_rule_and_expire() {
    let p = express_copy();
    std::fs::write(
        p.path().join("readycheck.toml"),
        "[[suppress]]\nrule = \"cors-wildcard\"\npath = \"src/**\"\nreason = \"public API\"\nexpires = \"2027-01-01\"\n\n\
         [[suppress]]\nrule = \"dockerfile\"\nreason = \"deployed as a Heroku buildpack\"\n\n\
         [[suppress]]\nrule = \"rate-limiting\"\nreason = \"old waiver\"\nexpires = \"2026-01-01\"\n\n\
         [[suppress]]\nrule = \"health-endpoint\"\npath = \"nowhere/**\"\nreason = \"stale\"\n",
    )
    .unwrap();
    let v = json(p.path());
    assert_eq!(outcome(&v, "cors-wildcard"), "pass");
    assert_eq!(
        outcome(&v, "dockerfile"),
        "pass",
        "a rule failing for something missing is waived whole"
    );
    assert_eq!(outcome(&v, "rate-limiting"), "fail", "expired");
    let sup = v["suppressed"].as_array().unwrap();
    let docker = sup.iter().find(|s| s["rule"] == "dockerfile").unwrap();
    assert_eq!(docker["path"], "");
    assert_eq!(docker["source"], "readycheck.toml [[suppress]] #2");
    assert_eq!(sup.iter().find(|s| s["rule"] == "cors-wildcard").unwrap()["expires"], "2027-01-01");
    let warnings = v["warnings"].to_string();
    assert!(warnings.contains("suppress[2] (rate-limiting) expired on 2026-01-01"), "{warnings}");
    assert!(warnings.contains("suppress[3] (health-endpoint) matched no finding"), "{warnings}");
}

#[test]
fn every_format_lists_suppressions() {
    let p = express_copy();
    std::fs::write(
        p.path().join("readycheck.toml"),
        "[[suppress]]\nrule = \"cors-wildcard\"\nreason = \"public API, no cookies\"\n",
    )
    .unwrap();
    let table = scan(p.path(), "table");
    assert!(
        table.contains("Suppressed (1;") && table.contains("public API, no cookies"),
        "{table}"
    );
    let gh = scan(p.path(), "github");
    assert!(
        gh.contains("title=cors-wildcard (suppressed)::accepted risk: public API, no cookies"),
        "{gh}"
    );
    let md = scan(p.path(), "markdown");
    assert!(md.contains("public API, no cookies"), "{md}");
    assert!(
        md.contains("## 🔕 Accepted Risk (Suppressions)") && md.contains("| Category | Score | Raw score |"),
        "{md}"
    );
    let sarif: serde_json::Value = serde_json::from_str(&scan(p.path(), "sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let suppressed: Vec<_> = results.iter().filter(|r| r["suppressions"].is_array()).collect();
    assert_eq!(suppressed.len(), 1);
    assert_eq!(suppressed[0]["ruleId"], "cors-wildcard");
    assert_eq!(suppressed[0]["suppressions"][0]["kind"], "external");
    assert_eq!(suppressed[0]["suppressions"][0]["justification"], "public API, no cookies");
}
