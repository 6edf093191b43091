//! Consent state: per purpose, pending, denied or granted (and how). Stored consent is tied to
//! the policy hash, so a changed policy asks again. Global Privacy Control means denied unless
//! the person grants in the SDK's own dialog through a trusted interaction; a host can deny on
//! the person's behalf but cannot grant over GPC.

use crate::id::PolicyHash;
use crate::purpose::Purpose;
use crate::summary::ConsentSource;
use crate::text::concat;

/// One purpose's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Not asked yet (or asked again after a policy change): nothing is captured.
    Pending,
    /// Refused: nothing is captured.
    Denied,
    /// Granted, and where the grant came from.
    Granted(ConsentSource),
}

/// Why a consent change was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConsentError {
    /// The host tried to grant while Global Privacy Control (or Do Not Track) is on.
    PrivacySignal,
    /// A dialog grant did not come from a trusted (real) user interaction.
    Untrusted,
    /// The purpose is not one the host asks for.
    NotRequested(Purpose),
}

impl ConsentError {
    /// What went wrong, in a sentence (built without formatting machinery for the SDK).
    pub fn message(&self) -> String {
        match self {
            ConsentError::PrivacySignal => "the browser sends Global Privacy Control (or Do Not Track): only the person can grant, in the SDK's own dialog".to_owned(),
            ConsentError::Untrusted => "a grant in the dialog needs a real user interaction".to_owned(),
            ConsentError::NotRequested(p) => concat(&[
                "purpose `",
                p.as_str(),
                "` is not among the purposes this app asks for",
            ]),
        }
    }
}

impl std::fmt::Display for ConsentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ConsentError {}

/// What a successful change did, so the shell can attach or detach listeners and purge.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing changed.
    None,
    /// The purpose is now granted: start capturing it.
    Granted,
    /// The purpose was granted and is now denied: stop it and purge what it gathered.
    Revoked,
    /// The purpose went from pending to denied.
    Denied,
}

/// Consent for one policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Consent {
    policy: PolicyHash,
    privacy_signal: bool,
    requested: Vec<Purpose>,
    choices: [Choice; 4],
}

const STORE_PREFIX: &str = "ac-consent-v1";

fn index(p: Purpose) -> usize {
    Purpose::ALL.iter().position(|q| *q == p).unwrap_or(0)
}

impl Consent {
    /// Fresh consent: everything pending, or denied when a privacy signal (GPC, DNT) is on.
    pub fn new(policy: PolicyHash, requested: &[Purpose], privacy_signal: bool) -> Consent {
        let start = if privacy_signal {
            Choice::Denied
        } else {
            Choice::Pending
        };
        Consent {
            policy,
            privacy_signal,
            requested: requested.to_vec(),
            choices: [start; 4],
        }
    }

    /// Restores stored consent if it was given for this same policy; otherwise starts fresh (the
    /// person is asked again). Host grants do not survive a privacy signal.
    pub fn restore(
        stored: &str,
        policy: PolicyHash,
        requested: &[Purpose],
        privacy_signal: bool,
    ) -> Consent {
        let mut c = Consent::new(policy, requested, privacy_signal);
        let mut parts = crate::text::split_byte(stored, b';');
        if parts.next() != Some(STORE_PREFIX) || parts.next() != Some(policy.to_hex().as_str()) {
            return c;
        }
        for part in parts {
            let Some((key, value)) = crate::text::split_once(part, "=") else {
                continue;
            };
            let Some(p) = Purpose::parse(key) else {
                continue;
            };
            if !requested.contains(&p) {
                continue;
            }
            let choice = match value {
                "denied" => Choice::Denied,
                "dialog" => Choice::Granted(ConsentSource::Dialog),
                "host" if !privacy_signal => Choice::Granted(ConsentSource::Host),
                _ => continue,
            };
            c.choices[index(p)] = choice;
        }
        c
    }

    /// The form to persist (it holds choices, never anything about the person).
    pub fn store(&self) -> String {
        let mut s = String::from(STORE_PREFIX);
        s.push(';');
        s.push_str(&self.policy.to_hex());
        for &p in &self.requested {
            let v = match self.choice(p) {
                Choice::Pending => continue,
                Choice::Denied => "denied",
                Choice::Granted(src) => src.as_str(),
            };
            s.push(';');
            s.push_str(p.as_str());
            s.push('=');
            s.push_str(v);
        }
        s
    }

    /// The state of `purpose`; purposes the host does not ask for are always denied.
    pub fn choice(&self, purpose: Purpose) -> Choice {
        if self.requested.contains(&purpose) {
            self.choices[index(purpose)]
        } else {
            Choice::Denied
        }
    }

    /// The consent source if `purpose` may be captured now.
    pub fn granted(&self, purpose: Purpose) -> Option<ConsentSource> {
        match self.choice(purpose) {
            Choice::Granted(src) => Some(src),
            _ => None,
        }
    }

    /// The purposes that may be captured now.
    pub fn granted_purposes(&self) -> Vec<Purpose> {
        self.requested
            .iter()
            .copied()
            .filter(|p| self.granted(*p).is_some())
            .collect()
    }

