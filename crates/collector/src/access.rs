//! Access: what a reader may see (aggregate cells over at least k people, within its scope) and
//! how a person reaches their own rows (by presenting the device secret).

use std::collections::BTreeMap;

use activity_capture_core::id::{SubjectId, SubjectSecret};
use activity_capture_core::purpose::Purpose;
use serde::Serialize;

use crate::config::{AuditorConfig, Config, ReaderConfig};
use crate::error::ApiError;
use crate::keys::find_by_key;
use crate::metrics::TARGET_PREFIX;
use crate::retention::accepted_days;
use crate::storage::CellTotals;

/// The key of an `Authorization: Bearer <key>` header.
fn bearer(authorization: Option<&str>) -> Result<&str, ApiError> {
    let value = authorization.ok_or(ApiError::Unauthorized {
        field: "Authorization",
        error: "missing key (Authorization: Bearer <key>)",
    })?;
    value
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .ok_or(ApiError::Unauthorized {
            field: "Authorization",
            error: "expected Authorization: Bearer <key>",
        })
}

/// The reader whose key is in `authorization` (`Bearer <key>`). Keys of other roles (ingest,
/// auditor) are looked up nowhere else, so they never get past this.
pub fn reader<'a>(
    config: &'a Config,
    authorization: Option<&str>,
) -> Result<&'a ReaderConfig, ApiError> {
    find_by_key(&config.readers, bearer(authorization)?, |r| &r.key).ok_or(ApiError::Unauthorized {
        field: "Authorization",
        error: "unknown reader key",
    })
}

/// The auditor whose key is in `authorization` (`Bearer <key>`). Auditors read the audit log
/// and nothing else; no other key reads it.
pub fn auditor<'a>(
    config: &'a Config,
    authorization: Option<&str>,
) -> Result<&'a AuditorConfig, ApiError> {
    find_by_key(&config.auditors, bearer(authorization)?, |a| &a.key).ok_or(
        ApiError::Unauthorized {
            field: "Authorization",
            error: "unknown auditor key",
        },
    )
}

/// Checks that `reader` may read `purpose` of `app`.
pub fn check_scope(reader: &ReaderConfig, app: &str, purpose: Purpose) -> Result<(), ApiError> {
    if reader.app.as_str() != app {
        return Err(ApiError::Forbidden {
            field: "app",
            error: "this reader may not read this app",
        });
    }
    if !reader.may_read(app, purpose) {
        return Err(ApiError::Forbidden {
            field: "purpose",
            error: "this reader may not read this purpose",
        });
    }
    Ok(())
}

/// A published cell.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PublishedCell {
    /// The route template.
    pub route: String,
    /// Distinct people in the cell (at least k).
    pub people: u64,
    /// Metric sums by name.
    pub metrics: BTreeMap<String, u64>,
}

/// Applies k-suppression: cells with fewer than `k` distinct people are withheld (only counted),
/// and so are target metrics that fewer than `k` people contributed to.
pub fn publish(cells: Vec<CellTotals>, k: u32) -> (Vec<PublishedCell>, u64) {
    let k = u64::from(k);
    let mut published = Vec::new();
    let mut suppressed = 0;
    for cell in cells {
        if cell.people < k {
            suppressed += 1;
            continue;
        }
        let metrics = cell
            .metrics
            .into_iter()
            .filter(|m| !m.name.starts_with(TARGET_PREFIX) || m.people >= k)
            .map(|m| (m.name, m.total))
            .collect();
        published.push(PublishedCell {
            route: cell.route,
            people: cell.people,
            metrics,
        });
    }
    (published, suppressed)
}

/// The totals of a grid answer: per metric, the sum over the *published* cells only. A
/// withheld cell adds nothing, so subtracting the published cells from the totals leaves zero
/// whatever a withheld cell holds.
pub fn totals(cells: &[PublishedCell]) -> BTreeMap<String, u64> {
    let mut totals = BTreeMap::new();
    for cell in cells {
        for (name, value) in &cell.metrics {
            *totals.entry(name.clone()).or_insert(0) += value;
        }
    }
    totals
}

/// The (day, pseudonym) pairs of the person holding `secret` in `app`, for every day whose
/// rows the collector may still hold, oldest first.
pub fn own_subjects(
    secret: &SubjectSecret,
    app: &str,
    today: u64,
    retention_days: u32,
) -> Vec<(u64, SubjectId)> {
    accepted_days(today, retention_days)
        .map(|day| (day, secret.subject_for(app, day)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::storage::MetricTotal;

    fn cell(route: &str, people: u64, metrics: &[(&str, u64, u64)]) -> CellTotals {
        CellTotals {
            route: route.into(),
            people,
            metrics: metrics
                .iter()
                .map(|(n, t, p)| MetricTotal {
                    name: (*n).into(),
                    total: *t,
                    people: *p,
                })
                .collect(),
        }
    }

    #[test]
    fn cells_and_target_metrics_under_k_are_withheld() {
        let cells = vec![
            cell("/a", 4, &[("summaries", 4, 4)]),
            cell(
                "/b",
                5,
                &[
                    ("summaries", 6, 5),
                    ("data.clicks", 30, 5),
                    ("targets.Rare.clicks", 2, 1),
                    ("targets.Common.clicks", 9, 5),
                ],
            ),
        ];
        let (published, suppressed) = publish(cells, 5);
        assert_eq!(suppressed, 1);
        assert_eq!(published.len(), 1);
        let keys: Vec<&str> = published[0].metrics.keys().map(String::as_str).collect();
        assert_eq!(keys, ["data.clicks", "summaries", "targets.Common.clicks"]);
    }
}
