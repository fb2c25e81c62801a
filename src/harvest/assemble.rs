//! From extracted values to a record: caps applied, URLs and numbers parsed,
//! tags aligned, excluded fields and media dropped. What cannot make a
//! publishable record says why.

use url::Url;

use super::align::Aligner;
use super::extract::Extraction;
use super::text::truncate_words;
use crate::mapping::{Mapping, Source, Target};
use crate::record::{
    Contact, Coordinates, Harvest, Location, Organisation, ProjectRecord, Provenance, limits,
};

/// Where a project's values were found.
pub struct Found<'a> {
    /// Its page, or the listing page it is on (`#id` kept) when it has none.
    pub url: &'a Url,
    /// What tells an item without a page of its own from the others.
    pub identity: Option<&'a str>,
    /// The source whose rules read it.
    pub source: &'a Source,
}

/// Turns one project's values into a record, or says why it cannot.
pub fn assemble(
    values: &Extraction,
    found: &Found<'_>,
    mapping: &Mapping,
    harvest: &Harvest,
    aligner: &Aligner,
) -> Result<ProjectRecord, String> {
    let (source, identity) = (found.url, found.identity);
    if let Some(missing) = missing_required(values, found.source) {
        return Err(format!(
            "no value for `{}`, which the mapping marks required",
            missing.as_str()
        ));
    }
    let get = |target: Target| -> Option<String> {
        if mapping.exclude.fields.contains(&target) {
            return None;
        }
        values.first(target).map(str::to_owned)
    };
    let url =
        |target: Target| get(target).and_then(|v| web_url(&v, source, &mapping.exclude.media));
    let required = |target: Target, max: usize| {
        get(target)
            .map(|v| truncate_words(&v, max))
            .ok_or_else(|| format!("no value for `{}`", target.as_str()))
    };
    let keywords: Vec<String> = if mapping.exclude.fields.contains(&Target::Keywords) {
        Vec::new()
    } else {
        dedupe(
            values
                .values
                .get(&Target::Keywords)
                .cloned()
                .unwrap_or_default(),
        )
    };
    let declared = values.declared.as_deref();
    let mut themes = aligner.themes(&keywords, &mapping.alignment);
    for code in declared.iter().flat_map(|d| &d.themes) {
        if aligner.is_theme(code) && !themes.contains(code) {
            themes.push(code.clone());
        }
    }
    let mut canonical = crate::record::canonicalize(source.clone());
    if identity.is_some() {
        canonical.set_fragment(source.fragment());
    }
    let record = ProjectRecord {
        source: canonical,
        identity: identity.map(str::to_owned),
        name: required(Target::Name, limits::NAME)?,
        organisation: Organisation {
            name: required(Target::OrganisationName, limits::ORGANISATION)?,
            url: url(Target::OrganisationUrl),
        },
        description: required(Target::Description, limits::DESCRIPTION)?,
        location: location(&get, mapping.partner.region.as_deref()),
        contact: contact(&get, &url),
        themes,
        keywords,
        stage: get(Target::Stage).and_then(|label| aligner.stage(&label, &mapping.alignment)),
        provenance: Provenance {
            partner: mapping.partner.id.clone(),
            partner_name: mapping.partner.name.clone(),
            // A source may license each record itself (another hub
            // republishes each partner under that partner's licence).
            license: declared
                .and_then(|d| d.license.clone())
                .unwrap_or_else(|| mapping.partner.license.clone()),
            harvest: harvest.id.clone(),
            harvested_at: harvest.started_at,
            relay: declared.and_then(|d| d.relay.clone()),
        },
    };
    record.validate().map_err(|e| e.to_string())?;
    Ok(record)
}

/// The first field a rule of the source marks `required` that has no value.
fn missing_required(values: &Extraction, source: &Source) -> Option<Target> {
    let listing = source.listing.iter().flat_map(|l| &l.field);
    let detail = source.detail.iter().flat_map(|d| &d.field);
    listing
        .chain(detail)
        .filter(|rule| rule.required)
        .map(|rule| rule.target)
        .find(|target| values.first(*target).is_none())
}

