//! The vocabulary: `/ontology` (HTML documentation, or the Turtle and other
//! RDF formats by negotiation; `/ontology.ttl` etc. directly) and the
//! JSON-LD context at `/ns/context.jsonld`.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{NamedOrBlankNode, Term, Triple};

use super::representation::{Format, Representation, serialize};
use crate::server::{AppState, plain_error};

const VOCABULARY: &str = include_str!("../../../ontology/carrefour.ttl");
const CONTEXT: &str = include_str!("../../../ontology/context.jsonld");
const NAMESPACE: &str = "https://w3id.org/carrefour/ns#";

pub(super) fn routes() -> Router<AppState> {
    let mut router = Router::new()
        .route(
            "/ontology",
            get(
                |State(state): State<AppState>, headers: HeaderMap| async move {
                    ontology(&state, None, &headers)
                },
            ),
        )
        .route("/ns/context.jsonld", get(context));
    for format in Format::ALL {
        let path = format!("/ontology.{}", format.extension());
        router = router.route(
            &path,
            get(
                move |State(state): State<AppState>, headers: HeaderMap| async move {
                    ontology(&state, Some(format), &headers)
                },
            ),
        );
    }
    router
}

/// `GET /ns/context.jsonld`: the context of every JSON-LD document we serve.
async fn context() -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/ld+json"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        CONTEXT,
    )
        .into_response()
}

/// A term of the vocabulary, for the documentation page.
struct VocabularyTerm {
    id: String,
    curie: String,
    label_fr: String,
    label_en: String,
    comment_fr: String,
    comment_en: String,
    kind: &'static str,
}

#[derive(Template)]
#[template(path = "ontology.html")]
struct OntologyPage {
    classes: Vec<VocabularyTerm>,
    properties: Vec<VocabularyTerm>,
}

fn ontology(state: &AppState, format: Option<Format>, headers: &HeaderMap) -> Response {
    let negotiated = format.is_none();
    let Some(format) = format.or_else(|| Format::negotiate(headers)) else {
        return plain_error(
            StatusCode::NOT_ACCEPTABLE,
            "ask for text/html, text/turtle, application/ld+json, application/rdf+xml or application/n-triples",
        );
    };
    let triples = vocabulary();
    let body = match format {
        Format::Turtle => Ok(VOCABULARY.as_bytes().to_vec()),
        Format::Html => page(&triples).map(String::into_bytes),
        Format::JsonLd => {
            // Compacted against the context this server publishes.
            let root = oxigraph::model::NamedNode::new_unchecked("https://w3id.org/carrefour/ns");
            let document = crate::rdf::jsonld::compact(state.store.base(), &root, &triples);
            serde_json::to_vec_pretty(&document).map_err(|e| e.to_string())
        }
        other => serialize(other, &triples),
    };
    let body = match body {
        Ok(body) => body,
        Err(e) => return crate::server::AppError::unavailable(e).into_response(),
    };
    let mut headers_out = vec![(header::VARY, "Accept".to_owned())];
    if negotiated {
        headers_out.push((
            header::CONTENT_LOCATION,
            format!("/ontology.{}", format.extension()),
        ));
    }
    for other in Format::ALL.into_iter().filter(|f| *f != format) {
        headers_out.push((
            header::LINK,
            format!(
                "</ontology.{}>; rel=\"alternate\"; type=\"{}\"",
                other.extension(),
                other.media_type()
            ),
        ));
    }
    Representation {
        status: StatusCode::OK,
        format,
        body,
        last_modified: None,
        headers: headers_out,
    }
    .respond(headers)
}

/// The vocabulary's triples (it is compiled in, so it always parses; a test
/// checks it).
fn vocabulary() -> Vec<Triple> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(VOCABULARY.as_bytes())
        .filter_map(Result::ok)
        .map(Triple::from)
        .collect()
}

fn page(triples: &[Triple]) -> Result<String, String> {
    let mut classes = Vec::new();
    let mut properties = Vec::new();
    let mut subjects: Vec<&str> = triples
        .iter()
        .filter_map(|t| match &t.subject {
            NamedOrBlankNode::NamedNode(n) if n.as_str().starts_with(NAMESPACE) => Some(n.as_str()),
            _ => None,
        })
        .collect();
    subjects.sort();
    subjects.dedup();
    for subject in subjects {
        let term = describe_term(triples, subject);
        if term.kind == "Classe" {
            classes.push(term);
        } else {
            properties.push(term);
        }
    }
    OntologyPage {
        classes,
        properties,
    }
    .render()
    .map_err(|e| e.to_string())
}

fn describe_term(triples: &[Triple], iri: &str) -> VocabularyTerm {
    let text = |predicate: &str, language: &str| {
        triples
            .iter()
            .filter(|t| matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == iri))
            .filter(|t| t.predicate.as_str() == predicate)
            .find_map(|t| match &t.object {
                Term::Literal(l) if l.language() == Some(language) => Some(l.value().to_owned()),
                _ => None,
            })
            .unwrap_or_default()
    };
    let is_class = triples.iter().any(|t| {
        matches!(&t.subject, NamedOrBlankNode::NamedNode(n) if n.as_str() == iri)
            && t.predicate.as_str() == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
            && matches!(&t.object, Term::NamedNode(o) if o.as_str().ends_with("#Class"))
    });
    const LABEL: &str = "http://www.w3.org/2000/01/rdf-schema#label";
    const COMMENT: &str = "http://www.w3.org/2000/01/rdf-schema#comment";
    VocabularyTerm {
        id: iri.trim_start_matches(NAMESPACE).to_owned(),
        curie: format!("cis:{}", iri.trim_start_matches(NAMESPACE)),
        label_fr: text(LABEL, "fr"),
        label_en: text(LABEL, "en"),
        comment_fr: text(COMMENT, "fr"),
        comment_en: text(COMMENT, "en"),
        kind: if is_class { "Classe" } else { "Propriété" },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_vocabulary_page_lists_every_term() {
        let triples = vocabulary();
        assert!(triples.len() > 20);
        let page = page(&triples).unwrap();
        for term in [
            "cis:Record",
            "cis:Tombstone",
            "cis:Partner",
            "cis:harvester",
        ] {
            assert!(page.contains(term), "{term} missing");
        }
    }
}
