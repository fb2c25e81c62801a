//! The gazetteer: the TSV files of `gazetteer/`, compiled into the binary and
//! parsed once into plain records.
//!
//! Input: the generated files (`communes.tsv`, `departements.tsv`,
//! `regions.tsv`, `former-communes.tsv`, `old-regions.tsv`; see
//! `gazetteer/README.md` for their columns). Output: [`Gazetteer`], read-only,
//! with look-ups by code. It knows nothing of free text: that is the
//! resolver's job.
//!
//! The data cannot be wrong at run time: it is compiled in and a unit test
//! parses every file, so a malformed file fails the build's tests, and
//! [`Gazetteer::get`] panics with the file and line only if that test was
//! skipped.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Precision;
use super::parse::{Order, parse_commune, parse_departement, parse_former, parse_region, rows};

const COMMUNES: &str = include_str!("../../gazetteer/communes.tsv");
const DEPARTEMENTS: &str = include_str!("../../gazetteer/departements.tsv");
const REGIONS: &str = include_str!("../../gazetteer/regions.tsv");
const FORMER_COMMUNES: &str = include_str!("../../gazetteer/former-communes.tsv");
const OLD_REGIONS: &str = include_str!("../../gazetteer/old-regions.tsv");

/// A current commune, or a municipal arrondissement of Paris, Lyon or Marseille.
#[derive(Debug, Clone, PartialEq)]
pub struct Commune {
    /// INSEE code (`69123`, `2A004`, `75115`).
    pub insee: &'static str,
    /// Official name (`Lyon`, `Lyon 7e Arrondissement`, `L'Isle-d'Abeau`).
    pub name: &'static str,
    /// La Poste postcodes, sorted (Paris, Lyon and Marseille list all their
    /// arrondissements' postcodes).
    pub postcodes: Vec<&'static str>,
    /// Code of its département (`69`, `2A`, `974`, `975`…`988` for the
    /// collectivités d'outre-mer).
    pub departement: &'static str,
    /// Code of its région.
    pub region: &'static str,
    /// Population légale.
    pub population: u32,
    /// WGS 84 latitude.
    pub latitude: f64,
    /// WGS 84 longitude.
    pub longitude: f64,
    /// How good the point is: [`Precision::Commune`] for a point of its own,
    /// [`Precision::Departement`] when it is the département's point (approximate).
    pub precision: Precision,
    /// For an arrondissement municipal, its commune (`75056`, `69123`, `13055`).
    pub parent: Option<&'static str>,
}

/// A département (or a collectivité d'outre-mer, listed so that every
/// commune has a parent).
#[derive(Debug, Clone, PartialEq)]
pub struct Departement {
    /// Code (`01`…`95`, `2A`, `2B`, `971`…`976`, `975`…`988`).
    pub code: &'static str,
    /// Official name.
    pub name: &'static str,
    /// Code of its région.
    pub region: &'static str,
    /// WGS 84 latitude of its point (a centroid, see the README).
    pub latitude: f64,
    /// WGS 84 longitude of its point.
    pub longitude: f64,
    /// INSEE code of its préfecture.
    pub chef_lieu: &'static str,
    /// Wikidata item (`Q3083`), for the 101 départements.
    pub wikidata: Option<&'static str>,
}

/// A région (18) or a collectivité d'outre-mer (6).
#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    /// Code (`84`; `01`…`06` overseas; `975`…`988` for the collectivités).
    pub code: &'static str,
    /// Official name.
    pub name: &'static str,
    /// WGS 84 latitude of its point.
    pub latitude: f64,
    /// WGS 84 longitude of its point.
    pub longitude: f64,
    /// INSEE code of its chef-lieu.
    pub chef_lieu: &'static str,
}

/// A name or code that no longer designates a current commune.
#[derive(Debug, Clone, PartialEq)]
pub struct FormerCommune {
    /// Its INSEE code (may equal the current commune's).
    pub insee: &'static str,
    /// Its name; `None` for a bare former code.
    pub name: Option<&'static str>,
    /// Code of the current commune it belongs to.
    pub current: &'static str,
}

