//! Why a fetch failed: every error names its URL and says what to do next.

use std::path::PathBuf;

use url::Url;

/// Why a URL could not be fetched. Every message names the URL.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The site's robots.txt forbids the URL to CarrefourBot.
    #[error("robots.txt of {} disallows {url}; skipped (the partner can allow CarrefourBot)", origin(.url))]
    Disallowed {
        /// The refused URL.
        url: Url,
    },
    /// robots.txt answered 5xx or was unreachable: everything is off limits.
    #[error(
        "robots.txt of {} could not be read ({reason}), so {url} counts as disallowed (RFC 9309); retry the harvest later",
        origin(.url)
    )]
    RobotsUnreachable {
        /// The refused URL.
        url: Url,
        /// What went wrong with robots.txt.
        reason: String,
    },
    /// The final answer, after any retries, was not a success.
    #[error("{url} answered HTTP {status}")]
    Status {
        /// The URL that answered (after redirects).
        url: Url,
        /// The HTTP status.
        status: u16,
    },
    /// The body exceeded [`FetchPolicy::max_body_bytes`].
    #[error(
        "{url} is larger than {limit} bytes and was abandoned; raise max_body_bytes if it is a real page"
    )]
    TooLarge {
        /// The URL.
        url: Url,
        /// The limit in bytes.
        limit: usize,
    },
    /// No complete answer within [`FetchPolicy::timeout`], on every attempt.
    #[error("{url} did not answer in time, even after retries; the site may be down")]
    Timeout {
        /// The URL (the one of the last redirect hop).
        url: Url,
    },
    /// More redirects than [`FetchPolicy::max_redirects`] (often a loop).
    #[error("{url} redirects too many times (a redirect loop?)")]
    TooManyRedirects {
        /// The URL first asked for.
        url: Url,
    },
    /// Connection, TLS or protocol failure, on every attempt.
    #[error("cannot fetch {url}: {reason}")]
    Network {
        /// The URL.
        url: Url,
        /// The underlying error.
        reason: String,
    },
    /// A mirrored URL whose file is unusable.
    #[error("cannot read {url} from the mirror file {}: {reason}", .path.display())]
    Mirror {
        /// The partner's URL.
        url: Url,
        /// The file (or the mirror root, for unsafe URLs).
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {reason}")]
    Client {
        /// What is wrong, and what to change.
        reason: String,
    },
}

pub(in crate::harvest) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

impl FetchError {
    /// Worth another attempt: the cause may be gone in a moment.
    pub(super) fn is_transient(&self) -> bool {
        matches!(self, Self::Timeout { .. } | Self::Network { .. })
    }
}

pub(super) fn network_error(url: &Url, error: &reqwest::Error) -> FetchError {
    if error.is_timeout() {
        FetchError::Timeout { url: url.clone() }
    } else {
        FetchError::Network {
            url: url.clone(),
            reason: error_chain(error),
        }
    }
}

/// The error and its sources, since reqwest's top message alone ("error
/// sending request") hides the useful part ("connection refused").
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
