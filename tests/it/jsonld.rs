//! Compacted JSON-LD: parsed back with the published context, every
//! document gives the RDF it was made from, and its keys are the short
//! ones developers expect.

use crate::common;

use std::collections::BTreeSet;

use carrefour::rdf::jsonld::{CONTEXT_DOCUMENT, Context, compact, compact_with};
use carrefour::record::{Kind, organisation_key};
use carrefour::store::Description;
use oxigraph::io::{JsonLdProfile, JsonLdProfileSet, LoadedDocument, RdfFormat, RdfParser};
use oxigraph::model::vocab::xsd;
use oxigraph::model::{BlankNode, Literal, NamedNode, Term, Triple};
use serde_json::{Value, json};

const CONTEXT_URL: &str = "http://localhost:7878/ns/context.jsonld";

/// Parses `document` with Oxigraph, serving `context` for the context URL
/// (no network), and returns its triples as N-Triples lines.
fn parse_with(document: &Value, context: &'static str) -> BTreeSet<String> {
    let bytes = serde_json::to_vec(document).unwrap();
    RdfParser::from_format(RdfFormat::JsonLd {
        profile: JsonLdProfileSet::empty(),
    })
    .for_slice(&bytes)
    .with_document_loader(move |url| {
        assert_eq!(url, CONTEXT_URL, "only the context is loaded");
        Ok(LoadedDocument {
            url: url.into(),
            content: context.as_bytes().to_vec(),
            format: RdfFormat::JsonLd {
                profile: JsonLdProfile::Context.into(),
            },
        })
    })
    .map(|quad| {
        let quad = quad.unwrap_or_else(|e| panic!("{e} in\n{document:#}"));
        Triple::from(quad).to_string()
    })
    .collect()
}

fn lines(triples: &[Triple]) -> BTreeSet<String> {
    triples.iter().map(Triple::to_string).collect()
}

/// Compacts, parses back, and checks the triples are the same (no blank
/// nodes in the demo data: set equality is isomorphism).
fn round_trip(root: &NamedNode, triples: &[Triple]) -> Value {
    let document = compact(&common::base(), root, triples);
    assert_same_triples(&document, triples, CONTEXT_DOCUMENT);
    document
}

fn assert_same_triples(document: &Value, triples: &[Triple], context: &'static str) {
    let parsed = parse_with(document, context);
    let expected = lines(triples);
    let lost: Vec<_> = expected.difference(&parsed).collect();
    let added: Vec<_> = parsed.difference(&expected).collect();
    assert!(
        lost.is_empty() && added.is_empty(),
        "lost {lost:#?}\nadded {added:#?}\nin {document:#}"
    );
}

fn describe(iri: &NamedNode) -> Vec<Triple> {
    match common::demo::demo_store().describe(iri).unwrap() {
        Description::Live(triples) => triples,
        other => panic!("{iri} is not live: {other:?}"),
    }
}

/// Some project of each demo partner, by a query on the demo store.
fn a_project_per_partner() -> Vec<NamedNode> {
    let store = common::demo::demo_store();
    let query = "SELECT (MIN(?project) AS ?p) WHERE { GRAPH ?g { \
                 ?record <http://www.w3.org/ns/prov#wasAttributedTo> ?partner ; \
                 <http://xmlns.com/foaf/0.1/primaryTopic> ?project } } GROUP BY ?partner";
    let mut projects = Vec::new();
    if let oxigraph::sparql::QueryResults::Solutions(solutions) = common::query(&store, query) {
        for solution in solutions {
            if let Some(Term::NamedNode(p)) = solution.unwrap().get("p") {
                projects.push(p.clone());
            }
        }
    }
    assert_eq!(projects.len(), 6, "one project per demo partner");
    projects
}

const LE_LOCAL: &str = "fondation-territoires-f87565bb7ee2";

#[test]
fn projects_of_every_partner_round_trip() {
    for project in a_project_per_partner() {
        let document = round_trip(&project, &describe(&project));
        assert_eq!(document["id"], project.as_str());
        assert!(document["name"].is_string(), "{document:#}");
        assert!(document["organisation"]["name"].is_string(), "{document:#}");
        assert!(document["record"]["attributedTo"]["name"].is_string());
    }
}

