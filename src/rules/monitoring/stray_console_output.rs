//! `stray-console-output`: shipped service code logs through the logger, not stdout.
//!
//! **Why**: `print()`/`console.log`/`fmt.Println`/`println!` bypass levels, structure and
//! redaction: the lines cannot be filtered or correlated, are often debugging leftovers that leak
//! data, and are lost or interleaved once the service runs behind a log collector.
//!
//! **Counts**: in shipped source of a service (no tests, examples, fixtures or vendored code):
//! Python `print(…)` (not `print(…, file=sys.stderr)`, not under `if __name__ == "__main__":`),
//! JavaScript/TypeScript `console.log`/`console.debug` (not `console.error`/`warn`/`info`),
//! Go `fmt.Println`/`fmt.Printf`/`fmt.Print`, Rust `println!`/`print!` (outside `#[cfg(test)]`
//! and `#[test]` code; `dbg!` belongs to `debug-leftovers`). Matches in comments and strings do
//! not count.
//!
//! **Skipped**: tool code that prints by design — files under `scripts/`, `script/`, `bin/`,
//! `tools/`, `migrations/`, `alembic/`, `seeds/`, `management/` (Django commands); `manage.py`, `setup.py`, `build.rs`,
//! `__main__.py`, `cli.*`, `*.config.*`; Python files importing argparse/click/typer; JS files
//! with a `#!` line or importing commander/yargs; Go files under `cmd/` that import no HTTP
//! server, or that import cobra/urfave-cli; Rust files using clap.
//!
//! **Graded**: credit = max(0, 1 − count / 20): full credit with none, none at 20 or more.
//!
//! **Fails**: `app.listen(3000, () => console.log('listening'))` → log with the logger instead.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity, Status};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::rust_test_ranges;
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Number of calls at which the credit reaches zero.
const ZERO_CREDIT_AT: f64 = 20.0;
/// Findings kept in the outcome; the message gives the total.
const MAX_FINDINGS: usize = 50;

