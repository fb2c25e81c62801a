//! Finding a partner's projects: listing pages followed page by page (next
//! link, URL template or JSON next), or a sitemap.
//!
//! A page that fails after the first is reported ([`HarvestError::PageSkipped`])
//! and the others are still read; the run then knows it did not see
//! everything. A next page or child sitemap off the partner's origins is
//! refused by the fetcher, and counts as such a failure.

use std::collections::{HashSet, VecDeque};

use url::Url;

use super::error::{HarvestError, PageKind};
use super::extract::Extraction;
use super::fetch::{FetchError, Fetcher, Page, Response};
use super::listing::{self, Origin};
use super::report::HarvestReport;
use crate::mapping::Source;
use crate::record::{canonicalize, item_key, project_key};

/// A project found on a listing: its page (or, for an item without one,
/// the listing page it is on), what the listing said of it, and the tags
/// of where it was found.
#[derive(Debug, Clone)]
pub struct Item {
    /// The project's own page; for an item without one, the listing page
    /// it is on, with `#id` when the item has an `id`: its link back.
    pub url: Url,
    /// What tells an item without a page of its own from the others
    /// (`item:` and its folded key values, or `anchor:` and its `id`);
    /// `None` when its page does.
    pub identity: Option<String>,
    /// The source it was found in (its index in `Mapping::sources`).
    pub source: usize,
    /// The tags of its source and start URL (category pages).
    pub tags: Vec<String>,
    pub listing: Extraction,
}

impl Item {
    /// The key of the project this item describes.
    pub fn key(&self, partner: &str) -> String {
        match &self.identity {
            Some(identity) => item_key(partner, identity),
            None => project_key(partner, &self.url),
        }
    }
}

/// The listing pages read and the items found, in order, without duplicates.
pub struct Discovered {
    pub pages: Vec<Url>,
    pub items: Vec<Item>,
}

/// Reads one source's listing pages (or sitemap). Fails when nothing
/// could be read at all (the site is down or the start page is gone) or a
/// page is not what the mapping says.
pub async fn discover(
    fetcher: &Fetcher,
    source: &Source,
    index: usize,
    report: &mut HarvestReport,
) -> Result<Discovered, HarvestError> {
    let origin = |tags: &[String]| Origin {
        source: index,
        tags: source.tags.iter().chain(tags).cloned().collect(),
    };
    if let Some(sitemap) = &source.discovery.sitemap {
        return discover_sitemap(
            fetcher,
            &sitemap.url,
            &sitemap.include.0,
            source,
            origin(&[]),
            report,
        )
        .await;
    }
    let listing = source
        .listing
        .as_ref()
        .ok_or_else(|| HarvestError::Mapping("no [listing] in the mapping".into()))?;
    let discovery = &source.discovery;
    // Each start URL begins a chain of pages (its next links); the
    // templated pages are one more chain. A chain stops when a page of it
    // gives nothing new.
    let mut queue: VecDeque<(Url, Origin, usize)> = discovery
        .start
        .iter()
        .enumerate()
        .map(|(chain, start)| (canonicalize(start.url.clone()), origin(&start.tags), chain))
        .collect();
    if let Some(range) = &discovery.pages {
        let chain = discovery.start.len();
        for page in range.from..=range.to {
            if let Ok(url) = Url::parse(&range.template.replace("{page}", &page.to_string())) {
                queue.push_back((canonicalize(url), origin(&[]), chain));
            }
        }
    }
    let mut seen_pages = HashSet::new();
    let mut found = Discovered {
        pages: Vec::new(),
        items: Vec::new(),
    };
    let mut seen_items = HashSet::new();
    // Items by chain: a project found under two start URLs takes its
    // values from the first in the mapping's order, whatever page order.
    let mut chains: Vec<Vec<Item>> = vec![Vec::new(); discovery.start.len() + 1];
    while let Some((url, origin, chain)) = queue.pop_front() {
        if !seen_pages.insert(url.clone()) {
            continue;
        }
        if found.pages.len() >= discovery.max_pages {
            report.errors.push(HarvestError::PageCap {
                max: discovery.max_pages,
                url,
            });
            break;
        }
        let first = found.pages.is_empty();
        let Some(page) = page_or_skip(fetcher, &url, PageKind::Listing, first, report).await?
        else {
            continue;
        };
        found.pages.push(url.clone());
        let read = listing::read(&page, source, listing, &origin, report)?;
        let before = seen_items.len();
        for item in read.items {
            // The same item twice in one start URL's pages is one item;
            // across start URLs, the run merges them (and their tags).
            if seen_items.insert((item.key(""), origin.tags.clone())) {
                chains[chain].push(item);
            }
        }
        let new_items = seen_items.len() - before;
        if new_items == 0 && discovery.stop_when_no_new_items && found.pages.len() > 1 {
            report
                .warnings
                .push(format!("{url} gave no new project: pagination stopped"));
            queue.retain(|(_, _, queued)| *queued != chain);
            continue;
        }
        if let Some(next) = read.next {
            queue.push_back((next, origin, chain));
        }
    }
    found.items = chains.into_iter().flatten().collect();
    Ok(found)
}

