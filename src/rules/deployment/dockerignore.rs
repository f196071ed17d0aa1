//! `dockerignore`: a `.dockerignore` keeps secrets, history and local dependencies out of builds.
//!
//! **Why**: without one, `COPY . .` copies the local `.env` (credentials), the whole `.git`
//! history and the developer's `node_modules` (built for another OS) into the image, where anyone
//! who can pull the image can read them; the build context also becomes slow to send.
//!
//! **Fails**: a Dockerfile that copies the whole build context (`COPY . .`, `ADD . /app`) with no
//! `.dockerignore` in its directory or any parent (the build context root), nor a BuildKit
//! `<Dockerfile>.dockerignore` beside it; or an ignore file that does not exclude `.env`, `.git`,
//! or — for each `package.json` in the context — its `node_modules`. The last matching pattern
//! wins, so a later negation re-includes:
//!
//! ```text
//! .env*
//! !.env
//! ```
//!
//! **Passes**: all of them are excluded (`.env`, `.env*`, `*.env`, `**/.env`; `.git`, `.git/`;
//! `node_modules`, `**/node_modules`; or an allowlist that starts with `*`). A Dockerfile that
//! copies only explicit paths (`COPY app/ app/`) needs no ignore file.

use super::{dir_of, finding, judged_dockerfiles};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use std::collections::BTreeMap;

pub struct Dockerignore {
    meta: RuleMeta,
}

/// True for a `.dockerignore` or a BuildKit per-Dockerfile `<name>.dockerignore`.
fn is_ignore_file(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".dockerignore")
}

/// One pattern line of an ignore file.
#[derive(Clone, Debug)]
struct Pattern {
    line: usize,
    text: String,
    negated: bool,
    glob: Option<globset::GlobMatcher>,
}

fn compile(line: usize, raw: &str) -> Pattern {
    let text = raw.trim().to_string();
    let (negated, body) = match text.strip_prefix('!') {
        Some(rest) => (true, rest.trim()),
        None => (false, text.as_str()),
    };
    let mut body = body.trim_start_matches("./").trim_start_matches('/').trim_end_matches('/');
    if let Some(b) = body.strip_suffix("/**") {
        body = b;
    }
    let glob = globset::GlobBuilder::new(body)
        .literal_separator(true)
        .build()
        .ok()
        .map(|g| g.compile_matcher());
    Pattern { line, text, negated, glob }
}

/// The last pattern deciding `item` (matching it or one of its parent directories), if any.
fn deciding<'p>(patterns: &'p [Pattern], item: &str) -> Option<&'p Pattern> {
    let mut prefixes = vec![item.to_string()];
    let mut p = item;
    while let Some((parent, _)) = p.rsplit_once('/') {
        prefixes.push(parent.to_string());
        p = parent;
    }
    patterns
        .iter()
        .rfind(|pat| pat.glob.as_ref().is_some_and(|g| prefixes.iter().any(|x| g.is_match(x))))
}

