#![cfg(test)]
#![allow(
    clippy::panic,
    clippy::print_stdout,
    clippy::unwrap_in_result,
    clippy::use_debug
)]

//! Cancellation and memory budget of the evaluation.
//!
//! Each cancellation test starts a query that would run for a long time on a thread,
//! cancels its token after 200 ms and checks that the evaluation returns `Cancelled` within 1 s.
//! The memory tests run queries that would need gigabytes with a 50 MB budget.
//!
//! The tests are serialized by a lock: they measure durations and the memory of the process.

use oxiri::Iri;
use oxrdf::{Dataset, GraphName, Literal, NamedNode, Quad, Term, Variable};
use spareval::{
    CancellationToken, QueryEvaluationError, QueryEvaluator, QueryResults, QuerySolution,
    QuerySolutionIter, ServiceHandler,
};
use spargebra::SparqlParser;
use spargebra::algebra::GraphPattern;
use std::convert::Infallible;
use std::fmt::Write;
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

const NODES: usize = 3000;
const CANCEL_AFTER: Duration = Duration::from_millis(200);
const MAX_STOP_LATENCY: Duration = Duration::from_secs(1);
const MEMORY_LIMIT: usize = 50 * 1024 * 1024;

static LOCK: Mutex<()> = Mutex::new(());

fn lock() -> MutexGuard<'static, ()> {
    LOCK.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn ex(name: impl std::fmt::Display) -> NamedNode {
    NamedNode::new_unchecked(format!("http://example.com/{name}"))
}

/// A cycle of `nodes` nodes with 10 predicates: `n{i} p{i%10} n{i+1}`
fn dataset(nodes: usize) -> Dataset {
    (0..nodes)
        .map(|i| {
            Quad::new(
                ex(format_args!("n{i}")),
                ex(format_args!("p{}", i % 10)),
                ex(format_args!("n{}", (i + 1) % nodes)),
                GraphName::DefaultGraph,
            )
        })
        .collect()
}

/// Returns an endless stream of solutions binding ?x
struct EndlessService;

impl ServiceHandler for EndlessService {
    type Error = Infallible;

    fn handle(
        &self,
        _pattern: &GraphPattern,
        _base_iri: Option<&Iri<String>>,
    ) -> Result<QuerySolutionIter<'static>, Infallible> {
        let variables: Arc<[Variable]> = [Variable::new_unchecked("x")].into();
        Ok(QuerySolutionIter::new(
            Arc::clone(&variables),
            (0..u64::MAX).map(move |i| {
                Ok(QuerySolution::from((
                    Arc::clone(&variables),
                    vec![Some(Literal::from(i.to_string()).into())],
                )))
            }),
        ))
    }
}

/// Runs the query to completion (consuming all results) and returns the first error if any
fn run(
    query: &str,
    token: &CancellationToken,
    nodes: usize,
) -> Result<usize, QueryEvaluationError> {
    let dataset = dataset(nodes);
    let query = SparqlParser::new().parse_query(query).unwrap();
    let evaluator = QueryEvaluator::new()
        .with_cancellation_token(token.clone())
        .with_service_handler(ex("service"), EndlessService);
    Ok(match evaluator.prepare(&query).execute(&dataset)? {
        QueryResults::Solutions(solutions) => {
            let mut count = 0;
            for solution in solutions {
                solution?;
                count += 1;
            }
            count
        }
        QueryResults::Graph(triples) => {
            let mut count = 0;
            for triple in triples {
                triple?;
                count += 1;
            }
            count
        }
        QueryResults::Boolean(value) => value.into(),
    })
}

/// Starts the query on a thread, cancels it after `cancel_after` and checks it stops quickly.
fn assert_cancelled_quickly(name: &str, query: &str, cancel_after: Duration) {
    let _lock = lock();
    let token = CancellationToken::new();
    let thread_token = token.clone();
    let query = query.to_owned();
    let handle = thread::spawn(move || {
        let result = run(&query, &thread_token, NODES);
        (result, Instant::now())
    });
    thread::sleep(cancel_after);
    let cancelled_at = Instant::now();
    token.cancel();
    let (result, stopped_at) = handle.join().unwrap();
    let dropped_at = Instant::now();
    let latency = stopped_at.saturating_duration_since(cancelled_at);
    println!(
        "{name}: stopped {} ms after cancel ({} ms with cleanup), result: {result:?}",
        latency.as_millis(),
        dropped_at
            .saturating_duration_since(cancelled_at)
            .as_millis()
    );
    assert!(
        matches!(result, Err(QueryEvaluationError::Cancelled)),
        "{name}: expected Cancelled, got {result:?}"
    );
    assert!(
        latency < MAX_STOP_LATENCY,
        "{name}: stopped {latency:?} after the cancellation"
    );
    assert!(!token.memory_limit_exceeded(), "{name}: not a memory issue");
}

