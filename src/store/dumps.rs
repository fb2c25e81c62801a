//! Dumps: the whole store, and each partner's share, as gzipped N-Quads in
//! `{data}/dumps/`, rewritten after every harvest so a download never costs
//! a query. Each file is written beside its final name and renamed into
//! place, so a server streaming the old one is never cut short.
//!
//! A partner's *share* is what its dump holds and what `/void` counts for
//! its subset: its record graphs, the provenance of its records (tombstones
//! too), its harvest activities (failed ones too) and its own description
//! (the partner and its mapping plan). [`Shares`] decides, once, which
//! partner each provenance statement belongs to, so the dump and the
//! statistics can never disagree.

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, NamedOrBlankNode, Quad, Term};

use super::{Store, StoreError};
use crate::rdf::vocab::prov;
use crate::record::{Kind, is_valid_key};

/// The file name of the whole store's dump.
pub const FULL_DUMP: &str = "carrefour.nq.gz";

/// The file name of a partner's dump.
pub fn partner_dump(partner: &str) -> String {
    format!("{partner}.nq.gz")
}

/// Whether `name` is a dump file name we could have written
/// (`carrefour.nq.gz`, `{partner}.nq.gz`): the only names the server
/// serves, so a request can never reach another file.
///
/// ```
/// use carrefour::store::is_dump_name;
///
/// assert!(is_dump_name("carrefour.nq.gz"));
/// assert!(is_dump_name("fondation-territoires.nq.gz"));
/// assert!(!is_dump_name("../secret.nq.gz"));
/// assert!(!is_dump_name("carrefour.nq.gz.partial"));
/// assert!(!is_dump_name("Carrefour.nq.gz"));
/// ```
pub fn is_dump_name(name: &str) -> bool {
    // Partner ids are lower case; keys may hold the upper case of official
    // codes, file names never do.
    name.strip_suffix(".nq.gz")
        .is_some_and(|stem| is_valid_key(stem) && !stem.bytes().any(|b| b.is_ascii_uppercase()))
}

/// The size of a partner's share of the data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareSize {
    /// Quads (the lines of its dump).
    pub quads: u64,
    /// Distinct subjects minted under `{base}id/` (projects, places,
    /// organisations, records, harvests, their `#parts`…).
    pub entities: u64,
}

/// Which partner each provenance subject belongs to, and each partner's records.
pub struct Shares {
    owners: HashMap<NamedOrBlankNode, String>,
    records: HashMap<String, Vec<NamedNode>>,
}

impl Shares {
    /// The partner a provenance statement about `subject` belongs to.
    pub fn owner(&self, subject: &NamedOrBlankNode) -> Option<&str> {
        self.owners.get(subject).map(String::as_str)
    }

    /// The records (live and tombstoned) of `partner`.
    pub fn records(&self, partner: &str) -> &[NamedNode] {
        self.records.get(partner).map_or(&[], Vec::as_slice)
    }
}

impl Store {
    /// Writes `carrefour.nq.gz` and one `{partner}.nq.gz` per partner with a
    /// published project in `dir`, and removes the dumps of partners that
    /// have none any more. Returns the files written.
    pub fn write_dumps(&self, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
        let io = |e: std::io::Error| StoreError::Dump(dir.to_owned(), e.to_string());
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut written = vec![self.write_gz(&dir.join(FULL_DUMP), |out| {
            self.dump(out, super::DumpFormat::Nq)
        })?];
        let shares = self.shares()?;
        for partner in self.statistics()?.partners {
            let path = dir.join(partner_dump(&partner.id));
            written.push(self.write_gz(&path, |out| self.dump_share(out, &shares, &partner.id))?);
        }
        remove_stale_dumps(dir, &written).map_err(io)?;
        Ok(written)
    }

    /// A partner's share (see the module documentation), as N-Quads.
    pub fn dump_partner(&self, out: impl Write, partner: &str) -> Result<(), StoreError> {
        self.dump_share(out, &self.shares()?, partner)
    }

    /// The size of every partner's share, by partner id.
    pub fn share_sizes(&self) -> Result<HashMap<String, ShareSize>, StoreError> {
        let shares = self.shares()?;
        let mut counter = ShareCounter {
            id_space: format!("{}id/", self.base),
            counts: HashMap::new(),
        };
        for quad in self.provenance_quads() {
            let quad = quad?;
            if let Some(partner) = shares.owner(&quad.subject) {
                counter.add(partner, quad);
            }
        }
        for (partner, records) in &shares.records {
            for record in records {
                for quad in self.graph_quads(record) {
                    counter.add(partner, quad?);
                }
            }
        }
        Ok(counter.sizes())
    }

