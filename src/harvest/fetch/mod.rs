//! The polite, robust HTTP client of the harvester.
//!
//! Input: URLs of partner sites. Output: decoded [`Page`]s, or a
//! [`FetchError`] naming the URL. Partners are small associations on shared
//! hosting: we must never hammer them (robots.txt, one request at a time per
//! host, a delay between requests, backing off when they struggle) and never
//! let one broken site stall or crash a harvest (timeouts, size caps, bounded
//! retries and redirects). Nor may a harvest be steered off the partner's
//! site or into our own network: a fetcher made [`Fetcher::within`] the
//! partner's origins refuses every hop off them, and every connection goes
//! to a public address only ([`crate::net`]; loopback by opt-in, for tests).
//! A fetcher made [`Fetcher::rendering`] with [`Render::Browser`] renders
//! pages in headless Chromium (`render`), every request of the page still
//! going through these rules. This module knows nothing of mappings (but
//! their [`Render`] mode) or records.
// FetchError's shape (a URL in every variant, Clone) is the agreed API, and
// errors happen once per page, far from any hot path.
#![allow(clippy::result_large_err)]

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::header::{self, HeaderMap};
use url::Url;

mod browser;
mod error;
mod intercept;
mod render;

pub use browser::CHROMIUM_VARIABLE;
use error::network_error;
pub(super) use error::origin;
pub use error::{FetchError, Refusal};
pub use error::{error_chain, joined_chain};
pub use render::RenderPolicy;

use super::charset;
use super::mirror::Mirror;
use super::origins::Origins;
use super::robots::{self, Hosts, RobotsCache};
pub use crate::mapping::Render;
use crate::net::AddressPolicy;

/// How the [`Fetcher`] treats partner sites. Defaults are for production;
/// tests shrink the durations.
#[derive(Debug, Clone)]
pub struct FetchPolicy {
    /// Sent with every request, so webmasters can identify and contact us.
    pub user_agent: String,
    /// Minimum time between two requests to one host; a larger robots.txt
    /// `Crawl-delay` (capped at 60 s) wins.
    pub min_delay: Duration,
    /// Requests in flight at once to one host; many hosts run in parallel.
    pub per_host_concurrency: usize,
    /// Retries after 5xx, 408, 429, timeouts and connection errors.
    pub max_retries: u32,
    /// First backoff; doubles with each retry.
    pub backoff_base: Duration,
    /// Cap on any backoff, including a server's `Retry-After`.
    pub max_backoff: Duration,
    /// Time allowed to establish a connection.
    pub connect_timeout: Duration,
    /// Time allowed for one whole request, body included.
    pub timeout: Duration,
    /// Larger bodies are abandoned ([`FetchError::TooLarge`]).
    pub max_body_bytes: usize,
    /// Redirects followed before [`FetchError::TooManyRedirects`].
    pub max_redirects: usize,
    /// Connect to loopback addresses (`127.0.0.0/8`, `::1`) too: for tests
    /// and local mirrors served on this machine (`--allow-loopback`), never
    /// in production. Private and link-local addresses stay refused.
    pub allow_loopback: bool,
    /// How pages are rendered by a fetcher in [`Render::Browser`] mode.
    pub render: RenderPolicy,
}

impl Default for FetchPolicy {
    fn default() -> Self {
        FetchPolicy {
            user_agent: "CarrefourBot/0.1 (+https://w3id.org/carrefour/bot)".to_owned(),
            min_delay: Duration::from_secs(1),
            per_host_concurrency: 1,
            max_retries: 3,
            backoff_base: Duration::from_millis(500),
            max_backoff: Duration::from_secs(60),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 5 * 1024 * 1024,
            max_redirects: 5,
            allow_loopback: false,
            render: RenderPolicy::default(),
        }
    }
}

/// What a previous fetch of a page returned, so a re-harvest can ask "has it
/// changed?" and skip unchanged pages (HTTP conditional GET).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    /// The `ETag` header, sent back as `If-None-Match`.
    pub etag: Option<String>,
    /// The `Last-Modified` header, sent back as `If-Modified-Since`.
    pub last_modified: Option<String>,
}

/// The outcome of a successful fetch.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)] // matched by callers; a Box would only add indirection
pub enum Response {
    /// The page, changed or fetched for the first time.
    Fresh(Page),
    /// The server (or mirror) says the page matches the validators sent.
    NotModified,
}

