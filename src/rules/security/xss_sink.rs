//! `xss-sink`: no raw-HTML sink receives a dynamic value.
//!
//! **Why**: HTML inserted without escaping runs any `<script>` or `onerror=` it contains, in the
//! user's session: one stored comment steals every visitor's account.
//!
//! **Fails** (shipped code and templates):
//! - React `dangerouslySetInnerHTML={{ __html: x }}`, DOM `el.innerHTML = x` / `outerHTML` /
//!   `insertAdjacentHTML(pos, x)`, `document.write(x)`, jQuery `$(el).html(x)`, Angular
//!   `bypassSecurityTrustHtml(x)`, where `x` is not a literal and not sanitized;
//! - Vue `v-html="x"`, Svelte `{@html x}`, Handlebars `{{{ x }}}` (not the layout's `{{{body}}}`);
//! - Django/Jinja `mark_safe(x)` / `Markup(x)` with a non-literal, `{{ x|safe }}` and
//!   `{% autoescape off %}` in templates.
//!
//! **Silent**: literals (`el.innerHTML = ''`), sanitized values (`DOMPurify.sanitize(…)`,
//! `sanitizeHtml(…)`, `bleach.clean(…)`, escape helpers, and variables assigned from them in the
//! same function), tests and fixtures.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::{walk_tree, walk_tree_pruned};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

static VUE_HTML: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:\bv-html|(?:\bv-bind)?:innerHTML)\s*=\s*"(?P<e>[^"]*)""#).expect("static regex"));
static SVELTE_HTML: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{@html\s+(?P<e>[^}]+)\}").expect("static regex"));
static TRIPLE_STASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{\{\s*(?P<e>[^}]+?)\s*\}\}\}").expect("static regex"));
static SAFE_FILTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{\{(?P<e>[^}]*?)\|\s*safe\s*(?:\|[^}]*)?\}\}").expect("static regex"));
static AUTOESCAPE_OFF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{%-?\s*autoescape\s+(?:off|false)\s*-?%\}").expect("static regex"));

/// True when a callee's name says it sanitizes or escapes HTML.
fn sanitizer(callee: &str) -> bool {
    let lower = callee.to_ascii_lowercase();
    let last = lower.rsplit('.').next().unwrap_or(&lower);
    [
        "sanitiz",
        "purif",
        "escape",
        "encode",
        "xss",
        "clean",
        "bleach",
        "strip_tags",
        "striptags",
    ]
    .iter()
    .any(|w| last.contains(w))
        || lower.starts_with("dompurify")
        || matches!(last, "format_html" | "linebreaks" | "urlize")
}

/// True for a sanitizer call in an expression's text (`DOMPurify.sanitize(x)`, `$sanitize(x)`).
fn text_is_sanitized(expr: &str) -> bool {
    let t = expr.trim();
    let Some(open) = t.find('(') else { return false };
    sanitizer(&t[..open])
}

/// True for an expression in template text that is a plain literal (`'<b>hi</b>'`).
fn text_is_literal(expr: &str) -> bool {
    let t = expr.trim();
    t.len() >= 2
        && ((t.starts_with('\'') && t.ends_with('\'') && !t[1..t.len() - 1].contains('\''))
            || (t.starts_with('"') && t.ends_with('"') && !t[1..t.len() - 1].contains('"'))
            || (t.starts_with('`') && t.ends_with('`') && !t.contains("${")))
}

/// The innermost function around `node`, or the root: where a variable's assignments are looked up.
fn scope_of<'t>(node: Node<'t>) -> Node<'t> {
    let mut cur = node;
    while let Some(p) = cur.parent() {
        if is_function(p) {
            return p;
        }
        cur = p;
    }
    cur
}

/// True for the nodes [`scope_of`] stops at.
fn is_function(node: Node<'_>) -> bool {
    matches!(
        node.kind(),
        "function_definition" | "function_declaration" | "function_expression" | "arrow_function" | "method_definition" | "function"
    )
}

