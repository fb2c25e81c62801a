//! One pass over the whole store for every figure the statistics show and,
//! when asked, for the dumps.
//!
//! Decoding a quad (its strings are looked up in RocksDB) costs far more
//! than anything done with it, and counting with SPARQL decodes the same
//! quads once per figure: at 18 000 projects the home page's figures took
//! 23 s that way. A census reads the provenance graph once to learn whose
//! each statement is ([`Shares`]), then every quad once, counting as it
//! goes and handing each quad, with its owner, to the caller (the dump
//! writer, or nobody).
//!
//! A partner's *share* is what its dump holds and what `/void` counts for
//! its subset: its record graphs, the provenance of its records (tombstones
//! too), its harvests (failed ones too) and its own description (the
//! partner and its mapping plan).

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher, Hash};
use std::sync::Arc;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad, Term};

use super::{ShareSize, Store, StoreError};
use crate::rdf::vocab::{dct, foaf, prov, schema};
use crate::record::{BaseIri, Kind};

/// Which partner each provenance subject belongs to, each partner's
/// records, and what the provenance graph says of them.
///
/// Subjects and records are known by their fingerprint (see [`Seen`]) and
/// partners by one shared name: at 100 000 projects, keeping each record's
/// IRI and its partner's id as strings, several times over, was most of
/// the memory of the pass at the end of a harvest round.
#[derive(Default)]
pub struct Shares {
    owners: HashMap<u64, Arc<str>>,
    records: HashMap<u64, RecordFacts>,
    partners: HashMap<NamedNode, PartnerFacts>,
    /// Every partner id met, shared by `owners` and `records`.
    ids: Vec<Arc<str>>,
}

impl Shares {
    /// The partner a provenance statement about `subject` belongs to.
    pub fn owner(&self, subject: &NamedOrBlankNode) -> Option<&str> {
        self.owners.get(&fingerprint(subject)).map(|id| &**id)
    }

    /// The record whose graph is `graph`, if it is one.
    fn record(&self, graph: &NamedNode) -> Option<&RecordFacts> {
        self.records.get(&fingerprint(graph))
    }

    /// `id`, shared with every other mention of the same partner.
    fn partner_id(&mut self, id: &str) -> Arc<str> {
        if let Some(known) = self.ids.iter().find(|known| &***known == id) {
            return Arc::clone(known);
        }
        let id: Arc<str> = Arc::from(id);
        self.ids.push(Arc::clone(&id));
        id
    }

    fn set_owner(&mut self, subject: &NamedOrBlankNode, partner: &str) {
        let partner = self.partner_id(partner);
        self.owners.insert(fingerprint(subject), partner);
    }
}

/// What the provenance graph says of a record.
#[derive(Default)]
struct RecordFacts {
    partner: Option<Arc<str>>,
    project: Option<NamedNode>,
    /// `prov:generatedAtTime`, lexical form (we write them all alike, UTC).
    at: Option<String>,
    /// Quads in the record's graph, counted by the census (0 for a tombstone).
    size: u64,
}

/// What the provenance graph says of a partner.
#[derive(Default)]
struct PartnerFacts {
    /// The partner's id, the key of its IRI.
    id: String,
    name: Option<String>,
    homepage: Option<String>,
    license: Option<String>,
}

/// The figures of one pass (see [`super::Statistics`], which they become).
pub(super) struct Census {
    pub quads: u64,
    pub projects: u64,
    pub organisations: u64,
    pub entities: u64,
    /// Partners with a published project, by IRI.
    pub partners: Vec<super::PartnerStatistics>,
}

/// Subjects and terms are counted by a 64-bit hash, not kept: at 100 000
/// projects a million IRIs would take more memory than the whole census
/// (a collision among a million is a chance in ten million or so).
type Seen = HashSet<u64>;

fn fingerprint(value: &impl Hash) -> u64 {
    BuildHasherDefault::<DefaultHasher>::default().hash_one(value)
}

/// Reads provenance statements one by one into [`Shares`]: the store's
/// provenance graph before a census, or the partners' share files.
#[derive(Default)]
pub(super) struct ShareReader {
    shares: Shares,
    plan_of: HashMap<NamedOrBlankNode, NamedOrBlankNode>,
    association_of: Vec<(NamedOrBlankNode, NamedOrBlankNode)>,
}

