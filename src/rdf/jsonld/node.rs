//! From triples to node objects: the root first, the nodes it reaches
//! embedded where first referenced, the rest in `@included`.
//!
//! A node's context follows JSON-LD 1.1 expansion: the context it inherits
//! (the top-level one, plus the scoped context of the key it sits under),
//! then the scoped contexts of its types, which do not reach nested nodes.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use oxigraph::model::vocab::rdf;
use oxigraph::model::{NamedOrBlankNode, Term, Triple};
use serde_json::{Map, Value};

use super::context::{Container, Context, Scopes};
use super::select::{Choice, Shape, choose, id};

/// Builds node objects out of one description.
pub struct Compactor<'a> {
    /// Each subject's triples, by subject identifier (`_:b` for blank nodes).
    subjects: BTreeMap<String, Vec<&'a Triple>>,
    /// Subjects already written (or being written): later references to
    /// them stay references, so cycles end.
    written: BTreeSet<String>,
    scopes: Scopes,
}

/// The values of one key, before they are written.
struct Entry {
    container: Container,
    scoped: Option<Arc<Map<String, Value>>>,
    shapes: Vec<Shape>,
}

impl<'a> Compactor<'a> {
    pub fn new(triples: &'a [Triple]) -> Self {
        let mut subjects: BTreeMap<String, Vec<&Triple>> = BTreeMap::new();
        for triple in triples {
            subjects
                .entry(id(&triple.subject))
                .or_default()
                .push(triple);
        }
        for list in subjects.values_mut() {
            list.sort_by_cached_key(|t| (t.predicate.as_str().to_owned(), t.object.to_string()));
            list.dedup();
        }
        Compactor {
            subjects,
            written: BTreeSet::new(),
            scopes: Scopes::default(),
        }
    }

    /// The root's node object, with `@included` holding what it does not reach.
    pub fn root(&mut self, root: &NamedOrBlankNode, context: &Arc<Context>) -> Map<String, Value> {
        let root_id = id(root);
        self.written.insert(root_id.clone());
        let mut object = match self.subjects.contains_key(&root_id) {
            true => self.node_object(&root_id, context),
            false => Map::from_iter([(context.keyword_alias("@id").to_owned(), root_id.into())]),
        };
        let included = self.included(context);
        if !included.is_empty() {
            object.insert("@included".into(), Value::Array(included));
        }
        object
    }

    /// Node objects for the subjects not written yet: those no other of them
    /// points at first (incoming links), then any left in a cycle.
    fn included(&mut self, context: &Arc<Context>) -> Vec<Value> {
        let pending = |written: &BTreeSet<String>, s: &String| !written.contains(s);
        let targets: BTreeSet<String> = self
            .subjects
            .iter()
            .filter(|(s, _)| pending(&self.written, s))
            .flat_map(|(_, triples)| triples.iter().filter_map(|t| object_id(&t.object)))
            .collect();
        let mut order: Vec<String> = self
            .subjects
            .keys()
            .filter(|s| pending(&self.written, s))
            .cloned()
            .collect();
        order.sort_by_key(|s| targets.contains(s));
        let mut included = Vec::new();
        for subject in order {
            if self.written.insert(subject.clone()) {
                included.push(Value::Object(self.node_object(&subject, context)));
            }
        }
        included
    }

    /// The node object of `subject`, in the context it inherits.
    fn node_object(&mut self, subject: &str, inherited: &Arc<Context>) -> Map<String, Value> {
        let triples = self.subjects.get(subject).cloned().unwrap_or_default();
        let (types, properties): (Vec<&Triple>, Vec<&Triple>) = triples
            .into_iter()
            .partition(|t| t.predicate == rdf::TYPE && !matches!(t.object, Term::Literal(_)));
        let (types, active) = typed_context(&types, inherited, &self.scopes);
        let mut object = Map::new();
        object.insert(
            alias_in_both(inherited, &active, "@id"),
            subject.to_owned().into(),
        );
        if !types.is_empty() {
            let key = alias_in_both(inherited, &active, "@type");
            object.insert(
                key,
                one_or_many(types.into_iter().map(Value::from).collect()),
            );
        }
        let mut entries: BTreeMap<String, Entry> = BTreeMap::new();
        for triple in properties {
            let Choice {
                key,
                shape,
                container,
                scoped,
            } = choose(&active, &self.scopes, &triple.predicate, &triple.object);
            let entry = entries.entry(key).or_insert_with(|| Entry {
                container,
                scoped,
                shapes: Vec::new(),
            });
            entry.shapes.push(shape);
        }
        for (key, entry) in entries {
            let value = self.entry_value(entry, inherited);
            object.insert(key, value);
        }
        object
    }

