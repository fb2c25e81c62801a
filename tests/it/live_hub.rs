//! A live hub refreshes itself: `carrefour serve` harvests on demand
//! (`POST /harvests`), for `carrefour harvest --data DIR` (the hand-off),
//! and on each partner's schedule, while readers only ever see a partner's
//! old data or its new data.
//!
//! Each test runs the real binary on a store of its own, over a copy of
//! the Drupal demo site whose detail pages the test removes between runs
//! (a removed page is a project gone: with `withdraw_after = 1`, the next
//! run withdraws it, so every run publishes a different count). Loopback
//! only; every wait is bounded.

use crate::common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::http::{Response, form_encode, get, post};

pub(crate) const BIN: &str = env!("CARGO_BIN_EXE_carrefour");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");
pub(crate) const PARTNER: &str = "fondation-territoires";
const ORIGIN: &str = "https://www.fondation-territoires.example/";
const TOKEN: &str = "a-test-update-token";

#[test]
fn harvests_through_the_api_and_the_command_line_swap_a_partner_at_once() {
    let hub = Hub::new("");
    hub.harvest_here();
    let mut server = Server::start(&hub, &[]);
    let before = count(server.address);
    assert!(before > 50, "the first harvest published {before} projects");

    // Through the API: refusals first…
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    let body = format!("partner={PARTNER}");
    let anonymous = post(server.address, "/harvests", &form, body.as_bytes());
    assert_eq!(anonymous.status, 401, "{}", anonymous.text());
    let wrong = [form[0], ("Authorization", "Bearer not-the-token")];
    assert_eq!(
        post(server.address, "/harvests", &wrong, body.as_bytes()).status,
        403
    );
    let unknown = post(server.address, "/harvests", &hub.auth(), b"partner=avise");
    assert_eq!(unknown.status, 404, "{}", unknown.text());
    assert!(
        unknown.text().contains(PARTNER),
        "names the known partners: {}",
        unknown.text()
    );

    // …then a harvest that withdraws ten projects, read all along.
    hub.remove_projects(0..10);
    let reader = Reader::start(server.address);
    let accepted = post(server.address, "/harvests", &hub.auth(), body.as_bytes());
    assert_eq!(accepted.status, 202, "{}", accepted.text());
    let location = accepted.header("location").unwrap().to_owned();
    assert!(location.starts_with("/harvests/"), "{location}");
    assert_eq!(accepted.json()["state"], "queued");
    let again = post(server.address, "/harvests", &hub.auth(), body.as_bytes());
    assert_eq!(again.status, 409, "{}", again.text());
    assert_eq!(again.header("location"), Some(location.as_str()));
    let json = [("Content-Type", "application/json"), hub.auth()[1]];
    let as_json = format!(r#"{{"partner": "{PARTNER}"}}"#);
    assert_eq!(
        post(server.address, "/harvests", &json, as_json.as_bytes()).status,
        409
    );
    assert_eq!(get(server.address, &location, &[]).status, 401);

    let run = follow(server.address, &location, &hub.auth()[1..]);
    assert_eq!(run["state"], "done", "{run}");
    assert_eq!(run["failed"], false, "{run}");
    let after = count(server.address);
    assert_eq!(after, before - 10, "{run}");
    assert_eq!(run["verdict"]["projects"], after);
    assert_eq!(run["report"]["tombstoned"], 10);
    reader.stop_and_check(&[before, after]);

    // Through `carrefour harvest --data DIR`: handed to the server.
    hub.remove_projects(10..20);
    let reader = Reader::start(server.address);
    let output = hub.carrefour(&[
        "harvest",
        "--data",
        &hub.data(),
        "--mappings",
        &hub.mappings(),
        PARTNER,
    ]);
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(output.status.success(), "{log}");
    assert!(log.contains("handing the harvests to it"), "{log}");
    let handed = count(server.address);
    assert_eq!(handed, after - 10, "{log}");
    assert!(
        log.contains(&format!("published {handed} projects (previously {after})")),
        "{log}"
    );
    reader.stop_and_check(&[after, handed]);

    // A run that fails its checks exits non-zero and keeps the data.
    hub.remove_projects(20..70);
    let output = hub.carrefour(&[
        "harvest",
        "--data",
        &hub.data(),
        "--mappings",
        &hub.mappings(),
        PARTNER,
    ]);
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{log}");
    assert!(log.contains("FAILED, last good data kept"), "{log}");
    assert_eq!(count(server.address), handed);

    // The public source health: every run, no secret, no path.
    let health = get(server.address, "/harvests", &[]);
    assert_eq!(health.status, 200, "{}", health.text());
    let partners = health.json()["partners"].as_array().unwrap().clone();
    let runs = partners[0]["runs"].as_array().unwrap();
    assert_eq!(partners[0]["partner"], PARTNER);
    let verdicts: Vec<&str> = runs
        .iter()
        .map(|r| r["verdict"].as_str().unwrap())
        .collect();
    assert_eq!(verdicts, ["failed", "published", "published", "published"]);
    assert_eq!(runs[1]["projects"], handed);
    let text = health.text();
    let secret = hub.server_file()["secret"].as_str().unwrap().to_owned();
    for private in [TOKEN, secret.as_str(), hub.data().as_str(), "reasons"] {
        assert!(!text.contains(private), "{private:?} in {text}");
    }

    // Stopping removes the announcement; the store is free again.
    let stopped = server.terminate();
    assert!(stopped.success(), "{stopped:?}\n{}", server.log());
    assert!(!hub.dir.path().join("data/server.json").exists());
}

#[test]
fn without_a_server_a_held_store_says_what_to_do() {
    let hub = Hub::new("");
    let store = carrefour::store::Store::open(
        &hub.dir.path().join("data"),
        carrefour::record::BaseIri::new(common::BASE).unwrap(),
    )
    .unwrap();
    let output = hub.carrefour(&[
        "harvest",
        "--data",
        &hub.data(),
        "--mappings",
        &hub.mappings(),
        PARTNER,
    ]);
    let log = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(!output.status.success(), "{log}");
    assert!(log.contains("in use by another process"), "{log}");
    assert!(log.contains("start `carrefour serve --data"), "{log}");
    // A dry run never needs the store.
    let dry = hub.carrefour(&[
        "harvest",
        "--dry-run",
        "--mirror",
        &hub.path("mirrors.toml"),
        "--mappings",
        &hub.mappings(),
        "--data",
        &hub.data(),
        PARTNER,
    ]);
    assert!(
        dry.status.success(),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    drop(store);
}

#[test]
fn a_scheduled_harvest_fires_on_its_own() {
    let hub = Hub::new("[schedule]\nevery = \"2s\"\njitter = 0\n");
    hub.harvest_here();
    let mut server = Server::start(&hub, &["--max-concurrent-harvests", "1"]);
    let deadline = Instant::now() + Duration::from_secs(120);
    let runs = loop {
        let health = get(server.address, "/harvests", &[]).json();
        let partner = &health["partners"][0];
        assert_eq!(partner["every"], "2s", "{health}");
        let runs = partner["runs"].as_array().cloned().unwrap_or_default();
        if runs.len() >= 3 {
            break runs;
        }
        assert!(Instant::now() < deadline, "no scheduled harvest: {health}");
        std::thread::sleep(Duration::from_millis(200));
    };
    // The first run is the command line's; the next ones came on their own.
    assert!(runs.iter().all(|r| r["verdict"] == "published"), "{runs:?}");
    let starts: BTreeSet<&str> = runs
        .iter()
        .map(|r| r["started_at"].as_str().unwrap())
        .collect();
    assert_eq!(starts.len(), runs.len());
    let log = server.log();
    assert!(log.contains("trigger=Schedule"), "{log}");
    let stopped = server.terminate();
    assert!(stopped.success(), "{stopped:?}\n{}", server.log());
}

/// A hub's directory: a copy of the Drupal demo site, its mirrors file,
/// the partner's mapping (withdrawing a project missed once), the data
/// directory and the update token.
pub(crate) struct Hub {
    pub(crate) dir: tempfile::TempDir,
}

impl Hub {
    pub(crate) fn new(schedule: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let sites = Path::new(ROOT).join("tests/fixtures/sites");
        copy_dir(&sites.join("drupal-fondation"), &dir.path().join("site"));
        std::fs::write(
            dir.path().join("mirrors.toml"),
            format!("\"{ORIGIN}\" = \"site\"\n"),
        )
        .unwrap();
        let mapping = std::fs::read_to_string(
            Path::new(ROOT)
                .join("mappings")
                .join(format!("{PARTNER}.toml")),
        )
        .unwrap()
        .replace("[checks]\n", "[checks]\nwithdraw_after = 1\n");
        std::fs::create_dir(dir.path().join("mappings")).unwrap();
        std::fs::write(
            dir.path().join("mappings").join(format!("{PARTNER}.toml")),
            format!("{mapping}\n{schedule}"),
        )
        .unwrap();
        let token = dir.path().join("token");
        std::fs::write(&token, TOKEN).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&token, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        Hub { dir }
    }

    pub(crate) fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_str().unwrap().to_owned()
    }

    pub(crate) fn data(&self) -> String {
        self.path("data")
    }

    pub(crate) fn mappings(&self) -> String {
        self.path("mappings")
    }

    pub(crate) fn carrefour(&self, args: &[&str]) -> Output {
        Command::new(BIN)
            .args(args)
            .current_dir(ROOT)
            .env("RUST_LOG", "info")
            .output()
            .unwrap()
    }

    /// The arguments of a harvest of the partner from the hub's site.
    pub(crate) fn harvest_args(&self) -> Vec<String> {
        let args = [
            "harvest",
            "--data",
            &self.data(),
            "--mappings",
            &self.mappings(),
        ];
        let site = ["--mirror", &self.path("mirrors.toml"), PARTNER];
        args.iter().chain(&site).map(|a| a.to_string()).collect()
    }

    /// A first harvest, in this process's stead: the store is free.
    pub(crate) fn harvest_here(&self) {
        let output = Command::new(BIN)
            .args(self.harvest_args())
            .current_dir(ROOT)
            .env("RUST_LOG", "info")
            .output()
            .unwrap();
        let log = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{log}");
        assert!(!log.contains("handing"), "{log}");
    }

    /// Removes the detail pages of the demo site's projects `range`.
    pub(crate) fn remove_projects(&self, range: std::ops::Range<usize>) {
        let truth = std::fs::read_to_string(self.dir.path().join("site/expected.json")).unwrap();
        let truth: serde_json::Value = serde_json::from_str(&truth).unwrap();
        for project in &truth["projects"].as_array().unwrap()[range] {
            let url = project["source"].as_str().unwrap();
            let file = self
                .dir
                .path()
                .join("site")
                .join(url.strip_prefix(ORIGIN).unwrap());
            std::fs::remove_file(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        }
    }

    /// The headers of a token holder's form POST.
    pub(crate) fn auth(&self) -> [(&'static str, &'static str); 2] {
        [
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", "Bearer a-test-update-token"),
        ]
    }

    pub(crate) fn server_file(&self) -> serde_json::Value {
        let text = std::fs::read_to_string(self.dir.path().join("data/server.json")).unwrap();
        serde_json::from_str(&text).unwrap()
    }
}

/// `carrefour serve` over a hub, killed on drop; its log kept.
pub(crate) struct Server {
    child: Child,
    pub(crate) address: SocketAddr,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub(crate) fn start(hub: &Hub, extra: &[&str]) -> Self {
        Self::start_with_env(hub, extra, &[])
    }

    /// [`Server::start`] with more environment variables for the server.
    pub(crate) fn start_with_env(hub: &Hub, extra: &[&str], env: &[(&str, &str)]) -> Self {
        let mut child = Command::new(BIN)
            .args([
                "serve",
                "--data",
                &hub.data(),
                "--mappings",
                &hub.mappings(),
            ])
            .args([
                "--mirror",
                &hub.path("mirrors.toml"),
                "--update-token-file",
                &hub.path("token"),
            ])
            .args(["--bind", "127.0.0.1:0"])
            .args(extra)
            .current_dir(ROOT)
            .env("RUST_LOG", "info")
            .envs(env.iter().copied())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let mut seen = Vec::new();
        let address: SocketAddr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                panic!(
                    "the server never said where it listens:\n{}",
                    seen.join("\n")
                );
            };
            if let Some(rest) = line.split("serving: http://").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
            seen.push(line);
        };
        // Keep reading the log, so the server never blocks on a full pipe.
        let log = Arc::new(Mutex::new(seen));
        let keep = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                keep.lock().unwrap().push(line);
            }
        });
        let announced = hub.server_file();
        assert_eq!(announced["address"], address.to_string());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = hub.dir.path().join("data/server.json");
            let mode = std::fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "server.json is private");
        }
        Server {
            child,
            address,
            log,
        }
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn log(&self) -> String {
        self.log.lock().unwrap().join("\n")
    }

    /// SIGTERM, and the exit status within 15 s: a round's step in flight
    /// (compaction, dumps: seconds in a debug build on a loaded machine)
    /// ends first. The log stays readable.
    pub(crate) fn terminate(&mut self) -> std::process::ExitStatus {
        let sent = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "still running 15 s after SIGTERM:\n{}",
                self.log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A reader counting the partner's projects in a loop.
struct Reader {
    stop: Arc<AtomicBool>,
    counts: std::thread::JoinHandle<Vec<u64>>,
}

impl Reader {
    fn start(address: SocketAddr) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = Arc::clone(&stop);
        let counts = std::thread::spawn(move || {
            let mut counts = Vec::new();
            while !stopping.load(Ordering::SeqCst) {
                counts.push(count(address));
                std::thread::sleep(Duration::from_millis(10));
            }
            counts
        });
        Reader { stop, counts }
    }

    /// Stops reading; every count read was one of `allowed`, and each was seen.
    fn stop_and_check(self, allowed: &[u64]) {
        // One more count after the change, so the new one is seen too.
        std::thread::sleep(Duration::from_millis(50));
        self.stop.store(true, Ordering::SeqCst);
        let counts = self.counts.join().unwrap();
        let seen: BTreeSet<u64> = counts.iter().copied().collect();
        let allowed: BTreeSet<u64> = allowed.iter().copied().collect();
        assert_eq!(seen, allowed, "{} counts read: {counts:?}", counts.len());
    }
}

