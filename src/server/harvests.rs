//! `/harvests`: the hub's harvests over HTTP.
//!
//! - `POST /harvests` (token holders; a form or JSON body `partner=ID`)
//!   starts that partner's harvest now: `202 Accepted`, `Location:
//!   /harvests/{run}` and the run as JSON; `404` for a partner the hub
//!   does not harvest (naming those it does), `409` (with `Location`) when
//!   that partner is being harvested already;
//! - `GET /harvests/{run}` (token holders): the run's state — `queued`,
//!   `running` with its counts, `done` with the verdict and the JSON
//!   report, or `failed` when it came to no verdict;
//! - `GET /harvests` (public): per partner, its last runs from the reports
//!   on disk (start, end, verdict, counts, how many errors): source health,
//!   with no token, secret, reason text or path in it.
//!
//! Token holders are those of SPARQL updates (the update token), plus
//! `carrefour harvest` with the hand-off secret of `DIR/server.json`; the
//! check is the updates' own ([`super::sparql::authorize_with`]). The
//! harvests themselves run in [`crate::harvest::live`], off the request path.

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use serde_json::json;

use super::{AppError, AppState};
use crate::harvest::live::runs::RunId;
use crate::harvest::live::{LiveHarvests, StartError};

/// How many runs per partner `GET /harvests` lists.
const RUNS_PER_PARTNER: usize = 10;

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/harvests", get(health).post(start))
        .route("/harvests/{run}", get(run))
}

/// The body of `POST /harvests`.
#[derive(Deserialize)]
struct Request {
    partner: String,
}

/// `POST /harvests`.
async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, AppError> {
    authorize(&state, &headers)?;
    let harvests = harvests(&state)?;
    let partner = partner(&headers, &body)?;
    let view = harvests.request(&partner).map_err(|error| match error {
        StartError::UnknownPartner { .. } => AppError::NotFound(error.to_string()),
        StartError::Busy { run, .. } => AppError::Conflict {
            message: format!("{error}; follow it at /harvests/{run}"),
            location: format!("/harvests/{run}"),
        },
        StartError::Stopping => AppError::ShuttingDown,
    })?;
    let location =
        HeaderValue::from_str(&format!("/harvests/{}", view.run)).map_err(AppError::unavailable)?;
    let mut response = (StatusCode::ACCEPTED, axum::Json(view)).into_response();
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// `GET /harvests/{run}`.
async fn run(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(run): Path<String>,
) -> Result<Response, AppError> {
    authorize(&state, &headers)?;
    let harvests = harvests(&state)?;
    let id: RunId = run.parse().map_err(AppError::NotFound)?;
    let view = harvests.run(id).ok_or_else(|| {
        AppError::NotFound(format!(
            "no run {id} here: the server remembers its last 100 runs; \
             every run's report is listed at /harvests"
        ))
    })?;
    Ok(axum::Json(view).into_response())
}

/// `GET /harvests`: public source health.
async fn health(State(state): State<AppState>) -> Result<Response, AppError> {
    let harvests = harvests(&state)?;
    let partners = tokio::task::spawn_blocking(move || harvests.health(RUNS_PER_PARTNER))
        .await
        .map_err(AppError::unavailable)?;
    Ok(axum::Json(json!({ "partners": partners })).into_response())
}

/// Token holders only: the update token, or the hand-off secret.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), AppError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let handoff = state.config.handoff_secret.as_deref();
    super::sparql::authorize_with(&state.config, authorization, handoff)
}

fn harvests(state: &AppState) -> Result<Arc<LiveHarvests>, AppError> {
    state.harvests.clone().ok_or_else(|| {
        AppError::NotFound(
            "this server runs no harvests (it was started without mappings); \
             harvest with `carrefour harvest`"
                .into(),
        )
    })
}

/// The partner of a form (`partner=ID`) or JSON (`{"partner": "ID"}`) body.
fn partner(headers: &HeaderMap, body: &[u8]) -> Result<String, AppError> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .unwrap_or_default();
    let partner = match media_type.as_str() {
        "application/x-www-form-urlencoded" => url::form_urlencoded::parse(body)
            .find(|(name, _)| name == "partner")
            .map(|(_, value)| value.into_owned()),
        "application/json" => serde_json::from_slice::<Request>(body)
            .map(|request| Some(request.partner))
            .map_err(|e| {
                AppError::bad_request(format!(
                    "the JSON body must be {{\"partner\": \"ID\"}}: {e}"
                ))
            })?,
        _ => {
            return Err(AppError::UnsupportedMediaType(
                "send the partner as a form (partner=ID, application/x-www-form-urlencoded) \
                 or as JSON ({\"partner\": \"ID\"}, application/json)"
                    .into(),
            ));
        }
    };
    match partner.map(|p| p.trim().to_owned()) {
        Some(partner) if !partner.is_empty() => Ok(partner),
        _ => Err(AppError::bad_request(
            "say which partner to harvest: partner=ID (GET /harvests lists them)",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_type(media_type: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_str(media_type).unwrap(),
        );
        headers
    }

    #[test]
    fn the_partner_comes_as_a_form_or_as_json() {
        let form = with_type("application/x-www-form-urlencoded; charset=utf-8");
        assert_eq!(partner(&form, b"partner=avise").unwrap(), "avise");
        assert_eq!(partner(&form, b"x=1&partner=%20avise+").unwrap(), "avise");
        let json = with_type("application/json");
        assert_eq!(partner(&json, br#"{"partner":"avise"}"#).unwrap(), "avise");
        let status =
            |headers: &HeaderMap, body: &[u8]| partner(headers, body).unwrap_err().status();
        assert_eq!(status(&form, b"partner="), StatusCode::BAD_REQUEST);
        assert_eq!(status(&form, b""), StatusCode::BAD_REQUEST);
        assert_eq!(status(&json, b"{\"who\":1}"), StatusCode::BAD_REQUEST);
        assert_eq!(
            status(&with_type("text/plain"), b"avise"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
        assert_eq!(
            status(&HeaderMap::new(), b"partner=avise"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE
        );
    }
}
