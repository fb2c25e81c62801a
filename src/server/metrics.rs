//! `/metrics` in the Prometheus text exposition format (version 0.0.4):
//! requests by route and status, SPARQL query latency, timeouts, rejected
//! queries and the store's size. Also the request log line of every request.
//!
//! Counters are plain atomics and one mutex-guarded map: a scrape is rare,
//! a request is frequent, and nothing here needs a metrics framework.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::AppState;

/// Upper bounds of the query latency histogram, in seconds.
const LATENCY_BUCKETS: [f64; 10] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0, 30.0];

/// The server's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency_buckets: [AtomicU64; LATENCY_BUCKETS.len()],
    latency_count: AtomicU64,
    latency_sum_micros: AtomicU64,
    timeouts: AtomicU64,
    rejected: AtomicU64,
}

impl Metrics {
    /// Counts one answered request.
    pub fn request(&self, route: &str, status: u16) {
        let mut requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        *requests.entry((route.to_owned(), status)).or_default() += 1;
    }

    /// Records how long a SPARQL query took to evaluate (to its last result).
    pub fn query_finished(&self, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        for (bucket, bound) in self.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            if seconds <= bound {
                bucket.fetch_add(1, Ordering::Relaxed);
            }
        }
        self.latency_count.fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(elapsed.as_micros()).unwrap_or(u64::MAX);
        self.latency_sum_micros.fetch_add(micros, Ordering::Relaxed);
    }

    /// Counts a query cancelled by the timeout.
    pub fn query_timed_out(&self) {
        self.timeouts.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts a query refused because too many were running.
    pub fn query_rejected(&self) {
        self.rejected.fetch_add(1, Ordering::Relaxed);
    }

    /// The exposition text; `store_quads` is the store's size.
    pub fn render(&self, store_quads: Option<usize>) -> String {
        let mut out = String::new();
        out.push_str(
            "# HELP carrefour_http_requests_total HTTP requests answered, by route and status.\n",
        );
        out.push_str("# TYPE carrefour_http_requests_total counter\n");
        let requests = self.requests.lock().unwrap_or_else(|e| e.into_inner());
        for ((route, status), n) in requests.iter() {
            let route = route.replace('\\', "\\\\").replace('"', "\\\"");
            let _ = writeln!(
                out,
                "carrefour_http_requests_total{{route=\"{route}\",status=\"{status}\"}} {n}"
            );
        }
        drop(requests);
        out.push_str(
            "# HELP carrefour_sparql_query_duration_seconds Time to evaluate a SPARQL query.\n",
        );
        out.push_str("# TYPE carrefour_sparql_query_duration_seconds histogram\n");
        for (bucket, bound) in self.latency_buckets.iter().zip(LATENCY_BUCKETS) {
            let n = bucket.load(Ordering::Relaxed);
            let _ = writeln!(
                out,
                "carrefour_sparql_query_duration_seconds_bucket{{le=\"{bound}\"}} {n}"
            );
        }
        let count = self.latency_count.load(Ordering::Relaxed);
        let sum = self.latency_sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let _ = writeln!(
            out,
            "carrefour_sparql_query_duration_seconds_bucket{{le=\"+Inf\"}} {count}\n\
             carrefour_sparql_query_duration_seconds_sum {sum}\n\
             carrefour_sparql_query_duration_seconds_count {count}"
        );
        counter(
            &mut out,
            "carrefour_sparql_timeouts_total",
            "SPARQL queries cancelled by the timeout.",
            self.timeouts.load(Ordering::Relaxed),
        );
        counter(
            &mut out,
            "carrefour_sparql_rejected_total",
            "SPARQL queries refused with 429 because too many were running.",
            self.rejected.load(Ordering::Relaxed),
        );
        if let Some(quads) = store_quads {
            out.push_str("# HELP carrefour_store_quads Quads in the store.\n");
            out.push_str("# TYPE carrefour_store_quads gauge\n");
            let _ = writeln!(out, "carrefour_store_quads {quads}");
        }
        out
    }
}

fn counter(out: &mut String, name: &str, help: &str, value: u64) {
    let _ = writeln!(
        out,
        "# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}"
    );
}

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/metrics", get(metrics))
}

/// `GET /metrics`.
async fn metrics(State(state): State<AppState>) -> Response {
    let store = state.store.clone();
    let quads = tokio::task::spawn_blocking(move || store.oxigraph().len().ok())
        .await
        .ok()
        .flatten();
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        state.metrics.render(quads),
    )
        .into_response()
}

/// Middleware: counts every request by its route pattern (not its path, so
/// the label set stays small) and logs one line per request.
pub(super) async fn track(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_owned();
    let method = request.method().clone();
    let uri = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16();
    state.metrics.request(&route, status);
    tracing::info!(
        target: "carrefour::request",
        %method, path = %uri, %route, status,
        elapsed_ms = started.elapsed().as_millis() as u64,
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_histogram() {
        let metrics = Metrics::default();
        metrics.request("/sparql", 200);
        metrics.request("/sparql", 200);
        metrics.query_finished(Duration::from_millis(20));
        metrics.query_timed_out();
        let text = metrics.render(Some(42));
        assert!(text.contains("carrefour_http_requests_total{route=\"/sparql\",status=\"200\"} 2"));
        assert!(text.contains("carrefour_sparql_query_duration_seconds_bucket{le=\"0.01\"} 0"));
        assert!(text.contains("carrefour_sparql_query_duration_seconds_bucket{le=\"0.025\"} 1"));
        assert!(text.contains("carrefour_sparql_timeouts_total 1"));
        assert!(text.contains("carrefour_store_quads 42"));
    }
}
