//! Command-line interface: argument definitions and the commands they run.
//!
//! Exit codes: 0 scan done and gate passed (or no gate) · 1 gate failed · 2 usage, config or I/O
//! error (message on stderr, nothing half-written to the output file).

use crate::engine::{self, ScanOptions, ScanResult};
use crate::model::Category;
use crate::report::{self, Format, RenderOptions};
use crate::rule::Rule;
use clap::{Args, Parser, Subcommand};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

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
  readycheck explain --scoring                        how scores are computed";

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
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    /// Only rules of this category
    #[arg(long, value_parser = parse_category)]
    pub category: Option<Category>,
}

#[derive(Args, Debug)]
pub struct ExplainArgs {
    /// Rule id, as listed by `readycheck rules`
    #[arg(required_unless_present = "scoring")]
    pub rule: Option<String>,
    /// Explain the scoring model instead of a rule
    #[arg(long, conflicts_with = "rule")]
    pub scoring: bool,
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

/// Runs the command line and returns the process exit code.
pub fn main() -> u8 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("readycheck: error: {e:#}");
            2
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let rules = crate::rules::builtin().map_err(|e| anyhow::anyhow!("built-in rule failed to load: {e}"))?;
    match cli.command {
        Command::Scan(args) => scan(args, rules),
        Command::Init(args) => init(&args),
        Command::ConfigSchema => {
            print_out(&crate::config::json_schema())?;
            Ok(0)
        }
        Command::Rules(args) => {
            print_out(&list_rules(&rules, args.category))?;
            Ok(0)
        }
        Command::Explain(args) => {
            if args.scoring {
                print_out(SCORING_TEXT)?;
                return Ok(0);
            }
            let id = args.rule.unwrap_or_default();
            match rules.iter().find(|r| r.meta().id == id) {
                Some(r) => {
                    print_out(&explain(r.as_ref()))?;
                    Ok(0)
                }
                None => {
                    let close: Vec<&str> = rules
                        .iter()
                        .map(|r| r.meta().id.as_str())
                        .filter(|r| r.contains(id.as_str()) || id.contains(*r))
                        .collect();
                    let hint = if close.is_empty() {
                        String::new()
                    } else {
                        format!("; did you mean {}?", close.join(", "))
                    };
                    anyhow::bail!("unknown rule `{id}`{hint} (see `readycheck rules`)")
                }
            }
        }
    }
}

fn print_out(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`readycheck rules | head`) is not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.into()),
    }
}

