//! What every listing request would otherwise recompute, computed once per
//! data revision: the published projects in their stable order, with what
//! the filters of `/api/projects` look at (themes with their broader
//! themes, stage, organisation, partner, the territories holding their
//! place, their coordinates), and the themes, stages and partners a filter
//! may name.
//!
//! Before, each request ran a SPARQL selection over the whole store and
//! sorted it (0.2–0.5 s at 18 000 projects); with the index, a request is a
//! scan of a vector and a slice. The index is read in one pass over the
//! quads, of the store ([`ProjectIndex::build`]) or those the dumps are
//! written from ([`ProjectIndex::reader`]), and answers exactly what the
//! SPARQL patterns in `read.rs` would (the tests compare them).
//!
//! A server keeps its index beside an on-disk store and reads it back at
//! the next start (`kept.rs`); a harvest round leaves one too
//! ([`ProjectIndex::prepare`]).
//!
//! Facets are interned: every IRI a filter can name (a theme, a stage, an
//! organisation, a partner, a territory) is a `u32`, and each project holds
//! the sorted set of its own, so 100 000 projects take tens of megabytes.

mod build;
mod fair;
mod kept;
mod read;
pub mod search;
mod search_kept;
pub mod text_search;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use geo::{Distance, Haversine, Point};
use oxigraph::model::{NamedNode, NamedNodeRef};

use crate::record::{BaseIri, Kind};
use crate::store::{Store, StoreError};

pub use build::{Choice, choices};
pub use kept::KEPT_INDEX_FILE;
pub use read::IndexReader;
pub use search::{LatestSearch, SearchError, SearchIndex};
pub use search_kept::KEPT_SEARCH_FILE;
pub use text_search::{SEARCH_FUNCTION, search_function};

/// The published projects and their facets at one data revision.
#[derive(Debug, Default)]
pub struct ProjectIndex {
    /// The store revision the index was read at.
    pub revision: u64,
    /// In the stable order: by name without case or accents, then name, then IRI.
    pub projects: Vec<IndexedProject>,
    /// The themes, stages and partners a filter may name, by label.
    pub themes: Vec<Choice>,
    pub stages: Vec<Choice>,
    pub partners: Vec<Choice>,
    facets: HashMap<NamedNode, u32>,
    /// The last fair order asked for, with its day (see `fair.rs`).
    fair: Mutex<Option<(chrono::NaiveDate, Arc<[u32]>)>>,
    /// Each project's position by IRI, made when a search first needs it.
    positions: std::sync::OnceLock<HashMap<Box<str>, u32>>,
    /// The facets a listing shows, and each facet's place among them.
    shown: std::sync::OnceLock<(Vec<ShownFacet>, Vec<u32>)>,
    /// The shown facets' counts over every project (no filter).
    all_counts: std::sync::OnceLock<Vec<u32>>,
}

/// A facet a listing shows: its id, what it is and its code.
#[derive(Debug, Clone)]
pub struct ShownFacet {
    pub id: u32,
    pub kind: Kind,
    pub code: Box<str>,
}

/// A published project, as the filters see it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedProject {
    pub iri: NamedNode,
    pub name: String,
    /// Interned IRIs of its themes (and their broader themes), stage,
    /// organisations, partners and territories, sorted.
    facets: Box<[u32]>,
    /// Its `geo:asWKT` points, as (longitude, latitude).
    pub wkt_points: Box<[(f64, f64)]>,
    /// Its `schema:geo` coordinates, as (longitude, latitude).
    pub coordinates: Box<[(f64, f64)]>,
}

/// A facet a filter asks for, looked up once per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Facet(Option<u32>);

impl ProjectIndex {
    /// The facet `iri` names; a facet no project has matches nothing.
    pub fn facet(&self, iri: NamedNodeRef<'_>) -> Facet {
        Facet(self.facets.get(&iri.into_owned()).copied())
    }

