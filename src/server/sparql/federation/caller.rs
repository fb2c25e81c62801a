//! The `SERVICE` handler given to the evaluator: the pattern inside
//! `SERVICE <endpoint> { … }` sent to the endpoint as a `SELECT *`, its
//! solutions handed back to the join.
//!
//! One handler serves one query. It re-checks every endpoint against the
//! allow-list (the check before evaluation is not its only guard), reads
//! each answer whole before returning it, so that a failure is known while
//! `SERVICE SILENT` can still turn it into the empty solution (the
//! evaluator ignores only the errors the handler returns, not those of the
//! iterator afterwards), and remembers each answer for the rest of the
//! query: a `SERVICE` inside `FILTER EXISTS` is evaluated once per row,
//! with the same pattern each time, and must not call the endpoint as
//! many times.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use oxigraph::model::{NamedNode, Term};
use oxigraph::sparql::results::{
    QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
};
use oxigraph::sparql::{
    DefaultServiceHandler, QueryEvaluationError, QuerySolution, QuerySolutionIter, Variable,
};
use oxiri::Iri;
use spargebra::algebra::GraphPattern;
use url::Url;

use super::allow_list::AllowList;
use super::remote::{self, CallError};
use crate::net::AddressPolicy;

/// Distinct calls one query may make (the same call again is remembered).
pub(super) const MAX_CALLS_PER_QUERY: usize = 8;

/// Calls `SERVICE` endpoints on allowed hosts for one query.
pub(crate) struct ServiceCaller {
    allowed: AllowList,
    /// Which addresses an allowed host may resolve to.
    addresses: AddressPolicy,
    /// When the query's time is up: no call waits beyond it.
    deadline: Instant,
    /// Answers by endpoint and query text.
    answers: Mutex<HashMap<(String, String), Solutions>>,
}

/// A remote endpoint's solutions, shared by every use of them: each row's
/// values in the order of `variables`.
#[derive(Debug, Clone)]
struct Solutions {
    variables: Arc<[Variable]>,
    rows: Arc<[Vec<Option<Term>>]>,
}

/// Why a `SERVICE` call gave no solutions; the evaluator reports it as a
/// `QueryEvaluationError::Service`, which the endpoint answers with 502.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ServiceFailure {
    /// The endpoint failed or could not be reached.
    #[error(
        "SERVICE <{endpoint}> failed: {reason}. Retry later if the endpoint is down or slow, \
         or write SERVICE SILENT <{endpoint}> to get the other results without it"
    )]
    Failed { endpoint: String, reason: String },
    /// The endpoint's host is allowed, but it resolves (or redirects) to an
    /// address this server never calls.
    #[error(
        "SERVICE <{endpoint}> is refused: {reason}. This server calls public addresses only; \
         run that part of the query on the endpoint itself"
    )]
    Refused { endpoint: String, reason: String },
}

impl ServiceCaller {
    /// A handler for a query allowed to run `timeout` from now, calling
    /// the hosts of `allowed_hosts` only, at the addresses `addresses` allows.
    pub(crate) fn new(
        allowed_hosts: &[String],
        timeout: Duration,
        addresses: AddressPolicy,
    ) -> Self {
        ServiceCaller {
            allowed: AllowList::new(allowed_hosts),
            addresses,
            deadline: Instant::now() + timeout,
            answers: Mutex::new(HashMap::new()),
        }
    }

    /// The solutions of `query` on `endpoint`, remembered or fetched.
    fn solutions(&self, endpoint: &NamedNode, query: String) -> Result<Solutions, Failure> {
        let key = (endpoint.as_str().to_owned(), query);
        let made = {
            let answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(known) = answers.get(&key) {
                return Ok(known.clone());
            }
            answers.len()
        };
        if made >= MAX_CALLS_PER_QUERY {
            return Err(Failure::Reason(format!(
                "the query calls SERVICE endpoints more than {MAX_CALLS_PER_QUERY} times \
                 with different patterns, the most this server allows"
            )));
        }
        let url = Url::parse(&key.0)
            .ok()
            .filter(|url| self.allowed.permits(url))
            .ok_or_else(|| Failure::Reason(self.allowed.refusal(&key.0)))?;
        let timeout = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|left| !left.is_zero())
            .ok_or(Failure::TimeUp)?;
        let answer = remote::call(&url, &key.1, &self.allowed, self.addresses, timeout).map_err(
            |error| match error {
                CallError::Failed(reason) => Failure::Reason(reason),
                CallError::Refused(reason) => Failure::Refused(reason),
            },
        )?;
        let solutions = parse(&answer).map_err(Failure::Reason)?;
        let mut answers = self.answers.lock().unwrap_or_else(PoisonError::into_inner);
        answers.insert(key, solutions.clone());
        Ok(solutions)
    }
}

