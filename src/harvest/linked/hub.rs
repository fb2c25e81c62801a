//! Another Carrefour hub as a partner, kept in step through its change feed.
//!
//! The feed (`/changes`, Activity Streams 2.0) numbers every project the
//! hub created, updated and withdrew. A run reads it from where the last
//! run stopped (the count is kept in the partner's page cache, with what
//! each project said then), asks the hub's SPARQL endpoint for the
//! records of the projects created or updated since, forty at a time, and
//! drops the withdrawn ones. The first run reads the feed from 0, which
//! replays every project the hub publishes. Each record read keeps the
//! other hub's attribution: its partner, source page and licence, plus
//! that hub's record ([`crate::record::Relay`]).
//!
//! Any failure (the feed, a page of it, the endpoint) fails discovery
//! before the kept state moves: the run keeps the partner's data, and the
//! next one reads the same changes again.

use std::collections::{BTreeMap, BTreeSet};

use oxigraph::model::{NamedNode, NamedNodeRef};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use url::Url;

use super::{Described, Graph, fetch_page, fetch_rdf, skipped};
use crate::harvest::cache::PageCache;
use crate::harvest::error::{HarvestError, PageKind};
use crate::harvest::fetch::Fetcher;
use crate::harvest::report::{HarvestReport, Skipped};
use crate::store::Sparql;

/// Projects asked of the hub's endpoint per request.
const BATCH: usize = 40;

/// Feed pages read in one run at most (a hub's page holds 100 changes).
const MAX_FEED_PAGES: usize = 10_000;

/// How far a partner's run read another hub's feed, and what it read.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FeedState {
    /// Changes read: the `since` of the next request.
    pub read: u64,
    /// The projects the hub publishes, by their IRI there.
    pub projects: BTreeMap<String, Described>,
}

/// Reads the feed at `feed` from the cached position, and the records of
/// the projects that changed since. Returns the pages read and every
/// project the hub publishes now.
pub(super) async fn follow(
    fetcher: &Fetcher,
    feed: &Url,
    (old, new): (&PageCache, &mut PageCache),
    report: &mut HarvestReport,
) -> Result<(Vec<Url>, Vec<Described>), HarvestError> {
    let kept = old.feeds.get(feed.as_str()).cloned().unwrap_or_default();
    // Until this run succeeds, the next one starts where this one did.
    new.feeds.insert(feed.to_string(), kept.clone());
    let mut state = kept;
    let json = fetcher.accepting("application/activity+json, application/ld+json;q=0.9");
    let collection = fetch_json(&json, feed, report).await?;
    let total = collection["totalItems"].as_u64().ok_or_else(|| {
        unreadable(
            feed,
            "it has no totalItems: is it a Carrefour /changes feed?",
        )
    })?;
    if total < state.read {
        report.warnings.push(format!(
            "{feed} lists {total} changes, fewer than the {} read: read again from the start",
            state.read
        ));
        state = FeedState::default();
    }
    let mut pages = vec![feed.clone()];
    let changed = read_changes(&json, feed, &mut state, &mut pages, report).await?;
    let endpoint = feed
        .join("sparql")
        .map_err(|e| unreadable(feed, &format!("no endpoint beside it: {e}")))?;
    let changed: Vec<String> = changed.into_iter().collect();
    for batch in changed.chunks(BATCH) {
        let url = records_query(&endpoint, batch);
        let mut graph = Graph::default();
        fetch_rdf(fetcher, &url, &mut graph, report)
            .await
            .map_err(skipped)?;
        pages.push(url);
        let mut read: BTreeMap<String, Described> = BTreeMap::new();
        for (subject, project) in graph.projects() {
            match project {
                Ok(project) => {
                    read.insert(subject, project);
                }
                Err(why) => report.invalid.push(Skipped { url: subject, why }),
            }
        }
        for iri in batch {
            match read.remove(iri) {
                Some(project) => state.projects.insert(iri.clone(), project),
                // Withdrawn between the feed and the query: the next
                // page of the feed says so.
                None => state.projects.remove(iri),
            };
        }
    }
    let projects = state.projects.values().cloned().collect();
    new.feeds.insert(feed.to_string(), state);
    Ok((pages, projects))
}

/// Reads the feed's pages from `state.read`, dropping withdrawn projects
/// from `state` and returning those created or updated since.
async fn read_changes(
    json: &Fetcher,
    feed: &Url,
    state: &mut FeedState,
    pages: &mut Vec<Url>,
    report: &mut HarvestReport,
) -> Result<BTreeSet<String>, HarvestError> {
    let mut changed = BTreeSet::new();
    let mut next = Some(since(feed, state.read));
    while let Some(url) = next.take() {
        if pages.len() > MAX_FEED_PAGES {
            let max = MAX_FEED_PAGES;
            return Err(HarvestError::PageCap { max, url });
        }
        let page = fetch_json(json, &url, report).await.map_err(skipped)?;
        let items = page["orderedItems"]
            .as_array()
            .ok_or_else(|| unreadable(&url, "it has no orderedItems"))?;
        for activity in items {
            let object = &activity["object"];
            let Some(iri) = object.as_str().or_else(|| object["id"].as_str()) else {
                continue;
            };
            let Ok(iri) = NamedNode::new(iri) else {
                continue;
            };
            let iri = iri.into_string();
            match activity["type"].as_str() {
                Some("Create" | "Update") => {
                    changed.insert(iri);
                }
                Some("Delete") => {
                    changed.remove(&iri);
                    state.projects.remove(&iri);
                }
                _ => {}
            }
        }
        let start = page["startIndex"].as_u64().unwrap_or(state.read);
        state.read = start + items.len() as u64;
        pages.push(url);
        next = page["next"].as_str().and_then(|n| Url::parse(n).ok());
    }
    Ok(changed)
}

/// `{feed}?since=N`.
fn since(feed: &Url, read: u64) -> Url {
    let mut url = feed.clone();
    url.query_pairs_mut()
        .clear()
        .append_pair("since", &read.to_string());
    url
}

/// The records of `projects` (IRIs checked again as they are written),
/// with the provenance statements of each record and the agents they
/// credit.
fn records_query(endpoint: &Url, projects: &[String]) -> Url {
    let mut sparql = Sparql::new(
        "CONSTRUCT { ?s ?p ?o . ?record ?rp ?ro . ?agent ?ap ?ao } WHERE {
  VALUES ?project { ",
    );
    for project in projects {
        if let Ok(iri) = NamedNodeRef::new(project) {
            // Checked by `NamedNode::new` when read from the feed.
            let _ = sparql.iri(iri);
            sparql.push(" ");
        }
    }
    sparql.push(
        "}
  ?project foaf:isPrimaryTopicOf ?record .
  { GRAPH ?record { ?s ?p ?o } } UNION { ?record ?rp ?ro } UNION
  { ?record prov:wasAttributedTo ?agent . ?agent ?ap ?ao }
}",
    );
    let mut url = endpoint.clone();
    url.query_pairs_mut().append_pair("query", sparql.as_str());
    url
}

async fn fetch_json(
    fetcher: &Fetcher,
    url: &Url,
    report: &mut HarvestReport,
) -> Result<Value, HarvestError> {
    let page = fetch_page(fetcher, url, report).await?;
    serde_json::from_str(&page.text).map_err(|e| unreadable(url, &format!("it is not JSON ({e})")))
}

fn unreadable(url: &Url, reason: &str) -> HarvestError {
    HarvestError::Unreadable {
        kind: PageKind::Listing,
        url: url.clone(),
        reason: reason.to_owned(),
    }
}
