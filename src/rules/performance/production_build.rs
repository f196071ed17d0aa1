//! `production-build`: container images build and run in release/production mode.
//!
//! **Why**: a dev server in the image (`npm run dev`, `flask run`, `uvicorn --reload`,
//! `cargo run`) is slow, single-process, watches files, often serves debug pages, and ships the
//! whole toolchain; a debug Rust build is many times slower; a Node image installed with dev
//! dependencies and without `NODE_ENV=production` is larger and runs frameworks in dev mode.
//!
//! **Fails**, per production Dockerfile (not `Dockerfile.dev`, `*.dev.Dockerfile`,
//! `.devcontainer/`), at the offending instruction:
//! - the final stage's effective `CMD`/`ENTRYPOINT` (inherited through `FROM <stage>`) runs a dev
//!   server: `npm run dev` and other dev scripts (`npm start` resolved through package.json),
//!   `next dev`, `nodemon`, `ts-node`, `tsx watch`, `node --watch`, `vite`, `webpack serve`,
//!   `react-scripts start`, `ng serve`, `nest start --watch`, `flask run`, `fastapi dev`,
//!   `uvicorn/gunicorn … --reload`, `manage.py runserver`, `cargo run` without `--release`,
//!   `cargo watch`, `go run`, `air`;
//! - a Node final stage whose Dockerfile installs packages but never sets `NODE_ENV=production`
//!   nor installs production-only (`npm ci --omit=dev`, `--production`, `--prod`, `npm prune`);
//! - `cargo build` without `--release` (or a `--profile`).
//!
//! A final stage named `dev`/`development`/`local`/`debug`/`test` is skipped in favour of the last
//! stage that is not (multi-target Dockerfiles).

use crate::index::Project;
use crate::index::dockerfile::{Dockerfile, Instruction, Stage};
use crate::index::manifests::Ecosystem;
use crate::model::{Category, Evidence, Finding, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::Rule;
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

pub struct ProductionBuild {
    meta: RuleMeta,
}

/// npm script names that start a development server by convention.
/// (`serve` is not here: it names production static servers as often as dev servers; its body
/// is resolved instead.)
const DEV_SCRIPTS: &[&str] = &["dev", "develop", "start:dev", "dev:server", "watch", "start:watch", "start:debug"];
/// Stage aliases that are development targets.
const DEV_STAGES: &[&str] = &["dev", "development", "develop", "local", "debug", "test", "tests", "testing"];

static NODE_ENV_PROD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?-u:\b)NODE_ENV\s*[= ]\s*["']?production(?-u:\b)"#).expect("static regex"));
static PROD_INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"--omit[= ]dev(?-u:\b)|--only[= ]prod(?:uction)?(?-u:\b)|--production(?-u:\b)|--prod(?-u:\b)|(?-u:\b)npm\s+prune(?-u:\b)|(?-u:\b)workspaces\s+focus(?-u:\b)[^\n]*--production",
    )
    .expect("static regex")
});
static JS_INSTALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?-u:\b)(?:npm\s+(?:ci|install|i)|yarn(?:\s+install)?|pnpm\s+(?:install|i)|bun\s+install)(?-u:\b)").expect("static regex")
});
static CARGO_BUILD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?-u:\b)cargo\s+(?:\+\S+\s+)?build(?-u:\b)").expect("static regex"));
static RELEASE_FLAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)(?:--release|-r|--profile(?:[= ]\S+)?)(?:\s|$)").expect("static regex"));

