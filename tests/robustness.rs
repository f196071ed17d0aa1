//! Hostile input ends in a finished scan with warnings, never a panic, and the tree is never written.

use readycheck::engine::{ScanOptions, scan};
use std::collections::BTreeMap;
use std::path::Path;

fn tree_state(root: &Path) -> BTreeMap<String, (u64, Vec<u8>)> {
    let mut out = BTreeMap::new();
    for e in walkdir(root) {
        if let Ok(bytes) = std::fs::read(&e) {
            out.insert(e.display().to_string(), (bytes.len() as u64, bytes));
        }
    }
    out
}

fn walkdir(root: &Path) -> Vec<std::path::PathBuf> {
    let mut v = vec![];
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if e.file_type().map(|t| t.is_dir()).unwrap_or(false) {
                stack.push(p);
            } else {
                v.push(p);
            }
        }
    }
    v
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
