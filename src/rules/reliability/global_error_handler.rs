//! `global-error-handler`: unhandled errors in request handlers reach one handler.
//!
//! **Why**: without a catch-all, an exception thrown by any route returns the framework's default
//! page (often a stack trace, or a hung request in Express with async handlers), is logged in a
//! different shape each time, and is never reported. One handler gives every error the same
//! response body, status mapping, log line and error report.
//!
//! **Passes** (shipped code only):
//! - Express: a function with exactly four parameters passed to `.use(` — inline, or by name
//!   (a four-parameter function, or a factory returning one, defined in any file). A
//!   three-parameter middleware is not an error handler: Express decides by the arity.
//! - NestJS `app.useGlobalFilters(…)` / `{ provide: APP_FILTER, … }`; Fastify `setErrorHandler(`;
//!   Koa `app.on('error', …)` or a `try { await next() } catch` middleware; hapi `onPreResponse`;
//!   Next.js `app/global-error.*` or `pages/_error.*`.
//! - FastAPI/Starlette `exception_handler(` / `add_exception_handler(` / `exception_handlers=`;
//!   Flask `errorhandler(` / `register_error_handler(`; Django `handler500 =`, a middleware with
//!   `process_exception`, DRF `EXCEPTION_HANDLER`. A handler only for a 4xx status, validation
//!   errors or slowapi's `RateLimitExceeded` is not a catch-all and does not count.
//! - gin `Default()`/`Recovery()`/`CustomRecovery`, chi `middleware.Recoverer`, echo
//!   `middleware.Recover()`/`HTTPErrorHandler =`, fiber `recover.New()`/`ErrorHandler:`, gorilla
//!   `RecoveryHandler`, a net/http middleware with `defer func() { if r := recover() … }`.
//! - axum/tower-http `CatchPanicLayer`/`HandleErrorLayer` or an error type implementing
//!   `IntoResponse`; actix `ErrorHandlers` or `impl ResponseError`; Rocket `catchers!`.
//! - Spring `@ControllerAdvice` / `@RestControllerAdvice`.
//!
//! **Fails**: none of these in a service, e.g. an Express app whose only middleware is
//! `app.use((req, res, next) => …)`.
//!
//! **Fix**: register one catch-all last: `app.use((err, req, res, next) => res.status(500).json(…))`,
//! `@app.exception_handler(Exception)`, `r.Use(gin.Recovery())`, `@RestControllerAdvice`.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::lang::Lang;
use crate::model::{Category, Evidence, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use crate::rules::util::walk_tree;
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::LazyLock;
use tree_sitter::Node;

/// Evidence entries kept; the message carries the full count.
const MAX_EVIDENCE: usize = 10;

/// One textual signal: a regex matched in code, in files of one language family that contain
/// every `all` literal and (when non-empty) one of the `any` literals.
struct Pattern {
    lang: Lang,
    all: &'static [&'static str],
    any: &'static [&'static str],
    re: &'static str,
    message: &'static str,
}

