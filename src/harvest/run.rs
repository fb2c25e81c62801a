//! One harvest of one partner: discover, read the detail pages, assemble
//! records, check the result, and only then replace the partner's data.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use scraper::Html;
use tokio::task::JoinSet;
use url::Url;

use super::align::Aligner;
use super::assemble::{assemble, is_excluded_media, media_range_matches};
use super::cache::{CachedPage, PageCache};
use super::discover::{Item, discover};
use super::extract::{Extraction, HtmlPage, extract_html};
use super::fetch::{FetchError, Fetcher, Response};
use super::progress::Progress;
use super::report::{HarvestReport, Skipped, Verdict};
use crate::mapping::{Mapping, Target};
use crate::record::{Harvest, ProjectRecord, project_key};
use crate::store::Store;

/// Detail pages fetched at once (the fetcher still enforces per-host limits).
const DETAIL_TASKS: usize = 8;

/// What a harvest produced.
pub struct Outcome {
    pub harvest: Harvest,
    pub records: Vec<ProjectRecord>,
    pub report: HarvestReport,
    /// The detail pages read, for the next run's conditional requests.
    pub cache: PageCache,
}

/// Harvests one partner. With a store, a run that passes its checks
/// replaces the partner's data; without one (dry run) nothing is written.
/// Pages in `cache` are fetched conditionally; `progress` counts as it goes.
pub async fn harvest_partner(
    fetcher: &Fetcher,
    mapping: Arc<Mapping>,
    store: Option<&Store>,
    cache: &PageCache,
    progress: &Progress,
) -> Outcome {
    let clock = Instant::now();
    let delay = std::time::Duration::from_secs_f64(mapping.politeness.delay_seconds);
    for url in entry_points(&mapping) {
        fetcher.slow_down(&url, delay);
    }
    let mut harvest = Harvest::new(&mapping.partner.id, Utc::now());
    let mut report = HarvestReport {
        partner: mapping.partner.id.clone(),
        harvest: harvest.id.clone(),
        started_at: Some(harvest.started_at),
        ..HarvestReport::default()
    };
    let mut next_cache = PageCache::default();
    let records = match discover(fetcher, &mapping, &mut report).await {
        Ok(found) => {
            (0..found.pages.len()).for_each(|_| progress.page());
            progress.items(found.items.len());
            harvest.used = found.pages;
            let pages = Pages {
                old: cache,
                new: &mut next_cache,
                progress,
            };
            collect(fetcher, &mapping, &harvest, found.items, pages, &mut report).await
        }
        Err(reason) => {
            report.errors.push(reason);
            Vec::new()
        }
    };
    harvest.ended_at = Utc::now();
    report.ended_at = Some(harvest.ended_at);
    report.fetch = fetcher.stats();
    let previous = store
        .map(|s| s.partner_project_count(&mapping.partner.id).unwrap_or(0))
        .unwrap_or(0) as usize;
    report.verdict = super::checks::verdict(&mapping, &records, &report, previous);
    if let (Verdict::Published { .. }, Some(store)) = (&report.verdict, store) {
        match store.replace_partner(&mapping.partner, &harvest, &records) {
            Ok(replacement) => report.tombstoned = replacement.tombstoned,
            Err(e) => {
                report.verdict = Verdict::Failed {
                    reasons: vec![format!("the store refused the new set: {e}")],
                };
            }
        }
    } else if let (Verdict::Failed { reasons }, Some(store)) = (&report.verdict, store) {
        if let Err(e) = store.record_failed_harvest(&harvest, reasons) {
            report
                .errors
                .push(format!("cannot record the failed harvest: {e}"));
        }
    } else if store.is_none() && !report.failed() {
        report.verdict = Verdict::DryRun {
            projects: records.len(),
        };
    }
    report.duration_ms = clock.elapsed().as_millis();
    Outcome {
        harvest,
        records,
        report,
        cache: next_cache,
    }
}

/// Reads every item's detail page and assembles the records.
async fn collect(
    fetcher: &Fetcher,
    mapping: &Arc<Mapping>,
    harvest: &Harvest,
    items: Vec<Item>,
    pages: Pages<'_>,
    report: &mut HarvestReport,
) -> Vec<ProjectRecord> {
    report.items_found = items.len();
    let items: Vec<Item> = items
        .into_iter()
        .filter(|item| keep(item, mapping, report))
        .collect();
    let extractions = read_details(fetcher, mapping, items, pages, report).await;
    let aligner = Aligner::new();
    let mut keys = HashSet::new();
    let mut records = Vec::new();
    for (url, values) in extractions {
        match assemble(&values, &url, mapping, harvest, &aligner) {
            Ok(record) if keys.insert(record.key()) => records.push(record),
            Ok(_) => {}
            Err(why) => report.invalid.push(Skipped {
                url: url.to_string(),
                why,
            }),
        }
    }
    report.items_kept = records.len();
    report.items_invalid = report.invalid.len();
    report.items_excluded = report.excluded.len();
    report.coverage = super::checks::coverage(&records);
    report.places = super::place::PlaceCounts::of(&records);
    records
}

