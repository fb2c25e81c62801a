//! Figures about the published data, for VoID, the service description and
//! the home page: counted from the store in one pass (a census), once per
//! data revision. Pages show the latest figures known while a new census
//! runs ([`Store::known_statistics`]); [`Store::statistics`] always waits
//! for the current revision's.

use std::sync::atomic::Ordering;

use oxigraph::model::NamedNode;

use super::census::Census;
use super::{ShareSize, Store, StoreError};

/// The dataset's figures.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Statistics {
    /// Every quad in the store (records, provenance, reference graphs).
    pub quads: u64,
    /// Published (live) projects.
    pub projects: u64,
    /// Organisations carrying a published project.
    pub organisations: u64,
    /// Distinct subjects minted under `{base}id/` (VoID's `void:entities`
    /// for the `void:uriSpace`): things and their `#parts`.
    pub entities: u64,
    /// When the newest published record was harvested (`xsd:dateTime` lexical form).
    pub last_harvest: Option<String>,
    /// Partners with at least one published project, by id.
    pub partners: Vec<PartnerStatistics>,
}

/// One partner's share of the data.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PartnerStatistics {
    /// The partner's id (`avise`), the key of its IRI.
    pub id: String,
    #[serde(with = "iri")]
    pub iri: NamedNode,
    pub name: String,
    pub homepage: Option<String>,
    /// The licence the partner publishes under.
    pub license: Option<String>,
    pub projects: u64,
    /// Quads in the partner's record graphs (its projects' own statements).
    pub quads: u64,
    /// When its newest published record was harvested (`xsd:dateTime` lexical form).
    pub last_harvest: Option<String>,
    /// Its share of the data, what its dump holds: record graphs, their
    /// provenance, its harvests and its own description (see [`Shares`](super::Shares)).
    pub share: ShareSize,
    /// One of its published projects (the first by IRI), to show as an example.
    #[serde(with = "iri::optional")]
    pub example: Option<NamedNode>,
}

/// Where an on-disk store keeps its last figures, beside RocksDB's files.
const STATISTICS_FILE: &str = "statistics.json";

/// Figures and the data revision they were counted at (`None`: counted by
/// an earlier process, read back from disk).
pub(super) struct Figures {
    revision: Option<u64>,
    statistics: Statistics,
}

impl Store {
    /// Counts the published data; computed once per change of the store
    /// (the home page, VoID and the service description all show them).
    pub fn statistics(&self) -> Result<Statistics, StoreError> {
        let revision = self.revision.load(Ordering::SeqCst);
        if let Some(statistics) = self.statistics_at(revision) {
            return Ok(statistics);
        }
        // One count at a time: a request arriving while the server counts
        // after a harvest waits for that count instead of starting its own.
        let _counting = self
            .counting_statistics
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(statistics) = self.statistics_at(revision) {
            return Ok(statistics);
        }
        let statistics = match self.derived_statistics(revision) {
            Some(statistics) => statistics,
            None => self.count_statistics()?,
        };
        self.keep_figures(revision, statistics.clone());
        Ok(statistics)
    }

    /// The figures a census of this very data left among the derived files
    /// (`derived.rs`): a start after a harvest round needs no census of its
    /// own (18 s at 18 000 projects, on a core the first requests need).
    fn derived_statistics(&self, revision: u64) -> Option<Statistics> {
        let (kept_at, json) = self.derived(STATISTICS_FILE)?;
        let statistics = serde_json::from_slice(&json).ok()?;
        (kept_at == revision).then_some(statistics)
    }

    /// For pages (home, VoID, service description): the latest figures
    /// known (see [`Store::latest_statistics`]), counted now only when none
    /// is, so a page never waits for a census the server is running after
    /// a harvest.
    pub fn known_statistics(&self) -> Result<Statistics, StoreError> {
        match self.latest_statistics() {
            Some(statistics) => Ok(statistics),
            None => self.statistics(),
        }
    }

    /// The latest figures known, at once: those of the current data, or of
    /// an earlier revision while the server counts again in the background,
    /// or, just after a start, those the last census left on disk. `None`
    /// only before any census.
    pub fn latest_statistics(&self) -> Option<Statistics> {
        let cached = self.statistics.lock().unwrap_or_else(|e| e.into_inner());
        cached.as_ref().map(|figures| figures.statistics.clone())
    }

