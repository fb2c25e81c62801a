//! The real router, over the demo data, for the targets that send whole
//! HTTP requests; and the rule every answer must obey.
//!
//! The store is in memory: the six bundled demo sites harvested from their
//! local mirrors once per process (no network), so documents, filters and
//! queries meet real projects, organisations, places and provenance. The
//! limits are small (1 s per query, 64 MiB, a few rows) so that a costly
//! fuzzed query is cut quickly instead of slowing the fuzzer down.
//!
//! Requests carrying the update token go to a fresh store of their own
//! ([`scratch_app`]): an update must never change what the next input sees,
//! or a crash found after it would not reproduce from its input alone.

use std::fmt::Debug;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode};
use carrefour::harvest::{FetchPolicy, Fetcher, Mirror, PageCache, Progress, harvest_partner};
use carrefour::record::BaseIri;
use carrefour::server::{AppState, ServerConfig, router};
use carrefour::store::{Sparql, Store};
use http_body_util::BodyExt;
use oxigraph::model::Term;
use tokio::runtime::Runtime;
use tower::ServiceExt;

/// The base IRI of the fuzzed data, as the tests and the demo use.
pub const BASE: &str = "http://localhost:7878/";

/// The token the fuzzed server accepts for updates.
pub const UPDATE_TOKEN: &str = "fuzz-update-token";

/// The largest request body the fuzzed server accepts (bigger: `413`).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The base IRI, checked.
pub fn base() -> BaseIri {
    BaseIri::new(BASE).unwrap_or_else(|e| panic!("the fuzz base IRI: {e}"))
}

/// The server's limits for fuzzing: the production code paths, small budgets.
pub fn config() -> ServerConfig {
    let root = crate::repository();
    ServerConfig {
        query_timeout: Duration::from_secs(1),
        max_rows: 20,
        // Sequential requests, but a slot is freed on the evaluation's own
        // thread, a moment after the answer: room for that overlap.
        max_concurrent_queries: 4,
        query_memory: 64 * 1024 * 1024,
        max_body_bytes: MAX_BODY_BYTES,
        update_token: Some(UPDATE_TOKEN.to_owned()),
        read_only: false,
        handoff_secret: None,
        dumps_dir: None,
        npm_dir: root.join("node_modules"),
        queries_dir: root.join("queries"),
        federate_with: Vec::new(),
        allow_loopback: false,
    }
}

/// The runtime every request runs on, built once (two workers, as a small
/// production host).
pub fn runtime() -> &'static Runtime {
    static RUNTIME: OnceLock<Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("cannot build the tokio runtime: {e}"))
    })
}

/// The demo data, harvested once.
fn demo() -> &'static Demo {
    static DEMO: OnceLock<Demo> = OnceLock::new();
    DEMO.get_or_init(|| {
        let store = demo_store();
        let things = sample_things(&store);
        let app = router(AppState::new(store, config()));
        Demo { app, things }
    })
}

struct Demo {
    app: Router,
    things: Vec<String>,
}

/// The router over the demo data.
pub fn demo_app() -> Router {
    demo().app.clone()
}

/// One thing of each kind in the demo data, as `{kind}/{key}` (the end of
/// its `/id/…` and `/doc/…` paths), in a stable order.
pub fn demo_things() -> &'static [String] {
    &demo().things
}

/// One IRI of each kind minted under the base, read from the store.
fn sample_things(store: &Store) -> Vec<String> {
    let sparql = Sparql::new(
        "SELECT (MIN(STR(?thing)) AS ?sample) WHERE { \
           ?thing ?p ?o \
           FILTER(STRSTARTS(STR(?thing), \"http://localhost:7878/id/\") && !CONTAINS(STR(?thing), \"#\")) \
           BIND(STRBEFORE(STRAFTER(STR(?thing), \"/id/\"), \"/\") AS ?kind) \
         } GROUP BY ?kind ORDER BY ?kind",
    );
    let rows = store
        .select_rows(&sparql)
        .unwrap_or_else(|e| panic!("sampling the demo data: {e}"));
    let prefix = format!("{BASE}id/");
    let things: Vec<String> = rows
        .into_iter()
        .filter_map(|row| match row.into_iter().next().flatten() {
            Some(Term::Literal(iri)) => iri.value().strip_prefix(&prefix).map(str::to_owned),
            _ => None,
        })
        .collect();
    assert!(
        things.len() >= 5,
        "the demo data has too few kinds: {things:?}"
    );
    things
}

