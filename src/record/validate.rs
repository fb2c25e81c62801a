//! What makes a record publishable: required facts present, text within the
//! charter's caps, IRIs well-formed. Scraped text is untrusted, so every cap
//! here is also a defence against a partner page gone wrong.

use oxigraph::model::NamedNode;
use url::Url;

use super::key::{canonicalize, is_valid_key};
use super::{Contact, Location, ProjectRecord};

/// Length caps, in characters.
pub mod limits {
    pub const NAME: usize = 200;
    /// The charter allows a *short* presentation.
    pub const DESCRIPTION: usize = 1000;
    pub const ORGANISATION: usize = 200;
    pub const KEYWORD: usize = 100;
    pub const KEYWORDS: usize = 30;
    pub const THEMES: usize = 12;
    /// Any other text field (address parts, contact fields).
    pub const SHORT_TEXT: usize = 300;
}

/// Why a record (or a partner, or a base IRI) cannot be published.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {reason}")]
pub struct RecordError {
    /// The field at fault, as written in the record (`organisation.name`).
    pub field: String,
    pub reason: String,
}

impl RecordError {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        RecordError {
            field: field.into(),
            reason: reason.into(),
        }
    }
}

impl ProjectRecord {
    /// Checks every rule of a publishable record; the first broken one is
    /// returned with the field it concerns.
    ///
    /// ```
    /// # use carrefour::record::*;
    /// # let mut record: ProjectRecord = serde_json::from_str(include_str!("../../tests/fixtures/record.json"))?;
    /// assert!(record.validate().is_ok());
    /// record.description = "x".repeat(limits::DESCRIPTION + 1);
    /// assert_eq!(record.validate().unwrap_err().field, "description");
    /// # Ok::<_, Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), RecordError> {
        check_url("source", &self.source)?;
        // A project without a page of its own links back to the listing
        // page it is on, with the `#id` of its item.
        let mut canonical = canonicalize(self.source.clone());
        if self.identity.is_some() {
            canonical.set_fragment(self.source.fragment());
        }
        if let Some(identity) = &self.identity {
            required_text("identity", identity, limits::SHORT_TEXT * 4)?;
        }
        if canonical != self.source {
            return Err(RecordError::invalid(
                "source",
                format!(
                    "{} is not canonical (use record::canonical_url)",
                    self.source
                ),
            ));
        }
        required_text("name", &self.name, limits::NAME)?;
        required_text("description", &self.description, limits::DESCRIPTION)?;
        required_text(
            "organisation.name",
            &self.organisation.name,
            limits::ORGANISATION,
        )?;
        if let Some(url) = &self.organisation.url {
            check_url("organisation.url", url)?;
        }
        if let Some(location) = &self.location {
            check_location(location)?;
        }
        if let Some(contact) = &self.contact {
            check_contact(contact)?;
        }
        check_list("keywords", &self.keywords, limits::KEYWORDS)?;
        for keyword in &self.keywords {
            required_text("keywords", keyword, limits::KEYWORD)?;
        }
        check_list("themes", &self.themes, limits::THEMES)?;
        for theme in &self.themes {
            if !is_valid_key(theme) {
                return Err(RecordError::invalid(
                    "themes",
                    format!("{theme:?} is not a theme code"),
                ));
            }
        }
        self.check_provenance()
    }

    fn check_provenance(&self) -> Result<(), RecordError> {
        let provenance = &self.provenance;
        if !is_valid_key(&provenance.partner) {
            return Err(RecordError::invalid(
                "provenance.partner",
                format!("{:?} is not a partner id", provenance.partner),
            ));
        }
        if !is_valid_key(&provenance.harvest) {
            return Err(RecordError::invalid(
                "provenance.harvest",
                format!("{:?} is not a harvest id", provenance.harvest),
            ));
        }
        required_text(
            "provenance.partner_name",
            &provenance.partner_name,
            limits::NAME,
        )?;
        if let Some(relay) = &provenance.relay {
            check_url("provenance.relay.record", &relay.record)?;
            check_url("provenance.relay.partner", &relay.partner)?;
            required_text(
                "provenance.relay.partner_name",
                &relay.partner_name,
                limits::NAME,
            )?;
        }
        check_url("provenance.license", &provenance.license)
    }
}

fn check_location(location: &Location) -> Result<(), RecordError> {
    let parts = [
        ("location.label", &location.label),
        ("location.street_address", &location.street_address),
        ("location.postal_code", &location.postal_code),
        ("location.locality", &location.locality),
        ("location.region", &location.region),
    ];
    for (field, value) in parts {
        optional_text(field, value, limits::SHORT_TEXT)?;
    }
    if let Some(c) = location.coordinates {
        let valid = (-90.0..=90.0).contains(&c.latitude) && (-180.0..=180.0).contains(&c.longitude);
        if !valid {
            return Err(RecordError::invalid(
                "location.coordinates",
                format!(
                    "({}, {}) is not a WGS 84 latitude/longitude",
                    c.latitude, c.longitude
                ),
            ));
        }
    }
    Ok(())
}

fn check_contact(contact: &Contact) -> Result<(), RecordError> {
    optional_text("contact.name", &contact.name, limits::SHORT_TEXT)?;
    optional_text("contact.email", &contact.email, limits::SHORT_TEXT)?;
    optional_text("contact.telephone", &contact.telephone, limits::SHORT_TEXT)?;
    if let Some(email) = &contact.email {
        let well_formed = email
            .split_once('@')
            .is_some_and(|(user, host)| !user.is_empty() && host.contains('.'))
            && !email.chars().any(char::is_whitespace);
        if !well_formed {
            return Err(RecordError::invalid(
                "contact.email",
                format!("{email:?} is not an e-mail address"),
            ));
        }
    }
    if let Some(url) = &contact.url {
        check_url("contact.url", url)?;
    }
    Ok(())
}

fn required_text(field: &str, value: &str, max: usize) -> Result<(), RecordError> {
    if value.trim().is_empty() {
        return Err(RecordError::invalid(field, "is required and empty"));
    }
    if value.trim() != value {
        return Err(RecordError::invalid(
            field,
            "has leading or trailing whitespace",
        ));
    }
    if value.chars().any(|c| c.is_control() && c != '\n') {
        return Err(RecordError::invalid(field, "contains control characters"));
    }
    let len = value.chars().count();
    if len > max {
        return Err(RecordError::invalid(
            field,
            format!("is {len} characters long, more than {max}"),
        ));
    }
    Ok(())
}

fn optional_text(field: &str, value: &Option<String>, max: usize) -> Result<(), RecordError> {
    match value {
        Some(value) => required_text(field, value, max),
        None => Ok(()),
    }
}

fn check_list(field: &str, values: &[String], max: usize) -> Result<(), RecordError> {
    if values.len() > max {
        return Err(RecordError::invalid(
            field,
            format!("has {} entries, more than {max}", values.len()),
        ));
    }
    Ok(())
}

/// An http(s) URL that is also a valid RDF IRI.
fn check_url(field: &str, url: &Url) -> Result<(), RecordError> {
    if !matches!(url.scheme(), "http" | "https") {
        return Err(RecordError::invalid(
            field,
            format!("{url} is not an http(s) URL"),
        ));
    }
    NamedNode::new(url.as_str())
        .map(|_| ())
        .map_err(|e| RecordError::invalid(field, format!("{url} is not a valid IRI: {e}")))
}
