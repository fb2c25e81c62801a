//! Content negotiation: which of the representations we offer a client
//! prefers, from its `Accept` header (RFC 9110 §12.5.1).
//!
//! The quality of an offer is the `q` of the *most specific* media range that
//! matches it (`text/turtle;q=0.9, text/*;q=0.1` gives Turtle 0.9); an offer
//! at `q=0` is refused; ties go to the server's order of preference.
//!
//! ```
//! use carrefour::server::conneg::negotiate;
//!
//! let offers = ["text/html", "text/turtle", "application/ld+json"];
//! assert_eq!(negotiate(Some("text/turtle"), &offers), Ok("text/turtle"));
//! assert_eq!(negotiate(Some("*/*"), &offers), Ok("text/html"));
//! assert_eq!(negotiate(None, &offers), Ok("text/html"));
//! assert_eq!(
//!     negotiate(Some("application/ld+json;q=0.5, text/turtle;q=0.8"), &offers),
//!     Ok("text/turtle")
//! );
//! assert!(negotiate(Some("image/png"), &offers).is_err());
//! ```

/// One media range of an `Accept` header.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaRange {
    /// `text`, or `*`.
    pub kind: String,
    /// `turtle`, or `*`.
    pub subtype: String,
    /// Quality, 0.0 to 1.0.
    pub q: f32,
}

impl MediaRange {
    /// How specifically this range names `offer` (`None`: it does not match):
    /// `*/*` is 0, `text/*` is 1, `text/turtle` is 2.
    fn specificity(&self, offer: &str) -> Option<u8> {
        let (kind, subtype) = split(offer)?;
        match (self.kind.as_str(), self.subtype.as_str()) {
            ("*", "*") => Some(0),
            (k, "*") if k.eq_ignore_ascii_case(kind) => Some(1),
            (k, s) if k.eq_ignore_ascii_case(kind) && s.eq_ignore_ascii_case(subtype) => Some(2),
            _ => None,
        }
    }
}

/// None of the offers is acceptable to the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotAcceptable;

/// Parses an `Accept` header; malformed ranges are skipped, as browsers and
/// proxies send odd ones and refusing the whole request helps nobody.
pub fn parse_accept(header: &str) -> Vec<MediaRange> {
    header
        .split(',')
        .filter_map(|range| {
            let mut parts = range.split(';');
            let (kind, subtype) = split(parts.next()?.trim())?;
            let mut q = 1.0;
            for param in parts {
                let Some((name, value)) = param.split_once('=') else {
                    continue;
                };
                if name.trim().eq_ignore_ascii_case("q") {
                    q = value.trim().parse::<f32>().ok()?.clamp(0.0, 1.0);
                }
            }
            Some(MediaRange {
                kind: kind.to_ascii_lowercase(),
                subtype: subtype.to_ascii_lowercase(),
                q,
            })
        })
        .collect()
}

/// The offer the client prefers. No header, or an empty one, means anything
/// goes: the first offer wins.
pub fn negotiate<'a>(accept: Option<&str>, offers: &[&'a str]) -> Result<&'a str, NotAcceptable> {
    let ranges = accept.map(parse_accept).unwrap_or_default();
    if ranges.is_empty() {
        return offers.first().copied().ok_or(NotAcceptable);
    }
    let mut best: Option<(&'a str, f32)> = None;
    for offer in offers {
        let q = quality(&ranges, offer);
        if q > 0.0 && best.is_none_or(|(_, best_q)| q > best_q) {
            best = Some((offer, q));
        }
    }
    best.map(|(offer, _)| offer).ok_or(NotAcceptable)
}

