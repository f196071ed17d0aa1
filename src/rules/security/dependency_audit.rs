//! `dependency-audit`: a dependency vulnerability scan runs in CI.
//!
//! **Why**: new CVEs are published against packages that were fine when they were added; only a
//! scan that runs on every change (or on a schedule) notices that the lockfile now pins a
//! vulnerable version.
//!
//! **Passes**: a CI job runs a scanner — `npm audit` (not `npm audit signatures`), `yarn audit`,
//! `yarn npm audit`, `pnpm audit`, `bun audit`, audit-ci, `pip-audit`, `safety check|scan`,
//! `cargo audit`, `cargo deny check` (advisories included), `govulncheck`, `trivy fs|image|repo`,
//! `snyk test`, `grype`, `osv-scanner`, `bundle audit`, OWASP dependency-check (CLI, Maven,
//! `dependencyCheckAnalyze`), `composer audit`, `nancy`, `ossindex:audit` — directly, through an
//! npm script or a Makefile target that CI invokes; or uses a scanning action
//! (`github/codeql-action`, `aquasecurity/trivy-action`, `snyk/actions`, `anchore/scan-action`,
//! `google/osv-scanner-action`, `pypa/gh-action-pip-audit`, `rustsec/audit-check`,
//! `EmbarkStudios/cargo-deny-action`, `golang/govulncheck-action`,
//! `actions/dependency-review-action`, `docker/scout-action`), a GitLab Dependency-Scanning or
//! Container-Scanning template, or the Snyk CircleCI orb.
//!
//! **Fails**: no CI, or CI that never scans. `npm audit` in a README, a job merely *named*
//! "audit", and Dependabot security updates (that is `dependency-updates`) do not count.

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::model::{Category, Evidence, Hit, Location, Outcome, Remediation, RuleMeta, Severity};
use crate::paths::Role;
use crate::rule::{Rule, split_hits};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

const MAX_EVIDENCE: usize = 10;

/// CI actions (lowercase `owner/repo` prefixes) that scan for known vulnerabilities.
const ACTIONS: &[(&str, &str)] = &[
    ("github/codeql-action/", "CodeQL code scanning"),
    ("aquasecurity/trivy-action", "Trivy scan"),
    ("snyk/actions/", "Snyk scan"),
    ("anchore/scan-action", "Grype scan"),
    ("google/osv-scanner-action/", "OSV-Scanner"),
    ("google/osv-scanner/", "OSV-Scanner"),
    ("pypa/gh-action-pip-audit", "pip-audit"),
    ("rustsec/audit-check", "cargo audit"),
    ("actions-rs/audit-check", "cargo audit"),
    ("embarkstudios/cargo-deny-action", "cargo deny"),
    ("golang/govulncheck-action", "govulncheck"),
    ("actions/dependency-review-action", "dependency review"),
    ("docker/scout-action", "Docker Scout CVE scan"),
    ("dependency-check/dependency-check_action", "OWASP dependency-check"),
];

static TRIVY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\btrivy(?::[\w.-]+)?(?:\s+-{1,2}[\w-]+(?:[ =][^\s-]\S*)?)*\s+(?:fs|filesystem|image|i|repo|repository|rootfs|sbom|k8s|kubernetes|vm)\b")
        .expect("static regex")
});
static SNYK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bsnyk\s+(?:container\s+|iac\s+)?test\b").expect("static regex"));
static CARGO_DENY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bcargo[ -]deny\b(.*)").expect("static regex"));
static WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?:npm\s+audit|yarn\s+(?:npm\s+)?audit|pnpm(?:\s+-[\w-]+)*\s+audit|bun\s+audit|audit-ci|better-npm-audit|improved-yarn-audit|pip-audit|safety\s+(?:check|scan)|cargo[ -]audit|govulncheck|grype|osv-scanner|bundle(?:r)?[ -]audit|bundle\s+exec\s+bundle[ -]audit|dependency-check(?:\.sh|:check|:aggregate|-maven)?|dependencyCheck(?:Analyze|Aggregate)|composer\s+audit|nancy\s+sleuth|ossindex:audit|poetry\s+audit)\b",
    )
    .expect("static regex")
});
/// A CI command that runs an npm script: (runner, script).
static NPM_RUN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:npm\s+run(?:-script)?|yarn(?:\s+run)?|pnpm(?:\s+(?:-r|--recursive|-w))*(?:\s+run)?|bun\s+run)\s+([\w:.-]+)")
        .expect("static regex")
});
static MAKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bmake(?:\s+-[Cf]\s*\S+|\s+-\w+)*\s+([\w.-]+(?:\s+[\w.-]+)*)").expect("static regex"));
static MAKE_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([A-Za-z0-9_.-]+(?:[ \t]+[A-Za-z0-9_.-]+)*)[ \t]*:(?:[^=]|$)").expect("static regex"));

