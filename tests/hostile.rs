//! Hostile trees, each generated at test time: every one must end in exit 0 with a finished JSON
//! report, and with a warning naming the file wherever something was skipped or misread.
//!
//! The binary is run as users run it (`--format json`); nothing big is committed, it is written
//! into a temporary directory by the test.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;
use std::time::Duration;

/// Long enough for the slowest case on a loaded debug build; only here so a hang fails the test
/// instead of stalling CI.
const HANG_GUARD: Duration = Duration::from_secs(600);

/// The outcome of one scan: the parsed JSON report and its raw text.
struct Scan {
    json: Value,
    stdout: String,
}

impl Scan {
    fn warnings(&self) -> Vec<(String, String)> {
        self.json["warnings"]
            .as_array()
            .expect("warnings is an array")
            .iter()
            .map(|w| {
                (
                    w["path"].as_str().unwrap_or_default().to_string(),
                    w["message"].as_str().unwrap_or_default().to_string(),
                )
            })
            .collect()
    }

    /// Asserts a warning about `path` whose message contains `needle`.
    fn assert_warned(&self, path: &str, needle: &str) {
        let ws = self.warnings();
        assert!(
            ws.iter().any(|(p, m)| p == path && m.contains(needle)),
            "no warning about `{path}` containing `{needle}`; warnings: {ws:#?}"
        );
    }

    fn stat(&self, key: &str) -> u64 {
        self.json["stats"][key].as_u64().unwrap_or_else(|| panic!("stats.{key} missing"))
    }

    fn findings_paths(&self) -> Vec<String> {
        let mut out = vec![];
        for r in self.json["rules"].as_array().expect("rules") {
            for key in ["findings", "evidence"] {
                for f in r[key].as_array().into_iter().flatten() {
                    out.push(f["path"].as_str().unwrap_or_default().to_string());
                }
            }
        }
        out
    }
}

fn scan_with(root: &Path, extra: &[&str]) -> Scan {
    let out = Command::cargo_bin("readycheck")
        .expect("binary built")
        .args(["scan", "--format", "json"])
        .args(extra)
        .arg(root)
        .timeout(HANG_GUARD)
        .output()
        .expect("readycheck ran");
    let stdout = String::from_utf8(out.stdout).expect("report is UTF-8");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "exit status; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "a thread panicked: {stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("the report is valid JSON");
    assert_finished(&json);
    Scan { json, stdout }
}

fn scan(root: &Path) -> Scan {
    scan_with(root, &[])
}

/// A finished report: every category, every rule concluded, an overall verdict.
fn assert_finished(json: &Value) {
    let rules = readycheck::rules::builtin().unwrap().len();
    assert_eq!(json["categories"].as_array().map(Vec::len), Some(8), "categories");
    assert_eq!(json["rules"].as_array().map(Vec::len), Some(rules), "every rule concluded");
    assert!(json["overall"]["score"].is_number(), "overall score");
    assert!(json["overall"]["verdict"].is_string(), "verdict");
    for r in json["rules"].as_array().unwrap() {
        assert!(
            matches!(r["outcome"].as_str(), Some("pass" | "fail" | "n/a")),
            "rule {} has no outcome",
            r["id"]
        );
    }
}

fn write(root: &Path, rel: &str, content: impl AsRef<[u8]>) {
    let p = root.join(rel);
    if let Some(dir) = p.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(p, content).unwrap();
}

/// True when the file system enforces permissions on us (false when running as root).
fn permissions_apply(probe: &Path) -> bool {
    std::fs::read_dir(probe).is_err() && std::fs::File::open(probe).is_err()
}

/// Restores permissions so the temporary directory can be removed.
struct Restore<'a>(&'a Path, u32);

impl Drop for Restore<'_> {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(self.0, std::fs::Permissions::from_mode(self.1));
    }
}

fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// An Express service with a wildcard CORS policy, so rules have something to say.
const EXPRESS_APP: &str = "const express = require('express');\nconst cors = require('cors');\nconst app = express();\napp.use(cors());\napp.get('/health', (req, res) => res.send('ok'));\napp.listen(process.env.PORT);\n";

