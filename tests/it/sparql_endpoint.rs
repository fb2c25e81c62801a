//! The SPARQL endpoint against the demo data: result formats and content
//! negotiation, the service description, the query page, updates and their
//! token, and the honest limits (timeout, row cap, concurrency, body size).

use crate::common;

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{TestServer, demo_server, demo_store, serve};
use common::http::{Response, form_encode, get, head_request, post};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, NamedNode, NamedNodeRef, TermRef, Triple};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};

const PREFIXES: &str = "PREFIX schema: <http://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
";

/// Runs for minutes on the demo data (a cross join of all triples with
/// themselves) and produces nothing before its end; Oxigraph notices its
/// cancellation within milliseconds (it reads the store all along).
const SLOW_COUNT: &str = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }";

/// Streams rows from the start, for ever: Oxigraph computes this cartesian
/// product in memory and checks its cancellation too rarely to notice.
const ENDLESS_ROWS: &str = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";

/// Never ends and never reads the store, so never notices its cancellation.
fn runaway_count() -> String {
    let values: String = (0..2000).map(|i| format!(" {i}")).collect();
    format!(
        "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?a {{{values} }} VALUES ?b {{{values} }} VALUES ?c {{{values} }} }}"
    )
}

fn query(addr: std::net::SocketAddr, sparql: &str, headers: &[(&str, &str)]) -> Response {
    get(
        addr,
        &format!("/sparql?query={}", form_encode(sparql)),
        headers,
    )
}

fn post_query(addr: std::net::SocketAddr, sparql: &str, headers: &[(&str, &str)]) -> Response {
    let mut headers = headers.to_vec();
    headers.push(("Content-Type", "application/sparql-query"));
    post(addr, "/sparql", &headers, sparql.as_bytes())
}

/// Projects of one partner, counted through the union default graph: the
/// record's provenance and its project are in different named graphs.
fn count_projects_of(partner: &str) -> String {
    format!(
        "{PREFIXES}SELECT (COUNT(DISTINCT ?project) AS ?n) WHERE {{
           ?record prov:wasAttributedTo <{}id/partner/{partner}> ; foaf:primaryTopic ?project .
           ?project a schema:Project }}",
        common::BASE
    )
}

/// The single value of a one-row result, read in its own format.
fn single_value(response: &Response) -> String {
    let format = QueryResultsFormat::from_media_type(&response.media_type())
        .unwrap_or_else(|| panic!("not a results format: {}", response.media_type()));
    if format == QueryResultsFormat::Csv {
        return response.text().lines().nth(1).unwrap().to_owned();
    }
    let Ok(SliceQueryResultsParserOutput::Solutions(mut rows)) =
        QueryResultsParser::from_format(format).for_slice(&response.body)
    else {
        panic!("not solutions: {}", response.text());
    };
    let row = rows.next().unwrap().unwrap();
    match row.values()[0].as_ref().unwrap() {
        oxigraph::model::Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn triples(response: &Response) -> BTreeSet<String> {
    let format = RdfFormat::from_media_type(&response.media_type())
        .unwrap_or_else(|| panic!("not an RDF format: {}", response.media_type()));
    RdfParser::from_format(format)
        .for_slice(&response.body)
        .map(|quad| Triple::from(quad.unwrap()).to_string())
        .collect()
}

#[test]
fn select_answers_in_each_results_format() {
    let server = demo_server();
    let expected = demo_store()
        .partner_project_count("fondation-territoires")
        .unwrap();
    assert!(expected > 0);
    let sparql = count_projects_of("fondation-territoires");
    for media_type in [
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ] {
        let response = query(server.addr, &sparql, &[("Accept", media_type)]);
        assert_eq!(response.status, 200, "{media_type}: {}", response.text());
        assert_eq!(response.media_type(), media_type);
        assert!(response.complete);
        assert_eq!(
            single_value(&response),
            expected.to_string(),
            "{media_type}"
        );
        assert_eq!(response.header("vary"), Some("Accept"));
    }
}

#[test]
fn construct_answers_in_each_rdf_format() {
    let server = demo_server();
    let projects = demo_store()
        .partner_project_count("fondation-territoires")
        .unwrap();
    let sparql = format!(
        "{PREFIXES}CONSTRUCT {{ ?project a schema:Project }} WHERE {{
           ?record prov:wasAttributedTo <{}id/partner/fondation-territoires> ;
                   foaf:primaryTopic ?project . ?project a schema:Project }}",
        common::BASE
    );
    let mut seen = Vec::new();
    for media_type in [
        "text/turtle",
        "application/n-triples",
        "application/rdf+xml",
        "application/ld+json",
        "application/trig",
        "application/n-quads",
    ] {
        let response = post_query(server.addr, &sparql, &[("Accept", media_type)]);
        assert_eq!(response.status, 200, "{media_type}: {}", response.text());
        assert_eq!(response.media_type(), media_type);
        let triples = triples(&response);
        assert_eq!(triples.len() as u64, projects, "{media_type}");
        seen.push(triples);
    }
    assert!(
        seen.windows(2).all(|w| w[0] == w[1]),
        "every format says the same"
    );
}

