//! The `carrefour` command, run as a user would.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_carrefour");

fn carrefour(args: &[&str]) -> std::process::Output {
    Command::new(BIN)
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_LOG", "info")
        .output()
        .unwrap()
}

/// A running `carrefour demo`/`serve`, killed on drop.
struct Server {
    child: Child,
    address: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `carrefour ARGS --bind 127.0.0.1:0` and waits for its address.
fn start(args: &[&str]) -> Server {
    let child = Command::new(BIN)
        .args(args)
        .args(["--bind", "127.0.0.1:0"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("RUST_LOG", "info")
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Owned by `Server` at once, so the process is killed whatever happens next.
    let mut server = Server {
        child,
        address: String::new(),
    };
    let stderr = BufReader::new(server.child.stderr.take().unwrap());
    let mut seen = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        if let Some(rest) = line.split("serving: http://").nth(1) {
            server.address = rest.split('/').next().unwrap().to_owned();
            return server;
        }
        seen.push(line);
    }
    panic!(
        "the server never said where it listens:\n{}",
        seen.join("\n")
    );
}

fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: carrefour.example\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split("\r\n\r\n")
        .nth(1)
        .unwrap_or_default()
        .to_owned();
    (status, body)
}

#[test]
fn every_subcommand_has_help() {
    for command in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["load", "--help"],
        vec!["dump", "--help"],
        vec!["reindex", "--help"],
        vec!["demo", "--help"],
        vec!["harvest", "--help"],
        vec!["mapping", "--help"],
        vec!["mapping", "check", "--help"],
        vec!["mapping", "explain", "--help"],
    ] {
        let output = carrefour(&command);
        assert!(output.status.success(), "{command:?}");
        let text = String::from_utf8(output.stdout).unwrap();
        assert!(text.contains("Usage: carrefour"), "{command:?}: {text}");
    }
}

#[test]
fn demo_harvests_the_bundled_sites_and_serves_health() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap();
    {
        let server = start(&["demo", "--data", data_dir]);
        // Any Host header: requests are routed by path.
        let (status, body) = get(&server.address, "/health");
        assert_eq!(status, 200, "{body}");
        assert!(body.contains("\"ok\""), "{body}");
        assert_eq!(get(&server.address, "/nothing-here").0, 404);
        // `dump` reads the store while the server holds it.
        let dump = carrefour(&["dump", "--data", data_dir, "--format", "nq"]);
        assert!(
            dump.status.success(),
            "{}",
            String::from_utf8_lossy(&dump.stderr)
        );
        let nquads = String::from_utf8(dump.stdout).unwrap();
        // Accents right, from the ISO-8859-1 demo site.
        assert!(nquads.contains("\"La Forge, colocation solidaire à Marseille\"@fr"));
        assert!(nquads.contains("<http://www.w3.org/ns/prov#wasAttributedTo> <http://localhost:7878/id/partner/reseau-ess-ouest>"));
    }
    // Serving the same store again: the data persisted.
    let server = start(&["serve", "--data", data_dir]);
    assert_eq!(get(&server.address, "/health").0, 200);
}

#[test]
fn load_then_dump_round_trips() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().join("store");
    let file = data.path().join("extra.nq");
    let quad = "<http://ex.org/s> <http://ex.org/p> \"é\" <http://ex.org/g> .";
    std::fs::write(&file, format!("{quad}\n")).unwrap();
    let load = carrefour(&[
        "load",
        "--data",
        data_dir.to_str().unwrap(),
        file.to_str().unwrap(),
    ]);
    assert!(
        load.status.success(),
        "{}",
        String::from_utf8_lossy(&load.stderr)
    );
    let dump = carrefour(&["dump", "--data", data_dir.to_str().unwrap()]);
    assert!(String::from_utf8(dump.stdout).unwrap().contains(quad));
}

