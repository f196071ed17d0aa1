//! `cors-wildcard` for Rust, read with `syn`: tower-http, actix-cors, warp, rocket_cors and raw headers.

use super::{ACAO, Out, file_contains_ci, origin_is_any};
use crate::engine::ctx::FileCtx;
use proc_macro2::Span;
use std::collections::HashSet;
use syn::visit::Visit;
use syn::{Expr, ExprCall, ExprMethodCall, Lit};

/// What the visitor found: (1-based line, 1-based column, text, with credentials).
pub(super) struct Found {
    pub findings: Vec<(usize, usize, String, bool)>,
    pub evidence: Vec<(usize, usize)>,
}

pub(super) fn scan(ast: &syn::File) -> Found {
    let mut v = Visitor {
        chain_creds: None,
        seen: HashSet::new(),
        found: Found {
            findings: vec![],
            evidence: vec![],
        },
    };
    v.visit_file(ast);
    v.found
}

struct Visitor {
    /// Credentials allowed somewhere in the method chain being visited.
    chain_creds: Option<bool>,
    seen: HashSet<(usize, usize)>,
    found: Found,
}

fn pos(span: Span) -> (usize, usize) {
    let s = span.start();
    (s.line, s.column + 1)
}

/// Where an expression starts (syn's `Spanned` needs the `printing` feature, not enabled here).
fn start(e: &Expr) -> Option<Span> {
    match e {
        Expr::Lit(l) => Some(l.lit.span()),
        Expr::Path(p) => p.path.segments.first().map(|s| s.ident.span()),
        Expr::Call(c) => start(&c.func),
        Expr::MethodCall(m) => start(&m.receiver),
        Expr::Try(t) => start(&t.expr),
        Expr::Paren(p) => start(&p.expr),
        Expr::Reference(r) => Some(r.and_token.spans[0]),
        Expr::Closure(c) => Some(c.inputs_begin.spans[0]),
        Expr::Macro(m) => m.mac.path.segments.first().map(|s| s.ident.span()),
        Expr::Field(f) => start(&f.base),
        Expr::Array(a) => Some(a.bracket_token.span.open()),
        _ => None,
    }
}

/// The last `n` segments of a path expression, as strings.
fn tail(e: &Expr, n: usize) -> Vec<String> {
    let Expr::Path(p) = e else { return vec![] };
    let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
    segs[segs.len().saturating_sub(n)..].to_vec()
}

fn lit_str(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(l) => match &l.lit {
            Lit::Str(s) => Some(s.value()),
            Lit::ByteStr(b) => String::from_utf8(b.value()).ok(),
            _ => None,
        },
        Expr::Paren(p) => lit_str(&p.expr),
        Expr::Reference(r) => lit_str(&r.expr),
        _ => None,
    }
}

/// `"*"`, `HeaderValue::from_static("*")`, `"*".parse().unwrap()`, `vec!`-free wrappers.
fn star(e: &Expr) -> bool {
    if lit_str(e).is_some_and(|s| origin_is_any(&s, false)) {
        return true;
    }
    match e {
        Expr::Call(c) => c.args.iter().any(star),
        Expr::MethodCall(m) => star(&m.receiver) || m.args.iter().any(star),
        Expr::Try(t) => star(&t.expr),
        Expr::Paren(p) => star(&p.expr),
        Expr::Reference(r) => star(&r.expr),
        _ => false,
    }
}

/// `Any`, `cors::Any`, `AllowOrigin::any()`, `AllowOrigin::mirror_request()`, `cors::any()`.
fn any_origin(e: &Expr) -> bool {
    match e {
        Expr::Path(_) => tail(e, 1) == ["Any"],
        Expr::Call(c) => {
            let t = tail(&c.func, 2);
            matches!(t.last().map(String::as_str), Some("any" | "mirror_request"))
                && (t.len() == 1 || t[0] == "AllowOrigin" || t[0] == "cors")
        }
        Expr::Paren(p) => any_origin(&p.expr),
        _ => false,
    }
}

/// `|_, _| true`
fn closure_true(e: &Expr) -> bool {
    match e {
        Expr::Closure(c) => match &*c.body {
            Expr::Lit(l) => matches!(&l.lit, Lit::Bool(b) if b.value),
            Expr::Block(b) => {
                b.block.stmts.len() == 1
                    && matches!(&b.block.stmts[0], syn::Stmt::Expr(Expr::Lit(l), None) if matches!(&l.lit, Lit::Bool(b) if b.value))
            }
            _ => false,
        },
        _ => false,
    }
}

fn is_header_name(e: &Expr) -> bool {
    lit_str(e).is_some_and(|s| s.trim().eq_ignore_ascii_case(ACAO)) || tail(e, 1) == ["ACCESS_CONTROL_ALLOW_ORIGIN"]
}

fn chain_has_creds(mut m: &ExprMethodCall) -> bool {
    loop {
        let name = m.method.to_string();
        let true_arg = m
            .args
            .first()
            .is_some_and(|a| matches!(a, Expr::Lit(l) if matches!(&l.lit, Lit::Bool(b) if b.value)));
        if (name == "allow_credentials" && true_arg) || name == "supports_credentials" {
            return true;
        }
        match &*m.receiver {
            Expr::MethodCall(inner) => m = inner,
            _ => return false,
        }
    }
}

