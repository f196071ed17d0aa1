//! `input-validation`: request input is validated by a schema library.
//!
//! **Why**: handlers that trust the shape of `req.body` crash on malformed input, store garbage
//! and open the door to injection and mass-assignment bugs. A schema at the boundary rejects bad
//! input with a 400 before any code runs on it.
//!
//! **Passes**: a shipped validation package or its import in shipped code — zod, joi, yup,
//! valibot, superstruct, class-validator / NestJS `ValidationPipe`, express-validator, celebrate,
//! ajv, TypeBox; fastify route `schema: { body: … }`; pydantic models (a FastAPI service passes:
//! FastAPI validates request bodies with pydantic), marshmallow, DRF serializers, Django forms,
//! WTForms, cerberus, voluptuous; Rust `validator`/`garde`, or typed `Json<T>` extractors in
//! axum/actix (serde rejects bodies of the wrong shape: weaker, noted as such); Go
//! go-playground/validator / ozzo-validation imports or `binding:"required"`/`validate:"…"`
//! struct tags; Java jakarta/javax.validation, `@Valid`, spring-boot-starter-validation.
//!
//! **Fails**: none of that, while handlers read request bodies (`req.body`, `request.get_json()`,
//! `c.ShouldBindJSON`, `Json<Value>`, `@RequestBody`, …): findings point at the first reads. A
//! `zod` import only in a test, or `Json<serde_json::Value>`, does not count; neither does a
//! validator that go.mod lists only as an indirect module. **n/a**: no handler reads a body.