/// Commands that install a tool rather than run it (`cargo install cargo-audit`, `curl …/grype/install.sh`).
const INSTALLERS: &[&str] = &[
    "cargo install",
    "cargo binstall",
    "pip install",
    "pip3 install",
    "python -m pip install",
    "python3 -m pip install",
    "pipx install",
    "uv pip install",
    "uv tool install",
    "poetry self add",
    "npm install",
    "npm i ",
    "npm ci",
    "yarn add",
    "yarn global add",
    "pnpm add",
    "bun add",
    "go install",
    "go get",
    "brew install",
    "apt-get install",
    "apt install",
    "apk add",
    "gem install",
    "curl ",
    "wget ",
    "docker pull",
    "choco install",
];

/// The scanner a shell command runs, if any: each `&&`/`;`/`|` segment is judged on its own, and
/// segments that only install a tool do not count.
pub fn audit_command(cmd: &str) -> Option<&'static str> {
    cmd.split(['&', ';', '|'])
        .map(str::trim)
        .filter(|seg| !seg.is_empty())
        .find_map(|seg| {
            let lower = seg.to_ascii_lowercase();
            let lower = lower.trim_start_matches("sudo ");
            if INSTALLERS.iter().any(|i| lower.starts_with(i)) {
                return None;
            }
            audit_segment(seg)
        })
}

fn audit_segment(cmd: &str) -> Option<&'static str> {
    if let Some(m) = WORDS.find(cmd) {
        let w = m.as_str();
        let rest = &cmd[m.end()..];
        if w.starts_with("npm") && rest.trim_start().starts_with("signatures") {
            return None;
        }
        return Some(if w.starts_with("npm") {
            "npm audit"
        } else if w.starts_with("yarn") {
            "yarn audit"
        } else if w.starts_with("pnpm") {
            "pnpm audit"
        } else if w.starts_with("pip-audit") {
            "pip-audit"
        } else if w.starts_with("safety") {
            "safety"
        } else if w.starts_with("cargo") {
            "cargo audit"
        } else if w.starts_with("govulncheck") {
            "govulncheck"
        } else if w.starts_with("grype") {
            "grype"
        } else if w.starts_with("osv-scanner") {
            "osv-scanner"
        } else if w.contains("ependency") {
            "OWASP dependency-check"
        } else {
            "dependency audit"
        });
    }
    if let Some(c) = CARGO_DENY.captures(cmd) {
        let args = c.get(1).map_or("", |m| m.as_str());
        if let Some(i) = args.find("check") {
            let checks: Vec<&str> = args[i + 5..]
                .split_whitespace()
                .take_while(|a| !a.starts_with('-') && !a.contains('&') && !a.contains('|'))
                .collect();
            if checks.is_empty() || checks.contains(&"advisories") || checks.contains(&"all") {
                return Some("cargo deny advisories");
            }
        }
        return None;
    }
    if TRIVY.is_match(cmd) {
        return Some("Trivy scan");
    }
    if SNYK.is_match(cmd) {
        return Some("Snyk scan");
    }
    None
}

/// The scanning action a `uses:` reference names, if any.
fn audit_action(uses: &str) -> Option<&'static str> {
    let u = uses.trim().to_ascii_lowercase();
    let base = u.split('@').next().unwrap_or(&u);
    ACTIONS
        .iter()
        .find(|(prefix, _)| {
            let p = prefix.trim_end_matches('/');
            base == p || base.starts_with(prefix) || base.starts_with(&format!("{p}/"))
        })
        .map(|(_, m)| *m)
}

