//! The representations of a document: which formats we offer, how a client
//! picks one (`Accept`, or a file extension), and the headers that make
//! them cacheable (`ETag`, `Last-Modified`, `Vary`).

use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use chrono::{DateTime, Utc};
use oxigraph::io::RdfFormat;
use oxigraph::model::Triple;

use crate::server::cache::Prepared;
use crate::server::conneg;

/// A format a document is offered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Html,
    Turtle,
    JsonLd,
    RdfXml,
    NTriples,
}

impl Format {
    /// In order of preference when a client accepts several equally.
    pub const ALL: [Format; 5] = [
        Format::Html,
        Format::Turtle,
        Format::JsonLd,
        Format::RdfXml,
        Format::NTriples,
    ];

    pub fn media_type(self) -> &'static str {
        match self {
            Format::Html => "text/html",
            Format::Turtle => "text/turtle",
            Format::JsonLd => "application/ld+json",
            Format::RdfXml => "application/rdf+xml",
            Format::NTriples => "application/n-triples",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Turtle => "ttl",
            Format::JsonLd => "jsonld",
            Format::RdfXml => "rdf",
            Format::NTriples => "nt",
        }
    }

    /// The `Content-Type` header value.
    pub fn content_type(self) -> &'static str {
        match self {
            Format::Html => "text/html; charset=utf-8",
            Format::Turtle => "text/turtle; charset=utf-8",
            Format::JsonLd => "application/ld+json",
            Format::RdfXml => "application/rdf+xml",
            Format::NTriples => "application/n-triples",
        }
    }

    /// The format of a file extension (`ttl`), if we offer it.
    pub fn from_extension(extension: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.extension() == extension)
    }

    /// The format the client prefers. `application/json` counts as JSON-LD,
    /// for developers' tools that know no better.
    pub fn negotiate(headers: &HeaderMap) -> Option<Format> {
        let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
        let offers: Vec<&str> = Format::ALL
            .iter()
            .map(|f| f.media_type())
            .chain(["application/json"])
            .collect();
        let chosen = conneg::negotiate(accept, &offers).ok()?;
        match chosen {
            "application/json" => Some(Format::JsonLd),
            media_type => Format::ALL
                .into_iter()
                .find(|f| f.media_type() == media_type),
        }
    }
}

/// Triples in an RDF format other than JSON-LD (compacted separately).
pub fn serialize(format: Format, triples: &[Triple]) -> Result<Vec<u8>, String> {
    let rdf_format = match format {
        Format::Turtle => RdfFormat::Turtle,
        Format::RdfXml => RdfFormat::RdfXml,
        Format::NTriples => RdfFormat::NTriples,
        Format::Html | Format::JsonLd => return Err(format!("{format:?} is not serialized here")),
    };
    crate::rdf::serialize_triples(rdf_format, triples)
}

pub use crate::rdf::vocab::PREFIXES;

/// A representation ready to send: its bytes and the validators a client
/// can revalidate it with.
pub struct Representation {
    pub status: StatusCode,
    pub format: Format,
    pub body: Vec<u8>,
    pub last_modified: Option<DateTime<Utc>>,
    /// Extra headers (`Content-Location`, `Link`, `Vary`).
    pub headers: Vec<(header::HeaderName, String)>,
}

impl Representation {
    /// Ready to send, as many times as asked (see [`Prepared`]).
    pub fn prepare(self) -> Prepared {
        Prepared::new(
            self.status,
            self.format.content_type(),
            self.body,
            self.last_modified,
            self.headers,
        )
    }

    /// The response, or `304 Not Modified` when the client's validators
    /// (`If-None-Match`, else `If-Modified-Since`) still hold.
    pub fn respond(self, request: &HeaderMap) -> Response {
        self.prepare().respond(request)
    }
}
