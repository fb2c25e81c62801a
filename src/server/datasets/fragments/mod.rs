//! Triple Pattern Fragments at `GET /fragments`
//! (<https://linkeddatafragments.org/specification/triple-pattern-fragments/>):
//! the triples of the whole dataset (the union of its graphs, as the SPARQL
//! endpoint's default graph) matching one pattern, a page of 100 at a time,
//! with an estimate of how many match and the hypermedia controls a client
//! needs to ask for another pattern. It is the interface Comunica and other
//! Linked Data Fragments clients use to federate over many sources on their
//! side: cheap for us (one index scan per page, no query planning), and
//! every page is kept per data revision with an `ETag`.
//!
//! - `subject`, `predicate`, `object`: an IRI as it is (`http://…`), a
//!   literal in the *explicit representation* (`"Lyon"`, `"Lyon"@fr`,
//!   `"3"^^http://www.w3.org/2001/XMLSchema#integer`), or empty or a
//!   variable (`?s`) for any term; a blank node counts as a variable too.
//! - `page`: from 1.
//!
//! Each page holds the matching triples, then its metadata
//! (`hydra:totalItems` and `void:triples`, `hydra:itemsPerPage`,
//! `hydra:first`/`hydra:previous`/`hydra:next`) and the controls (the
//! `hydra:search` template with its three mappings): in TriG, N-Quads and
//! JSON-LD in the graph `<page#metadata>` that says it is about the page
//! (`foaf:primaryTopic`), as the reference server does; in Turtle and
//! N-Triples alongside the data.

mod pattern;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{
    BlankNode, GraphName, Literal, NamedNode, NamedOrBlankNode, Quad, Term, Triple,
};

use crate::rdf::vocab::{PREFIXES, foaf};
use crate::server::cache::Prepared;
use crate::server::{AppError, AppState, conneg, plain_error, slots};
use crate::store::{Store, StoreError};
pub use pattern::{Pattern, parse_term};

/// Triples per page (the reference server's default).
pub const PAGE_SIZE: usize = 100;

const HYDRA: &str = "http://www.w3.org/ns/hydra/core#";
const VOID: &str = "http://rdfs.org/ns/void#";
const DCT: &str = "http://purl.org/dc/terms/";

/// The formats offered: Turtle first for people, TriG for clients that
/// can keep the metadata apart (Comunica prefers it).
const OFFERS: [(&str, RdfFormat); 6] = [
    ("text/turtle", RdfFormat::Turtle),
    ("application/trig", RdfFormat::TriG),
    ("application/n-quads", RdfFormat::NQuads),
    ("application/n-triples", RdfFormat::NTriples),
    (
        "application/ld+json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
    (
        "application/json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
];

/// `GET /fragments?subject=…&predicate=…&object=…&page=…`.
pub async fn fragment(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let query = query.unwrap_or_default();
    let request = match Request::read(&query) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let accept = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok());
    let Ok((media_type, format)) = conneg::negotiate_among(accept, &OFFERS) else {
        return plain_error(
            StatusCode::NOT_ACCEPTABLE,
            format!(
                "fragments are served as {}; ask for one of them in Accept",
                conneg::media_types(&OFFERS).join(", ")
            ),
        );
    };
    // Read before the data: a page is never kept under a newer revision.
    let revision = state.store.revision();
    let key = format!("/fragments?{query}\u{0}{media_type}");
    if let Some(page) = state.pages.get(revision, &key) {
        return page.respond(&headers);
    }
    let page = slots::run(&state, move |store| {
        let page = read_page(store, &request).map_err(AppError::from)?;
        let quads = page_quads(store, &request, &query, &page);
        serialize(&quads, format).map_err(AppError::unavailable)
    })
    .await;
    match page {
        Ok(body) => {
            let vary = vec![(axum::http::header::VARY, "Accept".to_owned())];
            let content_type = match format {
                RdfFormat::Turtle | RdfFormat::TriG => format!("{media_type}; charset=utf-8"),
                _ => media_type.to_owned(),
            };
            let prepared = Prepared::new(StatusCode::OK, &content_type, body, None, vary);
            state
                .pages
                .insert(revision, key, prepared)
                .respond(&headers)
        }
        Err(error) => error.into_response(),
    }
}

/// What a request asks for.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub pattern: Pattern,
    /// From 1.
    pub page: u64,
}

