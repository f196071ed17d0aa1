//! Security rules implemented natively, one module per rule.
pub mod cors_wildcard;
