//! Parses Dockerfiles into stages and instructions, with line numbers, for the container rules.
//!
//! Handles line continuations (including the `# escape=` directive), comments, heredocs
//! (`RUN <<EOF … EOF`) and `ARG`-templated base images (`FROM node:${NODE_VERSION}` with a default).
//! Never fails: unknown or malformed lines are kept as instructions and judged by the rules.

use serde::Serialize;
use std::collections::BTreeMap;

/// One instruction, continuation lines joined.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Instruction {
    /// 1-based line where the instruction starts.
    pub line: usize,
    /// Upper-cased keyword (`RUN`, `USER`, …).
    pub keyword: String,
    /// Everything after the keyword, continuations joined with a space.
    pub args: String,
}

/// A build stage: one `FROM` and what follows it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Stage {
    pub line: usize,
    /// The image reference as written, `ARG` defaults substituted (`node:20-alpine`).
    pub image: String,
    /// Image name without tag or digest (`node`, `gcr.io/distroless/static-debian12`).
    pub name: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
    /// `AS alias`.
    pub alias: Option<String>,
    /// True when the image is an earlier stage of this file (`FROM build`).
    pub from_stage: bool,
    pub instructions: Vec<Instruction>,
}

/// A parsed Dockerfile.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Dockerfile {
    pub path: String,
    /// `ARG` defaults declared before the first `FROM`.
    pub args: BTreeMap<String, String>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    /// The stage that ends up in the image.
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Every instruction of every stage, in order.
    pub fn instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.stages.iter().flat_map(|s| s.instructions.iter())
    }
}

/// Splits the text into logical instructions (continuations joined, comments and heredoc bodies skipped).
fn logical_lines(text: &str) -> Vec<(usize, String)> {
    let mut escape = '\\';
    let mut out = vec![];
    let mut current: Option<(usize, String)> = None;
    let mut heredoc: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if let Some(delim) = &heredoc {
            if line.trim() == delim {
                heredoc = None;
            }
            continue;
        }
        let trimmed = line.trim_start();
        if i == 0 || out.is_empty() && current.is_none() {
            let lower = trimmed.to_ascii_lowercase();
            if let Some(rest) = lower.strip_prefix("# escape=") {
                if rest.trim() == "`" {
                    escape = '`';
                }
                continue;
            }
        }
        if trimmed.starts_with('#') || (trimmed.is_empty() && current.is_none()) {
            continue;
        }
        let (content, continues) = match trimmed.trim_end().strip_suffix(escape) {
            Some(c) => (c.trim_end().to_string(), true),
            None => (trimmed.trim_end().to_string(), false),
        };
        match &mut current {
            Some((_, buf)) => {
                buf.push(' ');
                buf.push_str(content.trim());
            }
            None => current = Some((i + 1, content)),
        }
        if !continues && let Some((l, buf)) = current.take() {
            if let Some(pos) = buf.find("<<") {
                let d = buf[pos + 2..].trim_start_matches('-').trim_matches(|c| c == '"' || c == '\'');
                let delim: String = d.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
                if !delim.is_empty() {
                    heredoc = Some(delim);
                }
            }
            out.push((l, buf));
        }
    }
    if let Some(c) = current {
        out.push(c);
    }
    out
}

/// Substitutes `$VAR`, `${VAR}` and `${VAR:-default}` from `args`; unknown variables stay as written.
pub fn substitute(s: &str, args: &BTreeMap<String, String>) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(pos) = rest.find('$') {
        out.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(inner) = after.strip_prefix('{')
            && let Some(end) = inner.find('}')
        {
            let expr = &inner[..end];
            let (name, default) = match expr.split_once(":-").or_else(|| expr.split_once('-')) {
                Some((n, d)) => (n, Some(d)),
                None => (expr, None),
            };
            match args.get(name).filter(|v| !v.is_empty()).map(String::as_str).or(default) {
                Some(v) => out.push_str(v),
                None => out.push_str(&rest[pos..pos + 2 + end + 1]),
            }
            rest = &inner[end + 1..];
            continue;
        }
        let name: String = after.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
        match args.get(&name) {
            Some(v) if !name.is_empty() => out.push_str(v),
            _ => {
                out.push('$');
                out.push_str(&name);
            }
        }
        rest = &after[name.len()..];
    }
    out.push_str(rest);
    out
}

