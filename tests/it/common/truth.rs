//! The ground truth of the fixture sites (`expected.json`), and how a
//! harvested record differs from it, field by field.

use carrefour::harvest::truncate_words;
use carrefour::record::{ProjectRecord, limits};
use serde_json::Value;

/// A truth value as text (strings and numbers).
pub fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Field-by-field differences between a record and its truth.
pub fn differences(record: &ProjectRecord, truth: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let mut check = |field: &str, got: Option<String>, want: Option<String>| {
        if got != want {
            diffs.push(format!("{field}: got {got:?}, want {want:?}"));
        }
    };
    check("name", Some(record.name.clone()), text(&truth["name"]));
    let description = text(&truth["description"]).map(|d| truncate_words(&d, limits::DESCRIPTION));
    check("description", Some(record.description.clone()), description);
    check(
        "organisation.name",
        Some(record.organisation.name.clone()),
        text(&truth["organisation"]["name"]),
    );
    let organisation_url = record.organisation.url.as_ref().map(|u| u.to_string());
    check(
        "organisation.url",
        organisation_url,
        text(&truth["organisation"]["url"]),
    );
    let location = record.location.clone().unwrap_or_default();
    let place = &truth["location"];
    check(
        "location.label",
        location.label.clone(),
        text(&place["label"]),
    );
    check(
        "location.street_address",
        location.street_address.clone(),
        text(&place["street_address"]),
    );
    check(
        "location.postal_code",
        location.postal_code.clone(),
        text(&place["postal_code"]),
    );
    check(
        "location.locality",
        location.locality.clone(),
        text(&place["locality"]),
    );
    check(
        "location.region",
        location.region.clone(),
        text(&place["region"]),
    );
    // The page's own point; the gazetteer's approximate points are checked
    // with the territories below.
    let coordinates = location
        .coordinates
        .filter(|c| c.approximate_to.is_none())
        .map(|c| (c.latitude, c.longitude));
    let want = place["latitude"].as_f64().zip(place["longitude"].as_f64());
    check(
        "location.coordinates",
        coordinates.map(|c| format!("{c:?}")),
        want.map(|c| format!("{c:?}")),
    );
    let contact = record.contact.clone().unwrap_or_default();
    check(
        "contact.name",
        contact.name.clone(),
        text(&truth["contact"]["name"]),
    );
    check(
        "contact.email",
        contact.email.clone(),
        text(&truth["contact"]["email"]),
    );
    check(
        "contact.telephone",
        contact.telephone.clone(),
        text(&truth["contact"]["telephone"]),
    );
    let keywords: Vec<String> = truth["keywords"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(text)
        .collect();
    check(
        "keywords",
        Some(format!("{:?}", record.keywords)),
        Some(format!("{keywords:?}")),
    );
    check(
        "stage",
        record.stage.map(|s| s.code().to_owned()),
        text(&truth["stage"]),
    );
    diffs
}
