//! `lockfile`: every dependency manifest has its lockfile committed.
//!
//! **Why**: without a lockfile each install resolves version ranges afresh, so the build that
//! reaches production is not the one that was tested, and a compromised or broken release of any
//! transitive package ships on the next deploy.
//!
//! **Decides, per manifest** (tests, fixtures and examples are ignored):
//! - `package.json` with dependencies → `package-lock.json`, `npm-shrinkwrap.json`, `yarn.lock`,
//!   `pnpm-lock.yaml`, `bun.lock` or `bun.lockb` next to it, or at an ancestor that declares
//!   workspaces (`"workspaces"`, `pnpm-workspace.yaml`); exempt when `.npmrc` says
//!   `package-lock=false` (a deliberate choice) or when it declares no dependencies;
//! - `pyproject.toml` with runtime dependencies → `poetry.lock`, `uv.lock`, `pdm.lock`,
//!   `Pipfile.lock`, `pylock.toml`, `requirements.lock` here or at an ancestor, or a fully pinned
//!   `requirements*.txt` next to it; a distributable package (`[build-system]`) in a repository
//!   that serves no HTTP is a library and exempt; `Pipfile` → `Pipfile.lock`;
//! - `requirements*.txt` → every requirement pinned with `==` (or by `--hash`, or a direct URL);
//!   the finding names the unpinned packages, on the first one's line; exempt next to a lockfile
//!   (an export), when it pulls constraints (`-c`), or when it is for development only
//!   (`requirements-dev.txt`, `requirements/test.txt`);
//! - `Cargo.toml` of a binary (`[[bin]]`, `src/main.rs`, `src/bin/`) → `Cargo.lock` here or at an
//!   ancestor (the workspace root, where the finding goes); libraries and cargo-fuzz crates are
//!   exempt;
//! - `go.mod` with requirements → `go.sum`; `Gemfile` → `Gemfile.lock`; `composer.json` with
//!   packages → `composer.lock`; Maven/Gradle and setup.py are exempt.
//!
//! **n/a**: no dependency manifest at all.

use super::signals::{dir_of, name_of};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Manifest;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use std::collections::{BTreeSet, HashSet};

const NPM_LOCKS: &[&str] = &[
    "package-lock.json",
    "npm-shrinkwrap.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "bun.lock",
    "bun.lockb",
];
const PY_LOCKS: &[&str] = &[
    "poetry.lock",
    "uv.lock",
    "pdm.lock",
    "Pipfile.lock",
    "pylock.toml",
    "requirements.lock",
];
/// Unpinned names listed in one finding.
const MAX_NAMES: usize = 5;

