//! Runs the pipeline: discover ─▶ index ─▶ detect ─▶ evaluate ─▶ score.
//!
//! One walk, one read per file, and one pass in which every rule looks at every file it wants;
//! the project model is built from that pass, then every rule concludes. Output order never
//! depends on thread scheduling: everything is sorted before it leaves this module.

pub mod ctx;
mod memory;
mod merge;
pub mod profile;

use crate::detect::{self, FileFacts};
use crate::discover::{self, WalkOptions};
use crate::index::Project;
use crate::index::manifests::{self, Manifest};
use crate::model::{Hit, Outcome, RuleMeta, Status};
use crate::rule::Rule;
use crate::score::{self, Scores};
use ctx::{FileCtx, FileInfo};
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// Options for one scan.
#[derive(Clone, Debug, Default)]
pub struct ScanOptions {
    pub walk: WalkOptions,
    /// The scan's date (`YYYY-MM-DD`), shown in reports and used to expire suppressions; `None`
    /// leaves dates out (tests, reproducible builds without `SOURCE_DATE_EPOCH`).
    pub today: Option<String>,
    /// `[[suppress]]` entries from the config.
    pub suppress: Vec<crate::config::SuppressEntry>,
    /// How warnings and suppression sources name the config file.
    pub config_file: String,
    /// Counts files as they are read, for a progress indicator; `None` counts nothing.
    pub progress: Option<std::sync::Arc<crate::progress::Counter>>,
    /// Measure time per phase and per rule (`--stats`); off, no clock is read per rule and file.
    pub profile: bool,
}

/// A rule's conclusion, with its metadata.
#[derive(Clone, Debug)]
pub struct RuleResult {
    pub meta: RuleMeta,
    pub outcome: Outcome,
}

/// The complete result of a scan, input to every report.
#[derive(Debug)]
pub struct ScanResult {
    pub project: Project,
    /// Sorted by rule id.
    pub rules: Vec<RuleResult>,
    /// Scores with accepted risk: suppressed findings and waived rules count as passing.
    pub scores: Scores,
    /// Scores before any suppression applied.
    pub raw_scores: Scores,
    /// Every suppression that applied, sorted.
    pub suppressed: Vec<crate::model::Suppressed>,
    /// Hash of the active ruleset (ids, categories, severities, conditions, detection), so a
    /// report says exactly which rules graded it.
    pub ruleset: String,
    /// The scan's date, from [`ScanOptions::today`].
    pub date: Option<String>,
    /// Timings, when [`ScanOptions::profile`] asked for them; never part of a report.
    pub profile: Option<profile::Profile>,
}

/// Errors that stop a scan before it starts (the only fatal ones).
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error("path `{0}` does not exist")]
    Missing(String),
    #[error("path `{0}` is not readable: {1}")]
    Unreadable(String, String),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// What the pass learned from one file.
struct FileOutput {
    info: FileInfo,
    manifest: Option<Result<Manifest, String>>,
    facts: FileFacts,
    dockerfile: Option<crate::index::dockerfile::Dockerfile>,
    health_checks: Vec<crate::model::Evidence>,
    ci: Option<crate::index::ci::CiFile>,
    k8s: bool,
    hits: Vec<(usize, Hit)>,
    directives: Vec<crate::suppress::Directive>,
    warning: Option<String>,
    ctx_warnings: Vec<String>,
    parsed: bool,
    skipped_binary: bool,
    /// Over the size cap, so never read.
    oversize: bool,
    unreadable: Option<String>,
    times: Option<profile::FileTimes>,
}

/// Bytes examined when deciding whether a file is binary.
const BINARY_SNIFF: usize = 8192;

/// Files found by the walk and not yet taken by a reader; the walk waits when this many are queued.
const QUEUE: usize = 4096;

/// Files handed from the walk to a reader at a time: one hand-off per file would wake a thread
/// per file.
const BATCH: usize = 64;

thread_local! {
    /// Each worker reads every file into the same buffer: no allocation, and for large files no
    /// fresh pages, per file.
    static READ_BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// A read buffer that grew beyond this is released rather than kept for the next file.
const KEEP_BUF: usize = 4 << 20;

/// Why a file was not read.
enum ReadError {
    /// Larger than the size cap: never read.
    Oversize(u64),
    Io(std::io::Error),
}

/// Reads `path` into `buf`, sized by the open file's own metadata (one `fstat`, no second lookup
/// of the path); a file over `max` bytes is left unread.
fn read_into(path: &Path, max: u64, buf: &mut Vec<u8>) -> Result<u64, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let size = file.metadata().map_err(ReadError::Io)?.len();
    if size > max {
        return Err(ReadError::Oversize(size));
    }
    buf.clear();
    buf.reserve(usize::try_from(size).unwrap_or(0).saturating_add(1));
    // Read no more than the cap even if the file grew since it was measured.
    file.take(max.saturating_add(1)).read_to_end(buf).map_err(ReadError::Io)?;
    if buf.len() as u64 > max {
        return Err(ReadError::Oversize(buf.len() as u64));
    }
    Ok(buf.len() as u64)
}

