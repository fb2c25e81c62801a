//! Reading the index from the store, or from the quads the dumps are
//! written from (through [`IndexReader`]), and putting it in the listing's
//! order.

use std::collections::HashMap;

use oxigraph::model::{NamedNode, Term};

use super::read::{IndexReader, Roots};
use super::{IndexedProject, ProjectIndex};
use crate::record::{Kind, slug};
use crate::store::{Sparql, Store, StoreError};

/// A theme, stage or partner a filter can name.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Choice {
    pub code: String,
    /// Its French label (a partner's name).
    pub label: String,
}

/// A project while the index is read.
#[derive(Default)]
pub(super) struct Gathered {
    /// Its least name, with its sort key.
    pub name: Option<(String, String)>,
    pub facets: Vec<u32>,
    /// Themes, places and records, whose facets are known at the end.
    pub roots: Roots,
    pub wkt_points: Vec<(f64, f64)>,
    pub coordinates: Vec<(f64, f64)>,
}

impl ProjectIndex {
    /// Reads the index from `store` (at its current revision): every quad
    /// decoded once, stopping if the handle's token is cancelled.
    pub fn build(store: &Store) -> Result<ProjectIndex, StoreError> {
        let revision = store.revision();
        let mut reader = ProjectIndex::reader(store);
        for quad in store.quads(None, None, None, None) {
            reader.read(&quad?);
        }
        reader.finish(store, revision)
    }

    /// A reader for the index of `store`'s data, to be shown every quad
    /// (see [`Store::write_dumps_seeing`]).
    pub fn reader(store: &Store) -> IndexReader {
        IndexReader::new(crate::rdf::provenance_graph(store.base()))
    }
}

impl IndexReader {
    /// The index of the quads read, the data of `store` at `revision`.
    pub fn finish(self, store: &Store, revision: u64) -> Result<ProjectIndex, StoreError> {
        let (projects, facets) = self.gathered();
        Ok(ProjectIndex {
            revision,
            projects: in_order(projects),
            themes: choices(store, Kind::Theme)?,
            stages: choices(store, Kind::Stage)?,
            partners: choices(store, Kind::Partner)?,
            facets,
            fair: Default::default(),
            positions: Default::default(),
            shown: Default::default(),
            all_counts: Default::default(),
        })
    }
}

/// The projects in the listing's stable order: name without case or
/// accents, then name, then IRI.
fn in_order(projects: HashMap<NamedNode, Gathered>) -> Vec<IndexedProject> {
    let mut ordered: Vec<((String, String), IndexedProject)> = projects
        .into_iter()
        .filter_map(|(iri, gathered)| {
            let (sort_key, name) = gathered.name?;
            let mut facets = gathered.facets;
            facets.sort_unstable();
            facets.dedup();
            let project = IndexedProject {
                iri,
                name: name.clone(),
                facets: facets.into(),
                wkt_points: gathered.wkt_points.into(),
                coordinates: gathered.coordinates.into(),
            };
            Some(((sort_key, name), project))
        })
        .collect();
    ordered.sort_unstable_by(|(a, pa), (b, pb)| a.cmp(b).then_with(|| pa.iri.cmp(&pb.iri)));
    ordered.into_iter().map(|(_, project)| project).collect()
}

/// `POINT(longitude latitude)`, as `rdf::project` writes it.
pub(super) fn point(wkt: &str) -> Option<(f64, f64)> {
    let inside = wkt.trim().strip_prefix("POINT")?.trim();
    let inside = inside.strip_prefix('(')?.strip_suffix(')')?;
    let mut numbers = inside.split_whitespace().map(str::parse::<f64>);
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(Ok(lon)), Some(Ok(lat)), None) => Some((lon, lat)),
        _ => None,
    }
}

/// The themes, stages or partners in the store, by label.
pub fn choices(store: &Store, kind: Kind) -> Result<Vec<Choice>, StoreError> {
    let base = store.base();
    let sparql = match kind {
        Kind::Partner => Sparql::new(
            "SELECT ?thing (MIN(?label) AS ?name) WHERE { ?thing a cis:Partner ; schema:name ?label } GROUP BY ?thing",
        ),
        // themes.ttl and stages.ttl call their schemes `scheme`.
        _ => {
            let mut sparql =
                Sparql::new("SELECT ?thing (MIN(?label) AS ?name) WHERE { ?thing skos:inScheme ");
            sparql
                .iri(base.id(kind, "scheme").as_ref())?
                .push(" ; skos:prefLabel ?label FILTER(LANG(?label) = \"fr\") } GROUP BY ?thing");
            sparql
        }
    };
    let mut choices: Vec<Choice> = store
        .select_rows(&sparql)?
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [Some(Term::NamedNode(iri)), Some(Term::Literal(label))] => {
                match base.parse_id(iri.as_str()) {
                    Some((found, key)) if found == kind && !iri.as_str().contains('#') => {
                        Some(Choice {
                            code: key.to_owned(),
                            label: label.value().to_owned(),
                        })
                    }
                    _ => None,
                }
            }
            _ => None,
        })
        .collect();
    // By label, as a reader looks for them ("Accès aux soins" before "Agriculture urbaine").
    choices.sort_by_cached_key(|c| (slug(&c.label), c.code.clone()));
    Ok(choices)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_read_as_written() {
        assert_eq!(point("POINT(4.8357 45.764)"), Some((4.8357, 45.764)));
        assert_eq!(point(" POINT (-1.5 47.2) "), Some((-1.5, 47.2)));
        assert_eq!(point("POINT(1)"), None);
        assert_eq!(point("LINESTRING(1 2, 3 4)"), None);
    }
}
