//! Folds the per-file results of the scan pass into the pieces of the project model, one file at
//! a time, so the pass never has to hold every file's result at once.

use super::FileOutput;
use super::profile::Profile;
use crate::detect::FileFacts;
use crate::discover::WalkResult;
use crate::engine::ctx::FileInfo;
use crate::index::ci::CiFile;
use crate::index::dockerfile::Dockerfile;
use crate::index::manifests::Manifest;
use crate::model::{Evidence, Hit, Stats, Warning};
use crate::suppress::Directive;
use std::collections::BTreeMap;

/// What every file contributed, before sorting; built by [`Merged::add`] in walk order.
pub(super) struct Merged {
    pub stats: Stats,
    pub warnings: Vec<Warning>,
    pub files: Vec<FileInfo>,
    pub manifests: Vec<Manifest>,
    pub facts: Vec<FileFacts>,
    pub dockerfiles: Vec<Dockerfile>,
    pub health_checks: Vec<Evidence>,
    pub ci: Vec<CiFile>,
    pub k8s: bool,
    pub skipped: Vec<String>,
    /// Hits per rule, by registry index.
    pub per_rule: Vec<Vec<Hit>>,
    pub directives: Vec<Directive>,
    pub languages: BTreeMap<String, usize>,
    pub profile: Option<Profile>,
}

impl Merged {
    /// Starts from the walk: its counts, its warnings and the files it skipped as oversize.
    pub fn new(walked: WalkResult, rules: usize, max_file_size: u64, profile: Option<Profile>) -> Merged {
        let mut warnings = walked.warnings;
        for p in &walked.oversize {
            warnings.push(Warning {
                path: p.clone(),
                message: format!("larger than {max_file_size} bytes; skipped"),
            });
        }
        Merged {
            stats: Stats {
                files_walked: walked.walked,
                skipped_oversize: walked.oversize.len(),
                ..Stats::default()
            },
            warnings,
            files: vec![],
            manifests: vec![],
            facts: vec![],
            dockerfiles: vec![],
            health_checks: vec![],
            ci: vec![],
            k8s: false,
            skipped: walked.oversize,
            per_rule: vec![vec![]; rules],
            directives: vec![],
            languages: BTreeMap::new(),
            profile,
        }
    }

    /// Takes in one file's result.
    pub fn add(&mut self, out: FileOutput) {
        if let (Some(p), Some(t)) = (&mut self.profile, &out.times) {
            p.add(t);
        }
        let path = &out.info.path;
        if let Some(msg) = out.unreadable {
            self.stats.skipped_unreadable += 1;
            self.warn(path, msg);
            return;
        }
        for msg in out.ctx_warnings {
            self.warn(path, msg);
        }
        if let Some(msg) = out.warning {
            self.warn(path, msg);
        }
        if out.skipped_binary {
            self.stats.skipped_binary += 1;
            self.skipped.push(out.info.path);
            return;
        }
        self.stats.files_read += 1;
        self.stats.bytes_read += out.info.size;
        if out.parsed {
            self.stats.files_parsed += 1;
        }
        if let (Some(lang), true) = (out.info.lang, out.info.is_shipped_source()) {
            *self.languages.entry(lang.name().to_string()).or_default() += 1;
        }
        match out.manifest {
            Some(Ok(m)) => self.manifests.push(m),
            Some(Err(msg)) => self.warn(path, msg),
            None => {}
        }
        if !(out.facts.frameworks.is_empty() && out.facts.env_reads.is_empty()) {
            self.facts.push(out.facts);
        }
        self.health_checks.extend(out.health_checks);
        self.k8s |= out.k8s;
        if let Some(c) = out.ci {
            self.ci.push(c);
        }
        if let Some(df) = out.dockerfile {
            self.health_checks.extend(crate::index::infra::dockerfile_healthchecks(&df));
            self.dockerfiles.push(df);
        }
        self.directives.extend(out.directives);
        for (i, h) in out.hits {
            self.per_rule[i].push(h);
        }
        self.files.push(out.info);
    }

    fn warn(&mut self, path: &str, message: String) {
        self.warnings.push(Warning {
            path: path.to_string(),
            message,
        });
    }
}
