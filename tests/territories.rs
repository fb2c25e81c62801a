//! The location test set (`tests/fixtures/locations.tsv`, see
//! `gazetteer/README.md`): every row through [`resolve`], with precision
//! and recall printed, and the families of tricky inputs one by one.
//!
//! `cargo test --test territories -- --nocapture` shows the figures.

use carrefour::territory::{Gazetteer, Hint, Precision, Resolution, resolve};

const LOCATIONS: &str = include_str!("fixtures/locations.tsv");

/// One row of the test set.
struct Row {
    text: &'static str,
    expected: Resolution,
}

fn rows() -> Vec<Row> {
    let mut lines = LOCATIONS.lines();
    assert_eq!(
        lines.next(),
        Some("text\tlevel\tcode"),
        "locations.tsv header"
    );
    lines
        .enumerate()
        .map(|(n, line)| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [text, level, code] = fields[..] else {
                panic!(
                    "locations.tsv line {}: expected 3 tab-separated columns: {line:?}",
                    n + 2
                )
            };
            let expected = match level {
                "commune" => Resolution::Commune(code),
                "departement" => Resolution::Departement(code),
                "region" => Resolution::Region(code),
                "none" => Resolution::Unresolved,
                other => panic!("locations.tsv line {}: unknown level {other:?}", n + 2),
            };
            Row { text, expected }
        })
        .collect()
}

#[test]
fn location_test_set_meets_its_thresholds() {
    let rows = rows();
    assert!(
        rows.len() >= 200,
        "the test set should hold at least 200 rows"
    );
    let (mut correct, mut resolved, mut should_resolve, mut wrong_commune) = (0, 0, 0, 0);
    let mut misses = Vec::new();
    for row in &rows {
        let got = resolve(row.text, Hint::default());
        resolved += usize::from(got != Resolution::Unresolved);
        should_resolve += usize::from(row.expected != Resolution::Unresolved);
        if got == row.expected {
            correct += usize::from(got != Resolution::Unresolved);
            continue;
        }
        // A commune other than the expected one: worse than no answer.
        let wrong = matches!(got, Resolution::Commune(_)) && row.expected != Resolution::Unresolved;
        wrong_commune += usize::from(
            wrong
                || (matches!(got, Resolution::Commune(_))
                    && row.expected == Resolution::Unresolved),
        );
        misses.push(format!(
            "{:?}: expected {:?}, got {:?}{}",
            row.text,
            row.expected,
            got,
            if wrong { "  WRONG COMMUNE" } else { "" }
        ));
    }
    let unresolved_right = rows
        .iter()
        .filter(|r| r.expected == Resolution::Unresolved)
        .count()
        - misses
            .iter()
            .filter(|m| m.contains("expected Unresolved"))
            .count();
    let all_correct = correct + unresolved_right;
    let precision = correct as f64 / resolved.max(1) as f64;
    let recall = correct as f64 / should_resolve.max(1) as f64;
    let accuracy = all_correct as f64 / rows.len() as f64;
    println!(
        "{} locations: {all_correct} correct ({:.1} %)",
        rows.len(),
        100.0 * accuracy
    );
    println!(
        "precision {:.1} % ({correct}/{resolved} resolved are right)",
        100.0 * precision
    );
    println!(
        "recall {:.1} % ({correct}/{should_resolve} resolvable are found)",
        100.0 * recall
    );
    println!("wrong communes: {wrong_commune}");
    for miss in &misses {
        println!("miss: {miss}");
    }
    assert_eq!(
        wrong_commune, 0,
        "a commune was returned where another place (or none) was expected"
    );
    assert!(
        accuracy >= 0.97,
        "{:.1} % correct, below 97 %",
        100.0 * accuracy
    );
}

