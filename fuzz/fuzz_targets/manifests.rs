//! Manifest parsers: any bytes, under any manifest name, give a manifest or an error message.
//! The first byte picks the file name; the rest is the file.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((path, rest)) = readycheck::fuzz_input::named(data, readycheck::fuzz_input::MANIFEST_NAMES) else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    assert!(readycheck::index::manifests::is_manifest(path));
    if let Ok(m) = readycheck::index::manifests::parse(path, &text) {
        // Dependencies come out sorted and named, with real line numbers.
        assert!(m.deps.windows(2).all(|w| w[0] <= w[1]));
        let lines = text.lines().count().max(1);
        assert!(m.deps.iter().all(|d| d.line >= 1 && d.line <= lines), "{m:?}");
    }
});
