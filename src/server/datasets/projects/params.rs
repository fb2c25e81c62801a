//! The query string of `/api/projects`: which filters, which page. Parsed
//! strictly: an unknown parameter, a repeated one or a value we cannot use
//! is a [`ParamError`] naming the parameter (a `400`), never a silent
//! guess. Empty values count as absent, as an HTML form sends them.

use super::order::{Order, parse_day, parse_order};
use crate::record::{BaseIri, Kind, is_valid_key, organisation_key, slug};

/// Members per page when the client does not say.
pub const DEFAULT_LIMIT: usize = 20;
/// The most members a page may hold.
pub const MAX_LIMIT: usize = 100;
/// The highest page number asked for: beyond every collection we could
/// hold, and low enough that `page × limit` never overflows.
pub const MAX_PAGE: usize = 1_000_000;

/// The parameters `/api/projects` understands, in the order links write them.
pub const PARAMETERS: [&str; 15] = [
    "q",
    "theme",
    "region",
    "departement",
    "near",
    "radius_km",
    "bbox",
    "partner",
    "stage",
    "organisation",
    "order",
    "day",
    "limit",
    "page",
    "format",
];

/// The filters of a request, normalised (codes and keys, not IRIs).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filters {
    /// Words to find, in French (`index::search`); results come by relevance.
    pub q: Option<String>,
    /// A theme code (`emploi-insertion`); its narrower themes match too.
    pub theme: Option<String>,
    /// A région code (`84`), from its code or its name, old names included.
    pub region: Option<String>,
    /// A département code (`69`, `2A`, `974`).
    pub departement: Option<String>,
    /// A partner id.
    pub partner: Option<String>,
    /// A stage code (`deploiement`).
    pub stage: Option<String>,
    /// An organisation key (from its key, name or IRI).
    pub organisation: Option<String>,
    /// Within `radius_km` of a point (`near=lat,lon&radius_km=30`).
    pub near: Option<Near>,
    /// Inside a box (`bbox=west,south,east,north`, in degrees, GeoJSON order).
    pub bbox: Option<BoundingBox>,
    /// The order asked for (see [`Filters::order_in_effect`]).
    pub order: Option<Order>,
    /// The day of the fair order (UTC), set by [`Filters::settle`].
    pub day: Option<chrono::NaiveDate>,
}

/// A circle on the map.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Near {
    pub latitude: f64,
    pub longitude: f64,
    pub radius_km: f64,
}

/// The radius when `near` comes without `radius_km`.
pub const DEFAULT_RADIUS_KM: f64 = 10.0;

/// A box on the map, in WGS 84 degrees.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoundingBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl Filters {
    /// The filters as query-string pairs, in a stable order.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs: Vec<(&'static str, String)> = [
            ("q", &self.q),
            ("theme", &self.theme),
            ("region", &self.region),
            ("departement", &self.departement),
            ("partner", &self.partner),
            ("stage", &self.stage),
            ("organisation", &self.organisation),
        ]
        .into_iter()
        .filter_map(|(name, value)| value.clone().map(|v| (name, v)))
        .collect();
        if let Some(near) = self.near {
            pairs.push(("near", format!("{},{}", near.latitude, near.longitude)));
            pairs.push(("radius_km", near.radius_km.to_string()));
        }
        if let Some(b) = self.bbox {
            pairs.push((
                "bbox",
                format!("{},{},{},{}", b.west, b.south, b.east, b.north),
            ));
        }
        if let Some(order) = self.order {
            pairs.push(("order", order.as_str().to_owned()));
        }
        if let Some(day) = self.day {
            pairs.push(("day", day.format("%Y-%m-%d").to_string()));
        }
        pairs
    }
}

/// The representation asked for with `format=`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    JsonLd,
    Json,
    Html,
    /// Every matching project with a position, as GeoJSON (not paged).
    GeoJson,
}