use super::signals::{Dep, Pattern, Patterns, dependency_evidence, fact_evidence, facts, go_import, java_import, js_import, py_import};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Cargo, Maven, Npm};
use crate::lang::Lang;
use crate::model::{Category, Evidence, Finding, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::{Rule, split_hits};
use std::sync::LazyLock;

const MAX_EVIDENCE: usize = 10;
/// Findings listed on failure: the first places a handler reads a request body.
const MAX_BODY_READS_SHOWN: usize = 5;

/// Shipped dependencies that count. Python and Go are judged by imports in code: frozen
/// requirements and go.mod list packages the code never imports.
const DEPS: &[Dep] = &[
    Dep {
        eco: Npm,
        names: &[
            "zod",
            "joi",
            "@hapi/joi",
            "yup",
            "valibot",
            "superstruct",
            "class-validator",
            "express-validator",
            "celebrate",
            "ajv",
            "@sinclair/typebox",
            "io-ts",
            "runtypes",
            "@vinejs/vine",
            "arktype",
            "typia",
            "fastest-validator",
            "@effect/schema",
            "nestjs-zod",
            "@hono/zod-validator",
        ],
        message: "validation library",
    },
    Dep {
        eco: Cargo,
        names: &["validator", "garde", "validify"],
        message: "validation crate",
    },
    Dep {
        eco: Maven,
        names: &[
            "org.springframework.boot:spring-boot-starter-validation",
            "org.hibernate.validator:hibernate-validator",
            "org.hibernate:hibernate-validator",
            "jakarta.validation:jakarta.validation-api",
            "javax.validation:validation-api",
        ],
        message: "Bean Validation",
    },
];

/// Rust body types that are not a schema: untyped JSON and maps.
const UNTYPED: &[&str] = &["Value", "HashMap", "BTreeMap", "IndexMap", "String", "Bytes", "Vec"];

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(vec![
        Pattern::code(
            &[Lang::JavaScript],
            &[
                "zod",
                "joi",
                "yup",
                "valibot",
                "superstruct",
                "validator",
                "celebrate",
                "ajv",
                "typebox",
                "io-ts",
                "runtypes",
                "vine",
                "arktype",
                "typia",
                "schema",
            ],
            js_import(
                r"zod|joi|@hapi/joi|yup|valibot|superstruct|class-validator|express-validator|celebrate|ajv|@sinclair/typebox|io-ts|runtypes|@vinejs/vine|arktype|typia|fastest-validator|@effect/schema|nestjs-zod|@hono/zod-validator",
            ),
            "validation library import",
        ),
        Pattern::code(
            &[Lang::JavaScript],
            &["ValidationPipe"],
            r"\bValidationPipe\b",
            "NestJS ValidationPipe",
        ),
        Pattern::code(
            &[Lang::JavaScript],
            &["schema"],
            r"\bschema\s*:\s*\{\s*(?:body|querystring|query|params|headers)\s*:",
            "fastify route schema",
        )
        .tagged("fastify-schema"),
        Pattern::code(
            &[Lang::Python],
            &["pydantic"],
            r"^[ \t]*(?:from[ \t]+pydantic(?:\.\w+)*[ \t]+import[ \t]+(?:\([^)]*|[^\n]*)\b(?:BaseModel|RootModel|TypeAdapter|validate_call|validate_arguments|field_validator|model_validator|validator|dataclass|Field)\b|import[ \t]+pydantic\b)",
            "pydantic models",
        ),
        Pattern::code(
            &[Lang::Python],
            &[
                "marshmallow",
                "cerberus",
                "voluptuous",
                "wtforms",
                "flask_wtf",
                "webargs",
                "msgspec",
                "jsonschema",
                "ninja",
                "flask_pydantic",
                "spectree",
                "flask_smorest",
                "apiflask",
            ],
            py_import(
                r"marshmallow|cerberus|voluptuous|wtforms|flask_wtf|webargs|msgspec|jsonschema|ninja|flask_pydantic|spectree|flask_smorest|apiflask",
            ),
            "validation library import",
        ),
        Pattern::code(
            &[Lang::Python],
            &["serializers"],
            r"^[ \t]*from[ \t]+rest_framework(?:[ \t]+import[ \t]+(?:\([^)]*|[^\n]*)\bserializers\b|\.serializers[ \t]+import\b)|\bserializers\.(?:Model|Hyperlinked)?Serializer\b",
            "Django REST framework serializers",
        ),
        Pattern::code(
            &[Lang::Python],
            &["forms"],
            r"^[ \t]*from[ \t]+django(?:[ \t]+import[ \t]+(?:\([^)]*|[^\n]*)\bforms\b|\.forms[ \t]+import\b)|\bforms\.(?:Model)?Form\b",
            "Django forms",
        ),
        Pattern::code(
            &[Lang::Rust],
            &["validator", "garde", "Validate"],
            r"\b(?:validator|garde|validify)::|#\[derive\([^)]*\bValidate\b",
            "validation derive",
        ),
        Pattern::code(
            &[Lang::Rust],
            &["Json"],
            r"(?:^|[^:]):\s*(?:[A-Za-z_]\w*::)*Json\s*<\s*[A-Z]\w*",
            "typed JSON extractor",
        )
        .tagged("rust-json"),
        Pattern::code(
            &[Lang::Go],
            &["validator", "validation", "govalidator"],
            go_import(
                r"github\.com/go-playground/validator|github\.com/go-ozzo/ozzo-validation|github\.com/asaskevich/govalidator|github\.com/invopop/validation",
            ),
            "validation library import",
        ),
        Pattern::code(
            &[Lang::Go],
            &["binding:\"", "validate:\""],
            r#"\b(?:binding|validate):"[^"]*\b(?:required|min|max|len|email|oneof|gt|gte|lt|lte|uuid|url|alphanum|numeric)\b"#,
            "struct validation tags",
        )
        .not_comment(),
        Pattern::code(
            &[Lang::Java],
            &["validation", "hibernate"],
            java_import(r"jakarta\.validation|javax\.validation|org\.hibernate\.validator"),
            "Bean Validation import",
        ),
        Pattern::code(&[Lang::Java], &["@Valid"], r"@Valid(?:ated)?\b", "@Valid request validation"),
        // Where handlers consume request bodies: the findings when nothing validates them, and
        // the reason the rule applies at all (a read-only API has no body to validate).
        Pattern::code(
            &[Lang::JavaScript],
            &["body", "json", "formData", "Body"],
            r"\b(?:req|request)\.body\b|\bctx\.request\.body\b|\b(?:req|request)\.(?:json|formData)\s*\(\s*\)|@Body\s*\(|\bc\.req\.(?:json|parseBody)\s*\(",
            "request body read",
        )
        .tagged("body"),
        Pattern::code(
            &[Lang::Python],
            &["request."],
            r"\brequest\.(?:get_json\b|json\b|form\b|data\b|POST\b|body\b|files\b)",
            "request body read",
        )
        .tagged("body"),
        Pattern::code(
            &[Lang::Go],
            &["Bind", "PostForm", "Body", "Form"],
            r"\.(?:ShouldBind\w*|BindJSON|BindXML|BodyParser)\s*\(|\bc\.Bind\s*\(|\bc\.PostForm\s*\(|\bjson\.NewDecoder\s*\(\s*\w+\.Body\s*\)|\bio\.ReadAll\s*\(\s*\w+\.Body\s*\)|\b\w+\.(?:ParseForm|ParseMultipartForm|PostFormValue)\s*\(",
            "request body read",
        )
        .tagged("body"),
        Pattern::code(
            &[Lang::Rust],
            &["Json", "Form", "Multipart"],
            r"(?:^|[^:]):\s*(?:[A-Za-z_]\w*::)*(?:Json|Form|Multipart)\s*<",
            "request body read",
        )
        .tagged("body"),
        Pattern::code(&[Lang::Java], &["@RequestBody"], r"@RequestBody\b", "request body read").tagged("body"),
    ])
});

