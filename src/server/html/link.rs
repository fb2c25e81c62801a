//! The one decision on links made from data: which values may become an
//! `<a href>` (or an `<img src>`), and which are shown as text.
//!
//! Scraped text and IRIs loaded from elsewhere (`carrefour load`, SPARQL
//! Update) are untrusted: a `javascript:` or `data:` IRI is a valid RDF IRI,
//! and a link to it would run script when clicked. Askama escapes what it
//! writes into an attribute, but escaping does not change a URL's scheme, so
//! every template asks [`link_target`] (or [`image_source`], [`mailto`])
//! before it writes a link, and shows the value as text when the answer is
//! `None`.

use url::{Position, Url};

/// What a relative path is resolved against to see where it really goes.
const PROBE_ORIGIN: &str = "http://carrefour.invalid/";

/// The `href` a value from the data may have, or `None` when it must stay
/// text.
///
/// Allowed: an absolute `http`, `https` or `mailto` URL (returned in its
/// parsed, percent-encoded form, which is what a browser would follow), or a
/// path of this site starting with one `/` (our own IRIs are shown as local
/// paths). Anything else is refused: other schemes (`javascript:`, `data:`,
/// `vbscript:`, `file:`…), scheme-relative `//host` links, `/\host` (which
/// browsers read as `//host`), relative junk such as `../x` or `x.html`, and
/// text that is no URL at all.
pub fn link_target(value: impl AsRef<str>) -> Option<String> {
    let value = value.as_ref();
    if value.starts_with('/') {
        local_path(value)
    } else {
        absolute_url(value)
    }
}

/// The `src` a logo or picture from the data may have: an `http(s)` URL or
/// a path of this site (never `mailto:`, never anything [`link_target`]
/// refuses).
pub fn image_source(value: impl AsRef<str>) -> Option<String> {
    link_target(value).filter(|target| !target.starts_with("mailto:"))
}

/// The `mailto:` link of an e-mail address, or `None` when the address
/// would not make one (then it is shown as text).
pub fn mailto(address: impl AsRef<str>) -> Option<String> {
    let address = address.as_ref().trim();
    if address.is_empty() || !address.contains('@') {
        return None;
    }
    link_target(format!("mailto:{address}"))
}

/// A path of this site, as the browser will resolve it: it must stay on the
/// page's own origin (browsers drop tabs and newlines and read `\` as `/`,
/// so the check resolves the path rather than reading its first bytes).
fn local_path(value: &str) -> Option<String> {
    let origin = Url::parse(PROBE_ORIGIN).ok()?;
    let resolved = origin.join(value).ok()?;
    if resolved.origin() != origin.origin() || value.starts_with("//") || value.starts_with("/\\") {
        return None;
    }
    Some(resolved[Position::BeforePath..].to_owned())
}

fn absolute_url(value: &str) -> Option<String> {
    let url = Url::parse(value).ok()?;
    match url.scheme() {
        "http" | "https" if url.host().is_some() => Some(url.into()),
        "mailto" => Some(url.into()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_and_mail_links_are_kept() {
        for (value, href) in [
            (
                "https://jardins-emile.example/",
                "https://jardins-emile.example/",
            ),
            (
                "http://example.org/projets?id=1#a",
                "http://example.org/projets?id=1#a",
            ),
            ("HTTPS://Example.org/x", "https://example.org/x"),
            ("mailto:contact@example.org", "mailto:contact@example.org"),
            ("https://exemple.fr/été", "https://exemple.fr/%C3%A9t%C3%A9"),
        ] {
            assert_eq!(link_target(value).as_deref(), Some(href), "{value}");
        }
    }

    #[test]
    fn our_own_paths_are_kept() {
        for (value, href) in [
            ("/doc/project/p-1", "/doc/project/p-1"),
            (
                "/api/projects?theme=alimentation",
                "/api/projects?theme=alimentation",
            ),
            ("/id/project/p-1#contact", "/id/project/p-1#contact"),
        ] {
            assert_eq!(link_target(value).as_deref(), Some(href), "{value}");
        }
    }

    #[test]
    fn script_and_other_schemes_are_text() {
        for value in [
            "javascript:alert(1)",
            "JavaScript:document.title='pwned'",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "\njavascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "ftp://example.org/",
            "urn:isbn:0451450523",
        ] {
            assert_eq!(link_target(value), None, "{value:?}");
        }
    }

    #[test]
    fn relative_junk_and_other_hosts_are_text() {
        for value in [
            "",
            "projets/1.html",
            "../admin",
            "#top",
            "?page=2",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "http:",
            "https://",
            "<img src=x onerror=alert(1)>",
        ] {
            assert_eq!(link_target(value), None, "{value:?}");
        }
    }

    #[test]
    fn images_never_come_from_mail_links() {
        assert_eq!(
            image_source("https://partner.example/logo.png").as_deref(),
            Some("https://partner.example/logo.png")
        );
        assert_eq!(image_source("mailto:a@example.org"), None);
        assert_eq!(image_source("javascript:alert(1)"), None);
        assert_eq!(
            image_source("data:image/svg+xml,<svg onload=alert(1)>"),
            None
        );
    }

    #[test]
    fn mail_links_need_an_address() {
        assert_eq!(
            mailto("contact@jardins-emile.example").as_deref(),
            Some("mailto:contact@jardins-emile.example")
        );
        assert_eq!(mailto("pas d’adresse"), None);
        assert_eq!(mailto(""), None);
    }
}
