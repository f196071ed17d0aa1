//! Accepted risk: inline `readycheck: ignore[rule-id] reason` comments and `[[suppress]]` config
//! entries take findings (or whole failing rules) out of the score, and every one is recorded so
//! reports can list it with its reason.
//!
//! A comment suppresses findings on its own line and on the line below it (the usual "line above"
//! placement). A config entry with a `path` glob suppresses that rule's findings in matching files;
//! without one it waives the whole rule. Expired entries stop applying and are reported, and so
//! are entries and comments that name no rule, so stale suppressions do not pile up unnoticed.

use crate::config::SuppressEntry;
use crate::engine::RuleResult;
use crate::model::{Finding, Location, Status, Suppressed, Warning};
use regex::Regex;
use std::sync::LazyLock;

/// One `readycheck: ignore[...]` comment.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Directive {
    pub path: String,
    pub line: usize,
    pub rules: Vec<String>,
    pub reason: String,
}

/// A comment opener, then the marker. Requiring the opener keeps the marker in a string literal
/// or in prose (like this module's docs) from counting.
static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:#|//|/\*|<!--|--|;|\{#|^\s*\*)\s*readycheck:\s*ignore\[([^\]]*)\][ \t]*(.*)").unwrap_or_else(|_| unreachable!())
});

/// Finds the directives in one file's text (cheap when the marker is absent).
pub fn directives(path: &str, text: &str) -> Vec<Directive> {
    // Every file is asked, and almost none has a marker: the vectorised search, not `str`'s.
    if memchr::memmem::find(text.as_bytes(), b"readycheck:").is_none() {
        return vec![];
    }
    let mut out = vec![];
    for (i, line) in text.lines().enumerate() {
        if !line.contains("readycheck:") {
            continue;
        }
        let Some(c) = DIRECTIVE.captures(line) else { continue };
        let rules: Vec<String> = c[1]
            .split([',', ' '])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect();
        let reason = c[2]
            .trim()
            .trim_end_matches("*/")
            .trim_end_matches("-->")
            .trim_end_matches("#}")
            .trim()
            .trim_start_matches(['-', ':', '—'])
            .trim();
        out.push(Directive {
            path: path.to_string(),
            line: i + 1,
            rules,
            reason: crate::redact::redact(reason),
        });
    }
    out
}

/// The config side: entries, the file they came from and today's date (`None`: nothing expires).
pub struct Policy<'a> {
    pub entries: &'a [SuppressEntry],
    pub config_file: &'a str,
    pub today: Option<&'a str>,
}

