//! The path globs of declarative rules (`files = […]`, `paths = […]`), matched once per file for
//! every rule that shares them.
//!
//! A glob set costs tens of nanoseconds per path even when nothing matches, and the built-in rules
//! hold over a hundred lists of globs: asking each list about each file was about 3% of a scan. So
//! the globs of all the lists go into one [`Index`]; a list is a range of it. A file's path is
//! matched against the whole index once, the matching globs' numbers are kept per thread until the
//! next path, and each list's question is a look-up in them. Glob matching depends on the path
//! string alone, so the kept answer is right for any file with that path.

use globset::{Glob, GlobSet, GlobSetBuilder};
use std::cell::RefCell;
use std::ops::Range;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

/// Numbers that tell indexes apart in the per-thread answer (an address can be reused).
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// Globs, numbered in the order they were added, compiled on first use: the built-in rules'
/// own indexes are replaced by a joined one before any file is read, and are never compiled.
#[derive(Debug)]
pub struct Index {
    id: u64,
    globs: Vec<Glob>,
    /// `None` inside when the set does not compile ([`Index::compile`] reports why).
    set: OnceLock<Option<GlobSet>>,
}

/// Indexes whose last answer a thread keeps: the built-in rules share one, and users' rules
/// (each with its own) run between them.
const KEPT: usize = 4;

thread_local! {
    /// Per index (by id), the last path asked about on this thread and the numbers of its
    /// matching globs, ascending; at most [`KEPT`], the oldest replaced first.
    static LAST: RefCell<Vec<(u64, String, Vec<usize>)>> = const { RefCell::new(Vec::new()) };
}

impl Index {
    /// An index of `globs`, which keep their numbers; compiled on first use.
    pub fn new(globs: Vec<Glob>) -> Index {
        Index {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            globs,
            set: OnceLock::new(),
        }
    }

    /// Compiles the index now, so that an error can be reported where it was loaded.
    pub fn compile(&self) -> Result<(), globset::Error> {
        let built = build(&self.globs);
        let result = built.as_ref().map(|_| ()).map_err(Clone::clone);
        let _ = self.set.set(built.ok());
        result
    }

    fn set(&self) -> Option<&GlobSet> {
        self.set.get_or_init(|| build(&self.globs).ok()).as_ref()
    }

    /// One index holding the globs of every index in `parts`, in order, and for each part the
    /// offset its numbers moved by.
    pub fn joined(parts: &[&Index]) -> (Index, Vec<usize>) {
        let mut globs = vec![];
        let mut offsets = vec![];
        for p in parts {
            offsets.push(globs.len());
            globs.extend(p.globs.iter().cloned());
        }
        (Index::new(globs), offsets)
    }

    /// Whether `path` matches one of the globs numbered `range`.
    pub fn matches(&self, path: &str, range: &Range<usize>) -> bool {
        let Some(set) = self.set().filter(|_| !range.is_empty()) else {
            return false;
        };
        let check = |numbers: &[usize]| {
            let i = numbers.partition_point(|&n| n < range.start);
            numbers.get(i).is_some_and(|&n| n < range.end)
        };
        LAST.with(|last| match last.try_borrow_mut() {
            Ok(mut last) => {
                let answer = |numbers: &mut Vec<usize>| {
                    numbers.clear();
                    set.matches_into(path, numbers);
                    numbers.sort_unstable();
                };
                let i = match last.iter().position(|(id, _, _)| *id == self.id) {
                    Some(i) => {
                        let (_, kept_path, numbers) = &mut last[i];
                        if kept_path != path {
                            answer(numbers);
                            kept_path.clear();
                            kept_path.push_str(path);
                        }
                        i
                    }
                    None => {
                        if last.len() == KEPT {
                            last.remove(0);
                        }
                        let mut numbers = vec![];
                        answer(&mut numbers);
                        last.push((self.id, path.to_string(), numbers));
                        last.len() - 1
                    }
                };
                let numbers = &last[i].2;
                check(numbers)
            }
            // Not reached (nothing here re-enters), but a borrowed slot only costs the kept answer.
            Err(_) => check(&set.matches(path)),
        })
    }
}

fn build(globs: &[Glob]) -> Result<GlobSet, globset::Error> {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        b.add(g.clone());
    }
    b.build()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(globs: &[&str]) -> Index {
        Index::new(globs.iter().map(|g| Glob::new(g).unwrap_or_else(|e| panic!("{g}: {e}"))).collect())
    }

    /// Each range answers for its own globs only, whichever path or index was asked before.
    #[test]
    fn ranges_answer_for_their_own_globs() {
        let a = index(&["**/Dockerfile", "**/*.jmx", "docs/**", "**/*.md"]);
        // More indexes than a thread keeps answers for.
        let others: Vec<Index> = (0..KEPT + 2).map(|_| index(&["**/*.md"])).collect();
        let cases: &[(&str, Range<usize>, bool)] = &[
            ("svc/Dockerfile", 0..1, true),
            ("svc/Dockerfile", 1..2, false),
            ("svc/Dockerfile", 0..4, true),
            ("docs/guide.md", 0..2, false),
            ("docs/guide.md", 2..3, true),
            ("docs/guide.md", 3..4, true),
            ("README.md", 2..3, false),
            ("README.md", 2..4, true),
            ("plan.jmx", 1..2, true),
            ("plan.jmx", 2..2, false),
        ];
        // Twice over, alternating with another index, so kept answers are reused and replaced.
        for _ in 0..2 {
            for (path, range, want) in cases {
                assert_eq!(a.matches(path, range), *want, "{path} {range:?}");
                for b in &others {
                    assert!(b.matches(path, &(0..1)) == path.ends_with(".md"), "{path} in another index");
                }
            }
        }
    }

    #[test]
    fn a_joined_index_moves_each_part_by_its_offset() {
        let a = index(&["**/Dockerfile", "**/*.jmx"]);
        let b = index(&["**/*.md", "docs/**"]);
        let (j, offsets) = Index::joined(&[&a, &b]);
        assert_eq!(offsets, vec![0, 2]);
        for path in ["Dockerfile", "x/plan.jmx", "docs/a.md", "docs/a.txt", "src/main.rs"] {
            for (part, offset) in [(&a, 0), (&b, 2)] {
                for range in [0..1, 1..2, 0..2] {
                    let moved = range.start + offset..range.end + offset;
                    assert_eq!(part.matches(path, &range), j.matches(path, &moved), "{path} {range:?}");
                }
            }
        }
    }
}
