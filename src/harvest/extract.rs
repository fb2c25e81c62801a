//! Applying a mapping's field rules to a page: which source matched, the
//! value, and why a value was dropped — the trace `mapping explain` prints.

use std::collections::BTreeMap;

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use url::Url;

use super::structured::{jsonld_objects, jsonld_values, microdata_values};
use super::text::{element_text, fold, own_text};
use super::transform::apply;
use crate::mapping::{Extract, FieldRule, Target};

/// The values found for each field, with how they were found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    pub values: BTreeMap<Target, Vec<String>>,
    pub trace: Vec<FieldTrace>,
}

/// What one rule did on one page.
#[derive(Debug, Clone, Serialize)]
pub struct FieldTrace {
    pub target: Target,
    /// The source that gave the value (`select "h1.titre"`), if any did.
    pub matched: Option<String>,
    pub values: Vec<String>,
    /// Why nothing (or less) was kept.
    pub dropped: Option<String>,
}

impl Extraction {
    /// The first value of `target`.
    pub fn first(&self, target: Target) -> Option<&str> {
        self.values
            .get(&target)
            .and_then(|v| v.first())
            .map(String::as_str)
    }

    /// Adds `other`'s values for fields this extraction does not have
    /// (listing values are a fallback for detail values).
    pub fn fill_from(&mut self, other: &Extraction) {
        for (target, values) in &other.values {
            self.values.entry(*target).or_insert_with(|| values.clone());
        }
    }

    fn record(&mut self, rule: &FieldRule, matched: Option<String>, raw: Vec<String>) {
        let values = apply(&rule.transforms, raw.clone());
        let dropped = match (&matched, values.is_empty()) {
            (None, _) if rule.required => Some("required, and no source matched".to_owned()),
            (None, _) => Some("no source matched".to_owned()),
            (Some(_), true) => Some(format!("the transforms left nothing of {raw:?}")),
            _ => None,
        };
        if !values.is_empty() {
            let entry = self.values.entry(rule.target).or_default();
            if rule.target.is_list() {
                entry.extend(values.iter().cloned());
            } else if entry.is_empty() {
                entry.extend(values.iter().take(1).cloned());
            }
        }
        self.trace.push(FieldTrace {
            target: rule.target,
            matched,
            values,
            dropped,
        });
    }
}

/// An HTML page being read.
pub struct HtmlPage<'a> {
    pub html: &'a Html,
    pub url: &'a Url,
    jsonld: Vec<serde_json::Value>,
}

impl<'a> HtmlPage<'a> {
    pub fn new(html: &'a Html, url: &'a Url) -> Self {
        HtmlPage {
            html,
            url,
            jsonld: jsonld_objects(html),
        }
    }
}

/// Applies `rules` to an HTML page, or to one element of it (a listing item).
pub fn extract_html(
    page: &HtmlPage<'_>,
    scope: Option<ElementRef<'_>>,
    rules: &[FieldRule],
) -> Extraction {
    let mut out = Extraction::default();
    for rule in rules {
        let (matched, raw) = first_match(page, scope, rule);
        out.record(rule, matched, raw);
    }
    out
}

/// Applies `rules` to one JSON item (an API partner's project).
pub fn extract_json(item: &serde_json::Value, rules: &[FieldRule]) -> Extraction {
    let mut out = Extraction::default();
    for rule in rules {
        let found = rule.json.iter().find_map(|path| {
            let values: Vec<String> = path
                .select(item)
                .into_iter()
                .flat_map(json_strings)
                .collect();
            (!values.is_empty()).then(|| (format!("json {:?}", path.source), values))
        });
        let (matched, raw) = match found {
            Some((source, values)) => (Some(source), values),
            None => constant(rule),
        };
        out.record(rule, matched, raw);
    }
    out
}

