//! Carrefour: the open linked-data hub of the *Carrefour des innovations sociales*.
//!
//! The modules follow the pipeline, in order:
//!
//! - [`mapping`], partner mapping files (`mappings/*.toml`);
//! - [`harvest`], fetching partner pages and extracting records;
//! - [`record`], the typed project record, the contract between harvesting and publishing;
//! - [`territory`], the gazetteer of French communes, départements and régions, and place resolution;
//! - [`rdf`], records to quads, with PROV-O provenance and CC REL licences;
//! - [`store`], the Oxigraph store, atomic per-partner replacement;
//! - `search`, full-text search (a later issue);
//! - [`server`], HTTP.
//!
//! [`net`] holds the address rule every outgoing connection obeys (public
//! addresses only), shared by the harvester and SPARQL federation.
//!
//! [`cli`] ties them to the `carrefour` command. See `ARCHITECTURE.md` for
//! the data flow.

pub mod cli;
pub mod harvest;
pub mod index;
pub mod mapping;
pub mod net;
pub mod rdf;
pub mod record;
pub mod server;
pub mod store;
pub mod territory;
