//! `GET /api/projects`: the published projects for developers, as a paged
//! Hydra collection of compacted JSON-LD.
//!
//! Filters (`theme`, `region`, `departement`, `partner`, `stage`,
//! `organisation`, `near`, `bbox`) combine with AND; `page` (from 1) and
//! `limit` (default 20, at most 100) cut the pages. With `q=` (words to
//! find, `index::search`), only the projects found come, best first;
//! without, in the day's fair order between partners (`order.rs`);
//! `order=name` sorts by name without case or accents, then name, then
//! IRI. A bad parameter is a `400` naming it; a page past the last is a
//! `404`.
//!
//! `application/ld+json` is the default (also for `*/*`); a client that
//! prefers `application/json` gets the same document under that type, and
//! a browser (`text/html`) a plain list with a filter form. `format=`
//! (`jsonld`, `json`, `html`) overrides `Accept`.

pub mod collection;
pub mod facets;
pub mod geojson;
pub(crate) mod html;
pub mod member;
pub mod order;
pub mod params;
pub mod select;

use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;

use std::sync::Arc;

use crate::index::{IndexedProject, ProjectIndex, SearchIndex};
use crate::server::cache::Prepared;
use crate::server::{AppError, AppState, conneg, slots};
use crate::store::Store;
use collection::Page;
use params::{Format, Params};

/// The media types offered, in order of preference for `*/*`.
const OFFERS: [&str; 4] = [
    "application/ld+json",
    "application/json",
    "text/html",
    "application/geo+json",
];

/// A page of matching projects, ready to render.
pub(crate) struct Listing {
    pub page: Page,
    pub members: Vec<serde_json::Value>,
    /// Counts of every matching project's themes, places, partners, stages.
    pub facets: serde_json::Value,
}

/// `GET /api/projects`.
pub async fn list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let mut params = params::parse(state.store.base(), query.as_deref())?;
    params.filters.settle(chrono::Utc::now().date_naive())?;
    let Some(format) = params.format.or_else(|| negotiate(&headers)) else {
        return Err(AppError::NotAcceptable(OFFERS.to_vec()));
    };
    // The page in its canonical form (the collection's own links), read
    // before the data, as the cache wants (see `server::cache`).
    let revision = state.store.revision();
    let key = format!(
        "{}&{format:?}",
        collection::query_string(&params.filters, params.limit, Some(params.page))
    );
    if let Some(page) = state.pages.get(revision, &key) {
        return Ok(page.respond(&headers));
    }
    let (body, indexed_at) = in_slot(&state, params, move |store, found, params| {
        render(store, found, params, format)
    })
    .await?;
    let vary = vec![(header::VARY, "Accept".to_owned())];
    let page = Prepared::new(StatusCode::OK, content_type(format), body, None, vary);
    // Kept under the revision of the index it was made from: a page of the
    // previous index, served while the new one builds, is not kept as the
    // new revision's.
    Ok(state.pages.insert(indexed_at, key, page).respond(&headers))
}

/// Runs `work` in a query slot with what the selection of `params` is
/// made from (see [`Found`]): the index of the current revision (the
/// previous one while a new one builds), the search index when there are
/// words to find, the members already written. Gives what `work` gave and
/// the revision of the index it used, to cache it under.
pub(crate) async fn in_slot<T: Send + 'static>(
    state: &AppState,
    params: Params,
    work: impl FnOnce(&Store, Found<'_>, &Params) -> Result<T, AppError> + Send + 'static,
) -> Result<(T, u64), AppError> {
    let (index, search) = (Arc::clone(&state.index), Arc::clone(&state.search));
    let members = Arc::clone(&state.members);
    slots::run(state, move |store| {
        let index = index.prompt(store)?;
        let search = match params.filters.q {
            Some(_) => Some(search.prompt(store)?),
            None => None,
        };
        let found = Found {
            index: &index,
            search: search.as_deref(),
            members: &members,
        };
        Ok((work(store, found, &params)?, index.revision))
    })
    .await
}

