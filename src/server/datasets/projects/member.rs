//! One member of the collection: a project as compacted JSON-LD with the
//! keys of the published context (`ontology/context.jsonld`), its
//! organisation, place (`location`, with `address`, `geo` for the
//! coordinates, `geometry`), contact and record embedded. The licence and
//! the partner to credit belong to the record, as in the store:
//! `record.license`, `record.attributedTo`, `record.attributionName`.
//!
//! Built from the project's record graph and its record's provenance, and
//! nothing else: read back as RDF (with the context), a member gives only
//! statements the store holds. A value that does not fit its key's
//! coercion (a name in another language, say) is written as a value
//! object rather than silently retagged.

use std::collections::BTreeMap;

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Term};
use serde_json::{Value, json};

use super::ordered::Json;

use crate::rdf::vocab::{cc, dct, foaf, geo, pair, prov, schema};
use crate::record::Kind;
use crate::store::{Store, StoreError};

/// Statements grouped by subject, then predicate.
#[derive(Default)]
struct Graph {
    statements: BTreeMap<String, Vec<(NamedNode, Term)>>,
}

impl Graph {
    fn add(&mut self, subject: &NamedOrBlankNode, predicate: NamedNode, object: Term) {
        let key = match subject {
            NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
            NamedOrBlankNode::BlankNode(b) => b.to_string(),
        };
        self.statements
            .entry(key)
            .or_default()
            .push((predicate, object));
    }

    fn objects<'a>(&'a self, subject: &str, predicate: NamedNodeRef<'_>) -> Vec<&'a Term> {
        self.statements
            .get(subject)
            .into_iter()
            .flatten()
            .filter(|(p, _)| p.as_ref() == predicate)
            .map(|(_, o)| o)
            .collect()
    }

    fn iri(&self, subject: &str, predicate: NamedNodeRef<'_>) -> Option<&str> {
        self.objects(subject, predicate)
            .into_iter()
            .find_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
    }

    fn literal(&self, subject: &str, predicate: NamedNodeRef<'_>) -> Option<&Literal> {
        self.objects(subject, predicate)
            .into_iter()
            .find_map(|o| match o {
                Term::Literal(l) => Some(l),
                _ => None,
            })
    }
}

/// How a key of the context reads its values.
#[derive(Clone, Copy)]
enum Coercion {
    /// `"@language": "fr"`.
    French,
    /// No language (`"@language": null`, or a key without coercion).
    Plain,
    /// `"@type"`: this datatype.
    Typed(NamedNodeRef<'static>),
}

/// A node object being written.
struct Node<'g> {
    graph: &'g Graph,
    subject: String,
    json: Json,
}

