//! Handing harvests to the server that holds the store.
//!
//! RocksDB lets one process open a store for writing. While `carrefour
//! serve --data DIR` runs, `carrefour harvest --data DIR` cannot open it;
//! instead it asks that server to harvest. The server announces itself in
//! `DIR/server.json` ([`ServerFile`]): its address and a random hand-off
//! secret, in a file only its owner may read (mode 0600), written at start
//! and removed at stop. The command line POSTs one run per partner to
//! `/harvests` with that secret as bearer token, follows each run at
//! `/harvests/{id}`, and reports as a local harvest would ([`HandOff`]).
//!
//! Why a secret of its own rather than the update token: whoever can read
//! `DIR` owns the data anyway (they could stop the server and open the
//! store themselves), so proving read access to `DIR` is exactly the right
//! test, and it works on a server started without an update token. The
//! secret is fresh at every start and lets its holder harvest, never run
//! SPARQL updates. The update token still works for `/harvests` too.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::progress::{Counts, Progress};

/// How often a run handed off is looked at.
const POLL: Duration = Duration::from_millis(250);

/// What `DIR/server.json` holds.
#[derive(Clone, Serialize, Deserialize)]
pub struct ServerFile {
    /// Where the server answers (a loopback address when it listens on
    /// every interface).
    pub address: SocketAddr,
    /// The hand-off secret, as a bearer token for `/harvests`.
    pub secret: String,
    /// The server's process id, for whoever wonders which process it is.
    pub pid: u32,
}

impl std::fmt::Debug for ServerFile {
    /// Everything but the secret.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerFile")
            .field("address", &self.address)
            .field("secret", &"<redacted>")
            .field("pid", &self.pid)
            .finish()
    }
}

/// Why a harvest could not be handed off, or followed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HandOffError {
    /// `server.json` cannot be read or written.
    #[error("{path}: {reason}")]
    File {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
    /// The operating system gave no random bytes for the secret.
    #[error("no random source for the hand-off secret: {0}")]
    Random(String),
    /// The server did not answer.
    #[error("the server at {address} does not answer: {reason}")]
    Unreachable {
        /// Where it was asked.
        address: SocketAddr,
        /// The connection error.
        reason: String,
    },
    /// The server answered with a refusal or an error.
    #[error("the server refused: {status} {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// The server's message.
        message: String,
    },
    /// The server answered something we cannot read.
    #[error("the server's answer cannot be read: {0}")]
    Garbled(String),
}

impl ServerFile {
    /// The announcement of a server listening on `listening`, with a fresh
    /// random secret (256 bits from the operating system).
    pub fn new(listening: SocketAddr) -> Result<Self, HandOffError> {
        let mut bytes = [0u8; 32];
        getrandom::fill(&mut bytes).map_err(|e| HandOffError::Random(e.to_string()))?;
        let secret = crate::record::hex(&bytes);
        Ok(ServerFile {
            address: reachable(listening),
            secret,
            pid: std::process::id(),
        })
    }

    /// Writes the file at `path`, readable by its owner only, atomically
    /// (a temporary file renamed), and returns a guard that removes it.
    pub fn announce(&self, path: &Path) -> Result<Announcement, HandOffError> {
        let failed = |e: std::io::Error| HandOffError::File {
            path: path.to_owned(),
            reason: e.to_string(),
        };
        let json = serde_json::to_vec_pretty(self).map_err(|e| failed(e.into()))?;
        let temporary = path.with_extension("json.partial");
        // A stale temporary file may have another mode: start afresh.
        let _ = std::fs::remove_file(&temporary);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary).map_err(failed)?;
        std::io::Write::write_all(&mut file, &json).map_err(failed)?;
        file.sync_all().map_err(failed)?;
        std::fs::rename(&temporary, path).map_err(failed)?;
        Ok(Announcement {
            path: path.to_owned(),
        })
    }

    /// The file at `path`; `None` if there is none.
    pub fn read(path: &Path) -> Result<Option<Self>, HandOffError> {
        let failed = |reason: String| HandOffError::File {
            path: path.to_owned(),
            reason,
        };
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .map(Some)
                .map_err(|e| failed(format!("not a server announcement: {e}"))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(failed(e.to_string())),
        }
    }
}

