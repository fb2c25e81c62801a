//! Politeness toward partner sites: what their `robots.txt` lets CarrefourBot
//! fetch (RFC 9309), and when the next request to a host may start.
//!
//! Input: the outcome of fetching `{origin}/robots.txt`, and the answers that
//! ask us to slow down (5xx, 429, `Retry-After`). Output: [`Robots`], asked per
//! URL, and each host's schedule ([`Hosts`]). Sending requests belongs to
//! `fetch`; this module only decides, so it is testable without a network.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use reqwest::header::{self, HeaderMap};
use texting_robots::Robot;
use tokio::sync::{OnceCell, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;
use url::Url;

use super::fetch::{BodyLimit, FetchError, Fetcher, Refusal, bump, origin, redirect_target};
use super::mirror;

/// The product token matched against `User-agent` lines (case-insensitive).
pub const AGENT_TOKEN: &str = "CarrefourBot";

/// Only the first 500 KiB of a robots.txt are parsed, as RFC 9309 allows:
/// a larger file is a misconfiguration, not a reason to read megabytes.
pub const MAX_ROBOTS_BYTES: usize = 500 * 1024;

/// A Crawl-delay above this is treated as this: some sites ask for hours,
/// which would stall a whole harvest; a minute per page is already very polite.
pub const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);

/// The rules of one origin, decided once per [`Fetcher`](super::Fetcher).
#[derive(Debug)]
pub enum Robots {
    /// No robots.txt (4xx), or one we could not parse: everything is allowed.
    AllowAll,
    /// The parsed group that applies to [`AGENT_TOKEN`].
    Rules(Box<Robot>),
    /// robots.txt answered 5xx or could not be reached: RFC 9309 says to
    /// assume complete disallow, since the site may be down or overloaded.
    Unreachable(String),
    /// robots.txt, or a redirect of it, is off the partner's origins or at
    /// a non-public address: it was not fetched, and neither is anything
    /// else of the origin.
    Refused {
        /// The robots.txt URL refused.
        hop: Url,
        /// Why.
        reason: Refusal,
    },
}

impl Robots {
    /// Interprets a robots.txt response that was received (after redirects).
    pub fn from_response(status: u16, body: &[u8]) -> Robots {
        match status {
            200..=299 => Robots::parse(body),
            400..=499 if status != 429 => Robots::AllowAll,
            _ => Robots::Unreachable(format!("robots.txt answered HTTP {status}")),
        }
    }

    /// Parses a robots.txt body, ignoring anything past [`MAX_ROBOTS_BYTES`].
    pub fn parse(body: &[u8]) -> Robots {
        let body = body.get(..MAX_ROBOTS_BYTES).unwrap_or(body);
        match Robot::new(AGENT_TOKEN, body) {
            Ok(robot) => Robots::Rules(Box::new(robot)),
            Err(error) => {
                tracing::warn!(%error, "unparseable robots.txt, treated as allowing everything");
                Robots::AllowAll
            }
        }
    }

    /// Whether `url` (absolute, of this origin) may be fetched.
    pub fn allows(&self, url: &Url) -> bool {
        match self {
            Robots::AllowAll => true,
            Robots::Rules(robot) => robot.allowed(url.as_str()),
            Robots::Unreachable(_) | Robots::Refused { .. } => false,
        }
    }

    /// The site's Crawl-delay, capped at [`MAX_CRAWL_DELAY`]; `None` when
    /// absent or nonsensical (negative, NaN).
    pub fn crawl_delay(&self) -> Option<Duration> {
        let Robots::Rules(robot) = self else {
            return None;
        };
        let seconds = robot.delay?;
        let capped = seconds.min(MAX_CRAWL_DELAY.as_secs_f32());
        (capped.is_finite() && capped > 0.0).then(|| Duration::from_secs_f32(capped))
    }
}

/// robots.txt rules per origin, fetched once for a [`Fetcher`](super::Fetcher)'s
/// life. The cell makes concurrent first fetches of an origin wait for one
/// robots.txt request instead of each sending their own.
#[derive(Default)]
pub struct RobotsCache(Mutex<HashMap<String, Arc<OnceCell<Arc<Robots>>>>>);

impl RobotsCache {
    /// The rules of `url`'s origin, running `load` if nobody has yet. Each
    /// `scope` (see `Fetcher::within`) has its own, since what a robots.txt
    /// redirect may reach depends on the partner.
    pub async fn get_or_load<F, Fut>(&self, scope: u64, url: &Url, load: F) -> Arc<Robots>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Robots>,
    {
        let key = format!("{scope} {}", url.origin().ascii_serialization());
        let cell = {
            let mut cells = lock(&self.0);
            Arc::clone(cells.entry(key).or_default())
        };
        let robots = cell.get_or_init(|| async { Arc::new(load().await) }).await;
        Arc::clone(robots)
    }
}

