//! Declarative rules: TOML files combining matchers, compiled once and run in the scan pass.
//!
//! Built-in rules live in the top-level `rules/` folder and are embedded at build time; users add
//! their own with the same schema. See the README's "Writing rules" section for the schema.

mod globs;
pub mod schema;

use crate::engine::ctx::FileCtx;
use crate::index::Project;
use crate::index::manifests::Ecosystem;
use crate::lang::Lang;
use crate::model::{Evidence, Finding, Hit, Location, Outcome, RuleMeta};
use crate::paths::Role;
use crate::prefilter::Literals;
use crate::rule::Rule;
use globset::{Glob, GlobSet, GlobSetBuilder};
use regex::Regex;
use schema::{MatcherSpec, Polarity, RuleSpec};
use std::ops::Range;
use std::sync::Arc;
use streaming_iterator::StreamingIterator;

include!(concat!(env!("OUT_DIR"), "/builtin_rules.rs"));

/// Most hits one leaf records per file; enough for evidence, bounded for pathological files.
const MAX_HITS_PER_FILE: usize = 20;

/// A rule file that could not be loaded: which file, which key, what was expected.
#[derive(Debug, thiserror::Error, PartialEq)]
#[error("{file}: {key}: {message}")]
pub struct LoadError {
    pub file: String,
    /// Dotted key path (`match.any[1].content`), or `-` for whole-file errors.
    pub key: String,
    pub message: String,
}

#[derive(Debug)]
enum Node {
    Any(Vec<Node>),
    All(Vec<Node>),
    Not(Box<Node>),
    Leaf(usize),
}

#[derive(Debug)]
enum LeafKind {
    /// The file matches one of these globs of the rule's [`globs::Index`].
    Files(Range<usize>),
    Content(crate::line_regex::LineRegex),
    Dependency(Vec<(Ecosystem, String)>),
    Query(QueryLeaf),
}

/// When a rule's regexes and queries are compiled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Compile {
    /// While loading, so that every error, a regex over the size limit included, names its key:
    /// for users' rules.
    Now,
    /// Syntax checked while loading, automata and queries built when a file first needs them:
    /// for the built-in rules, which the test suite compiles in full. A scan then pays only for
    /// the patterns its tree reaches, and pays on the worker threads.
    OnFirstUse,
}

/// A tree-sitter query, compiled per language when the first file of that language reaches it.
#[derive(Debug)]
struct QueryLeaf {
    source: String,
    /// `None` inside: the query failed to compile for that language (never for a built-in rule).
    per_lang: Vec<(Lang, std::sync::OnceLock<Option<CompiledQuery>>)>,
}

#[derive(Debug)]
struct CompiledQuery {
    query: tree_sitter::Query,
    /// The capture reported as the match's location.
    cap: u32,
    /// Literals every match of this language's query needs (see [`query_literals`]).
    lits: Literals,
}

impl CompiledQuery {
    fn new(lang: Lang, source: &str) -> Result<CompiledQuery, String> {
        let grammar = lang
            .grammar()
            .ok_or_else(|| format!("`{}` has no tree-sitter grammar", lang.name()))?;
        let query = tree_sitter::Query::new(&grammar, source).map_err(|e| format!("invalid {} query: {e}", lang.name()))?;
        let cap = query.capture_index_for_name("match").unwrap_or(0);
        let lits = query_literals(source, &query);
        Ok(CompiledQuery { query, cap, lits })
    }
}

impl QueryLeaf {
    /// The query for files of `lang`, compiled on first use.
    fn for_lang(&self, lang: Lang) -> Option<&CompiledQuery> {
        let (_, cell) = self.per_lang.iter().find(|(l, _)| *l == lang)?;
        cell.get_or_init(|| CompiledQuery::new(lang, &self.source).ok()).as_ref()
    }
}

#[derive(Debug)]
struct Leaf {
    kind: LeafKind,
    /// Literals every match of a content regex or query needs: a file that cannot contain any
    /// is skipped without running the regex or parsing it.
    lits: Literals,
    /// The globs of the rule's [`globs::Index`] restricting which files the leaf looks at.
    paths: Option<Range<usize>>,
    langs: Option<Vec<Lang>>,
    include_tests: bool,
    message: String,
    note: Option<String>,
}

