//! Command-line interface: argument definitions and the commands they run.
//!
//! Exit codes: 0 scan done and gate passed (or no gate) · 1 gate failed · 2 usage, config or I/O
//! error (message on stderr, nothing half-written to the output file).

mod args;
mod docs;
mod files;
mod scan;

pub use args::*;
pub use scan::summary_line;

use clap::Parser;
use docs::{SCORING_TEXT, explain, list_rules};
use std::io::Write;

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

/// The rules a scan of `--root` would run: built-in plus custom, as its config selects them.
fn project_rules(p: &ProjectArgs, builtin: Vec<Box<dyn crate::rule::Rule>>) -> anyhow::Result<Vec<Box<dyn crate::rule::Rule>>> {
    let loaded = crate::config::load(p.config.as_deref(), &p.root)?;
    let custom = crate::config::load_custom_rules(&loaded, &p.root)?;
    Ok(crate::config::apply_to_rules(&loaded, builtin, custom)?)
}

fn run(cli: Cli) -> anyhow::Result<u8> {
    let rules = crate::rules::builtin().map_err(|e| anyhow::anyhow!("built-in rule failed to load: {e}"))?;
    match cli.command {
        Command::Scan(args) => scan::scan(args, rules),
        Command::Init(args) => init(&args),
        Command::ConfigSchema => {
            print_out(&crate::config::json_schema())?;
            Ok(0)
        }
        Command::Completions(args) => {
            print_out(&completions(args.shell))?;
            Ok(0)
        }
        Command::Rules(args) => {
            let rules = project_rules(&args.project, rules)?;
            print_out(&list_rules(&rules, args.category))?;
            Ok(0)
        }
        Command::Explain(args) => {
            if args.scoring {
                print_out(SCORING_TEXT)?;
                return Ok(0);
            }
            let rules = project_rules(&args.project, rules)?;
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

/// The completion script for `shell`, generated from the argument definitions so it never drifts.
fn completions(shell: clap_complete::Shell) -> String {
    use clap::CommandFactory;
    let mut buf = vec![];
    clap_complete::generate(shell, &mut Cli::command(), "readycheck", &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
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
    files::write_atomically(&path, crate::config::TEMPLATE)?;
    print_out(&format!("wrote {}\n", path.display()))?;
    Ok(0)
}
