//! Where a project happens, as linked data can join on: the location text a
//! partner gave, resolved offline to the most specific French territory
//! (`territory::resolve`), with the territory's point when the page gave no
//! coordinates. An ambiguous or unknown text stays as text and is counted in
//! the harvest report; it is never guessed.

use serde::Serialize;

use crate::record::{Coordinates, Location, ProjectRecord, Territory, TerritoryLevel};
use crate::territory::{self, Hint, Precision};

/// Resolves `location` in place: its territory, and approximate coordinates
/// from the gazetteer when it has none of its own. `region`, the INSEE code
/// of the région a partner works in, settles homonyms the text leaves open.
pub fn resolve_location(location: &mut Location, region: Option<&str>) {
    let text = location_text(location);
    if text.is_empty() {
        return;
    }
    let hint = region.map_or_else(Hint::default, Hint::region);
    let resolution = territory::resolve(&text, hint);
    let (Some(precision), Some(code)) = (resolution.precision(), resolution.code()) else {
        return;
    };
    location.territory = Some(Territory {
        level: level(precision),
        code: code.to_owned(),
    });
    if location.coordinates.is_none() {
        location.coordinates = resolution.point().map(|point| Coordinates {
            latitude: point.latitude,
            longitude: point.longitude,
            approximate_to: Some(level(point.precision)),
        });
    }
}

/// Everything the page said about the place, most specific first, as one
/// text (the resolver reads postcodes, names and hints in any order).
pub fn location_text(location: &Location) -> String {
    let town = [&location.postal_code, &location.locality]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    [
        location.label.as_deref(),
        location.street_address.as_deref(),
        Some(town.as_str()),
        location.region.as_deref(),
    ]
    .into_iter()
    .flatten()
    .filter(|part| !part.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ")
}

fn level(precision: Precision) -> TerritoryLevel {
    match precision {
        Precision::Commune => TerritoryLevel::Commune,
        Precision::Departement => TerritoryLevel::Departement,
        Precision::Region => TerritoryLevel::Region,
    }
}

/// How a harvest's locations resolved, for its report.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlaceCounts {
    pub commune: usize,
    pub departement: usize,
    pub region: usize,
    /// Locations kept as text only.
    pub unresolved: usize,
    /// A few of those texts, to improve the mapping or the gazetteer.
    pub unresolved_examples: Vec<String>,
}

impl PlaceCounts {
    /// Counts the kept records' locations.
    pub fn of(records: &[ProjectRecord]) -> PlaceCounts {
        let mut counts = PlaceCounts::default();
        for location in records.iter().filter_map(|r| r.location.as_ref()) {
            match location.territory.as_ref().map(|t| t.level) {
                Some(TerritoryLevel::Commune) => counts.commune += 1,
                Some(TerritoryLevel::Departement) => counts.departement += 1,
                Some(TerritoryLevel::Region) => counts.region += 1,
                None => {
                    counts.unresolved += 1;
                    if counts.unresolved_examples.len() < 10 {
                        counts.unresolved_examples.push(location_text(location));
                    }
                }
            }
        }
        counts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_commune_label_gets_its_territory_and_an_approximate_point() {
        let mut location = Location {
            label: Some("Quartier des Minguettes, Vénissieux (69)".into()),
            ..Location::default()
        };
        resolve_location(&mut location, None);
        let territory = location.territory.expect("resolved");
        assert_eq!(
            (territory.level, territory.code.as_str()),
            (TerritoryLevel::Commune, "69259")
        );
        let point = location.coordinates.expect("a point");
        assert!(point.approximate_to.is_some());
        assert!((45.0..46.5).contains(&point.latitude), "{point:?}");
    }

    #[test]
    fn the_pages_own_coordinates_are_kept() {
        let mut location = Location {
            postal_code: Some("29200".into()),
            locality: Some("Brest".into()),
            coordinates: Some(Coordinates {
                latitude: 48.39,
                longitude: -4.49,
                approximate_to: None,
            }),
            ..Location::default()
        };
        resolve_location(&mut location, None);
        assert_eq!(location.territory.map(|t| t.code), Some("29019".into()));
        assert_eq!(location.coordinates.unwrap().latitude, 48.39);
    }

    #[test]
    fn the_partners_region_settles_a_homonym() {
        let valence = || Location {
            label: Some("Valence".into()),
            ..Location::default()
        };
        let mut alone = valence();
        resolve_location(&mut alone, None);
        assert_eq!(alone.territory, None, "Valence alone is ambiguous");
        let mut in_auvergne = valence();
        resolve_location(&mut in_auvergne, Some("84"));
        assert_eq!(in_auvergne.territory.map(|t| t.code), Some("26362".into()));
    }

    #[test]
    fn ambiguous_text_stays_text() {
        let mut location = Location {
            label: Some("Saint-Denis".into()),
            ..Location::default()
        };
        resolve_location(&mut location, None);
        assert_eq!(location.territory, None);
        assert_eq!(location.coordinates, None);
    }
}
