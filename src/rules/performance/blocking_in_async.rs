//! `blocking-in-async`: no blocking I/O inside async code (Python and Rust).
//!
//! **Why**: an async server runs many requests on one event loop (or a few executor threads).
//! One blocking call — a synchronous HTTP request, `time.sleep`, a file read — stalls every
//! request on that loop until it returns; under load, latency climbs for all of them at once.
//!
//! **Fails**: inside `async def` (Python): `requests.get(…)` and the other `requests`/`httpx`
//! module-level verbs, `time.sleep(…)`, `urllib.request.urlopen(…)`, `psycopg2.connect(…)`,
//! `sqlite3.connect(…)`, `pymysql.connect(…)`, `subprocess.run(…)`/`call`/`check_call`/
//! `check_output`; imports and aliases are resolved (`from time import sleep`). Inside
//! `async fn`, async blocks and async closures (Rust): `std::thread::sleep(…)`, any `std::fs::…`
//! call (`fs::read_to_string`, `File::open` from std), `reqwest::blocking::…`; `use` items are
//! resolved, so `tokio::fs` stays silent.
//!
//! **Silent**: a nested synchronous `def`/`lambda`/`fn`/closure (what `run_in_executor`,
//! `asyncio.to_thread` and `spawn_blocking` run), functions passed uncalled
//! (`await asyncio.to_thread(time.sleep, 1)`), start-up code (`async fn main`, `async def main`,
//! `lifespan`, `startup`), tests. `open(…)` is not flagged (too common).
//!
//! **n/a**: no Python or Rust code.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::pyoutline::Scope;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::collections::HashMap;
use std::sync::LazyLock;
use syn::visit::{self, Visit};
use tree_sitter::Node;

pub struct BlockingInAsync {
    meta: RuleMeta,
}

const HTTP_VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options", "request"];

/// The last names of the calls [`python_blocking`] knows, besides [`HTTP_VERBS`]. A call can
/// reach one only through a callee spelled with that name, unless `from … import … as …`
/// renamed it, which is how [`blocking_call_in_async`] rules files out.
const OTHER_BLOCKING: &[&str] = &["sleep", "stream", "urlopen", "connect", "run", "call", "check_call", "check_output"];

/// Blocking Python calls by resolved name, with the async alternative.
fn python_blocking(name: &str) -> Option<&'static str> {
    let (module, func) = name.rsplit_once('.')?;
    Some(match (module, func) {
        ("time", "sleep") => "use `await asyncio.sleep()`",
        ("requests", f) if HTTP_VERBS.contains(&f) => "use an async client (`httpx.AsyncClient`, aiohttp) or `asyncio.to_thread`",
        ("httpx", f) if HTTP_VERBS.contains(&f) || f == "stream" => "use `httpx.AsyncClient`",
        ("urllib.request", "urlopen") => "use an async client (`httpx.AsyncClient`, aiohttp)",
        ("psycopg2" | "sqlite3" | "pymysql" | "MySQLdb", "connect") => {
            "use an async driver (asyncpg, psycopg 3 async, aiosqlite, aiomysql) or `asyncio.to_thread`"
        }
        ("subprocess", "run" | "call" | "check_call" | "check_output") => "use `asyncio.create_subprocess_exec`",
        _ => return None,
    })
}

/// Start-up functions: they run before the server takes traffic, so a blocking call there
/// delays start-up rather than requests.
const STARTUP_FNS: &[&str] = &["main", "lifespan", "startup", "on_startup"];

/// Any module of [`PY_MODULES`] but `time`, as a whole word.
static MODULE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    let alts: Vec<&str> = PY_MODULES.iter().copied().filter(|m| *m != "time").collect();
    Regex::new(&format!("(?-u:\\b)(?:{})(?-u:\\b)", alts.join("|"))).expect("module pattern")
});
static TIME_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new("(?-u:\\b)time(?-u:\\b)").expect("static regex"));

/// What may separate the words of an import: blanks and backslash-newlines.
const IMPORT_GAP: &str = r"(?:[ \t]|\\\r?\n)+";

