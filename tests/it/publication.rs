//! How a partner's data reaches the store: a first publication through the
//! bulk loader, a re-harvest as the difference from what is there. Both
//! must look like one step to readers and leave the same data as writing
//! the whole set from scratch.

use crate::common::*;

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use carrefour::record::ProjectRecord;
use carrefour::store::Store;
use oxigraph::model::{GraphName, Quad};

/// More records than one batch of the bulk loader holds (64 MB for two
/// threads: 32 000 quads, about 800 of these records), so the first
/// publication writes several files that must appear together.
const MANY: usize = 2_000;

#[test]
fn a_first_publication_appears_whole_to_a_reader() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), base()).unwrap();
    let partner = partner("alpha");
    let h = harvest(&partner, 1);
    let records = records(&partner, &h, MANY);

    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (store, done) = (store.clone(), done.clone());
        std::thread::spawn(move || {
            let mut seen = BTreeSet::new();
            while !done.load(Ordering::Relaxed) {
                seen.insert(store.partner_project_count("alpha").unwrap());
            }
            seen
        })
    };
    let published = store.replace_partner(&partner, &h, &records).unwrap();
    // The reader must get a look after the publication too.
    std::thread::sleep(std::time::Duration::from_millis(200));
    done.store(true, Ordering::Relaxed);
    let seen = reader.join().unwrap();
    assert_eq!(published.inserted, MANY);
    assert!(
        seen.iter().all(|n| *n == 0 || *n == MANY as u64),
        "a reader saw part of the first publication: {seen:?}"
    );
    assert!(seen.contains(&(MANY as u64)), "{seen:?}");
    // No file of the bulk load is left beside the store.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("bulk-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_refused_first_publication_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path(), base()).unwrap();
    let partner = partner("alpha");
    let h = harvest(&partner, 1);
    let mut records = records(&partner, &h, MANY);
    let reference = store.oxigraph().len().unwrap();
    // The last record repeats the first one's page: the whole set is refused.
    records[MANY - 1].source = records[0].source.clone();
    assert!(store.replace_partner(&partner, &h, &records).is_err());
    assert_eq!(store.oxigraph().len().unwrap(), reference);
    assert_eq!(store.partner_project_count("alpha").unwrap(), 0);
}

#[test]
fn a_re_harvest_leaves_what_a_fresh_publication_would() {
    let partner = partner("alpha");
    let (first, second) = (harvest(&partner, 1), harvest(&partner, 2));
    let before = records(&partner, &first, 30);
    let mut after = records(&partner, &second, 40);
    for (i, record) in after.iter_mut().enumerate().filter(|(i, _)| i % 3 == 0) {
        record.description = format!("Nouvelle description n°{i}");
        record.themes.clear();
    }

    let updated = Store::in_memory(base()).unwrap();
    updated.replace_partner(&partner, &first, &before).unwrap();
    let changed = updated.replace_partner(&partner, &second, &after).unwrap();
    assert_eq!((changed.removed, changed.inserted), (30, 40));

    let fresh = Store::in_memory(base()).unwrap();
    fresh.replace_partner(&partner, &second, &after).unwrap();
    assert_eq!(published(&updated, &after), published(&fresh, &after));
}

/// Every quad of the records' graphs, of the territories, and of the
/// provenance graph about the records (not about harvests: the updated
/// store keeps its first harvest's activity too).
fn published(store: &Store, records: &[ProjectRecord]) -> BTreeSet<String> {
    let provenance = carrefour::rdf::provenance_graph(&base());
    let record_iris: BTreeSet<String> = records
        .iter()
        .map(|r| {
            base()
                .id(carrefour::record::Kind::Record, &r.key())
                .to_string()
        })
        .collect();
    let about_a_record = |q: &Quad| record_iris.contains(&q.subject.to_string());
    let quads: Vec<Quad> = store
        .oxigraph()
        .iter()
        .map(Result::unwrap)
        .filter(|q| match &q.graph_name {
            GraphName::NamedNode(g) if *g == provenance => about_a_record(q),
            _ => true,
        })
        .collect();
    quad_set(&quads)
}

