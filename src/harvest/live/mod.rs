//! Harvests inside a serving hub: on each partner's schedule, and on
//! demand, into the store the server reads.
//!
//! [`LiveHarvests`] owns a small runtime of its own (one worker thread,
//! named `carrefour-harvest`): parsing pages and writing the store happen
//! there, never on the threads that answer requests, and a harvest takes
//! no query slot, so readers keep every slot. Readers see a partner's old
//! data or its new data, never a mix: a run publishes in one transaction
//! ([`crate::store::Store::publish_harvest`]).
//!
//! - at most one run per partner is queued or running ([`runs::Registry`]);
//! - at most `max_concurrent` partners harvest at once, the others queue;
//! - the scheduler ([`timetable`]) starts each enabled partner when it is
//!   due, unless scheduling is off (`--no-schedule`);
//! - after a batch (once no run is left queued or running) the dumps are
//!   rewritten, once;
//! - [`LiveHarvests::stop`] (the server's shutdown) cancels the runs in
//!   flight: a cancelled run publishes nothing, the partner's last good
//!   data stays, as after any failed run.

pub mod runs;
pub mod timetable;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::Utc;
use serde::Serialize;
use tokio::sync::{Notify, Semaphore, watch};

use self::runs::{Registry, RunId, RunView, Trigger};
use self::timetable::Timetable;
use super::progress::Progress;
use super::reports::{self, RunSummary};
use super::round::Harvester;
use crate::mapping::{Mapping, Period};

/// How many finished runs are remembered in memory (the reports stay on disk).
const KEEP_RUNS: usize = 100;
/// The scheduler looks at the clock at least this often, so a clock that
/// jumps does not leave a partner waiting.
const LOOK_AT_THE_CLOCK: Duration = Duration::from_secs(60);
/// What a run cancelled by the shutdown says.
const CANCELLED: &str =
    "cancelled: the server is shutting down; the partner's last good data is kept";

/// How a hub harvests.
#[derive(Debug, Clone, Copy)]
pub struct LiveOptions {
    /// Partners harvested at once (`--max-concurrent-harvests`); at least 1.
    pub max_concurrent: usize,
    /// Whether enabled partners are harvested on their `[schedule]`
    /// (`--no-schedule` turns it off; requests still work).
    pub schedule: bool,
}

/// Why a run cannot start.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StartError {
    /// No mapping of this hub declares the partner.
    #[error("no partner {partner:?} here; the partners are: {}", known.join(", "))]
    UnknownPartner {
        /// The id asked for (shortened).
        partner: String,
        /// The partners this hub harvests.
        known: Vec<String>,
    },
    /// The partner is being harvested (or queued) already.
    #[error("{partner} is being harvested already: run {run}")]
    Busy {
        /// The partner.
        partner: String,
        /// The run queued or running.
        run: RunId,
    },
    /// The hub is stopping.
    #[error("the server is shutting down")]
    Stopping,
}

/// What the public may know of a partner's harvests (`GET /harvests`).
#[derive(Debug, Clone, Serialize)]
pub struct PartnerHealth {
    pub partner: String,
    /// The period of its scheduled harvests, when the hub schedules it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub every: Option<String>,
    /// Its last runs, newest first.
    pub runs: Vec<RunSummary>,
}

/// The harvests of a serving hub.
pub struct LiveHarvests {
    shared: Arc<Shared>,
    runtime: Mutex<Option<tokio::runtime::Runtime>>,
}

struct Shared {
    harvester: Harvester,
    mappings: BTreeMap<String, Arc<Mapping>>,
    runs: Mutex<Registry>,
    timetable: Mutex<Timetable>,
    scheduling: bool,
    permits: Arc<Semaphore>,
    stop: watch::Sender<bool>,
    /// Wakes the scheduler when a run starts or ends.
    wake: Notify,
    /// Serialises the rewriting of the dumps; set when a run changed the store.
    dumps: Mutex<()>,
    dumps_stale: AtomicBool,
    runtime: tokio::runtime::Handle,
}

