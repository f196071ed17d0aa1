//! `graceful-shutdown`: the server drains in-flight requests when the platform stops it.
//!
//! **Why**: every deploy, scale-down and node drain sends SIGTERM. A process that dies on it (or
//! calls `process.exit()` straight away) cuts off the requests it is serving: users see 502s on
//! every release.
//!
//! **Passes**:
//! - Node.js: `process.on('SIGTERM' | 'SIGINT', handler)` whose handler does more than log and
//!   exit (closes the server, calls a shutdown function; a named handler is trusted); NestJS
//!   `enableShutdownHooks()`; @godaddy/terminus, http-terminator, stoppable, lightship,
//!   close-with-grace, http-graceful-shutdown.
//! - Go: `signal.Notify`/`signal.NotifyContext` together with a `.Shutdown(` call (any files).
//! - Rust: axum/hyper `with_graceful_shutdown(`; actix-web and Rocket do it by default.
//! - Python: the app is served by uvicorn, gunicorn, hypercorn, daphne or granian (a dependency,
//!   a Dockerfile CMD or a Procfile), which drain on SIGTERM.
//! - Spring Boot (shutdown hook by default; `server.shutdown=graceful` cited when set).
//!
//! **Fails**: none of these; findings point at signal handlers that exit without closing
//! anything (`process.on('SIGTERM', () => process.exit(0))`), and at Go code that catches signals
//! but never calls `Shutdown`.
//!
//! **Fix**: `process.on('SIGTERM', () => server.close(() => process.exit(0)))`;
//! `signal.NotifyContext` then `srv.Shutdown(ctx)`; `axum::serve(…).with_graceful_shutdown(…)`.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::{string_value, walk_tree};
use regex::Regex;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Evidence entries kept.
const MAX_EVIDENCE: usize = 10;

