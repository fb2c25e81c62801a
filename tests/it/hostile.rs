//! The public endpoint against a hostile visitor (issue 9): query
//! injection through every parameter, runaway and memory-hungry queries,
//! and a shutdown while they run. Loopback only, every wait bounded.
//!
//! The injection tests run on the in-process demo server. The runaway,
//! memory and shutdown tests run the real `carrefour` binary, so that the
//! CPU time, resident memory and signals measured are those of a server
//! process alone.

use crate::common;

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::demo::demo_server;
use common::http::{Response, form_encode, get};

const BIN: &str = env!("CARGO_BIN_EXE_carrefour");

/// Values meant to break out of a query: the issue's organisation IRI, a
/// string literal closed early, an IRI closed early, a number followed by
/// a pattern, an update.
fn payloads(base: &str) -> Vec<String> {
    vec![
        format!(
            "{base}id/organisation/scic-atelier-pixel> }} ?s1 ?p1 ?o1 . ?s2 ?p2 ?o2 . \
             FILTER(STR(?s1) != \"x\") OPTIONAL {{ ?zz ?yy <urn:z"
        ),
        "x\" } UNION { ?s ?p ?o } #".to_owned(),
        "sante> } ?s ?p ?o . { <x".to_owned(),
        "1) } ?s ?p ?o . FILTER(1".to_owned(),
        "1,2) } ?s ?p ?o . FILTER(1".to_owned(),
        "<http://x> } ; DROP ALL ; #".to_owned(),
        "%00\u{0}\r\nX-Injected: 1".to_owned(),
        "a".repeat(10_000),
    ]
}

/// Every query parameter of every route that takes values from the
/// client, with the path it goes to. (`query` and `update` on `/sparql`
/// are the client's own SPARQL: nothing to inject into.)
const PARAMETERS: [(&str, &str); 26] = [
    ("/api/projects", "theme"),
    ("/api/projects", "region"),
    ("/api/projects", "departement"),
    ("/api/projects", "near"),
    ("/api/projects", "radius_km"),
    ("/api/projects", "bbox"),
    ("/api/projects", "partner"),
    ("/api/projects", "stage"),
    ("/api/projects", "organisation"),
    ("/api/projects", "limit"),
    ("/api/projects", "page"),
    ("/api/projects", "format"),
    ("/doc/partner/avise", "page"),
    ("/doc/region/84", "page"),
    ("/void", "format"),
    ("/sparql", "example"),
    ("/sparql", "format"),
    ("/sparql?query=ASK%7B%7D", "default-graph-uri"),
    ("/sparql?query=ASK%7B%7D", "named-graph-uri"),
    ("/sparql?query=ASK%7B%7D", "format"),
    ("/fragments", "subject"),
    ("/fragments", "predicate"),
    ("/fragments", "object"),
    ("/fragments", "page"),
    ("/store", "graph"),
    ("/changes", "since"),
];