impl<'g> Node<'g> {
    fn new(graph: &'g Graph, subject: &str) -> Self {
        let mut json = Json::object();
        json.set("id", subject);
        let mut iris: Vec<&str> = graph
            .objects(subject, rdf::TYPE)
            .into_iter()
            .filter_map(|t| match t {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        // Schema.org's types first ("Place" before "Feature" and "pair:Project").
        iris.sort_by_key(|iri| (!iri.starts_with(schema::NAMESPACE), *iri));
        let types: Vec<String> = iris.into_iter().map(compact_type).collect();
        match types.len() {
            0 => {}
            1 => json.set("type", types[0].clone()),
            _ => json.set("type", types),
        }
        Node {
            graph,
            subject: subject.to_owned(),
            json,
        }
    }

    /// `key`: the first literal of `predicate`.
    fn text(mut self, key: &str, predicate: NamedNodeRef<'_>, coercion: Coercion) -> Self {
        if let Some(literal) = self.graph.literal(&self.subject, predicate) {
            self.json.set(key, literal_value(literal, coercion));
        }
        self
    }

    /// `key`: every literal of `predicate`, as an array.
    fn texts(mut self, key: &str, predicate: NamedNodeRef<'_>) -> Self {
        let mut values: Vec<Value> = self
            .graph
            .objects(&self.subject, predicate)
            .into_iter()
            .filter_map(|o| match o {
                Term::Literal(l) => Some(literal_value(l, Coercion::Plain)),
                _ => None,
            })
            .collect();
        values.sort_by_key(|v| v.to_string());
        if !values.is_empty() {
            self.json.set(key, values);
        }
        self
    }

    /// `key`: the IRI of `predicate` (a key coerced to `@id`).
    fn link(mut self, key: &str, predicate: NamedNodeRef<'_>) -> Self {
        if let Some(iri) = self.graph.iri(&self.subject, predicate) {
            self.json.set(key, iri);
        }
        self
    }

    /// `key`: every IRI of `predicate`, sorted, as an array.
    fn links(mut self, key: &str, predicate: NamedNodeRef<'_>) -> Self {
        let mut iris: Vec<&str> = self
            .graph
            .objects(&self.subject, predicate)
            .into_iter()
            .filter_map(|o| match o {
                Term::NamedNode(n) => Some(n.as_str()),
                _ => None,
            })
            .collect();
        iris.sort_unstable();
        if !iris.is_empty() {
            self.json.set(key, iris);
        }
        self
    }

    /// `key`: the node `predicate` points to, embedded and written by `build`.
    fn embed(
        mut self,
        key: &str,
        predicate: NamedNodeRef<'_>,
        build: impl FnOnce(Node<'g>) -> Node<'g>,
    ) -> Self {
        if let Some(iri) = self.graph.iri(&self.subject, predicate) {
            let node = build(Node::new(self.graph, iri));
            self.json.set(key, node.json);
        }
        self
    }
}

/// The member for `project`: its record graph and its record's provenance.
pub fn member(store: &Store, project: &NamedNode) -> Result<Json, StoreError> {
    let base = store.base();
    let Some((Kind::Project, key)) = base.parse_id(project.as_str()) else {
        return Err(StoreError::Query(format!("{project} is not a project IRI")));
    };
    let record = base.id(Kind::Record, key);
    let mut graph = Graph::default();
    let db = store.oxigraph();
    let record_graph = GraphNameRef::NamedNode(record.as_ref());
    let provenance = crate::rdf::provenance_graph(base);
    let provenance = GraphNameRef::NamedNode(provenance.as_ref());
    for quad in db.quads_for_pattern(None, None, None, Some(record_graph)) {
        let quad = quad?;
        graph.add(&quad.subject, quad.predicate, quad.object);
    }
    let about_record =
        db.quads_for_pattern(Some(record.as_ref().into()), None, None, Some(provenance));
    for quad in about_record {
        let quad = quad?;
        if quad.predicate.as_ref() == prov::WAS_ATTRIBUTED_TO {
            if let Term::NamedNode(partner) = &quad.object {
                for name in db.quads_for_pattern(
                    Some(partner.as_ref().into()),
                    Some(schema::NAME),
                    None,
                    Some(provenance),
                ) {
                    let name = name?;
                    graph.add(&name.subject, name.predicate, name.object);
                }
            }
        }
        graph.add(&quad.subject, quad.predicate, quad.object);
    }
    Ok(project_node(&graph, project.as_str()).json)
}

fn project_node<'g>(graph: &'g Graph, project: &str) -> Node<'g> {
    Node::new(graph, project)
        .text("name", schema::NAME, Coercion::French)
        .text("description", schema::DESCRIPTION, Coercion::French)
        .link("source", schema::MAIN_ENTITY_OF_PAGE)
        .embed("organisation", schema::PARENT_ORGANIZATION, |org| {
            org.text("name", schema::NAME, Coercion::Plain)
                .link("url", schema::URL)
        })
        .embed("location", schema::LOCATION, place)
        .embed("contact", schema::CONTACT_POINT_PROPERTY, |contact| {
            contact
                .text("name", schema::NAME, Coercion::Plain)
                .text("email", schema::EMAIL, Coercion::Plain)
                .text("telephone", schema::TELEPHONE, Coercion::Plain)
                .link("url", schema::URL)
        })
        .texts("keywords", schema::KEYWORDS)
        .links("themes", dct::SUBJECT)
        .link("stage", pair::HAS_STATUS)
        .embed("record", foaf::IS_PRIMARY_TOPIC_OF, record)
}

fn place(place: Node<'_>) -> Node<'_> {
    place
        .text("name", schema::NAME, Coercion::French)
        .embed("address", schema::ADDRESS, |address| {
            address
                .text("streetAddress", schema::STREET_ADDRESS, Coercion::Plain)
                .text("postalCode", schema::POSTAL_CODE, Coercion::Plain)
                .text("addressLocality", schema::ADDRESS_LOCALITY, Coercion::Plain)
                .text("addressRegion", schema::ADDRESS_REGION, Coercion::Plain)
                .text("addressCountry", schema::ADDRESS_COUNTRY, Coercion::Plain)
        })
        .embed("geo", schema::GEO, |geo| {
            geo.text("latitude", schema::LATITUDE, Coercion::Typed(xsd::DOUBLE))
                .text("longitude", schema::LONGITUDE, Coercion::Typed(xsd::DOUBLE))
        })
        .embed("geometry", geo::HAS_GEOMETRY, |geometry| {
            geometry.text("wkt", geo::AS_WKT, Coercion::Typed(geo::WKT_LITERAL))
        })
}

/// The record: licence, credit and when it was harvested; the partner it
/// is attributed to, with its name.
fn record(record: Node<'_>) -> Node<'_> {
    record
        .link("license", dct::LICENSE)
        .link("ccLicense", cc::LICENSE)
        .text("attributionName", cc::ATTRIBUTION_NAME, Coercion::Plain)
        .link("attributionURL", cc::ATTRIBUTION_URL)
        .link("derivedFrom", prov::WAS_DERIVED_FROM)
        .text(
            "generatedAtTime",
            prov::GENERATED_AT_TIME,
            Coercion::Typed(xsd::DATE_TIME),
        )
        .link("generatedBy", prov::WAS_GENERATED_BY)
        .embed("attributedTo", prov::WAS_ATTRIBUTED_TO, |mut partner| {
            // Typed `Partner` so the context's scoped `name` (no language) applies.
            partner.json.set("type", "Partner");
            partner.text("name", schema::NAME, Coercion::Plain)
        })
}

/// A literal as the context reads it under a key with `coercion`.
fn literal_value(literal: &Literal, coercion: Coercion) -> Value {
    let fits = match coercion {
        Coercion::French => literal.language() == Some("fr"),
        Coercion::Plain => literal.language().is_none() && literal.datatype() == xsd::STRING,
        Coercion::Typed(datatype) => literal.datatype() == datatype,
    };
    if fits {
        return literal.value().into();
    }
    match literal.language() {
        Some(language) => json!({ "@value": literal.value(), "@language": language }),
        // A value object ignores the key's coercion: a plain string stays plain.
        None if literal.datatype() == xsd::STRING => json!({ "@value": literal.value() }),
        None => json!({ "@value": literal.value(), "@type": literal.datatype().as_str() }),
    }
}

/// A type IRI as the context writes it: schema.org terms by `@vocab`, our
/// own and GeoSPARQL's by their term, others as compact IRIs.
fn compact_type(iri: &str) -> String {
    const TERMS: [(&str, &str); 8] = [
        ("https://w3id.org/carrefour/ns#Record", "Record"),
        ("https://w3id.org/carrefour/ns#Harvest", "Harvest"),
        ("https://w3id.org/carrefour/ns#Mapping", "Mapping"),
        ("https://w3id.org/carrefour/ns#Partner", "Partner"),
        ("http://www.opengis.net/ont/geosparql#Feature", "Feature"),
        ("http://www.opengis.net/ont/geosparql#Geometry", "Geometry"),
        ("http://www.w3.org/2004/02/skos/core#Concept", "Concept"),
        (
            "http://www.w3.org/2004/02/skos/core#ConceptScheme",
            "ConceptScheme",
        ),
    ];
    const PREFIXES: [(&str, &str); 4] = [
        ("pair:", "http://virtual-assembly.org/ontologies/pair#"),
        ("prov:", "http://www.w3.org/ns/prov#"),
        ("cis:", "https://w3id.org/carrefour/ns#"),
        ("gsp:", "http://www.opengis.net/ont/geosparql#"),
    ];
    if let Some((_, term)) = TERMS.iter().find(|(full, _)| *full == iri) {
        return (*term).to_owned();
    }
    if let Some(local) = iri.strip_prefix(schema::NAMESPACE) {
        if !local.is_empty() && !local.contains([':', '/', '#']) {
            return local.to_owned();
        }
    }
    PREFIXES
        .iter()
        .find_map(|(prefix, namespace)| {
            iri.strip_prefix(namespace)
                .filter(|local| !local.is_empty())
                .map(|local| format!("{prefix}{local}"))
        })
        .unwrap_or_else(|| iri.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_compact_like_the_context() {
        assert_eq!(compact_type("http://schema.org/Project"), "Project");
        assert_eq!(
            compact_type("http://virtual-assembly.org/ontologies/pair#Project"),
            "pair:Project"
        );
        assert_eq!(
            compact_type("https://w3id.org/carrefour/ns#Record"),
            "Record"
        );
        assert_eq!(
            compact_type("http://www.w3.org/ns/prov#Entity"),
            "prov:Entity"
        );
        assert_eq!(compact_type("http://example.org/X"), "http://example.org/X");
    }

    #[test]
    fn literals_that_do_not_fit_their_key_keep_their_tag() {
        let french = Literal::new_language_tagged_literal_unchecked("Bonjour", "fr");
        assert_eq!(literal_value(&french, Coercion::French), json!("Bonjour"));
        let english = Literal::new_language_tagged_literal_unchecked("Hello", "en");
        assert_eq!(
            literal_value(&english, Coercion::French),
            json!({ "@value": "Hello", "@language": "en" })
        );
        let plain = Literal::from("Hello");
        assert_eq!(
            literal_value(&plain, Coercion::French),
            json!({ "@value": "Hello" })
        );
        let double = Literal::new_typed_literal("45.7", xsd::DOUBLE);
        assert_eq!(
            literal_value(&double, Coercion::Typed(xsd::DOUBLE)),
            json!("45.7")
        );
        assert_eq!(
            literal_value(&double, Coercion::Plain),
            json!({ "@value": "45.7", "@type": xsd::DOUBLE.as_str() })
        );
    }
}
