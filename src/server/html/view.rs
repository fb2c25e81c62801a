//! From triples to what a page shows: labelled links, literal values, and a
//! project's facts. Everything here is data; escaping is the templates' job
//! (Askama escapes every `{{ }}` in HTML templates).

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};

use crate::rdf::vocab::{cc, cis, dct, foaf, owl, pair, prov, schema};
use crate::record::BaseIri;
use crate::server::linked_data::PREFIXES;

const SKOS_PREF_LABEL: &str = "http://www.w3.org/2004/02/skos/core#prefLabel";
const RDFS_LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";

/// A link with a human label.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    pub href: String,
    pub label: String,
}

/// The object of a statement as shown.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Link(Link),
    Text { text: String, note: Option<String> },
}

/// One row of a statements table.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    pub subject: Link,
    pub predicate: Link,
    pub value: Value,
}

/// Reads labels and values out of a description's triples.
pub struct Triples<'a> {
    pub base: &'a BaseIri,
    pub triples: &'a [Triple],
}

impl<'a> Triples<'a> {
    /// The objects of `subject predicate ?o`.
    pub fn objects(&self, subject: &str, predicate: &str) -> Vec<&'a Term> {
        self.triples
            .iter()
            .filter(|t| subject_is(&t.subject, subject) && t.predicate.as_str() == predicate)
            .map(|t| &t.object)
            .collect()
    }

    /// The first literal value of `subject predicate ?o`, French first.
    pub fn text(&self, subject: &str, predicate: &str) -> Option<String> {
        let objects = self.objects(subject, predicate);
        let french = objects.iter().find_map(|o| match o {
            Term::Literal(l) if l.language() == Some("fr") => Some(l.value().to_owned()),
            _ => None,
        });
        french.or_else(|| {
            objects.iter().find_map(|o| match o {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
        })
    }

    /// The first IRI of `subject predicate ?o`.
    pub fn iri(&self, subject: &str, predicate: &str) -> Option<&'a NamedNode> {
        self.objects(subject, predicate)
            .into_iter()
            .find_map(|o| match o {
                Term::NamedNode(n) => Some(n),
                _ => None,
            })
    }

    /// A human label for `iri`: its name or preferred label, else a short form.
    pub fn label(&self, iri: &str) -> String {
        [schema::NAME.as_str(), SKOS_PREF_LABEL, RDFS_LABEL]
            .iter()
            .find_map(|p| self.text(iri, p))
            .or_else(|| {
                // A record reads as the project it is about.
                let topic = self.iri(iri, foaf::PRIMARY_TOPIC.as_str())?;
                let name = self.text(topic.as_str(), schema::NAME.as_str())?;
                Some(format!("Fiche de « {name} »"))
            })
            .unwrap_or_else(|| match iri.strip_prefix(self.base.as_str()) {
                // Our own IRIs read better as paths: `/id/project/…#contact`.
                Some(path) => format!("/{path}"),
                None => short(iri),
            })
    }

    /// A link to `iri`: a local path for our own IRIs (so the pages work
    /// whatever host serves them), the IRI itself otherwise.
    pub fn link(&self, iri: &str) -> Link {
        Link {
            href: self.href(iri),
            label: self.label(iri),
        }
    }

    pub fn href(&self, iri: &str) -> String {
        match iri.strip_prefix(self.base.as_str()) {
            Some(path) => format!("/{path}"),
            None => iri.to_owned(),
        }
    }

    /// The statements whose subject satisfies `keep`, as table rows.
    pub fn statements(&self, keep: impl Fn(&NamedOrBlankNode) -> bool) -> Vec<Statement> {
        self.triples
            .iter()
            .filter(|t| keep(&t.subject))
            .map(|t| Statement {
                subject: self.subject_link(&t.subject),
                predicate: Link {
                    href: t.predicate.as_str().to_owned(),
                    label: short(t.predicate.as_str()),
                },
                value: self.value(&t.object),
            })
            .collect()
    }

    fn subject_link(&self, subject: &NamedOrBlankNode) -> Link {
        match subject {
            NamedOrBlankNode::NamedNode(n) => self.link(n.as_str()),
            NamedOrBlankNode::BlankNode(b) => Link {
                href: String::new(),
                label: format!("_:{}", b.as_str()),
            },
        }
    }

    fn value(&self, object: &Term) -> Value {
        match object {
            Term::NamedNode(n) => Value::Link(self.link(n.as_str())),
            Term::Literal(l) => Value::Text {
                text: l.value().to_owned(),
                note: l.language().map(str::to_owned).or_else(|| {
                    let datatype = l.datatype().as_str();
                    (datatype != "http://www.w3.org/2001/XMLSchema#string").then(|| short(datatype))
                }),
            },
            other => Value::Text {
                text: other.to_string(),
                note: None,
            },
        }
    }
}

fn subject_is(subject: &NamedOrBlankNode, iri: &str) -> bool {
    matches!(subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == iri)
}

