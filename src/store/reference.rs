//! The reference graphs: our vocabulary, the theme and stage schemes.
//!
//! They are compiled into the binary and reloaded at every start, so a store
//! always carries the vocabulary of the code that serves it. Each file states
//! its version (`owl:versionInfo`). Themes and stages use IRIs relative to the
//! deployment's base (`@prefix theme: <id/theme/>`), resolved at load time.

use oxigraph::io::{RdfFormat, RdfParser};

use super::{Store, StoreError};

/// A reference graph: its name under `{base}graph/` and its Turtle source.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceGraph {
    pub name: &'static str,
    pub file: &'static str,
    pub turtle: &'static str,
}

/// The reference graphs, loaded into every store.
pub const REFERENCE_GRAPHS: [ReferenceGraph; 3] = [
    ReferenceGraph {
        name: "ontology",
        file: "ontology/carrefour.ttl",
        turtle: include_str!("../../ontology/carrefour.ttl"),
    },
    ReferenceGraph {
        name: "themes",
        file: "ontology/themes.ttl",
        turtle: include_str!("../../ontology/themes.ttl"),
    },
    ReferenceGraph {
        name: "stages",
        file: "ontology/stages.ttl",
        turtle: include_str!("../../ontology/stages.ttl"),
    },
];

impl Store {
    /// Replaces every reference graph by the version compiled in, in one transaction.
    pub(super) fn load_reference_graphs(&self) -> Result<(), StoreError> {
        let mut transaction = self.db.start_transaction()?;
        for graph in REFERENCE_GRAPHS {
            let name = self.base.graph(graph.name);
            transaction.clear_graph(&name)?;
            let parser = RdfParser::from_format(RdfFormat::Turtle)
                .with_base_iri(self.base.as_str())
                .map_err(|e| reference_error(graph, e))?
                .with_default_graph(name);
            transaction
                .load_from_slice(parser, graph.turtle.as_bytes())
                .map_err(|e| reference_error(graph, e))?;
        }
        // Every département and région, so each dereferences; communes are
        // added to the same graph as records reference them, never removed
        // (they are reference data, true whatever the partners publish).
        transaction.extend(&crate::rdf::territory::departements_and_regions(&self.base));
        transaction.commit()?;
        // A new revision, but the derived files stay: they are named after
        // the reference data they were computed with (`derived.rs`), and
        // reopening a store loads the same graphs again.
        self.revision
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }
}

fn reference_error(graph: ReferenceGraph, error: impl std::fmt::Display) -> StoreError {
    StoreError::Reference {
        file: graph.file,
        reason: error.to_string(),
    }
}
