//! `http-client-timeout`: outbound HTTP calls cannot hang forever.
//!
//! **Why**: `requests`, Go's default `http.Client`, `reqwest::Client::new()` and axios wait
//! indefinitely by default. One slow upstream then holds every worker thread or goroutine that
//! calls it, and the service stops answering although nothing crashed.
//!
//! **Findings** (one per call site, shipped code only):
//! - Python: `requests.get/post/put/patch/delete/head/options/request(…)` without `timeout=`, and
//!   the same verbs on a `requests.Session()` created in the file (unless the file mounts an
//!   adapter or wraps the session with `partial`); `timeout=None` on requests or httpx.
//! - Go: `http.Get/Post/PostForm/Head(`, `http.DefaultClient` (unless its `Timeout` is set or the
//!   file bounds requests with `context.WithTimeout`/`WithDeadline`), `http.Client{…}` literals
//!   without `Timeout` (same exceptions).
//! - Rust (syn): `reqwest::get(`, `reqwest::Client::new()` (unless the file sets per-request
//!   `.timeout(`), `Client::builder()…build()` chains without `.timeout(`.
//! - JS/TS: `axios.create({…})` without `timeout`; `axios.get(…)`/`axios(…)` without a `timeout`
//!   in their config when no file sets `axios.defaults.timeout`. `fetch` is not judged.
//!
//! **Example** (fails): `requests.get(url)`; `&http.Client{}`; `reqwest::Client::new()`.
//!
//! **Fix**: `requests.get(url, timeout=10)`, `&http.Client{Timeout: 10 * time.Second}`,
//! `Client::builder().timeout(Duration::from_secs(10)).build()?`, `axios.create({ timeout: 10_000 })`.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::walk_tree;
use std::collections::{BTreeMap, BTreeSet};
use syn::visit::Visit;
use tree_sitter::Node;

/// HTTP verbs of `requests` (module functions and `Session` methods).
const REQUESTS_VERBS: &[&str] = &["get", "post", "put", "patch", "delete", "head", "options", "request"];

pub struct HttpClientTimeout {
    meta: RuleMeta,
}

fn kwarg<'t>(file: &FileCtx<'_>, args: Node<'t>, name: &str) -> Option<Node<'t>> {
    let mut cursor = args.walk();

    args.named_children(&mut cursor)
        .find(|a| a.kind() == "keyword_argument" && a.child_by_field_name("name").is_some_and(|n| file.node_text(n) == name))
}

fn has_splat(args: Node<'_>) -> bool {
    let mut cursor = args.walk();

    args.named_children(&mut cursor).any(|a| a.kind() == "dictionary_splat")
}

/// True when a JS object literal has a `timeout` key (or a spread, which may carry one).
fn object_has_timeout(file: &FileCtx<'_>, obj: Node<'_>) -> bool {
    let mut cursor = obj.walk();

    obj.named_children(&mut cursor).any(|c| match c.kind() {
        "pair" => c.child_by_field_name("key").is_some_and(|k| {
            let t = file.node_text(k).trim_matches(|ch| ch == '"' || ch == '\'');
            t == "timeout"
        }),
        "shorthand_property_identifier" => file.node_text(c) == "timeout",
        "spread_element" => true,
        _ => false,
    })
}

