//! Migration from the 2018 platform: OpenScraper spiders → draft mappings.
//!
//! Input: an OpenScraper backup (`spiders_config.json` and the
//! `datamodel_config.json` its field ids refer to, MongoDB shell exports).
//! Output: one draft mapping file per spider ([`Draft`]), each one a mapping
//! `carrefour mapping check` accepts, with a `TODO(human)` comment wherever
//! a human must decide (the licence, the project key of page-less items,
//! the tags of category pages, a field every record needs that the spider
//! did not read — such a draft is written `enabled = false`). Nothing is
//! fetched: the drafts are text.
//!
//! ```no_run
//! use carrefour::mapping::openscraper;
//! use std::path::Path;
//!
//! let drafts = openscraper::convert_files(
//!     Path::new("backups/spiders_config.json"),
//!     Path::new("backups/datamodel_config.json"),
//! )?;
//! for draft in drafts {
//!     std::fs::write(format!("mappings/{}.toml", draft.partner), draft.text)?;
//! }
//! # Ok::<_, Box<dyn std::error::Error>>(())
//! ```

mod draft;
mod export;

use std::path::{Path, PathBuf};

pub use draft::Draft;
pub use export::{ExportError, ModelField, Spider, read_export};

use super::Mapping;

/// Why an OpenScraper backup could not be converted.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, #[source] std::io::Error),
    #[error("{0}: {1} (is it an OpenScraper backup, a MongoDB shell export?)")]
    Export(PathBuf, #[source] ExportError),
    /// A draft the converter wrote does not pass `mapping check`: a bug of
    /// the converter, reported with the draft so it can be fixed by hand.
    #[error("the draft for spider {spider:?} does not pass mapping check: {reason}\n{text}")]
    Draft {
        spider: String,
        reason: String,
        text: String,
    },
}

/// Converts the spiders of `spiders` (a `spiders_config.json`) with the
/// data model of `model` (its `datamodel_config.json`).
pub fn convert_files(spiders: &Path, model: &Path) -> Result<Vec<Draft>, ImportError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|e| ImportError::Read(path.to_owned(), e))
    };
    let spiders_text = read(spiders)?;
    let model_text = read(model)?;
    let spiders_list: Vec<Spider> =
        read_export(&spiders_text).map_err(|e| ImportError::Export(spiders.to_owned(), e))?;
    let fields: Vec<ModelField> =
        read_export(&model_text).map_err(|e| ImportError::Export(model.to_owned(), e))?;
    let name = spiders.file_name().map_or_else(
        || spiders.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    convert(&spiders_list, &fields, &name)
}

/// One checked draft per spider; partner ids made unique (`-2`, `-3`…).
pub fn convert(
    spiders: &[Spider],
    model: &[ModelField],
    export: &str,
) -> Result<Vec<Draft>, ImportError> {
    let mut drafts: Vec<Draft> = Vec::with_capacity(spiders.len());
    for spider in spiders {
        let mut draft = draft::draft(spider, model, export);
        let base = draft.partner.clone();
        let mut n = 1;
        while drafts.iter().any(|d| d.partner == draft.partner) {
            n += 1;
            let unique = format!("{base}-{n}");
            draft.text = draft.text.replacen(
                &format!("id = \"{base}\""),
                &format!("id = \"{unique}\""),
                1,
            );
            draft.partner = unique;
        }
        Mapping::parse(format!("{}.toml", draft.partner), &draft.text).map_err(|e| {
            ImportError::Draft {
                spider: spider.infos.name.clone(),
                reason: e.to_string(),
                text: draft.text.clone(),
            }
        })?;
        drafts.push(draft);
    }
    Ok(drafts)
}
