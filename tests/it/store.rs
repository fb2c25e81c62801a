//! The store: atomic partner replacement, reference graphs, persistence.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use carrefour::store::{DumpFormat, REFERENCE_GRAPHS, Store, StoreError, Withdrawal};
use common::*;
use oxigraph::model::Term;

fn store() -> Store {
    Store::in_memory(base()).unwrap()
}

#[test]
fn replacing_a_partner_swaps_its_whole_set() {
    let store = store();
    let partner = partner("alpha");
    let first = harvest(&partner, 10);
    let replaced = store
        .replace_partner(&partner, &first, &records(&partner, &first, 5))
        .unwrap();
    assert_eq!((replaced.removed, replaced.inserted), (0, 5));
    assert_eq!(store.partner_project_count("alpha").unwrap(), 5);

    let second = harvest(&partner, 11);
    let replaced = store
        .replace_partner(&partner, &second, &records(&partner, &second, 3))
        .unwrap();
    assert_eq!((replaced.removed, replaced.inserted), (5, 3));
    assert_eq!(store.partner_project_count("alpha").unwrap(), 3);
    // No record graph of the old set survives, and its provenance is gone.
    let graphs = common::select_one(
        &store,
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?p a <http://schema.org/Project> } }",
    )
    .unwrap();
    assert_eq!(
        graphs.to_string(),
        "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    );
    let records = common::select_one(
        &store,
        "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/carrefour/ns#Record> }",
    )
    .unwrap();
    assert_eq!(
        records.to_string(),
        "\"3\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    );
    // Both harvests stay in the provenance graph: the history of the partner.
    let harvests = common::select_one(
        &store,
        "SELECT (COUNT(?h) AS ?n) WHERE { ?h a <http://www.w3.org/ns/prov#Activity> }",
    )
    .unwrap();
    assert_eq!(
        harvests.to_string(),
        "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    );
}

#[test]
fn replacing_one_partner_leaves_the_others_alone() {
    let store = store();
    let (alpha, beta) = (partner("alpha"), partner("beta"));
    let (ha, hb) = (harvest(&alpha, 10), harvest(&beta, 10));
    store
        .replace_partner(&alpha, &ha, &records(&alpha, &ha, 4))
        .unwrap();
    store
        .replace_partner(&beta, &hb, &records(&beta, &hb, 6))
        .unwrap();
    let again = harvest(&alpha, 12);
    store
        .replace_partner(&alpha, &again, &records(&alpha, &again, 2))
        .unwrap();
    assert_eq!(store.partner_project_count("alpha").unwrap(), 2);
    assert_eq!(store.partner_project_count("beta").unwrap(), 6);
}

#[test]
fn a_replacement_failing_midway_leaves_the_old_data() {
    let store = store();
    let partner = partner("alpha");
    let first = harvest(&partner, 10);
    store
        .replace_partner(&partner, &first, &records(&partner, &first, 5))
        .unwrap();
    let before = dump(&store);

    let second = harvest(&partner, 11);
    let mut next = records(&partner, &second, 8);
    next[5].description = String::new(); // the sixth record is unpublishable
    let error = store.replace_partner(&partner, &second, &next).unwrap_err();
    assert!(
        matches!(&error, StoreError::Record { source, .. } if source.field == "description"),
        "{error}"
    );
    assert_eq!(store.partner_project_count("alpha").unwrap(), 5);
    assert_eq!(
        dump(&store),
        before,
        "a failed replacement changed the store"
    );

    let mut duplicated = records(&partner, &second, 3);
    duplicated.push(duplicated[0].clone());
    assert!(
        store
            .replace_partner(&partner, &second, &duplicated)
            .is_err()
    );
    assert_eq!(dump(&store), before);
}

#[test]
fn a_concurrent_reader_sees_the_old_set_or_the_new_one() {
    let store = store();
    let partner = partner("alpha");
    let (small, large) = (40, 90);
    let h = harvest(&partner, 1);
    store
        .replace_partner(&partner, &h, &records(&partner, &h, small))
        .unwrap();

    let done = Arc::new(AtomicBool::new(false));
    let reader = {
        let (store, done) = (store.clone(), done.clone());
        std::thread::spawn(move || {
            let mut seen = std::collections::BTreeMap::new();
            while !done.load(Ordering::Relaxed) {
                let n = store.partner_project_count("alpha").unwrap();
                *seen.entry(n).or_insert(0u32) += 1;
            }
            seen
        })
    };
    for round in 0..30 {
        let n = if round % 2 == 0 { large } else { small };
        let h = harvest(&partner, 2 + round as u32 % 20);
        store
            .replace_partner(&partner, &h, &records(&partner, &h, n))
            .unwrap();
    }
    done.store(true, Ordering::Relaxed);
    let seen = reader.join().unwrap();
    assert!(!seen.is_empty());
    for count in seen.keys() {
        assert!(
            *count == small as u64 || *count == large as u64,
            "a reader saw {count} projects: a mix of two sets ({seen:?})"
        );
    }
}

#[test]
fn records_of_another_partner_are_refused() {
    let store = store();
    let (alpha, beta) = (partner("alpha"), partner("beta"));
    let h = harvest(&alpha, 10);
    let error = store
        .replace_partner(&alpha, &h, &records(&beta, &harvest(&beta, 10), 1))
        .unwrap_err();
    assert!(
        error.to_string().contains("belongs to partner beta"),
        "{error}"
    );
}

#[test]
fn reference_graphs_are_loaded_and_versioned() {
    let store = store();
    for graph in REFERENCE_GRAPHS {
        let iri = base().graph(graph.name);
        let version = common::select_one(
            &store,
            &format!(
                "SELECT ?v WHERE {{ GRAPH {iri} {{ ?s <http://www.w3.org/2002/07/owl#versionInfo> ?v }} }}"
            ),
        );
        assert!(version.is_some(), "{} has no owl:versionInfo", graph.file);
    }
    // Themes and stages are minted under the deployment's base.
    let theme = common::query(
        &store,
        &format!(
            "ASK {{ <{BASE}id/theme/alimentation> a <http://www.w3.org/2004/02/skos/core#Concept> }}"
        ),
    );
    assert!(matches!(
        theme,
        oxigraph::sparql::QueryResults::Boolean(true)
    ));
    let ask = common::query(
        &store,
        &format!("ASK {{ <{BASE}id/stage/lancement> ?p ?o }}"),
    );
    assert!(matches!(ask, oxigraph::sparql::QueryResults::Boolean(true)));
}

/// Opening a store checks its reference graphs: one that holds them as
/// compiled in is not written (so a store compacted after a harvest stays
/// compacted), one that differs gets them back.
#[test]
fn reopening_restores_changed_reference_graphs_and_leaves_others_alone() {
    use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
    let dir = tempfile::tempdir().unwrap();
    let themes = GraphName::from(base().graph("themes"));
    let label = NamedNode::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel");
    let alimentation = NamedNode::new(format!("{BASE}id/theme/alimentation")).unwrap();
    let stray = Quad::new(
        alimentation.clone(),
        label.clone(),
        Literal::from("ajout"),
        themes.clone(),
    );
    let theme_quads = |store: &Store| {
        store
            .oxigraph()
            .quads_for_pattern(None, None, None, Some(themes.as_ref()))
            .count()
    };
    let (count, removed) = {
        let store = Store::open(dir.path(), base()).unwrap();
        let removed = store
            .oxigraph()
            .quads_for_pattern(
                Some(alimentation.as_ref().into()),
                None,
                None,
                Some(themes.as_ref()),
            )
            .next()
            .unwrap()
            .unwrap();
        (theme_quads(&store), removed)
    };
    // Unchanged: reopening writes nothing (RocksDB's new log stays empty).
    {
        let store = Store::open(dir.path(), base()).unwrap();
        assert_eq!(theme_quads(&store), count);
        assert_eq!(
            written_to_log(dir.path()),
            0,
            "reopening rewrote the reference graphs"
        );
        store.oxigraph().insert(&stray).unwrap();
        store.oxigraph().remove(&removed).unwrap();
    }
    let store = Store::open(dir.path(), base()).unwrap();
    assert!(
        !store.oxigraph().contains(&stray).unwrap(),
        "a stray statement stays"
    );
    assert!(
        store.oxigraph().contains(&removed).unwrap(),
        "a removed statement is missing"
    );
    assert_eq!(theme_quads(&store), count);
}

/// The size of RocksDB's newest write-ahead log in `dir`.
fn written_to_log(dir: &std::path::Path) -> u64 {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.file_name().to_string_lossy().ends_with(".log"))
        .max_by_key(|entry| entry.file_name())
        .map_or(0, |entry| entry.metadata().unwrap().len())
}

#[test]
fn on_disk_store_persists_and_dumps_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let partner = partner("alpha");
    let h = harvest(&partner, 10);
    {
        let store = Store::open(dir.path(), base()).unwrap();
        store
            .replace_partner(&partner, &h, &records(&partner, &h, 3))
            .unwrap();
        // A second writer is refused with a hint, not a panic.
        let error = Store::open(dir.path(), base())
            .err()
            .expect("the store is locked");
        assert!(error.to_string().contains("hint:"), "{error}");
        // …but a read-only view works while the writer has it open.
        let reader = Store::open_read_only(dir.path(), base()).unwrap();
        assert_eq!(reader.partner_project_count("alpha").unwrap(), 3);
    }
    let store = Store::open(dir.path(), base()).unwrap();
    assert_eq!(store.partner_project_count("alpha").unwrap(), 3);
    let trig = dump_as(&store, DumpFormat::Trig);
    assert!(trig.contains("Projet n°2"));
}

#[test]
fn load_file_puts_triples_in_the_given_graph() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("extra.ttl");
    std::fs::write(
        &file,
        "<http://ex.org/a> <http://ex.org/b> \"c\" .\n_:x <http://ex.org/b> \"d\" .\n",
    )
    .unwrap();
    let store = store();
    let graph = oxigraph::model::NamedNode::new("http://ex.org/graph").unwrap();
    assert_eq!(store.load_file(&file, Some(graph)).unwrap(), 2);
    let ask = common::query(
        &store,
        "ASK { GRAPH <http://ex.org/graph> { <http://ex.org/a> ?p \"c\" } }",
    );
    assert!(matches!(ask, oxigraph::sparql::QueryResults::Boolean(true)));
    let error = store
        .load_file(&dir.path().join("data.csv"), None)
        .unwrap_err();
    assert!(error.to_string().contains("unknown extension"), "{error}");
    std::fs::write(&file, "this is not turtle").unwrap();
    assert!(store.load_file(&file, None).is_err());
}

