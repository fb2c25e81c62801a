//! `SERVICE` through the allow-list: two in-process servers on loopback,
//! a "remote" one with a few facts about the demo partners and ours over
//! the demo data, plus raw stub endpoints that answer errors, redirects or
//! nothing at all.

use crate::common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener};
use std::sync::OnceLock;
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{TestServer, demo_server, demo_store, serve};
use common::http::{Response, form_encode, get};
use oxigraph::model::{GraphName, Literal, NamedNode, Quad};
use oxigraph::sparql::results::{QueryResultsParser, SliceQueryResultsParserOutput};

/// The property the remote endpoint knows and we do not.
const REGION: &str = "http://example.org/federation-test#region";

/// Regions of two demo partners, and of a partner we do not have.
const REGIONS: [(&str, &str); 3] = [
    ("fondation-territoires", "Grand Est"),
    ("reseau-ess-ouest", "Bretagne"),
    ("partenaire-inconnu", "Corse"),
];

/// The remote endpoint, serving [`REGIONS`], once per test binary.
fn remote() -> &'static TestServer {
    static REMOTE: OnceLock<TestServer> = OnceLock::new();
    REMOTE.get_or_init(|| {
        let store = Store::in_memory(common::base()).unwrap();
        let graph = GraphName::from(NamedNode::new_unchecked("http://example.org/regions"));
        for (partner, region) in REGIONS {
            let subject = NamedNode::new(format!("{}id/partner/{partner}", common::BASE)).unwrap();
            let quad = Quad::new(
                subject,
                NamedNode::new_unchecked(REGION),
                Literal::from(region),
                graph.clone(),
            );
            store.oxigraph().insert(&quad).unwrap();
        }
        serve(store, ServerConfig::default())
    })
}

/// Our server over the demo data, federating with `allowed`; the test
/// endpoints listen on loopback, so it opts in to calling loopback.
fn ours(allowed: &[String]) -> TestServer {
    let config = ServerConfig {
        federate_with: allowed.to_vec(),
        allow_loopback: true,
        ..ServerConfig::default()
    };
    serve(demo_store(), config)
}

fn endpoint(addr: SocketAddr) -> String {
    format!("http://{addr}/sparql")
}

/// Each demo partner's name, with its region from `service` (`SERVICE`
/// or `SERVICE SILENT <…>`).
fn partners_with_regions(service: &str) -> String {
    format!(
        "PREFIX schema: <http://schema.org/>
         PREFIX cis: <https://w3id.org/carrefour/ns#>
         SELECT ?name ?region WHERE {{
           ?partner a cis:Partner ; schema:name ?name .
           {service} {{ ?partner <{REGION}> ?region }}
         }} ORDER BY ?name"
    )
}

fn query(addr: SocketAddr, sparql: &str) -> Response {
    let accept = ("Accept", "application/sparql-results+json");
    get(
        addr,
        &format!("/sparql?query={}", form_encode(sparql)),
        &[accept],
    )
}

/// The rows of a JSON result: each variable's value, `""` when unbound.
fn rows(response: &Response) -> Vec<Vec<String>> {
    let parsed =
        QueryResultsParser::from_format(oxigraph::sparql::results::QueryResultsFormat::Json)
            .for_slice(&response.body);
    let Ok(SliceQueryResultsParserOutput::Solutions(solutions)) = parsed else {
        panic!("not solutions: {}", response.text());
    };
    solutions
        .map(|solution| {
            let solution = solution.unwrap();
            let value = |term: Option<&oxigraph::model::Term>| match term {
                Some(oxigraph::model::Term::Literal(l)) => l.value().to_owned(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            solution
                .values()
                .iter()
                .map(|v| value(v.as_ref()))
                .collect()
        })
        .collect()
}

/// The names of the demo partners, sorted as the query sorts them.
fn demo_partner_names() -> Vec<String> {
    let server = demo_server();
    let sparql = "SELECT ?name WHERE { ?p a cis:Partner ; schema:name ?name } ORDER BY ?name";
    let response = query(server.addr, sparql);
    assert_eq!(response.status, 200, "{}", response.text());
    rows(&response)
        .into_iter()
        .map(|row| row[0].clone())
        .collect()
}

/// A loopback port nobody listens on.
fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    addr
}

/// A stub endpoint answering every request with `answer` (raw HTTP; `None`
/// holds the connection open without a word); the requests it got, as
/// text, come out of the receiver.
fn stub(answer: Option<String>) -> (SocketAddr, Receiver<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let request = read_request(&mut stream);
            let _ = tx.send(request);
            match &answer {
                Some(answer) => {
                    let _ = stream.write_all(answer.as_bytes());
                }
                None => std::thread::sleep(Duration::from_secs(30)),
            }
        }
    });
    (addr, rx)
}

