//! The dataset as a whole, for developers and for dataset catalogues:
//!
//! - [`projects`]: `GET /api/projects`, a paged, filtered Hydra collection
//!   of compacted JSON-LD (an HTML list for browsers);
//! - [`void`]: `GET /void` and `/.well-known/void`, the VoID and DCAT
//!   description of the whole dataset and of each partner's subset, with
//!   figures counted from the store;
//! - [`dumps`]: `GET /dumps/carrefour.nq.gz` and `/dumps/{partner}.nq.gz`,
//!   the files the harvest writes, with strong `ETag`s;
//! - [`fragments`]: `GET /fragments`, Triple Pattern Fragments for Linked
//!   Data Fragments clients (Comunica);
//! - [`changes`]: `GET /changes`, the change feed (Activity Streams 2.0)
//!   peers follow to stay in step.

pub mod changes;
pub mod dumps;
pub mod fragments;
pub mod projects;
pub mod void;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use sha2::{Digest, Sha256};

use super::AppState;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/projects", get(projects::list))
        .route("/void", get(void::describe))
        .route("/.well-known/void", get(void::describe))
        .route("/dumps/{name}", get(dumps::download))
        .route("/fragments", get(fragments::fragment))
        .route("/changes", get(changes::feed))
}

/// A strong entity tag for a body: the first 16 bytes of its SHA-256.
///
/// ```
/// use carrefour::server::datasets::strong_etag;
///
/// let tag = strong_etag(b"abc");
/// assert_eq!(tag, strong_etag(b"abc"));
/// assert_ne!(tag, strong_etag(b"abd"));
/// assert!(tag.starts_with('"') && tag.ends_with('"'));
/// ```
pub fn strong_etag(bytes: &[u8]) -> String {
    etag_of_digest(&Sha256::digest(bytes))
}

/// The strong `ETag` of content whose SHA-256 is `digest`: its first 16
/// bytes in hex, quoted (every validator this server sends).
pub(crate) fn etag_of_digest(digest: &[u8]) -> String {
    let kept = digest.get(..16).unwrap_or(digest);
    format!("\"{}\"", crate::record::hex(kept))
}

/// Whether the client's `If-None-Match` names `etag` (or is `*`). Weak
/// comparison, as RFC 9110 §13.1.2 asks for `If-None-Match`.
pub fn etag_matches(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// A generated document (`/void`, a page of `/api/projects`) with `Vary:
/// Accept` and a strong `ETag`; `304 Not Modified` when the client has it.
fn negotiated_body(request: &HeaderMap, content_type: &str, body: Vec<u8>) -> Response {
    let etag = strong_etag(&body);
    let mut headers = HeaderMap::new();
    headers.insert(header::VARY, HeaderValue::from_static("Accept"));
    if let Ok(value) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, value);
    }
    if etag_matches(request, &etag) {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    (StatusCode::OK, headers, body).into_response()
}
