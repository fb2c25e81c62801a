//! Place resolution: from a location text to the most specific territory
//! it designates, or to nothing, never to a guess.
//!
//! The [`Evidence`] read in the text is weighed in this order: an INSEE
//! code; a postcode (with the town named next to it); commune names (with
//! the département numbers and territory names that narrow down
//! homonyms); département and région names alone. When the text names
//! several places, the answer is the smallest territory holding them all.

use super::Precision;
use super::evidence::{Evidence, Mention};
use super::gazetteer::{Commune, Departement};
use super::index::{Index, Territory};
use super::narrow::{dedup, filter, narrow, prefer};
use super::resolution::{Hint, Resolution};

/// Resolves a free-text location to the most specific French territory it
/// designates.
///
/// Postcodes, INSEE codes, commune names (accents, hyphens, case,
/// "St"/"Ste" and articles do not matter), arrondissements ("Lyon 7e",
/// "Paris 15"), neighbourhood and street before the commune, "(69)"
/// département numbers, département and région names (pre-2016 ones
/// too), former communes. A name several communes share resolves only
/// with something that tells them apart, in the text or in the [`Hint`];
/// otherwise the answer is [`Resolution::Unresolved`].
///
/// ```
/// use carrefour::territory::{Hint, Precision, Resolution, resolve};
///
/// assert_eq!(resolve("Quartier des Minguettes, Vénissieux (69)", Hint::default()), Resolution::Commune("69259"));
/// assert_eq!(resolve("12 rue de la République, 13001 Marseille", Hint::default()), Resolution::Commune("13201"));
/// assert_eq!(resolve("Lyon 7ème", Hint::default()), Resolution::Commune("69387"));
/// assert_eq!(resolve("Rhône-Alpes", Hint::default()), Resolution::Region("84"));
/// // Saint-Denis is in Seine-Saint-Denis and in La Réunion, among others.
/// assert_eq!(resolve("Saint-Denis", Hint::default()), Resolution::Unresolved);
/// assert_eq!(resolve("Saint-Denis", Hint::region("04")), Resolution::Commune("97411"));
/// assert_eq!(resolve("Saint-Denis (93)", Hint::default()).precision(), Some(Precision::Commune));
/// ```
pub fn resolve(text: &str, hint: Hint<'_>) -> Resolution {
    let index = Index::get();
    let evidence = Evidence::read(text, index);
    let resolution = Decision {
        index,
        evidence: &evidence,
        hint,
    }
    .decide();
    match resolution.commune() {
        // "Métropole de Lyon": the area around the city, its département
        // (its région for Paris, whose Métropole spills over four départements).
        Some(commune) if evidence.metropole => match index.is_coextensive(commune) {
            true => Resolution::Region(commune.region),
            false => Resolution::Departement(commune.departement),
        },
        _ => resolution,
    }
}

/// A population above which a commune sharing a territory's name is a
/// reading of its own ("Vienne": Isère's town of 30 000, or the
/// département): then the bare name is ambiguous.
const NOTABLE_HOMONYM: u32 = 10_000;

struct Decision<'e> {
    index: &'static Index,
    evidence: &'e Evidence,
    hint: Hint<'e>,
}

