//! SPARQL 1.1 Update over the protocol, for holders of the update token
//! only (`Authorization: Bearer <token>`).
//!
//! Updates are refused with 403 when the server is read-only or has no
//! token configured, with 401 (and `WWW-Authenticate: Bearer`) without a
//! token, with 403 with a wrong one. The token is compared in constant
//! time. An update runs like a query: off the runtime, holding a query
//! slot, cancelled by the timeout (it then changes nothing: Oxigraph
//! applies an update in one transaction).
//!
//! As for queries, a `WHERE` clause without `USING`, `WITH` or
//! `using-graph-uri` matches the union of all graphs; the `INSERT` and
//! `DELETE` templates still name the graph they write (`GRAPH <g> { … }`),
//! else they write the store's default graph.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use super::evaluate::evaluator;
use super::protocol::UpdateOperation;
use super::{AppError, federation, parse};
use crate::server::{AppState, ServerConfig};
use crate::store::Store;

/// Applies `operation` if `authorization` carries the update token.
pub(super) async fn run(
    state: &AppState,
    operation: UpdateOperation,
    authorization: Option<&str>,
) -> Response {
    if let Err(error) = authorize(&state.config, authorization) {
        return error.into_response();
    }
    let slot = match state.slots.try_take() {
        Ok(slot) => slot,
        Err(error) => {
            state.metrics.query_rejected();
            return error.into_response();
        }
    };
    let stopped = slot.stopped();
    let store = state.store.clone();
    let config = Arc::clone(&state.config);
    let applied = tokio::task::spawn_blocking(move || {
        let applied = apply(&store, &config, &operation, slot.token().clone());
        drop(slot);
        applied
    })
    .await;
    match applied {
        Ok(Ok(())) => StatusCode::NO_CONTENT.into_response(),
        Ok(Err(error)) => {
            let error = stopped.explain(error);
            if matches!(error, AppError::TimedOut(_)) {
                state.metrics.query_timed_out();
            }
            error.into_response()
        }
        Err(e) => {
            AppError::unavailable(format!("the update stopped unexpectedly: {e}")).into_response()
        }
    }
}

/// Whether the request may update: the server accepts updates and the
/// bearer token is the configured one.
pub(crate) fn authorize(
    config: &ServerConfig,
    authorization: Option<&str>,
) -> Result<(), AppError> {
    authorize_with(config, authorization, None)
}

/// Whether the request may write, with the update token or with `also`,
/// another secret some routes accept besides it (the hand-off secret of
/// `/harvests`, see [`crate::harvest::handoff`]). A read-only server
/// refuses both. Every accepted secret is compared, in constant time.
pub(crate) fn authorize_with(
    config: &ServerConfig,
    authorization: Option<&str>,
    also: Option<&str>,
) -> Result<(), AppError> {
    if config.read_only {
        return Err(AppError::Forbidden(
            "updates are disabled: this server runs read-only (--read-only); \
             it accepts no update and no harvest request"
                .into(),
        ));
    }
    let accepted: Vec<&str> = config
        .update_token
        .as_deref()
        .into_iter()
        .chain(also)
        .collect();
    if accepted.is_empty() {
        return Err(AppError::Forbidden(
            "updates are disabled: the server has no update token \
             (--update-token-file or CARREFOUR_UPDATE_TOKEN)"
                .into(),
        ));
    }
    let Some(given) = authorization.and_then(bearer_token) else {
        return Err(AppError::Unauthorized);
    };
    let matches = accepted
        .iter()
        .fold(false, |found, expected| found | same_token(given, expected));
    if !matches {
        return Err(AppError::Forbidden(
            "the bearer token is not this server's update token".into(),
        ));
    }
    Ok(())
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer_token(authorization: &str) -> Option<&str> {
    let (scheme, token) = authorization.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

/// Compares two tokens in time independent of where they differ (and of
/// their lengths): their SHA-256 digests are compared byte by byte, all of
/// them, without an early exit.
fn same_token(given: &str, expected: &str) -> bool {
    let given = Sha256::digest(given.as_bytes());
    let expected = Sha256::digest(expected.as_bytes());
    given
        .iter()
        .zip(expected.iter())
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

/// Parses, checks and applies an update (on a blocking thread).
fn apply(
    store: &Store,
    config: &ServerConfig,
    operation: &UpdateOperation,
    token: oxigraph::sparql::CancellationToken,
) -> Result<(), AppError> {
    let parsed = parse::update(&operation.text, store.base())?;
    federation::check_update(&parsed.canonical, &config.federate_with)?;
    let mut update = evaluator(token).for_update(parsed.update);
    operation.using.apply_to_update(&mut update)?;
    store.changing();
    let done = update
        .on_store(store.oxigraph())
        .execute()
        .map_err(|e| AppError::from_update(e, config.query_timeout));
    store.changed();
    done
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(token: Option<&str>, read_only: bool) -> ServerConfig {
        ServerConfig {
            update_token: token.map(str::to_owned),
            read_only,
            ..ServerConfig::default()
        }
    }

    fn status(config: &ServerConfig, authorization: Option<&str>) -> u16 {
        match authorize(config, authorization) {
            Ok(()) => 200,
            Err(e) => e.status().as_u16(),
        }
    }

    #[test]
    fn only_the_token_holder_updates() {
        let open = config(Some("s3cret"), false);
        assert_eq!(status(&open, Some("Bearer s3cret")), 200);
        assert_eq!(status(&open, Some("bearer  s3cret ")), 200);
        assert_eq!(status(&open, None), 401);
        assert_eq!(status(&open, Some("Basic czNjcmV0")), 401);
        assert_eq!(status(&open, Some("Bearer wrong")), 403);
        assert_eq!(status(&open, Some("Bearer s3cre")), 403);
    }

    #[test]
    fn updates_can_be_disabled() {
        assert_eq!(status(&config(None, false), Some("Bearer x")), 403);
        let read_only = config(Some("s3cret"), true);
        let refused = authorize(&read_only, Some("Bearer s3cret")).unwrap_err();
        assert_eq!(refused.status().as_u16(), 403);
        assert!(refused.message().contains("read-only"));
    }

    #[test]
    fn a_second_secret_is_accepted_where_offered() {
        let status_with =
            |config: &ServerConfig, given: &str, also: Option<&str>| match authorize_with(
                config,
                Some(given),
                also,
            ) {
                Ok(()) => 200,
                Err(e) => e.status().as_u16(),
            };
        let without_token = config(None, false);
        assert_eq!(
            status_with(&without_token, "Bearer hand", Some("hand")),
            200
        );
        assert_eq!(status_with(&without_token, "Bearer hand", None), 403);
        assert_eq!(
            status_with(&without_token, "Bearer other", Some("hand")),
            403
        );
        let with_token = config(Some("s3cret"), false);
        assert_eq!(status_with(&with_token, "Bearer s3cret", Some("hand")), 200);
        assert_eq!(status_with(&with_token, "Bearer hand", Some("hand")), 200);
        assert_eq!(status_with(&with_token, "Bearer hand", None), 403);
        let read_only = config(Some("s3cret"), true);
        assert_eq!(status_with(&read_only, "Bearer hand", Some("hand")), 403);
    }

    #[test]
    fn compares_tokens() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abc", "abd"));
        assert!(!same_token("abc", "abcd"));
    }
}
