//! Helpers shared by the integration tests.
//!
//! `demo` harvests the bundled sites and serves them in-process; `http` is a
//! raw HTTP/1.1 client. `tests/it/main.rs` declares it once for every test file.
#![allow(dead_code)]

pub mod demo;
pub mod http;
pub mod truth;

use std::collections::BTreeSet;

use carrefour::record::{BaseIri, Harvest, Partner, ProjectRecord, canonical_url};
use chrono::{DateTime, TimeZone, Utc};
use oxigraph::model::Quad;

pub const BASE: &str = "http://localhost:7878/";

pub fn base() -> BaseIri {
    BaseIri::new(BASE).unwrap()
}

/// The example record of `tests/fixtures/record.json`.
pub fn example_record() -> ProjectRecord {
    serde_json::from_str(include_str!("../../fixtures/record.json")).unwrap()
}

pub fn partner(id: &str) -> Partner {
    let text = format!(
        "id = \"{id}\"\nname = \"Partenaire {id}\"\nhomepage = \"https://{id}.example/\"\n"
    );
    toml::from_str(&text).unwrap()
}

pub fn at(hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, hour, 0, 0).unwrap()
}

pub fn harvest(partner: &Partner, hour: u32) -> Harvest {
    let mut harvest = Harvest::new(&partner.id, at(hour));
    harvest.used.push(partner.homepage.join("projets").unwrap());
    harvest
}

/// `n` distinct valid records of `partner`, from `harvest`.
pub fn records(partner: &Partner, harvest: &Harvest, n: usize) -> Vec<ProjectRecord> {
    (0..n)
        .map(|i| {
            let mut record = example_record();
            record.source = canonical_url(&format!("{}projets/{i}", partner.homepage)).unwrap();
            record.name = format!("Projet n°{i}");
            record.provenance.partner = partner.id.clone();
            record.provenance.partner_name = partner.name.clone();
            record.provenance.harvest = harvest.id.clone();
            record.provenance.harvested_at = harvest.started_at;
            record
        })
        .collect()
}

/// Quads as a set of N-Quads lines: with no blank nodes, set equality is isomorphism.
pub fn quad_set<'a>(quads: impl IntoIterator<Item = &'a Quad>) -> BTreeSet<String> {
    quads.into_iter().map(|q| q.to_string()).collect()
}

/// Runs a query written by a test (trusted text, unlike request values)
/// with the union of all graphs as default graph.
pub fn query(
    store: &carrefour::store::Store,
    sparql: &str,
) -> oxigraph::sparql::QueryResults<'static> {
    let mut prepared = carrefour::store::evaluator()
        .parse_query(sparql)
        .unwrap_or_else(|e| panic!("{e}\n{sparql}"));
    prepared.dataset_mut().set_default_graph_as_union();
    prepared.on_store(store.oxigraph()).execute().unwrap()
}

/// The single value of a test's one-row, one-column SELECT.
pub fn select_one(store: &carrefour::store::Store, sparql: &str) -> Option<oxigraph::model::Term> {
    let oxigraph::sparql::QueryResults::Solutions(mut rows) = query(store, sparql) else {
        panic!("not a SELECT: {sparql}");
    };
    rows.next()
        .and_then(|row| row.unwrap().values().first().cloned().flatten())
}

/// A dry run of `mapping` on a local site: `dir` mirrors `origin`.
pub fn dry_run(
    dir: &std::path::Path,
    origin: &str,
    mapping: carrefour::mapping::Mapping,
) -> carrefour::harvest::Outcome {
    use carrefour::harvest::{FetchPolicy, Fetcher, Mirror, PageCache, Progress};
    let origin = url::Url::parse(origin).unwrap();
    let fetcher = Fetcher::new(FetchPolicy::default())
        .unwrap()
        .with_mirror(Mirror::new().with_origin(&origin, dir.to_owned()));
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(carrefour::harvest::harvest_partner(
        &fetcher,
        std::sync::Arc::new(mapping),
        None,
        &PageCache::default(),
        &Progress::default(),
    ))
}
