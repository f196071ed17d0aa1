//! Shared machinery for the "is there a …" security rules (authentication, security headers, input
//! validation, environment validation): evidence is a runtime dependency or a usage pattern in
//! shipped code or configuration.
//!
//! Two things make these more precise than a declarative rule can be:
//! - dependencies count only when they ship (`devDependencies`, test extras and Maven `test` scope
//!   do not), and ecosystems whose manifests list transitive packages (go.mod `// indirect`,
//!   frozen `requirements.txt`) are judged by imports in code instead;
//! - a pattern counts only in code: a match inside a comment or a string literal (a docstring, a
//!   commented-out `app.use(helmet())`) is rejected with the lexer mask.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::line_regex::LineRegex;
use crate::model::{Evidence, Hit, Location};
use crate::paths::Role;

/// Most facts one tagged pattern records per file.
const MAX_FACTS_PER_FILE: usize = 20;

/// Packages whose presence (as a shipped dependency) is evidence. A trailing `*` is a prefix.
pub struct Dep {
    pub eco: Ecosystem,
    pub names: &'static [&'static str],
    pub message: &'static str,
}

/// Which files a pattern looks at.
pub enum Scope {
    /// Shipped source files of these languages (`JavaScript` stands for the whole JS family).
    Code(&'static [Lang]),
    /// Non-test, non-example files whose path satisfies the predicate (configuration, infra).
    Files(fn(&str) -> bool),
}

/// How a regex match is checked against the lexer mask.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The match starts in code (a match that starts with a quote is judged by the byte before it).
    Code,
    /// The match may sit inside a string (a Go struct tag, a Django settings list entry) but its
    /// line must not be a comment line.
    NotComment,
}

/// A usage pattern.
pub struct Pattern {
    pub scope: Scope,
    /// Cheap gate: the file must contain one of these literals before the regex runs (empty: none).
    pub literals: &'static [&'static str],
    pub regex: String,
    pub check: Check,
    pub message: &'static str,
    /// When set, a match is recorded as a fact with this tag and the matched text as its value
    /// (for the rule's own combination logic) instead of as evidence.
    pub tag: Option<&'static str>,
}

impl Pattern {
    /// A pattern on shipped code of `langs`, checked to start in code, recorded as evidence.
    pub fn code(langs: &'static [Lang], literals: &'static [&'static str], regex: impl Into<String>, message: &'static str) -> Pattern {
        Pattern {
            scope: Scope::Code(langs),
            literals,
            regex: regex.into(),
            check: Check::Code,
            message,
            tag: None,
        }
    }

    /// A pattern on configuration files selected by `paths`.
    pub fn files(paths: fn(&str) -> bool, literals: &'static [&'static str], regex: impl Into<String>, message: &'static str) -> Pattern {
        Pattern {
            scope: Scope::Files(paths),
            literals,
            regex: regex.into(),
            check: Check::NotComment,
            message,
            tag: None,
        }
    }

    pub fn tagged(mut self, tag: &'static str) -> Pattern {
        self.tag = Some(tag);
        self
    }

    pub fn not_comment(mut self) -> Pattern {
        self.check = Check::NotComment;
        self
    }
}

/// Compiled patterns; invalid regexes are dropped (they are static and covered by unit tests).
pub struct Patterns {
    /// Each pattern with its regex and the indices of its gate literals in `literals`.
    items: Vec<(Pattern, LineRegex, Vec<usize>)>,
    /// Every gate literal, once.
    literals: Vec<&'static str>,
}

impl Patterns {
    pub fn new(patterns: Vec<Pattern>) -> Patterns {
        let mut literals: Vec<&'static str> = patterns.iter().flat_map(|p| p.literals.iter().copied()).collect();
        literals.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        literals.dedup();
        let items: Vec<(Pattern, LineRegex, Vec<usize>)> = patterns
            .into_iter()
            .filter_map(|p| {
                // Many patterns start with `^…` to skip commented-out lines; those are searched
                // line by line (see `crate::line_regex`).
                let re = LineRegex::lazy(&p.regex, 1 << 22);
                // Compiled on first use in a scan; in full here in debug builds, so that the test
                // suite catches a pattern over the size limit too.
                debug_assert!(re.as_ref().is_ok_and(|r| r.compile().is_ok()), "bad pattern {}", p.regex);
                let re = re.ok()?;
                let idx = p.literals.iter().filter_map(|l| literals.iter().position(|a| a == l)).collect();
                Some((p, re, idx))
            })
            .collect();
        Patterns { items, literals }
    }