#[test]
fn q_values_and_the_format_parameter_choose() {
    let server = demo_server();
    let select = "SELECT ?x WHERE { VALUES ?x { 1 } }";
    let xml = query(
        server.addr,
        select,
        &[("Accept", "text/csv;q=0.5, application/sparql-results+xml")],
    );
    assert_eq!(xml.media_type(), "application/sparql-results+xml");
    let csv = query(
        server.addr,
        select,
        &[("Accept", "text/csv, application/sparql-results+json;q=0.1")],
    );
    assert_eq!(csv.media_type(), "text/csv");
    let browser = query(server.addr, select, &[("Accept", "text/html,*/*;q=0.8")]);
    assert_eq!(browser.media_type(), "application/sparql-results+json");

    let path = format!("/sparql?query={}&format=tsv", form_encode(select));
    let tsv = get(
        server.addr,
        &path,
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(tsv.media_type(), "text/tab-separated-values");
    // SPARQLWrapper's parameters, on a SELECT and on a CONSTRUCT.
    let wrapper = "&format=xml&output=xml&results=xml";
    let path = format!("/sparql?query={}{wrapper}", form_encode(select));
    assert_eq!(
        get(server.addr, &path, &[]).media_type(),
        "application/sparql-results+xml"
    );
    let construct = "CONSTRUCT WHERE { ?s a <http://schema.org/Project> } LIMIT 1";
    let path = format!("/sparql?query={}{wrapper}", form_encode(construct));
    assert_eq!(
        get(server.addr, &path, &[]).media_type(),
        "application/rdf+xml"
    );

    let refused = query(server.addr, select, &[("Accept", "image/png")]);
    assert_eq!(refused.status, 406);
    assert!(
        refused.text().contains("application/sparql-results+json"),
        "{}",
        refused.text()
    );
    let path = format!("/sparql?query={}&format=ttl", form_encode(select));
    assert_eq!(get(server.addr, &path, &[]).status, 406);
}

#[test]
fn bad_requests_get_a_plain_message() {
    let server = demo_server();
    let syntax = query(server.addr, "SELECT * WHERE {", &[]);
    assert_eq!(syntax.status, 400);
    assert_eq!(syntax.media_type(), "text/plain");
    assert!(
        syntax.text().contains("does not parse"),
        "{}",
        syntax.text()
    );
    let service = query(
        server.addr,
        "SELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o } }",
        &[],
    );
    assert_eq!(service.status, 400);
    assert!(
        service.text().contains("does not federate"),
        "{}",
        service.text()
    );
    let put = common::http::send(server.addr, "PUT /sparql?query=ASK%7B%7D HTTP/1.1", b"");
    assert_eq!(put.status, 405);
    assert_eq!(put.header("allow"), Some("GET, HEAD, POST"));
}

#[test]
fn our_prefixes_and_the_geosparql_functions_are_there() {
    let server = demo_server();
    let projects = query(
        server.addr,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a schema:Project }",
        &[("Accept", "text/csv")],
    );
    let expected = demo_store().statistics().unwrap().projects;
    assert_eq!(single_value(&projects), expected.to_string());
    // Vénissieux to Lyon's Place Bellecour: about 6 km.
    let distance = query(
        server.addr,
        "SELECT (geof:distance(\"POINT(4.8867 45.7146)\"^^geo:wktLiteral, \
         \"POINT(4.8320 45.7578)\"^^geo:wktLiteral, <http://www.opengis.net/def/uom/OGC/1.0/metre>) AS ?d) {}",
        &[("Accept", "text/csv")],
    );
    let metres: f64 = single_value(&distance).parse().unwrap();
    assert!((5_000.0..8_000.0).contains(&metres), "{metres} m");
}

