//! Projects in an RDF graph, read onto the record's fields without rules.
//!
//! A project is a subject typed `schema:Project` or `pair:Project`. Its
//! fields come from schema.org, PAIR (as SemApps publishes it) and our own
//! vocabulary, which is schema.org plus PROV-O: a Carrefour hub's records
//! read back into the records they were made from. `https://schema.org/`
//! is read as `http://schema.org/`. Theme and stage IRIs minted by a hub
//! (`…/id/theme/{code}`, `…/id/stage/{code}`) give their code; other themes
//! and topics give their label as a keyword.

use std::collections::{BTreeMap, HashMap};

use oxigraph::model::{NamedNode, NamedOrBlankNode, Term, Triple};
use serde::{Deserialize, Serialize};
use url::Url;

use super::Declared;
use crate::mapping::Target;
use crate::record::Relay;

const SCHEMA: &str = "http://schema.org/";
const PAIR: &str = "http://virtual-assembly.org/ontologies/pair#";

/// Properties, by the prefixes above (`s:` schema.org, `p:` PAIR) or whole.
const NAME: &[&str] = &[
    "s:name",
    "p:label",
    "p:preferedLabel",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2000/01/rdf-schema#label",
];
const DESCRIPTION: &[&str] = &[
    "s:description",
    "p:description",
    "p:comment",
    "http://purl.org/dc/terms/description",
];
const ORGANISATION: &[&str] = &[
    "s:parentOrganization",
    "s:organizer",
    "s:creator",
    "p:managedBy",
    "p:hostedBy",
    "p:involves",
];
const ORGANISATION_NAME: &[&str] = &[
    "s:name",
    "s:legalName",
    "p:label",
    "http://xmlns.com/foaf/0.1/name",
];
const WEB_PAGE: &[&str] = &["s:url", "p:homePage", "http://xmlns.com/foaf/0.1/homepage"];
const LOCATION: &[&str] = &["s:location", "p:hasLocation"];
const ADDRESS: &[&str] = &["s:address", "p:hasPostalAddress"];
const LABEL: &[&str] = &[
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "s:name",
    "p:label",
    "http://www.w3.org/2000/01/rdf-schema#label",
];
const TOPICS: &[&str] = &[
    "s:keywords",
    "s:about",
    "http://purl.org/dc/terms/subject",
    "p:hasTopic",
    "p:hasKeyword",
];
const STAGE: &[&str] = &["p:hasStatus", "s:creativeWorkStatus"];
const LICENSE: &[&str] = &[
    "http://creativecommons.org/ns#license",
    "http://purl.org/dc/terms/license",
    "s:license",
];
const PROJECT_TYPES: &[&str] = &["s:Project", "p:Project"];
const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const MAIN_PAGE: &str = "s:mainEntityOfPage";
const PRIMARY_TOPIC_OF: &str = "http://xmlns.com/foaf/0.1/isPrimaryTopicOf";
const ATTRIBUTED_TO: &str = "http://www.w3.org/ns/prov#wasAttributedTo";
const ATTRIBUTION_NAME: &str = "http://creativecommons.org/ns#attributionName";

/// One project read from the graph.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Described {
    /// Its page at the partner: the link back.
    pub source: Url,
    pub values: BTreeMap<Target, Vec<String>>,
    pub declared: Declared,
}

/// The statements of a graph by subject.
#[derive(Default)]
pub struct Graph {
    by_subject: HashMap<NamedOrBlankNode, Vec<(String, Term)>>,
}

impl Graph {
    pub fn add(&mut self, triple: Triple) {
        let predicate = expand(triple.predicate.as_str());
        let object = match triple.object {
            Term::NamedNode(node) => {
                Term::NamedNode(NamedNode::new_unchecked(expand(node.as_str())))
            }
            other => other,
        };
        self.by_subject
            .entry(triple.subject)
            .or_default()
            .push((predicate, object));
    }

    /// How many statements the graph holds.
    pub(super) fn len(&self) -> usize {
        self.by_subject.values().map(Vec::len).sum()
    }

    /// Every project of the graph by its IRI (or blank node), in their
    /// order, each read or with why it could not be.
    pub fn projects(&self) -> Vec<(String, Result<Described, String>)> {
        let mut subjects: Vec<&NamedOrBlankNode> = self
            .by_subject
            .iter()
            .filter(|(_, statements)| {
                statements.iter().any(|(p, o)| {
                    p == RDF_TYPE
                        && matches!(o, Term::NamedNode(n) if PROJECT_TYPES.iter().any(|t| full(t) == n.as_str()))
                })
            })
            .map(|(subject, _)| subject)
            .collect();
        let name = |s: &NamedOrBlankNode| match s {
            NamedOrBlankNode::NamedNode(iri) => iri.as_str().to_owned(),
            blank => blank.to_string(),
        };
        subjects.sort_by_key(|s| name(s));
        subjects
            .into_iter()
            .map(|s| (name(s), self.project(s)))
            .collect()
    }

