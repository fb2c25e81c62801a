//! Every request of a rendered page, answered by the fetcher or refused.
//!
//! Input: the DevTools `Fetch.requestPaused` events of one tab. Output:
//! for each, a response fetched under the fetcher's rules (robots.txt, the
//! partner's origins, public addresses, politeness, size and time caps),
//! or a refusal. Chromium itself never touches the network (see `browser`):
//! what it does not get from here, it does not get.
//!
//! Only what can build the DOM is fetched: the page, its scripts and their
//! `XMLHttpRequest`/`fetch` calls, with GET. Images, styles, fonts, media,
//! frames and anything else are refused unfetched, which spares the partner
//! requests that would each cost a politeness delay.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use chromiumoxide::Page as Tab;
use chromiumoxide::cdp::browser_protocol::fetch::{
    EventRequestPaused, FailRequestParams, FulfillRequestParams, HeaderEntry,
};
use chromiumoxide::cdp::browser_protocol::network::{ErrorReason, ResourceType};
use chromiumoxide::cdp::browser_protocol::page::FrameId;
use chromiumoxide::listeners::EventStream;
use futures_util::StreamExt;
use tokio::task::JoinSet;
use tokio::time::Instant;
use url::Url;

use super::super::robots::lock;
use super::error::FetchError;
use super::{Fetcher, Page, Response};

/// Requests being answered, and when that count last changed: the page's
/// network is idle when none has been in flight for a while.
pub(super) struct Activity {
    in_flight: AtomicUsize,
    changed: Mutex<Instant>,
}

impl Default for Activity {
    fn default() -> Self {
        Activity {
            in_flight: AtomicUsize::new(0),
            changed: Mutex::new(Instant::now()),
        }
    }
}

impl Activity {
    fn begin(&self) {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        *lock(&self.changed) = Instant::now();
    }

    fn end(&self) {
        self.in_flight.fetch_sub(1, Ordering::SeqCst);
        *lock(&self.changed) = Instant::now();
    }

    /// How long no request has been in flight; `None` while one is.
    pub(super) fn quiet_for(&self) -> Option<Duration> {
        let changed = *lock(&self.changed);
        (self.in_flight.load(Ordering::SeqCst) == 0).then(|| changed.elapsed())
    }
}

/// What to do with one paused request.
enum Decision {
    /// The page itself, already fetched: served once, without a request.
    Document(Page),
    /// Fetched through the fetcher.
    Fetch(Url),
    /// Refused unfetched, for this reason.
    Refuse(&'static str),
}

/// Answers the paused requests of one tab.
pub(super) struct Interceptor {
    /// The fetcher of the run, in plain HTTP mode.
    fetcher: Fetcher,
    tab: Tab,
    main_frame: Option<FrameId>,
    /// The page, until Chromium asks for it.
    document: Mutex<Option<Page>>,
    activity: Arc<Activity>,
}

impl Interceptor {
    /// An interceptor serving `document` (already fetched) to `tab`.
    pub(super) fn new(
        fetcher: Fetcher,
        tab: Tab,
        main_frame: Option<FrameId>,
        document: Page,
        activity: Arc<Activity>,
    ) -> Arc<Interceptor> {
        Arc::new(Interceptor {
            fetcher,
            tab,
            main_frame,
            document: Mutex::new(Some(document)),
            activity,
        })
    }

    /// Answers every paused request, several at once (the fetcher keeps
    /// each host's politeness), until the tab goes or the task is aborted;
    /// answers in progress stop with it.
    pub(super) async fn run(self: Arc<Self>, mut events: EventStream<EventRequestPaused>) {
        let mut answering = JoinSet::new();
        loop {
            tokio::select! {
                event = events.next() => {
                    let Some(event) = event else { break };
                    self.activity.begin();
                    let this = Arc::clone(&self);
                    answering.spawn(async move {
                        this.answer(&event).await;
                        this.activity.end();
                    });
                }
                Some(_) = answering.join_next(), if !answering.is_empty() => {}
            }
        }
    }

    async fn answer(&self, event: &EventRequestPaused) {
        let decision = self.decide(event);
        let sent = match decision {
            Decision::Document(page) => self.tab.execute(fulfil(event, &page)).await.map(drop),
            Decision::Refuse(why) => {
                tracing::trace!(url = %event.request.url, why, "request refused unfetched");
                let reason = ErrorReason::BlockedByClient;
                let refusal = FailRequestParams::new(event.request_id.clone(), reason);
                self.tab.execute(refusal).await.map(drop)
            }
            Decision::Fetch(url) => self.fetch_for(event, &url).await,
        };
        if let Err(error) = sent {
            // The tab or the page went away meanwhile: nothing to answer.
            tracing::debug!(url = %event.request.url, %error, "request not answered");
        }
    }

