//! Why the endpoint refused or stopped an operation, and the response each
//! reason gets: a status and a plain-text message saying what to do next.
//! Nothing here is a 500: what the client can fix is a 4xx, what the
//! server cannot do right now is a 503.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::{QueryEvaluationError, UpdateEvaluationError};

use crate::server::plain_error;

/// A refused or failed SPARQL operation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SparqlError {
    /// The request breaks the protocol or the query does not parse (400).
    BadRequest(String),
    /// A body in a media type or charset we do not read (415).
    UnsupportedMediaType(String),
    /// None of the formats we can answer in is acceptable (406).
    NotAcceptable(Vec<&'static str>),
    /// An update without a bearer token (401).
    Unauthorized,
    /// An update with the wrong token, or updates disabled (403).
    Forbidden(String),
    /// Every query slot is taken (429).
    TooManyQueries,
    /// The query ran past the timeout and was cancelled (503).
    TimedOut(Duration),
    /// The result has more rows than the cap (422).
    TooManyRows(usize),
    /// Allowed by configuration but not available in this build (501).
    NotImplemented(String),
    /// The store could not be read or written (503).
    Unavailable(String),
    /// A `SERVICE` endpoint failed (502); the message names it.
    BadGateway(String),
}

impl SparqlError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        SparqlError::BadRequest(message.into())
    }

    /// An error raised while evaluating a query: a cancelled query timed
    /// out, a storage error is ours, anything else is about the query.
    pub(crate) fn from_evaluation(error: QueryEvaluationError, timeout: Duration) -> Self {
        match error {
            QueryEvaluationError::Cancelled => SparqlError::TimedOut(timeout),
            QueryEvaluationError::Dataset(e) => SparqlError::Unavailable(e.to_string()),
            QueryEvaluationError::Service(e) => SparqlError::BadGateway(e.to_string()),
            other => SparqlError::BadRequest(format!("the query cannot be evaluated: {other}")),
        }
    }

    /// An error raised while applying an update.
    pub(crate) fn from_update(error: UpdateEvaluationError, timeout: Duration) -> Self {
        match error {
            UpdateEvaluationError::Storage(e) => SparqlError::Unavailable(e.to_string()),
            // A cancelled evaluation reaches us wrapped as "unexpected".
            UpdateEvaluationError::Unexpected(e) => match e.downcast::<QueryEvaluationError>() {
                Ok(e) => Self::from_evaluation(*e, timeout),
                Err(e) => SparqlError::BadRequest(format!("the update cannot be applied: {e}")),
            },
            other => SparqlError::BadRequest(format!("the update cannot be applied: {other}")),
        }
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self {
            SparqlError::BadRequest(_) => StatusCode::BAD_REQUEST,
            SparqlError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            SparqlError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            SparqlError::Unauthorized => StatusCode::UNAUTHORIZED,
            SparqlError::Forbidden(_) => StatusCode::FORBIDDEN,
            SparqlError::TooManyQueries => StatusCode::TOO_MANY_REQUESTS,
            SparqlError::TimedOut(_) | SparqlError::Unavailable(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
            SparqlError::TooManyRows(_) => StatusCode::UNPROCESSABLE_ENTITY,
            SparqlError::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            SparqlError::BadGateway(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// The message for the client.
    pub(crate) fn message(&self) -> String {
        match self {
            SparqlError::BadRequest(m)
            | SparqlError::UnsupportedMediaType(m)
            | SparqlError::Forbidden(m)
            | SparqlError::NotImplemented(m)
            | SparqlError::BadGateway(m) => m.clone(),
            SparqlError::NotAcceptable(offers) => format!(
                "none of the formats this answer comes in is acceptable to you; ask for one of: {}\n\
                 (with an Accept header, or a format= parameter such as format=json)",
                offers.join(", ")
            ),
            SparqlError::Unauthorized => {
                "updates need the update token: send it as Authorization: Bearer <token>".into()
            }
            SparqlError::TooManyQueries => {
                "too many queries are running on this server; retry in a moment".into()
            }
            SparqlError::TimedOut(limit) => format!(
                "the query ran longer than the {} s limit of this server and was cancelled; \
                 narrow it (more selective patterns, LIMIT) and try again",
                limit.as_secs_f64()
            ),
            SparqlError::TooManyRows(max) => format!(
                "the result has more than {max} rows, the most this server returns for one query \
                 (header Carrefour-Result-Limit); add LIMIT {max} (and OFFSET to page) or narrow the query, \
                 or download the dumps at /dumps/carrefour.nq.gz"
            ),
            SparqlError::Unavailable(reason) => {
                format!("the store cannot be read right now ({reason}); try again later")
            }
        }
    }
}

impl std::fmt::Display for SparqlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl IntoResponse for SparqlError {
    fn into_response(self) -> Response {
        if let SparqlError::Unavailable(reason) = &self {
            tracing::error!(%reason, "SPARQL operation failed");
        }
        let mut response = plain_error(self.status(), self.message());
        let headers = response.headers_mut();
        match self {
            SparqlError::Unauthorized => {
                let challenge = HeaderValue::from_static("Bearer realm=\"carrefour\"");
                headers.insert(header::WWW_AUTHENTICATE, challenge);
            }
            SparqlError::TooManyQueries => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            _ => {}
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancelled_means_timed_out() {
        let error =
            SparqlError::from_evaluation(QueryEvaluationError::Cancelled, Duration::from_secs(2));
        assert_eq!(error, SparqlError::TimedOut(Duration::from_secs(2)));
        assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(error.message().contains("2 s limit"));
    }

    #[test]
    fn refusals_carry_their_headers() {
        let response = SparqlError::Unauthorized.into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(
            response.headers()[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        let response = SparqlError::TooManyQueries.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().contains_key(header::RETRY_AFTER));
    }
}