/// `schema:name` for IRIs in a known namespace, the IRI otherwise.
pub fn short(iri: &str) -> String {
    PREFIXES
        .iter()
        .find_map(|(prefix, namespace)| {
            iri.strip_prefix(namespace)
                .filter(|local| !local.is_empty() && !local.contains(['/', '#']))
                .map(|local| format!("{prefix}:{local}"))
        })
        .unwrap_or_else(|| iri.to_owned())
}

/// What a project page shows above its statements.
#[derive(Debug, Clone, Default)]
pub struct ProjectFacts {
    pub name: String,
    pub description: Option<String>,
    pub source: Option<String>,
    pub organisation: Option<Link>,
    pub organisation_site: Option<String>,
    pub place: Option<PlaceFacts>,
    pub contact: Option<ContactFacts>,
    pub themes: Vec<Link>,
    pub stage: Option<Link>,
    pub keywords: Vec<String>,
    pub credit: Option<Credit>,
    /// The same project as other partners list it (`owl:sameAs`).
    pub also_listed: Vec<OtherListing>,
}

/// Another partner's listing of the same project.
#[derive(Debug, Clone)]
pub struct OtherListing {
    /// Who lists it (its record's credit).
    pub partner: String,
    /// Its page there: the link back.
    pub source: Option<String>,
    /// Its description on this hub.
    pub project: Link,
}

#[derive(Debug, Clone, Default)]
pub struct PlaceFacts {
    pub label: Option<String>,
    pub address: Vec<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// `commune` (or `departement`…) when the point is the territory's, not the address.
    pub approximate_to: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct ContactFacts {
    pub name: Option<String>,
    pub email: Option<String>,
    pub telephone: Option<String>,
    pub url: Option<String>,
}

/// Who we have the project from, under which licence, since when.
#[derive(Debug, Clone)]
pub struct Credit {
    pub partner: Link,
    pub partner_site: Option<String>,
    pub logo: Option<String>,
    pub license: Option<Link>,
    pub harvested_at: Option<String>,
    pub record: Link,
}

impl Triples<'_> {
    /// The facts of project `iri`.
    pub fn project(&self, iri: &str) -> ProjectFacts {
        let organisation = self.iri(iri, schema::PARENT_ORGANIZATION.as_str());
        let place = self.iri(iri, schema::LOCATION.as_str());
        let contact = self.iri(iri, schema::CONTACT_POINT_PROPERTY.as_str());
        let mut themes: Vec<Link> = self
            .objects(iri, dct::SUBJECT.as_str())
            .into_iter()
            .filter_map(|o| match o {
                Term::NamedNode(n) => Some(self.link(n.as_str())),
                _ => None,
            })
            .collect();
        themes.sort_by(|a, b| a.label.cmp(&b.label));
        let mut keywords: Vec<String> = self
            .objects(iri, schema::KEYWORDS.as_str())
            .into_iter()
            .filter_map(|o| match o {
                Term::Literal(l) => Some(l.value().to_owned()),
                _ => None,
            })
            .collect();
        keywords.sort();
        ProjectFacts {
            name: self.label(iri),
            description: self.text(iri, schema::DESCRIPTION.as_str()),
            source: self
                .iri(iri, schema::MAIN_ENTITY_OF_PAGE.as_str())
                .map(|n| n.as_str().to_owned()),
            organisation: organisation.map(|o| self.link(o.as_str())),
            organisation_site: organisation
                .and_then(|o| self.iri(o.as_str(), schema::URL.as_str()))
                .map(|n| n.as_str().to_owned()),
            place: place.map(|p| self.place(p.as_str())),
            contact: contact.map(|c| self.contact(c.as_str())),
            themes,
            stage: self
                .iri(iri, pair::HAS_STATUS.as_str())
                .map(|s| self.link(s.as_str())),
            keywords,
            credit: self
                .iri(iri, foaf::IS_PRIMARY_TOPIC_OF.as_str())
                .and_then(|record| self.credit(record.as_str())),
            also_listed: self.other_listings(iri),
        }
    }

    /// The other listings of project `iri`, by partner.
    fn other_listings(&self, iri: &str) -> Vec<OtherListing> {
        let mut listings: Vec<OtherListing> = self
            .objects(iri, owl::SAME_AS.as_str())
            .into_iter()
            .filter_map(|other| match other {
                Term::NamedNode(other) => Some(other.as_str()),
                _ => None,
            })
            .map(|other| OtherListing {
                partner: self
                    .iri(other, foaf::IS_PRIMARY_TOPIC_OF.as_str())
                    .and_then(|r| self.text(r.as_str(), cc::ATTRIBUTION_NAME.as_str()))
                    .unwrap_or_else(|| "un autre partenaire".to_owned()),
                source: self
                    .iri(other, schema::MAIN_ENTITY_OF_PAGE.as_str())
                    .map(|n| n.as_str().to_owned()),
                project: self.link(other),
            })
            .collect();
        listings.sort_by(|a, b| a.partner.cmp(&b.partner));
        listings
    }

