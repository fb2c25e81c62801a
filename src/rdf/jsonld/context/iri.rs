//! IRI expansion and compaction against a context (JSON-LD 1.1 §5.2 and
//! the IRI compaction of the compaction algorithms, reduced to what the
//! compactor needs: it never writes relative IRIs).

use super::{Context, TermDefinition};

const KEYWORDS: [&str; 22] = [
    "@base",
    "@container",
    "@context",
    "@direction",
    "@graph",
    "@id",
    "@import",
    "@included",
    "@index",
    "@json",
    "@language",
    "@list",
    "@nest",
    "@none",
    "@prefix",
    "@propagate",
    "@protected",
    "@reverse",
    "@set",
    "@type",
    "@value",
    "@version",
];
impl Context {
    /// IRI expansion (JSON-LD 1.1 §5.2) without a base IRI: `vocab` for keys
    /// and `@type` values, otherwise for `@id` values. `None` when `value`
    /// expands to nothing or to a relative IRI.
    pub fn expand_iri(&self, value: &str, vocab: bool) -> Option<String> {
        if value.starts_with('@') {
            return KEYWORDS.contains(&value).then(|| value.to_owned());
        }
        if vocab {
            if let Some(definition) = self.terms.get(value) {
                return definition.iri.clone();
            }
        }
        if let Some((prefix, suffix)) = value.split_once(':').filter(|(p, _)| !p.is_empty()) {
            if prefix == "_" || suffix.starts_with("//") {
                return Some(value.to_owned());
            }
            if let Some(TermDefinition {
                iri: Some(iri),
                prefix: true,
                ..
            }) = self.terms.get(prefix)
            {
                return Some(format!("{iri}{suffix}"));
            }
            if is_absolute(value) {
                return Some(value.to_owned());
            }
        }
        match &self.vocab {
            Some(namespace) if vocab => Some(format!("{namespace}{value}")),
            _ => None,
        }
    }

    /// `iri` as a `@type` value or datatype: a term, then [`Self::compact_key`].
    pub fn compact_vocab(&self, iri: &str) -> String {
        self.terms_for(iri)
            .find(|name| self.expand_iri(name, true).as_deref() == Some(iri))
            .map(str::to_owned)
            .unwrap_or_else(|| self.compact_key(iri))
    }

    /// `iri` as a key that is not a term, so no coercion applies to its
    /// values: vocabulary-relative (`alternateName`), else the shortest
    /// compact IRI (`skos:note`), else the IRI itself.
    pub fn compact_key(&self, iri: &str) -> String {
        let round_trips = |key: &str| {
            !self.terms.contains_key(key) && self.expand_iri(key, true).as_deref() == Some(iri)
        };
        if let Some(suffix) = self.vocab.as_deref().and_then(|v| iri.strip_prefix(v)) {
            let relative = !suffix.is_empty() && !suffix.contains(':') && !suffix.starts_with('@');
            if relative && round_trips(suffix) {
                return suffix.to_owned();
            }
        }
        self.terms
            .iter()
            .filter(|(_, definition)| definition.prefix)
            .filter_map(|(name, definition)| {
                let suffix = iri.strip_prefix(definition.iri.as_deref()?)?;
                Some(format!("{name}:{suffix}"))
            })
            .filter(|key| round_trips(key))
            .min_by(|a, b| a.len().cmp(&b.len()).then(a.cmp(b)))
            .unwrap_or_else(|| iri.to_owned())
    }
}

/// Whether `value` starts with an IRI scheme (`http:`, `urn:`…).
pub(super) fn is_absolute(value: &str) -> bool {
    value.split_once(':').is_some_and(|(scheme, _)| {
        scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}
