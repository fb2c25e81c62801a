//! Rendering a page in headless Chromium, for partner sites whose content
//! is built by JavaScript (`render = "browser"` in a mapping).
//!
//! Input: a URL. Output: a [`Page`] whose text is the serialized DOM after
//! the page's scripts ran and its network went idle, or a [`FetchError`].
//! The page is first fetched like any other (robots.txt, origins, public
//! addresses, politeness, size and time caps); Chromium then gets it, and
//! every request its scripts make, only through the fetcher (`intercept`),
//! so the same rules hold for each of them. One browser per fetcher scope
//! (`browser`), a tab per page, a bounded time per page.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use chromiumoxide::Page as Tab;
use chromiumoxide::cdp::browser_protocol::fetch::EventRequestPaused;
use chromiumoxide::cdp::browser_protocol::page::NavigateParams;
use chromiumoxide::cdp::js_protocol::runtime::EvaluateParams;
use serde::Deserialize;
use tokio::time::Instant;
use url::Url;

use super::browser::locate;
use super::error::{FetchError, error_chain};
use super::intercept::{Activity, Interceptor};
use super::{Fetcher, Page, Render, Response, Validators};

/// How pages are rendered. Defaults are for production; tests shrink them.
#[derive(Debug, Clone)]
pub struct RenderPolicy {
    /// The Chromium binary. `None`: `$CARREFOUR_CHROMIUM`, else `chromium`
    /// on `PATH`, else `/usr/bin/chromium`.
    pub chromium: Option<PathBuf>,
    /// Where the browser's fresh profile directory is made (default: the
    /// system's temporary directory); removed when the browser closes.
    pub profile_root: Option<PathBuf>,
    /// Time allowed to render one page, from opening its tab to reading its
    /// DOM, the requests its scripts make included.
    pub page_timeout: Duration,
    /// The network counts as idle after this long without a request.
    pub settle: Duration,
    /// Longest wait for the network to go idle; the DOM is read then anyway
    /// (a page polling forever still gives what it has shown).
    pub settle_timeout: Duration,
    /// Time allowed for Chromium to start.
    pub launch_timeout: Duration,
    /// Pages rendered at once by one browser.
    pub tabs: usize,
}

impl Default for RenderPolicy {
    fn default() -> Self {
        RenderPolicy {
            chromium: None,
            profile_root: None,
            page_timeout: Duration::from_secs(90),
            settle: Duration::from_millis(500),
            settle_timeout: Duration::from_secs(20),
            launch_timeout: Duration::from_secs(30),
            tabs: 2,
        }
    }
}

/// How often the page's state is polled while it settles.
const POLL: Duration = Duration::from_millis(100);

/// The page's state, read while it settles.
#[derive(Deserialize)]
struct State {
    ready: String,
    href: String,
}

/// The serialized DOM, or its size when over the cap.
#[derive(Deserialize)]
struct Dom {
    href: String,
    html: Option<String>,
    size: Option<u64>,
}

/// The rendering side of the [`Fetcher`].
impl Fetcher {
    /// This fetcher, fetching pages as `render` says: [`Render::Browser`]
    /// renders HTML pages in the scope's headless Chromium (started on the
    /// first such page, shared by the scope's pages, closed with the scope),
    /// under the same rules as plain fetches.
    pub fn rendering(&self, render: Render) -> Fetcher {
        Fetcher {
            render,
            ..self.clone()
        }
    }

    /// Closes this scope's browser, if one was started, and waits for it
    /// to exit; pages still rendering keep it until they are done. Dropping
    /// the scope's last fetcher closes it too, in the background.
    pub async fn close_browser(&self) {
        self.scope.browser.close().await;
    }

