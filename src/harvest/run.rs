//! One harvest of one partner: discover, read the detail pages, assemble
//! records, check the result, and only then replace the partner's data.
//!
//! The run fails closed: a store that cannot say what the partner publishes
//! fails it, and a run that did not see everything (a listing page failed,
//! a detail page could not be read) keeps the projects it did not see as
//! they were. Only complete runs count a project as missed, and only
//! `checks.withdraw_after` of them in a row withdraw it.

use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;

use super::align::Aligner;
use super::assemble::{Found, assemble, is_excluded_media};
use super::cache::PageCache;
use super::detail::{Pages, read_details};
use super::discover::{Discovered, Item, discover};
use super::error::HarvestError;
use super::fetch::Fetcher;
use super::origins::{Origins, entry_points};
use super::progress::Progress;
use super::publish::HarvestStore;
use super::report::{HarvestReport, Skipped, Unaligned, Verdict};
use crate::mapping::{Mapping, Target};
use crate::record::{Harvest, ProjectRecord};
use crate::store::Withdrawal;

/// What a harvest produced.
pub struct Outcome {
    pub harvest: Harvest,
    pub records: Vec<ProjectRecord>,
    pub report: HarvestReport,
    /// The detail pages read, for the next run's conditional requests.
    pub cache: PageCache,
}

/// What the detail pages gave: the records, and the keys of the projects
/// whose page could not be read (kept as they were).
#[derive(Default)]
struct Collected {
    records: Vec<ProjectRecord>,
    unread: HashSet<String>,
}

/// Harvests one partner. With a store, a run that passes its checks
/// replaces the partner's data; without one (dry run) nothing is written.
/// Pages in `cache` are fetched conditionally; `progress` counts as it goes.
/// Every hop stays on the partner's origins ([`Origins`]).
pub async fn harvest_partner(
    fetcher: &Fetcher,
    mapping: Arc<Mapping>,
    store: Option<&dyn HarvestStore>,
    cache: &PageCache,
    progress: &Progress,
) -> Outcome {
    let clock = Instant::now();
    let origins = Origins::of(&mapping);
    let fetcher = &fetcher.within(origins.clone());
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
    let caches = (cache, &mut next_cache);
    let found = discover_sources(fetcher, &mapping, caches, &mut report, progress).await;
    harvest.used = found.pages;
    let pages = Pages {
        old: cache,
        new: &mut next_cache,
        progress,
    };
    let run = Run {
        fetcher,
        mapping: &mapping,
        origins: &origins,
    };
    let collected = collect(run, &harvest, found.items, pages, &mut report).await;
    fetcher.close_browser().await;
    harvest.ended_at = Utc::now();
    report.ended_at = Some(harvest.ended_at);
    report.fetch = fetcher.stats();
    report.discovery_complete = report.saw_everything();
    let previous = published_count(store, &mapping, &mut report);
    report.verdict = super::checks::verdict(&mapping, &collected.records, &report, previous);
    match store {
        Some(store) => carry_out(store, &mapping, &harvest, &collected, &mut report),
        None if !report.failed() => {
            report.verdict = Verdict::DryRun {
                projects: collected.records.len(),
            };
        }
        None => {}
    }
    report.duration_ms = clock.elapsed().as_millis();
    Outcome {
        harvest,
        records: collected.records,
        report,
        cache: next_cache,
    }
}

