//! Hostile input ends in a finished scan with warnings, never a panic, and the tree is never written.

use readycheck::engine::{ScanOptions, scan};
use readycheck::report::{Format, RenderOptions, reporter};
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// What a tree looks like on disk, entry by entry (directories and symlinks included, never
/// followed): kind, size, modification time and a hash of the content. A file created and
/// removed again still changes its directory's modification time.
type TreeState = BTreeMap<PathBuf, (char, u64, Option<std::time::SystemTime>, u64)>;

fn tree_state(root: &Path) -> TreeState {
    let mut out = TreeState::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(p) = stack.pop() {
        let Ok(meta) = std::fs::symlink_metadata(&p) else { continue };
        let mut h = std::collections::hash_map::DefaultHasher::new();
        let kind = if meta.is_symlink() {
            std::fs::read_link(&p).ok().hash(&mut h);
            'l'
        } else if meta.is_dir() {
            for e in std::fs::read_dir(&p).into_iter().flatten().flatten() {
                stack.push(e.path());
            }
            'd'
        } else {
            std::fs::read(&p).ok().hash(&mut h);
            'f'
        };
        out.insert(p, (kind, meta.len(), meta.modified().ok(), h.finish()));
    }
    out
}

/// Copies `from` into `to` (regular files and directories only).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_tree(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")
}

#[test]
fn malformed_binary_and_odd_files_become_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("package.json"), "{ \"dependencies\": { \"express\": ").unwrap();
    std::fs::create_dir(root.join("svc")).unwrap();
    std::fs::write(root.join("svc/pyproject.toml"), "[project\nname = ").unwrap();
    std::fs::write(root.join("svc/Cargo.toml"), "[dependencies]\naxum = {").unwrap();
    std::fs::write(root.join("app.py"), [0x66, 0x00, 0x01, 0x02, 0xff]).unwrap();
    std::fs::write(root.join("latin1.py"), b"name = 'caf\xe9'\nimport os\nos.getenv('X')\n").unwrap();
    std::fs::write(root.join("empty.js"), b"").unwrap();
    std::fs::write(root.join("deep.json"), "[".repeat(20_000)).unwrap();
    std::fs::create_dir(root.join("pkg")).unwrap();
    std::fs::write(
        root.join("pkg/package.json"),
        format!("{}{}", "[".repeat(50_000), "]".repeat(50_000)),
    )
    .unwrap();
    std::fs::write(root.join("broken.py"), "def f(:\n  return ((((\n").unwrap();
    std::fs::write(root.join("broken.rs"), "fn main( { let x = ;").unwrap();
    std::fs::write(root.join("big.js"), "x".repeat(2 * 1024 * 1024)).unwrap();
    std::os::unix::fs::symlink(root, root.join("loop")).unwrap();
    std::os::unix::fs::symlink("/etc", root.join("outside")).unwrap();
    std::fs::write(root.join("name with spaces.py"), "print('ok')\n").unwrap();

    let before = tree_state(root);
    let rules = readycheck::rules::builtin().unwrap();
    let r = scan(root, &rules, &ScanOptions::default()).unwrap();
    let after = tree_state(root);
    assert_eq!(before, after, "the scanned tree was modified");

    let warned = |path: &str, needle: &str| r.project.warnings.iter().any(|w| w.path == path && w.message.contains(needle));
    assert!(warned("package.json", "invalid package.json"), "{:?}", r.project.warnings);
    assert!(warned("svc/pyproject.toml", "invalid pyproject.toml"));
    assert!(warned("svc/Cargo.toml", "invalid Cargo.toml"));
    assert!(warned("app.py", "binary"));
    assert!(warned("latin1.py", "UTF-8"));
    assert!(warned("pkg/package.json", "nesting"));
    assert!(warned("big.js", "skipped"));
    assert_eq!(r.project.stats.skipped_oversize, 1);
    assert_eq!(r.project.stats.skipped_binary, 1);
    assert!(
        r.project
            .files
            .iter()
            .all(|f| !f.path.starts_with("outside/") && !f.path.starts_with("loop/")),
        "followed a symlink"
    );
    // The non-UTF-8 file was still read: its env read counts.
    assert!(r.project.stack.env_reads.iter().any(|e| e.location.path == "latin1.py"));
}

#[test]
fn empty_directory_scans() {
    let dir = tempfile::tempdir().unwrap();
    let rules = readycheck::rules::builtin().unwrap();
    let r = scan(dir.path(), &rules, &ScanOptions::default()).unwrap();
    assert_eq!(r.project.stats.files_read, 0);
    assert!(
        r.rules
            .iter()
            .any(|x| x.meta.id == "tests-present" && x.outcome.status == readycheck::model::Status::Fail)
    );
}

