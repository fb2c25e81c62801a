//! The index kept beside an on-disk store (`DATA/derived/`, see
//! `store/derived.rs`): written after each build, read at the next start,
//! so a server answers `/api/projects` at once instead of reading the
//! whole store first (82 s at 100 000 projects). The store clears it at
//! every write, so a kept index always matches the data.

use std::collections::HashMap;

use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};

use super::{Choice, IndexedProject, ProjectIndex};
use crate::store::Store;

/// The file's name in `DATA/derived/` (the store adds its build's
/// fingerprint); the number changes with what an index means.
pub const KEPT_INDEX_FILE: &str = "project-index-v1.json";

#[derive(Serialize, Deserialize)]
struct Kept {
    /// Facet IRIs, by their number.
    facets: Vec<String>,
    projects: Vec<KeptProject>,
    themes: Vec<Choice>,
    stages: Vec<Choice>,
    partners: Vec<Choice>,
}

#[derive(Serialize, Deserialize)]
struct KeptProject {
    iri: String,
    name: String,
    facets: Vec<u32>,
    wkt_points: Vec<(f64, f64)>,
    coordinates: Vec<(f64, f64)>,
}

impl ProjectIndex {
    /// Keeps this index beside the store, if the data has not changed
    /// since it was read.
    pub fn keep(&self, store: &Store) {
        let mut facets = vec![String::new(); self.facets.len()];
        for (iri, id) in &self.facets {
            facets[*id as usize] = iri.as_str().to_owned();
        }
        let kept = Kept {
            facets,
            projects: self.projects.iter().map(KeptProject::from).collect(),
            themes: self.themes.clone(),
            stages: self.stages.clone(),
            partners: self.partners.clone(),
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
            .map(|(id, iri)| Some((NamedNode::new(iri).ok()?, u32::try_from(id).ok()?)))
            .collect::<Option<_>>()?;
        let projects = kept
            .projects
            .into_iter()
            .map(|p| {
                Some(IndexedProject {
                    iri: NamedNode::new(p.iri).ok()?,
                    name: p.name,
                    facets: p.facets.into(),
                    wkt_points: p.wkt_points.into(),
                    coordinates: p.coordinates.into(),
                })
            })
            .collect::<Option<_>>()?;
        Some(ProjectIndex {
            revision,
            projects,
            themes: kept.themes,
            stages: kept.stages,
            partners: kept.partners,
            facets,
        })
    }
}

impl From<&IndexedProject> for KeptProject {
    fn from(project: &IndexedProject) -> KeptProject {
        KeptProject {
            iri: project.iri.as_str().to_owned(),
            name: project.name.clone(),
            facets: project.facets.to_vec(),
            wkt_points: project.wkt_points.to_vec(),
            coordinates: project.coordinates.to_vec(),
        }
    }
}
