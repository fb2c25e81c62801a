//! What the store knows of one minted IRI, as a document describes it:
//! its statements (and those of its `#fragment` parts: contact, address,
//! coordinates…), the things it links to with their labels, its record's
//! provenance and licence, and the links pointing at it, a page at a time.
//! A project gone from its partner's site is described by its tombstone.

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, Utc};
use oxigraph::model::vocab::{rdf, rdfs};
use oxigraph::model::{NamedNode, NamedNodeRef, NamedOrBlankNode, Term, Triple};

use super::{Sparql, Store, StoreError};
use crate::rdf::vocab::{cc, cis, dct, foaf, owl, prov, schema};
use crate::record::Kind;

/// Incoming links shown per page of a document.
pub const INCOMING_PER_PAGE: usize = 100;

/// The description of a thing.
#[derive(Debug, Clone, PartialEq)]
pub enum Description {
    /// Its statements, linked labels, provenance and a page of incoming links.
    Live(Vec<Triple>),
    /// A project no longer published: what the tombstone says.
    Gone(Vec<Triple>),
    Unknown,
}

/// A page of a thing's document: the description, and where it stands in
/// the list of links pointing at the thing.
#[derive(Debug, Clone, PartialEq)]
pub struct DescribedPage {
    pub description: Description,
    /// 1-based.
    pub page: usize,
    /// Links pointing at the thing, over all pages.
    pub incoming_total: usize,
    /// When the newest record behind this description was harvested.
    pub harvested_at: Option<DateTime<Utc>>,
}

impl DescribedPage {
    /// Whether a page follows this one.
    pub fn has_next(&self) -> bool {
        self.page * INCOMING_PER_PAGE < self.incoming_total
    }
}

/// Properties copied from linked things so every link has a type, a label,
/// a logo or a licence to show, without describing the linked thing whole.
const LABELS: [NamedNodeRef<'static>; 7] = [
    rdf::TYPE,
    schema::NAME,
    NamedNodeRef::new_unchecked("http://www.w3.org/2004/02/skos/core#prefLabel"),
    rdfs::LABEL,
    schema::LOGO,
    dct::LICENSE,
    prov::GENERATED_AT_TIME,
];

impl Store {
    /// Describes `iri` with the first page of its incoming links.
    pub fn describe(&self, iri: &NamedNode) -> Result<Description, StoreError> {
        Ok(self.describe_page(iri, 1)?.description)
    }

    /// Describes `iri` with page `page` (1-based) of its incoming links.
    /// A territory's projects are found by walking down from it; a server
    /// that knows them already says so with [`Store::describe_territory_page`].
    pub fn describe_page(&self, iri: &NamedNode, page: usize) -> Result<DescribedPage, StoreError> {
        self.describe_page_with(iri, page, None)
    }

    /// Describes the territory `iri` with page `page` of its incoming
    /// links, `located` being every project located in it, in the order
    /// pages list them (the `/api/projects` index's): only this page's
    /// projects are read from the store, so a région of 15 000 projects
    /// costs no more than a hamlet. Its other incoming links come first.
    pub fn describe_territory_page(
        &self,
        iri: &NamedNode,
        page: usize,
        located: &[NamedNode],
    ) -> Result<DescribedPage, StoreError> {
        self.describe_page_with(iri, page, Some(located))
    }

