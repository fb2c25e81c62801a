//! What the fuzz targets share: the server they send requests to (over the
//! demo data, in memory), the rule every response must obey, and the field
//! rules of the bundled mappings.
//!
//! Everything here is set up once per fuzzing process, from the repository's
//! own files (trusted): a setup failure panics at once, before the first
//! input, and says which file is wrong. Only the targets read fuzz bytes.
//!
//! - [`server`]: the router over an in-memory store holding the harvested
//!   demo sites, [`server::send`] and [`server::check`];
//! - [`mappings`]: the bundled `mappings/*.toml`, loaded once.

pub mod mappings;
pub mod server;

use std::path::{Path, PathBuf};

/// The repository's root (the fuzz crate lives in `fuzz/`).
pub fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the fuzz crate sits in the repository's fuzz/ folder")
        .to_path_buf()
}