/// Splits an image reference into (name, tag, digest).
pub fn split_image(image: &str) -> (String, Option<String>, Option<String>) {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d.to_string())),
        None => (image, None),
    };
    // A tag is after the last ':' that comes after the last '/' (registry ports have ':' before '/').
    let slash = rest.rfind('/').map(|p| p + 1).unwrap_or(0);
    match rest[slash..].rfind(':') {
        Some(p) => (rest[..slash + p].to_string(), Some(rest[slash + p + 1..].to_string()), digest),
        None => (rest.to_string(), None, digest),
    }
}

/// Parses a Dockerfile; never fails.
pub fn parse(path: &str, text: &str) -> Dockerfile {
    let mut df = Dockerfile {
        path: path.to_string(),
        ..Dockerfile::default()
    };
    let mut stage_args: BTreeMap<String, String> = BTreeMap::new();
    for (line, logical) in logical_lines(text) {
        let logical = logical.trim();
        let (kw, args) = match logical.split_once(char::is_whitespace) {
            Some((k, a)) => (k.to_ascii_uppercase(), a.trim().to_string()),
            None => (logical.to_ascii_uppercase(), String::new()),
        };
        if kw == "ARG" {
            let (name, value) = match args.split_once('=') {
                Some((n, v)) => (n.trim().to_string(), v.trim().trim_matches('"').to_string()),
                None => (args.trim().to_string(), String::new()),
            };
            if df.stages.is_empty() {
                df.args.insert(name.clone(), value.clone());
            }
            stage_args.insert(name, value);
        }
        if kw == "FROM" {
            let words: Vec<&str> = args.split_whitespace().filter(|w| !w.starts_with("--")).collect();
            let image = substitute(words.first().copied().unwrap_or(""), &df.args);
            let alias = match words.as_slice() {
                [_, as_kw, alias, ..] if as_kw.eq_ignore_ascii_case("as") => Some(alias.to_string()),
                _ => None,
            };
            let from_stage = df
                .stages
                .iter()
                .any(|s| s.alias.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&image)));
            let (name, tag, digest) = split_image(&image);
            df.stages.push(Stage {
                line,
                image,
                name,
                tag,
                digest,
                alias,
                from_stage,
                instructions: vec![],
            });
            stage_args = df.args.clone();
            continue;
        }
        let _ = &stage_args;
        if let Some(stage) = df.stages.last_mut() {
            stage.instructions.push(Instruction { line, keyword: kw, args });
        }
    }
    df
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_args_and_continuations() {
        let text = "# syntax=docker/dockerfile:1\nARG NODE=20.11\nFROM node:${NODE}-alpine AS build\nRUN npm ci \\\n  && npm run build\n\
                    RUN <<EOF\nUSER root\nEOF\nFROM gcr.io/distroless/nodejs20-debian12:nonroot\nCOPY --from=build /app /app\nUSER nonroot\n";
        let df = parse("Dockerfile", text);
        assert_eq!(df.stages.len(), 2);
        assert_eq!(df.stages[0].image, "node:20.11-alpine");
        assert_eq!(df.stages[0].alias.as_deref(), Some("build"));
        assert_eq!(df.stages[0].instructions[0].args, "npm ci && npm run build");
        assert_eq!(df.stages[0].instructions.len(), 2, "heredoc body is not an instruction");
        let last = df.final_stage().unwrap();
        assert_eq!(last.tag.as_deref(), Some("nonroot"));
        assert_eq!(last.instructions.iter().find(|i| i.keyword == "USER").unwrap().line, 11);
    }

    #[test]
    fn image_references() {
        assert_eq!(split_image("python"), ("python".into(), None, None));
        assert_eq!(
            split_image("localhost:5000/app:1.2"),
            ("localhost:5000/app".into(), Some("1.2".into()), None)
        );
        assert_eq!(split_image("alpine@sha256:abc"), ("alpine".into(), None, Some("sha256:abc".into())));
        let args = BTreeMap::from([("V".to_string(), "3.12".to_string())]);
        assert_eq!(substitute("python:${V}-slim", &args), "python:3.12-slim");
        assert_eq!(substitute("python:${X:-3.11}", &args), "python:3.11");
        assert_eq!(substitute("python:$V", &args), "python:3.12");
    }

    #[test]
    fn garbage_does_not_panic() {
        for t in [
            "",
            "\\",
            "FROM",
            "FROM ${",
            "RUN <<",
            "\u{feff}FROM x",
            "FROM a AS",
            "ARG =\nFROM $",
        ] {
            let _ = parse("Dockerfile", t);
        }
    }
}
