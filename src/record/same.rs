//! Which published records describe the same real-world project, so the hub
//! links them (`owl:sameAs`) instead of listing the project twice.
//!
//! The rule is deliberately cautious: a wrong link merges two projects in
//! every listing and nobody notices, while a missed link only shows one
//! project twice. Two records are the same project when any of these holds:
//!
//! 1. they come from the same partner page (same non-empty `source`);
//! 2. a partner says so: one record's `same_as` names the other's `source`
//!    or `key`;
//! 3. two *different* partners publish them with the same [`fold`]ed name,
//!    the same folded organisation and the same resolved commune.
//!
//! Rule 3 never guesses: a commune missing on either side, or a name or an
//! organisation folding to nothing, never matches; and a partner listing two
//! projects under one name in one commune is taken at its word. Rules 1 and
//! 2 are facts, whatever the partners. Groups are the transitive closure of
//! these links (a union-find), so two records of one partner do share a
//! group when a third record is linked to both. Every rule is a hash-map
//! lookup: 100 000 records take linear time, never a comparison of pairs.

use std::collections::HashMap;

/// What the matching rule reads of one published project.
#[derive(Debug, Clone)]
pub struct Candidate {
    /// The record's stable key (unique).
    pub key: String,
    /// The partner's id, e.g. `avise`.
    pub partner: String,
    /// Canonical URL of the partner page the record comes from.
    pub source: String,
    /// The project's name as published.
    pub name: String,
    /// The carrying organisation's name.
    pub organisation: String,
    /// INSEE code of the project's commune, if resolved.
    pub commune: Option<String>,
    /// Source URLs or keys the partner itself says are the same project.
    pub same_as: Vec<String>,
}

/// Groups of keys describing the same project: each group has at least two
/// keys, sorted, and the groups are sorted by their first key, so the
/// output (and the `owl:sameAs` triples written from it) is stable.
pub fn same_projects(candidates: &[Candidate]) -> Vec<Vec<String>> {
    let mut sets = Sets::new(candidates.len());
    link_declared(candidates, &mut sets);
    link_described(candidates, &mut sets);
    groups(candidates, &mut sets)
}

/// Rules 1 and 2: a shared page, or a partner's own `same_as` naming a page
/// or a key. An empty `source` is no page.
fn link_declared(candidates: &[Candidate], sets: &mut Sets) {
    let mut by_source: HashMap<&str, usize> = HashMap::new();
    let mut by_key: HashMap<&str, usize> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        if !c.source.is_empty() {
            sets.union(*by_source.entry(&c.source).or_insert(i), i);
        }
        by_key.insert(&c.key, i);
    }
    for (i, c) in candidates.iter().enumerate() {
        for named in c.same_as.iter().map(String::as_str) {
            for &j in [by_source.get(named), by_key.get(named)]
                .into_iter()
                .flatten()
            {
                sets.union(i, j);
            }
        }
    }
}

/// Rule 3: same folded name, organisation and commune, across partners.
/// Records sharing all three form a bucket; the cross-partner links of a
/// bucket connect all of it as soon as it holds two partners (two records
/// of one partner share a neighbour from the other), and none otherwise.
fn link_described(candidates: &[Candidate], sets: &mut Sets) {
    let mut buckets: HashMap<(String, String, &str), Vec<usize>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        let Some(commune) = c.commune.as_deref().filter(|code| !code.is_empty()) else {
            continue;
        };
        let (name, org) = (fold(&c.name), fold(&c.organisation));
        if !name.is_empty() && !org.is_empty() {
            buckets.entry((name, org, commune)).or_default().push(i);
        }
    }
    for members in buckets.values() {
        let first = &candidates[members[0]].partner;
        if members.iter().any(|&i| candidates[i].partner != *first) {
            for &i in &members[1..] {
                sets.union(members[0], i);
            }
        }
    }
}

/// The union-find's sets of two or more records, as sorted keys.
fn groups(candidates: &[Candidate], sets: &mut Sets) -> Vec<Vec<String>> {
    let mut by_root: HashMap<usize, Vec<String>> = HashMap::new();
    for (i, c) in candidates.iter().enumerate() {
        by_root.entry(sets.find(i)).or_default().push(c.key.clone());
    }
    let mut groups: Vec<Vec<String>> = by_root.into_values().collect();
    groups.retain(|keys| keys.len() > 1);
    groups.iter_mut().for_each(|keys| keys.sort());
    groups.sort();
    groups
}

/// Disjoint sets of record indices: each index's parent, a root being its
/// own. Path halving alone keeps a find logarithmic (amortised), so no rank
/// is kept; a union hangs the larger root under the smaller.
struct Sets(Vec<usize>);

