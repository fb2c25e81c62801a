//! Each partner's share of the data kept as a gzipped N-Quads file in
//! `DATA/shares/`, so the dumps, the statistics and the index need not
//! decode the whole store after every harvest round.
//!
//! Decoding a quad from RocksDB costs ≈ 14 µs (every string is a lookup),
//! reading it back from N-Quads about a tenth of that: at 100 000 projects
//! a census of the store took minutes. A partner's first publication
//! already holds every quad of its share, so it writes them as it hands
//! them to the bulk loader; a census of the store (the fallback) leaves
//! every partner's share behind it too.
//!
//! A share file is valid only for the data it was written from. Every
//! write says so before its commit ([`Store::changing`],
//! [`Store::changing_partner`]): a partner's publication forgets that
//! partner's share, any other write forgets them all, and each bumps a
//! counter of writes; a share is put in place only if no write began
//! since it was started. On top of that, [`Store::write_dumps`] uses the
//! shares only if their quads and the rest of the store add up to the
//! store's size, and counts the store again otherwise.

use std::fs::File;
use std::io::{BufReader, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use flate2::Compression;
use flate2::write::GzEncoder;
use oxigraph::model::{GraphName, Quad};

use super::Store;
use super::dumps::{DumpFile, dump_error};
use crate::record::is_valid_key;

const SHARES_DIR: &str = "shares";

/// A partner's share being written while its data is published.
pub(super) struct NewShare {
    partner: String,
    /// The file being written; `None` in memory, or once writing failed
    /// (the publication goes on, the next dumps count the store instead).
    file: Option<DumpFile>,
    /// The graph of territories: shared by every partner, in no share.
    territories: GraphName,
    /// The count of writes when the publication began.
    writes: u64,
}

impl NewShare {
    /// Adds `quad` to the share (not if it is a territory's).
    pub fn write(&mut self, quad: &Quad) {
        if quad.graph_name == self.territories {
            return;
        }
        let Some(file) = &mut self.file else { return };
        if let Err(error) = file.write(quad) {
            tracing::warn!(partner = %self.partner, "cannot keep the partner's share: {error}");
            if let Some(file) = self.file.take() {
                file.abandon();
            }
        }
    }
}

impl Drop for NewShare {
    /// A publication that failed leaves no partial file.
    fn drop(&mut self) {
        if let Some(file) = self.file.take() {
            file.abandon();
        }
    }
}

impl Store {
    /// Says a write is about to change `partner`'s data and no other's:
    /// its share goes (and every derived file).
    pub(super) fn forget_share(&self, partner: &str) -> u64 {
        self.count_write(|dir| {
            let _ = std::fs::remove_file(share_file(dir, partner));
        })
    }

    /// Like [`Self::forget_share`]; returns the share to write in place of
    /// the old one.
    pub(super) fn changing_partner(&self, partner: &str) -> NewShare {
        let writes = self.forget_share(partner);
        let file = self.shares_dir().and_then(|dir| {
            let file = std::fs::create_dir_all(&dir)
                .map_err(|e| dump_error(&dir, e))
                .and_then(|()| DumpFile::create(&share_file(&dir, partner)));
            file.inspect_err(|error| tracing::warn!(partner, "cannot write the share: {error}"))
                .ok()
        });
        NewShare {
            partner: partner.to_owned(),
            file,
            territories: crate::rdf::territory::territories_graph(&self.base).into(),
            writes,
        }
    }

    /// Puts a publication's share in place once its data is committed,
    /// unless another write began meanwhile.
    pub(super) fn keep_share(&self, mut share: NewShare) {
        let Some(file) = share.file.take() else {
            return;
        };
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if self.writes.load(Ordering::SeqCst) != share.writes {
            file.abandon();
        } else if let Err(error) = file.finish() {
            tracing::warn!(partner = %share.partner, "cannot keep the partner's share: {error}");
        }
    }

    /// Adds `quads`, committed since `writes` (see [`Self::count_write`]),
    /// to `partner`'s share if it has one (a failed harvest's activity): a
    /// gzip file may hold several members, read as one.
    pub(super) fn add_to_share(&self, partner: &str, writes: u64, quads: &[Quad]) {
        let Some(dir) = self.shares_dir() else { return };
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        let file = share_file(&dir, partner);
        if self.writes.load(Ordering::SeqCst) != writes || !file.exists() {
            return;
        }
        if let Err(error) = append(&file, quads) {
            tracing::warn!(partner, "cannot add to the partner's share: {error}");
            let _ = std::fs::remove_file(&file);
        }
    }

    /// Counts a write about to begin, clearing what it invalidates under
    /// the lock of derived files (`forget` is given the shares' directory,
    /// when the store has one); returns the new count.
    pub(super) fn count_write(&self, forget: impl FnOnce(&Path)) -> u64 {
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        self.clear_derived_files();
        if let Some(dir) = self.shares_dir() {
            forget(&dir);
        }
        self.writes.fetch_add(1, Ordering::SeqCst) + 1
    }

    /// The count of writes begun so far.
    pub(super) fn writes(&self) -> u64 {
        self.writes.load(Ordering::SeqCst)
    }

    /// Every partner's share file, if no write began since `writes`;
    /// opened under the lock, so each is read as it was then.
    pub(super) fn open_shares(&self, writes: u64) -> Option<Vec<(String, File)>> {
        let dir = self.shares_dir()?;
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if self.writes() != writes {
            return None;
        }
        let mut shares = Vec::new();
        for entry in std::fs::read_dir(&dir).ok()? {
            let path = entry.ok()?.path();
            let Some(partner) = partner_of_share(&path) else {
                continue;
            };
            shares.push((partner, File::open(&path).ok()?));
        }
        shares.sort_by(|a, b| a.0.cmp(&b.0));
        (!shares.is_empty()).then_some(shares)
    }

    /// Replaces every share by the partner dumps a census of the store
    /// just wrote (`files`: partner and dump), unless a write began since
    /// the census did (`writes`).
    pub(super) fn keep_shares(&self, writes: u64, files: &[(String, PathBuf)]) {
        let Some(dir) = self.shares_dir() else { return };
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if self.writes() != writes {
            return;
        }
        let kept = remove_dir_if_present(&dir)
            .and_then(|()| std::fs::create_dir_all(&dir))
            .and_then(|()| {
                files
                    .iter()
                    .try_for_each(|(partner, dump)| link_or_copy(dump, &share_file(&dir, partner)))
            });
        if let Err(error) = kept {
            tracing::warn!(dir = %dir.display(), "cannot keep the partners' shares: {error}");
            let _ = remove_dir_if_present(&dir);
        }
    }

    fn shares_dir(&self) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(SHARES_DIR))
    }
}

