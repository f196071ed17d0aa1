//! `authentication`: the service has an authentication mechanism.
//!
//! **Why**: an HTTP API without authentication lets anyone who can reach it read and change data;
//! "we'll add auth later" is how internal endpoints end up on the internet.
//!
//! **Passes**: a shipped authentication package (passport, next-auth/Auth.js, Clerk, Auth0,
//! jsonwebtoken, jose, flask-login, flask-jwt-extended, simplejwt, allauth, axum-login,
//! actix-web-httpauth, Spring Security, …) or its use in code (`from fastapi.security import
//! OAuth2PasswordBearer`, `@login_required`, DRF `authentication_classes` / `IsAuthenticated`,
//! `import jwt`, golang-jwt / go-oidc / goth imports, `gin.BasicAuth`, `@EnableWebSecurity`).
//!
//! **Fails**: none of that, e.g. a Django project whose only trace of auth is
//! `"django.contrib.auth"` in `INSTALLED_APPS` (Django's default: the user model, not a login).
//!
//! **Fix**: put an authentication layer in front of the routes (see remediation).

use super::signals::{Dep, Pattern, Patterns, dependency_evidence, go_import, java_import, js_import, py_import};
use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem::{Cargo, Maven, Npm, Pypi};
use crate::lang::Lang;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::{Rule, split_hits};
use std::sync::LazyLock;

/// Evidence entries kept.
const MAX_EVIDENCE: usize = 10;

/// Shipped packages that are authentication. Go is judged by imports (go.mod lists indirect
/// modules); generic Python JWT libraries by imports (frozen requirements list transitive ones).
const DEPS: &[Dep] = &[
    Dep {
        eco: Npm,
        names: &[
            "passport",
            "passport-*",
            "@nestjs/passport",
            "@nestjs/jwt",
            "next-auth",
            "@auth/*",
            "@clerk/*",
            "auth0",
            "@auth0/*",
            "express-openid-connect",
            "express-oauth2-jwt-bearer",
            "jsonwebtoken",
            "jose",
            "express-jwt",
            "koa-jwt",
            "koa-passport",
            "@fastify/jwt",
            "@fastify/auth",
            "@fastify/passport",
            "@fastify/basic-auth",
            "fastify-jwt",
            "express-basic-auth",
            "lucia",
            "@lucia-auth/*",
            "better-auth",
            "openid-client",
            "oidc-provider",
            "keycloak-connect",
            "@okta/*",
            "@hapi/jwt",
            "hapi-auth-jwt2",
            "@hapi/basic",
            "@supabase/auth-helpers-*",
            "@supabase/ssr",
            "@kinde-oss/*",
            "@simplewebauthn/server",
        ],
        message: "authentication package",
    },
    Dep {
        eco: Pypi,
        names: &[
            "fastapi-users",
            "fastapi-login",
            "fastapi-jwt-auth",
            "flask-login",
            "flask-jwt-extended",
            "flask-httpauth",
            "flask-security",
            "flask-security-too",
            "flask-praetorian",
            "djangorestframework-simplejwt",
            "django-allauth",
            "dj-rest-auth",
            "django-rest-knox",
            "django-oauth-toolkit",
            "djoser",
            "social-auth-app-django",
            "mozilla-django-oidc",
        ],
        message: "authentication package",
    },
    Dep {
        eco: Cargo,
        names: &[
            "jsonwebtoken",
            "jwt-simple",
            "axum-login",
            "actix-identity",
            "actix-web-httpauth",
            "jwt-authorizer",
            "openidconnect",
            "biscuit-auth",
            "jwt",
            "josekit",
        ],
        message: "authentication crate",
    },
    // Hashing passwords means verifying them: the service logs users in.
    Dep {
        eco: Cargo,
        names: &["argon2", "bcrypt", "scrypt", "password-hash", "pbkdf2"],
        message: "password hashing (logins are verified)",
    },
    Dep {
        eco: Npm,
        names: &["bcrypt", "bcryptjs", "argon2", "@node-rs/argon2", "@node-rs/bcrypt"],
        message: "password hashing (logins are verified)",
    },
    Dep {
        eco: Pypi,
        names: &["passlib", "bcrypt", "argon2-cffi", "pwdlib"],
        message: "password hashing (logins are verified)",
    },
    Dep {
        eco: Maven,
        names: &[
            "org.springframework.boot:spring-boot-starter-security",
            "org.springframework.boot:spring-boot-starter-oauth2-resource-server",
            "org.springframework.boot:spring-boot-starter-oauth2-client",
            "org.springframework.security:spring-security-web",
            "org.springframework.security:spring-security-config",
            "io.jsonwebtoken:jjwt*",
            "com.auth0:java-jwt",
            "com.nimbusds:nimbus-jose-jwt",
            "org.keycloak:*",
        ],
        message: "authentication library",
    },
];

