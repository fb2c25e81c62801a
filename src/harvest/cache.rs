//! What the last harvest read on each detail page, with the page's
//! validators: a re-harvest asks `If-None-Match`/`If-Modified-Since`, and an
//! unchanged page costs a 304 and reuses these values.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::fetch::Validators;
use crate::mapping::Target;

/// Cached pages of one partner, by canonical URL.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct PageCache {
    pub pages: BTreeMap<String, CachedPage>,
    /// Other hubs' change feeds, by URL: how far they were read
    /// (`format = "hub"` sources).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub feeds: BTreeMap<String, super::linked::FeedState>,
}

/// One page's validators and the values its rules gave.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CachedPage {
    pub validators: Validators,
    pub values: BTreeMap<Target, Vec<String>>,
    /// What the page's linked data said beyond the fields.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub declared: Option<Box<super::linked::Declared>>,
}

impl PageCache {
    /// The cache in `file`; a missing or unreadable one is an empty cache
    /// (the harvest then simply fetches every page in full).
    pub fn load(file: &Path) -> PageCache {
        let Ok(text) = std::fs::read_to_string(file) else {
            return PageCache::default();
        };
        serde_json::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(file = %file.display(), "ignoring an unreadable page cache: {e}");
            PageCache::default()
        })
    }

    /// Writes the cache to `file` (through a temporary file, so a crash never
    /// leaves half a cache).
    pub fn save(&self, file: &Path) -> std::io::Result<()> {
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let json = serde_json::to_vec(self).map_err(std::io::Error::other)?;
        let temporary = file.with_extension("json.tmp");
        std::fs::write(&temporary, json)?;
        std::fs::rename(temporary, file)
    }
}
