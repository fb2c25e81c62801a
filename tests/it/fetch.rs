//! The fetcher against a misbehaving loopback server and the fixture mirrors.
//!
//! Durations are tiny so the file runs in seconds; timing assertions are only
//! generous lower bounds (a loaded machine can be slow, never early).

use crate::fault_server;

use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use axum::routing::get;
use carrefour::harvest::{FetchError, FetchPolicy, Fetcher, Mirror, Page, Response, Validators};
use fault_server::{flaky, page_server, robots, serve, serve_endless};
use url::Url;

const FRENCH: &str = "Économie solidaire à Saint-Étienne, cœur";

fn policy() -> FetchPolicy {
    FetchPolicy {
        min_delay: Duration::ZERO,
        max_retries: 3,
        backoff_base: Duration::from_millis(10),
        max_backoff: Duration::from_secs(2),
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        // The fault server listens on 127.0.0.1.
        allow_loopback: true,
        ..FetchPolicy::default()
    }
}

fn fetcher() -> Fetcher {
    Fetcher::new(policy()).expect("fetcher")
}

fn fresh(response: Result<Response, FetchError>) -> Page {
    match response {
        Ok(Response::Fresh(page)) => page,
        other => panic!("expected a fresh page, got {other:?}"),
    }
}

/// Windows-1252 bytes of `text` (French has no character outside it but œ,
/// which windows-1252 has).
fn latin1(text: &str) -> Vec<u8> {
    encoding_rs::WINDOWS_1252.encode(text).0.into_owned()
}

// ---------------------------------------------------------------- robots.txt

#[tokio::test]
async fn robots_disallow_is_obeyed_without_asking_for_the_page() {
    let router = robots("User-agent: *\nDisallow: /private/\n")
        .route("/private/page", get(|| async { "secret" }));
    let server = serve(router).await;
    let fetcher = fetcher();
    let error = fetcher
        .fetch(&server.url("/private/page"), None)
        .await
        .expect_err("disallowed");
    assert!(matches!(error, FetchError::Disallowed { .. }), "{error}");
    assert!(
        error
            .to_string()
            .contains("robots.txt of http://127.0.0.1:"),
        "{error}"
    );
    assert_eq!(server.log.paths(), ["/robots.txt"]);
    assert_eq!(fetcher.stats().robots_disallowed, 1);
    assert_eq!(fetcher.stats().errors, 1);
}

#[test]
fn zero_concurrency_is_refused_with_advice() {
    let policy = FetchPolicy {
        per_host_concurrency: 0,
        ..policy()
    };
    let error = Fetcher::new(policy).err().expect("refused");
    assert!(
        error.to_string().contains("set it to at least 1"),
        "{error}"
    );
}

#[tokio::test]
async fn robots_500_disallows_everything() {
    let router = Router::new()
        .route(
            "/robots.txt",
            get(|| async { StatusCode::INTERNAL_SERVER_ERROR }),
        )
        .route("/page", get(|| async { "page" }));
    let server = serve(router).await;
    let fetcher = Fetcher::new(FetchPolicy {
        max_retries: 1,
        ..policy()
    })
    .expect("fetcher");
    let error = fetcher
        .fetch(&server.url("/page"), None)
        .await
        .expect_err("unreachable robots");
    assert!(
        matches!(error, FetchError::RobotsUnreachable { .. }),
        "{error}"
    );
    assert_eq!(server.log.hits("/page"), 0);
    assert_eq!(server.log.hits("/robots.txt"), 2, "one retry of robots.txt");
    // Cached: a second page does not ask robots.txt again.
    let _ = fetcher.fetch(&server.url("/other"), None).await;
    assert_eq!(server.log.hits("/robots.txt"), 2);
}

#[tokio::test]
async fn robots_404_allows_everything() {
    let server = serve(Router::new().route("/page", get(|| async { "page" }))).await;
    let fetcher = fetcher();
    let page = fresh(fetcher.fetch(&server.url("/page"), None).await);
    assert_eq!(page.text, "page");
    assert_eq!(server.log.paths(), ["/robots.txt", "/page"]);
}

