//! Every bundled demo site harvests into the records its `expected.json`
//! describes, field by field, from its local mirror.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use carrefour::harvest::{
    FetchPolicy, Fetcher, Mirror, PageCache, Progress, Verdict, harvest_partner,
};
use carrefour::mapping::{self, Mapping};
use carrefour::record::ProjectRecord;
use common::truth::differences;
use serde_json::Value;

const SITES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sites");
const MAPPINGS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/mappings");

pub(crate) fn expected(site: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(SITES).join(site).join("expected.json")).unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The mapping whose partner homepage is the site's origin.
pub(crate) fn mapping_for(expected: &Value) -> Mapping {
    let homepage = expected["homepage"].as_str().unwrap();
    let origin = expected["origin"].as_str().unwrap();
    mapping::load_dir(Path::new(MAPPINGS))
        .unwrap()
        .into_iter()
        .find(|m| {
            m.partner.homepage.as_str() == homepage
                || m.sources.iter().any(|source| {
                    let d = &source.discovery;
                    d.start
                        .iter()
                        .map(|s| &s.url)
                        .chain(d.sitemap.iter().map(|s| &s.url))
                        .any(|u| u.as_str().starts_with(origin))
                })
        })
        .unwrap_or_else(|| panic!("no mapping for {homepage}"))
}

/// A dry run of `mapping` on the bundled site `site`, read from its mirror.
pub(crate) fn dry_run(site: &str, mapping: Mapping) -> carrefour::harvest::Outcome {
    let origin = expected(site)["origin"].as_str().unwrap().to_owned();
    common::dry_run(&Path::new(SITES).join(site), &origin, mapping)
}

pub(crate) fn fetcher(site: &str, origin: &str) -> Fetcher {
    let mirror = Mirror::new().with_origin(
        &url::Url::parse(origin).unwrap(),
        Path::new(SITES).join(site),
    );
    Fetcher::new(FetchPolicy::default())
        .unwrap()
        .with_mirror(mirror)
}

fn harvest(site: &str) -> (Value, Vec<ProjectRecord>, carrefour::harvest::HarvestReport) {
    let expected = expected(site);
    let outcome = dry_run(site, mapping_for(&expected));
    (expected, outcome.records, outcome.report)
}

fn assert_site(site: &str) {
    let (expected, records, report) = harvest(site);
    assert!(
        matches!(report.verdict, Verdict::DryRun { .. }),
        "{site}: {}",
        report.summary()
    );
    let by_source: BTreeMap<String, &ProjectRecord> =
        records.iter().map(|r| (r.source.to_string(), r)).collect();
    let truths = expected["projects"].as_array().unwrap();
    let mut problems = Vec::new();
    for truth in truths {
        let source = truth["source"].as_str().unwrap();
        match by_source.get(source) {
            None => problems.push(format!("{source}: not harvested")),
            Some(record) => problems.extend(
                differences(record, truth)
                    .into_iter()
                    .map(|d| format!("{source}: {d}")),
            ),
        }
    }
    for excluded in expected["excluded"].as_array().into_iter().flatten() {
        let url = excluded["url"].as_str().unwrap_or_default();
        if by_source.contains_key(url) {
            problems.push(format!(
                "{url}: should have been excluded ({})",
                excluded["why"]
            ));
        }
    }
    if records.len() != truths.len() {
        problems.push(format!(
            "{} records, {} expected",
            records.len(),
            truths.len()
        ));
    }
    let shown: Vec<&String> = problems.iter().take(25).collect();
    assert!(
        problems.is_empty(),
        "{site}: {} problems\n{shown:#?}\n{}",
        problems.len(),
        report.summary()
    );
}

#[test]
fn drupal_site() {
    assert_site("drupal-fondation");
}

#[test]
fn wordpress_site() {
    assert_site("wordpress-reseau");
}

#[test]
fn spip_site_in_iso_8859_1() {
    assert_site("spip-solidarites");
}

