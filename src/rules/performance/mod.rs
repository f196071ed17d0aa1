//! Performance rules implemented natively, one module per rule.
pub mod blocking_in_async;
pub mod pagination;
pub mod production_build;
