//! The reference graphs: our vocabulary, the theme and stage schemes.
//!
//! They are compiled into the binary and checked at every start (reloaded
//! when they differ), so a store always carries the vocabulary of the code
//! that serves it. Each file states
//! its version (`owl:versionInfo`). Themes and stages use IRIs relative to the
//! deployment's base (`@prefix theme: <id/theme/>`), resolved at load time.

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedNode, Quad};

use super::{Store, StoreError};

/// A reference graph: its name under `{base}graph/` and its Turtle source.
#[derive(Debug, Clone, Copy)]
pub struct ReferenceGraph {
    pub name: &'static str,
    pub file: &'static str,
    pub turtle: &'static str,
}

/// The reference graphs, loaded into every store.
/// The vocabulary itself.
pub const ONTOLOGY: ReferenceGraph = ReferenceGraph {
    name: "ontology",
    file: "ontology/carrefour.ttl",
    turtle: include_str!("../../ontology/carrefour.ttl"),
};

/// The theme scheme (`id/theme/…`).
pub const THEMES: ReferenceGraph = ReferenceGraph {
    name: "themes",
    file: "ontology/themes.ttl",
    turtle: include_str!("../../ontology/themes.ttl"),
};

/// The maturity stages (`id/stage/…`).
pub const STAGES: ReferenceGraph = ReferenceGraph {
    name: "stages",
    file: "ontology/stages.ttl",
    turtle: include_str!("../../ontology/stages.ttl"),
};

pub const REFERENCE_GRAPHS: [ReferenceGraph; 3] = [ONTOLOGY, THEMES, STAGES];

impl Store {
    /// Replaces every reference graph by the version compiled in, in one
    /// transaction; or writes nothing when the store already holds it.
    ///
    /// Every open calls this (`serve`, `harvest`, `load`), and rewriting
    /// unchanged graphs is not free: the deletions and insertions land in
    /// new small files in front of the ones the last harvest compacted,
    /// which every later read merges (SPARQL queries ran 15–20 % slower
    /// than on the same data compacted: `bench/peers`).
    pub(super) fn load_reference_graphs(&self) -> Result<(), StoreError> {
        let graphs = self.reference_quads()?;
        let territories = crate::rdf::territory::departements_and_regions(&self.base);
        if !self.holds_reference(&graphs, &territories)? {
            let mut transaction = self.db.start_transaction()?;
            for (name, quads) in &graphs {
                transaction.clear_graph(name)?;
                transaction.extend(quads);
            }
            // Every département and région, so each dereferences; communes are
            // added to the same graph as records reference them, never removed
            // (they are reference data, true whatever the partners publish).
            transaction.extend(&territories);
            transaction.commit()?;
        }
        // A new revision, but the derived files stay: they are named after
        // the reference data they were computed with (`derived.rs`), and
        // reopening a store loads the same graphs again.
        self.revision
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    /// Each reference graph's name and quads, as compiled in.
    fn reference_quads(&self) -> Result<Vec<(NamedNode, Vec<Quad>)>, StoreError> {
        REFERENCE_GRAPHS
            .iter()
            .map(|graph| {
                let name = self.base.graph(graph.name);
                let quads = RdfParser::from_format(RdfFormat::Turtle)
                    .with_base_iri(self.base.as_str())
                    .map_err(|e| reference_error(*graph, e))?
                    .with_default_graph(name.clone())
                    .for_slice(graph.turtle.as_bytes())
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|e| reference_error(*graph, e))?;
                Ok((name, quads))
            })
            .collect()
    }

    /// Whether the store holds exactly these reference graphs (as many
    /// quads, each one present: those with blank nodes, renamed at every
    /// parse, are only counted) and these territories (among communes).
    fn holds_reference(
        &self,
        graphs: &[(NamedNode, Vec<Quad>)],
        territories: &[Quad],
    ) -> Result<bool, StoreError> {
        let present = |quads: &[Quad]| -> Result<bool, StoreError> {
            for quad in quads.iter().filter(|quad| !has_blank_node(quad)) {
                if !self.db.contains(quad)? {
                    return Ok(false);
                }
            }
            Ok(true)
        };
        for (name, quads) in graphs {
            let held = self
                .db
                .quads_for_pattern(None, None, None, Some(name.as_ref().into()))
                .count();
            if held != quads.len() || !present(quads)? {
                return Ok(false);
            }
        }
        present(territories)
    }
}

fn has_blank_node(quad: &Quad) -> bool {
    quad.subject.is_blank_node() || quad.object.is_blank_node()
}

fn reference_error(graph: ReferenceGraph, error: impl std::fmt::Display) -> StoreError {
    StoreError::Reference {
        file: graph.file,
        reason: error.to_string(),
    }
}
