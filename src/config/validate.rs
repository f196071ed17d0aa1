//! Checks a parsed config can be true of before any rule is known: ranges, names, globs, dates.
//! Rule ids are checked later, against the loaded ruleset (custom rules included).

use super::Config;
use crate::model::Category;

/// The first problem found, as (dotted key, message).
pub fn check(c: &Config) -> Result<(), (String, String)> {
    for (i, g) in c.scan.exclude.iter().enumerate() {
        glob(g).map_err(|m| (format!("scan.exclude[{i}]"), m))?;
    }
    if c.scan.max_file_size == 0 {
        return Err(("scan.max_file_size".into(), "expected a size in bytes above 0".into()));
    }
    if let Some(v) = c.gate.fail_under {
        score(v).map_err(|m| ("gate.fail_under".to_string(), m))?;
    }
    for (cat, v) in &c.gate.fail_under_category {
        let key = format!("gate.fail_under_category.{cat}");
        if Category::from_id(cat).is_none() {
            return Err((key, format!("unknown category `{cat}`, expected one of {}", category_list())));
        }
        score(*v).map_err(|m| (key, m))?;
    }
    if c.gate.fail_on_regression && c.gate.baseline.is_none() {
        // The flag may supply the baseline; the CLI checks the combination after merging.
    }
    for (i, s) in c.suppress.iter().enumerate() {
        if s.reason.trim().is_empty() {
            return Err((
                format!("suppress[{i}].reason"),
                "expected a reason: why is this risk accepted?".into(),
            ));
        }
        if let Some(p) = &s.path {
            glob(p).map_err(|m| (format!("suppress[{i}].path"), m))?;
        }
        if let Some(d) = &s.expires
            && crate::clock::parse_date(d).is_none()
        {
            return Err((
                format!("suppress[{i}].expires"),
                format!("`{d}` is not a date, expected YYYY-MM-DD"),
            ));
        }
    }
    Ok(())
}

fn score(v: f64) -> Result<(), String> {
    if (0.0..=10.0).contains(&v) {
        Ok(())
    } else {
        Err(format!("{v} is outside 0–10"))
    }
}

fn glob(g: &str) -> Result<(), String> {
    globset::Glob::new(g)
        .map(|_| ())
        .map_err(|e| format!("`{g}` is not a valid glob: {}", e.kind()))
}

pub fn category_list() -> String {
    Category::ALL.iter().map(|c| c.id()).collect::<Vec<_>>().join(", ")
}
