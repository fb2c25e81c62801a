//! The SPARQL 1.1 Graph Store HTTP Protocol at `/store`
//! (<https://www.w3.org/TR/sparql11-http-rdf-update/>), with indirect graph
//! identification as Oxigraph and Fuseki offer it:
//!
//! - `GET`/`HEAD /store?graph=IRI`: a named graph (a record graph, the
//!   provenance graph, a reference graph), in Turtle, N-Triples, RDF/XML,
//!   JSON-LD (by `Accept`), for everyone; `404` when the store has no such
//!   graph. `/store?default` is the store's own default graph, not the
//!   union the SPARQL endpoint queries by default (a hub keeps everything
//!   in named graphs: `/dumps` and `/fragments` serve the union).
//! - `PUT` (replace), `POST` (merge; to `/store` alone: a new graph,
//!   `201 Created` with its `Location`) and `DELETE`, only with the update
//!   token, as SPARQL updates (`401`/`403` otherwise, and always with
//!   `--read-only`). A body is read in its `Content-Type` (`415` for one we
//!   do not read, `400` when it does not parse), with the graph's IRI as its
//!   base, and written in one transaction.
//!
//! Graphs are written out as they are read, in chunks, on a blocking thread
//! holding a query slot: a large graph is never held in memory, and the
//! query time limit bounds it.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedNode, Quad};

use super::slots::GRACE;
use super::{AppError, AppState, conneg};
use crate::store::Store;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/store", get(read).put(write).post(write).delete(write))
}

/// The formats a graph is served in, Turtle first.
const OFFERS: [(&str, RdfFormat); 5] = [
    ("text/turtle", RdfFormat::Turtle),
    ("application/n-triples", RdfFormat::NTriples),
    ("application/rdf+xml", RdfFormat::RdfXml),
    (
        "application/ld+json",
        RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    ),
    ("text/plain", RdfFormat::NTriples),
];

/// How to find the graphs there are (a hint, not a query we run).
const LIST_GRAPHS: &str = "list them at /sparql with SELECT DISTINCT ?g WHERE { GRAPH ?g {} }";

/// Bytes written before a chunk goes to the client.
const CHUNK_BYTES: usize = 64 * 1024;

/// The graph a request names.
#[derive(Debug, Clone, PartialEq)]
enum Target {
    Default,
    Named(NamedNode),
    /// `POST /store` with neither: a new graph.
    New,
}

impl Target {
    fn read(query: Option<&str>) -> Result<Target, AppError> {
        let mut target = None;
        for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
            let named = match name.as_ref() {
                "default" => Target::Default,
                "graph" => Target::Named(NamedNode::new(value.as_ref()).map_err(|e| {
                    AppError::bad_request(format!(
                        "graph={value} is not an absolute IRI ({e}); name a graph by its IRI, \
                         or use ?default for the default graph"
                    ))
                })?),
                _ => continue,
            };
            if target.replace(named).is_some() {
                return Err(AppError::bad_request(
                    "name one graph: ?graph=IRI or ?default, once",
                ));
            }
        }
        Ok(target.unwrap_or(Target::New))
    }

    fn graph_name(&self) -> GraphNameRef<'_> {
        match self {
            Target::Named(node) => node.as_ref().into(),
            Target::Default | Target::New => GraphNameRef::DefaultGraph,
        }
    }
}

