//! A loopback HTTP server that misbehaves on demand, for the fetcher's tests.
//!
//! Each test builds an axum `Router` with the faults it needs; [`serve`] binds
//! it on `127.0.0.1:0`, records every request (path, User-Agent, arrival time,
//! concurrency) and stops when the returned [`FaultServer`] is dropped.
//! [`serve_endless`] is a raw TCP server streaming a huge body, because axum
//! without extra crates cannot stream a generated body.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::{self, Next};
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use url::Url;

pub fn robots(txt: &'static str) -> Router {
    Router::new().route("/robots.txt", get(move || async move { txt }))
}

/// A router answering `/page` with `body`, behind an allow-all robots.txt.
pub async fn page_server(body: &'static str) -> FaultServer {
    serve(robots("User-agent: *\nDisallow:\n").route("/page", get(move || async move { body })))
        .await
}

/// A handler answering `failure` for the first `failures` calls, then `body`.
pub fn flaky(
    failures: usize,
    failure: StatusCode,
    headers: &'static [(&'static str, &'static str)],
) -> Router {
    let calls = Arc::new(AtomicUsize::new(0));
    let handler = move || {
        let calls = Arc::clone(&calls);
        async move {
            if calls.fetch_add(1, Ordering::SeqCst) < failures {
                let mut map = HeaderMap::new();
                for (name, value) in headers {
                    map.insert(*name, value.parse().expect("header"));
                }
                (failure, map, "busy").into_response()
            } else {
                "finally".into_response()
            }
        }
    };
    Router::new().route("/flaky", get(handler))
}

/// One request as the server saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub path: String,
    pub user_agent: Option<String>,
    pub at: Instant,
}

/// What the server saw, shared with the test.
#[derive(Debug, Default)]
pub struct Log {
    seen: Mutex<Vec<Seen>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
}

impl Log {
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().expect("log lock").clone()
    }

    /// Paths (with query) in arrival order.
    pub fn paths(&self) -> Vec<String> {
        self.seen().into_iter().map(|seen| seen.path).collect()
    }

    /// How many requests asked for exactly `path`.
    pub fn hits(&self, path: &str) -> usize {
        self.paths().iter().filter(|seen| *seen == path).count()
    }

    /// Arrival times of the requests for `path`.
    pub fn times(&self, path: &str) -> Vec<Instant> {
        self.seen()
            .into_iter()
            .filter(|seen| seen.path == path)
            .map(|seen| seen.at)
            .collect()
    }

    pub fn max_in_flight(&self) -> usize {
        self.max_in_flight.load(Ordering::SeqCst)
    }
}

/// A running server; dropping it stops it.
pub struct FaultServer {
    pub base: Url,
    pub log: Arc<Log>,
    task: JoinHandle<()>,
}

impl FaultServer {
    /// The absolute URL of `path` on this server.
    pub fn url(&self, path: &str) -> Url {
        self.base.join(path).expect("test path")
    }
}

impl Drop for FaultServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves `router` on a fresh loopback port, logging every request.
pub async fn serve(router: Router) -> FaultServer {
    let log = Arc::new(Log::default());
    let app = router.layer(middleware::from_fn_with_state(Arc::clone(&log), record));
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let base = Url::parse(&format!("http://{address}/")).expect("base URL");
    FaultServer { base, log, task }
}

async fn record(State(log): State<Arc<Log>>, request: Request, next: Next) -> Response {
    let path = request
        .uri()
        .path_and_query()
        .map(|pq| pq.as_str().to_owned())
        .unwrap_or_default();
    let user_agent = request
        .headers()
        .get("user-agent")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    log.seen.lock().expect("log lock").push(Seen {
        path,
        user_agent,
        at: Instant::now(),
    });
    let now = log.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
    log.max_in_flight.fetch_max(now, Ordering::SeqCst);
    let response = next.run(request).await;
    log.in_flight.fetch_sub(1, Ordering::SeqCst);
    response
}

/// A raw server answering `/robots.txt` with 404 and anything else with a
/// `total`-byte HTML body written in 64 KiB pieces, with a `Content-Length`
/// only for `/declared`. Returns the base URL and the count of body bytes
/// written, which stays far below `total` when the client hangs up early.
pub async fn serve_endless(total: usize) -> (Url, Arc<AtomicUsize>, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let address = listener.local_addr().expect("local address");
    let written = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&written);
    let task = tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let counter = Arc::clone(&counter);
            tokio::spawn(async move {
                let mut request = vec![0; 4096];
                let read = socket.read(&mut request).await.unwrap_or(0);
                let request = String::from_utf8_lossy(&request[..read]).into_owned();
                if request.starts_with("GET /robots.txt") {
                    let _ = socket
                        .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                let length = if request.starts_with("GET /declared") {
                    format!("content-length: {total}\r\n")
                } else {
                    String::new()
                };
                let head = format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\n{length}connection: close\r\n\r\n"
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                let piece = vec![b'a'; 64 * 1024];
                let mut sent = 0;
                while sent < total {
                    if socket.write_all(&piece).await.is_err() {
                        return;
                    }
                    sent += piece.len();
                    counter.fetch_add(piece.len(), Ordering::SeqCst);
                }
            });
        }
    });
    let base = Url::parse(&format!("http://{address}/")).expect("base URL");
    (base, written, task)
}