/// Where to reach a server listening on `listening`: the same address,
/// except that "every interface" is reached through loopback.
fn reachable(listening: SocketAddr) -> SocketAddr {
    match listening.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv4Addr::LOCALHOST.into(), listening.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(Ipv6Addr::LOCALHOST.into(), listening.port())
        }
        _ => listening,
    }
}

/// `DIR/server.json` while the server runs: removed when dropped.
#[derive(Debug)]
pub struct Announcement {
    path: PathBuf,
}

impl Drop for Announcement {
    fn drop(&mut self) {
        if let Err(e) = std::fs::remove_file(&self.path) {
            if e.kind() != std::io::ErrorKind::NotFound {
                tracing::warn!(file = %self.path.display(), "cannot remove the server announcement: {e}");
            }
        }
    }
}

/// A run as the server reports it (`GET /harvests/{id}`), as far as the
/// command line needs it.
#[derive(Debug, Clone, Deserialize)]
pub struct RemoteRun {
    pub run: String,
    pub partner: String,
    /// `queued`, `running`, `done` or `failed`.
    pub state: String,
    #[serde(default)]
    pub progress: Option<Counts>,
    /// Done: whether the verdict is a failure.
    #[serde(default)]
    pub failed: Option<bool>,
    /// Done: the report's one-line summary.
    #[serde(default)]
    pub summary: Option<String>,
    /// Failed: why the run came to no verdict.
    #[serde(default)]
    pub reason: Option<String>,
}

/// How a partner handed off ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteOutcome {
    pub partner: String,
    /// The server's run, if it took the job.
    pub run: Option<String>,
    /// The report's summary line, or why there is none.
    pub summary: String,
    /// Whether the partner failed (its last good data is kept).
    pub failed: bool,
}

/// A client of the server announced in `DIR/server.json`.
pub struct HandOff {
    client: reqwest::Client,
    address: SocketAddr,
    secret: String,
}

impl HandOff {
    /// A client of the server `file` announces.
    pub fn new(file: &ServerFile) -> Result<Self, HandOffError> {
        // Another part of the program may have installed it already: fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            // Our own server on this machine: never through a proxy.
            .no_proxy()
            .connect_timeout(Duration::from_secs(2))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| HandOffError::Garbled(e.to_string()))?;
        Ok(HandOff {
            client,
            address: file.address,
            secret: file.secret.clone(),
        })
    }

    /// Where the server answers.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Whether the server answers at all (`GET /health`).
    pub async fn is_reachable(&self) -> bool {
        let url = format!("http://{}/health", self.address);
        matches!(self.client.get(url).send().await, Ok(r) if r.status().is_success())
    }

    /// Starts a run of `partner`, or joins the one already running; its id.
    pub async fn submit(&self, partner: &str) -> Result<String, HandOffError> {
        let url = format!("http://{}/harvests", self.address);
        let response = self
            .client
            .post(url)
            .bearer_auth(&self.secret)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(serde_json::json!({ "partner": partner }).to_string())
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("/harvests/"))
            .map(str::to_owned);
        match (status, location) {
            (202, Some(run)) => Ok(run),
            (409, Some(run)) => {
                tracing::info!(
                    partner,
                    run,
                    "already being harvested by the server: following that run"
                );
                Ok(run)
            }
            _ => Err(refusal(status, response).await),
        }
    }

    /// The run `run` as the server sees it now.
    pub async fn status(&self, run: &str) -> Result<RemoteRun, HandOffError> {
        let url = format!("http://{}/harvests/{run}", self.address);
        let response = self
            .client
            .get(url)
            .bearer_auth(&self.secret)
            .send()
            .await
            .map_err(|e| self.unreachable(e))?;
        if response.status().as_u16() != 200 {
            return Err(refusal(response.status().as_u16(), response).await);
        }
        let body = response.bytes().await.map_err(|e| self.unreachable(e))?;
        serde_json::from_slice(&body).map_err(|e| HandOffError::Garbled(e.to_string()))
    }

    /// Hands every partner to the server, follows the runs (their counts
    /// on the [`Progress`] `progress` gives for each partner) and returns
    /// how each ended, in the order given. A partner the server refuses
    /// (unknown to it) is a failed outcome; a server that stops answering
    /// is an error.
    pub async fn harvest(
        &self,
        partners: &[String],
        mut progress: impl FnMut(&str) -> Arc<Progress>,
    ) -> Result<Vec<RemoteOutcome>, HandOffError> {
        let mut following = Vec::new();
        let mut outcomes = Vec::new();
        for partner in partners {
            match self.submit(partner).await {
                Ok(run) => {
                    tracing::info!(
                        partner,
                        run,
                        "harvest handed to the server at {}",
                        self.address
                    );
                    following.push((partner.clone(), run, progress(partner)));
                }
                Err(HandOffError::Refused { status, message }) => outcomes.push(RemoteOutcome {
                    partner: partner.clone(),
                    run: None,
                    summary: format!("{partner}: the server refused ({status}): {message}"),
                    failed: true,
                }),
                Err(e) => return Err(e),
            }
        }
        while !following.is_empty() {
            tokio::time::sleep(POLL).await;
            let mut still = Vec::new();
            for (partner, run, counts) in following {
                let remote = self.status(&run).await?;
                if let Some(progress) = remote.progress {
                    counts.catch_up(progress);
                }
                match finished(&remote) {
                    Some(outcome) => outcomes.push(outcome),
                    None => still.push((partner, run, counts)),
                }
            }
            following = still;
        }
        outcomes.sort_by_key(|o| partners.iter().position(|p| *p == o.partner));
        Ok(outcomes)
    }

    fn unreachable(&self, error: reqwest::Error) -> HandOffError {
        HandOffError::Unreachable {
            address: self.address,
            reason: super::fetch::error_chain(&error),
        }
    }
}

