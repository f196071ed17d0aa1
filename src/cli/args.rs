//! Argument definitions: every subcommand and flag, with the parsers that validate values
//! before any work starts (a bad value is exit code 2 from clap, with its message).

use crate::model::Category;
use crate::report::Format;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  readycheck scan .                                   table in the terminal
  readycheck scan . --fail-under 7                    exit 1 when the overall score is below 7.0
  readycheck scan . --fail-under-category security=6  exit 1 when security scores below 6
  readycheck scan . --fail-on critical                exit 1 when any critical rule fails
  readycheck scan . --format markdown -o READINESS.md the release manager's report
  readycheck scan . --format json -o readycheck.json  machine-readable result
  readycheck rules --category security                what is checked
  readycheck explain cors-wildcard                    why it matters and how to fix it
  readycheck explain --scoring                        how scores are computed
  readycheck completions bash                         shell completions (bash, zsh, fish, powershell, elvish)";

const COMPLETIONS_HELP: &str = "\
The script is generated from the argument definitions, so it is always current. Install:
  bash   readycheck completions bash > ~/.local/share/bash-completion/completions/readycheck
  zsh    readycheck completions zsh > ~/.zfunc/_readycheck   (with `fpath+=~/.zfunc` before compinit)
  fish   readycheck completions fish > ~/.config/fish/completions/readycheck.fish";

#[derive(Parser, Debug)]
#[command(name = "readycheck", version, about = "Audit a repository for production readiness, without running it", after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan a repository and score it in eight categories
    #[command(after_help = EXAMPLES)]
    Scan(ScanArgs),
    /// List every rule: id, category, severity, title
    Rules(RulesArgs),
    /// Explain a rule (why, how it is detected, how to fix it) or the scoring model
    Explain(ExplainArgs),
    /// Write a commented readycheck.toml with every default
    Init(InitArgs),
    /// Print the JSON Schema of readycheck.toml (for editor completion)
    ConfigSchema,
    /// Print a shell completion script on stdout
    #[command(after_help = COMPLETIONS_HELP)]
    Completions(CompletionsArgs),
}

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Args, Debug)]
pub struct InitArgs {
    /// Directory to write readycheck.toml into
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Overwrite an existing readycheck.toml
    #[arg(long)]
    pub force: bool,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Repository to scan
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Write a report to a file: `-o FILE` (in --format; the terminal then gets a one-line
    /// summary) or `-o FORMAT=PATH`, repeatable (the terminal still gets --format's report)
    #[arg(long, short = 'o', value_name = "[FORMAT=]PATH", value_parser = parse_output)]
    pub output: Vec<OutputSpec>,
    /// Exit 1 when the overall score is below SCORE (0–10)
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub fail_under: Option<f64>,
    /// Exit 1 when a category scores below its threshold, e.g. security=6 (repeatable)
    #[arg(long, value_name = "CATEGORY=SCORE", value_parser = crate::gate::parse_category_threshold)]
    pub fail_under_category: Vec<(Category, f64)>,
    /// Exit 1 when any rule of this severity or worse fails
    #[arg(long, value_name = "SEVERITY", value_parser = crate::gate::parse_severity)]
    pub fail_on: Option<crate::model::Severity>,
    /// Worker threads (0 = one per core)
    #[arg(long, default_value_t = 0)]
    pub threads: usize,
    /// Skip files larger than this many bytes [default: 1048576, or `scan.max_file_size`]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Config file [default: readycheck.toml at the scanned root, when present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// A previous JSON report to compare with (`readycheck scan -f json -o FILE`)
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Exit 1 when a category score dropped or a rule that passed now fails, against --baseline
    #[arg(long)]
    pub fail_on_regression: bool,
    /// Never colour the output (also: the NO_COLOR environment variable)
    #[arg(long)]
    pub no_color: bool,
    /// Print scan statistics to stderr: files walked, read, parsed and skipped, bytes read, time
    /// per phase and the slowest rules (never in the reports, which stay byte-identical)
    #[arg(long)]
    pub stats: bool,
    /// No progress indicator, no summary line for `-o FILE`, no baseline counts; reports, gate
    /// failures and errors are still printed
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Only rules of this category
    #[arg(long, value_parser = parse_category)]
    pub category: Option<Category>,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Which project's rules: its config decides custom rules, disabled rules and severities.
#[derive(Args, Debug)]
pub struct ProjectArgs {
    /// The project whose readycheck.toml (and .readycheck/rules/) applies
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Config file [default: readycheck.toml in --root, when present]
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, as listed by `readycheck rules`
    #[arg(required_unless_present = "scoring")]
    pub rule: Option<String>,
    /// Explain the scoring model instead of a rule
    #[arg(long, conflicts_with = "rule")]
    pub scoring: bool,
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Where one report goes: a format (or `--format`'s) and a path.
#[derive(Clone, Debug, PartialEq)]
pub struct OutputSpec {
    pub format: Option<Format>,
    pub path: PathBuf,
}

fn parse_output(s: &str) -> Result<OutputSpec, String> {
    use clap::ValueEnum;
    if let Some((name, path)) = s.split_once('=')
        && let Ok(format) = Format::from_str(name, true)
    {
        if path.is_empty() {
            return Err(format!("`{s}`: expected FORMAT=PATH with a path"));
        }
        return Ok(OutputSpec {
            format: Some(format),
            path: PathBuf::from(path),
        });
    }
    if s.is_empty() {
        return Err("expected a path".to_string());
    }
    Ok(OutputSpec {
        format: None,
        path: PathBuf::from(s),
    })
}

fn parse_score(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if !(0.0..=10.0).contains(&v) {
        return Err(format!("`{s}` is outside 0–10"));
    }
    Ok(v)
}

fn parse_category(s: &str) -> Result<Category, String> {
    Category::from_id(s).ok_or_else(|| {
        let ids: Vec<&str> = Category::ALL.iter().map(|c| c.id()).collect();
        format!("unknown category `{s}`; expected one of {}", ids.join(", "))
    })
}
