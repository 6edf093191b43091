//! Aggregate metrics: the numbers one summary contributes to its cell (app × day × route ×
//! purpose).
//!
//! Every numeric leaf of the purpose's `data` is a metric named by its wire path
//! (`data.clicks`, `data.keys.character`, ...; see `wire::DICTIONARY`). Besides those:
//! - `summaries`: 1 per summary, so a cell's count of summaries is its sum;
//! - `dropped`: the envelope's count of summaries the outbox dropped;
//! - `targets.<label>.clicks`: clicks on a labelled target (interaction only). A cell publishes a
//!   target metric only when at least k distinct people contributed to that metric, so a label
//!   clicked by one person never shows.

use activity_capture_core::summary::{Metrics, Summary};

/// The metric every summary contributes 1 to.
pub const SUMMARIES: &str = "summaries";
/// The prefix of the per-target click metrics.
pub const TARGET_PREFIX: &str = "targets.";

/// The metrics `s` contributes, each name once, in a fixed order.
pub fn metric_values(s: &Summary) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> =
        vec![(SUMMARIES.into(), 1), ("dropped".into(), s.dropped.into())];
    let mut put = |name: &str, v: u32| out.push((name.to_owned(), u64::from(v)));
    match &s.metrics {
        Metrics::Interaction(i) => {
            put("data.clicks", i.clicks);
            put("data.submits", i.submits);
            put("data.focus_changes", i.focus_changes);
            put("data.copies", i.copies);
            put("data.cuts", i.cuts);
            put("data.pastes", i.pastes);
            put("data.private", i.private);
            put("data.active_s", i.active.get());
            put("data.scroll_depth", i.scroll_depth.get());
            let mut targets: Vec<(String, u64)> = Vec::new();
            for t in &i.targets {
                let name = format!("{TARGET_PREFIX}{}.clicks", t.label.as_str());
                match targets.iter_mut().find(|(n, _)| *n == name) {
                    Some((_, v)) => *v += u64::from(t.clicks),
                    None => targets.push((name, u64::from(t.clicks))),
                }
            }
            out.extend(targets);
        }
        Metrics::Typing(t) => {
            put("data.keys.character", t.keys.character.get());
            put("data.keys.edit", t.keys.edit.get());
            put("data.keys.navigation", t.keys.navigation.get());
            put("data.keys.modifier", t.keys.modifier.get());
            put("data.keys.shortcut", t.keys.shortcut.get());
            put("data.inputs.insert", t.inputs.insert.get());
            put("data.inputs.delete", t.inputs.delete.get());
            put("data.inputs.paste", t.inputs.paste.get());
            put("data.inputs.history", t.inputs.history.get());
            put("data.inputs.format", t.inputs.format.get());
            put("data.inputs.other", t.inputs.other.get());
            put("data.private", t.private.get());
        }
        Metrics::Pointer(p) => put("data.distance_px", p.distance.get()),
        Metrics::Navigation(n) => {
            put("data.page_views", n.page_views);
            put("data.route_changes", n.route_changes);
            put("data.hides", n.hides);
            put("data.visible_s", n.visible.get());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use activity_capture_core::purpose::Purpose;
    use activity_capture_core::wire::example::example_summary;
    use activity_capture_core::wire::DICTIONARY;

    use super::*;

    #[test]
    fn every_numeric_data_field_of_the_dictionary_is_a_metric() {
        for purpose in Purpose::ALL {
            let names: BTreeSet<String> = metric_values(&example_summary(purpose))
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            let data_fields: BTreeSet<String> = DICTIONARY
                .iter()
                .filter(|d| d.purpose == Some(purpose) && !d.path.contains("[]"))
                .map(|d| d.path.to_owned())
                .collect();
            let own: BTreeSet<String> = names
                .iter()
                .filter(|n| n.starts_with("data."))
                .cloned()
                .collect();
            assert_eq!(own, data_fields, "{}", purpose.as_str());
        }
        let interaction = metric_values(&example_summary(Purpose::Interaction));
        assert!(interaction.contains(&("targets.Assign ticket.clicks".into(), 9)));
        assert!(interaction.contains(&("summaries".into(), 1)));
    }
}