/// `GET`/`HEAD /store?graph=IRI` or `?default`.
async fn read(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match read_graph(&state, &headers, query.as_deref()).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn read_graph(
    state: &AppState,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<Response, AppError> {
    let target = match Target::read(query)? {
        Target::New => {
            return Err(AppError::bad_request(
                "name the graph to read: /store?graph=IRI, or /store?default",
            ));
        }
        target => target,
    };
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let (media_type, format) = conneg::negotiate_among(accept, &OFFERS)
        .map_err(|_| AppError::NotAcceptable(conneg::media_types(&OFFERS)))?;
    let slot = state.slots.take().await?;
    let store = state.store.limited(slot.token().clone());
    let (head_tx, head_rx) = tokio::sync::oneshot::channel();
    let (body_tx, body_rx) = tokio::sync::mpsc::channel(4);
    let runtime = tokio::runtime::Handle::current();
    let deadline = tokio::time::Instant::now() + state.slots.timeout() + GRACE;
    tokio::task::spawn_blocking(move || {
        let graph = target.graph_name();
        match exists(&store, &target) {
            Ok(true) => {
                let _ = head_tx.send(Ok(()));
                let mut chunks = Chunks::new(body_tx, runtime, deadline);
                if let Err(error) = write_graph(&store, graph, format, &mut chunks) {
                    // Ends the body with an error: the transfer is aborted,
                    // never a clean-looking truncated graph.
                    let _ = chunks.send(Err(std::io::Error::other(error)));
                }
            }
            Ok(false) => {
                let _ = head_tx.send(Err(AppError::NotFound(format!(
                    "this store has no graph {target}; {LIST_GRAPHS}"
                ))));
            }
            Err(error) => {
                let _ = head_tx.send(Err(error));
            }
        }
        drop(slot);
    });
    head_rx
        .await
        .map_err(|_| AppError::unavailable("the graph could not be read"))??;
    let stream = futures_util::stream::unfold(body_rx, |mut chunks| async move {
        chunks.recv().await.map(|chunk| (chunk, chunks))
    });
    let mut response = Body::from_stream(stream).into_response();
    let content_type = match format {
        RdfFormat::Turtle | RdfFormat::NTriples => format!("{media_type}; charset=utf-8"),
        _ => media_type.to_owned(),
    };
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        response.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    Ok(response)
}

impl std::fmt::Display for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Target::Named(node) => write!(f, "{node}"),
            Target::Default | Target::New => f.write_str("(the default graph)"),
        }
    }
}

/// The default graph always exists; a named one when the store has it:
/// declared, or holding a statement (written without being declared).
fn exists(store: &Store, target: &Target) -> Result<bool, AppError> {
    let Target::Named(node) = target else {
        return Ok(true);
    };
    let db = store.oxigraph();
    if db
        .contains_named_graph(node)
        .map_err(AppError::unavailable)?
    {
        return Ok(true);
    }
    let first = db
        .quads_for_pattern(None, None, None, Some(node.as_ref().into()))
        .next();
    Ok(first.transpose().map_err(AppError::unavailable)?.is_some())
}

fn write_graph(
    store: &Store,
    graph: GraphNameRef<'_>,
    format: RdfFormat,
    out: &mut Chunks,
) -> Result<(), String> {
    let mut serializer = RdfSerializer::from_format(format);
    if !matches!(format, RdfFormat::NTriples) {
        for (prefix, namespace) in crate::rdf::vocab::PREFIXES {
            serializer = serializer
                .with_prefix(prefix, namespace)
                .map_err(|e| e.to_string())?;
        }
    }
    let mut writer = serializer.for_writer(out);
    for (n, quad) in store
        .oxigraph()
        .quads_for_pattern(None, None, None, Some(graph))
        .enumerate()
    {
        if n % 4096 == 0 {
            store.ensure_alive().map_err(|e| e.to_string())?;
        }
        let quad = quad.map_err(|e| e.to_string())?;
        writer
            .serialize_triple(quad.as_ref())
            .map_err(|e| e.to_string())?;
    }
    let out = writer.finish().map_err(|e| e.to_string())?;
    out.send_rest().map_err(|e| e.to_string())
}

/// A writer sending what it is given to the client in chunks.
struct Chunks {
    buffer: Vec<u8>,
    sender: Sender,
    runtime: tokio::runtime::Handle,
    /// A client that stops reading is given up on then, so it cannot hold
    /// the slot (and the thread) for ever.
    deadline: tokio::time::Instant,
}

type Sender = tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>;

impl Chunks {
    fn new(
        sender: Sender,
        runtime: tokio::runtime::Handle,
        deadline: tokio::time::Instant,
    ) -> Self {
        Chunks {
            buffer: Vec::with_capacity(CHUNK_BYTES),
            sender,
            runtime,
            deadline,
        }
    }

    /// Sends `chunk`, waiting for room until the deadline at most.
    fn send(&self, chunk: Result<Bytes, std::io::Error>) -> std::io::Result<()> {
        let sending = tokio::time::timeout_at(self.deadline, self.sender.send(chunk));
        match self.runtime.block_on(sending) {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(std::io::Error::other("the client went away")),
            Err(_) => Err(std::io::Error::other("the client stopped reading")),
        }
    }