#[tokio::test]
async fn crawl_delay_spaces_requests_to_a_host() {
    let router =
        robots("User-agent: *\nCrawl-delay: 1\n").route("/p/{n}", get(|| async { "page" }));
    let server = serve(router).await;
    let fetcher = fetcher();
    fresh(fetcher.fetch(&server.url("/p/1"), None).await);
    fresh(fetcher.fetch(&server.url("/p/2"), None).await);
    let (first, second) = (server.log.times("/p/1")[0], server.log.times("/p/2")[0]);
    let gap = second.duration_since(first);
    assert!(
        gap >= Duration::from_millis(950),
        "Crawl-delay: 1 but only {gap:?} between requests"
    );
}

#[tokio::test]
async fn user_agent_is_sent_with_every_request() {
    let server = page_server("page").await;
    fresh(fetcher().fetch(&server.url("/page"), None).await);
    let agents: Vec<_> = server
        .log
        .seen()
        .into_iter()
        .map(|seen| seen.user_agent)
        .collect();
    let ours = Some(FetchPolicy::default().user_agent);
    assert_eq!(agents, [ours.clone(), ours], "robots.txt and page");
}

// ------------------------------------------------------------------- retries

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let server = serve(flaky(
        1,
        StatusCode::TOO_MANY_REQUESTS,
        &[("retry-after", "1")],
    ))
    .await;
    let fetcher = fetcher();
    let page = fresh(fetcher.fetch(&server.url("/flaky"), None).await);
    assert_eq!(page.text, "finally");
    let times = server.log.times("/flaky");
    assert_eq!(times.len(), 2);
    let waited = times[1].duration_since(times[0]);
    assert!(
        waited >= Duration::from_millis(950),
        "Retry-After: 1 but retried after {waited:?}"
    );
    assert_eq!(fetcher.stats().retries, 1);
}

#[tokio::test]
async fn two_503_then_200_is_retried_twice() {
    let server = serve(flaky(2, StatusCode::SERVICE_UNAVAILABLE, &[])).await;
    let fetcher = fetcher();
    let page = fresh(fetcher.fetch(&server.url("/flaky"), None).await);
    assert_eq!((page.status, page.text.as_str()), (200, "finally"));
    assert_eq!(server.log.hits("/flaky"), 3);
    let stats = fetcher.stats();
    assert_eq!((stats.retries, stats.errors), (2, 0));
    assert_eq!(stats.requests, 4, "robots.txt + 3 attempts");
}

#[tokio::test]
async fn persistent_500_gives_a_status_error_after_retries() {
    let server = serve(flaky(usize::MAX, StatusCode::INTERNAL_SERVER_ERROR, &[])).await;
    let fetcher = fetcher();
    let error = fetcher
        .fetch(&server.url("/flaky"), None)
        .await
        .expect_err("500");
    assert!(
        matches!(error, FetchError::Status { status: 500, .. }),
        "{error}"
    );
    assert_eq!(server.log.hits("/flaky"), 4, "1 attempt + 3 retries");
}

#[tokio::test]
async fn not_found_is_not_retried() {
    let server = page_server("page").await;
    let fetcher = fetcher();
    let error = fetcher
        .fetch(&server.url("/missing"), None)
        .await
        .expect_err("404");
    assert!(
        matches!(error, FetchError::Status { status: 404, .. }),
        "{error}"
    );
    assert!(
        error.to_string().contains("/missing answered HTTP 404"),
        "{error}"
    );
    assert_eq!(server.log.hits("/missing"), 1);
    assert_eq!(fetcher.stats().retries, 0);
}

#[tokio::test]
async fn slow_response_times_out_after_retries() {
    let slow = || async {
        tokio::time::sleep(Duration::from_secs(10)).await;
        "too late"
    };
    let server = serve(Router::new().route("/slow", get(slow))).await;
    let policy = FetchPolicy {
        timeout: Duration::from_millis(300),
        max_retries: 1,
        ..policy()
    };
    let fetcher = Fetcher::new(policy).expect("fetcher");
    let error = fetcher
        .fetch(&server.url("/slow"), None)
        .await
        .expect_err("timeout");
    assert!(matches!(error, FetchError::Timeout { .. }), "{error}");
    assert_eq!(server.log.hits("/slow"), 2);
}

