//! The Hydra collection around a page of members: its total, the view
//! with `first`/`previous`/`next`/`last`, and the `IriTemplate` that
//! documents the filters, so a Hydra client can build a query itself.

use serde_json::{Map, Value, json};

use super::params::{DEFAULT_LIMIT, Filters};
use crate::record::BaseIri;

/// A page of the collection, as cut from the matching projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// 1-based.
    pub number: usize,
    pub limit: usize,
    /// Matching projects, over all pages.
    pub total: usize,
}

impl Page {
    /// The last page's number: 1 when nothing matches, so page 1 always exists.
    ///
    /// ```
    /// use carrefour::server::datasets::projects::collection::Page;
    ///
    /// assert_eq!(Page { number: 1, limit: 20, total: 0 }.last(), 1);
    /// assert_eq!(Page { number: 1, limit: 20, total: 40 }.last(), 2);
    /// assert_eq!(Page { number: 1, limit: 20, total: 41 }.last(), 3);
    /// ```
    pub fn last(&self) -> usize {
        self.total.div_ceil(self.limit).max(1)
    }

    /// The range of members on this page.
    pub fn range(&self) -> std::ops::Range<usize> {
        let start = self
            .number
            .saturating_sub(1)
            .saturating_mul(self.limit)
            .min(self.total);
        start..(start + self.limit).min(self.total)
    }
}

/// The query string of a page (`?theme=sante&page=2`), filters first, in
/// a stable order; `limit` only when not the default. The collection itself
/// has no `page`; its views always have one, so a view's IRI is never the
/// collection's.
pub fn query_string(filters: &Filters, limit: usize, page: Option<usize>) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in filters.pairs() {
        query.append_pair(name, &value);
    }
    if limit != DEFAULT_LIMIT {
        query.append_pair("limit", &limit.to_string());
    }
    if let Some(page) = page {
        query.append_pair("page", &page.to_string());
    }
    let query = query.finish();
    if query.is_empty() {
        query
    } else {
        format!("?{query}")
    }
}

/// The collection document for `page` holding `members`, with the
/// `facets` of every matching project (see `facets.rs`).
pub fn collection(
    base: &BaseIri,
    filters: &Filters,
    page: Page,
    members: Vec<Value>,
    facets: Value,
) -> Value {
    let endpoint = format!("{base}api/projects");
    let link = |number: usize| {
        format!(
            "{endpoint}{}",
            query_string(filters, page.limit, Some(number))
        )
    };
    let mut view = Map::new();
    view.insert("id".into(), link(page.number).into());
    view.insert("type".into(), "hydra:PartialCollectionView".into());
    view.insert("first".into(), link(1).into());
    if page.number > 1 {
        view.insert("previous".into(), link(page.number - 1).into());
    }
    if page.number < page.last() {
        view.insert("next".into(), link(page.number + 1).into());
    }
    view.insert("last".into(), link(page.last()).into());
    json!({
        "@context": [format!("{base}ns/context.jsonld"), hydra_context()],
        // The collection is the set of matching projects, whatever their
        // order: its views (pages) carry `order` and `day`.
        "id": format!("{endpoint}{}", query_string(&unordered(filters), DEFAULT_LIMIT, None)),
        "type": "hydra:Collection",
        "totalItems": page.total,
        "facets": facets,
        "member": members,
        "view": view,
        "search": search(&endpoint),
    })
}

/// `filters` without what only orders the projects.
fn unordered(filters: &Filters) -> Filters {
    Filters {
        order: None,
        day: None,
        ..filters.clone()
    }
}

/// The Hydra terms the collection uses, added to the published context.
fn hydra_context() -> Value {
    json!({
        "hydra": "http://www.w3.org/ns/hydra/core#",
        "totalItems": "hydra:totalItems",
        "member": { "@id": "hydra:member", "@container": "@set" },
        "view": "hydra:view",
        "first": { "@id": "hydra:first", "@type": "@id" },
        "previous": { "@id": "hydra:previous", "@type": "@id" },
        "next": { "@id": "hydra:next", "@type": "@id" },
        "last": { "@id": "hydra:last", "@type": "@id" },
        "search": "hydra:search",
        "template": "hydra:template",
        "variableRepresentation": { "@id": "hydra:variableRepresentation", "@type": "@id" },
        "mapping": { "@id": "hydra:mapping", "@container": "@set" },
        "variable": "hydra:variable",
        "property": { "@id": "hydra:property", "@type": "@id" },
        "required": "hydra:required",
        "facets": { "@id": "https://w3id.org/carrefour/ns#facets", "@type": "@json" }
    })
}

/// The filters as a Hydra `IriTemplate` (RFC 6570), each variable with the
/// property it filters on.
fn search(endpoint: &str) -> Value {
    let variables = [
        ("q", "hydra:freetextQuery"),
        ("theme", "dct:subject"),
        ("region", "schema:containedInPlace"),
        ("departement", "schema:containedInPlace"),
        ("near", "schema:geo"),
        ("radius_km", "schema:geoRadius"),
        ("bbox", "schema:geo"),
        ("partner", "prov:wasAttributedTo"),
        ("stage", "pair:hasStatus"),
        ("organisation", "schema:parentOrganization"),
        ("page", "hydra:pageIndex"),
        ("limit", "hydra:limit"),
    ];
    let names: Vec<&str> = variables.iter().map(|(name, _)| *name).collect();
    let mapping: Vec<Value> = variables
        .iter()
        .map(|(variable, property)| {
            json!({
                "type": "hydra:IriTemplateMapping",
                "variable": variable,
                "property": property,
                "required": false,
            })
        })
        .collect();
    json!({
        "type": "hydra:IriTemplate",
        "template": format!("{endpoint}{{?{}}}", names.join(",")),
        "variableRepresentation": "hydra:BasicRepresentation",
        "mapping": mapping,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_keep_the_filters_and_the_limit() {
        let filters = Filters {
            region: Some("Île-de-France".into()),
            ..Filters::default()
        };
        assert_eq!(
            query_string(&filters, 10, Some(2)),
            "?region=%C3%8Ele-de-France&limit=10&page=2"
        );
        assert_eq!(query_string(&Filters::default(), 20, None), "");
        assert_eq!(query_string(&Filters::default(), 20, Some(1)), "?page=1");
    }

    #[test]
    fn the_view_links_neighbours_only_when_they_exist() {
        let base = BaseIri::new("http://localhost:7878/").unwrap();
        let page = Page {
            number: 2,
            limit: 20,
            total: 45,
        };
        let document = collection(&base, &Filters::default(), page, Vec::new(), Value::Null);
        let keys: Vec<&str> = document
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(
            keys,
            [
                "@context",
                "id",
                "type",
                "totalItems",
                "facets",
                "member",
                "view",
                "search"
            ],
            "a reader meets the context and the figures before the members"
        );
        let view = &document["view"];
        assert_eq!(view["id"], "http://localhost:7878/api/projects?page=2");
        assert_eq!(document["id"], "http://localhost:7878/api/projects");
        assert_eq!(view["first"], "http://localhost:7878/api/projects?page=1");
        assert_eq!(
            view["previous"],
            "http://localhost:7878/api/projects?page=1"
        );
        assert_eq!(view["next"], "http://localhost:7878/api/projects?page=3");
        assert_eq!(view["last"], "http://localhost:7878/api/projects?page=3");
        assert_eq!(page.range(), 20..40);
        let last = Page { number: 3, ..page };
        let document = collection(&base, &Filters::default(), last, Vec::new(), Value::Null);
        assert!(document["view"].get("next").is_none());
        assert_eq!(last.range(), 40..45);
    }
}