pub struct Lockfile {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl Lockfile {
    pub fn new() -> Lockfile {
        Lockfile {
            meta: RuleMeta {
                id: "lockfile".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "Dependency lockfiles committed".into(),
                rationale: "Without a lockfile every install resolves version ranges afresh: the build that reaches \
                            production is not the one that was tested, and a broken or compromised release of any \
                            transitive package ships with the next deploy."
                    .into(),
                detection: "For each manifest outside tests and fixtures: package.json with dependencies needs \
                            package-lock.json / npm-shrinkwrap.json / yarn.lock / pnpm-lock.yaml / bun.lock(b) beside it \
                            or at a workspace root (exempt with `package-lock=false` in .npmrc); pyproject.toml with \
                            runtime dependencies needs poetry.lock / uv.lock / pdm.lock / Pipfile.lock / pylock.toml / \
                            requirements.lock (here or at an ancestor) or a fully pinned requirements*.txt beside it \
                            (a `[build-system]` package in a repository without an HTTP service is a library: exempt); \
                            Pipfile needs Pipfile.lock; requirements*.txt must pin every requirement with `==` (or \
                            hashes or direct URLs; development-only files such as requirements-dev.txt are exempt); a \
                            binary crate's Cargo.toml (`[[bin]]`, src/main.rs, src/bin/) needs Cargo.lock here or at \
                            the workspace root, libraries and cargo-fuzz crates are exempt; go.mod with requires \
                            needs go.sum; Gemfile needs Gemfile.lock; composer.json with packages needs composer.lock. \
                            Maven, Gradle and setup.py are exempt. Findings sit on line 1 of each manifest (for \
                            requirements files, on the first unpinned line). n/a without any manifest."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    rem(
                        "express",
                        "bash",
                        "npm install          # writes package-lock.json\ngit add package-lock.json\n# in CI and Docker: npm ci",
                    ),
                    rem(
                        "nestjs",
                        "bash",
                        "npm install          # writes package-lock.json\ngit add package-lock.json\n# in CI and Docker: npm ci",
                    ),
                    rem(
                        "nextjs",
                        "bash",
                        "pnpm install         # writes pnpm-lock.yaml\ngit add pnpm-lock.yaml\n# in CI: pnpm install --frozen-lockfile",
                    ),
                    rem(
                        "fastapi",
                        "bash",
                        "uv lock              # writes uv.lock from pyproject.toml\ngit add uv.lock\n# or: pip-compile requirements.in -o requirements.txt",
                    ),
                    rem(
                        "flask",
                        "bash",
                        "pip-compile requirements.in -o requirements.txt   # pins every package with ==\ngit add requirements.in requirements.txt",
                    ),
                    rem("django", "bash", "poetry lock          # writes poetry.lock\ngit add poetry.lock"),
                    rem(
                        "axum",
                        "bash",
                        "cargo generate-lockfile\ngit add Cargo.lock\n# in CI and Docker: cargo build --locked",
                    ),
                    rem(
                        "actix-web",
                        "bash",
                        "cargo generate-lockfile\ngit add Cargo.lock\n# in CI and Docker: cargo build --locked",
                    ),
                    rem("gin", "bash", "go mod tidy          # writes go.sum\ngit add go.sum"),
                    rem(
                        "generic",
                        "bash",
                        "# commit the lockfile your package manager writes, then install from it in CI and Docker:\nnpm ci\npnpm install --frozen-lockfile\nuv sync --locked\ncargo build --locked",
                    ),
                ],
                effort_hours: 0.5,
                pass_message: "every manifest has its lockfile".into(),
                fail_message: "manifests without a committed lockfile".into(),
            },
        }
    }
}

/// One requirement line's verdict.
#[derive(Debug, PartialEq)]
enum Req {
    Pinned,
    Unpinned(String),
    /// Not a requirement (option, include, local path, blank).
    Skip,
}

fn classify_requirement(line: &str) -> Req {
    let l = line.split(" #").next().unwrap_or("").trim();
    if l.is_empty() || l.starts_with('#') || l.starts_with('-') || l.starts_with('.') || l.starts_with('/') {
        return Req::Skip;
    }
    if l.contains("--hash") {
        return Req::Pinned;
    }
    let spec = l.split(';').next().unwrap_or("").trim();
    // Direct references: a fixed URL or VCS ref.
    if spec.contains("://") {
        return if spec.contains(" @ ")
            || spec.contains(".whl")
            || spec.contains(".tar.gz")
            || spec.rsplit('/').next().is_some_and(|t| t.contains('@'))
        {
            Req::Pinned
        } else {
            Req::Unpinned(spec.to_string())
        };
    }
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    if name.is_empty() {
        return Req::Skip;
    }
    match spec.find("==") {
        Some(i) if !spec[i..].contains('*') => Req::Pinned,
        _ => Req::Unpinned(name.to_string()),
    }
}

