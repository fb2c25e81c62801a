//! Candidate communes, and the smallest territory holding them all.

use super::Precision;
use super::gazetteer::Commune;
use super::resolution::Resolution;

/// The communes that pass.
pub(super) fn filter(
    communes: &[&'static Commune],
    keep: impl Fn(&Commune) -> bool,
) -> Vec<&'static Commune> {
    communes.iter().copied().filter(|c| keep(c)).collect()
}

/// Keeps the communes that fit, unless none does.
pub(super) fn prefer(
    communes: Vec<&'static Commune>,
    fits: impl Fn(&Commune) -> bool,
) -> Vec<&'static Commune> {
    let fitting = filter(&communes, fits);
    if fitting.is_empty() {
        communes
    } else {
        fitting
    }
}

/// Removes repeated items, keeping the first.
pub(super) fn dedup<T: PartialEq>(items: Vec<T>) -> Vec<T> {
    let mut out: Vec<T> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// The smallest territory, up to `widest`, that holds all these communes.
pub(super) fn narrow(mut communes: Vec<&'static Commune>, widest: Precision) -> Resolution {
    communes.sort_by_key(|c| c.insee);
    communes.dedup_by_key(|c| c.insee);
    // An arrondissement is more specific than its city.
    let parents: Vec<&str> = communes.iter().filter_map(|c| c.parent).collect();
    communes.retain(|c| !parents.contains(&c.insee));
    let Some(first) = communes.first() else {
        return Resolution::Unresolved;
    };
    if communes.len() == 1 {
        return Resolution::Commune(first.insee);
    }
    // "Lyon 3e et 7e": Lyon.
    if let Some(parent) = first
        .parent
        .filter(|p| communes.iter().all(|c| c.parent == Some(p)))
    {
        return Resolution::Commune(parent);
    }
    if communes.iter().all(|c| c.departement == first.departement) {
        return Resolution::Departement(first.departement);
    }
    if widest == Precision::Region && communes.iter().all(|c| c.region == first.region) {
        return Resolution::Region(first.region);
    }
    Resolution::Unresolved
}
