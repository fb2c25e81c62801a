//! `GET /changes`: the change feed, so a peer (another hub, a mirror, a
//! search index) stays in step without downloading the dumps again. An
//! Activity Streams 2.0 `OrderedCollection` of the projects each
//! publication created (`Create`), changed (`Update`) or withdrew
//! (`Delete`, its object a `Tombstone`), oldest first, from the store's
//! journal ([`crate::store::Store::changes_after`]).
//!
//! - `/changes`: the collection: `totalItems`, `first` and `last` pages;
//! - `/changes?since=N`: the page of the (at most 100) changes after the
//!   first `N`, with `startIndex` N, `next` (`since=` N plus this page's
//!   items) while there are more, `prev`. A peer keeps the `since=` of the
//!   last page it read and asks it again later: it gets what changed since.
//!
//! `application/activity+json` by default, `application/ld+json` (with the
//! Activity Streams profile) or `application/json` by `Accept`; every page
//! is kept per data revision, with an `ETag`.

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::server::cache::Prepared;
use crate::server::{AppError, AppState, conneg, slots};
use crate::store::{Change, ChangeKind, ChangesPage};

/// Changes per page.
pub const PAGE_SIZE: usize = 100;

const ACTIVITY_STREAMS: &str = "https://www.w3.org/ns/activitystreams";

/// The media types offered, Activity Streams' own first.
const OFFERS: [&str; 3] = [
    "application/activity+json",
    "application/ld+json",
    "application/json",
];

/// `GET /changes[?since=N]`.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    match respond(&state, &headers, query.unwrap_or_default()).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn respond(
    state: &AppState,
    headers: &HeaderMap,
    query: String,
) -> Result<Response, AppError> {
    let since = read_since(&query)?;
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    let media_type =
        conneg::negotiate(accept, &OFFERS).map_err(|_| AppError::NotAcceptable(OFFERS.to_vec()))?;
    let content_type = match media_type {
        "application/ld+json" => format!("application/ld+json; profile=\"{ACTIVITY_STREAMS}\""),
        other => other.to_owned(),
    };
    // Read before the journal: a page is never kept under a newer revision.
    let revision = state.store.revision();
    let key = format!("/changes?{query}\u{0}{media_type}");
    if let Some(page) = state.pages.get(revision, &key) {
        return Ok(page.respond(headers));
    }
    let limit = if since.is_some() { PAGE_SIZE } else { 0 };
    let after = since.unwrap_or(0);
    let page = slots::run(state, move |store| Ok(store.changes_after(after, limit)?)).await?;
    let base = state.store.base().as_str();
    let document = match since {
        None => collection(base, page.total),
        Some(since) => collection_page(base, since, &page),
    };
    let body = serde_json::to_vec_pretty(&document).map_err(AppError::unavailable)?;
    let vary = vec![(header::VARY, "Accept".to_owned())];
    let prepared = Prepared::new(StatusCode::OK, &content_type, body, None, vary);
    Ok(state.pages.insert(revision, key, prepared).respond(headers))
}

/// `since=N`, if given; a 400 says what it must be.
fn read_since(query: &str) -> Result<Option<u64>, AppError> {
    let mut since = None;
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        if name == "since" {
            since = Some(value.parse().map_err(|_| {
                AppError::bad_request(format!(
                    "since={value}: give the number of changes already read (0 for all), \
                     as the next link of the last page read says"
                ))
            })?);
        }
    }
    Ok(since)
}

fn collection(base: &str, total: u64) -> Value {
    let last = total.saturating_sub(1) / PAGE_SIZE as u64 * PAGE_SIZE as u64;
    json!({
        "@context": ACTIVITY_STREAMS,
        "id": format!("{base}changes"),
        "type": "OrderedCollection",
        "summary": "Projets créés, modifiés et retirés, publication après publication",
        "totalItems": total,
        "first": format!("{base}changes?since=0"),
        "last": format!("{base}changes?since={last}"),
    })
}

fn collection_page(base: &str, since: u64, page: &ChangesPage) -> Value {
    let read = since + page.changes.len() as u64;
    let mut document = json!({
        "@context": ACTIVITY_STREAMS,
        "id": format!("{base}changes?since={since}"),
        "type": "OrderedCollectionPage",
        "partOf": format!("{base}changes"),
        "startIndex": since,
        "orderedItems": page.changes.iter().map(|change| activity(base, change)).collect::<Vec<_>>(),
    });
    if read < page.total {
        document["next"] = json!(format!("{base}changes?since={read}"));
    }
    if since > 0 {
        let previous = since.saturating_sub(PAGE_SIZE as u64);
        document["prev"] = json!(format!("{base}changes?since={previous}"));
    }
    document
}

/// One change as an activity.
fn activity(base: &str, change: &Change) -> Value {
    let project = format!("{base}id/project/{}", change.key);
    let (kind, object) = match change.kind {
        ChangeKind::Created => ("Create", json!(project)),
        ChangeKind::Updated => ("Update", json!(project)),
        ChangeKind::Withdrawn => (
            "Delete",
            json!({ "id": project, "type": "Tombstone", "deleted": change.at.to_rfc3339() }),
        ),
    };
    json!({
        "id": format!("{base}changes#{}", change.seq),
        "type": kind,
        "published": change.at.to_rfc3339(),
        "actor": format!("{base}id/partner/{}", change.partner),
        "object": object,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_is_a_count() {
        assert_eq!(read_since("").unwrap(), None);
        assert_eq!(read_since("since=42").unwrap(), Some(42));
        assert!(
            read_since("since=-1")
                .unwrap_err()
                .message()
                .contains("since=-1")
        );
    }

    #[test]
    fn the_last_page_starts_on_a_page_boundary() {
        let last = |total| {
            collection("http://h/", total)["last"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        assert_eq!(last(0), "http://h/changes?since=0");
        assert_eq!(last(100), "http://h/changes?since=0");
        assert_eq!(last(101), "http://h/changes?since=100");
    }
}
