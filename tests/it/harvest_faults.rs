//! A failed or suspicious harvest never replaces a partner's last good data.

use crate::common;

use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use carrefour::harvest::{FetchPolicy, Fetcher, PageCache, Progress, Verdict, harvest_partner};
use carrefour::mapping::Mapping;
use carrefour::record::BaseIri;
use carrefour::store::Store;

/// How the test site behaves.
const GOOD: u8 = 0;
const DOWN: u8 = 1;
const REDESIGNED: u8 = 2;
const SHRUNK: u8 = 3;
const ROBOTS_DOWN: u8 = 4;
const HUGE: u8 = 5;
const LOOPING: u8 = 6;

type Mode = Arc<AtomicU8>;

async fn robots(State(mode): State<Mode>) -> Response {
    match mode.load(Ordering::SeqCst) {
        ROBOTS_DOWN => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        _ => "User-agent: *\nAllow: /\n".into_response(),
    }
}

async fn listing(State(mode): State<Mode>) -> Response {
    let count = match mode.load(Ordering::SeqCst) {
        DOWN => return StatusCode::SERVICE_UNAVAILABLE.into_response(),
        HUGE => return Html("<p>".repeat(10 * 1024 * 1024)).into_response(),
        // Every page says the next one is the first again.
        LOOPING => {
            return Html(format!(
                "{}<a rel='next' href='/projets'>suivant</a>",
                items(10)
            ))
            .into_response();
        }
        REDESIGNED => {
            return Html("<main><div class='card'>Nouveau site !</div></main>").into_response();
        }
        SHRUNK => 2,
        _ => 10,
    };
    Html(items(count)).into_response()
}

fn items(count: usize) -> String {
    let items: String = (0..count)
        .map(|i| format!("<li class='projet'><a href='/projets/{i}.html'>Projet {i}</a></li>"))
        .collect();
    format!("<ul>{items}</ul>")
}

async fn detail(State(mode): State<Mode>, Path(page): Path<String>) -> Response {
    if mode.load(Ordering::SeqCst) == DOWN {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    }
    let n = page.trim_end_matches(".html");
    Html(format!(
        "<h1>Projet n°{n}</h1><p class='resume'>Un projet solidaire numéro {n}, à Lille.</p>\
         <p>Porteur : Association n°{n}</p>"
    ))
    .into_response()
}

async fn serve(mode: Mode) -> String {
    let app = axum::Router::new()
        .route("/robots.txt", get(robots))
        .route("/projets", get(listing))
        .route("/projets/{page}", get(detail))
        .with_state(mode);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/")
}

fn mapping(site: &str) -> Mapping {
    let text = format!(
        r#"
        [partner]
        id = "partenaire-test"
        name = "Partenaire de test"
        homepage = "{site}"
        [discovery]
        start = ["{site}projets"]
        next = "a[rel=next]"
        [listing]
        item = "li.projet"
        link = "a"
        [[detail.field]]
        target = "name"
        select = "h1"
        [[detail.field]]
        target = "description"
        select = ".resume"
        [[detail.field]]
        target = "organisation.name"
        label = "Porteur"
        [checks]
        min_items = 3
        max_drop = 0.5
        [politeness]
        delay_seconds = 0.0
        "#
    );
    Mapping::parse("test.toml", &text).unwrap()
}

fn fetcher() -> Fetcher {
    let policy = FetchPolicy {
        min_delay: Duration::ZERO,
        max_retries: 1,
        backoff_base: Duration::from_millis(5),
        per_host_concurrency: 4,
        // The test site listens on 127.0.0.1.
        allow_loopback: true,
        ..FetchPolicy::default()
    };
    Fetcher::new(policy).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_keep_the_last_good_data() {
    let mode: Mode = Arc::new(AtomicU8::new(GOOD));
    let site = serve(mode.clone()).await;
    let mapping = Arc::new(mapping(&site));
    let store = Store::in_memory(BaseIri::new("http://localhost:7878/").unwrap()).unwrap();

    let first = harvest_partner(
        &fetcher(),
        mapping.clone(),
        Some(&store),
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    assert_eq!(
        first.report.verdict,
        Verdict::Published {
            projects: 10,
            previous: 0
        },
        "{}",
        first.report.summary()
    );
    assert_eq!(store.partner_project_count("partenaire-test").unwrap(), 10);

    for (failure, expected_reason) in [
        (DOWN, "first listing page failed"),
        (REDESIGNED, "only 0 projects kept"),
        (SHRUNK, "a drop beyond max_drop"),
        (ROBOTS_DOWN, "first listing page failed"),
        (HUGE, "first listing page failed"),
    ] {
        mode.store(failure, Ordering::SeqCst);
        let outcome = harvest_partner(
            &fetcher(),
            mapping.clone(),
            Some(&store),
            &PageCache::default(),
            &Progress::default(),
        )
        .await;
        let Verdict::Failed { reasons } = &outcome.report.verdict else {
            panic!(
                "mode {failure}: the run should fail: {}",
                outcome.report.summary()
            );
        };
        assert!(
            reasons.iter().any(|r| r.contains(expected_reason)),
            "mode {failure}: {reasons:?}"
        );
        assert_eq!(
            store.partner_project_count("partenaire-test").unwrap(),
            10,
            "mode {failure} lost data"
        );
    }

    // Every failed run is in the provenance graph, with its reasons.
    let failed = "SELECT (COUNT(?h) AS ?n) WHERE { ?h a <http://www.w3.org/ns/prov#Activity> ;
        <http://www.w3.org/2000/01/rdf-schema#comment> ?why FILTER(STRSTARTS(?why, \"Failed\")) }";
    assert_eq!(
        common::select_one(&store, failed).unwrap().to_string(),
        "\"5\"^^<http://www.w3.org/2001/XMLSchema#integer>"
    );

    // A pagination loop ends: pages are read once, and the run publishes.
    mode.store(LOOPING, Ordering::SeqCst);
    let looping = harvest_partner(
        &fetcher(),
        mapping.clone(),
        Some(&store),
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    assert!(
        matches!(
            looping.report.verdict,
            Verdict::Published { projects: 10, .. }
        ),
        "{}",
        looping.report.summary()
    );
    assert_eq!(looping.report.listing_pages, 1);

    // Back to normal: published again, same IRIs as the first time.
    mode.store(GOOD, Ordering::SeqCst);
    let again = harvest_partner(
        &fetcher(),
        mapping,
        Some(&store),
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    assert!(matches!(
        again.report.verdict,
        Verdict::Published {
            projects: 10,
            previous: 10
        }
    ));
    let keys = |records: &[carrefour::record::ProjectRecord]| {
        let mut keys: Vec<String> = records.iter().map(|r| r.key()).collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&first.records), keys(&again.records));
}
