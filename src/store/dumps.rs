//! Dumps: the whole store, and each partner's share, as gzipped N-Quads in
//! `{data}/dumps/`, rewritten after every harvest so a download never costs
//! a query. Each file is written beside its final name and renamed into
//! place, so a server streaming the old one is never cut short.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNodeRef, NamedOrBlankNode, Quad};

use super::{Store, StoreError};
use crate::rdf::vocab::prov;
use crate::record::Kind;

/// The file name of the whole store's dump.
pub const FULL_DUMP: &str = "carrefour.nq.gz";

/// The file name of a partner's dump.
pub fn partner_dump(partner: &str) -> String {
    format!("{partner}.nq.gz")
}

impl Store {
    /// Writes `carrefour.nq.gz` and one `{partner}.nq.gz` per partner in `dir`.
    /// Returns the files written.
    pub fn write_dumps(&self, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
        let io = |e: std::io::Error| StoreError::Dump(dir.to_owned(), e.to_string());
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut written = vec![self.write_gz(&dir.join(FULL_DUMP), |out| {
            self.dump(out, super::DumpFormat::Nq)
        })?];
        for partner in self.statistics()?.partners {
            let path = dir.join(partner_dump(&partner.id));
            written.push(self.write_gz(&path, |out| self.dump_partner(out, &partner.id))?);
        }
        Ok(written)
    }

    /// A partner's share: its record graphs, their provenance, and the
    /// partner's own description, as N-Quads.
    pub fn dump_partner(&self, out: impl Write, partner: &str) -> Result<(), StoreError> {
        let partner_iri = self.base.id(Kind::Partner, partner);
        let provenance = crate::rdf::provenance_graph(&self.base);
        let provenance = GraphNameRef::NamedNode(provenance.as_ref());
        let records: HashSet<NamedOrBlankNode> = self
            .db
            .quads_for_pattern(
                None,
                Some(prov::WAS_ATTRIBUTED_TO),
                Some(partner_iri.as_ref().into()),
                Some(provenance),
            )
            .map(|q| q.map(|q| q.subject))
            .collect::<Result<_, _>>()?;
        let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
        let mut write = |quad: Quad| serializer.serialize_quad(&quad);
        let partner_prefix = partner_iri.as_str();
        for quad in self
            .db
            .quads_for_pattern(None, None, None, Some(provenance))
        {
            let quad = quad?;
            let about_partner = match &quad.subject {
                NamedOrBlankNode::NamedNode(n) => is_or_part_of(n.as_ref(), partner_prefix),
                NamedOrBlankNode::BlankNode(_) => false,
            };
            if about_partner || records.contains(&quad.subject) {
                write(quad).map_err(|e| StoreError::Query(e.to_string()))?;
            }
        }
        for record in &records {
            let NamedOrBlankNode::NamedNode(record) = record else {
                continue;
            };
            let graph = GraphNameRef::NamedNode(record.as_ref());
            for quad in self.db.quads_for_pattern(None, None, None, Some(graph)) {
                write(quad?).map_err(|e| StoreError::Query(e.to_string()))?;
            }
        }
        serializer
            .finish()
            .map_err(|e| StoreError::Query(e.to_string()))?;
        Ok(())
    }

    fn write_gz(
        &self,
        path: &Path,
        dump: impl FnOnce(&mut dyn Write) -> Result<(), StoreError>,
    ) -> Result<PathBuf, StoreError> {
        let io = |e: std::io::Error| StoreError::Dump(path.to_owned(), e.to_string());
        let partial = path.with_extension("gz.partial");
        let file = File::create(&partial).map_err(io)?;
        let mut gz = GzEncoder::new(BufWriter::new(file), Compression::default());
        dump(&mut gz)?;
        gz.finish().and_then(|mut w| w.flush()).map_err(io)?;
        std::fs::rename(&partial, path).map_err(io)?;
        Ok(path.to_owned())
    }
}

/// `iri` is `prefix` itself or one of its fragments (`…/partner/x#mapping`).
fn is_or_part_of(iri: NamedNodeRef<'_>, prefix: &str) -> bool {
    iri.as_str()
        .strip_prefix(prefix)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'))
}
