//! Département and région codes read around a commune name, which narrow
//! down its homonyms ("Valence (26)", "Saint-Denis, La Réunion").

use super::gazetteer::{Commune, Gazetteer};
use super::index::Territory;

/// Département and région codes that narrow down a commune.
#[derive(Debug, Clone, Default)]
pub(super) struct Hints {
    pub departements: Vec<&'static str>,
    pub regions: Vec<&'static str>,
}

impl Hints {
    pub fn add(&mut self, territory: Territory) {
        match territory {
            Territory::Departement(d) => self.departements.push(d.code),
            Territory::Region(r) => self.regions.push(r.code),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.departements.is_empty() && self.regions.is_empty()
    }

    /// Does the commune lie in every kind of territory hinted at?
    pub fn admits(&self, commune: &Commune) -> bool {
        (self.departements.is_empty() || self.departements.contains(&commune.departement))
            && (self.regions.is_empty() || self.regions.contains(&commune.region))
    }

    /// Do the hints allow this territory? ("Bretagne (36)" does not: Indre
    /// is not in Bretagne.)
    pub fn allow(&self, territory: Territory) -> bool {
        let region = territory.region_code();
        let gazetteer = Gazetteer::get();
        let departement_ok = match territory {
            Territory::Departement(d) => {
                self.departements.is_empty() || self.departements.contains(&d.code)
            }
            Territory::Region(_) => self
                .departements
                .iter()
                .all(|d| gazetteer.departement(d).is_some_and(|d| d.region == region)),
        };
        departement_ok && (self.regions.is_empty() || self.regions.contains(&region))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_admit_communes_and_allow_territories() {
        let g = Gazetteer::get();
        let (Some(valence), Some(drome), Some(bretagne)) =
            (g.commune("26362"), g.departement("26"), g.region("53"))
        else {
            panic!("Valence, Drôme and Bretagne are in the gazetteer");
        };
        let mut hints = Hints::default();
        assert!(hints.is_empty() && hints.admits(valence));
        hints.add(Territory::Departement(drome));
        assert!(hints.admits(valence));
        assert!(hints.allow(Territory::Departement(drome)));
        assert!(!hints.allow(Territory::Region(bretagne)));
        hints.add(Territory::Region(bretagne));
        assert!(!hints.admits(valence));
    }
}
