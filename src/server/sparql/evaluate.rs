//! Evaluating a query off the async runtime, within the server's limits,
//! its results streamed to the client as they are produced.
//!
//! Oxigraph evaluates synchronously, so each query runs on a blocking
//! thread holding one of the `max_concurrent_queries` permits until it ends.
//! A timer cancels it after `query_timeout` (Oxigraph's
//! `CancellationToken`). The thread writes the results into a buffer and
//! sends the response head only once the first chunk is full or the
//! results are complete; so:
//!
//! - a failure before that point (timeout, row cap, a `SERVICE` error) is an
//!   honest status with a message: 503, 422, 400…;
//! - a failure after it aborts the transfer: the chunked body never gets its
//!   final chunk, so every client sees an error rather than a
//!   clean-looking truncated result, and never a 200 with the error text as
//!   its body.
//!
//! The evaluator checks the slot's token in every operator loop (our
//! patch of `spareval`, see `vendor/README.md`), so a cancelled query stops
//! within milliseconds and frees its slot. The connection side still keeps
//! its own deadline ([`GRACE`] after the timeout) as a backstop: it answers
//! 503, or aborts the transfer, whether or not the evaluation has noticed.

use std::io::{self, Write};
use std::sync::Arc;
use std::time::Instant;

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::{CancellationToken, SparqlEvaluator};
use tokio::runtime::Handle;
use tokio::sync::{mpsc, oneshot};

use super::cached::{self, MAX_ANSWER_BYTES, QueryKey};
use super::dataset::ProtocolDataset;
use super::formats::{Choice, content_type};
use super::protocol::QueryOperation;
use super::results::{self, Answer, Stop};
use super::{AppError, federation, parse};
use crate::server::cache::{Prepared, ResponseCache};
use crate::server::slots::{GRACE, Stopped};
use crate::server::{AppState, Metrics, ServerConfig};
use crate::store::Store;

/// Bytes buffered before the head is sent and between two chunks.
const CHUNK_BYTES: usize = 64 * 1024;

/// Chunks in flight between the evaluating thread and the connection.
const CHUNKS_IN_FLIGHT: usize = 4;

/// `query` evaluated on `state`'s store, as a streamed response; or the
/// answer kept from an earlier evaluation on the same data (see [`cached`]).
pub(super) async fn query(
    state: &AppState,
    operation: QueryOperation,
    choice: Choice,
    request: &HeaderMap,
) -> Response {
    // Read before the data: an answer is never kept under a newer revision
    // than the data it was computed from.
    let revision = state.store.revision();
    // Parsed once: the SERVICE check, the cache key and the evaluator all
    // read this one parse, and a refused query takes no slot.
    let parsed = match parse::query(&operation.text, state.store.base()).and_then(|parsed| {
        federation::check_query(&parsed.canonical, &state.config.federate_with)?;
        Ok(parsed)
    }) {
        Ok(parsed) => parsed,
        Err(error) => return error.into_response(),
    };
    let key = cached::key(&parsed.canonical, &operation, &choice);
    if let Some(answer) = key
        .as_ref()
        .and_then(|key| state.answers.get(revision, key))
    {
        state.metrics.query_finished(std::time::Duration::ZERO);
        return answer.respond(request);
    }
    let keep = key.map(|key| Keep {
        answers: Arc::clone(&state.answers),
        revision,
        key,
    });
    let slot = match state.slots.take().await {
        Ok(slot) => slot,
        Err(error) => {
            state.metrics.query_rejected();
            return error.into_response();
        }
    };
    // While it waited, the same query may have been answered (a burst of
    // the same dashboard query after a harvest is answered once).
    if let Some(answer) = keep
        .as_ref()
        .and_then(|keep| state.answers.get(revision, &keep.key))
    {
        state.metrics.query_finished(std::time::Duration::ZERO);
        return answer.respond(request);
    }
    let timeout = state.config.query_timeout;
    let stopped = slot.stopped();
    let backstop = tokio::time::Instant::now() + timeout + GRACE;
    let (head_tx, head_rx) = oneshot::channel();
    let (body_tx, body_rx) = mpsc::channel(CHUNKS_IN_FLIGHT);
    let job = Job {
        store: state.store.clone(),
        config: Arc::clone(&state.config),
        metrics: Arc::clone(&state.metrics),
        dataset: operation.dataset,
        choice,
        token: slot.token().clone(),
        stopped: stopped.clone(),
        keep,
        search: Arc::clone(&state.search),
    };
    let runtime = Handle::current();
    tokio::task::spawn_blocking(move || {
        job.run(parsed.query, Sink::new(head_tx, body_tx, runtime, backstop));
        drop(slot);
    });
    match tokio::time::timeout_at(backstop, head_rx).await {
        Ok(Ok(Ok(media_type))) => {
            let metrics = Arc::clone(&state.metrics);
            streamed(media_type, body_rx, backstop, metrics, stopped)
        }
        Ok(Ok(Err(error))) => error.into_response(),
        Ok(Err(_)) => {
            AppError::unavailable("the query evaluation stopped unexpectedly").into_response()
        }
        Err(_) => {
            state.metrics.query_timed_out();
            stopped.error().into_response()
        }
    }
}

