//! `GET /carte`: the current selection (the same parameters as `/` and
//! `/api/projects`) as clustered markers. The page only says where the
//! GeoJSON of the selection is (`/api/projects?…&format=geojson`);
//! `assets/carte.js` draws it with Leaflet and leaflet.markercluster,
//! served from our npm folder, over the départements' outlines (no tile
//! server). Without JavaScript, the links to the list and the GeoJSON stay.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::lang::Lang;
use super::{SelectionRequest, html, switch, with_cookie};
use crate::server::datasets::projects::collection::query_string;
use crate::server::datasets::projects::params::{self, Filters};
use crate::server::{AppError, AppState};

#[derive(Template)]
#[template(path = "carte.html")]
struct MapPage {
    lang: Lang,
    switch: String,
    q: String,
    filtered: bool,
    list: String,
    geojson: String,
}

/// `GET /carte`.
pub(super) async fn page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let SelectionRequest {
        lang,
        query,
        cookie,
        params,
    } = SelectionRequest::read(&state, query.as_deref(), &headers)?;
    let filters = &params.filters;
    let selection = query_string(filters, params::DEFAULT_LIMIT, None);
    let geojson = match selection.is_empty() {
        true => "/api/projects?format=geojson".to_owned(),
        false => format!("/api/projects{selection}&format=geojson"),
    };
    let view = MapPage {
        lang,
        switch: switch("/carte", query.as_deref(), lang),
        q: filters.q.clone().unwrap_or_default(),
        filtered: *filters
            != Filters {
                order: filters.order,
                day: filters.day,
                ..Filters::default()
            },
        list: format!("/{selection}"),
        geojson,
    };
    let body = view.render().map_err(AppError::unavailable)?;
    Ok(with_cookie(html(body), cookie))
}
