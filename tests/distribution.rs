//! The files other tools read to run readycheck: `action.yml` (a composite GitHub Action) and
//! `.pre-commit-hooks.yaml`. Their structure is checked against what those tools require and
//! against readycheck's real flags, and the action's own shell steps are run here as the runner
//! would run them, so "the summary and the SARIF survive a failed gate" is tested, not assumed.

use regex::Regex;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(name)
}

fn project(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures/projects").join(name)
}

fn load_yaml(name: &str) -> Value {
    let text = std::fs::read_to_string(repo_file(name)).unwrap();
    serde_saphyr::from_str(&text).unwrap_or_else(|e| panic!("{name} is not valid YAML: {e}"))
}

fn action() -> Value {
    load_yaml("action.yml")
}

fn steps(action: &Value) -> &Vec<Value> {
    action["runs"]["steps"].as_array().expect("runs.steps is a list")
}

fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    steps(action)
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step with id `{id}`"))
}

/// Every long flag `readycheck scan --help` documents.
fn scan_flags() -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args(["scan", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let flags: BTreeSet<String> = long_flags(&help).into_iter().collect();
    assert!(
        flags.contains("--fail-under") && flags.contains("--output"),
        "help parsed: {flags:?}"
    );
    flags
}

/// Short flags `readycheck scan --help` documents (`-o`, `-f`, …).
fn scan_short_flags() -> BTreeSet<String> {
    let out = Command::new(env!("CARGO_BIN_EXE_readycheck"))
        .args(["scan", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8(out.stdout).unwrap();
    Regex::new(r"(?m)^\s+(-[a-zA-Z]),")
        .unwrap()
        .captures_iter(&help)
        .map(|c| c[1].to_string())
        .collect()
}

fn long_flags(text: &str) -> Vec<String> {
    Regex::new(r"(?:^|[\s(\[])(--[a-z][a-z0-9-]*)")
        .unwrap()
        .captures_iter(text)
        .map(|c| c[1].to_string())
        .collect()
}

/// Every string anywhere in `v`.
fn strings(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::String(s) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
        Value::Object(m) => m.values().for_each(|x| strings(x, out)),
        _ => {}
    }
}

fn inputs_referenced(v: &Value) -> BTreeSet<String> {
    let mut all = vec![];
    strings(v, &mut all);
    let re = Regex::new(r"\binputs\.([A-Za-z_][A-Za-z0-9_-]*)").unwrap();
    all.iter()
        .flat_map(|s| re.captures_iter(s).map(|c| c[1].to_string()).collect::<Vec<_>>())
        .collect()
}

#[test]
fn action_is_composite_and_every_run_step_names_its_shell() {
    let a = action();
    assert_eq!(a["runs"]["using"], "composite");
    assert!(a["name"].is_string() && a["description"].is_string());
    let mut ids = BTreeSet::new();
    for s in steps(&a) {
        let id = s["id"].as_str().expect("every step has an id");
        assert!(ids.insert(id.to_string()), "step id `{id}` twice");
        // Composite actions require `shell` on every `run` step, and a step is one or the other.
        assert!(
            s["run"].is_string() != s["uses"].is_string(),
            "step `{id}` must have exactly one of run/uses"
        );
        if s["run"].is_string() {
            assert_eq!(s["shell"], "bash", "step `{id}`");
        }
    }
    for needed in ["install", "scan", "summary", "upload", "gate"] {
        assert!(ids.contains(needed), "no `{needed}` step");
    }
    let install = step(&a, "install")["run"].as_str().unwrap();
    assert!(
        install.contains("cargo install --locked"),
        "installs from the action's checkout: {install}"
    );
    assert_eq!(step(&a, "install")["env"]["ACTION_PATH"], "${{ github.action_path }}");
    assert!(step(&a, "cache")["uses"].as_str().unwrap().starts_with("actions/cache@"));
    assert!(
        step(&a, "upload")["uses"]
            .as_str()
            .unwrap()
            .starts_with("github/codeql-action/upload-sarif@")
    );
}

#[test]
fn every_input_referenced_is_declared_and_every_declared_input_is_used() {
    let a = action();
    let declared: BTreeSet<String> = a["inputs"].as_object().unwrap().keys().cloned().collect();
    let mut used = inputs_referenced(&a["runs"]);
    used.extend(inputs_referenced(&a["outputs"]));
    let undeclared: Vec<_> = used.difference(&declared).collect();
    assert!(undeclared.is_empty(), "used but not declared under `inputs`: {undeclared:?}");
    let unused: Vec<_> = declared.difference(&used).collect();
    assert!(unused.is_empty(), "declared but never used: {unused:?}");
    for (name, spec) in a["inputs"].as_object().unwrap() {
        assert!(spec["description"].is_string(), "input `{name}` lacks a description");
        assert!(spec["default"].is_string(), "input `{name}` needs a string default");
    }
    for gate in ["fail-under", "fail-on", "path", "args", "upload-sarif"] {
        assert!(declared.contains(gate), "input `{gate}`");
    }
}

#[test]
fn steps_only_read_outputs_of_earlier_steps() {
    let a = action();
    let re = Regex::new(r"\bsteps\.([A-Za-z_][A-Za-z0-9_-]*)\.").unwrap();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for s in steps(&a) {
        let mut texts = vec![];
        strings(s, &mut texts);
        for t in &texts {
            for c in re.captures_iter(t) {
                assert!(seen.contains(&c[1]), "step `{}` reads step `{}` before it ran", s["id"], &c[1]);
            }
        }
        seen.insert(s["id"].as_str().unwrap().to_string());
    }
    let mut texts = vec![];
    strings(&a["outputs"], &mut texts);
    for t in &texts {
        for c in re.captures_iter(t) {
            assert!(seen.contains(&c[1]), "output reads unknown step `{}`", &c[1]);
        }
    }
}

#[test]
fn the_scan_step_uses_only_flags_readycheck_has() {
    let a = action();
    let script = step(&a, "scan")["run"].as_str().unwrap();
    let known = scan_flags();
    let used = long_flags(script);
    assert!(!used.is_empty());
    for f in &used {
        assert!(
            known.contains(f),
            "the action passes `{f}`, which `readycheck scan --help` does not list"
        );
    }
    assert!(script.contains(r#"--output "sarif="#) && script.contains(r#"--output "markdown="#));
}

#[test]
fn publishing_steps_run_even_when_the_gate_fails() {
    let a = action();
    for id in ["summary", "upload", "gate"] {
        let cond = step(&a, id)["if"].as_str().unwrap_or_else(|| panic!("step `{id}` has no `if`"));
        assert!(cond.contains("always()"), "step `{id}` must run after a failure: {cond}");
    }
    assert!(step(&a, "upload")["if"].as_str().unwrap().contains("inputs.upload-sarif == 'true'"));
    // The scan step keeps the exit code instead of failing, and the gate step is last.
    assert!(step(&a, "scan")["if"].is_null());
    assert_eq!(steps(&a).last().unwrap()["id"], "gate");
}

/// Runs the action's `run` steps `ids` the way the runner does (`bash --noprofile --norc -eo
/// pipefail`), with `${{ … }}` in `env` evaluated from `inputs` and earlier steps' outputs.
struct ActionRun {
    temp: tempfile::TempDir,
    outputs: BTreeMap<String, BTreeMap<String, String>>,
    codes: BTreeMap<String, i32>,
    logs: BTreeMap<String, String>,
}

impl ActionRun {
    fn new(action: &Value, workspace: &Path, overrides: &[(&str, &str)], ids: &[&str]) -> ActionRun {
        let mut inputs: BTreeMap<String, String> = action["inputs"]
            .as_object()
            .unwrap()
            .iter()
            .map(|(k, v)| (k.clone(), v["default"].as_str().unwrap().to_string()))
            .collect();
        for (k, v) in overrides {
            assert!(inputs.contains_key(*k), "no input `{k}`");
            inputs.insert(k.to_string(), v.to_string());
        }
        let temp = tempfile::tempdir().unwrap();
        std::fs::create_dir(temp.path().join("runner-temp")).unwrap();
        let bin_dir = Path::new(env!("CARGO_BIN_EXE_readycheck")).parent().unwrap().to_path_buf();
        let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
        let mut run = ActionRun {
            temp,
            outputs: BTreeMap::new(),
            codes: BTreeMap::new(),
            logs: BTreeMap::new(),
        };
        let expr = Regex::new(r"\$\{\{\s*([^}]*?)\s*\}\}").unwrap();
        for id in ids {
            let s = step(action, id);
            let script = s["run"].as_str().unwrap();
            let script_path = run.temp.path().join(format!("{id}.sh"));
            std::fs::write(&script_path, script).unwrap();
            let output_file = run.temp.path().join(format!("{id}.out"));
            std::fs::write(&output_file, "").unwrap();
            let mut cmd = Command::new("bash");
            cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
                .arg(&script_path)
                .current_dir(workspace)
                .env("PATH", &path)
                .env("RUNNER_TEMP", run.temp.path().join("runner-temp"))
                .env("GITHUB_OUTPUT", &output_file)
                .env("GITHUB_STEP_SUMMARY", run.temp.path().join("summary.md"))
                .env_remove("NO_COLOR");
            if let Some(env) = s["env"].as_object() {
                for (k, v) in env {
                    let value = expr.replace_all(v.as_str().unwrap(), |c: &regex::Captures| run.eval(&c[1], &inputs));
                    cmd.env(k, value.as_ref());
                }
            }
            let out = cmd.output().unwrap();
            run.codes.insert(id.to_string(), out.status.code().unwrap_or(-1));
            run.logs.insert(
                id.to_string(),
                format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)),
            );
            let written = std::fs::read_to_string(&output_file).unwrap();
            let parsed = written
                .lines()
                .filter_map(|l| l.split_once('='))
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            run.outputs.insert(id.to_string(), parsed);
        }
        run
    }

    /// The expressions the executed steps may use; anything else fails the test.
    fn eval(&self, e: &str, inputs: &BTreeMap<String, String>) -> String {
        if let Some(name) = e.strip_prefix("inputs.") {
            return inputs.get(name).cloned().unwrap_or_else(|| panic!("undeclared input in `{e}`"));
        }
        let parts: Vec<&str> = e.split('.').collect();
        if let ["steps", id, "outputs", key] = parts[..] {
            let outs = self.outputs.get(id).unwrap_or_else(|| panic!("step `{id}` has not run"));
            return outs.get(key).cloned().unwrap_or_default();
        }
        panic!("expression `{e}` is not supported by this test");
    }

    fn code(&self, id: &str) -> i32 {
        self.codes[id]
    }

    fn output(&self, id: &str, key: &str) -> Option<&str> {
        self.outputs[id].get(key).map(String::as_str)
    }

    fn summary(&self) -> String {
        std::fs::read_to_string(self.temp.path().join("summary.md")).unwrap_or_default()
    }
}

const PUBLISH_AND_GATE: &[&str] = &["scan", "summary", "gate"];

#[test]
fn a_failed_gate_still_writes_the_summary_and_the_sarif_then_fails_the_job() {
    let a = action();
    let run = ActionRun::new(
        &a,
        &project("sloppy-express-api"),
        &[("fail-under", "7"), ("fail-on", "critical")],
        PUBLISH_AND_GATE,
    );
    assert_eq!(run.code("scan"), 0, "the scan step never fails: {}", run.logs["scan"]);
    assert_eq!(run.output("scan", "exit-code"), Some("1"));
    let sarif = run.output("scan", "sarif-file").expect("sarif-file output");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(sarif).unwrap()).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(
        run.summary().starts_with("# Production Readiness Report: sloppy-express-api"),
        "summary: {}",
        run.summary()
    );
    assert_eq!(run.code("gate"), 1);
    let gate_log = &run.logs["gate"];
    assert!(
        gate_log.contains("::error title=readycheck gate failed::overall score"),
        "{gate_log}"
    );
    assert!(gate_log.contains("(--fail-on critical)"), "{gate_log}");
    // The table went to the log.
    assert!(run.logs["scan"].contains("NOT READY"));
}

#[test]
fn a_passing_gate_passes_the_job() {
    let a = action();
    let run = ActionRun::new(&a, &project("fastapi-service"), &[("fail-under", "7")], PUBLISH_AND_GATE);
    assert_eq!(run.output("scan", "exit-code"), Some("0"), "{}", run.logs["scan"]);
    assert!(run.output("scan", "markdown-file").is_some());
    assert!(run.summary().contains("Production Readiness Report"));
    assert_eq!(run.code("gate"), 0, "{}", run.logs["gate"]);
}

#[test]
fn extra_args_are_passed_and_a_usage_error_fails_the_job_with_code_two() {
    let a = action();
    let run = ActionRun::new(
        &a,
        &project("fastapi-service"),
        &[("args", "--fail-under-category   performance=9 --threads 1")],
        PUBLISH_AND_GATE,
    );
    assert_eq!(run.output("scan", "exit-code"), Some("1"), "{}", run.logs["scan"]);
    assert!(run.logs["gate"].contains("below performance=9"), "{}", run.logs["gate"]);

    let missing = repo_file("target/no-such-readycheck.toml");
    let args = format!("--config {}", missing.display());
    let run = ActionRun::new(
        &a,
        &project("fastapi-service"),
        &[("args", &args), ("fail-under", "1")],
        PUBLISH_AND_GATE,
    );
    assert_eq!(run.code("scan"), 0);
    assert_eq!(run.output("scan", "exit-code"), Some("2"), "{}", run.logs["scan"]);
    assert_eq!(run.output("scan", "sarif-file"), None, "nothing to upload after an error");
    assert!(run.summary().contains("did not produce a report"), "{}", run.summary());
    assert!(run.summary().contains("no-such-readycheck.toml"), "the error is in the summary");
    assert_eq!(run.code("gate"), 2);
    assert!(
        run.logs["gate"].contains("::error title=readycheck error::"),
        "{}",
        run.logs["gate"]
    );
}

fn hooks() -> Vec<Value> {
    load_yaml(".pre-commit-hooks.yaml").as_array().expect("a list of hooks").clone()
}

/// The hook's command line as pre-commit runs it: `entry`, then `args`, no file names.
fn hook_argv(hook: &Value) -> Vec<String> {
    let mut argv: Vec<String> = hook["entry"].as_str().unwrap().split_whitespace().map(String::from).collect();
    if let Some(args) = hook["args"].as_array() {
        argv.extend(args.iter().map(|a| a.as_str().expect("args are strings").to_string()));
    }
    argv
}

#[test]
fn pre_commit_hooks_are_unique_and_use_real_flags() {
    let hooks = hooks();
    assert!(hooks.iter().any(|h| h["id"] == "readycheck"));
    let long = scan_flags();
    let short = scan_short_flags();
    let mut ids = BTreeSet::new();
    for h in &hooks {
        let id = h["id"].as_str().expect("id");
        assert!(ids.insert(id), "hook id `{id}` twice");
        for key in ["name", "entry", "language"] {
            assert!(h[key].is_string(), "hook `{id}` lacks `{key}`");
        }
        assert_eq!(h["language"], "rust", "`{id}` is built from this repository");
        assert_eq!(h["pass_filenames"], false, "`{id}` scans the tree, not file names");
        assert_eq!(h["always_run"], true, "`{id}`");
        let argv = hook_argv(h);
        assert_eq!(argv[..2], ["readycheck", "scan"], "`{id}`");
        for a in argv.iter().filter(|a| a.starts_with('-')) {
            let ok = if a.starts_with("--") { long.contains(a) } else { short.contains(a) };
            assert!(ok, "hook `{id}` passes `{a}`, which `readycheck scan --help` does not list");
        }
    }
}

#[test]
fn pre_commit_hooks_run_as_declared() {
    let run = |hook: &Value, dir: &Path| {
        let argv = hook_argv(hook);
        Command::new(env!("CARGO_BIN_EXE_readycheck"))
            .args(&argv[1..])
            .current_dir(dir)
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    };
    let hooks = hooks();
    let report = hooks.iter().find(|h| h["id"] == "readycheck").unwrap();
    let out = run(report, &project("sloppy-express-api"));
    assert_eq!(out.status.code(), Some(0), "the report hook never blocks");
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT READY"));
    let gate = hooks.iter().find(|h| h["id"] == "readycheck-gate").expect("a gate hook");
    let out = run(gate, &project("sloppy-express-api"));
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("gate failed: overall score"));
    assert_eq!(run(gate, &project("fastapi-service")).status.code(), Some(0));
}