    /// Whether some requested purpose still waits for the person's answer.
    pub fn needs_asking(&self) -> bool {
        self.requested
            .iter()
            .any(|p| self.choice(*p) == Choice::Pending)
    }

    /// Whether a privacy signal is on.
    pub fn privacy_signal(&self) -> bool {
        self.privacy_signal
    }

    /// The policy this consent belongs to.
    pub fn policy(&self) -> PolicyHash {
        self.policy
    }

    /// Grants or denies `purpose`. `trusted` says whether a dialog answer came from a real user
    /// interaction. Denying always works; granting obeys the privacy-signal rule.
    pub fn set(
        &mut self,
        purpose: Purpose,
        grant: bool,
        source: ConsentSource,
        trusted: bool,
    ) -> Result<Change, ConsentError> {
        if !self.requested.contains(&purpose) {
            return Err(ConsentError::NotRequested(purpose));
        }
        let before = self.choice(purpose);
        let after = if grant {
            if source == ConsentSource::Dialog && !trusted {
                return Err(ConsentError::Untrusted);
            }
            if source == ConsentSource::Host && self.privacy_signal {
                return Err(ConsentError::PrivacySignal);
            }
            Choice::Granted(source)
        } else {
            Choice::Denied
        };
        self.choices[index(purpose)] = after;
        Ok(match (before, after) {
            (Choice::Granted(a), Choice::Granted(b)) if a == b => Change::None,
            (Choice::Granted(_), Choice::Granted(_)) => Change::None,
            (_, Choice::Granted(_)) => Change::Granted,
            (Choice::Granted(_), _) => Change::Revoked,
            (Choice::Pending, Choice::Denied) => Change::Denied,
            _ => Change::None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ConsentSource::{Dialog, Host};
    use Purpose::*;

    fn policy() -> PolicyHash {
        PolicyHash::of("p1")
    }

    #[test]
    fn nothing_is_granted_until_the_person_or_host_grants() {
        let mut c = Consent::new(policy(), &[Interaction, Typing], false);
        assert!(c.needs_asking());
        assert_eq!(c.granted_purposes(), []);
        assert_eq!(c.set(Typing, true, Dialog, true), Ok(Change::Granted));
        assert_eq!(c.granted(Typing), Some(Dialog));
        assert_eq!(c.granted(Interaction), None);
        assert_eq!(c.set(Interaction, false, Host, false), Ok(Change::Denied));
        assert!(!c.needs_asking());
        assert_eq!(c.set(Typing, false, Dialog, true), Ok(Change::Revoked));
        assert_eq!(c.granted_purposes(), []);
        assert_eq!(
            c.set(Pointer, true, Host, false),
            Err(ConsentError::NotRequested(Pointer))
        );
        assert_eq!(c.choice(Pointer), Choice::Denied);
    }

    #[test]
    fn privacy_signals_deny_unless_the_person_grants_in_the_dialog() {
        let mut c = Consent::new(policy(), &[Interaction, Typing], true);
        assert!(
            !c.needs_asking(),
            "GPC is an answer: denied, the dialog is not forced on the person"
        );
        assert_eq!(
            c.set(Typing, true, Host, false),
            Err(ConsentError::PrivacySignal)
        );
        assert_eq!(
            c.set(Typing, true, Dialog, false),
            Err(ConsentError::Untrusted)
        );
        assert_eq!(c.granted(Typing), None);
        assert_eq!(c.set(Typing, true, Dialog, true), Ok(Change::Granted));
        assert_eq!(c.granted(Typing), Some(Dialog));
        assert_eq!(
            c.set(Typing, false, Host, false),
            Ok(Change::Revoked),
            "a host may always deny"
        );
    }

    #[test]
    fn stored_consent_survives_only_for_the_same_policy() {
        let mut c = Consent::new(policy(), &[Interaction, Typing, Navigation], false);
        c.set(Typing, true, Dialog, true).unwrap();
        c.set(Interaction, true, Host, false).unwrap();
        c.set(Navigation, false, Host, false).unwrap();
        let stored = c.store();
        assert_eq!(
            stored,
            format!(
                "ac-consent-v1;{};interaction=host;typing=dialog;navigation=denied",
                policy().to_hex()
            )
        );
        assert_eq!(
            Consent::restore(&stored, policy(), &[Interaction, Typing, Navigation], false),
            c
        );
        let changed = Consent::restore(
            &stored,
            PolicyHash::of("p2"),
            &[Interaction, Typing, Navigation],
            false,
        );
        assert!(changed.needs_asking());
        assert_eq!(changed.granted_purposes(), []);
        let gpc = Consent::restore(&stored, policy(), &[Interaction, Typing, Navigation], true);
        assert_eq!(
            gpc.granted_purposes(),
            [Typing],
            "host grants do not survive GPC; dialog grants do"
        );
        for junk in [
            "",
            "garbage",
            "ac-consent-v1",
            "ac-consent-v1;zz;typing=dialog",
        ] {
            assert_eq!(
                Consent::restore(junk, policy(), &[Typing], false).choice(Typing),
                Choice::Pending,
                "{junk:?}"
            );
        }
    }
}
