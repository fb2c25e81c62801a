//! A round of harvests over several partners ([`Harvester::harvest_all`]).

use std::path::Path;
use std::sync::Arc;

use carrefour::harvest::{FetchPolicy, Harvester, Progress};
use carrefour::mapping;

use crate::common::demo::demo_mirror;

/// The most runs that were under way at one moment, from the reports'
/// start and end times.
fn most_at_once(partners_at_once: usize) -> usize {
    let harvester = Harvester::new(FetchPolicy::default(), demo_mirror())
        .unwrap()
        .with_partners_at_once(partners_at_once);
    let mappings =
        mapping::load_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reports = runtime
        .block_on(harvester.harvest_all(mappings, |_| Arc::new(Progress::default())))
        .unwrap();
    assert_eq!(reports.len(), 6);
    let spans: Vec<_> = reports
        .iter()
        .map(|r| (r.started_at.unwrap(), r.ended_at.unwrap()))
        .collect();
    spans
        .iter()
        .map(|(start, _)| {
            spans
                .iter()
                .filter(|(s, e)| s <= start && start < e)
                .count()
        })
        .max()
        .unwrap()
}

#[test]
fn a_round_harvests_as_many_partners_at_once_as_it_is_told() {
    assert_eq!(most_at_once(1), 1);
    let two = most_at_once(2);
    assert!(two <= 2, "{two} partners at once");
    // Six at once do overlap: the bound above is what kept them apart.
    assert!(most_at_once(6) > 2);
}
