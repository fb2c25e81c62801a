//! Replacing a partner's data set in one atomic step.
//!
//! A reader sees the partner's old records or its new ones, never a mix; a
//! replacement that fails midway (an unpublishable record, a storage error)
//! is dropped before commit and leaves the old data in place.
//!
//! Two ways to that one step, because Oxigraph keeps a transaction's writes
//! in memory (≈1.3 KB a quad with its index entries) until the commit:
//! - a partner's **first** publication goes through Oxigraph's bulk loader,
//!   which writes sorted files in batches of bounded memory and ingests
//!   them all at once on commit (RocksDB's atomic multi-file ingestion);
//! - a **re-harvest** is one transaction that writes only the difference:
//!   a record whose facts did not change costs the few provenance
//!   statements that name the new harvest, not its whole graph twice
//!   (`writer.rs`).
//!
//! A project missing from the new set is not necessarily gone: the run may
//! not have seen it (a listing page that failed, a detail page that timed
//! out). [`Withdrawal`] says which missing projects to keep untouched and
//! how many complete runs in a row must miss a project before it becomes a
//! tombstone; the count of misses lives on the record (`cis:missedHarvests`
//! in the provenance graph), written in the same transaction, so runs in
//! separate processes count together.

use std::collections::{HashMap, HashSet};

use oxigraph::model::{
    GraphNameRef, Literal, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term,
};
use oxigraph::store::Transaction;

use super::changes::ChangeKind;
use super::writer::Writer;
use super::{Store, StoreError};
use crate::rdf::{
    self,
    vocab::{cis, prov},
};
use crate::record::{Harvest, Kind, Partner, ProjectRecord};

/// What a replacement changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Replacement {
    /// Live records of the partner before the replacement.
    pub removed: usize,
    /// Records of the new set.
    pub inserted: usize,
    /// Projects withdrawn by this replacement, kept as tombstones.
    pub tombstoned: usize,
    /// Live projects missing from the new set but kept exactly as they were,
    /// because the run could not see them.
    pub kept: usize,
    /// Live projects missed by this complete run, kept but one miss closer
    /// to withdrawal.
    pub missed: usize,
}

/// Which live projects missing from a new set a replacement withdraws.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// Complete runs in a row that must miss a project before it is
    /// withdrawn; 0 counts as 1.
    pub after: u32,
    /// The run saw every listing page. When it did not, every project
    /// missing from the set is kept as it was and not counted as missed.
    pub complete: bool,
    /// Keys of projects whose page the run could not read (a fetch error):
    /// kept as they were, not counted as missed.
    pub unread: HashSet<String>,
}

impl Withdrawal {
    /// The new set is complete and final: every live project missing from
    /// it is withdrawn at once.
    pub fn immediate() -> Withdrawal {
        Withdrawal {
            after: 1,
            complete: true,
            unread: HashSet::new(),
        }
    }
}

/// A record of the partner before the replacement, with its provenance.
pub(super) struct Previous {
    pub iri: NamedOrBlankNode,
    pub statements: Vec<Quad>,
    /// Published (a `cis:Record`) rather than already a tombstone.
    live: bool,
    /// Complete runs in a row that missed it so far.
    missed: u32,
}

/// What happens to a previous record.
enum Fate {
    /// In the new set: updated to the new facts as it is inserted.
    Replaced,
    /// Left exactly as it is (a tombstone already, or not seen by this run).
    Untouched { kept: bool },
    /// Missed once more, not yet withdrawn.
    Missed(u32),
    /// Missed often enough: a tombstone now.
    Withdrawn,
}

impl Store {
    /// Makes `records` the partner's complete data set, as produced by
    /// `harvest`: every live project missing from it is withdrawn at once
    /// (see [`Store::publish_harvest`] for a run's gentler rules).
    ///
    /// Every record must belong to `partner` and pass validation; otherwise
    /// nothing changes. Earlier harvest activities stay in the provenance graph.
    pub fn replace_partner(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
    ) -> Result<Replacement, StoreError> {
        self.publish_harvest(partner, harvest, records, &Withdrawal::immediate())
    }

