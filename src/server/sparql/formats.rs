//! Which format an answer is written in: chosen from the client's `Accept`
//! header (q-values, via [`conneg`](crate::server::conneg)) or its
//! `format=` parameter, among the formats the kind of answer has.
//!
//! `SELECT` and `ASK` answer in the SPARQL results formats (JSON, XML, CSV,
//! TSV); `CONSTRUCT` and `DESCRIBE` in RDF (Turtle, N-Triples, RDF/XML,
//! JSON-LD, TriG, N-Quads). `format=json` and `format=xml` mean the JSON or
//! XML flavour of whichever kind the query is, as SPARQLWrapper expects.

use oxigraph::io::RdfFormat;
use oxigraph::sparql::QueryResults;
use oxigraph::sparql::results::QueryResultsFormat;

use super::AppError;
use super::results::Answer;
use crate::server::conneg;

const RESULTS_JSON: &str = "application/sparql-results+json";
const RESULTS_XML: &str = "application/sparql-results+xml";
const TURTLE: &str = "text/turtle";
const JSON_LD: &str = "application/ld+json";
const RDF_XML: &str = "application/rdf+xml";

/// Solutions: offers in our order of preference, and what each is written as.
const SOLUTION_FORMATS: [(&str, QueryResultsFormat); 5] = [
    (RESULTS_JSON, QueryResultsFormat::Json),
    (RESULTS_XML, QueryResultsFormat::Xml),
    ("text/csv", QueryResultsFormat::Csv),
    ("text/tab-separated-values", QueryResultsFormat::Tsv),
    // Generic JSON clients get SPARQL JSON results.
    ("application/json", QueryResultsFormat::Json),
];

/// Graphs (CONSTRUCT, DESCRIBE): offers in our order of preference.
const GRAPH_FORMATS: [&str; 7] = [
    TURTLE,
    "application/n-triples",
    RDF_XML,
    JSON_LD,
    "application/trig",
    "application/n-quads",
    // Generic JSON clients get JSON-LD.
    "application/json",
];

/// The representations of `GET /sparql` without a query.
const DESCRIPTION_FORMATS: [&str; 7] = [
    "text/html",
    TURTLE,
    JSON_LD,
    RDF_XML,
    "application/n-triples",
    "application/trig",
    "application/n-quads",
];

/// What the client asked for: its `Accept` header and `format=` parameter
/// (which wins).
#[derive(Debug, Clone, Default)]
pub(super) struct Choice {
    accept: Option<String>,
    format: Option<String>,
}

impl Choice {
    pub(super) fn new(accept: Option<String>, format: Option<String>) -> Self {
        Choice { accept, format }
    }

    /// Pairs the results with the format to write them in, and its media type.
    pub(super) fn answer(
        &self,
        results: QueryResults<'static>,
    ) -> Result<(Answer, &'static str), AppError> {
        match results {
            QueryResults::Solutions(solutions) => {
                let (media_type, format) = self.results_format()?;
                Ok((Answer::Solutions(solutions, format), media_type))
            }
            QueryResults::Boolean(value) => {
                let (media_type, format) = self.results_format()?;
                Ok((Answer::Boolean(value, format), media_type))
            }
            QueryResults::Graph(triples) => {
                let media_type = self.pick(&GRAPH_FORMATS, true)?;
                Ok((
                    Answer::Graph(triples, rdf_format(media_type)),
                    canonical(media_type),
                ))
            }
        }
    }

    fn results_format(&self) -> Result<(&'static str, QueryResultsFormat), AppError> {
        let offers = SOLUTION_FORMATS.map(|(media_type, _)| media_type);
        let chosen = self.pick(&offers, false)?;
        let format = SOLUTION_FORMATS
            .iter()
            .find(|(media_type, _)| *media_type == chosen)
            .map_or(QueryResultsFormat::Json, |(_, format)| *format);
        let media_type = if chosen == "application/json" {
            RESULTS_JSON
        } else {
            chosen
        };
        Ok((media_type, format))
    }

