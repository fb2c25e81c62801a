//! What the store says of one minted IRI ([`Store::describe_page`]), for
//! the documents under `/doc/`.

use std::collections::BTreeSet;

use carrefour::store::Store;
use oxigraph::sparql::QueryResults;

/// A territory's document lists the projects located in it or in anything
/// inside it (communes of a département of a région): the same projects as
/// the SPARQL property path over the demo data.
#[test]
fn a_territory_document_lists_every_project_inside_it() {
    use carrefour::store::Description;
    use oxigraph::model::{NamedNode, NamedOrBlankNode};
    let store = crate::common::demo::demo_store();
    for territory in ["region/53", "departement/35", "region/84"] {
        let iri =
            NamedNode::new(format!("{}id/{territory}", crate::common::base().as_str())).unwrap();
        let sparql = format!(
            "SELECT DISTINCT ?project WHERE {{ ?project <http://schema.org/location> ?place .
               ?place <http://schema.org/containedInPlace> ?area .
               ?area <http://schema.org/containedInPlace>* {iri} }}"
        );
        let expected: BTreeSet<String> = projects(&store, &sparql);
        assert!(expected.len() > 5, "{territory}: {expected:?}");
        let mut listed = BTreeSet::new();
        for page in 1.. {
            let described = store.describe_page(&iri, page).unwrap();
            let Description::Live(triples) = &described.description else {
                panic!("{territory} is not described");
            };
            listed.extend(
                triples
                    .iter()
                    .filter(|t| t.predicate.as_str() == "http://schema.org/location")
                    .filter_map(|t| match &t.subject {
                        NamedOrBlankNode::NamedNode(p) if p.as_str().contains("/id/project/") => {
                            Some(p.as_str().to_owned())
                        }
                        _ => None,
                    }),
            );
            if !described.has_next() {
                break;
            }
        }
        assert_eq!(listed, expected, "{territory}");
    }
}

fn projects(store: &Store, sparql: &str) -> BTreeSet<String> {
    let QueryResults::Solutions(rows) = crate::common::query(store, sparql) else {
        panic!("not a SELECT");
    };
    rows.map(|row| row.unwrap().get("project").unwrap().to_string())
        .map(|iri| iri.trim_matches(['<', '>']).to_owned())
        .collect()
}
