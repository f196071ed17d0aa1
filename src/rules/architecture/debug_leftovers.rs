//! `debug-leftovers`: no debugger breakpoints left in shipped code.
//!
//! **Why**: a forgotten breakpoint freezes a request (or the whole process) in production the first
//! time the line runs with a debugger or a TTY attached, and prints internals to the logs otherwise.
//!
//! **Fails**: `debugger;` (JS/TS), `breakpoint()`, `pdb.set_trace()`, `ipdb.set_trace()`,
//! `__import__("pdb").set_trace()`, `from IPython import embed; embed()` (Python), `dbg!(…)` (Rust,
//! outside `#[cfg(test)]` and `#[test]`), `runtime.Breakpoint()` (Go), in shipped source (scripts
//! included, tests and examples not).
//!
//! **Does not fail**: breakpoints the linter was told are deliberate (`# noqa: T100`,
//! `// eslint-disable-line no-debugger`, `#[allow(clippy::dbg_macro)]` just above), the words in comments or strings (`// remove the debugger call`), methods of
//! other objects (`tracer.set_trace()`, `obj.breakpoint()`, a local `pdb = Pdb()` when the module
//! `pdb` is not imported).

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::walk_tree;
use regex::Regex;
use std::sync::LazyLock;

/// Python debugger modules whose `set_trace()` stops the process.
const PY_DEBUGGERS: &[&str] = &[
    "pdb",
    "ipdb",
    "pudb",
    "rpdb",
    "remote_pdb",
    "web_pdb",
    "pdbpp",
    "wdb",
    "bpdb",
    "trepan",
];