fn scan(args: ScanArgs, builtin: Vec<Box<dyn Rule>>) -> anyhow::Result<u8> {
    let started = std::time::Instant::now();
    if !args.path.exists() {
        // Checked before the config, so a mistyped path is reported as such.
        return Err(engine::ScanError::Missing(args.path.display().to_string()).into());
    }
    let loaded = crate::config::load(args.config.as_deref(), &args.path)?;
    let custom = crate::config::load_custom_rules(&loaded, &args.path)?;
    let rules = crate::config::apply_to_rules(&loaded, builtin, custom)?;
    let cfg = &loaded.config;
    let config_file = match &loaded.path {
        Some(_) if args.config.is_none() => crate::config::FILE_NAME.to_string(),
        Some(p) => p.display().to_string(),
        None => crate::config::FILE_NAME.to_string(),
    };
    let base_dir = loaded.base_dir(&args.path);
    let baseline_path = match (&args.baseline, &cfg.gate.baseline) {
        (Some(p), _) => Some(p.clone()),
        (None, Some(p)) => Some(base_dir.join(p)),
        (None, None) => None,
    };
    let fail_on_regression = args.fail_on_regression || cfg.gate.fail_on_regression;
    if fail_on_regression && baseline_path.is_none() {
        anyhow::bail!("--fail-on-regression needs a baseline: --baseline previous.json (or `gate.baseline` in {config_file})");
    }
    // Read the baseline before scanning: a bad baseline is a usage error, found early.
    let baseline = match &baseline_path {
        Some(p) => Some(crate::baseline::load(p).map_err(|e| anyhow::anyhow!(e))?),
        None => None,
    };
    let opts = ScanOptions {
        walk: crate::discover::WalkOptions {
            max_file_size: args.max_file_size.unwrap_or(cfg.scan.max_file_size),
            threads: args.threads,
            exclude: cfg.scan.exclude.clone(),
        },
        today: Some(crate::clock::today()),
        suppress: cfg.suppress.clone(),
        config_file,
        profile: args.stats,
    };
    let mut result = engine::scan(&args.path, &rules, &opts)?;
    let reporting = std::time::Instant::now();
    // A plain `-o FILE` replaces the terminal report with a summary line; `-o FORMAT=PATH`
    // outputs are extra reports, and the terminal still gets --format's.
    let summary_only = args.output.iter().any(|o| o.format.is_none());
    let color = !summary_only
        && args.format == Format::Table
        && !args.no_color
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stdout().is_terminal();
    // Render everything before writing anything, so a bad path leaves no report half-done.
    let files: Vec<(&Path, String)> = args
        .output
        .iter()
        .map(|o| {
            (
                o.path.as_path(),
                report::reporter(o.format.unwrap_or(args.format)).render(&result, &RenderOptions::default()),
            )
        })
        .collect();
    for (path, _) in &files {
        check_writable(path)?;
    }
    for (path, text) in &files {
        write_atomically(path, text)?;
    }
    if summary_only {
        let written: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        print_out(&format!("{} (report written to {})\n", summary_line(&result), written.join(", ")))?;
    } else {
        print_out(&report::reporter(args.format).render(&result, &RenderOptions { color }))?;
    }
    if let Some(p) = &mut result.profile {
        p.report = reporting.elapsed();
        eprint!("{}", p.render(&result.project.stats, started.elapsed(), 15));
    }
    let gates = crate::gate::Gates {
        fail_under: args.fail_under.or(cfg.gate.fail_under),
        fail_under_category: merge_category_gates(&args.fail_under_category, &cfg.gate.fail_under_category),
        fail_on: args.fail_on.or(cfg.gate.fail_on),
    };
    let mut failed = gates.check(&result);
    if let Some(base) = &baseline {
        let cmp = crate::baseline::compare(&result, base);
        if let Some(note) = &cmp.note {
            eprintln!("readycheck: note: {note}");
        }
        eprintln!(
            "readycheck: against the baseline: {} new finding(s), {} fixed, {} regression(s)",
            cmp.new_findings,
            cmp.fixed_findings,
            cmp.regressions.len()
        );
        if fail_on_regression {
            failed.extend(cmp.regressions.into_iter().map(|r| format!("{r} (--fail-on-regression)")));
        }
    }
    if !failed.is_empty() {
        for reason in &failed {
            eprintln!("readycheck: gate failed: {reason}");
        }
        return Ok(1);
    }
    Ok(0)
}

/// Category thresholds from the flags, then from the config for categories the flags leave out.
fn merge_category_gates(flags: &[(Category, f64)], config: &std::collections::BTreeMap<String, f64>) -> Vec<(Category, f64)> {
    let mut out = flags.to_vec();
    for (name, v) in config {
        if let Some(cat) = Category::from_id(name)
            && !out.iter().any(|(c, _)| *c == cat)
        {
            out.push((cat, *v));
        }
    }
    out.sort_by_key(|(c, _)| *c);
    out
}

/// One line for the terminal when the report went to a file.
pub fn summary_line(r: &ScanResult) -> String {
    let failed = r.rules.iter().filter(|x| x.outcome.status == crate::model::Status::Fail).count();
    format!(
        "readycheck: {} — overall {}/10, {} failing check(s)",
        r.scores.verdict.label(),
        report::fmt_score(r.scores.overall),
        failed
    )
}

/// `readycheck init`: the commented template, never over an existing file unless `--force`.
fn init(args: &InitArgs) -> anyhow::Result<u8> {
    if !args.dir.is_dir() {
        anyhow::bail!("`{}` is not a directory", args.dir.display());
    }
    let path = args.dir.join(crate::config::FILE_NAME);
    if path.exists() && !args.force {
        anyhow::bail!("`{}` already exists; pass --force to overwrite it", path.display());
    }
    write_atomically(&path, crate::config::TEMPLATE)?;
    print_out(&format!("wrote {}\n", path.display()))?;
    Ok(0)
}

