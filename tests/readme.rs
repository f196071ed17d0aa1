//! The README's rule table is generated from the registry; this test fails when they disagree.
//! Regenerate with `READYCHECK_BLESS=1 cargo test --test readme`.

const START: &str = "<!-- rules:start -->";
const END: &str = "<!-- rules:end -->";

fn table() -> String {
    let mut rules = readycheck::rules::builtin().unwrap();
    rules.sort_by(|a, b| a.meta().category.cmp(&b.meta().category).then(a.meta().id.cmp(&b.meta().id)));
    let mut s = String::from("| id | category | severity | applies to | title |\n|---|---|---|---|---|\n");
    for r in &rules {
        let m = r.meta();
        let applies = if m.applies_to.is_empty() {
            "any".to_string()
        } else {
            m.applies_to.join(", ")
        };
        s.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            m.id,
            m.category.id(),
            m.severity.id(),
            applies,
            m.title
        ));
    }
    s
}

#[test]
fn readme_rule_table_matches_registry() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let (head, rest) = readme.split_once(START).expect("README lacks the rules:start marker");
    let (_, tail) = rest.split_once(END).expect("README lacks the rules:end marker");
    let fresh = format!("{head}{START}\n{}{END}{tail}", table());
    if std::env::var_os("READYCHECK_BLESS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    assert!(
        fresh == readme,
        "README rule table is stale; run READYCHECK_BLESS=1 cargo test --test readme"
    );
}
