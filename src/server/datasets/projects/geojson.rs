//! `/api/projects?…&format=geojson`: every matching project that has a
//! position (all of them, not a page), as an RFC 7946 FeatureCollection,
//! what the clustered map (`/carte`) and GIS tools read.
//!
//! Each feature is a point (longitude, latitude) with the minimal facts a
//! popup shows: the project's name, its organisation, the partner that
//! lists it, its page here and the source page at the partner. Texts are
//! the scraped ones, as they are: the map builds its popups from text
//! nodes (`assets/carte.js`). The name, position and partner come from the
//! index; the organisation and source are three lookups in the project's
//! record graph (not a whole member: the map of 100 000 projects would
//! take a minute).

use oxigraph::model::{GraphNameRef, NamedNodeRef, Term};
use serde_json::{Value, json};

use crate::index::{Facet, IndexedProject, ProjectIndex};
use crate::rdf::vocab::schema;
use crate::record::Kind;
use crate::store::{Store, StoreError};

/// The FeatureCollection of the `projects` that have coordinates.
pub fn collection(
    store: &Store,
    index: &ProjectIndex,
    projects: &[&IndexedProject],
) -> Result<Value, StoreError> {
    let base = store.base();
    let partners: Vec<(Facet, &str)> = index
        .partners
        .iter()
        .map(|p| {
            (
                index.facet(base.id(Kind::Partner, &p.code).as_ref()),
                p.label.as_str(),
            )
        })
        .collect();
    let mut features = Vec::new();
    for project in projects {
        let Some(&(longitude, latitude)) = project.coordinates.first() else {
            continue;
        };
        let Some((Kind::Project, key)) = base.parse_id(project.iri.as_str()) else {
            continue;
        };
        let record = base.id(Kind::Record, key);
        let graph = GraphNameRef::NamedNode(record.as_ref());
        let partner = partners
            .iter()
            .find(|(facet, _)| project.has(*facet))
            .map(|(_, label)| *label);
        let organisation = object(
            store,
            project.iri.as_ref(),
            schema::PARENT_ORGANIZATION,
            graph,
        )?
        .and_then(|term| match term {
            Term::NamedNode(organisation) => Some(organisation),
            _ => None,
        })
        .map(|organisation| object(store, organisation.as_ref(), schema::NAME, graph))
        .transpose()?
        .flatten();
        let source = object(
            store,
            project.iri.as_ref(),
            schema::MAIN_ENTITY_OF_PAGE,
            graph,
        )?;
        features.push(json!({
            "type": "Feature",
            "id": project.iri.as_str(),
            "geometry": { "type": "Point", "coordinates": [longitude, latitude] },
            "properties": {
                "name": project.name,
                "organisation": organisation.as_ref().map(text),
                "partner": partner,
                "page": path(store, project.iri.as_str()),
                "source": source.as_ref().map(text),
            },
        }));
    }
    Ok(json!({ "type": "FeatureCollection", "features": features }))
}

/// The first object of `subject predicate ?o` in `graph`.
fn object(
    store: &Store,
    subject: NamedNodeRef<'_>,
    predicate: NamedNodeRef<'_>,
    graph: GraphNameRef<'_>,
) -> Result<Option<Term>, StoreError> {
    match store
        .quads(Some(subject.into()), Some(predicate), None, Some(graph))
        .next()
    {
        Some(quad) => Ok(Some(quad?.object)),
        None => Ok(None),
    }
}

/// A literal's text, or an IRI.
fn text(term: &Term) -> String {
    match term {
        Term::Literal(literal) => literal.value().to_owned(),
        Term::NamedNode(node) => node.as_str().to_owned(),
        other => other.to_string(),
    }
}

/// The project's page as a path, so the map works whatever host served it.
fn path(store: &Store, iri: &str) -> String {
    iri.strip_prefix(store.base().as_str())
        .map_or_else(|| iri.to_owned(), |rest| format!("/{rest}"))
}
