//! `dockerfile-pinned-base`: every stage's base image names a version (tag) or a digest.
//!
//! **Why**: `FROM node` or `FROM python:slim` resolves to whatever was pushed last; the same commit
//! builds a different image next week (a new major runtime, a new libc), and a rollback rebuild
//! does not bring the old image back.
//!
//! **Fails** (per stage, on its `FROM` line): no tag (`FROM python`), `:latest`, a tag that names
//! no version (`alpine`, `slim`, `lts-alpine`, `mainline`, `golang:alpine3.19` — the Go version still
//! floats), or `FROM ${BASE}` whose `ARG` has no default.
//!
//! ```dockerfile
//! FROM node:lts-alpine        # floats from one Node major to the next
//! ```
//!
//! **Passes**: a version-led tag (`node:20.11-alpine`, `python:3.12-slim`, `postgres:16`), a digest
//! (`@sha256:…`), `FROM scratch`, `FROM <earlier stage>`. A Debian/Ubuntu codename is a release, so
//! `debian:bookworm-slim` and `ubuntu:jammy` pass — but only for the OS image itself: on a language
//! image (`python:slim-bookworm`) the language version still floats. Images whose name carries the
//! version (`gcr.io/distroless/static-debian12:nonroot`) pass with any tag but `latest`.

use super::{evidence, finding, from_snippet, judged_dockerfiles};
use crate::index::Project;
use crate::index::dockerfile::Stage;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::Rule;

pub struct DockerfilePinnedBase {
    meta: RuleMeta,
}

/// Debian and Ubuntu release codenames: a release, like a version number.
const CODENAMES: &[&str] = &[
    "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "sid", "bionic", "focal", "jammy", "noble", "oracular", "plucky",
];

/// Node.js LTS line codenames (`node:iron` is Node 20).
const NODE_CODENAMES: &[&str] = &[
    "argon", "boron", "carbon", "dubnium", "erbium", "fermium", "gallium", "hydrogen", "iron", "jod", "krypton",
];

/// Why a stage's base image is not pinned, or `None` when it is.
pub fn unpinned_reason(stage: &Stage) -> Option<String> {
    if stage.from_stage || stage.image.eq_ignore_ascii_case("scratch") {
        return None;
    }
    if stage.image.is_empty() {
        return Some("the base image cannot be resolved: its `ARG` has no default".into());
    }
    if stage.image.contains('$') {
        return Some(format!(
            "base image `{}` cannot be resolved: give its `ARG` a pinned default",
            stage.image
        ));
    }
    if stage.digest.is_some() {
        return None;
    }
    let name = stage.name.to_ascii_lowercase();
    let last = name.rsplit('/').next().unwrap_or(&name);
    let Some(tag) = stage.tag.as_deref().map(str::to_ascii_lowercase) else {
        return Some(format!("`{}` has no tag: it floats to `latest`", stage.image));
    };
    if tag == "latest" {
        return Some(format!("`{}` floats: `latest` is not a version", stage.image));
    }
    if tag_is_pinned(last, &tag) {
        return None;
    }
    Some(format!("`{}` is not pinned: tag `{tag}` names no version of `{last}`", stage.image))
}

/// True when `tag` names a version of the image whose last name component is `last`.
fn tag_is_pinned(last: &str, tag: &str) -> bool {
    let first = tag.split(['-', '_']).next().unwrap_or("");
    let starts_with_version = |s: &str| {
        let s = s.strip_prefix('v').unwrap_or(s);
        s.chars().next().is_some_and(|c| c.is_ascii_digit())
    };
    if starts_with_version(first) {
        return true;
    }
    // A release codename pins the OS images themselves (`debian:bookworm`, `ubuntu:jammy-20240125`).
    if matches!(last, "debian" | "ubuntu" | "buildpack-deps") && CODENAMES.contains(&first) {
        return true;
    }
    if last == "node" && NODE_CODENAMES.contains(&first) {
        return true;
    }
    // A commit-ish tag from one's own registry (`sha-1a2b3c4`, `1a2b3c4d`).
    let hexish =
        |s: &str| s.len() >= 7 && s.len() <= 40 && s.chars().all(|c| c.is_ascii_hexdigit()) && s.chars().any(|c| c.is_ascii_digit());
    if tag.split(['-', '_', '.']).any(hexish) {
        return true;
    }
    // The version is in the name (`static-debian12:nonroot`, `nodejs20-debian12:debug`).
    last.chars().any(|c| c.is_ascii_digit())
}