    /// Reads the provenance graph once to tell whose each subject is: a
    /// record by its `prov:wasAttributedTo`, the partner and its `#mapping`
    /// by their IRI, a harvest by the plan (the partner's mapping) its
    /// qualified association names.
    pub fn shares(&self) -> Result<Shares, StoreError> {
        let mut owners = HashMap::new();
        let mut records: HashMap<String, Vec<NamedNode>> = HashMap::new();
        let mut plan_of = HashMap::new();
        let mut association_of = Vec::new();
        for quad in self.provenance_quads() {
            let Quad {
                subject,
                predicate,
                object,
                ..
            } = quad?;
            if let NamedOrBlankNode::NamedNode(node) = &subject {
                if let Some((Kind::Partner, key)) = self.base.parse_id(node.as_str()) {
                    owners.insert(subject.clone(), key.to_owned());
                }
            }
            let object = match object {
                Term::NamedNode(object) => NamedOrBlankNode::NamedNode(object),
                Term::BlankNode(object) => NamedOrBlankNode::BlankNode(object),
                Term::Literal(_) => continue,
            };
            if predicate == prov::WAS_ATTRIBUTED_TO {
                if let Some(partner) = self.partner_of(&object) {
                    if let NamedOrBlankNode::NamedNode(record) = &subject {
                        records
                            .entry(partner.clone())
                            .or_default()
                            .push(record.clone());
                    }
                    owners.insert(subject, partner);
                }
            } else if predicate == prov::HAD_PLAN {
                plan_of.insert(subject, object);
            } else if predicate == prov::QUALIFIED_ASSOCIATION {
                association_of.push((subject, object));
            }
        }
        // A harvest belongs to the partner whose plan its association names.
        for (activity, association) in association_of {
            let partner = plan_of
                .get(&association)
                .and_then(|plan| self.partner_of(plan));
            if let Some(partner) = partner {
                owners.insert(association, partner.clone());
                owners.insert(activity, partner);
            }
        }
        for list in records.values_mut() {
            list.sort_unstable();
        }
        Ok(Shares { owners, records })
    }

    fn dump_share(
        &self,
        out: impl Write,
        shares: &Shares,
        partner: &str,
    ) -> Result<(), StoreError> {
        let mut serializer = RdfSerializer::from_format(RdfFormat::NQuads).for_writer(out);
        let mut write = |quad: Quad| {
            serializer
                .serialize_quad(&quad)
                .map_err(|e| StoreError::Query(e.to_string()))
        };
        for quad in self.provenance_quads() {
            let quad = quad?;
            if shares.owner(&quad.subject) == Some(partner) {
                write(quad)?;
            }
        }
        for record in shares.records(partner) {
            for quad in self.graph_quads(record) {
                write(quad?)?;
            }
        }
        serializer
            .finish()
            .map_err(|e| StoreError::Query(e.to_string()))?;
        Ok(())
    }

    fn provenance_quads(&self) -> oxigraph::store::QuadIter<'static> {
        let provenance = crate::rdf::provenance_graph(&self.base);
        self.db.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(provenance.as_ref())),
        )
    }

    fn graph_quads(&self, graph: &NamedNode) -> oxigraph::store::QuadIter<'static> {
        self.db.quads_for_pattern(
            None,
            None,
            None,
            Some(GraphNameRef::NamedNode(graph.as_ref())),
        )
    }

    /// The id of the partner `node` is, or is a part of (`…/partner/x#mapping`).
    fn partner_of(&self, node: &NamedOrBlankNode) -> Option<String> {
        let NamedOrBlankNode::NamedNode(node) = node else {
            return None;
        };
        match self.base.parse_id(node.as_str()) {
            Some((Kind::Partner, key)) => Some(key.to_owned()),
            _ => None,
        }
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

/// Counts quads and distinct entities per partner.
struct ShareCounter<'a> {
    id_space: String,
    counts: HashMap<&'a str, (u64, HashSet<NamedOrBlankNode>)>,
}

impl<'a> ShareCounter<'a> {
    fn add(&mut self, partner: &'a str, quad: Quad) {
        let (quads, entities) = self.counts.entry(partner).or_default();
        *quads += 1;
        let minted = matches!(&quad.subject,
            NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(&self.id_space));
        if minted {
            entities.insert(quad.subject);
        }
    }

    fn sizes(self) -> HashMap<String, ShareSize> {
        self.counts
            .into_iter()
            .map(|(partner, (quads, entities))| {
                let entities = entities.len() as u64;
                (partner.to_owned(), ShareSize { quads, entities })
            })
            .collect()
    }
}

/// Removes the dumps of partners no longer published: a stale file would
/// still be offered for download with data the store has dropped.
fn remove_stale_dumps(dir: &Path, written: &[PathBuf]) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let is_dump = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_dump_name);
        if is_dump && !written.contains(&path) {
            std::fs::remove_file(&path)?;
        }
    }
    Ok(())
}
