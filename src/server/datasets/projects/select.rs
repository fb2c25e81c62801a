//! Which published projects match the filters, in a stable order.
//!
//! One SPARQL query selects the matching projects with their names; the
//! ordering and the page cut are done here, so the order can ignore case
//! and accents (SPARQL's `ORDER BY` compares code points: "École" after
//! "Zoo"). Régions and départements go through the territory hierarchy
//! (`schema:containedInPlace`), distances through GeoSPARQL.

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::QueryResults;

use super::params::{Filters, ParamError};
use crate::record::{Kind, slug};
use crate::store::{Store, StoreError};

const PREFIXES: &str = "PREFIX schema: <http://schema.org/>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX pair: <http://virtual-assembly.org/ontologies/pair#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX cis: <https://w3id.org/carrefour/ns#>
PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX geof: <http://www.opengis.net/def/function/geosparql/>
PREFIX uom: <http://www.opengis.net/def/uom/OGC/1.0/>
";

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
    let Some(patterns) = patterns(store, filters)? else {
        return Ok(Vec::new());
    };
    let sparql = format!(
        "{PREFIXES}SELECT DISTINCT ?project ?name WHERE {{
           GRAPH ?record {{ ?project a schema:Project ; schema:name ?name . }}
           {patterns}
         }}"
    );
    let mut candidates: Vec<Candidate> = rows(store, &sparql)?
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

/// The graph patterns of the filters; `None` when a filter can match nothing.
fn patterns(store: &Store, filters: &Filters) -> Result<Option<String>, StoreError> {
    let base = store.base();
    let mut patterns = String::new();
    if let Some(theme) = &filters.theme {
        // A parent theme matches its narrower themes (skos:broader in the themes graph).
        let theme = base.id(Kind::Theme, theme);
        patterns.push_str(&format!(
            "GRAPH ?record {{ ?project dct:subject ?theme }} ?theme skos:broader* {theme} .\n"
        ));
    }
    if let Some(stage) = &filters.stage {
        let stage = base.id(Kind::Stage, stage);
        patterns.push_str(&format!(
            "GRAPH ?record {{ ?project pair:hasStatus {stage} }}\n"
        ));
    }
    if let Some(organisation) = &filters.organisation {
        let organisation = base.id(Kind::Organisation, organisation);
        patterns.push_str(&format!(
            "GRAPH ?record {{ ?project schema:parentOrganization {organisation} }}\n"
        ));
    }
    if let Some(partner) = &filters.partner {
        let partner = base.id(Kind::Partner, partner);
        patterns.push_str(&format!("?record prov:wasAttributedTo {partner} .\n"));
    }
    // Régions and départements through the territory each project's place
    // resolved to at harvest time (a commune, or the area itself).
    let areas = [
        (Kind::Region, &filters.region),
        (Kind::Departement, &filters.departement),
    ];
    for (i, (kind, code)) in areas.into_iter().enumerate() {
        if let Some(code) = code {
            let area = base.id(kind, code);
            patterns.push_str(&format!(
                "GRAPH ?record {{ ?project schema:location/schema:containedInPlace ?in{i} }}
                 ?in{i} schema:containedInPlace* {area} .\n"
            ));
        }
    }
    if let Some(near) = &filters.near {
        let (latitude, longitude, radius_km) = (near.latitude, near.longitude, near.radius_km);
        patterns.push_str(&format!(
            "GRAPH ?record {{ ?project schema:location/geo:hasGeometry/geo:asWKT ?wkt }}
             FILTER(geof:distance(?wkt, \"POINT({longitude} {latitude})\"^^geo:wktLiteral, uom:metre)
                    <= {})\n",
            radius_km * 1000.0
        ));
    }
    if let Some(b) = &filters.bbox {
        patterns.push_str(&format!(
            "GRAPH ?record {{ ?project schema:location/schema:geo ?point .
                              ?point schema:latitude ?lat ; schema:longitude ?lon }}
             FILTER(?lon >= {} && ?lat >= {} && ?lon <= {} && ?lat <= {})\n",
            b.west, b.south, b.east, b.north
        ));
    }
    Ok(Some(patterns))
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

/// The themes, stages or partners in the store, by label.
pub fn choices(store: &Store, kind: Kind) -> Result<Vec<Choice>, StoreError> {
    let base = store.base();
    let pattern = match kind {
        Kind::Partner => "?thing a cis:Partner ; schema:name ?label".to_owned(),
        // themes.ttl and stages.ttl call their schemes `scheme`.
        _ => format!(
            "?thing skos:inScheme {} ; skos:prefLabel ?label FILTER(LANG(?label) = \"fr\")",
            base.id(kind, "scheme")
        ),
    };
    let sparql = format!(
        "{PREFIXES}SELECT ?thing (MIN(?label) AS ?name) WHERE {{ {pattern} }} GROUP BY ?thing"
    );
    let mut choices: Vec<Choice> = rows(store, &sparql)?
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

/// Every solution of a SELECT, as rows of values in the order of its variables.
fn rows(store: &Store, sparql: &str) -> Result<Vec<Vec<Option<Term>>>, StoreError> {
    let QueryResults::Solutions(solutions) = store.query(sparql)? else {
        return Err(StoreError::Query("expected a SELECT query".into()));
    };
    solutions
        .map(|row| {
            row.map(|row| row.values().to_vec())
                .map_err(|e| StoreError::Query(e.to_string()))
        })
        .collect()
}
