//! A record's own named graph: the project, its organisation, place and contact.

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, NamedNodeRef, Quad};

use super::Quads;
use super::vocab::{cis, dct, foaf, geo, pair, schema};
use crate::record::{BaseIri, Kind, Location, ProjectRecord, organisation_key};

/// The quads of the record graph `{base}id/record/{key}` describing `record`.
pub(super) fn project_quads(base: &BaseIri, record: &ProjectRecord, key: &str) -> Vec<Quad> {
    let mut out = Quads::new(base.id(Kind::Record, key));
    let project = base.id(Kind::Project, key);
    out.add(&project, rdf::TYPE, schema::PROJECT);
    out.add(&project, rdf::TYPE, pair::PROJECT);
    out.add(&project, schema::NAME, french(&record.name));
    out.add(&project, schema::DESCRIPTION, french(&record.description));
    out.add(
        &project,
        schema::MAIN_ENTITY_OF_PAGE,
        iri(record.source.as_str()),
    );
    out.add(
        &project,
        foaf::IS_PRIMARY_TOPIC_OF,
        base.id(Kind::Record, key),
    );

    let organisation = base.id(
        Kind::Organisation,
        &organisation_key(&record.organisation.name),
    );
    out.add(&project, schema::PARENT_ORGANIZATION, organisation.as_ref());
    out.add(&organisation, rdf::TYPE, schema::ORGANIZATION);
    out.add(
        &organisation,
        schema::NAME,
        Literal::from(record.organisation.name.as_str()),
    );
    if let Some(url) = &record.organisation.url {
        out.add(&organisation, schema::URL, iri(url.as_str()));
    }

    for keyword in &record.keywords {
        out.add(&project, schema::KEYWORDS, Literal::from(keyword.as_str()));
    }
    for theme in &record.themes {
        out.add(&project, dct::SUBJECT, base.id(Kind::Theme, theme));
    }
    if let Some(stage) = record.stage {
        out.add(
            &project,
            pair::HAS_STATUS,
            base.id(Kind::Stage, stage.code()),
        );
    }
    if let Some(location) = &record.location {
        let place = base.id(Kind::Place, key);
        out.add(&project, schema::LOCATION, place.as_ref());
        place_quads(&mut out, base, key, location);
    }
    if let Some(contact) = &record.contact {
        let node = base.part(Kind::Project, key, "contact");
        out.add(&project, schema::CONTACT_POINT_PROPERTY, node.as_ref());
        out.add(&node, rdf::TYPE, schema::CONTACT_POINT);
        out.add_text(&node, schema::NAME, &contact.name);
        out.add_text(&node, schema::EMAIL, &contact.email);
        out.add_text(&node, schema::TELEPHONE, &contact.telephone);
        if let Some(url) = &contact.url {
            out.add(&node, schema::URL, iri(url.as_str()));
        }
    }
    out.into_quads()
}

fn place_quads(out: &mut Quads, base: &BaseIri, key: &str, location: &Location) {
    let place = base.id(Kind::Place, key);
    out.add(&place, rdf::TYPE, schema::PLACE);
    if let Some(label) = &location.label {
        out.add(&place, schema::NAME, french(label));
    }
    let has_address = [
        &location.street_address,
        &location.postal_code,
        &location.locality,
        &location.region,
    ]
    .iter()
    .any(|part| part.is_some());
    if has_address {
        let address = base.part(Kind::Place, key, "address");
        out.add(&place, schema::ADDRESS, address.as_ref());
        out.add(&address, rdf::TYPE, schema::POSTAL_ADDRESS);
        out.add_text(&address, schema::STREET_ADDRESS, &location.street_address);
        out.add_text(&address, schema::POSTAL_CODE, &location.postal_code);
        out.add_text(&address, schema::ADDRESS_LOCALITY, &location.locality);
        out.add_text(&address, schema::ADDRESS_REGION, &location.region);
        out.add(&address, schema::ADDRESS_COUNTRY, Literal::from("FR"));
    }
    if let Some(territory) = &location.territory {
        // Every level, so a query joins on the commune, the département or
        // the région without a property path.
        for (level, code) in super::territory::with_ancestors(territory.level, &territory.code) {
            out.add(
                &place,
                schema::CONTAINED_IN_PLACE,
                base.id(level.kind(), &code),
            );
        }
    }
    if let Some(c) = location.coordinates {
        let coordinates = base.part(Kind::Place, key, "geo");
        out.add(&place, schema::GEO, coordinates.as_ref());
        out.add(&coordinates, rdf::TYPE, schema::GEO_COORDINATES);
        out.add(&coordinates, schema::LATITUDE, double(c.latitude));
        out.add(&coordinates, schema::LONGITUDE, double(c.longitude));
        if let Some(level) = c.approximate_to {
            // The gazetteer's point of a territory, not the project's address.
            out.add(&coordinates, cis::PRECISION, Literal::from(level.as_str()));
        }
        let geometry = base.part(Kind::Place, key, "geometry");
        out.add(&place, rdf::TYPE, geo::FEATURE);
        out.add(&place, geo::HAS_GEOMETRY, geometry.as_ref());
        out.add(&geometry, rdf::TYPE, geo::GEOMETRY);
        // WKT puts longitude first.
        let wkt = format!("POINT({} {})", c.longitude, c.latitude);
        out.add(
            &geometry,
            geo::AS_WKT,
            Literal::new_typed_literal(wkt, geo::WKT_LITERAL),
        );
    }
}

fn french(text: &str) -> Literal {
    Literal::new_language_tagged_literal_unchecked(text, "fr")
}

fn double(value: f64) -> Literal {
    Literal::new_typed_literal(value.to_string(), xsd::DOUBLE)
}

/// An IRI already checked by record validation.
fn iri(value: &str) -> NamedNode {
    NamedNode::new_unchecked(value)
}

impl Quads {
    fn add_text(
        &mut self,
        subject: &NamedNode,
        predicate: NamedNodeRef<'_>,
        value: &Option<String>,
    ) {
        if let Some(value) = value {
            self.add(subject, predicate, Literal::from(value.as_str()));
        }
    }
}
