//! `cors-wildcard` for Go: rs/cors, go-chi/cors, gin-contrib/cors, echo, fiber and gorilla/handlers.

use super::headers::scan_raw_headers;
use super::syntax::{is_true, kids, seq_has_any, sval, unwrap};
use super::{ACAO, Out, file_contains_ci};
use crate::engine::ctx::FileCtx;
use crate::rules::util::walk_tree;
use std::collections::HashMap;
use tree_sitter::Node;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum GoLib {
    Rs,
    Chi,
    Gin,
    Echo,
    Fiber,
    Gorilla,
}

fn go_lib(path: &str) -> Option<GoLib> {
    Some(match path {
        "github.com/rs/cors" => GoLib::Rs,
        "github.com/go-chi/cors" => GoLib::Chi,
        "github.com/gin-contrib/cors" => GoLib::Gin,
        "github.com/gorilla/handlers" => GoLib::Gorilla,
        p if p.starts_with("github.com/labstack/echo") && p.ends_with("/middleware") => GoLib::Echo,
        p if p.starts_with("github.com/gofiber/fiber") && p.ends_with("/middleware/cors") => GoLib::Fiber,
        _ => return None,
    })
}

/// The name a Go import path is used under by default: its last element, skipping a `/vN` suffix.
fn go_alias(path: &str) -> &str {
    let mut parts = path.rsplit('/');
    let last = parts.next().unwrap_or(path);
    let is_version = last.len() > 1 && last.starts_with('v') && last[1..].bytes().all(|b| b.is_ascii_digit());
    if is_version { parts.next().unwrap_or(last) } else { last }
}

/// Whether a library's constructor allows every origin when no origin field is set.
fn go_default_any(lib: GoLib, func: &str) -> bool {
    matches!(
        (lib, func),
        (GoLib::Rs | GoLib::Chi, "New" | "Handler") | (GoLib::Echo, "CORSWithConfig") | (GoLib::Fiber, "New")
    )
}

pub(super) fn scan_go(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let headers = file_contains_ci(file, ACAO);
    let libs = file.contains("cors") || file.contains("labstack/echo") || file.contains("gorilla/handlers");
    if !(libs || headers) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();
    let mut imports: HashMap<&str, GoLib> = HashMap::new();
    let mut assigned_creds = false;
    walk_tree(root, |n| match n.kind() {
        "import_spec" => {
            let Some(path) = n.child_by_field_name("path").and_then(|p| sval(file, p)) else {
                return;
            };
            let Some(lib) = go_lib(&path) else { return };
            match n.child_by_field_name("name") {
                Some(name) if name.kind() == "package_identifier" => {
                    imports.insert(file.node_text(name), lib);
                }
                Some(_) => {}
                None => {
                    let raw = n.child_by_field_name("path").map(|p| file.node_text(p)).unwrap_or("");
                    imports.insert(go_alias(raw.trim_matches(['"', '`'])), lib);
                }
            }
        }
        "assignment_statement" => {
            if let Some((field, right)) = go_field_assignment(file, n)
                && field == "AllowCredentials"
                && is_true(right)
            {
                assigned_creds = true;
            }
        }
        _ => {}
    });
    if !imports.is_empty() {
        walk_tree(root, |n| match n.kind() {
            "call_expression" => go_call(out, &imports, n),
            "composite_literal" => go_literal(out, &imports, n),
            "assignment_statement" => {
                let Some((field, right)) = go_field_assignment(file, n) else {
                    return;
                };
                match field {
                    "AllowAllOrigins" if is_true(right) => out.any(n.start_byte(), "`AllowAllOrigins = true`", assigned_creds),
                    "AllowOrigins" | "AllowedOrigins" => {
                        if seq_has_any(file, right, false) {
                            out.any(
                                right.start_byte(),
                                &format!("`{field} = {}`", file.node_text(right)),
                                assigned_creds,
                            );
                        } else {
                            out.restricted_node(right.start_byte(), right);
                        }
                    }
                    _ => {}
                }
            }
            _ => {}
        });
    }
    if headers {
        scan_raw_headers(out, root);
    }
}

/// `x.Field = value`: the field name and the value.
fn go_field_assignment<'a, 't>(file: &FileCtx<'a>, n: Node<'t>) -> Option<(&'a str, Node<'t>)> {
    let left = kids(n.child_by_field_name("left")?);
    let right = kids(n.child_by_field_name("right")?);
    if left.len() != 1 || right.len() != 1 || left[0].kind() != "selector_expression" {
        return None;
    }
    let field = left[0].child_by_field_name("field")?;
    Some((file.node_text(field), right[0]))
}

/// `pkg.Func` of a call, when `pkg` is an imported CORS library.
fn go_callee<'a>(file: &FileCtx<'a>, imports: &HashMap<&str, GoLib>, call: Node<'_>) -> Option<(GoLib, &'a str)> {
    let f = unwrap(call.child_by_field_name("function")?);
    if f.kind() != "selector_expression" {
        return None;
    }
    let operand = f.child_by_field_name("operand")?;
    let lib = *imports.get(file.node_text(operand))?;
    Some((lib, file.node_text(f.child_by_field_name("field")?)))
}

