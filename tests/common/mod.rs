//! Helpers shared by the CLI-level tests: a writable copy of a project fixture.

use std::path::{Path, PathBuf};

/// A copy of `fixtures/projects/<name>` in a fresh temp dir, for tests that add config files
/// or edit sources (the committed fixtures are never touched).
pub fn copy_project(name: &str) -> tempfile::TempDir {
    let src = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects").join(name);
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&src, dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let dest = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
            copy_dir(&e.path(), &dest);
        } else {
            std::fs::copy(e.path(), dest).unwrap();
        }
    }
}