impl ProductionBuild {
    pub fn new() -> ProductionBuild {
        ProductionBuild {
            meta: RuleMeta {
                id: "production-build".into(),
                category: Category::Performance,
                severity: Severity::Low,
                title: "Images build and run in production mode".into(),
                rationale: "A dev server in the image (npm run dev, flask run, uvicorn --reload, cargo run) is slow, \
                            single-process, watches files and may serve debug pages; a debug Rust build runs many \
                            times slower; a Node image with dev dependencies and without NODE_ENV=production is \
                            larger and runs frameworks in development mode."
                    .into(),
                detection: "Reads each production Dockerfile (not Dockerfile.dev, *.dev.Dockerfile or .devcontainer/). \
                            Fails when the final stage's effective CMD/ENTRYPOINT runs a dev server (npm/yarn/pnpm dev \
                            scripts, `npm start` resolved through package.json, next dev, nodemon, ts-node, tsx watch, \
                            node --watch, vite, webpack serve, ng serve, nest start --watch, flask run, fastapi dev, \
                            uvicorn/gunicorn --reload, manage.py runserver, cargo run without --release, cargo watch, \
                            go run, air); when a Node final stage installs packages without NODE_ENV=production or a \
                            production-only install (--omit=dev, --production, --prod, npm prune); when `cargo build` \
                            runs without --release or a --profile. A final stage named dev/development/local/debug/test \
                            gives way to the last stage that is not."
                    .into(),
                applies_to: vec!["docker".into()],
                remediation: vec![
                    Remediation {
                        framework: "express".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM node:20.11-alpine\nWORKDIR /app\nENV NODE_ENV=production\n\
                                  COPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\n\
                                  CMD [\"node\", \"src/server.js\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "nextjs".into(),
                        lang: "dockerfile".into(),
                        snippet: "RUN npm ci && npm run build\n\n\
                                  FROM node:20.11-alpine\nENV NODE_ENV=production\n\
                                  COPY --from=build /app/.next/standalone ./\nCOPY --from=build /app/.next/static ./.next/static\n\
                                  CMD [\"node\", \"server.js\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "fastapi".into(),
                        lang: "dockerfile".into(),
                        snippet: "CMD [\"gunicorn\", \"-k\", \"uvicorn.workers.UvicornWorker\", \"-w\", \"4\", \"-b\", \"0.0.0.0:8000\", \"app.main:app\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "flask".into(),
                        lang: "dockerfile".into(),
                        snippet: "CMD [\"gunicorn\", \"-w\", \"4\", \"-b\", \"0.0.0.0:8000\", \"app:create_app()\"]".into(),
                    },
                    Remediation {
                        framework: "django".into(),
                        lang: "dockerfile".into(),
                        snippet: "CMD [\"gunicorn\", \"config.wsgi:application\", \"-w\", \"4\", \"-b\", \"0.0.0.0:8000\"]".into(),
                    },
                    Remediation {
                        framework: "axum".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM rust:1.80 AS build\nWORKDIR /src\nCOPY . .\nRUN cargo build --release --locked\n\n\
                                  FROM debian:12-slim\nCOPY --from=build /src/target/release/api /usr/local/bin/api\n\
                                  CMD [\"api\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "gin".into(),
                        lang: "dockerfile".into(),
                        snippet: "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\n\
                                  RUN CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /app ./cmd/server\n\n\
                                  FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /app /app\n\
                                  ENTRYPOINT [\"/app\"]"
                            .into(),
                    },
                    Remediation {
                        framework: "generic".into(),
                        lang: "text".into(),
                        snippet: "Build the release artefact in the image and start the production server (node \
                                  dist/main.js, gunicorn, a release binary); keep dev servers in Dockerfile.dev or \
                                  compose overrides."
                            .into(),
                    },
                ],
                effort_hours: 1.0,
                pass_message: "images build and run in production mode".into(),
                fail_message: "an image runs a dev server or a development build".into(),
            },
        }
    }
}

/// True for Dockerfiles meant for development by their name or folder.
fn is_dev_dockerfile(path: &str) -> bool {
    if path.split('/').any(|d| d == ".devcontainer") {
        return true;
    }
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    name.split(['.', '-', '_'])
        .any(|part| matches!(part, "dev" | "development" | "local" | "debug" | "test" | "devcontainer"))
}

/// The stage that ships, and the stages it builds on (base first).
fn shipped_chain(df: &Dockerfile) -> Vec<&Stage> {
    let Some(last) = df.stages.iter().rev().find(|s| {
        !s.alias
            .as_deref()
            .is_some_and(|a| DEV_STAGES.contains(&a.to_ascii_lowercase().as_str()))
    }) else {
        return vec![];
    };
    let mut chain = vec![last];
    let mut cur = last;
    while cur.from_stage && chain.len() <= df.stages.len() {
        let Some(base) = df
            .stages
            .iter()
            .find(|s| s.alias.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(&cur.image)))
        else {
            break;
        };
        chain.push(base);
        cur = base;
    }
    chain.reverse();
    chain
}

/// The last instruction with `keyword` along a stage chain.
fn last_of<'d>(chain: &[&'d Stage], keyword: &str) -> Option<&'d Instruction> {
    chain
        .iter()
        .rev()
        .find_map(|s| s.instructions.iter().rev().find(|i| i.keyword == keyword))
}

