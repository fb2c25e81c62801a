//! What the store knows of one minted IRI: its statements, or, for a
//! project gone from its partner's site, the provenance of its tombstone.

use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Term, Triple};

use super::{Store, StoreError};
use crate::rdf::vocab::{cis, foaf};

/// The description of a thing.
#[derive(Debug, Clone, PartialEq)]
pub enum Description {
    /// Its statements in every graph, and its record's provenance.
    Live(Vec<Triple>),
    /// A project no longer published: what the tombstone says.
    Gone(Vec<Triple>),
    Unknown,
}

impl Store {
    /// Describes `iri`: every statement about it, plus the provenance of the
    /// record whose primary topic it is.
    pub fn describe(&self, iri: &NamedNode) -> Result<Description, StoreError> {
        let about = self.statements_about(iri.as_ref())?;
        let records: Vec<Quad> = self
            .db
            .quads_for_pattern(
                None,
                Some(foaf::PRIMARY_TOPIC),
                Some(iri.as_ref().into()),
                None,
            )
            .collect::<Result<_, _>>()?;
        let mut provenance = Vec::new();
        let mut tombstone = false;
        for record in &records {
            if let NamedOrBlankNode::NamedNode(record) = &record.subject {
                let triples = self.statements_about(record.as_ref())?;
                tombstone |= triples
                    .iter()
                    .any(|t| t.object == Term::from(cis::TOMBSTONE.into_owned()));
                provenance.extend(triples);
            }
        }
        Ok(match (about.is_empty(), tombstone) {
            (false, _) => Description::Live(about.into_iter().chain(provenance).collect()),
            (true, true) => Description::Gone(provenance),
            (true, false) if !provenance.is_empty() => Description::Live(provenance),
            (true, false) => Description::Unknown,
        })
    }

    fn statements_about(&self, subject: NamedNodeRef<'_>) -> Result<Vec<Triple>, StoreError> {
        let mut triples: Vec<Triple> = self
            .db
            .quads_for_pattern(Some(subject.into()), None, None, None)
            .map(|quad| quad.map(|q| Triple::new(q.subject, q.predicate, q.object)))
            .collect::<Result<_, _>>()?;
        triples.sort_by_cached_key(|t| t.to_string());
        triples.dedup();
        Ok(triples)
    }
}
