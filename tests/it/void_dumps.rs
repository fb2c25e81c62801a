//! The dataset as files and figures, over HTTP on the demo data: `/void`
//! and `/.well-known/void` (figures that match the store, the same graph in
//! every format) and the dumps (validators, contents, names, tombstones).

use crate::common;
use crate::datasets_common;

use std::collections::{BTreeSet, HashSet};
use std::io::Read;
use std::sync::OnceLock;

use carrefour::server::ServerConfig;
use carrefour::store::{Statistics, Store};
use common::demo::{TestServer, demo_store, serve};
use common::http::{self, Response};
use datasets_common::{expected_count, mapping, store_with_history};
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser};
use oxigraph::model::{Quad, Term, Triple};

const BASE: &str = common::BASE;
const JSON_LD: RdfFormat = RdfFormat::JsonLd {
    profile: JsonLdProfileSet::empty(),
};

/// The demo data served with its dumps written to a temporary directory.
struct Fixture {
    server: TestServer,
    store: Store,
    dumps: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let store = demo_store();
        let dumps = tempfile::tempdir().unwrap();
        store.write_dumps(dumps.path()).unwrap();
        let config = ServerConfig {
            dumps_dir: Some(dumps.path().to_owned()),
            ..ServerConfig::default()
        };
        Fixture {
            server: serve(store.clone(), config),
            store,
            dumps,
        }
    })
}

fn get(path: &str, headers: &[(&str, &str)]) -> Response {
    http::get(fixture().server.addr, path, headers)
}

fn statistics() -> Statistics {
    fixture().store.statistics().unwrap()
}

/// The triples of a VoID response, parsed in `format`.
fn void_triples(path: &str, accept: &str, format: RdfFormat) -> HashSet<Triple> {
    let response = get(path, &[("Accept", accept)]);
    assert_eq!(response.status, 200, "{path} {accept}: {}", response.text());
    assert_eq!(response.header("vary"), Some("Accept"));
    RdfParser::from_format(format)
        .for_slice(&response.body)
        .map(|q| Triple::from(q.unwrap()))
        .collect()
}

fn object<'a>(triples: &'a HashSet<Triple>, subject: &str, predicate: &str) -> Vec<&'a Term> {
    triples
        .iter()
        .filter(|t| {
            t.subject.to_string() == format!("<{subject}>") && t.predicate.as_str() == predicate
        })
        .map(|t| &t.object)
        .collect()
}

fn number(triples: &HashSet<Triple>, subject: &str, predicate: &str) -> u64 {
    match object(triples, subject, predicate).as_slice() {
        [Term::Literal(n)] => n.value().parse().unwrap(),
        other => panic!("{subject} {predicate}: {other:?}"),
    }
}

fn iri(triples: &HashSet<Triple>, subject: &str, predicate: &str) -> String {
    match object(triples, subject, predicate).as_slice() {
        [Term::NamedNode(n)] => n.as_str().to_owned(),
        other => panic!("{subject} {predicate}: {other:?}"),
    }
}

const VOID: &str = "http://rdfs.org/ns/void#";
const DCT: &str = "http://purl.org/dc/terms/";

#[test]
fn void_figures_match_the_store() {
    let triples = void_triples("/void", "text/turtle", RdfFormat::Turtle);
    let stats = statistics();
    let store = &fixture().store;
    let dataset = format!("{BASE}void#dataset");
    let void = |local: &str| format!("{VOID}{local}");

    let all_quads = common::select_one(
        store,
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
    )
    .unwrap();
    assert_eq!(number(&triples, &dataset, &void("triples")), stats.quads);
    assert_eq!(format!("{}", stats.quads), literal_value(&all_quads));
    assert_eq!(stats.quads, store.oxigraph().len().unwrap() as u64);
    assert_eq!(
        number(&triples, &dataset, &void("entities")),
        stats.entities
    );
    assert!(stats.entities > 410 * 3);
    let projects = format!("{BASE}void#dataset-projects");
    assert_eq!(
        iri(&triples, &projects, &void("class")),
        "http://schema.org/Project"
    );
    assert_eq!(number(&triples, &projects, &void("entities")), 410);
    assert_eq!(
        iri(&triples, &dataset, &void("sparqlEndpoint")),
        format!("{BASE}sparql")
    );
    assert_eq!(
        object(&triples, &dataset, &void("uriSpace")),
        [&Term::from(oxigraph::model::Literal::from(format!(
            "{BASE}id/"
        )))]
    );
    assert_eq!(
        iri(&triples, &dataset, &void("dataDump")),
        format!("{BASE}dumps/carrefour.nq.gz")
    );
    let titles = object(&triples, &dataset, &format!("{DCT}title"));
    let languages: BTreeSet<_> = titles
        .iter()
        .filter_map(|t| match t {
            Term::Literal(l) => l.language(),
            _ => None,
        })
        .collect();
    assert_eq!(languages, BTreeSet::from(["en", "fr"]));
    assert_eq!(object(&triples, &dataset, &void("subset")).len(), 6);

    for partner in &stats.partners {
        let subset = format!("{BASE}void#partner-{}", partner.id);
        let dump = dump_quads(&format!("{}.nq.gz", partner.id));
        assert_eq!(
            number(&triples, &subset, &void("triples")),
            dump.len() as u64
        );
        assert_eq!(partner.share.quads, dump.len() as u64);
        let count = store.partner_project_count(&partner.id).unwrap();
        assert_eq!(
            number(&triples, &format!("{subset}-projects"), &void("entities")),
            count
        );
        assert_eq!(count, expected_count(|p, _| p == partner.id) as u64);
        let mapping = mapping(&partner.id);
        assert_eq!(
            iri(&triples, &subset, &format!("{DCT}license")),
            mapping.partner.license.as_str()
        );
        assert_eq!(
            iri(&triples, &subset, &format!("{DCT}source")),
            mapping.partner.homepage.as_str()
        );
        let modified = object(&triples, &subset, &format!("{DCT}modified"));
        assert_eq!(
            literal_value(modified[0]),
            partner.last_harvest.clone().unwrap()
        );
        let example = iri(&triples, &subset, &void("exampleResource"));
        assert!(
            example.starts_with(&format!("{BASE}id/project/{}-", partner.id)),
            "{example}"
        );
        assert_eq!(
            iri(&triples, &subset, &void("dataDump")),
            format!("{BASE}dumps/{}.nq.gz", partner.id)
        );
    }
}

