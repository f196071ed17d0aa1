//! The one interface every rule implements, native or declarative.
//!
//! A rule looks at files during the single scan pass ([`Rule::scan`], called from many threads,
//! once per file) and then concludes over the whole project ([`Rule::evaluate`]) from the hits it
//! gathered. It never reads the disk, so a file is read and parsed once however many rules look.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Hit, Outcome, RuleMeta};

pub trait Rule: Send + Sync {
    /// Id, category, severity, texts and remediation.
    fn meta(&self) -> &RuleMeta;

    /// Looks at one file and records findings, evidence or facts. Must be cheap for files the
    /// rule does not care about: check the path or a literal before asking for a syntax tree.
    fn scan(&self, _file: &FileCtx<'_>, _hits: &mut Vec<Hit>) {}

    /// Concludes over the project from this rule's hits, sorted by location. Called only when the
    /// rule's `applies_to` conditions hold.
    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome;
}

/// Splits hits into findings and evidence, in order.
pub fn split_hits(hits: &[Hit]) -> (Vec<crate::model::Finding>, Vec<crate::model::Evidence>) {
    let mut findings = vec![];
    let mut evidence = vec![];
    for h in hits {
        match h {
            Hit::Finding(f) => findings.push(f.clone()),
            Hit::Evidence(e) => evidence.push(e.clone()),
            Hit::Fact { .. } => {}
        }
    }
    (findings, evidence)
}
