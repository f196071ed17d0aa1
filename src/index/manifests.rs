//! Parses package manifests into one dependency list per ecosystem.
//!
//! Every parser is total: malformed input returns an error message that becomes a warning in the
//! report; nothing here panics on what it reads.

use serde::Serialize;
use std::collections::BTreeMap;

/// A package ecosystem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Ecosystem {
    Npm,
    Pypi,
    Cargo,
    Go,
    Maven,
    Rubygems,
    Composer,
}

impl Ecosystem {
    pub fn from_name(name: &str) -> Option<Ecosystem> {
        Some(match name {
            "npm" => Ecosystem::Npm,
            "pypi" | "python" | "pip" => Ecosystem::Pypi,
            "cargo" | "crates" => Ecosystem::Cargo,
            "go" => Ecosystem::Go,
            "maven" | "gradle" | "java" => Ecosystem::Maven,
            "rubygems" | "gem" => Ecosystem::Rubygems,
            "composer" => Ecosystem::Composer,
            _ => return None,
        })
    }

    /// Normalizes a package name so lookups match however the manifest spelled it.
    pub fn normalize(self, name: &str) -> String {
        match self {
            Ecosystem::Pypi | Ecosystem::Cargo => name.trim().to_ascii_lowercase().replace(['_', '.'], "-"),
            Ecosystem::Maven | Ecosystem::Composer | Ecosystem::Rubygems => name.trim().to_ascii_lowercase(),
            Ecosystem::Npm | Ecosystem::Go => name.trim().to_string(),
        }
    }
}

/// One declared dependency.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Dependency {
    pub name: String,
    pub line: usize,
    pub dev: bool,
}

/// A parsed manifest.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Manifest {
    pub path: String,
    pub ecosystem: Option<Ecosystem>,
    pub deps: Vec<Dependency>,
    /// npm `scripts`, name → command.
    pub scripts: BTreeMap<String, String>,
    /// For Cargo: true when the crate builds a binary (has `[[bin]]` or is not only a `[lib]`).
    pub package_name: Option<String>,
}

/// True when `name` (the file name) is a manifest readycheck parses.
pub fn is_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    matches!(
        name,
        "package.json"
            | "pyproject.toml"
            | "Pipfile"
            | "Cargo.toml"
            | "go.mod"
            | "pom.xml"
            | "build.gradle"
            | "build.gradle.kts"
            | "Gemfile"
            | "composer.json"
            | "setup.py"
            | "setup.cfg"
    ) || is_requirements(path)
}

fn is_requirements(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let in_req_dir = path.split('/').rev().nth(1).is_some_and(|d| d == "requirements");
    name.ends_with(".txt") && (name.starts_with("requirements") || (in_req_dir && !name.eq_ignore_ascii_case("readme.txt")))
}

/// Parses a manifest's text. `Err` carries a short, lowercase reason for the warning.
pub fn parse(path: &str, text: &str) -> Result<Manifest, String> {
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut m = Manifest {
        path: path.to_string(),
        ..Manifest::default()
    };
    match name {
        "package.json" => parse_package_json(text, &mut m)?,
        "pyproject.toml" => parse_pyproject(text, &mut m)?,
        "Pipfile" => parse_pipfile(text, &mut m)?,
        "Cargo.toml" => parse_cargo(text, &mut m)?,
        "go.mod" => parse_go_mod(text, &mut m)?,
        "pom.xml" => parse_pom(text, &mut m),
        "build.gradle" | "build.gradle.kts" => parse_gradle(text, &mut m),
        "Gemfile" => parse_gemfile(text, &mut m),
        "composer.json" => parse_composer(text, &mut m)?,
        "setup.py" | "setup.cfg" => parse_setup(text, &mut m),
        _ if is_requirements(path) => parse_requirements(text, &mut m),
        _ => return Err("not a manifest".into()),
    }
    if let Some(eco) = m.ecosystem {
        for d in &mut m.deps {
            d.name = eco.normalize(&d.name);
        }
    }
    m.deps.sort();
    m.deps.dedup_by(|a, b| a.name == b.name);
    Ok(m)
}