/// The evaluator for one operation parsed by [`parse`]: the store's
/// (with the GeoSPARQL functions), cancelled by `token`.
pub(super) fn evaluator(token: CancellationToken) -> SparqlEvaluator {
    crate::store::evaluator().with_cancellation_token(token)
}

/// Where a complete answer is kept, and under what.
struct Keep {
    answers: Arc<ResponseCache<QueryKey>>,
    revision: u64,
    key: QueryKey,
}

impl Keep {
    fn answer(self, media_type: &'static str, body: Vec<u8>) {
        let vary = vec![(header::VARY, "Accept".to_owned())];
        let answer = Prepared::new(StatusCode::OK, &content_type(media_type), body, None, vary);
        self.answers.insert(self.revision, self.key, answer);
    }
}

/// A query to evaluate on a blocking thread.
struct Job {
    store: Store,
    config: Arc<ServerConfig>,
    metrics: Arc<Metrics>,
    dataset: ProtocolDataset,
    choice: Choice,
    token: CancellationToken,
    stopped: Stopped,
    keep: Option<Keep>,
    /// For `cis:search` (`index::text_search`).
    search: Arc<crate::index::LatestSearch>,
}

impl Job {
    fn run(mut self, query: spargebra::Query, mut sink: Sink) {
        let started = Instant::now();
        let (answer, media_type) = match self.start(query) {
            Ok(prepared) => prepared,
            Err(error) => return self.fail(sink, error),
        };
        sink.media_type = media_type;
        if self.keep.is_some() {
            sink.kept = Some(Vec::new());
        }
        match results::write(answer, &mut sink, self.config.max_rows) {
            Ok(()) => {
                let Ok(kept) = sink.send_rest() else {
                    return;
                };
                // Kept before the end mark goes out: a client that asks
                // again as soon as it has the whole answer finds it.
                if let (Some(keep), Some(body)) = (self.keep.take(), kept) {
                    keep.answer(media_type, body);
                }
                if sink.send(Chunk::End).is_ok() {
                    self.metrics.query_finished(started.elapsed());
                }
            }
            Err(stop) => {
                let error = self.stop_error(stop);
                self.fail(sink, error);
            }
        }
    }

    /// Starts the query; pairs the results with a format.
    fn start(&self, query: spargebra::Query) -> Result<(Answer, &'static str), AppError> {
        let service_caller = federation::caller(&self.config);
        let (name, search) =
            crate::index::search_function(Arc::clone(&self.search), self.store.clone());
        let mut query = evaluator(self.token.clone())
            .with_default_service_handler(service_caller)
            .with_custom_function(name, search)
            .for_query(query);
        self.dataset.apply_to_query(&mut query);
        let results = query
            .on_store(self.store.oxigraph())
            .execute()
            .map_err(|e| self.evaluation_error(e))?;
        self.choice.answer(results)
    }

    /// An evaluation error; a cancelled one says why (time, memory, shutdown).
    fn evaluation_error(&self, error: oxigraph::sparql::QueryEvaluationError) -> AppError {
        self.stopped
            .explain(AppError::from_evaluation(error, self.config.query_timeout))
    }

    fn stop_error(&self, stop: Stop) -> AppError {
        match stop {
            Stop::Evaluation(e) => self.evaluation_error(e),
            Stop::TooManyRows => AppError::TooManyRows(self.config.max_rows),
            Stop::Write(e) => AppError::unavailable(format!("the results could not be sent: {e}")),
        }
    }

    /// Tells the client why the query failed, and counts a timeout the
    /// client was told about (if the connection gave up first, it counted).
    fn fail(&self, sink: Sink, error: AppError) {
        let status = error.status().as_u16();
        tracing::info!(status, reason = %error, "SPARQL query refused or stopped");
        let timed_out = matches!(error, AppError::TimedOut(_));
        if sink.fail(error) && timed_out {
            self.metrics.query_timed_out();
        }
    }
}

