//! JSON-LD contexts from local copies: a document's remote `@context` is
//! never fetched while it is parsed (that would be a request no robots.txt,
//! delay or origin check governs, made by a partner's data).

use std::error::Error;

use oxigraph::io::{JsonLdProfileSet, LoadedDocument, RdfFormat};

/// Our own context, served by every Carrefour hub at `/ns/context.jsonld`.
const CARREFOUR: &str = include_str!("../../../ontology/context.jsonld");

/// schema.org's context reduced to its vocabulary: every term is a
/// schema.org property. Its type coercions are not kept, so a URL may come
/// out as a literal; the reader takes both.
const SCHEMA_ORG: &str = r#"{ "@context": { "@vocab": "http://schema.org/" } }"#;

/// The local copy of the context at `url`, or why there is none.
pub(super) fn local_copy(url: &str) -> Result<LoadedDocument, Box<dyn Error + Send + Sync>> {
    let trimmed = url.trim_end_matches('/');
    let content = if trimmed.ends_with("/ns/context.jsonld") {
        CARREFOUR
    } else if matches!(trimmed, "http://schema.org" | "https://schema.org")
        || trimmed.starts_with("https://schema.org/docs/jsonldcontext")
    {
        SCHEMA_ORG
    } else {
        return Err(format!(
            "the JSON-LD context {url} is not fetched while parsing; only local copies are \
             used (Carrefour's /ns/context.jsonld and schema.org's): inline the context"
        )
        .into());
    };
    Ok(LoadedDocument {
        url: url.to_owned(),
        content: content.as_bytes().to_vec(),
        format: RdfFormat::JsonLd {
            profile: JsonLdProfileSet::empty(),
        },
    })
}
