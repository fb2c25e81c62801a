//! Applying a mapping's field rules to a page: which source matched (the
//! JSON-LD or microdata path, the CSS selector, the XPath, the label and
//! its form), the value, and why a value was dropped — the trace `mapping
//! explain` prints.

use std::cell::OnceCell;
use std::collections::BTreeMap;

use scraper::{ElementRef, Html};
use serde::Serialize;
use url::Url;

use super::label::find_label;
use super::structured::{jsonld_objects, jsonld_values, microdata_values};
use super::text::{element_text, own_text};
use super::transform::apply;
use super::xpath::{XPathDocument, XPathItem, element};
use crate::mapping::{Extract, FieldRule, Target};

/// The values found for each field, with how they were found.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Extraction {
    pub values: BTreeMap<Target, Vec<String>>,
    pub trace: Vec<FieldTrace>,
    /// What a linked-data source says beyond the fields: the record's own
    /// licence, theme codes, the hub it was relayed by.
    #[serde(skip)]
    pub declared: Option<Box<super::linked::Declared>>,
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

    /// The values alone: a harvest keeps every page's values until the
    /// run's end, and the trace (for `mapping explain`) holds them again.
    pub fn without_trace(self) -> Extraction {
        Extraction {
            values: self.values,
            trace: Vec::new(),
            declared: self.declared,
        }
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
    /// The page as XPath sees it, built by the first XPath rule.
    xpath: OnceCell<XPathDocument>,
}

impl<'a> HtmlPage<'a> {
    pub fn new(html: &'a Html, url: &'a Url) -> Self {
        HtmlPage {
            html,
            url,
            jsonld: jsonld_objects(html),
            xpath: OnceCell::new(),
        }
    }

    /// The page's XPath view, copied from its tree the first time it is
    /// needed (mappings without XPath never pay for it).
    pub(super) fn xpath(&self) -> &XPathDocument {
        self.xpath.get_or_init(|| XPathDocument::new(self.html))
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
        let (matched, raw, failures) = first_match(page, scope, rule);
        out.record(rule, matched, raw);
        if let (Some(trace), false) = (out.trace.last_mut(), failures.is_empty()) {
            let dropped = trace.dropped.get_or_insert_with(String::new);
            for failure in failures {
                if !dropped.is_empty() {
                    dropped.push_str("; ");
                }
                dropped.push_str(&failure);
            }
        }
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

/// The first source of `rule` giving a value, in the order of preference;
/// also the XPath failures met on the way, for the trace.
fn first_match(
    page: &HtmlPage<'_>,
    scope: Option<ElementRef<'_>>,
    rule: &FieldRule,
) -> (Option<String>, Vec<String>, Vec<String>) {
    let mut failures = Vec::new();
    let found = by_jsonld(page, scope, rule)
        .or_else(|| by_microdata(page, scope, rule))
        .or_else(|| by_selector(page, scope, rule))
        .or_else(|| by_xpath(page, scope, rule, &mut failures))
        .or_else(|| by_label(page, scope, rule));
    let (matched, values) =
        found.map_or_else(|| constant(rule), |(source, values)| (Some(source), values));
    (matched, values, failures)
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
        non_empty(format!("select {:?}", css.source), keep(rule, values))
    })
}

/// Every value for a list field or `all = true`, else the first non-empty.
fn keep(rule: &FieldRule, values: Vec<String>) -> Vec<String> {
    if rule.target.is_list() || rule.all {
        values
    } else {
        values
            .into_iter()
            .filter(|v| !v.trim().is_empty())
            .take(1)
            .collect()
    }
}

fn extract(element: ElementRef<'_>, how: &Extract, base: &Url) -> Option<String> {
    match how {
        Extract::Text => Some(element_text(element, false)),
        Extract::OwnText => Some(own_text(element)),
        Extract::HtmlText => Some(element_text(element, true)),
        Extract::Attribute(name) => Some(attribute_value(name, element.value().attr(name)?, base)),
    }
}

/// An attribute's value, resolved against the page URL for `href` and `src`.
fn attribute_value(name: &str, value: &str, base: &Url) -> String {
    let value = value.trim();
    if matches!(name, "href" | "src") {
        base.join(value)
            .map(|u| u.to_string())
            .unwrap_or_else(|_| value.to_owned())
    } else {
        value.to_owned()
    }
}

/// Label-anchored values, in any of the forms of [`super::label`]; the
/// trace names the label and the form that matched.
fn by_label(page: &HtmlPage<'_>, scope: Option<ElementRef<'_>>, rule: &FieldRule) -> Found {
    if rule.label.is_empty() {
        return None;
    }
    let root = rule_root(page, scope, rule)?;
    let lines = rule.target.is_list() || rule.all;
    let found = find_label(root, &rule.label, lines)?;
    Some((
        format!("label {:?} ({})", found.label, found.form.as_str()),
        found.values,
    ))
}

/// Where labels are looked for and what XPaths are relative to: the
/// `within` element, else the listing item, else the whole page. `None`
/// when `within` matches nothing.
fn rule_root<'a>(
    page: &HtmlPage<'a>,
    scope: Option<ElementRef<'a>>,
    rule: &FieldRule,
) -> Option<ElementRef<'a>> {
    match (&rule.within, scope) {
        (Some(css), _) => page.html.select(&css.selector).next(),
        (None, Some(scope)) => Some(scope),
        (None, None) => Some(page.html.root_element()),
    }
}

/// XPaths, tried in order; an expression that fails on this page is noted
/// in `failures` (the trace says why) and the next one is tried.
fn by_xpath(
    page: &HtmlPage<'_>,
    scope: Option<ElementRef<'_>>,
    rule: &FieldRule,
    failures: &mut Vec<String>,
) -> Found {
    if rule.xpath.is_empty() {
        return None;
    }
    // Without `within` or a listing item, the context is the document node,
    // so `h1` and `//h1` both work on a detail page.
    let context = match (&rule.within, scope) {
        (Some(css), _) => Some(page.html.select(&css.selector).next()?.id()),
        (None, Some(scope)) => Some(scope.id()),
        (None, None) => None,
    };
    rule.xpath.iter().find_map(|xpath| {
        let items = match page.xpath().evaluate(xpath, context) {
            Ok(items) => items,
            Err(reason) => {
                failures.push(reason);
                return None;
            }
        };
        let values: Vec<String> = items
            .iter()
            .filter_map(|item| xpath_value(page, item, &rule.extract))
            .collect();
        non_empty(format!("xpath {:?}", xpath.source), keep(rule, values))
    })
}

/// The value of one XPath result: an element through `extract` like a CSS
/// match, an attribute's value (`href`/`src` resolved), a text, a string.
fn xpath_value(page: &HtmlPage<'_>, item: &XPathItem, how: &Extract) -> Option<String> {
    match item {
        XPathItem::Element(_) => extract(element(page.html, item)?, how, page.url),
        XPathItem::Attribute { name, value } => Some(attribute_value(name, value, page.url)),
        XPathItem::Text(text) | XPathItem::Value(text) => Some(text.clone()),
    }
}