#[test]
fn jsonld_site() {
    assert_site("jsonld-ecosysteme");
}

#[test]
fn json_api_site() {
    assert_site("api-territoires");
}

#[test]
fn sitemap_site() {
    assert_site("sitemap-tiers-lieux");
}

#[test]
fn reharvesting_an_unchanged_site_costs_conditional_requests() {
    let expected = expected("sitemap-tiers-lieux");
    let mapping = Arc::new(mapping_for(&expected));
    let fetcher = fetcher("sitemap-tiers-lieux", expected["origin"].as_str().unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let first = runtime.block_on(harvest_partner(
        &fetcher,
        mapping.clone(),
        None,
        &PageCache::default(),
        &Progress::default(),
    ));
    let second = runtime.block_on(harvest_partner(
        &fetcher,
        mapping,
        None,
        &first.cache,
        &Progress::default(),
    ));
    assert_eq!(first.report.not_modified, 0);
    assert_eq!(second.report.detail_pages, 40);
    assert_eq!(
        second.report.not_modified,
        40,
        "{}",
        second.report.summary()
    );
    // Same projects, same IRIs, same facts: only the provenance is new.
    let facts = |records: &[ProjectRecord]| {
        let mut facts: Vec<(String, String, String)> = records
            .iter()
            .map(|r| (r.key(), r.name.clone(), r.description.clone()))
            .collect();
        facts.sort();
        facts
    };
    assert_eq!(facts(&first.records), facts(&second.records));
    assert_ne!(first.harvest.id, second.harvest.id);
}

/// A mapping (wrongly) pointing `contact.url` at a page's pictures and PDFs.
fn media_hungry_mapping(media: &str) -> Mapping {
    let text =
        std::fs::read_to_string(Path::new(MAPPINGS).join("tiers-lieux-solidaires.toml")).unwrap();
    let rule = "[[detail.field]]\ntarget = \"contact.url\"\nselect = [\"img\", \"a[href$='.pdf']\"]\nextract = \"attr:src\"\n\n";
    let text = text
        .replace(
            "[exclude]\nmedia = [\"image/*\", \"application/pdf\"]\n",
            &format!("[exclude]\nmedia = {media}\n"),
        )
        .replacen(
            "[[detail.field]]\n",
            &format!("{rule}[[detail.field]]\n"),
            1,
        );
    Mapping::parse("media.toml", &text).unwrap()
}

#[test]
fn excluded_media_never_reach_a_record() {
    let expected = expected("sitemap-tiers-lieux");
    let fetcher = fetcher("sitemap-tiers-lieux", expected["origin"].as_str().unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let run = |media: &str| {
        let mapping = Arc::new(media_hungry_mapping(media));
        runtime
            .block_on(harvest_partner(
                &fetcher,
                mapping,
                None,
                &PageCache::default(),
                &Progress::default(),
            ))
            .records
    };
    let with_urls = |records: &[ProjectRecord]| {
        records
            .iter()
            .filter(|r| r.contact.as_ref().is_some_and(|c| c.url.is_some()))
            .count()
    };
    // Without the exclusion the rule does pick pictures up…
    assert!(with_urls(&run("[]")) > 0);
    // …with it, no picture reaches a record.
    assert_eq!(with_urls(&run("[\"image/*\", \"application/pdf\"]")), 0);
    for site in [
        "drupal-fondation",
        "wordpress-reseau",
        "jsonld-ecosysteme",
        "sitemap-tiers-lieux",
    ] {
        let (_, records, _) = harvest(site);
        let json = serde_json::to_string(&records).unwrap().to_lowercase();
        for extension in [".pdf\"", ".jpg\"", ".jpeg\"", ".png\"", ".gif\"", ".webp\""] {
            assert!(
                !json.contains(extension),
                "{site}: a record keeps a {extension} link"
            );
        }
    }
}

#[test]
fn excluded_urls_projects_and_fields_are_honoured() {
    let expected = expected("sitemap-tiers-lieux");
    let projects = expected["projects"].as_array().unwrap();
    let by_url = projects[0]["source"].as_str().unwrap().to_owned();
    let by_key_url = url::Url::parse(projects[1]["source"].as_str().unwrap()).unwrap();
    let key = carrefour::record::project_key("tiers-lieux-solidaires", &by_key_url);
    let text =
        std::fs::read_to_string(Path::new(MAPPINGS).join("tiers-lieux-solidaires.toml")).unwrap();
    let exclusions = format!(
        "[exclude]\nurls = [{:?}]\nprojects = [{key:?}]\nfields = [\"contact.telephone\"]\nmedia = [\"image/*\"]\n",
        regex::escape(&by_url)
    );
    let text = text.replace(
        "[exclude]\nmedia = [\"image/*\", \"application/pdf\"]\n",
        &exclusions,
    );
    assert!(
        text.contains("fields = [\"contact.telephone\"]"),
        "the test did not patch the mapping"
    );
    let mapping = Mapping::parse("patched.toml", &text).unwrap();
    let fetcher = fetcher("sitemap-tiers-lieux", expected["origin"].as_str().unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let outcome = runtime.block_on(harvest_partner(
        &fetcher,
        Arc::new(mapping),
        None,
        &PageCache::default(),
        &Progress::default(),
    ));
    let sources: Vec<String> = outcome
        .records
        .iter()
        .map(|r| r.source.to_string())
        .collect();
    assert_eq!(outcome.records.len(), projects.len() - 2);
    assert!(!sources.contains(&by_url));
    assert!(!sources.contains(&by_key_url.to_string()));
    assert!(
        outcome
            .records
            .iter()
            .all(|r| r.contact.as_ref().is_none_or(|c| c.telephone.is_none()))
    );
    let excluded: Vec<&str> = outcome
        .report
        .excluded
        .iter()
        .map(|s| s.why.as_str())
        .collect();
    assert!(
        excluded.iter().any(|w| w.contains("exclude.urls")),
        "{excluded:?}"
    );
    assert!(
        excluded.iter().any(|w| w.contains("exclude.projects")),
        "{excluded:?}"
    );
}

fn harvest_with(site: &str, mapping: Mapping) -> carrefour::harvest::Outcome {
    let expected = expected(site);
    let fetcher = fetcher(site, expected["origin"].as_str().unwrap());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(harvest_partner(
        &fetcher,
        Arc::new(mapping),
        None,
        &PageCache::default(),
        &Progress::default(),
    ))
}

#[test]
fn pagination_by_url_template_finds_the_same_projects() {
    let text =
        std::fs::read_to_string(Path::new(MAPPINGS).join("fondation-territoires.toml")).unwrap();
    let text = text.replace(
        "next = \"nav.pager a[rel=next]\"",
        "pages = { template = \"https://www.fondation-territoires.example/projets?page={page}\", from = 1, to = 4 }",
    );
    let outcome = harvest_with(
        "drupal-fondation",
        Mapping::parse("template.toml", &text).unwrap(),
    );
    assert_eq!(
        outcome.report.listing_pages,
        5,
        "{}",
        outcome.report.summary()
    );
    assert_eq!(outcome.records.len(), 95);
}

#[test]
fn a_required_field_missing_makes_the_item_invalid() {
    let text =
        std::fs::read_to_string(Path::new(MAPPINGS).join("tiers-lieux-solidaires.toml")).unwrap();
    let text = text.replace(
        "target = \"contact.telephone\"\nmicrodata = \"contactPoint.telephone\"\n",
        "target = \"contact.telephone\"\nmicrodata = \"contactPoint.telephone\"\nrequired = true\n",
    );
    let outcome = harvest_with(
        "sitemap-tiers-lieux",
        Mapping::parse("required.toml", &text).unwrap(),
    );
    let without_phone = expected("sitemap-tiers-lieux")["projects"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["contact"]["telephone"].is_null())
        .count();
    assert!(without_phone > 0);
    assert_eq!(outcome.report.items_invalid, without_phone);
    assert!(outcome.report.invalid.iter().all(|s| {
        s.why
            .contains("`contact.telephone`, which the mapping marks required")
    }));
    assert!(
        outcome
            .records
            .iter()
            .all(|r| r.contact.as_ref().is_some_and(|c| c.telephone.is_some()))
    );
}

/// The expected territory of each demo location label, from the location
/// test set (`tests/fixtures/locations.tsv`: text, level, code).
fn expected_territories() -> BTreeMap<String, (String, String)> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/locations.tsv");
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let text = fields.next()?.to_owned();
            let level = fields.next()?.to_owned();
            let code = fields.next().unwrap_or_default().to_owned();
            Some((text, (level, code)))
        })
        .collect()
}

