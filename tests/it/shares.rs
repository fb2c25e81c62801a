//! The partners' share files (`src/store/shares.rs`): the dumps and the
//! statistics read from them must be those a census of the whole store
//! gives, and any write they do not follow must send the next dumps back
//! to the store.

use crate::common::*;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;

use carrefour::record::{ProjectRecord, Territory, TerritoryLevel};
use carrefour::store::{Statistics, Store};
use oxigraph::io::{RdfFormat, RdfParser};

/// A store on disk with two partners published for the first time (each
/// leaves its share) and a failed harvest of one of them (added to it).
/// Their projects are in communes, départements and régions: territories
/// are in no share.
fn published(dir: &Path) -> Store {
    let store = Store::open(dir, base()).unwrap();
    for (id, n) in [("alpha", 40), ("beta", 25)] {
        let partner = partner(id);
        let h = harvest(&partner, 1);
        store
            .replace_partner(&partner, &h, &located(records(&partner, &h, n)))
            .unwrap();
    }
    let failed = harvest(&partner("alpha"), 2);
    store
        .record_failed_harvest(&failed, &["the listing was empty".into()])
        .unwrap();
    store
}

fn located(mut records: Vec<ProjectRecord>) -> Vec<ProjectRecord> {
    let places = [
        (TerritoryLevel::Commune, "35238"),
        (TerritoryLevel::Commune, "69123"),
        (TerritoryLevel::Departement, "29"),
        (TerritoryLevel::Region, "84"),
    ];
    for (record, (level, code)) in records.iter_mut().zip(places.iter().cycle()) {
        let location = record.location.get_or_insert_with(Default::default);
        location.territory = Some(Territory {
            level: *level,
            code: (*code).to_owned(),
        });
    }
    records
}

/// Every dump in `dir`, by file name, as a set of N-Quads lines (every
/// gzip member read, as any gzip reader does).
fn dumps(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut dumps = BTreeMap::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let mut text = Vec::new();
        flate2::read::MultiGzDecoder::new(std::fs::File::open(&path).unwrap())
            .read_to_end(&mut text)
            .unwrap();
        let quads: Vec<_> = RdfParser::from_format(RdfFormat::NQuads)
            .for_slice(&text)
            .collect::<Result<_, _>>()
            .unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        dumps.insert(name, quad_set(&quads));
    }
    dumps
}

/// Dumps by file name, and the statistics left with them.
type Written = (BTreeMap<String, BTreeSet<String>>, Statistics);

/// Dumps written from the shares, then by a census of the store (the
/// shares removed by hand), with the statistics each left.
fn both_ways(data: &Path, store: &Store) -> (Written, Written) {
    let (from_shares, from_store) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    assert!(store.write_dumps(from_shares.path()).unwrap().from_shares);
    let shared = (dumps(from_shares.path()), store.statistics().unwrap());
    std::fs::remove_dir_all(data.join("shares")).unwrap();
    assert!(!store.write_dumps(from_store.path()).unwrap().from_shares);
    let counted = (dumps(from_store.path()), store.statistics().unwrap());
    (shared, counted)
}

#[test]
fn dumps_and_figures_from_the_shares_are_those_of_the_store() {
    let data = tempfile::tempdir().unwrap();
    let store = published(data.path());
    let whole = quad_set(
        &store
            .oxigraph()
            .iter()
            .map(Result::unwrap)
            .collect::<Vec<_>>(),
    );
    let ((shared, shared_figures), (counted, counted_figures)) = both_ways(data.path(), &store);
    assert_eq!(
        shared.keys().collect::<Vec<_>>(),
        ["alpha.nq.gz", "beta.nq.gz", "carrefour.nq.gz"]
    );
    assert_eq!(shared, counted);
    assert_eq!(shared["carrefour.nq.gz"], whole);
    assert_eq!(shared_figures, counted_figures);
    assert_eq!(shared_figures.projects, 65);
    // The census left the shares again: the next dumps read them.
    let again = tempfile::tempdir().unwrap();
    assert!(store.write_dumps(again.path()).unwrap().from_shares);
    assert_eq!(dumps(again.path()), counted);
}