/// The head of the response: the media type, or why there is no result.
type Head = Result<&'static str, AppError>;

/// What the evaluating thread sends the connection.
enum Chunk {
    Data(Bytes),
    /// The results are complete.
    End,
    /// The evaluation failed after the head was sent: abort the transfer.
    Failed(String),
}

/// The writer the results are serialized into: a buffer, sent as a chunk
/// when full; the head goes out with the first chunk.
struct Sink {
    head: Option<oneshot::Sender<Head>>,
    body: mpsc::Sender<Chunk>,
    buffer: Vec<u8>,
    media_type: &'static str,
    runtime: Handle,
    /// When the connection gives up: no chunk waits for room beyond it.
    backstop: tokio::time::Instant,
    /// A copy of everything sent, while the answer may still be kept
    /// (dropped once it grows past [`MAX_ANSWER_BYTES`]).
    kept: Option<Vec<u8>>,
}

impl Sink {
    fn new(
        head: oneshot::Sender<Head>,
        body: mpsc::Sender<Chunk>,
        runtime: Handle,
        backstop: tokio::time::Instant,
    ) -> Self {
        Sink {
            head: Some(head),
            body,
            buffer: Vec::with_capacity(CHUNK_BYTES),
            media_type: "application/octet-stream",
            runtime,
            backstop,
            kept: None,
        }
    }

    /// Sends what is buffered (and the head, the first time).
    fn send_buffer(&mut self) -> io::Result<()> {
        if let Some(head) = self.head.take() {
            head.send(Ok(self.media_type))
                .map_err(|_| io::Error::other("the client went away"))?;
        }
        if self.buffer.is_empty() {
            return Ok(());
        }
        if let Some(kept) = &mut self.kept {
            if kept.len() + self.buffer.len() <= MAX_ANSWER_BYTES {
                kept.extend_from_slice(&self.buffer);
            } else {
                self.kept = None;
            }
        }
        let data = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        self.send(Chunk::Data(data))
    }

    /// Waits (until the backstop at most) for room in the channel.
    fn send(&self, chunk: Chunk) -> io::Result<()> {
        let sending = tokio::time::timeout_at(self.backstop, self.body.send(chunk));
        match self.runtime.block_on(sending) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(io::Error::other("the client went away")),
            Err(_) => Err(io::Error::other("the client stopped reading the results")),
        }
    }

    /// The results are complete: sends what is still buffered (the end
    /// mark is for the caller to send); returns the copy of the whole
    /// answer, if one was kept.
    fn send_rest(&mut self) -> io::Result<Option<Vec<u8>>> {
        self.send_buffer()?;
        Ok(self.kept.take())
    }

    /// An error status if the head is not sent yet, else an aborted
    /// transfer; whether the connection was still there to be told.
    fn fail(mut self, error: AppError) -> bool {
        match self.head.take() {
            Some(head) => head.send(Err(error)).is_ok(),
            None => self.send(Chunk::Failed(error.message())).is_ok(),
        }
    }
}

impl Write for Sink {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_buffer()?;
        }
        Ok(data.len())
    }

    /// Chunks go out when full, not when a serializer flushes.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A 200 whose body is the chunks as they come; a failure, a vanished
/// evaluation or the backstop ends the stream with an error, which aborts
/// the transfer.
fn streamed(
    media_type: &'static str,
    chunks: mpsc::Receiver<Chunk>,
    backstop: tokio::time::Instant,
    metrics: Arc<Metrics>,
    stopped: Stopped,
) -> Response {
    let cut = |reason: String| {
        tracing::warn!(%reason, "SPARQL results cut: aborting the transfer");
        Some((Err(io::Error::other(reason)), None))
    };
    let stream = futures_util::stream::unfold(Some(chunks), move |chunks| {
        let metrics = Arc::clone(&metrics);
        let stopped = stopped.clone();
        async move {
            let mut chunks = chunks?;
            match tokio::time::timeout_at(backstop, chunks.recv()).await {
                Ok(Some(Chunk::Data(data))) => Some((Ok(data), Some(chunks))),
                Ok(Some(Chunk::End)) => None,
                Ok(Some(Chunk::Failed(reason))) => cut(reason),
                Ok(None) => cut("the evaluation stopped before its last result".into()),
                Err(_) => {
                    metrics.query_timed_out();
                    cut(stopped.error().message())
                }
            }
        }
    });
    let mut response = Body::from_stream(stream).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type(media_type)) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    headers.insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}