const PATTERNS: &[Pattern] = &[
    // Python
    Pattern {
        lang: Lang::Python,
        all: &["exception_handler"],
        any: &[],
        re: r"@[ \t]*[\w.]+\.exception_handler\s*\(|\.add_exception_handler\s*\(",
        message: "FastAPI/Starlette exception handler",
    },
    Pattern {
        lang: Lang::Python,
        all: &["exception_handlers"],
        any: &["fastapi", "starlette"],
        re: r"\bexception_handlers\s*=",
        message: "exception handlers passed to the application",
    },
    Pattern {
        lang: Lang::Python,
        all: &["errorhandler"],
        any: &[],
        re: r"@[ \t]*[\w.]+\.(?:app_)?errorhandler\s*\(",
        message: "Flask error handler",
    },
    Pattern {
        lang: Lang::Python,
        all: &["register_error_handler"],
        any: &[],
        re: r"\.register_error_handler\s*\(",
        message: "Flask error handler",
    },
    Pattern {
        lang: Lang::Python,
        all: &["handler500"],
        any: &[],
        re: r"(?m)^handler500\s*=",
        message: "Django `handler500`",
    },
    Pattern {
        lang: Lang::Python,
        all: &["process_exception"],
        any: &[],
        re: r"(?m)^[ \t]+(?:async[ \t]+)?def[ \t]+process_exception\s*\(",
        message: "Django exception middleware (`process_exception`)",
    },
    Pattern {
        lang: Lang::Python,
        all: &["EXCEPTION_HANDLER"],
        any: &[],
        re: r#"["']EXCEPTION_HANDLER["']\s*:"#,
        message: "Django REST framework `EXCEPTION_HANDLER`",
    },
    // JavaScript / TypeScript
    Pattern {
        lang: Lang::JavaScript,
        all: &["setErrorHandler"],
        any: &[],
        re: r"\.setErrorHandler\s*\(",
        message: "Fastify error handler",
    },
    Pattern {
        lang: Lang::JavaScript,
        all: &["useGlobalFilters"],
        any: &[],
        re: r"\.useGlobalFilters\s*\(\s*[^)\s]",
        message: "NestJS global exception filter",
    },
    Pattern {
        lang: Lang::JavaScript,
        all: &["APP_FILTER"],
        any: &[],
        re: r"\bprovide\s*:\s*APP_FILTER\b",
        message: "NestJS `APP_FILTER` provider",
    },
    Pattern {
        lang: Lang::JavaScript,
        all: &["koa", "error"],
        any: &[],
        re: r#"\bapp\s*\.\s*on\s*\(\s*['"]error['"]"#,
        message: "Koa application error listener",
    },
    Pattern {
        lang: Lang::JavaScript,
        all: &["onPreResponse"],
        any: &[],
        re: r#"\.ext\s*\(\s*['"]onPreResponse['"]"#,
        message: "hapi `onPreResponse` extension",
    },
    // Go
    Pattern {
        lang: Lang::Go,
        all: &["gin."],
        any: &[],
        re: r"\bgin\.(?:Default|Recovery|CustomRecovery|RecoveryWithWriter|CustomRecoveryWithWriter)\s*\(",
        message: "gin recovery middleware",
    },
    Pattern {
        lang: Lang::Go,
        all: &["middleware.Recover"],
        any: &[],
        re: r"\bmiddleware\.Recoverer\b|\bmiddleware\.Recover(?:WithConfig)?\s*\(",
        message: "recovery middleware",
    },
    Pattern {
        lang: Lang::Go,
        all: &["HTTPErrorHandler"],
        any: &[],
        re: r"\.HTTPErrorHandler\s*=",
        message: "echo `HTTPErrorHandler`",
    },
    Pattern {
        lang: Lang::Go,
        all: &["gofiber/fiber"],
        any: &[],
        re: r"\brecover\.New\s*\(|\bErrorHandler\s*:",
        message: "fiber error handler / recover middleware",
    },
    Pattern {
        lang: Lang::Go,
        all: &["RecoveryHandler"],
        any: &[],
        re: r"\bhandlers\.RecoveryHandler\s*\(",
        message: "gorilla `RecoveryHandler`",
    },
    Pattern {
        lang: Lang::Go,
        all: &["recover()", "defer", "http.Handler"],
        any: &[],
        re: r"\brecover\(\)",
        message: "net/http recover middleware",
    },
    // Rust
    Pattern {
        lang: Lang::Rust,
        all: &["Layer"],
        any: &[],
        re: r"\b(?:CatchPanicLayer|HandleErrorLayer)\b",
        message: "tower-http error/panic layer",
    },
    Pattern {
        lang: Lang::Rust,
        all: &["ErrorHandlers"],
        any: &[],
        re: r"\bErrorHandlers\s*::",
        message: "actix `ErrorHandlers` middleware",
    },
    Pattern {
        lang: Lang::Rust,
        all: &["IntoResponse", "for"],
        any: &[],
        re: r"\bimpl(?:\s*<[^>]*>)?\s+(?:axum::response::)?IntoResponse\s+for\s+\w*Error\b",
        message: "error type rendered by one `IntoResponse` impl",
    },
    Pattern {
        lang: Lang::Rust,
        all: &["ResponseError"],
        any: &[],
        re: r"\bimpl(?:\s*<[^>]*>)?\s+(?:actix_web::)?(?:error::)?ResponseError\s+for\s+\w+",
        message: "error type rendered by one `ResponseError` impl",
    },
    Pattern {
        lang: Lang::Rust,
        all: &["catchers!"],
        any: &[],
        re: r"\bcatchers!\s*\[",
        message: "Rocket catchers",
    },
    // Java
    Pattern {
        lang: Lang::Java,
        all: &["ControllerAdvice"],
        any: &[],
        re: r"@(?:RestControllerAdvice|ControllerAdvice)\b",
        message: "Spring `@ControllerAdvice`",
    },
];

