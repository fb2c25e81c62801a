//! A JSON-LD 1.1 context as compaction needs it: term definitions (IRI,
//! type coercion, language, container, scoped context), `@vocab` and
//! `@language`, and IRI expansion and compaction against them.
//!
//! Only what a developer-facing context commonly uses is understood. A term
//! using anything else (`@reverse`, `@nest`, `@list` containers…) is kept,
//! so its name is never reused for another IRI, but is never chosen as a
//! key. A context-level keyword we do not know is an error: compacting
//! against a context we misread would change the RDF.

mod definition;
mod iri;

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{Map, Value};

use definition::language;
use iri::is_absolute;

/// Why a context cannot be used for compaction.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ContextError {
    /// Not a JSON object holding an `@context` object.
    #[error("the JSON-LD context must be an object with an \"@context\" object: {0}")]
    Shape(String),
    /// A term definition we cannot read.
    #[error("term {term:?} of the JSON-LD context: {reason}")]
    Term { term: String, reason: String },
    /// A context keyword this module does not implement.
    #[error(
        "the JSON-LD context uses {0}, which compaction does not implement: \
         remove it or teach src/rdf/jsonld/context.rs"
    )]
    Unsupported(String),
}

/// How a term turns a JSON string into an RDF term.
#[derive(Debug, Clone, PartialEq)]
pub enum Coercion {
    /// A plain string is a literal (with the term's or the default language).
    None,
    /// `@type: @id`: a string is an IRI (or blank node identifier).
    Id,
    /// `@type: @vocab`: a string is a vocabulary-relative IRI.
    Vocab,
    /// `@type: <datatype>`: a string is a literal of that datatype.
    Datatype(String),
}

/// The container of a term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Container {
    /// No container: one value alone, several as an array.
    Single,
    /// `@set`: always an array.
    Set,
    /// `@language`: an object from language tag to text.
    Language,
}

/// A term definition.
#[derive(Debug, Clone)]
pub struct TermDefinition {
    /// Its IRI or keyword; `None` for a term defined as `null`.
    pub iri: Option<String>,
    pub coercion: Coercion,
    /// `None` when unset (the default language applies), `Some(None)` for
    /// `@language: null`.
    pub language: Option<Option<String>>,
    pub container: Container,
    /// Its scoped context as written, processed when it applies.
    pub scoped: Option<Arc<Map<String, Value>>>,
    /// Whether it may start a compact IRI (`schema:name`).
    pub prefix: bool,
    /// False for a term using features we do not compact with.
    pub usable: bool,
}

impl TermDefinition {
    fn new(iri: Option<String>) -> Self {
        TermDefinition {
            iri,
            coercion: Coercion::None,
            language: None,
            container: Container::Single,
            scoped: None,
            prefix: false,
            usable: true,
        }
    }

    /// A term with no coercion of its own: any value may go under it in
    /// expanded form (`{"@value": …}`, `{"id": …}`).
    pub fn is_plain(&self) -> bool {
        self.coercion == Coercion::None
            && self.language.is_none()
            && self.container != Container::Language
    }
}

/// An active context.
#[derive(Debug, Clone, Default)]
pub struct Context {
    /// Which processing made it: clones share it, as they share contents
    /// (the default context is 0). Keys the memo of [`Scopes`].
    id: u64,
    terms: BTreeMap<String, TermDefinition>,
    /// IRI (or keyword) → names of the terms mapping to it, shortest first.
    by_iri: BTreeMap<String, Vec<String>>,
    vocab: Option<String>,
    language: Option<String>,
}

/// Numbers the contexts made by [`Context::with_scoped`].
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// The contexts derived by scoped contexts while compacting one document:
/// each is processed once, not once per value it applies to.
#[derive(Debug, Default)]
pub struct Scopes(RefCell<Vec<Derived>>);

/// A context made by applying `scoped` to the context numbered `base`.
#[derive(Debug)]
struct Derived {
    base: u64,
    scoped: Map<String, Value>,
    context: Arc<Context>,
}

