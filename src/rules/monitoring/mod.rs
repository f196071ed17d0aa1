//! Monitoring rules implemented natively, one module per rule.
pub mod stray_console_output;
