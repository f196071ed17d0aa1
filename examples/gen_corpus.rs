//! Writes a deterministic polyglot repository for benchmarking: `gen_corpus --files N DIR`.
//!
//! The tree looks like a real monorepo so that every rule's prefilter sees realistic input:
//! several services (FastAPI, Flask, Express, Next.js, gin, axum, Spring) with routes, CORS set-up,
//! environment reads and database calls, among thousands of ordinary modules, tests, docs, configs
//! and lockfiles; a vendored Go tree that is walked and an ignored `build/` and `node_modules/`
//! that are not. File sizes follow a heavy-tailed histogram (most files a few KB, a few lockfiles
//! and generated files near or above the 1 MiB cap) whose mean `--avg-kb` sets.
//!
//! Everything comes from one seeded PRNG written here (no `HashMap` order, no clock), and each
//! file's text from its own seed, so the same arguments give a byte-identical tree on any run.
//! `--files` counts the files a scanner walks; the ignored folders come on top.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const USAGE: &str = "usage: gen_corpus [--files N] [--seed S] [--avg-kb KB] DIR
  --files N    files a scanner walks (default 50000); ignored folders add about 5% on top
  --seed S     PRNG seed (default 1); the same arguments give a byte-identical tree
  --avg-kb KB  mean file size in KiB (default 14, like a 650 MB / 45k-file repository)
DIR must not exist or be empty.";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = match parse_args(&args) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!("gen_corpus: {msg}\n{USAGE}");
            std::process::exit(2);
        }
    };
    match generate(&opts) {
        Ok(summary) => println!("{summary}"),
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::exit(1);
        }
    }
}

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    pub files: usize,
    pub seed: u64,
    pub avg_kb: f64,
    pub dir: PathBuf,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut opts = Options {
        files: 50_000,
        seed: 1,
        avg_kb: 14.0,
        dir: PathBuf::new(),
    };
    let mut dir = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--files" => opts.files = value("--files")?.parse().map_err(|_| "--files expects a number".to_string())?,
            "--seed" => opts.seed = value("--seed")?.parse().map_err(|_| "--seed expects a number".to_string())?,
            "--avg-kb" => {
                let v: f64 = value("--avg-kb")?.parse().map_err(|_| "--avg-kb expects a number".to_string())?;
                if !(v.is_finite() && v > 0.0) {
                    return Err("--avg-kb must be positive".into());
                }
                opts.avg_kb = v;
            }
            "-h" | "--help" => return Err("help".into()),
            s if s.starts_with('-') => return Err(format!("unknown option `{s}`")),
            s => {
                if dir.replace(PathBuf::from(s)).is_some() {
                    return Err("only one DIR".into());
                }
            }
        }
    }
    opts.dir = dir.ok_or("missing DIR")?;
    Ok(opts)
}

// ---------------------------------------------------------------------------------------------
// PRNG

/// SplitMix64: tiny, fast, and the same sequence everywhere.
#[derive(Clone)]
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5851_f42d_4c95_7f2d)
    }
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() as u128 * n as u128) >> 64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille as usize
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    /// Index into `weights`, chosen in proportion to them.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, w) in weights.iter().enumerate() {
            if r < *w {
                return i;
            }
            r -= w;
        }
        weights.len() - 1
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const NOUNS: &[&str] = &[
    "user",
    "order",
    "invoice",
    "account",
    "session",
    "payment",
    "product",
    "cart",
    "report",
    "event",
    "message",
    "token",
    "profile",
    "team",
    "project",
    "task",
    "job",
    "queue",
    "cache",
    "metric",
    "shipment",
    "address",
    "customer",
    "item",
    "price",
    "discount",
    "coupon",
    "review",
    "notification",
    "webhook",
    "subscription",
    "plan",
    "tenant",
    "audit",
    "upload",
    "image",
    "search",
    "index",
    "document",
    "comment",
    "tag",
    "category",
    "inventory",
    "warehouse",
    "refund",
    "ledger",
    "balance",
    "transfer",
    "schedule",
    "reminder",
    "export",
    "batch",
    "record",
    "channel",
    "feed",
    "widget",
    "region",
    "quota",
    "permission",
    "role",
    "group",
    "device",
    "location",
    "route",
    "vehicle",
    "driver",
    "ticket",
];
const VERBS: &[&str] = &[
    "get",
    "create",
    "update",
    "delete",
    "list",
    "find",
    "load",
    "save",
    "parse",
    "build",
    "compute",
    "validate",
    "sync",
    "fetch",
    "render",
    "handle",
    "process",
    "send",
    "apply",
    "merge",
    "resolve",
    "format",
    "normalize",
    "refresh",
    "publish",
    "archive",
    "restore",
    "import",
    "export",
    "schedule",
    "cancel",
    "retry",
    "check",
    "count",
    "filter",
];
const ADJS: &[&str] = &[
    "pending",
    "active",
    "stale",
    "expired",
    "default",
    "current",
    "previous",
    "next",
    "partial",
    "remote",
    "local",
    "cached",
    "raw",
    "clean",
    "visible",
    "hidden",
    "primary",
    "secondary",
    "legacy",
    "new",
    "empty",
    "full",
    "valid",
];
const WORDS: &[&str] = &[
    "the", "a", "this", "when", "before", "after", "so", "that", "we", "it", "is", "are", "not", "only", "each", "every", "with", "from",
    "into", "for", "of", "on", "in", "if", "once", "should", "must", "can", "may", "keeps", "returns", "called", "value", "request",
    "response", "client", "server", "handler", "field", "list", "map", "state", "flag",
];
const ENV_NAMES: &[&str] = &[
    "DATABASE_URL",
    "REDIS_URL",
    "API_BASE_URL",
    "LOG_LEVEL",
    "PORT",
    "SENTRY_DSN",
    "S3_BUCKET",
    "AWS_REGION",
    "APP_ENV",
    "FEATURE_FLAGS",
    "SMTP_HOST",
    "QUEUE_URL",
    "CACHE_TTL",
    "WORKER_CONCURRENCY",
    "REQUEST_TIMEOUT_MS",
    "ALLOWED_HOSTS",
];

/// Appends a formatted line; the arguments are evaluated first, so they may use the generator.
macro_rules! ln {
    ($g:expr, $($arg:tt)*) => {{
        let s = format!($($arg)*);
        $g.out.push_str(&s);
        $g.out.push('\n');
    }};
}

/// Appends formatted text without a newline.
macro_rules! put {
    ($g:expr, $($arg:tt)*) => {{
        let s = format!($($arg)*);
        $g.out.push_str(&s);
    }};
}

struct Gen {
    rng: Rng,
    out: String,
    /// Rare constructs this file may contain (`F_*` bits), chosen once per file: real code keeps
    /// environment reads, SQL or `print` in a few files rather than sprinkling them everywhere.
    features: u32,
}

const F_ENV: u32 = 1;
const F_PRINT: u32 = 1 << 1;
const F_TODO: u32 = 1 << 2;
const F_SQL: u32 = 1 << 3;
const F_HTTP: u32 = 1 << 4;
const F_SLEEP: u32 = 1 << 5;
const F_ORM: u32 = 1 << 6;
const F_FILE: u32 = 1 << 7;
const F_ASYNC: u32 = 1 << 8;
const F_SUBPROCESS: u32 = 1 << 9;
const F_HTML: u32 = 1 << 10;

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

impl Gen {
    fn new(seed: u64, cap: usize) -> Gen {
        Gen {
            rng: Rng::new(seed),
            out: String::with_capacity(cap + 4096),
            features: 0,
        }
    }
    /// Picks this file's rare constructs: per mille of files that have each, API code more often
    /// talking to the database.
    fn pick_features(&mut self, flavor: Flavor) {
        let api = flavor == Flavor::Api;
        let table = [
            (F_ENV, 40),
            (F_PRINT, 80),
            (F_TODO, 150),
            (F_SQL, if api { 150 } else { 20 }),
            (F_HTTP, 60),
            (F_SLEEP, 20),
            (F_ORM, if api { 200 } else { 30 }),
            (F_FILE, 60),
            (F_ASYNC, 30),
            (F_SUBPROCESS, 10),
            (F_HTML, 10),
        ];
        for (bit, per_mille) in table {
            if self.rng.chance(per_mille) {
                self.features |= bit;
            }
        }
    }
    /// `weight` when the file has `feature`, else 0.
    fn rare(&self, feature: u32, weight: u32) -> u32 {
        if self.features & feature != 0 { weight } else { 0 }
    }
    fn w(&mut self, s: &str) {
        self.out.push_str(s);
    }
    fn noun(&mut self) -> &'static str {
        self.rng.pick(NOUNS)
    }
    fn verb(&mut self) -> &'static str {
        self.rng.pick(VERBS)
    }
    fn adj(&mut self) -> &'static str {
        self.rng.pick(ADJS)
    }
    fn snake(&mut self) -> String {
        let (v, n) = (self.verb(), self.noun());
        if self.rng.chance(300) {
            format!("{v}_{}_{n}", self.adj())
        } else {
            format!("{v}_{n}")
        }
    }
    fn camel(&mut self) -> String {
        let (v, n) = (self.verb(), self.noun());
        format!("{v}{}", capitalize(n))
    }
    fn pascal(&mut self) -> String {
        let (a, n) = (self.noun(), self.noun());
        if a == n {
            capitalize(a)
        } else {
            format!("{}{}", capitalize(a), capitalize(n))
        }
    }
    fn env(&mut self) -> String {
        if self.rng.chance(400) {
            format!("{}_SERVICE_URL", self.noun().to_ascii_uppercase())
        } else {
            self.rng.pick(ENV_NAMES).to_string()
        }
    }
    fn sentence(&mut self, min: usize, max: usize) -> String {
        let n = self.rng.range(min, max);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            let w = match self.rng.below(4) {
                0 => self.noun(),
                1 => self.verb(),
                2 => self.adj(),
                _ => self.rng.pick(WORDS),
            };
            s.push_str(w);
        }
        capitalize(&s)
    }
    /// A record field holding a state: `status` now and then, as in real code, not every time.
    fn key(&mut self) -> &'static str {
        self.rng.pick(&[
            "status", "state", "kind", "mode", "phase", "stage", "level", "source", "origin", "channel",
        ])
    }
    fn state(&mut self) -> &'static str {
        self.rng.pick(&[
            "active", "pending", "archived", "failed", "done", "queued", "draft", "open", "closed", "paused",
        ])
    }
    fn int(&mut self) -> usize {
        self.rng.pick(&[0, 1, 2, 3, 5, 10, 20, 30, 60, 100, 250, 500, 1000, 3600])
    }
    fn done(&self, target: usize) -> bool {
        self.out.len() >= target
    }
}

