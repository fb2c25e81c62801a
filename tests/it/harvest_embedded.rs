//! Pages that embed JSON-LD, read as linked data (`[detail] linked_data =
//! true`) with no field rule: the bundled JSON-LD demo site gives the
//! records its `expected.json` describes.

use crate::common;
use crate::harvest_sites::{dry_run, expected};

use std::collections::BTreeMap;

use carrefour::mapping::Mapping;
use carrefour::record::ProjectRecord;
use common::truth::differences;

/// The JSON-LD site read with `[detail] linked_data = true` and no rule
/// but the stage's (which only the HTML gives): every page whose JSON-LD
/// describes its project gives the record `expected.json` describes; a
/// page without (or with broken) JSON-LD names no project and is invalid.
#[test]
fn jsonld_site_read_whole_without_field_rules() {
    let site = "jsonld-ecosysteme";
    let expected = expected(site);
    let mapping = Mapping::parse(
        "ecosysteme-linked-data.toml",
        r#"
        [partner]
        id = "ecosysteme-innovation"
        name = "Écosystème Innovation Sociale"
        homepage = "https://ecosysteme-innovation.example/"
        license = "http://creativecommons.org/licenses/by/4.0/"

        [discovery]
        start = ["https://ecosysteme-innovation.example/projets.html"]
        next = "head link[rel=next]"

        [listing]
        item = "a.card-link"

        [detail]
        linked_data = true

        [[detail.field]]
        target = "stage"
        select = ".project-stage"

        [alignment.stages]
        "Archivé" = "acheve"

        [exclude]
        media = ["image/*", "application/pdf"]
        "#,
    )
    .unwrap();
    let outcome = dry_run(site, mapping);
    let by_source: BTreeMap<String, &ProjectRecord> = outcome
        .records
        .iter()
        .map(|r| (r.source.to_string(), r))
        .collect();
    let mut problems = Vec::new();
    let mut read = 0;
    for truth in expected["projects"].as_array().unwrap() {
        let source = truth["source"].as_str().unwrap();
        let quirks = truth["quirks"].to_string();
        let without = quirks.contains("no-jsonld") || quirks.contains("broken-jsonld");
        match (by_source.get(source), without) {
            (Some(record), false) => {
                read += 1;
                problems.extend(
                    differences(record, truth)
                        .into_iter()
                        .map(|d| format!("{source}: {d}")),
                );
            }
            (None, true) => {
                if !outcome.report.invalid.iter().any(|s| s.url == source) {
                    problems.push(format!("{source}: neither harvested nor listed as invalid"));
                }
            }
            (None, false) => problems.push(format!("{source}: not harvested")),
            (Some(_), true) => problems.push(format!("{source}: harvested without JSON-LD")),
        }
    }
    assert!(
        problems.is_empty(),
        "{problems:#?}\n{}",
        outcome.report.summary()
    );
    assert_eq!(read, 53, "{}", outcome.report.summary());
}
