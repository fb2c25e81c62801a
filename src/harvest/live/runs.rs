//! The runs a live hub knows of: queued, running, and the last finished
//! ones, in memory. At most one run per partner is queued or running at a
//! time (a second request gets the first run's id), and only the last
//! `keep` finished runs are remembered (their reports stay on disk).

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::harvest::progress::{Counts, Progress};
use crate::harvest::report::{HarvestReport, Verdict};

/// A run's id: a number, unique while the server runs (and, being seeded
/// from the clock at start, not reused by the next server either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "String")]
pub struct RunId(u64);

impl fmt::Display for RunId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl From<RunId> for String {
    fn from(id: RunId) -> String {
        id.to_string()
    }
}

impl std::str::FromStr for RunId {
    type Err = String;

    /// Digits only (at most 20): anything else names no run.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let not_an_id = || {
            let shown: String = text.chars().take(40).collect();
            format!("{shown:?} is not a run id (run ids are numbers)")
        };
        if text.is_empty() || text.len() > 20 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return Err(not_an_id());
        }
        text.parse().map(RunId).map_err(|_| not_an_id())
    }
}

/// What started a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Trigger {
    /// The partner's `[schedule]` said it was due.
    Schedule,
    /// A token holder asked for it (`POST /harvests`, `carrefour harvest`).
    Request,
}

/// Where a run is.
#[derive(Debug, Clone)]
enum Stage {
    Queued,
    Running,
    Done(Box<HarvestReport>),
    Failed(String),
}

#[derive(Debug)]
struct Run {
    id: RunId,
    partner: String,
    trigger: Trigger,
    queued_at: DateTime<Utc>,
    started_at: Option<DateTime<Utc>>,
    ended_at: Option<DateTime<Utc>>,
    stage: Stage,
    progress: Arc<Progress>,
}

/// A run as token holders see it (`GET /harvests/{id}`).
#[derive(Debug, Clone, Serialize)]
pub struct RunView {
    pub run: RunId,
    pub partner: String,
    pub trigger: Trigger,
    pub queued_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_at: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<DateTime<Utc>>,
    #[serde(flatten)]
    pub state: RunState,
}

/// A run's state, with what there is to know at that stage.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum RunState {
    /// Waiting for a free harvest slot (`--max-concurrent-harvests`).
    Queued,
    /// Harvesting; the counts so far.
    Running { progress: Counts },
    /// The harvest ran to its verdict (which may be a failed one: the
    /// partner's last good data is then kept).
    Done {
        /// Whether the verdict is a failure.
        failed: bool,
        /// The report's one-line summary, as a local harvest prints it.
        summary: String,
        verdict: Verdict,
        report: Box<HarvestReport>,
    },
    /// The run could not come to a verdict (the server stopped, the
    /// harvester could not start); nothing was published.
    Failed { reason: String },
}

impl RunView {
    /// Whether the run is over (done or failed).
    pub fn is_finished(&self) -> bool {
        matches!(self.state, RunState::Done { .. } | RunState::Failed { .. })
    }
}

/// The runs of a hub.
#[derive(Debug)]
pub struct Registry {
    /// Oldest first.
    runs: VecDeque<Run>,
    /// Partner → its queued or running run.
    active: HashMap<String, RunId>,
    next_id: u64,
    keep: usize,
}

impl Registry {
    /// A registry remembering the last `keep` finished runs, numbering runs
    /// from `first_id`.
    pub fn new(keep: usize, first_id: u64) -> Self {
        Registry {
            runs: VecDeque::new(),
            active: HashMap::new(),
            next_id: first_id,
            keep,
        }
    }

    /// Queues a run of `partner`, or says which run of it is already
    /// queued or running.
    pub fn enqueue(
        &mut self,
        partner: &str,
        trigger: Trigger,
        now: DateTime<Utc>,
    ) -> Result<(RunId, Arc<Progress>), RunId> {
        if let Some(running) = self.active.get(partner) {
            return Err(*running);
        }
        let id = RunId(self.next_id);
        self.next_id += 1;
        let progress = Arc::new(Progress::default());
        self.runs.push_back(Run {
            id,
            partner: partner.to_owned(),
            trigger,
            queued_at: now,
            started_at: None,
            ended_at: None,
            stage: Stage::Queued,
            progress: Arc::clone(&progress),
        });
        self.active.insert(partner.to_owned(), id);
        Ok((id, progress))
    }

    /// The run left the queue and harvests now.
    pub fn started(&mut self, id: RunId, now: DateTime<Utc>) {
        if let Some(run) = self.find_mut(id) {
            run.started_at = Some(now);
            run.stage = Stage::Running;
        }
    }

    /// The run is over: with its report, or the reason it could not end
    /// with one. Its partner may be harvested again.
    pub fn finished(
        &mut self,
        id: RunId,
        now: DateTime<Utc>,
        outcome: Result<HarvestReport, String>,
    ) {
        let Some(run) = self.find_mut(id) else { return };
        run.ended_at = Some(now);
        run.stage = match outcome {
            Ok(report) => Stage::Done(Box::new(report)),
            Err(reason) => Stage::Failed(reason),
        };
        let partner = run.partner.clone();
        if self.active.get(&partner) == Some(&id) {
            self.active.remove(&partner);
        }
        self.forget_old_runs();
    }

    /// The queued or running run of `partner`.
    pub fn active(&self, partner: &str) -> Option<RunId> {
        self.active.get(partner).copied()
    }

    /// Whether no run is queued or running.
    pub fn is_idle(&self) -> bool {
        self.active.is_empty()
    }