// ---------------------------------------------------------------------------------------------
// Python

#[derive(Clone, Copy, Debug, PartialEq)]
enum Flavor {
    Plain,
    /// Route handlers and database calls.
    Api,
    Test,
}

fn py_stmt(g: &mut Gen, ind: &str, depth: usize) {
    let v = g.noun();
    let weights = [
        200,
        80,
        60,
        60,
        80,
        50,
        30,
        30,
        40,
        40,
        25,
        g.rare(F_ENV, 8),
        g.rare(F_PRINT, 8),
        g.rare(F_TODO, 6),
        g.rare(F_SQL, 8),
        g.rare(F_HTTP, 8),
        g.rare(F_SLEEP, 6),
        g.rare(F_ORM, 8),
        g.rare(F_FILE, 6),
        20,
        g.rare(F_ASYNC, 8),
        g.rare(F_SUBPROCESS, 4),
    ];
    let w = g.rng.weighted(&weights);
    match w {
        0 => {
            let m = g.snake();
            ln!(g, "{ind}{v} = self.{}_repo.{m}({v}_id)", g.rng.pick(NOUNS));
        }
        1 if depth < 3 => {
            ln!(g, "{ind}if {v} is None:");
            ln!(g, "{ind}    return None");
        }
        2 if depth < 3 => {
            ln!(g, "{ind}for {v} in {}s:", g.noun());
            let inner = format!("{ind}    ");
            for _ in 0..g.rng.range(1, 3) {
                py_stmt(g, &inner, depth + 1);
            }
        }
        3 => {
            let s = g.sentence(2, 5).to_lowercase();
            ln!(g, "{ind}logger.info(\"{s} %s\", {v})");
        }
        4 => {
            let s = g.sentence(4, 12);
            ln!(g, "{ind}# {s}.");
        }
        5 => {
            let (a, b) = (g.noun(), g.noun());
            let n = g.int();
            let (k, state) = (g.key(), g.state());
            ln!(g, "{ind}{v} = {{\"{a}\": {b}, \"{}\": {n}, \"{k}\": \"{state}\"}}", g.noun());
        }
        6 => {
            ln!(g, "{ind}raise ValueError(f\"invalid {v}: {{{v}!r}}\")");
        }
        7 if depth < 3 => {
            ln!(g, "{ind}try:");
            let inner = format!("{ind}    ");
            py_stmt(g, &inner, depth + 1);
            ln!(g, "{ind}except KeyError as exc:");
            ln!(g, "{ind}    logger.warning(\"missing {v}: %s\", exc)");
        }
        8 => {
            ln!(g, "{ind}{v}s = [x.{} for x in {}s if x.{}]", g.noun(), g.noun(), g.adj());
        }
        9 => {
            ln!(g, "{ind}{v}_key = f\"{v}:{{{}_id}}:{}\"", g.noun(), g.adj());
        }
        10 => {
            ln!(g, "{ind}payload = json.dumps({v}, default=str)");
        }
        11 => {
            let e = g.env();
            if g.rng.chance(500) {
                ln!(g, "{ind}{v}_url = os.environ.get(\"{e}\", \"\")");
            } else {
                ln!(g, "{ind}{v}_url = os.getenv(\"{e}\")");
            }
        }
        12 => {
            ln!(g, "{ind}print(\"{}\", {v})", g.sentence(1, 3).to_lowercase());
        }
        13 => {
            ln!(g, "{ind}# TODO: {}", g.sentence(3, 8).to_lowercase());
        }
        14 => {
            let t = g.noun();
            ln!(
                g,
                "{ind}cursor.execute(\"SELECT id, {v}_id, created_at FROM {t}s WHERE id = %s\", ({v}_id,))"
            );
        }
        15 => {
            ln!(g, "{ind}resp = requests.get(f\"{{base_url}}/{v}s/{{{v}_id}}\", timeout=10)");
        }
        16 => {
            ln!(g, "{ind}time.sleep(0.{})", g.rng.range(1, 9));
        }
        17 => {
            ln!(
                g,
                "{ind}{v}s = session.query({}).filter_by({}_id={v}_id).all()",
                g.pascal(),
                g.noun()
            );
        }
        18 => {
            ln!(g, "{ind}with open({v}_path, encoding=\"utf-8\") as fh:");
            ln!(g, "{ind}    {v} = fh.read()");
        }
        19 => {
            ln!(g, "{ind}total += {v}.{} * {}", g.noun(), g.int());
        }
        20 => {
            ln!(g, "{ind}await asyncio.sleep(0)");
        }
        21 => {
            ln!(g, "{ind}subprocess.run([\"git\", \"rev-parse\", \"HEAD\"], check=True)");
        }
        // A nesting statement too deep to nest: a plain one instead.
        _ => {
            ln!(g, "{ind}{v}_count = len({v}s)");
        }
    }
}

fn py_body(g: &mut Gen, ind: &str) {
    for _ in 0..g.rng.range(2, 10) {
        py_stmt(g, ind, 0);
    }
    ln!(g, "{ind}return {}", g.noun());
}