    /// Publishes `records` as the partner's data, as produced by `harvest`,
    /// in one transaction. Live projects missing from them are kept, counted
    /// as missed, or withdrawn, as `withdrawal` says; a project that comes
    /// back is live again and its count of misses starts over.
    pub fn publish_harvest(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
        withdrawal: &Withdrawal,
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
        let record_iri = |key: &str| self.base.id(Kind::Record, key).to_string();
        let incoming: HashSet<String> = records.iter().map(|r| record_iri(&r.key())).collect();
        let unread: HashSet<String> = withdrawal.unread.iter().map(|k| record_iri(k)).collect();
        // One partner at a time, flushed after: a round of many partners
        // never holds more than the largest one's writes.
        let _publishing = self.publishing.lock().unwrap_or_else(|e| e.into_inner());
        if self.is_new_partner(partner)? {
            return self.publish_first(partner, harvest, records);
        }
        let mut transaction = self.db.start_transaction()?;
        let previous = self.previous_records(&transaction, partner)?;
        // What the change feed will say once the commit is done: the
        // records created or updated, in the set's order, then those withdrawn.
        let mut journal = Vec::new();
        let mut withdrawn = Vec::new();
        let mut changed = Replacement {
            removed: previous.iter().filter(|p| p.live).count(),
            inserted: 0,
            tombstoned: 0,
            kept: 0,
            missed: 0,
        };
        for old in &previous {
            let iri = old.iri.to_string();
            let fate = if incoming.contains(&iri) {
                Fate::Replaced
            } else if !old.live {
                Fate::Untouched { kept: false }
            } else if !withdrawal.complete || unread.contains(&iri) {
                Fate::Untouched { kept: true }
            } else if old.missed.saturating_add(1) >= withdrawal.after.max(1) {
                Fate::Withdrawn
            } else {
                Fate::Missed(old.missed + 1)
            };
            if matches!(fate, Fate::Withdrawn) {
                withdrawn.push((ChangeKind::Withdrawn, self.key_of(&old.iri)));
            }
            self.apply(&mut transaction, old, &fate, harvest, &mut changed)?;
        }
        self.replace_description(&mut transaction, partner)?;
        transaction.extend(&rdf::harvest_quads(&self.base, harvest));
        let by_iri: HashMap<String, &Previous> =
            previous.iter().map(|p| (p.iri.to_string(), p)).collect();
        let mut writer = Writer {
            transaction,
            territories: rdf::territory::territories_graph(&self.base).into(),
            shared: HashSet::new(),
        };
        let mut keys = HashSet::new();
        for record in records {
            let quads = self.checked_quads(partner, record, &mut keys)?;
            let kind = match by_iri.get(&record_iri(&record.key())) {
                Some(old) if old.live => writer.update(old, quads)?.then_some(ChangeKind::Updated),
                // Back after a withdrawal: published again.
                Some(old) => writer
                    .update(old, quads)
                    .map(|_| Some(ChangeKind::Created))?,
                None => writer.insert(quads).map(|()| Some(ChangeKind::Created))?,
            };
            journal.extend(kind.map(|kind| (kind, record.key())));
        }
        changed.inserted = keys.len();
        // Dropping the transaction on any error above discards every change.
        // The partner's share is not written here (a re-harvest holds only
        // what changed): the next dumps count the store and leave it.
        self.forget_share(&partner.id);
        writer.transaction.commit()?;
        journal.extend(withdrawn);
        // Journalled before the new revision is announced, so nothing
        // computed under it (a page of /changes) misses these changes.
        let journalled = self.changes.append(&partner.id, harvest.ended_at, journal);
        self.published(partner);
        journalled?;
        Ok(changed)
    }

    /// The key of a record's IRI (`{base}id/record/{key}`).
    fn key_of(&self, record: &NamedOrBlankNode) -> String {
        let NamedOrBlankNode::NamedNode(record) = record else {
            return record.to_string();
        };
        let prefix = self.base.id(Kind::Record, "");
        let iri = record.as_str();
        iri.strip_prefix(prefix.as_str()).unwrap_or(iri).to_owned()
    }