/// 1-based line of the first occurrence of `needle`, or 1.
fn line_of(text: &str, needle: &str) -> usize {
    text.find(needle).map(|i| text[..i].matches('\n').count() + 1).unwrap_or(1)
}

/// Guards the recursive-descent parsers (serde_json, toml) against pathological nesting.
fn nesting_ok(text: &str) -> Result<(), String> {
    let mut depth = 0usize;
    let mut max = 0usize;
    for b in text.bytes() {
        match b {
            b'{' | b'[' => {
                depth += 1;
                max = max.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if max > 256 {
        Err(format!("nesting deeper than 256 levels ({max}); not parsed"))
    } else {
        Ok(())
    }
}

fn parse_package_json(text: &str, m: &mut Manifest) -> Result<(), String> {
    nesting_ok(text)?;
    m.ecosystem = Some(Ecosystem::Npm);
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("invalid package.json: {e}"))?;
    let obj = v.as_object().ok_or("invalid package.json: top level is not an object")?;
    m.package_name = obj.get("name").and_then(|n| n.as_str()).map(str::to_string);
    for (key, dev) in [
        ("dependencies", false),
        ("devDependencies", true),
        ("peerDependencies", false),
        ("optionalDependencies", false),
    ] {
        if let Some(deps) = obj.get(key).and_then(|d| d.as_object()) {
            for name in deps.keys() {
                m.deps.push(Dependency {
                    name: name.clone(),
                    line: line_of(text, &format!("\"{name}\"")),
                    dev,
                });
            }
        }
    }
    if let Some(scripts) = obj.get("scripts").and_then(|s| s.as_object()) {
        for (k, v) in scripts {
            if let Some(cmd) = v.as_str() {
                m.scripts.insert(k.clone(), cmd.to_string());
            }
        }
    }
    Ok(())
}

/// The distribution name at the start of a PEP 508 requirement string.
fn pep508_name(spec: &str) -> Option<String> {
    let spec = spec.trim();
    if spec.is_empty() || spec.starts_with('#') || spec.starts_with('-') || spec.contains("://") && !spec.contains('@') {
        return None;
    }
    let end = spec
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.'))
        .unwrap_or(spec.len());
    let name = &spec[..end];
    if name.is_empty() { None } else { Some(name.to_string()) }
}

fn parse_requirements(text: &str, m: &mut Manifest) {
    m.ecosystem = Some(Ecosystem::Pypi);
    let dev = m.path.contains("dev") || m.path.contains("test");
    for (i, line) in text.lines().enumerate() {
        let line = line.split(" #").next().unwrap_or("");
        if let Some(name) = pep508_name(line) {
            m.deps.push(Dependency { name, line: i + 1, dev });
        }
    }
}

fn parse_setup(text: &str, m: &mut Manifest) {
    m.ecosystem = Some(Ecosystem::Pypi);
    // setup.py is code; only quoted requirement strings inside install_requires are taken.
    if let Some(start) = text.find("install_requires") {
        let rest = &text[start..];
        let end = rest.find(']').unwrap_or(rest.len());
        for part in rest[..end].split(['"', '\'']).skip(1).step_by(2) {
            if let Some(name) = pep508_name(part) {
                m.deps.push(Dependency {
                    line: line_of(text, part),
                    name,
                    dev: false,
                });
            }
        }
    }
}

fn toml_table(text: &str, what: &str) -> Result<toml::Table, String> {
    nesting_ok(text)?;
    text.parse::<toml::Table>().map_err(|e| {
        let msg = e.to_string();
        format!("invalid {what}: {}", msg.lines().next().unwrap_or("parse error"))
    })
}

fn parse_pyproject(text: &str, m: &mut Manifest) -> Result<(), String> {
    m.ecosystem = Some(Ecosystem::Pypi);
    let t = toml_table(text, "pyproject.toml")?;
    let push_specs = |arr: Option<&toml::Value>, dev: bool, m: &mut Manifest| {
        for spec in arr.and_then(|a| a.as_array()).into_iter().flatten() {
            if let Some(name) = spec.as_str().and_then(pep508_name) {
                m.deps.push(Dependency {
                    line: line_of(text, &name),
                    name,
                    dev,
                });
            }
        }
    };
    if let Some(project) = t.get("project").and_then(|p| p.as_table()) {
        m.package_name = project.get("name").and_then(|n| n.as_str()).map(str::to_string);
        push_specs(project.get("dependencies"), false, m);
        if let Some(opt) = project.get("optional-dependencies").and_then(|o| o.as_table()) {
            for (group, v) in opt {
                push_specs(Some(v), group.contains("dev") || group.contains("test"), m);
            }
        }
    }
    if let Some(groups) = t.get("dependency-groups").and_then(|g| g.as_table()) {
        for v in groups.values() {
            push_specs(Some(v), true, m);
        }
    }
    if let Some(poetry) = t.get("tool").and_then(|t| t.get("poetry")).and_then(|p| p.as_table()) {
        if m.package_name.is_none() {
            m.package_name = poetry.get("name").and_then(|n| n.as_str()).map(str::to_string);
        }
        let mut push_keys = |tbl: Option<&toml::Value>, dev: bool| {
            for name in tbl.and_then(|d| d.as_table()).into_iter().flat_map(|d| d.keys()) {
                if name != "python" {
                    m.deps.push(Dependency {
                        name: name.clone(),
                        line: line_of(text, name),
                        dev,
                    });
                }
            }
        };
        push_keys(poetry.get("dependencies"), false);
        push_keys(poetry.get("dev-dependencies"), true);
        if let Some(groups) = poetry.get("group").and_then(|g| g.as_table()) {
            for g in groups.values() {
                push_keys(g.get("dependencies"), true);
            }
        }
    }
    Ok(())
}

fn parse_pipfile(text: &str, m: &mut Manifest) -> Result<(), String> {
    m.ecosystem = Some(Ecosystem::Pypi);
    let t = toml_table(text, "Pipfile")?;
    for (key, dev) in [("packages", false), ("dev-packages", true)] {
        for name in t.get(key).and_then(|d| d.as_table()).into_iter().flat_map(|d| d.keys()) {
            m.deps.push(Dependency {
                name: name.clone(),
                line: line_of(text, name),
                dev,
            });
        }
    }
    Ok(())
}

fn parse_cargo(text: &str, m: &mut Manifest) -> Result<(), String> {
    m.ecosystem = Some(Ecosystem::Cargo);
    let t = toml_table(text, "Cargo.toml")?;
    m.package_name = t
        .get("package")
        .and_then(|p| p.get("name"))
        .and_then(|n| n.as_str())
        .map(str::to_string);
    let mut push = |tbl: Option<&toml::Value>, dev: bool| {
        for (name, spec) in tbl.and_then(|d| d.as_table()).into_iter().flatten() {
            // `foo = { package = "real-name" }` renames a dependency.
            let real = spec.get("package").and_then(|p| p.as_str()).unwrap_or(name);
            m.deps.push(Dependency {
                name: real.to_string(),
                line: line_of(text, name),
                dev,
            });
        }
    };
    push(t.get("dependencies"), false);
    push(t.get("dev-dependencies"), true);
    push(t.get("build-dependencies"), true);
    push(t.get("workspace").and_then(|w| w.get("dependencies")), false);
    if let Some(targets) = t.get("target").and_then(|t| t.as_table()) {
        for target in targets.values() {
            push(target.get("dependencies"), false);
            push(target.get("dev-dependencies"), true);
        }
    }
    Ok(())
}

/// Directives a go.mod may contain (the Go reference's list); any other line makes the file
/// invalid for `go` itself, so it is reported rather than half-read.
const GO_MOD_DIRECTIVES: &[&str] = &[
    "module",
    "go",
    "toolchain",
    "godebug",
    "require",
    "exclude",
    "replace",
    "retract",
    "tool",
    "ignore",
];

fn parse_go_mod(text: &str, m: &mut Manifest) -> Result<(), String> {
    m.ecosystem = Some(Ecosystem::Go);
    // The directive of the open `directive (` block, and the line that opened it.
    let mut block: Option<(&str, usize)> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let spec = if let Some((directive, _)) = block {
            if line.starts_with(')') {
                block = None;
                continue;
            }
            if directive != "require" {
                continue;
            }
            line
        } else {
            let split = line.find(|c: char| c.is_whitespace() || c == '(').unwrap_or(line.len());
            let (directive, rest) = (&line[..split], line[split..].trim());
            if !GO_MOD_DIRECTIVES.contains(&directive) {
                return Err(format!("invalid go.mod: line {} does not start with a go.mod directive", i + 1));
            }
            if rest.starts_with('(') {
                block = Some((directive, i + 1));
                continue;
            }
            match directive {
                "module" => {
                    m.package_name = Some(rest.trim_matches('"').to_string());
                    continue;
                }
                "require" => rest,
                _ => continue,
            }
        };
        if let Some(path) = spec.split_whitespace().next() {
            m.deps.push(Dependency {
                name: path.to_string(),
                line: i + 1,
                dev: false,
            });
        }
    }
    if let Some((directive, line)) = block {
        return Err(format!("invalid go.mod: `{directive} (` at line {line} is never closed"));
    }
    Ok(())
}

fn xml_tag<'a>(block: &'a str, tag: &str) -> Option<&'a str> {
    let open = format!("<{tag}>");
    let close = format!("</{tag}>");
    let start = block.find(&open)? + open.len();
    let end = block[start..].find(&close)? + start;
    Some(block[start..end].trim())
}

