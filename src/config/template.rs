//! The file `readycheck init` writes: every setting with its default value and a comment saying
//! what it does. A test checks it parses to exactly [`Config::default`](super::Config) and that
//! it mentions every key of the schema, so it cannot drift from the types.

pub const TEMPLATE: &str = r#"# readycheck configuration. Every value below is the default; change what you need.
# Reference: `readycheck config-schema` prints the JSON Schema (editors can complete from it).
# Command-line flags win over this file.

[scan]
# Paths never scanned (gitignore-style globs, relative to the scanned root), on top of
# .gitignore, .ignore and .readycheckignore.
exclude = []                  # e.g. ["vendor/**", "legacy/**"]
# Files larger than this many bytes are skipped and listed as skipped.
max_file_size = 1048576

[rules]
# When non-empty, only these run: rule ids or category ids
# (security, reliability, performance, monitoring, deployment, documentation, testing, architecture).
enable = []
# Never run these: rule ids or category ids. Applied after `enable`.
disable = []                  # e.g. ["changelog", "load-tests"]

[rules.severity]
# Severity overrides by rule id: critical (weight 4), high (3), medium (2), low (1).
# todo-density = "medium"

[rules.custom]
# Folders of your own rules, one TOML file each, in the schema of readycheck's built-in rules/.
# A missing default folder is fine; a folder you name must exist.
paths = [".readycheck/rules"]

[gate]
# Exit 1 when the overall score is below this (0–10).
# fail_under = 7.0
# Exit 1 when a category scores below its threshold.
fail_under_category = {}      # e.g. { security = 6.0, testing = 5.0 }
# Exit 1 when any rule of this severity or worse fails: critical, high, medium or low.
# fail_on = "high"
# A previous JSON report (`readycheck scan -f json -o readycheck.json`) to compare against.
# baseline = "readycheck.json"
# With a baseline: exit 1 when a category score drops or a rule that passed now fails.
fail_on_regression = false

# Accepted risks: findings that no longer count against the score. Each is listed, with its
# reason, in every report; the markdown report shows the raw score beside the accepted one.
# Without `path` the whole rule is waived. After `expires` (YYYY-MM-DD) the entry stops applying.
# In code, a comment on the line or the line above does the same for one finding:
#   # readycheck: ignore[cors-wildcard] public read-only API, no cookies
#
# [[suppress]]
# rule = "cors-wildcard"
# path = "src/public_api/**"
# reason = "public read-only API, no credentials"
# expires = "2027-06-30"
"#;

#[cfg(test)]
mod tests {
    use super::TEMPLATE;
    use crate::config::{Config, parse};

    #[test]
    fn template_is_the_defaults() {
        assert_eq!(parse("readycheck.toml", TEMPLATE).unwrap(), Config::default());
    }

    #[test]
    fn template_mentions_every_key_of_the_schema() {
        let schema: serde_json::Value = serde_json::from_str(&crate::config::json_schema()).unwrap();
        let mut keys = vec![];
        collect_keys(&schema, &mut keys);
        assert!(keys.len() > 10, "{keys:?}");
        for k in keys {
            assert!(
                TEMPLATE.contains(&format!("{k} ="))
                    || TEMPLATE.contains(&format!("[{k}]"))
                    || TEMPLATE.contains(&format!("[[{k}]]"))
                    || TEMPLATE.contains(&format!(".{k}]")),
                "template lacks `{k}`"
            );
        }
    }

    fn collect_keys(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(serde_json::Value::Object(props)) = m.get("properties") {
                    out.extend(props.keys().cloned());
                }
                for x in m.values() {
                    collect_keys(x, out);
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect_keys(x, out)),
            _ => {}
        }
    }
}
