//! SARIF 2.1.0 for GitHub code scanning and other SARIF consumers, built with the maintained
//! `serde-sarif` types (generated from the official schema).
//!
//! Every rule is described in `tool.driver.rules` (with its remediation as help text, its category
//! as a tag and, for security rules, a `security-severity`); every finding is a result with a
//! physical location. A rule that fails because something is *missing* (no Dockerfile, no tests)
//! is reported at the file that best represents the project: a manifest, else the README, else the
//! first file. Each result carries a fingerprint that survives line moves and holds no secret text.

use super::{RenderOptions, Report};
use crate::engine::{RuleResult, ScanResult};
use crate::model::{Category, Severity, Status};
use serde_sarif::sarif::{
    ArtifactLocation, Location, Message, MultiformatMessageString, PhysicalLocation, PropertyBag, Region, ReportingDescriptor,
    Result as SarifResult, ResultLevel, Run, Sarif, Suppression, Tool, ToolComponent,
};
use std::collections::BTreeMap;

const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

pub struct SarifReport;

fn level(sev: Severity) -> ResultLevel {
    match sev {
        Severity::Critical | Severity::High => ResultLevel::Error,
        Severity::Medium => ResultLevel::Warning,
        Severity::Low => ResultLevel::Note,
    }
}

/// GitHub's `security-severity` scale (0–10) for security rules.
fn security_severity(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "9.5",
        Severity::High => "7.5",
        Severity::Medium => "5.0",
        Severity::Low => "2.0",
    }
}

/// FNV-1a, 64 bits: a stable hash (unlike `DefaultHasher`) for fingerprints.
use crate::fingerprint::fnv1a;

/// Where a finding about the whole project goes: a manifest, the README, or the first file.
fn representative_file(r: &ScanResult) -> String {
    if let Some(m) = r
        .project
        .manifests
        .iter()
        .find(|m| !m.path.contains('/'))
        .or(r.project.manifests.first())
    {
        return m.path.clone();
    }
    let readme = r
        .project
        .files
        .iter()
        .find(|f| !f.path.contains('/') && f.name().to_ascii_lowercase().starts_with("readme"));
    readme
        .or(r.project.files.first())
        .map(|f| f.path.clone())
        .unwrap_or_else(|| ".".to_string())
}

fn location(path: &str, line: usize, column: usize) -> Location {
    let region = Region::builder().start_line(line.max(1) as i64);
    let region = if column > 0 {
        region.start_column(column as i64).build()
    } else {
        region.build()
    };
    Location::builder()
        .physical_location(
            PhysicalLocation::builder()
                .artifact_location(ArtifactLocation::builder().uri(path.to_string()).build())
                .region(region)
                .build(),
        )
        .build()
}

fn descriptor(x: &RuleResult, frameworks: &[String]) -> ReportingDescriptor {
    let m = &x.meta;
    let mut help = format!("{}\n\nHow it is detected: {}\n", m.rationale, m.detection);
    let mut help_md = format!("{}\n\n**How it is detected**: {}\n", m.rationale, m.detection);
    if let Some(fix) = m.remediation_for(frameworks) {
        help.push_str(&format!("\nHow to fix it ({}):\n{}\n", fix.framework, fix.snippet.trim_end()));
        help_md.push_str(&format!(
            "\n**How to fix it** ({}):\n```{}\n{}\n```\n",
            fix.framework,
            fix.lang,
            fix.snippet.trim_end()
        ));
    }
    let mut extra = BTreeMap::new();
    if m.category == Category::Security {
        extra.insert(
            "security-severity".to_string(),
            serde_json::Value::String(security_severity(m.severity).to_string()),
        );
    }
    extra.insert("severity".to_string(), serde_json::Value::String(m.severity.id().to_string()));
    let props = PropertyBag::builder()
        .tags(vec![m.category.id().to_string(), "production-readiness".to_string()])
        .additional_properties(extra)
        .build();
    ReportingDescriptor::builder()
        .id(m.id.clone())
        .name(m.id.clone())
        .short_description(MultiformatMessageString::builder().text(m.title.clone()).build())
        .full_description(MultiformatMessageString::builder().text(m.rationale.clone()).build())
        .help(MultiformatMessageString::builder().text(help).markdown(help_md).build())
        .properties(props)
        .build()
}