fn parse_pom(text: &str, m: &mut Manifest) {
    m.ecosystem = Some(Ecosystem::Maven);
    for tag in ["<dependency>", "<parent>", "<plugin>"] {
        let mut offset = 0;
        while let Some(pos) = text[offset..].find(tag) {
            let start = offset + pos;
            let end = text[start..].find("</").and_then(|_| {
                let close = tag.replace('<', "</");
                text[start..].find(&close).map(|e| start + e)
            });
            let Some(end) = end else { break };
            let block = &text[start..end];
            if let (Some(g), Some(a)) = (xml_tag(block, "groupId"), xml_tag(block, "artifactId")) {
                let scope_test = xml_tag(block, "scope") == Some("test");
                m.deps.push(Dependency {
                    name: format!("{g}:{a}"),
                    line: text[..start].matches('\n').count() + 1,
                    dev: scope_test,
                });
            } else if let Some(a) = xml_tag(block, "artifactId") {
                m.deps.push(Dependency {
                    name: a.to_string(),
                    line: text[..start].matches('\n').count() + 1,
                    dev: false,
                });
            }
            offset = end;
        }
    }
}

fn parse_gradle(text: &str, m: &mut Manifest) {
    m.ecosystem = Some(Ecosystem::Maven);
    static CONF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?m)^\s*(\w+)\s*\(?\s*(?:platform\()?["']([\w.\-]+):([\w.\-]+)(?::[^"']*)?["']"#).expect("static regex")
    });
    for c in CONF.captures_iter(text) {
        let conf = &c[1];
        let line = text[..c.get(0).map_or(0, |g| g.start())].matches('\n').count() + 1;
        let dev = conf.starts_with("test");
        m.deps.push(Dependency {
            name: format!("{}:{}", &c[2], &c[3]),
            line,
            dev,
        });
    }
    // Plugins such as `id 'org.springframework.boot'` matter for stack detection.
    for (i, line) in text.lines().enumerate() {
        if line.contains("org.springframework.boot") && line.contains("id") {
            m.deps.push(Dependency {
                name: "org.springframework.boot".into(),
                line: i + 1,
                dev: false,
            });
        }
    }
}

