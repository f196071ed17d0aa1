//! `type-checking`: the code's types are checked, strictly, for every language that needs it.
//!
//! **Why**: a type checker finds null dereferences, wrong arguments and missing cases before they
//! run; TypeScript without `strict` lets most of those through, and untyped Python/JavaScript has
//! no check at all.
//!
//! **Fails**: a `tsconfig.json` with `"strict": false` (a finding on that line); TypeScript whose
//! tsconfigs never enable `strict`; Python with no mypy/pyright/pyre configuration or CI step;
//! plain JavaScript with no `// @ts-check`, `checkJs` or Flow.
//!
//! **Passes**: `"strict": true` in a tsconfig (directly or through one `extends` chain to a local
//! file, a workspace package, or a strict `@tsconfig/*` base; Deno is strict by default), mypy /
//! pyright / pyre / pytype configured or run, `// @ts-check` / `checkJs` / Flow for JavaScript. Go,
//! Rust and Java are statically typed and pass.

use super::tooling::{self, Fam, Judge, Tool, Tooling};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Npm, Pypi};
use crate::lang::Lang;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// How many `extends` links are followed before giving up (cycles, deep chains).
const MAX_EXTENDS_DEPTH: usize = 8;

static TOOLS: &[Tool] = &[
    Tool {
        files: &["mypy.ini", ".mypy.ini", "pyrightconfig.json", ".pyre_configuration", "ty.toml"],
        sections: &[
            (
                "pyproject.toml",
                r"^[ \t]*\[tool\.(?:mypy|pyright|basedpyright|pyre|pytype|ty)[\].]",
            ),
            ("setup.cfg", r"^[ \t]*\[(?:mypy|mypy-[^\]\n]*|pytype)\]"),
            ("tox.ini", r"^[ \t]*\[(?:mypy|mypy-[^\]\n]*)\]"),
        ],
        deps: &[
            (Pypi, "mypy"),
            (Pypi, "pyright"),
            (Pypi, "basedpyright"),
            (Pypi, "pyre-check"),
            (Pypi, "pytype"),
        ],
        commands: &[
            ("mypy", &[]),
            ("dmypy", &[]),
            ("pyright", &[]),
            ("basedpyright", &[]),
            ("pyre", &["check"]),
            ("pytype", &[]),
            ("ty", &["check"]),
        ],
        hooks: &["mypy", "pyright", "basedpyright"],
        ci_text: &[r"^[ \t-]*uses:[ \t]*['\x22]?jakebailey/pyright-action"],
        ..Tool::new(Fam::Python, "mypy/pyright")
    },
    Tool {
        files: &[".flowconfig"],
        deps: &[(Npm, "flow-bin")],
        commands: &[("flow", &[])],
        ..Tool::new(Fam::Js, "flow")
    },
];

/// Packages whose published tsconfig sets `"strict": true`.
fn is_strict_base(spec: &str) -> bool {
    spec.starts_with("@tsconfig/") || spec.starts_with("@sindresorhus/tsconfig") || spec.starts_with("@vue/tsconfig")
}

