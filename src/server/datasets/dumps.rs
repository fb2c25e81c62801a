//! `GET /dumps/carrefour.nq.gz` and `GET /dumps/{partner}.nq.gz`: the
//! files [`Store::write_dumps`](crate::store::Store::write_dumps) leaves in
//! `{data}/dumps/` after each harvest.
//!
//! - **Names**: only `[a-z0-9-]+\.nq\.gz` ([`is_dump_name`]) is looked up,
//!   so no request reaches another file (`..`, `%2F`, a `.partial` file
//!   being written…); anything else is a `404` saying what exists.
//! - **Media type**: `application/gzip`, with `Content-Disposition:
//!   attachment`. The bytes are a gzip file, and that is what the client
//!   saves. Sending `application/n-quads` with `Content-Encoding: gzip`
//!   instead would make browsers and HTTP libraries decompress on the fly
//!   and save N-Quads under a `.gz` name, and would make the `ETag` and
//!   byte ranges refer to an encoding rather than to the file. The VoID
//!   description says what is inside (`dcat:mediaType` N-Quads,
//!   `dcat:compressFormat` gzip).
//! - **Validators**: a strong `ETag` (SHA-256 of the file, computed once per
//!   path, modification time and size, then cached) and `Last-Modified`;
//!   `If-None-Match` and `If-Modified-Since` give `304`, ranges resume a
//!   download (`If-Range` with the `ETag` too). `Cache-Control: no-cache`:
//!   the file changes with every harvest, so caches revalidate.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::SystemTime;

use axum::body::Body;
use axum::extract::{Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use super::etag_matches;
use crate::server::{AppError, AppState, plain_error};
use crate::store::is_dump_name;

/// The media type of a dump file.
pub const MEDIA_TYPE: &str = "application/gzip";

/// `GET /dumps/{name}`.
pub async fn download(
    State(state): State<AppState>,
    UrlPath(name): UrlPath<String>,
    request: Request,
) -> Response {
    let Some(dir) = state.config.dumps_dir.clone() else {
        return plain_error(
            StatusCode::NOT_FOUND,
            "this server publishes no dumps (it was started without a data directory); \
             query /sparql instead",
        );
    };
    if !is_dump_name(&name) {
        return unknown_dump(&dir, &name).await;
    }
    let path = dir.join(&name);
    let hashed = {
        let path = path.clone();
        tokio::task::spawn_blocking(move || file_etag(&path)).await
    };
    let etag = match hashed {
        Ok(Ok(Some(etag))) => etag,
        Ok(Ok(None)) => return unknown_dump(&dir, &name).await,
        Ok(Err(e)) => {
            let reason = format!("cannot read the dump {}: {e}", path.display());
            return AppError::unavailable(reason).into_response();
        }
        Err(e) => return AppError::unavailable(e).into_response(),
    };
    let (mut parts, _) = request.into_parts();
    if etag_matches(&parts.headers, &etag) {
        let mut response = StatusCode::NOT_MODIFIED.into_response();
        dump_headers(response.headers_mut(), &etag, &name);
        response.headers_mut().remove(header::CONTENT_DISPOSITION);
        return response;
    }
    conditional_headers(&mut parts.headers, &etag);
    let file_request = Request::from_parts(parts, Body::empty());
    let served = match ServeFile::new(&path).oneshot(file_request).await {
        Ok(response) => response.map(Body::new),
        Err(e) => {
            let reason = format!("cannot serve {}: {e}", path.display());
            return AppError::unavailable(reason).into_response();
        }
    };
    if served.status() == StatusCode::NOT_FOUND {
        // Removed between the hash and the read: a harvest dropped the partner.
        return unknown_dump(&dir, &name).await;
    }
    let mut served = served;
    dump_headers(served.headers_mut(), &etag, &name);
    served
}

/// Leaves the file service only the conditions it can judge: with
/// `If-None-Match` (already judged here, and it did not match),
/// `If-Modified-Since` must be ignored (RFC 9110 §13.1.3); an `If-Range`
/// entity tag is judged here: the range applies only if it is ours.
fn conditional_headers(headers: &mut HeaderMap, etag: &str) {
    if headers.remove(header::IF_NONE_MATCH).is_some() {
        headers.remove(header::IF_MODIFIED_SINCE);
    }
    let if_range = headers
        .get(header::IF_RANGE)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .map(str::to_owned);
    if let Some(if_range) = if_range.filter(|v| v.starts_with('"') || v.starts_with("W/")) {
        headers.remove(header::IF_RANGE);
        if if_range != etag {
            headers.remove(header::RANGE);
        }
    }
}

fn dump_headers(headers: &mut HeaderMap, etag: &str, name: &str) {
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::ETAG, etag);
    set(header::CONTENT_TYPE, MEDIA_TYPE);
    set(header::CACHE_CONTROL, "no-cache");
    // `name` passed is_dump_name: no quote or backslash to escape.
    set(
        header::CONTENT_DISPOSITION,
        &format!("attachment; filename=\"{name}\""),
    );
}

/// `404` naming the dumps that do exist.
async fn unknown_dump(dir: &Path, name: &str) -> Response {
    let dir = dir.to_owned();
    let available = tokio::task::spawn_blocking(move || available_dumps(&dir))
        .await
        .unwrap_or_default();
    let list = if available.is_empty() {
        "none yet: dumps are written after a harvest".to_owned()
    } else {
        available
            .iter()
            .map(|n| format!("/dumps/{n}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    plain_error(
        StatusCode::NOT_FOUND,
        format!(
            "no dump is called {name:?}. Dumps are carrefour.nq.gz (everything) and \
             {{partner}}.nq.gz; available: {list}. /void lists them with their licences."
        ),
    )
}

/// The dump files in `dir`, sorted.
pub fn available_dumps(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| is_dump_name(name))
        .collect();
    names.sort_unstable();
    names
}

/// A file's version, as far as its metadata tells.
#[derive(Clone, PartialEq)]
struct Version {
    modified: SystemTime,
    size: u64,
}

/// Entity tags of the files served, by path, valid for one version.
fn cache() -> &'static Mutex<HashMap<PathBuf, (Version, String)>> {
    static CACHE: OnceLock<Mutex<HashMap<PathBuf, (Version, String)>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The strong `ETag` of the file at `path` (`None`: no such file). Hashing
/// a large dump takes a while, so it happens once per version of the file.
fn file_etag(path: &Path) -> std::io::Result<Option<String>> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) if metadata.is_file() => metadata,
        Ok(_) => return Ok(None),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e),
    };
    let version = Version {
        modified: metadata.modified()?,
        size: metadata.len(),
    };
    if let Ok(cache) = cache().lock() {
        if let Some((cached, etag)) = cache.get(path) {
            if *cached == version {
                return Ok(Some(etag.clone()));
            }
        }
    }
    let etag = hash_file(path)?;
    if let Ok(mut cache) = cache().lock() {
        cache.insert(path.to_owned(), (version, etag.clone()));
    }
    Ok(Some(etag))
}

fn hash_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0; 64 * 1024];
    loop {
        let read = file.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(super::etag_of_digest(&hasher.finalize()))
}