/// A compiled declarative rule.
#[derive(Debug)]
pub struct DeclarativeRule {
    meta: RuleMeta,
    polarity: Polarity,
    root: Node,
    leaves: Vec<Leaf>,
    /// Every glob of the leaves; shared by all built-in rules ([`builtin`]).
    globs: Arc<globs::Index>,
}

fn err(file: &str, key: &str, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        key: key.to_string(),
        message: message.into(),
    }
}

/// Parses a leaf's globs into the rule's list, giving their numbers there. A glob set is built
/// of them alone too when the rule is compiled at once, so a list that cannot be compiled is
/// reported with its own key.
fn globset(file: &str, key: &str, globs: &[String], all: &mut Vec<Glob>, mode: Compile) -> Result<Range<usize>, LoadError> {
    let start = all.len();
    let mut b = GlobSetBuilder::new();
    for g in globs {
        // A bare name (`Dockerfile`) matches at any depth, like a .gitignore entry.
        let pattern = if g.contains('/') { g.clone() } else { format!("**/{g}") };
        let glob = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .build()
            .or_else(|_| Glob::new(&pattern))
            .map_err(|e| err(file, key, format!("invalid glob `{g}`: {e}")))?;
        if mode == Compile::Now {
            b.add(glob.clone());
        }
        all.push(glob);
    }
    if mode == Compile::Now {
        let _: GlobSet = b.build().map_err(|e| err(file, key, format!("invalid globs: {e}")))?;
    }
    Ok(start..all.len())
}

/// Parses and compiles one rule file, reporting any pattern that does not compile.
pub fn load_str(file: &str, text: &str) -> Result<DeclarativeRule, LoadError> {
    load(file, text, Compile::Now)
}

fn load(file: &str, text: &str, mode: Compile) -> Result<DeclarativeRule, LoadError> {
    let line_of = |e: &toml::de::Error| e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let de = toml::Deserializer::parse(text).map_err(|e| {
        let key = line_of(&e).map(|l| format!("line {l}")).unwrap_or_else(|| "-".to_string());
        err(file, &key, e.message().trim().to_string())
    })?;
    let spec: RuleSpec = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let key = match (path.as_str(), line_of(&inner)) {
            (".", Some(l)) => format!("line {l}"),
            (".", None) => "-".to_string(),
            (p, Some(l)) => format!("{p} (line {l})"),
            (p, None) => p.to_string(),
        };
        err(file, &key, inner.message().trim().to_string())
    })?;
    compile(file, spec, mode)
}