/// A fetched page, decoded.
#[derive(Debug, Clone)]
pub struct Page {
    /// Final URL after redirects (the partner's URL, even from a mirror).
    pub url: Url,
    /// HTTP status (2xx).
    pub status: u16,
    /// Lowercase media type without parameters, e.g. `text/html`.
    pub media_type: String,
    /// The body decoded to text (see `charset::decode`).
    pub text: String,
    /// Name of the encoding used, e.g. `UTF-8`, `windows-1252`.
    pub encoding: &'static str,
    /// To send with the next fetch of this URL.
    pub validators: Validators,
    /// Body size in bytes, before decoding.
    pub bytes: usize,
}

/// Counters since the [`Fetcher`] was created, for the harvest report.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct FetchStats {
    /// Requests sent (robots.txt and retries included) and mirror files read.
    pub requests: u64,
    /// Requests repeated after a transient failure.
    pub retries: u64,
    /// Fetches answered "not modified".
    pub not_modified: u64,
    /// Body bytes received.
    pub bytes: u64,
    /// Fetches that ended in an error (robots refusals included).
    pub errors: u64,
    /// Fetches refused by robots.txt (including unreachable robots.txt).
    pub robots_disallowed: u64,
    /// Fetches refused because a hop left the partner's origins or led to
    /// a non-public address (nothing fetched, no connection made).
    pub refused: u64,
}

/// Fetches partner pages politely. Cheap to clone: clones share the robots.txt
/// cache, the per-host schedule and the counters, so one `Fetcher` serves a
/// whole harvest across partners and tasks; [`Fetcher::within`] gives a
/// clone limited to one partner's origins, [`Fetcher::rendering`] one that
/// renders pages in a browser.
#[derive(Clone)]
pub struct Fetcher {
    pub(super) shared: Arc<Shared>,
    pub(super) mirror: Arc<Mirror>,
    pub(super) scope: Arc<Scope>,
    render: Render,
    /// The `Accept` header sent, if any ([`Fetcher::accepting`]).
    accept: Option<&'static str>,
}

/// Where a fetcher may go: anywhere public (`origins` is `None`), or only
/// on one partner's origins. The id keeps robots.txt decisions of one scope
/// (a robots.txt redirect refused there) from answering for another. The
/// scope's browser, started on the first page rendered, closes when the
/// last clone of the scope is dropped (or at [`Fetcher::close_browser`]).
#[derive(Default)]
pub(super) struct Scope {
    pub(super) id: u64,
    origins: Option<Origins>,
    browser: browser::Slot,
}

/// Ids of scopes; 0 is the unrestricted one.
static SCOPES: AtomicU64 = AtomicU64::new(1);

/// What clones of a [`Fetcher`] share. The `impl Fetcher` is split by
/// concern: HTTP here, robots.txt in `robots`, mirror files in `mirror`.
pub(super) struct Shared {
    pub(super) policy: FetchPolicy,
    addresses: AddressPolicy,
    client: reqwest::Client,
    pub(super) hosts: Hosts,
    pub(super) robots: RobotsCache,
    pub(super) stats: Counters,
}

#[derive(Default)]
pub(super) struct Counters {
    pub(super) requests: AtomicU64,
    retries: AtomicU64,
    not_modified: AtomicU64,
    pub(super) bytes: AtomicU64,
    errors: AtomicU64,
    pub(super) robots_disallowed: AtomicU64,
    refused: AtomicU64,
}

pub(super) fn bump(counter: &AtomicU64, by: u64) {
    counter.fetch_add(by, Ordering::Relaxed);
}

/// How much of a body to accept.
#[derive(Clone, Copy)]
pub(super) struct BodyLimit {
    pub(super) max: usize,
    /// Keep the first `max` bytes instead of failing (robots.txt).
    pub(super) truncate: bool,
}

/// A received answer, before interpretation.
pub(super) struct Raw {
    pub(super) status: u16,
    pub(super) headers: HeaderMap,
    pub(super) body: Vec<u8>,
}