/// Ways a call can reach `time.sleep`, the one blocking call of `time`: spelled `time.sleep`
/// (whitespace may surround the dot: the callee's text is compared without it), or through a
/// name bound by `from time import …` or `import time as …`. A file that imports `time` for
/// `time.time()` and awaits `asyncio.sleep` has none of them and is not parsed.
static TIME_SLEEP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)time\s*\.\s*sleep(?-u:\b)|(?-u:\b)from{IMPORT_GAP}time(?-u:\b)|(?-u:\b)time{IMPORT_GAP}as(?-u:\b)"
    ))
    .expect("time.sleep pattern")
});

/// A whole-word name of [`HTTP_VERBS`] or [`OTHER_BLOCKING`].
static BLOCKING_NAME: LazyLock<Regex> = LazyLock::new(|| {
    let names: Vec<&str> = HTTP_VERBS.iter().chain(OTHER_BLOCKING).copied().collect();
    Regex::new(&format!("(?-u:\\b)(?:{})(?-u:\\b)", names.join("|"))).expect("blocking names pattern")
});

/// `from <module> import`, for one of [`PY_MODULES`]: its statement may rename a blocking call.
static FROM_MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"(?-u:\b)from{IMPORT_GAP}(?:{})(?-u:\b)", PY_MODULES.join("|"))).expect("from-import pattern"));
static AS_WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)as(?-u:\b)").expect("static regex"));

/// An import statement of one of [`PY_MODULES`]: `import time`, `import os, subprocess`,
/// `import urllib.request as ur`, `from time import sleep`. A call resolves to a blocking name
/// only through such an import, so a file that merely says `requests` or `time` (a docstring, a
/// variable, `datetime.time`) is not parsed. Compound lines (`if x: import time`) and line
/// continuations pass too.
static PY_IMPORT: LazyLock<Regex> = LazyLock::new(|| {
    let mods = PY_MODULES.join("|");
    Regex::new(&format!(
        r"(?-u:\b)(?:from{IMPORT_GAP}(?:{mods})(?-u:\b)|import{IMPORT_GAP}(?:(?:[^\n;#\\]|\\\r?\n)*?[,( \t])?(?:{mods})(?-u:\b))"
    ))
    .expect("import pattern")
});

/// Modules whose import makes a file worth parsing.
const PY_MODULES: &[&str] = &[
    "requests",
    "httpx",
    "time",
    "urllib",
    "psycopg2",
    "sqlite3",
    "pymysql",
    "MySQLdb",
    "subprocess",
];

impl BlockingInAsync {
    pub fn new() -> BlockingInAsync {
        BlockingInAsync {
            meta: RuleMeta {
                id: "blocking-in-async".into(),
                category: Category::Performance,
                severity: Severity::Medium,
                title: "No blocking I/O inside async handlers".into(),
                rationale: "An async server runs many requests on one event loop or a few executor threads. One \
                            blocking call inside async code — a synchronous HTTP request, a sleep, a synchronous file \
                            or database call — stalls every request sharing that loop until it returns."
                    .into(),
                detection: "Python: inside `async def`, calls to `requests.*`/`httpx.*` module-level verbs, \
                            `time.sleep`, `urllib.request.urlopen`, `psycopg2`/`sqlite3`/`pymysql.connect`, \
                            `subprocess.run`/`call`/`check_call`/`check_output`, with imports and aliases resolved. \
                            Rust: inside `async fn`, async blocks and async closures, `std::thread::sleep`, any \
                            `std::fs::…` call and `reqwest::blocking::…`, with `use` items resolved. Nested \
                            synchronous functions, lambdas and closures (what `to_thread`, `run_in_executor` and \
                            `spawn_blocking` run), functions passed without being called and start-up code (`main`, \
                            `lifespan`, `startup`) are not flagged; tests are ignored. n/a without Python or Rust code."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "# requests.get(url) blocks the event loop\n\
                                  async with httpx.AsyncClient(timeout=10) as client:\n    \
                                  resp = await client.get(url)\n\n\
                                  # time.sleep(1)\nawait asyncio.sleep(1)\n\n\
                                  # unavoidable sync work\nresult = await asyncio.to_thread(legacy_sync_call, arg)"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "from asgiref.sync import sync_to_async\n\n\
                                  async def report(request):\n    \
                                  data = await sync_to_async(build_report)(request.user)\n    \
                                  return JsonResponse(data)"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "// std::fs::read_to_string(path)?\n\
                                  let body = tokio::fs::read_to_string(path).await?;\n\
                                  // std::thread::sleep(d)\ntokio::time::sleep(d).await;\n\
                                  // CPU-bound or sync-only work\n\
                                  let out = tokio::task::spawn_blocking(move || expensive(input)).await?;"
                            .into(),
                    },
                    Remediation {
                        framework: "actix-web".into(),
                        lang: "rust".into(),
                        snippet: "let out = actix_web::web::block(move || std::fs::read(path)).await??;".into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Use the async variant of the call (async HTTP client, async driver, async sleep), or \
                                  move the blocking work to a thread pool (asyncio.to_thread, spawn_blocking)."
                            .into(),
                    },
                ],
                effort_hours: 2.0,
                pass_message: "no blocking calls found in async code".into(),
                fail_message: "blocking calls inside async code stall the event loop".into(),
            },
        }
    }
}

