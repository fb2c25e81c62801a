//! Partner mapping files (`mappings/<partner>.toml`).
//!
//! A mapping file declares a partner and how to read its site, without a
//! line of code: where the listing pages are, what each listing item and
//! detail page holds, what never to keep, and when a harvest is too
//! suspicious to publish. `mappings/README.md` documents the format.
//! Unknown keys are rejected and every selector and regex is compiled at
//! load time; every error names the file, the line, the field and the reason.
//!
//! ```
//! use carrefour::mapping::Mapping;
//!
//! let mapping = Mapping::parse("demo.toml", r#"
//!     [partner]
//!     id = "demo"
//!     name = "Partenaire de démonstration"
//!     homepage = "https://demo.example/"
//!
//!     [discovery]
//!     start = ["https://demo.example/projets"]
//!     next = "a[rel=next]"
//!
//!     [listing]
//!     item = ".projet"
//!     link = "h2 a"
//!
//!     [[detail.field]]
//!     target = "name"
//!     select = ["h1.titre", "h1"]
//!
//!     [[detail.field]]
//!     target = "description"
//!     select = ".chapo"
//!
//!     [[detail.field]]
//!     target = "organisation.name"
//!     label = ["Porteur", "Structure porteuse"]
//! "#)?;
//! assert_eq!(mapping.partner.id, "demo");
//! assert_eq!(mapping.sources[0].detail.as_ref().unwrap().field[0].select.len(), 2);
//! # Ok::<_, carrefour::mapping::MappingError>(())
//! ```

mod check;
mod compiled;
mod field;
mod host;
pub mod openscraper;
mod schedule;
mod sections;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::record::Partner;

pub use compiled::{Css, JsonPath, MAX_XPATH_CHARS, Pattern, XPath};
pub use field::{Extract, FieldRule, Target, Transform};
pub use host::PartnerHost;
pub use schedule::{Period, Schedule};
pub use sections::Render;
pub use sections::{
    Alignment, Checks, Detail, Discovery, Exclusions, Format, Listing, PageRange, Politeness,
    Sitemap, Source, StartUrl,
};

/// One partner's mapping file.
#[derive(Debug, Clone)]
pub struct Mapping {
    pub partner: Partner,
    /// Where the partner lists its projects: at least one source, checked
    /// and published together as the partner's one set.
    pub sources: Vec<Source>,
    /// Whether the file wrote `[[source]]` sections (error messages name
    /// `source.listing.item`) or top-level sections (`listing.item`).
    pub sections: bool,
    pub alignment: Alignment,
    pub exclude: Exclusions,
    pub checks: Checks,
    pub politeness: Politeness,
    /// When a serving hub harvests the partner again (`[schedule]`).
    pub schedule: Schedule,
}

/// A mapping file as written: top-level `[discovery]`, `[listing]`,
/// `[detail]` for one source, or `[[source]]` sections.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MappingFile {
    partner: Partner,
    discovery: Option<Discovery>,
    listing: Option<Listing>,
    detail: Option<Detail>,
    #[serde(default)]
    source: Vec<Source>,
    #[serde(default)]
    alignment: Alignment,
    #[serde(default)]
    exclude: Exclusions,
    #[serde(default)]
    checks: Checks,
    #[serde(default)]
    politeness: Politeness,
    #[serde(default)]
    schedule: Schedule,
}

