//! French territories: the offline gazetteer of communes, départements and
//! régions (`gazetteer/`, compiled in), and place resolution from free text.
//!
//! Input: a location as a partner page writes it ("Lyon 7e", "Quartier des
//! Minguettes, Vénissieux (69)", "Région Hauts-de-France", an address).
//! Output: a [`Resolution`], the most specific territory the text
//! designates, by INSEE code, or [`Resolution::Unresolved`]: an ambiguous
//! text is never guessed. The module knows nothing of records, RDF or
//! HTTP; callers turn codes into links.
//!
//! - `gazetteer` ([`Gazetteer`]): the data and look-ups by code, `parse`
//!   reads the TSV files;
//! - `normalize`: text to accent-free words ([`normalize`]);
//! - `index`: the resolver's name and postcode tables;
//! - `evidence`: what a text says (codes, postcodes, names, numbers);
//! - `hints`: the département and région codes read around a name;
//! - `narrow`: the smallest territory holding candidate communes;
//! - `resolve` ([`resolve()`]): what it means, as a [`Resolution`]
//!   (`resolution`).
//!
//! ```
//! use carrefour::territory::{Gazetteer, Hint, resolve};
//!
//! let place = resolve("Vénissieux (69200), Auvergne-Rhône-Alpes", Hint::default());
//! let commune = place.commune().expect("a commune");
//! assert_eq!((commune.insee, commune.name), ("69259", "Vénissieux"));
//! assert_eq!(place.departement().map(|d| d.name), Some("Rhône"));
//! assert!(Gazetteer::get().communes().count() > 35_000);
//! ```

mod evidence;
mod gazetteer;
mod hints;
mod index;
mod narrow;
mod normalize;
mod parse;
mod resolution;
mod resolve;

pub use gazetteer::{Commune, Departement, FormerCommune, Gazetteer, OldRegion, Region};
pub use normalize::normalize;
pub use resolution::{Hint, Point, Resolution};
pub use resolve::resolve;

/// How precisely a place is known, from the most precise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// The commune (or arrondissement) itself.
    Commune,
    /// Only the département.
    Departement,
    /// Only the région.
    Region,
}

impl Precision {
    /// `commune`, `departement` or `region`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Commune => "commune",
            Precision::Departement => "departement",
            Precision::Region => "region",
        }
    }
}