fn location(get: &dyn Fn(Target) -> Option<String>, region: Option<&str>) -> Option<Location> {
    let short = |t: Target| get(t).map(|v| truncate_words(&v, limits::SHORT_TEXT));
    let coordinates = match (
        get(Target::Latitude).and_then(number),
        get(Target::Longitude).and_then(number),
    ) {
        (Some(latitude), Some(longitude))
            if (-90.0..=90.0).contains(&latitude) && (-180.0..=180.0).contains(&longitude) =>
        {
            Some(Coordinates {
                latitude,
                longitude,
                approximate_to: None,
            })
        }
        _ => None,
    };
    let mut location = Location {
        label: short(Target::LocationLabel),
        street_address: short(Target::StreetAddress),
        postal_code: short(Target::PostalCode),
        locality: short(Target::Locality),
        region: short(Target::Region),
        coordinates,
        territory: None,
    };
    if location == Location::default() {
        return None;
    }
    super::place::resolve_location(&mut location, region);
    Some(location)
}

fn contact(
    get: &dyn Fn(Target) -> Option<String>,
    url: &dyn Fn(Target) -> Option<Url>,
) -> Option<Contact> {
    let short = |t: Target| get(t).map(|v| truncate_words(&v, limits::SHORT_TEXT));
    let email = get(Target::ContactEmail)
        .map(|e| {
            e.trim_start_matches("mailto:")
                .split('?')
                .next()
                .unwrap_or_default()
                .trim()
                .to_owned()
        })
        .filter(|e| {
            e.contains('@')
                && !e.contains(char::is_whitespace)
                && e.rsplit('@').next().is_some_and(|h| h.contains('.'))
        });
    let contact = Contact {
        name: short(Target::ContactName),
        email,
        telephone: short(Target::ContactTelephone),
        url: url(Target::ContactUrl),
    };
    (contact != Contact::default()).then_some(contact)
}

/// An http(s) URL, resolved against the page, unless it points to an excluded media type.
fn web_url(value: &str, page: &Url, excluded_media: &[String]) -> Option<Url> {
    let url = page.join(value.trim()).ok()?;
    let web = matches!(url.scheme(), "http" | "https");
    (web && !is_excluded_media(&url, excluded_media)).then_some(url)
}

/// Whether `url`'s extension names a media type the partner excluded
/// (`image/*`, `application/pdf`).
pub fn is_excluded_media(url: &Url, excluded: &[String]) -> bool {
    let Some(media) = media_type_of(url.path()) else {
        return false;
    };
    excluded
        .iter()
        .any(|range| media_range_matches(range, media))
}

/// Whether `media` (`image/png`) falls in `range` (`image/*`, `image/png`).
pub fn media_range_matches(range: &str, media: &str) -> bool {
    match range.strip_suffix("/*") {
        Some(kind) => media.split('/').next() == Some(kind),
        None => range == media,
    }
}

/// The media type a path's extension stands for, for the types partners link to.
pub fn media_type_of(path: &str) -> Option<&'static str> {
    let extension = path
        .rsplit('/')
        .next()?
        .rsplit_once('.')?
        .1
        .to_ascii_lowercase();
    Some(match extension.as_str() {
        "jpg" | "jpeg" => "image/jpeg",
        "png" => "image/png",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "svg" => "image/svg+xml",
        "pdf" => "application/pdf",
        "doc" | "docx" => "application/msword",
        "odt" => "application/vnd.oasis.opendocument.text",
        "mp4" => "video/mp4",
        "mp3" => "audio/mpeg",
        "zip" => "application/zip",
        _ => return None,
    })
}

fn number(text: String) -> Option<f64> {
    text.trim()
        .replace(',', ".")
        .parse()
        .ok()
        .filter(|n: &f64| n.is_finite())
}

/// Tags trimmed, empty and repeated ones (ignoring case and accents) dropped, capped.
fn dedupe(tags: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    tags.into_iter()
        .map(|t| truncate_words(t.trim(), limits::KEYWORD))
        .filter(|t| !t.is_empty() && seen.insert(super::text::fold(t)))
        .take(limits::KEYWORDS)
        .collect()
}