static STRICT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""strict"\s*:\s*(true|false)\b"#).expect("static regex"));
static CHECK_JS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""checkJs"\s*:\s*true\b"#).expect("static regex"));
static EXTENDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""extends"\s*:\s*("(?:[^"\\\n]|\\.)*"|\[[^\]]*\])"#).expect("static regex"));
static QUOTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""((?:[^"\\\n]|\\.)*)""#).expect("static regex"));
static TS_CHECK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*//[ \t]*@ts-check\b").expect("static regex"));
static FLOW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?://|/\*+)[ \t]*@flow\b").expect("static regex"));

/// Blanks `//` and `/* */` comments of JSONC, keeping byte offsets (and newlines) where they were.
pub fn strip_jsonc(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = b.to_vec();
    let mut i = 0;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' | b'\n' => in_str = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match (c, b.get(i + 1)) {
            (b'"', _) => {
                in_str = true;
                i += 1;
            }
            (b'/', Some(b'/')) => {
                while i < b.len() && b[i] != b'\n' {
                    out[i] = b' ';
                    i += 1;
                }
            }
            (b'/', Some(b'*')) => {
                let end = text[i + 2..].find("*/").map(|e| i + 2 + e + 2).unwrap_or(b.len());
                for o in &mut out[i..end] {
                    if *o != b'\n' {
                        *o = b' ';
                    }
                }
                i = end;
            }
            _ => i += 1,
        }
    }
    // Only ASCII bytes outside strings were replaced, by ASCII spaces: the text stays valid UTF-8.
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Joins a relative reference to the directory of `from` and normalizes `.`/`..`.
fn resolve(from: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = from.rsplit_once('/').map(|(d, _)| d.split('/').collect()).unwrap_or_default();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// What one tsconfig-like file says.
#[derive(Debug, Default)]
struct Cfg {
    /// Named `tsconfig*.json` (not only extended by one).
    root: bool,
    strict: Option<Location>,
    off: Option<Location>,
    extends: Vec<String>,
}

pub struct TypeChecking {
    meta: RuleMeta,
    tooling: Tooling,
}

impl TypeChecking {
    pub fn new() -> TypeChecking {
        TypeChecking {
            meta: RuleMeta {
                id: "type-checking".into(),
                category: Category::Architecture,
                severity: Severity::Medium,
                title: "Types are checked (strict TypeScript, mypy/pyright)".into(),
                rationale: "A type checker finds null dereferences, wrong arguments and unhandled cases before the \
                            code runs. TypeScript without `strict` lets most of them through; untyped Python or \
                            JavaScript has no such check at all."
                    .into(),
                detection: "Per language with shipped source. TypeScript: a tsconfig with `\"strict\": true` (comments \
                            allowed), directly or through `extends` to a local file, a workspace package or an \
                            @tsconfig/* base (all strict); deno.json counts (Deno is strict by default). Every \
                            `\"strict\": false` is a finding on its line; TypeScript whose tsconfigs never enable strict \
                            gets one finding per tsconfig. JavaScript-only code: `// @ts-check`, `checkJs` in a \
                            jsconfig/tsconfig, or Flow. Python: mypy.ini, [tool.mypy], [mypy] in setup.cfg, \
                            pyrightconfig.json, [tool.pyright], pyre, pytype, type-checker dependencies, pre-commit \
                            hooks, or mypy/pyright run from CI, tox, nox or a Makefile. Go, Rust and Java pass: they are statically typed."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "json".into(),
                        snippet: "// tsconfig.json\n{\n  \"compilerOptions\": {\n    \"strict\": true,\n    \
                                  \"noUncheckedIndexedAccess\": true\n  }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml  (CI: mypy .)\n[tool.mypy]\nstrict = true\nplugins = [\"pydantic.mypy\"]".into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml  (pip install django-stubs; CI: mypy .)\n[tool.mypy]\nplugins = [\"mypy_django_plugin.main\"]\n\n\
                                  [tool.django-stubs]\ndjango_settings_module = \"config.settings\""
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml  (CI: pyright)\n[tool.pyright]\ntypeCheckingMode = \"standard\"".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "// jsconfig.json: { \"compilerOptions\": { \"checkJs\": true, \"strict\": true } }\n\
                                  // or, per file:\n// @ts-check"
                            .into(),
                    },
                    Remediation {
                        framework: "nextjs".into(),
                        lang: "json".into(),
                        snippet: "// tsconfig.json\n{ \"compilerOptions\": { \"strict\": true } }".into(),
                    },
                ],
                effort_hours: 4.0,
                pass_message: "types are checked for every language".into(),
                fail_message: "types are not checked strictly".into(),
            },
            tooling: Tooling::new(TOOLS),
        }
    }
}

fn fact(tag: &str, value: impl Into<String>, location: Location) -> Hit {
    Hit::Fact {
        tag: tag.to_string(),
        value: value.into(),
        location,
    }
}

fn scan_tsconfig(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let name = file.info.name();
    let lower = name.to_ascii_lowercase();
    let json = lower.ends_with(".json") || lower.ends_with(".jsonc");
    if !json {
        return;
    }
    let named = (lower.starts_with("tsconfig") || lower.starts_with("jsconfig")) && json;
    let deno = lower == "deno.json" || lower == "deno.jsonc";
    if !named && !deno && !file.contains("\"compilerOptions\"") {
        return;
    }
    let text = strip_jsonc(file.text);
    let whole = Location {
        path: file.info.path.clone(),
        line: 0,
        column: 0,
    };
    if lower.starts_with("tsconfig") {
        hits.push(fact("tsconfig", "", whole.clone()));
    } else if deno {
        hits.push(fact("deno", "", whole.clone()));
    } else {
        hits.push(fact("tsconfig-base", "", whole.clone()));
    }
    if let Some(c) = STRICT.captures(&text)
        && let (Some(all), Some(v)) = (c.get(0), c.get(1))
    {
        let tag = if v.as_str() == "true" { "ts-strict" } else { "ts-strict-off" };
        hits.push(fact(tag, "", file.location(all.start())));
    }
    if let Some(m) = CHECK_JS.find(&text) {
        hits.push(fact(Fam::Js.id(), "`checkJs` enabled", file.location(m.start())));
    }
    if let Some(c) = EXTENDS.captures(&text)
        && let Some(v) = c.get(1)
    {
        for q in QUOTED.captures_iter(v.as_str()) {
            let Some(spec) = q.get(1).map(|s| s.as_str()) else { continue };
            let target = if let Some((_, pkg)) = spec.rsplit_once("node_modules/") {
                // `./node_modules/@tsconfig/node20/tsconfig.json`: the package, not a scanned file.
                format!("pkg:{pkg}")
            } else if spec.starts_with('.') || spec.starts_with('/') {
                format!("path:{}", resolve(&file.info.path, spec))
            } else {
                format!("pkg:{spec}")
            };
            hits.push(fact("ts-extends", target, whole.clone()));
        }
    }
}

/// Resolves an `extends` target to a scanned file, trying the path as written and with `.json`.
fn lookup<'c>(cfgs: &'c BTreeMap<String, Cfg>, project: &Project, target: &str) -> Option<(&'c str, &'c Cfg)> {
    let path = if let Some(p) = target.strip_prefix("path:") {
        p.to_string()
    } else {
        // A workspace package (`@repo/typescript-config/base.json`): find its package.json by name.
        let spec = target.strip_prefix("pkg:")?;
        let mut parts = spec.splitn(if spec.starts_with('@') { 3 } else { 2 }, '/');
        let pkg = if spec.starts_with('@') {
            format!("{}/{}", parts.next()?, parts.next()?)
        } else {
            parts.next()?.to_string()
        };
        let sub = parts.next().unwrap_or("tsconfig.json");
        let manifest = project
            .manifests_of(crate::index::manifests::Ecosystem::Npm)
            .find(|m| m.package_name.as_deref() == Some(pkg.as_str()))?;
        let dir = manifest.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        if dir.is_empty() { sub.to_string() } else { format!("{dir}/{sub}") }
    };
    let with_json = format!("{path}.json");
    cfgs.get_key_value(&path)
        .or_else(|| cfgs.get_key_value(&with_json))
        .map(|(k, v)| (k.as_str(), v))
}

/// Where strictness comes from, if the config is effectively strict.
fn strict_source(cfgs: &BTreeMap<String, Cfg>, project: &Project, path: &str, depth: usize) -> Option<Evidence> {
    let cfg = cfgs.get(path)?;
    if cfg.off.is_some() {
        return None;
    }
    if let Some(loc) = &cfg.strict {
        return Some(Evidence {
            location: loc.clone(),
            message: "`\"strict\": true`".into(),
        });
    }
    if depth >= MAX_EXTENDS_DEPTH {
        return None;
    }
    for target in &cfg.extends {
        if let Some(spec) = target.strip_prefix("pkg:")
            && is_strict_base(spec)
        {
            return Some(Evidence {
                location: Location {
                    path: path.to_string(),
                    line: 0,
                    column: 0,
                },
                message: format!("extends `{spec}`, which is strict"),
            });
        }
        if let Some((p, _)) = lookup(cfgs, project, target)
            && let Some(ev) = strict_source(cfgs, project, p, depth + 1)
        {
            return Some(ev);
        }
    }
    None
}

impl Rule for TypeChecking {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        self.tooling.scan(file, hits);
        let info = file.info;
        if Tooling::skips(info) {
            return;
        }
        if info.lang == Some(Lang::JavaScript) && info.role == Role::Source {
            for (literal, re, what) in [
                ("@ts-check", &*TS_CHECK, "`// @ts-check`"),
                ("@flow", &*FLOW, "Flow `@flow` annotation"),
            ] {
                if file.contains(literal)
                    && let Some(m) = re.find(file.text)
                {
                    hits.push(fact(Fam::Js.id(), what, file.location(m.start())));
                }
            }
            return;
        }
        if info.lang.is_none() {
            scan_tsconfig(file, hits);
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let present = tooling::present(project, true);
        let mut found = self.tooling.evidence(project, hits);
        let mut cfgs: BTreeMap<String, Cfg> = BTreeMap::new();
        let mut deno = vec![];
        for h in hits {
            let Hit::Fact { tag, value, location } = h else { continue };
            let entry = || Location {
                path: location.path.clone(),
                line: 0,
                column: 0,
            };
            match tag.as_str() {
                "tsconfig" => cfgs.entry(location.path.clone()).or_default().root = true,
                "tsconfig-base" => {
                    cfgs.entry(location.path.clone()).or_default();
                }
                "deno" => deno.push(entry()),
                "ts-strict" => cfgs.entry(location.path.clone()).or_default().strict = Some(location.clone()),
                "ts-strict-off" => cfgs.entry(location.path.clone()).or_default().off = Some(location.clone()),
                "ts-extends" => cfgs.entry(location.path.clone()).or_default().extends.push(value.clone()),
                _ => {}
            }
        }
        let mut custom: BTreeMap<Fam, Vec<Finding>> = BTreeMap::new();
        if present.iter().any(|p| p.fam == Fam::Ts) {
            let off: Vec<Finding> = cfgs
                .values()
                .filter_map(|c| c.off.clone())
                .map(|location| Finding {
                    location,
                    message: "`strict` is switched off".into(),
                    snippet: Some("\"strict\": false".into()),
                })
                .collect();
            let deno_ok = deno.iter().filter(|d| cfgs.get(&d.path).is_none_or(|c| c.off.is_none()));
            let mut strict: Vec<Evidence> = deno_ok
                .map(|d| Evidence {
                    location: d.clone(),
                    message: "deno.json: Deno type-checks strictly by default".into(),
                })
                .collect();
            let roots: Vec<&String> = cfgs.iter().filter(|(_, c)| c.root).map(|(p, _)| p).collect();
            for p in &roots {
                if let Some(ev) = strict_source(&cfgs, project, p, 0) {
                    strict.push(ev);
                }
            }
            strict.sort();
            strict.dedup();
            if !off.is_empty() {
                custom.insert(Fam::Ts, off);
            } else if !strict.is_empty() {
                found.insert(Fam::Ts, strict);
            } else if !roots.is_empty() {
                custom.insert(
                    Fam::Ts,
                    roots
                        .iter()
                        .map(|p| Finding {
                            location: Location {
                                path: (*p).clone(),
                                line: 0,
                                column: 0,
                            },
                            message: "tsconfig does not enable `strict`".into(),
                            snippet: None,
                        })
                        .collect(),
                );
            }
        }
        tooling::conclude(
            project,
            &present,
            found,
            custom,
            &Judge {
                what: "type checking",
                builtin: &builtin,
                missing: &missing,
            },
        )
    }
}

fn builtin(fam: Fam) -> Option<&'static str> {
    matches!(fam, Fam::Go | Fam::Rust | Fam::Java).then_some("statically typed")
}

fn missing(fam: Fam) -> String {
    match fam {
        Fam::Ts => "no tsconfig.json with `\"strict\": true`",
        Fam::Js => "no type checking (`// @ts-check`, `checkJs` in jsconfig.json, or TypeScript)",
        Fam::Python => "no type checker configured (mypy or pyright)",
        Fam::Go | Fam::Rust | Fam::Java => "no type checking",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonc_comments_blanked_in_place() {
        let t = "{\n  // \"strict\": true,\n  \"url\": \"http://x\", /* \"strict\": true */ \"strict\": false\n}";
        let s = strip_jsonc(t);
        assert_eq!(s.len(), t.len());
        assert!(s.contains("\"http://x\""));
        let c = STRICT.captures(&s).unwrap();
        assert_eq!(&c[1], "false");
    }

    #[test]
    fn extends_paths() {
        assert_eq!(resolve("apps/web/tsconfig.json", "../../tsconfig.base.json"), "tsconfig.base.json");
        assert_eq!(resolve("tsconfig.json", "./configs/base"), "configs/base");
    }
}