    /// Whether some project has `iri` as a facet (an organisation that
    /// carries a published project, say).
    pub fn has_facet(&self, iri: NamedNodeRef<'_>) -> bool {
        self.facet(iri).0.is_some()
    }

    /// Every IRI a filter matches `project` on (its themes and their
    /// broader themes, stage, organisations, partners, territories).
    /// How many of `projects` have each facet (a theme with its broader
    /// themes, a stage, an organisation, a partner, a territory).
    pub fn facet_counts(&self, projects: &[&IndexedProject]) -> Vec<(NamedNodeRef<'_>, usize)> {
        // Facet ids are dense: a vector counts faster than a map.
        let mut counts = vec![0usize; self.facets.len()];
        for project in projects {
            for id in project.facets.iter() {
                if let Some(count) = counts.get_mut(*id as usize) {
                    *count += 1;
                }
            }
        }
        self.facets
            .iter()
            .filter_map(|(iri, id)| {
                let count = *counts.get(*id as usize)?;
                (count > 0).then(|| (iri.as_ref(), count))
            })
            .collect()
    }

    /// How many of `projects` have each facet a listing shows, in the
    /// order of [`ProjectIndex::shown_facets`].
    pub fn count_shown(&self, base: &BaseIri, projects: &[&IndexedProject]) -> Vec<u32> {
        let (shown, slots) = self.shown(base);
        let count = || {
            let mut counts = vec![0u32; shown.len()];
            for project in projects {
                for id in project.facets.iter() {
                    if let Some(&slot) = slots.get(*id as usize)
                        && slot != u32::MAX
                    {
                        counts[slot as usize] += 1;
                    }
                }
            }
            counts
        };
        // Every project: the same counts for every unfiltered listing.
        if projects.len() == self.projects.len() {
            return self.all_counts.get_or_init(count).clone();
        }
        count()
    }

    /// The facets a listing shows: themes, stages, partners, régions and
    /// départements (not organisations: thousands, each on few projects).
    pub fn shown_facets(&self, base: &BaseIri) -> &[ShownFacet] {
        &self.shown(base).0
    }

    /// The shown facets, and for each facet id its place among them
    /// (`u32::MAX`: not shown), made once.
    fn shown(&self, base: &BaseIri) -> &(Vec<ShownFacet>, Vec<u32>) {
        self.shown.get_or_init(|| {
            let kinds = [
                Kind::Theme,
                Kind::Stage,
                Kind::Partner,
                Kind::Region,
                Kind::Departement,
            ];
            let shown: Vec<ShownFacet> = self
                .facets
                .iter()
                .filter_map(|(iri, id)| {
                    let (kind, code) = base.parse_id(iri.as_str())?;
                    kinds.contains(&kind).then(|| ShownFacet {
                        id: *id,
                        kind,
                        code: code.into(),
                    })
                })
                .collect();
            let mut slots = vec![u32::MAX; self.facets.len()];
            for (slot, facet) in shown.iter().enumerate() {
                slots[facet.id as usize] = slot as u32;
            }
            (shown, slots)
        })
    }

    /// The position in [`ProjectIndex::projects`] of the project `iri`.
    pub fn position(&self, iri: &str) -> Option<usize> {
        let positions = self.positions.get_or_init(|| {
            self.projects
                .iter()
                .enumerate()
                .map(|(position, p)| (p.iri.as_str().into(), position as u32))
                .collect()
        });
        positions.get(iri).map(|p| *p as usize)
    }

    pub fn facets_of(&self, project: &IndexedProject) -> Vec<NamedNodeRef<'_>> {
        self.facets
            .iter()
            .filter(|(_, id)| project.facets.binary_search(id).is_ok())
            .map(|(iri, _)| iri.as_ref())
            .collect()
    }
}

impl IndexedProject {
    /// Whether the project has `facet`.
    pub fn has(&self, facet: Facet) -> bool {
        facet
            .0
            .is_some_and(|id| self.facets.binary_search(&id).is_ok())
    }
}