/// Pinning verdict of a requirements file: `None` when it has no requirement or pulls
/// constraints; else the unpinned names with the first one's line.
fn requirements_verdict(text: &str) -> Option<(Vec<String>, usize)> {
    let mut joined: Vec<(usize, String)> = vec![];
    let mut cont = false;
    for (i, raw) in text.lines().enumerate() {
        let piece = raw.trim_end().trim_end_matches('\\').to_string();
        if cont && let Some(last) = joined.last_mut() {
            last.1.push(' ');
            last.1.push_str(piece.trim());
        } else {
            joined.push((i + 1, piece));
        }
        cont = raw.trim_end().ends_with('\\');
    }
    let mut any = false;
    let mut unpinned = vec![];
    let mut first_line = 0;
    for (line, l) in &joined {
        let t = l.trim_start();
        if t.starts_with("-c ") || t.starts_with("--constraint") {
            return None;
        }
        match classify_requirement(l) {
            Req::Pinned => any = true,
            Req::Unpinned(name) => {
                any = true;
                if unpinned.is_empty() {
                    first_line = *line;
                }
                unpinned.push(name);
            }
            Req::Skip => {}
        }
    }
    any.then_some((unpinned, first_line))
}

/// A pip requirements file, as the manifest index recognizes them.
fn is_requirements(path: &str) -> bool {
    name_of(path).ends_with(".txt") && crate::index::manifests::is_manifest(path)
}

/// A requirements file for development only (`requirements-dev.txt`, `requirements/test.txt`,
/// `docs-requirements.txt`): it does not ship, so it is not held to pinning.
fn is_dev_requirements(path: &str) -> bool {
    const DEV: &[&str] = &[
        "dev",
        "develop",
        "development",
        "test",
        "tests",
        "testing",
        "lint",
        "docs",
        "doc",
        "ci",
        "typing",
        "mypy",
        "bench",
    ];
    let name = name_of(path).trim_end_matches(".txt").to_ascii_lowercase();
    name.split(['-', '_', '.']).any(|t| DEV.contains(&t))
}

/// `dir/name`, or `name` at the root.
fn join(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// `dir` and each of its ancestors, nearest first, ending with the root (`""`).
fn ancestors(dir: &str) -> Vec<&str> {
    let mut out = vec![dir];
    let mut d = dir;
    while !d.is_empty() {
        d = dir_of(d);
        out.push(d);
    }
    out
}

struct Inventory<'p> {
    present: HashSet<&'p str>,
}

impl<'p> Inventory<'p> {
    fn new(project: &'p Project) -> Inventory<'p> {
        let present = project
            .files
            .iter()
            .filter(|f| !matches!(f.role, Role::Test | Role::Example))
            .map(|f| f.path.as_str())
            .chain(project.skipped.iter().map(String::as_str))
            .collect();
        Inventory { present }
    }

    fn has(&self, path: &str) -> bool {
        self.present.contains(path)
    }

    /// The first of `names` present in `dir`.
    fn lock_in(&self, dir: &str, names: &[&str]) -> Option<String> {
        names.iter().map(|n| join(dir, n)).find(|p| self.has(p))
    }

    fn pylock_in(&self, dir: &str) -> Option<String> {
        self.lock_in(dir, PY_LOCKS).or_else(|| {
            let prefix = join(dir, "pylock.");
            self.present
                .iter()
                .find(|p| p.starts_with(&prefix) && p.ends_with(".toml") && dir_of(p) == dir)
                .map(|p| p.to_string())
        })
    }

    fn any_under(&self, dir: &str, pred: impl Fn(&str) -> bool) -> bool {
        let prefix = if dir.is_empty() { String::new() } else { format!("{dir}/") };
        self.present.iter().any(|p| p.starts_with(&prefix) && pred(&p[prefix.len()..]))
    }
}

fn fact_paths<'h>(hits: &'h [Hit], want: &str) -> BTreeSet<&'h str> {
    hits.iter()
        .filter_map(|h| match h {
            Hit::Fact { tag, location, .. } if tag == want => Some(location.path.as_str()),
            _ => None,
        })
        .collect()
}

fn finding(path: &str, line: usize, message: String) -> Finding {
    Finding {
        location: Location {
            path: path.to_string(),
            line,
            column: 1,
        },
        message,
        snippet: None,
    }
}

fn evidence(lock: &str, manifest: &str) -> Evidence {
    Evidence {
        location: Location {
            path: lock.to_string(),
            line: 0,
            column: 0,
        },
        message: format!("locks {manifest}"),
    }
}

