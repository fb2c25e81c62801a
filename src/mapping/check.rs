//! Checks a mapping cannot express in its syntax: sections that go together,
//! fields a record cannot do without, values in range.

use super::{Format, Listing, Mapping, Source, Target};
use crate::record::is_valid_key;

/// A broken rule: the dotted field, the reason, and, for a field of a
/// `[[source]]` section, which one (so the error points at its line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    pub(super) field: String,
    pub(super) reason: String,
    pub(super) source: Option<usize>,
}

impl Problem {
    pub(super) fn new(field: &str, reason: impl Into<String>) -> Self {
        Problem {
            field: field.to_owned(),
            reason: reason.into(),
            source: None,
        }
    }
}

/// The fields every record needs; each must have a rule somewhere.
const REQUIRED: [Target; 3] = [Target::Name, Target::Description, Target::OrganisationName];

pub(super) fn check(mapping: &Mapping) -> Result<(), Problem> {
    for (index, source) in mapping.sources.iter().enumerate() {
        let at = At {
            sections: mapping.sections,
            index,
        };
        check_discovery(source, at)?;
        if source.is_linked_data() {
            check_linked_data(source, at)?;
            continue;
        }
        check_listing(source, at)?;
        check_fields(source, at)?;
    }
    check_limits(mapping)
}

/// Where a source is written, to name its fields in errors.
#[derive(Clone, Copy)]
struct At {
    /// `[[source]]` sections (`source.listing.item`), else top level (`listing.item`).
    sections: bool,
    index: usize,
}

impl At {
    fn problem(self, field: &str, reason: impl Into<String>) -> Problem {
        if self.sections {
            Problem {
                field: format!("source.{field}"),
                reason: reason.into(),
                source: Some(self.index),
            }
        } else {
            Problem::new(field, reason)
        }
    }
}

fn problem(field: &str, reason: impl Into<String>) -> Problem {
    Problem::new(field, reason)
}

fn check_discovery(source: &Source, at: At) -> Result<(), Problem> {
    let d = &source.discovery;
    let ways = [
        d.next.is_some(),
        d.next_xpath.is_some(),
        d.next_json.is_some(),
        d.pages.is_some(),
        d.sitemap.is_some(),
    ];
    if ways.iter().filter(|w| **w).count() > 1 {
        return Err(at.problem(
            "discovery",
            "choose one way to paginate: next, next_xpath, next_json, pages or sitemap",
        ));
    }
    if d.start.is_empty() && d.pages.is_none() && d.sitemap.is_none() {
        return Err(at.problem("discovery.start", "give at least one start URL"));
    }
    if let Some(pages) = &d.pages {
        if !pages.template.contains("{page}") {
            return Err(at.problem("discovery.pages.template", "must contain {page}"));
        }
        if url::Url::parse(&pages.template.replace("{page}", "1")).is_err() {
            return Err(at.problem("discovery.pages.template", "is not an absolute URL"));
        }
        if pages.from > pages.to {
            return Err(at.problem("discovery.pages.from", "is after `to`"));
        }
    }
    if d.max_pages == 0 {
        return Err(at.problem("discovery.max_pages", "must be at least 1"));
    }
    Ok(())
}

fn check_listing(source: &Source, at: At) -> Result<(), Problem> {
    let Some(listing) = &source.listing else {
        if source.discovery.sitemap.is_none() {
            return Err(at.problem("listing", "missing: say how listing pages list projects"));
        }
        return Ok(());
    };
    match listing.format {
        Format::Html => {
            check_html_listing(listing, at)?;
            if source.discovery.next_json.is_some() {
                return Err(at.problem(
                    "discovery.next_json",
                    "only for `format = \"json\"` listings",
                ));
            }
        }
        Format::Rdf | Format::Sparql | Format::Hub => unreachable!("checked by check_linked_data"),
        Format::Json => {
            if listing.items.is_none() {
                return Err(at.problem(
                    "listing.items",
                    "a JSON listing needs the path of its items",
                ));
            }
            if source.discovery.next.is_some() {
                return Err(at.problem("discovery.next", "use next_json for a JSON listing"));
            }
        }
    }
    check_records(source, listing, at)
}

