//! `pagination`: list endpoints return bounded pages, not whole tables.
//!
//! **Why**: an endpoint that returns every row works with test data and falls over in
//! production: response size, memory and query time grow with the table, one client can pull
//! the whole dataset, and a slow page takes a worker (and a connection) with it.
//!
//! **Conservative**: passes when a pagination library or global setting is present
//! (fastapi-pagination, DRF `DEFAULT_PAGINATION_CLASS`/`pagination_class`, nestjs-paginate,
//! nestjs-typeorm-paginate, mongoose-paginate-v2, express-paginate, Spring `Pageable`, …) and
//! when no route handler runs a clearly unbounded list query. Handlers that mention
//! limit/offset/cursor/page/take/skip are taken as paginated.
//!
//! **Fails** on unbounded list queries inside route handlers:
//! - Python, in functions decorated as routes (`@app.get`, `@router.get`, `@bp.route`,
//!   `@api_view`, `@action`) or Django views (`def view(request)` in `views.py`, `get`/`list`
//!   methods): `Model.objects.all()`, `session.query(X).all()`, `Model.query.all()`,
//!   `….execute(select(X)).scalars().all()` with no `.limit(`/`.offset(`/slice; DRF list views
//!   (`ListAPIView`, `ModelViewSet`, …) without `pagination_class` when nothing is configured.
//! - JavaScript/TypeScript, in `app.get('/…', handler)`/`router.get(…)`, Nest `@Get()` methods
//!   and Next.js `GET` route handlers: `prisma.x.findMany()` without `take`, `Model.find({})`
//!   without `.limit(`, `repository.find()` without `take`, Sequelize `findAll()` without `limit`.
//!
//! Not flagged: `.all()` on anything that is not an ORM query (`all(xs)`, `mask.all()`), array
//! `.find(x => …)`, queries outside route handlers.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::line_regex::LineRegex;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use tree_sitter::Node;

pub struct Pagination {
    meta: RuleMeta,
}

/// Pagination libraries: their presence passes the rule.
const LIBRARIES: &[(Ecosystem, &str)] = &[
    (Ecosystem::Pypi, "fastapi-pagination"),
    (Ecosystem::Npm, "nestjs-paginate"),
    (Ecosystem::Npm, "nestjs-typeorm-paginate"),
    (Ecosystem::Npm, "mongoose-paginate-v2"),
    (Ecosystem::Npm, "mongoose-paginate"),
    (Ecosystem::Npm, "mongoose-aggregate-paginate-v2"),
    (Ecosystem::Npm, "express-paginate"),
    (Ecosystem::Npm, "prisma-paginate"),
    (Ecosystem::Npm, "typeorm-pagination"),
    (Ecosystem::Npm, "sequelize-paginate"),
];

/// Words that show a handler takes or applies page bounds.
static PAGED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:limit|offset|cursor|page|page_?size|per_?page|take|skip|paginat\w*)(?-u:\b)").expect("static regex")
});
// Line-anchored patterns are searched line by line (see `crate::line_regex`).
static DRF_DEFAULT: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::lazy(r#"^[^#\n]*['"]DEFAULT_PAGINATION_CLASS['"]\s*:\s*([^\s,}]+)"#, 10 << 20).expect("static regex"));
static DRF_CLASS_SETTING: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::lazy(r"^[ \t]+pagination_class\s*=\s*([^\s#]+)", 10 << 20).expect("static regex"));
static DRF_LIST_BASES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:ListAPIView|ListCreateAPIView|ModelViewSet|ReadOnlyModelViewSet|ListModelMixin)(?-u:\b)").expect("static regex")
});
static PY_LIB_IMPORT: LazyLock<LineRegex> =
    LazyLock::new(|| LineRegex::lazy(r"^[ \t]*(?:from|import)[ \t]+fastapi_pagination(?-u:\b)", 10 << 20).expect("static regex"));
