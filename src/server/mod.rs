//! The HTTP server: the SPARQL endpoint, dereferenceable URIs, JSON-LD for
//! developers, dataset descriptions and dumps.
//!
//! Each submodule owns its routes and reads like the protocol it implements:
//!
//! - [`sparql`]: the SPARQL 1.1 Protocol at `/sparql` (queries, updates,
//!   service description, the query page);
//! - [`linked_data`]: `/id/{kind}/{key}` (303) and `/doc/{kind}/{key}`
//!   (content negotiation), `/ontology`, `/ns/context.jsonld`;
//! - [`datasets`]: `/api/projects` (Hydra), `/void`, `/dumps/…`,
//!   `/fragments` (Triple Pattern Fragments);
//! - `graph_store`: `/store`, the SPARQL 1.1 Graph Store HTTP Protocol;
//! - [`metrics`]: `/metrics` in the Prometheus text format;
//! - `harvests`: `/harvests`, the hub's harvests (started on demand by
//!   token holders, followed, and their public source health), run by
//!   [`crate::harvest::live`];
//! - `site`: the home page, the stylesheet, front-end libraries from npm;
//! - [`conneg`]: `Accept` header parsing shared by all of them.
//!
//! Requests are routed by path only: the base IRI says which IRIs the data
//! uses, the `Host` a client reached us by does not matter, so a store served
//! behind a proxy or on another port still answers for its IRIs.

pub mod cache;
pub mod conneg;
pub mod datasets;
mod error;
mod graph_store;
mod harvests;
mod html;
pub mod linked_data;
pub mod metrics;
mod pages;
mod security;
mod site;
pub mod slots;
pub mod sparql;
mod warm;

use std::future::IntoFuture;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderName, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::serve::ListenerExt;
use axum::{Json, Router};
use serde_json::json;
use tower_http::cors::{Any, CorsLayer};

use crate::harvest::live::LiveHarvests;
use crate::index::{LatestIndex, LatestSearch};
use crate::store::Store;
use cache::ResponseCache;

pub use error::AppError;
pub use metrics::Metrics;
pub use slots::Slots;

/// The server's limits and switches, set from the command line.
#[derive(Clone)]
pub struct ServerConfig {
    /// A query still running after this is cancelled.
    pub query_timeout: Duration,
    /// At most this many result rows (or triples) per query; announced in
    /// the `Carrefour-Result-Limit` header, never silent.
    pub max_rows: usize,
    /// Queries evaluated at once; beyond, `429 Too Many Requests`.
    pub max_concurrent_queries: usize,
    /// The memory one query may use, in bytes (approximate: what the
    /// evaluator materialises for sorts, groups, joins, deduplication).
    pub query_memory: usize,
    /// Largest request body accepted (queries and updates).
    pub max_body_bytes: usize,
    /// The bearer token updates need; `None` refuses every update.
    pub update_token: Option<String>,
    /// Refuse updates even with a token.
    pub read_only: bool,
    /// The secret `carrefour harvest` finds in `DIR/server.json` and may
    /// use instead of the update token, for `/harvests` only (see
    /// [`crate::harvest::handoff`]).
    pub handoff_secret: Option<String>,
    /// Where the dumps are written after each harvest (`{data}/dumps`).
    pub dumps_dir: Option<PathBuf>,
    /// Where the npm front-end packages are (`node_modules`), served under `/assets/npm/`.
    pub npm_dir: PathBuf,
    /// The example queries (`queries/*.rq`) offered on the query page.
    pub queries_dir: PathBuf,
    /// Hosts (`host`, any port, or `host:port`) a SPARQL `SERVICE` clause may
    /// call; empty refuses federation,
    /// so the endpoint is never an open proxy (into our own network either).
    pub federate_with: Vec<String>,
    /// `SERVICE` endpoints may resolve to loopback addresses (`127.0.0.0/8`,
    /// `::1`): for tests and local endpoints (`--allow-loopback`), never in
    /// production. Other non-public addresses are always refused.
    pub allow_loopback: bool,
}

/// The default memory budget of one query: 256 MiB, so that the default 8
/// queries at once stay within 2 GiB on a small host.
pub const DEFAULT_QUERY_MEMORY: usize = 256 * 1024 * 1024;

