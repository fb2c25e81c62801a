//! XPath rules on small pages: axes, functions, string results, scopes,
//! attribute resolution, `all`, caps, and listings found by XPath.

use scraper::{Html, Selector};
use url::Url;

use super::*;
use crate::harvest::extract::{Extraction, HtmlPage, extract_html};
use crate::mapping::{FieldRule, Target};

const PAGE_URL: &str = "https://partenaire.example/projets/jardin";

/// A rule read from TOML, as a mapping would give it.
fn rule(toml: &str) -> FieldRule {
    toml::from_str(toml).expect("a valid rule")
}

fn run(html: &str, rules: &[FieldRule], scope: Option<&str>) -> Extraction {
    let html = Html::parse_document(html);
    let url = Url::parse(PAGE_URL).expect("a URL");
    let page = HtmlPage::new(&html, &url);
    let scope = scope.map(|css| {
        let selector = Selector::parse(css).expect("a selector");
        html.select(&selector).next().expect("the scope element")
    });
    extract_html(&page, scope, rules)
}

fn values(html: &str, toml: &str) -> Vec<String> {
    let extraction = run(html, &[rule(toml)], None);
    extraction.values.into_values().next().unwrap_or_default()
}

const TABLE: &str = r#"<html><body><table>
<tr class="projet"><td><a href="/p/1">Jardin partagé</a></td></tr>
<tr><td><p>Porteur : Les Jardiniers</p></td></tr>
<tr class="projet"><td><a href="/p/2">Atelier vélo</a></td></tr>
<tr><td><p>Porteur : Roue Libre</p></td></tr>
</table></body></html>"#;

#[test]
fn following_sibling_reaches_the_next_row_from_the_item() {
    let rules = [rule(
        "target = \"organisation.name\"\nxpath = \"./following-sibling::tr[1]//p\"",
    )];
    let second = run(TABLE, &rules, Some("tr.projet:nth-of-type(3)"));
    assert_eq!(
        second.first(Target::OrganisationName),
        Some("Porteur : Roue Libre")
    );
    assert_eq!(
        second.trace[0].matched.as_deref(),
        Some("xpath \"./following-sibling::tr[1]//p\"")
    );
}

#[test]
fn parent_and_preceding_sibling_axes() {
    let html = r#"<ul><li>Santé</li><li class="x">Habitat</li><li>Emploi</li></ul>"#;
    assert_eq!(
        values(
            html,
            "target = \"name\"\nxpath = \"//li[@class='x']/preceding-sibling::li[1]\""
        ),
        ["Santé"]
    );
    assert_eq!(
        values(
            html,
            "target = \"name\"\nxpath = \"local-name(//li[1]/parent::*)\""
        ),
        ["ul"]
    );
}

#[test]
fn text_nodes_after_headings() {
    let html = "<div class=\"fiche\"><h4>Porteur</h4> Asso X <br><h4>Lieu</h4> Rennes </div>";
    let rules = [rule(
        "target = \"keywords\"\nxpath = \"h4/following-sibling::text()\"",
    )];
    let found = run(html, &rules, Some("div.fiche"));
    assert_eq!(found.values[&Target::Keywords], ["Asso X", "Rennes"]);
}

#[test]
fn string_results_are_the_value_itself() {
    let html = r#"<div class="vignette" style="background-image: url(/img/a.png)"></div>
        <h1>  Jardin
            partagé </h1><span>3</span><span>4</span>"#;
    let style = "target = \"name\"\nxpath = \"substring-before(substring-after(//div[contains(@class, 'vignette')]/@style, 'url('), ')')\"";
    assert_eq!(values(html, style), ["/img/a.png"]);
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"normalize-space(//h1)\""),
        ["Jardin partagé"]
    );
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"sum(//span)\""),
        ["7"]
    );
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"count(//span) = 2\""),
        ["true"]
    );
    // Not a number: nothing, rather than "NaN".
    assert!(values(html, "target = \"name\"\nxpath = \"number(//h1)\"").is_empty());
}

