//! The theme codes a record may name: the concepts of
//! `ontology/themes.ttl`, compiled in.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{Term, vocab::rdf};

const THEMES: &str = include_str!("../../ontology/themes.ttl");

/// Every theme code (`alimentation`, `lien-social`…), sorted.
///
/// ```
/// let codes = carrefour::record::theme_codes();
/// assert!(codes.contains("alimentation"));
/// assert!(!codes.contains("scheme"), "the scheme is no theme");
/// ```
pub fn theme_codes() -> &'static BTreeSet<String> {
    static CODES: LazyLock<BTreeSet<String>> = LazyLock::new(|| {
        // The file's IRIs are relative (`id/theme/…`): any base will do.
        let base = "http://codes.invalid/";
        let concept = Term::from(oxigraph::model::NamedNode::new_unchecked(
            "http://www.w3.org/2004/02/skos/core#Concept",
        ));
        RdfParser::from_format(RdfFormat::Turtle)
            .with_base_iri(base)
            .expect("a valid base")
            .for_slice(THEMES.as_bytes())
            .filter_map(Result::ok)
            .filter(|quad| quad.predicate == rdf::TYPE && quad.object == concept)
            .filter_map(|quad| {
                let iri = quad.subject.to_string();
                let code = iri.trim_matches(['<', '>']).strip_prefix(base)?;
                Some(code.strip_prefix("id/theme/")?.to_owned())
            })
            .collect()
    });
    &CODES
}