/// Reads every source's listing pages (or linked data), in the mapping's
/// order, and merges the items: a project found in several places (two
/// category pages, two sources) is one item carrying all their tags.
async fn discover_sources(
    fetcher: &Fetcher,
    mapping: &Mapping,
    (old, new): (&PageCache, &mut PageCache),
    report: &mut HarvestReport,
    progress: &Progress,
) -> Discovered {
    let mut found = Discovered {
        pages: Vec::new(),
        items: Vec::new(),
    };
    for (index, source) in mapping.sources.iter().enumerate() {
        let fetcher = fetcher.rendering(source.discovery.render);
        let discovered = if source.is_linked_data() {
            super::linked::discover(&fetcher, source, index, (old, &mut *new), report).await
        } else {
            discover(&fetcher, source, index, report).await
        };
        match discovered {
            Ok(discovered) => {
                (0..discovered.pages.len()).for_each(|_| progress.page());
                found.pages.extend(discovered.pages);
                found.items.extend(discovered.items);
            }
            Err(error) => report.errors.push(error),
        }
    }
    report.listing_pages = found.pages.len();
    found.items = merge_items(found.items, mapping);
    progress.items(found.items.len());
    found
}

/// One item per project, in the order first found; tags gathered from
/// every place it was found, in the order the mapping declares them.
fn merge_items(items: Vec<Item>, mapping: &Mapping) -> Vec<Item> {
    let partner = &mapping.partner.id;
    let mut merged: Vec<Item> = Vec::with_capacity(items.len());
    let mut position = std::collections::HashMap::new();
    for item in items {
        match position.entry(item.key(partner)) {
            std::collections::hash_map::Entry::Occupied(at) => {
                let first: &mut Item = &mut merged[*at.get()];
                first.tags.extend(item.tags);
            }
            std::collections::hash_map::Entry::Vacant(at) => {
                at.insert(merged.len());
                merged.push(item);
            }
        }
    }
    let declared = declared_tags(mapping);
    let rank = |tag: &String| declared.iter().position(|d| d == tag);
    for item in &mut merged {
        item.tags.sort_by_key(|tag| rank(tag));
        item.tags.dedup();
    }
    merged
}

/// Every tag the mapping gives, in the order it gives them: each source's
/// own, then its start URLs'.
fn declared_tags(mapping: &Mapping) -> Vec<String> {
    let mut tags = Vec::new();
    for source in &mapping.sources {
        let starts = source.discovery.start.iter().flat_map(|s| &s.tags);
        for tag in source.tags.iter().chain(starts) {
            if !tags.contains(tag) {
                tags.push(tag.clone());
            }
        }
    }
    tags
}

/// How many projects the partner publishes now; a store that cannot say
/// makes the run unjudgeable, hence failed ([`HarvestError::Judging`]),
/// never a run compared against 0.
fn published_count(
    store: Option<&dyn HarvestStore>,
    mapping: &Mapping,
    report: &mut HarvestReport,
) -> usize {
    let Some(store) = store else { return 0 };
    match store.published_count(&mapping.partner.id) {
        Ok(count) => usize::try_from(count).unwrap_or(usize::MAX),
        Err(error) => {
            report.errors.push(HarvestError::Judging(error.to_string()));
            0
        }
    }
}

/// Publishes a run that passed its checks, or records one that failed.
fn carry_out(
    store: &dyn HarvestStore,
    mapping: &Mapping,
    harvest: &Harvest,
    collected: &Collected,
    report: &mut HarvestReport,
) {
    if !report.failed() {
        let withdrawal = Withdrawal {
            after: mapping.checks.withdraw_after,
            complete: report.discovery_complete,
            unread: collected.unread.clone(),
        };
        match store.publish(&mapping.partner, harvest, &collected.records, &withdrawal) {
            Ok(replacement) => {
                report.tombstoned = replacement.tombstoned;
                report.kept_unseen = replacement.kept;
                report.missed = replacement.missed;
                if replacement.kept > 0 {
                    report.warnings.push(format!(
                        "{} published projects this run did not see were kept as they were",
                        replacement.kept
                    ));
                }
                return;
            }
            Err(error) => {
                let error = HarvestError::Publishing(error.to_string());
                report.verdict = Verdict::Failed {
                    reasons: vec![error.to_string()],
                };
                report.errors.push(error);
            }
        }
    }
    if let Verdict::Failed { reasons } = &report.verdict {
        if let Err(error) = store.record_failure(harvest, reasons) {
            report
                .errors
                .push(HarvestError::Recording(error.to_string()));
        }
    }
}

