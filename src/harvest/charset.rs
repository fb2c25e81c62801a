//! Turning fetched bytes into text.
//!
//! Input: the body bytes and the `Content-Type` header (if any). Output: the
//! decoded text and the encoding used. Partner sites lie about their encoding
//! (a server sending `charset=utf-8` for ISO-8859-1 files is common on old
//! SPIP installs), so a declaration is only trusted when the bytes agree with
//! it; otherwise detection (chardetng, tuned for `.fr`) decides. This module
//! knows nothing about HTTP or HTML beyond the `<meta>` prescan and the
//! headers a [`Page`] keeps.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use reqwest::header;
use url::Url;

use super::fetch::{Page, Raw, Validators};

/// How far into an HTML document a `<meta charset>` is looked for. The HTML
/// standard says 1024 bytes; real CMS templates put comments and scripts first.
const META_PRESCAN_BYTES: usize = 4096;

/// Decodes `bytes`, choosing the encoding in this order: byte-order mark,
/// `charset` of `content_type`, `<meta>` declaration (HTML only), detection.
///
/// A declared encoding under which the bytes are malformed is ignored in
/// favour of detection. JSON is UTF-8 unless a BOM says otherwise (RFC 8259).
/// Never fails: undecodable bytes become U+FFFD.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static Encoding) {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, _) = encoding.decode_without_bom_handling(rest);
        return (text.into_owned(), encoding);
    }
    let media_type = content_type.map(media_type_of).unwrap_or_default();
    let declared = if is_json(&media_type) {
        Some(UTF_8)
    } else {
        content_type
            .and_then(charset_param)
            .and_then(|label| Encoding::for_label(label.as_bytes()))
            .or_else(|| {
                is_html_like(&media_type)
                    .then(|| meta_charset(bytes))
                    .flatten()
            })
    };
    if let Some(encoding) = declared.map(ascii_compatible) {
        if let Some(text) = utf8_mislabelled_as_single_byte(bytes, encoding) {
            return (text.to_owned(), UTF_8);
        }
        if let Some(text) = encoding.decode_without_bom_handling_and_without_replacement(bytes) {
            return (text.into_owned(), encoding);
        }
    }
    let encoding = detect(bytes);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    (text.into_owned(), encoding)
}

/// Bytes declared as a single-byte encoding (any byte sequence "decodes") but
/// that are valid UTF-8 with non-ASCII characters: servers labelling UTF-8
/// pages `iso-8859-1` are common, while latin-1 French text that happens to
/// form valid UTF-8 multi-byte sequences practically never occurs.
fn utf8_mislabelled_as_single_byte<'a>(
    bytes: &'a [u8],
    declared: &'static Encoding,
) -> Option<&'a str> {
    if declared == UTF_8 || !declared.is_single_byte() || bytes.is_ascii() {
        return None;
    }
    std::str::from_utf8(bytes).ok()
}

/// A received answer as a [`Page`]: media type from `Content-Type` (sniffed
/// when absent), text decoded, validators kept for the next fetch.
pub fn page(url: Url, raw: Raw) -> Page {
    let Raw {
        status,
        headers,
        body,
    } = raw;
    let header = |name| {
        headers
            .get(name)
            .and_then(|value: &header::HeaderValue| value.to_str().ok())
    };
    let content_type = header(header::CONTENT_TYPE);
    let media_type = content_type
        .map(media_type_of)
        .filter(|media_type| !media_type.is_empty())
        .unwrap_or_else(|| sniff(&body).to_owned());
    let (text, encoding) = decode(&body, content_type);
    let validators = Validators {
        etag: header(header::ETAG).map(str::to_owned),
        last_modified: header(header::LAST_MODIFIED).map(str::to_owned),
    };
    Page {
        url,
        status,
        media_type,
        text,
        encoding: encoding.name(),
        validators,
        bytes: body.len(),
    }
}

/// The lowercase essence of a `Content-Type` value (`text/html`), without
/// parameters; empty when the header is empty.
pub fn media_type_of(content_type: &str) -> String {
    content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// A media type for an answer without `Content-Type`, from its first bytes.
pub fn sniff(body: &[u8]) -> &'static str {
    let start = body.trim_ascii_start();
    match start.first() {
        Some(b'{' | b'[') => "application/json",
        Some(b'<') if start.starts_with(b"<?xml") => "application/xml",
        Some(b'<') => "text/html",
        _ => "text/plain",
    }
}

/// The `charset` parameter of a `Content-Type` value, unquoted.
fn charset_param(content_type: &str) -> Option<&str> {
    content_type.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| value.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|value| !value.is_empty())
    })
}

fn is_json(media_type: &str) -> bool {
    media_type == "application/json" || media_type.ends_with("+json")
}

/// Whether a `<meta>` declaration may be looked for: HTML, or no/unknown type.
fn is_html_like(media_type: &str) -> bool {
    matches!(media_type, "" | "text/html" | "application/xhtml+xml")
}

/// A `<meta>` declaration can't honestly name UTF-16 (the document was read as
/// ASCII to find it), and `x-user-defined` means windows-1252: both as the
/// HTML standard's prescan says. Applied to headers too, harmlessly.
fn ascii_compatible(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::X_USER_DEFINED {
        WINDOWS_1252
    } else {
        encoding.output_encoding()
    }
}

/// The encoding named by `<meta charset=…>` or `<meta http-equiv=Content-Type
/// content="…; charset=…">` in the first [`META_PRESCAN_BYTES`].
fn meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..META_PRESCAN_BYTES).unwrap_or(bytes);
    let lower = head.to_ascii_lowercase();
    let mut rest = lower.as_slice();
    while let Some(start) = find(rest, b"<meta") {
        let tag = &rest[start..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        if let Some(encoding) = charset_in_tag(&tag[..end]) {
            return Some(encoding);
        }
        rest = &tag[end..];
    }
    None
}