static BY_IDS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$in(?-u:\b)|(?-u:\b)in\s*:|(?-u:\b)_?id\s*:").expect("static regex"));
/// What [`py_is_handler`] needs to call a function a route handler, as text: a `request`
/// parameter (a name followed by what can follow a parameter) or a route decorator's name after
/// an `@`. A file with ORM `.all()` calls but neither (scripts, repositories, services) has no
/// list endpoint to judge and is not parsed.
static PY_HANDLER_HINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)(?-u:\b)request(?:\s*[,):=#\\]|[ \t]*$)|@(?:[\s\\]|[A-Za-z0-9_.])*?(?-u:\b)(?:get|route|api_route|api_view|action)(?-u:\b)",
    )
    .expect("static regex")
});
static JAVA_PAGEABLE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)Pageable(?-u:\b)").expect("static regex"));

impl Pagination {
    pub fn new() -> Pagination {
        Pagination {
            meta: RuleMeta {
                id: "pagination".into(),
                category: Category::Performance,
                severity: Severity::Medium,
                title: "List endpoints are paginated".into(),
                rationale: "An endpoint that returns every row works on test data and falls over in production: \
                            response size, memory and query time grow with the table, and one client can pull the \
                            whole dataset while holding a worker and a database connection."
                    .into(),
                detection: "Passes when a pagination library or setting is present (fastapi-pagination, DRF \
                            DEFAULT_PAGINATION_CLASS or pagination_class, nestjs-paginate, nestjs-typeorm-paginate, \
                            mongoose-paginate-v2, express-paginate, prisma-paginate, Spring Pageable) or when no route \
                            handler runs a clearly unbounded list query. Findings: inside Python route handlers \
                            (@app.get/@router.get/@bp.route/@api_view, Django views) `Model.objects.all()`, \
                            `session.query(X).all()`, `Model.query.all()`, `select(X)` executed with \
                            `.scalars().all()`, with no .limit/.offset/slice; DRF ListAPIView/ModelViewSet without \
                            pagination; inside JS/TS handlers (app.get/router.get, Nest @Get(), Next.js GET) \
                            `prisma.x.findMany()` without take, `Model.find({})` without .limit, `repository.find()` \
                            without take, `findAll()` without limit. Handlers that mention limit, offset, cursor, \
                            page, take or skip count as paginated."
                    .into(),
                applies_to: vec!["service".into(), "db".into()],
                remediation: vec![
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "@app.get(\"/items\")\n\
                                  def list_items(limit: int = Query(50, le=200), offset: int = 0, db: Session = Depends(get_db)):\n    \
                                  return db.scalars(select(Item).order_by(Item.id).limit(limit).offset(offset)).all()"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "REST_FRAMEWORK = {\n    \
                                  \"DEFAULT_PAGINATION_CLASS\": \"rest_framework.pagination.LimitOffsetPagination\",\n    \
                                  \"PAGE_SIZE\": 50,\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "python".into(),
                        snippet: "@bp.get(\"/items\")\ndef list_items():\n    \
                                  page = db.paginate(db.select(Item).order_by(Item.id), max_per_page=100)\n    \
                                  return {\"items\": [i.to_dict() for i in page.items], \"total\": page.total}"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "app.get('/users', async (req, res) => {\n  \
                                  const take = Math.min(Number(req.query.limit) || 50, 200);\n  \
                                  const cursor = req.query.cursor ? { id: Number(req.query.cursor) } : undefined;\n  \
                                  const users = await prisma.user.findMany({ take, skip: cursor ? 1 : 0, cursor, orderBy: { id: 'asc' } });\n  \
                                  res.json({ users, next: users.at(-1)?.id });\n});"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "@Get()\nfindAll(@Paginate() query: PaginateQuery) {\n  \
                                  return paginate(query, this.usersRepository, { sortableColumns: ['id'], maxLimit: 100 });\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "java".into(),
                        snippet: "@GetMapping(\"/users\")\n\
                                  public Page<User> list(@PageableDefault(size = 50) Pageable pageable) {\n    \
                                  return users.findAll(pageable);\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Give every list endpoint a bounded page: a default and maximum page size, with \
                                  limit/offset or (better for large tables) a cursor, and a stable sort order."
                            .into(),
                    },
                ],
                effort_hours: 3.0,
                pass_message: "no unbounded list queries in route handlers".into(),
                fail_message: "list endpoints return unbounded query results".into(),
            },
        }
    }
}