#[test]
fn head_and_cors_are_answered() {
    let server = demo_server();
    let page = head_request(server.addr, "/sparql", &[("Accept", "text/html")]);
    assert_eq!(page.status, 200);
    assert_eq!(page.media_type(), "text/html");
    let select = format!("/sparql?query={}", form_encode("ASK {}"));
    let head = head_request(server.addr, &select, &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.media_type(), "application/sparql-results+json");
    let cors = get(server.addr, &select, &[("Origin", "https://example.org")]);
    assert_eq!(cors.header("access-control-allow-origin"), Some("*"));
    assert_eq!(cors.header("carrefour-result-limit"), Some("100000"));
}

#[test]
fn rdf_clients_get_the_service_description() {
    let server = demo_server();
    let statistics = demo_store().statistics().unwrap();
    let sd = |local: &str| {
        NamedNode::new(format!(
            "http://www.w3.org/ns/sparql-service-description#{local}"
        ))
        .unwrap()
    };
    let void = |local: &str| NamedNode::new(format!("http://rdfs.org/ns/void#{local}")).unwrap();
    for accept in ["text/turtle", "application/ld+json", "application/rdf+xml"] {
        let response = get(server.addr, "/sparql", &[("Accept", accept)]);
        assert_eq!(response.status, 200);
        assert_eq!(response.media_type(), accept);
        assert_eq!(response.header("vary"), Some("Accept"));
        let graph = parse_graph(&response);
        let endpoint = NamedNode::new(format!("{}sparql", common::BASE)).unwrap();
        let service = graph
            .subject_for_predicate_object(&sd("endpoint"), &endpoint)
            .expect("sd:endpoint is our /sparql");
        let union = sd("UnionDefaultGraph");
        assert!(graph.contains(oxigraph::model::TripleRef::new(
            service,
            &sd("feature"),
            &union
        )));
        let number = |subject, predicate: &NamedNode| match graph
            .object_for_subject_predicate(subject, predicate)
        {
            Some(TermRef::Literal(l)) => l.value().parse::<u64>().unwrap(),
            other => panic!("{predicate} is not a number: {other:?}"),
        };
        let dataset_graph = graph
            .subject_for_predicate_object(&NamedNode::new(rdf_type()).unwrap(), &sd("Graph"))
            .expect("the default graph is described");
        assert_eq!(number(dataset_graph, &void("triples")), statistics.quads);
        let project_class = NamedNodeRef::new("http://schema.org/Project").unwrap();
        let partition = graph
            .subject_for_predicate_object(&void("class"), project_class)
            .expect("a class partition for schema:Project");
        assert_eq!(number(partition, &void("entities")), statistics.projects);
        let partner_class = NamedNodeRef::new("https://w3id.org/carrefour/ns#Partner").unwrap();
        let partition = graph
            .subject_for_predicate_object(&void("class"), partner_class)
            .expect("a class partition for cis:Partner");
        assert_eq!(
            number(partition, &void("entities")),
            statistics.partners.len() as u64
        );
    }
}

fn rdf_type() -> &'static str {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
}

fn parse_graph(response: &Response) -> Graph {
    let format = RdfFormat::from_media_type(&response.media_type()).unwrap();
    RdfParser::from_format(format)
        .for_slice(&response.body)
        .map(|quad| Triple::from(quad.unwrap()))
        .collect()
}

