//! The VoID and DCAT statements themselves, from the store's figures.

use std::path::Path;
use std::time::SystemTime;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, Term, Triple};

use super::{DCAT, VOID};
use crate::record::BaseIri;
use crate::store::{FULL_DUMP, PartnerStatistics, Statistics, partner_dump};

const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const IANA: &str = "https://www.iana.org/assignments/media-types/";

/// The vocabularies the data uses (`void:vocabulary`).
const VOCABULARIES: [&str; 10] = [
    "http://schema.org/",
    "http://virtual-assembly.org/ontologies/pair#",
    "http://www.w3.org/ns/prov#",
    "http://creativecommons.org/ns#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2004/02/skos/core#",
    "http://www.opengis.net/ont/geosparql#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "https://w3id.org/carrefour/ns#",
];

/// Triples being written about one subject after another.
struct Description {
    triples: Vec<Triple>,
}

impl Description {
    /// `node`, a `dcat:Distribution` of `dataset` titled in French and English.
    fn distribution(&mut self, dataset: &NamedNode, node: &NamedNode, fr: &str, en: &str) {
        self.add(dataset, &format!("{DCAT}distribution"), node.clone());
        self.types(node, &[&format!("{DCAT}Distribution")]);
        self.text(node, &format!("{DCT}title"), fr, en);
    }

    fn add(&mut self, subject: &NamedNode, predicate: &str, object: impl Into<Term>) {
        self.triples.push(Triple::new(
            subject.clone(),
            NamedNode::new_unchecked(predicate),
            object,
        ));
    }

    fn link(&mut self, subject: &NamedNode, predicate: &str, object: &str) {
        self.add(subject, predicate, NamedNode::new_unchecked(object));
    }

    fn count(&mut self, subject: &NamedNode, predicate: &str, n: u64) {
        self.add(subject, predicate, Literal::from(n as i64));
    }

    fn text(&mut self, subject: &NamedNode, predicate: &str, french: &str, english: &str) {
        let literal = |text: &str, language: &str| {
            Literal::new_language_tagged_literal_unchecked(text, language)
        };
        self.add(subject, predicate, literal(french, "fr"));
        self.add(subject, predicate, literal(english, "en"));
    }

    fn date_time(&mut self, subject: &NamedNode, predicate: &str, lexical: &str) {
        self.add(
            subject,
            predicate,
            Literal::new_typed_literal(lexical, xsd::DATE_TIME),
        );
    }

    fn types(&mut self, subject: &NamedNode, types: &[&str]) {
        for class in types {
            self.add(
                subject,
                rdf::TYPE.as_str(),
                NamedNode::new_unchecked(*class),
            );
        }
    }
}

/// The VoID and DCAT description of the store's data.
pub fn description(
    base: &BaseIri,
    statistics: &Statistics,
    dumps_dir: Option<&Path>,
) -> Vec<Triple> {
    let mut out = Description {
        triples: Vec::new(),
    };
    let dataset = void_node(base, "dataset");
    let v = |local: &str| format!("{VOID}{local}");
    let d = |local: &str| format!("{DCAT}{local}");
    let t = |local: &str| format!("{DCT}{local}");
    out.types(&dataset, &[&v("Dataset"), &d("Dataset")]);
    out.text(
        &dataset,
        &t("title"),
        "Carrefour des innovations sociales : projets d’innovation sociale des partenaires",
        "Carrefour des innovations sociales: social-innovation projects of the partners",
    );
    out.text(
        &dataset,
        &t("description"),
        "Projets d’innovation sociale moissonnés sur les sites des partenaires du Carrefour \
         (nom, structure porteuse, présentation, lieu, contact, thèmes, stade), avec leur \
         provenance (PROV-O) et la licence de chaque partenaire.",
        "Social-innovation projects harvested from the websites of the Carrefour's partners \
         (name, carrying organisation, summary, place, contact, themes, stage), with their \
         provenance (PROV-O) and each partner's licence.",
    );
    publisher(&mut out, base, &dataset);
    out.link(&dataset, &format!("{FOAF}homepage"), base.as_str());
    out.link(&dataset, &d("landingPage"), base.as_str());
    out.link(&dataset, &v("sparqlEndpoint"), &format!("{base}sparql"));
    out.add(
        &dataset,
        &v("uriSpace"),
        Literal::from(format!("{base}id/")),
    );
    for vocabulary in VOCABULARIES {
        out.link(&dataset, &v("vocabulary"), vocabulary);
    }
    out.link(
        &dataset,
        &v("feature"),
        "http://www.w3.org/ns/formats/N-Quads",
    );
    out.count(&dataset, &v("triples"), statistics.quads);
    out.count(&dataset, &v("entities"), statistics.entities);
    class_partition(
        &mut out,
        base,
        &dataset,
        "projects",
        "http://schema.org/Project",
        statistics.projects,
    );
    class_partition(
        &mut out,
        base,
        &dataset,
        "organisations",
        "http://schema.org/Organization",
        statistics.organisations,
    );
    if let Some(at) = &statistics.last_harvest {
        out.date_time(&dataset, &t("modified"), at);
    }
    sparql_service(&mut out, base, &dataset);
    for interface in &INTERFACES {
        data_service(&mut out, base, &dataset, interface);
    }
    dump(&mut out, base, &dataset, "dump", FULL_DUMP, dumps_dir, None);
    for partner in &statistics.partners {
        if let Some(example) = &partner.example {
            out.add(&dataset, &v("exampleResource"), example.clone());
        }
        let subset = subset(&mut out, base, partner, dumps_dir);
        out.add(&dataset, &v("subset"), subset);
    }
    // Grouped by subject, the dataset first, so the Turtle reads as a list
    // of descriptions; the stable sort keeps each one's order.
    let mut triples = out.triples;
    triples.sort_by_cached_key(|t| (t.subject != dataset.clone().into(), t.subject.to_string()));
    triples
}