const JS: &[Lang] = &[Lang::JavaScript];
const PY: &[Lang] = &[Lang::Python];
const GO: &[Lang] = &[Lang::Go];
const RS: &[Lang] = &[Lang::Rust];
const JAVA: &[Lang] = &[Lang::Java];

static PATTERNS: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(vec![
        // Node: imports, for monorepos whose manifest is elsewhere.
        Pattern::code(
            JS,
            &["passport", "auth", "jsonwebtoken", "jose", "jwt", "lucia"],
            js_import(
                r"passport(?:-[\w-]+)?|@nestjs/passport|@nestjs/jwt|next-auth|@auth/[\w-]+|@clerk/[\w-]+|@auth0/[\w-]+|express-openid-connect|express-oauth2-jwt-bearer|jsonwebtoken|jose|express-jwt|koa-jwt|@fastify/jwt|@fastify/auth|lucia|better-auth|firebase-admin/auth",
            ),
            "authentication import",
        ),
        Pattern::code(
            JS,
            &["verifyIdToken", ".auth."],
            r"\.verifyIdToken\s*\(|\bsupabase\.auth\.(?:getUser|getSession|getClaims|signInWith\w*|signUp|admin)\b",
            "identity-provider token verification",
        ),
        // Python.
        Pattern::code(
            PY,
            &["fastapi.security", "starlette.authentication"],
            py_import(r"fastapi\.security|starlette\.authentication"),
            "FastAPI/Starlette security scheme",
        ),
        Pattern::code(
            PY,
            &["import"],
            py_import(
                r"flask_login|flask_jwt_extended|flask_httpauth|flask_security|authlib|jwt|jose|fastapi_users|rest_framework_simplejwt|allauth|knox|oauth2_provider|djoser",
            ),
            "authentication import",
        ),
        Pattern::code(
            PY,
            &["login_required", "permission_required", "LoginRequired"],
            r"^[ \t]*@(?:login_required|permission_required|user_passes_test)\b|\bLoginRequired(?:Mixin|Middleware)\b",
            "Django login_required",
        ),
        Pattern::code(
            PY,
            &["django.contrib.auth"],
            r"^[ \t]*from[ \t]+django\.contrib\.auth(?:[ \t]+import[ \t]+(?:\([^)]*|[^\n]*)\b(?:authenticate|login)\b|\.views[ \t]+import\b|\.decorators[ \t]+import\b|\.mixins[ \t]+import\b)",
            "Django login views",
        ),
        Pattern::code(
            PY,
            &["django.contrib.auth.urls", "rest_framework.authtoken"],
            r#"["']django\.contrib\.auth\.urls["']|["']rest_framework\.authtoken["']"#,
            "Django auth URLs / DRF token auth",
        ),
        Pattern::code(
            PY,
            &["AUTHENTICATION_CLASSES", "authentication_classes", "IsAuthenticated"],
            r#"["'](?:DEFAULT_AUTHENTICATION_CLASSES|rest_framework\.permissions\.IsAuthenticated\w*|rest_framework\.authentication\.\w+)["']|\bDEFAULT_AUTHENTICATION_CLASSES\b|^[ \t]*authentication_classes[ \t]*=|\bIsAuthenticated(?:OrReadOnly)?\b|@authentication_classes\b"#,
            "Django REST framework authentication",
        ),
        // Go: imports are always used (an unused import does not compile).
        Pattern::code(
            GO,
            &["jwt", "oidc", "goth", "casbin", "jwx", "oauth2", "auth"],
            go_import(
                r"github\.com/golang-jwt/jwt|github\.com/dgrijalva/jwt-go|github\.com/lestrrat-go/jwx|github\.com/coreos/go-oidc|github\.com/markbates/goth|github\.com/labstack/echo-jwt|github\.com/appleboy/gin-jwt|github\.com/casbin/casbin|github\.com/go-chi/jwtauth|github\.com/auth0/go-jwt-middleware|github\.com/gofiber/contrib/jwt|github\.com/gofiber/jwt|golang\.org/x/oauth2|github\.com/go-pkgz/auth|github\.com/zitadel/oidc",
            ),
            "authentication import",
        ),
        Pattern::code(
            GO,
            &["BasicAuth", "KeyAuth"],
            r"\bgin\.BasicAuth(?:ForRealm)?\s*\(|\bmiddleware\.(?:BasicAuth|KeyAuth)(?:WithConfig)?\s*\(|\bbasicauth\.New\s*\(",
            "basic/key authentication middleware",
        ),
        // Rust.
        Pattern::code(
            RS,
            &[
                "jsonwebtoken",
                "axum_login",
                "actix_identity",
                "actix_web_httpauth",
                "ValidateRequestHeaderLayer",
                "RequireAuthorization",
            ],
            r"\b(?:jsonwebtoken|jwt_simple|axum_login|actix_identity|actix_web_httpauth|jwt_authorizer)::|\bValidateRequestHeaderLayer::(?:bearer|basic|custom)\b|\bRequireAuthorizationLayer::",
            "authentication in code",
        ),
        // Java.
        Pattern::code(
            JAVA,
            &["EnableWebSecurity", "SecurityFilterChain", "EnableMethodSecurity", "PreAuthorize"],
            r"@EnableWebSecurity\b|@EnableWebFluxSecurity\b|@EnableMethodSecurity\b|\bSecurityFilterChain\b|@PreAuthorize\b",
            "Spring Security configuration",
        ),
        Pattern::code(
            JAVA,
            &["import"],
            java_import(r"org\.springframework\.security|io\.jsonwebtoken|com\.auth0\.jwt|com\.nimbusds\.jwt"),
            "authentication import",
        ),
    ])
});

