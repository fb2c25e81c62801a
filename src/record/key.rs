//! Stable keys: a project key depends only on the partner and the canonical
//! URL of its source page, so re-harvesting a site in any order, any number of
//! times, yields the same IRIs.

use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;
use url::Url;

use super::RecordError;

/// Longest key we mint from a name.
const MAX_SLUG_LEN: usize = 80;

/// Canonicalises a page URL so that one page has one spelling: the fragment is
/// dropped, query pairs are sorted, scheme and host are lowercased and the
/// default port removed (the last two by the `url` crate itself).
///
/// ```
/// use carrefour::record::canonical_url;
///
/// let url = canonical_url("HTTPS://Example.org:443/projets?page=2&b=1#top")?;
/// assert_eq!(url.as_str(), "https://example.org/projets?b=1&page=2");
/// # Ok::<_, carrefour::record::RecordError>(())
/// ```
pub fn canonical_url(raw: &str) -> Result<Url, RecordError> {
    let url = Url::parse(raw.trim())
        .map_err(|e| RecordError::invalid("source", format!("{raw:?} is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(RecordError::invalid(
            "source",
            format!("{raw:?} is not an http(s) URL"),
        ));
    }
    Ok(canonicalize(url))
}

/// The canonical form of an already parsed URL (see [`canonical_url`]).
pub fn canonicalize(mut url: Url) -> Url {
    url.set_fragment(None);
    // Sort the raw `&`-separated pieces: re-encoding them through
    // `query_pairs` would turn `spip.php?article123` into `?article123=`.
    let query = url.query().map(|query| {
        let mut pieces: Vec<&str> = query.split('&').filter(|p| !p.is_empty()).collect();
        pieces.sort_unstable();
        pieces.join("&")
    });
    match query {
        Some(query) if !query.is_empty() => url.set_query(Some(&query)),
        _ => url.set_query(None),
    }
    url
}

/// The key of a project: `{partner}-{12 hex digits of SHA-256(canonical URL)}`.
///
/// ```
/// use carrefour::record::{canonical_url, project_key};
///
/// let a = project_key("avise", &canonical_url("https://avise.example/p/1#x")?);
/// let b = project_key("avise", &canonical_url("https://avise.example/p/1")?);
/// assert_eq!(a, b);
/// assert!(a.starts_with("avise-"));
/// # Ok::<_, carrefour::record::RecordError>(())
/// ```
pub fn project_key(partner: &str, canonical_source: &Url) -> String {
    let digest = Sha256::digest(canonical_source.as_str().as_bytes());
    format!("{partner}-{}", hex(&digest[..6]))
}

/// The key of a project without a page of its own, from what tells it
/// apart on the partner's listings (see `ProjectRecord::identity`): stable
/// whatever page of the listing it is found on.
///
/// ```
/// use carrefour::record::item_key;
///
/// let key = item_key("fondation-carasso", "item:jardins partages des minguettes");
/// assert!(key.starts_with("fondation-carasso-") && key.len() == "fondation-carasso-".len() + 12);
/// assert_ne!(key, item_key("fondation-carasso", "anchor:jardins-partages"));
/// ```
pub fn item_key(partner: &str, identity: &str) -> String {
    let digest = Sha256::digest(identity.as_bytes());
    format!("{partner}-{}", hex(&digest[..6]))
}

/// The key of an organisation, from its name: organisations are shared across
/// partners, so two partners naming the same carrier meet on one IRI.
///
/// ```
/// use carrefour::record::organisation_key;
///
/// assert_eq!(organisation_key("Les Jardins d'Émile"), "les-jardins-d-emile");
/// assert_eq!(organisation_key("  LES JARDINS  D'EMILE "), "les-jardins-d-emile");
/// ```
pub fn organisation_key(name: &str) -> String {
    let slug = slug(name);
    if slug.is_empty() {
        // A name made only of symbols still needs a stable, distinct key.
        let digest = Sha256::digest(name.trim().as_bytes());
        format!("organisation-{}", hex(&digest[..6]))
    } else {
        slug
    }
}

/// Lowercase ASCII with hyphens: accents stripped, every other run of
/// non-alphanumeric characters turned into one hyphen, capped in length.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| c.is_ascii() || c.is_alphanumeric()) {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= MAX_SLUG_LEN {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Whether `key` is a valid key: non-empty lowercase ASCII, digits and inner
/// hyphens only, so it is safe in a path segment and never needs escaping.
pub fn is_valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 120
        && !key.starts_with('-')
        && !key.ends_with('-')
        && key
            .bytes()
            // Upper case only for official codes such as Corsica's `2A004`.
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Bytes in lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_url_sorts_query_and_drops_fragment() {
        let a = canonical_url("https://ex.org/a?z=1&a=2#frag").unwrap();
        let b = canonical_url("https://EX.org/a?a=2&z=1").unwrap();
        assert_eq!(a, b);
        assert_eq!(
            canonical_url("https://ex.org/a?").unwrap().as_str(),
            "https://ex.org/a"
        );
        assert!(canonical_url("mailto:someone@ex.org").is_err());
        assert!(canonical_url("not a url").is_err());
    }

    #[test]
    fn slugs_are_ascii_and_capped() {
        assert_eq!(
            slug("Économie circulaire & réemploi !"),
            "economie-circulaire-reemploi"
        );
        assert_eq!(slug("---"), "");
        assert!(slug(&"a".repeat(500)).len() <= MAX_SLUG_LEN);
        assert!(is_valid_key(&organisation_key("***")));
    }

    #[test]
    fn keys_are_valid() {
        let url = canonical_url("https://ex.org/projet/42").unwrap();
        let key = project_key("demo", &url);
        assert!(is_valid_key(&key), "{key}");
        assert_eq!(key.len(), "demo-".len() + 12);
        assert!(!is_valid_key("Bad_Key"));
        assert!(!is_valid_key("-x"));
    }
}
