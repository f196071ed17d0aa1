//! Security rules implemented natively, one module per rule.
pub mod committed_env_file;
pub mod cors_wildcard;
pub mod csrf_exempt;
pub mod debug_enabled;
pub mod default_secret;
pub mod dockerfile_secrets;
pub mod hardcoded_secret;
pub mod secrets;
pub mod sql_injection;
pub mod xss_sink;
