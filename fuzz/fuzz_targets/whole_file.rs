//! A whole-file rule run: one file, under a name that makes it source, manifest, CI, container or
//! configuration, goes through every built-in rule, the scoring and every report format.
//! The first byte picks the name; the rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;
use readycheck::engine::{ScanOptions, scan_files};
use readycheck::report::{Format, RenderOptions, reporter};
use readycheck::rule::Rule;
use std::sync::LazyLock;

static RULES: LazyLock<Vec<Box<dyn Rule>>> = LazyLock::new(|| readycheck::rules::builtin().expect("built-in rules load"));

fuzz_target!(|data: &[u8]| {
    let Some((path, rest)) = readycheck::fuzz_input::named(data, readycheck::fuzz_input::WHOLE_FILE_NAMES) else {
        return;
    };
    let r = scan_files("fuzz", &[(path, rest)], &RULES, &ScanOptions::default());
    assert_eq!(r.rules.len(), RULES.len());
    for f in [Format::Json, Format::Markdown, Format::Sarif, Format::Github, Format::Table] {
        let _ = reporter(f).render(&r, &RenderOptions::default());
    }
});