/// A router over a fresh store holding only the reference graphs, for a
/// request that may change data.
pub fn scratch_app() -> Router {
    let store = Store::in_memory(base()).unwrap_or_else(|e| panic!("an in-memory store: {e}"));
    router(AppState::new(store, config()))
}

/// The six demo partner sites, harvested from `tests/fixtures/sites/`.
fn demo_store() -> Store {
    let store = Store::in_memory(base()).unwrap_or_else(|e| panic!("an in-memory store: {e}"));
    let fetcher = Fetcher::new(FetchPolicy::default())
        .unwrap_or_else(|e| panic!("the harvest fetcher: {e}"))
        .with_mirror(demo_mirror());
    for mapping in crate::mappings::bundled() {
        let partner = mapping.partner.id.clone();
        let outcome = runtime().block_on(harvest_partner(
            &fetcher,
            Arc::new(mapping.clone()),
            Some(&store),
            &PageCache::default(),
            &Progress::default(),
        ));
        let count = store.partner_project_count(&partner).unwrap_or(0);
        assert!(
            count > 0,
            "demo partner {partner} harvested nothing: {:?}",
            outcome.report
        );
    }
    store
}

/// The local mirrors of `tests/fixtures/sites/mirrors.toml`.
fn demo_mirror() -> Mirror {
    let sites = crate::repository().join("tests/fixtures/sites");
    let path = sites.join("mirrors.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let table: toml::Table =
        toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    table.iter().fold(Mirror::new(), |mirror, (origin, dir)| {
        let origin = url::Url::parse(origin)
            .unwrap_or_else(|e| panic!("{}: origin {origin:?}: {e}", path.display()));
        let dir = dir
            .as_str()
            .unwrap_or_else(|| panic!("{}: {origin} needs a folder name", path.display()));
        mirror.with_origin(&origin, sites.join(dir))
    })
}

/// An HTTP request as a client could send it, or `None` when no HTTP
/// client could (an invalid target or header value): hyper refuses those
/// before the router sees them.
pub fn request(
    method: &Method,
    target: &str,
    headers: &[(HeaderName, String)],
    body: Vec<u8>,
) -> Option<Request<Body>> {
    let mut builder = Request::builder().method(method.clone()).uri(target);
    for (name, value) in headers {
        builder = builder.header(name, HeaderValue::from_str(value).ok()?);
    }
    builder.body(Body::from(body)).ok()
}

/// What the server answered.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    /// The whole body, or why the transfer was cut (a query that failed
    /// after its results began streaming: by design, never a 200 lie).
    pub body: Result<Bytes, String>,
}

impl Answer {
    /// The start of the body, for a panic message.
    pub fn excerpt(&self) -> String {
        match &self.body {
            Ok(bytes) => String::from_utf8_lossy(&bytes[..bytes.len().min(400)]).into_owned(),
            Err(cut) => format!("<transfer cut: {cut}>"),
        }
    }
}

/// Sends `request` to `app` and reads the whole answer.
pub fn send(app: Router, request: Request<Body>) -> Answer {
    runtime().block_on(async move {
        let response = match app.oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        };
        let (parts, body) = response.into_parts();
        let body = body
            .collect()
            .await
            .map(|collected| collected.to_bytes())
            .map_err(|e| e.to_string());
        Answer {
            status: parts.status,
            headers: parts.headers,
            body,
        }
    })
}

/// The rule of a public endpoint: bad input gets a 4xx, a busy or slow
/// server a 503 (or 501/502); a 500 or another 5xx is a bug. Panics, so
/// libFuzzer saves the input, with the request and the answer's start.
pub fn check(answer: &Answer, request: &impl Debug) {
    let status = answer.status;
    let allowed = !status.is_server_error() || matches!(status.as_u16(), 501..=503);
    assert!(
        allowed,
        "{status} for {request:?}\nanswer: {}",
        answer.excerpt()
    );
}