impl std::fmt::Debug for ServerConfig {
    /// Everything but the update token, which logs and panics must not show.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let token = self.update_token.as_ref().map(|_| "<redacted>");
        let handoff = self.handoff_secret.as_ref().map(|_| "<redacted>");
        f.debug_struct("ServerConfig")
            .field("query_timeout", &self.query_timeout)
            .field("max_rows", &self.max_rows)
            .field("max_concurrent_queries", &self.max_concurrent_queries)
            .field("query_memory", &self.query_memory)
            .field("max_body_bytes", &self.max_body_bytes)
            .field("update_token", &token)
            .field("read_only", &self.read_only)
            .field("handoff_secret", &handoff)
            .field("dumps_dir", &self.dumps_dir)
            .field("npm_dir", &self.npm_dir)
            .field("queries_dir", &self.queries_dir)
            .field("federate_with", &self.federate_with)
            .finish()
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            query_timeout: Duration::from_secs(30),
            max_rows: 100_000,
            max_concurrent_queries: 8,
            query_memory: DEFAULT_QUERY_MEMORY,
            max_body_bytes: 1024 * 1024,
            update_token: None,
            read_only: false,
            handoff_secret: None,
            dumps_dir: None,
            npm_dir: PathBuf::from("node_modules"),
            queries_dir: PathBuf::from("queries"),
            federate_with: Vec::new(),
            allow_loopback: false,
        }
    }
}

/// What every handler gets: passed explicitly, no globals.
#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub config: Arc<ServerConfig>,
    pub metrics: Arc<Metrics>,
    /// The query slots every piece of store work runs in.
    pub slots: Arc<Slots>,
    /// The harvests the server runs (scheduled and on demand), if any.
    pub harvests: Option<Arc<LiveHarvests>>,
    /// Rendered documents (`/doc/…`), kept until the data changes.
    pub documents: Arc<ResponseCache<linked_data::DocumentKey>>,
    /// What `/api/projects` filters and pages, per data revision.
    pub index: Arc<LatestIndex>,
    /// The full-text index of `/api/projects?q=`, per data revision.
    pub search: Arc<LatestSearch>,
    /// Rendered pages of `/api/projects`, by canonical query and format.
    pub pages: Arc<ResponseCache<String>>,
    /// The members of `/api/projects` pages already written.
    pub members: Arc<datasets::projects::member::MemberCache>,
    /// SPARQL answers, kept until the data changes.
    pub answers: Arc<ResponseCache<sparql::cached::QueryKey>>,
}

/// The memory the rendered documents may take (and, apart, the pages of
/// `/api/projects`): 64 MiB holds every format of thousands of projects
/// (a Turtle document weighs 2–4 KB, a page of 20 members about 60 KB).
pub const DOCUMENT_CACHE_BYTES: u64 = 64 * 1024 * 1024;

impl AppState {
    pub fn new(store: Store, config: ServerConfig) -> Self {
        let slots = Slots::new(
            config.max_concurrent_queries,
            config.query_timeout,
            config.query_memory,
        );
        AppState {
            store,
            config: Arc::new(config),
            metrics: Arc::new(Metrics::default()),
            slots: Arc::new(slots),
            harvests: None,
            documents: Arc::new(ResponseCache::new(DOCUMENT_CACHE_BYTES)),
            index: Arc::default(),
            search: Arc::default(),
            pages: Arc::new(ResponseCache::new(DOCUMENT_CACHE_BYTES)),
            members: Arc::default(),
            answers: Arc::new(ResponseCache::new(sparql::cached::ANSWER_CACHE_BYTES)),
        }
    }