    fn describe_page_with(
        &self,
        iri: &NamedNode,
        page: usize,
        located: Option<&[NamedNode]>,
    ) -> Result<DescribedPage, StoreError> {
        let mut triples = HashSet::new();
        let mut own = self.statements_with_parts(iri)?;
        // A project's place (address, point, territory) is part of what the
        // project is; describe it whole.
        let places: Vec<NamedNode> = own
            .iter()
            .filter(|t| t.predicate.as_ref() == schema::LOCATION)
            .filter_map(|t| match &t.object {
                Term::NamedNode(place) => Some(place.clone()),
                _ => None,
            })
            .collect();
        for place in &places {
            own.extend(self.statements_with_parts(place)?);
        }
        let records = self.records_of(iri)?;
        let mut tombstone = false;
        for record in &records {
            let about = self.statements_about(record.as_ref())?;
            tombstone |= about
                .iter()
                .any(|t| t.object == cis::TOMBSTONE.into_owned().into());
            triples.extend(about);
        }
        if own.is_empty() && tombstone {
            let gone = sorted(triples);
            return self.page(Description::Gone(gone), page, 0, &records);
        }
        let (incoming, incoming_total) = match located {
            Some(located) => self.incoming_with_projects(iri, page, located)?,
            None => self.incoming(iri, page)?,
        };
        if own.is_empty() && triples.is_empty() && incoming_total == 0 {
            return self.page(Description::Unknown, page, 0, &records);
        }
        triples.extend(own);
        triples.extend(incoming);
        let linked: BTreeSet<NamedNode> = triples
            .iter()
            .flat_map(|t| [t.subject.clone().into(), t.object.clone()])
            .filter_map(|term| match term {
                Term::NamedNode(n) if n != *iri => Some(n),
                _ => None,
            })
            .collect();
        for node in &linked {
            triples.extend(self.labels_of(node.as_ref())?);
            // A record reads as the project it is about: link and label it.
            for topic in self.statements_for(node.as_ref(), foaf::PRIMARY_TOPIC)? {
                if let Term::NamedNode(project) = &topic.object {
                    if project != iri {
                        triples.extend(self.labels_of(project.as_ref())?);
                    }
                }
                triples.insert(topic);
            }
        }
        triples.extend(self.other_listings(iri)?);
        let description = Description::Live(sorted(triples));
        self.page(description, page, incoming_total, &records)
    }

    fn page(
        &self,
        description: Description,
        page: usize,
        incoming_total: usize,
        records: &[NamedNode],
    ) -> Result<DescribedPage, StoreError> {
        let mut harvested_at = None;
        for record in records {
            for quad in self.quads(
                Some(record.as_ref().into()),
                Some(prov::GENERATED_AT_TIME),
                None,
                None,
            ) {
                if let Term::Literal(at) = quad?.object {
                    let at = DateTime::parse_from_rfc3339(at.value()).ok();
                    harvested_at = harvested_at.max(at.map(|a| a.with_timezone(&Utc)));
                }
            }
        }
        Ok(DescribedPage {
            description,
            page,
            incoming_total,
            harvested_at,
        })
    }

    /// For a project several partners list (`owl:sameAs`, see
    /// `same_as.rs`): each other listing's page and the partner its record
    /// credits, so its document names every partner with its link back.
    fn other_listings(&self, iri: &NamedNode) -> Result<Vec<Triple>, StoreError> {
        let mut triples = Vec::new();
        for same in self.statements_for(iri.as_ref(), owl::SAME_AS)? {
            let Term::NamedNode(other) = &same.object else {
                continue;
            };
            triples.extend(self.statements_for(other.as_ref(), schema::MAIN_ENTITY_OF_PAGE)?);
            for record in self.statements_for(other.as_ref(), foaf::IS_PRIMARY_TOPIC_OF)? {
                if let Term::NamedNode(record) = &record.object {
                    triples.extend(self.statements_for(record.as_ref(), cc::ATTRIBUTION_NAME)?);
                }
                triples.push(record);
            }
        }
        Ok(triples)
    }

    /// The thing's statements and those of its `#fragment` parts, which
    /// hang off it (a project's `#contact`, a place's `#address` and `#geo`).
    fn statements_with_parts(&self, iri: &NamedNode) -> Result<Vec<Triple>, StoreError> {
        let mut triples = self.statements_about(iri.as_ref())?;
        let mut seen = BTreeSet::from([iri.clone()]);
        let mut i = 0;
        while i < triples.len() {
            if let Term::NamedNode(object) = &triples[i].object {
                let is_part = object
                    .as_str()
                    .strip_prefix(iri.as_str())
                    .is_some_and(|rest| rest.starts_with('#'));
                if is_part && seen.insert(object.clone()) {
                    let part = self.statements_about(object.as_ref())?;
                    triples.extend(part);
                }
            }
            i += 1;
        }
        Ok(triples)
    }