fn json_strings(value: &serde_json::Value) -> Vec<String> {
    use serde_json::Value;
    match value {
        Value::String(s) => vec![super::text::clean(&html_to_text(s), false)],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(items) => items.iter().flat_map(json_strings).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect()
}

/// API values sometimes carry HTML (`<br>`, entities): keep its text only.
fn html_to_text(value: &str) -> String {
    if !value.contains(['<', '&']) {
        return value.to_owned();
    }
    let fragment = Html::parse_fragment(value);
    element_text(fragment.root_element(), false)
}

fn first_match(
    page: &HtmlPage<'_>,
    scope: Option<ElementRef<'_>>,
    rule: &FieldRule,
) -> (Option<String>, Vec<String>) {
    let sources = [
        by_jsonld(page, scope, rule),
        by_microdata(page, scope, rule),
        by_selector(page, scope, rule),
        by_label(page, scope, rule),
    ];
    sources
        .into_iter()
        .flatten()
        .next()
        .map_or_else(|| constant(rule), |(source, values)| (Some(source), values))
}

fn constant(rule: &FieldRule) -> (Option<String>, Vec<String>) {
    match &rule.constant {
        Some(value) => (Some("constant".to_owned()), vec![value.clone()]),
        None => (None, Vec::new()),
    }
}

type Found = Option<(String, Vec<String>)>;

fn non_empty(source: String, values: Vec<String>) -> Found {
    let values: Vec<String> = values
        .into_iter()
        .map(|v| super::text::clean(&v, false))
        .filter(|v| !v.is_empty())
        .collect();
    (!values.is_empty()).then_some((source, values))
}

fn by_jsonld(page: &HtmlPage<'_>, scope: Option<ElementRef<'_>>, rule: &FieldRule) -> Found {
    if scope.is_some() {
        return None; // structured data describes the page, not a listing item
    }
    rule.jsonld.iter().find_map(|path| {
        non_empty(
            format!("jsonld {path:?}"),
            jsonld_values(&page.jsonld, path),
        )
    })
}

fn by_microdata(page: &HtmlPage<'_>, scope: Option<ElementRef<'_>>, rule: &FieldRule) -> Found {
    if scope.is_some() {
        return None;
    }
    rule.microdata.iter().find_map(|path| {
        non_empty(
            format!("microdata {path:?}"),
            microdata_values(page.html, path),
        )
    })
}

fn by_selector(page: &HtmlPage<'_>, scope: Option<ElementRef<'_>>, rule: &FieldRule) -> Found {
    rule.select.iter().find_map(|css| {
        let elements: Vec<ElementRef<'_>> = match scope {
            Some(scope) => scope.select(&css.selector).collect(),
            None => page.html.select(&css.selector).collect(),
        };
        let values: Vec<String> = elements
            .into_iter()
            .filter_map(|el| extract(el, &rule.extract, page.url))
            .collect();
        let values = if rule.target.is_list() || rule.all {
            values
        } else {
            values
                .into_iter()
                .filter(|v| !v.trim().is_empty())
                .take(1)
                .collect()
        };
        non_empty(format!("select {:?}", css.source), values)
    })
}

fn extract(element: ElementRef<'_>, how: &Extract, base: &Url) -> Option<String> {
    match how {
        Extract::Text => Some(element_text(element, false)),
        Extract::OwnText => Some(own_text(element)),
        Extract::HtmlText => Some(element_text(element, true)),
        Extract::Attribute(name) => {
            let value = element.value().attr(name)?.trim();
            if matches!(name.as_str(), "href" | "src") {
                Some(
                    base.join(value)
                        .map(|u| u.to_string())
                        .unwrap_or_else(|_| value.to_owned()),
                )
            } else {
                Some(value.to_owned())
            }
        }
    }
}

/// Label-anchored values: "Porteur : Association X" in a paragraph, list
/// item, table row or div, or `<dt>Porteur</dt><dd>Association X</dd>`.
fn by_label(page: &HtmlPage<'_>, scope: Option<ElementRef<'_>>, rule: &FieldRule) -> Found {
    if rule.label.is_empty() {
        return None;
    }
    let root = match (&rule.within, scope) {
        (Some(css), _) => page.html.select(&css.selector).next()?,
        (None, Some(scope)) => scope,
        (None, None) => page.html.root_element(),
    };
    let candidates = Selector::parse("p, li, tr, dt, div, span, td").expect("valid selector");
    for label in &rule.label {
        let wanted = fold(label);
        for element in root.select(&candidates) {
            // The innermost element holding the label, not a wrapper that
            // also holds the labels after it.
            let inner = element
                .select(&candidates)
                .skip(1)
                .any(|d| labelled_value(d, &wanted).is_some());
            if inner {
                continue;
            }
            if let Some(value) = labelled_value(element, &wanted) {
                if let Some(found) = non_empty(format!("label {label:?}"), vec![value]) {
                    return Some(found);
                }
            }
        }
    }
    None
}

fn labelled_value(element: ElementRef<'_>, wanted: &str) -> Option<String> {
    let text = element_text(element, false);
    if element.value().name() == "dt" {
        if fold(text.trim_end_matches(':')) != wanted {
            return None;
        }
        let dd = element
            .next_siblings()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "dd")?;
        return Some(element_text(dd, false));
    }
    let (head, rest) = text.split_once(':')?;
    (fold(head) == wanted).then(|| rest.trim().to_owned())
}
