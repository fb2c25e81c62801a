//! Triple Pattern Fragments at `/fragments` over the demo data: every page
//! of a pattern together is exactly the set of matching triples, the
//! metadata counts them and links the pages, the controls describe the
//! search form, and the pages revalidate.

use crate::common;

use std::collections::BTreeSet;

use common::demo::demo_server;
use common::http::{form_encode, get};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad, Term};

const HYDRA: &str = "http://www.w3.org/ns/hydra/core#";
const PROJECT: &str = "http://schema.org/Project";
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

fn parse(body: &[u8], format: RdfFormat) -> Vec<Quad> {
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The object of `subject predicate ?o` among `quads`.
fn object_of(quads: &[Quad], subject: &str, predicate: &str) -> Option<Term> {
    quads
        .iter()
        .find(|q| {
            q.subject.to_string() == format!("<{subject}>") && q.predicate.as_str() == predicate
        })
        .map(|q| q.object.clone())
}

fn count(term: Option<Term>) -> u64 {
    match term {
        Some(Term::Literal(literal)) => literal.value().parse().unwrap(),
        other => panic!("not a count: {other:?}"),
    }
}

#[test]
fn the_pages_of_a_pattern_hold_exactly_its_triples() {
    let server = demo_server();
    let store = &server.state.store;
    let base = store.base().as_str().to_owned();
    let query = format!(
        "predicate={}&object={}",
        form_encode(RDF_TYPE),
        form_encode(PROJECT)
    );
    let expected: BTreeSet<String> = store
        .oxigraph()
        .quads_for_pattern(
            None,
            Some(NamedNode::new_unchecked(RDF_TYPE).as_ref()),
            Some(NamedNode::new_unchecked(PROJECT).as_ref().into()),
            None,
        )
        .map(|q| q.unwrap().subject.to_string())
        .collect();
    assert!(
        expected.len() > 100,
        "the demo has more projects than a page"
    );
    let mut seen = BTreeSet::new();
    let mut next = Some(format!("{base}fragments?{query}"));
    let mut pages = 0;
    while let Some(page) = next.take() {
        pages += 1;
        let path = page.strip_prefix(&base[..base.len() - 1]).unwrap();
        let response = get(server.addr, path, &[("Accept", "application/trig")]);
        assert_eq!(response.status, 200, "{path}: {}", response.text());
        assert!(response.header("etag").is_some());
        let quads = parse(response.body.as_slice(), RdfFormat::TriG);
        let (data, metadata): (Vec<_>, Vec<_>) = quads
            .into_iter()
            .partition(|q| q.graph_name == GraphName::DefaultGraph);
        assert!(data.len() <= 100);
        for quad in &data {
            assert_eq!(quad.predicate.as_str(), RDF_TYPE);
            assert_eq!(quad.object.to_string(), format!("<{PROJECT}>"));
            assert!(
                seen.insert(quad.subject.to_string()),
                "{} twice",
                quad.subject
            );
        }
        // The metadata graph says which page it is about, and counts.
        let graph = format!("{page}#metadata");
        assert!(
            metadata
                .iter()
                .all(|q| q.graph_name.to_string() == format!("<{graph}>"))
        );
        let topic = object_of(&metadata, &graph, "http://xmlns.com/foaf/0.1/primaryTopic");
        assert_eq!(topic.unwrap().to_string(), format!("<{page}>"));
        let total = count(object_of(&metadata, &page, &format!("{HYDRA}totalItems")));
        assert_eq!(total, expected.len() as u64);
        let template = metadata
            .iter()
            .find(|q| q.predicate.as_str() == format!("{HYDRA}template"))
            .map(|q| q.object.to_string());
        assert_eq!(
            template.unwrap(),
            format!("\"{base}fragments{{?subject,predicate,object}}\"")
        );
        next = object_of(&metadata, &page, &format!("{HYDRA}next")).map(|next| match next {
            Term::NamedNode(node) => node.into_string(),
            other => panic!("hydra:next is not an IRI: {other}"),
        });
    }
    assert_eq!(seen, expected);
    assert_eq!(pages, expected.len().div_ceil(100));
}

#[test]
fn literals_match_in_the_explicit_representation() {
    let server = demo_server();
    let store = &server.state.store;
    let name = common::select_one(
        store,
        "SELECT ?n WHERE { ?p a <http://schema.org/Project> ; <http://schema.org/name> ?n } LIMIT 1",
    )
    .unwrap();
    let Term::Literal(name) = name else {
        panic!("a name is a literal")
    };
    let explicit = format!("\"{}\"@{}", name.value(), name.language().unwrap());
    let response = get(
        server.addr,
        &format!("/fragments?object={}", form_encode(&explicit)),
        &[("Accept", "text/turtle")],
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let quads = parse(response.body.as_slice(), RdfFormat::Turtle);
    assert!(
        quads
            .iter()
            .any(|q| q.predicate.as_str() == "http://schema.org/name"
                && q.object == name.clone().into()),
        "{explicit} not found"
    );
    // JSON-LD and N-Triples too.
    for accept in [
        "application/ld+json",
        "application/n-triples",
        "application/n-quads",
    ] {
        let response = get(
            server.addr,
            &format!("/fragments?object={}", form_encode(&explicit)),
            &[("Accept", accept)],
        );
        assert_eq!(response.status, 200, "{accept}");
        assert!(response.media_type().starts_with(accept), "{accept}");
    }
}

#[test]
fn pages_revalidate_and_bad_patterns_are_refused() {
    let server = demo_server();
    let first = get(server.addr, "/fragments", &[("Accept", "text/turtle")]);
    assert_eq!(first.status, 200);
    let etag = first.header("etag").unwrap().to_owned();
    let again = get(
        server.addr,
        "/fragments",
        &[("Accept", "text/turtle"), ("If-None-Match", &etag)],
    );
    assert_eq!(again.status, 304);
    for (query, named) in [
        ("page=0", "page=0"),
        ("subject=relative%2Firi", "subject"),
        ("subject=%22a%22", "subject"),
        ("predicate=%22a%22", "predicate"),
        ("object=%22open", "object"),
    ] {
        let response = get(server.addr, &format!("/fragments?{query}"), &[]);
        assert_eq!(response.status, 400, "{query}");
        assert!(
            response.text().contains(named),
            "{query}: {}",
            response.text()
        );
    }
    let refused = get(server.addr, "/fragments", &[("Accept", "image/png")]);
    assert_eq!(refused.status, 406);
}
