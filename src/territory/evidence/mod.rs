//! Reading a location text: what it says, before deciding what it means.
//!
//! Input: free text. Output: [`Evidence`]: INSEE codes, postcodes, named
//! places (communes, arrondissements, départements, régions) and
//! département numbers, each with how much of its part of the text it
//! explains. The [`resolve`](super::resolve()) step weighs them.
//!
//! Street lines ("12 rue de la République") are skipped: a street named
//! after a town does not locate the project there.

use std::ops::Range;

mod arrondissement;
mod names;

use super::gazetteer::Commune;
use super::hints::Hints;
use super::index::{Index, Territory};
use super::normalize::{Token, tokenize};

/// A place named in the text.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    /// The communes the name may designate (one for an arrondissement).
    pub communes: Vec<&'static Commune>,
    /// The département or région of that name, if any.
    pub territory: Option<Territory>,
    /// Its segment holds nothing else but filler words and numbers: a
    /// place on its own ("Vénissieux" in "Quartier des Minguettes,
    /// Vénissieux"), not a piece of a longer name ("Le Val" in "Le Val Fourré").
    pub full: bool,
    /// The segment it was read in.
    pub segment: usize,
    /// Index of its first word in the text.
    pub position: usize,
    /// Written in parentheses: "Paris 20e (Belleville)".
    pub in_parens: bool,
    /// A piece of a compound no name covers ("Lille" in "Lille-Roubaix").
    pub tiled: bool,
    /// Followed by a linking word and an unknown word ("Isle d'Abeau"):
    /// probably the start of a name the gazetteer does not know.
    pub truncated: bool,
}

/// Everything read in one text.
#[derive(Debug, Default)]
pub(super) struct Evidence {
    /// Communes given by an INSEE code ("Code INSEE 69123", "2A004").
    pub codes: Vec<&'static Commune>,
    /// Communes sharing the postcodes of the text.
    pub postcodes: Vec<&'static Commune>,
    /// Communes of a five-digit number that is no postcode but an INSEE code.
    pub bare_codes: Vec<&'static Commune>,
    /// Places named, in reading order.
    pub mentions: Vec<Mention>,
    /// Département numbers: "(69)", "Dept 29", "Vénissieux 69".
    pub numbers: Hints,
    /// Départements of unknown postcodes (a CEDEX code, "31029 Toulouse
    /// Cedex"): a weak hint.
    pub cedex: Hints,
    /// "Métropole de Lyon": the text means the area around a city.
    pub metropole: bool,
    /// The text names a place abroad.
    pub foreign: bool,
    /// The text lists places ("et", "ou", "&", "/", "+").
    pub conjunction: bool,
}

/// Words that carry no place of their own: a segment made of names and
/// these is fully explained.
#[rustfmt::skip]
const FILLER: &[&str] = &[
    "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "sur",
    "france", "region", "departement", "dept", "dpt", "dep", "n", "no", "ile", "commune", "cedex",
    "arrondissement", "arr", "arrdt", "e", "er", "eme", "ieme", "cp", "insee", "code", "metropole",
    "agglomeration", "agglo", "collectivite", "communaute", "communes", "intercommunalite",
    "tout", "toute", "toutes", "tous", "partout", "dans", "eurometropole", "sud", "est", "ouest",
];

/// First words of a street line (after its number).
#[rustfmt::skip]
const STREET: &[&str] = &[
    "rue", "avenue", "av", "ave", "bd", "boulevard", "blvd", "place", "pl", "impasse", "imp",
    "allee", "allees", "chemin", "quai", "cours", "route", "rte", "square", "passage", "voie",
    "sentier", "esplanade", "parvis", "promenade", "faubourg", "fbg", "rond", "lieu", "lieudit",
    "hameau", "mail", "ruelle", "traverse", "montee", "villa", "residence", "zi", "za", "zac", "bp",
    "cs", "tsa",
];

/// Names that are everyday words (the communes "Rue", "Ville", "Place";
/// the région "Centre"): they name a place only when their segment says
/// nothing else.
#[rustfmt::skip]
const EVERYDAY: &[&str] = &[
    "ars", "avril", "bar", "bois", "bourg", "campagne", "centre", "centres", "chateau", "ecole",
    "grand", "jardin", "ligne", "mars", "mer", "mont", "montagne", "place", "plaine", "pont",
    "port", "rue", "ville", "vieux", "vue",
];

