//! The HTTP server. For now it answers `GET /health` and `GET /id/{kind}/{key}`
//! (Turtle, `410 Gone` for a project no longer published); the linked-data
//! server issue adds content negotiation, the SPARQL endpoint and the rest.
//!
//! Requests are routed by path only: the base IRI says which IRIs the data
//! uses, the `Host` a client reached us by does not matter, so a store served
//! behind a proxy or on another port still answers for its IRIs.

use std::net::SocketAddr;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::record::{Kind, is_valid_key};
use crate::store::{Description, Store};

/// What every handler gets: passed explicitly, no globals.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
}

/// Why the server stopped or could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "cannot listen on {addr}: {source}\nhint: is another server using this port? Pass --bind with another address"
    )]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("server error: {0}")]
    Io(#[from] std::io::Error),
}

/// The application's routes.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(health))
        .route("/id/{kind}/{key}", get(thing))
        .with_state(state)
}

/// Serves `state` on `addr` until Ctrl-C (or SIGTERM).
pub async fn serve(state: AppState, addr: SocketAddr) -> Result<(), ServeError> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })?;
    let local = listener.local_addr()?;
    tracing::info!(address = %local, base = %state.store.base(), "serving: http://{local}/health");
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await?;
    Ok(())
}

/// `GET /health`: 200 when the store can be read, 503 otherwise.
async fn health(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    let checked = tokio::task::spawn_blocking(move || store.check()).await;
    match checked {
        Ok(Ok(())) => Json(json!({ "status": "ok" })).into_response(),
        Ok(Err(e)) => unavailable(e.to_string()),
        Err(e) => unavailable(e.to_string()),
    }
}

/// `GET /id/{kind}/{key}`: the thing's description in Turtle; `410 Gone`
/// with its tombstone's provenance for a project its partner no longer
/// lists; `404` for an IRI we never minted.
async fn thing(
    State(state): State<AppState>,
    Path((kind, key)): Path<(String, String)>,
) -> Response {
    let Some(kind) = Kind::parse(&kind).filter(|_| is_valid_key(&key)) else {
        return not_found(&format!("/id/{kind}/{key}"));
    };
    let iri = state.store.base().id(kind, &key);
    let store = state.store.clone();
    let described = tokio::task::spawn_blocking(move || store.describe(&iri)).await;
    match described {
        Ok(Ok(Description::Live(triples))) => turtle(StatusCode::OK, &triples),
        Ok(Ok(Description::Gone(triples))) => turtle(StatusCode::GONE, &triples),
        Ok(Ok(Description::Unknown)) => not_found(&format!("/id/{kind}/{key}")),
        Ok(Err(e)) => unavailable(e.to_string()),
        Err(e) => unavailable(e.to_string()),
    }
}

fn turtle(status: StatusCode, triples: &[oxigraph::model::Triple]) -> Response {
    let mut serializer = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::Turtle)
        .with_prefix("schema", "http://schema.org/")
        .and_then(|s| s.with_prefix("prov", "http://www.w3.org/ns/prov#"))
        .expect("valid prefixes")
        .for_writer(Vec::new());
    for triple in triples {
        if let Err(e) = serializer.serialize_triple(triple) {
            return unavailable(e.to_string());
        }
    }
    match serializer.finish() {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "text/turtle; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(e) => unavailable(e.to_string()),
    }
}

fn not_found(path: &str) -> Response {
    let body =
        format!("Nothing is known here: {path}. Carrefour's IRIs look like /id/project/<key>.\n");
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

fn unavailable(reason: String) -> Response {
    tracing::error!(%reason, "request failed");
    let body = Json(json!({ "status": "unavailable", "reason": reason }));
    (StatusCode::SERVICE_UNAVAILABLE, body).into_response()
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}
