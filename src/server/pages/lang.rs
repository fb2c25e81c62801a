//! The public pages' language: French first, English on request. The
//! choice, in order: a `lang=en` or `lang=fr` parameter (the switch every
//! page links to, which also sets a cookie so the next pages follow), the
//! `carrefour-lang` cookie, the browser's `Accept-Language`, else French.
//! The data (projects' names, theme labels) stays as the partners wrote it.

use axum::http::{HeaderMap, HeaderValue, header};

/// The cookie that keeps the switch's choice.
const COOKIE: &str = "carrefour-lang";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Lang {
    Fr,
    En,
}

impl Lang {
    /// The text in this language.
    pub fn t<'a>(&self, fr: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The BCP 47 code (`<html lang>`).
    pub fn code(&self) -> &'static str {
        self.t("fr", "en")
    }

    /// The other language, which the switch offers.
    pub fn other(&self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}

/// The language of a request, and its query string without `lang=`
/// (which the pages' own parameters do not know). `Some` in the third
/// place: the cookie to set (the request used the switch).
pub(super) fn of_request(
    query: Option<&str>,
    headers: &HeaderMap,
) -> (Lang, Option<String>, Option<HeaderValue>) {
    let mut asked = None;
    let rest: Vec<(String, String)> =
        url::form_urlencoded::parse(query.unwrap_or_default().as_bytes())
            .filter_map(|(name, value)| {
                if name == "lang" {
                    asked = parse(&value);
                    return None;
                }
                Some((name.into_owned(), value.into_owned()))
            })
            .collect();
    let query = query.map(|_| {
        url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(rest)
            .finish()
    });
    if let Some(lang) = asked {
        let cookie = format!(
            "{COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            lang.code()
        );
        return (lang, query, HeaderValue::from_str(&cookie).ok());
    }
    (
        cookie(headers)
            .or_else(|| accepted(headers))
            .unwrap_or(Lang::Fr),
        query,
        None,
    )
}

fn parse(value: &str) -> Option<Lang> {
    match value.trim().to_ascii_lowercase().as_str() {
        "fr" => Some(Lang::Fr),
        "en" => Some(Lang::En),
        _ => None,
    }
}

fn cookie(headers: &HeaderMap) -> Option<Lang> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE).then(|| parse(value)).flatten()
        })
}

/// The first of French or English in `Accept-Language`, by weight.
fn accepted(headers: &HeaderMap) -> Option<Lang> {
    let accept = headers.get(header::ACCEPT_LANGUAGE)?.to_str().ok()?;
    let mut best: Option<(Lang, f32)> = None;
    for range in accept.split(',') {
        let mut parts = range.split(';');
        let tag = parts.next()?.trim().to_ascii_lowercase();
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q=")?.parse::<f32>().ok())
            .unwrap_or(1.0);
        let lang = match tag.split('-').next() {
            Some("fr") => Lang::Fr,
            Some("en") => Lang::En,
            _ => continue,
        };
        if q > 0.0 && best.is_none_or(|(_, b)| q > b) {
            best = Some((lang, q));
        }
    }
    best.map(|(lang, _)| lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert(name, HeaderValue::from_str(value).unwrap());
        headers
    }

    #[test]
    fn the_switch_then_the_cookie_then_the_browser_then_french() {
        let none = HeaderMap::new();
        assert_eq!(of_request(None, &none).0, Lang::Fr);
        let english = with(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9,fr;q=0.5");
        assert_eq!(of_request(None, &english).0, Lang::En);
        let french_first = with(header::ACCEPT_LANGUAGE, "de, fr;q=0.8, en;q=0.7");
        assert_eq!(of_request(None, &french_first).0, Lang::Fr);
        let cookie = with(header::COOKIE, "a=b; carrefour-lang=en");
        assert_eq!(of_request(None, &cookie).0, Lang::En);
        // The switch wins, sets the cookie and leaves the other parameters.
        let (lang, query, set) = of_request(Some("q=jardin&lang=fr&page=2"), &cookie);
        assert_eq!(lang, Lang::Fr);
        assert_eq!(query.as_deref(), Some("q=jardin&page=2"));
        assert!(
            set.unwrap()
                .to_str()
                .unwrap()
                .starts_with("carrefour-lang=fr;")
        );
    }
}
