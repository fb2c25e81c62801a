#![no_main]
//! Whole SPARQL 1.1 Protocol requests to `/sparql`, through the real router
//! over the demo data: any method, the query or update in the URL, a form
//! or the body, any `Content-Type`, `Accept` and `Authorization`, dataset
//! and format parameters, repeated or not.
//!
//! The oracle: the router answers (no panic, no hang) and never with a 500
//! (a 5xx other than 501, 502 or 503 is a bug).
//!
//! The input's fixed-size choices come first and the SPARQL text last, so
//! a seed is a few tag bytes followed by a query (`fuzz/make-seeds`).

use arbitrary::Arbitrary;
use axum::http::{HeaderName, Method, header};
use carrefour_fuzz::server::{self, UPDATE_TOKEN};
use libfuzzer_sys::fuzz_target;
use url::form_urlencoded;

/// The HTTP method.
#[derive(Arbitrary, Debug)]
enum Verb {
    Get,
    Head,
    Post,
    Put,
    Delete,
    Options,
    Patch,
}

impl Verb {
    fn method(&self) -> Method {
        match self {
            Verb::Get => Method::GET,
            Verb::Head => Method::HEAD,
            Verb::Post => Method::POST,
            Verb::Put => Method::PUT,
            Verb::Delete => Method::DELETE,
            Verb::Options => Method::OPTIONS,
            Verb::Patch => Method::PATCH,
        }
    }
}

/// Where the text travels, as the protocol's three ways (and the wrong ones).
#[derive(Arbitrary, Debug, Clone, Copy)]
enum Carrier {
    /// `?query=…`
    QueryInUrl,
    /// A form with `query=…`.
    QueryForm,
    /// The body, as `application/sparql-query`.
    QueryBody,
    /// A form with `update=…`.
    UpdateForm,
    /// The body, as `application/sparql-update`.
    UpdateBody,
    /// `?update=…` (refused: updates are POSTed).
    UpdateInUrl,
    /// The text is the whole query string, as a client wrote it.
    RawQueryString,
    /// The text is the whole body.
    RawBody,
}

/// The `Content-Type` header.
#[derive(Arbitrary, Debug)]
enum ContentType {
    /// The one the carrier implies (none for a GET).
    Implied,
    Missing,
    Form,
    FormUtf8,
    SparqlQuery,
    SparqlUpdate,
    Json,
    TextPlain,
    Raw(String),
}

/// The `Accept` header.
#[derive(Arbitrary, Debug)]
enum Accept {
    Missing,
    Json,
    Xml,
    Csv,
    Tsv,
    Turtle,
    NTriples,
    RdfXml,
    JsonLd,
    Trig,
    NQuads,
    Html,
    Anything,
    Browser,
    Raw(String),
}

/// The `Authorization` header.
#[derive(Arbitrary, Debug)]
enum Authorization {
    Missing,
    UpdateToken,
    WrongToken,
    Basic,
    Raw(String),
}

/// A graph named by a dataset parameter.
#[derive(Arbitrary, Debug)]
enum Graph {
    Ontology,
    Themes,
    Provenance,
    Territories,
    Unknown,
    Relative,
    Raw(String),
}

impl Graph {
    fn iri(&self) -> String {
        match self {
            Graph::Ontology => format!("{}graph/ontology", server::BASE),
            Graph::Themes => format!("{}graph/themes", server::BASE),
            Graph::Provenance => format!("{}graph/provenance", server::BASE),
            Graph::Territories => format!("{}graph/territories", server::BASE),
            Graph::Unknown => "http://example.org/nothing".to_owned(),
            Graph::Relative => "graph/themes".to_owned(),
            Graph::Raw(text) => text.clone(),
        }
    }
}

/// A parameter beside the query or update, in the URL or the form.
#[derive(Arbitrary, Debug)]
enum Param {
    DefaultGraph(Graph),
    NamedGraph(Graph),
    UsingGraph(Graph),
    UsingNamedGraph(Graph),
    Format(String),
    Output(String),
    Example(String),
    /// Another `query=` (repeated: refused).
    Query(String),
    /// Another `update=`.
    Update(String),
    Raw(String, String),
}

impl Param {
    fn pair(&self) -> (String, String) {
        let (name, value) = match self {
            Param::DefaultGraph(g) => ("default-graph-uri", g.iri()),
            Param::NamedGraph(g) => ("named-graph-uri", g.iri()),
            Param::UsingGraph(g) => ("using-graph-uri", g.iri()),
            Param::UsingNamedGraph(g) => ("using-named-graph-uri", g.iri()),
            Param::Format(v) => ("format", v.clone()),
            Param::Output(v) => ("output", v.clone()),
            Param::Example(v) => ("example", v.clone()),
            Param::Query(v) => ("query", v.clone()),
            Param::Update(v) => ("update", v.clone()),
            Param::Raw(name, value) => return (name.clone(), value.clone()),
        };
        (name.to_owned(), value)
    }
}

