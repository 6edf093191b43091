//! Key hashes: the collector stores only SHA-256 digests of ingest and reader keys and compares
//! them in constant time.

use activity_capture_core::digest::{hex, parse_hex, sha256};

/// The SHA-256 of a key. The key itself is never stored or logged.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KeyHash([u8; 32]);

impl KeyHash {
    /// The hash of a presented key.
    pub fn of(key: &str) -> KeyHash {
        KeyHash(sha256(key.as_bytes()))
    }

    /// Parses 64 hex digits (as written in the configuration file).
    pub fn parse(s: &str) -> Option<KeyHash> {
        parse_hex::<32>(s).map(KeyHash)
    }

    /// The 64-hex-digit form.
    pub fn to_hex(self) -> String {
        hex(&self.0)
    }

    /// Compares two hashes in constant time (no early exit on the first differing byte).
    pub fn matches(&self, other: &KeyHash) -> bool {
        let diff = self
            .0
            .iter()
            .zip(other.0.iter())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b));
        std::hint::black_box(diff) == 0
    }
}

impl std::fmt::Debug for KeyHash {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeyHash(..)")
    }
}

/// The item whose hash matches `presented`. Every item is compared (no early exit), so the time
/// taken does not tell which item, if any, matched.
pub fn find_by_key<'a, T>(
    items: &'a [T],
    presented: &str,
    hash_of: impl Fn(&T) -> &KeyHash,
) -> Option<&'a T> {
    let presented = KeyHash::of(presented);
    let mut found = None;
    for item in items {
        if hash_of(item).matches(&presented) && found.is_none() {
            found = Some(item);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_found_by_their_hash_only() {
        let items = [KeyHash::of("a"), KeyHash::of("b")];
        assert!(find_by_key(&items, "b", |h| h).is_some_and(|h| h.matches(&KeyHash::of("b"))));
        assert!(find_by_key(&items, "c", |h| h).is_none());
        let h = KeyHash::of("ik_demo_ticket_desk");
        assert_eq!(KeyHash::parse(&h.to_hex()), Some(h));
        assert_eq!(KeyHash::parse("abc"), None);
        assert_eq!(format!("{h:?}"), "KeyHash(..)");
    }
}
