//! A harvest fails closed: a listing page or detail page that fails
//! withdraws nothing, a store that cannot judge the run fails it, and a
//! project is withdrawn (410 Gone) only after `withdraw_after` complete runs
//! in a row have missed it.
//!
//! The test partner lists 33 projects over 3 templated listing pages
//! (`/liste/1..3`, 11 each); each listing page and detail page can be made
//! to fail.

use crate::common;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use carrefour::harvest::{
    FetchPolicy, Fetcher, HarvestStore, Outcome, PageCache, Progress, Verdict, harvest_partner,
};
use carrefour::mapping::Mapping;
use carrefour::record::{Harvest, Partner, ProjectRecord};
use carrefour::server::ServerConfig;
use carrefour::store::{Replacement, Store, StoreError, Withdrawal};

const PARTNER: &str = "partenaire-test";
const PER_PAGE: usize = 11;

/// How a page answers.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Answer {
    Normal,
    NotFound,
    ServerError,
    /// Longer than the fetcher waits, on every attempt.
    Slow,
    /// A listing page without any project.
    Empty,
}

/// The partner's site: what each listing page and detail page answers.
#[derive(Default)]
struct Site {
    listings: Mutex<HashMap<usize, Answer>>,
    details: Mutex<HashMap<usize, Answer>>,
    /// Projects taken off the listings.
    removed: Mutex<HashSet<usize>>,
}

impl Site {
    fn listing(&self, page: usize, answer: Answer) {
        self.listings.lock().unwrap().insert(page, answer);
    }
    fn detail(&self, project: usize, answer: Answer) {
        self.details.lock().unwrap().insert(project, answer);
    }
    fn remove(&self, projects: &[usize]) {
        self.removed.lock().unwrap().extend(projects);
    }
    fn restore(&self, projects: &[usize]) {
        let mut removed = self.removed.lock().unwrap();
        projects.iter().for_each(|p| {
            removed.remove(p);
        });
    }
}

