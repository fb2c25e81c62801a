//! One `SERVICE` call over HTTP: the query POSTed to the remote endpoint
//! (SPARQL 1.1 Protocol), its results read back, within a time limit and a
//! size cap, following redirects only to allowed hosts, connecting only to
//! the addresses the [`AddressPolicy`] allows (checked on the resolved
//! addresses, and before the request for an IP literal).
//!
//! Evaluation runs on a blocking thread; the call runs on a small runtime
//! of its own (one thread, started at the first call) while that thread
//! waits. A runtime of our own, rather than the server's, can never be
//! blocked from inside one of its own workers, and its pooled connections
//! live as long as the process whichever server (tests run several) made
//! them.

use std::sync::OnceLock;
use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Client, Response, StatusCode};
use tokio::runtime::Runtime;
use url::Url;

use super::allow_list::AllowList;
use crate::harvest::fetch::error_chain;
use crate::net::{AddressPolicy, refusal_in};

/// The largest answer read from a remote endpoint (after decompression).
pub(super) const MAX_ANSWER_BYTES: usize = 32 * 1024 * 1024;

/// Redirects followed per call (each to an allowed host only).
const MAX_REDIRECTS: usize = 5;

/// Time to open a connection, however long the query may still run.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// What we ask for: JSON results, XML if the endpoint has no JSON.
const ACCEPTED: &str = "application/sparql-results+json, application/sparql-results+xml;q=0.9";

/// Who is calling, so the remote operator can tell and reach us.
const USER_AGENT: &str = concat!(
    "Carrefour/",
    env!("CARGO_PKG_VERSION"),
    " (SPARQL SERVICE call; +",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

/// How much of an error page is quoted in the message.
const QUOTED_CHARS: usize = 300;

/// A remote endpoint's answer: its media type and its body.
#[derive(Debug)]
pub(super) struct Answer {
    pub(super) media_type: String,
    pub(super) body: Vec<u8>,
}

/// How a request is sent: the protocol's POST of the query, or its GET
/// with `?query=` (after a redirect that changes POST into GET).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Method {
    Post,
    Get,
}

/// Why a call has no answer, as a clause to follow "the endpoint failed:"
/// or "the endpoint is refused:".
#[derive(Debug)]
pub(super) enum CallError {
    /// The endpoint failed, or could not be reached.
    Failed(String),
    /// The endpoint is at an address this server does not call.
    Refused(String),
}

impl From<String> for CallError {
    fn from(reason: String) -> Self {
        CallError::Failed(reason)
    }
}

/// Sends `query` to `endpoint`, waiting at most `timeout` for the whole
/// answer.
pub(super) fn call(
    endpoint: &Url,
    query: &str,
    allowed: &AllowList,
    addresses: AddressPolicy,
    timeout: Duration,
) -> Result<Answer, CallError> {
    let runtime = runtime()?;
    let client = client(addresses)?;
    let (tx, rx) = std::sync::mpsc::sync_channel(1);
    let route = Route {
        allowed: allowed.clone(),
        addresses,
    };
    let exchange = exchange(client, endpoint.clone(), query.to_owned(), route);
    let task = runtime.spawn(async move {
        let answer = tokio::time::timeout(timeout, exchange)
            .await
            .unwrap_or_else(|_| Err(too_slow(timeout).into()));
        let _ = tx.send(answer);
    });
    // The task ends by its own timeout; this one only guards against a
    // task that died without sending anything.
    let answer = rx
        .recv_timeout(timeout + Duration::from_secs(1))
        .unwrap_or_else(|_| Err(too_slow(timeout).into()));
    task.abort();
    answer
}

fn too_slow(timeout: Duration) -> String {
    format!(
        "it did not answer within {:.1} s (the time left to the query)",
        timeout.as_secs_f64()
    )
}

