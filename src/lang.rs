//! Every language readycheck parses, registered in one place: extensions, grammar, comment syntax.
//!
//! Rules never match on extensions themselves; they ask a file for its [`Lang`], so adding a
//! language is one edit here.

use serde::Serialize;

/// A programming language whose sources readycheck can parse into a syntax tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Go,
    Rust,
    Java,
}

impl Lang {
    /// All languages, in a stable order.
    pub const ALL: [Lang; 7] = [
        Lang::Python,
        Lang::JavaScript,
        Lang::TypeScript,
        Lang::Tsx,
        Lang::Go,
        Lang::Rust,
        Lang::Java,
    ];

    /// The language of a file, from its name alone.
    pub fn from_path(path: &str) -> Option<Lang> {
        let name = path.rsplit('/').next().unwrap_or(path);
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        Some(match ext.as_str() {
            "py" | "pyi" => Lang::Python,
            "js" | "mjs" | "cjs" | "jsx" => Lang::JavaScript,
            "ts" | "mts" | "cts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "go" => Lang::Go,
            "rs" => Lang::Rust,
            "java" => Lang::Java,
            _ => return None,
        })
    }

    /// Stable lowercase name, used in rule files (`lang = "python"`) and reports.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Python => "python",
            Lang::JavaScript => "javascript",
            Lang::TypeScript => "typescript",
            Lang::Tsx => "tsx",
            Lang::Go => "go",
            Lang::Rust => "rust",
            Lang::Java => "java",
        }
    }

    /// Parses a name as written in a rule file; `js`/`ts` aliases accepted.
    pub fn from_name(name: &str) -> Option<Lang> {
        Some(match name.to_ascii_lowercase().as_str() {
            "python" | "py" => Lang::Python,
            "javascript" | "js" => Lang::JavaScript,
            "typescript" | "ts" => Lang::TypeScript,
            "tsx" => Lang::Tsx,
            "go" | "golang" => Lang::Go,
            "rust" | "rs" => Lang::Rust,
            "java" => Lang::Java,
            _ => return None,
        })
    }

    /// The tree-sitter grammar, or `None` for Rust, which is parsed with `syn`.
    pub fn grammar(self) -> Option<tree_sitter::Language> {
        Some(match self {
            Lang::Python => tree_sitter_python::LANGUAGE.into(),
            Lang::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            Lang::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            Lang::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            Lang::Go => tree_sitter_go::LANGUAGE.into(),
            Lang::Java => tree_sitter_java::LANGUAGE.into(),
            Lang::Rust => return None,
        })
    }

    /// True for the JavaScript family, which shares most detection logic.
    pub fn is_js_family(self) -> bool {
        matches!(self, Lang::JavaScript | Lang::TypeScript | Lang::Tsx)
    }

    /// The line-comment marker, for inline suppressions and comment-aware scanning.
    pub fn line_comment(self) -> &'static str {
        match self {
            Lang::Python => "#",
            _ => "//",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_to_languages() {
        assert_eq!(Lang::from_path("a/b/app.py"), Some(Lang::Python));
        assert_eq!(Lang::from_path("web/page.TSX"), Some(Lang::Tsx));
        assert_eq!(Lang::from_path("server.mjs"), Some(Lang::JavaScript));
        assert_eq!(Lang::from_path("Makefile"), None);
        assert_eq!(Lang::from_path(".env"), None);
    }

    #[test]
    fn every_grammar_loads() {
        for lang in Lang::ALL {
            if let Some(g) = lang.grammar() {
                let mut p = tree_sitter::Parser::new();
                assert!(p.set_language(&g).is_ok(), "{lang:?}");
            }
            assert_eq!(Lang::from_name(lang.name()), Some(lang));
        }
    }
}