/// A parsed request.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    pub filters: Filters,
    /// 1-based.
    pub page: usize,
    pub limit: usize,
    pub format: Option<Format>,
}

/// A parameter we cannot use, and what to send instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("bad parameter {parameter}: {message}")]
pub struct ParamError {
    pub parameter: String,
    pub message: String,
}

impl ParamError {
    pub fn new(parameter: &str, message: impl Into<String>) -> Self {
        ParamError {
            parameter: parameter.to_owned(),
            message: message.into(),
        }
    }
}

/// Parses a raw query string (`theme=sante&page=2`).
///
/// ```
/// use carrefour::record::BaseIri;
/// use carrefour::server::datasets::projects::params::parse;
///
/// let base = BaseIri::new("http://localhost:7878/").unwrap();
/// let params = parse(&base, Some("theme=sante&departement=2a&page=2")).unwrap();
/// assert_eq!(params.filters.theme.as_deref(), Some("sante"));
/// assert_eq!(params.filters.departement.as_deref(), Some("2A"));
/// assert_eq!((params.page, params.limit), (2, 20));
/// assert_eq!(parse(&base, Some("colour=red")).unwrap_err().parameter, "colour");
/// assert_eq!(parse(&base, Some("limit=500")).unwrap_err().parameter, "limit");
/// ```
pub fn parse(base: &BaseIri, query: Option<&str>) -> Result<Params, ParamError> {
    let mut params = Params {
        filters: Filters::default(),
        page: 1,
        limit: DEFAULT_LIMIT,
        format: None,
    };
    let mut seen = Vec::new();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        let Some(known) = PARAMETERS.iter().find(|p| **p == name) else {
            return Err(ParamError::new(
                &name,
                format!("unknown parameter; use {}", PARAMETERS.join(", ")),
            ));
        };
        if seen.contains(known) {
            return Err(ParamError::new(known, "give it once"));
        }
        seen.push(*known);
        let value = value.trim();
        if !value.is_empty() {
            set(&mut params, base, known, value)?;
        }
    }
    if params.filters.near.is_some_and(|n| n.latitude.is_nan()) {
        return Err(ParamError::new(
            "radius_km",
            "give the centre too: near=lat,lon",
        ));
    }
    Ok(params)
}

/// The longest search text accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 200;

/// A search text: trimmed, not empty, not too long.
fn words(value: &str) -> Result<String, ParamError> {
    let text = value.trim();
    if text.is_empty() {
        return Err(ParamError::new(
            "q",
            "give words to search for (q=jardin partagé)",
        ));
    }
    if text.chars().count() > MAX_QUERY_CHARS {
        return Err(ParamError::new(
            "q",
            format!("at most {MAX_QUERY_CHARS} characters; search for fewer words"),
        ));
    }
    Ok(text.to_owned())
}

