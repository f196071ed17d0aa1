//! readycheck: a static production-readiness auditor.
//!
//! The pipeline flows one way — discover ─▶ index ─▶ detect ─▶ evaluate ─▶ score ─▶ report — and
//! every stage is a module here. The binary (`main.rs`) only parses arguments and maps the result
//! to an exit code.

// Rules are built with `new()` in one registry table; a `Default` for each would say nothing more.
#![allow(clippy::new_without_default)]

pub mod baseline;
pub mod cli;
pub mod clock;
pub mod config;
pub mod declarative;
pub mod detect;
pub mod discover;
pub mod engine;
pub mod fingerprint;
pub mod fuzz_input;
pub mod gate;
pub mod index;
pub mod lang;
pub mod lexmask;
pub mod line_regex;
pub mod model;
pub mod paths;
pub mod prefilter;
pub mod progress;
pub mod pyoutline;
pub mod redact;
pub mod report;
pub mod rule;
pub mod rules;
pub mod score;
pub mod suggest;
pub mod suppress;
pub mod words;
