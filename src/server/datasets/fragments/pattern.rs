//! A triple pattern as Triple Pattern Fragments clients write it: each
//! position a term in the explicit representation of Hydra
//! (<https://www.hydra-cg.com/spec/latest/core/#hydra:ExplicitRepresentation>),
//! or nothing.
//!
//! ```
//! use carrefour::server::datasets::fragments::parse_term;
//! use oxigraph::model::{Literal, NamedNode, Term};
//!
//! let iri = parse_term("subject", "http://schema.org/Project").unwrap();
//! assert_eq!(iri, Some(NamedNode::new("http://schema.org/Project").unwrap().into()));
//! let french = parse_term("object", r#""Lyon"@fr"#).unwrap();
//! assert_eq!(french, Some(Literal::new_language_tagged_literal("Lyon", "fr").unwrap().into()));
//! assert_eq!(parse_term("object", "?o").unwrap(), None);
//! assert!(parse_term("subject", "not an IRI").is_err());
//! ```

use oxigraph::model::{Literal, NamedNode, NamedNodeRef, NamedOrBlankNodeRef, Term, TermRef};

use crate::server::AppError;

/// Each position: a term, or `None` for any term.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pattern {
    pub subject: Option<Term>,
    pub predicate: Option<Term>,
    pub object: Option<Term>,
}

impl Pattern {
    /// A literal can only be an object, a predicate only an IRI.
    pub fn check(&self) -> Result<(), AppError> {
        if let Some(Term::Literal(literal)) = &self.subject {
            return Err(AppError::bad_request(format!(
                "subject={literal}: a literal cannot be a subject; give an IRI, or leave it empty"
            )));
        }
        if let Some(term @ Term::Literal(_)) = &self.predicate {
            return Err(AppError::bad_request(format!(
                "predicate={term}: a predicate is an IRI; give one, or leave it empty"
            )));
        }
        Ok(())
    }

    /// No position given: every triple matches.
    pub fn is_unbound(&self) -> bool {
        self.subject.is_none() && self.predicate.is_none() && self.object.is_none()
    }

    pub fn subject(&self) -> Option<NamedOrBlankNodeRef<'_>> {
        match &self.subject {
            Some(Term::NamedNode(node)) => Some(node.as_ref().into()),
            _ => None,
        }
    }

    pub fn predicate(&self) -> Option<NamedNodeRef<'_>> {
        match &self.predicate {
            Some(Term::NamedNode(node)) => Some(node.as_ref()),
            _ => None,
        }
    }

    pub fn object(&self) -> Option<TermRef<'_>> {
        self.object.as_ref().map(Term::as_ref)
    }
}

/// The term a parameter names, or `None` for any term (empty, a variable
/// `?x`, or a blank node `_:b`, which clients send for "any" too). A 400
/// names the parameter and says what is wrong.
pub fn parse_term(name: &str, value: &str) -> Result<Option<Term>, AppError> {
    let value = value.trim();
    if value.is_empty() || value.starts_with('?') || value.starts_with("_:") {
        return Ok(None);
    }
    let wrong = |why: String| AppError::bad_request(format!("{name}={value}: {why}"));
    if let Some(quoted) = value.strip_prefix('"') {
        // The explicit representation does not escape: the lexical form
        // runs to the last quote.
        let end = quoted
            .rfind('"')
            .ok_or_else(|| wrong("a literal ends with a double quote".into()))?;
        let (lexical, rest) = (&quoted[..end], &quoted[end + 1..]);
        let literal = if let Some(language) = rest.strip_prefix('@') {
            Literal::new_language_tagged_literal(lexical, language)
                .map_err(|e| wrong(format!("the language tag is not valid ({e})")))?
        } else if let Some(datatype) = rest.strip_prefix("^^") {
            let datatype = datatype.trim_start_matches('<').trim_end_matches('>');
            let datatype = NamedNode::new(datatype)
                .map_err(|e| wrong(format!("the datatype is not an absolute IRI ({e})")))?;
            Literal::new_typed_literal(lexical, datatype)
        } else if rest.is_empty() {
            Literal::new_simple_literal(lexical)
        } else {
            return Err(wrong(
                "after a literal's closing quote comes nothing, @language or ^^datatype".into(),
            ));
        };
        return Ok(Some(literal.into()));
    }
    let iri = value.trim_start_matches('<').trim_end_matches('>');
    NamedNode::new(iri)
        .map(|node| Some(node.into()))
        .map_err(|e| {
            wrong(format!(
                "not an absolute IRI ({e}); write an IRI as it is, a literal in double \
                 quotes (\"Lyon\"@fr), or leave it empty for any term"
            ))
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::vocab::xsd;

    #[test]
    fn literals_in_the_explicit_representation() {
        let typed = parse_term("object", "\"3\"^^http://www.w3.org/2001/XMLSchema#integer");
        assert_eq!(
            typed.unwrap(),
            Some(Literal::new_typed_literal("3", xsd::INTEGER).into())
        );
        let quoted = parse_term("object", "\"say \"hi\"\"").unwrap();
        assert_eq!(
            quoted,
            Some(Literal::new_simple_literal("say \"hi\"").into())
        );
        assert!(parse_term("object", "\"open").is_err());
        assert!(parse_term("object", "\"a\"xyz").is_err());
        assert_eq!(parse_term("subject", "_:b0").unwrap(), None);
    }

    #[test]
    fn literals_only_as_objects() {
        let pattern = Pattern {
            subject: Some(Literal::from("x").into()),
            ..Pattern::default()
        };
        assert_eq!(pattern.check().unwrap_err().status(), 400);
    }
}