/// A région name that is not today's official one: a pre-2016 région, a
/// provisional name or a common alias (`PACA`, `Rhône-Alpes`).
#[derive(Debug, Clone, PartialEq)]
pub struct OldRegion {
    /// The name as people write it.
    pub name: &'static str,
    /// Code of today's région.
    pub region: &'static str,
}

/// Every French commune, département and région, with look-ups by code.
///
/// ```
/// use carrefour::territory::Gazetteer;
///
/// let gazetteer = Gazetteer::get();
/// let lyon = gazetteer.commune("69123").expect("Lyon is in the gazetteer");
/// assert_eq!(lyon.name, "Lyon");
/// assert_eq!(gazetteer.departement(lyon.departement).map(|d| d.name), Some("Rhône"));
/// assert_eq!(gazetteer.region(lyon.region).map(|r| r.name), Some("Auvergne-Rhône-Alpes"));
/// ```
#[derive(Debug)]
pub struct Gazetteer {
    communes: Vec<Commune>,
    departements: Vec<Departement>,
    regions: Vec<Region>,
    former_communes: Vec<FormerCommune>,
    old_regions: Vec<OldRegion>,
    commune_index: HashMap<&'static str, usize>,
}

static GAZETTEER: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse()
        .unwrap_or_else(|error| panic!("the compiled-in gazetteer is malformed: {error}"))
});

