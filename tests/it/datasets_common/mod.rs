//! Helpers shared by `api_projects` and `void_dumps`: the ground truth of
//! the demo sites, the partners' mappings, and a small store with a history.
//! Declared once in `tests/it/main.rs`.

use std::path::Path;

use carrefour::store::Store;
use serde_json::Value;

use crate::common;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

pub use common::demo::expected_projects;

pub fn expected_count(keep: impl Fn(&str, &Value) -> bool) -> usize {
    expected_projects()
        .iter()
        .filter(|(partner, project)| keep(partner, project))
        .count()
}

/// The mapping of `partner`, as `mappings/` holds it.
pub fn mapping(partner: &str) -> carrefour::mapping::Mapping {
    carrefour::mapping::load_dir(&Path::new(ROOT).join("mappings"))
        .unwrap()
        .into_iter()
        .find(|m| m.partner.id == partner)
        .unwrap()
}

/// A small store whose partner published three projects (one named with
/// markup), then two, then failed a harvest.
pub fn store_with_history() -> Store {
    let store = Store::in_memory(common::base()).unwrap();
    let partner = common::partner("atelier");
    let first = common::harvest(&partner, 8);
    let mut records = common::records(&partner, &first, 3);
    records[0].name = "<script>alert('nom')</script> Jardin".to_owned();
    store.replace_partner(&partner, &first, &records).unwrap();
    let second = common::harvest(&partner, 9);
    let mut kept = common::records(&partner, &second, 2);
    kept[0].name = records[0].name.clone();
    store.replace_partner(&partner, &second, &kept).unwrap();
    let failed = common::harvest(&partner, 10);
    store
        .record_failed_harvest(&failed, &["trop peu de projets".to_owned()])
        .unwrap();
    store
}
