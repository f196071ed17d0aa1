//! The `Project`: everything the scan learned about the repository, built from one read per file.
//!
//! Rules never touch the disk; they query this model (inventory, manifests, stack) and the hits
//! they gathered during the scan pass.

pub mod ci;
pub mod dockerfile;
pub mod infra;
pub mod manifests;

use crate::detect::Stack;
use crate::engine::ctx::FileInfo;
use crate::model::{Stats, Warning};
use crate::paths::Role;
use manifests::{Ecosystem, Manifest};
use std::path::PathBuf;

/// The scanned repository.
#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    /// Display name: the root directory's name.
    pub name: String,
    /// Every file read, sorted by path.
    pub files: Vec<FileInfo>,
    /// Files walked but not read (binary, or larger than the size cap), sorted by path: they exist
    /// in the repository (a `bun.lockb`, a 5 MB `package-lock.json`) though no rule saw their text.
    pub skipped: Vec<String>,
    /// Every manifest that parsed, sorted by path.
    pub manifests: Vec<Manifest>,
    /// Every parsed Dockerfile outside fixtures and tests, sorted by path.
    pub dockerfiles: Vec<dockerfile::Dockerfile>,
    /// Health checks declared to the runtime: Dockerfile HEALTHCHECK, compose, Kubernetes probes.
    pub health_checks: Vec<crate::model::Evidence>,
    /// CI configurations and the commands they run, sorted by path.
    pub ci: Vec<ci::CiFile>,
    pub stack: Stack,
    pub warnings: Vec<Warning>,
    pub stats: Stats,
}

/// Conditions a rule can declare in `applies_to`.
pub const CONDITIONS: &[&str] = &[
    "any",
    "service",
    "db",
    "web",
    "docker",
    "compose",
    "http-client",
    "k8s",
    "ci",
    "reads-env",
    "python",
    "node",
    "go",
    "rust",
    "java",
];

impl Project {
    /// Finds a file by exact relative path.
    pub fn file(&self, path: &str) -> Option<&FileInfo> {
        self.files
            .binary_search_by(|f| f.path.as_str().cmp(path))
            .ok()
            .map(|i| &self.files[i])
    }

    /// Manifests of one ecosystem that describe this project (not fixtures, examples or vendored code).
    pub fn manifests_of(&self, eco: Ecosystem) -> impl Iterator<Item = &Manifest> {
        self.manifests.iter().filter(move |m| {
            m.ecosystem == Some(eco)
                && !matches!(
                    crate::paths::classify(&m.path),
                    crate::paths::Role::Example | crate::paths::Role::Test
                )
        })
    }

    /// The first manifest declaring `name` in `eco` (normalized), with the dependency's line.
    pub fn find_dependency(&self, eco: Ecosystem, name: &str) -> Option<(&Manifest, usize)> {
        let norm = eco.normalize(name);
        let prefix = norm.ends_with('*').then(|| norm.trim_end_matches('*').to_string());
        self.manifests_of(eco).find_map(|m| {
            m.deps
                .iter()
                .find(|d| match &prefix {
                    Some(p) => d.name.starts_with(p.as_str()),
                    None => d.name == norm,
                })
                .map(|d| (m, d.line))
        })
    }

    fn has_lang(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.stack.languages.get(*n).copied().unwrap_or(0) > 0)
    }

    /// Whether one `applies_to` condition holds; `Err` gives the reason it does not.
    pub fn condition(&self, cond: &str) -> Result<(), String> {
        let ok = match cond {
            "any" => true,
            "service" => self.stack.service,
            "db" => self.stack.db,
            "web" => self.stack.web,
            "docker" => self.stack.docker,
            "reads-env" => !self.stack.env_reads.is_empty(),
            "compose" => self
                .files
                .iter()
                .any(|f| !matches!(f.role, Role::Example | Role::Test) && infra::is_compose_path(&f.path)),
            "k8s" => self.stack.k8s,
            "http-client" => self.stack.http_client,
            "ci" => !self.ci.is_empty(),
            "python" => self.has_lang(&["python"]),
            "node" => self.has_lang(&["javascript", "typescript", "tsx"]) || self.manifests_of(Ecosystem::Npm).next().is_some(),
            "go" => self.has_lang(&["go"]),
            "rust" => self.has_lang(&["rust"]),
            "java" => self.has_lang(&["java"]),
            _ => false,
        };
        if ok {
            return Ok(());
        }
        Err(match cond {
            "service" => "no HTTP server detected".to_string(),
            "db" => "no database client or ORM detected".to_string(),
            "web" => "no browser front end detected".to_string(),
            "docker" => "no Dockerfile found".to_string(),
            "compose" => "no docker compose file found".to_string(),
            "k8s" => "no Kubernetes manifests found".to_string(),
            "http-client" => "the code makes no outbound HTTP calls".to_string(),
            "ci" => "no CI configuration found".to_string(),
            "reads-env" => "the code reads no environment variables".to_string(),
            lang if CONDITIONS.contains(&lang) => format!("no {lang} code"),
            other => format!("unknown condition `{other}`"),
        })
    }

    /// Whether every condition holds; `Err` gives the first reason one does not.
    pub fn applies(&self, conds: &[String]) -> Result<(), String> {
        conds.iter().try_for_each(|c| self.condition(c))
    }
}