    fn decide(&self, event: &EventRequestPaused) -> Decision {
        let Ok(url) = Url::parse(&event.request.url) else {
            return Decision::Refuse("not a URL");
        };
        if event.request.method != "GET" {
            return Decision::Refuse("only GET requests are fetched for a rendered page");
        }
        match event.resource_type {
            ResourceType::Document if Some(&event.frame_id) != self.main_frame.as_ref() => {
                Decision::Refuse("frames are not rendered")
            }
            ResourceType::Document => {
                let mut document = lock(&self.document);
                match document.take() {
                    Some(page) if same_page(&page.url, &url) => Decision::Document(page),
                    // A script navigating elsewhere: an ordinary fetch.
                    other => {
                        *document = other;
                        Decision::Fetch(url)
                    }
                }
            }
            ResourceType::Script | ResourceType::Xhr | ResourceType::Fetch => Decision::Fetch(url),
            _ => Decision::Refuse("not needed to build the DOM"),
        }
    }

    /// Fetches `url` under the fetcher's rules and hands Chromium the
    /// answer: the body, an HTTP error status, or a network failure.
    async fn fetch_for(
        &self,
        event: &EventRequestPaused,
        url: &Url,
    ) -> Result<(), chromiumoxide::error::CdpError> {
        let fetched = self
            .fetcher
            .account(self.fetcher.fetch_http(url, None).await);
        let reason = match fetched {
            Ok(Response::Fresh(page)) => {
                return self.tab.execute(fulfil(event, &page)).await.map(drop);
            }
            Err(FetchError::Status { status, .. }) => {
                let answer = FulfillRequestParams::new(event.request_id.clone(), status);
                return self.tab.execute(answer).await.map(drop);
            }
            Ok(Response::NotModified) => ErrorReason::Failed,
            Err(error) => {
                tracing::info!(%url, %error, "a request of the rendered page was not fetched");
                failure_reason(&error)
            }
        };
        let refusal = FailRequestParams::new(event.request_id.clone(), reason);
        self.tab.execute(refusal).await.map(drop)
    }
}

/// `page` as Chromium's answer to `event`: its status, its media type, and
/// its text, which the fetcher decoded, as UTF-8.
fn fulfil(event: &EventRequestPaused, page: &Page) -> FulfillRequestParams {
    let media_type = if page.media_type.is_empty() {
        "application/octet-stream"
    } else {
        &page.media_type
    };
    let mut answer = FulfillRequestParams::new(event.request_id.clone(), page.status);
    answer.response_headers = Some(vec![
        HeaderEntry::new("Content-Type", format!("{media_type}; charset=utf-8")),
        HeaderEntry::new("Cache-Control", "no-store"),
    ]);
    answer.body = Some(BASE64.encode(page.text.as_bytes()).into());
    answer
}

/// The same page, fragments aside (Chromium never sends them).
fn same_page(fetched: &Url, asked: &Url) -> bool {
    let mut fetched = fetched.clone();
    let mut asked = asked.clone();
    fetched.set_fragment(None);
    asked.set_fragment(None);
    fetched == asked
}

/// How a fetch failure looks to the page's scripts.
fn failure_reason(error: &FetchError) -> ErrorReason {
    match error {
        FetchError::Refused { .. }
        | FetchError::Disallowed { .. }
        | FetchError::RobotsUnreachable { .. } => ErrorReason::BlockedByClient,
        FetchError::Timeout { .. } => ErrorReason::TimedOut,
        _ => ErrorReason::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).expect("test URL")
    }

    #[test]
    fn fragments_do_not_make_another_page() {
        assert!(same_page(
            &url("https://a.example/p#top"),
            &url("https://a.example/p")
        ));
        assert!(!same_page(
            &url("https://a.example/p?x=1"),
            &url("https://a.example/p")
        ));
    }

    #[test]
    fn refusals_look_blocked_to_the_page() {
        let page = url("https://a.example/p");
        let disallowed = FetchError::Disallowed { url: page.clone() };
        assert_eq!(failure_reason(&disallowed), ErrorReason::BlockedByClient);
        let timeout = FetchError::Timeout { url: page };
        assert_eq!(failure_reason(&timeout), ErrorReason::TimedOut);
    }

    #[test]
    fn activity_is_quiet_only_without_requests() {
        let activity = Activity::default();
        assert!(activity.quiet_for().is_some());
        activity.begin();
        assert!(activity.quiet_for().is_none());
        activity.end();
        assert!(activity.quiet_for().is_some());
    }
}
