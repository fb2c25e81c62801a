//! Term definitions read from a local context (JSON-LD 1.1 §4.2, "Create
//! Term Definition"), the terms they depend on first.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::{Map, Value};

use super::iri::is_absolute;
use super::{Coercion, Container, Context, ContextError, TermDefinition};

impl Context {
    /// Creates the definition of `term` from `local`, after the terms its
    /// IRI depends on (`"Record": "cis:Record"` needs `cis`).
    pub(super) fn define(
        &mut self,
        local: &Map<String, Value>,
        term: &str,
        defined: &mut BTreeMap<String, bool>,
    ) -> Result<(), ContextError> {
        match defined.get(term) {
            Some(true) => return Ok(()),
            Some(false) => return Err(term_error(term, "its definition depends on itself")),
            None => {}
        }
        defined.insert(term.to_owned(), false);
        let definition = match local.get(term) {
            None | Some(Value::Null) => TermDefinition::new(None),
            Some(Value::String(iri)) => {
                let iri = self.expand_for_definition(local, term, iri, defined)?;
                let mut definition = TermDefinition::new(Some(iri.clone()));
                definition.prefix = !term.contains([':', '/'])
                    && !iri.starts_with('@')
                    && (iri.ends_with([':', '/', '?', '#', '[', ']', '@'])
                        || iri.starts_with("_:"));
                definition
            }
            Some(Value::Object(map)) => self.expanded_definition(local, term, map, defined)?,
            Some(_) => {
                return Err(term_error(
                    term,
                    "a definition is a string, an object or null",
                ));
            }
        };
        self.terms.insert(term.to_owned(), definition);
        defined.insert(term.to_owned(), true);
        Ok(())
    }

    fn expanded_definition(
        &mut self,
        local: &Map<String, Value>,
        term: &str,
        map: &Map<String, Value>,
        defined: &mut BTreeMap<String, bool>,
    ) -> Result<TermDefinition, ContextError> {
        let mut definition = TermDefinition::new(None);
        let id = match map.get("@id").or(map.get("@reverse")) {
            Some(Value::String(iri)) => Some(iri.as_str()),
            Some(Value::Null) => None,
            Some(_) => return Err(term_error(term, "@id must be a string")),
            // No `@id`: the term itself, as a compact IRI or under `@vocab`.
            None if !term.contains(':') => match &self.vocab {
                Some(vocab) => {
                    definition.iri = Some(format!("{vocab}{term}"));
                    None
                }
                None => return Err(term_error(term, "no @id and no @vocab to expand it")),
            },
            None => Some(term),
        };
        if let Some(id) = id {
            definition.iri = Some(self.expand_for_definition(local, term, id, defined)?);
        }
        for (key, value) in map {
            match key.as_str() {
                "@id" | "@protected" => {}
                "@type" => {
                    let Value::String(datatype) = value else {
                        return Err(term_error(term, "@type must be a string"));
                    };
                    definition.coercion = match datatype.as_str() {
                        "@id" => Coercion::Id,
                        "@vocab" => Coercion::Vocab,
                        _ if datatype.starts_with('@') => {
                            definition.usable = false;
                            Coercion::None
                        }
                        _ => Coercion::Datatype(
                            self.expand_for_definition(local, term, datatype, defined)?,
                        ),
                    };
                }
                "@language" => definition.language = Some(language(term, value)?),
                "@container" => definition.container = container(value, &mut definition),
                "@prefix" => definition.prefix = value.as_bool() == Some(true),
                "@context" => match value {
                    Value::Object(scoped) => definition.scoped = Some(Arc::new(scoped.clone())),
                    _ => {
                        return Err(term_error(
                            term,
                            "only inline scoped contexts are supported",
                        ));
                    }
                },
                "@reverse" | "@nest" | "@index" | "@direction" => definition.usable = false,
                other => return Err(term_error(term, &format!("unknown key {other}"))),
            }
        }
        Ok(definition)
    }

    /// Expands the IRI of a definition, defining first the local terms it uses.
    fn expand_for_definition(
        &mut self,
        local: &Map<String, Value>,
        term: &str,
        value: &str,
        defined: &mut BTreeMap<String, bool>,
    ) -> Result<String, ContextError> {
        let dependency = match value.split_once(':') {
            Some((prefix, _)) => prefix,
            None => value,
        };
        if dependency != term && local.contains_key(dependency) {
            self.define(local, dependency, defined)?;
        }
        match self.expand_iri(value, true) {
            Some(iri) if iri.starts_with('@') || is_absolute(&iri) => Ok(iri),
            _ => Err(term_error(
                term,
                &format!("cannot expand {value:?} to an IRI"),
            )),
        }
    }
}

pub(super) fn term_error(term: &str, reason: &str) -> ContextError {
    ContextError::Term {
        term: term.to_owned(),
        reason: reason.to_owned(),
    }
}

pub(super) fn language(term: &str, value: &Value) -> Result<Option<String>, ContextError> {
    match value {
        Value::Null => Ok(None),
        Value::String(tag) => Ok(Some(tag.to_ascii_lowercase())),
        _ => Err(term_error(term, "@language must be a string or null")),
    }
}

/// Reads `@container`; anything but `@set` and `@language` makes the term unusable.
fn container(value: &Value, definition: &mut TermDefinition) -> Container {
    let kinds: Vec<&str> = match value {
        Value::String(kind) => vec![kind.as_str()],
        Value::Array(kinds) => kinds.iter().filter_map(Value::as_str).collect(),
        _ => vec!["?"],
    };
    let known = kinds.iter().all(|k| matches!(*k, "@set" | "@language"));
    if !known || kinds.is_empty() {
        definition.usable = false;
    }
    if kinds.contains(&"@language") {
        Container::Language
    } else if kinds.contains(&"@set") {
        Container::Set
    } else {
        Container::Single
    }
}
