//! The registry: every built-in rule, native (Rust modules below) and declarative (`rules/*.toml`).
//!
//! This is the one table; adding a native rule adds one line here, adding a declarative rule adds
//! nothing here at all.

pub mod architecture;
pub mod deployment;
pub mod documentation;
pub mod monitoring;
pub mod performance;
pub mod reliability;
pub mod security;
pub mod testing;
pub mod util;

use crate::declarative::{self, LoadError};
use crate::rule::Rule;

/// Native rules, one per module.
fn native() -> Vec<Box<dyn Rule>> {
    vec![
        Box::new(security::cors_wildcard::CorsWildcard::new()),
        Box::new(security::authentication::Authentication::new()),
        Box::new(security::security_headers::SecurityHeaders::new()),
        Box::new(security::input_validation::InputValidation::new()),
        Box::new(security::env_validation::EnvValidation::new()),
        Box::new(security::lockfile::Lockfile::new()),
        Box::new(security::dependency_audit::DependencyAudit::new()),
        Box::new(security::hardcoded_secret::HardcodedSecret::new()),
        Box::new(security::default_secret::DefaultSecret::new()),
        Box::new(security::committed_env_file::CommittedEnvFile::new()),
        Box::new(security::dockerfile_secrets::DockerfileSecrets::new()),
        Box::new(security::debug_enabled::DebugEnabled::new()),
        Box::new(security::sql_injection::SqlInjection::new()),
        Box::new(security::xss_sink::XssSink::new()),
        Box::new(security::csrf_exempt::CsrfExempt::new()),
        Box::new(reliability::health_endpoint::HealthEndpoint::new()),
        Box::new(reliability::global_error_handler::GlobalErrorHandler::new()),
        Box::new(reliability::graceful_shutdown::GracefulShutdown::new()),
        Box::new(reliability::http_client_timeout::HttpClientTimeout::new()),
        Box::new(reliability::db_pooling::DbPooling::new()),
        Box::new(reliability::db_migrations::DbMigrations::new()),
        Box::new(reliability::unhandled_rejection::UnhandledRejection::new()),
        Box::new(documentation::env_example::EnvExample::new()),
        Box::new(testing::tests_present::TestsPresent::new()),
        Box::new(documentation::env_example_complete::EnvExampleComplete::new()),
        Box::new(documentation::readme_setup::ReadmeSetup::new()),
        Box::new(documentation::deployment_guide::DeploymentGuide::new()),
        Box::new(documentation::runbook::Runbook::new()),
        Box::new(documentation::license::License::new()),
        Box::new(documentation::changelog::Changelog::new()),
        Box::new(testing::test_ratio::TestRatio::new()),
        Box::new(testing::test_runner_config::TestRunnerConfig::new()),
        Box::new(testing::focused_tests::FocusedTests::new()),
        Box::new(deployment::ci_runs_tests::CiRunsTests::new()),
        Box::new(deployment::compose_healthchecks::ComposeHealthchecks::new()),
        Box::new(deployment::dockerfile_healthcheck::DockerfileHealthcheck::new()),
        Box::new(deployment::dockerfile_non_root::DockerfileNonRoot::new()),
        Box::new(deployment::dockerfile_pinned_base::DockerfilePinnedBase::new()),
        Box::new(deployment::dockerignore::Dockerignore::new()),
        Box::new(deployment::k8s_probes_and_limits::K8sProbesAndLimits::new()),
        Box::new(monitoring::stray_console_output::StrayConsoleOutput::new()),
        Box::new(performance::blocking_in_async::BlockingInAsync::new()),
        Box::new(performance::pagination::Pagination::new()),
        Box::new(performance::production_build::ProductionBuild::new()),
        Box::new(architecture::linter_config::LinterConfig::new()),
        Box::new(architecture::formatter_config::FormatterConfig::new()),
        Box::new(architecture::type_checking::TypeChecking::new()),
        Box::new(architecture::todo_density::TodoDensity::new()),
        Box::new(architecture::debug_leftovers::DebugLeftovers::new()),
        Box::new(architecture::oversized_modules::OversizedModules::new()),
    ]
}

/// Every built-in rule, sorted by id.
pub fn builtin() -> Result<Vec<Box<dyn Rule>>, LoadError> {
    let mut rules = native();
    for r in declarative::builtin()? {
        rules.push(Box::new(r));
    }
    rules.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn ids_are_unique_kebab_and_documented() {
        let rules = builtin().unwrap();
        let mut seen = BTreeSet::new();
        for r in &rules {
            let m = r.meta();
            assert!(seen.insert(m.id.clone()), "duplicate id {}", m.id);
            // Digits are allowed, as in declarative ids: the catalog has `e2e-tests`.
            assert!(
                m.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{}",
                m.id
            );
            assert!(
                !m.title.is_empty() && !m.rationale.is_empty() && !m.detection.is_empty(),
                "{} lacks docs",
                m.id
            );
            assert!(!m.remediation.is_empty(), "{} lacks remediation", m.id);
            assert!(m.effort_hours > 0.0, "{} lacks effort", m.id);
            assert!(!m.pass_message.is_empty() && !m.fail_message.is_empty(), "{} lacks messages", m.id);
        }
    }

    #[test]
    fn every_rule_has_pass_and_fail_fixtures() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
        for r in builtin().unwrap() {
            let id = &r.meta().id;
            let dir = root.join(id);
            let cases: Vec<String> = std::fs::read_dir(&dir)
                .unwrap_or_else(|_| panic!("no fixtures for {id} in {}", dir.display()))
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            assert!(cases.iter().any(|c| c.starts_with("pass-")), "{id} has no pass- fixture");
            assert!(cases.iter().any(|c| c.starts_with("fail-")), "{id} has no fail- fixture");
        }
    }
}
