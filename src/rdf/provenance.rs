//! The provenance graph: PROV-O statements about records, partners and
//! harvests, and the CC REL licence of every record. Kept out of the record
//! graphs so a record holds only what the partner published.

use oxigraph::model::vocab::{rdf, xsd};
use oxigraph::model::{Literal, NamedNode, Quad};

use super::Quads;
use super::vocab::{cc, cis, dct, foaf, prov, rdfs, schema};
use crate::record::{BaseIri, Harvest, Kind, Partner, ProjectRecord};

/// The name of the provenance graph, `{base}graph/provenance`.
pub fn provenance_graph(base: &BaseIri) -> NamedNode {
    base.graph("provenance")
}

/// What the provenance graph says about one record.
pub(super) fn record_quads(base: &BaseIri, record: &ProjectRecord, key: &str) -> Vec<Quad> {
    let mut out = Quads::new(provenance_graph(base));
    let entity = base.id(Kind::Record, key);
    let source = NamedNode::new_unchecked(record.source.as_str());
    let license = NamedNode::new_unchecked(record.provenance.license.as_str());
    let p = &record.provenance;
    out.add(&entity, rdf::TYPE, cis::RECORD);
    out.add(&entity, rdf::TYPE, prov::ENTITY);
    out.add(&entity, foaf::PRIMARY_TOPIC, base.id(Kind::Project, key));
    out.add(&entity, prov::WAS_DERIVED_FROM, source.as_ref());
    out.add(
        &entity,
        prov::WAS_GENERATED_BY,
        base.id(Kind::Harvest, &p.harvest),
    );
    out.add(&entity, prov::GENERATED_AT_TIME, date_time(&p.harvested_at));
    out.add(
        &entity,
        prov::WAS_ATTRIBUTED_TO,
        base.id(Kind::Partner, &p.partner),
    );
    out.add(&entity, cc::LICENSE, license.as_ref());
    out.add(&entity, dct::LICENSE, license.as_ref());
    // Relayed by another hub: credit the partner the facts come from, and
    // keep the chain (that hub's record, that hub as a second agent).
    let credited = p
        .relay
        .as_ref()
        .map_or(&p.partner_name, |r| &r.partner_name);
    out.add(
        &entity,
        cc::ATTRIBUTION_NAME,
        Literal::from(credited.as_str()),
    );
    out.add(&entity, cc::ATTRIBUTION_URL, source.as_ref());
    if let Some(relay) = &p.relay {
        let record = NamedNode::new_unchecked(relay.record.as_str());
        let partner = NamedNode::new_unchecked(relay.partner.as_str());
        out.add(&entity, prov::WAS_DERIVED_FROM, record.as_ref());
        out.add(&entity, prov::WAS_ATTRIBUTED_TO, partner.as_ref());
        out.add(&partner, rdf::TYPE, prov::ORGANIZATION);
        // Not a `cis:Partner`: it signed no charter with this hub.
        out.add(&partner, rdf::TYPE, schema::ORGANIZATION);
        out.add(
            &partner,
            schema::NAME,
            Literal::from(relay.partner_name.as_str()),
        );
    }
    out.into_quads()
}

/// A partner: a `prov:Organization` and the plan (its mapping) harvests follow.
pub fn partner_quads(base: &BaseIri, partner: &Partner) -> Vec<Quad> {
    let mut out = Quads::new(provenance_graph(base));
    let node = base.id(Kind::Partner, &partner.id);
    out.add(&node, rdf::TYPE, cis::PARTNER);
    out.add(&node, rdf::TYPE, prov::ORGANIZATION);
    out.add(&node, rdf::TYPE, schema::ORGANIZATION);
    out.add(&node, schema::NAME, Literal::from(partner.name.as_str()));
    out.add(
        &node,
        schema::URL,
        NamedNode::new_unchecked(partner.homepage.as_str()),
    );
    let license = NamedNode::new_unchecked(partner.license.as_str());
    out.add(&node, dct::LICENSE, license);
    if let Some(logo) = &partner.logo {
        out.add(&node, schema::LOGO, NamedNode::new_unchecked(logo.as_str()));
    }
    if let Some(contact) = &partner.contact {
        out.add(&node, schema::EMAIL, Literal::from(contact.as_str()));
    }
    if let Some(date) = partner.charter_signed {
        let date = Literal::new_typed_literal(date.format("%Y-%m-%d").to_string(), xsd::DATE);
        out.add(&node, cis::CHARTER_SIGNED_ON, date);
    }
    let plan = mapping_plan(base, &partner.id);
    out.add(&plan, rdf::TYPE, prov::PLAN);
    out.add(&plan, rdf::TYPE, cis::MAPPING);
    let label = format!("Mapping file of partner {}", partner.id);
    out.add(&plan, rdfs::LABEL, Literal::from(label));
    out.into_quads()
}

/// A harvest: a `prov:Activity` associated with the harvester, following the
/// partner's mapping as its plan.
pub fn harvest_quads(base: &BaseIri, harvest: &Harvest) -> Vec<Quad> {
    let mut out = Quads::new(provenance_graph(base));
    let activity = base.id(Kind::Harvest, &harvest.id);
    out.add(&activity, rdf::TYPE, cis::HARVEST);
    out.add(&activity, rdf::TYPE, prov::ACTIVITY);
    out.add(
        &activity,
        prov::STARTED_AT_TIME,
        date_time(&harvest.started_at),
    );
    out.add(&activity, prov::ENDED_AT_TIME, date_time(&harvest.ended_at));
    for page in &harvest.used {
        out.add(
            &activity,
            prov::USED,
            NamedNode::new_unchecked(page.as_str()),
        );
    }
    out.add(&activity, prov::WAS_ASSOCIATED_WITH, cis::HARVESTER);
    let association = base.part(Kind::Harvest, &harvest.id, "association");
    out.add(&activity, prov::QUALIFIED_ASSOCIATION, association.as_ref());
    out.add(&association, rdf::TYPE, prov::ASSOCIATION);
    out.add(&association, prov::AGENT, cis::HARVESTER);
    out.add(
        &association,
        prov::HAD_PLAN,
        mapping_plan(base, &harvest.partner),
    );
    out.into_quads()
}

/// A note on a harvest activity (`rdfs:comment`): why a run failed, so the
/// provenance graph tells every run, not only the published ones.
pub fn harvest_note(base: &BaseIri, harvest: &Harvest, text: &str) -> Quad {
    let activity = base.id(Kind::Harvest, &harvest.id);
    Quad::new(
        activity,
        rdfs::COMMENT,
        Literal::from(text),
        provenance_graph(base),
    )
}

/// The partner's mapping file as a `prov:Plan`: `{base}id/partner/{id}#mapping`.
pub fn mapping_plan(base: &BaseIri, partner: &str) -> NamedNode {
    base.part(Kind::Partner, partner, "mapping")
}

/// An `xsd:dateTime` literal.
pub fn date_time(at: &chrono::DateTime<chrono::Utc>) -> Literal {
    let lexical = at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true);
    Literal::new_typed_literal(lexical, xsd::DATE_TIME)
}
