//! The harvest reports a hub keeps in `DIR/reports/`, one JSON file per
//! run named after the harvest (`{partner}-{start}.json`): writing them,
//! and reading back what the public may know of them.
//!
//! A [`RunSummary`] is the public part of a report: partner, start, end,
//! verdict and counts. It carries no reason text, no URL and no path (a
//! failed run's reasons can quote a storage error naming files), so it can
//! be served to anyone as source-health data. Summaries are read with a
//! lenient reader that ignores the fields it does not know, so reports
//! written by older or newer versions still count.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::report::{HarvestReport, Verdict};
use super::round::RoundError;

/// Writes `report` as `dir/{harvest}.json`, through a temporary file so a
/// reader never sees half a report; returns the file written.
pub fn write(dir: &Path, report: &HarvestReport) -> Result<PathBuf, RoundError> {
    let path = dir.join(format!("{}.json", report.harvest));
    let failed = |source| RoundError::Report {
        path: path.clone(),
        source,
    };
    // The harvest id is `{partner}-{start}`: a key, so never a path.
    if report.harvest.is_empty() || !report.harvest.bytes().all(is_name_byte) {
        let reason = format!("{:?} is not a harvest id", report.harvest);
        return Err(failed(std::io::Error::other(reason)));
    }
    std::fs::create_dir_all(dir).map_err(failed)?;
    let json = serde_json::to_vec_pretty(report).map_err(|e| failed(e.into()))?;
    let temporary = path.with_extension("json.partial");
    std::fs::write(&temporary, json).map_err(failed)?;
    std::fs::rename(&temporary, &path).map_err(failed)?;
    Ok(path)
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'
}

/// The public part of one run's report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunSummary {
    /// The partner's id.
    pub partner: String,
    /// The harvest's id (`{partner}-{start}`), also its IRI's key.
    pub harvest: String,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// `published`, `failed`, `dry-run` or `pending`.
    pub verdict: String,
    /// Projects published by the run (when it published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projects: Option<usize>,
    /// Projects the partner published before the run (when it published).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<usize>,
    pub listing_pages: usize,
    pub detail_pages: usize,
    pub items_found: usize,
    pub items_kept: usize,
    pub items_excluded: usize,
    pub items_invalid: usize,
    /// How many errors the run met (their text stays in the report file).
    pub errors: usize,
    pub warnings: usize,
    /// Share of the kept projects having each field (a redesign that
    /// breaks a rule shows here first).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub coverage: BTreeMap<String, f64>,
    /// How the kept projects' places resolved (counts only: the texts
    /// that did not resolve stay in the report file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub places: Option<PlaceShares>,
}

/// How many kept projects were placed at each level.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PlaceShares {
    #[serde(default)]
    pub commune: usize,
    #[serde(default)]
    pub departement: usize,
    #[serde(default)]
    pub region: usize,
    #[serde(default)]
    pub unresolved: usize,
}

/// A report file as read back: only what a summary needs, every field
/// optional, unknown fields ignored.
#[derive(Deserialize)]
struct ReportFile {
    partner: String,
    harvest: String,
    #[serde(default)]
    started_at: Option<DateTime<Utc>>,
    #[serde(default)]
    ended_at: Option<DateTime<Utc>>,
    #[serde(default)]
    verdict: Option<VerdictFile>,
    #[serde(default)]
    listing_pages: usize,
    #[serde(default)]
    detail_pages: usize,
    #[serde(default)]
    items_found: usize,
    #[serde(default)]
    items_kept: usize,
    #[serde(default)]
    items_excluded: usize,
    #[serde(default)]
    items_invalid: usize,
    #[serde(default)]
    errors: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    warnings: Vec<serde::de::IgnoredAny>,
    #[serde(default)]
    coverage: BTreeMap<String, f64>,
    #[serde(default)]
    places: Option<PlaceShares>,
}

#[derive(Deserialize)]
struct VerdictFile {
    status: String,
    #[serde(default)]
    projects: Option<usize>,
    #[serde(default)]
    previous: Option<usize>,
}

impl RunSummary {
    /// The summary of `report`, as it reads back from its file.
    pub fn of(report: &HarvestReport) -> RunSummary {
        let (status, projects, previous) = match &report.verdict {
            Verdict::Pending => ("pending", None, None),
            Verdict::Published { projects, previous } => {
                ("published", Some(*projects), Some(*previous))
            }
            Verdict::DryRun { projects } => ("dry-run", Some(*projects), None),
            Verdict::Failed { .. } => ("failed", None, None),
        };
        RunSummary {
            partner: report.partner.clone(),
            harvest: report.harvest.clone(),
            started_at: report.started_at,
            ended_at: report.ended_at,
            verdict: status.to_owned(),
            projects,
            previous,
            listing_pages: report.listing_pages,
            detail_pages: report.detail_pages,
            items_found: report.items_found,
            items_kept: report.items_kept,
            items_excluded: report.items_excluded,
            items_invalid: report.items_invalid,
            errors: report.errors.len(),
            warnings: report.warnings.len(),
            coverage: report.coverage.clone(),
            places: Some(PlaceShares {
                commune: report.places.commune,
                departement: report.places.departement,
                region: report.places.region,
                unresolved: report.places.unresolved,
            }),
        }
    }
}

impl From<ReportFile> for RunSummary {
    fn from(file: ReportFile) -> Self {
        let verdict = file.verdict.unwrap_or(VerdictFile {
            status: "pending".to_owned(),
            projects: None,
            previous: None,
        });
        RunSummary {
            partner: file.partner,
            harvest: file.harvest,
            started_at: file.started_at,
            ended_at: file.ended_at,
            verdict: verdict.status,
            projects: verdict.projects,
            previous: verdict.previous,
            listing_pages: file.listing_pages,
            detail_pages: file.detail_pages,
            items_found: file.items_found,
            items_kept: file.items_kept,
            items_excluded: file.items_excluded,
            items_invalid: file.items_invalid,
            errors: file.errors.len(),
            warnings: file.warnings.len(),
            coverage: file.coverage,
            places: file.places,
        }
    }
}

