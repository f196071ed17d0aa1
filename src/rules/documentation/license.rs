//! `license`: the repository states its license.
//!
//! **Why**: without a license nobody may legally use, copy or modify the code, and dependency and
//! compliance reviews stall on the question.
//!
//! **Passes**: a `LICENSE`, `LICENCE`, `COPYING` or `UNLICENSE` file at the root (any case, any
//! extension: `LICENSE.md`, `LICENSE-MIT`, `COPYING.txt`), a REUSE `LICENSES/` folder, or a
//! license declared in a manifest: `license` in package.json, `license` in pyproject.toml's
//! `[project]` or `[tool.poetry]`, `license`/`license-file` in Cargo.toml's `[package]` or
//! `[workspace.package]`.
//!
//! **Fails**: none of these; a LICENSE inside `node_modules/` or another vendored package is not
//! this project's license.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};

pub struct License {
    meta: RuleMeta,
}

/// True for a license file's name.
fn is_license_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    // `license_check.go` or `license.json` is code or data, not a license text.
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    if crate::lang::Lang::from_path(name).is_some()
        || matches!(
            ext.as_str(),
            "json" | "toml" | "yaml" | "yml" | "sh" | "lock" | "cfg" | "ini" | "xml"
        )
    {
        return false;
    }
    ["LICENSE", "LICENCE", "COPYING", "UNLICENSE"]
        .iter()
        .any(|base| upper == *base || upper.strip_prefix(base).is_some_and(|rest| rest.starts_with(['.', '-', '_'])))
}

/// 1-based line of the first line whose trimmed text starts with `prefix`, else 1.
fn line_starting(text: &str, prefixes: &[&str]) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            prefixes.iter().any(|p| t.starts_with(p))
        })
        .map(|i| i + 1)
        .unwrap_or(1)
}

/// True when a TOML value declares a license (a non-empty string, a table, or `workspace = true`).
fn toml_declares(v: Option<&toml::Value>) -> bool {
    match v {
        Some(toml::Value::String(s)) => !s.trim().is_empty(),
        Some(toml::Value::Table(t)) => !t.is_empty(),
        _ => false,
    }
}

/// The line of a license declared in a manifest, if any.
fn manifest_license(name: &str, text: &str) -> Option<usize> {
    match name {
        "package.json" => {
            if !text.contains("licen") {
                return None;
            }
            let v: serde_json::Value = serde_json::from_str(text).ok()?;
            let declared = match v.get("license") {
                Some(serde_json::Value::String(s)) => !s.trim().is_empty(),
                Some(serde_json::Value::Object(o)) => !o.is_empty(),
                _ => v.get("licenses").and_then(|l| l.as_array()).is_some_and(|a| !a.is_empty()),
            };
            declared.then(|| line_starting(text, &["\"license\"", "\"licenses\""]))
        }
        "pyproject.toml" | "Cargo.toml" => {
            if !text.contains("license") {
                return None;
            }
            let v: toml::Table = toml::from_str(text).ok()?;
            let tables: &[&[&str]] = if name == "Cargo.toml" {
                &[&["package"], &["workspace", "package"]]
            } else {
                &[&["project"], &["tool", "poetry"]]
            };
            let declared = tables.iter().any(|path| {
                let mut t = Some(&v);
                for key in *path {
                    t = t.and_then(|t| t.get(*key)).and_then(|x| x.as_table());
                }
                t.is_some_and(|t| toml_declares(t.get("license")) || toml_declares(t.get("license-file")))
            });
            declared.then(|| line_starting(text, &["license"]))
        }
        _ => None,
    }
}

impl License {
    pub fn new() -> License {
        License {
            meta: RuleMeta {
                id: "license".into(),
                category: Category::Documentation,
                severity: Severity::Low,
                title: "License declared".into(),
                rationale: "Without a license nobody may legally use, copy or modify the code, and dependency and \
                            compliance reviews stall on the question."
                    .into(),
                detection: "Passes on a LICENSE, LICENCE, COPYING or UNLICENSE file at the repository root (any case, \
                            any extension or suffix such as LICENSE-MIT), a REUSE LICENSES/ folder at the root, or a \
                            license declared in a manifest outside vendored code: `license` in package.json, \
                            `license` in pyproject.toml [project] or [tool.poetry], `license`/`license-file` in \
                            Cargo.toml [package] or [workspace.package]. License files inside node_modules or other \
                            vendored packages do not count."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "bash".into(),
                        snippet: "# pick a license (https://choosealicense.com) and commit its text\ncurl -sL https://www.apache.org/licenses/LICENSE-2.0.txt -o LICENSE\ngit add LICENSE"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "bash".into(),
                        snippet: "npm pkg set license=MIT   # package.json \"license\": \"MIT\"\nnpx license mit > LICENSE   # the full text, with year and holder".into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml\n[project]\nname = \"api\"\nlicense = \"MIT\"\nlicense-files = [\"LICENSE\"]".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "toml".into(),
                        snippet: "# Cargo.toml\n[package]\nname = \"api\"\nlicense = \"MIT OR Apache-2.0\"".into(),
                    },
                ],
                effort_hours: 0.25,
                pass_message: "license declared".into(),
                fail_message: "no LICENSE file at the root and no license in a manifest".into(),
            },
        }
    }
}

impl Rule for License {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Example | Role::Test) {
            return;
        }
        let path = info.path.as_str();
        if !path.contains('/') && is_license_name(path) {
            hits.push(file.evidence_file("license file"));
            return;
        }
        if path.split('/').count() == 2 && path.starts_with("LICENSES/") {
            hits.push(file.evidence_file("REUSE license text"));
            return;
        }
        if let Some(line) = manifest_license(info.name(), file.text) {
            hits.push(file.evidence_at_line(line, 1, "license declared in the manifest"));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (_, evidence) = split_hits(hits);
        if evidence.is_empty() {
            return Outcome::fail(self.meta.fail_message.clone(), vec![]);
        }
        Outcome::pass(self.meta.pass_message.clone(), evidence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        for ok in [
            "LICENSE",
            "license.md",
            "LICENCE.txt",
            "COPYING",
            "LICENSE-MIT",
            "UNLICENSE",
            "License",
        ] {
            assert!(is_license_name(ok), "{ok}");
        }
        for no in ["LICENSES", "licensed.py", "license_check.go", "COPYRIGHT", "license.json"] {
            assert!(!is_license_name(no), "{no}");
        }
    }

    #[test]
    fn manifests() {
        assert_eq!(
            manifest_license("package.json", "{\n  \"name\": \"x\",\n  \"license\": \"MIT\"\n}"),
            Some(3)
        );
        assert_eq!(manifest_license("package.json", "{\"license\": \"\"}"), None);
        assert_eq!(manifest_license("package.json", "{not json license"), None);
        assert_eq!(
            manifest_license("Cargo.toml", "[package]\nname = \"x\"\nlicense-file = \"LICENSE.txt\"\n"),
            Some(3)
        );
        assert_eq!(manifest_license("Cargo.toml", "[package]\nlicense.workspace = true\n"), Some(2));
        assert_eq!(
            manifest_license("pyproject.toml", "[project]\nname = \"x\"\nlicense = {text = \"MIT\"}\n"),
            Some(3)
        );
        assert_eq!(manifest_license("pyproject.toml", "[tool.black]\n# license\n"), None);
    }
}