/// Joins hard-wrapped lines of TOML multi-line strings into paragraphs (blank lines separate them).
pub fn reflow(text: &str) -> String {
    text.trim()
        .split("\n\n")
        .map(|p| p.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Rewrites `\b`/`\B` outside character classes to their ASCII forms. Unicode word boundaries
/// make the regex engine fall back to slow paths on non-ASCII text (measured about 7× on real
/// trees); identifiers and keywords rules look for are ASCII anyway.
pub fn ascii_word_boundaries(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars();
    let mut class_depth = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some(b @ ('b' | 'B')) if class_depth == 0 => {
                    out.push_str("(?-u:\\");
                    out.push(b);
                    out.push(')');
                }
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' => {
                class_depth += 1;
                out.push(c);
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

/// Second phase: checks meaning and compiles globs, regexes and queries.
fn compile(file: &str, spec: RuleSpec, mode: Compile) -> Result<DeclarativeRule, LoadError> {
    if !is_kebab(&spec.id) {
        return Err(err(file, "id", format!("`{}` is not a kebab-case id", spec.id)));
    }
    for (i, c) in spec.applies_to.iter().enumerate() {
        if !crate::index::CONDITIONS.contains(&c.as_str()) {
            return Err(err(
                file,
                &format!("applies_to[{i}]"),
                format!("unknown condition `{c}`; expected one of {}", crate::index::CONDITIONS.join(", ")),
            ));
        }
    }
    if !(spec.effort_hours.is_finite() && spec.effort_hours >= 0.0) {
        return Err(err(file, "effort_hours", "expected a non-negative number of hours"));
    }
    let (mut leaves, mut globs) = (vec![], vec![]);
    let root = compile_node(file, "match", &spec.matcher, mode, &mut leaves, &mut globs)?;
    let globs = globs::Index::new(globs);
    if mode == Compile::Now {
        globs.compile().map_err(|e| err(file, "match", format!("invalid globs: {e}")))?;
    }
    let globs = Arc::new(globs);
    let detection = spec
        .detection
        .as_deref()
        .map(reflow)
        .unwrap_or_else(|| describe(&root, &leaves, spec.polarity));
    let meta = RuleMeta {
        id: spec.id,
        category: spec.category,
        severity: spec.severity,
        title: spec.title,
        rationale: reflow(&spec.rationale),
        detection,
        applies_to: spec.applies_to,
        remediation: spec.remediation,
        effort_hours: spec.effort_hours,
        pass_message: spec.pass_message,
        fail_message: spec.fail_message,
    };
    Ok(DeclarativeRule {
        meta,
        polarity: spec.polarity,
        root,
        leaves,
        globs,
    })
}

fn compile_node(
    file: &str,
    key: &str,
    m: &MatcherSpec,
    mode: Compile,
    leaves: &mut Vec<Leaf>,
    globs: &mut Vec<Glob>,
) -> Result<Node, LoadError> {
    let kinds = [
        m.any.is_some(),
        m.all.is_some(),
        m.not.is_some(),
        m.files.is_some(),
        m.content.is_some(),
        m.dependency.is_some(),
        m.query.is_some(),
    ];
    let n = kinds.iter().filter(|k| **k).count();
    if n != 1 {
        return Err(err(
            file,
            key,
            "expected exactly one of `any`, `all`, `not`, `files`, `content`, `dependency`, `query`",
        ));
    }
    if let Some(children) = m.any.as_ref().or(m.all.as_ref()) {
        let which = if m.any.is_some() { "any" } else { "all" };
        if children.is_empty() {
            return Err(err(file, &format!("{key}.{which}"), "expected at least one matcher"));
        }
        let nodes = children
            .iter()
            .enumerate()
            .map(|(i, c)| compile_node(file, &format!("{key}.{which}[{i}]"), c, mode, leaves, globs))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(if m.any.is_some() { Node::Any(nodes) } else { Node::All(nodes) });
    }
    if let Some(child) = &m.not {
        return Ok(Node::Not(Box::new(compile_node(
            file,
            &format!("{key}.not"),
            child,
            mode,
            leaves,
            globs,
        )?)));
    }
    let paths = m
        .paths
        .as_ref()
        .map(|p| globset(file, &format!("{key}.paths"), p, globs, mode))
        .transpose()?;
    let langs = m
        .lang
        .as_ref()
        .map(|ls| {
            ls.iter()
                .enumerate()
                .map(|(i, l)| Lang::from_name(l).ok_or_else(|| err(file, &format!("{key}.lang[{i}]"), format!("unknown language `{l}`"))))
                .collect::<Result<Vec<_>, _>>()
        })
        .transpose()?;
    let mut lits = Literals::anything();
    let (kind, default_msg) = if let Some(globs_of_leaf) = &m.files {
        (
            LeafKind::Files(globset(file, &format!("{key}.files"), globs_of_leaf, globs, mode)?),
            format!("file matching `{}`", globs_of_leaf.join("`, `")),
        )
    } else if let Some(re) = &m.content {
        let pattern = ascii_word_boundaries(re);
        let r = match mode {
            Compile::Now => crate::line_regex::LineRegex::new(&pattern, 1 << 22),
            Compile::OnFirstUse => crate::line_regex::LineRegex::lazy(&pattern, 1 << 22),
        }
        .map_err(|e| err(file, &format!("{key}.content"), format!("invalid regex: {e}")))?;
        // `multi_line` changes only where `^`/`$` match, never which literals a match contains.
        lits = Literals::of_regex(&pattern);
        (LeafKind::Content(r), format!("content matching `{re}`"))
    } else if let Some(deps) = &m.dependency {
        let mut v = vec![];
        for (eco, names) in deps {
            let e = Ecosystem::from_name(eco).ok_or_else(|| {
                err(
                    file,
                    &format!("{key}.dependency.{eco}"),
                    "unknown ecosystem; expected npm, pypi, cargo, go, maven, rubygems or composer",
                )
            })?;
            v.extend(names.iter().map(|n| (e, n.clone())));
        }
        let names: Vec<&str> = v.iter().map(|(_, n)| n.as_str()).collect();
        (LeafKind::Dependency(v.clone()), format!("dependency `{}`", names.join("`, `")))
    } else if let Some(q) = &m.query {
        let Some(ls) = &langs else {
            return Err(err(file, &format!("{key}.lang"), "a `query` needs `lang`"));
        };
        let mut per_lang = vec![];
        for l in ls {
            if l.grammar().is_none() {
                return Err(err(
                    file,
                    &format!("{key}.lang"),
                    format!("`{}` has no tree-sitter grammar", l.name()),
                ));
            }
            let cell = std::sync::OnceLock::new();
            if mode == Compile::Now {
                let compiled = CompiledQuery::new(*l, q).map_err(|e| err(file, &format!("{key}.query"), e))?;
                cell.get_or_init(|| Some(compiled));
            }
            per_lang.push((*l, cell));
        }
        // The literal gate is per language, in `QueryLeaf::for_lang`.
        (
            LeafKind::Query(QueryLeaf {
                source: q.clone(),
                per_lang,
            }),
            "syntax pattern".to_string(),
        )
    } else {
        return Err(err(file, key, "empty matcher"));
    };
    let message = m.message.clone().unwrap_or(default_msg);
    leaves.push(Leaf {
        kind,
        lits,
        paths,
        langs,
        include_tests: m.include_tests,
        message,
        note: m.note.clone(),
    });
    Ok(Node::Leaf(leaves.len() - 1))
}

/// Literals a query's matches need, from its `#eq?` and `#match?` predicates: the captured node's
/// text is a slice of the file, so the file must contain what the predicate demands. Used only
/// when the compiled query has a single pattern and the predicate's capture is never absent
/// (a predicate over an optional capture holds with no node at all).
fn query_literals(source: &str, q: &tree_sitter::Query) -> Literals {
    static PREDICATE: std::sync::LazyLock<Regex> =
        std::sync::LazyLock::new(|| Regex::new(r#"\(#(eq|match)\?\s+@([\w.-]+)\s+"((?:[^"\\]|\\.)*)"\s*\)"#).expect("static regex"));
    let always_captured = |name: &str| {
        q.pattern_count() == 1
            && q.capture_index_for_name(name).is_some_and(|i| {
                matches!(
                    q.capture_quantifiers(0).get(i as usize),
                    Some(tree_sitter::CaptureQuantifier::One | tree_sitter::CaptureQuantifier::OneOrMore)
                )
            })
    };
    let mut best = Literals::anything();
    for c in PREDICATE.captures_iter(source) {
        let (Some(op), Some(name), Some(arg)) = (c.get(1), c.get(2), c.get(3)) else {
            continue;
        };
        if !always_captured(name.as_str()) {
            continue;
        }
        // Query strings escape `\\` and `\"`; any other escape is left alone rather than guessed.
        let raw = arg.as_str();
        if raw.replace(r"\\", "").replace(r#"\""#, "").contains('\\') {
            continue;
        }
        let text = raw.replace(r"\\", "\u{0}").replace(r#"\""#, "\"").replace('\u{0}', "\\");
        let lits = match op.as_str() {
            "eq" => Literals::any_of(&[text.as_str()]),
            _ => Literals::of_regex(&text),
        };
        if lits.strength() > best.strength() {
            best = lits;
        }
    }
    best
}

fn describe(node: &Node, leaves: &[Leaf], polarity: Polarity) -> String {
    fn go(node: &Node, leaves: &[Leaf]) -> String {
        match node {
            Node::Leaf(i) => leaves[*i].message.clone(),
            Node::Any(v) => v.iter().map(|n| go(n, leaves)).collect::<Vec<_>>().join("; or "),
            Node::All(v) => v.iter().map(|n| go(n, leaves)).collect::<Vec<_>>().join("; and "),
            Node::Not(n) => format!("no {}", go(n, leaves)),
        }
    }
    let what = go(node, leaves);
    match polarity {
        Polarity::Require => format!("Passes when it finds: {what}."),
        Polarity::Forbid => format!("Fails on each: {what}."),
    }
}

impl Leaf {
    /// Whether this leaf looks at a file of this role and language. Its `paths` globs are
    /// [`Leaf::in_paths`], tested last: role and language are comparisons, where globs are a search.
    fn may_want(&self, info: &crate::engine::ctx::FileInfo) -> bool {
        match info.role {
            Role::Example => return false,
            Role::Test if !self.include_tests => return false,
            _ => {}
        }
        self.langs.as_ref().is_none_or(|ls| info.lang.is_some_and(|l| ls.contains(&l)))
    }

    /// Whether the file's path passes this leaf's `paths` globs of `globs` (every path does when
    /// it has none).
    fn in_paths(&self, globs: &globs::Index, path: &str) -> bool {
        self.paths.as_ref().is_none_or(|range| globs.matches(path, range))
    }
}

impl Rule for DeclarativeRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn scan(&self, ctx: &FileCtx<'_>, hits: &mut Vec<Hit>) {
        let path = ctx.info.path.as_str();
        for (i, leaf) in self.leaves.iter().enumerate() {
            // The literal gate before the path globs: most leaves are settled by it, and it is
            // a few table lookups where a glob set is a search.
            if !leaf.may_want(ctx.info) || !ctx.may_match(&leaf.lits) || !leaf.in_paths(&self.globs, path) {
                continue;
            }
            let tag = i.to_string();
            match &leaf.kind {
                LeafKind::Files(range) => {
                    if self.globs.matches(path, range) {
                        hits.push(Hit::Fact {
                            tag,
                            value: String::new(),
                            location: Location {
                                path: ctx.info.path.clone(),
                                line: 0,
                                column: 0,
                            },
                        });
                    }
                }
                LeafKind::Content(re) => {
                    for m in re.find_iter_folded(ctx.text, ctx.folded()).take(MAX_HITS_PER_FILE) {
                        let location = ctx.location(m.start);
                        let value = crate::redact::snippet(ctx.line_text(location.line));
                        hits.push(Hit::Fact {
                            tag: tag.clone(),
                            value,
                            location,
                        });
                    }
                }
                LeafKind::Query(queries) => {
                    let Some(lang) = ctx.lang() else { continue };
                    let Some(CompiledQuery { query, cap, lits }) = queries.for_lang(lang) else {
                        continue;
                    };
                    if !ctx.may_match(lits) {
                        continue;
                    }
                    let Some(tree) = ctx.tree() else { continue };
                    let mut cursor = tree_sitter::QueryCursor::new();
                    let mut it = cursor.matches(query, tree.root_node(), ctx.text.as_bytes());
                    let mut n = 0;
                    while let Some(m) = it.next() {
                        if let Some(c) = m.captures().iter().find(|c| c.index == *cap).or(m.captures().first()) {
                            let location = ctx.location(c.node.start_byte());
                            let value = crate::redact::snippet(ctx.line_text(location.line));
                            hits.push(Hit::Fact {
                                tag: tag.clone(),
                                value,
                                location,
                            });
                            n += 1;
                            if n >= MAX_HITS_PER_FILE {
                                break;
                            }
                        }
                    }
                }
                LeafKind::Dependency(_) => {}
            }
        }
    }

    fn evaluate(&self, project: &Project, hits: &[Hit]) -> Outcome {
        // Per leaf: the locations (and snippets) that satisfied it.
        let mut per_leaf: Vec<Vec<(Location, String)>> = vec![vec![]; self.leaves.len()];
        for h in hits {
            if let Hit::Fact { tag, value, location } = h
                && let Some(v) = tag.parse::<usize>().ok().and_then(|i| per_leaf.get_mut(i))
            {
                v.push((location.clone(), value.clone()));
            }
        }
        for (i, leaf) in self.leaves.iter().enumerate() {
            if let LeafKind::Dependency(deps) = &leaf.kind {
                for (eco, name) in deps {
                    if let Some((m, line)) = project.find_dependency(*eco, name) {
                        per_leaf[i].push((
                            Location {
                                path: m.path.clone(),
                                line,
                                column: 1,
                            },
                            format!("{name} in {}", m.path),
                        ));
                    }
                }
            }
        }
        let mut used = vec![];
        let satisfied = eval(&self.root, &per_leaf, &mut used);
        used.sort();
        used.dedup();
        match (self.polarity, satisfied) {
            (Polarity::Require, true) => {
                let evidence = used
                    .iter()
                    .flat_map(|i| {
                        per_leaf[*i].iter().map(move |(loc, _)| Evidence {
                            location: loc.clone(),
                            message: self.leaves[*i].message.clone(),
                        })
                    })
                    .take(10)
                    .collect();
                let notes: Vec<&str> = used.iter().filter_map(|i| self.leaves[*i].note.as_deref()).collect();
                let message = if !notes.is_empty() && used.iter().all(|i| self.leaves[*i].note.is_some()) {
                    format!("{}; {}", self.meta.pass_message, notes.join("; "))
                } else {
                    self.meta.pass_message.clone()
                };
                Outcome::pass(message, evidence)
            }
            (Polarity::Require, false) => Outcome::fail(self.meta.fail_message.clone(), vec![]),
            (Polarity::Forbid, true) => {
                let findings = used
                    .iter()
                    .flat_map(|i| {
                        per_leaf[*i].iter().map(move |(loc, snip)| Finding {
                            location: loc.clone(),
                            message: self.leaves[*i].message.clone(),
                            snippet: (!snip.is_empty()).then(|| snip.clone()),
                        })
                    })
                    .collect();
                Outcome::fail(self.meta.fail_message.clone(), findings)
            }
            (Polarity::Forbid, false) => Outcome::pass(self.meta.pass_message.clone(), vec![]),
        }
    }
}

/// Evaluates the matcher tree; `used` collects the leaves that made it true.
fn eval(node: &Node, per_leaf: &[Vec<(Location, String)>], used: &mut Vec<usize>) -> bool {
    match node {
        Node::Leaf(i) => {
            let ok = !per_leaf[*i].is_empty();
            if ok {
                used.push(*i);
            }
            ok
        }
        Node::Any(v) => {
            let mut any = false;
            for n in v {
                any |= eval(n, per_leaf, used);
            }
            any
        }
        Node::All(v) => {
            let mut local = vec![];
            let all = v.iter().all(|n| eval(n, per_leaf, &mut local));
            if all {
                used.extend(local);
            }
            all
        }
        Node::Not(n) => !eval(n, per_leaf, &mut vec![]),
    }
}

/// Loads every built-in rule; an error here is a bug in `rules/`, caught by the test suite.
pub fn builtin() -> Result<Vec<DeclarativeRule>, LoadError> {
    let mut rules = BUILTIN_RULES
        .iter()
        .map(|(name, text)| load(&format!("rules/{name}"), text, Compile::OnFirstUse))
        .collect::<Result<Vec<_>, _>>()?;
    share_globs(&mut rules);
    Ok(rules)
}

/// Gives `rules` one glob index holding all their globs, so that a file's path is matched once
/// for all of them ([`globs`]).
fn share_globs(rules: &mut [DeclarativeRule]) {
    let parts: Vec<&globs::Index> = rules.iter().map(|r| &*r.globs).collect();
    let (joined, offsets) = globs::Index::joined(&parts);
    let joined = Arc::new(joined);
    let shift = |range: &mut Range<usize>, by: usize| *range = range.start + by..range.end + by;
    for (rule, offset) in rules.iter_mut().zip(offsets) {
        for leaf in &mut rule.leaves {
            if let Some(range) = &mut leaf.paths {
                shift(range, offset);
            }
            if let LeafKind::Files(range) = &mut leaf.kind {
                shift(range, offset);
            }
        }
        rule.globs = Arc::clone(&joined);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
id = "demo-rule"
category = "security"
severity = "low"
title = "Demo"
rationale = "why"
effort_hours = 1
polarity = "require"
pass_message = "found"
fail_message = "missing"
[match]
files = ["Dockerfile"]
"#;

    #[test]
    fn minimal_rule_loads() {
        let r = load_str("demo.toml", MINIMAL).unwrap();
        assert_eq!(r.meta.id, "demo-rule");
        assert!(r.meta.detection.contains("Dockerfile"));
    }

    #[test]
    fn errors_name_the_key() {
        let bad = MINIMAL.replace("files = [\"Dockerfile\"]", "content = \"(unclosed\"");
        let e = load_str("demo.toml", &bad).unwrap_err();
        assert_eq!(e.key, "match.content");
        let bad = MINIMAL.replace("files = [\"Dockerfile\"]", "query = \"(call\"\nlang = [\"python\"]");
        assert_eq!(load_str("demo.toml", &bad).unwrap_err().key, "match.query");
        let bad = MINIMAL.replace("title", "titel");
        assert!(load_str("demo.toml", &bad).unwrap_err().message.contains("titel"));
        let bad = MINIMAL.replace("files = [\"Dockerfile\"]", "files = [\"a\"]\ncontent = \"b\"");
        assert!(load_str("demo.toml", &bad).unwrap_err().message.contains("exactly one"));
        let bad = MINIMAL.replace("effort_hours = 1", "effort_hours = 1\napplies_to = [\"servce\"]");
        assert_eq!(load_str("demo.toml", &bad).unwrap_err().key, "applies_to[0]");
    }

    #[test]
    fn query_predicates_give_literals() {
        let rule = |q: &str| {
            let text = MINIMAL.replace("files = [\"Dockerfile\"]", &format!("query = '''{q}'''\nlang = [\"python\"]"));
            load_str("demo.toml", &text).unwrap()
        };
        // The gate of a query leaf is its language's: Python's here.
        fn python_lits(r: &DeclarativeRule) -> &Literals {
            match &r.leaves[0].kind {
                LeafKind::Query(q) => &q.for_lang(Lang::Python).unwrap().lits,
                other => panic!("not a query: {other:?}"),
            }
        }
        let strength = |q: &str| python_lits(&rule(q)).strength();
        assert_eq!(
            strength(r#"((call function: (identifier) @f) (#eq? @f "HTTPAdapter"))"#),
            "HTTPAdapter".len()
        );
        assert_eq!(
            strength(r#"((call function: (_) @f) (#match? @f "(^|\\.)FastAPI$"))"#),
            "FastAPI".len()
        );
        // A predicate over a capture that may be absent proves nothing.
        assert_eq!(strength(r#"((comment)* @c (#eq? @c "noqa: E501"))"#), 0);
        // Two patterns: a match of the second needs nothing from the first's predicate.
        assert_eq!(
            strength(r#"((call function: (identifier) @f) (#eq? @f "HTTPAdapter")) (string) @s"#),
            0
        );
        let with = crate::prefilter::Grams::new(b"s.mount('https://', HTTPAdapter(max_retries=3))\n");
        let without = crate::prefilter::Grams::new(b"s.mount('https://', adapter)\n");
        let r = rule(r#"((call function: (identifier) @f) (#eq? @f "HTTPAdapter"))"#);
        assert!(python_lits(&r).may_match(&with));
        assert!(!python_lits(&r).may_match(&without));
    }

    /// Every built-in content pattern, searched line by line where its syntax allows, finds
    /// exactly what a plain search finds, on every fixture file it would look at.
    #[test]
    fn builtin_content_leaves_find_what_a_plain_search_finds() {
        let mut files = vec![];
        for e in ignore::WalkBuilder::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
            .standard_filters(false)
            .build()
        {
            let e = e.unwrap();
            if e.file_type().is_some_and(|t| t.is_file())
                && e.metadata().unwrap().len() <= 64 * 1024
                && let Ok(text) = std::fs::read_to_string(e.path())
            {
                let rel = e.path().to_string_lossy().into_owned();
                files.push((crate::engine::ctx::FileInfo::new(rel.clone(), text.len() as u64), text));
            }
        }
        assert!(files.len() > 1000, "{} fixture files", files.len());
        let (mut by_lines, mut compared) = (0, 0);
        for rule in builtin().unwrap() {
            for leaf in &rule.leaves {
                let LeafKind::Content(re) = &leaf.kind else { continue };
                by_lines += usize::from(re.by_lines());
                for (info, text) in &files {
                    if leaf.langs.is_some() && !(leaf.may_want(info) && leaf.in_paths(&rule.globs, &info.path)) {
                        continue;
                    }
                    let plain: Vec<_> = re.regex().unwrap().find_iter(text).map(|m| m.range()).collect();
                    compared += plain.len();
                    assert_eq!(re.find_iter(text).collect::<Vec<_>>(), plain, "{} on {}", rule.meta.id, info.path);
                }
            }
        }
        assert!(by_lines >= 40, "{by_lines} leaves search by lines");
        assert!(compared > 50, "{compared} matches compared");
    }

    /// Sharing one glob index among the built-in rules changes no leaf's answer about any path.
    #[test]
    fn shared_globs_answer_as_each_rules_own() {
        let own: Vec<DeclarativeRule> = BUILTIN_RULES
            .iter()
            .map(|(name, text)| load(name, text, Compile::OnFirstUse).unwrap_or_else(|e| panic!("{e:?}")))
            .collect();
        let shared = builtin().unwrap_or_else(|e| panic!("{e:?}"));
        assert!(shared.windows(2).all(|w| Arc::ptr_eq(&w[0].globs, &w[1].globs)));
        // The joined index compiles (a scan would otherwise match no glob of any built-in rule).
        assert!(shared.first().is_some_and(|r| r.globs.compile().is_ok()));
        let mut paths: Vec<String> = ignore::WalkBuilder::new(concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures"))
            .standard_filters(false)
            .build()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .filter_map(|e| {
                e.path()
                    .to_str()
                    .and_then(|p| p.split_once("/fixtures/"))
                    .map(|(_, rel)| rel.to_string())
            })
            .filter_map(|rel| {
                // The path as the scan of its fixture project sees it: below `projects/NAME/` or
                // `rules/RULE/CASE/`.
                let skip = if rel.starts_with("projects/") { 2 } else { 3 };
                let parts: Vec<&str> = rel.split('/').collect();
                (parts.len() > skip).then(|| parts[skip..].join("/"))
            })
            .collect();
        paths.extend(["Dockerfile", "locustfile.py", ".github/workflows/ci.yml", "docs/RUNBOOK.md"].map(String::from));
        paths.sort();
        paths.dedup();
        let (mut yes, mut asked) = (0, 0);
        for (a, b) in own.iter().zip(&shared) {
            assert_eq!(a.meta.id, b.meta.id);
            for (la, lb) in a.leaves.iter().zip(&b.leaves) {
                for p in &paths {
                    let mine = (la.paths.is_some()).then(|| la.in_paths(&a.globs, p));
                    assert_eq!(
                        mine,
                        (lb.paths.is_some()).then(|| lb.in_paths(&b.globs, p)),
                        "{} paths on {p}",
                        a.meta.id
                    );
                    if let (LeafKind::Files(ra), LeafKind::Files(rb)) = (&la.kind, &lb.kind) {
                        let m = a.globs.matches(p, ra);
                        assert_eq!(m, b.globs.matches(p, rb), "{} files on {p}", a.meta.id);
                        yes += usize::from(m);
                    }
                    yes += usize::from(mine == Some(true));
                    asked += 1;
                }
            }
        }
        assert!(yes > 200 && asked > 10 * yes, "{yes} of {asked} answers were yes");
    }

    #[test]
    fn builtin_rules_all_load() {
        let rules = builtin().unwrap();
        assert_eq!(rules.len(), BUILTIN_RULES.len());
    }

    /// The scan compiles built-in patterns on first use and, should one fail then, treats it as
    /// matching nothing; so each must compile in full here, size limit included.
    #[test]
    fn builtin_rules_compile_in_full() {
        for (name, text) in BUILTIN_RULES {
            let now = load_str(name, text).unwrap_or_else(|e| panic!("{e}"));
            let lazy = load(name, text, Compile::OnFirstUse).unwrap();
            for (a, b) in now.leaves.iter().zip(&lazy.leaves) {
                match (&a.kind, &b.kind) {
                    (LeafKind::Content(a), LeafKind::Content(b)) => {
                        b.compile().unwrap();
                        assert_eq!(a.by_lines(), b.by_lines(), "{name}");
                    }
                    (LeafKind::Query(a), LeafKind::Query(b)) => {
                        for (l, _) in &a.per_lang {
                            let (x, y) = (a.for_lang(*l).unwrap(), b.for_lang(*l).unwrap());
                            assert_eq!(x.lits.strength(), y.lits.strength(), "{name} {}", l.name());
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

#[cfg(test)]
mod boundary_tests {
    #[test]
    fn word_boundaries_become_ascii_outside_classes() {
        assert_eq!(super::ascii_word_boundaries(r"\bfoo\B"), r"(?-u:\b)foo(?-u:\B)");
        assert_eq!(super::ascii_word_boundaries(r"[\b]\\b"), r"[\b]\\b");
        assert_eq!(super::ascii_word_boundaries(r"(?-u:\b)x"), r"(?-u:(?-u:\b))x");
    }
}

#[cfg(test)]
mod reflow_tests {
    #[test]
    fn hard_wraps_become_paragraphs() {
        assert_eq!(
            super::reflow("\nOne line\nwrapped here.\n\nSecond  \n paragraph.\n"),
            "One line wrapped here.\n\nSecond paragraph."
        );
    }
}
