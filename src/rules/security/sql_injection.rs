//! `sql-injection`: no SQL is built from interpolated strings.
//!
//! **Why**: a value pasted into SQL text is SQL: `' OR 1=1 --` in a name field reads or deletes
//! every row. Drivers bind parameters separately from the text; string building defeats that.
//!
//! **Fails** (syntax trees of shipped code; the text must look like SQL):
//! - Python: `cursor.execute(f"… {x}")`, `execute("… %s" % x)`, `execute("…".format(x))`,
//!   `execute("SELECT … " + x)`, SQLAlchemy `text(f"…")`, Django `.raw(f"…")`, asyncpg
//!   `fetch(f"…")`, also through a variable built that way in the same function;
//! - JavaScript/TypeScript: template literals with `${}` or concatenation passed to `query(`,
//!   `execute(`, `$queryRawUnsafe(`, `$executeRawUnsafe(`, `sequelize.query(`, `knex.raw(`,
//!   `whereRaw(`, TypeORM `.where(`;
//! - Go: `fmt.Sprintf("SELECT …", x)` or concatenation passed, directly or through a variable of
//!   the same function, to `Query`/`QueryRow`/`Exec`/`…Context`/sqlx `Select`/`Get`/gorm `Raw`;
//! - Rust: `format!("SELECT …")` into `sqlx::query(`/`query_as(`/`sql_query(`/`.execute(`/
//!   `client.query(`, directly or through a `let` of the same function.
//!
//! **Silent**: parameterised queries (`execute("… %s", (x,))`, `query('… $1', [x])`,
//! `db.Query("… ?", x)`), `sqlx::query!`, Prisma's tagged `$queryRaw\`…${x}\`` (parameterised
//! by design), interpolated constants, `int(…)` casts and placeholder lists, migrations.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::prefilter::Gated;
use crate::rule::{Rule, split_hits};
use crate::rules::util::{string_value, walk_tree, walk_tree_pruned};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;
use syn::visit::Visit;
use tree_sitter::Node;

/// SQL statements and clauses, in the static text of a built string.
static SQL_TEXT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?is)\bselect\b.+\bfrom\b|\binsert\s+into\b|\bupdate\s+\S+\s+set\b|\bdelete\s+from\b|\bwhere\s+\S+\s*(?:=|<|>|!=|\blike\b|\bin\b|\bis\b)",
        r"|\border\s+by\b|\bgroup\s+by\b|\bvalues\s*\(|\bcreate\s+(?:table|index|view)\b|\bdrop\s+(?:table|index|view)\b|\balter\s+table\b",
        r"|\btruncate\s+table\b|\bjoin\s+\S+\s+on\b|\bmerge\s+into\b|\breplace\s+into\b",
    ))
    .expect("static regex")
});

/// A condition fragment (`name = '…'`) for TypeORM/gorm `where(…)`.
static CONDITION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)[=<>]|\blike\b|\bin\s*\(|\bis\s+(?:not\s+)?null\b").expect("static regex"));

/// Cheap gate: a file without any of these words cannot pass SQL to a driver.
static GATE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(r"(?i)select|insert|update|delete|where|order by|create|drop|alter|truncate|values|join").expect("static regex")
});

/// An SQL keyword as a whole word, in any case.
static SQL_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:select|insert|update|delete|where|order\s+by|create|drop|alter|truncate|values|join)\b").expect("static regex")
});

/// Whether SQL text can be in this file where a query is built: a keyword inside a string (or a
/// comment, which the mask does not tell apart). A finding needs static SQL text in a literal
/// piece of the query; `updateUser()` and `user.delete()` in code are not that.
fn sql_in_text(file: &FileCtx<'_>) -> bool {
    SQL_WORD.find_iter(file.text).any(|m| !file.in_code(m.start()))
}

/// What a built string is: its static SQL text and the first unsafe construct in it.
#[derive(Default, Debug)]
struct Piece {
    text: String,
    how: Option<String>,
    /// Nothing is known about the value (a parameter, a call's result).
    opaque: bool,
}

impl Piece {
    fn literal(text: String) -> Piece {
        Piece {
            text,
            how: None,
            opaque: false,
        }
    }

    fn opaque() -> Piece {
        Piece {
            text: String::new(),
            how: None,
            opaque: true,
        }
    }

    fn add(&mut self, other: Piece) {
        self.text.push_str(&other.text);
        if self.how.is_none() {
            self.how = other.how;
        }
        self.opaque = false;
    }
}

/// Function names whose result is safe to paste into SQL: numbers, quoting, placeholder lists.
fn safe_call(callee: &str) -> bool {
    let last = callee.rsplit(['.', ':']).next().unwrap_or(callee).to_ascii_lowercase();
    matches!(
        last.as_str(),
        "int" | "float" | "len" | "bool" | "number" | "parseint" | "parsefloat" | "itoa" | "formatint" | "sprint"
    ) || last.contains("quote")
        || last.contains("escape")
        || last.contains("placeholder")
}

/// True for an interpolated or concatenated expression that cannot carry SQL: literals,
/// UPPER_CASE constants, placeholder lists, numeric casts, quoting helpers, `[…].join(…)` of
/// literals, and local variables only ever assigned such values.
fn safe_expr(ctx: &FileCtx<'_>, node: Node<'_>) -> bool {
    safe_expr_at(ctx, node, 0)
}