impl Dockerignore {
    pub fn new() -> Dockerignore {
        Dockerignore {
            meta: RuleMeta {
                id: "dockerignore".into(),
                category: Category::Deployment,
                severity: Severity::Low,
                title: ".dockerignore keeps secrets and junk out of images".into(),
                rationale: "Without a .dockerignore, `COPY . .` puts the local .env (credentials), the .git history \
                            and a host-built node_modules into the image, where anyone who can pull it can read them, \
                            and every build uploads them as context."
                    .into(),
                detection: "For each Dockerfile outside tests: the nearest ignore file — BuildKit's \
                            `<Dockerfile>.dockerignore` beside it, else `.dockerignore` in its directory or the \
                            closest parent (the build context root). Fails when there is none and the Dockerfile \
                            copies the whole context (`COPY . …`, `ADD . …`; a build that copies only explicit \
                            paths is left alone), or when the ignore file does not \
                            exclude `.env`, `.git` and, for each package.json in the context, its `node_modules`. \
                            Patterns follow Docker's rules roughly: globs from the context root, a match on a parent \
                            directory counts, the last matching pattern wins, so a later `!.env` re-includes."
                    .into(),
                applies_to: vec!["docker".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "# .dockerignore\n.git\n.env\n.env.*\n!.env.example\n**/__pycache__\n.venv\n".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "text".into(),
                        snippet: "# .dockerignore\n.git\n.env*\n!.env.example\n**/node_modules\nnpm-debug.log\ncoverage\n".into(),
                    },
                    Remediation {
                        framework: "nextjs".into(),
                        lang: "text".into(),
                        snippet: "# .dockerignore\n.git\n.env*.local\n.env\n**/node_modules\n.next\n".into(),
                    },
                ],
                effort_hours: 0.25,
                pass_message: ".dockerignore keeps `.env`, `.git` and `node_modules` out of the build context".into(),
                fail_message: "the build context is not filtered: secrets and local files can end up in the image".into(),
            },
        }
    }
}

