//! The sections of a mapping file after `[partner]`: how to find the
//! partner's project pages, what to read on them, what never to keep, and
//! when a harvest is too suspicious to publish.

use std::collections::BTreeMap;

use serde::Deserialize;
use url::Url;

use super::compiled::{Css, JsonPath, Pattern, XPath};
use super::field::{FieldRule, Target};
use super::host::PartnerHost;
use crate::record::Stage;

/// One place the partner lists projects: how to find its listing pages,
/// what its listing and detail pages hold, and the tags of what is found
/// there. A mapping has one (its top-level `[discovery]`, `[listing]`,
/// `[detail]`) or several (`[[source]]` sections: category pages, a second
/// section of the site).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Shown in reports (`appels-a-projets`).
    pub name: Option<String>,
    /// Added to the keywords of every project found in this source.
    #[serde(default)]
    pub tags: Vec<String>,
    pub discovery: Discovery,
    /// Absent when a sitemap lists the detail pages directly.
    pub listing: Option<Listing>,
    pub detail: Option<Detail>,
}

impl Source {
    /// Whether listing items are whole records, with no page of their own.
    pub fn items_are_records(&self) -> bool {
        self.listing
            .as_ref()
            .is_some_and(|l| !l.follow || l.format.is_linked_data())
    }

    /// Whether the source publishes linked data (`format = "rdf"`,
    /// `"sparql"` or `"hub"`) rather than pages to scrape.
    pub fn is_linked_data(&self) -> bool {
        self.listing
            .as_ref()
            .is_some_and(|l| l.format.is_linked_data())
    }
}

/// A start URL, with the tags of what is found from it (a category page:
/// `{ url = "https://…/projets?categorie=emploi", tags = ["Emploi"] }`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartUrl {
    pub url: Url,
    pub tags: Vec<String>,
}

impl<'de> Deserialize<'de> for StartUrl {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        /// The table form; the string form is only the URL.
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Tagged {
            url: Url,
            #[serde(default)]
            tags: Vec<String>,
        }
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Form {
            Plain(String),
            Tagged(Tagged),
        }
        match Form::deserialize(deserializer).map_err(|_| {
            serde::de::Error::custom(
                "a start URL is a string or a table { url = \"…\", tags = [\"…\"] }",
            )
        })? {
            Form::Plain(text) => Url::parse(&text)
                .map(|url| StartUrl {
                    url,
                    tags: Vec::new(),
                })
                .map_err(|e| serde::de::Error::custom(format!("{text:?} is not a URL: {e}"))),
            Form::Tagged(Tagged { url, tags }) => Ok(StartUrl { url, tags }),
        }
    }
}

/// How listing pages are found.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Discovery {
    /// The first listing pages (or API documents), each with its own tags.
    pub start: Vec<StartUrl>,
    /// Next page: the `href` of this element on each listing page.
    pub next: Option<Css>,
    /// Next page by XPath on the listing page (an element's `href`, an
    /// attribute, or a string), as OpenScraper's `next_page` gave it.
    pub next_xpath: Option<XPath>,
    /// Next page, for JSON listings: this path's value.
    pub next_json: Option<JsonPath>,
    /// Pages from a URL template: `{page}` replaced by `from..=to`.
    pub pages: Option<PageRange>,
    /// Detail pages listed in a sitemap (index) instead of listing pages.
    pub sitemap: Option<Sitemap>,
    /// Hosts whose pages are the partner's, besides those of the start URLs,
    /// sitemap and page template (an API on `api.partner.org` describing
    /// pages on `partner.org`): `host` for its scheme's default ports,
    /// `host:port` for that port only. Items on any other host are skipped,
    /// and every hop of a harvest (redirect, next page, sitemap child,
    /// detail page, robots.txt redirect) must stay on these origins.
    #[serde(default)]
    pub hosts: Vec<PartnerHost>,
    /// Hard cap on listing pages read in one harvest.
    #[serde(default = "default_max_pages")]
    pub max_pages: usize,
    /// Stop paginating when a page yields no item not seen before.
    #[serde(default = "yes")]
    pub stop_when_no_new_items: bool,
    /// How the pages of this source are fetched: `"http"` (default) or
    /// `"browser"` (headless Chromium, for listings built by JavaScript).
    #[serde(default)]
    pub render: Render,
}

/// How a source's pages (listing and detail) are fetched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Render {
    /// A plain HTTP GET: the page as the server sent it.
    #[default]
    Http,
    /// Rendered by headless Chromium: the DOM after the page's scripts ran
    /// and its network went idle. Every request the page makes still goes
    /// through the fetcher's rules.
    Browser,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageRange {
    pub template: String,
    pub from: u32,
    pub to: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sitemap {
    pub url: Url,
    /// Only URLs matching this pattern are project pages.
    pub include: Pattern,
}

/// The format of listing pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Html,
    Json,
    /// The start URLs are RDF documents or dumps (Turtle, N-Triples,
    /// N-Quads, TriG, RDF/XML, JSON-LD) describing the projects.
    Rdf,
    /// The start URLs are SPARQL endpoints, asked a `CONSTRUCT` page by page.
    Sparql,
    /// The start URL is another Carrefour hub's change feed (`/changes`):
    /// read from where the last run stopped, each changed project asked of
    /// the hub's SPARQL endpoint.
    Hub,
}