#[test]
fn a_project_has_short_keys_and_embedded_nodes() {
    let project = common::base().id(Kind::Project, LE_LOCAL);
    let document = round_trip(&project, &describe(&project));
    assert_eq!(document["@context"], CONTEXT_URL);
    assert_eq!(document["type"], json!(["Project", "pair:Project"]));
    assert_eq!(document["name"], "Habitat inclusif Le Local");
    assert_eq!(
        document["source"],
        "https://www.fondation-territoires.example/projets/habitat-inclusif-le-local.html"
    );
    let organisation = &document["organisation"];
    assert_eq!(
        organisation["id"],
        common::base()
            .id(Kind::Organisation, &organisation_key("SCIC L'Enclume"))
            .as_str()
    );
    assert_eq!(organisation["name"], "SCIC L'Enclume");
    assert_eq!(organisation["type"], "Organization");
    assert_eq!(document["location"]["type"], json!(["Feature", "Place"]));
    // The commune, its département and its région, each with its name.
    let areas = document["location"]["containedInPlace"].as_array().unwrap();
    let names: Vec<(&str, &str)> = areas
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["name"].as_str().unwrap()))
        .collect();
    for expected in [
        ("http://localhost:7878/id/commune/56178", "Pontivy"),
        ("http://localhost:7878/id/departement/56", "Morbihan"),
        ("http://localhost:7878/id/region/53", "Bretagne"),
    ] {
        assert!(names.contains(&expected), "{names:?}");
    }
    assert_eq!(document["location"]["name"], "Pontivy");
    assert_eq!(
        document["themes"],
        json!([{
            "id": "http://localhost:7878/id/theme/handicap",
            "type": "Concept",
            "prefLabel": { "en": "Disability", "fr": "Handicap" }
        }])
    );
    assert_eq!(document["stage"]["prefLabel"]["fr"], "Changement d'échelle");
    assert_eq!(
        document["keywords"],
        json!(["Emploi accompagné", "Handicap", "Inclusion"])
    );
    assert_eq!(document["contact"]["type"], "ContactPoint");
    assert_eq!(
        document["contact"]["email"],
        "gael.moreau@l-enclume.example"
    );
    let record = &document["record"];
    assert_eq!(record["type"], json!(["Record", "prov:Entity"]));
    assert_eq!(
        record["primaryTopic"],
        project.as_str(),
        "a cycle is a reference"
    );
    assert_eq!(
        record["license"],
        "http://creativecommons.org/licenses/by-sa/4.0/"
    );
    assert_eq!(
        record["attributionName"],
        "Fondation Solidaire des Territoires"
    );
    assert!(
        record["generatedAtTime"]
            .as_str()
            .unwrap()
            .starts_with("20")
    );
    let partner = &record["attributedTo"];
    assert_eq!(partner["name"], "Fondation Solidaire des Territoires");
    assert_eq!(
        partner["logo"],
        "https://www.fondation-territoires.example/sites/default/files/logo.png"
    );
    // The class cis:Record is labelled but only reached through `type`.
    let included = document["@included"].as_array().unwrap();
    assert_eq!(included.len(), 1);
    assert_eq!(included[0]["id"], "https://w3id.org/carrefour/ns#Record");
    assert_no_full_iri_keys(&document);
}

/// No key is a full IRI, at any depth.
fn assert_no_full_iri_keys(value: &Value) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                assert!(!key.contains("://"), "full IRI key {key}");
                assert_no_full_iri_keys(value);
            }
        }
        Value::Array(values) => values.iter().for_each(assert_no_full_iri_keys),
        _ => {}
    }
}

/// A place of the demo data with an address and coordinates.
fn a_place_with_coordinates() -> NamedNode {
    let query = "SELECT ?place WHERE { ?place <http://schema.org/geo> ?geo ; \
                 <http://schema.org/address> ?address } ORDER BY ?place LIMIT 1";
    let store = common::demo::demo_store();
    if let oxigraph::sparql::QueryResults::Solutions(mut solutions) = common::query(&store, query) {
        if let Some(Term::NamedNode(place)) = solutions.next().unwrap().unwrap().get("place") {
            return place.clone();
        }
    }
    panic!("the demo data has a place with coordinates");
}

#[test]
fn an_organisation_lists_its_projects_in_included() {
    let organisation = common::base().id(Kind::Organisation, &organisation_key("SCIC L'Enclume"));
    let document = round_trip(&organisation, &describe(&organisation));
    assert_eq!(document["type"], "Organization");
    assert_eq!(
        document["name"], "SCIC L'Enclume",
        "a type-scoped plain name"
    );
    let included = document["@included"].as_array().unwrap();
    let project = included
        .iter()
        .find(|node| node["id"] == common::base().id(Kind::Project, LE_LOCAL).as_str())
        .expect("the project pointing at the organisation");
    assert_eq!(project["organisation"], organisation.as_str());
    assert_eq!(project["name"], "Habitat inclusif Le Local");
}

