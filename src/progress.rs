//! A progress indicator on stderr for long scans: the engine counts, the CLI draws.
//!
//! The engine only bumps two atomics ([`Counter`]), so it stays free of terminal code and costs
//! nothing when nobody watches. The CLI decides with [`mode`] whether anyone can see a bar (a
//! terminal on stderr, no `--quiet`) and, if so, a [`Ticker`] thread redraws it from the counter a
//! few times a second and erases it when the scan ends, so the report on stdout is never mixed
//! with it and a pipe or a CI log never receives a byte of it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How far a scan is: files to read (known once the walk is done) and files read so far.
#[derive(Debug, Default)]
pub struct Counter {
    /// 0 while the tree is still being walked.
    total: AtomicUsize,
    done: AtomicUsize,
}

impl Counter {
    /// The walk found `n` files to read.
    pub fn set_total(&self, n: usize) {
        self.total.store(n, Ordering::Relaxed);
    }

    /// One more file read (or skipped after reading its head).
    pub fn file_done(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// `(done, total)`; `total` is 0 until the walk is over.
    pub fn get(&self) -> (usize, usize) {
        (self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }
}

/// Whether and how to draw the indicator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    Hidden,
    Plain,
    Colored,
}

/// The whole decision, kept pure so it can be tested without a terminal: a bar only where a
/// person watches stderr and did not ask for silence; colour only where colour is allowed.
/// `no_color` is `--no-color` or a non-empty `NO_COLOR`, the same rule as the table's colour.
pub fn mode(stderr_is_tty: bool, quiet: bool, no_color: bool) -> Mode {
    match (stderr_is_tty && !quiet, no_color) {
        (false, _) => Mode::Hidden,
        (true, true) => Mode::Plain,
        (true, false) => Mode::Colored,
    }
}

/// A scan shorter than this never shows a bar, so quick scans do not flicker.
const SHOW_AFTER: Duration = Duration::from_millis(300);
/// How often the bar is redrawn.
const REDRAW: Duration = Duration::from_millis(80);

/// The drawing thread; [`Ticker::finish`] stops it and clears the line.
pub struct Ticker {
    stop: mpsc::Sender<()>,
    handle: JoinHandle<()>,
}

impl Ticker {
    /// Starts drawing `counter` on stderr, or returns `None` when `mode` is [`Mode::Hidden`] or no
    /// thread can be started (a missing bar is never worth failing a scan for).
    pub fn start(counter: Arc<Counter>, mode: Mode) -> Option<Ticker> {
        if mode == Mode::Hidden {
            return None;
        }
        let (stop, stopped) = mpsc::channel::<()>();
        let handle = std::thread::Builder::new()
            .name("readycheck-progress".into())
            .spawn(move || draw(&counter, mode, &stopped))
            .ok()?;
        Some(Ticker { stop, handle })
    }

    /// Stops the thread and waits until the bar is erased, before anything else is printed.
    pub fn finish(self) {
        let _ = self.stop.send(());
        let _ = self.handle.join();
    }
}

fn draw(counter: &Counter, mode: Mode, stopped: &mpsc::Receiver<()>) {
    match stopped.recv_timeout(SHOW_AFTER) {
        Err(RecvTimeoutError::Timeout) => {}
        // Stopped (or the CLI is gone) before the scan was long enough to be worth a bar.
        _ => return,
    }
    let (walking, reading) = templates(mode);
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(style(walking));
    let mut counting = false;
    loop {
        let (done, total) = counter.get();
        if total > 0 && !counting {
            bar.set_style(style(reading));
            bar.set_length(total as u64);
            counting = true;
        }
        if counting {
            bar.set_position(done.min(total) as u64);
        }
        bar.tick();
        match stopped.recv_timeout(REDRAW) {
            Err(RecvTimeoutError::Timeout) => continue,
            _ => break,
        }
    }
    bar.finish_and_clear();
}

/// (while walking, while reading); the colour names are console styles that `Plain` leaves out.
fn templates(mode: Mode) -> (&'static str, &'static str) {
    match mode {
        Mode::Colored => (
            "{spinner:.cyan} walking the tree… {elapsed}",
            "{spinner:.cyan} reading [{bar:30.cyan/blue}] {human_pos}/{human_len} files {elapsed}",
        ),
        _ => (
            "{spinner} walking the tree… {elapsed}",
            "{spinner} reading [{bar:30}] {human_pos}/{human_len} files {elapsed}",
        ),
    }
}

fn style(template: &str) -> ProgressStyle {
    ProgressStyle::with_template(template)
        .map(|s| s.progress_chars("=> "))
        .unwrap_or_else(|_| ProgressStyle::default_spinner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bar_only_on_a_terminal_without_quiet() {
        assert_eq!(mode(false, false, false), Mode::Hidden, "a pipe or a CI log gets nothing");
        assert_eq!(mode(false, false, true), Mode::Hidden);
        assert_eq!(mode(true, true, false), Mode::Hidden, "--quiet wins over a terminal");
        assert_eq!(mode(false, true, true), Mode::Hidden);
        assert_eq!(mode(true, false, false), Mode::Colored);
        assert_eq!(
            mode(true, false, true),
            Mode::Plain,
            "--no-color/NO_COLOR drop the colour, not the bar"
        );
    }

    #[test]
    fn plain_templates_carry_no_colour_and_all_templates_parse() {
        let (w, r) = templates(Mode::Plain);
        assert!(!w.contains(".cyan") && !r.contains(".cyan") && !r.contains("blue"));
        let (cw, cr) = templates(Mode::Colored);
        assert!(cr.contains(".cyan"), "the coloured template differs from the plain one");
        for t in [w, r, cw, cr] {
            assert!(ProgressStyle::with_template(t).is_ok(), "bad template {t}");
        }
    }

    #[test]
    fn counter_reports_total_and_done() {
        let c = Counter::default();
        assert_eq!(c.get(), (0, 0));
        c.set_total(3);
        c.file_done();
        c.file_done();
        assert_eq!(c.get(), (2, 3));
    }

    #[test]
    fn hidden_mode_starts_no_thread() {
        assert!(Ticker::start(Arc::new(Counter::default()), Mode::Hidden).is_none());
    }
}