/// What the detail stage of one run works with.
#[derive(Clone, Copy)]
struct Run<'a> {
    fetcher: &'a Fetcher,
    mapping: &'a Arc<Mapping>,
    origins: &'a Origins,
}

/// Reads every item's detail page and assembles the records.
async fn collect(
    run: Run<'_>,
    harvest: &Harvest,
    items: Vec<Item>,
    pages: Pages<'_>,
    report: &mut HarvestReport,
) -> Collected {
    let mapping = run.mapping;
    report.items_found = items.len();
    let items: Vec<Item> = items
        .into_iter()
        .filter(|item| keep(item, mapping, run.origins, report))
        .collect();
    let aligner = Aligner::new();
    let (mut tags, mut stages) = (BTreeMap::new(), BTreeMap::new());
    // Each record is assembled as its page arrives (the page's values are
    // dropped at once), then put in the order of their URLs, so that runs
    // compare line by line and the first of two items with one key wins
    // whatever order the pages came in.
    let mut assembled = Vec::new();
    let unread = read_details(
        run.fetcher,
        mapping,
        items,
        pages,
        report,
        |item, mut values| {
            // Where it was found (a category page) is a tag like the page's own.
            let keywords = values.values.entry(Target::Keywords).or_default();
            keywords.extend(item.tags.iter().cloned());
            if keywords.is_empty() {
                values.values.remove(&Target::Keywords);
            }
            let found = Found {
                url: &item.url,
                identity: item.identity.as_deref(),
                source: &mapping.sources[item.source],
            };
            let record = assemble(&values, &found, mapping, harvest, &aligner);
            if let Ok(record) = &record {
                let table = &mapping.alignment;
                for tag in &record.keywords {
                    if !aligner.aligns(tag, table) {
                        *tags.entry(tag.clone()).or_insert(0) += 1;
                    }
                }
                if let (None, Some(label)) = (record.stage, values.first(Target::Stage)) {
                    *stages.entry(label.to_owned()).or_insert(0) += 1;
                }
            }
            assembled.push((item.url.to_string(), record));
        },
    )
    .await;
    assembled.sort_by(|a, b| a.0.cmp(&b.0));
    let mut keys = HashSet::new();
    let mut records = Vec::with_capacity(assembled.len());
    for (url, record) in assembled {
        match record {
            Ok(record) if keys.insert(record.key()) => records.push(record),
            Ok(_) => {}
            Err(why) => report.invalid.push(Skipped { url, why }),
        }
    }
    report.unaligned = Unaligned {
        tags: Unaligned::top(tags),
        stages: Unaligned::top(stages),
    };
    report.items_kept = records.len();
    report.items_invalid = report.invalid.len();
    report.items_excluded = report.excluded.len();
    report.coverage = super::checks::coverage(&records);
    report.places = super::place::PlaceCounts::of(&records);
    Collected { records, unread }
}

/// Whether an item may be harvested at all (on the partner's site, and not
/// excluded by the charter).
fn keep(item: &Item, mapping: &Mapping, origins: &Origins, report: &mut HarvestReport) -> bool {
    let exclude = &mapping.exclude;
    // A linked-data item is read from the source, never fetched: its link
    // back may be anywhere (another hub relays many partners' pages).
    let fetched = !mapping.sources[item.source].is_linked_data();
    let why = if fetched && !origins.permits(&item.url) {
        Some(format!(
            "off-site: not a page of the partner's origins ({origins})"
        ))
    } else if let Some(pattern) = exclude
        .urls
        .iter()
        .find(|p| p.0.is_match(item.url.as_str()))
    {
        Some(format!("URL matches exclude.urls {:?}", pattern.0.as_str()))
    } else if is_excluded_media(&item.url, &exclude.media) {
        Some("links to an excluded media type".to_owned())
    } else if exclude.projects.contains(&item.key(&mapping.partner.id)) {
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