#[test]
fn injection_through_any_parameter_is_a_400() {
    let server = demo_server();
    for (path, parameter) in PARAMETERS {
        for payload in payloads(common::BASE) {
            let separator = if path.contains('?') { '&' } else { '?' };
            let target = format!("{path}{separator}{parameter}={}", form_encode(&payload));
            let response = get(server.addr, &target, &[]);
            assert_eq!(
                response.status,
                400,
                "{target}: {}",
                response.text().chars().take(300).collect::<String>()
            );
            assert!(
                response.text().contains(parameter) || parameter.ends_with("graph-uri"),
                "the message names {parameter}: {}",
                response.text()
            );
        }
    }
    // Path segments name things: a forged key is simply nothing we know.
    for payload in payloads(common::BASE) {
        let segment = form_encode(&payload).replace('+', "%20");
        for path in [
            format!("/id/organisation/{segment}"),
            format!("/doc/project/{segment}"),
            format!("/doc/project/{segment}.ttl"),
            format!("/dumps/{segment}"),
        ] {
            let response = get(server.addr, &path, &[]);
            assert!(
                matches!(response.status, 400 | 404),
                "{path}: {}",
                response.status
            );
        }
    }
    // No request left work behind.
    let slots = &server.state.slots;
    let max = server.state.config.max_concurrent_queries;
    let deadline = Instant::now() + Duration::from_secs(5);
    while slots.available() < max {
        assert!(
            Instant::now() < deadline,
            "a hostile request is still running"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// No `format!` (or `write!`) outside the SPARQL endpoint writes SPARQL:
/// our own queries are built with `store::Sparql`, which takes request
/// values only as validated terms. The endpoint itself evaluates the
/// client's own query text.
#[test]
fn no_query_is_formatted_from_strings() {
    let keywords = regex::Regex::new(
        r"\b(SELECT\s+[?*(]|CONSTRUCT\s*\{|ASK\s*\{|DESCRIBE\s+[?<]|WHERE\s*\{|GRAPH\s+[?<{]|FILTER\s*\(|OPTIONAL\s*\{|VALUES\s+[?(]|INSERT\s*(DATA\s*)?\{|DELETE\s*(DATA\s*|WHERE\s*)?\{|PREFIX\s+\w*:)",
    )
    .unwrap();
    let macros =
        regex::Regex::new(r#"(format|write|writeln|format_args)!\s*\(\s*(?:[^,"]*,\s*)?r?#*""#)
            .unwrap();
    let mut offenders = Vec::new();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for file in rust_files(&root) {
        let relative = file
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        if relative.starts_with("server/sparql/") || relative == "store/sparql.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        for found in macros.find_iter(&text) {
            let literal = first_literal(&text[found.end() - 1..]);
            if keywords.is_match(literal) {
                let line = text[..found.start()].lines().count() + 1;
                offenders.push(format!("src/{relative}:{line}"));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "SPARQL built with format!: use store::Sparql instead: {offenders:?}"
    );
}

/// The string literal starting at `text` (after its opening quote).
fn first_literal(text: &str) -> &str {
    let body = &text[1..];
    let mut escaped = false;
    for (i, c) in body.char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return &body[..i],
            _ => escaped = false,
        }
    }
    body
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    files
}

/// Eight runaway shapes, one per query slot.
const RUNAWAYS: [&str; 8] = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?c",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c OPTIONAL { ?d ?e ?f . ?g ?h ?i } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STR(?a) != STR(?g) && ?c = ?i) }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a (<urn:x>|!<urn:x>)* ?b . ?c ?d ?e }",
    "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a WHERE { ?a ?b ?c . ?d ?e ?f } } ?g ?h ?i }",
    "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 9 10 } ?a ?b ?c . ?d ?e ?f . ?g ?h ?i MINUS { ?a ?b 42 } }",
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . FILTER NOT EXISTS { ?g ?h ?c . ?i ?j ?f } }",
];

/// More shapes, after the first eight have stopped: sorting, removing
/// duplicates and a product of inline data, which materialise their input
/// before the first row comes out.
const MORE_RUNAWAYS: [&str; 3] = [
    "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(?c = ?i) } ORDER BY ?a ?d LIMIT 1",
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?a ?e WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } }",
    "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 } VALUES ?y { 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 } ?a ?b ?c . ?d ?e ?f }",
];

/// Grows past any small memory budget: a product sorted in memory.
const MEMORY_BOMB: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 10";

