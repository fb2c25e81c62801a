//! The W3C SPARQL 1.1 Protocol test suite
//! (`tests/w3c/sparql11-protocol/manifest.ttl`, 34 tests) against our
//! endpoint: each test's `ut:graphData` is loaded into the named graphs of
//! a fresh in-memory store, the server is started on it, each `ht:Request`
//! is replayed byte for byte (its `/sparql/` path rewritten to `/sparql`,
//! the update token added to POSTs) and the response checked against
//! `mf:expectedStatus`, `mf:expectedFormat` and `mf:expectedBoolean`.

use crate::common;

use std::path::{Path, PathBuf};

use carrefour::server::ServerConfig;
use carrefour::store::Store;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Graph, NamedNode, NamedOrBlankNodeRef, Term, TermRef};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};

const MF: &str = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#";
const HT: &str = "http://www.w3.org/2011/http#";
const UT: &str = "http://www.w3.org/2009/sparql/tests/test-update#";
const CNT: &str = "http://www.w3.org/2011/content#";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
const STATUS_CODES: &str = "http://www.w3.org/2011/http-statusCodes#StatusCode";

const TOKEN: &str = "w3c-protocol-token";

/// One `mf:ProtocolTest`.
struct ProtocolTest {
    /// The local name of the test's IRI (`query_post_form`).
    id: String,
    name: String,
    /// Files to load, and the graph each goes to.
    graph_data: Vec<(PathBuf, NamedNode)>,
    requests: Vec<Request>,
}

/// One `ht:Request` and what its response must be.
struct Request {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Status classes accepted: 2 for `hts:StatusCode2xx`…
    status_classes: Vec<u16>,
    format: Option<String>,
    boolean: Option<bool>,
}

#[test]
fn w3c_sparql_protocol_manifest_passes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/w3c/sparql11-protocol");
    let tests = read_manifest(&dir.join("manifest.ttl"));
    assert_eq!(tests.len(), 34, "the manifest lists 34 tests");
    let mut failures = Vec::new();
    for test in &tests {
        if let Err(reason) = run(test) {
            failures.push(format!("{} ({}): {reason}", test.id, test.name));
        }
    }
    println!(
        "W3C SPARQL 1.1 Protocol: {}/{} passed",
        tests.len() - failures.len(),
        tests.len()
    );
    for failure in &failures {
        println!("  FAILED {failure}");
    }
    assert!(failures.is_empty(), "failed:\n{}", failures.join("\n"));
}

fn run(test: &ProtocolTest) -> Result<(), String> {
    let store = Store::in_memory(common::base()).map_err(|e| e.to_string())?;
    for (path, graph) in &test.graph_data {
        store
            .load_file(path, Some(graph.clone()))
            .map_err(|e| format!("cannot load {}: {e}", path.display()))?;
    }
    let config = ServerConfig {
        update_token: Some(TOKEN.into()),
        ..ServerConfig::default()
    };
    let server = common::demo::serve(store, config);
    for (i, request) in test.requests.iter().enumerate() {
        check(server.addr, request).map_err(|reason| format!("request {}: {reason}", i + 1))?;
    }
    Ok(())
}

/// Sends `request` as raw bytes and checks the response.
fn check(addr: std::net::SocketAddr, request: &Request) -> Result<(), String> {
    let mut head = format!("{} {} HTTP/1.1", request.method, request.path);
    for (name, value) in &request.headers {
        head.push_str(&format!("\r\n{name}: {value}"));
    }
    if request.method == "POST" {
        head.push_str(&format!("\r\nAuthorization: Bearer {TOKEN}"));
    }
    let response = common::http::send(addr, &head, &request.body);
    let class = response.status / 100;
    if !request.status_classes.contains(&class) {
        return Err(format!(
            "status {} instead of {:?}xx: {}",
            response.status,
            request.status_classes,
            response.text().trim()
        ));
    }
    if !response.complete {
        return Err("the response body was cut".into());
    }
    let media_type = response.media_type();
    match request.format.as_deref() {
        None => Ok(()),
        Some("boolean") => {
            let value = parse_boolean(&media_type, &response.body)?;
            match request.boolean {
                Some(expected) if expected != value => {
                    Err(format!("ASK answered {value}, expected {expected}"))
                }
                _ => Ok(()),
            }
        }
        Some("tabular") => check_tabular(&media_type, &response.body),
        Some("RDF") => check_rdf(&media_type, &response.body),
        Some(other) => Err(format!("unknown expected format {other}")),
    }
}

