//! What a harvest run asks of the store: how many projects the partner
//! publishes (to judge the run), to publish the new set, or to record a
//! failed run. A trait, so that the run depends on these three questions
//! only: the [`Store`] answers them in production, and a test can stand in
//! a store whose answers fail.

use crate::record::{Harvest, Partner, ProjectRecord};
use crate::store::{Replacement, Store, StoreError, Withdrawal};

/// The store, as a harvest run uses it.
pub trait HarvestStore: Send + Sync {
    /// How many projects `partner` publishes now (live records).
    fn published_count(&self, partner: &str) -> Result<u64, StoreError>;

    /// Publishes `records` as the partner's data in one transaction,
    /// withdrawing missing projects only as `withdrawal` says.
    fn publish(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
        withdrawal: &Withdrawal,
    ) -> Result<Replacement, StoreError>;

    /// Records a run that failed, and why, without touching the partner's data.
    fn record_failure(&self, harvest: &Harvest, reasons: &[String]) -> Result<(), StoreError>;
}

impl HarvestStore for Store {
    fn published_count(&self, partner: &str) -> Result<u64, StoreError> {
        self.partner_project_count(partner)
    }

    fn publish(
        &self,
        partner: &Partner,
        harvest: &Harvest,
        records: &[ProjectRecord],
        withdrawal: &Withdrawal,
    ) -> Result<Replacement, StoreError> {
        self.publish_harvest(partner, harvest, records, withdrawal)
    }

    fn record_failure(&self, harvest: &Harvest, reasons: &[String]) -> Result<(), StoreError> {
        self.record_failed_harvest(harvest, reasons)
    }
}