impl LiveHarvests {
    /// Starts the harvests of `mappings` (every partner may be harvested
    /// on demand; the enabled ones on their schedule too) through
    /// `harvester`, whose store and data directory are the server's.
    pub fn start(
        harvester: Harvester,
        mappings: Vec<Mapping>,
        options: LiveOptions,
    ) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("carrefour-harvest")
            .enable_all()
            .build()?;
        let last_starts = harvester
            .data()
            .map(|data| reports::last_starts(&data.reports()))
            .unwrap_or_default();
        let schedules = mappings
            .iter()
            .filter(|m| options.schedule && m.partner.enabled)
            .map(|m| (m.partner.id.clone(), m.schedule));
        let timetable = Timetable::new(schedules, &last_starts, Utc::now(), timetable::draw);
        let first_id = u64::try_from(Utc::now().timestamp_millis()).unwrap_or(0);
        let shared = Arc::new(Shared {
            harvester,
            mappings: mappings
                .into_iter()
                .map(|m| (m.partner.id.clone(), Arc::new(m)))
                .collect(),
            runs: Mutex::new(Registry::new(KEEP_RUNS, first_id)),
            timetable: Mutex::new(timetable),
            scheduling: options.schedule,
            permits: Arc::new(Semaphore::new(options.max_concurrent.max(1))),
            stop: watch::Sender::new(false),
            wake: Notify::new(),
            dumps: Mutex::new(()),
            dumps_stale: AtomicBool::new(false),
            runtime: runtime.handle().clone(),
        });
        if options.schedule {
            runtime.spawn(schedule(Arc::clone(&shared)));
        }
        Ok(LiveHarvests {
            shared,
            runtime: Mutex::new(Some(runtime)),
        })
    }

    /// The partners this hub harvests, by id.
    pub fn partners(&self) -> Vec<String> {
        self.shared.mappings.keys().cloned().collect()
    }

    /// Starts a run of `partner` now (queued if every harvest slot is busy).
    pub fn request(&self, partner: &str) -> Result<RunView, StartError> {
        self.shared.start(partner, Trigger::Request)
    }

    /// The run `id`, while it is remembered (the last 100 finished runs).
    pub fn run(&self, id: RunId) -> Option<RunView> {
        lock(&self.shared.runs).view(id)
    }

    /// Per partner, its last `per_partner` runs from the reports on disk.
    /// Reads files: call it off the async runtime.
    pub fn health(&self, per_partner: usize) -> Vec<PartnerHealth> {
        let mut recent = self
            .shared
            .harvester
            .data()
            .map(|data| reports::recent(&data.reports(), per_partner))
            .unwrap_or_default();
        for partner in self.shared.mappings.keys() {
            recent.entry(partner.clone()).or_default();
        }
        recent
            .into_iter()
            .map(|(partner, runs)| PartnerHealth {
                every: self.schedule_of(&partner).map(|every| every.to_string()),
                partner,
                runs,
            })
            .collect()
    }

    fn schedule_of(&self, partner: &str) -> Option<Period> {
        let mapping = self.shared.mappings.get(partner)?;
        (self.shared.scheduling && mapping.partner.enabled).then_some(mapping.schedule.every)
    }

    /// Rewrites the dumps in the background (after the harvests a server
    /// ran before it started serving), serialised with the rewrites that
    /// follow each batch of runs.
    pub fn rewrite_dumps(&self) {
        let shared = Arc::clone(&self.shared);
        self.shared
            .runtime
            .spawn_blocking(move || shared.write_dumps());
    }

    /// Cancels the runs in flight and stops the scheduler; returns at once.
    pub fn stop(&self) {
        self.shared.stop.send_replace(true);
    }

    /// Stops, then waits up to `within` for the harvest thread to end.
    /// Blocks: call it outside the async runtime (after the server returned).
    pub fn close(&self, within: Duration) {
        self.stop();
        let runtime = lock(&self.runtime).take();
        if let Some(runtime) = runtime {
            runtime.shutdown_timeout(within);
        }
    }
}

impl Drop for LiveHarvests {
    /// Never blocks (it may run on the async runtime): what [`close`]
    /// did not wait for is left to end on its own.
    ///
    /// [`close`]: LiveHarvests::close
    fn drop(&mut self) {
        self.stop();
        if let Some(runtime) = lock(&self.runtime).take() {
            runtime.shutdown_background();
        }
    }
}

impl Shared {
    fn is_stopping(&self) -> bool {
        *self.stop.borrow()
    }

    /// Queues a run of `partner` and hands it to the harvest runtime.
    fn start(self: &Arc<Self>, partner: &str, trigger: Trigger) -> Result<RunView, StartError> {
        if self.is_stopping() {
            return Err(StartError::Stopping);
        }
        let Some(mapping) = self.mappings.get(partner).cloned() else {
            return Err(StartError::UnknownPartner {
                partner: partner.chars().take(80).collect(),
                known: self.mappings.keys().cloned().collect(),
            });
        };
        let mut runs = lock(&self.runs);
        let (id, progress) =
            runs.enqueue(partner, trigger, Utc::now())
                .map_err(|run| StartError::Busy {
                    partner: partner.to_owned(),
                    run,
                })?;
        let view = runs.view(id).ok_or(StartError::Stopping)?;
        drop(runs);
        tracing::info!(partner, run = %id, ?trigger, "harvest queued");
        self.runtime
            .spawn(carry_out(Arc::clone(self), id, mapping, progress));
        Ok(view)
    }

