//! Identifiers that travel on the wire: summary ids, daily subject pseudonyms, policy hashes.

use crate::digest::{hex, hmac_sha256, parse_hex, sha256};

/// A summary's own id, assigned once when the summary is created, from 16 random bytes the
/// caller supplies. Retries carry the same id, so the collector can de-duplicate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SummaryId([u8; 16]);

impl SummaryId {
    /// An id from 16 random bytes.
    pub fn from_random(bytes: [u8; 16]) -> SummaryId {
        SummaryId(bytes)
    }

    /// Parses the 32-hex-digit wire form.
    pub fn parse(s: &str) -> Option<SummaryId> {
        parse_hex::<16>(s)
            .filter(|_| s.bytes().all(|b| !b.is_ascii_uppercase()))
            .map(SummaryId)
    }

    /// The 32-hex-digit wire form.
    pub fn to_hex(self) -> String {
        hex(&self.0)
    }
}

/// The person's device secret: 32 random bytes kept only on the device. Presenting it lets the
/// person reach their own rows; the collector never stores it.
#[derive(Clone, PartialEq, Eq)]
pub struct SubjectSecret([u8; 32]);

impl SubjectSecret {
    /// A secret from 32 random bytes.
    pub fn from_random(bytes: [u8; 32]) -> SubjectSecret {
        SubjectSecret(bytes)
    }

    /// Parses the 64-hex-digit stored form.
    pub fn parse(s: &str) -> Option<SubjectSecret> {
        parse_hex::<32>(s).map(SubjectSecret)
    }

    /// The 64-hex-digit stored form.
    pub fn to_hex(&self) -> String {
        hex(&self.0)
    }

    /// The pseudonym for `app` on UTC day `day`: `HMAC-SHA-256(secret, app ‖ 0x00 ‖ day)`,
    /// truncated to 128 bits. It rotates daily and differs per app, so the collector cannot join
    /// a person's rows across days or apps.
    pub fn subject_for(&self, app: &str, day: u64) -> SubjectId {
        let day = crate::text::decimal(day);
        let mac = hmac_sha256(&self.0, &[app.as_bytes(), &[0], day.as_bytes()]);
        let mut id = [0u8; 16];
        id.copy_from_slice(&mac[..16]);
        SubjectId(id)
    }
}

impl std::fmt::Debug for SubjectSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SubjectSecret(..)")
    }
}

/// A daily-rotating pseudonymous subject id (see [`SubjectSecret::subject_for`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SubjectId([u8; 16]);

impl SubjectId {
    /// Parses the 32-hex-digit wire form.
    pub fn parse(s: &str) -> Option<SubjectId> {
        parse_hex::<16>(s)
            .filter(|_| s.bytes().all(|b| !b.is_ascii_uppercase()))
            .map(SubjectId)
    }

    /// The 32-hex-digit wire form.
    pub fn to_hex(self) -> String {
        hex(&self.0)
    }
}

/// A hash of the consent policy (purposes, their texts and retention, the collector endpoint).
/// Stored consent is tied to it: when the policy changes, the person is asked again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PolicyHash([u8; 8]);

impl PolicyHash {
    /// The hash of a canonical policy text (see `config::Config::policy_hash`).
    pub fn of(canonical: &str) -> PolicyHash {
        let d = sha256(canonical.as_bytes());
        let mut h = [0u8; 8];
        h.copy_from_slice(&d[..8]);
        PolicyHash(h)
    }

    /// Parses the 16-hex-digit wire form.
    pub fn parse(s: &str) -> Option<PolicyHash> {
        parse_hex::<8>(s)
            .filter(|_| s.bytes().all(|b| !b.is_ascii_uppercase()))
            .map(PolicyHash)
    }

    /// The 16-hex-digit wire form.
    pub fn to_hex(self) -> String {
        hex(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subject_ids_rotate_daily_and_differ_per_app() {
        let s = SubjectSecret::from_random([7; 32]);
        let a = s.subject_for("ticket-desk", 20_784);
        assert_eq!(a, s.subject_for("ticket-desk", 20_784));
        assert_ne!(a, s.subject_for("ticket-desk", 20_785));
        assert_ne!(a, s.subject_for("crm", 20_784));
        assert_ne!(
            a,
            SubjectSecret::from_random([8; 32]).subject_for("ticket-desk", 20_784)
        );
        assert_eq!(SubjectId::parse(&a.to_hex()), Some(a));
    }

    #[test]
    fn wire_forms_parse_strictly() {
        let id = SummaryId::from_random([0xab; 16]);
        assert_eq!(SummaryId::parse(&id.to_hex()), Some(id));
        assert_eq!(SummaryId::parse(&id.to_hex().to_uppercase()), None);
        assert_eq!(SummaryId::parse("abc"), None);
        let p = PolicyHash::of("policy");
        assert_eq!(PolicyHash::parse(&p.to_hex()), Some(p));
        let secret = SubjectSecret::from_random([1; 32]);
        assert_eq!(SubjectSecret::parse(&secret.to_hex()), Some(secret));
        assert_eq!(
            format!("{:?}", SubjectSecret::from_random([1; 32])),
            "SubjectSecret(..)"
        );
    }
}
