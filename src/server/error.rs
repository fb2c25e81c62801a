//! Why the server refused or could not answer a request, and the response
//! each reason gets: a status and a plain-text message saying what to do
//! next. Every handler's error is an [`AppError`].
//!
//! What the client can fix is a 4xx that says how. What the server cannot
//! do right now is a 503 whose body is generic: the reason (a storage
//! error, a path, an error chain) goes to the log, never to the client.
//! Nothing is a 500.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::sparql::{QueryEvaluationError, UpdateEvaluationError};

use crate::server::plain_error;
use crate::store::StoreError;

/// A refused or failed request.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// The request is malformed, a parameter is wrong, or the query does
    /// not parse (400); the message names what and says what to send.
    #[error("{0}")]
    BadRequest(String),
    /// Nothing here (404); the message says where to look.
    #[error("{0}")]
    NotFound(String),
    /// A body in a media type or charset we do not read (415).
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// None of the formats we can answer in is acceptable (406).
    #[error("none of the formats this answer comes in is acceptable to you")]
    NotAcceptable(Vec<&'static str>),
    /// An update or a harvest without a bearer token (401).
    #[error("updates need the update token")]
    Unauthorized,
    /// An update with the wrong token, or updates disabled (403).
    #[error("{0}")]
    Forbidden(String),
    /// The request conflicts with work in progress (409): that partner is
    /// being harvested already. `location` is where to follow that work.
    #[error("{message}")]
    Conflict { message: String, location: String },
    /// Every query slot is taken (429).
    #[error("too many queries are running")]
    TooManyQueries,
    /// The work ran past the time limit and was cancelled (503).
    #[error("ran past the {} s limit", .0.as_secs_f64())]
    TimedOut(Duration),
    /// The query needed more memory than one query may use (422).
    #[error("needed more than {0} bytes")]
    TooMuchMemory(usize),
    /// The result has more rows than the cap (422).
    #[error("more than {0} rows")]
    TooManyRows(usize),
    /// Allowed by configuration but not available in this build (501).
    #[error("{0}")]
    NotImplemented(String),
    /// The server is stopping (503).
    #[error("the server is shutting down")]
    ShuttingDown,
    /// Something this request needs is being prepared (a 503 with
    /// `Retry-After`; the message says what).
    #[error("{0}")]
    NotReady(String),
    /// The server could not do its part (503). The reason is logged; the
    /// client gets a generic message.
    #[error("{0}")]
    Unavailable(String),
    /// A `SERVICE` endpoint failed (502); the message names it.
    #[error("{0}")]
    BadGateway(String),
}