impl ShareReader {
    /// Tells whose `quad`'s subject is (a statement of the provenance
    /// graph): a record by its `prov:wasAttributedTo`, the partner and its
    /// `#mapping` by their IRI, a harvest (later, in [`Self::finish`]) by
    /// the plan (the partner's mapping) its qualified association names.
    pub fn read(&mut self, base: &BaseIri, quad: Quad) {
        let Quad {
            subject,
            predicate,
            object,
            ..
        } = quad;
        let shares = &mut self.shares;
        if let NamedOrBlankNode::NamedNode(node) = &subject {
            if let Some((Kind::Partner, key)) = base.parse_id(node.as_str()) {
                shares.set_owner(&subject, key);
                let facts = shares.partners.entry(node.clone()).or_default();
                facts.id = key.to_owned();
                let text = literal_or_iri(&object);
                match predicate.as_ref() {
                    p if p == schema::NAME => facts.name = facts.name.take().or(text),
                    p if p == schema::URL => facts.homepage = facts.homepage.take().or(text),
                    p if p == dct::LICENSE => facts.license = facts.license.take().or(text),
                    _ => {}
                }
            }
            note_record_fact(base, shares, node, predicate.as_ref(), &object);
        }
        let object = match object {
            Term::NamedNode(object) => NamedOrBlankNode::NamedNode(object),
            Term::BlankNode(object) => NamedOrBlankNode::BlankNode(object),
            Term::Literal(_) => return,
        };
        if predicate == prov::WAS_ATTRIBUTED_TO {
            if let Some(partner) = partner_of(base, &object) {
                shares.set_owner(&subject, &partner);
            }
        } else if predicate == prov::HAD_PLAN {
            self.plan_of.insert(subject, object);
        } else if predicate == prov::QUALIFIED_ASSOCIATION {
            self.association_of.push((subject, object));
        }
    }

    /// The shares, once every provenance statement is read.
    pub fn finish(self, base: &BaseIri) -> Shares {
        let mut shares = self.shares;
        // A harvest belongs to the partner whose plan its association names.
        for (activity, association) in self.association_of {
            let partner = self
                .plan_of
                .get(&association)
                .and_then(|plan| partner_of(base, plan));
            if let Some(partner) = partner {
                shares.set_owner(&association, &partner);
                shares.set_owner(&activity, &partner);
            }
        }
        shares
    }
}

/// Keeps what a provenance statement says of a record (`…/id/record/…`).
fn note_record_fact(
    base: &BaseIri,
    shares: &mut Shares,
    node: &NamedNode,
    predicate: oxigraph::model::NamedNodeRef<'_>,
    object: &Term,
) {
    if !matches!(base.parse_id(node.as_str()), Some((Kind::Record, _))) {
        return;
    }
    // The shared partner id is taken before the record's entry is borrowed.
    let partner = match object {
        Term::NamedNode(o) if predicate == prov::WAS_ATTRIBUTED_TO => {
            Some(partner_of(base, &o.clone().into()).map(|id| shares.partner_id(&id)))
        }
        _ => None,
    };
    let facts = shares.records.entry(fingerprint(node)).or_default();
    if let Some(partner) = partner {
        facts.partner = partner;
        return;
    }
    match object {
        Term::NamedNode(o) if predicate == foaf::PRIMARY_TOPIC => {
            facts.project = Some(o.clone());
        }
        Term::Literal(l) if predicate == prov::GENERATED_AT_TIME => {
            facts.at = Some(l.value().to_owned());
        }
        _ => {}
    }
}

/// The id of the partner `node` is, or is a part of (`…/partner/x#mapping`).
fn partner_of(base: &BaseIri, node: &NamedOrBlankNode) -> Option<String> {
    let NamedOrBlankNode::NamedNode(node) = node else {
        return None;
    };
    match base.parse_id(node.as_str()) {
        Some((Kind::Partner, key)) => Some(key.to_owned()),
        _ => None,
    }
}

impl Store {
    /// Reads the provenance graph once to tell whose each subject is (see
    /// [`ShareReader::read`]).
    pub fn shares(&self) -> Result<Shares, StoreError> {
        let mut reader = ShareReader::default();
        let provenance = crate::rdf::provenance_graph(&self.base);
        let graph = oxigraph::model::GraphNameRef::NamedNode(provenance.as_ref());
        for quad in self.db.quads_for_pattern(None, None, None, Some(graph)) {
            reader.read(&self.base, quad?);
        }
        Ok(reader.finish(&self.base))
    }

    /// Counts every figure of the statistics in one pass over the store,
    /// handing each quad and the partner whose share it is (if any) to `each`.
    pub(super) fn census(
        &self,
        mut each: impl FnMut(Option<&str>, &Quad) -> Result<(), StoreError>,
    ) -> Result<Census, StoreError> {
        let shares = self.shares()?;
        let provenance = crate::rdf::provenance_graph(&self.base);
        let mut counts = Counts::new(&self.base);
        for quad in self.db.iter() {
            let quad = quad?;
            let owner = match &quad.graph_name {
                GraphName::NamedNode(graph) if *graph == provenance => shares.owner(&quad.subject),
                GraphName::NamedNode(graph) => shares
                    .record(graph)
                    .and_then(|record| record.partner.as_deref()),
                _ => None,
            };
            counts.read(owner, &quad);
            each(owner, &quad)?;
        }
        Ok(counts.into_census(shares))
    }
}

