//! Route-path matching for `health-endpoint`: which route paths name a health route, and router-prefix joining.

/// Path segments that name a health route wherever they appear.
const HEALTH_SEGMENTS: &[&str] = &[
    "health",
    "healthz",
    "healthcheck",
    "health-check",
    "health_check",
    "_health",
    "livez",
    "readyz",
    "liveness",
    "readiness",
    "heartbeat",
];

/// Segments that name a health route only in a path without parameters: `/status` is a health
/// route, `/orders/{id}/status` is a resource's state.
const WEAK_SEGMENTS: &[&str] = &["ping", "status"];

/// The path a route argument names, or `None` when the argument is not a route path: a URL with
/// a scheme (a client call's target) or prose. A Go 1.22 method prefix (`GET /healthz`) is dropped.
fn route_path(raw: &str) -> Option<&str> {
    let t = raw.trim();
    if t.contains("://") {
        return None;
    }
    let t = match t.split_once(char::is_whitespace) {
        Some((method, rest)) if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) => rest.trim(),
        Some(_) => return None,
        None => t,
    };
    if t.contains(char::is_whitespace) {
        return None;
    }
    Some(t)
}

/// A path segment without regex anchors, optional markers or a query part (`^healthz`, `status?<v>`).
fn clean_segment(seg: &str) -> String {
    let seg = seg.split('?').next().unwrap_or("");
    seg.trim_matches(|c: char| "^$()*+\\!".contains(c)).to_ascii_lowercase()
}

/// True for a parameter segment in any router's syntax: `:id`, `{id}`, `<int:id>`, `[id]`, `*`.
fn is_param_segment(seg: &str) -> bool {
    let s = seg.trim();
    s != "{$}"
        && (s.starts_with(':') || s.contains('{') || s.contains('<') || s.starts_with('[') || s.starts_with('*') || s.contains("(?P"))
}

/// True when a route argument names a health route: one of its segments is exactly a health word
/// (`/health`, `/api/v1/healthz`, `GET /livez`, Django's `health/`, `^readyz/?$`), never a word that
/// merely contains one (`/healthcare`, `/status-page`).
pub fn is_health_path(raw: &str) -> bool {
    let Some(p) = route_path(raw) else { return false };
    let has_param = p.split('/').any(is_param_segment);
    p.split('/')
        .map(clean_segment)
        .any(|s| HEALTH_SEGMENTS.contains(&s.as_str()) || (!has_param && WEAK_SEGMENTS.contains(&s.as_str())))
}

/// A router prefix joined with a route path: `/health` + `` → `/health`, `/api` + `/ping` → `/api/ping`.
pub(super) fn join_path(prefix: &str, path: &str) -> String {
    match (prefix.trim_end_matches('/'), path.trim_start_matches('/')) {
        ("", "") => "/".to_string(),
        (p, "") => p.to_string(),
        ("", r) if path.starts_with('/') => format!("/{r}"),
        ("", r) => r.to_string(),
        (p, r) => format!("{p}/{r}"),
    }
}

#[cfg(test)]
mod tests {
    use super::{is_health_path, join_path};

    #[test]
    fn health_paths() {
        for ok in [
            "/health",
            "/healthz",
            "/health/live",
            "/health/ready",
            "/api/health",
            "/api/v1/healthz",
            "health/",
            "^healthz/?$",
            r"^health/$",
            "GET /healthz",
            "GET /livez",
            "/readyz",
            "/_health",
            "/health-check",
            "/health_check",
            "/healthcheck",
            "/HealthCheck",
            "/heartbeat",
            "/ping",
            "/status",
            "/api/status",
            "/health/{component}",
            "health",
            "/liveness",
            "/readiness",
        ] {
            assert!(is_health_path(ok), "{ok}");
        }
        for no in [
            "/healthcare/patients",
            "/status-page",
            "/orders/{id}/status",
            "/users/:id/ping",
            "http://svc/health",
            "https://example.com/healthz",
            "",
            "/",
            "/api/users",
            "health check failed",
            "/unhealthy",
            "/pings",
        ] {
            assert!(!is_health_path(no), "{no}");
        }
    }

    #[test]
    fn joins_prefixes() {
        assert_eq!(join_path("/health", ""), "/health");
        assert_eq!(join_path("/health", "/"), "/health");
        assert_eq!(join_path("/health", "/live"), "/health/live");
        assert_eq!(join_path("/api/", "/healthz"), "/api/healthz");
        assert_eq!(join_path("", "/ping"), "/ping");
        assert_eq!(join_path("", ""), "/");
    }
}