fn safe_expr_at(ctx: &FileCtx<'_>, node: Node<'_>, depth: usize) -> bool {
    if depth > 6 {
        return false;
    }
    let text = ctx.node_text(node).trim();
    let all_safe = |n: Node<'_>| {
        let mut c = n.walk();
        let kids: Vec<Node<'_>> = n.named_children(&mut c).filter(|k| k.kind() != "comment").collect();
        kids.into_iter().all(|k| safe_expr_at(ctx, k, depth + 1))
    };
    match node.kind() {
        "integer" | "float" | "int_literal" | "float_literal" | "number" | "true" | "false" | "none" | "null" | "nil" => true,
        "string" | "template_string" => {
            let mut c = node.walk();
            let subs: Vec<Node<'_>> = node
                .named_children(&mut c)
                .filter(|n| matches!(n.kind(), "interpolation" | "template_substitution"))
                .collect();
            subs.into_iter().all(|n| safe_expr_at(ctx, n, depth + 1))
        }
        "interpreted_string_literal" | "raw_string_literal" => true,
        "list" | "array" | "tuple" | "expression_list" => all_safe(node),
        "identifier" | "attribute" | "member_expression" | "selector_expression" => {
            let last = text.rsplit('.').next().unwrap_or(text);
            let constant = last.len() > 1
                && last.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                && last.chars().any(|c| c.is_ascii_uppercase());
            let lower = last.to_ascii_lowercase();
            if constant
                || lower.contains("placeholder")
                || matches!(
                    lower.as_str(),
                    "db_table" | "table_name" | "tablename" | "__tablename__" | "qmarks" | "marks"
                )
            {
                return true;
            }
            if node.kind() != "identifier" {
                return false;
            }
            let rhs = assignments(ctx, scope_of(node), text, node.start_byte());
            !rhs.is_empty() && rhs.into_iter().all(|r| safe_expr_at(ctx, r, depth + 1))
        }
        "call" | "call_expression" => {
            let Some(f) = node.child_by_field_name("function") else {
                return false;
            };
            let callee = ctx.node_text(f);
            if safe_call(callee) {
                return true;
            }
            if callee.ends_with("join") {
                if text.contains(['?', '%', '$']) {
                    return true;
                }
                // `['id', 'email'].join(', ')` / `", ".join(["a", "b"])`: literals only.
                let receiver = f.child_by_field_name("object").or_else(|| f.child_by_field_name("operand"));
                let args_ok = node.child_by_field_name("arguments").is_some_and(all_safe);
                return args_ok && receiver.is_some_and(|r| safe_expr_at(ctx, r, depth + 1));
            }
            false
        }
        "parenthesized_expression" => node.named_child(0).is_some_and(|n| safe_expr_at(ctx, n, depth + 1)),
        "interpolation" | "template_substitution" => {
            let mut c = node.walk();
            let kids: Vec<Node<'_>> = node
                .named_children(&mut c)
                .filter(|n| !matches!(n.kind(), "format_specifier" | "type_conversion"))
                .collect();
            kids.into_iter().all(|n| safe_expr_at(ctx, n, depth + 1))
        }
        "argument_list" | "arguments" => all_safe(node),
        _ => false,
    }
}

/// The innermost function-like node around `node` (its scope for variable lookups), or the root.
fn scope_of<'t>(node: Node<'t>) -> Node<'t> {
    let mut cur = node;
    while let Some(p) = cur.parent() {
        if matches!(
            p.kind(),
            "function_definition"
                | "function_declaration"
                | "function_expression"
                | "arrow_function"
                | "method_definition"
                | "function"
                | "method_declaration"
                | "func_literal"
                | "generator_function_declaration"
        ) {
            return p;
        }
        cur = p;
    }
    cur
}

/// Right-hand sides assigned to `name` in `scope` before byte `before` (`=`, `+=`, `:=`, `var`).
fn assignments<'t>(ctx: &FileCtx<'_>, scope: Node<'t>, name: &str, before: usize) -> Vec<Node<'t>> {
    let mut out = vec![];
    // Subtrees that start at or after `before` cannot hold an earlier assignment: skip them whole.
    walk_tree_pruned(scope, |n| {
        if n.start_byte() >= before {
            return false;
        }
        let (l, r) = match n.kind() {
            "assignment" | "augmented_assignment" | "assignment_expression" | "augmented_assignment_expression" => {
                (n.child_by_field_name("left"), n.child_by_field_name("right"))
            }
            "variable_declarator" => (n.child_by_field_name("name"), n.child_by_field_name("value")),
            "short_var_declaration" | "assignment_statement" => (n.child_by_field_name("left"), n.child_by_field_name("right")),
            "var_spec" => (n.child_by_field_name("name"), n.child_by_field_name("value")),
            _ => (None, None),
        };
        let (Some(l), Some(r)) = (l, r) else { return true };
        let single = |x: Node<'t>| -> Option<Node<'t>> {
            if x.kind() == "expression_list" {
                let mut c = x.walk();
                let kids: Vec<Node<'t>> = x.named_children(&mut c).collect();
                (kids.len() == 1).then(|| kids[0])
            } else {
                Some(x)
            }
        };
        if let (Some(l), Some(r)) = (single(l), single(r))
            && ctx.node_text(l) == name
        {
            out.push(r);
        }
        true
    });
    out
}

