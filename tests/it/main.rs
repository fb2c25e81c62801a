//! Every integration test in one binary (`cargo test --test it`): one link
//! instead of one per file, which was most of a clean CI build, and one
//! demo store built for all the tests that read it. Run one file's tests
//! with `cargo test --test it hostile::`.
//!
//! Helpers: `common` (demo store and server, raw HTTP client, truth
//! comparison), `datasets_common` (the dataset pages' shared checks),
//! `fault_server` (a loopback server that misbehaves on purpose).

mod common;
mod datasets_common;
mod fault_server;

mod api_projects;
mod browser;
mod changes;
mod cli;
mod describe;
mod extract_forms;
mod federation_hubs;
mod fetch;
mod fragments;
mod graph_store;
mod harvest_embedded;
mod harvest_faults;
mod harvest_report;
mod harvest_shapes;
mod harvest_sites;
mod harvest_withdrawal;
mod hostile;
mod hub_harvest;
mod index;
mod jsonld;
mod linked_data;
mod live_hub;
mod ontology;
mod openscraper;
mod pages;
mod publication;
mod queries;
mod rdf;
mod record;
mod reliability;
mod render;
mod round;
mod same_projects;
mod search;
mod shares;
mod sparql_endpoint;
mod sparql_federation;
mod sparql_protocol;
mod ssrf;
mod store;
mod territories;
mod void_dumps;