fn express_service(root: &Path) {
    write(
        root,
        "package.json",
        r#"{ "name": "svc", "dependencies": { "express": "^4.19.0", "cors": "^2.8.5" } }"#,
    );
    write(root, "src/server.js", EXPRESS_APP);
}

fn rule<'a>(s: &'a Scan, id: &str) -> &'a Value {
    s.json["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("rule {id} missing"))
}

#[test]
fn binary_files_with_source_extensions_are_skipped_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut junk: Vec<u8> = (0u8..=255).collect();
    junk.extend_from_slice(b"\0\0ELF\x7f\x02\x01");
    for name in [
        "app.py",
        "src/main.go",
        "index.js",
        "src/lib.rs",
        "Main.java",
        "package.json",
        "Cargo.toml",
    ] {
        write(root, name, &junk);
    }
    let s = scan(root);
    for name in [
        "app.py",
        "src/main.go",
        "index.js",
        "src/lib.rs",
        "Main.java",
        "package.json",
        "Cargo.toml",
    ] {
        s.assert_warned(name, "binary");
    }
    assert_eq!(s.stat("skipped_binary"), 7);
    assert_eq!(s.stat("files_read"), 0);
}

#[test]
fn invalid_utf8_source_is_read_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    write(
        root,
        "src/latin1.js",
        b"// caf\xe9 na\xefve \xff\xfe\xfd\nconst cors = require('cors');\napp.use(cors({ origin: '*' }));\n".as_slice(),
    );
    let s = scan(root);
    s.assert_warned("src/latin1.js", "UTF-8");
    // Still read: its wildcard CORS is found, on the right line.
    let cors = rule(&s, "cors-wildcard");
    assert!(
        cors["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "src/latin1.js" && f["line"] == 3),
        "{cors:#}"
    );
}

fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
    let mut out = if big_endian { vec![0xfe, 0xff] } else { vec![0xff, 0xfe] };
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    out
}

#[test]
fn utf16_sources_with_a_bom_are_decoded_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    let wildcard = "const cors = require('cors');\napp.use(cors({ origin: '*' }));\n";
    write(root, "src/le.js", utf16(wildcard, false));
    write(root, "src/be.js", utf16(wildcard, true));
    let s = scan(root);
    s.assert_warned("src/le.js", "UTF-16");
    s.assert_warned("src/be.js", "UTF-16");
    assert_eq!(s.stat("skipped_binary"), 0, "a UTF-16 text file is not binary");
    let cors = rule(&s, "cors-wildcard");
    for path in ["src/le.js", "src/be.js"] {
        assert!(
            cors["findings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["path"] == path && f["line"] == 2),
            "{path}: {cors:#}"
        );
    }
}

#[test]
fn zero_byte_files_scan() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let names = [
        "app.py",
        "index.js",
        "main.go",
        "src/lib.rs",
        "Main.java",
        "component.tsx",
        "package.json",
        "pyproject.toml",
        "Cargo.toml",
        "go.mod",
        "requirements.txt",
        "Dockerfile",
        "docker-compose.yml",
        ".github/workflows/ci.yml",
        ".env",
        "README.md",
    ];
    for n in names {
        write(root, n, b"");
    }
    let s = scan(root);
    assert_eq!(s.stat("files_read"), names.len() as u64);
    // An empty package.json is not JSON; the other empty manifests are valid (empty) documents.
    s.assert_warned("package.json", "invalid package.json");
    let odd: Vec<_> = s.warnings().into_iter().filter(|(p, _)| p != "package.json").collect();
    assert!(odd.is_empty(), "{odd:#?}");
}

#[test]
fn a_50_mb_file_is_skipped_as_oversize_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    let line = "value = compute(value) + 1  # a line of ordinary python\n";
    let big = line.repeat(50 * 1024 * 1024 / line.len() + 1);
    assert!(big.len() >= 50 * 1024 * 1024);
    write(root, "data/huge.py", &big);
    drop(big);
    let s = scan(root);
    s.assert_warned("data/huge.py", "larger than 1048576 bytes; skipped");
    assert_eq!(s.stat("skipped_oversize"), 1);
    assert!(s.stat("bytes_read") < 1024 * 1024, "the big file was read");
}