    /// The records (`cis:Record`, or tombstones) whose primary topic is `iri`.
    fn records_of(&self, iri: &NamedNode) -> Result<Vec<NamedNode>, StoreError> {
        let mut records = Vec::new();
        for quad in self.quads(
            None,
            Some(foaf::PRIMARY_TOPIC),
            Some(iri.as_ref().into()),
            None,
        ) {
            if let NamedOrBlankNode::NamedNode(record) = quad?.subject {
                records.push(record);
            }
        }
        records.sort();
        records.dedup();
        Ok(records)
    }

    /// Page `page` of the statements pointing at `iri` (from other things,
    /// not its own parts), in a stable order, and their total.
    fn incoming(&self, iri: &NamedNode, page: usize) -> Result<(Vec<Triple>, usize), StoreError> {
        let mut all = self.pointing_at(iri)?;
        if let Some((Kind::Commune | Kind::Departement | Kind::Region, _)) =
            self.base.parse_id(iri.as_str())
        {
            all.extend(self.projects_in(iri)?);
        }
        all.sort_by_cached_key(|t| t.to_string());
        all.dedup();
        let total = all.len();
        let start = page.saturating_sub(1).saturating_mul(INCOMING_PER_PAGE);
        let page = all
            .into_iter()
            .skip(start)
            .take(INCOMING_PER_PAGE)
            .collect();
        Ok((page, total))
    }

    /// Page `page` of a territory's incoming links: the statements pointing
    /// at it but from a project's place, in a stable order, then its
    /// `located` projects, each as the statements that place it (project →
    /// place → the area holding it).
    fn incoming_with_projects(
        &self,
        iri: &NamedNode,
        page: usize,
        located: &[NamedNode],
    ) -> Result<(Vec<Triple>, usize), StoreError> {
        let mut direct = self.pointing_at_territory(iri)?;
        direct.sort_by_cached_key(|t| t.to_string());
        direct.dedup();
        let total = direct.len() + located.len();
        let start = page.saturating_sub(1).saturating_mul(INCOMING_PER_PAGE);
        let end = start.saturating_add(INCOMING_PER_PAGE);
        let mut triples: Vec<Triple> = direct
            .into_iter()
            .skip(start)
            .take(INCOMING_PER_PAGE)
            .collect();
        let (from, to) = (
            start.saturating_sub(total - located.len()),
            end.saturating_sub(total - located.len()),
        );
        for project in located.iter().take(to).skip(from) {
            for quad in self.quads(
                Some(project.as_ref().into()),
                Some(schema::LOCATION),
                None,
                None,
            ) {
                let Term::NamedNode(place) = quad?.object else {
                    continue;
                };
                for area in self.statements_for(place.as_ref(), schema::CONTAINED_IN_PLACE)? {
                    triples.push(area);
                }
                triples.push(Triple::new(project.clone(), schema::LOCATION, place));
            }
        }
        Ok((triples, total))
    }

    /// The statements pointing at `iri` from other things than its parts.
    fn pointing_at(&self, iri: &NamedNode) -> Result<Vec<Triple>, StoreError> {
        self.quads(None, None, Some(iri.as_ref().into()), None)
            .map(|quad| quad.map(|q| Triple::new(q.subject, q.predicate, q.object)))
            .filter(|t| !matches!(t, Ok(t) if is_part_of(&t.subject, iri)))
            .collect()
    }

    /// The statements pointing at a territory from other things than its
    /// parts and than projects' places: those are listed with their
    /// projects (`incoming_with_projects`). A place says `containedInPlace`
    /// of every level holding it, so a région has one such statement per
    /// project located in it; they are told apart from the areas inside
    /// the territory by the graph (the territories' own), in a query
    /// evaluated on encoded terms: decoding them one by one to drop them
    /// cost 0.3 s a page for a région of 100 000 projects.
    fn pointing_at_territory(&self, iri: &NamedNode) -> Result<Vec<Triple>, StoreError> {
        let mut sparql = Sparql::new("SELECT ?s ?p WHERE { { ?s ?p ");
        sparql.iri(iri.as_ref())?;
        sparql.push(" FILTER(?p != schema:containedInPlace) } UNION { GRAPH ");
        sparql.iri(crate::rdf::territory::territories_graph(&self.base).as_ref())?;
        sparql.push(" { ?s ?p ");
        sparql.iri(iri.as_ref())?;
        sparql.push(" FILTER(?p = schema:containedInPlace) } } }");
        let mut triples = Vec::new();
        for row in self.select_rows(&sparql)? {
            let subject = match row.first().cloned().flatten() {
                Some(Term::NamedNode(s)) => NamedOrBlankNode::from(s),
                Some(Term::BlankNode(s)) => NamedOrBlankNode::from(s),
                _ => continue,
            };
            let Some(Some(Term::NamedNode(predicate))) = row.get(1).cloned() else {
                continue;
            };
            if !is_part_of(&subject, iri) {
                triples.push(Triple::new(subject, predicate, iri.clone()));
            }
        }
        Ok(triples)
    }