/// The robots.txt side of the [`Fetcher`].
impl Fetcher {
    /// `Ok` when robots.txt of `url`'s origin lets us fetch it.
    pub(super) async fn check_robots(&self, url: &Url) -> Result<(), FetchError> {
        let robots = self.robots_for(url).await;
        if robots.allows(url) {
            return Ok(());
        }
        if let Robots::Refused { hop, reason } = &*robots {
            return Err(FetchError::Refused {
                url: url.clone(),
                hop: hop.clone(),
                reason: reason.clone(),
            });
        }
        bump(&self.shared.stats.robots_disallowed, 1);
        Err(match &*robots {
            Robots::Unreachable(reason) => FetchError::RobotsUnreachable {
                url: url.clone(),
                reason: reason.clone(),
            },
            _ => FetchError::Disallowed { url: url.clone() },
        })
    }

    async fn robots_for(&self, url: &Url) -> Arc<Robots> {
        let load = || self.load_robots(url);
        let scope = self.scope.id;
        self.shared.robots.get_or_load(scope, url, load).await
    }

    async fn load_robots(&self, url: &Url) -> Robots {
        if let Some(file) = self.mirror.robots_file(url) {
            return match mirror::read_file(file).await {
                Ok(bytes) => Robots::parse(&bytes),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => Robots::AllowAll,
                Err(error) => Robots::Unreachable(format!("mirror robots.txt: {error}")),
            };
        }
        let robots = self.fetch_robots(url).await;
        if let Some(crawl_delay) = robots.crawl_delay() {
            self.shared.hosts.get(url).slow_down_to(crawl_delay);
        }
        tracing::debug!(origin = %origin(url), ?robots, "robots.txt");
        robots
    }

    async fn fetch_robots(&self, url: &Url) -> Robots {
        let limit = BodyLimit {
            max: MAX_ROBOTS_BYTES,
            truncate: true,
        };
        let Ok(mut current) = url.join("/robots.txt") else {
            return Robots::Unreachable(format!("no robots.txt URL for {url}"));
        };
        for _ in 0..=5 {
            let sent = match self.check_origin(&current) {
                Ok(()) => self.send(&current, None, limit).await,
                Err(refused) => Err(refused),
            };
            let raw = match sent {
                Ok(raw) => raw,
                Err(FetchError::Refused { hop, reason, .. }) => {
                    return Robots::Refused { hop, reason };
                }
                Err(error) => return Robots::Unreachable(error.to_string()),
            };
            match redirect_target(&current, &raw) {
                Some(next) if (300..=399).contains(&raw.status) => current = next,
                _ => return Robots::from_response(raw.status, &raw.body),
            }
        }
        Robots::Unreachable("robots.txt redirects more than 5 times".to_owned())
    }
}

/// A std mutex (held for a few instructions, never across `.await`) whose
/// poisoning is ignored: the guarded data stays consistent between statements.
pub fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The schedule of every host, keyed by `host:port`: politeness is owed to
/// machines, not to schemes.
pub struct Hosts {
    hosts: Mutex<HashMap<String, Arc<Host>>>,
    concurrency: usize,
    min_delay: Duration,
}

impl Hosts {
    /// Hosts allowing `concurrency` requests at once, `min_delay` apart.
    pub fn new(concurrency: usize, min_delay: Duration) -> Hosts {
        Hosts {
            hosts: Mutex::default(),
            concurrency,
            min_delay,
        }
    }

    /// The schedule of `url`'s host.
    pub fn get(&self, url: &Url) -> Arc<Host> {
        let host = url.host_str().unwrap_or_default();
        let key = format!("{host}:{}", url.port_or_known_default().unwrap_or(0));
        let mut hosts = lock(&self.hosts);
        let host = hosts.entry(key).or_insert_with(|| {
            Arc::new(Host {
                permits: Arc::new(Semaphore::new(self.concurrency)),
                next_at: Mutex::new(Instant::now()),
                delay: Mutex::new(self.min_delay),
            })
        });
        Arc::clone(host)
    }
}

/// The politeness schedule of one host.
pub struct Host {
    permits: Arc<Semaphore>,
    /// Earliest start of the next request (pushed back by delays and backoffs).
    next_at: Mutex<Instant>,
    /// max(min_delay, Crawl-delay).
    delay: Mutex<Duration>,
}