#[test]
fn a_minified_5_mb_one_line_js_file_is_scanned_and_snippets_stay_short() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    let mut js = String::from("const express=require('express'),cors=require('cors');const app=express();app.use(cors());");
    let mut i = 0;
    while js.len() < 5 * 1024 * 1024 {
        js.push_str(&format!(
            "function f{i}(a,b){{if(a>b){{return a-b}}console.log(process.env.K{i});return[a,b].map(x=>x*{i})}};"
        ));
        i += 1;
    }
    js.push_str("app.listen(3000);");
    write(root, "src/app.js", &js);

    // Under the default cap it is skipped and named.
    let s = scan(root);
    s.assert_warned("src/app.js", "skipped");
    assert_eq!(s.stat("skipped_oversize"), 1);

    // With the cap raised, it is read, parsed and judged, and no snippet carries the whole line.
    let s = scan_with(root, &["--max-file-size", "8000000"]);
    assert_eq!(s.stat("skipped_oversize"), 0);
    assert!(s.stat("bytes_read") > 5 * 1024 * 1024);
    let cors = rule(&s, "cors-wildcard");
    assert!(
        cors["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "src/app.js" && f["line"] == 1),
        "{cors:#}"
    );
    for r in s.json["rules"].as_array().unwrap() {
        for f in r["findings"].as_array().unwrap() {
            let snippet = f["snippet"].as_str().unwrap_or_default();
            assert!(snippet.chars().count() <= 200, "{}: snippet of {} chars", r["id"], snippet.len());
        }
    }
    assert!(s.stdout.len() < 1024 * 1024, "the report is {} bytes", s.stdout.len());
}

#[test]
fn json_nested_10000_levels_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let deep_obj = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let deep_arr = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    write(root, "package.json", &deep_obj);
    write(root, "web/package.json", &deep_arr);
    write(root, "php/composer.json", &deep_obj);
    write(root, "tsconfig.json", &deep_obj);
    write(root, ".eslintrc.json", &deep_arr);
    write(root, "data/deep.json", &deep_arr);
    let s = scan(root);
    s.assert_warned("package.json", "nesting");
    s.assert_warned("web/package.json", "nesting");
    s.assert_warned("php/composer.json", "nesting");
}

#[test]
fn toml_nested_10000_levels_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let key = vec!["a"; 10_000].join(".");
    // Four ways to nest TOML: inline arrays, inline tables, dotted keys, table headers.
    write(
        root,
        "arrays/pyproject.toml",
        format!("x = {}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
    );
    write(
        root,
        "inline/Cargo.toml",
        format!("x = {}1{}\n", "{ a = ".repeat(10_000), " }".repeat(10_000)),
    );
    write(root, "dotted/pyproject.toml", format!("{key} = 1\n"));
    write(root, "header/Cargo.toml", format!("[{key}]\nb = 1\n"));
    write(root, "pipfile/Pipfile", format!("[{key}]\nb = 1\n"));
    let s = scan(root);
    // Brackets are counted before parsing; the TOML parser's own recursion limit stops the rest.
    s.assert_warned("arrays/pyproject.toml", "nesting deeper than 256 levels");
    s.assert_warned("inline/Cargo.toml", "nesting deeper than 256 levels");
    s.assert_warned("dotted/pyproject.toml", "invalid pyproject.toml: recursion limit");
    s.assert_warned("header/Cargo.toml", "invalid Cargo.toml: recursion limit");
    s.assert_warned("pipfile/Pipfile", "invalid Pipfile: recursion limit");
}

