//! Look-up tables for the resolver, built once from the [`Gazetteer`]:
//! normalised name → the places it may name, postcode → communes.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::gazetteer::{Commune, Departement, Gazetteer, Region};
use super::normalize::{normalize, tokenize};

/// A département or région named in the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Territory {
    Departement(&'static Departement),
    Region(&'static Region),
}

/// Everything one normalised name may designate.
#[derive(Debug, Default)]
pub(super) struct Named {
    /// Current communes of that name, current communes that absorbed a
    /// former commune of that name, and towns ten times bigger whose name
    /// starts with it (see [`OVERSHADOWING`]); no arrondissements.
    pub communes: Vec<&'static Commune>,
    /// The département or région of that name (the département when both
    /// share it, as "La Réunion" does).
    pub territory: Option<Territory>,
    /// A foreign country or region: the place is not in France.
    pub foreign: bool,
}

/// The resolver's tables.
pub(super) struct Index {
    pub gazetteer: &'static Gazetteer,
    names: HashMap<String, Named>,
    /// The few names with punctuation inside ("Castillon (Canton de
    /// Lembeye)", "Sarroux - Saint Julien"): they span segments.
    names_across: HashSet<String>,
    postcodes: HashMap<&'static str, Vec<&'static Commune>>,
    /// Longest name, in words: the resolver tries no longer phrase.
    pub longest_name: usize,
    /// Communes that are their département's only commune (Paris,
    /// Saint-Martin, Saint-Barthélemy).
    coextensive: HashSet<&'static str>,
    /// Départements that are their région's only one (overseas).
    sole_departement: HashMap<&'static str, &'static Departement>,
    /// Arrondissements municipaux by commune, in order.
    arrondissements: HashMap<&'static str, Vec<&'static Commune>>,
}

/// Places abroad that partners name: a text naming one is not resolved in
/// France (there is a commune "Suisse" in Moselle).
#[rustfmt::skip]
const FOREIGN: &[&str] = &[
    "belgique", "suisse", "luxembourg", "allemagne", "espagne", "italie", "portugal", "royaume uni",
    "angleterre", "irlande", "pays bas", "canada", "quebec", "etats unis", "usa", "senegal",
    "maroc", "algerie", "tunisie", "cameroun", "cote d ivoire", "mali", "burkina faso", "niger",
    "madagascar", "haiti", "liban", "monaco", "andorre", "bruxelles", "geneve", "lausanne", "dakar",
];

static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(Gazetteer::get()));

impl Index {
    pub fn get() -> &'static Index {
        &INDEX
    }

    fn build(gazetteer: &'static Gazetteer) -> Index {
        let mut postcodes: HashMap<&'static str, Vec<&'static Commune>> = HashMap::new();
        let mut per_departement: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
        let mut arrondissements: HashMap<&'static str, Vec<&'static Commune>> = HashMap::new();
        for commune in gazetteer.communes() {
            for postcode in &commune.postcodes {
                postcodes.entry(postcode).or_default().push(commune);
            }
            match commune.parent {
                Some(parent) => arrondissements.entry(parent).or_default().push(commune),
                None => per_departement
                    .entry(commune.departement)
                    .or_default()
                    .push(commune.insee),
            }
        }
        let coextensive = per_departement
            .values()
            .filter(|c| c.len() == 1)
            .map(|c| c[0])
            .collect();
        let mut per_region: HashMap<&'static str, Vec<&'static Departement>> = HashMap::new();
        for departement in gazetteer.departements() {
            per_region
                .entry(departement.region)
                .or_default()
                .push(departement);
        }
        let sole_departement = per_region
            .into_iter()
            .filter(|(_, d)| d.len() == 1)
            .map(|(r, d)| (r, d[0]))
            .collect();
        let names = name_table(gazetteer);
        let longest_name = names
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        let names_across = gazetteer
            .communes()
            .map(|c| c.name)
            .chain(gazetteer.former_communes().filter_map(|f| f.name))
            .filter(|name| tokenize(name).last().is_some_and(|t| t.segment > 0))
            .map(normalize)
            .collect();
        Index {
            gazetteer,
            names,
            names_across,
            postcodes,
            longest_name,
            coextensive,
            sole_departement,
            arrondissements,
        }
    }

    /// What a normalised phrase may name.
    pub fn named(&self, phrase: &str) -> Option<&Named> {
        self.names.get(phrase)
    }

    /// What a normalised phrase that runs over punctuation may name.
    pub fn named_across(&self, phrase: &str) -> Option<&Named> {
        self.names_across
            .get(phrase)
            .and_then(|_| self.names.get(phrase))
    }

    /// The communes and arrondissements with this postcode.
    pub fn postcode(&self, postcode: &str) -> Option<&[&'static Commune]> {
        self.postcodes.get(postcode).map(Vec::as_slice)
    }

    /// The commune is the only one of its département (Paris).
    pub fn is_coextensive(&self, commune: &Commune) -> bool {
        self.coextensive.contains(commune.insee)
    }

    /// The département of a région that has only one (Martinique).
    pub fn sole_departement(&self, region: &str) -> Option<&'static Departement> {
        self.sole_departement.get(region).copied()
    }

    /// How many arrondissements municipaux the commune has (0 but for
    /// Paris, Lyon and Marseille).
    pub fn arrondissement_count(&self, insee: &str) -> u32 {
        self.arrondissements
            .get(insee)
            .map_or(0, |a| a.len() as u32)
    }

    /// The `n`th arrondissement of the commune (`("69123", 7)` → `69387`).
    pub fn arrondissement(&self, insee: &str, n: u32) -> Option<&'static Commune> {
        let list = self.arrondissements.get(insee)?;
        list.get(usize::try_from(n).ok()?.checked_sub(1)?).copied()
    }

    /// The département of a code written in text (`69`, `2a`, `974`).
    pub fn departement_code(&self, text: &str) -> Option<&'static Departement> {
        let code = text.to_ascii_uppercase();
        // "20" was Corsica's code before 1976; it is not a département any more.
        self.gazetteer.departement(&code)
    }
}

