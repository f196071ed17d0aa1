//! `readycheck scan`: config, rules, the scan itself, every requested report, then the gates.

use super::args::ScanArgs;
use super::files::{check_writable, write_atomically};
use super::print_out;
use crate::engine::{self, ScanOptions, ScanResult};
use crate::model::Category;
use crate::report::{self, Format, RenderOptions};
use crate::rule::Rule;
use std::io::IsTerminal;
use std::path::Path;

pub fn scan(args: ScanArgs, builtin: Vec<Box<dyn Rule>>) -> anyhow::Result<u8> {
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
        progress: None,
    };
    let mut result = scan_with_progress(&args, &rules, opts)?;
    let reporting = std::time::Instant::now();
    // A plain `-o FILE` replaces the terminal report with a summary line; `-o FORMAT=PATH`
    // outputs are extra reports, and the terminal still gets --format's.
    let summary_only = args.output.iter().any(|o| o.format.is_none());
    let color = !summary_only && args.format == Format::Table && !no_color(args.no_color) && std::io::stdout().is_terminal();
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
    let gates = crate::gate::Gates {
        fail_under: args.fail_under.or(cfg.gate.fail_under),
        fail_under_category: merge_category_gates(&args.fail_under_category, &cfg.gate.fail_under_category),
        fail_on: args.fail_on.or(cfg.gate.fail_on),
    };
    let mut failed = gates.check(&result);
    if let Some(base) = &baseline {
        let cmp = crate::baseline::compare(&result, base);
        if !args.quiet {
            if let Some(note) = &cmp.note {
                eprintln!("readycheck: note: {note}");
            }
            eprintln!(
                "readycheck: against the baseline: {} new finding(s), {} fixed, {} regression(s)",
                cmp.new_findings,
                cmp.fixed_findings,
                cmp.regressions.len()
            );
        }
        if fail_on_regression {
            failed.extend(cmp.regressions.into_iter().map(|r| format!("{r} (--fail-on-regression)")));
        }
    }
    if summary_only && !args.quiet {
        let written: Vec<String> = files.iter().map(|(p, _)| p.display().to_string()).collect();
        print_out(&format!(
            "{} (report written to {}){}\n",
            summary_line(&result),
            written.join(", "),
            gate_summary(&gates, baseline.is_some() && fail_on_regression, &failed)
        ))?;
    } else if !summary_only {
        print_out(&report::reporter(args.format).render(&result, &RenderOptions { color }))?;
    }
    if let Some(p) = &mut result.profile {
        p.report = reporting.elapsed();
        eprint!("{}", p.render(&result.project.stats, started.elapsed(), 15));
    }
    if !failed.is_empty() {
        for reason in &failed {
            eprintln!("readycheck: gate failed: {reason}");
        }
        return Ok(1);
    }
    Ok(0)
}

/// `--no-color`, or `NO_COLOR` set to anything but the empty string (no-color.org).
fn no_color(flag: bool) -> bool {
    flag || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs the scan with a progress indicator on stderr when a person is watching it (see
/// [`crate::progress::mode`]); the indicator is erased before this returns, error or not.
fn scan_with_progress(args: &ScanArgs, rules: &[Box<dyn Rule>], mut opts: ScanOptions) -> anyhow::Result<ScanResult> {
    let mode = crate::progress::mode(std::io::stderr().is_terminal(), args.quiet, no_color(args.no_color));
    let counter = std::sync::Arc::new(crate::progress::Counter::default());
    let ticker = crate::progress::Ticker::start(counter.clone(), mode);
    if ticker.is_some() {
        opts.progress = Some(counter);
    }
    let result = engine::scan(&args.path, rules, &opts);
    if let Some(t) = ticker {
        t.finish();
    }
    Ok(result?)
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

/// The gate part of the summary line: which gate failed and why, or that they passed.
fn gate_summary(gates: &crate::gate::Gates, regression_gate: bool, failed: &[String]) -> String {
    match failed {
        [] if gates.is_empty() && !regression_gate => String::new(),
        [] => "; gates passed".to_string(),
        [only] => format!("; gate failed: {only}"),
        [first, rest @ ..] => format!("; gate failed: {first} (and {} more, see stderr)", rest.len()),
    }
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
