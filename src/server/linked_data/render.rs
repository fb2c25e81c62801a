//! A document in the chosen format: HTML pages, RDF serializations, and
//! compacted JSON-LD.

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::model::Triple;

use super::representation::{Format, Representation, serialize};
use crate::record::Kind;
use crate::server::{AppState, html, plain_error};
use crate::store::{DescribedPage, Description};

/// Renders `described` (live or gone) in `format`.
pub fn document(
    state: &AppState,
    kind: Kind,
    key: &str,
    format: Format,
    described: &DescribedPage,
) -> Result<Representation, String> {
    let base = state.store.base();
    let iri = base.id(kind, key);
    let (status, triples) = match &described.description {
        Description::Live(triples) => (StatusCode::OK, triples),
        Description::Gone(triples) => (StatusCode::GONE, triples),
        Description::Unknown => return Err("nothing to render".into()),
    };
    let body = match format {
        Format::Html if status == StatusCode::GONE => html::gone_page(base, iri.as_str(), triples)
            .map_err(|e| e.to_string())?
            .into_bytes(),
        Format::Html => html::thing_page(base, kind, key, described, triples)
            .map_err(|e| e.to_string())?
            .into_bytes(),
        Format::JsonLd => json_ld(state, &iri, triples)?,
        _ => serialize(format, triples)?,
    };
    Ok(Representation {
        status,
        format,
        body,
        last_modified: described.harvested_at,
        headers: Vec::new(),
    })
}

fn json_ld(
    state: &AppState,
    iri: &oxigraph::model::NamedNode,
    triples: &[Triple],
) -> Result<Vec<u8>, String> {
    let document = crate::rdf::jsonld::compact(state.store.base(), iri, triples);
    serde_json::to_vec_pretty(&document).map_err(|e| e.to_string())
}

/// `404 Not Found`: a helpful page for browsers, a line of text otherwise.
pub fn not_found(_state: &AppState, headers: &HeaderMap, path: &str) -> Response {
    let wants_html = matches!(Format::negotiate(headers), Some(Format::Html));
    if wants_html {
        if let Ok(page) = html::not_found_page(path) {
            return (
                StatusCode::NOT_FOUND,
                [(
                    axum::http::header::CONTENT_TYPE,
                    Format::Html.content_type(),
                )],
                page,
            )
                .into_response();
        }
    }
    plain_error(
        StatusCode::NOT_FOUND,
        format!(
            "Nothing is known here: {path}. Carrefour's IRIs look like /id/project/<key>; \
             see /void for the dataset and /sparql to query it."
        ),
    )
}