/// A request's head and body (by its `Content-Length`).
fn read_request(stream: &mut std::net::TcpStream) -> String {
    let mut raw = Vec::new();
    let mut buffer = [0; 4096];
    while let Ok(n) = stream.read(&mut buffer) {
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buffer[..n]);
        let text = String::from_utf8_lossy(&raw);
        if let Some(end) = text.find("\r\n\r\n") {
            let length = text[..end]
                .lines()
                .find_map(|l| {
                    let (name, value) = l.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            if raw.len() >= end + 4 + length {
                break;
            }
        }
    }
    String::from_utf8_lossy(&raw).into_owned()
}

fn header_value<'a>(request: &'a str, name: &str) -> Option<&'a str> {
    request.lines().find_map(|line| {
        let (n, v) = line.split_once(':')?;
        n.eq_ignore_ascii_case(name).then_some(v.trim())
    })
}

#[test]
fn a_service_on_an_allowed_host_joins_its_rows_with_ours() {
    let remote = remote();
    let server = ours(&["127.0.0.1".into()]);
    let sparql = partners_with_regions(&format!("SERVICE <{}>", endpoint(remote.addr)));
    let response = query(server.addr, &sparql);
    assert_eq!(response.status, 200, "{}", response.text());
    assert!(response.complete);
    let expected = [
        ["Fondation Solidaire des Territoires", "Grand Est"],
        ["Réseau ESS Ouest", "Bretagne"],
    ];
    assert_eq!(rows(&response), expected.map(|r| r.map(str::to_owned)));
}

#[test]
fn an_allowed_host_and_port_is_that_port_only() {
    let remote = remote();
    let server = ours(&[format!("127.0.0.1:{}", remote.addr.port())]);
    let allowed = partners_with_regions(&format!("SERVICE <{}>", endpoint(remote.addr)));
    let response = query(server.addr, &allowed);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(rows(&response).len(), 2);

    let other = endpoint(closed_port());
    let response = query(
        server.addr,
        &partners_with_regions(&format!("SERVICE <{other}>")),
    );
    assert_eq!(response.status, 400, "{}", response.text());
    let message = response.text();
    assert!(
        message.contains(&format!("SERVICE <{other}> is refused")),
        "{message}"
    );
    assert!(
        message.contains(&format!("127.0.0.1:{}", remote.addr.port())),
        "{message}"
    );
}

#[test]
fn a_host_off_the_list_is_refused_with_400_naming_it() {
    let remote = remote();
    let server = ours(&["127.0.0.1".into()]);
    // Same machine, another name: the list compares names, not addresses.
    let by_name = format!("http://localhost:{}/sparql", remote.addr.port());
    let response = query(
        server.addr,
        &partners_with_regions(&format!("SERVICE <{by_name}>")),
    );
    assert_eq!(response.status, 400, "{}", response.text());
    assert!(
        response.text().contains(&format!("<{by_name}>")),
        "{}",
        response.text()
    );
    assert!(response.text().contains("federates only with 127.0.0.1"));
}

#[test]
fn the_default_configuration_refuses_every_service() {
    let remote = remote();
    let sparql = partners_with_regions(&format!("SERVICE <{}>", endpoint(remote.addr)));
    let response = query(demo_server().addr, &sparql);
    assert_eq!(response.status, 400, "{}", response.text());
    assert!(response.text().contains("does not federate with any host"));
}

#[test]
fn a_remote_endpoint_down_is_a_502_naming_it() {
    let server = ours(&["127.0.0.1".into()]);
    let down = endpoint(closed_port());
    let response = query(
        server.addr,
        &partners_with_regions(&format!("SERVICE <{down}>")),
    );
    assert_eq!(response.status, 502, "{}", response.text());
    let message = response.text();
    assert!(
        message.contains(&format!("SERVICE <{down}> failed")),
        "{message}"
    );
    assert!(message.contains("could not be reached"), "{message}");
    assert!(message.contains("SERVICE SILENT"), "{message}");
}

#[test]
fn service_silent_on_a_remote_endpoint_down_keeps_our_rows() {
    let server = ours(&["127.0.0.1".into()]);
    let down = endpoint(closed_port());
    let response = query(
        server.addr,
        &partners_with_regions(&format!("SERVICE SILENT <{down}>")),
    );
    assert_eq!(response.status, 200, "{}", response.text());
    let names: Vec<String> = rows(&response).iter().map(|row| row[0].clone()).collect();
    assert_eq!(names, demo_partner_names());
    assert_eq!(names.len(), 6);
    assert!(rows(&response).iter().all(|row| row[1].is_empty()));
}

#[test]
fn an_error_answer_is_a_502_quoting_it_and_the_call_is_a_plain_sparql_post() {
    let (addr, requests) = stub(Some(
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 22\r\nConnection: close\r\n\r\nthe remote store broke"
            .into(),
    ));
    let server = ours(&["127.0.0.1".into()]);
    let response = query(
        server.addr,
        &partners_with_regions(&format!("SERVICE <{}>", endpoint(addr))),
    );
    assert_eq!(response.status, 502, "{}", response.text());
    let message = response.text();
    assert!(
        message.contains("answered 500 Internal Server Error: the remote store broke"),
        "{message}"
    );

    let request = requests.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(
        request.starts_with("POST /sparql HTTP/1.1\r\n"),
        "{request}"
    );
    assert_eq!(
        header_value(&request, "content-type"),
        Some("application/sparql-query")
    );
    let accept = header_value(&request, "accept").unwrap_or_default();
    assert!(
        accept.starts_with("application/sparql-results+json"),
        "{accept}"
    );
    let agent = header_value(&request, "user-agent").unwrap_or_default();
    assert!(agent.starts_with("Carrefour/"), "{agent}");
    // Only the pattern inside SERVICE is sent, never our data.
    let body = &request[request.find("\r\n\r\n").unwrap() + 4..];
    assert!(body.contains("SELECT") && body.contains(REGION), "{body}");
    assert!(!body.contains("Partner"), "{body}");
}