    /// Rewrites the dumps if a run changed the store since the last time.
    fn write_dumps(&self) {
        let _one_at_a_time = lock(&self.dumps);
        self.dumps_stale.store(false, Ordering::SeqCst);
        match self.harvester.finish_round_unless(|| self.is_stopping()) {
            Ok(super::RoundEnd::Finished) => tracing::info!("dumps rewritten"),
            Ok(super::RoundEnd::Interrupted) => {}
            Err(e) => tracing::error!("{e}"),
        }
    }
}

/// One run, from the queue to its end (or its cancellation).
async fn carry_out(shared: Arc<Shared>, id: RunId, mapping: Arc<Mapping>, progress: Arc<Progress>) {
    let mut stop = shared.stop.subscribe();
    let partner = mapping.partner.id.clone();
    let outcome = tokio::select! {
        _ = stop.wait_for(|stopping| *stopping) => Err(CANCELLED.to_owned()),
        outcome = harvest(&shared, id, mapping, progress) => outcome,
    };
    match &outcome {
        Ok(report) => {
            if let Err(e) = shared.harvester.save_report(report) {
                tracing::error!(partner, run = %id, "{e}");
            }
            if report.failed() {
                tracing::error!(run = %id, "{}", report.summary());
            } else {
                tracing::info!(run = %id, "{}", report.summary());
            }
            shared.dumps_stale.store(true, Ordering::SeqCst);
        }
        Err(reason) => tracing::warn!(partner, run = %id, "harvest not carried out: {reason}"),
    }
    let idle = {
        let mut runs = lock(&shared.runs);
        runs.finished(id, Utc::now(), outcome);
        runs.is_idle()
    };
    shared.wake.notify_one();
    if idle && !shared.is_stopping() && shared.dumps_stale.load(Ordering::SeqCst) {
        let dumping = Arc::clone(&shared);
        let _ = tokio::task::spawn_blocking(move || dumping.write_dumps()).await;
    }
}

/// Waits for a harvest slot, then harvests; a panic in the harvest is a
/// failed run, not a partner blocked forever.
async fn harvest(
    shared: &Arc<Shared>,
    id: RunId,
    mapping: Arc<Mapping>,
    progress: Arc<Progress>,
) -> Result<super::HarvestReport, String> {
    let _slot = Arc::clone(&shared.permits)
        .acquire_owned()
        .await
        .map_err(|_| CANCELLED.to_owned())?;
    let started = Utc::now();
    let partner = mapping.partner.id.clone();
    lock(&shared.runs).started(id, started);
    lock(&shared.timetable).started(&partner, started, timetable::draw());
    shared.wake.notify_one();
    tracing::info!(partner, run = %id, "harvest started");
    let harvester = shared.harvester.clone();
    let task = tokio::spawn(async move { harvester.harvest(mapping, &progress).await });
    // Dropping this future (the shutdown) aborts the harvest task too.
    let _abort = AbortOnDrop(task.abort_handle());
    match task.await {
        Ok(Ok(report)) => Ok(report),
        Ok(Err(e)) => Err(e.to_string()),
        Err(e) if e.is_panic() => {
            tracing::error!(partner, run = %id, "the harvest panicked: {e}");
            Err("the harvest stopped unexpectedly (the cause is in the server's log)".to_owned())
        }
        Err(_) => Err(CANCELLED.to_owned()),
    }
}

struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Starts each scheduled partner when it is due, until the hub stops.
async fn schedule(shared: Arc<Shared>) {
    let mut stop = shared.stop.subscribe();
    loop {
        let now = Utc::now();
        let due = lock(&shared.timetable).due(now);
        for partner in due {
            if lock(&shared.runs).active(&partner).is_some() {
                continue;
            }
            match shared.start(&partner, Trigger::Schedule) {
                Ok(_) | Err(StartError::Busy { .. }) => {}
                Err(StartError::Stopping) => return,
                Err(e) => tracing::error!("cannot schedule {partner}: {e}"),
            }
        }
        let wait = {
            let runs = lock(&shared.runs);
            lock(&shared.timetable).until_next(Utc::now(), |p| runs.active(p).is_none())
        };
        let wait = wait.unwrap_or(LOOK_AT_THE_CLOCK).min(LOOK_AT_THE_CLOCK);
        tokio::select! {
            _ = stop.wait_for(|stopping| *stopping) => return,
            () = shared.wake.notified() => {}
            () = tokio::time::sleep(wait) => {}
        }
    }
}

/// A mutex's data, even if a thread panicked holding it: the registry and
/// the timetable stay consistent between statements.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}
