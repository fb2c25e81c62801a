//! `render = "browser"`: partner sites built by JavaScript, rendered in
//! Debian's headless Chromium under the fetcher's rules.
//!
//! The site (`tests/fixtures/browser/`) is served over loopback HTTP. These
//! tests need `chromium` (installed by `.ci/setup`); without it they fail
//! and say so. Each test gives the browser its own profile directory and
//! checks that no Chromium process is left holding it.

use crate::common;
#[allow(dead_code)]
use crate::fault_server;

use std::net::{TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::response::Html;
use axum::routing::get;
use carrefour::harvest::{
    FetchError, FetchPolicy, Fetcher, Origins, PageCache, Progress, RenderPolicy, Response,
    Verdict, harvest_partner,
};
use carrefour::mapping::{Mapping, Render};
use fault_server::{FaultServer, serve};
use tower_http::services::ServeDir;
use url::Url;

/// The projects of the fixture site, as its JSON documents name them.
const TRUTH: [(&str, &str); 5] = [
    (
        "Jardin partagé de Belleville",
        "Association Les Mains Vertes",
    ),
    ("Repair Café de Lille", "Collectif Répare Lille"),
    ("Épicerie solidaire de Rennes", "Association L'Épi Rennais"),
    (
        "Tiers-lieu rural de la Creuse",
        "SCIC La Fabrique Creusoise",
    ),
    ("Mobilité inclusive à Nantes", "Association Roule Ensemble"),
];

fn fixture_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/browser")
}

/// The fixture site, plus `extra` routes, logging every request.
async fn site(extra: Router) -> FaultServer {
    serve(extra.fallback_service(ServeDir::new(fixture_dir()))).await
}

/// A fetcher for loopback tests whose browser keeps its profile under
/// `profiles` (so the test can look for processes still using it).
fn fetcher(profiles: &Path, chromium: Option<PathBuf>) -> Fetcher {
    Fetcher::new(policy(profiles, chromium)).expect("fetcher")
}

fn policy(profiles: &Path, chromium: Option<PathBuf>) -> FetchPolicy {
    FetchPolicy {
        min_delay: Duration::ZERO,
        max_retries: 0,
        timeout: Duration::from_secs(10),
        per_host_concurrency: 4,
        allow_loopback: true,
        render: RenderPolicy {
            chromium,
            profile_root: Some(profiles.to_path_buf()),
            page_timeout: Duration::from_secs(60),
            settle_timeout: Duration::from_secs(20),
            ..RenderPolicy::default()
        },
        ..FetchPolicy::default()
    }
}

fn mapping(site: &Url, render: &str) -> Mapping {
    let text = format!(
        r#"
        [partner]
        id = "partenaire-js"
        name = "Partenaire JavaScript"
        homepage = "{site}"
        [discovery]
        start = ["{site}projets/"]
        render = "{render}"
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
        select = ".porteur"
        [checks]
        min_items = 1
        [politeness]
        delay_seconds = 0.0
        "#
    );
    Mapping::parse("partenaire-js.toml", &text).expect("test mapping")
}

/// Chromium processes whose command line names `profiles`.
fn browsers_using(profiles: &Path) -> Vec<String> {
    let output = Command::new("pgrep")
        .arg("-af")
        .arg(profiles.as_os_str())
        .output()
        .expect("pgrep (procps) runs");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| line.contains("chromium"))
        .map(str::to_owned)
        .collect()
}