impl Sets {
    fn new(n: usize) -> Self {
        Sets((0..n).collect())
    }

    fn find(&mut self, mut i: usize) -> usize {
        while self.0[i] != i {
            self.0[i] = self.0[self.0[i]];
            i = self.0[i];
        }
        i
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        self.0[a.max(b)] = a.min(b);
    }
}

/// The folded form names and organisations are compared in: what partners
/// type differently for one name (case, accents, punctuation, spacing,
/// usual abbreviations) folds the same, and no ordinary word is dropped.
///
/// In order: lowercase; accents removed (Latin-1 letters from a table;
/// combining marks dropped, so decomposed text folds the same); ligatures
/// expanded (`œ` → `oe`, `æ` → `ae`, `ß` → `ss`); `&` → `et`; any other
/// character that is not a letter or a digit (apostrophes, hyphens, dots,
/// quotes) becomes a space; whitespace collapsed and trimmed. Then, word by
/// word: `asso` and `assoc` → `association`, `st` → `saint`, `ste` →
/// `sainte`, and `l` or `d` followed by another word is dropped (what
/// remains of the elisions `l'` and `d'`, apostrophe typed or not:
/// `L'Atelier` and `Atelier` fold the same). Articles (`le`, `la`, `les`,
/// `des`, ...) are ordinary words and stay.
pub fn fold(text: &str) -> String {
    let mut spaced = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match c {
            '&' => spaced.push_str(" et "),
            '\u{300}'..='\u{36F}' => {} // combining marks, left by decomposed text
            c if c.is_alphanumeric() => match unaccented(c) {
                Some(plain) => spaced.push_str(plain),
                None => spaced.push(c),
            },
            _ => spaced.push(' '),
        }
    }
    let words: Vec<&str> = spaced.split_whitespace().collect();
    let mut folded = String::with_capacity(spaced.len());
    for (i, &word) in words.iter().enumerate() {
        let word = match word {
            "l" | "d" if i + 1 < words.len() => continue,
            "asso" | "assoc" => "association",
            "st" => "saint",
            "ste" => "sainte",
            word => word,
        };
        if !folded.is_empty() {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

/// A lowercase Latin-1 letter (every French one, and `œ`) without its
/// accents; other letters are kept as they are, alike on both sides.
fn unaccented(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'œ' => "oe",
        'æ' => "ae",
        'ß' => "ss",
        'ð' => "d",
        'þ' => "th",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn fold_removes_case_accents_and_punctuation() {
        assert_eq!(fold("Été À NOËL, ça"), "ete a noel ca");
        assert_eq!(fold("e\u{301}te\u{301}"), "ete");
        assert_eq!(fold("Cœur"), "coeur");
        assert_eq!(fold("ÆQUO Straße"), "aequo strasse");
        assert_eq!(fold("  « Le   Jardin » — partagé !! "), "le jardin partage");
        assert_eq!(fold("Vélo-Cité (Nantes)"), "velo cite nantes");
        assert_eq!(fold("Terre & Mer, A&B"), "terre et mer a et b");
    }

    #[test]
    fn fold_expands_abbreviations_and_drops_only_elisions() {
        assert_eq!(fold("Asso. Les Amis"), fold("Association les amis"));
        assert_eq!(fold("ASSOC les amis"), "association les amis");
        assert_eq!(fold("St-Étienne, Ste Anne"), "saint etienne sainte anne");
        assert_eq!(fold("Assoce Stade"), "assoce stade");
        assert_eq!(fold("L'Atelier d’Arçon"), "atelier arcon");
        assert_eq!(fold("L Atelier"), fold("Atelier"));
        assert_eq!(fold("Le Lien des Lilas"), "le lien des lilas");
        assert_eq!(fold("Vitamine D"), "vitamine d");
    }

    fn candidate(key: &str, partner: &str, source: &str, commune: Option<&str>) -> Candidate {
        Candidate {
            key: key.into(),
            partner: partner.into(),
            source: source.into(),
            name: "Le Jardin".into(),
            organisation: "Asso Les Amis".into(),
            commune: commune.map(Into::into),
            same_as: Vec::new(),
        }
    }

    #[test]
    fn rules_link_sorted_groups_and_never_guess() {
        let records = [
            candidate("z", "b", "https://b/1", Some("75056")),
            candidate("a", "a", "https://a/1", Some("75056")),
            candidate("m", "c", "https://a/1", None),
            Candidate {
                same_as: vec!["a".into()],
                ..candidate("e", "d", "https://d/1", None)
            },
            candidate("c", "c", "https://c/9", Some("69123")),
            candidate("b", "a", "https://a/9", Some("69123")),
            candidate("n", "e", "https://e/1", None),
            candidate("x", "e", "https://e/2", Some("13055")),
            candidate("p", "f", "https://f/1", Some("33063")),
            candidate("q", "f", "https://f/2", Some("33063")),
            Candidate {
                name: "« ! »".into(),
                ..candidate("r", "a", "https://a/3", Some("59350"))
            },
            Candidate {
                name: "—".into(),
                ..candidate("s", "b", "https://b/3", Some("59350"))
            },
        ];
        let expected = [vec!["a", "e", "m", "z"], vec!["b", "c"]];
        assert_eq!(same_projects(&records), expected);
    }

    /// A xorshift64 generator: the fixture is the same at every run.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    const PARTNERS: [&str; 4] = ["avise", "ess-france", "fondation", "territoires"];
    const COMMUNES: [&str; 6] = ["75056", "69123", "13055", "31555", "33063", "59350"];
    /// Name parts and organisations as one partner publishes them, then
    /// (after `|`) as another partner types them.
    const HEADS: &str = "Café|CAFE, L'Épicerie|l epicerie, Cœur|Coeur, Théâtre|theatre, \
        Crèche|Creche, Atelier|L’atelier, Fête|fete, Ressourcerie|RESSOURCERIE";
    const MIDDLES: &str = "solidaire|Solidaire, partagé|partage, éphémère|Ephemere, \
        numérique|numerique, des Possibles|des  possibles, à vélo|a velo";
    const PLACES: &str = "de Saint-Éloi|de St Eloi, du Moulin|du moulin, des Lilas|Des Lilas, \
        d'Arçon|d’Arcon, de l'Étang|de l etang, de Sainte-Anne|de Ste-Anne, du Pré|du pre, \
        des Forges|des forges";
    const ORGANISATIONS: &str = "Les Amis du Quartier|les amis du quartier, \
        Cœur d'Ouvrage|Coeur d ouvrage, Terre & Partage|Terre et partage, \
        L'Élan Commun|Elan commun, Sainte-Agathe Solidarité|Ste Agathe solidarite, \
        Vélo-Cité|velo cite";
    const ASSOCIATION: [&str; 5] = ["Association", "Asso.", "Assoc", "ASSO", "assoc."];

    fn table(text: &str) -> Vec<(&str, &str)> {
        text.split(", ").filter_map(|p| p.split_once('|')).collect()
    }

    /// Generated records with the project each really is, and the pairs that
    /// look alike but must not be linked.
    #[derive(Default)]
    struct Fixture {
        records: Vec<(Candidate, usize)>,
        near_misses: Vec<(String, String)>,
    }

    impl Fixture {
        /// Adds a record of project `id` by partner `by`, on a page of its own.
        fn add(&mut self, id: usize, by: usize, texts: [&str; 2], at: Option<&str>) -> usize {
            let (n, p) = (self.records.len(), PARTNERS[by]);
            let source = format!("https://{p}.example/projets/{n}");
            let mut record = candidate(&format!("{p}:{n:04}"), p, &source, at);
            (record.name, record.organisation) = (texts[0].into(), texts[1].into());
            self.records.push((record, id));
            n
        }

        /// Adds a record of another project that looks like record `of`.
        fn near_miss(&mut self, of: usize, by: usize, texts: [&str; 2], at: Option<&str>) -> usize {
            let n = self.add(1000 + of, by, texts, at);
            let keys = [&self.records[of].0.key, &self.records[n].0.key];
            self.near_misses.push(pair(keys[0], keys[1]));
            n
        }
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.min(b).to_owned(), a.max(b).to_owned())
    }

    /// 360 projects; by `i % 12`, project `i` gets a duplicate (0–5, two at
    /// 5), a look-alike that is another project (6–9), or nothing (10, 11).
    fn fixture(rng: &mut Rng) -> Fixture {
        let (heads, middles, places) = (table(HEADS), table(MIDDLES), table(PLACES));
        let organisations = table(ORGANISATIONS);
        let mut f = Fixture::default();
        for i in 0..360 {
            let (head, middle, place) = (heads[i % 8], middles[i / 8 % 6], places[i / 48]);
            let name = format!("{} {} {}", head.0, middle.0, place.0);
            let typed = format!("{} {} {}", head.1, middle.1, place.1);
            let shouted = format!("« {} » !", name.to_uppercase().replace(' ', "  -  "));
            // Three distinct partners: shifts 1, 2, 3 give third shifts 2, 3, 1.
            let (partner, shift) = (rng.below(4), 1 + rng.below(3));
            let (other, third) = ((partner + shift) % 4, (partner + shift % 3 + 1) % 4);
            let o = rng.below(6);
            let org = format!("Association {}", organisations[o].0);
            let abbreviated = format!("{} {}", ASSOCIATION[rng.below(5)], organisations[o].1);
            let another = format!("Association {}", organisations[(o + 1) % 6].0);
            let (c, shift) = (rng.below(6), 1 + rng.below(5));
            let (commune, elsewhere) = (Some(COMMUNES[c]), Some(COMMUNES[(c + shift) % 6]));
            let base = f.add(i, partner, [&name, &org], commune);
            match i % 12 {
                0 => _ = f.add(i, other, [&typed, &org], commune),
                1 => _ = f.add(i, other, [&shouted, &org], commune),
                2 => _ = f.add(i, other, [&name, &abbreviated], commune),
                3 => {
                    let copy = f.add(i, other, ["Autre intitulé", "Autre porteur"], None);
                    f.records[copy].0.source = f.records[base].0.source.clone();
                }
                4 => {
                    let copy = f.add(i, other, [&format!("Projet n°{i}"), "Inconnu"], None);
                    let (said, by) = [(base, copy), (copy, base)][rng.below(2)];
                    let said = &f.records[said].0;
                    let named = [&said.source, &said.key][rng.below(2)].clone();
                    f.records[by].0.same_as.push(named);
                }
                5 => {
                    f.add(i, other, [&typed, &abbreviated], commune);
                    f.add(i, third, [&shouted, &org], commune);
                }
                6 => _ = f.near_miss(base, other, [&typed, &org], elsewhere),
                7 => _ = f.near_miss(base, other, [&name, &another], commune),
                8 => {
                    let n = f.near_miss(base, other, [&typed, &abbreviated], None);
                    let lacking = rng.below(3); // 0: the look-alike, 1: the base, 2: both
                    if lacking > 0 {
                        f.records[base].0.commune = None;
                    }
                    if lacking == 1 {
                        f.records[n].0.commune = commune.map(Into::into);
                    }
                }
                9 => _ = f.near_miss(base, partner, [&typed, &abbreviated], commune),
                _ => {}
            }
        }
        for i in (1..f.records.len()).rev() {
            f.records.swap(i, rng.below(i + 1));
        }
        f
    }

    /// Every pair of keys within one group.
    fn pairs<'a>(groups: impl IntoIterator<Item = &'a Vec<String>>) -> BTreeSet<(String, String)> {
        let mut pairs = BTreeSet::new();
        for group in groups {
            for (i, a) in group.iter().enumerate() {
                pairs.extend(group[i + 1..].iter().map(|b| pair(a, b)));
            }
        }
        pairs
    }

    #[test]
    fn generated_fixture_has_perfect_precision_and_recall() {
        let f = fixture(&mut Rng(0x9E37_79B9_7F4A_7C15));
        let mut projects: HashMap<usize, Vec<String>> = HashMap::new();
        for (r, id) in &f.records {
            projects.entry(*id).or_default().push(r.key.clone());
        }
        let truth = pairs(projects.values());
        let records: Vec<Candidate> = f.records.into_iter().map(|(r, _)| r).collect();
        let found = pairs(&same_projects(&records));
        let right = found.intersection(&truth).count();
        let near_misses_linked = f.near_misses.iter().filter(|p| found.contains(*p)).count();
        let precision = right as f64 / found.len() as f64;
        let recall = right as f64 / truth.len() as f64;
        println!(
            "{} records, {} true pairs, {} near misses; found {} pairs, {right} right, \
             {near_misses_linked} near misses linked; precision {precision}, recall {recall}",
            records.len(),
            truth.len(),
            f.near_misses.len(),
            found.len(),
        );
        assert!(records.len() >= 500 && truth.len() >= 80 && f.near_misses.len() >= 80);
        assert!(f.near_misses.iter().all(|p| !truth.contains(p)));
        assert_eq!(near_misses_linked, 0);
        assert_eq!((precision, recall), (1.0, 1.0));
    }

    #[test]
    fn links_100_000_records() {
        let records: Vec<Candidate> = (0..100_000)
            .map(|i| {
                let (key, source) = (format!("k{i:06}"), format!("https://x/{i}"));
                let mut c = candidate(&key, PARTNERS[i % 2], &source, Some(COMMUNES[i / 2 % 6]));
                c.name = format!("Projet {}", i / 2);
                c
            })
            .collect();
        let groups = same_projects(&records);
        assert_eq!(groups.len(), 50_000);
        assert_eq!(groups[0], ["k000000", "k000001"]);
    }
}
