//! From the built-in rules and the config to the rules that run: custom rules added, rules
//! enabled or disabled, severities overridden, every rule id in the config checked.

use super::{ConfigError, Loaded};
use crate::model::{Category, RuleMeta};
use crate::rule::Rule;
use std::path::Path;

/// Loads the `*.toml` rules in `[rules.custom] paths`, sorted by file name. A missing default
/// folder is fine (most projects have none); a folder the config names must exist.
pub fn load_custom_rules(loaded: &Loaded, scan_root: &Path) -> Result<Vec<Box<dyn Rule>>, ConfigError> {
    let base = loaded.base_dir(scan_root);
    let file = config_name(loaded);
    let mut out: Vec<Box<dyn Rule>> = vec![];
    for (i, p) in loaded.config.rules.custom.paths.iter().enumerate() {
        let dir = base.join(p);
        if !dir.is_dir() {
            if p == super::DEFAULT_CUSTOM_RULES && loaded.config.rules.custom == super::CustomRules::default() {
                continue;
            }
            return Err(ConfigError {
                file: file.clone(),
                key: format!("rules.custom.paths[{i}]"),
                line: None,
                message: format!("`{}` is not a directory", dir.display()),
            });
        }
        let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(&dir)
            .map_err(|e| ConfigError {
                file: file.clone(),
                key: format!("rules.custom.paths[{i}]"),
                line: None,
                message: format!("cannot read `{}`: {e}", dir.display()),
            })?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && p.is_file())
            .collect();
        files.sort();
        for f in files {
            let shown = f.display().to_string();
            let text = std::fs::read_to_string(&f).map_err(|e| ConfigError {
                file: shown.clone(),
                key: String::new(),
                line: None,
                message: format!("cannot read the rule file: {e}"),
            })?;
            let rule = crate::declarative::load_str(&shown, &text).map_err(from_load_error)?;
            out.push(Box::new(rule));
        }
    }
    Ok(out)
}

/// The rule loader's `key (line N)` / `line N` / `-` keys, as a config error's key and line.
fn from_load_error(e: crate::declarative::LoadError) -> ConfigError {
    let (key, line) = match e.key.rsplit_once(" (line ") {
        Some((k, l)) => (k.to_string(), l.trim_end_matches(')').parse().ok()),
        None => match e.key.strip_prefix("line ") {
            Some(l) => (String::new(), l.parse().ok()),
            None if e.key == "-" => (String::new(), None),
            None => (e.key, None),
        },
    };
    ConfigError {
        file: e.file,
        key,
        line,
        message: e.message,
    }
}

fn config_name(loaded: &Loaded) -> String {
    loaded
        .path
        .as_ref()
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| super::FILE_NAME.to_string())
}

/// A rule with a config-set severity: same checks, different weight.
struct Overridden {
    inner: Box<dyn Rule>,
    meta: RuleMeta,
}

impl Rule for Overridden {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }
    fn scan(&self, file: &crate::engine::ctx::FileCtx<'_>, hits: &mut Vec<crate::model::Hit>) {
        self.inner.scan(file, hits)
    }
    fn evaluate(&self, project: &crate::index::Project, hits: &[crate::model::Hit]) -> crate::model::Outcome {
        self.inner.evaluate(project, hits)
    }
}

/// Applies `[rules]` to `builtin` plus `custom`: checks ids, selects, overrides severities.
/// Returns the active rules sorted by id.
pub fn apply(loaded: &Loaded, builtin: Vec<Box<dyn Rule>>, custom: Vec<Box<dyn Rule>>) -> Result<Vec<Box<dyn Rule>>, ConfigError> {
    let file = config_name(loaded);
    let err = |key: String, message: String| ConfigError {
        file: file.clone(),
        key,
        line: None,
        message,
    };
    let mut all = builtin;
    for c in custom {
        if all.iter().any(|r| r.meta().id == c.meta().id) {
            return Err(err(
                "rules.custom.paths".into(),
                format!("custom rule `{}` has the id of a built-in rule; choose another id", c.meta().id),
            ));
        }
        all.push(c);
    }
    let ids: Vec<String> = all.iter().map(|r| r.meta().id.clone()).collect();
    let known_rule = |id: &str| ids.iter().any(|x| x == id);
    let rules_cfg = &loaded.config.rules;
    for (field, list) in [("enable", &rules_cfg.enable), ("disable", &rules_cfg.disable)] {
        for (i, name) in list.iter().enumerate() {
            if !known_rule(name) && Category::from_id(name).is_none() {
                return Err(err(format!("rules.{field}[{i}]"), unknown(name, &ids, true)));
            }
        }
    }
    for id in rules_cfg.severity.keys() {
        if !known_rule(id) {
            return Err(err(format!("rules.severity.{id}"), unknown(id, &ids, false)));
        }
    }
    for (i, s) in loaded.config.suppress.iter().enumerate() {
        if !known_rule(&s.rule) {
            return Err(err(format!("suppress[{i}].rule"), unknown(&s.rule, &ids, false)));
        }
    }
    let selects = |list: &[String], m: &RuleMeta| list.iter().any(|n| *n == m.id || n == m.category.id());
    let mut active: Vec<Box<dyn Rule>> = vec![];
    for r in all {
        let m = r.meta();
        if !rules_cfg.enable.is_empty() && !selects(&rules_cfg.enable, m) {
            continue;
        }
        if selects(&rules_cfg.disable, m) {
            continue;
        }
        match rules_cfg.severity.get(&m.id) {
            Some(&sev) if sev != m.severity => {
                let mut meta = m.clone();
                meta.severity = sev;
                active.push(Box::new(Overridden { inner: r, meta }));
            }
            _ => active.push(r),
        }
    }
    active.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
    Ok(active)
}

fn unknown(name: &str, ids: &[String], categories_too: bool) -> String {
    let mut msg = format!("unknown rule id `{name}`");
    if categories_too {
        msg = format!(
            "`{name}` is neither a rule id nor a category ({})",
            super::validate::category_list()
        );
    }
    if let Some(near) = crate::suggest::closest(name, ids.iter().map(String::as_str)) {
        msg.push_str(&format!("; did you mean `{near}`?"));
    }
    msg
}