static JS_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)console\s*\.\s*(log|debug)\s*\(").expect("static regex"));
static GO_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)fmt\s*\.\s*(Println|Printf|Print)\s*\(").expect("static regex"));
static RS_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)(println|print)!\s*[(\[{]").expect("static regex"));
static PY_CLI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*(?:import|from)\s+(?:argparse|click|typer)(?-u:\b)").expect("static regex"));
static JS_CLI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:require\(\s*|from\s+)['"](?:commander|yargs|yargs/yargs|meow|cac)['"]"#).expect("static regex"));
static GO_CLI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#""github\.com/(?:spf13/cobra|urfave/cli(?:/v\d)?)""#).expect("static regex"));
static GO_SERVER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#""net/http"|"github\.com/(?:gin-gonic/gin|labstack/echo[^"]*|go-chi/chi[^"]*|gofiber/fiber[^"]*|gorilla/mux)""#)
        .expect("static regex")
});
static RS_CLI: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)clap::|#\[derive\([^)]*(?-u:\b)Parser(?-u:\b)").expect("static regex"));

/// Directories whose code is tooling that prints by design.
const TOOL_DIRS: &[&str] = &["scripts", "script", "bin", "tools", "migrations", "alembic", "seeds", "management"];
/// File names that are tooling or build configuration.
const TOOL_FILES: &[&str] = &[
    "manage.py",
    "setup.py",
    "build.rs",
    "__main__.py",
    "conftest.py",
    "noxfile.py",
    "fabfile.py",
    "gulpfile.js",
    "gruntfile.js",
];

pub struct StrayConsoleOutput {
    meta: RuleMeta,
}

/// True for files that are tools, build scripts or configuration rather than service code.
fn is_tool_path(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    let Some((name, dirs)) = parts.split_last() else { return false };
    let lower = name.to_ascii_lowercase();
    if dirs.iter().any(|d| TOOL_DIRS.contains(&d.to_ascii_lowercase().as_str())) {
        return true;
    }
    if TOOL_FILES.contains(&lower.as_str()) {
        return true;
    }
    let stem = lower.split('.').next().unwrap_or("");
    stem == "cli" || lower.contains(".config.")
}

impl StrayConsoleOutput {
    pub fn new() -> StrayConsoleOutput {
        StrayConsoleOutput {
            meta: RuleMeta {
                id: "stray-console-output".into(),
                category: Category::Monitoring,
                severity: Severity::Low,
                title: "Production code logs through the logger".into(),
                rationale: "print()/console.log/fmt.Println/println! bypass log levels, structure and redaction: the \
                            lines cannot be filtered or correlated with a request, are often debugging leftovers that \
                            leak data, and get lost or interleaved behind a log collector."
                    .into(),
                detection: "Counts Python `print(…)` (not to stderr, not under `if __name__ == \"__main__\"`), \
                            `console.log`/`console.debug` (not error/warn/info), Go `fmt.Println`/`Printf`/`Print` and \
                            Rust `println!`/`print!` (outside #[cfg(test)] and #[test]) in shipped service source; \
                            tests, fixtures, comments and strings are ignored, and so is tooling that prints by design \
                            (scripts/, bin/, tools/, migrations/, alembic/, seeds/, Django management commands, manage.py, setup.py, \
                            build.rs, cli.*, *.config.*, files using argparse/click/typer, commander/yargs, cobra/urfave-cli \
                            or clap, and Go `cmd/` programs that start no HTTP server). \
                            Graded: credit = max(0, 1 − count / 20); full credit at 0, none at 20 or more."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "import logging\n\nlogger = logging.getLogger(__name__)\n\n\
                                  # print(f\"created order {order.id}\")\n\
                                  logger.info(\"order created\", extra={\"order_id\": order.id})"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "import logging\n\nlogger = logging.getLogger(__name__)\n\
                                  logger.info(\"order created\", extra={\"order_id\": order.pk})"
                            .into(),
                    },
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "const logger = require('pino')();\n\n\
                                  // console.log('listening on', port);\n\
                                  app.listen(port, () => logger.info({ port }, 'listening'));"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "private readonly logger = new Logger(OrdersService.name);\n\n\
                                  this.logger.log(`order ${order.id} created`);"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "// fmt.Printf(\"listening on %s\\n\", addr)\n\
                                  slog.Info(\"listening\", \"addr\", addr)"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "// println!(\"listening on {addr}\");\ntracing::info!(%addr, \"listening\");".into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Replace print/console.log calls in service code with the project's logger at the \
                                  right level (debug for diagnostics, info for events), or delete them."
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "no stray console output in shipped code".into(),
                fail_message: "shipped code prints to stdout instead of logging".into(),
            },
        }
    }
}

/// `print` called by its bare name: what the tree walk in [`scan_python`] looks for, before the
/// parse. Only spaces and line continuations can stand between a Python name and its `(`.
static PY_PRINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)print(?:\s|\\)*\(").expect("static regex"));

/// Where a Python file may call `print` by its bare name: `print` in prose, in a log message or
/// as `pprint`/`x.print` is not a candidate, and a file without one costs no parse. (Strings are
/// not skipped: an f-string can hold a call.)
fn print_candidates(text: &str) -> Vec<regex::Match<'_>> {
    PY_PRINT
        .find_iter(text)
        .filter(|m| !(m.start() > 0 && text.as_bytes()[m.start() - 1] == b'.'))
        .collect()
}

/// The `print(` calls of a Python file found without a parse, when the text settles them: with
/// no `__main__` guard and no `file=` in the file nothing excuses a call, so each bare
/// `print(` in code is a finding. `None` (parse instead) when some candidate is in a string or
/// comment (an f-string can hold a call) or has a line break before its `(`. `def print(` and
/// `class print(` define, they do not call.
fn print_calls_from_text(file: &FileCtx<'_>, candidates: &[regex::Match<'_>]) -> Option<Vec<usize>> {
    static FILE_ARG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)file(?:\s|\\)*=").expect("static regex"));
    if file.contains("__main__") || (file.contains("file") && FILE_ARG.is_match(file.text)) {
        return None;
    }
    let mut calls = vec![];
    for m in candidates {
        let at = m.start();
        let bare_break = m
            .as_str()
            .match_indices('\n')
            .any(|(i, _)| !m.as_str()[..i].trim_end_matches('\r').ends_with('\\'));
        if !file.in_code(at) || bare_break {
            return None;
        }
        let before = file.text[..at].trim_end_matches([' ', '\t']);
        let defines = ["def", "class"]
            .iter()
            .any(|k| before.ends_with(k) && !before[..before.len() - k.len()].ends_with(|c: char| c.is_alphanumeric() || c == '_'));
        if !defines {
            calls.push(at);
        }
    }
    Some(calls)
}