/// The last `per_partner` runs of each partner with reports in `dir`,
/// newest first. A missing directory has none; an unreadable report is
/// skipped (and logged).
pub fn recent(dir: &Path, per_partner: usize) -> BTreeMap<String, Vec<RunSummary>> {
    let mut files: BTreeMap<String, Vec<(String, PathBuf)>> = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return BTreeMap::new();
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let Some((partner, stamp)) = report_name(&path) else {
            continue;
        };
        files.entry(partner).or_default().push((stamp, path));
    }
    files
        .into_iter()
        .map(|(partner, mut runs)| {
            // Stamps are fixed-width UTC times: text order is time order.
            runs.sort_by(|a, b| b.0.cmp(&a.0));
            let summaries = runs
                .iter()
                .filter_map(|(_, path)| read_summary(path))
                .filter(|summary| summary.partner == partner)
                .take(per_partner)
                .collect();
            (partner, summaries)
        })
        .filter(|(_, summaries): &(String, Vec<RunSummary>)| !summaries.is_empty())
        .collect()
}

/// When each partner's last run with a report in `dir` started.
pub fn last_starts(dir: &Path) -> BTreeMap<String, DateTime<Utc>> {
    recent(dir, 1)
        .into_iter()
        .filter_map(|(partner, runs)| Some((partner, runs.first()?.started_at?)))
        .collect()
}

/// `{partner}-{stamp}.json` → (partner, stamp), for names that look like
/// reports (`stamp`: `20261129t230512000z`).
fn report_name(path: &Path) -> Option<(String, String)> {
    let name = path.file_name()?.to_str()?.strip_suffix(".json")?;
    let (partner, stamp) = name.rsplit_once('-')?;
    let looks_like_a_stamp = stamp.len() == 19
        && stamp.as_bytes()[8] == b't'
        && stamp.ends_with('z')
        && stamp
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 8 || i == 18 || b.is_ascii_digit());
    (looks_like_a_stamp && !partner.is_empty()).then(|| (partner.to_owned(), stamp.to_owned()))
}

fn read_summary(path: &Path) -> Option<RunSummary> {
    let read = std::fs::read(path)
        .map_err(|e| e.to_string())
        .and_then(|bytes| serde_json::from_slice::<ReportFile>(&bytes).map_err(|e| e.to_string()));
    match read {
        Ok(file) => Some(file.into()),
        Err(e) => {
            tracing::warn!(file = %path.display(), "skipping an unreadable harvest report: {e}");
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::harvest::HarvestError;
    use crate::record::Harvest;

    fn report(partner: &str, hour: u32, verdict: Verdict) -> HarvestReport {
        let start = Utc.with_ymd_and_hms(2026, 11, 29, hour, 0, 0).unwrap();
        HarvestReport {
            partner: partner.to_owned(),
            harvest: Harvest::new(partner, start).id,
            started_at: Some(start),
            ended_at: Some(start + chrono::Duration::seconds(3)),
            items_found: 12,
            items_kept: 10,
            errors: vec![HarvestError::Judging("/srv/data: disk full".into())],
            verdict,
            ..HarvestReport::default()
        }
    }

    #[test]
    fn summaries_are_newest_first_and_say_no_more_than_counts() {
        let dir = tempfile::tempdir().unwrap();
        let published = Verdict::Published {
            projects: 10,
            previous: 8,
        };
        for hour in [3, 1, 2] {
            write(dir.path(), &report("avise", hour, published.clone())).unwrap();
        }
        let failed = Verdict::Failed {
            reasons: vec!["cannot publish: /srv/data/LOCK".into()],
        };
        write(dir.path(), &report("ticket-for-change", 5, failed)).unwrap();
        std::fs::write(dir.path().join("notes.json"), "{}").unwrap();
        std::fs::write(dir.path().join("avise-20261129t000000000z.json"), "{").unwrap();

        let recent = recent(dir.path(), 2);
        assert_eq!(recent.len(), 2);
        let avise = &recent["avise"];
        assert_eq!(avise.len(), 2);
        assert_eq!(avise[0].harvest, "avise-20261129t030000000z");
        assert_eq!(avise[1].harvest, "avise-20261129t020000000z");
        assert_eq!(avise[0].verdict, "published");
        assert_eq!((avise[0].projects, avise[0].previous), (Some(10), Some(8)));
        assert_eq!((avise[0].items_found, avise[0].errors), (12, 1));
        let failed = &recent["ticket-for-change"][0];
        assert_eq!(failed.verdict, "failed");
        let public = serde_json::to_string(&recent).unwrap();
        assert!(!public.contains("/srv"), "{public}");
        assert_eq!(
            last_starts(dir.path())["avise"],
            Utc.with_ymd_and_hms(2026, 11, 29, 3, 0, 0).unwrap()
        );
        assert_eq!(RunSummary::of(&report("avise", 3, published)), avise[0]);
    }

    #[test]
    fn no_directory_no_runs_and_no_path_from_an_id() {
        assert!(recent(Path::new("/nonexistent/reports"), 5).is_empty());
        let dir = tempfile::tempdir().unwrap();
        let mut bad = report("avise", 1, Verdict::Pending);
        bad.harvest = "../../etc/passwd".into();
        assert!(write(dir.path(), &bad).is_err());
    }
}