fn set(params: &mut Params, base: &BaseIri, name: &str, value: &str) -> Result<(), ParamError> {
    let filters = &mut params.filters;
    match name {
        "q" => filters.q = Some(words(value)?),
        "theme" => filters.theme = Some(labelled(base, Kind::Theme, name, value)?),
        "stage" => filters.stage = Some(labelled(base, Kind::Stage, name, value)?),
        "partner" => filters.partner = Some(code(base, Kind::Partner, name, value)?),
        "region" => filters.region = Some(region(value)?),
        "departement" => filters.departement = Some(departement(value)?),
        "near" => {
            let [latitude, longitude] = numbers(name, value, "lat,lon (48.85,2.35)")?;
            if !(-90.0..=90.0).contains(&latitude) || !(-180.0..=180.0).contains(&longitude) {
                return Err(ParamError::new(
                    name,
                    "latitude is -90 to 90, longitude -180 to 180",
                ));
            }
            let radius_km = filters.near.map_or(DEFAULT_RADIUS_KM, |n| n.radius_km);
            filters.near = Some(Near {
                latitude,
                longitude,
                radius_km,
            });
        }
        "radius_km" => {
            let [radius_km] = numbers(name, value, "kilometres (30)")?;
            if !(radius_km > 0.0 && radius_km <= 2_000.0) {
                return Err(ParamError::new(name, "a radius from 0 to 2000 km"));
            }
            // Kept until `near` is read (parameters may come in any order).
            let near = filters.near.get_or_insert(Near {
                latitude: f64::NAN,
                longitude: f64::NAN,
                radius_km,
            });
            near.radius_km = radius_km;
        }
        "bbox" => {
            let [west, south, east, north] = numbers(name, value, "west,south,east,north")?;
            if !(west < east && south < north) {
                return Err(ParamError::new(name, "west < east and south < north"));
            }
            filters.bbox = Some(BoundingBox {
                west,
                south,
                east,
                north,
            });
        }
        "organisation" => filters.organisation = Some(organisation(base, value)?),
        "order" => filters.order = Some(parse_order(value)?),
        "day" => filters.day = Some(parse_day(value)?),
        "page" => params.page = number(name, value, MAX_PAGE)?,
        "limit" => params.limit = number(name, value, MAX_LIMIT)?,
        "format" => params.format = Some(format(value)?),
        _ => return Err(ParamError::new(name, "unknown parameter")),
    }
    Ok(())
}

/// A code (`sante`) or the IRI it stands for (`{base}id/theme/sante`).
/// A theme or stage from its code, its IRI or its label in any case and
/// accents (`theme=Santé`, `stage=Déploiement`).
fn labelled(base: &BaseIri, kind: Kind, name: &str, value: &str) -> Result<String, ParamError> {
    let known = match kind {
        Kind::Theme => crate::record::theme_codes().contains(value),
        _ => crate::record::Stage::ALL.iter().any(|s| s.code() == value),
    };
    // A code or an IRI is taken as such, before any label.
    if known || base.parse_id(value).is_some() {
        return code(base, kind, name, value);
    }
    let aligner = crate::harvest::Aligner::shared();
    let by_label = match kind {
        Kind::Theme => aligner.theme_by_label(value).map(str::to_owned),
        _ => aligner
            .stage(value, &Default::default())
            .map(|stage| stage.code().to_owned()),
    };
    match by_label {
        Some(code) => Ok(code),
        None => code(base, kind, name, value),
    }
}

fn code(base: &BaseIri, kind: Kind, name: &str, value: &str) -> Result<String, ParamError> {
    let key = match base.parse_id(value) {
        Some((found, key)) if found == kind && !value.contains('#') => key,
        Some(_) => {
            return Err(ParamError::new(
                name,
                format!("{value} is not a {kind} IRI; give a {kind} code or {base}id/{kind}/…"),
            ));
        }
        None => value,
    };
    if is_valid_key(key) {
        Ok(key.to_owned())
    } else {
        Err(ParamError::new(
            name,
            format!("{value:?} is not a {kind} code (lowercase letters, digits and hyphens)"),
        ))
    }
}

/// An organisation key, from its key, its name or its IRI. A key taken
/// from an IRI is checked like any other: it becomes part of a query.
fn organisation(base: &BaseIri, value: &str) -> Result<String, ParamError> {
    let key = match base.parse_id(value) {
        Some((Kind::Organisation, key)) if !value.contains('#') => key.to_owned(),
        Some(_) => {
            return Err(ParamError::new(
                "organisation",
                format!(
                    "{value:?} is not an organisation IRI; give a name, a key or {base}id/organisation/…"
                ),
            ));
        }
        None => organisation_key(value),
    };
    // Organisation keys are slugs: lower case only (upper case in keys is
    // for official codes). Found by the `api_projects` fuzz target: an IRI
    // ending in `…-pixeF` was kept as is, the key `…-pixeF` lowercased.
    if is_valid_key(&key) && !key.bytes().any(|b| b.is_ascii_uppercase()) {
        Ok(key)
    } else {
        Err(ParamError::new(
            "organisation",
            format!(
                "{value:?} names no organisation: give its name, its key (lowercase letters, digits and hyphens) or its IRI"
            ),
        ))
    }
}

