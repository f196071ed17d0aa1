//! Embeds every built-in declarative rule (`rules/*.toml`) into the binary, so adding a rule is
//! adding one file: no registry edit, no recompile of anything but this list.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    // Read at run time, not with env!: a build script binary reused from a copied target
    // directory would otherwise embed the rules of the tree it was first built in.
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".to_string());
    let dir = Path::new(&manifest_dir).join("rules");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".toml"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::from("/// Built-in declarative rules: (file name, TOML text).\npub static BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for n in &names {
        let path = dir.join(n);
        let _ = writeln!(out, "    ({n:?}, include_str!({:?})),", path.display().to_string());
    }
    out.push_str("];\n");
    let dest = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("builtin_rules.rs");
    std::fs::write(dest, out).expect("write generated rule list");
}