/// Local names bound by imports: `import requests as r` → r ↦ requests; `from time import sleep`
/// → sleep ↦ time.sleep; `import urllib.request` → urllib ↦ urllib.
fn python_imports(file: &FileCtx<'_>, root: Node<'_>) -> HashMap<String, String> {
    let mut map = HashMap::new();
    crate::rules::util::walk_tree(root, |n| match n.kind() {
        "import_statement" => {
            let mut c = n.walk();
            for name in n.children_by_field_name("name", &mut c) {
                match name.kind() {
                    "dotted_name" => {
                        let t = file.node_text(name);
                        let first = t.split('.').next().unwrap_or(t);
                        map.insert(first.to_string(), first.to_string());
                    }
                    "aliased_import" => {
                        if let (Some(full), Some(alias)) = (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                            map.insert(file.node_text(alias).to_string(), file.node_text(full).to_string());
                        }
                    }
                    _ => {}
                }
            }
        }
        "import_from_statement" => {
            let Some(module) = n.child_by_field_name("module_name").filter(|m| m.kind() == "dotted_name") else {
                return;
            };
            let module = file.node_text(module);
            let mut c = n.walk();
            for name in n.children_by_field_name("name", &mut c) {
                match name.kind() {
                    "dotted_name" => {
                        let t = file.node_text(name);
                        map.insert(t.to_string(), format!("{module}.{t}"));
                    }
                    "aliased_import" => {
                        if let (Some(full), Some(alias)) = (name.child_by_field_name("name"), name.child_by_field_name("alias")) {
                            map.insert(file.node_text(alias).to_string(), format!("{module}.{}", file.node_text(full)));
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    });
    map
}

/// The resolved dotted name of a call's callee, when it is a plain (dotted) name bound by an import.
fn resolve_python(file: &FileCtx<'_>, callee: Node<'_>, imports: &HashMap<String, String>) -> Option<String> {
    if !matches!(callee.kind(), "identifier" | "attribute") {
        return None;
    }
    let text: String = file.node_text(callee).chars().filter(|c| !c.is_whitespace()).collect();
    if !text.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.') {
        return None;
    }
    let (first, rest) = match text.split_once('.') {
        Some((f, r)) => (f, Some(r)),
        None => (text.as_str(), None),
    };
    let base = imports.get(first)?;
    Some(match rest {
        Some(r) => format!("{base}.{r}"),
        None => base.clone(),
    })
}

/// The innermost function around a node, when it is an `async def` (a lambda or sync def in
/// between makes the call run elsewhere).
fn enclosing_async_def<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        match n.kind() {
            "lambda" | "class_definition" => return None,
            "function_definition" => return (n.child(0).map(|c| c.kind()) == Some("async")).then_some(n),
            _ => {}
        }
        cur = n.parent();
    }
    None
}

/// Whether a Python file can hold a finding, decided on its text so that most files are never
/// parsed: it has an `async def`, imports one of [`PY_MODULES`], and names one of them as a
/// whole word. A call resolves only through an import; `time` (not `datetime`) counts only
/// where [`TIME_SLEEP`] finds a way to its `sleep`.
fn python_may_block(file: &FileCtx<'_>) -> bool {
    let modules =
        MODULE_WORD.is_match(file.text) || (TIME_WORD.is_match(file.text) && file.contains("sleep") && TIME_SLEEP.is_match(file.text));
    file.contains("async def") && modules && PY_IMPORT.is_match(file.text) && blocking_call_in_async(file)
}

/// Whether a blocking call's name is spelled in code inside an `async def` (by the file's
/// [`crate::pyoutline::Outline`], which agrees with the syntax tree on code that compiles), or
/// an import renames one, so the name need not be spelled; true when the outline cannot be
/// built. A module that sleeps in its sync workers and awaits `asyncio` in its handlers is not
/// parsed.
fn blocking_call_in_async(file: &FileCtx<'_>) -> bool {
    let Some(outline) = file.py_outline() else {
        return true;
    };
    let text = file.text;
    let renamed = FROM_MODULE.find_iter(text).any(|m| {
        file.in_code(m.start()) && {
            let (start, end) = outline.statement_at(m.start(), text.len());
            text.get(start..end).is_none_or(|s| AS_WORD.is_match(s))
        }
    });
    renamed
        || BLOCKING_NAME
            .find_iter(text)
            .any(|m| file.in_code(m.start()) && outline.scope_at(m.start()) == Scope::AsyncDef)
}

fn scan_python(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !python_may_block(file) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    let imports = python_imports(file, root);
    if imports.is_empty() {
        return;
    }
    let mut calls = vec![];
    crate::rules::util::walk_tree(root, |n| {
        if n.kind() == "call" {
            calls.push(n);
        }
    });
    for call in calls {
        let Some(callee) = call.child_by_field_name("function") else {
            continue;
        };
        let Some(name) = resolve_python(file, callee, &imports) else {
            continue;
        };
        let Some(hint) = python_blocking(&name) else { continue };
        let Some(def) = enclosing_async_def(call) else { continue };
        let fname = def.child_by_field_name("name").map(|n| file.node_text(n)).unwrap_or("?");
        if STARTUP_FNS.contains(&fname) {
            continue;
        }
        hits.push(file.finding_at(call.start_byte(), format!("blocking `{name}()` inside `async def {fname}`; {hint}")));
    }
}

/// Local names bound by `use` items anywhere in a Rust file, to their full paths.
#[derive(Default)]
struct RustUses {
    map: HashMap<String, Vec<String>>,
}

impl RustUses {
    fn add(&mut self, tree: &syn::UseTree, prefix: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.add(&p.tree, prefix);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                let name = n.ident.to_string();
                if name == "self" {
                    if let Some(last) = prefix.last() {
                        self.map.insert(last.clone(), prefix.clone());
                    }
                } else {
                    let mut full = prefix.clone();
                    full.push(name.clone());
                    self.map.insert(name, full);
                }
            }
            syn::UseTree::Rename(r) => {
                let name = r.ident.to_string();
                let mut full = prefix.clone();
                if name != "self" {
                    full.push(name);
                }
                self.map.insert(r.rename.to_string(), full);
            }
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.add(t, prefix);
                }
            }
            _ => {}
        }
    }
}

