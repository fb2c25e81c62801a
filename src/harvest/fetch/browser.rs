//! The headless Chromium of a harvest: found on this machine, started the
//! first time a page must be rendered, shared by the pages of the run, and
//! stopped at the end of it (or when the fetcher is dropped), never left
//! behind.
//!
//! Input: a [`RenderPolicy`]. Output: a [`Browser`] to open tabs in, or a
//! [`FetchError`] saying why there is none. Chromium is started cut off
//! from the network: every name it would resolve maps to nothing
//! (`--host-resolver-rules`), and every connection it would open goes to a
//! proxy port that we hold bound and never listen on, so its only bytes
//! are those the fetcher hands it (see `render`). Knows nothing of pages.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chromiumoxide::browser::{Browser as Chromium, BrowserConfig};
use chromiumoxide::handler::Handler;
use futures_util::StreamExt;
use tokio::net::TcpSocket;
use tokio::sync::{Mutex, Semaphore};
use tokio::task::JoinHandle;
use url::Url;

use super::error::{FetchError, error_chain};
use super::render::RenderPolicy;

/// Where to look for Chromium when the policy names none, after the
/// `CARREFOUR_CHROMIUM` variable and the `chromium` on `PATH`.
const DEBIAN_CHROMIUM: &str = "/usr/bin/chromium";

/// The variable naming the Chromium to run, when the policy names none.
pub const CHROMIUM_VARIABLE: &str = "CARREFOUR_CHROMIUM";

/// Time a graceful close may take before the process is killed.
const CLOSE_GRACE: Duration = Duration::from_secs(5);

/// The browser of one fetcher scope, started on first use.
#[derive(Default)]
pub(super) struct Slot {
    running: Mutex<Option<Arc<Browser>>>,
}

impl Slot {
    /// The running browser, started now if there is none yet (or if the
    /// last one died). `url` is the page asking, for error messages.
    pub(super) async fn get(
        &self,
        policy: &RenderPolicy,
        user_agent: &str,
        url: &Url,
    ) -> Result<Arc<Browser>, FetchError> {
        let mut running = self.running.lock().await;
        if let Some(browser) = running.as_ref().filter(|browser| browser.alive()) {
            return Ok(Arc::clone(browser));
        }
        let browser = Arc::new(Browser::launch(policy, user_agent, url).await?);
        *running = Some(Arc::clone(&browser));
        Ok(browser)
    }

    /// Closes the browser, if one runs: gracefully and awaited when no page
    /// is rendering, else as soon as the last rendering page is done.
    pub(super) async fn close(&self) {
        let Some(browser) = self.running.lock().await.take() else {
            return;
        };
        // Still rendering elsewhere: the last page done drops it (see Drop).
        let Ok(mut browser) = Arc::try_unwrap(browser) else {
            return;
        };
        if let Some(process) = browser.process.take() {
            process.close().await;
        }
    }
}

/// A running Chromium, its DevTools connection and its profile directory.
pub(super) struct Browser {
    /// `None` once handed to a closing task.
    process: Option<Process>,
    /// Tabs open at once: each rendering page holds one.
    pub(super) tabs: Semaphore,
}

/// What must be stopped and removed, together.
struct Process {
    chromium: Chromium,
    /// Reads the DevTools connection; the browser is dead once it ends.
    handler: JoinHandle<()>,
    /// The fresh profile (`--user-data-dir`), removed once Chromium exits.
    profile: tempfile::TempDir,
    /// The proxy port Chromium is told to use: bound, never listening, so
    /// any connection Chromium tries on its own is refused by the kernel.
    _dead_end: TcpSocket,
}

impl Browser {
    async fn launch(
        policy: &RenderPolicy,
        user_agent: &str,
        url: &Url,
    ) -> Result<Browser, FetchError> {
        let executable =
            locate(policy.chromium.as_deref()).map_err(|tried| FetchError::BrowserMissing {
                url: url.clone(),
                tried,
            })?;
        let failed = |reason: String| FetchError::Browser {
            url: url.clone(),
            reason: format!(
                "Chromium ({}) did not start: {reason}",
                executable.display()
            ),
        };
        let profile =
            profile_dir(policy.profile_root.as_deref()).map_err(|e| failed(e.to_string()))?;
        let (dead_end, proxy) = dead_end_proxy().map_err(|e| failed(e.to_string()))?;
        let config =
            config(&executable, profile.path(), &proxy, user_agent, policy).map_err(&failed)?;
        let (chromium, handler) = Chromium::launch(config)
            .await
            .map_err(|e| failed(error_chain(&e)))?;
        tracing::info!(chromium = %executable.display(), profile = %profile.path().display(), "browser started");
        Ok(Browser {
            process: Some(Process {
                chromium,
                handler: tokio::spawn(drive(handler)),
                profile,
                _dead_end: dead_end,
            }),
            tabs: Semaphore::new(policy.tabs.max(1)),
        })
    }

    /// The DevTools client, to open tabs with.
    pub(super) fn chromium(&self) -> Option<&Chromium> {
        self.process.as_ref().map(|process| &process.chromium)
    }

    /// Whether the DevTools connection is still up.
    fn alive(&self) -> bool {
        self.process
            .as_ref()
            .is_some_and(|process| !process.handler.is_finished())
    }
}

