//! Two hubs on loopback, as two regional Carrefour instances would be: each
//! with its own demo partners and minting its IRIs under its own address.
//! Federated by a `SERVICE` join from one to the other, and by Comunica
//! (`@comunica/query-sparql` from npm, installed by `.ci/setup`, driven by
//! `tests/federation/comunica.mjs`) over both SPARQL endpoints and over both
//! Triple Pattern Fragments interfaces. The expected rows are the query's
//! answer over both hubs' data merged into one store.

use crate::common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use carrefour::record::BaseIri;
use carrefour::server::ServerConfig;
use carrefour::store::Store;
use common::demo::{TestServer, harvest_partners, loopback_listener, serve_on};
use common::http::{form_encode, get};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Pairs of project places in Ille-et-Vilaine, whichever hub lists them:
/// the département is two IRIs, one per hub, with one INSEE code, so a
/// pair across the hubs is a join of the two sources on that code. (Kept
/// to four patterns: Comunica's plans over two SPARQL endpoints send one
/// request per binding, tens of thousands for a longer chain.)
const SAME_DEPARTEMENT: &str = "PREFIX schema: <http://schema.org/>
PREFIX igeo: <http://rdf.insee.fr/def/geo#>
SELECT ?a ?b WHERE {
  ?ca igeo:codeINSEE \"35\" .
  ?a schema:containedInPlace ?ca .
  ?cb igeo:codeINSEE \"35\" .
  ?b schema:containedInPlace ?cb .
}";

struct Hubs {
    a: TestServer,
    b: TestServer,
    /// Both hubs' quads in one store.
    merged: oxigraph::store::Store,
}

/// Hub B (two partners of the west), then hub A (two others), allowed to
/// call B in `SERVICE`; once per test binary.
fn hubs() -> &'static Hubs {
    static HUBS: OnceLock<Hubs> = OnceLock::new();
    HUBS.get_or_init(|| {
        let b = hub(
            &["reseau-ess-ouest", "solidarites-locales"],
            ServerConfig::default(),
        );
        let config = ServerConfig {
            federate_with: vec![b.addr.to_string()],
            allow_loopback: true,
            ..ServerConfig::default()
        };
        let a = hub(&["fondation-territoires", "territoires-engages"], config);
        let merged = oxigraph::store::Store::new().unwrap();
        for hub in [&a, &b] {
            for quad in hub.state.store.oxigraph().iter() {
                merged.insert(&quad.unwrap()).unwrap();
            }
        }
        Hubs { a, b, merged }
    })
}

/// A hub at its own loopback address, with `partners` harvested.
fn hub(partners: &[&str], config: ServerConfig) -> TestServer {
    let listener = loopback_listener();
    let base = BaseIri::new(&format!("http://{}/", listener.local_addr().unwrap())).unwrap();
    let store = Store::in_memory(base).unwrap();
    harvest_partners(&store, partners);
    serve_on(listener, store, config)
}

type Row = Vec<(String, String)>;

/// The rows of `query` over the merged data, each as sorted (variable, value).
fn expected(query: &str) -> BTreeSet<Row> {
    let mut prepared = SparqlEvaluator::new().parse_query(query).unwrap();
    // As the hubs' endpoints: the default graph is the union of the graphs.
    prepared.dataset_mut().set_default_graph_as_union();
    let QueryResults::Solutions(solutions) = prepared.on_store(&hubs().merged).execute().unwrap()
    else {
        panic!("not a SELECT");
    };
    solutions
        .map(|solution| {
            let solution = solution.unwrap();
            let mut row: Row = solution
                .iter()
                .map(|(variable, term)| (variable.as_str().to_owned(), value(term)))
                .collect();
            row.sort();
            row
        })
        .collect()
}

fn value(term: &oxigraph::model::Term) -> String {
    match term {
        oxigraph::model::Term::NamedNode(node) => node.as_str().to_owned(),
        oxigraph::model::Term::Literal(literal) => literal.value().to_owned(),
        other => other.to_string(),
    }
}

/// The rows of a SPARQL JSON results document.
fn json_rows(results: &serde_json::Value) -> BTreeSet<Row> {
    results["results"]["bindings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|binding| {
            let mut row: Row = binding
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["value"].as_str().unwrap().to_owned()))
                .collect();
            row.sort();
            row
        })
        .collect()
}

fn on(row: &Row, variable: &str, hub: &TestServer) -> bool {
    let prefix = format!("http://{}/", hub.addr);
    row.iter()
        .any(|(name, value)| name == variable && value.starts_with(&prefix))
}

