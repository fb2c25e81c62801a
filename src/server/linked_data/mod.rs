//! Dereferenceable URIs, the W3C "Cool URIs" way.
//!
//! - `GET /id/{kind}/{key}` names the *thing* (a project, a partner…): it
//!   answers `303 See Other` to its document, `410 Gone` for a project its
//!   partner no longer publishes, `404` for an IRI we never minted.
//! - `GET /doc/{kind}/{key}` is the *document* about it, in the format the
//!   client's `Accept` header prefers (HTML, Turtle, JSON-LD, RDF/XML,
//!   N-Triples), with `Vary: Accept`, `Content-Location` naming the chosen
//!   representation and `Link: rel="alternate"` to the others;
//!   `/doc/{kind}/{key}.ttl` (`.jsonld`, `.rdf`, `.nt`, `.html`) answers in
//!   that format directly. `?page=N` pages the links pointing at the thing.
//! - `GET /ontology` documents the vocabulary; `/ns/context.jsonld` is the
//!   JSON-LD context every JSON-LD document refers to.

mod ontology;
mod render;
mod representation;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::cache::Prepared;
use super::{AppError, AppState, plain_error, slots};
use crate::record::{Kind, is_valid_key};
use crate::store::{DescribedPage, Description};

pub use representation::{Format, PREFIXES};

pub(super) fn routes() -> Router<AppState> {
    ontology::routes()
        .route("/id/{kind}/{key}", get(thing))
        .route("/doc/{kind}/{file}", get(document))
}

/// What a cached document is kept under (with the data revision): the
/// thing, the page, the format, and whether it was negotiated (which adds
/// `Content-Location`).
pub type DocumentKey = (Kind, String, usize, Format, bool);

/// `?page=N` of a document.
#[derive(Debug, Deserialize)]
struct DocumentQuery {
    page: Option<String>,
}

/// `GET /id/{kind}/{key}`: 303 to the document, 410 or 404.
async fn thing(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Some(kind) = Kind::parse(&kind).filter(|_| is_valid_key(&key)) else {
        return render::not_found(&state, &headers, &format!("/id/{kind}/{key}"));
    };
    let described = match describe(&state, kind, &key, 1).await {
        Ok((described, _)) => described,
        Err(response) => return response,
    };
    match described.description {
        Description::Live(_) => (
            StatusCode::SEE_OTHER,
            [
                (header::LOCATION, format!("/doc/{kind}/{key}")),
                (header::VARY, "Accept".to_owned()),
            ],
        )
            .into_response(),
        Description::Gone(_) => {
            let format = Format::negotiate(&headers).unwrap_or(Format::Html);
            match prepare(&state, kind, &key, format, &described, false) {
                Ok(prepared) => prepared.respond(&headers),
                Err(error) => error.into_response(),
            }
        }
        Description::Unknown => render::not_found(&state, &headers, &format!("/id/{kind}/{key}")),
    }
}