/// Why [`ServiceCaller::solutions`] has none.
enum Failure {
    /// The query's time is up: it is cancelled, whatever the endpoint.
    TimeUp,
    Reason(String),
    /// The endpoint's address is not one this server calls.
    Refused(String),
}

impl DefaultServiceHandler for ServiceCaller {
    type Error = QueryEvaluationError;

    fn handle(
        &self,
        service_name: &NamedNode,
        pattern: &GraphPattern,
        base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, QueryEvaluationError> {
        let query = spargebra::Query::Select {
            dataset: None,
            pattern: pattern.clone(),
            base_iri: base_iri.cloned(),
        };
        match self.solutions(service_name, query.to_string()) {
            Ok(Solutions { variables, rows }) => {
                let shared = Arc::clone(&variables);
                let solutions = (0..rows.len())
                    .map(move |i| Ok(QuerySolution::from((Arc::clone(&shared), rows[i].clone()))));
                Ok(QuerySolutionIter::new(variables, solutions))
            }
            Err(Failure::TimeUp) => Err(QueryEvaluationError::Cancelled),
            Err(Failure::Reason(reason)) => {
                tracing::info!(service = %service_name.as_str(), %reason, "SERVICE call failed");
                Err(QueryEvaluationError::Service(Box::new(
                    ServiceFailure::Failed {
                        endpoint: service_name.as_str().to_owned(),
                        reason,
                    },
                )))
            }
            Err(Failure::Refused(reason)) => {
                tracing::info!(service = %service_name.as_str(), %reason, "SERVICE call refused");
                Err(QueryEvaluationError::Service(Box::new(
                    ServiceFailure::Refused {
                        endpoint: service_name.as_str().to_owned(),
                        reason,
                    },
                )))
            }
        }
    }
}

/// The solutions of an answer, in the results format its media type says.
fn parse(answer: &remote::Answer) -> Result<Solutions, String> {
    let format = QueryResultsFormat::from_media_type(&answer.media_type).ok_or_else(|| {
        format!(
            "it answered in {}, not in SPARQL results (JSON or XML)",
            answer.media_type
        )
    })?;
    let invalid = |e: &dyn std::fmt::Display| format!("its {format} results are not valid ({e})");
    let parsed = QueryResultsParser::from_format(format)
        .for_slice(&answer.body)
        .map_err(|e| invalid(&e))?;
    let SliceQueryResultsParserOutput::Solutions(parser) = parsed else {
        return Err("it answered a boolean, not solutions".to_owned());
    };
    let variables: Arc<[Variable]> = parser.variables().into();
    let rows = parser
        .map(|solution| solution.map(|s| s.values().to_vec()))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(&e))?;
    Ok(Solutions {
        variables,
        rows: rows.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(media_type: &str, body: &str) -> remote::Answer {
        remote::Answer {
            media_type: media_type.to_owned(),
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn reads_json_and_xml_results() {
        let json = r#"{"head":{"vars":["region"]},"results":{"bindings":[{"region":{"type":"literal","value":"Bretagne"}}]}}"#;
        let solutions = parse(&answer("application/sparql-results+json", json)).unwrap();
        assert_eq!(solutions.variables.len(), 1);
        assert_eq!(solutions.rows.len(), 1);
        let region = solutions.rows[0][0].as_ref().map(ToString::to_string);
        assert_eq!(region.as_deref(), Some("\"Bretagne\""));
        let xml = r#"<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#"><head><variable name="x"/></head><results/></sparql>"#;
        let empty = parse(&answer(
            "application/sparql-results+xml; charset=utf-8",
            xml,
        ))
        .unwrap();
        assert!(empty.rows.is_empty());
    }

    #[test]
    fn refuses_what_is_not_solutions() {
        let html = parse(&answer("text/html", "<html>")).unwrap_err();
        assert!(html.contains("text/html"), "{html}");
        let boolean = r#"{"head":{},"boolean":true}"#;
        let error = parse(&answer("application/sparql-results+json", boolean)).unwrap_err();
        assert!(error.contains("boolean"), "{error}");
        let broken = r#"{"head":{"vars":["x"]},"results":{"bindings":[{"x":"#;
        let error = parse(&answer("application/sparql-results+json", broken)).unwrap_err();
        assert!(error.contains("not valid"), "{error}");
    }

    #[test]
    fn never_calls_a_host_off_the_list() {
        let caller = ServiceCaller::new(
            &["127.0.0.1:1".into()],
            Duration::from_secs(1),
            AddressPolicy::default(),
        );
        let endpoint = NamedNode::new_unchecked("http://127.0.0.1:2/sparql");
        let error = caller
            .handle(&endpoint, &GraphPattern::Bgp { patterns: vec![] }, None)
            .err()
            .unwrap();
        let message = error.to_string();
        assert!(message.contains("<http://127.0.0.1:2/sparql>"), "{message}");
        assert!(
            message.contains("federates only with 127.0.0.1:1"),
            "{message}"
        );
    }
}