impl Fetcher {
    /// A fetcher with its own HTTP client and empty caches.
    pub fn new(policy: FetchPolicy) -> Result<Fetcher, FetchError> {
        if policy.per_host_concurrency == 0 {
            let reason = "per_host_concurrency is 0: set it to at least 1".to_owned();
            return Err(FetchError::Client { reason });
        }
        // Another part of the program may have installed it already: fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let addresses = AddressPolicy {
            allow_loopback: policy.allow_loopback,
        };
        let client = addresses
            .guard(reqwest::Client::builder())
            .user_agent(policy.user_agent.clone())
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(policy.connect_timeout)
            .timeout(policy.timeout)
            .build()
            .map_err(|error| FetchError::Client {
                reason: error_chain(&error),
            })?;
        let shared = Shared {
            addresses,
            client,
            hosts: Hosts::new(policy.per_host_concurrency, policy.min_delay),
            robots: RobotsCache::default(),
            stats: Counters::default(),
            policy,
        };
        Ok(Fetcher {
            shared: Arc::new(shared),
            mirror: Arc::new(Mirror::new()),
            scope: Arc::default(),
            render: Render::Http,
            accept: None,
        })
    }

    /// This fetcher, going only to `origins` (one partner's): every hop off
    /// them is refused ([`FetchError::Refused`]) before anything is sent.
    pub fn within(&self, origins: Origins) -> Fetcher {
        let scope = Scope {
            id: SCOPES.fetch_add(1, Ordering::Relaxed),
            origins: Some(origins),
            browser: browser::Slot::default(),
        };
        Fetcher {
            scope: Arc::new(scope),
            ..self.clone()
        }
    }

    /// This fetcher, asking for `media_types` (an `Accept` header): linked
    /// data sources serve RDF and HTML at the same URL.
    pub fn accepting(&self, media_types: &'static str) -> Fetcher {
        Fetcher {
            accept: Some(media_types),
            ..self.clone()
        }
    }

    /// Serves the mirror's origins from local files instead of the network.
    pub fn with_mirror(self, mirror: Mirror) -> Fetcher {
        Fetcher {
            mirror: Arc::new(mirror),
            ..self
        }
    }

    /// GET `url`: robots.txt checked (cached per origin for the Fetcher's
    /// life), per-host politeness delay and concurrency, retries with backoff,
    /// redirects limited, size capped, body decoded to text.
    /// With `validators`, sends If-None-Match / If-Modified-Since and returns
    /// [`Response::NotModified`] on 304. A [`Fetcher::rendering`] fetcher
    /// in browser mode returns the rendered DOM of HTML pages instead, and
    /// ignores `validators`.
    #[tracing::instrument(skip(self, validators), fields(url = %url))]
    pub async fn fetch(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        let result = match self.render {
            Render::Http => self.fetch_http(url, validators).await,
            Render::Browser => self.render(url).await,
        };
        self.account(result)
    }

    /// [`Fetcher::fetch`] over HTTP, not counted yet in the statistics.
    pub(super) async fn fetch_http(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        self.follow(url, validators)
            .await
            .map_err(|error| error.asked_for(url))
    }

    /// Counts the outcome of a fetch in the statistics.
    pub(super) fn account(
        &self,
        result: Result<Response, FetchError>,
    ) -> Result<Response, FetchError> {
        let stats = &self.shared.stats;
        match &result {
            Ok(Response::NotModified) => bump(&stats.not_modified, 1),
            Ok(Response::Fresh(_)) => {}
            Err(error) => {
                if matches!(error, FetchError::Refused { .. }) {
                    bump(&stats.refused, 1);
                }
                bump(&stats.errors, 1);
                tracing::debug!(%error, "fetch failed");
            }
        }
        result
    }

    /// Spaces requests to `url`'s host at least `delay` apart (a partner's
    /// own `politeness.delay_seconds`); robots.txt's Crawl-delay still wins
    /// when longer. Mirrored origins are never delayed.
    pub fn slow_down(&self, url: &Url, delay: Duration) {
        self.shared.hosts.get(url).slow_down_to(delay);
    }

    /// Counters since creation.
    pub fn stats(&self) -> FetchStats {
        let counters = &self.shared.stats;
        let get = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
        FetchStats {
            requests: get(&counters.requests),
            retries: get(&counters.retries),
            not_modified: get(&counters.not_modified),
            bytes: get(&counters.bytes),
            errors: get(&counters.errors),
            robots_disallowed: get(&counters.robots_disallowed),
            refused: get(&counters.refused),
        }
    }

    /// `Ok` when `hop` is within this fetcher's origins (always, unscoped).
    pub(super) fn check_origin(&self, hop: &Url) -> Result<(), FetchError> {
        match &self.scope.origins {
            Some(origins) if !origins.permits(hop) => Err(FetchError::Refused {
                url: hop.clone(),
                hop: hop.clone(),
                reason: Refusal::OffOrigin {
                    allowed: origins.to_string(),
                },
            }),
            _ => Ok(()),
        }
    }

    /// Fetches `url`, following redirects ourselves so that every hop is
    /// checked against the partner's origins, its own robots.txt and host
    /// schedule; a mirrored hop is read from disk, but only once allowed.
    async fn follow(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        let policy = &self.shared.policy;
        let limit = BodyLimit {
            max: policy.max_body_bytes,
            truncate: false,
        };
        let mut current = url.clone();
        for _ in 0..=policy.max_redirects {
            self.check_origin(&current)?;
            if self.mirror.covers(&current) {
                return self.fetch_mirrored(&current, validators).await;
            }
            self.check_robots(&current).await?;
            let raw = self.send(&current, validators, limit).await?;
            match (raw.status, redirect_target(&current, &raw)) {
                (304, _) if validators.is_some() => return Ok(Response::NotModified),
                (200..=299, _) => return Ok(Response::Fresh(charset::page(current, raw))),
                (300..=399, Some(next)) => current = next,
                (status, _) => {
                    return Err(FetchError::Status {
                        url: current,
                        status,
                    });
                }
            }
        }
        Err(FetchError::TooManyRedirects { url: url.clone() })
    }

    /// One request with retries on transient failures; a final retryable
    /// status is returned as a response for the caller to judge.
    pub(super) async fn send(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        limit: BodyLimit,
    ) -> Result<Raw, FetchError> {
        check_scheme(url)?;
        // reqwest connects to an IP literal without asking the resolver.
        self.shared
            .addresses
            .check_literal(url)
            .map_err(|refused| FetchError::Refused {
                url: url.clone(),
                hop: url.clone(),
                reason: Refusal::Address(refused),
            })?;
        let policy = &self.shared.policy;
        let host = self.shared.hosts.get(url);
        let mut attempt: u32 = 0;
        loop {
            let outcome = {
                let _turn = host.turn().await;
                bump(&self.shared.stats.requests, 1);
                let request = self.attempt(url, validators, limit);
                tokio::time::timeout(policy.timeout, request)
                    .await
                    .unwrap_or_else(|_| Err(FetchError::Timeout { url: url.clone() }))
            };
            let (retryable, hint) = match &outcome {
                Ok(raw) => (
                    robots::is_retryable(raw.status),
                    robots::retry_after(&raw.headers),
                ),
                Err(error) => (error.is_transient(), None),
            };
            if !retryable || attempt >= policy.max_retries {
                return outcome;
            }
            let wait = robots::backoff(policy.backoff_base, policy.max_backoff, attempt, hint);
            tracing::debug!(%url, attempt, ?wait, "transient failure, retrying");
            host.defer(wait);
            bump(&self.shared.stats.retries, 1);
            attempt += 1;
        }
    }

    async fn attempt(
        &self,
        url: &Url,
        validators: Option<&Validators>,
        limit: BodyLimit,
    ) -> Result<Raw, FetchError> {
        let mut request = self.shared.client.get(url.clone());
        if let Some(accept) = self.accept {
            request = request.header(header::ACCEPT, accept);
        }
        if let Some(validators) = validators {
            if let Some(etag) = &validators.etag {
                request = request.header(header::IF_NONE_MATCH, etag);
            }
            if let Some(date) = &validators.last_modified {
                request = request.header(header::IF_MODIFIED_SINCE, date);
            }
        }
        let mut response = request.send().await.map_err(|e| network_error(url, &e))?;
        let status = response.status();
        let headers = response.headers().clone();
        let mut body = Vec::new();
        if status.is_success() {
            body = self.read_body(url, &mut response, limit).await?;
        }
        Ok(Raw {
            status: status.as_u16(),
            headers,
            body,
        })
    }

    /// Streams the body, abandoning it (or, for robots.txt, cutting it) past
    /// the limit, so a huge or endless answer costs at most `limit` bytes.
    async fn read_body(
        &self,
        url: &Url,
        response: &mut reqwest::Response,
        limit: BodyLimit,
    ) -> Result<Vec<u8>, FetchError> {
        let too_large = || FetchError::TooLarge {
            url: url.clone(),
            limit: limit.max,
        };
        let declared = response.content_length().unwrap_or(0);
        if declared > limit.max as u64 && !limit.truncate {
            return Err(too_large());
        }
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|e| network_error(url, &e))? {
            bump(&self.shared.stats.bytes, chunk.len() as u64);
            let room = limit.max.saturating_sub(body.len());
            if chunk.len() > room {
                if !limit.truncate {
                    return Err(too_large());
                }
                body.extend_from_slice(&chunk[..room]);
                break;
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}

fn check_scheme(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "http" | "https" => Ok(()),
        other => Err(FetchError::Network {
            url: url.clone(),
            reason: format!("the `{other}` scheme is not fetched; only http and https are"),
        }),
    }
}

/// The resolved `Location` of a redirect status, if any.
pub(super) fn redirect_target(base: &Url, raw: &Raw) -> Option<Url> {
    let is_redirect = matches!(raw.status, 301 | 302 | 303 | 307 | 308);
    let location = raw.headers.get(header::LOCATION)?.to_str().ok()?;
    is_redirect.then(|| base.join(location).ok()).flatten()
}
