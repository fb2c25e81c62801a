//! Local mirrors of partner sites: one directory per origin, one file per URL.
//!
//! Input: a URL. Output: the file that stands for it, by the rule of
//! `tests/fixtures/sites/README.md` (`generate.py`'s `url_to_file`). Used to
//! harvest offline (tests, benchmarks, a partner who sends a dump). The
//! [`Fetcher`](super::Fetcher) asks this module for the file and reads it
//! here instead of the network, keeping robots.txt and statistics its own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use url::Url;

use super::charset;
use super::fetch::{FetchError, Fetcher, Page, Response, Validators, bump};

/// Origins served from local directories instead of the network.
///
/// ```
/// use carrefour::harvest::Mirror;
/// use url::Url;
///
/// let origin = Url::parse("https://www.fondation-territoires.example/")?;
/// let mirror = Mirror::new().with_origin(&origin, "sites/drupal-fondation");
/// let page = Url::parse("https://www.fondation-territoires.example/projets?page=1")?;
/// assert_eq!(
///     mirror.file_for(&page),
///     Some("sites/drupal-fondation/projets/index.html?page=1".into())
/// );
/// # Result::<_, url::ParseError>::Ok(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Mirror {
    /// Origin (`https://host[:port]`, as serialized by [`Url::origin`]) → root directory.
    roots: HashMap<String, PathBuf>,
}

/// Why a URL of a mirrored origin has no file (it must not go to the network either).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnsafePath {
    /// The directory the URL would have escaped or garbled.
    pub root: PathBuf,
    /// What is wrong, for the error message.
    pub reason: String,
}

impl Mirror {
    /// An empty mirror: every URL goes to the network.
    pub fn new() -> Mirror {
        Mirror::default()
    }

    /// Serves every URL of `origin`'s origin (scheme, host, port; its path is
    /// ignored) from files under `dir`.
    pub fn with_origin(mut self, origin: &Url, dir: impl Into<PathBuf>) -> Mirror {
        self.roots
            .insert(origin.origin().ascii_serialization(), dir.into());
        self
    }

    /// The file standing for `url`, or `None` when its origin is not mirrored
    /// or the URL would escape the mirror's directory (`..`).
    pub fn file_for(&self, url: &Url) -> Option<PathBuf> {
        self.resolve(url)?.ok()
    }

    /// Whether `url`'s origin is mirrored, even if its path is unusable.
    pub(crate) fn covers(&self, url: &Url) -> bool {
        self.root(url).is_some()
    }

    /// The mirror's `robots.txt` for `url`'s origin, if the origin is mirrored.
    pub(crate) fn robots_file(&self, url: &Url) -> Option<PathBuf> {
        self.root(url).map(|root| root.join("robots.txt"))
    }

    /// `None`: not mirrored. `Some(Err)`: mirrored, but the path is unsafe.
    pub(crate) fn resolve(&self, url: &Url) -> Option<Result<PathBuf, UnsafePath>> {
        let root = self.root(url)?;
        let name = relative_name(url);
        Some(safe_join(root, &name).map_err(|reason| UnsafePath {
            root: root.to_path_buf(),
            reason,
        }))
    }

    fn root(&self, url: &Url) -> Option<&Path> {
        self.roots
            .get(&url.origin().ascii_serialization())
            .map(PathBuf::as_path)
    }
}

/// The file name relative to the origin's directory, `/`-separated.
fn relative_name(url: &Url) -> String {
    let mut path = percent_decode(url.path());
    if path.is_empty() {
        path.push('/');
    }
    let last_segment = path.rsplit('/').next().unwrap_or_default();
    if path.ends_with('/') {
        path.push_str("index.html");
    } else if !last_segment.contains('.') {
        path.push_str("/index.html");
    }
    let mut name = path.trim_start_matches('/').to_owned();
    if let Some(query) = url.query().filter(|query| !query.is_empty()) {
        name.push('?');
        name.push_str(&sorted_query(query));
    }
    name
}

