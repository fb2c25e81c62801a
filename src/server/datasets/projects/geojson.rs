//! `/api/projects?…&format=geojson`: every matching project that has a
//! position (all of them, not a page), as an RFC 7946 FeatureCollection,
//! what the clustered map (`/carte`) and GIS tools read.
//!
//! Each feature is a point (longitude, latitude) with the minimal facts a
//! popup shows: the project's name, its organisation, the partner that
//! lists it, its page here and the source page at the partner. Texts are
//! the scraped ones, as they are: the map builds its popups from text
//! nodes (`assets/carte.js`).

use serde_json::{Value, json};

use super::member;
use crate::index::IndexedProject;
use crate::store::{Store, StoreError};

/// The FeatureCollection of the `projects` that have coordinates.
pub fn collection(store: &Store, projects: &[&IndexedProject]) -> Result<Value, StoreError> {
    let mut features = Vec::new();
    for project in projects {
        let Some(&(longitude, latitude)) = project.coordinates.first() else {
            continue;
        };
        let member = member::member(store, &project.iri)?;
        features.push(json!({
            "type": "Feature",
            "id": project.iri.as_str(),
            "geometry": { "type": "Point", "coordinates": [longitude, latitude] },
            "properties": {
                "name": project.name,
                "organisation": text(&member["organisation"]["name"]),
                "partner": text(&member["record"]["attributedTo"]["name"]),
                "page": path(store, project.iri.as_str()),
                "source": text(&member["source"]),
            },
        }));
    }
    Ok(json!({ "type": "FeatureCollection", "features": features }))
}

/// The project's page as a path, so the map works whatever host served it.
fn path(store: &Store, iri: &str) -> String {
    iri.strip_prefix(store.base().as_str())
        .map_or_else(|| iri.to_owned(), |rest| format!("/{rest}"))
}

/// A string, or the `@value` of a value object (a name with a language).
fn text(value: &Value) -> Option<String> {
    value
        .as_str()
        .or_else(|| value["@value"].as_str())
        .or_else(|| value.as_array()?.first()?.as_str())
        .map(str::to_owned)
}