pub struct DependencyAudit {
    meta: RuleMeta,
}

fn rem(framework: &str, lang: &str, snippet: &str) -> Remediation {
    Remediation {
        framework: framework.into(),
        lang: lang.into(),
        snippet: snippet.into(),
    }
}

impl DependencyAudit {
    pub fn new() -> DependencyAudit {
        DependencyAudit {
            meta: RuleMeta {
                id: "dependency-audit".into(),
                category: Category::Security,
                severity: Severity::Medium,
                title: "Dependency vulnerability scan in CI".into(),
                rationale: "New vulnerabilities are published against packages that were fine when they were added. \
                            Only a scan that runs in CI notices that the lockfile now pins a vulnerable version, before \
                            it ships again."
                    .into(),
                detection: "Passes when a CI command runs a scanner (npm/yarn/pnpm/bun audit but not `npm audit \
                            signatures`, audit-ci, pip-audit, safety check/scan, cargo audit, cargo deny check with \
                            advisories, govulncheck, trivy fs/image/repo, snyk test, grype, osv-scanner, bundle audit, \
                            OWASP dependency-check, dependencyCheckAnalyze, composer audit, nancy, ossindex:audit) — \
                            directly or through an npm script or Makefile target that CI invokes — or uses a scanning \
                            action (github/codeql-action, aquasecurity/trivy-action, snyk/actions, anchore/scan-action, \
                            google/osv-scanner-action, pypa/gh-action-pip-audit, rustsec/audit-check, \
                            EmbarkStudios/cargo-deny-action, golang/govulncheck-action, actions/dependency-review-action, \
                            docker/scout-action), a GitLab Dependency-Scanning/Container-Scanning template or the Snyk \
                            CircleCI orb. Commands in READMEs, job names and Dependabot security updates do not count; \
                            a repository without CI fails."
                    .into(),
                applies_to: vec![],
                remediation: vec![
                    rem(
                        "express",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: npm ci\n      - run: npm audit --omit=dev --audit-level=high",
                    ),
                    rem(
                        "nestjs",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: npm ci\n      - run: npm audit --omit=dev --audit-level=high",
                    ),
                    rem(
                        "nextjs",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: pnpm install --frozen-lockfile\n      - run: pnpm audit --prod --audit-level high",
                    ),
                    rem(
                        "fastapi",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - uses: pypa/gh-action-pip-audit@v1.1.0\n        with:\n          inputs: requirements.txt",
                    ),
                    rem(
                        "flask",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: pip install pip-audit\n      - run: pip-audit -r requirements.txt",
                    ),
                    rem(
                        "django",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: pip install pip-audit\n      - run: pip-audit -r requirements.txt",
                    ),
                    rem(
                        "axum",
                        "yaml",
                        "# .github/workflows/audit.yml\n      - uses: rustsec/audit-check@v2\n        with:\n          token: ${{ secrets.GITHUB_TOKEN }}",
                    ),
                    rem(
                        "actix-web",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: cargo install cargo-audit --locked\n      - run: cargo audit",
                    ),
                    rem(
                        "gin",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - uses: golang/govulncheck-action@v1\n        with:\n          go-package: ./...",
                    ),
                    rem(
                        "spring-boot",
                        "yaml",
                        "# .github/workflows/ci.yml\n      - run: mvn -B org.owasp:dependency-check-maven:check -DfailBuildOnCVSS=7",
                    ),
                    rem(
                        "generic",
                        "yaml",
                        "# .github/workflows/scan.yml\n      - uses: aquasecurity/trivy-action@0.28.0\n        with:\n          scan-type: fs\n          severity: HIGH,CRITICAL\n          exit-code: '1'",
                    ),
                ],
                effort_hours: 1.0,
                pass_message: "a dependency vulnerability scan runs in CI".into(),
                fail_message: "no dependency vulnerability scan runs in CI".into(),
            },
        }
    }
}

