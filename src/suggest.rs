//! "Did you mean …?" for mistyped rule ids and names.

/// The candidate closest to `name` (Jaro–Winkler ≥ 0.8, or containing/contained in it), if any.
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let mut score = strsim::jaro_winkler(name, c);
        if name.len() >= 3 && (c.contains(name) || name.contains(c)) {
            score = score.max(0.85);
        }
        if score >= 0.8 && best.is_none_or(|(s, b)| score > s || (score == s && c < b)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_misses_only() {
        let ids = ["cors-wildcard", "rate-limiting", "health-endpoint"];
        assert_eq!(closest("cors-wildcrad", ids.into_iter()), Some("cors-wildcard"));
        assert_eq!(closest("cors", ids.into_iter()), Some("cors-wildcard"));
        assert_eq!(closest("dockerfile", ids.into_iter()), None);
    }
}
