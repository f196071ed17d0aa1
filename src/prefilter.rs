//! Cheap "can this file contain that?" answers, so rules skip regexes and parses on files that
//! cannot match.
//!
//! One pass over a file records every 4-byte window it contains (ASCII case folded) in a table
//! of 2^16 slots. A literal can occur in the file only if all of its own 4-byte windows are in the
//! table, so [`Grams::may_contain`] is a *necessary* condition: `false` proves absence, `true`
//! may be a false positive (hash collisions), which the caller's exact check then settles. The
//! pass costs the same however many rules ask afterwards, where one `str::contains` per rule and
//! literal would read the file again each time.
//!
//! [`Literals::of_regex`] extracts, from a regex's syntax, strings at least one of which every
//! match must contain, so a regex runs only on files that may contain one of them.

use regex_syntax::hir::{Class, Hir, HirKind};

/// Slots in the table: 2^16, so a 15 KB file marks about a tenth of them.
const BITS: u32 = 16;
const SLOTS: usize = 1 << BITS;

/// How literal bytes are normalised before they are compared.
type Fold = fn(u8) -> u8;

/// Folds ASCII case (and maps a few punctuation pairs together): the same function is applied to
/// text and literals, so equal bytes stay equal and case differences disappear.
#[inline(always)]
fn fold(b: u8) -> u8 {
    b | 0x20
}

#[inline(always)]
fn slot(window: u32) -> usize {
    (window.wrapping_mul(0x9E37_79B1) >> (32 - BITS)) as usize & (SLOTS - 1)
}

#[inline(always)]
fn window(g: &[u8]) -> u32 {
    u32::from_be_bytes([fold(g[0]), fold(g[1]), fold(g[2]), fold(g[3])])
}

/// The slots of `lit`'s 4-byte windows, in order; none for a literal shorter than four bytes,
/// which no table can rule out.
fn window_slots(lit: &[u8]) -> Box<[u16]> {
    const _: () = assert!(BITS <= 16, "slots are stored as u16");
    lit.windows(4).map(|g| slot(window(g)) as u16).collect()
}

/// One slot per window hash, holding the number of the last file that had such a window: marking
/// a window is a plain store (a bitmap needs a load, an or and a store per window, twice the
/// cost), and a table is reused for the next file by counting up rather than clearing 64 KiB.
struct Table {
    slots: Box<[u8; SLOTS]>,
    /// The file this table now describes; slots holding another number are empty.
    epoch: u8,
}

impl Table {
    fn new() -> Table {
        let slots: Box<[u8; SLOTS]> = match vec![0u8; SLOTS].into_boxed_slice().try_into() {
            Ok(b) => b,
            Err(_) => unreachable!("the vector has SLOTS elements"),
        };
        Table { slots, epoch: 0 }
    }
}