#[test]
fn redirects_are_followed_to_allowed_hosts_only() {
    let remote = remote();
    let redirect = |target: &str| {
        format!(
            "HTTP/1.1 307 Temporary Redirect\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
    };
    let server = ours(&["127.0.0.1".into()]);

    let (to_remote, _) = stub(Some(redirect(&endpoint(remote.addr))));
    let sparql = partners_with_regions(&format!("SERVICE <{}>", endpoint(to_remote)));
    let response = query(server.addr, &sparql);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(rows(&response).len(), 2);

    let elsewhere = format!("http://localhost:{}/sparql", remote.addr.port());
    let (to_elsewhere, _) = stub(Some(redirect(&elsewhere)));
    let sparql = partners_with_regions(&format!("SERVICE <{}>", endpoint(to_elsewhere)));
    let response = query(server.addr, &sparql);
    assert_eq!(response.status, 502, "{}", response.text());
    assert!(
        response
            .text()
            .contains(&format!("redirected to <{elsewhere}>")),
        "{}",
        response.text()
    );
}

#[test]
fn a_silent_remote_endpoint_is_given_up_at_the_query_timeout() {
    let (addr, _) = stub(None);
    let config = ServerConfig {
        federate_with: vec!["127.0.0.1".into()],
        query_timeout: Duration::from_secs(2),
        allow_loopback: true,
        ..ServerConfig::default()
    };
    let server = serve(demo_store(), config);
    let started = std::time::Instant::now();
    let response = query(
        server.addr,
        &partners_with_regions(&format!("SERVICE <{}>", endpoint(addr))),
    );
    assert_eq!(response.status, 502, "{}", response.text());
    assert!(
        response.text().contains("did not answer within"),
        "{}",
        response.text()
    );
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[test]
fn a_service_evaluated_for_each_row_calls_the_endpoint_once() {
    let partner = format!("{}id/partner/reseau-ess-ouest", common::BASE);
    let results = format!(
        r#"{{"head":{{"vars":["partner"]}},"results":{{"bindings":[{{"partner":{{"type":"uri","value":"{partner}"}}}}]}}}}"#
    );
    let (addr, requests) = stub(Some(format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{results}",
        results.len()
    )));
    let server = ours(&["127.0.0.1".into()]);
    let sparql = format!(
        "SELECT ?name WHERE {{
           ?partner a cis:Partner ; schema:name ?name .
           FILTER EXISTS {{ SERVICE <{}> {{ ?partner <{REGION}> ?region }} }}
         }}",
        endpoint(addr)
    );
    let response = query(server.addr, &sparql);
    assert_eq!(response.status, 200, "{}", response.text());
    assert_eq!(rows(&response), [["Réseau ESS Ouest".to_owned()]]);
    assert!(requests.try_recv().is_ok());
    assert!(
        requests.try_recv().is_err(),
        "the endpoint was called again"
    );
}

/// A loopback listener that never accepts: whatever connects to it waits
/// in its backlog, where [`accepted_nothing`] finds it.
fn trap() -> TcpListener {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    listener
}

/// No connection reached `listener`.
fn accepted_nothing(listener: &TcpListener) -> bool {
    matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock)
}

#[test]
fn an_allowed_name_resolving_to_loopback_is_refused_without_the_opt_in() {
    let listener = trap();
    let port = listener.local_addr().unwrap().port();
    let config = ServerConfig {
        federate_with: vec!["localhost".into(), "127.0.0.1".into()],
        ..ServerConfig::default()
    };
    let server = serve(demo_store(), config);
    for endpoint in [
        format!("http://localhost:{port}/sparql"),
        format!("http://127.0.0.1:{port}/sparql"),
    ] {
        let sparql = partners_with_regions(&format!("SERVICE <{endpoint}>"));
        let response = query(server.addr, &sparql);
        assert_eq!(response.status, 502, "{}", response.text());
        let message = response.text();
        assert!(
            message.contains(&format!("SERVICE <{endpoint}> is refused")),
            "{message}"
        );
        assert!(message.contains("a loopback address"), "{message}");
        assert!(message.contains("public addresses only"), "{message}");
        // SILENT still answers our own rows, without the refused endpoint.
        let silent = partners_with_regions(&format!("SERVICE SILENT <{endpoint}>"));
        let response = query(server.addr, &silent);
        assert_eq!(response.status, 200, "{}", response.text());
        assert_eq!(rows(&response).len(), demo_partner_names().len());
    }
    assert!(
        accepted_nothing(&listener),
        "a refused endpoint was connected to"
    );
}
