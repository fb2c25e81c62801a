//! A round of harvests: choosing the partners' mappings, building the
//! fetcher (from a mirrors file, for offline harvests), harvesting several
//! partners with their page caches, keeping their reports, and rewriting
//! the dumps once at the end.
//!
//! The command line (`carrefour harvest`, `demo`), the live hub of
//! `carrefour serve` ([`super::live`]) and the tests all harvest through a
//! [`Harvester`]; what one partner's run does is [`super::harvest_partner`]'s
//! business, not this module's. A hub keeps its files in a [`DataDir`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use url::Url;

use super::cache::PageCache;
use super::fetch::{FetchPolicy, Fetcher};
use super::mirror::Mirror;
use super::progress::Progress;
use super::publish::HarvestStore;
use super::report::HarvestReport;
use super::reports;
use super::run::harvest_partner;
use crate::index::ProjectIndex;
use crate::mapping::{self, Mapping, MappingError};
use crate::store::{Seen, Store, StoreError};

/// What a round cannot do, and what to do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RoundError {
    /// A mapping file is wrong (the error names file, line and field).
    #[error(transparent)]
    Mapping(#[from] MappingError),
    /// A partner named on the command line has no mapping.
    #[error(
        "no mapping in {dir} declares partner {partner:?}: check the id, or pass --mappings DIR"
    )]
    UnknownPartner {
        /// The partner asked for.
        partner: String,
        /// Where the mappings were looked for.
        dir: PathBuf,
    },
    /// The mirrors file cannot be used.
    #[error("mirrors file {file}: {reason}")]
    Mirror {
        /// The mirrors file.
        file: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
    /// The HTTP client cannot be built.
    #[error("cannot set up the harvester's HTTP client: {0}")]
    Fetcher(String),
    /// A report could not be written.
    #[error("cannot write the harvest report {path}: {source}")]
    Report {
        /// The report file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The store could not be compacted or the dumps rewritten.
    #[error("cannot finish the round (compact the store, rewrite the dumps): {0}")]
    Finish(#[from] StoreError),
}

/// Where a hub keeps its files: the store itself, and beside it
/// `reports/` (one JSON report per run), `harvest-cache/` (each partner's
/// page validators), `dumps/` and, while a server runs, `server.json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDir {
    root: PathBuf,
}

impl DataDir {
    /// The data directory `root` (`--data DIR`).
    pub fn new(root: impl Into<PathBuf>) -> Self {
        DataDir { root: root.into() }
    }

    /// The directory itself, where the store lives.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// `DIR/reports`: one JSON report per run.
    pub fn reports(&self) -> PathBuf {
        self.root.join("reports")
    }

    /// `DIR/harvest-cache/{partner}.json`: the validators of the partner's
    /// pages, so the next run asks conditionally.
    pub fn page_cache(&self, partner: &str) -> PathBuf {
        self.root
            .join("harvest-cache")
            .join(format!("{partner}.json"))
    }

    /// `DIR/dumps`: the gzipped N-Quads rewritten after each round.
    pub fn dumps(&self) -> PathBuf {
        self.root.join("dumps")
    }

    /// `DIR/server.json`: where a running server says how to reach it.
    pub fn server_file(&self) -> PathBuf {
        self.root.join("server.json")
    }
}

/// The mappings to harvest: the named partners (ids or `.toml` files), or
/// every enabled mapping of `dir`. A partner named explicitly is harvested
/// even if its mapping is disabled.
pub fn select_mappings(dir: &Path, names: &[String]) -> Result<Vec<Mapping>, RoundError> {
    if names.is_empty() {
        return Ok(mapping::load_dir(dir)?
            .into_iter()
            .filter(|m| m.partner.enabled)
            .collect());
    }
    let all = if names.iter().any(|n| !n.ends_with(".toml")) {
        mapping::load_dir(dir)?
    } else {
        Vec::new()
    };
    names
        .iter()
        .map(|name| {
            if name.ends_with(".toml") {
                return Ok(Mapping::load(Path::new(name))?);
            }
            all.iter()
                .find(|m| &m.partner.id == name)
                .cloned()
                .ok_or_else(|| RoundError::UnknownPartner {
                    partner: name.clone(),
                    dir: dir.to_owned(),
                })
        })
        .collect()
}

/// Reads a mirrors file: `"https://origin/" = "directory"` per line,
/// directories relative to the file.
pub fn load_mirror(file: &Path) -> Result<Mirror, RoundError> {
    let bad = |reason: String| RoundError::Mirror {
        file: file.to_owned(),
        reason,
    };
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

/// Harvests partners: with a store, publishes into it; with a data
/// directory too, keeps page caches and reports there. Without a store it
/// is a dry run: everything is read afresh and nothing is written.
#[derive(Clone)]
pub struct Harvester {
    policy: FetchPolicy,
    mirror: Mirror,
    store: Option<Store>,
    data: Option<DataDir>,
    /// Partners [`Harvester::harvest_all`] harvests at once.
    partners_at_once: usize,
}

impl Harvester {
    /// A dry-run harvester fetching under `policy`, reading the origins of
    /// `mirror` from disk. Fails if the HTTP client cannot be built.
    pub fn new(policy: FetchPolicy, mirror: Mirror) -> Result<Self, RoundError> {
        let harvester = Harvester {
            policy,
            mirror,
            store: None,
            data: None,
            partners_at_once: std::thread::available_parallelism().map_or(2, |n| n.get()),
        };
        harvester.fetcher()?;
        Ok(harvester)
    }

    /// A harvester with the production policy (loopback, and no minimum
    /// delay between two requests to a host, only with `allow_loopback`),
    /// reading the origins of `mirror_file` (a mirrors file, `--mirror`)
    /// from disk.
    pub fn from_options(
        mirror_file: Option<&Path>,
        allow_loopback: bool,
    ) -> Result<Self, RoundError> {
        let defaults = FetchPolicy::default();
        let policy = FetchPolicy {
            allow_loopback,
            // Loopback is a mirror on this machine (tests, benchmarks), which
            // needs no politeness floor; the mapping's own delay and
            // robots.txt's Crawl-delay still apply.
            min_delay: if allow_loopback {
                std::time::Duration::ZERO
            } else {
                defaults.min_delay
            },
            ..defaults
        };
        let mirror = match mirror_file {
            Some(file) => load_mirror(file)?,
            None => Mirror::new(),
        };
        Harvester::new(policy, mirror)
    }

    /// This harvester, harvesting `n` partners at once in
    /// [`Harvester::harvest_all`] (at least 1; default: one per core). A
    /// partner's run holds its records until they are published, so this
    /// bounds a round's memory: at 100 000 projects over six partners, all
    /// six at once held about a gigabyte.
    pub fn with_partners_at_once(self, n: usize) -> Self {
        Harvester {
            partners_at_once: n.max(1),
            ..self
        }
    }

    /// This harvester, publishing into `store`.
    pub fn into_store(self, store: Store) -> Self {
        Harvester {
            store: Some(store),
            ..self
        }
    }

    /// This harvester, keeping page caches and reports in `data` (only
    /// when it has a store: a dry run writes nothing).
    pub fn keeping_files_in(self, data: DataDir) -> Self {
        Harvester {
            data: Some(data),
            ..self
        }
    }

    /// The store harvests publish into, if any.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The data directory, if files are kept.
    pub fn data(&self) -> Option<&DataDir> {
        self.data.as_ref()
    }

    /// A fetcher of its own: robots.txt rules and statistics are kept per
    /// fetcher, so a long-running hub takes a fresh one for every run.
    pub fn fetcher(&self) -> Result<Fetcher, RoundError> {
        Fetcher::new(self.policy.clone())
            .map(|fetcher| fetcher.with_mirror(self.mirror.clone()))
            .map_err(|e| RoundError::Fetcher(e.to_string()))
    }

    /// Harvests one partner with a fresh fetcher; `progress` counts as it
    /// goes. The report is returned, not written (see [`Harvester::save_report`]).
    pub async fn harvest(
        &self,
        mapping: Arc<Mapping>,
        progress: &Progress,
    ) -> Result<HarvestReport, RoundError> {
        let fetcher = self.fetcher()?;
        Ok(self.harvest_with(&fetcher, mapping, progress).await)
    }

    /// Harvests every mapping on one fetcher, several partners at once (see
    /// [`Harvester::with_partners_at_once`]), each counting on the
    /// [`Progress`] `progress` gives for its id; returns the reports sorted
    /// by partner.
    pub async fn harvest_all(
        &self,
        mappings: Vec<Mapping>,
        mut progress: impl FnMut(&str) -> Arc<Progress>,
    ) -> Result<Vec<HarvestReport>, RoundError> {
        let fetcher = self.fetcher()?;
        let turns = Arc::new(tokio::sync::Semaphore::new(self.partners_at_once));
        let mut tasks = tokio::task::JoinSet::new();
        for mapping in mappings {
            let counts = progress(&mapping.partner.id);
            let (harvester, fetcher, turns) = (self.clone(), fetcher.clone(), turns.clone());
            tasks.spawn(async move {
                // The semaphore is never closed: acquiring only waits.
                let _turn = turns.acquire_owned().await;
                harvester
                    .harvest_with(&fetcher, Arc::new(mapping), &counts)
                    .await
            });
        }
        let mut reports = Vec::new();
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(report) => reports.push(report),
                Err(e) => tracing::error!("a harvest task failed: {e}"),
            }
        }
        reports.sort_by(|a, b| a.partner.cmp(&b.partner));
        Ok(reports)
    }

    /// One partner's run on `fetcher`, with its page cache when files are kept.
    async fn harvest_with(
        &self,
        fetcher: &Fetcher,
        mapping: Arc<Mapping>,
        progress: &Progress,
    ) -> HarvestReport {
        let cache_file = self.cache_file(&mapping.partner.id);
        let cache = cache_file
            .as_deref()
            .map(PageCache::load)
            .unwrap_or_default();
        let store = self.store.as_ref().map(|s| s as &dyn HarvestStore);
        let outcome = harvest_partner(fetcher, mapping, store, &cache, progress).await;
        if let Some(file) = &cache_file {
            if let Err(e) = outcome.cache.save(file) {
                tracing::warn!(file = %file.display(), "cannot save the page cache: {e}");
            }
        }
        outcome.report
    }

    /// The partner's page cache, when the harvester has a store and a
    /// data directory.
    fn cache_file(&self, partner: &str) -> Option<PathBuf> {
        self.store.as_ref()?;
        Some(self.data.as_ref()?.page_cache(partner))
    }

    /// Writes `report` in `DIR/reports/` (when the harvester has a store
    /// and a data directory); returns the file written.
    pub fn save_report(&self, report: &HarvestReport) -> Result<Option<PathBuf>, RoundError> {
        let (Some(_), Some(data)) = (&self.store, &self.data) else {
            return Ok(None);
        };
        reports::write(&data.reports(), report).map(Some)
    }

    /// The end of a round of runs: links the projects several partners
    /// list (`store::same_as`), compacts the store (so the next start does
    /// not replay the round's write-ahead logs) and rewrites the dumps in
    /// `DIR/dumps/` (when it has both).
    pub fn finish_round(&self) -> Result<(), RoundError> {
        self.finish_round_unless(|| false).map(|_| ())
    }

    /// [`Harvester::finish_round`], checking `stopping` before each step:
    /// a server shutting down does not wait for a whole round's end
    /// (25 s at 100 000 projects), only for the step in flight. An
    /// interrupted round removes the full dump, which no longer matches
    /// the data, so that the next `serve` links and writes them all again.
    pub fn finish_round_unless(&self, stopping: impl Fn() -> bool) -> Result<RoundEnd, RoundError> {
        let Some(store) = &self.store else {
            return Ok(RoundEnd::Finished);
        };
        let interrupted = || {
            if let Some(data) = &self.data {
                let full = data.dumps().join(crate::store::FULL_DUMP);
                if let Err(e) = std::fs::remove_file(&full)
                    && e.kind() != std::io::ErrorKind::NotFound
                {
                    tracing::warn!("cannot remove {}: {e}", full.display());
                }
            }
            tracing::info!("the round's end is left to the next start (stopping)");
            Ok(RoundEnd::Interrupted)
        };
        if stopping() {
            return interrupted();
        }
        // Before the dumps, which carry the links.
        let listed_twice = timed("linked the projects several partners list", || {
            store.link_same_projects()
        })?;
        if listed_twice > 0 {
            tracing::info!("{listed_twice} projects are listed by more than one partner");
        }
        if stopping() {
            return interrupted();
        }
        timed("compacted the store", || store.compact())?;
        if stopping() {
            return interrupted();
        }
        if let Some(data) = &self.data {
            // The dumps, and the `/api/projects` index (kept for the next
            // server's start) read from the same pass over the data.
            let revision = store.revision();
            let mut index = ProjectIndex::reader(store);
            let dumps = timed("rewrote the dumps and read the project index", || {
                store.write_dumps_seeing(&data.dumps(), |seen| match seen {
                    Seen::Quad(quad) => index.read(quad),
                    Seen::Again => index = ProjectIndex::reader(store),
                })
            })?;
            if !dumps.from_shares {
                tracing::info!(
                    "read the whole store for the dumps (the partners' shares were not all in step)"
                );
            }
            index.finish(store, revision)?.keep(store);
        }
        Ok(RoundEnd::Finished)
    }
}

