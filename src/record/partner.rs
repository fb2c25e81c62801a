//! Partners and harvests: who gave us the facts, and when we collected them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

use super::key::is_valid_key;
use super::validate::RecordError;

/// The licence assumed when a partner declares none: CC BY-SA 4.0.
pub const DEFAULT_LICENSE: &str = "http://creativecommons.org/licenses/by-sa/4.0/";

/// A partner of the charter, as its mapping file declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Partner {
    /// Short id, used in keys and IRIs: lowercase ASCII, digits, hyphens.
    pub id: String,
    pub name: String,
    pub homepage: Url,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<Url>,
    /// A contact address for the partner (e-mail).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<String>,
    /// The licence the partner declares for its content.
    #[serde(default = "default_license")]
    pub license: Url,
    /// When the partner signed the charter.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "date::deserialize"
    )]
    pub charter_signed: Option<NaiveDate>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    /// The INSEE code of the région the partner works in (`53`), if it works
    /// in one: it settles place names several communes share.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

fn default_license() -> Url {
    Url::parse(DEFAULT_LICENSE).expect("the default licence is a valid URL")
}

fn enabled_by_default() -> bool {
    true
}

impl Partner {
    /// Checks the fields a mapping file cannot check by its syntax alone.
    pub fn validate(&self) -> Result<(), RecordError> {
        let lowercase = !self.id.bytes().any(|b| b.is_ascii_uppercase());
        if !is_valid_key(&self.id) || !lowercase || self.id.len() > 40 {
            return Err(RecordError::invalid(
                "partner.id",
                format!(
                    "{:?} must be 1 to 40 lowercase ASCII letters, digits or inner hyphens",
                    self.id
                ),
            ));
        }
        if let Some(region) = &self.region {
            if crate::territory::Gazetteer::get().region(region).is_none() {
                return Err(RecordError::invalid(
                    "partner.region",
                    format!("{region:?} is not the INSEE code of a région (Bretagne is \"53\")"),
                ));
            }
        }
        if self.name.trim().is_empty() {
            return Err(RecordError::invalid("partner.name", "is empty"));
        }
        for (field, url) in [
            ("partner.homepage", Some(&self.homepage)),
            ("partner.logo", self.logo.as_ref()),
            ("partner.license", Some(&self.license)),
        ] {
            if let Some(url) = url {
                if !matches!(url.scheme(), "http" | "https") {
                    return Err(RecordError::invalid(field, format!("{url} is not http(s)")));
                }
            }
        }
        Ok(())
    }
}

/// One harvest of one partner: a `prov:Activity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Harvest {
    /// `{partner}-{start time}`, see [`Harvest::new`].
    pub id: String,
    pub partner: String,
    pub started_at: DateTime<Utc>,
    pub ended_at: DateTime<Utc>,
    /// The listing pages (or API documents) the harvest read.
    pub used: Vec<Url>,
}

impl Harvest {
    /// A harvest of `partner` started at `started_at`; its id is derived from
    /// both (to the millisecond), so it is unique per partner and readable.
    ///
    /// ```
    /// use carrefour::record::Harvest;
    /// use chrono::{TimeZone, Utc};
    ///
    /// let at = Utc.with_ymd_and_hms(2026, 11, 29, 23, 5, 12).unwrap();
    /// let harvest = Harvest::new("avise", at);
    /// assert_eq!(harvest.id, "avise-20261129t230512000z");
    /// ```
    pub fn new(partner: &str, started_at: DateTime<Utc>) -> Self {
        let stamp = started_at.format("%Y%m%dt%H%M%S%3fz").to_string();
        Harvest {
            id: format!("{partner}-{}", stamp.replace('.', "")),
            partner: partner.to_owned(),
            started_at,
            ended_at: started_at,
            used: Vec::new(),
        }
    }
}

/// Reads a date written as a string (`"2019-05-14"`, JSON) or as a native
/// date (`2019-05-14`, TOML, which hands it over as a one-entry map).
mod date {
    use std::fmt;

    use chrono::NaiveDate;
    use serde::de::{self, Deserializer, MapAccess, Visitor};

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        deserializer.deserialize_any(DateVisitor).map(Some)
    }

    struct DateVisitor;

    impl<'de> Visitor<'de> for DateVisitor {
        type Value = NaiveDate;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date such as 2019-05-14")
        }

        fn visit_str<E: de::Error>(self, value: &str) -> Result<NaiveDate, E> {
            NaiveDate::parse_from_str(value, "%Y-%m-%d")
                .map_err(|e| E::custom(format!("{value:?} is not a date such as 2019-05-14: {e}")))
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NaiveDate, A::Error> {
            match map.next_entry::<String, String>()? {
                Some((_, value)) => self.visit_str(&value),
                None => Err(de::Error::custom("expected a date such as 2019-05-14")),
            }
        }
    }
}