fn read_one(walked: &discover::Walked, rules: &[Box<dyn Rule>], max: u64, timed: bool) -> FileOutput {
    READ_BUF.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            let out = read_one_into(walked, rules, max, timed, &mut buf);
            if buf.capacity() > KEEP_BUF {
                *buf = Vec::new();
            }
            out
        }
        Err(_) => read_one_into(walked, rules, max, timed, &mut Vec::new()),
    })
}

fn read_one_into(walked: &discover::Walked, rules: &[Box<dyn Rule>], max: u64, timed: bool, buf: &mut Vec<u8>) -> FileOutput {
    let clock = timed.then(std::time::Instant::now);
    match read_into(&walked.abs, max, buf) {
        Ok(size) => process(FileInfo::new(walked.rel.clone(), size), buf, rules, clock),
        Err(ReadError::Oversize(size)) => {
            let mut out = FileOutput::new(FileInfo::new(walked.rel.clone(), size));
            out.oversize = true;
            out
        }
        Err(ReadError::Io(e)) => {
            let msg = if e.kind() == std::io::ErrorKind::PermissionDenied {
                "permission denied".to_string()
            } else {
                e.to_string()
            };
            let mut out = FileOutput::new(FileInfo::new(walked.rel.clone(), 0));
            out.unreadable = Some(format!("cannot read: {msg}"));
            out
        }
    }
}

impl FileOutput {
    fn new(info: FileInfo) -> FileOutput {
        FileOutput {
            info,
            manifest: None,
            facts: FileFacts::default(),
            dockerfile: None,
            health_checks: vec![],
            ci: None,
            k8s: false,
            hits: vec![],
            directives: vec![],
            warning: None,
            ctx_warnings: vec![],
            parsed: false,
            skipped_binary: false,
            oversize: false,
            unreadable: None,
            times: None,
        }
    }
}

