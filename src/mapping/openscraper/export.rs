//! Reading an OpenScraper backup: the spiders (`spiders_config.json`) and
//! the data model their field XPaths refer to (`datamodel_config.json`).
//!
//! Both files are MongoDB shell exports, not JSON: documents one after the
//! other, `/* n */` comment lines between them, `ObjectId("…")` values. We
//! drop the comments, read `ObjectId("…")` as its string, and parse the
//! documents one by one.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One spider of the export: a partner site and how the 2018 platform read it.
#[derive(Debug, Clone, Deserialize)]
pub struct Spider {
    pub infos: Infos,
    pub scraper_config: ScraperConfig,
    /// Data-model field id → XPath (`""`: not scraped).
    #[serde(default)]
    pub scraper_config_xpaths: BTreeMap<String, String>,
    #[serde(default)]
    pub scraper_settings: Settings,
}

/// Who the spider is for.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Infos {
    #[serde(default)]
    pub name: String,
    /// The partner's site.
    #[serde(default)]
    pub page_url: String,
    #[serde(default)]
    pub notes: String,
}

/// Where the spider starts and how it walks the listing.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ScraperConfig {
    #[serde(default)]
    pub start_urls: Vec<String>,
    /// The items of a listing page.
    #[serde(default)]
    pub item_xpath: String,
    /// The next listing page's URL (`""`: none).
    #[serde(default)]
    pub next_page: String,
    /// Follow each item's link to a page of its own.
    #[serde(default)]
    pub parse_follow: bool,
    /// The item's link, relative to the item.
    #[serde(default)]
    pub follow_xpath: String,
    /// The page needs a browser to run its scripts (Splash).
    #[serde(default)]
    pub page_needs_splash: bool,
}

/// The spider's crawl settings.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Settings {
    /// The most listing pages to visit.
    #[serde(rename = "LIMIT", default)]
    pub limit: Option<f64>,
    /// Seconds between two requests.
    #[serde(default)]
    pub download_delay: Option<f64>,
}

/// A field of the data model.
#[derive(Debug, Clone, Deserialize)]
pub struct ModelField {
    #[serde(rename = "_id")]
    pub id: String,
    #[serde(default)]
    pub field_name: String,
    #[serde(default)]
    pub field_type: String,
}

/// Why an export cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("document {document}: {reason}")]
pub struct ExportError {
    /// 1-based, as the `/* n */` comments number them.
    pub document: usize,
    pub reason: String,
}

/// The documents of a MongoDB shell export, each read as `T`.
///
/// ```
/// use carrefour::mapping::openscraper::{ModelField, read_export};
///
/// let text = "/* 1 */\n{\n    \"_id\" : ObjectId(\"5a9aaec70a8286276b0e6918\"),\n    \"field_name\" : \"résumé du projet\"\n}\n";
/// let fields: Vec<ModelField> = read_export(text)?;
/// assert_eq!(fields[0].id, "5a9aaec70a8286276b0e6918");
/// # Ok::<_, carrefour::mapping::openscraper::ExportError>(())
/// ```
pub fn read_export<T: for<'de> Deserialize<'de>>(text: &str) -> Result<Vec<T>, ExportError> {
    let json = as_json(text);
    let mut documents = Vec::new();
    let stream = serde_json::Deserializer::from_str(&json).into_iter::<serde_json::Value>();
    for (index, value) in stream.enumerate() {
        let document = index + 1;
        let value = value.map_err(|e| ExportError {
            document,
            reason: format!("not a JSON document: {e}"),
        })?;
        let parsed = serde_json::from_value(value).map_err(|e| ExportError {
            document,
            reason: e.to_string(),
        })?;
        documents.push(parsed);
    }
    Ok(documents)
}

/// The export with its comment lines dropped and `ObjectId("…")` (and the
/// other shell wrappers of one string or number) replaced by their value.
fn as_json(text: &str) -> String {
    let wrappers = regex::Regex::new(
        r#"\b(?:ObjectId|ISODate|NumberLong|NumberInt|NumberDecimal)\(\s*("[^"]*"|[-0-9.]+)\s*\)"#,
    )
    .unwrap_or_else(|_| unreachable!("a fixed, valid regex"));
    let without_comments: String = text
        .lines()
        .filter(|line| {
            let line = line.trim();
            !(line.starts_with("/*") && line.ends_with("*/"))
        })
        .collect::<Vec<_>>()
        .join("\n");
    wrappers.replace_all(&without_comments, "$1").into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_comments_and_object_ids() {
        let text = "/* 1 */\n{\n    \"_id\" : ObjectId(\"aa\"),\n    \"field_name\" : \"tags\",\n    \"field_type\" : \"tags\"\n}\n\n/* 2 */\n{\n    \"_id\" : ObjectId(\"bb\"),\n    \"added_at\" : NumberLong(12)\n}";
        let fields: Vec<ModelField> = read_export(text).unwrap();
        assert_eq!(fields.len(), 2);
        assert_eq!(
            (fields[0].id.as_str(), fields[0].field_name.as_str()),
            ("aa", "tags")
        );
        assert_eq!(fields[1].id, "bb");
    }

    #[test]
    fn a_broken_document_is_named() {
        let error = read_export::<ModelField>("/* 1 */\n{\"_id\": \"a\"}\n/* 2 */\n{\"_id\": ")
            .unwrap_err();
        assert_eq!(error.document, 2);
    }
}
