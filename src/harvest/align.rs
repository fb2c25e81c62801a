//! Aligning partner tags and stage labels to our SKOS schemes: by the
//! concepts' labels (accent- and case-insensitive), then by the partner's
//! own tables. Unknown tags stay keywords, never guessed into a theme.

use std::collections::HashMap;

use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;

use super::text::fold;
use crate::mapping::Alignment;
use crate::record::{Stage, is_valid_key};
use crate::store::{STAGES, THEMES};

const SKOS: &str = "http://www.w3.org/2004/02/skos/core#";
/// Any base will do: only the keys at the end of the IRIs are kept.
const BASE: &str = "http://carrefour.invalid/";

/// Folded labels of the theme and stage concepts, to their codes.
#[derive(Debug, Clone)]
pub struct Aligner {
    themes: HashMap<String, String>,
    stages: HashMap<String, Stage>,
}

impl Aligner {
    /// Reads the labels of the theme and stage schemes compiled into the binary.
    pub fn new() -> Aligner {
        let themes = labels(THEMES.turtle, "id/theme/");
        let stages = labels(STAGES.turtle, "id/stage/")
            .into_iter()
            .filter_map(|(label, code)| {
                Some((label, Stage::ALL.into_iter().find(|s| s.code() == code)?))
            })
            .collect();
        Aligner { themes, stages }
    }

    /// Theme codes for the partner's tags, partner table first, no duplicates.
    pub fn themes(&self, tags: &[String], table: &Alignment) -> Vec<String> {
        let partner: HashMap<String, &String> =
            table.themes.iter().map(|(k, v)| (fold(k), v)).collect();
        let mut codes: Vec<String> = Vec::new();
        for tag in tags {
            let key = fold(tag);
            let code = partner
                .get(&key)
                .map(|c| (*c).clone())
                .or_else(|| self.themes.get(&key).cloned());
            if let Some(code) = code {
                if !codes.contains(&code) && self.is_theme(&code) {
                    codes.push(code);
                }
            }
        }
        codes
    }

    /// The theme a concept's label names (`Santé` → `sante`), any case or
    /// accents.
    pub fn theme_by_label(&self, label: &str) -> Option<&str> {
        self.themes.get(&fold(label)).map(String::as_str)
    }

    /// The shared aligner (its schemes are compiled in: read once).
    pub fn shared() -> &'static Aligner {
        static SHARED: std::sync::LazyLock<Aligner> = std::sync::LazyLock::new(Aligner::new);
        &SHARED
    }

    /// Whether `tag` gives a theme (by a concept's label, or the
    /// partner's table), without building the table's index as
    /// [`Aligner::themes`] does: the report asks it of every tag.
    pub fn aligns(&self, tag: &str, table: &Alignment) -> bool {
        let key = fold(tag);
        self.themes.contains_key(&key) || table.themes.keys().any(|k| fold(k) == key)
    }

    /// The stage a partner's label names, partner table first.
    pub fn stage(&self, label: &str, table: &Alignment) -> Option<Stage> {
        let key = fold(label);
        table
            .stages
            .iter()
            .find(|(k, _)| fold(k) == key)
            .map(|(_, stage)| *stage)
            .or_else(|| self.stages.get(&key).copied())
    }

    /// Whether `code` is a concept of the theme scheme.
    pub fn is_theme(&self, code: &str) -> bool {
        crate::record::theme_codes().contains(code)
    }
}

impl Default for Aligner {
    fn default() -> Self {
        Aligner::new()
    }
}

/// prefLabel / altLabel / notation of every concept under `{BASE}{prefix}`.
fn labels(turtle: &str, prefix: &str) -> HashMap<String, String> {
    let namespace = format!("{BASE}{prefix}");
    let mut out = HashMap::new();
    let parser = RdfParser::from_format(RdfFormat::Turtle)
        .with_base_iri(BASE)
        .expect("valid base");
    for quad in parser.for_slice(turtle.as_bytes()).flatten() {
        let predicate = quad.predicate.as_str();
        let is_label = ["prefLabel", "altLabel", "notation"]
            .iter()
            .any(|l| predicate == format!("{SKOS}{l}"));
        let (Some(code), Term::Literal(label)) = (
            quad.subject
                .to_string()
                .trim_matches(['<', '>'])
                .strip_prefix(&namespace)
                .map(str::to_owned),
            &quad.object,
        ) else {
            continue;
        };
        if is_label && is_valid_key(&code) && code != "scheme" {
            out.insert(fold(label.value()), code);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_align_by_label_without_accents_or_case() {
        let aligner = Aligner::new();
        let none = Alignment::default();
        let themes = aligner.themes(&["ÉCONOMIE CIRCULAIRE".into(), "tag inconnu".into()], &none);
        assert_eq!(themes, ["economie-circulaire"]);
        let mut table = Alignment::default();
        table
            .themes
            .insert("Potagers".into(), "alimentation".into());
        assert_eq!(
            aligner.themes(&["potagers".into()], &table),
            ["alimentation"]
        );
    }

    #[test]
    fn stage_labels_align() {
        let aligner = Aligner::new();
        assert_eq!(
            aligner.stage("Changement d'échelle", &Alignment::default()),
            Some(Stage::ChangementEchelle)
        );
        assert_eq!(
            aligner.stage("Lancement", &Alignment::default()),
            Some(Stage::Lancement)
        );
        assert_eq!(aligner.stage("n'importe quoi", &Alignment::default()), None);
    }
}
