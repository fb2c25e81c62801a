//! Server-rendered HTML pages (Askama templates in `src/server/templates/`,
//! escaped by default): a document per thing, its tombstone, the 404 page.
//! French first; no JavaScript needed. Links made from data go through
//! [`link_target`] first: only `http(s)`, `mailto` and our own paths become links.

mod link;
mod view;

use askama::Template;
use oxigraph::model::{NamedOrBlankNode, Triple};

use crate::record::{BaseIri, Kind};
use crate::store::DescribedPage;

pub use link::{image_source, link_target, mailto};
pub use view::{
    Link, ProjectFacts, Statement, Triples, Value, license_label, readable_time, short,
};

/// A thing's document.
#[derive(Template)]
#[template(path = "thing.html")]
struct ThingPage<'a> {
    title: String,
    kind_label: &'static str,
    iri: &'a str,
    doc: String,
    project: Option<ProjectFacts>,
    own: Vec<Statement>,
    incoming: Vec<Statement>,
    incoming_total: usize,
    page: usize,
    next: Option<String>,
    previous: Option<String>,
    schema_org: Option<String>,
    /// The projects of this partner, organisation, theme or stage in the API.
    listing: Option<String>,
    /// The projects located in this territory (this page's share of them).
    located: Vec<Link>,
    /// Where to put the map's marker: latitude, longitude.
    map: Option<(f64, f64)>,
}

/// A project its partner no longer publishes.
#[derive(Template)]
#[template(path = "gone.html")]
struct GonePage<'a> {
    iri: &'a str,
    source: Option<String>,
    credit: Option<view::Credit>,
    invalidated_at: Option<String>,
    statements: Vec<Statement>,
}

#[derive(Template)]
#[template(path = "not_found.html")]
struct NotFoundPage<'a> {
    path: &'a str,
}

/// The French name of a kind of thing.
pub fn kind_label(kind: Kind) -> &'static str {
    match kind {
        Kind::Project => "Projet",
        Kind::Organisation => "Organisation",
        Kind::Partner => "Partenaire",
        Kind::Place => "Lieu",
        Kind::Theme => "Thème",
        Kind::Stage => "Stade de maturité",
        Kind::Harvest => "Moissonnage",
        Kind::Record => "Fiche moissonnée",
        Kind::Commune => "Commune",
        Kind::Departement => "Département",
        Kind::Region => "Région",
    }
}

/// The document of a live thing.
pub fn thing_page(
    base: &BaseIri,
    kind: Kind,
    key: &str,
    described: &DescribedPage,
    triples: &[Triple],
) -> Result<String, askama::Error> {
    let iri = base.id(kind, key);
    let iri = iri.as_str();
    let view = Triples { base, triples };
    let is_own = |s: &NamedOrBlankNode| matches!(s, NamedOrBlankNode::NamedNode(n) if n.as_str() == iri || n.as_str().strip_prefix(iri).is_some_and(|r| r.starts_with('#')));
    let own = view.statements(is_own);
    let incoming: Vec<Statement> = triples
        .iter()
        .filter(|t| !is_own(&t.subject) && t.object.to_string() == format!("<{iri}>"))
        .map(|t| Statement {
            subject: match &t.subject {
                NamedOrBlankNode::NamedNode(n) => view.link(n.as_str()),
                NamedOrBlankNode::BlankNode(b) => Link {
                    href: String::new(),
                    label: b.to_string(),
                },
            },
            predicate: Link {
                href: t.predicate.as_str().to_owned(),
                label: short(t.predicate.as_str()),
            },
            value: Value::Text {
                text: String::new(),
                note: None,
            },
        })
        .collect();
    let doc = format!("/doc/{kind}/{key}");
    let project = (kind == Kind::Project).then(|| view.project(iri));
    let schema_org = project.as_ref().map(schema_org_json);
    ThingPage {
        title: view.label(iri),
        kind_label: kind_label(kind),
        iri,
        next: described
            .has_next()
            .then(|| format!("{doc}?page={}", described.page + 1)),
        previous: (described.page > 1).then(|| format!("{doc}?page={}", described.page - 1)),
        doc,
        project,
        own,
        incoming,
        incoming_total: described.incoming_total,
        page: described.page,
        schema_org,
        listing: listing(kind, key),
        located: located(&view, iri),
        map: view.point(iri),
    }
    .render()
}

/// The projects whose place is in the territory `iri`, by name.
fn located(view: &Triples<'_>, iri: &str) -> Vec<Link> {
    let mut projects: Vec<Link> = view
        .triples
        .iter()
        .filter(|t| t.predicate.as_ref() == crate::rdf::vocab::schema::LOCATION)
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str() != iri => Some(view.link(n.as_str())),
            _ => None,
        })
        .collect();
    projects.sort_by(|a, b| a.label.cmp(&b.label));
    projects.dedup();
    projects
}

/// `/api/projects?partner=…` for things that group projects.
fn listing(kind: Kind, key: &str) -> Option<String> {
    let filter = match kind {
        Kind::Partner => "partner",
        Kind::Organisation => "organisation",
        Kind::Theme => "theme",
        Kind::Stage => "stage",
        Kind::Departement => "departement",
        Kind::Region => "region",
        _ => return None,
    };
    Some(format!("/api/projects?{filter}={key}"))
}

/// The page of a tombstone: what we knew, and that it is gone.
pub fn gone_page(base: &BaseIri, iri: &str, triples: &[Triple]) -> Result<String, askama::Error> {
    let view = Triples { base, triples };
    let record = triples.iter().find_map(|t| match &t.subject {
        NamedOrBlankNode::NamedNode(n) if view.is_tombstone(n.as_str()) => Some(n.as_str()),
        _ => None,
    });
    GonePage {
        iri,
        source: record
            .and_then(|r| view.iri(r, crate::rdf::vocab::prov::WAS_DERIVED_FROM.as_str()))
            .map(|n| n.as_str().to_owned()),
        credit: record.and_then(|r| view.credit(r)),
        invalidated_at: record
            .and_then(|r| view.text(r, crate::rdf::vocab::prov::INVALIDATED_AT_TIME.as_str())),
        statements: view.statements(|_| true),
    }
    .render()
}

/// The 404 page.
pub fn not_found_page(path: &str) -> Result<String, askama::Error> {
    NotFoundPage { path }.render()
}

/// schema.org JSON-LD for search engines, safe inside `<script>`: `<`, `>`
/// and `&` are written as JSON escapes, so scraped text cannot close the
/// element.
fn schema_org_json(project: &ProjectFacts) -> String {
    let mut json = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "Project",
        "name": project.name,
    });
    if let Some(description) = &project.description {
        json["description"] = description.clone().into();
    }
    if let Some(source) = &project.source {
        json["url"] = source.clone().into();
    }
    if let Some(organisation) = &project.organisation {
        json["parentOrganization"] =
            serde_json::json!({ "@type": "Organization", "name": organisation.label });
    }
    if let Some(place) = &project.place {
        let mut location = serde_json::json!({ "@type": "Place" });
        if let Some(label) = &place.label {
            location["name"] = label.clone().into();
        }
        if !place.address.is_empty() {
            location["address"] = place.address.join(", ").into();
        }
        if let (Some(latitude), Some(longitude)) = (place.latitude, place.longitude) {
            location["geo"] = serde_json::json!({
                "@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude
            });
        }
        json["location"] = location;
    }
    if !project.keywords.is_empty() {
        json["keywords"] = project.keywords.join(", ").into();
    }
    json.to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}