/// The command an exec-form (`["a", "b"]`) or shell-form instruction runs, as one string.
fn command_text(args: &str) -> String {
    let t = args.trim();
    if t.starts_with('[')
        && let Ok(parts) = serde_json::from_str::<Vec<String>>(t)
    {
        return parts.join(" ");
    }
    t.to_string()
}

/// Why a command starts a development server, if it does. `scripts` resolves `npm start` etc.
fn dev_server(cmd: &str, scripts: Option<&BTreeMap<String, String>>, depth: usize) -> Option<String> {
    let normalized = cmd.replace("&&", ";").replace("||", ";").replace('|', ";");
    for segment in normalized.split(';') {
        let tokens: Vec<&str> = segment
            .split_whitespace()
            .map(|t| t.trim_matches(|c| c == '"' || c == '\''))
            .filter(|t| !t.is_empty())
            .collect();
        let has = |f: &str| tokens.iter().any(|t| *t == f || t.starts_with(&format!("{f}=")));
        for (i, t) in tokens.iter().enumerate() {
            let next = tokens.get(i + 1).copied().unwrap_or("");
            let base = t.rsplit('/').next().unwrap_or(t);
            let why = match base {
                "npm" | "pnpm" | "yarn" | "bun" => {
                    let mut j = i + 1;
                    while tokens.get(j).is_some_and(|a| a.starts_with('-')) {
                        j += 1;
                    }
                    if matches!(tokens.get(j).copied(), Some("run" | "run-script")) {
                        j += 1;
                    }
                    let Some(script) = tokens.get(j).copied() else { continue };
                    if DEV_SCRIPTS.contains(&script) {
                        Some(format!("`{base} run {script}` starts a development server"))
                    } else if depth == 0
                        && let Some(body) = scripts.and_then(|s| s.get(script))
                    {
                        dev_server(body, None, depth + 1).map(|w| format!("the `{script}` script: {w}"))
                    } else {
                        None
                    }
                }
                "nodemon" | "ts-node-dev" | "tsnd" | "ts-node" | "webpack-dev-server" => Some(format!("`{base}` is a development runner")),
                _ if t.starts_with("ts-node/") => Some("`ts-node` compiles TypeScript at run time".to_string()),
                "node" if has("--watch") => Some("`node --watch` is a development runner".to_string()),
                "next" if next == "dev" => Some("`next dev` is the development server".to_string()),
                "vite" if !matches!(next, "build" | "preview" | "optimize") => Some("`vite` is the development server".to_string()),
                "tsx" if next == "watch" => Some("`tsx watch` is a development runner".to_string()),
                "webpack" if next == "serve" => Some("`webpack serve` is the development server".to_string()),
                "react-scripts" if next == "start" => Some("`react-scripts start` is the development server".to_string()),
                "ng" if next == "serve" => Some("`ng serve` is the development server".to_string()),
                "vue-cli-service" if next == "serve" => Some("`vue-cli-service serve` is the development server".to_string()),
                "nest" if next == "start" && (has("--watch") || has("-w")) => {
                    Some("`nest start --watch` is a development runner".to_string())
                }
                "flask" if next == "run" => Some("`flask run` is the development server".to_string()),
                "fastapi" if next == "dev" => Some("`fastapi dev` is the development server".to_string()),
                "uvicorn" | "gunicorn" | "hypercorn" if has("--reload") => Some(format!("`{base} --reload` watches files")),
                "django-admin" if next == "runserver" => Some("`runserver` is Django's development server".to_string()),
                _ if base == "manage.py" && next == "runserver" => Some("`manage.py runserver` is Django's development server".to_string()),
                "cargo" if next == "run" && !(has("--release") || has("-r") || has("--profile")) => {
                    Some("`cargo run` without `--release` builds and runs a debug binary".to_string())
                }
                "cargo" if next == "watch" => Some("`cargo watch` is a development runner".to_string()),
                "go" if next == "run" => Some("`go run` compiles at start-up; ship a built binary".to_string()),
                "air" if i == 0 || matches!(tokens.get(i.wrapping_sub(1)).copied(), Some("exec")) => {
                    Some("`air` is a live-reload runner".to_string())
                }
                _ => None,
            };
            if why.is_some() {
                return why;
            }
        }
    }
    None
}