/// Every demo project whose page gives a location resolves to the expected
/// commune, département or région (or, when the label alone is ambiguous, to
/// a place inside what the rest of the page says), with coordinates.
#[test]
fn every_demo_location_resolves_to_its_territory() {
    use carrefour::record::TerritoryLevel;
    use carrefour::territory::Gazetteer;
    let expected = expected_territories();
    let gazetteer = Gazetteer::get();
    let (mut checked, mut problems) = (0, Vec::new());
    for site in [
        "drupal-fondation",
        "wordpress-reseau",
        "spip-solidarites",
        "jsonld-ecosysteme",
        "api-territoires",
        "sitemap-tiers-lieux",
    ] {
        let (_, records, report) = harvest(site);
        let located: Vec<_> = records.iter().filter_map(|r| r.location.as_ref()).collect();
        let unresolved = located.iter().filter(|l| l.territory.is_none()).count();
        let places = &report.places;
        assert_eq!(
            places.unresolved, unresolved,
            "{site}: the report counts unresolved places"
        );
        assert_eq!(
            places.commune + places.departement + places.region + places.unresolved,
            located.len(),
            "{site}"
        );
        for record in &records {
            let Some(location) = &record.location else {
                continue;
            };
            let Some(label) = &location.label else {
                continue;
            };
            let Some((level, code)) = expected.get(label) else {
                problems.push(format!("{label:?} is missing from locations.tsv"));
                continue;
            };
            let got = location.territory.as_ref();
            let inside = |commune: &str, level: &str, code: &str| {
                gazetteer.commune(commune).is_some_and(|c| match level {
                    "departement" => c.departement == code,
                    "region" => c.region == code,
                    _ => false,
                })
            };
            let fine = match (level.as_str(), got) {
                ("none", _) => true,
                // The postcode may say which arrondissement: more precise still.
                ("commune", Some(t)) => {
                    t.level == TerritoryLevel::Commune
                        && (&t.code == code
                            || gazetteer.commune(&t.code).and_then(|c| c.parent) == Some(code))
                }
                (level, Some(t)) if t.level.as_str() == level => &t.code == code,
                (level, Some(t)) if t.level == TerritoryLevel::Commune => {
                    inside(&t.code, level, code)
                }
                ("region", Some(t)) if t.level == TerritoryLevel::Departement => gazetteer
                    .departement(&t.code)
                    .is_some_and(|d| d.region == code),
                _ => false,
            };
            if !fine {
                problems.push(format!("{label:?}: got {got:?}, want {level} {code}"));
            }
            if got.is_some() && location.coordinates.is_none() {
                problems.push(format!("{label:?}: resolved but without coordinates"));
            }
            checked += 1;
        }
    }
    println!(
        "{checked} demo locations checked, {} problems",
        problems.len()
    );
    assert!(checked > 300, "only {checked} demo locations");
    assert!(problems.is_empty(), "{problems:#?}");
}