#[test]
fn ignore_files_are_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join(".gitignore"), "generated/\n").unwrap();
    std::fs::write(root.join(".readycheckignore"), "legacy/\n").unwrap();
    for d in ["generated", "legacy", "src"] {
        std::fs::create_dir(root.join(d)).unwrap();
        std::fs::write(root.join(d).join("app.py"), "x = 1\n").unwrap();
    }
    let rules = readycheck::rules::builtin().unwrap();
    let r = scan(root, &rules, &ScanOptions::default()).unwrap();
    let paths: Vec<&str> = r.project.files.iter().map(|f| f.path.as_str()).collect();
    assert!(paths.contains(&"src/app.py"));
    assert!(
        !paths.iter().any(|p| p.starts_with("generated/") || p.starts_with("legacy/")),
        "{paths:?}"
    );
}

#[test]
fn no_output_format_writes_inside_the_scanned_tree() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("tree");
    copy_tree(&fixtures().join("projects"), &root);
    // Things a careless scanner might touch: a symlink, an ignore file, a secret, a cache-like dir.
    std::os::unix::fs::symlink("monorepo", root.join("link")).unwrap();
    std::fs::write(root.join(".env"), "STRIPE_KEY=sk_live_51HxQQQQQQQQQQQQQQQQQQQQ\n").unwrap();
    std::fs::create_dir(root.join(".readycheck")).unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let before = tree_state(&root);
    assert!(before.len() > 100);

    let rc = || {
        let mut c = assert_cmd::Command::cargo_bin("readycheck").unwrap();
        c.env("SOURCE_DATE_EPOCH", "1700000000");
        c
    };
    let formats = ["table", "json", "markdown", "sarif", "github"];
    for format in formats {
        // To stdout, with the working directory inside the tree.
        rc().args(["scan", "--format", format, "."]).current_dir(&root).assert().code(0);
    }
    // To files (written atomically through a temporary file beside each), all from one scan.
    let mut all = rc();
    all.arg("scan").arg(&root).arg("-o").arg(out.join("plain.json"));
    for format in formats {
        all.arg("-o")
            .arg(format!("{format}={}", out.join(format!("all.{format}")).display()));
    }
    all.assert().code(0);
    for format in formats {
        assert!(std::fs::metadata(out.join(format!("all.{format}"))).unwrap().len() > 0, "{format}");
    }
    // The library too, for every reporter.
    let rules = readycheck::rules::builtin().unwrap();
    let r = scan(&root, &rules, &ScanOptions::default()).unwrap();
    for f in [Format::Table, Format::Json, Format::Markdown, Format::Sarif, Format::Github] {
        assert!(!reporter(f).render(&r, &RenderOptions::default()).is_empty());
    }

    let after = tree_state(&root);
    let changed: Vec<_> = before
        .iter()
        .filter(|(p, v)| after.get(*p) != Some(v))
        .map(|(p, _)| p)
        .chain(after.keys().filter(|p| !before.contains_key(*p)))
        .collect();
    assert!(changed.is_empty(), "the scan created, changed or removed: {changed:#?}");
}

/// Renders the JSON and markdown of a library scan.
fn render(root: &Path, rules: &[Box<dyn readycheck::rule::Rule>], threads: usize) -> (String, String) {
    let mut opts = ScanOptions::default();
    opts.walk.threads = threads;
    opts.today = Some("2026-01-01".to_string());
    let r = scan(root, rules, &opts).unwrap();
    let o = RenderOptions::default();
    (reporter(Format::Json).render(&r, &o), reporter(Format::Markdown).render(&r, &o))
}

#[test]
fn reports_are_byte_identical_across_20_runs_and_thread_counts() {
    let rules = readycheck::rules::builtin().unwrap();
    for tree in ["projects/monorepo", "projects"] {
        let root = fixtures().join(tree);
        let first = render(&root, &rules, 0);
        assert!(first.0.contains("\"findings\"") && first.1.contains("## "), "{tree}: empty report");
        for run in 1..20 {
            // Default, one, two and many threads, in turn.
            let threads = [0, 1, 2, 7][run % 4];
            let again = render(&root, &rules, threads);
            assert!(again.0 == first.0, "{tree}: JSON differs on run {run} ({threads} threads)");
            assert!(again.1 == first.1, "{tree}: markdown differs on run {run} ({threads} threads)");
        }
    }
}

#[test]
fn the_binary_gives_the_same_bytes_with_one_thread_and_with_the_default() {
    let dir = tempfile::tempdir().unwrap();
    let run = |threads: Option<&str>, tag: &str| {
        let mut c = assert_cmd::Command::cargo_bin("readycheck").unwrap();
        c.env("SOURCE_DATE_EPOCH", "1700000000").arg("scan").arg(fixtures());
        if let Some(t) = threads {
            c.args(["--threads", t]);
        }
        let json = dir.path().join(format!("{tag}.json"));
        let md = dir.path().join(format!("{tag}.md"));
        c.arg("-o").arg(format!("json={}", json.display()));
        c.arg("-o").arg(format!("markdown={}", md.display()));
        c.assert().code(0);
        (std::fs::read(json).unwrap(), std::fs::read(md).unwrap())
    };
    let one = run(Some("1"), "one");
    let default = run(None, "default");
    assert!(one.0.len() > 10_000, "the JSON report is suspiciously small");
    assert!(one.0 == default.0, "JSON differs between --threads 1 and the default");
    assert!(one.1 == default.1, "markdown differs between --threads 1 and the default");
}
