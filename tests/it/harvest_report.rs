//! What a harvest report tells a mapping's author: the partner's stage
//! labels and tags the alignment did not take, with how many projects
//! gave each.

use crate::harvest_sites::{dry_run, expected, mapping_for};

use std::collections::BTreeMap;

use carrefour::harvest::Unaligned;

#[test]
fn the_report_lists_the_stage_labels_and_tags_no_alignment_took() {
    for site in ["drupal-fondation", "sitemap-tiers-lieux"] {
        let expected = expected(site);
        let outcome = dry_run(site, mapping_for(&expected));
        // What expected.json says no stage takes: a label, and no stage.
        let mut unaligned: BTreeMap<String, usize> = BTreeMap::new();
        for project in expected["projects"].as_array().unwrap() {
            if let (Some(label), true) =
                (project["stage_label"].as_str(), project["stage"].is_null())
            {
                *unaligned.entry(label.to_owned()).or_default() += 1;
            }
        }
        assert!(!unaligned.is_empty(), "{site}");
        let report = &outcome.report;
        assert_eq!(
            report.unaligned.stages,
            Unaligned::top(unaligned.clone()),
            "{site}: {}",
            report.summary()
        );
        let (label, count) = unaligned.iter().next().unwrap();
        assert!(
            report.summary().contains(&format!("{label:?} ×{count}")),
            "{}",
            report.summary()
        );
        let tags = &report.unaligned.tags;
        assert!(
            !tags.is_empty() && tags.len() <= Unaligned::SHOWN,
            "{tags:?}"
        );
        assert!(
            tags.windows(2).all(|w| w[0].1 >= w[1].1),
            "most frequent first: {tags:?}"
        );
    }
}
