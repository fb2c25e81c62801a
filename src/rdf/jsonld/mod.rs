//! Compacted JSON-LD for developers: a description (triples) as one JSON
//! object with the short keys of Carrefour's published context
//! (`ontology/context.jsonld`, served at `{base}ns/context.jsonld`).
//!
//! Oxigraph's JSON-LD serializer does not compact, so this is our own
//! converter, limited to what a compacted description needs: term selection
//! per value (language, datatype, `@id` coercion, `@set` and `@language`
//! containers, type- and property-scoped contexts), nodes embedded where
//! first referenced, and `@included` for what the root does not reach.
//! Whatever no term fits keeps an expanded form under a key that is not a
//! term, so parsing the result with the context gives back the same triples
//! (tests prove it with Oxigraph's parser and with pyld).

mod context;
mod node;
mod select;

use std::sync::{Arc, LazyLock};

use oxigraph::model::{NamedNode, Triple};
use serde_json::Value;

pub use context::{Context, ContextError};

use crate::record::BaseIri;

/// The published context document.
pub const CONTEXT_DOCUMENT: &str = include_str!("../../../ontology/context.jsonld");

/// The published context, read once. It is compiled in and a unit test
/// checks it is understood; were it not, compaction falls back to an empty
/// context (full IRIs and expanded values), which is verbose but still
/// means the same RDF under the published context.
static CONTEXT: LazyLock<Arc<Context>> = LazyLock::new(|| {
    Arc::new(Context::parse(CONTEXT_DOCUMENT).unwrap_or_else(|error| {
        tracing::error!(%error, "JSON-LD context not understood: compacting with none");
        Context::default()
    }))
});

/// Where the context is published under `base`.
pub fn context_url(base: &BaseIri) -> String {
    format!("{}ns/context.jsonld", base.as_str())
}

/// The description of `root` (its triples, its embedded nodes, its record's
/// provenance, labelled links, incoming links) as a compacted JSON-LD document.
///
/// ```
/// use carrefour::rdf::jsonld::compact;
/// use carrefour::record::BaseIri;
/// use oxigraph::model::{Literal, NamedNode, Triple};
///
/// let base = BaseIri::new("http://localhost:7878/")?;
/// let project = NamedNode::new("http://localhost:7878/id/project/p")?;
/// let place = NamedNode::new("http://localhost:7878/id/place/p")?;
/// let triples = [
///     Triple::new(project.clone(), NamedNode::new("http://schema.org/location")?, place.clone()),
///     Triple::new(place.clone(), NamedNode::new("http://schema.org/name")?,
///         Literal::new_language_tagged_literal("Lyon", "fr")?),
/// ];
/// let document = compact(&base, &project, &triples);
/// assert_eq!(document["@context"], "http://localhost:7878/ns/context.jsonld");
/// assert_eq!(document["id"], project.as_str());
/// assert_eq!(document["location"]["name"], "Lyon");
/// # Ok::<_, Box<dyn std::error::Error>>(())
/// ```
pub fn compact(base: &BaseIri, root: &NamedNode, triples: &[Triple]) -> serde_json::Value {
    compact_with(&CONTEXT, &context_url(base), root, triples)
}

/// [`compact`] against any context, published at `context_url`.
pub fn compact_with(
    context: &Arc<Context>,
    context_url: &str,
    root: &NamedNode,
    triples: &[Triple],
) -> Value {
    let body = node::Compactor::new(triples).root(&root.clone().into(), context);
    // `@context` first, then the root's keys in the order they were built
    // (`id`, `type`, …): serde_json keeps insertion order (`preserve_order`).
    let mut object = serde_json::Map::with_capacity(body.len() + 1);
    object.insert("@context".into(), context_url.into());
    object.extend(body);
    Value::Object(object)
}
