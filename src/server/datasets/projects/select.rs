//! Which published projects match the filters, in a stable order.
//!
//! The order and what each filter matches are computed once per data
//! revision ([`crate::index::ProjectIndex`]): a request looks up the facets
//! its filters name, scans the ordered projects and keeps those that have
//! them all. Themes match their narrower themes, régions and départements
//! the territories they hold, `near` measures as `geof:distance` does.

use super::order::Order;
use super::params::{Filters, ParamError};
use crate::index::{Facet, IndexedProject, ProjectIndex, distance_metres};
use crate::record::{BaseIri, Kind};

pub use crate::index::{Choice, choices};

/// The published projects matching `filters`, in the day's fair order if
/// that is the order in effect, else by name (ignoring case and accents),
/// then name, then IRI; a filter naming a theme, stage, partner or
/// organisation we do not have is refused.
pub fn select<'a>(
    index: &'a ProjectIndex,
    base: &BaseIri,
    filters: &Filters,
) -> Result<Vec<&'a IndexedProject>, ParamError> {
    let matcher = Matcher::new(index, base, filters)?;
    let matches = |project: &&IndexedProject| matcher.matches(project);
    match (filters.order_in_effect(), filters.day) {
        (Order::Fair, Some(day)) => Ok(index
            .fair_order(base, day)
            .iter()
            .map(|&position| &index.projects[position as usize])
            .filter(matches)
            .collect()),
        _ => Ok(index.projects.iter().filter(matches).collect()),
    }
}

/// What one request's filters keep: the facets they name, looked up once,
/// and the map filters.
pub struct Matcher<'a> {
    wanted: Vec<Facet>,
    filters: &'a Filters,
}

impl<'a> Matcher<'a> {
    /// Looks the filters' facets up; a theme, stage, partner or
    /// organisation we do not have is refused.
    pub fn new(
        index: &ProjectIndex,
        base: &BaseIri,
        filters: &'a Filters,
    ) -> Result<Self, ParamError> {
        check_known(Kind::Theme, &index.themes, filters.theme.as_deref())?;
        check_known(Kind::Stage, &index.stages, filters.stage.as_deref())?;
        check_known(Kind::Partner, &index.partners, filters.partner.as_deref())?;
        let organisation = filters
            .organisation
            .as_deref()
            .map(|key| organisation(index, base, key))
            .transpose()?;
        let facet = |kind: Kind, code: &Option<String>| {
            code.as_deref()
                .map(|code| index.facet(base.id(kind, code).as_ref()))
        };
        let wanted: Vec<Facet> = [
            facet(Kind::Theme, &filters.theme),
            facet(Kind::Stage, &filters.stage),
            facet(Kind::Partner, &filters.partner),
            facet(Kind::Region, &filters.region),
            facet(Kind::Departement, &filters.departement),
            organisation,
        ]
        .into_iter()
        .flatten()
        .collect();
        Ok(Matcher { wanted, filters })
    }

    /// Whether `project` passes every filter.
    pub fn matches(&self, project: &IndexedProject) -> bool {
        self.wanted.iter().all(|f| project.has(*f)) && within(project, self.filters)
    }
}

/// Whether the project is inside the map filters (`near`, `bbox`).
fn within(project: &IndexedProject, filters: &Filters) -> bool {
    let near = filters.near.is_none_or(|near| {
        let centre = (near.longitude, near.latitude);
        let radius = near.radius_km * 1000.0;
        project
            .wkt_points
            .iter()
            .any(|point| distance_metres(*point, centre) <= radius)
    });
    let inside = filters.bbox.is_none_or(|b| {
        project
            .coordinates
            .iter()
            .any(|&(lon, lat)| lon >= b.west && lat >= b.south && lon <= b.east && lat <= b.north)
    });
    near && inside
}

/// Refuses a theme, stage or partner code the store does not know, listing
/// the codes it does.
fn check_known(kind: Kind, known: &[Choice], code: Option<&str>) -> Result<(), ParamError> {
    let Some(code) = code else {
        return Ok(());
    };
    if known.iter().any(|k| k.code == code) {
        return Ok(());
    }
    let parameter = kind.as_str();
    let codes: Vec<&str> = known.iter().map(|k| k.code.as_str()).collect();
    Err(ParamError::new(
        parameter,
        format!(
            "no {parameter} is called {code:?}; known: {}",
            codes.join(", ")
        ),
    ))
}

/// The facet of an organisation that carries a published project: a name
/// with a typo should not look like an empty result.
fn organisation(index: &ProjectIndex, base: &BaseIri, key: &str) -> Result<Facet, ParamError> {
    let iri = base.id(Kind::Organisation, key);
    if index.has_facet(iri.as_ref()) {
        return Ok(index.facet(iri.as_ref()));
    }
    Err(ParamError::new(
        "organisation",
        format!(
            "no organisation called {key:?} carries a published project; give its name as the \
             project pages write it, or its IRI (see /sparql to list them)"
        ),
    ))
}