/// A linked-data source is read without rules: its start URLs are the
/// documents, endpoints or feed; nothing else of a listing applies.
fn check_linked_data(source: &Source, at: At) -> Result<(), Problem> {
    let Some(listing) = &source.listing else {
        return Ok(());
    };
    let d = &source.discovery;
    let pagination = d.next.is_some()
        || d.next_xpath.is_some()
        || d.next_json.is_some()
        || d.pages.is_some()
        || d.sitemap.is_some();
    let scraping = listing.item.is_some()
        || listing.item_xpath.is_some()
        || listing.items.is_some()
        || listing.link.is_some()
        || listing.link_xpath.is_some()
        || !listing.key.is_empty()
        || !listing.field.is_empty()
        || source.detail.is_some();
    let format = match listing.format {
        Format::Rdf => "rdf",
        Format::Sparql => "sparql",
        _ => "hub",
    };
    if pagination {
        return Err(at.problem(
            "discovery",
            format!(
                "a `format = \"{format}\"` source is read whole: remove next, pages and sitemap"
            ),
        ));
    }
    if scraping {
        return Err(at.problem(
            "listing",
            format!(
                "a `format = \"{format}\"` source maps schema.org, PAIR and the Carrefour vocabulary \
                 by itself: remove item, link, key, fields and [detail]"
            ),
        ));
    }
    if listing.format == Format::Hub && d.start.len() != 1 {
        return Err(at.problem(
            "discovery.start",
            "a hub source has exactly one start URL: the other hub's change feed (https://…/changes)",
        ));
    }
    if listing.format != Format::Sparql {
        if listing.query.is_some() || listing.page_size.is_some() {
            return Err(at.problem("listing.query", "only for `format = \"sparql\"` sources"));
        }
        return Ok(());
    }
    if let Some(query) = &listing.query {
        let text = query.replace("{limit}", "10").replace("{offset}", "0");
        match spargebra::SparqlParser::new().parse_query(&text) {
            Ok(spargebra::Query::Construct { .. }) => {}
            Ok(_) => {
                return Err(at.problem(
                    "listing.query",
                    "must be a CONSTRUCT query (the records are read from the graph it builds)",
                ));
            }
            Err(error) => {
                return Err(at.problem("listing.query", format!("is not valid SPARQL: {error}")));
            }
        }
    }
    if listing
        .page_size
        .is_some_and(|size| !(1..=10_000).contains(&size))
    {
        return Err(at.problem("listing.page_size", "must be between 1 and 10000"));
    }
    Ok(())
}

/// Items that are whole records: no detail rules to follow, and keys that
/// name fields the listing reads.
fn check_records(source: &Source, listing: &super::Listing, at: At) -> Result<(), Problem> {
    if listing.follow {
        if !listing.key.is_empty() {
            return Err(at.problem(
                "listing.key",
                "only for items without a page of their own (follow = false): a project with a page is known by its URL",
            ));
        }
        return Ok(());
    }
    if source.detail.is_some() {
        return Err(at.problem(
            "listing.follow",
            "follow = false reads every field on the listing: move the [detail] rules to [[listing.field]]",
        ));
    }
    if let Some(target) = listing
        .key
        .iter()
        .find(|target| !listing.field.iter().any(|rule| rule.target == **target))
    {
        return Err(at.problem(
            "listing.key",
            format!(
                "`{}` is not read on the listing: add a [[listing.field]] for it",
                target.as_str()
            ),
        ));
    }
    Ok(())
}

/// An HTML listing finds its items with exactly one of `item` (CSS) and
/// `item_xpath`, and its links with at most one of `link` and `link_xpath`.
fn check_html_listing(listing: &Listing, at: At) -> Result<(), Problem> {
    match (&listing.item, &listing.item_xpath) {
        (None, None) => {
            return Err(at.problem(
                "listing.item",
                "an HTML listing needs an item selector: give item (CSS) or item_xpath",
            ));
        }
        (Some(_), Some(_)) => {
            return Err(at.problem(
                "listing.item_xpath",
                "give item (CSS) or item_xpath, not both",
            ));
        }
        _ => {}
    }
    if listing.link.is_some() && listing.link_xpath.is_some() {
        return Err(at.problem(
            "listing.link_xpath",
            "give link (CSS) or link_xpath, not both",
        ));
    }
    Ok(())
}

