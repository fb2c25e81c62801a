//! Dumps: the whole store, and each partner's share, as gzipped N-Quads in
//! `{data}/dumps/`, rewritten after every harvest so a download never costs
//! a query. Each file is written beside its final name and renamed into
//! place, so a server streaming the old one is never cut short.
//!
//! A partner's *share* is what its dump holds and what `/void` counts for
//! its subset: its record graphs, the provenance of its records (tombstones
//! too), its harvest activities (failed ones too) and its own description
//! (the partner and its mapping plan). One [`census`](super::census) pass
//! writes every dump and counts the statistics, with [`Shares`](super::Shares)
//! deciding once which partner each statement belongs to, so the dumps and
//! the statistics can never disagree.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Quad};

use super::census::{Census, Counts, ShareReader};
use super::{Store, StoreError};
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ShareSize {
    /// Quads (the lines of its dump).
    pub quads: u64,
    /// Distinct subjects minted under `{base}id/` (projects, places,
    /// organisations, records, harvests, their `#parts`…).
    pub entities: u64,
}

/// What [`Store::write_dumps_seeing`] shows of the data as it goes.
pub enum Seen<'a> {
    /// A quad of the data.
    Quad(&'a Quad),
    /// Forget every quad shown so far: the pass starts again from the store.
    Again,
}

/// The dumps [`Store::write_dumps`] wrote.
#[derive(Debug)]
pub struct Dumps {
    /// The files, the full dump first.
    pub files: Vec<PathBuf>,
    /// Read from the partners' share files (`shares.rs`) rather than by a
    /// census of the whole store.
    pub from_shares: bool,
}

impl Store {
    /// Writes `carrefour.nq.gz` and one `{partner}.nq.gz` per partner with a
    /// published project in `dir`, and removes the dumps of partners that
    /// have none any more. They are read from the partners' share files
    /// when those are in step with the store (`shares.rs`), otherwise in
    /// one pass over the store (see [`census`](super::census)), which
    /// leaves the shares for the next time. The figures counted on the way
    /// become the statistics of the revision dumped, when no write came in
    /// between.
    pub fn write_dumps(&self, dir: &Path) -> Result<Dumps, StoreError> {
        self.write_dumps_seeing(dir, |_| {})
    }

    /// [`Store::write_dumps`], handing every quad of the data to `each` on
    /// the way (the harvest round reads the `/api/projects` index in the
    /// same pass): from the shares, or, when they turn out not to add up,
    /// [`Seen::Again`] then every quad of the store.
    pub fn write_dumps_seeing(
        &self,
        dir: &Path,
        mut each: impl FnMut(Seen<'_>),
    ) -> Result<Dumps, StoreError> {
        let io = |e: std::io::Error| dump_error(dir, e);
        std::fs::create_dir_all(dir).map_err(io)?;
        // One census at a time: the server's warm task, asking for the
        // statistics of the same revision meanwhile, waits for these.
        let _counting = self
            .counting_statistics
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let revision = self.revision();
        let writes = self.writes();
        if let Some(shares) = self.open_shares(writes) {
            if let Some((census, written)) = self.dumps_from_shares(dir, shares, &mut each)? {
                remove_stale_dumps(dir, &written).map_err(io)?;
                self.keep_statistics(revision, census);
                return Ok(Dumps {
                    files: written,
                    from_shares: true,
                });
            }
            tracing::info!("the partners' shares do not add up to the store: reading the store");
            each(Seen::Again);
        }
        let (census, (full, shares)) = self.census_into_dumps(dir, &mut each)?;
        let mut written = vec![full.finish()?];
        let mut every_share = Vec::new();
        for (partner, file) in shares {
            let path = file.finish()?;
            // Only partners with a published project get a dump; every
            // partner with a statement keeps its share.
            if census.partners.iter().any(|p| p.id == partner) {
                written.push(path.clone());
            }
            every_share.push((partner, path));
        }
        self.keep_shares(writes, &every_share);
        remove_stale_dumps(dir, &written).map_err(io)?;
        self.keep_statistics(revision, census);
        Ok(Dumps {
            files: written,
            from_shares: false,
        })
    }

    /// A census of the store, writing every quad into the full dump and
    /// its partner's. Decoding the quads and writing them are about as
    /// costly: the census decodes on this thread while another serializes
    /// and compresses, batches passing through a bounded channel.
    fn census_into_dumps(
        &self,
        dir: &Path,
        each: &mut impl FnMut(Seen<'_>),
    ) -> Result<(Census, Written), StoreError> {
        std::thread::scope(|scope| {
            let (batches, received) = std::sync::mpsc::sync_channel::<Batch>(16);
            let writer = scope.spawn(move || write_batches(dir, received));
            let mut batch = Batch::with_capacity(BATCH);
            let census = self.census(|owner, quad| {
                each(Seen::Quad(quad));
                batch.push((owner.map(str::to_owned), quad.clone()));
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Batch::with_capacity(BATCH));
                    // A writer that stopped says why when it is joined.
                    batches.send(full).map_err(|_| writer_stopped(dir))?;
                }
                Ok(())
            });
            if census.is_ok() && !batch.is_empty() {
                let _ = batches.send(batch);
            }
            drop(batches);
            let files = writer.join().map_err(|_| writer_stopped(dir))?;
            Ok((census?, files?))
        })
    }

