//! Partners that publish linked data: read, not scraped.
//!
//! A source with `format = "rdf"` names RDF documents or dumps, one with
//! `format = "sparql"` a SPARQL endpoint asked a `CONSTRUCT` page by page,
//! one with `format = "hub"` another Carrefour's change feed ([`hub`]).
//! Whatever the way in, the statements gathered form one graph whose
//! projects [`read`] maps onto the record's fields; each project becomes an
//! item that is its whole record, and from there the run is an HTML
//! partner's: caps, exclusions, alignment, places, checks, provenance and
//! the atomic replacement of the partner's set.
//!
//! Nothing is fetched at parse time: a JSON-LD document's remote context
//! is resolved from local copies ([`context`]) or refused.

mod context;
mod hub;
mod read;

use oxigraph::io::{RdfFormat, RdfParser};
use serde::{Deserialize, Serialize};
use url::Url;

use super::cache::PageCache;
use super::discover::{Discovered, Item};
use super::error::{HarvestError, PageKind};
use super::extract::Extraction;
use super::fetch::{FetchError, Fetcher, Page, Response};
use super::report::{HarvestReport, Skipped};
use crate::mapping::{Format, Source};
use crate::record::{Relay, canonicalize};
use crate::store::Sparql;

pub use hub::FeedState;
pub use read::{Described, Graph};

/// What RDF sources are asked for, best first.
const RDF_MEDIA_TYPES: &str = "application/n-triples, application/n-quads, text/turtle, \
     application/trig;q=0.9, application/ld+json;q=0.9, application/rdf+xml;q=0.8, */*;q=0.1";

/// Projects asked of a SPARQL endpoint per request, by default.
const SPARQL_PAGE: usize = 500;

/// What a linked-data source says of a record beyond its fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Declared {
    /// The record's own licence (a hub republishes each partner under
    /// that partner's); else the mapping's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<Url>,
    /// Theme codes of `ontology/themes.ttl` the data links to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// The other hub's record and the partner it credits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<Relay>,
}

/// Reads a linked-data source: its documents, endpoint pages or feed.
/// `old` and `new` are the partner's page caches, where a hub source
/// keeps how far it read the other hub's feed.
pub(super) async fn discover(
    fetcher: &Fetcher,
    source: &Source,
    index: usize,
    caches: (&PageCache, &mut PageCache),
    report: &mut HarvestReport,
) -> Result<Discovered, HarvestError> {
    let listing = source
        .listing
        .as_ref()
        .expect("a linked-data source has a listing");
    let fetcher = fetcher.accepting(RDF_MEDIA_TYPES);
    let (pages, described) = match listing.format {
        Format::Hub => {
            let feed = &source.discovery.start[0].url;
            hub::follow(&fetcher, feed, caches, report).await?
        }
        Format::Sparql => {
            let size = listing.page_size.unwrap_or(SPARQL_PAGE);
            let query = listing.query.as_deref();
            let (pages, graph) = read_endpoints(&fetcher, source, query, size, report).await?;
            (pages, projects(&graph, report))
        }
        _ => {
            let (pages, graph) = read_documents(&fetcher, source, report).await?;
            (pages, projects(&graph, report))
        }
    };
    let items = described
        .into_iter()
        .map(|project| item(project, index, &source.tags))
        .collect();
    Ok(Discovered { pages, items })
}

/// The projects of a graph; one that cannot be read is listed as invalid.
fn projects(graph: &Graph, report: &mut HarvestReport) -> Vec<Described> {
    let mut found = Vec::new();
    for (url, project) in graph.projects() {
        match project {
            Ok(project) => found.push(project),
            Err(why) => report.invalid.push(Skipped { url, why }),
        }
    }
    found
}

fn item(project: Described, source: usize, tags: &[String]) -> Item {
    Item {
        url: canonicalize(project.source),
        identity: None,
        source,
        tags: tags.to_vec(),
        listing: Extraction {
            values: project.values,
            trace: Vec::new(),
            declared: Some(Box::new(project.declared)),
        },
    }
}

/// Every start URL's document, in one graph. The first failing is the
/// run's failure; a later one is skipped and the run is incomplete.
async fn read_documents(
    fetcher: &Fetcher,
    source: &Source,
    report: &mut HarvestReport,
) -> Result<(Vec<Url>, Graph), HarvestError> {
    let mut graph = Graph::default();
    let mut pages = Vec::new();
    for start in &source.discovery.start {
        let url = canonicalize(start.url.clone());
        match fetch_rdf(fetcher, &url, &mut graph, report).await {
            Ok(()) => pages.push(url),
            Err(error) if pages.is_empty() => return Err(error),
            Err(error) => report.errors.push(skipped(error)),
        }
    }
    Ok((pages, graph))
}

/// Every endpoint asked page after page, until a page adds nothing (or
/// `max_pages` is reached, which leaves the run incomplete).
async fn read_endpoints(
    fetcher: &Fetcher,
    source: &Source,
    query: Option<&str>,
    size: usize,
    report: &mut HarvestReport,
) -> Result<(Vec<Url>, Graph), HarvestError> {
    let mut graph = Graph::default();
    let mut pages = Vec::new();
    for start in &source.discovery.start {
        for page in 0.. {
            if pages.len() >= source.discovery.max_pages {
                let url = start.url.clone();
                let max = source.discovery.max_pages;
                report.errors.push(HarvestError::PageCap { max, url });
                return Ok((pages, graph));
            }
            let text = paged(query, size, page * size);
            let mut url = start.url.clone();
            url.query_pairs_mut().append_pair("query", &text);
            let before = graph.len();
            match fetch_rdf(fetcher, &url, &mut graph, report).await {
                Ok(()) => pages.push(url),
                Err(error) if pages.is_empty() => return Err(error),
                Err(error) => {
                    report.errors.push(skipped(error));
                    break;
                }
            }
            if graph.len() == before {
                break;
            }
        }
    }
    Ok((pages, graph))
}