/// True when a handler mentions page bounds in code or strings (comments do not count).
fn mentions_page_bounds(file: &FileCtx<'_>, node: Node<'_>) -> bool {
    let text = file.node_text(node);
    let matches: Vec<usize> = PAGED.find_iter(text).map(|m| node.start_byte() + m.start()).collect();
    if matches.is_empty() {
        return false;
    }
    let mut comments = vec![];
    crate::rules::util::walk_tree(node, |n| {
        if n.kind() == "comment" {
            comments.push(n.byte_range());
        }
    });
    matches.iter().any(|b| !comments.iter().any(|r| r.contains(b)))
}

fn lib_fact(file: &FileCtx<'_>, byte: usize, what: &str) -> Hit {
    Hit::Fact {
        tag: "lib".into(),
        value: what.into(),
        location: file.location(byte),
    }
}

// ---------------------------------------------------------------- Python

/// Names of a Python function's parameters, in order.
fn py_params(file: &FileCtx<'_>, def: Node<'_>) -> Vec<String> {
    let Some(params) = def.child_by_field_name("parameters") else {
        return vec![];
    };
    let mut out = vec![];
    let mut c = params.walk();
    for p in params.named_children(&mut c) {
        let name = match p.kind() {
            "identifier" => Some(p),
            "typed_parameter" => p.named_child(0).filter(|n| n.kind() == "identifier"),
            "default_parameter" | "typed_default_parameter" => p.child_by_field_name("name"),
            _ => None,
        };
        if let Some(n) = name {
            out.push(file.node_text(n).to_string());
        }
    }
    out
}

/// True when a Python function is a route handler: decorated as a route, or a Django view.
fn py_is_handler(file: &FileCtx<'_>, def: Node<'_>) -> bool {
    if let Some(dec) = def.parent().filter(|p| p.kind() == "decorated_definition") {
        let mut c = dec.walk();
        for d in dec.named_children(&mut c).filter(|d| d.kind() == "decorator") {
            let Some(expr) = d.named_child(0) else { continue };
            let callee = if expr.kind() == "call" {
                expr.child_by_field_name("function")
            } else {
                Some(expr)
            };
            let Some(callee) = callee else { continue };
            let name = match callee.kind() {
                "attribute" => callee.child_by_field_name("attribute").map(|a| file.node_text(a)),
                "identifier" => Some(file.node_text(callee)),
                _ => None,
            };
            let routed = match (callee.kind(), name) {
                ("attribute", Some(n)) => matches!(n, "get" | "route" | "api_route"),
                ("identifier", Some(n)) => matches!(n, "api_view" | "action"),
                _ => false,
            };
            if routed {
                return true;
            }
        }
    }
    let params = py_params(file, def);
    let takes_request = match params.as_slice() {
        [first, ..] if first == "request" => true,
        [first, second, ..] if first == "self" && second == "request" => true,
        _ => false,
    };
    if !takes_request {
        return false;
    }
    let fname = def.child_by_field_name("name").map(|n| file.node_text(n)).unwrap_or("");
    let path = file.path();
    let views_module = path.ends_with("/views.py") || path == "views.py" || path.split('/').any(|d| d == "views");
    views_module || matches!(fname, "get" | "list")
}

/// The innermost function around a node (none when a lambda comes first).
fn py_enclosing_def<'t>(node: Node<'t>) -> Option<Node<'t>> {
    let mut cur = node.parent();
    while let Some(n) = cur {
        match n.kind() {
            "lambda" => return None,
            "function_definition" => return Some(n),
            _ => {}
        }
        cur = n.parent();
    }
    None
}

