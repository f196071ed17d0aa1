//! The "Detected stack" section: what readycheck believed the repository is. Every `n/a` in the
//! report follows from these facts, so a reader who disagrees with one can see why.

use super::text::{code, text};
use crate::detect::Kind;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::paths::Role;
use std::fmt::Write as _;

/// Paths listed per line before "and N more".
const MAX_PATHS: usize = 10;

fn kind_label(k: Kind) -> &'static str {
    match k {
        Kind::Server => "HTTP server",
        Kind::Web => "front end",
        Kind::Database => "database",
        Kind::HttpClient => "HTTP client",
    }
}

fn ecosystem_label(e: Ecosystem) -> &'static str {
    match e {
        Ecosystem::Npm => "npm",
        Ecosystem::Pypi => "PyPI",
        Ecosystem::Cargo => "Cargo",
        Ecosystem::Go => "Go modules",
        Ecosystem::Maven => "Maven/Gradle",
        Ecosystem::Rubygems => "RubyGems",
        Ecosystem::Composer => "Composer",
    }
}

/// `a, b, c and 4 more`, or `none` for an empty list.
fn list(items: Vec<String>, none: &str) -> String {
    if items.is_empty() {
        return none.to_string();
    }
    let more = items.len().saturating_sub(MAX_PATHS);
    let mut s = items.into_iter().take(MAX_PATHS).collect::<Vec<_>>().join(", ");
    if more > 0 {
        let _ = write!(s, " and {more} more");
    }
    s
}

fn ci_label(provider: &str) -> String {
    match provider {
        "github-actions" => "GitHub Actions".to_string(),
        "gitlab-ci" => "GitLab CI".to_string(),
        "circleci" => "CircleCI".to_string(),
        "travis" => "Travis CI".to_string(),
        "jenkins" => "Jenkins".to_string(),
        "azure-pipelines" => "Azure Pipelines".to_string(),
        "bitbucket" => "Bitbucket Pipelines".to_string(),
        "buildkite" => "Buildkite".to_string(),
        "drone" => "Drone".to_string(),
        "cloud-build" => "Cloud Build".to_string(),
        "woodpecker" => "Woodpecker".to_string(),
        other => text(other),
    }
}

/// `yes (`path:line`)` from the first detection of `kind`, `yes` when the flag came from
/// elsewhere, `no` otherwise.
fn flag(p: &Project, on: bool, kind: Kind) -> String {
    if !on {
        return "no".to_string();
    }
    let first = p.stack.frameworks.iter().filter(|f| f.kind == kind).map(|f| &f.evidence).min();
    match first {
        Some(e) => format!("yes ({})", code(&crate::report::loc(&e.path, e.line))),
        None => "yes".to_string(),
    }
}

pub fn section(o: &mut String, p: &Project) {
    let s = &p.stack;
    let _ = writeln!(o, "## 🧰 Detected Stack\n");
    let _ = writeln!(o, "- **What it is**: {}", text(&s.describe()));

    // Servers and front ends by name; database and HTTP clients are generic detections, shown
    // as yes/no below.
    let mut frameworks: Vec<_> = s.frameworks.iter().filter(|f| matches!(f.kind, Kind::Server | Kind::Web)).collect();
    frameworks.sort_by(|a, b| (a.kind, &a.name, &a.evidence).cmp(&(b.kind, &b.name, &b.evidence)));
    frameworks.dedup_by(|a, b| a.id == b.id);
    let frameworks = frameworks
        .iter()
        .map(|f| {
            let at = crate::report::loc(&f.evidence.path, f.evidence.line);
            format!("{} ({}, {})", text(&f.name), kind_label(f.kind), code(&at))
        })
        .collect();
    let _ = writeln!(o, "- **Frameworks**: {}", list(frameworks, "none detected"));

    let mut languages: Vec<(&String, &usize)> = s.languages.iter().collect();
    languages.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let languages = languages
        .iter()
        .map(|(l, n)| format!("{} ({n} file{})", text(l), if **n == 1 { "" } else { "s" }))
        .collect();
    let _ = writeln!(o, "- **Languages** (shipped source): {}", list(languages, "none detected"));

    let manifests = p
        .manifests
        .iter()
        .filter(|m| !matches!(crate::paths::classify(&m.path), Role::Example | Role::Test))
        .map(|m| match m.ecosystem {
            Some(e) => format!("{} ({})", code(&m.path), ecosystem_label(e)),
            None => code(&m.path),
        })
        .collect();
    let _ = writeln!(o, "- **Manifests**: {}", list(manifests, "none"));
    let _ = writeln!(o, "- **Database**: {}", flag(p, s.db, Kind::Database));
    let _ = writeln!(
        o,
        "- **Calls other services over HTTP**: {}",
        flag(p, s.http_client, Kind::HttpClient)
    );
    let _ = writeln!(
        o,
        "- **Reads environment variables**: {}",
        match s.env_reads.len() {
            0 => "no".to_string(),
            n => format!("yes ({n} place{})", if n == 1 { "" } else { "s" }),
        }
    );

    let mut containers: Vec<String> = p.dockerfiles.iter().map(|d| code(&d.path)).collect();
    if p.condition("compose").is_ok() {
        containers.push("docker compose".to_string());
    }
    if s.k8s {
        containers.push("Kubernetes manifests".to_string());
    }
    let _ = writeln!(o, "- **Containers**: {}", list(containers, "none"));

    let ci =
        p.ci.iter()
            .map(|c| format!("{} ({})", code(&c.path), ci_label(&c.provider)))
            .collect();
    let _ = writeln!(o, "- **CI**: {}\n", list(ci, "none"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::Detected;
    use crate::model::Location;

    #[test]
    fn stack_lists_frameworks_once_and_languages_by_size() {
        let mut p = Project::default();
        let fw = |line| Detected {
            id: "express".into(),
            name: "Express".into(),
            kind: Kind::Server,
            evidence: Location {
                path: "src/index.js".into(),
                line,
                column: 0,
            },
        };
        let db = Detected {
            id: "db".into(),
            name: "database client".into(),
            kind: Kind::Database,
            evidence: Location {
                path: "package.json".into(),
                line: 12,
                column: 0,
            },
        };
        p.stack.frameworks = vec![fw(9), db, fw(3)];
        p.stack.db = true;
        p.stack.languages.insert("javascript".into(), 1);
        p.stack.languages.insert("typescript".into(), 5);
        let mut o = String::new();
        section(&mut o, &p);
        assert!(o.contains("Express (HTTP server, `src/index.js:3`)"), "{o}");
        assert!(!o.contains("src/index.js:9"), "{o}");
        assert!(!o.contains("database client"), "generic detections are not frameworks: {o}");
        assert!(o.contains("- **Database**: yes (`package.json:12`)"), "{o}");
        assert!(o.contains("- **Calls other services over HTTP**: no"), "{o}");
        assert!(o.contains("typescript (5 files), javascript (1 file)"), "{o}");
        assert!(o.contains("- **CI**: none"), "{o}");
    }

    #[test]
    fn long_lists_are_cut_with_a_count() {
        let items: Vec<String> = (0..13).map(|i| i.to_string()).collect();
        assert_eq!(list(items, "-"), "0, 1, 2, 3, 4, 5, 6, 7, 8, 9 and 3 more");
        assert_eq!(list(vec![], "none"), "none");
    }
}
