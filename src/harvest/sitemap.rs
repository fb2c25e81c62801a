//! Sitemaps (sitemaps.org): the `<loc>` of `<sitemap>` entries (an index)
//! and of `<url>` entries.

use quick_xml::Reader;
use quick_xml::events::Event;

/// Child sitemaps and page URLs of a sitemap document.
///
/// ```
/// let xml = r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
///   <url><loc> https://ex.org/a.html </loc><lastmod>2024-01-01</lastmod></url>
/// </urlset>"#;
/// let (children, urls) = carrefour::harvest::parse_sitemap(xml).unwrap();
/// assert!(children.is_empty());
/// assert_eq!(urls, ["https://ex.org/a.html"]);
/// ```
pub fn parse(xml: &str) -> Result<(Vec<String>, Vec<String>), String> {
    let mut reader = Reader::from_str(xml);
    let mut path: Vec<String> = Vec::new();
    let (mut children, mut urls) = (Vec::new(), Vec::new());
    // Text of the current <loc>: entity references arrive as separate events.
    let mut loc: Option<String> = None;
    loop {
        match reader
            .read_event()
            .map_err(|e| format!("not a valid sitemap: {e}"))?
        {
            Event::Start(tag) => {
                let name = local_name(tag.name().as_ref());
                if name == "loc" {
                    loc = Some(String::new());
                }
                path.push(name);
            }
            Event::Text(text) => {
                if let Some(loc) = loc.as_mut() {
                    loc.push_str(&text.xml10_content());
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(loc) = loc.as_mut() {
                    loc.push_str(&resolve(&reference.into_inner()));
                }
            }
            Event::End(_) => {
                if let (Some(text), Some("loc")) = (loc.take(), path.last().map(String::as_str)) {
                    let parent = path
                        .len()
                        .checked_sub(2)
                        .and_then(|i| path.get(i))
                        .map(String::as_str);
                    match parent {
                        Some("sitemap") => children.push(text.trim().to_owned()),
                        Some("url") => urls.push(text.trim().to_owned()),
                        _ => {}
                    }
                }
                path.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok((children, urls))
}

/// The text of an entity or character reference (`amp`, `#38`, `#x26`).
fn resolve(name: &str) -> String {
    let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        Some(hex) => u32::from_str_radix(hex, 16).ok(),
        None => name.strip_prefix('#').and_then(|d| d.parse().ok()),
    };
    if let Some(c) = code.and_then(char::from_u32) {
        return c.to_string();
    }
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
    .to_owned()
}

fn local_name(name: &str) -> String {
    name.rsplit(':').next().unwrap_or_default().to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn index_and_entities() {
        let xml = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <sitemap><loc>https://ex.org/s.xml?a=1&amp;b=2</loc></sitemap></sitemapindex>"#;
        let (children, urls) = super::parse(xml).unwrap();
        assert_eq!(children, ["https://ex.org/s.xml?a=1&b=2"]);
        assert!(urls.is_empty());
    }
}
