//! Checks a mapping cannot express in its syntax: sections that go together,
//! fields a record cannot do without, values in range.

use super::{Format, Listing, Mapping, Target};
use crate::record::is_valid_key;

/// A broken rule: the dotted field and the reason.
type Problem = (String, String);

/// The fields every record needs; each must have a rule somewhere.
const REQUIRED: [Target; 3] = [Target::Name, Target::Description, Target::OrganisationName];

pub(super) fn check(mapping: &Mapping) -> Result<(), Problem> {
    check_discovery(mapping)?;
    check_listing(mapping)?;
    check_fields(mapping)?;
    check_limits(mapping)
}

fn problem(field: &str, reason: impl Into<String>) -> Problem {
    (field.to_owned(), reason.into())
}

fn check_discovery(mapping: &Mapping) -> Result<(), Problem> {
    let d = &mapping.discovery;
    let ways = [
        d.next.is_some(),
        d.next_json.is_some(),
        d.pages.is_some(),
        d.sitemap.is_some(),
    ];
    if ways.iter().filter(|w| **w).count() > 1 {
        return Err(problem(
            "discovery",
            "choose one way to paginate: next, next_json, pages or sitemap",
        ));
    }
    if d.start.is_empty() && d.pages.is_none() && d.sitemap.is_none() {
        return Err(problem("discovery.start", "give at least one start URL"));
    }
    if let Some(pages) = &d.pages {
        if !pages.template.contains("{page}") {
            return Err(problem("discovery.pages.template", "must contain {page}"));
        }
        if url::Url::parse(&pages.template.replace("{page}", "1")).is_err() {
            return Err(problem(
                "discovery.pages.template",
                "is not an absolute URL",
            ));
        }
        if pages.from > pages.to {
            return Err(problem("discovery.pages.from", "is after `to`"));
        }
    }
    if d.max_pages == 0 {
        return Err(problem("discovery.max_pages", "must be at least 1"));
    }
    Ok(())
}

fn check_listing(mapping: &Mapping) -> Result<(), Problem> {
    let Some(listing) = &mapping.listing else {
        if mapping.discovery.sitemap.is_none() {
            return Err(problem(
                "listing",
                "missing: say how listing pages list projects",
            ));
        }
        return Ok(());
    };
    match listing.format {
        Format::Html => {
            check_html_listing(listing)?;
            if mapping.discovery.next_json.is_some() {
                return Err(problem(
                    "discovery.next_json",
                    "only for `format = \"json\"` listings",
                ));
            }
        }
        Format::Json => {
            if listing.items.is_none() {
                return Err(problem(
                    "listing.items",
                    "a JSON listing needs the path of its items",
                ));
            }
            if mapping.discovery.next.is_some() {
                return Err(problem(
                    "discovery.next",
                    "use next_json for a JSON listing",
                ));
            }
        }
    }
    Ok(())
}

/// An HTML listing finds its items with exactly one of `item` (CSS) and
/// `item_xpath`, and its links with at most one of `link` and `link_xpath`.
fn check_html_listing(listing: &Listing) -> Result<(), Problem> {
    match (&listing.item, &listing.item_xpath) {
        (None, None) => {
            return Err(problem(
                "listing.item",
                "an HTML listing needs an item selector: give item (CSS) or item_xpath",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(problem(
                "listing.item_xpath",
                "give item (CSS) or item_xpath, not both",
            ));
        }
        _ => {}
    }
    if listing.link.is_some() && listing.link_xpath.is_some() {
        return Err(problem(
            "listing.link_xpath",
            "give link (CSS) or link_xpath, not both",
        ));
    }
    Ok(())
}

fn check_fields(mapping: &Mapping) -> Result<(), Problem> {
    let listing = mapping
        .listing
        .iter()
        .flat_map(|l| l.field.iter().map(|f| ("listing.field", f)));
    let detail = mapping
        .detail
        .iter()
        .flat_map(|d| d.field.iter().map(|f| ("detail.field", f)));
    let fields: Vec<_> = listing.chain(detail).collect();
    for (section, rule) in &fields {
        let sources = rule.jsonld.len()
            + rule.microdata.len()
            + rule.json.len()
            + rule.select.len()
            + rule.xpath.len()
            + rule.label.len();
        if sources == 0 && rule.constant.is_none() {
            return Err(problem(
                section,
                format!(
                    "the rule for `{}` has no source: give select, xpath, label, json, jsonld, microdata or constant",
                    rule.target.as_str()
                ),
            ));
        }
    }
    for target in REQUIRED {
        if !fields.iter().any(|(_, rule)| rule.target == target) {
            return Err(problem(
                "detail.field",
                format!(
                    "no rule fills `{}`, which every record needs",
                    target.as_str()
                ),
            ));
        }
    }
    Ok(())
}

fn check_limits(mapping: &Mapping) -> Result<(), Problem> {
    let checks = &mapping.checks;
    if !(0.0..=1.0).contains(&checks.max_drop) {
        return Err(problem("checks.max_drop", "must be between 0.0 and 1.0"));
    }
    if checks.withdraw_after == 0 {
        return Err(problem(
            "checks.withdraw_after",
            "must be at least 1 (the complete runs that must miss a project before it is withdrawn)",
        ));
    }
    if let Some((target, _)) = checks
        .coverage
        .iter()
        .find(|(_, share)| !(0.0..=1.0).contains(*share))
    {
        return Err(problem(
            "checks.coverage",
            format!("`{}` must be between 0.0 and 1.0", target.as_str()),
        ));
    }
    if let Some(key) = mapping.exclude.projects.iter().find(|k| !is_valid_key(k)) {
        return Err(problem(
            "exclude.projects",
            format!("{key:?} is not a project key"),
        ));
    }
    if let Some(media) = mapping.exclude.media.iter().find(|m| !is_media_range(m)) {
        return Err(problem(
            "exclude.media",
            format!("{media:?} is not a media type such as image/* or application/pdf"),
        ));
    }
    if let Some(code) = mapping.alignment.themes.values().find(|c| !is_valid_key(c)) {
        return Err(problem(
            "alignment.themes",
            format!("{code:?} is not a theme code"),
        ));
    }
    let politeness = &mapping.politeness;
    if !(0.0..=3600.0).contains(&politeness.delay_seconds) {
        return Err(problem(
            "politeness.delay_seconds",
            "must be between 0 and 3600 seconds",
        ));
    }
    Ok(())
}

fn is_media_range(text: &str) -> bool {
    let mut parts = text.split('/');
    let (Some(kind), Some(sub), None) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"+-.".contains(&b))
    };
    token(kind) && (sub == "*" || token(sub))
}
