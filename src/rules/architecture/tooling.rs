//! What `linter-config`, `formatter-config` and `type-checking` share: which languages a project
//! ships, and where a tool shows up — its config file, a section in a shared config, a package.json
//! key, a dependency, a command in CI / npm scripts / Makefiles / git hooks, a pre-commit hook id.
//!
//! A rule declares its tools as a table ([`Tool`]); [`Tooling::scan`] records each sighting as a
//! `Hit::Fact` tagged with the language family it covers, and [`Tooling::evidence`] adds what the
//! project index already knows (CI commands, dependencies). [`conclude`] then passes when every
//! language present has at least one sighting.

use crate::engine::ctx::{FileCtx, FileInfo};
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Evidence, Finding, Hit, Location, Outcome};
use crate::paths::Role;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// Evidence entries kept per language.
const MAX_EVIDENCE_PER_FAMILY: usize = 3;

/// A language family as the tooling rules judge it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fam {
    /// JavaScript; for the linter and formatter rules also TypeScript.
    Js,
    /// TypeScript, judged apart from JavaScript only by `type-checking`.
    Ts,
    Python,
    Go,
    Rust,
    Java,
}

impl Fam {
    /// The fact tag.
    pub fn id(self) -> &'static str {
        match self {
            Fam::Js => "js",
            Fam::Ts => "ts",
            Fam::Python => "python",
            Fam::Go => "go",
            Fam::Rust => "rust",
            Fam::Java => "java",
        }
    }

    pub fn from_id(id: &str) -> Option<Fam> {
        Some(match id {
            "js" => Fam::Js,
            "ts" => Fam::Ts,
            "python" => Fam::Python,
            "go" => Fam::Go,
            "rust" => Fam::Rust,
            "java" => Fam::Java,
            _ => return None,
        })
    }

    /// The ecosystem whose manifest locates a finding about this family.
    pub fn ecosystem(self) -> Ecosystem {
        match self {
            Fam::Js | Fam::Ts => Ecosystem::Npm,
            Fam::Python => Ecosystem::Pypi,
            Fam::Go => Ecosystem::Go,
            Fam::Rust => Ecosystem::Cargo,
            Fam::Java => Ecosystem::Maven,
        }
    }

    fn of(lang: Lang, split_ts: bool) -> Fam {
        match lang {
            Lang::Python => Fam::Python,
            Lang::JavaScript => Fam::Js,
            Lang::TypeScript | Lang::Tsx => {
                if split_ts {
                    Fam::Ts
                } else {
                    Fam::Js
                }
            }
            Lang::Go => Fam::Go,
            Lang::Rust => Fam::Rust,
            Lang::Java => Fam::Java,
        }
    }
}

/// A language family present in the shipped code.
#[derive(Debug)]
pub struct Present<'p> {
    pub fam: Fam,
    /// Lowercase name for messages (`python`, `javascript/typescript`).
    pub label: String,
    /// Its shipped source files, sorted by path.
    pub files: Vec<&'p FileInfo>,
}

/// True for JS/TS files that configure a tool rather than ship code (`vite.config.ts`,
/// `.eslintrc.js`, `Gruntfile.js`), and for type declarations (`*.d.ts`).
pub fn is_tool_file(info: &FileInfo) -> bool {
    let Some(lang) = info.lang else { return false };
    if !lang.is_js_family() {
        return false;
    }
    let name = info.name().to_ascii_lowercase();
    name.starts_with('.')
        || name.contains(".config.")
        || name.ends_with(".d.ts")
        || name.ends_with(".d.mts")
        || name.ends_with(".d.cts")
        || matches!(name.as_str(), "gruntfile.js" | "gulpfile.js" | "gulpfile.mjs" | "jakefile.js")
}

/// Shipped source that counts as a language being present: `Role::Source`, minus tool configs.
pub fn is_code(info: &FileInfo) -> bool {
    info.role == Role::Source && info.lang.is_some() && !is_tool_file(info)
}