/// A parameter list of four plain (optionally typed) names: the shape of Express error middleware.
static FOUR_PARAMS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\(\s*[\w$]+\s*(?::\s*[\w$.<>\[\]| ]+)?(?:,\s*[\w$]+\s*(?::\s*[\w$.<>\[\]| ]+)?){3},?\s*\)").expect("static regex")
});

static COMPILED: LazyLock<Vec<(&'static Pattern, Regex)>> =
    LazyLock::new(|| PATTERNS.iter().filter_map(|p| Regex::new(p.re).ok().map(|r| (p, r))).collect());

pub struct GlobalErrorHandler {
    meta: RuleMeta,
}

fn family(l: Lang) -> Lang {
    if l.is_js_family() { Lang::JavaScript } else { l }
}

/// True when a match at `byte` is code; a match that starts with a quote (a dict key) is judged
/// by the byte before it.
fn match_in_code(file: &FileCtx<'_>, byte: usize) -> bool {
    match file.text.as_bytes().get(byte) {
        Some(b'"' | b'\'') if byte > 0 => file.in_code(byte - 1),
        _ => file.in_code(byte),
    }
}

/// True for tree-sitter node kinds that are function values.
fn is_function(kind: &str) -> bool {
    matches!(kind, "arrow_function" | "function_expression" | "function" | "generator_function")
}

/// Number of declared parameters of a function node (`arrow_function`, `function_expression`,
/// `function_declaration`, `method_definition`).
fn param_count(node: Node<'_>) -> Option<usize> {
    if node.child_by_field_name("parameter").is_some() {
        return Some(1);
    }
    let params = node.child_by_field_name("parameters")?;
    let mut cursor = params.walk();
    Some(params.named_children(&mut cursor).filter(|c| c.kind() != "comment").count())
}

/// True when a function node returns (directly) a function with four parameters: a factory such
/// as `function errorHandler(opts) { return (err, req, res, next) => … }`.
fn returns_four_param_function(node: Node<'_>) -> bool {
    let Some(body) = node.child_by_field_name("body") else {
        return false;
    };
    if is_function(body.kind()) {
        return param_count(body) == Some(4);
    }
    let mut cursor = body.walk();

    body.named_children(&mut cursor).any(|stmt| {
        stmt.kind() == "return_statement"
            && stmt
                .named_child(0)
                .is_some_and(|v| is_function(v.kind()) && param_count(v) == Some(4))
    })
}

/// The name a `.use(` argument refers to: `handler`, `errors.handler` → `handler`.
fn referenced_name<'a>(file: &FileCtx<'a>, node: Node<'_>) -> Option<&'a str> {
    match node.kind() {
        "identifier" => Some(file.node_text(node)),
        "member_expression" => node.child_by_field_name("property").map(|p| file.node_text(p)),
        _ => None,
    }
}

impl GlobalErrorHandler {
    pub fn new() -> GlobalErrorHandler {
        GlobalErrorHandler {
            meta: RuleMeta {
                id: "global-error-handler".into(),
                category: Category::Reliability,
                severity: Severity::High,
                title: "Global error handler".into(),
                rationale: "Without one catch-all, an error thrown in any route gets the framework's default \
                            response (a stack trace, an HTML page, or a request that never answers), is logged \
                            differently each time and is never reported. One handler gives every failure the \
                            same status mapping, response body and log line."
                    .into(),
                detection: "Looks in shipped code for: Express error middleware — a function with exactly four \
                            parameters passed to `.use(` inline or by name (resolved across files, factories \
                            included; three-parameter middleware does not count); NestJS `useGlobalFilters(` or \
                            an `APP_FILTER` provider; Fastify `setErrorHandler(`; Koa `app.on('error')` or \
                            `try { await next() } catch`; hapi `onPreResponse`; Next.js `global-error`/`_error` \
                            pages; FastAPI/Starlette `exception_handler`/`add_exception_handler`/\
                            `exception_handlers=`; Flask `errorhandler`/`register_error_handler`; Django \
                            `handler500`, `process_exception` middleware, DRF `EXCEPTION_HANDLER`; gin \
                            `Default()`/`Recovery()`, chi `Recoverer`, echo `Recover()`/`HTTPErrorHandler`, \
                            fiber `recover.New()`/`ErrorHandler:`, a net/http `recover()` middleware; tower-http \
                            `CatchPanicLayer`/`HandleErrorLayer`, an error type implementing `IntoResponse` or \
                            actix `ResponseError`, actix `ErrorHandlers`, Rocket `catchers!`; Spring \
                            `@ControllerAdvice`/`@RestControllerAdvice`. Handlers registered only for a 4xx status, validation \
                            errors or slowapi's `RateLimitExceeded`, comments, strings and tests do not count."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    Remediation {
                        framework: "express".into(),
                        lang: "javascript".into(),
                        snippet: "// last, after every route: Express recognises error middleware by its 4 parameters\n\
                                  app.use((err, req, res, next) => {\n  req.log?.error({ err }, 'request failed');\n  \
                                  res.status(err.status ?? 500).json({ error: err.expose ? err.message : 'internal error' });\n});"
                            .into(),
                    },
                    Remediation {
                        framework: "nestjs".into(),
                        lang: "typescript".into(),
                        snippet: "@Catch()\nexport class AllExceptionsFilter implements ExceptionFilter {\n  \
                                  catch(exception: unknown, host: ArgumentsHost) {\n    \
                                  const res = host.switchToHttp().getResponse();\n    \
                                  const status = exception instanceof HttpException ? exception.getStatus() : 500;\n    \
                                  res.status(status).json({ statusCode: status });\n  }\n}\n\
                                  // main.ts\napp.useGlobalFilters(new AllExceptionsFilter());"
                            .into(),
                    },
                    Remediation {
                        framework: "fastify".into(),
                        lang: "javascript".into(),
                        snippet: "fastify.setErrorHandler((err, request, reply) => {\n  request.log.error({ err });\n  \
                                  reply.status(err.statusCode ?? 500).send({ error: 'internal error' });\n});"
                            .into(),
                    },
                    Remediation {
                        framework: "koa".into(),
                        lang: "javascript".into(),
                        snippet: "app.use(async (ctx, next) => {\n  try {\n    await next();\n  } catch (err) {\n    \
                                  ctx.status = err.status ?? 500;\n    ctx.body = { error: 'internal error' };\n    \
                                  ctx.app.emit('error', err, ctx);\n  }\n});"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "python".into(),
                        snippet: "@app.exception_handler(Exception)\nasync def unhandled(request: Request, exc: Exception):\n    \
                                  logger.exception(\"unhandled error\", extra={\"path\": request.url.path})\n    \
                                  return JSONResponse(status_code=500, content={\"detail\": \"internal error\"})"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "python".into(),
                        snippet: "@app.errorhandler(Exception)\ndef unhandled(exc):\n    \
                                  if isinstance(exc, HTTPException):\n        return exc\n    \
                                  app.logger.exception(\"unhandled error\")\n    \
                                  return {\"error\": \"internal error\"}, 500"
                            .into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "python".into(),
                        snippet: "# urls.py\nhandler500 = \"app.views.server_error\"\n\n# settings.py (DRF)\n\
                                  REST_FRAMEWORK = {\"EXCEPTION_HANDLER\": \"app.errors.api_exception_handler\"}"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "go".into(),
                        snippet: "r := gin.New()\nr.Use(gin.Logger(), gin.CustomRecovery(func(c *gin.Context, err any) {\n\t\
                                  c.AbortWithStatusJSON(http.StatusInternalServerError, gin.H{\"error\": \"internal error\"})\n}))"
                            .into(),
                    },
                    Remediation {
                        framework: "chi".into(),
                        lang: "go".into(),
                        snippet: "r := chi.NewRouter()\nr.Use(middleware.Recoverer)".into(),
                    },
                    Remediation {
                        framework: "echo".into(),
                        lang: "go".into(),
                        snippet: "e.Use(middleware.Recover())\ne.HTTPErrorHandler = func(err error, c echo.Context) {\n\t\
                                  c.Logger().Error(err)\n\t_ = c.JSON(http.StatusInternalServerError, map[string]string{\"error\": \"internal error\"})\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "net-http".into(),
                        lang: "go".into(),
                        snippet: "func recoverer(next http.Handler) http.Handler {\n\t\
                                  return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\t\
                                  defer func() {\n\t\t\tif rec := recover(); rec != nil {\n\t\t\t\t\
                                  slog.Error(\"panic\", \"err\", rec)\n\t\t\t\t\
                                  http.Error(w, \"internal error\", http.StatusInternalServerError)\n\t\t\t}\n\t\t}()\n\t\t\
                                  next.ServeHTTP(w, r)\n\t})\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "rust".into(),
                        snippet: "let app = Router::new()\n    .route(\"/orders\", get(list_orders))\n    \
                                  .layer(tower_http::catch_panic::CatchPanicLayer::new());\n\n\
                                  impl IntoResponse for AppError {\n    fn into_response(self) -> Response {\n        \
                                  tracing::error!(error = %self.0);\n        \
                                  (StatusCode::INTERNAL_SERVER_ERROR, \"internal error\").into_response()\n    }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "actix-web".into(),
                        lang: "rust".into(),
                        snippet: "impl ResponseError for AppError {\n    fn status_code(&self) -> StatusCode { StatusCode::INTERNAL_SERVER_ERROR }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "spring-boot".into(),
                        lang: "java".into(),
                        snippet: "@RestControllerAdvice\nclass ApiErrors {\n  @ExceptionHandler(Exception.class)\n  \
                                  ResponseEntity<ProblemDetail> unhandled(Exception e) {\n    \
                                  return ResponseEntity.internalServerError().body(ProblemDetail.forStatus(500));\n  }\n}"
                            .into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Register one catch-all error handler in the framework: map known errors to \
                                  4xx, log and report the rest, and return a generic 500 body without a stack trace."
                            .into(),
                    },
                ],
                effort_hours: 2.0,
                pass_message: "global error handler found".into(),
                fail_message: "no global error handler: unhandled errors get the framework's default response".into(),
            },
        }
    }

    /// Express/Koa specifics that need the syntax tree.
    fn scan_js_tree(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let text = file.text;
        let has_use = file.contains(".use(") || file.contains(".use (");
        let maybe_handler = file.contains("next") && FOUR_PARAMS.is_match(text);
        let koa_try = file.contains("next()") && file.contains("catch");
        if !(has_use || maybe_handler || koa_try) {
            return;
        }
        let Some(tree) = file.tree() else { return };
        let fact = |tag: &str, value: &str, node: Node<'_>| Hit::Fact {
            tag: tag.to_string(),
            value: value.to_string(),
            location: file.location(node.start_byte()),
        };
        walk_tree(tree.root_node(), |node| match node.kind() {
            "call_expression" if has_use => {
                let Some(callee) = node.child_by_field_name("function") else {
                    return;
                };
                if callee.kind() != "member_expression" || callee.child_by_field_name("property").map(|p| file.node_text(p)) != Some("use")
                {
                    return;
                }
                let Some(args) = node.child_by_field_name("arguments") else {
                    return;
                };
                let mut cursor = args.walk();
                for arg in args.named_children(&mut cursor) {
                    if is_function(arg.kind()) {
                        if param_count(arg) == Some(4) {
                            hits.push(file.evidence_at(arg.start_byte(), "Express error middleware (4 parameters)"));
                        }
                    } else if arg.kind() == "call_expression" {
                        if let Some(name) = arg.child_by_field_name("function").and_then(|f| referenced_name(file, f)) {
                            hits.push(fact("use-call", name, arg));
                        }
                    } else if let Some(name) = referenced_name(file, arg) {
                        hits.push(fact("use", name, arg));
                    }
                }
            }
            "function_declaration" | "generator_function_declaration" | "method_definition" if maybe_handler || has_use => {
                let Some(name) = node.child_by_field_name("name").map(|n| file.node_text(n)) else {
                    return;
                };
                if param_count(node) == Some(4) {
                    hits.push(fact("fn4", name, node));
                } else if returns_four_param_function(node) {
                    hits.push(fact("fn4-factory", name, node));
                }
            }
            "variable_declarator" if maybe_handler || has_use => {
                let (Some(name), Some(value)) = (node.child_by_field_name("name"), node.child_by_field_name("value")) else {
                    return;
                };
                if name.kind() != "identifier" || !is_function(value.kind()) {
                    return;
                }
                let name = file.node_text(name);
                if param_count(value) == Some(4) {
                    hits.push(fact("fn4", name, node));
                } else if returns_four_param_function(value) {
                    hits.push(fact("fn4-factory", name, node));
                }
            }
            "try_statement" if koa_try => {
                let (Some(body), Some(_)) = (node.child_by_field_name("body"), node.child_by_field_name("handler")) else {
                    return;
                };
                let mut cursor = body.walk();
                let awaits_next = body.named_children(&mut cursor).any(|stmt| {
                    let expr = if stmt.kind() == "expression_statement" {
                        stmt.named_child(0)
                    } else {
                        None
                    };
                    expr.is_some_and(|e| {
                        e.kind() == "await_expression"
                            && e.named_child(0).is_some_and(|call| {
                                call.kind() == "call_expression"
                                    && call.child_by_field_name("function").map(|f| file.node_text(f)) == Some("next")
                            })
                    })
                });
                if awaits_next {
                    hits.push(file.evidence_at(node.start_byte(), "error-catching middleware around `await next()`"));
                }
            }
            _ => {}
        });
    }
}

