//! Reliability rules implemented natively, one module per rule.
pub mod health_endpoint;
