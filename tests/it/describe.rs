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

/// Served, a territory's document lists the same projects, from the
/// `/api/projects` index, a page at a time.
#[test]
fn a_served_territory_document_pages_through_every_project_inside_it() {
    use crate::common::http::get;
    let server = crate::common::demo::demo_server();
    let store = crate::common::demo::demo_store();
    for territory in ["region/53", "departement/35", "region/84"] {
        let iri = format!("{}id/{territory}", crate::common::base().as_str());
        let sparql = format!(
            "SELECT DISTINCT ?project WHERE {{ ?project <http://schema.org/location> ?place .
               ?place <http://schema.org/containedInPlace> ?area .
               ?area <http://schema.org/containedInPlace>* <{iri}> }}"
        );
        let expected = projects(&store, &sparql);
        let mut listed = BTreeSet::new();
        // Every statement pointing at the territory, once over all pages: a
        // project's place is listed with its project, not a second time
        // among the territory's own incoming links.
        let mut pointing = Vec::new();
        for page in 1.. {
            let response = get(
                server.addr,
                &format!("/doc/{territory}.nt?page={page}"),
                &[],
            );
            if response.status == 404 && page > 1 {
                break;
            }
            assert_eq!(response.status, 200, "{territory} page {page}");
            let pointing_here = format!("<http://schema.org/containedInPlace> <{iri}> .");
            pointing.extend(
                (response.text().lines())
                    .filter(|line| line.ends_with(&pointing_here))
                    .map(str::to_owned),
            );
            listed.extend(response.text().lines().filter_map(|line| {
                let (subject, rest) = line.split_once(' ')?;
                rest.starts_with("<http://schema.org/location> ")
                    .then(|| subject.trim_matches(['<', '>']).to_owned())
                    .filter(|s| s.contains("/id/project/"))
            }));
        }
        assert_eq!(listed, expected, "{territory}");
        let once: BTreeSet<&String> = pointing.iter().collect();
        assert_eq!(once.len(), pointing.len(), "{territory}: {pointing:?}");
        let pointing_in_store = format!(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s <http://schema.org/containedInPlace> <{iri}> }}"
        );
        let in_store = crate::common::select_one(&store, &pointing_in_store).unwrap();
        assert_eq!(
            in_store.to_string(),
            format!(
                "\"{}\"^^<http://www.w3.org/2001/XMLSchema#integer>",
                pointing.len()
            ),
            "{territory}"
        );
        if territory.starts_with("region/") {
            assert!(
                pointing.iter().any(|l| l.contains("/id/departement/")),
                "{territory}"
            );
        }
    }
}

/// Paging over a territory's links: its own incoming statements first,
/// then its projects in the order given, 100 links a page.
#[test]
fn a_territory_page_holds_its_share_of_the_projects_given() {
    use carrefour::store::{Description, INCOMING_PER_PAGE};
    use oxigraph::model::{NamedNode, NamedOrBlankNode};
    let store = crate::common::demo::demo_store();
    let region = NamedNode::new(format!("{}id/region/53", crate::common::base().as_str())).unwrap();
    // Any located projects will do: the store lists what it is given.
    let located: Vec<NamedNode> = projects(
        &store,
        "SELECT DISTINCT ?project WHERE { ?project <http://schema.org/location> ?place }",
    )
    .into_iter()
    .map(|iri| NamedNode::new(iri).unwrap())
    .collect();
    assert!(located.len() > 2 * INCOMING_PER_PAGE);
    let first = store.describe_territory_page(&region, 1, &located).unwrap();
    let direct = first.incoming_total - located.len();
    for page in 1..=first.incoming_total.div_ceil(INCOMING_PER_PAGE) {
        let described = store
            .describe_territory_page(&region, page, &located)
            .unwrap();
        let Description::Live(triples) = &described.description else {
            panic!("region 53 is not described");
        };
        let listed: BTreeSet<&str> = triples
            .iter()
            .filter(|t| t.predicate.as_str() == "http://schema.org/location")
            .filter_map(|t| match &t.subject {
                NamedOrBlankNode::NamedNode(p) if located.contains(p) => Some(p.as_str()),
                _ => None,
            })
            .collect();
        let start = ((page - 1) * INCOMING_PER_PAGE).saturating_sub(direct);
        let end = (page * INCOMING_PER_PAGE - direct).min(located.len());
        let expected: BTreeSet<&str> = located[start..end].iter().map(|p| p.as_str()).collect();
        assert_eq!(listed, expected, "page {page}");
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