fn parse_gemfile(text: &str, m: &mut Manifest) {
    m.ecosystem = Some(Ecosystem::Rubygems);
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if let Some(rest) = l.strip_prefix("gem ")
            && let Some(name) = rest.trim().split(['"', '\'']).nth(1)
        {
            m.deps.push(Dependency {
                name: name.to_string(),
                line: i + 1,
                dev: false,
            });
        }
    }
}

fn parse_composer(text: &str, m: &mut Manifest) -> Result<(), String> {
    nesting_ok(text)?;
    m.ecosystem = Some(Ecosystem::Composer);
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| format!("invalid composer.json: {e}"))?;
    for (key, dev) in [("require", false), ("require-dev", true)] {
        for name in v.get(key).and_then(|d| d.as_object()).into_iter().flat_map(|d| d.keys()) {
            m.deps.push(Dependency {
                name: name.clone(),
                line: line_of(text, name),
                dev,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(m: &Manifest) -> Vec<&str> {
        m.deps.iter().map(|d| d.name.as_str()).collect()
    }

    #[test]
    fn package_json_deps_and_scripts() {
        let m = parse(
            "package.json",
            r#"{"dependencies":{"express":"^4"},"devDependencies":{"jest":"1"},"scripts":{"test":"jest"}}"#,
        )
        .unwrap();
        assert_eq!(names(&m), ["express", "jest"]);
        assert_eq!(m.scripts.get("test").map(String::as_str), Some("jest"));
        assert!(m.deps.iter().any(|d| d.name == "jest" && d.dev));
    }

    #[test]
    fn malformed_package_json_is_an_error_not_a_panic() {
        assert!(parse("package.json", "{ not json").is_err());
        assert!(parse("package.json", "[1,2]").is_err());
        assert!(parse("package.json", &"[".repeat(100_000)).is_err());
    }

    #[test]
    fn python_manifests() {
        let r = parse(
            "requirements.txt",
            "fastapi==0.110\n# c\nSlowAPI>=0.1 ; python_version>'3'\n-r base.txt\nuvicorn[standard]\n",
        )
        .unwrap();
        assert_eq!(names(&r), ["fastapi", "slowapi", "uvicorn"]);
        let p = parse(
            "pyproject.toml",
            "[project]\nname='x'\ndependencies=['flask>=2','flask-limiter']\n[tool.poetry.dependencies]\npython='^3.11'\nDjango='^5'\n",
        )
        .unwrap();
        assert_eq!(names(&p), ["django", "flask", "flask-limiter"]);
        assert!(parse("pyproject.toml", "[project\nname=").is_err());
        let pf = parse("Pipfile", "[packages]\nrequests='*'\n[dev-packages]\npytest='*'\n").unwrap();
        assert_eq!(names(&pf), ["pytest", "requests"]);
    }

    #[test]
    fn cargo_go_and_java_manifests() {
        let c = parse(
            "Cargo.toml",
            "[package]\nname='x'\n[dependencies]\naxum='0.7'\ngov={package='tower_governor',version='1'}\n",
        )
        .unwrap();
        assert_eq!(names(&c), ["axum", "tower-governor"]);
        let g = parse(
            "go.mod",
            "module x\n\nrequire github.com/gin-gonic/gin v1.9.0\nrequire (\n\tgolang.org/x/time v0.5.0 // indirect\n)\n",
        )
        .unwrap();
        assert_eq!(names(&g), ["github.com/gin-gonic/gin", "golang.org/x/time"]);
        let full = parse(
            "go.mod",
            "module example.com/x\n\ngo 1.22\ntoolchain go1.22.1\nrequire(\n\tgithub.com/a/b v1.0.0\n)\nreplace (\n\tgithub.com/c/d => ../d\n)\nexclude github.com/e/f v1.0.0\nretract v1.0.1\n",
        )
        .unwrap();
        assert_eq!(names(&full), ["github.com/a/b"]);
        assert_eq!(full.package_name.as_deref(), Some("example.com/x"));
        let unclosed = parse("go.mod", "module x\nrequire (\n\tgithub.com/a/b v1\n").unwrap_err();
        assert!(unclosed.contains("`require (` at line 2 is never closed"), "{unclosed}");
        let junk = parse("go.mod", "module x\n}}} AKIAQQQQQQQQQQQQQQQQ\n").unwrap_err();
        assert_eq!(junk, "invalid go.mod: line 2 does not start with a go.mod directive");
        let pom = parse(
            "pom.xml",
            "<project><dependencies><dependency><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-web</artifactId></dependency></dependencies></project>",
        )
        .unwrap();
        assert_eq!(names(&pom), ["org.springframework.boot:spring-boot-starter-web"]);
        let gr = parse(
            "build.gradle",
            "dependencies {\n  implementation 'com.bucket4j:bucket4j-core:8.1.0'\n}\n",
        )
        .unwrap();
        assert_eq!(names(&gr), ["com.bucket4j:bucket4j-core"]);
    }
}