/// Analyses an expression that becomes SQL text.
fn analyze(ctx: &FileCtx<'_>, node: Node<'_>, depth: usize) -> Piece {
    if depth > 4 {
        return Piece::opaque();
    }
    match node.kind() {
        "string" | "template_string" => {
            let mut c = node.walk();
            let subs: Vec<Node<'_>> = node
                .named_children(&mut c)
                .filter(|n| matches!(n.kind(), "interpolation" | "template_substitution"))
                .collect();
            if subs.is_empty() {
                return Piece::literal(string_value(ctx.node_text(node)).unwrap_or_default());
            }
            let mut text = String::new();
            let mut c = node.walk();
            for ch in node.named_children(&mut c) {
                match ch.kind() {
                    "string_content" | "string_fragment" => text.push_str(ctx.node_text(ch)),
                    "interpolation" | "template_substitution" => text.push('?'),
                    _ => {}
                }
            }
            let unsafe_sub = subs.iter().any(|s| !safe_expr(ctx, *s));
            let how = if node.kind() == "template_string" {
                "a template literal"
            } else {
                "an f-string"
            };
            Piece {
                text,
                how: unsafe_sub.then(|| how.to_string()),
                opaque: false,
            }
        }
        "interpreted_string_literal" | "raw_string_literal" => Piece::literal(string_value(ctx.node_text(node)).unwrap_or_default()),
        "concatenated_string" => {
            let mut p = Piece::literal(String::new());
            let mut c = node.walk();
            for ch in node.named_children(&mut c) {
                p.add(analyze(ctx, ch, depth + 1));
            }
            p
        }
        "parenthesized_expression" | "expression_list" => match node.named_child(0) {
            Some(n) if node.named_child_count() == 1 => analyze(ctx, n, depth + 1),
            _ => Piece::opaque(),
        },
        "binary_operator" | "binary_expression" => {
            let op = node.child_by_field_name("operator").map(|o| ctx.node_text(o)).unwrap_or("");
            let (Some(l), Some(r)) = (node.child_by_field_name("left"), node.child_by_field_name("right")) else {
                return Piece::opaque();
            };
            match op {
                "%" => {
                    let left = analyze(ctx, l, depth + 1);
                    if left.opaque {
                        return Piece::opaque();
                    }
                    let safe = match r.kind() {
                        "tuple" | "list" => {
                            let mut c = r.walk();
                            r.named_children(&mut c).all(|n| safe_expr(ctx, n))
                        }
                        _ => safe_expr(ctx, r),
                    };
                    Piece {
                        how: left.how.or_else(|| (!safe).then(|| "%-formatting".to_string())),
                        text: left.text,
                        opaque: false,
                    }
                }
                "+" => {
                    let a = analyze(ctx, l, depth + 1);
                    let b = analyze(ctx, r, depth + 1);
                    if a.opaque && b.opaque {
                        return Piece::opaque();
                    }
                    let mut out = Piece::literal(String::new());
                    for (p, n) in [(a, l), (b, r)] {
                        if p.opaque {
                            out.text.push('?');
                            if !safe_expr(ctx, n) && out.how.is_none() {
                                out.how = Some("string concatenation".to_string());
                            }
                        } else {
                            out.add(p);
                        }
                    }
                    out
                }
                _ => Piece::opaque(),
            }
        }
        "call" | "call_expression" => {
            let Some(f) = node.child_by_field_name("function") else {
                return Piece::opaque();
            };
            let callee: String = ctx.node_text(f).chars().filter(|c| !c.is_whitespace()).collect();
            let Some(args) = node.child_by_field_name("arguments") else {
                return Piece::opaque();
            };
            let mut c = args.walk();
            let argv: Vec<Node<'_>> = args.named_children(&mut c).filter(|n| n.kind() != "comment").collect();
            if callee == "fmt.Sprintf" {
                let Some(fmt) = argv.first() else { return Piece::opaque() };
                let format = analyze(ctx, *fmt, depth + 1);
                if format.opaque {
                    return Piece::opaque();
                }
                let verbs: Vec<&str> = format.text.match_indices('%').map(|(i, _)| &format.text[i..]).collect();
                let only_ints = !verbs.is_empty() && verbs.iter().all(|v| v.starts_with("%d") || v.starts_with("%%"));
                let unsafe_arg = argv.iter().skip(1).any(|a| !safe_expr(ctx, *a));
                return Piece {
                    how: format.how.or_else(|| (unsafe_arg && !only_ints).then(|| "fmt.Sprintf".to_string())),
                    text: format.text,
                    opaque: false,
                };
            }
            // Python `"…".format(x)`.
            if f.kind() == "attribute"
                && f.child_by_field_name("attribute").is_some_and(|a| ctx.node_text(a) == "format")
                && let Some(obj) = f.child_by_field_name("object")
            {
                let base = analyze(ctx, obj, depth + 1);
                if base.opaque {
                    return Piece::opaque();
                }
                let unsafe_arg = argv.iter().any(|a| {
                    let v = if a.kind() == "keyword_argument" {
                        a.child_by_field_name("value")
                    } else {
                        Some(*a)
                    };
                    v.is_some_and(|v| !safe_expr(ctx, v))
                });
                return Piece {
                    how: base.how.or_else(|| unsafe_arg.then(|| "str.format()".to_string())),
                    text: base.text,
                    opaque: false,
                };
            }
            Piece::opaque()
        }
        "identifier" => {
            let name = ctx.node_text(node);
            let rhs = assignments(ctx, scope_of(node), name, node.start_byte());
            if rhs.is_empty() {
                return Piece::opaque();
            }
            let mut p = Piece::literal(String::new());
            let mut any_known = false;
            for r in rhs {
                let piece = analyze(ctx, r, depth + 1);
                if piece.opaque {
                    // `q += user_input` on a known SQL string is concatenation too.
                    if any_known && !safe_expr(ctx, r) && p.how.is_none() {
                        p.how = Some("string concatenation".to_string());
                    }
                    continue;
                }
                any_known = true;
                p.add(piece);
            }
            if !any_known {
                return Piece::opaque();
            }
            if let Some(h) = p.how.take() {
                p.how = Some(format!("{h} (via `{name}`)"));
            }
            p
        }
        _ => Piece::opaque(),
    }
}

/// Which argument of a sink is the SQL, and how strict the SQL-text test is.
enum Sink {
    /// A driver call: the text must look like SQL.
    Query,
    /// A raw/unsafe escape hatch: any unsafe construct counts.
    Raw,
    /// A query-builder condition (`where(…)`): the text must look like a condition.
    Condition,
}

fn sink_of(lang: Lang, method: &str, is_member: bool) -> Option<Sink> {
    if lang == Lang::Python {
        return match method {
            "execute" | "executemany" | "executescript" | "exec_driver_sql" | "raw" | "mogrify" | "read_sql" | "read_sql_query"
            | "fetch" | "fetchrow" | "fetchval" | "RawSQL" => Some(Sink::Query),
            "text" => Some(Sink::Query),
            _ => None,
        };
    }
    if lang.is_js_family() {
        return match method {
            "query" | "execute" | "raw" if is_member => Some(Sink::Query),
            "$queryRawUnsafe" | "$executeRawUnsafe" | "unsafe" | "whereRaw" | "orWhereRaw" | "andWhereRaw" | "havingRaw" | "orderByRaw"
            | "joinRaw" | "selectRaw" | "fromRaw" => Some(Sink::Raw),
            "where" | "andWhere" | "orWhere" | "having" if is_member => Some(Sink::Condition),
            _ => None,
        };
    }
    if lang == Lang::Go && is_member {
        return match method {
            "Query" | "QueryRow" | "Exec" | "QueryContext" | "QueryRowContext" | "ExecContext" | "Queryx" | "QueryRowx"
            | "QueryxContext" | "QueryRowxContext" | "MustExec" | "MustExecContext" | "Select" | "Get" | "SelectContext" | "GetContext"
            | "Raw" | "Prepare" | "PrepareContext" | "NamedExec" | "NamedQuery" => Some(Sink::Query),
            "Where" | "Order" | "Having" | "Joins" => Some(Sink::Condition),
            _ => None,
        };
    }
    None
}