fn result(rule: &str, sev: Severity, text: String, loc: Location, fingerprint: String) -> SarifResult {
    SarifResult::builder()
        .rule_id(rule.to_string())
        .level(level(sev))
        .message(Message::builder().text(text).build())
        .locations(vec![loc])
        .partial_fingerprints(BTreeMap::from([("readycheck/v1".to_string(), fingerprint)]))
        .build()
}

impl Report for SarifReport {
    fn render(&self, r: &ScanResult, _opts: &RenderOptions) -> String {
        let frameworks = r.project.stack.framework_ids();
        let rules: Vec<ReportingDescriptor> = r.rules.iter().map(|x| descriptor(x, &frameworks)).collect();
        let fallback = representative_file(r);
        let mut results = vec![];
        for x in r.rules.iter().filter(|x| x.outcome.status == Status::Fail) {
            let id = x.meta.id.as_str();
            if x.outcome.findings.is_empty() {
                results.push(result(
                    id,
                    x.meta.severity,
                    x.outcome.message.clone(),
                    location(&fallback, 1, 0),
                    fnv1a(&[id, "project"]),
                ));
                continue;
            }
            for f in &x.outcome.findings {
                // Line numbers are left out so the fingerprint survives code moving up or down.
                let fp = crate::baseline::fingerprint(id, f);
                results.push(result(
                    id,
                    x.meta.severity,
                    f.message.clone(),
                    location(&f.location.path, f.location.line, f.location.column),
                    fp,
                ));
            }
        }
        // Accepted risks stay visible to code scanning, marked as suppressed with the reason.
        for sup in &r.suppressed {
            let Some(x) = r.rules.iter().find(|x| x.meta.id == sup.rule) else {
                continue;
            };
            let (loc, fp) = if sup.location.path.is_empty() {
                (location(&fallback, 1, 0), fnv1a(&[&sup.rule, "project"]))
            } else {
                let f = crate::model::Finding {
                    location: sup.location.clone(),
                    message: sup.message.clone(),
                    snippet: sup.snippet.clone(),
                };
                (
                    location(&sup.location.path, sup.location.line, sup.location.column),
                    crate::baseline::fingerprint(&sup.rule, &f),
                )
            };
            let mut res = result(&sup.rule, x.meta.severity, sup.message.clone(), loc, fp);
            // A comment's source is `path:line`; a config entry's names the config file.
            let kind = if sup.source.contains("[[suppress]]") {
                "external"
            } else {
                "inSource"
            };
            res.suppressions = Some(vec![
                Suppression::builder()
                    .kind(serde_json::json!(kind))
                    .justification(sup.reason.clone())
                    .build(),
            ]);
            results.push(res);
        }
        let driver = ToolComponent::builder()
            .name("readycheck")
            .semantic_version(env!("CARGO_PKG_VERSION").to_string())
            .information_uri("https://github.com/readycheck/readycheck".to_string())
            .rules(rules)
            .build();
        let run_props = PropertyBag::builder()
            .additional_properties(BTreeMap::from([
                ("scoringModel".to_string(), serde_json::json!(crate::score::SCORING_MODEL)),
                ("ruleset".to_string(), serde_json::json!(r.ruleset)),
                ("overallScore".to_string(), serde_json::json!(r.scores.overall)),
                ("verdict".to_string(), serde_json::json!(r.scores.verdict.label())),
            ]))
            .build();
        let run = Run::builder()
            .tool(Tool::builder().driver(driver).build())
            .results(results)
            .properties(run_props)
            .build();
        let log = Sarif::builder()
            .schema(SCHEMA_URI.to_string())
            .version(serde_json::json!("2.1.0"))
            .runs(vec![run])
            .build();
        let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}