fn python(g: &mut Gen, target: usize, flavor: Flavor) {
    g.pick_features(flavor);
    let doc = g.sentence(4, 10);
    ln!(g, "\"\"\"{doc}.\"\"\"\n");
    g.w("from __future__ import annotations\n\nimport json\nimport logging\n");
    if g.features & (F_ENV | F_FILE | F_SUBPROCESS) != 0 || g.rng.chance(100) {
        g.w("import os\n");
    }
    if g.features & F_SLEEP != 0 {
        g.w("import time\n");
    }
    g.w("from datetime import datetime, timedelta\nfrom typing import Any, Optional\n\n");
    for _ in 0..g.rng.range(1, 4) {
        let (m, c) = (g.noun(), g.pascal());
        ln!(g, "from .{m} import {c}");
    }
    match flavor {
        Flavor::Api => {
            g.w("from fastapi import APIRouter, Depends, HTTPException\n\n");
            let n = g.noun();
            ln!(g, "router = APIRouter(prefix=\"/{n}s\", tags=[\"{n}\"])");
        }
        Flavor::Test => g.w("import pytest\n"),
        Flavor::Plain => {}
    }
    g.w("\nlogger = logging.getLogger(__name__)\n\n");
    ln!(g, "DEFAULT_{}_LIMIT = {}\n", g.noun().to_ascii_uppercase(), g.int());
    while !g.done(target) {
        match (flavor, g.rng.below(10)) {
            (Flavor::Test, _) => {
                let name = g.snake();
                ln!(g, "\ndef test_{name}():");
                let (a, b) = (g.noun(), g.pascal());
                ln!(g, "    {a} = {b}(id=1, name=\"{}\")", g.noun());
                py_body(g, "    ");
                ln!(g, "    assert {a}.{} == {}\n", g.noun(), g.int());
            }
            (Flavor::Api, 0..=3) => {
                let n = g.noun();
                let method = g.rng.pick(&["get", "post", "put", "delete", "get", "get"]);
                let path = if g.rng.chance(500) {
                    format!("/{{{n}_id}}")
                } else {
                    format!("/{}", g.adj())
                };
                ln!(g, "\n@router.{method}(\"{path}\")");
                ln!(g, "async def {}({n}_id: int, db=Depends(get_db)) -> dict:", g.snake());
                ln!(g, "    \"\"\"{}.\"\"\"", g.sentence(3, 8));
                py_body(g, "    ");
                g.w("\n");
            }
            (_, 0..=4) => {
                let c = g.pascal();
                ln!(g, "\nclass {c}:\n    \"\"\"{}.\"\"\"\n", g.sentence(4, 12));
                let (a, b) = (g.noun(), g.noun());
                ln!(
                    g,
                    "    def __init__(self, {a}, {b}=None):\n        self.{a} = {a}\n        self.{b} = {b}\n"
                );
                for _ in 0..g.rng.range(1, 5) {
                    let m = g.snake();
                    let asy = if g.rng.chance(200) { "async " } else { "" };
                    ln!(g, "    {asy}def {m}(self, {}_id: int) -> Optional[dict]:", g.noun());
                    py_body(g, "        ");
                    g.w("\n");
                }
            }
            _ => {
                let f = g.snake();
                ln!(g, "\ndef {f}({}: Any, {}: int = {}) -> Any:", g.noun(), g.noun(), g.int());
                ln!(g, "    \"\"\"{}.\"\"\"", g.sentence(3, 10));
                py_body(g, "    ");
                g.w("\n");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// TypeScript / JavaScript

fn js_stmt(g: &mut Gen, ind: &str, depth: usize) {
    let v = g.noun();
    let weights = [
        200,
        80,
        50,
        70,
        50,
        30,
        40,
        30,
        25,
        g.rare(F_ENV, 8),
        g.rare(F_PRINT, 8),
        g.rare(F_TODO, 6),
        g.rare(F_HTTP, 8),
        g.rare(F_SQL, 8),
        g.rare(F_HTML, 6),
        20,
    ];
    let w = g.rng.weighted(&weights);
    match w {
        0 => {
            let m = g.camel();
            ln!(g, "{ind}const {v} = await this.{}Repo.{m}({v}Id);", g.noun());
        }
        1 if depth < 3 => {
            ln!(g, "{ind}if (!{v}) {{");
            ln!(g, "{ind}  throw new Error(`{v} ${{{v}Id}} not found`);");
            ln!(g, "{ind}}}");
        }
        2 if depth < 3 => {
            ln!(g, "{ind}for (const {v} of {}s) {{", g.noun());
            let inner = format!("{ind}  ");
            for _ in 0..g.rng.range(1, 3) {
                js_stmt(g, &inner, depth + 1);
            }
            ln!(g, "{ind}}}");
        }
        3 => {
            ln!(g, "{ind}// {}.", g.sentence(4, 12));
        }
        4 => {
            let (a, b) = (g.noun(), g.noun());
            ln!(
                g,
                "{ind}const {v}Map = {{ {a}: {b}, {}: {}, {}: \"{}\" }};",
                g.noun(),
                g.int(),
                g.key(),
                g.state()
            );
        }
        5 => {
            ln!(
                g,
                "{ind}const {v}s = items.filter((x) => x.{}).map((x) => x.{});",
                g.adj(),
                g.noun()
            );
        }
        6 => {
            ln!(g, "{ind}const {v}Key = `{v}:${{{}Id}}:{}`;", g.noun(), g.adj());
        }
        7 if depth < 3 => {
            ln!(g, "{ind}try {{");
            let inner = format!("{ind}  ");
            js_stmt(g, &inner, depth + 1);
            ln!(g, "{ind}}} catch (err) {{");
            ln!(g, "{ind}  logger.warn(\"{v} failed\", err);");
            ln!(g, "{ind}}}");
        }
        8 => {
            ln!(g, "{ind}logger.info(\"{}\", {{ {v} }});", g.sentence(2, 5).to_lowercase());
        }
        9 => {
            ln!(g, "{ind}const {v}Url = process.env.{} ?? \"\";", g.env());
        }
        10 => {
            ln!(g, "{ind}console.log(\"{}\", {v});", g.sentence(1, 3).to_lowercase());
        }
        11 => {
            ln!(g, "{ind}// TODO: {}", g.sentence(3, 8).to_lowercase());
        }
        12 => {
            ln!(g, "{ind}const res = await fetch(`${{baseUrl}}/{v}s/${{{v}Id}}`);");
        }
        13 => {
            let t = g.noun();
            ln!(
                g,
                "{ind}const {{ rows }} = await pool.query(\"SELECT * FROM {t}s WHERE {v}_id = $1\", [{v}Id]);"
            );
        }
        14 => {
            ln!(g, "{ind}el.innerHTML = {v}Html;");
        }
        _ => {
            ln!(g, "{ind}total += {v}.{} * {};", g.noun(), g.int());
        }
    }
}

fn js_body(g: &mut Gen, ind: &str) {
    for _ in 0..g.rng.range(2, 10) {
        js_stmt(g, ind, 0);
    }
    ln!(g, "{ind}return {};", g.noun());
}

/// TypeScript when `ts`, JSX components when `jsx`, Express routes when `flavor` is `Api`.
fn script(g: &mut Gen, target: usize, ts: bool, jsx: bool, flavor: Flavor) {
    g.pick_features(flavor);
    if g.rng.chance(300) {
        ln!(g, "/**\n * {}.\n */", g.sentence(5, 14));
    }
    if jsx {
        g.w("import { useEffect, useState } from \"react\";\n");
    }
    for _ in 0..g.rng.range(1, 5) {
        let (c, m) = (g.pascal(), g.noun());
        ln!(g, "import {{ {c} }} from \"../{m}/{m}\";");
    }
    match flavor {
        Flavor::Api => g.w("import { Router } from \"express\";\n\nconst router = Router();\n"),
        Flavor::Test => g.w("import { describe, expect, it } from \"vitest\";\n"),
        Flavor::Plain => {}
    }
    g.w("\n");
    while !g.done(target) {
        match (flavor, g.rng.below(10)) {
            (Flavor::Test, _) => {
                ln!(g, "describe(\"{}\", () => {{", g.pascal());
                for _ in 0..g.rng.range(1, 4) {
                    ln!(g, "  it(\"{}\", async () => {{", g.sentence(3, 7).to_lowercase());
                    js_body(g, "    ");
                    ln!(g, "    expect({}).toEqual({});", g.noun(), g.int());
                    g.w("  });\n");
                }
                g.w("});\n\n");
            }
            (Flavor::Api, 0..=3) => {
                let n = g.noun();
                let method = g.rng.pick(&["get", "post", "put", "delete", "get", "get"]);
                ln!(g, "router.{method}(\"/{n}s/:id\", async (req, res, next) => {{");
                ln!(g, "  const {n}Id = req.params.id;");
                js_body(g, "  ");
                ln!(g, "  res.json({{ {n} }});\n}});\n");
            }
            (_, 0..=1) if ts => {
                let c = g.pascal();
                ln!(g, "export interface {c} {{");
                for _ in 0..g.rng.range(2, 8) {
                    let ty = g
                        .rng
                        .pick(&["string", "number", "boolean", "Date", "string[]", "Record<string, unknown>"]);
                    ln!(g, "  {}{}: {ty};", g.noun(), if g.rng.chance(300) { "?" } else { "" });
                }
                g.w("}\n\n");
            }
            (_, 2..=4) if jsx => {
                let c = g.pascal();
                let (a, b) = (g.noun(), g.noun());
                let props = if ts {
                    format!(": {{ {a}: {c}; on{}: () => void }}", capitalize(g.verb()))
                } else {
                    String::new()
                };
                ln!(g, "export function {c}View({{ {a}, onChange }}{props}) {{");
                ln!(
                    g,
                    "  const [{b}, set{}] = useState{}(null);",
                    capitalize(b),
                    if ts { "<string | null>" } else { "" }
                );
                ln!(
                    g,
                    "  useEffect(() => {{\n    set{}({a}.{});\n  }}, [{a}]);",
                    capitalize(b),
                    g.noun()
                );
                js_body(g, "  ");
                ln!(g, "  return (\n    <div className=\"{a}-{}\">", g.adj());
                for _ in 0..g.rng.range(1, 6) {
                    ln!(g, "      <span className=\"{}\">{{{a}.{}}}</span>", g.noun(), g.noun());
                }
                ln!(
                    g,
                    "      <button type=\"button\" onClick={{onChange}}>{}</button>",
                    capitalize(g.verb())
                );
                g.w("    </div>\n  );\n}\n\n");
            }
            (_, 5..=6) => {
                let c = g.pascal();
                ln!(g, "export class {c}Service {{");
                let (r, rt) = (g.noun(), g.pascal());
                ln!(
                    g,
                    "  constructor({}{r}Repo{}) {{}}\n",
                    if ts { "private readonly " } else { "" },
                    if ts { format!(": {rt}Repository") } else { String::new() }
                );
                for _ in 0..g.rng.range(1, 5) {
                    let m = g.camel();
                    let n = g.noun();
                    let sig = if ts {
                        format!("{n}Id: string): Promise<{}>", g.pascal())
                    } else {
                        format!("{n}Id)")
                    };
                    ln!(g, "  async {m}({sig} {{");
                    js_body(g, "    ");
                    g.w("  }\n\n");
                }
                g.w("}\n\n");
            }
            _ => {
                let f = g.camel();
                let (a, b) = (g.noun(), g.noun());
                let sig = if ts {
                    format!("{a}: {}, {b}Id: string): Promise<unknown>", g.pascal())
                } else {
                    format!("{a}, {b}Id)")
                };
                ln!(g, "export async function {f}({sig} {{");
                js_body(g, "  ");
                g.w("}\n\n");
            }
        }
    }
    if flavor == Flavor::Api {
        g.w("export default router;\n");
    }
}

// ---------------------------------------------------------------------------------------------
// Go, Rust, Java

fn go_stmt(g: &mut Gen, ind: &str) {
    let v = g.noun();
    let weights = [
        200,
        120,
        60,
        40,
        40,
        30,
        g.rare(F_ENV, 8),
        g.rare(F_SQL, 8),
        g.rare(F_TODO, 6),
        g.rare(F_PRINT, 8),
    ];
    match g.rng.weighted(&weights) {
        0 => {
            let m = g.pascal();
            ln!(g, "{ind}{v}, err := s.store.{m}(ctx, {v}ID)");
            ln!(
                g,
                "{ind}if err != nil {{\n{ind}\treturn nil, fmt.Errorf(\"{} {v}: %w\", err)\n{ind}}}",
                g.verb()
            );
        }
        1 => {
            ln!(g, "{ind}if {v} == nil {{\n{ind}\treturn nil, ErrNotFound\n{ind}}}");
        }
        2 => {
            ln!(g, "{ind}// {}.", g.sentence(4, 12));
        }
        3 => {
            ln!(
                g,
                "{ind}for _, {v} := range {}s {{\n{ind}\ttotal += {v}.{}\n{ind}}}",
                g.noun(),
                capitalize(g.noun())
            );
        }
        4 => {
            ln!(g, "{ind}key := fmt.Sprintf(\"{v}:%s:{}\", {v}ID)", g.adj());
        }
        5 => {
            ln!(g, "{ind}s.log.Info(\"{}\", \"{v}\", {v}ID)", g.sentence(2, 4).to_lowercase());
        }
        6 => {
            ln!(g, "{ind}{v}URL := os.Getenv(\"{}\")", g.env());
        }
        7 => {
            let t = g.noun();
            ln!(
                g,
                "{ind}row := s.db.QueryRowContext(ctx, \"SELECT id, name FROM {t}s WHERE {v}_id = $1\", {v}ID)"
            );
        }
        8 => {
            ln!(g, "{ind}// TODO: {}", g.sentence(3, 8).to_lowercase());
        }
        9 => {
            ln!(g, "{ind}log.Printf(\"{v} %v\", {v}ID)");
        }
        _ => {
            ln!(g, "{ind}{v}Count := len({v}s)");
        }
    }
}

fn golang(g: &mut Gen, target: usize, pkg: &str, flavor: Flavor) {
    g.pick_features(flavor);
    ln!(g, "// Package {pkg} {}.\npackage {pkg}\n", g.sentence(3, 8).to_lowercase());
    g.w("import (\n\t\"context\"\n\t\"errors\"\n\t\"fmt\"\n");
    if flavor == Flavor::Test {
        g.w("\t\"testing\"\n");
    }
    if flavor == Flavor::Api {
        g.w("\n\t\"github.com/gin-gonic/gin\"\n");
    }
    g.w(")\n\nvar ErrNotFound = errors.New(\"not found\")\n\n");
    while !g.done(target) {
        match (flavor, g.rng.below(10)) {
            (Flavor::Test, _) => {
                ln!(g, "func Test{}(t *testing.T) {{\n\tctx := context.Background()", g.pascal());
                for _ in 0..g.rng.range(2, 6) {
                    go_stmt(g, "\t");
                }
                g.w("\tif ctx == nil {\n\t\tt.Fatal(\"no context\")\n\t}\n}\n\n");
            }
            (Flavor::Api, 0..=2) => {
                let (n, m) = (g.noun(), g.pascal());
                let method = g.rng.pick(&["GET", "POST", "PUT", "DELETE", "GET"]);
                ln!(
                    g,
                    "func (h *Handler) Register{m}(r *gin.RouterGroup) {{\n\tr.{method}(\"/{n}s/:id\", h.{m})\n}}\n"
                );
                ln!(
                    g,
                    "func (h *Handler) {m}(c *gin.Context) {{\n\t{n}ID := c.Param(\"id\")\n\t_ = {n}ID\n\tc.JSON(200, gin.H{{\"ok\": true}})\n}}\n"
                );
            }
            (_, 0..=2) => {
                let c = g.pascal();
                ln!(g, "// {c} {}.\ntype {c} struct {{", g.sentence(3, 8).to_lowercase());
                for _ in 0..g.rng.range(2, 7) {
                    let f = capitalize(g.noun());
                    let ty = g.rng.pick(&["string", "int64", "bool", "time.Time", "[]string", "map[string]any"]);
                    ln!(g, "\t{f} {ty} `json:\"{}\"`", f.to_lowercase());
                }
                g.w("}\n\n");
            }
            _ => {
                let (m, n, r) = (g.pascal(), g.noun(), g.pascal());
                ln!(g, "// {m} {}.", g.sentence(3, 9).to_lowercase());
                ln!(g, "func (s *Service) {m}(ctx context.Context, {n}ID string) (*{r}, error) {{");
                for _ in 0..g.rng.range(2, 9) {
                    go_stmt(g, "\t");
                }
                ln!(g, "\treturn &{r}{{}}, nil\n}}\n");
            }
        }
    }
}

fn rust_src(g: &mut Gen, target: usize) {
    ln!(g, "//! {}.\n", g.sentence(4, 10));
    g.w("use std::collections::HashMap;\nuse std::time::Duration;\n\nuse serde::{Deserialize, Serialize};\n\n");
    while !g.done(target) {
        let c = g.pascal();
        ln!(
            g,
            "/// {}.\n#[derive(Debug, Clone, Serialize, Deserialize)]\npub struct {c} {{",
            g.sentence(3, 9)
        );
        for _ in 0..g.rng.range(2, 6) {
            let ty = g
                .rng
                .pick(&["String", "u64", "bool", "Vec<String>", "Option<u32>", "HashMap<String, String>"]);
            ln!(g, "    pub {}: {ty},", g.noun());
        }
        ln!(g, "}}\n\nimpl {c} {{");
        for _ in 0..g.rng.range(1, 4) {
            let (m, n) = (g.snake(), g.noun());
            ln!(g, "    pub fn {m}(&self, {n}_id: u64) -> Result<Option<u64>, Error> {{");
            for _ in 0..g.rng.range(2, 7) {
                let v = g.noun();
                match g.rng.below(6) {
                    0 => {
                        ln!(g, "        // {}.", g.sentence(3, 10));
                    }
                    1 => {
                        ln!(g, "        let {v} = self.{}.get(&{n}_id.to_string()).cloned();", g.noun());
                    }
                    2 => {
                        ln!(g, "        if {n}_id == 0 {{\n            return Ok(None);\n        }}");
                    }
                    3 => {
                        ln!(g, "        let {v}_timeout = Duration::from_secs({});", g.int());
                    }
                    4 => {
                        ln!(g, "        tracing::debug!({n}_id, \"{}\");", g.sentence(2, 5).to_lowercase());
                    }
                    _ => {
                        ln!(
                            g,
                            "        let {v}s: Vec<_> = self.{}.iter().filter(|x| !x.is_empty()).collect();",
                            g.noun()
                        );
                    }
                }
            }
            ln!(g, "        Ok(Some({n}_id))\n    }}\n");
        }
        g.w("}\n\n");
    }
    if g.rng.chance(400) {
        g.w("#[cfg(test)]\nmod tests {\n    use super::*;\n\n    #[test]\n    fn builds() {\n        assert_eq!(2 + 2, 4);\n    }\n}\n");
    }
}

fn java(g: &mut Gen, target: usize, pkg: &str, flavor: Flavor) {
    ln!(g, "package {pkg};\n");
    g.w("import java.util.List;\nimport java.util.Optional;\n");
    if flavor == Flavor::Test {
        g.w("import org.junit.jupiter.api.Test;\nimport static org.junit.jupiter.api.Assertions.assertEquals;\n");
    }
    let c = g.pascal();
    ln!(
        g,
        "\n/** {}. */\npublic class {c}{} {{\n",
        g.sentence(4, 10),
        if flavor == Flavor::Test { "Test" } else { "Service" }
    );
    let r = g.pascal();
    ln!(
        g,
        "    private final {r}Repository repository;\n\n    public {c}Service({r}Repository repository) {{\n        this.repository = repository;\n    }}\n"
    );
    while !g.done(target) {
        let (m, n, t) = (g.camel(), g.noun(), g.pascal());
        if flavor == Flavor::Test {
            ln!(
                g,
                "    @Test\n    void {m}() {{\n        assertEquals({}, {});\n    }}\n",
                g.int(),
                g.int()
            );
            continue;
        }
        ln!(g, "    /** {}. */\n    public Optional<{t}> {m}(long {n}Id) {{", g.sentence(3, 8));
        for _ in 0..g.rng.range(2, 8) {
            let v = g.noun();
            match g.rng.below(5) {
                0 => {
                    ln!(g, "        // {}.", g.sentence(3, 10));
                }
                1 => {
                    ln!(
                        g,
                        "        List<{}> {v}s = repository.findBy{}({n}Id);",
                        g.pascal(),
                        capitalize(g.noun())
                    );
                }
                2 => {
                    ln!(g, "        if ({n}Id <= 0) {{\n            return Optional.empty();\n        }}");
                }
                3 => {
                    ln!(g, "        log.info(\"{} {{}}\", {n}Id);", g.sentence(2, 4).to_lowercase());
                }
                _ => {
                    ln!(g, "        var {v} = repository.findById({n}Id).orElseThrow();");
                }
            }
        }
        ln!(g, "        return Optional.empty();\n    }}\n");
    }
    g.w("}\n");
}

// ---------------------------------------------------------------------------------------------
// Docs, data, configuration, lockfiles, binaries

fn markdown(g: &mut Gen, target: usize) {
    ln!(g, "# {}\n", g.sentence(2, 5));
    while !g.done(target) {
        match g.rng.below(6) {
            0 => {
                ln!(g, "## {}\n", g.sentence(2, 5));
            }
            1 => {
                for _ in 0..g.rng.range(2, 6) {
                    ln!(g, "- {}", g.sentence(3, 10));
                }
                g.w("\n");
            }
            2 => {
                let f = g.snake();
                ln!(g, "```python\nresult = client.{f}(\"{}\")\nprint(result)\n```\n", g.noun());
            }
            _ => {
                let mut p = String::new();
                for _ in 0..g.rng.range(2, 6) {
                    p.push_str(&g.sentence(6, 16));
                    p.push_str(". ");
                }
                ln!(g, "{}\n", p.trim_end());
            }
        }
    }
}

fn json_data(g: &mut Gen, target: usize) {
    g.w("[\n");
    let mut first = true;
    let mut id = 1;
    while !g.done(target) {
        if !first {
            g.w(",\n");
        }
        first = false;
        put!(
            g,
            "  {{\"id\": {id}, \"{}\": \"{}\", \"{}\": {}, \"status\": \"{}\", \"tags\": [\"{}\", \"{}\"]}}",
            g.noun(),
            g.sentence(1, 4),
            g.noun(),
            g.int(),
            g.adj(),
            g.noun(),
            g.adj()
        );
        id += 1;
    }
    g.w("\n]\n");
}

fn yaml_config(g: &mut Gen, target: usize) {
    ln!(g, "# {}\n{}:", g.sentence(3, 8), g.noun());
    while !g.done(target) {
        ln!(g, "  {}:", g.noun());
        for _ in 0..g.rng.range(1, 5) {
            ln!(g, "    {}_{}: {}", g.adj(), g.noun(), g.int());
        }
        ln!(g, "    name: {}-{}", g.noun(), g.adj());
    }
}

fn toml_config(g: &mut Gen, target: usize) {
    while !g.done(target) {
        ln!(g, "[{}.{}]", g.noun(), g.noun());
        for _ in 0..g.rng.range(1, 5) {
            ln!(g, "{}_{} = {}", g.adj(), g.noun(), g.int());
        }
        g.w("\n");
    }
}

fn hex(g: &mut Gen, n: usize) -> String {
    let mut s = String::with_capacity(n);
    for _ in 0..n {
        s.push(char::from(b"0123456789abcdef"[g.rng.below(16)]));
    }
    s
}

fn b64(g: &mut Gen, n: usize) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    (0..n).map(|_| char::from(A[g.rng.below(64)])).collect()
}

fn package_lock(g: &mut Gen, target: usize) {
    g.w("{\n  \"name\": \"web\",\n  \"version\": \"1.0.0\",\n  \"lockfileVersion\": 3,\n  \"requires\": true,\n  \"packages\": {\n    \"\": {\"name\": \"web\", \"version\": \"1.0.0\"}");
    let mut i = 0;
    while !g.done(target) {
        let name = format!("{}-{}{}", g.noun(), g.verb(), i);
        let (maj, min, pat) = (g.rng.below(12), g.rng.below(30), g.rng.below(20));
        let integrity = b64(g, 86);
        put!(
            g,
            ",\n    \"node_modules/{name}\": {{\n      \"version\": \"{maj}.{min}.{pat}\",\n      \"resolved\": \"https://registry.npmjs.org/{name}/-/{name}-{maj}.{min}.{pat}.tgz\",\n      \"integrity\": \"sha512-{integrity}==\",\n      \"dev\": {}\n    }}",
            g.rng.chance(400)
        );
        i += 1;
    }
    g.w("\n  }\n}\n");
}

fn go_sum(g: &mut Gen, target: usize) {
    let mut i = 0;
    while !g.done(target) {
        let m = format!("github.com/{}/{}{i}", g.noun(), g.verb());
        let v = format!("v{}.{}.{}", g.rng.below(3), g.rng.below(20), g.rng.below(10));
        let (h1, h2) = (b64(g, 43), b64(g, 43));
        ln!(g, "{m} {v} h1:{h1}=\n{m} {v}/go.mod h1:{h2}=");
        i += 1;
    }
}

fn poetry_lock(g: &mut Gen, target: usize) {
    let mut i = 0;
    while !g.done(target) {
        let name = format!("{}-{}{i}", g.noun(), g.verb());
        let ver = format!("{}.{}.{}", g.rng.below(5), g.rng.below(20), g.rng.below(10));
        let h = hex(g, 64);
        ln!(
            g,
            "[[package]]\nname = \"{name}\"\nversion = \"{ver}\"\ndescription = \"{}\"\noptional = false\npython-versions = \">=3.8\"\nfiles = [\n    {{file = \"{name}-{ver}.tar.gz\", hash = \"sha256:{h}\"}},\n]\n",
            g.sentence(3, 8)
        );
        i += 1;
    }
}

fn cargo_lock(g: &mut Gen, target: usize) {
    g.w("# This file is automatically @generated by Cargo.\nversion = 4\n\n");
    let mut i = 0;
    while !g.done(target) {
        let name = format!("{}-{}{i}", g.noun(), g.verb());
        let h = hex(g, 64);
        ln!(
            g,
            "[[package]]\nname = \"{name}\"\nversion = \"0.{}.{}\"\nsource = \"registry+https://github.com/rust-lang/crates.io-index\"\nchecksum = \"{h}\"\n",
            g.rng.below(20),
            g.rng.below(10)
        );
        i += 1;
    }
}

/// A PNG-looking binary: the signature, then noise with NUL bytes, as images in a repo are.
fn png(seed: u64, size: usize) -> Vec<u8> {
    let mut rng = Rng::new(seed);
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    while v.len() < size {
        let x = rng.next_u64();
        v.extend_from_slice(&x.to_le_bytes());
    }
    v.truncate(size.max(24));
    v
}

fn css(g: &mut Gen, target: usize) {
    while !g.done(target) {
        ln!(g, ".{}-{} {{", g.noun(), g.adj());
        for _ in 0..g.rng.range(2, 6) {
            let p = g
                .rng
                .pick(&["margin", "padding", "color", "display", "gap", "font-size", "border-radius"]);
            ln!(g, "  {p}: {}px;", g.int());
        }
        g.w("}\n\n");
    }
}

fn sql(g: &mut Gen, target: usize) {
    while !g.done(target) {
        let t = g.noun();
        ln!(g, "CREATE TABLE IF NOT EXISTS {t}s (\n    id BIGSERIAL PRIMARY KEY,");
        for _ in 0..g.rng.range(2, 7) {
            let ty = g
                .rng
                .pick(&["TEXT NOT NULL", "BIGINT", "BOOLEAN DEFAULT FALSE", "TIMESTAMPTZ", "JSONB"]);
            ln!(g, "    {}_{} {ty},", g.adj(), g.noun());
        }
        ln!(
            g,
            "    created_at TIMESTAMPTZ NOT NULL DEFAULT now()\n);\nCREATE INDEX IF NOT EXISTS idx_{t}s_created ON {t}s (created_at);\n"
        );
    }
}

fn shell(g: &mut Gen, target: usize) {
    g.w("#!/usr/bin/env bash\nset -euo pipefail\n\n");
    while !g.done(target) {
        let f = g.snake();
        ln!(
            g,
            "# {}.\n{f}() {{\n  local {}=\"$1\"\n  echo \"{} ${{{}}}\"\n}}\n",
            g.sentence(3, 8),
            g.noun(),
            g.verb(),
            g.noun()
        );
    }
}

/// Minified-looking bundle code, the content of `build/` and `node_modules/`.
fn bundle(g: &mut Gen, target: usize) {
    g.w("\"use strict\";");
    while !g.done(target) {
        let (a, b) = (g.camel(), g.noun());
        put!(g, "var {a}=function(e,t){{return e&&e.{b}?t({b}):void 0}};exports.{a}={a};");
        if g.rng.chance(100) {
            g.w("\n");
        }
    }
    g.w("\n");
}

// ---------------------------------------------------------------------------------------------
// The plan: which files, where, how big

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    Py(Flavor),
    Ts(Flavor),
    Tsx,
    Js(Flavor),
    Go(Flavor),
    Rust,
    Java(Flavor),
    Markdown,
    Json,
    Yaml,
    Toml,
    Css,
    Sql,
    Shell,
    Png,
    Bundle,
}

impl Kind {
    fn ext(self) -> &'static str {
        match self {
            Kind::Py(_) => "py",
            Kind::Ts(_) => "ts",
            Kind::Tsx => "tsx",
            Kind::Js(_) | Kind::Bundle => "js",
            Kind::Go(_) => "go",
            Kind::Rust => "rs",
            Kind::Java(_) => "java",
            Kind::Markdown => "md",
            Kind::Json => "json",
            Kind::Yaml => "yaml",
            Kind::Toml => "toml",
            Kind::Css => "css",
            Kind::Sql => "sql",
            Kind::Shell => "sh",
            Kind::Png => "png",
        }
    }
    fn is_test(self) -> bool {
        matches!(
            self,
            Kind::Py(Flavor::Test) | Kind::Ts(Flavor::Test) | Kind::Js(Flavor::Test) | Kind::Go(Flavor::Test) | Kind::Java(Flavor::Test)
        )
    }
}

/// Size histogram of ordinary files: (low, high, weight per mille). Mean about 19 KB before
/// scaling to `--avg-kb`.
const SIZES: &[(usize, usize, u32)] = &[
    (200, 1_000, 120),
    (1_000, 3_000, 220),
    (3_000, 8_000, 260),
    (8_000, 20_000, 220),
    (20_000, 50_000, 120),
    (50_000, 150_000, 50),
    (150_000, 600_000, 9),
    (600_000, 2_000_000, 1),
];

fn sizes_mean() -> f64 {
    let total: u32 = SIZES.iter().map(|s| s.2).sum();
    SIZES.iter().map(|&(lo, hi, w)| (lo + hi) as f64 / 2.0 * w as f64).sum::<f64>() / total as f64
}

fn pick_size(rng: &mut Rng, scale: f64) -> usize {
    let weights: Vec<u32> = SIZES.iter().map(|s| s.2).collect();
    let (lo, hi, _) = SIZES[rng.weighted(&weights)];
    ((rng.range(lo, hi) as f64) * scale) as usize
}

/// One region of the monorepo: where its files go and what they are.
struct Area {
    root: &'static str,
    /// Source folder under `root` where the package tree grows.
    src: &'static str,
    weight: u32,
    mix: &'static [(Kind, u32)],
    /// Where tests go: a folder under `root` (`tests`), or `""` for next to the code.
    tests: &'static str,
}

const AREAS: &[Area] = &[
    Area {
        root: "services/api",
        src: "app",
        weight: 110,
        mix: &[
            (Kind::Py(Flavor::Plain), 600),
            (Kind::Py(Flavor::Api), 80),
            (Kind::Py(Flavor::Test), 220),
            (Kind::Sql, 30),
            (Kind::Json, 30),
            (Kind::Markdown, 20),
            (Kind::Yaml, 20),
        ],
        tests: "tests",
    },
    Area {
        root: "services/billing",
        src: "billing",
        weight: 80,
        mix: &[
            (Kind::Py(Flavor::Plain), 650),
            (Kind::Py(Flavor::Api), 40),
            (Kind::Py(Flavor::Test), 250),
            (Kind::Json, 30),
            (Kind::Yaml, 30),
        ],
        tests: "tests",
    },
    Area {
        root: "services/worker",
        src: "worker",
        weight: 60,
        mix: &[(Kind::Py(Flavor::Plain), 750), (Kind::Py(Flavor::Test), 200), (Kind::Yaml, 50)],
        tests: "tests",
    },
    Area {
        root: "libs/python",
        src: "common",
        weight: 50,
        mix: &[(Kind::Py(Flavor::Plain), 780), (Kind::Py(Flavor::Test), 200), (Kind::Markdown, 20)],
        tests: "tests",
    },
    Area {
        root: "apps/web",
        src: "src",
        weight: 140,
        mix: &[
            (Kind::Tsx, 430),
            (Kind::Ts(Flavor::Plain), 300),
            (Kind::Ts(Flavor::Test), 150),
            (Kind::Css, 70),
            (Kind::Json, 20),
            (Kind::Png, 20),
            (Kind::Markdown, 10),
        ],
        tests: "",
    },
    Area {
        root: "packages/ui",
        src: "src",
        weight: 45,
        mix: &[
            (Kind::Tsx, 550),
            (Kind::Ts(Flavor::Plain), 250),
            (Kind::Ts(Flavor::Test), 150),
            (Kind::Css, 50),
        ],
        tests: "",
    },
    Area {
        root: "packages/sdk",
        src: "src",
        weight: 45,
        mix: &[
            (Kind::Ts(Flavor::Plain), 750),
            (Kind::Ts(Flavor::Test), 200),
            (Kind::Markdown, 30),
            (Kind::Json, 20),
        ],
        tests: "",
    },
    Area {
        root: "services/gateway",
        src: "src",
        weight: 80,
        mix: &[
            (Kind::Js(Flavor::Plain), 600),
            (Kind::Js(Flavor::Api), 100),
            (Kind::Js(Flavor::Test), 220),
            (Kind::Json, 40),
            (Kind::Yaml, 40),
        ],
        tests: "test",
    },
    Area {
        root: "scripts",
        src: "tools",
        weight: 20,
        mix: &[(Kind::Js(Flavor::Plain), 400), (Kind::Shell, 350), (Kind::Py(Flavor::Plain), 250)],
        tests: "tests",
    },
    Area {
        root: "services/ingest",
        src: "internal",
        weight: 90,
        mix: &[
            (Kind::Go(Flavor::Plain), 650),
            (Kind::Go(Flavor::Api), 60),
            (Kind::Go(Flavor::Test), 250),
            (Kind::Yaml, 20),
            (Kind::Sql, 20),
        ],
        tests: "",
    },
    Area {
        root: "services/ingest/vendor/github.com",
        src: "acme",
        weight: 50,
        mix: &[(Kind::Go(Flavor::Plain), 900), (Kind::Go(Flavor::Test), 80), (Kind::Markdown, 20)],
        tests: "",
    },
    Area {
        root: "crates/notifier",
        src: "src",
        weight: 30,
        mix: &[(Kind::Rust, 950), (Kind::Toml, 50)],
        tests: "",
    },
    Area {
        root: "services/ledger",
        src: "src/main/java/com/acme/ledger",
        weight: 40,
        mix: &[(Kind::Java(Flavor::Plain), 750), (Kind::Java(Flavor::Test), 220), (Kind::Yaml, 30)],
        tests: "src/test/java/com/acme/ledger",
    },
    Area {
        root: "docs",
        src: "guides",
        weight: 50,
        mix: &[(Kind::Markdown, 900), (Kind::Png, 50), (Kind::Yaml, 50)],
        tests: "",
    },
    Area {
        root: "deploy",
        src: "k8s",
        weight: 20,
        mix: &[(Kind::Yaml, 700), (Kind::Json, 150), (Kind::Toml, 150)],
        tests: "",
    },
    Area {
        root: "data",
        src: "fixtures",
        weight: 25,
        mix: &[(Kind::Json, 900), (Kind::Yaml, 100)],
        tests: "",
    },
];

/// A file to write.
struct Planned {
    path: String,
    kind: Kind,
    size: usize,
    seed: u64,
}

/// Grows a folder tree under `base`: each new folder hangs under a random existing one.
fn folders(rng: &mut Rng, base: &str, count: usize) -> Vec<String> {
    let mut dirs = vec![base.to_string()];
    let mut seen: BTreeSet<String> = dirs.iter().cloned().collect();
    let mut guard = 0;
    while dirs.len() < count.max(1) && guard < count * 20 + 100 {
        guard += 1;
        let parent = dirs[rng.below(dirs.len())].clone();
        if parent.matches('/').count() > base.matches('/').count() + 4 {
            continue;
        }
        let name = if rng.chance(500) {
            rng.pick(NOUNS).to_string()
        } else {
            format!("{}_{}", rng.pick(ADJS), rng.pick(NOUNS))
        };
        let d = format!("{parent}/{name}");
        if seen.insert(d.clone()) {
            dirs.push(d);
        }
    }
    dirs
}

fn file_name(rng: &mut Rng, kind: Kind) -> String {
    let (a, b) = (rng.pick(NOUNS), rng.pick(NOUNS));
    match kind {
        Kind::Py(Flavor::Test) => format!("test_{a}_{b}.py"),
        Kind::Ts(Flavor::Test) => format!("{a}{}.test.ts", capitalize(b)),
        Kind::Js(Flavor::Test) => format!("{a}-{b}.test.js"),
        Kind::Go(Flavor::Test) => format!("{a}_{b}_test.go"),
        Kind::Java(f) => format!(
            "{}{}{}.java",
            capitalize(a),
            capitalize(b),
            if f == Flavor::Test { "Test" } else { "" }
        ),
        Kind::Tsx => format!("{}{}.tsx", capitalize(a), capitalize(b)),
        Kind::Ts(_) | Kind::Js(_) => format!("{a}{}.{}", capitalize(b), kind.ext()),
        Kind::Markdown => format!("{a}-{b}.md"),
        Kind::Png => format!("{a}-{b}.png"),
        _ => format!("{a}_{b}.{}", kind.ext()),
    }
}

/// Splits `total` in proportion to `weights` (largest remainder, deterministic).
fn apportion(total: usize, weights: &[u32]) -> Vec<usize> {
    let sum: u64 = weights.iter().map(|w| *w as u64).sum();
    let mut out: Vec<usize> = weights.iter().map(|w| (total as u64 * *w as u64 / sum) as usize).collect();
    let mut rest = total - out.iter().sum::<usize>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse((total as u64 * weights[i] as u64) % sum));
    for i in order {
        if rest == 0 {
            break;
        }
        out[i] += 1;
        rest -= 1;
    }
    out
}