/// The raw `&`-separated pieces, stably sorted by parameter name, untouched
/// otherwise: the mirror's file names were written that way.
fn sorted_query(query: &str) -> String {
    let mut pieces: Vec<&str> = query.split('&').collect();
    pieces.sort_by_key(|piece| piece.split('=').next().unwrap_or_default());
    pieces.join("&")
}

/// Joins `name`'s segments under `root`, refusing anything that could leave it.
fn safe_join(root: &Path, name: &str) -> Result<PathBuf, String> {
    let mut path = root.to_path_buf();
    for segment in name.split('/').filter(|segment| !segment.is_empty()) {
        if segment == "." || segment == ".." {
            return Err(format!("the path has a `{segment}` segment"));
        }
        if segment.contains(['\\', '\0']) {
            return Err("a path segment contains a backslash or NUL".to_owned());
        }
        path.push(segment);
    }
    Ok(path)
}

/// Percent-decodes a URL path (UTF-8, invalid sequences replaced), as Python's
/// `unquote` does in the generator.
fn percent_decode(input: &str) -> String {
    let bytes = input.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|pair| {
            let pair = std::str::from_utf8(pair).ok()?;
            u8::from_str_radix(pair, 16).ok()
        });
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The mirror side of the [`Fetcher`].
impl Fetcher {
    /// Reads a mirrored URL's file: robots.txt obeyed, but no delay, no
    /// retries; an ETag from the content makes re-harvests conditional.
    pub(super) async fn fetch_mirrored(
        &self,
        url: &Url,
        validators: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        let mirror_error = |path: PathBuf, reason: String| FetchError::Mirror {
            url: url.clone(),
            path,
            reason,
        };
        let path = match self.mirror.resolve(url) {
            Some(Ok(path)) => path,
            Some(Err(unsafe_path)) => {
                return Err(mirror_error(unsafe_path.root, unsafe_path.reason));
            }
            None => {
                return Err(mirror_error(
                    PathBuf::new(),
                    "origin not mirrored".to_owned(),
                ));
            }
        };
        self.check_robots(url).await?;
        bump(&self.shared.stats.requests, 1);
        let bytes = match read_file(path.clone()).await {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(FetchError::Status {
                    url: url.clone(),
                    status: 404,
                });
            }
            Err(error) => return Err(mirror_error(path, error.to_string())),
        };
        bump(&self.shared.stats.bytes, bytes.len() as u64);
        let limit = self.shared.policy.max_body_bytes;
        if bytes.len() > limit {
            return Err(FetchError::TooLarge {
                url: url.clone(),
                limit,
            });
        }
        Ok(response(url, &path, &bytes, validators))
    }
}

/// Reads a file off the async runtime's worker threads.
pub(crate) async fn read_file(path: PathBuf) -> std::io::Result<Vec<u8>> {
    tokio::task::spawn_blocking(move || std::fs::read(path))
        .await
        .unwrap_or_else(|join_error| Err(std::io::Error::other(join_error)))
}

/// The answer for `url` served from `file`'s `bytes`: [`Response::NotModified`]
/// when `validators` carry the content's ETag, since a mirror file has no
/// trustworthy date but its bytes say whether it changed.
pub(crate) fn response(
    url: &Url,
    file: &Path,
    bytes: &[u8],
    validators: Option<&Validators>,
) -> Response {
    let etag = content_etag(bytes);
    if validators.and_then(|sent| sent.etag.as_deref()) == Some(etag.as_str()) {
        return Response::NotModified;
    }
    let media_type = media_type_for(file);
    let (text, encoding) = charset::decode(bytes, Some(media_type));
    Response::Fresh(Page {
        url: url.clone(),
        status: 200,
        media_type: media_type.to_owned(),
        text,
        encoding: encoding.name(),
        validators: Validators {
            etag: Some(etag),
            last_modified: None,
        },
        bytes: bytes.len(),
    })
}

/// `"` + 16 hex digits of SHA-256 + `"`: stable across runs for unchanged files.
fn content_etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    format!("\"{}\"", crate::record::hex(&digest[..8]))
}

