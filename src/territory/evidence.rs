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

use super::gazetteer::Commune;
use super::index::{Index, Named, Territory};
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
}

/// Département and région codes that narrow down a commune.
#[derive(Debug, Clone, Default)]
pub(super) struct Hints {
    pub departements: Vec<&'static str>,
    pub regions: Vec<&'static str>,
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
}

/// Words that carry no place of their own: a segment made of names and
/// these is fully explained.
const FILLER: &[&str] = &[
    "a",
    "au",
    "aux",
    "d",
    "de",
    "des",
    "du",
    "en",
    "et",
    "l",
    "la",
    "le",
    "les",
    "ou",
    "sur",
    "france",
    "region",
    "departement",
    "dept",
    "dpt",
    "dep",
    "n",
    "no",
    "ile",
    "commune",
    "cedex",
    "arrondissement",
    "arr",
    "arrdt",
    "e",
    "er",
    "eme",
    "ieme",
    "cp",
    "insee",
    "code",
    "metropole",
    "agglomeration",
    "agglo",
    "collectivite",
    "communaute",
    "communes",
    "intercommunalite",
];

/// First words of a street line (after its number).
const STREET: &[&str] = &[
    "rue",
    "avenue",
    "av",
    "ave",
    "bd",
    "boulevard",
    "blvd",
    "place",
    "pl",
    "impasse",
    "imp",
    "allee",
    "allees",
    "chemin",
    "quai",
    "cours",
    "route",
    "rte",
    "square",
    "passage",
    "voie",
    "sentier",
    "esplanade",
    "parvis",
    "promenade",
    "faubourg",
    "fbg",
    "rond",
    "lieu",
    "lieudit",
    "hameau",
    "mail",
    "ruelle",
    "traverse",
    "montee",
    "villa",
    "residence",
    "zi",
    "za",
    "zac",
    "bp",
    "cs",
    "tsa",
];

/// Names that are everyday words (the communes "Rue", "Ville", "Place";
/// the région "Centre"): they name a place only when their segment says
/// nothing else.
const EVERYDAY: &[&str] = &[
    "ars", "avril", "bar", "bois", "bourg", "campagne", "centre", "centres", "chateau", "ecole",
    "grand", "jardin", "ligne", "mars", "mer", "mont", "montagne", "place", "plaine", "pont",
    "port", "rue", "ville", "vieux", "vue",
];