#[test]
fn a_service_join_from_one_hub_to_the_other() {
    let hubs = hubs();
    // A's half of the join here, B's in the SERVICE call.
    let query = format!(
        "PREFIX schema: <http://schema.org/>
PREFIX igeo: <http://rdf.insee.fr/def/geo#>
SELECT ?a ?b WHERE {{
  ?ca igeo:codeINSEE ?code .
  ?a schema:containedInPlace ?ca .
  FILTER(?code = \"35\")
  SERVICE <http://{}/sparql> {{
    ?cb igeo:codeINSEE ?code .
    ?b schema:containedInPlace ?cb .
  }}
}}",
        hubs.b.addr
    );
    let response = get(
        hubs.a.addr,
        &format!("/sparql?query={}", form_encode(&query)),
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(response.status, 200, "{}\n{query}", response.text());
    let rows = json_rows(&response.json());
    let wanted: BTreeSet<Row> = expected(SAME_DEPARTEMENT)
        .into_iter()
        .filter(|row| on(row, "a", &hubs.a) && on(row, "b", &hubs.b))
        .collect();
    assert!(
        !wanted.is_empty(),
        "the two hubs share no département: pick other partners"
    );
    assert_eq!(rows, wanted);
}

/// Comunica's rows for `query` over `sources` (`type=url`).
fn comunica(query: &str, sources: &[String]) -> BTreeSet<Row> {
    let setup = "run .ci/setup to install node and @comunica/query-sparql (npm ci)";
    assert!(
        Path::new(ROOT)
            .join("node_modules/@comunica/query-sparql/package.json")
            .is_file(),
        "node_modules/@comunica/query-sparql is missing: {setup}"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("query.rq");
    std::fs::write(&file, query).unwrap();
    let run = Command::new("node")
        .current_dir(ROOT)
        .arg("tests/federation/comunica.mjs")
        .arg(&file)
        .args(sources)
        .output()
        .unwrap_or_else(|e| panic!("node does not run ({e}): {setup}"));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "Comunica failed: {stderr}");
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_slice(&run.stdout).unwrap();
    rows.into_iter()
        .map(|binding| {
            let mut row: Row = binding
                .into_iter()
                .map(|(k, v)| (k, v.as_str().unwrap().to_owned()))
                .collect();
            row.sort();
            row
        })
        .collect()
}

/// Comunica's rows over both hubs, each given as `{kind}=http://{hub}{path}`,
/// are the merged data's, and some join a project of A to one of B.
fn comunica_over_both_hubs(kind: &str, path: &str) {
    let hubs = hubs();
    let sources = [&hubs.a, &hubs.b].map(|hub| format!("{kind}=http://{}{path}", hub.addr));
    let rows = comunica(SAME_DEPARTEMENT, &sources);
    let wanted = expected(SAME_DEPARTEMENT);
    assert!(
        wanted
            .iter()
            .any(|row| on(row, "a", &hubs.a) && on(row, "b", &hubs.b))
    );
    assert_eq!(rows, wanted);
}

#[test]
fn comunica_joins_both_sparql_endpoints() {
    comunica_over_both_hubs("sparql", "/sparql");
}

#[test]
fn comunica_joins_both_fragment_interfaces() {
    // No type given: Comunica finds the fragments' search form itself.
    comunica_over_both_hubs("auto", "/fragments");
}

#[test]
fn descriptions_say_how_to_federate() {
    let hubs = hubs();
    let description = |hub: &TestServer, path: &str| {
        let response = get(hub.addr, path, &[("Accept", "application/n-triples")]);
        assert_eq!(response.status, 200, "{path}");
        response.text()
    };
    let sd = "http://www.w3.org/ns/sparql-service-description#";
    let federated = format!("<{sd}feature> <{sd}BasicFederatedQuery>");
    let allowed = format!(
        "<https://w3id.org/carrefour/ns#federatesWith> \"{}\"",
        hubs.b.addr
    );
    let a = description(&hubs.a, "/sparql");
    assert!(a.contains(&federated) && a.contains(&allowed), "{a}");
    // B calls no SERVICE: it claims nothing.
    let b = description(&hubs.b, "/sparql");
    assert!(
        !b.contains(&federated) && !b.contains("federatesWith"),
        "{b}"
    );
    let fragments = format!("<http://{}/void#fragments>", hubs.b.addr);
    assert!(
        b.contains(&fragments),
        "the service description points at the fragments"
    );
    let void = description(&hubs.b, "/void");
    let endpoint = format!(
        "{fragments} <http://www.w3.org/ns/dcat#endpointURL> <http://{}/fragments>",
        hubs.b.addr
    );
    assert!(void.contains(&endpoint), "{void}");
    let store = format!(
        "<http://{0}/void#store> <http://www.w3.org/ns/dcat#endpointURL> <http://{0}/store>",
        hubs.b.addr
    );
    assert!(void.contains(&store), "{void}");
    let changes = format!(
        "<http://{0}/void#changes> <http://www.w3.org/ns/dcat#endpointURL> <http://{0}/changes>",
        hubs.b.addr
    );
    assert!(void.contains(&changes), "{void}");
    assert!(b.contains(&format!("<http://{}/void#changes>", hubs.b.addr)));
}