    /// Number of compiled patterns (for tests).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Records the first match of each pattern in this file (every match, bounded, for tagged ones).
    pub fn scan(&self, ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let role = ctx.info.role;
        if matches!(role, Role::Test | Role::Example | Role::Doc) {
            return;
        }
        let wanted: Vec<&(Pattern, LineRegex, Vec<usize>)> = self
            .items
            .iter()
            .filter(|(p, _, _)| match &p.scope {
                Scope::Code(langs) => {
                    role == Role::Source
                        && ctx
                            .lang()
                            .is_some_and(|l| langs.iter().any(|w| *w == l || (w.is_js_family() && l.is_js_family())))
                }
                Scope::Files(pred) => pred(ctx.path()),
            })
            .collect();
        if wanted.is_empty() {
            return;
        }
        // Which gate literals occur, answered from the file's shared 4-byte windows first: a
        // literal they rule out costs no pass over the text. A pattern runs only when one of its
        // literals occurs.
        let mut present: Vec<Option<bool>> = vec![None; self.literals.len()];
        let mut occurs = |i: usize| *present[i].get_or_insert_with(|| ctx.contains(self.literals[i]));
        for (p, re, lits) in wanted {
            let gated_out = !lits.is_empty() && !lits.iter().any(|i| occurs(*i));
            if gated_out {
                continue;
            }
            let ok = |m: &std::ops::Range<usize>| match p.check {
                Check::Code => starts_in_code(ctx, m.start),
                Check::NotComment => !comment_line(ctx, m.start),
            };
            match p.tag {
                // Tagged facts keep every match (bounded): the rule filters them on their text.
                Some(tag) => hits.extend(
                    re.find_iter_folded(ctx.text, ctx.folded())
                        .filter(ok)
                        .take(MAX_FACTS_PER_FILE)
                        .map(|m| Hit::Fact {
                            tag: tag.to_string(),
                            value: ctx.text[m.clone()].chars().take(200).collect(),
                            location: ctx.location(m.start),
                        }),
                ),
                None => {
                    if let Some(m) = re.find_iter_folded(ctx.text, ctx.folded()).find(ok) {
                        hits.push(ctx.evidence_at(m.start, p.message));
                    }
                }
            }
        }
    }
}

/// True when a match at `byte` is code; a match that starts with a quote (an import path, a
/// settings string) is judged by the byte before the quote.
pub fn starts_in_code(ctx: &FileCtx<'_>, byte: usize) -> bool {
    let quoted = matches!(ctx.text.as_bytes().get(byte), Some(b'"' | b'\'' | b'`'));
    if quoted && byte > 0 {
        ctx.in_code(byte - 1)
    } else {
        ctx.in_code(byte)
    }
}

/// True when the line holding `byte` is a comment line (`#`, `//`, `/*`, `*`, `;`, `<!--`).
pub fn comment_line(ctx: &FileCtx<'_>, byte: usize) -> bool {
    let (line, _) = ctx.line_col(byte);
    let t = ctx.line_text(line).trim_start();
    let marker = ctx.lang().map(|l| l.line_comment()).unwrap_or("#");
    t.starts_with(marker)
        || t.starts_with('#')
        || t.starts_with("//")
        || t.starts_with("/*")
        || t.starts_with("* ")
        || t.starts_with(';')
        || t.starts_with("<!--")
}

/// Evidence from shipped dependencies: one entry per matching package, at its manifest line.
pub fn dependency_evidence(project: &Project, deps: &[Dep]) -> Vec<Evidence> {
    let mut out = vec![];
    for d in deps {
        for m in project.manifests_of(d.eco) {
            for name in d.names {
                let norm = d.eco.normalize(name);
                let prefix = norm.strip_suffix('*');
                let hit = m.deps.iter().find(|dep| {
                    !dep.dev
                        && match prefix {
                            Some(p) => dep.name.starts_with(p),
                            None => dep.name == norm,
                        }
                });
                if let Some(dep) = hit {
                    out.push(Evidence {
                        location: Location {
                            path: m.path.clone(),
                            line: dep.line,
                            column: 1,
                        },
                        message: format!("{} (`{}`)", d.message, dep.name),
                    });
                }
            }
        }
    }
    out
}

