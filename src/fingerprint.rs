//! Stable short hashes: SARIF partial fingerprints, baseline matching and the ruleset hash.
//!
//! FNV-1a is enough here: the hashes identify, they do not protect, and they must not change
//! between releases or platforms (std's `DefaultHasher` promises neither).

/// FNV-1a (64-bit) over `parts`, each terminated by a NUL so `["ab", ""]` and `["a", "b"]` differ.
pub fn fnv1a(parts: &[&str]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{h:016x}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn parts_are_delimited_and_hashes_stable() {
        // Pinned: baselines written by one release must match the next.
        assert_eq!(super::fnv1a(&["a", "b"]), "ab40d7820d408076");
        assert_ne!(super::fnv1a(&["ab", ""]), super::fnv1a(&["a", "b"]));
    }
}
