//! The embedded default: fill a store with the bundled demo partners.
//!
//! Until the harvester lands, the demo data is the hand-written records of
//! `tests/fixtures/demo/projects.toml`, attributed to the demo partners of
//! `mappings/`; they go through the same record → RDF → store path a
//! harvest takes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::Utc;
use serde::Deserialize;

use crate::mapping::{self, MappingError};
use crate::record::{Harvest, Partner, ProjectRecord};
use crate::store::{Store, StoreError};

/// Why the demo data could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error(transparent)]
    Mapping(#[from] MappingError),
    #[error("{file}: project #{index}: {reason}")]
    Fixture {
        file: PathBuf,
        index: usize,
        reason: String,
    },
    #[error("cannot read {file}: {reason}\nhint: run from the repository root, or pass --fixtures")]
    Read { file: PathBuf, reason: String },
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// One partner's demo data, loaded.
#[derive(Debug, Clone)]
pub struct LoadedPartner {
    pub partner: String,
    pub projects: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    project: Vec<toml::Table>,
}

/// Replaces the data of every enabled partner of `mappings_dir` by its demo
/// records from `fixture`.
pub fn load(
    store: &Store,
    mappings_dir: &Path,
    fixture: &Path,
) -> Result<Vec<LoadedPartner>, DemoError> {
    let partners: Vec<Partner> = mapping::load_dir(mappings_dir)?
        .into_iter()
        .map(|m| m.partner)
        .filter(|p| p.enabled)
        .collect();
    let started_at = Utc::now();
    let mut records = read_fixture(fixture, &partners, started_at)?;
    let mut loaded = Vec::new();
    for partner in &partners {
        let mut harvest = Harvest::new(&partner.id, started_at);
        harvest.used.push(partner.homepage.clone());
        harvest.ended_at = Utc::now();
        let records = records.remove(&partner.id).unwrap_or_default();
        let replacement = store.replace_partner(partner, &harvest, &records)?;
        tracing::info!(partner = %partner.id, projects = replacement.inserted, "demo partner loaded");
        loaded.push(LoadedPartner {
            partner: partner.id.clone(),
            projects: replacement.inserted,
        });
    }
    Ok(loaded)
}

/// Reads the fixture into records grouped by partner id.
fn read_fixture(
    file: &Path,
    partners: &[Partner],
    harvested_at: chrono::DateTime<Utc>,
) -> Result<BTreeMap<String, Vec<ProjectRecord>>, DemoError> {
    let read_error = |reason: String| DemoError::Read {
        file: file.to_owned(),
        reason,
    };
    let text = std::fs::read_to_string(file).map_err(|e| read_error(e.to_string()))?;
    let fixture: Fixture = toml::from_str(&text).map_err(|e| read_error(e.to_string()))?;
    let mut by_partner: BTreeMap<String, Vec<ProjectRecord>> = BTreeMap::new();
    for (index, mut table) in fixture.project.into_iter().enumerate() {
        let fixture_error = |reason: String| DemoError::Fixture {
            file: file.to_owned(),
            index: index + 1,
            reason,
        };
        let partner_id = table
            .remove("partner")
            .and_then(|v| v.as_str().map(str::to_owned))
            .ok_or_else(|| fixture_error("missing `partner`".into()))?;
        let Some(partner) = partners.iter().find(|p| p.id == partner_id) else {
            continue; // a disabled or absent partner publishes nothing
        };
        table.insert("provenance".into(), provenance(partner, harvested_at));
        let mut record: ProjectRecord = table
            .try_into()
            .map_err(|e: toml::de::Error| fixture_error(e.to_string()))?;
        record.source = crate::record::canonicalize(record.source);
        by_partner.entry(partner_id).or_default().push(record);
    }
    Ok(by_partner)
}

fn provenance(partner: &Partner, harvested_at: chrono::DateTime<Utc>) -> toml::Value {
    let provenance = crate::record::Provenance {
        partner: partner.id.clone(),
        partner_name: partner.name.clone(),
        license: partner.license.clone(),
        harvest: Harvest::new(&partner.id, harvested_at).id,
        harvested_at,
    };
    toml::Value::try_from(provenance).expect("provenance serialises to TOML")
}
