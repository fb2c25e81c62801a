//! The typed project record: the contract between harvesting and publishing.
//!
//! A [`ProjectRecord`] holds exactly the facts the partners' charter lets us
//! keep (name, carrying organisation, short description, location, a holder's
//! contact, themes, maturity stage) plus what we must say about where they come
//! from ([`Provenance`]). The harvester produces records; the [`rdf`](crate::rdf)
//! stage turns them into quads. Nothing else crosses that boundary.

mod iri;
mod key;
mod partner;
pub mod same;
mod themes;
mod validate;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

pub use iri::{BaseIri, Kind};
pub use key::{
    canonical_url, canonicalize, hex, is_valid_key, item_key, organisation_key, project_key, slug,
};
pub use partner::{DEFAULT_LICENSE, Harvest, Partner};
pub use themes::theme_codes;
pub use validate::{RecordError, limits};

/// One project as a partner page describes it, reduced to the charter's facts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectRecord {
    /// The partner page the facts come from: the link back, always present.
    /// Stored canonical (see [`canonical_url`]); for a project without a
    /// page of its own, the listing page it is on, with the `#id` of its item.
    pub source: Url,
    /// What tells a project without a page of its own from the partner's
    /// others (`item:` and the folded values of the mapping's key fields,
    /// or `anchor:` and its item's `id`); its key comes from this rather
    /// than from `source`, which may change with the listing's order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identity: Option<String>,
    /// Project name, in French.
    pub name: String,
    /// The organisation carrying the project.
    pub organisation: Organisation,
    /// A short presentation (capped at [`limits::DESCRIPTION`] characters).
    pub description: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
    /// A contact for the project's holder, as published by the partner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<Contact>,
    /// The partner's own tags, kept verbatim.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
    /// Codes of concepts of `ontology/themes.ttl` (`alimentation`, …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    pub provenance: Provenance,
}

/// The organisation carrying a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

/// Where a project happens. Every part is optional; `label` keeps the text the
/// partner gave ("Quartier des Minguettes, Vénissieux (69)").
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub street_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub coordinates: Option<Coordinates>,
    /// The most specific territory the location designates, resolved from
    /// the text at harvest time (never guessed: `None` when ambiguous).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub territory: Option<Territory>,
}

/// WGS 84 coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
    /// `None`: the partner's page gave the point. Otherwise the point is
    /// the gazetteer's for a territory of this level (a commune's point is
    /// not the project's address).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approximate_to: Option<TerritoryLevel>,
}

/// A French territory by its official code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Territory {
    pub level: TerritoryLevel,
    /// INSEE code: `69123` (commune), `69` (département), `84` (région).
    pub code: String,
}

/// The levels of French territories, from the most precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TerritoryLevel {
    Commune,
    Departement,
    Region,
}

impl TerritoryLevel {
    /// `commune`, `departement` or `region`.
    pub fn as_str(self) -> &'static str {
        match self {
            TerritoryLevel::Commune => "commune",
            TerritoryLevel::Departement => "departement",
            TerritoryLevel::Region => "region",
        }
    }

    /// The kind of IRI a territory of this level gets.
    pub fn kind(self) -> Kind {
        match self {
            TerritoryLevel::Commune => Kind::Commune,
            TerritoryLevel::Departement => Kind::Departement,
            TerritoryLevel::Region => Kind::Region,
        }
    }
}

/// A contact for a project's holder.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub telephone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
}

/// The four maturity stages of the charter (`ontology/stages.ttl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Stage {
    Lancement,
    Deploiement,
    ChangementEchelle,
    Acheve,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::Lancement,
        Stage::Deploiement,
        Stage::ChangementEchelle,
        Stage::Acheve,
    ];

    /// The concept's key in `ontology/stages.ttl`.
    pub fn code(self) -> &'static str {
        match self {
            Stage::Lancement => "lancement",
            Stage::Deploiement => "deploiement",
            Stage::ChangementEchelle => "changement-echelle",
            Stage::Acheve => "acheve",
        }
    }
}

/// Where a record comes from and under which licence it is republished.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The partner's id (its mapping file's `partner.id`).
    pub partner: String,
    /// The partner's name, credited as `cc:attributionName`.
    pub partner_name: String,
    /// The partner's declared licence for its content.
    pub license: Url,
    /// Id of the harvest that produced the record.
    pub harvest: String,
    pub harvested_at: DateTime<Utc>,
    /// For a record another hub published first: its record there and the
    /// partner it credits, so provenance survives the second hop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
}

/// Where a record harvested from another hub comes from: that hub's record
/// (`prov:wasDerivedFrom`) and the partner it attributes the facts to
/// (`prov:wasAttributedTo`, credited by name in `cc:attributionName`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relay {
    /// The record at the other hub (`https://hub.example/id/record/…`).
    pub record: Url,
    /// The original partner, as the other hub names it (its IRI there).
    pub partner: Url,
    /// The original partner's name.
    pub partner_name: String,
}

impl ProjectRecord {
    /// The stable key of this project (see [`project_key`] and [`item_key`]).
    pub fn key(&self) -> String {
        match &self.identity {
            Some(identity) => item_key(&self.provenance.partner, identity),
            None => project_key(&self.provenance.partner, &canonicalize(self.source.clone())),
        }
    }
}