/// Forgets every share (for a write that may touch any partner's data).
pub(super) fn forget_every_share(dir: &Path) {
    if let Err(error) = remove_dir_if_present(dir) {
        tracing::warn!(dir = %dir.display(), "cannot clear the partners' shares: {error}");
    }
}

/// Removes `dir` and everything in it; a directory already gone is fine.
pub(super) fn remove_dir_if_present(dir: &Path) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir) {
        Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err(error),
        _ => Ok(()),
    }
}

fn share_file(dir: &Path, partner: &str) -> PathBuf {
    dir.join(super::partner_dump(partner))
}

fn partner_of_share(path: &Path) -> Option<String> {
    let stem = path.file_name()?.to_str()?.strip_suffix(".nq.gz")?;
    is_valid_key(stem).then(|| stem.to_owned())
}

/// Appends `quads` to a gzipped N-Quads file as a new gzip member, in a
/// copy put in place of it: the share may be the very file a served dump
/// is (a hard link), which a download may be reading.
fn append(file: &Path, quads: &[Quad]) -> std::io::Result<()> {
    let partial = file.with_extension("gz.partial");
    std::fs::copy(file, &partial)?;
    let out = std::fs::OpenOptions::new().append(true).open(&partial)?;
    let mut gz = GzEncoder::new(out, Compression::default());
    let mut serializer = oxigraph::io::RdfSerializer::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_writer(&mut gz);
    for quad in quads {
        serializer.serialize_quad(quad)?;
    }
    serializer.finish()?;
    gz.finish()?.flush()?;
    std::fs::rename(partial, file)
}

/// A hard link when the file system allows it (a dump and a share are the
/// same bytes), a copy otherwise; through a temporary name.
fn link_or_copy(from: &Path, to: &Path) -> std::io::Result<()> {
    let partial = to.with_extension("gz.partial");
    let _ = std::fs::remove_file(&partial);
    if std::fs::hard_link(from, &partial).is_err() {
        std::fs::copy(from, &partial)?;
    }
    std::fs::rename(partial, to)
}

/// The quads of a share file (every gzip member of it).
pub(super) fn read_share(
    file: &File,
) -> impl Iterator<Item = Result<Quad, oxigraph::io::RdfParseError>> {
    let gz = flate2::read::MultiGzDecoder::new(BufReader::with_capacity(256 * 1024, file));
    oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NQuads)
        .for_reader(BufReader::with_capacity(256 * 1024, gz))
}