fn check_fields(source: &Source, at: At) -> Result<(), Problem> {
    let listing = source
        .listing
        .iter()
        .flat_map(|l| l.field.iter().map(|f| ("listing.field", f)));
    let detail = source
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
            return Err(at.problem(
                section,
                format!(
                    "the rule for `{}` has no source: give select, xpath, label, json, jsonld, microdata or constant",
                    rule.target.as_str()
                ),
            ));
        }
    }
    if source.detail.as_ref().is_some_and(|d| d.linked_data) {
        return Ok(());
    }
    let section = if source.items_are_records() {
        "listing.field"
    } else {
        "detail.field"
    };
    for target in REQUIRED {
        if !fields.iter().any(|(_, rule)| rule.target == target) {
            return Err(at.problem(
                section,
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
    let codes = crate::record::theme_codes();
    if let Some((tag, code)) = mapping
        .alignment
        .themes
        .iter()
        .find(|(_, code)| !codes.contains(*code))
    {
        return Err(problem("alignment.themes", not_a_theme(tag, code, codes)));
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

/// Why `code` is refused, with the codes that look like it (or all).
fn not_a_theme(tag: &str, code: &str, codes: &std::collections::BTreeSet<String>) -> String {
    let stem: String = code.chars().take(4).collect();
    let near: Vec<&str> = codes
        .iter()
        .filter(|c| c.contains(code) || c.starts_with(&stem))
        .map(String::as_str)
        .collect();
    let offered = if near.is_empty() {
        let all: Vec<&str> = codes.iter().map(String::as_str).collect();
        format!("the codes are: {}", all.join(", "))
    } else {
        format!("did you mean {}?", near.join(" or "))
    };
    format!("{tag:?} = {code:?}: {code:?} is not a theme of ontology/themes.ttl; {offered}")
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

#[cfg(test)]
mod tests {
    use super::super::Mapping;

    const LINKED: &str = r#"[partner]
id = "donnees-liees"
name = "Données liées"
homepage = "https://partenaire.example/"
[discovery]
start = ["https://partenaire.example/sparql"]
[listing]
format = "sparql"
"#;

    fn problem(text: &str) -> (String, String) {
        let error = Mapping::parse("m.toml", text).unwrap_err();
        (error.field.unwrap_or_default(), error.reason)
    }

    #[test]
    fn a_linked_data_source_needs_no_rule() {
        let mapping = Mapping::parse("m.toml", LINKED).unwrap();
        assert!(mapping.sources[0].is_linked_data());
        assert!(mapping.sources[0].items_are_records());
    }

    #[test]
    fn a_linked_data_source_refuses_scraping_rules_with_the_reason() {
        let (field, reason) = problem(&(LINKED.to_owned() + "item = \".p\"\n"));
        assert_eq!(field, "listing");
        assert!(reason.contains("by itself"), "{reason}");
        let (field, reason) = problem(&LINKED.replace("[listing]", "next = \"a\"\n[listing]"));
        assert_eq!(field, "discovery");
        assert!(reason.contains("read whole"), "{reason}");
    }

    #[test]
    fn a_sparql_source_checks_its_query_and_page_size() {
        let select = LINKED.to_owned() + "query = \"SELECT * WHERE { ?s ?p ?o }\"\n";
        let (field, reason) = problem(&select);
        assert_eq!(field, "listing.query");
        assert!(reason.contains("CONSTRUCT"), "{reason}");
        let broken = LINKED.to_owned() + "query = \"CONSTRUCT { ?s ?p }\"\n";
        assert!(problem(&broken).1.contains("not valid SPARQL"));
        let paged = LINKED.to_owned()
            + "query = \"CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT {limit} OFFSET {offset}\"\npage_size = 100\n";
        Mapping::parse("m.toml", &paged).unwrap();
        let (field, _) = problem(&(LINKED.to_owned() + "page_size = 0\n"));
        assert_eq!(field, "listing.page_size");
    }

    #[test]
    fn a_theme_code_that_is_no_theme_is_refused_with_the_near_ones() {
        let text = LINKED.to_owned() + "[alignment.themes]\n\"Lien social\" = \"lien\"\n";
        let (field, reason) = problem(&text);
        assert_eq!(field, "alignment.themes");
        assert!(reason.contains("\"lien\" is not a theme"), "{reason}");
        assert!(reason.contains("lien-social"), "{reason}");
        let good = LINKED.to_owned() + "[alignment.themes]\n\"Lien social\" = \"lien-social\"\n";
        Mapping::parse("m.toml", &good).unwrap();
    }

    #[test]
    fn a_hub_source_has_one_feed_and_no_query() {
        let hub = LINKED.replace("\"sparql\"", "\"hub\"");
        Mapping::parse("m.toml", &hub).unwrap();
        let two = hub.replace(
            "start = [\"https://partenaire.example/sparql\"]",
            "start = [\"https://a.example/changes\", \"https://b.example/changes\"]",
        );
        assert_eq!(problem(&two).0, "discovery.start");
        let (field, _) = problem(&(hub + "query = \"CONSTRUCT {} WHERE {}\"\n"));
        assert_eq!(field, "listing.query");
    }
}