fn go_call(out: &mut Out<'_, '_, '_>, imports: &HashMap<&str, GoLib>, call: Node<'_>) {
    let file = out.file;
    let Some((lib, func)) = go_callee(file, imports, call) else {
        return;
    };
    let args = call.child_by_field_name("arguments").map(kids).unwrap_or_default();
    let fname = call.child_by_field_name("function").map(|f| file.node_text(f)).unwrap_or("");
    match (lib, func) {
        (GoLib::Rs | GoLib::Gin, "Default") | (GoLib::Rs | GoLib::Chi, "AllowAll") | (GoLib::Echo, "CORS") => {
            out.any(call.start_byte(), &format!("`{fname}()` allows every origin"), false);
        }
        (GoLib::Fiber, "New") if args.is_empty() => {
            out.any(call.start_byte(), &format!("`{fname}()` without a config (defaults to `*`)"), false);
        }
        (GoLib::Gorilla, "AllowedOrigins") => {
            if let Some(a) = args.first() {
                if seq_has_any(file, *a, false) {
                    out.any(a.start_byte(), &format!("`{fname}({})`", file.node_text(*a)), false);
                } else {
                    out.restricted_node(a.start_byte(), *a);
                }
            }
        }
        _ => {}
    }
}

/// `cors.Options{…}`, `cors.Config{…}`, `middleware.CORSConfig{…}` literals.
fn go_literal(out: &mut Out<'_, '_, '_>, imports: &HashMap<&str, GoLib>, lit: Node<'_>) {
    let file = out.file;
    let Some(ty) = lit.child_by_field_name("type") else { return };
    if ty.kind() != "qualified_type" {
        return;
    }
    let (Some(pkg), Some(name)) = (ty.child_by_field_name("package"), ty.child_by_field_name("name")) else {
        return;
    };
    let Some(&lib) = imports.get(file.node_text(pkg)) else { return };
    if !matches!(file.node_text(name), "Options" | "Config" | "CORSConfig") {
        return;
    }
    // Passed straight to a constructor whose default, without origins, is `*`?
    let default_any = lit
        .parent()
        .filter(|p| p.kind() == "argument_list")
        .and_then(|p| p.parent())
        .and_then(|c| go_callee(file, imports, c))
        .is_some_and(|(l, f)| l == lib && go_default_any(lib, f));
    let mut creds = false;
    let mut wild: Option<(usize, String)> = None;
    let mut origins: Option<Node<'_>> = None;
    let mut func = false;
    for el in lit.child_by_field_name("body").map(kids).unwrap_or_default() {
        if el.kind() != "keyed_element" {
            continue;
        }
        let (Some(k), Some(v)) = (el.child_by_field_name("key"), el.child_by_field_name("value")) else {
            continue;
        };
        let key = file.node_text(unwrap(k));
        let v = unwrap(v);
        match key {
            "AllowedOrigins" | "AllowOrigins" => {
                origins = Some(v);
                if seq_has_any(file, v, false) {
                    wild = Some((v.start_byte(), format!("`{key}: {}`", file.node_text(v))));
                }
            }
            "AllowAllOrigins" if is_true(v) => wild = Some((v.start_byte(), "`AllowAllOrigins: true`".into())),
            "AllowOriginFunc" | "AllowOriginsFunc" | "AllowOriginRequestFunc" | "AllowOriginVaryRequestFunc" => {
                func = true;
                if go_func_returns_true(file, v) {
                    wild = Some((v.start_byte(), format!("`{key}` returns `true` for every origin")));
                }
            }
            "AllowCredentials" => creds = is_true(v),
            _ => {}
        }
    }
    if let Some((b, what)) = wild {
        out.any(b, &what, creds);
    } else if let Some(o) = origins {
        out.restricted_node(o.start_byte(), o);
    } else if default_any && !func {
        let call = lit.parent().and_then(|p| p.parent()).unwrap_or(lit);
        out.any(
            call.start_byte(),
            &format!("`{}{{…}}` without `AllowedOrigins` (defaults to `*`)", file.node_text(ty)),
            creds,
        );
    }
}

/// `func(origin string) bool { return true }`.
fn go_func_returns_true(file: &FileCtx<'_>, v: Node<'_>) -> bool {
    v.kind() == "func_literal"
        && v.child_by_field_name("body")
            .is_some_and(|b| file.node_text(b).split_whitespace().collect::<String>() == "{returntrue}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_aliases() {
        assert_eq!(go_alias("github.com/rs/cors"), "cors");
        assert_eq!(go_alias("github.com/labstack/echo/v4/middleware"), "middleware");
        assert_eq!(go_alias("github.com/gofiber/fiber/v2"), "fiber");
        assert_eq!(go_alias("cors"), "cors");
    }
}
