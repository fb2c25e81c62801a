//! `GET /statistiques`: projects per theme, région, partner and stage, and
//! harvests per day, each as a chart with its data table, a CSV download
//! (`/statistiques/{chart}.csv`) and the SPARQL query it was computed
//! with: the query files of `queries/` themselves, so what the chart shows
//! is what a researcher gets by running it (one click: the results as CSV,
//! or the query in the editor).

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use oxigraph::model::Term;

use super::charts::{self, Bar};
use super::lang::{self, Lang};
use super::{html_page, switch, with_cookie};
use crate::index::{IndexedProject, ProjectIndex};
use crate::record::Kind;
use crate::server::{AppError, AppState, slots};
use crate::store::{Sparql, Store};

/// One chart: the query file it runs and which of its columns it draws.
struct Spec {
    id: &'static str,
    /// In French and English.
    title: (&'static str, &'static str),
    /// The query file, without `.rq`.
    example: &'static str,
    query: &'static str,
    /// Columns of the label, the value, and the code a filter of `/` takes.
    label: usize,
    value: usize,
    filter: Option<(&'static str, usize)>,
    /// The headings of the label and value columns, in French and English.
    headings: [(&'static str, &'static str); 2],
}

const SPECS: [Spec; 5] = [
    Spec {
        id: "themes",
        title: ("Projets par thème", "Projects per theme"),
        example: "19-projets-par-theme",
        query: include_str!("../../../queries/19-projets-par-theme.rq"),
        label: 1,
        value: 2,
        filter: Some(("theme", 0)),
        headings: [("Thème", "Theme"), ("Projets", "Projects")],
    },
    Spec {
        id: "regions",
        title: ("Projets par région", "Projects per région"),
        example: "18-projets-par-region",
        query: include_str!("../../../queries/18-projets-par-region.rq"),
        label: 2,
        value: 3,
        filter: Some(("region", 1)),
        headings: [("Région", "Région"), ("Projets", "Projects")],
    },
    Spec {
        id: "partners",
        title: ("Projets par partenaire", "Projects per partner"),
        example: "02-projets-par-partenaire",
        query: include_str!("../../../queries/02-projets-par-partenaire.rq"),
        label: 1,
        value: 2,
        filter: Some(("partner", 0)),
        headings: [("Partenaire", "Partner"), ("Projets", "Projects")],
    },
    Spec {
        id: "stages",
        title: (
            "Projets par stade de maturité",
            "Projects per maturity stage",
        ),
        example: "03-projets-par-stade",
        query: include_str!("../../../queries/03-projets-par-stade.rq"),
        label: 1,
        value: 3,
        filter: Some(("stage", 0)),
        headings: [("Stade", "Stage"), ("Projets", "Projects")],
    },
    Spec {
        id: "harvests",
        title: ("Moissonnages par jour", "Harvests per day"),
        example: "20-moissonnages-par-jour",
        query: include_str!("../../../queries/20-moissonnages-par-jour.rq"),
        label: 0,
        value: 1,
        filter: None,
        headings: [("Jour", "Day"), ("Moissonnages", "Harvests")],
    },
];

#[derive(Template)]
#[template(path = "statistics.html")]
struct StatisticsPage {
    lang: Lang,
    switch: String,
    charts: Vec<Chart>,
}

/// A chart as the page draws it.
struct Chart {
    id: &'static str,
    title: &'static str,
    headings: (&'static str, &'static str),
    /// Each links to the search of its projects (`/?theme=…`), if any.
    bars: Vec<Bar>,
    height: u32,
    bars_from: u32,
    bar_height: u32,
    width: u32,
    query: &'static str,
    /// The query's results as CSV, straight from the endpoint.
    run: String,
    /// The query in the editor of `/sparql`.
    editor: String,
}

/// A chart's rows: label, value, and the code a filter of `/` takes.
type Rows = Vec<(String, u64, Option<String>)>;

/// The rows of `spec`: what its query gives. A chart of a facet (themes,
/// régions, partners, stages) reads the counts the index keeps per data
/// revision (the same numbers: `tests/it/queries.rs` and `pages.rs` check
/// it), since the queries take minutes at 100 000 projects; the others
/// run their query.
fn rows(store: &Store, index: &ProjectIndex, spec: &Spec) -> Result<Rows, AppError> {
    match spec.filter {
        Some((filter, _)) => facet_rows(store, index, filter),
        None => query_rows(store, spec),
    }
}

/// The counts of one facet over every project, as the query orders them:
/// by count then label, stages in their order (every stage, even unused).
fn facet_rows(store: &Store, index: &ProjectIndex, filter: &str) -> Result<Rows, AppError> {
    let base = store.base();
    let everything: Vec<&IndexedProject> = index.projects.iter().collect();
    let counts = index.count_shown(base, &everything);
    let count_of = |kind: Kind, code: &str| {
        index
            .shown_facets(base)
            .iter()
            .zip(&counts)
            .find(|(facet, _)| facet.kind == kind && &*facet.code == code)
            .map_or(0, |(_, count)| u64::from(*count))
    };
    let row = |kind: Kind, code: &str, label: &str| {
        (
            label.to_owned(),
            count_of(kind, code),
            Some(code.to_owned()),
        )
    };
    let mut rows: Rows = match filter {
        "stage" => {
            return Ok(crate::record::Stage::ALL
                .iter()
                .filter_map(|stage| index.stages.iter().find(|c| c.code == stage.code()))
                .map(|c| row(Kind::Stage, &c.code, &c.label))
                .collect());
        }
        "theme" => {
            let top = store.select_rows(&Sparql::new(
                "SELECT ?theme WHERE { ?theme skos:topConceptOf ?scheme }",
            ))?;
            let top: Vec<String> = top
                .into_iter()
                .filter_map(|r| r.first().cloned().flatten())
                .map(|t| lexical(&t))
                .collect();
            index
                .themes
                .iter()
                .filter(|c| top.contains(&base.id(Kind::Theme, &c.code).into_string()))
                .map(|c| row(Kind::Theme, &c.code, &c.label))
                .collect()
        }
        "partner" => index
            .partners
            .iter()
            .map(|c| row(Kind::Partner, &c.code, &c.label))
            .collect(),
        _ => {
            let gazetteer = crate::territory::Gazetteer::get();
            index
                .shown_facets(base)
                .iter()
                .filter(|facet| facet.kind == Kind::Region)
                .filter_map(|facet| {
                    let region = gazetteer.region(&facet.code)?;
                    Some(row(Kind::Region, &facet.code, region.name))
                })
                .collect()
        }
    };
    rows.retain(|(_, count, _)| *count > 0);
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Ok(rows)
}

/// The label, value and filter code of each row of `spec`'s query.
fn query_rows(store: &Store, spec: &Spec) -> Result<Rows, AppError> {
    let rows = store.select_rows(&Sparql::new(spec.query))?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let text = |i: usize| row.get(i).cloned().flatten().map(|t| lexical(&t));
            let value = text(spec.value).and_then(|v| v.parse().ok()).unwrap_or(0);
            let code = spec
                .filter
                .and_then(|(_, column)| text(column))
                .map(|c| c.rsplit('/').next().unwrap_or_default().to_owned());
            (text(spec.label).unwrap_or_default(), value, code)
        })
        .collect())
}

