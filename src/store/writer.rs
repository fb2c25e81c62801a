//! A re-harvest's writes: only the difference between a partner's
//! previous records and its new ones, because an Oxigraph transaction keeps
//! every write in memory until its commit, including writes that change
//! nothing (a statement already there is written again, with its six index
//! entries).

use std::collections::HashSet;

use oxigraph::model::{GraphName, GraphNameRef, Quad};
use oxigraph::store::Transaction;

use super::StoreError;
use super::replace::Previous;

/// A re-harvest's transaction, writing only what changed.
pub(super) struct Writer<'a> {
    pub transaction: Transaction<'a>,
    /// The graph of the territories records name, shared by many records.
    pub territories: GraphName,
    /// Territory quads already looked at in this transaction.
    pub shared: HashSet<Quad>,
}

impl Writer<'_> {
    /// Turns a previous record (live or a tombstone) into the new one:
    /// what it said and no longer says goes, what is new comes, what both
    /// say is not written again.
    /// Returns whether a fact changed (beyond the harvest's own
    /// bookkeeping: when and by which harvest the record was made).
    pub fn update(&mut self, old: &Previous, quads: Vec<Quad>) -> Result<bool, StoreError> {
        let graph = GraphNameRef::from(old.iri.as_ref());
        let mut before: HashSet<Quad> = self
            .transaction
            .quads_for_pattern(None, None, None, Some(graph))
            .collect::<Result<_, _>>()?;
        before.extend(old.statements.iter().cloned());
        let mut fresh = Vec::new();
        for quad in quads {
            if !before.remove(&quad) {
                fresh.push(quad);
            }
        }
        for quad in &before {
            self.transaction.remove(quad);
        }
        // The territories a record names are shared reference data, written
        // only when new: never a change of the record.
        let changed = before
            .iter()
            .chain(&fresh)
            .any(|quad| quad.graph_name != self.territories && !is_bookkeeping(quad));
        self.insert(fresh)?;
        Ok(changed)
    }

    /// Inserts a record's quads; a territory's only when the store does not
    /// hold it yet: a write costs the transaction memory even
    /// when it changes nothing.
    pub fn insert(&mut self, quads: Vec<Quad>) -> Result<(), StoreError> {
        for quad in quads {
            if quad.graph_name != self.territories {
                self.transaction.insert(&quad);
            } else if !self.shared.contains(&quad) {
                if !self.transaction.contains(&quad)? {
                    self.transaction.insert(&quad);
                }
                self.shared.insert(quad);
            }
        }
        Ok(())
    }
}

/// A statement every harvest rewrites though the facts stay the same.
fn is_bookkeeping(quad: &Quad) -> bool {
    let predicate = quad.predicate.as_ref();
    predicate == crate::rdf::vocab::prov::GENERATED_AT_TIME
        || predicate == crate::rdf::vocab::prov::WAS_GENERATED_BY
        || predicate == crate::rdf::vocab::cis::MISSED_HARVESTS
}