impl HttpClientTimeout {
    pub fn new() -> HttpClientTimeout {
        HttpClientTimeout {
            meta: RuleMeta {
                id: "http-client-timeout".into(),
                category: Category::Reliability,
                severity: Severity::Medium,
                title: "Outbound HTTP calls have timeouts".into(),
                rationale: "Python requests, Go's default http.Client, reqwest::Client::new() and axios wait forever \
                            by default. One slow upstream then ties up every worker that calls it and the service \
                            stops answering although nothing crashed."
                    .into(),
                detection: "Syntax-tree checks of shipped code, one finding per call site. Python: \
                            `requests.<verb>(…)` and verbs on a `requests.Session()` made in the same file without \
                            `timeout=` (`**kwargs` trusted; sessions skipped when the file mounts an adapter), \
                            `timeout=None` on requests/httpx (httpx otherwise has a default). Go: `http.Get/Post/\
                            PostForm/Head(`, `http.DefaultClient`, and `http.Client{…}` without `Timeout`, unless the \
                            file sets `.Timeout =` or uses `context.WithTimeout`/`WithDeadline`. Rust: \
                            `reqwest::get(`, `reqwest::Client::new()` (unless per-request `.timeout(` appears in the \
                            file), `Client::builder()…build()` without `.timeout(`/`.read_timeout(`. JS/TS: \
                            `axios.create(…)` without `timeout`, and bare `axios.get/post/…(…)`/`axios(…)` without \
                            a timeout in their config when no file sets `axios.defaults.timeout`. `fetch` is not \
                            judged."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "resp = requests.get(url, timeout=(3.05, 10))  # connect, read\n\
                                  # or: httpx.AsyncClient(timeout=httpx.Timeout(10.0, connect=3.0))"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "python".into(),
                        snippet: "resp = requests.post(url, json=payload, timeout=10)".into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "resp = requests.get(url, timeout=10)".into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "const http = axios.create({ baseURL: process.env.API_URL, timeout: 10_000 });".into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "HttpModule.register({ timeout: 10_000, maxRedirects: 5 })".into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "var client = &http.Client{Timeout: 10 * time.Second}\nresp, err := client.Get(url)".into(),
                    },
                    Remediation {
                        framework: "net-http".into(),
                        lang: "go".into(),
                        snippet: "var client = &http.Client{Timeout: 10 * time.Second}\nresp, err := client.Get(url)".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "let client = reqwest::Client::builder()\n    .connect_timeout(Duration::from_secs(3))\n    \
                                  .timeout(Duration::from_secs(10))\n    .build()?;"
                            .into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "python".into(),
                        snippet: "resp = requests.get(url, timeout=10)".into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "no outbound HTTP call without a timeout".into(),
                fail_message: "outbound HTTP calls without a timeout".into(),
            },
        }
    }
}

fn scan_python(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let uses_requests = file.contains("import requests");
    let uses_httpx = file.contains("httpx");
    if !(uses_requests || (uses_httpx && file.contains("timeout"))) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    // Sessions made in this file: `s = requests.Session()`, `self.s = …`, `with requests.Session() as s`.
    let mut sessions: BTreeSet<&str> = BTreeSet::new();
    let sessions_wrapped = file.contains(".mount(") || file.contains("partial(");
    if uses_requests && !sessions_wrapped && (file.contains("Session()") || file.contains("session()")) {
        let is_session_call = |n: Node<'_>| {
            n.kind() == "call"
                && n.child_by_field_name("function")
                    .is_some_and(|f| matches!(file.node_text(f), "requests.Session" | "requests.session"))
        };
        walk_tree(root, |n| match n.kind() {
            "assignment" => {
                if let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right"))
                    && matches!(l.kind(), "identifier" | "attribute")
                    && is_session_call(r)
                {
                    sessions.insert(file.node_text(l));
                }
            }
            "as_pattern" => {
                if let (Some(v), Some(alias)) = (n.named_child(0), n.child_by_field_name("alias"))
                    && is_session_call(v)
                {
                    sessions.insert(file.node_text(alias).trim());
                }
            }
            _ => {}
        });
    }
    walk_tree(root, |n| {
        if n.kind() != "call" {
            return;
        }
        let (Some(func), Some(args)) = (n.child_by_field_name("function"), n.child_by_field_name("arguments")) else {
            return;
        };
        if func.kind() != "attribute" || args.kind() != "argument_list" {
            return;
        }
        let (Some(obj), Some(attr)) = (func.child_by_field_name("object"), func.child_by_field_name("attribute")) else {
            return;
        };
        let obj = file.node_text(obj);
        let attr = file.node_text(attr);
        let timeout = kwarg(file, args, "timeout");
        let explicit_none = timeout
            .and_then(|t| t.child_by_field_name("value"))
            .is_some_and(|v| file.node_text(v) == "None");
        let requests_call = uses_requests && REQUESTS_VERBS.contains(&attr) && (obj == "requests" || sessions.contains(obj));
        let httpx_call = obj == "httpx" && (REQUESTS_VERBS.contains(&attr) || attr == "Client" || attr == "AsyncClient");
        if explicit_none && (requests_call || httpx_call) {
            hits.push(file.finding_at(n.start_byte(), format!("`{obj}.{attr}(…, timeout=None)` disables the timeout")));
        } else if requests_call && timeout.is_none() && !has_splat(args) {
            hits.push(file.finding_at(n.start_byte(), format!("`{obj}.{attr}(…)` without `timeout=` can wait forever")));
        }
    });
}

