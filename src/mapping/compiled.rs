//! Selectors, patterns and JSON paths, compiled when the mapping is read so a
//! typo fails at load time, naming its field, not halfway through a harvest.

use std::fmt;

use serde::{Deserialize, Deserializer};

/// A CSS selector.
#[derive(Clone)]
pub struct Css {
    pub source: String,
    pub selector: scraper::Selector,
}

impl fmt::Debug for Css {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Css({:?})", self.source)
    }
}

impl fmt::Display for Css {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl Css {
    pub fn parse(source: &str) -> Result<Css, String> {
        scraper::Selector::parse(source)
            .map(|selector| Css {
                source: source.to_owned(),
                selector,
            })
            .map_err(|e| format!("invalid CSS selector {source:?}: {e}"))
    }
}

impl<'de> Deserialize<'de> for Css {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        Css::parse(&source).map_err(serde::de::Error::custom)
    }
}

/// A regular expression.
#[derive(Clone)]
pub struct Pattern(pub regex::Regex);

impl fmt::Debug for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Pattern({:?})", self.0.as_str())
    }
}

impl<'de> Deserialize<'de> for Pattern {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        regex::Regex::new(&source)
            .map(Pattern)
            .map_err(|e| serde::de::Error::custom(format!("invalid regex {source:?}: {e}")))
    }
}

/// A path into a JSON value: `$` (optional) then dot-separated keys or array
/// indexes, `*` for every element of an array: `$.data`, `structure.nom`,
/// `items.*.url`, `adresse.0`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    pub source: String,
    steps: Vec<Step>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
    Every,
}

impl JsonPath {
    pub fn parse(source: &str) -> Result<JsonPath, String> {
        let body = source.strip_prefix('$').unwrap_or(source);
        let body = body.strip_prefix('.').unwrap_or(body);
        let mut steps = Vec::new();
        for part in body.split('.').filter(|p| !p.is_empty()) {
            let step = match part {
                "*" => Step::Every,
                _ if part.bytes().all(|b| b.is_ascii_digit()) => Step::Index(
                    part.parse()
                        .map_err(|_| format!("bad index in {source:?}"))?,
                ),
                _ if part.contains(['[', ']', ' ']) => {
                    return Err(format!(
                        "invalid JSON path {source:?}: write `a.0.b` or `a.*.b`, not brackets"
                    ));
                }
                _ => Step::Key(part.to_owned()),
            };
            steps.push(step);
        }
        Ok(JsonPath {
            source: source.to_owned(),
            steps,
        })
    }

    /// Every value the path reaches in `root` (several through `*`).
    ///
    /// ```
    /// use carrefour::mapping::JsonPath;
    ///
    /// let doc = serde_json::json!({"data": [{"url": "a"}, {"url": "b"}]});
    /// let path = JsonPath::parse("$.data.*.url").unwrap();
    /// let urls: Vec<_> = path.select(&doc).into_iter().filter_map(|v| v.as_str()).collect();
    /// assert_eq!(urls, ["a", "b"]);
    /// ```
    pub fn select<'a>(&self, root: &'a serde_json::Value) -> Vec<&'a serde_json::Value> {
        let mut current = vec![root];
        for step in &self.steps {
            current = current
                .into_iter()
                .flat_map(|value| -> Vec<&serde_json::Value> {
                    match step {
                        Step::Key(key) => value.get(key).into_iter().collect(),
                        Step::Index(i) => value.get(*i).into_iter().collect(),
                        Step::Every => match value {
                            serde_json::Value::Array(items) => items.iter().collect(),
                            _ => Vec::new(),
                        },
                    }
                })
                .collect();
        }
        current.retain(|v| !v.is_null());
        current
    }
}

impl<'de> Deserialize<'de> for JsonPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        JsonPath::parse(&source).map_err(serde::de::Error::custom)
    }
}