/// A language with at most this many files, under a fifth of the code and without a manifest of
/// its own ecosystem is incidental and needs no tooling of its own.
const INCIDENTAL_MAX_FILES: usize = 2;

/// The language families present, each with its files. With `split_ts`, TypeScript is its own
/// family and JavaScript counts only when there is no TypeScript.
pub fn present(project: &Project, split_ts: bool) -> Vec<Present<'_>> {
    let mut by: BTreeMap<Fam, Vec<&FileInfo>> = BTreeMap::new();
    let (mut has_js, mut has_ts) = (false, false);
    for f in project.files.iter().filter(|f| is_code(f)) {
        let Some(lang) = f.lang else { continue };
        has_js |= lang == Lang::JavaScript;
        has_ts |= matches!(lang, Lang::TypeScript | Lang::Tsx);
        by.entry(Fam::of(lang, split_ts)).or_default().push(f);
    }
    if split_ts && has_ts {
        by.remove(&Fam::Js);
    }
    // A stray file (one worker script in a Python package) does not make a language part of the
    // project: it must have a manifest of its own ecosystem, or a few files, or a real share.
    let total: usize = by.values().map(Vec::len).sum();
    by.retain(|fam, files| {
        let has_manifest = project.manifests_of(fam.ecosystem()).next().is_some();
        has_manifest || files.len() > INCIDENTAL_MAX_FILES || files.len() * 5 >= total
    });
    by.into_iter()
        .map(|(fam, files)| {
            let label = match fam {
                Fam::Js if !split_ts && has_js && has_ts => "javascript/typescript",
                Fam::Js if !split_ts && has_ts => "typescript",
                Fam::Js => "javascript",
                Fam::Ts => "typescript",
                Fam::Python => "python",
                Fam::Go => "go",
                Fam::Rust => "rust",
                Fam::Java => "java",
            };
            Present {
                fam,
                label: label.to_string(),
                files,
            }
        })
        .collect()
}

/// Where a finding about a whole language goes: its shallowest manifest, else its first file; line 0.
pub fn family_location(project: &Project, p: &Present<'_>) -> Location {
    let manifest = project
        .manifests_of(p.fam.ecosystem())
        .map(|m| m.path.as_str())
        .min_by_key(|path| (path.matches('/').count(), *path));
    let path = manifest
        .or_else(|| p.files.first().map(|f| f.path.as_str()))
        .unwrap_or("")
        .to_string();
    Location { path, line: 0, column: 0 }
}

/// One tool a rule accepts as evidence, and every place it can show up.
pub struct Tool {
    pub fam: Fam,
    /// Display name (`ruff`).
    pub name: &'static str,
    /// File names whose presence configures it (`*` wildcard allowed; a `/` matches a path suffix).
    pub files: &'static [&'static str],
    /// (file name pattern, multi-line regex): a section or key in a shared config file.
    pub sections: &'static [(&'static str, &'static str)],
    /// Top-level package.json keys that configure it (`eslintConfig`).
    pub pkg_keys: &'static [&'static str],
    /// Dependencies (trailing `*` = prefix).
    pub deps: &'static [(Ecosystem, &'static str)],
    /// (executable, subcommands): a command running it; empty subcommands = any invocation.
    pub commands: &'static [(&'static str, &'static [&'static str])],
    /// pre-commit hook ids.
    pub hooks: &'static [&'static str],
    /// Regexes matched against CI files' text (GitHub Actions `uses:`, `RUSTFLAGS`).
    pub ci_text: &'static [&'static str],
}

impl Tool {
    /// A tool with nothing to look for yet; fill in the fields that apply.
    pub const fn new(fam: Fam, name: &'static str) -> Tool {
        Tool {
            fam,
            name,
            files: &[],
            sections: &[],
            pkg_keys: &[],
            deps: &[],
            commands: &[],
            hooks: &[],
            ci_text: &[],
        }
    }
}