/// The runtime calls run on, started once.
fn runtime() -> Result<&'static Runtime, String> {
    static RUNTIME: OnceLock<Result<Runtime, String>> = OnceLock::new();
    RUNTIME
        .get_or_init(|| {
            tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .thread_name("carrefour-service")
                .enable_all()
                .build()
                .map_err(|e| format!("no runtime for SERVICE calls could be started ({e})"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// The HTTP client of `addresses`, built once per policy: redirects are
/// ours to follow (each hop is checked against the allow-list), so reqwest
/// follows none; names resolve to allowed addresses only.
fn client(addresses: AddressPolicy) -> Result<&'static Client, String> {
    static STRICT: OnceLock<Result<Client, String>> = OnceLock::new();
    static LOOPBACK: OnceLock<Result<Client, String>> = OnceLock::new();
    let cell = match addresses.allow_loopback {
        false => &STRICT,
        true => &LOOPBACK,
    };
    cell.get_or_init(|| {
        // Another part of the program may have installed it already: fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        addresses
            .guard(Client::builder())
            .user_agent(USER_AGENT)
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| format!("no HTTP client could be built ({})", error_chain(&e)))
    })
    .as_ref()
    .map_err(Clone::clone)
}

/// Where a call may go: the allowed hosts, at allowed addresses.
struct Route {
    allowed: AllowList,
    addresses: AddressPolicy,
}

/// The request, and the redirects it meets, up to a successful answer.
async fn exchange(
    client: &Client,
    endpoint: Url,
    query: String,
    route: Route,
) -> Result<Answer, CallError> {
    let mut target = endpoint;
    let mut method = Method::Post;
    for _ in 0..=MAX_REDIRECTS {
        // reqwest connects to an IP literal without asking the resolver.
        if let Err(refused) = route.addresses.check_literal(&target) {
            return Err(CallError::Refused(refused.to_string()));
        }
        let response = send(client, &target, method, &query).await?;
        let status = response.status();
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            let next = redirect_target(&target, &response)?;
            if !route.allowed.permits(&next) {
                return Err(CallError::Failed(format!(
                    "it redirected to <{next}>, which this server does not call (not on its \
                     allow-list); query <{next}> directly, or ask the operator to allow it"
                )));
            }
            method = after_redirect(method, status);
            target = next;
            continue;
        }
        if !status.is_success() {
            let quoted = quote(response).await;
            return Err(format!("it answered {status}: {quoted}").into());
        }
        return Ok(read_answer(response).await?);
    }
    Err(format!("it redirected more than {MAX_REDIRECTS} times (a redirect loop?)").into())
}

async fn send(
    client: &Client,
    target: &Url,
    method: Method,
    query: &str,
) -> Result<Response, CallError> {
    let request = match method {
        Method::Post => client
            .post(target.clone())
            .header(CONTENT_TYPE, "application/sparql-query")
            .body(query.to_owned()),
        Method::Get => {
            let mut url = target.clone();
            url.query_pairs_mut().append_pair("query", query);
            client.get(url)
        }
    };
    request
        .header(ACCEPT, ACCEPTED)
        .send()
        .await
        .map_err(|e| match refusal_in(&e) {
            Some(refused) => CallError::Refused(refused.to_string()),
            None => CallError::Failed(format!("it could not be reached ({})", error_chain(&e))),
        })
}

/// 307 and 308 repeat the request as it was; 301, 302 and 303 turn a
/// POST into a GET, which the protocol answers the same with `?query=`.
fn after_redirect(method: Method, status: StatusCode) -> Method {
    match status {
        StatusCode::TEMPORARY_REDIRECT | StatusCode::PERMANENT_REDIRECT => method,
        _ => Method::Get,
    }
}

fn redirect_target(base: &Url, response: &Response) -> Result<Url, String> {
    let location = response
        .headers()
        .get(LOCATION)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(|| format!("it answered {} without a Location", response.status()))?;
    base.join(location)
        .map_err(|e| format!("it redirected to {location:?}, which is not a URL ({e})"))
}

/// The successful answer: its media type and its body, at most
/// [`MAX_ANSWER_BYTES`].
async fn read_answer(mut response: Response) -> Result<Answer, String> {
    let media_type = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .ok_or("it answered without a Content-Type")?;
    let too_large = || {
        format!(
            "its answer is larger than {} MiB, the most this server reads from a SERVICE; \
             narrow the pattern inside SERVICE",
            MAX_ANSWER_BYTES / (1024 * 1024)
        )
    };
    if response
        .content_length()
        .is_some_and(|length| length > MAX_ANSWER_BYTES as u64)
    {
        return Err(too_large());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| format!("its answer was cut short ({})", error_chain(&e)))?
    {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Answer { media_type, body })
}

/// The start of an error answer, on one line, to quote in our message.
async fn quote(mut response: Response) -> String {
    let mut body = Vec::new();
    while body.len() < 4 * QUOTED_CHARS {
        match response.chunk().await {
            Ok(Some(chunk)) => body.extend_from_slice(&chunk),
            _ => break,
        }
    }
    let text = String::from_utf8_lossy(&body);
    let mut line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() > QUOTED_CHARS {
        line = line.chars().take(QUOTED_CHARS).collect();
        line.push('…');
    }
    if line.is_empty() {
        "(no message)".to_owned()
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_redirect_keeps_or_drops_the_post_as_http_says() {
        let kept = after_redirect(Method::Post, StatusCode::TEMPORARY_REDIRECT);
        assert_eq!(kept, Method::Post);
        assert_eq!(
            after_redirect(Method::Post, StatusCode::PERMANENT_REDIRECT),
            Method::Post
        );
        assert_eq!(
            after_redirect(Method::Post, StatusCode::SEE_OTHER),
            Method::Get
        );
        assert_eq!(
            after_redirect(Method::Post, StatusCode::MOVED_PERMANENTLY),
            Method::Get
        );
    }

    #[test]
    fn the_user_agent_names_carrefour() {
        assert!(USER_AGENT.starts_with("Carrefour/"));
        assert!(USER_AGENT.contains("SERVICE"));
    }
}