thread_local! {
    /// Tables of finished files, for the next file on this thread.
    static SPARE: std::cell::RefCell<Vec<Table>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Spare tables kept per thread; a thread rarely holds more than one file's at a time.
const MAX_SPARE: usize = 4;

/// The 4-byte windows a text contains, as a hashed table.
pub struct Grams {
    /// `None` only while being dropped.
    table: Option<Table>,
}

impl Grams {
    /// Records every 4-byte window of `text`.
    pub fn new(text: &[u8]) -> Grams {
        let mut table = SPARE
            .with(|s| s.try_borrow_mut().ok().and_then(|mut s| s.pop()))
            .unwrap_or_else(Table::new);
        if table.epoch == u8::MAX {
            table.slots.fill(0);
            table.epoch = 0;
        }
        table.epoch += 1;
        let (slots, e) = (&mut *table.slots, table.epoch);
        // Eight bytes at a time: five windows come out of each load by shifting, which keeps the
        // loop free of per-byte loads.
        let mut i = 0;
        while i + 8 <= text.len() {
            let mut chunk = [0u8; 8];
            chunk.copy_from_slice(&text[i..i + 8]);
            let v = u64::from_be_bytes(chunk) | 0x2020_2020_2020_2020;
            for shift in [32u32, 24, 16, 8, 0] {
                slots[slot((v >> shift) as u32)] = e;
            }
            i += 5;
        }
        if text.len() >= 4 {
            for g in text[i.min(text.len() - 3)..].windows(4) {
                slots[slot(window(g))] = e;
            }
        }
        Grams { table: Some(table) }
    }

    /// False when `lit` (compared ASCII case-insensitively) certainly does not occur; literals
    /// shorter than four bytes are never ruled out.
    pub fn may_contain(&self, lit: &[u8]) -> bool {
        let Some(t) = &self.table else { return true };
        lit.windows(4).all(|g| t.slots[slot(window(g))] == t.epoch)
    }

    /// [`Grams::may_contain`] of the literal whose [`window_slots`] these are.
    fn has_all(&self, slots: &[u16]) -> bool {
        let Some(t) = &self.table else { return true };
        slots.iter().all(|&s| t.slots[usize::from(s)] == t.epoch)
    }
}

impl Drop for Grams {
    fn drop(&mut self) {
        if let Some(t) = self.table.take() {
            SPARE.with(|s| {
                if let Ok(mut s) = s.try_borrow_mut()
                    && s.len() < MAX_SPARE
                {
                    s.push(t);
                }
            });
        }
    }
}

/// What every match of a pattern holds: a few sets of strings, each of which has a member in
/// every match (a conjunction of alternatives). None: the pattern may match anything as far as
/// this can tell. Keeping more than one set matters where the strongest one is a common word:
/// `from\s+locust\s+import` needs `locust` as much as `import`, and the two are equally long.
#[derive(Clone, Debug, PartialEq)]
pub struct Literals {
    all: Vec<Requirement>,
}

/// One set of a [`Literals`]: at least one member occurs.
#[derive(Clone, Debug, PartialEq)]
struct Requirement {
    any: Vec<Vec<u8>>,
    /// The table slots of each member's 4-byte windows ([`window_slots`]), in `any`'s order:
    /// hashed once here, where [`Literals::may_match`] runs for every file.
    slots: Vec<Box<[u16]>>,
}

impl Requirement {
    fn new(any: Vec<Vec<u8>>) -> Requirement {
        let slots = any.iter().map(|l| window_slots(l)).collect();
        Requirement { any, slots }
    }
}

/// Most alternatives kept in a set; beyond that the set is not worth checking.
const MAX_ALTERNATIVES: usize = 64;

/// Most sets a pattern's requirement keeps: the strongest by [`score`]. Each is a few table
/// lookups per file, and a third rarely rules out a file the first two let through.
const MAX_REQUIREMENTS: usize = 3;

impl Literals {
    /// No requirement: every file may match.
    pub fn anything() -> Literals {
        Literals { all: vec![] }
    }

    /// At least one of `lits` must occur.
    pub fn any_of(lits: &[&str]) -> Literals {
        Literals {
            all: vec![Requirement::new(lits.iter().map(|l| l.as_bytes().to_vec()).collect())],
        }
    }

    /// Literals that every match of `pattern` contains. A pattern that does not parse (it will
    /// not compile either) or has no usable literal gives [`Literals::anything`]. Only the
    /// pattern's own syntax counts: a regex built with builder options that change what it
    /// matches (case-insensitivity set on the builder) must not use this.
    pub fn of_regex(pattern: &str) -> Literals {
        match regex_syntax::Parser::new().parse(pattern) {
            Ok(hir) => Literals {
                all: requirements(&hir, fold, 4, MAX_REQUIREMENTS)
                    .into_iter()
                    .map(Requirement::new)
                    .collect(),
            },
            Err(_) => Literals::anything(),
        }
    }

    /// False when some set has no member that can occur in the file behind `grams`.
    pub fn may_match(&self, grams: &Grams) -> bool {
        self.all.iter().all(|r| r.slots.iter().any(|slots| grams.has_all(slots)))
    }

    /// True when this requirement can ever rule a file out.
    pub fn is_selective(&self) -> bool {
        self.all.iter().any(|r| useful(&r.any))
    }

    /// How much this requirement can rule out, to choose between requirements: 0 when it
    /// cannot, otherwise the length of the shortest member of its strongest set.
    pub fn strength(&self) -> usize {
        self.all
            .iter()
            .filter(|r| useful(&r.any))
            .map(|r| r.any.iter().map(Vec::len).min().unwrap_or(0))
            .max()
            .unwrap_or(0)
    }
}

/// A regex together with the literals every match of it holds ([`Literals::of_regex`]), so a
/// file whose 4-byte windows rule them out is never searched (see
/// [`crate::engine::ctx::FileCtx::is_match`]).
pub struct Gated {
    regex: regex::Regex,
    literals: Literals,
}

impl Gated {
    pub fn new(pattern: &str) -> Result<Gated, regex::Error> {
        Ok(Gated {
            regex: regex::Regex::new(pattern)?,
            literals: Literals::of_regex(pattern),
        })
    }

    pub fn regex(&self) -> &regex::Regex {
        &self.regex
    }

    pub fn literals(&self) -> &Literals {
        &self.literals
    }

    /// False when no match can occur in the file behind `grams`.
    pub fn may_match(&self, grams: &Grams) -> bool {
        self.literals.may_match(grams)
    }
}

/// A set rules files out only if each member is long enough to be checked.
fn useful(set: &[Vec<u8>]) -> bool {
    !set.is_empty() && set.len() <= MAX_ALTERNATIVES && set.iter().all(|l| l.len() >= 4)
}

/// How good a requirement is: sets whose shortest member is longer rule out more files.
fn score(set: &[Vec<u8>]) -> (bool, usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    (useful(set), shortest.min(8), std::cmp::Reverse(set.len()))
}

/// Most alternatives a run of exact pieces expands to before it is cut short.
const MAX_RUN_ALTERNATIVES: usize = 32;

/// The folded strings a small class stands for: `[Kk]` is one (`k`), `(?i)s` under Unicode is two
/// (`s`, and `ſ` in UTF-8). `None` for larger classes.
fn class_alternatives(class: &Class, fold: Fold) -> Option<Vec<Vec<u8>>> {
    let mut out: Vec<Vec<u8>> = vec![];
    let mut add = |c: char| {
        let mut buf = [0u8; 4];
        let folded: Vec<u8> = c.encode_utf8(&mut buf).bytes().map(fold).collect();
        if !out.contains(&folded) {
            out.push(folded);
        }
    };
    let mut count = 0u32;
    match class {
        Class::Unicode(u) => {
            for r in u.ranges() {
                count += r.end() as u32 - r.start() as u32 + 1;
                if count > 8 {
                    return None;
                }
                (r.start()..=r.end()).for_each(&mut add);
            }
        }
        Class::Bytes(b) => {
            for r in b.ranges() {
                count += r.end() as u32 - r.start() as u32 + 1;
                if count > 8 || r.end() > 0x7f {
                    return None;
                }
                (r.start()..=r.end()).for_each(|b| add(b as char));
            }
        }
    }
    (!out.is_empty() && out.len() <= 4).then_some(out)
}

/// The strings a piece of a concatenation is exactly, one of which every match of it is: a
/// literal, or a small class.
fn exact(hir: &Hir, fold: Fold) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Literal(l) => Some(vec![l.0.iter().map(|b| fold(*b)).collect()]),
        HirKind::Class(c) => class_alternatives(c, fold),
        HirKind::Capture(c) => exact(&c.sub, fold),
        HirKind::Concat(subs) => subs.iter().try_fold(vec![vec![]], |run, s| cross(&run, &exact(s, fold)?)),
        HirKind::Alternation(alts) => {
            let mut all = vec![];
            for a in alts {
                all.extend(exact(a, fold)?);
                if all.len() > MAX_RUN_ALTERNATIVES {
                    return None;
                }
            }
            Some(all)
        }
        _ => None,
    }
}