/// The right to send one request to a host; dropping it (even on
/// cancellation) schedules the next request `delay` later.
pub struct Turn {
    host: Arc<Host>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Host {
    /// Waits for a free slot and for the host's next start time.
    pub async fn turn(self: &Arc<Self>) -> Turn {
        // Acquiring fails only on a closed semaphore, and ours are never
        // closed: going on without a permit beats panicking a harvest.
        let permit = Arc::clone(&self.permits).acquire_owned().await.ok();
        let start = {
            let mut next_at = lock(&self.next_at);
            let start = (*next_at).max(Instant::now());
            *next_at = start + *lock(&self.delay);
            start
        };
        tokio::time::sleep_until(start).await;
        Turn {
            host: Arc::clone(self),
            _permit: permit,
        }
    }

    /// No request to this host before `wait` from now (backoff, Retry-After).
    pub fn defer(&self, wait: Duration) {
        let mut next_at = lock(&self.next_at);
        *next_at = (*next_at).max(Instant::now() + wait);
    }

    /// Applies a Crawl-delay if it is longer than the current delay.
    pub fn slow_down_to(&self, delay: Duration) {
        let mut current = lock(&self.delay);
        *current = (*current).max(delay);
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let delay = *lock(&self.host.delay);
        self.host.defer(delay);
    }
}

/// Statuses meaning "try again later": timeouts, rate limits, server trouble.
pub fn is_retryable(status: u16) -> bool {
    matches!(status, 408 | 429 | 500..=599)
}

/// `Retry-After` as seconds or an HTTP date.
pub fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(header::RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = httpdate::parse_http_date(value).ok()?;
    Some(date.duration_since(SystemTime::now()).unwrap_or_default())
}

/// `base * 2^attempt`, or the server's hint if longer, capped by `max`.
pub fn backoff(base: Duration, max: Duration, attempt: u32, hint: Option<Duration>) -> Duration {
    let factor = 1u32.checked_shl(attempt).unwrap_or(u32::MAX);
    let exponential = base.saturating_mul(factor);
    exponential.max(hint.unwrap_or_default()).min(max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(path: &str) -> Url {
        Url::parse("https://site.example/")
            .and_then(|base| base.join(path))
            .expect("test URL")
    }

    #[test]
    fn our_group_beats_the_star_group() {
        let robots = Robots::parse(
            b"User-agent: *\nDisallow: /\n\nUser-agent: carrefourbot\nDisallow: /admin/\n",
        );
        assert!(robots.allows(&url("/projets/a.html")));
        assert!(!robots.allows(&url("/admin/x")));
    }

    #[test]
    fn other_bots_groups_do_not_apply() {
        let robots = Robots::parse(
            b"User-agent: BadBot\nDisallow: /\n\nUser-agent: *\nDisallow: /ecrire/\n",
        );
        assert!(robots.allows(&url("/spip.php?article12")));
        assert!(!robots.allows(&url("/ecrire/")));
    }

    #[test]
    fn prefix_disallow_and_robots_itself() {
        let robots = Robots::parse(b"User-agent: *\nDisallow: /projets/brouillon-\nDisallow: /\n");
        assert!(!robots.allows(&url("/projets/brouillon-recyclerie.html")));
        assert!(robots.allows(&url("/robots.txt")));
    }

    #[test]
    fn statuses() {
        assert!(Robots::from_response(404, b"").allows(&url("/x")));
        assert!(Robots::from_response(403, b"").allows(&url("/x")));
        assert!(!Robots::from_response(500, b"").allows(&url("/x")));
        assert!(!Robots::from_response(503, b"").allows(&url("/x")));
        assert!(!Robots::from_response(429, b"").allows(&url("/x")));
        assert!(Robots::from_response(200, b"").allows(&url("/x")));
    }

    #[test]
    fn crawl_delay_is_capped() {
        let delay = |txt: &[u8]| Robots::parse(txt).crawl_delay();
        assert_eq!(
            delay(b"User-agent: *\nCrawl-delay: 2\n"),
            Some(Duration::from_secs(2))
        );
        assert_eq!(
            delay(b"User-agent: *\nCrawl-delay: 86400\n"),
            Some(MAX_CRAWL_DELAY)
        );
        assert_eq!(delay(b"User-agent: *\nDisallow: /x\n"), None);
    }

    #[test]
    fn garbage_never_panics() {
        let robots = Robots::parse(b"\x00\xFF<html>not robots</html>\nDisallow");
        assert!(robots.allows(&url("/x")));
        let huge = "Disallow: /a\n".repeat(60_000);
        let _ = Robots::parse(huge.as_bytes());
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let (base, max) = (Duration::from_millis(500), Duration::from_secs(60));
        assert_eq!(backoff(base, max, 0, None), Duration::from_millis(500));
        assert_eq!(backoff(base, max, 2, None), Duration::from_secs(2));
        assert_eq!(backoff(base, max, 40, None), max);
        let hint = Some(Duration::from_secs(7));
        assert_eq!(backoff(base, max, 0, hint), Duration::from_secs(7));
        assert_eq!(backoff(base, max, 0, Some(Duration::from_secs(3600))), max);
    }

    #[test]
    fn retry_after_forms() {
        let mut headers = HeaderMap::new();
        headers.insert(header::RETRY_AFTER, header::HeaderValue::from_static("3"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(120));
        headers.insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_str(&later).expect("date"),
        );
        let wait = retry_after(&headers).expect("parsed");
        assert!(
            wait > Duration::from_secs(100) && wait <= Duration::from_secs(120),
            "{wait:?}"
        );
        headers.insert(
            header::RETRY_AFTER,
            header::HeaderValue::from_static("soon"),
        );
        assert_eq!(retry_after(&headers), None);
    }

    #[test]
    fn retryable_statuses() {
        let retryable: Vec<u16> = [200, 304, 404, 408, 429, 500, 503]
            .into_iter()
            .filter(|&s| is_retryable(s))
            .collect();
        assert_eq!(retryable, [408, 429, 500, 503]);
    }
}
