//! Answers kept until the data changes: a query asked again (a chart, a
//! dashboard, a page that embeds a query) is answered from memory, with an
//! `ETag` a client can revalidate, instead of being evaluated again.
//!
//! An answer is kept under the data revision it was computed at, the
//! query in its canonical form (parsed and printed again with our base
//! and prefixes, so spacing, comments and prefix names do not matter), the
//! dataset of the request and the client's format choice. Answers larger
//! than [`MAX_ANSWER_BYTES`] are not kept, nor answers of queries whose
//! result is not a function of the data: a `SERVICE` call, `NOW()`,
//! `RAND()`, `UUID()`, `STRUUID()`, `BNODE()`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::formats::Choice;
use super::protocol::QueryOperation;

/// The largest answer kept: larger ones are rare and cost little to stream
/// compared to the memory they would take.
pub const MAX_ANSWER_BYTES: usize = 1024 * 1024;

/// The memory all kept answers may take.
pub const ANSWER_CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// What an answer is kept under (with the data revision): the canonical
/// query, the dataset and the format choice, as one string.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct QueryKey(String);

/// Functions whose value changes from one evaluation to the next, as the
/// canonical form prints them.
const VOLATILE: [&str; 6] = [
    "SERVICE",
    "NOW()",
    "RAND()",
    "UUID()",
    "STRUUID()",
    "BNODE(",
];

/// The key of `operation`, whose canonical form (see [`super::parse`]) is
/// `canonical`, asked with `choice`; or `None` when its answer must not be
/// kept.
pub(super) fn key(
    canonical: &str,
    operation: &QueryOperation,
    choice: &Choice,
) -> Option<QueryKey> {
    let canonical = generated_names_numbered(canonical, &operation.text);
    if VOLATILE.iter().any(|word| canonical.contains(word)) {
        return None;
    }
    Some(QueryKey(format!(
        "{canonical}\u{0}{:?}\u{0}{choice:?}",
        operation.dataset
    )))
}

/// The parser names the variables it creates (for aggregates) with a
/// random 128-bit number in hex, without leading zeros: number them in
/// order of appearance instead, with a character no SPARQL variable can
/// hold, so that the same query has the same key. A hex name the query
/// itself wrote (`?face`, `?deadbeef`) is the user's and stays.
///
/// Linear in the text: the names the query wrote are gathered once (a
/// query may hold thousands of `[]`, each a generated name).
fn generated_names_numbered(canonical: &str, original: &str) -> String {
    // Blank nodes too: the parser names those of `[ … ]` and of property
    // paths the same way.
    static HEX_NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:\?|\$|_:)([0-9a-f]{1,32})\b").expect("a valid pattern"));
    let written: HashSet<&str> = HEX_NAME
        .captures_iter(original)
        .filter_map(|found| found.get(1).map(|name| name.as_str()))
        .collect();
    let mut numbers: HashMap<String, usize> = HashMap::new();
    HEX_NAME
        .replace_all(canonical, |found: &regex::Captures<'_>| {
            let name = &found[0];
            if written.contains(&found[1]) {
                return name.to_owned();
            }
            let sigil = if name.starts_with('_') { "_:" } else { "?" };
            let next = numbers.len();
            let number = *numbers.entry(name.to_owned()).or_insert(next);
            format!("{sigil}\u{1}{number}")
        })
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::BaseIri;
    use crate::server::sparql::dataset::ProtocolDataset;

    fn key_of(text: &str) -> Option<QueryKey> {
        let base = BaseIri::new("http://localhost:7878/").unwrap();
        let operation = QueryOperation {
            text: text.to_owned(),
            dataset: ProtocolDataset::default(),
        };
        let parsed = super::super::parse::query(text, &base).ok()?;
        key(&parsed.canonical, &operation, &Choice::default())
    }

    #[test]
    fn spacing_comments_and_prefix_names_do_not_matter() {
        let a = key_of("SELECT ?p WHERE { ?p a schema:Project }").unwrap();
        let b = key_of(
            "# projects\nPREFIX s: <http://schema.org/>\nSELECT ?p\nWHERE {\n  ?p a s:Project .\n}",
        )
        .unwrap();
        assert_eq!(a, b);
        assert_ne!(
            a,
            key_of("SELECT ?q WHERE { ?q a schema:Project }").unwrap()
        );
    }

    #[test]
    fn aggregates_have_one_key() {
        let query =
            "SELECT ?theme (COUNT(?p) AS ?n) WHERE { ?p dct:subject ?theme } GROUP BY ?theme";
        // The parser names the aggregate's variable at random each time.
        assert_eq!(key_of(query), key_of(query));
        assert!(key_of(query).is_some());
        // Generated names have no leading zeros: shorter ones are numbered too.
        assert_eq!(
            generated_names_numbered("SELECT (?36dc79 AS ?n) {}", "SELECT ?n {}"),
            "SELECT (?\u{1}0 AS ?n) {}"
        );
    }

    #[test]
    fn paths_and_anonymous_nodes_have_one_key() {
        for query in [
            "SELECT ?r WHERE { ?p schema:location/schema:address/schema:addressRegion ?r }",
            "SELECT ?p WHERE { ?p schema:location [ schema:name ?n ] }",
        ] {
            assert_eq!(key_of(query), key_of(query), "{query}");
        }
    }

    #[test]
    fn thousands_of_anonymous_nodes_have_one_key() {
        let nodes: String = (0..5_000).map(|_| " ?s schema:name [] .").collect();
        let query = format!("SELECT ?s WHERE {{{nodes} }}");
        assert_eq!(key_of(&query), key_of(&query));
        assert!(key_of(&query).is_some());
    }

    #[test]
    fn hex_names_the_query_wrote_are_kept() {
        let a = key_of("SELECT ?a WHERE { ?a a schema:Project }").unwrap();
        let b = key_of("SELECT ?b WHERE { ?b a schema:Project }").unwrap();
        assert_ne!(a, b, "?a and ?b name different result columns");
    }

    #[test]
    fn answers_that_are_not_a_function_of_the_data_are_not_kept() {
        assert!(key_of("SELECT (NOW() AS ?t) {}").is_none());
        assert!(key_of("SELECT (RAND() AS ?r) {}").is_none());
        assert!(key_of("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }").is_none());
        assert!(
            key_of("SELECT ?s { ?s ?p ?o").is_none(),
            "no key for what does not parse"
        );
    }
}
