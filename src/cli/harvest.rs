//! `carrefour harvest` (here, or handed to the server holding the store)
//! and `carrefour mapping explain`.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use scraper::Html;
use url::Url;

use super::CliError;
use crate::harvest::handoff::{HandOff, ServerFile};
use crate::harvest::{
    self, DataDir, HarvestReport, Harvester, HtmlPage, Origins, Progress, Response,
};
use crate::mapping::Mapping;
use crate::store::{Store, StoreError};

/// Harvests `mappings` into the store in `data`, here if the store can be
/// opened, else through the server holding it (announced in
/// `DIR/server.json`).
pub fn harvest(
    harvester: Harvester,
    mappings: Vec<Mapping>,
    data: &DataDir,
    opened: Result<Store, CliError>,
) -> Result<(), CliError> {
    match opened {
        Ok(store) => {
            let harvester = harvester.into_store(store).keeping_files_in(data.clone());
            let reports = super::block_on(harvest_here(&harvester, mappings))?;
            for report in &reports {
                harvester.save_report(report)?;
            }
            harvester.finish_round()?;
            finish(&reports)
        }
        Err(CliError::Store(error)) if is_locked(&error) => hand_off(data, &mappings),
        Err(error) => Err(error),
    }
}

/// A dry run: harvests and prints the reports, never touching the store.
pub fn dry_run(harvester: &Harvester, mappings: Vec<Mapping>) -> Result<(), CliError> {
    let reports = super::block_on(harvest_here(harvester, mappings))?;
    println!(
        "{}",
        serde_json::to_string_pretty(&reports).unwrap_or_default()
    );
    finish(&reports)
}

/// Harvests in this process, with a progress line per partner.
pub async fn harvest_here(
    harvester: &Harvester,
    mappings: Vec<Mapping>,
) -> Result<Vec<HarvestReport>, CliError> {
    let mut display = Display::new();
    let progress = display.add_all(mappings.iter().map(|m| m.partner.id.as_str()));
    let ticker = display.start();
    let reports = harvester
        .harvest_all(mappings, |partner| Arc::clone(&progress[partner]))
        .await;
    ticker.abort();
    display.finish();
    Ok(reports?)
}

/// Whether opening the store failed because another process holds it.
fn is_locked(error: &StoreError) -> bool {
    super::error_chain(error)
        .to_ascii_lowercase()
        .contains("lock file")
}

/// Hands the harvest of `mappings` to the server announced in
/// `DIR/server.json`, follows it, and reports as a local harvest would.
fn hand_off(data: &DataDir, mappings: &[Mapping]) -> Result<(), CliError> {
    let busy = |why: String| CliError::StoreBusy {
        dir: data.root().to_owned(),
        why,
    };
    let Some(announced) = ServerFile::read(&data.server_file())? else {
        return Err(busy(
            "no server announced itself in it (server.json)".into(),
        ));
    };
    let server = HandOff::new(&announced)?;
    super::block_on(async {
        if !server.is_reachable().await {
            return Err(busy(format!(
                "no server answers at {} (server.json is left from a server that stopped?)",
                server.address()
            )));
        }
        tracing::info!(
            "the store in {} is held by the server at http://{}/ (process {}): handing the harvests to it \
             (it harvests with its own mappings and --mirror)",
            data.root().display(),
            server.address(),
            announced.pid
        );
        let partners: Vec<String> = mappings.iter().map(|m| m.partner.id.clone()).collect();
        let mut display = Display::new();
        let progress = display.add_all(partners.iter().map(String::as_str));
        let ticker = display.start();
        let outcomes = server
            .harvest(&partners, |partner| Arc::clone(&progress[partner]))
            .await;
        ticker.abort();
        display.finish();
        let mut failed = Vec::new();
        for outcome in outcomes? {
            if outcome.failed {
                tracing::error!("{}", outcome.summary);
                failed.push(outcome.partner);
            } else {
                tracing::info!("{}", outcome.summary);
            }
        }
        tracing::info!(
            "the server wrote the reports in {}",
            data.reports().display()
        );
        if failed.is_empty() {
            Ok(())
        } else {
            Err(CliError::HarvestFailed(failed.join(", ")))
        }
    })
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

    /// A counter (and, on a terminal, a line) for each partner.
    fn add_all<'a>(
        &mut self,
        partners: impl Iterator<Item = &'a str>,
    ) -> HashMap<String, Arc<Progress>> {
        partners
            .map(|partner| (partner.to_owned(), self.add(partner)))
            .collect()
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

/// Logs each report's summary, and fails if any partner failed.
pub fn finish(reports: &[HarvestReport]) -> Result<(), CliError> {
    for report in reports {
        if report.failed() {
            tracing::error!("{}", report.summary());
        } else {
            tracing::info!("{}", report.summary());
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
    let fetcher = Harvester::from_options(mirror, allow_loopback)?
        .fetcher()?
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
