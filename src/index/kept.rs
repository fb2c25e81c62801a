//! The index kept beside an on-disk store (`DATA/derived/`, see
//! `store/derived.rs`): written after each build, read at the next start,
//! so a server answers `/api/projects` at once instead of reading the
//! whole store first (82 s at 100 000 projects). The store clears it at
//! every write, so a kept index always matches the data.

use std::borrow::Cow;
use std::collections::HashMap;

use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};

use super::{Choice, IndexedProject, ProjectIndex};
use crate::store::Store;

/// The file's name in `DATA/derived/` (the store adds its build's
/// fingerprint); the number changes with what an index means.
pub const KEPT_INDEX_FILE: &str = "project-index-v1.json";

/// The file's contents: written from the index it borrows (at 100 000
/// projects a copy would cost tens of megabytes at the end of a harvest
/// round), read back as owned values.
#[derive(Serialize, Deserialize)]
struct Kept<'a> {
    /// Facet IRIs, by their number.
    facets: Vec<Cow<'a, str>>,
    projects: Vec<KeptProject<'a>>,
    themes: Cow<'a, [Choice]>,
    stages: Cow<'a, [Choice]>,
    partners: Cow<'a, [Choice]>,
}

#[derive(Serialize, Deserialize)]
struct KeptProject<'a> {
    iri: Cow<'a, str>,
    name: Cow<'a, str>,
    facets: Cow<'a, [u32]>,
    wkt_points: Cow<'a, [(f64, f64)]>,
    coordinates: Cow<'a, [(f64, f64)]>,
}

impl ProjectIndex {
    /// Keeps this index beside the store, if the data has not changed
    /// since it was read.
    pub fn keep(&self, store: &Store) {
        let mut facets = vec![Cow::Borrowed(""); self.facets.len()];
        for (iri, id) in &self.facets {
            facets[*id as usize] = Cow::Borrowed(iri.as_str());
        }
        let kept = Kept {
            facets,
            projects: self.projects.iter().map(KeptProject::from).collect(),
            themes: Cow::Borrowed(&self.themes),
            stages: Cow::Borrowed(&self.stages),
            partners: Cow::Borrowed(&self.partners),
        };
        match serde_json::to_vec(&kept) {
            Ok(bytes) => store.keep_derived(KEPT_INDEX_FILE, self.revision, &bytes),
            Err(error) => tracing::warn!("cannot keep the project index: {error}"),
        }
    }

    /// The index kept beside the store, if one matches its data.
    pub(super) fn kept(store: &Store) -> Option<ProjectIndex> {
        let (revision, bytes) = store.derived(KEPT_INDEX_FILE)?;
        let kept: Kept = serde_json::from_slice(&bytes)
            .inspect_err(|error| tracing::warn!("ignoring the kept project index: {error}"))
            .ok()?;
        let facets: HashMap<NamedNode, u32> = kept
            .facets
            .into_iter()
            .enumerate()
            .map(|(id, iri)| {
                let iri = NamedNode::new(iri.into_owned()).ok()?;
                Some((iri, u32::try_from(id).ok()?))
            })
            .collect::<Option<_>>()?;
        let projects = kept
            .projects
            .into_iter()
            .map(|p| {
                Some(IndexedProject {
                    iri: NamedNode::new(p.iri.into_owned()).ok()?,
                    name: p.name.into_owned(),
                    facets: p.facets.into(),
                    wkt_points: p.wkt_points.into(),
                    coordinates: p.coordinates.into(),
                })
            })
            .collect::<Option<_>>()?;
        Some(ProjectIndex {
            revision,
            projects,
            themes: kept.themes.into_owned(),
            stages: kept.stages.into_owned(),
            partners: kept.partners.into_owned(),
            facets,
            fair: Default::default(),
            positions: Default::default(),
            shown: Default::default(),
            all_counts: Default::default(),
        })
    }
}

impl<'a> From<&'a IndexedProject> for KeptProject<'a> {
    fn from(project: &'a IndexedProject) -> KeptProject<'a> {
        KeptProject {
            iri: Cow::Borrowed(project.iri.as_str()),
            name: Cow::Borrowed(&project.name),
            facets: Cow::Borrowed(&project.facets),
            wkt_points: Cow::Borrowed(&project.wkt_points),
            coordinates: Cow::Borrowed(&project.coordinates),
        }
    }
}