#[test]
fn cancel_product_count() {
    assert_cancelled_quickly(
        "4-way product COUNT",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_product_order_by() {
    assert_cancelled_quickly(
        "2-way product ORDER BY LIMIT",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 10",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_order_by_during_sort() {
    // The 900k tuples are collected in less than 1 s, sorting them takes longer:
    // the cancellation happens during the sort itself
    assert_cancelled_quickly(
        "ORDER BY during the sort",
        "SELECT * WHERE { ?a <http://example.com/p0> ?c . ?d ?e ?f } ORDER BY ?f ?c LIMIT 10",
        Duration::from_millis(1500),
    );
}

#[test]
fn cancel_product_group_by() {
    assert_cancelled_quickly(
        "product GROUP BY",
        "SELECT ?c ?f (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } GROUP BY ?c ?f",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_product_distinct() {
    assert_cancelled_quickly(
        "product DISTINCT",
        "SELECT DISTINCT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_product_reduced() {
    assert_cancelled_quickly(
        "product REDUCED",
        "SELECT REDUCED ?a WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_optional_over_products() {
    assert_cancelled_quickly(
        "OPTIONAL over products",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f OPTIONAL { ?a ?x ?y . ?g ?h ?i } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_filter_false_over_product() {
    assert_cancelled_quickly(
        "FILTER rejecting everything over a product",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(STR(?a)) + STRLEN(STR(?g)) < 0) }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_hash_join() {
    assert_cancelled_quickly(
        "hash join on a low cardinality key",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?c . ?d ?p ?f . ?g ?p ?i . ?j ?p ?l }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_minus() {
    assert_cancelled_quickly(
        "MINUS over products",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i MINUS { ?a ?x ?y . ?j ?k ?l } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_union() {
    assert_cancelled_quickly(
        "UNION of products",
        "SELECT (COUNT(*) AS ?n) WHERE { { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } UNION { ?a ?b ?c . ?d ?e ?f } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_not_exists() {
    assert_cancelled_quickly(
        "FILTER NOT EXISTS over a product",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER NOT EXISTS { ?a ?x ?d } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_exists_with_product_inside() {
    assert_cancelled_quickly(
        "FILTER EXISTS with a product inside",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c FILTER EXISTS { ?d ?e ?f . ?g ?h ?i FILTER(STR(?d) = STR(?a) && STR(?i) = \"\") } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_ask() {
    assert_cancelled_quickly(
        "ASK over a product",
        "ASK { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i FILTER(STRLEN(STR(?a)) + STRLEN(STR(?g)) < 0) }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_property_path_closure() {
    assert_cancelled_quickly(
        "property path closure",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://example.com/p0>|!<http://example.com/p0>)* ?b }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_property_path_closure_from_each_node() {
    assert_cancelled_quickly(
        "property path closure from each node",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?c FILTER EXISTS { ?a (<http://example.com/p0>|!<http://example.com/p0>)+ <http://example.com/nowhere> } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_values_product() {
    let mut values = String::new();
    for i in 0..3000 {
        write!(values, " {i}").unwrap();
    }
    assert_cancelled_quickly(
        "VALUES x VALUES x VALUES",
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?x {{{values} }} VALUES ?y {{{values} }} VALUES ?z {{{values} }} }}"
        ),
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_nested_subqueries() {
    assert_cancelled_quickly(
        "nested subquery products",
        "SELECT (COUNT(*) AS ?n) WHERE { { SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } } { SELECT ?g WHERE { { SELECT ?g ?j WHERE { ?g ?h ?i . ?j ?k ?l } } } } }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_service() {
    assert_cancelled_quickly(
        "SERVICE joined with the dataset",
        "SELECT (COUNT(*) AS ?n) WHERE { SERVICE <http://example.com/service> { ?x ?y ?z } ?a ?b ?c }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_construct() {
    assert_cancelled_quickly(
        "CONSTRUCT over a product",
        "CONSTRUCT { ?a <http://example.com/q> ?d } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        CANCEL_AFTER,
    );
}

#[test]
fn cancel_describe() {
    assert_cancelled_quickly(
        "DESCRIBE over a product",
        "DESCRIBE ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        CANCEL_AFTER,
    );
}

/// Current and peak resident memory of the process, in bytes
fn resident_memory() -> (usize, usize) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|l| l.trim().strip_suffix("kB"))
            .and_then(|l| l.trim().parse::<usize>().ok())
            .unwrap()
            * 1024
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn assert_stopped_by_memory_limit(name: &str, query: &str) {
    let _lock = lock();
    // Resets the peak resident memory (VmHWM) to the current one
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let (rss_before, _) = resident_memory();
    let token = CancellationToken::with_memory_limit(MEMORY_LIMIT);
    let start = Instant::now();
    let result = run(query, &token, NODES);
    let duration = start.elapsed();
    let (rss_after, peak) = resident_memory();
    let growth = peak.saturating_sub(rss_before);
    println!(
        "{name}: {result:?} after {} ms, peak charged {} MB, RSS before {} MB, after {} MB, peak {} MB (peak reset: {reset}), growth {} MB",
        duration.as_millis(),
        token.peak_memory_used() / 1_000_000,
        rss_before / 1_000_000,
        rss_after / 1_000_000,
        peak / 1_000_000,
        growth / 1_000_000,
    );
    assert!(
        matches!(result, Err(QueryEvaluationError::Cancelled)),
        "{name}: expected Cancelled, got {result:?}"
    );
    assert!(
        token.memory_limit_exceeded(),
        "{name}: memory limit exceeded"
    );
    assert!(token.is_cancelled(), "{name}: the token is cancelled");
    assert!(
        token.peak_memory_used() > MEMORY_LIMIT,
        "{name}: the peak memory is above the limit"
    );
    assert_eq!(token.memory_used(), 0, "all the memory is given back");
    if reset {
        assert!(
            growth < 4 * MEMORY_LIMIT,
            "{name}: the process grew by {growth} bytes"
        );
    }
}

#[test]
fn memory_limit_order_by() {
    assert_stopped_by_memory_limit(
        "ORDER BY product",
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 10",
    );
}

#[test]
fn memory_limit_group_by() {
    assert_stopped_by_memory_limit(
        "GROUP BY product",
        "SELECT ?c ?f (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f } GROUP BY ?c ?f",
    );
}

#[test]
fn memory_limit_distinct() {
    assert_stopped_by_memory_limit(
        "DISTINCT product",
        "SELECT DISTINCT ?c ?f WHERE { ?a ?b ?c . ?d ?e ?f }",
    );
}

#[test]
fn memory_limit_left_join_build() {
    assert_stopped_by_memory_limit(
        "OPTIONAL product build",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c OPTIONAL { ?c ?e ?f . ?g ?h ?i } }",
    );
}

#[test]
fn memory_limit_minus_build() {
    assert_stopped_by_memory_limit(
        "MINUS product build",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c MINUS { ?c ?e ?f . ?g ?h ?i } }",
    );
}

#[test]
fn memory_limit_property_path() {
    assert_stopped_by_memory_limit(
        "property path closure",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a (<http://example.com/p0>|!<http://example.com/p0>)* ?b }",
    );
}

#[test]
fn memory_limit_group_concat() {
    assert_stopped_by_memory_limit(
        "GROUP_CONCAT over a product",
        "SELECT (GROUP_CONCAT(STR(?c)) AS ?s) WHERE { ?a ?b ?c . ?d ?e ?f }",
    );
}

#[test]
fn generous_memory_limit_gives_the_same_results() {
    let _lock = lock();
    let queries = [
        "SELECT * WHERE { ?a ?b ?c . ?d ?b ?f } ORDER BY ?c ?f",
        "SELECT ?b (COUNT(*) AS ?n) (GROUP_CONCAT(STR(?c)) AS ?s) (COUNT(DISTINCT ?c) AS ?d) WHERE { ?a ?b ?c . ?c ?e ?f } GROUP BY ?b ORDER BY ?b",
        "SELECT DISTINCT ?b ?e WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?b ?e",
        "SELECT ?a ?x WHERE { ?a ?b ?c OPTIONAL { ?c ?b ?x } MINUS { ?a <http://example.com/p1> ?c } } ORDER BY ?a ?x",
        "SELECT ?b WHERE { <http://example.com/n0> (<http://example.com/p0>|!<http://example.com/p0>)* ?b } ORDER BY ?b",
        "SELECT ?x ?y WHERE { VALUES ?x { 1 2 3 } VALUES ?y { 4 5 } } ORDER BY ?x ?y",
        "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    ];
    for query in queries {
        // The same dataset: the evaluation order depends on its interning
        let dataset = dataset(100);
        let results = |token: Option<CancellationToken>| {
            let query = SparqlParser::new().parse_query(query).unwrap();
            let mut evaluator = QueryEvaluator::new();
            if let Some(token) = token {
                evaluator = evaluator.with_cancellation_token(token);
            }
            let QueryResults::Solutions(solutions) =
                evaluator.prepare(&query).execute(&dataset).unwrap()
            else {
                panic!("solutions expected")
            };
            solutions
                .map(|s| {
                    let s = s.unwrap();
                    s.iter()
                        .map(|(v, t)| (v.clone(), t.clone()))
                        .collect::<Vec<(Variable, Term)>>()
                })
                .collect::<Vec<_>>()
        };
        let token = CancellationToken::with_memory_limit(1 << 30);
        let limited = results(Some(token.clone()));
        let unlimited = results(None);
        assert!(!limited.is_empty(), "{query}");
        assert_eq!(limited, unlimited, "{query}");
        assert!(!token.is_cancelled(), "{query}");
        assert!(token.peak_memory_used() > 0, "{query}");
        assert_eq!(token.memory_used(), 0, "all the memory is given back");
        println!(
            "{query}: {} solutions, peak charged {} bytes",
            limited.len(),
            token.peak_memory_used()
        );
    }
}

#[test]
fn token_without_limit_counts_nothing() {
    let _lock = lock();
    let token = CancellationToken::new();
    let result = run(
        "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f",
        &token,
        100,
    );
    assert!(matches!(result, Ok(10_000)), "{result:?}");
    assert_eq!(token.memory_limit(), None);
    assert_eq!(token.peak_memory_used(), 0);
    assert!(!token.memory_limit_exceeded(), "no memory limit");
}