#[tokio::test]
async fn unreachable_host_is_refused_as_robots_unreachable() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = Url::parse(&format!(
        "http://{}/page",
        listener.local_addr().expect("addr")
    ))
    .expect("url");
    drop(listener);
    let fetcher = Fetcher::new(FetchPolicy {
        max_retries: 0,
        ..policy()
    })
    .expect("fetcher");
    let error = fetcher.fetch(&url, None).await.expect_err("refused");
    assert!(
        matches!(error, FetchError::RobotsUnreachable { .. }),
        "{error}"
    );
}

// ------------------------------------------------------ redirects and limits

#[tokio::test]
async fn redirects_are_followed_and_loops_stopped() {
    let router = Router::new()
        .route("/old", get(|| async { Redirect::permanent("/new") }))
        .route("/new", get(|| async { "new home" }))
        .route("/loop-a", get(|| async { Redirect::temporary("/loop-b") }))
        .route("/loop-b", get(|| async { Redirect::temporary("/loop-a") }));
    let server = serve(router).await;
    let fetcher = fetcher();
    let page = fresh(fetcher.fetch(&server.url("/old"), None).await);
    assert_eq!(
        (page.url, page.text.as_str()),
        (server.url("/new"), "new home")
    );

    let error = fetcher
        .fetch(&server.url("/loop-a"), None)
        .await
        .expect_err("loop");
    assert!(
        matches!(error, FetchError::TooManyRedirects { .. }),
        "{error}"
    );
    let hops = server.log.hits("/loop-a") + server.log.hits("/loop-b");
    assert_eq!(hops, 6, "the first request and 5 redirects");
}

#[tokio::test]
async fn a_50_mb_stream_is_abandoned() {
    let total = 50 * 1024 * 1024;
    let (base, written, task) = serve_endless(total).await;
    let limit = 1024 * 1024;
    let fetcher = Fetcher::new(FetchPolicy {
        max_body_bytes: limit,
        ..policy()
    })
    .expect("fetcher");
    for path in ["/streamed", "/declared"] {
        let url = base.join(path).expect("url");
        let error = fetcher.fetch(&url, None).await.expect_err("too large");
        assert!(
            matches!(error, FetchError::TooLarge { limit: 1048576, .. }),
            "{path}: {error}"
        );
    }
    assert!(
        fetcher.stats().bytes <= limit as u64 + 64 * 1024,
        "read {} bytes",
        fetcher.stats().bytes
    );
    tokio::time::sleep(Duration::from_millis(100)).await;
    let sent = written.load(Ordering::SeqCst);
    assert!(
        sent < total,
        "the server could send all {sent} bytes: the body was read whole"
    );
    task.abort();
}

// ------------------------------------------------------------ body and text

#[tokio::test]
async fn broken_html_passes_through_untouched() {
    let broken = "<html><body><div class=\"titre\"><p>Écrit à Lyon<p>pas fermé<table><tr><td>";
    let server = page_server(broken).await;
    let page = fresh(fetcher().fetch(&server.url("/page"), None).await);
    assert_eq!(page.text, broken);
    assert_eq!(page.bytes, broken.len());
}

#[tokio::test]
async fn wrong_header_charset_is_corrected() {
    let handler = || async {
        let body = format!("<p>{FRENCH}. Une épicerie coopérative où l'on achète ensemble.</p>");
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            latin1(&body),
        )
    };
    let server = serve(Router::new().route("/latin", get(handler))).await;
    let page = fresh(fetcher().fetch(&server.url("/latin"), None).await);
    assert!(page.text.contains(FRENCH), "{}", page.text);
    assert_eq!(
        (page.encoding, page.media_type.as_str()),
        ("windows-1252", "text/html")
    );
}

