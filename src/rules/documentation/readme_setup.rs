//! `readme-setup`: a README at the root explains how to install and run the project.
//!
//! **Why**: the README is the first thing a new developer or operator reads; without setup
//! instructions every newcomer reverse-engineers the build, and the knowledge lives in one head.
//!
//! **Fails**: no README (README.md/.markdown/.rst/.txt/.adoc or a bare README, any case) at the
//! repository root, or a README with neither a setup-like section heading (Installation, Setup,
//! Usage, Getting started, Quick start, Running, Development, Build) nor a shell code block
//! (```` ```bash ````/`sh`/`shell`/`console`, or `$ ` commands in a code block). Prose such as
//! "installation is easy" is not a section.
//!
//! **Passes**: such a heading or shell block; it is cited as evidence.
//!
//! Also home of the small document outline (headings and code blocks, fenced code skipped) that
//! the other documentation rules share.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

/// The markup a documentation file is written in, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Markup {
    /// Markdown, and plain text read as Markdown (setext underlines are common there).
    Markdown,
    /// reStructuredText.
    Rst,
    /// AsciiDoc.
    AsciiDoc,
}

impl Markup {
    /// The markup of a documentation file, or `None` when it is not a text document.
    pub fn of(name: &str) -> Option<Markup> {
        let lower = name.to_ascii_lowercase();
        let ext = match lower.rsplit_once('.') {
            Some((_, e)) => e,
            None => return Some(Markup::Markdown),
        };
        match ext {
            "md" | "markdown" | "mdown" | "mkd" | "mdx" | "txt" => Some(Markup::Markdown),
            "rst" | "rest" => Some(Markup::Rst),
            "adoc" | "asciidoc" => Some(Markup::AsciiDoc),
            _ => None,
        }
    }
}

/// A section heading of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    /// 1-based line of the heading text.
    pub line: usize,
    /// The heading text, trimmed, without markup.
    pub text: String,
}

/// A code block of a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeBlock {
    /// 1-based line where the block opens (the fence or directive, or the first indented line).
    pub line: usize,
    /// The declared language, lowercased (`bash`, `mermaid`), empty when none.
    pub lang: String,
    /// True when a line of the block is a shell prompt (`$ npm install`).
    pub prompt: bool,
}

/// Headings and code blocks of a document; text inside code blocks is never a heading.
#[derive(Clone, Debug, Default)]
pub struct Outline {
    pub headings: Vec<Heading>,
    pub blocks: Vec<CodeBlock>,
}

impl Outline {
    /// The first heading whose text matches `re` (matched against the lowercased text).
    pub fn heading_matching(&self, re: &Regex) -> Option<&Heading> {
        self.headings.iter().find(|h| re.is_match(&h.text.to_lowercase()))
    }

    /// The first code block that runs shell commands.
    pub fn shell_block(&self) -> Option<&CodeBlock> {
        self.blocks.iter().find(|b| is_shell_lang(&b.lang) || b.prompt)
    }
}

/// Languages of code blocks that hold shell commands.
pub fn is_shell_lang(lang: &str) -> bool {
    matches!(
        lang,
        "bash"
            | "sh"
            | "shell"
            | "console"
            | "zsh"
            | "fish"
            | "shell-session"
            | "shellsession"
            | "sh-session"
            | "terminal"
            | "powershell"
            | "pwsh"
            | "ps1"
            | "bat"
            | "batch"
            | "cmd"
            | "doscon"
    )
}

static ATX: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$").expect("static regex"));
static FENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^ {0,3}(`{3,}|~{3,})[ \t]*([^`]*)$").expect("static regex"));
static HTML_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)<h[1-6][^>]*>(.*?)</h[1-6]\s*>").expect("static regex"));
static TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"<[^>]*>").expect("static regex"));
static RST_DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\.\.\s+(?:code-block|code|sourcecode|prompt|highlight|mermaid)::\s*(\S*)").expect("static regex"));
static RST_MERMAID: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\.\.\s+mermaid::").expect("static regex"));
static ADOC_SOURCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[(?:source)?\s*,\s*([A-Za-z0-9_+-]+)").expect("static regex"));
static ADOC_HEADING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:={1,6}|#{1,6})[ \t]+(\S.*?)[ \t]*$").expect("static regex"));

/// True for a line that is a shell prompt inside a code block.
fn is_prompt(line: &str) -> bool {
    let t = line.trim_start();
    t.starts_with("$ ") && t.len() > 2
}

/// Heading text without emphasis, links' brackets and trailing anchors.
fn clean(text: &str) -> String {
    let t = TAG.replace_all(text, "");
    let t: String = t.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '[' | ']')).collect();
    let t = t.split(" {#").next().unwrap_or(&t);
    t.trim().to_string()
}