fn scan_go(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("\"net/http\"")
        || !(file.contains("http.Client")
            || file.contains("http.Get")
            || file.contains("http.Post")
            || file.contains("http.Head")
            || file.contains("http.DefaultClient"))
    {
        return;
    }
    let bounded_by_context = file.contains("context.WithTimeout") || file.contains("context.WithDeadline");
    let timeout_assigned = file.contains(".Timeout =") || file.contains(".Timeout=");
    let Some(tree) = file.tree() else { return };
    walk_tree(tree.root_node(), |n| match n.kind() {
        "call_expression" => {
            let Some(func) = n.child_by_field_name("function") else { return };
            if func.kind() != "selector_expression" {
                return;
            }
            let operand = func.child_by_field_name("operand").map(|o| file.node_text(o));
            let field = func.child_by_field_name("field").map(|f| file.node_text(f)).unwrap_or("");
            if operand == Some("http") && matches!(field, "Get" | "Post" | "PostForm" | "Head") {
                hits.push(file.finding_at(
                    n.start_byte(),
                    format!("`http.{field}` uses the default client, which has no timeout"),
                ));
            }
        }
        "selector_expression" => {
            let operand = n.child_by_field_name("operand").map(|o| file.node_text(o));
            let field = n.child_by_field_name("field").map(|f| file.node_text(f));
            if operand != Some("http") || field != Some("DefaultClient") {
                return;
            }
            // `http.DefaultClient.Timeout = …` fixes it; a call bounded by a context deadline is fine.
            let sets_timeout = n.parent().is_some_and(|p| {
                p.kind() == "selector_expression" && p.child_by_field_name("field").is_some_and(|f| file.node_text(f) == "Timeout")
            });
            if !sets_timeout && !bounded_by_context && !file.contains("DefaultClient.Timeout") {
                hits.push(file.finding_at(n.start_byte(), "`http.DefaultClient` has no timeout"));
            }
        }
        "composite_literal" => {
            let (Some(ty), Some(body)) = (n.child_by_field_name("type"), n.child_by_field_name("body")) else {
                return;
            };
            if file.node_text(ty) != "http.Client" {
                return;
            }
            let mut cursor = body.walk();
            let has_timeout = body.named_children(&mut cursor).any(|el| {
                el.kind() == "keyed_element" && el.child_by_field_name("key").is_some_and(|k| file.node_text(k).trim() == "Timeout")
            });
            if !has_timeout && !timeout_assigned && !bounded_by_context {
                hits.push(file.finding_at(n.start_byte(), "`http.Client` without `Timeout`"));
            }
        }
        _ => {}
    });
}

/// Collects `use` imports of a Rust file: local name → full path segments.
fn collect_uses(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut BTreeMap<String, Vec<String>>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            collect_uses(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let mut full = prefix.clone();
            full.push(n.ident.to_string());
            out.insert(n.ident.to_string(), full);
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            full.push(r.ident.to_string());
            out.insert(r.rename.to_string(), full);
        }
        syn::UseTree::Group(g) => {
            for t in &g.items {
                collect_uses(t, prefix, out);
            }
        }
        syn::UseTree::Glob(_) => {}
    }
}