static GO_BREAKPOINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bruntime\.Breakpoint\s*\(").expect("static regex"));
static PY_IMPORT_SET_TRACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*from[ \t]+(?:pdb|ipdb|pudb|remote_pdb|web_pdb)[ \t]+import[^\n]*\bset_trace\b").expect("static regex")
});
static PY_IMPORT_EMBED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^[ \t]*from[ \t]+IPython[ \t]+import[^\n]*\bembed\b").expect("static regex"));
static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)(?:^|;)[ \t]*import[ \t]+([\w.]+(?:[ \t]+as[ \t]+\w+)?(?:[ \t]*,[ \t]*[\w.]+(?:[ \t]+as[ \t]+\w+)?)*)")
        .expect("static regex")
});
static RUST_DBG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bdbg!\s*[\(\[\{]").expect("static regex"));

pub struct DebugLeftovers {
    meta: RuleMeta,
}

impl DebugLeftovers {
    pub fn new() -> DebugLeftovers {
        DebugLeftovers {
            meta: RuleMeta {
                id: "debug-leftovers".into(),
                category: Category::Architecture,
                severity: Severity::Medium,
                title: "No debugger statements in shipped code".into(),
                rationale: "A forgotten breakpoint halts a request, or the whole process, the first time the line \
                            runs with a debugger or terminal attached, and dumps internals to the logs otherwise."
                    .into(),
                detection: "Syntax-tree checks over shipped source (tests and examples excluded, scripts included): \
                            JS/TS `debugger` statements; Python `breakpoint()`, `pdb/ipdb/pudb.set_trace()` on an imported debugger module, \
                            `__import__(\"pdb\").set_trace()`, `set_trace()` imported from a debugger, \
                            `IPython.embed()` or `embed()` imported from IPython; Rust `dbg!` (also inside other \
                            macros) outside `#[cfg(test)]` modules and `#[test]` functions; Go `runtime.Breakpoint()`. \
                            Comments and strings never match; lines the linter was told are deliberate (`# noqa: \
                            T100`, `eslint-disable-line no-debugger`, `#[allow(clippy::dbg_macro)]`) are skipped."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "javascript".into(),
                        snippet: "// eslint.config.mjs: fail CI on leftovers\nexport default [{ rules: { 'no-debugger': 'error' } }];"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "toml".into(),
                        snippet: "# pyproject.toml: ruff's flake8-debugger rules flag breakpoint()/set_trace()\n\
                                  [tool.ruff.lint]\nextend-select = [\"T10\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "toml".into(),
                        snippet: "[tool.ruff.lint]\nextend-select = [\"T10\"]  # flake8-debugger".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "toml".into(),
                        snippet: "# Cargo.toml\n[lints.clippy]\ndbg_macro = \"deny\"".into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "no debugger statements in shipped code".into(),
                fail_message: "debugger statements left in shipped code".into(),
            },
        }
    }
}

/// True when the project's linter was told the breakpoint is deliberate: `# noqa` / `# noqa: T100`
/// on the line, `// eslint-disable-line no-debugger` or `eslint-disable-next-line no-debugger` above,
/// `#[allow(clippy::dbg_macro)]` just above.
fn suppressed(file: &FileCtx<'_>, line: usize) -> bool {
    let here = file.line_text(line);
    let above = if line > 1 { file.line_text(line - 1) } else { "" };
    let noqa = here.find("# noqa").is_some_and(|i| {
        let rest = here[i + 6..].trim_start();
        !rest.starts_with(':') || rest.contains("T10")
    });
    noqa || (here.contains("eslint-disable-line") && here.contains("no-debugger"))
        || (above.contains("eslint-disable-next-line") && above.contains("no-debugger"))
        || above.contains("clippy::dbg_macro")
}

/// Pushes a finding unless the line carries a linter suppression.
fn report(file: &FileCtx<'_>, hits: &mut Vec<Hit>, hit: Hit) {
    if let Hit::Finding(f) = &hit
        && suppressed(file, f.location.line)
    {
        return;
    }
    hits.push(hit);
}

fn scan_js(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("debugger") {
        return;
    }
    let Some(tree) = file.tree() else { return };
    walk_tree(tree.root_node(), |n| {
        if n.kind() == "debugger_statement" {
            report(file, hits, file.finding_at(n.start_byte(), "`debugger` statement"));
        }
    });
}

/// `__import__("pdb")` and friends.
fn is_dynamic_import_of_debugger(file: &FileCtx<'_>, node: tree_sitter::Node<'_>) -> bool {
    if node.kind() != "call" {
        return false;
    }
    let Some(f) = node.child_by_field_name("function") else {
        return false;
    };
    if file.node_text(f) != "__import__" {
        return false;
    }
    let Some(args) = node.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = args.walk();
    let first = args.named_children(&mut cursor).next();
    first
        .and_then(|a| crate::rules::util::string_value(file.node_text(a)))
        .is_some_and(|m| PY_DEBUGGERS.contains(&m.as_str()))
}

/// Names bound to debugger modules by `import pdb`, `import ipdb as dbg`, `import os, pdb`
/// (`IPython` included), so a local variable that happens to be called `pdb` does not count.
fn debugger_imports(text: &str) -> Vec<String> {
    let mut names = vec![];
    for c in PY_IMPORT.captures_iter(text) {
        let Some(list) = c.get(1) else { continue };
        for item in list.as_str().split(',') {
            let mut words = item.split_whitespace();
            let Some(module) = words.next() else { continue };
            let bound = match (words.next(), words.next()) {
                (Some("as"), Some(alias)) => alias,
                _ => module,
            };
            if PY_DEBUGGERS.contains(&module) || module == "IPython" {
                names.push(bound.to_string());
            }
        }
    }
    // A name also assigned in the file (`pdb = Pdb()`) may not be the module where it is called.
    names.retain(|n| {
        !text.lines().any(|l| {
            l.trim_start()
                .strip_prefix(n.as_str())
                .is_some_and(|rest| rest.trim_start().starts_with('=') && !rest.trim_start().starts_with("=="))
        })
    });
    names
}

fn scan_python(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let t = file.text;
    if !(file.contains("breakpoint(") || file.contains("set_trace(") || file.contains("embed(")) {
        return;
    }
    let bare_set_trace = PY_IMPORT_SET_TRACE.is_match(t);
    let bare_embed = PY_IMPORT_EMBED.is_match(t);
    let modules = debugger_imports(t);
    let imported = |name: &str| modules.iter().any(|m| m == name);
    let Some(tree) = file.tree() else { return };
    walk_tree(tree.root_node(), |n| {
        if n.kind() != "call" {
            return;
        }
        let Some(f) = n.child_by_field_name("function") else { return };
        let message = match f.kind() {
            "identifier" => match file.node_text(f) {
                "breakpoint" => Some("`breakpoint()` call".to_string()),
                "set_trace" if bare_set_trace => Some("`set_trace()` debugger call".to_string()),
                "embed" if bare_embed => Some("IPython `embed()` shell".to_string()),
                _ => None,
            },
            "attribute" => {
                let obj = f.child_by_field_name("object");
                let attr = f.child_by_field_name("attribute").map(|a| file.node_text(a)).unwrap_or("");
                let obj_text = obj.map(|o| file.node_text(o)).unwrap_or("");
                match attr {
                    "set_trace"
                        if (imported(obj_text) && obj_text != "IPython") || obj.is_some_and(|o| is_dynamic_import_of_debugger(file, o)) =>
                    {
                        Some(format!("`{obj_text}.set_trace()` debugger call"))
                    }
                    "embed" if obj_text == "IPython" && imported("IPython") => Some("`IPython.embed()` shell".to_string()),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(msg) = message {
            report(file, hits, file.finding_at(n.start_byte(), msg));
        }
    });
}

mod rust {
    use proc_macro2::{TokenStream, TokenTree};
    use syn::visit::{self, Visit};
    use syn::{Attribute, ImplItemFn, ItemFn, ItemImpl, ItemMod, Macro, Meta};

    /// Lines and columns (1-based) of `dbg!` invocations outside test code.
    #[derive(Default)]
    pub(super) struct Dbg {
        pub found: Vec<(usize, usize)>,
    }

    fn is_cfg_test(attrs: &[Attribute]) -> bool {
        attrs.iter().any(|a| match &a.meta {
            Meta::List(l) => {
                l.path.is_ident("cfg")
                    && l.tokens
                        .to_string()
                        .split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|w| w == "test")
            }
            _ => false,
        })
    }

    fn is_test_fn(attrs: &[Attribute]) -> bool {
        attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"))
    }

    impl Dbg {
        fn push(&mut self, span: proc_macro2::Span) {
            let s = span.start();
            self.found.push((s.line, s.column + 1));
        }

        /// `dbg!` nested in another macro's tokens (`println!("{}", dbg!(x))`).
        fn tokens(&mut self, ts: TokenStream) {
            let mut prev: Option<TokenTree> = None;
            for tt in ts {
                if let (Some(TokenTree::Ident(i)), TokenTree::Punct(p)) = (&prev, &tt)
                    && i == "dbg"
                    && p.as_char() == '!'
                {
                    self.push(i.span());
                }
                if let TokenTree::Group(g) = &tt {
                    self.tokens(g.stream());
                }
                prev = Some(tt);
            }
        }
    }

    impl<'ast> Visit<'ast> for Dbg {
        fn visit_item_mod(&mut self, m: &'ast ItemMod) {
            if !is_cfg_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }

        fn visit_item_impl(&mut self, i: &'ast ItemImpl) {
            if !is_cfg_test(&i.attrs) {
                visit::visit_item_impl(self, i);
            }
        }

        fn visit_item_fn(&mut self, f: &'ast ItemFn) {
            if !is_test_fn(&f.attrs) && !is_cfg_test(&f.attrs) {
                visit::visit_item_fn(self, f);
            }
        }

        fn visit_impl_item_fn(&mut self, f: &'ast ImplItemFn) {
            if !is_test_fn(&f.attrs) && !is_cfg_test(&f.attrs) {
                visit::visit_impl_item_fn(self, f);
            }
        }

        fn visit_macro(&mut self, m: &'ast Macro) {
            let segs: Vec<String> = m.path.segments.iter().map(|s| s.ident.to_string()).collect();
            let is_dbg = matches!(
                segs.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
                ["dbg"] | ["std", "dbg"]
            );
            if is_dbg && let Some(first) = m.path.segments.first() {
                self.push(first.ident.span());
            }
            self.tokens(m.tokens.clone());
            visit::visit_macro(self, m);
        }
    }
}

fn scan_rust(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("dbg!") {
        return;
    }
    match file.rust_ast() {
        Some(ast) => {
            let mut v = rust::Dbg::default();
            syn::visit::Visit::visit_file(&mut v, ast);
            v.found.sort();
            v.found.dedup();
            for (line, col) in v.found {
                report(file, hits, file.finding_at_line(line, col, "`dbg!` macro"));
            }
        }
        // Unparseable: fall back to the lexer mask, unless test modules could be involved.
        None if !file.contains("#[cfg(test)]") => {
            for m in RUST_DBG.find_iter(file.text).filter(|m| file.in_code(m.start())) {
                report(file, hits, file.finding_at(m.start(), "`dbg!` macro"));
            }
        }
        None => {}
    }
}

impl Rule for DebugLeftovers {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source {
            return;
        }
        match file.info.lang {
            Some(l) if l.is_js_family() => scan_js(file, hits),
            Some(Lang::Python) => scan_python(file, hits),
            Some(Lang::Rust) => scan_rust(file, hits),
            Some(Lang::Go) if file.contains("runtime.Breakpoint") => {
                for m in GO_BREAKPOINT.find_iter(file.text).filter(|m| file.in_code(m.start())) {
                    report(file, hits, file.finding_at(m.start(), "`runtime.Breakpoint()` call"));
                }
            }
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        if project.stack.languages.values().all(|n| *n == 0) {
            return Outcome::not_applicable("no shipped source");
        }
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        let n = findings.len();
        Outcome::fail(format!("{n} debugger statement(s) left in shipped code"), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::debugger_imports;

    #[test]
    fn python_debugger_imports() {
        assert_eq!(debugger_imports("import pdb\n"), ["pdb"]);
        assert_eq!(debugger_imports("import os, ipdb as d\n"), ["d"]);
        assert_eq!(debugger_imports("x = 1; import pdb; pdb.set_trace()\n"), ["pdb"]);
        assert_eq!(debugger_imports("    import IPython\n"), ["IPython"]);
        assert!(debugger_imports("import os\nfrom pdb import Pdb\n").is_empty());
        assert!(debugger_imports("import pdb\ndef f():\n    pdb = Pdb()\n    pdb.set_trace()\n").is_empty());
    }
}
