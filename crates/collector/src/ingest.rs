//! Ingest: who may write (ingest key and `Origin`), which decoded summaries are accepted, and
//! the per-summary answer.
//!
//! The body has already been decoded by `wire::decode_batch`, which runs the tripwire on every
//! string; what reaches here is either a typed [`Summary`] or the reason it was refused.

use activity_capture_core::summary::Summary;
use activity_capture_core::window::utc_day;
use activity_capture_core::wire::WireError;
use serde::Serialize;

use crate::config::{AppConfig, Config};
use crate::error::ApiError;
use crate::keys::find_by_key;
use crate::retention::accepted_days;
use crate::storage::StoreOutcome;

/// The app whose ingest key is `key`, if its pages are served from `origin`.
pub fn authorize<'a>(
    config: &'a Config,
    key: &str,
    origin: Option<&str>,
) -> Result<&'a AppConfig, ApiError> {
    let app = find_by_key(&config.apps, key, |a| &a.ingest_key).ok_or(ApiError::Unauthorized {
        field: "key",
        error: "unknown ingest key",
    })?;
    check_origin(app, origin)?;
    Ok(app)
}

/// Checks that a browser request comes from one of `app`'s origins (a missing `Origin` header
/// is refused too: the collector serves pages of configured apps, not scripts).
pub fn check_origin(app: &AppConfig, origin: Option<&str>) -> Result<(), ApiError> {
    match origin {
        None => Err(ApiError::Forbidden {
            field: "Origin",
            error: "missing Origin header",
        }),
        Some(o) if app.allows_origin(o) => Ok(()),
        Some(_) => Err(ApiError::Forbidden {
            field: "Origin",
            error: "origin not allowed for this app",
        }),
    }
}

/// What happened to one summary, as answered to the SDK.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Stored now.
    Stored,
    /// Already stored; acknowledged, stored once.
    Duplicate,
    /// Refused; nothing of it was stored. The SDK should not retry it.
    Refused,
}

/// The answer for one summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SummaryResult {
    /// The summary's id, when it could be read.
    pub id: Option<String>,
    /// What happened.
    pub status: Status,
    /// For refusals: the offending field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For refusals: what was wrong.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl SummaryResult {
    fn refused(id: Option<String>, field: &str, error: impl Into<String>) -> SummaryResult {
        SummaryResult {
            id,
            status: Status::Refused,
            field: (!field.is_empty()).then(|| field.to_owned()),
            error: Some(error.into()),
        }
    }
}

/// The summaries to store, and a placeholder-or-refusal per request position.
#[derive(Debug)]
pub struct Triage {
    /// Summaries that passed every check, in request order.
    pub accepted: Vec<Summary>,
    /// Per request position: `None` for an accepted summary (its result comes from the store),
    /// or the refusal.
    pub slots: Vec<Option<SummaryResult>>,
}

/// Sorts decoded summaries into accepted ones and refusals: each must have decoded cleanly
/// (the decoder runs the tripwire), belong to the key's app, have a route free of long numbers,
/// and fall on a day the collector accepts.
pub fn triage(
    app: &AppConfig,
    decoded: Vec<Result<Summary, (Option<String>, WireError)>>,
    today: u64,
    retention_days: u32,
) -> Triage {
    let days = accepted_days(today, retention_days);
    let mut accepted = Vec::new();
    let mut slots = Vec::with_capacity(decoded.len());
    for item in decoded {
        let slot = match item {
            Err((id, e)) => Some(SummaryResult::refused(id, &e.field, e.problem)),
            Ok(s) if s.app != app.name => Some(SummaryResult::refused(
                Some(s.id.to_hex()),
                "app",
                "not the app of this ingest key",
            )),
            Ok(s) if has_long_number(s.route.as_str()) => Some(SummaryResult::refused(
                Some(s.id.to_hex()),
                "route",
                "looks like it holds an identifier (a run of more than 3 digits); expected a template like /tickets/:id",
            )),
            Ok(s) if !days.contains(&utc_day(s.window_start())) => Some(SummaryResult::refused(
                Some(s.id.to_hex()),
                "start",
                "outside the days the collector accepts (the retention period up to tomorrow, UTC)",
            )),
            Ok(s) => {
                accepted.push(s);
                None
            }
        };
        slots.push(slot);
    }
    Triage { accepted, slots }
}

/// Whether a route holds a run of more than three digits. Route templates replace identifiers
/// with `:id`, so such a run is an identifier (an account, a phone or card number, a ticket
/// number) that slipped through; the collector refuses it whatever the redactor says.
pub fn has_long_number(route: &str) -> bool {
    route
        .split(|c: char| !c.is_ascii_digit())
        .any(|run| run.len() > 3)
}

/// Fills the accepted positions with the store's outcomes, in request order.
pub fn results(triage: Triage, outcomes: Vec<StoreOutcome>) -> Vec<SummaryResult> {
    let mut accepted = triage.accepted.into_iter().zip(outcomes);
    triage
        .slots
        .into_iter()
        .map(|slot| match slot {
            Some(refusal) => refusal,
            None => {
                let (s, outcome) = accepted.next().expect("one outcome per accepted summary");
                let id = Some(s.id.to_hex());
                match outcome {
                    StoreOutcome::Stored => SummaryResult {
                        id,
                        status: Status::Stored,
                        field: None,
                        error: None,
                    },
                    StoreOutcome::Duplicate => SummaryResult {
                        id,
                        status: Status::Duplicate,
                        field: None,
                        error: None,
                    },
                    StoreOutcome::DayFolded => SummaryResult::refused(
                        id,
                        "start",
                        "that day has already been folded into aggregates",
                    ),
                }
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::has_long_number;

    #[test]
    fn routes_with_long_numbers_are_identifiers() {
        for (route, long) in [
            ("/tickets/:id", false),
            ("/v2/reports", false),
            ("/reports/q3-2fa/123", false),
            ("/tickets/0201234567", true),
            ("/tickets/4111111111111111", true),
            ("/reports/2026", true),
        ] {
            assert_eq!(has_long_number(route), long, "{route}");
        }
    }
}
