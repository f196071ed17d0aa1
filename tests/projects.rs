//! Whole-project fixtures: the verdicts a careful reviewer would give, plus JSON snapshots that pin
//! every score, finding and piece of evidence (review changes with `cargo insta review`).

use readycheck::engine::{ScanOptions, ScanResult, scan};
use readycheck::model::Status;
use readycheck::report::{Format, RenderOptions, reporter};
use readycheck::score::Verdict;
use std::path::Path;

fn run(name: &str) -> ScanResult {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects").join(name);
    let rules = readycheck::rules::builtin().unwrap();
    // A fixed date: the reports print it, and snapshots must not change with the calendar.
    let opts = ScanOptions {
        today: Some("2026-01-15".into()),
        ..ScanOptions::default()
    };
    scan(&root, &rules, &opts).unwrap()
}

fn status(r: &ScanResult, id: &str) -> Status {
    r.rules
        .iter()
        .find(|x| x.meta.id == id)
        .unwrap_or_else(|| panic!("no rule {id}"))
        .outcome
        .status
}

fn json(r: &ScanResult) -> String {
    reporter(Format::Json).render(r, &RenderOptions::default())
}

#[test]
fn sloppy_express_api_is_not_ready() {
    let r = run("sloppy-express-api");
    assert!(r.project.stack.service && r.project.stack.has("express"));
    for id in [
        "cors-wildcard",
        "env-example",
        "health-endpoint",
        "dockerfile",
        "rate-limiting",
        "tests-present",
    ] {
        assert_eq!(status(&r, id), Status::Fail, "{id}");
    }
    assert_eq!(r.scores.verdict, Verdict::NotReady);
    let cors = r.rules.iter().find(|x| x.meta.id == "cors-wildcard").unwrap();
    assert!(
        cors.outcome
            .findings
            .iter()
            .any(|f| f.location.path == "src/index.js" && f.location.line == 6)
    );
}

#[test]
fn well_run_fastapi_service_is_ready() {
    let r = run("fastapi-service");
    assert!(r.project.stack.has("fastapi"));
    for id in [
        "cors-wildcard",
        "env-example",
        "health-endpoint",
        "dockerfile",
        "rate-limiting",
        "tests-present",
    ] {
        assert_eq!(
            status(&r, id),
            Status::Pass,
            "{id}: {}",
            r.rules.iter().find(|x| x.meta.id == id).unwrap().outcome.message
        );
    }
    assert_eq!(r.scores.verdict, Verdict::Ready);
}

#[test]
fn go_service_has_an_open_cors_policy_and_no_rate_limiter() {
    let r = run("go-service");
    assert!(r.project.stack.has("gin"));
    assert_eq!(status(&r, "cors-wildcard"), Status::Fail);
    assert_eq!(status(&r, "rate-limiting"), Status::Fail);
    for id in ["health-endpoint", "dockerfile", "env-example", "tests-present"] {
        assert_eq!(status(&r, id), Status::Pass, "{id}");
    }
    assert_eq!(r.scores.verdict, Verdict::NotReady);
}

#[test]
fn axum_service_is_ready() {
    let r = run("axum-service");
    assert!(r.project.stack.has("axum"));
    for id in [
        "cors-wildcard",
        "env-example",
        "health-endpoint",
        "dockerfile",
        "rate-limiting",
        "tests-present",
    ] {
        assert_eq!(
            status(&r, id),
            Status::Pass,
            "{id}: {}",
            r.rules.iter().find(|x| x.meta.id == id).unwrap().outcome.message
        );
    }
    assert_eq!(r.scores.verdict, Verdict::Ready);
}

#[test]
fn python_library_is_judged_as_a_library() {
    let r = run("python-library");
    assert!(!r.project.stack.service);
    for id in ["cors-wildcard", "health-endpoint", "dockerfile", "rate-limiting", "env-example"] {
        assert_eq!(status(&r, id), Status::NotApplicable, "{id}");
    }
    assert_eq!(status(&r, "tests-present"), Status::Pass);
    for x in &r.rules {
        if x.meta.applies_to.iter().any(|c| c == "service") {
            assert_eq!(x.outcome.status, Status::NotApplicable, "{} applies only to services", x.meta.id);
        }
    }
}

