//! Deployment rules implemented natively, and path helpers the engine shares with them.

pub mod ci_runs_tests;
pub mod compose_healthchecks;
pub mod dockerfile_healthcheck;
pub mod dockerfile_non_root;
pub mod dockerfile_pinned_base;
pub mod dockerignore;
pub mod k8s_probes_and_limits;

use crate::index::Project;
use crate::index::dockerfile::{Dockerfile, Stage};
use crate::model::{Evidence, Finding, Location};
use crate::paths::Role;

/// True for a container build file: `Dockerfile`, `Dockerfile.*`, `*.Dockerfile`, `Containerfile`.
pub fn is_dockerfile_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name == "dockerfile" || name == "containerfile" || name.ends_with(".dockerfile") {
        return true;
    }
    // `Dockerfile.dev`, `Dockerfile.prod`, `Dockerfile.alpine` — but not `dockerfile.toml` or
    // `Dockerfile.md`, which are files *about* Dockerfiles.
    match name.strip_prefix("dockerfile.") {
        Some(variant) => {
            !variant.is_empty()
                && !NOT_DOCKERFILE_SUFFIXES
                    .iter()
                    .any(|s| variant == *s || variant.ends_with(&format!(".{s}")))
        }
        None => false,
    }
}

/// Extensions that make a `Dockerfile.<x>` name some other kind of file.
const NOT_DOCKERFILE_SUFFIXES: &[&str] = &[
    "md", "txt", "rst", "toml", "yml", "yaml", "json", "rs", "py", "js", "ts", "go", "java", "sh", "ps1", "bak", "orig", "swp", "lock",
    "snap", "html", "xml",
];

#[cfg(test)]
mod name_tests {
    use super::is_dockerfile_path;

    #[test]
    fn dockerfile_names() {
        for yes in [
            "Dockerfile",
            "api/Dockerfile.prod",
            "docker/api.Dockerfile",
            "Containerfile",
            "Dockerfile.dev",
        ] {
            assert!(is_dockerfile_path(yes), "{yes}");
        }
        for no in [
            "rules/dockerfile.toml",
            "docs/Dockerfile.md",
            "Dockerfile.",
            "dockerfiles.txt",
            "src/dockerfile.rs",
        ] {
            assert!(!is_dockerfile_path(no), "{no}");
        }
    }
}

/// Dockerfiles the container rules judge: every parsed one outside tests and dev containers
/// (`.devcontainer/` images are editor tooling, not what ships; fixtures, examples and vendored
/// code are never parsed).
pub fn judged_dockerfiles(project: &Project) -> impl Iterator<Item = &Dockerfile> {
    project.dockerfiles.iter().filter(|d| {
        !matches!(crate::paths::classify(&d.path), Role::Test | Role::Example) && !d.path.split('/').any(|c| c == ".devcontainer")
    })
}

/// The `FROM` line of a stage as a snippet (`FROM node:20 AS build`).
pub fn from_snippet(stage: &Stage) -> String {
    match &stage.alias {
        Some(a) => crate::redact::snippet(&format!("FROM {} AS {a}", stage.image)),
        None => crate::redact::snippet(&format!("FROM {}", stage.image)),
    }
}

/// A finding at a 1-based line of `path`, with an optional snippet.
pub fn finding(path: &str, line: usize, message: impl Into<String>, snippet: Option<String>) -> Finding {
    Finding {
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
        message: message.into(),
        snippet,
    }
}

/// Evidence at a 1-based line of `path`.
pub fn evidence(path: &str, line: usize, message: impl Into<String>) -> Evidence {
    Evidence {
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
        message: message.into(),
    }
}

/// The index of the earlier stage a `FROM <alias>` stage builds on.
pub fn parent_stage(df: &Dockerfile, idx: usize) -> Option<usize> {
    let stage = df.stages.get(idx)?;
    if !stage.from_stage {
        return None;
    }
    df.stages[..idx]
        .iter()
        .rposition(|s| s.alias.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&stage.image)))
}

/// The final stage and the earlier stages it inherits from (`FROM base` chains), final first.
pub fn final_chain(df: &Dockerfile) -> Vec<usize> {
    let mut chain = vec![];
    let Some(mut idx) = df.stages.len().checked_sub(1) else {
        return chain;
    };
    chain.push(idx);
    while let Some(p) = parent_stage(df, idx) {
        if chain.contains(&p) {
            break;
        }
        chain.push(p);
        idx = p;
    }
    chain
}

/// Directory of a relative path (`""` at the root).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// Joins a directory and a relative path, resolving `.` and `..` (never above the root).
pub fn join_path(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = if rel.starts_with('/') {
        vec![]
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join() {
        assert_eq!(join_path("", "./Dockerfile"), "Dockerfile");
        assert_eq!(join_path("deploy", "../api/Dockerfile"), "api/Dockerfile");
        assert_eq!(join_path("a/b", "c"), "a/b/c");
        assert_eq!(join_path("", "../../x"), "x");
        assert_eq!(dir_of("docker/api.Dockerfile"), "docker");
        assert_eq!(dir_of("Dockerfile"), "");
    }

    #[test]
    fn stage_chains() {
        let df = crate::index::dockerfile::parse(
            "Dockerfile",
            "FROM node:20 AS base\nUSER node\nFROM base AS build\nRUN x\nFROM golang:1.22 AS other\nFROM build\n",
        );
        assert_eq!(final_chain(&df), vec![3, 1, 0]);
        assert_eq!(parent_stage(&df, 2), None);
    }
}
