//! Where a scan's time goes, for `scan --stats`: wall time per phase, and thread time per rule.
//!
//! Measured only when [`super::ScanOptions::profile`] asks, so a normal scan reads no clocks per
//! rule and file. Timings vary from run to run, so they go to stderr and never into a report: the
//! JSON must stay byte-identical across runs.

use crate::model::Stats;
use std::time::Duration;

/// Thread time spent on one file, by activity; summed into a [`Profile`].
#[derive(Debug, Default)]
pub struct FileTimes {
    /// Reading the file and checking it is text.
    pub read: Duration,
    /// Manifests, detection facts, Dockerfile, CI and infrastructure indexing, suppression comments.
    pub index: Duration,
    /// Building syntax trees (tree-sitter, `syn`, YAML), whichever rule asked first.
    pub parse: Duration,
    /// Each rule's `scan`, in registry order, without the parses it triggered.
    pub rules: Vec<Duration>,
    /// The rule (registry index) whose `scan` first asked for a syntax tree, when one did.
    pub first_parse: Option<usize>,
}

/// The timings of one scan.
#[derive(Clone, Debug, Default)]
pub struct Profile {
    /// Wall time of the walk, which runs alongside the pass that reads its files.
    pub walk: Duration,
    /// Wall time of the parallel pass that walks, reads and scans every file.
    pub read_scan: Duration,
    /// Wall time from the end of the pass to the scores: merging, detection, every rule's
    /// `evaluate`, suppressions and scoring.
    pub evaluate: Duration,
    /// Wall time of rendering and writing reports; filled in by the caller.
    pub report: Duration,
    /// Thread time summed over all files (see [`FileTimes`]).
    pub read: Duration,
    pub index: Duration,
    pub parse: Duration,
    /// Per rule, by rule id: thread time in the scan pass, and how many files it was the first
    /// to parse (the parses a prefilter could save).
    pub rules: Vec<(String, Duration, usize)>,
    /// Worker threads.
    pub threads: usize,
}

impl Profile {
    /// An empty profile with one entry per rule, in registry order.
    pub fn new(rule_ids: impl Iterator<Item = String>, threads: usize) -> Profile {
        Profile {
            rules: rule_ids.map(|id| (id, Duration::ZERO, 0)).collect(),
            threads,
            ..Profile::default()
        }
    }

    /// Adds another profile's thread times (a worker's share of the pass).
    pub fn absorb(&mut self, other: &Profile) {
        self.read += other.read;
        self.index += other.index;
        self.parse += other.parse;
        for (slot, theirs) in self.rules.iter_mut().zip(&other.rules) {
            slot.1 += theirs.1;
            slot.2 += theirs.2;
        }
    }

    /// Adds one file's times.
    pub fn add(&mut self, t: &FileTimes) {
        self.read += t.read;
        self.index += t.index;
        self.parse += t.parse;
        for (slot, d) in self.rules.iter_mut().zip(&t.rules) {
            slot.1 += *d;
        }
        if let Some(slot) = t.first_parse.and_then(|i| self.rules.get_mut(i)) {
            slot.2 += 1;
        }
    }

    /// The `--stats` block for stderr: counters, phases, and the rules that cost the most.
    pub fn render(&self, stats: &Stats, total: Duration, top: usize) -> String {
        let skipped = stats.skipped_binary + stats.skipped_oversize + stats.skipped_unreadable;
        let mut s = String::from("readycheck: stats\n");
        s.push_str(&format!(
            "  files        walked {} · read {} · parsed {} (tree-sitter/syn) · skipped {} (binary {}, oversize {}, unreadable {})\n",
            stats.files_walked,
            stats.files_read,
            stats.files_parsed,
            skipped,
            stats.skipped_binary,
            stats.skipped_oversize,
            stats.skipped_unreadable
        ));
        s.push_str(&format!("  bytes read   {:.1} MB\n", stats.bytes_read as f64 / 1e6));
        s.push_str(&format!(
            "  wall time    walk+read+scan {} (of which the walk {}) · evaluate {} · score+report {} · total {}\n",
            secs(self.read_scan),
            secs(self.walk),
            secs(self.evaluate),
            secs(self.report),
            secs(total)
        ));
        let rules: Duration = self.rules.iter().map(|r| r.1).sum();
        s.push_str(&format!(
            "  thread time  read {} · index {} · parse {} · rules {} (summed over {} thread(s))\n",
            secs(self.read),
            secs(self.index),
            secs(self.parse),
            secs(rules),
            self.threads
        ));
        let mut by_time: Vec<&(String, Duration, usize)> = self.rules.iter().filter(|r| !r.1.is_zero() || r.2 > 0).collect();
        by_time.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        if !by_time.is_empty() {
            s.push_str("  slowest rules in the scan pass (thread time without parsing; files this rule was first to parse):\n");
            let width = by_time.iter().take(top).map(|r| r.0.len()).max().unwrap_or(0);
            for (id, d, parsed) in by_time.into_iter().take(top) {
                s.push_str(&format!("    {id:<width$}  {}  {parsed:>6} parsed\n", secs(*d)));
            }
        }
        let mut by_parses: Vec<&(String, Duration, usize)> = self.rules.iter().filter(|r| r.2 > 0).collect();
        by_parses.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
        if !by_parses.is_empty() {
            let list: Vec<String> = by_parses.iter().take(top).map(|r| format!("{} {}", r.0, r.2)).collect();
            s.push_str(&format!("  parsed first by: {}\n", list.join(" · ")));
        }
        s
    }
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_are_listed_slowest_first_and_idle_ones_left_out() {
        let mut p = Profile::new(["a-rule", "b-rule", "c-rule"].into_iter().map(String::from), 2);
        p.add(&FileTimes {
            rules: vec![Duration::from_millis(5), Duration::ZERO, Duration::from_millis(9)],
            parse: Duration::from_millis(3),
            first_parse: Some(2),
            ..FileTimes::default()
        });
        p.add(&FileTimes {
            rules: vec![Duration::from_millis(5), Duration::ZERO, Duration::ZERO],
            ..FileTimes::default()
        });
        let stats = Stats {
            files_walked: 3,
            files_read: 2,
            skipped_binary: 1,
            ..Stats::default()
        };
        let text = p.render(&stats, Duration::from_secs(1), 10);
        let a = text.find("a-rule").unwrap();
        let c = text.find("c-rule").unwrap();
        assert!(a < c, "{text}");
        assert!(text.contains("0.010 s") && text.contains("0.009 s"), "{text}");
        assert!(!text.contains("b-rule"), "{text}");
        assert!(text.contains("walked 3 · read 2") && text.contains("binary 1"), "{text}");
        assert!(text.contains("parse 0.003 s"), "{text}");
        assert!(text.contains("parsed first by: c-rule 1"), "{text}");
    }
}