#[tokio::test]
async fn meta_charset_without_content_type_header() {
    let handler = || async {
        let html = format!(
            "<html><head><meta charset=\"windows-1252\"></head><body>{FRENCH}</body></html>"
        );
        axum::http::Response::new(Body::from(latin1(&html)))
    };
    let server = serve(Router::new().route("/meta", get(handler))).await;
    let page = fresh(fetcher().fetch(&server.url("/meta"), None).await);
    assert!(page.text.contains(FRENCH), "{}", page.text);
    assert_eq!(
        (page.encoding, page.media_type.as_str()),
        ("windows-1252", "text/html")
    );
}

// -------------------------------------------------------- conditional GET

#[tokio::test]
async fn etag_gives_not_modified() {
    let handler = |headers: HeaderMap| async move {
        if headers
            .get(header::IF_NONE_MATCH)
            .is_some_and(|tag| tag == "\"v1\"")
        {
            return StatusCode::NOT_MODIFIED.into_response();
        }
        ([(header::ETAG, "\"v1\"")], "version 1").into_response()
    };
    let server = serve(Router::new().route("/etag", get(handler))).await;
    let fetcher = fetcher();
    let page = fresh(fetcher.fetch(&server.url("/etag"), None).await);
    assert_eq!(page.validators.etag.as_deref(), Some("\"v1\""));
    let again = fetcher
        .fetch(&server.url("/etag"), Some(&page.validators))
        .await;
    assert!(matches!(again, Ok(Response::NotModified)), "{again:?}");
    assert_eq!(fetcher.stats().not_modified, 1);
    let stale = Validators {
        etag: Some("\"v0\"".into()),
        last_modified: None,
    };
    fresh(fetcher.fetch(&server.url("/etag"), Some(&stale)).await);
}

#[tokio::test]
async fn last_modified_gives_not_modified() {
    const DATE: &str = "Tue, 04 Mar 2025 10:00:00 GMT";
    let handler = |headers: HeaderMap| async move {
        if headers
            .get(header::IF_MODIFIED_SINCE)
            .is_some_and(|date| date == DATE)
        {
            return StatusCode::NOT_MODIFIED.into_response();
        }
        ([(header::LAST_MODIFIED, DATE)], "dated").into_response()
    };
    let server = serve(Router::new().route("/dated", get(handler))).await;
    let fetcher = fetcher();
    let page = fresh(fetcher.fetch(&server.url("/dated"), None).await);
    assert_eq!(
        page.validators,
        Validators {
            etag: None,
            last_modified: Some(DATE.into())
        }
    );
    let again = fetcher
        .fetch(&server.url("/dated"), Some(&page.validators))
        .await;
    assert!(matches!(again, Ok(Response::NotModified)), "{again:?}");
}

// -------------------------------------------------------------- politeness

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_request_at_a_time_per_host() {
    let slow = || async {
        tokio::time::sleep(Duration::from_millis(30)).await;
        "page"
    };
    let server = serve(Router::new().route("/p/{n}", get(slow))).await;
    let fetcher = fetcher();
    let mut tasks = tokio::task::JoinSet::new();
    for n in 0..10 {
        let (fetcher, url) = (fetcher.clone(), server.url(&format!("/p/{n}")));
        tasks.spawn(async move { fetcher.fetch(&url, None).await.map(|_| ()) });
    }
    while let Some(result) = tasks.join_next().await {
        result.expect("task").expect("fetch");
    }
    assert_eq!(
        server.log.paths().len(),
        11,
        "robots.txt once, then 10 pages"
    );
    assert_eq!(server.log.max_in_flight(), 1);
}

#[tokio::test]
async fn min_delay_spaces_requests() {
    let server = page_server("page").await;
    let fetcher = Fetcher::new(FetchPolicy {
        min_delay: Duration::from_millis(200),
        ..policy()
    })
    .expect("fetcher");
    for _ in 0..2 {
        fresh(fetcher.fetch(&server.url("/page"), None).await);
    }
    let times = server.log.times("/page");
    assert!(times[1].duration_since(times[0]) >= Duration::from_millis(190));
}

// ------------------------------------------------------------------ mirror

const SITES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sites");