/// Right-hand sides assigned to `name` in `scope` before byte `before`; with `top_only`, only
/// those outside any function (module-level constants).
///
/// The walk skips what cannot match instead of testing each node: subtrees that start at or after
/// `before`, and with `top_only` the insides of functions (asking each node for its enclosing
/// function climbs `parent()` links, which made files with many nodes quadratic).
fn assigned<'t>(ctx: &FileCtx<'_>, scope: Node<'t>, name: &str, before: usize, top_only: bool) -> Vec<Node<'t>> {
    let mut values = vec![];
    walk_tree_pruned(scope, |n| {
        if n.start_byte() >= before {
            return false;
        }
        let descend = !(top_only && n != scope && is_function(n));
        let (l, r) = match n.kind() {
            "variable_declarator" => (n.child_by_field_name("name"), n.child_by_field_name("value")),
            "assignment_expression" | "assignment" => (n.child_by_field_name("left"), n.child_by_field_name("right")),
            _ => (None, None),
        };
        if let (Some(l), Some(r)) = (l, r)
            && ctx.node_text(l) == name
        {
            values.push(r);
        }
        descend
    });
    values
}

/// True when a value put into an HTML sink cannot carry markup from outside: a literal, a
/// sanitizer's result, or a variable only ever assigned those in the same function.
fn safe_html(ctx: &FileCtx<'_>, node: Node<'_>, depth: usize) -> bool {
    if depth > 3 {
        return false;
    }
    match node.kind() {
        "string" => {
            let mut c = node.walk();
            !node.named_children(&mut c).any(|n| n.kind() == "interpolation")
        }
        "template_string" => {
            let mut c = node.walk();
            node.named_children(&mut c)
                .filter(|n| n.kind() == "template_substitution")
                .all(|s| s.named_child(0).is_some_and(|e| safe_html(ctx, e, depth + 1)))
        }
        "number" | "integer" | "true" | "false" | "null" | "undefined" | "none" => true,
        "call_expression" | "call" => node.child_by_field_name("function").is_some_and(|f| sanitizer(ctx.node_text(f))),
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| safe_html(ctx, n, depth + 1)),
        "ternary_expression" | "conditional_expression" => {
            let (Some(a), Some(b)) = (
                node.child_by_field_name("consequence").or_else(|| node.named_child(1)),
                node.child_by_field_name("alternative").or_else(|| node.named_child(2)),
            ) else {
                return false;
            };
            safe_html(ctx, a, depth + 1) && safe_html(ctx, b, depth + 1)
        }
        "binary_expression" | "binary_operator" => {
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return false;
            };
            safe_html(ctx, l, depth + 1) && safe_html(ctx, r, depth + 1)
        }
        "identifier" => {
            let name = ctx.node_text(node);
            let lower = name.to_ascii_lowercase();
            if [
                "sanitized",
                "purified",
                "escaped",
                "safehtml",
                "safe_html",
                "cleanhtml",
                "clean_html",
            ]
            .iter()
            .any(|w| lower.contains(w))
            {
                return true;
            }
            // The function first; a module-level constant when the function does not assign it.
            let scope = scope_of(node);
            let mut values = assigned(ctx, scope, name, node.start_byte(), false);
            if values.is_empty() && scope.parent().is_some() {
                let mut root = scope;
                while let Some(p) = root.parent() {
                    root = p;
                }
                values = assigned(ctx, root, name, node.start_byte(), true);
            }
            !values.is_empty() && values.into_iter().all(|v| safe_html(ctx, v, depth + 1))
        }
        _ => false,
    }
}

