//! Reports are pure functions of the scored result, one module per format behind one trait.

pub mod github;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod table;

use crate::engine::ScanResult;

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
}

/// How a report should be drawn (never what it says).
#[derive(Clone, Copy, Debug, Default)]
pub struct RenderOptions {
    /// ANSI colour (only for the table, only on a TTY without `NO_COLOR`).
    pub color: bool,
}

/// One output format.
pub trait Report {
    fn render(&self, result: &ScanResult, opts: &RenderOptions) -> String;
}

/// The report implementation for a format.
pub fn reporter(format: Format) -> Box<dyn Report> {
    match format {
        Format::Table => Box::new(table::TableReport),
        Format::Json => Box::new(json::JsonReport),
        Format::Markdown => Box::new(markdown::MarkdownReport),
        Format::Github => Box::new(github::GithubReport),
        Format::Sarif => Box::new(sarif::SarifReport),
    }
}

/// `path:line`, or `path` when the location is the whole file.
pub fn loc(path: &str, line: usize) -> String {
    if line == 0 { path.to_string() } else { format!("{path}:{line}") }
}

/// A score for display: `4.75`, `7`, `6.5`.
pub fn fmt_score(x: f64) -> String {
    let s = format!("{x:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

/// Hours for display: `30 minutes`, `1 hour`, `2.5 hours`.
pub fn fmt_hours(h: f64) -> String {
    if h < 1.0 {
        format!("{} minutes", (h * 60.0).round())
    } else if (h - 1.0).abs() < f64::EPSILON {
        "1 hour".to_string()
    } else {
        format!("{} hours", fmt_score(h))
    }
}
