//! The charter's equality between partners: without words to find, the
//! projects come in a *fair order* of the day, not alphabetically (where
//! the partner whose names start with "A" would always come first).
//!
//! Each partner's projects are shuffled with the day as seed, then spread
//! evenly through the whole list in proportion to their number: the
//! `j`-th of a partner's `n` projects sits at `(j + offset) / n`, the
//! offset also drawn from the day. A partner with a tenth of the projects
//! has about a tenth of every page, and which partner opens the list
//! changes from day to day. The order is a function of the data and the
//! day only, so paging through it on one day sees every project once.

use std::hash::{Hash, Hasher};

use chrono::NaiveDate;

use super::ProjectIndex;
use crate::record::{BaseIri, Kind};

/// A hash that is the same in every process of one build (`DefaultHasher`
/// made with `new` has fixed keys), so two requests, or a request before
/// and after a restart, see the same order.
fn stable_hash(day: NaiveDate, item: impl Hash) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    day.hash(&mut hasher);
    item.hash(&mut hasher);
    hasher.finish()
}

impl ProjectIndex {
    /// The positions (in [`ProjectIndex::projects`]) of every project in
    /// the fair order of `day`; computed once per day and index (`base`
    /// names the partners).
    pub fn fair_order(&self, base: &BaseIri, day: NaiveDate) -> std::sync::Arc<[u32]> {
        let mut cached = self
            .fair
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match &*cached {
            Some((at, order)) if *at == day => std::sync::Arc::clone(order),
            _ => {
                let order: std::sync::Arc<[u32]> = self.compute_fair_order(base, day).into();
                *cached = Some((day, std::sync::Arc::clone(&order)));
                order
            }
        }
    }

    fn compute_fair_order(&self, base: &BaseIri, day: NaiveDate) -> Vec<u32> {
        // A project's partner: the first of its partner facets (a project
        // relayed by a hub has two), or none.
        let partners: Vec<(u32, String)> = self
            .partners
            .iter()
            .filter_map(|choice| {
                let iri = base.id(Kind::Partner, &choice.code);
                Some((*self.facets.get(&iri)?, choice.code.clone()))
            })
            .collect();
        let mut groups: std::collections::BTreeMap<Option<u32>, Vec<u32>> = Default::default();
        for (position, project) in self.projects.iter().enumerate() {
            let partner = project
                .facets
                .iter()
                .copied()
                .find(|id| partners.iter().any(|(p, _)| p == id));
            groups.entry(partner).or_default().push(position as u32);
        }
        let mut keyed: Vec<(f64, u64, u32)> = Vec::with_capacity(self.projects.len());
        for (partner, mut members) in groups {
            let code = partner.and_then(|id| partners.iter().find(|(p, _)| *p == id));
            let partner_hash = stable_hash(day, code.map(|(_, code)| code));
            members
                .sort_by_cached_key(|&p| stable_hash(day, self.projects[p as usize].iri.as_str()));
            let offset = (partner_hash >> 11) as f64 / (1u64 << 53) as f64;
            let n = members.len() as f64;
            for (j, position) in members.into_iter().enumerate() {
                keyed.push(((j as f64 + offset) / n, partner_hash, position));
            }
        }
        keyed.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        keyed.into_iter().map(|(_, _, position)| position).collect()
    }
}