/// The outcome of a run the server has finished, or `None` while it runs.
fn finished(remote: &RemoteRun) -> Option<RemoteOutcome> {
    let outcome = |summary: String, failed| RemoteOutcome {
        partner: remote.partner.clone(),
        run: Some(remote.run.clone()),
        summary,
        failed,
    };
    match remote.state.as_str() {
        "done" => Some(outcome(
            remote.summary.clone().unwrap_or_default(),
            remote.failed.unwrap_or(true),
        )),
        "failed" => Some(outcome(
            format!(
                "{}: no verdict: {}",
                remote.partner,
                remote.reason.as_deref().unwrap_or("(no reason given)")
            ),
            true,
        )),
        _ => None,
    }
}

async fn refusal(status: u16, response: reqwest::Response) -> HandOffError {
    let message = response.text().await.unwrap_or_default();
    HandOffError::Refused {
        status,
        message: message.trim().chars().take(500).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_announcement_is_private_and_goes_away() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("server.json");
        let file = ServerFile::new("0.0.0.0:7878".parse().unwrap()).unwrap();
        assert_eq!(file.address, "127.0.0.1:7878".parse().unwrap());
        assert_eq!(file.secret.len(), 64);
        assert_ne!(file.secret, ServerFile::new(file.address).unwrap().secret);
        assert!(!format!("{file:?}").contains(&file.secret));
        {
            let _announced = file.announce(&path).unwrap();
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = std::fs::metadata(&path).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o600);
            }
            let read = ServerFile::read(&path).unwrap().unwrap();
            assert_eq!(
                (read.address, read.secret),
                (file.address, file.secret.clone())
            );
        }
        assert!(!path.exists(), "removed when the guard is dropped");
        assert!(ServerFile::read(&path).unwrap().is_none());
        std::fs::write(&path, "{").unwrap();
        let error = ServerFile::read(&path).unwrap_err().to_string();
        assert!(
            error.contains("server.json") && error.contains("not a server"),
            "{error}"
        );
    }

    #[test]
    fn ipv6_every_interface_is_reached_through_loopback() {
        assert_eq!(
            reachable("[::]:80".parse().unwrap()),
            "[::1]:80".parse().unwrap()
        );
        let specific = "192.0.2.7:80".parse().unwrap();
        assert_eq!(reachable(specific), specific);
    }

    #[test]
    fn runs_end_done_or_failed() {
        let run = |state: &str, failed: Option<bool>| RemoteRun {
            run: "1".into(),
            partner: "avise".into(),
            state: state.into(),
            progress: None,
            failed,
            summary: Some("avise: … — published 3 projects".into()),
            reason: Some("cancelled".into()),
        };
        assert!(finished(&run("running", None)).is_none());
        assert!(finished(&run("queued", None)).is_none());
        let done = finished(&run("done", Some(false))).unwrap();
        assert!(!done.failed && done.summary.contains("published"));
        assert!(finished(&run("done", Some(true))).unwrap().failed);
        let failed = finished(&run("failed", None)).unwrap();
        assert!(failed.failed && failed.summary.contains("cancelled"));
    }
}
