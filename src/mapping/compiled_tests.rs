//! XPaths and listing XPaths are checked when the mapping is read: every
//! error names the file, the line, the field and the engine's reason.

use super::*;
use crate::mapping::{Mapping, MappingError};

const MAPPING: &str = r#"[partner]
id = "demo"
name = "Démo"
homepage = "https://demo.example/"
[discovery]
start = ["https://demo.example/p"]
[listing]
item = ".p"
link = "a"
[[listing.field]]
target = "keywords"
xpath = "./following-sibling::tr[1]//a"
[[detail.field]]
target = "name"
xpath = ["//h1", "normalize-space(//title)"]
[[detail.field]]
target = "description"
select = ".resume"
[[detail.field]]
target = "organisation.name"
label = "Porteur"
"#;

fn parse(text: &str) -> Result<Mapping, MappingError> {
    Mapping::parse("mappings/demo.toml", text)
}

#[test]
fn xpath_rules_are_compiled_at_load() {
    let mapping = parse(MAPPING).expect("a good mapping");
    let detail = mapping.sources[0].detail.clone().expect("a detail section");
    let sources: Vec<&str> = detail.field[0]
        .xpath
        .iter()
        .map(|x| x.source.as_str())
        .collect();
    assert_eq!(sources, ["//h1", "normalize-space(//title)"]);
}

#[test]
fn a_bad_detail_xpath_names_file_line_field_and_reason() {
    let text = MAPPING.replace("\"//h1\",", "\"//h1[\",");
    let error = parse(&text).unwrap_err();
    assert_eq!(error.file, std::path::Path::new("mappings/demo.toml"));
    assert_eq!(
        error.field.as_deref(),
        Some("detail.field.xpath"),
        "{error}"
    );
    assert_eq!(error.line, Some(15), "{error}");
    assert!(error.reason.contains("invalid XPath \"//h1[\""), "{error}");
}

#[test]
fn a_bad_listing_xpath_names_its_field() {
    let text = MAPPING.replace("tr[1]//a", "tr[1]//a)");
    let error = parse(&text).unwrap_err();
    assert_eq!(
        error.field.as_deref(),
        Some("listing.field.xpath"),
        "{error}"
    );
    assert_eq!(error.line, Some(12), "{error}");
    let text = MAPPING.replace("item = \".p\"", "item_xpath = \"//div[@class=\"");
    let error = parse(&text).unwrap_err();
    assert_eq!(
        error.field.as_deref(),
        Some("listing.item_xpath"),
        "{error}"
    );
    assert_eq!(error.line, Some(8), "{error}");
}

#[test]
fn what_would_only_fail_on_a_page_fails_at_load() {
    for (xpath, reason) in [
        (
            "//p[contains(.)]",
            "`contains()` takes 2 argument(s), not 1",
        ),
        (
            "substring(//p)",
            "`substring()` takes 2 to 3 argument(s), not 1",
        ),
        ("matches(//p, 'x')", "unknown function `matches()`"),
        ("//p[. = $nom]", "variables (`$nom`)"),
        ("//svg:path", "`svg:path` has a namespace prefix"),
        ("//dc:*", "`dc:*` has a namespace prefix"),
    ] {
        let error = XPath::parse(xpath).unwrap_err();
        assert!(error.contains(reason), "{xpath}: {error}");
    }
    assert!(XPath::parse("concat(//a, ' ', //b, ' ', //c)").is_ok());
    assert!(
        XPath::parse("//p[contains(., ')]')]").is_ok(),
        "brackets in a string"
    );
}

#[test]
fn long_or_deeply_nested_xpaths_are_refused() {
    let long = format!("//p[{}]", vec!["@a"; 400].join(" or "));
    let error = XPath::parse(&long).unwrap_err();
    assert!(error.contains("longer than 1000 characters"), "{error}");
    let deep = format!("{}1{}", "(".repeat(40), ")".repeat(40));
    let error = XPath::parse(&deep).unwrap_err();
    assert!(error.contains("nested deeper than 32"), "{error}");
}

#[test]
fn items_and_links_take_css_or_xpath_not_both() {
    let both = MAPPING.replace("item = \".p\"", "item = \".p\"\nitem_xpath = \"//div\"");
    let error = parse(&both).unwrap_err();
    assert_eq!(
        error.field.as_deref(),
        Some("listing.item_xpath"),
        "{error}"
    );
    assert!(error.reason.contains("not both"), "{error}");
    let neither = MAPPING.replace("item = \".p\"\n", "");
    let error = parse(&neither).unwrap_err();
    assert_eq!(error.field.as_deref(), Some("listing.item"), "{error}");
    assert!(error.reason.contains("item_xpath"), "{error}");
    let links = MAPPING.replace("link = \"a\"", "link = \"a\"\nlink_xpath = \".//a/@href\"");
    let error = parse(&links).unwrap_err();
    assert_eq!(
        error.field.as_deref(),
        Some("listing.link_xpath"),
        "{error}"
    );
    let by_xpath = MAPPING
        .replace("item = \".p\"", "item_xpath = \"//tr[@class='p']\"")
        .replace("link = \"a\"", "link_xpath = \"td/a/@href\"");
    let mapping = parse(&by_xpath).expect("a listing by XPath");
    let listing = mapping.sources[0].listing.clone().expect("a listing");
    assert!(listing.item.is_none() && listing.item_xpath.is_some());
}

#[test]
fn a_rule_with_only_an_xpath_has_a_source() {
    let text = MAPPING.replace("select = \".resume\"", "xpath = \"//div[@class='resume']\"");
    parse(&text).expect("xpath counts as a source");
}
