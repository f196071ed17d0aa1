//! `health-endpoint` for Rust, read with `syn`: axum, actix-web, Rocket and warp routes, outside test code.

use super::paths::is_health_path;
use super::{At, Route};
use crate::engine::ctx::FileCtx;
use std::collections::HashMap;
use syn::visit::{self, Visit};
use syn::{Attribute, Expr, ExprCall, ExprMethodCall, ImplItemFn, ItemFn, ItemMod, Lit, Meta};

/// Collects route registrations; skips `#[cfg(test)]` modules and test functions.
pub(super) struct Routes<'c> {
    pub consts: &'c HashMap<String, String>,
    pub found: Vec<Route>,
}

fn at(span: proc_macro2::Span) -> At {
    let start = span.start();
    At::LineCol(start.line, start.column + 1)
}

/// Top-level `const HEALTH: &str = "/health";`.
pub(super) fn consts(file: &syn::File) -> HashMap<String, String> {
    let mut out = HashMap::new();
    for item in &file.items {
        if let syn::Item::Const(c) = item
            && let Expr::Lit(l) = &*c.expr
            && let Lit::Str(s) = &l.lit
        {
            out.insert(c.ident.to_string(), s.value());
        }
    }
    out
}

fn is_cfg_test(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| match &a.meta {
        Meta::List(l) => l.path.is_ident("cfg") && l.tokens.to_string().split(|c: char| !c.is_alphanumeric()).any(|w| w == "test"),
        _ => false,
    })
}

fn is_test_fn(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| a.path().segments.last().is_some_and(|s| s.ident == "test"))
}

impl Routes<'_> {
    fn string(&self, e: &Expr) -> Option<(At, String)> {
        match e {
            Expr::Lit(l) => match &l.lit {
                Lit::Str(s) => Some((at(s.span()), s.value())),
                _ => None,
            },
            Expr::Path(p) => {
                let ident = p.path.get_ident()?;
                self.consts.get(&ident.to_string()).map(|v| (at(ident.span()), v.clone()))
            }
            Expr::Reference(r) => self.string(&r.expr),
            _ => None,
        }
    }

    fn push(&mut self, found: Option<(At, String)>, method: Option<String>, via: &'static str) {
        if let Some((at, p)) = found
            && is_health_path(&p)
        {
            self.found.push(Route::new(at, method, p, Some(via)));
        }
    }

    /// `#[get("/health")]` (actix-web, Rocket), `#[route("/health", method = "GET")]`.
    fn attrs(&mut self, attrs: &[Attribute]) {
        for a in attrs {
            let Some(last) = a.path().segments.last() else { continue };
            let name = last.ident.to_string();
            if !matches!(
                name.as_str(),
                "get" | "post" | "put" | "delete" | "patch" | "head" | "options" | "route"
            ) {
                continue;
            }
            let Meta::List(list) = &a.meta else { continue };
            let Some(proc_macro2::TokenTree::Literal(lit)) = list.tokens.clone().into_iter().next() else {
                continue;
            };
            let Ok(s) = syn::parse2::<syn::LitStr>(proc_macro2::TokenTree::Literal(lit).into()) else {
                continue;
            };
            let method = (name != "route").then(|| name.to_ascii_uppercase());
            self.push(Some((at(s.span()), s.value())), method, "attribute");
        }
    }
}

impl<'ast> Visit<'ast> for Routes<'_> {
    fn visit_item_mod(&mut self, m: &'ast ItemMod) {
        if !is_cfg_test(&m.attrs) {
            visit::visit_item_mod(self, m);
        }
    }

    fn visit_item_fn(&mut self, f: &'ast ItemFn) {
        if is_test_fn(&f.attrs) || is_cfg_test(&f.attrs) {
            return;
        }
        self.attrs(&f.attrs);
        visit::visit_item_fn(self, f);
    }

    fn visit_impl_item_fn(&mut self, f: &'ast ImplItemFn) {
        if is_test_fn(&f.attrs) || is_cfg_test(&f.attrs) {
            return;
        }
        self.attrs(&f.attrs);
        visit::visit_impl_item_fn(self, f);
    }

    fn visit_expr_method_call(&mut self, c: &'ast ExprMethodCall) {
        let method = c.method.to_string();
        if matches!(method.as_str(), "route" | "nest" | "nest_service" | "route_service") && c.args.len() >= 2 {
            let via = match c.args.iter().nth(1) {
                Some(Expr::MethodCall(_)) => "actix-web",
                _ => "axum",
            };
            let via = if method == "route" { via } else { "axum nest" };
            let found = c.args.first().and_then(|a| self.string(a));
            self.push(found, None, via);
        }
        visit::visit_expr_method_call(self, c);
    }

    fn visit_expr_call(&mut self, c: &'ast ExprCall) {
        if let Expr::Path(p) = &*c.func {
            let segs: Vec<String> = p.path.segments.iter().map(|s| s.ident.to_string()).collect();
            let n = segs.len();
            let last = segs.last().map(String::as_str).unwrap_or("");
            let prev = if n >= 2 { segs[n - 2].as_str() } else { "" };
            let via = match (prev, last) {
                ("web", "resource" | "scope") => Some("actix-web"),
                ("Resource" | "Scope", "new") => Some("actix-web"),
                ("warp", "path") => Some("warp"),
                _ => None,
            };
            if let Some(via) = via {
                let found = c.args.first().and_then(|a| self.string(a));
                self.push(found, None, via);
            }
        }
        visit::visit_expr_call(self, c);
    }
}

pub(super) fn scan_rust(file: &FileCtx<'_>, routes: &mut Vec<Route>) {
    let Some(ast) = file.rust_ast() else { return };
    let consts = consts(ast);
    let mut v = Routes {
        consts: &consts,
        found: vec![],
    };
    syn::visit::Visit::visit_file(&mut v, ast);
    routes.append(&mut v.found);
}

#[cfg(test)]
mod tests {
    use super::super::tests::lines;

    #[test]
    fn rust_routes() {
        let src = "const P: &str = \"/livez\";\n\
                   #[rocket::get(\"/health\")]\nfn health() -> &'static str { \"ok\" }\n\
                   fn app() { let _ = Router::new().nest(\"/health\", ops()).route(P, get(h)); }\n\
                   fn w() { let _ = warp::path(\"healthz\"); }\n\
                   async fn c() { let _ = reqwest::get(\"http://x/health\").await; client.get(\"/health\"); }\n\
                   #[cfg(test)]\nmod tests { fn t() { let _ = Router::new().route(\"/health\", get(h)); } }\n";
        assert_eq!(lines("src/main.rs", src), vec![2, 4, 4, 5]);
    }
}