impl<'ast> Visit<'ast> for RustUses {
    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.add(&u.tree, &mut vec![]);
    }
}

/// Walks a Rust file, tracking whether code runs in an async context.
struct RustScan<'u> {
    uses: &'u HashMap<String, Vec<String>>,
    /// One entry per enclosing function, closure or async block: its label when async.
    ctx: Vec<Option<String>>,
    found: Vec<(usize, usize, String)>,
}

impl RustScan<'_> {
    fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        match segs.split_first() {
            Some((first, rest)) if path.leading_colon.is_none() => match self.uses.get(first) {
                Some(full) => full.iter().cloned().chain(rest.iter().cloned()).collect(),
                None => segs,
            },
            _ => segs,
        }
    }

    fn check_call(&mut self, path: &syn::Path) {
        let Some(Some(label)) = self.ctx.last() else { return };
        let full = self.resolve(path);
        let s: Vec<&str> = full.iter().map(String::as_str).collect();
        let hint = match s.as_slice() {
            ["std", "thread", "sleep"] => "use `tokio::time::sleep(..).await`",
            ["std", "fs", _, ..] => "use `tokio::fs` or `spawn_blocking`",
            ["reqwest", "blocking", _, ..] => "use the async `reqwest::Client`",
            _ => return,
        };
        let Some(first) = path.segments.first() else { return };
        let start = first.ident.span().start();
        let msg = format!("blocking `{}` inside {label}; {hint}", full.join("::"));
        self.found.push((start.line, start.column + 1, msg));
    }

    fn in_fn(&mut self, attrs: &[syn::Attribute], sig: &syn::Signature, f: impl FnOnce(&mut Self)) {
        if crate::rules::util::has_test_attr(attrs) {
            return;
        }
        // `async fn main` runs start-up code before the server takes traffic.
        let is_async = sig.asyncness.is_some() && sig.ident != "main";
        self.ctx.push(is_async.then(|| format!("async fn `{}`", sig.ident)));
        f(self);
        self.ctx.pop();
    }
}

