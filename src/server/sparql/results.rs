//! Writing an answer: solutions, a boolean or triples, in the chosen format,
//! to any writer, row by row, stopping at the row cap.
//!
//! The cap is never silent: one row more than allowed stops the writing
//! with [`Stop::TooManyRows`], and the caller turns that into an error
//! status or an aborted transfer, never a clean-looking shorter result.

use std::io::{self, Write};

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QuerySolutionIter, QueryTripleIter};

use super::PREFIXES;

/// Results paired with the format they are written in.
pub(super) enum Answer {
    Solutions(QuerySolutionIter<'static>, QueryResultsFormat),
    Boolean(bool, QueryResultsFormat),
    Graph(QueryTripleIter<'static>, RdfFormat),
}

/// Why writing stopped before the end.
#[derive(Debug)]
pub(super) enum Stop {
    /// Evaluation failed (or was cancelled) while producing a result.
    Evaluation(QueryEvaluationError),
    /// There are more rows (or triples) than the cap.
    TooManyRows,
    /// The writer failed: the client went away, or was too slow.
    Write(io::Error),
}

impl From<io::Error> for Stop {
    fn from(error: io::Error) -> Self {
        Stop::Write(error)
    }
}

/// Writes `answer` to `out`, at most `max_rows` rows or triples.
pub(super) fn write(answer: Answer, out: impl Write, max_rows: usize) -> Result<(), Stop> {
    match answer {
        Answer::Solutions(solutions, format) => write_solutions(solutions, format, out, max_rows),
        Answer::Boolean(value, format) => {
            QueryResultsSerializer::from_format(format).serialize_boolean_to_writer(out, value)?;
            Ok(())
        }
        Answer::Graph(triples, format) => write_graph(triples, format, out, max_rows),
    }
}

fn write_solutions(
    solutions: QuerySolutionIter<'static>,
    format: QueryResultsFormat,
    out: impl Write,
    max_rows: usize,
) -> Result<(), Stop> {
    let mut serializer = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(out, solutions.variables().to_vec())?;
    for (rows, solution) in solutions.enumerate() {
        let solution = solution.map_err(Stop::Evaluation)?;
        if rows >= max_rows {
            return Err(Stop::TooManyRows);
        }
        serializer.serialize(&solution)?;
    }
    serializer.finish()?;
    Ok(())
}

fn write_graph(
    triples: QueryTripleIter<'static>,
    format: RdfFormat,
    out: impl Write,
    max_rows: usize,
) -> Result<(), Stop> {
    let mut serializer = RdfSerializer::from_format(format);
    for (name, iri) in PREFIXES {
        serializer = serializer
            .with_prefix(name, iri)
            .map_err(|e| Stop::Write(io::Error::other(e)))?;
    }
    let mut serializer = serializer.for_writer(out);
    for (rows, triple) in triples.enumerate() {
        let triple = triple.map_err(Stop::Evaluation)?;
        if rows >= max_rows {
            return Err(Stop::TooManyRows);
        }
        serializer.serialize_triple(&triple)?;
    }
    serializer.finish()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{GraphNameRef, NamedNodeRef, QuadRef};
    use oxigraph::sparql::{QueryResults, SparqlEvaluator};
    use oxigraph::store::Store;

    fn store(n: usize) -> Store {
        let store = Store::new().unwrap();
        let p = NamedNodeRef::new("http://schema.org/name").unwrap();
        for i in 0..n {
            let s = oxigraph::model::NamedNode::new(format!("http://ex.org/{i}")).unwrap();
            store
                .insert(QuadRef::new(&s, p, &s, GraphNameRef::DefaultGraph))
                .unwrap();
        }
        store
    }

    fn answer(store: &Store, query: &str) -> Answer {
        let results = SparqlEvaluator::new()
            .parse_query(query)
            .unwrap()
            .on_store(store)
            .execute()
            .unwrap();
        match results {
            QueryResults::Solutions(s) => Answer::Solutions(s, QueryResultsFormat::Csv),
            QueryResults::Boolean(b) => Answer::Boolean(b, QueryResultsFormat::Json),
            QueryResults::Graph(t) => Answer::Graph(t, RdfFormat::Turtle),
        }
    }

    #[test]
    fn writes_up_to_the_cap() {
        let store = store(3);
        let mut out = Vec::new();
        write(answer(&store, "SELECT ?s WHERE { ?s ?p ?o }"), &mut out, 3).unwrap();
        assert_eq!(String::from_utf8(out).unwrap().lines().count(), 4);
    }

    #[test]
    fn one_row_more_than_the_cap_stops() {
        let store = store(4);
        let stop = write(
            answer(&store, "SELECT ?s WHERE { ?s ?p ?o }"),
            Vec::new(),
            3,
        );
        assert!(matches!(stop, Err(Stop::TooManyRows)));
        let stop = write(
            answer(&store, "CONSTRUCT WHERE { ?s ?p ?o }"),
            Vec::new(),
            3,
        );
        assert!(matches!(stop, Err(Stop::TooManyRows)));
    }

    #[test]
    fn graphs_use_our_prefixes() {
        let store = store(1);
        let mut out = Vec::new();
        write(answer(&store, "CONSTRUCT WHERE { ?s ?p ?o }"), &mut out, 10).unwrap();
        let turtle = String::from_utf8(out).unwrap();
        assert!(turtle.contains("@prefix schema: <http://schema.org/>"));
        assert!(turtle.contains("schema:name"));
    }
}