pub struct InputValidation {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl InputValidation {
    pub fn new() -> InputValidation {
        InputValidation {
            meta: RuleMeta {
                id: "input-validation".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "Request input validated by a schema".into(),
                rationale: "Handlers that trust the shape of request bodies crash on malformed input, store \
                            garbage, and open the door to injection and mass-assignment bugs. A schema at the boundary \
                            rejects bad input with a 400 before any handler code runs on it."
                    .into(),
                detection: "Passes on a shipped validation dependency or its import in shipped code: zod, joi, yup, \
                            valibot, superstruct, class-validator / NestJS ValidationPipe, express-validator, celebrate, \
                            ajv, TypeBox, fastify route `schema: { body: … }`; pydantic models (FastAPI services pass: \
                            FastAPI validates request bodies with pydantic), marshmallow, DRF serializers, Django forms, \
                            WTForms/flask-wtf, cerberus, voluptuous, webargs; Rust validator/garde, or typed \
                            `Json<T>` extractors in axum/actix/Rocket (serde checks the shape; noted as weaker); Go \
                            go-playground/validator or ozzo-validation imports, or `binding:\"required\"`/`validate:\"…\"` \
                            struct tags; Java jakarta/javax.validation, @Valid/@Validated, spring-boot-starter-validation. \
                            Python and Go count by imports only (their manifests list packages the code never imports). \
                            devDependencies, tests and comments do not count; `Json<serde_json::Value>` does not count. \
                            n/a when no handler reads a request body (req.body, request.get_json(), request.data, \
                            ShouldBind*, r.Body, Json/Form extractors, @RequestBody, @Body); findings point at the \
                            first body reads."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    rem(
                        "express",
                        "javascript",
                        "const { z } = require('zod');\n\nconst CreateOrder = z.object({ sku: z.string(), qty: z.number().int().positive() });\n\n\
                         app.post('/orders', (req, res) => {\n  const parsed = CreateOrder.safeParse(req.body);\n  \
                         if (!parsed.success) return res.status(400).json(parsed.error.flatten());\n  // use parsed.data\n});",
                    ),
                    rem(
                        "nestjs",
                        "typescript",
                        "app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true }));\n\n\
                         export class CreateOrderDto {\n  @IsString() sku: string;\n  @IsInt() @Min(1) qty: number;\n}",
                    ),
                    rem(
                        "fastify",
                        "javascript",
                        "fastify.post('/orders', {\n  schema: { body: { type: 'object', required: ['sku', 'qty'],\n    \
                         properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } } } },\n}, handler);",
                    ),
                    rem(
                        "flask",
                        "python",
                        "from marshmallow import Schema, fields, ValidationError\n\nclass OrderSchema(Schema):\n    \
                         sku = fields.Str(required=True)\n    qty = fields.Int(required=True)\n\n\
                         data = OrderSchema().load(request.get_json())  # raises ValidationError -> 400",
                    ),
                    rem(
                        "django",
                        "python",
                        "from rest_framework import serializers\n\nclass OrderSerializer(serializers.Serializer):\n    \
                         sku = serializers.CharField()\n    qty = serializers.IntegerField(min_value=1)\n\n\
                         serializer = OrderSerializer(data=request.data)\nserializer.is_valid(raise_exception=True)",
                    ),
                    rem(
                        "fastapi",
                        "python",
                        "from pydantic import BaseModel, Field\n\nclass Order(BaseModel):\n    sku: str\n    \
                         qty: int = Field(gt=0)\n\n@app.post(\"/orders\")\nasync def create(order: Order): ...",
                    ),
                    rem(
                        "gin",
                        "go",
                        "type CreateOrder struct {\n\tSKU string `json:\"sku\" binding:\"required\"`\n\tQty int    `json:\"qty\" binding:\"required,min=1\"`\n}\n\n\
                         var in CreateOrder\nif err := c.ShouldBindJSON(&in); err != nil {\n\tc.JSON(http.StatusBadRequest, gin.H{\"error\": err.Error()})\n\treturn\n}",
                    ),
                    rem(
                        "echo",
                        "go",
                        "type CustomValidator struct{ v *validator.Validate }\n\
                         func (cv *CustomValidator) Validate(i any) error { return cv.v.Struct(i) }\n\n\
                         e.Validator = &CustomValidator{v: validator.New()}",
                    ),
                    rem(
                        "axum",
                        "rust",
                        "#[derive(Deserialize, Validate)]\nstruct CreateOrder {\n    #[validate(length(min = 1))]\n    sku: String,\n    \
                         #[validate(range(min = 1))]\n    qty: u32,\n}\n\n\
                         async fn create(Json(body): Json<CreateOrder>) -> Result<StatusCode, AppError> {\n    body.validate()?;\n    ...\n}",
                    ),
                    rem(
                        "spring-boot",
                        "java",
                        "record CreateOrder(@NotBlank String sku, @Min(1) int qty) {}\n\n\
                         @PostMapping(\"/orders\")\nResponseEntity<Order> create(@Valid @RequestBody CreateOrder body) { ... }",
                    ),
                    rem(
                        "generic",
                        "text",
                        "Declare a schema for every request body, query and path parameter and reject requests that \
                         do not match it with 400 before the handler runs.",
                    ),
                ],
                effort_hours: 4.0,
                pass_message: "request input is validated by a schema".into(),
                fail_message: "no schema validation of request input found".into(),
            },
        }
    }
}

