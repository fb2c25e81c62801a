//! Replacing a partner's whole data set in one transaction.
//!
//! A reader sees the partner's old records or its new ones, never a mix; a
//! replacement that fails midway (an unpublishable record, a storage error)
//! is dropped before commit and leaves the old data in place.

use std::collections::HashSet;

use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};
use oxigraph::store::Transaction;

use super::{Store, StoreError};
use crate::rdf::{self, vocab::prov};
use crate::record::{Harvest, Kind, Partner, ProjectRecord};

/// What a replacement changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replacement {
    /// Records of the partner before the replacement.
    pub removed: usize,
    /// Records of the partner after it.
    pub inserted: usize,
}

impl Store {
    /// Makes `records` the partner's complete data set, as produced by `harvest`.
    ///
    /// Every record must belong to `partner` and pass validation; otherwise
    /// nothing changes. Earlier harvest activities stay in the provenance graph.
    pub fn replace_partner(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
    ) -> Result<Replacement, StoreError> {
        partner
            .validate()
            .map_err(|e| replace_error(partner, e.to_string()))?;
        if harvest.partner != partner.id {
            return Err(replace_error(
                partner,
                format!("harvest {} is of another partner", harvest.id),
            ));
        }
        let mut transaction = self.db.start_transaction()?;
        let removed = self.remove_partner(&mut transaction, partner)?;
        transaction.extend(&rdf::partner_quads(&self.base, partner));
        transaction.extend(&rdf::harvest_quads(&self.base, harvest));
        let mut keys = HashSet::new();
        for record in records {
            self.insert_record(&mut transaction, partner, record, &mut keys)?;
        }
        // Dropping the transaction on any error above discards every change.
        transaction.commit()?;
        Ok(Replacement {
            removed,
            inserted: keys.len(),
        })
    }

    fn insert_record(
        &self,
        transaction: &mut Transaction<'_>,
        partner: &Partner,
        record: &ProjectRecord,
        keys: &mut HashSet<String>,
    ) -> Result<(), StoreError> {
        let key = record.key();
        if record.provenance.partner != partner.id {
            let reason = format!(
                "record {key} belongs to partner {}",
                record.provenance.partner
            );
            return Err(replace_error(partner, reason));
        }
        let quads = rdf::record_quads(&self.base, record).map_err(|source| StoreError::Record {
            partner: partner.id.clone(),
            key: key.clone(),
            source,
        })?;
        if !keys.insert(key.clone()) {
            let reason = format!(
                "two records share the source page {} (key {key})",
                record.source
            );
            return Err(replace_error(partner, reason));
        }
        transaction.extend(&quads);
        Ok(())
    }

    /// Removes the partner's record graphs, their provenance statements and the
    /// partner's own description; returns how many records there were.
    fn remove_partner(
        &self,
        transaction: &mut Transaction<'_>,
        partner: &Partner,
    ) -> Result<usize, StoreError> {
        let provenance = rdf::provenance_graph(&self.base);
        let partner_node = self.base.id(Kind::Partner, &partner.id);
        let records: Vec<NamedOrBlankNode> = transaction
            .quads_for_pattern(
                None,
                Some(prov::WAS_ATTRIBUTED_TO),
                Some(partner_node.as_ref().into()),
                Some(provenance.as_ref().into()),
            )
            .map(|quad| quad.map(|q| q.subject))
            .collect::<Result<_, _>>()?;
        let mut subjects: Vec<NamedOrBlankNode> = records.clone();
        subjects.push(partner_node.into());
        subjects.push(rdf::mapping_plan(&self.base, &partner.id).into());
        for record in &records {
            transaction.remove_named_graph(record)?;
        }
        for subject in &subjects {
            let stale = statements_about(transaction, subject, &provenance)?;
            for quad in &stale {
                transaction.remove(quad);
            }
        }
        Ok(records.len())
    }
}

fn statements_about(
    transaction: &Transaction<'_>,
    subject: &NamedOrBlankNode,
    graph: &NamedNode,
) -> Result<Vec<Quad>, StoreError> {
    let graph = GraphNameRef::from(graph.as_ref());
    Ok(transaction
        .quads_for_pattern(
            Some(subject.as_ref()),
            None,
            None::<&Term>.map(|t| t.as_ref()),
            Some(graph),
        )
        .collect::<Result<_, _>>()?)
}

fn replace_error(partner: &Partner, reason: String) -> StoreError {
    StoreError::Replace {
        partner: partner.id.clone(),
        reason,
    }
}