fn mirror_fetcher() -> Fetcher {
    let site = |origin: &str, dir: &str| {
        (
            Url::parse(origin).expect("origin"),
            Path::new(SITES).join(dir),
        )
    };
    let mirror = [
        site(
            "https://www.solidarites-locales.example/",
            "spip-solidarites",
        ),
        site(
            "https://www.fondation-territoires.example/",
            "drupal-fondation",
        ),
        site(
            "https://api.territoires-engages.example/",
            "api-territoires",
        ),
    ]
    .into_iter()
    .fold(Mirror::new(), |mirror, (origin, dir)| {
        mirror.with_origin(&origin, dir)
    });
    // A full production policy: a mirror must not wait for anything.
    Fetcher::new(FetchPolicy::default())
        .expect("fetcher")
        .with_mirror(mirror)
}

#[tokio::test]
async fn mirror_spip_latin1_page_is_decoded() {
    let url =
        Url::parse("https://www.solidarites-locales.example/spip.php?article105").expect("url");
    let page = fresh(mirror_fetcher().fetch(&url, None).await);
    assert_eq!(page.url, url);
    assert_eq!(
        (page.media_type.as_str(), page.encoding),
        ("text/html", "windows-1252")
    );
    assert!(
        page.text
            .contains("La Forge, colocation solidaire à Marseille"),
        "{}",
        &page.text[..400]
    );
    assert!(!page.text.contains('\u{FFFD}'));
}

#[tokio::test]
async fn mirror_drupal_listing_and_api_json() {
    let fetcher = mirror_fetcher();
    let url = Url::parse("https://www.fondation-territoires.example/projets?page=1").expect("url");
    let page = fresh(fetcher.fetch(&url, None).await);
    assert_eq!(
        (page.url.as_str(), page.media_type.as_str()),
        (url.as_str(), "text/html")
    );
    assert!(page.text.contains("views-row"));
    let api =
        Url::parse("https://api.territoires-engages.example/api/projets.json?per_page=25&page=2")
            .expect("url");
    let json = fresh(fetcher.fetch(&api, None).await);
    assert_eq!(
        (json.media_type.as_str(), json.encoding),
        ("application/json", "UTF-8")
    );
}

#[tokio::test]
async fn mirror_robots_txt_disallows_drafts() {
    let fetcher = mirror_fetcher();
    let draft = "https://www.fondation-territoires.example/projets/brouillon-recyclerie-du-val-de-sevre.html";
    let error = fetcher
        .fetch(&Url::parse(draft).expect("url"), None)
        .await
        .expect_err("draft");
    assert!(matches!(error, FetchError::Disallowed { .. }), "{error}");
    assert_eq!(fetcher.stats().robots_disallowed, 1);
}

#[tokio::test]
async fn mirror_unchanged_file_is_not_modified() {
    let fetcher = mirror_fetcher();
    let url =
        Url::parse("https://www.solidarites-locales.example/spip.php?article106").expect("url");
    let page = fresh(fetcher.fetch(&url, None).await);
    let etag = page.validators.etag.clone().expect("mirror ETag");
    assert!(
        etag.len() == 18 && etag.starts_with('"') && etag.ends_with('"'),
        "{etag}"
    );
    let again = fetcher.fetch(&url, Some(&page.validators)).await;
    assert!(matches!(again, Ok(Response::NotModified)), "{again:?}");
}

#[tokio::test]
async fn mirror_missing_file_and_traversal() {
    let fetcher = mirror_fetcher();
    let missing =
        Url::parse("https://www.fondation-territoires.example/projets/inconnu.html").expect("url");
    let error = fetcher.fetch(&missing, None).await.expect_err("missing");
    assert!(
        matches!(error, FetchError::Status { status: 404, .. }),
        "{error}"
    );
    let evil = Url::parse("https://www.fondation-territoires.example/a/..%2F..%2F..%2Fetc/passwd")
        .expect("url");
    let error = fetcher.fetch(&evil, None).await.expect_err("traversal");
    assert!(matches!(error, FetchError::Mirror { .. }), "{error}");
}
