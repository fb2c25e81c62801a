//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store`: the W3C protocol
//! tests that apply (indirect identification, `?graph=` and `?default`; the
//! multipart `POST` is not offered), in their order, on a fresh store; then
//! who may write, and reading a hub's own graphs.

use crate::common;

use std::collections::BTreeSet;
use std::net::SocketAddr;

use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{demo_server, serve};
use common::http::{Response, form_encode, get, head_request, send};
use oxigraph::io::{RdfFormat, RdfParser};

const TOKEN: &str = "graph-store-test-token";
const GRAPH: &str = "http://example.org/graph-store/person/1";

const PERSON_1: &str = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/person/1> a foaf:Person ; foaf:name \"John Doe\" .";
const PERSON_1_AGAIN: &str = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/person/1> a foaf:Person ; foaf:name \"Jane Doe\" .";
const PERSON_2: &str = "@prefix foaf: <http://xmlns.com/foaf/0.1/> .
<http://example.org/person/2> a foaf:Person ; foaf:name \"Alice\" .";

fn server(config: ServerConfig) -> SocketAddr {
    let store = Store::in_memory(common::base()).unwrap();
    serve(store, config).addr
}

fn writer() -> SocketAddr {
    server(ServerConfig {
        update_token: Some(TOKEN.into()),
        ..ServerConfig::default()
    })
}

fn write(addr: SocketAddr, method: &str, target: &str, body: &str) -> Response {
    send(
        addr,
        &format!(
            "{method} /store{target} HTTP/1.1\r\nContent-Type: text/turtle\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: {}",
            body.len()
        ),
        body.as_bytes(),
    )
}

fn graph_query(iri: &str) -> String {
    format!("?graph={}", form_encode(iri))
}

/// The triples of a Turtle (or N-Triples) text, as N-Triples lines.
fn triples(turtle: &[u8]) -> BTreeSet<String> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle)
        .map(|quad| {
            let quad = quad.unwrap();
            oxigraph::model::Triple::from(quad).to_string()
        })
        .collect()
}

fn read(addr: SocketAddr, target: &str) -> Response {
    get(
        addr,
        &format!("/store{target}"),
        &[("Accept", "text/turtle")],
    )
}

#[test]
fn the_w3c_graph_store_sequence() {
    let addr = writer();
    let graph = graph_query(GRAPH);
    // PUT - Initial state; GET of PUT.
    assert_eq!(write(addr, "PUT", &graph, PERSON_1).status, 201);
    let got = read(addr, &graph);
    assert_eq!(got.status, 200);
    assert!(got.media_type().starts_with("text/turtle"));
    assert_eq!(triples(&got.body), triples(PERSON_1.as_bytes()));
    // PUT - graph already in store; GET of PUT.
    assert_eq!(write(addr, "PUT", &graph, PERSON_1_AGAIN).status, 204);
    assert_eq!(
        triples(&read(addr, &graph).body),
        triples(PERSON_1_AGAIN.as_bytes())
    );
    // PUT - default graph; GET of PUT (the named graph is not in it).
    let put = write(addr, "PUT", "?default", PERSON_2).status;
    assert!(put == 201 || put == 204, "{put}");
    assert_eq!(
        triples(&read(addr, "?default").body),
        triples(PERSON_2.as_bytes())
    );
    // PUT - mismatched payload.
    let bad = write(addr, "PUT", &graph, "this is not turtle <");
    assert_eq!(bad.status, 400, "{}", bad.text());
    assert_eq!(
        triples(&read(addr, &graph).body),
        triples(PERSON_1_AGAIN.as_bytes())
    );
    // PUT - empty graph; GET of PUT.
    let empty = graph_query("http://example.org/graph-store/empty");
    assert_eq!(write(addr, "PUT", &empty, "").status, 201);
    let got = read(addr, &empty);
    assert_eq!(got.status, 200);
    assert!(triples(&got.body).is_empty());
    // DELETE - existing graph; GET of DELETE; DELETE - non-existent graph.
    assert_eq!(write(addr, "DELETE", &empty, "").status, 204);
    assert_eq!(read(addr, &empty).status, 404);
    assert_eq!(write(addr, "DELETE", &empty, "").status, 404);
    // POST - existing graph; GET of POST (merged).
    assert_eq!(write(addr, "POST", &graph, PERSON_2).status, 204);
    let merged: BTreeSet<String> = triples(PERSON_1_AGAIN.as_bytes())
        .union(&triples(PERSON_2.as_bytes()))
        .cloned()
        .collect();
    assert_eq!(triples(&read(addr, &graph).body), merged);
    // POST - create new graph; GET of POST - create new graph.
    let created = write(addr, "POST", "", PERSON_1);
    assert_eq!(created.status, 201);
    let location = created.header("location").expect("a Location").to_owned();
    assert_eq!(
        triples(&read(addr, &graph_query(&location)).body),
        triples(PERSON_1.as_bytes())
    );
    // POST - empty graph to existing graph: nothing changes.
    assert_eq!(write(addr, "POST", &graph, "").status, 204);
    assert_eq!(triples(&read(addr, &graph).body), merged);
    // HEAD on an existing graph; HEAD on a non-existing graph.
    let head = head_request(
        addr,
        &format!("/store{graph}"),
        &[("Accept", "text/turtle")],
    );
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty());
    let missing = head_request(addr, &format!("/store{empty}"), &[]);
    assert_eq!(missing.status, 404);
}