fn plan(opts: &Options, fixed: usize, used: &mut BTreeSet<String>) -> Vec<Planned> {
    let mut rng = Rng::new(opts.seed);
    let scale = opts.avg_kb * 1024.0 / sizes_mean();
    let quota = opts.files.saturating_sub(fixed);
    let counts = apportion(quota, &AREAS.iter().map(|a| a.weight).collect::<Vec<_>>());
    let mut out = vec![];
    for (area, &n) in AREAS.iter().zip(&counts) {
        if n == 0 {
            continue;
        }
        let dirs = folders(&mut rng, &format!("{}/{}", area.root, area.src), n / 11 + 1);
        let weights: Vec<u32> = area.mix.iter().map(|m| m.1).collect();
        for _ in 0..n {
            let kind = area.mix[rng.weighted(&weights)].0;
            let dir = &dirs[rng.below(dirs.len())];
            let dir = match (kind.is_test(), area.tests) {
                (true, "") => match kind {
                    Kind::Ts(_) => format!("{dir}/__tests__"),
                    _ => dir.clone(),
                },
                (true, t) => {
                    // Mirror the source folder under the tests folder.
                    let sub = dir.strip_prefix(&format!("{}/{}", area.root, area.src)).unwrap_or("");
                    format!("{}/{t}{sub}", area.root)
                }
                (false, _) => dir.clone(),
            };
            let mut name = file_name(&mut rng, kind);
            let mut path = format!("{dir}/{name}");
            let mut k = 2;
            while used.contains(&path) {
                let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
                name = format!("{stem}{k}.{ext}");
                path = format!("{dir}/{name}");
                k += 1;
            }
            used.insert(path.clone());
            let size = match kind {
                Kind::Png => rng.range(500, 60_000),
                Kind::Markdown | Kind::Yaml | Kind::Toml => pick_size(&mut rng, scale * 0.4),
                _ => pick_size(&mut rng, scale),
            };
            out.push(Planned {
                path,
                kind,
                size,
                seed: rng.next_u64(),
            });
        }
    }
    // Ignored folders, on top of `--files`: a build output and installed packages.
    for i in 0..opts.files / 20 {
        let path = if i % 2 == 0 {
            format!("build/static/js/chunk-{i}.js")
        } else {
            format!("apps/web/node_modules/{}-{}/dist/index{i}.js", rng.pick(NOUNS), rng.pick(VERBS))
        };
        out.push(Planned {
            path,
            kind: Kind::Bundle,
            size: pick_size(&mut rng, scale),
            seed: rng.next_u64(),
        });
    }
    out
}