/// Fails early when `path`'s directory does not exist.
fn check_writable(path: &Path) -> anyhow::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("cannot write `{}`: directory `{}` does not exist", path.display(), dir.display());
    }
    Ok(())
}

/// Writes via a temporary file in the same directory and a rename, so a failure leaves no half file.
/// A path that exists and is not a regular file (`/dev/null`, `/dev/stdout`, a FIFO) is written in
/// place: renaming over it would replace the device with a plain file.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    if is_special_file(path) {
        return std::fs::write(path, text).map_err(|e| anyhow::anyhow!("cannot write `{}`: {e}", path.display()));
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        anyhow::bail!("cannot write `{}`: directory `{}` does not exist", path.display(), dir.display());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.readycheck-tmp-{}", std::process::id()));
    let res = std::fs::write(&tmp, text).and_then(|_| std::fs::rename(&tmp, path));
    if let Err(e) = res {
        let _ = std::fs::remove_file(&tmp);
        anyhow::bail!("cannot write `{}`: {e}", path.display());
    }
    Ok(())
}

/// True when `path` exists and is neither a regular file nor a directory (after symlinks).
fn is_special_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

fn list_rules(rules: &[Box<dyn Rule>], category: Option<Category>) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header(vec!["Id", "Category", "Severity", "Applies to", "Title"]);
    let mut sorted: Vec<&dyn Rule> = rules
        .iter()
        .map(|r| r.as_ref())
        .filter(|r| category.is_none_or(|c| r.meta().category == c))
        .collect();
    sorted.sort_by(|a, b| a.meta().category.cmp(&b.meta().category).then(a.meta().id.cmp(&b.meta().id)));
    for r in &sorted {
        let m = r.meta();
        let applies = if m.applies_to.is_empty() {
            "any".to_string()
        } else {
            m.applies_to.join(", ")
        };
        t.add_row(vec![m.id.as_str(), m.category.id(), m.severity.id(), &applies, &m.title]);
    }
    format!("{t}\n{} rule(s)\n", sorted.len())
}

fn explain(rule: &dyn Rule) -> String {
    let m = rule.meta();
    let mut s = format!(
        "{} — {}\n\ncategory: {}   severity: {} (weight {})   applies to: {}   effort: {}\n\nWhy it matters\n  {}\n\nHow it is detected\n  {}\n\nHow to fix it\n",
        m.id,
        m.title,
        m.category.id(),
        m.severity.id(),
        m.severity.weight(),
        if m.applies_to.is_empty() {
            "any repository".to_string()
        } else {
            m.applies_to.join(", ")
        },
        report::fmt_hours(m.effort_hours),
        m.rationale.replace('\n', "\n  "),
        m.detection.replace('\n', "\n  "),
    );
    for r in &m.remediation {
        s.push_str(&format!("\n  [{}]\n", r.framework));
        for line in r.snippet.trim_end().lines() {
            s.push_str(&format!("    {line}\n"));
        }
    }
    s
}

/// The scoring model, as `readycheck explain --scoring` prints it.
pub const SCORING_TEXT: &str = "\
readycheck scoring model 1

Eight categories (security, reliability, performance, monitoring, deployment, documentation,
testing, architecture), each scored 0–10 from the rules that apply to the repository.

  weight      critical 4 · high 3 · medium 2 · low 1 (from the rule's severity)
  credit      pass 1 · fail 0 · graded rules a fraction in between · n/a rules are left out
  category    10 × Σ(weight × credit) / Σ(weight), rounded to one decimal
              a failing critical rule caps its category at 4.0
              a category with no applicable rule is n/a and leaves the mean
  overall     mean of the applicable category scores, rounded to two decimals
  status      Critical below 5.0 · Needs work 5.0–6.9 · Good 7.0 and above
  verdict     READY when overall ≥ 7.0 and no category is Critical, else NOT READY

Every number can be recomputed from `--format json`: each rule lists its category, weight,
outcome and credit.
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn devices_are_written_in_place_not_renamed_over() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("report.json");
        std::fs::write(&file, "old").unwrap();
        assert!(!is_special_file(&file));
        assert!(!is_special_file(&dir.path().join("missing.json")));
        #[cfg(unix)]
        assert!(is_special_file(Path::new("/dev/null")));
    }
}