impl Format {
    /// Whether listings in this format are linked data, read without rules.
    pub fn is_linked_data(self) -> bool {
        matches!(self, Format::Rdf | Format::Sparql | Format::Hub)
    }
}

/// What a listing page holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Listing {
    #[serde(default)]
    pub format: Format,
    /// HTML: one element per project.
    pub item: Option<Css>,
    /// HTML: one element per project, as an XPath (instead of `item`).
    pub item_xpath: Option<XPath>,
    /// JSON: the array of projects.
    pub items: Option<JsonPath>,
    /// HTML: the link to the detail page, inside the item (its `href`);
    /// without it, the item itself is the link.
    pub link: Option<Css>,
    /// HTML: the link to the detail page as an XPath relative to the item
    /// (instead of `link`): an element's `href`, an attribute, or a string.
    pub link_xpath: Option<XPath>,
    /// Whether each item has a page of its own to read (`parse_follow` in
    /// the 2018 platform). With `false`, the item is the whole record: its
    /// fields come from `[[listing.field]]`, its link back is the listing
    /// page (with `#id` when the item has an `id`).
    #[serde(default = "yes")]
    pub follow: bool,
    /// For items without a page: the fields whose values, folded, tell
    /// one project from another (`["name"]`). Without it, the item's `id`
    /// attribute (or its first child anchor's) does.
    #[serde(default)]
    pub key: Vec<Target>,
    /// Fields read on the listing and carried to the detail page (JSON
    /// listings usually carry every field and have no detail page).
    #[serde(default)]
    pub field: Vec<FieldRule>,
    /// SPARQL listings: the `CONSTRUCT` asked of the endpoint, with
    /// `{limit}` and `{offset}` where its page goes (else `LIMIT`/`OFFSET`
    /// are appended); without it, every `schema:Project` and `pair:Project`
    /// with what it links to, three steps deep.
    pub query: Option<String>,
    /// SPARQL listings: how many projects (or, for a query without
    /// `{limit}`, statements) one request asks for.
    pub page_size: Option<usize>,
}

/// What a detail page holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detail {
    #[serde(default)]
    pub field: Vec<FieldRule>,
    /// Read the project the page's JSON-LD describes (schema.org, PAIR,
    /// our vocabulary) whole, with no field rule; rules, if any, give what
    /// it lacks.
    #[serde(default)]
    pub linked_data: bool,
}

/// What the charter (article 8) says never to harvest or publish.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exclusions {
    /// Pages whose canonical URL matches one of these are never fetched.
    #[serde(default)]
    pub urls: Vec<Pattern>,
    /// Project keys never harvested.
    #[serde(default)]
    pub projects: Vec<String>,
    /// Media types never kept (`image/*`, `application/pdf`): values and
    /// links pointing to them are dropped.
    #[serde(default)]
    pub media: Vec<String>,
    /// Fields never published.
    #[serde(default)]
    pub fields: Vec<Target>,
}

/// When a harvest is too suspicious to replace the partner's data.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Checks {
    /// Fewer kept projects than this fails the harvest.
    #[serde(default = "one")]
    pub min_items: usize,
    /// Largest allowed drop versus the last good harvest (0.5 = half).
    #[serde(default = "half")]
    pub max_drop: f64,
    /// Minimum share of kept projects having each field (0.0–1.0).
    #[serde(default)]
    pub coverage: BTreeMap<Target, f64>,
    /// A published project is withdrawn (a tombstone, 410 Gone) once this
    /// many complete runs in a row have missed it (at least 1): one run
    /// that misses a page by accident withdraws nothing. Runs whose
    /// discovery failed somewhere never count.
    #[serde(default = "two")]
    pub withdraw_after: u32,
}

impl Default for Checks {
    fn default() -> Self {
        Checks {
            min_items: one(),
            max_drop: half(),
            coverage: BTreeMap::new(),
            withdraw_after: two(),
        }
    }
}

/// How gently to crawl the partner's site.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Politeness {
    /// Seconds between two requests to the partner's host, if longer than
    /// the harvester's own delay (robots.txt's Crawl-delay wins if longer still).
    #[serde(default = "one_second")]
    pub delay_seconds: f64,
}

impl Default for Politeness {
    fn default() -> Self {
        Politeness {
            delay_seconds: one_second(),
        }
    }
}

/// Per-partner alignment tables.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    /// Partner tag → theme code of `ontology/themes.ttl`, on top of the
    /// scheme's own labels.
    #[serde(default)]
    pub themes: BTreeMap<String, String>,
    /// Partner stage label → stage.
    #[serde(default)]
    pub stages: BTreeMap<String, Stage>,
}

fn default_max_pages() -> usize {
    50
}
fn yes() -> bool {
    true
}
fn one() -> usize {
    1
}
fn two() -> u32 {
    2
}
fn half() -> f64 {
    0.5
}
fn one_second() -> f64 {
    1.0
}