/// A term's lexical form, or its IRI.
fn lexical(term: &Term) -> String {
    match term {
        Term::NamedNode(n) => n.as_str().to_owned(),
        Term::Literal(l) => l.value().to_owned(),
        other => other.to_string(),
    }
}

fn chart(store: &Store, index: &ProjectIndex, spec: &Spec, lang: Lang) -> Result<Chart, AppError> {
    let rows = rows(store, index, spec)?;
    let pairs: Vec<(String, u64)> = rows.iter().map(|(l, v, _)| (l.clone(), *v)).collect();
    let searches: Vec<Option<String>> = rows
        .iter()
        .map(|(_, _, code)| {
            let (filter, _) = spec.filter?;
            let code = code.as_deref()?;
            let query: String = url::form_urlencoded::Serializer::new(String::new())
                .append_pair(filter, code)
                .finish();
            Some(format!("/?{query}"))
        })
        .collect();
    let encoded: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("query", spec.query)
        .append_pair("format", "csv")
        .finish();
    Ok(Chart {
        id: spec.id,
        title: lang.t(spec.title.0, spec.title.1),
        headings: (
            lang.t(spec.headings[0].0, spec.headings[0].1),
            lang.t(spec.headings[1].0, spec.headings[1].1),
        ),
        height: charts::height(pairs.len()),
        bars: charts::bars(&pairs)
            .into_iter()
            .zip(searches)
            .map(|(bar, link)| Bar { link, ..bar })
            .collect(),
        bars_from: charts::bars_from(),
        bar_height: charts::bar_height(),
        width: charts::WIDTH,
        query: spec.query,
        run: format!("/sparql?{encoded}"),
        editor: format!("/sparql?example={}#query", spec.example),
    })
}