/// What a census counts as it reads.
pub(super) struct Counts {
    /// `{base}id/`: subjects under it are entities.
    id_space: String,
    provenance: NamedNode,
    quads: u64,
    entities: Seen,
    /// (graph, subject) typed `schema:Project` in a named graph.
    typed_projects: Seen,
    projects: Seen,
    /// (graph, subject) → organisation, kept when the subject is a project
    /// of the same graph.
    carried_by: Vec<(u64, u64)>,
    /// Quads in each graph but the provenance graph (a record's size), by
    /// the graph's fingerprint.
    graph_sizes: HashMap<u64, u64>,
    shares: HashMap<String, (u64, Seen)>,
}

impl Counts {
    pub fn new(base: &BaseIri) -> Counts {
        Counts {
            id_space: format!("{base}id/"),
            provenance: crate::rdf::provenance_graph(base),
            quads: 0,
            entities: Seen::default(),
            typed_projects: Seen::default(),
            projects: Seen::default(),
            carried_by: Vec::new(),
            graph_sizes: HashMap::new(),
            shares: HashMap::new(),
        }
    }

    /// Counts `quad`, part of `owner`'s share (if any).
    pub fn read(&mut self, owner: Option<&str>, quad: &Quad) {
        self.quads += 1;
        let GraphName::NamedNode(graph) = &quad.graph_name else {
            return;
        };
        let minted = match &quad.subject {
            NamedOrBlankNode::NamedNode(s) if s.as_str().starts_with(&self.id_space) => {
                Some(fingerprint(s))
            }
            _ => None,
        };
        self.entities.extend(minted);
        if quad.predicate == rdf::TYPE && quad.object == Term::from(schema::PROJECT) {
            self.typed_projects
                .insert(fingerprint(&(graph, &quad.subject)));
            self.projects.insert(fingerprint(&quad.subject));
        } else if quad.predicate == schema::PARENT_ORGANIZATION {
            self.carried_by.push((
                fingerprint(&(graph, &quad.subject)),
                fingerprint(&quad.object),
            ));
        }
        if *graph != self.provenance {
            *self.graph_sizes.entry(fingerprint(graph)).or_default() += 1;
        }
        if let Some(partner) = owner {
            let share = match self.shares.get_mut(partner) {
                Some(share) => share,
                None => self.shares.entry(partner.to_owned()).or_default(),
            };
            share.0 += 1;
            share.1.extend(minted);
        }
    }

    /// The quads counted so far.
    pub fn quads(&self) -> u64 {
        self.quads
    }

    pub fn into_census(self, mut shares: Shares) -> Census {
        for (graph, size) in &self.graph_sizes {
            if let Some(record) = shares.records.get_mut(graph) {
                record.size = *size;
            }
        }
        let organisations: Seen = self
            .carried_by
            .iter()
            .filter(|(project, _)| self.typed_projects.contains(project))
            .map(|(_, organisation)| *organisation)
            .collect();
        let sizes: HashMap<&str, ShareSize> = self
            .shares
            .iter()
            .map(|(partner, (quads, entities))| {
                let entities = entities.len() as u64;
                (
                    partner.as_str(),
                    ShareSize {
                        quads: *quads,
                        entities,
                    },
                )
            })
            .collect();
        Census {
            quads: self.quads,
            projects: self.projects.len() as u64,
            organisations: organisations.len() as u64,
            entities: self.entities.len() as u64,
            partners: partner_statistics(&shares, &sizes),
        }
    }
}

/// Each partner with a published project (a record whose graph holds
/// statements): its projects, newest harvest, quads and an example.
fn partner_statistics(
    shares: &Shares,
    sizes: &HashMap<&str, ShareSize>,
) -> Vec<super::PartnerStatistics> {
    let mut by_partner: HashMap<&str, (HashSet<&NamedNode>, Option<&str>, u64)> = HashMap::new();
    for record in shares.records.values().filter(|r| r.size > 0) {
        let (Some(partner), Some(project), Some(at)) =
            (&record.partner, &record.project, &record.at)
        else {
            continue;
        };
        let (projects, last, quads) = by_partner.entry(&**partner).or_default();
        projects.insert(project);
        *last = (*last).max(Some(at.as_str()));
        *quads += record.size;
    }
    let mut partners: Vec<_> = shares
        .partners
        .iter()
        .filter_map(|(iri, facts)| {
            let id = facts.id.as_str();
            let (projects, last, quads) = by_partner.get(id)?;
            Some(super::PartnerStatistics {
                id: id.to_owned(),
                iri: iri.clone(),
                name: facts.name.clone()?,
                homepage: facts.homepage.clone(),
                license: facts.license.clone(),
                projects: projects.len() as u64,
                quads: *quads,
                last_harvest: last.map(str::to_owned),
                share: sizes.get(id).copied().unwrap_or_default(),
                example: projects
                    .iter()
                    .min_by_key(|p| p.as_str())
                    .map(|p| (*p).clone()),
            })
        })
        .collect();
    partners.sort_by(|a, b| a.iri.as_str().cmp(b.iri.as_str()));
    partners
}

/// A literal's lexical form, or an IRI's text.
fn literal_or_iri(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        Term::BlankNode(_) => None,
    }
}
