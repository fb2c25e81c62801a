//! Reliability under load and under crashes (issue 11): 64 clients of mixed
//! traffic while a partner is re-harvested twice see no error and only
//! whole partners, with the server's memory flat; `kill -9` during a
//! harvest and during a `load` leaves a store that reopens with the last
//! good data, and the next harvest completes.
//!
//! Real binary, loopback only, every wait bounded. The load test is
//! `#[ignore]`d so that it never runs beside timing-sensitive tests:
//! `tests/run` runs it alone afterwards (`cargo test --test it -- --ignored
//! reliability::`). The load lasts `CARREFOUR_LOAD_SECONDS` (default 10;
//! the full minute with `CARREFOUR_LOAD_SECONDS=60`).

use std::collections::BTreeSet;
use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::http::{Response, form_encode, get};
use crate::live_hub::{BIN, Hub, PARTNER, Server, count, follow};

const CLIENTS: usize = 64;

/// Each client's pause between two requests. The test checks correctness
/// under concurrency (no error, whole partners, flat memory), not
/// throughput, which `bench/` measures on a release build: a debug build
/// on two cores serves a few hundred requests a second, and 64 clients
/// asking without a pause would only measure its queue.
const THINK: Duration = Duration::from_millis(300);

/// The time over which the clients arrive.
const RAMP_UP: Duration = Duration::from_secs(2);

/// What every client saw: the failures (path and status) and the
/// partner's project counts read by SPARQL.
#[derive(Default)]
struct Seen {
    failures: Vec<String>,
    counts: BTreeSet<u64>,
    requests: u64,
    /// 429s answered with `Retry-After` and retried.
    refused: u64,
}

#[test]
#[ignore = "a load test: tests/run runs it alone, after the others"]
fn sixty_four_clients_see_no_error_and_whole_partners_during_re_harvests() {
    let hub = Hub::new("");
    hub.harvest_here();
    // Memory freed is given back at once, so that the resident memory
    // measured below is what the server holds, not what mimalloc keeps
    // for a while after a harvest freed it (≈ 40 MB here, which made the
    // check below fail one run in three).
    let server = Server::start_with_env(&hub, &[], &[("MIMALLOC_PURGE_DELAY", "0")]);
    let address = server.address;
    let before = count(address);
    let project = first_project(address);
    let seconds: u64 = std::env::var("CARREFOUR_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);

    let stop = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new(Seen::default()));
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let (stop, seen, project) = (Arc::clone(&stop), Arc::clone(&seen), project.clone());
            std::thread::spawn(move || mixed_traffic(address, client, &project, &stop, &seen))
        })
        .collect();

    // Warm: every client arrived and every cache filled once, then the
    // memory the load starts at.
    std::thread::sleep(RAMP_UP + Duration::from_secs(1));
    let warm = resident_kib(server.pid());
    let started = Instant::now();
    let mut allowed = vec![before];
    for range in [0..10, 10..20] {
        hub.remove_projects(range);
        let run = harvest_through_the_api(&hub, address);
        assert_eq!(run["verdict"]["status"], "published", "{run}");
        allowed.push(run["verdict"]["projects"].as_u64().unwrap());
    }
    let rest = Duration::from_secs(seconds).saturating_sub(started.elapsed());
    std::thread::sleep(rest);
    stop.store(true, Ordering::SeqCst);
    for client in clients {
        client.join().unwrap();
    }
    let end = resident_kib(server.pid());

    let seen = seen.lock().unwrap();
    eprintln!(
        "{} requests ({} retried after a 429), counts seen {:?}, resident memory {warm} KiB warm, {end} KiB at the end",
        seen.requests, seen.refused, seen.counts
    );
    if !seen.failures.is_empty() {
        eprintln!(
            "the server's slow requests:\n{}",
            slow_requests(&server.log())
        );
    }
    assert!(
        seen.failures.is_empty(),
        "{} of {} requests failed, first ones: {:?}",
        seen.failures.len(),
        seen.requests,
        &seen.failures[..seen.failures.len().min(10)]
    );
    let allowed: BTreeSet<u64> = allowed.into_iter().collect();
    assert!(
        seen.counts.is_subset(&allowed),
        "a partial partner was seen: counts {:?}, allowed {allowed:?}",
        seen.counts
    );
    assert!(
        seen.counts.len() >= 2,
        "the re-harvests were seen: {:?}",
        seen.counts
    );
    // Flat: the caches are bounded, nothing grows with the requests served.
    // What two re-harvests leave (new indexes, search index, store buffers)
    // grew the resident memory by 62-87 MB from 105-118 MB warm in 8 runs
    // (2026-12-06); a leak of even 30 KB per request would add 60 MB more.
    assert!(
        end <= warm + warm / 2 + 64 * 1024,
        "resident memory grew from {warm} KiB to {end} KiB over {} requests",
        seen.requests
    );
}

