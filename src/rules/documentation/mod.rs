//! Documentation rules implemented natively, one module per rule.
pub mod changelog;
pub mod deployment_guide;
pub mod env_example;
pub mod env_example_complete;
pub mod license;
pub mod readme_setup;
pub mod runbook;