    fn project(&self, project: &NamedOrBlankNode) -> Result<Described, String> {
        let source = self.source(project).ok_or(
            "no page to link back to (schema:mainEntityOfPage, an http(s) IRI, or schema:url)",
        )?;
        let mut values = BTreeMap::new();
        let mut put = |target: Target, value: Option<String>| {
            if let Some(value) = value {
                values.entry(target).or_insert_with(Vec::new).push(value);
            }
        };
        put(Target::Name, self.text(project, NAME));
        put(Target::Description, self.text(project, DESCRIPTION));
        let (organisation, organisation_url) = self.organisation(project);
        put(Target::OrganisationName, organisation);
        put(Target::OrganisationUrl, organisation_url);
        put(
            Target::ContactEmail,
            self.text(project, &["s:email", "p:e-mail"]),
        );
        put(
            Target::ContactTelephone,
            self.text(project, &["s:telephone", "p:phone"]),
        );
        for contact in self.nodes(project, &["s:contactPoint"]) {
            put(Target::ContactName, self.text(&contact, &["s:name"]));
            put(Target::ContactEmail, self.text(&contact, &["s:email"]));
            put(
                Target::ContactTelephone,
                self.text(&contact, &["s:telephone"]),
            );
            put(Target::ContactUrl, self.text(&contact, &["s:url"]));
        }
        self.location(project, &mut put);
        let mut declared = Declared {
            license: self.license(project),
            ..Declared::default()
        };
        for topic in self.objects(project, TOPICS) {
            match topic {
                Term::NamedNode(iri) if minted(iri.as_str(), "theme").is_some() => {
                    declared.themes.extend(minted(iri.as_str(), "theme"));
                }
                // schema.org: "multiple entries are delimited by commas".
                Term::Literal(literal) => {
                    for keyword in literal.value().split(',').map(clean) {
                        put(Target::Keywords, Some(keyword).filter(|k| !k.is_empty()));
                    }
                }
                node => put(Target::Keywords, self.node_label(node)),
            }
        }
        put(Target::Stage, self.stage(project));
        declared.relay = self.relay(project);
        Ok(Described {
            source,
            values,
            declared,
        })
    }

    /// The link back: the page about the project, or the project's own
    /// IRI when it is a web page (a SemApps resource), or its URL.
    fn source(&self, project: &NamedOrBlankNode) -> Option<Url> {
        let page = self
            .objects(project, &[MAIN_PAGE])
            .find_map(|term| match term {
                Term::NamedNode(iri) => web(iri.as_str()),
                Term::Literal(text) => web(text.value()),
                Term::BlankNode(_) => None,
            });
        let own = match project {
            NamedOrBlankNode::NamedNode(iri) => web(iri.as_str()),
            NamedOrBlankNode::BlankNode(_) => None,
        };
        page.or(own)
            .or_else(|| self.text(project, &["s:url"]).and_then(|u| web(&u)))
    }

    fn organisation(&self, project: &NamedOrBlankNode) -> (Option<String>, Option<String>) {
        for term in self.objects(project, ORGANISATION) {
            match term {
                Term::Literal(name) => return (Some(clean(name.value())), None),
                node => {
                    let Some(node) = as_subject(node) else {
                        continue;
                    };
                    if let Some(name) = self.text(&node, ORGANISATION_NAME) {
                        return (Some(name), self.text(&node, WEB_PAGE));
                    }
                }
            }
        }
        (None, None)
    }

    fn location(&self, project: &NamedOrBlankNode, put: &mut impl FnMut(Target, Option<String>)) {
        let Some(place) = self.objects(project, LOCATION).next() else {
            return;
        };
        let Some(place) = as_subject(place) else {
            put(Target::LocationLabel, self.node_label(place));
            return;
        };
        put(Target::LocationLabel, self.text(&place, LABEL));
        for address in self.objects(&place, ADDRESS) {
            let Some(address) = as_subject(address) else {
                put(Target::LocationLabel, self.node_label(address));
                continue;
            };
            put(
                Target::StreetAddress,
                self.text(&address, &["s:streetAddress", "p:addressStreet"]),
            );
            put(
                Target::PostalCode,
                self.text(&address, &["s:postalCode", "p:addressZipCode"]),
            );
            put(
                Target::Locality,
                self.text(&address, &["s:addressLocality", "p:addressLocality"]),
            );
            put(Target::Region, self.text(&address, &["s:addressRegion"]));
        }
        put(Target::LocationLabel, self.text(&place, &["p:address"]));
        let geo = self.nodes(&place, &["s:geo"]).into_iter().next();
        let point = geo.as_ref().unwrap_or(&place);
        put(
            Target::Latitude,
            self.text(point, &["s:latitude", "p:latitude"]),
        );
        put(
            Target::Longitude,
            self.text(point, &["s:longitude", "p:longitude"]),
        );
    }

    fn stage(&self, project: &NamedOrBlankNode) -> Option<String> {
        self.objects(project, STAGE).find_map(|term| match term {
            Term::NamedNode(iri) => minted(iri.as_str(), "stage").or_else(|| self.node_label(term)),
            other => self.node_label(other),
        })
    }