#[test]
fn a_write_the_shares_do_not_follow_sends_the_dumps_back_to_the_store() {
    let data = tempfile::tempdir().unwrap();
    let store = published(data.path());
    let out = tempfile::tempdir().unwrap();

    // A re-harvest writes only what changed: its partner's share goes.
    let alpha = partner("alpha");
    let h = harvest(&alpha, 3);
    store
        .replace_partner(&alpha, &h, &records(&alpha, &h, 30))
        .unwrap();
    assert!(!data.path().join("shares/alpha.nq.gz").exists());
    assert!(data.path().join("shares/beta.nq.gz").exists());
    let written = store.write_dumps(out.path()).unwrap();
    assert!(!written.from_shares);
    assert_eq!(store.statistics().unwrap().projects, 55);

    // A write outside any publication (an update, a load) clears them all.
    assert!(store.write_dumps(out.path()).unwrap().from_shares);
    store.changing();
    let extra = oxigraph::model::Quad::new(
        oxigraph::model::NamedNode::new("http://example.org/a").unwrap(),
        oxigraph::model::NamedNode::new("http://example.org/b").unwrap(),
        oxigraph::model::Literal::new_simple_literal("c"),
        oxigraph::model::GraphName::DefaultGraph,
    );
    store.oxigraph().insert(&extra).unwrap();
    store.changed();
    assert!(!data.path().join("shares").exists());
    assert!(!store.write_dumps(out.path()).unwrap().from_shares);
    assert!(dumps(out.path())["carrefour.nq.gz"].contains(&extra.to_string()));

    // A write that bypasses both (a bug) still cannot slip through: the
    // shares and the rest of the store no longer add up to the store.
    assert!(store.write_dumps(out.path()).unwrap().from_shares);
    let record = store
        .oxigraph()
        .iter()
        .map(Result::unwrap)
        .find(|q| q.graph_name.to_string().contains("/id/record/"))
        .unwrap();
    store.oxigraph().remove(&record).unwrap();
    assert!(!store.write_dumps(out.path()).unwrap().from_shares);
    assert!(!dumps(out.path())["carrefour.nq.gz"].contains(&record.to_string()));
}

#[test]
fn a_share_that_does_not_read_sends_the_dumps_back_to_the_store() {
    let data = tempfile::tempdir().unwrap();
    let store = published(data.path());
    let share = data.path().join("shares/beta.nq.gz");
    let mut bytes = std::fs::read(&share).unwrap();
    bytes.truncate(bytes.len() / 2);
    std::fs::write(&share, bytes).unwrap();
    let out = tempfile::tempdir().unwrap();
    assert!(!store.write_dumps(out.path()).unwrap().from_shares);
    assert_eq!(store.statistics().unwrap().projects, 65);
    assert!(dumps(out.path())["beta.nq.gz"].len() > 25);
}

#[test]
fn a_failed_harvest_grows_the_share_not_the_dump_being_served() {
    let data = tempfile::tempdir().unwrap();
    let store = published(data.path());
    let out = tempfile::tempdir().unwrap();
    // A census leaves each share as the very file of its dump (a hard link).
    std::fs::remove_dir_all(data.path().join("shares")).unwrap();
    assert!(!store.write_dumps(out.path()).unwrap().from_shares);
    let served = out.path().join("alpha.nq.gz");
    let before = std::fs::read(&served).unwrap();
    let failed = harvest(&partner("alpha"), 4);
    store
        .record_failed_harvest(&failed, &["the site was down".into()])
        .unwrap();
    assert_eq!(std::fs::read(&served).unwrap(), before);
    // The share took the harvest: the next dumps read it, and show it.
    assert!(store.write_dumps(out.path()).unwrap().from_shares);
    // `<…>`, as an N-Quads line begins.
    let harvest_iri = base()
        .id(carrefour::record::Kind::Harvest, &failed.id)
        .to_string();
    assert!(
        dumps(out.path())["alpha.nq.gz"]
            .iter()
            .any(|q| q.starts_with(&harvest_iri))
    );
}