#[test]
fn a_partner_round_trips() {
    let partner = common::base().id(Kind::Partner, "fondation-territoires");
    let document = round_trip(&partner, &describe(&partner));
    assert_eq!(
        document["type"],
        json!(["Organization", "Partner", "prov:Organization"])
    );
    assert_eq!(document["name"], "Fondation Solidaire des Territoires");
    assert_eq!(
        document["license"],
        "http://creativecommons.org/licenses/by-sa/4.0/"
    );
    let included = document["@included"].as_array().unwrap();
    assert!(
        included
            .iter()
            .any(|n| n["attributedTo"] == partner.as_str())
    );
}

#[test]
fn a_theme_round_trips() {
    let theme = common::base().id(Kind::Theme, "handicap");
    let document = round_trip(&theme, &describe(&theme));
    assert_eq!(document["type"], "Concept");
    assert_eq!(document["prefLabel"]["fr"], "Handicap");
    assert!(
        document["@included"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["themes"] == json!([theme.as_str()]))
    );
}

#[test]
fn a_place_embeds_its_address_and_coordinates() {
    let place = a_place_with_coordinates();
    let triples = describe(&place);
    let document = round_trip(&place, &triples);
    assert_eq!(document["type"], json!(["Feature", "Place"]));
    assert!(document["name"].is_string(), "{document:#}");
    assert_eq!(document["address"]["type"], "PostalAddress");
    assert_eq!(document["address"]["addressCountry"], "FR");
    let geo = &document["geo"];
    assert_eq!(geo["type"], "GeoCoordinates");
    let latitude = triples
        .iter()
        .find(|t| t.predicate.as_str() == "http://schema.org/latitude")
        .map(|t| match &t.object {
            Term::Literal(l) => l.value().to_owned(),
            _ => panic!(),
        })
        .unwrap();
    assert_eq!(
        geo["latitude"],
        latitude.as_str(),
        "the lexical form, as a string"
    );
    assert!(
        document["geometry"]["wkt"]
            .as_str()
            .unwrap()
            .starts_with("POINT(")
    );
}

#[test]
fn the_vocabulary_round_trips() {
    let triples: Vec<Triple> = RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(include_str!("../../ontology/carrefour.ttl"))
        .map(|q| Triple::from(q.unwrap()))
        .collect();
    let root = NamedNode::new("https://w3id.org/carrefour/ns").unwrap();
    let document = compact(&common::base(), &root, &triples);
    assert_same_triples(&document, &triples, CONTEXT_DOCUMENT);
    assert_eq!(document["type"], "owl:Ontology");
}

// Edge cases the demo data does not have, on hand-made triples.

fn iri(value: &str) -> NamedNode {
    NamedNode::new(value).unwrap()
}

fn schema(local: &str) -> NamedNode {
    iri(&format!("http://schema.org/{local}"))
}

fn project(key: &str) -> NamedNode {
    common::base().id(Kind::Project, key)
}