/// Applies suppressions to the rule results in place; returns what was suppressed and warnings.
pub fn apply(results: &mut [RuleResult], directives: &[Directive], policy: &Policy<'_>) -> (Vec<Suppressed>, Vec<Warning>) {
    let mut warnings = vec![];
    let mut suppressed = vec![];
    let today = policy.today.and_then(crate::clock::parse_date);
    let mut live: Vec<(usize, &SuppressEntry, Option<globset::GlobMatcher>)> = vec![];
    for (i, e) in policy.entries.iter().enumerate() {
        let expired = match (today, e.expires.as_deref().and_then(crate::clock::parse_date)) {
            (Some(t), Some(x)) => t > x,
            _ => false,
        };
        if expired {
            warnings.push(Warning {
                path: policy.config_file.to_string(),
                message: format!(
                    "suppress[{i}] ({}) expired on {}; its findings count again",
                    e.rule,
                    e.expires.as_deref().unwrap_or("")
                ),
            });
            continue;
        }
        let glob = match &e.path {
            // Validated when the config was loaded; an invalid glob here matches nothing.
            Some(p) => match globset::Glob::new(p) {
                Ok(g) => Some(g.compile_matcher()),
                Err(_) => continue,
            },
            None => None,
        };
        live.push((i, e, glob));
    }
    let mut used = vec![false; policy.entries.len()];
    for d in directives {
        for id in &d.rules {
            if !results.iter().any(|r| &r.meta.id == id) {
                warnings.push(Warning {
                    path: d.path.clone(),
                    message: format!("line {}: `readycheck: ignore[{id}]` names no active rule", d.line),
                });
            }
        }
    }
    for r in results.iter_mut() {
        if r.outcome.status != Status::Fail {
            continue;
        }
        let id = r.meta.id.clone();
        let config_source = |i: usize| format!("{} [[suppress]] #{}", policy.config_file, i + 1);
        if let Some((i, e, _)) = live.iter().find(|(_, e, g)| e.rule == id && g.is_none()) {
            used[*i] = true;
            let entry = |location: Location, message: String, snippet: Option<String>| Suppressed {
                rule: id.clone(),
                location,
                message,
                snippet,
                reason: e.reason.clone(),
                source: config_source(*i),
                expires: e.expires.clone(),
            };
            if r.outcome.findings.is_empty() {
                suppressed.push(entry(Location::default(), r.outcome.message.clone(), None));
            }
            for f in r.outcome.findings.drain(..) {
                suppressed.push(entry(f.location, f.message, f.snippet));
            }
            waive(r, &e.reason);
            continue;
        }
        let before = r.outcome.findings.len();
        let mut kept: Vec<Finding> = vec![];
        for f in std::mem::take(&mut r.outcome.findings) {
            let inline = (f.location.line > 0)
                .then(|| {
                    directives.iter().find(|d| {
                        d.path == f.location.path && (d.line == f.location.line || d.line + 1 == f.location.line) && d.rules.contains(&id)
                    })
                })
                .flatten();
            if let Some(d) = inline {
                suppressed.push(Suppressed {
                    rule: id.clone(),
                    message: f.message,
                    snippet: f.snippet,
                    location: f.location,
                    reason: if d.reason.is_empty() {
                        "(no reason given)".to_string()
                    } else {
                        d.reason.clone()
                    },
                    source: format!("{}:{}", d.path, d.line),
                    expires: None,
                });
                continue;
            }
            let by_config = live
                .iter()
                .find(|(_, e, g)| e.rule == id && !f.location.path.is_empty() && g.as_ref().is_some_and(|g| g.is_match(&f.location.path)));
            if let Some((i, e, _)) = by_config {
                used[*i] = true;
                suppressed.push(Suppressed {
                    rule: id.clone(),
                    message: f.message,
                    snippet: f.snippet,
                    location: f.location,
                    reason: e.reason.clone(),
                    source: config_source(*i),
                    expires: e.expires.clone(),
                });
                continue;
            }
            kept.push(f);
        }
        let removed = before - kept.len();
        r.outcome.findings = kept;
        if removed > 0 && r.outcome.findings.is_empty() {
            waive(r, "every finding is suppressed");
        }
    }
    for (i, e, _) in &live {
        if !used[*i] && results.iter().any(|r| r.meta.id == e.rule) {
            warnings.push(Warning {
                path: policy.config_file.to_string(),
                message: format!("suppress[{i}] ({}) matched no finding; remove it if the risk is gone", e.rule),
            });
        }
    }
    suppressed.sort();
    (suppressed, warnings)
}

/// A failing rule whose every finding is accepted counts as passing, and says why.
fn waive(r: &mut RuleResult, reason: &str) {
    r.outcome.status = Status::Pass;
    r.outcome.credit = 1.0;
    r.outcome.message = format!("accepted risk: {reason}");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directives_need_a_comment_and_parse_ids_and_reason() {
        let text = "a = 1\napp.use(cors()) // readycheck: ignore[cors-wildcard, rate-limiting] public API\n\
                    # readycheck: ignore[debug-enabled]\ns = \"readycheck: ignore[x] not a comment\"\n<!-- readycheck: ignore[license] internal -->\n";
        let d = directives("src/a.js", text);
        assert_eq!(d.len(), 3, "{d:?}");
        assert_eq!(d[0].line, 2);
        assert_eq!(d[0].rules, ["cors-wildcard", "rate-limiting"]);
        assert_eq!(d[0].reason, "public API");
        assert_eq!(d[1].rules, ["debug-enabled"]);
        assert_eq!(d[1].reason, "");
        assert_eq!(d[2].reason, "internal");
    }
}
