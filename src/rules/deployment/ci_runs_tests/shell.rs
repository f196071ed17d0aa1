//! Shell text for `ci-runs-tests`: command lines split into segments and tokens, script paths, and
//! the surroundings of a command on a script, recipe or YAML line.

use regex::Regex;
use std::sync::LazyLock;

static MAKE_VAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$[({]([A-Za-z_][A-Za-z0-9_]*)[)}]").expect("static regex"));

/// True when `word` is one of the space-separated words of `list`.
pub(super) fn one_of(list: &str, word: &str) -> bool {
    list.split_whitespace().any(|w| w == word)
}

pub(super) fn basename(tok: &str) -> String {
    let t = tok.replace('\\', "/");
    let b = t.rsplit('/').next().unwrap_or(&t).to_ascii_lowercase();
    b.strip_suffix(".exe")
        .or_else(|| b.strip_suffix(".cmd"))
        .or_else(|| b.strip_suffix(".bat"))
        .unwrap_or(&b)
        .to_string()
}

pub(super) fn is_assignment(tok: &str) -> bool {
    match tok.split_once('=') {
        Some((k, _)) => !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
        None => false,
    }
}

/// Splits a command line into segments at `&&`, `||`, `;`, `|` and newlines, and each segment into
/// tokens with quotes removed.
pub(super) fn segments(cmd: &str) -> Vec<Vec<String>> {
    let mut out = vec![];
    for part in cmd.split(['\n', ';', '|', '&']) {
        let tokens: Vec<String> = part
            .split_whitespace()
            .map(|t| {
                t.trim_matches(|c| c == '"' || c == '\'' || c == '`' || c == '(' || c == ')')
                    .to_string()
            })
            .filter(|t| !t.is_empty())
            .collect();
        if !tokens.is_empty() {
            out.push(tokens);
        }
    }
    out
}

/// Positional arguments (flags and `-x value` pairs for the given value flags skipped).
pub(super) fn positionals<'t>(tokens: &'t [String], value_flags: &[&str]) -> Vec<&'t str> {
    let mut out = vec![];
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i].as_str();
        if t == "--" {
            i += 1;
            continue;
        }
        if t.starts_with('-') {
            if value_flags.contains(&t) {
                i += 1;
            }
        } else if !is_assignment(t) {
            out.push(t);
        }
        i += 1;
    }
    out
}

pub(super) fn normalize_path(p: &str) -> String {
    let mut p = p.replace('\\', "/");
    for prefix in [
        "$GITHUB_WORKSPACE/",
        "${GITHUB_WORKSPACE}/",
        "${{ github.workspace }}/",
        "$CI_PROJECT_DIR/",
        "${CI_PROJECT_DIR}/",
        "$(pwd)/",
        "$PWD/",
    ] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest.to_string();
        }
    }
    while let Some(rest) = p.strip_prefix("./") {
        p = rest.to_string();
    }
    p.trim_start_matches('/').to_string()
}

/// Strips what surrounds a command on a line of a script, recipe or YAML hop target.
pub(super) fn clean_line(line: &str, tool: &str) -> String {
    let mut l = line.trim();
    if tool == "make" || tool == "just" {
        l = l.trim_start_matches(['@', '-', '+']);
    }
    if let Some(rest) = l.strip_prefix("- ") {
        l = rest.trim();
    }
    for key in ["run:", "script:", "command:"] {
        if let Some(rest) = l.strip_prefix(key) {
            l = rest.trim();
        }
    }
    let l = l.trim_start_matches(['|', '>']).trim();
    if tool == "make" {
        return MAKE_VAR
            .replace_all(l, |c: &regex::Captures<'_>| c[1].to_ascii_lowercase())
            .into_owned();
    }
    l.to_string()
}

/// A command without a trailing shell comment (` # …`).
pub(super) fn strip_comment(s: &str) -> &str {
    s.split(" #").next().unwrap_or(s).trim()
}

pub(super) fn short(s: &str) -> String {
    let s = strip_comment(s);
    if s.chars().count() > 80 {
        format!("{}…", s.chars().take(79).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::clean_line;

    #[test]
    fn make_lines_substitute_variables() {
        assert_eq!(clean_line("@$(PYTHON) -m pytest", "make"), "python -m pytest");
        assert_eq!(clean_line("- run: npm test", "yaml"), "npm test");
    }
}