fn render(p: &Planned) -> Vec<u8> {
    if p.kind == Kind::Png {
        return png(p.seed, p.size);
    }
    let mut g = Gen::new(p.seed, p.size);
    let t = p.size;
    match p.kind {
        Kind::Py(f) => python(&mut g, t, f),
        Kind::Ts(f) => script(&mut g, t, true, false, f),
        Kind::Tsx => script(&mut g, t, true, true, Flavor::Plain),
        Kind::Js(f) => script(&mut g, t, false, false, f),
        Kind::Go(f) => {
            let dir = p.path.rsplit('/').nth(1).unwrap_or("main");
            let pkg: String = dir.chars().filter(|c| c.is_ascii_lowercase()).collect();
            golang(&mut g, t, if pkg.is_empty() { "main" } else { &pkg }, f)
        }
        Kind::Rust => rust_src(&mut g, t),
        Kind::Java(f) => java(&mut g, t, "com.acme.ledger", f),
        Kind::Markdown => markdown(&mut g, t),
        Kind::Json => json_data(&mut g, t),
        Kind::Yaml => yaml_config(&mut g, t),
        Kind::Toml => toml_config(&mut g, t),
        Kind::Css => css(&mut g, t),
        Kind::Sql => sql(&mut g, t),
        Kind::Shell => shell(&mut g, t),
        Kind::Bundle => bundle(&mut g, t),
        Kind::Png => {}
    }
    g.out.into_bytes()
}

