//! Structured data embedded in pages: schema.org JSON-LD and microdata. Read
//! first when a mapping asks for it; CSS rules are the fallback.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::text::element_text;

/// The schema.org objects of a page's `<script type="application/ld+json">`
/// blocks, flattened (`@graph`, arrays), Projects first. Invalid blocks are
/// skipped: a broken block must not hide the CSS fallback.
pub fn jsonld_objects(page: &Html) -> Vec<Value> {
    let selector =
        Selector::parse(r#"script[type="application/ld+json"]"#).expect("valid selector");
    let mut objects = Vec::new();
    for script in page.select(&selector) {
        let text: String = script.text().collect();
        if let Ok(value) = serde_json::from_str::<Value>(text.trim()) {
            flatten(value, &mut objects);
        }
    }
    objects.sort_by_key(|object| !has_type(object, "Project"));
    objects
}

fn flatten(value: Value, out: &mut Vec<Value>) {
    match value {
        Value::Array(items) => items.into_iter().for_each(|item| flatten(item, out)),
        Value::Object(mut object) => match object.remove("@graph") {
            Some(graph) => flatten(graph, out),
            None => out.push(Value::Object(object)),
        },
        _ => {}
    }
}

fn has_type(object: &Value, wanted: &str) -> bool {
    let matches = |t: &Value| {
        t.as_str()
            .is_some_and(|t| t.rsplit(['/', ':', '#']).next() == Some(wanted))
    };
    match object.get("@type") {
        Some(Value::Array(types)) => types.iter().any(matches),
        Some(t) => matches(t),
        None => false,
    }
}

/// The values at `path` (`parentOrganization.name`) in the first object
/// that has any. Strings, numbers and `{"@value": …}` are values; an object
/// at the end of the path gives its `name` (or `@id`, `url`).
pub fn jsonld_values(objects: &[Value], path: &str) -> Vec<String> {
    for object in objects {
        let mut current = vec![object];
        for key in path.split('.') {
            current = current
                .into_iter()
                .flat_map(|v| match v.get(key) {
                    Some(Value::Array(items)) => items.iter().collect::<Vec<_>>(),
                    Some(value) => vec![value],
                    None => Vec::new(),
                })
                .collect();
        }
        let values: Vec<String> = current.into_iter().filter_map(scalar).collect();
        if !values.is_empty() {
            return values;
        }
    }
    Vec::new()
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(o) => ["@value", "name", "@id", "url"]
            .iter()
            .find_map(|k| o.get(*k))
            .and_then(scalar),
        _ => None,
    }
}

/// The values at `path` (`address.addressLocality`) in the page's first
/// top-level microdata item (a Project if there is one).
pub fn microdata_values(page: &Html, path: &str) -> Vec<String> {
    let scopes = Selector::parse("[itemscope]").expect("valid selector");
    let top: Vec<ElementRef<'_>> = page
        .select(&scopes)
        .filter(|el| el.value().attr("itemprop").is_none())
        .collect();
    let item = top
        .iter()
        .find(|el| {
            el.value()
                .attr("itemtype")
                .is_some_and(|t| t.ends_with("/Project"))
        })
        .or(top.first());
    let Some(item) = item else {
        return Vec::new();
    };
    let mut current = vec![*item];
    let keys: Vec<&str> = path.split('.').collect();
    for (depth, key) in keys.iter().enumerate() {
        current = current
            .into_iter()
            .flat_map(|scope| properties(scope, key))
            .collect();
        if depth + 1 < keys.len() {
            current.retain(|el| el.value().attr("itemscope").is_some());
        }
    }
    current
        .into_iter()
        .map(property_value)
        .filter(|v| !v.is_empty())
        .collect()
}

/// The elements carrying `itemprop=name` that belong to `scope` itself, not
/// to an item nested in it.
fn properties<'a>(scope: ElementRef<'a>, name: &str) -> Vec<ElementRef<'a>> {
    let mut found = Vec::new();
    let mut stack: Vec<ElementRef<'a>> = scope.children().filter_map(ElementRef::wrap).collect();
    stack.reverse();
    while let Some(element) = stack.pop() {
        let props = element.value().attr("itemprop").unwrap_or_default();
        if props.split_whitespace().any(|p| p == name) {
            found.push(element);
        }
        if element.value().attr("itemscope").is_none() {
            let mut children: Vec<ElementRef<'a>> =
                element.children().filter_map(ElementRef::wrap).collect();
            children.reverse();
            stack.extend(children);
        }
    }
    found
}

fn property_value(element: ElementRef<'_>) -> String {
    let el = element.value();
    let attr = match el.name() {
        "meta" => el.attr("content"),
        "a" | "link" | "area" => el.attr("href"),
        "img" | "audio" | "video" | "source" | "iframe" | "embed" => el.attr("src"),
        "time" => el.attr("datetime"),
        "data" | "meter" => el.attr("value"),
        _ => el.attr("content"),
    };
    match attr {
        Some(value) => super::text::clean(value, false),
        None => element_text(element, false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jsonld_paths_reach_nested_values() {
        let page = Html::parse_document(
            r#"<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
                {"@type":"BreadcrumbList","name":"Fil"},
                {"@type":"Project","name":"Jardins","parentOrganization":{"@type":"Organization","name":"Asso"},
                 "keywords":"a, b","location":{"geo":{"latitude":45.7}}}]}</script>
               <script type="application/ld+json">{ broken</script>"#,
        );
        let objects = jsonld_objects(&page);
        assert_eq!(jsonld_values(&objects, "name"), ["Jardins"]);
        assert_eq!(jsonld_values(&objects, "parentOrganization.name"), ["Asso"]);
        assert_eq!(jsonld_values(&objects, "parentOrganization"), ["Asso"]);
        assert_eq!(jsonld_values(&objects, "location.geo.latitude"), ["45.7"]);
        assert!(jsonld_values(&objects, "missing").is_empty());
    }

    #[test]
    fn microdata_paths_stay_in_their_scope() {
        let page = Html::parse_document(
            r#"<div itemscope itemtype="https://schema.org/Project">
                 <h1 itemprop="name"> Ressourcerie </h1>
                 <div itemprop="location" itemscope itemtype="https://schema.org/Place">
                   <span itemprop="name">Lieu</span>
                   <meta itemprop="latitude" content="48.1">
                 </div>
               </div>"#,
        );
        assert_eq!(microdata_values(&page, "name"), ["Ressourcerie"]);
        assert_eq!(microdata_values(&page, "location.name"), ["Lieu"]);
        assert_eq!(microdata_values(&page, "location.latitude"), ["48.1"]);
    }
}