/// Words that glue the parts of a place name ("Isle d'Abeau", "Aix les Milles").
const LINKS: &[&str] = &[
    "de", "d", "du", "des", "sur", "sous", "en", "les", "le", "la", "lez", "aux", "au", "l",
];

/// Words that make a city name stand for the area around it.
#[rustfmt::skip]
const AREA_WORDS: &[&str] = &[
    "metropole", "eurometropole", "agglomeration", "agglo", "communaute", "communautaire",
    "intercommunalite", "interco",
];

/// Words after which a number is a département code.
const DEPARTEMENT_WORDS: &[&str] = &["departement", "dept", "dpt", "dep"];

/// Words after which a number is a postal box or a CEDEX office, not a place.
const POSTAL_WORDS: &[&str] = &["bp", "cs", "tsa", "cedex"];

impl Evidence {
    /// Reads a location text.
    pub fn read(text: &str, index: &'static Index) -> Evidence {
        let tokens = split_at_postcodes(tokenize(text));
        let mut reader = Reader {
            index,
            used: vec![false; tokens.len()],
            tokens,
            evidence: Evidence::default(),
        };
        let segments = reader.segments();
        for (n, range) in segments.iter().enumerate() {
            if reader.is_street(range) {
                continue;
            }
            reader.read_names(range.clone());
            reader.read_numbers(range.clone(), segments.get(n + 1));
            reader.mark_full(range.clone());
        }
        reader.read_codes();
        reader.evidence.metropole = reader.names_an_area();
        reader.evidence.conjunction = text.contains(['&', '/', '+'])
            || (0..reader.tokens.len())
                .any(|i| !reader.used[i] && matches!(reader.text(i), "et" | "ou"));
        reader.evidence
    }
}

/// A postcode starts the locality part of an address line: give it a
/// segment of its own ("10 avenue Jean Jaurès 75019 Paris").
fn split_at_postcodes(mut tokens: Vec<Token>) -> Vec<Token> {
    let (mut shift, mut previous) = (0, None);
    for token in &mut tokens {
        let original = token.segment;
        if previous == Some(original) && is_postcode_like(token) {
            shift += 1;
        }
        previous = Some(original);
        token.segment = original + shift;
    }
    tokens
}

fn is_postcode_like(token: &Token) -> bool {
    token.text.len() == 5 && token.is_number()
}

struct Reader {
    index: &'static Index,
    tokens: Vec<Token>,
    /// Tokens explained by a name, a code or a number.
    used: Vec<bool>,
    evidence: Evidence,
}

impl Reader {
    fn segments(&self) -> Vec<Range<usize>> {
        let mut out: Vec<Range<usize>> = Vec::new();
        for (i, token) in self.tokens.iter().enumerate() {
            match out.last_mut() {
                Some(last) if self.tokens[last.start].segment == token.segment => last.end = i + 1,
                _ => out.push(i..i + 1),
            }
        }
        out
    }

    fn text(&self, i: usize) -> &str {
        &self.tokens[i].text
    }

    /// "12 rue de la République", "BP 123", "6 cours des Alliés".
    fn is_street(&self, range: &Range<usize>) -> bool {
        if range.is_empty() || is_postcode_like(&self.tokens[range.start]) {
            return false; // "16600 Ruelle-sur-Touvre": the locality line
        }
        let first = range
            .clone()
            .find(|&i| !self.tokens[i].is_number() && !matches!(self.text(i), "bis" | "ter" | "b"));
        // "Cours-les-Barres" is a commune, "cours des Alliés" a street,
        // "Rue (80)" a commune.
        let compound = |i: usize| self.tokens.get(i + 1).is_some_and(|t| t.joined);
        let named = |i: usize| (i + 1..range.end).any(|j| !self.tokens[j].is_number());
        first.is_some_and(|i| STREET.contains(&self.text(i)) && !compound(i) && named(i))
    }