    /// Whether nothing of the partner is in the store yet: no record, live
    /// or withdrawn, and no description.
    fn is_new_partner(&self, partner: &Partner) -> Result<bool, StoreError> {
        let provenance = rdf::provenance_graph(&self.base);
        let graph = GraphNameRef::from(provenance.as_ref());
        let node = self.base.id(Kind::Partner, &partner.id);
        let attributed = self
            .db
            .quads_for_pattern(
                None,
                Some(prov::WAS_ATTRIBUTED_TO),
                Some(node.as_ref().into()),
                Some(graph),
            )
            .next();
        let described = self
            .db
            .quads_for_pattern(Some(node.as_ref().into()), None, None, Some(graph))
            .next();
        Ok(attributed.transpose()?.is_none() && described.transpose()?.is_none())
    }

    /// A partner's first publication, through the bulk loader: its sorted
    /// files are written in batches of bounded memory and ingested at once
    /// on commit, so readers see nothing of the partner, then all of it.
    /// An error before the commit drops the loader, which deletes its files.
    fn publish_first(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
    ) -> Result<Replacement, StoreError> {
        let mut keys = HashSet::new();
        // Its share is every quad loaded but the territories' (`shares.rs`).
        let mut share = self.changing_partner(&partner.id);
        let description = rdf::partner_quads(&self.base, partner)
            .into_iter()
            .chain(rdf::harvest_quads(&self.base, harvest))
            .map(Ok);
        let records = records.iter().flat_map(|record| {
            match self.checked_quads(partner, record, &mut keys) {
                Ok(quads) => quads.into_iter().map(Ok).collect::<Vec<_>>(),
                Err(error) => vec![Err(error)],
            }
        });
        let mut loader = self
            .db
            .bulk_loader()
            .with_max_memory_size_in_megabytes(super::BULK_LOAD_MEGABYTES);
        let quads = description.chain(records).inspect(|quad| {
            if let Ok(quad) = quad {
                share.write(quad);
            }
        });
        loader.load_ok_quads::<StoreError, StoreError>(quads)?;
        loader.commit()?;
        let mut created: Vec<String> = keys.iter().cloned().collect();
        created.sort_unstable();
        let created = created.into_iter().map(|key| (ChangeKind::Created, key));
        let journalled = self.changes.append(&partner.id, harvest.ended_at, created);
        self.published(partner);
        self.keep_share(share);
        journalled?;
        Ok(Replacement {
            removed: 0,
            inserted: keys.len(),
            tombstoned: 0,
            kept: 0,
            missed: 0,
        })
    }

    /// After a partner's data is committed: the caches learn of it, and
    /// RocksDB writes its memtables out so their memory comes back now.
    fn published(&self, partner: &Partner) {
        self.changed();
        if let Err(error) = self.flush() {
            // The data is committed; only the memory comes back later.
            tracing::warn!(partner = %partner.id, "cannot flush the store after publishing: {error}");
        }
    }

    /// Records a harvest that failed its checks: its `prov:Activity` and why,
    /// without touching the partner's data.
    pub fn record_failed_harvest(
        &self,
        harvest: &Harvest,
        reasons: &[String],
    ) -> Result<(), StoreError> {
        let mut quads = rdf::harvest_quads(&self.base, harvest);
        let note = format!(
            "Failed, the last good data was kept: {}",
            reasons.join("; ")
        );
        quads.push(rdf::harvest_note(&self.base, harvest, &note));
        let mut transaction = self.db.start_transaction()?;
        transaction.extend(&quads);
        let writes = self.count_write(|_| {});
        transaction.commit()?;
        self.changed();
        // The harvest is part of the partner's share.
        self.add_to_share(&harvest.partner, writes, &quads);
        Ok(())
    }