/// Waits (boundedly) for every Chromium using `profiles` to exit, and for
/// its profile directory to be removed; fails naming the survivors.
async fn assert_no_browser_left(profiles: &Path) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let left = browsers_using(profiles);
        let dirs = std::fs::read_dir(profiles).expect("profiles dir").count();
        if left.is_empty() && dirs == 0 {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "Chromium left behind: {left:#?}, {dirs} profile dir(s) not removed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_javascript_listing_is_harvested_through_the_browser() {
    let site = site(Router::new()).await;
    let profiles = tempfile::tempdir().expect("temp dir");

    let outcome = harvest_partner(
        &fetcher(profiles.path(), None),
        Arc::new(mapping(&site.base, "browser")),
        None,
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    let report = &outcome.report;
    assert_eq!(
        report.verdict,
        Verdict::DryRun { projects: 5 },
        "{}",
        report.summary()
    );
    let mut found: Vec<(String, String, String)> = outcome
        .records
        .iter()
        .map(|record| {
            (
                record.name.clone(),
                record.organisation.name.clone(),
                record.description.clone(),
            )
        })
        .collect();
    found.sort();
    let mut expected: Vec<(&str, &str)> = TRUTH.to_vec();
    expected.sort();
    assert_eq!(found.len(), expected.len());
    for ((name, carrier, description), (true_name, true_carrier)) in found.iter().zip(&expected) {
        assert_eq!(
            (name.as_str(), carrier.as_str()),
            (*true_name, *true_carrier)
        );
        assert!(!description.is_empty(), "{name}: no description");
    }
    // What cannot build the DOM was never asked of the partner.
    let paths = site.log.paths();
    assert!(
        paths.contains(&"/api/projets-2.json".to_owned()),
        "{paths:?}"
    );
    assert!(
        !paths
            .iter()
            .any(|p| p.starts_with("/css/") || p.starts_with("/img/")),
        "{paths:?}"
    );
    // The whole run went through the fetcher: robots.txt read once.
    assert_eq!(site.log.hits("/robots.txt"), 1, "{paths:?}");
    assert_no_browser_left(profiles.path()).await;

    // Over plain HTTP, the listing is an empty <ul>.
    let plain = harvest_partner(
        &fetcher(profiles.path(), None),
        Arc::new(mapping(&site.base, "http")),
        None,
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    assert!(plain.records.is_empty(), "{}", plain.report.summary());
    assert!(plain.report.failed(), "{}", plain.report.summary());
}

/// A page whose script tries every way out to another origin: `fetch`, a
/// script, an image, a WebSocket, a preconnect, WebRTC over UDP.
fn escaping_page(other: u16, udp: u16) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8">
<link rel="preconnect" href="http://127.0.0.1:{other}/">
<script src="http://127.0.0.1:{other}/piste.js"></script></head>
<body><p id="etat">en cours</p><img src="http://127.0.0.1:{other}/pixel.gif">
<script>
try {{ new WebSocket('ws://127.0.0.1:{other}/socket'); }} catch (e) {{}}
try {{
  const peer = new RTCPeerConnection({{ iceServers: [{{ urls: 'stun:127.0.0.1:{udp}' }}] }});
  peer.createDataChannel('x');
  peer.createOffer().then(offer => peer.setLocalDescription(offer));
}} catch (e) {{}}
fetch('http://127.0.0.1:{other}/fuite?donnees=1')
  .then(() => {{ document.getElementById('etat').textContent = 'sortie'; }})
  .catch(() => {{ document.getElementById('etat').textContent = 'bloquée'; }});
</script></body></html>"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_to_another_origin_never_leave() {
    // The other origin: a listening socket never accepted from, and a UDP
    // socket; anything that reached them stays queued for us to see.
    let other = TcpListener::bind("127.0.0.1:0").expect("bind");
    other.set_nonblocking(true).expect("non-blocking");
    let udp = UdpSocket::bind("127.0.0.1:0").expect("bind udp");
    udp.set_nonblocking(true).expect("non-blocking");
    let page = escaping_page(
        other.local_addr().expect("address").port(),
        udp.local_addr().expect("address").port(),
    );
    let site =
        site(Router::new().route("/ailleurs.html", get(move || async move { Html(page) }))).await;
    let profiles = tempfile::tempdir().expect("temp dir");
    let mapping = mapping(&site.base, "browser");
    let fetcher = fetcher(profiles.path(), None)
        .within(Origins::of(&mapping))
        .rendering(Render::Browser);

    let fetched = fetcher.fetch(&site.url("ailleurs.html"), None).await;
    let stats = fetcher.stats();
    // The browser runs until the scope is dropped, and the check sees it.
    assert!(!browsers_using(profiles.path()).is_empty());
    // Dropping the last fetcher of the scope closes its browser.
    drop(fetcher);
    let Ok(Response::Fresh(page)) = fetched else {
        panic!("not rendered: {fetched:?}");
    };
    assert!(page.text.contains("bloquée"), "{}", page.text);
    // The script and the fetch were refused by the fetcher, unsent.
    assert!(stats.refused >= 2, "{stats:?}");
    match other.accept() {
        Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
        outcome => panic!("something connected to the other origin: {outcome:?}"),
    }
    let mut datagram = [0; 512];
    match udp.recv_from(&mut datagram) {
        Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
        outcome => panic!("something sent UDP to the other origin: {outcome:?}"),
    }
    assert_no_browser_left(profiles.path()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_chromium_fails_discovery_with_a_typed_error() {
    let site = site(Router::new()).await;
    let profiles = tempfile::tempdir().expect("temp dir");
    let missing = PathBuf::from("/nonexistent/carrefour/chromium");
    let mapping = mapping(&site.base, "browser");

    let fetcher = fetcher(profiles.path(), Some(missing.clone()))
        .within(Origins::of(&mapping))
        .rendering(Render::Browser);
    let error = match fetcher.fetch(&site.url("projets/"), None).await {
        Err(error) => error,
        Ok(_) => panic!("rendered without Chromium"),
    };
    assert!(
        matches!(&error, FetchError::BrowserMissing { tried, .. } if *tried == missing.display().to_string()),
        "{error:?}"
    );
    let message = error.to_string();
    assert!(message.contains("apt-get install chromium"), "{message}");
    assert!(message.contains(".ci/setup"), "{message}");

    let outcome = harvest_partner(
        &self::fetcher(profiles.path(), Some(missing)),
        Arc::new(mapping),
        None,
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    let report = &outcome.report;
    assert!(report.failed(), "{}", report.summary());
    assert!(!report.discovery_complete, "{}", report.summary());
    let errors: Vec<String> = report.errors.iter().map(ToString::to_string).collect();
    assert!(
        errors.iter().any(|e| e.contains("needs Chromium")),
        "{errors:?}"
    );
    // Nothing was asked of the partner for a page that could not be rendered.
    assert!(site.log.paths().is_empty(), "{:?}", site.log.paths());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_robots_txt_disallows_is_not_rendered() {
    let site = site(Router::new()).await;
    let profiles = tempfile::tempdir().expect("temp dir");
    let mapping = mapping(&site.base, "browser");
    let fetcher = fetcher(profiles.path(), None)
        .within(Origins::of(&mapping))
        .rendering(Render::Browser);

    let fetched = fetcher.fetch(&site.url("prive/"), None).await;
    assert!(
        matches!(fetched, Err(FetchError::Disallowed { .. })),
        "{fetched:?}"
    );
    assert_eq!(site.log.paths(), ["/robots.txt"]);
    fetcher.close_browser().await;
    assert_no_browser_left(profiles.path()).await;
}

/// The JavaScript fixture partner of issue 10 (`tests/fixtures/sites/js-listing`),
/// its listing built by a script, its next page a link the script adds:
/// every project harvests field by field against the site's truth.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_javascript_fixture_site_harvests_field_by_field() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("tests/fixtures/sites/js-listing");
    let server = serve(Router::new().fallback_service(ServeDir::new(&dir))).await;
    let origin = server.base.origin().ascii_serialization() + "/";
    let text = std::fs::read_to_string(root.join("tests/fixtures/mappings/projets-en-liste.toml"))
        .unwrap()
        .replace("http://js-listing.test/", &origin);
    let mapping = Mapping::parse("projets-en-liste.toml", &text).unwrap();
    let profiles = tempfile::tempdir().unwrap();
    let outcome = harvest_partner(
        &fetcher(profiles.path(), None),
        Arc::new(mapping),
        None,
        &PageCache::default(),
        &Progress::default(),
    )
    .await;
    assert!(
        matches!(outcome.report.verdict, Verdict::DryRun { .. }),
        "{}\n{:#?}",
        outcome.report.summary(),
        outcome.report.errors
    );
    let truth: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("expected.json")).unwrap()).unwrap();
    let projects = truth["projects"].as_array().unwrap();
    assert_eq!(outcome.records.len(), projects.len());
    for project in projects {
        let path = project["source"]
            .as_str()
            .unwrap()
            .replace("http://js-listing.test/", "/");
        let record = outcome
            .records
            .iter()
            .find(|r| r.source.path() == path)
            .unwrap_or_else(|| panic!("{path} not harvested"));
        let differences = common::truth::differences(record, project);
        assert!(differences.is_empty(), "{path}: {differences:#?}");
    }
    assert_no_browser_left(profiles.path()).await;
}

#[test]
fn the_render_key_takes_http_or_browser_only() {
    let site = Url::parse("https://partenaire.example/").expect("URL");
    assert_eq!(
        mapping(&site, "browser").sources[0].discovery.render,
        Render::Browser
    );
    assert_eq!(
        mapping(&site, "http").sources[0].discovery.render,
        Render::Http
    );
    let text = format!(
        "[partner]\nid = \"p\"\nname = \"P\"\nhomepage = \"{site}\"\n\
         [discovery]\nstart = [\"{site}\"]\nrender = \"chrome\"\n\
         [listing]\nitem = \"li\"\nlink = \"a\"\n\
         [[detail.field]]\ntarget = \"name\"\nselect = \"h1\"\n"
    );
    let error = Mapping::parse("p.toml", &text).expect_err("render = chrome");
    let message = error.to_string();
    assert!(message.contains("p.toml"), "{message}");
    assert!(message.contains("chrome"), "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dom_grown_past_the_body_cap_is_abandoned() {
    // A small page whose script builds a DOM of 2 MB.
    let page = "<!DOCTYPE html><html><body><script>\
        document.body.appendChild(document.createTextNode('x'.repeat(2000000)));\
        </script></body></html>";
    let site =
        site(Router::new().route("/gonfle.html", get(move || async move { Html(page) }))).await;
    let profiles = tempfile::tempdir().expect("temp dir");
    let mapping = mapping(&site.base, "browser");
    let policy = FetchPolicy {
        max_body_bytes: 1024 * 1024,
        ..policy(profiles.path(), None)
    };
    let fetcher = Fetcher::new(policy)
        .expect("fetcher")
        .within(Origins::of(&mapping))
        .rendering(Render::Browser);

    let fetched = fetcher.fetch(&site.url("gonfle.html"), None).await;
    fetcher.close_browser().await;
    assert!(
        matches!(&fetched, Err(FetchError::TooLarge { limit, .. }) if *limit == 1024 * 1024),
        "{fetched:?}"
    );
    assert_no_browser_left(profiles.path()).await;
}