#[test]
fn values_no_term_fits_keep_their_exact_rdf() {
    let p = project("p");
    let place = common::base().id(Kind::Place, "p");
    let triples = vec![
        // A name in English: `name` is French.
        Triple::new(
            p.clone(),
            schema("name"),
            Literal::new_language_tagged_literal("Local", "en").unwrap(),
        ),
        // A plain description: `description` is French.
        Triple::new(
            p.clone(),
            schema("description"),
            Literal::from("sans langue"),
        ),
        // A literal where `themes` wants IRIs.
        Triple::new(
            p.clone(),
            iri("http://purl.org/dc/terms/subject"),
            Literal::from("Handicap"),
        ),
        // An IRI where `name` wants text.
        Triple::new(p.clone(), schema("name"), iri("http://example.org/name")),
        // A schema.org property with no term, and one outside every prefix.
        Triple::new(
            p.clone(),
            schema("alternateName"),
            Literal::from("Le Local"),
        ),
        Triple::new(
            p.clone(),
            iri("http://example.org/ns#rating"),
            Literal::new_typed_literal("4.5", xsd::DECIMAL),
        ),
        Triple::new(p.clone(), schema("location"), place.clone()),
        // A latitude that is not an xsd:double, and a French keyword.
        Triple::new(
            place.clone(),
            schema("latitude"),
            Literal::new_typed_literal("47.5", xsd::DECIMAL),
        ),
        Triple::new(
            place.clone(),
            schema("longitude"),
            Literal::new_typed_literal("-2.9", xsd::DOUBLE),
        ),
        Triple::new(
            p.clone(),
            schema("keywords"),
            Literal::new_language_tagged_literal("Inclusion", "fr").unwrap(),
        ),
        Triple::new(p.clone(), schema("keywords"), Literal::from("Handicap")),
        // A prefLabel without language: the language map cannot hold it.
        Triple::new(
            place.clone(),
            iri("http://www.w3.org/2004/02/skos/core#prefLabel"),
            Literal::from("Pontivy"),
        ),
    ];
    let document = round_trip(&p, &triples);
    assert_eq!(
        document["schema:name"],
        json!([{"@value": "Local", "@language": "en"}, {"id": "http://example.org/name"}])
    );
    // Under a key that is not a term, a plain string means a plain literal.
    assert_eq!(document["schema:description"], "sans langue");
    assert_eq!(document["dct:subject"], "Handicap");
    assert_eq!(document["alternateName"], "Le Local");
    assert_eq!(
        document["http://example.org/ns#rating"],
        json!({"@value": "4.5", "@type": "xsd:decimal"})
    );
    // `keywords` coerces nothing: it takes the tagged keyword as a value object.
    assert_eq!(
        document["keywords"],
        json!(["Handicap", {"@value": "Inclusion", "@language": "fr"}])
    );
    let place = &document["location"];
    assert_eq!(place["longitude"], "-2.9");
    assert_eq!(
        place["schema:latitude"],
        json!({"@value": "47.5", "@type": "xsd:decimal"})
    );
    assert_eq!(place["skos:prefLabel"], "Pontivy");
}

#[test]
fn cycles_and_repeated_references_stay_references() {
    let (a, b) = (project("a"), project("b"));
    let org = common::base().id(Kind::Organisation, "o");
    let triples = vec![
        Triple::new(a.clone(), schema("parentOrganization"), org.clone()),
        Triple::new(b.clone(), schema("parentOrganization"), org.clone()),
        Triple::new(a.clone(), iri("http://schema.org/isRelatedTo"), b.clone()),
        Triple::new(b.clone(), iri("http://schema.org/isRelatedTo"), a.clone()),
        Triple::new(org.clone(), schema("name"), Literal::from("Org")),
        Triple::new(org.clone(), schema("member"), a.clone()),
    ];
    let document = round_trip(&a, &triples);
    let b_object = &document["isRelatedTo"];
    assert_eq!(b_object["id"], b.as_str());
    assert_eq!(
        b_object["isRelatedTo"],
        json!({"id": a.as_str()}),
        "a cycle"
    );
    // Keys are visited in order and `isRelatedTo` sorts before
    // `organisation`: the organisation is embedded under `b`, then only
    // referenced under `a`.
    assert_eq!(b_object["organisation"]["name"], "Org");
    assert_eq!(
        b_object["organisation"]["member"],
        json!({"id": a.as_str()})
    );
    assert_eq!(document["organisation"], org.as_str());
    assert!(document.get("@included").is_none());
}

#[test]
fn a_root_without_statements_keeps_what_points_at_it() {
    let (gone, record) = (project("gone"), common::base().id(Kind::Record, "gone"));
    let (x, y) = (iri("http://example.org/x"), iri("http://example.org/y"));
    let triples = vec![
        Triple::new(
            record.clone(),
            iri("http://xmlns.com/foaf/0.1/primaryTopic"),
            gone.clone(),
        ),
        Triple::new(
            record.clone(),
            iri("http://www.w3.org/ns/prov#invalidatedAtTime"),
            Literal::new_typed_literal("2026-11-30T00:00:00Z", xsd::DATE_TIME),
        ),
        // Two nodes in a cycle that the root does not reach.
        Triple::new(x.clone(), iri("http://example.org/next"), y.clone()),
        Triple::new(y.clone(), iri("http://example.org/next"), x.clone()),
    ];
    let document = round_trip(&gone, &triples);
    assert_eq!(
        document.as_object().unwrap().len(),
        3,
        "@context, id, @included: {document:#}"
    );
    let included = document["@included"].as_array().unwrap();
    assert_eq!(included[0]["primaryTopic"], gone.as_str());
    assert_eq!(
        included.len(),
        2,
        "the cycle is one embedding: {document:#}"
    );
}

