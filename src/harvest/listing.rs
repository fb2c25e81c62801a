//! Reading one listing page: its items and its next page.
//!
//! An HTML item either links to the project's own page (`follow = true`,
//! the page is read later) or is the whole record (`follow = false`: a
//! table row, a search result without a page). A record item is known by
//! the folded values of the mapping's `key` fields, or by its `id`; its
//! link back is the listing page, with `#id` when it has one. A JSON item
//! gives its page in its `source` field.

use scraper::{ElementRef, Html};
use url::Url;

use super::discover::Item;
use super::error::{HarvestError, PageKind};
use super::extract::{Extraction, HtmlPage, extract_html, extract_json};
use super::fetch::Page;
use super::report::{HarvestReport, Skipped};
use super::text::fold;
use super::xpath::{href, listing_items};
use crate::mapping::{Format, Listing, Source, Target};
use crate::record::canonicalize;

/// What a listing page gives: its items and the next page, if any.
pub(super) struct ListingPage {
    pub(super) items: Vec<Item>,
    pub(super) next: Option<Url>,
}

/// Where the items of a page come from: the source (by index) and the tags
/// of the start URL the page was reached from.
#[derive(Debug, Clone)]
pub(super) struct Origin {
    pub(super) source: usize,
    pub(super) tags: Vec<String>,
}

/// The items of one listing page and the next page.
pub(super) fn read(
    page: &Page,
    source: &Source,
    listing: &Listing,
    origin: &Origin,
    report: &mut HarvestReport,
) -> Result<ListingPage, HarvestError> {
    match listing.format {
        Format::Html => Ok(read_html(page, source, listing, origin, report)),
        Format::Json => read_json(page, source, listing, origin, report),
        Format::Rdf | Format::Sparql | Format::Hub => Err(HarvestError::Mapping(
            "a linked-data source has no listing pages to read".into(),
        )),
    }
}

fn read_html(
    page: &Page,
    source: &Source,
    listing: &Listing,
    origin: &Origin,
    report: &mut HarvestReport,
) -> ListingPage {
    let html = Html::parse_document(&page.text);
    let view = HtmlPage::new(&html, &page.url);
    let mut items = Vec::new();
    for listed in listing_items(&view, listing) {
        let values = extract_html(&view, Some(listed.element), &listing.field).without_trace();
        let item = if listing.follow {
            linked_item(page, listed.href.as_deref(), values, origin)
        } else {
            record_item(page, listing, listed.element, values, origin)
                .map_err(|why| report.invalid.push(why))
                .ok()
        };
        items.extend(item);
    }
    let discovery = &source.discovery;
    let by_css = || {
        let css = discovery.next.as_ref()?;
        let href = html
            .select(&css.selector)
            .find_map(|a| a.value().attr("href"))?;
        Some(href.to_owned())
    };
    let by_xpath = || {
        href(
            &view,
            discovery.next_xpath.as_ref()?,
            None,
            "discovery.next_xpath",
        )
    };
    let next = by_css()
        .or_else(by_xpath)
        .and_then(|href| page.url.join(href.trim()).ok())
        .map(canonicalize);
    ListingPage { items, next }
}

/// An item linking to the project's own page; `None` without a link.
fn linked_item(
    page: &Page,
    href: Option<&str>,
    values: Extraction,
    origin: &Origin,
) -> Option<Item> {
    let url = page.url.join(href?.trim()).ok()?;
    Some(Item {
        url: canonicalize(url),
        identity: None,
        source: origin.source,
        tags: origin.tags.clone(),
        listing: values,
    })
}

/// An item that is the whole record, known by its key fields or its anchor.
fn record_item(
    page: &Page,
    listing: &Listing,
    element: ElementRef<'_>,
    values: Extraction,
    origin: &Origin,
) -> Result<Item, Skipped> {
    let anchor = anchor(element);
    let identity = if listing.key.is_empty() {
        anchor.as_ref().map(|id| format!("anchor:{id}"))
    } else {
        key_values(&values, &listing.key).map(|folded| format!("item:{folded}"))
    };
    let Some(identity) = identity else {
        let why = if listing.key.is_empty() {
            "an item without a page of its own needs an `id` to be told apart, or `key` fields in the mapping".to_owned()
        } else {
            let names: Vec<&str> = listing.key.iter().map(|t| t.as_str()).collect();
            format!("an item has no value for its key fields {names:?}")
        };
        return Err(Skipped {
            url: page.url.to_string(),
            why,
        });
    };
    let mut url = canonicalize(page.url.clone());
    url.set_fragment(element.value().id().or(anchor.as_deref()));
    Ok(Item {
        url,
        identity: Some(identity),
        source: origin.source,
        tags: origin.tags.clone(),
        listing: values,
    })
}

/// The item's `id`, or the `id`/`name` of an anchor that is its first child.
fn anchor(element: ElementRef<'_>) -> Option<String> {
    let own = element.value().id();
    let child = || {
        let first = element.children().find_map(ElementRef::wrap)?;
        let value = first.value();
        (value.name() == "a")
            .then(|| value.id().or_else(|| value.attr("name")))
            .flatten()
    };
    own.or_else(child)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
}

/// The folded values of the key fields, joined; `None` if one is missing.
fn key_values(values: &Extraction, key: &[Target]) -> Option<String> {
    let parts: Option<Vec<String>> = key
        .iter()
        .map(|target| values.first(*target).map(fold).filter(|v| !v.is_empty()))
        .collect();
    parts.map(|parts| parts.join("|"))
}

fn read_json(
    page: &Page,
    source: &Source,
    listing: &Listing,
    origin: &Origin,
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
        let values = extract_json(&item, &listing.field).without_trace();
        match values
            .first(Target::Source)
            .and_then(|s| page.url.join(s).ok())
        {
            Some(url) => items.push(Item {
                url: canonicalize(url),
                identity: None,
                source: origin.source,
                tags: origin.tags.clone(),
                listing: values,
            }),
            None => report.invalid.push(Skipped {
                url: page.url.to_string(),
                why: format!(
                    "an item has no `source` URL: {}",
                    super::text::truncate_words(&item.to_string(), 120)
                ),
            }),
        }
    }
    let next = source.discovery.next_json.as_ref().and_then(|path| {
        let href = path
            .select(&document)
            .into_iter()
            .find_map(|v| v.as_str())?;
        page.url.join(href).ok().map(canonicalize)
    });
    Ok(ListingPage { items, next })
}