fn js_hits(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(tree) = ctx.tree() else { return };
    walk_tree(tree.root_node(), |node| match node.kind() {
        "jsx_attribute" => {
            let is_dangerous = node.named_child(0).is_some_and(|n| ctx.node_text(n) == "dangerouslySetInnerHTML");
            if !is_dangerous {
                return;
            }
            let mut value = None;
            walk_tree(node, |n| {
                if n.kind() == "pair"
                    && n.child_by_field_name("key")
                        .is_some_and(|k| ctx.node_text(k).trim_matches(['"', '\'']) == "__html")
                {
                    value = n.child_by_field_name("value");
                }
            });
            match value {
                Some(v) if safe_html(ctx, v, 0) => {}
                _ => hits.push(ctx.finding_at(node.start_byte(), "`dangerouslySetInnerHTML` with a value that is not sanitized")),
            }
        }
        "assignment_expression" | "augmented_assignment_expression" => {
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return;
            };
            let prop = if l.kind() == "member_expression" {
                l.child_by_field_name("property").map(|p| ctx.node_text(p))
            } else {
                None
            };
            if let Some(p @ ("innerHTML" | "outerHTML")) = prop
                && !safe_html(ctx, r, 0)
            {
                hits.push(ctx.finding_at(node.start_byte(), format!("`{p}` set from a value that is not sanitized")));
            }
        }
        "call_expression" => {
            let Some(f) = node.child_by_field_name("function") else { return };
            let Some(args) = node.child_by_field_name("arguments") else {
                return;
            };
            let mut c = args.walk();
            let argv: Vec<Node<'_>> = args.named_children(&mut c).filter(|n| n.kind() != "comment").collect();
            if f.kind() != "member_expression" {
                return;
            }
            let prop = f.child_by_field_name("property").map(|p| ctx.node_text(p)).unwrap_or("");
            let obj = f.child_by_field_name("object").map(|o| ctx.node_text(o)).unwrap_or("");
            let (label, arg) = match prop {
                "insertAdjacentHTML" => ("insertAdjacentHTML", argv.get(1)),
                "write" | "writeln" if obj == "document" => ("document.write", argv.first()),
                "bypassSecurityTrustHtml" => ("bypassSecurityTrustHtml", argv.first()),
                "html" if (obj.starts_with("$(") || obj.starts_with("jQuery(")) && !argv.is_empty() => ("jQuery .html()", argv.first()),
                _ => return,
            };
            if let Some(a) = arg
                && !safe_html(ctx, *a, 0)
            {
                hits.push(ctx.finding_at(node.start_byte(), format!("`{label}` with a value that is not sanitized")));
            }
        }
        _ => {}
    });
}

fn python_hits(ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let Some(tree) = ctx.tree() else { return };
    walk_tree(tree.root_node(), |node| {
        if node.kind() != "call" {
            return;
        }
        let Some(f) = node.child_by_field_name("function") else { return };
        let callee = ctx.node_text(f);
        let last = callee.rsplit('.').next().unwrap_or(callee);
        if !matches!(last, "mark_safe" | "Markup" | "SafeString") {
            return;
        }
        let Some(arg) = node.child_by_field_name("arguments").and_then(|a| a.named_child(0)) else {
            return;
        };
        if !safe_html(ctx, arg, 0) {
            hits.push(ctx.finding_at(node.start_byte(), format!("`{last}()` on a value that is not escaped")));
        }
    });
}

fn template_hits(ctx: &FileCtx<'_>, ext: &str, hits: &mut Vec<Hit>) {
    let text = ctx.text;
    match ext {
        "vue" => {
            for c in VUE_HTML.captures_iter(text) {
                let Some(e) = c.name("e") else { continue };
                if !text_is_literal(e.as_str()) && !text_is_sanitized(e.as_str()) {
                    hits.push(ctx.finding_at(e.start(), "`v-html` renders a value that is not sanitized"));
                }
            }
        }
        "svelte" => {
            for c in SVELTE_HTML.captures_iter(text) {
                let Some(e) = c.name("e") else { continue };
                if !text_is_literal(e.as_str()) && !text_is_sanitized(e.as_str()) {
                    hits.push(ctx.finding_at(e.start(), "`{@html}` renders a value that is not sanitized"));
                }
            }
        }
        "hbs" | "handlebars" | "mustache" => {
            for c in TRIPLE_STASH.captures_iter(text) {
                let (Some(all), Some(e)) = (c.get(0), c.name("e")) else { continue };
                let expr = e.as_str().trim();
                let raw_block = all.start() > 0 && text.as_bytes()[all.start() - 1] == b'{';
                if raw_block || matches!(expr, "body" | "yield" | "{body" | "> body") || expr.starts_with('>') {
                    continue;
                }
                hits.push(ctx.finding_at(all.start(), "`{{{ }}}` renders a value without escaping"));
            }
        }
        _ => {
            for c in SAFE_FILTER.captures_iter(text) {
                let (Some(all), Some(e)) = (c.get(0), c.name("e")) else { continue };
                let chain = e.as_str();
                let head = chain.split('|').next().unwrap_or("").trim();
                if text_is_literal(head)
                    || chain
                        .split('|')
                        .skip(1)
                        .any(|f| sanitizer(f.trim().split(':').next().unwrap_or("")))
                {
                    continue;
                }
                hits.push(ctx.finding_at(all.start(), "`|safe` renders a value without escaping"));
            }
            for m in AUTOESCAPE_OFF.find_iter(text) {
                hits.push(ctx.finding_at(m.start(), "`autoescape off` renders values without escaping"));
            }
        }
    }
}

