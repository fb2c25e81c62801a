//! `carrefour harvest` and `carrefour mapping check|explain`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use scraper::Html;
use url::Url;

use super::CliError;
use crate::harvest::{
    self, FetchPolicy, Fetcher, HarvestReport, HarvestStore, HtmlPage, Mirror, Origins, PageCache,
    Progress, Response,
};
use crate::mapping::{self, Mapping};
use crate::store::Store;

/// The mappings to harvest: the named partners (ids or files), or every
/// enabled mapping of `dir`.
pub fn select_mappings(dir: &Path, names: &[String]) -> Result<Vec<Mapping>, CliError> {
    if names.is_empty() {
        return Ok(mapping::load_dir(dir)?
            .into_iter()
            .filter(|m| m.partner.enabled)
            .collect());
    }
    let mut selected = Vec::new();
    let all = if names.iter().any(|n| !n.ends_with(".toml")) {
        mapping::load_dir(dir)?
    } else {
        Vec::new()
    };
    for name in names {
        if name.ends_with(".toml") {
            selected.push(Mapping::load(Path::new(name))?);
        } else {
            let found = all.iter().find(|m| &m.partner.id == name).cloned();
            selected
                .push(found.ok_or_else(|| CliError::UnknownPartner(name.clone(), dir.to_owned()))?);
        }
    }
    Ok(selected)
}

/// A fetcher, reading the origins of `mirror_file` from disk; connecting to
/// loopback addresses only with `allow_loopback` (`--allow-loopback`).
pub fn fetcher(mirror_file: Option<&Path>, allow_loopback: bool) -> Result<Fetcher, CliError> {
    let policy = FetchPolicy {
        allow_loopback,
        ..FetchPolicy::default()
    };
    let fetcher = Fetcher::new(policy).map_err(|e| CliError::Harvest(e.to_string()))?;
    match mirror_file {
        Some(file) => Ok(fetcher.with_mirror(load_mirror(file)?)),
        None => Ok(fetcher),
    }
}

/// Reads a mirrors file: `"https://origin/" = "directory"` per line,
/// directories relative to the file.
pub fn load_mirror(file: &Path) -> Result<Mirror, CliError> {
    let bad = |reason: String| CliError::Mirror(file.to_owned(), reason);
    let text = std::fs::read_to_string(file).map_err(|e| bad(e.to_string()))?;
    let table: toml::Table = toml::from_str(&text).map_err(|e| bad(e.to_string()))?;
    let root = file.parent().unwrap_or(Path::new("."));
    let mut mirror = Mirror::new();
    for (origin, dir) in table {
        let url = Url::parse(&origin).map_err(|e| bad(format!("{origin:?}: {e}")))?;
        let dir = dir
            .as_str()
            .ok_or_else(|| bad(format!("{origin:?}: the directory must be a string")))?;
        mirror = mirror.with_origin(&url, root.join(dir));
    }
    Ok(mirror)
}

/// Harvests every mapping, partners in parallel; returns their reports.
/// With a store, each partner's page cache (`{data}/harvest-cache/`) makes
/// the requests of the next run conditional.
pub async fn harvest_all(
    fetcher: &Fetcher,
    mappings: Vec<Mapping>,
    store: Option<&Store>,
    data: &Path,
) -> Vec<HarvestReport> {
    let mut tasks = tokio::task::JoinSet::new();
    let mut display = Display::new();
    for mapping in mappings {
        let (fetcher, store) = (fetcher.clone(), store.cloned());
        let cache_file = data
            .join("harvest-cache")
            .join(format!("{}.json", mapping.partner.id));
        let progress = display.add(&mapping.partner.id);
        tasks.spawn(async move {
            // A dry run reads everything afresh and writes nothing.
            let cache = match store {
                Some(_) => PageCache::load(&cache_file),
                None => PageCache::default(),
            };
            let mapping = Arc::new(mapping);
            let target = store.as_ref().map(|s| s as &dyn HarvestStore);
            let outcome =
                harvest::harvest_partner(&fetcher, mapping, target, &cache, &progress).await;
            if store.is_some() {
                if let Err(e) = outcome.cache.save(&cache_file) {
                    tracing::warn!(file = %cache_file.display(), "cannot save the page cache: {e}");
                }
            }
            outcome.report
        });
    }
    let ticker = display.start();
    let mut reports = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok(report) => reports.push(report),
            Err(e) => tracing::error!("a harvest task failed: {e}"),
        }
    }
    ticker.abort();
    display.finish();
    reports.sort_by(|a, b| a.partner.cmp(&b.partner));
    reports
}

/// One progress line per partner (pages, projects, errors) on an
/// interactive terminal; nothing otherwise, where the log lines suffice.
struct Display {
    bars: Option<indicatif::MultiProgress>,
    partners: Vec<(Arc<Progress>, indicatif::ProgressBar)>,
}

