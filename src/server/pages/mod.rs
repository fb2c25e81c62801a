//! The public pages of the charter's search engine, French first, usable
//! without JavaScript, nothing from a CDN:
//!
//! - `/`: search with facets and counts, results with their partner and
//!   the link back, paging (`search.rs`);
//! - `/carte`: the same selection as clustered markers (`map.rs`);
//! - `/statistiques`: charts with their data, CSV and SPARQL query
//!   (`statistics.rs`, drawn by `charts.rs`);
//! - `/partenaires` and `/partenaires/{id}`: the directory and each
//!   partner's source health, from the harvest reports (`partners.rs`).
//!
//! They read the same per-revision index and parameters as
//! `/api/projects`, and are kept in the page cache per data revision.

mod charts;
mod lang;
mod map;
mod partners;
mod search;
mod statistics;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;

use lang::Lang;

use super::cache::Prepared;
use super::datasets::projects::params::{self, Params};
use super::{AppError, AppState};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::page))
        .route("/carte", get(map::page))
        .route("/statistiques", get(statistics::page))
        .route("/statistiques/{file}", get(statistics::csv))
        .route("/partenaires", get(partners::directory))
        .route("/partenaires/{id}", get(partners::health))
}

/// A request for a page of a selection (`/`, `/carte`): its language,
/// its query string without `lang=`, the language cookie to set, and the
/// selection's parameters (those of `/api/projects`, the fair order's day
/// fixed).
struct SelectionRequest {
    lang: Lang,
    query: Option<String>,
    cookie: Option<HeaderValue>,
    params: Params,
}

impl SelectionRequest {
    fn read(state: &AppState, query: Option<&str>, headers: &HeaderMap) -> Result<Self, AppError> {
        let (lang, query, cookie) = lang::of_request(query, headers);
        let mut params = params::parse(state.store.base(), query.as_deref())?;
        if params.format.is_some() {
            let message = "formats are for /api/projects";
            return Err(params::ParamError::new("format", message).into());
        }
        params.filters.settle(chrono::Utc::now().date_naive())?;
        Ok(SelectionRequest {
            lang,
            query,
            cookie,
            params,
        })
    }
}

/// An HTML page to keep in the page cache (it depends on the language).
fn html_page(status: StatusCode, body: Vec<u8>) -> Prepared {
    let vary = vec![(header::VARY, VARY.to_owned())];
    Prepared::new(status, "text/html; charset=utf-8", body, None, vary)
}

/// What a page's language is read from.
const VARY: &str = "Accept-Language, Cookie";

/// An HTML page not kept in a cache.
fn html(body: String) -> Response {
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::VARY, VARY),
    ];
    axum::response::IntoResponse::into_response((headers, body))
}

/// The language switch's link: `path` with `query`, in the other language.
fn switch(path: &str, query: Option<&str>, lang: Lang) -> String {
    let asked = format!("lang={}", lang.other().code());
    match query.filter(|q| !q.is_empty()) {
        Some(query) => format!("{path}?{query}&{asked}"),
        None => format!("{path}?{asked}"),
    }
}

/// `response`, setting the language cookie when the switch was used.
fn with_cookie(mut response: Response, cookie: Option<HeaderValue>) -> Response {
    if let Some(cookie) = cookie {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