impl Scopes {
    /// `base` with `scoped` applied, or `None` if it cannot be.
    pub fn apply(&self, base: &Context, scoped: &Map<String, Value>) -> Option<Arc<Context>> {
        let known = self.0.borrow().iter().find_map(|derived| {
            (derived.base == base.id && derived.scoped == *scoped)
                .then(|| Arc::clone(&derived.context))
        });
        if known.is_some() {
            return known;
        }
        let context = Arc::new(base.with_scoped(scoped).ok()?);
        self.0.borrow_mut().push(Derived {
            base: base.id,
            scoped: scoped.clone(),
            context: Arc::clone(&context),
        });
        Some(context)
    }
}

impl Context {
    /// Reads a context document (`{"@context": {…}}`).
    pub fn parse(document: &str) -> Result<Context, ContextError> {
        let value: Value =
            serde_json::from_str(document).map_err(|e| ContextError::Shape(e.to_string()))?;
        let Some(Value::Object(local)) = value.get("@context") else {
            return Err(ContextError::Shape("no \"@context\" object".into()));
        };
        let context = Context::default().with_scoped(local)?;
        // Scoped contexts are processed only when they apply: check them
        // now, so a bad one fails here and not while serving.
        for (name, definition) in &context.terms {
            if let Some(scoped) = &definition.scoped {
                context
                    .with_scoped(scoped)
                    .map_err(|e| ContextError::Term {
                        term: name.clone(),
                        reason: format!("its scoped context: {e}"),
                    })?;
            }
        }
        Ok(context)
    }

    /// This context with `local` (a context object) applied on top.
    pub fn with_scoped(&self, local: &Map<String, Value>) -> Result<Context, ContextError> {
        let mut context = self.clone();
        context.id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        for (key, value) in local {
            match key.as_str() {
                "@version" if value.as_f64() == Some(1.1) => {}
                "@protected" => {}
                "@vocab" => context.vocab = context.vocabulary(value)?,
                "@language" => context.language = language(key, value)?,
                keyword if keyword.starts_with('@') => {
                    return Err(ContextError::Unsupported(keyword.to_owned()));
                }
                _ => {}
            }
        }
        let mut defined = BTreeMap::new();
        for term in local.keys().filter(|k| !k.starts_with('@')) {
            context.define(local, term, &mut defined)?;
        }
        context.index();
        Ok(context)
    }

    fn vocabulary(&self, value: &Value) -> Result<Option<String>, ContextError> {
        match value {
            Value::Null => Ok(None),
            Value::String(v) => match self.expand_iri(v, true) {
                Some(iri) if is_absolute(&iri) => Ok(Some(iri)),
                _ => Err(ContextError::Unsupported(format!("@vocab {v:?}"))),
            },
            _ => Err(ContextError::Shape("@vocab must be a string".into())),
        }
    }