impl<'ast> Visit<'ast> for RustScan<'_> {
    fn visit_item_fn(&mut self, i: &'ast syn::ItemFn) {
        self.in_fn(&i.attrs, &i.sig, |s| visit::visit_item_fn(s, i));
    }

    fn visit_impl_item_fn(&mut self, i: &'ast syn::ImplItemFn) {
        self.in_fn(&i.attrs, &i.sig, |s| visit::visit_impl_item_fn(s, i));
    }

    fn visit_trait_item_fn(&mut self, i: &'ast syn::TraitItemFn) {
        self.in_fn(&i.attrs, &i.sig, |s| visit::visit_trait_item_fn(s, i));
    }

    fn visit_item_mod(&mut self, i: &'ast syn::ItemMod) {
        if !crate::rules::util::has_test_attr(&i.attrs) {
            visit::visit_item_mod(self, i);
        }
    }

    fn visit_expr_async(&mut self, i: &'ast syn::ExprAsync) {
        self.ctx.push(Some("an async block".to_string()));
        visit::visit_expr_async(self, i);
        self.ctx.pop();
    }

    fn visit_expr_closure(&mut self, i: &'ast syn::ExprClosure) {
        self.ctx.push(i.asyncness.is_some().then(|| "an async closure".to_string()));
        visit::visit_expr_closure(self, i);
        self.ctx.pop();
    }

    fn visit_expr_call(&mut self, i: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*i.func {
            self.check_call(&p.path);
        }
        visit::visit_expr_call(self, i);
    }
}

fn scan_rust(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let t = file.text;
    let candidates =
        t.contains("reqwest::blocking") || (t.contains("std::") && (t.contains("fs::") || t.contains("File::") || t.contains("sleep(")));
    if !candidates || !t.contains("async") {
        return;
    }
    let Some(ast) = file.rust_ast() else { return };
    let mut uses = RustUses::default();
    uses.visit_file(ast);
    let mut scan = RustScan {
        uses: &uses.map,
        ctx: vec![],
        found: vec![],
    };
    scan.visit_file(ast);
    for (line, col, msg) in scan.found {
        hits.push(file.finding_at_line(line, col, msg));
    }
}

impl Rule for BlockingInAsync {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source {
            return;
        }
        match file.lang() {
            Some(Lang::Python) => scan_python(file, hits),
            Some(Lang::Rust) => scan_rust(file, hits),
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        if project.condition("python").is_err() && project.condition("rust").is_err() {
            return Outcome::not_applicable("no Python or Rust code");
        }
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}

#[cfg(test)]
mod gate_tests {
    use super::*;

    #[test]
    fn modules_count_as_whole_words_only() {
        assert!(MODULE_WORD.is_match("import requests\n"));
        assert!(MODULE_WORD.is_match("from urllib.request import urlopen"));
        assert!(MODULE_WORD.is_match("import os, subprocess"));
        assert!(!MODULE_WORD.is_match("self.requests_made += 1"));
        assert!(TIME_WORD.is_match("from time import sleep as pause"));
        assert!(!TIME_WORD.is_match("from datetime import datetime, timedelta"));
        for import in [
            "import time\n",
            "    import requests as r\n",
            "import os, subprocess\n",
            "import os,time\n",
            "import urllib.request\n",
            "from urllib import request\n",
            "from time import sleep\n",
            "if TYPE_CHECKING: import httpx\n",
            "import os, \\\n    sqlite3\n",
        ] {
            assert!(PY_IMPORT.is_match(import), "{import}");
        }
        for other in [
            "import timeit\n",
            "# see requests docs\nx = requests_made\n",
            "import os  # time\n",
            "from app.time import now\n",
        ] {
            assert!(!PY_IMPORT.is_match(other), "{other}");
        }
    }