    /// The projects located in a territory (directly, or in a commune of
    /// it), as the statements that say so: `?project schema:location ?place`
    /// and `?place schema:containedInPlace ?area`, `?area` being the
    /// territory or anything inside it. Walked down from the territory
    /// through the store's indexes: the same answer as the SPARQL property
    /// path, without trying the path from every located project.
    fn projects_in(&self, territory: &NamedNode) -> Result<Vec<Triple>, StoreError> {
        let mut areas = vec![territory.clone()];
        let mut seen: HashSet<NamedNode> = areas.iter().cloned().collect();
        let mut triples = Vec::new();
        let mut next = 0;
        while let Some(area) = areas.get(next).cloned() {
            next += 1;
            for quad in self.quads(
                None,
                Some(schema::CONTAINED_IN_PLACE),
                Some(area.as_ref().into()),
                None,
            ) {
                let NamedOrBlankNode::NamedNode(place) = quad?.subject else {
                    continue;
                };
                for quad in self.quads(
                    None,
                    Some(schema::LOCATION),
                    Some(place.as_ref().into()),
                    None,
                ) {
                    if let NamedOrBlankNode::NamedNode(project) = quad?.subject {
                        triples.push(Triple::new(project, schema::LOCATION, place.clone()));
                        triples.push(Triple::new(
                            place.clone(),
                            schema::CONTAINED_IN_PLACE,
                            area.clone(),
                        ));
                    }
                }
                if seen.insert(place.clone()) {
                    areas.push(place);
                }
            }
        }
        Ok(triples)
    }

    fn labels_of(&self, node: NamedNodeRef<'_>) -> Result<Vec<Triple>, StoreError> {
        let mut labels = Vec::new();
        for predicate in LABELS {
            labels.extend(self.statements_for(node, predicate)?);
        }
        Ok(labels)
    }

    fn statements_for(
        &self,
        subject: NamedNodeRef<'_>,
        predicate: NamedNodeRef<'_>,
    ) -> Result<Vec<Triple>, StoreError> {
        self.quads(Some(subject.into()), Some(predicate), None, None)
            .map(|quad| quad.map(|q| Triple::new(q.subject, q.predicate, q.object)))
            .collect()
    }

    pub(super) fn statements_about(
        &self,
        subject: NamedNodeRef<'_>,
    ) -> Result<Vec<Triple>, StoreError> {
        let mut triples: Vec<Triple> = self
            .quads(Some(subject.into()), None, None, None)
            .map(|quad| quad.map(|q| Triple::new(q.subject, q.predicate, q.object)))
            .collect::<Result<_, _>>()?;
        triples.sort_by_cached_key(|t| t.to_string());
        triples.dedup();
        Ok(triples)
    }
}

/// Triples in a stable order (documents must not change between requests,
/// or their entity tags would).
fn sorted(triples: HashSet<Triple>) -> Vec<Triple> {
    let mut triples: Vec<Triple> = triples.into_iter().collect();
    triples.sort_by_cached_key(|t| t.to_string());
    triples
}

fn is_part_of(subject: &NamedOrBlankNode, iri: &NamedNode) -> bool {
    match subject {
        NamedOrBlankNode::NamedNode(n) => n
            .as_str()
            .strip_prefix(iri.as_str())
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('#')),
        NamedOrBlankNode::BlankNode(_) => false,
    }
}
