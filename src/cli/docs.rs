//! `readycheck rules` and `readycheck explain`: the catalog and the scoring model, in prose.

use crate::model::Category;
use crate::rule::Rule;

pub fn list_rules(rules: &[Box<dyn Rule>], category: Option<Category>) -> String {
    let mut t = comfy_table::Table::new();
    t.load_style(comfy_table::presets::UTF8_FULL_CONDENSED).force_no_tty();
    t.set_header(vec!["Id", "Category", "Severity", "Applies to", "Title"]);
    let mut sorted: Vec<&dyn Rule> = rules
        .iter()
        .map(|r| r.as_ref())
        .filter(|r| category.is_none_or(|c| r.meta().category == c))
        .collect();
    sorted.sort_by(|a, b| a.meta().category.cmp(&b.meta().category).then(a.meta().id.cmp(&b.meta().id)));
    for r in &sorted {
        let m = r.meta();
        let applies = if m.applies_to.is_empty() {
            "any".to_string()
        } else {
            m.applies_to.join(", ")
        };
        t.add_row(vec![m.id.as_str(), m.category.id(), m.severity.id(), &applies, &m.title]);
    }
    format!("{t}\n{} rule(s)\n", sorted.len())
}

pub fn explain(rule: &dyn Rule) -> String {
    let m = rule.meta();
    let mut s = format!(
        "{} — {}\n\ncategory: {}   severity: {} (weight {})   applies to: {}   effort: {}\n\nWhy it matters\n  {}\n\nHow it is detected\n  {}\n\nHow to fix it\n",
        m.id,
        m.title,
        m.category.id(),
        m.severity.id(),
        m.severity.weight(),
        if m.applies_to.is_empty() {
            "any repository".to_string()
        } else {
            m.applies_to.join(", ")
        },
        crate::report::fmt_hours(m.effort_hours),
        m.rationale.replace('\n', "\n  "),
        m.detection.replace('\n', "\n  "),
    );
    for r in &m.remediation {
        s.push_str(&format!("\n  [{}]\n", r.framework));
        for line in r.snippet.trim_end().lines() {
            s.push_str(&format!("    {line}\n"));
        }
    }
    s
}

/// The scoring model, as `readycheck explain --scoring` prints it.
pub const SCORING_TEXT: &str = "\
readycheck scoring model 1

Eight categories (security, reliability, performance, monitoring, deployment, documentation,
testing, architecture), each scored 0–10 from the rules that apply to the repository.

  weight      critical 4 · high 3 · medium 2 · low 1 (from the rule's severity)
  credit      pass 1 · fail 0 · graded rules a fraction in between · n/a rules are left out
  category    10 × Σ(weight × credit) / Σ(weight), rounded to one decimal
              a failing critical rule caps its category at 4.0
              a category with no applicable rule is n/a and leaves the mean
  overall     mean of the applicable category scores, rounded to two decimals
  status      Critical below 5.0 · Needs work 5.0–6.9 · Good 7.0 and above
  verdict     READY when overall ≥ 7.0 and no category is Critical, else NOT READY

Every number can be recomputed from `--format json`: each rule lists its category, weight,
outcome and credit.
";
