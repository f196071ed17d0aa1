//! `changelog`: changes are recorded for the people who deploy and use the project.
//!
//! **Why**: without release notes nobody can tell what a deploy changes, which version introduced
//! a regression, or whether an upgrade is safe.
//!
//! **Passes**: a `CHANGELOG*`, `CHANGES*`, `HISTORY*`, `NEWS*`, `RELEASES*` or `RELEASE_NOTES*`
//! document (any case; no extension or .md/.rst/.txt/.adoc/.markdown/.org) at the root or in a
//! docs folder, or a tool that writes the changelog: a `.changeset/` folder (Changesets),
//! release-please (`release-please-config.json`, `.release-please-manifest.json`),
//! semantic-release (`.releaserc*`, `release.config.*`), git-cliff (`cliff.toml`), towncrier
//! (`towncrier.toml`, `[tool.towncrier]`, `changelog.d/`), GoReleaser (`.goreleaser.y*ml`).
//!
//! **Fails**: none of these. A `history.py` module or `src/news/` package is code, not notes.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};

/// Evidence entries kept.
const MAX_EVIDENCE: usize = 10;

const NOTE_NAMES: &[&str] = &[
    "CHANGELOG",
    "CHANGES",
    "HISTORY",
    "NEWS",
    "RELEASES",
    "RELEASE_NOTES",
    "RELEASE-NOTES",
    "RELEASENOTES",
];
const NOTE_EXT: &[&str] = &["md", "markdown", "rst", "txt", "adoc", "org"];

/// True for a release-notes document's name.
fn is_notes_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let (stem, ext) = match upper.rsplit_once('.') {
        Some((s, e)) => (s, Some(e.to_ascii_lowercase())),
        None => (upper.as_str(), None),
    };
    if ext.as_deref().is_some_and(|e| !NOTE_EXT.contains(&e)) {
        return false;
    }
    NOTE_NAMES
        .iter()
        .any(|n| stem == *n || stem.strip_prefix(n).is_some_and(|rest| rest.starts_with(['-', '_', '.'])))
}

/// What makes a path a changelog or a changelog tool's configuration, if anything.
fn changelog_kind(path: &str) -> Option<&'static str> {
    let parts: Vec<&str> = path.split('/').collect();
    let (name, dirs) = parts.split_last()?;
    let lower = name.to_ascii_lowercase();
    let in_docs = dirs.len() == 1 && matches!(dirs[0].to_ascii_lowercase().as_str(), "docs" | "doc" | "documentation");
    if (dirs.is_empty() || in_docs) && is_notes_name(name) {
        return Some("changelog");
    }
    if dirs.first() == Some(&".changeset") {
        return Some("Changesets");
    }
    if dirs.contains(&"changelog.d") {
        return Some("towncrier fragments");
    }
    match lower.as_str() {
        "release-please-config.json" | ".release-please-manifest.json" => Some("release-please"),
        "cliff.toml" => Some("git-cliff"),
        "towncrier.toml" => Some("towncrier"),
        ".goreleaser.yml" | ".goreleaser.yaml" | "goreleaser.yml" | "goreleaser.yaml" => Some("GoReleaser release notes"),
        n if n.starts_with(".releaserc") => Some("semantic-release"),
        n if n.starts_with("release.config.") && crate::lang::Lang::from_path(n).is_some() => Some("semantic-release"),
        _ => None,
    }
}

pub struct Changelog {
    meta: RuleMeta,
}

impl Changelog {
    pub fn new() -> Changelog {
        Changelog {
            meta: RuleMeta {
                id: "changelog".into(),
                category: Category::Documentation,
                severity: Severity::Low,
                title: "Changelog or release notes".into(),
                rationale: "Without release notes nobody can tell what a deploy changes, which version introduced a \
                            regression, or whether an upgrade is safe."
                    .into(),
                detection: "Passes on CHANGELOG*, CHANGES*, HISTORY*, NEWS*, RELEASES* or RELEASE_NOTES* (any case; no \
                            extension or .md/.markdown/.rst/.txt/.adoc/.org) at the root or directly in docs/, or a \
                            changelog tool's configuration: .changeset/ (Changesets), release-please-config.json or \
                            .release-please-manifest.json, .releaserc* or release.config.* (semantic-release), \
                            cliff.toml (git-cliff), towncrier.toml / [tool.towncrier] / changelog.d/ (towncrier), \
                            .goreleaser.yml (GoReleaser)."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "markdown".into(),
                        snippet: "# Changelog\n\n## [Unreleased]\n\n## [1.4.0] - 2024-05-02\n### Added\n- Rate limiting on /auth routes\n### Fixed\n- Connection pool leak on shutdown"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "bash".into(),
                        snippet: "npm i -D @changesets/cli && npx changeset init\n# each PR: npx changeset; on release: npx changeset version".into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml — towncrier builds CHANGELOG.md from changelog.d/ fragments\n[tool.towncrier]\nfilename = \"CHANGELOG.md\"\ndirectory = \"changelog.d\""
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "bash".into(),
                        snippet: "cargo install git-cliff && git cliff --init\ngit cliff -o CHANGELOG.md".into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "changelog found".into(),
                fail_message: "no CHANGELOG or release-notes tooling".into(),
            },
        }
    }
}

impl Rule for Changelog {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Example | Role::Test) {
            return;
        }
        if let Some(kind) = changelog_kind(&info.path) {
            hits.push(file.evidence_file(kind));
        } else if info.path == "pyproject.toml"
            && let Some(i) = file
                .text
                .lines()
                .position(|l| l.split('#').next().unwrap_or("").trim() == "[tool.towncrier]")
        {
            hits.push(file.evidence_at_line(i + 1, 1, "towncrier"));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (_, evidence) = split_hits(hits);
        crate::rules::util::require_evidence(&self.meta, evidence, MAX_EVIDENCE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        for ok in [
            "CHANGELOG.md",
            "changelog",
            "HISTORY.rst",
            "NEWS",
            "docs/changes.rst",
            "RELEASE_NOTES.md",
            ".changeset/config.json",
            "cliff.toml",
            ".releaserc.json",
            "release.config.js",
        ] {
            assert!(changelog_kind(ok).is_some(), "{ok}");
        }
        for no in [
            "history.py",
            "src/news/views.py",
            "pkg/CHANGELOG.md",
            "news.json",
            "CHANGELOG_generator.py",
            "changes.yaml",
        ] {
            assert!(changelog_kind(no).is_none(), "{no}");
        }
    }
}