impl Gazetteer {
    /// The gazetteer, parsed on first use (about 35 000 rows, a few tens of
    /// milliseconds).
    pub fn get() -> &'static Gazetteer {
        &GAZETTEER
    }

    fn parse() -> Result<Gazetteer, String> {
        // Codes are looked up by binary search: their files must be in byte order.
        let communes = rows("communes.tsv", COMMUNES, 10, Order::Sorted, parse_commune)?;
        let departements = rows(
            "departements.tsv",
            DEPARTEMENTS,
            9,
            Order::Sorted,
            parse_departement,
        )?;
        let regions = rows("regions.tsv", REGIONS, 7, Order::Sorted, parse_region)?;
        let former_communes = rows(
            "former-communes.tsv",
            FORMER_COMMUNES,
            4,
            Order::Any,
            parse_former,
        )?;
        let old_regions = rows("old-regions.tsv", OLD_REGIONS, 4, Order::Any, |f| {
            Ok(OldRegion {
                name: f[0],
                region: f[1],
            })
        })?;
        let commune_index = communes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.insee, i))
            .collect();
        let gazetteer = Gazetteer {
            communes,
            departements,
            regions,
            former_communes,
            old_regions,
            commune_index,
        };
        gazetteer.check_references()?;
        Ok(gazetteer)
    }

    /// Every code a row points to must exist: the resolver relies on it.
    fn check_references(&self) -> Result<(), String> {
        for c in &self.communes {
            let dep = self.departement(c.departement).ok_or_else(|| {
                format!("commune {}: unknown département {}", c.insee, c.departement)
            })?;
            if dep.region != c.region {
                return Err(format!(
                    "commune {}: région {} is not that of its département",
                    c.insee, c.region
                ));
            }
            if let Some(parent) = c.parent.filter(|p| self.commune(p).is_none()) {
                return Err(format!("commune {}: unknown parent {parent}", c.insee));
            }
        }
        for d in &self.departements {
            self.region(d.region)
                .ok_or_else(|| format!("département {}: unknown région {}", d.code, d.region))?;
        }
        for f in &self.former_communes {
            self.commune(f.current).ok_or_else(|| {
                format!(
                    "former commune {}: unknown current commune {}",
                    f.insee, f.current
                )
            })?;
        }
        for o in &self.old_regions {
            self.region(o.region)
                .ok_or_else(|| format!("old région {}: unknown région {}", o.name, o.region))?;
        }
        Ok(())
    }

    /// The commune or arrondissement of this INSEE code.
    pub fn commune(&self, insee: &str) -> Option<&Commune> {
        self.commune_index.get(insee).map(|&i| &self.communes[i])
    }

    /// The département (or collectivité d'outre-mer) of this code.
    pub fn departement(&self, code: &str) -> Option<&Departement> {
        let i = self
            .departements
            .binary_search_by(|d| d.code.cmp(code))
            .ok()?;
        Some(&self.departements[i])
    }

    /// The région (or collectivité d'outre-mer) of this code.
    pub fn region(&self, code: &str) -> Option<&Region> {
        let i = self.regions.binary_search_by(|r| r.code.cmp(code)).ok()?;
        Some(&self.regions[i])
    }

    /// The current commune for a current or former INSEE code
    /// (`50129` → Cherbourg-en-Cotentin, and so does the code of any commune
    /// déléguée merged into it).
    pub fn current_commune(&self, insee: &str) -> Option<&Commune> {
        self.commune(insee).or_else(|| {
            let former = self.former_communes.iter().find(|f| f.insee == insee)?;
            self.commune(former.current)
        })
    }

    /// Every commune and arrondissement, by INSEE code.
    pub fn communes(&self) -> impl Iterator<Item = &Commune> {
        self.communes.iter()
    }

    /// Every département and collectivité d'outre-mer, by code.
    pub fn departements(&self) -> impl Iterator<Item = &Departement> {
        self.departements.iter()
    }

    /// Every région and collectivité d'outre-mer, by code.
    pub fn regions(&self) -> impl Iterator<Item = &Region> {
        self.regions.iter()
    }

    /// Former communes and former codes.
    pub fn former_communes(&self) -> impl Iterator<Item = &FormerCommune> {
        self.former_communes.iter()
    }

    /// Pre-2016 région names and aliases.
    pub fn old_regions(&self) -> impl Iterator<Item = &OldRegion> {
        self.old_regions.iter()
    }

    /// The arrondissements municipaux of a commune (empty for most).
    pub fn arrondissements<'a>(&'a self, insee: &'a str) -> impl Iterator<Item = &'a Commune> {
        self.communes
            .iter()
            .filter(move |c| c.parent == Some(insee))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_parses_with_the_expected_counts() {
        let g = Gazetteer::parse().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(g.communes().count(), 35_008);
        assert_eq!(g.communes().filter(|c| c.parent.is_some()).count(), 45);
        assert_eq!(g.departements().count(), 107);
        assert_eq!(
            g.departements().filter(|d| d.wikidata.is_some()).count(),
            101
        );
        assert_eq!(g.regions().count(), 24);
        assert_eq!(g.former_communes().count(), 4_824);
        assert_eq!(g.old_regions().count(), 46);
    }

    #[test]
    fn lyon_paris_and_marseille_have_their_arrondissements() {
        let g = Gazetteer::get();
        let codes = |insee| {
            g.arrondissements(insee)
                .map(|c| c.insee)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            codes("69123"),
            (69381..=69389).map(|n| n.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(
            codes("75056"),
            (75101..=75120).map(|n| n.to_string()).collect::<Vec<_>>()
        );
        assert_eq!(codes("13055").len(), 16);
        let seventh = g.commune("69387").map(|c| (c.name, c.postcodes.clone()));
        assert_eq!(seventh, Some(("Lyon 7e Arrondissement", vec!["69007"])));
    }

    #[test]
    fn codes_keep_leading_zeros_and_corsica() {
        let g = Gazetteer::get();
        assert_eq!(g.commune("01053").map(|c| c.name), Some("Bourg-en-Bresse"));
        let ajaccio = g.commune("2A004").expect("Ajaccio");
        assert_eq!((ajaccio.departement, ajaccio.region), ("2A", "94"));
        assert_eq!(g.departement("974").map(|d| d.region), Some("04"));
        assert_eq!(g.departement("01").and_then(|d| d.wikidata), Some("Q3083"));
        assert!(g.commune("99999").is_none());
    }

    #[test]
    fn former_codes_lead_to_the_current_commune() {
        let g = Gazetteer::get();
        assert_eq!(
            g.current_commune("50129").map(|c| c.name),
            Some("Cherbourg-en-Cotentin")
        );
        assert_eq!(g.current_commune("01003").map(|c| c.insee), Some("01165"));
        assert_eq!(g.current_commune("69123").map(|c| c.insee), Some("69123"));
    }
}