#[test]
fn void_is_the_same_graph_in_every_format_and_at_well_known() {
    let turtle = void_triples("/void", "text/turtle", RdfFormat::Turtle);
    assert!(turtle.len() > 100);
    assert_eq!(
        void_triples("/void", "application/ld+json", JSON_LD),
        turtle
    );
    assert_eq!(
        void_triples("/void", "application/rdf+xml", RdfFormat::RdfXml),
        turtle
    );
    assert_eq!(
        void_triples("/void", "application/n-triples", RdfFormat::NTriples),
        turtle
    );
    assert_eq!(
        void_triples("/.well-known/void", "text/turtle", RdfFormat::Turtle),
        turtle
    );
    assert_eq!(
        void_triples("/.well-known/void", "application/ld+json", JSON_LD),
        turtle
    );
    assert_eq!(
        void_triples("/void?format=nt", "text/html", RdfFormat::NTriples),
        turtle
    );

    let default = get("/void", &[]);
    assert_eq!(default.media_type(), "text/turtle");
    let etag = default.header("etag").unwrap().to_owned();
    assert_eq!(get("/void", &[("If-None-Match", &etag)]).status, 304);
    assert_eq!(get("/void", &[("Accept", "image/png")]).status, 406);
    let bad = get("/void?format=xlsx", &[]);
    assert_eq!(bad.status, 400);
    assert!(bad.text().contains("format"));
}

fn literal_value(term: &Term) -> String {
    match term {
        Term::Literal(l) => l.value().to_owned(),
        other => panic!("not a literal: {other}"),
    }
}

/// The quads of a dump file as written.
fn dump_quads(name: &str) -> Vec<Quad> {
    let file = std::fs::File::open(fixture().dumps.path().join(name)).unwrap();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut text)
        .unwrap();
    parse_nquads(&text)
}

fn parse_nquads(bytes: &[u8]) -> Vec<Quad> {
    RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(bytes)
        .collect::<Result<_, _>>()
        .unwrap()
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .unwrap();
    out
}

#[test]
fn the_whole_dump_downloads_with_validators() {
    let response = get("/dumps/carrefour.nq.gz", &[]);
    assert_eq!(response.status, 200);
    assert!(response.complete);
    assert_eq!(response.media_type(), "application/gzip");
    assert_eq!(
        response.header("content-disposition"),
        Some("attachment; filename=\"carrefour.nq.gz\"")
    );
    let etag = response.header("etag").unwrap().to_owned();
    assert!(
        etag.starts_with('"') && etag.len() > 10,
        "a strong ETag: {etag}"
    );
    let modified = response.header("last-modified").unwrap().to_owned();
    let quads = parse_nquads(&gunzip(&response.body));
    assert_eq!(quads.len() as u64, statistics().quads);
    let store_quads: BTreeSet<String> = fixture()
        .store
        .oxigraph()
        .iter()
        .map(|q| q.unwrap().to_string())
        .collect();
    let dumped: BTreeSet<String> = quads.iter().map(|q| q.to_string()).collect();
    assert_eq!(dumped, store_quads);

    let not_modified = get("/dumps/carrefour.nq.gz", &[("If-None-Match", &etag)]);
    assert_eq!(not_modified.status, 304);
    assert_eq!(not_modified.header("etag"), Some(etag.as_str()));
    assert!(not_modified.body.is_empty());
    assert_eq!(
        get(
            "/dumps/carrefour.nq.gz",
            &[("If-Modified-Since", &modified)]
        )
        .status,
        304
    );
    let changed = get(
        "/dumps/carrefour.nq.gz",
        &[
            ("If-None-Match", "\"something-else\""),
            ("If-Modified-Since", &modified),
        ],
    );
    assert_eq!(
        changed.status, 200,
        "If-None-Match wins over If-Modified-Since"
    );

    let head = http::head_request(fixture().server.addr, "/dumps/carrefour.nq.gz", &[]);
    assert_eq!(head.status, 200);
    assert_eq!(
        head.header("content-length"),
        Some(response.body.len().to_string().as_str())
    );

    let range = get(
        "/dumps/carrefour.nq.gz",
        &[("Range", "bytes=0-9"), ("If-Range", &etag)],
    );
    assert_eq!(range.status, 206);
    assert_eq!(range.body, response.body[..10]);
    let stale = get(
        "/dumps/carrefour.nq.gz",
        &[("Range", "bytes=0-9"), ("If-Range", "\"old\"")],
    );
    assert_eq!(stale.status, 200);
    assert_eq!(stale.body.len(), response.body.len());
}

