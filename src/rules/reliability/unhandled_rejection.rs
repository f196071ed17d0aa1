//! `unhandled-rejection`: a Node.js service installs process-level handlers for errors that
//! escape everything else.
//!
//! **Why**: since Node 15 an unhandled promise rejection terminates the process by default, and an
//! uncaught exception always does; without a `process.on('unhandledRejection' | 'uncaughtException')`
//! handler the crash leaves no structured log line, no error report and no chance to drain.
//!
//! **Fails**: an Express/NestJS/Next.js/Fastify/Koa/hapi service whose shipped code never calls
//! `process.on('unhandledRejection', …)` or `process.on('uncaughtException', …)`.
//!
//! **Fix**: log (and report) the error, then exit so the orchestrator restarts a clean process:
//! `process.on('unhandledRejection', (reason) => { logger.fatal({ reason }); process.exit(1); });`
//!
//! **n/a**: not a Node.js service (a Python service with a bit of front-end JavaScript included).

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::sync::LazyLock;

/// Node.js server frameworks, as `detect.rs` names them.
const NODE_SERVERS: &[&str] = &["express", "nestjs", "nextjs", "fastify", "koa", "hapi"];

static HANDLER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\bprocess\s*\.\s*(?:on|once|addListener|prependListener)\s*\(\s*['"`](unhandledRejection|uncaughtException|uncaughtExceptionMonitor)['"`]"#)
        .expect("static regex")
});

pub struct UnhandledRejection {
    meta: RuleMeta,
}

impl UnhandledRejection {
    pub fn new() -> UnhandledRejection {
        UnhandledRejection {
            meta: RuleMeta {
                id: "unhandled-rejection".into(),
                category: Category::Reliability,
                severity: Severity::Low,
                title: "Process-level handlers for unhandled rejections".into(),
                rationale: "An unhandled promise rejection or uncaught exception kills a Node.js process; without a \
                            process-level handler it dies without a structured log line or error report, and \
                            in-flight requests are cut off."
                    .into(),
                detection: "Applies to Node.js services (Express, NestJS, Next.js, Fastify, Koa, hapi detected). \
                            Passes when shipped code registers `process.on('unhandledRejection', …)` or \
                            `process.on('uncaughtException', …)` (also `once`/`addListener`); each registration \
                            is cited. Mentions in comments, strings or tests do not count."
                    .into(),
                applies_to: vec!["service".into(), "node".into()],
                remediation: vec![
                    Remediation {
                        framework: "generic".into(),
                        lang: "javascript".into(),
                        snippet:
                            "process.on('unhandledRejection', (reason) => {\n  logger.fatal({ err: reason }, 'unhandled rejection');\n  \
                                  process.exit(1);\n});\nprocess.on('uncaughtException', (err) => {\n  \
                                  logger.fatal({ err }, 'uncaught exception');\n  process.exit(1);\n});"
                                .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "// main.ts, before bootstrap()\nprocess.on('unhandledRejection', (reason) => {\n  \
                                  new Logger('process').error(reason);\n  process.exit(1);\n});"
                            .into(),
                    },
                ],
                effort_hours: 0.5,
                pass_message: "process-level error handlers registered".into(),
                fail_message: "no `process.on('unhandledRejection')` or `'uncaughtException'` handler".into(),
            },
        }
    }
}

impl Rule for UnhandledRejection {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source || !file.lang().is_some_and(|l| l.is_js_family()) {
            return;
        }
        if !file.contains("process") || (!file.contains("ncaught") && !file.contains("nhandled")) {
            return;
        }
        for c in HANDLER.captures_iter(file.text) {
            let (Some(m), Some(ev)) = (c.get(0), c.get(1)) else { continue };
            if file.in_code(m.start()) {
                hits.push(file.evidence_at(m.start(), format!("`{}` handler", ev.as_str())));
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        if !NODE_SERVERS.iter().any(|f| project.stack.has(f)) {
            return Outcome::not_applicable("no Node.js server framework detected");
        }
        let (_, evidence) = split_hits(hits);
        if evidence.is_empty() {
            return Outcome::fail(self.meta.fail_message.clone(), vec![]);
        }
        Outcome::pass(self.meta.pass_message.clone(), evidence)
    }
}