/// Everything the scan pass does with one file's bytes: decode, parse what it is, let every rule
/// look. `clock`, when profiling, started before the file was read.
fn process(info: FileInfo, bytes: &[u8], rules: &[Box<dyn Rule>], clock: Option<std::time::Instant>) -> FileOutput {
    let mut out = FileOutput::new(info);
    let code_or_manifest = out.info.lang.is_some() || manifests::is_manifest(&out.info.path);
    let utf16 = utf16_text(bytes);
    let sniffed = match &utf16 {
        Some(t) => t.as_bytes()[..t.len().min(BINARY_SNIFF)].contains(&0),
        None => bytes[..bytes.len().min(BINARY_SNIFF)].contains(&0),
    };
    if sniffed {
        out.times = clock.map(|c| profile::FileTimes {
            read: c.elapsed(),
            ..Default::default()
        });
        out.skipped_binary = true;
        if code_or_manifest {
            out.warning = Some("binary content in a source file; skipped".to_string());
        }
        return out;
    }
    let text: std::borrow::Cow<'_, str> = match utf16 {
        Some(t) => {
            if code_or_manifest {
                out.warning = Some("UTF-16 text; decoded, but most tools expect UTF-8".to_string());
            }
            t.into()
        }
        None => match std::str::from_utf8(bytes) {
            Ok(t) => t.into(),
            Err(_) => {
                if code_or_manifest {
                    out.warning = Some("not valid UTF-8; read with replacement characters".to_string());
                }
                String::from_utf8_lossy(bytes)
            }
        },
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let mut times = clock.map(|c| profile::FileTimes {
        read: c.elapsed(),
        ..Default::default()
    });
    let index_clock = std::time::Instant::now();
    if manifests::is_manifest(&out.info.path) {
        out.manifest = Some(manifests::parse(&out.info.path, text));
    }
    out.directives = crate::suppress::directives(&out.info.path, text);
    let ctx = FileCtx::new(&out.info, text);
    out.facts = detect::scan_file(&ctx);
    if crate::rules::deployment::is_dockerfile_path(&out.info.path) && !matches!(out.info.role, crate::paths::Role::Example) {
        out.dockerfile = Some(crate::index::dockerfile::parse(&out.info.path, text));
    }
    out.health_checks = crate::index::infra::scan_file(&ctx);
    out.ci = crate::index::ci::scan_file(&ctx);
    out.k8s = crate::index::infra::is_k8s_file(&ctx);
    // Computed when first needed: only a hit about shipped code in a Rust file needs the ranges,
    // and finding them may mean parsing the file.
    let mut test_lines: Option<Vec<(usize, usize)>> = None;
    let mut first_test_line: Option<usize> = None;
    if let Some(t) = &mut times {
        t.index = index_clock.elapsed().saturating_sub(ctx.parse_time());
    }
    let mut local = vec![];
    for (i, rule) in rules.iter().enumerate() {
        match &mut times {
            None => rule.scan(&ctx, &mut local),
            Some(t) => {
                let (start, parsing, parsed) = (std::time::Instant::now(), ctx.parse_time(), ctx.was_parsed());
                rule.scan(&ctx, &mut local);
                t.rules.push(start.elapsed().saturating_sub(ctx.parse_time() - parsing));
                if !parsed && ctx.was_parsed() {
                    t.first_parse = Some(i);
                }
            }
        }
        if !local.is_empty() && !LOOKS_AT_TEST_CODE.contains(&rule.meta().id.as_str()) {
            let first = *first_test_line.get_or_insert_with(|| first_test_mention(&ctx));
            if local.iter().any(|h| hit_line(h) >= first) {
                let ranges = test_lines.get_or_insert_with(|| rust_test_lines(&ctx));
                local.retain(|h| !in_ranges(ranges, h));
            }
        }
        out.hits.extend(local.drain(..).map(|h| (i, h)));
    }
    out.parsed = ctx.was_parsed();
    if let Some(t) = &mut times {
        t.parse = ctx.parse_time();
    }
    out.times = times;
    out.ctx_warnings = ctx.take_warnings();
    drop(ctx);
    if out.parsed && out.info.lang == Some(crate::lang::Lang::Rust) {
        // With span locations, proc-macro2 keeps every parsed file's text in a thread-local
        // table; the syn tree is gone now, so release it and keep memory bounded.
        proc_macro2::extra::invalidate_current_thread_spans();
    }
    if out.parsed && out.info.size >= memory::LARGE_PARSE {
        memory::release_free_pages();
    }
    out
}