    fn statistics_at(&self, revision: u64) -> Option<Statistics> {
        let cached = self.statistics.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some(figures) if figures.revision == Some(revision) => Some(figures.statistics.clone()),
            _ => None,
        }
    }

    /// Keeps `census` as the statistics of `revision`, unless the store
    /// has changed since (its figures may then be of neither revision).
    pub(super) fn keep_statistics(&self, revision: u64, census: Census) {
        if self.revision() == revision {
            self.keep_figures(revision, census.into());
        }
    }

    /// Keeps the figures of `revision`, in memory and beside an on-disk
    /// store (for the next start: a census of 100 000 projects takes a
    /// minute or more, and the home page should not wait for it).
    fn keep_figures(&self, revision: u64, statistics: Statistics) {
        if let Some(file) = self.statistics_file() {
            // Written twice on purpose: `statistics.json` outlives writes
            // (the latest figures known, shown while a census runs), the
            // derived copy is cleared by the next write (figures of this
            // very data, which a start may take instead of counting).
            let written = serde_json::to_vec(&statistics)
                .map_err(std::io::Error::other)
                .and_then(|json| {
                    self.keep_derived(STATISTICS_FILE, revision, &json);
                    write_through_temporary(&file, &json)
                });
            if let Err(error) = written {
                tracing::warn!(file = %file.display(), "cannot keep the statistics: {error}");
            }
        }
        *self.statistics.lock().unwrap_or_else(|e| e.into_inner()) = Some(Figures {
            revision: Some(revision),
            statistics,
        });
    }

    /// The figures the last census of this on-disk store left, as the
    /// latest known until the first census of this process.
    pub(super) fn load_kept_statistics(&self) {
        let Some(file) = self.statistics_file() else {
            return;
        };
        let Ok(json) = std::fs::read(&file) else {
            return;
        };
        match serde_json::from_slice(&json) {
            Ok(statistics) => {
                let mut cached = self.statistics.lock().unwrap_or_else(|e| e.into_inner());
                cached.get_or_insert(Figures {
                    revision: None,
                    statistics,
                });
            }
            Err(error) => {
                tracing::warn!(file = %file.display(), "ignoring kept statistics: {error}")
            }
        }
    }

    fn statistics_file(&self) -> Option<std::path::PathBuf> {
        Some(self.dir.as_ref()?.join(STATISTICS_FILE))
    }

    fn count_statistics(&self) -> Result<Statistics, StoreError> {
        Ok(self.census(|_, _| Ok(()))?.into())
    }
}

impl From<Census> for Statistics {
    fn from(census: Census) -> Statistics {
        let last_harvest = census
            .partners
            .iter()
            .filter_map(|p| p.last_harvest.clone())
            .max();
        Statistics {
            quads: census.quads,
            projects: census.projects,
            organisations: census.organisations,
            entities: census.entities,
            last_harvest,
            partners: census.partners,
        }
    }
}

pub(super) fn write_through_temporary(file: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let temporary = file.with_extension("json.partial");
    std::fs::write(&temporary, bytes)?;
    std::fs::rename(temporary, file)
}

/// IRIs as JSON strings.
mod iri {
    use oxigraph::model::NamedNode;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(iri: &NamedNode, out: S) -> Result<S::Ok, S::Error> {
        out.serialize_str(iri.as_str())
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(input: D) -> Result<NamedNode, D::Error> {
        NamedNode::new(String::deserialize(input)?).map_err(D::Error::custom)
    }

    pub mod optional {
        use super::*;

        pub fn serialize<S: Serializer>(
            iri: &Option<NamedNode>,
            out: S,
        ) -> Result<S::Ok, S::Error> {
            match iri {
                Some(iri) => out.serialize_some(iri.as_str()),
                None => out.serialize_none(),
            }
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(
            input: D,
        ) -> Result<Option<NamedNode>, D::Error> {
            Option::<String>::deserialize(input)?
                .map(|iri| NamedNode::new(iri).map_err(D::Error::custom))
                .transpose()
        }
    }
}
