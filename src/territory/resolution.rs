//! The answer of the resolver and the context it may take.

use super::Precision;
use super::gazetteer::{Commune, Departement, Gazetteer, Region};

/// Context that helps with homonyms, e.g. the partner's région.
///
/// It only chooses between readings of the text; it never overrides what
/// the text says ("Bretagne" stays the région whatever the partner).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Hint<'a> {
    /// A région code (`"84"`).
    pub region: Option<&'a str>,
    /// A département code (`"69"`).
    pub departement: Option<&'a str>,
}

impl<'a> Hint<'a> {
    /// Context: the place is probably in this région.
    pub fn region(code: &'a str) -> Hint<'a> {
        Hint {
            region: Some(code),
            departement: None,
        }
    }

    /// Context: the place is probably in this département.
    pub fn departement(code: &'a str) -> Hint<'a> {
        Hint {
            region: None,
            departement: Some(code),
        }
    }

    pub(super) fn admits(&self, commune: &Commune) -> bool {
        self.region.is_none_or(|r| r == commune.region)
            && self.departement.is_none_or(|d| d == commune.departement)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.region.is_none() && self.departement.is_none()
    }
}

/// Where a text puts a place: the INSEE code of a commune (or municipal
/// arrondissement), a département or a région, or nowhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// A commune or an arrondissement municipal, by INSEE code.
    Commune(&'static str),
    /// A département (or collectivité d'outre-mer), by code.
    Departement(&'static str),
    /// A région, by code.
    Region(&'static str),
    /// Nothing certain: keep the text as it is.
    Unresolved,
}

/// A point with how precise it is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// WGS 84 latitude.
    pub latitude: f64,
    /// WGS 84 longitude.
    pub longitude: f64,
    /// What the point stands for: the commune itself, or only its
    /// département (approximate), or a région.
    pub precision: Precision,
}

impl Resolution {
    /// The level resolved to; `None` when unresolved.
    pub fn precision(self) -> Option<Precision> {
        match self {
            Resolution::Commune(_) => Some(Precision::Commune),
            Resolution::Departement(_) => Some(Precision::Departement),
            Resolution::Region(_) => Some(Precision::Region),
            Resolution::Unresolved => None,
        }
    }

    /// The INSEE code of the territory.
    pub fn code(self) -> Option<&'static str> {
        match self {
            Resolution::Commune(c) | Resolution::Departement(c) | Resolution::Region(c) => Some(c),
            Resolution::Unresolved => None,
        }
    }

    /// The commune, for a commune resolution.
    pub fn commune(self) -> Option<&'static Commune> {
        match self {
            Resolution::Commune(code) => Gazetteer::get().commune(code),
            _ => None,
        }
    }

    /// The département the place is or lies in.
    pub fn departement(self) -> Option<&'static Departement> {
        let gazetteer = Gazetteer::get();
        match self {
            Resolution::Commune(code) => {
                gazetteer.departement(gazetteer.commune(code)?.departement)
            }
            Resolution::Departement(code) => gazetteer.departement(code),
            _ => None,
        }
    }

    /// The région the place is or lies in.
    pub fn region(self) -> Option<&'static Region> {
        let gazetteer = Gazetteer::get();
        match self {
            Resolution::Region(code) => gazetteer.region(code),
            _ => gazetteer.region(self.departement()?.region),
        }
    }

    /// Coordinates for a map: the commune's point (which may be its
    /// département's, see [`Commune::precision`]), or the département's
    /// or région's point.
    pub fn point(self) -> Option<Point> {
        let point = |latitude, longitude, precision| {
            Some(Point {
                latitude,
                longitude,
                precision,
            })
        };
        match self {
            Resolution::Commune(_) => self
                .commune()
                .and_then(|c| point(c.latitude, c.longitude, c.precision)),
            Resolution::Departement(_) => self
                .departement()
                .and_then(|d| point(d.latitude, d.longitude, Precision::Departement)),
            Resolution::Region(_) => self
                .region()
                .and_then(|r| point(r.latitude, r.longitude, Precision::Region)),
            Resolution::Unresolved => None,
        }
    }
}
