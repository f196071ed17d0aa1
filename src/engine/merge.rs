//! Folds the per-file results of the scan pass into the pieces of the project model, one file at
//! a time, so the pass never has to hold every file's result at once.

use super::FileOutput;
use super::profile::Profile;
use crate::detect::FileFacts;
use crate::discover::WalkSummary;
use crate::engine::ctx::FileInfo;
use crate::index::ci::CiFile;
use crate::index::dockerfile::Dockerfile;
use crate::index::manifests::Manifest;
use crate::model::{Evidence, Hit, Stats, Warning};
use crate::suppress::Directive;
use std::collections::BTreeMap;

/// What every file contributed, before sorting; built by [`Merged::add`] in any order.
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
    /// The size cap, for the warning about a file over it.
    max_file_size: u64,
    pub profile: Option<Profile>,
}

impl Merged {
    /// Nothing merged yet.
    pub fn new(rules: usize, max_file_size: u64, profile: Option<Profile>) -> Merged {
        Merged {
            stats: Stats::default(),
            warnings: vec![],
            files: vec![],
            manifests: vec![],
            facts: vec![],
            dockerfiles: vec![],
            health_checks: vec![],
            ci: vec![],
            k8s: false,
            skipped: vec![],
            per_rule: vec![vec![]; rules],
            directives: vec![],
            languages: BTreeMap::new(),
            max_file_size,
            profile,
        }
    }

    /// The union of what several workers merged, in no particular order (everything is sorted
    /// before it is used); `profile` is the scan's, with every part's times added to it.
    pub fn combine(parts: Vec<Merged>, rules: usize, max_file_size: u64, profile: Option<Profile>) -> Merged {
        let mut all = Merged::new(rules, max_file_size, profile);
        for part in parts {
            let s = part.stats;
            all.stats.files_read += s.files_read;
            all.stats.files_parsed += s.files_parsed;
            all.stats.skipped_binary += s.skipped_binary;
            all.stats.skipped_oversize += s.skipped_oversize;
            all.stats.skipped_unreadable += s.skipped_unreadable;
            all.stats.bytes_read += s.bytes_read;
            all.warnings.extend(part.warnings);
            all.files.extend(part.files);
            all.manifests.extend(part.manifests);
            all.facts.extend(part.facts);
            all.dockerfiles.extend(part.dockerfiles);
            all.health_checks.extend(part.health_checks);
            all.ci.extend(part.ci);
            all.k8s |= part.k8s;
            all.skipped.extend(part.skipped);
            for (mine, theirs) in all.per_rule.iter_mut().zip(part.per_rule) {
                mine.extend(theirs);
            }
            all.directives.extend(part.directives);
            for (lang, n) in part.languages {
                *all.languages.entry(lang).or_default() += n;
            }
            if let (Some(p), Some(q)) = (&mut all.profile, &part.profile) {
                p.absorb(q);
            }
        }
        all
    }

    /// Adds what the walk found: how many files, and the entries it could not walk.
    pub fn walked(&mut self, summary: WalkSummary) {
        self.stats.files_walked = summary.walked;
        self.warnings.extend(summary.warnings);
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
        if out.oversize {
            self.stats.skipped_oversize += 1;
            let max = self.max_file_size;
            self.warn(path, format!("larger than {max} bytes; skipped"));
            self.skipped.push(out.info.path);
            return;
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
