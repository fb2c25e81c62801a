//! Query slots: every piece of work the server does against the store — a
//! `/sparql` query or update, an API page, a document, the figures of the
//! home page, VoID and the service description — runs in one.
//!
//! A [`Slot`] is one of `max_concurrent_queries` permits, plus a
//! cancellation token that is cancelled when the work passes the time
//! limit, when it passes its memory budget (the evaluator charges what it
//! materialises to the token, see `vendor/README.md`), or when the server
//! shuts down. The evaluator checks the token in every operator loop, so
//! cancelled work stops within milliseconds whatever the query's shape,
//! and its slot is free again.
//!
//! [`run`] is the one way handlers do blocking store work: it takes a slot
//! (waiting a little when all are busy), runs the work on a blocking
//! thread on a [`Store`] limited by the slot's token, and turns a
//! cancellation into the error that says why (503 for the time limit or a
//! shutdown, 422 for memory).

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use oxigraph::sparql::CancellationToken;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinHandle;

use super::{AppError, AppState};
use crate::store::Store;

/// How long work waits for a free slot before 429: a burst (every client
/// asking again after a harvest, all caches cold at once) is served in
/// turn, but nothing queues forever.
const WAIT_FOR_SLOT: Duration = Duration::from_secs(5);

/// How long after its time limit a client is answered even if the work has
/// not stopped yet (it stops within milliseconds; this is a backstop).
pub const GRACE: Duration = Duration::from_secs(1);

/// The server's query slots.
pub struct Slots {
    permits: Arc<Semaphore>,
    /// The tokens of the work in flight, to cancel at shutdown.
    running: Mutex<HashMap<u64, CancellationToken>>,
    next_id: AtomicU64,
    stopping: AtomicBool,
    timeout: Duration,
    memory_limit: usize,
}

/// One slot, held while its work runs; dropping it frees the slot.
pub struct Slot {
    _permit: OwnedSemaphorePermit,
    id: u64,
    token: CancellationToken,
    timer: JoinHandle<()>,
    why: Stopped,
}

/// What a slot's cancellation means, kept apart from the slot so the
/// connection can tell the client while the work winds down.
#[derive(Clone)]
pub struct Stopped {
    token: CancellationToken,
    slots: Arc<Slots>,
}

impl Slots {
    /// `count` slots, each stopped after `timeout` or `memory_limit` bytes.
    pub fn new(count: usize, timeout: Duration, memory_limit: usize) -> Self {
        Slots {
            permits: Arc::new(Semaphore::new(count.max(1))),
            running: Mutex::default(),
            next_id: AtomicU64::new(0),
            stopping: AtomicBool::new(false),
            timeout,
            memory_limit,
        }
    }

    /// A slot now, or 429 (`/sparql`: clients retry on `Retry-After`).
    pub fn try_take(self: &Arc<Self>) -> Result<Slot, AppError> {
        match Arc::clone(&self.permits).try_acquire_owned() {
            Ok(permit) => Ok(self.start(permit)),
            Err(_) if self.is_stopping() => Err(AppError::ShuttingDown),
            Err(_) => Err(AppError::TooManyQueries),
        }
    }

    /// A slot within a few seconds, or 429.
    pub async fn take(self: &Arc<Self>) -> Result<Slot, AppError> {
        let permits = Arc::clone(&self.permits);
        match tokio::time::timeout(WAIT_FOR_SLOT, permits.acquire_owned()).await {
            Ok(Ok(permit)) => Ok(self.start(permit)),
            Ok(Err(_)) => Err(AppError::ShuttingDown),
            Err(_) => Err(AppError::TooManyQueries),
        }
    }

    /// Slots free right now.
    pub fn available(&self) -> usize {
        self.permits.available_permits()
    }

    /// The time limit of each slot's work.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// Shutdown: no new slot, and every running piece of work cancelled.
    pub fn stop(&self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.permits.close();
        let running = self.running.lock().unwrap_or_else(PoisonError::into_inner);
        for token in running.values() {
            token.cancel();
        }
    }

    fn is_stopping(&self) -> bool {
        self.stopping.load(Ordering::SeqCst)
    }

    fn start(self: &Arc<Self>, permit: OwnedSemaphorePermit) -> Slot {
        let token = CancellationToken::with_memory_limit(self.memory_limit);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, token.clone());
        if self.is_stopping() {
            token.cancel();
        }
        let cancel = token.clone();
        let timeout = self.timeout;
        let timer = tokio::spawn(async move {
            tokio::time::sleep(timeout).await;
            cancel.cancel();
        });
        Slot {
            _permit: permit,
            id,
            why: Stopped {
                token: token.clone(),
                slots: Arc::clone(self),
            },
            token,
            timer,
        }
    }
}

impl Slot {
    /// The token the work runs under.
    pub fn token(&self) -> &CancellationToken {
        &self.token
    }

    /// What to tell the client if the work is cancelled.
    pub fn stopped(&self) -> Stopped {
        self.why.clone()
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.timer.abort();
        self.why
            .slots
            .running
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.id);
    }
}

impl Stopped {
    /// Whether the work was cancelled (for any reason).
    pub fn is_cancelled(&self) -> bool {
        self.token.is_cancelled()
    }

    /// The error a cancelled piece of work answers with.
    pub fn error(&self) -> AppError {
        if self.token.memory_limit_exceeded() {
            AppError::TooMuchMemory(self.slots.memory_limit)
        } else if self.slots.is_stopping() {
            AppError::ShuttingDown
        } else {
            AppError::TimedOut(self.slots.timeout)
        }
    }

    /// `error`, unless it is only the echo of a cancellation (the
    /// evaluator's "cancelled", a store scan stopped), whose reason wins. A
    /// `SERVICE` endpoint that timed out stays a 502 naming it.
    pub fn explain(&self, error: AppError) -> AppError {
        match error {
            AppError::TimedOut(_) | AppError::Unavailable(_) if self.is_cancelled() => self.error(),
            error => error,
        }
    }
}

/// Runs `work` on a blocking thread, in a slot, on the store limited by the
/// slot's token; its result, or the error that says why it was stopped.
pub async fn run<T, F>(state: &AppState, work: F) -> Result<T, AppError>
where
    T: Send + 'static,
    F: FnOnce(&Store) -> Result<T, AppError> + Send + 'static,
{
    let slot = state.slots.take().await?;
    let stopped = slot.stopped();
    let store = state.store.limited(slot.token().clone());
    let backstop = state.slots.timeout() + GRACE;
    let job = tokio::task::spawn_blocking(move || {
        let result = work(&store);
        drop(slot);
        result
    });
    match tokio::time::timeout(backstop, job).await {
        Ok(Ok(result)) => result.map_err(|error| stopped.explain(error)),
        Ok(Err(panic)) => Err(AppError::unavailable(format!("the work panicked: {panic}"))),
        Err(_) => {
            state.metrics.query_timed_out();
            Err(stopped.error())
        }
    }
}
