//! Text normalisation: free text to lower-case, accent-free word tokens,
//! grouped in segments.
//!
//! Both the gazetteer's names and the text to resolve go through
//! [`tokenize`], so that "Saint-Étienne", "ST ETIENNE" and "saint étienne"
//! give the same words (`saint etienne`). A token remembers whether a hyphen
//! or an apostrophe glued it to the previous one ("Croix-Rousse",
//! "d'Abeau"): the resolver never matches a name that would cut such a
//! compound in two, so "Centre-ville" does not name the région Centre.
//! Punctuation (`,` `;` `/` `(` `)`, dashes, a hyphen between spaces) ends
//! a segment: "Quartier des Minguettes, Vénissieux (69)" has three.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// One word of normalised text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Token {
    /// Lower case, no accents, only ASCII letters and digits; `st`/`ste`
    /// expanded to `saint`/`sainte`.
    pub text: String,
    /// Glued to the previous token by a hyphen or an apostrophe.
    pub joined: bool,
    /// Index of its segment (punctuation-delimited part of the text).
    pub segment: usize,
    /// Inside parentheses or brackets.
    pub in_parens: bool,
}

impl Token {
    /// Only ASCII digits.
    pub fn is_number(&self) -> bool {
        !self.text.is_empty() && self.text.bytes().all(|b| b.is_ascii_digit())
    }
}

/// The normalised form of a name: its tokens joined by single spaces
/// (`"L'Isle-d'Abeau"` → `"l isle d abeau"`).
///
/// ```
/// use carrefour::territory::normalize;
///
/// assert_eq!(normalize("Ste-Foy-lès-Lyon"), "sainte foy les lyon");
/// assert_eq!(normalize("  CÔTES-D’ARMOR "), "cotes d armor");
/// ```
pub fn normalize(text: &str) -> String {
    let tokens = tokenize(text);
    let words: Vec<&str> = tokens.iter().map(|t| t.text.as_str()).collect();
    words.join(" ")
}

/// What a character does to the token stream.
enum Class {
    Word(char),
    /// Apostrophe, or a hyphen between two letters/digits: glues tokens.
    Glue,
    /// Ends the segment; `Some(true)` opens parentheses, `Some(false)` closes.
    Separator(Option<bool>),
    Space,
}

fn classify(chars: &[char], i: usize) -> Class {
    let c = chars[i];
    match c {
        '\'' | '’' | 'ʼ' | '‘' | '`' | '´' => Class::Glue,
        '-' | '‐' | '‑' | '‒' => {
            let before = i > 0 && chars[i - 1].is_alphanumeric();
            let after = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
            if before && after {
                Class::Glue
            } else {
                Class::Separator(None)
            }
        }
        '–' | '—' | '―' | ',' | ';' | '/' | '|' | '\n' | '\r' | '•' | '·' | '\t' => {
            Class::Separator(None)
        }
        '(' | '[' | '{' => Class::Separator(Some(true)),
        ')' | ']' | '}' => Class::Separator(Some(false)),
        _ if c.is_alphanumeric() => Class::Word(c),
        _ => Class::Space,
    }
}

/// Splits text into normalised tokens (see the module documentation).
pub(super) fn tokenize(text: &str) -> Vec<Token> {
    // Decompose, drop the accents, then lower-case: "É" → "e".
    let chars: Vec<char> = text.nfd().filter(|c| !is_combining_mark(*c)).collect();
    let mut tokens = Vec::new();
    let mut word = String::new();
    let (mut segment, mut depth, mut glued, mut next_joined) = (0, 0usize, false, false);
    let mut flush = |word: &mut String, joined: bool, segment: usize, depth: usize| {
        if !word.is_empty() {
            let text = expand_abbreviation(std::mem::take(word));
            tokens.push(Token {
                text,
                joined,
                segment,
                in_parens: depth > 0,
            });
        }
    };
    for i in 0..chars.len() {
        match classify(&chars, i) {
            Class::Word(c) => {
                if word.is_empty() {
                    next_joined = glued;
                }
                glued = false;
                push_lower(&mut word, c);
            }
            Class::Glue => {
                flush(&mut word, next_joined, segment, depth);
                // An apostrophe at the start or after a space glues nothing.
                glued = i > 0 && chars[i - 1].is_alphanumeric();
            }
            Class::Space => {
                flush(&mut word, next_joined, segment, depth);
                glued = false;
            }
            Class::Separator(paren) => {
                flush(&mut word, next_joined, segment, depth);
                glued = false;
                segment += 1;
                match paren {
                    Some(true) => depth += 1,
                    Some(false) => depth = depth.saturating_sub(1),
                    None => {}
                }
            }
        }
    }
    flush(&mut word, next_joined, segment, depth);
    tokens
}

fn push_lower(word: &mut String, c: char) {
    match c {
        'œ' | 'Œ' => word.push_str("oe"),
        'æ' | 'Æ' => word.push_str("ae"),
        'ß' => word.push_str("ss"),
        _ => word.extend(c.to_lowercase().filter(|l| l.is_ascii_alphanumeric())),
    }
}

fn expand_abbreviation(word: String) -> String {
    match word.as_str() {
        "st" => "saint".to_owned(),
        "ste" => "sainte".to_owned(),
        _ => word,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<(String, bool, usize, bool)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.text, t.joined, t.segment, t.in_parens))
            .collect()
    }

    #[test]
    fn accents_case_and_abbreviations_vanish() {
        assert_eq!(normalize("Saint-Étienne"), "saint etienne");
        assert_eq!(normalize("ST ETIENNE"), "saint etienne");
        assert_eq!(normalize("St. Étienne"), "saint etienne");
        assert_eq!(normalize("Ste Foy les Lyon"), "sainte foy les lyon");
        assert_eq!(normalize("Œuilly"), "oeuilly");
        assert_eq!(normalize("Lyon 7ème"), "lyon 7eme");
        assert_eq!(normalize("N/A"), "n a");
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("—"), "");
    }

    #[test]
    fn hyphens_and_apostrophes_glue_compounds() {
        let t = words("L'Isle-d'Abeau");
        let joined: Vec<bool> = t.iter().map(|w| w.1).collect();
        assert_eq!(joined, [false, true, true, true]);
        let t = words("Centre-ville de Roubaix");
        assert_eq!(t[1], ("ville".to_owned(), true, 0, false));
        assert!(!t[2].1);
    }

    #[test]
    fn punctuation_and_spaced_dashes_end_segments() {
        let segments = |text| words(text).into_iter().map(|w| w.2).collect::<Vec<_>>();
        assert_eq!(segments("Vaulx-en-Velin - 69"), [0, 0, 0, 1]);
        assert_eq!(segments("Les Minguettes – Vénissieux"), [0, 0, 1]);
        assert_eq!(
            segments("Quartier des Minguettes, Vénissieux (69)"),
            [0, 0, 0, 1, 2]
        );
        let t = words("Vénissieux (69)");
        assert_eq!(t[1], ("69".to_owned(), false, 1, true));
        assert!(!words("Lyon (69) France")[2].3);
    }
}