struct Compiled {
    sections: Vec<(&'static str, Regex)>,
    ci_text: Vec<Regex>,
}

/// A rule's tool table, compiled.
pub struct Tooling {
    tools: &'static [Tool],
    compiled: Vec<Compiled>,
    /// Every file and section pattern of the table, to skip the per-tool loop on the files none of
    /// them names: nearly all files of a tree.
    names: NameGate,
    /// Whether some tool looks at CI files' text.
    any_ci_text: bool,
}

/// The file patterns of a tool table: exact names in a set, the others (wildcards, path
/// suffixes) in a list.
struct NameGate {
    exact: std::collections::HashSet<&'static str>,
    other: Vec<&'static str>,
}

impl NameGate {
    fn new(patterns: impl Iterator<Item = &'static str>) -> NameGate {
        let (mut exact, mut other) = (std::collections::HashSet::new(), vec![]);
        for p in patterns {
            if p.contains(['/', '*']) {
                other.push(p);
            } else {
                exact.insert(p);
            }
        }
        NameGate { exact, other }
    }

    /// Whether some pattern matches, as [`pattern_matches`] decides: an exact pattern matches
    /// only the name equal to it.
    fn any_matches(&self, path: &str, name: &str) -> bool {
        self.exact.contains(name) || self.other.iter().any(|p| pattern_matches(p, path, name))
    }
}

/// Case-sensitive match of a file name or path against a pattern with at most one `*`.
fn pattern_matches(pattern: &str, path: &str, name: &str) -> bool {
    let (subject, pat) = if pattern.contains('/') {
        // A pattern with a directory matches the end of the path on a component boundary.
        let Some(start) = path.len().checked_sub(pattern.len()) else {
            return false;
        };
        if start > 0 && path.as_bytes().get(start - 1) != Some(&b'/') {
            return false;
        }
        let Some(tail) = path.get(start..) else { return false };
        (tail, pattern)
    } else {
        (name, pattern)
    };
    match pat.split_once('*') {
        None => subject == pat,
        Some((pre, post)) => subject.len() >= pre.len() + post.len() && subject.starts_with(pre) && subject.ends_with(post),
    }
}

/// Names of git hooks, for husky hook files.
const GIT_HOOKS: &[&str] = &[
    "pre-commit",
    "pre-push",
    "commit-msg",
    "prepare-commit-msg",
    "post-commit",
    "post-merge",
    "post-checkout",
    "pre-rebase",
];

/// Files whose lines are shell-ish commands: task runners, scripts, git hooks.
fn is_command_file(info: &FileInfo) -> bool {
    let name = info.name();
    let lower = name.to_ascii_lowercase();
    let in_hook_dir = info
        .path
        .rsplit('/')
        .nth(1)
        .is_some_and(|d| matches!(d, ".husky" | ".githooks" | ".git-hooks"));
    matches!(
        lower.as_str(),
        "makefile" | "gnumakefile" | "justfile" | ".justfile" | "tox.ini" | "taskfile.yml" | "taskfile.yaml"
    ) || lower.ends_with(".mk")
        || lower.ends_with(".sh")
        || lower.starts_with("lefthook")
        || lower.starts_with(".lefthook")
        || (in_hook_dir && GIT_HOOKS.contains(&name))
}

/// Launchers that may precede a tool on a command line (`npx eslint`, `poetry run ruff`).
const LAUNCHERS: &[&str] = &[
    "npx",
    "pnpx",
    "bunx",
    "uvx",
    "pipx",
    "pnpm",
    "yarn",
    "npm",
    "bun",
    "exec",
    "run",
    "dlx",
    "x",
    "poetry",
    "uv",
    "pipenv",
    "pdm",
    "hatch",
    "rye",
    "python",
    "python3",
    "py",
    "-m",
    "sudo",
    "time",
    "env",
    "command",
    "go",
    "tool",
    "mise",
    "cargo",
    "${PYTHON}",
    "$PYTHON",
];

/// Strips a line down to its command: YAML list dashes, `run:`/`entry:`/`commands =` keys, `@`/`-`
/// Makefile prefixes, `$ ` prompts, quotes.
fn command_body(line: &str) -> &str {
    let mut l = line.trim();
    loop {
        let before = l;
        for prefix in ["- ", "$ ", "@", "-"] {
            if let Some(rest) = l.strip_prefix(prefix) {
                l = rest.trim_start();
            }
        }
        for key in [
            "run:",
            "entry:",
            "cmd:",
            "cmds:",
            "script:",
            "command:",
            "commands =",
            "commands=",
            "commands:",
        ] {
            if let Some(rest) = l.strip_prefix(key) {
                l = rest.trim_start();
            }
        }
        if l == before {
            break;
        }
    }
    l
}

/// True when `command` runs `tool` (`eslint`, or `go` with one of `subs` such as `vet`), possibly
/// behind launchers (`npx`, `poetry run`, `python -m`) and in any `&&`/`;`/`|` segment.
pub fn runs(command: &str, tool: &str, subs: &[&str]) -> bool {
    if !command.contains(tool) {
        return false;
    }
    let body = command_body(command);
    body.split(['&', ';', '|', '(', ')', '`', '\n']).any(|segment| {
        let tokens: Vec<&str> = segment
            .split_whitespace()
            .map(|t| t.trim_matches(|c| matches!(c, '"' | '\'' | '[' | ']' | ',')))
            .filter(|t| !t.is_empty())
            .collect();
        for (i, t) in tokens.iter().enumerate() {
            let base = t.rsplit('/').next().unwrap_or(t);
            let base = base.strip_suffix(".exe").unwrap_or(base);
            // `eslint@9`, `golangci-lint@v1.61` (npx / go run with a version).
            let base = match base.split_once('@') {
                Some((b, _)) if !b.is_empty() => b,
                _ => base,
            };
            if base == tool {
                if subs.is_empty() {
                    return true;
                }
                let next = tokens[i + 1..].iter().find(|n| !n.starts_with('-') && !n.starts_with('+'));
                return next.is_some_and(|n| subs.contains(n));
            }
            let launcher = LAUNCHERS.contains(t) || t.starts_with('-') || t.starts_with('+') || (t.contains('=') && !t.starts_with('='));
            if !launcher {
                return false;
            }
        }
        false
    })
}

static NOX_RUN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"\bsession\.run\(\s*((?:(?:"[^"\n]*"|'[^'\n]*')\s*,?\s*)+)"#).expect("static regex"));
static QUOTED_ARG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""([^"\n]*)"|'([^'\n]*)'"#).expect("static regex"));
static HOOK_ID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^[ \t]*(?:-[ \t]+)?id:[ \t]*["']?([\w.+-]+)"#).expect("static regex"));
static HOOK_ENTRY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^[ \t]*(?:-[ \t]+)?entry:[ \t]*(.+)$"#).expect("static regex"));

/// 1-based line of the first `needle` at or after byte `from`, or 0.
fn line_of(file: &FileCtx<'_>, needle: &str, from: usize) -> usize {
    file.text
        .get(from..)
        .and_then(|t| t.find(needle))
        .map(|i| file.line_col(from + i).0)
        .unwrap_or(0)
}

/// A matched text, trimmed to one short line for a message.
fn short(s: &str) -> String {
    let t = s.trim().trim_start_matches(['-', ' ']).trim();
    let first = t.lines().next().unwrap_or("");
    if first.chars().count() > 60 {
        let cut: String = first.chars().take(60).collect();
        format!("{cut}…")
    } else {
        first.to_string()
    }
}

fn fact(fam: Fam, message: String, location: Location) -> Hit {
    Hit::Fact {
        tag: fam.id().to_string(),
        value: message,
        location,
    }
}

fn at(file: &FileCtx<'_>, line: usize) -> Location {
    Location {
        path: file.info.path.clone(),
        line,
        column: if line == 0 { 0 } else { 1 },
    }
}

impl Tooling {
    pub fn new(tools: &'static [Tool]) -> Tooling {
        let compiled = tools
            .iter()
            .map(|t| Compiled {
                sections: t
                    .sections
                    .iter()
                    .filter_map(|(p, re)| Regex::new(&format!("(?m){re}")).ok().map(|r| (*p, r)))
                    .collect(),
                ci_text: t.ci_text.iter().filter_map(|re| Regex::new(&format!("(?m){re}")).ok()).collect(),
            })
            .collect();
        let names = NameGate::new(
            tools
                .iter()
                .flat_map(|t| t.files.iter().copied().chain(t.sections.iter().map(|(p, _)| *p))),
        );
        let any_ci_text = tools.iter().any(|t| !t.ci_text.is_empty());
        Tooling {
            tools,
            compiled,
            names,
            any_ci_text,
        }
    }

    /// True for roles whose files say nothing about the project's own tooling.
    pub fn skips(info: &FileInfo) -> bool {
        matches!(info.role, Role::Example | Role::Test | Role::Doc)
    }

    /// Records every sighting of a tool in this file as a fact tagged with its family.
    pub fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if Self::skips(info) {
            return;
        }
        let name = info.name();
        let path = info.path.as_str();
        let configures = self.names.any_matches(path, name);
        let ci = self.any_ci_text && crate::index::ci::provider(path).is_some();
        if configures || ci {
            for (tool, c) in self.tools.iter().zip(&self.compiled) {
                if configures {
                    if tool.files.iter().any(|p| pattern_matches(p, path, name)) {
                        hits.push(fact(tool.fam, format!("{} configuration `{name}`", tool.name), at(file, 0)));
                    }
                    for (p, re) in &c.sections {
                        if pattern_matches(p, path, name)
                            && let Some(m) = re.find(file.text)
                        {
                            let line = file.line_col(m.start()).0;
                            let what = short(m.as_str());
                            hits.push(fact(
                                tool.fam,
                                format!("{} configured in `{name}` (`{what}`)", tool.name),
                                at(file, line),
                            ));
                        }
                    }
                }
                if ci {
                    for re in &c.ci_text {
                        if let Some(m) = re.find(file.text) {
                            hits.push(fact(tool.fam, format!("`{}` in CI", short(m.as_str())), file.location(m.start())));
                        }
                    }
                }
            }
        }
        if name == "package.json" {
            self.scan_package_json(file, hits);
        } else if name == ".pre-commit-config.yaml" || name == ".pre-commit-config.yml" {
            self.scan_pre_commit(file, hits);
        } else if name == "noxfile.py" {
            // `session.run("black", "--check", ".")`: the quoted arguments form the command line.
            for c in NOX_RUN.captures_iter(file.text) {
                let (Some(all), Some(args)) = (c.get(0), c.get(1)) else { continue };
                if !file.in_code(all.start()) {
                    continue;
                }
                let cmd: Vec<&str> = QUOTED_ARG
                    .captures_iter(args.as_str())
                    .filter_map(|q| q.get(1).or(q.get(2)))
                    .map(|q| q.as_str())
                    .collect();
                let cmd = cmd.join(" ");
                for tool in self.tools {
                    if tool.commands.iter().any(|(t, s)| runs(&cmd, t, s)) {
                        hits.push(fact(
                            tool.fam,
                            format!("`{}` in `noxfile.py`", short(&cmd)),
                            file.location(all.start()),
                        ));
                    }
                }
            }
        } else if is_command_file(info) {
            // A line runs a tool only if it names it: the tools the file never names are dropped
            // with one search each, instead of one per line.
            let named: Vec<&Tool> = self
                .tools
                .iter()
                .filter(|tool| tool.commands.iter().any(|(t, _)| file.contains(t)))
                .collect();
            if named.is_empty() {
                return;
            }
            for (i, line) in file.text.lines().enumerate() {
                if line.trim_start().starts_with('#') {
                    continue;
                }
                for tool in &named {
                    if tool.commands.iter().any(|(t, s)| runs(line, t, s)) {
                        hits.push(fact(
                            tool.fam,
                            format!("`{}` in `{name}`", short(command_body(line))),
                            at(file, i + 1),
                        ));
                    }
                }
            }
        }
    }

    fn scan_package_json(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let Ok(serde_json::Value::Object(obj)) = serde_json::from_str::<serde_json::Value>(file.text) else {
            return;
        };
        for tool in self.tools {
            for key in tool.pkg_keys {
                if obj.contains_key(*key) {
                    let line = line_of(file, &format!("\"{key}\""), 0);
                    hits.push(fact(
                        tool.fam,
                        format!("{} configured in package.json `{key}`", tool.name),
                        at(file, line),
                    ));
                }
            }
        }
        let scripts_at = file.text.find("\"scripts\"").unwrap_or(0);
        if let Some(scripts) = obj.get("scripts").and_then(|s| s.as_object()) {
            for (script, cmd) in scripts {
                let Some(cmd) = cmd.as_str() else { continue };
                for tool in self.tools {
                    if tool.commands.iter().any(|(t, s)| runs(cmd, t, s)) {
                        let line = line_of(file, &format!("\"{script}\""), scripts_at);
                        hits.push(fact(tool.fam, format!("`{}` in npm script `{script}`", short(cmd)), at(file, line)));
                    }
                }
            }
        }
        // lint-staged: `"*.ts": "eslint --fix"` or an array of commands.
        let staged_at = file.text.find("\"lint-staged\"").unwrap_or(0);
        if let Some(staged) = obj.get("lint-staged").and_then(|s| s.as_object()) {
            for (glob, v) in staged {
                let cmds: Vec<&str> = match v {
                    serde_json::Value::String(s) => vec![s.as_str()],
                    serde_json::Value::Array(a) => a.iter().filter_map(|x| x.as_str()).collect(),
                    _ => vec![],
                };
                for tool in self.tools {
                    if cmds.iter().any(|cmd| tool.commands.iter().any(|(t, s)| runs(cmd, t, s))) {
                        let line = line_of(file, &format!("\"{glob}\""), staged_at);
                        hits.push(fact(
                            tool.fam,
                            format!("{} runs from lint-staged on `{glob}`", tool.name),
                            at(file, line),
                        ));
                    }
                }
            }
        }
    }

    fn scan_pre_commit(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        for c in HOOK_ID.captures_iter(file.text) {
            let (Some(all), Some(id)) = (c.get(0), c.get(1)) else { continue };
            for tool in self.tools {
                if tool.hooks.contains(&id.as_str()) {
                    hits.push(fact(
                        tool.fam,
                        format!("pre-commit hook `{}`", id.as_str()),
                        file.location(all.end()),
                    ));
                }
            }
        }
        for c in HOOK_ENTRY.captures_iter(file.text) {
            let Some(entry) = c.get(1) else { continue };
            for tool in self.tools {
                if tool.commands.iter().any(|(t, s)| runs(entry.as_str(), t, s)) {
                    hits.push(fact(
                        tool.fam,
                        format!("pre-commit hook runs `{}`", short(entry.as_str())),
                        file.location(entry.start()),
                    ));
                }
            }
        }
    }

    /// Sightings per family: the scan's facts plus CI commands and dependencies from the index.
    pub fn evidence(&self, project: &Project, hits: &[Hit]) -> BTreeMap<Fam, Vec<Evidence>> {
        let mut out: BTreeMap<Fam, Vec<Evidence>> = BTreeMap::new();
        for h in hits {
            if let Hit::Fact { tag, value, location } = h
                && let Some(fam) = Fam::from_id(tag)
            {
                out.entry(fam).or_default().push(Evidence {
                    location: location.clone(),
                    message: value.clone(),
                });
            }
        }
        for ci in &project.ci {
            if matches!(crate::paths::classify(&ci.path), Role::Example | Role::Test) {
                continue;
            }
            for (line, cmd) in &ci.commands {
                for tool in self.tools {
                    if tool.commands.iter().any(|(t, s)| runs(cmd, t, s)) {
                        out.entry(tool.fam).or_default().push(Evidence {
                            location: Location {
                                path: ci.path.clone(),
                                line: *line,
                                column: 1,
                            },
                            message: format!("`{}` runs in CI", short(cmd)),
                        });
                    }
                }
            }
        }
        for tool in self.tools {
            for (eco, name) in tool.deps {
                if let Some((m, line)) = project.find_dependency(*eco, name) {
                    out.entry(tool.fam).or_default().push(Evidence {
                        location: Location {
                            path: m.path.clone(),
                            line,
                            column: 1,
                        },
                        message: format!("{} dependency", tool.name),
                    });
                }
            }
        }
        for v in out.values_mut() {
            v.sort();
            v.dedup();
        }
        out
    }
}

/// What a rule needs to conclude per language.
pub struct Judge<'a> {
    /// What is looked for, for messages (`linter`).
    pub what: &'a str,
    /// Evidence for families that need no configuration (`gofmt is built in`).
    pub builtin: &'a dyn Fn(Fam) -> Option<&'static str>,
    /// The finding for a family with nothing found (`no linter: add ruff, flake8 or pylint`).
    pub missing: &'a dyn Fn(Fam) -> String,
}

