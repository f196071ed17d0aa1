//! The fixture harness: every case under `fixtures/rules/<rule-id>/<case>/` is scanned as its own
//! repository, and the result is checked against what the fixture files say about themselves.
//!
//! - the case directory's prefix gives the rule's expected outcome: `pass-`, `fail-`, `na-`;
//! - `expect: <rule-id>` in a comment on a line (annotations outside comments are ignored): that rule reports a finding on that line;
//! - `ok: <rule-id>`: that rule reports nothing on that line (a look-alike that must stay silent);
//! - `evidence: <rule-id>`: that rule cites that line as evidence for passing;
//! - every finding of the case's own rule must be on an `expect:` line (no unannotated findings);
//! - files that cannot hold comments (JSON) are annotated from a sibling `<case>.expect` file, outside
//!   the scanned tree, with lines `expect: <rule-id> <path>:<line>` (same kinds as above).
//!
//! Adding a rule or a case adds files, never test code.

use readycheck::engine::{RuleResult, ScanOptions, scan};
use readycheck::model::Status;
use regex::Regex;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Note {
    kind: String,
    rule: String,
    path: String,
    line: usize,
}

fn files_under(dir: &Path, base: &Path, out: &mut Vec<(String, PathBuf)>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(|e| e.ok()).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        if p.is_dir() {
            files_under(&p, base, out);
        } else {
            let rel = p
                .strip_prefix(base)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            out.push((rel, p));
        }
    }
}

/// Comment openers of the languages and config formats fixtures are written in.
const COMMENT_MARKERS: &[&str] = &["#", "//", "/*", "<!--", "-- ", "{{/*", "{#", ";"];

fn notes(case: &Path) -> Vec<Note> {
    let re = Regex::new(r"\b(expect|ok|evidence):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)").unwrap();
    let mut files = vec![];
    files_under(case, case, &mut files);
    let mut out = vec![];
    for (rel, path) in files {
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let text = String::from_utf8_lossy(&bytes);
        for (i, line) in text.lines().enumerate() {
            // Only annotations inside a comment count: `{ ok: true }` in code is not one.
            let Some(start) = COMMENT_MARKERS.iter().filter_map(|m| line.find(m)).min() else {
                continue;
            };
            for c in re.captures_iter(&line[start..]) {
                for rule in c[2].split(',') {
                    out.push(Note {
                        kind: c[1].to_string(),
                        rule: rule.trim().to_string(),
                        path: rel.clone(),
                        line: i + 1,
                    });
                }
            }
        }
    }
    let sidecar = case.with_extension("expect");
    if let Ok(text) = std::fs::read_to_string(&sidecar) {
        let line_re = Regex::new(r"^\s*(expect|ok|evidence):\s*([a-z0-9-]+)\s+(\S+):(\d+)\s*$").unwrap();
        for l in text.lines().filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#')) {
            let c = line_re
                .captures(l)
                .unwrap_or_else(|| panic!("{}: bad line `{l}`", sidecar.display()));
            out.push(Note {
                kind: c[1].to_string(),
                rule: c[2].to_string(),
                path: c[3].to_string(),
                line: c[4].parse().unwrap(),
            });
        }
    }
    out
}

fn check_case(rules: &[Box<dyn readycheck::rule::Rule>], rule_id: &str, case: &Path) -> Vec<String> {
    let mut problems = vec![];
    check_case_into(rules, rule_id, case, &mut problems);
    problems
}

