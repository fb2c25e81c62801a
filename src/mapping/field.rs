//! Field rules: where a value of a record is found on a page, and how it is
//! cleaned before it fills the record.

use serde::{Deserialize, Deserializer};

use super::compiled::{Css, JsonPath, Pattern, XPath};

/// The record field a rule fills.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, serde::Serialize,
)]
pub enum Target {
    #[serde(rename = "name")]
    Name,
    #[serde(rename = "description")]
    Description,
    #[serde(rename = "organisation.name")]
    OrganisationName,
    #[serde(rename = "organisation.url")]
    OrganisationUrl,
    #[serde(rename = "location.label")]
    LocationLabel,
    #[serde(rename = "location.street_address")]
    StreetAddress,
    #[serde(rename = "location.postal_code")]
    PostalCode,
    #[serde(rename = "location.locality")]
    Locality,
    #[serde(rename = "location.region")]
    Region,
    #[serde(rename = "location.latitude")]
    Latitude,
    #[serde(rename = "location.longitude")]
    Longitude,
    #[serde(rename = "contact.name")]
    ContactName,
    #[serde(rename = "contact.email")]
    ContactEmail,
    #[serde(rename = "contact.telephone")]
    ContactTelephone,
    #[serde(rename = "contact.url")]
    ContactUrl,
    #[serde(rename = "keywords")]
    Keywords,
    #[serde(rename = "stage")]
    Stage,
    /// The detail page's URL, when the listing gives it in a field (JSON APIs).
    #[serde(rename = "source")]
    Source,
}

impl Target {
    /// The name used in mapping files and reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Name => "name",
            Target::Description => "description",
            Target::OrganisationName => "organisation.name",
            Target::OrganisationUrl => "organisation.url",
            Target::LocationLabel => "location.label",
            Target::StreetAddress => "location.street_address",
            Target::PostalCode => "location.postal_code",
            Target::Locality => "location.locality",
            Target::Region => "location.region",
            Target::Latitude => "location.latitude",
            Target::Longitude => "location.longitude",
            Target::ContactName => "contact.name",
            Target::ContactEmail => "contact.email",
            Target::ContactTelephone => "contact.telephone",
            Target::ContactUrl => "contact.url",
            Target::Keywords => "keywords",
            Target::Stage => "stage",
            Target::Source => "source",
        }
    }

    /// Whether the field holds several values (every match is kept).
    pub fn is_list(self) -> bool {
        matches!(self, Target::Keywords)
    }
}

/// What to take from a matched element.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Extract {
    /// All the text inside, whitespace collapsed.
    #[default]
    Text,
    /// Only the element's own text nodes, not its children's.
    OwnText,
    /// The inner HTML reduced to text, `<br>` and block ends as line breaks.
    HtmlText,
    /// An attribute's value (`attr:href`), resolved against the page URL for
    /// `href` and `src`.
    Attribute(String),
}

impl<'de> Deserialize<'de> for Extract {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        match text.as_str() {
            "text" => Ok(Extract::Text),
            "own-text" => Ok(Extract::OwnText),
            "html-text" => Ok(Extract::HtmlText),
            other => match other.strip_prefix("attr:") {
                Some(name) if !name.is_empty() => Ok(Extract::Attribute(name.to_owned())),
                _ => Err(serde::de::Error::custom(format!(
                    "unknown extract {other:?}: use text, own-text, html-text or attr:NAME"
                ))),
            },
        }
    }
}

/// One step of the cleaning chain, applied in order to every value.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub enum Transform {
    /// Trim and collapse every run of whitespace to one space.
    Collapse,
    Trim,
    Lowercase,
    /// Keep the first capture group (or the whole match); no match drops the value.
    Regex(Pattern),
    /// Replace every match of `pattern` by `with` (`$1` refers to groups).
    Replace {
        pattern: Pattern,
        with: String,
    },
    /// Split one value into several on a separator.
    Split(String),
    /// Join all values into one with a separator.
    Join(String),
    /// Cut to at most N characters at a word boundary, adding "…".
    Truncate(usize),
    /// "14 mai 2019", "14/05/2019" → "2019-05-14".
    FrenchDate,
    /// Replace a value by the table's entry for it; values not in the table are dropped.
    Map(std::collections::BTreeMap<String, String>),
}

/// Where one record field is found, in order of preference: embedded
/// structured data, JSON paths, CSS selectors, XPaths, labels, then a
/// constant. The first source giving a non-empty value wins.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldRule {
    pub target: Target,
    /// Property path in the page's schema.org JSON-LD (`parentOrganization.name`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub jsonld: Vec<String>,
    /// Property path in the page's schema.org microdata (`address.addressLocality`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub microdata: Vec<String>,
    /// JSON paths, for JSON API partners (`structure.nom`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub json: Vec<JsonPath>,
    /// CSS selectors, tried in order.
    #[serde(default, deserialize_with = "one_or_many")]
    pub select: Vec<Css>,
    /// XPath 1.0 expressions, tried in order, evaluated relative to the
    /// listing item or the `within` element (`./following-sibling::tr[1]//p`);
    /// a node-set gives each node's value, a string, number or boolean is
    /// the value itself.
    #[serde(default, deserialize_with = "one_or_many")]
    pub xpath: Vec<XPath>,
    #[serde(default)]
    pub extract: Extract,
    /// Keep every element a selector or XPath matches, not only the first
    /// (then `join` them, for a description spread over several paragraphs).
    #[serde(default)]
    pub all: bool,
    /// Labels: the value is what follows "Label :" in a paragraph, list item
    /// or table row, the `<dd>` after a `<dt>Label</dt>`, the content under a
    /// heading, the next cell or element after one holding only the label,
    /// or the text after a `<strong>Label</strong>` (see `harvest::label`).
    #[serde(default, deserialize_with = "one_or_many")]
    pub label: Vec<String>,
    /// Where to look for labels and what XPaths are relative to (default:
    /// the listing item, or the whole page).
    #[serde(default)]
    pub within: Option<Css>,
    pub constant: Option<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub transforms: Vec<Transform>,
}

/// A string or an array of strings. Written by hand rather than with an
/// untagged enum so that an invalid selector or regex keeps its own message.
fn one_or_many<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct OneOrMany<T>(std::marker::PhantomData<T>);

    impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for OneOrMany<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string or an array of strings")
        }

        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Vec<T>, E> {
            let one = T::deserialize(serde::de::value::StrDeserializer::<E>::new(value))?;
            Ok(vec![one])
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut values = Vec::new();
            while let Some(value) = seq.next_element()? {
                values.push(value);
            }
            Ok(values)
        }
    }

    deserializer.deserialize_any(OneOrMany(std::marker::PhantomData))
}
