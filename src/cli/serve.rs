//! `carrefour serve` and `carrefour demo`: the server, the harvests it
//! runs (scheduled and on demand), and its announcement in
//! `DIR/server.json` for `carrefour harvest`.

use std::path::Path;
use std::sync::Arc;

use clap::Args;

use super::{CliError, ServeArgs, block_on, harvest, open};
use crate::harvest::handoff::ServerFile;
use crate::harvest::live::{LiveHarvests, LiveOptions};
use crate::harvest::{DataDir, Harvester};
use crate::mapping::Mapping;
use crate::server::{self, AppState, ServeError};
use crate::store::Store;

/// How a serving hub harvests.
#[derive(Debug, Args)]
pub(crate) struct HubArgs {
    /// Partners harvested at once (scheduled or asked for); the others wait their turn.
    #[arg(long, value_name = "N", default_value_t = 2)]
    max_concurrent_harvests: usize,
    /// Do not harvest on the partners' schedules (POST /harvests still works).
    #[arg(long)]
    no_schedule: bool,
}

impl HubArgs {
    pub(crate) fn options(&self) -> LiveOptions {
        LiveOptions {
            max_concurrent: self.max_concurrent_harvests.max(1),
            schedule: !self.no_schedule,
        }
    }
}

/// `carrefour serve`: serves the store, harvesting the partners of
/// `mappings` on their schedule and on demand.
pub(crate) fn serve(
    args: &ServeArgs,
    mappings: Option<&Path>,
    mirror: Option<&Path>,
    hub: &HubArgs,
) -> Result<(), CliError> {
    let store = open(&args.store)?;
    let data = DataDir::new(&args.store.data);
    // A store loaded by hand (`load`) has no dumps yet, nor has one whose
    // last round a shutdown interrupted: link and write them once.
    if !data.dumps().join(crate::store::FULL_DUMP).exists() {
        store.link_same_projects()?;
        store.write_dumps(&data.dumps())?;
    }
    let live = match serve_mappings(mappings)? {
        Some(mappings) => {
            let harvester = Harvester::from_options(mirror, args.network.allow_loopback)?
                .into_store(store.clone())
                .keeping_files_in(data);
            let live = LiveHarvests::start(harvester, mappings, hub.options())
                .map_err(CliError::HarvestThread)?;
            Some(Arc::new(live))
        }
        None => None,
    };
    serve_hub(store, args, live)
}

/// `carrefour demo`: harvests every enabled partner of `mappings` from the
/// local `mirror`, then serves, harvesting again from the same mirror.
pub(crate) fn demo(
    args: &ServeArgs,
    mappings: &Path,
    mirror: &Path,
    hub: &HubArgs,
) -> Result<(), CliError> {
    let store = open(&args.store)?;
    let data = DataDir::new(&args.store.data);
    let every = crate::mapping::load_dir(mappings)?;
    let enabled: Vec<Mapping> = every
        .iter()
        .filter(|m| m.partner.enabled)
        .cloned()
        .collect();
    let harvester = Harvester::from_options(Some(mirror), args.network.allow_loopback)?
        .into_store(store.clone())
        .keeping_files_in(data);
    let reports = block_on(harvest::harvest_here(&harvester, enabled))?;
    for report in &reports {
        harvester.save_report(report)?;
    }
    harvest::finish(&reports)?;
    let live =
        LiveHarvests::start(harvester, every, hub.options()).map_err(CliError::HarvestThread)?;
    let live = Arc::new(live);
    // Serve at once; the dumps follow in the background (a request before
    // they exist gets a 404 saying so).
    live.rewrite_dumps();
    serve_hub(store, args, Some(live))
}

/// Every mapping of `--mappings DIR` (disabled ones too: they can be
/// harvested on demand); without the option, those of `mappings/` if it
/// exists, else none (a server of a loaded store runs no harvests).
fn serve_mappings(dir: Option<&Path>) -> Result<Option<Vec<Mapping>>, CliError> {
    let dir = match dir {
        Some(dir) => dir,
        None if Path::new("mappings").is_dir() => Path::new("mappings"),
        None => {
            tracing::info!("no mappings directory (--mappings DIR): this server runs no harvests");
            return Ok(None);
        }
    };
    Ok(Some(crate::mapping::load_dir(dir)?))
}

/// Serves `store` until Ctrl-C or SIGTERM, running `live` harvests, and
/// announces the server in `DIR/server.json` meanwhile, so that
/// `carrefour harvest --data DIR` hands its harvests to it. At the end,
/// the harvests in flight are cancelled and the announcement removed.
fn serve_hub(
    store: Store,
    args: &ServeArgs,
    live: Option<Arc<LiveHarvests>>,
) -> Result<(), CliError> {
    let mut config = args.config()?;
    let data = DataDir::new(&args.store.data);
    let served = block_on(async {
        let listener = server::bind(args.bind).await?;
        let announcement = ServerFile::new(listener.local_addr().map_err(ServeError::Io)?)?;
        let _announced = announcement.announce(&data.server_file())?;
        config.handoff_secret = Some(announcement.secret.clone());
        let mut state = AppState::new(store, config);
        if let Some(live) = &live {
            state = state.with_harvests(Arc::clone(live));
        }
        server::serve(listener, state, server::shutdown_signal()).await?;
        Ok::<(), CliError>(())
    });
    if let Some(live) = live {
        live.close(HARVEST_WIND_DOWN);
    }
    served
}

/// How long a stopping server waits for its harvest thread. Runs stop at
/// once when cancelled, but a round's last step (linking, compaction,
/// dumps: seconds, 25 s at 100 000 projects) cannot be stopped midway, and
/// exiting while it writes would leave RocksDB's threads running past its
/// statics (the process then dies of a signal instead of exiting cleanly).
const HARVEST_WIND_DOWN: std::time::Duration = std::time::Duration::from_secs(60);