/// The text of a file that starts with a UTF-16 byte-order mark (Windows editors write these),
/// decoded; `None` for anything else. Without this, its zero bytes would make it "binary".
fn utf16_text(bytes: &[u8]) -> Option<String> {
    let big_endian = match bytes {
        [0xfe, 0xff, ..] => true,
        [0xff, 0xfe, ..] => false,
        _ => return None,
    };
    let units = bytes[2..].chunks_exact(2).map(|c| {
        let pair = [c[0], c[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    Some(
        char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect(),
    )
}

/// Rules whose subject is test code itself; every other rule is about shipped code.
const LOOKS_AT_TEST_CODE: &[&str] = &[
    "tests-present",
    "test-ratio",
    "focused-tests",
    "coverage-config",
    "test-runner-config",
    "e2e-tests",
    "load-tests",
];

/// Line ranges of in-file Rust test code (`#[cfg(test)]` modules, `#[test]` functions): the Rust
/// equivalent of a test file, which rules about shipped code must not see.
fn rust_test_lines(ctx: &FileCtx<'_>) -> Vec<(usize, usize)> {
    if ctx.info.lang != Some(crate::lang::Lang::Rust) || !(ctx.text.contains("#[cfg(test)]") || ctx.text.contains("test]")) {
        return vec![];
    }
    let mut ranges = vec![];
    if let Some(ast) = ctx.rust_ast() {
        crate::rules::util::rust_test_ranges(&ast.items, &mut ranges);
    }
    ranges
}

/// The first line that can belong to in-file Rust test code, without parsing: every range
/// [`rust_test_lines`] finds starts at a `mod` or `fn` token whose attributes (`#[cfg(test)]`,
/// `#[test]`, `#[tokio::test]`) come before it and name `test`, so no range starts before the
/// first line mentioning `test`. `usize::MAX` when nothing can be test code. Most hits in a
/// Rust file lie above its test module, and then the file is not parsed for them.
fn first_test_mention(ctx: &FileCtx<'_>) -> usize {
    if ctx.info.lang != Some(crate::lang::Lang::Rust) {
        return usize::MAX;
    }
    ctx.text.find("test").map_or(usize::MAX, |i| ctx.line_col(i).0)
}

fn hit_line(hit: &Hit) -> usize {
    match hit {
        Hit::Finding(f) => f.location.line,
        Hit::Evidence(e) => e.location.line,
        Hit::Fact { location, .. } => location.line,
    }
}

fn in_ranges(ranges: &[(usize, usize)], hit: &Hit) -> bool {
    let line = hit_line(hit);
    line > 0 && ranges.iter().any(|&(a, b)| a <= line && line <= b)
}

/// Scans `root` with `rules`.
pub fn scan(root: &Path, rules: &[Box<dyn Rule>], opts: &ScanOptions) -> Result<ScanResult, ScanError> {
    let display = root.display().to_string();
    let meta = std::fs::metadata(root).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => ScanError::Missing(display.clone()),
        _ => ScanError::Unreadable(display.clone(), e.to_string()),
    })?;
    let (walk_root, name): (PathBuf, String) = if meta.is_dir() {
        std::fs::read_dir(root).map_err(|e| ScanError::Unreadable(display.clone(), e.to_string()))?;
        let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let name = canon
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display.clone());
        (root.to_path_buf(), name)
    } else {
        let name = root
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| display.clone());
        (root.to_path_buf(), name)
    };

    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.walk.threads)
        // Deeply nested input recurses in parsers; a roomy stack keeps that a warning, not an abort.
        .stack_size(32 * 1024 * 1024)
        .build()
        .map_err(|e| ScanError::Threads(e.to_string()))?;

    let profile = opts
        .profile
        .then(|| profile::Profile::new(rules.iter().map(|r| r.meta().id.clone()), pool.current_num_threads()));
    let progress = opts.progress.as_deref();
    let max = opts.walk.max_file_size;
    let clock = std::time::Instant::now();
    // The walk runs on its own threads and hands each file over a bounded queue to the scan's
    // workers, so reading starts with the first file found instead of after the last. Each
    // worker folds what it learns into its own `Merged`; their union is sorted in `conclude`,
    // so the order files arrive in never shows.
    let (found, queue) = std::sync::mpsc::sync_channel::<Vec<discover::Walked>>(QUEUE / BATCH);
    let queue = std::sync::Mutex::new(queue);
    let workers = pool.current_num_threads().max(1);
    let (summary, walk_time, parts) = std::thread::scope(|s| {
        let walker = s.spawn(|| {
            let started = std::time::Instant::now();
            let file_root = !meta.is_dir();
            let batch = std::sync::Mutex::new(Vec::with_capacity(BATCH));
            let summary = discover::walk(&walk_root, &opts.walk, &|mut w: discover::Walked| {
                if file_root && w.rel.is_empty() {
                    w.rel = name.clone();
                }
                if let Ok(mut b) = batch.lock() {
                    b.push(w);
                    if b.len() >= BATCH {
                        // A closed queue means the workers are gone; nothing is left to do.
                        let _ = found.send(std::mem::replace(&mut *b, Vec::with_capacity(BATCH)));
                    }
                }
            });
            if let Ok(mut b) = batch.lock()
                && !b.is_empty()
            {
                let _ = found.send(std::mem::take(&mut *b));
            }
            drop(found);
            if let Some(p) = progress {
                p.set_total(summary.walked);
            }
            (summary, started.elapsed())
        });
        let parts: Vec<merge::Merged> = pool.install(|| {
            (0..workers)
                .into_par_iter()
                .map(|_| {
                    let mut part = merge::Merged::new(rules.len(), max, profile.clone());
                    loop {
                        let next = match queue.lock() {
                            Ok(q) => q.recv().ok(),
                            Err(_) => None,
                        };
                        let Some(batch) = next else { break };
                        for w in batch {
                            part.add(read_one(&w, rules, max, opts.profile));
                            if let Some(p) = progress {
                                p.file_done();
                            }
                        }
                    }
                    part
                })
                .collect()
        });
        let (summary, walk_time) = walker.join().unwrap_or_default();
        (summary, walk_time, parts)
    });
    let mut merged = merge::Merged::combine(parts, rules.len(), max, profile);
    merged.walked(summary);
    if let Some(p) = &mut merged.profile {
        p.read_scan = clock.elapsed();
        p.walk = walk_time;
    }
    Ok(pool.install(|| conclude(walk_root, name, merged, rules, opts)))
}