pub struct Authentication {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl Authentication {
    pub fn new() -> Authentication {
        Authentication {
            meta: RuleMeta {
                id: "authentication".into(),
                category: Category::Security,
                severity: Severity::High,
                title: "Authentication protects the API".into(),
                rationale: "An API without authentication lets anyone who can reach it read and change data. \
                            Authentication added late tends to miss routes; a mechanism in place from the start \
                            makes every new endpoint protected by default."
                    .into(),
                detection: "Passes on a shipped authentication package (npm: passport, @nestjs/passport, \
                            @nestjs/jwt, next-auth, @auth/*, @clerk/*, auth0, express-openid-connect, \
                            express-oauth2-jwt-bearer, jsonwebtoken, jose, express-jwt, lucia, better-auth, …; PyPI: \
                            fastapi-users, flask-login, flask-jwt-extended, flask-httpauth, djangorestframework-simplejwt, \
                            django-allauth, …; crates: jsonwebtoken, axum-login, actix-identity, actix-web-httpauth; \
                            Maven: spring-boot-starter-security, spring-security-oauth2-resource-server, jjwt) or on \
                            its use in shipped code: fastapi.security imports, `import jwt`/`jose`/`authlib`, Django \
                            `@login_required`, `LoginRequiredMixin`, `django.contrib.auth` login views, DRF \
                            `DEFAULT_AUTHENTICATION_CLASSES`/`authentication_classes`/`IsAuthenticated`, Firebase \
                            `verifyIdToken`, Supabase `auth.getUser`, Go imports of golang-jwt, lestrrat-go/jwx, \
                            go-oidc, goth, echo-jwt, gin-jwt, casbin, `gin.BasicAuth`, Spring `@EnableWebSecurity`. \
                            devDependencies, test code and comments do not count; `django.contrib.auth` in \
                            INSTALLED_APPS alone does not count (it is Django's default)."
                    .into(),
                applies_to: vec!["service".into()],
                remediation: vec![
                    rem(
                        "fastapi",
                        "python",
                        "from fastapi import Depends\nfrom fastapi.security import OAuth2PasswordBearer\n\n\
                         oauth2_scheme = OAuth2PasswordBearer(tokenUrl=\"token\")\n\n\
                         @app.get(\"/orders\")\nasync def orders(token: str = Depends(oauth2_scheme)):\n    \
                         user = await verify_token(token)\n    ...",
                    ),
                    rem(
                        "flask",
                        "python",
                        "from flask_login import LoginManager, login_required\n\n\
                         login_manager = LoginManager(app)\n\n\
                         @app.get(\"/orders\")\n@login_required\ndef orders():\n    ...",
                    ),
                    rem(
                        "django",
                        "python",
                        "REST_FRAMEWORK = {\n    \"DEFAULT_AUTHENTICATION_CLASSES\": [\n        \
                         \"rest_framework_simplejwt.authentication.JWTAuthentication\",\n    ],\n    \
                         \"DEFAULT_PERMISSION_CLASSES\": [\"rest_framework.permissions.IsAuthenticated\"],\n}",
                    ),
                    rem(
                        "express",
                        "javascript",
                        "const { auth } = require('express-oauth2-jwt-bearer');\n\n\
                         app.use('/api', auth({ audience: process.env.API_AUDIENCE, issuerBaseURL: process.env.ISSUER_URL }));",
                    ),
                    rem(
                        "nestjs",
                        "typescript",
                        "@Injectable()\nexport class JwtStrategy extends PassportStrategy(Strategy) { /* validate(payload) */ }\n\n\
                         @UseGuards(AuthGuard('jwt'))\n@Controller('orders')\nexport class OrdersController {}",
                    ),
                    rem(
                        "nextjs",
                        "typescript",
                        "// auth.ts\nimport NextAuth from 'next-auth';\nimport GitHub from 'next-auth/providers/github';\n\
                         export const { handlers, auth } = NextAuth({ providers: [GitHub] });",
                    ),
                    rem(
                        "gin",
                        "go",
                        "// github.com/golang-jwt/jwt/v5\nr.Use(func(c *gin.Context) {\n\
                         \ttok, err := jwt.Parse(bearer(c), keyFunc)\n\
                         \tif err != nil || !tok.Valid { c.AbortWithStatus(http.StatusUnauthorized); return }\n\
                         \tc.Next()\n})",
                    ),
                    rem(
                        "axum",
                        "rust",
                        "// jsonwebtoken: verify the bearer token in an extractor\n\
                         async fn me(claims: Claims) -> Json<User> { ... }\n\
                         impl<S: Send + Sync> FromRequestParts<S> for Claims { /* decode::<Claims>(token, &key, &Validation::default()) */ }",
                    ),
                    rem(
                        "actix-web",
                        "rust",
                        "use actix_web_httpauth::middleware::HttpAuthentication;\n\n\
                         App::new().wrap(HttpAuthentication::bearer(validate_token))",
                    ),
                    rem(
                        "spring-boot",
                        "java",
                        "@Bean\nSecurityFilterChain api(HttpSecurity http) throws Exception {\n    \
                         return http.authorizeHttpRequests(a -> a.anyRequest().authenticated())\n        \
                         .oauth2ResourceServer(o -> o.jwt(Customizer.withDefaults())).build();\n}",
                    ),
                    rem(
                        "generic",
                        "text",
                        "Put an authentication layer in front of every non-public route: verify a session or a \
                         signed token (JWT/OIDC) in middleware, and reject requests without one with 401.",
                    ),
                ],
                effort_hours: 8.0,
                pass_message: "authentication mechanism found".into(),
                fail_message: "no authentication mechanism protects the API".into(),
            },
        }
    }
}

impl Rule for Authentication {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        PATTERNS.scan(file, hits);
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        evidence.extend(dependency_evidence(project, DEPS));
        if evidence.is_empty() {
            return Outcome::fail(self.meta.fail_message.clone(), vec![]);
        }
        Outcome::pass_capped(self.meta.pass_message.clone(), evidence, MAX_EVIDENCE)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn patterns_compile() {
        assert_eq!(super::PATTERNS.len(), 13);
    }
}
