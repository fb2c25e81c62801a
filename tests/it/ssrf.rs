//! The harvester goes only where the partner is: every hop off the
//! partner's origins (a redirect to another port or host, a next page or
//! child sitemap elsewhere, a robots.txt redirect) and every connection to a
//! non-public address is refused, listed in the report, and never made.
//!
//! Each test puts a "trap" listener where a refused hop would go; a trap
//! never accepts, so any connection to it waits in its backlog, where
//! [`Trap::accepted_nothing`] would find it once the harvest is over.

#[allow(dead_code)]
use crate::fault_server;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::response::{Html, Redirect};
use axum::routing::get;
use carrefour::harvest::{
    FetchPolicy, Fetcher, HarvestReport, Mirror, Outcome, PageCache, Progress, Verdict,
    harvest_partner,
};
use carrefour::mapping::Mapping;
use fault_server::{robots, serve};

/// A listener that never accepts.
struct Trap {
    listener: TcpListener,
}

impl Trap {
    fn on(ip: &str) -> Trap {
        let listener = TcpListener::bind((ip, 0)).expect("bind a loopback trap");
        listener.set_nonblocking(true).expect("non-blocking");
        Trap { listener }
    }

    fn base(&self) -> String {
        format!("http://{}/", self.listener.local_addr().expect("address"))
    }

    fn port(&self) -> u16 {
        self.listener.local_addr().expect("address").port()
    }

    fn accepted_nothing(&self) -> bool {
        matches!(self.listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
    }
}

fn mapping(discovery: &str) -> Mapping {
    let text = format!(
        r#"
        [partner]
        id = "partenaire-test"
        name = "Partenaire de test"
        homepage = "https://partenaire.example/"
        [discovery]
        {discovery}
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
    Mapping::parse("test.toml", &text).expect("test mapping")
}

fn policy(allow_loopback: bool) -> FetchPolicy {
    FetchPolicy {
        min_delay: Duration::ZERO,
        max_retries: 0,
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        allow_loopback,
        ..FetchPolicy::default()
    }
}

async fn harvest(fetcher: &Fetcher, mapping: Mapping) -> Outcome {
    let cache = PageCache::default();
    harvest_partner(
        fetcher,
        Arc::new(mapping),
        None,
        &cache,
        &Progress::default(),
    )
    .await
}

fn refused_urls(report: &HarvestReport) -> Vec<&str> {
    report.refused.iter().map(|r| r.url.as_str()).collect()
}

fn detail(n: &str) -> Html<String> {
    Html(format!(
        "<h1>Projet {n}</h1><p class='resume'>Un projet solidaire numéro {n}.</p>\
         <p>Porteur : Association {n}</p>"
    ))
}

fn failure_reasons(outcome: &Outcome) -> String {
    match &outcome.report.verdict {
        Verdict::Failed { reasons } => reasons.join("; "),
        other => panic!("the run should fail: {other:?}"),
    }
}

#[tokio::test]
async fn redirects_and_next_pages_off_the_partner_s_origins_are_refused() {
    let other_port = Trap::on("127.0.0.1");
    let other_host = Trap::on("127.0.0.2");
    let to_other_port = format!("{}projets/1.html", other_port.base());
    let to_other_host = format!("{}projets/2.html", other_host.base());
    let next_elsewhere = format!("{}projets?page=2", other_host.base());
    let listing = format!(
        "<ul><li class='projet'><a href='/projets/0.html'>0</a></li>\
         <li class='projet'><a href='/projets/1.html'>1</a></li>\
         <li class='projet'><a href='/projets/2.html'>2</a></li></ul>\
         <a rel='next' href='{next_elsewhere}'>suivant</a>"
    );
    let router = robots("User-agent: *\nAllow: /\n")
        .route("/projets", get(move || async move { Html(listing) }))
        .route("/projets/0.html", get(|| async { detail("0") }))
        .route(
            "/projets/1.html",
            get(move || async move { Redirect::temporary(&to_other_port) }),
        )
        .route(
            "/projets/2.html",
            get(move || async move { Redirect::permanent(&to_other_host) }),
        );
    let site = serve(router).await;
    let fetcher = Fetcher::new(policy(true)).expect("fetcher");
    let discovery = format!(
        "start = [\"{}\"]\nnext = \"a[rel=next]\"",
        site.url("/projets")
    );
    let outcome = harvest(&fetcher, mapping(&discovery)).await;
    let report = &outcome.report;

    let refused = refused_urls(report);
    for hop in [
        format!("http://127.0.0.1:{}/projets/1.html", other_port.port()),
        format!("http://127.0.0.2:{}/projets/2.html", other_host.port()),
        format!("http://127.0.0.2:{}/projets?page=2", other_host.port()),
    ] {
        assert!(refused.contains(&hop.as_str()), "{hop} not in {refused:?}");
    }
    assert!(
        report
            .refused
            .iter()
            .all(|r| r.why.contains("not on the partner's origins")),
        "{:?}",
        report.refused
    );
    assert_eq!(report.fetch.refused, 3);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.to_string().starts_with("listing page skipped: ")),
        "{:?}",
        report.errors
    );
    assert!(!report.discovery_complete);
    // Only the page that stayed home is published, under its own URL.
    assert_eq!(outcome.records.len(), 1, "{}", report.summary());
    assert_eq!(outcome.records[0].source, site.url("/projets/0.html"));
    assert!(
        other_port.accepted_nothing(),
        "a redirect reached another port"
    );
    assert!(other_host.accepted_nothing(), "a hop reached another host");
}