#[test]
fn reindex_keeps_both_indexes_beside_the_store() {
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().join("store");
    let file = data.path().join("extra.nq");
    std::fs::write(&file, "<http://ex.org/s> <http://ex.org/p> \"o\" .\n").unwrap();
    let dir = data_dir.to_str().unwrap();
    assert!(
        carrefour(&["load", "--data", dir, file.to_str().unwrap()])
            .status
            .success()
    );
    let reindex = carrefour(&["reindex", "--data", dir]);
    let stderr = String::from_utf8_lossy(&reindex.stderr);
    assert!(reindex.status.success(), "{stderr}");
    assert!(stderr.contains("indexes rebuilt"), "{stderr}");
    let kept: Vec<String> = std::fs::read_dir(data_dir.join("derived"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    for prefix in ["project-index-v1-", "search-index-v1-"] {
        assert!(
            kept.iter().any(|f| f.starts_with(prefix)),
            "{prefix} in {kept:?}"
        );
    }
}

#[test]
fn a_malformed_mapping_names_file_field_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mappings = dir.path().join("mappings");
    std::fs::create_dir(&mappings).unwrap();
    std::fs::write(
        mappings.join("broken.toml"),
        "[partner]\nid = \"broken\"\nname = \"Cassé\"\nhomepage = \"pas une adresse\"\n",
    )
    .unwrap();
    let output = carrefour(&[
        "demo",
        "--data",
        dir.path().join("data").to_str().unwrap(),
        "--mappings",
        mappings.to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("broken.toml:4"), "{stderr}");
    assert!(stderr.contains("field `partner.homepage`"), "{stderr}");
    assert!(
        stderr.contains("relative URL") || stderr.contains("invalid"),
        "{stderr}"
    );
}

#[test]
fn a_bad_base_iri_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = carrefour(&[
        "load",
        "--data",
        dir.path().to_str().unwrap(),
        "--base-iri",
        "localhost",
        "x.nq",
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("invalid --base-iri"), "{stderr}");
    assert!(!Path::new(&dir.path().join("x.nq")).exists());
}

#[test]
fn every_bundled_mapping_checks() {
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings")).unwrap()
    {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            let output = carrefour(&["mapping", "check", path.to_str().unwrap()]);
            assert!(
                output.status.success(),
                "{}: {}",
                path.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
    }
}

#[test]
fn a_bad_selector_is_reported_with_file_field_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("mappings/solidarites-locales.toml"),
    )
    .unwrap();
    let file = dir.path().join("solidarites-locales.toml");
    std::fs::write(
        &file,
        original.replace("select = \"h1.titre\"", "select = \"h1..titre\""),
    )
    .unwrap();
    let output = carrefour(&["mapping", "check", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("solidarites-locales.toml:"), "{stderr}");
    assert!(stderr.contains("field `detail.field.select`"), "{stderr}");
    assert!(
        stderr.contains("invalid CSS selector \"h1..titre\""),
        "{stderr}"
    );
}

#[test]
fn mapping_explain_shows_each_rule() {
    let output = carrefour(&[
        "mapping",
        "explain",
        "mappings/solidarites-locales.toml",
        "https://www.solidarites-locales.example/spip.php?article108",
        "--mirror",
        "tests/fixtures/sites/mirrors.toml",
    ]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("windows-1252"), "{stdout}");
    assert!(stdout.contains("label \"Porteur\""), "{stdout}");
    assert!(
        stdout.contains("\"Régie de quartier Roue Libre\""),
        "{stdout}"
    );
    assert!(stdout.contains("\"Bègles\""), "{stdout}");
}

#[test]
fn harvest_dry_run_never_touches_the_store() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let output = carrefour(&[
        "harvest",
        "--dry-run",
        "--data",
        data.to_str().unwrap(),
        "--mirror",
        "tests/fixtures/sites/mirrors.toml",
        "tiers-lieux-solidaires",
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reports: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(reports[0]["verdict"]["status"], "dry-run");
    assert_eq!(reports[0]["items_kept"], 40);
    assert!(!data.exists(), "a dry run created the store");
}

#[test]
fn a_second_harvest_is_conditional_and_keeps_every_iri() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let args = [
        "harvest",
        "--data",
        data.to_str().unwrap(),
        "--mirror",
        "tests/fixtures/sites/mirrors.toml",
        "tiers-lieux-solidaires",
    ];
    let iris = || {
        let dump = carrefour(&["dump", "--data", data.to_str().unwrap()]);
        let text = String::from_utf8(dump.stdout).unwrap();
        let mut iris: Vec<String> = text
            .lines()
            .filter(|l| {
                l.contains(
                    "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://schema.org/Project>",
                )
            })
            .map(|l| l.split(' ').next().unwrap().to_owned())
            .collect();
        iris.sort();
        iris
    };
    assert!(carrefour(&args).status.success());
    let first = iris();
    assert_eq!(first.len(), 40);
    assert!(carrefour(&args).status.success());
    assert_eq!(iris(), first, "a re-harvest changed project IRIs");
    let mut reports: Vec<serde_json::Value> = std::fs::read_dir(data.join("reports"))
        .unwrap()
        .map(|e| {
            serde_json::from_str(&std::fs::read_to_string(e.unwrap().path()).unwrap()).unwrap()
        })
        .collect();
    reports.sort_by_key(|r| r["started_at"].as_str().unwrap_or_default().to_owned());
    assert_eq!(reports.len(), 2);
    assert_eq!(reports[1]["not_modified"], 40, "{}", reports[1]);
    assert_eq!(reports[1]["verdict"]["status"], "published");
}

/// Copies a directory tree (the mirror of a demo site).
fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn a_project_removed_from_the_site_answers_410_gone() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_tree(
        &root.join("tests/fixtures/sites/sitemap-tiers-lieux"),
        &dir.path().join("site"),
    );
    let mirrors = dir.path().join("mirrors.toml");
    std::fs::write(
        &mirrors,
        "\"https://www.tiers-lieux-solidaires.example/\" = \"site\"\n",
    )
    .unwrap();
    let data = dir.path().join("data");
    let harvest = || {
        let args = [
            "harvest",
            "--data",
            data.to_str().unwrap(),
            "--mirror",
            mirrors.to_str().unwrap(),
            "tiers-lieux-solidaires",
        ];
        let output = carrefour(&args);
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
    };
    harvest();

    // The partner takes one project off its sitemap.
    let sitemap = dir.path().join("site/sitemap-projets.xml");
    let text = std::fs::read_to_string(&sitemap).unwrap();
    let (head, rest) = text.split_once("<url>").unwrap();
    let (first, tail) = rest.split_once("</url>").unwrap();
    let removed = first
        .split("<loc>")
        .nth(1)
        .unwrap()
        .split("</loc>")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    std::fs::write(&sitemap, format!("{head}{tail}")).unwrap();
    // The project is withdrawn once two complete runs in a row (separate
    // processes here) have missed it (`checks.withdraw_after`, 2 by default).
    harvest();
    let source = carrefour::record::canonical_url(&removed).unwrap();
    let key = carrefour::record::project_key("tiers-lieux-solidaires", &source);
    {
        let server = start(&["serve", "--data", data.to_str().unwrap()]);
        let (status, body) = get(&server.address, &format!("/id/project/{key}"));
        assert_eq!(status, 303, "withdrawn after one miss: {body}");
    }
    harvest();

    let server = start(&["serve", "--data", data.to_str().unwrap()]);
    let (status, body) = get(&server.address, &format!("/id/project/{key}"));
    assert_eq!(status, 410, "{body}");
    assert!(
        body.contains("Tombstone") && body.contains(&removed),
        "{body}"
    );
    let second = text
        .split("<loc>")
        .nth(2)
        .unwrap()
        .split("</loc>")
        .next()
        .unwrap()
        .trim();
    let live = carrefour::record::project_key(
        "tiers-lieux-solidaires",
        &carrefour::record::canonical_url(second).unwrap(),
    );
    let (status, body) = get(&server.address, &format!("/id/project/{live}"));
    assert_eq!(status, 303, "{body}");
    let (status, body) = get(&server.address, &format!("/doc/project/{live}.ttl"));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("schema:Project"), "{body}");
    assert_eq!(get(&server.address, "/id/project/no-such-project").0, 404);
    assert_eq!(get(&server.address, "/id/unicorn/x").0, 404);
}

