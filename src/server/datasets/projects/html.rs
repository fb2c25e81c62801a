//! The HTML list of `/api/projects` for browsers: the same page of members
//! as the JSON-LD, a filter form that works without JavaScript, and links
//! to the neighbouring pages. Links are paths, so the page works whatever
//! host it was reached by.

use askama::Template;
use serde_json::Value;

use super::Listing;
use super::collection::query_string;
use super::params::{Filters, Params};
use super::select::Choice;
use crate::index::ProjectIndex;
use crate::store::StoreError;

/// One project of a list: the minimal facts, the partner, the link back.
pub(crate) struct Row {
    pub name: String,
    pub href: String,
    pub organisation: Option<String>,
    pub place: Option<String>,
    pub partner: Option<String>,
    pub source: Option<String>,
}

#[derive(Template)]
#[template(path = "projects.html")]
struct ProjectsPage {
    total: usize,
    page: usize,
    last: usize,
    rows: Vec<Row>,
    filters: Filters,
    themes: Vec<Choice>,
    stages: Vec<Choice>,
    partners: Vec<Choice>,
    previous: Option<String>,
    next: Option<String>,
    json_ld: String,
}

/// The rendered page.
pub(super) fn page(
    base: &str,
    index: &ProjectIndex,
    params: &Params,
    listing: &Listing,
) -> Result<Vec<u8>, StoreError> {
    let link = |page: usize| {
        format!(
            "/api/projects{}",
            query_string(&params.filters, params.limit, Some(page))
        )
    };
    let page = listing.page;
    let json_ld = {
        let query = query_string(&params.filters, params.limit, Some(page.number));
        format!("/api/projects{query}&format=jsonld")
    };
    let view = ProjectsPage {
        total: page.total,
        page: page.number,
        last: page.last(),
        rows: listing.members.iter().map(|m| row(base, m)).collect(),
        filters: params.filters.clone(),
        themes: index.themes.clone(),
        stages: index.stages.clone(),
        partners: index.partners.clone(),
        previous: (page.number > 1).then(|| link(page.number - 1)),
        next: (page.number < page.last()).then(|| link(page.number + 1)),
        json_ld,
    };
    view.render()
        .map(String::into_bytes)
        .map_err(|e| StoreError::Query(e.to_string()))
}

/// The row of a collection member (see `member.rs`); links are paths.
pub(crate) fn row(base: &str, member: &Value) -> Row {
    let id = member["id"].as_str().unwrap_or_default();
    let location = &member["location"];
    Row {
        name: text(&member["name"]).unwrap_or_else(|| id.to_owned()),
        href: id
            .strip_prefix(base)
            .map_or_else(|| id.to_owned(), |path| format!("/{path}")),
        organisation: text(&member["organisation"]["name"]),
        place: text(&location["name"]).or_else(|| text(&location["address"]["addressLocality"])),
        partner: text(&member["record"]["attributedTo"]["name"]),
        source: text(&member["source"]),
    }
}

/// A string, or the `@value` of a value object.
fn text(value: &Value) -> Option<String> {
    value
        .as_str()
        .or_else(|| value["@value"].as_str())
        .map(str::to_owned)
}