#[test]
fn malformed_manifests_and_yaml_are_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "package.json", r#"{ "name": "x", "dependencies": { "express": "#);
    write(root, "py/pyproject.toml", "[project\nname = \"x\"\ndependencies = [\"flask\"\n");
    write(
        root,
        "rs/Cargo.toml",
        "[package]\nname = \"x\"\n[dependencies]\naxum = { version = \n",
    );
    write(
        root,
        "go/go.mod",
        "module example.com/x\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n",
    );
    write(root, "go2/go.mod", "modul example.com/x\nrequire github.com/gin-gonic/gin\n}}}\n");
    write(root, "pipenv/Pipfile", "[packages\nrequests = \"*\"\n");
    write(root, "php/composer.json", "{ \"require\": [1, 2,, ] }");
    write(
        root,
        ".github/workflows/ci.yml",
        "name: ci\non: [push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n   - bad indent: [\n",
    );
    write(
        root,
        "docker-compose.yml",
        "services:\n  web:\n    image: nginx\n    healthcheck: {test: [CMD, curl\n  db: : :\n",
    );
    let s = scan(root);
    s.assert_warned("package.json", "invalid package.json");
    s.assert_warned("py/pyproject.toml", "invalid pyproject.toml");
    s.assert_warned("rs/Cargo.toml", "invalid Cargo.toml");
    s.assert_warned("go/go.mod", "invalid go.mod");
    s.assert_warned("go2/go.mod", "invalid go.mod");
    s.assert_warned("pipenv/Pipfile", "invalid Pipfile");
    s.assert_warned("php/composer.json", "invalid composer.json");
    s.assert_warned(".github/workflows/ci.yml", "invalid YAML");
    s.assert_warned("docker-compose.yml", "invalid YAML");
}

/// Billion laughs: nine levels of nine aliases each, 9⁹ strings if expanded.
fn yaml_bomb(prefix: &str) -> String {
    let mut y = String::from(prefix);
    y.push_str("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
    let names = ["b", "c", "d", "e", "f", "g", "h", "i"];
    let mut prev = "a";
    for n in names {
        y.push_str(&format!(
            "{n}: &{n} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
        ));
        prev = n;
    }
    y
}

#[test]
fn yaml_bombs_in_a_workflow_and_a_compose_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        ".github/workflows/ci.yml",
        yaml_bomb("on: push\njobs:\n  t:\n    steps:\n      - run: *i\n"),
    );
    write(
        root,
        "docker-compose.yml",
        format!("{}services:\n  web:\n    image: *i\n", yaml_bomb("")),
    );
    write(root, "k8s/deploy.yaml", format!("apiVersion: v1\nkind: Pod\n{}", yaml_bomb("")));
    let s = scan(root);
    s.assert_warned(".github/workflows/ci.yml", "invalid YAML");
    s.assert_warned("docker-compose.yml", "invalid YAML");
    assert!(s.stdout.len() < 1024 * 1024, "the report is {} bytes", s.stdout.len());
}

#[test]
fn symlink_loops_are_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    std::fs::create_dir_all(root.join("a/b")).unwrap();
    std::os::unix::fs::symlink("../..", root.join("a/b/up")).unwrap();
    std::os::unix::fs::symlink(".", root.join("self")).unwrap();
    std::os::unix::fs::symlink("loop2", root.join("loop1")).unwrap();
    std::os::unix::fs::symlink("loop1", root.join("loop2")).unwrap();
    std::os::unix::fs::symlink("src/server.js", root.join("alias.js")).unwrap();
    let s = scan(root);
    assert_eq!(s.stat("files_walked"), 2, "only the two real files");
    let paths = s.findings_paths();
    assert!(
        paths.iter().all(|p| p.is_empty() || p == "src/server.js" || p == "package.json"),
        "{paths:?}"
    );
}

#[test]
fn a_symlink_out_of_the_root_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let outside = dir.path().join("outside");
    let root = dir.path().join("repo");
    express_service(&root);
    write(
        &outside,
        "leak_marker_dir/config.py",
        "OUTSIDE_MARKER_TOKEN = \"sk_live_51HxOutsideOutsideOutside00\"\nimport os\nos.getenv('LEAK_MARKER_ENV')\n",
    );
    write(&outside, "package.json", r#"{ "dependencies": { "leak-marker-package": "1" } }"#);
    std::os::unix::fs::symlink(&outside, root.join("linked_dir")).unwrap();
    std::os::unix::fs::symlink(outside.join("leak_marker_dir/config.py"), root.join("linked_file.py")).unwrap();
    std::os::unix::fs::symlink(outside.join("package.json"), root.join("src/package.json")).unwrap();
    let s = scan(&root);
    for needle in [
        "leak_marker",
        "LEAK_MARKER",
        "leak-marker",
        "OUTSIDE_MARKER",
        "sk_li",
        "linked_dir",
        "linked_file",
    ] {
        assert!(!s.stdout.contains(needle), "`{needle}` from outside the root is in the report");
    }
    assert_eq!(s.stat("files_walked"), 2);
}