    fn may_block(text: &str) -> bool {
        let info = crate::engine::ctx::FileInfo::new("app/main.py".into(), text.len() as u64);
        python_may_block(&FileCtx::new(&info, text))
    }

    /// `import time` makes a file worth parsing only where some call can still reach
    /// `time.sleep`; each way a call resolves to it keeps the file.
    #[test]
    fn time_counts_only_with_a_way_to_its_sleep() {
        let async_only = "import time\n\nasync def f():\n    t0 = time.time()\n    await asyncio.sleep(1)\n";
        assert!(!may_block(async_only));
        for reach in [
            "import time\n\nasync def f():\n    time.sleep(1)\n",
            "import time\n\nasync def f():\n    run(time\n        . sleep(1))\n",
            "import time as clock\n\nasync def f():\n    clock.sleep(1)\n",
            "import os, time as clock\n\nasync def f():\n    clock.sleep(1)\n",
            "from time import sleep as nap\n\nasync def f():\n    nap(1)\n",
            "from \\\n    time import sleep\n\nasync def f():\n    sleep(1)\n",
        ] {
            assert!(may_block(reach), "{reach}");
        }
        // Another module's word keeps the file whatever `time` does.
        assert!(may_block("import time, subprocess\n\nasync def f():\n    await asyncio.sleep(1)\n"));
    }

    /// A file is parsed only when a blocking call's name is spelled inside an `async def`, or
    /// an import renames one.
    #[test]
    fn blocking_names_count_only_inside_async_defs() {
        let sync_only = "import time\nimport requests\n\ndef worker():\n    time.sleep(1)\n    requests.get(URL)\n\n\
                         async def handler(q):\n    # requests.get() would block here\n    \"\"\"Never time.sleep.\"\"\"\n    \
                         return await q.fetch()\n";
        assert!(!may_block(sync_only));
        let class_level = "import subprocess\n\nclass Jobs:\n    run = subprocess.run\n\n    async def go(self):\n        return 1\n";
        assert!(!may_block(class_level));
        for reach in [
            "import requests\n\nasync def handler():\n    return requests.get(URL)\n",
            "import requests\n\nasync def handler():\n    x = f(\nrequests.get(URL))\n",
            "import subprocess\nasync def go(): subprocess.run(CMD)\n",
            "from requests import get as fetch\n\nasync def handler():\n    return fetch(URL)\n",
            "from requests import (\n    get as fetch,\n)\n\nasync def handler():\n    return fetch(URL)\n",
            // Tabs in indentation: the outline gives up and the file is parsed.
            "import requests\n\nasync def handler():\n\treturn 1\n\ndef sync():\n\trequests.get(URL)\n",
        ] {
            assert!(may_block(reach), "{reach}");
        }
    }

    /// Every name [`python_blocking`] accepts is one [`BLOCKING_NAME`] finds.
    #[test]
    fn blocking_names_cover_every_blocking_call() {
        let words = [
            "sleep",
            "get",
            "post",
            "request",
            "stream",
            "urlopen",
            "connect",
            "run",
            "call",
            "check_call",
            "check_output",
            "Popen",
            "getoutput",
            "send",
            "fetch",
            "execute",
            "open",
            "read",
            "write",
            "wait",
            "put",
            "patch",
            "delete",
            "head",
            "options",
            "monotonic",
            "communicate",
        ];
        for module in PY_MODULES.iter().chain(&["urllib.request"]) {
            for w in words {
                if python_blocking(&format!("{module}.{w}")).is_some() {
                    assert!(BLOCKING_NAME.find(w).is_some_and(|m| m.as_str() == w), "{module}.{w}");
                }
            }
        }
    }
}