    /// The offer the client prefers: named by `format=`, else negotiated.
    fn pick(&self, offers: &[&'static str], graph: bool) -> Result<&'static str, AppError> {
        let not_acceptable = || AppError::NotAcceptable(offers.to_vec());
        match &self.format {
            Some(format) => {
                let wanted = format_parameter(format, graph)?;
                offers
                    .iter()
                    .copied()
                    .find(|offer| *offer == wanted)
                    .ok_or_else(not_acceptable)
            }
            None => conneg::negotiate(self.accept.as_deref(), offers).map_err(|_| not_acceptable()),
        }
    }
}

/// What `GET /sparql` without a query answers with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Description {
    /// The HTML query page.
    Page,
    /// The service description in this RDF format.
    Rdf(RdfFormat),
}

/// Browsers (HTML preferred, or `*/*`) get the query page, RDF clients the
/// service description.
pub(super) fn description_format(
    accept: Option<&str>,
    format: Option<&str>,
) -> Result<Description, AppError> {
    let not_acceptable = || AppError::NotAcceptable(DESCRIPTION_FORMATS.to_vec());
    let chosen = match format {
        Some(format) => {
            let wanted = format_parameter(format, true)?;
            DESCRIPTION_FORMATS
                .into_iter()
                .find(|offer| *offer == wanted)
                .ok_or_else(not_acceptable)?
        }
        None => conneg::negotiate(accept, &DESCRIPTION_FORMATS).map_err(|_| not_acceptable())?,
    };
    Ok(match chosen {
        "text/html" => Description::Page,
        rdf => Description::Rdf(rdf_format(rdf)),
    })
}

/// The media type a `format=` value stands for; `graph` says whether the
/// answer is RDF (then `json` is JSON-LD and `xml` RDF/XML).
fn format_parameter(value: &str, graph: bool) -> Result<&'static str, AppError> {
    let value = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let media_type = match value.as_str() {
        "json" if graph => Some(JSON_LD),
        "xml" if graph => Some(RDF_XML),
        "rdf+xml" => Some(RDF_XML),
        "n3" => Some(TURTLE),
        other => conneg::format_media_type(other),
    };
    media_type.ok_or_else(|| {
        AppError::bad_request(format!(
            "format={value} is not a format this endpoint knows: use json, xml, csv, tsv \
             (SELECT, ASK) or ttl, nt, rdf, jsonld, trig, nq (CONSTRUCT, DESCRIBE)"
        ))
    })
}

/// The RDF format of one of our graph offers.
fn rdf_format(media_type: &'static str) -> RdfFormat {
    RdfFormat::from_media_type(canonical(media_type)).unwrap_or(RdfFormat::Turtle)
}

/// The media type we answer with for an offer (aliases resolved).
fn canonical(media_type: &'static str) -> &'static str {
    match media_type {
        "application/json" => JSON_LD,
        other => other,
    }
}

/// The `Content-Type` of a media type: text formats say they are UTF-8.
pub(super) fn content_type(media_type: &str) -> String {
    if media_type.starts_with("text/") {
        format!("{media_type}; charset=utf-8")
    } else {
        media_type.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn results_media_type(
        accept: Option<&str>,
        format: Option<&str>,
    ) -> Result<&'static str, AppError> {
        Choice::new(accept.map(str::to_owned), format.map(str::to_owned))
            .results_format()
            .map(|(media_type, _)| media_type)
    }

    fn graph_media_type(
        accept: Option<&str>,
        format: Option<&str>,
    ) -> Result<&'static str, AppError> {
        Choice::new(accept.map(str::to_owned), format.map(str::to_owned))
            .pick(&GRAPH_FORMATS, true)
            .map(canonical)
    }

    #[test]
    fn q_values_choose_among_results_formats() {
        assert_eq!(results_media_type(None, None).unwrap(), RESULTS_JSON);
        assert_eq!(
            results_media_type(Some("text/csv;q=0.5, application/sparql-results+xml"), None)
                .unwrap(),
            RESULTS_XML
        );
        assert_eq!(
            results_media_type(Some("application/json"), None).unwrap(),
            RESULTS_JSON
        );
        assert_eq!(
            results_media_type(Some("text/turtle"), None),
            Err(AppError::NotAcceptable(
                SOLUTION_FORMATS.map(|(m, _)| m).to_vec()
            ))
        );
    }

    #[test]
    fn the_format_parameter_wins_and_follows_the_kind() {
        assert_eq!(
            results_media_type(Some("text/csv"), Some("tsv")).unwrap(),
            "text/tab-separated-values"
        );
        assert_eq!(results_media_type(None, Some("xml")).unwrap(), RESULTS_XML);
        assert_eq!(graph_media_type(None, Some("xml")).unwrap(), RDF_XML);
        assert_eq!(graph_media_type(None, Some("json")).unwrap(), JSON_LD);
        assert_eq!(graph_media_type(None, Some("rdf+xml")).unwrap(), RDF_XML);
        assert!(matches!(
            graph_media_type(None, Some("csv")),
            Err(AppError::NotAcceptable(_))
        ));
        assert!(matches!(
            results_media_type(None, Some("pdf")),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn browsers_get_the_page_and_rdf_clients_the_description() {
        let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(
            description_format(Some(firefox), None).unwrap(),
            Description::Page
        );
        assert_eq!(description_format(None, None).unwrap(), Description::Page);
        assert_eq!(
            description_format(Some("text/turtle"), None).unwrap(),
            Description::Rdf(RdfFormat::Turtle)
        );
        assert!(matches!(
            description_format(Some("application/ld+json"), None).unwrap(),
            Description::Rdf(RdfFormat::JsonLd { .. })
        ));
        assert_eq!(
            description_format(None, Some("ttl")).unwrap(),
            Description::Rdf(RdfFormat::Turtle)
        );
        assert!(description_format(Some("image/png"), None).is_err());
    }
}
