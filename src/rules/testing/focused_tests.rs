//! `focused-tests`: no test is left focused.
//!
//! **Why**: `it.only(…)` or `fdescribe(…)` makes the runner skip every other test in the file (or
//! the run), while CI still reports green: one forgotten `.only` silently switches off the suite.
//!
//! **Fails**: a call to `it.only`, `describe.only`, `test.only`, `context.only`, `suite.only`,
//! `specify.only` (also `test.describe.only`, `it.concurrent.only`, `describe.only.each`), or
//! Jasmine/Jest's `fit(`, `fdescribe(`, `fcontext(` with a name and a test function, in a
//! JavaScript/TypeScript test file; one finding per call.
//!
//! **Passes**: none. Decided on the syntax tree, so `// it.only(` in a comment, `"it.only("` in a
//! string, and a `fit(points)` curve-fitting helper (imported or declared in the file, or called
//! without a test body) stay silent. This rule looks *at* test files on purpose; Python, Go and
//! Rust runners have no focus marker in code.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::walk_tree;
use regex::Regex;
use std::collections::HashSet;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Test functions that take `.only`.
const FOCUSABLE: &[&str] = &["it", "describe", "test", "context", "suite", "specify"];
/// Jasmine/Jest focused variants.
const FOCUSED_FNS: &[&str] = &["fit", "fdescribe", "fcontext"];

/// Files worth parsing: a `.only` or a focused call somewhere in the text.
static PREFILTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.\s*only\b|\b(?:fit|fdescribe|fcontext)\s*\(").expect("static regex"));

pub struct FocusedTests {
    meta: RuleMeta,
}

/// The dotted names of a callee (`test.describe.only` → [test, describe, only]); `None` for
/// anything but identifiers and property accesses.
fn chain<'a>(file: &FileCtx<'a>, node: Node<'_>) -> Option<Vec<&'a str>> {
    let mut names = vec![];
    let mut at = node;
    while at.kind() == "member_expression" {
        names.push(file.node_text(at.child_by_field_name("property")?));
        at = at.child_by_field_name("object")?;
    }
    if at.kind() != "identifier" {
        return None;
    }
    names.push(file.node_text(at));
    names.reverse();
    Some(names)
}

/// Names the file declares or imports itself (a local `fit` is not Jasmine's).
fn declared_names<'a>(file: &FileCtx<'a>, root: Node<'_>) -> HashSet<&'a str> {
    let mut names = HashSet::new();
    walk_tree(root, |n| {
        let id = match n.kind() {
            "import_specifier" => n.child_by_field_name("alias").or_else(|| n.child_by_field_name("name")),
            "function_declaration" | "variable_declarator" | "generator_function_declaration" => n.child_by_field_name("name"),
            "namespace_import" | "import_clause" => n.named_child(0).filter(|c| c.kind() == "identifier"),
            _ => None,
        };
        let Some(id) = id else { return };
        // `const { fit } = require(…)` and `const [fit] = …` bind names inside a pattern.
        walk_tree(id, |p| {
            if matches!(p.kind(), "identifier" | "shorthand_property_identifier_pattern") {
                names.insert(file.node_text(p));
            }
        });
    });
    names
}

/// True when a call's arguments look like a test: a name first, a function among them.
fn test_shaped(call: Node<'_>) -> bool {
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = args.walk();
    let list: Vec<Node<'_>> = args.named_children(&mut cursor).filter(|n| n.kind() != "comment").collect();
    let named_first = list.first().is_some_and(|a| matches!(a.kind(), "string" | "template_string"));
    let has_fn = list.iter().any(|a| {
        matches!(
            a.kind(),
            "arrow_function" | "function_expression" | "function" | "generator_function"
        )
    });
    named_first && has_fn
}

impl FocusedTests {
    pub fn new() -> FocusedTests {
        FocusedTests {
            meta: RuleMeta {
                id: "focused-tests".into(),
                category: Category::Testing,
                severity: Severity::High,
                title: "No focused tests (.only / fit)".into(),
                rationale: "A focused test (`it.only`, `describe.only`, `fit`) makes the runner skip every other test while \
                            CI still reports green: one forgotten `.only` silently switches off the suite."
                    .into(),
                detection: "Parses JavaScript/TypeScript test files and reports each call of it/describe/test/context/\
                            suite/specify with `.only` in its callee (it.only, describe.only.each, test.describe.only, \
                            it.concurrent.only) and each fit/fdescribe/fcontext call shaped like a test (a name, then a \
                            function) when the file does not declare or import that name itself. Comments and strings \
                            never match; shipped source is not looked at."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "javascript".into(),
                        snippet: "// drop .only before merging: it.only('charges the card', …) becomes\nit('charges the card', async () => { /* … */ });"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "jsonc".into(),
                        snippet: "// .eslintrc.json: block focused tests in review (eslint-plugin-jest / eslint-plugin-mocha)\n{\n  \"rules\": { \"jest/no-focused-tests\": \"error\", \"mocha/no-exclusive-tests\": \"error\" }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "bash".into(),
                        snippet: "# fail CI when a test is focused\nnpx jest --ci   # with eslint-plugin-jest's no-focused-tests in the lint step\nnpx mocha --forbid-only"
                            .into(),
                    },
                ],
                effort_hours: 0.25,
                pass_message: "no focused tests".into(),
                fail_message: "focused tests make the runner skip the rest of the suite".into(),
            },
        }
    }
}

impl Rule for FocusedTests {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if info.role != Role::Test || !info.lang.is_some_and(|l| l.is_js_family()) {
            return;
        }
        if !PREFILTER.is_match(file.text) {
            return;
        }
        let Some(tree) = file.tree() else { return };
        let root = tree.root_node();
        let mut declared: Option<HashSet<&str>> = None;
        let mut calls = vec![];
        walk_tree(root, |n| {
            if n.kind() == "call_expression" {
                calls.push(n);
            }
        });
        for call in calls {
            let Some(callee) = call.child_by_field_name("function") else {
                continue;
            };
            let Some(names) = chain(file, callee) else { continue };
            let focused = match names.as_slice() {
                [base, rest @ ..] if !rest.is_empty() => FOCUSABLE.contains(base) && rest.contains(&"only"),
                [single] if FOCUSED_FNS.contains(single) => {
                    test_shaped(call) && !declared.get_or_insert_with(|| declared_names(file, root)).contains(single)
                }
                _ => false,
            };
            if focused {
                let what = names.join(".");
                hits.push(file.finding_at(callee.start_byte(), format!("`{what}` makes the runner skip every other test")));
            }
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, _) = split_hits(hits);
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        let n = findings.len();
        Outcome::fail(format!("{n} focused test call(s) skip the rest of the suite"), findings)
    }
}
