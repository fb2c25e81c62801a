//! Responses computed from the data, kept until the data changes.
//!
//! Every write to the store bumps its revision ([`crate::store::Store::revision`]);
//! a cached response is stored under the revision its data was read at and
//! found only under that revision, so a response of an older revision is
//! never served. The first insert of a newer revision empties the cache
//! (what it held can no longer be hit). The cache is bounded by bytes, and
//! evicts by quick_cache's scan-resistant policy (S3-FIFO) when full.
//!
//! ```
//! use axum::http::StatusCode;
//! use carrefour::server::cache::{Prepared, ResponseCache};
//!
//! let cache = ResponseCache::new(1 << 20);
//! let page = Prepared::new(StatusCode::OK, "text/plain", b"hello".to_vec(), None, Vec::new());
//! cache.insert(7, "greeting", page);
//! assert!(cache.get(7, &"greeting").is_some());
//! assert!(cache.get(8, &"greeting").is_none(), "a newer revision misses");
//! ```

use std::hash::Hash;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};

use super::datasets::{etag_matches, strong_etag};

/// A response ready to send any number of times: its bytes, its headers and
/// the validators (`ETag`, `Last-Modified`) a client revalidates with.
#[derive(Debug)]
pub struct Prepared {
    status: StatusCode,
    /// Every header but `Content-Type` (a `304` carries the others).
    headers: HeaderMap,
    content_type: HeaderValue,
    body: Bytes,
    etag: String,
    last_modified: Option<DateTime<Utc>>,
}

impl Prepared {
    /// Prepares a response: the strong `ETag` is a hash of the bytes, so it
    /// changes exactly when the representation does. `headers` whose value
    /// is not a valid header value are left out.
    pub fn new(
        status: StatusCode,
        content_type: &str,
        body: Vec<u8>,
        last_modified: Option<DateTime<Utc>>,
        headers: Vec<(HeaderName, String)>,
    ) -> Self {
        let etag = strong_etag(&body);
        let mut map = HeaderMap::new();
        map.insert(
            header::ETAG,
            HeaderValue::from_str(&etag).expect("hex is a valid value"),
        );
        if let Some(at) = last_modified {
            let date = httpdate::fmt_http_date(at.into());
            map.insert(
                header::LAST_MODIFIED,
                HeaderValue::from_str(&date).expect("an HTTP date is a valid value"),
            );
        }
        for (name, value) in headers {
            if let Ok(value) = HeaderValue::from_str(&value) {
                map.append(name, value);
            }
        }
        Prepared {
            status,
            headers: map,
            content_type: HeaderValue::from_str(content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream")),
            body: Bytes::from(body),
            etag,
            last_modified,
        }
    }

    /// Its entity tag, quoted.
    pub fn etag(&self) -> &str {
        &self.etag
    }

    /// The response, or `304 Not Modified` when the client's validators
    /// (`If-None-Match`, else `If-Modified-Since`) still hold.
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let mut headers = self.headers.clone();
        if self.status == StatusCode::OK && not_modified(request, &self.etag, self.last_modified) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(header::CONTENT_TYPE, self.content_type.clone());
        (self.status, headers, self.body.clone()).into_response()
    }

    /// What it weighs in the cache: its body and a little for the rest.
    fn weight(&self) -> u64 {
        self.body.len() as u64 + 512
    }
}

/// RFC 9110 §13.2.2: `If-None-Match` wins; `If-Modified-Since` only counts
/// without it.
pub fn not_modified(request: &HeaderMap, etag: &str, last_modified: Option<DateTime<Utc>>) -> bool {
    if request.contains_key(header::IF_NONE_MATCH) {
        return etag_matches(request, etag);
    }
    let since = request
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| httpdate::parse_http_date(v).ok());
    match (since, last_modified) {
        (Some(since), Some(modified)) => {
            let modified: std::time::SystemTime = modified.into();
            // HTTP dates have whole seconds.
            modified
                .duration_since(since)
                .map_or(true, |d| d.as_secs() == 0)
        }
        _ => false,
    }
}

#[derive(Clone)]
struct ByBytes;

impl<K> quick_cache::Weighter<K, Arc<Prepared>> for ByBytes {
    fn weight(&self, _: &K, value: &Arc<Prepared>) -> u64 {
        value.weight()
    }
}

/// Prepared responses by (data revision, what was asked), at most a given
/// number of bytes.
pub struct ResponseCache<K> {
    entries: quick_cache::sync::Cache<(u64, K), Arc<Prepared>, ByBytes>,
    /// The newest revision inserted so far.
    newest: AtomicU64,
}

impl<K: Eq + Hash + Clone> ResponseCache<K> {
    /// An empty cache holding at most `bytes` of responses.
    pub fn new(bytes: u64) -> Self {
        // quick_cache sizes its tables from an item estimate: documents
        // weigh a few kilobytes.
        let items = (bytes / 4096).clamp(16, 1 << 20) as usize;
        ResponseCache {
            entries: quick_cache::sync::Cache::with_weighter(items, bytes, ByBytes),
            newest: AtomicU64::new(0),
        }
    }

    /// The response cached for `key` at `revision`.
    pub fn get(&self, revision: u64, key: &K) -> Option<Arc<Prepared>> {
        self.entries.get(&(revision, key.clone()))
    }

    /// Caches `response` for `key`, computed from the data at `revision`
    /// (read *before* the data was). Returns it, shared.
    pub fn insert(&self, revision: u64, key: K, response: Prepared) -> Arc<Prepared> {
        let response = Arc::new(response);
        let newest = self.newest.fetch_max(revision, Ordering::SeqCst);
        if revision > newest {
            // Nothing older can be asked for again: make room at once.
            self.entries.clear();
        }
        if revision >= newest {
            self.entries.insert((revision, key), Arc::clone(&response));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(text: &str) -> Prepared {
        Prepared::new(
            StatusCode::OK,
            "text/plain",
            text.as_bytes().to_vec(),
            None,
            Vec::new(),
        )
    }

    #[test]
    fn a_newer_revision_empties_and_an_older_one_is_not_kept() {
        let cache = ResponseCache::new(1 << 20);
        cache.insert(1, "a", page("one"));
        cache.insert(2, "b", page("two"));
        assert!(
            cache.get(1, &"a").is_none(),
            "revision 2 emptied revision 1"
        );
        // A response computed before revision 2, finishing after it.
        cache.insert(1, "a", page("late"));
        assert!(cache.get(1, &"a").is_none());
        assert_eq!(cache.get(2, &"b").unwrap().body, Bytes::from("two"));
    }

    #[test]
    fn the_cache_keeps_within_its_bytes() {
        let cache = ResponseCache::new(64 * 1024);
        for i in 0..1000 {
            cache.insert(1, i, page(&"x".repeat(1000)));
        }
        assert!(
            cache.entries.weight() <= 64 * 1024,
            "{}",
            cache.entries.weight()
        );
        assert!(cache.entries.len() > 10);
    }

    #[test]
    fn validators_give_304_and_other_tags_the_body() {
        let prepared = page("hello");
        let mut request = HeaderMap::new();
        request.insert(
            header::IF_NONE_MATCH,
            HeaderValue::from_str(prepared.etag()).unwrap(),
        );
        assert_eq!(
            prepared.respond(&request).status(),
            StatusCode::NOT_MODIFIED
        );
        request.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        let response = prepared.respond(&request);
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()[header::CONTENT_TYPE], "text/plain");
    }
}
