//! SARIF output validates against the OASIS SARIF 2.1.0 schema (`../shared/sarif-schema-2.1.0.json`;
//! skipped, not failed, where the schema file is absent) and holds what GitHub code scanning needs.

use readycheck::engine::{ScanOptions, scan};
use readycheck::report::{Format, RenderOptions, reporter};
use std::path::Path;

fn sarif_of(project: &str) -> serde_json::Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects").join(project);
    let rules = readycheck::rules::builtin().unwrap();
    let r = scan(&root, &rules, &ScanOptions::default()).unwrap();
    serde_json::from_str(&reporter(Format::Sarif).render(&r, &RenderOptions::default())).unwrap()
}

#[test]
fn sarif_validates_against_the_2_1_0_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/sarif-schema-2.1.0.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    // The validator must be able to fail: a log without `version` and with a bad level is invalid.
    let mut broken = sarif_of("sloppy-express-api");
    broken.as_object_mut().unwrap().remove("version");
    broken["runs"][0]["results"][0]["level"] = serde_json::json!("catastrophic");
    assert!(
        validator.iter_errors(&broken).count() >= 2,
        "the schema validator accepted an invalid log"
    );
    for project in ["sloppy-express-api", "fastapi-service", "go-service", "python-library", "monorepo"] {
        let doc = sarif_of(project);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .take(10)
            .collect();
        assert!(errors.is_empty(), "{project}: {errors:#?}");
    }
}

#[test]
fn every_rule_is_described_and_every_finding_located() {
    let doc = sarif_of("sloppy-express-api");
    let run = &doc["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), readycheck::rules::builtin().unwrap().len());
    let cors = rules.iter().find(|r| r["id"] == "cors-wildcard").unwrap();
    assert_eq!(cors["properties"]["security-severity"], "9.5");
    assert!(cors["properties"]["tags"].as_array().unwrap().iter().any(|t| t == "security"));
    assert!(cors["help"]["markdown"].as_str().unwrap().contains("How to fix it"));
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        let loc = &res["locations"][0]["physicalLocation"];
        assert!(loc["artifactLocation"]["uri"].is_string(), "{res}");
        assert!(loc["region"]["startLine"].as_i64().unwrap() >= 1, "{res}");
        assert!(res["partialFingerprints"]["readycheck/v1"].as_str().unwrap().len() == 16);
    }
    let cors_hit = results.iter().find(|r| r["ruleId"] == "cors-wildcard").unwrap();
    assert_eq!(
        cors_hit["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/index.js"
    );
    assert_eq!(cors_hit["locations"][0]["physicalLocation"]["region"]["startLine"], 6);
    // Missing things are reported at the manifest.
    let docker = results.iter().find(|r| r["ruleId"] == "dockerfile").unwrap();
    assert_eq!(
        docker["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "package.json"
    );
}
