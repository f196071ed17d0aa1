//! Reliability rules implemented natively, one module per rule.
pub mod db_migrations;
pub mod db_pooling;
pub mod global_error_handler;
pub mod graceful_shutdown;
pub mod health_endpoint;
pub mod http_client_timeout;
pub mod unhandled_rejection;
