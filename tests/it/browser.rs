//! No script from data: Carrefour's pages over hostile data, in headless
//! Chromium (`tests/browser/xss.mjs`, driven by puppeteer-core), and the
//! security headers of every kind of response.
//!
//! The browser test needs Debian's `chromium` on `PATH` and
//! `node_modules/puppeteer-core` (both installed by `.ci/setup`); without
//! them it fails and says so, it never passes silently. Its screenshots go
//! to `target/browser/`.

use crate::common;
#[path = "browser/hostile.rs"]
mod hostile;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use carrefour::server::ServerConfig;
use common::demo::{TestServer, serve};
use common::http::{Response, get};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The policy every HTML page must carry, directive by directive.
const REQUIRED_DIRECTIVES: [&str; 5] = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
];

/// The hostile store, served once per test binary.
fn hostile_server() -> &'static (TestServer, hostile::Hostile) {
    static SERVER: OnceLock<(TestServer, hostile::Hostile)> = OnceLock::new();
    SERVER.get_or_init(|| {
        let hostile = hostile::store();
        let config = ServerConfig {
            npm_dir: Path::new(ROOT).join("node_modules"),
            queries_dir: Path::new(ROOT).join("queries"),
            ..ServerConfig::default()
        };
        (serve(hostile.store.clone(), config), hostile)
    })
}

/// `program` as found on `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// Where the screenshots go: `target/browser/` (or under `CARGO_TARGET_DIR`).
fn output_dir() -> PathBuf {
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).join("browser")
}

#[test]
fn hostile_data_runs_no_script_in_chromium() {
    let setup = "run .ci/setup to install Debian's chromium and puppeteer-core (npm ci)";
    let chromium = on_path("chromium").unwrap_or_else(|| panic!("no `chromium` on PATH: {setup}"));
    let node = on_path("node").unwrap_or_else(|| panic!("no `node` on PATH: {setup}"));
    assert!(
        Path::new(ROOT)
            .join("node_modules/puppeteer-core/package.json")
            .is_file(),
        "node_modules/puppeteer-core is missing: {setup}"
    );
    let (server, hostile) = hostile_server();
    let out = output_dir();
    let run = Command::new(node)
        .current_dir(ROOT)
        .arg("tests/browser/xss.mjs")
        .arg("--base")
        .arg(format!("http://{}", server.addr))
        .arg("--chromium")
        .arg(&chromium)
        .arg("--out")
        .arg(&out)
        .arg("--project")
        .arg(format!("/doc/project/{}", hostile.project))
        .arg("--territory")
        .arg(format!("/doc/commune/{}", hostile::COMMUNE))
        .arg("--gone")
        .arg(format!("/doc/project/{}", hostile.gone))
        .arg("--organisation")
        .arg(&hostile.organisation)
        .arg("--partner")
        .arg("/doc/partner/hostile")
        .output()
        .expect("node runs");
    let stdout = all_checks_passed(&run);
    assert!(
        stdout.contains("ok - project map: the popup shows the name literally"),
        "the popup was never checked:\n{stdout}"
    );
    assert!(
        out.join("project.png").is_file(),
        "no screenshot in {}",
        out.display()
    );
}

/// The public pages over the demo data, walked and audited in Chromium
/// (`tests/browser/public.mjs`): search, a facet and Back, the clustered
/// map, the charts, and axe-core's WCAG 2.1 A/AA rules on every public
/// page, with no request leaving the loopback host.
#[test]
fn public_pages_work_in_chromium_and_pass_axe() {
    let setup = "run .ci/setup to install Debian's chromium and node_modules (npm ci)";
    let chromium = on_path("chromium").unwrap_or_else(|| panic!("no `chromium` on PATH: {setup}"));
    let node = on_path("node").unwrap_or_else(|| panic!("no `node` on PATH: {setup}"));
    let axe = Path::new(ROOT).join("node_modules/axe-core/axe.min.js");
    assert!(axe.is_file(), "{} is missing: {setup}", axe.display());
    let config = ServerConfig {
        npm_dir: Path::new(ROOT).join("node_modules"),
        queries_dir: Path::new(ROOT).join("queries"),
        ..ServerConfig::default()
    };
    let store = common::demo::demo_store();
    let server = serve(store.clone(), config);
    let statistics = store.statistics().unwrap();
    let project = statistics.partners[0]
        .example
        .clone()
        .expect("an example project");
    let project = project
        .as_str()
        .strip_prefix(common::BASE)
        .unwrap()
        .replace("id/", "doc/");
    let out = output_dir().join("public");
    let run = Command::new(node)
        .current_dir(ROOT)
        .arg("tests/browser/public.mjs")
        .args(["--base", &format!("http://{}", server.addr)])
        .arg("--chromium")
        .arg(&chromium)
        .arg("--out")
        .arg(&out)
        .arg("--axe")
        .arg(&axe)
        .args([
            "--pages",
            &format!(
                "/{project},/doc/departement/29,/partenaires/{},/statistiques?lang=en,/?q=jardin&lang=en",
                statistics.partners[0].id
            ),
        ])
        .output()
        .expect("node runs");
    all_checks_passed(&run);
    for screenshot in ["carte.png", "statistiques.png"] {
        assert!(
            out.join(screenshot).is_file(),
            "no {screenshot} in {}",
            out.display()
        );
    }
}

