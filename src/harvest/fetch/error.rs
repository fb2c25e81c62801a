//! Why a fetch failed: every error names its URL and says what to do next.

use std::path::PathBuf;

use url::Url;

use crate::net::{AddressRefused, refusal_in};

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
    /// A hop left the partner's origins or led to a non-public address:
    /// nothing was fetched from it, and no connection was made.
    #[error("{}", refused_message(.url, .hop, .reason))]
    Refused {
        /// The URL asked for.
        url: Url,
        /// The hop refused: `url` itself, a redirect's target, or robots.txt.
        hop: Url,
        /// Why.
        reason: Refusal,
    },
    /// The mapping says `render = "browser"` and there is no Chromium to
    /// run: nothing was fetched.
    #[error(
        "{url} was not fetched: `render = \"browser\"` needs Chromium, and there is none ({tried}): install Debian's chromium (`apt-get install chromium`) or run .ci/setup"
    )]
    BrowserMissing {
        /// The page to render.
        url: Url,
        /// Where Chromium was looked for.
        tried: String,
    },
    /// Chromium could not render the page (did not start, crashed, timed
    /// out, navigated off the partner's site).
    #[error("cannot render {url} in Chromium: {reason}")]
    Browser {
        /// The page to render.
        url: Url,
        /// What went wrong, and what to change.
        reason: String,
    },
    /// The HTTP client could not be set up.
    #[error("cannot set up the HTTP client: {reason}")]
    Client {
        /// What is wrong, and what to change.
        reason: String,
    },
}

/// Why a hop was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refusal {
    /// The hop's host (or port) is not one of the partner's.
    #[error(
        "it is not on the partner's origins ({allowed}); if the partner really publishes there, add its host to discovery.hosts"
    )]
    OffOrigin {
        /// The partner's origins, as a list.
        allowed: String,
    },
    /// The hop's address is not public (loopback, private, link-local…).
    #[error(transparent)]
    Address(AddressRefused),
}

fn refused_message(url: &Url, hop: &Url, reason: &Refusal) -> String {
    if url == hop {
        format!("{url} was refused: {reason}")
    } else {
        format!("{url} was not fetched: {hop} was refused: {reason}")
    }
}

pub(in crate::harvest) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

impl FetchError {
    /// Worth another attempt: the cause may be gone in a moment.
    pub(super) fn is_transient(&self) -> bool {
        matches!(self, Self::Timeout { .. } | Self::Network { .. })
    }

    /// The page says it is gone (404, 410): the partner removed it. Any
    /// other failure leaves open whether the page still exists.
    pub fn is_gone(&self) -> bool {
        matches!(
            self,
            Self::Status {
                status: 404 | 410,
                ..
            }
        )
    }

    /// The same refusal, for a fetch that asked for `asked` (a refused
    /// redirect target names the URL that led to it); other errors unchanged.
    pub(super) fn asked_for(self, asked: &Url) -> FetchError {
        match self {
            Self::Refused { hop, reason, .. } => Self::Refused {
                url: asked.clone(),
                hop,
                reason,
            },
            other => other,
        }
    }
}

pub(super) fn network_error(url: &Url, error: &reqwest::Error) -> FetchError {
    if let Some(refused) = refusal_in(error) {
        FetchError::Refused {
            url: url.clone(),
            hop: url.clone(),
            reason: Refusal::Address(refused.clone()),
        }
    } else if error.is_timeout() {
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
    joined_chain(error, ": ")
}

/// The error and its sources, joined by `separator` (the command line
/// puts each cause on a line of its own).
pub fn joined_chain(error: &dyn std::error::Error, separator: &str) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(separator);
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}