    /// Fetches `url` and renders it in the scope's browser (started now if
    /// needed). A page that is not HTML (a JSON API, a PDF) is returned as
    /// fetched, without starting a browser. Validators are neither sent nor kept: the page's scripts may
    /// load data that changed while the page itself did not.
    pub(super) async fn render(&self, url: &Url) -> Result<Response, FetchError> {
        let policy = &self.shared.policy.render;
        // No request for a page that could not be rendered.
        locate(policy.chromium.as_deref()).map_err(|tried| FetchError::BrowserMissing {
            url: url.clone(),
            tried,
        })?;
        let document = match self.fetch_http(url, None).await? {
            Response::Fresh(page) => page,
            Response::NotModified => {
                return Err(FetchError::Status {
                    url: url.clone(),
                    status: 304,
                });
            }
        };
        if !is_html(&document.media_type) {
            return Ok(Response::Fresh(document));
        }
        let user_agent = &self.shared.policy.user_agent;
        let browser = self.scope.browser.get(policy, user_agent, url).await?;
        let tab_permit = browser.tabs.acquire().await;
        let chromium = browser.chromium().ok_or_else(|| FetchError::Browser {
            url: url.clone(),
            reason: "the browser was closed while the harvest still needed it".into(),
        })?;
        let tab = chromium
            .new_page("about:blank")
            .await
            .map_err(|e| browser_error(url, "could not open a tab", &e))?;
        let tab = TabGuard(tab);
        let rendering = self.render_in(&tab.0, document);
        let rendered = tokio::time::timeout(policy.page_timeout, rendering)
            .await
            .unwrap_or_else(|_| {
                Err(FetchError::Browser {
                    url: url.clone(),
                    reason: format!(
                        "it did not finish rendering within {} s (raise the render page timeout if the site is that slow)",
                        policy.page_timeout.as_secs()
                    ),
                })
            });
        drop((tab, tab_permit));
        rendered.map(Response::Fresh)
    }

    /// Navigates `tab` to the fetched `document`, lets it settle, reads it.
    async fn render_in(&self, tab: &Tab, document: Page) -> Result<Page, FetchError> {
        let url = document.url.clone();
        let events = tab
            .event_listener::<EventRequestPaused>()
            .await
            .map_err(|e| browser_error(&url, "could not intercept requests", &e))?;
        let main_frame = tab
            .mainframe()
            .await
            .map_err(|e| browser_error(&url, "no main frame", &e))?;
        let activity = Arc::new(Activity::default());
        let interceptor = Interceptor::new(
            self.rendering(Render::Http),
            tab.clone(),
            main_frame,
            document.clone(),
            Arc::clone(&activity),
        );
        let _interception = AbortOnDrop(tokio::spawn(interceptor.run(events)));
        let navigated = tab
            .execute(NavigateParams::new(url.as_str()))
            .await
            .map_err(|e| browser_error(&url, "navigation failed", &e))?;
        if let Some(error) = &navigated.result.error_text {
            return Err(FetchError::Browser {
                url,
                reason: format!("navigation failed: {error}"),
            });
        }
        self.settle(tab, &url, &activity).await;
        self.read_dom(tab, document).await
    }

    /// Waits until the document is complete and no request has been in
    /// flight for [`RenderPolicy::settle`], or [`RenderPolicy::settle_timeout`].
    async fn settle(&self, tab: &Tab, url: &Url, activity: &Activity) {
        let policy = &self.shared.policy.render;
        let deadline = Instant::now() + policy.settle_timeout;
        loop {
            tokio::time::sleep(POLL).await;
            let loaded = evaluate::<State>(tab, STATE_SCRIPT)
                .await
                .is_ok_and(|state| state.ready == "complete" && state.href != "about:blank");
            if loaded
                && activity
                    .quiet_for()
                    .is_some_and(|quiet| quiet >= policy.settle)
            {
                return;
            }
            if Instant::now() >= deadline {
                tracing::info!(%url, "the page's network never went idle; reading it as it is");
                return;
            }
        }
    }

