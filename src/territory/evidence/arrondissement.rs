//! Reading arrondissements: "Lyon 7e", "Paris 15", "15e arrondissement de Paris".

use std::ops::Range;

use super::{Mention, Reader};
use crate::territory::gazetteer::Commune;

impl Reader {
    /// After "Paris", "Lyon", "Marseille": an arrondissement number turns
    /// the mention into that arrondissement. Returns where reading goes on.
    pub(super) fn read_arrondissement(
        &mut self,
        mut mention: Mention,
        start: usize,
        end: usize,
    ) -> usize {
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
                    self.used[tokens.clone()].fill(true);
                    next = next.max(tokens.end);
                    next = self.more_arrondissements(&mut mention, city, next);
                }
            }
        }
        self.evidence.mentions.push(mention);
        next
    }

    /// "Lyon 3e et 7e", "Marseille 13e/14e": every arrondissement listed
    /// (then the answer is the city). Returns where reading goes on.
    fn more_arrondissements(
        &mut self,
        mention: &mut Mention,
        city: &Commune,
        from: usize,
    ) -> usize {
        let mut at = from;
        while at < self.tokens.len() {
            let mut next = at;
            while self
                .tokens
                .get(next)
                .is_some_and(|t| matches!(t.text.as_str(), "et" | "ou" | "au"))
            {
                next += 1;
            }
            let Some(token) = self.tokens.get(next) else {
                break;
            };
            let ordinal = parse_ordinal(&token.text).filter(|(_, suffixed)| *suffixed);
            let Some(arrondissement) =
                ordinal.and_then(|(n, _)| self.index.arrondissement(city.insee, n))
            else {
                break;
            };
            mention.communes.push(arrondissement);
            self.used[at..=next].fill(true);
            at = next + 1;
        }
        at
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
}

/// "7e", "1er", "XVe": a number with an ordinal suffix.
pub(super) fn is_ordinal(word: &str) -> bool {
    parse_ordinal(word).is_some_and(|(_, suffixed)| suffixed)
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

#[cfg(test)]
mod tests {
    use super::parse_ordinal;

    #[test]
    fn ordinals_in_figures_and_roman_numerals() {
        assert_eq!(parse_ordinal("7"), Some((7, false)));
        assert_eq!(parse_ordinal("07"), Some((7, false)));
        assert_eq!(parse_ordinal("7eme"), Some((7, true)));
        assert_eq!(parse_ordinal("1er"), Some((1, true)));
        assert_eq!(parse_ordinal("xve"), Some((15, true)));
        assert_eq!(parse_ordinal("ier"), Some((1, true)));
        assert_eq!(parse_ordinal("xv"), None);
        assert_eq!(parse_ordinal("7bis"), None);
        assert_eq!(parse_ordinal("le"), None);
    }
}