#[test]
fn browsers_get_the_query_page_with_the_examples() {
    let examples = tempfile::tempdir().unwrap();
    std::fs::write(
        examples.path().join("per-partner.rq"),
        "# Projets par partenaire\n# Compte les <projets>.\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n",
    )
    .unwrap();
    std::fs::write(
        examples.path().join("wikidata.rq"),
        "# Lieux et Wikidata\n# requires: network\nSELECT * WHERE { SERVICE <https://query.wikidata.org/sparql> {} }\n",
    )
    .unwrap();
    let config = ServerConfig {
        queries_dir: examples.path().to_owned(),
        ..ServerConfig::default()
    };
    let server = serve(Store::in_memory(common::base()).unwrap(), config);
    let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    let page = get(server.addr, "/sparql", &[("Accept", firefox)]);
    assert_eq!(page.status, 200);
    assert_eq!(page.media_type(), "text/html");
    let html = page.text();
    for expected in [
        "/assets/npm/@zazuko/yasgui/build/yasgui.min.js",
        "/assets/npm/@zazuko/yasgui/build/yasgui.min.css",
        "<script src=\"/assets/sparql.js\" defer></script>",
        "<form id=\"plain\" class=\"sparql\" method=\"get\" action=\"/sparql\">",
        "<textarea class=\"query\" id=\"query\" name=\"query\"",
        "<select id=\"format\" name=\"format\">",
        "PREFIX schema: &#60;http://schema.org/&#62;",
        "PREFIX cis: &#60;https://w3id.org/carrefour/ns#&#62;",
        "href=\"/sparql?example=per-partner#query\"",
        "Projets par partenaire",
        "Compte les &#60;projets&#62;.",
        "réseau requis",
    ] {
        assert!(html.contains(expected), "the page has {expected}:\n{html}");
    }
    // The editor's script is a file (the Content-Security-Policy allows no inline script).
    let script = get(server.addr, "/assets/sparql.js", &[]).text();
    for expected in [
        "autocompleters: [\"prefixes\", \"variables\"]",
        "new URL(\"/sparql\", window.location.href)",
    ] {
        assert!(script.contains(expected), "sparql.js has {expected}");
    }
    let chosen = get(
        server.addr,
        "/sparql?example=wikidata",
        &[("Accept", firefox)],
    );
    assert!(
        chosen
            .text()
            .contains("SERVICE &#60;https://query.wikidata.org/sparql&#62;")
    );
    assert_eq!(get(server.addr, "/sparql?example=nope", &[]).status, 400);
}

/// A server over a fresh store (for tests that write).
fn writable(config: ServerConfig) -> TestServer {
    serve(Store::in_memory(common::base()).unwrap(), config)
}

const INSERT: &str =
    "INSERT DATA { GRAPH <http://ex.org/g> { <http://ex.org/s> <http://ex.org/p> \"v\" } }";
const ASK_INSERTED: &str = "ASK { <http://ex.org/s> <http://ex.org/p> \"v\" }";

fn update(server: &TestServer, sparql: &str, token: Option<&str>) -> Response {
    let bearer = token.map(|t| format!("Bearer {t}"));
    let mut headers = vec![("Content-Type", "application/sparql-update")];
    if let Some(bearer) = &bearer {
        headers.push(("Authorization", bearer));
    }
    post(server.addr, "/sparql", &headers, sparql.as_bytes())
}

fn inserted(server: &TestServer) -> bool {
    single_boolean(&query(server.addr, ASK_INSERTED, &[]))
}

fn single_boolean(response: &Response) -> bool {
    response.json()["boolean"].as_bool().expect("an ASK answer")
}

#[test]
fn only_the_token_holder_updates() {
    let server = writable(ServerConfig {
        update_token: Some("s3cret".into()),
        ..ServerConfig::default()
    });
    let anonymous = update(&server, INSERT, None);
    assert_eq!(anonymous.status, 401);
    assert!(
        anonymous
            .header("www-authenticate")
            .unwrap()
            .starts_with("Bearer")
    );
    assert_eq!(update(&server, INSERT, Some("guess")).status, 403);
    assert!(!inserted(&server));
    assert_eq!(update(&server, INSERT, Some("s3cret")).status, 204);
    assert!(inserted(&server));
    let form = format!(
        "update={}",
        form_encode(&INSERT.replace("INSERT", "DELETE"))
    );
    let deleted = post(
        server.addr,
        "/sparql",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Authorization", "Bearer s3cret"),
        ],
        form.as_bytes(),
    );
    assert_eq!(deleted.status, 204, "{}", deleted.text());
    assert!(!inserted(&server));
}

#[test]
fn updates_can_be_disabled() {
    let read_only = writable(ServerConfig {
        update_token: Some("s3cret".into()),
        read_only: true,
        ..ServerConfig::default()
    });
    let refused = update(&read_only, INSERT, Some("s3cret"));
    assert_eq!(refused.status, 403);
    assert!(refused.text().contains("read-only"), "{}", refused.text());
    let tokenless = writable(ServerConfig::default());
    let refused = update(&tokenless, INSERT, Some("s3cret"));
    assert_eq!(refused.status, 403);
    assert!(
        refused.text().contains("no update token"),
        "{}",
        refused.text()
    );
    assert!(!inserted(&read_only) && !inserted(&tokenless));
}

