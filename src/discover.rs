//! Finds the files to scan: one parallel walk honouring ignore files, with every walk option set here.
//!
//! `.gitignore` (even outside a git repository), `.ignore` and `.readycheckignore` are honoured;
//! hidden files are *not* skipped (`.env`, `.github/` matter), `.git/` is; symlinks are never
//! followed. Each file is handed on as soon as it is found, so reading overlaps the walk.

use crate::model::Warning;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Default cap on the size of a file readycheck reads: 1 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Options for the walk.
#[derive(Clone, Debug)]
pub struct WalkOptions {
    pub max_file_size: u64,
    pub threads: usize,
    /// Gitignore-style globs, relative to the root, of paths never walked (`[scan] exclude`).
    pub exclude: Vec<String>,
}

impl Default for WalkOptions {
    fn default() -> Self {
        WalkOptions {
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            threads: 0,
            exclude: vec![],
        }
    }
}

/// A file the walk found, to be read by the indexer. Its size is not known yet: the reader asks
/// the open file (`fstat`), which saves a lookup of the path per file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Walked {
    /// Relative to the root, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
}

/// What the walk learned besides the files it handed on.
#[derive(Debug, Default)]
pub struct WalkSummary {
    /// Sorted.
    pub warnings: Vec<Warning>,
    /// Files found.
    pub walked: usize,
}

/// Converts a path under `root` to the report form: relative, `/`-separated, lossy for non-UTF-8 names.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// Walks `root` on a thread of its own, handing every file to `found` as it is found, in no
/// particular order; the caller sorts what it keeps.
pub fn walk(root: &Path, opts: &WalkOptions, found: &(dyn Fn(Walked) + Sync)) -> WalkSummary {
    let mut builder = ignore::WalkBuilder::new(root);
    builder
        .hidden(false)
        .follow_links(false)
        .git_ignore(true)
        .git_global(false)
        .git_exclude(true)
        .require_git(false)
        .ignore(true)
        .parents(true)
        .add_custom_ignore_filename(".readycheckignore")
        // One walking thread is enough: it only lists directories, while the scan's workers read
        // and check the files it finds; more walkers would compete with them for the cores.
        .threads(1)
        .filter_entry(|e| e.file_name() != ".git" && e.file_name() != ".hg" && e.file_name() != ".svn");

    let mut excluded = vec![];
    if !opts.exclude.is_empty() {
        // Overrides with only `!` globs exclude what they match and keep everything else.
        let mut ob = ignore::overrides::OverrideBuilder::new(root);
        for g in &opts.exclude {
            if let Err(e) = ob.add(&format!("!{g}")) {
                excluded.push(Warning {
                    path: String::new(),
                    message: format!("exclude glob `{g}` ignored: {e}"),
                });
            }
        }
        match ob.build() {
            Ok(o) => {
                builder.overrides(o);
            }
            Err(e) => excluded.push(Warning {
                path: String::new(),
                message: format!("exclude globs ignored: {e}"),
            }),
        }
    }
    let warnings = Mutex::new(excluded);
    let walked = AtomicUsize::new(0);
    builder.build_parallel().run(|| {
        let (warnings, walked) = (&warnings, &walked);
        Box::new(move |entry| {
            let mut local_warnings = vec![];
            match entry {
                Ok(e) => {
                    if e.file_type().is_some_and(|t| t.is_file()) {
                        walked.fetch_add(1, Ordering::Relaxed);
                        let rel = relative(root, e.path());
                        if e.path().strip_prefix(root).unwrap_or(e.path()).to_str().is_none() {
                            local_warnings.push(Warning {
                                path: rel.clone(),
                                message: "file name is not valid UTF-8; shown with replacement characters".to_string(),
                            });
                        }
                        found(Walked { rel, abs: e.into_path() });
                    }
                }
                Err(err) => {
                    let path = err_path(&err).map(|p| relative(root, &p)).unwrap_or_default();
                    local_warnings.push(Warning {
                        path,
                        message: short_error(&err),
                    });
                }
            }
            if !local_warnings.is_empty()
                && let Ok(mut w) = warnings.lock()
            {
                w.extend(local_warnings);
            }
            ignore::WalkState::Continue
        })
    });
    let mut warnings = warnings.into_inner().unwrap_or_default();
    warnings.sort();
    WalkSummary {
        warnings,
        walked: walked.into_inner(),
    }
}

fn err_path(err: &ignore::Error) -> Option<PathBuf> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => err_path(err),
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn short_error(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            short_error(err)
        }
        ignore::Error::Loop { .. } => "symlink loop, not followed".to_string(),
        other => {
            let s = other.to_string();
            if s.to_ascii_lowercase().contains("permission denied") {
                "permission denied".to_string()
            } else {
                s
            }
        }
    }
}
