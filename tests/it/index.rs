//! The `/api/projects` index read in one pass over quads (`src/index/read.rs`)
//! answers what the SPARQL patterns it stands for answer, whether it reads
//! the store or the quads the dumps are written from.

use std::collections::{BTreeMap, BTreeSet};

use crate::common::demo::demo_store;
use crate::common::{base, harvest, partner, records};
use carrefour::index::ProjectIndex;
use carrefour::store::{Seen, Store};
use oxigraph::model::Term;

const NAMES: &str = "SELECT ?project ?name WHERE {
  GRAPH ?record { ?project a schema:Project ; schema:name ?name } }";

const FACETS: &str = "SELECT DISTINCT ?project ?facet WHERE {
  GRAPH ?record { ?project a schema:Project }
  { GRAPH ?record { ?project dct:subject ?theme } ?theme skos:broader* ?facet }
  UNION { GRAPH ?record { ?project pair:hasStatus ?facet } }
  UNION { GRAPH ?record { ?project schema:parentOrganization ?facet } }
  UNION { ?record prov:wasAttributedTo ?facet }
  UNION { GRAPH ?record { ?project schema:location/schema:containedInPlace ?in }
          ?in schema:containedInPlace* ?facet }
  FILTER(isIRI(?facet)) }";

const POINTS: &str = "SELECT ?project ?wkt ?lon ?lat WHERE {
  GRAPH ?record { ?project a schema:Project ; schema:location ?place }
  { GRAPH ?record { ?place geo:hasGeometry/geo:asWKT ?wkt } }
  UNION { GRAPH ?record { ?place schema:geo ?point .
                          ?point schema:latitude ?lat ; schema:longitude ?lon } } }";

/// Every project's name, facets, and points, as the index holds them.
type Held = BTreeMap<String, (String, BTreeSet<String>, BTreeSet<String>)>;

fn held(index: &ProjectIndex) -> Held {
    index
        .projects
        .iter()
        .map(|p| {
            let facets = index.facets_of(p).iter().map(|f| f.to_string()).collect();
            let points = (p.wkt_points.iter().map(|(x, y)| format!("wkt {x} {y}")))
                .chain(p.coordinates.iter().map(|(x, y)| format!("geo {x} {y}")))
                .collect();
            (p.iri.to_string(), (p.name.clone(), facets, points))
        })
        .collect()
}

/// With the prefixes the store's own queries have.
fn rows(store: &Store, sparql: &'static str) -> Vec<Vec<Option<Term>>> {
    store
        .select_rows(&carrefour::store::Sparql::new(sparql))
        .unwrap()
}

fn expected(store: &Store) -> Held {
    let mut expected = Held::new();
    for row in rows(store, NAMES) {
        let [Some(Term::NamedNode(project)), Some(Term::Literal(name))] = row.as_slice() else {
            continue;
        };
        let entry = expected.entry(project.to_string()).or_default();
        let key = |n: &str| (carrefour::record::slug(n), n.to_owned());
        if entry.0.is_empty() || key(name.value()) < key(&entry.0) {
            entry.0 = name.value().to_owned();
        }
    }
    for row in rows(store, FACETS) {
        if let [Some(project), Some(facet)] = row.as_slice() {
            if let Some(entry) = expected.get_mut(&project.to_string()) {
                entry.1.insert(facet.to_string());
            }
        }
    }
    let number = |t: &Option<Term>| match t {
        Some(Term::Literal(l)) => l.value().parse::<f64>().unwrap(),
        _ => unreachable!(),
    };
    for row in rows(store, POINTS) {
        let Some(entry) = expected.get_mut(&row[0].as_ref().unwrap().to_string()) else {
            continue;
        };
        match &row[1] {
            Some(Term::Literal(wkt)) => {
                let inside = wkt
                    .value()
                    .trim_start_matches("POINT(")
                    .trim_end_matches(')');
                let (x, y) = inside.split_once(' ').unwrap();
                let (x, y) = (x.parse::<f64>().unwrap(), y.parse::<f64>().unwrap());
                entry.2.insert(format!("wkt {x} {y}"));
            }
            _ => {
                let (x, y) = (number(&row[2]), number(&row[3]));
                entry.2.insert(format!("geo {x} {y}"));
            }
        }
    }
    expected
}

#[test]
fn the_index_answers_like_the_sparql_patterns_it_stands_for() {
    let store = demo_store();
    let built = held(&ProjectIndex::build(&store).unwrap());
    let expected = expected(&store);
    assert!(expected.len() > 400, "{}", expected.len());
    let with = |what: &str| {
        expected
            .values()
            .filter(|e| e.1.iter().any(|f| f.contains(what)))
            .count()
    };
    assert!(with("/id/theme/") > 300 && with("/id/region/") > 300 && with("/id/partner/") > 400);
    assert!(expected.values().filter(|e| !e.2.is_empty()).count() > 300);
    assert_eq!(built, expected);
}

#[test]
fn the_index_read_while_the_dumps_are_written_is_the_one_read_from_the_store() {
    let data = tempfile::tempdir().unwrap();
    let store = Store::open(data.path(), base()).unwrap();
    for (id, n) in [("alpha", 30), ("beta", 20)] {
        let partner = partner(id);
        let h = harvest(&partner, 1);
        store
            .replace_partner(&partner, &h, &records(&partner, &h, n))
            .unwrap();
    }
    let from_store = ProjectIndex::build(&store).unwrap();
    assert_eq!(from_store.projects.len(), 50);
    // From the shares, then from the store after a write the shares do
    // not follow: the reader is told to start again when the shares turn
    // out not to add up (here, after a quad of a record went behind their back).
    for from_shares in [true, false] {
        if !from_shares {
            let record = store
                .oxigraph()
                .iter()
                .map(Result::unwrap)
                .find(|q| q.predicate.as_str() == "http://schema.org/description")
                .unwrap();
            store.oxigraph().remove(&record).unwrap();
        }
        let dumps = tempfile::tempdir().unwrap();
        let mut reader = ProjectIndex::reader(&store);
        let written = store
            .write_dumps_seeing(dumps.path(), |seen| match seen {
                Seen::Quad(quad) => reader.read(quad),
                Seen::Again => reader = ProjectIndex::reader(&store),
            })
            .unwrap();
        assert_eq!(written.from_shares, from_shares);
        let seen_index = reader.finish(&store, store.revision()).unwrap();
        assert_eq!(held(&seen_index), held(&from_store));
        // Each quad seen once: the points are not doubled.
        let points = |index: &ProjectIndex| -> Vec<usize> {
            let count =
                |p: &carrefour::index::IndexedProject| p.wkt_points.len() + p.coordinates.len();
            index.projects.iter().map(count).collect()
        };
        assert_eq!(points(&seen_index), points(&from_store));
        assert!(points(&from_store).iter().all(|n| *n > 0));
        assert_eq!(
            seen_index
                .projects
                .iter()
                .map(|p| &p.iri)
                .collect::<Vec<_>>(),
            from_store
                .projects
                .iter()
                .map(|p| &p.iri)
                .collect::<Vec<_>>(),
            "the same order"
        );
        assert_eq!(seen_index.partners, from_store.partners);
    }
}