/// True when `line` underlines the line above as a heading in reStructuredText.
fn rst_underline(line: &str) -> bool {
    let t = line.trim_end();
    let mut chars = t.chars();
    let Some(first) = chars.next() else { return false };
    "=-~^\"'*+#:._`".contains(first) && t.len() >= 3 && t.chars().all(|c| c == first)
}

/// Parses a document's headings and code blocks.
pub fn outline(text: &str, markup: Markup) -> Outline {
    match markup {
        Markup::Markdown => outline_markdown(text),
        Markup::Rst => outline_rst(text),
        Markup::AsciiDoc => outline_adoc(text),
    }
}

fn outline_markdown(text: &str) -> Outline {
    let mut out = Outline::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    // YAML front matter is metadata, not a thematic break followed by a heading.
    if lines.first().is_some_and(|l| l.trim_end() == "---")
        && let Some(end) = lines.iter().skip(1).position(|l| matches!(l.trim_end(), "---" | "..."))
    {
        i = end + 2;
    }
    let mut prev_paragraph: Option<usize> = None;
    let mut in_comment = false;
    let mut prev_blank = true;
    let mut in_indented: Option<usize> = None;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if in_comment {
            if line.contains("-->") {
                in_comment = false;
            }
            i += 1;
            prev_paragraph = None;
            continue;
        }
        if let Some(c) = FENCE.captures(line) {
            let fence = &c[1];
            let info = c.get(2).map(|m| m.as_str()).unwrap_or("");
            let lang = info
                .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == '}')
                .next()
                .unwrap_or("")
                .trim_start_matches(['{', '.'])
                .to_ascii_lowercase();
            let start = i + 1;
            let mut prompt = false;
            i += 1;
            let ch = fence.chars().next().unwrap_or('`');
            while i < lines.len() {
                let l = lines[i].trim_start();
                let run = l.chars().take_while(|c| *c == ch).count();
                if run >= fence.len() && l[run..].trim().is_empty() && lines[i].len() - l.len() <= 3 {
                    break;
                }
                prompt |= is_prompt(lines[i]);
                i += 1;
            }
            out.blocks.push(CodeBlock { line: start, lang, prompt });
            i += 1;
            prev_paragraph = None;
            prev_blank = false;
            in_indented = None;
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if indented && !trimmed.is_empty() && (prev_blank || in_indented.is_some()) && prev_paragraph.is_none() {
            let at = *in_indented.get_or_insert(i + 1);
            if is_prompt(line) {
                match out.blocks.iter_mut().find(|b| b.line == at) {
                    Some(b) => b.prompt = true,
                    None => out.blocks.push(CodeBlock {
                        line: at,
                        lang: String::new(),
                        prompt: true,
                    }),
                }
            }
            prev_blank = false;
            i += 1;
            continue;
        }
        if !trimmed.is_empty() {
            in_indented = None;
        }
        if trimmed.starts_with("<!--") && !trimmed.contains("-->") {
            in_comment = true;
            i += 1;
            continue;
        }
        if let Some(c) = ATX.captures(line) {
            let text = clean(c.get(1).map(|m| m.as_str()).unwrap_or(""));
            if !text.is_empty() {
                out.headings.push(Heading { line: i + 1, text });
            }
            prev_paragraph = None;
        } else if let Some(c) = HTML_HEADING.captures(line) {
            let text = clean(&c[1]);
            if !text.is_empty() {
                out.headings.push(Heading { line: i + 1, text });
            }
            prev_paragraph = None;
        } else if !trimmed.is_empty()
            && line.len() - line.trim_start().len() <= 3
            && (trimmed.chars().all(|c| c == '=') || trimmed.chars().all(|c| c == '-'))
            && let Some(p) = prev_paragraph
        {
            let text = clean(lines[p]);
            if !text.is_empty() {
                out.headings.push(Heading { line: p + 1, text });
            }
            prev_paragraph = None;
        } else if trimmed.is_empty() {
            prev_paragraph = None;
        } else {
            let starts_block = trimmed.starts_with(['>', '|', '-', '*', '+']) || trimmed.starts_with("<");
            prev_paragraph = (!starts_block).then_some(i);
        }
        prev_blank = trimmed.is_empty();
        i += 1;
    }
    out
}

