//! Records to RDF: each project in its own named graph (the *record*), its
//! provenance and licence in the provenance graph.
//!
//! ```
//! use carrefour::rdf;
//! use carrefour::record::{BaseIri, ProjectRecord};
//!
//! let base = BaseIri::new("http://localhost:7878/")?;
//! let record: ProjectRecord = serde_json::from_str(include_str!("../../tests/fixtures/record.json"))?;
//! let quads = rdf::record_quads(&base, &record)?;
//! let record_graph = base.id(carrefour::record::Kind::Record, &record.key());
//! assert!(quads.iter().any(|q| q.graph_name == record_graph.clone().into()));
//! assert!(quads.iter().any(|q| q.graph_name == rdf::provenance_graph(&base).into()));
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

pub mod jsonld;
mod project;
mod provenance;
pub mod territory;
pub mod vocab;

use oxigraph::model::{GraphName, NamedNode, NamedNodeRef, Quad, Term};

use crate::record::{BaseIri, ProjectRecord, RecordError};

pub use provenance::{
    date_time, harvest_note, harvest_quads, mapping_plan, partner_quads, provenance_graph,
};

/// Every quad of a record: its own graph, then its provenance statements.
/// The record is validated first, so nothing unpublishable becomes RDF.
pub fn record_quads(base: &BaseIri, record: &ProjectRecord) -> Result<Vec<Quad>, RecordError> {
    record.validate()?;
    let key = record.key();
    let mut quads = project::project_quads(base, record, &key);
    quads.extend(provenance::record_quads(base, record, &key));
    if let Some(territory) = record.location.as_ref().and_then(|l| l.territory.as_ref()) {
        quads.extend(territory::territory_quads(
            base,
            territory.level,
            &territory.code,
        ));
    }
    Ok(quads)
}

/// Triples in an RDF syntax, with our prefixes where the syntax has them.
pub fn serialize_triples(
    format: oxigraph::io::RdfFormat,
    triples: &[oxigraph::model::Triple],
) -> Result<Vec<u8>, String> {
    let mut serializer = oxigraph::io::RdfSerializer::from_format(format);
    use oxigraph::io::RdfFormat;
    if !matches!(format, RdfFormat::NTriples | RdfFormat::NQuads) {
        for (prefix, namespace) in vocab::PREFIXES {
            serializer = serializer
                .with_prefix(prefix, namespace)
                .map_err(|e| e.to_string())?;
        }
    }
    let mut writer = serializer.for_writer(Vec::new());
    for triple in triples {
        writer.serialize_triple(triple).map_err(|e| e.to_string())?;
    }
    writer.finish().map_err(|e| e.to_string())
}

/// Quads being written into one graph.
struct Quads {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Quads {
    fn new(graph: NamedNode) -> Self {
        Quads {
            graph: graph.into(),
            quads: Vec::new(),
        }
    }

    fn add(&mut self, subject: &NamedNode, predicate: NamedNodeRef<'_>, object: impl Into<Term>) {
        self.quads.push(Quad::new(
            subject.clone(),
            predicate,
            object,
            self.graph.clone(),
        ));
    }

    fn into_quads(self) -> Vec<Quad> {
        self.quads
    }
}