/// Appends each of `tails` to each of `heads`; `None` when that makes too many.
fn cross(heads: &[Vec<u8>], tails: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if heads.len() * tails.len() > MAX_RUN_ALTERNATIVES {
        return None;
    }
    Some(
        heads
            .iter()
            .flat_map(|h| tails.iter().map(move |t| [h.as_slice(), t.as_slice()].concat()))
            .collect(),
    )
}

/// The strongest set of folded strings at least one of which occurs in every match of `hir`,
/// its members at least three bytes long (for line plans, whose literal search takes them).
fn required(hir: &Hir, fold: Fold) -> Option<Vec<Vec<u8>>> {
    requirements(hir, fold, 3, 1).into_iter().next()
}

/// Sets of folded strings, each with a member in every match of `hir`: the strongest `most`
/// whose members are all at least `min_len` bytes long, strongest first ([`score`]); none when
/// nothing is known.
///
/// A concatenation needs everything each of its pieces needs (and each run of exact pieces). An
/// alternation needs, for each way of picking one set from every branch, the union of the picks:
/// whichever branch matched, its own pick has a member in the match. A union with a short member
/// is no better, so sets with one are dropped at every level.
fn requirements(hir: &Hir, fold: Fold, min_len: usize, most: usize) -> Vec<Vec<Vec<u8>>> {
    let mut sets = match hir.kind() {
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir, fold).into_iter().collect(),
        HirKind::Capture(c) => return requirements(&c.sub, fold, min_len, most),
        HirKind::Repetition(r) if r.min >= 1 => return requirements(&r.sub, fold, min_len, most),
        HirKind::Concat(subs) => {
            let mut sets: Vec<Vec<Vec<u8>>> = vec![];
            let mut run: Vec<Vec<u8>> = vec![vec![]];
            for s in subs {
                if let Some(alts) = exact(s, fold) {
                    match cross(&run, &alts) {
                        Some(longer) => run = longer,
                        None => sets.push(std::mem::replace(&mut run, alts)),
                    }
                    continue;
                }
                sets.push(std::mem::replace(&mut run, vec![vec![]]));
                sets.extend(requirements(s, fold, min_len, most));
            }
            sets.push(run);
            sets
        }
        HirKind::Alternation(alts) => {
            let mut branches = vec![];
            for a in alts {
                let sets = requirements(a, fold, min_len, most);
                if sets.is_empty() {
                    return vec![];
                }
                branches.push(sets);
            }
            // Every combination of picks, unless there are too many; then each branch's
            // strongest set alone, as one combination.
            let combinations = branches
                .iter()
                .try_fold(1usize, |n, b| n.checked_mul(b.len()).filter(|&n| n <= MAX_ALTERNATIVES));
            if combinations.is_none() {
                for b in &mut branches {
                    b.truncate(1);
                }
            }
            let mut unions: Vec<Vec<Vec<u8>>> = vec![vec![]];
            for b in &branches {
                unions = unions
                    .iter()
                    .flat_map(|u| b.iter().map(move |set| [u.as_slice(), set.as_slice()].concat()))
                    .filter(|u| u.len() <= MAX_ALTERNATIVES * 2)
                    .collect();
            }
            unions
        }
        _ => vec![],
    };
    for set in &mut sets {
        set.sort();
        set.dedup();
    }
    sets.retain(|set| !set.is_empty() && set.len() <= MAX_ALTERNATIVES && set.iter().all(|l| l.len() >= min_len));
    // Strongest first; equal scores in a fixed order.
    sets.sort_by(|a, b| score(b).cmp(&score(a)).then_with(|| a.cmp(b)));
    sets.dedup();
    sets.truncate(most);
    sets
}

