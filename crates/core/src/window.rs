//! Time windows: summaries aggregate per window, and every timestamp on the wire is the start
//! of its window, truncated to the window length.

/// Seconds in one UTC day.
pub const DAY_SECONDS: u64 = 86_400;

/// A validated window length in minutes (1 minute to 24 hours; default 15).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct WindowLength(u32);

impl WindowLength {
    /// The shortest window: one minute.
    pub const MIN_MINUTES: u32 = 1;
    /// The longest window: one day.
    pub const MAX_MINUTES: u32 = 1440;
    /// The default: fifteen minutes.
    pub const DEFAULT: WindowLength = WindowLength(15);

    /// A window of `minutes`, or `None` outside 1..=1440 or when it does not divide a day
    /// evenly (so that windows never straddle midnight UTC and pseudonyms stay per day).
    pub fn from_minutes(minutes: u32) -> Option<WindowLength> {
        let in_range = (Self::MIN_MINUTES..=Self::MAX_MINUTES).contains(&minutes);
        (in_range && Self::MAX_MINUTES % minutes == 0).then_some(WindowLength(minutes))
    }

    /// The length in minutes.
    pub fn minutes(self) -> u32 {
        self.0
    }

    /// The length in seconds.
    pub fn seconds(self) -> u64 {
        u64::from(self.0) * 60
    }

    /// The start (Unix seconds) of the window holding `unix_ms`.
    pub fn start_of(self, unix_ms: u64) -> u64 {
        let s = unix_ms / 1000;
        s - s % self.seconds()
    }
}

impl Default for WindowLength {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The UTC day number (days since 1970-01-01) holding `unix_seconds`.
pub fn utc_day(unix_seconds: u64) -> u64 {
    unix_seconds / DAY_SECONDS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_lengths_are_validated() {
        for (m, ok) in [
            (0, false),
            (1, true),
            (15, true),
            (7, false),
            (60, true),
            (1440, true),
            (1441, false),
        ] {
            assert_eq!(WindowLength::from_minutes(m).is_some(), ok, "{m} minutes");
        }
        assert_eq!(WindowLength::default().minutes(), 15);
    }

    #[test]
    fn timestamps_truncate_to_the_window() {
        let w = WindowLength::DEFAULT;
        // 2026-11-27T10:22:33.456Z
        let t = 1_795_774_953_456;
        assert_eq!(w.start_of(t), 1_795_774_500);
        assert_eq!(w.start_of(t) % 900, 0);
        assert_eq!(
            WindowLength::from_minutes(1440).unwrap().start_of(t) % DAY_SECONDS,
            0
        );
        assert_eq!(utc_day(1_795_774_953), 20_784);
    }
}