impl Request {
    /// From the query string; a 400 names the parameter that is wrong.
    pub fn read(query: &str) -> Result<Request, AppError> {
        let mut pattern = Pattern::default();
        let mut page = 1;
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            match name.as_ref() {
                "subject" => pattern.subject = parse_term(&name, &value)?,
                "predicate" => pattern.predicate = parse_term(&name, &value)?,
                "object" => pattern.object = parse_term(&name, &value)?,
                "page" => {
                    page = value
                        .parse()
                        .ok()
                        .filter(|&page| page >= 1)
                        .ok_or_else(|| {
                            AppError::bad_request(format!(
                                "page={value}: pages are numbered from 1"
                            ))
                        })?;
                }
                _ => {}
            }
        }
        pattern.check()?;
        Ok(Request { pattern, page })
    }
}

/// One page of matches, and how many match in all.
#[derive(Debug)]
pub struct Page {
    pub triples: Vec<Triple>,
    /// Exact, or the number of quads when every position is free (the
    /// same triple in two graphs counts twice: an estimate, as the
    /// specification allows).
    pub total: u64,
}

/// Scans the store for the page `request` asks for. The quads of one
/// triple in several graphs come one after the other in every index
/// Oxigraph scans (the graph is the last component), so dropping a quad
/// equal to the previous one keeps each triple once.
pub fn read_page(store: &Store, request: &Request) -> Result<Page, StoreError> {
    let pattern = &request.pattern;
    let skip = (request.page - 1).saturating_mul(PAGE_SIZE as u64);
    let unbound = pattern.is_unbound();
    let mut triples = Vec::new();
    let mut total = 0u64;
    let mut previous: Option<Triple> = None;
    let quads = store.oxigraph().quads_for_pattern(
        pattern.subject(),
        pattern.predicate(),
        pattern.object(),
        None,
    );
    for quad in quads {
        let quad = quad.map_err(|e| StoreError::Query(e.to_string()))?;
        let triple = Triple::from(quad);
        if previous.as_ref() == Some(&triple) {
            continue;
        }
        if total.is_multiple_of(4096) {
            store.ensure_alive()?;
        }
        if total >= skip && triples.len() < PAGE_SIZE {
            triples.push(triple.clone());
        }
        total += 1;
        // Counting every triple of the store would read all of it: the
        // census has the figure.
        if unbound && triples.len() == PAGE_SIZE {
            total = store.known_statistics()?.quads.max(total);
            break;
        }
        previous = Some(triple);
    }
    Ok(Page { triples, total })
}