/// npm scripts of the package.json beside the Dockerfile, else at the root.
fn scripts_for<'p>(project: &'p Project, dockerfile: &str) -> Option<&'p BTreeMap<String, String>> {
    let dir = dockerfile.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let wanted = if dir.is_empty() {
        "package.json".to_string()
    } else {
        format!("{dir}/package.json")
    };
    let mut npm = project.manifests_of(Ecosystem::Npm);
    npm.find(|m| m.path == wanted)
        .or_else(|| project.manifests_of(Ecosystem::Npm).find(|m| m.path == "package.json"))
        .map(|m| &m.scripts)
}

fn is_node_image(name: &str) -> bool {
    let last = name.rsplit('/').next().unwrap_or(name).to_ascii_lowercase();
    last == "node" || last.starts_with("nodejs") || last.starts_with("node-")
}

fn finding(path: &str, line: usize, text: String, message: String) -> Finding {
    Finding {
        location: Location {
            path: path.to_string(),
            line,
            column: 1,
        },
        message,
        snippet: Some(crate::redact::snippet(&text)),
    }
}

fn evidence(path: &str, line: usize, message: &str) -> Evidence {
    Evidence {
        location: Location {
            path: path.to_string(),
            line,
            column: 1,
        },
        message: message.to_string(),
    }
}

/// Findings and evidence for one Dockerfile.
fn check(project: &Project, df: &Dockerfile, findings: &mut Vec<Finding>, evidence_out: &mut Vec<Evidence>) {
    let chain = shipped_chain(df);
    if chain.is_empty() {
        return;
    }
    let scripts = scripts_for(project, &df.path);
    for kw in ["ENTRYPOINT", "CMD"] {
        if let Some(inst) = last_of(&chain, kw) {
            match dev_server(&command_text(&inst.args), scripts, 0) {
                Some(why) => findings.push(finding(&df.path, inst.line, format!("{kw} {}", inst.args), why)),
                None => evidence_out.push(evidence(&df.path, inst.line, "production start command")),
            }
        }
    }
    if chain.iter().any(|s| is_node_image(&s.name)) {
        let installs = df.instructions().any(|i| i.keyword == "RUN" && JS_INSTALL.is_match(&i.args));
        let marker = df.instructions().find(|i| {
            (matches!(i.keyword.as_str(), "ENV" | "ARG" | "RUN" | "CMD" | "ENTRYPOINT") && NODE_ENV_PROD.is_match(&i.args))
                || (i.keyword == "RUN" && PROD_INSTALL.is_match(&i.args))
        });
        match (installs, marker) {
            (_, Some(m)) => evidence_out.push(evidence(&df.path, m.line, "production-only Node dependencies")),
            (true, None) => {
                if let Some(last) = chain.last() {
                    findings.push(finding(
                        &df.path,
                        last.line,
                        format!("FROM {}", last.image),
                        "Node image without `NODE_ENV=production` or a production-only install (`npm ci --omit=dev`)".to_string(),
                    ));
                }
            }
            (false, None) => {}
        }
    }
    let dev_aliases: Vec<&str> = df
        .stages
        .iter()
        .filter_map(|s| s.alias.as_deref())
        .filter(|a| DEV_STAGES.contains(&a.to_ascii_lowercase().as_str()))
        .collect();
    for stage in df
        .stages
        .iter()
        .filter(|s| !s.alias.as_deref().is_some_and(|a| dev_aliases.contains(&a)))
    {
        for inst in stage.instructions.iter().filter(|i| i.keyword == "RUN") {
            for m in CARGO_BUILD.find_iter(&inst.args) {
                let rest = &inst.args[m.end()..];
                let this_cmd = rest.split(['&', ';', '|']).next().unwrap_or(rest);
                if RELEASE_FLAG.is_match(this_cmd) {
                    evidence_out.push(evidence(&df.path, inst.line, "release build"));
                } else {
                    findings.push(finding(
                        &df.path,
                        inst.line,
                        format!("RUN {}", inst.args),
                        "`cargo build` without `--release` ships a debug build".to_string(),
                    ));
                }
            }
        }
    }
}