/// `GET /statistiques`.
pub(super) async fn page(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (lang, query, cookie) = lang::of_request(query.as_deref(), &headers);
    let revision = state.store.revision();
    let key = format!("/statistiques#{}", lang.code());
    if let Some(page) = state.pages.get(revision, &key) {
        return Ok(with_cookie(page.respond(&headers), cookie));
    }
    let switch = switch("/statistiques", query.as_deref(), lang);
    let index = state.index.clone();
    let (body, indexed_at) = slots::run(&state, move |store| {
        let index = index.prompt(store)?;
        let charts = SPECS
            .iter()
            .map(|spec| chart(store, &index, spec, lang))
            .collect::<Result<_, _>>()?;
        let page = StatisticsPage {
            lang,
            switch,
            charts,
        };
        let body = page.render().map_err(AppError::unavailable)?;
        Ok((body.into_bytes(), index.revision))
    })
    .await?;
    let page = html_page(StatusCode::OK, body);
    // Under the revision of the index it was drawn from.
    let response = state.pages.insert(indexed_at, key, page).respond(&headers);
    Ok(with_cookie(response, cookie))
}

/// `GET /statistiques/{chart}.csv`: a chart's data.
pub(super) async fn csv(
    State(state): State<AppState>,
    Path(file): Path<String>,
) -> Result<Response, AppError> {
    let spec = file
        .strip_suffix(".csv")
        .and_then(|id| SPECS.iter().find(|s| s.id == id))
        .ok_or_else(|| {
            let known: Vec<String> = SPECS.iter().map(|s| format!("{}.csv", s.id)).collect();
            AppError::NotFound(format!(
                "no chart data called {file:?}; there are {}",
                known.join(", ")
            ))
        })?;
    let index = state.index.clone();
    let rows = slots::run(&state, move |store| {
        rows(store, &*index.prompt(store)?, spec)
    })
    .await?;
    let mut text = format!("{},{}\r\n", spec.headings[0].0, spec.headings[1].0);
    for (label, value, _) in rows {
        text.push_str(&format!("{},{value}\r\n", csv_field(&label)));
    }
    let disposition = format!("attachment; filename=\"carrefour-{}.csv\"", spec.id);
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}

/// A CSV field (RFC 4180), quoted when it must be; a leading `=`, `+`,
/// `-` or `@` is prefixed with `'` so no spreadsheet runs a scraped name
/// as a formula.
fn csv_field(text: &str) -> String {
    let text = match text.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("Bretagne"), "Bretagne");
        assert_eq!(csv_field("Lien, social"), "\"Lien, social\"");
        assert_eq!(csv_field("dit \"oui\""), "\"dit \"\"oui\"\"\"");
        assert_eq!(csv_field("=HYPERLINK(1)"), "'=HYPERLINK(1)");
    }
}