    fn index(&mut self) {
        self.by_iri.clear();
        for (name, definition) in &self.terms {
            if let Some(iri) = &definition.iri {
                self.by_iri
                    .entry(iri.clone())
                    .or_default()
                    .push(name.clone());
            }
        }
        for names in self.by_iri.values_mut() {
            names.sort_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)));
        }
    }

    /// The definition of `name`, if it is a term.
    pub fn term(&self, name: &str) -> Option<&TermDefinition> {
        self.terms.get(name)
    }

    /// The usable terms mapping to `iri`, shortest name first.
    pub fn terms_for<'a>(&'a self, iri: &str) -> impl Iterator<Item = &'a str> + use<'a> {
        self.by_iri
            .get(iri)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|name| self.terms.get(*name).is_some_and(|d| d.usable))
    }

    /// The default language of plain strings.
    pub fn language(&self) -> Option<&str> {
        self.language.as_deref()
    }

    /// The shortest alias of `keyword` (`id` for `@id`), or the keyword.
    pub fn keyword_alias<'a>(&'a self, keyword: &'a str) -> &'a str {
        self.terms_for(keyword).next().unwrap_or(keyword)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> Context {
        Context::parse(include_str!("../../../../ontology/context.jsonld")).unwrap()
    }

    #[test]
    fn the_published_context_is_understood() {
        let context = context();
        let name = context.term("name").unwrap();
        assert_eq!(name.iri.as_deref(), Some("http://schema.org/name"));
        assert_eq!(name.language, Some(Some("fr".into())));
        assert!(context.term("Partner").unwrap().scoped.is_some());
        assert_eq!(
            context.term("latitude").unwrap().coercion,
            Coercion::Datatype("http://www.w3.org/2001/XMLSchema#double".into())
        );
        assert_eq!(context.term("themes").unwrap().container, Container::Set);
        assert_eq!(
            context.term("prefLabel").unwrap().container,
            Container::Language
        );
        assert!(context.term("schema").unwrap().prefix);
        assert!(!context.term("Record").unwrap().prefix);
        assert_eq!(context.keyword_alias("@id"), "id");
        assert_eq!(context.keyword_alias("@type"), "type");
    }

    #[test]
    fn iris_expand_like_a_json_ld_processor() {
        let context = context();
        let expand = |v, vocab| context.expand_iri(v, vocab);
        assert_eq!(
            expand("Record", true).as_deref(),
            Some("https://w3id.org/carrefour/ns#Record")
        );
        assert_eq!(
            expand("Project", true).as_deref(),
            Some("http://schema.org/Project")
        );
        assert_eq!(expand("Project", false), None);
        assert_eq!(
            expand("skos:note", false).as_deref(),
            Some("http://www.w3.org/2004/02/skos/core#note")
        );
        assert_eq!(
            expand("http://example.org/a", true).as_deref(),
            Some("http://example.org/a")
        );
        // `Record` is not a prefix: `Record:x` is an IRI of scheme `record`.
        assert_eq!(expand("Record:x", true).as_deref(), Some("Record:x"));
        assert_eq!(expand("_:b0", false).as_deref(), Some("_:b0"));
    }

    #[test]
    fn iris_compact_to_terms_then_vocabulary_then_prefixes() {
        let context = context();
        assert_eq!(
            context.compact_vocab("https://w3id.org/carrefour/ns#Record"),
            "Record"
        );
        assert_eq!(context.compact_vocab("http://schema.org/Place"), "Place");
        assert_eq!(
            context.compact_vocab("http://www.w3.org/ns/prov#Entity"),
            "prov:Entity"
        );
        // `name` is a term with a language: a key without coercion is needed.
        assert_eq!(context.compact_key("http://schema.org/name"), "schema:name");
        assert_eq!(
            context.compact_key("http://schema.org/alternateName"),
            "alternateName"
        );
        assert_eq!(
            context.compact_key("http://example.org/p"),
            "http://example.org/p"
        );
    }

    #[test]
    fn a_scoped_context_overrides_terms() {
        let context = context();
        let partner = context.term("Partner").unwrap().scoped.clone().unwrap();
        let scoped = context.with_scoped(&partner).unwrap();
        assert_eq!(scoped.term("name").unwrap().language, Some(None));
        assert_eq!(
            context.term("name").unwrap().language,
            Some(Some("fr".into()))
        );
    }

    #[test]
    fn unknown_features_are_refused_or_left_unused() {
        let bad = r#"{"@context": {"@import": "x.jsonld"}}"#;
        assert!(matches!(
            Context::parse(bad),
            Err(ContextError::Unsupported(_))
        ));
        let listed = r#"{"@context": {"s": "http://schema.org/", "items": {"@id": "s:items", "@container": "@list"}}}"#;
        let context = Context::parse(listed).unwrap();
        assert_eq!(context.terms_for("http://schema.org/items").count(), 0);
        assert!(Context::parse("[]").is_err());
    }
}