#[test]
fn markdown_report_has_the_seed_shape() {
    let r = run("sloppy-express-api");
    let md = reporter(Format::Markdown).render(&r, &RenderOptions::default());
    for needle in [
        "# Production Readiness Report: sloppy-express-api",
        "**NOT READY FOR PRODUCTION**",
        "## 📊 Production Readiness Score",
        "| **Security** |",
        "🔴 Critical",
        "## ❌ Critical Issues",
        "`src/index.js:6`",
        "**Action required** (express)",
        "## 📋 Production Readiness Checklist",
        "- [ ] ",
        "### 🔥 Priority 1: Critical",
        "**Total: ~108.25 hours** (about 13.5 working days)",
        "## 🧰 Detected Stack",
        "**Date**: 2026-01-15",
        "scoring model 1 · ruleset `",
    ] {
        assert!(md.contains(needle), "markdown lacks {needle:?}\n{md}");
    }
    let ready = reporter(Format::Markdown).render(&run("fastapi-service"), &RenderOptions::default());
    assert!(ready.contains("✅ **READY FOR PRODUCTION**"));
    assert!(ready.contains("- [x] "));
}

#[test]
fn new_projects_get_a_reviewers_verdicts() {
    let django = run("django-app");
    assert!(django.project.stack.has("django") && django.project.stack.db);
    assert_eq!(
        status(&django, "env-example"),
        Status::Fail,
        "settings read DJANGO_SECRET_KEY with no template"
    );
    assert_eq!(status(&django, "health-endpoint"), Status::Pass);

    let nest = run("nestjs-service");
    assert!(nest.project.stack.has("nestjs"));
    for id in [
        "cors-wildcard",
        "env-example",
        "health-endpoint",
        "dockerfile",
        "rate-limiting",
        "tests-present",
    ] {
        assert_eq!(status(&nest, id), Status::Pass, "nestjs {id}");
    }

    let next = run("nextjs-app");
    assert!(next.project.stack.has("nextjs") && next.project.stack.web);
    assert_eq!(status(&next, "dockerfile"), Status::Pass, "vercel.json is a platform build");
    assert_eq!(status(&next, "health-endpoint"), Status::Pass);

    let mono = run("monorepo");
    assert!(
        mono.project.stack.has("express") && mono.project.stack.has("fastapi"),
        "both services detected"
    );
    assert_eq!(
        status(&mono, "cors-wildcard"),
        Status::Fail,
        "the ledger service allows every origin"
    );

    let spring = run("spring-boot-service");
    assert!(spring.project.stack.has("spring-boot"));
    assert_eq!(status(&spring, "health-endpoint"), Status::Pass, "actuator serves /actuator/health");
    assert_eq!(status(&spring, "dockerfile"), Status::Fail);
}

/// Every project's JSON and markdown, pinned byte for byte.
#[test]
fn snapshots_of_every_project() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "expected at least 10 project fixtures, found {names:?}");
    for name in names {
        let r = run(&name);
        insta::assert_snapshot!(format!("{name}.json"), json(&r));
        let md = reporter(Format::Markdown).render(&r, &RenderOptions::default());
        assert_renders_cleanly(&name, &md);
        insta::assert_snapshot!(format!("{name}.md"), md);
    }
}

/// What a reviewer checks by rendering the markdown on GitHub: every code fence closes, every
/// `<details>` closes, every table row has its header's columns, and the whole report fits in a
/// job summary (1 MiB).
fn assert_renders_cleanly(name: &str, md: &str) {
    assert!(md.len() < 1024 * 1024, "{name}: {} bytes", md.len());
    assert_eq!(
        md.matches("<details>").count(),
        md.matches("</details>").count(),
        "{name}: unbalanced <details>"
    );
    let ticks = |l: &str| l.chars().take_while(|&c| c == '`').count();
    let cells = |l: &str| {
        let b = l.as_bytes();
        (0..b.len()).filter(|&i| b[i] == b'|' && (i == 0 || b[i - 1] != b'\\')).count()
    };
    let (mut fence, mut width) = (0, None);
    for (i, line) in md.lines().enumerate() {
        let t = line.trim_start();
        if fence > 0 {
            if ticks(t) >= fence {
                // Inside a block, only the closing fence may start with the fence's backticks:
                // anything else is a nested fence that closes the block early on GitHub.
                assert!(
                    t.trim_end().chars().all(|c| c == '`'),
                    "{name} line {}: nested fence in a code block: {line}",
                    i + 1
                );
                fence = 0;
            }
            continue;
        }
        if ticks(t) >= 3 {
            fence = ticks(t);
            continue;
        }
        if line.starts_with('|') {
            let w = *width.get_or_insert(cells(line));
            assert_eq!(cells(line), w, "{name} line {}: row does not match its header: {line}", i + 1);
        } else {
            width = None;
        }
    }
    assert_eq!(fence, 0, "{name}: a code fence is never closed");
}

#[test]
fn json_is_identical_across_thread_counts() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects");
    let rules = readycheck::rules::builtin().unwrap();
    let mut one = ScanOptions::default();
    one.walk.threads = 1;
    let a = json(&scan(&root, &rules, &one).unwrap());
    let b = json(&scan(&root, &rules, &ScanOptions::default()).unwrap());
    assert_eq!(a, b);
}
