//! Selectors, XPaths, patterns and JSON paths, compiled when the mapping is
//! read so a typo fails at load time, naming its field, not halfway through
//! a harvest.

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

/// Longest XPath expression accepted: OpenScraper's are under 200
/// characters, and a bound on the length bounds the parser's and the
/// evaluator's recursion.
pub const MAX_XPATH_CHARS: usize = 1_000;

/// Deepest nesting of brackets and parentheses accepted in an XPath.
const MAX_XPATH_NESTING: usize = 32;

/// An XPath 1.0 expression (`//h4/following-sibling::text()`), parsed, and
/// checked for what would only fail on a page: unknown functions, wrong
/// argument counts, variables and namespace prefixes (HTML pages have
/// neither).
#[derive(Clone)]
pub struct XPath {
    pub source: String,
    pub expr: xpath_eval::Expr,
}

impl fmt::Debug for XPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "XPath({:?})", self.source)
    }
}

impl fmt::Display for XPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.source)
    }
}

impl XPath {
    /// Parses and checks `source`; the error says what is wrong with it.
    ///
    /// ```
    /// use carrefour::mapping::XPath;
    ///
    /// assert!(XPath::parse("./following-sibling::tr[1]//p").is_ok());
    /// let error = XPath::parse("//p[contains(.)]").unwrap_err();
    /// assert!(error.contains("contains"), "{error}");
    /// ```
    pub fn parse(source: &str) -> Result<XPath, String> {
        let invalid = |reason: String| format!("invalid XPath {source:?}: {reason}");
        if source.chars().count() > MAX_XPATH_CHARS {
            return Err(invalid(format!(
                "longer than {MAX_XPATH_CHARS} characters: split it, or select a closer element"
            )));
        }
        if nesting(source) > MAX_XPATH_NESTING {
            return Err(invalid(format!(
                "brackets nested deeper than {MAX_XPATH_NESTING} levels"
            )));
        }
        let expr = xpath_eval::parse(source).map_err(|e| invalid(e.to_string()))?;
        xpath_check::expr(&expr).map_err(invalid)?;
        Ok(XPath {
            source: source.to_owned(),
            expr,
        })
    }
}

impl<'de> Deserialize<'de> for XPath {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let source = String::deserialize(deserializer)?;
        XPath::parse(&source).map_err(serde::de::Error::custom)
    }
}

/// The deepest nesting of `(` and `[` outside string literals.
fn nesting(source: &str) -> usize {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None);
    for c in source.chars() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '(' | '[') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The static checks of an XPath's syntax tree: what the evaluator would
/// only report on a page, reported when the mapping is read.
mod xpath_check {
    use xpath_eval::{
        Expr, FilterExpr, FunctionCall, LocationPath, NodeTest, PathExpr, PrimaryExpr,
    };

    /// XPath 1.0's core functions and how many arguments each takes
    /// (`None`: any number from the minimum).
    const FUNCTIONS: [(&str, usize, Option<usize>); 27] = [
        ("last", 0, Some(0)),
        ("position", 0, Some(0)),
        ("count", 1, Some(1)),
        ("id", 1, Some(1)),
        ("local-name", 0, Some(1)),
        ("namespace-uri", 0, Some(1)),
        ("name", 0, Some(1)),
        ("string", 0, Some(1)),
        ("concat", 2, None),
        ("starts-with", 2, Some(2)),
        ("contains", 2, Some(2)),
        ("substring-before", 2, Some(2)),
        ("substring-after", 2, Some(2)),
        ("substring", 2, Some(3)),
        ("string-length", 0, Some(1)),
        ("normalize-space", 0, Some(1)),
        ("translate", 3, Some(3)),
        ("boolean", 1, Some(1)),
        ("not", 1, Some(1)),
        ("true", 0, Some(0)),
        ("false", 0, Some(0)),
        ("lang", 1, Some(1)),
        ("number", 0, Some(1)),
        ("sum", 1, Some(1)),
        ("floor", 1, Some(1)),
        ("ceiling", 1, Some(1)),
        ("round", 1, Some(1)),
    ];

    pub(super) fn expr(expr: &Expr) -> Result<(), String> {
        match expr {
            Expr::Or(a, b)
            | Expr::And(a, b)
            | Expr::Equality(a, _, b)
            | Expr::Relational(a, _, b)
            | Expr::Additive(a, _, b)
            | Expr::Multiplicative(a, _, b)
            | Expr::Union(a, b) => {
                self::expr(a)?;
                self::expr(b)
            }
            Expr::Negate(a) => self::expr(a),
            Expr::Path(PathExpr::Location(path)) => location(path),
            Expr::Path(PathExpr::Filter(filter)) => self::filter(filter),
            Expr::Path(PathExpr::FilterLocation(filter, path)) => {
                self::filter(filter)?;
                location(path)
            }
        }
    }

    fn location(path: &LocationPath) -> Result<(), String> {
        for step in &path.steps {
            match &step.node_test {
                NodeTest::QName(name) if name.prefix.is_some() => {
                    return Err(format!(
                        "`{}:{}` has a namespace prefix; HTML pages have none: write `*[local-name() = '{}']`",
                        name.prefix.as_deref().unwrap_or_default(),
                        name.local,
                        name.local
                    ));
                }
                NodeTest::NamespaceWildcard(prefix) => {
                    return Err(format!(
                        "`{prefix}:*` has a namespace prefix; HTML pages have none"
                    ));
                }
                _ => {}
            }
            step.predicates.iter().try_for_each(expr)?;
        }
        Ok(())
    }

    fn filter(filter: &FilterExpr) -> Result<(), String> {
        match &filter.primary {
            PrimaryExpr::Variable(name) => {
                return Err(format!(
                    "variables (`${}`) are not supported in mappings",
                    name.local
                ));
            }
            PrimaryExpr::Parenthesized(inner) => expr(inner)?,
            PrimaryExpr::Function(call) => function(call)?,
            PrimaryExpr::Literal(_) | PrimaryExpr::Number(_) => {}
        }
        filter.predicates.iter().try_for_each(expr)
    }

    fn function(call: &FunctionCall) -> Result<(), String> {
        let name = &call.name.local;
        let known = FUNCTIONS.iter().find(|(known, _, _)| known == name);
        let Some((_, min, max)) = known.filter(|_| call.name.prefix.is_none()) else {
            return Err(format!(
                "unknown function `{name}()`: XPath 1.0's core functions only (contains, normalize-space, substring-after…)"
            ));
        };
        let got = call.args.len();
        if got < *min || max.is_some_and(|max| got > max) {
            let expected = match max {
                Some(max) if max == min => format!("{min}"),
                Some(max) => format!("{min} to {max}"),
                None => format!("at least {min}"),
            };
            return Err(format!(
                "`{name}()` takes {expected} argument(s), not {got}"
            ));
        }
        call.args.iter().try_for_each(expr)
    }
}

#[cfg(test)]
#[path = "compiled_tests.rs"]
mod tests;