static GO_SIGNAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bsignal\.(?:Notify|NotifyContext)\s*\(|\brun\.SignalHandler\s*\(|\bfx\.New\s*\(").expect("static regex")
});
static GO_SHUTDOWN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.Shutdown(?:WithContext|WithTimeout)?\s*\(").expect("static regex"));
static RUST_GRACEFUL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"with_graceful_shutdown\s*\(|\bGracefulShutdown::new\s*\(").expect("static regex"));
static NEST_HOOKS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.enableShutdownHooks\s*\(").expect("static regex"));
static PY_SERVERS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(gunicorn|uvicorn|hypercorn|daphne|granian)\b").expect("static regex"));
static SPRING_GRACEFUL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\s*server\.shutdown\s*[=:]\s*graceful\b|^\s*shutdown\s*:\s*graceful\b").expect("static regex"));

/// Python application servers that stop accepting and drain on SIGTERM.
const PY_SERVER_DEPS: &[&str] = &["uvicorn", "gunicorn", "hypercorn", "daphne", "granian"];
/// Python web frameworks whose apps those servers run.
const PY_FRAMEWORKS: &[&str] = &["fastapi", "flask", "django", "starlette", "aiohttp"];
/// npm packages that implement graceful shutdown.
const NPM_SHUTDOWN: &[&str] = &[
    "@godaddy/terminus",
    "http-terminator",
    "stoppable",
    "lightship",
    "close-with-grace",
    "http-graceful-shutdown",
    "fastify-graceful-shutdown",
];

pub struct GracefulShutdown {
    meta: RuleMeta,
}

fn dep_evidence(project: &Project, eco: Ecosystem, name: &str, message: String) -> Option<Evidence> {
    project.find_dependency(eco, name).map(|(m, line)| Evidence {
        location: Location {
            path: m.path.clone(),
            line,
            column: 1,
        },
        message,
    })
}

/// True when a call is only logging, timing or exiting: nothing that closes a server.
fn is_non_draining_call(file: &FileCtx<'_>, callee: Node<'_>) -> bool {
    match callee.kind() {
        "identifier" => matches!(
            file.node_text(callee),
            "setTimeout" | "setInterval" | "clearTimeout" | "clearInterval" | "setImmediate" | "require" | "String" | "Number"
        ),
        "member_expression" => {
            let object = callee.child_by_field_name("object").map(|o| file.node_text(o)).unwrap_or("");
            let property = callee.child_by_field_name("property").map(|p| file.node_text(p)).unwrap_or("");
            let lower = object.to_ascii_lowercase();
            lower == "console"
                || lower == "process"
                || lower.ends_with("logger")
                || lower.ends_with("log")
                || matches!(property, "log" | "info" | "warn" | "error" | "debug" | "trace" | "fatal" | "exit")
        }
        _ => false,
    }
}

/// True when a handler function's body calls something other than logging and `process.exit`.
fn handler_drains(file: &FileCtx<'_>, handler: Node<'_>) -> bool {
    let Some(body) = handler.child_by_field_name("body") else {
        return true;
    };
    let mut drains = false;
    walk_tree(body, |n| {
        if n.kind() == "call_expression"
            && let Some(callee) = n.child_by_field_name("function")
            && !is_non_draining_call(file, callee)
        {
            drains = true;
        }
    });
    drains
}

impl GracefulShutdown {
    pub fn new() -> GracefulShutdown {
        GracefulShutdown {
            meta: RuleMeta {
                id: "graceful-shutdown".into(),
                category: Category::Reliability,
                severity: Severity::Medium,
                title: "Graceful shutdown on SIGTERM".into(),
                rationale: "Every deploy, scale-down and node drain sends SIGTERM. A server that dies on it, or \
                            exits at once, cuts off the requests it is serving, so every release shows up as \
                            errors for users."
                    .into(),
                detection: "Node.js: `process.on('SIGTERM'|'SIGINT', …)` whose handler closes something (a handler \
                            that only logs and calls `process.exit` is a finding; a named handler is trusted), \
                            NestJS `enableShutdownHooks()`, or @godaddy/terminus, http-terminator, stoppable, \
                            lightship, close-with-grace, http-graceful-shutdown. Go: `signal.Notify`/\
                            `NotifyContext` plus a `.Shutdown(` call (signals caught without `Shutdown` are \
                            findings). Rust: `with_graceful_shutdown(`; actix-web and Rocket drain by default. \
                            Python: served by uvicorn, gunicorn, hypercorn, daphne or granian (dependency, \
                            Dockerfile CMD or Procfile), which drain on SIGTERM. Spring Boot: its shutdown hook \
                            (and `server.shutdown=graceful`)."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "// stop accepting, let in-flight requests finish, then exit\n\
                                  const server = app.listen(port);\nfor (const signal of ['SIGTERM', 'SIGINT']) {\n  \
                                  process.on(signal, () => {\n    server.close(() => process.exit(0));\n    \
                                  setTimeout(() => process.exit(1), 10_000).unref();\n  });\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "const app = await NestFactory.create(AppModule);\napp.enableShutdownHooks();\nawait app.listen(3000);"
                            .into(),
                    },
                    Remediation {
                        framework: "fastify".into(),
                        lang: "javascript".into(),
                        snippet: "for (const signal of ['SIGTERM', 'SIGINT']) {\n  \
                                  process.on(signal, async () => {\n    await fastify.close();\n    process.exit(0);\n  });\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "koa".into(),
                        lang: "javascript".into(),
                        snippet: "const server = app.listen(port);\nprocess.on('SIGTERM', () => server.close(() => process.exit(0)));"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "dockerfile".into(),
                        snippet: "CMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\", \"--timeout-graceful-shutdown\", \"20\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "dockerfile".into(),
                        snippet: "CMD [\"gunicorn\", \"-w\", \"4\", \"--graceful-timeout\", \"20\", \"-b\", \"0.0.0.0:8000\", \"app:app\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "dockerfile".into(),
                        snippet: "CMD [\"gunicorn\", \"config.wsgi\", \"-w\", \"4\", \"--graceful-timeout\", \"20\", \"-b\", \"0.0.0.0:8000\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "net-http".into(),
                        lang: "go".into(),
                        snippet: "ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)\n\
                                  defer stop()\ngo func() { _ = srv.ListenAndServe() }()\n<-ctx.Done()\n\
                                  shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)\n\
                                  defer cancel()\n_ = srv.Shutdown(shutdownCtx)"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "srv := &http.Server{Addr: \":8080\", Handler: router}\ngo func() { _ = srv.ListenAndServe() }()\n\
                                  ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)\n\
                                  defer stop()\n<-ctx.Done()\n\
                                  shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)\n\
                                  defer cancel()\n_ = srv.Shutdown(shutdownCtx)"
                            .into(),
                    },
                    Remediation {
                        framework: "echo".into(),
                        lang: "go".into(),
                        snippet: "go func() { _ = e.Start(\":8080\") }()\nctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)\n\
                                  defer stop()\n<-ctx.Done()\nshutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)\n\
                                  defer cancel()\n_ = e.Shutdown(shutdownCtx)"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "axum::serve(listener, app)\n    .with_graceful_shutdown(async {\n        \
                                  let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).unwrap();\n        \
                                  tokio::select! { _ = tokio::signal::ctrl_c() => {}, _ = term.recv() => {} }\n    })\n    .await?;"
                            .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "properties".into(),
                        snippet: "server.shutdown=graceful\nspring.lifecycle.timeout-per-shutdown-phase=20s".into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "On SIGTERM: stop accepting new connections, let in-flight requests finish (with a \
                                  deadline shorter than the platform's grace period), close pools, then exit."
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "the server shuts down gracefully on SIGTERM".into(),
                fail_message: "no graceful shutdown: SIGTERM cuts off in-flight requests".into(),
            },
        }
    }

    fn scan_js(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        for m in NEST_HOOKS.find_iter(file.text) {
            if file.in_code(m.start()) {
                hits.push(file.evidence_at(m.start(), "NestJS shutdown hooks enabled"));
            }
        }
        if !file.contains("SIGTERM") && !file.contains("SIGINT") {
            return;
        }
        let names_signal_literally =
            file.contains("'SIGTERM'") || file.contains("\"SIGTERM\"") || file.contains("'SIGINT'") || file.contains("\"SIGINT\"");
        let Some(tree) = file.tree() else { return };
        walk_tree(tree.root_node(), |node| {
            if node.kind() != "call_expression" {
                return;
            }
            let Some(callee) = node.child_by_field_name("function") else {
                return;
            };
            if callee.kind() != "member_expression"
                || callee.child_by_field_name("object").map(|o| file.node_text(o)) != Some("process")
                || !matches!(
                    callee.child_by_field_name("property").map(|p| file.node_text(p)),
                    Some("on" | "once" | "addListener" | "prependListener")
                )
            {
                return;
            }
            let Some(args) = node.child_by_field_name("arguments") else {
                return;
            };
            let mut cursor = args.walk();
            let list: Vec<Node<'_>> = args.named_children(&mut cursor).filter(|c| c.kind() != "comment").collect();
            let (Some(event), Some(handler)) = (list.first(), list.get(1)) else {
                return;
            };
            let signal = match event.kind() {
                "string" => match string_value(file.node_text(*event)).as_deref() {
                    Some(s @ ("SIGTERM" | "SIGINT")) => s.to_string(),
                    _ => return,
                },
                // `for (const sig of ['SIGTERM', 'SIGINT']) process.on(sig, shutdown)`
                "identifier" if names_signal_literally => "signal".to_string(),
                _ => return,
            };
            let inline = matches!(handler.kind(), "arrow_function" | "function_expression" | "function");
            if !inline || handler_drains(file, *handler) {
                hits.push(file.evidence_at(node.start_byte(), format!("`{signal}` handler")));
            } else {
                hits.push(file.finding_at(node.start_byte(), format!("`{signal}` handler exits without closing the server")));
            }
        });
    }
}

impl Rule for GracefulShutdown {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let info = file.info;
        if matches!(info.role, Role::Test | Role::Example) {
            return;
        }
        let name = info.name();
        if name == "Procfile" {
            if let Some(m) = PY_SERVERS.find(file.text) {
                hits.push(Hit::Fact {
                    tag: "py-server".into(),
                    value: m.as_str().to_string(),
                    location: file.location(m.start()),
                });
            }
            return;
        }
        if name.starts_with("application") && (name.ends_with(".properties") || name.ends_with(".yml") || name.ends_with(".yaml")) {
            if let Some(m) = SPRING_GRACEFUL.find(file.text) {
                let at = m.start() + (m.len() - m.as_str().trim_start().len());
                hits.push(file.evidence_at(at, "Spring Boot `server.shutdown=graceful`"));
            }
            return;
        }
        if info.role != Role::Source {
            return;
        }
        match file.lang() {
            Some(l) if l.is_js_family() => self.scan_js(file, hits),
            Some(Lang::Go) => {
                for (re, tag) in [(&*GO_SIGNAL, "go-signal"), (&*GO_SHUTDOWN, "go-shutdown")] {
                    if let Some(m) = re.find_iter(file.text).find(|m| file.in_code(m.start())) {
                        hits.push(Hit::Fact {
                            tag: tag.into(),
                            value: crate::redact::snippet(file.line_text(file.line_col(m.start()).0)),
                            location: file.location(m.start()),
                        });
                    }
                }
            }
            Some(Lang::Rust) => {
                if let Some(m) = RUST_GRACEFUL.find_iter(file.text).find(|m| file.in_code(m.start())) {
                    hits.push(file.evidence_at(m.start(), "graceful shutdown on the server future"));
                }
            }
            _ => {}
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (findings, mut evidence) = split_hits(hits);
        let facts = |want: &str| -> Vec<&Location> {
            hits.iter()
                .filter_map(|h| match h {
                    Hit::Fact { tag, location, .. } if tag == want => Some(location),
                    _ => None,
                })
                .collect()
        };
        // Go: both halves, in any files.
        let signals = facts("go-signal");
        let shutdowns = facts("go-shutdown");
        let mut go_findings: Vec<Finding> = vec![];
        if !signals.is_empty() && !shutdowns.is_empty() {
            evidence.extend(signals.iter().map(|l| Evidence {
                location: (*l).clone(),
                message: "signals caught".into(),
            }));
            evidence.extend(shutdowns.iter().map(|l| Evidence {
                location: (*l).clone(),
                message: "server `Shutdown` drains connections".into(),
            }));
        } else if shutdowns.is_empty() {
            for h in hits {
                if let Hit::Fact { tag, value, location } = h
                    && tag == "go-signal"
                {
                    go_findings.push(Finding {
                        location: location.clone(),
                        message: "signals are caught but the server is never `Shutdown`".into(),
                        snippet: Some(value.clone()),
                    });
                }
            }
        }
        // Python application servers drain on SIGTERM.
        if PY_FRAMEWORKS.iter().any(|f| project.stack.has(f)) {
            for dep in PY_SERVER_DEPS {
                evidence.extend(dep_evidence(
                    project,
                    Ecosystem::Pypi,
                    dep,
                    format!("served by `{dep}`, which drains in-flight requests on SIGTERM"),
                ));
            }
            for h in hits {
                if let Hit::Fact { tag, value, location } = h
                    && tag == "py-server"
                {
                    evidence.push(Evidence {
                        location: location.clone(),
                        message: format!("Procfile runs `{value}`, which drains in-flight requests on SIGTERM"),
                    });
                }
            }
            for df in &project.dockerfiles {
                let Some(stage) = df.final_stage() else { continue };
                for i in stage
                    .instructions
                    .iter()
                    .filter(|i| i.keyword == "CMD" || i.keyword == "ENTRYPOINT")
                {
                    if let Some(m) = PY_SERVERS.find(&i.args) {
                        evidence.push(Evidence {
                            location: Location {
                                path: df.path.clone(),
                                line: i.line,
                                column: 1,
                            },
                            message: format!("container runs `{}`, which drains in-flight requests on SIGTERM", m.as_str()),
                        });
                    }
                }
            }
        }
        for dep in NPM_SHUTDOWN {
            evidence.extend(dep_evidence(project, Ecosystem::Npm, dep, format!("`{dep}` handles shutdown")));
        }
        evidence.extend(dep_evidence(
            project,
            Ecosystem::Cargo,
            "actix-web",
            "actix-web handles SIGTERM and drains workers by default".into(),
        ));
        evidence.extend(dep_evidence(
            project,
            Ecosystem::Cargo,
            "rocket",
            "Rocket shuts down gracefully on SIGTERM by default".into(),
        ));
        evidence.extend(dep_evidence(
            project,
            Ecosystem::Go,
            "github.com/ory/graceful",
            "`ory/graceful` shuts the server down on SIGTERM".into(),
        ));
        if let Some(spring) = project.stack.frameworks.iter().find(|f| f.id == "spring-boot") {
            evidence.push(Evidence {
                location: spring.evidence.clone(),
                message: "Spring Boot stops the server through its shutdown hook on SIGTERM".into(),
            });
        }
        if !evidence.is_empty() {
            return Outcome::pass_capped(self.meta.pass_message.clone(), evidence, MAX_EVIDENCE);
        }
        let mut all = findings;
        all.extend(go_findings);
        Outcome::fail(self.meta.fail_message.clone(), all)
    }
}