async fn failure(answer: Answer) -> Option<Response> {
    match answer {
        Answer::Normal | Answer::Empty => None,
        Answer::NotFound => Some(StatusCode::NOT_FOUND.into_response()),
        Answer::ServerError => Some(StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        Answer::Slow => {
            tokio::time::sleep(Duration::from_secs(30)).await;
            Some(StatusCode::GATEWAY_TIMEOUT.into_response())
        }
    }
}

async fn listing(State(site): State<Arc<Site>>, Path(page): Path<usize>) -> Response {
    let answer = site.listings.lock().unwrap().get(&page).copied();
    let answer = answer.unwrap_or(Answer::Normal);
    if let Some(response) = failure(answer).await {
        return response;
    }
    let removed = site.removed.lock().unwrap().clone();
    let items: String = ((page - 1) * PER_PAGE..page * PER_PAGE)
        .filter(|n| answer != Answer::Empty && !removed.contains(n))
        .map(|n| format!("<li class='projet'><a href='/fiche/{n}'>Projet {n}</a></li>"))
        .collect();
    Html(format!("<ul>{items}</ul>")).into_response()
}

async fn detail(State(site): State<Arc<Site>>, Path(n): Path<usize>) -> Response {
    let answer = site.details.lock().unwrap().get(&n).copied();
    if let Some(response) = failure(answer.unwrap_or(Answer::Normal)).await {
        return response;
    }
    Html(format!(
        "<h1>Projet n°{n}</h1><p class='resume'>Un projet solidaire numéro {n}.</p>\
         <p>Porteur : Association n°{n}</p>"
    ))
    .into_response()
}

async fn serve(site: Arc<Site>) -> String {
    let app = axum::Router::new()
        .route("/robots.txt", get(|| async { "User-agent: *\nAllow: /\n" }))
        .route("/liste/{page}", get(listing))
        .route("/fiche/{n}", get(detail))
        .with_state(site);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    format!("http://{address}/")
}

fn mapping(site: &str) -> Mapping {
    let text = format!(
        r#"
        [partner]
        id = "{PARTNER}"
        name = "Partenaire de test"
        homepage = "{site}"
        [discovery]
        start = []
        pages = {{ template = "{site}liste/{{page}}", from = 1, to = 3 }}
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
        [politeness]
        delay_seconds = 0.0
        "#
    );
    Mapping::parse("test.toml", &text).unwrap()
}

fn fetcher() -> Fetcher {
    Fetcher::new(FetchPolicy {
        min_delay: Duration::ZERO,
        max_retries: 1,
        backoff_base: Duration::from_millis(5),
        timeout: Duration::from_millis(400),
        per_host_concurrency: 4,
        // The test site listens on 127.0.0.1.
        allow_loopback: true,
        ..FetchPolicy::default()
    })
    .unwrap()
}

/// A harvest of the test partner into `store`.
async fn run(site: &str, store: &dyn HarvestStore) -> Outcome {
    let mapping = Arc::new(mapping(site));
    let cache = PageCache::default();
    harvest_partner(
        &fetcher(),
        mapping,
        Some(store),
        &cache,
        &Progress::default(),
    )
    .await
}

/// A harvest that must publish `projects` projects.
async fn published(site: &str, store: &Store, projects: usize) -> Outcome {
    let outcome = run(site, store).await;
    assert!(
        matches!(outcome.report.verdict, Verdict::Published { projects: p, .. } if p == projects),
        "{}",
        outcome.report.summary()
    );
    outcome
}

fn store() -> Store {
    Store::in_memory(common::base()).unwrap()
}

/// The key of project `n`, from a run that published it.
fn key_of(outcome: &Outcome, n: usize) -> String {
    let suffix = format!("/fiche/{n}");
    let record = outcome.records.iter().find(|r| r.source.path() == suffix);
    record.unwrap().key()
}

fn number(store: &Store, sparql: &str) -> u64 {
    let value = common::select_one(store, sparql).unwrap();
    let oxigraph::model::Term::Literal(literal) = value else {
        panic!("not a number: {value}");
    };
    literal.value().parse().unwrap()
}

fn tombstones(store: &Store) -> u64 {
    number(
        store,
        "SELECT (COUNT(?r) AS ?n) WHERE { ?r a <https://w3id.org/carrefour/ns#Tombstone> }",
    )
}

/// `cis:missedHarvests` of project `key`'s record, 0 when absent.
fn misses(store: &Store, key: &str) -> u64 {
    let record = common::base().id(carrefour::record::Kind::Record, key);
    let sparql =
        format!("SELECT ?m WHERE {{ {record} <https://w3id.org/carrefour/ns#missedHarvests> ?m }}");
    match common::select_one(store, &sparql) {
        Some(oxigraph::model::Term::Literal(count)) => count.value().parse().unwrap(),
        Some(other) => panic!("not a count: {other}"),
        None => 0,
    }
}

/// The harvest that generated project `key`'s record.
fn generated_by(store: &Store, key: &str) -> String {
    let record = common::base().id(carrefour::record::Kind::Record, key);
    let sparql =
        format!("SELECT ?h WHERE {{ {record} <http://www.w3.org/ns/prov#wasGeneratedBy> ?h }}");
    common::select_one(store, &sparql).unwrap().to_string()
}

fn status(server: &common::demo::TestServer, key: &str) -> u16 {
    common::http::get(server.addr, &format!("/id/project/{key}"), &[]).status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_listing_page_failing_withdraws_nothing() {
    let site = Arc::new(Site::default());
    let address = serve(site.clone()).await;
    let store = store();
    let first = published(&address, &store, 33).await;
    let unseen = key_of(&first, PER_PAGE + 3);
    let first_harvest = generated_by(&store, &unseen);

    for answer in [Answer::NotFound, Answer::ServerError, Answer::Slow] {
        site.listing(2, answer);
        let outcome = published(&address, &store, 22).await;
        let report = &outcome.report;
        assert_eq!(
            (report.kept_unseen, report.missed, report.tombstoned),
            (PER_PAGE, 0, 0),
            "{answer:?}: {}",
            report.summary()
        );
        assert!(!report.discovery_complete, "{answer:?}");
        assert!(
            report.errors.iter().any(|e| {
                let message = e.to_string();
                message.starts_with("listing page skipped: ") && message.contains("/liste/2")
            }),
            "{answer:?}: {:?}",
            report.errors
        );
        assert_eq!(store.partner_project_count(PARTNER).unwrap(), 33);
        assert_eq!(tombstones(&store), 0, "{answer:?}");
        // The unseen project's record is exactly as the first run left it.
        assert_eq!(generated_by(&store, &unseen), first_harvest);
        assert_eq!(misses(&store, &unseen), 0);
    }
    site.listing(2, Answer::Normal);
    let again = published(&address, &store, 33).await;
    assert!(again.report.discovery_complete);
    assert_eq!(again.report.kept_unseen, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_is_withdrawn_after_two_complete_runs_miss_it() {
    let site = Arc::new(Site::default());
    let address = serve(site.clone()).await;
    let store = store();
    let server = common::demo::serve(store.clone(), ServerConfig::default());
    let first = published(&address, &store, 33).await;
    let (five, six) = (key_of(&first, 5), key_of(&first, 6));

    // A complete run misses 5 and 6: counted, not withdrawn.
    site.remove(&[5, 6]);
    let outcome = published(&address, &store, 31).await;
    assert_eq!((outcome.report.missed, outcome.report.tombstoned), (2, 0));
    assert_eq!(store.partner_project_count(PARTNER).unwrap(), 33);
    assert_eq!((misses(&store, &five), misses(&store, &six)), (1, 1));
    assert_eq!(status(&server, &five), 303);

    // An incomplete run counts nothing; 6 is back, which resets its count.
    site.listing(3, Answer::NotFound);
    site.restore(&[6]);
    let outcome = published(&address, &store, 21).await;
    assert_eq!(outcome.report.missed, 0);
    assert_eq!((misses(&store, &five), misses(&store, &six)), (1, 0));

    // The second complete run that misses 5 withdraws it; 6 starts over.
    site.listing(3, Answer::Normal);
    site.remove(&[6]);
    let outcome = published(&address, &store, 31).await;
    assert_eq!((outcome.report.tombstoned, outcome.report.missed), (1, 1));
    assert_eq!(store.partner_project_count(PARTNER).unwrap(), 32);
    assert_eq!(status(&server, &five), 410);
    assert_eq!(status(&server, &six), 303);

    // Back on the site, 5 is live again, without a count of misses.
    site.restore(&[5, 6]);
    published(&address, &store, 33).await;
    assert_eq!(status(&server, &five), 303);
    assert_eq!((misses(&store, &five), misses(&store, &six)), (0, 0));
    assert_eq!(tombstones(&store), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_detail_page_failing_keeps_its_project_a_gone_one_does_not() {
    let site = Arc::new(Site::default());
    let address = serve(site.clone()).await;
    let store = store();
    let first = published(&address, &store, 33).await;
    let (broken, gone) = (key_of(&first, 7), key_of(&first, 8));
    let first_harvest = generated_by(&store, &broken);
    site.detail(7, Answer::ServerError);
    site.detail(8, Answer::NotFound);
    for missed in [1, 2] {
        let outcome = published(&address, &store, 31).await;
        let report = &outcome.report;
        assert_eq!(report.kept_unseen, 1, "{}", report.summary());
        assert!(report.discovery_complete);
        assert!(
            report
                .invalid
                .iter()
                .any(|s| s.url.ends_with("/fiche/7") && s.why.starts_with("not read")),
            "{:?}",
            report.invalid
        );
        assert_eq!(generated_by(&store, &broken), first_harvest);
        assert_eq!(misses(&store, &broken), 0);
        if missed == 1 {
            assert_eq!(misses(&store, &gone), 1);
        }
    }
    assert_eq!(store.partner_project_count(PARTNER).unwrap(), 32);
    assert_eq!(tombstones(&store), 1);
    let gone_record = common::base().id(carrefour::record::Kind::Record, &gone);
    let ask = format!("ASK {{ {gone_record} a <https://w3id.org/carrefour/ns#Tombstone> }}");
    assert!(matches!(
        common::query(&store, &ask),
        oxigraph::sparql::QueryResults::Boolean(true)
    ));
}

/// The store, except that it cannot say how many projects a partner has.
struct Unjudgeable {
    store: Store,
    publications: AtomicUsize,
}

impl HarvestStore for Unjudgeable {
    fn published_count(&self, _partner: &str) -> Result<u64, StoreError> {
        Err(StoreError::Query(
            "injected: the count cannot be read".into(),
        ))
    }

    fn publish(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
        withdrawal: &Withdrawal,
    ) -> Result<Replacement, StoreError> {
        self.publications.fetch_add(1, Ordering::SeqCst);
        self.store.publish(partner, harvest, records, withdrawal)
    }

    fn record_failure(&self, harvest: &Harvest, reasons: &[String]) -> Result<(), StoreError> {
        self.store.record_failure(harvest, reasons)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_store_error_while_judging_fails_the_run_and_keeps_the_last_good_data() {
    let site = Arc::new(Site::default());
    let address = serve(site.clone()).await;
    let store = store();
    published(&address, &store, 33).await;

    // A collapse to 11 projects, judged by a store that cannot count.
    site.listing(2, Answer::Empty);
    site.listing(3, Answer::Empty);
    let unjudgeable = Unjudgeable {
        store: store.clone(),
        publications: AtomicUsize::new(0),
    };
    let outcome = run(&address, &unjudgeable).await;
    let Verdict::Failed { reasons } = &outcome.report.verdict else {
        panic!("the run should fail: {}", outcome.report.summary());
    };
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("cannot be judged") && r.contains("injected")),
        "{reasons:?}"
    );
    assert_eq!(unjudgeable.publications.load(Ordering::SeqCst), 0);
    assert_eq!(store.partner_project_count(PARTNER).unwrap(), 33);
    assert_eq!(tombstones(&store), 0);
    let failed = "SELECT (COUNT(?h) AS ?n) WHERE { ?h a <http://www.w3.org/ns/prov#Activity> ;
        <http://www.w3.org/2000/01/rdf-schema#comment> ?why FILTER(STRSTARTS(?why, \"Failed\")) }";
    assert_eq!(number(&store, failed), 1);

    // The same collapse judged by the real store fails on the drop.
    let outcome = run(&address, &store).await;
    let Verdict::Failed { reasons } = &outcome.report.verdict else {
        panic!("the run should fail: {}", outcome.report.summary());
    };
    assert!(
        reasons.iter().any(|r| r.contains("beyond max_drop")),
        "{reasons:?}"
    );
    assert_eq!(store.partner_project_count(PARTNER).unwrap(), 33);
}