/// Python: `print(…)` calls that write to stdout, outside `__main__` blocks.
fn scan_python(file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
    if !file.contains("print") || PY_CLI.is_match(file.text) {
        return;
    }
    let candidates = print_candidates(file.text);
    if candidates.is_empty() {
        return;
    }
    if let Some(calls) = print_calls_from_text(file, &candidates) {
        for at in calls {
            hits.push(file.finding_at(at, "`print()` in shipped code; log through the logger"));
        }
        return;
    }
    let Some(tree) = file.tree() else { return };
    let mut calls = vec![];
    crate::rules::util::walk_tree(tree.root_node(), |n| {
        if n.kind() == "call"
            && let Some(f) = n.child_by_field_name("function")
            && f.kind() == "identifier"
            && file.node_text(f) == "print"
        {
            calls.push(n);
        }
    });
    for call in calls {
        if writes_elsewhere(file, call) || under_main_guard(file, call) {
            continue;
        }
        hits.push(file.finding_at(call.start_byte(), "`print()` in shipped code; log through the logger"));
    }
}

/// True when a Python `print` call has `file=` pointing somewhere other than stdout.
fn writes_elsewhere(file: &FileCtx<'_>, call: Node<'_>) -> bool {
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    let mut cursor = args.walk();
    for a in args.named_children(&mut cursor) {
        if a.kind() == "keyword_argument" && a.child_by_field_name("name").is_some_and(|n| file.node_text(n) == "file") {
            return a.child_by_field_name("value").is_none_or(|v| file.node_text(v) != "sys.stdout");
        }
    }
    false
}

/// True when a node sits under `if __name__ == "__main__":`.
fn under_main_guard(file: &FileCtx<'_>, node: Node<'_>) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if n.kind() == "if_statement"
            && let Some(cond) = n.child_by_field_name("condition")
        {
            let t = file.node_text(cond);
            if t.contains("__name__") && t.contains("__main__") {
                return true;
            }
        }
        cur = n.parent();
    }
    false
}

/// Regex matches in code (not comments or strings), as findings.
fn scan_regex(file: &FileCtx<'_>, re: &Regex, skip_lines: &[(usize, usize)], what: impl Fn(&str) -> String, hits: &mut Vec<Hit>) {
    for c in re.captures_iter(file.text) {
        let (Some(m), Some(name)) = (c.get(0), c.get(1)) else { continue };
        if !file.in_code(m.start()) {
            continue;
        }
        // `eprintln!`, `obj.console.log`, `myfmt.Println` are other things.
        if m.start() > 0 && matches!(file.text.as_bytes()[m.start() - 1], b'.' | b'_') {
            continue;
        }
        let (line, _) = file.line_col(m.start());
        if skip_lines.iter().any(|(s, e)| line >= *s && line <= *e) {
            continue;
        }
        hits.push(file.finding_at(m.start(), what(name.as_str())));
    }
}