    /// The serialized DOM as a page, refused past the body cap.
    async fn read_dom(&self, tab: &Tab, document: Page) -> Result<Page, FetchError> {
        let url = document.url.clone();
        let max = self.shared.policy.max_body_bytes;
        let script = DOM_SCRIPT.replace("MAX", &max.to_string());
        let dom: Dom = evaluate(tab, &script)
            .await
            .map_err(|reason| FetchError::Browser {
                url: url.clone(),
                reason: format!("could not read the DOM: {reason}"),
            })?;
        let too_large = || FetchError::TooLarge {
            url: url.clone(),
            limit: max,
        };
        let html = dom.html.ok_or_else(too_large)?;
        if html.len() > max || dom.size.is_some() {
            return Err(too_large());
        }
        let final_url = self.landed_on(&dom.href).unwrap_or(url.clone());
        if !final_url.scheme().starts_with("http") {
            return Err(FetchError::Browser {
                url,
                reason: format!("the page ended on {final_url}, not on the partner's site"),
            });
        }
        Ok(Page {
            url: final_url,
            status: document.status,
            media_type: "text/html".to_owned(),
            bytes: html.len(),
            text: html,
            encoding: "UTF-8",
            validators: Validators::default(),
        })
    }

    /// Where the page's scripts left it, when that is a page we may fetch.
    fn landed_on(&self, href: &str) -> Option<Url> {
        let url = Url::parse(href).ok()?;
        let fetchable = matches!(url.scheme(), "http" | "https") && self.check_origin(&url).is_ok();
        fetchable.then_some(url)
    }
}

const STATE_SCRIPT: &str = "({ ready: document.readyState, href: location.href })";

/// `MAX` is replaced by the body cap. A string's length in UTF-16 units is
/// at most its UTF-8 size, so a DOM longer than the cap is too large: it is
/// measured in the page, not sent over DevTools.
const DOM_SCRIPT: &str = "(() => {
  const html = document.documentElement ? document.documentElement.outerHTML : '';
  return html.length > MAX
    ? { href: location.href, size: html.length }
    : { href: location.href, html: html };
})()";

/// Runs `script` in the page's main frame and reads its JSON value.
async fn evaluate<T: serde::de::DeserializeOwned>(tab: &Tab, script: &str) -> Result<T, String> {
    let params = EvaluateParams::builder()
        .expression(script)
        .return_by_value(true)
        .build()?;
    let answer = tab.execute(params).await.map_err(|e| error_chain(&e))?;
    if let Some(exception) = &answer.result.exception_details {
        return Err(exception.text.clone());
    }
    let value = answer.result.result.value.clone().unwrap_or_default();
    serde_json::from_value(value).map_err(|e| e.to_string())
}

fn is_html(media_type: &str) -> bool {
    matches!(media_type, "text/html" | "application/xhtml+xml")
}

fn browser_error(url: &Url, what: &str, error: &chromiumoxide::error::CdpError) -> FetchError {
    FetchError::Browser {
        url: url.clone(),
        reason: format!("{what}: {}", error_chain(error)),
    }
}

/// Closes its tab when dropped, whether the page rendered, failed or
/// timed out.
struct TabGuard(Tab);

impl Drop for TabGuard {
    fn drop(&mut self) {
        let tab = self.0.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                if let Err(error) = tab.close().await {
                    tracing::debug!(%error, "tab not closed (the browser may be gone)");
                }
            });
        }
    }
}

/// Stops its task when dropped.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_html_is_rendered() {
        assert!(is_html("text/html"));
        assert!(is_html("application/xhtml+xml"));
        assert!(!is_html("application/json"));
        assert!(!is_html("application/pdf"));
    }

    #[test]
    fn the_dom_script_carries_the_cap() {
        let script = DOM_SCRIPT.replace("MAX", "1024");
        assert!(script.contains("html.length > 1024"), "{script}");
        assert!(!script.contains("MAX"));
    }
}