/// The value after `charset` `=` inside one lowercased `<meta …` tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let at = find(tag, b"charset")?;
    let after = tag[at + b"charset".len()..].trim_ascii_start();
    let value = after.strip_prefix(b"=")?.trim_ascii_start();
    let value = value
        .strip_prefix(b"\"")
        .or_else(|| value.strip_prefix(b"'"))
        .unwrap_or(value);
    let len = value
        .iter()
        .position(|b| !(b.is_ascii_alphanumeric() || b"-_.:".contains(b)))
        .unwrap_or(value.len());
    Encoding::for_label(&value[..len])
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// chardetng's guess, hinted with the `fr` top-level domain: our partners are
/// French, and the hint tips close calls towards windows-1252.
fn detect(bytes: &[u8]) -> &'static Encoding {
    let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    detector.guess(Some(b"fr"), Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FRENCH: &str = "Économie solidaire à Saint-Étienne, cœur";

    fn latin1(text: &str) -> Vec<u8> {
        let (bytes, _, unmappable) = WINDOWS_1252.encode(text);
        assert!(!unmappable);
        bytes.into_owned()
    }

    #[test]
    fn utf8_bom_wins_over_header() {
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(FRENCH.as_bytes());
        let (text, encoding) = decode(&bytes, Some("text/html; charset=windows-1252"));
        assert_eq!(text, FRENCH);
        assert_eq!(encoding, UTF_8);
    }

    #[test]
    fn utf16_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(FRENCH.encode_utf16().flat_map(u16::to_le_bytes));
        let (text, encoding) = decode(&bytes, None);
        assert_eq!(text, FRENCH);
        assert_eq!(encoding, encoding_rs::UTF_16LE);
    }

    #[test]
    fn header_charset() {
        let (text, encoding) = decode(&latin1(FRENCH), Some("text/html; Charset=\"ISO-8859-1\""));
        assert_eq!(text, FRENCH);
        assert_eq!(
            encoding, WINDOWS_1252,
            "ISO-8859-1 is windows-1252 (WHATWG)"
        );
    }

    #[test]
    fn header_utf8_but_latin1_bytes_falls_back_to_detection() {
        let body = format!("<p>{FRENCH}. Une épicerie coopérative où l'on achète ensemble.</p>");
        let (text, encoding) = decode(&latin1(&body), Some("text/html; charset=utf-8"));
        assert_eq!(text, body);
        assert_eq!(encoding, WINDOWS_1252);
    }

    #[test]
    fn header_latin1_but_utf8_bytes_is_utf8() {
        let (text, encoding) = decode(FRENCH.as_bytes(), Some("text/html; charset=iso-8859-1"));
        assert_eq!(text, FRENCH);
        assert_eq!(encoding, UTF_8);
    }

    #[test]
    fn meta_charset_without_header() {
        let html = format!("<html><head><meta charset=\"windows-1252\"></head><p>{FRENCH}</p>");
        let (text, encoding) = decode(&latin1(&html), Some("text/html"));
        assert_eq!(text, html);
        assert_eq!(encoding, WINDOWS_1252);
    }

    #[test]
    fn meta_http_equiv_without_any_header() {
        let html = format!(
            "<head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=iso-8859-1\">\
             </head><p>{FRENCH}</p>"
        );
        let (text, encoding) = decode(&latin1(&html), None);
        assert_eq!(text, html);
        assert_eq!(encoding, WINDOWS_1252);
    }

    #[test]
    fn meta_utf16_means_utf8() {
        let html = format!("<meta charset=utf-16><p>{FRENCH}</p>");
        let (text, encoding) = decode(html.as_bytes(), Some("text/html"));
        assert_eq!(text, html);
        assert_eq!(encoding, UTF_8);
    }

    #[test]
    fn undeclared_utf8_is_detected() {
        let (text, encoding) = decode(FRENCH.as_bytes(), Some("text/html"));
        assert_eq!(text, FRENCH);
        assert_eq!(encoding, UTF_8);
    }

    #[test]
    fn undeclared_latin1_is_detected() {
        let body = format!("{FRENCH}. Des réseaux d'échanges de savoirs créés à Besançon.");
        let (text, encoding) = decode(&latin1(&body), Some("text/plain"));
        assert_eq!(text, body);
        assert_eq!(encoding, WINDOWS_1252);
    }

    #[test]
    fn json_is_utf8_whatever_the_header_says() {
        let json = format!("{{\"titre\": \"{FRENCH}\"}}");
        let (text, encoding) = decode(json.as_bytes(), Some("application/json; charset=latin1"));
        assert_eq!(text, json);
        assert_eq!(encoding, UTF_8);
    }

    #[test]
    fn unknown_label_and_binary_never_panic() {
        let (_, encoding) = decode(b"\xFF\xFE\xFD\x00\x81", Some("text/html; charset=klingon"));
        assert!(!encoding.name().is_empty());
        assert_eq!(decode(b"", None).0, "");
        assert!(meta_charset(b"<meta charset=").is_none());
        assert!(meta_charset(b"<meta").is_none());
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  {\"a\":1}"), "application/json");
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?><urlset/>"),
            "application/xml"
        );
        assert_eq!(sniff(b"<!DOCTYPE html>"), "text/html");
        assert_eq!(sniff(b""), "text/plain");
    }

    #[test]
    fn media_type_is_lowercase_essence() {
        assert_eq!(media_type_of("Text/HTML; charset=UTF-8"), "text/html");
        assert_eq!(media_type_of(""), "");
    }
}
