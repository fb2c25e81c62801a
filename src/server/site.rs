//! The public site's assets: our stylesheet and scripts, the départements'
//! outlines, and the front-end libraries installed from npm (`node_modules`, pinned by
//! `package-lock.json`), served locally: never from a CDN.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::{AppState, plain_error};

const STYLESHEET: &str = include_str!("assets/carrefour.css");
const MAP_SCRIPT: &str = include_str!("assets/map.js");
/// The clustered map of `/carte`.
const CARTE_SCRIPT: &str = include_str!("assets/carte.js");
/// The départements' outlines behind both maps.
const OUTLINES_SCRIPT: &str = include_str!("assets/outlines.js");
/// The query page's editor (Yasgui set up from the page's `data-*` attributes).
const SPARQL_SCRIPT: &str = include_str!("assets/sparql.js");
/// Département outlines for the maps' background (Natural Earth, public domain).
const BOUNDARIES: &str = include_str!("../../gazetteer/boundaries.geojson");

/// The npm folders we serve, and nothing else from `node_modules`.
const NPM_FOLDERS: [&str; 3] = [
    "@zazuko/yasgui/build/",
    "leaflet/dist/",
    "leaflet.markercluster/dist/",
];

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/assets/carrefour.css", get(stylesheet))
        .route("/assets/map.js", get(map_script))
        .route("/assets/carte.js", get(carte_script))
        .route("/assets/outlines.js", get(outlines_script))
        .route("/assets/sparql.js", get(sparql_script))
        .route("/assets/boundaries.geojson", get(boundaries))
        .route("/assets/npm/{*path}", get(npm_file))
}

async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

async fn map_script() -> Response {
    asset("text/javascript; charset=utf-8", MAP_SCRIPT)
}

async fn outlines_script() -> Response {
    asset("text/javascript; charset=utf-8", OUTLINES_SCRIPT)
}

async fn carte_script() -> Response {
    asset("text/javascript; charset=utf-8", CARTE_SCRIPT)
}

async fn sparql_script() -> Response {
    asset("text/javascript; charset=utf-8", SPARQL_SCRIPT)
}

async fn boundaries() -> Response {
    asset("application/geo+json", BOUNDARIES)
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// `GET /assets/npm/{path}`: a file of an allowed npm folder.
async fn npm_file(State(state): State<AppState>, Path(path): Path<String>) -> Response {
    let allowed = NPM_FOLDERS.iter().any(|folder| path.starts_with(folder))
        && !path
            .split('/')
            .any(|segment| segment == ".." || segment.is_empty());
    if !allowed {
        return plain_error(StatusCode::NOT_FOUND, format!("no such asset: {path}"));
    }
    let file = state.config.npm_dir.join(&path);
    match tokio::fs::read(&file).await {
        Ok(bytes) => (
            [
                (header::CONTENT_TYPE, content_type(&path)),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes,
        )
            .into_response(),
        Err(_) => plain_error(
            StatusCode::NOT_FOUND,
            format!(
                "{path} is not installed in {}: run .ci/setup (npm ci) to install the front-end libraries",
                state.config.npm_dir.display()
            ),
        ),
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("map" | "json") => "application/json",
        Some("png") => "image/png",
        Some("svg") => "image/svg+xml",
        _ => "application/octet-stream",
    }
}
