//! The Dockerfile parser never fails: any text gives stages and instructions with real lines.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let df = readycheck::index::dockerfile::parse("Dockerfile", &text);
    let lines = text.lines().count().max(1);
    for i in df.instructions() {
        assert!(i.line >= 1 && i.line <= lines, "{i:?}");
    }
    for s in &df.stages {
        let _ = readycheck::index::dockerfile::split_image(&s.image);
    }
});