pub struct XssSink {
    meta: RuleMeta,
}

impl XssSink {
    pub fn new() -> XssSink {
        XssSink {
            meta: RuleMeta {
                id: "xss-sink".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "No raw-HTML sinks with dynamic values".into(),
                rationale: "HTML inserted without escaping runs any script it carries in the user's session: one stored \
                            comment can take over every visitor's account."
                    .into(),
                detection: "On syntax trees of shipped JS/TS/JSX and Python, and in templates: \
                            dangerouslySetInnerHTML={{__html: x}}, .innerHTML/.outerHTML = x, insertAdjacentHTML, \
                            document.write, jQuery $(…).html(x), bypassSecurityTrustHtml, mark_safe(x)/Markup(x), \
                            Vue v-html, Svelte {@html}, Handlebars {{{ x }}} (not {{{body}}}), Django/Jinja |safe and \
                            {% autoescape off %}. Literals and sanitized values (DOMPurify.sanitize, sanitizeHtml, \
                            bleach.clean, escape helpers, or variables assigned from them in the same function) are \
                            fine."
                    .into(),
                applies_to: vec!["web".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "javascript".into(),
                        snippet: "import DOMPurify from 'dompurify';\n\
                                  el.innerHTML = DOMPurify.sanitize(html);   // or: el.textContent = text"
                            .into(),
                    },
                    Remediation {
                        framework: "react".into(),
                        lang: "tsx".into(),
                        snippet: "<div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(post.html) }} />\n\
                                  // or render text: <div>{post.text}</div>"
                            .into(),
                    },
                    Remediation {
                        framework: "nextjs".into(),
                        lang: "tsx".into(),
                        snippet: "import DOMPurify from 'isomorphic-dompurify';\n\
                                  <article dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(post.html) }} />"
                            .into(),
                    },
                    Remediation {
                        framework: "vue".into(),
                        lang: "html".into(),
                        snippet: "<div v-html=\"sanitize(post.html)\"></div>  <!-- or {{ post.text }} -->".into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "from django.utils.html import format_html\n\
                                  format_html(\"<b>{}</b>\", user.name)  # escapes its arguments"
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "no raw-HTML sinks receive dynamic values".into(),
                fail_message: "raw-HTML sinks receive values that are not sanitized".into(),
            },
        }
    }
}

impl Rule for XssSink {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Test | Role::Example | Role::Doc) {
            return;
        }
        match info.lang {
            Some(l) if l.is_js_family() => {
                if info.role == Role::Source
                    && [
                        "dangerouslySetInnerHTML",
                        "innerHTML",
                        "outerHTML",
                        "insertAdjacentHTML",
                        "document.write",
                        ".html(",
                        "bypassSecurityTrustHtml",
                    ]
                    .iter()
                    .any(|w| file.contains(w))
                {
                    js_hits(file, hits);
                }
            }
            Some(Lang::Python) => {
                if info.role == Role::Source && (file.contains("mark_safe") || file.contains("Markup(") || file.contains("SafeString")) {
                    python_hits(file, hits);
                }
            }
            Some(_) => {}
            None => {
                let name = info.name().to_ascii_lowercase();
                let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
                let template = matches!(
                    ext,
                    "vue" | "svelte" | "hbs" | "handlebars" | "mustache" | "html" | "htm" | "jinja" | "jinja2" | "j2" | "djhtml" | "njk"
                );
                if template && (file.contains("html") || file.contains("{{") || file.contains("{%")) {
                    template_hits(file, ext, hits);
                }
            }
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(format!("{} raw-HTML sink(s) with dynamic values", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_expressions() {
        assert!(text_is_literal("'<b>hi</b>'"));
        assert!(!text_is_literal("post.body"));
        assert!(text_is_sanitized("DOMPurify.sanitize(post.body)"));
        assert!(text_is_sanitized("$sanitize(html)"));
        assert!(!text_is_sanitized("render(html)"));
    }
}
