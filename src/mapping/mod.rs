//! Partner mapping files (`mappings/<partner>.toml`).
//!
//! A mapping file declares a partner and, once the harvester lands, how to
//! read its site. Unknown keys are rejected and every error names the file,
//! the field and the reason, so a mapping author knows what to fix.
//!
//! ```
//! use carrefour::mapping::Mapping;
//!
//! let mapping = Mapping::parse("demo.toml", r#"
//!     [partner]
//!     id = "demo"
//!     name = "Partenaire de démonstration"
//!     homepage = "https://demo.example/"
//! "#)?;
//! assert_eq!(mapping.partner.id, "demo");
//! assert!(mapping.partner.enabled);
//! # Ok::<_, carrefour::mapping::MappingError>(())
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::record::Partner;

/// One partner's mapping file.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    pub partner: Partner,
}

/// A mapping file that cannot be used, with where and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct MappingError {
    pub file: PathBuf,
    /// Dotted path of the field at fault (`partner.homepage`), when known.
    pub field: Option<String>,
    /// Line of the error in the file, when known.
    pub line: Option<usize>,
    pub reason: String,
}

impl fmt::Display for MappingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{field}`")?;
        }
        write!(f, ": {}", self.reason)
    }
}

impl Mapping {
    /// Reads and checks the mapping file at `path`.
    pub fn load(path: &Path) -> Result<Mapping, MappingError> {
        let text = std::fs::read_to_string(path).map_err(|e| MappingError {
            file: path.to_owned(),
            field: None,
            line: None,
            reason: format!("cannot read the file: {e}"),
        })?;
        Mapping::parse(path, &text)
    }

    /// Parses and checks mapping `text`; `file` only names it in errors.
    pub fn parse(file: impl AsRef<Path>, text: &str) -> Result<Mapping, MappingError> {
        let file = file.as_ref();
        let mapping: Mapping = toml::from_str(text).map_err(|e| syntax_error(file, text, &e))?;
        mapping.partner.validate().map_err(|e| MappingError {
            file: file.to_owned(),
            line: line_of_field(text, &e.field),
            field: Some(e.field),
            reason: e.reason,
        })?;
        Ok(mapping)
    }
}

/// Loads every `*.toml` mapping of `dir`, sorted by file name. Fails on the
/// first bad file: a partner is never silently skipped.
pub fn load_dir(dir: &Path) -> Result<Vec<Mapping>, MappingError> {
    let entries = std::fs::read_dir(dir).map_err(|e| MappingError {
        file: dir.to_owned(),
        field: None,
        line: None,
        reason: format!("cannot read the mappings directory: {e} (pass --mappings DIR)"),
    })?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    paths.sort();
    let mappings = paths
        .iter()
        .map(|p| Mapping::load(p))
        .collect::<Result<Vec<_>, _>>()?;
    let mut seen = std::collections::HashSet::new();
    for (mapping, path) in mappings.iter().zip(&paths) {
        if !seen.insert(mapping.partner.id.as_str()) {
            return Err(MappingError {
                file: path.clone(),
                field: Some("partner.id".into()),
                line: line_of_field(
                    &std::fs::read_to_string(path).unwrap_or_default(),
                    "partner.id",
                ),
                reason: format!(
                    "another mapping already declares partner {:?}",
                    mapping.partner.id
                ),
            });
        }
    }
    Ok(mappings)
}

fn syntax_error(file: &Path, text: &str, error: &toml::de::Error) -> MappingError {
    let line = error
        .span()
        .map(|span| text[..span.start].matches('\n').count() + 1);
    let field = error.span().and_then(|span| field_at(text, span.start));
    MappingError {
        file: file.to_owned(),
        field,
        line,
        reason: error.message().to_owned(),
    }
}

/// The dotted name of the key whose line contains byte `offset`
/// (`[partner]` + `homepage = …` gives `partner.homepage`).
fn field_at(text: &str, offset: usize) -> Option<String> {
    let mut table = String::new();
    let mut consumed = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.split(']').next()) {
            table = name.trim_start_matches('[').trim().to_owned();
        }
        if consumed + line.len() > offset {
            let key = trimmed.split('=').next()?.trim();
            if trimmed.contains('=') && !key.is_empty() {
                return Some(if table.is_empty() {
                    key.to_owned()
                } else {
                    format!("{table}.{key}")
                });
            }
            return (!table.is_empty()).then_some(table);
        }
        consumed += line.len();
    }
    None
}

/// The line where dotted `field` is set, for errors found after parsing.
fn line_of_field(text: &str, field: &str) -> Option<usize> {
    let mut consumed = 0;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if line.contains('=') && field_at(text, consumed).as_deref() == Some(field) {
            return Some(number + 1);
        }
        consumed += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str =
        "[partner]\nid = \"demo\"\nname = \"Démo\"\nhomepage = \"https://demo.example/\"\n";

    #[test]
    fn unknown_key_names_file_field_and_reason() {
        let text = format!("{GOOD}colour = \"blue\"\n");
        let error = Mapping::parse("mappings/demo.toml", &text).unwrap_err();
        assert_eq!(error.file, Path::new("mappings/demo.toml"));
        assert_eq!(error.field.as_deref(), Some("partner.colour"));
        assert_eq!(error.line, Some(5));
        assert!(error.reason.contains("unknown field"), "{error}");
    }

    #[test]
    fn bad_value_names_its_field() {
        let text = GOOD.replace("https://demo.example/", "not a url");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("partner.homepage"), "{error}");
        assert_eq!(error.line, Some(4));
    }

    #[test]
    fn semantic_errors_name_their_field() {
        let text = GOOD.replace("id = \"demo\"", "id = \"Bad Id\"");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("partner.id"));
        assert_eq!(error.line, Some(2));
        assert!(
            error
                .to_string()
                .starts_with("m.toml:2: field `partner.id`: "),
            "{error}"
        );
    }

    #[test]
    fn missing_table_is_reported() {
        let error = Mapping::parse("m.toml", "").unwrap_err();
        assert!(error.reason.contains("partner"), "{error}");
    }
}
