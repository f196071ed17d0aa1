//! How the fuzz targets (`fuzz/`) turn their bytes into a named file, shared with the tests that
//! replay their seeds and findings (`tests/fuzz_regressions.rs`), so both decode an input alike.

/// Names the `manifests` target parses its input as: every manifest format readycheck reads.
pub const MANIFEST_NAMES: &[&str] = &[
    "package.json",
    "pyproject.toml",
    "Cargo.toml",
    "go.mod",
    "requirements.txt",
    "requirements/dev.txt",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "Pipfile",
    "setup.py",
    "setup.cfg",
    "Gemfile",
    "composer.json",
];

/// Names the `whole_file` target scans its input as: source, manifest, CI, container,
/// configuration and documentation files, so every rule gets its kind of file.
pub const WHOLE_FILE_NAMES: &[&str] = &[
    "app/main.py",
    "src/index.js",
    "src/server.ts",
    "src/App.tsx",
    "cmd/api/main.go",
    "src/main.rs",
    "src/main/java/App.java",
    "Dockerfile",
    "docker-compose.yml",
    ".github/workflows/ci.yml",
    ".gitlab-ci.yml",
    "k8s/deployment.yaml",
    "package.json",
    "requirements.txt",
    "pyproject.toml",
    "Cargo.toml",
    "go.mod",
    ".env",
    ".env.example",
    "README.md",
    "Makefile",
    "Jenkinsfile",
    "settings.py",
    "config/app.yaml",
    "tests/test_app.py",
    "src/app.test.js",
    "next.config.js",
    "tsconfig.json",
    ".dockerignore",
    "helm/values.yaml",
    "src/lib.rs",
    "app/models.py",
];

/// Splits a fuzz input: the first byte picks a name from `names` (modulo its length), the rest is
/// the file's content. `None` for an empty input or an empty list.
pub fn named<'a>(data: &'a [u8], names: &[&'static str]) -> Option<(&'static str, &'a [u8])> {
    let (&pick, rest) = data.split_first()?;
    let name = names.get(pick as usize % names.len().max(1))?;
    Some((name, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_byte_picks_the_name() {
        assert_eq!(named(b"\x00{}", MANIFEST_NAMES), Some(("package.json", &b"{}"[..])));
        let wrapped = u8::try_from(WHOLE_FILE_NAMES.len()).unwrap();
        assert_eq!(named(&[wrapped, b'x'], WHOLE_FILE_NAMES), Some(("app/main.py", &b"x"[..])));
        assert_eq!(named(b"", MANIFEST_NAMES), None);
        assert_eq!(named(b"\x01", &[]), None);
    }

    #[test]
    fn every_manifest_name_is_a_manifest() {
        for name in MANIFEST_NAMES {
            assert!(crate::index::manifests::is_manifest(name), "{name}");
        }
    }
}