/// The offer the client prefers among `(media type, value)` pairs (a
/// serialization format, say), with its value; ties go to the first.
///
/// ```
/// use carrefour::server::conneg::negotiate_among;
///
/// let offers = [("text/turtle", 1), ("application/trig", 2)];
/// assert_eq!(negotiate_among(Some("application/trig"), &offers), Ok(("application/trig", 2)));
/// assert_eq!(negotiate_among(None, &offers), Ok(("text/turtle", 1)));
/// assert!(negotiate_among(Some("image/png"), &offers).is_err());
/// ```
pub fn negotiate_among<'a, T: Copy>(
    accept: Option<&str>,
    offers: &[(&'a str, T)],
) -> Result<(&'a str, T), NotAcceptable> {
    let media_types: Vec<&'a str> = offers.iter().map(|(media_type, _)| *media_type).collect();
    let chosen = negotiate(accept, &media_types)?;
    offers
        .iter()
        .find(|(media_type, _)| *media_type == chosen)
        .map(|(media_type, value)| (*media_type, *value))
        .ok_or(NotAcceptable)
}

/// The media types of `(media type, value)` offers, for a 406's message.
pub fn media_types<T>(offers: &[(&'static str, T)]) -> Vec<&'static str> {
    offers.iter().map(|(media_type, _)| *media_type).collect()
}

/// The quality the client gives `offer`: that of the most specific range
/// matching it, 0 when none does.
pub fn quality(ranges: &[MediaRange], offer: &str) -> f32 {
    ranges
        .iter()
        .filter_map(|range| range.specificity(offer).map(|s| (s, range.q)))
        .max_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)))
        .map_or(0.0, |(_, q)| q)
}

/// The media type of a `format=` value or file extension, for browsers,
/// spreadsheets and `curl` users who cannot set `Accept`.
///
/// ```
/// use carrefour::server::conneg::format_media_type;
/// assert_eq!(format_media_type("ttl"), Some("text/turtle"));
/// assert_eq!(format_media_type("application/ld+json"), Some("application/ld+json"));
/// assert_eq!(format_media_type("csv"), Some("text/csv"));
/// ```
pub fn format_media_type(format: &str) -> Option<&'static str> {
    let format = format.trim().to_ascii_lowercase();
    FORMATS
        .iter()
        .find(|(names, media_type)| names.contains(&format.as_str()) || *media_type == format)
        .map(|(_, media_type)| *media_type)
}

/// Short names and the media type each stands for.
const FORMATS: &[(&[&str], &str)] = &[
    (&["html", "htm"], "text/html"),
    (&["ttl", "turtle"], "text/turtle"),
    (&["nt", "ntriples", "n-triples"], "application/n-triples"),
    (&["nq", "nquads", "n-quads"], "application/n-quads"),
    (&["trig"], "application/trig"),
    (
        &["rdf", "xml-rdf", "rdfxml", "rdf/xml"],
        "application/rdf+xml",
    ),
    (&["jsonld", "json-ld"], "application/ld+json"),
    (&["json", "srj"], "application/sparql-results+json"),
    (&["xml", "srx"], "application/sparql-results+xml"),
    (&["csv"], "text/csv"),
    (&["tsv"], "text/tab-separated-values"),
];

fn split(media_type: &str) -> Option<(&str, &str)> {
    let (kind, subtype) = media_type.split_once('/')?;
    let (kind, subtype) = (kind.trim(), subtype.trim());
    (!kind.is_empty() && !subtype.is_empty()).then_some((kind, subtype))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_specific_range_sets_the_quality() {
        let ranges = parse_accept("text/*;q=0.1, text/turtle;q=0.9, */*;q=0.05");
        assert_eq!(quality(&ranges, "text/turtle"), 0.9);
        assert_eq!(quality(&ranges, "text/html"), 0.1);
        assert_eq!(quality(&ranges, "application/ld+json"), 0.05);
    }

    #[test]
    fn zero_quality_refuses_an_offer() {
        let offers = ["text/html", "text/turtle"];
        assert_eq!(
            negotiate(Some("text/html;q=0, */*"), &offers),
            Ok("text/turtle")
        );
        assert_eq!(negotiate(Some("text/*;q=0"), &offers), Err(NotAcceptable));
    }

    #[test]
    fn browsers_get_html_and_rdf_clients_get_rdf() {
        let offers = ["text/html", "text/turtle", "application/rdf+xml"];
        let firefox = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
        assert_eq!(negotiate(Some(firefox), &offers), Ok("text/html"));
        let rdflib = "application/rdf+xml, text/turtle;q=0.9, */*;q=0.1";
        assert_eq!(negotiate(Some(rdflib), &offers), Ok("application/rdf+xml"));
    }

    #[test]
    fn malformed_ranges_are_skipped() {
        let ranges = parse_accept("garbage, text/turtle;q=abc, application/ld+json");
        assert_eq!(ranges.len(), 1);
        assert_eq!(ranges[0].subtype, "ld+json");
        assert_eq!(negotiate(Some(" , "), &["text/html"]), Ok("text/html"));
    }
}
