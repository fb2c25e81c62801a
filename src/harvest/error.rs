//! What can go wrong in a harvest run, typed, so that the checks decide on
//! the kind of failure (discovery failed outright, discovery incomplete, a
//! store error while judging) and never on the wording of a message. The
//! report shows each as its message.

use std::fmt;

use serde::{Serialize, Serializer};
use url::Url;

use super::fetch::FetchError;

/// The kind of page discovery reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// A listing page: a start URL, a next page, a templated page, an API page.
    Listing,
    /// A sitemap or a child sitemap of an index.
    Sitemap,
}

impl fmt::Display for PageKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PageKind::Listing => "listing page",
            PageKind::Sitemap => "sitemap",
        })
    }
}

/// A failure of one harvest run.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum HarvestError {
    /// The first listing page (or the sitemap) could not be fetched:
    /// nothing was discovered, the run fails.
    #[error("the first {kind} failed: {source}")]
    FirstPage {
        /// Listing page or sitemap.
        kind: PageKind,
        /// Why it could not be fetched (boxed: a `FetchError` is large).
        source: Box<FetchError>,
    },
    /// A later listing page (next page, templated page, API page) or a
    /// child sitemap could not be fetched: the projects it lists were not
    /// seen, so this run withdraws none of the projects it did not see.
    #[error("{kind} skipped: {source}")]
    PageSkipped {
        /// Listing page or sitemap.
        kind: PageKind,
        /// Why it could not be fetched (boxed: a `FetchError` is large).
        source: Box<FetchError>,
    },
    /// A page was fetched but is not what the mapping says it is (not
    /// JSON, not a sitemap): discovery stops and the run fails.
    #[error("{url} cannot be read as a {kind}: {reason}; check the mapping against the page")]
    Unreadable {
        /// Listing page or sitemap.
        kind: PageKind,
        /// The page.
        url: Url,
        /// What is wrong with it.
        reason: String,
    },
    /// The mapping cannot drive discovery (checked at load, so a bug if seen).
    #[error("the mapping cannot drive discovery: {0}")]
    Mapping(String),
    /// Discovery stopped at `discovery.max_pages` with pages left to read:
    /// the projects on them were not seen.
    #[error(
        "stopped at max_pages = {max}: {url} and what follows not read; raise discovery.max_pages if the partner has that many pages"
    )]
    PageCap {
        /// The cap.
        max: usize,
        /// The first page left unread.
        url: Url,
    },
    /// A detail page task panicked or was cancelled.
    #[error("a detail task failed: {0}")]
    DetailTask(String),
    /// The store could not say how many projects the partner publishes, so
    /// the run cannot be judged: it fails and the last good data stays.
    #[error(
        "cannot read the partner's published project count, so the run cannot be judged: {0}; the last good data is kept, retry once the store is healthy"
    )]
    Judging(String),
    /// The store refused the new set; the last good data stays.
    #[error("the store refused the new set: {0}; the last good data is kept")]
    Publishing(String),
    /// The failed run could not be recorded in the provenance graph.
    #[error("cannot record the failed harvest in the store: {0}")]
    Recording(String),
}

impl HarvestError {
    /// The run fails whatever its numbers: nothing trustworthy to publish.
    pub fn is_fatal(&self) -> bool {
        matches!(
            self,
            Self::FirstPage { .. }
                | Self::Unreadable { .. }
                | Self::Mapping(_)
                | Self::Judging(_)
                | Self::Publishing(_)
        )
    }

    /// Some of the partner's projects may have gone unseen because of it (a
    /// listing page not read, a detail task lost): projects this run did not
    /// see are then kept as they were, not counted as missed.
    pub fn leaves_projects_unseen(&self) -> bool {
        matches!(
            self,
            Self::FirstPage { .. }
                | Self::PageSkipped { .. }
                | Self::Unreadable { .. }
                | Self::Mapping(_)
                | Self::PageCap { .. }
                | Self::DetailTask(_)
        )
    }
}

/// In the JSON report, an error is its message.
impl Serialize for HarvestError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_decide_not_wordings() {
        let url = Url::parse("https://partner.example/projets?page=2").expect("URL");
        let gone = FetchError::Status {
            url: url.clone(),
            status: 404,
        };
        let skipped = HarvestError::PageSkipped {
            kind: PageKind::Listing,
            source: Box::new(gone.clone()),
        };
        assert!(!skipped.is_fatal());
        assert!(skipped.leaves_projects_unseen());
        let first = HarvestError::FirstPage {
            kind: PageKind::Sitemap,
            source: Box::new(gone),
        };
        assert!(first.is_fatal());
        assert!(first.to_string().starts_with("the first sitemap failed: "));
        let judging = HarvestError::Judging("storage error".into());
        assert!(judging.is_fatal() && !judging.leaves_projects_unseen());
        assert_eq!(
            serde_json::to_value(&skipped).expect("JSON"),
            serde_json::Value::String(skipped.to_string())
        );
    }
}