/// `{base}void#{fragment}`.
fn void_node(base: &BaseIri, fragment: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{base}void#{fragment}"))
}

/// The hub that publishes the data.
fn publisher(out: &mut Description, base: &BaseIri, dataset: &NamedNode) {
    let publisher = void_node(base, "publisher");
    out.add(dataset, &format!("{DCT}publisher"), publisher.clone());
    out.types(&publisher, &[&format!("{FOAF}Organization")]);
    out.add(
        &publisher,
        &format!("{FOAF}name"),
        Literal::from("Carrefour des innovations sociales"),
    );
    out.link(&publisher, &format!("{FOAF}homepage"), base.as_str());
}

/// A `void:classPartition`: how many things of `class`.
fn class_partition(
    out: &mut Description,
    base: &BaseIri,
    dataset: &NamedNode,
    name: &str,
    class: &str,
    entities: u64,
) {
    let fragment = dataset.as_str().rsplit('#').next().unwrap_or_default();
    let partition = void_node(base, &format!("{fragment}-{name}"));
    out.add(dataset, &format!("{VOID}classPartition"), partition.clone());
    out.link(&partition, &format!("{VOID}class"), class);
    out.count(&partition, &format!("{VOID}entities"), entities);
}

/// The SPARQL endpoint as a DCAT data service and a distribution.
fn sparql_service(out: &mut Description, base: &BaseIri, dataset: &NamedNode) {
    let endpoint = format!("{base}sparql");
    let service = void_node(base, "sparql-service");
    let distribution = void_node(base, "sparql");
    out.types(&service, &[&format!("{DCAT}DataService")]);
    out.link(&service, &format!("{DCAT}endpointURL"), &endpoint);
    out.link(&service, &format!("{DCAT}endpointDescription"), &endpoint);
    out.link(
        &service,
        &format!("{DCT}conformsTo"),
        "https://www.w3.org/TR/sparql11-protocol/",
    );
    out.add(&service, &format!("{DCAT}servesDataset"), dataset.clone());
    out.distribution(
        dataset,
        &distribution,
        "Point d’accès SPARQL",
        "SPARQL endpoint",
    );
    out.link(&distribution, &format!("{DCAT}accessURL"), &endpoint);
    out.add(&distribution, &format!("{DCAT}accessService"), service);
}

/// An interface to the data besides SPARQL and the dumps.
struct Interface {
    /// The path under the base, and the fragment of its node in `/void`.
    path: &'static str,
    /// The specification it follows (`dct:conformsTo`).
    conforms_to: &'static str,
    french: &'static str,
    english: &'static str,
}

/// The interfaces other platforms federate through (the service
/// description points here too).
const INTERFACES: [Interface; 3] = [
    Interface {
        path: "fragments",
        conforms_to: "https://linkeddatafragments.org/specification/triple-pattern-fragments/",
        french: "Fragments de motifs de triplets (Linked Data Fragments)",
        english: "Triple Pattern Fragments (Linked Data Fragments)",
    },
    Interface {
        path: "store",
        conforms_to: "https://www.w3.org/TR/sparql11-http-rdf-update/",
        french: "Magasin de graphes (protocole HTTP SPARQL 1.1 Graph Store)",
        english: "Graph store (SPARQL 1.1 Graph Store HTTP Protocol)",
    },
    Interface {
        path: "changes",
        conforms_to: "https://www.w3.org/TR/activitystreams-core/",
        french: "Flux des changements (Activity Streams 2.0)",
        english: "Change feed (Activity Streams 2.0)",
    },
];