/// The query for one page: the mapping's, `{limit}` and `{offset}`
/// replaced (else `LIMIT` and `OFFSET` appended); without one, every
/// project three steps deep, the `rdf:type` of what it links to aside.
pub(super) fn paged(query: Option<&str>, limit: usize, offset: usize) -> String {
    match query {
        Some(query) if query.contains("{limit}") => query
            .replace("{limit}", &limit.to_string())
            .replace("{offset}", &offset.to_string()),
        Some(query) => format!("{query}\nLIMIT {limit} OFFSET {offset}"),
        None => {
            let mut sparql = Sparql::new(
                "CONSTRUCT { ?project ?p ?o . ?o ?p2 ?o2 . ?o2 ?p3 ?o3 } WHERE {
  { SELECT DISTINCT ?project WHERE {
      { ?project a schema:Project } UNION { ?project a pair:Project }
    } ORDER BY ?project LIMIT ",
            );
            sparql.count(limit).push(" OFFSET ").count(offset).push(
                " }
  ?project ?p ?o .
  OPTIONAL { ?o ?p2 ?o2 . FILTER(?p != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>)
    OPTIONAL { ?o2 ?p3 ?o3 . FILTER(?p2 != <http://www.w3.org/1999/02/22-rdf-syntax-ns#type>) } }
}",
            );
            sparql.as_str().to_owned()
        }
    }
}

/// A failure after the first page: the page is skipped, the run goes on
/// knowing it did not see everything.
pub(super) fn skipped(error: HarvestError) -> HarvestError {
    match error {
        HarvestError::FirstPage { kind, source } => HarvestError::PageSkipped { kind, source },
        other => other,
    }
}

/// Fetches one RDF document and adds its statements (whatever their
/// graph) to `graph`.
pub(super) async fn fetch_rdf(
    fetcher: &Fetcher,
    url: &Url,
    graph: &mut Graph,
    report: &mut HarvestReport,
) -> Result<(), HarvestError> {
    let page = fetch_page(fetcher, url, report).await?;
    parse(&page, graph).map_err(|reason| HarvestError::Unreadable {
        kind: PageKind::Listing,
        url: url.clone(),
        reason,
    })
}

/// One document of a source, unconditionally: a failure is the source's
/// first page failing ([`skipped`] makes it a later one).
pub(super) async fn fetch_page(
    fetcher: &Fetcher,
    url: &Url,
    report: &mut HarvestReport,
) -> Result<Page, HarvestError> {
    let kind = PageKind::Listing;
    let error = match fetcher.fetch(url, None).await {
        Ok(Response::Fresh(page)) => return Ok(page),
        Ok(Response::NotModified) => FetchError::Status {
            url: url.clone(),
            status: 304,
        },
        Err(error) => {
            report.note_refused(&error);
            error
        }
    };
    let source = Box::new(error);
    Err(HarvestError::FirstPage { kind, source })
}

/// The project the JSON-LD blocks of an HTML page describe (the one whose
/// page is this one, else the first), read as a linked-data source's; a
/// block that is not valid JSON-LD is passed over.
pub(super) fn embedded(html: &scraper::Html, url: &Url) -> Option<Extraction> {
    let selector = scraper::Selector::parse(r#"script[type="application/ld+json"]"#).ok()?;
    let mut graph = Graph::default();
    for script in html.select(&selector) {
        let text: String = script.text().collect();
        let format = RdfFormat::JsonLd {
            profile: oxigraph::io::JsonLdProfileSet::empty(),
        };
        let parser = RdfParser::from_format(format)
            .with_base_iri(url.as_str())
            .ok()?;
        let quads: Result<Vec<_>, _> = parser
            .for_slice(text.as_bytes())
            .with_document_loader(context::local_copy)
            .collect();
        for quad in quads.into_iter().flatten() {
            graph.add(oxigraph::model::Triple::new(
                quad.subject,
                quad.predicate,
                quad.object,
            ));
        }
    }
    let page = canonicalize(url.clone());
    let projects: Vec<Described> = graph
        .projects()
        .into_iter()
        .filter_map(|(_, project)| project.ok())
        .collect();
    let at = projects
        .iter()
        .position(|p| canonicalize(p.source.clone()) == page)
        .unwrap_or(0);
    let project = projects.into_iter().nth(at)?;
    Some(Extraction {
        values: project.values,
        trace: Vec::new(),
        declared: Some(Box::new(project.declared)),
    })
}

/// Parses a page as RDF, in the format its media type (else its
/// extension) names.
fn parse(page: &Page, graph: &mut Graph) -> Result<(), String> {
    let format = RdfFormat::from_media_type(&page.media_type)
        .or_else(|| {
            let path = page.url.path();
            let extension = path.rsplit_once('.').map(|(_, e)| e)?;
            RdfFormat::from_extension(extension)
        })
        .ok_or_else(|| {
            format!(
                "it is {}, not RDF: serve Turtle, N-Triples, N-Quads, TriG, RDF/XML or JSON-LD",
                page.media_type
            )
        })?;
    let parser = RdfParser::from_format(format)
        .with_base_iri(page.url.as_str())
        .map_err(|e| e.to_string())?;
    for quad in parser
        .for_slice(page.text.as_bytes())
        .with_document_loader(context::local_copy)
    {
        let quad = quad.map_err(|e| format!("not valid {format}: {e}"))?;
        graph.add(oxigraph::model::Triple::new(
            quad.subject,
            quad.predicate,
            quad.object,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
