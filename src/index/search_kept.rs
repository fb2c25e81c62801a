//! The search index kept beside an on-disk store (`DATA/derived/`, as the
//! project index is, see `kept.rs`): written after each build, read at the
//! next start, so a server answers `q=` at once instead of reading every
//! project's texts again (35–50 s at 100 000 projects). Every write clears
//! it, so a kept index always matches the data.
//!
//! One file: the length of a JSON header (8 bytes, little-endian), the
//! header (the projects' IRIs by document number, the index's files and
//! their lengths), then the files' bytes, as tantivy wrote them in memory.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tantivy::Index;
use tantivy::directory::{Directory, RamDirectory};

use super::SearchIndex;
use crate::store::Store;

/// The file's name in `DATA/derived/`; the number changes with the layout.
pub const KEPT_SEARCH_FILE: &str = "search-index-v1.bin";

#[derive(Serialize, Deserialize)]
struct Header {
    iris: Vec<Box<str>>,
    files: Vec<(String, u64)>,
}

impl SearchIndex {
    /// Keeps the index beside `store` (nothing for a store in memory).
    pub fn keep(&self, store: &Store) {
        match self.to_bytes() {
            Ok(bytes) => store.keep_derived(KEPT_SEARCH_FILE, self.revision, &bytes),
            Err(error) => tracing::warn!("cannot keep the search index: {error}"),
        }
    }

    /// The index kept beside `store`, if one matches its data.
    pub fn kept(store: &Store) -> Option<SearchIndex> {
        let (revision, bytes) = store.derived(KEPT_SEARCH_FILE)?;
        SearchIndex::from_bytes(revision, &bytes)
            .inspect_err(|error| tracing::warn!("ignoring the kept search index: {error}"))
            .ok()
    }

    fn to_bytes(&self) -> Result<Vec<u8>, String> {
        let searcher = self.reader.searcher();
        let mut paths: Vec<String> = searcher
            .index()
            .directory()
            .list_managed_files()
            .into_iter()
            .map(|path| path.to_string_lossy().into_owned())
            .collect();
        // Written atomically, so not among the managed files.
        for meta in ["meta.json", ".managed.json"] {
            if self.directory.exists(Path::new(meta)).unwrap_or(false) {
                paths.push(meta.to_owned());
            }
        }
        paths.sort();
        paths.dedup();
        let mut files = Vec::new();
        let mut body = Vec::new();
        for path in paths {
            let slice = self
                .directory
                .open_read(Path::new(&path))
                .map_err(|e| format!("{path}: {e}"))?;
            let bytes = slice.read_bytes().map_err(|e| format!("{path}: {e}"))?;
            files.push((path, bytes.len() as u64));
            body.extend_from_slice(bytes.as_slice());
        }
        let header = Header {
            iris: self.iris.clone(),
            files,
        };
        let header = serde_json::to_vec(&header).map_err(|e| e.to_string())?;
        let mut bytes = Vec::with_capacity(8 + header.len() + body.len());
        bytes.extend_from_slice(&(header.len() as u64).to_le_bytes());
        bytes.extend_from_slice(&header);
        bytes.extend_from_slice(&body);
        Ok(bytes)
    }

    fn from_bytes(revision: u64, bytes: &[u8]) -> Result<SearchIndex, String> {
        let too_short = || "the file is cut short".to_owned();
        let length = bytes.get(..8).ok_or_else(too_short)?;
        let length = u64::from_le_bytes(length.try_into().map_err(|_| too_short())?) as usize;
        let header = bytes.get(8..8 + length).ok_or_else(too_short)?;
        let header: Header = serde_json::from_slice(header).map_err(|e| e.to_string())?;
        let directory = RamDirectory::create();
        let mut at = 8 + length;
        for (path, length) in &header.files {
            let end = at + *length as usize;
            let file = bytes.get(at..end).ok_or_else(too_short)?;
            directory
                .atomic_write(Path::new(path), file)
                .map_err(|e| format!("{path}: {e}"))?;
            at = end;
        }
        let index = Index::open(directory.clone()).map_err(|e| e.to_string())?;
        SearchIndex::open(revision, index, directory, header.iris).map_err(|e| e.to_string())
    }
}