impl MappingFile {
    /// The mapping, its sources gathered; a file writing both forms, or
    /// neither, is refused.
    fn into_mapping(self) -> Result<Mapping, (String, String)> {
        let top_level = self.discovery.is_some() || self.listing.is_some() || self.detail.is_some();
        let sections = !self.source.is_empty();
        let sources = match (top_level, sections) {
            (true, true) => {
                return Err((
                    "source".into(),
                    "write either [[source]] sections or top-level [discovery], [listing] and \
                     [detail], not both"
                        .into(),
                ));
            }
            (false, false) => {
                return Err((
                    "discovery".into(),
                    "missing: say where the partner lists its projects ([discovery], or \
                     [[source]] sections)"
                        .into(),
                ));
            }
            (true, false) => {
                let Some(discovery) = self.discovery else {
                    return Err(("discovery".into(), "missing: give the start URLs".into()));
                };
                vec![Source {
                    name: None,
                    tags: Vec::new(),
                    discovery,
                    listing: self.listing,
                    detail: self.detail,
                }]
            }
            (false, true) => self.source,
        };
        Ok(Mapping {
            partner: self.partner,
            sources,
            sections,
            alignment: self.alignment,
            exclude: self.exclude,
            checks: self.checks,
            politeness: self.politeness,
            schedule: self.schedule,
        })
    }
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
        let written: MappingFile =
            toml::from_str(text).map_err(|e| syntax_error(file, text, &e))?;
        let semantic_error = |problem: check::Problem| MappingError {
            file: file.to_owned(),
            line: line_of_field(text, &problem.field, problem.source),
            field: Some(problem.field),
            reason: problem.reason,
        };
        written
            .partner
            .validate()
            .map_err(|e| semantic_error(check::Problem::new(&e.field, e.reason)))?;
        let mapping = written
            .into_mapping()
            .map_err(|(field, reason)| semantic_error(check::Problem::new(&field, reason)))?;
        check::check(&mapping).map_err(semantic_error)?;
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
                    None,
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

/// The line where dotted `field` is set, for errors found after parsing;
/// in the `source`-th `[[source]]` section when the error is about one.
fn line_of_field(text: &str, field: &str, source: Option<usize>) -> Option<usize> {
    let mut consumed = 0;
    let mut sources_seen = 0;
    let mut in_source = source.is_none();
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if source.is_some() && line.trim() == "[[source]]" {
            in_source = source == Some(sources_seen);
            sources_seen += 1;
        }
        if in_source && line.contains('=') && field_at(text, consumed).as_deref() == Some(field) {
            return Some(number + 1);
        }
        consumed += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"[partner]
id = "demo"
name = "Démo"
homepage = "https://demo.example/"
[discovery]
start = ["https://demo.example/p"]
[listing]
item = ".p"
link = "a"
[[detail.field]]
target = "name"
select = "h1"
[[detail.field]]
target = "description"
select = ".resume"
[[detail.field]]
target = "organisation.name"
label = "Porteur"
"#;

    #[test]
    fn good_mapping_parses() {
        Mapping::parse("m.toml", GOOD).unwrap();
    }

    #[test]
    fn unknown_key_names_file_field_and_reason() {
        let text = GOOD.replace("homepage =", "colour = \"blue\"\nhomepage =");
        let error = Mapping::parse("mappings/demo.toml", &text).unwrap_err();
        assert_eq!(error.file, Path::new("mappings/demo.toml"));
        assert_eq!(error.field.as_deref(), Some("partner.colour"));
        assert_eq!(error.line, Some(4));
        assert!(error.reason.contains("unknown field"), "{error}");
    }

    #[test]
    fn bad_value_names_its_field() {
        let text = GOOD.replace(
            "homepage = \"https://demo.example/\"",
            "homepage = \"not a url\"",
        );
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
    fn bad_selector_and_regex_are_caught_at_load() {
        let error = Mapping::parse(
            "m.toml",
            &GOOD.replace("select = \"h1\"", "select = \"h1[\""),
        )
        .unwrap_err();
        assert_eq!(
            error.field.as_deref(),
            Some("detail.field.select"),
            "{error}"
        );
        assert!(error.reason.contains("invalid CSS selector"), "{error}");
        let text = format!("{GOOD}[exclude]\nurls = [\"(unclosed\"]\n");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("exclude.urls"), "{error}");
        assert!(error.reason.contains("invalid regex"), "{error}");
    }

    #[test]
    fn a_record_without_a_name_rule_is_refused() {
        let text = GOOD.replace("target = \"name\"", "target = \"keywords\"");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert!(error.reason.contains("`name`"), "{error}");
    }

    #[test]
    fn hosts_and_withdraw_after_are_checked_at_load() {
        let with = |extra: &str| GOOD.replace("[listing]", &format!("{extra}\n[listing]"));
        let mapping = Mapping::parse("m.toml", &with("hosts = [\"api.demo.example:8443\"]"))
            .expect("a host with a port");
        assert_eq!(mapping.sources[0].discovery.hosts[0].port, Some(8443));
        assert_eq!(mapping.checks.withdraw_after, 2);
        let error =
            Mapping::parse("m.toml", &with("hosts = [\"https://api.demo.example/\"]")).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("discovery.hosts"), "{error}");
        assert!(error.reason.contains("is not a host"), "{error}");
        let zero = format!("{GOOD}[checks]\nwithdraw_after = 0\n");
        let error = Mapping::parse("m.toml", &zero).unwrap_err();
        assert_eq!(
            error.field.as_deref(),
            Some("checks.withdraw_after"),
            "{error}"
        );
        assert_eq!(error.line, Some(20), "{error}");
    }

    #[test]
    fn schedule_errors_name_file_line_and_field() {
        let mapping = Mapping::parse("m.toml", GOOD).unwrap();
        assert_eq!(mapping.schedule, Schedule::default());
        let text = format!("{GOOD}[schedule]\nevery = \"6h\"\njitter = 0.25\n");
        let mapping = Mapping::parse("m.toml", &text).unwrap();
        assert_eq!(mapping.schedule.every.to_string(), "6h");
        assert_eq!(mapping.schedule.jitter, 0.25);
        let text = format!("{GOOD}[schedule]\nevery = \"soon\"\n");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("schedule.every"), "{error}");
        assert_eq!(error.line, Some(20), "{error}");
        assert!(error.reason.contains("not a period"), "{error}");
        let text = format!("{GOOD}[schedule]\nevery = \"1d\"\njitter = 2\n");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("schedule.jitter"), "{error}");
        assert_eq!(error.line, Some(21), "{error}");
        let text = format!("{GOOD}[schedule]\nevry = \"1d\"\n");
        let error = Mapping::parse("m.toml", &text).unwrap_err();
        assert_eq!(error.field.as_deref(), Some("schedule.evry"), "{error}");
    }

    #[test]
    fn missing_table_is_reported() {
        let error = Mapping::parse("m.toml", "").unwrap_err();
        assert!(error.reason.contains("partner"), "{error}");
    }
}