/// One client: SPARQL (the partner's count, a cached aggregate), the
/// project's document in three formats, API pages, VoID and the dump, in
/// turn, until told to stop.
fn mixed_traffic(
    address: SocketAddr,
    client: usize,
    project: &str,
    stop: &AtomicBool,
    seen: &Mutex<Seen>,
) {
    let by_theme = form_encode(
        "SELECT ?theme (COUNT(?p) AS ?n) WHERE { ?p dct:subject ?theme } GROUP BY ?theme",
    );
    let requests: [(String, &str); 8] = [
        (String::new(), "count"),
        (
            format!("/sparql?query={by_theme}"),
            "application/sparql-results+json",
        ),
        (project.to_owned(), "application/ld+json"),
        (project.to_owned(), "text/turtle"),
        (project.to_owned(), "text/html"),
        (
            format!("/api/projects?page={}", 1 + client % 3),
            "application/ld+json",
        ),
        ("/void".to_owned(), "text/turtle"),
        ("/dumps/carrefour.nq.gz".to_owned(), "*/*"),
    ];
    // Clients arrive over two seconds, as they would, rather than all in
    // the same millisecond on empty caches.
    std::thread::sleep(RAMP_UP * client as u32 / CLIENTS as u32);
    let mut turn = client;
    while !stop.load(Ordering::SeqCst) {
        std::thread::sleep(THINK);
        let (path, accept) = &requests[turn % requests.len()];
        turn += 1;
        if *accept == "count" {
            let n = count(address);
            let mut seen = seen.lock().unwrap();
            seen.counts.insert(n);
            seen.requests += 1;
            continue;
        }
        let (response, refused) = get_honouring_retry_after(address, path, accept);
        let mut seen = seen.lock().unwrap();
        seen.requests += 1;
        seen.refused += refused;
        if response.status != 200 {
            seen.failures
                .push(format!("{path} ({accept}): {}", response.status));
        }
    }
}

/// `GET path`, asked again after a 429 as its `Retry-After` says (at most
/// three times), as a client of an overloaded server should: the server's
/// backpressure is not a failure, a request that never gets through is.
fn get_honouring_retry_after(address: SocketAddr, path: &str, accept: &str) -> (Response, u64) {
    let mut refused = 0;
    loop {
        let response = get(address, path, &[("Accept", accept)]);
        let retry_after = response
            .header("retry-after")
            .and_then(|s| s.parse::<u64>().ok());
        match retry_after {
            Some(seconds) if response.status == 429 && refused < 3 => {
                refused += 1;
                std::thread::sleep(Duration::from_secs(seconds.min(1)));
            }
            _ => return (response, refused),
        }
    }
}

/// `POST /harvests` for the partner, followed to its end.
fn harvest_through_the_api(hub: &Hub, address: SocketAddr) -> serde_json::Value {
    let body = format!("partner={PARTNER}");
    let accepted = crate::common::http::post(address, "/harvests", &hub.auth(), body.as_bytes());
    assert_eq!(accepted.status, 202, "{}", accepted.text());
    let location = accepted.header("location").unwrap().to_owned();
    let run = follow(address, &location, &hub.auth()[1..]);
    assert_eq!(run["state"], "done", "{run}");
    run
}