// ---------------------------------------------------------------------------------------------
// The fixed skeleton: the files that make it a set of services

/// Files every corpus has: manifests, entry points with routes, CORS and env reads, CI, Docker.
fn skeleton(opts: &Options) -> Vec<(String, Vec<u8>)> {
    let mut g = Gen::new(opts.seed ^ 0xabcdef, 0);
    let scale = opts.avg_kb / 14.0;
    let mut files: Vec<(String, String)> = vec![];
    let mut add = |p: &str, s: String| files.push((p.to_string(), s));
    add(".git/HEAD", "ref: refs/heads/main\n".into());
    add(".git/config", "[core]\n\trepositoryformatversion = 0\n\tbare = false\n".into());
    add(
        ".gitignore",
        "# build output and installed packages\nbuild/\ndist/\nnode_modules/\n__pycache__/\n*.pyc\n.env\ncoverage/\n".into(),
    );
    add(
        "README.md",
        "# Acme platform\n\nServices for orders, billing and ingestion.\n\n## Getting started\n\n```bash\nmake setup\ndocker compose up\n```\n\n## Running tests\n\n```bash\nmake test\n```\n".into(),
    );
    add("LICENSE", "MIT License\n\nCopyright (c) Acme\n\nPermission is hereby granted, free of charge, to any person obtaining a copy of this software.\n".into());
    add("CHANGELOG.md", "# Changelog\n\n## 1.4.0\n\n- Added invoice exports.\n".into());
    add("Makefile", "setup:\n\tpip install -r services/api/requirements.txt\n\tnpm ci --prefix apps/web\n\ntest:\n\tpytest services/api/tests\n\tgo test ./services/ingest/...\n".into());
    add(
        ".github/workflows/ci.yml",
        "name: ci\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - uses: actions/setup-python@v5\n        with:\n          python-version: \"3.12\"\n      - run: pip install -r services/api/requirements.txt\n      - run: pytest services/api/tests\n      - run: npm ci --prefix apps/web && npm test --prefix apps/web\n      - run: go test ./services/ingest/...\n".into(),
    );
    add(
        "docker-compose.yml",
        "services:\n  api:\n    build: services/api\n    ports: [\"8000:8000\"]\n    environment:\n      DATABASE_URL: postgres://app@db/app\n    depends_on: [db]\n  gateway:\n    build: services/gateway\n    ports: [\"3000:3000\"]\n  db:\n    image: postgres:16\n    healthcheck:\n      test: [\"CMD\", \"pg_isready\"]\n".into(),
    );
    add(
        ".env.example",
        "DATABASE_URL=postgres://localhost/app\nREDIS_URL=redis://localhost:6379\nLOG_LEVEL=info\nPORT=8000\n".into(),
    );
    // FastAPI service.
    add("services/api/requirements.txt", "fastapi==0.115.0\nuvicorn==0.30.6\nsqlalchemy==2.0.35\npsycopg2-binary==2.9.9\nrequests==2.32.3\npydantic-settings==2.5.2\npytest==8.3.3\n".into());
    add("services/api/pyproject.toml", "[project]\nname = \"api\"\nversion = \"1.4.0\"\nrequires-python = \">=3.11\"\n\n[tool.ruff]\nline-length = 100\n\n[tool.mypy]\nstrict = true\n".into());
    add(
        "services/api/Dockerfile",
        "FROM python:3.12-slim\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY . .\nCMD [\"uvicorn\", \"app.main:app\", \"--host\", \"0.0.0.0\"]\n".into(),
    );
    add(
        "services/api/app/main.py",
        "\"\"\"The API's entry point.\"\"\"\nimport os\n\nfrom fastapi import FastAPI\nfrom fastapi.middleware.cors import CORSMiddleware\n\nfrom .db import engine\n\napp = FastAPI(title=\"api\")\napp.add_middleware(\n    CORSMiddleware,\n    allow_origins=[\"*\"],\n    allow_methods=[\"*\"],\n    allow_headers=[\"*\"],\n)\n\n\n@app.get(\"/health\")\nasync def health() -> dict:\n    return {\"status\": \"ok\"}\n\n\n@app.get(\"/version\")\nasync def version() -> dict:\n    return {\"version\": os.environ.get(\"APP_VERSION\", \"dev\")}\n".into(),
    );
    add(
        "services/api/app/db.py",
        "\"\"\"Database engine and sessions.\"\"\"\nimport os\n\nfrom sqlalchemy import create_engine\nfrom sqlalchemy.orm import sessionmaker\n\nengine = create_engine(os.environ[\"DATABASE_URL\"], pool_size=10, pool_pre_ping=True)\nSessionLocal = sessionmaker(bind=engine)\n\n\ndef get_db():\n    db = SessionLocal()\n    try:\n        yield db\n    finally:\n        db.close()\n".into(),
    );
    add(
        "services/api/app/settings.py",
        "\"\"\"Settings read from the environment.\"\"\"\nimport os\n\nDATABASE_URL = os.environ[\"DATABASE_URL\"]\nREDIS_URL = os.getenv(\"REDIS_URL\", \"redis://localhost:6379\")\nSECRET_KEY = os.environ[\"SECRET_KEY\"]\nDEBUG = os.getenv(\"DEBUG\", \"false\") == \"true\"\n".into(),
    );
    add("services/api/alembic.ini", "[alembic]\nscript_location = migrations\n".into());
    add(
        "services/api/migrations/env.py",
        "from alembic import context\n\n\ndef run_migrations_online():\n    context.run_migrations()\n".into(),
    );
    // Flask service.
    add(
        "services/billing/requirements.txt",
        "flask==3.0.3\nflask-cors==5.0.0\npsycopg2-binary==2.9.9\ngunicorn==23.0.0\n".into(),
    );
    add(
        "services/billing/billing/app.py",
        "\"\"\"Billing HTTP API.\"\"\"\nimport os\n\nfrom flask import Flask, jsonify\nfrom flask_cors import CORS\n\napp = Flask(__name__)\nCORS(app, origins=[os.environ.get(\"FRONTEND_ORIGIN\", \"https://app.acme.test\")])\n\n\n@app.route(\"/healthz\")\ndef healthz():\n    return jsonify(status=\"ok\")\n\n\n@app.route(\"/invoices/<int:invoice_id>\")\ndef invoice(invoice_id):\n    return jsonify(id=invoice_id)\n".into(),
    );
    // Express gateway.
    add(
        "services/gateway/package.json",
        "{\n  \"name\": \"gateway\",\n  \"version\": \"1.4.0\",\n  \"scripts\": {\"start\": \"node src/server.js\", \"test\": \"jest\"},\n  \"dependencies\": {\"express\": \"^4.19.2\", \"cors\": \"^2.8.5\", \"pg\": \"^8.12.0\", \"helmet\": \"^7.1.0\", \"pino\": \"^9.4.0\"},\n  \"devDependencies\": {\"jest\": \"^29.7.0\", \"eslint\": \"^9.10.0\"}\n}\n".into(),
    );
    add(
        "services/gateway/src/server.js",
        "const express = require(\"express\");\nconst cors = require(\"cors\");\nconst { Pool } = require(\"pg\");\n\nconst app = express();\napp.use(cors({ origin: process.env.CORS_ORIGIN }));\napp.use(express.json());\n\nconst pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });\n\napp.get(\"/healthz\", (req, res) => res.json({ ok: true }));\n\napp.get(\"/orders/:id\", async (req, res) => {\n  const { rows } = await pool.query(\"SELECT * FROM orders WHERE id = $1\", [req.params.id]);\n  res.json(rows[0]);\n});\n\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on(\"SIGTERM\", () => server.close());\n".into(),
    );
    add("services/gateway/Dockerfile", "FROM node:20-alpine\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD [\"node\", \"src/server.js\"]\n".into());
    // Next.js front end.
    add(
        "apps/web/package.json",
        "{\n  \"name\": \"web\",\n  \"private\": true,\n  \"scripts\": {\"dev\": \"next dev\", \"build\": \"next build\", \"test\": \"vitest run\", \"lint\": \"next lint\"},\n  \"dependencies\": {\"next\": \"14.2.13\", \"react\": \"18.3.1\", \"react-dom\": \"18.3.1\"},\n  \"devDependencies\": {\"typescript\": \"5.6.2\", \"vitest\": \"2.1.1\", \"eslint\": \"9.11.0\", \"prettier\": \"3.3.3\"}\n}\n".into(),
    );
    add(
        "apps/web/tsconfig.json",
        "{\n  \"compilerOptions\": {\"strict\": true, \"jsx\": \"preserve\", \"module\": \"esnext\"}\n}\n".into(),
    );
    add(
        "apps/web/src/pages/api/health.ts",
        "import type { NextApiRequest, NextApiResponse } from \"next\";\n\nexport default function handler(req: NextApiRequest, res: NextApiResponse) {\n  res.status(200).json({ status: \"ok\", region: process.env.AWS_REGION });\n}\n".into(),
    );
    add(
        "packages/ui/package.json",
        "{\n  \"name\": \"@acme/ui\",\n  \"version\": \"0.9.0\",\n  \"peerDependencies\": {\"react\": \"^18\"}\n}\n".into(),
    );
    add(
        "packages/sdk/package.json",
        "{\n  \"name\": \"@acme/sdk\",\n  \"version\": \"0.9.0\",\n  \"dependencies\": {\"axios\": \"^1.7.7\"}\n}\n".into(),
    );
    // Go ingestion service.
    add(
        "services/ingest/go.mod",
        "module github.com/acme/ingest\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/lib/pq v1.10.9\n)\n"
            .into(),
    );
    add(
        "services/ingest/cmd/ingest/main.go",
        "package main\n\nimport (\n\t\"database/sql\"\n\t\"log\"\n\t\"os\"\n\n\t\"github.com/gin-gonic/gin\"\n\t_ \"github.com/lib/pq\"\n)\n\nfunc main() {\n\tdb, err := sql.Open(\"postgres\", os.Getenv(\"DATABASE_URL\"))\n\tif err != nil {\n\t\tlog.Fatal(err)\n\t}\n\tdb.SetMaxOpenConns(20)\n\tr := gin.Default()\n\tr.GET(\"/health\", func(c *gin.Context) { c.JSON(200, gin.H{\"ok\": true}) })\n\tr.Use(func(c *gin.Context) {\n\t\tc.Header(\"Access-Control-Allow-Origin\", \"*\")\n\t\tc.Next()\n\t})\n\tif err := r.Run(\":\" + os.Getenv(\"PORT\")); err != nil {\n\t\tlog.Fatal(err)\n\t}\n}\n".into(),
    );
    add(
        "services/ingest/vendor/modules.txt",
        "# github.com/gin-gonic/gin v1.10.0\n## explicit; go 1.20\ngithub.com/gin-gonic/gin\n".into(),
    );
    add("services/ingest/Dockerfile", "FROM golang:1.22 AS build\nWORKDIR /src\nCOPY . .\nRUN go build -o /ingest ./cmd/ingest\nFROM gcr.io/distroless/base-debian12\nCOPY --from=build /ingest /ingest\nUSER nonroot\nENTRYPOINT [\"/ingest\"]\n".into());
    // Rust notifier.
    add("crates/notifier/Cargo.toml", "[package]\nname = \"notifier\"\nversion = \"0.3.0\"\nedition = \"2021\"\n\n[dependencies]\naxum = \"0.7\"\ntokio = { version = \"1\", features = [\"full\"] }\ntower-http = { version = \"0.6\", features = [\"cors\"] }\nserde = { version = \"1\", features = [\"derive\"] }\ntracing = \"0.1\"\n".into());
    add(
        "crates/notifier/src/main.rs",
        "use axum::{routing::get, Router};\nuse tower_http::cors::CorsLayer;\n\n#[tokio::main]\nasync fn main() {\n    let port = std::env::var(\"PORT\").unwrap_or_else(|_| \"8080\".into());\n    let app = Router::new()\n        .route(\"/health\", get(|| async { \"ok\" }))\n        .layer(CorsLayer::permissive());\n    let listener = tokio::net::TcpListener::bind(format!(\"0.0.0.0:{port}\")).await.unwrap();\n    axum::serve(listener, app).await.unwrap();\n}\n".into(),
    );
    // Spring service.
    add("services/ledger/pom.xml", "<project>\n  <modelVersion>4.0.0</modelVersion>\n  <groupId>com.acme</groupId>\n  <artifactId>ledger</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n".into());
    add(
        "services/ledger/src/main/java/com/acme/ledger/LedgerApplication.java",
        "package com.acme.ledger;\n\nimport org.springframework.boot.SpringApplication;\nimport org.springframework.boot.autoconfigure.SpringBootApplication;\nimport org.springframework.web.bind.annotation.*;\n\n@SpringBootApplication\n@RestController\n@CrossOrigin(origins = \"https://app.acme.test\")\npublic class LedgerApplication {\n    public static void main(String[] args) {\n        SpringApplication.run(LedgerApplication.class, args);\n    }\n\n    @GetMapping(\"/entries/{id}\")\n    public String entry(@PathVariable long id) {\n        return System.getenv(\"LEDGER_REGION\") + id;\n    }\n}\n".into(),
    );
    add("deploy/k8s/api-deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n        - name: api\n          image: acme/api:1.4.0\n          livenessProbe:\n            httpGet: {path: /health, port: 8000}\n          resources:\n            limits: {cpu: 500m, memory: 512Mi}\n".into());
    // Lockfiles: the large generated files every repository carries.
    let lock = |g: &mut Gen, kb: f64, f: fn(&mut Gen, usize)| {
        g.out.clear();
        f(g, (kb * 1024.0 * scale) as usize);
        std::mem::take(&mut g.out)
    };
    add("apps/web/package-lock.json", lock(&mut g, 1400.0, package_lock));
    add("services/gateway/package-lock.json", lock(&mut g, 420.0, package_lock));
    add("services/api/poetry.lock", lock(&mut g, 260.0, poetry_lock));
    add("services/ingest/go.sum", lock(&mut g, 90.0, go_sum));
    add("crates/notifier/Cargo.lock", lock(&mut g, 120.0, cargo_lock));
    files.into_iter().map(|(p, s)| (p, s.into_bytes())).collect()
}

