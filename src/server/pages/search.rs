//! `GET /`: the charter's shared search engine. A search box, the facets
//! of the current selection with their counts, the results with their
//! partner and the link back, paging, and the same selection on the map.
//! The whole state lives in the query string (the same parameters as
//! `/api/projects`), so a search is a link to share and the back button
//! works; nothing needs JavaScript.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::Value;

use super::lang::Lang;
use super::{SelectionRequest, html_page, switch, with_cookie};
use crate::server::datasets::projects::collection::query_string;
use crate::server::datasets::projects::html::{Row, row};
use crate::server::datasets::projects::params::{Filters, Params};
use crate::server::datasets::projects::{Listing, in_slot, listing};
use crate::server::{AppError, AppState};

/// The facets shown, in order, with their headings in French and English.
const FACETS: [(&str, &str, &str); 5] = [
    ("theme", "Thèmes", "Themes"),
    ("region", "Régions", "Régions"),
    ("departement", "Départements", "Départements"),
    ("partner", "Partenaires", "Partners"),
    ("stage", "Stades de maturité", "Maturity stages"),
];

/// Values shown per facet (the most frequent).
const SHOWN: usize = 12;

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    lang: Lang,
    switch: String,
    q: String,
    /// The filters a new search keeps, as hidden fields.
    kept: Vec<(&'static str, String)>,
    /// The filters applied, each with the link that removes it.
    active: Vec<Active>,
    facets: Vec<FacetGroup>,
    total: usize,
    page: usize,
    last: usize,
    rows: Vec<Row>,
    previous: Option<String>,
    next: Option<String>,
    map: String,
    api: String,
}

struct Active {
    label: String,
    remove: String,
}

struct FacetGroup {
    filter: &'static str,
    title: &'static str,
    values: Vec<FacetValue>,
}

struct FacetValue {
    label: String,
    count: u64,
    href: String,
}

/// `GET /`.
pub(super) async fn page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let SelectionRequest {
        lang,
        query,
        cookie,
        params,
    } = SelectionRequest::read(&state, query.as_deref(), &headers)?;
    let revision = state.store.revision();
    let key = format!(
        "/{}#{}",
        query_string(&params.filters, params.limit, Some(params.page)),
        lang.code()
    );
    if let Some(page) = state.pages.get(revision, &key) {
        return Ok(with_cookie(page.respond(&headers), cookie));
    }
    let switch = switch("/", query.as_deref(), lang);
    let (body, indexed_at) = in_slot(&state, params, move |store, found, params| {
        let listing = listing(store, found, params)?;
        render(store.base().as_str(), params, &listing, (lang, switch))
    })
    .await?;
    let page = html_page(StatusCode::OK, body);
    let response = state.pages.insert(indexed_at, key, page).respond(&headers);
    Ok(with_cookie(response, cookie))
}

fn render(
    base: &str,
    params: &Params,
    listing: &Listing,
    (lang, switch): (Lang, String),
) -> Result<Vec<u8>, AppError> {
    let filters = &params.filters;
    let link = |filters: &Filters, page: Option<usize>| {
        format!("/{}", query_string(filters, params.limit, page))
    };
    let page = listing.page;
    let view = SearchPage {
        lang,
        switch,
        q: filters.q.clone().unwrap_or_default(),
        kept: filters
            .pairs()
            .into_iter()
            .filter(|(name, _)| !matches!(*name, "q" | "order" | "day"))
            .collect(),
        active: active(filters, &listing.facets, &link, lang),
        facets: FACETS
            .iter()
            .map(|(filter, fr, en)| FacetGroup {
                filter,
                title: lang.t(fr, en),
                values: facet_values(filters, &listing.facets[*filter], filter, &link),
            })
            .filter(|group| !group.values.is_empty())
            .collect(),
        total: page.total,
        page: page.number,
        last: page.last(),
        rows: listing.members.iter().map(|m| row(base, m)).collect(),
        previous: (page.number > 1).then(|| link(filters, Some(page.number - 1))),
        next: (page.number < page.last()).then(|| link(filters, Some(page.number + 1))),
        map: format!("/carte{}", query_string(filters, params.limit, None)),
        api: format!("/api/projects{}", query_string(filters, params.limit, None)),
    };
    view.render()
        .map(String::into_bytes)
        .map_err(AppError::unavailable)
}

/// The values of one facet not already chosen, each a link adding it.
fn facet_values(
    filters: &Filters,
    values: &Value,
    filter: &str,
    link: &dyn Fn(&Filters, Option<usize>) -> String,
) -> Vec<FacetValue> {
    let Some(values) = values.as_array() else {
        return Vec::new();
    };
    values
        .iter()
        .filter_map(|value| {
            let code = value["code"].as_str()?;
            if value_of(filters, filter) == Some(code) {
                return None;
            }
            let mut narrowed = filters.clone();
            set(&mut narrowed, filter, Some(code.to_owned()));
            Some(FacetValue {
                label: value["label"].as_str().unwrap_or(code).to_owned(),
                count: value["count"].as_u64().unwrap_or_default(),
                href: link(&narrowed, None),
            })
        })
        .take(SHOWN)
        .collect()
}

/// The filters applied, with their labels from the facets when known.
fn active(
    filters: &Filters,
    facets: &Value,
    link: &dyn Fn(&Filters, Option<usize>) -> String,
    lang: Lang,
) -> Vec<Active> {
    let mut active = Vec::new();
    let organisation = ("organisation", "Organisation", "Organisation");
    for (filter, fr, en) in FACETS.iter().copied().chain([organisation]) {
        let title = lang.t(fr, en);
        let Some(code) = value_of(filters, filter) else {
            continue;
        };
        let label = facets[filter]
            .as_array()
            .and_then(|values| values.iter().find(|v| v["code"] == code))
            .and_then(|v| v["label"].as_str())
            .unwrap_or(code);
        let mut widened = filters.clone();
        set(&mut widened, filter, None);
        active.push(Active {
            label: format!("{title}{} {label}", lang.t(" :", ":")),
            remove: link(&widened, None),
        });
    }
    active
}

fn value_of<'a>(filters: &'a Filters, filter: &str) -> Option<&'a str> {
    match filter {
        "theme" => filters.theme.as_deref(),
        "region" => filters.region.as_deref(),
        "departement" => filters.departement.as_deref(),
        "partner" => filters.partner.as_deref(),
        "stage" => filters.stage.as_deref(),
        "organisation" => filters.organisation.as_deref(),
        _ => None,
    }
}

fn set(filters: &mut Filters, filter: &str, value: Option<String>) {
    match filter {
        "theme" => filters.theme = value,
        "region" => filters.region = value,
        "departement" => filters.departement = value,
        "partner" => filters.partner = value,
        "stage" => filters.stage = value,
        "organisation" => filters.organisation = value,
        _ => {}
    }
}