fn outline_rst(text: &str) -> Outline {
    let mut out = Outline::default();
    let lines: Vec<&str> = text.lines().collect();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if let Some(c) = RST_DIRECTIVE.captures(line) {
            let lang = if RST_MERMAID.is_match(line) {
                "mermaid".to_string()
            } else {
                c.get(1).map(|m| m.as_str().to_ascii_lowercase()).unwrap_or_default()
            };
            let start = i + 1;
            let mut prompt = false;
            i += 1;
            while i < lines.len() && (lines[i].trim().is_empty() || lines[i].starts_with([' ', '\t'])) {
                prompt |= is_prompt(lines[i]);
                i += 1;
            }
            out.blocks.push(CodeBlock { line: start, lang, prompt });
            continue;
        }
        // Literal blocks (after `::`) and any indented `$ ` command.
        if line.starts_with([' ', '\t']) && is_prompt(line) {
            out.blocks.push(CodeBlock {
                line: i + 1,
                lang: String::new(),
                prompt: true,
            });
        }
        let t = line.trim();
        if i > 0
            && rst_underline(line)
            && !lines[i - 1].trim().is_empty()
            && !rst_underline(lines[i - 1])
            && !lines[i - 1].starts_with([' ', '\t'])
        {
            let text = clean(lines[i - 1]);
            if !text.is_empty() && lines[i - 1].trim().len() <= t.len() + 2 {
                out.headings.push(Heading { line: i, text });
            }
        }
        i += 1;
    }
    out
}

fn outline_adoc(text: &str) -> Outline {
    let mut out = Outline::default();
    let mut lang = String::new();
    let mut block: Option<(usize, String, bool)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim_end();
        if t == "----" || t == "...." {
            match block.take() {
                Some((start, l, prompt)) => out.blocks.push(CodeBlock {
                    line: start,
                    lang: l,
                    prompt,
                }),
                None => block = Some((i + 1, std::mem::take(&mut lang), false)),
            }
            continue;
        }
        if let Some(b) = block.as_mut() {
            b.2 |= is_prompt(line);
            continue;
        }
        if let Some(c) = ADOC_SOURCE.captures(t) {
            lang = c[1].to_ascii_lowercase();
            continue;
        }
        if let Some(c) = ADOC_HEADING.captures(t) {
            out.headings.push(Heading {
                line: i + 1,
                text: clean(&c[1]),
            });
        }
        lang.clear();
    }
    out
}

/// True for a README's file name (`README`, `readme.md`, `README.rst`, …).
pub fn is_readme(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    (upper == "README" || upper.starts_with("README.")) && Markup::of(name).is_some()
}

/// Where a documentation file sits, for rules that read headings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocPlace {
    /// A README at any depth.
    Readme,
    /// A page under a `docs/`, `doc/` or `documentation/` folder.
    Docs,
}

/// Whether a file is a README or a docs page worth reading for headings, and its markup.
/// Tests, fixtures, examples and vendored code are never documentation of this project.
pub fn doc_page(info: &crate::engine::ctx::FileInfo) -> Option<(DocPlace, Markup)> {
    use crate::paths::Role;
    if matches!(info.role, Role::Example | Role::Test) {
        return None;
    }
    let name = info.name();
    if is_readme(name) {
        return Some((DocPlace::Readme, Markup::of(name)?));
    }
    let in_docs = info
        .path
        .split('/')
        .rev()
        .skip(1)
        .any(|d| matches!(d.to_ascii_lowercase().as_str(), "docs" | "doc" | "documentation"));
    if in_docs && name.contains('.') && info.role == Role::Doc {
        return Some((DocPlace::Docs, Markup::of(name)?));
    }
    None
}

/// Headings that introduce setup or run instructions.
static SETUP_HEADING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:install\w*|set[ -]?up|setting[ -]up|usage|getting[ -]started|get[ -]started|quick[ -]?start|start(?:ing)?|run|running|how[ -]to[ -]use|develop\w*|build|building|compil\w*)\b",
    )
    .expect("static regex")
});

pub struct ReadmeSetup {
    meta: RuleMeta,
}

