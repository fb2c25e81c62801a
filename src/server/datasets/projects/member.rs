//! One member of the collection: a project as compacted JSON-LD, written
//! by the crate's one converter ([`crate::rdf::jsonld::compact`]) with the
//! keys of the published context (`ontology/context.jsonld`).
//!
//! A member holds the project's record graph (the project, its
//! organisation, its place with `address`, `geo` and `geometry`, its
//! contact), what the provenance graph says about its record (`record`:
//! `license`, `attributionName`, `generatedAtTime`…) and the partner the
//! record is attributed to (`record.attributedTo`: its types, name and
//! logo). Nothing else: read back as RDF with the collection's context, a
//! member gives only statements the store holds.

use oxigraph::model::vocab::rdf;
use oxigraph::model::{GraphNameRef, NamedNode, NamedNodeRef, Term, Triple};
use serde_json::Value;

use crate::rdf::vocab::{prov, schema};
use crate::record::Kind;
use crate::store::{Store, StoreError};

/// What a member shows of the partner its record is attributed to.
const PARTNER_PROPERTIES: [NamedNodeRef<'static>; 3] = [rdf::TYPE, schema::NAME, schema::LOGO];

/// The member for `project`, without `@context` (the collection carries it).
pub fn member(store: &Store, project: &NamedNode) -> Result<Value, StoreError> {
    let triples = statements(store, project)?;
    let mut document = crate::rdf::jsonld::compact(store.base(), project, &triples);
    if let Value::Object(object) = &mut document {
        // `shift_remove` keeps the other keys in order (`id` first).
        object.shift_remove("@context");
    }
    Ok(document)
}

/// The statements a member shows: the record graph of `project`, its
/// record's provenance, and the partner's types, name and logo.
pub fn statements(store: &Store, project: &NamedNode) -> Result<Vec<Triple>, StoreError> {
    let base = store.base();
    let Some((Kind::Project, key)) = base.parse_id(project.as_str()) else {
        return Err(StoreError::Query(format!("{project} is not a project IRI")));
    };
    let record = base.id(Kind::Record, key);
    let provenance = crate::rdf::provenance_graph(base);
    let provenance = GraphNameRef::NamedNode(provenance.as_ref());
    let mut triples = Vec::new();
    let record_graph = GraphNameRef::NamedNode(record.as_ref());
    for quad in store.quads(None, None, None, Some(record_graph)) {
        triples.push(Triple::from(quad?));
    }
    let mut partners = Vec::new();
    let about_record = store.quads(Some(record.as_ref().into()), None, None, Some(provenance));
    for quad in about_record {
        let quad = quad?;
        match &quad.object {
            Term::NamedNode(partner) if quad.predicate == prov::WAS_ATTRIBUTED_TO => {
                partners.push(partner.clone());
            }
            _ => {}
        }
        triples.push(Triple::from(quad));
    }
    for partner in &partners {
        for predicate in PARTNER_PROPERTIES {
            let about_partner = store.quads(
                Some(partner.as_ref().into()),
                Some(predicate),
                None,
                Some(provenance),
            );
            for quad in about_partner {
                triples.push(Triple::from(quad?));
            }
        }
    }
    Ok(triples)
}

/// The memory the members already written may take.
pub const MEMBER_CACHE_BYTES: u64 = 32 * 1024 * 1024;

/// The members already written, by data revision and project: a member
/// reads some thirty statements and compacts them (about 0.5 ms at 100 000
/// projects), twenty of them per page, and the same projects come back on
/// page after page of different searches.
pub struct MemberCache {
    entries: quick_cache::sync::Cache<(u64, NamedNode), std::sync::Arc<Written>, ByLength>,
}

/// A member and its weight (its length as JSON).
struct Written {
    document: Value,
    length: u64,
}

#[derive(Clone)]
struct ByLength;

impl quick_cache::Weighter<(u64, NamedNode), std::sync::Arc<Written>> for ByLength {
    fn weight(&self, _: &(u64, NamedNode), written: &std::sync::Arc<Written>) -> u64 {
        written.length.max(1)
    }
}

impl Default for MemberCache {
    fn default() -> Self {
        let items = (MEMBER_CACHE_BYTES / 1500) as usize;
        MemberCache {
            entries: quick_cache::sync::Cache::with_weighter(items, MEMBER_CACHE_BYTES, ByLength),
        }
    }
}

impl MemberCache {
    /// The member for `project` at the store's current revision, written
    /// now if it is not kept.
    pub fn member(&self, store: &Store, project: &NamedNode) -> Result<Value, StoreError> {
        let key = (store.revision(), project.clone());
        if let Some(written) = self.entries.get(&key) {
            return Ok(written.document.clone());
        }
        let document = member(store, project)?;
        let length = serde_json::to_vec(&document).map_or(0, |bytes| bytes.len() as u64);
        self.entries.insert(
            key,
            std::sync::Arc::new(Written {
                document: document.clone(),
                length,
            }),
        );
        Ok(document)
    }
}
