//! The query page browsers get at `GET /sparql`: Yasgui (served from our
//! own `/assets/npm/`, never a CDN) preset to this endpoint with our
//! prefixes, and the example queries of `queries/` one click away. Without
//! JavaScript it is a plain form (a textarea and a format list) that works,
//! and each example link opens the form prefilled with it.

use std::path::Path;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::PREFIXES;
use crate::server::{AppError, AppState, plain_error};

/// One example query of `queries/*.rq`.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleQuery {
    /// The file name without `.rq`: `projects-per-theme`.
    pub id: String,
    /// The first line, `# <title>`.
    pub title: String,
    /// The `# ` lines after the title.
    pub description: String,
    /// The whole file: comments are valid SPARQL.
    pub text: String,
    /// A `# requires: network` line: it calls a remote endpoint (`SERVICE`).
    pub needs_network: bool,
}

impl ExampleQuery {
    /// Reads the header of an example query.
    ///
    /// ```
    /// use carrefour::server::sparql::ExampleQuery;
    ///
    /// let text = "# Projets par thème\n# Compte les projets.\n# requires: network\nSELECT * {}";
    /// let example = ExampleQuery::parse("per-theme", text);
    /// assert_eq!(example.title, "Projets par thème");
    /// assert_eq!(example.description, "Compte les projets.");
    /// assert!(example.needs_network);
    /// ```
    pub fn parse(id: &str, text: &str) -> ExampleQuery {
        let mut comments = text
            .lines()
            .map(str::trim)
            .take_while(|line| line.starts_with('#'))
            .map(|line| line.trim_start_matches('#').trim());
        let title = comments.next().unwrap_or_default().to_owned();
        let mut description = Vec::new();
        let mut needs_network = false;
        for line in comments {
            match line.strip_prefix("requires:") {
                Some(need) if need.trim().eq_ignore_ascii_case("network") => needs_network = true,
                _ if line.is_empty() => {}
                _ => description.push(line),
            }
        }
        ExampleQuery {
            id: id.to_owned(),
            title: if title.is_empty() {
                id.to_owned()
            } else {
                title
            },
            description: description.join(" "),
            text: text.to_owned(),
            needs_network,
        }
    }
}

/// The example queries of `dir` (`*.rq`), by file name; a missing folder
/// gives none, an unreadable file is skipped and logged.
pub fn load_examples(dir: &Path) -> Vec<ExampleQuery> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "rq"))
        .collect();
    paths.sort();
    paths
        .iter()
        .filter_map(|path| {
            let id = path.file_stem()?.to_string_lossy().into_owned();
            match std::fs::read_to_string(path) {
                Ok(text) => Some(ExampleQuery::parse(&id, &text)),
                Err(e) => {
                    tracing::warn!(path = %path.display(), error = %e, "example query skipped");
                    None
                }
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "sparql.html")]
struct QueryPage {
    endpoint: String,
    /// The query in the editor: the chosen example, or a first query.
    query: String,
    /// The id of the example asked for with `?example=`.
    selected: Option<String>,
    examples: Vec<ExampleQuery>,
    timeout_seconds: u64,
    max_rows: usize,
    federate_with: Vec<String>,
    updates_enabled: bool,
}

/// `GET /sparql` for a browser; `example` prefills the editor.
pub(super) async fn render(state: &AppState, example: Option<&str>) -> Response {
    let dir = state.config.queries_dir.clone();
    let examples = tokio::task::spawn_blocking(move || load_examples(&dir))
        .await
        .unwrap_or_default();
    let query = match example {
        None => first_query(),
        Some(id) => match examples.iter().find(|e| e.id == id) {
            Some(example) => example.text.clone(),
            None => {
                return plain_error(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "bad parameter example: no example query is named {id:?}; see the list at /sparql"
                    ),
                );
            }
        },
    };
    let config = &state.config;
    let page = QueryPage {
        endpoint: format!("{}sparql", state.store.base()),
        query,
        selected: example.map(str::to_owned),
        examples,
        timeout_seconds: config.query_timeout.as_secs(),
        max_rows: config.max_rows,
        federate_with: config.federate_with.clone(),
        updates_enabled: !config.read_only && config.update_token.is_some(),
    };
    match page.render() {
        Ok(html) => ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response(),
        Err(e) => {
            AppError::unavailable(format!("cannot render the query page: {e}")).into_response()
        }
    }
}

/// The editor's first query: our prefixes, then twenty projects.
fn first_query() -> String {
    let mut query: String = PREFIXES
        .iter()
        .map(|(name, iri)| format!("PREFIX {name}: <{iri}>\n"))
        .collect();
    query.push_str(
        "\n# Vingt projets et leur structure porteuse\n\
         SELECT ?project ?name ?organisation WHERE {\n  \
           ?project a schema:Project ;\n           schema:name ?name ;\n           \
           schema:parentOrganization/schema:name ?organisation .\n\
         }\nORDER BY ?name\nLIMIT 20\n",
    );
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_titles_descriptions_and_needs() {
        let text = "# Lieux et Wikidata\n# Joint nos lieux\n#   aux communes de Wikidata.\n# requires: network\n\nSELECT * {}\n# not a header";
        let example = ExampleQuery::parse("wikidata", text);
        assert_eq!(example.title, "Lieux et Wikidata");
        assert_eq!(
            example.description,
            "Joint nos lieux aux communes de Wikidata."
        );
        assert!(example.needs_network);
        let bare = ExampleQuery::parse("bare", "SELECT * {}");
        assert_eq!(bare.title, "bare");
        assert!(!bare.needs_network);
    }

    #[test]
    fn loads_rq_files_in_order() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("b.rq"), "# B\nASK {}").unwrap();
        std::fs::write(dir.path().join("a.rq"), "# A\nASK {}").unwrap();
        std::fs::write(dir.path().join("notes.txt"), "# not a query").unwrap();
        let examples = load_examples(dir.path());
        let titles: Vec<_> = examples.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["A", "B"]);
        assert!(load_examples(&dir.path().join("missing")).is_empty());
    }

    #[test]
    fn the_first_query_declares_our_prefixes() {
        let query = first_query();
        assert!(query.contains("PREFIX schema: <http://schema.org/>"));
        assert!(query.contains("PREFIX cis: <https://w3id.org/carrefour/ns#>"));
        let parsed = oxigraph::sparql::SparqlEvaluator::new().parse_query(&query);
        assert!(parsed.is_ok(), "the first query parses");
    }
}
