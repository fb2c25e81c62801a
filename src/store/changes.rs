//! The journal of changes behind the change feed (`/changes`): what each
//! publication created, updated and withdrew, numbered in order from 1, so
//! a peer that has read up to number `n` asks for what came after it.
//!
//! A change is journalled once its publication is committed: a failed or
//! refused harvest journals nothing. An update is a record whose facts
//! changed, not one harvested again unchanged (its harvest time and
//! activity are left out of the comparison). On disk the journal is
//! `DIR/changes.jsonl`, one JSON object per line, appended to; a crash
//! between a commit and its append loses that publication's lines (the
//! next harvest of the partner journals its changes again only if they
//! change again). In memory it is a list.

use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::StoreError;

/// What happened to a project.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Published for the first time, or again after a withdrawal.
    Created,
    /// Its facts changed.
    Updated,
    /// Withdrawn (its IRI now answers 410 Gone).
    Withdrawn,
}

/// One change, as journalled.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// From 1, in the order the changes were committed.
    pub seq: u64,
    /// When the publication that made it ended.
    pub at: DateTime<Utc>,
    pub kind: ChangeKind,
    /// The project's key (`{base}id/project/{key}`).
    pub key: String,
    /// The partner whose record it is.
    pub partner: String,
}

/// Changes after a given number, and how many there are in all.
#[derive(Debug, Clone, PartialEq)]
pub struct ChangesPage {
    pub changes: Vec<Change>,
    pub total: u64,
}

/// The journal of one store.
pub(super) struct Journal {
    /// `DIR/changes.jsonl`, or `None` in memory.
    file: Option<PathBuf>,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Changes journalled so far, once counted (on disk: at first use).
    count: Option<u64>,
    /// Every change, in memory only.
    memory: Vec<Change>,
}

impl Journal {
    pub(super) fn new(file: Option<PathBuf>) -> Journal {
        Journal {
            file,
            state: Mutex::default(),
        }
    }

    /// Journals `changes` (kind, key) of `partner`, made at `at`, after
    /// every change journalled so far.
    pub(super) fn append(
        &self,
        partner: &str,
        at: DateTime<Utc>,
        changes: impl IntoIterator<Item = (ChangeKind, String)>,
    ) -> Result<(), StoreError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let mut next = self.count(&mut state)?;
        let changes: Vec<Change> = changes
            .into_iter()
            .map(|(kind, key)| {
                next += 1;
                Change {
                    seq: next,
                    at,
                    kind,
                    key,
                    partner: partner.to_owned(),
                }
            })
            .collect();
        if changes.is_empty() {
            return Ok(());
        }
        match &self.file {
            Some(path) => {
                let mut lines = Vec::new();
                for change in &changes {
                    serde_json::to_writer(&mut lines, change).map_err(journal_error)?;
                    lines.push(b'\n');
                }
                let mut file = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(path)
                    .map_err(journal_error)?;
                file.write_all(&lines).map_err(journal_error)?;
            }
            None => state.memory.extend(changes),
        }
        state.count = Some(next);
        Ok(())
    }

    /// At most `limit` changes numbered after `after`, in order.
    pub(super) fn after(&self, after: u64, limit: usize) -> Result<ChangesPage, StoreError> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let total = self.count(&mut state)?;
        let changes = match &self.file {
            None => state
                .memory
                .iter()
                .skip(usize::try_from(after).unwrap_or(usize::MAX))
                .take(limit)
                .cloned()
                .collect(),
            Some(path) => read_lines(path, after, limit)?,
        };
        Ok(ChangesPage { changes, total })
    }

    fn count(&self, state: &mut State) -> Result<u64, StoreError> {
        if let Some(count) = state.count {
            return Ok(count);
        }
        let count = match &self.file {
            Some(path) if path.exists() => {
                let file = std::fs::File::open(path).map_err(journal_error)?;
                std::io::BufReader::new(file).lines().count() as u64
            }
            _ => state.memory.len() as u64,
        };
        state.count = Some(count);
        Ok(count)
    }
}

/// Lines `after + 1 ..= after + limit` of the journal file (line n is
/// change n).
fn read_lines(path: &PathBuf, after: u64, limit: usize) -> Result<Vec<Change>, StoreError> {
    let Ok(file) = std::fs::File::open(path) else {
        return Ok(Vec::new());
    };
    std::io::BufReader::new(file)
        .lines()
        .skip(usize::try_from(after).unwrap_or(usize::MAX))
        .take(limit)
        .map(|line| {
            let line = line.map_err(journal_error)?;
            serde_json::from_str(&line).map_err(journal_error)
        })
        .collect()
}

fn journal_error(error: impl std::fmt::Display) -> StoreError {
    StoreError::Query(format!("the change journal: {error}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_numbered_in_order_and_read_after_a_number() {
        let dir = tempfile::tempdir().unwrap();
        for file in [None, Some(dir.path().join("changes.jsonl"))] {
            let journal = Journal::new(file.clone());
            let at = Utc::now();
            let created = ["a", "b", "c"].map(|key| (ChangeKind::Created, key.to_owned()));
            journal.append("p", at, created).unwrap();
            journal
                .append("p", at, [(ChangeKind::Withdrawn, "b".to_owned())])
                .unwrap();
            let page = journal.after(2, 10).unwrap();
            assert_eq!(page.total, 4);
            let seen: Vec<(u64, ChangeKind, &str)> = page
                .changes
                .iter()
                .map(|c| (c.seq, c.kind, c.key.as_str()))
                .collect();
            assert_eq!(
                seen,
                [
                    (3, ChangeKind::Created, "c"),
                    (4, ChangeKind::Withdrawn, "b")
                ]
            );
            assert_eq!(journal.after(0, 1).unwrap().changes[0].key, "a");
            if let Some(file) = file {
                // Numbering goes on where the file left it.
                let reopened = Journal::new(Some(file));
                reopened
                    .append("p", at, [(ChangeKind::Updated, "a".to_owned())])
                    .unwrap();
                assert_eq!(reopened.after(4, 10).unwrap().changes[0].seq, 5);
            }
        }
    }
}