/// Whether an item may be harvested at all (charter exclusions).
fn keep(item: &Item, mapping: &Mapping, report: &mut HarvestReport) -> bool {
    let exclude = &mapping.exclude;
    let why = if !is_partner_host(&item.url, mapping) {
        Some("off-site: not a page of the partner's hosts".to_owned())
    } else if let Some(pattern) = exclude
        .urls
        .iter()
        .find(|p| p.0.is_match(item.url.as_str()))
    {
        Some(format!("URL matches exclude.urls {:?}", pattern.0.as_str()))
    } else if is_excluded_media(&item.url, &exclude.media) {
        Some("links to an excluded media type".to_owned())
    } else if exclude
        .projects
        .contains(&project_key(&mapping.partner.id, &item.url))
    {
        Some("project key listed in exclude.projects".to_owned())
    } else {
        None
    };
    match why {
        Some(why) => {
            report.excluded.push(Skipped {
                url: item.url.to_string(),
                why,
            });
            false
        }
        None => true,
    }
}

/// Where discovery starts: the start URLs, the sitemap, the first templated page.
fn entry_points(mapping: &Mapping) -> Vec<Url> {
    let discovery = &mapping.discovery;
    let sitemap = discovery.sitemap.iter().map(|s| s.url.clone());
    let template = discovery
        .pages
        .iter()
        .filter_map(|p| Url::parse(&p.template.replace("{page}", &p.from.to_string())).ok());
    discovery
        .start
        .iter()
        .cloned()
        .chain(sitemap)
        .chain(template)
        .collect()
}

/// Whether `url` is on a host of the partner: an entry point's, or one
/// listed in `discovery.hosts`.
fn is_partner_host(url: &Url, mapping: &Mapping) -> bool {
    let host = url.host_str().unwrap_or_default();
    entry_points(mapping)
        .iter()
        .any(|u| u.host_str() == Some(host))
        || mapping.discovery.hosts.iter().any(|h| h == host)
}

/// The page cache of the last run, and the one this run builds.
struct Pages<'a> {
    old: &'a PageCache,
    new: &'a mut PageCache,
    progress: &'a Progress,
}

/// A detail page read.
struct Detail {
    url: Url,
    values: Extraction,
    cached: CachedPage,
    not_modified: bool,
}

/// Fetches the detail pages (several at a time, conditionally when the last
/// run cached them) and applies the detail rules; items of a listing
/// without detail pages keep their listing values.
async fn read_details(
    fetcher: &Fetcher,
    mapping: &Arc<Mapping>,
    items: Vec<Item>,
    pages: Pages<'_>,
    report: &mut HarvestReport,
) -> Vec<(Url, Extraction)> {
    if mapping.detail.is_none() {
        return items
            .into_iter()
            .map(|item| (item.url, item.listing))
            .collect();
    }
    let mut results = Vec::new();
    let mut tasks = JoinSet::new();
    let mut pending = items.into_iter();
    loop {
        while tasks.len() < DETAIL_TASKS {
            let Some(item) = pending.next() else { break };
            let (fetcher, mapping) = (fetcher.clone(), mapping.clone());
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
                    .insert(detail.url.to_string(), detail.cached);
                results.push((detail.url, detail.values));
            }
            Ok(Err(DetailError::Excluded(skipped))) => report.excluded.push(skipped),
            Ok(Err(DetailError::Failed(skipped))) => {
                pages.progress.error();
                report.invalid.push(skipped);
            }
            Err(e) => report.errors.push(format!("a detail task failed: {e}")),
        }
    }
    // Tasks finish in any order: sort by URL so runs compare line by line.
    results.sort_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
    results
}

enum DetailError {
    Excluded(Skipped),
    Failed(Skipped),
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
            None => return Err(DetailError::Failed(skipped("unexpected 304".into()))),
        },
        Err(FetchError::Disallowed { .. }) => {
            return Err(DetailError::Excluded(skipped(
                "disallowed by robots.txt".into(),
            )));
        }
        Err(e) => return Err(DetailError::Failed(skipped(e.to_string()))),
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
                DetailError::Failed(skipped(why))
            },
        );
    }
    let html = Html::parse_document(&page.text);
    let view = HtmlPage::new(&html, &page.url);
    let rules = mapping
        .detail
        .as_ref()
        .map(|d| d.field.as_slice())
        .unwrap_or_default();
    let values = extract_html(&view, None, rules);
    let cached = CachedPage {
        validators: page.validators.clone(),
        values: values.values.clone(),
    };
    Ok(detail(item, values, cached, false))
}

/// A page the partner did not change: the values of the last run.
fn unchanged(item: Item, cached: CachedPage) -> Detail {
    let values = Extraction {
        values: cached.values.clone(),
        trace: Vec::new(),
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
        url: item.url,
        values,
        cached,
        not_modified,
    }
}
