//! `cors-wildcard` for Python: Starlette/FastAPI `CORSMiddleware`, flask-cors and django-cors-headers settings.

use super::headers::scan_raw_headers;
use super::syntax::{is_true, kids, seq_has_any, sval, unwrap};
use super::{ACAO, Out, file_contains_ci, regex_matches_any};
use crate::engine::ctx::FileCtx;
use crate::rules::util::walk_tree;
use std::collections::HashMap;
use tree_sitter::Node;

const DJANGO_ALLOW_ALL: &[&str] = &["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"];
const DJANGO_ORIGINS: &[&str] = &["CORS_ALLOWED_ORIGINS", "CORS_ORIGIN_WHITELIST"];
const DJANGO_REGEXES: &[&str] = &["CORS_ALLOWED_ORIGIN_REGEXES", "CORS_ORIGIN_REGEX_WHITELIST"];

/// Settings modules meant for local development only (`settings/dev.py`, `local_settings.py`).
fn is_dev_settings(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let stem = name.strip_suffix(".py").unwrap_or(name).to_ascii_lowercase();
    let stem = stem
        .strip_prefix("settings_")
        .or_else(|| stem.strip_suffix("_settings"))
        .unwrap_or(&stem);
    matches!(stem, "dev" | "development" | "local" | "devel")
}

/// Follows a bare name to the value last assigned to it in the file.
fn py_resolve<'t>(file: &FileCtx<'_>, vars: &HashMap<&str, Node<'t>>, n: Node<'t>) -> Node<'t> {
    let u = unwrap(n);
    if u.kind() == "identifier"
        && let Some(v) = vars.get(file.node_text(u))
    {
        return *v;
    }
    n
}

/// The last name of a callee: `CORS` for `flask_cors.CORS`.
fn py_callee<'a>(file: &FileCtx<'a>, f: Node<'_>) -> &'a str {
    let f = unwrap(f);
    match f.kind() {
        "identifier" => file.node_text(f),
        "attribute" => f.child_by_field_name("attribute").map(|a| file.node_text(a)).unwrap_or(""),
        _ => "",
    }
}

/// Positional arguments, keyword arguments, and whether `*args`/`**kwargs` hide some.
struct PyArgs<'t> {
    positional: Vec<Node<'t>>,
    keywords: Vec<(String, Node<'t>)>,
    splat: bool,
}

impl<'t> PyArgs<'t> {
    fn of(file: &FileCtx<'_>, call: Node<'t>) -> PyArgs<'t> {
        let mut a = PyArgs {
            positional: vec![],
            keywords: vec![],
            splat: false,
        };
        let Some(list) = call.child_by_field_name("arguments") else {
            return a;
        };
        for k in kids(list) {
            match k.kind() {
                "keyword_argument" => {
                    if let (Some(n), Some(v)) = (k.child_by_field_name("name"), k.child_by_field_name("value")) {
                        a.keywords.push((file.node_text(n).to_string(), v));
                    }
                }
                "list_splat" | "dictionary_splat" => a.splat = true,
                _ => a.positional.push(k),
            }
        }
        a
    }

    fn get(&self, name: &str) -> Option<Node<'t>> {
        self.keywords.iter().find(|(n, _)| n == name).map(|(_, v)| *v)
    }
}

