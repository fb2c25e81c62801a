//! The vocabulary files parse, and the JSON-LD context round-trips a record.

use crate::common;

use carrefour::rdf;
use carrefour::record::Kind;
use carrefour::store::{REFERENCE_GRAPHS, STAGES, THEMES};
use common::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{GraphName, Quad};

const CONTEXT: &str = include_str!("../../ontology/context.jsonld");

fn parse_turtle(text: &str) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(BASE)
        .unwrap()
        .for_slice(text.as_bytes())
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn every_ontology_file_parses() {
    for graph in REFERENCE_GRAPHS {
        assert!(
            !parse_turtle(graph.turtle).is_empty(),
            "{} is empty",
            graph.file
        );
    }
    let shapes = parse_turtle(include_str!("../../ontology/shapes.ttl"));
    assert!(
        shapes
            .iter()
            .any(|q| q.object.to_string() == "<http://www.w3.org/ns/shacl#NodeShape>")
    );
    let context: serde_json::Value = serde_json::from_str(CONTEXT).unwrap();
    assert_eq!(context["@context"]["@vocab"], "http://schema.org/");
}

#[test]
fn themes_and_stages_are_minted_under_the_base() {
    let themes = parse_turtle(THEMES.turtle);
    let concepts: std::collections::BTreeSet<String> = themes
        .iter()
        .filter(|q| q.object.to_string() == "<http://www.w3.org/2004/02/skos/core#Concept>")
        .map(|q| q.subject.to_string())
        .collect();
    assert!(
        (30..=60).contains(&concepts.len()),
        "{} themes",
        concepts.len()
    );
    for concept in &concepts {
        let iri = concept.trim_matches(['<', '>']);
        assert_eq!(
            base().parse_id(iri).map(|(k, _)| k),
            Some(Kind::Theme),
            "{iri}"
        );
    }
    let stages = parse_turtle(STAGES.turtle);
    for stage in carrefour::record::Stage::ALL {
        let iri = base().id(Kind::Stage, stage.code());
        assert!(
            stages.iter().any(|q| q.subject == iri.clone().into()),
            "{iri} missing from stages.ttl"
        );
    }
}

#[test]
fn themes_named_by_records_and_mappings_exist_in_the_scheme() {
    let themes = parse_turtle(THEMES.turtle);
    let mappings = carrefour::mapping::load_dir(std::path::Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/mappings"
    )))
    .unwrap();
    let mut codes = example_record().themes;
    for mapping in &mappings {
        codes.extend(mapping.alignment.themes.values().cloned());
    }
    for code in codes {
        let iri = base().id(Kind::Theme, &code);
        assert!(
            themes.iter().any(|q| q.subject == iri.clone().into()),
            "theme {code} is not in themes.ttl"
        );
    }
}

/// The published context turns the compacted JSON-LD of a record back into
/// exactly the triples of its record graph.
#[test]
fn context_round_trips_a_record() {
    let record = example_record();
    let graph: GraphName = base().id(Kind::Record, &record.key()).into();
    let expected: Vec<Quad> = rdf::record_quads(&base(), &record)
        .unwrap()
        .into_iter()
        .filter(|q| q.graph_name == graph)
        .map(|q| Quad {
            graph_name: GraphName::DefaultGraph,
            ..q
        })
        .collect();

    // Inline the context: the test must not fetch anything.
    let mut document: serde_json::Value =
        serde_json::from_str(include_str!("../fixtures/record.jsonld")).unwrap();
    let context: serde_json::Value = serde_json::from_str(CONTEXT).unwrap();
    document["@context"] = context["@context"].clone();
    let parsed: Vec<Quad> = RdfParser::from_format(RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    })
    .for_slice(serde_json::to_vec(&document).unwrap().as_slice())
    .collect::<Result<_, _>>()
    .unwrap();
    let (parsed, expected) = (quad_set(&parsed), quad_set(&expected));
    let missing: Vec<_> = expected.difference(&parsed).collect();
    let extra: Vec<_> = parsed.difference(&expected).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "missing: {missing:#?}\nextra: {extra:#?}"
    );
}