/// How the end of a round went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RoundEnd {
    Finished,
    /// Stopped between two steps: the dumps are gone until the next start.
    Interrupted,
}

/// Runs one step of the end of a round, logging how long it took (they
/// are most of a large round's time after the pages are read).
fn timed<T>(step: &str, run: impl FnOnce() -> T) -> T {
    let started = std::time::Instant::now();
    let result = run();
    tracing::info!("{step} in {:.1} s", started.elapsed().as_secs_f64());
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_directory_holds_everything_in_its_place() {
        let data = DataDir::new("/srv/hub");
        assert_eq!(data.reports(), Path::new("/srv/hub/reports"));
        assert_eq!(
            data.page_cache("avise"),
            Path::new("/srv/hub/harvest-cache/avise.json")
        );
        assert_eq!(data.dumps(), Path::new("/srv/hub/dumps"));
        assert_eq!(data.server_file(), Path::new("/srv/hub/server.json"));
    }

    #[test]
    fn a_mirrors_file_names_its_problem() {
        let temporary = tempfile::tempdir().unwrap();
        let dir = temporary.path();
        let file = dir.join("mirrors.toml");
        std::fs::write(&file, "\"not a url\" = \"x\"\n").unwrap();
        let error = load_mirror(&file).unwrap_err().to_string();
        assert!(
            error.contains("mirrors.toml") && error.contains("not a url"),
            "{error}"
        );
        std::fs::write(&file, "\"https://a.example/\" = 3\n").unwrap();
        let error = load_mirror(&file).unwrap_err().to_string();
        assert!(error.contains("must be a string"), "{error}");
        std::fs::write(&file, "\"https://a.example/\" = \"site\"\n").unwrap();
        let mirror = load_mirror(&file).unwrap();
        let page = Url::parse("https://a.example/p.html").unwrap();
        assert_eq!(mirror.file_for(&page), Some(dir.join("site/p.html")));
    }
}