#[test]
fn a_query_past_the_timeout_is_cancelled_honestly() {
    let server = serve(
        demo_store(),
        ServerConfig {
            query_timeout: Duration::from_secs(1),
            max_rows: usize::MAX,
            ..ServerConfig::default()
        },
    );
    // Nothing produced before the timeout: an error status with a message.
    let started = Instant::now();
    let count = query(server.addr, SLOW_COUNT, &[]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "cancelled promptly"
    );
    assert_eq!(count.status, 503);
    assert_eq!(count.media_type(), "text/plain");
    assert!(count.text().contains("1 s limit"), "{}", count.text());
    let limit = usize::MAX.to_string();
    assert_eq!(count.header("carrefour-result-limit"), Some(limit.as_str()));
    // Cut while streaming: the transfer is aborted, not ended cleanly.
    let rows = query(server.addr, ENDLESS_ROWS, &[]);
    assert_eq!(rows.status, 200);
    assert!(!rows.complete, "a cut result must not look complete");
    assert!(!rows.body.is_empty());
    // A runaway evaluation (an in-memory product) stops at its deadline too.
    let started = Instant::now();
    let runaway = post_query(server.addr, &runaway_count(), &[]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "answered at the deadline"
    );
    assert_eq!(runaway.status, 503);
    assert!(runaway.text().contains("1 s limit"), "{}", runaway.text());
    // The evaluating thread counts its timeout as it tells the client.
    wait_until(|| {
        let metrics = server.state.metrics.render(None);
        metrics.contains("carrefour_sparql_timeouts_total 3")
    });
}

#[test]
fn results_beyond_the_row_cap_are_refused_never_truncated() {
    let small = serve(
        demo_store(),
        ServerConfig {
            max_rows: 5,
            ..ServerConfig::default()
        },
    );
    let projects =
        |limit: usize| format!("{PREFIXES}SELECT ?p WHERE {{ ?p a schema:Project }} LIMIT {limit}");
    let five = query(small.addr, &projects(5), &[("Accept", "text/csv")]);
    assert_eq!(five.status, 200);
    assert_eq!(five.header("carrefour-result-limit"), Some("5"));
    assert_eq!(five.text().lines().count(), 6);
    let six = query(small.addr, &projects(6), &[]);
    assert_eq!(six.status, 422);
    assert_eq!(six.header("carrefour-result-limit"), Some("5"));
    assert!(six.text().contains("more than 5 rows"), "{}", six.text());
    let construct = "CONSTRUCT WHERE { ?p a <http://schema.org/Project> }";
    assert_eq!(query(small.addr, construct, &[]).status, 422);

    // Known only after the first chunk went out: the transfer is aborted.
    let large = serve(
        demo_store(),
        ServerConfig {
            max_rows: 2000,
            ..ServerConfig::default()
        },
    );
    let all = query(large.addr, "SELECT * WHERE { ?s ?p ?o }", &[]);
    assert_eq!(all.status, 200);
    assert!(!all.complete, "a capped result must not look complete");
}

#[test]
fn queries_beyond_the_concurrency_cap_get_429() {
    // A query waits up to 5 s for a slot: the slow one holds it for longer.
    let server = serve(
        demo_store(),
        ServerConfig {
            max_concurrent_queries: 1,
            query_timeout: Duration::from_secs(8),
            ..ServerConfig::default()
        },
    );
    let addr = server.addr;
    let slow = std::thread::spawn(move || query(addr, SLOW_COUNT, &[]));
    wait_until(|| server.state.slots.available() == 0);
    let rejected = query(server.addr, "ASK {}", &[]);
    assert_eq!(rejected.status, 429);
    assert!(rejected.header("retry-after").is_some());
    assert!(rejected.text().contains("retry"), "{}", rejected.text());
    assert_eq!(slow.join().unwrap().status, 503);
    wait_until(|| server.state.slots.available() == 1);
    assert_eq!(query(server.addr, "ASK {}", &[]).status, 200);
    let metrics = server.state.metrics.render(None);
    assert!(
        metrics.contains("carrefour_sparql_rejected_total 1"),
        "{metrics}"
    );
}

fn wait_until(condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "condition not met in 10 s");
        std::thread::sleep(Duration::from_millis(10));
    }
}

#[test]
fn a_body_over_the_cap_gets_413() {
    let server = writable(ServerConfig {
        max_body_bytes: 1024,
        ..ServerConfig::default()
    });
    let huge = format!("ASK {{}} # {}", "x".repeat(4096));
    assert_eq!(post_query(server.addr, &huge, &[]).status, 413);
    assert_eq!(post_query(server.addr, "ASK {}", &[]).status, 200);
}

