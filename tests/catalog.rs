//! The registry implements the catalog: every rule in `../shared/RULES.md` exists with the catalog's
//! category and severity. Skipped (not failed) where the catalog file is absent.

use std::collections::BTreeMap;
use std::path::Path;

/// (id → (category, severity)) from the catalog's markdown tables.
fn catalog(text: &str) -> BTreeMap<String, (String, String)> {
    let mut out = BTreeMap::new();
    let mut category = String::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            category = h.trim().to_ascii_lowercase();
            continue;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() < 4 || cells[1] == "id" || cells[1].starts_with("---") {
            continue;
        }
        let id = cells[1].trim_start_matches('★').trim();
        if !id.is_empty() && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
            out.insert(id.to_string(), (category.clone(), cells[2].to_string()));
        }
    }
    out
}

#[test]
fn registry_implements_the_catalog() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/RULES.md");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let expected = catalog(&text);
    assert!(expected.len() > 60, "parsed only {} catalog rules", expected.len());
    let rules = readycheck::rules::builtin().unwrap();
    let have: BTreeMap<String, (String, String)> = rules
        .iter()
        .map(|r| {
            (
                r.meta().id.clone(),
                (r.meta().category.id().to_string(), r.meta().severity.id().to_string()),
            )
        })
        .collect();
    let mut problems = vec![];
    for (id, (cat, sev)) in &expected {
        match have.get(id) {
            None => problems.push(format!("missing rule `{id}`")),
            Some((c, s)) if c != cat || s != sev => problems.push(format!("`{id}`: catalog says {cat}/{sev}, registry has {c}/{s}")),
            _ => {}
        }
    }
    eprintln!("catalog: {} rules, registry: {} rules", expected.len(), have.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