/// Blank nodes relabelled by what they say, enough for these small graphs.
fn canonical(lines: BTreeSet<String>) -> BTreeSet<String> {
    let mut labels = std::collections::BTreeMap::new();
    for line in &lines {
        if let Some(rest) = line.strip_prefix("_:") {
            let (label, statement) = rest.split_once(' ').unwrap();
            labels
                .entry(label.to_owned())
                .or_insert_with(String::new)
                .push_str(statement);
        }
    }
    lines
        .into_iter()
        .map(|line| {
            line.split(' ')
                .map(
                    |word| match word.strip_prefix("_:").and_then(|l| labels.get(l)) {
                        Some(signature) => format!("_:[{signature}]"),
                        None => word.to_owned(),
                    },
                )
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

#[test]
fn blank_nodes_are_embedded_and_keep_the_graph() {
    let p = project("p");
    let (address, geo) = (BlankNode::default(), BlankNode::default());
    let triples = vec![
        Triple::new(p.clone(), schema("address"), address.clone()),
        Triple::new(
            address.clone(),
            schema("postalCode"),
            Literal::from("56300"),
        ),
        Triple::new(address.clone(), schema("geo"), geo.clone()),
        Triple::new(
            geo.clone(),
            schema("latitude"),
            Literal::new_typed_literal("48.1", xsd::DOUBLE),
        ),
        Triple::new(geo.clone(), schema("address"), address.clone()),
    ];
    let document = compact(&common::base(), &p, &triples);
    let parsed = parse_with(&document, CONTEXT_DOCUMENT);
    assert_eq!(
        canonical(parsed),
        canonical(lines(&triples)),
        "{document:#}"
    );
    assert_eq!(document["address"]["postalCode"], "56300");
    assert_eq!(document["address"]["geo"]["latitude"], "48.1");
}

/// A context with a default language, a property-scoped context that
/// changes its own term, and a type-scoped one.
const OTHER_CONTEXT: &str = r#"{"@context": {
    "@vocab": "http://ex.org/",
    "@language": "en",
    "ex": "http://ex.org/",
    "label": {"@id": "ex:label"},
    "Thing": {"@id": "ex:Thing", "@context": {"label": {"@id": "ex:label", "@language": null}}},
    "part": {"@id": "ex:part", "@context": {"part": {"@id": "ex:part", "@type": "@id"}}},
    "size": {"@id": "ex:size", "@type": "ex:unit"}
}}"#;

#[test]
fn another_context_with_default_language_and_scoped_terms_round_trips() {
    let context = std::sync::Arc::new(Context::parse(OTHER_CONTEXT).unwrap());
    let url = "http://localhost:7878/ns/context.jsonld";
    let (root, child, thing) = (
        iri("http://ex.org/root"),
        iri("http://ex.org/child"),
        iri("http://ex.org/Thing"),
    );
    let triples = vec![
        Triple::new(
            root.clone(),
            iri("http://ex.org/label"),
            Literal::new_language_tagged_literal("hello", "en").unwrap(),
        ),
        Triple::new(
            root.clone(),
            iri("http://ex.org/other"),
            Literal::from("no language"),
        ),
        Triple::new(root.clone(), iri("http://ex.org/part"), child.clone()),
        Triple::new(
            root.clone(),
            iri("http://ex.org/part"),
            iri("http://ex.org/elsewhere"),
        ),
        Triple::new(
            child.clone(),
            oxigraph::model::vocab::rdf::TYPE,
            thing.clone(),
        ),
        Triple::new(
            child.clone(),
            iri("http://ex.org/label"),
            Literal::from("plain"),
        ),
        Triple::new(
            child.clone(),
            iri("http://ex.org/size"),
            Literal::new_typed_literal("3", iri("http://ex.org/unit")),
        ),
    ];
    let document = compact_with(&context, url, &root, &triples);
    assert_same_triples(&document, &triples, OTHER_CONTEXT);
    assert_eq!(document["label"], "hello");
    assert_eq!(document["other"], json!({"@value": "no language"}));
    let parts = document["part"].as_array().unwrap();
    assert!(
        parts.contains(&json!("http://ex.org/elsewhere")),
        "coerced by its own scoped context"
    );
    let child = parts.iter().find(|p| p.is_object()).unwrap();
    assert_eq!(
        child["@type"], "Thing",
        "no alias for @type in this context"
    );
    assert_eq!(
        child["label"], "plain",
        "the type-scoped context has no language"
    );
    assert_eq!(child["size"], "3");
}
