//! Security rules implemented natively, one module per rule.
pub mod authentication;
pub mod committed_env_file;
pub mod cors_wildcard;
pub mod csrf_exempt;
pub mod debug_enabled;
pub mod default_secret;
pub mod dependency_audit;
pub mod dockerfile_secrets;
pub mod env_validation;
pub mod hardcoded_secret;
pub mod input_validation;
pub mod lockfile;
pub mod secrets;
pub mod security_headers;
pub mod signals;
pub mod sql_injection;
pub mod xss_sink;