fn dump(store: &Store) -> String {
    dump_as(store, DumpFormat::Nq)
}

fn dump_as(store: &Store, format: DumpFormat) -> String {
    let mut out = Vec::new();
    store.dump(&mut out, format).unwrap();
    let text = String::from_utf8(out).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.sort();
    if format == DumpFormat::Nq {
        lines.join("\n")
    } else {
        text
    }
}

#[test]
fn a_project_gone_from_the_site_becomes_a_tombstone() {
    let store = store();
    let partner = partner("alpha");
    let first = harvest(&partner, 10);
    let five = records(&partner, &first, 5);
    store.replace_partner(&partner, &first, &five).unwrap();

    let second = harvest(&partner, 11);
    let replaced = store
        .replace_partner(&partner, &second, &records(&partner, &second, 3))
        .unwrap();
    assert_eq!(
        (replaced.removed, replaced.inserted, replaced.tombstoned),
        (5, 3, 2)
    );
    assert_eq!(store.partner_project_count("alpha").unwrap(), 3);
    let gone = base().id(carrefour::record::Kind::Record, &five[4].key());
    let ask = format!(
        "ASK {{ {gone} a <https://w3id.org/carrefour/ns#Tombstone> ;
             <http://www.w3.org/ns/prov#invalidatedAtTime> ?at ;
             <http://www.w3.org/ns/prov#wasDerivedFrom> <{}> ;
             <http://xmlns.com/foaf/0.1/primaryTopic> ?project .
           FILTER NOT EXISTS {{ {gone} a <https://w3id.org/carrefour/ns#Record> }}
           FILTER NOT EXISTS {{ GRAPH {gone} {{ ?s ?p ?o }} }} }}",
        five[4].source
    );
    assert!(matches!(
        common::query(&store, &ask),
        oxigraph::sparql::QueryResults::Boolean(true)
    ));

    // A third run that still misses them keeps them as tombstones, once.
    let third = harvest(&partner, 12);
    let replaced = store
        .replace_partner(&partner, &third, &records(&partner, &third, 3))
        .unwrap();
    assert_eq!(replaced.tombstoned, 0);
    let count = "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/carrefour/ns#Tombstone> }";
    assert_eq!(
        common::select_one(&store, count).unwrap().to_string(),
        "\"2\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    );

    // When they come back they are live records again.
    let fourth = harvest(&partner, 13);
    store
        .replace_partner(&partner, &fourth, &records(&partner, &fourth, 5))
        .unwrap();
    assert_eq!(store.partner_project_count("alpha").unwrap(), 5);
    assert_eq!(
        common::select_one(&store, count).unwrap().to_string(),
        "\"0\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    );
}

#[test]
fn geosparql_functions_are_available_in_queries() {
    let store = Store::in_memory(common::base()).unwrap();
    let distance = common::select_one(
        &store,
        "PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
             PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/>
             PREFIX geo: <http://www.opengis.net/ont/geosparql#>
             SELECT (geof:distance(\"POINT(3.0573 50.6292)\"^^geo:wktLiteral,
                                   \"POINT(2.3522 48.8566)\"^^geo:wktLiteral, uom:metre) AS ?d) {}",
    )
    .expect("a distance");
    let Term::Literal(distance) = distance else {
        panic!("{distance:?}")
    };
    let km = distance.value().parse::<f64>().unwrap() / 1000.0;
    assert!(
        (200.0..210.0).contains(&km),
        "Lille–Paris is about 204 km, got {km}"
    );
}

/// Everything the store says about record `key`: its graph and its provenance.
fn record_statements(store: &Store, key: &str) -> std::collections::BTreeSet<String> {
    let record = base().id(carrefour::record::Kind::Record, key);
    let graph = carrefour::rdf::provenance_graph(&base());
    let in_graph =
        store
            .oxigraph()
            .quads_for_pattern(None, None, None, Some(record.as_ref().into()));
    let about = store.oxigraph().quads_for_pattern(
        Some(record.as_ref().into()),
        None,
        None,
        Some(graph.as_ref().into()),
    );
    let quads: Vec<_> = in_graph.chain(about).map(Result::unwrap).collect();
    quad_set(&quads)
}

#[test]
fn misses_are_counted_across_reopenings_and_unseen_projects_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let partner = partner("alpha");
    let first = harvest(&partner, 10);
    let five = records(&partner, &first, 5);
    let twice = Withdrawal {
        after: 2,
        complete: true,
        unread: Default::default(),
    };
    let (gone, unread) = (five[4].key(), five[3].key());
    {
        let store = Store::open(dir.path(), base()).unwrap();
        store.replace_partner(&partner, &first, &five).unwrap();
        let before = record_statements(&store, &unread);
        // Neither 3 nor 4 in the new set; 3's page could not be read.
        let second = harvest(&partner, 11);
        let withdrawal = Withdrawal {
            unread: [unread.clone()].into(),
            ..twice.clone()
        };
        let replaced = store
            .publish_harvest(
                &partner,
                &second,
                &records(&partner, &second, 3),
                &withdrawal,
            )
            .unwrap();
        assert_eq!(
            (replaced.kept, replaced.missed, replaced.tombstoned),
            (1, 1, 0)
        );
        assert_eq!(record_statements(&store, &unread), before);
        assert_eq!(store.partner_project_count("alpha").unwrap(), 5);
        // An incomplete run changes nothing about the projects it missed.
        let third = harvest(&partner, 12);
        let incomplete = Withdrawal {
            complete: false,
            ..twice.clone()
        };
        let gone_before = record_statements(&store, &gone);
        let replaced = store
            .publish_harvest(&partner, &third, &records(&partner, &third, 3), &incomplete)
            .unwrap();
        assert_eq!((replaced.kept, replaced.missed), (2, 0));
        assert_eq!(record_statements(&store, &gone), gone_before);
    }
    // Another process, later: the second complete miss withdraws 4; 3,
    // never counted while unread, is missed for the first time.
    let store = Store::open(dir.path(), base()).unwrap();
    let fourth = harvest(&partner, 13);
    let replaced = store
        .publish_harvest(&partner, &fourth, &records(&partner, &fourth, 3), &twice)
        .unwrap();
    assert_eq!((replaced.tombstoned, replaced.missed), (1, 1));
    assert_eq!(store.partner_project_count("alpha").unwrap(), 4);
}