impl Rule for InputValidation {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        PATTERNS.scan(file, hits);
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        evidence.extend(dependency_evidence(project, DEPS));
        if let Some(f) = project.stack.frameworks.iter().find(|f| f.id == "fastapi") {
            evidence.push(Evidence {
                location: f.evidence.clone(),
                message: "FastAPI validates request bodies with pydantic".into(),
            });
        }
        if project.stack.has("fastify") {
            evidence.extend(facts(hits, "fastify-schema").map(|(l, _)| fact_evidence(l, "fastify route schema")));
        }
        let rust_server = ["axum", "actix-web", "rocket", "warp"].iter().any(|id| project.stack.has(id));
        let mut typed_json = vec![];
        if rust_server {
            for (l, text) in facts(hits, "rust-json") {
                let ty = text.rsplit('<').next().unwrap_or("").trim();
                if !UNTYPED.contains(&ty) {
                    typed_json.push(fact_evidence(
                        l,
                        &format!("typed `Json<{ty}>` extractor: serde checks the shape, not the values"),
                    ));
                }
            }
        }
        if evidence.is_empty() && typed_json.is_empty() {
            let bodies: Vec<_> = facts(hits, "body").collect();
            if bodies.is_empty() {
                return Outcome::not_applicable("no handler reads a request body");
            }
            let findings = bodies
                .into_iter()
                .take(MAX_BODY_READS_SHOWN)
                .map(|(l, _)| Finding {
                    location: l.clone(),
                    message: "request body used without schema validation".into(),
                    snippet: None,
                })
                .collect();
            return Outcome::fail(self.meta.fail_message.clone(), findings);
        }
        let message = if evidence.is_empty() {
            "request bodies are deserialized into typed structs (shape only; add validator/garde for value rules)".to_string()
        } else {
            self.meta.pass_message.clone()
        };
        evidence.extend(typed_json);
        Outcome::pass_capped(message, evidence, MAX_EVIDENCE)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert_eq!(super::PATTERNS.len(), 18);
    }
}