/// `GET /doc/{kind}/{key}[.ext][?page=N]`.
async fn document(
    State(state): State<AppState>,
    Path((kind, file)): Path<(String, String)>,
    Query(query): Query<DocumentQuery>,
    headers: HeaderMap,
) -> Response {
    let (key, extension) = match file.rsplit_once('.') {
        Some((key, extension)) => (key, Some(extension)),
        None => (file.as_str(), None),
    };
    let path = format!("/doc/{kind}/{file}");
    let Some(kind) = Kind::parse(&kind).filter(|_| is_valid_key(key)) else {
        return render::not_found(&state, &headers, &path);
    };
    let format = match extension {
        Some(extension) => match Format::from_extension(extension) {
            Some(format) => format,
            None => return render::not_found(&state, &headers, &path),
        },
        None => match Format::negotiate(&headers) {
            Some(format) => format,
            None => return not_acceptable(),
        },
    };
    let page = match query.page.as_deref().map(str::parse::<usize>) {
        None => 1,
        Some(Ok(page)) if page >= 1 => page,
        Some(_) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                "page must be a whole number from 1 (?page=2)",
            );
        }
    };
    let negotiated = extension.is_none();
    // Read before the data: a document read from newer data than its
    // revision says is only ever missed, never served stale.
    let revision = state.store.revision();
    let cached = (kind, key.to_owned(), page, format, negotiated);
    if let Some(prepared) = state.documents.get(revision, &cached) {
        return prepared.respond(&headers);
    }
    let (described, current) = match describe(&state, kind, key, page).await {
        Ok(described) => described,
        Err(response) => return response,
    };
    match &described.description {
        Description::Unknown => render::not_found(&state, &headers, &path),
        Description::Live(_)
            if page > 1
                && (page - 1) * crate::store::INCOMING_PER_PAGE >= described.incoming_total =>
        {
            plain_error(
                StatusCode::NOT_FOUND,
                format!("{path} has no page {page}: links to it fit on fewer pages"),
            )
        }
        _ => match prepare(&state, kind, key, format, &described, negotiated) {
            // A territory listed from an older index is served, not kept.
            Ok(prepared) if !current => prepared.respond(&headers),
            Ok(prepared) => state
                .documents
                .insert(revision, cached, prepared)
                .respond(&headers),
            Err(error) => error.into_response(),
        },
    }
}

/// The page of `kind`/`key`'s document, and whether it is of the current
/// data: a territory lists its projects from the `/api/projects` index,
/// which may still be the previous revision's while the new one is read.
async fn describe(
    state: &AppState,
    kind: Kind,
    key: &str,
    page: usize,
) -> Result<(DescribedPage, bool), Response> {
    let iri = state.store.base().id(kind, key);
    let index = Arc::clone(&state.index);
    slots::run(state, move |store| {
        if !matches!(kind, Kind::Commune | Kind::Departement | Kind::Region) {
            return Ok((store.describe_page(&iri, page)?, true));
        }
        let index = index.prompt(store)?;
        let facet = index.facet(iri.as_ref());
        let located: Vec<_> = index
            .projects
            .iter()
            .filter(|p| p.has(facet))
            .map(|p| p.iri.clone())
            .collect();
        let described = store.describe_territory_page(&iri, page, &located)?;
        Ok((described, index.revision == store.revision()))
    })
    .await
    .map_err(IntoResponse::into_response)
}

/// Renders the document and adds the linked-data headers.
fn prepare(
    state: &AppState,
    kind: Kind,
    key: &str,
    format: Format,
    described: &DescribedPage,
    negotiated: bool,
) -> Result<Prepared, AppError> {
    let mut representation =
        render::document(state, kind, key, format, described).map_err(AppError::unavailable)?;
    let doc = format!("/doc/{kind}/{key}");
    let page_suffix = |page: usize| {
        if page > 1 {
            format!("?page={page}")
        } else {
            String::new()
        }
    };
    let this_page = page_suffix(described.page);
    let headers = &mut representation.headers;
    headers.push((header::VARY, "Accept".to_owned()));
    if negotiated {
        let location = format!("{doc}.{}{this_page}", format.extension());
        headers.push((header::CONTENT_LOCATION, location));
    }
    for other in Format::ALL.into_iter().filter(|f| *f != format) {
        let link = format!(
            "<{doc}.{}{this_page}>; rel=\"alternate\"; type=\"{}\"",
            other.extension(),
            other.media_type()
        );
        headers.push((header::LINK, link));
    }
    if described.has_next() {
        let next = format!("<{doc}{}>; rel=\"next\"", page_suffix(described.page + 1));
        headers.push((header::LINK, next));
    }
    if described.page > 1 {
        let prev = format!("<{doc}{}>; rel=\"prev\"", page_suffix(described.page - 1));
        headers.push((header::LINK, prev));
    }
    Ok(representation.prepare())
}

fn not_acceptable() -> Response {
    let offers: Vec<&str> = Format::ALL.iter().map(|f| f.media_type()).collect();
    plain_error(
        StatusCode::NOT_ACCEPTABLE,
        format!(
            "none of the formats you accept is available here; ask for one of: {}",
            offers.join(", ")
        ),
    )
}
