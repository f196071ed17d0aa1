//! `cors-wildcard` for web-server configs: nginx, Apache and Caddy header lines (line-based, no parser).

use super::{ACAC, ACAO, Out, file_contains_ci};

/// A web-server config worth reading: `*.conf`, `nginx*`, files under an `nginx*` folder,
/// `.htaccess`, `Caddyfile`.
pub(super) fn is_server_conf(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    let name = lower.rsplit('/').next().unwrap_or(&lower);
    name.ends_with(".conf")
        || name.contains(".conf.")
        || name.starts_with("nginx")
        || name == ".htaccess"
        || name.starts_with("caddyfile")
        || name.starts_with("httpd")
        || lower
            .split('/')
            .rev()
            .skip(1)
            .any(|d| d.starts_with("nginx") || d == "sites-enabled" || d == "sites-available")
}

/// Splits a config line into words, keeping quoted words whole (quotes removed); stops at `#`.
fn conf_words(line: &str) -> Vec<String> {
    let mut words = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut has = false;
    for c in line.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                has = true;
            }
            None if c == '#' && !has => break,
            None if c.is_whitespace() || c == ';' || c == '{' || c == '}' => {
                if has || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
                has = false;
            }
            None => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has || !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The (header, value) a config line sets: nginx `add_header`/`more_set_headers`, Apache
/// `Header set`, Caddy `header` or a bare `Name value` line inside a Caddy `header {}` block.
fn conf_header(line: &str) -> Option<(String, String)> {
    let w = conf_words(line);
    let first = w.first()?.to_ascii_lowercase();
    match first.as_str() {
        "add_header" => Some((w.get(1)?.clone(), w.get(2)?.clone())),
        "more_set_headers" => w[1..]
            .iter()
            .filter(|x| !x.starts_with('-'))
            .find_map(|x| x.split_once(':').map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))),
        "header" => {
            let mut rest = w[1..]
                .iter()
                .skip_while(|x| x.eq_ignore_ascii_case("always") || x.eq_ignore_ascii_case("onsuccess"));
            let next = rest.next()?;
            if ["set", "add", "append", "merge"].iter().any(|a| next.eq_ignore_ascii_case(a)) {
                Some((rest.next()?.clone(), rest.next()?.clone()))
            } else {
                // Caddy: `header [matcher] Name value`
                let name = next.trim_start_matches(['+', '>']).to_string();
                Some((name, rest.next()?.clone()))
            }
        }
        _ if first == ACAO || first == ACAC => Some((w[0].clone(), w.get(1)?.clone())),
        _ => None,
    }
}

pub(super) fn scan_conf(out: &mut Out<'_, '_, '_>) {
    let file = out.file;
    if !file_contains_ci(file, ACAO) {
        return;
    }
    let mut stars = vec![];
    let mut explicit = vec![];
    let mut creds = false;
    for (i, line) in file.text.lines().enumerate() {
        let Some((name, value)) = conf_header(line) else { continue };
        let col = line.chars().take_while(|c| c.is_whitespace()).count() + 1;
        if name.eq_ignore_ascii_case(ACAO) {
            if value.trim() == "*" {
                stars.push((i + 1, col));
            } else if !value.starts_with('$') && !value.starts_with('%') && !value.starts_with('{') {
                explicit.push((i + 1, col, value));
            }
        } else if name.eq_ignore_ascii_case(ACAC) && value.trim().eq_ignore_ascii_case("true") {
            creds = true;
        }
    }
    for (line, col) in stars {
        out.any_at(line, col, "`add_header Access-Control-Allow-Origin *`", creds);
    }
    for (line, col, value) in explicit {
        out.restricted_at(line, col, &value);
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{finding_lines, run};
    use super::*;

    #[test]
    fn conf_lines() {
        let h = |l: &str| conf_header(l).map(|(n, v)| (n.to_ascii_lowercase(), v));
        assert_eq!(
            h("  add_header Access-Control-Allow-Origin * always;"),
            Some((ACAO.into(), "*".into()))
        );
        assert_eq!(h("add_header 'Access-Control-Allow-Origin' '*';"), Some((ACAO.into(), "*".into())));
        assert_eq!(
            h("more_set_headers 'Access-Control-Allow-Origin: *';"),
            Some((ACAO.into(), "*".into()))
        );
        assert_eq!(
            h("Header always set Access-Control-Allow-Origin \"*\""),
            Some((ACAO.into(), "*".into()))
        );
        assert_eq!(
            h("header /api/* Access-Control-Allow-Origin *").map(|x| x.1),
            Some("Access-Control-Allow-Origin".into())
        );
        assert_eq!(h("# add_header Access-Control-Allow-Origin *;"), None);
        assert_eq!(h("add_header X-Frame-Options DENY;").map(|x| x.0), Some("x-frame-options".into()));
    }

    #[test]
    fn conf_file_credentials() {
        let src = "location / {\n  add_header Access-Control-Allow-Origin \"*\";\n  add_header Access-Control-Allow-Credentials true;\n}\n";
        assert_eq!(finding_lines(&run("deploy/nginx.conf", src)), vec![(2, true)]);
        assert!(run("deploy/README.md", src).is_empty());
    }
}