    /// The JSON of one key's values, embedding the nodes met for the first time.
    fn entry_value(&mut self, entry: Entry, inherited: &Arc<Context>) -> Value {
        if entry.container == Container::Language {
            return language_map(entry.shapes);
        }
        let child_context = match &entry.scoped {
            Some(scoped) => self.scopes.apply(inherited, scoped),
            None => Some(Arc::clone(inherited)),
        };
        let mut values = Vec::new();
        for shape in entry.shapes {
            values.push(match shape {
                Shape::Json(value) => value,
                Shape::Tagged { text, .. } => text.into(),
                Shape::Node { node, reference } => {
                    let node_id = id(&node);
                    match &child_context {
                        Some(context) if self.embeds(&node_id) => {
                            Value::Object(self.node_object(&node_id, context))
                        }
                        _ => reference,
                    }
                }
            });
        }
        match entry.container {
            Container::Single => one_or_many(values),
            _ => Value::Array(values),
        }
    }

    /// Whether `node` is described and not written yet (it is now).
    fn embeds(&mut self, node: &str) -> bool {
        self.subjects.contains_key(node) && self.written.insert(node.to_owned())
    }
}

/// A node's compacted types, sorted, and its active context: the inherited
/// one with the scoped context of each type term applied in that order.
/// A type whose scoped context cannot be applied is written as a key that
/// is not a term (`schema:Organization`), so no processor applies it either.
fn typed_context(
    types: &[&Triple],
    inherited: &Arc<Context>,
    scopes: &Scopes,
) -> (Vec<String>, Arc<Context>) {
    let mut names: Vec<(String, &str)> = types
        .iter()
        .filter_map(|t| match &t.object {
            Term::NamedNode(class) => {
                Some((inherited.compact_vocab(class.as_str()), class.as_str()))
            }
            Term::BlankNode(b) => Some((format!("_:{}", b.as_str()), "")),
            _ => None,
        })
        .collect();
    names.sort();
    names.dedup();
    let mut active = Arc::clone(inherited);
    let mut written = Vec::new();
    for (name, class) in names {
        let scoped = inherited.term(&name).and_then(|d| d.scoped.as_ref());
        match scoped.map(|scoped| scopes.apply(&active, scoped)) {
            Some(Some(context)) => active = context,
            Some(None) => {
                written.push(inherited.compact_key(class));
                continue;
            }
            None => {}
        }
        written.push(name);
    }
    written.sort();
    (written, active)
}

/// The alias of `keyword` when both contexts agree on it, else the keyword.
fn alias_in_both(first: &Context, second: &Context, keyword: &str) -> String {
    let alias = first.keyword_alias(keyword);
    match second.expand_iri(alias, true) {
        Some(k) if k == keyword => alias.to_owned(),
        _ => keyword.to_owned(),
    }
}

fn language_map(shapes: Vec<Shape>) -> Value {
    let mut by_language: BTreeMap<String, Vec<Value>> = BTreeMap::new();
    for shape in shapes {
        if let Shape::Tagged { language, text } = shape {
            by_language.entry(language).or_default().push(text.into());
        }
    }
    Value::Object(
        by_language
            .into_iter()
            .map(|(language, texts)| (language, one_or_many(texts)))
            .collect(),
    )
}

fn one_or_many(mut values: Vec<Value>) -> Value {
    match values.len() {
        1 => values.remove(0),
        _ => Value::Array(values),
    }
}

fn object_id(term: &Term) -> Option<String> {
    match term {
        Term::NamedNode(n) => Some(n.as_str().to_owned()),
        Term::BlankNode(b) => Some(format!("_:{}", b.as_str())),
        _ => None,
    }
}
