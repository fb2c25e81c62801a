//! Figures about the published data, for VoID, the service description and
//! the home page: counted from the store in one pass (a census), once per
//! data revision, so they always match it.

use std::sync::atomic::Ordering;

use oxigraph::model::NamedNode;

use super::census::Census;
use super::{ShareSize, Store, StoreError};

/// The dataset's figures.
#[derive(Debug, Clone, PartialEq)]
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
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerStatistics {
    /// The partner's id (`avise`), the key of its IRI.
    pub id: String,
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
    pub example: Option<NamedNode>,
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
        let statistics = self.count_statistics()?;
        *self.statistics.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((revision, statistics.clone()));
        Ok(statistics)
    }

    fn statistics_at(&self, revision: u64) -> Option<Statistics> {
        let cached = self.statistics.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((at, statistics)) if *at == revision => Some(statistics.clone()),
            _ => None,
        }
    }

    /// Keeps `census` as the statistics of `revision`, unless the store
    /// has changed since (its figures may then be of neither revision).
    pub(super) fn keep_statistics(&self, revision: u64, census: Census) {
        if self.revision() == revision {
            *self.statistics.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((revision, census.into()));
        }
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
