//! The demo data (the six bundled partner sites, harvested from their
//! mirrors into an in-memory store) and an in-process server over it.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, OnceLock};

use carrefour::harvest::{FetchPolicy, Harvester, Mirror, Progress, load_mirror};
use carrefour::mapping;
use carrefour::server::{AppState, ServerConfig, router};
use carrefour::store::Store;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The demo store, harvested once per test binary (read-only by convention:
/// tests that change data build their own).
pub fn demo_store() -> Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(harvest_demo).clone()
}

/// A fresh in-memory store with the demo data (for tests that write),
/// harvested as `carrefour demo` does.
pub fn harvest_demo() -> Store {
    let store = Store::in_memory(super::base()).unwrap();
    let harvester = Harvester::new(FetchPolicy::default(), demo_mirror())
        .unwrap()
        .into_store(store.clone());
    let mappings = mapping::load_dir(&Path::new(ROOT).join("mappings")).unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let reports = runtime
        .block_on(harvester.harvest_all(mappings, |_| Arc::new(Progress::default())))
        .unwrap();
    for report in reports {
        assert!(
            store.partner_project_count(&report.partner).unwrap() > 0,
            "demo partner {} harvested nothing: {report:?}",
            report.partner
        );
    }
    store
}

/// The origins of `tests/fixtures/sites/mirrors.toml`.
pub fn demo_mirror() -> Mirror {
    load_mirror(&Path::new(ROOT).join("tests/fixtures/sites/mirrors.toml")).unwrap()
}

/// A server running in the background of the test binary.
pub struct TestServer {
    pub addr: SocketAddr,
    pub state: AppState,
}

/// Serves `store` with `config` on a free loopback port, on its own runtime
/// thread, for the rest of the test binary.
pub fn serve(store: Store, config: ServerConfig) -> TestServer {
    serve_on(loopback_listener(), store, config)
}

/// A listener on a free loopback port: bind first when the store's base
/// IRI must be the server's own address (clients that follow the IRIs the
/// server writes, such as Linked Data Fragments clients).
pub fn loopback_listener() -> std::net::TcpListener {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap()
}

/// Serves `store` with `config` on `listener`, as [`serve`] does.
pub fn serve_on(listener: std::net::TcpListener, store: Store, config: ServerConfig) -> TestServer {
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    let state = AppState::new(store, config);
    let app = router(state.clone());
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            axum::serve(listener, app).await.unwrap();
        });
    });
    TestServer { addr, state }
}

/// The demo partners `partners` harvested from their mirrors into `store`.
pub fn harvest_partners(store: &Store, partners: &[&str]) {
    let harvester = Harvester::new(FetchPolicy::default(), demo_mirror())
        .unwrap()
        .into_store(store.clone());
    let mappings: Vec<_> = mapping::load_dir(&Path::new(ROOT).join("mappings"))
        .unwrap()
        .into_iter()
        .filter(|m| partners.contains(&m.partner.id.as_str()))
        .collect();
    assert_eq!(
        mappings.len(),
        partners.len(),
        "unknown partner in {partners:?}"
    );
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime
        .block_on(harvester.harvest_all(mappings, |_| Arc::new(Progress::default())))
        .unwrap();
}

/// The demo data served with the default configuration, once per binary.
pub fn demo_server() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(|| serve(demo_store(), ServerConfig::default()))
}

/// The ground truth of the demo sites (`expected.json`): every project,
/// with its partner id.
pub fn expected_projects() -> Vec<(String, serde_json::Value)> {
    let mappings = mapping::load_dir(&Path::new(ROOT).join("mappings")).unwrap();
    let mut projects = Vec::new();
    // The demo partners' sites: those of mirrors.toml (the other fixture
    // sites are for the harvester's own tests).
    let sites = Path::new(ROOT).join("tests/fixtures/sites");
    let mirrors: toml::Table =
        toml::from_str(&std::fs::read_to_string(sites.join("mirrors.toml")).unwrap()).unwrap();
    let mut directories: Vec<&str> = mirrors.values().filter_map(|v| v.as_str()).collect();
    directories.sort_unstable();
    directories.dedup();
    for directory in directories {
        let Ok(text) = std::fs::read_to_string(sites.join(directory).join("expected.json")) else {
            continue;
        };
        let site: serde_json::Value = serde_json::from_str(&text).unwrap();
        let partner = mappings
            .iter()
            .find(|m| m.partner.homepage.as_str() == site["homepage"])
            .map(|m| m.partner.id.clone())
            .unwrap();
        for project in site["projects"].as_array().unwrap() {
            projects.push((partner.clone(), project.clone()));
        }
    }
    assert_eq!(projects.len(), 410, "the demo sites hold 410 projects");
    projects
}