fn parse_boolean(media_type: &str, body: &[u8]) -> Result<bool, String> {
    let format = QueryResultsFormat::from_media_type(media_type)
        .filter(|f| matches!(f, QueryResultsFormat::Json | QueryResultsFormat::Xml))
        .ok_or_else(|| format!("{media_type} is not a boolean results format"))?;
    match QueryResultsParser::from_format(format).for_slice(body) {
        Ok(SliceQueryResultsParserOutput::Boolean(value)) => Ok(value),
        Ok(SliceQueryResultsParserOutput::Solutions(_)) => Err("solutions, not a boolean".into()),
        Err(e) => Err(format!("unreadable results: {e}")),
    }
}

fn check_tabular(media_type: &str, body: &[u8]) -> Result<(), String> {
    let format = QueryResultsFormat::from_media_type(media_type)
        .ok_or_else(|| format!("{media_type} is not a SPARQL results format"))?;
    if format == QueryResultsFormat::Csv {
        // No CSV parser in sparesults: the header line names the variable.
        return match String::from_utf8_lossy(body).lines().next() {
            Some("value") => Ok(()),
            other => Err(format!("unexpected CSV header {other:?}")),
        };
    }
    match QueryResultsParser::from_format(format).for_slice(body) {
        Ok(SliceQueryResultsParserOutput::Solutions(solutions)) => {
            let rows = solutions.collect::<Result<Vec<_>, _>>();
            rows.map(|_| ())
                .map_err(|e| format!("unreadable solutions: {e}"))
        }
        Ok(SliceQueryResultsParserOutput::Boolean(_)) => Err("a boolean, not solutions".into()),
        Err(e) => Err(format!("unreadable results: {e}")),
    }
}

fn check_rdf(media_type: &str, body: &[u8]) -> Result<(), String> {
    let format = RdfFormat::from_media_type(media_type)
        .ok_or_else(|| format!("{media_type} is not an RDF format"))?;
    RdfParser::from_format(format)
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .map(|_| ())
        .map_err(|e| format!("unreadable {media_type}: {e}"))
}

/// The tests of the manifest, in its order.
fn read_manifest(path: &Path) -> Vec<ProtocolTest> {
    let base = url::Url::from_file_path(path).unwrap();
    let text = std::fs::read(path).unwrap();
    let graph: Graph = RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(base.as_str())
        .unwrap()
        .for_slice(&text)
        .map(|quad| oxigraph::model::Triple::from(quad.unwrap()))
        .collect();
    let manifest = NamedNode::new(base.as_str()).unwrap();
    let entries = object(&graph, manifest.as_ref().into(), &iri(MF, "entries"));
    list(&graph, entries)
        .into_iter()
        .map(|entry| read_test(&graph, entry))
        .collect()
}

fn read_test(graph: &Graph, test: TermRef<'_>) -> ProtocolTest {
    let subject = subject_of(test);
    let TermRef::NamedNode(iri_of_test) = test else {
        panic!("a test is named by an IRI");
    };
    let graph_data = graph
        .objects_for_subject_predicate(subject, &iri(UT, "graphData"))
        .map(|data| {
            let file = object(graph, subject_of(data), &iri(UT, "graph"));
            let label = literal(object(
                graph,
                subject_of(data),
                &NamedNode::new(RDFS_LABEL).unwrap(),
            ));
            let TermRef::NamedNode(file) = file else {
                panic!("ut:graph is a file IRI");
            };
            let path = url::Url::parse(file.as_str())
                .unwrap()
                .to_file_path()
                .unwrap();
            (path, NamedNode::new(label).unwrap())
        })
        .collect();
    let action = object(graph, subject, &iri(MF, "action"));
    let requests = list(
        graph,
        object(graph, subject_of(action), &iri(HT, "requests")),
    )
    .into_iter()
    .map(|request| read_request(graph, request))
    .collect();
    ProtocolTest {
        id: iri_of_test
            .as_str()
            .rsplit('#')
            .next()
            .unwrap_or_default()
            .to_owned(),
        name: literal(object(graph, subject, &iri(MF, "name"))),
        graph_data,
        requests,
    }
}