impl Rule for ProductionBuild {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn evaluate(&self, project: &Project, _hits: &[Hit]) -> Outcome {
        let shipped: Vec<&Dockerfile> = project
            .dockerfiles
            .iter()
            .filter(|d| !matches!(crate::paths::classify(&d.path), Role::Test | Role::Example) && !is_dev_dockerfile(&d.path))
            .collect();
        if shipped.is_empty() {
            return Outcome::not_applicable("only development Dockerfiles found");
        }
        let mut findings = vec![];
        let mut ev = vec![];
        for df in shipped {
            check(project, df, &mut findings, &mut ev);
        }
        if findings.is_empty() {
            return Outcome::pass(self.meta.pass_message.clone(), ev);
        }
        Outcome::fail(self.meta.fail_message.clone(), findings)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_servers() {
        for cmd in [
            "npm run dev",
            "yarn dev",
            "pnpm start:dev",
            "npx nodemon src/index.js",
            "node -r ts-node/register src/main.ts",
            "next dev -p 3000",
            "uvicorn app.main:app --host 0.0.0.0 --reload",
            "python manage.py runserver 0.0.0.0:8000",
            "python -m flask run --host=0.0.0.0",
            "cargo run --bin api",
            "go run ./cmd/server",
            "sh -c npm run dev",
            "vite --host",
        ] {
            assert!(dev_server(cmd, None, 0).is_some(), "{cmd}");
        }
        for cmd in [
            "node dist/main.js",
            "npm start",
            "gunicorn -k uvicorn.workers.UvicornWorker app.main:app",
            "uvicorn app.main:app --host 0.0.0.0",
            "cargo run --release",
            "next start",
            "vite preview",
            "/app/server",
            "npm run build",
        ] {
            assert!(dev_server(cmd, None, 0).is_none(), "{cmd}");
        }
        let scripts = BTreeMap::from([("start".to_string(), "nodemon index.js".to_string())]);
        assert!(dev_server("npm start", Some(&scripts), 0).is_some());
    }

    #[test]
    fn dev_dockerfile_names() {
        assert!(is_dev_dockerfile("Dockerfile.dev"));
        assert!(is_dev_dockerfile("docker/api.dev.Dockerfile"));
        assert!(is_dev_dockerfile(".devcontainer/Dockerfile"));
        assert!(!is_dev_dockerfile("Dockerfile"));
        assert!(!is_dev_dockerfile("docker/api.Dockerfile"));
        assert!(!is_dev_dockerfile("Dockerfile.prod"));
    }

    #[test]
    fn exec_form() {
        assert_eq!(command_text(r#"["npm", "run", "dev"]"#), "npm run dev");
        assert_eq!(command_text("npm run dev"), "npm run dev");
    }
}
