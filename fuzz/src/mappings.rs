//! The bundled partner mappings (`mappings/*.toml`), loaded once: the field
//! rules the HTML extraction target applies to fuzzed pages.

use std::sync::OnceLock;

use carrefour::mapping::{self, Mapping};

/// Every bundled mapping, enabled or not.
pub fn bundled() -> &'static [Mapping] {
    static MAPPINGS: OnceLock<Vec<Mapping>> = OnceLock::new();
    MAPPINGS.get_or_init(|| {
        let dir = crate::repository().join("mappings");
        mapping::load_dir(&dir).unwrap_or_else(|e| panic!("the bundled mappings: {e}"))
    })
}
