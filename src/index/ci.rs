//! Finds CI configurations and the shell commands they run, with line numbers.
//!
//! Rules such as `ci-runs-tests`, `dependency-audit` and `linter-config` ask "does CI run X?"; this
//! module answers once for all of them. YAML CI files are walked structurally (only values under
//! command keys count, so a job *named* "pytest" is not a pytest run); Jenkinsfiles by their `sh`
//! steps.

use crate::engine::ctx::FileCtx;
use serde::Serialize;

/// One CI configuration file.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CiFile {
    pub path: String,
    /// `github-actions`, `gitlab-ci`, `circleci`, `travis`, `jenkins`, `azure-pipelines`, …
    pub provider: String,
    /// Commands the pipeline runs: (1-based line, command text).
    pub commands: Vec<(usize, String)>,
}

/// The CI provider a path belongs to, if it is a CI configuration.
pub fn provider(path: &str) -> Option<&'static str> {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    let yaml = name.ends_with(".yml") || name.ends_with(".yaml");
    Some(if lower.starts_with(".github/workflows/") && yaml {
        "github-actions"
    } else if name == ".gitlab-ci.yml" || (lower.starts_with(".gitlab/") && yaml && lower.contains("ci")) {
        "gitlab-ci"
    } else if lower == ".circleci/config.yml" || lower == ".circleci/config.yaml" {
        "circleci"
    } else if name == ".travis.yml" && !lower.contains('/') {
        "travis"
    } else if name == "jenkinsfile" || name.starts_with("jenkinsfile.") {
        "jenkins"
    } else if name == "azure-pipelines.yml" || name == "azure-pipelines.yaml" || lower.starts_with(".azure-pipelines/") && yaml {
        "azure-pipelines"
    } else if name == "bitbucket-pipelines.yml" {
        "bitbucket"
    } else if lower.starts_with(".buildkite/") && yaml {
        "buildkite"
    } else if name == ".drone.yml" {
        "drone"
    } else if name == "cloudbuild.yaml" || name == "cloudbuild.yml" {
        "cloud-build"
    } else if lower.starts_with(".woodpecker") && yaml {
        "woodpecker"
    } else {
        return None;
    })
}

/// Keys whose values are shell commands, across providers.
const COMMAND_KEYS: &[&str] = &[
    "run",
    "script",
    "before_script",
    "after_script",
    "install",
    "before_install",
    "command",
    "commands",
    "bash",
    "pwsh",
    "args",
    "entrypoint",
];

fn collect(value: &serde_json::Value, under_command: bool, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if under_command => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect(v, under_command, out)),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                collect(v, under_command || COMMAND_KEYS.contains(&k.as_str()), out);
            }
        }
        _ => {}
    }
}

/// 1-based line of `needle`: preferably a line that *is* the command (a list item, a `run:` or
/// `script:` value, a block-scalar line) rather than a job or step name that mentions it; else its
/// first occurrence; else 1.
fn line_of(ctx: &FileCtx<'_>, needle: &str) -> usize {
    let is_command = |line: &str| {
        let t = line.split(" #").next().unwrap_or(line).trim();
        let t = t.strip_prefix("- ").unwrap_or(t).trim();
        let t = match t.split_once(':') {
            Some((k, v)) if COMMAND_KEYS.contains(&k.trim()) => v.trim(),
            _ => t,
        };
        t.trim_matches(|c| c == '"' || c == '\'') == needle
    };
    ctx.text
        .lines()
        .position(is_command)
        .map(|i| i + 1)
        .or_else(|| ctx.text.find(needle).map(|i| ctx.line_col(i).0))
        .unwrap_or(1)
}

/// Parses a CI file found in the scan pass; `None` when the path is not CI configuration.
pub fn scan_file(ctx: &FileCtx<'_>) -> Option<CiFile> {
    let provider = provider(ctx.path())?;
    let mut commands = vec![];
    if provider == "jenkins" {
        for (i, line) in ctx.text.lines().enumerate() {
            let t = line.trim_start();
            for prefix in ["sh ", "sh(", "bat ", "bat(", "powershell "] {
                if let Some(rest) = t.strip_prefix(prefix) {
                    let cmd = rest.trim_start_matches(['(', ' ']).trim_start_matches("script:").trim();
                    let cmd = cmd.trim_matches(|c| c == '\'' || c == '"' || c == ')' || c == '(');
                    commands.push((i + 1, cmd.to_string()));
                }
            }
        }
    } else if let Some(docs) = ctx.yaml() {
        let mut found = vec![];
        for d in docs {
            collect(d, false, &mut found);
        }
        for cmd in found {
            for (n, line) in cmd.lines().enumerate() {
                let l = line.trim();
                if l.is_empty() || l.starts_with('#') {
                    continue;
                }
                // Locate each command line in the file for evidence; fall back to the block's first line.
                let at = if n == 0 {
                    line_of(ctx, l)
                } else {
                    ctx.text
                        .find(l)
                        .map(|i| ctx.line_col(i).0)
                        .unwrap_or_else(|| line_of(ctx, cmd.lines().next().unwrap_or("")))
                };
                commands.push((at, l.to_string()));
            }
        }
    }
    commands.sort();
    commands.dedup();
    Some(CiFile {
        path: ctx.path().to_string(),
        provider: provider.to_string(),
        commands,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ctx::FileInfo;

    fn scan(path: &str, text: &str) -> CiFile {
        let info = FileInfo::new(path.to_string(), text.len() as u64);
        scan_file(&FileCtx::new(&info, text)).unwrap()
    }

    #[test]
    fn github_actions_run_steps_only() {
        let ci = scan(
            ".github/workflows/ci.yml",
            "name: pytest\non: [push]\njobs:\n  pytest:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: pip install -e .\n      - name: tests\n        run: |\n          ruff check .\n          pytest -q\n",
        );
        let cmds: Vec<&str> = ci.commands.iter().map(|(_, c)| c.as_str()).collect();
        assert_eq!(cmds, ["pip install -e .", "ruff check .", "pytest -q"]);
        assert_eq!(ci.commands[2].0, 12);
    }

    #[test]
    fn command_lines_not_names() {
        let ci = scan(
            ".github/workflows/t.yml",
            "jobs:\n  pytest:\n    name: pytest\n    steps:\n      - run: pytest\n",
        );
        assert_eq!(ci.commands, [(5, "pytest".to_string())]);
    }

    #[test]
    fn gitlab_travis_and_jenkins() {
        assert_eq!(
            scan(".gitlab-ci.yml", "test:\n  script:\n    - go test ./...\n").commands,
            [(3, "go test ./...".to_string())]
        );
        assert_eq!(
            scan(".travis.yml", "language: node_js\nscript: npm test\n").commands,
            [(2, "npm test".to_string())]
        );
        assert_eq!(
            scan("Jenkinsfile", "pipeline { stages { stage('t') { steps { sh 'make test' } } } }\n")
                .commands
                .len(),
            0
        );
        assert_eq!(
            scan("Jenkinsfile", "node {\n  sh 'make test'\n}\n").commands,
            [(2, "make test".to_string())]
        );
        assert!(provider("src/.travis.yml").is_none());
        assert!(provider(".github/workflows/README.md").is_none());
    }
}