fn check(cases: &[(&str, Resolution)]) {
    let failures: Vec<String> = cases
        .iter()
        .map(|(text, expected)| (text, expected, resolve(text, Hint::default())))
        .filter(|(_, expected, got)| expected != &got)
        .map(|(text, expected, got)| format!("{text:?}: expected {expected:?}, got {got:?}"))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

use Resolution::{Commune, Departement, Region, Unresolved};

#[test]
fn postcodes_give_the_commune_or_the_departement() {
    check(&[
        ("35000", Commune("35238")),
        ("69007", Commune("69387")),
        ("01400", Departement("01")),
        ("01400 Châtillon-sur-Chalaronne", Commune("01093")),
        ("13100 Aix en Provence", Commune("13001")),
        ("53100 Mayenne", Commune("53147")),
        ("31029 Toulouse Cedex 4", Commune("31555")),
        ("F-67000 Strasbourg", Commune("67482")),
        ("99999", Unresolved),
        // The postcode and the town disagree: only what both allow.
        ("69003 Villeurbanne", Departement("69")),
        ("75001 Lyon", Unresolved),
    ]);
}

#[test]
fn insee_codes_and_former_codes() {
    check(&[
        ("Code INSEE 69123", Commune("69123")),
        ("2A004", Commune("2A004")),
        ("INSEE 01003", Commune("01165")),
        // 69123 is no postcode: a bare INSEE code.
        ("69123", Commune("69123")),
    ]);
}

#[test]
fn names_whatever_their_spelling() {
    check(&[
        ("saint étienne", Commune("42218")),
        ("ST-ETIENNE", Commune("42218")),
        ("St Etienne du Rouvray", Commune("76575")),
        ("Ste Foy les Lyon", Commune("69202")),
        ("L’Isle-d’Abeau", Commune("38193")),
        ("Le Blanc Mesnil", Commune("93007")),
        ("Les Mureaux", Commune("78440")),
        ("Le Havre", Commune("76351")),
        ("CLERMONT-FERRAND", Commune("63113")),
    ]);
}

#[test]
fn arrondissements_of_paris_lyon_and_marseille() {
    check(&[
        ("Lyon 7e", Commune("69387")),
        ("Lyon 7ème", Commune("69387")),
        ("Lyon 7 ème arrondissement", Commune("69387")),
        ("Paris 15", Commune("75115")),
        ("Paris XVe", Commune("75115")),
        ("15e arrondissement de Paris", Commune("75115")),
        ("75015 Paris", Commune("75115")),
        ("Marseille 13e", Commune("13213")),
        // Arrondissement 13 or département 13: Marseille either way.
        ("Marseille 13", Commune("13055")),
        ("Lyon (69)", Commune("69123")),
        ("Paris 21e", Commune("75056")),
    ]);
}

#[test]
fn neighbourhoods_and_streets_before_the_commune() {
    check(&[
        ("Quartier des Minguettes, Vénissieux (69)", Commune("69259")),
        ("Le Val Fourré, Mantes-la-Jolie", Commune("78361")),
        ("Quartiers Nord de Marseille", Commune("13055")),
        ("Centre-ville de Roubaix", Commune("59512")),
        ("Centre ville de Roubaix", Commune("59512")),
        ("12 rue de la République, 13001 Marseille", Commune("13201")),
        ("5 rue de Paris, Lyon", Commune("69123")),
        ("29, rue des Lilas, Brest", Commune("29019")),
        ("Hôtel de ville de Lyon", Commune("69123")),
    ]);
}

#[test]
fn homonyms_need_a_hint() {
    check(&[
        ("Saint-Denis", Unresolved),
        ("Saint-Denis (93)", Commune("93066")),
        ("Saint-Denis, La Réunion", Commune("97411")),
        ("Saint-Denis de La Réunion", Commune("97411")),
        ("Valence, Drôme", Commune("26362")),
        ("Moulins, Auvergne", Commune("03190")),
        ("Le Port (974)", Commune("97407")),
        ("Lille (69)", Unresolved),
    ]);
    let hinted = |text, hint| resolve(text, hint);
    assert_eq!(hinted("Saint-Denis", Hint::region("11")), Commune("93066"));
    assert_eq!(hinted("Valence", Hint::departement("26")), Commune("26362"));
    // A hint never overrides the text.
    assert_eq!(hinted("Bretagne", Hint::region("27")), Region("53"));
    assert_eq!(
        hinted("Saint-Denis (93)", Hint::region("04")),
        Commune("93066")
    );
    assert_eq!(hinted("Lyon", Hint::region("11")), Commune("69123"));
}

#[test]
fn territory_names_and_their_homonymous_communes() {
    check(&[
        ("Mayenne", Departement("53")),
        ("Paris", Commune("75056")),
        ("Bretagne", Region("53")),
        ("Martinique", Departement("972")),
        ("Île de La Réunion", Departement("974")),
        // Vienne, Isère (30 000 inhabitants) or the département Vienne.
        ("Vienne", Unresolved),
        ("Vienne (38)", Commune("38544")),
        ("Vienne (86)", Departement("86")),
        ("Département du Nord", Departement("59")),
        ("Dept 29", Departement("29")),
        ("Rhône-Alpes", Region("84")),
        ("PACA", Region("93")),
        ("Nord, Bretagne", Unresolved),
        ("Marne la Vallée", Unresolved),
    ]);
    assert_eq!(resolve("Vienne", Hint::region("84")), Commune("38544"));
    assert_eq!(resolve("Vienne", Hint::region("75")), Departement("86"));
}

#[test]
fn several_places_give_the_smallest_territory_holding_them() {
    check(&[
        ("Lille, Roubaix et Tourcoing", Departement("59")),
        ("Rennes et Brest", Region("53")),
        ("Paris et Marseille", Unresolved),
        ("Métropole de Lyon", Departement("69")),
        ("Grand Lyon", Departement("69")),
        ("Bordeaux Métropole", Departement("33")),
        ("Métropole du Grand Paris", Region("11")),
        ("Communauté de communes du Pays de Lunel", Departement("34")),
        ("Saint-Denis-de-la-Réunion", Commune("97411")),
        ("Lille-Roubaix-Tourcoing", Departement("59")),
        ("Paris-Saclay", Region("11")),
        ("Aix-les-Milles", Unresolved),
        ("Cherbourg-Octeville", Commune("50129")),
    ]);
}

#[test]
fn resolutions_carry_points_and_parents() {
    let place = resolve("Lyon 7e", Hint::default());
    assert_eq!(place.precision(), Some(Precision::Commune));
    assert_eq!(place.commune().and_then(|c| c.parent), Some("69123"));
    assert_eq!(place.region().map(|r| r.code), Some("84"));
    let point = place.point().expect("a point");
    assert!((point.latitude - 45.7452).abs() < 1e-9 && point.precision == Precision::Commune);
    let paris_15 = resolve("Paris 15", Hint::default())
        .point()
        .expect("a point");
    assert_eq!(
        paris_15.precision,
        Precision::Departement,
        "Paris' arrondissements have no point of their own"
    );
    let region = resolve("Bretagne", Hint::default());
    assert_eq!(region.point().map(|p| p.precision), Some(Precision::Region));
    assert_eq!(region.departement(), None);
    assert_eq!(Resolution::Unresolved.point(), None);
    assert!(Gazetteer::get().commune("75115").is_some());
}

#[test]
fn sweep_every_commune_name() {
    use std::collections::HashMap;
    let g = Gazetteer::get();
    let norm = carrefour::territory::normalize;
    let mut by_name: HashMap<String, Vec<&carrefour::territory::Commune>> = HashMap::new();
    for c in g.communes().filter(|c| c.parent.is_none()) {
        by_name.entry(norm(c.name)).or_default().push(c);
    }
    for f in g.former_communes() {
        if let (Some(n), Some(c)) = (f.name, g.commune(f.current)) {
            let e = by_name.entry(norm(n)).or_default();
            if !e.iter().any(|x| x.insee == c.insee) {
                e.push(c);
            }
        }
    }
    let mut bad = Vec::new();
    let mut misses = Vec::new();
    let mut stats = [0usize; 9];
    for c in g.communes().filter(|c| c.parent.is_none()) {
        let homonyms = &by_name[&norm(c.name)];
        let dep = g.departement(c.departement).unwrap();
        let variants = [
            c.name.to_string(),
            format!("{} ({})", c.name, c.departement),
            format!("{}, {}", c.name, dep.name),
            format!(
                "{} {}",
                c.postcodes.first().copied().unwrap_or(""),
                c.name.to_uppercase()
            ),
            format!("Quartier du Centre, {}", c.name),
            format!("{} {}", c.name, c.departement),
            format!("{}, {}", c.name, g.region(c.region).unwrap().name),
            format!(
                "12 rue de la Gare, {} {}",
                c.postcodes.first().copied().unwrap_or(""),
                c.name
            ),
            format!(
                "{} {}",
                c.name
                    .to_lowercase()
                    .replace(['é', 'è', 'ê'], "e")
                    .replace('-', " "),
                c.departement
            ),
        ];
        for (k, v) in variants.iter().enumerate() {
            let got = resolve(v, Hint::default());
            let ok = ["75056", "69123", "13055"].contains(&c.insee)
                || match got {
                    Commune(code) => code == c.insee || homonyms.len() == 1 && false,
                    _ => true,
                };
            if got == Commune(c.insee) {
                stats[k] += 1;
            } else if k != 0 && k != 4 && !["75056", "69123", "13055"].contains(&c.insee) {
                misses.push(format!("{k} {v:?} -> {got:?} (expected {})", c.insee));
            }
            if !ok {
                bad.push(format!("{v:?} -> {got:?} (expected {})", c.insee));
            }
        }
    }
    println!("sweep: {:?}; {} wrong", stats, bad.len());
    for b in bad.iter().take(80) {
        println!("wrong: {b}");
    }
    for k in 1..9 {
        for m in misses
            .iter()
            .filter(|m| m.starts_with(&format!("{k} ")))
            .take(12)
        {
            println!("miss: {m}");
        }
    }
}
