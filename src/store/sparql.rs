//! SPARQL text for our own queries, built so that a value from a request
//! can never change a query's shape.
//!
//! The API's filters, a document's IRI, a territory code: values that come
//! from requests end up in the queries the server runs for itself. A
//! [`Sparql`] takes text only as `&'static str` (fragments written in the
//! source code) and values only as RDF terms, written in their N-Triples
//! form after validation: an IRI is parsed again before it is written (a
//! `NamedNode` built with `new_unchecked` from unvalidated text is refused),
//! a literal is escaped by its own serializer. [`Store::query`](super::Store::query)
//! takes nothing else, so "paste a string into a query" does not compile.
//!
//! ```
//! use carrefour::store::Sparql;
//! use oxigraph::model::{Literal, NamedNode};
//!
//! let partner = NamedNode::new("http://localhost:7878/id/partner/avise")?;
//! let mut query = Sparql::new("SELECT ?record WHERE { ?record <http://www.w3.org/ns/prov#wasAttributedTo> ");
//! query.iri(partner.as_ref())?.push(" ; <http://schema.org/name> ");
//! query.literal(Literal::new_simple_literal("a \"quoted\" } name").as_ref()).push(" }");
//! assert!(query.as_str().ends_with(r#"<http://schema.org/name> "a \"quoted\" } name" }"#));
//!
//! let forged = NamedNode::new_unchecked("http://x/> } ?s ?p ?o . { <http://y");
//! assert!(Sparql::new("ASK { ").iri(forged.as_ref()).is_err());
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

use std::fmt::Write;
use std::sync::LazyLock;

use oxigraph::model::vocab::xsd;
use oxigraph::model::{LiteralRef, NamedNodeRef};

use super::StoreError;

/// The prefixes our own queries use, declared at the top of each: the
/// ones the SPARQL endpoint predefines (`rdf::vocab::PREFIXES`).
static PREFIXES: LazyLock<String> = LazyLock::new(|| {
    crate::rdf::vocab::PREFIXES
        .iter()
        .map(|(prefix, namespace)| format!("PREFIX {prefix}: <{namespace}>\n"))
        .collect()
});

/// A query under construction: fixed fragments and validated terms only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sparql(String);

impl Sparql {
    /// Starts a query with `fragment`, after our usual prefixes (`schema:`,
    /// `dct:`, `skos:`, `pair:`, `prov:`, `cis:`, `foaf:`, `geo:`, `geof:`,
    /// `uom:` and the others of `rdf::vocab::PREFIXES`).
    pub fn new(fragment: &'static str) -> Self {
        let mut text = String::with_capacity(PREFIXES.len() + fragment.len() + 256);
        text.push_str(&PREFIXES);
        text.push_str(fragment);
        Sparql(text)
    }

    /// Appends a fragment written in the source code.
    pub fn push(&mut self, fragment: &'static str) -> &mut Self {
        self.0.push_str(fragment);
        self
    }

    /// Appends `<iri>`, once the IRI has been checked to be one.
    pub fn iri(&mut self, iri: NamedNodeRef<'_>) -> Result<&mut Self, StoreError> {
        oxiri::Iri::parse(iri.as_str())
            .map_err(|e| StoreError::Query(format!("{:?} is not an IRI: {e}", iri.as_str())))?;
        // A valid IRI has no `<`, `>`, space, quote, brace or backslash.
        let _ = write!(self.0, "{iri}");
        Ok(self)
    }

    /// Appends a literal in its escaped N-Triples form.
    pub fn literal(&mut self, literal: LiteralRef<'_>) -> &mut Self {
        let _ = write!(self.0, "{literal}");
        self
    }

    /// Appends a finite number as an `xsd:double` literal; anything else is refused.
    pub fn double(&mut self, value: f64) -> Result<&mut Self, StoreError> {
        if !value.is_finite() {
            return Err(StoreError::Query(format!("{value} is not a finite number")));
        }
        let lexical = format!("{value:e}");
        Ok(self.literal(LiteralRef::new_typed_literal(&lexical, xsd::DOUBLE)))
    }

    /// Appends a count (a `LIMIT`, an `OFFSET`): digits only.
    pub fn count(&mut self, value: usize) -> &mut Self {
        let _ = write!(self.0, "{value}");
        self
    }

    /// The query text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::{Literal, NamedNode};

    #[test]
    fn terms_are_written_escaped() {
        let mut query = Sparql::new("SELECT * WHERE { ?s ?p ");
        query
            .literal(Literal::new_language_tagged_literal_unchecked("l'\"x\"\n", "fr").as_ref())
            .push(" }");
        assert!(query.as_str().ends_with(r#"?p "l'\"x\"\n"@fr }"#));
    }

    #[test]
    fn forged_iris_and_numbers_are_refused() {
        for forged in [
            "a b",
            "http://x/>",
            "http://x/ }",
            "http://x/\"",
            "relative",
        ] {
            let node = NamedNode::new_unchecked(forged);
            assert!(Sparql::new("").iri(node.as_ref()).is_err(), "{forged}");
        }
        assert!(Sparql::new("").double(f64::NAN).is_err());
        assert!(Sparql::new("").double(f64::INFINITY).is_err());
        let mut query = Sparql::new("");
        query.double(30_000.5).unwrap();
        assert!(
            query
                .as_str()
                .ends_with("\"3.00005e4\"^^<http://www.w3.org/2001/XMLSchema#double>")
        );
    }

    #[test]
    fn every_query_parses_with_the_prefixes() {
        let mut query = Sparql::new("SELECT ?p WHERE { ?p a schema:Project ; prov:x ");
        query.double(1.0).unwrap().push(" }");
        assert!(
            oxigraph::sparql::SparqlEvaluator::new()
                .parse_query(query.as_str())
                .is_ok()
        );
    }
}