    /// This state, with the server running `harvests` (into its store).
    pub fn with_harvests(self, harvests: Arc<LiveHarvests>) -> Self {
        AppState {
            harvests: Some(harvests),
            ..self
        }
    }
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

/// The application's routes. `GET` routes answer `HEAD` too (axum strips the body).
pub fn router(state: AppState) -> Router {
    let body_limit = state.config.max_body_bytes;
    Router::new()
        .route("/health", get(health))
        .merge(sparql::routes())
        .merge(linked_data::routes())
        .merge(datasets::routes())
        .merge(graph_store::routes())
        .merge(metrics::routes())
        .merge(harvests::routes())
        .merge(site::routes())
        .merge(pages::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::track,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(cors())
        .layer(axum::middleware::from_fn(security::headers))
        .with_state(state)
}

/// Reads are open to every origin, so browser applications on other sites
/// can query us; updates need a token, which CORS does not change.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD, Method::POST, Method::OPTIONS])
        .allow_headers([header::ACCEPT, header::CONTENT_TYPE, header::AUTHORIZATION])
        .expose_headers([
            header::CONTENT_LOCATION,
            header::LINK,
            header::ETAG,
            header::RETRY_AFTER,
            HeaderName::from_static("carrefour-result-limit"),
        ])
}

/// How long a shutdown waits for requests in flight once their queries are
/// cancelled, before the connections are dropped.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(3);

/// Serves `state` on `listener` until `shutdown` completes (the command
/// line passes Ctrl-C or SIGTERM; tests pass their own future). Then it
/// stops accepting, cancels every query in flight, lets the requests in
/// flight end (for [`SHUTDOWN_GRACE`] at most) and returns, so the caller
/// can close the store. Harvests the server runs are cancelled at the
/// same moment (the partners' last good data stays).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let local = listener.local_addr()?;
    tracing::info!(address = %local, base = %state.store.base(), "serving: http://{local}/");
    let (stopping_tx, stopping_rx) = tokio::sync::oneshot::channel::<()>();
    let slots = Arc::clone(&state.slots);
    let harvests = state.harvests.clone();
    let (stop_warming, warming_stopped) = tokio::sync::watch::channel(false);
    let signalled = async move {
        shutdown.await;
        let _ = stop_warming.send(true);
        tracing::info!("shutting down: cancelling the queries and harvests in flight");
        slots.stop();
        if let Some(harvests) = harvests {
            harvests.stop();
        }
        let _ = stopping_tx.send(());
    };
    let warming = tokio::spawn(warm::keep_warm(state.clone(), warming_stopped));
    // Without TCP_NODELAY, a streamed answer's last small chunk waits for
    // the client's delayed ACK on a kept-alive connection: 15-40 ms added
    // to every uncached SPARQL answer (bench/peers, against bare Oxigraph).
    let listener = listener.tap_io(|tcp| {
        if let Err(error) = tcp.set_nodelay(true) {
            tracing::debug!("cannot set TCP_NODELAY: {error}");
        }
    });
    let server = axum::serve(listener, router(state))
        .with_graceful_shutdown(signalled)
        .into_future();
    tokio::pin!(server);
    tokio::select! {
        served = &mut server => served?,
        () = async {
            let _ = stopping_rx.await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        } => tracing::warn!("shutdown: dropping the connections still open"),
    }
    // The build in flight (seconds at 100 000 projects) ends first.
    if let Err(error) = warming.await {
        tracing::warn!("the pages' preparation ended badly: {error}");
    }
    Ok(())
}

/// Binds `addr` (with a hint when it is taken).
pub async fn bind(addr: SocketAddr) -> Result<tokio::net::TcpListener, ServeError> {
    tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServeError::Bind { addr, source })
}

/// `GET /health`: 200 when the store can be read, 503 otherwise.
async fn health(State(state): State<AppState>) -> Result<Response, AppError> {
    let store = state.store.clone();
    match tokio::task::spawn_blocking(move || store.check()).await {
        Ok(Ok(())) => Ok(Json(json!({ "status": "ok" })).into_response()),
        Ok(Err(e)) => Err(AppError::unavailable(e)),
        Err(e) => Err(AppError::unavailable(e)),
    }
}

/// A plain-text error response: what went wrong and what to do.
pub(crate) fn plain_error(status: StatusCode, message: impl Into<String>) -> Response {
    let mut message = message.into();
    if !message.ends_with('\n') {
        message.push('\n');
    }
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        message,
    )
        .into_response()
}

/// Completes on Ctrl-C or SIGTERM: the shutdown of `carrefour serve`.
pub async fn shutdown_signal() {
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
