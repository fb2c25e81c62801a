//! Records to RDF: content of the record and provenance graphs, and round
//! trips through Turtle, TriG, N-Quads and JSON-LD.

use crate::common;

use carrefour::rdf::{self, provenance_graph};
use carrefour::record::Kind;
use common::*;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, Quad};

fn serialize(quads: &[Quad], format: RdfFormat) -> Vec<u8> {
    let mut serializer = RdfSerializer::from_format(format).for_writer(Vec::new());
    for quad in quads {
        serializer.serialize_quad(quad).unwrap();
    }
    serializer.finish().unwrap()
}

fn parse(bytes: &[u8], format: RdfFormat, graph: Option<GraphName>) -> Vec<Quad> {
    let mut parser = RdfParser::from_format(format);
    if let Some(graph) = graph {
        parser = parser.with_default_graph(graph);
    }
    parser.for_slice(bytes).collect::<Result<_, _>>().unwrap()
}

#[test]
fn record_graph_holds_the_project_and_provenance_graph_the_rest() {
    let record = example_record();
    let key = record.key();
    let quads = rdf::record_quads(&base(), &record).unwrap();
    let record_graph: GraphName = base().id(Kind::Record, &key).into();
    let provenance: GraphName = provenance_graph(&base()).into();
    let in_graph = |graph: &GraphName, needle: &str| {
        quads
            .iter()
            .any(|q| &q.graph_name == graph && q.to_string().contains(needle))
    };
    assert!(in_graph(&record_graph, "<http://schema.org/Project>"));
    assert!(in_graph(
        &record_graph,
        "\"Jardins partagés des Minguettes\"@fr"
    ));
    assert!(in_graph(
        &record_graph,
        "<http://virtual-assembly.org/ontologies/pair#hasStatus>"
    ));
    assert!(in_graph(&record_graph, "POINT(4.8867 45.7146)"));
    assert!(in_graph(
        &record_graph,
        "<http://schema.org/mainEntityOfPage> <https://www.fondation-territoires.example/projets/jardins-partages-minguettes>"
    ));
    for term in [
        "prov#wasDerivedFrom",
        "prov#wasGeneratedBy",
        "prov#generatedAtTime",
        "prov#wasAttributedTo",
        "creativecommons.org/ns#license",
        "purl.org/dc/terms/license",
        "creativecommons.org/ns#attributionName",
        "creativecommons.org/ns#attributionURL",
    ] {
        assert!(
            in_graph(&provenance, term),
            "{term} missing from the provenance graph"
        );
        assert!(
            !in_graph(&record_graph, term),
            "{term} leaked into the record graph"
        );
    }
    assert!(
        quads
            .iter()
            .all(|q| q.graph_name == record_graph || q.graph_name == provenance)
    );
}

#[test]
fn record_round_trips_through_turtle() {
    let quads = rdf::record_quads(&base(), &example_record()).unwrap();
    let graph: GraphName = base().id(Kind::Record, &example_record().key()).into();
    let triples: Vec<Quad> = quads
        .iter()
        .filter(|q| q.graph_name == graph)
        .cloned()
        .collect();
    let turtle = serialize(
        &triples
            .iter()
            .map(|q| Quad {
                graph_name: GraphName::DefaultGraph,
                ..q.clone()
            })
            .collect::<Vec<_>>(),
        RdfFormat::Turtle,
    );
    let parsed = parse(&turtle, RdfFormat::Turtle, Some(graph));
    assert_eq!(
        quad_set(&parsed),
        quad_set(&triples),
        "{}",
        String::from_utf8_lossy(&turtle)
    );
}

#[test]
fn record_round_trips_through_dataset_formats() {
    let quads = rdf::record_quads(&base(), &example_record()).unwrap();
    for format in [
        RdfFormat::TriG,
        RdfFormat::NQuads,
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ] {
        let bytes = serialize(&quads, format);
        let parsed = parse(&bytes, format, None);
        assert_eq!(quad_set(&parsed), quad_set(&quads), "{format}");
    }
}

#[test]
fn partner_and_harvest_are_described_with_prov() {
    let partner = partner("demo");
    let harvest = harvest(&partner, 10);
    let partner_quads = quad_set(&rdf::partner_quads(&base(), &partner));
    let harvest_quads = quad_set(&rdf::harvest_quads(&base(), &harvest));
    let has = |set: &std::collections::BTreeSet<String>, needle: &str| {
        set.iter().any(|q| q.contains(needle))
    };
    assert!(has(
        &partner_quads,
        "<http://www.w3.org/ns/prov#Organization>"
    ));
    assert!(has(
        &partner_quads,
        "<http://creativecommons.org/licenses/by-sa/4.0/>"
    ));
    assert!(has(&harvest_quads, "<http://www.w3.org/ns/prov#Activity>"));
    assert!(has(
        &harvest_quads,
        "prov#startedAtTime> \"2026-11-29T10:00:00Z\""
    ));
    assert!(has(
        &harvest_quads,
        "prov#used> <https://demo.example/projets>"
    ));
    assert!(has(
        &harvest_quads,
        &format!("prov#hadPlan> <{BASE}id/partner/demo#mapping>")
    ));
}
