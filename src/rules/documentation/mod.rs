//! Documentation rules implemented natively, one module per rule.
pub mod env_example;