    /// The licence the data gives the project or its record.
    fn license(&self, project: &NamedOrBlankNode) -> Option<Url> {
        let records = self.nodes(project, &[PRIMARY_TOPIC_OF]);
        std::iter::once(project)
            .chain(&records)
            .flat_map(|subject| self.objects(subject, LICENSE))
            .find_map(|term| match term {
                Term::NamedNode(iri) => web(iri.as_str()),
                _ => None,
            })
    }

    /// A hub's record of the project, with the partner it credits: the
    /// attributed agent whose name the record gives as `cc:attributionName`.
    fn relay(&self, project: &NamedOrBlankNode) -> Option<Relay> {
        for record in self.nodes(project, &[PRIMARY_TOPIC_OF]) {
            let NamedOrBlankNode::NamedNode(iri) = &record else {
                continue;
            };
            let credited = self.text(&record, &[ATTRIBUTION_NAME]);
            let agents = self.nodes(&record, &[ATTRIBUTED_TO]);
            let named = agents.iter().filter_map(|agent| {
                let name = self.text(agent, &["s:name"])?;
                match agent {
                    NamedOrBlankNode::NamedNode(a) => Some((web(a.as_str())?, name)),
                    NamedOrBlankNode::BlankNode(_) => None,
                }
            });
            let mut named: Vec<(Url, String)> = named.collect();
            named.sort_by_key(|(_, name)| Some(name) != credited.as_ref());
            if let (Some(record), Some((partner, partner_name))) =
                (web(iri.as_str()), named.into_iter().next())
            {
                return Some(Relay {
                    record,
                    partner,
                    partner_name,
                });
            }
        }
        None
    }

    /// The objects of `subject` for the first of `predicates` that has any.
    fn objects<'a>(
        &'a self,
        subject: &NamedOrBlankNode,
        predicates: &'a [&'a str],
    ) -> impl Iterator<Item = &'a Term> + 'a {
        let statements = self
            .by_subject
            .get(subject)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        predicates.iter().flat_map(move |p| {
            let p = full(p);
            statements
                .iter()
                .filter(move |(q, _)| *q == p)
                .map(|(_, o)| o)
        })
    }

    fn nodes(&self, subject: &NamedOrBlankNode, predicates: &[&str]) -> Vec<NamedOrBlankNode> {
        self.objects(subject, predicates)
            .filter_map(as_subject)
            .collect()
    }

    /// The first text of the first predicate having one: French first, then
    /// without a language, then any; an IRI's text for URL properties.
    fn text(&self, subject: &NamedOrBlankNode, predicates: &[&str]) -> Option<String> {
        for predicate in predicates {
            let mut best: Option<(u8, String)> = None;
            for term in self.objects(subject, std::slice::from_ref(predicate)) {
                let (rank, value) = match term {
                    Term::Literal(l) if l.language().is_some_and(|l| l.starts_with("fr")) => {
                        (0, l.value())
                    }
                    Term::Literal(l) if l.language().is_none() => (1, l.value()),
                    Term::Literal(l) => (2, l.value()),
                    Term::NamedNode(n) => (3, n.as_str()),
                    Term::BlankNode(_) => continue,
                };
                let value = clean(value);
                if !value.is_empty() && best.as_ref().is_none_or(|(r, _)| rank < *r) {
                    best = Some((rank, value));
                }
            }
            if let Some((_, value)) = best {
                return Some(value);
            }
        }
        None
    }

    /// A linked thing's label (a theme, a topic), or a literal itself.
    fn node_label(&self, term: &Term) -> Option<String> {
        match term {
            Term::Literal(text) => Some(clean(text.value())).filter(|t| !t.is_empty()),
            node => self.text(&as_subject(node)?, LABEL),
        }
    }
}

/// `s:name` → `http://schema.org/name`, `p:label` → PAIR's.
fn full(property: &str) -> String {
    if let Some(local) = property.strip_prefix("s:") {
        format!("{SCHEMA}{local}")
    } else if let Some(local) = property.strip_prefix("p:") {
        format!("{PAIR}{local}")
    } else {
        property.to_owned()
    }
}

/// schema.org's `https` namespace read as its `http` one.
fn expand(iri: &str) -> String {
    match iri.strip_prefix("https://schema.org/") {
        Some(local) => format!("{SCHEMA}{local}"),
        None => iri.to_owned(),
    }
}

/// The code of a concept a hub minted: `…/id/theme/emploi` → `emploi`.
fn minted(iri: &str, kind: &str) -> Option<String> {
    let (_, code) = iri.rsplit_once(&format!("/id/{kind}/"))?;
    let valid = !code.is_empty()
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    valid.then(|| code.to_owned())
}

fn as_subject(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        Term::Literal(_) => None,
    }
}

fn web(text: &str) -> Option<Url> {
    Url::parse(text.trim())
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https"))
}

fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
