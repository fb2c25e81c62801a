//! Security headers on every response: one middleware, applied to the whole
//! router (`server::router`), so no route can forget them.
//!
//! - `X-Content-Type-Options: nosniff` on everything: a browser must take
//!   our `Content-Type` at its word. Without it, a Turtle document, a CSV
//!   result or a plain-text error that happens to hold `<script>` (scraped
//!   text does) could be sniffed as HTML and run.
//! - `Referrer-Policy: strict-origin-when-cross-origin` on everything: a
//!   visitor who follows a link to a partner's site tells the partner only
//!   that they came from Carrefour (our origin), which partners are glad to
//!   see and the charter's "always link back" is about, never the page
//!   they were on: our URLs carry SPARQL queries and search filters
//!   (`/sparql?query=…`, `/api/projects?organisation=…`) that are the
//!   visitor's business. Nothing at all is sent from HTTPS to HTTP.
//!   `no-referrer` would hide the origin too and take that credit from the
//!   partners for no gain in privacy.
//! - `Content-Security-Policy` on HTML responses (decided by the response's
//!   `Content-Type`): the second line of defence if scraped text ever
//!   reached a page unescaped. Only our own files may run
//!   (`script-src 'self'`, no inline script, no `eval`), so injected markup
//!   runs nothing; see [`CONTENT_SECURITY_POLICY`] for each directive.

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY as CSP_HEADER, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
};
use axum::http::{HeaderMap, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;

/// The policy of every HTML page.
///
/// - `default-src 'self'`: scripts, styles, fonts, `fetch` (the map's
///   outlines, Yasgui's queries to `/sparql`) and frames come from this
///   site only: never a CDN, never a partner's site.
/// - `script-src 'self' 'report-sample'`: files under `/assets` only; no
///   inline `<script>`, no `on…=` attributes, no `javascript:` URLs, no
///   `eval`. Pages pass data to scripts in `data-*` attributes. (A
///   `<script type="application/ld+json">` block is data, never run, and
///   needs no permission.) `'report-sample'` puts the first characters of
///   a blocked inline script in the violation event, so a test (and a
///   developer's console) can tell script from the data, blocked as it
///   should be, from one of our own scripts needing what the policy forbids.
/// - `style-src 'self'` plus the hashes of two `<style>` elements: our
///   pages have no inline style (the stylesheet is `/assets/carrefour.css`;
///   Leaflet and Yasgui set positions through the CSSOM, which CSP allows),
///   but Yasgui 4.6.2's results table (its bundled `column-resizer`) adds
///   `<style>` elements at run time: its layout rules when the table is
///   drawn, and a cursor rule while a column is dragged. Both texts are
///   constants of the bundle (quoted in this module's tests, which check
///   the hashes), so their hashes allow
///   exactly them, where `'unsafe-inline'` would allow any style an
///   injection brought. A Yasgui upgrade that changes them shows up as a
///   violation in the browser test (`tests/it/browser.rs`).
/// - `img-src 'self' https:`: partners' logos are served by the partners
///   (their URL is set in `mappings/*.toml`, never scraped, https only, and
///   checked by `html::image_source`). An image runs no script; `data:` is
///   not needed by any library we serve.
/// - `object-src 'none'`: no plug-ins, ever.
/// - `base-uri 'self'`: injected `<base href>` cannot redirect our relative
///   links and scripts elsewhere.
/// - `form-action 'self'`: forms (the projects filter, the SPARQL form)
///   submit to us only, so injected markup cannot post a form elsewhere.
/// - `frame-ancestors 'self'`: other sites cannot frame our pages
///   (clickjacking).
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; \
     script-src 'self' 'report-sample'; \
     style-src 'self' 'sha256-zCK2EVMoPc04mRF/g5CotUvxbJPWS+8V0b+s9ptqQIk=' \
     'sha256-c0O6TmFAkgpNbHxKAa1BrveWHHopjEtC47i0PzMudxg='; \
     img-src 'self' https:; \
     object-src 'none'; \
     base-uri 'self'; \
     form-action 'self'; \
     frame-ancestors 'self'";

/// What every response tells the browser about its referrer.
pub const REFERRER: &str = "strict-origin-when-cross-origin";

/// The middleware: runs the request, then adds the headers.
pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    add_headers(response.headers_mut());
    response
}