/// The page's triples, then its metadata and controls.
fn page_quads(store: &Store, request: &Request, query: &str, page: &Page) -> Vec<Quad> {
    let base = store.base().as_str();
    let fragments = format!("{base}fragments");
    let iri = |text: String| NamedNode::new_unchecked(text);
    let this = if query.is_empty() {
        iri(fragments.clone())
    } else {
        iri(format!("{fragments}?{query}"))
    };
    let metadata = iri(format!("{}#metadata", this.as_str()));
    let dataset = iri(format!("{fragments}#dataset"));
    let graph = GraphName::NamedNode(metadata.clone());
    let mut quads: Vec<Quad> = page
        .triples
        .iter()
        .map(|t| t.clone().in_graph(GraphName::DefaultGraph))
        .collect();
    let mut add = |s: NamedOrBlankNode, p: &str, o: Term| {
        quads.push(Quad::new(s, iri(p.to_owned()), o, graph.clone()));
    };
    let hydra = |local: &str| format!("{HYDRA}{local}");
    let void = |local: &str| format!("{VOID}{local}");
    let integer = |n: u64| Term::from(Literal::new_typed_literal(n.to_string(), xsd::INTEGER));
    add(
        metadata.clone().into(),
        foaf::PRIMARY_TOPIC.as_str(),
        this.clone().into(),
    );
    // The controls: the dataset, and how to ask it for any pattern.
    add(
        dataset.clone().into(),
        rdf::TYPE.as_str(),
        iri(void("Dataset")).into(),
    );
    add(
        dataset.clone().into(),
        rdf::TYPE.as_str(),
        iri(hydra("Collection")).into(),
    );
    add(dataset.clone().into(), &void("subset"), this.clone().into());
    let search = BlankNode::default();
    add(
        dataset.clone().into(),
        &hydra("search"),
        search.clone().into(),
    );
    let template = format!("{fragments}{{?subject,predicate,object}}");
    add(
        search.clone().into(),
        &hydra("template"),
        Literal::from(template).into(),
    );
    add(
        search.clone().into(),
        &hydra("variableRepresentation"),
        iri(hydra("ExplicitRepresentation")).into(),
    );
    for (variable, property) in [
        ("subject", rdf::SUBJECT),
        ("predicate", rdf::PREDICATE),
        ("object", rdf::OBJECT),
    ] {
        let mapping = BlankNode::default();
        add(
            search.clone().into(),
            &hydra("mapping"),
            mapping.clone().into(),
        );
        add(
            mapping.clone().into(),
            &hydra("variable"),
            Literal::from(variable).into(),
        );
        add(
            mapping.into(),
            &hydra("property"),
            property.into_owned().into(),
        );
    }
    // The page: what it is part of, its size, its neighbours.
    let subject: NamedOrBlankNode = this.clone().into();
    add(
        subject.clone(),
        rdf::TYPE.as_str(),
        iri(hydra("PartialCollectionView")).into(),
    );
    add(
        subject.clone(),
        &format!("{DCT}title"),
        Literal::new_language_tagged_literal_unchecked("Fragment de Carrefour", "fr").into(),
    );
    add(subject.clone(), &format!("{DCT}source"), dataset.into());
    add(subject.clone(), &hydra("totalItems"), integer(page.total));
    add(subject.clone(), &void("triples"), integer(page.total));
    add(
        subject.clone(),
        &hydra("itemsPerPage"),
        integer(PAGE_SIZE as u64),
    );
    let page_iri = |number: u64| iri(format!("{fragments}?{}", with_page(query, number)));
    add(subject.clone(), &hydra("first"), page_iri(1).into());
    if request.page > 1 {
        add(
            subject.clone(),
            &hydra("previous"),
            page_iri(request.page - 1).into(),
        );
    }
    if request.page.saturating_mul(PAGE_SIZE as u64) < page.total {
        add(subject, &hydra("next"), page_iri(request.page + 1).into());
    }
    quads
}

/// `query` with its `page` set to `number` (other parameters kept as sent).
fn with_page(query: &str, number: u64) -> String {
    let mut kept: Vec<&str> = query
        .split('&')
        .filter(|pair| !pair.is_empty() && !pair.starts_with("page="))
        .collect();
    let page = format!("page={number}");
    kept.push(&page);
    kept.join("&")
}

/// The quads in `format`; the formats without graphs get the triples.
fn serialize(quads: &[Quad], format: RdfFormat) -> Result<Vec<u8>, String> {
    let mut serializer = RdfSerializer::from_format(format);
    if matches!(format, RdfFormat::Turtle | RdfFormat::TriG) {
        for (prefix, namespace) in PREFIXES {
            serializer = serializer
                .with_prefix(prefix, namespace)
                .map_err(|e| e.to_string())?;
        }
        serializer = serializer
            .with_prefix("hydra", HYDRA)
            .map_err(|e| e.to_string())?;
    }
    let mut writer = serializer.for_writer(Vec::new());
    for quad in quads {
        if format.supports_datasets() {
            writer.serialize_quad(quad)
        } else {
            writer.serialize_triple(quad.as_ref())
        }
        .map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_next_page_keeps_the_pattern() {
        assert_eq!(with_page("", 2), "page=2");
        assert_eq!(
            with_page("subject=http%3A%2F%2Fx&page=3", 4),
            "subject=http%3A%2F%2Fx&page=4"
        );
    }

    #[test]
    fn requests_name_what_is_wrong() {
        let request = Request::read("predicate=http%3A%2F%2Fschema.org%2Fname&page=2").unwrap();
        assert_eq!(request.page, 2);
        assert!(request.pattern.subject.is_none());
        let zero = Request::read("page=0").unwrap_err();
        assert!(zero.message().contains("page=0"));
        let relative = Request::read("subject=project%2F1").unwrap_err();
        assert!(
            relative.message().contains("subject"),
            "{}",
            relative.message()
        );
    }
}