#[test]
fn an_unreadable_file_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    write(root, "src/secret.py", "import os\n");
    write(root, "package-lock.json", "{}");
    let file = root.join("src/secret.py");
    chmod(&file, 0o000);
    let _restore = Restore(&file, 0o644);
    let s = scan(root);
    if !permissions_apply(&file) {
        eprintln!("running as root: permissions do not apply, only the finished scan is checked");
        return;
    }
    s.assert_warned("src/secret.py", "permission denied");
    assert_eq!(s.stat("skipped_unreadable"), 1);
}

#[test]
fn an_unreadable_directory_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    write(root, "private/app.py", "import os\n");
    let private = root.join("private");
    chmod(&private, 0o000);
    let _restore = Restore(&private, 0o755);
    let s = scan(root);
    if !permissions_apply(&private) {
        eprintln!("running as root: permissions do not apply, only the finished scan is checked");
        return;
    }
    s.assert_warned("private", "permission denied");
}

#[test]
fn odd_file_names_are_scanned_and_reported_safely() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    let wildcard = "const cors = require('cors');\napp.use(cors({ origin: '*' }));\n";
    write(root, "src/with spaces.js", wildcard);
    write(root, "src/new\nline.js", wildcard);
    let bad = std::ffi::OsStr::from_bytes(b"src/bad\xff\xfename.js");
    std::fs::write(root.join(bad), wildcard).unwrap();
    let s = scan(root);
    let cors = rule(&s, "cors-wildcard");
    let paths: Vec<&str> = cors["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    for p in ["src/with spaces.js", "src/new\nline.js", "src/bad\u{fffd}\u{fffd}name.js"] {
        assert!(paths.contains(&p), "{p:?} not in {paths:?}");
    }
    // A name that cannot be shown exactly is flagged, so nobody hunts for a file that is not there.
    s.assert_warned("src/bad\u{fffd}\u{fffd}name.js", "not valid UTF-8");
    // Every other format renders them too; the line-oriented ones keep the newline escaped.
    for format in ["table", "markdown", "sarif", "github"] {
        let out = Command::cargo_bin("readycheck")
            .unwrap()
            .args(["scan", "--format", format])
            .arg(root)
            .timeout(HANG_GUARD)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8(out.stdout).unwrap();
        if format == "github" {
            assert!(
                text.lines().all(|l| l.starts_with("::")),
                "a name broke a workflow command:\n{text}"
            );
        }
        if format == "sarif" {
            serde_json::from_str::<Value>(&text).expect("valid SARIF JSON");
        }
    }
}

#[test]
fn a_path_that_is_a_file_is_scanned_as_a_one_file_tree() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "server.js", EXPRESS_APP);
    let s = scan(&dir.path().join("server.js"));
    assert_eq!(s.json["root"], "server.js");
    assert_eq!(s.stat("files_read"), 1);
    assert_eq!(s.json["stack"]["languages"]["javascript"], 1);
}

#[test]
fn an_empty_directory_scans() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("empty")).unwrap();
    let s = scan(&dir.path().join("empty"));
    assert_eq!(s.stat("files_walked"), 0);
    assert!(s.warnings().is_empty(), "{:?}", s.warnings());
    assert_eq!(rule(&s, "tests-present")["outcome"], "fail");
}

#[test]
fn a_tree_of_100_000_empty_files_scans() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let exts = ["py", "js", "go", "md", "txt", "ts", "rs", "json", "yml", "java"];
    for d in 0..100 {
        let sub = root.join(format!("pkg{d:03}"));
        std::fs::create_dir(&sub).unwrap();
        for f in 0..1000 {
            std::fs::File::create(sub.join(format!("f{f:04}.{}", exts[f % exts.len()]))).unwrap();
        }
    }
    let s = scan(root);
    assert_eq!(s.stat("files_walked"), 100_000);
    assert_eq!(s.stat("files_read"), 100_000);
    assert!(s.warnings().is_empty(), "{:?}", &s.warnings()[..5.min(s.warnings().len())]);
}