/// What a page is selected from: the filters' index, and the search
/// index when the request has words to find.
#[derive(Clone, Copy)]
pub(crate) struct Found<'a> {
    pub index: &'a ProjectIndex,
    pub search: Option<&'a SearchIndex>,
    pub members: &'a member::MemberCache,
}

/// The page of matching projects in `format`.
fn render(
    store: &Store,
    found: Found<'_>,
    params: &Params,
    format: Format,
) -> Result<Vec<u8>, AppError> {
    if format == Format::GeoJson {
        let selected = selection(store, found, params)?;
        let document = geojson::collection(store, found.index, &selected)?;
        return serde_json::to_vec(&document).map_err(AppError::unavailable);
    }
    let listing = listing(store, found, params)?;
    if format == Format::Html {
        return Ok(html::page(
            store.base().as_str(),
            found.index,
            params,
            &listing,
        )?);
    }
    let document = collection::collection(
        store.base(),
        &params.filters,
        listing.page,
        listing.members,
        listing.facets,
    );
    serde_json::to_vec_pretty(&document).map_err(AppError::unavailable)
}

/// Selects, pages and describes the matching projects.
pub(crate) fn listing(
    store: &Store,
    found: Found<'_>,
    params: &Params,
) -> Result<Listing, AppError> {
    let candidates = selection(store, found, params)?;
    let page = Page {
        number: params.page,
        limit: params.limit,
        total: candidates.len(),
    };
    if page.number > page.last() {
        return Err(AppError::NotFound(format!(
            "page {} is past the last page ({}) of these {} projects; follow the view's links",
            page.number,
            page.last(),
            page.total
        )));
    }
    let members = candidates[page.range()]
        .iter()
        .map(|candidate| found.members.member(store, &candidate.iri))
        .collect::<Result<_, _>>()?;
    let facets = facets::facets(store.base(), found.index, &candidates);
    Ok(Listing {
        page,
        members,
        facets,
    })
}

/// Every matching project, in the order in effect: with words to find,
/// only those the search finds.
fn selection<'a>(
    store: &Store,
    found: Found<'a>,
    params: &Params,
) -> Result<Vec<&'a IndexedProject>, AppError> {
    let (index, base, filters) = (found.index, store.base(), &params.filters);
    let (Some(words), Some(search)) = (&filters.q, found.search) else {
        return Ok(select::select(index, base, filters)?);
    };
    // The hits, best first, as positions in the index.
    let hits = search.hits(words)?;
    let positions = search.positions_in(index);
    let found = hits.iter().filter_map(|(number, _)| {
        let position = *positions.get(*number as usize)?;
        (position != u32::MAX).then_some(position as usize)
    });
    if filters.order_in_effect() == order::Order::Relevance {
        let matcher = select::Matcher::new(index, base, filters)?;
        return Ok(found
            .map(|position| &index.projects[position])
            .filter(|project| matcher.matches(project))
            .collect());
    }
    let found: std::collections::HashSet<usize> = found.collect();
    let mut candidates = select::select(index, base, filters)?;
    candidates.retain(|c| {
        index
            .position(c.iri.as_str())
            .is_some_and(|p| found.contains(&p))
    });
    Ok(candidates)
}

fn negotiate(headers: &HeaderMap) -> Option<Format> {
    let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
    match conneg::negotiate(accept, &OFFERS).ok()? {
        "application/json" => Some(Format::Json),
        "text/html" => Some(Format::Html),
        "application/geo+json" => Some(Format::GeoJson),
        _ => Some(Format::JsonLd),
    }
}

fn content_type(format: Format) -> &'static str {
    match format {
        Format::JsonLd => "application/ld+json",
        Format::Json => "application/json",
        Format::Html => "text/html; charset=utf-8",
        Format::GeoJson => "application/geo+json",
    }
}
