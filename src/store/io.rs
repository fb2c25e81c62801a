//! Bulk loading of RDF files and dumping the whole store.

use std::io::Write;
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::NamedNode;

use super::{Store, StoreError};

/// The formats `carrefour dump` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DumpFormat {
    /// N-Quads: one quad per line, easy to diff and to stream.
    Nq,
    /// TriG: Turtle with named graphs, easier to read.
    Trig,
}

impl Store {
    /// Loads an RDF file with Oxigraph's bulk loader. The format comes from the
    /// extension (`.nq`, `.trig`, `.ttl`, `.nt`); triples go to `graph` when
    /// given, to the default graph otherwise. Returns the number of quads loaded.
    pub fn load_file(&self, path: &Path, graph: Option<NamedNode>) -> Result<u64, StoreError> {
        let load_error = |reason: String| StoreError::Load {
            path: path.to_owned(),
            reason,
        };
        let format = rdf_format(path).ok_or_else(|| {
            load_error("unknown extension: use .nq, .trig, .ttl or .nt".to_owned())
        })?;
        let file = std::fs::File::open(path).map_err(|e| load_error(e.to_string()))?;
        let base = url::Url::from_file_path(std::path::absolute(path).unwrap_or(path.to_owned()))
            .map(|u| u.to_string())
            .unwrap_or_else(|()| self.base.to_string());
        let mut parser = RdfParser::from_format(format)
            .with_base_iri(base)
            .map_err(|e| load_error(e.to_string()))?;
        if let Some(graph) = graph {
            parser = parser.with_default_graph(graph);
        }
        let mut loaded = 0;
        // Blank nodes are renamed so two loaded files never share one by accident.
        let quads = parser
            .rename_blank_nodes()
            .for_reader(file)
            .inspect(|_| loaded += 1)
            .map(|quad| quad.map_err(|e| load_error(e.to_string())));
        // Batches of bounded memory (Oxigraph's default is 2 GB a thread).
        let mut loader = self
            .db
            .bulk_loader()
            .with_max_memory_size_in_megabytes(super::BULK_LOAD_MEGABYTES);
        loader.load_ok_quads::<_, StoreError>(quads)?;
        self.changing();
        loader.commit()?;
        self.changed();
        Ok(loaded)
    }

    /// Writes every quad of the store to `out`.
    pub fn dump(&self, out: impl Write, format: DumpFormat) -> Result<(), StoreError> {
        let format = match format {
            DumpFormat::Nq => RdfFormat::NQuads,
            DumpFormat::Trig => RdfFormat::TriG,
        };
        let serializer = oxigraph::io::RdfSerializer::from_format(format)
            .with_prefix("schema", "http://schema.org/")
            .and_then(|s| s.with_prefix("prov", "http://www.w3.org/ns/prov#"))
            .and_then(|s| s.with_prefix("cis", "https://w3id.org/carrefour/ns#"))
            .expect("prefixes are valid IRIs");
        self.db
            .dump_to_writer(serializer, out)
            .map_err(|e| match e {
                oxigraph::store::SerializerError::Io(e) => StoreError::Storage(e.into()),
                other => StoreError::Query(other.to_string()),
            })?;
        Ok(())
    }
}

fn rdf_format(path: &Path) -> Option<RdfFormat> {
    match path.extension()?.to_str()? {
        "nq" => Some(RdfFormat::NQuads),
        "trig" => Some(RdfFormat::TriG),
        "ttl" => Some(RdfFormat::Turtle),
        "nt" => Some(RdfFormat::NTriples),
        _ => None,
    }
}