/// Facts of one tag among the hits: (location, matched text).
pub fn facts<'h>(hits: &'h [Hit], want: &'h str) -> impl Iterator<Item = (&'h Location, &'h str)> + 'h {
    hits.iter().filter_map(move |h| match h {
        Hit::Fact { tag, value, location } if tag == want => Some((location, value.as_str())),
        _ => None,
    })
}

/// Evidence from a fact.
pub fn fact_evidence(location: &Location, message: &str) -> Evidence {
    Evidence {
        location: location.clone(),
        message: message.to_string(),
    }
}

/// A regex matching an import of any of `pkgs` (regex alternatives, e.g. `zod|@hapi/joi`) in the
/// JS family: `from 'x'`, `require('x')`, `import('x')`, `import 'x'`, with subpaths.
pub fn js_import(pkgs: &str) -> String {
    format!(r#"(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|\bimport\s+)['"](?:{pkgs})(?:/[\w./-]*)?['"]"#)
}

/// A regex matching `import x` / `from x[.sub] import` of any of `mods` in Python.
pub fn py_import(mods: &str) -> String {
    format!(r"^[ \t]*(?:from[ \t]+(?:{mods})(?:\.\w+)*[ \t]+import\b|import[ \t]+(?:{mods})\b)")
}

/// A regex matching a quoted Go import path starting with any of `paths`.
pub fn go_import(paths: &str) -> String {
    format!(r#""(?:{paths})(?:/[\w.~-]+)*""#)
}

/// A regex matching a Java import from any of `pkgs` (dots escaped by the caller).
pub fn java_import(pkgs: &str) -> String {
    format!(r"^[ \t]*import[ \t]+(?:static[ \t]+)?(?:{pkgs})\.")
}

/// Directory of a path (`""` at the root).
pub fn dir_of(path: &str) -> &str {
    path.rsplit_once('/').map(|(d, _)| d).unwrap_or("")
}

/// The file name of a path.
pub fn name_of(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    fn run(p: Vec<Pattern>, path: &str, text: &str) -> Vec<usize> {
        let pats = Patterns::new(p);
        let info = FileInfo::new(path.to_string(), text.len() as u64);
        let ctx = FileCtx::new(&info, text);
        let mut hits = vec![];
        pats.scan(&ctx, &mut hits);
        hits.iter()
            .filter_map(|h| match h {
                Hit::Evidence(e) => Some(e.location.line),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn imports_in_code_only() {
        let p = || vec![Pattern::code(&[Lang::JavaScript], &["zod"], js_import("zod"), "zod")];
        assert_eq!(run(p(), "src/a.ts", "import { z } from 'zod';\n"), [1]);
        assert_eq!(
            run(p(), "src/a.js", "// import { z } from 'zod';\nconst s = \"require('zod')\";\n"),
            Vec::<usize>::new()
        );
        assert_eq!(run(p(), "src/a.js", "const z = require(\"zod/v4\");\n"), [1]);
        assert_eq!(run(p(), "src/a.test.js", "const z = require('zod');\n"), Vec::<usize>::new());
        let py = || vec![Pattern::code(&[Lang::Python], &[], py_import("pydantic"), "pydantic")];
        assert_eq!(run(py(), "app/m.py", "from pydantic import BaseModel\n"), [1]);
        assert_eq!(
            run(
                py(),
                "app/m.py",
                "\"\"\"\nfrom pydantic import BaseModel\n\"\"\"\n# import pydantic\n"
            ),
            Vec::<usize>::new()
        );
        let go = || vec![Pattern::code(&[Lang::Go], &[], go_import(r"github\.com/golang-jwt/jwt"), "jwt")];
        assert_eq!(run(go(), "main.go", "import (\n\t\"github.com/golang-jwt/jwt/v5\"\n)\n"), [2]);
        assert_eq!(run(go(), "main.go", "// \"github.com/golang-jwt/jwt/v5\"\n"), Vec::<usize>::new());
    }
}