impl DockerfilePinnedBase {
    pub fn new() -> DockerfilePinnedBase {
        DockerfilePinnedBase {
            meta: RuleMeta {
                id: "dockerfile-pinned-base".into(),
                category: Category::Deployment,
                severity: Severity::Medium,
                title: "Base images pinned to a version".into(),
                rationale: "An unpinned base image (`FROM node`, `:latest`, `python:slim`) resolves to whatever was \
                            pushed last: the same commit builds a different image next week, with a new runtime \
                            major or libc, and rebuilding an old release does not give the old image back."
                    .into(),
                detection: "Every stage of every Dockerfile outside tests is judged on its FROM line (ARG defaults \
                            substituted). Findings: no tag, `:latest`, a tag whose first part is not a version \
                            (`alpine`, `slim`, `lts-alpine`, `stable`, `mainline`, `alpine3.19` on a language image), \
                            an ARG-templated image with no default. Fine: a version-led tag, an `@sha256:` digest, \
                            `scratch`, an earlier stage, a Debian/Ubuntu codename on the OS image itself \
                            (`debian:bookworm-slim`), a Node LTS codename, a commit-sha tag, a version in the image \
                            name (`static-debian12:nonroot`)."
                    .into(),
                applies_to: vec!["docker".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "dockerfile".into(),
                        snippet: "# a version tag, or a digest for fully reproducible builds\n\
                                  FROM python:3.12.4-slim-bookworm\n\
                                  FROM node:20.11-alpine3.19@sha256:<digest>"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "dockerfile".into(),
                        snippet: "ARG NODE_VERSION=20.11\nFROM node:${NODE_VERSION}-alpine".into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM golang:1.22-alpine AS build\nFROM gcr.io/distroless/static-debian12:nonroot".into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "every base image is pinned to a version".into(),
                fail_message: "base images float: a rebuild can pull a different image".into(),
            },
        }
    }
}

impl Rule for DockerfilePinnedBase {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn evaluate(&self, project: &Project, _hits: &[Hit]) -> Outcome {
        let mut findings = vec![];
        let mut ev = vec![];
        for df in judged_dockerfiles(project) {
            for stage in &df.stages {
                match unpinned_reason(stage) {
                    Some(msg) => findings.push(finding(&df.path, stage.line, msg, Some(from_snippet(stage)))),
                    None if !stage.from_stage && !stage.image.eq_ignore_ascii_case("scratch") => {
                        ev.push(evidence(&df.path, stage.line, format!("`{}` is pinned", stage.image)))
                    }
                    None => {}
                }
            }
        }
        if findings.is_empty() {
            Outcome::pass(self.meta.pass_message.clone(), ev)
        } else {
            let msg = format!("{} unpinned base image(s): a rebuild can pull a different image", findings.len());
            Outcome::fail(msg, findings)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> Vec<Option<String>> {
        crate::index::dockerfile::parse("Dockerfile", text)
            .stages
            .iter()
            .map(unpinned_reason)
            .collect()
    }

    #[test]
    fn pinned_or_not() {
        for ok in [
            "FROM node:20.11-alpine",
            "FROM python:3.12-slim",
            "FROM python:3",
            "FROM postgres:16",
            "FROM alpine@sha256:0123456789abcdef",
            "FROM scratch",
            "FROM debian:bookworm-slim",
            "FROM ubuntu:jammy-20240125",
            "FROM gcr.io/distroless/static-debian12:nonroot",
            "FROM localhost:5000/base:1.2",
            "FROM ghcr.io/acme/base:sha-1a2b3c4d",
            "FROM node:iron-alpine",
            "FROM mcr.microsoft.com/dotnet/aspnet:8.0",
            "ARG V=3.12\nFROM python:${V}-slim",
        ] {
            assert_eq!(reason(ok).last().cloned().flatten(), None, "{ok}");
        }
        for bad in [
            "FROM node",
            "FROM node:latest",
            "FROM node:lts-alpine",
            "FROM python:slim",
            "FROM python:slim-bookworm",
            "FROM golang:alpine3.19",
            "FROM nginx:mainline-alpine",
            "FROM alpine",
            "FROM ${BASE}",
            "ARG BASE\nFROM $BASE",
            "FROM gcr.io/distroless/static:nonroot",
            "FROM gcr.io/distroless/static-debian12",
        ] {
            assert!(reason(bad).last().cloned().flatten().is_some(), "{bad}");
        }
        assert_eq!(reason("FROM golang:1.22 AS build\nFROM build"), vec![None, None]);
    }
}