/// Walks a parsed CI document for scanning actions, GitLab templates and CircleCI orbs.
fn walk_yaml(value: &serde_json::Value, found: &mut Vec<(String, &'static str)>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(uses) = map.get("uses").and_then(|u| u.as_str())
                && let Some(what) = audit_action(uses)
            {
                // cargo-deny-action runs every check unless `command` narrows it to non-advisory ones.
                let narrowed = map
                    .get("with")
                    .and_then(|w| w.get("command").or_else(|| w.get("arguments")))
                    .and_then(|c| c.as_str())
                    .is_some_and(|c| what == "cargo deny" && audit_command(&format!("cargo deny {c}")).is_none() && c.contains("check"));
                if !narrowed {
                    found.push((uses.to_string(), what));
                }
            }
            if let Some(include) = map.get("include") {
                let items: Vec<&serde_json::Value> = match include {
                    serde_json::Value::Array(a) => a.iter().collect(),
                    other => vec![other],
                };
                for it in items {
                    let t = it.get("template").and_then(|t| t.as_str()).or_else(|| it.as_str()).unwrap_or("");
                    if t.contains("Dependency-Scanning") || t.contains("Container-Scanning") {
                        found.push((t.to_string(), "GitLab dependency scanning"));
                    }
                }
            }
            if let Some(orbs) = map.get("orbs").and_then(|o| o.as_object()) {
                for v in orbs.values().filter_map(|v| v.as_str()) {
                    if v.starts_with("snyk/snyk@") {
                        found.push((v.to_string(), "Snyk orb"));
                    }
                }
            }
            for v in map.values() {
                walk_yaml(v, found);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| walk_yaml(v, found)),
        _ => {}
    }
}

fn is_makefile(name: &str) -> bool {
    matches!(name, "Makefile" | "makefile" | "GNUmakefile") || name.ends_with(".mk")
}

