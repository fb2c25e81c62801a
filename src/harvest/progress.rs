//! Live counters of a running harvest, for a progress display.

use std::sync::atomic::{AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

/// Pages read, projects found and errors so far, updated as the harvest runs.
#[derive(Debug, Default)]
pub struct Progress {
    pages: AtomicUsize,
    items: AtomicUsize,
    errors: AtomicUsize,
}

/// A snapshot of [`Progress`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub pages: usize,
    pub items: usize,
    pub errors: usize,
}

impl Progress {
    pub(super) fn page(&self) {
        self.pages.fetch_add(1, Ordering::Relaxed);
    }

    pub(super) fn items(&self, n: usize) {
        self.items.fetch_add(n, Ordering::Relaxed);
    }

    pub(super) fn error(&self) {
        self.errors.fetch_add(1, Ordering::Relaxed);
    }

    /// Catches up with `counts` reported by a run elsewhere (a server
    /// harvesting for `carrefour harvest`); counts never go back.
    pub(crate) fn catch_up(&self, counts: Counts) {
        self.pages.fetch_max(counts.pages, Ordering::Relaxed);
        self.items.fetch_max(counts.items, Ordering::Relaxed);
        self.errors.fetch_max(counts.errors, Ordering::Relaxed);
    }

    pub fn counts(&self) -> Counts {
        Counts {
            pages: self.pages.load(Ordering::Relaxed),
            items: self.items.load(Ordering::Relaxed),
            errors: self.errors.load(Ordering::Relaxed),
        }
    }
}