    fn place(&self, iri: &str) -> PlaceFacts {
        let address = self.iri(iri, schema::ADDRESS.as_str());
        let line = |p: oxigraph::model::NamedNodeRef<'_>| {
            address.and_then(|a| self.text(a.as_str(), p.as_str()))
        };
        let town = [line(schema::POSTAL_CODE), line(schema::ADDRESS_LOCALITY)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ");
        let geo = self.iri(iri, schema::GEO.as_str());
        let number = |p: oxigraph::model::NamedNodeRef<'_>| {
            geo.and_then(|g| self.text(g.as_str(), p.as_str()))
                .and_then(|v| v.parse::<f64>().ok())
        };
        PlaceFacts {
            label: self.text(iri, schema::NAME.as_str()),
            address: [
                line(schema::STREET_ADDRESS),
                Some(town),
                line(schema::ADDRESS_REGION),
            ]
            .into_iter()
            .flatten()
            .filter(|l| !l.is_empty())
            .collect(),
            latitude: number(schema::LATITUDE),
            longitude: number(schema::LONGITUDE),
            approximate_to: geo.and_then(|g| self.text(g.as_str(), cis::PRECISION.as_str())),
        }
    }

    fn contact(&self, iri: &str) -> ContactFacts {
        ContactFacts {
            name: self.text(iri, schema::NAME.as_str()),
            email: self.text(iri, schema::EMAIL.as_str()),
            telephone: self.text(iri, schema::TELEPHONE.as_str()),
            url: self
                .iri(iri, schema::URL.as_str())
                .map(|n| n.as_str().to_owned()),
        }
    }

    /// The credit line of a record: its partner, licence and harvest time.
    pub fn credit(&self, record: &str) -> Option<Credit> {
        let partner = self.iri(record, prov::WAS_ATTRIBUTED_TO.as_str())?;
        let license = self
            .iri(record, cc::LICENSE.as_str())
            .or_else(|| self.iri(record, dct::LICENSE.as_str()));
        Some(Credit {
            partner: Link {
                href: self.href(partner.as_str()),
                label: self
                    .text(record, cc::ATTRIBUTION_NAME.as_str())
                    .unwrap_or_else(|| self.label(partner.as_str())),
            },
            partner_site: self
                .iri(partner.as_str(), schema::URL.as_str())
                .map(|n| n.as_str().to_owned()),
            logo: self
                .iri(partner.as_str(), schema::LOGO.as_str())
                .map(|n| n.as_str().to_owned()),
            license: license.map(|l| Link {
                href: l.as_str().to_owned(),
                label: license_label(l.as_str()),
            }),
            harvested_at: self
                .text(record, prov::GENERATED_AT_TIME.as_str())
                .map(|at| readable_time(&at)),
            record: self.link(record),
        })
    }

    /// The point of `iri` (its `schema:geo`), or of its place for a project.
    pub fn point(&self, iri: &str) -> Option<(f64, f64)> {
        let own = |iri: &str| {
            let geo = self.iri(iri, schema::GEO.as_str())?;
            let number = |p: oxigraph::model::NamedNodeRef<'_>| {
                self.text(geo.as_str(), p.as_str())?.parse::<f64>().ok()
            };
            Some((number(schema::LATITUDE)?, number(schema::LONGITUDE)?))
        };
        own(iri).or_else(|| own(self.iri(iri, schema::LOCATION.as_str())?.as_str()))
    }

    /// Whether `iri` is a tombstone (`cis:Tombstone`).
    pub fn is_tombstone(&self, iri: &str) -> bool {
        self.objects(iri, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
            .iter()
            .any(|o| matches!(o, Term::NamedNode(n) if n.as_ref() == cis::TOMBSTONE))
    }
}

/// `30/11/2026 à 02:02 UTC` for an `xsd:dateTime`; the text itself if it is not one.
pub fn readable_time(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|t| {
            t.with_timezone(&chrono::Utc)
                .format("%d/%m/%Y à %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| at.to_owned())
}

/// "CC BY 4.0" for `https://creativecommons.org/licenses/by/4.0/`.
pub fn license_label(iri: &str) -> String {
    let Some(rest) = iri
        .split("creativecommons.org/")
        .nth(1)
        .map(|r| r.trim_end_matches('/'))
    else {
        return iri.to_owned();
    };
    let parts: Vec<&str> = rest.split('/').collect();
    match parts.as_slice() {
        ["licenses", code, version, ..] => format!("CC {} {version}", code.to_uppercase()),
        ["publicdomain", "zero", version, ..] => format!("CC0 {version}"),
        _ => iri.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn licence_labels() {
        assert_eq!(
            license_label("https://creativecommons.org/licenses/by-sa/4.0/"),
            "CC BY-SA 4.0"
        );
        assert_eq!(
            license_label("http://creativecommons.org/publicdomain/zero/1.0/"),
            "CC0 1.0"
        );
        assert_eq!(
            license_label("https://example.org/l"),
            "https://example.org/l"
        );
    }

    #[test]
    fn short_names() {
        assert_eq!(short("http://schema.org/name"), "schema:name");
        assert_eq!(short("https://example.org/x"), "https://example.org/x");
    }
}