/// Every name [`sink_of`] accepts, per language family.
const PY_SINKS: &[&str] = &[
    "execute",
    "executemany",
    "executescript",
    "exec_driver_sql",
    "raw",
    "mogrify",
    "read_sql",
    "read_sql_query",
    "fetch",
    "fetchrow",
    "fetchval",
    "RawSQL",
    "text",
];
const JS_SINKS: &[&str] = &[
    "query",
    "execute",
    "raw",
    "$queryRawUnsafe",
    "$executeRawUnsafe",
    "unsafe",
    "whereRaw",
    "orWhereRaw",
    "andWhereRaw",
    "havingRaw",
    "orderByRaw",
    "joinRaw",
    "selectRaw",
    "fromRaw",
    "where",
    "andWhere",
    "orWhere",
    "having",
];
const GO_SINKS: &[&str] = &[
    "Query",
    "QueryRow",
    "Exec",
    "QueryContext",
    "QueryRowContext",
    "ExecContext",
    "Queryx",
    "QueryRowx",
    "QueryxContext",
    "QueryRowxContext",
    "MustExec",
    "MustExecContext",
    "Select",
    "Get",
    "SelectContext",
    "GetContext",
    "Raw",
    "Prepare",
    "PrepareContext",
    "NamedExec",
    "NamedQuery",
    "Where",
    "Order",
    "Having",
    "Joins",
];

/// A sink name as a whole identifier (`$` is an identifier character in JS) that is called: what
/// follows it, after spaces, opens the arguments (`(`), or may come before them (`?.`, type
/// arguments `<…>`/`[…]`, a comment, a line continuation). Prose (`// Get the user`) does not pass.
///
/// That the name is not the end of a longer identifier is checked on the byte before each match,
/// not by the regex: a pattern that starts with its names is searched for them as literals, where
/// one that starts with "a non-identifier character" runs its automaton over every byte. A call
/// right after another's opener (`f(execute(`) is found too, which a consuming prefix would miss.
struct SinkPattern {
    calls: Regex,
    /// Whether `$` continues an identifier (JavaScript).
    dollar: bool,
}

impl SinkPattern {
    fn new(names: &[&str], dollar: bool) -> SinkPattern {
        let alts: Vec<String> = names.iter().map(|n| regex::escape(n)).collect();
        SinkPattern {
            calls: Regex::new(&format!(r"(?:{})\s*(?:\(|\?\.|<|\[|#|//|/\*|\\)", alts.join("|"))).expect("sink pattern"),
            dollar,
        }
    }

    /// The sink calls in `text`, each from its name to its opener.
    fn find_iter<'s, 't>(&'s self, text: &'t str) -> impl Iterator<Item = regex::Match<'t>> + use<'s, 't> {
        let b = text.as_bytes();
        self.calls.find_iter(text).filter(move |m| {
            !m.start()
                .checked_sub(1)
                .is_some_and(|p| b[p].is_ascii_alphanumeric() || b[p] == b'_' || (self.dollar && b[p] == b'$'))
        })
    }

    fn is_match(&self, text: &str) -> bool {
        self.find_iter(text).next().is_some()
    }
}

static PY_SINK: LazyLock<SinkPattern> = LazyLock::new(|| SinkPattern::new(PY_SINKS, false));
static JS_SINK: LazyLock<SinkPattern> = LazyLock::new(|| SinkPattern::new(JS_SINKS, true));
static GO_SINK: LazyLock<SinkPattern> = LazyLock::new(|| SinkPattern::new(GO_SINKS, false));

/// Whether a file can hold a sink call: a finding needs a call whose method name is one of the
/// sinks, and that name is a whole identifier in the file, so a file without one is not parsed.
fn mentions_sink(text: &str, lang: Lang) -> bool {
    match lang {
        Lang::Python => PY_SINK.is_match(text),
        l if l.is_js_family() => JS_SINK.is_match(text),
        Lang::Go => GO_SINK.is_match(text),
        _ => false,
    }
}

/// Whether some sink call in a Python or JS/TS file can carry built SQL. [`tree_hits`] judges
/// only the first positional argument there, and one plain string literal (no `f` prefix, no
/// `${`) followed by `,` or `)` is never built: `execute("SELECT … %s", (x,))` is the
/// parameterised call most files make, and a file whose every sink call looks like that is not
/// parsed. Anything this cannot read (a comment or type arguments before `(`, a keyword argument,
/// implicit concatenation, an unterminated literal) counts as a possible finding, and so does a
/// call inside a string or comment: an f-string or template can hold one.
fn sink_may_build_sql(text: &str, sink: &SinkPattern) -> bool {
    let b = text.as_bytes();
    sink.find_iter(text).any(|m| {
        let open = m.end() - 1;
        if b[open] != b'(' {
            return true;
        }
        let i = skip_gap(b, m.end());
        if i >= b.len() {
            return true;
        }
        if b[i] == b')' {
            return false;
        }
        let mut q = i;
        while q < b.len() && q - i < 2 && matches!(b[q], b'r' | b'R' | b'b' | b'B' | b'u' | b'U') {
            q += 1;
        }
        let Some(end) = plain_literal_end(b, q) else { return true };
        let next = skip_gap(b, end);
        !(next < b.len() && matches!(b[next], b',' | b')'))
    })
}

/// Longest argument list [`go_sink_may_build_sql`] reads; a longer one counts as a possible
/// finding.
const GO_ARGS_WINDOW: usize = 4096;