/// The index of the store's current revision, built at most once per
/// revision however many requests ask at the same time.
#[derive(Debug, Default)]
pub struct LatestIndex {
    latest: Mutex<Option<Arc<ProjectIndex>>>,
    /// Held while building, so concurrent requests wait for one build.
    building: Mutex<()>,
}

impl LatestIndex {
    /// The index of `store`'s current revision, built now if needed.
    pub fn current(&self, store: &Store) -> Result<Arc<ProjectIndex>, StoreError> {
        if let Some(index) = self.at(store.revision()) {
            return Ok(index);
        }
        let _building = self.building.lock().unwrap_or_else(PoisonError::into_inner);
        // Another request may have built it while this one waited.
        if let Some(index) = self.at(store.revision()) {
            return Ok(index);
        }
        // The index a previous process kept beside the store, if it still
        // matches the data; else read from the store, and kept.
        let index = match ProjectIndex::kept(store) {
            Some(kept) if kept.revision == store.revision() => kept,
            _ => {
                let built = ProjectIndex::build(store)?;
                built.keep(store);
                built
            }
        };
        let index = Arc::new(index);
        *self.latest.lock().unwrap_or_else(PoisonError::into_inner) = Some(Arc::clone(&index));
        Ok(index)
    }

    /// For requests: the index of the current revision if there is one;
    /// else, while another thread builds it (the server's warm task after
    /// a harvest), the previous one, whole and consistent, at once,
    /// instead of holding a query slot until the build ends; else built now.
    pub fn prompt(&self, store: &Store) -> Result<Arc<ProjectIndex>, StoreError> {
        if let Some(index) = self.at(store.revision()) {
            return Ok(index);
        }
        let building = self.building.try_lock().is_err();
        let previous = self
            .latest
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        match previous {
            Some(previous) if building => Ok(previous),
            _ => self.current(store),
        }
    }

    fn at(&self, revision: u64) -> Option<Arc<ProjectIndex>> {
        let latest = self.latest.lock().unwrap_or_else(PoisonError::into_inner);
        latest
            .as_ref()
            .filter(|index| index.revision == revision)
            .cloned()
    }
}

/// Builds the project index and the search index of `store` again and
/// keeps them beside it (`carrefour reindex`): how many projects each holds.
pub fn reindex(store: &Store) -> Result<(usize, usize), SearchError> {
    let projects = ProjectIndex::build(store)?;
    projects.keep(store);
    let search = SearchIndex::build(store)?;
    search.keep(store);
    Ok((projects.projects.len(), search.len()))
}

/// The great-circle distance in metres between two (longitude, latitude)
/// points: geo's haversine on the mean Earth radius, the very function
/// `geof:distance` calls (spargeo), so `near` selects what the query did.
pub fn distance_metres(a: (f64, f64), b: (f64, f64)) -> f64 {
    Haversine.distance(Point::new(a.0, a.1), Point::new(b.0, b.1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_match_known_ones() {
        // Paris (Notre-Dame) to Lyon (Bellecour): 392 km as the crow flies.
        let paris = (2.3499, 48.8530);
        let lyon = (4.8320, 45.7578);
        let d = distance_metres(paris, lyon);
        assert!((d - 392_000.0).abs() < 2_000.0, "{d}");
        assert_eq!(distance_metres(lyon, lyon), 0.0);
    }

    #[test]
    fn a_facet_no_project_has_matches_nothing() {
        let index = ProjectIndex::default();
        let theme = NamedNode::new("http://localhost:7878/id/theme/sante").unwrap();
        let facet = index.facet(theme.as_ref());
        assert!(!index.has_facet(theme.as_ref()));
        let project = IndexedProject {
            iri: NamedNode::new("http://localhost:7878/id/project/p").unwrap(),
            name: "P".into(),
            facets: Box::new([0, 1]),
            wkt_points: Box::new([]),
            coordinates: Box::new([]),
        };
        assert!(!project.has(facet));
        assert!(project.has(Facet(Some(1))));
    }
}
