//! Minting IRIs: every thing Carrefour names lives at `{base}id/{kind}/{key}`.
//!
//! One pattern for every kind means the server can dereference all of them
//! the same way, and a store moved to another host keeps answering for its
//! IRIs by path.

use std::fmt;

use oxigraph::model::NamedNode;
use serde::{Deserialize, Serialize};

use super::RecordError;

/// The kinds of things Carrefour mints IRIs for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Project,
    Organisation,
    Partner,
    Place,
    Theme,
    Stage,
    Harvest,
    Record,
    Commune,
    Departement,
    Region,
}

impl Kind {
    /// Every kind, in the order of the pipeline.
    pub const ALL: [Kind; 11] = [
        Kind::Partner,
        Kind::Harvest,
        Kind::Record,
        Kind::Project,
        Kind::Organisation,
        Kind::Place,
        Kind::Theme,
        Kind::Stage,
        Kind::Commune,
        Kind::Departement,
        Kind::Region,
    ];

    /// The path segment of this kind (`project` in `/id/project/…`).
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Project => "project",
            Kind::Organisation => "organisation",
            Kind::Partner => "partner",
            Kind::Place => "place",
            Kind::Theme => "theme",
            Kind::Stage => "stage",
            Kind::Harvest => "harvest",
            Kind::Record => "record",
            Kind::Commune => "commune",
            Kind::Departement => "departement",
            Kind::Region => "region",
        }
    }

    /// Parses a path segment back into a kind.
    pub fn parse(segment: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == segment)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The base IRI of a deployment, such as `http://localhost:7878/`.
///
/// ```
/// use carrefour::record::{BaseIri, Kind};
///
/// let base = BaseIri::new("http://localhost:7878/")?;
/// assert_eq!(
///     base.id(Kind::Project, "demo-0123456789ab").as_str(),
///     "http://localhost:7878/id/project/demo-0123456789ab"
/// );
/// # Ok::<_, carrefour::record::RecordError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseIri(String);

impl BaseIri {
    /// Checks that `iri` is an absolute http(s) IRI ending with `/`.
    pub fn new(iri: &str) -> Result<Self, RecordError> {
        let invalid = |reason: &str| RecordError::invalid("base IRI", format!("{iri:?} {reason}"));
        let url = url::Url::parse(iri).map_err(|e| invalid(&format!("is not an IRI: {e}")))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(invalid("must start with http:// or https://"));
        }
        if !iri.ends_with('/') || url.query().is_some() || url.fragment().is_some() {
            return Err(invalid(
                "must end with '/' and have no query or fragment (e.g. http://localhost:7878/)",
            ));
        }
        Ok(BaseIri(url.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The IRI of the thing `{base}id/{kind}/{key}`.
    pub fn id(&self, kind: Kind, key: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}id/{kind}/{key}", self.0))
    }

    /// A fragment of a thing's IRI (`{base}id/{kind}/{key}#{fragment}`), for
    /// nodes that only exist as part of that thing (a contact point, a geometry).
    pub fn part(&self, kind: Kind, key: &str, fragment: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}id/{kind}/{key}#{fragment}", self.0))
    }

    /// The named graph `{base}graph/{name}` (provenance, ontology, themes…).
    pub fn graph(&self, name: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("{}graph/{name}", self.0))
    }

    /// Splits an IRI minted under this base back into kind and key.
    pub fn parse_id<'a>(&self, iri: &'a str) -> Option<(Kind, &'a str)> {
        let rest = iri.strip_prefix(&self.0)?.strip_prefix("id/")?;
        let (kind, key) = rest.split_once('/')?;
        let key = key.split('#').next()?;
        Some((Kind::parse(kind)?, key))
    }
}

impl fmt::Display for BaseIri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_must_end_with_slash() {
        assert!(BaseIri::new("http://localhost:7878").is_err());
        assert!(BaseIri::new("ftp://x/").is_err());
        assert!(BaseIri::new("https://carrefour.example/data/").is_ok());
    }

    #[test]
    fn ids_round_trip() {
        let base = BaseIri::new("http://localhost:7878/").unwrap();
        for kind in Kind::ALL {
            let iri = base.id(kind, "some-key");
            assert_eq!(base.parse_id(iri.as_str()), Some((kind, "some-key")));
        }
        let part = base.part(Kind::Project, "k", "contact");
        assert_eq!(base.parse_id(part.as_str()), Some((Kind::Project, "k")));
        assert_eq!(base.parse_id("http://elsewhere/id/project/k"), None);
    }
}
