//! Reading names: communes, départements and régions, longest first.

use std::ops::Range;

use super::arrondissement::is_ordinal;
use super::{EVERYDAY, FILLER, Mention, Reader};

/// What may stand next to an everyday word that names a place: "Région
/// Centre", "Commune de Rue".
const TITLES: &[&str] = &[
    "region",
    "departement",
    "commune",
    "ville",
    "de",
    "du",
    "d",
    "la",
    "le",
    "les",
    "l",
    "cedex",
    "cp",
    "france",
];
use crate::territory::index::Named;

impl Reader {
    /// Longest names first, left to right, never cutting a compound.
    pub(super) fn read_names(&mut self, range: Range<usize>) {
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
            in_parens: self.tokens[start].in_parens,
            tiled: false,
            truncated: false,
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
            } else if FILLER.contains(&self.text(i))
                || (!parts.is_empty() && is_ordinal(self.text(i)))
            {
                i += 1; // "Lyon-7e": the part after the city is read as its arrondissement
            } else {
                return;
            }
        }
        for (part_start, part_end, named) in parts {
            self.mention(named, part_start, part_end);
            if let Some(mention) = self.evidence.mentions.last_mut() {
                mention.tiled = true;
            }
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
            // Stricter than FILLER: "Grand Ouest" is not the commune Grand.
            let filler = |i: usize| TITLES.contains(&self.text(i)) || self.tokens[i].is_number();
            let alone = within.is_none()
                && (range.start..start).all(filler)
                && (end..range.end).all(filler);
            (!everyday || alone).then_some((end, named))
        })
    }
}
