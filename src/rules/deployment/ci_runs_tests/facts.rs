//! What `ci-runs-tests` gathers in `scan`: facts for hops (scripts, Makefile/justfile targets, package.json
//! script lines) and CI commands the shared CI index does not see (one-line Jenkins steps, Travis defaults).

use super::shell::one_of;
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Hit, Location};
use regex::Regex;
use std::sync::LazyLock;

static JENKINS_STEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"\b(?:sh|bat|powershell|pwsh)\s*\(?\s*(?:script\s*:\s*)?(?:'''((?s:.*?))'''|"""((?s:.*?))"""|'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")"#,
    )
    .expect("static regex")
});
static SCRIPTS_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""scripts"\s*:\s*\{"#).expect("static regex"));

const SCRIPT_DIRS: &str = "scripts script ci .ci bin .github tools hack .circleci .buildkite .gitlab";
pub(super) const SCRIPT_EXTS: &[&str] = &[".sh", ".bash", ".zsh", ".ps1", ".bat", ".cmd"];

pub(super) fn is_script_file(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    if SCRIPT_EXTS.iter().any(|e| name.ends_with(e)) {
        return true;
    }
    let in_dir = lower.split('/').rev().skip(1).any(|d| one_of(SCRIPT_DIRS, d));
    in_dir && (!name.contains('.') || (lower.starts_with(".github/") && (name == "action.yml" || name == "action.yaml")))
}

pub(super) fn fact(tag: &str, value: String, path: &str, line: usize) -> Hit {
    Hit::Fact {
        tag: tag.to_string(),
        value,
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
    }
}

/// Makefile rules: (line, targets, prerequisites, inline recipe), and recipe lines per rule.
pub(super) fn scan_makefile(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let path = ctx.path();
    let mut current: Vec<String> = vec![];
    let mut in_define = false;
    for (i, raw) in ctx.text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = raw.trim();
        if in_define {
            in_define = trimmed != "endef";
            continue;
        }
        if raw.starts_with('\t') {
            if !trimmed.is_empty() && !trimmed.starts_with('#') {
                for t in &current {
                    hits.push(fact("recipe", format!("make\t{t}\t{trimmed}"), path, line_no));
                }
            }
            continue;
        }
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.starts_with("define ") || trimmed == "define" {
            in_define = true;
            current.clear();
            continue;
        }
        current.clear();
        let Some(colon) = trimmed.find(':') else { continue };
        let (head, rest) = trimmed.split_at(colon);
        let rest = rest.trim_start_matches(':');
        if head.contains('=') || rest.starts_with('=') || head.trim().is_empty() {
            continue;
        }
        let rest = rest.split('#').next().unwrap_or("");
        let (prereqs, inline) = match rest.split_once(';') {
            Some((p, r)) => (p, Some(r.trim())),
            None => (rest, None),
        };
        if prereqs.contains('=') {
            continue;
        }
        let targets: Vec<String> = head
            .split_whitespace()
            .filter(|t| !t.starts_with('.') && !t.contains('%'))
            .map(str::to_string)
            .collect();
        for t in &targets {
            hits.push(fact("target", format!("make\t{t}\t{}", prereqs.trim()), path, line_no));
            if let Some(cmd) = inline.filter(|c| !c.is_empty()) {
                hits.push(fact("recipe", format!("make\t{t}\t{cmd}"), path, line_no));
            }
        }
        current = targets;
    }
}

/// justfile recipes: `name args: deps` headers and their indented bodies.
pub(super) fn scan_justfile(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let path = ctx.path();
    let mut current: Option<String> = None;
    for (i, raw) in ctx.text.lines().enumerate() {
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            if let Some(t) = &current {
                hits.push(fact("recipe", format!("just\t{t}\t{trimmed}"), path, i + 1));
            }
            continue;
        }
        current = None;
        if trimmed.starts_with('[') || trimmed.starts_with("set ") || trimmed.starts_with("alias ") || trimmed.starts_with("import ") {
            continue;
        }
        let Some(colon) = trimmed.find(':') else { continue };
        let (head, rest) = trimmed.split_at(colon);
        if rest.starts_with(":=") || head.contains('=') && !head.contains(' ') {
            continue;
        }
        let name = head.trim_start_matches('@').split_whitespace().next().unwrap_or("");
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
            continue;
        }
        let deps = rest.trim_start_matches(':').trim();
        hits.push(fact("target", format!("just\t{name}\t{deps}"), path, i + 1));
        current = Some(name.to_string());
    }
}

/// Lines of `"name": "…"` entries inside package.json's `scripts` object.
pub(super) fn scan_package_json(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(start) = SCRIPTS_KEY.find(ctx.text).map(|m| m.start()) else {
        return;
    };
    let mut depth = 0i32;
    let mut offset = start;
    for line in ctx.text[start..].split_inclusive('\n') {
        let t = line.trim();
        if depth == 1
            && let Some(rest) = t.strip_prefix('"')
            && let Some(end) = rest.find('"')
        {
            let (l, _) = ctx.line_col(offset);
            hits.push(fact("npm-line", rest[..end].to_string(), ctx.path(), l));
        }
        depth += line.matches('{').count() as i32 - line.matches('}').count() as i32;
        offset += line.len();
        if depth <= 0 && line.contains('}') {
            break;
        }
    }
}

/// Commands in a Jenkinsfile's `sh`/`bat` steps, including one-line and triple-quoted blocks.
pub(super) fn scan_jenkinsfile(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    for c in JENKINS_STEP.captures_iter(ctx.text) {
        let Some(body) = (1..=4).find_map(|i| c.get(i)) else { continue };
        let (start_line, _) = ctx.line_col(body.start());
        if ctx.line_text(start_line).trim_start().starts_with("//") {
            continue;
        }
        for (n, l) in body.as_str().lines().enumerate() {
            let l = l.trim();
            if !l.is_empty() && !l.starts_with('#') {
                hits.push(fact("ci-cmd", l.to_string(), ctx.path(), start_line + n));
            }
        }
    }
}

/// Travis runs a language default when `script:` is not set.
pub(super) fn scan_travis(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(doc) = ctx.yaml().and_then(|d| d.first()) else { return };
    let Some(map) = doc.as_object() else { return };
    if map.contains_key("script") {
        return;
    }
    let lang = match map.get("language") {
        Some(serde_json::Value::String(s)) => s.to_ascii_lowercase(),
        _ => return,
    };
    let line = ctx.text.find("language").map(|i| ctx.line_col(i).0).unwrap_or(1);
    hits.push(fact("ci-cmd", format!("travis-default:{lang}"), ctx.path(), line));
}

/// The command Travis runs for a language when `script:` is not set.
pub(super) fn travis_default(lang: &str, project: &Project) -> Option<String> {
    let has = |name: &str| project.files.iter().any(|f| f.path == name);
    Some(
        match lang {
            "node_js" | "node" => "npm test",
            "ruby" => "rake",
            "go" => "go test ./...",
            "rust" => "cargo test",
            "php" => "phpunit",
            "elixir" => "mix test",
            "scala" => "sbt test",
            "clojure" => "lein test",
            "haskell" => "cabal test",
            "crystal" => "crystal spec",
            "perl" => "make test",
            "c" | "cpp" | "c++" => "make test",
            "java" | "android" | "groovy" | "kotlin" => {
                if has("build.gradle") || has("build.gradle.kts") {
                    "gradle check"
                } else if has("pom.xml") {
                    "mvn test"
                } else {
                    return None;
                }
            }
            _ => return None,
        }
        .to_string(),
    )
}