/// The output of a browser script (`tests/browser/*.mjs`) that printed its
/// checks and passed them all.
fn all_checks_passed(run: &std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&run.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&run.stderr);
    println!("{stdout}");
    assert!(
        run.status.success(),
        "the browser checks failed ({}):\n{stdout}\n{stderr}",
        run.status
    );
    assert!(
        stdout.lines().any(|l| l.ends_with(" passed, 0 failed")),
        "the browser checks did not report:\n{stdout}\n{stderr}"
    );
    stdout
}

/// A response of the hostile server to `path` with `accept`.
fn fetch(path: &str, accept: &str) -> Response {
    let (server, _) = hostile_server();
    get(server.addr, path, &[("Accept", accept)])
}

fn assert_everyday_headers(path: &str, response: &Response) {
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{path}"
    );
    assert_eq!(
        response.header("referrer-policy"),
        Some("strict-origin-when-cross-origin"),
        "{path}"
    );
}

#[test]
fn every_html_page_carries_the_security_headers() {
    let (_, hostile) = hostile_server();
    let html = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let project = format!("/doc/project/{}", hostile.project);
    let gone = format!("/doc/project/{}", hostile.gone);
    let territory = format!("/doc/commune/{}", hostile::COMMUNE);
    for (path, status) in [
        ("/", 200),
        ("/?q=jardin", 200),
        ("/carte", 200),
        ("/statistiques", 200),
        ("/partenaires", 200),
        ("/partenaires/hostile", 200),
        ("/sparql", 200),
        (project.as_str(), 200),
        (territory.as_str(), 200),
        ("/doc/departement/69", 200),
        ("/ontology", 200),
        ("/api/projects", 200),
        ("/id/project/absent-000000000000", 404),
        (gone.as_str(), 410),
    ] {
        let response = fetch(path, html);
        assert_eq!(response.status, status, "{path}");
        assert_eq!(response.media_type(), "text/html", "{path}");
        let policy = response
            .header("content-security-policy")
            .unwrap_or_else(|| panic!("{path} has no Content-Security-Policy"));
        let directives: Vec<&str> = policy.split(';').map(str::trim).collect();
        for required in REQUIRED_DIRECTIVES {
            assert!(directives.contains(&required), "{path}: {policy}");
        }
        let script = directives.iter().find(|d| d.starts_with("script-src "));
        assert!(
            script.is_some_and(|d| d.starts_with("script-src 'self'") && !d.contains("unsafe")),
            "{path}: {policy}"
        );
        assert_everyday_headers(path, &response);
        let page = response.text();
        let inline = inline_script(&page);
        assert!(inline.is_empty(), "{path} has {inline:?}:\n{page}");
    }
}

/// Inline scripts and `on…` attributes of `page`, as an HTML parser sees
/// them (escaped text that reads `onerror=` is no attribute).
fn inline_script(page: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(page);
    let mut found = Vec::new();
    for element in document.tree.nodes().filter_map(scraper::ElementRef::wrap) {
        let element = element.value();
        for (name, _) in element.attrs() {
            if name.to_ascii_lowercase().starts_with("on") {
                found.push(format!("<{} {name}>", element.name()));
            }
        }
        let data = element.attr("type") == Some("application/ld+json");
        if element.name() == "script" && element.attr("src").is_none() && !data {
            found.push("<script> without src".to_owned());
        }
    }
    found
}

#[test]
fn other_responses_are_nosniff_without_a_page_policy() {
    let (_, hostile) = hostile_server();
    let project = format!("/doc/project/{}.ttl", hostile.project);
    for (path, accept) in [
        (project.as_str(), "text/turtle"),
        ("/api/projects", "application/ld+json"),
        ("/sparql?query=ASK%7B%7D", "application/sparql-results+json"),
        ("/assets/map.js", "*/*"),
        ("/assets/sparql.js", "*/*"),
        ("/assets/carrefour.css", "*/*"),
        ("/health", "*/*"),
        ("/id/project/absent-000000000000", "text/turtle"),
        ("/assets/npm/leftpad/index.js", "*/*"),
    ] {
        let response = fetch(path, accept);
        assert_ne!(response.media_type(), "text/html", "{path}");
        assert_everyday_headers(path, &response);
        assert_eq!(response.header("content-security-policy"), None, "{path}");
    }
}

#[test]
fn script_and_data_urls_in_the_store_are_shown_as_text() {
    let (_, hostile) = hostile_server();
    let both = [hostile::SCRIPT_URL, hostile::DATA_URL];
    for (path, urls) in [
        // A property and the contact's site.
        (format!("/doc/project/{}", hostile.project), &both[..]),
        // The organisation's site.
        (hostile.organisation.clone(), &both[..1]),
        // The partner's logo and site.
        ("/doc/partner/hostile".to_owned(), &both[..]),
    ] {
        let page = fetch(&path, "text/html").text();
        for shown in urls {
            let escaped = shown.replace('\'', "&#39;");
            assert!(
                page.contains(&format!("<span class=\"unlinked\">{escaped}</span>")),
                "{path} shows {shown} as text:\n{page}"
            );
        }
        let document = scraper::Html::parse_document(&page);
        let selector = scraper::Selector::parse("a[href], img[src]").expect("a valid selector");
        for element in document.select(&selector) {
            let target = element
                .attr("href")
                .or_else(|| element.attr("src"))
                .unwrap_or_default();
            assert!(
                target.starts_with('/')
                    || target.starts_with("http://")
                    || target.starts_with("https://")
                    || target.starts_with("mailto:"),
                "{path} links to {target}"
            );
        }
        assert!(!page.contains("<img src=x"), "{path}:\n{page}");
    }
}