/// How many projects the partner publishes, by SPARQL.
pub(crate) fn count(address: SocketAddr) -> u64 {
    let query = format!(
        "PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> \
         PREFIX schema: <http://schema.org/> \
         SELECT (COUNT(DISTINCT ?project) AS ?n) WHERE {{ \
           GRAPH <{base}graph/provenance> {{ \
             ?record prov:wasAttributedTo <{base}id/partner/{PARTNER}> ; foaf:primaryTopic ?project }} \
           GRAPH ?record {{ ?project a schema:Project }} }}",
        base = common::BASE
    );
    let response = get(
        address,
        &format!("/sparql?query={}", form_encode(&query)),
        &[("Accept", "text/csv")],
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let text = response.text();
    let value = text.lines().nth(1).unwrap_or_default().trim();
    value
        .parse()
        .unwrap_or_else(|_| panic!("not a count: {text}"))
}

/// Follows a run until it is over; its last state.
pub(crate) fn follow(
    address: SocketAddr,
    location: &str,
    auth: &[(&str, &str)],
) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let response: Response = get(address, location, auth);
        assert_eq!(response.status, 200, "{}", response.text());
        let run = response.json();
        if run["state"] == "done" || run["state"] == "failed" {
            return run;
        }
        assert!(Instant::now() < deadline, "the run never ended: {run}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