impl Visitor {
    fn any(&mut self, span: Option<Span>, what: &str, creds: bool) {
        let Some(span) = span else { return };
        let (line, col) = pos(span);
        if self.seen.insert((line, col)) {
            self.found.findings.push((line, col, what.to_string(), creds));
        }
    }

    /// `("access-control-allow-origin", "*")` as consecutive elements of arguments or a tuple.
    fn pairs<'e>(&mut self, elems: impl Iterator<Item = &'e Expr>) {
        let elems: Vec<&Expr> = elems.collect();
        for w in elems.windows(2) {
            if is_header_name(w[0]) && star(w[1]) {
                self.any(start(w[1]), "`Access-Control-Allow-Origin: *`", false);
            }
        }
    }

    fn method(&mut self, m: &ExprMethodCall, creds: bool) {
        let name = m.method.to_string();
        match name.as_str() {
            "allow_origin" | "allowed_origin" | "allow_origins" => {
                let Some(arg) = m.args.first() else { return };
                if any_origin(arg) || star(arg) {
                    self.any(start(arg), &format!("`.{name}(…)` with any origin"), creds);
                } else if let Some(span) = start(arg) {
                    self.found.evidence.push(pos(span));
                }
            }
            "allowed_origin_fn" if m.args.first().is_some_and(closure_true) => {
                self.any(Some(m.method.span()), "`.allowed_origin_fn(|_, _| true)`", creds);
            }
            "allow_any_origin" => self.any(Some(m.method.span()), "`.allow_any_origin()`", creds),
            _ => {}
        }
        self.pairs(m.args.iter());
    }

    fn call(&mut self, c: &ExprCall, creds: bool) {
        let t = tail(&c.func, 2);
        let t: Vec<&str> = t.iter().map(String::as_str).collect();
        if matches!(
            t.as_slice(),
            ["CorsLayer", "permissive" | "very_permissive"] | ["Cors", "permissive"] | ["AllowedOrigins", "all"]
        ) {
            self.any(start(&c.func), &format!("`{}::{}()`", t[0], t[1]), creds);
        } else if matches!(t.as_slice(), ["AllowOrigin", "any" | "mirror_request"]) {
            self.any(start(&c.func), &format!("`AllowOrigin::{}()`", t[1]), creds);
        }
        self.pairs(c.args.iter());
    }
}

impl<'ast> Visit<'ast> for Visitor {
    fn visit_expr(&mut self, e: &'ast Expr) {
        if !matches!(
            e,
            Expr::MethodCall(_) | Expr::Call(_) | Expr::Try(_) | Expr::Paren(_) | Expr::Await(_)
        ) {
            let saved = self.chain_creds.take();
            syn::visit::visit_expr(self, e);
            self.chain_creds = saved;
        } else {
            syn::visit::visit_expr(self, e);
        }
    }

    fn visit_expr_method_call(&mut self, m: &'ast ExprMethodCall) {
        let creds = match self.chain_creds {
            Some(c) => c,
            None => chain_has_creds(m),
        };
        self.method(m, creds);
        let saved = self.chain_creds;
        self.chain_creds = Some(creds);
        self.visit_expr(&m.receiver);
        self.chain_creds = None;
        for a in &m.args {
            self.visit_expr(a);
        }
        self.chain_creds = saved;
    }

    fn visit_expr_call(&mut self, c: &'ast ExprCall) {
        self.call(c, self.chain_creds.unwrap_or(false));
        let saved = self.chain_creds.take();
        syn::visit::visit_expr_call(self, c);
        self.chain_creds = saved;
    }

    fn visit_expr_tuple(&mut self, t: &'ast syn::ExprTuple) {
        self.pairs(t.elems.iter());
        syn::visit::visit_expr_tuple(self, t);
    }
}

/// The argument text starting at a 1-based line and column: up to the `,` or closing bracket that
/// ends it on that line.
fn arg_text(file: &FileCtx<'_>, line: usize, col: usize) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in file.line_text(line).chars().skip(col.saturating_sub(1)) {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => break,
            ')' | ']' | '}' => depth -= 1,
            ',' | ';' if depth == 0 => break,
            _ => {}
        }
        out.push(c);
    }
    out.trim().to_string()
}

pub(super) fn scan_rust(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    if !(file.contains("Cors")
        || file.contains("cors")
        || file.contains("allow_any_origin")
        || file.contains("allow_origin")
        || file.contains("ACCESS_CONTROL_ALLOW_ORIGIN")
        || file_contains_ci(file, ACAO))
    {
        return;
    }
    let Some(ast) = file.rust_ast() else { return };
    let found = scan(ast);
    for (line, col, what, creds) in found.findings {
        out.any_at(line, col, &what, creds);
    }
    for (line, col) in found.evidence {
        out.restricted_at(line, col, &arg_text(file, line, col));
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{evidence_count, finding_lines, run};

    #[test]
    fn rust_chain_credentials() {
        let src = "fn app() {\n    let cors = CorsLayer::new()\n        .allow_origin(Any)\n        .allow_credentials(true);\n    \
                   let ok = CorsLayer::new().allow_methods(Any).allow_origin(\"https://x\".parse::<HeaderValue>().unwrap());\n}\n";
        let hits = run("src/main.rs", src);
        assert_eq!(finding_lines(&hits), vec![(3, true)]);
        assert_eq!(evidence_count(&hits), 1);
    }
}