/// Passes when every present family has evidence (or needs none); one finding per family without.
/// A family with entries in `custom` fails with those findings instead, whatever was found.
pub fn conclude(
    project: &Project,
    present: &[Present<'_>],
    mut found: BTreeMap<Fam, Vec<Evidence>>,
    mut custom: BTreeMap<Fam, Vec<Finding>>,
    judge: &Judge<'_>,
) -> Outcome {
    if present.is_empty() {
        return Outcome::not_applicable("no javascript, typescript, python, go, rust or java source");
    }
    let mut evidence = vec![];
    let mut findings = vec![];
    let mut ok = vec![];
    let mut missing = vec![];
    for p in present {
        let mut ev = found.remove(&p.fam).unwrap_or_default();
        if let Some(own) = custom.remove(&p.fam).filter(|f| !f.is_empty()) {
            findings.extend(own.into_iter().map(|mut f| {
                f.message = format!("{}: {}", p.label, f.message);
                f
            }));
            missing.push(p.label.as_str());
            continue;
        }
        if ev.is_empty()
            && let Some(msg) = (judge.builtin)(p.fam)
        {
            ev.push(Evidence {
                location: family_location(project, p),
                message: msg.to_string(),
            });
        }
        if ev.is_empty() {
            findings.push(Finding {
                location: family_location(project, p),
                message: format!("{}: {}", p.label, (judge.missing)(p.fam)),
                snippet: None,
            });
            missing.push(p.label.as_str());
        } else {
            ok.push(p.label.as_str());
            evidence.extend(ev.into_iter().take(MAX_EVIDENCE_PER_FAMILY).map(|mut e| {
                e.message = format!("{}: {}", p.label, e.message);
                e
            }));
        }
    }
    if findings.is_empty() {
        Outcome::pass(format!("{} configured for {}", judge.what, ok.join(", ")), evidence)
    } else {
        let mut o = Outcome::fail(format!("no {} configured for {}", judge.what, missing.join(", ")), findings);
        o.evidence = evidence;
        o
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The name gate says "maybe" exactly when some pattern of the table matches.
    #[test]
    fn the_name_gate_agrees_with_the_patterns() {
        let patterns = [
            ".eslintrc",
            ".eslintrc.*",
            "eslint.config.*",
            "*.mk",
            ".github/linters/.ruff.toml",
            "setup.cfg",
        ];
        let gate = NameGate::new(patterns.iter().copied());
        let paths = [
            ".eslintrc",
            "web/.eslintrc.json",
            "web/eslint.config.mjs",
            "eslint.config",
            "src/app.eslintrc",
            "build/rules.mk",
            ".github/linters/.ruff.toml",
            "x.github/linters/.ruff.toml",
            "linters/.ruff.toml",
            "pkg/setup.cfg",
            "setup.cfg.bak",
            "src/main.py",
            "",
        ];
        for path in paths {
            let name = path.rsplit('/').next().unwrap_or(path);
            let want = patterns.iter().any(|p| pattern_matches(p, path, name));
            assert_eq!(gate.any_matches(path, name), want, "{path}");
        }
    }

    /// Command files report each line that runs a tool, per tool, whichever tools the file names
    /// and in which order; comment lines and mere mentions do not count.
    #[test]
    fn command_files_report_every_tool_they_run() {
        static TABLE: &[Tool] = &[
            Tool {
                commands: &[("ruff", &["check"])],
                ..Tool::new(Fam::Python, "ruff")
            },
            Tool {
                commands: &[("golangci-lint", &[])],
                ..Tool::new(Fam::Go, "golangci-lint")
            },
            Tool {
                commands: &[("eslint", &[]), ("biome", &["lint"])],
                ..Tool::new(Fam::Js, "eslint/biome")
            },
        ];
        let tooling = Tooling::new(TABLE);
        let scan = |path: &str, text: &str| {
            let info = FileInfo::new(path.to_string(), text.len() as u64);
            let mut hits = vec![];
            tooling.scan(&FileCtx::new(&info, text), &mut hits);
            hits.iter()
                .filter_map(|h| match h {
                    Hit::Fact { tag, location, .. } => Some(format!("{tag}:{}", location.line)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        };
        let make = "lint:\n\tnpx biome lint . && ruff check src\n# golangci-lint run\n\techo eslint\n\tgolangci-lint run\n";
        assert_eq!(scan("Makefile", make), ["python:2", "js:2", "go:5"]);
        assert_eq!(scan("scripts/ci.sh", "ruff format .\nmake test\n"), Vec::<String>::new());
        assert_eq!(scan("scripts/ci.sh", ""), Vec::<String>::new());
        // Not a command file: the same text is not read as commands.
        assert_eq!(scan("notes.txt", make), Vec::<String>::new());
    }

    #[test]
    fn commands_behind_launchers() {
        assert!(runs("npx eslint .", "eslint", &[]));
        assert!(runs("poetry run ruff check src", "ruff", &["check"]));
        assert!(runs("python -m mypy app", "mypy", &[]));
        assert!(runs("cd web && pnpm exec eslint --max-warnings 0 .", "eslint", &[]));
        assert!(runs("go vet ./...", "go", &["vet"]));
        assert!(runs("cargo +nightly clippy --all-targets -- -D warnings", "cargo", &["clippy"]));
        assert!(runs("\t@$(PYTHON) -m flake8 src", "flake8", &[]));
        assert!(runs("- run: ./node_modules/.bin/eslint src", "eslint", &[]));
        assert!(runs("commands = flake8 src", "flake8", &[]));
        assert!(runs(
            "go run github.com/golangci/golangci-lint/cmd/golangci-lint@v1.59 run",
            "golangci-lint",
            &[]
        ));
        assert!(!runs("echo run eslint", "eslint", &[]));
        assert!(!runs("npm run lint", "eslint", &[]));
        assert!(!runs("ruff format .", "ruff", &["check"]));
        assert!(!runs("go test ./...", "go", &["vet"]));
        assert!(!runs("deps = flake8", "flake8", &[]));
        assert!(!runs("standard-version", "standard", &[]));
    }

    #[test]
    fn patterns() {
        assert!(pattern_matches(".eslintrc*", "web/.eslintrc.json", ".eslintrc.json"));
        assert!(pattern_matches("eslint.config.*", "eslint.config.mjs", "eslint.config.mjs"));
        assert!(!pattern_matches("eslint.config.*", "eslint.config", "eslint.config"));
        assert!(pattern_matches(".cargo/config.toml", "a/.cargo/config.toml", "config.toml"));
        assert!(!pattern_matches(".cargo/config.toml", "x.cargo/config.toml", "config.toml"));
        assert!(!pattern_matches(".cargo/config.toml", "config.toml", "config.toml"));
        assert!(!pattern_matches(".cargo/config.toml", "é.cargo/config.toml", "config.toml"));
        assert!(!pattern_matches("b/config.toml", "dé/config.toml", "config.toml"));
    }
}