/// A discovery page, or `None` when it failed and was reported as
/// skipped; the `first` page failing fails the source.
async fn page_or_skip(
    fetcher: &Fetcher,
    url: &Url,
    kind: PageKind,
    first: bool,
    report: &mut HarvestReport,
) -> Result<Option<Page>, HarvestError> {
    match fetch_page(fetcher, url, report).await.map_err(Box::new) {
        Ok(page) => Ok(Some(page)),
        Err(source) if first => Err(HarvestError::FirstPage { kind, source }),
        Err(source) => {
            report
                .errors
                .push(HarvestError::PageSkipped { kind, source });
            Ok(None)
        }
    }
}

/// A discovery page; a refused hop is also listed in the report.
async fn fetch_page(
    fetcher: &Fetcher,
    url: &Url,
    report: &mut HarvestReport,
) -> Result<Page, FetchError> {
    match fetcher.fetch(url, None).await {
        Ok(Response::Fresh(page)) => Ok(page),
        // Discovery never sends validators: a 304 is a broken server.
        Ok(Response::NotModified) => Err(FetchError::Status {
            url: url.clone(),
            status: 304,
        }),
        Err(error) => {
            report.note_refused(&error);
            Err(error)
        }
    }
}

/// Project pages listed in a sitemap or sitemap index, filtered by `include`.
async fn discover_sitemap(
    fetcher: &Fetcher,
    url: &Url,
    include: &regex::Regex,
    source: &Source,
    origin: Origin,
    report: &mut HarvestReport,
) -> Result<Discovered, HarvestError> {
    let mut queue = VecDeque::from([canonicalize(url.clone())]);
    let mut found = Discovered {
        pages: Vec::new(),
        items: Vec::new(),
    };
    let mut seen = HashSet::new();
    while let Some(sitemap) = queue.pop_front() {
        if found.pages.len() >= source.discovery.max_pages {
            report.errors.push(HarvestError::PageCap {
                max: source.discovery.max_pages,
                url: sitemap,
            });
            break;
        }
        let kind = PageKind::Sitemap;
        let first = found.pages.is_empty();
        let Some(page) = page_or_skip(fetcher, &sitemap, kind, first, report).await? else {
            continue;
        };
        found.pages.push(sitemap.clone());
        let (children, urls) =
            super::sitemap::parse(&page.text).map_err(|reason| HarvestError::Unreadable {
                kind,
                url: sitemap.clone(),
                reason,
            })?;
        queue.extend(
            children
                .iter()
                .filter_map(|c| page.url.join(c).ok())
                .map(canonicalize),
        );
        for loc in urls {
            let Ok(url) = page.url.join(&loc) else {
                continue;
            };
            let url = canonicalize(url);
            if include.is_match(url.as_str()) && seen.insert(url.clone()) {
                found.items.push(Item {
                    url,
                    identity: None,
                    source: origin.source,
                    tags: origin.tags.clone(),
                    listing: Extraction::default(),
                });
            }
        }
    }
    Ok(found)
}