/// `count` comma-separated decimal numbers.
fn numbers<const N: usize>(name: &str, value: &str, shape: &str) -> Result<[f64; N], ParamError> {
    let parsed: Vec<f64> = value
        .split(',')
        .map(|part| part.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| ParamError::new(name, format!("{value:?} is not {shape}")))?;
    <[f64; N]>::try_from(parsed)
        .ok()
        .filter(|numbers| numbers.iter().all(|n| n.is_finite()))
        .ok_or_else(|| ParamError::new(name, format!("{value:?} is not {shape}")))
}

/// A région code, from the code itself (`84`) or a name, current or old,
/// written with or without accents (`Auvergne-Rhône-Alpes`, `rhone alpes`).
fn region(value: &str) -> Result<String, ParamError> {
    let gazetteer = crate::territory::Gazetteer::get();
    if let Some(region) = gazetteer.region(value.trim()) {
        return Ok(region.code.to_owned());
    }
    let wanted = slug(value);
    let current = gazetteer
        .regions()
        .find(|r| slug(r.name) == wanted)
        .map(|r| r.code);
    let old = || {
        gazetteer
            .old_regions()
            .find(|r| slug(r.name) == wanted)
            .map(|r| r.region)
    };
    current.or_else(old).map(str::to_owned).ok_or_else(|| {
        ParamError::new(
            "region",
            format!("{value:?} is not a région: give its INSEE code (84) or its name (Auvergne-Rhône-Alpes)"),
        )
    })
}

/// A département code: two digits, `2A`/`2B` (Corse) or three digits for
/// the overseas départements (`971`…`976`).
fn departement(value: &str) -> Result<String, ParamError> {
    let code = value.to_ascii_uppercase();
    let bytes = code.as_bytes();
    let valid = match bytes {
        [b'2', b'0'] => false,
        [b'2', b'A' | b'B'] => true,
        [a, b] => a.is_ascii_digit() && b.is_ascii_digit() && code.as_str() != "00",
        [b'9', b'7', c] => (b'1'..=b'6').contains(c),
        _ => false,
    };
    if valid {
        Ok(code)
    } else {
        Err(ParamError::new(
            "departement",
            format!(
                "{value:?} is not a département code: two digits (69), 2A or 2B for Corse, \
                 or 971 to 976 overseas"
            ),
        ))
    }
}

fn number(name: &str, value: &str, max: usize) -> Result<usize, ParamError> {
    match value.parse::<usize>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ if max == MAX_PAGE => Err(ParamError::new(
            name,
            format!("{value:?} is not a page number: a whole number from 1 to {MAX_PAGE}"),
        )),
        _ => Err(ParamError::new(
            name,
            format!("{value:?} is not allowed: a whole number from 1 to {max}"),
        )),
    }
}

fn format(value: &str) -> Result<Format, ParamError> {
    match value.to_ascii_lowercase().as_str() {
        "jsonld" | "json-ld" | "application/ld+json" => Ok(Format::JsonLd),
        "json" | "application/json" => Ok(Format::Json),
        "html" | "text/html" => Ok(Format::Html),
        "geojson" | "application/geo+json" => Ok(Format::GeoJson),
        _ => Err(ParamError::new(
            "format",
            format!("{value:?} is not offered: use jsonld, json, html or geojson"),
        )),
    }
}

