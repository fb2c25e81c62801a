//! Full-text search inside SPARQL: `cis:search(?project, "words")` is the
//! relevance score (an `xsd:double`) of the project for the words, as
//! `/api/projects?q=` finds it (`index::search`), and an error, so unbound,
//! when the project does not match. A query combines it with any graph
//! pattern, keeps the matches with `FILTER(BOUND(?score))` and sorts by it:
//!
//! ```sparql
//! PREFIX cis: <https://w3id.org/carrefour/ns#>
//! SELECT ?project ?score WHERE {
//!   ?project a schema:Project .
//!   BIND(cis:search(?project, "jardin partagé") AS ?score)
//!   FILTER(BOUND(?score))
//! } ORDER BY DESC(?score)
//! ```
//!
//! The words are searched once per query evaluation, not once per row.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use oxigraph::model::{Literal, NamedNode, Term};

use super::LatestSearch;
use crate::store::Store;

/// The function's IRI: `cis:search`.
pub const SEARCH_FUNCTION: &str = "https://w3id.org/carrefour/ns#search";

/// The longest words argument searched, in characters (as `q=`).
const MAX_WORDS: usize = 200;

/// The function to register on one query's evaluator: it reads the search
/// index of `store`'s revision from `latest` (built then if needed).
pub fn search_function(
    latest: Arc<LatestSearch>,
    store: Store,
) -> (
    NamedNode,
    impl Fn(&[Term]) -> Option<Term> + Send + Sync + 'static,
) {
    let found: Mutex<HashMap<String, Arc<HashMap<String, f32>>>> = Mutex::default();
    let function = move |arguments: &[Term]| {
        let [Term::NamedNode(project), Term::Literal(words)] = arguments else {
            return None;
        };
        let words = words.value();
        if words.chars().count() > MAX_WORDS {
            return None;
        }
        let hits = {
            let mut found = found.lock().unwrap_or_else(PoisonError::into_inner);
            match found.get(words) {
                Some(hits) => Arc::clone(hits),
                None => {
                    let index = latest.current(&store).ok()?;
                    let hits: Arc<HashMap<String, f32>> =
                        Arc::new(index.search(words).ok()?.into_iter().collect());
                    found.insert(words.to_owned(), Arc::clone(&hits));
                    hits
                }
            }
        };
        let score = hits.get(project.as_str())?;
        Some(Literal::from(f64::from(*score)).into())
    };
    (NamedNode::new_unchecked(SEARCH_FUNCTION), function)
}