/// `interface` as a DCAT data service serving the dataset.
fn data_service(out: &mut Description, base: &BaseIri, dataset: &NamedNode, interface: &Interface) {
    let service = void_node(base, interface.path);
    out.types(&service, &[&format!("{DCAT}DataService")]);
    out.text(
        &service,
        &format!("{DCT}title"),
        interface.french,
        interface.english,
    );
    let url = format!("{base}{}", interface.path);
    out.link(&service, &format!("{DCAT}endpointURL"), &url);
    out.link(&service, &format!("{DCT}conformsTo"), interface.conforms_to);
    out.add(&service, &format!("{DCAT}servesDataset"), dataset.clone());
}

/// A dump file as `void:dataDump` and a DCAT distribution, if it exists.
///
/// The distribution's `dcat:mediaType` is N-Quads and its
/// `dcat:compressFormat` gzip: the file is served as `application/gzip`
/// bytes, not with a `Content-Encoding` (see [`crate::server::datasets::dumps`]).
fn dump(
    out: &mut Description,
    base: &BaseIri,
    dataset: &NamedNode,
    fragment: &str,
    file: &str,
    dumps_dir: Option<&Path>,
    license: Option<&str>,
) {
    let Some(metadata) = dumps_dir.and_then(|dir| std::fs::metadata(dir.join(file)).ok()) else {
        return;
    };
    let url = format!("{base}dumps/{file}");
    let distribution = void_node(base, fragment);
    out.link(dataset, &format!("{VOID}dataDump"), &url);
    out.distribution(
        dataset,
        &distribution,
        &format!("Export N-Quads compressé (gzip) : {file}"),
        &format!("Gzipped N-Quads dump: {file}"),
    );
    out.link(&distribution, &format!("{DCAT}downloadURL"), &url);
    out.link(&distribution, &format!("{DCAT}accessURL"), &url);
    out.link(
        &distribution,
        &format!("{DCAT}mediaType"),
        &format!("{IANA}application/n-quads"),
    );
    out.link(
        &distribution,
        &format!("{DCAT}compressFormat"),
        &format!("{IANA}application/gzip"),
    );
    out.add(
        &distribution,
        &format!("{DCAT}byteSize"),
        Literal::new_typed_literal(metadata.len().to_string(), xsd::NON_NEGATIVE_INTEGER),
    );
    if let Some(modified) = metadata.modified().ok().and_then(date_time) {
        out.date_time(&distribution, &format!("{DCT}modified"), &modified);
    }
    if let Some(license) = license {
        out.link(&distribution, &format!("{DCT}license"), license);
    }
}

/// One partner's subset.
fn subset(
    out: &mut Description,
    base: &BaseIri,
    partner: &PartnerStatistics,
    dumps_dir: Option<&Path>,
) -> NamedNode {
    let subset = void_node(base, &format!("partner-{}", partner.id));
    let name = &partner.name;
    out.types(
        &subset,
        &[&format!("{VOID}Dataset"), &format!("{DCAT}Dataset")],
    );
    out.text(
        &subset,
        &format!("{DCT}title"),
        &format!("Projets référencés par {name}"),
        &format!("Projects listed by {name}"),
    );
    out.add(&subset, &format!("{DCT}creator"), partner.iri.clone());
    out.add(
        &partner.iri,
        &format!("{FOAF}name"),
        Literal::from(name.as_str()),
    );
    if let Some(homepage) = &partner.homepage {
        out.link(&subset, &format!("{DCT}source"), homepage);
        out.link(&partner.iri, &format!("{FOAF}homepage"), homepage);
    }
    if let Some(license) = &partner.license {
        out.link(&subset, &format!("{DCT}license"), license);
    }
    if let Some(at) = &partner.last_harvest {
        out.date_time(&subset, &format!("{DCT}modified"), at);
    }
    out.link(
        &subset,
        &format!("{VOID}sparqlEndpoint"),
        &format!("{base}sparql"),
    );
    out.count(&subset, &format!("{VOID}triples"), partner.share.quads);
    out.count(&subset, &format!("{VOID}entities"), partner.share.entities);
    class_partition(
        out,
        base,
        &subset,
        "projects",
        "http://schema.org/Project",
        partner.projects,
    );
    if let Some(example) = &partner.example {
        out.add(&subset, &format!("{VOID}exampleResource"), example.clone());
    }
    let fragment = format!("partner-{}-dump", partner.id);
    let file = partner_dump(&partner.id);
    dump(
        out,
        base,
        &subset,
        &fragment,
        &file,
        dumps_dir,
        partner.license.as_deref(),
    );
    subset
}

/// An `xsd:dateTime` lexical form of a file time, in UTC.
fn date_time(time: SystemTime) -> Option<String> {
    let time: chrono::DateTime<chrono::Utc> = time.into();
    Some(time.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}