impl Rule for Lockfile {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Test | Role::Example | Role::Doc) {
            return;
        }
        let name = file.info.name();
        let fact = |tag: &str, value: String, line: usize| Hit::Fact {
            tag: tag.to_string(),
            value,
            location: Location {
                path: file.path().to_string(),
                line,
                column: 0,
            },
        };
        match name {
            "package.json" if file.contains("\"workspaces\"") => hits.push(fact("npm-workspaces", String::new(), 0)),
            ".npmrc" => {
                let off = file.text.lines().any(|l| {
                    let l = l.trim().replace(' ', "");
                    l == "package-lock=false" || l == "package-lock=\"false\""
                });
                if off {
                    hits.push(fact("npm-no-lock", String::new(), 0));
                }
            }
            "Cargo.toml" => {
                if let Ok(t) = file.text.parse::<toml::Table>() {
                    let flags = [
                        ("bin", t.get("bin").is_some_and(|b| b.as_array().is_some_and(|a| !a.is_empty()))),
                        ("workspace", t.contains_key("workspace")),
                        ("package", t.contains_key("package")),
                        (
                            "fuzz",
                            t.get("package")
                                .and_then(|p| p.get("metadata"))
                                .is_some_and(|m| m.get("cargo-fuzz").is_some()),
                        ),
                    ];
                    let value: Vec<&str> = flags.iter().filter(|(_, on)| *on).map(|(k, _)| *k).collect();
                    hits.push(fact("cargo", value.join(","), 0));
                }
            }
            "pyproject.toml" if file.contains("[build-system]") => hits.push(fact("py-build-system", String::new(), 0)),
            _ if is_requirements(file.path()) => match requirements_verdict(file.text) {
                Some((unpinned, line)) if !unpinned.is_empty() => hits.push(fact("req-unpinned", unpinned.join(","), line)),
                Some(_) => hits.push(fact("req-pinned", String::new(), 0)),
                None => {}
            },
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let inv = Inventory::new(project);
        let workspaces = fact_paths(hits, "npm-workspaces");
        let no_lock_rc: BTreeSet<&str> = fact_paths(hits, "npm-no-lock").into_iter().map(dir_of).collect();
        let py_packages = fact_paths(hits, "py-build-system");
        let pinned_reqs = fact_paths(hits, "req-pinned");
        let pinned_req_dirs: BTreeSet<&str> = pinned_reqs.iter().map(|p| dir_of(p)).collect();
        let cargo: Vec<(&str, &str)> = hits
            .iter()
            .filter_map(|h| match h {
                Hit::Fact { tag, value, location } if tag == "cargo" => Some((location.path.as_str(), value.as_str())),
                _ => None,
            })
            .collect();
        let manifests: Vec<&Manifest> = project
            .manifests
            .iter()
            .filter(|m| !matches!(crate::paths::classify(&m.path), Role::Test | Role::Example | Role::Doc))
            .collect();
        if manifests.is_empty() {
            return Outcome::not_applicable("no dependency manifests");
        }
        let mut findings = vec![];
        let mut ev = vec![];
        for m in &manifests {
            let dir = dir_of(&m.path);
            match name_of(&m.path) {
                "package.json" => {
                    if m.deps.is_empty() {
                        continue;
                    }
                    if let Some(lock) = inv.lock_in(dir, NPM_LOCKS) {
                        ev.push(evidence(&lock, &m.path));
                        continue;
                    }
                    let covering = ancestors(dir).into_iter().skip(1).find_map(|a| {
                        let declares = workspaces.contains(join(a, "package.json").as_str()) || inv.has(&join(a, "pnpm-workspace.yaml"));
                        if declares { inv.lock_in(a, NPM_LOCKS) } else { None }
                    });
                    if let Some(lock) = covering {
                        ev.push(evidence(&lock, &m.path));
                    } else if ancestors(dir).iter().any(|a| no_lock_rc.contains(a)) {
                        continue;
                    } else {
                        findings.push(finding(
                            &m.path,
                            1,
                            "no lockfile (package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock) for these dependencies".into(),
                        ));
                    }
                }
                "pyproject.toml" => {
                    // Nothing to lock, or a distributable library in a repository that serves
                    // nothing: its users resolve their own versions.
                    if m.deps.iter().all(|d| d.dev) || (!project.stack.service && py_packages.contains(m.path.as_str())) {
                        continue;
                    }
                    if let Some(lock) = ancestors(dir).into_iter().find_map(|a| inv.pylock_in(a)) {
                        ev.push(evidence(&lock, &m.path));
                    } else if pinned_req_dirs.contains(dir) {
                        ev.push(Evidence {
                            location: Location {
                                path: m.path.clone(),
                                line: 0,
                                column: 0,
                            },
                            message: "pinned requirements file beside it".into(),
                        });
                    } else {
                        findings.push(finding(
                            &m.path,
                            1,
                            "runtime dependencies without a lockfile (uv.lock, poetry.lock, pdm.lock) or pinned requirements".into(),
                        ));
                    }
                }
                "Pipfile" => match inv.lock_in(dir, &["Pipfile.lock"]) {
                    Some(lock) => ev.push(evidence(&lock, &m.path)),
                    None if m.deps.is_empty() => {}
                    None => findings.push(finding(&m.path, 1, "no Pipfile.lock beside the Pipfile".into())),
                },
                "go.mod" => match inv.lock_in(dir, &["go.sum"]) {
                    Some(lock) => ev.push(evidence(&lock, &m.path)),
                    None if m.deps.is_empty() => {}
                    None => findings.push(finding(&m.path, 1, "go.mod requires modules but no go.sum is committed".into())),
                },
                "Gemfile" => match inv.lock_in(dir, &["Gemfile.lock"]) {
                    Some(lock) => ev.push(evidence(&lock, &m.path)),
                    None if m.deps.is_empty() => {}
                    None => findings.push(finding(&m.path, 1, "no Gemfile.lock beside the Gemfile".into())),
                },
                "composer.json" => {
                    let packages = m.deps.iter().any(|d| d.name != "php" && !d.name.starts_with("ext-"));
                    match inv.lock_in(dir, &["composer.lock"]) {
                        Some(lock) => ev.push(evidence(&lock, &m.path)),
                        None if !packages => {}
                        None => findings.push(finding(&m.path, 1, "no composer.lock beside composer.json".into())),
                    }
                }
                "Cargo.toml" => {
                    let Some((_, flags)) = cargo.iter().find(|(p, _)| *p == m.path) else {
                        continue;
                    };
                    let has = |f: &str| flags.split(',').any(|x| x == f);
                    // Fuzz-target crates build binaries that never ship.
                    if !has("package") || has("fuzz") || m.path.split('/').any(|c| c == "fuzz") {
                        continue;
                    }
                    let binary = has("bin")
                        || inv.has(&join(dir, "src/main.rs"))
                        || inv.any_under(&join(dir, "src/bin"), |rest| rest.ends_with(".rs"));
                    if !binary {
                        continue;
                    }
                    if let Some(lock) = ancestors(dir).into_iter().find_map(|a| inv.lock_in(a, &["Cargo.lock"])) {
                        ev.push(evidence(&lock, &m.path));
                        continue;
                    }
                    // The lock belongs at the workspace root: report there once.
                    let root = ancestors(dir).into_iter().skip(1).find_map(|a| {
                        let p = join(a, "Cargo.toml");
                        cargo
                            .iter()
                            .find(|(cp, f)| *cp == p && f.split(',').any(|x| x == "workspace"))
                            .map(|(cp, _)| cp.to_string())
                    });
                    let at = root.unwrap_or_else(|| m.path.clone());
                    findings.push(finding(&at, 1, "binary crate without a committed Cargo.lock".into()));
                }
                _ if is_requirements(&m.path) => {
                    if inv.pylock_in(dir).is_some() || is_dev_requirements(&m.path) {
                        continue;
                    }
                    let unpinned = hits.iter().find_map(|h| match h {
                        Hit::Fact { tag, value, location } if tag == "req-unpinned" && location.path == m.path => {
                            Some((value, location.line))
                        }
                        _ => None,
                    });
                    match unpinned {
                        Some((names, line)) => {
                            let names: Vec<&str> = names.split(',').collect();
                            let mut listed = names
                                .iter()
                                .take(MAX_NAMES)
                                .map(|n| format!("`{n}`"))
                                .collect::<Vec<_>>()
                                .join(", ");
                            if names.len() > MAX_NAMES {
                                listed.push_str(&format!(" and {} more", names.len() - MAX_NAMES));
                            }
                            findings.push(finding(
                                &m.path,
                                line,
                                format!("unpinned requirements: {listed} (pin with == or compile a lock)"),
                            ));
                        }
                        None if pinned_reqs.contains(m.path.as_str()) => ev.push(Evidence {
                            location: Location {
                                path: m.path.clone(),
                                line: 0,
                                column: 0,
                            },
                            message: "every requirement pinned with ==".into(),
                        }),
                        None => {}
                    }
                }
                _ => {}
            }
        }
        findings.sort();
        findings.dedup();
        if !findings.is_empty() {
            let n = findings.len();
            return Outcome::fail(
                format!("{n} manifest{} without a committed lockfile or pins", if n == 1 { "" } else { "s" }),
                findings,
            );
        }
        if ev.is_empty() {
            return Outcome::pass(
                "no manifest needs a lockfile (libraries, no dependencies or exempt build tools)",
                vec![],
            );
        }
        ev.sort();
        ev.dedup();
        Outcome::pass(self.meta.pass_message.clone(), ev)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requirement_pinning() {
        assert_eq!(classify_requirement("flask==3.0.2"), Req::Pinned);
        assert_eq!(classify_requirement("flask>=2"), Req::Unpinned("flask".into()));
        assert_eq!(classify_requirement("Flask"), Req::Unpinned("Flask".into()));
        assert_eq!(classify_requirement("flask==3.*"), Req::Unpinned("flask".into()));
        assert_eq!(
            classify_requirement("uvicorn[standard]==0.29.0 ; python_version >= '3.8'"),
            Req::Pinned
        );
        assert_eq!(classify_requirement("-r base.txt"), Req::Skip);
        assert_eq!(classify_requirement("# comment"), Req::Skip);
        assert_eq!(classify_requirement("-e ."), Req::Skip);
        assert_eq!(classify_requirement("pkg @ https://example.com/pkg-1.0.whl"), Req::Pinned);
        assert_eq!(classify_requirement("git+https://github.com/org/repo@v1.2.3#egg=repo"), Req::Pinned);
        assert_eq!(classify_requirement("requests~=2.31"), Req::Unpinned("requests".into()));
    }

    #[test]
    fn requirements_files() {
        assert_eq!(requirements_verdict("flask==3.0.2\nrequests==2.31.0\n"), Some((vec![], 0)));
        assert_eq!(
            requirements_verdict("# deps\nflask>=2\nrequests==2.31.0\ngunicorn\n"),
            Some((vec!["flask".to_string(), "gunicorn".to_string()], 2))
        );
        assert_eq!(requirements_verdict("-c constraints.txt\nflask\n"), None);
        assert_eq!(requirements_verdict("-r base.txt\n"), None);
        assert_eq!(
            requirements_verdict("flask==3.0.2 \\\n    --hash=sha256:abc\nclick \\\n    --hash=sha256:def\n"),
            Some((vec![], 0))
        );
    }

    #[test]
    fn dev_requirements() {
        assert!(is_dev_requirements("requirements-dev.txt"));
        assert!(is_dev_requirements("requirements/test.txt"));
        assert!(is_dev_requirements("docs/requirements_docs.txt"));
        assert!(!is_dev_requirements("requirements.txt"));
        assert!(!is_dev_requirements("requirements/prod.txt"));
        assert!(!is_dev_requirements("services/devices/requirements.txt"));
    }

    #[test]
    fn ancestor_dirs() {
        assert_eq!(ancestors("a/b"), ["a/b", "a", ""]);
        assert_eq!(ancestors(""), [""]);
    }
}