impl Rule for StrayConsoleOutput {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source || is_tool_path(file.path()) {
            return;
        }
        let Some(lang) = file.lang() else { return };
        match lang {
            Lang::Python => scan_python(file, hits),
            l if l.is_js_family() => {
                if !file.contains("console") || file.text.starts_with("#!") || JS_CLI.is_match(file.text) {
                    return;
                }
                scan_regex(
                    file,
                    &JS_CALL,
                    &[],
                    |m| format!("`console.{m}` in shipped code; log through the logger"),
                    hits,
                );
            }
            Lang::Go => {
                if !file.contains("fmt") || GO_CLI.is_match(file.text) {
                    return;
                }
                let under_cmd = file.path().split('/').any(|d| d == "cmd");
                if under_cmd && !GO_SERVER.is_match(file.text) {
                    return;
                }
                scan_regex(
                    file,
                    &GO_CALL,
                    &[],
                    |m| format!("`fmt.{m}` in shipped code; log through the logger"),
                    hits,
                );
            }
            Lang::Rust => {
                if !file.contains("print") || RS_CLI.is_match(file.text) {
                    return;
                }
                if !RS_CALL.find_iter(file.text).any(|m| file.in_code(m.start())) {
                    return;
                }
                let mut skip = vec![];
                if file.contains("test")
                    && let Some(ast) = file.rust_ast()
                {
                    rust_test_ranges(&ast.items, &mut skip);
                }
                scan_regex(
                    file,
                    &RS_CALL,
                    &skip,
                    |m| format!("`{m}!` in shipped code; log through `tracing`/`log`"),
                    hits,
                );
            }
            _ => {}
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (mut findings, _) = split_hits(hits);
        let n = findings.len();
        if n == 0 {
            return Outcome::pass(self.meta.pass_message.clone(), vec![]);
        }
        findings.truncate(MAX_FINDINGS);
        let credit = (1.0 - n as f64 / ZERO_CREDIT_AT).max(0.0);
        Outcome {
            status: Status::Fail,
            credit,
            message: format!(
                "{n} print/console call{} in shipped code instead of the logger",
                if n == 1 { "" } else { "s" }
            ),
            findings,
            evidence: vec![],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_tool_path, print_calls_from_text, print_candidates};
    use crate::engine::ctx::{FileCtx, FileInfo};

    /// The `print` calls the tree finds (before the `__main__`/`file=` checks).
    fn tree_calls(file: &FileCtx<'_>) -> Vec<usize> {
        let mut calls = vec![];
        if let Some(tree) = file.tree() {
            crate::rules::util::walk_tree(tree.root_node(), |n| {
                if n.kind() == "call"
                    && let Some(f) = n.child_by_field_name("function")
                    && f.kind() == "identifier"
                    && file.node_text(f) == "print"
                {
                    calls.push(n.start_byte());
                }
            });
        }
        calls
    }

    #[test]
    fn print_calls_read_from_the_text_are_the_ones_the_tree_finds() {
        let settled = [
            "print('a')\nx = 1\n    print (x)\n",
            "def print(x):\n    pass\nclass print(Base):\n    pass\nprint(1)\n",
            "self.print(x)\npprint(x)\nreprint(x)\nprint_all(x)\n",
            "call(lambda: print(1), print \\\n(2))\n",
            "@print(1)\ndef f():\n    return [print(i) for i in x]\n",
        ];
        for text in settled {
            let info = FileInfo::new("app/x.py".into(), text.len() as u64);
            let file = FileCtx::new(&info, text);
            assert_eq!(
                print_calls_from_text(&file, &print_candidates(text)),
                Some(tree_calls(&file)),
                "{text}"
            );
        }
        let parse_instead = [
            "if __name__ == '__main__':\n    print(1)\n",
            "print(1, file=sys.stderr)\n",
            "x = f\"{print(1)}\"\n",
            "# print(x) below\nprint(x)\n",
            "(print\n(1))\n",
        ];
        for text in parse_instead {
            let info = FileInfo::new("app/x.py".into(), text.len() as u64);
            assert_eq!(
                print_calls_from_text(&FileCtx::new(&info, text), &print_candidates(text)),
                None,
                "{text}"
            );
        }
    }

    #[test]
    fn python_files_are_parsed_only_when_print_may_be_called() {
        for call in ["print(x)\n", "    print (x)\n", "print \\\n  (x)\n", "f\"{print(x)}\"\n"] {
            assert!(!print_candidates(call).is_empty(), "{call}");
        }
        for other in [
            "pprint(x)\n",
            "self.print(x)\n",
            "# print the report\n",
            "logger.info('print queue')\n",
            "print_report(x)\n",
        ] {
            assert!(print_candidates(other).is_empty(), "{other}");
        }
    }

    #[test]
    fn tool_paths() {
        for p in [
            "scripts/seed.py",
            "bin/www.js",
            "app/management/commands/load.py",
            "manage.py",
            "build.rs",
            "src/cli.ts",
            "vite.config.ts",
            "db/migrations/0001.py",
        ] {
            assert!(is_tool_path(p), "{p}");
        }
        for p in [
            "app/main.py",
            "src/server.ts",
            "internal/api/handler.go",
            "src/main.rs",
            "src/client.ts",
        ] {
            assert!(!is_tool_path(p), "{p}");
        }
    }
}
