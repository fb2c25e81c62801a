//! French territories as linked data: `{base}id/commune/69123`,
//! `{base}id/departement/69`, `{base}id/region/84`, each a
//! `schema:AdministrativeArea` and an INSEE geo class, with its code
//! (`schema:identifier`, `igeo:codeINSEE`) to join other datasets on, its
//! parents (`schema:containedInPlace`), a point (`schema:geo` and
//! GeoSPARQL WKT, with `cis:precision` when the point is only its
//! département's) and, where the gazetteer has it, `owl:sameAs` Wikidata.
//! They live in the graph `{base}graph/territories`.

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, Quad};

use super::Quads;
use super::vocab::{cis, geo, igeo, schema};
use crate::record::{BaseIri, Kind, TerritoryLevel};
use crate::territory::{Gazetteer, Precision};

const OWL_SAME_AS: &str = "http://www.w3.org/2002/07/owl#sameAs";

/// The graph of territory descriptions, `{base}graph/territories`.
pub fn territories_graph(base: &BaseIri) -> NamedNode {
    base.graph("territories")
}

/// The IRI of a territory.
pub fn territory_iri(base: &BaseIri, level: TerritoryLevel, code: &str) -> NamedNode {
    base.id(level.kind(), code)
}

/// The description of a territory and of the territories containing it;
/// empty for a code the gazetteer does not know.
pub fn territory_quads(base: &BaseIri, level: TerritoryLevel, code: &str) -> Vec<Quad> {
    let mut out = Quads::new(territories_graph(base));
    let gazetteer = Gazetteer::get();
    let mut departement = None;
    if level == TerritoryLevel::Commune {
        let Some(commune) = gazetteer.commune(code) else {
            return Vec::new();
        };
        let node = base.id(Kind::Commune, commune.insee);
        let class = match commune.parent {
            Some(_) => igeo::ARRONDISSEMENT_MUNICIPAL,
            None => igeo::COMMUNE,
        };
        area(&mut out, &node, class, commune.name, commune.insee);
        for postcode in &commune.postcodes {
            out.add(&node, schema::POSTAL_CODE, Literal::from(*postcode));
        }
        if let Some(parent) = commune.parent {
            out.add(
                &node,
                schema::CONTAINED_IN_PLACE,
                base.id(Kind::Commune, parent),
            );
            out.quads
                .extend(territory_quads(base, TerritoryLevel::Commune, parent));
        }
        out.add(
            &node,
            schema::CONTAINED_IN_PLACE,
            base.id(Kind::Departement, commune.departement),
        );
        let approximate = (commune.precision != Precision::Commune).then_some("departement");
        point(
            &mut out,
            base,
            Kind::Commune,
            commune.insee,
            commune.latitude,
            commune.longitude,
            approximate,
        );
        departement = Some(commune.departement);
    }
    let departement = match level {
        TerritoryLevel::Departement => Some(code),
        _ => departement,
    };
    let mut region = (level == TerritoryLevel::Region).then_some(code);
    if let Some(d) = departement.and_then(|code| gazetteer.departement(code)) {
        let node = base.id(Kind::Departement, d.code);
        area(&mut out, &node, igeo::DEPARTEMENT, d.name, d.code);
        out.add(
            &node,
            schema::CONTAINED_IN_PLACE,
            base.id(Kind::Region, d.region),
        );
        if let Some(item) = d.wikidata {
            let wikidata =
                NamedNode::new_unchecked(format!("http://www.wikidata.org/entity/{item}"));
            out.add(
                &node,
                oxigraph::model::NamedNodeRef::new_unchecked(OWL_SAME_AS),
                wikidata,
            );
        }
        point(
            &mut out,
            base,
            Kind::Departement,
            d.code,
            d.latitude,
            d.longitude,
            None,
        );
        region = Some(d.region);
    }
    if let Some(r) = region.and_then(|code| gazetteer.region(code)) {
        let node = base.id(Kind::Region, r.code);
        area(&mut out, &node, igeo::REGION, r.name, r.code);
        point(
            &mut out,
            base,
            Kind::Region,
            r.code,
            r.latitude,
            r.longitude,
            None,
        );
    }
    out.into_quads()
}

/// The territory and those containing it, most specific first: a commune
/// (and, for an arrondissement, its commune), its département, its région.
pub fn with_ancestors(level: TerritoryLevel, code: &str) -> Vec<(TerritoryLevel, String)> {
    let gazetteer = Gazetteer::get();
    let mut chain = vec![(level, code.to_owned())];
    let mut departement = (level == TerritoryLevel::Departement).then(|| code.to_owned());
    if level == TerritoryLevel::Commune {
        if let Some(commune) = gazetteer.commune(code) {
            if let Some(parent) = commune.parent {
                chain.push((TerritoryLevel::Commune, parent.to_owned()));
            }
            chain.push((TerritoryLevel::Departement, commune.departement.to_owned()));
            departement = Some(commune.departement.to_owned());
        }
    }
    if let Some(d) = departement.and_then(|code| gazetteer.departement(&code)) {
        chain.push((TerritoryLevel::Region, d.region.to_owned()));
    }
    chain
}

/// Every département and région (a few thousand quads), loaded at start so
/// that each of them dereferences; communes are described as projects
/// reference them.
pub fn departements_and_regions(base: &BaseIri) -> Vec<Quad> {
    Gazetteer::get()
        .departements()
        .flat_map(|d| territory_quads(base, TerritoryLevel::Departement, d.code))
        .collect()
}

fn area(
    out: &mut Quads,
    node: &NamedNode,
    class: oxigraph::model::NamedNodeRef<'_>,
    name: &str,
    code: &str,
) {
    out.add(node, rdf::TYPE, schema::ADMINISTRATIVE_AREA);
    out.add(node, rdf::TYPE, class);
    out.add(
        node,
        schema::NAME,
        Literal::new_language_tagged_literal_unchecked(name, "fr"),
    );
    out.add(node, schema::IDENTIFIER, Literal::from(code));
    out.add(node, igeo::CODE_INSEE, Literal::from(code));
}

fn point(
    out: &mut Quads,
    base: &BaseIri,
    kind: Kind,
    code: &str,
    latitude: f64,
    longitude: f64,
    approximate_to: Option<&str>,
) {
    let node = base.id(kind, code);
    let coordinates = base.part(kind, code, "geo");
    out.add(&node, schema::GEO, coordinates.as_ref());
    out.add(&coordinates, rdf::TYPE, schema::GEO_COORDINATES);
    out.add(
        &coordinates,
        schema::LATITUDE,
        Literal::new_typed_literal(latitude.to_string(), xsd::DOUBLE),
    );
    out.add(
        &coordinates,
        schema::LONGITUDE,
        Literal::new_typed_literal(longitude.to_string(), xsd::DOUBLE),
    );
    if let Some(level) = approximate_to {
        out.add(&coordinates, cis::PRECISION, Literal::from(level));
    }
    let geometry = base.part(kind, code, "geometry");
    out.add(&node, rdf::TYPE, geo::FEATURE);
    out.add(&node, geo::HAS_GEOMETRY, geometry.as_ref());
    out.add(&geometry, rdf::TYPE, geo::GEOMETRY);
    let wkt = format!("POINT({longitude} {latitude})");
    out.add(
        &geometry,
        geo::AS_WKT,
        Literal::new_typed_literal(wkt, geo::WKT_LITERAL),
    );
}