impl Decision<'_> {
    fn decide(&self) -> Resolution {
        let evidence = self.evidence;
        if !evidence.codes.is_empty() {
            return narrow(evidence.codes.clone(), Precision::Departement);
        }
        let (places, duals, territories) = self.sort_mentions();
        if !evidence.postcodes.is_empty() {
            return self.by_postcode(&places, &duals);
        }
        if evidence.foreign {
            return Resolution::Unresolved; // "Genève (Suisse)"
        }
        if !places.is_empty() {
            return self.by_name(&places, duals.iter().chain(&territories).copied());
        }
        if duals.is_empty() && territories.is_empty() && !evidence.bare_codes.is_empty() {
            return narrow(evidence.bare_codes.clone(), Precision::Departement);
        }
        if let [dual] = duals.as_slice() {
            if let Some(resolution) = self.dual(dual, &territories) {
                return resolution;
            }
        } else if let Some(commune) = self.commune_among_duals(&duals, &territories) {
            return commune; // "Vaucluse, Doubs": the commune Vaucluse, in the Doubs
        }
        self.by_territory(duals.iter().chain(&territories).copied())
    }

    /// Commune mentions; names that are also a territory's; territories.
    /// A commune that is its département's only one (Paris) is a commune.
    fn sort_mentions(&self) -> (Vec<Mention>, Vec<&Mention>, Vec<&Mention>) {
        let (mut places, mut duals, mut territories) = (Vec::new(), Vec::new(), Vec::new());
        for mention in &self.evidence.mentions {
            match mention.territory {
                None if !mention.communes.is_empty() => places.push(mention.clone()),
                None => {}
                Some(_) if mention.communes.is_empty() => territories.push(mention),
                Some(territory) => {
                    // Paris, but not Saint-Martin: other communes bear that name.
                    let coextensive = filter(&mention.communes, |c| {
                        territory.contains(c) && self.index.is_coextensive(c)
                    });
                    if coextensive.len() == 1 && mention.communes.len() == 1 {
                        places.push(Mention {
                            communes: coextensive,
                            territory: None,
                            ..mention.clone()
                        });
                    } else {
                        duals.push(mention);
                    }
                }
            }
        }
        (places, duals, territories)
    }

    /// The postcode's communes, narrowed by the town named next to it.
    fn by_postcode(&self, places: &[Mention], duals: &[&Mention]) -> Resolution {
        let postcoded = &self.evidence.postcodes;
        let named: Vec<&Commune> = places
            .iter()
            .chain(duals.iter().copied())
            .flat_map(|m| m.communes.iter().copied())
            .collect();
        let is_named = |c: &Commune| {
            named
                .iter()
                .any(|n| n.insee == c.insee || c.parent == Some(n.insee))
        };
        let agreeing: Vec<_> = postcoded.iter().copied().filter(|c| is_named(c)).collect();
        if !agreeing.is_empty() {
            return narrow(agreeing, Precision::Departement);
        }
        // No name, or a name the postcode contradicts: what both allow at most.
        let mut all = postcoded.clone();
        all.extend(
            selected(places)
                .iter()
                .flat_map(|m| m.communes.iter().copied()),
        );
        narrow(all, Precision::Departement)
    }

    /// Commune names, narrowed by the territories and numbers around them.
    fn by_name<'m>(
        &self,
        places: &[Mention],
        others: impl Iterator<Item = &'m Mention>,
    ) -> Resolution {
        let (mut strong, mut weak) = (self.evidence.numbers.clone(), self.evidence.cedex.clone());
        for mention in others {
            let Some(territory) = mention.territory else {
                continue;
            };
            // A territory inside a longer phrase only counts after a commune
            // ("Saint-Denis de La Réunion"); before one it is part of a
            // neighbourhood's name ("Quartiers Nord de Marseille").
            let after_place = places
                .iter()
                .any(|p| p.segment == mention.segment && p.position < mention.position);
            if mention.full {
                strong.add(territory);
            } else if after_place {
                weak.add(territory);
            }
        }
        let mut readings = Vec::new();
        for mention in selected(places) {
            let candidates = filter(&mention.communes, |c| strong.admits(c));
            if candidates.is_empty() {
                return Resolution::Unresolved; // "Lille (69)": contradictory
            }
            let candidates = prefer(candidates, |c| weak.admits(c));
            let candidates = prefer(candidates, |c| self.hint.admits(c));
            readings.push(Reading {
                candidates,
                segment: mention.segment,
                in_parens: mention.in_parens,
            });
        }
        if !self.evidence.conjunction {
            drop_neighbourhoods(&mut readings);
        }
        let readings: Vec<Vec<&Commune>> = readings.into_iter().map(|r| r.candidates).collect();
        // Several distinct places may share a région ("Rennes et Brest");
        // one ambiguous name may only narrow to a département.
        let unique = readings.iter().all(|r| r.len() == 1);
        let widest = if readings.len() > 1 && unique {
            Precision::Region
        } else {
            Precision::Departement
        };
        narrow(readings.concat(), widest)
    }

    /// A name that is both a territory and a commune ("Mayenne", "Vienne",
    /// "Bretagne"). `None`: read it as the territory.
    fn dual(&self, dual: &Mention, territories: &[&Mention]) -> Option<Resolution> {
        let territory = dual.territory?;
        let mut strong = self.evidence.numbers.clone();
        territories
            .iter()
            .filter(|m| m.full)
            .filter_map(|m| m.territory)
            .for_each(|t| strong.add(t));
        if !strong.is_empty() {
            let communes = filter(&dual.communes, |c| strong.admits(c));
            // "Saint-Martin (978)": the collectivité, which is one commune.
            let coextensive = filter(&communes, |c| self.index.is_coextensive(c));
            return match strong.allow(territory) {
                // "Vienne (38)": the commune of Isère, not the département.
                false => Some(narrow(communes, Precision::Departement)),
                true if communes.len() == 1 && coextensive.len() == 1 => {
                    Some(Resolution::Commune(coextensive[0].insee))
                }
                // "Vienne (86)", "Mayenne (53)".
                true if communes.iter().all(|c| territory.contains(c)) => None,
                true => Some(Resolution::Unresolved),
            };
        }
        let notable: Vec<_> = dual
            .communes
            .iter()
            .copied()
            .filter(|c| !territory.contains(c) && c.population >= NOTABLE_HOMONYM)
            .collect();
        if notable.is_empty() {
            return None;
        }
        if self.hint.is_empty() {
            return Some(Resolution::Unresolved);
        }
        let communes = filter(&notable, |c| self.hint.admits(c));
        let territory_fits = self
            .hint
            .region
            .is_none_or(|r| r == territory.region_code())
            && self
                .hint
                .departement
                .is_none_or(|d| matches!(territory, Territory::Departement(t) if t.code == d));
        match (communes.as_slice(), territory_fits) {
            ([commune], false) => Some(Resolution::Commune(commune.insee)),
            ([], true) => None,
            _ => Some(Resolution::Unresolved),
        }
    }

    /// Several names that are both territories and communes: the one
    /// commune that lies in the others' territories, if there is one.
    fn commune_among_duals(
        &self,
        duals: &[&Mention],
        territories: &[&Mention],
    ) -> Option<Resolution> {
        let readings: Vec<Resolution> = (0..duals.len())
            .filter_map(|i| {
                let others: Vec<&Mention> = duals
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, m)| *m)
                    .chain(territories.iter().copied())
                    .collect();
                self.dual(duals[i], &others)
                    .filter(|r| matches!(r, Resolution::Commune(_)))
            })
            .collect();
        match readings.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }

    /// Département and région names and numbers, without a commune.
    fn by_territory<'m>(&self, mentions: impl Iterator<Item = &'m Mention>) -> Resolution {
        let mut hints = self.evidence.numbers.clone();
        for mention in mentions.filter(|m| m.full) {
            if let Some(territory) = mention.territory {
                hints.add(territory);
            }
        }
        let gazetteer = self.index.gazetteer;
        let departements: Vec<&Departement> = dedup(hints.departements.clone())
            .into_iter()
            .filter_map(|d| gazetteer.departement(d))
            .collect();
        let regions = dedup(hints.regions.clone());
        if !departements.is_empty() {
            if !regions.is_empty() && departements.iter().any(|d| !regions.contains(&d.region)) {
                return Resolution::Unresolved; // "Nord, Bretagne"
            }
            return match dedup(departements.iter().map(|d| d.region).collect::<Vec<_>>()).as_slice()
            {
                _ if departements.len() == 1 => Resolution::Departement(departements[0].code),
                [region] => Resolution::Region(region),
                _ => Resolution::Unresolved,
            };
        }
        match regions.as_slice() {
            [region] => match self.index.sole_departement(region) {
                Some(departement) => Resolution::Departement(departement.code),
                None => Resolution::Region(region),
            },
            _ => Resolution::Unresolved,
        }
    }
}