struct ReqwestVisitor {
    uses: BTreeMap<String, Vec<String>>,
    per_request_timeout: bool,
    /// (line, column 1-based, message)
    found: Vec<(usize, usize, String)>,
}

impl ReqwestVisitor {
    /// The full path of an expression path, with its first segment resolved through `use`.
    fn resolve(&self, path: &syn::Path) -> Vec<String> {
        let segs: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        match segs.first().and_then(|f| self.uses.get(f)) {
            Some(full) => full.iter().cloned().chain(segs.into_iter().skip(1)).collect(),
            None => segs,
        }
    }

    fn at(ident: &syn::Ident) -> (usize, usize) {
        let start = ident.span().start();
        (start.line, start.column + 1)
    }
}

fn is_reqwest_client(path: &[String]) -> bool {
    matches!(
        path.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
        ["reqwest", "Client"] | ["reqwest", "blocking", "Client"]
    )
}

/// True when a method chain (`….timeout(…).build()`) is rooted at `reqwest` `Client::builder()` /
/// `ClientBuilder::new()`; returns the root ident and whether a timeout was set on the way.
fn builder_chain<'e>(v: &ReqwestVisitor, mut expr: &'e syn::Expr) -> Option<(&'e syn::Ident, bool)> {
    let mut timeout = false;
    loop {
        match expr {
            syn::Expr::MethodCall(mc) => {
                let m = mc.method.to_string();
                if m == "timeout" || m == "read_timeout" {
                    timeout = true;
                }
                expr = &mc.receiver;
            }
            syn::Expr::Call(call) => {
                let syn::Expr::Path(p) = &*call.func else { return None };
                let full = v.resolve(&p.path);
                let (last, owner) = full.split_last()?;
                let rooted = (last == "builder" && is_reqwest_client(owner))
                    || (last == "new"
                        && matches!(
                            owner.iter().map(String::as_str).collect::<Vec<_>>().as_slice(),
                            ["reqwest", "ClientBuilder"] | ["reqwest", "blocking", "ClientBuilder"]
                        ));
                let ident = &p.path.segments.first()?.ident;
                return rooted.then_some((ident, timeout));
            }
            syn::Expr::Paren(p) => expr = &p.expr,
            _ => return None,
        }
    }
}

impl<'ast> Visit<'ast> for ReqwestVisitor {
    fn visit_expr_call(&mut self, call: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*call.func
            && let Some(first) = p.path.segments.first()
        {
            let full = self.resolve(&p.path);
            let names: Vec<&str> = full.iter().map(String::as_str).collect();
            let (line, col) = Self::at(&first.ident);
            match names.as_slice() {
                ["reqwest", "get"] | ["reqwest", "blocking", "get"] => {
                    self.found
                        .push((line, col, "`reqwest::get` uses a client without a timeout".into()));
                }
                [.., "new" | "default"] if is_reqwest_client(&full[..full.len() - 1]) && !self.per_request_timeout => {
                    self.found.push((
                        line,
                        col,
                        "`reqwest::Client::new()` has no timeout; use `Client::builder().timeout(…)`".into(),
                    ));
                }
                _ => {}
            }
        }
        syn::visit::visit_expr_call(self, call);
    }

    fn visit_expr_method_call(&mut self, mc: &'ast syn::ExprMethodCall) {
        if mc.method == "build"
            && let Some((root, timeout)) = builder_chain(self, &mc.receiver)
            && !timeout
        {
            let (line, col) = Self::at(root);
            self.found.push((line, col, "reqwest client built without `.timeout(…)`".into()));
        }
        syn::visit::visit_expr_method_call(self, mc);
    }
}