/// Sends `shapes` at once: each gets its error (503 at the time limit, 422
/// at the memory budget, or a cut transfer) no earlier than the limit for a
/// timeout and soon after it; a simple query is answered within 2 s after
/// the limit; within 1 s after that, the process uses no more CPU.
fn stop_at_the_limit(server: &Server, shapes: &'static [&'static str], limit: Duration) {
    let started = Instant::now();
    let runaways: Vec<_> = shapes
        .iter()
        .map(|sparql| {
            let address = server.address;
            std::thread::spawn(move || (sparql_get(address, sparql), started.elapsed()))
        })
        .collect();
    for (runaway, sparql) in runaways.into_iter().zip(shapes) {
        let (response, at) = runaway.join().unwrap();
        assert!(
            matches!(response.status, 503 | 422) || !response.complete,
            "{sparql}: {} {}",
            response.status,
            response.text()
        );
        if response.status == 503 {
            assert!(
                at >= limit - Duration::from_millis(500),
                "{sparql}: timed out after {at:?}, before the limit"
            );
        }
    }
    let answered = started.elapsed();
    assert!(
        answered < limit + Duration::from_secs(3),
        "answered after {answered:?}"
    );
    // …a simple query is answered within 2 s after the limit…
    let simple = sparql_get(server.address, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1");
    assert_eq!(simple.status, 200, "{}", simple.text());
    let at = started.elapsed();
    assert!(
        at < limit + Duration::from_secs(2),
        "simple query answered at {at:?}"
    );
    // …and the evaluations stopped: within 1 s, the process uses no more CPU.
    std::thread::sleep(Duration::from_secs(1));
    let before = server.cpu_ticks();
    std::thread::sleep(Duration::from_secs(2));
    let used = server.cpu_ticks() - before;
    assert!(
        used <= 10,
        "the server used {used} ticks of CPU after the queries were answered"
    );
}

#[test]
fn runaway_queries_stop_at_the_limit_memory_bombs_are_stopped_and_sigterm_ends_it_all() {
    let data = tempfile::tempdir().unwrap();
    let limit = Duration::from_secs(3);
    let mut server = Server::demo(data.path(), limit, "96M");

    // Eight runaways at once (three more shapes after the memory bomb):
    // each wave gets its errors at the limit, then a simple query is
    // answered and the evaluations use no more CPU.
    stop_at_the_limit(&server, &RUNAWAYS, limit);

    // A memory bomb is stopped at its budget, and the memory comes back.
    let resting = server.rss_kib();
    let address = server.address;
    let bomb = std::thread::spawn(move || sparql_get(address, MEMORY_BOMB));
    let mut peak = resting;
    while !bomb.is_finished() {
        peak = peak.max(server.rss_kib());
        std::thread::sleep(Duration::from_millis(20));
    }
    let response = bomb.join().unwrap();
    assert_eq!(response.status, 422, "{}", response.text());
    assert!(response.text().contains("96 MiB"), "{}", response.text());
    let deadline = Instant::now() + Duration::from_secs(5);
    let mut after = server.rss_kib();
    while after > resting + 48 * 1024 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        after = server.rss_kib();
    }
    assert!(
        after <= resting + 48 * 1024,
        "resident memory stays high: {resting} KiB before, {peak} KiB at the peak, {after} KiB after"
    );
    stop_at_the_limit(&server, &MORE_RUNAWAYS, limit);

    // SIGTERM with runaways in flight: the process exits within 5 s…
    let address = server.address;
    let in_flight: Vec<_> = RUNAWAYS[..4]
        .iter()
        .map(|sparql| std::thread::spawn(move || sparql_get(address, sparql)))
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let signalled = Instant::now();
    server.terminate();
    let status = server.wait_for_exit(Duration::from_secs(5));
    assert!(status.is_some(), "still running 5 s after SIGTERM");
    assert!(status.unwrap().success(), "exit status {status:?}");
    for query in in_flight {
        let response = query.join().unwrap();
        assert_ne!(response.status, 200, "a runaway cannot succeed");
    }
    assert!(signalled.elapsed() < Duration::from_secs(5));
    // …and the store reopens with its data.
    let dump = Command::new(BIN)
        .args(["dump", "--data"])
        .arg(data.path())
        .output()
        .unwrap();
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let quads = String::from_utf8_lossy(&dump.stdout).lines().count();
    assert!(quads > 10_000, "only {quads} quads after reopening");
}

fn sparql_get(address: std::net::SocketAddr, sparql: &str) -> Response {
    get(
        address,
        &format!("/sparql?query={}", form_encode(sparql)),
        &[],
    )
}

/// `carrefour demo` in a child process, killed on drop.
struct Server {
    child: Child,
    address: std::net::SocketAddr,
}

impl Server {
    /// Harvests the demo sites into `data` and serves them with a short
    /// time limit and a small memory budget.
    fn demo(data: &Path, timeout: Duration, memory: &str) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut child = Command::new(BIN)
            .arg("demo")
            .arg("--data")
            .arg(data)
            .args(["--bind", "127.0.0.1:0", "--query-memory", memory])
            .args(["--query-timeout", &timeout.as_secs().to_string()])
            .current_dir(root)
            .env("RUST_LOG", "info")
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = BufReader::new(child.stderr.take().unwrap());
        let mut address = None;
        let mut seen = Vec::new();
        for line in stderr.lines() {
            let line = line.unwrap();
            if let Some(rest) = line.split("serving: http://").nth(1) {
                address = rest.split('/').next().and_then(|a| a.parse().ok());
                break;
            }
            seen.push(line);
        }
        let Some(address) = address else {
            let _ = child.kill();
            panic!(
                "the server never said where it listens:\n{}",
                seen.join("\n")
            );
        };
        let server = Server { child, address };
        // The demo writes its dumps in the background after it starts:
        // wait until the server is idle, so that work is not counted
        // against the queries.
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let before = server.cpu_ticks();
            std::thread::sleep(Duration::from_millis(500));
            if server.cpu_ticks() - before <= 2 {
                break;
            }
            assert!(Instant::now() < deadline, "the demo never settled");
        }
        server
    }

    /// User and system CPU time of the server, in clock ticks (1/100 s).
    fn cpu_ticks(&self) -> u64 {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.child.id())).unwrap();
        // Fields after the command name, which is in parentheses.
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap()
    }

    /// Resident memory of the server, in KiB.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap()
    }

    fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
    }

    fn wait_for_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + within;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
