//! Finding a partner's projects: listing pages followed page by page (next
//! link, URL template or JSON next), or a sitemap.
//!
//! A page that fails after the first is reported ([`HarvestError::PageSkipped`])
//! and the others are still read; the run then knows it did not see
//! everything. A next page or child sitemap off the partner's origins is
//! refused by the fetcher, and counts as such a failure.

use std::collections::{HashSet, VecDeque};

use scraper::Html;
use url::Url;

use super::error::{HarvestError, PageKind};
use super::extract::{Extraction, HtmlPage, extract_html, extract_json};
use super::fetch::{FetchError, Fetcher, Page, Response};
use super::report::HarvestReport;
use super::xpath::listing_items;
use crate::mapping::{Format, Listing, Mapping, Target};
use crate::record::canonicalize;

/// A project found on a listing: its page and what the listing said of it.
#[derive(Debug, Clone)]
pub struct Item {
    pub url: Url,
    pub listing: Extraction,
}

/// The listing pages read and the items found, in order, without duplicates.
pub struct Discovered {
    pub pages: Vec<Url>,
    pub items: Vec<Item>,
}

/// Reads the partner's listing pages (or sitemap). Fails when nothing
/// could be read at all (the site is down or the start page is gone) or a
/// page is not what the mapping says.
pub async fn discover(
    fetcher: &Fetcher,
    mapping: &Mapping,
    report: &mut HarvestReport,
) -> Result<Discovered, HarvestError> {
    if let Some(sitemap) = &mapping.discovery.sitemap {
        return discover_sitemap(fetcher, &sitemap.url, &sitemap.include.0, mapping, report).await;
    }
    let listing = mapping
        .listing
        .as_ref()
        .ok_or_else(|| HarvestError::Mapping("no [listing] in the mapping".into()))?;
    let discovery = &mapping.discovery;
    let mut queue: VecDeque<Url> = discovery.start.iter().cloned().map(canonicalize).collect();
    if let Some(range) = &discovery.pages {
        for page in range.from..=range.to {
            if let Ok(url) = Url::parse(&range.template.replace("{page}", &page.to_string())) {
                queue.push_back(canonicalize(url));
            }
        }
    }
    let mut seen_pages = HashSet::new();
    let mut found = Discovered {
        pages: Vec::new(),
        items: Vec::new(),
    };
    let mut seen_items = HashSet::new();
    while let Some(url) = queue.pop_front() {
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
        let kind = PageKind::Listing;
        let page = match fetch_page(fetcher, &url, report).await.map_err(Box::new) {
            Ok(page) => page,
            Err(source) if found.pages.is_empty() => {
                return Err(HarvestError::FirstPage { kind, source });
            }
            Err(source) => {
                report
                    .errors
                    .push(HarvestError::PageSkipped { kind, source });
                continue;
            }
        };
        found.pages.push(url.clone());
        let (items, next) = read_listing(&page, listing, mapping, report)?;
        let before = seen_items.len();
        for item in items {
            if seen_items.insert(item.url.clone()) {
                found.items.push(item);
            }
        }
        let new_items = seen_items.len() - before;
        if new_items == 0 && discovery.stop_when_no_new_items && found.pages.len() > 1 {
            report
                .warnings
                .push(format!("{url} gave no new project: pagination stopped"));
            break;
        }
        if let Some(next) = next {
            queue.push_back(next);
        }
    }
    report.listing_pages = found.pages.len();
    Ok(found)
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

type ListingPage = (Vec<Item>, Option<Url>);

/// The items of one listing page and the next page, if any.
fn read_listing(
    page: &Page,
    listing: &Listing,
    mapping: &Mapping,
    report: &mut HarvestReport,
) -> Result<ListingPage, HarvestError> {
    match listing.format {
        Format::Html => Ok(read_html_listing(page, listing, mapping)),
        Format::Json => read_json_listing(page, listing, mapping, report),
    }
}

fn read_html_listing(page: &Page, listing: &Listing, mapping: &Mapping) -> ListingPage {
    let html = Html::parse_document(&page.text);
    let view = HtmlPage::new(&html, &page.url);
    let mut items = Vec::new();
    for listed in listing_items(&view, listing) {
        let Some(url) = listed.href.and_then(|h| page.url.join(h.trim()).ok()) else {
            continue;
        };
        let listing_values = extract_html(&view, Some(listed.element), &listing.field);
        items.push(Item {
            url: canonicalize(url),
            listing: listing_values,
        });
    }
    let next = mapping.discovery.next.as_ref().and_then(|css| {
        let href = html
            .select(&css.selector)
            .find_map(|a| a.value().attr("href"))?;
        page.url.join(href.trim()).ok().map(canonicalize)
    });
    (items, next)
}

fn read_json_listing(
    page: &Page,
    listing: &Listing,
    mapping: &Mapping,
    report: &mut HarvestReport,
) -> Result<ListingPage, HarvestError> {
    let document: serde_json::Value =
        serde_json::from_str(&page.text).map_err(|e| HarvestError::Unreadable {
            kind: PageKind::Listing,
            url: page.url.clone(),
            reason: format!("it is not JSON ({e})"),
        })?;
    let mut items = Vec::new();
    let path = listing
        .items
        .as_ref()
        .ok_or_else(|| HarvestError::Mapping("a JSON listing needs `items`".into()))?;
    for item in path
        .select(&document)
        .into_iter()
        .flat_map(|v| v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]))
    {
        let values = extract_json(&item, &listing.field);
        match values
            .first(Target::Source)
            .and_then(|s| page.url.join(s).ok())
        {
            Some(url) => items.push(Item {
                url: canonicalize(url),
                listing: values,
            }),
            None => report.invalid.push(super::report::Skipped {
                url: page.url.to_string(),
                why: format!("an item has no `source` URL: {}", truncate_json(&item)),
            }),
        }
    }
    let next = mapping.discovery.next_json.as_ref().and_then(|path| {
        let href = path
            .select(&document)
            .into_iter()
            .find_map(|v| v.as_str())?;
        page.url.join(href).ok().map(canonicalize)
    });
    Ok((items, next))
}

fn truncate_json(value: &serde_json::Value) -> String {
    super::text::truncate_words(&value.to_string(), 120)
}

/// Project pages listed in a sitemap or sitemap index, filtered by `include`.
async fn discover_sitemap(
    fetcher: &Fetcher,
    url: &Url,
    include: &regex::Regex,
    mapping: &Mapping,
    report: &mut HarvestReport,
) -> Result<Discovered, HarvestError> {
    let mut queue = VecDeque::from([canonicalize(url.clone())]);
    let mut found = Discovered {
        pages: Vec::new(),
        items: Vec::new(),
    };
    let mut seen = HashSet::new();
    while let Some(sitemap) = queue.pop_front() {
        if found.pages.len() >= mapping.discovery.max_pages {
            report.errors.push(HarvestError::PageCap {
                max: mapping.discovery.max_pages,
                url: sitemap,
            });
            break;
        }
        let kind = PageKind::Sitemap;
        let page = match fetch_page(fetcher, &sitemap, report)
            .await
            .map_err(Box::new)
        {
            Ok(page) => page,
            Err(source) if found.pages.is_empty() => {
                return Err(HarvestError::FirstPage { kind, source });
            }
            Err(source) => {
                report
                    .errors
                    .push(HarvestError::PageSkipped { kind, source });
                continue;
            }
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
                    listing: Extraction::default(),
                });
            }
        }
    }
    report.listing_pages = found.pages.len();
    Ok(found)
}
