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
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use oxigraph::io::{RdfFormat, RdfSerializer, WriterQuadSerializer};
use oxigraph::model::Quad;

use super::{Store, StoreError};
use crate::record::is_valid_key;

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

impl Store {
    /// Writes `carrefour.nq.gz` and one `{partner}.nq.gz` per partner with a
    /// published project in `dir`, in one pass over the store (see
    /// [`census`](super::census)), and removes the dumps of partners that
    /// have none any more. Returns the files written. The figures counted on
    /// the way become the statistics of the revision dumped, when no write
    /// came in between.
    pub fn write_dumps(&self, dir: &Path) -> Result<Vec<PathBuf>, StoreError> {
        let io = |e: std::io::Error| dump_error(dir, e);
        std::fs::create_dir_all(dir).map_err(io)?;
        // One census at a time: the server's warm task, asking for the
        // statistics of the same revision meanwhile, waits for these.
        let _counting = self
            .counting_statistics
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let revision = self.revision();
        // Decoding the quads and writing them are about as costly: the
        // census decodes on this thread while another serializes and
        // compresses, batches passing through a bounded channel.
        let (census, files) = std::thread::scope(|scope| {
            let (batches, received) = std::sync::mpsc::sync_channel::<Batch>(16);
            let writer = scope.spawn(move || write_batches(dir, received));
            let mut batch = Batch::with_capacity(BATCH);
            let census = self.census(|owner, quad| {
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
            Ok::<_, StoreError>((census, files?))
        })?;
        let census = census?;
        let (full, shares) = files;
        let mut written = vec![full.finish()?];
        for (partner, file) in shares {
            // Only partners with a published project get a dump.
            if census.partners.iter().any(|p| p.id == partner) {
                written.push(file.finish()?);
            } else {
                file.abandon();
            }
        }
        remove_stale_dumps(dir, &written).map_err(io)?;
        self.keep_statistics(revision, census);
        Ok(written)
    }
}

/// Quads with the partner whose share each is, on their way to the writer.
type Batch = Vec<(Option<String>, Quad)>;

/// Quads a batch holds.
const BATCH: usize = 4096;

/// Writes every quad received to the full dump and to its partner's.
fn write_batches(
    dir: &Path,
    received: std::sync::mpsc::Receiver<Batch>,
) -> Result<(DumpFile, HashMap<String, DumpFile>), StoreError> {
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
struct DumpFile {
    path: PathBuf,
    partial: PathBuf,
    serializer: WriterQuadSerializer<BufWriter<GzEncoder<BufWriter<File>>>>,
}

impl DumpFile {
    fn create(path: &Path) -> Result<DumpFile, StoreError> {
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

    fn write(&mut self, quad: &Quad) -> Result<(), StoreError> {
        self.serializer
            .serialize_quad(quad)
            .map_err(|e| dump_error(&self.path, e))
    }

    fn finish(self) -> Result<PathBuf, StoreError> {
        let io = |e: std::io::Error| dump_error(&self.path, e);
        let buffered = self.serializer.finish().map_err(io)?;
        let gz = buffered.into_inner().map_err(|e| io(e.into_error()))?;
        gz.finish().and_then(|mut w| w.flush()).map_err(io)?;
        std::fs::rename(&self.partial, &self.path).map_err(io)?;
        Ok(self.path)
    }

    /// Drops the file unfinished (a partner with no published project).
    fn abandon(self) {
        let partial = self.partial.clone();
        drop(self);
        let _ = std::fs::remove_file(partial);
    }
}

fn dump_error(path: &Path, error: std::io::Error) -> StoreError {
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