    /// Carries out a previous record's fate. A withdrawn project is not
    /// silently deleted: its record's provenance stays, typed `cis:Tombstone`
    /// with `prov:invalidatedAtTime`, so its URI can answer 410 Gone.
    fn apply(
        &self,
        transaction: &mut Transaction<'_>,
        old: &Previous,
        fate: &Fate,
        harvest: &Harvest,
        changed: &mut Replacement,
    ) -> Result<(), StoreError> {
        let graph = rdf::provenance_graph(&self.base);
        let quad = |predicate: NamedNodeRef<'static>, object: Term| {
            Quad::new(old.iri.clone(), predicate, object, graph.clone())
        };
        match fate {
            Fate::Untouched { kept } => changed.kept += usize::from(*kept),
            // Updated when the new records are written (Writer::update).
            Fate::Replaced => {}
            Fate::Missed(count) => {
                remove_misses(transaction, old);
                transaction.insert(&quad(cis::MISSED_HARVESTS, misses(*count)));
                changed.missed += 1;
            }
            Fate::Withdrawn => {
                self.remove_record(transaction, old)?;
                let record_type = quad(rdf_type(), cis::RECORD.into());
                for statement in old
                    .statements
                    .iter()
                    .filter(|q| **q != record_type && q.predicate.as_ref() != cis::MISSED_HARVESTS)
                {
                    transaction.insert(statement);
                }
                transaction.insert(&quad(rdf_type(), cis::TOMBSTONE.into()));
                let at = rdf::date_time(&harvest.ended_at);
                transaction.insert(&quad(prov::INVALIDATED_AT_TIME, at.into()));
                changed.tombstoned += 1;
            }
        }
        Ok(())
    }

    /// A record's quads, once it is known to belong to the partner, to be
    /// publishable and to be the only one of its key in the set.
    fn checked_quads(
        &self,
        partner: &Partner,
        record: &ProjectRecord,
        keys: &mut HashSet<String>,
    ) -> Result<Vec<Quad>, StoreError> {
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
        Ok(quads)
    }

    /// The partner's records (live or tombstones) with their provenance.
    fn previous_records(
        &self,
        transaction: &Transaction<'_>,
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
            previous.push(Previous {
                live: statements.contains(&record_type),
                missed: missed_so_far(&statements),
                iri: record,
                statements,
            });
        }
        Ok(previous)
    }

    /// Removes a record's graph and its provenance statements.
    fn remove_record(
        &self,
        transaction: &mut Transaction<'_>,
        old: &Previous,
    ) -> Result<(), StoreError> {
        transaction.remove_named_graph(&old.iri)?;
        for quad in &old.statements {
            transaction.remove(quad);
        }
        Ok(())
    }

    /// Replaces the partner's own description (and its mapping's) with the
    /// one of `partner`.
    fn replace_description(
        &self,
        transaction: &mut Transaction<'_>,
        partner: &Partner,
    ) -> Result<(), StoreError> {
        let provenance = rdf::provenance_graph(&self.base);
        let own: [NamedOrBlankNode; 2] = [
            self.base.id(Kind::Partner, &partner.id).into(),
            rdf::mapping_plan(&self.base, &partner.id).into(),
        ];
        for subject in &own {
            for quad in statements_about(transaction, subject, &provenance)? {
                transaction.remove(&quad);
            }
        }
        transaction.extend(&rdf::partner_quads(&self.base, partner));
        Ok(())
    }
}

/// The `cis:missedHarvests` of a record's statements; none is 0.
fn missed_so_far(statements: &[Quad]) -> u32 {
    statements
        .iter()
        .filter(|q| q.predicate.as_ref() == cis::MISSED_HARVESTS)
        .find_map(|q| match &q.object {
            Term::Literal(literal) => literal.value().parse().ok(),
            _ => None,
        })
        .unwrap_or(0)
}

fn remove_misses(transaction: &mut Transaction<'_>, old: &Previous) {
    for quad in old
        .statements
        .iter()
        .filter(|q| q.predicate.as_ref() == cis::MISSED_HARVESTS)
    {
        transaction.remove(quad);
    }
}

/// A count of misses, as an `xsd:integer`.
fn misses(count: u32) -> Term {
    Literal::from(i64::from(count)).into()
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

fn rdf_type() -> NamedNodeRef<'static> {
    oxigraph::model::vocab::rdf::TYPE
}

fn replace_error(partner: &Partner, reason: String) -> StoreError {
    StoreError::Replace {
        partner: partner.id.clone(),
        reason,
    }
}
