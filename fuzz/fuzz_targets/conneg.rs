#![no_main]
//! `Accept` and `Content-Type` headers: the negotiation functions of
//! `carrefour::server::conneg` on the raw text, then the same text as a
//! header of a real request to a negotiating route (documents, the
//! projects API, VoID, the SPARQL endpoint and its POSTed queries).
//!
//! The oracles: negotiation only ever picks one of the offers, at a
//! quality above zero (or the first offer when the header says nothing);
//! the router answers, never with a 500 (501, 502 and 503 allowed).

use arbitrary::Arbitrary;
use axum::http::{HeaderName, Method, header};
use carrefour::server::conneg::{format_media_type, negotiate, parse_accept, quality};
use carrefour_fuzz::server;
use libfuzzer_sys::fuzz_target;

/// The offers of the routes that negotiate, from the server's own lists.
const OFFERS: &[&str] = &[
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/rdf+xml",
    "application/n-triples",
    "application/n-quads",
    "application/trig",
    "application/json",
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
];

/// Where the header goes.
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Route {
    /// `/doc/{kind}/{key}` of one thing of the demo data (index modulo).
    Document(u8),
    /// `/id/{kind}/{key}` (a 303, whatever `Accept` says).
    Thing(u8),
    /// `/doc/{kind}/{key}.ttl` and the other extensions: `Accept` is moot.
    DocumentFile(u8),
    Projects,
    FilteredProjects,
    Void,
    WellKnownVoid,
    Ontology,
    Context,
    Home,
    /// `/sparql` without a query: the query page or the service description.
    SparqlDescription,
    SparqlSelect,
    SparqlConstruct,
    SparqlAsk,
    /// A POSTed query: the header is its `Content-Type`.
    SparqlPostContentType,
}

/// One header value sent to one route, with a subset of the offers.
#[derive(Arbitrary, Debug)]
struct Negotiation {
    route: Route,
    /// Which of [`OFFERS`] a route offers (a bit each), for the functions.
    offered: u16,
    head: bool,
    /// The raw header value.
    header: String,
}

const EXTENSIONS: [&str; 5] = ["ttl", "jsonld", "rdf", "nt", "html"];

fn path(route: Route) -> (String, Option<&'static [u8]>) {
    let things = server::demo_things();
    let thing = |i: u8| &things[usize::from(i) % things.len()];
    let get = |path: &str| (path.to_owned(), None);
    match route {
        Route::Document(i) => get(&format!("/doc/{}", thing(i))),
        Route::Thing(i) => get(&format!("/id/{}", thing(i))),
        Route::DocumentFile(i) => {
            let extension = EXTENSIONS[usize::from(i) % EXTENSIONS.len()];
            get(&format!("/doc/{}.{extension}", thing(i)))
        }
        Route::Projects => get("/api/projects"),
        Route::FilteredProjects => get("/api/projects?region=84&limit=3"),
        Route::Void => get("/void"),
        Route::WellKnownVoid => get("/.well-known/void"),
        Route::Ontology => get("/ontology"),
        Route::Context => get("/ns/context.jsonld"),
        Route::Home => get("/"),
        Route::SparqlDescription => get("/sparql"),
        Route::SparqlSelect => {
            get("/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%203")
        }
        Route::SparqlConstruct => {
            get("/sparql?query=CONSTRUCT%20WHERE%20%7B%20%3Fs%20a%20%3Fo%20%7D%20LIMIT%203")
        }
        Route::SparqlAsk => get("/sparql?query=ASK%20%7B%7D"),
        Route::SparqlPostContentType => (
            "/sparql".to_owned(),
            Some(b"SELECT ?s WHERE { ?s a ?type } LIMIT 2"),
        ),
    }
}

/// The functions alone: what they pick is always one of the offers.
fn negotiation_is_sound(input: &Negotiation) {
    let offers: Vec<&str> = OFFERS
        .iter()
        .enumerate()
        .filter(|(i, _)| input.offered & (1 << i) != 0)
        .map(|(_, offer)| *offer)
        .collect();
    let ranges = parse_accept(&input.header);
    for range in &ranges {
        assert!((0.0..=1.0).contains(&range.q), "q out of range: {range:?}");
    }
    match negotiate(Some(&input.header), &offers) {
        Ok(chosen) => {
            assert!(offers.contains(&chosen), "{chosen} was not offered");
            let q = quality(&ranges, chosen);
            assert!(
                ranges.is_empty() || q > 0.0,
                "{chosen} chosen at q={q} from {ranges:?}"
            );
        }
        Err(_) => assert!(
            offers.is_empty() || !ranges.is_empty(),
            "refused although the header says nothing: {ranges:?}"
        ),
    }
    if let Some(media_type) = format_media_type(&input.header) {
        assert!(OFFERS.contains(&media_type), "format gave {media_type}");
    }
}

fuzz_target!(|input: Negotiation| {
    negotiation_is_sound(&input);
    let (target, body) = path(input.route);
    let (method, name, body) = match body {
        Some(query) => (Method::POST, header::CONTENT_TYPE, query.to_vec()),
        None if input.head => (Method::HEAD, header::ACCEPT, Vec::new()),
        None => (Method::GET, header::ACCEPT, Vec::new()),
    };
    let headers: Vec<(HeaderName, String)> = vec![(name, input.header.clone())];
    let Some(request) = server::request(&method, &target, &headers, body) else {
        return;
    };
    let answer = server::send(server::demo_app(), request);
    server::check(&answer, &(&target, &input));
});