/// Normalised name → communes (current, former, overshadowing), territory,
/// foreign country.
fn name_table(gazetteer: &'static Gazetteer) -> HashMap<String, Named> {
    let mut names: HashMap<String, Named> = HashMap::new();
    for commune in gazetteer.communes().filter(|c| c.parent.is_none()) {
        names
            .entry(normalize(commune.name))
            .or_default()
            .communes
            .push(commune);
    }
    for former in gazetteer.former_communes() {
        let (Some(name), Some(current)) = (former.name, gazetteer.commune(former.current)) else {
            continue;
        };
        let named = names.entry(normalize(name)).or_default();
        if !named.communes.iter().any(|c| c.insee == current.insee) {
            named.communes.push(current);
        }
    }
    overshadow(&mut names, gazetteer);
    for region in gazetteer.regions() {
        names.entry(normalize(region.name)).or_default().territory =
            Some(Territory::Region(region));
    }
    for old in gazetteer.old_regions() {
        if let Some(region) = gazetteer.region(old.region) {
            names.entry(normalize(old.name)).or_default().territory =
                Some(Territory::Region(region));
        }
    }
    // After the régions: a département wins the name it shares with its région.
    for departement in gazetteer.departements() {
        names
            .entry(normalize(departement.name))
            .or_default()
            .territory = Some(Territory::Departement(departement));
    }
    for foreign in FOREIGN {
        names.entry((*foreign).to_owned()).or_default().foreign = true;
    }
    names
}

/// A population above which a town is what people mean by the first words
/// of its name, when the commune of that shorter name is ten times smaller:
/// "Évry" may mean Évry-Courcouronnes (67 000) as well as Évry (Yonne, 500).
const OVERSHADOWING: u32 = 10_000;

/// Adds such towns to the readings of the shorter name.
fn overshadow(names: &mut HashMap<String, Named>, gazetteer: &'static Gazetteer) {
    for commune in gazetteer
        .communes()
        .filter(|c| c.parent.is_none() && c.population >= OVERSHADOWING)
    {
        let name = normalize(commune.name);
        let words: Vec<&str> = name.split(' ').collect();
        for n in 1..words.len() {
            let Some(named) = names.get_mut(&words[..n].join(" ")) else {
                continue;
            };
            let largest = named
                .communes
                .iter()
                .map(|c| c.population)
                .max()
                .unwrap_or(0);
            if commune.population >= largest.saturating_mul(10)
                && !named.communes.contains(&commune)
            {
                named.communes.push(commune);
            }
        }
    }
}

impl Territory {
    /// The région this territory is or lies in.
    pub fn region_code(self) -> &'static str {
        match self {
            Territory::Departement(d) => d.region,
            Territory::Region(r) => r.code,
        }
    }

    /// Does the commune lie in this territory?
    pub fn contains(self, commune: &Commune) -> bool {
        match self {
            Territory::Departement(d) => commune.departement == d.code,
            Territory::Region(r) => commune.region == r.code,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lead_to_communes_and_territories() {
        let index = Index::get();
        let codes = |name: &str| {
            index
                .named(name)
                .map(|n| n.communes.iter().map(|c| c.insee).collect::<Vec<_>>())
        };
        assert_eq!(codes("lyon"), Some(vec!["69123"]));
        assert_eq!(codes("cherbourg octeville"), Some(vec!["50129"]));
        assert!(codes("saint denis").is_some_and(|c| c.contains(&"93066") && c.contains(&"97411")));
        let territory = |name: &str| index.named(name).and_then(|n| n.territory);
        assert!(
            matches!(territory("la reunion"), Some(Territory::Departement(d)) if d.code == "974")
        );
        assert!(matches!(territory("paca"), Some(Territory::Region(r)) if r.code == "93"));
        assert!(matches!(territory("rhone alpes"), Some(Territory::Region(r)) if r.code == "84"));
        assert!(index.named("belgique").is_some_and(|n| n.foreign));
        assert!(index.named("lyon 7e arrondissement").is_none());
        assert_eq!(codes("evry"), Some(vec!["89162", "91228"]));
        assert_eq!(codes("chalon"), Some(vec!["38066", "71076"]));
    }

    #[test]
    fn postcodes_include_arrondissements() {
        let index = Index::get();
        let codes: Vec<_> = index
            .postcode("69007")
            .unwrap_or_default()
            .iter()
            .map(|c| c.insee)
            .collect();
        assert_eq!(codes, ["69123", "69387"]);
        assert!(index.postcode("99999").is_none());
    }

    #[test]
    fn paris_is_coextensive_and_martinique_sole() {
        let index = Index::get();
        let g = index.gazetteer;
        assert!(g.commune("75056").is_some_and(|c| index.is_coextensive(c)));
        assert!(g.commune("69123").is_some_and(|c| !index.is_coextensive(c)));
        assert_eq!(index.sole_departement("02").map(|d| d.code), Some("972"));
        assert!(index.sole_departement("84").is_none());
        assert!(index.departement_code("2a").is_some());
        assert!(index.departement_code("20").is_none());
    }
}
