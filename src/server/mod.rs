//! The HTTP server. For now it answers `GET /health`; the linked-data server
//! issue adds the SPARQL endpoint and dereferenceable URIs.
//!
//! Requests are routed by path only: the base IRI says which IRIs the data
//! uses, the `Host` a client reached us by does not matter, so a store served
//! behind a proxy or on another port still answers for its IRIs.

use std::net::SocketAddr;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

use crate::store::Store;

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

fn unavailable(reason: String) -> Response {
    tracing::error!(%reason, "health check failed");
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