/// Adds the security headers to a response's `headers`, replacing any a
/// handler set: the policy is decided here only.
pub fn add_headers(headers: &mut HeaderMap) {
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static(REFERRER));
    if is_html(headers) {
        headers.insert(
            CSP_HEADER,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
    }
}

/// Whether the response is an HTML page (`text/html`, any parameters).
fn is_html(headers: &HeaderMap) -> bool {
    headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("text/html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secured(content_type: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(content_type) = content_type {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
        }
        add_headers(&mut headers);
        headers
    }

    #[test]
    fn html_pages_get_the_policy() {
        for content_type in [
            "text/html",
            "text/html; charset=utf-8",
            "TEXT/HTML;charset=UTF-8",
        ] {
            let headers = secured(Some(content_type));
            assert_eq!(
                headers[CSP_HEADER], CONTENT_SECURITY_POLICY,
                "{content_type}"
            );
            assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(headers[REFERRER_POLICY], REFERRER);
        }
    }

    #[test]
    fn other_responses_get_nosniff_but_no_policy() {
        for content_type in [
            Some("text/turtle"),
            Some("application/sparql-results+json"),
            Some("text/plain; charset=utf-8"),
            Some("text/html-sandboxed"),
            None,
        ] {
            let headers = secured(content_type);
            assert!(headers.get(CSP_HEADER).is_none(), "{content_type:?}");
            assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
            assert_eq!(headers[REFERRER_POLICY], REFERRER);
        }
    }

    #[test]
    fn the_policy_is_strict_where_it_matters() {
        let directives: Vec<&str> = CONTENT_SECURITY_POLICY.split("; ").collect();
        for required in [
            "default-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'self'",
        ] {
            assert!(directives.contains(&required), "{required}");
        }
        assert!(!CONTENT_SECURITY_POLICY.contains("unsafe"));
        let script = directives.iter().find(|d| d.starts_with("script-src "));
        assert_eq!(script, Some(&"script-src 'self' 'report-sample'"));
    }

    /// Standard base64 (RFC 4648, with padding), as CSP hash sources use.
    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// The `<style>` texts Yasgui 4.6.2 adds (`column-resizer`'s `createStyle`:
    /// the table's layout, then the cursor while a column is dragged), whose
    /// SHA-256 hashes [`CONTENT_SECURITY_POLICY`] allows.
    const YASGUI_STYLES: [&str; 2] = [
        " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable > tbody > tr > th{overflow:hidden} .grip-padding > tbody > tr > td, .grip-padding > tbody > tr > th{padding-left:0!important; padding-right:0!important;} .grip-container{ height:0px; position:relative;} .grip-handle{margin-left:-5px; position:absolute; z-index:5; } .grip-handle .grip-resizable{position:absolute;background-color:red;filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px} .grip-lastgrip{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted black;\t} .grip-flex{width:auto!important;} .grip-handle.grip-disabledgrip .grip-resizable{cursor:default; display:none;}",
        "*{cursor:col-resize!important}",
    ];

    #[test]
    fn the_style_hashes_are_those_of_yasguis_styles() {
        use sha2::{Digest, Sha256};
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        let style = CONTENT_SECURITY_POLICY
            .split("; ")
            .find(|d| d.starts_with("style-src "))
            .unwrap_or_default();
        let allowed: Vec<&str> = style.split_whitespace().skip(1).collect();
        let mut expected = vec!["'self'".to_owned()];
        for text in YASGUI_STYLES {
            let hash = base64(&Sha256::digest(text.as_bytes()));
            expected.push(format!("'sha256-{hash}'"));
        }
        assert_eq!(allowed, expected);
    }

    #[test]
    fn a_handler_cannot_weaken_the_policy() {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/html"));
        headers.insert(CSP_HEADER, HeaderValue::from_static("default-src *"));
        headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("sniff"));
        add_headers(&mut headers);
        assert_eq!(headers[CSP_HEADER], CONTENT_SECURITY_POLICY);
        assert_eq!(headers[X_CONTENT_TYPE_OPTIONS], "nosniff");
    }
}