/// Closing in the background when the last user lets go: the async close
/// needs a runtime; without one, dropping the process kills it (Chromium's
/// children exit with it) and removes the profile.
impl Drop for Browser {
    fn drop(&mut self) {
        let Some(process) = self.process.take() else {
            return;
        };
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(process.close());
        }
    }
}

impl Process {
    /// Asks Chromium to close, kills it if it does not within
    /// [`CLOSE_GRACE`], waits for it, then removes its profile.
    async fn close(mut self) {
        let asked = tokio::time::timeout(CLOSE_GRACE, self.chromium.close()).await;
        let exited = match asked {
            Ok(Ok(_)) => tokio::time::timeout(CLOSE_GRACE, self.chromium.wait())
                .await
                .is_ok_and(|status| status.is_ok()),
            _ => false,
        };
        if !exited {
            tracing::warn!("Chromium did not close in time; killed");
            let _ = self.chromium.kill().await;
            let _ = self.chromium.wait().await;
        }
        self.handler.abort();
        tracing::debug!(profile = %self.profile.path().display(), "browser closed");
    }
}

/// Reads DevTools messages until the connection ends.
async fn drive(mut handler: Handler) {
    while let Some(message) = handler.next().await {
        if let Err(error) = message {
            tracing::debug!(%error, "DevTools connection ended");
            break;
        }
    }
}

/// The Chromium to run: the policy's, else `$CARREFOUR_CHROMIUM`, else
/// `chromium` on `PATH`, else Debian's `/usr/bin/chromium`. A named one
/// that is missing is an error, not a reason to run another. `Err` lists
/// where it looked.
pub(super) fn locate(configured: Option<&Path>) -> Result<PathBuf, String> {
    let named = configured
        .map(Path::to_path_buf)
        .or_else(|| std::env::var_os(CHROMIUM_VARIABLE).map(PathBuf::from));
    if let Some(path) = named {
        return if path.is_file() {
            Ok(path)
        } else {
            Err(path.display().to_string())
        };
    }
    let on_path = std::env::var_os("PATH")
        .map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .unwrap_or_default();
    on_path
        .iter()
        .map(|dir| dir.join("chromium"))
        .chain([PathBuf::from(DEBIAN_CHROMIUM)])
        .find(|candidate| candidate.is_file())
        .ok_or_else(|| format!("`chromium` on PATH, {DEBIAN_CHROMIUM}"))
}

fn profile_dir(root: Option<&Path>) -> std::io::Result<tempfile::TempDir> {
    let mut builder = tempfile::Builder::new();
    builder.prefix("carrefour-chromium-");
    match root {
        Some(root) => builder.tempdir_in(root),
        None => builder.tempdir(),
    }
}

/// A loopback port bound and never listened on, and its proxy URL.
fn dead_end_proxy() -> std::io::Result<(TcpSocket, String)> {
    let socket = TcpSocket::new_v4()?;
    socket.bind(([127, 0, 0, 1], 0).into())?;
    let address = socket.local_addr()?;
    Ok((socket, format!("http://{address}")))
}

/// Chromium's command line: headless, no sandbox (we run as root in
/// containers, where it cannot start), no background traffic of its own,
/// and no way out but through the interception.
fn config(
    executable: &Path,
    profile: &Path,
    proxy: &str,
    user_agent: &str,
    policy: &RenderPolicy,
) -> Result<BrowserConfig, String> {
    let isolation = [
        ("proxy-server", proxy),
        // Loopback too, which Chromium would otherwise reach directly.
        ("proxy-bypass-list", "<-loopback>"),
        ("host-resolver-rules", "MAP * ~NOTFOUND"),
        // WebRTC could send UDP past any proxy.
        ("force-webrtc-ip-handling-policy", "disable_non_proxied_udp"),
        ("webrtc-ip-handling-policy", "disable_non_proxied_udp"),
        ("user-agent", user_agent),
        ("blink-settings", "imagesEnabled=false"),
    ];
    let quiet = [
        "disable-gpu",
        "disable-quic",
        "no-first-run",
        "no-default-browser-check",
        "disable-background-networking",
        "disable-component-update",
        "disable-sync",
        "disable-default-apps",
        "disable-domain-reliability",
        "disable-breakpad",
        "disable-dev-shm-usage",
        "dns-prefetch-disable",
    ];
    BrowserConfig::builder()
        .chrome_executable(executable)
        .user_data_dir(profile)
        .new_headless_mode()
        .no_sandbox()
        .disable_default_args()
        .args(isolation)
        .args(quiet)
        .enable_request_intercept()
        .disable_cache()
        .launch_timeout(policy.launch_timeout)
        .request_timeout(policy.page_timeout)
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_named_chromium_that_is_missing_is_not_replaced() {
        let missing = Path::new("/nonexistent/carrefour/chromium");
        let tried = locate(Some(missing)).expect_err("missing");
        assert_eq!(tried, missing.display().to_string());
    }

    #[test]
    fn a_named_chromium_that_exists_is_used() {
        let this = std::env::current_exe().expect("test binary");
        assert_eq!(locate(Some(&this)), Ok(this));
    }

    #[test]
    fn the_proxy_port_refuses_connections() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let (_socket, proxy) = dead_end_proxy().expect("bound");
            let address = proxy.trim_start_matches("http://");
            let connected = tokio::net::TcpStream::connect(address).await;
            assert!(connected.is_err(), "{proxy} accepted a connection");
        });
    }
}