/// Whether some Go sink call can carry built SQL. [`tree_hits`] judges a call's first three
/// arguments, and [`analyze`] finds a Go argument built only through `fmt.Sprintf`, `+` or `%`,
/// or a variable assigned in its function from such a thing, a string or another variable. So a
/// call can be ruled out when each of its first three arguments is none of those: a literal, a
/// field, another call, or a variable whose every assignment in the file is from something else
/// (`ctx := r.Context()`, `id := chi.URLParam(r, "id")`). A sink name in a string or comment is not
/// a call. Anything this cannot read (no `(` after the name, an argument list it cannot close)
/// counts as a possible finding.
fn go_sink_may_build_sql(file: &FileCtx<'_>) -> bool {
    let b = file.text.as_bytes();
    let mut assigned: BTreeMap<&str, bool> = BTreeMap::new();
    GO_SINK.find_iter(file.text).any(|m| {
        let name = m.start();
        if !file.in_code(name) {
            return false;
        }
        // Sinks are methods (`db.Query(`, the dot possibly on the line before).
        match file.text[..name].trim_end().chars().next_back() {
            Some('.') => {}
            Some('/') => return true,
            _ => return false,
        }
        let mut open = m.end() - 1;
        if b[open] == b'[' {
            // Type arguments (`db.Get[User](…)`), or a field's slice type (`Order []string`).
            let Some(close) = go_closing(file, open) else { return true };
            open = close + 1 + file.text[close + 1..].len() - file.text[close + 1..].trim_start().len();
            if b.get(open) != Some(&b'(') {
                return false;
            }
        } else if b[open] != b'(' {
            return true;
        }
        let Some(args) = go_call_args(file, open) else { return true };
        args.into_iter().take(3).any(|arg| {
            let text = file.text[arg.clone()].trim();
            // A comment among the arguments is not one of them: what it hides is not read here.
            if ["Sprintf", "//", "/*"].iter().any(|w| text.contains(w))
                || arg.clone().any(|i| matches!(b[i], b'+' | b'%') && file.in_code(i))
            {
                return true;
            }
            let mut inner = text;
            while let Some(x) = inner.strip_prefix('(').and_then(|x| x.strip_suffix(')')) {
                inner = x.trim();
            }
            is_go_identifier(inner) && *assigned.entry(inner).or_insert_with(|| go_may_assign_built(file, inner))
        })
    })
}

/// The byte ranges of the top-level arguments of the call whose `(` is at `open`; `None` when
/// the list does not close within [`GO_ARGS_WINDOW`] bytes.
fn go_call_args(file: &FileCtx<'_>, open: usize) -> Option<Vec<std::ops::Range<usize>>> {
    let mut start = open + 1;
    let mut out = vec![];
    let close = go_scan_group(file, open, |i| {
        out.push(start..i);
        start = i + 1;
    })?;
    out.push(start..close);
    Some(out)
}

/// Where the bracket opened at `open` closes, within [`GO_ARGS_WINDOW`] bytes of code.
fn go_closing(file: &FileCtx<'_>, open: usize) -> Option<usize> {
    go_scan_group(file, open, |_| {})
}

/// Scans the bracketed group opened at `open` (strings and comments skipped), calling `comma`
/// at each top-level `,`; returns where it closes.
fn go_scan_group(file: &FileCtx<'_>, open: usize, mut comma: impl FnMut(usize)) -> Option<usize> {
    let b = file.text.as_bytes();
    let mut depth = 0usize;
    let end = b.len().min(open + GO_ARGS_WINDOW);
    for (i, &c) in b.iter().enumerate().take(end).skip(open + 1) {
        if !file.in_code(i) {
            continue;
        }
        match c {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' | b']' | b'}' => return Some(i),
            b',' if depth == 0 => comma(i),
            _ => {}
        }
    }
    None
}

/// Whether the `=` at `i` ends an assignment operator (`=`, `:=`, `+=`, `<<=`, …) rather than a
/// comparison (`==`, `!=`, `<=`, `>=`).
fn is_go_assignment(b: &[u8], i: usize) -> bool {
    if b[i] != b'=' || b.get(i + 1) == Some(&b'=') {
        return false;
    }
    match i.checked_sub(1).map(|p| b[p]) {
        Some(b'=' | b'!') => false,
        Some(c @ (b'<' | b'>')) => i >= 2 && b[i - 2] == c,
        _ => true,
    }
}

fn is_go_identifier(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_alphabetic() || c == '_') && s.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// Whether the file may assign `name` something [`analyze`] can read as a string: on some line
/// of code where `name` comes before a `=`, what follows the `=` on that line is empty (the value
/// is on the next line), starts with a quote, a parenthesis or an identifier alone, or holds
/// `Sprintf`, `+` or `%`.
fn go_may_assign_built(file: &FileCtx<'_>, name: &str) -> bool {
    let b = file.text.as_bytes();
    memchr::memmem::find_iter(b, name.as_bytes()).any(|at| {
        let end = at + name.len();
        let whole = !file.text[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !file.text[end..].chars().next().is_some_and(|c| c.is_alphanumeric() || c == '_');
        if !whole || !file.in_code(at) {
            return false;
        }
        let line_end = memchr::memchr(b'\n', &b[end..]).map_or(b.len(), |i| end + i);
        let Some(eq) = (end..line_end).find(|&i| is_go_assignment(b, i) && file.in_code(i)) else {
            return false;
        };
        let rhs = file.text[eq + 1..line_end].trim();
        let rhs = rhs.split("//").next().unwrap_or(rhs).trim();
        rhs.is_empty()
            || rhs.starts_with(['"', '`', '(', '\''])
            || rhs.contains("Sprintf")
            || rhs.contains(['+', '%'])
            || is_go_identifier(rhs)
    })
}

/// Past spaces, line continuations and comments (`#`, `//`, `/* */`) from `i`.
fn skip_gap(b: &[u8], mut i: usize) -> usize {
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'\\') {
            i += 1;
        }
        if b[i..].starts_with(b"#") || b[i..].starts_with(b"//") {
            i = b[i..].iter().position(|&c| c == b'\n').map_or(b.len(), |p| i + p);
        } else if b[i..].starts_with(b"/*") {
            i = b[i + 2..].windows(2).position(|w| w == b"*/").map_or(b.len(), |p| i + 2 + p + 2);
        } else {
            return i;
        }
    }
}

