//! Placeholder while the rule is being written.

use crate::index::Project;
use crate::model::{Category, Hit, Outcome, Remediation, RuleMeta, Severity};
use crate::rule::Rule;

pub struct CorsWildcard {
    meta: RuleMeta,
}

impl CorsWildcard {
    pub fn new() -> CorsWildcard {
        CorsWildcard {
            meta: RuleMeta {
                id: "cors-wildcard".into(),
                category: Category::Security,
                severity: Severity::Critical,
                title: "cors-wildcard".into(),
                rationale: "todo".into(),
                detection: "todo".into(),
                applies_to: vec!["service".into()],
                remediation: vec![Remediation {
                    framework: "generic".into(),
                    lang: String::new(),
                    snippet: "todo".into(),
                }],
                effort_hours: 1.0,
                pass_message: "ok".into(),
                fail_message: "bad".into(),
            },
        }
    }
}

impl Rule for CorsWildcard {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn evaluate(&self, _project: &Project, _hits: &[Hit]) -> Outcome {
        Outcome::pass("todo", vec![])
    }
}