/// Population under which a commune named inside a longer phrase is more
/// likely a word of that phrase than the place ("Côte d'Azur" is not the
/// commune Azur, in the Landes; "Le Val Fourré" not Le Val, in the Var).
const NOTABLE_IN_PHRASE: u32 = 20_000;

/// The mentions that say where: those standing alone in their segment;
/// failing that, notable towns inside a phrase ("Quartiers Nord de
/// Marseille"), unless the phrase goes on with a name we do not know
/// ("Isle d'Abeau" is not Isle, in the Haute-Vienne), and never a piece of
/// an unknown compound ("Saint Bonnet-Laval-Tessel" is not Laval).
fn selected(places: &[Mention]) -> Vec<&Mention> {
    let full: Vec<&Mention> = places.iter().filter(|m| m.full).collect();
    if !full.is_empty() {
        return full;
    }
    let notable = |m: &&Mention| m.communes.iter().any(|c| c.population >= NOTABLE_IN_PHRASE);
    places
        .iter()
        .filter(|m| !m.truncated && !m.tiled)
        .filter(notable)
        .collect()
}

/// The communes a mention may be, once the hints have narrowed them.
struct Reading {
    candidates: Vec<&'static Commune>,
    segment: usize,
    in_parens: bool,
}

/// "Belleville, Paris 20e", "Paris 20e (Belleville)": a name several
/// communes bear, far from every commune the text names for sure, is a
/// neighbourhood of that commune when it comes before it or in
/// parentheses, in a part of its own, not a second place (when no "et"
/// lists places).
fn drop_neighbourhoods(readings: &mut Vec<Reading>) {
    let sure: Vec<(&str, usize)> = readings
        .iter()
        .filter(|r| r.candidates.len() == 1)
        .map(|r| (r.candidates[0].region, r.segment))
        .collect();
    let last_is_sure = readings.last().is_some_and(|r| r.candidates.len() == 1);
    readings.retain(|r| {
        let far = !r
            .candidates
            .iter()
            .any(|c| sure.iter().any(|(region, _)| *region == c.region));
        let apart = sure.iter().all(|(_, segment)| *segment != r.segment);
        let neighbourhood = far && apart && (last_is_sure || r.in_parens);
        r.candidates.len() == 1 || sure.is_empty() || !neighbourhood
    });
}