#[test]
fn unions_predicates_and_fallbacks() {
    let html = "<h2>Deux</h2><h1>Un</h1><p>a</p><p>b</p>";
    assert_eq!(
        values(html, "target = \"keywords\"\nxpath = \"//h1 | //h2\""),
        ["Deux", "Un"],
        "a union comes in document order"
    );
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"(//p)[2]\""),
        ["b"]
    );
    assert_eq!(
        values(
            html,
            "target = \"name\"\nxpath = [\"//h3\", \"string(//p[last()])\"]"
        ),
        ["b"],
        "the first expression giving a value wins"
    );
}

#[test]
fn attributes_are_resolved_like_attr_extracts() {
    let html =
        r#"<a class="site" href="../structures/asso">Asso</a><img src="/logo.png" alt=" Logo ">"#;
    assert_eq!(
        values(html, "target = \"organisation.url\"\nxpath = \"//a/@href\""),
        ["https://partenaire.example/structures/asso"]
    );
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"//img/@src\""),
        ["https://partenaire.example/logo.png"]
    );
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"//img/@alt\""),
        ["Logo"]
    );
    assert_eq!(
        values(
            html,
            "target = \"organisation.url\"\nxpath = \"//a\"\nextract = \"attr:href\""
        ),
        ["https://partenaire.example/structures/asso"],
        "an element goes through `extract`"
    );
}

#[test]
fn all_keeps_every_node_and_otherwise_the_first_non_empty() {
    let html = "<div class=\"texte\"><p> </p><p>Un.</p><p>Deux.</p></div>";
    assert_eq!(
        values(html, "target = \"description\"\nxpath = \"//div/p\""),
        ["Un."]
    );
    assert_eq!(
        values(
            html,
            "target = \"description\"\nxpath = \"//div/p\"\nall = true\ntransforms = [{ join = \" \" }]"
        ),
        ["Un. Deux."]
    );
}

#[test]
fn within_is_the_context_node_and_absolute_paths_still_start_at_the_root() {
    let html = "<h1>Page</h1><div class=\"fiche\"><h1>Fiche</h1></div>";
    let relative = "target = \"name\"\nxpath = \"h1\"\nwithin = \"div.fiche\"";
    assert_eq!(values(html, relative), ["Fiche"]);
    let absolute = "target = \"name\"\nxpath = \"//h1\"\nwithin = \"div.fiche\"";
    assert_eq!(values(html, absolute), ["Page"]);
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"body/h1\""),
        Vec::<String>::new()
    );
    assert_eq!(
        values(html, "target = \"name\"\nxpath = \"html/body/h1\""),
        ["Page"]
    );
}

#[test]
fn a_failure_on_the_page_is_in_the_trace_and_the_next_source_is_tried() {
    let html = "<p>Porteur : Asso</p>";
    let toml =
        "target = \"organisation.name\"\nxpath = \"count(string(//p))\"\nlabel = \"Porteur\"";
    let found = run(html, &[rule(toml)], None);
    assert_eq!(found.first(Target::OrganisationName), Some("Asso"));
    let dropped = found.trace[0].dropped.as_deref().unwrap_or_default();
    assert!(dropped.contains("failed on this page"), "{dropped}");
}

#[test]
fn node_sets_are_capped() {
    let html = format!("<ul>{}</ul>", "<li>x</li>".repeat(MAX_NODES + 50));
    let found = values(&html, "target = \"keywords\"\nxpath = \"//li\"");
    assert_eq!(found.len(), MAX_NODES);
}

#[test]
fn a_deeply_nested_page_is_read_without_recursion() {
    let depth = 20_000;
    let html = format!(
        "<body>{}<b>fond</b>{}</body>",
        "<span>".repeat(depth),
        "</span>".repeat(depth)
    );
    assert_eq!(
        values(
            &html,
            "target = \"name\"\nxpath = \"//b/ancestor::span[last()]/@x | //b\""
        ),
        ["fond"]
    );
    assert_eq!(
        values(&html, "target = \"name\"\nxpath = \"string(/)\""),
        ["fond"]
    );
}