    fn send_rest(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK_BYTES),
        ));
        self.send(Ok(chunk))
    }
}

impl std::io::Write for &mut Chunks {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK_BYTES {
            self.send_rest()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// `PUT`, `POST` and `DELETE /store`: token holders only.
async fn write(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    match change(&state, &method, &headers, query.as_deref(), body).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn change(
    state: &AppState,
    method: &Method,
    headers: &HeaderMap,
    query: Option<&str>,
    body: Bytes,
) -> Result<Response, AppError> {
    let authorization = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    super::sparql::authorize_with(&state.config, authorization, None)?;
    let mut target = Target::read(query)?;
    let mut location = None;
    if target == Target::New {
        if method != Method::POST {
            return Err(AppError::bad_request(format!(
                "{method} needs a graph: /store?graph=IRI, or /store?default"
            )));
        }
        let iri = state
            .store
            .base()
            .graph(&format!("store/{}", fresh_name()?));
        location = Some(iri.as_str().to_owned());
        target = Target::Named(iri);
    }
    let quads = if *method == Method::DELETE {
        Vec::new()
    } else {
        parse_body(headers, &body, &target, state.store.base().as_str())?
    };
    let method = method.clone();
    let created =
        super::slots::run(state, move |store| apply(store, &method, &target, &quads)).await?;
    let mut response = if created {
        StatusCode::CREATED.into_response()
    } else {
        StatusCode::NO_CONTENT.into_response()
    };
    if let Some(value) = location.and_then(|l| HeaderValue::from_str(&l).ok()) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    Ok(response)
}

/// Applies the change in one transaction; whether it created the graph.
fn apply(
    store: &Store,
    method: &Method,
    target: &Target,
    quads: &[Quad],
) -> Result<bool, AppError> {
    let existed = exists(store, target)? && !matches!(target, Target::New);
    let graph = target.graph_name();
    if *method == Method::DELETE && !existed {
        return Err(AppError::NotFound(format!(
            "this store has no graph {target}"
        )));
    }
    store.changing();
    let written = (|| -> Result<(), oxigraph::store::StorageError> {
        let mut transaction = store.oxigraph().start_transaction()?;
        if *method != Method::POST {
            match graph {
                GraphNameRef::NamedNode(node) if *method == Method::DELETE => {
                    transaction.remove_named_graph(node)?;
                }
                _ => transaction.clear_graph(graph)?,
            }
        }
        if let GraphNameRef::NamedNode(node) = graph {
            if *method != Method::DELETE {
                transaction.insert_named_graph(node);
            }
        }
        transaction.extend(quads);
        transaction.commit()
    })();
    store.changed();
    written.map_err(AppError::unavailable)?;
    Ok(!existed && *method != Method::DELETE)
}

/// The body's triples, in the graph `target`.
fn parse_body(
    headers: &HeaderMap,
    body: &[u8],
    target: &Target,
    base: &str,
) -> Result<Vec<Quad>, AppError> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type.split(';').next().unwrap_or_default().trim();
    let format = RdfFormat::from_media_type(media_type)
        .filter(|format| !format.supports_datasets())
        .ok_or_else(|| {
            AppError::UnsupportedMediaType(format!(
                "a graph is sent as Turtle, N-Triples, RDF/XML or JSON-LD (Content-Type), \
                 not {content_type:?}"
            ))
        })?;
    let graph = match target {
        Target::Named(node) => GraphName::NamedNode(node.clone()),
        Target::Default | Target::New => GraphName::DefaultGraph,
    };
    let base = match target {
        Target::Named(node) => node.as_str(),
        _ => base,
    };
    RdfParser::from_format(format)
        .with_base_iri(base)
        .map_err(|e| AppError::bad_request(format!("the graph IRI is not a base IRI: {e}")))?
        .with_default_graph(graph)
        .for_slice(body)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::bad_request(format!("the body does not parse as {format}: {e}")))
}

/// A fresh name for a graph created by `POST /store`: 128 random bits.
fn fresh_name() -> Result<String, AppError> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(AppError::unavailable)?;
    Ok(crate::record::hex(&bytes))
}
