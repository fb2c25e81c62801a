//! Figures about the published data, for VoID, the service description and
//! the home page: counted from the store, never cached, so they always match it.

use std::sync::atomic::Ordering;

use oxigraph::model::{Literal, NamedNode, Term};
use oxigraph::sparql::QueryResults;

use super::{ShareSize, Sparql, Store, StoreError};

/// The dataset's figures.
#[derive(Debug, Clone, PartialEq)]
pub struct Statistics {
    /// Every quad in the store (records, provenance, reference graphs).
    pub quads: u64,
    /// Published (live) projects.
    pub projects: u64,
    /// Organisations carrying a published project.
    pub organisations: u64,
    /// Distinct subjects minted under `{base}id/` (VoID's `void:entities`
    /// for the `void:uriSpace`): things and their `#parts`.
    pub entities: u64,
    /// When the newest published record was harvested (`xsd:dateTime` lexical form).
    pub last_harvest: Option<String>,
    /// Partners with at least one published project, by id.
    pub partners: Vec<PartnerStatistics>,
}

/// One partner's share of the data.
#[derive(Debug, Clone, PartialEq)]
pub struct PartnerStatistics {
    /// The partner's id (`avise`), the key of its IRI.
    pub id: String,
    pub iri: NamedNode,
    pub name: String,
    pub homepage: Option<String>,
    /// The licence the partner publishes under.
    pub license: Option<String>,
    pub projects: u64,
    /// Quads in the partner's record graphs (its projects' own statements).
    pub quads: u64,
    /// When its newest published record was harvested (`xsd:dateTime` lexical form).
    pub last_harvest: Option<String>,
    /// Its share of the data, what its dump holds: record graphs, their
    /// provenance, its harvests and its own description (see [`Shares`](super::Shares)).
    pub share: ShareSize,
    /// One of its published projects (the first by IRI), to show as an example.
    pub example: Option<NamedNode>,
}

impl Store {
    /// Counts the published data; computed once per change of the store
    /// (the home page, VoID and the service description all show them).
    pub fn statistics(&self) -> Result<Statistics, StoreError> {
        let revision = self.revision.load(Ordering::SeqCst);
        if let Some(statistics) = self.statistics_at(revision) {
            return Ok(statistics);
        }
        // One count at a time: a request arriving while the server counts
        // after a harvest waits for that count instead of starting its own.
        let _counting = self
            .counting_statistics
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if let Some(statistics) = self.statistics_at(revision) {
            return Ok(statistics);
        }
        let statistics = self.count_statistics()?;
        *self.statistics.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((revision, statistics.clone()));
        Ok(statistics)
    }

    fn statistics_at(&self, revision: u64) -> Option<Statistics> {
        let cached = self.statistics.lock().unwrap_or_else(|e| e.into_inner());
        match &*cached {
            Some((at, statistics)) if *at == revision => Some(statistics.clone()),
            _ => None,
        }
    }

    fn count_statistics(&self) -> Result<Statistics, StoreError> {
        let quads = self.db.len()? as u64;
        let projects = self.count(&Sparql::new(
            "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?r { ?p a schema:Project } }",
        ))?;
        let organisations = self.count(&Sparql::new(
            "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
               GRAPH ?r { ?p a schema:Project ; schema:parentOrganization ?o } }",
        ))?;
        let mut entities = Sparql::new(
            "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {
               GRAPH ?g { ?s ?p ?o } FILTER(isIRI(?s) && STRSTARTS(STR(?s), ",
        );
        let minted = Literal::new_simple_literal(format!("{}id/", self.base));
        entities.literal(minted.as_ref()).push(")) }");
        let entities = self.count(&entities)?;
        let partners = self.partner_statistics()?;
        let last_harvest = partners.iter().filter_map(|p| p.last_harvest.clone()).max();
        Ok(Statistics {
            quads,
            projects,
            organisations,
            entities,
            last_harvest,
            partners,
        })
    }

    fn partner_statistics(&self) -> Result<Vec<PartnerStatistics>, StoreError> {
        let provenance = crate::rdf::provenance_graph(&self.base);
        let mut sparql = Sparql::new(
            "SELECT ?partner ?name ?homepage ?license
                   (COUNT(DISTINCT ?project) AS ?projects) (MAX(?at) AS ?last)
                   (SUM(?size) AS ?quads) (MIN(STR(?project)) AS ?example)
            WHERE { GRAPH ",
        );
        sparql.iri(provenance.as_ref())?.push(
            " {
                ?record prov:wasAttributedTo ?partner ; foaf:primaryTopic ?project ;
                        prov:generatedAtTime ?at .
                ?partner schema:name ?name .
                OPTIONAL { ?partner schema:url ?homepage }
                OPTIONAL { ?partner dct:license ?license }
              }
              { SELECT ?record (COUNT(*) AS ?size) WHERE { GRAPH ?record { ?s ?p ?o } } GROUP BY ?record }
            }
            GROUP BY ?partner ?name ?homepage ?license
            ORDER BY ?partner",
        );
        let QueryResults::Solutions(rows) = self.query(&sparql)? else {
            return Err(StoreError::Query("expected solutions".into()));
        };
        let shares = self.share_sizes()?;
        let mut partners = Vec::new();
        for row in rows {
            let row = row?;
            let Some(Term::NamedNode(iri)) = row.get("partner").cloned() else {
                continue;
            };
            let id = iri
                .as_str()
                .rsplit('/')
                .next()
                .unwrap_or_default()
                .to_owned();
            partners.push(PartnerStatistics {
                iri,
                name: value(row.get("name")).unwrap_or_default(),
                homepage: value(row.get("homepage")),
                license: value(row.get("license")),
                projects: number(row.get("projects")),
                quads: number(row.get("quads")),
                last_harvest: value(row.get("last")),
                share: shares.get(&id).copied().unwrap_or_default(),
                example: value(row.get("example")).and_then(|e| NamedNode::new(e).ok()),
                id,
            });
        }
        Ok(partners)
    }

    fn count(&self, query: &Sparql) -> Result<u64, StoreError> {
        super::count(self.select_one(query)?)
    }
}

/// The lexical value of a literal, or an IRI's text.
fn value(term: Option<&Term>) -> Option<String> {
    match term? {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::Literal(l) => Some(l.value().to_owned()),
        _ => None,
    }
}

fn number(term: Option<&Term>) -> u64 {
    value(term).and_then(|v| v.parse().ok()).unwrap_or(0)
}
