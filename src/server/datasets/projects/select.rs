//! Which published projects match the filters, in a stable order.
//!
//! One SPARQL query selects the matching projects with their names; the
//! ordering and the page cut are done here, so the order can ignore case
//! and accents (SPARQL's `ORDER BY` compares code points: "École" after
//! "Zoo"). Régions and départements go through the territory hierarchy
//! (`schema:containedInPlace`), distances through GeoSPARQL.

use oxigraph::model::{LiteralRef, NamedNode, NamedNodeRef, Term};

use super::params::{Filters, ParamError};
use crate::record::{Kind, slug};
use crate::store::{Sparql, Store, StoreError};

/// A matching project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub iri: NamedNode,
    pub name: String,
}

/// Why a selection failed.
#[derive(Debug)]
pub enum SelectError {
    /// A filter names a theme, stage or partner we do not have.
    Param(ParamError),
    Store(StoreError),
}

impl From<StoreError> for SelectError {
    fn from(error: StoreError) -> Self {
        SelectError::Store(error)
    }
}

/// The published projects matching `filters`, ordered by name (ignoring
/// case and accents), then name, then IRI.
pub fn select(store: &Store, filters: &Filters) -> Result<Vec<Candidate>, SelectError> {
    check_known(store, Kind::Theme, filters.theme.as_deref())?;
    check_known(store, Kind::Stage, filters.stage.as_deref())?;
    check_known(store, Kind::Partner, filters.partner.as_deref())?;
    check_organisation(store, filters.organisation.as_deref())?;
    let mut sparql = Sparql::new(
        "SELECT DISTINCT ?project ?name WHERE {
           GRAPH ?record { ?project a schema:Project ; schema:name ?name . }\n",
    );
    patterns(store, filters, &mut sparql)?;
    sparql.push("}");
    let mut candidates: Vec<Candidate> = store
        .select_rows(&sparql)?
        .into_iter()
        .filter_map(|row| match row.as_slice() {
            [Some(Term::NamedNode(iri)), Some(Term::Literal(name))] => Some(Candidate {
                iri: iri.clone(),
                name: name.value().to_owned(),
            }),
            _ => None,
        })
        .collect();
    candidates.sort_by_cached_key(|c| (slug(&c.name), c.name.clone(), c.iri.clone()));
    candidates.dedup_by(|a, b| a.iri == b.iri);
    Ok(candidates)
}

/// Adds the graph patterns of the filters to `sparql`: every value goes in
/// as a term (see [`Sparql`]).
fn patterns(store: &Store, filters: &Filters, sparql: &mut Sparql) -> Result<(), StoreError> {
    let base = store.base();
    if let Some(theme) = &filters.theme {
        // A parent theme matches its narrower themes (skos:broader in the themes graph).
        sparql.push("GRAPH ?record { ?project dct:subject ?theme } ?theme skos:broader* ");
        sparql
            .iri(base.id(Kind::Theme, theme).as_ref())?
            .push(" .\n");
    }
    if let Some(stage) = &filters.stage {
        sparql.push("GRAPH ?record { ?project pair:hasStatus ");
        sparql
            .iri(base.id(Kind::Stage, stage).as_ref())?
            .push(" }\n");
    }
    if let Some(organisation) = &filters.organisation {
        sparql.push("GRAPH ?record { ?project schema:parentOrganization ");
        let organisation = base.id(Kind::Organisation, organisation);
        sparql.iri(organisation.as_ref())?.push(" }\n");
    }
    if let Some(partner) = &filters.partner {
        sparql.push("?record prov:wasAttributedTo ");
        sparql
            .iri(base.id(Kind::Partner, partner).as_ref())?
            .push(" .\n");
    }
    // Régions and départements through the territory each project's place
    // resolved to at harvest time (a commune, or the area itself).
    if let Some(region) = &filters.region {
        sparql.push(
            "GRAPH ?record { ?project schema:location/schema:containedInPlace ?inRegion }
             ?inRegion schema:containedInPlace* ",
        );
        sparql
            .iri(base.id(Kind::Region, region).as_ref())?
            .push(" .\n");
    }
    if let Some(departement) = &filters.departement {
        sparql.push(
            "GRAPH ?record { ?project schema:location/schema:containedInPlace ?inDepartement }
             ?inDepartement schema:containedInPlace* ",
        );
        let departement = base.id(Kind::Departement, departement);
        sparql.iri(departement.as_ref())?.push(" .\n");
    }
    if let Some(near) = &filters.near {
        // Numbers parsed and checked finite by `params`, written by Rust;
        // the point reaches the query as an escaped typed literal.
        let point = format!("POINT({} {})", near.longitude, near.latitude);
        let wkt = NamedNodeRef::new_unchecked("http://www.opengis.net/ont/geosparql#wktLiteral");
        sparql.push(
            "GRAPH ?record { ?project schema:location/geo:hasGeometry/geo:asWKT ?wkt }
             FILTER(geof:distance(?wkt, ",
        );
        sparql.literal(LiteralRef::new_typed_literal(&point, wkt));
        sparql.push(", uom:metre) <= ");
        sparql.double(near.radius_km * 1000.0)?.push(")\n");
    }
    if let Some(b) = &filters.bbox {
        sparql.push(
            "GRAPH ?record { ?project schema:location/schema:geo ?point .
                              ?point schema:latitude ?lat ; schema:longitude ?lon }
             FILTER(?lon >= ",
        );
        sparql.double(b.west)?.push(" && ?lat >= ");
        sparql.double(b.south)?.push(" && ?lon <= ");
        sparql.double(b.east)?.push(" && ?lat <= ");
        sparql.double(b.north)?.push(")\n");
    }
    Ok(())
}

/// A theme, stage or partner a filter can name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub code: String,
    /// Its French label (a partner's name).
    pub label: String,
}

/// Refuses a theme, stage or partner code the store does not know, listing
/// the codes it does.
fn check_known(store: &Store, kind: Kind, code: Option<&str>) -> Result<(), SelectError> {
    let Some(code) = code else {
        return Ok(());
    };
    let known = choices(store, kind)?;
    if known.iter().any(|k| k.code == code) {
        return Ok(());
    }
    let parameter = kind.as_str();
    let codes: Vec<&str> = known.iter().map(|k| k.code.as_str()).collect();
    Err(SelectError::Param(ParamError::new(
        parameter,
        format!(
            "no {parameter} is called {code:?}; known: {}",
            codes.join(", ")
        ),
    )))
}

/// Refuses an organisation that carries no published project: a name with
/// a typo should not look like an empty result.
fn check_organisation(store: &Store, key: Option<&str>) -> Result<(), SelectError> {
    let Some(key) = key else {
        return Ok(());
    };
    let organisation = store.base().id(Kind::Organisation, key);
    let mut sparql = Sparql::new("ASK { GRAPH ?record { ?project schema:parentOrganization ");
    sparql.iri(organisation.as_ref())?.push(" } }");
    if store.ask(&sparql)? {
        return Ok(());
    }
    Err(SelectError::Param(ParamError::new(
        "organisation",
        format!(
            "no organisation called {key:?} carries a published project; give its name as the \
             project pages write it, or its IRI (see /sparql to list them)"
        ),
    )))
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
