//! Resolution of hops for `ci-runs-tests`: following a CI command into scripts, Makefile/justfile targets
//! and package.json scripts, against what `scan` gathered.

use super::names::{lint_or_noop, test_ish};
use super::runners::{Run, classify};
use super::shell::{clean_line, segments, short, strip_comment};
use crate::index::Project;
use crate::model::{Evidence, Location};
use std::collections::BTreeMap;

/// How many hops (script, make target, npm script) are followed from a CI command.
const MAX_DEPTH: usize = 2;

pub(super) struct Index<'a> {
    pub(super) project: &'a Project,
    /// (tool, target) → (location, prerequisites).
    pub(super) targets: BTreeMap<(String, String), Vec<(Location, String)>>,
    /// (tool, target) → recipe lines.
    pub(super) recipes: BTreeMap<(String, String), Vec<(Location, String)>>,
    /// script path → lines.
    pub(super) scripts: BTreeMap<String, Vec<(usize, String)>>,
    /// (package.json path, script name) → line.
    pub(super) npm_lines: BTreeMap<(String, String), usize>,
}

pub(super) fn ev(path: &str, line: usize, message: String) -> Evidence {
    Evidence {
        location: Location {
            path: path.to_string(),
            line,
            column: if line > 0 { 1 } else { 0 },
        },
        message,
    }
}

impl Index<'_> {
    /// Proof that a command line runs tests: evidence for the hops taken (empty for a direct run).
    pub(super) fn command(&self, cmd: &str, tool: &str, depth: usize) -> Option<Vec<Evidence>> {
        let cleaned = clean_line(strip_comment(cmd), tool);
        if cleaned.contains("no test specified") {
            return None;
        }
        segments(&cleaned).iter().find_map(|seg| self.run(&classify(seg)?, depth))
    }

    /// Whether every segment of a body only lints or echoes (a placeholder, not a test suite).
    fn trivial(body: &[String], tool: &str) -> bool {
        body.iter().all(|l| {
            let c = clean_line(l, tool);
            c.contains("no test specified") || segments(&c).iter().all(|s| lint_or_noop(s))
        })
    }

    fn run(&self, run: &Run, depth: usize) -> Option<Vec<Evidence>> {
        match run {
            Run::Direct(_) => Some(vec![]),
            Run::Named(name) => test_ish(name).then(Vec::new),
            Run::Npm(name) => self.npm(name, depth),
            Run::Make(targets) => self.targets("make", targets, depth),
            Run::Just(targets) => self.targets("just", targets, depth),
            Run::Script(path) => self.script(path, depth),
        }
    }

    fn npm(&self, name: &str, depth: usize) -> Option<Vec<Evidence>> {
        let mut manifests: Vec<_> = self
            .project
            .manifests_of(crate::index::manifests::Ecosystem::Npm)
            .filter(|m| m.path.ends_with("package.json"))
            .collect();
        if manifests.is_empty() {
            return test_ish(name).then(Vec::new);
        }
        manifests.sort_by_key(|m| (m.path.matches('/').count(), m.path.clone()));
        for m in manifests {
            let Some(body) = m.scripts.get(name) else { continue };
            if body.contains("no test specified") {
                continue;
            }
            let line = self.npm_lines.get(&(m.path.clone(), name.to_string())).copied().unwrap_or(0);
            let here = ev(&m.path, line, format!("`{name}` script: `{}`", short(body)));
            if depth < MAX_DEPTH
                && let Some(mut proof) = self.command(body, "npm", depth + 1)
            {
                proof.insert(0, here);
                return Some(proof);
            }
            if test_ish(name) && !Self::trivial(std::slice::from_ref(body), "npm") {
                return Some(vec![here]);
            }
        }
        None
    }

    fn targets(&self, tool: &str, targets: &[String], depth: usize) -> Option<Vec<Evidence>> {
        let names: Vec<String> = if targets.is_empty() {
            // The default target: the first one of the root Makefile / justfile.
            self.targets
                .iter()
                .filter(|((t, _), _)| t == tool)
                .flat_map(|((_, name), locs)| locs.iter().map(move |(l, _)| (l, name)))
                .filter(|(l, _)| !l.path.contains('/'))
                .min_by_key(|(l, _)| (l.path.clone(), l.line))
                .map(|(_, n)| vec![n.clone()])
                .unwrap_or_default()
        } else {
            targets.to_vec()
        };
        names.iter().find_map(|t| self.target(tool, t, depth))
    }

    fn target(&self, tool: &str, name: &str, depth: usize) -> Option<Vec<Evidence>> {
        let key = (tool.to_string(), name.to_string());
        let Some(defs) = self.targets.get(&key) else {
            return test_ish(name).then(Vec::new);
        };
        let recipe = self.recipes.get(&key).cloned().unwrap_or_default();
        let (loc, prereqs) = &defs[0];
        let here = ev(&loc.path, loc.line, format!("`{tool} {name}` target"));
        if depth < MAX_DEPTH {
            for (l, line) in &recipe {
                if let Some(mut proof) = self.command(line, tool, depth + 1) {
                    proof.insert(
                        0,
                        ev(
                            &l.path,
                            l.line,
                            format!("`{tool} {name}` runs `{}`", short(&clean_line(line, tool))),
                        ),
                    );
                    return Some(proof);
                }
            }
            for dep in defs.iter().flat_map(|(_, p)| p.split_whitespace()) {
                if dep != name
                    && let Some(mut proof) = self.target(tool, dep, depth + 1)
                {
                    proof.insert(0, here.clone());
                    return Some(proof);
                }
            }
        }
        let body: Vec<String> = recipe.iter().map(|(_, l)| l.clone()).collect();
        let has_content = !body.is_empty() || !prereqs.trim().is_empty();
        (test_ish(name) && has_content && !Self::trivial(&body, tool)).then(|| vec![here])
    }

    fn script(&self, path: &str, depth: usize) -> Option<Vec<Evidence>> {
        let found = self
            .scripts
            .iter()
            .find(|(p, _)| p.as_str() == path)
            .or_else(|| self.scripts.iter().find(|(p, _)| p.ends_with(&format!("/{path}"))));
        let stem = path.rsplit('/').next().unwrap_or(path);
        let Some((spath, lines)) = found else {
            return test_ish(stem).then(Vec::new);
        };
        if depth < MAX_DEPTH {
            for (line, text) in lines {
                if let Some(mut proof) = self.command(text, "sh", depth + 1) {
                    proof.insert(0, ev(spath, *line, format!("`{spath}` runs `{}`", short(&clean_line(text, "sh")))));
                    return Some(proof);
                }
            }
        }
        let body: Vec<String> = lines.iter().map(|(_, l)| l.clone()).collect();
        (test_ish(stem) && !body.is_empty() && !Self::trivial(&body, "sh"))
            .then(|| vec![ev(spath, 0, format!("`{spath}` is the test script"))])
    }
}
