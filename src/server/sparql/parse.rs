//! Parsing an operation once per request: with the data's base IRI (so
//! `<id/project/…>` resolves) and our vocabulary's prefixes declared (a
//! query's own `PREFIX` wins). The parsed form is what the evaluator runs;
//! its canonical text (as `spargebra` prints it back) is what the
//! `SERVICE` check reads and what the answer cache keys on.

use spargebra::{Query, SparqlParser, Update};

use super::{AppError, PREFIXES};
use crate::record::BaseIri;

/// A query as parsed, and its canonical text.
pub(super) struct ParsedQuery {
    pub(super) query: Query,
    pub(super) canonical: String,
}

/// An update as parsed, and its canonical text.
pub(super) struct ParsedUpdate {
    pub(super) update: Update,
    pub(super) canonical: String,
}

/// `text` as a query, or a 400 saying why it does not parse.
pub(super) fn query(text: &str, base: &BaseIri) -> Result<ParsedQuery, AppError> {
    let query = parser(base)?
        .parse_query(text)
        .map_err(|e| AppError::bad_request(format!("the query does not parse: {e}")))?;
    let canonical = query.to_string();
    Ok(ParsedQuery { query, canonical })
}

/// `text` as an update, or a 400 saying why it does not parse.
pub(super) fn update(text: &str, base: &BaseIri) -> Result<ParsedUpdate, AppError> {
    let update = parser(base)?
        .parse_update(text)
        .map_err(|e| AppError::bad_request(format!("the update does not parse: {e}")))?;
    let canonical = update.to_string();
    Ok(ParsedUpdate { update, canonical })
}

fn parser(base: &BaseIri) -> Result<SparqlParser, AppError> {
    let invalid = |e: oxigraph::model::IriParseError| {
        AppError::unavailable(format!("the base IRI or a prefix is not valid: {e}"))
    };
    let mut parser = SparqlParser::new()
        .with_base_iri(base.as_str())
        .map_err(invalid)?;
    for (name, namespace) in PREFIXES {
        parser = parser.with_prefix(name, namespace).map_err(invalid)?;
    }
    Ok(parser)
}