#[tokio::test]
async fn a_child_sitemap_on_another_host_is_refused() {
    let elsewhere = Trap::on("127.0.0.2");
    let child = format!("{}sitemap-2.xml", elsewhere.base());
    let index = format!(
        "<sitemapindex><sitemap><loc>/sitemap-1.xml</loc></sitemap>\
         <sitemap><loc>{child}</loc></sitemap></sitemapindex>"
    );
    let router = robots("User-agent: *\nAllow: /\n")
        .route("/sitemap.xml", get(move || async move { index }))
        .route(
            "/sitemap-1.xml",
            get(|| async { "<urlset><url><loc>/projets/0.html</loc></url></urlset>" }),
        )
        .route("/projets/0.html", get(|| async { detail("0") }));
    let site = serve(router).await;
    let fetcher = Fetcher::new(policy(true)).expect("fetcher");
    let discovery = format!(
        "start = []\nsitemap = {{ url = \"{}\", include = \"/projets/\" }}",
        site.url("/sitemap.xml")
    );
    let outcome = harvest(&fetcher, mapping(&discovery)).await;
    let report = &outcome.report;
    assert_eq!(refused_urls(report), [child.as_str()]);
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.to_string().starts_with("sitemap skipped: ")),
        "{:?}",
        report.errors
    );
    assert_eq!(outcome.records.len(), 1, "{}", report.summary());
    assert!(elsewhere.accepted_nothing());
}

#[tokio::test]
async fn a_robots_txt_redirect_off_the_origins_is_refused() {
    let elsewhere = Trap::on("127.0.0.2");
    let target = format!("{}robots.txt", elsewhere.base());
    let router = Router::new()
        .route(
            "/robots.txt",
            get(move || async move { Redirect::temporary(&target) }),
        )
        .route("/projets", get(|| async { "<ul></ul>" }));
    let site = serve(router).await;
    let fetcher = Fetcher::new(policy(true)).expect("fetcher");
    let discovery = format!("start = [\"{}\"]", site.url("/projets"));
    let outcome = harvest(&fetcher, mapping(&discovery)).await;
    let reasons = failure_reasons(&outcome);
    assert!(
        reasons.contains("the first listing page failed")
            && reasons.contains(&format!("{}robots.txt was refused", elsewhere.base())),
        "{reasons}"
    );
    assert_eq!(outcome.report.refused.len(), 1);
    assert_eq!(site.log.paths(), ["/robots.txt"]);
    assert!(elsewhere.accepted_nothing());
}

#[tokio::test]
async fn a_partner_on_loopback_is_refused_without_the_opt_in() {
    let trap = Trap::on("127.0.0.1");
    let port = trap.port();
    let strict = Fetcher::new(policy(false)).expect("fetcher");
    let cases = [
        (
            format!("http://localhost:{port}/projets"),
            "localhost resolves to ",
        ),
        (
            format!("http://127.0.0.1:{port}/projets"),
            "127.0.0.1 is a loopback address",
        ),
        (
            format!("http://[::ffff:127.0.0.1]:{port}/projets"),
            "an IPv6 form of 127.0.0.1",
        ),
        (
            "http://169.254.169.254/latest/meta-data/".to_owned(),
            "a link-local address",
        ),
        ("http://10.0.0.1/projets".to_owned(), "a private address"),
    ];
    for (start, why) in cases {
        let outcome = harvest(&strict, mapping(&format!("start = [\"{start}\"]"))).await;
        let reasons = failure_reasons(&outcome);
        assert!(
            reasons.contains("the first listing page failed") && reasons.contains(why),
            "{start}: {reasons}"
        );
        assert!(reasons.contains("no connection is made"), "{reasons}");
        assert_eq!(outcome.report.refused.len(), 1, "{start}");
    }
    assert!(
        trap.accepted_nothing(),
        "a refused address was connected to"
    );
}

#[tokio::test]
async fn mirrored_sites_keep_the_origin_rule() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let write = |path: &str, text: &str| {
        let file = dir.path().join(path);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("directories");
        std::fs::write(file, text).expect("mirror file");
    };
    write(
        "a/projets/index.html",
        "<ul><li class='projet'><a href='/projets/0.html'>0</a></li></ul>\
         <a rel='next' href='https://b.example/projets?page=2'>suivant</a>",
    );
    write("a/projets/0.html", &detail("0").0);
    write(
        "b/projets/index.html?page=2",
        "<ul><li class='projet'><a href='/projets/1.html'>1</a></li></ul>",
    );
    write("b/projets/1.html", &detail("1").0);
    let origin = |text: &str| url::Url::parse(text).expect("origin");
    let mirror = Mirror::new()
        .with_origin(&origin("https://a.example/"), dir.path().join("a"))
        .with_origin(&origin("https://b.example/"), dir.path().join("b"));
    let fetcher = Fetcher::new(FetchPolicy::default())
        .expect("fetcher")
        .with_mirror(mirror);
    let discovery = "start = [\"https://a.example/projets\"]\nnext = \"a[rel=next]\"";
    let outcome = harvest(&fetcher, mapping(discovery)).await;
    assert_eq!(
        refused_urls(&outcome.report),
        ["https://b.example/projets?page=2"]
    );
    assert_eq!(outcome.records.len(), 1, "{}", outcome.report.summary());
    assert_eq!(
        outcome.records[0].source.as_str(),
        "https://a.example/projets/0.html"
    );
}
