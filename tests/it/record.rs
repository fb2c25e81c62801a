//! The typed record: validation, stable keys, IRIs.

use crate::common;

use carrefour::rdf;
use carrefour::record::{Kind, canonical_url, limits};
use common::*;

#[test]
fn example_record_is_valid() {
    example_record().validate().unwrap();
}

/// A way to break a record.
type Breakage = Box<dyn Fn(&mut carrefour::record::ProjectRecord)>;

#[test]
fn validation_names_the_field_at_fault() {
    let cases: Vec<(&str, Breakage)> = vec![
        ("name", Box::new(|r| r.name = "   ".into())),
        ("name", Box::new(|r| r.name = "x".repeat(limits::NAME + 1))),
        ("description", Box::new(|r| r.description = String::new())),
        (
            "description",
            Box::new(|r| r.description = " padded".into()),
        ),
        (
            "organisation.name",
            Box::new(|r| r.organisation.name = String::new()),
        ),
        (
            "keywords",
            Box::new(|r| r.keywords = vec!["tag".into(); limits::KEYWORDS + 1]),
        ),
        (
            "themes",
            Box::new(|r| r.themes = vec!["Pas Un Code".into()]),
        ),
        (
            "contact.email",
            Box::new(|r| r.contact.as_mut().unwrap().email = Some("nobody".into())),
        ),
        (
            "location.coordinates",
            Box::new(|r| {
                r.location
                    .as_mut()
                    .unwrap()
                    .coordinates
                    .as_mut()
                    .unwrap()
                    .latitude = 145.0
            }),
        ),
        (
            "source",
            Box::new(|r| r.source = url::Url::parse("https://ex.org/a?b=2&a=1").unwrap()),
        ),
        (
            "source",
            Box::new(|r| r.source = url::Url::parse("ftp://ex.org/a").unwrap()),
        ),
        (
            "provenance.partner",
            Box::new(|r| r.provenance.partner = "Bad Partner".into()),
        ),
        ("name", Box::new(|r| r.name = "a\u{0}b".into())),
    ];
    for (field, break_it) in cases {
        let mut record = example_record();
        break_it(&mut record);
        let error = record.validate().unwrap_err();
        assert_eq!(error.field, field, "{error}");
    }
}

#[test]
fn description_cap_counts_characters_not_bytes() {
    let mut record = example_record();
    record.description = "é".repeat(limits::DESCRIPTION);
    record.validate().unwrap();
}

#[test]
fn project_keys_do_not_depend_on_listing_order() {
    let partner = partner("demo");
    let harvest = harvest(&partner, 10);
    let records = records(&partner, &harvest, 20);
    let mut shuffled = records.clone();
    shuffled.reverse();
    shuffled.rotate_left(7);
    let iris = |records: &[carrefour::record::ProjectRecord]| {
        let mut iris: Vec<String> = records
            .iter()
            .map(|r| base().id(Kind::Project, &r.key()).to_string())
            .collect();
        iris.sort();
        iris
    };
    assert_eq!(iris(&records), iris(&shuffled));
    // And each IRI follows its own source page, whatever the position.
    for record in &shuffled {
        let twin = records.iter().find(|r| r.source == record.source).unwrap();
        assert_eq!(twin.key(), record.key());
    }
}

#[test]
fn project_keys_survive_url_spelling_and_reharvest() {
    let mut record = example_record();
    let key = record.key();
    record.source = url::Url::parse(&format!("{}#section", record.source)).unwrap();
    assert_eq!(record.key(), key, "fragment must not change the key");
    let mut later = example_record();
    later.provenance.harvest = "fondation-territoires-20270101t000000000z".into();
    later.provenance.harvested_at = at(23);
    later.description = "Une description mise à jour par le partenaire.".into();
    assert_eq!(later.key(), key, "a re-harvest keeps the key");
    let other = canonical_url("https://www.fondation-territoires.example/projets/autre").unwrap();
    assert_ne!(
        carrefour::record::project_key("fondation-territoires", &other),
        key
    );
}

#[test]
fn every_minted_iri_follows_the_pattern() {
    let record = example_record();
    let quads = rdf::record_quads(&base(), &record).unwrap();
    let minted: Vec<String> = quads
        .iter()
        .flat_map(|q| {
            [
                q.subject.to_string(),
                q.object.to_string(),
                q.graph_name.to_string(),
            ]
        })
        .filter(|t| t.starts_with(&format!("<{BASE}")))
        .collect();
    assert!(!minted.is_empty());
    for iri in minted {
        let iri = iri.trim_matches(['<', '>']);
        let ok = base().parse_id(iri).is_some() || iri.starts_with(&format!("{BASE}graph/"));
        assert!(ok, "{iri} does not follow {{base}}id/{{kind}}/{{key}}");
    }
}

#[test]
fn invalid_records_never_become_rdf() {
    let mut record = example_record();
    record.name = String::new();
    assert!(rdf::record_quads(&base(), &record).is_err());
}
