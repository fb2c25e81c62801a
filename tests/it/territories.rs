//! The location test set (`tests/fixtures/locations.tsv`, see
//! `gazetteer/README.md`): every row through [`resolve`], with precision
//! and recall printed, and the families of tricky inputs one by one.
//!
//! `cargo test --test territories -- --nocapture` shows the figures.

use std::collections::HashMap;

use carrefour::territory::Resolution::{Commune, Departement, Region, Unresolved};
use carrefour::territory::{Gazetteer, Hint, Precision, Resolution, normalize, resolve};

const LOCATIONS: &str = include_str!("../fixtures/locations.tsv");

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

/// Precision = right answers / answers given; recall = right answers /
/// rows that should resolve; correct = rows answered as expected, the
/// `none` rows (left unresolved) included.
#[test]
fn location_test_set_meets_its_thresholds() {
    let rows = rows();
    assert!(
        rows.len() >= 200,
        "the test set should hold at least 200 rows"
    );
    let (mut correct, mut right_answers, mut answers, mut should_resolve) = (0, 0, 0, 0);
    let (mut misses, mut wrong_communes) = (Vec::new(), Vec::new());
    for row in &rows {
        let got = resolve(row.text, Hint::default());
        answers += usize::from(got != Unresolved);
        should_resolve += usize::from(row.expected != Unresolved);
        if got == row.expected {
            correct += 1;
            right_answers += usize::from(got != Unresolved);
            continue;
        }
        let miss = format!("{:?}: expected {:?}, got {got:?}", row.text, row.expected);
        // A commune other than the expected place: worse than no answer.
        if matches!(got, Commune(_)) {
            wrong_communes.push(miss.clone());
        }
        misses.push(miss);
    }
    let percent = |n: usize, of: usize| 100.0 * n as f64 / of.max(1) as f64;
    println!(
        "{} location strings: {correct} correct ({:.1} %)",
        rows.len(),
        percent(correct, rows.len())
    );
    println!(
        "precision {:.1} % ({right_answers} of {answers} answers are right)",
        percent(right_answers, answers)
    );
    println!(
        "recall {:.1} % ({right_answers} of {should_resolve} resolvable strings found)",
        percent(right_answers, should_resolve)
    );
    println!("wrong communes: {}", wrong_communes.len());
    for miss in &misses {
        println!("miss: {miss}");
    }
    assert!(
        wrong_communes.is_empty(),
        "wrong communes:\n{}",
        wrong_communes.join("\n")
    );
    assert!(
        percent(correct, rows.len()) >= 97.0,
        "{:.1} % correct, below 97 %",
        percent(correct, rows.len())
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
        // A former INSEE code alone is more likely a mistyped postcode.
        ("75021", Unresolved),
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
        ("Lyon-7e", Commune("69387")),
        ("Lyon 3e et 7e", Commune("69123")),
        ("Marseille 13e/14e/15e", Commune("13055")),
        ("Paris 8e, Lyon 2e", Unresolved),
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
        ("Belleville, Paris 20e", Commune("75120")),
        ("Paris 20e (Belleville)", Commune("75120")),
        // Commune names inside a phrase that is no commune.
        ("Côte d'Azur", Unresolved),
        ("Nice Côte d'Azur", Commune("06088")),
        ("Isle d'Abeau", Unresolved),
        ("Aix-les-Milles", Unresolved),
        ("Saint Bonnet-Laval-Tessel", Unresolved),
        ("Dompierre-Le Pin", Unresolved),
        // Mérignac is in Charente, Charente-Maritime and Gironde: no neighbourhood.
        ("Chesny, Mérignac", Unresolved),
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
        // Évry (Yonne, 500 inhabitants), or Évry-Courcouronnes (67 000)?
        ("Évry", Unresolved),
        ("Évry (91)", Commune("91228")),
        ("Évry (89)", Commune("89162")),
        ("Chalon (71)", Commune("71076")),
        ("Aix", Unresolved),
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
        ("Sud Isère", Departement("38")),
        ("Bretagne Sud", Region("53")),
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

/// Every commune of the gazetteer, written four ways: no answer may be
/// another commune, and with a département number or a postcode nearly
/// all must resolve.
#[test]
fn every_commune_by_name_number_and_postcode() {
    let g = Gazetteer::get();
    let mut homonyms: HashMap<String, usize> = HashMap::new();
    for commune in g.communes().filter(|c| c.parent.is_none()) {
        *homonyms.entry(normalize(commune.name)).or_default() += 1;
    }
    for former in g.former_communes() {
        let current = g.commune(former.current).map(|c| normalize(c.name));
        if let Some(name) = former
            .name
            .map(normalize)
            .filter(|n| Some(n) != current.as_ref())
        {
            *homonyms.entry(name).or_default() += 1;
        }
    }
    let (mut wrong, mut misses, mut bare_misses) = (Vec::new(), Vec::new(), 0);
    // Paris, Lyon, Marseille: a postcode gives an arrondissement.
    let cities = ["75056", "69123", "13055"];
    for commune in g
        .communes()
        .filter(|c| c.parent.is_none() && !cities.contains(&c.insee))
    {
        let postcode = commune.postcodes.first().copied().unwrap_or_default();
        let variants = [
            (
                commune.name.to_owned(),
                homonyms[&normalize(commune.name)] == 1,
            ),
            (format!("{} ({})", commune.name, commune.departement), true),
            (format!("{postcode} {}", commune.name.to_uppercase()), true),
            (
                format!("12 rue de la Gare, {postcode} {}", commune.name),
                true,
            ),
        ];
        for (n, (text, should_resolve)) in variants.into_iter().enumerate() {
            match resolve(&text, Hint::default()) {
                Commune(code) if code == commune.insee => {}
                Commune(code) => wrong.push(format!("{text:?}: {code}, not {}", commune.insee)),
                _ if !should_resolve => {}
                _ if n == 0 => bare_misses += 1,
                other => misses.push(format!("{text:?}: {other:?}")),
            }
        }
    }
    println!(
        "{} communes, 4 spellings each: {} wrong communes; {} unique names unresolved alone; \
         {} misses with a département number or a postcode",
        g.communes().filter(|c| c.parent.is_none()).count() - cities.len(),
        wrong.len(),
        bare_misses,
        misses.len()
    );
    for miss in &misses {
        println!("miss: {miss}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Alone, a unique name may still be a département's ("Mayenne"), an
    // everyday word ("Port") or the start of a bigger town's ("Évry").
    assert!(bare_misses < 60, "{bare_misses} unique names unresolved");
    // With a number: only communes named like their département ("Mayenne
    // (53)" is the département) or like a country ("Suisse (57)").
    assert!(misses.len() < 12, "{} misses", misses.len());
}