fn check_case_into(rules: &[Box<dyn readycheck::rule::Rule>], rule_id: &str, case: &Path, problems: &mut Vec<String>) {
    let name = case.file_name().unwrap().to_string_lossy().into_owned();
    let label = format!("{rule_id}/{name}");
    let expected = if name.starts_with("pass-") {
        Status::Pass
    } else if name.starts_with("fail-") {
        Status::Fail
    } else if name.starts_with("na-") {
        Status::NotApplicable
    } else {
        problems.push(format!("{label}: case name must start with pass-, fail- or na-"));
        return;
    };
    let mut opts = ScanOptions::default();
    opts.walk.threads = 1;
    let result = match scan(case, rules, &opts) {
        Ok(r) => r,
        Err(e) => {
            problems.push(format!("{label}: scan failed: {e}"));
            return;
        }
    };
    let find = |id: &str| -> Option<&RuleResult> { result.rules.iter().find(|r| r.meta.id == id) };
    let Some(own) = find(rule_id) else {
        problems.push(format!("{label}: no rule `{rule_id}`"));
        return;
    };
    if own.outcome.status != expected {
        problems.push(format!(
            "{label}: expected {expected:?}, got {:?} ({}); findings: {:?}",
            own.outcome.status,
            own.outcome.message,
            own.outcome
                .findings
                .iter()
                .map(|f| format!("{}:{}", f.location.path, f.location.line))
                .collect::<Vec<_>>()
        ));
    }
    let notes = notes(case);
    for n in &notes {
        let Some(r) = find(&n.rule) else {
            problems.push(format!("{label}: {}:{} names unknown rule `{}`", n.path, n.line, n.rule));
            continue;
        };
        let has_finding = r
            .outcome
            .findings
            .iter()
            .any(|f| f.location.path == n.path && f.location.line == n.line);
        let has_evidence = r
            .outcome
            .evidence
            .iter()
            .any(|e| e.location.path == n.path && e.location.line == n.line);
        match n.kind.as_str() {
            "expect" if !has_finding => problems.push(format!("{label}: {}:{} expected a `{}` finding, got none", n.path, n.line, n.rule)),
            "ok" if has_finding => problems.push(format!("{label}: {}:{} must not trigger `{}`", n.path, n.line, n.rule)),
            "evidence" if !has_evidence => problems.push(format!(
                "{label}: {}:{} expected as `{}` evidence; evidence was {:?}",
                n.path,
                n.line,
                n.rule,
                r.outcome
                    .evidence
                    .iter()
                    .map(|e| format!("{}:{}", e.location.path, e.location.line))
                    .collect::<Vec<_>>()
            )),
            _ => {}
        }
    }
    let expected_lines: BTreeSet<(String, usize)> = notes
        .iter()
        .filter(|n| n.kind == "expect" && n.rule == rule_id)
        .map(|n| (n.path.clone(), n.line))
        .collect();
    for f in &own.outcome.findings {
        if f.location.line > 0 && !expected_lines.contains(&(f.location.path.clone(), f.location.line)) {
            problems.push(format!(
                "{label}: unannotated `{rule_id}` finding at {}:{} ({})",
                f.location.path, f.location.line, f.message
            ));
        }
    }
}

#[test]
fn rule_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rules");
    let mut problems = vec![];
    let mut all_cases = vec![];
    let mut rule_dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    rule_dirs.sort();
    for rule_dir in rule_dirs {
        let rule_id = rule_dir.file_name().unwrap().to_string_lossy().into_owned();
        let mut case_dirs: Vec<_> = std::fs::read_dir(&rule_dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| p.is_dir())
            .collect();
        case_dirs.sort();
        all_cases.extend(case_dirs.into_iter().map(|c| (rule_id.clone(), c)));
    }
    // Rules are compiled once; cases run in parallel, results kept in case order.
    let rules = readycheck::rules::builtin().unwrap();
    // Plain threads, not rayon: a rayon worker blocked on the scan's own pool would run other
    // cases on the same stack while it waits, and the frames pile up.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
    let mut found: Vec<(usize, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                s.spawn(|| {
                    let mut mine = vec![];
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some((id, case)) = all_cases.get(i) else { break };
                        mine.push((i, check_case(&rules, id, case)));
                    }
                    mine
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    found.sort_by_key(|(i, _)| *i);
    problems.extend(found.into_iter().flat_map(|(_, p)| p));
    let cases = all_cases.len();
    eprintln!("checked {cases} fixture cases");
    assert!(cases > 0, "no fixture cases found");
    assert!(
        problems.is_empty(),
        "{} fixture problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}