/// True when the receiver of `.all()` is an ORM query (Django manager, SQLAlchemy query/select).
fn py_is_orm_query(receiver: &str) -> bool {
    receiver.contains(".objects")
        || receiver.contains("query(")
        || receiver.ends_with(".query")
        || receiver.contains(".query.")
        || receiver.contains("select(")
}

fn py_is_bounded(receiver: &str) -> bool {
    [".limit(", ".offset(", ".slice(", ".paginate(", "[:", ".first(", ".get("]
        .iter()
        .any(|b| receiver.contains(b))
}

/// Lookups by a list of ids are as large as the list the caller sent: not judged.
fn py_by_ids(receiver: &str) -> bool {
    receiver.contains(".in_(") || receiver.contains("__in=")
}

/// Whether an `.all()` in code sits in a function whose header (decorators, `def` line and
/// parameters, by the file's [`crate::pyoutline::Outline`]) shows [`PY_HANDLER_HINT`]:
/// [`py_is_handler`] judges only the innermost function around the call, and only by its
/// decorators and parameters. A
/// module whose handlers delegate to a repository that calls `.all()` is not parsed. When the
/// outline cannot be built, the hint anywhere in the file decides, as it did before outlines.
fn all_call_in_handler(file: &FileCtx<'_>) -> bool {
    let text = file.text;
    let Some(outline) = file.py_outline() else {
        return PY_HANDLER_HINT.is_match(text);
    };
    let mut judged = None;
    text.match_indices(".all()").any(|(at, _)| {
        if !file.in_code(at) {
            return false;
        }
        let Some(header) = outline.function_at(at, text.len()) else {
            return false;
        };
        // Calls in one function share its header: judge it once.
        if judged.replace(header) == Some(header) {
            return false;
        }
        text.get(header.0..header.1).is_none_or(|h| PY_HANDLER_HINT.is_match(h))
    })
}

