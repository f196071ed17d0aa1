//! Testing rules implemented natively, one module per rule.
pub mod tests_present;