/// ASCII lowercase: literals compared the way an ASCII-case-insensitive searcher compares them.
fn lower(b: u8) -> u8 {
    b.to_ascii_lowercase()
}

/// For a pattern parsed in multi-line mode (`^` matches at line starts): literals (ASCII
/// lowercase, to be found ASCII case-insensitively) such that every match starts at the start of
/// a line holding one of them. `None` unless every top-level branch begins with `^` and requires
/// a literal before anything that can match a line break: a match then starts at a line start,
/// and its first line holds that literal. See [`crate::line_regex`].
pub fn line_start_literals(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let mut top = hir;
    while let HirKind::Capture(c) = top.kind() {
        top = &c.sub;
    }
    let branches: &[Hir] = match top.kind() {
        HirKind::Alternation(alts) => alts,
        _ => std::slice::from_ref(top),
    };
    let mut all = vec![];
    for branch in branches {
        let HirKind::Concat(pieces) = branch.kind() else {
            return None;
        };
        let (first, rest) = pieces.split_first()?;
        if !matches!(first.kind(), HirKind::Look(regex_syntax::hir::Look::StartLF)) {
            return None;
        }
        all.extend(first_line_required(rest)?);
        if all.len() > MAX_ALTERNATIVES {
            return None;
        }
    }
    all.sort();
    all.dedup();
    (!all.is_empty() && all.iter().all(|l| l.len() >= 3)).then_some(all)
}

/// Literals one of which every match of the concatenation `pieces` holds before its first line
/// break: a requirement of the pieces that cannot match one, or of the first piece that can,
/// before its own first line break.
fn first_line_required(pieces: &[Hir]) -> Option<Vec<Vec<u8>>> {
    let k = pieces.iter().position(may_match_newline).unwrap_or(pieces.len());
    let before = required(&Hir::concat(pieces[..k].to_vec()), lower);
    let within = pieces.get(k).and_then(first_line_required_in);
    [before, within].into_iter().flatten().max_by_key(|set| score(set))
}

/// [`first_line_required`] for one piece.
fn first_line_required_in(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Capture(c) => first_line_required_in(&c.sub),
        // The first repetition comes first.
        HirKind::Repetition(r) if r.min >= 1 => first_line_required_in(&r.sub),
        HirKind::Concat(subs) => first_line_required(subs),
        HirKind::Alternation(alts) => {
            let mut all = vec![];
            for a in alts {
                all.extend(first_line_required_in(a)?);
                if all.len() > MAX_ALTERNATIVES {
                    return None;
                }
            }
            Some(all)
        }
        _ if !may_match_newline(hir) => required(hir, lower),
        _ => None,
    }
}

