//! The SPARQL 1.1 Protocol at `/sparql`: queries, updates, the service
//! description and the query page.
//!
//! One route answers everything, as the protocol wants:
//!
//! - `GET /sparql?query=…`, `POST` of a form (`query=…`) or of
//!   `application/sparql-query`: a query, evaluated off the async runtime,
//!   its results streamed in the format the client prefers ([`evaluate`]);
//! - `POST` of a form (`update=…`) or of `application/sparql-update` with
//!   `Authorization: Bearer <token>`: an update ([`update`]);
//! - `GET /sparql` without a query: the query page for browsers ([`page`]),
//!   the SPARQL 1.1 Service Description for RDF clients ([`service`]).
//!
//! Reading the request is [`protocol`]'s job, the dataset parameters
//! [`dataset`]'s, `SERVICE` clauses [`federation`]'s, result formats
//! [`formats`]' and writing them [`results`]'. Every refusal is an
//! [`AppError`]: a 4xx (or 503) with a plain-text message, never a 500.
//! Queries and updates run in the server's query slots
//! ([`crate::server::slots`]), like every other piece of store work.
//!
//! Queries see the union of all graphs as their default graph (the data
//! lives in one named graph per record), unless the request names a dataset
//! (`default-graph-uri`, `named-graph-uri`) or the query does (`FROM`).

pub mod cached;
mod dataset;
mod evaluate;
mod federation;
mod formats;
mod page;
mod parse;
mod protocol;
mod results;
mod service;
mod update;

pub(crate) use update::authorize_with;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub(crate) use super::AppError;
use super::AppState;
pub use page::{ExampleQuery, load_examples};
use protocol::Operation;

/// The header announcing the result-row cap on every query response.
pub const RESULT_LIMIT_HEADER: &str = "carrefour-result-limit";

/// The prefixes of our vocabulary: preloaded in the query page and in every
/// query, used by the Turtle, TriG, RDF/XML and JSON-LD results and by the
/// service description.
pub use crate::rdf::vocab::PREFIXES;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route(
        "/sparql",
        get(sparql).post(sparql).fallback(method_not_allowed),
    )
}

/// `GET|HEAD|POST /sparql`: reads the request, then runs what it asks for.
async fn sparql(
    State(state): State<AppState>,
    method: Method,
    headers: HeaderMap,
    RawQuery(query_string): RawQuery,
    body: Bytes,
) -> Response {
    let request = match protocol::read(&method, &headers, query_string.as_deref(), &body) {
        Ok(request) => request,
        Err(error) => return error.into_response(),
    };
    let accept = header_text(&headers, header::ACCEPT);
    match request.operation {
        Operation::Query(query) => {
            let choice = formats::Choice::new(accept, request.format);
            let mut response = evaluate::query(&state, query, choice, &headers).await;
            announce_row_limit(&mut response, state.config.max_rows);
            response
        }
        Operation::Update(operation) => {
            let authorization = header_text(&headers, header::AUTHORIZATION);
            update::run(&state, operation, authorization.as_deref()).await
        }
        Operation::Describe { example } => {
            describe(&state, accept.as_deref(), request.format, example).await
        }
    }
}

/// `GET /sparql` without a query: the query page or the service description.
async fn describe(
    state: &AppState,
    accept: Option<&str>,
    format: Option<String>,
    example: Option<String>,
) -> Response {
    let mut response = match formats::description_format(accept, format.as_deref()) {
        Ok(formats::Description::Page) => page::render(state, example.as_deref()).await,
        Ok(formats::Description::Rdf(format)) => service::respond(state, format).await,
        Err(error) => error.into_response(),
    };
    response
        .headers_mut()
        .insert(header::VARY, HeaderValue::from_static("Accept"));
    response
}

/// Every response to a query says how many rows it may have at most.
fn announce_row_limit(response: &mut Response, max_rows: usize) {
    if let Ok(value) = HeaderValue::from_str(&max_rows.to_string()) {
        response.headers_mut().insert(RESULT_LIMIT_HEADER, value);
    }
}

/// Methods other than GET, HEAD and POST (the protocol's `bad_query_method`).
async fn method_not_allowed(method: Method) -> Response {
    let mut response = super::plain_error(
        StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "{method} is not part of the SPARQL protocol: send queries with GET or POST, updates with POST"
        ),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD, POST"));
    response
}

/// A header's value as text, `None` when absent or not visible ASCII.
fn header_text(headers: &HeaderMap, name: header::HeaderName) -> Option<String> {
    headers
        .get(name)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}
