//! `GET /void` and `GET /.well-known/void` (RFC 5785, as the VoID note
//! asks): the dataset described in VoID and DCAT, so catalogues (data.gouv.fr,
//! the European data portal) and linked-data crawlers find its endpoint,
//! dumps, licences and size.
//!
//! - `{base}void#dataset`: the whole dataset (`void:Dataset`,
//!   `dcat:Dataset`), titled in French and English, its SPARQL endpoint,
//!   URI space, vocabularies, figures (`void:triples`, `void:entities`,
//!   class partitions for projects and organisations), example resources,
//!   its dump and when it was last harvested;
//! - `{base}void#partner-{id}`: one `void:subset` per partner, with its
//!   name, homepage (`dct:source`), licence, last harvest, figures, example
//!   and dump. Its figures count what its dump holds (its *share*, see
//!   [`Shares`](crate::store::Shares)).
//!
//! Every figure comes from
//! [`Store::statistics`](crate::store::Store::statistics), counted on each request,
//! so it matches the store. A dump is only announced when its file exists.
//! Turtle by default; JSON-LD, RDF/XML and N-Triples by `Accept` or
//! `format=` (`ttl`, `jsonld`, `rdf`, `nt`).

mod description;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{JsonLdProfileSet, RdfFormat};
use oxigraph::model::{NamedNode, Triple};
use serde::Deserialize;

use super::negotiated_body;
use crate::server::{AppError, AppState, conneg, slots};

pub use description::description;

/// The formats offered, Turtle first.
const OFFERS: [(&str, RdfFormat); 5] = [
    ("text/turtle", RdfFormat::Turtle),
    (
        "application/ld+json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
    ("application/rdf+xml", RdfFormat::RdfXml),
    ("application/n-triples", RdfFormat::NTriples),
    (
        "application/json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
];

const VOID: &str = "http://rdfs.org/ns/void#";
const DCAT: &str = "http://www.w3.org/ns/dcat#";

#[derive(Debug, Deserialize)]
pub struct VoidQuery {
    format: Option<String>,
}

/// `GET /void`, `GET /.well-known/void`.
pub async fn describe(
    State(state): State<AppState>,
    Query(query): Query<VoidQuery>,
    headers: HeaderMap,
) -> Response {
    let (media_type, format) = match choose(&headers, query.format.as_deref()) {
        Ok(chosen) => chosen,
        Err(error) => return error.into_response(),
    };
    let dumps_dir = state.config.dumps_dir.clone();
    let built = slots::run(&state, move |store| {
        let statistics = store.known_statistics()?;
        let triples = description(store.base(), &statistics, dumps_dir.as_deref());
        serialize(&triples, format).map_err(AppError::unavailable)
    })
    .await;
    match built {
        Ok(body) => {
            let content_type = match media_type {
                "text/turtle" => "text/turtle; charset=utf-8",
                other => other,
            };
            negotiated_body(&headers, content_type, body)
        }
        Err(error) => error.into_response(),
    }
}

/// The media type and format from `format=`, else from `Accept`.
fn choose(
    headers: &HeaderMap,
    format: Option<&str>,
) -> Result<(&'static str, RdfFormat), AppError> {
    let accept = match format {
        Some(format) => Some(conneg::format_media_type(format).ok_or_else(|| {
            AppError::BadRequest(format!(
                "format={format} is not offered here: use ttl, jsonld, rdf or nt"
            ))
        })?),
        None => headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()),
    };
    conneg::negotiate_among(accept, &OFFERS).map_err(|_| match format {
        Some(format) => AppError::BadRequest(format!(
            "format={format} is not offered here: use ttl, jsonld, rdf or nt"
        )),
        None => AppError::NotAcceptable(conneg::media_types(&OFFERS)),
    })
}

fn serialize(triples: &[Triple], format: RdfFormat) -> Result<Vec<u8>, String> {
    crate::rdf::serialize_triples(format, triples)
}

/// The IRI of a VoID term, for tests and callers reading the description.
///
/// ```
/// use carrefour::server::datasets::void::term;
/// assert_eq!(term("triples").as_str(), "http://rdfs.org/ns/void#triples");
/// ```
pub fn term(local: &str) -> NamedNode {
    NamedNode::new_unchecked(format!("{VOID}{local}"))
}