#[test]
fn sources_with_syntax_errors_are_judged_and_named() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    // Each is broken and each contains what the prefilters look for, so each is parsed.
    write(
        root,
        "src/broken.js",
        "const cors = require('cors');\napp.use(cors({ origin: '*' }));\nfunction (((( {\n",
    );
    write(root, "src/broken.ts", "import cors from 'cors';\napp.use(cors());\nclass { : : }\n");
    write(
        root,
        "app/broken.py",
        "import os\nfrom flask_cors import CORS\nCORS(app)\ndef f(:\n    return ((((\nos.getenv('X')\n",
    );
    write(
        root,
        "cmd/broken.go",
        "package main\nimport \"net/http\"\nfunc main() {\n\thttp.HandleFunc(\"/health\", h\n\tfor {{{\n",
    );
    write(
        root,
        "src/Broken.java",
        "@RestController\nclass A { @GetMapping(\"/health\") String f( { return \"ok\"; }\n",
    );
    write(
        root,
        "src/broken.rs",
        "fn main( { let app = Router::new().route(\"/health\", get(h)); println!(\"{x}\"\n",
    );
    let s = scan(root);
    for p in [
        "src/broken.js",
        "src/broken.ts",
        "app/broken.py",
        "cmd/broken.go",
        "src/Broken.java",
        "src/broken.rs",
    ] {
        s.assert_warned(p, "syntax error");
    }
    // The damaged file is still judged where the text allows it.
    let cors = rule(&s, "cors-wildcard");
    assert!(
        cors["findings"].as_array().unwrap().iter().any(|f| f["path"] == "src/broken.js"),
        "{cors:#}"
    );
}

#[test]
fn pathologically_nested_sources_skip_syntax_checks_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    express_service(root);
    let n = 20_000;
    // Each mentions a health route, so each is parsed.
    let deep = |open: &str, inner: &str, close: &str| format!("{}{inner}{}", open.repeat(n), close.repeat(n));
    write(
        root,
        "app/deep.py",
        format!(
            "import os\n@app.get('/health')\ndef h():\n    return {}\n",
            deep("(", "os.getenv('X')", ")")
        ),
    );
    write(
        root,
        "src/deep.js",
        format!("app.get('/health', h);\nconst x = {};\n", deep("f(", "1", ")")),
    );
    write(
        root,
        "src/chain.ts",
        format!("app.get('/health', h);\nconst x = 1{};\n", " + 1".repeat(n)),
    );
    write(
        root,
        "cmd/deep.go",
        format!(
            "package main\nfunc main() {{ http.HandleFunc(\"/health\", h); x := {} }}\n",
            deep("(", "1", ")")
        ),
    );
    write(
        root,
        "src/Deep.java",
        format!(
            "@RestController class A {{ @GetMapping(\"/health\") int f() {{ return {}; }} }}\n",
            deep("(", "1", ")")
        ),
    );
    let rust_head = "fn main() { let app = Router::new().route(\"/health\", get(h)); ";
    write(root, "rs1/src/main.rs", format!("{rust_head}let x = {}; }}\n", deep("(", "1", ")")));
    write(root, "rs2/src/main.rs", format!("{rust_head}let x: {}u8 = 1; }}\n", "&".repeat(n)));
    write(root, "rs3/src/main.rs", format!("{rust_head}let x = 1{}; }}\n", " + 1".repeat(n)));
    write(
        root,
        "rs4/src/main.rs",
        format!("{rust_head}{}{{}} }}\n", "if a {} else ".repeat(n)),
    );
    let s = scan(root);
    for p in ["app/deep.py", "src/deep.js", "src/chain.ts", "cmd/deep.go", "src/Deep.java"] {
        s.assert_warned(p, "syntax tree nested deeper than 400 levels; syntax-based checks skipped");
    }
    s.assert_warned("rs1/src/main.rs", "brackets nested deeper than 128 levels");
    s.assert_warned("rs2/src/main.rs", "more than 500 tokens nested");
    s.assert_warned("rs3/src/main.rs", "more than 500 tokens nested");
    s.assert_warned("rs4/src/main.rs", "`else if` chain longer than 1000");
}