/// The end of a string literal without interpolation starting at `i` (`"…"`, `'…'`, `\"\"\"…\"\"\"`,
/// a backtick string without `${`), or `None` when there is none.
fn plain_literal_end(b: &[u8], i: usize) -> Option<usize> {
    let quote = *b.get(i)?;
    if !matches!(quote, b'"' | b'\'' | b'`') {
        return None;
    }
    let triple = b[i..].starts_with(&[quote; 3]);
    let mut j = i + if triple { 3 } else { 1 };
    while j < b.len() {
        match b[j] {
            b'\\' => j += 2,
            b'\n' if !triple && quote != b'`' => return None,
            b'$' if quote == b'`' && b.get(j + 1) == Some(&b'{') => return None,
            c if c == quote && (!triple || b[j..].starts_with(&[quote; 3])) => return Some(j + if triple { 3 } else { 1 }),
            _ => j += 1,
        }
    }
    None
}

fn tree_hits(ctx: &FileCtx<'_>, lang: Lang, hits: &mut Vec<Hit>) {
    let Some(tree) = ctx.tree() else { return };
    walk_tree(tree.root_node(), |node| {
        if !matches!(node.kind(), "call" | "call_expression") {
            return;
        }
        let Some(f) = node.child_by_field_name("function") else { return };
        let (method, is_member) = match f.kind() {
            "attribute" => (f.child_by_field_name("attribute"), true),
            "member_expression" => (f.child_by_field_name("property"), true),
            "selector_expression" => (f.child_by_field_name("field"), true),
            "identifier" => (Some(f), false),
            _ => (None, false),
        };
        let Some(method) = method.map(|m| ctx.node_text(m)) else { return };
        // A bare `text(...)` is SQLAlchemy only when imported from it.
        if lang == Lang::Python && method == "text" && !is_member && !ctx.contains("sqlalchemy") {
            return;
        }
        let Some(sink) = sink_of(lang, method, is_member) else { return };
        let Some(args) = node.child_by_field_name("arguments") else {
            return;
        };
        if args.kind() != "argument_list" && args.kind() != "arguments" {
            // A tagged template (`sql\`…\``, Prisma `$queryRaw\`…\``) binds its values.
            return;
        }
        let mut c = args.walk();
        let argv: Vec<Node<'_>> = args
            .named_children(&mut c)
            .filter(|n| !matches!(n.kind(), "comment" | "keyword_argument"))
            .take(3)
            .collect();
        let candidates: &[Node<'_>] = if lang == Lang::Go { &argv } else { &argv[..argv.len().min(1)] };
        for arg in candidates {
            let piece = analyze(ctx, *arg, 0);
            if piece.opaque {
                continue;
            }
            let relevant = match sink {
                Sink::Query => SQL_TEXT.is_match(&piece.text),
                Sink::Raw => true,
                Sink::Condition => CONDITION.is_match(&piece.text),
            };
            if !relevant {
                continue;
            }
            if let Some(how) = piece.how {
                hits.push(ctx.finding_at(node.start_byte(), format!("SQL built with {how} is passed to `{method}`")));
            }
            break;
        }
    });
}

/// Rust: `format!` SQL into sqlx/diesel/postgres/rusqlite calls.
struct RustSql {
    /// `let` bindings to `format!` SQL in the current function: name → (line of the let).
    bound: BTreeMap<String, usize>,
    hits: Vec<(usize, usize, String)>,
}

/// The format string of a `format!` macro, if the macro interpolates anything.
fn format_sql(mac: &syn::Macro) -> Option<String> {
    if !mac.path.is_ident("format") {
        return None;
    }
    let mut tokens = mac.tokens.clone().into_iter();
    let first = tokens.next()?;
    let proc_macro2::TokenTree::Literal(lit) = first else { return None };
    let syn::Lit::Str(s) = syn::Lit::new(lit) else { return None };
    let fmt = s.value();
    let has_args = tokens.next().is_some();
    let inline = fmt.replace("{{", "").contains('{');
    (has_args || inline).then_some(fmt).filter(|f| SQL_TEXT.is_match(f))
}

/// `format!(…)`, `&format!(…)`, `format!(…).as_str()` → the format string.
fn format_arg(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Macro(m) => format_sql(&m.mac),
        syn::Expr::Reference(r) => format_arg(&r.expr),
        syn::Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "as_str" | "as_ref") => format_arg(&m.receiver),
        syn::Expr::Paren(p) => format_arg(&p.expr),
        _ => None,
    }
}

/// `q`, `&q`, `q.as_str()` → `q`.
fn var_arg(expr: &syn::Expr) -> Option<String> {
    match expr {
        syn::Expr::Path(p) => p.path.get_ident().map(|i| i.to_string()),
        syn::Expr::Reference(r) => var_arg(&r.expr),
        syn::Expr::MethodCall(m) if matches!(m.method.to_string().as_str(), "as_str" | "as_ref") => var_arg(&m.receiver),
        _ => None,
    }
}

impl RustSql {
    fn check(&mut self, sink: &str, arg: Option<&syn::Expr>, line: usize, column: usize) {
        let Some(arg) = arg else { return };
        if format_arg(arg).is_some() {
            self.hits
                .push((line, column, format!("SQL built with `format!` is passed to `{sink}`")));
        } else if let Some(v) = var_arg(arg)
            && self.bound.contains_key(&v)
        {
            self.hits
                .push((line, column, format!("SQL built with `format!` (via `{v}`) is passed to `{sink}`")));
        }
    }
}

impl<'ast> Visit<'ast> for RustSql {
    fn visit_item_fn(&mut self, f: &'ast syn::ItemFn) {
        let saved = std::mem::take(&mut self.bound);
        syn::visit::visit_item_fn(self, f);
        self.bound = saved;
    }

    fn visit_impl_item_fn(&mut self, f: &'ast syn::ImplItemFn) {
        let saved = std::mem::take(&mut self.bound);
        syn::visit::visit_impl_item_fn(self, f);
        self.bound = saved;
    }

    fn visit_local(&mut self, l: &'ast syn::Local) {
        let pat = match &l.pat {
            syn::Pat::Type(t) => &*t.pat,
            p => p,
        };
        if let (syn::Pat::Ident(id), Some(init)) = (pat, &l.init)
            && format_arg(&init.expr).is_some()
        {
            self.bound.insert(id.ident.to_string(), id.ident.span().start().line);
        }
        syn::visit::visit_local(self, l);
    }

