//! `carrefour mapping import-openscraper`: the 2018 platform's spiders
//! become draft mappings that pass `mapping check` and harvest the fixture
//! sites they were written for (`tests/fixtures/openscraper/`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use carrefour::harvest::{HarvestReport, fold};
use carrefour::mapping::{Mapping, openscraper};
use carrefour::record::ProjectRecord;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn fixtures() -> PathBuf {
    Path::new(ROOT).join("tests/fixtures")
}

fn drafts() -> Vec<openscraper::Draft> {
    let dir = fixtures().join("openscraper");
    openscraper::convert_files(
        &dir.join("spiders_config.json"),
        &dir.join("datamodel_config.json"),
    )
    .unwrap()
}

fn draft(partner: &str) -> Mapping {
    let draft = drafts().into_iter().find(|d| d.partner == partner).unwrap();
    Mapping::parse(format!("{partner}.toml"), &draft.text).unwrap()
}

/// Harvests a mirrored fixture site with `mapping` (dry run).
fn harvest(site: &str, mapping: Mapping) -> (Vec<ProjectRecord>, HarvestReport) {
    let sites = fixtures().join("sites");
    let truth: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(sites.join(site).join("expected.json")).unwrap(),
    )
    .unwrap();
    let origin = truth["origin"].as_str().unwrap();
    let outcome = crate::common::dry_run(&sites.join(site), origin, mapping);
    (outcome.records, outcome.report)
}

/// The folded names of a fixture site's projects.
fn truth_names(site: &str) -> BTreeSet<String> {
    let text =
        std::fs::read_to_string(fixtures().join("sites").join(site).join("expected.json")).unwrap();
    let truth: serde_json::Value = serde_json::from_str(&text).unwrap();
    truth["projects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| fold(p["name"].as_str().unwrap()))
        .collect()
}

#[test]
fn every_spider_becomes_a_draft_that_passes_mapping_check() {
    let drafts = drafts();
    let partners: Vec<&str> = drafts.iter().map(|d| d.partner.as_str()).collect();
    assert_eq!(
        partners,
        [
            "fondation-solidaire-de-la-table",
            "fondation-des-categories",
            "bretagne-solidaire",
            "projets-en-liste-javascript",
            "my-positive-impact"
        ]
    );
    let table = &drafts[0].text;
    // parse_follow: false → records on the listing, keyed by name, for a human to confirm.
    assert!(table.contains("follow = false"), "{table}");
    assert!(
        table.contains("key = [\"name\"]") && table.contains("TODO(human)"),
        "{table}"
    );
    assert!(table.contains("./following-sibling::tr[1]"), "{table}");
    // Media and unkept fields are written as comments, not rules.
    let impact = &drafts[4].text;
    assert!(
        impact.contains("# Not kept: \"image du projet\""),
        "{impact}"
    );
    // page_needs_splash → a browser.
    assert!(
        drafts[3].text.contains("render = \"browser\""),
        "{}",
        drafts[3].text
    );
    // Several start pages: a human decides whether they are categories.
    assert!(
        drafts[1].text.contains("tags = [\"…\"]"),
        "{}",
        drafts[1].text
    );
}

#[test]
fn drafts_harvest_the_sites_their_spiders_were_written_for() {
    for (partner, site, items) in [
        ("fondation-solidaire-de-la-table", "table-fondation", 40),
        ("fondation-des-categories", "categories-fondation", 35),
        ("bretagne-solidaire", "titres-bretagne", 30),
    ] {
        let (records, report) = harvest(site, draft(partner));
        assert_eq!(report.items_found, items, "{partner}: {}", report.summary());
        assert!(report.errors.is_empty(), "{partner}: {:?}", report.errors);
        // Like the 2018 spiders, the drafts are imperfect (a carrier missing
        // here and there), but what they keep is the site's projects.
        let names = truth_names(site);
        assert!(
            records.len() * 10 >= items * 8,
            "{partner}: only {} of {items}",
            records.len()
        );
        for record in &records {
            assert!(
                names.contains(&fold(&record.name)),
                "{partner}: {:?} is no project of {site}",
                record.name
            );
        }
    }
}

#[test]
fn the_command_writes_one_file_per_spider_and_keeps_existing_files() {
    let out = tempfile::tempdir().unwrap();
    let existing = out.path().join("my-positive-impact.toml");
    std::fs::write(&existing, "# mine\n").unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_carrefour"))
        .args(["mapping", "import-openscraper"])
        .arg(fixtures().join("openscraper/spiders_config.json"))
        .arg("--out")
        .arg(out.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        stdout.contains("my-positive-impact.toml: exists, left as it is"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&existing).unwrap(), "# mine\n");
    for partner in ["fondation-solidaire-de-la-table", "bretagne-solidaire"] {
        let path = out.path().join(format!("{partner}.toml"));
        let check = Command::new(env!("CARGO_BIN_EXE_carrefour"))
            .args(["mapping", "check"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            check.status.success(),
            "{}",
            String::from_utf8_lossy(&check.stderr)
        );
    }
}