#[test]
fn a_partner_dump_holds_its_records_and_their_provenance() {
    let response = get("/dumps/solidarites-locales.nq.gz", &[]);
    assert_eq!(response.status, 200);
    assert!(response.header("etag").is_some());
    let quads = parse_nquads(&gunzip(&response.body));
    let provenance = format!("<{BASE}graph/provenance>");
    let record_prefix = format!("<{BASE}id/record/solidarites-locales-");
    let projects: BTreeSet<String> = quads
        .iter()
        .filter(|q| q.object.to_string() == "<http://schema.org/Project>")
        .map(|q| q.subject.to_string())
        .collect();
    assert_eq!(projects.len(), 55);
    let records: BTreeSet<String> = quads
        .iter()
        .filter(|q| q.predicate.as_str() == "http://www.w3.org/ns/prov#wasAttributedTo")
        .map(|q| q.subject.to_string())
        .collect();
    assert_eq!(records.len(), 55);
    for quad in &quads {
        let graph = quad.graph_name.to_string();
        assert!(
            graph == provenance || graph.starts_with(&record_prefix),
            "another partner's or a reference graph: {quad}"
        );
    }
    let harvests = quads
        .iter()
        .filter(|q| q.object.to_string() == "<https://w3id.org/carrefour/ns#Harvest>")
        .count();
    assert_eq!(harvests, 1, "its harvest activity travels with it");
}

#[test]
fn unknown_dumps_and_other_files_are_not_found() {
    for path in [
        "/dumps/inconnu.nq.gz",
        "/dumps/CARREFOUR.nq.gz",
        "/dumps/carrefour.nq.gz.partial",
        "/dumps/..%2F..%2FCargo.toml",
        "/dumps/..%2Fcarrefour.nq.gz",
        "/dumps/%2e%2e%2fsecret.nq.gz",
        "/dumps/../Cargo.toml",
        "/dumps/carrefour.nq",
    ] {
        let response = get(path, &[]);
        assert_eq!(response.status, 404, "{path}: {}", response.text());
    }
    let unknown = get("/dumps/inconnu.nq.gz", &[]).text();
    assert!(unknown.contains("/dumps/carrefour.nq.gz"), "{unknown}");
    assert!(
        unknown.contains("/dumps/solidarites-locales.nq.gz"),
        "{unknown}"
    );

    let without = common::demo::demo_server();
    let response = http::get(without.addr, "/dumps/carrefour.nq.gz", &[]);
    assert_eq!(response.status, 404);
    assert!(
        response.text().contains("publishes no dumps"),
        "{}",
        response.text()
    );
}

#[test]
fn writing_dumps_drops_those_of_partners_gone() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("ancien-partenaire.nq.gz");
    std::fs::write(&stale, b"old").unwrap();
    let unrelated = dir.path().join("notes.txt");
    std::fs::write(&unrelated, b"keep").unwrap();
    let written = fixture().store.write_dumps(dir.path()).unwrap().files;
    assert_eq!(written.len(), 7);
    assert!(!stale.exists());
    assert!(unrelated.exists());
    let names: BTreeSet<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert!(names.contains("carrefour.nq.gz"));
}

#[test]
fn a_partner_share_keeps_its_tombstones_and_every_harvest() {
    let store = store_with_history();
    let dir = tempfile::tempdir().unwrap();
    store.write_dumps(dir.path()).unwrap();
    let file = std::fs::File::open(dir.path().join("atelier.nq.gz")).unwrap();
    let mut text = Vec::new();
    flate2::read::GzDecoder::new(file)
        .read_to_end(&mut text)
        .unwrap();
    let quads = parse_nquads(&text);
    let typed = |class: &str| {
        quads
            .iter()
            .filter(|q| q.object.to_string() == format!("<https://w3id.org/carrefour/ns#{class}>"))
            .count()
    };
    assert_eq!(typed("Harvest"), 3, "both runs and the failed one");
    assert_eq!(typed("Tombstone"), 1);
    assert_eq!(typed("Record"), 2);
    let statistics = store.statistics().unwrap();
    let partner = &statistics.partners[0];
    assert_eq!(partner.share.quads, quads.len() as u64);
    assert_eq!(partner.projects, 2);
}