    /// The dumps and the census from the partners' share files and the
    /// rest of the store (reference graphs, territories): the full dump is
    /// the rest, then each share's gzip members as they are. `None` when
    /// they do not add up to the store, or a share does not read.
    fn dumps_from_shares(
        &self,
        dir: &Path,
        shares: Vec<(String, File)>,
        each: &mut impl FnMut(Seen<'_>),
    ) -> Result<Option<(Census, Vec<PathBuf>)>, StoreError> {
        let provenance = crate::rdf::provenance_graph(&self.base);
        let mut counts = Counts::new(&self.base);
        let mut owners = ShareReader::default();
        let full_path = dir.join(FULL_DUMP);
        let mut full = DumpFile::create(&full_path)?;
        for quad in self.quads_outside_shares(&provenance)? {
            counts.read(None, &quad);
            full.write(&quad)?;
            each(Seen::Quad(&quad));
        }
        let size = self.db.len()? as u64;
        let mut full = full.into_raw()?;
        for (partner, file) in &shares {
            for quad in super::shares::read_share(rewound(file, dir)?) {
                let Ok(quad) = quad else {
                    tracing::warn!(partner, "the partner's share does not read");
                    full.abandon();
                    return Ok(None);
                };
                if matches!(&quad.graph_name, GraphName::NamedNode(g) if *g == provenance) {
                    owners.read(&self.base, quad.clone());
                }
                counts.read(Some(partner), &quad);
                each(Seen::Quad(&quad));
            }
            full.append(rewound(file, dir)?)?;
        }
        if counts.quads() != size {
            full.abandon();
            return Ok(None);
        }
        let mut written = vec![full.finish()?];
        let census = counts.into_census(owners.finish(&self.base));
        for (partner, file) in &shares {
            if census.partners.iter().any(|p| p.id == *partner) {
                let path = dir.join(partner_dump(partner));
                let mut dump = RawDump::create(&path)?;
                dump.append(rewound(file, dir)?)?;
                written.push(dump.finish()?);
            }
        }
        Ok(Some((census, written)))
    }

    /// Every quad in no partner's share: the default graph's and those of
    /// named graphs other than records and the provenance graph.
    fn quads_outside_shares(&self, provenance: &NamedNode) -> Result<Vec<Quad>, StoreError> {
        let mut quads = Vec::new();
        let mut graphs = vec![GraphName::DefaultGraph];
        for graph in self.db.named_graphs() {
            let NamedOrBlankNode::NamedNode(graph) = graph? else {
                continue;
            };
            let is_record = matches!(self.base.parse_id(graph.as_str()), Some((Kind::Record, _)));
            if !is_record && graph != *provenance {
                graphs.push(graph.into());
            }
        }
        for graph in &graphs {
            for quad in self
                .db
                .quads_for_pattern(None, None, None, Some(graph.as_ref()))
            {
                quads.push(quad?);
            }
        }
        Ok(quads)
    }
}

/// The full dump and each partner's, as a census of the store writes them.
type Written = (DumpFile, HashMap<String, DumpFile>);

/// `file` read again from its start.
fn rewound<'a>(file: &'a File, dir: &Path) -> Result<&'a File, StoreError> {
    let mut handle = file;
    handle
        .seek(SeekFrom::Start(0))
        .map_err(|e| dump_error(dir, e))?;
    Ok(handle)
}

/// Quads with the partner whose share each is, on their way to the writer.
type Batch = Vec<(Option<String>, Quad)>;

/// Quads a batch holds.
const BATCH: usize = 4096;