/// Words that make a city name stand for the area around it.
const AREA_WORDS: &[&str] = &[
    "metropole",
    "agglomeration",
    "agglo",
    "communaute",
    "communautaire",
    "intercommunalite",
    "interco",
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

    /// Longest names first, left to right, never cutting a compound.
    fn read_names(&mut self, range: Range<usize>) {
        let mut i = range.start;
        while i < range.end {
            if self.used[i] || self.tokens[i].joined || self.tokens[i].is_number() {
                i += 1;
            } else if let Some((end, named)) = self.longest_name(i, &range, None) {
                i = self.mention(named, i, end);
            } else {
                let compound_end = (i + 1..range.end)
                    .find(|&j| !self.tokens[j].joined)
                    .unwrap_or(range.end);
                self.tile_compound(i, compound_end, &range);
                i += 1;
            }
        }
    }

    /// Records a name read from `start` to `end`; returns where reading goes on.
    fn mention(&mut self, named: &'static Named, start: usize, end: usize) -> usize {
        self.used[start..end].fill(true);
        self.evidence.foreign |= named.foreign;
        let mention = Mention {
            communes: named.communes.clone(),
            territory: named.territory,
            full: false,
            segment: self.tokens[start].segment,
            position: start,
        };
        self.read_arrondissement(mention, start, end)
    }

    /// A compound that is no name as a whole may be names glued together
    /// ("Saint-Denis-de-la-Réunion", "Lille-Roubaix-Tourcoing"), but only
    /// if names and filler words make up all of it: "Aix-les-Milles" does
    /// not name the commune Aix (Corrèze).
    fn tile_compound(&mut self, start: usize, end: usize, range: &Range<usize>) {
        if end - start < 2 {
            return;
        }
        let mut parts = Vec::new();
        let mut i = start;
        while i < end {
            if let Some((part_end, named)) = self.longest_name(i, range, Some(end)) {
                parts.push((i, part_end, named));
                i = part_end;
            } else if FILLER.contains(&self.text(i)) {
                i += 1;
            } else {
                return;
            }
        }
        for (part_start, part_end, named) in parts {
            self.mention(named, part_start, part_end);
        }
    }

    /// The longest name from `start`. `within`: inside a compound ending
    /// there, whose hyphens may be cut.
    fn longest_name(
        &self,
        start: usize,
        range: &Range<usize>,
        within: Option<usize>,
    ) -> Option<(usize, &'static Named)> {
        let limit = within.unwrap_or(self.tokens.len());
        let longest = self.index.longest_name.min(limit - start);
        (1..=longest).rev().find_map(|len| {
            let end = start + len;
            if within.is_none() && end < self.tokens.len() && self.tokens[end].joined {
                return None; // would cut "Croix-Rousse" after "Croix"
            }
            let phrase = self.tokens[start..end]
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join(" ");
            if end > range.end {
                return self.index.named_across(&phrase).map(|named| (end, named));
            }
            let named = self.index.named(&phrase)?;
            let everyday = EVERYDAY.contains(&phrase.as_str()) || phrase.len() <= 2;
            let filler = |i: usize| FILLER.contains(&self.text(i)) || self.tokens[i].is_number();
            let alone = within.is_none()
                && (range.start..start).all(filler)
                && (end..range.end).all(filler);
            (!everyday || alone).then_some((end, named))
        })
    }

    /// After "Paris", "Lyon", "Marseille": an arrondissement number turns
    /// the mention into that arrondissement. Returns where reading goes on.
    fn read_arrondissement(&mut self, mut mention: Mention, start: usize, end: usize) -> usize {
        let city = mention
            .communes
            .iter()
            .copied()
            .find(|c| self.index.arrondissement_count(c.insee) > 0);
        let mut next = end;
        if let Some(city) = city {
            let after = self
                .ordinal_after(end, city)
                .or_else(|| self.ordinal_before(start));
            if let Some((n, tokens)) = after {
                if let Some(arrondissement) = self.index.arrondissement(city.insee, n) {
                    mention.communes = vec![arrondissement];
                    mention.territory = None; // "Paris 15" is not the département
                    for i in tokens.clone() {
                        self.used[i] = true;
                    }
                    next = next.max(tokens.end);
                }
            }
        }
        self.evidence.mentions.push(mention);
        next
    }

    /// "7e", "7ème", "1er", "3", "7 e arrondissement", "XVe" right after the city.
    fn ordinal_after(&self, at: usize, city: &Commune) -> Option<(u32, Range<usize>)> {
        let token = self.tokens.get(at)?;
        if token.segment != self.tokens[at - 1].segment {
            return None;
        }
        let (n, mut suffixed) = parse_ordinal(&token.text)?;
        let mut end = at + 1;
        if !suffixed && self.is_word(end, &["e", "er", "ere", "eme", "ieme", "em"], token.segment) {
            suffixed = true;
            end += 1;
        }
        let named = self.is_word(
            end,
            &["arrondissement", "arr", "arrdt", "ardt"],
            token.segment,
        );
        if named {
            end += 1;
        }
        // "Lyon (69)" is a département; "Marseille 13" may be either, and
        // both lie in Marseille: leave the number to the département reader.
        let bare = !suffixed && !named;
        if bare && (token.in_parens || token.text == city.departement) {
            return None;
        }
        Some((n, at..end))
    }

    /// "15e arrondissement de Paris".
    fn ordinal_before(&self, start: usize) -> Option<(u32, Range<usize>)> {
        let mut i = start.checked_sub(1)?;
        if matches!(self.text(i), "de" | "du") {
            i = i.checked_sub(1)?;
        }
        if !matches!(self.text(i), "arrondissement" | "arr" | "arrdt" | "ardt") {
            return None;
        }
        let mut first = i.checked_sub(1)?;
        if matches!(self.text(first), "e" | "er" | "eme" | "ieme") {
            first = first.checked_sub(1)?;
        }
        let (n, _) = parse_ordinal(self.text(first))?;
        Some((n, first..start))
    }

    fn is_word(&self, at: usize, words: &[&str], segment: usize) -> bool {
        self.tokens
            .get(at)
            .is_some_and(|t| t.segment == segment && words.contains(&t.text.as_str()))
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
    fn mark_full(&mut self, range: Range<usize>) {
        let full = range
            .clone()
            .all(|i| self.used[i] || self.tokens[i].is_number() || FILLER.contains(&self.text(i)));
        let segment = self.tokens.get(range.start).map(|t| t.segment);
        for mention in self
            .evidence
            .mentions
            .iter_mut()
            .filter(|m| Some(m.segment) == segment)
        {
            mention.full = full;
        }
    }

    /// "Métropole de Lyon", "Grand Lyon", "Communauté de communes de…":
    /// the text means the area around a city.
    fn names_an_area(&self) -> bool {
        let grand_city = |i: usize| {
            let next = self.evidence.mentions.iter().find(|m| m.position == i + 1);
            self.text(i) == "grand"
                && next
                    .is_some_and(|m| m.segment == self.tokens[i].segment && m.territory.is_none())
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
                self.evidence.bare_codes.extend(commune);
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

/// "7", "07", "7e", "7eme", "7ieme", "1er", "1ere", "xve", "ier".
fn parse_ordinal(word: &str) -> Option<(u32, bool)> {
    let digits = word.bytes().take_while(u8::is_ascii_digit).count();
    let (number, suffix) = word.split_at(digits);
    let n = if digits > 0 {
        number.parse().ok()?
    } else {
        let roman = word
            .bytes()
            .take_while(|b| matches!(b, b'i' | b'v' | b'x'))
            .count();
        let n = roman_value(&word[..roman])?;
        if !matches!(&word[roman..], "e" | "er" | "eme" | "ieme") {
            return None;
        }
        return Some((n, true));
    };
    match suffix {
        "" => Some((n, false)),
        "e" | "er" | "ere" | "eme" | "ieme" | "em" => Some((n, true)),
        _ => None,
    }
}

fn roman_value(numeral: &str) -> Option<u32> {
    const ROMAN: [&str; 20] = [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv",
        "xv", "xvi", "xvii", "xviii", "xix", "xx",
    ];
    ROMAN
        .iter()
        .position(|r| *r == numeral)
        .map(|p| p as u32 + 1)
}