fn scan_rust(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("reqwest") {
        return;
    }
    let Some(ast) = file.rust_ast() else { return };
    let mut uses = BTreeMap::new();
    for item in &ast.items {
        if let syn::Item::Use(u) = item {
            collect_uses(&u.tree, &mut vec![], &mut uses);
        }
    }
    // Only names that come from reqwest matter; drop the rest so `Client::new()` of other crates stays silent.
    uses.retain(|_, full| full.first().is_some_and(|f| f == "reqwest"));
    let mut v = ReqwestVisitor {
        uses,
        per_request_timeout: file.contains(".timeout("),
        found: vec![],
    };
    v.visit_file(ast);
    for (line, col, msg) in v.found {
        hits.push(file.finding_at_line(line, col, msg));
    }
}

fn scan_js(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("axios") {
        return;
    }
    let imports_axios = file.contains("from 'axios'")
        || file.contains("from \"axios\"")
        || file.contains("require('axios')")
        || file.contains("require(\"axios\")");
    let Some(tree) = file.tree() else { return };
    let instance_defaults = file.contains(".defaults.timeout");
    walk_tree(tree.root_node(), |n| match n.kind() {
        "assignment_expression" => {
            if let Some(left) = n.child_by_field_name("left")
                && file.node_text(left).replace(char::is_whitespace, "") == "axios.defaults.timeout"
            {
                hits.push(Hit::Fact {
                    tag: "axios-default-timeout".into(),
                    value: String::new(),
                    location: file.location(n.start_byte()),
                });
            }
        }
        "call_expression" if imports_axios => {
            let (Some(func), Some(args)) = (n.child_by_field_name("function"), n.child_by_field_name("arguments")) else {
                return;
            };
            let mut cursor = args.walk();
            let list: Vec<Node<'_>> = args.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect();
            let (config_at, what) = match func.kind() {
                "identifier" if file.node_text(func) == "axios" => (
                    if list.first().is_some_and(|a| a.kind() == "object") { 0 } else { 1 },
                    "axios(…)".to_string(),
                ),
                "member_expression" => {
                    let obj = func.child_by_field_name("object").map(|o| file.node_text(o));
                    let prop = func.child_by_field_name("property").map(|p| file.node_text(p)).unwrap_or("");
                    if obj != Some("axios") {
                        return;
                    }
                    let at = match prop {
                        "create" | "request" => 0,
                        "get" | "delete" | "head" | "options" => 1,
                        "post" | "put" | "patch" => 2,
                        _ => return,
                    };
                    (at, format!("axios.{prop}(…)"))
                }
                _ => return,
            };
            let configured = match list.get(config_at) {
                Some(c) if c.kind() == "object" => object_has_timeout(file, *c),
                Some(_) => true, // a config object built elsewhere: not judged
                None => false,
            };
            if configured {
                return;
            }
            if what == "axios.create(…)" {
                if !instance_defaults {
                    hits.push(file.finding_at(n.start_byte(), "`axios.create(…)` without `timeout`"));
                }
            } else {
                hits.push(Hit::Fact {
                    tag: "axios-call".into(),
                    value: crate::redact::snippet(file.line_text(file.line_col(n.start_byte()).0)),
                    location: file.location(n.start_byte()),
                });
            }
        }
        _ => {}
    });
}

impl Rule for HttpClientTimeout {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source {
            return;
        }
        match file.lang() {
            Some(Lang::Python) => scan_python(file, hits),
            Some(Lang::Go) => scan_go(file, hits),
            Some(Lang::Rust) => scan_rust(file, hits),
            Some(l) if l.is_js_family() => scan_js(file, hits),
            _ => {}
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (mut findings, _) = split_hits(hits);
        let axios_default = hits
            .iter()
            .any(|h| matches!(h, Hit::Fact { tag, .. } if tag == "axios-default-timeout"));
        if !axios_default {
            for h in hits {
                if let Hit::Fact { tag, value, location } = h
                    && tag == "axios-call"
                {
                    findings.push(Finding {
                        location: location.clone(),
                        message: "axios call without a timeout, and no `axios.defaults.timeout` is set".into(),
                        snippet: Some(value.clone()),
                    });
                }
            }
        }
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        let n = findings.len();
        Outcome::fail(format!("{n} outbound HTTP call(s) without a timeout"), findings)
    }
}