/// Writes every quad received to the full dump and to its partner's.
fn write_batches(
    dir: &Path,
    received: std::sync::mpsc::Receiver<Batch>,
) -> Result<Written, StoreError> {
    let mut full = DumpFile::create(&dir.join(FULL_DUMP))?;
    let mut shares: HashMap<String, DumpFile> = HashMap::new();
    for batch in received {
        for (owner, quad) in batch {
            full.write(&quad)?;
            let Some(partner) = owner else { continue };
            let file = match shares.entry(partner) {
                std::collections::hash_map::Entry::Occupied(file) => file.into_mut(),
                std::collections::hash_map::Entry::Vacant(entry) => {
                    let file = DumpFile::create(&dir.join(partner_dump(entry.key())))?;
                    entry.insert(file)
                }
            };
            file.write(&quad)?;
        }
    }
    Ok((full, shares))
}

fn writer_stopped(dir: &Path) -> StoreError {
    dump_error(dir, std::io::Error::other("the dump writer stopped"))
}

/// A gzipped N-Quads file being written beside its final name.
pub(super) struct DumpFile {
    path: PathBuf,
    partial: PathBuf,
    serializer: WriterQuadSerializer<BufWriter<GzEncoder<BufWriter<File>>>>,
}

impl DumpFile {
    pub fn create(path: &Path) -> Result<DumpFile, StoreError> {
        let partial = path.with_extension("gz.partial");
        let file = File::create(&partial).map_err(|e| dump_error(path, e))?;
        // The serializer writes a quad in many small pieces, and each write
        // into the encoder has a fixed cost (unbuffered, it was a fifth of a
        // harvest's CPU): they are gathered first.
        let gz = GzEncoder::new(BufWriter::new(file), Compression::default());
        let serializer = RdfSerializer::from_format(RdfFormat::NQuads)
            .for_writer(BufWriter::with_capacity(64 * 1024, gz));
        Ok(DumpFile {
            path: path.to_owned(),
            partial,
            serializer,
        })
    }

    pub fn write(&mut self, quad: &Quad) -> Result<(), StoreError> {
        self.serializer
            .serialize_quad(quad)
            .map_err(|e| dump_error(&self.path, e))
    }

    pub fn finish(self) -> Result<PathBuf, StoreError> {
        self.into_raw()?.finish()
    }

    /// Ends the gzip member written so far; more bytes may follow.
    pub fn into_raw(self) -> Result<RawDump, StoreError> {
        let io = |e: std::io::Error| dump_error(&self.path, e);
        let buffered = self.serializer.finish().map_err(io)?;
        let gz = buffered.into_inner().map_err(|e| io(e.into_error()))?;
        let out = gz.finish().map_err(io)?;
        Ok(RawDump {
            path: self.path,
            partial: self.partial,
            out,
        })
    }

    /// Drops the file unfinished (a partner with no published project).
    pub fn abandon(self) {
        let partial = self.partial.clone();
        drop(self);
        let _ = std::fs::remove_file(partial);
    }
}

/// A dump file being written beside its final name, byte by byte: a gzip
/// file may be the concatenation of others (its members), read as one.
pub(super) struct RawDump {
    path: PathBuf,
    partial: PathBuf,
    out: BufWriter<File>,
}

impl RawDump {
    fn create(path: &Path) -> Result<RawDump, StoreError> {
        let partial = path.with_extension("gz.partial");
        let file = File::create(&partial).map_err(|e| dump_error(path, e))?;
        Ok(RawDump {
            path: path.to_owned(),
            partial,
            out: BufWriter::new(file),
        })
    }

    /// Adds the bytes of another gzip file.
    fn append(&mut self, mut gzip: impl Read) -> Result<(), StoreError> {
        std::io::copy(&mut gzip, &mut self.out).map_err(|e| dump_error(&self.path, e))?;
        Ok(())
    }

    fn finish(mut self) -> Result<PathBuf, StoreError> {
        let io = |e: std::io::Error| dump_error(&self.path, e);
        self.out.flush().map_err(io)?;
        std::fs::rename(&self.partial, &self.path).map_err(io)?;
        Ok(self.path)
    }

    fn abandon(self) {
        let partial = self.partial.clone();
        drop(self);
        let _ = std::fs::remove_file(partial);
    }
}

pub(super) fn dump_error(path: &Path, error: std::io::Error) -> StoreError {
    StoreError::Dump(path.to_owned(), error.to_string())
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