/// The media type a mirror file is served as, from its extension (before any
/// `?query` in the file name). No extension means a directory index: HTML.
pub(crate) fn media_type_for(file: &Path) -> &'static str {
    let name = file
        .file_name()
        .map(|name| name.to_string_lossy())
        .unwrap_or_default();
    let name = name.split('?').next().unwrap_or_default();
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase());
    match extension.as_deref() {
        None | Some("html" | "htm" | "php") => "text/html",
        Some("json") => "application/json",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("pdf") => "application/pdf",
        Some(_) => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "https://site.example/";

    fn file(url: &str) -> Option<String> {
        let origin = Url::parse(ORIGIN).expect("origin");
        let mirror = Mirror::new().with_origin(&origin, "root");
        let url = Url::parse(url).expect("test URL");
        mirror
            .file_for(&url)
            .map(|path| path.to_string_lossy().into_owned())
    }

    #[test]
    fn readme_table() {
        let cases = [
            ("/projets/jardins.html", "root/projets/jardins.html"),
            ("/initiatives/page/2/", "root/initiatives/page/2/index.html"),
            ("/projets", "root/projets/index.html"),
            ("/projets?page=2", "root/projets/index.html?page=2"),
            (
                "/spip.php?page=rubrique&id_rubrique=3&debut_articles=20#pagination_articles",
                "root/spip.php?debut_articles=20&id_rubrique=3&page=rubrique",
            ),
            ("/spip.php?article123", "root/spip.php?article123"),
            (
                "/api/projets.json?per_page=25&page=3",
                "root/api/projets.json?page=3&per_page=25",
            ),
            ("/", "root/index.html"),
            ("", "root/index.html"),
        ];
        for (path, expected) in cases {
            assert_eq!(
                file(&format!("https://site.example{path}")).as_deref(),
                Some(expected),
                "{path}"
            );
        }
    }

    #[test]
    fn percent_decoded_segments() {
        assert_eq!(
            file("https://site.example/%C3%A9t%C3%A9.html").as_deref(),
            Some("root/été.html")
        );
    }

    #[test]
    fn other_origins_are_not_mirrored() {
        assert_eq!(file("http://site.example/projets"), None);
        assert_eq!(file("https://site.example:8443/projets"), None);
        assert_eq!(file("https://other.example/projets"), None);
    }

    #[test]
    fn traversal_is_refused() {
        let origin = Url::parse(ORIGIN).expect("origin");
        let mirror = Mirror::new().with_origin(&origin, "root");
        for evil in [
            "/a/..%2F..%2Fetc/passwd",
            "/x?q=../../etc/passwd",
            "/a%5C..%5Cb",
        ] {
            let url = Url::parse(&format!("https://site.example{evil}")).expect("test URL");
            assert!(
                matches!(mirror.resolve(&url), Some(Err(_))),
                "{evil} → {:?}",
                mirror.resolve(&url)
            );
            assert_eq!(mirror.file_for(&url), None);
        }
    }

    #[test]
    fn etag_is_quoted_16_hex() {
        assert_eq!(content_etag(b"abc"), "\"ba7816bf8f01cfea\"");
    }

    #[test]
    fn media_types() {
        assert_eq!(
            media_type_for(Path::new("r/spip.php?article1")),
            "text/html"
        );
        assert_eq!(
            media_type_for(Path::new("r/projets/index.html?page=1")),
            "text/html"
        );
        assert_eq!(
            media_type_for(Path::new("r/api/projets.json?page=1&per_page=25")),
            "application/json"
        );
        assert_eq!(
            media_type_for(Path::new("r/sitemap.xml")),
            "application/xml"
        );
        assert_eq!(media_type_for(Path::new("r/robots.txt")), "text/plain");
        assert_eq!(media_type_for(Path::new("r/plan")), "text/html");
        assert_eq!(media_type_for(Path::new("r/x.PDF")), "application/pdf");
    }
}