/// The path of one published project's document (where its IRI's 303 leads).
fn first_project(address: SocketAddr) -> String {
    let page = get(
        address,
        "/api/projects?limit=1",
        &[("Accept", "application/json")],
    );
    assert_eq!(page.status, 200, "{}", page.text());
    let id = page.json()["member"][0]["id"].as_str().unwrap().to_owned();
    let (_, key) = id.split_once("/id/").unwrap();
    let redirect = get(address, &format!("/id/{key}"), &[]);
    assert_eq!(redirect.status, 303, "{}", redirect.text());
    let location = redirect.header("location").unwrap();
    let path = location
        .split_once("/doc/")
        .map(|(_, rest)| format!("/doc/{rest}"));
    path.unwrap_or_else(|| location.to_owned())
}

/// The request log lines of requests that took more than a second.
fn slow_requests(log: &str) -> String {
    let elapsed = |line: &str| -> Option<u64> {
        line.split("elapsed_ms=")
            .nth(1)?
            .split_whitespace()
            .next()?
            .parse()
            .ok()
    };
    let slow: Vec<&str> = log
        .lines()
        .filter(|line| elapsed(line).is_some_and(|ms| ms > 1000) || line.contains("WARN"))
        .collect();
    slow.join("\n")
}

fn resident_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kib| kib.parse().ok())
        .unwrap()
}

/// `kill -9` at several points of a harvest that replaces the partner's
/// data: whatever the moment, the store reopens with the old data or the
/// new (never a mix), and the next harvest completes.
#[test]
fn a_harvest_killed_at_any_moment_leaves_the_last_good_data() {
    let hub = Hub::new("");
    hub.harvest_here();
    let good = published(&hub);
    assert!(good > 50, "{good}");
    hub.remove_projects(0..10);
    let mut seen = BTreeSet::new();
    for delay_ms in [50, 150, 300, 600, 1000] {
        let mut child = Command::new(BIN)
            .args(hub.harvest_args())
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = published(&hub);
        assert!(
            now == good || now == good - 10,
            "after a kill at {delay_ms} ms: {now} projects (old {good}, new {})",
            good - 10
        );
        seen.insert(now);
    }
    hub.harvest_here();
    assert_eq!(published(&hub), good - 10, "the next harvest completes");
    assert!(!seen.is_empty());
}

/// `kill -9` during `carrefour load` of a large file: the store reopens,
/// the harvested data is whole, and the next harvest completes.
#[test]
fn a_load_killed_midway_leaves_the_harvested_data() {
    let hub = Hub::new("");
    hub.harvest_here();
    let good = published(&hub);
    let file = hub.dir.path().join("big.nt");
    let mut text = String::new();
    for i in 0..400_000 {
        text.push_str(&format!(
            "<http://example.org/s{i}> <http://example.org/p> \"a value long enough to take some room {i}\" .\n"
        ));
    }
    std::fs::write(&file, text).unwrap();
    let mut child = Command::new(BIN)
        .args(["load", "--data", &hub.data(), file.to_str().unwrap()])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(400));
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(published(&hub), good, "the harvested data is whole");
    hub.remove_projects(0..5);
    hub.harvest_here();
    assert_eq!(published(&hub), good - 5, "the next harvest completes");
}

/// How many projects the partner publishes in the hub's store, read with
/// the library (the store opens as a server would: the killed process's
/// lock is gone with it).
fn published(hub: &Hub) -> u64 {
    let store = carrefour::store::Store::open(
        &hub.dir.path().join("data"),
        carrefour::record::BaseIri::new(crate::common::BASE).unwrap(),
    )
    .expect("the store reopens after a kill");
    store.partner_project_count(PARTNER).unwrap()
}
