//! `GET /partenaires`: the partners whose projects the hub publishes
//! (name, logo, licence, projects, their site, the last harvest), and
//! `GET /partenaires/{id}`: one partner's source health, read from its
//! harvest reports, so that a partner sees at once that a redesign of its
//! site broke its mapping: the last runs and their verdicts, the items
//! found and kept, the field coverage of the last run beside the one
//! before, the place resolution, the errors and warnings counted.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::lang::{self, Lang};
use super::{html, switch, with_cookie};
use crate::harvest::reports::RunSummary;
use crate::rdf::vocab::schema;
use crate::server::html::{Link, license_label, readable_time};
use crate::server::{AppError, AppState, slots};
use crate::store::{PartnerStatistics, Statistics, Store};

/// Runs shown per partner.
const RUNS: usize = 10;
/// A fall of field coverage, from one run to the next, worth a warning.
const DROP: f64 = 0.2;

#[derive(Template)]
#[template(path = "partners.html")]
struct DirectoryPage {
    lang: Lang,
    switch: String,
    partners: Vec<PartnerRow>,
    projects: u64,
}

struct PartnerRow {
    id: String,
    name: String,
    logo: Option<String>,
    homepage: Option<String>,
    license: Option<Link>,
    projects: u64,
    last_harvest: String,
}

#[derive(Template)]
#[template(path = "partner_health.html")]
struct HealthPage {
    lang: Lang,
    switch: String,
    partner: PartnerRow,
    /// `None`: this server runs no harvests, so it has no reports.
    runs: Option<Vec<RunRow>>,
    every: Option<String>,
    coverage: Vec<Coverage>,
    places: Option<crate::harvest::reports::PlaceShares>,
}

struct RunRow {
    started: String,
    verdict: &'static str,
    ok: bool,
    summary: RunSummary,
}

struct Coverage {
    field: String,
    percent: u32,
    before: Option<u32>,
    fell: bool,
}

fn row(store: &Store, partner: &PartnerStatistics) -> PartnerRow {
    let logo = store
        .quads(
            Some(partner.iri.as_ref().into()),
            Some(schema::LOGO),
            None,
            None,
        )
        .filter_map(Result::ok)
        .find_map(|quad| match quad.object {
            oxigraph::model::Term::NamedNode(n) => Some(n.into_string()),
            _ => None,
        });
    PartnerRow {
        id: partner.id.clone(),
        name: partner.name.clone(),
        logo: logo.and_then(|l| crate::server::html::image_source(&l)),
        homepage: partner.homepage.clone(),
        license: partner.license.as_ref().map(|l| Link {
            href: l.clone(),
            label: license_label(l),
        }),
        projects: partner.projects,
        last_harvest: partner
            .last_harvest
            .as_deref()
            .map(readable_time)
            .unwrap_or_default(),
    }
}

/// `GET /partenaires`.
pub(super) async fn directory(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (lang, query, cookie) = lang::of_request(query.as_deref(), &headers);
    let switch = switch("/partenaires", query.as_deref(), lang);
    let body = slots::run(&state, move |store| {
        let statistics = store.known_statistics()?;
        let mut partners: Vec<PartnerRow> =
            statistics.partners.iter().map(|p| row(store, p)).collect();
        partners.sort_by_key(|p| crate::record::slug(&p.name));
        DirectoryPage {
            lang,
            switch,
            partners,
            projects: statistics.projects,
        }
        .render()
        .map_err(AppError::unavailable)
    })
    .await?;
    Ok(with_cookie(html(body), cookie))
}

/// `GET /partenaires/{id}`.
pub(super) async fn health(
    State(state): State<AppState>,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let (lang, query, cookie) = lang::of_request(query.as_deref(), &headers);
    // The partner's figures and row from the store, its runs from the
    // reports on disk: blocking work, in a query slot.
    let live = state.harvests.clone();
    let wanted = id.clone();
    let (partner, health) = slots::run(&state, move |store| {
        let statistics: Statistics = store.known_statistics()?;
        let Some(partner) = statistics.partners.iter().find(|p| p.id == wanted) else {
            let known: Vec<&str> = statistics.partners.iter().map(|p| p.id.as_str()).collect();
            return Err(AppError::NotFound(format!(
                "no partner {wanted:?} publishes projects here; see /partenaires ({})",
                known.join(", ")
            )));
        };
        let health = live.map(|live| live.health(RUNS).into_iter().find(|h| h.partner == wanted));
        Ok((row(store, partner), health))
    })
    .await?;
    let (runs, every) = match health {
        None => (None, None),
        Some(None) => (Some(Vec::new()), None),
        Some(Some(health)) => (Some(health.runs), health.every),
    };
    let coverage = runs.as_deref().map(coverage).unwrap_or_default();
    let places = runs
        .as_deref()
        .and_then(|runs| runs.iter().find_map(|r| r.places.clone()));
    let page = HealthPage {
        lang,
        switch: switch(&format!("/partenaires/{id}"), query.as_deref(), lang),
        partner,
        every,
        coverage,
        places,
        runs: runs.map(|runs| runs.into_iter().map(|r| run_row(r, lang)).collect()),
    };
    Ok(with_cookie(
        html(page.render().map_err(AppError::unavailable)?),
        cookie,
    ))
}

fn run_row(summary: RunSummary, lang: Lang) -> RunRow {
    let (verdict, ok) = match summary.verdict.as_str() {
        "published" => (lang.t("publié", "published"), true),
        "failed" => (
            lang.t(
                "échec : données précédentes gardées",
                "failed: the previous data is kept",
            ),
            false,
        ),
        "dry-run" => (lang.t("essai à blanc", "dry run"), true),
        _ => (lang.t("en cours", "running"), true),
    };
    RunRow {
        started: summary
            .started_at
            .map(|t| readable_time(&t.to_rfc3339()))
            .unwrap_or_default(),
        verdict,
        ok,
        summary,
    }
}

/// The field coverage of the newest run that has one, beside the run
/// before it; a fall of more than [`DROP`] is flagged.
fn coverage(runs: &[RunSummary]) -> Vec<Coverage> {
    let mut with = runs.iter().filter(|r| !r.coverage.is_empty());
    let Some(last) = with.next() else {
        return Vec::new();
    };
    let before = with.next();
    let percent = |share: f64| (share * 100.0).round() as u32;
    last.coverage
        .iter()
        .map(|(field, share)| {
            let previous = before.and_then(|b| b.coverage.get(field)).copied();
            Coverage {
                field: field.clone(),
                percent: percent(*share),
                before: previous.map(percent),
                fell: previous.is_some_and(|p| p - share > DROP),
            }
        })
        .collect()
}
