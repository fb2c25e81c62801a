//! Term selection: the key a value goes under in a node object, and the
//! JSON shape that makes it expand back to the same RDF term.
//!
//! The first term (shortest name first) whose coercion turns a bare string
//! into exactly this value wins (`name` for `"…"@fr`, `latitude` for an
//! `xsd:double`, `themes` for an IRI). Otherwise a term with no coercion
//! takes it in expanded form; otherwise a key that is not a term (`schema:name`,
//! `alternateName`) with the expanded form (`{"@value": …, "@language": …}`,
//! `{"id": …}`), so the RDF never changes.

use std::sync::Arc;

use oxigraph::model::vocab::xsd;
use oxigraph::model::{Literal, NamedNode, NamedOrBlankNode, Term};
use serde_json::{Map, Value, json};

use super::context::{Coercion, Container, Context, Scopes, TermDefinition};

/// A value as it will be written.
#[derive(Debug, Clone)]
pub enum Shape {
    /// Final JSON: a bare string or a value object.
    Json(Value),
    /// An entry of a language map.
    Tagged { language: String, text: String },
    /// A node: embedded as an object if it is described, else `reference`.
    Node {
        node: NamedOrBlankNode,
        reference: Value,
    },
}

/// Where a value goes: its key and shape, the key's container, and the
/// key's scoped context (it applies to an embedded node).
#[derive(Debug, Clone)]
pub struct Choice {
    pub key: String,
    pub shape: Shape,
    pub container: Container,
    pub scoped: Option<Arc<Map<String, Value>>>,
}

/// Chooses the key and shape of `object` under `predicate` in `context`.
pub fn choose(
    context: &Arc<Context>,
    scopes: &Scopes,
    predicate: &NamedNode,
    object: &Term,
) -> Choice {
    let mut plain = None;
    for name in context.terms_for(predicate.as_str()) {
        let Some((definition, value_context)) = effective(context, scopes, name, predicate) else {
            continue;
        };
        if let Some(shape) = coerced(&definition, &value_context, object) {
            return choice(name, shape, &definition);
        }
        if plain.is_none() && definition.is_plain() {
            let shape = expanded(&value_context, object);
            plain = Some(choice(name, shape, &definition));
        }
    }
    plain.unwrap_or_else(|| Choice {
        key: context.compact_key(predicate.as_str()),
        shape: expanded(context, object),
        container: Container::Single,
        scoped: None,
    })
}

fn choice(name: &str, shape: Shape, definition: &TermDefinition) -> Choice {
    Choice {
        key: name.to_owned(),
        shape,
        container: definition.container,
        scoped: definition.scoped.clone(),
    }
}

/// The definition of `name` as its values see it, and the context they are
/// expanded in: with the term's own scoped context applied (JSON-LD 1.1
/// expands a property's values in its property-scoped context).
fn effective(
    context: &Arc<Context>,
    scopes: &Scopes,
    name: &str,
    predicate: &NamedNode,
) -> Option<(TermDefinition, Arc<Context>)> {
    let definition = context.term(name)?;
    let value_context = match &definition.scoped {
        Some(scoped) => scopes.apply(context, scoped)?,
        None => Arc::clone(context),
    };
    let definition = value_context.term(name)?.clone();
    let same = definition.usable && definition.iri.as_deref() == Some(predicate.as_str());
    same.then_some((definition, value_context))
}

/// The shape of `object` as a bare string (or language-map entry) under a
/// term whose coercion gives back exactly `object`.
fn coerced(definition: &TermDefinition, context: &Context, object: &Term) -> Option<Shape> {
    if definition.container == Container::Language {
        let literal = literal(object)?;
        let language = literal.language()?;
        return (definition.coercion == Coercion::None).then(|| Shape::Tagged {
            language: language.to_owned(),
            text: literal.value().to_owned(),
        });
    }
    match (&definition.coercion, object) {
        (Coercion::Id, Term::NamedNode(_) | Term::BlankNode(_)) => {
            let node = node(object)?;
            let reference = Value::String(id(&node));
            Some(Shape::Node { node, reference })
        }
        (Coercion::Vocab, Term::NamedNode(iri)) => Some(Shape::Node {
            node: iri.clone().into(),
            reference: Value::String(context.compact_vocab(iri.as_str())),
        }),
        (Coercion::Datatype(datatype), Term::Literal(literal)) => {
            let same = literal.language().is_none() && literal.datatype().as_str() == datatype;
            same.then(|| text(literal))
        }
        (Coercion::None, Term::Literal(literal)) => {
            let language = match &definition.language {
                Some(language) => language.as_deref(),
                None => context.language(),
            };
            plain_string(literal, language).then(|| text(literal))
        }
        _ => None,
    }
}

/// The shape of `object` where no coercion applies: a bare string only for
/// a string literal the default language would not tag.
fn expanded(context: &Context, object: &Term) -> Shape {
    if let Some(node) = node(object) {
        let key = context.keyword_alias("@id");
        let reference = json!({ key: id(&node) });
        return Shape::Node { node, reference };
    }
    let Some(literal) = literal(object) else {
        // RDF 1.2 triple terms have no JSON-LD 1.1 form; the `rdf-12`
        // feature that creates them is off.
        return Shape::Json(Value::Null);
    };
    if plain_string(literal, context.language()) {
        return text(literal);
    }
    Shape::Json(match literal.language() {
        Some(language) => json!({ "@value": literal.value(), "@language": language }),
        None if literal.datatype() == xsd::STRING => json!({ "@value": literal.value() }),
        None => json!({
            "@value": literal.value(),
            "@type": context.compact_vocab(literal.datatype().as_str()),
        }),
    })
}

/// Whether a bare string under a key with `language` expands to `literal`.
fn plain_string(literal: &Literal, language: Option<&str>) -> bool {
    match (literal.language(), language) {
        (Some(tag), Some(language)) => tag.eq_ignore_ascii_case(language),
        (None, None) => literal.datatype() == xsd::STRING,
        _ => false,
    }
}

fn text(literal: &Literal) -> Shape {
    Shape::Json(Value::String(literal.value().to_owned()))
}

fn literal(term: &Term) -> Option<&Literal> {
    match term {
        Term::Literal(literal) => Some(literal),
        _ => None,
    }
}

fn node(term: &Term) -> Option<NamedOrBlankNode> {
    match term {
        Term::NamedNode(n) => Some(n.clone().into()),
        Term::BlankNode(b) => Some(b.clone().into()),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}

/// A node's identifier as written: its absolute IRI, or `_:label`.
pub fn id(node: &NamedOrBlankNode) -> String {
    match node {
        NamedOrBlankNode::NamedNode(n) => n.as_str().to_owned(),
        NamedOrBlankNode::BlankNode(b) => format!("_:{}", b.as_str()),
    }
}