    fn visit_expr_call(&mut self, c: &'ast syn::ExprCall) {
        if let syn::Expr::Path(p) = &*c.func
            && let Some(last) = p.path.segments.last()
        {
            let name = last.ident.to_string();
            if matches!(
                name.as_str(),
                "query" | "query_as" | "query_scalar" | "query_with" | "query_as_with" | "sql_query"
            ) {
                let start = last.ident.span().start();
                self.check(&name, c.args.first(), start.line, start.column + 1);
            }
        }
        syn::visit::visit_expr_call(self, c);
    }

    fn visit_expr_method_call(&mut self, m: &'ast syn::ExprMethodCall) {
        let name = m.method.to_string();
        if matches!(
            name.as_str(),
            "execute"
                | "query"
                | "query_one"
                | "query_opt"
                | "query_raw"
                | "batch_execute"
                | "simple_query"
                | "prepare"
                | "query_row"
                | "execute_batch"
                | "fetch_all"
                | "fetch_one"
        ) {
            let start = m.method.span().start();
            self.check(&name, m.args.first(), start.line, start.column + 1);
        }
        syn::visit::visit_expr_method_call(self, m);
    }
}

pub struct SqlInjection {
    meta: RuleMeta,
}

impl SqlInjection {
    pub fn new() -> SqlInjection {
        SqlInjection {
            meta: RuleMeta {
                id: "sql-injection".into(),
                category: Category::Security,
                severity: Severity::Critical,
                title: "No SQL built from interpolated strings".into(),
                rationale: "A value pasted into SQL text becomes SQL: a crafted input reads, changes or deletes any row. \
                            Drivers bind parameters separately from the statement; building the string defeats that."
                    .into(),
                detection: "On syntax trees of shipped code (not tests or migrations): SQL-looking text (SELECT … FROM, \
                            INSERT INTO, UPDATE … SET, DELETE FROM, WHERE x =, ORDER BY, …) built with Python f-strings, \
                            %-formatting, .format() or concatenation and passed to execute/executemany/raw/text()/fetch*; \
                            JS/TS template literals with ${} or concatenation passed to query/execute/raw, \
                            $queryRawUnsafe/$executeRawUnsafe, knex *Raw and TypeORM where(); Go fmt.Sprintf or \
                            concatenation passed to Query/QueryRow/Exec(/Context), sqlx Select/Get, gorm Raw/Where; Rust \
                            format! passed to sqlx::query/query_as, diesel sql_query, .execute/.query. Variables built \
                            that way in the same function count. Parameterised calls, sqlx::query! and tagged templates \
                            ($queryRaw`…`) are safe; interpolated UPPER_CASE constants, int() casts and placeholder \
                            lists are ignored."
                    .into(),
                applies_to: vec!["db".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "python".into(),
                        snippet: "cursor.execute(\"SELECT * FROM users WHERE email = %s\", (email,))".into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "from sqlalchemy import text\n\
                                  db.execute(text(\"SELECT * FROM users WHERE email = :email\"), {\"email\": email})"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "User.objects.raw(\"SELECT * FROM auth_user WHERE email = %s\", [email])\n\
                                  # better: User.objects.filter(email=email)"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "await pool.query('SELECT * FROM users WHERE email = $1', [email]);".into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "await this.prisma.$queryRaw`SELECT * FROM users WHERE email = ${email}`; // tagged: bound".into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "row := db.QueryRowContext(ctx, \"SELECT id FROM users WHERE email = $1\", email)".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "sqlx::query_as::<_, User>(\"SELECT * FROM users WHERE email = $1\")\n    \
                                  .bind(&email)\n    .fetch_one(&pool).await?;"
                            .into(),
                    },
                ],
                effort_hours: 2.0,
                pass_message: "no SQL built from interpolated strings".into(),
                fail_message: "SQL is built from interpolated strings".into(),
            },
        }
    }
}

