//! Finds the files to scan: one parallel walk honouring ignore files, with every walk option set here.
//!
//! `.gitignore` (even outside a git repository), `.ignore` and `.readycheckignore` are honoured;
//! hidden files are *not* skipped (`.env`, `.github/` matter), `.git/` is; symlinks are never
//! followed. Oversize files are skipped and counted here, before anything reads them.

use crate::model::Warning;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// A file the walk found, to be read by the indexer.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Walked {
    /// Relative to the root, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
    pub size: u64,
}

/// What the walk produced.
#[derive(Debug, Default)]
pub struct WalkResult {
    /// Files to read, sorted by relative path.
    pub files: Vec<Walked>,
    pub oversize: Vec<String>,
    pub warnings: Vec<Warning>,
    pub walked: usize,
}

/// Converts a path under `root` to the report form: relative, `/`-separated, lossy for non-UTF-8 names.
pub fn relative(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    parts.join("/")
}

/// Walks `root` in parallel and returns the files to read, sorted.
pub fn walk(root: &Path, opts: &WalkOptions) -> WalkResult {
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
        .threads(opts.threads)
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
    let out = Mutex::new(WalkResult {
        warnings: excluded,
        ..WalkResult::default()
    });
    let max = opts.max_file_size;
    builder.build_parallel().run(|| {
        let out = &out;
        Box::new(move |entry| {
            let mut local_warnings = vec![];
            let mut local_file = None;
            let mut oversize = None;
            match entry {
                Ok(e) => {
                    let is_file = e.file_type().is_some_and(|t| t.is_file());
                    if is_file {
                        let rel = relative(root, e.path());
                        if e.path().strip_prefix(root).unwrap_or(e.path()).to_str().is_none() {
                            local_warnings.push(Warning {
                                path: rel.clone(),
                                message: "file name is not valid UTF-8; shown with replacement characters".to_string(),
                            });
                        }
                        match e.metadata() {
                            Ok(m) if m.len() > max => oversize = Some(rel),
                            Ok(m) => {
                                local_file = Some(Walked {
                                    rel,
                                    abs: e.path().to_path_buf(),
                                    size: m.len(),
                                })
                            }
                            Err(err) => local_warnings.push(Warning {
                                path: rel,
                                message: format!("cannot stat: {err}"),
                            }),
                        }
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
            if let Ok(mut o) = out.lock() {
                if let Some(f) = local_file {
                    o.walked += 1;
                    o.files.push(f);
                }
                if let Some(p) = oversize {
                    o.walked += 1;
                    o.oversize.push(p);
                }
                o.warnings.extend(local_warnings);
            }
            ignore::WalkState::Continue
        })
    });
    let mut result = out.into_inner().unwrap_or_default();
    result.files.sort();
    result.oversize.sort();
    result.warnings.sort();
    result
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
