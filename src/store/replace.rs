//! Replacing a partner's whole data set in one transaction.
//!
//! A reader sees the partner's old records or its new ones, never a mix; a
//! replacement that fails midway (an unpublishable record, a storage error)
//! is dropped before commit and leaves the old data in place.

use std::collections::HashSet;

use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad};
use oxigraph::store::Transaction;

use super::{Store, StoreError};
use crate::rdf::{
    self,
    vocab::{cis, prov},
};
use crate::record::{Harvest, Kind, Partner, ProjectRecord};

/// What a replacement changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replacement {
    /// Records of the partner before the replacement.
    pub removed: usize,
    /// Records of the partner after it.
    pub inserted: usize,
    /// Projects gone from the partner's site in this run, kept as tombstones.
    pub tombstoned: usize,
}

/// A record of the partner before the replacement, with its provenance.
struct Previous {
    iri: NamedOrBlankNode,
    statements: Vec<Quad>,
    /// Published (a `cis:Record`) rather than already a tombstone.
    live: bool,
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
        let previous = self.remove_partner(&mut transaction, partner)?;
        transaction.extend(&rdf::partner_quads(&self.base, partner));
        transaction.extend(&rdf::harvest_quads(&self.base, harvest));
        let mut keys = HashSet::new();
        for record in records {
            self.insert_record(&mut transaction, partner, record, &mut keys)?;
        }
        let tombstoned = self.keep_tombstones(&mut transaction, &previous, &keys, harvest);
        // Dropping the transaction on any error above discards every change.
        transaction.commit()?;
        self.changed();
        Ok(Replacement {
            removed: previous.iter().filter(|p| p.live).count(),
            inserted: keys.len(),
            tombstoned,
        })
    }

    /// Records a harvest that failed its checks: its `prov:Activity` and why,
    /// without touching the partner's data.
    pub fn record_failed_harvest(
        &self,
        harvest: &Harvest,
        reasons: &[String],
    ) -> Result<(), StoreError> {
        let mut transaction = self.db.start_transaction()?;
        transaction.extend(&rdf::harvest_quads(&self.base, harvest));
        let note = format!(
            "Failed, the last good data was kept: {}",
            reasons.join("; ")
        );
        transaction.insert(&rdf::harvest_note(&self.base, harvest, &note));
        transaction.commit()?;
        self.changed();
        Ok(())
    }

    /// A project that disappeared from the partner's site is not silently
    /// deleted: its record's provenance stays, typed `cis:Tombstone` with
    /// `prov:invalidatedAtTime`, so its URI can answer 410 Gone. A project
    /// that comes back is a live record again.
    fn keep_tombstones(
        &self,
        transaction: &mut Transaction<'_>,
        previous: &[Previous],
        kept: &HashSet<String>,
        harvest: &Harvest,
    ) -> usize {
        let live: HashSet<String> = kept
            .iter()
            .map(|k| self.base.id(Kind::Record, k).to_string())
            .collect();
        let mut tombstoned = 0;
        for old in previous
            .iter()
            .filter(|p| !live.contains(&p.iri.to_string()))
        {
            let graph = rdf::provenance_graph(&self.base);
            let record_type = Quad::new(old.iri.clone(), rdf_type(), cis::RECORD, graph.clone());
            for quad in old.statements.iter().filter(|q| **q != record_type) {
                transaction.insert(quad);
            }
            transaction.insert(&Quad::new(
                old.iri.clone(),
                rdf_type(),
                cis::TOMBSTONE,
                graph.clone(),
            ));
            if old.live {
                let at = crate::rdf::date_time(&harvest.ended_at);
                transaction.insert(&Quad::new(
                    old.iri.clone(),
                    prov::INVALIDATED_AT_TIME,
                    at,
                    graph,
                ));
                tombstoned += 1;
            }
        }
        tombstoned
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
    /// partner's own description; returns the records there were.
    fn remove_partner(
        &self,
        transaction: &mut Transaction<'_>,
        partner: &Partner,
    ) -> Result<Vec<Previous>, StoreError> {
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
        let mut previous = Vec::new();
        for record in records {
            let statements = statements_about(transaction, &record, &provenance)?;
            let record_type =
                Quad::new(record.clone(), rdf_type(), cis::RECORD, provenance.clone());
            let live = statements.contains(&record_type);
            transaction.remove_named_graph(&record)?;
            for quad in &statements {
                transaction.remove(quad);
            }
            previous.push(Previous {
                iri: record,
                statements,
                live,
            });
        }
        let own: [NamedOrBlankNode; 2] = [
            partner_node.into(),
            rdf::mapping_plan(&self.base, &partner.id).into(),
        ];
        for subject in &own {
            for quad in statements_about(transaction, subject, &provenance)? {
                transaction.remove(&quad);
            }
        }
        Ok(previous)
    }
}

fn statements_about(
    transaction: &Transaction<'_>,
    subject: &NamedOrBlankNode,
    graph: &NamedNode,
) -> Result<Vec<Quad>, StoreError> {
    let graph = GraphNameRef::from(graph.as_ref());
    Ok(transaction
        .quads_for_pattern(Some(subject.as_ref()), None, None, Some(graph))
        .collect::<Result<_, _>>()?)
}

fn rdf_type() -> oxigraph::model::NamedNodeRef<'static> {
    oxigraph::model::vocab::rdf::TYPE
}

fn replace_error(partner: &Partner, reason: String) -> StoreError {
    StoreError::Replace {
        partner: partner.id.clone(),
        reason,
    }
}