/// Whether some match of `hir` can contain a line break (`\n`); zero-width assertions cannot.
fn may_match_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c.ranges().iter().any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c.ranges().iter().any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => may_match_newline(&r.sub),
        HirKind::Capture(c) => may_match_newline(&c.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(may_match_newline),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The requirement's sets as lossy strings, each sorted, strongest set first; `None` for
    /// no requirement.
    fn lits_all(p: &str) -> Option<Vec<Vec<String>>> {
        let all: Vec<Vec<String>> = Literals::of_regex(p)
            .all
            .into_iter()
            .map(|r| {
                let mut v: Vec<String> = r.any.into_iter().map(|l| String::from_utf8_lossy(&l).into_owned()).collect();
                v.sort();
                v
            })
            .collect();
        (!all.is_empty()).then_some(all)
    }

    /// The strongest set of the requirement.
    fn lits(p: &str) -> Option<Vec<String>> {
        lits_all(p).and_then(|all| all.into_iter().next())
    }

    #[test]
    fn present_literals_are_never_ruled_out() {
        let text = "from fastapi.middleware.cors import CORSMiddleware\napp.add_middleware(x)\n";
        let g = Grams::new(text.as_bytes());
        for w in ["CORSMiddleware", "corsmiddleware", "fastapi", "add_middleware(x)\n", "from", "x)\n"] {
            assert!(g.may_contain(w.as_bytes()), "{w}");
        }
        // Every substring of the text, whatever its alignment.
        for i in 0..text.len() {
            for j in i + 1..=text.len() {
                assert!(g.may_contain(&text.as_bytes()[i..j]), "{:?}", &text[i..j]);
            }
        }
    }

    #[test]
    fn absent_literals_are_ruled_out() {
        let g = Grams::new(b"def handler(request):\n    return render(request)\n");
        assert!(!g.may_contain(b"process.env"));
        assert!(!g.may_contain(b"dangerouslySetInnerHTML"));
        // Too short to rule out.
        assert!(g.may_contain(b"zq"));
    }

    /// A set's answer from its slots hashed at construction is that of asking the table about
    /// each member, for members present, absent, short and differently cased.
    #[test]
    fn precomputed_slots_answer_as_the_literals() {
        let texts = [
            "def handler(request):\n    return render(request)\n",
            "app.use(CORS());\nprocess.env.PORT",
            "",
            "abc",
        ];
        let sets: &[&[&str]] = &[
            &["process.env"],
            &["cors(", "CorsMiddleware", "zzzz"],
            &["render", "handler"],
            &["zq"],
            &["yyyy", "qqqqq"],
            &[],
        ];
        let mut answers = [0, 0];
        for t in texts {
            let g = Grams::new(t.as_bytes());
            for set in sets {
                let want = set.iter().any(|l| g.may_contain(l.as_bytes()));
                assert_eq!(Literals::any_of(set).may_match(&g), want, "{set:?} in {t:?}");
                answers[usize::from(want)] += 1;
            }
        }
        assert!(answers[0] >= 5 && answers[1] >= 5, "{answers:?}");
    }

    /// A table reused for later files (and renumbered past its 255th) forgets earlier files.
    #[test]
    fn reused_tables_forget_earlier_files() {
        let first = b"from fastapi.middleware.cors import CORSMiddleware";
        for round in 0..600 {
            drop(Grams::new(first));
            let g = Grams::new(format!("def handler(request): return {round}").as_bytes());
            assert!(!g.may_contain(b"CORSMiddleware"), "round {round}");
            assert!(g.may_contain(b"handler(request)"), "round {round}");
            // Two live at once on one thread take separate tables.
            let h = Grams::new(first);
            assert!(h.may_contain(b"CORSMiddleware") && !g.may_contain(b"CORSMiddleware"));
        }
    }

    #[test]
    fn short_texts() {
        for t in ["", "a", "abc", "abcd", "abcdefghi"] {
            let g = Grams::new(t.as_bytes());
            assert!(g.may_contain(t.as_bytes()));
        }
    }

    #[test]
    fn regex_requirements() {
        assert_eq!(lits(r"process\.env\.([A-Z_]+)"), Some(vec!["process.env.".into()]));
        // Under Unicode, `(?i)s` also matches `ſ`: both spellings are kept.
        let cors = lits(r"(?i)\bcors\b").unwrap();
        assert_eq!(cors.len(), 2);
        assert!(cors.contains(&"cors".to_string()));
        assert_eq!(lits(r"[Cc]ors"), Some(vec!["cors".into()]));
        assert_eq!(
            lits(r"os\.getenv\(|os\.environ"),
            Some(vec!["os.environ".into(), "os.getenv(".into()])
        );
        // A branch without a literal: no requirement.
        assert_eq!(lits(r"foo_bar|\w+"), None);
        // Optional pieces are not required.
        assert_eq!(lits(r"(?:middleware)?x"), None);
        // The longest required run of a concatenation comes first; the other runs are kept too.
        assert_eq!(lits(r"\s*import\s+express\b"), Some(vec!["express".into()]));
        assert_eq!(
            lits_all(r"\s*import\s+express\b"),
            Some(vec![vec!["express".into()], vec!["import".into()]])
        );
        assert_eq!(Literals::of_regex("(unclosed"), Literals::anything());
        // An alternation of literals joins the literal after it.
        assert_eq!(
            lits(r"\b(?:reqwest|ureq|awc)::"),
            Some(vec!["awc::".into(), "reqwest::".into(), "ureq::".into()])
        );
    }

    /// Where the strongest set is a word every file holds, the other sets still rule files
    /// out: an alternation keeps, for each pick of one set per branch, their union.
    #[test]
    fn every_required_word_counts_not_only_the_longest() {
        let locust = r"^[ \t]*(?:from[ \t]+locust(?:\.\w+)*[ \t]+import\b|import[ \t]+locust\b)";
        let sets = lits_all(locust).unwrap_or_default();
        assert!(sets.contains(&vec!["locust".to_string()]), "{sets:?}");
        let l = Literals::of_regex(locust);
        assert!(!l.may_match(&Grams::new(
            b"from app import models
import os
"
        )));
        assert!(l.may_match(&Grams::new(
            b"from locust import HttpUser
"
        )));
        assert!(l.may_match(&Grams::new(
            b"import locust
"
        )));
        // Too many combinations: each branch's strongest set alone, joined.
        let wide = (0..10).map(|i| format!("alpha{i}\\s+omega{i}")).collect::<Vec<_>>().join("|");
        assert_eq!(Literals::of_regex(&wide).all.len(), 1);
        assert!(Literals::of_regex(&wide).may_match(&Grams::new(b"x = alpha7  omega7")));
        // A branch with no requirement leaves the alternation with none.
        assert_eq!(lits_all(r"from\s+locust|\w+"), None);
        // No more than the strongest few sets are kept.
        assert_eq!(
            lits_all(r"aaaa1\s+bbbb2\s+cccc3\s+dddd4\s+eeee5").map(|s| s.len()),
            Some(MAX_REQUIREMENTS)
        );
    }

    #[test]
    fn regex_requirements_are_necessary() {
        // For each pattern and text the regex matches, the requirement must hold on the text.
        let cases = [
            (r"(?i)allow_origins\s*=\s*\[", "ALLOW_ORIGINS = ["),
            (r"(?i)\bsecret_key\b", "SECRET_\u{212a}EY"),
            (r#"(?i)\bDEBUG\s*=\s*True"#, "debug=true"),
            (r"[Cc]ors\(\)", "Cors()"),
            (r"app\.(get|post)\(\s*'/health'", "app.post( '/health'"),
            (r"\b(?:reqwest|ureq|awc)::Client", "awc::Client"),
            (r"(?:foo|ba[rz])_(?:x|y)z", "baz_yz"),
            (r"(?:from\s+locust\s+import|import\s+locust)\b", "import  locust"),
            (r"(?i)(?:alpha\s+(?:beta|gamma)|delta)\s+omega", "alpha GAMMA omega"),
            (r"(?i)(?:Index|UniqueConstraint)\s*\(|op\.create_index\s*\(", "op.CREATE_INDEX ("),
            (r"(?:aaaa\w*bbbb)+cccc|dddd", "aaaaxbbbbaaaabbbbcccc"),
        ];
        for (p, text) in cases {
            assert!(regex::Regex::new(p).unwrap().is_match(text), "{p}");
            let l = Literals::of_regex(p);
            assert!(l.is_selective(), "{p}");
            assert!(l.may_match(&Grams::new(text.as_bytes())), "{p} on {text}");
        }
    }
}
