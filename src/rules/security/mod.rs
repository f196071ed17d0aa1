//! Security rules implemented natively, one module per rule.
pub mod authentication;
pub mod cors_wildcard;
pub mod dependency_audit;
pub mod env_validation;
pub mod input_validation;
pub mod lockfile;
pub mod security_headers;
pub mod signals;
