//! Architecture rules implemented natively, one module per rule, plus the tool-detection table
//! the linter, formatter and type-checking rules share.
pub mod debug_leftovers;
pub mod formatter_config;
pub mod linter_config;
pub mod oversized_modules;
pub mod todo_density;
pub mod tooling;
pub mod type_checking;