// ---------------------------------------------------------------------------------------------
// Writing

/// Writes the corpus and returns a one-paragraph summary.
pub fn generate(opts: &Options) -> Result<String, String> {
    let dir = &opts.dir;
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        if entries.next().is_some() {
            return Err(format!("{} is not empty; give a new or empty folder", dir.display()));
        }
    }
    let fixed = skeleton(opts);
    let mut used: BTreeSet<String> = fixed.iter().map(|(p, _)| p.clone()).collect();
    // `.git/` is not walked, so it does not count towards `--files`.
    let walked_fixed = fixed.iter().filter(|(p, _)| !p.starts_with(".git/")).count();
    let planned = plan(opts, walked_fixed, &mut used);
    let mut dirs: BTreeSet<PathBuf> = BTreeSet::new();
    for p in fixed.iter().map(|(p, _)| p).chain(planned.iter().map(|p| &p.path)) {
        if let Some(parent) = Path::new(p).parent() {
            dirs.insert(dir.join(parent));
        }
    }
    for d in &dirs {
        std::fs::create_dir_all(d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    let mut bytes: u64 = 0;
    for (p, text) in &fixed {
        std::fs::write(dir.join(p), text).map_err(|e| format!("{p}: {e}"))?;
        bytes += text.len() as u64;
    }
    let threads = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).min(8);
    let chunk = planned.len().div_ceil(threads).max(1);
    let results: Vec<Result<(u64, u64), String>> = std::thread::scope(|s| {
        let handles: Vec<_> = planned
            .chunks(chunk)
            .map(|part| {
                s.spawn(move || {
                    let (mut walked, mut ignored) = (0u64, 0u64);
                    for p in part {
                        let body = render(p);
                        std::fs::write(dir.join(&p.path), &body).map_err(|e| format!("{}: {e}", p.path))?;
                        if p.kind == Kind::Bundle {
                            ignored += body.len() as u64;
                        } else {
                            walked += body.len() as u64;
                        }
                    }
                    Ok((walked, ignored))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|_| Err("writer thread panicked".into())))
            .collect()
    });
    let mut ignored_bytes = 0;
    for r in results {
        let (w, i) = r?;
        bytes += w;
        ignored_bytes += i;
    }
    let ignored = planned.iter().filter(|p| p.kind == Kind::Bundle).count();
    let walked = walked_fixed + planned.len() - ignored;
    Ok(format!(
        "gen_corpus: wrote {walked} files ({:.1} MB, mean {:.1} KB) to {}, plus {ignored} ignored files ({:.1} MB) in build/ and node_modules/",
        bytes as f64 / 1e6,
        bytes as f64 / 1024.0 / walked.max(1) as f64,
        dir.display(),
        ignored_bytes as f64 / 1e6,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut out = vec![];
        let mut stack = vec![dir.to_path_buf()];
        while let Some(d) = stack.pop() {
            for e in std::fs::read_dir(&d).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                    out.push((rel, std::fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }

    fn opts(dir: &Path, seed: u64) -> Options {
        Options {
            files: 300,
            seed,
            avg_kb: 2.0,
            dir: dir.to_path_buf(),
        }
    }

    #[test]
    fn same_arguments_give_a_byte_identical_tree() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(&opts(a.path(), 7)).unwrap();
        generate(&opts(b.path(), 7)).unwrap();
        let (ta, tb) = (tree(a.path()), tree(b.path()));
        assert_eq!(ta.len(), tb.len());
        assert!(ta == tb, "trees differ");
        // 300 walked files, 15 ignored ones and the two files of `.git/`.
        assert_eq!(ta.len(), 300 + 15 + 2);
    }

    #[test]
    fn another_seed_gives_another_tree() {
        let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        generate(&opts(a.path(), 1)).unwrap();
        generate(&opts(b.path(), 2)).unwrap();
        assert!(tree(a.path()) != tree(b.path()));
    }

    #[test]
    fn refuses_a_folder_that_is_not_empty() {
        let a = tempfile::tempdir().unwrap();
        std::fs::write(a.path().join("x"), "x").unwrap();
        assert!(generate(&opts(a.path(), 1)).unwrap_err().contains("not empty"));
    }

    #[test]
    fn parses_arguments() {
        let args: Vec<String> = ["--files", "10", "--seed", "3", "--avg-kb", "2.5", "out"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let o = parse_args(&args).unwrap();
        assert_eq!((o.files, o.seed, o.avg_kb, o.dir), (10, 3, 2.5, PathBuf::from("out")));
        assert!(parse_args(&["--avg-kb".into(), "0".into(), "d".into()]).is_err());
        assert!(parse_args(&["--bogus".into()]).is_err());
    }
}
