//! The public site around the data: the home page, our stylesheet, and the
//! front-end libraries installed from npm (`node_modules`, pinned by
//! `package-lock.json`), served locally: never from a CDN.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::html::{Link, license_label, readable_time};
use super::{AppError, AppState, plain_error, slots};
use crate::store::Statistics;

const STYLESHEET: &str = include_str!("assets/carrefour.css");
const MAP_SCRIPT: &str = include_str!("assets/map.js");
/// The query page's editor (Yasgui set up from the page's `data-*` attributes).
const SPARQL_SCRIPT: &str = include_str!("assets/sparql.js");
/// Département outlines for the maps' background (Natural Earth, public domain).
const BOUNDARIES: &str = include_str!("../../gazetteer/boundaries.geojson");

/// The npm folders we serve, and nothing else from `node_modules`.
const NPM_FOLDERS: [&str; 2] = ["@zazuko/yasgui/build/", "leaflet/dist/"];

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/assets/carrefour.css", get(stylesheet))
        .route("/assets/map.js", get(map_script))
        .route("/assets/sparql.js", get(sparql_script))
        .route("/assets/boundaries.geojson", get(boundaries))
        .route("/assets/npm/{*path}", get(npm_file))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    statistics: Statistics,
    partners: Vec<PartnerRow>,
}

/// A partner as the home page lists it.
struct PartnerRow {
    id: String,
    name: String,
    projects: u64,
    last_harvest: String,
    license: Option<Link>,
}

impl HomePage {
    fn new(statistics: Statistics) -> Self {
        let partners = statistics
            .partners
            .iter()
            .map(|p| PartnerRow {
                id: p.id.clone(),
                name: p.name.clone(),
                projects: p.projects,
                last_harvest: p
                    .last_harvest
                    .as_deref()
                    .map(readable_time)
                    .unwrap_or_default(),
                license: p.license.as_ref().map(|l| Link {
                    href: l.clone(),
                    label: license_label(l),
                }),
            })
            .collect();
        HomePage {
            statistics,
            partners,
        }
    }
}

/// `GET /`: what the hub holds, partner by partner, and where to go next.
async fn home(State(state): State<AppState>) -> Result<Response, AppError> {
    let statistics = slots::run(&state, |store| Ok(store.known_statistics()?)).await?;
    let page = HomePage::new(statistics)
        .render()
        .map_err(AppError::unavailable)?;
    Ok(([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response())
}

async fn stylesheet() -> Response {
    asset("text/css; charset=utf-8", STYLESHEET)
}

async fn map_script() -> Response {
    asset("text/javascript; charset=utf-8", MAP_SCRIPT)
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
