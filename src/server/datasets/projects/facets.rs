//! The facets of a selection: how many of the matching projects (all
//! pages) have each theme, région, département, partner and stage, the
//! counts a search page shows beside its filters.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::index::{IndexedProject, ProjectIndex};
use crate::record::{BaseIri, Kind};
use crate::territory::Gazetteer;

/// Values shown per facet at most, the most frequent first.
const SHOWN: usize = 50;

/// The facets of `projects`, by filter name: each value's code (what the
/// filter takes), label, IRI and count.
pub fn facets(base: &BaseIri, index: &ProjectIndex, projects: &[&IndexedProject]) -> Value {
    let mut by_filter: BTreeMap<&str, Vec<(usize, String, String, String)>> = BTreeMap::new();
    let gazetteer = Gazetteer::get();
    let counts = index.count_shown(base, projects);
    for (facet, count) in index.shown_facets(base).iter().zip(counts) {
        let count = count as usize;
        if count == 0 {
            continue;
        }
        let (kind, code) = (facet.kind, &*facet.code);
        let iri = base.id(kind, code);
        let (filter, label) = match kind {
            Kind::Theme => ("theme", label_of(&index.themes, code)),
            Kind::Stage => ("stage", label_of(&index.stages, code)),
            Kind::Partner => ("partner", label_of(&index.partners, code)),
            Kind::Region => ("region", gazetteer.region(code).map(|r| r.name.to_owned())),
            Kind::Departement => (
                "departement",
                gazetteer.departement(code).map(|d| d.name.to_owned()),
            ),
            _ => continue,
        };
        let label = label.unwrap_or_else(|| code.to_owned());
        let entry = (count, code.to_owned(), label, iri.as_str().to_owned());
        by_filter.entry(filter).or_default().push(entry);
    }
    let mut facets = serde_json::Map::new();
    for (filter, mut values) in by_filter {
        values.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.2.cmp(&b.2)));
        values.truncate(SHOWN);
        let values: Vec<Value> = values
            .into_iter()
            .map(|(count, code, label, id)| json!({ "code": code, "label": label, "id": id, "count": count }))
            .collect();
        facets.insert(filter.to_owned(), values.into());
    }
    Value::Object(facets)
}

fn label_of(choices: &[crate::index::Choice], code: &str) -> Option<String> {
    choices
        .iter()
        .find(|c| c.code == code)
        .map(|c| c.label.clone())
}