    /// The run `id`, if it is still remembered.
    pub fn view(&self, id: RunId) -> Option<RunView> {
        let run = self.runs.iter().find(|run| run.id == id)?;
        let state = match &run.stage {
            Stage::Queued => RunState::Queued,
            Stage::Running => RunState::Running {
                progress: run.progress.counts(),
            },
            Stage::Done(report) => RunState::Done {
                failed: report.failed(),
                summary: report.summary(),
                verdict: report.verdict.clone(),
                report: report.clone(),
            },
            Stage::Failed(reason) => RunState::Failed {
                reason: reason.clone(),
            },
        };
        Some(RunView {
            run: run.id,
            partner: run.partner.clone(),
            trigger: run.trigger,
            queued_at: run.queued_at,
            started_at: run.started_at,
            ended_at: run.ended_at,
            state,
        })
    }

    fn find_mut(&mut self, id: RunId) -> Option<&mut Run> {
        self.runs.iter_mut().find(|run| run.id == id)
    }

    /// Drops the oldest finished runs beyond `keep`; queued and running
    /// runs are never dropped (there is at most one per partner).
    fn forget_old_runs(&mut self) {
        let finished = |run: &Run| matches!(run.stage, Stage::Done(_) | Stage::Failed(_));
        let mut excess = self
            .runs
            .iter()
            .filter(|run| finished(run))
            .count()
            .saturating_sub(self.keep);
        self.runs.retain(|run| {
            if excess > 0 && finished(run) {
                excess -= 1;
                false
            } else {
                true
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(partner: &str, verdict: Verdict) -> HarvestReport {
        HarvestReport {
            partner: partner.to_owned(),
            verdict,
            ..HarvestReport::default()
        }
    }

    #[test]
    fn one_run_per_partner_at_a_time() {
        let mut runs = Registry::new(100, 7);
        let now = Utc::now();
        let (first, _) = runs.enqueue("avise", Trigger::Request, now).unwrap();
        assert_eq!(first.to_string(), "7");
        assert_eq!(
            runs.enqueue("avise", Trigger::Schedule, now).unwrap_err(),
            first
        );
        let (other, _) = runs
            .enqueue("ticket-for-change", Trigger::Schedule, now)
            .unwrap();
        assert_ne!(other, first);
        assert!(matches!(runs.view(first).unwrap().state, RunState::Queued));

        runs.started(first, now);
        assert!(matches!(
            runs.view(first).unwrap().state,
            RunState::Running { .. }
        ));
        assert_eq!(
            runs.enqueue("avise", Trigger::Request, now).unwrap_err(),
            first
        );

        let published = Verdict::Published {
            projects: 3,
            previous: 2,
        };
        runs.finished(first, now, Ok(report("avise", published)));
        let done = runs.view(first).unwrap();
        assert!(done.is_finished());
        let RunState::Done { failed, .. } = done.state else {
            panic!("{done:?}")
        };
        assert!(!failed);
        assert_eq!(runs.active("avise"), None);
        assert!(!runs.is_idle(), "the other partner's run is still queued");
        let (again, _) = runs.enqueue("avise", Trigger::Request, now).unwrap();
        assert!(again > first);

        runs.finished(other, now, Err("the server is shutting down".into()));
        let json = serde_json::to_value(runs.view(other).unwrap()).unwrap();
        assert_eq!(json["state"], "failed");
        assert_eq!(json["run"], other.to_string());
        assert_eq!(json["trigger"], "schedule");
    }

    #[test]
    fn a_failed_verdict_is_done_and_says_so() {
        let mut runs = Registry::new(100, 0);
        let (id, progress) = runs.enqueue("avise", Trigger::Request, Utc::now()).unwrap();
        runs.started(id, Utc::now());
        progress.page();
        let json = serde_json::to_value(runs.view(id).unwrap()).unwrap();
        assert_eq!(json["state"], "running");
        assert_eq!(json["progress"]["pages"], 1);
        let failed = Verdict::Failed {
            reasons: vec!["only 2 items (min 50)".into()],
        };
        runs.finished(id, Utc::now(), Ok(report("avise", failed)));
        let json = serde_json::to_value(runs.view(id).unwrap()).unwrap();
        assert_eq!(json["state"], "done");
        assert_eq!(json["failed"], true);
        assert_eq!(json["verdict"]["status"], "failed");
        assert!(json["summary"].as_str().unwrap().contains("FAILED"));
        assert_eq!(json["report"]["partner"], "avise");
    }

    #[test]
    fn only_the_last_finished_runs_are_remembered() {
        let mut runs = Registry::new(3, 0);
        let now = Utc::now();
        let (long, _) = runs.enqueue("long", Trigger::Schedule, now).unwrap();
        let mut ids = Vec::new();
        for _ in 0..5 {
            let (id, _) = runs.enqueue("avise", Trigger::Request, now).unwrap();
            runs.finished(id, now, Err("stopped".into()));
            ids.push(id);
        }
        assert!(runs.view(ids[0]).is_none() && runs.view(ids[1]).is_none());
        assert!(ids[2..].iter().all(|id| runs.view(*id).is_some()));
        assert!(runs.view(long).is_some(), "a queued run is never forgotten");
        assert_eq!(runs.active("long"), Some(long));
    }

    #[test]
    fn run_ids_are_numbers() {
        assert_eq!("42".parse::<RunId>(), Ok(RunId(42)));
        for bad in [
            "",
            "4a",
            "-1",
            "../1",
            "123456789012345678901",
            "99999999999999999999",
        ] {
            assert!(bad.parse::<RunId>().is_err(), "{bad}");
        }
    }
}