impl Display {
    fn new() -> Display {
        let interactive = std::io::IsTerminal::is_terminal(&std::io::stderr());
        Display {
            bars: interactive.then(indicatif::MultiProgress::new),
            partners: Vec::new(),
        }
    }

    fn add(&mut self, partner: &str) -> Arc<Progress> {
        let progress = Arc::new(Progress::default());
        if let Some(bars) = &self.bars {
            let style = indicatif::ProgressStyle::with_template("{spinner} {prefix:<28} {msg}")
                .expect("a valid template");
            let bar = bars.add(indicatif::ProgressBar::new_spinner().with_style(style));
            bar.set_prefix(partner.to_owned());
            self.partners.push((progress.clone(), bar));
        }
        progress
    }

    /// Refreshes the lines ten times a second until aborted.
    fn start(&self) -> tokio::task::JoinHandle<()> {
        let partners = self.partners.clone();
        tokio::spawn(async move {
            loop {
                for (progress, bar) in &partners {
                    let c = progress.counts();
                    bar.set_message(format!(
                        "{} pages, {} projects, {} errors",
                        c.pages, c.items, c.errors
                    ));
                    bar.tick();
                }
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        })
    }

    fn finish(&self) {
        for (_, bar) in &self.partners {
            bar.finish_and_clear();
        }
    }
}

/// Logs each report, writes it as JSON under `dir`, and fails if any partner failed.
pub fn finish(reports: &[HarvestReport], dir: Option<&Path>) -> Result<(), CliError> {
    for report in reports {
        if report.failed() {
            tracing::error!("{}", report.summary());
        } else {
            tracing::info!("{}", report.summary());
        }
        if let Some(dir) = dir {
            write_report(dir, report)?;
        }
    }
    let failed: Vec<&str> = reports
        .iter()
        .filter(|r| r.failed())
        .map(|r| r.partner.as_str())
        .collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(CliError::HarvestFailed(failed.join(", ")))
    }
}

fn write_report(dir: &Path, report: &HarvestReport) -> Result<(), CliError> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(format!("{}.json", report.harvest));
    let json =
        serde_json::to_string_pretty(report).map_err(|e| CliError::Harvest(e.to_string()))?;
    std::fs::write(&path, json)?;
    Ok(())
}

/// `carrefour mapping explain FILE URL`: what each rule finds on one page,
/// fetched as a harvest would (on the partner's origins only).
pub async fn explain(
    file: &Path,
    url: &str,
    mirror: Option<&Path>,
    allow_loopback: bool,
) -> Result<String, CliError> {
    let mapping = Mapping::load(file)?;
    let url =
        Url::parse(url).map_err(|e| CliError::Harvest(format!("{url:?} is not a URL: {e}")))?;
    let fetcher = fetcher(mirror, allow_loopback)?
        .within(Origins::of(&mapping))
        .rendering(mapping.sources[0].discovery.render);
    let fetched = fetcher.fetch(&url, None).await;
    fetcher.close_browser().await;
    let page = match fetched.map_err(|e| CliError::Harvest(e.to_string()))? {
        Response::Fresh(page) => page,
        Response::NotModified => return Err(CliError::Harvest("unexpected 304".into())),
    };
    let rules = mapping
        .sources
        .iter()
        .find_map(|source| source.detail.as_ref())
        .map(|d| d.field.clone())
        .unwrap_or_default();
    let extraction = if page.media_type.contains("json") {
        let value: serde_json::Value =
            serde_json::from_str(&page.text).map_err(|e| CliError::Harvest(e.to_string()))?;
        harvest::extract_json(&value, &rules)
    } else {
        let html = Html::parse_document(&page.text);
        harvest::extract_html(&HtmlPage::new(&html, &page.url), None, &rules)
    };
    let mut out = format!(
        "{} ({}, {}, {} bytes)\n",
        page.url, page.media_type, page.encoding, page.bytes
    );
    for trace in &extraction.trace {
        let source = trace.matched.as_deref().unwrap_or("—");
        out.push_str(&format!(
            "{:<24} {:<40} {}\n",
            trace.target.as_str(),
            source,
            shown(&trace.values)
        ));
        if let Some(dropped) = &trace.dropped {
            out.push_str(&format!("{:<24} dropped: {dropped}\n", ""));
        }
    }
    Ok(out)
}

fn shown(values: &[String]) -> String {
    let joined = values
        .iter()
        .map(|v| format!("{:?}", harvest::truncate_words(v, 80)))
        .collect::<Vec<_>>()
        .join(", ");
    if joined.is_empty() {
        "(nothing)".to_owned()
    } else {
        joined
    }
}

/// Where reports go: `{data}/reports`.
pub fn reports_dir(data: &Path) -> PathBuf {
    data.join("reports")
}