impl Rule for SqlInjection {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        // The SQL-word gate's bitmap half first; its regex, which reads the file, after the
        // cheaper checks below.
        if info.role != Role::Source || !file.may_match(GATE.literals()) {
            return;
        }
        if info
            .path
            .split('/')
            .any(|c| matches!(c, "migrations" | "migration" | "alembic" | "seeds" | "seeders"))
        {
            return;
        }
        let Some(lang) = info.lang else { return };
        match lang {
            Lang::Rust => {
                if !file.contains("format!") || !file.is_match(&GATE) {
                    return;
                }
                let Some(ast) = file.rust_ast() else { return };
                let mut v = RustSql {
                    bound: BTreeMap::new(),
                    hits: vec![],
                };
                v.visit_file(ast);
                for (line, col, msg) in v.hits {
                    hits.push(file.finding_at_line(line, col, msg));
                }
            }
            Lang::Java => {}
            _ if !mentions_sink(file.text, lang) || !file.is_match(&GATE) || !sql_in_text(file) => {}
            Lang::Python if !sink_may_build_sql(file.text, &PY_SINK) => {}
            Lang::Go if !go_sink_may_build_sql(file) => {}
            l if l.is_js_family() && !sink_may_build_sql(file.text, &JS_SINK) => {}
            _ => tree_hits(file, lang, hits),
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        Outcome::fail(format!("{} query(ies) built from interpolated strings", findings.len()), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_calls_whose_first_argument_is_one_plain_literal_are_ruled_out() {
        for safe in [
            "cursor.execute(\"SELECT id FROM t WHERE id = %s\", (x,))\n",
            "cursor.execute(  # by id\n    'SELECT 1',\n)\n",
            "db.execute(r\"SELECT 1\")\ncursor.execute()\n",
            "db.execute(\"\"\"\nSELECT *\nFROM t WHERE a = %s\n\"\"\", [a])\n",
            "print('no sink here')\n",
        ] {
            assert!(!sink_may_build_sql(safe, &PY_SINK), "{safe}");
        }
        for built in [
            "cursor.execute(f\"SELECT {x}\")\n",
            "cursor.execute(q)\n",
            "cursor.execute(\"SELECT \" + x)\n",
            "cursor.execute(\"SELECT %s\" % x)\n",
            "cursor.execute(\"SELECT {}\".format(x))\n",
            "cursor.execute(\"SELECT \" \"FROM t\")\n",
            "cursor.execute(text(f\"SELECT {x}\"))\n",
            "cursor.execute(sql=q)\n",
            "cursor.execute  # why\n(q)\n",
            "cursor.execute(\"unterminated\n",
        ] {
            assert!(sink_may_build_sql(built, &PY_SINK), "{built}");
        }
        assert!(!sink_may_build_sql("await pool.query('SELECT 1 WHERE a = $1', [a]);\n", &JS_SINK));
        assert!(!sink_may_build_sql("await pool.query(`SELECT 1`, [a]);\n", &JS_SINK));
        assert!(sink_may_build_sql("await pool.query(`SELECT ${a}`);\n", &JS_SINK));
        assert!(sink_may_build_sql("await pool.query('SELECT ' + a);\n", &JS_SINK));
        assert!(sink_may_build_sql("await pool.query<Row>('SELECT 1');\n", &JS_SINK));
        assert!(sink_may_build_sql("const s = `${await db.query(q)}`;\n", &JS_SINK));
    }

    #[test]
    fn every_sink_is_found_by_the_gate_and_only_as_a_whole_name() {
        // Every name `sink_of` takes, from the lists, in every language it knows: a call to it
        // passes the gate, the same letters inside a longer name do not.
        let all: Vec<&str> = PY_SINKS.iter().chain(JS_SINKS).chain(GO_SINKS).copied().collect();
        for lang in [Lang::Python, Lang::JavaScript, Lang::TypeScript, Lang::Tsx, Lang::Go] {
            for name in &all {
                for member in [true, false] {
                    if sink_of(lang, name, member).is_some() {
                        for text in [format!("db.{name}(q)"), format!("{name}(q)"), format!("x = db.\n  {name}\n(q)")] {
                            assert!(mentions_sink(&text, lang), "{lang:?} {text}");
                        }
                    }
                }
            }
        }
        assert!(!mentions_sink("fetch_user(1); prefetch(); raw_data", Lang::Python));
        assert!(!mentions_sink("OrderItem{}; GetUser()", Lang::Go));
        assert!(!mentions_sink("// Get the raw rows\nx := r.Order", Lang::Go));
        for text in [
            "db.query<User>(sql)",
            "db.query?.(sql)",
            "db.query /* c */ (sql)",
            "db.query\n  (sql)",
        ] {
            assert!(mentions_sink(text, Lang::TypeScript), "{text}");
        }
        assert!(mentions_sink("cur.execute \\\n  (q)", Lang::Python));
        assert!(mentions_sink("db.Get[T](ctx)", Lang::Go));
        assert!(!mentions_sink("$query(x)", Lang::JavaScript));
        assert!(mentions_sink("await prisma.$queryRawUnsafe(sql)", Lang::TypeScript));
    }

    #[test]
    fn go_calls_that_cannot_carry_built_sql_are_ruled_out() {
        let with = |text: &str, check: &dyn Fn(&FileCtx<'_>)| {
            let info = crate::engine::ctx::FileInfo::new("svc/db.go".into(), 0);
            check(&FileCtx::new(&info, text));
        };
        // Findings: the gate lets each through, and the tree does find it.
        for text in [
            "func f(id string) {\n\tdb.Query(fmt.Sprintf(\"SELECT * FROM t WHERE id = %s\", id))\n}",
            "func f(id string) {\n\tq := \"SELECT * FROM t WHERE id = \" + id\n\tdb.Query(q)\n}",
            "func f(id string) {\n\tq := \"DELETE FROM t WHERE id = \"\n\tq += id\n\tdb.Exec(q)\n}",
            "func f(id string) {\n\tdb.\n\t\tQueryContext(ctx, (\"DELETE FROM t WHERE id = \" + id))\n}",
            "func f(id string) {\n\tvar q string =\n\t\t\"SELECT a FROM t WHERE b = \" + id\n\tdb.Query(/* built */ q)\n}",
            "func f(id string) {\n\tbase := \"SELECT a FROM t WHERE b = \"\n\tq := base\n\tq += id\n\tdb.Select(&out, q)\n}",
        ] {
            with(text, &|ctx| {
                assert!(go_sink_may_build_sql(ctx), "{text}");
                let mut hits = vec![];
                tree_hits(ctx, Lang::Go, &mut hits);
                assert!(!hits.is_empty(), "no finding in {text}");
            });
        }
        // A generic call is read too, though the tree does not take it for a sink call today.
        with(
            "func f(id string) {\n\tdb.Get[Row](ctx, fmt.Sprintf(\"SELECT a FROM t WHERE b = %s\", id))\n}",
            &|ctx| {
                assert!(go_sink_may_build_sql(ctx));
            },
        );
        for text in [
            "func f(ctx context.Context, id string) {\n\tdb.QueryRow(ctx, \"SELECT a FROM t WHERE id = $1\", id)\n}",
            "func f(r *http.Request) {\n\tctx := r.Context()\n\tid := chi.URLParam(r, \"id\")\n\ts.store.Order(ctx, id)\n}",
            "type T struct {\n\tOrder []string `json:\"order\"`\n}",
            "// Query(q) runs the query\nvar doc = \"db.Exec(q + x)\"",
            "func f() {\n\tif id == \"\" || stmt != \"\" {\n\t\treturn\n\t}\n\tdb.Exec(ctx, stmt, id)\n}",
            "func f() {\n\tctx, cancel := context.WithTimeout(ctx, 5*time.Second)\n\tdb.Get(ctx, key)\n}",
            "func Query(q string) {}\nfunc g() { Query(\"x\" + y) }",
        ] {
            with(text, &|ctx| assert!(!go_sink_may_build_sql(ctx), "{text}"));
        }
    }

    #[test]
    fn sql_text_counts_only_inside_strings() {
        for (path, text, expected) in [
            ("app/db.py", "cur.execute(f\"SELECT * FROM t WHERE id = {i}\")", true),
            ("app/db.py", "q = 'delete from t where id=' + i", true),
            ("src/db.ts", "const q = `UPDATE t SET a = ${a}`;", true),
            ("app/db.py", "user.delete()\nupdate_user(x)\nrepo.select(a)", false),
        ] {
            let info = crate::engine::ctx::FileInfo::new(path.into(), 0);
            let ctx = FileCtx::new(&info, text);
            assert_eq!(sql_in_text(&ctx), expected, "{text}");
        }
    }
}