#[test]
fn the_index_is_kept_beside_the_store_until_the_data_changes() {
    use carrefour::index::{KEPT_INDEX_FILE, LatestIndex};
    let dir = tempfile::tempdir().unwrap();
    let partner = partner("alpha");
    let h = harvest(&partner, 1);
    let built = {
        let store = Store::open(dir.path(), base()).unwrap();
        store
            .replace_partner(&partner, &h, &records(&partner, &h, 30))
            .unwrap();
        LatestIndex::default().current(&store).unwrap()
    };
    assert_eq!(built.projects.len(), 30);

    // The next process reads it back rather than from the store: a name
    // changed in the file shows.
    let kept = derived_file(dir.path(), "project-index-v1-");
    let text = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(
        &kept,
        text.replace("\"Projet n°1\"", "\"Projet lu du fichier\""),
    )
    .unwrap();
    let store = Store::open(dir.path(), base()).unwrap();
    assert!(store.derived(KEPT_INDEX_FILE).is_some());
    let read = LatestIndex::default().current(&store).unwrap();
    assert_eq!(read.projects.len(), 30);
    assert!(
        read.projects
            .iter()
            .any(|p| p.name == "Projet lu du fichier")
    );
    assert_eq!(read.themes, built.themes);

    // A write clears it; the next build keeps a new one.
    let h = harvest(&partner, 2);
    store
        .replace_partner(&partner, &h, &records(&partner, &h, 20))
        .unwrap();
    assert!(store.derived(KEPT_INDEX_FILE).is_none());
    let after = LatestIndex::default().current(&store).unwrap();
    assert_eq!(after.projects.len(), 20);
    assert!(
        !after
            .projects
            .iter()
            .any(|p| p.name == "Projet lu du fichier")
    );
    assert!(store.derived(KEPT_INDEX_FILE).is_some());
}

#[test]
fn a_census_is_kept_beside_the_store_until_the_data_changes() {
    let dir = tempfile::tempdir().unwrap();
    let partner = partner("alpha");
    let h = harvest(&partner, 1);
    {
        let store = Store::open(dir.path(), base()).unwrap();
        store
            .replace_partner(&partner, &h, &records(&partner, &h, 30))
            .unwrap();
        assert_eq!(store.statistics().unwrap().projects, 30);
    }
    // The next process takes the kept figures instead of counting: a
    // figure changed in the file shows.
    let kept = derived_file(dir.path(), "statistics-");
    let text = std::fs::read_to_string(&kept).unwrap();
    std::fs::write(&kept, text.replace("\"projects\":30", "\"projects\":31")).unwrap();
    let store = Store::open(dir.path(), base()).unwrap();
    assert_eq!(store.statistics().unwrap().projects, 31);
    // After a write, the store is counted again.
    let h = harvest(&partner, 2);
    store
        .replace_partner(&partner, &h, &records(&partner, &h, 20))
        .unwrap();
    assert_eq!(store.statistics().unwrap().projects, 20);
}

/// The derived file of `DATA` whose name starts with `prefix` (the store
/// adds its build's fingerprint).
#[test]
fn the_search_index_is_kept_beside_the_store_until_the_data_changes() {
    use carrefour::index::{KEPT_SEARCH_FILE, LatestSearch};
    let dir = tempfile::tempdir().unwrap();
    let partner = partner("alpha");
    let h = harvest(&partner, 1);
    let found = {
        let store = Store::open(dir.path(), base()).unwrap();
        store
            .replace_partner(&partner, &h, &records(&partner, &h, 30))
            .unwrap();
        LatestSearch::default()
            .current(&store)
            .unwrap()
            .search("projet")
            .unwrap()
    };
    assert_eq!(found.len(), 30);

    // The next process reads it back rather than from the store: project
    // IRIs changed in the file's header show in its answers.
    let kept = derived_file(dir.path(), "search-index-v1-");
    let mut bytes = std::fs::read(&kept).unwrap();
    let header = 8 + u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let text = String::from_utf8(bytes[8..header].to_vec()).unwrap();
    let changed = text.replace("/project/alpha-", "/project/omega-");
    assert_ne!(text, changed);
    bytes.splice(8..header, changed.into_bytes());
    std::fs::write(&kept, bytes).unwrap();
    let store = Store::open(dir.path(), base()).unwrap();
    assert!(store.derived(KEPT_SEARCH_FILE).is_some());
    let read = LatestSearch::default()
        .current(&store)
        .unwrap()
        .search("projet")
        .unwrap();
    assert_eq!(read.len(), 30);
    assert!(
        read.iter().all(|(iri, _)| iri.contains("/project/omega-")),
        "{read:?}"
    );
    let scores = |hits: &[(String, f32)]| hits.iter().map(|(_, s)| *s).collect::<Vec<_>>();
    assert_eq!(scores(&read), scores(&found), "the same index");

    // A write clears it; the next build keeps a new one.
    let h = harvest(&partner, 2);
    store
        .replace_partner(&partner, &h, &records(&partner, &h, 20))
        .unwrap();
    assert!(store.derived(KEPT_SEARCH_FILE).is_none());
    let after = LatestSearch::default()
        .current(&store)
        .unwrap()
        .search("projet")
        .unwrap();
    assert_eq!(after.len(), 20);
    assert!(after.iter().all(|(iri, _)| iri.contains("/project/alpha-")));
    assert!(store.derived(KEPT_SEARCH_FILE).is_some());
}

fn derived_file(data: &std::path::Path, prefix: &str) -> std::path::PathBuf {
    std::fs::read_dir(data.join("derived"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .unwrap_or_else(|| panic!("no derived file {prefix}*"))
}