impl AppError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        AppError::BadRequest(message.into())
    }

    /// The server could not do its part; `reason` is logged, not sent.
    pub(crate) fn unavailable(reason: impl std::fmt::Display) -> Self {
        AppError::Unavailable(reason.to_string())
    }

    /// An error raised while evaluating a query: a cancelled query timed
    /// out, a storage error is ours, anything else is about the query.
    /// (A query stopped by its memory budget or by shutdown is told apart
    /// by its slot, see [`super::slots::Slot::stopped`].)
    pub(crate) fn from_evaluation(error: QueryEvaluationError, timeout: Duration) -> Self {
        match error {
            QueryEvaluationError::Cancelled => AppError::TimedOut(timeout),
            QueryEvaluationError::Dataset(e) => AppError::unavailable(e),
            QueryEvaluationError::Service(e) => AppError::BadGateway(e.to_string()),
            other => AppError::BadRequest(format!("the query cannot be evaluated: {other}")),
        }
    }

    /// An error raised while applying an update.
    pub(crate) fn from_update(error: UpdateEvaluationError, timeout: Duration) -> Self {
        match error {
            UpdateEvaluationError::Storage(e) => AppError::unavailable(e),
            // A cancelled evaluation reaches us wrapped as "unexpected".
            UpdateEvaluationError::Unexpected(e) => match e.downcast::<QueryEvaluationError>() {
                Ok(e) => Self::from_evaluation(*e, timeout),
                Err(e) => AppError::BadRequest(format!("the update cannot be applied: {e}")),
            },
            other => AppError::BadRequest(format!("the update cannot be applied: {other}")),
        }
    }

    pub(crate) fn status(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict { .. } => StatusCode::CONFLICT,
            AppError::TooManyQueries => StatusCode::TOO_MANY_REQUESTS,
            AppError::TimedOut(_)
            | AppError::ShuttingDown
            | AppError::Unavailable(_)
            | AppError::NotReady(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::TooManyRows(_) | AppError::TooMuchMemory(_) => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            AppError::NotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            AppError::BadGateway(_) => StatusCode::BAD_GATEWAY,
        }
    }

    /// The message for the client.
    pub(crate) fn message(&self) -> String {
        match self {
            AppError::BadRequest(m)
            | AppError::NotFound(m)
            | AppError::UnsupportedMediaType(m)
            | AppError::Forbidden(m)
            | AppError::NotImplemented(m)
            | AppError::BadGateway(m)
            | AppError::NotReady(m)
            | AppError::Conflict { message: m, .. } => m.clone(),
            AppError::NotAcceptable(offers) => format!(
                "none of the formats this answer comes in is acceptable to you; ask for one of: {}\n\
                 (with an Accept header, or a format= parameter such as format=json)",
                offers.join(", ")
            ),
            AppError::Unauthorized => {
                "updates and harvests need the update token: send it as Authorization: Bearer <token>"
                    .into()
            }
            AppError::TooManyQueries => {
                "too many queries are running on this server; retry in a moment".into()
            }
            AppError::TimedOut(limit) => format!(
                "the query ran longer than the {} s limit of this server and was cancelled; \
                 narrow it (more selective patterns, LIMIT) and try again",
                limit.as_secs_f64()
            ),
            AppError::TooMuchMemory(limit) => format!(
                "the query needed more than {} MiB of memory, the most this server gives one query, \
                 and was stopped; narrow it (more selective patterns, fewer rows to sort, group \
                 or deduplicate), or download the dumps at /dumps/carrefour.nq.gz",
                limit / (1024 * 1024)
            ),
            AppError::TooManyRows(max) => format!(
                "the result has more than {max} rows, the most this server returns for one query \
                 (header Carrefour-Result-Limit); add LIMIT {max} (and OFFSET to page) or narrow the query, \
                 or download the dumps at /dumps/carrefour.nq.gz"
            ),
            AppError::ShuttingDown => "the server is shutting down; retry in a moment".into(),
            AppError::Unavailable(_) => {
                "the server cannot answer this request right now; try again later \
                 (the cause is in the server's log)"
                    .into()
            }
        }
    }
}

impl From<StoreError> for AppError {
    /// A store error is the server's: logged, not sent. (A cancelled job's
    /// error comes from its slot, which knows why it was cancelled.)
    fn from(error: StoreError) -> Self {
        AppError::unavailable(error)
    }
}

impl From<crate::server::datasets::projects::params::ParamError> for AppError {
    /// A parameter of `/api/projects` the client must change: a 400 naming it.
    fn from(error: crate::server::datasets::projects::params::ParamError) -> Self {
        AppError::BadRequest(error.to_string())
    }
}

impl From<crate::index::SearchError> for AppError {
    fn from(error: crate::index::SearchError) -> Self {
        match error {
            crate::index::SearchError::Store(error) => error.into(),
            crate::index::SearchError::Building => AppError::NotReady(error.to_string()),
            other => AppError::unavailable(other),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Unavailable(reason) = &self {
            tracing::error!(%reason, "request failed");
        }
        let mut response = plain_error(self.status(), self.message());
        let headers = response.headers_mut();
        match self {
            AppError::Conflict { location, .. } => {
                if let Ok(location) = HeaderValue::from_str(&location) {
                    headers.insert(header::LOCATION, location);
                }
            }
            AppError::Unauthorized => {
                let challenge = HeaderValue::from_static("Bearer realm=\"carrefour\"");
                headers.insert(header::WWW_AUTHENTICATE, challenge);
            }
            AppError::TooManyQueries | AppError::ShuttingDown => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            }
            AppError::NotReady(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from_static("30"));
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
            AppError::from_evaluation(QueryEvaluationError::Cancelled, Duration::from_secs(2));
        assert_eq!(error, AppError::TimedOut(Duration::from_secs(2)));
        assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert!(error.message().contains("2 s limit"));
    }

    #[test]
    fn refusals_carry_their_headers() {
        let response = AppError::Unauthorized.into_response();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        assert!(
            response.headers()[header::WWW_AUTHENTICATE]
                .to_str()
                .unwrap()
                .starts_with("Bearer")
        );
        let response = AppError::TooManyQueries.into_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert!(response.headers().contains_key(header::RETRY_AFTER));
    }

    #[test]
    fn server_errors_keep_their_cause_to_the_log() {
        let error = AppError::from(StoreError::Dump(
            "/srv/carrefour/data/dumps/x.nq.gz".into(),
            "disk full".into(),
        ));
        assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
        let message = error.message();
        assert!(
            !message.contains("/srv") && !message.contains("disk"),
            "{message}"
        );
    }
}