fn read_request(graph: &Graph, request: TermRef<'_>) -> Request {
    let request = subject_of(request);
    let field = |name: &str| literal(object(graph, request, &iri(HT, name)));
    let path = field("absolutePath");
    let path = match path.strip_prefix("/sparql/") {
        Some(rest) => format!("/sparql{rest}"),
        None => path,
    };
    let headers = graph
        .object_for_subject_predicate(request, &iri(HT, "headers"))
        .map(|headers| {
            list(graph, headers)
                .into_iter()
                .map(|h| {
                    let h = subject_of(h);
                    (
                        literal(object(graph, h, &iri(HT, "fieldName"))),
                        literal(object(graph, h, &iri(HT, "fieldValue"))),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let body = graph
        .object_for_subject_predicate(request, &iri(HT, "body"))
        .map(|body| {
            let body = subject_of(body);
            let chars = literal(object(graph, body, &iri(CNT, "chars")));
            let encoding = literal(object(graph, body, &iri(CNT, "characterEncoding")));
            encode(&chars, &encoding)
        })
        .unwrap_or_default();
    let response = subject_of(object(graph, request, &iri(HT, "resp")));
    let status_classes = graph
        .objects_for_subject_predicate(response, &iri(MF, "expectedStatus"))
        .filter_map(|status| match status {
            TermRef::NamedNode(n) => n
                .as_str()
                .strip_prefix(STATUS_CODES)?
                .get(..1)?
                .parse()
                .ok(),
            _ => None,
        })
        .collect();
    Request {
        method: field("methodName"),
        path,
        headers,
        body,
        status_classes,
        format: graph
            .object_for_subject_predicate(response, &iri(MF, "expectedFormat"))
            .map(literal),
        boolean: graph
            .object_for_subject_predicate(response, &iri(MF, "expectedBoolean"))
            .map(|b| literal(b) == "true"),
    }
}

/// The body's text in its declared encoding (UTF-16 with a byte-order mark,
/// as Java writes it).
fn encode(chars: &str, encoding: &str) -> Vec<u8> {
    match encoding.to_ascii_uppercase().as_str() {
        "UTF-16" => [0xfe, 0xff]
            .into_iter()
            .chain(chars.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        _ => chars.as_bytes().to_vec(),
    }
}

/// The items of an RDF list.
fn list<'a>(graph: &'a Graph, mut node: TermRef<'a>) -> Vec<TermRef<'a>> {
    let (first, rest, nil) = (iri(RDF, "first"), iri(RDF, "rest"), iri(RDF, "nil"));
    let mut items = Vec::new();
    while node != TermRef::NamedNode(nil.as_ref()) {
        items.push(object(graph, subject_of(node), &first));
        node = object(graph, subject_of(node), &rest);
    }
    items
}

fn object<'a>(
    graph: &'a Graph,
    subject: NamedOrBlankNodeRef<'_>,
    predicate: &NamedNode,
) -> TermRef<'a> {
    graph
        .object_for_subject_predicate(subject, predicate)
        .unwrap_or_else(|| panic!("{subject} has no {predicate}"))
}

fn subject_of(term: TermRef<'_>) -> NamedOrBlankNodeRef<'_> {
    match term {
        TermRef::NamedNode(n) => n.into(),
        TermRef::BlankNode(b) => b.into(),
        other => panic!("{other} cannot be a subject"),
    }
}

fn literal(term: TermRef<'_>) -> String {
    match term {
        TermRef::Literal(l) => l.value().to_owned(),
        other => Term::from(other).to_string(),
    }
}

fn iri(namespace: &str, local: &str) -> NamedNode {
    NamedNode::new(format!("{namespace}{local}")).unwrap()
}
