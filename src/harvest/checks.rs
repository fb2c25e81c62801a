//! The checks a run must pass before its records replace the partner's
//! data: a redesign or an outage shows up as too few items, a collapse in
//! field coverage, or a drop against the last good harvest.

use std::collections::BTreeMap;

use super::report::{HarvestReport, Verdict};
use crate::mapping::{Mapping, Target};
use crate::record::ProjectRecord;

/// The verdict of a run: `Published` (to be written) or `Failed` with
/// reasons. A fatal error of the run ([`HarvestError::is_fatal`]: nothing
/// discovered, a page unreadable, the store unable to judge) fails it
/// whatever its numbers; `previous` is the partner's published count.
///
/// [`HarvestError::is_fatal`]: super::HarvestError::is_fatal
pub fn verdict(
    mapping: &Mapping,
    records: &[ProjectRecord],
    report: &HarvestReport,
    previous: usize,
) -> Verdict {
    let checks = &mapping.checks;
    let kept = records.len();
    let mut reasons: Vec<String> = report
        .errors
        .iter()
        .filter(|e| e.is_fatal())
        .map(ToString::to_string)
        .collect();
    if kept < checks.min_items {
        reasons.push(format!(
            "only {kept} projects kept, the mapping expects at least {} (site down, or redesigned so the selectors no longer match?)",
            checks.min_items
        ));
    }
    if previous > 0 && (kept as f64) < previous as f64 * (1.0 - checks.max_drop) {
        reasons.push(format!(
            "{kept} projects against {previous} in the last good harvest: a drop beyond max_drop = {}",
            checks.max_drop
        ));
    }
    for (target, minimum) in &checks.coverage {
        let share = report.coverage.get(target.as_str()).copied().unwrap_or(0.0);
        if kept > 0 && share < *minimum {
            reasons.push(format!(
                "only {:.0} % of projects have `{}`, the mapping expects {:.0} %",
                share * 100.0,
                target.as_str(),
                minimum * 100.0
            ));
        }
    }
    if reasons.is_empty() {
        Verdict::Published {
            projects: kept,
            previous,
        }
    } else {
        Verdict::Failed { reasons }
    }
}

/// The fields whose coverage a report gives.
const COVERED: [Target; 17] = [
    Target::Name,
    Target::Description,
    Target::OrganisationName,
    Target::OrganisationUrl,
    Target::LocationLabel,
    Target::StreetAddress,
    Target::PostalCode,
    Target::Locality,
    Target::Region,
    Target::Latitude,
    Target::Longitude,
    Target::ContactName,
    Target::ContactEmail,
    Target::ContactTelephone,
    Target::ContactUrl,
    Target::Keywords,
    Target::Stage,
];

/// Share of records having each field.
pub fn coverage(records: &[ProjectRecord]) -> BTreeMap<String, f64> {
    let total = records.len().max(1) as f64;
    COVERED
        .iter()
        .map(|target| {
            let count = records.iter().filter(|r| has(r, *target)).count();
            (target.as_str().to_owned(), count as f64 / total)
        })
        .collect()
}

fn has(record: &ProjectRecord, target: Target) -> bool {
    let location =
        |part: fn(&crate::record::Location) -> bool| record.location.as_ref().is_some_and(part);
    let contact =
        |part: fn(&crate::record::Contact) -> bool| record.contact.as_ref().is_some_and(part);
    match target {
        // Required: every record has them.
        Target::Name | Target::Description | Target::OrganisationName | Target::Source => true,
        Target::OrganisationUrl => record.organisation.url.is_some(),
        Target::LocationLabel => location(|l| l.label.is_some()),
        Target::StreetAddress => location(|l| l.street_address.is_some()),
        Target::PostalCode => location(|l| l.postal_code.is_some()),
        Target::Locality => location(|l| l.locality.is_some()),
        Target::Region => location(|l| l.region.is_some()),
        // Coordinates the page gave, not the gazetteer's approximate points.
        Target::Latitude | Target::Longitude => {
            location(|l| l.coordinates.is_some_and(|c| c.approximate_to.is_none()))
        }
        Target::ContactName => contact(|c| c.name.is_some()),
        Target::ContactEmail => contact(|c| c.email.is_some()),
        Target::ContactTelephone => contact(|c| c.telephone.is_some()),
        Target::ContactUrl => contact(|c| c.url.is_some()),
        Target::Keywords => !record.keywords.is_empty(),
        Target::Stage => record.stage.is_some(),
    }
}