/// The département of a French postal code: its first two digits, three
/// overseas (`97x`), `2A`/`2B` in Corse (`200xx`–`201xx` are Corse-du-Sud).
///
/// ```
/// use carrefour::server::datasets::projects::params::departement_of;
///
/// assert_eq!(departement_of("69200").as_deref(), Some("69"));
/// assert_eq!(departement_of("97400").as_deref(), Some("974"));
/// assert_eq!(departement_of("20090").as_deref(), Some("2A"));
/// assert_eq!(departement_of("20200").as_deref(), Some("2B"));
/// assert_eq!(departement_of("Lyon"), None);
/// ```
pub fn departement_of(postal_code: &str) -> Option<String> {
    let code = postal_code.trim();
    if code.len() != 5 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(match &code[..2] {
        "97" | "98" => code[..3].to_owned(),
        "20" if matches!(&code[2..3], "0" | "1") => "2A".to_owned(),
        "20" => "2B".to_owned(),
        two => two.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> BaseIri {
        BaseIri::new("http://localhost:7878/").unwrap()
    }

    #[test]
    fn codes_and_iris_are_both_accepted() {
        let params = parse(
            &base(),
            Some("theme=http%3A%2F%2Flocalhost%3A7878%2Fid%2Ftheme%2Fsante&stage=deploiement"),
        )
        .unwrap();
        assert_eq!(params.filters.theme.as_deref(), Some("sante"));
        assert_eq!(params.filters.stage.as_deref(), Some("deploiement"));
        let wrong_kind = parse(&base(), Some("theme=http://localhost:7878/id/stage/acheve"));
        assert_eq!(wrong_kind.unwrap_err().parameter, "theme");
    }

    #[test]
    fn organisation_by_name_key_or_iri() {
        for value in [
            "Association Les Jardins d'Émile",
            "association-les-jardins-d-emile",
            "http://localhost:7878/id/organisation/association-les-jardins-d-emile",
        ] {
            let query = format!("organisation={}", urlencode(value));
            let params = parse(&base(), Some(&query)).unwrap();
            assert_eq!(
                params.filters.organisation.as_deref(),
                Some("association-les-jardins-d-emile"),
                "{value}"
            );
        }
    }

    #[test]
    fn bad_values_name_their_parameter() {
        for (query, parameter) in [
            ("page=0", "page"),
            ("page=x", "page"),
            ("page=18446744073709551615", "page"),
            (
                "organisation=http://localhost:7878/id/organisation/a> } ?s ?p ?o . {",
                "organisation",
            ),
            (
                "organisation=http://localhost:7878/id/organisation/x#y",
                "organisation",
            ),
            (
                "organisation=http://localhost:7878/id/organisation/atelier-pixeF",
                "organisation",
            ),
            (
                "organisation=http://localhost:7878/id/theme/sante",
                "organisation",
            ),
            ("limit=0", "limit"),
            ("limit=101", "limit"),
            ("departement=20", "departement"),
            ("departement=6", "departement"),
            ("departement=979", "departement"),
            ("theme=Santé publique mondiale", "theme"),
            ("partner=../x", "partner"),
            ("format=xml", "format"),
            ("page=1&page=2", "page"),
            ("query=jardin", "query"),
            ("q=jardin&q=potager", "q"),
        ] {
            let error = parse(&base(), Some(query)).unwrap_err();
            assert_eq!(error.parameter, parameter, "{query}: {error}");
        }
    }

    #[test]
    fn themes_and_stages_are_also_named_by_their_labels() {
        let parsed = parse(&base(), Some("theme=SANTÉ&stage=D%C3%A9ploiement")).unwrap();
        assert_eq!(parsed.filters.theme.as_deref(), Some("sante"));
        assert_eq!(parsed.filters.stage.as_deref(), Some("deploiement"));
        let by_code = parse(&base(), Some("theme=emploi-insertion")).unwrap();
        assert_eq!(by_code.filters.theme.as_deref(), Some("emploi-insertion"));
    }

    #[test]
    fn empty_values_are_absent() {
        let params = parse(&base(), Some("theme=&region=&page=")).unwrap();
        assert_eq!(params.filters, Filters::default());
        assert_eq!(params.page, 1);
    }

    fn urlencode(value: &str) -> String {
        url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
    }
}
