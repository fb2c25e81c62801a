//! Files derived from the data (the `/api/projects` index), kept in
//! `DATA/derived/` beside an on-disk store so the next start finds them
//! ready instead of reading the whole store again.
//!
//! A derived file is valid only for the data it was computed from, so
//! every write clears them all: before its commit ([`Store::changing`]: a
//! crash between the commit and the clearing cannot leave a stale file)
//! and after it ([`Store::changed`]: a file written by a computation that
//! began before the commit goes too). A file is kept only if the data did
//! not change while it was computed. Its name carries a fingerprint of
//! this build's version and reference graphs (themes, stages, ontology),
//! which a start loads again without clearing anything: another build
//! never reads this one's files.

use std::path::PathBuf;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::OnceLock;

use super::Store;
use super::reference::REFERENCE_GRAPHS;
use super::stats::write_through_temporary;

const DERIVED_DIR: &str = "derived";

impl Store {
    /// Keeps `bytes` as the derived file `name`, computed from the data at
    /// `revision`; nothing is kept if the data changed since, or in memory.
    pub fn keep_derived(&self, name: &str, revision: u64, bytes: &[u8]) {
        let Some(dir) = self.derived_dir() else {
            return;
        };
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        if self.revision() != revision {
            return;
        }
        let file = dir.join(versioned(name));
        let kept =
            std::fs::create_dir_all(&dir).and_then(|()| write_through_temporary(&file, bytes));
        if let Err(error) = kept {
            tracing::warn!(file = %file.display(), "cannot keep a derived file: {error}");
        }
    }

    /// The derived file `name`, if one matches the data, with the revision
    /// of this process it stands for.
    pub fn derived(&self, name: &str) -> Option<(u64, Vec<u8>)> {
        let file = self.derived_dir()?.join(versioned(name));
        let revision = self.revision();
        let bytes = std::fs::read(file).ok()?;
        (self.revision() == revision).then_some((revision, bytes))
    }

    /// Says the data is about to change, by any write but a partner's
    /// publication ([`Store::changing_partner`]): every derived file and
    /// every partner's share go.
    pub fn changing(&self) {
        self.count_write(super::shares::forget_every_share);
    }

    /// Says the data changed: every derived file goes (one written by a
    /// computation that began before the commit too).
    pub(super) fn clear_derived(&self) {
        let _files = self.derived.lock().unwrap_or_else(|e| e.into_inner());
        self.clear_derived_files();
    }

    /// Removes every derived file; the caller holds the lock.
    pub(super) fn clear_derived_files(&self) {
        let Some(dir) = self.derived_dir() else {
            return;
        };
        if let Err(error) = super::shares::remove_dir_if_present(&dir) {
            tracing::warn!(dir = %dir.display(), "cannot clear the derived files: {error}");
        }
    }

    fn derived_dir(&self) -> Option<PathBuf> {
        Some(self.dir.as_ref()?.join(DERIVED_DIR))
    }
}

/// `name` with this build's fingerprint before its extension:
/// `index.json` → `index-0123456789abcdef.json`.
fn versioned(name: &str) -> String {
    static FINGERPRINT: OnceLock<u64> = OnceLock::new();
    let fingerprint = FINGERPRINT.get_or_init(|| {
        let mut hasher = DefaultHasher::new();
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        for graph in REFERENCE_GRAPHS {
            graph.turtle.hash(&mut hasher);
        }
        hasher.finish()
    });
    match name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}-{fingerprint:016x}.{extension}"),
        None => format!("{name}-{fingerprint:016x}"),
    }
}