impl Rule for DependencyAudit {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, file: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        if matches!(file.info.role, Role::Test | Role::Example | Role::Doc) {
            return;
        }
        let name = file.info.name();
        if is_makefile(name) {
            // Targets whose recipe runs a scanner, for CI steps that call `make <target>`.
            let mut targets: Vec<String> = vec![];
            let mut offset = 0;
            for line in file.text.split_inclusive('\n') {
                let start = offset;
                offset += line.len();
                if line.starts_with('\t') {
                    if let Some(what) = audit_command(line) {
                        for t in &targets {
                            hits.push(Hit::Fact {
                                tag: "make".into(),
                                value: format!("{t}\t{what}"),
                                location: file.location(start),
                            });
                        }
                    }
                } else if let Some(c) = MAKE_TARGET.captures(line.trim_end()) {
                    targets = c[1].split_whitespace().map(str::to_string).collect();
                } else if !line.trim().is_empty() && !line.starts_with('#') {
                    targets.clear();
                }
            }
            return;
        }
        if crate::index::ci::provider(file.path()).is_none() || crate::index::ci::provider(file.path()) == Some("jenkins") {
            return;
        }
        let Some(docs) = file.yaml() else { return };
        let mut found = vec![];
        for d in docs {
            walk_yaml(d, &mut found);
        }
        for (text, what) in found {
            let at = file.text.find(&text).unwrap_or(0);
            hits.push(file.evidence_at(at, what));
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        let (_, mut evidence) = split_hits(hits);
        // npm scripts and make targets that run a scanner.
        let mut scripts: BTreeMap<&str, &'static str> = BTreeMap::new();
        for m in project.manifests_of(crate::index::manifests::Ecosystem::Npm) {
            for (k, v) in &m.scripts {
                if let Some(what) = audit_command(v) {
                    scripts.insert(k.as_str(), what);
                }
            }
        }
        let mut targets: BTreeMap<&str, (&str, &Location)> = BTreeMap::new();
        for h in hits {
            if let Hit::Fact { tag, value, location } = h
                && tag == "make"
                && let Some((t, what)) = value.split_once('\t')
            {
                targets.entry(t).or_insert((what, location));
            }
        }
        for ci in project
            .ci
            .iter()
            .filter(|c| !matches!(crate::paths::classify(&c.path), Role::Test | Role::Example))
        {
            for (line, cmd) in &ci.commands {
                let at = Location {
                    path: ci.path.clone(),
                    line: *line,
                    column: 1,
                };
                if let Some(what) = audit_command(cmd) {
                    evidence.push(Evidence {
                        location: at,
                        message: format!("CI runs {what}"),
                    });
                    continue;
                }
                if let Some(c) = NPM_RUN.captures(cmd)
                    && let Some(what) = scripts.get(&c[1])
                {
                    evidence.push(Evidence {
                        location: at,
                        message: format!("CI runs the `{}` script ({what})", &c[1]),
                    });
                    continue;
                }
                if let Some(c) = MAKE.captures(cmd)
                    && let Some((t, (what, loc))) = c[1].split_whitespace().find_map(|t| targets.get(t).map(|v| (t, *v)))
                {
                    evidence.push(Evidence {
                        location: at,
                        message: format!("CI runs `make {t}` ({what})"),
                    });
                    evidence.push(Evidence {
                        location: (*loc).clone(),
                        message: format!("`{t}` target runs {what}"),
                    });
                }
            }
        }
        if evidence.is_empty() {
            let msg = if project
                .ci
                .iter()
                .all(|c| matches!(crate::paths::classify(&c.path), Role::Test | Role::Example))
            {
                "no CI configuration, so no dependency vulnerability scan runs".to_string()
            } else {
                self.meta.fail_message.clone()
            };
            return Outcome::fail(msg, vec![]);
        }
        Outcome::pass_capped(self.meta.pass_message.clone(), evidence, MAX_EVIDENCE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands() {
        for ok in [
            "npm audit --audit-level=high",
            "npm audit --omit=dev",
            "yarn npm audit --all",
            "pnpm audit --prod",
            "pip-audit -r requirements.txt",
            "uvx pip-audit",
            "safety check --full-report",
            "cargo audit",
            "cargo deny check",
            "cargo deny --all-features check advisories",
            "govulncheck ./...",
            "trivy fs --exit-code 1 .",
            "trivy --quiet image app:latest",
            "snyk test --severity-threshold=high",
            "grype dir:.",
            "osv-scanner --lockfile=package-lock.json",
            "bundle exec bundle-audit check --update",
            "mvn -B org.owasp:dependency-check-maven:check",
            "./gradlew dependencyCheckAnalyze",
            "pip install pip-audit && pip-audit",
            "docker run --rm aquasec/trivy:0.52.0 image app:latest",
        ] {
            assert!(audit_command(ok).is_some(), "{ok}");
        }
        for no in [
            "npm audit signatures",
            "npm ci",
            "cargo deny check licenses bans",
            "trivy config .",
            "echo audit",
            "snyk auth $SNYK_TOKEN",
            "pytest -q",
            "cargo install cargo-audit --locked",
            "go install golang.org/x/vuln/cmd/govulncheck@latest",
            "curl -sSfL https://raw.githubusercontent.com/anchore/grype/main/install.sh | sh -s -- -b /usr/local/bin",
            "pip install safety",
        ] {
            assert!(audit_command(no).is_none(), "{no}");
        }
    }

    #[test]
    fn actions() {
        assert_eq!(audit_action("aquasecurity/trivy-action@0.28.0"), Some("Trivy scan"));
        assert_eq!(audit_action("snyk/actions/node@master"), Some("Snyk scan"));
        assert_eq!(audit_action("github/codeql-action/analyze@v3"), Some("CodeQL code scanning"));
        assert_eq!(audit_action("EmbarkStudios/cargo-deny-action@v2"), Some("cargo deny"));
        assert_eq!(
            audit_action("google/osv-scanner-action/.github/workflows/osv-scanner-reusable.yml@v1.9.0"),
            Some("OSV-Scanner")
        );
        assert_eq!(audit_action("actions/checkout@v4"), None);
        assert_eq!(audit_action("aquasecurity/setup-trivy@v0.2.0"), None);
    }

    #[test]
    fn npm_and_make_invocations() {
        assert_eq!(&NPM_RUN.captures("npm run audit:deps").unwrap()[1], "audit:deps");
        assert_eq!(&NPM_RUN.captures("yarn security").unwrap()[1], "security");
        assert_eq!(&MAKE.captures("make -C backend audit").unwrap()[1], "audit");
    }
}
