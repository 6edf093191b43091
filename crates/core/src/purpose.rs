//! Purposes: the fixed set of reasons the SDK can capture for, each unlocking its own fields.

/// A purpose the person can grant or refuse. The set is fixed by the SDK; the host supplies
/// only the words shown to the person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Purpose {
    /// Clicks, form submits, focus changes, copy/cut/paste as actions, active time, scroll depth
    /// and the most-clicked labelled targets.
    Interaction,
    /// Typing activity as quantised counts per key class and per input kind.
    Typing,
    /// Pointer movement as a bucketed distance.
    Pointer,
    /// Page views, in-app route changes, visible time and how often the page was hidden.
    Navigation,
}

impl Purpose {
    /// Every purpose, in wire order.
    pub const ALL: [Purpose; 4] = [
        Purpose::Interaction,
        Purpose::Typing,
        Purpose::Pointer,
        Purpose::Navigation,
    ];

    /// The purpose's key, as used in options and on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Interaction => "interaction",
            Purpose::Typing => "typing",
            Purpose::Pointer => "pointer",
            Purpose::Navigation => "navigation",
        }
    }

    /// Parses a purpose key; `None` for anything the SDK does not define.
    pub fn parse(key: &str) -> Option<Purpose> {
        Purpose::ALL.into_iter().find(|p| p.as_str() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_unknown_keys_are_refused() {
        for p in Purpose::ALL {
            assert_eq!(Purpose::parse(p.as_str()), Some(p));
        }
        assert_eq!(Purpose::parse("keystrokes"), None);
        assert_eq!(Purpose::parse("Typing"), None);
    }
}
