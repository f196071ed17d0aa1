//! The declarative rule loader: any text is a rule or a located error; a rule that loads is then
//! run over a small project, so its compiled globs, regexes and queries meet real files.

#![no_main]

use libfuzzer_sys::fuzz_target;
use readycheck::engine::{ScanOptions, scan_files};
use readycheck::rule::Rule;

const PROJECT: &[(&str, &[u8])] = &[
    ("package.json", br#"{"dependencies":{"express":"^4","cors":"^2"}}"#),
    (
        "src/index.js",
        b"const app = require('express')();\napp.use(require('cors')());\napp.get('/health', (q, r) => r.send('ok'));\n",
    ),
    (
        "app/main.py",
        b"import os\nfrom fastapi import FastAPI\napp = FastAPI()\n@app.get('/health')\ndef h():\n    return os.getenv('X')\n",
    ),
    (
        "main.go",
        b"package main\nimport \"net/http\"\nfunc main() { http.ListenAndServe(\":8080\", nil) }\n",
    ),
    ("src/main.rs", b"fn main() { let _ = std::env::var(\"X\"); }\n"),
    (
        "Dockerfile",
        b"FROM node:20\nUSER node\nHEALTHCHECK CMD curl -f http://localhost/health\n",
    ),
    (
        ".github/workflows/ci.yml",
        b"on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n",
    ),
    ("tests/test_app.py", b"def test_ok():\n    assert True\n"),
];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    match readycheck::declarative::load_str("fuzz.toml", text) {
        Ok(rule) => {
            let rules: Vec<Box<dyn Rule>> = vec![Box::new(rule)];
            let r = scan_files("fuzz", PROJECT, &rules, &ScanOptions::default());
            assert_eq!(r.rules.len(), 1);
        }
        Err(e) => assert!(!e.file.is_empty() && !e.key.is_empty()),
    }
});