    /// Département numbers: "(69)", "Dept 29", "29 - Finistère", "Vénissieux 69".
    fn read_numbers(&mut self, range: Range<usize>, next_segment: Option<&Range<usize>>) {
        for i in range.clone() {
            if self.used[i] || self.tokens[i].joined {
                continue;
            }
            let Some(departement) = self.index.departement_code(self.text(i)) else {
                continue;
            };
            if !self.tokens[i].is_number() && self.text(i).len() != 2 {
                continue;
            }
            let previous = i.checked_sub(1).map(|p| self.text(p));
            if previous.is_some_and(|p| POSTAL_WORDS.contains(&p)) {
                continue;
            }
            let alone = range.len() == 1;
            let before_street = next_segment.is_some_and(|next| self.is_street(next));
            let after_keyword = self.follows_departement_word(i);
            let after_name = i > range.start && self.used[i - 1] && i + 1 == range.end;
            if (alone && !before_street) || after_keyword || after_name {
                self.used[i] = true;
                self.evidence.numbers.departements.push(departement.code);
            }
        }
    }

    fn follows_departement_word(&self, i: usize) -> bool {
        let mut j = i;
        while j > 0 {
            j -= 1;
            match self.text(j) {
                "n" | "no" | "du" | "de" => continue,
                word => return DEPARTEMENT_WORDS.contains(&word),
            }
        }
        false
    }

    /// Marks the segment's mentions as full when nothing else is in it.
    /// Also marks those followed by a linking word and an unknown word.
    fn mark_full(&mut self, range: Range<usize>) {
        let known =
            |i: usize| self.used[i] || self.tokens[i].is_number() || FILLER.contains(&self.text(i));
        let full = range.clone().all(known);
        let truncated = |m: &Mention| {
            let end = (m.position..range.end)
                .find(|&i| !self.used[i])
                .unwrap_or(range.end);
            end + 1 < range.end && LINKS.contains(&self.text(end)) && !known(end + 1)
        };
        let segment = self.tokens.get(range.start).map(|t| t.segment);
        let marks: Vec<(usize, bool)> = (self.evidence.mentions.iter().enumerate())
            .filter(|(_, m)| Some(m.segment) == segment)
            .map(|(n, m)| (n, truncated(m)))
            .collect();
        for (n, truncated) in marks {
            self.evidence.mentions[n].full = full;
            self.evidence.mentions[n].truncated = truncated;
        }
    }

    /// "Métropole de Lyon", "Grand Lyon", "Communauté de communes de…":
    /// the text means the area around a city.
    fn names_an_area(&self) -> bool {
        let grand_city = |i: usize| {
            let next = self.evidence.mentions.iter().find(|m| m.position == i + 1);
            self.text(i) == "grand"
                && next
                    .is_some_and(|m| m.segment == self.tokens[i].segment && !m.communes.is_empty())
        };
        let area =
            |i: usize| !self.used[i] && (AREA_WORDS.contains(&self.text(i)) || grand_city(i));
        (0..self.tokens.len()).any(area)
    }

    /// Five-character codes: postcodes, INSEE codes, CEDEX codes.
    fn read_codes(&mut self) {
        let gazetteer = self.index.gazetteer;
        for i in 0..self.tokens.len() {
            let text = self.text(i).to_ascii_uppercase();
            let corsican = text.len() == 5 && (text.starts_with("2A") || text.starts_with("2B"));
            if !corsican && !is_postcode_like(&self.tokens[i]) {
                continue;
            }
            let before: Vec<&str> = self.tokens[i.saturating_sub(3)..i]
                .iter()
                .map(|t| t.text.as_str())
                .collect();
            if before
                .last()
                .is_some_and(|w| POSTAL_WORDS.contains(w) && *w != "cedex")
            {
                continue;
            }
            let insee_word = before.iter().any(|w| matches!(*w, "insee" | "cog"))
                || before.windows(2).any(|w| w == ["code", "commune"]);
            let commune = gazetteer.current_commune(&text);
            if corsican || insee_word {
                self.evidence.codes.extend(commune);
            } else if let Some(communes) = self.index.postcode(&text) {
                self.evidence.postcodes.extend(communes);
            } else {
                // A former code alone ("75021") is more likely a mistyped postcode.
                self.evidence.bare_codes.extend(gazetteer.commune(&text));
                let prefix = if text.starts_with("97") || text.starts_with("98") {
                    &text[..3]
                } else {
                    &text[..2]
                };
                if let Some(departement) = self.index.departement_code(prefix) {
                    self.evidence.cedex.departements.push(departement.code);
                }
            }
        }
    }
}
