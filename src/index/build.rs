//! Reading the index from the store: four queries, streamed row by row.

use std::collections::HashMap;

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;

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

/// Every published project with its names (a project with several keeps
/// the first in the listing order).
const NAMES: &str = "SELECT ?project ?name WHERE {
  GRAPH ?record { ?project a schema:Project ; schema:name ?name } }";

/// What the filters match on, as `/api/projects` asked it project by
/// project: themes through `skos:broader*`, territories through
/// `schema:containedInPlace*`, the partner of the project's record.
const FACETS: &str = "SELECT ?project ?facet WHERE {
  GRAPH ?record { ?project a schema:Project }
  { GRAPH ?record { ?project dct:subject ?theme } ?theme skos:broader* ?facet }
  UNION { GRAPH ?record { ?project pair:hasStatus ?facet } }
  UNION { GRAPH ?record { ?project schema:parentOrganization ?facet } }
  UNION { ?record prov:wasAttributedTo ?facet }
  UNION { GRAPH ?record { ?project schema:location/schema:containedInPlace ?in }
          ?in schema:containedInPlace* ?facet } }";

/// The points `near` measures from.
const WKT_POINTS: &str = "SELECT ?project ?wkt WHERE {
  GRAPH ?record { ?project a schema:Project ;
                    schema:location/geo:hasGeometry/geo:asWKT ?wkt } }";

/// The coordinates `bbox` compares.
const COORDINATES: &str = "SELECT ?project ?lon ?lat WHERE {
  GRAPH ?record { ?project a schema:Project ; schema:location/schema:geo ?point .
                  ?point schema:latitude ?lat ; schema:longitude ?lon } }";

/// A project while the index is read.
#[derive(Default)]
struct Gathered {
    name: Option<(String, String)>,
    facets: Vec<u32>,
    wkt_points: Vec<(f64, f64)>,
    coordinates: Vec<(f64, f64)>,
}

impl ProjectIndex {
    /// Reads the index from `store` (at its current revision).
    pub fn build(store: &Store) -> Result<ProjectIndex, StoreError> {
        let revision = store.revision();
        let mut projects: HashMap<NamedNode, Gathered> = HashMap::new();
        each_row(store, NAMES, |row| {
            if let [Some(Term::NamedNode(project)), Some(Term::Literal(name))] = row {
                let name = name.value();
                let key = (slug(name), name.to_owned());
                let gathered = projects.entry(project.clone()).or_default();
                if gathered.name.as_ref().is_none_or(|kept| key < *kept) {
                    gathered.name = Some(key);
                }
            }
        })?;
        let mut facets: HashMap<NamedNode, u32> = HashMap::new();
        each_row(store, FACETS, |row| {
            if let [Some(Term::NamedNode(project)), Some(Term::NamedNode(facet))] = row {
                if let Some(gathered) = projects.get_mut(project) {
                    let next = facets.len() as u32;
                    let id = *facets.entry(facet.clone()).or_insert(next);
                    gathered.facets.push(id);
                }
            }
        })?;
        each_row(store, WKT_POINTS, |row| {
            if let [Some(Term::NamedNode(project)), Some(Term::Literal(wkt))] = row {
                if let (Some(gathered), Some(point)) =
                    (projects.get_mut(project), point(wkt.value()))
                {
                    gathered.wkt_points.push(point);
                }
            }
        })?;
        each_row(store, COORDINATES, |row| {
            if let [
                Some(Term::NamedNode(project)),
                Some(Term::Literal(lon)),
                Some(Term::Literal(lat)),
            ] = row
            {
                let parsed = (lon.value().parse::<f64>(), lat.value().parse::<f64>());
                if let (Some(gathered), (Ok(lon), Ok(lat))) = (projects.get_mut(project), parsed) {
                    gathered.coordinates.push((lon, lat));
                }
            }
        })?;
        Ok(ProjectIndex {
            revision,
            projects: in_order(projects),
            themes: choices(store, Kind::Theme)?,
            stages: choices(store, Kind::Stage)?,
            partners: choices(store, Kind::Partner)?,
            facets,
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
fn point(wkt: &str) -> Option<(f64, f64)> {
    let inside = wkt.trim().strip_prefix("POINT")?.trim();
    let inside = inside.strip_prefix('(')?.strip_suffix(')')?;
    let mut numbers = inside.split_whitespace().map(str::parse::<f64>);
    match (numbers.next(), numbers.next(), numbers.next()) {
        (Some(Ok(lon)), Some(Ok(lat)), None) => Some((lon, lat)),
        _ => None,
    }
}

/// Runs a query of ours and hands each row to `row`, without collecting them.
fn each_row(
    store: &Store,
    text: &'static str,
    mut row: impl FnMut(&[Option<Term>]),
) -> Result<(), StoreError> {
    let QueryResults::Solutions(solutions) = store.query(&Sparql::new(text))? else {
        return Err(StoreError::Query("expected a SELECT query".into()));
    };
    for solution in solutions {
        row(solution?.values());
    }
    Ok(())
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