impl Rule for Dockerignore {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Test | Role::Example) || !is_ignore_file(file.info.name()) {
            return;
        }
        hits.push(Hit::Fact {
            tag: "file".into(),
            value: String::new(),
            location: file.location(0),
        });
        for (i, line) in file.text.lines().enumerate() {
            let t = line.trim();
            if t.is_empty() || t.starts_with('#') {
                continue;
            }
            hits.push(Hit::Fact {
                tag: "pattern".into(),
                value: t.to_string(),
                location: Location {
                    path: file.path().to_string(),
                    line: i + 1,
                    column: 1,
                },
            });
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let mut files: BTreeMap<String, Vec<Pattern>> = BTreeMap::new();
        for h in hits {
            if let Hit::Fact { tag, value, location } = h {
                let entry = files.entry(location.path.clone()).or_default();
                if tag == "pattern" {
                    entry.push(compile(location.line, value));
                }
            }
        }
        for pats in files.values_mut() {
            pats.sort_by_key(|p| p.line);
        }
        let npm_dirs: Vec<String> = project
            .manifests_of(Ecosystem::Npm)
            .filter(|m| m.path.rsplit('/').next() == Some("package.json"))
            .map(|m| dir_of(&m.path).to_string())
            .collect();
        let mut findings = vec![];
        let mut evidence = vec![];
        let mut node_checked = false;
        let mut explicit_only: Vec<String> = vec![];
        for df in judged_dockerfiles(project) {
            let dir = dir_of(&df.path);
            let own = format!("{}.dockerignore", df.path);
            let mut candidates = vec![own];
            let mut d = dir;
            loop {
                candidates.push(if d.is_empty() {
                    ".dockerignore".to_string()
                } else {
                    format!("{d}/.dockerignore")
                });
                if d.is_empty() {
                    break;
                }
                d = dir_of(d);
            }
            let Some(ignore_path) = candidates.into_iter().find(|c| files.contains_key(c)) else {
                // Only a build that copies the whole context (`COPY . …`) carries `.env` and
                // `.git` into the image; explicit paths (`COPY app/ app/`) do not.
                let copy_all = df.instructions().find(|i| {
                    let words: Vec<&str> = i.args.split_whitespace().filter(|w| !w.starts_with("--")).collect();
                    matches!(i.keyword.as_str(), "COPY" | "ADD")
                        && !i.args.contains("--from")
                        && words
                            .split_last()
                            .is_some_and(|(_, sources)| sources.iter().any(|w| matches!(*w, "." | "./" | "*" | "./*")))
                });
                match copy_all {
                    Some(i) => findings.push(finding(
                        &df.path,
                        i.line,
                        "no `.dockerignore` for this build context: `.env`, `.git` and local files are copied into the image",
                        Some(crate::redact::snippet(&format!("{} {}", i.keyword, i.args))),
                    )),
                    None => explicit_only.push(df.path.clone()),
                }
                continue;
            };
            let patterns = &files[&ignore_path];
            // The context root: where the ignore file sits (a per-Dockerfile file: the Dockerfile's directory).
            let ctx_dir = dir_of(&ignore_path);
            let rel = |p: &str| -> Option<String> {
                if ctx_dir.is_empty() {
                    Some(p.to_string())
                } else if p == ctx_dir {
                    Some(String::new())
                } else {
                    p.strip_prefix(&format!("{ctx_dir}/")).map(str::to_string)
                }
            };
            let mut items = vec![".env".to_string(), ".git".to_string()];
            for d in &npm_dirs {
                if let Some(r) = rel(d) {
                    node_checked = true;
                    items.push(if r.is_empty() {
                        "node_modules".into()
                    } else {
                        format!("{r}/node_modules")
                    });
                }
            }
            let mut missing = vec![];
            for item in &items {
                match deciding(patterns, item) {
                    Some(p) if !p.negated => evidence.push(Evidence {
                        location: Location {
                            path: ignore_path.clone(),
                            line: p.line,
                            column: 1,
                        },
                        message: format!("`{}` excludes `{item}`", p.text),
                    }),
                    Some(p) => findings.push(finding(
                        &ignore_path,
                        p.line,
                        format!("`{}` re-includes `{item}` in the build context", p.text),
                        Some(crate::redact::snippet(&p.text)),
                    )),
                    None => missing.push(format!("`{item}`")),
                }
            }
            if !missing.is_empty() {
                findings.push(finding(&ignore_path, 0, format!("does not exclude {}", missing.join(", ")), None));
            }
        }
        if findings.is_empty() {
            if evidence.is_empty() && !explicit_only.is_empty() {
                return Outcome::pass(
                    format!(
                        "no `.dockerignore`, but no Dockerfile copies the whole build context ({})",
                        explicit_only.join(", ")
                    ),
                    vec![],
                );
            }
            let msg = if !node_checked {
                ".dockerignore keeps `.env` and `.git` out of the build context".to_string()
            } else {
                self.meta.pass_message.clone()
            };
            Outcome::pass(msg, evidence)
        } else {
            let msg = match findings.iter().find(|f| f.location.line == 0 && f.snippet.is_none()) {
                Some(f) => format!("{} {}", f.location.path, f.message),
                None => self.meta.fail_message.clone(),
            };
            Outcome::fail(msg, findings)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decided(lines: &[&str], item: &str) -> Option<bool> {
        let pats: Vec<Pattern> = lines.iter().enumerate().map(|(i, l)| compile(i + 1, l)).collect();
        deciding(&pats, item).map(|p| !p.negated)
    }

    #[test]
    fn docker_patterns() {
        assert_eq!(decided(&[".env"], ".env"), Some(true));
        assert_eq!(decided(&[".env*"], ".env"), Some(true));
        assert_eq!(decided(&["*.env"], ".env"), Some(true));
        assert_eq!(decided(&["**/.env"], ".env"), Some(true));
        assert_eq!(decided(&[".env.local"], ".env"), None);
        assert_eq!(decided(&[".env*", "!.env.example"], ".env"), Some(true));
        assert_eq!(decided(&[".env*", "!.env"], ".env"), Some(false));
        assert_eq!(decided(&[".git/"], ".git"), Some(true));
        assert_eq!(decided(&["/.git"], ".git"), Some(true));
        assert_eq!(decided(&["*", "!src"], ".git"), Some(true));
        assert_eq!(decided(&["node_modules"], "web/node_modules"), None);
        assert_eq!(decided(&["**/node_modules"], "web/node_modules"), Some(true));
        assert_eq!(decided(&["web"], "web/node_modules"), Some(true));
        assert_eq!(decided(&["node_modules/**"], "node_modules"), Some(true));
    }
}