pub(super) fn scan_python(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    let starlette = file.contains("CORSMiddleware");
    let flask = file.contains("flask_cors");
    let django = file.contains("CORS_");
    let headers = file_contains_ci(file, ACAO);
    if !(starlette || flask || django || headers) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let root = tree.root_node();

    // Simple `name = value` assignments, to follow `allow_origins=origins`; Django's credentials flag.
    let mut vars: HashMap<&str, Node<'_>> = HashMap::new();
    let mut django_creds = false;
    walk_tree(root, |n| {
        if n.kind() != "assignment" {
            return;
        }
        let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
            return;
        };
        if l.kind() == "identifier" {
            let name = file.node_text(l);
            if name == "CORS_ALLOW_CREDENTIALS" && is_true(r) {
                django_creds = true;
            }
            vars.insert(name, r);
        }
    });
    let resolve = |n| py_resolve(file, &vars, n);
    let dev_settings = is_dev_settings(&file.info.path);

    walk_tree(root, |n| match n.kind() {
        "call" => {
            let Some(f) = n.child_by_field_name("function") else { return };
            let callee = py_callee(file, f);
            let args = PyArgs::of(file, n);
            if starlette && args.positional.iter().any(|p| py_callee(file, *p) == "CORSMiddleware") {
                py_starlette(out, &args, &resolve);
            } else if flask && (callee == "CORS" || callee == "cross_origin") {
                py_flask(out, n, callee, &args, &resolve);
            }
        }
        "assignment" if django || flask => {
            let (Some(l), Some(r)) = (n.child_by_field_name("left"), n.child_by_field_name("right")) else {
                return;
            };
            match l.kind() {
                "identifier" if django && !dev_settings => {
                    let name = file.node_text(l);
                    if DJANGO_ALLOW_ALL.contains(&name) {
                        if is_true(r) {
                            out.any(n.start_byte(), &format!("`{name} = True`"), django_creds);
                        }
                    } else if DJANGO_ORIGINS.contains(&name) || DJANGO_REGEXES.contains(&name) {
                        let regex = DJANGO_REGEXES.contains(&name);
                        if seq_has_any(file, r, regex) {
                            out.any(r.start_byte(), &format!("`{name}` matches every origin"), django_creds);
                        } else {
                            out.restricted_node(r.start_byte(), r);
                        }
                    }
                }
                // Flask config: `app.config["CORS_ORIGINS"] = "*"`.
                "subscript" if flask => {
                    let is_origins = kids(l)
                        .into_iter()
                        .skip(1)
                        .any(|s| sval(file, s).as_deref() == Some("CORS_ORIGINS"));
                    if is_origins && seq_has_any(file, r, true) {
                        out.any(r.start_byte(), "`CORS_ORIGINS = \"*\"`", false);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    });
    if headers {
        scan_raw_headers(out, root);
    }
}

/// `CORSMiddleware` with `allow_origins` / `allow_origin_regex`.
fn py_starlette<'t>(out: &mut Out<'_, '_, '_>, args: &PyArgs<'t>, resolve: &dyn Fn(Node<'t>) -> Node<'t>) {
    let file = out.file;
    let creds = args.get("allow_credentials").is_some_and(is_true);
    let origins = args.get("allow_origins");
    let regex = args.get("allow_origin_regex");
    let mut wild = false;
    if let Some(o) = origins {
        let v = resolve(o);
        if seq_has_any(file, v, false) {
            out.any(v.start_byte(), &format!("`allow_origins={}`", file.node_text(v)), creds);
            wild = true;
        }
    }
    if let Some(r) = regex {
        let v = resolve(r);
        if sval(file, v).is_some_and(|s| regex_matches_any(&s)) {
            out.any(
                v.start_byte(),
                &format!("`allow_origin_regex={}` matches every origin", file.node_text(v)),
                creds,
            );
            wild = true;
        }
    }
    if !wild && let Some(o) = origins.or(regex) {
        out.restricted_node(o.start_byte(), resolve(o));
    }
}

/// flask-cors `CORS(app, …)` and `@cross_origin(…)`: without `origins` the default is `*`.
fn py_flask<'t>(out: &mut Out<'_, '_, '_>, call: Node<'t>, callee: &str, args: &PyArgs<'t>, resolve: &dyn Fn(Node<'t>) -> Node<'t>) {
    let file = out.file;
    let creds = args.get("supports_credentials").is_some_and(is_true);
    if let Some(o) = args.get("origins") {
        let v = resolve(o);
        if seq_has_any(file, v, true) {
            out.any(v.start_byte(), &format!("`origins={}`", file.node_text(v)), creds);
        } else {
            out.restricted_node(o.start_byte(), v);
        }
        return;
    }
    if callee == "CORS"
        && let Some(r) = args.get("resources")
    {
        let res = unwrap(resolve(r));
        match res.kind() {
            "dictionary" => {
                for pair in kids(res).into_iter().filter(|p| p.kind() == "pair") {
                    let Some(opts) = pair.child_by_field_name("value").map(unwrap) else {
                        continue;
                    };
                    if opts.kind() != "dictionary" {
                        continue;
                    }
                    let origins = kids(opts).into_iter().find_map(|p| {
                        let k = p.child_by_field_name("key")?;
                        (sval(file, k).as_deref() == Some("origins"))
                            .then(|| p.child_by_field_name("value"))
                            .flatten()
                    });
                    match origins {
                        Some(v) if seq_has_any(file, resolve(v), true) => {
                            out.any(v.start_byte(), &format!("`\"origins\": {}`", file.node_text(v)), creds)
                        }
                        Some(v) => out.restricted_node(v.start_byte(), resolve(v)),
                        None => out.any(
                            pair.start_byte(),
                            "a resource without `origins` (flask-cors defaults to `*`)",
                            creds,
                        ),
                    }
                }
            }
            "string" | "list" | "tuple" => out.any(r.start_byte(), "`resources` without `origins` (flask-cors defaults to `*`)", creds),
            _ => {}
        }
        return;
    }
    // Nothing says which origins: flask-cors allows all unless app config sets CORS_ORIGINS.
    if args.splat || file.contains("CORS_ORIGINS") || file.contains("CORS_RESOURCES") {
        return;
    }
    let what = if callee == "CORS" {
        "`CORS(app)` without `origins` (flask-cors defaults to `*`)"
    } else {
        "`@cross_origin()` without `origins` (defaults to `*`)"
    };
    out.any(call.start_byte(), what, creds);
}

#[cfg(test)]
mod tests {
    use super::super::tests::{evidence_count, finding_lines, run};
    use super::*;

    #[test]
    fn dev_settings_names() {
        assert!(is_dev_settings("proj/settings/dev.py"));
        assert!(is_dev_settings("proj/local_settings.py"));
        assert!(is_dev_settings("settings_local.py"));
        assert!(!is_dev_settings("proj/settings/production.py"));
        assert!(!is_dev_settings("proj/settings.py"));
    }

    #[test]
    fn python_fastapi() {
        let src = "from fastapi.middleware.cors import CORSMiddleware\n\
                   app.add_middleware(CORSMiddleware, allow_origins=['*'], allow_credentials=True)\n\
                   app.add_middleware(CORSMiddleware, allow_origins=ORIGINS, allow_methods=['*'])\n";
        let hits = run("app/main.py", src);
        assert_eq!(finding_lines(&hits), vec![(2, true)]);
        assert_eq!(evidence_count(&hits), 1);
    }

    #[test]
    fn python_resolves_module_list() {
        let src = "from starlette.middleware.cors import CORSMiddleware\norigins = [\n    \"*\",\n]\n\
                   app.add_middleware(CORSMiddleware, allow_origins=origins)\n";
        assert_eq!(finding_lines(&run("main.py", src)), vec![(2, false)]);
    }

    #[test]
    fn python_docstring_is_silent() {
        let src = "\"\"\"Use app.add_middleware(CORSMiddleware, allow_origins=['*']) never.\"\"\"\n# CORS(app)\n";
        assert!(finding_lines(&run("main.py", src)).is_empty());
    }
}