/// A project written by SPARQL update, as a harvest would write it.
fn project_named(name: &str) -> String {
    format!(
        "PREFIX schema: <http://schema.org/>
         INSERT DATA {{ GRAPH <http://localhost:7878/id/record/p1> {{
           <http://localhost:7878/id/project/p1> a schema:Project ; schema:name \"{name}\"@fr }} }}"
    )
}

const FORGET_NAMES: &str = "PREFIX schema: <http://schema.org/>
    DELETE WHERE { GRAPH ?g { <http://localhost:7878/id/project/p1> schema:name ?name } }";

/// Documents are cached per data revision, and `/api/projects` reads an
/// index per revision: after a write, both show the new data at once, and
/// the old entity tag no longer validates.
#[test]
fn cached_documents_and_the_listing_follow_every_write() {
    let server = writable(ServerConfig {
        update_token: Some("s3cret".into()),
        ..ServerConfig::default()
    });
    assert_eq!(
        update(&server, &project_named("Premier"), Some("s3cret")).status,
        204
    );
    let first = get(server.addr, "/doc/project/p1.ttl", &[]);
    assert_eq!(first.status, 200);
    assert!(first.text().contains("Premier"), "{}", first.text());
    let etag = first.header("etag").unwrap().to_owned();
    let again = get(
        server.addr,
        "/doc/project/p1.ttl",
        &[("If-None-Match", &etag)],
    );
    assert_eq!(again.status, 304, "the cached copy validates");
    let listed = |server: &TestServer| {
        let page = get(
            server.addr,
            "/api/projects",
            &[("Accept", "application/ld+json")],
        );
        assert_eq!(page.status, 200, "{}", page.text());
        page.text()
    };
    assert!(listed(&server).contains("Premier"));

    assert_eq!(update(&server, FORGET_NAMES, Some("s3cret")).status, 204);
    assert_eq!(
        update(&server, &project_named("Second"), Some("s3cret")).status,
        204
    );
    let after = get(
        server.addr,
        "/doc/project/p1.ttl",
        &[("If-None-Match", &etag)],
    );
    assert_eq!(after.status, 200, "the old tag no longer validates");
    assert!(after.text().contains("Second") && !after.text().contains("Premier"));
    assert_ne!(after.header("etag").unwrap(), etag);
    let listing = listed(&server);
    assert!(
        listing.contains("Second") && !listing.contains("Premier"),
        "{listing}"
    );
}

/// A query asked again on the same data is answered from memory, with an
/// entity tag that validates; written differently it is the same query;
/// after a write it is evaluated again; `NOW()` is never kept.
#[test]
fn repeated_queries_are_answered_from_memory_until_the_data_changes() {
    let server = writable(ServerConfig {
        update_token: Some("s3cret".into()),
        ..ServerConfig::default()
    });
    assert_eq!(
        update(&server, &project_named("Premier"), Some("s3cret")).status,
        204
    );
    let names = "SELECT ?name WHERE { ?p a schema:Project ; schema:name ?name }";
    let json = [("Accept", "application/sparql-results+json")];
    let cold = query(server.addr, names, &json);
    assert_eq!(cold.status, 200);
    assert!(
        cold.header("etag").is_none(),
        "a streamed answer has no tag"
    );
    let respelled =
        "PREFIX s: <http://schema.org/>\nSELECT ?name\nWHERE { ?p a s:Project ; s:name ?name . }";
    let warm = post_query(server.addr, respelled, &json);
    assert_eq!(warm.status, 200);
    assert_eq!(warm.text(), cold.text());
    let etag = warm
        .header("etag")
        .expect("a kept answer has a tag")
        .to_owned();
    let validated = query(server.addr, names, &[json[0], ("If-None-Match", &etag)]);
    assert_eq!(validated.status, 304);
    let xml = query(
        server.addr,
        names,
        &[("Accept", "application/sparql-results+xml")],
    );
    assert!(
        xml.text().starts_with("<?xml"),
        "another format is another answer"
    );

    assert_eq!(update(&server, FORGET_NAMES, Some("s3cret")).status, 204);
    assert_eq!(
        update(&server, &project_named("Second"), Some("s3cret")).status,
        204
    );
    let after = query(server.addr, names, &[json[0], ("If-None-Match", &etag)]);
    assert_eq!(after.status, 200);
    assert!(after.text().contains("Second") && !after.text().contains("Premier"));

    let clock = "SELECT (STR(NOW()) AS ?t) {}";
    assert_eq!(query(server.addr, clock, &json).status, 200);
    assert!(query(server.addr, clock, &json).header("etag").is_none());
}