#[test]
fn listing_items_by_xpath_with_links_by_xpath() {
    let html = Html::parse_document(TABLE);
    let url = Url::parse("https://partenaire.example/projets").expect("a URL");
    let page = HtmlPage::new(&html, &url);
    let listing: crate::mapping::Listing =
        toml::from_str("item_xpath = \"//tr[@class='projet']\"\nlink_xpath = \".//a/@href\"")
            .expect("a listing");
    let items = listing_items(&page, &listing);
    let hrefs: Vec<_> = items.iter().map(|i| i.href.as_deref()).collect();
    assert_eq!(hrefs, [Some("/p/1"), Some("/p/2")]);
    assert_eq!(items[1].element.value().attr("class"), Some("projet"));

    let by_element: crate::mapping::Listing =
        toml::from_str("item_xpath = \"//tr[td/a]\"\nlink_xpath = \"td/a\"").expect("a listing");
    let hrefs: Vec<_> = listing_items(&page, &by_element)
        .into_iter()
        .map(|i| i.href)
        .collect();
    assert_eq!(hrefs, [Some("/p/1".to_owned()), Some("/p/2".to_owned())]);
}

#[test]
fn listing_items_by_css_keep_their_behaviour() {
    let html = Html::parse_document(
        r#"<div class="p"><h3><a href="/a">A</a></h3></div><a class="p" href="/b">B</a><div class="p">sans lien</div>"#,
    );
    let url = Url::parse("https://partenaire.example/").expect("a URL");
    let page = HtmlPage::new(&html, &url);
    let listing: crate::mapping::Listing =
        toml::from_str("item = \".p\"\nlink = \"h3 a\"").expect("a listing");
    let hrefs: Vec<_> = listing_items(&page, &listing)
        .into_iter()
        .map(|i| i.href)
        .collect();
    assert_eq!(hrefs, [Some("/a".to_owned()), Some("/b".to_owned()), None]);
}

#[test]
fn an_xpath_document_maps_scraper_nodes_both_ways() {
    let html = Html::parse_document("<p id=\"a\">x</p><p id=\"b\">y</p>");
    let doc = XPathDocument::new(&html);
    let second = html
        .select(&Selector::parse("#b").expect("a selector"))
        .next()
        .expect("#b");
    let xpath = crate::mapping::XPath::parse("preceding-sibling::p").expect("an XPath");
    let found = doc.evaluate(&xpath, Some(second.id())).expect("evaluated");
    let first = element(&html, &found[0]).expect("an element");
    assert_eq!(first.value().attr("id"), Some("a"));
    let root = crate::mapping::XPath::parse("/").expect("an XPath");
    let found = doc.evaluate(&root, None).expect("evaluated");
    assert_eq!(
        element(&html, &found[0]).map(|e| e.value().name().to_owned()),
        Some("html".to_owned()),
        "the document reads as its root element"
    );
}

#[test]
fn the_largest_accepted_expressions_run_on_a_worker_thread_stack() {
    // Tokio's worker threads have 2 MiB of stack: the length and nesting
    // caps of `XPath::parse` must keep parsing and evaluation within it.
    let chain = format!("//p[{}]", vec!["@a"; 165].join(" or "));
    let nested = format!("{}//p{}", "(".repeat(32), ")".repeat(32));
    let brackets = format!("//p{}", "[not(self::*".repeat(16) + &")]".repeat(16));
    for source in [chain, nested, brackets] {
        assert!(
            source.len() <= crate::mapping::MAX_XPATH_CHARS,
            "{}",
            source.len()
        );
        let found = std::thread::Builder::new()
            .stack_size(2 * 1024 * 1024)
            .spawn(move || {
                let xpath = crate::mapping::XPath::parse(&source).expect("accepted");
                let html = Html::parse_document("<p a=\"1\">x</p>");
                XPathDocument::new(&html)
                    .evaluate(&xpath, None)
                    .map(|v| v.len())
            })
            .expect("a thread")
            .join()
            .expect("no stack overflow");
        assert!(found.is_ok());
    }
}