impl ReadmeSetup {
    pub fn new() -> ReadmeSetup {
        ReadmeSetup {
            meta: RuleMeta {
                id: "readme-setup".into(),
                category: Category::Documentation,
                severity: Severity::High,
                title: "README explains how to install and run".into(),
                rationale: "The README is the first thing a new developer or operator reads. Without install and run \
                            instructions every newcomer reverse-engineers the build, and the knowledge stays in one head."
                    .into(),
                detection: "Looks at the README at the repository root (README, README.md/.markdown/.rst/.txt/.adoc, any \
                            case). Passes when it has a section heading about installation, setup, usage, getting \
                            started, quick start, running, development or building (Markdown #/setext, HTML <h1>-<h6>, \
                            reStructuredText underlines, AsciiDoc =), or a shell code block (```bash/sh/shell/console, \
                            .. code-block:: bash, [source,bash], or `$ ` commands in a code block). Headings inside \
                            code blocks and prose mentions do not count. Fails when there is no README, with a \
                            finding on line 1 of a README that has neither."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "markdown".into(),
                        snippet: "## Getting started\n\n```bash\ncp .env.example .env\nmake install\nmake run   # http://localhost:8000\nmake test\n```"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "markdown".into(),
                        snippet: "## Installation\n\n```bash\npython -m venv .venv && . .venv/bin/activate\npip install -r requirements.txt\ncp .env.example .env\nuvicorn app.main:app --reload\n```"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "markdown".into(),
                        snippet: "## Getting started\n\n```bash\nnpm ci\ncp .env.example .env\nnpm run dev   # http://localhost:3000\nnpm test\n```"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "markdown".into(),
                        snippet: "## Running locally\n\n```bash\ncp .env.example .env\ngo run ./cmd/server\ngo test ./...\n```".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "markdown".into(),
                        snippet: "## Development\n\n```bash\ncp .env.example .env\ncargo run\ncargo test\n```".into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "markdown".into(),
                        snippet: "## Running locally\n\n```bash\n./mvnw spring-boot:run\n./mvnw test\n```".into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "README has setup instructions".into(),
                fail_message: "no README with install or run instructions at the repository root".into(),
            },
        }
    }
}

impl Rule for ReadmeSetup {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let path = file.path();
        if path.contains('/') || !is_readme(path) {
            return;
        }
        let Some(markup) = Markup::of(path) else { return };
        let doc = outline(file.text, markup);
        if let Some(h) = doc.heading_matching(&SETUP_HEADING) {
            hits.push(file.evidence_at_line(h.line, 1, format!("setup section `{}`", h.text)));
        } else if let Some(b) = doc.shell_block() {
            hits.push(file.evidence_at_line(b.line, 1, "shell commands in a code block"));
        } else {
            hits.push(file.finding_at_line(
                1,
                1,
                "the README has no install, setup, usage or running section and no shell code block",
            ));
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, evidence) = split_hits(hits);
        if !evidence.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), evidence);
        }
        if findings.is_empty() {
            return Outcome::fail("no README at the repository root", vec![]);
        }
        Outcome::fail("the README does not explain how to install or run the project", findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str, m: Markup) -> Vec<(usize, String)> {
        outline(text, m).headings.into_iter().map(|h| (h.line, h.text)).collect()
    }

    #[test]
    fn markdown_headings_skip_code() {
        let md =
            "---\ntitle: x\n---\n# App\n\nInstallation is easy.\n\n```bash\n# Deploy\nmake\n```\n\nUsage\n-----\n\n---\n\n## Run it ##\n";
        assert_eq!(
            headings(md, Markup::Markdown),
            vec![(4, "App".to_string()), (13, "Usage".to_string()), (18, "Run it".to_string())]
        );
        let doc = outline(md, Markup::Markdown);
        assert_eq!(doc.blocks[0].lang, "bash");
        assert!(doc.shell_block().is_some());
    }

    #[test]
    fn indented_prompt_and_comments() {
        let md = "# A\n\nText:\n\n    $ npm install\n\n<!--\n## Hidden\n-->\n";
        let doc = outline(md, Markup::Markdown);
        assert_eq!(doc.headings.len(), 1);
        assert!(doc.blocks[0].prompt);
        assert!(outline("# A\n\n    npm install\n", Markup::Markdown).shell_block().is_none());
    }

    #[test]
    fn rst_and_adoc() {
        let rst = "Project\n=======\n\nQuick start\n-----------\n\n.. code-block:: console\n\n   $ pip install x\n";
        assert_eq!(headings(rst, Markup::Rst), vec![(1, "Project".into()), (4, "Quick start".into())]);
        assert!(outline(rst, Markup::Rst).shell_block().is_some());
        let adoc = "= Title\n\n== Usage\n\n[source,bash]\n----\n== not a heading\n----\n";
        let doc = outline(adoc, Markup::AsciiDoc);
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(doc.blocks[0].lang, "bash");
    }

    #[test]
    fn readme_names() {
        assert!(is_readme("README.md") && is_readme("readme.rst") && is_readme("README") && is_readme("Readme.txt"));
        assert!(!is_readme("README.html") && !is_readme("READMEFIRST.md") && !is_readme("readme.py"));
    }
}
