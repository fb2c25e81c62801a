#![no_main]
//! HTML extraction: any bytes as a partner's page (decoded as the fetcher
//! falls back to, lossy UTF-8), read with the field rules of every bundled
//! mapping, as a detail page (page-level rules, embedded JSON-LD and
//! microdata) and as a listing (each item's rules, scoped to the item).
//!
//! The oracle: extraction never panics or hangs, and what it keeps is what
//! it traces (every kept field has a trace entry with values).

use carrefour::harvest::{Extraction, HtmlPage, extract_html};
use carrefour::mapping::{Mapping, Source};
use carrefour_fuzz::mappings;
use libfuzzer_sys::fuzz_target;
use scraper::Html;
use url::Url;

/// Each kept field was matched by a rule whose trace says so.
fn kept_is_traced(extraction: &Extraction) {
    for (target, values) in &extraction.values {
        assert!(!values.is_empty(), "{target:?} kept with no value");
        assert!(
            extraction
                .trace
                .iter()
                .any(|t| t.target == *target && t.matched.is_some() && !t.values.is_empty()),
            "{target:?} kept without a matching trace: {:?}",
            extraction.trace
        );
    }
}

/// The page as each source's detail page and listing page.
fn read_as(mapping: &Mapping, html: &Html, url: &Url) {
    for source in &mapping.sources {
        read_as_source(source, html, url);
    }
}

fn read_as_source(source: &Source, html: &Html, url: &Url) {
    let page = HtmlPage::new(html, url);
    if let Some(detail) = &source.detail {
        kept_is_traced(&extract_html(&page, None, &detail.field));
    }
    let Some(listing) = &source.listing else {
        return;
    };
    let Some(item) = &listing.item else {
        return;
    };
    for element in html.select(&item.selector) {
        kept_is_traced(&extract_html(&page, Some(element), &listing.field));
        if let Some(link) = &listing.link {
            let href = element
                .select(&link.selector)
                .next()
                .and_then(|a| a.value().attr("href"));
            if let Some(href) = href {
                let _ = url.join(href.trim());
            }
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    let text = String::from_utf8_lossy(bytes);
    let html = Html::parse_document(&text);
    for mapping in mappings::bundled() {
        let Ok(url) = mapping.partner.homepage.join("projets/fuzz.html") else {
            continue;
        };
        read_as(mapping, &html, &url);
    }
});