/// True when a handler registration's first argument names something that is not an unexpected
/// error: a 4xx status (`errorhandler(404)`) or a library's own exception (slowapi's
/// `RateLimitExceeded` boilerplate). Those handlers leave unhandled errors to the default page.
fn handles_only_client_errors(args: &str) -> bool {
    let first = args.split([',', ')']).next().unwrap_or("").trim();
    let first = first.rsplit('.').next().unwrap_or(first);
    (first.len() == 3 && first.starts_with('4') && first.bytes().all(|b| b.is_ascii_digit()))
        || matches!(
            first,
            "RateLimitExceeded" | "NotFound" | "MethodNotAllowed" | "RequestValidationError" | "ValidationError"
        )
}

/// True for Next.js error pages: `app/global-error.tsx`, `pages/_error.js` (also under `src/`).
fn is_next_error_page(path: &str) -> bool {
    let mut parts = path.rsplit('/');
    let (Some(name), Some(dir)) = (parts.next(), parts.next()) else {
        return false;
    };
    let stem = name.split('.').next().unwrap_or(name);
    (stem == "global-error" && dir == "app") || (stem == "_error" && dir == "pages")
}

impl Rule for GlobalErrorHandler {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if file.info.role != Role::Source {
            return;
        }
        let Some(lang) = file.lang() else { return };
        let fam = family(lang);
        for (p, re) in COMPILED.iter() {
            if p.lang != fam
                || !p.all.iter().all(|lit| file.contains(lit))
                || (!p.any.is_empty() && !p.any.iter().any(|lit| file.contains(lit)))
            {
                continue;
            }
            for m in re.find_iter(file.text) {
                if !match_in_code(file, m.start()) {
                    continue;
                }
                if fam == Lang::Rust && file.line_text(file.line_col(m.start()).0).trim_start().starts_with("use ") {
                    continue;
                }
                if m.as_str().ends_with('(') && handles_only_client_errors(file.text.get(m.end()..).unwrap_or("")) {
                    continue;
                }
                hits.push(file.evidence_at(m.start(), p.message));
                break;
            }
        }
        if fam == Lang::JavaScript {
            if is_next_error_page(file.path()) {
                hits.push(file.evidence_at_line(1, 1, "Next.js error page"));
            }
            self.scan_js_tree(file, hits);
        }
    }

    fn evaluate(&self, _project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        // Express middleware registered by name: resolve `.use(name)` against four-parameter
        // functions (and `.use(name())` against factories returning one) defined anywhere.
        let names = |tag: &str| -> BTreeSet<&str> {
            hits.iter()
                .filter_map(|h| match h {
                    Hit::Fact { tag: t, value, .. } if t == tag => Some(value.as_str()),
                    _ => None,
                })
                .collect()
        };
        let handlers = names("fn4");
        let factories = names("fn4-factory");
        for h in hits {
            let Hit::Fact { tag, value, location } = h else { continue };
            let known = match tag.as_str() {
                "use" => handlers.contains(value.as_str()),
                "use-call" => factories.contains(value.as_str()),
                _ => false,
            };
            if known {
                evidence.push(Evidence {
                    location: location.clone(),
                    message: format!("Express error middleware `{value}` registered"),
                });
            }
        }
        if evidence.is_empty() {
            return Outcome::fail(self.meta.fail_message.clone(), vec![]);
        }
        evidence.sort();
        evidence.dedup();
        let count = evidence.len();
        evidence.truncate(MAX_EVIDENCE);
        let message = if count == 1 {
            self.meta.pass_message.clone()
        } else {
            format!("{} ({count} places)", self.meta.pass_message)
        };
        Outcome::pass(message, evidence)
    }
}