/// The first hour at the command line: a missing store says so (not "is
/// another process using it?"), arguments say what they are, `dump` has no
/// base IRI to set, environment defaults show no stray `=`, relative
/// defaults say what they are relative to.
#[test]
fn the_command_line_says_what_is_wrong_and_what_each_argument_is() {
    let missing = tempfile::tempdir().unwrap().path().join("nowhere");
    let output = carrefour(&["dump", "--data", missing.to_str().unwrap()]);
    assert!(!output.status.success());
    let said = String::from_utf8(output.stderr).unwrap();
    assert!(said.contains("the directory does not exist"), "{said}");
    assert!(!said.contains("another carrefour process"), "{said}");
    assert_eq!(
        said.matches("does not exist").count(),
        1,
        "said once: {said}"
    );

    // Help wraps its lines: compare with the whitespace collapsed.
    let help = |args: &[&str]| {
        let text = String::from_utf8(carrefour(args).stdout).unwrap();
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let check = help(&["mapping", "check", "--help"]);
    assert!(check.contains("The mapping file"), "{check}");
    let dump = help(&["dump", "--help"]);
    assert!(!dump.contains("--base-iri"), "{dump}");
    let serve = help(&["serve", "--help"]);
    assert!(serve.contains("[env: CARREFOUR_BASE_IRI]"), "{serve}");
    assert!(
        serve.contains("relative to the working directory"),
        "{serve}"
    );
}
