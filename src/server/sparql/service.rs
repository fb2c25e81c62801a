//! The SPARQL 1.1 Service Description
//! (<https://www.w3.org/TR/sparql11-service-description/>) that `GET /sparql`
//! gives RDF clients: where the endpoint is (`sd:endpoint`, which Comunica
//! looks for), what it speaks, the formats it answers in, that its default
//! graph is the union of the named graphs, and VoID statistics of that
//! default graph, counted from the store at each request.

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};
use oxigraph::sparql::results::QueryResultsFormat;

use super::formats::content_type;
use super::{AppError, PREFIXES};
use crate::rdf::vocab::{cis, schema};
use crate::server::{AppState, ServerConfig};
use crate::store::{Sparql, Statistics, Store, StoreError};

const SD: &str = "http://www.w3.org/ns/sparql-service-description#";
const VOID: &str = "http://rdfs.org/ns/void#";
const RDFS_SEE_ALSO: &str = "http://www.w3.org/2000/01/rdf-schema#seeAlso";

/// The RDF formats the endpoint answers `CONSTRUCT` and `DESCRIBE` in.
const GRAPH_FORMATS: [RdfFormat; 5] = [
    RdfFormat::Turtle,
    RdfFormat::NTriples,
    RdfFormat::RdfXml,
    RdfFormat::TriG,
    RdfFormat::NQuads,
];

/// `GET /sparql` for an RDF client: the description in `format`.
pub(super) async fn respond(state: &AppState, format: RdfFormat) -> Response {
    let config = state.config.clone();
    let written = crate::server::slots::run(state, move |store| {
        let statistics = store.known_statistics()?;
        let partners = count_instances(store, cis::PARTNER)?;
        let triples = description(store, &config, &statistics, partners);
        serialize(&triples, format)
    })
    .await;
    let body = match written {
        Ok(body) => body,
        Err(error) => return error.into_response(),
    };
    let mut response = body.into_response();
    if let Ok(value) = HeaderValue::from_str(&content_type(format.media_type())) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
}

/// The description's triples.
pub(super) fn description(
    store: &Store,
    config: &ServerConfig,
    statistics: &Statistics,
    partners: u64,
) -> Vec<Triple> {
    let base = store.base().as_str();
    let endpoint = iri(&format!("{base}sparql"));
    let service = iri(&format!("{base}sparql#service"));
    let dataset = iri(&format!("{base}sparql#dataset"));
    let graph = iri(&format!("{base}sparql#default-graph"));
    let mut out = Description::default();
    out.add(&service, rdf::TYPE, sd("Service"));
    out.add(&service, sd("endpoint"), endpoint);
    out.add(&service, sd("supportedLanguage"), sd("SPARQL11Query"));
    if !config.read_only && config.update_token.is_some() {
        out.add(&service, sd("supportedLanguage"), sd("SPARQL11Update"));
    }
    out.add(&service, sd("feature"), sd("UnionDefaultGraph"));
    out.add(&service, sd("feature"), sd("DereferencesURIs"));
    // SERVICE is evaluated, but only towards the hosts of the allow-list:
    // without one, every SERVICE is refused, so the feature is not claimed.
    if !config.federate_with.is_empty() {
        out.add(&service, sd("feature"), sd("BasicFederatedQuery"));
        for host in &config.federate_with {
            out.add(&service, cis::FEDERATES_WITH, Literal::from(host.as_str()));
        }
    }
    // The other ways in to the same data, described in VoID.
    for interface in ["fragments", "store", "changes"] {
        let described = iri(&format!("{base}void#{interface}"));
        out.add(&service, iri(RDFS_SEE_ALSO), described);
    }
    let entailment = iri("http://www.w3.org/ns/entailment/Simple");
    out.add(&service, sd("defaultEntailmentRegime"), entailment);
    let results = RESULTS_FORMATS.iter().map(|format| format.iri());
    let graphs = GRAPH_FORMATS.iter().map(|format| format.iri());
    for format in results.chain(graphs).chain([JSON_LD_IRI]) {
        out.add(&service, sd("resultFormat"), iri(format));
    }
    for (function, _) in spargeo::GEOSPARQL_EXTENSION_FUNCTIONS {
        out.add(&service, sd("extensionFunction"), function.into_owned());
    }
    out.add(&service, sd("defaultDataset"), dataset.clone());
    out.add(&dataset, rdf::TYPE, sd("Dataset"));
    out.add(&dataset, sd("defaultGraph"), graph.clone());
    out.add(&dataset, iri(RDFS_SEE_ALSO), iri(&format!("{base}void")));
    out.add(&graph, rdf::TYPE, sd("Graph"));
    out.add(&graph, void("triples"), count(statistics.quads));
    for (name, class, entities) in [
        ("projects", schema::PROJECT, statistics.projects),
        ("partners", cis::PARTNER, partners),
    ] {
        let partition = iri(&format!("{base}sparql#{name}"));
        out.add(&graph, void("classPartition"), partition.clone());
        out.add(&partition, void("class"), class.into_owned());
        out.add(&partition, void("entities"), count(entities));
    }
    out.0
}

/// JSON-LD's format IRI (its `RdfFormat` needs a profile to be built).
const JSON_LD_IRI: &str = "http://www.w3.org/ns/formats/JSON-LD";

/// The SPARQL results formats the endpoint answers `SELECT` and `ASK` in.
const RESULTS_FORMATS: [QueryResultsFormat; 4] = [
    QueryResultsFormat::Json,
    QueryResultsFormat::Xml,
    QueryResultsFormat::Csv,
    QueryResultsFormat::Tsv,
];

#[derive(Default)]
struct Description(Vec<Triple>);

impl Description {
    fn add(
        &mut self,
        subject: &NamedNode,
        predicate: impl Into<NamedNode>,
        object: impl Into<Term>,
    ) {
        self.0.push(Triple::new(
            NamedOrBlankNode::from(subject.clone()),
            predicate.into(),
            object.into(),
        ));
    }
}

/// Writes the triples, with our prefixes and `sd:`.
fn serialize(triples: &[Triple], format: RdfFormat) -> Result<Vec<u8>, AppError> {
    let failed = |e: std::io::Error| {
        AppError::unavailable(format!("cannot write the service description: {e}"))
    };
    let mut serializer = RdfSerializer::from_format(format);
    for (name, namespace) in PREFIXES.iter().copied().chain([("sd", SD)]) {
        serializer = serializer
            .with_prefix(name, namespace)
            .map_err(AppError::unavailable)?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer.serialize_triple(triple).map_err(failed)?;
    }
    writer.finish().map_err(failed)
}

/// Instances of `class` in the union of all graphs.
fn count_instances(store: &Store, class: NamedNodeRef<'_>) -> Result<u64, StoreError> {
    let mut sparql = Sparql::new("SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x a ");
    sparql.iri(class)?.push(" }");
    match store.select_one(&sparql)? {
        Some(Term::Literal(n)) => n
            .value()
            .parse()
            .map_err(|_| StoreError::Query(format!("not a count: {n}"))),
        other => Err(StoreError::Query(format!("not a count: {other:?}"))),
    }
}

fn iri(text: &str) -> NamedNode {
    NamedNode::new_unchecked(text)
}

fn sd(local: &str) -> NamedNode {
    iri(&format!("{SD}{local}"))
}

fn void(local: &str) -> NamedNode {
    iri(&format!("{VOID}{local}"))
}

fn count(n: u64) -> Literal {
    Literal::new_typed_literal(n.to_string(), xsd::INTEGER)
}