#[test]
fn formats_and_refusals() {
    let addr = writer();
    let graph = graph_query(GRAPH);
    assert_eq!(write(addr, "PUT", &graph, PERSON_1).status, 201);
    for accept in [
        "application/n-triples",
        "application/rdf+xml",
        "application/ld+json",
    ] {
        let got = get(addr, &format!("/store{graph}"), &[("Accept", accept)]);
        assert_eq!(got.status, 200, "{accept}");
        assert!(got.media_type().starts_with(accept), "{accept}");
        assert!(got.text().contains("John Doe"), "{accept}");
    }
    // A body in a format we do not read; a dataset format for one graph.
    for content_type in ["image/png", "application/n-quads"] {
        let refused = send(
            addr,
            &format!(
                "PUT /store{graph} HTTP/1.1\r\nContent-Type: {content_type}\r\nAuthorization: Bearer {TOKEN}\r\nContent-Length: 1"
            ),
            b"x",
        );
        assert_eq!(refused.status, 415, "{content_type}");
    }
    assert_eq!(read(addr, "?graph=relative").status, 400);
    assert_eq!(read(addr, "").status, 400, "GET names a graph");
    assert_eq!(read(addr, &format!("{graph}&default")).status, 400);
    // Without the token, with a wrong one, on a read-only server.
    let anonymous = send(
        addr,
        &format!("PUT /store{graph} HTTP/1.1\r\nContent-Type: text/turtle\r\nContent-Length: 0"),
        b"",
    );
    assert_eq!(anonymous.status, 401);
    let wrong = send(
        addr,
        &format!("DELETE /store{graph} HTTP/1.1\r\nAuthorization: Bearer nope"),
        b"",
    );
    assert_eq!(wrong.status, 403);
    assert_eq!(read(addr, &graph).status, 200, "nothing was deleted");
    let read_only = server(ServerConfig {
        update_token: Some(TOKEN.into()),
        read_only: true,
        ..ServerConfig::default()
    });
    assert_eq!(write(read_only, "PUT", &graph, PERSON_1).status, 403);
}

#[test]
fn a_hubs_graphs_are_readable_by_everyone() {
    let server = demo_server();
    let provenance = server.state.store.base().graph("provenance");
    let got = read(server.addr, &graph_query(provenance.as_str()));
    assert_eq!(got.status, 200);
    let read_back = triples(&got.body);
    let held = server
        .state
        .store
        .oxigraph()
        .quads_for_pattern(None, None, None, Some(provenance.as_ref().into()))
        .count();
    assert!(held > 0);
    assert_eq!(read_back.len(), held, "every statement of the graph, once");
    // Anyone reads; nobody without the token writes (the demo has none).
    let refused = write(server.addr, "DELETE", &graph_query(provenance.as_str()), "");
    assert_eq!(refused.status, 403);
}

/// A client that asks for a large graph and stops reading holds its query
/// slot until the query deadline at most, then the server gives up on it.
#[test]
fn a_client_that_stops_reading_is_given_up_on() {
    use std::io::Write;
    use std::time::{Duration, Instant};
    let store = Store::in_memory(common::base()).unwrap();
    let graph = oxigraph::model::NamedNode::new_unchecked(GRAPH);
    let name = oxigraph::model::NamedNode::new_unchecked("http://xmlns.com/foaf/0.1/name");
    let quads = (0..200_000).map(|i| {
        oxigraph::model::Quad::new(
            oxigraph::model::NamedNode::new_unchecked(format!("http://example.org/person/{i}")),
            name.clone(),
            oxigraph::model::Literal::from(format!("Personne numéro {i}, un nom assez long")),
            graph.clone(),
        )
    });
    let mut loader = store.oxigraph().bulk_loader();
    loader.load_quads(quads).unwrap();
    loader.commit().unwrap();
    let config = ServerConfig {
        query_timeout: Duration::from_secs(1),
        max_concurrent_queries: 1,
        ..ServerConfig::default()
    };
    let server = serve(store, config);
    let mut stalled = std::net::TcpStream::connect(server.addr).unwrap();
    write!(
        stalled,
        "GET /store{} HTTP/1.1\r\nHost: x\r\nAccept: application/n-triples\r\n\r\n",
        graph_query(GRAPH)
    )
    .unwrap();
    // The slot is taken while the graph is written, then given back.
    let deadline = Instant::now() + Duration::from_secs(10);
    std::thread::sleep(Duration::from_millis(200));
    while server.state.slots.available() < 1 {
        assert!(
            Instant::now() < deadline,
            "the stalled reader still holds the slot"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let other = get(server.addr, "/store?default", &[("Accept", "text/turtle")]);
    assert_eq!(other.status, 200);
    // It was given the graph, not an error: the server wrote until it stalled.
    let mut head = [0u8; 15];
    std::io::Read::read_exact(&mut stalled, &mut head).unwrap();
    assert_eq!(&head, b"HTTP/1.1 200 OK");
}