fn scan_python(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    let text = file.text;
    for c in DRF_DEFAULT.captures_iter_folded(text, file.folded()) {
        if let (Some(m), Some(v)) = (c.get(0), c.get(1))
            && v.as_str() != "None"
        {
            hits.push(lib_fact(file, m.start(), "DRF DEFAULT_PAGINATION_CLASS"));
        }
    }
    for c in DRF_CLASS_SETTING.captures_iter_folded(text, file.folded()) {
        if let (Some(m), Some(v)) = (c.get(0), c.get(1))
            && v.as_str() != "None"
        {
            hits.push(lib_fact(file, m.start(), "DRF pagination_class"));
        }
    }
    if let Some(m) = PY_LIB_IMPORT.find_iter_folded(text, file.folded()).next() {
        hits.push(lib_fact(file, m.start, "fastapi-pagination"));
    }
    let has_all = file.contains(".all()") && all_call_in_handler(file);
    let has_drf = DRF_LIST_BASES.is_match(text);
    if !has_all && !has_drf {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let mut calls = vec![];
    let mut classes = vec![];
    crate::rules::util::walk_tree(tree.root_node(), |n| match n.kind() {
        "call" if has_all => calls.push(n),
        "class_definition" if has_drf => classes.push(n),
        _ => {}
    });
    let mut paged_defs = HashSet::new();
    for call in calls {
        let Some(f) = call.child_by_field_name("function").filter(|f| f.kind() == "attribute") else {
            continue;
        };
        if f.child_by_field_name("attribute").map(|a| file.node_text(a)) != Some("all") {
            continue;
        }
        if call.child_by_field_name("arguments").is_some_and(|a| a.named_child_count() > 0) {
            continue;
        }
        if call.parent().is_some_and(|p| matches!(p.kind(), "attribute" | "subscript")) {
            continue;
        }
        let Some(receiver) = f.child_by_field_name("object") else {
            continue;
        };
        let rtext = file.node_text(receiver);
        let Some(def) = py_enclosing_def(call) else { continue };
        // `result = await session.execute(select(X))` … `result.scalars().all()`
        let executed_select = (rtext.contains(".scalars(") || rtext.contains("execute(")) && file.node_text(def).contains("select(");
        if !(py_is_orm_query(rtext) || executed_select) || py_by_ids(rtext) || !py_is_handler(file, def) {
            continue;
        }
        if py_is_bounded(rtext) {
            hits.push(file.evidence_at(call.start_byte(), "bounded list query"));
            continue;
        }
        let fname = def.child_by_field_name("name").map(|n| file.node_text(n)).unwrap_or("?");
        if mentions_page_bounds(file, def) {
            if paged_defs.insert(def.start_byte()) {
                hits.push(file.evidence_at(def.start_byte(), format!("`{fname}` takes page bounds")));
            }
            continue;
        }
        hits.push(file.finding_at(
            call.start_byte(),
            format!("unbounded `.all()` in list endpoint `{fname}`; add limit/offset or a cursor"),
        ));
    }
    for class in classes {
        let Some(bases) = class.child_by_field_name("superclasses") else {
            continue;
        };
        if !DRF_LIST_BASES.is_match(file.node_text(bases)) {
            continue;
        }
        let Some(body) = class.child_by_field_name("body") else { continue };
        let mut queryset = None;
        let mut configured = false;
        let mut c = body.walk();
        for stmt in body.named_children(&mut c) {
            let Some(assign) = stmt
                .named_child(0)
                .filter(|a| stmt.kind() == "expression_statement" && a.kind() == "assignment")
            else {
                continue;
            };
            match assign.child_by_field_name("left").map(|l| file.node_text(l)) {
                Some("queryset") => queryset = Some(assign),
                Some("pagination_class") => {
                    configured = assign.child_by_field_name("right").is_some_and(|r| file.node_text(r) != "None");
                }
                _ => {}
            }
        }
        if configured || queryset.is_some_and(|q| file.node_text(q).contains("[:")) {
            continue;
        }
        let name = class.child_by_field_name("name").map(|n| file.node_text(n)).unwrap_or("?");
        let at = queryset.map(|q| q.start_byte()).unwrap_or(class.start_byte());
        hits.push(file.finding_at(
            at,
            format!("DRF list view `{name}` has no pagination; set `pagination_class` or DEFAULT_PAGINATION_CLASS"),
        ));
    }
}

// ---------------------------------------------------------------- JavaScript / TypeScript

fn is_function_node(n: Node<'_>) -> bool {
    matches!(
        n.kind(),
        "arrow_function" | "function_expression" | "function" | "function_declaration"
    )
}

/// Route handlers in a JS/TS file: `app.get('/…', fn)`, Nest `@Get()` methods, Next.js `GET`.
fn js_handlers<'t>(file: &FileCtx<'_>, root: Node<'t>) -> Vec<Node<'t>> {
    let path = file.path();
    let name = file.info.name();
    let next_route = name.starts_with("route.") && path.split('/').any(|d| d == "app");
    let pages_api = path.contains("pages/api/");
    let mut out = vec![];
    crate::rules::util::walk_tree(root, |n| match n.kind() {
        "call_expression" => {
            let Some(f) = n.child_by_field_name("function").filter(|f| f.kind() == "member_expression") else {
                return;
            };
            let prop = f.child_by_field_name("property").map(|p| file.node_text(p));
            if !matches!(prop, Some("get" | "all")) {
                return;
            }
            let Some(args) = n.child_by_field_name("arguments") else { return };
            let mut c = args.walk();
            let list: Vec<Node<'t>> = args.named_children(&mut c).collect();
            let routed_path = list
                .first()
                .and_then(|a| crate::rules::util::string_value(file.node_text(*a)))
                .is_some_and(|s| s.starts_with('/'));
            let on_route = f
                .child_by_field_name("object")
                .is_some_and(|o| file.node_text(o).contains(".route("));
            if !(routed_path || on_route) {
                return;
            }
            if let Some(h) = list.iter().rev().find(|a| is_function_node(**a)) {
                out.push(*h);
            }
        }
        "class_body" => {
            let mut pending_get = false;
            let mut c = n.walk();
            for child in n.named_children(&mut c) {
                match child.kind() {
                    "decorator" => {
                        let t = file.node_text(child);
                        if t.starts_with("@Get(") || t.starts_with("@Get (") {
                            pending_get = true;
                        }
                    }
                    "method_definition" => {
                        if pending_get {
                            out.push(child);
                        }
                        pending_get = false;
                    }
                    _ => pending_get = false,
                }
            }
        }
        "function_declaration" if next_route || pages_api => {
            let fname = n.child_by_field_name("name").map(|x| file.node_text(x));
            let default_export = n
                .parent()
                .is_some_and(|p| p.kind() == "export_statement" && file.node_text(p).starts_with("export default"));
            if (next_route && fname == Some("GET")) || (pages_api && default_export) {
                out.push(n);
            }
        }
        "variable_declarator" if next_route => {
            let fname = n.child_by_field_name("name").map(|x| file.node_text(x));
            if fname == Some("GET")
                && let Some(v) = n.child_by_field_name("value").filter(|v| is_function_node(*v))
            {
                out.push(v);
            }
        }
        _ => {}
    });
    out
}

/// Keys of an object literal; `None` when it spreads something we cannot see.
fn object_keys(file: &FileCtx<'_>, obj: Node<'_>) -> Option<Vec<String>> {
    let mut keys = vec![];
    let mut c = obj.walk();
    for p in obj.named_children(&mut c) {
        match p.kind() {
            "pair" => {
                if let Some(k) = p.child_by_field_name("key") {
                    let t = file.node_text(k);
                    keys.push(crate::rules::util::string_value(t).unwrap_or_else(|| t.to_string()));
                }
            }
            "shorthand_property_identifier" => keys.push(file.node_text(p).to_string()),
            "spread_element" => return None,
            _ => {}
        }
    }
    Some(keys)
}

/// True when the receiver of `.find(`/`.findAll(` looks like an ORM model or repository.
fn looks_like_model(file: &FileCtx<'_>, obj: Node<'_>) -> bool {
    let name = match obj.kind() {
        "identifier" => file.node_text(obj),
        "member_expression" => obj.child_by_field_name("property").map(|p| file.node_text(p)).unwrap_or(""),
        "call_expression" => {
            return obj
                .child_by_field_name("function")
                .is_some_and(|f| file.node_text(f).ends_with("Repository"));
        }
        _ => return false,
    };
    if matches!(name, "Array" | "Object" | "Reflect" | "Math" | "JSON" | "Promise" | "Set" | "Map") {
        return false;
    }
    let lower = name.to_ascii_lowercase();
    name.starts_with(|c: char| c.is_ascii_uppercase())
        || ["repo", "repository", "repos", "model", "models"]
            .iter()
            .any(|s| lower.ends_with(s))
}

/// True when a call is chained into `.limit(`/`.take(`/`.paginate(`.
fn chained_bound(file: &FileCtx<'_>, call: Node<'_>) -> bool {
    let mut cur = call;
    while let Some(parent) = cur.parent() {
        if parent.kind() != "member_expression" {
            break;
        }
        let prop = parent.child_by_field_name("property").map(|p| file.node_text(p)).unwrap_or("");
        if matches!(prop, "limit" | "take" | "paginate" | "page") {
            return true;
        }
        match parent.parent() {
            Some(g) if g.kind() == "call_expression" => cur = g,
            _ => break,
        }
    }
    false
}

/// What a list query call is, as far as the syntax shows.
enum Query {
    /// No page bound: the byte to report and the call's short text.
    Unbounded(usize, String),
    /// Bounded by `take`/`limit`/a cursor or a chained `.limit(`.
    Bounded(usize),
}

/// Classifies an ORM list query (`findMany`, `find`, `findAll`); `None` when the call is not one
/// or its bounds cannot be seen (options passed in a variable or spread).
fn js_list_query(file: &FileCtx<'_>, call: Node<'_>) -> Option<Query> {
    let f = call.child_by_field_name("function").filter(|f| f.kind() == "member_expression")?;
    let prop = f.child_by_field_name("property")?;
    let method = file.node_text(prop);
    if !matches!(method, "findMany" | "find" | "findAll") {
        return None;
    }
    let args = call.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let list: Vec<Node<'_>> = args.named_children(&mut c).filter(|a| a.kind() != "comment").collect();
    if list.iter().any(|a| is_function_node(*a)) {
        return None;
    }
    if method != "findMany" {
        let obj = f.child_by_field_name("object")?;
        if !looks_like_model(file, obj) {
            return None;
        }
    }
    let bound_keys = ["take", "limit", "cursor", "first", "last"];
    for a in &list {
        if a.kind() == "object" {
            // Lookups by a list of ids are as large as the list the caller sent: not judged.
            if BY_IDS.is_match(file.node_text(*a)) {
                return None;
            }
            let keys = object_keys(file, *a)?;
            if keys.iter().any(|k| bound_keys.contains(&k.as_str())) {
                return Some(Query::Bounded(prop.start_byte()));
            }
        }
    }
    if chained_bound(file, call) {
        return Some(Query::Bounded(prop.start_byte()));
    }
    if list.first().is_some_and(|a| a.kind() != "object") {
        return None;
    }
    let callee: String = file.node_text(f).split_whitespace().collect::<Vec<_>>().join("");
    Some(Query::Unbounded(prop.start_byte(), callee))
}

fn scan_js(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !(file.contains("findMany") || file.contains(".find(") || file.contains("findAll")) {
        return;
    }
    let Some(tree) = file.tree() else { return };
    let handlers = js_handlers(file, tree.root_node());
    let mut seen = HashSet::new();
    for h in handlers {
        let htext = file.node_text(h);
        if !(htext.contains("findMany") || htext.contains(".find(") || htext.contains("findAll")) {
            continue;
        }
        let mut found = vec![];
        crate::rules::util::walk_tree(h, |n| {
            if n.kind() == "call_expression" {
                match js_list_query(file, n) {
                    Some(Query::Unbounded(b, c)) => found.push((b, c)),
                    Some(Query::Bounded(b)) if seen.insert(b) => hits.push(file.evidence_at(b, "bounded list query")),
                    _ => {}
                }
            }
        });
        if found.is_empty() {
            continue;
        }
        if mentions_page_bounds(file, h) {
            if seen.insert(h.start_byte()) {
                hits.push(file.evidence_at(h.start_byte(), "list endpoint takes page bounds"));
            }
            continue;
        }
        for (byte, callee) in found {
            if seen.insert(byte) {
                hits.push(file.finding_at(
                    byte,
                    format!("unbounded `{callee}()` in a list endpoint; add `take`/`limit` or a cursor"),
                ));
            }
        }
    }
}

impl Rule for Pagination {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source {
            return;
        }
        match file.lang() {
            Some(Lang::Python) => scan_python(file, hits),
            Some(l) if l.is_js_family() => scan_js(file, hits),
            Some(Lang::Java) => {
                if let Some(m) = JAVA_PAGEABLE.find_iter(file.text).find(|m| file.in_code(m.start())) {
                    hits.push(lib_fact(file, m.start(), "Spring Data Pageable"));
                }
            }
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let mut libs: Vec<Evidence> = LIBRARIES
            .iter()
            .filter_map(|(eco, name)| {
                project.find_dependency(*eco, name).map(|(m, line)| Evidence {
                    location: Location {
                        path: m.path.clone(),
                        line,
                        column: 1,
                    },
                    message: format!("pagination library `{name}`"),
                })
            })
            .collect();
        for h in hits {
            if let Hit::Fact { tag, value, location } = h
                && tag == "lib"
            {
                libs.push(Evidence {
                    location: location.clone(),
                    message: value.clone(),
                });
            }
        }
        if !libs.is_empty() {
            libs.truncate(10);
            return Outcome::pass("pagination library or setting found", libs);
        }
        let (findings, evidence) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), evidence);
        }
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn python(text: &str) -> (bool, Vec<Hit>) {
        let info = crate::engine::ctx::FileInfo::new("app/views.py".into(), text.len() as u64);
        let file = FileCtx::new(&info, text);
        let mut hits = vec![];
        scan_python(&file, &mut hits);
        (all_call_in_handler(&file), hits)
    }

    /// Every way a handler's `.all()` reaches the syntax tree's judgment passes the text gate,
    /// and the tree then reports it; `.all()` outside any handler's body does not get parsed.
    #[test]
    fn the_all_gate_keeps_handlers_and_skips_helpers() {
        for handler in [
            "def list_users(request):\n    return User.objects.all()\n",
            "@router.get(\"/items\")\nasync def items(db):\n    return db.query(Item).all()\n",
            "@app.route(\n    '/users',\n)\n# listing\n@login_required\ndef users():\n    return User.query.all()\n",
            "class UserView(View):\n    def get(self, request):\n        rows = User.objects.all()\n        return rows\n",
            "def get(\n    self,\n    request,  # the call\n):\n    class Listing:\n        rows = User.objects.all()\n",
            "def list_users(request): return User.objects.all()\n",
            "def helper():\n    pass\n\ndef list_users(request):\n    return User.objects.all()\n",
            // Tabs in indentation: the outline gives up and the hint anywhere decides.
            "def list_users(request):\n\treturn User.objects.all()\n",
        ] {
            let (gate, hits) = python(handler);
            assert!(gate, "{handler}");
            assert!(hits.iter().any(|h| matches!(h, Hit::Finding(_))), "{handler}: {hits:?}");
        }
        for helper in [
            "def load_users(session):\n    return session.query(User).all()\n\n@router.get('/users')\nasync def users(s):\n    return load_users(s)\n",
            "rows = User.objects.all()\n\ndef list_users(request):\n    return rows\n",
            "class Repo:\n    everything = User.objects.all()\n\n    def get(self, request):\n        return 1\n",
            "def list_users(request):\n    # User.objects.all() is too much\n    return \"x.all()\"\n",
        ] {
            let (gate, hits) = python(helper);
            assert!(!gate, "{helper}");
            assert!(hits.is_empty(), "{helper}: {hits:?}");
        }
    }

    #[test]
    fn the_handler_hint_passes_every_handler_shape_and_skips_plain_scripts() {
        for handler in [
            "def list_users(request):\n",
            "def get(self, request, *args):\n",
            "def get(\n    self,\n    request,  # the call\n):\n",
            "async def items(request: Request):\n",
            "@router.get(\"/items\")\nasync def items():\n",
            "@app.route('/users')\ndef users():\n",
            "@ app . api_route(\"/x\")\n",
            "@api_view([\"GET\"])\ndef users(req):\n",
            "@action(detail=False)\ndef recent(self, req):\n",
        ] {
            assert!(PY_HANDLER_HINT.is_match(handler), "{handler}");
        }
        for script in [
            "rows = session.query(User).filter_by(id=1).all()\n",
            "def load(request_id):\n    return requests.get(url)\n",
            "# the request handler lives elsewhere\nx = 1\n",
            "@dataclass\nclass Row:\n    target: str\n",
        ] {
            assert!(!PY_HANDLER_HINT.is_match(script), "{script}");
        }
    }
}