/// One request to `/sparql`.
#[derive(Arbitrary, Debug)]
struct SparqlRequest {
    verb: Verb,
    carrier: Carrier,
    content_type: ContentType,
    accept: Accept,
    authorization: Authorization,
    params: Vec<Param>,
    /// The query or update (or the raw query string or body).
    text: String,
}

const FORM: &str = "application/x-www-form-urlencoded";

impl SparqlRequest {
    /// The query string (without `?`) and the body.
    fn target_and_body(&self) -> (String, Vec<u8>) {
        let params: Vec<(String, String)> = self.params.iter().map(Param::pair).collect();
        let encode = |pairs: &[(String, String)]| {
            form_urlencoded::Serializer::new(String::new())
                .extend_pairs(pairs)
                .finish()
        };
        let with = |name: &str| {
            let mut pairs = vec![(name.to_owned(), self.text.clone())];
            pairs.extend(params.iter().cloned());
            encode(&pairs)
        };
        match self.carrier {
            Carrier::QueryInUrl => (with("query"), Vec::new()),
            Carrier::UpdateInUrl => (with("update"), Vec::new()),
            Carrier::QueryForm => (encode(&params), with("query").into_bytes()),
            Carrier::UpdateForm => (encode(&params), with("update").into_bytes()),
            Carrier::QueryBody | Carrier::UpdateBody | Carrier::RawBody => {
                (encode(&params), self.text.clone().into_bytes())
            }
            Carrier::RawQueryString => (self.text.clone(), Vec::new()),
        }
    }

    fn content_type(&self) -> Option<String> {
        let implied = match self.carrier {
            Carrier::QueryForm | Carrier::UpdateForm => Some(FORM),
            Carrier::QueryBody => Some("application/sparql-query"),
            Carrier::UpdateBody => Some("application/sparql-update"),
            _ => None,
        };
        let value = match &self.content_type {
            ContentType::Implied => implied?,
            ContentType::Missing => return None,
            ContentType::Form => FORM,
            ContentType::FormUtf8 => "application/x-www-form-urlencoded; charset=UTF-8",
            ContentType::SparqlQuery => "application/sparql-query",
            ContentType::SparqlUpdate => "application/sparql-update; charset=utf-8",
            ContentType::Json => "application/json",
            ContentType::TextPlain => "text/plain",
            ContentType::Raw(text) => text,
        };
        Some(value.to_owned())
    }

    fn accept(&self) -> Option<String> {
        let value = match &self.accept {
            Accept::Missing => return None,
            Accept::Json => "application/sparql-results+json",
            Accept::Xml => "application/sparql-results+xml",
            Accept::Csv => "text/csv",
            Accept::Tsv => "text/tab-separated-values",
            Accept::Turtle => "text/turtle",
            Accept::NTriples => "application/n-triples",
            Accept::RdfXml => "application/rdf+xml",
            Accept::JsonLd => "application/ld+json",
            Accept::Trig => "application/trig",
            Accept::NQuads => "application/n-quads",
            Accept::Html => "text/html",
            Accept::Anything => "*/*",
            Accept::Browser => "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
            Accept::Raw(text) => text,
        };
        Some(value.to_owned())
    }

    fn authorization(&self) -> Option<String> {
        match &self.authorization {
            Authorization::Missing => None,
            Authorization::UpdateToken => Some(format!("Bearer {UPDATE_TOKEN}")),
            Authorization::WrongToken => Some("Bearer not-the-token".to_owned()),
            Authorization::Basic => Some("Basic dXNlcjpwYXNz".to_owned()),
            Authorization::Raw(text) => Some(text.clone()),
        }
    }

    fn headers(&self) -> Vec<(HeaderName, String)> {
        [
            (header::CONTENT_TYPE, self.content_type()),
            (header::ACCEPT, self.accept()),
            (header::AUTHORIZATION, self.authorization()),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.map(|v| (name, v)))
        .collect()
    }
}

fuzz_target!(|input: SparqlRequest| {
    let (query_string, body) = input.target_and_body();
    let target = if query_string.is_empty() {
        "/sparql".to_owned()
    } else {
        format!("/sparql?{query_string}")
    };
    let Some(request) = server::request(&input.verb.method(), &target, &input.headers(), body)
    else {
        return;
    };
    // Only the token holder can change data: give it a store of its own
    // (however the token came: a raw header may carry it too).
    let holds_token = input
        .authorization()
        .is_some_and(|value| value.contains(UPDATE_TOKEN));
    let app = if holds_token {
        server::scratch_app()
    } else {
        server::demo_app()
    };
    let answer = server::send(app, request);
    server::check(&answer, &input);
});
