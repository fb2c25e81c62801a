//! The harvest report: what one run did, for the partner's mapping author
//! and for whoever decides whether its data can be published.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::error::HarvestError;
use super::fetch::{FetchError, FetchStats};

/// Labels the alignment did not take, with how many projects gave each
/// (at most [`Unaligned::SHOWN`] of each, most frequent first).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Unaligned {
    pub tags: Vec<(String, usize)>,
    pub stages: Vec<(String, usize)>,
}

impl Unaligned {
    pub const SHOWN: usize = 20;

    /// The most frequent of `counts`, ties by label.
    pub fn top(counts: BTreeMap<String, usize>) -> Vec<(String, usize)> {
        let mut top: Vec<(String, usize)> = counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        top.truncate(Self::SHOWN);
        top
    }
}

/// What one harvest of one partner did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HarvestReport {
    pub partner: String,
    pub harvest: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub duration_ms: u128,
    pub listing_pages: usize,
    pub detail_pages: usize,
    /// Pages answered `304 Not Modified` (their last values were reused).
    pub not_modified: usize,
    pub items_found: usize,
    pub items_kept: usize,
    pub items_excluded: usize,
    pub items_invalid: usize,
    /// Published projects withdrawn by this run (missed by `withdraw_after`
    /// complete runs in a row), kept as tombstones.
    pub tombstoned: usize,
    /// Published projects this run did not see (a listing page failed, or
    /// their own page could not be read), kept exactly as they were.
    pub kept_unseen: usize,
    /// Published projects this complete run missed, kept for now: one miss
    /// closer to withdrawal.
    pub missed: usize,
    /// Whether discovery read every listing page; if not, no project this
    /// run did not see is counted as missed.
    pub discovery_complete: bool,
    /// Share of kept projects having each field.
    pub coverage: BTreeMap<String, f64>,
    /// How the kept projects' locations resolved to territories.
    pub places: super::place::PlaceCounts,
    /// The partner's tags no theme took and stage labels no stage took,
    /// most frequent first: what `[alignment]` may want to map.
    pub unaligned: Unaligned,
    pub excluded: Vec<Skipped>,
    pub invalid: Vec<Skipped>,
    /// Hops refused because they left the partner's origins or led to a
    /// non-public address: nothing was fetched from them.
    pub refused: Vec<Skipped>,
    pub warnings: Vec<String>,
    pub errors: Vec<HarvestError>,
    pub fetch: FetchStats,
    pub verdict: Verdict,
}

/// An item not kept, and why.
#[derive(Debug, Clone, Serialize)]
pub struct Skipped {
    pub url: String,
    pub why: String,
}

/// Whether the run replaced the partner's data.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Verdict {
    #[default]
    Pending,
    /// The new set replaced the partner's data.
    Published { projects: usize, previous: usize },
    /// A dry run: nothing was written.
    DryRun { projects: usize },
    /// The run failed its checks; the last good data is kept.
    Failed { reasons: Vec<String> },
}

impl HarvestReport {
    pub fn failed(&self) -> bool {
        matches!(self.verdict, Verdict::Failed { .. })
    }

    /// Lists `error` among the refused hops if it is a refusal.
    pub fn note_refused(&mut self, error: &FetchError) {
        if let FetchError::Refused { hop, .. } = error {
            self.refused.push(Skipped {
                url: hop.to_string(),
                why: error.to_string(),
            });
        }
    }

    /// Whether every project the partner lists was looked at: no error of
    /// this run left some unseen.
    pub fn saw_everything(&self) -> bool {
        !self.errors.iter().any(HarvestError::leaves_projects_unseen)
    }

    /// One line for logs and the terminal.
    pub fn summary(&self) -> String {
        let verdict = match &self.verdict {
            Verdict::Pending => "pending".to_owned(),
            Verdict::Published { projects, previous } => {
                format!("published {projects} projects (previously {previous})")
            }
            Verdict::DryRun { projects } => {
                format!("dry run: {projects} projects would be published")
            }
            Verdict::Failed { reasons } => {
                format!("FAILED, last good data kept: {}", reasons.join("; "))
            }
        };
        let mut line = format!(
            "{}: {} listing + {} detail pages ({} not modified), {} items found, {} kept, {} excluded, {} invalid",
            self.partner,
            self.listing_pages,
            self.detail_pages,
            self.not_modified,
            self.items_found,
            self.items_kept,
            self.items_excluded,
            self.items_invalid
        );
        if !self.refused.is_empty() {
            line.push_str(&format!(", {} hops refused", self.refused.len()));
        }
        if self.kept_unseen > 0 || self.missed > 0 || self.tombstoned > 0 {
            line.push_str(&format!(
                ", {} unseen kept, {} missed, {} withdrawn",
                self.kept_unseen, self.missed, self.tombstoned
            ));
        }
        if !self.unaligned.stages.is_empty() {
            let labels: Vec<String> = self
                .unaligned
                .stages
                .iter()
                .take(3)
                .map(|(label, count)| format!("{label:?} ×{count}"))
                .collect();
            line.push_str(&format!(
                ", stage labels no stage took: {} (add them to [alignment.stages])",
                labels.join(", ")
            ));
        }
        format!("{line} — {verdict}")
    }
}
