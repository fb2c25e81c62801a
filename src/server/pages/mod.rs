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
mod map;
mod partners;
mod search;
mod statistics;

use axum::Router;
use axum::http::StatusCode;
use axum::routing::get;

use super::AppState;
use super::cache::Prepared;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(search::page))
        .route("/carte", get(map::page))
        .route("/statistiques", get(statistics::page))
        .route("/statistiques/{file}", get(statistics::csv))
        .route("/partenaires", get(partners::directory))
        .route("/partenaires/{id}", get(partners::health))
}

/// Today in UTC: the day of the fair order.
fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// An HTML page to keep in the page cache.
fn html_page(status: StatusCode, body: Vec<u8>) -> Prepared {
    Prepared::new(status, "text/html; charset=utf-8", body, None, Vec::new())
}
