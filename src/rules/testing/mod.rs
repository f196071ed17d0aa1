//! Testing rules implemented natively, one module per rule.
pub mod focused_tests;
pub mod test_ratio;
pub mod test_runner_config;
pub mod tests_present;