/// Scans files held in memory, `(relative path, content)`, as if they were a tree named `name`:
/// the same per-file pass, index, detection, evaluation and scoring as [`scan`], without a disk.
/// The fuzz targets run whole files through every rule with it.
pub fn scan_files(name: &str, files: &[(&str, &[u8])], rules: &[Box<dyn Rule>], opts: &ScanOptions) -> ScanResult {
    let max = opts.walk.max_file_size;
    let mut merged = merge::Merged::new(rules.len(), max, None);
    for (path, bytes) in files {
        let info = FileInfo::new(path.to_string(), bytes.len() as u64);
        if bytes.len() as u64 > max {
            let mut out = FileOutput::new(info);
            out.oversize = true;
            merged.add(out);
        } else {
            merged.add(process(info, bytes, rules, None));
        }
    }
    merged.walked(discover::WalkSummary {
        walked: files.len(),
        warnings: vec![],
    });
    conclude(PathBuf::from(name), name.to_string(), merged, rules, opts)
}

/// Builds the project model from the per-file outputs, then lets every rule conclude, applies
/// suppressions and scores. Runs inside the scan's thread pool.
fn conclude(walk_root: PathBuf, name: String, merged: merge::Merged, rules: &[Box<dyn Rule>], opts: &ScanOptions) -> ScanResult {
    let clock = std::time::Instant::now();
    let merge::Merged {
        mut stats,
        warnings,
        mut files,
        mut manifests,
        facts,
        mut dockerfiles,
        mut health_checks,
        mut ci,
        k8s,
        mut skipped,
        mut per_rule,
        mut directives,
        languages,
        mut profile,
        ..
    } = merged;
    files.sort();
    skipped.sort();
    manifests.sort_by(|a, b| a.path.cmp(&b.path));
    dockerfiles.sort_by(|a, b| a.path.cmp(&b.path));
    health_checks.sort();
    stats.languages = languages.clone();
    let docker = dockerfiles
        .iter()
        .any(|d| crate::paths::classify(&d.path) != crate::paths::Role::Test);
    let mut stack = detect::build(&manifests, &facts, languages, docker);
    stack.k8s = k8s;
    ci.sort();
    directives.sort();
    let project = Project {
        root: walk_root,
        name,
        files,
        skipped,
        manifests,
        dockerfiles,
        health_checks,
        ci,
        stack,
        warnings,
        stats,
    };

    let mut results: Vec<RuleResult> = {
        rules
            .par_iter()
            .zip(per_rule.par_iter_mut())
            .map(|(rule, hits)| {
                hits.sort();
                let meta = rule.meta().clone();
                let mut outcome = match project.applies(&meta.applies_to) {
                    Ok(()) => rule.evaluate(&project, hits),
                    Err(reason) => Outcome::not_applicable(reason),
                };
                if outcome.status == Status::NotApplicable {
                    outcome.findings.clear();
                }
                outcome.normalize();
                RuleResult { meta, outcome }
            })
            .collect()
    };
    results.sort_by(|a, b| a.meta.id.cmp(&b.meta.id));
    let raw_scores = score::score(results.iter().map(|r| (&r.meta, &r.outcome)));
    let policy = crate::suppress::Policy {
        entries: &opts.suppress,
        config_file: if opts.config_file.is_empty() {
            crate::config::FILE_NAME
        } else {
            &opts.config_file
        },
        today: opts.today.as_deref(),
    };
    let (suppressed, more_warnings) = crate::suppress::apply(&mut results, &directives, &policy);
    let mut project = project;
    project.warnings.extend(more_warnings);
    project.warnings.sort();
    project.warnings.dedup();
    let scores = score::score(results.iter().map(|r| (&r.meta, &r.outcome)));
    if let Some(p) = &mut profile {
        p.evaluate = clock.elapsed();
    }
    ScanResult {
        project,
        rules: results,
        raw_scores,
        scores,
        suppressed,
        ruleset: ruleset_hash(rules),
        date: opts.today.clone(),
        profile,
    }
}

/// A short stable hash of everything about the active rules that can move a score.
pub fn ruleset_hash(rules: &[Box<dyn Rule>]) -> String {
    let mut metas: Vec<&RuleMeta> = rules.iter().map(|r| r.meta()).collect();
    metas.sort_by(|a, b| a.id.cmp(&b.id));
    let mut parts: Vec<String> = vec![];
    for m in metas {
        parts.push(format!(
            "{}|{}|{}|{}|{}",
            m.id,
            m.category.id(),
            m.severity.id(),
            m.applies_to.join(","),
            m.detection
        ));
    }
    let refs: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::fingerprint::fnv1a(&refs)
}
