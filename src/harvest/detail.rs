//! Reading the detail pages of one run: several at a time, conditionally
//! when the last run cached them, each through the mapping's detail rules.
//!
//! A page that answers 404 or 410, or is no longer HTML, says the project
//! is gone or unusable: the item is invalid and, after enough complete runs,
//! withdrawn. A page that could not be read at all (a timeout, a 5xx, a
//! refused redirect) says nothing of the sort: its project is *unread* and
//! kept exactly as it was.

use std::collections::HashSet;
use std::sync::Arc;

use scraper::Html;
use tokio::task::JoinSet;
use url::Url;

use super::assemble::media_range_matches;
use super::cache::{CachedPage, PageCache};
use super::discover::Item;
use super::error::HarvestError;
use super::extract::{Extraction, HtmlPage, extract_html};
use super::fetch::{FetchError, Fetcher, Response};
use super::progress::Progress;
use super::report::{HarvestReport, Skipped};
use crate::mapping::{Mapping, Target};
use crate::record::project_key;

/// Detail pages fetched at once (the fetcher still enforces per-host limits).
const DETAIL_TASKS: usize = 8;

/// The page cache of the last run, and the one this run builds.
pub(super) struct Pages<'a> {
    pub(super) old: &'a PageCache,
    pub(super) new: &'a mut PageCache,
    pub(super) progress: &'a Progress,
}

/// A detail page read.
struct Detail {
    item: Item,
    values: Extraction,
    cached: CachedPage,
    not_modified: bool,
}

/// Why a detail page gave no values.
enum DetailError {
    /// Not to be harvested (robots.txt, an excluded media type).
    Excluded(Skipped),
    /// The page answered, and not with a usable project page.
    Invalid(Skipped),
    /// The page could not be read: the project is kept as it was.
    Unread { url: Url, error: Box<FetchError> },
}

/// Fetches the detail pages and applies the detail rules, handing each
/// item with its page's values to `read` as soon as they are known (items
/// of a listing without detail pages with their listing values), in no
/// particular order: nothing holds every page's values at once. Returns
/// the keys of the projects whose page could not be read.
pub(super) async fn read_details(
    fetcher: &Fetcher,
    mapping: &Arc<Mapping>,
    items: Vec<Item>,
    pages: Pages<'_>,
    report: &mut HarvestReport,
    mut read: impl FnMut(Item, Extraction),
) -> HashSet<String> {
    let mut unread = HashSet::new();
    // Items of a source without detail rules are whole records already.
    let (pending, whole): (Vec<Item>, Vec<Item>) = items
        .into_iter()
        .partition(|item| mapping.sources[item.source].detail.is_some());
    for mut item in whole {
        let values = std::mem::take(&mut item.listing);
        read(item, values);
    }
    let mut tasks = JoinSet::new();
    let mut pending = pending.into_iter();
    loop {
        while tasks.len() < DETAIL_TASKS {
            let Some(item) = pending.next() else { break };
            // A source whose pages need a browser renders its detail pages too.
            let render = mapping.sources[item.source].discovery.render;
            let (fetcher, mapping) = (fetcher.rendering(render), mapping.clone());
            let cached = pages.old.pages.get(item.url.as_str()).cloned();
            tasks.spawn(async move { read_detail(&fetcher, &mapping, item, cached).await });
        }
        let Some(joined) = tasks.join_next().await else {
            break;
        };
        match joined {
            Ok(Ok(detail)) => {
                pages.progress.page();
                report.detail_pages += 1;
                report.not_modified += usize::from(detail.not_modified);
                pages
                    .new
                    .pages
                    .insert(detail.item.url.to_string(), detail.cached);
                read(detail.item, detail.values);
            }
            Ok(Err(DetailError::Excluded(skipped))) => report.excluded.push(skipped),
            Ok(Err(DetailError::Invalid(skipped))) => {
                pages.progress.error();
                report.invalid.push(skipped);
            }
            Ok(Err(DetailError::Unread { url, error })) => {
                pages.progress.error();
                report.note_refused(&error);
                unread.insert(project_key(&mapping.partner.id, &url));
                report.invalid.push(Skipped {
                    url: url.to_string(),
                    why: format!("not read, the published project is kept as it was: {error}"),
                });
            }
            Err(e) => report.errors.push(HarvestError::DetailTask(e.to_string())),
        }
    }
    unread
}

async fn read_detail(
    fetcher: &Fetcher,
    mapping: &Mapping,
    item: Item,
    cached: Option<CachedPage>,
) -> Result<Detail, DetailError> {
    let skipped = |why: String| Skipped {
        url: item.url.to_string(),
        why,
    };
    let validators = cached.as_ref().map(|c| &c.validators);
    let page = match fetcher.fetch(&item.url, validators).await {
        Ok(Response::Fresh(page)) => page,
        Ok(Response::NotModified) => match cached {
            Some(cached) => return Ok(unchanged(item, cached)),
            None => {
                let error = FetchError::Status {
                    url: item.url.clone(),
                    status: 304,
                };
                return Err(DetailError::Unread {
                    url: item.url,
                    error: Box::new(error),
                });
            }
        },
        Err(FetchError::Disallowed { .. }) => {
            return Err(DetailError::Excluded(skipped(
                "disallowed by robots.txt".into(),
            )));
        }
        Err(error) if error.is_gone() => {
            return Err(DetailError::Invalid(skipped(error.to_string())));
        }
        Err(error) => {
            return Err(DetailError::Unread {
                url: item.url,
                error: Box::new(error),
            });
        }
    };
    if !page.media_type.contains("html") {
        let why = format!("not an HTML page ({})", page.media_type);
        return Err(
            if mapping
                .exclude
                .media
                .iter()
                .any(|range| media_range_matches(range, &page.media_type))
            {
                DetailError::Excluded(skipped(format!("{why}: excluded media type")))
            } else {
                DetailError::Invalid(skipped(why))
            },
        );
    }
    let html = Html::parse_document(&page.text);
    let view = HtmlPage::new(&html, &page.url);
    let detail_rules = mapping.sources[item.source].detail.as_ref();
    let rules = detail_rules.map(|d| d.field.as_slice()).unwrap_or_default();
    let mut values = extract_html(&view, None, rules).without_trace();
    if detail_rules.is_some_and(|d| d.linked_data) {
        if let Some(mut embedded) = super::linked::embedded(&html, &page.url) {
            embedded.fill_from(&values);
            values = embedded;
        }
    }
    let cached = CachedPage {
        validators: page.validators.clone(),
        values: values.values.clone(),
        declared: values.declared.clone(),
    };
    Ok(detail(item, values, cached, false))
}

/// A page the partner did not change: the values of the last run.
fn unchanged(item: Item, cached: CachedPage) -> Detail {
    let values = Extraction {
        values: cached.values.clone(),
        trace: Vec::new(),
        declared: cached.declared.clone(),
    };
    detail(item, values, cached, true)
}

/// The page's values, with what the listing said as fallback.
fn detail(item: Item, mut values: Extraction, cached: CachedPage, not_modified: bool) -> Detail {
    values.fill_from(&item.listing);
    values
        .values
        .entry(Target::Source)
        .or_insert_with(|| vec![item.url.to_string()]);
    Detail {
        item,
        values,
        cached,
        not_modified,
    }
}
